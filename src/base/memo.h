/*
 * memo.h - a bounded cache of results keyed by bytes, for pure per-record work that trade
 * data repeats (the same shipper name and address on thousands of bills of lading).
 *
 * Keys and values are copied in, one record after another in a ring, oldest first. To make
 * room the oldest record goes, unless it was looked up since it went in: then it moves to
 * the newest end, unmarked, and the next oldest is tried (a second chance, the CLOCK
 * policy). So what is in use stays and what is not is dropped: the names and addresses that
 * repeat stay cached however many distinct ones pass once, and the memory holds each key
 * once. Memory stays bounded and the results never change, since only pure functions are
 * memoised. Not thread-safe (a look-up marks its record): one cache per thread, or the
 * shared kind below.
 */
#ifndef FL_MEMO_H
#define FL_MEMO_H

#include <stdbool.h>
#include <stddef.h>

typedef struct fl_memo fl_memo;

/*
 * An empty cache of at most max_entries keys and max_bytes of memory: all of its blocks as
 * the allocator gives them, headers and page rounding included (fl_memo_bytes()). They are
 * the ring, where a record takes its key, its value and 8 bytes of lengths, padded to 8
 * bytes, and the index, 4 bytes a slot and 3/4 full at most, so 5-11 bytes a key. Both
 * grow as keys come, up to what the bound leaves them; nothing is freed before
 * fl_memo_free(). 60 bytes of key and value take about 80: set max_bytes from measured hit
 * rates. max_bytes below a few hundred may be exceeded by the smallest index. NULL when
 * out of memory.
 */
fl_memo *fl_memo_new(size_t max_entries, size_t max_bytes);

/* Release the cache and its copies. NULL-safe. */
void fl_memo_free(fl_memo *m);

/*
 * The bytes m holds from the allocator now, as the bound counts them: its blocks' sizes
 * with a 16-byte header each, rounded to 16 bytes, or to 4 KiB pages from 64 KiB (what
 * glibc's allocator takes, or a little more). At most the max_bytes it was made with.
 * 0 for NULL.
 */
size_t fl_memo_bytes(const fl_memo *m);

/*
 * The value stored under key[0..klen), or NULL. *vlen receives its length. The pointer is
 * aligned to 8 bytes and valid until the next fl_memo_get() or fl_memo_put() on this cache.
 */
const void *fl_memo_get(fl_memo *m, const void *key, size_t klen, size_t *vlen);

/*
 * Store a copy of val under a copy of key (replacing nothing: call after a miss). An entry
 * the cache cannot hold (a key over 32767 bytes, a value over 65535, or more than the ring
 * can be) is not kept: the next look-up computes it again. False when out of memory (the
 * entry is not kept; the cache stays usable).
 */
bool fl_memo_put(fl_memo *m, const void *key, size_t klen, const void *val, size_t vlen);

/*
 * A cache several threads share: the same, cut in stripes (stripes rounded up to a power of
 * two, at most 256), each with its share of the bounds and a lock of its own. Sharing one
 * cache keeps each key once however many threads look it up; a look-up copies the value out.
 */
typedef struct fl_memo_shared fl_memo_shared;

fl_memo_shared *fl_memo_shared_new(size_t max_entries, size_t max_bytes, unsigned stripes);
void fl_memo_shared_free(fl_memo_shared *m);

/* Whether key is there with a value of at most cap bytes: then it is copied to dst and *vlen
   receives its length. */
bool fl_memo_shared_get(fl_memo_shared *m, const void *key, size_t klen, void *dst, size_t cap,
                        size_t *vlen);

/* As fl_memo_put. */
bool fl_memo_shared_put(fl_memo_shared *m, const void *key, size_t klen, const void *val,
                        size_t vlen);

/* The bytes the stripes hold (fl_memo_bytes), the lot. */
size_t fl_memo_shared_bytes(fl_memo_shared *m);

#endif
