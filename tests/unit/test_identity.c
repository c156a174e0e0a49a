/* test_identity.c - source labels, record keys, fingerprints and case ids (identity.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "identity.h"

static void test_source_label(void **state)
{
    (void)state;
    fl_arena a = FL_ARENA_INIT;
    static const char *const cases[][2] = {
        {"export-20261201.csv", "export"},
        {"in/export-20261202.csv", "export"},
        {"Panjiva_US_Imports_2026-12-01_run2.csv", "Panjiva_US_Imports"},
        {"acme shipments (3).csv", "acme shipments"},
        {"bol_20261201T020000Z_v7.txt", "bol"},
        {"shipments.csv", "shipments"},
        {"20261201.csv", "20261201"}, /* nothing would be left: the base name */
        {"-", "stdin"},
        {"vendor.q3.archive.csv", "vendor.q3.archive"},
        {"export-part1-batch12.csv", "export"},
        {"version2_export.csv", "version2_export"}, /* "version" is no run counter */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *got = fl_id_source_label(&a, cases[i][0]);
        assert_non_null(got);
        if (strcmp(got, cases[i][1]) != 0)
            fail_msg("'%s': label '%s', expected '%s'", cases[i][0], got, cases[i][1]);
    }
    fl_arena_free(&a);
}

static void test_record_key_and_fingerprint(void **state)
{
    (void)state;
    fl_arena a = FL_ARENA_INIT;
    const char *f[FL_F_COUNT];
    for (int k = 0; k < FL_F_COUNT; k++)
        f[k] = "";
    f[FL_F_RECORD_ID] = " BOL-1 ";
    f[FL_F_ORIGIN] = "Uzbekistan";
    char *key = fl_id_record_key(&a, "shipments.csv", f, 1);
    assert_string_equal(key, "shipments.csv#id:BOL-1");
    /* Other fields do not change a record with an id. */
    f[FL_F_ORIGIN] = "UZ";
    assert_string_equal(fl_id_record_key(&a, "shipments.csv", f, 1), key);
    /* The second record with the same id in a run is told apart. */
    assert_string_equal(fl_id_record_key(&a, "shipments.csv", f, 2), "shipments.csv#id:BOL-1#2");

    char fp[65];
    fl_id_fingerprint(key, "TVPRA-UZ-COTTON", NULL, fp);
    /* Pinned: fingerprints are the ledger's keys; a change here orphans every review. The
     * value is SHA-256("13:flscan flag 1,22:shipments.csv#id:BOL-1,15:TVPRA-UZ-COTTON,
     * 15:TVPRA-UZ-COTTON,"), checkable with any SHA-256 tool. */
    assert_string_equal(fp, "463e356ea8e714e0e23803899450ad2dc5935b9f63638ba877a51cba6a53f3ee");
    char fp2[65];
    fl_id_fingerprint(key, "TVPRA-UZ-COTTON", "TVPRA-UZ-COTTON", fp2);
    assert_string_equal(fp, fp2);
    fl_id_fingerprint(key, "TVPRA-UZ-COTTON", "other-entry", fp2);
    assert_string_not_equal(fp, fp2);
    fl_id_fingerprint(key, "WRO-TM-COTTON", NULL, fp2);
    assert_string_not_equal(fp, fp2);

    /* Without an id: a content hash, whatever the line, and blind to empty fields. */
    f[FL_F_RECORD_ID] = "  ";
    f[FL_F_HS] = "5201";
    char *k1 = fl_id_record_key(&a, "shipments", f, 1);
    assert_memory_equal(k1, "shipments#sha256:", 17);
    assert_int_equal(strlen(k1), 17 + 64);
    f[FL_F_HS] = "5202";
    assert_string_not_equal(fl_id_record_key(&a, "shipments", f, 1), k1);
    fl_arena_free(&a);
}

static void test_case_id(void **state)
{
    (void)state;
    char a[FL_CASE_ID], b[FL_CASE_ID];
    fl_id_case("TVPRA-CN-GARMENTS", NULL, false, "harborline apparel", "acme", a);
    assert_int_equal(strlen(a), FL_CASE_ID - 1);
    assert_memory_equal(a, "C-", 2);
    for (size_t i = 2; i < FL_CASE_ID - 1; i++)
        assert_non_null(strchr("0123456789abcdef", a[i]));
    fl_id_case("TVPRA-CN-GARMENTS", "TVPRA-CN-GARMENTS", false, "harborline apparel", "acme", b);
    assert_string_equal(a, b); /* entry NULL is the rule id */
    /* each part of the key makes another case */
    fl_id_case("TVPRA-CN-GARMENTS", NULL, true, "harborline apparel", "acme", b);
    assert_string_not_equal(a, b);
    fl_id_case("TVPRA-CN-GARMENTS", NULL, false, "harborline apparels", "acme", b);
    assert_string_not_equal(a, b);
    fl_id_case("TVPRA-CN-GARMENTS", NULL, false, "harborline apparel", "acme2", b);
    assert_string_not_equal(a, b);
    fl_id_case("TVPRA-CN-TOYS", NULL, false, "harborline apparel", "acme", b);
    assert_string_not_equal(a, b);
    /* length-prefixed: moving a boundary between parts changes the id */
    fl_id_case("R", NULL, false, "ab", "c", a);
    fl_id_case("R", NULL, false, "a", "bc", b);
    assert_string_not_equal(a, b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_source_label),
        cmocka_unit_test(test_record_key_and_fingerprint),
        cmocka_unit_test(test_case_id),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
