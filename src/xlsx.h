/*
 * xlsx.h - the flagged-risk workbook (the only module that uses libxlsxwriter).
 *
 * Sheets, in this order:
 *   Summary       run stamp (tool, run date, as-of, command line, rule set name, version,
 *                 date and SHA-256, library versions), one row per input file (path, size,
 *                 SHA-256, records, flagged, clean, rejected), totals (read = flagged + clean
 *                 + rejected) and flag counts by severity (with action), basis, rule and
 *                 origin country.
 *   Flags         one row per flag in the report's order: Action, Severity, Rule ID, Rule
 *                 title, Basis, Labor, Match, Evidence, Sources, File, Line, Record, Record
 *                 ID, Date, Importer, Shipper, Shipper address, Origin (raw), Origin, HS
 *                 code, Description, Disposition, Reviewer notes. Header row and the first
 *                 three columns frozen, autofilter, a drop-down list on Disposition (Open,
 *                 Confirmed, False positive, Escalated, Resolved) and the Action and Severity
 *                 cells coloured by severity (critical red, high orange, medium yellow, low
 *                 light blue). More flags than fit on one sheet (1,048,575 rows under the
 *                 header) continue on "Flags (2)", "Flags (3)"...
 *   Data quality  one row per issue: File, Line, Record, Field, Value, Reason, Outcome
 *                 ("rejected" or "partly judged"); continues the same way when long.
 *   Rules         the rule set: ID, Title, Basis, Countries, Regions, Commodities, Labor,
 *                 Severity, Valid from, Valid to, Sources, Note, File:line.
 *   Sources       ID, Title, Publisher, Date, URL (a hyperlink when http(s)).
 *
 * Cell safety: text is always written as a string, never as a formula, so "=HYPERLINK(..)"
 * from trade data stays inert; numbers (line, record, counts, sizes) are numbers. Text is
 * cleaned for XML (textsafe.h: invalid UTF-8 and control characters other than TAB and LF
 * become U+FFFD, CR becomes LF) and text over 32,767 bytes is cut at a character boundary
 * and ends with " [cut]".
 *
 * Reproducible: the document's creation time is the report's run date at 00:00 UTC and the
 * zip entries carry libxlsxwriter's fixed dates, so the same report gives the same bytes.
 * The workbook is written in libxlsxwriter's constant-memory mode with its scratch files in
 * the destination's folder, into a temporary file renamed over path when complete. ZIP64
 * is used only when the sheets' XML may pass 4 GiB.
 */
#ifndef FL_XLSX_H
#define FL_XLSX_H

#include <stddef.h>
#include "common.h"
#include "report.h"

typedef struct fl_xlsx_opts {
    /* Data rows per Flags / Data quality sheet before continuing on the next one;
     * 0 means Excel's maximum (1,048,575). Smaller values exist for tests. */
    size_t rows_per_sheet;
} fl_xlsx_opts;

/*
 * Write the workbook for r (borrowed; finished with fl_report_finish) to path.
 * Returns FL_OK; FL_ERR_OUTPUT when the file cannot be written (message "cannot write
 * '<path>': <reason>" printed; no file appears under path and no temporary file is left);
 * FL_ERR_NOMEM when out of memory.
 */
fl_status fl_xlsx_write(const fl_report *r, const char *path);

/* fl_xlsx_write with options; o may be NULL for the defaults. */
fl_status fl_xlsx_write_opts(const fl_report *r, const char *path, const fl_xlsx_opts *o);

/* "libxlsxwriter 1.1.4" (the library in use) for the run stamp. Borrowed, static. */
const char *fl_xlsx_version(void);

#endif
