/* test_ledger.c - the ledger: schema, migration, identities, lock, one transaction a run,
 * decisions carried forward, rule changes. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ledger.h"

static char dir[64];
static char path[128];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/flscan-ledger-XXXXXX");
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/ledger.db", dir);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char p[160];
    static const char *const names[] = {"ledger.db",   "ledger.db.lock", "ledger.db-journal",
                                        "other.db",    "other.db.lock",  "text.db",
                                        "text.db.lock"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        snprintf(p, sizeof p, "%s/%s", dir, names[i]);
        unlink(p);
    }
    rmdir(dir);
    return 0;
}

static const fl_ledger_run_info info1 = {"2026-01-01", "2026-01-01", "flscan scan", "0.1.0",
                                         "test-rules", "1",          "aaaa"};

/* One value of a query on the file, read with SQLite directly. */
static long long query_int(const char *file, const char *sql)
{
    sqlite3 *db;
    sqlite3_stmt *s;
    assert_int_equal(sqlite3_open_v2(file, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
    long long v = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : -1;
    sqlite3_finalize(s);
    sqlite3_close(db);
    return v;
}

static void make_db(const char *file, const char *sql)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(file, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
}

static void commit_empty(fl_ledger *l)
{
    fl_ledger_counts c;
    memset(&c, 0, sizeof c);
    assert_int_equal(fl_ledger_commit(l, NULL, 0, &c), FL_OK);
}

/* ---- schema and migration ---------------------------------------------------------------- */

static void test_schema_new_file(void **state)
{
    (void)state;
    fl_ledger *l;
    assert_int_equal(fl_ledger_open(path, &info1, &l), FL_OK);
    assert_int_equal(fl_ledger_run_id(l), 1);
    assert_int_equal(fl_ledger_previous(l)->id, 0);
    commit_empty(l);
    fl_ledger_close(l);
    assert_int_equal(query_int(path, "PRAGMA user_version"), FL_LEDGER_SCHEMA);
    static const char *const tables[] = {"runs", "run_inputs", "flags", "reviews", "rules_seen"};
    for (size_t i = 0; i < 5; i++) {
        char sql[128];
        snprintf(sql, sizeof sql,
                 "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND "
                 "name = '%s'",
                 tables[i]);
        assert_int_equal(query_int(path, sql), 1);
    }
    assert_int_equal(query_int(path, "SELECT count(*) FROM runs"), 1);
    assert_int_equal(query_int(path, "SELECT exit_code FROM runs WHERE id = 1"), 0);
}

static void test_migration_from_version_0(void **state)
{
    (void)state;
    /* An SQLite file at schema version 0 with nothing in it: the migration builds it. */
    make_db(path, "PRAGMA user_version = 0");
    assert_int_equal(query_int(path, "PRAGMA user_version"), 0);
    fl_ledger *l;
    assert_int_equal(fl_ledger_open(path, &info1, &l), FL_OK);
    commit_empty(l);
    fl_ledger_close(l);
    assert_int_equal(query_int(path, "PRAGMA user_version"), FL_LEDGER_SCHEMA);
    assert_int_equal(query_int(path, "SELECT count(*) FROM sqlite_schema WHERE name = 'flags'"), 1);
    assert_int_equal(query_int(path, "SELECT count(*) FROM sqlite_schema WHERE name = 'cases'"), 1);
    assert_int_equal(
        query_int(path, "SELECT count(*) FROM sqlite_schema WHERE name = 'case_reviews'"), 1);
    /* Opening again migrates nothing and keeps the runs. */
    assert_int_equal(fl_ledger_open(path, &info1, &l), FL_OK);
    assert_int_equal(fl_ledger_run_id(l), 2);
    assert_int_equal(fl_ledger_previous(l)->id, 1);
    fl_ledger_close(l);
}

static void test_refuses_foreign_files(void **state)
{
    (void)state;
    fl_ledger *l = (fl_ledger *)1;
    char other[160], text[160];
    snprintf(other, sizeof other, "%s/other.db", dir);
    snprintf(text, sizeof text, "%s/text.db", dir);
    make_db(other, "CREATE TABLE customers (name TEXT)");
    assert_int_equal(fl_ledger_open(other, &info1, &l), FL_ERR_INPUT);
    assert_null(l);
    assert_int_equal(query_int(other, "SELECT count(*) FROM sqlite_schema"), 1);

    make_db(path, "PRAGMA user_version = 99");
    assert_int_equal(fl_ledger_open(path, &info1, &l), FL_ERR_INPUT);

    FILE *fp = fopen(text, "w");
    assert_non_null(fp);
    fputs("id,name\n1,not a database at all, but long enough to have a header page\n", fp);
    fclose(fp);
    assert_int_equal(fl_ledger_open(text, &info1, &l), FL_ERR_INPUT);
}

/* ---- lock --------------------------------------------------------------------------------- */

static void test_lock_refuses_second_run(void **state)
{
    (void)state;
    fl_ledger *l1, *l2 = (fl_ledger *)1;
    assert_int_equal(fl_ledger_open(path, &info1, &l1), FL_OK);
    /* A second connection (its own open file description, as another process has). */
    assert_int_equal(fl_ledger_open(path, &info1, &l2), FL_ERR_BUSY);
    assert_null(l2);
    /* The holder's pid is in the lock file for the message. */
    char lock[160], buf[32] = "";
    snprintf(lock, sizeof lock, "%s.lock", path);
    FILE *fp = fopen(lock, "r");
    assert_non_null(fp);
    assert_non_null(fgets(buf, sizeof buf, fp));
    fclose(fp);
    assert_int_equal(atol(buf), (long)getpid());
    commit_empty(l1);
    fl_ledger_close(l1);
    assert_int_equal(fl_ledger_open(path, &info1, &l2), FL_OK);
    fl_ledger_close(l2);
}

/* ---- one transaction a run ------------------------------------------------------------------ */

static const fl_ledger_seen seen_a = {
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "R1",
    "R1",
    false,
    "s.csv#id:1",
    "h1"};
static const fl_ledger_seen seen_b = {
    "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
    "R2",
    "R2",
    false,
    "s.csv#id:2",
    "h2"};
static const fl_ledger_seen seen_c = {
    "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc",
    "ENT",
    "ENT",
    true,
    "s.csv#id:3",
    "h3"};

static void test_uncommitted_run_leaves_nothing(void **state)
{
    (void)state;
    fl_ledger *l;
    fl_arena a = FL_ARENA_INIT;
    fl_ledger_flag out;
    assert_int_equal(fl_ledger_open(path, &info1, &l), FL_OK);
    assert_int_equal(fl_ledger_observe(l, &seen_a, &a, &out), FL_OK);
    commit_empty(l);
    fl_ledger_close(l);
    /* A run that observes, then stops before its commit (failed or interrupted). */
    fl_ledger_run_info info2 = info1;
    info2.run_date = "2026-01-02";
    assert_int_equal(fl_ledger_open(path, &info2, &l), FL_OK);
    assert_int_equal(fl_ledger_observe(l, &seen_b, &a, &out), FL_OK);
    fl_ledger_close(l);
    assert_int_equal(query_int(path, "SELECT count(*) FROM runs"), 1);
    assert_int_equal(query_int(path, "SELECT count(*) FROM flags"), 1);
    assert_int_equal(fl_ledger_open(path, &info2, &l), FL_OK);
    assert_int_equal(fl_ledger_run_id(l), 2);
    fl_ledger_close(l);
    fl_arena_free(&a);
}

/* ---- decisions carried forward ----------------------------------------------------------- */

static fl_ledger *run(const char *date, const char *sha)
{
    fl_ledger_run_info in = info1;
    in.run_date = date;
    in.ruleset_sha256 = sha;
    fl_ledger *l;
    assert_int_equal(fl_ledger_open(path, &in, &l), FL_OK);
    return l;
}

static void test_decisions_carried_forward(void **state)
{
    (void)state;
    fl_arena a = FL_ARENA_INIT;
    fl_ledger_flag o;
    uint64_t resolved;
    fl_decision_result res;

    /* Day 1: A and B are new. */
    fl_ledger *l = run("2026-01-01", "s1");
    assert_int_equal(fl_ledger_observe(l, &seen_a, &a, &o), FL_OK);
    assert_int_equal(o.age, FL_AGE_NEW);
    assert_int_equal(o.status, FL_FLAG_OPEN);
    assert_string_equal(o.first_seen, "2026-01-01");
    assert_int_equal(fl_ledger_observe(l, &seen_b, &a, &o), FL_OK);
    assert_int_equal(fl_ledger_resolve(l, &resolved), FL_OK);
    assert_int_equal(resolved, 0);
    commit_empty(l);
    fl_ledger_close(l);

    /* Day 2: A is a false positive, B confirmed; C is new, B is gone. */
    l = run("2026-01-02", "s1");
    fl_decision fp = {seen_a.fingerprint, "False positive", "buyer's own mill", "alice",
                      "2026-01-01",       "r.csv:2"};
    fl_decision conf = {seen_b.fingerprint, "Confirmed", "", "bob", "", "r.csv:3"};
    fl_decision unknown = {"dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd",
                           "Confirmed",
                           "",
                           "bob",
                           "",
                           "r.csv:4"};
    fl_decision blank = {seen_a.fingerprint, "", "", "", "", "r.xlsx: Flags!V3"};
    assert_int_equal(fl_ledger_decide(l, &fp, &res), FL_OK);
    assert_int_equal(res, FL_DECISION_RECORDED);
    assert_int_equal(fl_ledger_decide(l, &fp, &res), FL_OK);
    assert_int_equal(res, FL_DECISION_SAME);
    assert_int_equal(fl_ledger_decide(l, &blank, &res), FL_OK);
    assert_int_equal(res, FL_DECISION_SAME); /* as the day-1 report showed it */
    assert_int_equal(fl_ledger_decide(l, &conf, &res), FL_OK);
    assert_int_equal(res, FL_DECISION_RECORDED);
    assert_int_equal(fl_ledger_decide(l, &unknown, &res), FL_OK);
    assert_int_equal(res, FL_DECISION_UNKNOWN);
    assert_int_equal(fl_ledger_observe(l, &seen_a, &a, &o), FL_OK);
    assert_int_equal(o.age, FL_AGE_UNCHANGED);
    assert_int_equal(o.status, FL_FLAG_SUPPRESSED);
    assert_string_equal(o.disposition, "False positive");
    assert_string_equal(o.decided_by, "alice");
    assert_string_equal(o.decided_on, "2026-01-01");
    assert_string_equal(o.first_seen, "2026-01-01");
    assert_int_equal(fl_ledger_observe(l, &seen_c, &a, &o), FL_OK);
    assert_int_equal(o.age, FL_AGE_NEW);
    assert_int_equal(fl_ledger_resolve(l, &resolved), FL_OK);
    assert_int_equal(resolved, 1); /* B */
    commit_empty(l);
    fl_ledger_close(l);
    assert_int_equal(query_int(path, "SELECT count(*) FROM reviews"), 2);
    assert_int_equal(
        query_int(path, "SELECT count(*) FROM flags WHERE status = 'gone' AND rule_id = 'R2'"), 1);

    /* Day 3: A's rule changed (another hash): A comes back Open with the reason; B is back. */
    l = run("2026-01-03", "s2");
    fl_ledger_seen a2 = seen_a;
    a2.rule_hash = "h1-changed";
    assert_int_equal(fl_ledger_observe(l, &a2, &a, &o), FL_OK);
    assert_int_equal(o.status, FL_FLAG_REOPENED);
    assert_string_equal(o.disposition, "Open");
    assert_non_null(strstr(o.note, "the rule 'R1' changed"));
    assert_non_null(strstr(o.note, "by alice"));
    assert_non_null(strstr(o.note, "buyer's own mill"));
    assert_int_equal(fl_ledger_observe(l, &seen_b, &a, &o), FL_OK);
    assert_int_equal(o.age, FL_AGE_RETURNING);
    assert_int_equal(o.status, FL_FLAG_REVIEWED);
    assert_string_equal(o.disposition, "Confirmed");
    /* Twice in one run (a duplicated record): the same answer. */
    assert_int_equal(fl_ledger_observe(l, &seen_b, &a, &o), FL_OK);
    assert_int_equal(o.age, FL_AGE_RETURNING);
    assert_int_equal(fl_ledger_resolve(l, &resolved), FL_OK);
    assert_int_equal(resolved, 1); /* C */
    commit_empty(l);
    fl_ledger_close(l);

    /* Day 4: the stale false-positive decision read again changes nothing; a new one on the
     * reopened flag (against the new rule) suppresses it again; an entity's note says so. */
    l = run("2026-01-04", "s2");
    assert_int_equal(fl_ledger_decide(l, &fp, &res), FL_OK);
    assert_int_equal(res, FL_DECISION_SAME);
    fl_decision again = {seen_a.fingerprint, "False positive", "still our mill", "carol", "",
                         "r.csv:2"};
    assert_int_equal(fl_ledger_decide(l, &again, &res), FL_OK);
    assert_int_equal(res, FL_DECISION_RECORDED);
    fl_decision other = {seen_a.fingerprint, "Escalated", "", "dave", "", "r.csv:9"};
    assert_int_equal(fl_ledger_decide(l, &other, &res), FL_OK);
    assert_int_equal(res, FL_DECISION_CONFLICT);
    assert_int_equal(fl_ledger_decide(l, &again, &res), FL_OK);
    assert_int_equal(res, FL_DECISION_CONFLICT);
    assert_int_equal(fl_ledger_observe(l, &a2, &a, &o), FL_OK);
    assert_int_equal(o.status, FL_FLAG_SUPPRESSED);
    assert_string_equal(o.decided_by, "carol");
    assert_string_equal(o.decided_on, "2026-01-04");
    fl_ledger_close(l); /* not committed */

    l = run("2026-01-04", "s2");
    fl_decision ent = {seen_c.fingerprint, "False positive", "", "erin", "", "r.csv:5"};
    assert_int_equal(fl_ledger_decide(l, &ent, &res), FL_OK);
    assert_int_equal(res, FL_DECISION_RECORDED);
    fl_ledger_seen c2 = seen_c;
    c2.rule_hash = "h3-changed";
    assert_int_equal(fl_ledger_observe(l, &c2, &a, &o), FL_OK);
    assert_int_equal(o.status, FL_FLAG_REOPENED);
    assert_non_null(strstr(o.note, "the list entry 'ENT' changed"));
    fl_ledger_close(l);
    fl_arena_free(&a);
}

/* ---- rules ------------------------------------------------------------------------------- */

static void test_rule_changes(void **state)
{
    (void)state;
    const fl_ledger_rule_change *ch;
    size_t n;
    const char *ids1[] = {"R1", "R2"};
    const char hashes1[][65] = {"h1", "h2"};
    fl_ledger *l = run("2026-01-01", "s1");
    assert_int_equal(fl_ledger_rules(l, ids1, hashes1, 2, &ch, &n), FL_OK);
    assert_int_equal(n, 0);
    commit_empty(l);
    fl_ledger_close(l);

    /* The same rule set: nothing stored, nothing changed. */
    l = run("2026-01-02", "s1");
    assert_int_equal(fl_ledger_rules(l, ids1, hashes1, 2, &ch, &n), FL_OK);
    assert_int_equal(n, 0);
    commit_empty(l);
    fl_ledger_close(l);
    assert_int_equal(query_int(path, "SELECT count(*) FROM rules_seen"), 2);
    assert_int_equal(query_int(path, "SELECT rules_run FROM runs WHERE id = 2"), 1);

    const char *ids3[] = {"R0", "R1"};
    const char hashes3[][65] = {"h0", "h1-changed"};
    l = run("2026-01-03", "s2");
    assert_int_equal(fl_ledger_rules(l, ids3, hashes3, 2, &ch, &n), FL_OK);
    assert_int_equal(n, 3);
    assert_string_equal(ch[0].rule_id, "R0");
    assert_int_equal(ch[0].kind, FL_RULE_ADDED);
    assert_string_equal(ch[1].rule_id, "R1");
    assert_int_equal(ch[1].kind, FL_RULE_CHANGED);
    assert_string_equal(ch[2].rule_id, "R2");
    assert_int_equal(ch[2].kind, FL_RULE_REMOVED);
    assert_string_equal(fl_rule_change_str(ch[2].kind), "removed");
    fl_ledger_close(l);
}

static void test_commit_stores_inputs_and_counts(void **state)
{
    (void)state;
    fl_ledger *l = run("2026-01-01", "s1");
    fl_ledger_input in[] = {{"a.csv", "00ff", 10, 2}, {"b.csv", "ff00", 20, 3}};
    fl_ledger_counts c;
    memset(&c, 0, sizeof c);
    c.records_read = 5;
    c.flags = 4;
    c.new_flags = 4;
    c.exit_code = 1;
    assert_int_equal(fl_ledger_commit(l, in, 2, &c), FL_OK);
    fl_ledger_close(l);
    assert_int_equal(query_int(path, "SELECT count(*) FROM run_inputs WHERE run_id = 1"), 2);
    assert_int_equal(query_int(path, "SELECT records FROM run_inputs WHERE seq = 2"), 3);
    assert_int_equal(query_int(path, "SELECT new_flags FROM runs"), 4);
    assert_int_equal(query_int(path, "SELECT exit_code FROM runs"), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_schema_new_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_migration_from_version_0, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refuses_foreign_files, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lock_refuses_second_run, setup, teardown),
        cmocka_unit_test_setup_teardown(test_uncommitted_run_leaves_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_decisions_carried_forward, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rule_changes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_commit_stores_inputs_and_counts, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
