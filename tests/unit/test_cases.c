/* test_cases.c - which flags the Flags sheet shows (fl_cases_select_sheet, cases.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "heap_use.h"
#include "cases.h"

/*
 * Three cases in the Cases sheet's order (0 the worst) and their flags in input order:
 * case 2 comes first in the file, case 0 last; case 1 is Decided.
 */
static const uint32_t flag_case[] = {2, 2, 2, 1, 0, 2, 0, 0, 1, 0};

static void setup_report(fl_report *r)
{
    fl_report_init(r);
    size_t n = sizeof flag_case / sizeof *flag_case;
    r->flag_rows = fl_rowfile_new(sizeof(fl_flag), "flags");
    assert_non_null(r->flag_rows);
    for (size_t i = 0; i < n; i++) {
        fl_flag *f = fl_rowfile_push(r->flag_rows);
        assert_non_null(f);
        f->kase = flag_case[i];
    }
    r->case_decided = calloc(1, 1);
    assert_non_null(r->case_decided);
    r->case_decided[0] = 1u << 1; /* case 1 */
    r->n_cases = 3;
    r->n_flags = n;
}

static void release(fl_report *r)
{
    free(r->sheet_flags);
    r->n_flags = r->n_cases = 0;
    r->sheet_flags = NULL;
    fl_report_free(r);
}

/* When the bound runs out, the worst case keeps its flags though they come last. */
static void test_worst_cases_first(void **state)
{
    (void)state;
    fl_report r;
    setup_report(&r);
    assert_int_equal(fl_cases_select_sheet(&r, 20, 5), FL_OK);
    /* case 0 (4 flags) first, then one of case 2; case 1 is Decided; in input order */
    static const size_t want[] = {0, 4, 6, 7, 9};
    assert_int_equal(r.n_sheet_flags, 5);
    for (size_t i = 0; i < 5; i++)
        assert_int_equal(r.sheet_flags[i], want[i]);
    release(&r);
}

/* At most per_case a case; no Decided case; everything else when the bound is wide. */
static void test_per_case(void **state)
{
    (void)state;
    fl_report r;
    setup_report(&r);
    assert_int_equal(fl_cases_select_sheet(&r, 2, 100), FL_OK);
    static const size_t want[] = {0, 1, 4, 6};
    assert_int_equal(r.n_sheet_flags, 4);
    for (size_t i = 0; i < 4; i++)
        assert_int_equal(r.sheet_flags[i], want[i]);
    release(&r);

    setup_report(&r);
    assert_int_equal(fl_cases_select_sheet(&r, 20, 100), FL_OK);
    assert_int_equal(r.n_sheet_flags, 8); /* all but the two of the Decided case */
    for (size_t i = 0; i < r.n_sheet_flags; i++)
        assert_int_not_equal(flag_case[r.sheet_flags[i]], 1);
    release(&r);
}

/* The New flags and Suppressed sheets keep the first max of theirs. */
static void test_other_sheets(void **state)
{
    (void)state;
    fl_report r;
    setup_report(&r);
    r.n_new_flags = 9;
    r.n_suppressed = 3;
    assert_int_equal(fl_cases_select_sheet(&r, 20, 5), FL_OK);
    assert_int_equal(r.n_sheet_new, 5);
    assert_int_equal(r.n_sheet_suppressed, 3);
    r.n_new_flags = r.n_suppressed = 0;
    release(&r);
}

/* One rule, "R", and the names tables: what a report built by hand needs for its cases. */
typedef struct one_rule {
    fl_name_tables *names;
    fl_rule rule;
    fl_ruleset rs;
} one_rule;

static void one_rule_init(one_rule *o)
{
    memset(o, 0, sizeof *o);
    assert_int_equal(fl_nametab_load(FLSCAN_SOURCE_DIR "/datasets/names", &o->names), FL_OK);
    o->rule.id = "R";
    o->rs.rules = &o->rule;
    o->rs.n_rules = 1;
}

/*
 * Many cases, each met twice far apart (their flags' rows sorted in several runs on the
 * disk): every case counts both, in the Cases sheet's order, every flag points at its own
 * case, and the heap does not grow with the cases (in memory they took some 300 bytes each:
 * 18 MB here).
 */
static void test_many_cases(void **state)
{
    (void)state;
    one_rule fx;
    one_rule_init(&fx);
    fl_report r;
    fl_report_init(&r);
    r.rules = &fx.rs;
    assert_int_equal(fl_report_add_input(&r, "in/a.csv"), 0);
    const size_t n = 60000; /* cases; 2n records */
    fl_span none = {FL_F_COUNT, 0, 0};
    for (size_t i = 0; i < 2 * n; i++) {
        size_t k = i % n; /* case k: records k and n + k */
        char id[32], shipper[64], value[32];
        snprintf(id, sizeof id, "R-%zu", i);
        snprintf(shipper, sizeof shipper, "Shipper %zu Trading", k);
        snprintf(value, sizeof value, "%zu", i < n ? k % 1000 : 1);
        fl_slice f[FL_F_COUNT];
        for (int j = 0; j < FL_F_COUNT; j++)
            f[j] = (fl_slice){"", 0};
        f[FL_F_RECORD_ID] = fl_slice_cstr(id);
        f[FL_F_SHIPPER] = fl_slice_cstr(shipper);
        f[FL_F_IMPORTER] = fl_slice_cstr("Importer Inc");
        f[FL_F_VALUE] = fl_slice_cstr(value);
        uint32_t idx;
        assert_int_equal(fl_report_add_rec(&r, 0, i + 2, i + 1, f, "CN", "610910", &idx), FL_OK);
        fl_severity sev = k % 3 == 0 ? FL_SEV_HIGH : FL_SEV_LOW;
        assert_int_equal(fl_report_add_flag(&r, idx, 0, sev, FL_MATCH_DIRECT, "why", none), FL_OK);
    }
    r.read = r.flagged = 2 * n;
    assert_int_equal(fl_report_finish(&r), FL_OK);
    size_t before = heap_in_use();
    assert_int_equal(fl_cases_build(&r, fx.names, NULL), FL_OK);
    size_t after = heap_in_use();
    if (before) /* what stays: the importer's name and the rows' buffers */
        assert_true(after < before + ((size_t)4 << 20));
    assert_int_equal(r.n_cases, n);

    fl_rowview cv, fv;
    fl_report_view(&r, FL_ROWS_CASES, &cv);
    fl_case prev = {0};
    for (size_t i = 0; i < n; i++) {
        const fl_case *c = fl_case_get(&cv, i);
        assert_int_equal(c->shipments, 2);
        assert_int_equal(c->flags, 2);
        if (i) { /* severity, then value, shipments and id */
            assert_true(prev.severity >= c->severity);
            if (prev.severity == c->severity)
                assert_true(prev.value > c->value ||
                            (prev.value == c->value && strcmp(prev.id, c->id) < 0));
        }
        prev = *c;
    }
    fl_report_view(&r, FL_ROWS_FLAGS, &fv);
    fl_casetext t = {0};
    for (size_t i = 0; i < r.n_flags; i += 7) {
        const fl_flag *f = fl_flag_get(&fv, i);
        const fl_case *c = fl_case_get(&cv, f->kase);
        assert_string_equal(c->id, f->case_id);
        size_t k = f->rec % n;
        assert_true(c->value == (double)(k % 1000 + 1));
        assert_int_equal(c->severity, k % 3 == 0 ? FL_SEV_HIGH : FL_SEV_LOW);
        assert_int_equal(fl_report_case_text(&r, c, &t), FL_OK);
        char want[64];
        snprintf(want, sizeof want, "R-%zu (a.csv:%zu); R-%zu (a.csv:%zu)", k, k + 2, n + k,
                 n + k + 2);
        assert_string_equal(t.examples, want);
    }
    assert_int_equal(fl_rowview_end(&fv), FL_OK);
    assert_int_equal(fl_rowview_end(&cv), FL_OK);
    fl_casetext_free(&t);
    fl_report_free(&r);
    fl_nametab_free(fx.names);
}

/*
 * Texts longer than a flag's row holds while the cases are counted (a shipper name past 72
 * bytes, an example past 56) are read again from the record: the case's party, examples and
 * evidence come out whole, and a short case beside it keeps its own.
 */
static void test_long_texts(void **state)
{
    (void)state;
    one_rule fx;
    one_rule_init(&fx);
    fl_report r;
    fl_report_init(&r);
    r.rules = &fx.rs;
    assert_int_equal(fl_report_add_input(&r, "in/a.csv"), 0);
    char long_name[201], long_id[5][121];
    memset(long_name, 'x', 200);
    memcpy(long_name, "Long ", 5);
    long_name[200] = '\0';
    fl_span none = {FL_F_COUNT, 0, 0};
    for (size_t i = 0; i < 5; i++) { /* records 0, 2, 4: the long case; 1, 3: the short */
        memset(long_id[i], 'a' + (int)i, 120);
        long_id[i][120] = '\0';
        fl_slice f[FL_F_COUNT];
        for (int j = 0; j < FL_F_COUNT; j++)
            f[j] = (fl_slice){"", 0};
        f[FL_F_RECORD_ID] = fl_slice_cstr(i % 2 ? "S-1" : long_id[i]);
        f[FL_F_SHIPPER] = fl_slice_cstr(i % 2 ? "Short Co" : long_name);
        f[FL_F_IMPORTER] = fl_slice_cstr("Importer Inc");
        uint32_t idx;
        assert_int_equal(fl_report_add_rec(&r, 0, i + 2, i + 1, f, "CN", "610910", &idx), FL_OK);
        char why[32];
        snprintf(why, sizeof why, "why %zu", i);
        assert_int_equal(fl_report_add_flag(&r, idx, 0, i == 2 ? FL_SEV_HIGH : FL_SEV_LOW,
                                            FL_MATCH_DIRECT, why, none),
                         FL_OK);
    }
    r.read = r.flagged = 5;
    assert_int_equal(fl_report_finish(&r), FL_OK);
    assert_int_equal(fl_cases_build(&r, fx.names, NULL), FL_OK);
    assert_int_equal(r.n_cases, 2);
    fl_rowview cv;
    fl_report_view(&r, FL_ROWS_CASES, &cv);
    fl_casetext t = {0};
    const fl_case *c = fl_case_get(&cv, 0); /* the long case: its high flag puts it first */
    assert_int_equal(c->shipments, 3);
    assert_int_equal(fl_report_case_text(&r, c, &t), FL_OK);
    assert_string_equal(t.party, long_name);
    char want[512];
    snprintf(want, sizeof want, "%s (a.csv:2); %s (a.csv:4); %s (a.csv:6)", long_id[0], long_id[2],
             long_id[4]);
    assert_string_equal(t.examples, want);
    assert_string_equal(t.evidence, "why 2");
    c = fl_case_get(&cv, 1);
    assert_int_equal(c->shipments, 2);
    assert_int_equal(fl_report_case_text(&r, c, &t), FL_OK);
    assert_string_equal(t.party, "Short Co");
    assert_string_equal(t.examples, "S-1 (a.csv:3); S-1 (a.csv:5)");
    assert_string_equal(t.evidence, "why 1");
    assert_int_equal(fl_rowview_end(&cv), FL_OK);
    fl_casetext_free(&t);
    fl_report_free(&r);
    fl_nametab_free(fx.names);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_worst_cases_first), cmocka_unit_test(test_per_case),
        cmocka_unit_test(test_other_sheets),      cmocka_unit_test(test_many_cases),
        cmocka_unit_test(test_long_texts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
