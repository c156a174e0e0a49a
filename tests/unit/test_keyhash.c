/* test_keyhash.c - the judge's cache keys (keyhash.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keyhash.h"
#include "memo.h"
#include "strmap.h"

/* Up to FL_KEYHASH_RAW bytes a key is itself; from one more, a tagged digest of fixed size. */
static void test_short_kept_long_digested(void **state)
{
    (void)state;
    unsigned char out[FL_KEYHASH_MAX];
    const char *k16 = "0123456789abcdef";
    assert_int_equal(fl_keyhash(k16, 16, out), 16);
    assert_memory_equal(out, k16, 16);
    assert_int_equal(fl_keyhash("", 0, out), 0);
    const char *k17 = "0123456789abcdefg";
    assert_int_equal(fl_keyhash(k17, 17, out), FL_KEYHASH_MAX);
    assert_int_equal(out[0], 'h');
    /* the same bytes give the same key, whatever buffer they are in */
    char copy[64];
    memcpy(copy + 3, k17, 17);
    unsigned char again[FL_KEYHASH_MAX];
    assert_int_equal(fl_keyhash(copy + 3, 17, again), FL_KEYHASH_MAX);
    assert_memory_equal(out, again, FL_KEYHASH_MAX);
}

/*
 * Keys one byte apart, at every place of keys of many lengths, and keys one byte longer or
 * shorter, all give different digests: 128 bits of it count (a digest cut to 64 bits or one
 * that skips bytes would still pass a plain inequality on a few keys, not on these many
 * in a table of their top and bottom halves apart).
 */
static void test_every_byte_counts(void **state)
{
    (void)state;
    fl_strmap *lo = fl_strmap_new(), *hi = fl_strmap_new(), *all = fl_strmap_new();
    assert_non_null(lo);
    assert_non_null(hi);
    assert_non_null(all);
    char text[300];
    for (size_t i = 0; i < sizeof text; i++)
        text[i] = (char)('a' + i % 26);
    size_t made = 0;
    for (size_t len = 17; len <= sizeof text; len += 7) {
        for (size_t at = 0; at < len; at++) {
            char k[sizeof text];
            memcpy(k, text, len);
            k[at] ^= 0x20; /* the case of one letter */
            unsigned char d[FL_KEYHASH_MAX];
            assert_int_equal(fl_keyhash(k, len, d), FL_KEYHASH_MAX);
            assert_int_equal(
                fl_strmap_put(all, (const char *)d, FL_KEYHASH_MAX, 0, NULL, NULL, NULL), FL_OK);
            assert_int_equal(fl_strmap_put(lo, (const char *)d + 1, 8, 0, NULL, NULL, NULL), FL_OK);
            assert_int_equal(fl_strmap_put(hi, (const char *)d + 9, 8, 0, NULL, NULL, NULL), FL_OK);
            made++;
        }
        unsigned char d[FL_KEYHASH_MAX];
        fl_keyhash(text, len, d); /* the unchanged text, a prefix of the longer ones */
        assert_int_equal(fl_strmap_put(all, (const char *)d, FL_KEYHASH_MAX, 0, NULL, NULL, NULL),
                         FL_OK);
        assert_int_equal(fl_strmap_put(lo, (const char *)d + 1, 8, 0, NULL, NULL, NULL), FL_OK);
        assert_int_equal(fl_strmap_put(hi, (const char *)d + 9, 8, 0, NULL, NULL, NULL), FL_OK);
        made++;
    }
    assert_int_equal(fl_strmap_count(all), made);
    assert_int_equal(fl_strmap_count(lo), made);
    assert_int_equal(fl_strmap_count(hi), made);
    fl_strmap_free(lo);
    fl_strmap_free(hi);
    fl_strmap_free(all);
}

/* Through a cache, as the judge uses them: each long key finds its own value only. */
static void test_cache_by_digest(void **state)
{
    (void)state;
    fl_memo *m = fl_memo_new(100000, 16u << 20);
    assert_non_null(m);
    char name[128];
    for (int round = 0; round < 2; round++)
        for (int i = 0; i < 20000; i++) {
            int n = snprintf(name, sizeof name, "SHENZHEN TRADING CO LTD, NO. %d INDUSTRIAL RD", i);
            unsigned char k[FL_KEYHASH_MAX];
            size_t kl = fl_keyhash(name, (size_t)n, k), vlen;
            const int *v = fl_memo_get(m, k, kl, &vlen);
            if (round == 0) {
                assert_null(v);
                assert_true(fl_memo_put(m, k, kl, &i, sizeof i));
            } else {
                assert_non_null(v);
                assert_int_equal(*v, i);
            }
        }
    fl_memo_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_short_kept_long_digested),
        cmocka_unit_test(test_every_byte_counts),
        cmocka_unit_test(test_cache_by_digest),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
