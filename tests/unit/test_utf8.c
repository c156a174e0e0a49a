/* test_utf8.c - the UTF-8 iterator, repair and boundary helper (unorm.h), checked against
   utf8proc's own verdict. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <utf8proc.h>

#include "unorm.h"

/* A byte string with its length, so that cases may hold NUL and invalid bytes. */
#define B(lit) lit, sizeof(lit) - 1

#define FFFD "\xEF\xBF\xBD"

struct case_next {
    const char *in;
    size_t len;
    int32_t cp[8]; /* the code points decoded, in order */
    size_t n_cp;
    size_t stop; /* where decoding stops: len, or the offset of the invalid sequence */
};

static const struct case_next next_cases[] = {
    {B(""), {0}, 0, 0},
    {B("a"), {'a'}, 1, 1},
    {B("\0"), {0}, 1, 1}, /* NUL is U+0000, valid */
    {B("\x7F"), {0x7F}, 1, 1},
    {B("\xC2\x80"), {0x80}, 1, 2}, /* smallest two-byte */
    {B("\xDF\xBF"), {0x7FF}, 1, 2},
    {B("\xE0\xA0\x80"), {0x800}, 1, 3},  /* smallest three-byte */
    {B("\xED\x9F\xBF"), {0xD7FF}, 1, 3}, /* just below the surrogates */
    {B("\xEE\x80\x80"), {0xE000}, 1, 3}, /* just above them */
    {B("\xEF\xBF\xBF"), {0xFFFF}, 1, 3},
    {B("\xF0\x90\x80\x80"), {0x10000}, 1, 4},  /* smallest four-byte */
    {B("\xF4\x8F\xBF\xBF"), {0x10FFFF}, 1, 4}, /* largest code point */
    {B("Côte 中国"), {'C', 0xF4, 't', 'e', ' ', 0x4E2D, 0x56FD}, 7, 12},
    {B("ab\x80"
       "c"),
     {'a', 'b'},
     2,
     2},                                /* stray continuation byte */
    {B("\xBF"), {0}, 0, 0},             /* stray continuation byte */
    {B("\xC0\xAF"), {0}, 0, 0},         /* overlong '/' (C0 lead) */
    {B("\xC1\xBF"), {0}, 0, 0},         /* overlong (C1 lead) */
    {B("\xE0\x80\xAF"), {0}, 0, 0},     /* overlong three-byte */
    {B("\xE0\x9F\xBF"), {0}, 0, 0},     /* overlong three-byte, top */
    {B("\xF0\x80\x80\xAF"), {0}, 0, 0}, /* overlong four-byte */
    {B("\xF0\x8F\xBF\xBF"), {0}, 0, 0}, /* overlong four-byte, top */
    {B("x\xED\xA0\x80"), {'x'}, 1, 1},  /* surrogate U+D800 */
    {B("\xED\xBF\xBF"), {0}, 0, 0},     /* surrogate U+DFFF */
    {B("\xF4\x90\x80\x80"), {0}, 0, 0}, /* U+110000 */
    {B("\xF5\x80\x80\x80"), {0}, 0, 0}, /* F5 lead */
    {B("\xFF"), {0}, 0, 0},
    {B("\xFE"), {0}, 0, 0},
    {B("Uzbek\xD0"), {'U', 'z', 'b', 'e', 'k'}, 5, 5}, /* truncated two-byte */
    {B("\xE4\xB8"), {0}, 0, 0},                        /* truncated three-byte */
    {B("\xF0\x9F\x98"), {0}, 0, 0},                    /* truncated four-byte */
    {B("\xE4"
       "a"),
     {0},
     0,
     0},                               /* lead then ASCII */
    {B("\xC3\xA9\xC3"), {0xE9}, 1, 2}, /* valid, then truncated */
};

static void test_next_cases(void **state)
{
    (void)state;
    for (size_t c = 0; c < sizeof next_cases / sizeof *next_cases; c++) {
        const struct case_next *k = &next_cases[c];
        print_message("case %zu\n", c);
        size_t pos = 0, n = 0;
        int32_t cp = 0;
        while (fl_utf8_next(k->in, k->len, &pos, &cp)) {
            assert_true(n < k->n_cp);
            assert_int_equal(cp, k->cp[n]);
            n++;
        }
        assert_int_equal(n, k->n_cp);
        assert_int_equal(pos, k->stop);
        assert_int_equal(cp, -1);
        /* stopped again at the same place: nothing moves */
        assert_false(fl_utf8_next(k->in, k->len, &pos, &cp));
        assert_int_equal(pos, k->stop);
        assert_int_equal(fl_utf8_valid(k->in, k->len), k->stop == k->len);
    }
}

/* The iterator says what utf8proc_iterate says, for every one-, two- and three-byte string
   and for four-byte strings over the interesting bytes. */
static void check_against_utf8proc(const unsigned char *b, size_t len)
{
    utf8proc_int32_t want;
    utf8proc_ssize_t k = utf8proc_iterate(b, (utf8proc_ssize_t)len, &want);
    size_t pos = 0;
    int32_t cp;
    bool ok = fl_utf8_next((const char *)b, len, &pos, &cp);
    if (k > 0) {
        if (!ok || pos != (size_t)k || cp != want)
            fail_msg("%02x %02x %02x %02x (len %zu): utf8proc says U+%04X in %d bytes", b[0],
                     len > 1 ? b[1] : 0, len > 2 ? b[2] : 0, len > 3 ? b[3] : 0, len,
                     (unsigned)want, (int)k);
    } else if (ok || pos != 0) {
        fail_msg("%02x %02x %02x %02x (len %zu): utf8proc says invalid", b[0], len > 1 ? b[1] : 0,
                 len > 2 ? b[2] : 0, len > 3 ? b[3] : 0, len);
    }
}

static void test_next_utf8proc(void **state)
{
    (void)state;
    unsigned char b[4];
    for (unsigned x = 0; x < 256; x++) {
        b[0] = (unsigned char)x;
        check_against_utf8proc(b, 1);
        for (unsigned y = 0; y < 256; y++) {
            b[1] = (unsigned char)y;
            check_against_utf8proc(b, 2);
            /* a third byte matters only after a three- or four-byte lead (and C0..C1,
               F5..FF to see them refused whatever follows) */
            for (unsigned z = 0; z < 256 && (x >= 0xE0 || x == 0xC0 || x == 0xC1); z++) {
                b[2] = (unsigned char)z;
                check_against_utf8proc(b, 3);
            }
        }
    }
    static const unsigned char lead[] = {0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xF7, 0xFF};
    static const unsigned char tail[] = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90,
                                         0x9F, 0xA0, 0xBF, 0xC0, 0xF4, 0xFF};
    for (size_t a = 0; a < sizeof lead; a++)
        for (size_t p = 0; p < sizeof tail; p++)
            for (size_t q = 0; q < sizeof tail; q++)
                for (size_t r = 0; r < sizeof tail; r++) {
                    b[0] = lead[a];
                    b[1] = tail[p];
                    b[2] = tail[q];
                    b[3] = tail[r];
                    check_against_utf8proc(b, 4);
                }
}

struct case_repair {
    const char *in;
    size_t len;
    const char *out;
};

static const struct case_repair repair_cases[] = {
    {B(""), ""},
    {B("plain"), "plain"},
    {B("Côte 中国 \xF0\x9F\x98\x80"), "Côte 中国 \xF0\x9F\x98\x80"}, /* valid: unchanged */
    {B("a\xFF"
       "b"),
     "a" FFFD "b"},                               /* stray byte */
    {B("a\0b"), "a" FFFD "b"},                    /* NUL */
    {B("\xC0\xAF"), FFFD FFFD},                   /* overlong '/' */
    {B("\xE0\x80\xAF"), FFFD FFFD FFFD},          /* overlong 3-byte */
    {B("\xED\xA0\x80"), FFFD FFFD FFFD},          /* surrogate */
    {B("\xF4\x90\x80\x80"), FFFD FFFD FFFD FFFD}, /* above U+10FFFF */
    {B("\xE2\x82"), FFFD FFFD},                   /* truncated */
    {B("\xE2\x82"
       "x"),
     FFFD FFFD "x"},                                       /* cut by ASCII */
    {B("\xE2\x82\xE2\x82\xAC"), FFFD FFFD "\xE2\x82\xAC"}, /* cut by a good one */
    {B("\xFF\xFF\xFF"), FFFD FFFD FFFD},                   /* the worst case */
};

static void test_repair_cases(void **state)
{
    (void)state;
    for (size_t c = 0; c < sizeof repair_cases / sizeof *repair_cases; c++) {
        const struct case_repair *k = &repair_cases[c];
        print_message("case %zu\n", c);
        char out[64];
        memset(out, 'Z', sizeof out);
        assert_true(FL_UTF8_REPAIR_MAX(k->len) <= sizeof out);
        size_t n = fl_utf8_repair(k->in, k->len, out);
        assert_int_equal(n, strlen(k->out));
        assert_memory_equal(out, k->out, n);
        assert_true(n <= FL_UTF8_REPAIR_MAX(k->len));
        assert_true(fl_utf8_valid(out, n));
        assert_null(memchr(out, '\0', n));
        assert_int_equal(out[n], 'Z'); /* nothing written past the result */
    }
    assert_int_equal(fl_utf8_repair(NULL, 0, NULL), 0);
}

/* Every two-byte string: the repair is valid UTF-8 without NUL, and a valid input other
   than NUL comes back as it was. */
static void test_repair_all_pairs(void **state)
{
    (void)state;
    for (unsigned x = 0; x < 256; x++)
        for (unsigned y = 0; y < 256; y++) {
            char in[2] = {(char)x, (char)y}, out[6];
            size_t n = fl_utf8_repair(in, 2, out);
            assert_true(fl_utf8_valid(out, n));
            assert_null(memchr(out, '\0', n));
            if (fl_utf8_valid(in, 2) && x && y) {
                assert_int_equal(n, 2);
                assert_memory_equal(out, in, 2);
            }
        }
}

struct case_floor {
    const char *in;
    size_t at, want;
};

static const struct case_floor floor_cases[] = {
    {"abc", 0, 0},       {"abc", 2, 2},          {"a\xC3\xA9", 1, 1},
    {"a\xC3\xA9", 2, 1}, {"\xE4\xB8\xAD", 2, 0}, {"x\xF0\x9F\x98\x80", 4, 1},
    {"\x80\x80", 1, 0}, /* never below 0 */
};

static void test_floor(void **state)
{
    (void)state;
    for (size_t c = 0; c < sizeof floor_cases / sizeof *floor_cases; c++)
        assert_int_equal(fl_utf8_floor(floor_cases[c].in, floor_cases[c].at), floor_cases[c].want);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_next_cases),   cmocka_unit_test(test_next_utf8proc),
        cmocka_unit_test(test_repair_cases), cmocka_unit_test(test_repair_all_pairs),
        cmocka_unit_test(test_floor),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
