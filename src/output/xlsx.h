/*
 * xlsx.h - the flagged-risk workbook (the only module that uses libxlsxwriter).
 *
 * Sheets, in this order:
 *   Summary       run stamp (tool, run date, command line, rule set name, version, date and
 *                 SHA-256, library versions); thresholds (as-of, fail-on, entity match and
 *                 review thresholds, "n/a" when the report has none); each list (basis) of
 *                 the rule set with its number of rules, latest listing and newest source
 *                 date; one row per input file (path, SHA-256, size, records, flagged,
 *                 clean, rejected); totals (read = flagged + clean + rejected); the cases
 *                 by status, the flags on the Flags sheet and those in the flags CSV/JSONL
 *                 only; with holdings, the portfolio total (holdings, with trade data, weight, weight
 *                 with trade data, weighted exposure score); with a ledger, the comparison
 *                 with the last run (ledger, run, previous run, New, Unchanged, Returning,
 *                 Resolved, Suppressed, Reopened, decisions recorded) and, when the rule
 *                 set's SHA-256 changed, each rule added, removed or changed; flag counts
 *                 by severity (with action), basis, rule, origin country and importer, each
 *                 table ending in a Total row equal to the number of flags. Two native
 *                 charts drawn from those cells: flags by severity (one colour a severity)
 *                 and flags by origin country (the ten with most flags). Printed landscape,
 *                 one page wide.
 *   Read me       plain words: what each sheet holds, what HOLD, REVIEW and CAUTION mean,
 *                 the severity policy and the limits of a screening.
 *   Cases         the review surface: one row per case (cases.h) in the report's order
 *                 (severity, then value): Action, Severity, Case, Importer, Shipper or
 *                 supplier (the key columns), Status, Shipments, Value (USD), Weight (kg),
 *                 First date, Last date, Rule ID, Rule title, Basis, Match, Origins,
 *                 Examples, Evidence, Sources, Why returning, Decision, Reviewer notes,
 *                 Reviewed by, Reviewed on, First seen (the decision in force pre-filled;
 *                 --reviews finds Case, Decision, Reviewer notes, Reviewed by and Reviewed
 *                 on by header). Header row and the five key columns frozen, autofilter,
 *                 the Decision drop-down (as Disposition's), a date validation on Reviewed
 *                 on, dates as date cells, Action and Severity coloured by severity.
 *   Flags         one row per flag of the cases that need action (fl_report.sheet_flags:
 *                 at most 50 a case, 20,000 in all) in the report's order: Action,
 *                 Severity, Record ID, Importer, Shipper (the key columns), Rule ID, Rule
 *                 title, Basis, Labor, Match, Evidence, Sources, File, Line, Record, Date,
 *                 Shipper address, Origin (raw), Origin, HS code, Description, Disposition,
 *                 Reviewer notes, First seen, Fingerprint (Disposition and Reviewer notes
 *                 pre-filled with the decision the ledger carries forward, First seen from
 *                 the ledger; --reviews finds its columns by header). Header row and the five key columns frozen,
 *                 autofilter, a drop-down list on Disposition (Open, Confirmed, False
 *                 positive, Escalated, Resolved) and the Action and Severity cells coloured
 *                 by severity (critical red, high orange, medium yellow, low light blue). The
 *                 text a flag matched in the description (its span) is bold dark red inside
 *                 the Description cell (a rich string). Sources is a link to the row of the
 *                 rule's first source on the Sources sheet. More flags than fit on one sheet
 *                 (1,048,575 rows under the header) continue on "Flags (2)", "Flags (3)"...
 *   New flags     (with a ledger) the flags first raised by this run, as on Flags.
 *   Suppressed    (with a ledger) the false positives still in force: the Flags columns and
 *                 Decided by, Decided on.
 *   Importers     (always) one row per importer (spellings grouped by party key): shipments
 *                 judged, flagged by severity, Cases and Cases to review (not Decided), value
 *                 and weight with flagged shares, top rules and suppliers.
 *   Exposure      (with Importers) the HS chapter x origin cells that hold a flag, per
 *                 importer: shipments, flagged, highest severity, value, flagged value, share.
 *   Suppliers     (with a supplier graph) every listed supplier: tier, links, shipments,
 *                 Cases and Cases to review (the cases against it), own and inherited
 *                 exposure, the worst inherited path.
 *   Portfolio     (with holdings) one row per holding: importers matched, counts, Cases and
 *                 Cases to review (its importers'), value shares, exposure score ("no trade
 *                 data" when none matched).
 *                 These four read report.h's fl_rollups.
 *   Data quality  one row per issue: File, Line, Record, Field, Value, Reason, Outcome
 *                 ("rejected" or "partly judged"); continues the same way when long.
 *   Rules         the rule set: ID, Title, Basis, Countries, Regions, Commodities, Labor,
 *                 Severity, Valid from, Valid to, Sources, Note, File:line.
 *   Sources       ID, Title, Publisher, Date, URL (a hyperlink when http(s)).
 *   Notes         (with roll-up sheets) Sheet, Note: what the roll-up sheets' columns count,
 *                 the supplier list's and holdings file's path, SHA-256 and counts, the
 *                 severity policy of inherited exposure, the exposure score's formula, and
 *                 the rows left out of a roll-up sheet over Excel's row limit, if any.
 *
 * Table sheets (every sheet but Summary and Read me) hold exactly one table each: the header
 * in row 1, one row per item under it, the autofilter over all of it and nothing below it
 * (notes go to the Notes sheet). Their key columns (Action..Shipper on the flag review
 * sheets, Action..Shipper or supplier on Cases, File..Record on Data quality, Importer..Origin on Exposure, the first column elsewhere) are
 * frozen with the header row, at most 24 characters wide and wrapped. Long texts (Evidence,
 * Sources, Description, Shipper address, Rule title, Reviewer notes; a case's Examples and
 * Why returning; the lists and paths of
 * the roll-up sheets; the rule and source texts; a data-quality value and reason; a note) wrap
 * in their column, at most 60 characters wide; other columns are as wide as their longest
 * text (8 to 60). Every column carries one shared format (top-aligned; wrapped or not) that
 * its cells take, so the cost does not grow with the cells; each row gets the height of its
 * longest wrapped text (15 points a line, at most 27 lines), estimated from the characters,
 * since LibreOffice does not grow a row itself.
 * The header row wraps too, and is as high as its longest header.
 * Printing (chosen over a print area, which would leave columns out): letter, landscape, the
 * header row and the key columns repeated on every page. A table whose columns fit one page
 * wide at 60% or more is fitted to one page wide; a wider one (the review sheets and Cases)
 * prints at 60%, pages ordered across then down: a band of rows prints as consecutive pages,
 * each starting with the key columns, instead of one page wide at a quarter of the size.
 *
 * Hyperlinks: Excel allows 65,530 a sheet. A sheet that would need more (a Flags sheet of
 * more rows, say) gets none: its ids and URLs are plain text, on every row alike.
 *
 * Cell safety: text is always written as a string, never as a formula, so "=HYPERLINK(..)"
 * from trade data stays inert; numbers (line, record, counts, sizes) are numbers. Text is
 * cleaned for XML (textsafe.h: invalid UTF-8 and control characters other than TAB and LF
 * become U+FFFD, CR becomes LF) and text over 32,767 bytes is cut at a character boundary
 * and ends with " [cut]" (such a description is not highlighted).
 *
 * Reproducible: the document's creation time is the report's run date at 00:00 UTC and the
 * zip entries carry libxlsxwriter's fixed dates, so the same report gives the same bytes.
 * Workbooks of more than 5,000 Flags and Data quality rows are written in libxlsxwriter's
 * constant-memory mode (one row in memory; strings inline; the charts then hold a bare
 * reference to the Summary's cells, which the reader resolves, instead of a cached copy);
 * smaller ones keep every cell in memory (shared strings, fully cached charts). Scratch
 * files go to the destination's folder; the workbook is written into a temporary file
 * renamed over path when complete. ZIP64 is used only when the sheets' XML may pass 4 GiB.
 */
#ifndef FL_XLSX_H
#define FL_XLSX_H

#include <stddef.h>
#include "common.h"
#include "report.h"

typedef enum fl_xlsx_memory {
    FL_XLSX_MEMORY_AUTO = 0, /* constant memory above 5,000 flag and issue rows */
    FL_XLSX_MEMORY_CONSTANT, /* always constant memory */
    FL_XLSX_MEMORY_FULL      /* never */
} fl_xlsx_memory;

typedef struct fl_xlsx_opts {
    /* Data rows per Flags / Data quality sheet before continuing on the next one;
     * 0 means Excel's maximum (1,048,575). Smaller values exist for tests. */
    size_t rows_per_sheet;
    /* Hyperlinks a sheet may hold; a sheet that would need more has none. 0 means Excel's
     * maximum (65,530). Smaller values exist for tests. */
    size_t links_per_sheet;
    fl_xlsx_memory memory; /* libxlsxwriter's constant-memory mode; tests force either */
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
