/* test_unorm.c - folding keys and UTF-8 validation (unorm.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "unorm.h"

/* A byte string with its length, so that cases may hold NUL and invalid bytes. */
#define B(lit) lit, sizeof(lit) - 1

struct case_key {
    const char *in;
    size_t len;
    const char *want; /* NULL: fl_unorm_key must return -1 */
};

static const struct case_key key_cases[] = {
    {B(""), ""},
    {B("   "), ""},
    {B("--/.,"), ""},
    {B("Uzbekistan"), "uzbekistan"},
    {B("UZ"), "uz"},
    {B("UZ  "), "uz"},
    {B("  Côte  d'Ivoire "), "cote d ivoire"},
    {B("Côte d’Ivoire"), "cote d ivoire"}, /* U+2019 */
    {B("COTE D'IVOIRE"), "cote d ivoire"},
    {B("Türkiye"), "turkiye"},
    {B("Viet Nam"), "viet nam"},
    {B("Việt Nam"), "viet nam"},
    {B("Congo, Dem. Rep."), "congo dem rep"},
    {B("U.S.A."), "u s a"},
    {B("O'zbekiston"), "o zbekiston"},
    {B("Oʻzbekiston"), "o zbekiston"}, /* U+02BB modifier letter turned comma */
    {B("O‘zbekiston"), "o zbekiston"}, /* U+2018 */
    {B("Узбекистан"), "узбекистан"},
    {B("УЗБЕКИСТАН"), "узбекистан"},
    {B("Ўзбекистон"), "узбекистон"},
    {B("中国"), "中国"},
    {B("  中国 / China "), "中国 china"},
    {B("ＵＺＢ"), "uzb"},          /* fullwidth letters: NFKC */
    {B("Straße"), "strasse"},     /* full case folding */
    {B("Uzbe\xc2\xadkistan"), "uzbekistan"}, /* soft hyphen is ignorable */
    {B("a\xc2\xa0" "b"), "a b"},  /* no-break space */
    {B("tab\tand\nnewline"), "tab and newline"},
    {B("nul\0byte"), "nul byte"},
    {B("No. 5"), "no 5"},
    {B("x²"), "x2"},
    {B("\xff"), NULL},
    {B("Uzbek\xd0"), NULL},                /* truncated sequence */
    {B("\xc0\xaf"), NULL},                 /* overlong '/' */
    {B("caf\xe0\x80\xa9"), NULL},          /* overlong 3-byte */
    {B("\xed\xa0\x80"), NULL},             /* surrogate U+D800 */
    {B("\xf4\x90\x80\x80"), NULL},         /* above U+10FFFF */
};

static void test_key_cases(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof key_cases / sizeof key_cases[0]; i++) {
        const struct case_key *c = &key_cases[i];
        char out[128];
        ssize_t n = fl_unorm_key(c->in, c->len, out, sizeof out);
        if (!c->want) {
            if (n != -1)
                fail_msg("case %zu: expected -1, got %zd", i, n);
            continue;
        }
        if (n < 0)
            fail_msg("case %zu ('%s'): unexpected -1", i, c->in);
        assert_int_equal((size_t)n, strlen(c->want));
        assert_string_equal(out, c->want);
    }
}

struct case_cap {
    const char *in;
    size_t cap;
    ssize_t want;
};

static const struct case_cap cap_cases[] = {
    {"abc", 4, 3},       /* exactly fits with the NUL */
    {"abc", 3, -1},      /* no room for the NUL */
    {"  abc  ", 4, 3},   /* trimmed spaces need no room */
    {"a b", 3, -1},
    {"", 1, 0},
    {"abc", 0, -1},
    {"Côte", 5, 4},
    {"Côte", 4, -1},
    {"中国", 7, 6},
    {"中国", 6, -1},
};

static void test_capacity(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cap_cases / sizeof cap_cases[0]; i++) {
        char out[16];
        ssize_t n = fl_unorm_key(cap_cases[i].in, strlen(cap_cases[i].in), out, cap_cases[i].cap);
        if (n != cap_cases[i].want)
            fail_msg("case %zu ('%s', cap %zu): got %zd, want %zd", i, cap_cases[i].in,
                     cap_cases[i].cap, n, cap_cases[i].want);
    }
}

static void test_null_args(void **state)
{
    (void)state;
    char out[8];
    assert_int_equal(fl_unorm_key(NULL, 0, out, sizeof out), 0);
    assert_string_equal(out, "");
    assert_int_equal(fl_unorm_key(NULL, 3, out, sizeof out), -1);
    assert_int_equal(fl_unorm_key("abc", 3, NULL, 8), -1);
    assert_true(fl_utf8_valid(NULL, 0));
    assert_false(fl_utf8_valid(NULL, 1));
}

struct case_utf8 {
    const char *in;
    size_t len;
    bool valid;
};

static const struct case_utf8 utf8_cases[] = {
    {B(""), true},
    {B("plain ascii"), true},
    {B("nul\0inside"), true},
    {B("\xc2\x80"), true},             /* U+0080 */
    {B("\xdf\xbf"), true},             /* U+07FF */
    {B("\xe0\xa0\x80"), true},         /* U+0800 */
    {B("\xed\x9f\xbf"), true},         /* U+D7FF */
    {B("\xee\x80\x80"), true},         /* U+E000 */
    {B("\xef\xbf\xbf"), true},         /* U+FFFF (noncharacter, still well-formed) */
    {B("\xf0\x90\x80\x80"), true},     /* U+10000 */
    {B("\xf4\x8f\xbf\xbf"), true},     /* U+10FFFF */
    {B("Узбекистан 中国 🇺🇿"), true},
    {B("\x80"), false},                /* lone continuation */
    {B("\xbf"), false},
    {B("\xc0\x80"), false},            /* overlong NUL */
    {B("\xc1\xbf"), false},            /* overlong */
    {B("\xe0\x9f\xbf"), false},        /* overlong U+07FF */
    {B("\xf0\x8f\xbf\xbf"), false},    /* overlong U+FFFF */
    {B("\xed\xa0\x80"), false},        /* U+D800 */
    {B("\xed\xbf\xbf"), false},        /* U+DFFF */
    {B("\xf4\x90\x80\x80"), false},    /* U+110000 */
    {B("\xf5\x80\x80\x80"), false},
    {B("\xfe"), false},
    {B("\xff"), false},
    {B("\xc3"), false},                /* truncated at end */
    {B("\xe4\xb8"), false},
    {B("\xf0\x9f\x87"), false},
    {B("\xc3(x"), false},              /* bad continuation */
    {B("\xe4\xb8x"), false},
    {B("\xf0\x9f\x87\x28"), false},
};

static void test_utf8_valid(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof utf8_cases / sizeof utf8_cases[0]; i++)
        if (fl_utf8_valid(utf8_cases[i].in, utf8_cases[i].len) != utf8_cases[i].valid)
            fail_msg("case %zu: expected %s", i, utf8_cases[i].valid ? "valid" : "invalid");
}

static void test_versions(void **state)
{
    (void)state;
    assert_non_null(fl_unorm_version());
    assert_non_null(fl_unorm_unicode_version());
    assert_true(strlen(fl_unorm_unicode_version()) > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_key_cases),
        cmocka_unit_test(test_capacity),
        cmocka_unit_test(test_null_args),
        cmocka_unit_test(test_utf8_valid),
        cmocka_unit_test(test_versions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
