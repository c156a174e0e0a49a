/* test_dates.c - date parsing, validity, formatting and SOURCE_DATE_EPOCH (dates.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "dates.h"

struct test_case {
    const char *in;
    fl_date want; /* 0: rejected */
};

static const struct test_case iso_cases[] = {
    {"2011-10-05", 20111005},
    {"2020-02-29", 20200229},
    {"2000-02-29", 20000229},
    {"2999-12-31", 29991231},
    {"1900-01-01", 19000101},
    {"2021-02-29", 0},
    {"1900-02-29", 0},
    {"2011-13-01", 0},
    {"2011-00-10", 0},
    {"2011-04-31", 0},
    {"2011-10-00", 0},
    {"1899-12-31", 0},
    {"3000-01-01", 0},
    {"2011/10/05", 0},
    {"20111005", 0},
    {"2011-1-05", 0},
    {"2011-10-5", 0},
    {"2011-10-0a", 0},
    {"2011-10-05T00:00:00", 0},
    {" 2011-10-05", 0},
    {"10/05/2011", 0},
    {"", 0},
};

static const struct test_case any_cases[] = {
    {"2011-10-05", 20111005},
    {"2011/10/05", 20111005},
    {"2011.10.05", 20111005},
    {"20111005", 20111005},
    {"2011-10-05T12:00:00", 20111005},
    {"2011-10-05T00:00:00Z", 20111005},
    {"2011-10-05 13:45", 20111005},
    {"  2011-10-05  ", 20111005},
    {"2011-1-5", 20110105},
    {"10/05/2011", 20111005}, /* US: month first */
    {"1/2/2020", 20200102},
    {"12/13/2020", 20201213},
    {"25/12/2020", 20201225}, /* day first because 25 > 12 */
    {"05.10.2011", 20111005}, /* dots: day first */
    {"5.10.2011", 20111005},
    {"31/31/2020", 0},
    {"13/13/2020", 0},
    {"2021-02-29", 0},
    {"2020-02-29", 20200229},
    {"02/29/2021", 0},
    {"20111305", 0},
    {"2011-10", 0},
    {"2011", 0},
    {"10/05/11", 0}, /* two-digit year */
    {"2011-10-05x", 0},
    {"2011-10/05", 0},
    {"2011_10_05", 0},
    {"abc", 0},
    {"", 0},
    {"   ", 0},
};

static void test_parse_iso(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof iso_cases / sizeof *iso_cases; i++) {
        print_message("case: '%s'\n", iso_cases[i].in);
        assert_int_equal(fl_date_parse_iso(iso_cases[i].in, strlen(iso_cases[i].in)),
                         iso_cases[i].want);
    }
}

static void test_parse_any(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof any_cases / sizeof *any_cases; i++) {
        print_message("case: '%s'\n", any_cases[i].in);
        assert_int_equal(fl_date_parse_any(any_cases[i].in, strlen(any_cases[i].in)),
                         any_cases[i].want);
    }
}

struct order_case {
    const char *in;
    fl_date_order order;
    fl_date want;
    fl_date_reading how;
};

static const struct order_case order_cases[] = {
    {"01-03-2024", FL_DATE_ORDER_AUTO, 20240103, FL_DATE_READ_AMBIGUOUS}, /* month first */
    {"01/03/2024", FL_DATE_ORDER_AUTO, 20240103, FL_DATE_READ_AMBIGUOUS},
    {"01-03-2024", FL_DATE_ORDER_DMY, 20240301, FL_DATE_READ_PLAIN},
    {"01-03-2024", FL_DATE_ORDER_MDY, 20240103, FL_DATE_READ_PLAIN},
    {"03-03-2024", FL_DATE_ORDER_AUTO, 20240303, FL_DATE_READ_PLAIN},     /* same either way */
    {"25-01-2024", FL_DATE_ORDER_AUTO, 20240125, FL_DATE_READ_DAY_FIRST}, /* only day first */
    {"25-01-2024", FL_DATE_ORDER_MDY, 0, FL_DATE_READ_PLAIN},             /* month 25 */
    {"01-25-2024", FL_DATE_ORDER_DMY, 0, FL_DATE_READ_PLAIN},
    {"12/13/2020", FL_DATE_ORDER_AUTO, 20201213, FL_DATE_READ_PLAIN},
    {"05.10.2011", FL_DATE_ORDER_MDY, 20111005, FL_DATE_READ_PLAIN},     /* dots: day first */
    {"2024-01-03", FL_DATE_ORDER_DMY, 20240103, FL_DATE_READ_PLAIN},     /* year first */
    {"31/31/2020", FL_DATE_ORDER_AUTO, 0, FL_DATE_READ_PLAIN},
};

static void test_parse_order(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof order_cases / sizeof *order_cases; i++) {
        const struct order_case *c = &order_cases[i];
        fl_date_reading how = (fl_date_reading)99;
        print_message("case: '%s' %s\n", c->in, fl_date_order_str(c->order));
        assert_int_equal(fl_date_parse_order(c->in, strlen(c->in), c->order, &how), c->want);
        assert_int_equal(how, c->how);
    }
    fl_date_order o;
    assert_true(fl_date_order_parse("dmy", &o) && o == FL_DATE_ORDER_DMY);
    assert_true(fl_date_order_parse("mdy", &o) && o == FL_DATE_ORDER_MDY);
    assert_false(fl_date_order_parse("ymd", &o));
    assert_false(fl_date_order_parse(NULL, &o));
}

static void test_parse_respects_len(void **state)
{
    (void)state;
    /* the text is a slice, not a C string: bytes past len never count */
    assert_int_equal(fl_date_parse_iso("2011-10-05junk", 10), 20111005);
    assert_int_equal(fl_date_parse_any("2011-10-05junk", 10), 20111005);
    assert_int_equal(fl_date_parse_any("10/05/2011999", 10), 20111005);
}

struct valid_case {
    unsigned y, m, d;
    bool want;
};

static const struct valid_case valid_cases[] = {
    {2000, 2, 29, true},  {2024, 2, 29, true},  {1900, 2, 29, false},  {2100, 2, 29, false},
    {2023, 2, 29, false}, {2024, 4, 31, false}, {2024, 12, 31, true},  {2024, 0, 1, false},
    {2024, 13, 1, false}, {2024, 1, 0, false},  {1899, 12, 31, false}, {2999, 12, 31, true},
    {3000, 1, 1, false},
};

static void test_valid(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof valid_cases / sizeof *valid_cases; i++) {
        const struct valid_case *tc = &valid_cases[i];
        print_message("case: %u-%u-%u\n", tc->y, tc->m, tc->d);
        assert_int_equal(fl_date_valid(tc->y, tc->m, tc->d), tc->want);
    }
}

struct format_case {
    fl_date d;
    const char *want;
};

static const struct format_case format_cases[] = {
    {20111005, "2011-10-05"},
    {19000101, "1900-01-01"},
    {20200229, "2020-02-29"},
    {99991231, "9999-12-31"},
    {0, ""},
};

static void test_format(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof format_cases / sizeof *format_cases; i++) {
        char out[11];
        memset(out, 'z', sizeof out);
        fl_date_format(format_cases[i].d, out);
        assert_string_equal(out, format_cases[i].want);
        /* and back */
        if (format_cases[i].d && format_cases[i].d != 99991231)
            assert_int_equal(fl_date_parse_iso(out, strlen(out)), format_cases[i].d);
    }
}

struct epoch_case {
    const char *sde;
    fl_date want; /* 0: not honoured, today's date is used */
};

static const struct epoch_case epoch_cases[] = {
    {"0", 19700101},          {"86399", 19700101}, {"86400", 19700102}, {"951782400", 20000229},
    {"1700000000", 20231114}, {"junk", 0},         {"-5", 0},           {"", 0},
};

static void test_today(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof epoch_cases / sizeof *epoch_cases; i++) {
        const struct epoch_case *tc = &epoch_cases[i];
        print_message("case: SOURCE_DATE_EPOCH='%s'\n", tc->sde);
        assert_int_equal(setenv("SOURCE_DATE_EPOCH", tc->sde, 1), 0);
        fl_date d = fl_date_today();
        if (tc->want) {
            assert_int_equal(d, tc->want);
        } else {
            /* falls back to the clock: some real date after this code was written */
            assert_true(fl_date_valid(d / 10000, d / 100 % 100, d % 100));
            assert_true(d > 20240101);
        }
    }
    unsetenv("SOURCE_DATE_EPOCH");
    fl_date d = fl_date_today();
    assert_true(fl_date_valid(d / 10000, d / 100 % 100, d % 100));
}

/* fl_date_prev, fl_date_next and fl_date_diff across month, year and leap-day ends */
static void test_arithmetic(void **state)
{
    (void)state;
    static const struct {
        fl_date d, prev, next;
    } cases[] = {
        {20240301, 20240229, 20240302}, {20230301, 20230228, 20230302},
        {20250101, 20241231, 20250102}, {20241231, 20241230, 20250101},
        {20000229, 20000228, 20000301}, {19000301, 19000228, 19000302},
        {20260803, 20260802, 20260804},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        assert_int_equal(fl_date_prev(cases[i].d), cases[i].prev);
        assert_int_equal(fl_date_next(cases[i].d), cases[i].next);
        assert_int_equal(fl_date_diff(cases[i].prev, cases[i].d), 1);
        assert_int_equal(fl_date_diff(cases[i].next, cases[i].d), -1);
    }
    assert_int_equal(fl_date_diff(20201216, 20201230), 14);
    assert_int_equal(fl_date_diff(20200101, 20210101), 366);
    assert_int_equal(fl_date_diff(20261206, 20270901), 269);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_iso),
        cmocka_unit_test(test_parse_any),
        cmocka_unit_test(test_parse_respects_len),
        cmocka_unit_test(test_parse_order),
        cmocka_unit_test(test_valid),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_today),
        cmocka_unit_test(test_arithmetic),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
