/*
 * memo.h - a bounded cache of results keyed by bytes, for pure per-record work that trade
 * data repeats (the same shipper name and address on thousands of bills of lading).
 *
 * Keys and values are copied in. The cache keeps two generations, each with half the bounds:
 * new entries go to the young one; when it is full it becomes the old one and the old one
 * is forgotten. A key found in the old generation is copied into the young one, so what is
 * in use survives a turn and what is not is dropped: the names and addresses that repeat
 * stay cached however many distinct ones pass once. Memory stays bounded and the results
 * never change, since only pure functions are memoised. Not thread-safe: one cache per
 * thread.
 */
#ifndef FL_MEMO_H
#define FL_MEMO_H

#include <stdbool.h>
#include <stddef.h>

typedef struct fl_memo fl_memo;

/* max_entries keys, max_bytes of keys and values together (both generations; an entry
   bigger than half of max_bytes is not kept). NULL when out of memory. */
fl_memo *fl_memo_new(size_t max_entries, size_t max_bytes);
void fl_memo_free(fl_memo *m);

/*
 * The value stored under key[0..klen), or NULL. *vlen receives its length. The pointer is
 * valid until the next fl_memo_get() or fl_memo_put() on this cache.
 */
const void *fl_memo_get(fl_memo *m, const void *key, size_t klen, size_t *vlen);

/* Store a copy of val under a copy of key (replacing nothing: call after a miss). False when
   out of memory (the young generation is then empty; the cache stays usable). */
bool fl_memo_put(fl_memo *m, const void *key, size_t klen, const void *val, size_t vlen);

#endif
