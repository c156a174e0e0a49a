/*
 * split.h - how a sharded scan's inputs are split in parts, and put together again
 * (flscan scan --shard K/N, flscan merge; scan.h has the options, partial.h the file).
 *
 * With at least N inputs each shard takes whole files (input i goes to shard i mod N + 1);
 * with fewer, each file is cut in N byte ranges of equal size and shard K takes the records
 * that start in range K (csvread.h's fl_csv_range). A shard takes the SHA-256 of the file's
 * first bytes at the cuts it passes: the next range's start, and the last shard every cut,
 * so that the merge can prove that each shard saw the bytes the last one did.
 *
 * The merge hands the shards' records back in the order one process would have read them:
 * input by input, a whole file from its shard, a cut file part by part.
 */
#ifndef FL_SPLIT_H
#define FL_SPLIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "arena.h"
#include "batch.h"
#include "common.h"
#include "csvread.h"
#include "digest.h"
#include "partial.h"
#include "rules.h"
#include "scan.h"

/* Whether the inputs go whole to the shards (at least as many inputs as shards); for a
   merge, whether they went whole to its shards. */
bool fl_split_whole(const fl_scan_opts *o);

/*
 * Shard o->shard's part of the current input of size bytes: its byte range into range (all
 * of it for a whole file), the cuts it takes the digest at into f (allocated; the caller
 * frees f->cuts), and the part number of its unit in the partial into *part
 * (FL_PARTIAL_WHOLE, or K - 1). FL_OK or FL_ERR_NOMEM.
 */
fl_status fl_split_part(const fl_scan_opts *o, uint64_t size, fl_csv_range *range,
                        fl_partial_file *f, uint64_t *part);

/*
 * Hash len bytes at offset at of the input into h, taking the digest at each of f's cuts
 * from f->cuts[*next] on that they reach (*next advances).
 */
void fl_split_hash(fl_sha256 *h, fl_partial_file *f, size_t *next, uint64_t at, const void *p,
                   size_t len);

/* What the shards and the merge must share besides the arguments: the digests of the rule
   set, of the reference data (the data folder's tables, names/ and vendors/) and of the side
   files, as text in a; NULL when out of memory. */
const char *fl_split_settings(fl_arena *a, const fl_scan_opts *o, const fl_ruleset *rules);

/* The merge's settings against the shards' (message printed): FL_OK, FL_ERR_INPUT or
   FL_ERR_NOMEM. */
fl_status fl_split_check_settings(fl_arena *a, const fl_scan_opts *o, const fl_ruleset *rules);

/* ---- the merge ---- */

/* A judged record handed back; returns FL_OK to go on. */
typedef fl_status (*fl_split_commit_fn)(void *ctx, const fl_judged *d);

/* How the shard that read input i whole saw it (size, SHA-256, records, vendor); NULL when
   none did (merge.h refuses such partials). */
const fl_partial_file *fl_split_read_by(const fl_scan_opts *o, size_t i);

/*
 * Input i's records (path names it in messages), from its shard or part by part, each
 * handed to commit in input order; then, after the last input (i == n_shipments - 1),
 * every partial must be at its end. FL_OK, FL_ERR_INPUT (a corrupt partial: message
 * printed), or commit's failure.
 */
fl_status fl_split_replay(const fl_scan_opts *o, size_t i, const char *path,
                          fl_split_commit_fn commit, void *ctx);

#endif
