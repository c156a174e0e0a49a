/*
 * flagout.h - the flags as CSV and as JSON Lines, one line per flag, for other programs.
 *
 * Both files hold the flags of a finished report (fl_report_finish) in the report's order,
 * with the same fields in the same order:
 *
 *   file         input path as given on the command line
 *   line         physical line where the record starts (integer)
 *   record       1-based data record number in its file (integer)
 *   record_id, date, importer, shipper
 *                the record's fields as read
 *   origin_raw   the record's origin field as read
 *   origin       ISO 3166-1 alpha-2 code used for judging, "" when unknown
 *   hs_code      the record's HS code field as read
 *   description  the record's goods description as read
 *   rule_id, basis, labor
 *                from the rule that fired ("TVPRA", "forced+child", ...)
 *   severity     the flag's severity (after any step-down): critical, high, medium, low
 *   action       HOLD (critical), REVIEW (high), CAUTION (medium, low)
 *   match        direct, region, entity, indirect
 *   evidence     words saying why the rule fired
 *   sources      the rule's source ids joined with ";"
 *
 * CSV (fl_flagout_csv): UTF-8 without byte-order mark, a header row of the names above,
 * records ended by CR LF (RFC 4180). A field is quoted (libcsv, quotes doubled) only when
 * it holds a comma, a quote, CR or LF. Formula injection is neutralised: a text field that
 * starts with '=', '+', '-', '@', TAB or CR gets a single quote "'" in front, so that a
 * spreadsheet opening the file shows the text instead of running it ("=HYPERLINK(..)"
 * becomes "'=HYPERLINK(..)"). line and record are plain digits and never prefixed.
 *
 * JSON Lines (fl_flagout_jsonl): one compact JSON object per line (LF), keys in the order
 * above, line and record as JSON integers, every other value a string; UTF-8 as is (no
 * \u escapes for non-ASCII), and no neutralisation: values are exactly the report's text.
 *
 * In both, invalid UTF-8 that reached the report is written as U+FFFD.
 * Files are written under a temporary name and renamed when complete (outfile.h); on any
 * failure nothing appears under path, a message naming path is printed and the function
 * returns FL_ERR_OUTPUT (FL_ERR_NOMEM when out of memory).
 */
#ifndef FL_FLAGOUT_H
#define FL_FLAGOUT_H

#include "common.h"
#include "report.h"

/* Write the flags of r (borrowed, finished) as CSV to path. */
fl_status fl_flagout_csv(const fl_report *r, const char *path);

/* Write the flags of r (borrowed, finished) as JSON Lines to path. */
fl_status fl_flagout_jsonl(const fl_report *r, const char *path);

#endif
