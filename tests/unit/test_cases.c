/* test_cases.c - which flags the Flags sheet shows (fl_cases_select_sheet, cases.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_worst_cases_first),
        cmocka_unit_test(test_per_case),
        cmocka_unit_test(test_other_sheets),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
