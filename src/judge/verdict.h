/*
 * verdict.h - every rule that fires for one normalised record (record.h).
 *
 * Three sources, merged in this order, each rule at most once (the first hit of a rule is
 * kept):
 *   1. the record as it stands: origin, regions, commodity, shipper and importer names
 *      (match.h); with several HS codes in its cell (hs.h), each code in turn, a rule hit by
 *      two codes keeping the stronger hit;
 *   2. when the shipper's address contradicts the stated origin, the address's country as
 *      the origin too ("judged as both"), with the regions and names left out (already
 *      judged in 1);
 *   3. the exposure the shipper inherits through the supplier graph (supply.h), when a
 *      supplier list is given and the shipper is on it.
 */
#ifndef FL_VERDICT_H
#define FL_VERDICT_H

#include <stddef.h>
#include <stdint.h>
#include "match.h"
#include "record.h"
#include "supply.h"

#define FL_VERDICT_MAX_HITS 64 /* hits kept per record */

typedef struct fl_verdict {
    size_t n_hits;     /* hits written, at most FL_VERDICT_MAX_HITS */
    size_t fired;      /* rules step 1 fired; above FL_VERDICT_MAX_HITS only that many were kept */
    uint32_t supplier; /* the shipper's index in the supplier list, FL_SUPPLY_NONE when none */
} fl_verdict;

/*
 * Judge rec, accepted by fl_record_read, after fl_record_place. m and g (NULL: no supplier
 * graph; not const: shipper names are looked up through its cache) are the caller's;
 * hits[FL_VERDICT_MAX_HITS] receives the hits.
 */
fl_verdict fl_verdict_judge(fl_matcher *m, fl_supply *g, const fl_record *rec,
                            fl_hit hits[FL_VERDICT_MAX_HITS]);

/* The same in two steps: sources 1 and 2 (the matcher's only: one matcher a thread), then 3
   (the supplier graph, whose name cache serves one thread) added to v and hits. */
fl_verdict fl_verdict_direct(fl_matcher *m, const fl_record *rec, fl_hit hits[FL_VERDICT_MAX_HITS]);
void fl_verdict_supply(fl_supply *g, const fl_record *rec, fl_hit hits[FL_VERDICT_MAX_HITS],
                       fl_verdict *v);

#endif
