/* test_u64map.c - 64-bit keys to 32-bit values (u64map.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "u64map.h"

/* Values stay with their keys through growth; a key is added once; 0 and big keys are keys;
   an absent key is not found. */
static void test_put_get(void **state)
{
    (void)state;
    fl_u64map m = FL_U64MAP_INIT;
    uint32_t v;
    bool added;
    assert_false(fl_u64map_get(&m, 0, &v));
    const uint32_t n = 100000;
    for (uint32_t i = 0; i < n; i++) {
        uint64_t key = (uint64_t)i * 0x100000001ull; /* both halves vary */
        assert_true(fl_u64map_put(&m, key, i, &v, &added));
        assert_true(added);
        assert_int_equal(v, i);
    }
    assert_int_equal(m.n, n);
    assert_true(m.n * 4 <= m.cap * 3);
    for (uint32_t i = 0; i < n; i++) {
        uint64_t key = (uint64_t)i * 0x100000001ull;
        assert_true(fl_u64map_put(&m, key, 7, &v, &added));
        assert_false(added);
        assert_int_equal(v, i);
        assert_true(fl_u64map_get(&m, key, &v));
        assert_int_equal(v, i);
        assert_false(fl_u64map_get(&m, key + 1, &v) && v == i);
    }
    assert_false(fl_u64map_get(&m, UINT64_MAX - 1, &v));
    assert_true(fl_u64map_put(&m, UINT64_MAX - 1, 5, &v, &added));
    assert_true(added);
    assert_true(fl_u64map_get(&m, UINT64_MAX - 1, &v));
    assert_int_equal(v, 5);
    fl_u64map_free(&m);
    assert_false(fl_u64map_get(&m, 0, &v));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_put_get),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
