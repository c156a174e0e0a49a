/* verdict.c - every rule that fires for one record; see verdict.h. */
#include "verdict.h"

#include <stdio.h>
#include <string.h>

/* Append hits of rules not already in hits[0..n). Returns the new count. */
static size_t merge_hits(fl_hit *hits, size_t n, const fl_hit *more, size_t k)
{
    for (size_t i = 0; i < k && n < FL_VERDICT_MAX_HITS; i++) {
        bool dup = false;
        for (size_t q = 0; q < n && !dup; q++)
            dup = hits[q].rule == more[i].rule;
        if (!dup)
            hits[n++] = more[i];
    }
    return n;
}

/* Hits of more codes of one record: a rule already hit keeps the stronger of the two. */
static size_t merge_stronger(fl_hit *hits, size_t n, const fl_hit *more, size_t k)
{
    for (size_t i = 0; i < k; i++) {
        size_t q = 0;
        while (q < n && hits[q].rule != more[i].rule)
            q++;
        if (q < n) {
            if (more[i].severity > hits[q].severity)
                hits[q] = more[i];
        } else if (n < FL_VERDICT_MAX_HITS) {
            hits[n++] = more[i];
        }
    }
    return n;
}

static size_t at_most(size_t k)
{
    return k < FL_VERDICT_MAX_HITS ? k : FL_VERDICT_MAX_HITS;
}

/*
 * The record's other HS codes (the first is the subject's own), each judged like the first
 * against base (the names left out: they do not depend on the code).
 */
static size_t judge_more_codes(fl_matcher *m, const fl_record *rec, const fl_subject *base,
                               fl_hit *hits, size_t n)
{
    for (size_t c = 1; c < rec->hs_cell.n; c++) {
        fl_subject alt = *base;
        fl_hit more[FL_VERDICT_MAX_HITS];
        alt.hs = rec->hs_cell.code[c].digits;
        alt.hs_inferred = rec->hs_cell.code[c].inferred;
        alt.shipper = alt.importer = (fl_slice){"", 0};
        alt.shipper_screened = false; /* its hits were the name's too */
        size_t k = fl_match_subject(m, &alt, more, FL_VERDICT_MAX_HITS);
        n = merge_stronger(hits, n, more, at_most(k));
    }
    return n;
}

/* Step 2: the address's country as the origin, with every code. */
static size_t judge_address_country(fl_matcher *m, const fl_record *rec, fl_hit *hits, size_t n)
{
    const fl_subject *s = &rec->subject;
    fl_subject alt = *s;
    fl_hit more[FL_VERDICT_MAX_HITS];
    char note[128];
    memcpy(alt.origin, rec->addr_cc, 3);
    snprintf(note, sizeof note, "origin judged as %s from the shipper address (stated '%.*s')",
             rec->addr_cc, (int)(s->origin_raw.len > 60 ? 60 : s->origin_raw.len),
             s->origin_raw.ptr);
    alt.origin_note = note;
    alt.n_regions = 0;
    alt.shipper = alt.importer = alt.shipper_address = (fl_slice){"", 0};
    alt.shipper_screened = false;
    size_t k = fl_match_subject(m, &alt, more, FL_VERDICT_MAX_HITS);
    k = judge_more_codes(m, rec, &alt, more, at_most(k));
    return merge_hits(hits, n, more, k);
}

fl_verdict fl_verdict_direct(fl_matcher *m, const fl_record *rec, fl_hit hits[FL_VERDICT_MAX_HITS])
{
    fl_verdict v = {0, 0, FL_SUPPLY_NONE};
    v.fired = fl_match_subject(m, &rec->subject, hits, FL_VERDICT_MAX_HITS);
    v.n_hits = at_most(v.fired);
    if (rec->hs_cell.n > 1)
        v.n_hits = judge_more_codes(m, rec, &rec->subject, hits, v.n_hits);
    if (rec->addr_cc[0])
        v.n_hits = judge_address_country(m, rec, hits, v.n_hits);
    return v;
}

void fl_verdict_supply(fl_supply *g, const fl_record *rec, fl_hit hits[FL_VERDICT_MAX_HITS],
                       fl_verdict *v)
{
    if (!g)
        return;
    const fl_subject *s = &rec->subject;
    v->supplier = fl_supply_find(g, rec->f[FL_F_SUPPLIER_ID], rec->f[FL_F_SHIPPER]);
    if (v->supplier != FL_SUPPLY_NONE) {
        fl_hit more[FL_VERDICT_MAX_HITS];
        size_t k = fl_supply_hits(g, v->supplier, s->date, s->date_is_as_of, more,
                                  FL_VERDICT_MAX_HITS);
        v->n_hits = merge_hits(hits, v->n_hits, more, at_most(k));
    }
}

fl_verdict fl_verdict_judge(fl_matcher *m, fl_supply *g, const fl_record *rec,
                            fl_hit hits[FL_VERDICT_MAX_HITS])
{
    fl_verdict v = fl_verdict_direct(m, rec, hits);
    fl_verdict_supply(g, rec, hits, &v);
    return v;
}
