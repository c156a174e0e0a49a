/* test_strmap_api.c - the string map's prehashed get/put and clear (strmap.h), and the
   tables built on it: values wider than 32 bits through an index into the caller's array. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "strmap.h"

/* A byte string with its length, so that keys may hold NUL. */
#define B(lit) lit, sizeof(lit) - 1

struct op {
    enum { PUT, PUT_H, GET, GET_H, CLEAR } what;
    const char *key;
    size_t len;
    uint32_t value; /* PUT: if_new; GET: the value expected when found */
    bool found;     /* PUT: the key was there (not added); GET: the key is there */
    size_t count;   /* entries after the step */
};

static const struct op ops[] = {
    {GET, B("a"), 0, false, 0},
    {PUT, B("a"), 1, false, 1},
    {GET, B("a"), 1, true, 1},
    {GET_H, B("a"), 1, true, 1},
    {PUT_H, B("a"), 9, true, 1}, /* present: the stored value stays */
    {GET, B("a"), 1, true, 1},
    {PUT_H, B("b"), 2, false, 2},
    {GET, B("b"), 2, true, 2},
    {PUT_H, B(""), 3, false, 3}, /* the empty key */
    {GET_H, B(""), 3, true, 3},
    {PUT, B("a\0b"), 4, false, 4}, /* NUL inside: a key of its own */
    {GET_H, B("a\0b"), 4, true, 4},
    {GET, B("a\0"), 0, false, 4},
    {CLEAR, NULL, 0, 0, false, 0},
    {GET, B("a"), 0, false, 0},
    {GET_H, B(""), 0, false, 0},
    {PUT_H, B("a"), 5, false, 1}, /* added again after the clear, with the new value */
    {GET, B("a"), 5, true, 1},
    {GET, B("b"), 0, false, 1},
};

static void test_ops(void **state)
{
    (void)state;
    fl_strmap *m = fl_strmap_new();
    assert_non_null(m);
    for (size_t i = 0; i < sizeof ops / sizeof *ops; i++) {
        const struct op *o = &ops[i];
        print_message("step %zu\n", i);
        uint64_t h = o->key ? fl_hash_bytes(o->key, o->len) : 0;
        uint32_t v = UINT32_MAX;
        bool added = false;
        const char *stored = NULL;
        switch (o->what) {
        case PUT:
        case PUT_H:
            assert_int_equal(
                o->what == PUT
                    ? fl_strmap_put(m, o->key, o->len, o->value, &v, &added, &stored)
                    : fl_strmap_put_h(m, o->key, o->len, h, o->value, &v, &added, &stored),
                FL_OK);
            assert_int_equal(added, !o->found);
            if (added)
                assert_int_equal(v, o->value);
            assert_non_null(stored);
            assert_memory_equal(stored, o->key, o->len);
            assert_int_equal(stored[o->len], '\0');
            break;
        case GET:
        case GET_H:
            assert_int_equal(o->what == GET ? fl_strmap_get(m, o->key, o->len, &v)
                                            : fl_strmap_get_h(m, o->key, o->len, h, &v),
                             o->found);
            if (o->found)
                assert_int_equal(v, o->value);
            break;
        case CLEAR:
            fl_strmap_clear(m);
            break;
        }
        assert_int_equal(fl_strmap_count(m), o->count);
    }
    fl_strmap_free(m);
    fl_strmap_clear(NULL);
    assert_false(fl_strmap_get_h(NULL, "a", 1, fl_hash_bytes("a", 1), NULL));
}

/* Filled and cleared over and over (as the memo cache does): every round sees only its own
   keys, the table keeps its size, and prehashed and plain calls agree. */
static void test_clear_rounds(void **state)
{
    (void)state;
    fl_strmap *m = fl_strmap_new();
    assert_non_null(m);
    char key[32];
    for (int round = 0; round < 4; round++) {
        for (int i = 0; i < 5000; i++) {
            int n = snprintf(key, sizeof key, "r%d k%d", round, i);
            uint64_t h = fl_hash_bytes(key, (size_t)n);
            bool added;
            assert_int_equal(fl_strmap_put_h(m, key, (size_t)n, h, (uint32_t)i, NULL, &added, NULL),
                             FL_OK);
            assert_true(added);
        }
        assert_int_equal(fl_strmap_count(m), 5000);
        for (int i = 0; i < 5000; i++) {
            int n = snprintf(key, sizeof key, "r%d k%d", round, i);
            uint32_t v;
            assert_true(fl_strmap_get(m, key, (size_t)n, &v));
            assert_int_equal(v, (uint32_t)i);
            if (round) {
                n = snprintf(key, sizeof key, "r%d k%d", round - 1, i);
                assert_false(fl_strmap_get_h(m, key, (size_t)n, fl_hash_bytes(key, (size_t)n), &v));
            }
        }
        fl_strmap_clear(m);
        assert_int_equal(fl_strmap_count(m), 0);
    }
    fl_strmap_free(m);
}

/* A value wider than 32 bits: the map holds the index, the caller's array the record. */
typedef struct record {
    uint64_t line;
    double weight;
} record;

static void test_index_values(void **state)
{
    (void)state;
    static const struct {
        const char *key;
        uint64_t line;
    } rows[] = {{"kashgar", 1}, {"hotan", (uint64_t)1 << 40}, {"kashgar", 3}, {"aksu", 4}};
    record recs[4];
    size_t n = 0;
    fl_strmap *m = fl_strmap_new();
    assert_non_null(m);
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        uint32_t at;
        bool added;
        assert_int_equal(
            fl_strmap_put(m, rows[i].key, strlen(rows[i].key), (uint32_t)n, &at, &added, NULL),
            FL_OK);
        if (added)
            recs[n++] = (record){rows[i].line, 0.5 * (double)i};
        assert_int_equal(recs[at].line, rows[i].key[0] == 'k' ? 1 : rows[i].line);
    }
    assert_int_equal(n, 3);
    uint32_t at;
    assert_true(fl_strmap_get(m, "hotan", 5, &at));
    assert_true(recs[at].line == (uint64_t)1 << 40);
    fl_strmap_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ops),
        cmocka_unit_test(test_clear_rounds),
        cmocka_unit_test(test_index_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
