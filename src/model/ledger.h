/*
 * ledger.h - memory across runs (--ledger FILE): the only module that uses SQLite.
 *
 * The ledger is one SQLite file that keeps every committed run, every flag ever raised
 * (by fingerprint), the reviewers' decisions and the rules each rule set held, so that a
 * nightly run can say what is new, what is gone, and carry decisions forward.
 *
 * Schema (version 1, in PRAGMA user_version; fl_ledger_open migrates older files):
 *   runs        id, stamp (UTC time the run started), run_date, as_of, command_line,
 *               tool_version, ruleset_name, ruleset_version, ruleset_sha256, rules_run (the
 *               run whose rules_seen rows describe this run's rule set), the counts
 *               (records_read, flagged, clean, rejected, flags, new_flags, unchanged,
 *               returning_flags, resolved, suppressed, reopened, decisions) and exit_code
 *   run_inputs  run_id, seq, path, sha256, size, records: the inputs of each run
 *   flags       fingerprint (PRIMARY KEY), rule_id, entry, record_key, rule_hash (the rule
 *               content hash when last seen), first_seen_run, last_seen_run, age (new,
 *               unchanged, returning), status (open, reviewed, suppressed, reopened, gone),
 *               shown_disposition and shown_note
 *               (what the last report pre-filled in Disposition and Reviewer notes)
 *   reviews     id, fingerprint, disposition, note, reviewer, date, ruleset_version and
 *               rule_fingerprint (the rule content hash the decision was made against),
 *               run_id (the run that imported it), source ("reviews.csv:4")
 *   rules_seen  run_id, rule_id, rule_hash: written only by a run whose rule set SHA-256
 *               differs from the previous run's (the others point at it through rules_run)
 *
 * One run is one transaction: fl_ledger_open takes the lock and begins it (BEGIN
 * IMMEDIATE), fl_ledger_commit ends it. A run that fails, is interrupted or crashes before
 * the commit leaves the ledger exactly as it was (SQLite rolls the journal back).
 *
 * Concurrency: a run holds an exclusive lock on "FILE.lock" (flock, taken without waiting,
 * the holder's pid written in it) from fl_ledger_open to fl_ledger_close; a second run is
 * refused at once with FL_ERR_BUSY and "ledger 'FILE' is in use by another run (pid N);
 * try again when it ends". The lock is released by the kernel when the holder exits, even
 * by a crash, so a leftover FILE.lock is harmless and is never deleted. Readers (sqlite3,
 * reporting tools) may read the ledger while a run holds it.
 *
 * Decisions carried forward: a flag's latest decision is shown in later reports. A "False
 * positive" suppresses the flag (status suppressed) for as long as the rule content hash
 * equals the one the decision was made against; when the rule or list entry changes the
 * flag is reopened (status reopened, shown as Open with a note saying why) until a new
 * decision is made.
 *
 * Strings returned through fl_ledger_flag and fl_ledger_rule_change are copied into the
 * arena the caller passes, or owned by the ledger until fl_ledger_close, as each says.
 */
#ifndef FL_LEDGER_H
#define FL_LEDGER_H

#include <stdbool.h>
#include <stdint.h>
#include "arena.h"
#include "common.h"
#include "fields.h"
#include "rules.h"

#define FL_LEDGER_SCHEMA 2

typedef struct fl_ledger fl_ledger;

/* What a run says about itself when it starts. All borrowed for the call. */
typedef struct fl_ledger_run_info {
    const char *run_date;     /* YYYY-MM-DD */
    const char *as_of;        /* "" when each record is judged by its own date */
    const char *command_line; /* "" allowed */
    const char *tool_version;
    const char *ruleset_name, *ruleset_version, *ruleset_sha256;
} fl_ledger_run_info;

/* The run before this one (the latest committed run), all zero/"" when there is none. */
typedef struct fl_ledger_prev {
    int64_t id; /* 0: this is the first run */
    char run_date[11];
    char ruleset_version[64]; /* cut to fit */
    char ruleset_sha256[65];
} fl_ledger_prev;

/*
 * Take the lock on path + ".lock", open or create the ledger at path, begin the run's
 * transaction, migrate the schema to FL_LEDGER_SCHEMA and add this run (its counts are
 * filled at commit). Returns FL_OK with *out set; FL_ERR_BUSY when another run holds the
 * ledger (message printed); FL_ERR_INPUT when path is not an flscan ledger or was written by
 * a newer flscan; FL_ERR_OUTPUT when it cannot be created or written; FL_ERR_NOMEM.
 */
fl_status fl_ledger_open(const char *path, const fl_ledger_run_info *info, fl_ledger **out);

/* This run's id (1 for the first run of a ledger). */
int64_t fl_ledger_run_id(const fl_ledger *l);

/* The previous run (borrowed, owned by the ledger). */
const fl_ledger_prev *fl_ledger_previous(const fl_ledger *l);

/* ---- rules ---------------------------------------------------------------------------- */

typedef enum fl_rule_change_kind {
    FL_RULE_ADDED = 0,
    FL_RULE_REMOVED,
    FL_RULE_CHANGED,
} fl_rule_change_kind;

/* "added", "removed", "changed" */
const char *fl_rule_change_str(fl_rule_change_kind k);

typedef struct fl_ledger_rule_change {
    const char *rule_id; /* owned by the ledger */
    fl_rule_change_kind kind;
} fl_ledger_rule_change;

/*
 * Record the rules of this run (ids[i] with content hash hashes[i], see fl_id_rule_hash (identity.h))
 * and compare them with the previous run's. *changes receives the rules added, removed or
 * changed, sorted by rule id (owned by the ledger until close; NULL and 0 when the rule set
 * SHA-256 is the previous run's, or there is no previous run). Call once, after open.
 */
fl_status fl_ledger_rules(fl_ledger *l, const char *const *ids, const char (*hashes)[65], size_t n,
                          const fl_ledger_rule_change **changes, size_t *n_changes);

/* ---- decisions ------------------------------------------------------------------------ */

/*
 * A reviewer's decision about one flag or one case (a group of flags), as read from a
 * review file. Exactly one of fingerprint and case_id is set. All borrowed.
 */
typedef struct fl_decision {
    const char *fingerprint; /* 64 lower-case hex digits; NULL for a case decision */
    const char *disposition; /* "Open", "Confirmed", "False positive", "Escalated", "Resolved" */
    const char *note;        /* "" when none */
    const char *reviewer;    /* "" when unknown */
    const char *date;        /* YYYY-MM-DD, "" for the run date */
    const char *source;      /* where it was read, for messages and the ledger */
    const char *case_id;     /* "C-" and 12 lower-case hex digits; NULL for a flag decision */
    /* who and when when reviewer and date are stale: a changed decision still showing the
       earlier decision's pre-filled Reviewed by and Reviewed on (NULL: "" and the run date) */
    const char *fallback_reviewer, *fallback_date;
} fl_decision;

typedef enum fl_decision_result {
    FL_DECISION_RECORDED = 0, /* a new decision, stored */
    FL_DECISION_SAME,         /* equal to the flag's latest decision or to what the last report
                                 showed: nothing new, not stored */
    FL_DECISION_UNKNOWN,      /* the ledger never saw this fingerprint (case): not stored */
    FL_DECISION_CONFLICT,     /* stored, over a different decision read earlier in this run
                                 (the latest read wins; the caller warns) */
} fl_decision_result;

/*
 * Record d against the flag's rule content hash as last seen (the report the reviewer
 * read). *res says what happened. FL_ERR_OUTPUT on a database error (message printed).
 */
fl_status fl_ledger_decide(fl_ledger *l, const fl_decision *d, fl_decision_result *res);

/* ---- flags of this run ---------------------------------------------------------------- */

typedef enum fl_flag_status {
    FL_FLAG_OPEN = 0,   /* no decision, or the latest decision is Open */
    FL_FLAG_REVIEWED,   /* Confirmed, Escalated or Resolved: carried forward */
    FL_FLAG_SUPPRESSED, /* a false positive, made against the current rule or list entry */
    FL_FLAG_REOPENED,   /* a false positive made against a rule or list entry since changed */
} fl_flag_status;

/* "open", "reviewed", "suppressed", "reopened" (as stored in flags.status) */
const char *fl_flag_status_str(fl_flag_status s);

typedef enum fl_flag_age {
    FL_AGE_NEW = 0,   /* first raised by this run */
    FL_AGE_UNCHANGED, /* also raised by the previous run */
    FL_AGE_RETURNING, /* raised before, but not by the previous run */
} fl_flag_age;

/* A flag raised by this run. All borrowed. */
typedef struct fl_ledger_seen {
    const char *fingerprint; /* fl_id_fingerprint (identity.h) */
    const char *rule_id;
    const char *entry;      /* the list entry matched: the entity id, else the rule id */
    bool entity;            /* entry is an entity of a list (for the reopen note) */
    const char *record_key; /* fl_id_record_key (identity.h) */
    const char *rule_hash;  /* fl_id_rule_hash of the rule now */
} fl_ledger_seen;

/* What the ledger says about a flag of this run. Strings in the caller's arena; "" none. */
typedef struct fl_ledger_flag {
    fl_flag_age age;
    fl_flag_status status;
    int64_t first_run;
    char first_seen[11]; /* run date of the first run that raised it */
    /* what the report shows in Disposition and Reviewer notes ("" when nothing) */
    const char *disposition, *note;
    /* the latest decision ("" when none): who, when, against which rule set version */
    const char *decided_by, *decided_on, *decided_version;
} fl_ledger_flag;

/*
 * Note that this run raised s: decide its age and status from what the ledger holds, store
 * it (last seen by this run, with its status and shown texts) and describe it in *out
 * (strings copied into a). FL_ERR_OUTPUT on a database error, FL_ERR_NOMEM.
 */
fl_status fl_ledger_observe(fl_ledger *l, const fl_ledger_seen *s, fl_arena *a,
                            fl_ledger_flag *out);

/*
 * After every flag of the run was observed: the flags the previous run raised that this
 * run did not (resolved), marked gone. Call once.
 */
fl_status fl_ledger_resolve(fl_ledger *l, uint64_t *n_resolved);

/* ---- cases (cases.h) -------------------------------------------------------------------- */

/*
 * A decision about a case (d->case_id set), made against the rule content hash the case was
 * last seen with. SAME when it repeats the case's latest decision (disposition and note, and
 * the reviewer and date when given) or is an Open on a case never decided; UNKNOWN when the
 * ledger never saw the case. FL_ERR_OUTPUT on a database error.
 */
fl_status fl_ledger_decide_case(fl_ledger *l, const fl_decision *d, fl_decision_result *res);

/* A case raised by this run. All borrowed. */
typedef struct fl_ledger_case_seen {
    const char *case_id, *rule_id;
    const char *entry;     /* the list entry: the entity id, else the rule id */
    bool entity;           /* entry is an entity of a list (for the reason) */
    const char *rule_hash; /* fl_id_rule_hash of the rule now */
    uint64_t shipments;
    unsigned expiry_days;  /* a decision older than this returns the case; 0 never */
} fl_ledger_case_seen;

/*
 * Where a case stands. A decision other than Open holds (decided) while the rule's content
 * hash is the one it was made against and it is not older than the review period; else the
 * case is returning, with the reason. An Open after a decision is a reviewer's reopening:
 * returning, "reopened by ...". Strings in the caller's arena, "" when none.
 */
typedef struct fl_ledger_case {
    bool seen_before;     /* raised by an earlier run */
    char first_seen[11];  /* run date of the first run that raised it */
    bool decided, returning;
    const char *reason;   /* why it returned */
    const char *decision, *note, *reviewed_by, *reviewed_on; /* the latest decision */
} fl_ledger_case;

/* Note that this run raised the case s, and say where it stands in *out. FL_ERR_OUTPUT on a
   database error, FL_ERR_NOMEM. */
fl_status fl_ledger_observe_case(fl_ledger *l, const fl_ledger_case_seen *s, fl_arena *a,
                                 fl_ledger_case *out);

/* ---- end of the run ------------------------------------------------------------------- */

typedef struct fl_ledger_input {
    const char *path, *sha256;
    uint64_t size, records;
} fl_ledger_input;

typedef struct fl_ledger_counts {
    uint64_t records_read, flagged, clean, rejected;
    uint64_t flags, new_flags, unchanged, returning, resolved, suppressed, reopened, decisions;
    uint64_t cases, cases_new, cases_returning, cases_decided;
    int exit_code;
} fl_ledger_counts;

/*
 * Store the run's inputs and counts and commit the transaction. Returns FL_OK, or
 * FL_ERR_OUTPUT (message printed; nothing of the run is kept).
 */
fl_status fl_ledger_commit(fl_ledger *l, const fl_ledger_input *inputs, size_t n_inputs,
                           const fl_ledger_counts *counts);

/* Roll back what was not committed, close the database, release the lock. NULL-safe. */
void fl_ledger_close(fl_ledger *l);

/* "SQLite 3.40.1" for the run stamp. Static. */
const char *fl_ledger_version(void);

/* ---- health: 'flscan ledger check' and 'flscan ledger backup' ------------------------- */

/*
 * A damaged ledger (SQLite finds a page it cannot read, or the file is no database) is an
 * input error wherever it shows, in a run as in a check: FL_ERR_INPUT with "ledger 'FILE' is
 * corrupt (...); restore it from a backup ('flscan ledger backup' makes one) or move it aside
 * so that the next run starts a new ledger".
 */

/* What a check (or the check of a backup's copy) found; zero and "" for what it did not
 * get to. */
typedef struct fl_ledger_health {
    int64_t pages, page_size; /* the database's size in SQLite pages */
    unsigned problems;        /* integrity_check and foreign_key_check findings (up to 100) */
    char first_problem[200];  /* the first of them, cut to fit; "" when none */
    int schema;               /* PRAGMA user_version */
    int64_t runs;             /* committed runs */
    int64_t last_run;         /* the latest run's id; 0 when there is none */
    char last_stamp[21];      /* its start, UTC ("2026-01-01T02:30:00Z") */
    char last_run_date[11];   /* its run date (YYYY-MM-DD) */
    int last_exit;            /* its exit code */
    uint64_t last_records, last_flags;
    bool rolled_back;         /* check: the journal of a run killed mid-way was rolled back */
} fl_ledger_health;

/*
 * Check the ledger at path: PRAGMA integrity_check and foreign_key_check over every page,
 * the schema version, the runs. Takes the ledger's lock as a run does (without waiting),
 * so it never runs beside a run, and then only reads; the one write it may cause is
 * SQLite's own rollback of a hot journal left by a run killed mid-way (which the next run
 * would do anyway; h->rolled_back says so). Fills *h as far as it got. Returns FL_OK when
 * the ledger is healthy; FL_ERR_INPUT when path is missing, not a file, not an SQLite
 * database, corrupt, not an flscan ledger (no schema version, or tables of its own), empty
 * or of a newer schema; FL_ERR_BUSY when a run holds it; FL_ERR_NOMEM (message printed).
 */
fl_status fl_ledger_check(const char *path, fl_ledger_health *h);

/*
 * Copy the ledger at path to dest with SQLite's online backup API: a consistent snapshot
 * of what was committed, even while a run holds the ledger (it takes no lock of flscan's,
 * reads a few pages at a time, waits out a commit up to 10 s, and starts again when
 * another process commits meanwhile). The copy is written under a temporary name beside
 * dest (outfile.h), checked like fl_ledger_check (a corrupt ledger is not copied over a
 * good backup), and renamed over dest only then; the folder is synced. *h describes the
 * copy. Returns FL_OK; FL_ERR_USAGE when dest is the ledger itself (or its lock or journal);
 * FL_ERR_INPUT as fl_ledger_check; FL_ERR_OUTPUT when dest cannot be written;
 * FL_ERR_BUSY when the ledger stayed locked; FL_ERR_INTERRUPTED on SIGINT or SIGTERM
 * (interrupt.h; nothing written); FL_ERR_NOMEM. Every failure but the interrupt prints a
 * message, and none leaves a temporary file or touches dest.
 */
fl_status fl_ledger_backup(const char *path, const char *dest, fl_ledger_health *h);

#endif
