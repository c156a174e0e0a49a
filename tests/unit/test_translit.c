/* test_translit.c - romanisation through ICU (translit.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <string.h>

#include "translit.h"

struct tr_case {
    fl_translit_scheme sc;
    const char *in, *out;
};

static const struct tr_case cases[] = {
    {FL_TR_HAN, "中泰", "zhong tai"},
    {FL_TR_HAN, "重庆", "chong qing"}, /* ICU's word list reads the polyphone in context */
    {FL_TR_HAN, "ACME 中泰", "ACME zhong tai"},
    {FL_TR_RUSSIAN, "Ромашка", "Romashka"},
    {FL_TR_RUSSIAN, "Кызылкум", "Kyzylkum"},
    {FL_TR_RUSSIAN, "Зрењанин", "Zrenjanin"}, /* Serbian letters */
    {FL_TR_UZBEK, "Хоразм", "Xorazm"},
    {FL_TR_UZBEK, "Навоийазот", "Navoiyazot"},
    {FL_TR_HAN, "", ""},
};

static void test_cases(void **state)
{
    (void)state;
    for (int round = 0; round < 2; round++) { /* the second round comes from the cache */
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
            char out[128];
            ssize_t n = fl_translit(cases[i].sc, cases[i].in, strlen(cases[i].in), out, sizeof out);
            if (n < 0 || strcmp(out, cases[i].out) != 0)
                fail_msg("case %zu '%s': '%s', want '%s'", i, cases[i].in, n < 0 ? "(-1)" : out,
                         cases[i].out);
            assert_int_equal((size_t)n, strlen(cases[i].out));
        }
    }
}

static void test_bad(void **state)
{
    (void)state;
    char out[8];
    assert_int_equal(fl_translit(FL_TR_HAN, "\xff", 1, out, sizeof out), -1);
    assert_int_equal(fl_translit(FL_TR_COUNT, "a", 1, out, sizeof out), -1);
    assert_int_equal(fl_translit(FL_TR_HAN, "新疆中泰化学", strlen("新疆中泰化学"), out, sizeof out),
                     -1); /* does not fit */
    assert_int_equal(fl_translit(FL_TR_HAN, "a", 1, NULL, 0), -1);
    assert_string_equal(fl_translit_scheme_str(FL_TR_UZBEK), "Uzbek Cyrillic-Latin");
    assert_string_equal(fl_translit_scheme_str(FL_TR_COUNT), "?");
    assert_true(strlen(fl_translit_icu_version()) >= 2);
    fl_translit_release();
    fl_translit_release(); /* twice is fine; the next call opens them again */
    char big[16];
    assert_int_equal(fl_translit(FL_TR_RUSSIAN, "Ромашка", strlen("Ромашка"), big, sizeof big), 8);
    assert_string_equal(big, "Romashka");
}

static void *worker(void *arg)
{
    int *ok = arg;
    char out[64];
    for (int i = 0; i < 200; i++) {
        ssize_t n = fl_translit(FL_TR_RUSSIAN, "Ромашка", strlen("Ромашка"), out, sizeof out);
        *ok = *ok && n == 8 && strcmp(out, "Romashka") == 0;
    }
    return NULL; /* the thread's transliterators are freed when it exits */
}

static void test_threads(void **state)
{
    (void)state;
    pthread_t t[3];
    int ok[3] = {1, 1, 1};
    for (int i = 0; i < 3; i++)
        assert_int_equal(pthread_create(&t[i], NULL, worker, &ok[i]), 0);
    for (int i = 0; i < 3; i++) {
        pthread_join(t[i], NULL);
        assert_true(ok[i]);
    }
}

static int teardown(void **state)
{
    (void)state;
    fl_translit_release();
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cases),
        cmocka_unit_test(test_bad),
        cmocka_unit_test(test_threads),
    };
    return cmocka_run_group_tests(tests, NULL, teardown);
}
