/* test_hs.c - HS / HTS code normalisation (hs.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "hs.h"

struct test_case {
    const char *in;
    size_t len; /* 0: strlen(in) */
    fl_hs_result want;
    const char *out; /* expected digits; "" unless FL_HS_OK */
};

static const struct test_case cases[] = {
    {"5205.12", 0, FL_HS_OK, "520512"},
    {"5205.12.0000", 0, FL_HS_OK, "5205120000"},
    {"520512", 0, FL_HS_OK, "520512"},
    {"5205 12", 0, FL_HS_OK, "520512"},
    {"HS 5205.12", 0, FL_HS_OK, "520512"},
    {"hs5205", 0, FL_HS_OK, "5205"},
    {"HTS 6109.10.0012", 0, FL_HS_OK, "6109100012"},
    {"HTSUS: 6109.10.00.12", 0, FL_HS_OK, "6109100012"},
    {"6109100012", 0, FL_HS_OK, "6109100012"},
    {"5205-12", 0, FL_HS_OK, "520512"},
    {"5205/12", 0, FL_HS_OK, "520512"},
    {"  5205.12  ", 0, FL_HS_OK, "520512"},
    {"52", 0, FL_HS_OK, "52"},
    {"10121", 0, FL_HS_OK, "010121"}, /* odd length: leading zero restored */
    {"701.90", 0, FL_HS_OK, "070190"},
    {"123456789", 0, FL_HS_OK, "0123456789"}, /* 9 digits become 10 */
    {"520512999", 6, FL_HS_OK, "520512"},     /* only len bytes are read */
    {"", 0, FL_HS_EMPTY, ""},
    {"   ", 0, FL_HS_EMPTY, ""},
    {"ABC", 0, FL_HS_INVALID, ""},
    /* spreadsheet damage is refused, never read as another chapter */
    {"5205.1", 0, FL_HS_INVALID, ""},   /* 5205.10 stored as a number */
    {"520512.0", 0, FL_HS_INVALID, ""}, /* an integer written as a float */
    {"5205.12.000", 0, FL_HS_INVALID, ""},
    {"1.23E+05", 0, FL_HS_INVALID, ""}, /* scientific notation */
    {"5.20512E+5", 0, FL_HS_INVALID, ""},
    {"5.20512e5", 0, FL_HS_INVALID, ""},
    {"5205.", 0, FL_HS_OK, "5205"},
    {"52.05.12", 0, FL_HS_OK, "520512"},
    {"1", 0, FL_HS_INVALID, ""},
    {"12345678901", 0, FL_HS_INVALID, ""},
    {"12345678901234", 0, FL_HS_INVALID, ""},
    {"5205x12", 0, FL_HS_INVALID, ""},
    {"HS", 0, FL_HS_INVALID, ""},
    {"HSCODE 5205", 0, FL_HS_INVALID, ""},
    {"5205,12", 0, FL_HS_INVALID, ""},
    {"-", 0, FL_HS_INVALID, ""},
};

static void test_normalise(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const struct test_case *tc = &cases[i];
        char out[FL_HS_MAX + 1];
        memset(out, 'z', sizeof out);
        size_t len = tc->len ? tc->len : strlen(tc->in);
        print_message("case: '%s'\n", tc->in);
        assert_int_equal(fl_hs_normalise(tc->in, len, out), tc->want);
        assert_string_equal(out, tc->out);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_normalise),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
