/*
 * report.h - the report model: everything the writers (xlsx, csv, jsonl, summary) show.
 *
 * scan.c fills it while screening; fl_report_finish() sorts flags into their total order
 * and computes the tallies. Writers only read it and never re-derive anything.
 * All strings are owned by the report's arena and live until fl_report_free().
 */
#ifndef FL_REPORT_H
#define FL_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "arena.h"
#include "fields.h"
#include "rules.h"

typedef enum fl_match {
    FL_MATCH_DIRECT = 0, /* origin country + commodity */
    FL_MATCH_REGION,     /* shipper located in a listed region */
    FL_MATCH_ENTITY,     /* shipper or importer is a listed entity */
    FL_MATCH_INDIRECT,   /* exposure inherited through the supplier graph */
    FL_MATCH_COUNT
} fl_match;

/* "direct", "region", "entity", "indirect" */
const char *fl_match_str(fl_match m);

/* One input file as screened. */
typedef struct fl_input {
    char *path;      /* as given on the command line ("-" for stdin) */
    uint64_t size;   /* bytes read */
    char sha256[65]; /* hex digest of the bytes read */
    uint64_t records, flagged, clean, rejected;
} fl_input;

/* A record that raised at least one flag: the fields the report shows, copied. */
typedef struct fl_recinfo {
    uint32_t file;   /* index into fl_report.inputs */
    uint64_t line;   /* physical line where the record starts (1-based) */
    uint64_t record; /* 1-based data record number within its file */
    char *fields[FL_F_COUNT]; /* raw field text, "" when absent; never NULL */
    char origin[3];  /* ISO alpha-2 used for judging, "" when unknown */
    char hs[11];     /* normalised HS digits, "" when none */
} fl_recinfo;

/* A text span in one of the record's fields that the flag matched (for highlighting). */
typedef struct fl_span {
    fl_field field; /* FL_F_COUNT when unused */
    uint32_t start, end;
} fl_span;

typedef struct fl_flag {
    uint32_t rec;  /* index into fl_report.recs */
    uint32_t rule; /* index into the rule set's rules */
    fl_severity severity; /* after any documented step-down */
    fl_match match;
    char *evidence; /* words saying why it fired */
    fl_span span;   /* matched text, field FL_F_COUNT when none */
} fl_flag;

/* A record that could not be judged, or judged only in part. */
typedef struct fl_issue {
    uint32_t file;
    uint64_t line, record; /* record 0 = the header or the file itself */
    char *field;   /* canonical field or column header, "" when about the whole record */
    char *value;   /* offending value (shortened), "" when none */
    char *reason;
    bool rejected; /* true: record not judged at all */
    char *path;    /* a file that is not a shipment input (supplier list, holdings); NULL:
                      the file is inputs[file] */
} fl_issue;

/* Count of flags under one key (a rule id, a country, a basis...). */
typedef struct fl_tally {
    const char *key; /* borrowed from the report or rule set */
    const char *label; /* human label (rule title, country name) or "" */
    uint64_t flags;
    uint64_t by_severity[FL_SEV_COUNT];
} fl_tally;

/* One list (basis) of the rule set: its size and how recent it is. */
typedef struct fl_list_edition {
    const char *basis;       /* fl_basis_str(), static */
    uint64_t rules;          /* rules (entities included) with this basis */
    char latest_listing[11]; /* newest valid_from among those rules, YYYY-MM-DD */
    /* newest date of a source those rules cite, as the source gives it (YYYY, YYYY-MM or
     * YYYY-MM-DD; ISO prefixes compare as text), "" when they cite none */
    char latest_source[11];
} fl_list_edition;

/* fl_report.fail_on when the caller did not record the --fail-on setting. */
#define FL_REPORT_UNSET (-2)

typedef struct fl_report {
    fl_arena arena;
    /* run stamp */
    const char *tool_version;
    char *command_line;
    char run_date[11]; /* YYYY-MM-DD: --as-of, else SOURCE_DATE_EPOCH, else today (UTC) */
    char as_of[11];    /* "" when records are judged by their own date */
    const fl_ruleset *rules; /* borrowed */
    const char *lib_versions; /* "libcsv 3.0.3; PCRE2 10.42; libxlsxwriter 1.1.4; ..." */
    /* thresholds of the run, set by the caller (fl_report_init: not recorded) */
    int fail_on; /* fl_severity at or above which the run exits 1; -1 never; FL_REPORT_UNSET */
    double entity_match, entity_review; /* entity-name score thresholds; < 0 when not used */

    fl_input *inputs;
    size_t n_inputs;
    fl_recinfo *recs;
    size_t n_recs, cap_recs;
    fl_flag *flags;
    size_t n_flags, cap_flags;
    fl_issue *issues;
    size_t n_issues, cap_issues;

    /* totals: read == flagged + clean + rejected */
    uint64_t read, flagged, clean, rejected;
    uint64_t by_severity[FL_SEV_COUNT]; /* flags per severity */

    /* filled by fl_report_finish(), sorted by flags descending then key. by_country's key
     * is the origin's alpha-2 code (label: the code, the caller may put the name) or
     * "unknown" (label "(unknown)"); by_importer's key is the flagged record's importer text
     * as read, "(none)" when empty */
    fl_tally *by_rule, *by_country, *by_basis, *by_importer;
    size_t n_by_rule, n_by_country, n_by_basis, n_by_importer;

    /* filled by fl_report_finish(): one entry per basis that has rules, in fl_basis order */
    fl_list_edition *lists;
    size_t n_lists;

    /* filled by fl_report_finish(): for each rule of the set (same index), its source ids
     * joined with ";", so that every writer shows the same text; NULL without a rule set */
    const char **rule_sources;
} fl_report;

/* Initialise an empty report (fail_on FL_REPORT_UNSET, entity thresholds -1). */
void fl_report_init(fl_report *r);

/* Release everything. NULL-safe. */
void fl_report_free(fl_report *r);

/* Add an input; returns its index or -1 on allocation failure. path is copied. */
int fl_report_add_input(fl_report *r, const char *path);

/* Append a record (fields copied into the arena). Returns its index or -1 (no memory). */
int64_t fl_report_add_rec(fl_report *r, uint32_t file, uint64_t line, uint64_t record,
                          const fl_slice fields[FL_F_COUNT], const char *origin, const char *hs);

/* Append a flag (evidence copied). FL_ERR_NOMEM on failure. */
fl_status fl_report_add_flag(fl_report *r, uint32_t rec, uint32_t rule, fl_severity sev,
                             fl_match match, const char *evidence, fl_span span);

/* Append a data-quality issue (strings copied; value shortened to 200 bytes). */
fl_status fl_report_add_issue(fl_report *r, uint32_t file, uint64_t line, uint64_t record,
                              const char *field, const char *value, size_t value_len,
                              const char *reason, bool rejected);

/*
 * Append a data-quality issue about a file that is not a shipment input (the supplier list,
 * the holdings): path is copied and shown as the issue's file; otherwise as
 * fl_report_add_issue. file is set to UINT32_MAX.
 */
fl_status fl_report_add_file_issue(fl_report *r, const char *path, uint64_t line,
                                   uint64_t record, const char *field, const char *value,
                                   size_t value_len, const char *reason, bool rejected);

/*
 * Sort flags into their total order (file, record, severity descending, rule id, match;
 * remaining ties by line, evidence, then the order added) and compute by_severity, the
 * tallies, the list editions and rule_sources. Call once, after screening and before writing.
 * Returns FL_OK; FL_ERR_INPUT (message printed; a bug in the caller) when read differs
 * from flagged + clean + rejected or a flag names a record or rule that does not exist;
 * FL_ERR_NOMEM.
 */
fl_status fl_report_finish(fl_report *r);

/* The highest severity of any flag, or -1 when there are none. */
int fl_report_max_severity(const fl_report *r);

#endif
