/* test_verdict.c - every rule that fires for one record (verdict.h): the record's own origin,
   the address's country when it contradicts the origin, each rule once. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "country.h"
#include "dates.h"
#include "origin.h"
#include "record.h"
#include "region.h"
#include "rules.h"
#include "verdict.h"

#define REFDATA_RULES "/tests/e2e/rules"
#include "refdata_fixture.h"

enum { C_DATE, C_ADDR, C_ORIGIN, C_HS, N_COLS };

/* The hits of a record dated date, shipped from addr with the stated origin and HS code. */
static size_t judge(const char *date, const char *addr, const char *origin, const char *hs,
                    fl_hit *hits, fl_verdict *v)
{
    fl_fieldmap map;
    memset(&map, 0, sizeof map);
    for (int k = 0; k < FL_F_COUNT; k++)
        map.col[k] = -1;
    map.col[FL_F_DATE] = C_DATE;
    map.col[FL_F_SHIPPER_ADDRESS] = C_ADDR;
    map.col[FL_F_ORIGIN] = C_ORIGIN;
    map.col[FL_F_HS] = C_HS;
    map.n_cols = N_COLS;
    fl_slice cells[N_COLS] = {fl_slice_cstr(date), fl_slice_cstr(addr), fl_slice_cstr(origin),
                              fl_slice_cstr(hs)};
    fl_csv_row row = {cells, N_COLS, 2, 1, NULL};
    fl_normaliser *n = fl_normaliser_new(C, G, P, 0);
    fl_matcher *m = fl_matcher_new(R, NULL);
    assert_non_null(n);
    assert_non_null(m);
    fl_record rec;
    assert_true(fl_record_read(n, &row, &map, &rec));
    fl_record_place(n, &rec, NULL);
    *v = fl_verdict_judge(m, NULL, &rec, hits);
    fl_matcher_free(m);
    fl_normaliser_free(n);
    return v->n_hits;
}

static size_t count_rule(const fl_hit *hits, size_t n, const char *id)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += strcmp(R->rules[hits[i].rule].id, id) == 0;
    return k;
}

static void test_address_country_judged_too(void **state)
{
    (void)state;
    fl_hit hits[FL_VERDICT_MAX_HITS];
    fl_verdict v;
    /* stated Pakistan, shipped from Tashkent: the Uzbek cotton rule fires on the address */
    size_t n = judge("2016-05-01", "12 Amir Temur St, Tashkent 100000, Uzbekistan", "Pakistan",
                     "5201", hits, &v);
    assert_int_equal(v.fired, 0); /* nothing for Pakistan itself */
    assert_int_equal(count_rule(hits, n, "TVPRA-UZ-COTTON-1"), 1);
    assert_int_equal(v.supplier, FL_SUPPLY_NONE);
    for (size_t i = 0; i < n; i++)
        assert_non_null(strstr(hits[i].evidence, "from the shipper address"));
}

static void test_each_rule_once(void **state)
{
    (void)state;
    fl_hit hits[FL_VERDICT_MAX_HITS];
    fl_verdict v;
    /* stated Uzbekistan and shipped from Uzbekistan: no conflict, each rule once */
    size_t n = judge("2016-05-01", "Tashkent, Uzbekistan", "Uzbekistan", "5201", hits, &v);
    assert_true(n >= 1);
    assert_int_equal(v.fired, n);
    assert_int_equal(count_rule(hits, n, "TVPRA-UZ-COTTON-1"), 1);
    for (size_t i = 0; i < n; i++)
        for (size_t k = i + 1; k < n; k++)
            assert_true(hits[i].rule != hits[k].rule);
    /* the window: after the rule's end date it does not fire */
    n = judge("2023-05-01", "Tashkent, Uzbekistan", "Uzbekistan", "5201", hits, &v);
    assert_int_equal(count_rule(hits, n, "TVPRA-UZ-COTTON-1"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_address_country_judged_too),
        cmocka_unit_test(test_each_rule_once),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
