/*
 * batch.h - records judged on several threads, handed back in input order.
 *
 * The screening job reads rows on one thread and must put them in the report in input
 * order, but normalising and judging a record (record.h, verdict.h) depends on nothing but
 * the record and the reference data. So rows are copied into a batch; a full batch is
 * judged by the pool's threads, each with its own normaliser and matcher (their caches shared),
 * while the caller fills the next batch; the caller then takes the judged records in order
 * and does what must be done in order (the report, the roll-ups, the supplier graph, whose
 * name cache is not shared). Results are the same whatever the number of threads: only pure
 * functions run on the pool.
 *
 * Two batches are in use at most: one filled by the caller, one judged. With threads 0 the
 * caller judges each batch itself when it submits it (no thread is started).
 */
#ifndef FL_BATCH_H
#define FL_BATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "csvread.h"
#include "fieldmap.h"
#include "match.h"
#include "record.h"
#include "verdict.h"

#define FL_BATCH_ROWS 512 /* rows a batch */

/* What the pool needs to judge: all borrowed, must outlive the pool. */
typedef struct fl_batch_refs {
    const fl_countries *countries;
    const fl_gazetteer *gazetteer; /* NULL: no region detection */
    const fl_ports *ports;         /* NULL: no port inference */
    fl_date as_of;
    const fl_ruleset *rules;
    const fl_entity_index *entities; /* NULL: no entity screening */
    const fl_name_tables *names;     /* legal forms for party cells (partycell.h); NULL: none */
} fl_batch_refs;

/* One record as judged: the row it came from, the normalised record and its direct hits
   (no supplier graph: the caller adds that, fl_verdict_supply). */
typedef struct fl_judged {
    fl_csv_row row;  /* its fields borrow from the batch */
    fl_record rec;   /* valid while the batch is held */
    bool accepted;   /* fl_record_read accepted it: rec was placed and judged */
    fl_verdict v;    /* accepted: the verdict without the supplier graph */
    const fl_hit *hits; /* v.n_hits of them */
} fl_judged;

typedef struct fl_batch_pool fl_batch_pool;

/* A pool of `threads` judging threads (0: the caller judges). NULL when out of memory or
   when a thread cannot start. */
fl_batch_pool *fl_batch_pool_new(const fl_batch_refs *refs, unsigned threads);

/* Wait for the threads to finish and release everything. NULL-safe. */
void fl_batch_pool_free(fl_batch_pool *p);

/* Copy row into the batch being filled. Returns true when that batch is now full. FL_ERR_NOMEM
   (out of memory) is kept and returned by fl_batch_submit. */
bool fl_batch_add(fl_batch_pool *p, const fl_csv_row *row);

/* Rows in the batch being filled. */
size_t fl_batch_filling(const fl_batch_pool *p);

/*
 * Hand the batch being filled to the pool, to be judged with map (borrowed: must stay
 * unchanged until the batch is taken), and start filling the other one; the batch judged
 * before must have been taken (fl_batch_take) and released. FL_OK or FL_ERR_NOMEM.
 */
fl_status fl_batch_submit(fl_batch_pool *p, const fl_fieldmap *map);

/*
 * Wait until the batch submitted first and not yet taken is judged; *out receives its
 * records in input order. Returns their number (0 when no batch is in the pool). The
 * records stay valid until fl_batch_release.
 */
size_t fl_batch_take(fl_batch_pool *p, const fl_judged **out);

/* Done with the batch taken: it becomes the next to fill. */
void fl_batch_release(fl_batch_pool *p);

/* Batches submitted and not yet taken (0, 1 or 2). */
size_t fl_batch_pending(const fl_batch_pool *p);

/* FL_ERR_NOMEM once memory ran out adding, or judging a batch taken since; else FL_OK. */
fl_status fl_batch_status(const fl_batch_pool *p);

#endif
