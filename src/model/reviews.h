/*
 * reviews.h - a reviewer's decisions read back (--reviews FILE): the only module that uses
 * libzip and libxml2.
 *
 * Two kinds of file, told apart by their first bytes (a zip archive is a workbook):
 *
 *   A workbook (.xlsx), typically a report flscan wrote and the reviewer edited. Each sheet
 *   is read by its header row (row 1; names exact):
 *     - a flag sheet has "Fingerprint" and "Disposition" (Flags, New flags, Suppressed):
 *       one flag decision a row, its source the Disposition cell;
 *     - else a case sheet has "Case" and "Decision" (Cases): one case decision a row, its
 *       source the Decision cell;
 *     - any other sheet is not read.
 *   Both take the note from "Reviewer notes", and the reviewer and date from "Reviewed by"
 *   and "Reviewed on", when those columns exist. "Reviewed on" is a date cell (a number
 *   with a date format: a serial day of the workbook's 1900 or 1904 date system, the time
 *   of day ignored; or an ISO date cell, t="d") or text YYYY-MM-DD. Cells may be shared
 *   strings or inline strings (both are read), numbers or booleans.
 *
 *   A CSV file with the columns disposition and note, fingerprint or case (or both
 *   columns, one filled a row), and optionally reviewer and date (YYYY-MM-DD), named in a
 *   header row (any order; other columns ignored).
 *
 * Who decided, and when, for a row that does not say:
 *   - the reviewer: the reviewer given to the read (--reviewer NAME), for both kinds of
 *     file; without it, a workbook's "last modified by" property (docProps/core.xml), unless
 *     that is empty or "flscan" (any case: the report as flscan wrote it, not a person), in
 *     which case, and always in a CSV, the reviewer is "" (unknown). One warning a file says
 *     how many decisions took the property or no reviewer:
 *       "3 decisions in 'r.xlsx' name no reviewer in 'Reviewed by'; credited to 'alice'
 *        from the file's last-modified-by property"
 *     (or "... recorded with no reviewer: the file's last-modified-by property is empty").
 *   - the date: a workbook's "modified" property (its date, UTC), unless it is missing or
 *     equal to the "created" property (the file was not saved since flscan wrote it), with
 *     one warning a file ("... dated 2026-01-05 from the file's modified property"); else,
 *     and always in a CSV, "" (the run date), without a word.
 *   These count only decisions the callback took (see fl_review_fn).
 *
 * In both kinds, a row with an empty fingerprint (case), or with neither disposition nor
 * note, is skipped without a word; a disposition must be one of Open, Confirmed, False
 * positive, Escalated, Resolved (any case) and a note without one counts as Open; a row
 * that breaks a rule is skipped with a warning that says where ("reviews.csv:7: ..." or
 * "report.xlsx: Flags!V12: ..."). Fingerprints are 64 hexadecimal digits, case ids "C-" and
 * 12 hexadecimal digits (any case; both passed on lower case, "C-" upper case). A CSV row
 * with both a fingerprint and a case is skipped with a warning. A date that is neither a
 * date cell nor YYYY-MM-DD (a plain number, "05/01/2026", a serial no calendar holds) is
 * warned about, naming its cell, and the decision is kept with the run date ("").
 */
#ifndef FL_REVIEWS_H
#define FL_REVIEWS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "common.h"
#include "dates.h"
#include "ledger.h"

/* Row warnings printed per file; the rest are counted in one closing line. */
#define FL_REVIEWS_WARNINGS_SHOWN 20

/*
 * Called once per decision read, in file order; d and its strings are valid only during
 * the call (d->disposition is one of the canonical texts, d->source says where: "path:line"
 * or "path: Sheet!V12"; a flag decision has d->fingerprint set and d->case_id NULL, a case
 * decision the reverse). *taken is true on entry: set it to false when the decision changed
 * nothing (equal to what is recorded already, or about a flag or case nobody knows), so
 * that the warnings about reviewers and dates taken from a workbook's properties count only
 * the decisions recorded. Return FL_OK to go on; anything else stops reading and is
 * returned.
 */
typedef fl_status (*fl_review_fn)(const fl_decision *d, void *ctx, bool *taken);

typedef struct fl_reviews_stats {
    size_t rows;      /* data rows looked at */
    size_t decisions; /* rows handed to the callback */
    size_t skipped;   /* rows skipped with a warning */
    size_t unnamed;   /* decisions taken whose row named no reviewer, without --reviewer:
                         credited from the workbook's property, or to nobody */
    size_t dated;     /* decisions taken dated from the workbook's modified property */
} fl_reviews_stats;

/*
 * The caps of the workbook reader. A workbook is a zip archive: a few kilobytes on disk can
 * inflate to gigabytes, and every byte inflated is parsed. These caps bound the time and the
 * memory a workbook can cost, whatever its directory says, and sit far above what a report
 * reaches. flscan writes a Flags row in about 1.5 KB of sheet XML (inline strings; Excel's
 * re-save into shared strings makes the sheet smaller) that deflates about 11 to 1, a
 * report holds a dozen sheets, and a Flags sheet is split at Excel's 1,048,576 rows.
 *
 *   max_part_bytes    one zip member inflated: 4 GiB. A full Flags sheet (1,048,575 flags)
 *                     is about 1.6 GB. Checked against the zip directory before the member
 *                     is opened and counted while it is inflated (a directory can lie).
 *   inflate_slack,    all the members read, inflated together: at most inflate_slack (16 MiB)
 *   inflate_ratio     plus inflate_ratio (100) times the file's size on disk. Reports deflate
 *                     about 11 to 1 (a spreadsheet's XML 5 to 20 to 1); 100 to 1 is what
 *                     zip bombs do, and then time is bounded by the size of the file: about
 *                     100 MB parsed per MB on disk. Checked before each member is opened
 *                     (its directory size) and counted while inflating.
 *   max_shared_bytes  the shared strings kept (xl/sharedStrings.xml, all in memory since
 *                     cells refer to them by number): their text, a NUL and a 4-byte index
 *                     each, 256 MiB. A report edited in Excel keeps a few hundred bytes of
 *                     distinct text a flag there (the fingerprint, record, parties).
 *   max_rows          <row> elements in one sheet: 1,048,576, Excel's last row. A row
 *                     numbered past it is refused as well.
 *   max_cells         <c> elements in one row: 16,384, Excel's last column (XFD).
 * Past a cap the read stops with FL_ERR_INPUT and a message naming the file, the part and
 * the cap ("the part size cap", "the inflation cap", "the shared strings cap", "the row
 * cap", "the cell cap"). A cell's text is kept up to 1 MiB (Excel's own limit is 32,767
 * characters); libxml2 refuses a text node over 10,000,000 bytes. A CSV is read as a stream
 * under the CSV reader's caps (csvread.h).
 */
typedef struct fl_reviews_limits {
    uint64_t max_part_bytes;
    uint64_t inflate_slack;
    uint64_t inflate_ratio;
    size_t max_shared_bytes;
    size_t max_rows;
    size_t max_cells;
} fl_reviews_limits;

#define FL_REVIEWS_LIMITS_DEFAULT                                                                  \
    {                                                                                              \
        (uint64_t)4 << 30, (uint64_t)16 << 20, 100u, (size_t)256 << 20, 1048576u, 16384u           \
    }

/*
 * Read the decisions in path under the default limits. reviewer (--reviewer; borrowed, NULL
 * or "" for none) is the reviewer of every row that names none. Returns FL_OK; FL_ERR_INPUT
 * when the file cannot be read, is not a workbook or CSV of the kind above (message printed:
 * a CSV without the required columns, a workbook without any flag or case sheet, a zip
 * archive holding the same member twice, malformed XML with the part and line, a cap above
 * passed, a row numbered past Excel's 1,048,576); FL_ERR_NOMEM (message printed, naming the
 * part being read); or what fn returned. stats may be NULL. libxml2 prints nothing itself:
 * its errors reach the user through diag.h only.
 */
fl_status fl_reviews_read(const char *path, const char *reviewer, fl_review_fn fn, void *ctx,
                          fl_reviews_stats *stats);

/* The same under the given limits (for tests and fuzzing with small caps); lim borrowed. */
fl_status fl_reviews_read_limits(const char *path, const fl_reviews_limits *lim,
                                 const char *reviewer, fl_review_fn fn, void *ctx,
                                 fl_reviews_stats *stats);

/*
 * The calendar date of a spreadsheet's serial day number (the time of day, the fraction,
 * ignored). The 1900 system counts 1 for 1900-01-01 and, as Lotus 1-2-3 did, a 29 February
 * 1900 that never was (60): 1..59 are January and February 1900, 61 is 1900-03-01, 60 is no
 * date. The 1904 system (date1904) counts 0 for 1904-01-01. Returns the date (yyyymmdd), or
 * 0 for no date: 60 or below 1 (below 0 in 1904), not a finite number, or past 2999-12-31.
 */
fl_date fl_reviews_serial_date(double serial, bool date1904);

/* True for a case id: "C-" and 12 hexadecimal digits, in s[0..len) (any case). */
bool fl_reviews_is_case_id(const char *s, size_t len);

/* The canonical disposition ("False positive") for s[0..len) in any case, spaces around it
 * ignored; NULL when it is none of the five. */
const char *fl_disposition_canonical(const char *s, size_t len);

/* "libzip 1.7.3; libxml2 2.9.14" for the run stamp. Static. */
const char *fl_reviews_versions(void);

#endif
