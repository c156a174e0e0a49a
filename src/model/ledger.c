/* ledger.c - memory across runs in SQLite; see ledger.h. The only user of SQLite. */
#define _DEFAULT_SOURCE /* flock() */
#include "ledger.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "diag.h"
#include "interrupt.h"
#include "outfile.h"

/* A run waits this long for another program (sqlite3, a reporting tool) to let go. */
#define BUSY_TIMEOUT_MS 2000

/*
 * Schema steps: migrations[v] takes a ledger from version v to v + 1. Each runs inside the
 * run's transaction, so a failed migration leaves the file as it was.
 */
static const char *const migrations[] = {
    /* 0 -> 1 */
    "CREATE TABLE runs ("
    "  id INTEGER PRIMARY KEY,"
    "  stamp TEXT NOT NULL,"
    "  run_date TEXT NOT NULL,"
    "  as_of TEXT NOT NULL,"
    "  command_line TEXT NOT NULL,"
    "  tool_version TEXT NOT NULL,"
    "  ruleset_name TEXT NOT NULL,"
    "  ruleset_version TEXT NOT NULL,"
    "  ruleset_sha256 TEXT NOT NULL,"
    "  rules_run INTEGER REFERENCES runs(id),"
    "  records_read INTEGER, flagged INTEGER, clean INTEGER, rejected INTEGER,"
    "  flags INTEGER, new_flags INTEGER, unchanged INTEGER, returning_flags INTEGER,"
    "  resolved INTEGER,"
    "  suppressed INTEGER, reopened INTEGER, decisions INTEGER, exit_code INTEGER);"
    "CREATE TABLE run_inputs ("
    "  run_id INTEGER NOT NULL REFERENCES runs(id),"
    "  seq INTEGER NOT NULL,"
    "  path TEXT NOT NULL,"
    "  sha256 TEXT NOT NULL,"
    "  size INTEGER NOT NULL,"
    "  records INTEGER NOT NULL,"
    "  PRIMARY KEY (run_id, seq));"
    "CREATE TABLE flags ("
    "  fingerprint TEXT PRIMARY KEY,"
    "  rule_id TEXT NOT NULL,"
    "  entry TEXT NOT NULL,"
    "  record_key TEXT NOT NULL,"
    "  rule_hash TEXT NOT NULL,"
    "  first_seen_run INTEGER NOT NULL REFERENCES runs(id),"
    "  last_seen_run INTEGER NOT NULL REFERENCES runs(id),"
    "  age TEXT NOT NULL,"
    "  status TEXT NOT NULL,"
    "  shown_disposition TEXT NOT NULL DEFAULT '',"
    "  shown_note TEXT NOT NULL DEFAULT '');"
    "CREATE INDEX flags_last_seen ON flags(last_seen_run);"
    "CREATE TABLE reviews ("
    "  id INTEGER PRIMARY KEY,"
    "  fingerprint TEXT NOT NULL REFERENCES flags(fingerprint),"
    "  disposition TEXT NOT NULL,"
    "  note TEXT NOT NULL,"
    "  reviewer TEXT NOT NULL,"
    "  date TEXT NOT NULL,"
    "  ruleset_version TEXT NOT NULL,"
    "  rule_fingerprint TEXT NOT NULL,"
    "  run_id INTEGER NOT NULL REFERENCES runs(id),"
    "  source TEXT NOT NULL);"
    "CREATE INDEX reviews_fingerprint ON reviews(fingerprint, id);"
    "CREATE TABLE rules_seen ("
    "  run_id INTEGER NOT NULL REFERENCES runs(id),"
    "  rule_id TEXT NOT NULL,"
    "  rule_hash TEXT NOT NULL,"
    "  PRIMARY KEY (run_id, rule_id)) WITHOUT ROWID;",
    /* 1 -> 2: cases and the decisions made on them */
    "CREATE TABLE cases ("
    "  case_id TEXT PRIMARY KEY,"
    "  rule_id TEXT NOT NULL,"
    "  entry TEXT NOT NULL,"
    "  rule_hash TEXT NOT NULL,"
    "  first_seen_run INTEGER NOT NULL REFERENCES runs(id),"
    "  last_seen_run INTEGER NOT NULL REFERENCES runs(id),"
    "  status TEXT NOT NULL,"
    "  shipments INTEGER NOT NULL);"
    "CREATE TABLE case_reviews ("
    "  id INTEGER PRIMARY KEY,"
    "  case_id TEXT NOT NULL REFERENCES cases(case_id),"
    "  disposition TEXT NOT NULL,"
    "  note TEXT NOT NULL,"
    "  reviewer TEXT NOT NULL,"
    "  date TEXT NOT NULL,"
    "  rule_hash TEXT NOT NULL,"
    "  run_id INTEGER NOT NULL REFERENCES runs(id),"
    "  source TEXT NOT NULL);"
    "CREATE INDEX case_reviews_case ON case_reviews(case_id, id);"
    "ALTER TABLE runs ADD COLUMN cases INTEGER;"
    "ALTER TABLE runs ADD COLUMN cases_new INTEGER;"
    "ALTER TABLE runs ADD COLUMN cases_returning INTEGER;"
    "ALTER TABLE runs ADD COLUMN cases_decided INTEGER;",
};
#define N_MIGRATIONS (sizeof migrations / sizeof migrations[0])
_Static_assert(N_MIGRATIONS == FL_LEDGER_SCHEMA, "one migration per schema version");

enum stmt_id {
    S_FLAG_FOR_DECISION,
    S_LATEST_REVIEW,
    S_INSERT_REVIEW,
    S_FLAG,
    S_UPSERT_FLAG,
    S_CASE,
    S_LATEST_CASE_REVIEW,
    S_INSERT_CASE_REVIEW,
    S_UPSERT_CASE,
    S_COUNT
};

static const char *const stmt_sql[S_COUNT] = {
    [S_CASE] = "SELECT c.rule_hash, c.first_seen_run, r.run_date FROM cases c "
               "JOIN runs r ON r.id = c.first_seen_run WHERE c.case_id = ?1",
    [S_LATEST_CASE_REVIEW] = "SELECT disposition, note, reviewer, date, rule_hash, run_id, id "
                             "FROM case_reviews WHERE case_id = ?1 ORDER BY id DESC LIMIT 2",
    [S_INSERT_CASE_REVIEW] = "INSERT INTO case_reviews (case_id, disposition, note, reviewer, "
                             "date, rule_hash, run_id, source) "
                             "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    [S_UPSERT_CASE] = "INSERT INTO cases (case_id, rule_id, entry, rule_hash, first_seen_run, "
                      "last_seen_run, status, shipments) VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6, ?7) "
                      "ON CONFLICT (case_id) DO UPDATE SET rule_hash = excluded.rule_hash, "
                      "last_seen_run = excluded.last_seen_run, status = excluded.status, "
                      "shipments = excluded.shipments",
    [S_FLAG_FOR_DECISION] =
        "SELECT f.rule_hash, f.shown_disposition, f.shown_note, r.ruleset_version "
        "FROM flags f JOIN runs r ON r.id = f.last_seen_run WHERE f.fingerprint = ?1",
    [S_LATEST_REVIEW] = "SELECT disposition, note, reviewer, date, rule_fingerprint, "
                        "ruleset_version, run_id FROM reviews WHERE fingerprint = ?1 "
                        "ORDER BY id DESC LIMIT 1",
    [S_INSERT_REVIEW] = "INSERT INTO reviews (fingerprint, disposition, note, reviewer, date, "
                        "ruleset_version, rule_fingerprint, run_id, source) "
                        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    [S_FLAG] = "SELECT f.first_seen_run, f.last_seen_run, f.age, r.run_date "
               "FROM flags f JOIN runs r ON r.id = f.first_seen_run WHERE f.fingerprint = ?1",
    [S_UPSERT_FLAG] =
        "INSERT INTO flags (fingerprint, rule_id, entry, record_key, rule_hash, "
        "first_seen_run, last_seen_run, age, status, shown_disposition, shown_note) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7, ?8, ?9, ?10) "
        "ON CONFLICT (fingerprint) DO UPDATE SET rule_id = excluded.rule_id, "
        "entry = excluded.entry, record_key = excluded.record_key, "
        "rule_hash = excluded.rule_hash, last_seen_run = excluded.last_seen_run, "
        "age = excluded.age, status = excluded.status, "
        "shown_disposition = excluded.shown_disposition, shown_note = excluded.shown_note",
};

struct fl_ledger {
    sqlite3 *db;
    char *path;
    int lock_fd;
    bool in_txn;
    int64_t run;
    char run_date[11];
    char ruleset_sha256[65];
    fl_ledger_prev prev;
    int64_t prev_rules_run; /* the run whose rules_seen rows describe the previous rule set */
    sqlite3_stmt *st[S_COUNT];
    fl_status stmt_status; /* why stmt() last returned NULL */
    fl_arena arena; /* rule changes */
    fl_ledger_rule_change *changes;
    size_t n_changes;
};

static const char *const change_names[] = {"added", "removed", "changed"};
static const char *const status_names[] = {"open", "reviewed", "suppressed", "reopened"};
static const char *const age_names[] = {"new", "unchanged", "returning"};

const char *fl_rule_change_str(fl_rule_change_kind k)
{
    return (unsigned)k < 3 ? change_names[k] : "?";
}

const char *fl_flag_status_str(fl_flag_status s)
{
    return (unsigned)s < 4 ? status_names[s] : "?";
}

const char *fl_ledger_version(void)
{
    static char v[40];
    if (!v[0])
        snprintf(v, sizeof v, "SQLite %s", sqlite3_libversion());
    return v;
}

/* ---- database helpers ------------------------------------------------------------------ */

/* What to do about a damaged ledger, said wherever SQLite finds the damage. */
#define ADVICE                                                                                     \
    "restore it from a backup ('flscan ledger backup' makes one) or move it aside so that the "   \
    "next run starts a new ledger"

/* SQLite's verdict that the file is damaged, or no database at all. */
static bool damaged(int rc)
{
    rc &= 0xff;
    return rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB;
}

/*
 * A damaged ledger is an input error (exit 3), wherever the damage shows: the run cannot go
 * on, and writing elsewhere would not help.
 */
static fl_status corrupt_error(const char *path, const char *what, const char *detail)
{
    fl_error("ledger '%s' is corrupt (%s: %s); " ADVICE, path, what, detail);
    return FL_ERR_INPUT;
}

static fl_status db_error(fl_ledger *l, const char *what)
{
    if (l->db && damaged(sqlite3_extended_errcode(l->db)))
        return corrupt_error(l->path, what, sqlite3_errmsg(l->db));
    fl_error("ledger '%s': %s: %s", l->path, what, l->db ? sqlite3_errmsg(l->db) : "no database");
    return FL_ERR_OUTPUT;
}

static fl_status exec(fl_ledger *l, const char *sql, const char *what)
{
    char *msg = NULL;
    int rc = sqlite3_exec(l->db, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK) {
        fl_status st = FL_ERR_OUTPUT;
        if (damaged(rc))
            st = corrupt_error(l->path, what, msg ? msg : sqlite3_errmsg(l->db));
        else
            fl_error("ledger '%s': %s: %s", l->path, what, msg ? msg : sqlite3_errmsg(l->db));
        sqlite3_free(msg);
        return st;
    }
    return FL_OK;
}

static sqlite3_stmt *stmt(fl_ledger *l, enum stmt_id id)
{
    sqlite3_stmt *s = l->st[id];
    if (!s && sqlite3_prepare_v3(l->db, stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT, &l->st[id],
                                 NULL) != SQLITE_OK) {
        l->stmt_status = db_error(l, "cannot prepare a statement");
        return NULL;
    }
    s = l->st[id];
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    return s;
}

static void bind_text(sqlite3_stmt *s, int i, const char *v)
{
    sqlite3_bind_text(s, i, v ? v : "", -1, SQLITE_TRANSIENT);
}

/* Column text, never NULL. */
static const char *col_text(sqlite3_stmt *s, int i)
{
    const unsigned char *t = sqlite3_column_text(s, i);
    return t ? (const char *)t : "";
}

static void copy_text(char *dst, size_t cap, const char *src)
{
    snprintf(dst, cap, "%s", src ? src : "");
}

/* ---- lock ------------------------------------------------------------------------------ */

/* The pid a lock holder wrote into the lock file, or 0 when it cannot be read. */
static long holder_pid(int fd)
{
    char buf[32];
    ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
    if (n <= 0)
        return 0;
    buf[n] = '\0';
    char *end;
    long pid = strtol(buf, &end, 10);
    return pid > 0 ? pid : 0;
}

static fl_status take_lock(fl_ledger *l)
{
    size_t n = strlen(l->path) + 6;
    char *lock = malloc(n);
    if (!lock)
        return FL_ERR_NOMEM;
    snprintf(lock, n, "%s.lock", l->path);
    l->lock_fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    if (l->lock_fd < 0) {
        fl_error("cannot open ledger '%s': cannot create its lock file '%s': %s", l->path, lock,
                 strerror(errno));
        free(lock);
        return FL_ERR_OUTPUT;
    }
    free(lock);
    if (flock(l->lock_fd, LOCK_EX | LOCK_NB) != 0) {
        if (errno == EWOULDBLOCK || errno == EAGAIN) {
            long pid = holder_pid(l->lock_fd);
            if (pid)
                fl_error("ledger '%s' is in use by another run (pid %ld); try again when it "
                         "ends",
                         l->path, pid);
            else
                fl_error("ledger '%s' is in use by another run; try again when it ends", l->path);
            return FL_ERR_BUSY;
        }
        fl_error("cannot lock ledger '%s': %s", l->path, strerror(errno));
        return FL_ERR_OUTPUT;
    }
    /* For the message a refused run prints; the lock itself is the flock. */
    char pid[32];
    int len = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
    if (ftruncate(l->lock_fd, 0) != 0 || pwrite(l->lock_fd, pid, (size_t)len, 0) != len)
        fl_warn("ledger '%s': cannot write the pid into its lock file: %s", l->path,
                strerror(errno));
    return FL_OK;
}

/* ---- open and migrate ------------------------------------------------------------------ */

static fl_status user_version(fl_ledger *l, int *v)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(l->db, "PRAGMA user_version", -1, &s, NULL) != SQLITE_OK)
        return FL_ERR_INPUT;
    int rc = sqlite3_step(s);
    *v = rc == SQLITE_ROW ? sqlite3_column_int(s, 0) : -1;
    sqlite3_finalize(s);
    return rc == SQLITE_ROW ? FL_OK : FL_ERR_INPUT;
}

static fl_status migrate(fl_ledger *l)
{
    int v;
    if (user_version(l, &v) != FL_OK) {
        fl_error("ledger '%s' is not an SQLite database (%s); if it is a ledger, it is "
                 "corrupt: " ADVICE,
                 l->path, sqlite3_errmsg(l->db));
        return FL_ERR_INPUT;
    }
    if (v > FL_LEDGER_SCHEMA) {
        fl_error("ledger '%s' was written by a newer flscan (schema %d; this flscan reads up "
                 "to %d); use that flscan or a new ledger",
                 l->path, v, FL_LEDGER_SCHEMA);
        return FL_ERR_INPUT;
    }
    if (v == 0) {
        /* Version 0 is a new, empty file; anything else in it is someone else's data. */
        sqlite3_stmt *s;
        int tables = -1;
        if (sqlite3_prepare_v2(l->db, "SELECT count(*) FROM sqlite_schema", -1, &s, NULL) ==
            SQLITE_OK) {
            if (sqlite3_step(s) == SQLITE_ROW)
                tables = sqlite3_column_int(s, 0);
            sqlite3_finalize(s);
        }
        if (tables != 0) {
            fl_error("ledger '%s' is an SQLite database but not an flscan ledger (it has "
                     "tables and no ledger schema version); give another file",
                     l->path);
            return FL_ERR_INPUT;
        }
    }
    for (int step = v; step < FL_LEDGER_SCHEMA; step++) {
        char what[64], pragma[48];
        snprintf(what, sizeof what, "cannot migrate from schema %d to %d", step, step + 1);
        fl_status st = exec(l, migrations[step], what);
        if (st != FL_OK)
            return st;
        snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", step + 1);
        if ((st = exec(l, pragma, what)) != FL_OK)
            return st;
    }
    return FL_OK;
}

static fl_status read_previous(fl_ledger *l)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(l->db,
                           "SELECT id, run_date, ruleset_version, ruleset_sha256, rules_run "
                           "FROM runs ORDER BY id DESC LIMIT 1",
                           -1, &s, NULL) != SQLITE_OK)
        return db_error(l, "cannot read the runs");
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        l->prev.id = sqlite3_column_int64(s, 0);
        copy_text(l->prev.run_date, sizeof l->prev.run_date, col_text(s, 1));
        copy_text(l->prev.ruleset_version, sizeof l->prev.ruleset_version, col_text(s, 2));
        copy_text(l->prev.ruleset_sha256, sizeof l->prev.ruleset_sha256, col_text(s, 3));
        l->prev_rules_run = sqlite3_column_int64(s, 4);
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return db_error(l, "cannot read the runs");
    return FL_OK;
}

static void utc_stamp(char out[21])
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static fl_status add_run(fl_ledger *l, const fl_ledger_run_info *in)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(l->db,
                           "INSERT INTO runs (stamp, run_date, as_of, command_line, "
                           "tool_version, ruleset_name, ruleset_version, ruleset_sha256) "
                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                           -1, &s, NULL) != SQLITE_OK)
        return db_error(l, "cannot add the run");
    char stamp[21];
    utc_stamp(stamp);
    bind_text(s, 1, stamp);
    bind_text(s, 2, in->run_date);
    bind_text(s, 3, in->as_of);
    bind_text(s, 4, in->command_line);
    bind_text(s, 5, in->tool_version);
    bind_text(s, 6, in->ruleset_name);
    bind_text(s, 7, in->ruleset_version);
    bind_text(s, 8, in->ruleset_sha256);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return db_error(l, "cannot add the run");
    l->run = sqlite3_last_insert_rowid(l->db);
    return FL_OK;
}

fl_status fl_ledger_open(const char *path, const fl_ledger_run_info *info, fl_ledger **out)
{
    *out = NULL;
    fl_ledger *l = calloc(1, sizeof *l);
    if (!l)
        return FL_ERR_NOMEM;
    l->lock_fd = -1;
    l->path = strdup(path);
    if (!l->path) {
        free(l);
        return FL_ERR_NOMEM;
    }
    copy_text(l->run_date, sizeof l->run_date, info->run_date);
    copy_text(l->ruleset_sha256, sizeof l->ruleset_sha256, info->ruleset_sha256);
    fl_status st = take_lock(l);
    if (st != FL_OK)
        goto fail;
    int rc = sqlite3_open_v2(path, &l->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (rc != SQLITE_OK) {
        fl_error("cannot open ledger '%s': %s", path,
                 l->db ? sqlite3_errmsg(l->db) : sqlite3_errstr(rc));
        st = FL_ERR_OUTPUT;
        goto fail;
    }
    sqlite3_extended_result_codes(l->db, 1);
    sqlite3_busy_timeout(l->db, BUSY_TIMEOUT_MS);
    /* Outside a transaction, or it is ignored. Failing here means "not a database". */
    char *msg = NULL;
    if (sqlite3_exec(l->db, "PRAGMA foreign_keys = ON", NULL, NULL, &msg) != SQLITE_OK) {
        fl_error("ledger '%s' is not an SQLite database (%s); if it is a ledger, it is "
                 "corrupt: " ADVICE,
                 path, msg ? msg : "unreadable");
        sqlite3_free(msg);
        st = FL_ERR_INPUT;
        goto fail;
    }
    rc = sqlite3_exec(l->db, "BEGIN IMMEDIATE", NULL, NULL, &msg);
    if (rc != SQLITE_OK) {
        int base = rc & 0xff;
        if (base == SQLITE_BUSY || base == SQLITE_LOCKED) {
            fl_error("ledger '%s' is in use by another program; try again when it ends", path);
            st = FL_ERR_BUSY;
        } else if (damaged(base)) {
            st = corrupt_error(path, "cannot begin the run", msg ? msg : sqlite3_errstr(rc));
        } else {
            fl_error("cannot open ledger '%s': %s", path, msg ? msg : sqlite3_errstr(rc));
            st = FL_ERR_OUTPUT;
        }
        sqlite3_free(msg);
        goto fail;
    }
    l->in_txn = true;
    if ((st = migrate(l)) != FL_OK || (st = read_previous(l)) != FL_OK ||
        (st = add_run(l, info)) != FL_OK)
        goto fail;
    *out = l;
    return FL_OK;
fail:
    fl_ledger_close(l);
    return st;
}

int64_t fl_ledger_run_id(const fl_ledger *l)
{
    return l->run;
}

const fl_ledger_prev *fl_ledger_previous(const fl_ledger *l)
{
    return &l->prev;
}

/* ---- rules ----------------------------------------------------------------------------- */

static fl_status set_rules_run(fl_ledger *l, int64_t rules_run)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(l->db, "UPDATE runs SET rules_run = ?1 WHERE id = ?2", -1, &s, NULL) !=
        SQLITE_OK)
        return db_error(l, "cannot record the rules");
    sqlite3_bind_int64(s, 1, rules_run);
    sqlite3_bind_int64(s, 2, l->run);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? FL_OK : db_error(l, "cannot record the rules");
}

fl_status fl_ledger_rules(fl_ledger *l, const char *const *ids, const char (*hashes)[65], size_t n,
                          const fl_ledger_rule_change **changes, size_t *n_changes)
{
    *changes = NULL;
    *n_changes = 0;
    /* The same rule set as last time: nothing to store or compare. */
    if (l->prev.id && l->prev_rules_run && strcmp(l->prev.ruleset_sha256, l->ruleset_sha256) == 0)
        return set_rules_run(l, l->prev_rules_run);
    fl_status st = set_rules_run(l, l->run);
    if (st != FL_OK)
        return st;
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(l->db,
                           "INSERT OR REPLACE INTO rules_seen (run_id, rule_id, rule_hash) "
                           "VALUES (?1, ?2, ?3)",
                           -1, &s, NULL) != SQLITE_OK)
        return db_error(l, "cannot record the rules");
    for (size_t i = 0; i < n; i++) {
        sqlite3_reset(s);
        sqlite3_bind_int64(s, 1, l->run);
        bind_text(s, 2, ids[i]);
        bind_text(s, 3, hashes[i]);
        if (sqlite3_step(s) != SQLITE_DONE) {
            sqlite3_finalize(s);
            return db_error(l, "cannot record the rules");
        }
    }
    sqlite3_finalize(s);
    if (!l->prev.id || !l->prev_rules_run)
        return FL_OK;

    static const char compare[] =
        "SELECT c.rule_id, CASE WHEN p.rule_id IS NULL THEN 0 ELSE 2 END "
        "FROM rules_seen c LEFT JOIN rules_seen p ON p.run_id = ?2 AND p.rule_id = c.rule_id "
        "WHERE c.run_id = ?1 AND (p.rule_id IS NULL OR p.rule_hash <> c.rule_hash) "
        "UNION ALL "
        "SELECT p.rule_id, 1 FROM rules_seen p WHERE p.run_id = ?2 AND NOT EXISTS "
        "(SELECT 1 FROM rules_seen c WHERE c.run_id = ?1 AND c.rule_id = p.rule_id) "
        "ORDER BY 1";
    if (sqlite3_prepare_v2(l->db, compare, -1, &s, NULL) != SQLITE_OK)
        return db_error(l, "cannot compare the rules");
    sqlite3_bind_int64(s, 1, l->run);
    sqlite3_bind_int64(s, 2, l->prev_rules_run);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (!fl_grow((void **)&l->changes, &cap, l->n_changes + 1, sizeof *l->changes)) {
            sqlite3_finalize(s);
            return FL_ERR_NOMEM;
        }
        fl_ledger_rule_change *c = &l->changes[l->n_changes];
        c->rule_id = fl_arena_strdup(&l->arena, col_text(s, 0));
        c->kind = (fl_rule_change_kind)sqlite3_column_int(s, 1);
        if (!c->rule_id) {
            sqlite3_finalize(s);
            return FL_ERR_NOMEM;
        }
        l->n_changes++;
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return db_error(l, "cannot compare the rules");
    *changes = l->changes;
    *n_changes = l->n_changes;
    return FL_OK;
}

/* ---- decisions ------------------------------------------------------------------------- */

static bool same(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

/*
 * A changed decision whose Reviewed by and Reviewed on are still the earlier decision's (the
 * report pre-fills them): the reviewer changed the decision and left the cells, so the
 * names there are not who made this one.
 */
static bool stale_credit(const fl_decision *d, const char *prev_by, const char *prev_on)
{
    return d->reviewer && *d->reviewer && same(d->reviewer, prev_by) && d->date && *d->date &&
           same(d->date, prev_on);
}

/* Who made decision d and when, as recorded: its own cells, or when they are stale the
   reader's fallbacks (--reviewer or the file's metadata; the run date). */
static void credit(const fl_decision *d, bool stale, const char *run_date, const char **who,
                   const char **date)
{
    const char *by = stale ? d->fallback_reviewer : d->reviewer;
    const char *on = stale ? d->fallback_date : d->date;
    *who = by ? by : "";
    *date = on && *on ? on : run_date;
}

fl_status fl_ledger_decide(fl_ledger *l, const fl_decision *d, fl_decision_result *res)
{
    *res = FL_DECISION_UNKNOWN;
    sqlite3_stmt *s = stmt(l, S_FLAG_FOR_DECISION);
    if (!s)
        return l->stmt_status;
    bind_text(s, 1, d->fingerprint);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_DONE)
        return FL_OK;
    if (rc != SQLITE_ROW)
        return db_error(l, "cannot read a flag");
    /* Copies: the statement is reset below. */
    char rule_hash[65], version[128];
    copy_text(rule_hash, sizeof rule_hash, col_text(s, 0));
    copy_text(version, sizeof version, col_text(s, 3));
    bool as_shown = same(d->disposition, col_text(s, 1)) && same(d->note, col_text(s, 2));
    sqlite3_reset(s);

    s = stmt(l, S_LATEST_REVIEW);
    if (!s)
        return l->stmt_status;
    const char *who, *date;
    bind_text(s, 1, d->fingerprint);
    rc = sqlite3_step(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return db_error(l, "cannot read a decision");
    bool as_latest = false, earlier_now = false, stale = false;
    if (rc == SQLITE_ROW) {
        as_latest = same(d->disposition, col_text(s, 0)) && same(d->note, col_text(s, 1));
        earlier_now = sqlite3_column_int64(s, 6) == l->run;
        stale = stale_credit(d, col_text(s, 2), col_text(s, 3));
    }
    sqlite3_reset(s);
    /* Unchanged pre-filled cells and decisions read before are not news. */
    if (as_shown || as_latest) {
        *res = FL_DECISION_SAME;
        return FL_OK;
    }

    s = stmt(l, S_INSERT_REVIEW);
    if (!s)
        return l->stmt_status;
    bind_text(s, 1, d->fingerprint);
    bind_text(s, 2, d->disposition);
    bind_text(s, 3, d->note);
    credit(d, stale, l->run_date, &who, &date);
    bind_text(s, 4, who);
    bind_text(s, 5, date);
    bind_text(s, 6, version);
    bind_text(s, 7, rule_hash);
    sqlite3_bind_int64(s, 8, l->run);
    bind_text(s, 9, d->source);
    rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE)
        return db_error(l, "cannot record a decision");
    *res = earlier_now ? FL_DECISION_CONFLICT : FL_DECISION_RECORDED;
    return FL_OK;
}

/* ---- flags ----------------------------------------------------------------------------- */

static const char *reopen_note(fl_arena *a, const fl_ledger_seen *s, const char *by, const char *on,
                               const char *version, const char *note)
{
    return fl_arena_printf(a,
                           "Reopened: the %s '%s' changed since the false-positive decision "
                           "of %s by %s (rule set %s)%s%s",
                           s->entity ? "list entry" : "rule", s->entry ? s->entry : s->rule_id,
                           on && *on ? on : "an unknown date",
                           by && *by ? by : "an unknown reviewer",
                           version && *version ? version : "?",
                           note && *note ? ". Decision note: " : "", note ? note : "");
}

fl_status fl_ledger_observe(fl_ledger *l, const fl_ledger_seen *seen, fl_arena *a,
                            fl_ledger_flag *out)
{
    memset(out, 0, sizeof *out);
    out->disposition = out->note = out->decided_by = out->decided_on = out->decided_version = "";
    out->age = FL_AGE_NEW;
    out->first_run = l->run;
    copy_text(out->first_seen, sizeof out->first_seen, l->run_date);

    sqlite3_stmt *s = stmt(l, S_FLAG);
    if (!s)
        return l->stmt_status;
    bind_text(s, 1, seen->fingerprint);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        int64_t first = sqlite3_column_int64(s, 0), last = sqlite3_column_int64(s, 1);
        out->first_run = first;
        copy_text(out->first_seen, sizeof out->first_seen, col_text(s, 3));
        if (last == l->run) {
            /* The same flag twice in one run (a duplicated record): the age decided first. */
            const char *age = col_text(s, 2);
            out->age = strcmp(age, "unchanged") == 0   ? FL_AGE_UNCHANGED
                       : strcmp(age, "returning") == 0 ? FL_AGE_RETURNING
                                                       : FL_AGE_NEW;
        } else {
            out->age = l->prev.id && last == l->prev.id ? FL_AGE_UNCHANGED : FL_AGE_RETURNING;
        }
    } else if (rc != SQLITE_DONE) {
        return db_error(l, "cannot read a flag");
    }
    sqlite3_reset(s);

    s = stmt(l, S_LATEST_REVIEW);
    if (!s)
        return l->stmt_status;
    bind_text(s, 1, seen->fingerprint);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        const char *disp = col_text(s, 0), *note = col_text(s, 1);
        out->decided_by = fl_arena_strdup(a, col_text(s, 2));
        out->decided_on = fl_arena_strdup(a, col_text(s, 3));
        out->decided_version = fl_arena_strdup(a, col_text(s, 5));
        if (strcmp(disp, "False positive") == 0) {
            if (strcmp(col_text(s, 4), seen->rule_hash) == 0) {
                out->status = FL_FLAG_SUPPRESSED;
                out->disposition = fl_arena_strdup(a, disp);
                out->note = fl_arena_strdup(a, note);
            } else {
                out->status = FL_FLAG_REOPENED;
                out->disposition = "Open";
                out->note = reopen_note(a, seen, out->decided_by, out->decided_on,
                                        out->decided_version, note);
            }
        } else {
            out->status = strcmp(disp, "Open") == 0 ? FL_FLAG_OPEN : FL_FLAG_REVIEWED;
            out->disposition = fl_arena_strdup(a, disp);
            out->note = fl_arena_strdup(a, note);
        }
        if (!out->disposition || !out->note || !out->decided_by || !out->decided_on ||
            !out->decided_version) {
            sqlite3_reset(s);
            return FL_ERR_NOMEM;
        }
    } else if (rc != SQLITE_DONE) {
        return db_error(l, "cannot read a decision");
    }
    sqlite3_reset(s);

    s = stmt(l, S_UPSERT_FLAG);
    if (!s)
        return l->stmt_status;
    bind_text(s, 1, seen->fingerprint);
    bind_text(s, 2, seen->rule_id);
    bind_text(s, 3, seen->entry ? seen->entry : seen->rule_id);
    bind_text(s, 4, seen->record_key);
    bind_text(s, 5, seen->rule_hash);
    sqlite3_bind_int64(s, 6, l->run);
    bind_text(s, 7, age_names[out->age]);
    bind_text(s, 8, status_names[out->status]);
    bind_text(s, 9, out->disposition);
    bind_text(s, 10, out->note);
    rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE)
        return db_error(l, "cannot record a flag");
    return FL_OK;
}

fl_status fl_ledger_resolve(fl_ledger *l, uint64_t *n_resolved)
{
    *n_resolved = 0;
    if (!l->prev.id)
        return FL_OK;
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(l->db, "UPDATE flags SET status = 'gone' WHERE last_seen_run = ?1", -1,
                           &s, NULL) != SQLITE_OK)
        return db_error(l, "cannot resolve flags");
    sqlite3_bind_int64(s, 1, l->prev.id);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return db_error(l, "cannot resolve flags");
    *n_resolved = (uint64_t)sqlite3_changes64(l->db);
    return FL_OK;
}

/* ---- commit and close ------------------------------------------------------------------ */

fl_status fl_ledger_commit(fl_ledger *l, const fl_ledger_input *inputs, size_t n_inputs,
                           const fl_ledger_counts *c)
{
    if (!l->in_txn)
        return FL_ERR_OUTPUT;
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(l->db,
                           "INSERT INTO run_inputs (run_id, seq, path, sha256, size, records) "
                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                           -1, &s, NULL) != SQLITE_OK)
        return db_error(l, "cannot record the inputs");
    for (size_t i = 0; i < n_inputs; i++) {
        sqlite3_reset(s);
        sqlite3_bind_int64(s, 1, l->run);
        sqlite3_bind_int64(s, 2, (sqlite3_int64)i + 1);
        bind_text(s, 3, inputs[i].path);
        bind_text(s, 4, inputs[i].sha256);
        sqlite3_bind_int64(s, 5, (sqlite3_int64)inputs[i].size);
        sqlite3_bind_int64(s, 6, (sqlite3_int64)inputs[i].records);
        if (sqlite3_step(s) != SQLITE_DONE) {
            sqlite3_finalize(s);
            return db_error(l, "cannot record the inputs");
        }
    }
    sqlite3_finalize(s);
    if (sqlite3_prepare_v2(
            l->db,
            "UPDATE runs SET records_read = ?2, flagged = ?3, clean = ?4, "
            "rejected = ?5, flags = ?6, new_flags = ?7, unchanged = ?8, returning_flags = ?9, "
            "resolved = ?10, suppressed = ?11, reopened = ?12, decisions = ?13, "
            "exit_code = ?14, cases = ?15, cases_new = ?16, cases_returning = ?17, "
            "cases_decided = ?18 WHERE id = ?1",
            -1, &s, NULL) != SQLITE_OK)
        return db_error(l, "cannot record the counts");
    const uint64_t v[] = {c->records_read, c->flagged,    c->clean,     c->rejected,
                          c->flags,        c->new_flags,  c->unchanged, c->returning,
                          c->resolved,     c->suppressed, c->reopened,  c->decisions};
    sqlite3_bind_int64(s, 1, l->run);
    for (int i = 0; i < 12; i++)
        sqlite3_bind_int64(s, i + 2, (sqlite3_int64)v[i]);
    sqlite3_bind_int(s, 14, c->exit_code);
    const uint64_t cv[] = {c->cases, c->cases_new, c->cases_returning, c->cases_decided};
    for (int i = 0; i < 4; i++)
        sqlite3_bind_int64(s, i + 15, (sqlite3_int64)cv[i]);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return db_error(l, "cannot record the counts");
    for (int k = 0; k < S_COUNT; k++)
        if (l->st[k])
            sqlite3_reset(l->st[k]);
    fl_status st = exec(l, "COMMIT", "cannot commit the run");
    if (st != FL_OK)
        return st;
    l->in_txn = false;
    return FL_OK;
}

void fl_ledger_close(fl_ledger *l)
{
    if (!l)
        return;
    for (int k = 0; k < S_COUNT; k++)
        sqlite3_finalize(l->st[k]);
    if (l->db) {
        if (l->in_txn)
            sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
        sqlite3_close(l->db);
    }
    if (l->lock_fd >= 0) {
        /* The file stays: removing it would race with a run that just opened it. */
        flock(l->lock_fd, LOCK_UN);
        close(l->lock_fd);
    }
    free(l->changes);
    fl_arena_free(&l->arena);
    free(l->path);
    free(l);
}

/* ---- health: check and backup ----------------------------------------------------------- */

/* A backup copies this many pages a step, holding the ledger's read lock only meanwhile. */
#define BACKUP_STEP_PAGES 256
/* ... and waits this long in all for a commit of another process to end. */
#define BACKUP_WAIT_MS 10000
/* integrity_check reports at most this many problems. */
#define MAX_PROBLEMS 100

/* path names an existing file (message printed otherwise: FL_ERR_INPUT). */
static fl_status existing_file(const char *path, struct stat *st)
{
    if (stat(path, st) != 0) {
        fl_error("cannot read ledger '%s': %s", path, strerror(errno));
        return FL_ERR_INPUT;
    }
    if (!S_ISREG(st->st_mode)) {
        fl_error("cannot read ledger '%s': it is %s, not a ledger file", path,
                 S_ISDIR(st->st_mode) ? "a folder" : "not a regular file");
        return FL_ERR_INPUT;
    }
    return FL_OK;
}

/* One integer a statement gives; false when it fails (SQLite's error left on db). */
static bool query_int64(sqlite3 *db, const char *sql, int64_t *v)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
        return false;
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *v = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return rc == SQLITE_ROW;
}

/* Count a problem and keep the first, on one line and without SQLite's heading. */
static void problem(fl_ledger_health *h, const char *text)
{
    static const char heading[] = "*** in database main ***";
    if (h->problems++)
        return;
    if (strncmp(text, heading, sizeof heading - 1) == 0)
        text += sizeof heading - 1;
    while (*text == '\n' || *text == ' ')
        text++;
    copy_text(h->first_problem, sizeof h->first_problem, text);
    for (char *c = h->first_problem; *c; c++)
        if ((unsigned char)*c < 0x20)
            *c = ' ';
}

/* integrity_check, then foreign_key_check, into h; false when they cannot run at all. */
static bool integrity(sqlite3 *db, fl_ledger_health *h)
{
    sqlite3_stmt *s;
    char sql[48];
    snprintf(sql, sizeof sql, "PRAGMA integrity_check(%d)", MAX_PROBLEMS);
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
        return false;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW)
        if (strcmp(col_text(s, 0), "ok") != 0)
            problem(h, col_text(s, 0));
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return false;
    if (sqlite3_prepare_v2(db, "PRAGMA foreign_key_check", -1, &s, NULL) != SQLITE_OK)
        return false;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        char text[160];
        snprintf(text, sizeof text, "table %s, row %lld: refers to a missing row of %s",
                 col_text(s, 0), (long long)sqlite3_column_int64(s, 1), col_text(s, 2));
        problem(h, text);
    }
    sqlite3_finalize(s);
    return rc == SQLITE_DONE;
}

/* The runs: how many, and the latest. False when the table cannot be read. */
static bool runs(sqlite3 *db, fl_ledger_health *h)
{
    if (!query_int64(db, "SELECT count(*) FROM runs", &h->runs))
        return false;
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db,
                           "SELECT id, stamp, run_date, exit_code, records_read, flags FROM runs "
                           "ORDER BY id DESC LIMIT 1",
                           -1, &s, NULL) != SQLITE_OK)
        return false;
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        h->last_run = sqlite3_column_int64(s, 0);
        copy_text(h->last_stamp, sizeof h->last_stamp, col_text(s, 1));
        copy_text(h->last_run_date, sizeof h->last_run_date, col_text(s, 2));
        h->last_exit = sqlite3_column_int(s, 3);
        h->last_records = (uint64_t)sqlite3_column_int64(s, 4);
        h->last_flags = (uint64_t)sqlite3_column_int64(s, 5);
    }
    sqlite3_finalize(s);
    return rc == SQLITE_ROW || rc == SQLITE_DONE;
}

/* The schema version and the runs, once the pages are known to be sound. */
static fl_status schema_and_runs(sqlite3 *db, const char *path, fl_ledger_health *h)
{
    int64_t v = 0, tables = 0;
    if (!query_int64(db, "PRAGMA user_version", &v) ||
        !query_int64(db, "SELECT count(*) FROM sqlite_schema", &tables))
        return corrupt_error(path, "cannot read the schema", sqlite3_errmsg(db));
    h->schema = (int)v;
    if (v == 0 && tables == 0) {
        fl_error("ledger '%s' is empty: no run has been recorded in it", path);
        return FL_ERR_INPUT;
    }
    if (v == 0) {
        fl_error("ledger '%s' is an SQLite database but not an flscan ledger (it has tables "
                 "and no ledger schema version)",
                 path);
        return FL_ERR_INPUT;
    }
    if (v > FL_LEDGER_SCHEMA) {
        fl_error("ledger '%s' was written by a newer flscan (schema %d; this flscan reads up to "
                 "%d); use that flscan",
                 path, h->schema, FL_LEDGER_SCHEMA);
        return FL_ERR_INPUT;
    }
    if (!runs(db, h)) {
        if (damaged(sqlite3_extended_errcode(db)))
            return corrupt_error(path, "cannot read the runs", sqlite3_errmsg(db));
        fl_error("ledger '%s' is not an flscan ledger (schema %d, but %s)", path, h->schema,
                 sqlite3_errmsg(db));
        return FL_ERR_INPUT;
    }
    return FL_OK;
}

/* Everything fl_ledger_check looks at, on db (the ledger, or a backup's copy of it). */
static fl_status inspect(sqlite3 *db, const char *path, fl_ledger_health *h)
{
    if (!query_int64(db, "PRAGMA page_size", &h->page_size) ||
        !query_int64(db, "PRAGMA page_count", &h->pages)) {
        int rc = sqlite3_extended_errcode(db);
        if (damaged(rc))
            return corrupt_error(path, "cannot read it", sqlite3_errmsg(db));
        if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED) {
            fl_error("ledger '%s' is in use by another program; try again when it ends", path);
            return FL_ERR_BUSY;
        }
        fl_error("cannot read ledger '%s': %s", path, sqlite3_errmsg(db));
        return FL_ERR_INPUT;
    }
    if (!integrity(db, h)) {
        if (!damaged(sqlite3_extended_errcode(db))) {
            fl_error("cannot check ledger '%s': %s", path, sqlite3_errmsg(db));
            return FL_ERR_INPUT;
        }
        problem(h, sqlite3_errmsg(db));
    }
    if (h->problems) {
        char what[64];
        snprintf(what, sizeof what, "%u problem%s, the first", h->problems,
                 h->problems == 1 ? "" : "s");
        return corrupt_error(path, what, h->first_problem);
    }
    return schema_and_runs(db, path, h);
}

/* Open path as an existing database, read-write so that SQLite may roll back a hot journal. */
static fl_status open_existing(const char *path, sqlite3 **db)
{
    int rc = sqlite3_open_v2(path, db, SQLITE_OPEN_READWRITE, NULL);
    if (rc != SQLITE_OK) {
        fl_error("cannot open ledger '%s': %s", path, *db ? sqlite3_errmsg(*db) : sqlite3_errstr(rc));
        sqlite3_close(*db);
        *db = NULL;
        return rc == SQLITE_NOMEM ? FL_ERR_NOMEM : FL_ERR_INPUT;
    }
    sqlite3_extended_result_codes(*db, 1);
    sqlite3_busy_timeout(*db, BUSY_TIMEOUT_MS);
    return FL_OK;
}

static bool journal_left(const char *path)
{
    char j[4096];
    struct stat st;
    snprintf(j, sizeof j, "%s-journal", path);
    return stat(j, &st) == 0 && st.st_size > 0;
}

fl_status fl_ledger_check(const char *path, fl_ledger_health *h)
{
    memset(h, 0, sizeof *h);
    struct stat st;
    fl_status s = existing_file(path, &st);
    if (s != FL_OK)
        return s;
    fl_ledger *l = calloc(1, sizeof *l);
    if (!l || !(l->path = strdup(path))) {
        free(l);
        return FL_ERR_NOMEM;
    }
    l->lock_fd = -1;
    /* The run's lock: a check never reads beside a run (nor delays its commit). */
    if ((s = take_lock(l)) == FL_OK) {
        bool journal = journal_left(path);
        if ((s = open_existing(path, &l->db)) == FL_OK)
            s = inspect(l->db, path, h);
        h->rolled_back = journal && !journal_left(path);
    }
    fl_ledger_close(l);
    return s;
}

/* dest is not the ledger, its lock or its journal (usage error otherwise). */
static fl_status not_itself(const char *path, const struct stat *src, const char *dest)
{
    static const char *const suffix[] = {"", ".lock", "-journal"};
    struct stat d;
    if (stat(dest, &d) != 0)
        return FL_OK;
    for (size_t i = 0; i < 3; i++) {
        char other[4096];
        struct stat o = *src;
        snprintf(other, sizeof other, "%s%s", path, suffix[i]);
        if (i && stat(other, &o) != 0)
            continue;
        if (o.st_dev == d.st_dev && o.st_ino == d.st_ino) {
            fl_error("cannot back up ledger '%s' to '%s': that is the ledger%s itself; give "
                     "another file",
                     path, dest, i == 1 ? "'s lock file" : i == 2 ? "'s journal" : "");
            return FL_ERR_USAGE;
        }
    }
    return FL_OK;
}

/* The online backup: every page of src into dst, a few at a time. */
static fl_status copy_pages(sqlite3 *src, sqlite3 *dst, const char *path, const char *dest)
{
    sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
    if (!b) {
        fl_error("cannot write backup '%s': %s", dest, sqlite3_errmsg(dst));
        return FL_ERR_OUTPUT;
    }
    int rc, waited = 0;
    bool stopped = false;
    do {
        if ((stopped = fl_interrupted() != 0))
            break;
        rc = sqlite3_backup_step(b, BACKUP_STEP_PAGES);
        if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
            if (waited >= BACKUP_WAIT_MS)
                break;
            waited += 25;
            sqlite3_sleep(25);
        }
    } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
    sqlite3_backup_finish(b);
    if (stopped)
        return FL_ERR_INTERRUPTED;
    if (rc == SQLITE_DONE)
        return FL_OK;
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
        fl_error("ledger '%s' stayed locked by another program for %d s; try again when it "
                 "ends",
                 path, BACKUP_WAIT_MS / 1000);
        return FL_ERR_BUSY;
    }
    if (damaged(rc))
        return corrupt_error(path, "cannot copy it", sqlite3_errstr(rc));
    if (rc == SQLITE_NOMEM)
        return FL_ERR_NOMEM;
    fl_error("cannot write backup '%s': %s", dest, sqlite3_errstr(rc));
    return FL_ERR_OUTPUT;
}

/* Make a rename into dest's folder durable. */
static void sync_folder(const char *dest)
{
    const char *slash = strrchr(dest, '/');
    char dir[4096];
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - dest) + 1 : 1, slash ? dest : ".");
    int fd = open(dir, O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        (void)fsync(fd);
        close(fd);
    }
}

fl_status fl_ledger_backup(const char *path, const char *dest, fl_ledger_health *h)
{
    memset(h, 0, sizeof *h);
    struct stat st;
    fl_status s = existing_file(path, &st);
    if (s != FL_OK || (s = not_itself(path, &st, dest)) != FL_OK)
        return s;
    sqlite3 *src = NULL, *dst = NULL;
    fl_outfile of;
    if ((s = open_existing(path, &src)) != FL_OK)
        return s;
    if ((s = fl_outfile_begin(&of, dest, false)) != FL_OK) {
        sqlite3_close(src);
        return s;
    }
    int rc = sqlite3_open_v2(of.tmp_path, &dst, SQLITE_OPEN_READWRITE, NULL);
    if (rc != SQLITE_OK) {
        fl_error("cannot write backup '%s': %s", dest,
                 dst ? sqlite3_errmsg(dst) : sqlite3_errstr(rc));
        s = rc == SQLITE_NOMEM ? FL_ERR_NOMEM : FL_ERR_OUTPUT;
    } else {
        sqlite3_extended_result_codes(dst, 1);
        s = copy_pages(src, dst, path, dest);
        /* The copy is checked, not the ledger: no lock on it is held meanwhile. */
        if (s == FL_OK)
            s = inspect(dst, path, h);
    }
    sqlite3_close(dst);
    sqlite3_close(src);
    if (s != FL_OK) {
        fl_outfile_abort(&of);
        return s;
    }
    if ((s = fl_outfile_commit(&of)) == FL_OK)
        sync_folder(dest);
    return s;
}

/* ---- cases ----------------------------------------------------------------------------- */

/* The latest decisions on a case (up to two: the latest and the one before); 0, 1 or 2. */
typedef struct case_review {
    char disposition[32], date[11], rule_hash[65];
    const char *note, *reviewer; /* in the caller's arena, or "" */
    int64_t run;
} case_review;

static fl_status latest_case_reviews(fl_ledger *l, const char *case_id, fl_arena *a,
                                     case_review out[2], int *n)
{
    *n = 0;
    sqlite3_stmt *s = stmt(l, S_LATEST_CASE_REVIEW);
    if (!s)
        return l->stmt_status;
    bind_text(s, 1, case_id);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW && *n < 2) {
        case_review *cr = &out[(*n)++];
        copy_text(cr->disposition, sizeof cr->disposition, col_text(s, 0));
        cr->note = a ? fl_arena_strdup(a, col_text(s, 1)) : "";
        cr->reviewer = a ? fl_arena_strdup(a, col_text(s, 2)) : "";
        copy_text(cr->date, sizeof cr->date, col_text(s, 3));
        copy_text(cr->rule_hash, sizeof cr->rule_hash, col_text(s, 4));
        cr->run = sqlite3_column_int64(s, 5);
        if (!cr->note || !cr->reviewer) {
            sqlite3_reset(s);
            return FL_ERR_NOMEM;
        }
    }
    sqlite3_reset(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return db_error(l, "cannot read a case decision");
    return FL_OK;
}

fl_status fl_ledger_decide_case(fl_ledger *l, const fl_decision *d, fl_decision_result *res)
{
    *res = FL_DECISION_UNKNOWN;
    sqlite3_stmt *s = stmt(l, S_CASE);
    if (!s)
        return l->stmt_status;
    bind_text(s, 1, d->case_id);
    int rc = sqlite3_step(s);
    char rule_hash[65];
    if (rc == SQLITE_ROW)
        copy_text(rule_hash, sizeof rule_hash, col_text(s, 0));
    sqlite3_reset(s);
    if (rc == SQLITE_DONE)
        return FL_OK;
    if (rc != SQLITE_ROW)
        return db_error(l, "cannot read a case");
    case_review prev[2];
    int n;
    fl_arena a = FL_ARENA_INIT;
    fl_status st = latest_case_reviews(l, d->case_id, &a, prev, &n);
    const char *date = d->date && *d->date ? d->date : "";
    const char *who = d->reviewer ? d->reviewer : "";
    /* the decision the report showed, handed back unchanged, is not news */
    bool as_latest = st == FL_OK && n > 0 && same(d->disposition, prev[0].disposition) &&
                     same(d->note, prev[0].note) && (!*date || same(date, prev[0].date)) &&
                     (!*who || same(who, prev[0].reviewer));
    bool earlier_now = st == FL_OK && n > 0 && prev[0].run == l->run;
    bool stale = st == FL_OK && n > 0 && !as_latest &&
                 stale_credit(d, prev[0].reviewer, prev[0].date);
    fl_arena_free(&a);
    if (st != FL_OK)
        return st;
    if (as_latest) {
        *res = FL_DECISION_SAME;
        return FL_OK;
    }
    /* An Open with no decision before it changes nothing either. */
    if (n == 0 && same(d->disposition, "Open") && !(d->note && *d->note)) {
        *res = FL_DECISION_SAME;
        return FL_OK;
    }
    if (!(s = stmt(l, S_INSERT_CASE_REVIEW)))
        return l->stmt_status;
    bind_text(s, 1, d->case_id);
    bind_text(s, 2, d->disposition);
    bind_text(s, 3, d->note);
    credit(d, stale, l->run_date, &who, &date);
    bind_text(s, 4, who);
    bind_text(s, 5, date);
    bind_text(s, 6, rule_hash);
    sqlite3_bind_int64(s, 7, l->run);
    bind_text(s, 8, d->source);
    rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE)
        return db_error(l, "cannot record a case decision");
    *res = earlier_now ? FL_DECISION_CONFLICT : FL_DECISION_RECORDED;
    return FL_OK;
}

/* Whole days from YYYY-MM-DD a to b (b later gives a positive count); 0 when unreadable. */
static long days_between(const char *a, const char *b)
{
    struct tm ta = {0}, tb = {0};
    if (sscanf(a, "%d-%d-%d", &ta.tm_year, &ta.tm_mon, &ta.tm_mday) != 3 ||
        sscanf(b, "%d-%d-%d", &tb.tm_year, &tb.tm_mon, &tb.tm_mday) != 3)
        return 0;
    ta.tm_year -= 1900;
    tb.tm_year -= 1900;
    ta.tm_mon--;
    tb.tm_mon--;
    ta.tm_hour = tb.tm_hour = 12;
    return (long)((timegm(&tb) - timegm(&ta)) / 86400);
}

/* Where a case with decisions prev[0..n) stands now (see fl_ledger_case). */
static void case_standing(const fl_ledger *l, const fl_ledger_case_seen *seen,
                          const case_review *prev, int n, fl_arena *a, fl_ledger_case *out)
{
    const case_review *d = &prev[0];
    if (n == 0)
        return;
    if (same(d->disposition, "Open")) {
        /* reopened by a reviewer, when a decision came before */
        if (n > 1 && !same(prev[1].disposition, "Open")) {
            out->returning = true;
            out->reason = fl_arena_printf(a, "reopened by %s on %s (was %s)",
                                          *d->reviewer ? d->reviewer : "a reviewer", d->date,
                                          prev[1].disposition);
        }
        out->note = d->note;
        return;
    }
    out->decision = fl_arena_strdup(a, d->disposition);
    out->note = d->note;
    out->reviewed_by = d->reviewer;
    out->reviewed_on = fl_arena_strdup(a, d->date);
    long age = days_between(d->date, l->run_date);
    if (!same(d->rule_hash, seen->rule_hash)) {
        out->returning = true;
        out->reason = fl_arena_printf(a, "the %s '%s' changed since the decision '%s' of %s",
                                      seen->entity ? "list entry" : "rule", seen->entry,
                                      d->disposition, d->date);
    } else if (seen->expiry_days && age > (long)seen->expiry_days) {
        out->returning = true;
        out->reason = fl_arena_printf(a,
                                      "the decision '%s' of %s is %ld days old, past the "
                                      "%u-day review period (--review-expiry)",
                                      d->disposition, d->date, age, seen->expiry_days);
    } else {
        out->decided = true;
    }
}

fl_status fl_ledger_observe_case(fl_ledger *l, const fl_ledger_case_seen *seen, fl_arena *a,
                                 fl_ledger_case *out)
{
    memset(out, 0, sizeof *out);
    out->reason = out->decision = out->note = out->reviewed_by = out->reviewed_on = "";
    copy_text(out->first_seen, sizeof out->first_seen, l->run_date);
    sqlite3_stmt *s = stmt(l, S_CASE);
    if (!s)
        return l->stmt_status;
    bind_text(s, 1, seen->case_id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        out->seen_before = sqlite3_column_int64(s, 1) != l->run;
        copy_text(out->first_seen, sizeof out->first_seen, col_text(s, 2));
    }
    sqlite3_reset(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return db_error(l, "cannot read a case");
    case_review prev[2];
    int n;
    fl_status st = latest_case_reviews(l, seen->case_id, a, prev, &n);
    if (st != FL_OK)
        return st;
    case_standing(l, seen, prev, n, a, out);
    if (!out->reason || !out->decision || !out->reviewed_on)
        return FL_ERR_NOMEM;
    if (!(s = stmt(l, S_UPSERT_CASE)))
        return l->stmt_status;
    bind_text(s, 1, seen->case_id);
    bind_text(s, 2, seen->rule_id);
    bind_text(s, 3, seen->entry);
    bind_text(s, 4, seen->rule_hash);
    sqlite3_bind_int64(s, 5, l->run);
    bind_text(s, 6, out->decided ? "decided" : out->returning ? "returning" : "open");
    sqlite3_bind_int64(s, 7, (sqlite3_int64)seen->shipments);
    rc = sqlite3_step(s);
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? FL_OK : db_error(l, "cannot record a case");
}
