/* test_extsort.c - rows put in order in bounded memory (extsort.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "extsort.h"

typedef struct row {
    uint64_t key;
    uint32_t seq; /* the order pushed: the last key, so the order is total */
    uint32_t check;
} row;

static int cmp_row(const void *pa, const void *pb)
{
    const row *a = pa, *b = pb;
    if (a->key != b->key)
        return a->key < b->key ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static uint64_t next_rand(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

/* n rows with keys from few distinct values (many equal) through a buffer of memory bytes:
   each comes back once, in order. */
static void sort_and_check(size_t n, size_t memory, uint64_t distinct)
{
    fl_extsort *s = fl_extsort_new(sizeof(row), memory, cmp_row, "test rows");
    assert_non_null(s);
    uint64_t rnd = 88172645463325252ull;
    for (size_t i = 0; i < n; i++) {
        row *r = fl_extsort_push(s);
        assert_non_null(r);
        r->key = next_rand(&rnd) % distinct;
        r->seq = (uint32_t)i;
        r->check = (uint32_t)(r->key * 31 + i);
    }
    assert_int_equal(fl_extsort_count(s), n);
    assert_int_equal(fl_extsort_sort(s), FL_OK);
    assert_null(fl_extsort_push(s)); /* no more after the sort */
    unsigned char *seen = calloc(n ? n : 1, 1);
    assert_non_null(seen);
    row prev = {0};
    size_t got = 0;
    for (const row *r; (r = fl_extsort_next(s)) != NULL; got++) {
        assert_true(r->seq < n);
        assert_int_equal(r->check, (uint32_t)(r->key * 31 + r->seq));
        assert_false(seen[r->seq]);
        seen[r->seq] = 1;
        if (got)
            assert_true(cmp_row(&prev, r) < 0);
        prev = *r;
    }
    assert_int_equal(got, n);
    assert_null(fl_extsort_next(s));
    assert_int_equal(fl_extsort_status(s), FL_OK);
    free(seen);
    fl_extsort_free(s);
}

static void test_in_memory(void **state)
{
    (void)state;
    sort_and_check(0, 1 << 20, 10);
    sort_and_check(1, 1 << 20, 10);
    sort_and_check(5000, 1 << 20, 100);
}

/* Many runs: rows past the buffer go to the disk, and come back merged. */
static void test_runs(void **state)
{
    (void)state;
    sort_and_check(200000, 64 * 1024, 1000);      /* 50 runs, many equal keys */
    sort_and_check(100000, 1 << 20, UINT64_MAX); /* 2 runs, keys all different */
    sort_and_check(777, 16, 5);                  /* a row a run */
    sort_and_check(4096, 4096 * sizeof(row), 3); /* exactly one full buffer */
}

/* Freed half-read, or never sorted: nothing leaks (valgrind and ASan runs say). */
static void test_abandoned(void **state)
{
    (void)state;
    fl_extsort *s = fl_extsort_new(sizeof(row), 1024, cmp_row, "test rows");
    for (uint32_t i = 0; i < 1000; i++)
        ((row *)fl_extsort_push(s))->seq = 1000 - i;
    fl_extsort_free(s);
    s = fl_extsort_new(sizeof(row), 1024, cmp_row, "test rows");
    for (uint32_t i = 0; i < 1000; i++)
        ((row *)fl_extsort_push(s))->seq = 1000 - i;
    assert_int_equal(fl_extsort_sort(s), FL_OK);
    const row *r = fl_extsort_next(s);
    assert_non_null(r);
    assert_int_equal(r->seq, 1);
    fl_extsort_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_in_memory),
        cmocka_unit_test(test_runs),
        cmocka_unit_test(test_abandoned),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
