/*
 * flagout.h - machine-readable outputs for other programs: the flags as CSV and as JSON
 * Lines (one line per flag), and the one-line run summary (--summary-json).
 *
 * The two flags files hold the flags of a finished report (fl_report_finish) in the report's order,
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
 *   fingerprint  the flag's identity across runs (64 hex digits, identity.h): the key a
 *                reviews CSV uses
 *   case_id      the case the flag belongs to ("C-" + 12 hex digits, cases.h): the key a
 *                reviews CSV's case column uses
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

/* What the run summary says beyond the report. All borrowed. */
typedef struct fl_run_summary {
    const fl_report *r; /* the run's report; NULL when it stopped before screening */
    int exit_code;      /* enum fl_exit, or 128 + a signal */
    const char *status; /* "ok", "flagged", or the error ("input error", "ledger in use"...) */
    const char *out_xlsx, *flags_csv, *flags_jsonl; /* outputs written; NULL when none */
    double seconds_total, seconds_screen, seconds_write;
} fl_run_summary;

/*
 * --summary-json: one line of JSON (a compact object and LF) saying how the run went:
 *   {"tool":"flscan","version":..,"status":"ok","exit_code":0,"run_date":..,"as_of":..,
 *    "rule_set":{"name","version","sha256"},"inputs":[{"path","sha256","size","records",
 *    "flagged","clean","rejected"}],"records":{"read","flagged","clean","rejected"},
 *    "flags":{"total","critical","high","medium","low"},"issues":N,
 *    "ledger":{"path","run","previous_run","new","unchanged","returning","resolved",
 *    "suppressed","reopened","decisions","rules_changed","rule_changes":{"added",
 *    "removed","changed"}},"outputs":{"xlsx","flags_csv","flags_jsonl"},
 *    "durations":{"total_s","screen_s","write_s"}}
 * Counts, inputs and ledger are null (inputs empty) unless the run completed (exit 0 or 1);
 * ledger is null without --ledger; outputs lists only the files written. path "-" writes to
 * standard output; a file is written whole or not at all (outfile.h).
 */
fl_status fl_flagout_summary_json(const fl_run_summary *s, const char *path);

#endif
