/*
 * report.h - the report model: everything the writers (xlsx, csv, jsonl, summary) show.
 *
 * scan.c fills it while screening, record after record in input order; fl_report_finish()
 * computes the tallies. Writers only read it and never re-derive anything.
 * Memory does not grow with the number of flags: the flagged records and the flags are rows
 * of unlinked temporary files in $TMPDIR (else /tmp), read through views (rowfile.h:
 * fl_report_view), and so is the bulk of their text (flagged records' fields, flags'
 * evidence), read back with fl_report_rec_text() / fl_report_flag_text(). Other strings are
 * owned by the report's arena and live until fl_report_free().
 */
#ifndef FL_REPORT_H
#define FL_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "arena.h"
#include "dates.h"
#include "dq.h"
#include "extsort.h"
#include "fields.h"
#include "match.h"
#include "rowfile.h"
#include "rules.h"
#include "vocab.h"

/* One input file as screened. */
typedef struct fl_input {
    char *path;      /* as given on the command line ("-" for stdin) */
    uint64_t size;   /* bytes read */
    char sha256[65]; /* hex digest of the bytes read */
    uint64_t records, flagged, clean, rejected;
    const char *source; /* its source label (identity.h): from the path, the caller may set another */
    const char *vendor; /* the vendor profile it was read with (vendor.h), NULL: none;
                           borrowed from the loaded profiles */
    bool vendor_forced; /* by --vendor, not detected from the header */
} fl_input;

/*
 * A record that raised at least one flag: where it is, and where its field texts are. The
 * texts themselves (the 12 fields the report shows, which would otherwise grow the memory
 * with every flag) are kept in the report's spill file, an unlinked temporary file; read
 * them with fl_report_rec_text().
 */
typedef struct fl_recinfo {
    uint32_t file;     /* index into fl_report.inputs */
    uint32_t text_len; /* bytes of its field texts in the spill file (each NUL-terminated) */
    uint64_t line;     /* physical line where the record starts (1-based) */
    uint64_t record;   /* 1-based data record number within its file */
    uint64_t text_at;  /* offset of its field texts in the spill file */
    char origin[3];    /* ISO alpha-2 used for judging, "" when unknown */
    char hs[11];       /* normalised HS digits, "" when none */
    fl_date date;      /* the date judged (0 unknown); set by the caller */
    fl_date record_date; /* the record's own date as read (0 when unreadable), whatever
                            --as-of says; set by the caller */
    /* 1 for the first flagged record of the run with its source and record id, 2 for the
       next...; 1 for a record without an id (identity.h) */
    uint32_t occurrence;
    /* the display name of its importer's party (the by_importer key), in the arena; NULL
       until fl_cases_build */
    const char *importer;
} fl_recinfo;

/*
 * What is remembered about a flag across runs (history.h): its fingerprint always, the
 * rest only with a ledger (--ledger). Strings in the report's arena; "" when none.
 */
typedef struct fl_flag_memo {
    bool on;              /* filled (history.h): everything below is set */
    char fingerprint[65]; /* hex SHA-256 of record identity + rule + list entry (ledger.h) */
    char first_seen[11];  /* run date of the first run that raised it; "" without a ledger */
    bool is_new;          /* first raised by this run (with a ledger) */
    bool suppressed;      /* a false positive still in force: listed on Suppressed only */
    bool reopened;        /* a false positive whose rule or list entry changed since */
    /* carried forward, pre-filled in Disposition and Reviewer notes */
    const char *disposition, *note;
    /* the latest decision: who made it and when ("" when none) */
    const char *decided_by, *decided_on;
} fl_flag_memo;

typedef struct fl_flag {
    uint32_t rec;  /* its record: row of FL_ROWS_RECS (fl_report_view) */
    uint32_t rule; /* index into the rule set's rules */
    fl_severity severity; /* after any documented step-down */
    fl_match match;
    fl_span span;             /* matched text, field FL_F_COUNT when none */
    uint32_t upstream;        /* indirect: the source supplier's index in the supplier list,
                                 as the judge found it (fl_hit.upstream); else FL_HIT_NO_UPSTREAM */
    uint32_t evidence_len;    /* the words saying why it fired: bytes in the spill file... */
    uint64_t evidence_at;     /* ...at this offset (fl_report_flag_text reads them) */
    uint32_t kase;            /* its case: row of FL_ROWS_CASES; FL_NO_CASE before fl_cases_build */
    char case_id[16];         /* that case's id (fl_case.id), "" before fl_cases_build */
    fl_flag_memo memo;        /* memo.on false until history.h fills it */
} fl_flag;

#define FL_NO_CASE UINT32_MAX

/* Where a case stands in the review (history.h decides it with a ledger; New without). */
typedef enum fl_case_status {
    FL_CASE_NEW = 0,   /* first raised by this run */
    FL_CASE_OPEN,      /* raised before, no decision yet (or the latest says Open) */
    FL_CASE_RETURNING, /* decided before, but the decision no longer holds: reason says why */
    FL_CASE_DECIDED,   /* a decision in force covers it, later shipments included */
    FL_CASE_STATUS_COUNT
} fl_case_status;

/* "New", "Open", "Returning", "Decided" */
const char *fl_case_status_str(fl_case_status s);

/*
 * A case: the flags of one rule raised against one party (the shipper, or the upstream
 * supplier an indirect flag inherits from) for one importer (identity.h has the key).
 * Built by fl_cases_build (cases.h) after fl_report_finish; strings in the report's arena,
 * but for the party, the examples and the evidence, which are in the report's spill file so
 * that memory grows with the cases by their counts only: fl_report_case_text reads them.
 */
typedef struct fl_case {
    char id[16];          /* "C-" + 12 hexadecimal digits (FL_CASE_ID) */
    uint32_t rule;        /* index into the rule set */
    bool indirect;        /* inherited from a supplier (match indirect) */
    fl_severity severity; /* its strongest flag's: the highest, the first of equals */
    fl_match match;       /* the strongest flag's */
    const char *importer; /* the importer as first written ("" when none) */
    /* the origins judged, "; "-joined in first-seen order: at most 6, then "; ..." */
    char origins[6 * 4 + 4];
    /* where fl_report_case_text finds the party (the shipper as first written, or the
       upstream supplier's name), the first three records ("ID (file:line)", "; "-joined)
       and the strongest flag's evidence */
    uint64_t text_at;
    uint32_t text_len;
    uint64_t flags, shipments; /* flags (one a shipment, unless suppressed ones moved) */
    uint64_t by_severity[FL_SEV_COUNT];
    double value, weight;  /* sums over its shipments that give a number */
    fl_date first, last;   /* dates of its shipments, 0 when none known */
    /* memory across runs (history.h): status, why it returned, the decision that covers it
       and who made it when ("" none), the run date it was first raised */
    fl_case_status status;
    const char *reason, *decision, *note, *reviewed_by, *reviewed_on;
    char first_seen[11];
    uint64_t new_shipments; /* its shipments first raised by this run (with a ledger) */
} fl_case;

/* A record that could not be judged, or judged only in part. */
typedef struct fl_issue {
    uint32_t file;
    uint64_t line, record; /* record 0 = the header or the file itself */
    const char *field;  /* canonical field or column header, "" when about the whole record */
    const char *value;  /* offending value (shortened), "" when none */
    const char *reason;
    bool rejected;      /* true: record not judged at all */
    bool judged;        /* false (and not rejected): judged in part; true: judged in full, the
                           issue is a warning about the record (a duplicate record id) */
    const char *path;   /* a file that is not a shipment input (supplier list, holdings); NULL:
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
    /* how much of the official list of this basis the rule set holds (coverage.h): "UFLPA
     * Entity List: 75 of 187 entities as of 2026-08-03"; "" when the rule set gives no
     * official size for it (coverage.csv) */
    const char *coverage;
} fl_list_edition;

/*
 * Roll-ups (rollup.h computes them after fl_report_finish; all zero when not computed).
 * Shares are fractions 0..1, or -1 when their total is 0 (no number to divide by).
 */
#define FL_ROLLUP_TOP 5 /* rules and suppliers named per importer */

/* One HS chapter x origin country of an importer's judged shipments that has a flag. */
typedef struct fl_exposure_cell {
    char chapter[3]; /* HS chapter ("52"), "" when the record had no usable code */
    char origin[3];  /* ISO alpha-2, "" when unknown */
    uint64_t shipments, flagged;
    double value, flagged_value; /* sums over shipments that give a value */
    double value_share;          /* flagged / all value, or -1 */
    int top; /* highest severity flagged in the cell (fl_severity) */
} fl_exposure_cell;

/* One importer: every spelling of one party key (party.h) among the judged shipments. */
typedef struct fl_importer_roll {
    const char *name;      /* the most frequent spelling (ties: the first seen) */
    const char *spellings; /* every spelling, "; "-joined in byte order */
    uint64_t shipments;    /* records judged (flagged + clean; rejected ones are not) */
    uint64_t flagged;
    uint64_t by_severity[FL_SEV_COUNT]; /* flagged records by their highest severity */
    double value, weight;               /* sums over records that give a number */
    double flagged_value, flagged_weight;
    double value_share, weight_share;   /* flagged / total, or -1 */
    uint64_t no_value, no_weight;       /* records whose value / weight is missing or not a number */
    /* the cases (fl_report.cases) whose importer this is, and of those the ones not Decided */
    uint64_t cases, cases_to_review;
    fl_tally *top_rules;     /* key rule id, label rule title; most flags first */
    size_t n_top_rules;
    fl_tally *top_suppliers; /* key supplier (shipper, or the upstream source of an indirect
                                flag; its spellings grouped by party key, the one shown
                                first met among the flags of the rule first in the rule
                                set), label "direct", "indirect" or "direct+indirect" */
    size_t n_top_suppliers;
    fl_exposure_cell *exposure; /* cells with a flag, most flagged first */
    size_t n_exposure;
} fl_importer_roll;

/* One supplier of the --suppliers list. */
typedef struct fl_supplier_roll {
    const char *id, *name, *country; /* country: ISO code, else as written */
    unsigned tier;                   /* as declared, 0 when not given */
    const char *supplies_to;         /* as written */
    uint64_t shipments;   /* judged shipments whose shipper is this supplier */
    uint64_t flagged;     /* of those, flagged */
    /* the cases against this supplier (a direct case whose shipper it is, an indirect one
       whose exposure comes from it), and of those the ones not Decided */
    uint64_t cases, cases_to_review;
    int own_top;          /* highest own severity, -1 when none */
    const char *own;      /* own exposures: "rule-id severity window: what", "; "-joined */
    int inherited_top;    /* highest inherited severity, -1 when none */
    uint64_t n_inherited; /* rules inherited */
    const char *inherited; /* inherited rule ids with severity, "; "-joined */
    const char *path;      /* the worst inherited exposure: path, source, rule, severity */
} fl_supplier_roll;

/* One holding of the --holdings file. */
typedef struct fl_holding_roll {
    const char *holding, *isin, *ticker;
    double weight;
    bool has_trade;           /* at least one alias matched an importer of the shipments */
    bool by_name;             /* no aliases given: matched by the holding's own name */
    const char *importers;    /* importers matched, "; "-joined */
    const char *unmatched;    /* aliases that matched no importer, "; "-joined */
    const char *suggested;    /* near misses (nearname.h), never counted: "Name (N
                                 shipments)", most shipments first, "; "-joined */
    uint64_t shipments, flagged;
    uint64_t by_severity[FL_SEV_COUNT]; /* flagged shipments by their highest severity */
    uint64_t cases, cases_to_review;    /* the matched importers' (fl_importer_roll) */
    double value, flagged_value, value_share; /* value_share -1 when no value */
    double score; /* exposure score 0..100 (reports/README.md), -1 without trade data */
} fl_holding_roll;

typedef struct fl_rollups {
    bool importers_on, suppliers_on, portfolio_on;
    fl_importer_roll *importers; /* most flagged first, then name */
    size_t n_importers;

    fl_supplier_roll *suppliers; /* list order */
    size_t n_suppliers;
    const char *suppliers_path, *suppliers_sha256;
    uint64_t suppliers_bytes;
    const char *suppliers_notes; /* counts, checks and the severity policy, one line each */

    fl_holding_roll *holdings; /* file order */
    size_t n_holdings;
    const char *holdings_path, *holdings_sha256;
    uint64_t holdings_bytes;
    double portfolio_score;  /* weighted mean of the scores with trade data; -1 when none */
    double weight_total, weight_with_trade;
    const char *score_formula; /* the formula in words, for the Notes sheet */
} fl_rollups;

/* A rule of the rule set that differs from the previous run's (with a ledger). */
typedef struct fl_rule_change {
    const char *rule_id;
    const char *change; /* "added", "removed", "changed" */
} fl_rule_change;

/* This run against the previous one, from the ledger (history.h). */
typedef struct fl_since {
    bool on;            /* a ledger was used: everything below is filled */
    const char *ledger; /* its path */
    uint64_t run;       /* this run's number in the ledger */
    uint64_t prev_run;  /* the previous run's, 0 when this is the first */
    char prev_date[11]; /* its run date */
    /* flags of this run (not suppressed): new + unchanged + returning == n_flags */
    uint64_t n_new;       /* first raised by this run */
    uint64_t n_unchanged; /* raised by the previous run too */
    uint64_t n_returning; /* raised before, but not by the previous run */
    uint64_t n_resolved;  /* raised by the previous run, not by this one */
    uint64_t n_suppressed, n_reopened; /* false positives in force / made against a change */
    uint64_t n_decisions; /* review decisions recorded by this run (--reviews) */
    /* the rule set's SHA-256 differs from the previous run's; changes sorted by rule id */
    bool rules_changed;
    const char *prev_ruleset_version;
    fl_rule_change *rule_changes;
    size_t n_rule_changes;
} fl_since;

/* fl_report.fail_on when the caller did not record the --fail-on setting. */
#define FL_REPORT_UNSET (-2)

/* The report's spill file (report.c): flagged records' texts and flags' evidence. */
typedef struct fl_spill fl_spill;


/* The report's rows (fl_report_view). */
typedef enum fl_report_rows {
    FL_ROWS_RECS,      /* fl_recinfo: the flagged records, in input order */
    FL_ROWS_FLAGS,     /* fl_flag: the flags, in their total order */
    FL_ROWS_SUPPRESSED, /* fl_flag: the flags suppressed as false positives (history.h) */
    FL_ROWS_CASES       /* fl_case: the cases, in the Cases sheet's order (cases.h) */
} fl_report_rows;

typedef struct fl_report {
    fl_arena arena;
    fl_spill *spill; /* NULL until the first record is added */
    /* the flagged records' record ids, until fl_report_finish tells the duplicates apart */
    fl_extsort *ids;
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
    /* the rows (fl_report_view): flagged records, flags, suppressed flags; NULL while none */
    fl_rowfile *rec_rows, *flag_rows, *sup_rows;
    size_t n_recs, n_flags; /* n_flags counts the last record's too, still in pending */
    /* the flags of the record added last, put in order and into flag_rows when the next
       record comes or the report is finished */
    fl_flag *pending;
    size_t n_pending, cap_pending;
    uint32_t last_file; /* where the record added last is: records come in input order */
    uint64_t last_record;
    /* the data-quality issues, in the order found: rows in a temporary file and their texts
       in the spill file, so that a file with an issue on every line keeps memory flat; read
       them back with fl_report_issue() */
    fl_rowfile *issue_rows;
    size_t n_issues;

    /* totals: read == flagged + clean + rejected */
    uint64_t read, flagged, clean, rejected;
    uint64_t by_severity[FL_SEV_COUNT]; /* flags per severity */

    /* filled by fl_report_finish(), sorted by flags descending then key. by_country's key
     * is the origin's alpha-2 code (label: the code, the caller may put the name) or
     * "unknown" (label "(unknown)"); by_importer's key is the importer as first written of
     * each importer party (party.h) once fl_cases_build ran, else the importer text as
     * read, "(none)" when empty */
    fl_tally *by_rule, *by_country, *by_basis, *by_importer;
    size_t n_by_rule, n_by_country, n_by_basis, n_by_importer;

    /* filled by fl_report_finish(): one entry per basis that has rules, in fl_basis order */
    fl_list_edition *lists;
    size_t n_lists;

    /* filled by fl_report_finish(): for each rule of the set (same index), its source ids,
     * countries (alpha-2), regions (ISO 3166-2) and commodity ids ("*" for all goods), each
     * joined with ";", so that every writer shows the same text; NULL without a rule set */
    const char **rule_sources, **rule_countries, **rule_regions, **rule_commodities;

    /* filled by fl_cases_build() (cases.h): the cases are rows (FL_ROWS_CASES), severity
     * first, then value, shipments and id; the count of cases by status once history.h has
     * decided them, and which are Decided, a bit a case (fl_case_decided); each flagged
     * record's importer, fl_recinfo.importer */
    fl_rowfile *case_rows;
    size_t n_cases;
    uint8_t *case_decided;
    uint64_t cases_by_status[FL_CASE_STATUS_COUNT];
    /* filled by fl_cases_select_sheet(): indexes into flags of the flags the workbook's
     * Flags sheet shows (the rest are in the flags CSV and JSONL only), in order */
    size_t *sheet_flags;
    size_t n_sheet_flags;
    /* and the rows of the New flags and Suppressed sheets: the first of new_flags and of
       suppressed, at most as many as the Flags sheet's bound */
    size_t n_sheet_new, n_sheet_suppressed;

    /* filled by fl_rollup() (rollup.h); strings in the arena */
    fl_rollups roll;

    /* memory across runs, filled by history.h with a ledger: the comparison with the
     * previous run, the indexes into flags of the flags first raised by this run (in the
     * flags' order), and the count of flags suppressed as false positives (sup_rows: in the
     * same total order as flags, each with its memo; not counted in n_flags nor in the
     * tallies) */
    fl_since since;
    size_t *new_flags;
    size_t n_new_flags;
    size_t n_suppressed;
} fl_report;

/*
 * A view (rowfile.h) of one of the report's rows; end it with fl_rowview_end. Flags and
 * suppressed flags are complete once fl_report_finish ran; records as they are added.
 * Several views may read at once (the writers' threads), none while rows are added.
 */
void fl_report_view(const fl_report *r, fl_report_rows rows, fl_rowview *v);

/* Row i through a view of FL_ROWS_FLAGS or FL_ROWS_SUPPRESSED, to read or to change. */
static inline const fl_flag *fl_flag_get(fl_rowview *v, size_t i)
{
    return (const fl_flag *)fl_rowview_get(v, i);
}
static inline fl_flag *fl_flag_edit(fl_rowview *v, size_t i)
{
    return (fl_flag *)fl_rowview_edit(v, i);
}

/* Row i through a view of FL_ROWS_CASES, to read or to change. */
static inline const fl_case *fl_case_get(fl_rowview *v, size_t i)
{
    return (const fl_case *)fl_rowview_get(v, i);
}
static inline fl_case *fl_case_edit(fl_rowview *v, size_t i)
{
    return (fl_case *)fl_rowview_edit(v, i);
}

/* Whether case k (a row of FL_ROWS_CASES) is Decided; false before history.h decided. */
static inline bool fl_case_decided(const fl_report *r, uint32_t k)
{
    return r->case_decided && k < r->n_cases && (r->case_decided[k / 8] >> (k % 8) & 1);
}

/* Row i through a view of FL_ROWS_RECS, to read or to change. */
static inline const fl_recinfo *fl_rec_get(fl_rowview *v, size_t i)
{
    return (const fl_recinfo *)fl_rowview_get(v, i);
}
static inline fl_recinfo *fl_rec_edit(fl_rowview *v, size_t i)
{
    return (fl_recinfo *)fl_rowview_edit(v, i);
}

/* Initialise an empty report (fail_on FL_REPORT_UNSET, entity thresholds -1). */
void fl_report_init(fl_report *r);

/* Release everything. NULL-safe. */
void fl_report_free(fl_report *r);

/* Add an input; returns its index or -1 on allocation failure. path is copied; its source
   label is fl_id_source_label's, which the caller may replace (in the arena) before adding
   its records. */
int fl_report_add_input(fl_report *r, const char *path);

/* The source label of input file; "" for no such input. */
const char *fl_report_source(const fl_report *r, uint32_t file);

/*
 * Append a record; its field texts (fields may be NULL: all "") go to the spill file, cut at
 * a NUL byte. Records come in input order: file, then record number (FL_ERR_INPUT, a bug in
 * the caller, otherwise), all before fl_report_finish. *index (may be NULL) receives its index. A record whose source and
 * record id an earlier flagged record of the run had gets the next occurrence and a
 * data-quality issue (judged in full) saying so. Returns FL_OK, FL_ERR_NOMEM, or
 * FL_ERR_OUTPUT when a temporary file cannot be created or written (message printed).
 */
fl_status fl_report_add_rec(fl_report *r, uint32_t file, uint64_t line, uint64_t record,
                            const fl_slice fields[FL_F_COUNT], const char *origin, const char *hs,
                            uint32_t *index);

/* The dates of the record added last (fl_recinfo.date, record_date). */
void fl_report_set_dates(fl_report *r, fl_date date, fl_date record_date);

/* Append a flag of the record added last, rec (evidence written to the spill file), with no
   upstream supplier. FL_OK, FL_ERR_NOMEM, FL_ERR_OUTPUT, or FL_ERR_INPUT when rec is not the
   record added last (a bug in the caller). */
fl_status fl_report_add_flag(fl_report *r, uint32_t rec, uint32_t rule, fl_severity sev,
                             fl_match match, const char *evidence, fl_span span);

/* Append the judge's hit h as a flag of record rec: as fl_report_add_flag, with everything
   the judge knew (its upstream supplier too). */
fl_status fl_report_add_hit(fl_report *r, uint32_t rec, const fl_hit *h);

/*
 * The texts of a flagged record (and of a flag's evidence) read back from the spill file
 * into a caller's reusable buffer. Zero-initialise it; fl_rectext_free() releases it. The
 * pointers stay valid until the next read into the same buffer. A buffer serves one report.
 */
typedef struct fl_rectext {
    const char *field[FL_F_COUNT]; /* NUL-terminated, "" when absent */
    const char *evidence;          /* set by fl_report_flag_text() only */
    const fl_recinfo *info;        /* the record's row */
    /* private */
    const fl_report *from;
    fl_rowview recs; /* of from's records */
    size_t held; /* 1 + index of the record in rbuf, 0 when none */
    char *rbuf, *ebuf;
    size_t rcap, ecap;
    char *win;         /* a window onto the spill file: bytes [win_at, win_at + win_len) */
    uint64_t win_at;
    size_t win_len;
} fl_rectext;

/*
 * Read the field texts of record rec into t->field. Returns FL_OK, FL_ERR_NOMEM, or
 * FL_ERR_OUTPUT when the spill file cannot be read back (message printed).
 */
fl_status fl_report_rec_text(const fl_report *r, size_t rec, fl_rectext *t);

/* Read the field texts of f's record and f's evidence (t->evidence); as fl_report_rec_text. */
fl_status fl_report_flag_text(const fl_report *r, const fl_flag *f, fl_rectext *t);

/* Release a buffer's memory. NULL-safe; the buffer may be reused afterwards. */
void fl_rectext_free(fl_rectext *t);

/* A case's texts read back (fl_report_case_text), valid until the next read into it.
   Zero-initialise; fl_casetext_free() releases it. */
typedef struct fl_casetext {
    const char *party, *examples, *evidence;
    char *buf; /* private */
    size_t cap;
} fl_casetext;

/* Read case c's texts into t. FL_OK, FL_ERR_NOMEM, or FL_ERR_OUTPUT when the spill file
   cannot be read back (message printed). */
fl_status fl_report_case_text(const fl_report *r, const fl_case *c, fl_casetext *t);
void fl_casetext_free(fl_casetext *t);

/* Append n bytes to the spill file; *at receives their offset. FL_OK, FL_ERR_OUTPUT. */
fl_status fl_report_spill_put(fl_report *r, const char *p, size_t n, uint64_t *at);

/* Write what the spill file's buffer holds, so that the writers' threads only read it. FL_OK
   or FL_ERR_OUTPUT. */
fl_status fl_report_spill_flush(fl_report *r);

/* Read n bytes at offset at of the spill file into dst. FL_OK or FL_ERR_OUTPUT. */
fl_status fl_report_spill_get(const fl_report *r, uint64_t at, char *dst, size_t n);

/* How an issue's record was judged (fl_report_add_issue's how): not at all, or in full (the
   issue is a note, such as a duplicate record id or how a date was read); neither: in part. */
enum { FL_ISSUE_REJECTED = 1u, FL_ISSUE_JUDGED = 2u };

/* Append a data-quality issue (strings copied; value shortened to 200 bytes); how is 0,
   FL_ISSUE_REJECTED or FL_ISSUE_JUDGED (true and false stand for rejected or not). */
fl_status fl_report_add_issue(fl_report *r, uint32_t file, uint64_t line, uint64_t record,
                              const char *field, const char *value, size_t value_len,
                              const char *reason, unsigned how);

/*
 * Issue i (< n_issues) read back into t: t->is, whose strings stay valid until the next read
 * into t. Reads in order go through a window onto the files. Zero-initialise t; a reader
 * serves one report; fl_issuetext_free() releases it. FL_OK, FL_ERR_NOMEM, or FL_ERR_OUTPUT
 * when the temporary files cannot be read back (message printed).
 */
typedef struct fl_issuetext {
    fl_issue is;
    /* private */
    fl_rectext win; /* its window onto the spill file */
    fl_rowview rows;
    const fl_report *from;
    const fl_rowfile *of; /* the rows it reads: the notes of duplicates make new ones */
    char *buf;
    size_t cap;
} fl_issuetext;

fl_status fl_report_issue(const fl_report *r, size_t i, fl_issuetext *t);
void fl_issuetext_free(fl_issuetext *t);

/*
 * Append a data-quality issue about a file that is not a shipment input (the supplier list,
 * the holdings): path is copied and shown as the issue's file; otherwise as
 * fl_report_add_issue. file is set to UINT32_MAX.
 */
fl_status fl_report_add_file_issue(fl_report *r, const char *path, uint64_t line,
                                   uint64_t record, const char *field, const char *value,
                                   size_t value_len, const char *reason, unsigned how);

/* A data-quality sink (dq.h) that adds to r with fl_report_add_file_issue; r is borrowed and
   must outlive every use of the sink. */
fl_dq_sink fl_report_dq(fl_report *r);

/*
 * Put the last record's flags in place and compute by_severity, the tallies, the list
 * editions and the rules' joined lists (rule_sources...). The flags are in their total order
 * (file, record, severity descending, rule id, match; remaining ties by evidence, then the
 * order added): records come in input order and each record's flags are sorted when the
 * next record comes. Call once, after screening and before writing.
 * Returns FL_OK; FL_ERR_INPUT (message printed; a bug in the caller) when read differs
 * from flagged + clean + rejected or a flag names a record or rule that does not exist;
 * FL_ERR_NOMEM; FL_ERR_OUTPUT when the spill file cannot be written or read back (message
 * printed).
 */
fl_status fl_report_finish(fl_report *r);

/* Compute by_severity and the tallies again (after fl_cases_build regrouped the importers).
   Returns as fl_report_finish. */
fl_status fl_report_tally(fl_report *r);

/*
 * Move the flags whose memo says suppressed from flags to suppressed (both keep their
 * order) and compute the tallies again. Call after fl_report_finish. Returns as
 * fl_report_finish.
 */
fl_status fl_report_split_suppressed(fl_report *r);

/* The highest severity of any flag, or -1 when there are none. */
int fl_report_max_severity(const fl_report *r);

#endif
