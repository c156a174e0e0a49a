/* test_nearname.c - party keys that nearly match (nearname.h), and the index over them. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "nearname.h"

static void test_near(void **state)
{
    (void)state;
    static const struct case_near {
        const char *a, *b;
        bool near;
    } cases[] = {
        {"h m hennes mauritz", "h m hennes mauritz l", true}, /* H&M ... AB / ... L.P. */
        {"nike class b", "nike", true},                       /* a share class */
        {"harborline brands", "harborline apparel", true},    /* half the shorter shared */
        {"great lakes mobility", "great lakes drivetrain", true},
        {"acme", "acme", false},                   /* the same key is a match, not a miss */
        {"american eagle", "global eagle", false}, /* another first word */
        {"a b c d", "a b x y", false},             /* no shared word of 3 letters */
        {"kestrel computing north", "kestrel tools east west", false}, /* 1 of 3 shared */
        {"", "acme", false},
        {"acme", "", false},
        {"acme  trading", "acme", true}, /* spaces do not make words */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        print_message("case %zu: '%s' ~ '%s'\n", i, cases[i].a, cases[i].b);
        assert_int_equal(fl_nearname_near(cases[i].a, cases[i].b), cases[i].near);
        assert_int_equal(fl_nearname_near(cases[i].b, cases[i].a), cases[i].near); /* both ways */
    }
}

static void test_index(void **state)
{
    (void)state;
    fl_nearname *ix = fl_nearname_new();
    assert_non_null(ix);
    static const char *const keys[] = {
        "harborline apparel", "acme", "harborline home", "harbor freight", "harborline brands", ""};
    for (uint32_t i = 0; i < sizeof keys / sizeof *keys; i++)
        assert_int_equal(fl_nearname_add(ix, keys[i], 100 + i), FL_OK);
    uint32_t out[8];
    /* near "harborline brands": the other harborline keys in the order added, not itself */
    size_t n = fl_nearname_find(ix, "harborline brands", out, 8);
    assert_int_equal(n, 2);
    assert_int_equal(out[0], 100);
    assert_int_equal(out[1], 102);
    assert_int_equal(fl_nearname_find(ix, "harborline brands", out, 1), 1); /* at most max */
    assert_int_equal(fl_nearname_find(ix, "zenith", out, 8), 0);
    assert_int_equal(fl_nearname_find(ix, "", out, 8), 0);
    fl_nearname_free(ix);
    fl_nearname_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_near),
        cmocka_unit_test(test_index),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
