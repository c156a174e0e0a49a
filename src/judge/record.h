/*
 * record.h - one shipment record made ready to judge: its fields cleaned, and its date,
 * country of origin, HS code and the place of its shipper each decided once.
 *
 * This is where per-record normalisation lives, apart from the orchestration (app/scan.c)
 * and the rules (match.h). A record is normalised in two steps, so that the caller can
 * start other work (a memory prefetch) between them:
 *
 *   fl_record_read()   fields by the field map; NUL bytes and invalid UTF-8 replaced by
 *                      U+FFFD; the shipper's address joined from its parts (vendor.h); a
 *                      shipper or importer cell that holds name and address split into the
 *                      two (partycell.h); the date (the record's in the map's day/month
 *                      order, or --as-of); the origin (the column, else inferred from the
 *                      shipper's address, port and name); the HS codes of the cell, each
 *                      declared or inferred (hs.h)
 *   fl_record_place()  where the shipper is: whether the address contradicts the stated
 *                      origin, and the listed regions named in the address and name
 *
 * Problems found on the way are not reported here: they are listed in the record
 * (fl_record.issues, in the order found) for the caller to put in its report. A record
 * that cannot be judged at all is marked rejected, with the reason among its issues.
 *
 * A normaliser serves one thread. It keeps a bounded cache of shipper places (the same
 * shipper name and address recur on thousands of bills of lading) and a scratch arena that
 * holds the record's repaired texts until the next fl_record_read().
 */
#ifndef FL_RECORD_H
#define FL_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include "arena.h"
#include "common.h"
#include "country.h"
#include "csvread.h"
#include "fieldmap.h"
#include "hs.h"
#include "match.h"
#include "origin.h"
#include "nametab.h"
#include "region.h"

#define FL_RECORD_MAX_ISSUES 24 /* one per field, and one per later step, fit */
#define FL_RECORD_MAX_REGIONS 8 /* listed regions kept per shipper */

/* A problem with the record, for the Data quality sheet. */
typedef struct fl_record_issue {
    const char *field;  /* canonical field name, "" for the whole record; static */
    fl_slice value;     /* the offending value (the repaired text for a UTF-8 problem) */
    const char *reason; /* static or in the normaliser's scratch arena */
    bool rejected;      /* the record is not judged at all */
    bool judged;        /* judged in full: a note on how a value was read (an ambiguous
                           day/month date), not a part left out */
} fl_record_issue;

/*
 * A record as normalised. Its pointers borrow from the row read, from the normaliser's
 * texts arena (fl_normaliser_texts) and from the record itself (subject.hs is hs,
 * subject.regions is regions): valid until the next fl_record_read() with the same
 * normaliser (with the normaliser's own arena) or until the caller resets its arena, and
 * the record must not be copied.
 */
typedef struct fl_record {
    fl_slice f[FL_F_COUNT]; /* the fields, valid UTF-8 without NUL; "" without a column */
    fl_subject subject;     /* what the matcher judges (match.h) */
    char hs[FL_HS_MAX + 1]; /* the first HS code's digits, "" when none or unparseable */
    fl_hs_result hs_result; /* FL_HS_OK when the cell gave at least one code */
    fl_hs_cell hs_cell;     /* every code of the cell (subject.hs is the first) */
    /* the shipper's and importer's cells as read, when they held name and address and were
       split (f[] then holds the name, and the address when the record had none); else empty */
    fl_slice shipper_cell, importer_cell;
    fl_date_reading date_reading; /* whether the date read either way day/month (dates.h) */
    fl_date record_date;    /* the record's own date (0: none or unreadable); with --as-of
                               read for the reports only, the as-of date is judged */
    bool origin_known;      /* the origin column named a known country */
    bool rejected;          /* not judged: the reason is the last issue */
    char addr_cc[3];        /* the address's country when it contradicts the origin, else "" */
    fl_record_issue issues[FL_RECORD_MAX_ISSUES];
    size_t n_issues;
    fl_region_ref regions[FL_RECORD_MAX_REGIONS]; /* subject.regions points here */
} fl_record;

typedef struct fl_normaliser fl_normaliser;

/*
 * A normaliser over the reference data (all borrowed, must outlive it; gazetteer and ports
 * may be NULL: no region detection / no port inference). as_of (0 = none) is the date every
 * record is judged by instead of its own. NULL when out of memory.
 */
fl_normaliser *fl_normaliser_new(const fl_countries *countries, const fl_gazetteer *gazetteer,
                                 const fl_ports *ports, fl_date as_of);

/*
 * The cache of places (origin, shipper name and address -> the place judged; memo.h), made
 * for the normalisers of several threads to share (stripes: 1 for one thread), and the
 * normaliser's use of it instead of its own (borrowed: it must outlive n). NULL when out of
 * memory.
 */
fl_memo_shared *fl_place_cache_new(unsigned stripes);
void fl_normaliser_share_places(fl_normaliser *n, fl_memo_shared *places);

/* The company-name tables whose legal forms tell where a name ends in a party cell that
   holds name and address (partycell.h); borrowed. Without them (NULL, the default) a name
   never takes a second line or part. */
void fl_normaliser_names(fl_normaliser *n, const fl_name_tables *names);

/*
 * Where the records' repaired texts and sentences go: texts (the caller's, which the caller
 * resets; the records then stay valid until it does, see batch.h), or NULL for the
 * normaliser's own arena, reset by every fl_record_read (the default).
 */
void fl_normaliser_texts(fl_normaliser *n, fl_arena *texts);

/* Release it, its cache and its arena. NULL-safe. */
void fl_normaliser_free(fl_normaliser *n);

/*
 * Step one for row, whose columns map gives (the row must have map->n_cols fields unless
 * row->error is set: otherwise the record is rejected as ragged). Fills rec; returns false
 * when the record is rejected (unreadable, ragged, no usable date): rec->issues says why
 * and step two must not be called.
 */
bool fl_record_read(fl_normaliser *n, const fl_csv_row *row, const fl_fieldmap *map,
                    fl_record *rec);

/*
 * Step two, for a record that step one accepted: where the shipper is (subject.regions,
 * addr_cc, an issue when the address contradicts the origin), then the HS code's issues.
 * With a matcher m (NULL: none), the shipper's name and address are screened for listed
 * entities too (fl_match_shipper) and cached with the place, keyed by the same texts: the
 * subject holds the hits (shipper_screened) until n places its next record.
 */
void fl_record_place(fl_normaliser *n, fl_record *rec, fl_matcher *m);

/*
 * How a file writes its dates, noted in input order by the caller (not by the normaliser,
 * which may see a file's records out of order on several threads, batch.h).
 */
typedef struct fl_date_notes {
    bool seen_ambiguous, told_ambiguous; /* a date that reads either way; its note given */
    bool seen_day_first, told_mixed;     /* a date that reads only day first; that note */
} fl_date_notes;

/*
 * The data-quality note rec's date calls for, given the notes of its file so far (zeroed at
 * the file's start; updated): for the first date that reads either way ("01-03-2024"), the
 * reading taken; once, for a file that also has dates that read only day first, that its
 * dates are likely day first. NULL when none; else the sentence (written to buf, capacity
 * cap, or a static one). Both notes are judged in full: they say how a value was read.
 */
const char *fl_record_date_note(fl_date_notes *notes, const fl_record *rec, char *buf,
                                size_t cap);

#endif
