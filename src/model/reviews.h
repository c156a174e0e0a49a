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
#include <stdint.h>
#include "common.h"
#include "ledger.h"

/* Row warnings printed per file; the rest are counted in one closing line. */
#define FL_REVIEWS_WARNINGS_SHOWN 20

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
 * Read the decisions in path under the default limits. Returns FL_OK; FL_ERR_INPUT when the
 * file cannot be read, is not a workbook or CSV of the kind above (message printed: a CSV
 * without the required columns, a workbook without any sheet with a Fingerprint and a
 * Disposition column, a zip archive holding the same member twice, malformed XML with the
 * part and line, a cap above passed, a row numbered past Excel's 1,048,576); FL_ERR_NOMEM
 * (message printed, naming the part being read); or what fn returned. stats may be NULL.
 * libxml2 prints nothing itself: its errors reach the user through diag.h only.
 */
fl_status fl_reviews_read(const char *path, fl_review_fn fn, void *ctx, fl_reviews_stats *stats);

/* The same under the given limits (for tests and fuzzing with small caps); lim borrowed. */
fl_status fl_reviews_read_limits(const char *path, const fl_reviews_limits *lim, fl_review_fn fn,
                                 void *ctx, fl_reviews_stats *stats);

/* The canonical disposition ("False positive") for s[0..len) in any case, spaces around it
 * ignored; NULL when it is none of the five. */
const char *fl_disposition_canonical(const char *s, size_t len);

/* "libzip 1.7.3; libxml2 2.9.14" for the run stamp. Static. */
const char *fl_reviews_versions(void);

#endif
