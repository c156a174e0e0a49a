/*
 * test_history.c - the ledger and the reviewers' decisions joined to the report across runs
 * (history.h): fingerprints, new / unchanged / returning / resolved, decisions carried
 * forward, false positives suppressed and reopened when their rule changes, rollback.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "history.h"
#include "identity.h"
#include "ledger.h"
#include "report_fixture.h"

static char dir[64];
static char ledger[128];
static fl_ruleset rs1;

static int setup(void **state)
{
    (void)state;
    fx_ruleset(&rs1, "1", 'a');
    fx_mkdtemp(dir, "history-test");
    snprintf(ledger, sizeof ledger, "%s/ledger.db", dir);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    fx_remove_tree(dir);
    return 0;
}

/* Records by id; every one flagged by the TVPRA rule. */
static fx_rec rec(const char *id)
{
    return (fx_rec){id,         "Importer Inc", "Shipper Co",         "raw cotton",
                    FX_R_TVPRA, FL_SEV_HIGH,    "origin UZ + HS 5201"};
}

/* A finished report of the given records (in that order, so lines follow it). */
static void report_of(fl_report *r, const fl_ruleset *rs, const char *run_date,
                      const char *const *ids, size_t n)
{
    fx_rec recs[8];
    assert_true(n <= 8);
    for (size_t i = 0; i < n; i++)
        recs[i] = rec(ids[i]);
    fx_report(r, rs, "data/in/a.csv", recs, n, true);
    snprintf(r->run_date, sizeof r->run_date, "%s", run_date);
}

/* The memo of the flag (listed or suppressed) on the record with this id (a copy, until the
   next call); NULL when none. */
static const fl_flag_memo *memo_of(const fl_report *r, const char *id, bool *suppressed)
{
    static fl_flag_memo found;
    fl_rectext t = {0};
    const fl_flag_memo *m = NULL;
    for (int list = 0; list < 2 && !m; list++) {
        fl_rowview v;
        fl_report_view(r, list ? FL_ROWS_SUPPRESSED : FL_ROWS_FLAGS, &v);
        size_t n = list ? r->n_suppressed : r->n_flags;
        for (size_t i = 0; i < n && !m; i++) {
            fl_flag f = *fl_flag_get(&v, i);
            assert_int_equal(fl_report_flag_text(r, &f, &t), FL_OK);
            if (strcmp(t.field[FL_F_RECORD_ID], id) == 0 && f.memo.on) {
                found = f.memo;
                m = &found;
                if (suppressed)
                    *suppressed = list == 1;
            }
        }
        assert_int_equal(fl_rowview_end(&v), FL_OK);
    }
    fl_rectext_free(&t);
    return m;
}

/* The fingerprint history.h promises: record key (source label + id), rule id, entry =
   rule id. */
static void expected_fingerprint(const char *id, const char *rule, char out[65])
{
    char key[64];
    snprintf(key, sizeof key, "a#id:%s", id);
    fl_id_fingerprint(key, rule, rule, out);
}

/* The flag indexes of new_flags are the flags whose memo says new, in order. */
static void check_new_flags(const fl_report *r)
{
    size_t k = 0;
    fl_rowview v;
    fl_report_view(r, FL_ROWS_FLAGS, &v);
    for (size_t i = 0; i < r->n_flags; i++) {
        const fl_flag *f = fl_flag_get(&v, i);
        assert_true(f->memo.on);
        if (f->memo.is_new) {
            assert_true(k < r->n_new_flags);
            assert_int_equal(r->new_flags[k++], i);
        }
    }
    assert_int_equal(fl_rowview_end(&v), FL_OK);
    assert_int_equal(k, r->n_new_flags);
    const fl_since *s = &r->since;
    assert_int_equal(s->n_new + s->n_unchanged + s->n_returning, r->n_flags);
    assert_int_equal(s->n_suppressed, r->n_suppressed);
}

/* One whole run: begin, apply, check with fn, commit (or not), free. */
typedef void (*run_check)(fl_report *r);

static void run(const fl_ruleset *rs, const char *date, const char *const *ids, size_t n,
                const char *reviews, run_check check, bool commit)
{
    fl_report r;
    fl_history *h = NULL;
    report_of(&r, rs, date, ids, n);
    assert_int_equal(fl_history_begin(ledger, reviews, NULL, &r, &h), FL_OK);
    assert_non_null(h);
    assert_int_equal(fl_history_apply(h, &r), FL_OK);
    check_new_flags(&r);
    check(&r);
    if (commit)
        assert_int_equal(fl_history_commit(h, &r, fl_report_max_severity(&r) >= 0), FL_OK);
    fl_history_free(h);
    fl_report_free(&r);
}

/* ---- without a ledger: fingerprints only --------------------------------------------------- */

static void test_no_ledger(void **state)
{
    (void)state;
    static const char *const ids[] = {"A-1", "B-2"};
    fl_report r;
    fl_history *h;
    report_of(&r, &rs1, "2024-10-02", ids, 2);
    assert_int_equal(fl_history_begin(NULL, NULL, NULL, &r, &h), FL_OK);
    assert_int_equal(fl_history_apply(h, &r), FL_OK);
    for (size_t i = 0; i < 2; i++) {
        const fl_flag_memo *m = memo_of(&r, ids[i], NULL);
        assert_non_null(m);
        char want[65];
        expected_fingerprint(ids[i], "TVPRA-UZ-COTTON", want);
        assert_string_equal(m->fingerprint, want);
        assert_string_equal(m->first_seen, "");
        assert_false(m->is_new);
        assert_false(m->suppressed);
        assert_string_equal(m->disposition, "");
    }
    assert_false(r.since.on);
    assert_int_equal(r.n_new_flags, 0);
    assert_int_equal(fl_history_commit(h, &r, 1), FL_OK); /* nothing to store */
    fl_history_free(h);
    fl_history_free(NULL);
    fl_report_free(&r);
    assert_int_equal(access(ledger, F_OK), -1); /* no ledger was made */
}

/* ---- four runs on one ledger --------------------------------------------------------------- */

static char fp_b[65], fp_c[65];

static void check_run1(fl_report *r)
{
    const fl_since *s = &r->since;
    assert_true(s->on);
    assert_string_equal(s->ledger, ledger);
    assert_int_equal(s->run, 1);
    assert_int_equal(s->prev_run, 0);
    assert_int_equal(s->n_new, 3);
    assert_int_equal(s->n_unchanged + s->n_returning + s->n_resolved, 0);
    assert_int_equal(s->n_suppressed + s->n_reopened + s->n_decisions, 0);
    assert_false(s->rules_changed);
    assert_int_equal(r->n_new_flags, 3);
    static const char *const ids[] = {"A-1", "B-2", "C-3"};
    for (size_t i = 0; i < 3; i++) {
        const fl_flag_memo *m = memo_of(r, ids[i], NULL);
        assert_non_null(m);
        assert_true(m->is_new);
        assert_string_equal(m->first_seen, "2024-10-02");
        char want[65];
        expected_fingerprint(ids[i], "TVPRA-UZ-COTTON", want);
        assert_string_equal(m->fingerprint, want);
    }
    strcpy(fp_b, memo_of(r, "B-2", NULL)->fingerprint);
    strcpy(fp_c, memo_of(r, "C-3", NULL)->fingerprint);
}

/*
 * Run 2 after the review: A again (on another line), B a false positive (suppressed), C gone
 * (resolved), D new. Two decisions recorded; one for a flag this ledger never raised ignored.
 */
static void check_run2(fl_report *r)
{
    const fl_since *s = &r->since;
    assert_int_equal(s->run, 2);
    assert_int_equal(s->prev_run, 1);
    assert_string_equal(s->prev_date, "2024-10-02");
    assert_int_equal(s->n_new, 1);
    assert_int_equal(s->n_unchanged, 1);
    assert_int_equal(s->n_returning, 0);
    assert_int_equal(s->n_resolved, 1);
    assert_int_equal(s->n_suppressed, 1);
    assert_int_equal(s->n_reopened, 0);
    assert_int_equal(s->n_decisions, 2);
    assert_false(s->rules_changed);
    assert_int_equal(s->n_rule_changes, 0);
    /* the false positive is listed on Suppressed only, out of the flags and their tallies */
    assert_int_equal(r->n_flags, 2);
    assert_int_equal(r->n_suppressed, 1);
    assert_int_equal(r->by_severity[FL_SEV_HIGH], 2);
    bool sup = false;
    const fl_flag_memo *a = memo_of(r, "A-1", &sup), *b, *d;
    assert_false(sup);
    assert_false(a->is_new);
    assert_string_equal(a->first_seen, "2024-10-02");
    b = memo_of(r, "B-2", &sup);
    assert_true(sup);
    assert_true(b->suppressed);
    assert_string_equal(b->fingerprint, fp_b);
    assert_string_equal(b->disposition, "False positive");
    assert_string_equal(b->note, "our own mill");
    assert_string_equal(b->decided_by, "alice");
    assert_string_equal(b->decided_on, "2024-10-05");
    d = memo_of(r, "D-4", &sup);
    assert_false(sup);
    assert_true(d->is_new);
    assert_string_equal(d->first_seen, "2024-10-09");
    assert_null(memo_of(r, "C-3", NULL));
    assert_int_equal(r->n_new_flags, 1);
}

/* A run that fails after applying: rolled back, as if it never happened. */
static void check_run_dropped(fl_report *r)
{
    assert_int_equal(r->since.run, 3);
    assert_int_equal(r->since.n_new, 2);
}

/*
 * Run 3, with the TVPRA rule's title changed (a new rule-set edition): A unchanged, B's false
 * positive reopened (made against the old rule), C returning with its decision carried
 * forward, D resolved.
 */
static void check_run3(fl_report *r)
{
    const fl_since *s = &r->since;
    assert_int_equal(s->run, 3); /* the dropped run left no trace */
    assert_int_equal(s->prev_run, 2);
    assert_string_equal(s->prev_date, "2024-10-09");
    assert_true(s->rules_changed);
    assert_int_equal(s->n_rule_changes, 1);
    assert_string_equal(s->rule_changes[0].rule_id, "TVPRA-UZ-COTTON");
    assert_string_equal(s->rule_changes[0].change, "changed");
    assert_string_equal(s->prev_ruleset_version, "1");
    assert_int_equal(s->n_new, 0);
    assert_int_equal(s->n_returning, 1);
    assert_int_equal(s->n_unchanged, 2);
    assert_int_equal(s->n_resolved, 1);
    assert_int_equal(s->n_suppressed, 0);
    assert_int_equal(s->n_reopened, 1);
    assert_int_equal(s->n_decisions, 0);
    assert_int_equal(r->n_flags, 3);
    assert_int_equal(r->n_suppressed, 0);
    bool sup = true;
    const fl_flag_memo *b = memo_of(r, "B-2", &sup), *c;
    assert_false(sup);
    assert_true(b->reopened);
    assert_false(b->suppressed);
    /* shown as Open, with a note saying why (ledger.h) */
    assert_string_equal(b->disposition, "Open");
    assert_true(b->note[0] != '\0');
    c = memo_of(r, "C-3", &sup);
    assert_false(c->is_new);
    assert_string_equal(c->fingerprint, fp_c);
    assert_string_equal(c->first_seen, "2024-10-02");
    assert_string_equal(c->disposition, "Confirmed");
    assert_string_equal(c->note, "checked twice");
    assert_string_equal(c->decided_by, "bob");
    assert_string_equal(c->decided_on, "2024-10-06");
    assert_null(memo_of(r, "D-4", NULL));
    assert_int_equal(r->n_new_flags, 0);
}

static void test_runs(void **state)
{
    (void)state;
    static const char *const run1[] = {"A-1", "B-2", "C-3"};
    run(&rs1, "2024-10-02", run1, 3, NULL, check_run1, true);

    /* the reviewer's answers to run 1's report */
    const char *reviews = fx_path(dir, "reviews.csv");
    FILE *fp = fopen(reviews, "w");
    assert_non_null(fp);
    fprintf(fp, "fingerprint,disposition,note,reviewer,date\n");
    fprintf(fp, "%s,False positive,our own mill,alice,2024-10-05\n", fp_b);
    fprintf(fp, "%s,Confirmed,checked twice,bob,2024-10-06\n", fp_c);
    fprintf(fp, "%064d,Confirmed,not ours,bob,2024-10-06\n", 7);
    assert_int_equal(fclose(fp), 0);

    static const char *const run2[] = {"D-4", "A-1", "B-2"};
    run(&rs1, "2024-10-09", run2, 3, reviews, check_run2, true);

    static const char *const dropped[] = {"E-5", "F-6"};
    run(&rs1, "2024-10-10", dropped, 2, NULL, check_run_dropped, false);

    fl_rule rules2[FX_N_RULES];
    memcpy(rules2, fx_rules, sizeof rules2);
    rules2[FX_R_TVPRA].title = "Cotton from Uzbekistan (revised)";
    fl_ruleset rs2;
    fx_ruleset(&rs2, "2", 'b');
    rs2.rules = rules2;
    static const char *const run3[] = {"A-1", "B-2", "C-3"};
    run(&rs2, "2024-10-16", run3, 3, NULL, check_run3, true);
}

/* A second run on a ledger in use is refused at once. */
static void test_busy(void **state)
{
    (void)state;
    static const char *const ids[] = {"A-1"};
    fl_report r1, r2;
    fl_history *h1 = NULL, *h2 = (fl_history *)&r2;
    report_of(&r1, &rs1, "2024-10-02", ids, 1);
    report_of(&r2, &rs1, "2024-10-02", ids, 1);
    assert_int_equal(fl_history_begin(ledger, NULL, NULL, &r1, &h1), FL_OK);
    assert_int_equal(fl_history_begin(ledger, NULL, NULL, &r2, &h2), FL_ERR_BUSY);
    assert_null(h2);
    fl_history_free(h1);
    /* released: the next run may go */
    assert_int_equal(fl_history_begin(ledger, NULL, NULL, &r2, &h2), FL_OK);
    assert_int_equal(fl_history_apply(h2, &r2), FL_OK);
    assert_int_equal(r2.since.run, 1); /* the first run was never committed */
    fl_history_free(h2);
    fl_report_free(&r1);
    fl_report_free(&r2);
}

/* A file that is no ledger, and a review file that cannot be read: refused, nothing changed. */
static void test_bad_inputs(void **state)
{
    (void)state;
    static const char *const ids[] = {"A-1"};
    fl_report r;
    fl_history *h = (fl_history *)&r;
    report_of(&r, &rs1, "2024-10-02", ids, 1);
    const char *text = fx_path(dir, "notes.txt");
    FILE *fp = fopen(text, "w");
    assert_non_null(fp);
    fputs("these are notes, not a ledger; long enough to look like a header page\n", fp);
    fclose(fp);
    assert_int_equal(fl_history_begin(text, NULL, NULL, &r, &h), FL_ERR_INPUT);
    assert_null(h);
    h = (fl_history *)&r;
    assert_int_equal(fl_history_begin(ledger, fx_path(dir, "missing.csv"), NULL, &r, &h),
                     FL_ERR_INPUT);
    assert_null(h);
    fl_report_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_no_ledger, setup, teardown),
        cmocka_unit_test_setup_teardown(test_runs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_busy, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_inputs, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
