/* test_strmap.c - the byte-string hash map and the project's table hash (strmap.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strmap.h"

/* Keys are bytes: each case is a distinct key, told apart by length as much as content. */
static const struct case_key {
    const char *key;
    size_t len;
} keys[] = {
    {"", 0},
    {"\0", 1},
    {"\0\0", 2},
    {"a", 1},
    {"a\0", 2},
    {"a\0b", 3},
    {"A", 1}, /* no case folding */
    {"abcdefg", 7},
    {"abcdefgh", 8}, /* exactly one eight-byte step */
    {"abcdefghi", 9},
    {"abcdefgh\0", 9}, /* differs from the one above only in its tail */
    {"abcdefghabcdefgh", 16},
    {"abcdefghabcdefgX", 16}, /* differs in the last byte of the second step */
    {"Xbcdefghabcdefgh", 16}, /* differs in the first byte */
    {"\xC3\xA9t\xC3\xA9", 6}, /* UTF-8 */
    {"\xFF\xFE\x80", 3},      /* not UTF-8: still a key */
    {"Harborline Apparel, Inc.", 24},
};
#define N_KEYS (sizeof keys / sizeof keys[0])

static void test_put_get_cases(void **state)
{
    (void)state;
    fl_strmap *m = fl_strmap_new();
    assert_non_null(m);
    assert_int_equal(fl_strmap_count(m), 0);
    for (size_t i = 0; i < N_KEYS; i++)
        assert_false(fl_strmap_get(m, keys[i].key, keys[i].len, NULL));
    for (size_t i = 0; i < N_KEYS; i++) {
        uint32_t v = 0xdeadbeef;
        bool added = false;
        const char *stored = NULL;
        print_message("key %zu\n", i);
        assert_int_equal(
            fl_strmap_put(m, keys[i].key, keys[i].len, (uint32_t)i * 10, &v, &added, &stored),
            FL_OK);
        assert_true(added);
        assert_int_equal(v, i * 10);
        /* The map's copy: same bytes, NUL-terminated, not the caller's buffer. */
        assert_non_null(stored);
        assert_ptr_not_equal(stored, keys[i].key);
        assert_memory_equal(stored, keys[i].key, keys[i].len);
        assert_int_equal(stored[keys[i].len], '\0');
        assert_int_equal(fl_strmap_count(m), i + 1);
    }
    /* Every key finds its own value, not a neighbour's. */
    for (size_t i = 0; i < N_KEYS; i++) {
        uint32_t v = 0;
        assert_true(fl_strmap_get(m, keys[i].key, keys[i].len, &v));
        assert_int_equal(v, i * 10);
        assert_true(fl_strmap_get(m, keys[i].key, keys[i].len, NULL)); /* value may be NULL */
    }
    /* Prefixes and extensions of stored keys are other keys. */
    assert_false(fl_strmap_get(m, "ab", 2, NULL));
    assert_false(fl_strmap_get(m, "abcdefghij", 10, NULL));
    assert_false(fl_strmap_get(m, "a\0b\0", 4, NULL));
    fl_strmap_free(m);
}

/* A key already present keeps its first value; put says so and hands back the same copy. */
static void test_put_existing(void **state)
{
    (void)state;
    fl_strmap *m = fl_strmap_new();
    assert_non_null(m);
    const char *first = NULL, *again = NULL;
    uint32_t v = 0;
    bool added = false;
    assert_int_equal(fl_strmap_put(m, "supplier-7", 10, 7, &v, &added, &first), FL_OK);
    assert_true(added);
    assert_int_equal(fl_strmap_put(m, "supplier-7", 10, 99, &v, &added, &again), FL_OK);
    assert_false(added);
    assert_int_equal(v, 7);
    assert_ptr_equal(first, again);
    assert_int_equal(fl_strmap_count(m), 1);
    /* Optional outputs may all be NULL. */
    assert_int_equal(fl_strmap_put(m, "supplier-7", 10, 5, NULL, NULL, NULL), FL_OK);
    assert_int_equal(fl_strmap_put(m, "supplier-8", 10, 8, NULL, NULL, NULL), FL_OK);
    assert_int_equal(fl_strmap_count(m), 2);
    assert_true(fl_strmap_get(m, "supplier-7", 10, &v));
    assert_int_equal(v, 7);
    assert_true(fl_strmap_get(m, "supplier-8", 10, &v));
    assert_int_equal(v, 8);
    fl_strmap_free(m);
}

/* The empty key may be given as NULL with length 0, and is the same key as "". */
static void test_empty_and_null(void **state)
{
    (void)state;
    fl_strmap *m = fl_strmap_new();
    assert_non_null(m);
    assert_false(fl_strmap_get(m, NULL, 0, NULL));
    const char *stored = NULL;
    bool added = false;
    assert_int_equal(fl_strmap_put(m, NULL, 0, 3, NULL, &added, &stored), FL_OK);
    assert_true(added);
    assert_string_equal(stored, "");
    uint32_t v = 0;
    assert_true(fl_strmap_get(m, NULL, 0, &v));
    assert_int_equal(v, 3);
    assert_true(fl_strmap_get(m, "", 0, &v));
    assert_int_equal(v, 3);
    /* Length 0 ignores the bytes pointed at. */
    assert_true(fl_strmap_get(m, "ignored", 0, &v));
    assert_int_equal(fl_strmap_put(m, "", 0, 4, &v, &added, NULL), FL_OK);
    assert_false(added);
    assert_int_equal(v, 3);
    assert_int_equal(fl_strmap_count(m), 1);
    fl_strmap_free(m);

    /* NULL maps: count 0, nothing found, free is a no-op. */
    assert_int_equal(fl_strmap_count(NULL), 0);
    v = 42;
    assert_false(fl_strmap_get(NULL, "a", 1, &v));
    assert_int_equal(v, 42);
    fl_strmap_free(NULL);
}

/*
 * Many entries: the table doubles many times over; every value and every key copy handed out
 * before a growth stays valid after it.
 */
static void test_growth(void **state)
{
    (void)state;
    enum { N = 100000 };
    fl_strmap *m = fl_strmap_new();
    assert_non_null(m);
    const char **stored = calloc(N, sizeof *stored);
    assert_non_null(stored);
    char key[32];
    for (uint32_t i = 0; i < N; i++) {
        int n = snprintf(key, sizeof key, "importer %u", (unsigned)i);
        bool added = false;
        assert_int_equal(fl_strmap_put(m, key, (size_t)n, i, NULL, &added, &stored[i]), FL_OK);
        assert_true(added);
    }
    assert_int_equal(fl_strmap_count(m), N);
    for (uint32_t i = 0; i < N; i++) {
        int n = snprintf(key, sizeof key, "importer %u", (unsigned)i);
        uint32_t v = UINT32_MAX;
        assert_true(fl_strmap_get(m, key, (size_t)n, &v));
        assert_int_equal(v, i);
        assert_string_equal(stored[i], key);
    }
    for (uint32_t i = N; i < N + 1000; i++) {
        int n = snprintf(key, sizeof key, "importer %u", (unsigned)i);
        assert_false(fl_strmap_get(m, key, (size_t)n, NULL));
    }
    free(stored);
    fl_strmap_free(m);
}

/*
 * Collisions: keys whose hashes agree in their low 12 bits start probing at the same slot in
 * every table of up to 4096 slots. Choosing those bits all ones puts them in the last slot,
 * so the probe also wraps around to slot 0. Each is still found, and a key of the same
 * group that was never added is not (its probe runs past the whole cluster).
 */
static void test_collisions(void **state)
{
    (void)state;
    enum { GROUP = 40 };
    const uint64_t mask = 0xFFF;
    char keys_[GROUP + 1][24];
    size_t lens[GROUP + 1];
    size_t found = 0;
    for (unsigned i = 0; found < GROUP + 1 && i < 100000000u; i++) {
        int n = snprintf(keys_[found], sizeof keys_[found], "k%u", i);
        if ((fl_hash_bytes(keys_[found], (size_t)n) & mask) == mask)
            lens[found++] = (size_t)n;
    }
    assert_int_equal(found, GROUP + 1);

    fl_strmap *m = fl_strmap_new();
    assert_non_null(m);
    for (size_t i = 0; i < GROUP; i++) {
        assert_int_equal(fl_strmap_put(m, keys_[i], lens[i], (uint32_t)i + 1, NULL, NULL, NULL),
                         FL_OK);
        /* Everything added so far is still there, whatever growth happened. */
        for (size_t j = 0; j <= i; j++) {
            uint32_t v = 0;
            assert_true(fl_strmap_get(m, keys_[j], lens[j], &v));
            assert_int_equal(v, j + 1);
        }
        assert_false(fl_strmap_get(m, keys_[GROUP], lens[GROUP], NULL));
    }
    assert_int_equal(fl_strmap_count(m), GROUP);
    fl_strmap_free(m);
}

/* The hash: a pure function of the bytes (not of their address), and of the length. */
static void test_hash(void **state)
{
    (void)state;
    /* Same bytes at every alignment give the same hash. */
    static const char text[] = "the quick brown fox jumps over the lazy dog";
    char buf[sizeof text + 8];
    for (size_t len = 0; len < sizeof text; len++) {
        uint64_t h = fl_hash_bytes(text, len);
        for (size_t off = 1; off < 8; off++) {
            memcpy(buf + off, text, len);
            assert_true(fl_hash_bytes(buf + off, len) == h);
        }
    }
    /* Trailing NUL bytes are bytes: every run of zeros has its own hash. */
    static const char zeros[32];
    for (size_t a = 0; a < sizeof zeros; a++)
        for (size_t b = a + 1; b <= sizeof zeros; b++)
            assert_true(fl_hash_bytes(zeros, a) != fl_hash_bytes(zeros, b));
    /* Every single-byte change in a 24-byte key changes the hash. */
    char key[24];
    memset(key, 'x', sizeof key);
    uint64_t base = fl_hash_bytes(key, sizeof key);
    for (size_t i = 0; i < sizeof key; i++) {
        key[i] = 'y';
        assert_true(fl_hash_bytes(key, sizeof key) != base);
        key[i] = 'x';
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_put_get_cases),  cmocka_unit_test(test_put_existing),
        cmocka_unit_test(test_empty_and_null), cmocka_unit_test(test_growth),
        cmocka_unit_test(test_collisions),     cmocka_unit_test(test_hash),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
