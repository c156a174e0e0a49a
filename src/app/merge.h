/*
 * merge.h - the partials of a sharded scan (partial.h), opened and checked to belong
 * together before flscan merge commits their records (scan.h).
 *
 * Refused, with a message that names the files and says what to do, and FL_ERR_INPUT (exit
 * 3): a partial that cannot be read, is no partial or is corrupt; partials written by
 * another flscan version, of another scan (other options or inputs, another number of
 * shards, other settings: rule set, supplier list, holdings, config) - "foreign"; a shard
 * given twice; a shard missing; an input whole that its shard did not read; an input cut in
 * parts whose parts do not follow each other (one part's next record is not the next
 * part's first), or whose first bytes a shard saw otherwise than the last shard, which
 * read it all (their SHA-256 at the cut between the parts differ).
 */
#ifndef FL_MERGE_H
#define FL_MERGE_H

#include <stddef.h>
#include "common.h"
#include "partial.h"

typedef struct fl_merge_set {
    fl_partial_reader **parts; /* one a shard, shard 1 first */
    size_t n;
} fl_merge_set;

/* Open paths[0..n) and check them; FL_OK, FL_ERR_INPUT or FL_ERR_NOMEM (message printed). */
fl_status fl_merge_open(const char *const *paths, size_t n, fl_merge_set *set);

/* Close every partial. NULL-safe. */
void fl_merge_close(fl_merge_set *set);

#endif
