/*
 * reviews.h - a reviewer's decisions read back (--reviews FILE): the only module that uses
 * libzip and libxml2.
 *
 * Two kinds of file, told apart by their first bytes (a zip archive is a workbook):
 *
 *   A workbook (.xlsx), typically a report flscan wrote and the reviewer edited: every
 *   sheet whose header row (row 1) has the columns "Fingerprint" and "Disposition" (the
 *   Flags sheets, New flags, Suppressed) gives one decision a row, with the note from
 *   "Reviewer notes" when that column exists. Cells may be shared strings or inline
 *   strings (both are read), numbers or booleans. The reviewer is the workbook's "last
 *   modified by" property and the date its "modified" date (docProps/core.xml), when set.
 *
 *   A CSV file with the columns fingerprint, disposition and note, and optionally reviewer
 *   and date (YYYY-MM-DD), named in a header row (any order; other columns ignored).
 *
 * In both, a row with an empty fingerprint, or with neither disposition nor note, is
 * skipped without a word; a disposition must be one of Open, Confirmed, False positive,
 * Escalated, Resolved (any case) and a note without one counts as Open; a row that breaks a
 * rule is skipped with a warning that says where ("reviews.csv:7: ..." or "report.xlsx:
 * Flags!V12: ..."). Fingerprints are 64 hexadecimal digits (any case; passed on lower case).
 */
#ifndef FL_REVIEWS_H
#define FL_REVIEWS_H

#include <stddef.h>
#include "common.h"
#include "ledger.h"

/*
 * Called once per decision read, in file order; d and its strings are valid only during
 * the call (d->disposition is one of the canonical texts, d->source says where: "path:line"
 * or "path: Sheet!V12"). Return FL_OK to go on; anything else stops reading and is returned.
 */
typedef fl_status (*fl_review_fn)(const fl_decision *d, void *ctx);

typedef struct fl_reviews_stats {
    size_t rows;      /* data rows looked at */
    size_t decisions; /* rows handed to the callback */
    size_t skipped;   /* rows skipped with a warning */
} fl_reviews_stats;

/*
 * Read the decisions in path. Returns FL_OK; FL_ERR_INPUT when the file cannot be read, is
 * not a workbook or CSV of the kind above (message printed: a CSV without the required
 * columns, a workbook without any sheet with a Fingerprint and a Disposition column,
 * malformed XML, a row numbered past Excel's 1,048,576); FL_ERR_NOMEM; or what fn returned.
 * stats may be NULL.
 */
fl_status fl_reviews_read(const char *path, fl_review_fn fn, void *ctx, fl_reviews_stats *stats);

/* The canonical disposition ("False positive") for s[0..len) in any case, spaces around it
 * ignored; NULL when it is none of the five. */
const char *fl_disposition_canonical(const char *s, size_t len);

/* "libzip 1.7.3; libxml2 2.9.14" for the run stamp. Static. */
const char *fl_reviews_versions(void);

#endif
