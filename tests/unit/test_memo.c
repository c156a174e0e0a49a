/* test_memo.c - the bounded result cache (memo.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "memo.h"

/* Values come back as stored, the table grows past its first size, and keys are bytes. */
static void test_get_put(void **state)
{
    (void)state;
    fl_memo *m = fl_memo_new(20000, 8u << 20);
    assert_non_null(m);
    char key[32];
    size_t vlen;
    for (int round = 0; round < 2; round++)
        for (int i = 0; i < 10000; i++) {
            int n = snprintf(key, sizeof key, "key %d", i);
            const int *v = fl_memo_get(m, key, (size_t)n, &vlen);
            if (round == 0) {
                assert_null(v);
                int val[3] = {i, -i, 7};
                assert_true(fl_memo_put(m, key, (size_t)n, val, sizeof val));
            } else {
                assert_non_null(v);
                assert_int_equal(vlen, 3 * sizeof(int));
                assert_int_equal(v[0], i);
                assert_int_equal(v[1], -i);
            }
        }
    /* an empty value, an empty key, a key with a NUL, a prefix of another key */
    assert_true(fl_memo_put(m, "a\0b", 3, NULL, 0));
    assert_true(fl_memo_put(m, "", 0, "x", 1));
    assert_non_null(fl_memo_get(m, "a\0b", 3, &vlen));
    assert_int_equal(vlen, 0);
    assert_null(fl_memo_get(m, "a", 1, &vlen));
    const char *x = fl_memo_get(m, "", 0, &vlen);
    assert_non_null(x);
    assert_int_equal(vlen, 1);
    assert_int_equal(x[0], 'x');
    fl_memo_free(m);
}

/* At either bound the cache turns its generations and goes on. */
static void test_bounds(void **state)
{
    (void)state;
    fl_memo *m = fl_memo_new(100, 1u << 20);
    assert_non_null(m);
    char key[32];
    size_t vlen;
    for (int i = 0; i < 1000; i++) {
        int n = snprintf(key, sizeof key, "k%d", i);
        assert_true(fl_memo_put(m, key, (size_t)n, &i, sizeof i));
        const int *v = fl_memo_get(m, key, (size_t)n, &vlen);
        assert_non_null(v);
        assert_int_equal(*v, i);
    }
    assert_null(fl_memo_get(m, "k0", 2, &vlen)); /* forgotten */
    fl_memo_free(m);

    static char big[4096];
    m = fl_memo_new(1000, 10000);
    assert_non_null(m);
    for (int i = 0; i < 10; i++) {
        int n = snprintf(key, sizeof key, "b%d", i);
        assert_true(fl_memo_put(m, key, (size_t)n, big, sizeof big));
        assert_non_null(fl_memo_get(m, key, (size_t)n, &vlen));
    }
    assert_null(fl_memo_get(m, "b0", 2, &vlen));
    fl_memo_free(m);
}

/* A key in use survives however many keys pass once; one not used since two turns is gone. */
static void test_generations(void **state)
{
    (void)state;
    fl_memo *m = fl_memo_new(64, 1u << 20);
    assert_non_null(m);
    int hot = 42, cold = 7;
    assert_true(fl_memo_put(m, "hot", 3, &hot, sizeof hot));
    assert_true(fl_memo_put(m, "cold", 4, &cold, sizeof cold));
    char key[32];
    size_t vlen;
    for (int i = 0; i < 5000; i++) {
        int n = snprintf(key, sizeof key, "once %d", i);
        assert_null(fl_memo_get(m, key, (size_t)n, &vlen));
        assert_true(fl_memo_put(m, key, (size_t)n, &i, sizeof i));
        if (i % 16 == 0) {
            const int *v = fl_memo_get(m, "hot", 3, &vlen);
            assert_non_null(v);
            assert_int_equal(*v, 42);
            assert_int_equal(vlen, sizeof(int));
        }
    }
    assert_null(fl_memo_get(m, "cold", 4, &vlen));
    assert_null(fl_memo_get(m, "once 0", 6, &vlen));
    /* a value bigger than half the byte bound is not kept, and does not empty the cache */
    static char big[600000];
    assert_true(fl_memo_put(m, "big", 3, big, sizeof big));
    assert_null(fl_memo_get(m, "big", 3, &vlen));
    assert_non_null(fl_memo_get(m, "hot", 3, &vlen));
    fl_memo_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_get_put),
        cmocka_unit_test(test_bounds),
        cmocka_unit_test(test_generations),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
