/* test_common.c - statuses in words and as exit codes (common.h), the shared vocabulary
   (vocab.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "common.h"
#include "vocab.h"

static void test_status_exit_codes(void **state)
{
    (void)state;
    static const struct {
        fl_status st;
        int code;
        const char *words;
    } cases[] = {
        {FL_OK, FL_EXIT_OK, "ok"},
        {FL_ERR_USAGE, 2, "usage error"},
        {FL_ERR_INPUT, 3, "input error"},
        {FL_ERR_RULES, 4, "rules error"},
        {FL_ERR_OUTPUT, 5, "output error"},
        {FL_ERR_BUSY, 6, "ledger in use"},
        /* out of memory is its own code, not an output error */
        {FL_ERR_NOMEM, 7, "out of memory"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(fl_status_exit(cases[i].st), cases[i].code);
        assert_string_equal(fl_status_str(cases[i].st), cases[i].words);
    }
}

static void test_version_is_semver(void **state)
{
    (void)state;
    const char *v = fl_version();
    int dots = 0;
    assert_non_null(v);
    assert_true(strlen(v) >= 5);
    for (const char *p = v; *p; p++) {
        assert_true((*p >= '0' && *p <= '9') || *p == '.');
        dots += *p == '.';
    }
    assert_int_equal(dots, 2);
}

static void test_vocab_round_trip(void **state)
{
    (void)state;
    for (int s = 0; s < FL_SEV_COUNT; s++) {
        fl_severity back;
        assert_true(fl_severity_parse(fl_severity_str((fl_severity)s), &back));
        assert_int_equal(back, s);
    }
    for (int b = 0; b < FL_BASIS_COUNT; b++) {
        fl_basis back;
        assert_true(fl_basis_parse(fl_basis_str((fl_basis)b), &back));
        assert_int_equal(back, b);
    }
    fl_severity sev;
    assert_false(fl_severity_parse("severe", &sev));
    assert_string_equal(fl_action_str(FL_SEV_CRITICAL), "HOLD");
    assert_string_equal(fl_action_str(FL_SEV_HIGH), "REVIEW");
    assert_string_equal(fl_action_str(FL_SEV_LOW), "CAUTION");
    assert_string_equal(fl_match_str(FL_MATCH_INDIRECT), "indirect");
    assert_string_equal(fl_match_str(FL_MATCH_COUNT), "?");
    assert_string_equal(fl_labor_str(FL_LABOR_FORCED | FL_LABOR_CHILD), "forced+child");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_status_exit_codes),
        cmocka_unit_test(test_version_is_semver),
        cmocka_unit_test(test_vocab_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
