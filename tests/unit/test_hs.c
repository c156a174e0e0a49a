/* test_hs.c - HS / HTS code normalisation (hs.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
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

/* A cell of several codes, with the vendors' marks. */
struct cell_case {
    const char *in;
    bool default_inferred;
    const char *codes;  /* "digits[i]" per code, space-separated ("520100i 611020") */
    size_t n_invalid;
    const char *bad;    /* the first invalid piece, or NULL */
};

static const struct cell_case cell_cases[] = {
    {"Classified: 2523.21", false, "252321i", 0, NULL},
    {"Parsed: 3104.30.00.00", false, "3104300000", 0, NULL},
    {"Parsed: 5201.00; Classified: 6110.20", false, "520100 611020i", 0, NULL},
    {"CLASSIFIED:6110.20", false, "611020i", 0, NULL},
    {"HS: 5205.12", false, "520512", 0, NULL},
    {"HTS 6109.10.0012", false, "6109100012", 0, NULL},
    {"5208.11, 5205.12", false, "520811 520512", 0, NULL},
    {"5208.11 | 5205.12\n8708.99", false, "520811 520512 870899", 0, NULL},
    {"7323.93 VACUUM FLASK", false, "732393", 0, NULL},      /* words after the code */
    {"6109.10 100% COTTON", false, "610910", 0, NULL},       /* a number in the words */
    {"5201.00", true, "520100i", 0, NULL},                   /* the profile says inferred */
    {"Parsed: 5201.00", true, "520100", 0, NULL},            /* a mark wins */
    {"5201.00; Classified: 5201.00", false, "520100", 0, NULL}, /* once; declared wins */
    {"5.20512E+5; 5205.12", false, "520512", 1, "5.20512E+5"}, /* refusals stay */
    {"Classified: 5205.1", false, "", 1, "Classified: 5205.1"},
    {"Classified:", false, "", 1, "Classified:"},
    {"ABC", false, "", 1, "ABC"},
    {" ; ;", false, "", 0, NULL},
    {"", false, "", 0, NULL},
};

static void test_cells(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cell_cases / sizeof *cell_cases; i++) {
        const struct cell_case *tc = &cell_cases[i];
        fl_hs_cell c;
        char got[256] = "";
        fl_hs_parse_cell(tc->in, strlen(tc->in), tc->default_inferred, &c);
        for (size_t k = 0; k < c.n; k++) {
            size_t used = strlen(got);
            snprintf(got + used, sizeof got - used, "%s%s%s", k ? " " : "", c.code[k].digits,
                     c.code[k].inferred ? "i" : "");
        }
        print_message("case: '%s' -> '%s'\n", tc->in, got);
        assert_string_equal(got, tc->codes);
        assert_int_equal(c.n_invalid, tc->n_invalid);
        if (tc->bad) {
            assert_int_equal(c.bad_len, strlen(tc->bad));
            assert_memory_equal(tc->in + c.bad_at, tc->bad, c.bad_len);
        }
    }
    /* past FL_HS_CELL_MAX codes: the first kept, the rest counted */
    const char *many = "01;02;03;04;05;06;07;08;09;10";
    fl_hs_cell c;
    fl_hs_parse_cell(many, strlen(many), false, &c);
    assert_int_equal(c.n, FL_HS_CELL_MAX);
    assert_int_equal(c.dropped, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_normalise),
        cmocka_unit_test(test_cells),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
