/* test_regex.c - compiled patterns behind our own type (regex.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "regex.h"

/*
 * Compile errors say where, as a 0-based byte offset: at the offending character, or at the
 * end of the pattern when something is left open.
 */
static void test_compile_errors(void **state)
{
    (void)state;
    static const struct case_err {
        const char *pattern;
        size_t off;
        const char *says; /* a word the message must hold, or NULL */
    } cases[] = {
        {"(", 1, "parenthes"},            /* left open: the end */
        {"cotton|(", 8, "parenthes"},     /* left open: the end */
        {"abc)", 3, "parenthes"},         /* the stray ')' */
        {"[a", 2, "]"},                   /* class left open: the end */
        {"\\", 1, NULL},                  /* escape at the end */
        {"x**", 2, "quantifier"},         /* the second '*' */
        {"\xFF", 0, "UTF-8"},             /* not UTF-8: the bad byte */
        {"ab\xC3", 2, "UTF-8"},           /* truncated character: where it starts */
        {"caf\xC3\xA9(", 6, "parenthes"}, /* offsets count bytes, not characters */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char err[256] = "";
        size_t off = 12345;
        print_message("case %zu: %s\n", i, cases[i].pattern);
        assert_null(fl_regex_compile(cases[i].pattern, err, sizeof err, &off));
        assert_int_equal(off, cases[i].off);
        assert_true(err[0] != '\0');
        if (cases[i].says)
            assert_non_null(strstr(err, cases[i].says));
    }
    /* A small message buffer is filled and terminated, never overrun. */
    char small[9];
    memset(small, 'Z', sizeof small);
    size_t off = 0;
    assert_null(fl_regex_compile("(", small, 8, &off));
    assert_int_equal(strlen(small), 7);
    assert_int_equal(small[8], 'Z');
}

typedef struct case_match {
    const char *pattern;
    const char *subject;
    size_t len; /* bytes of subject searched */
    bool match;
    size_t start, end; /* byte offsets of the match */
} case_match;

#define S(lit) lit, sizeof(lit) - 1

/* Caseless, UTF-8 and Unicode-property aware; offsets in bytes. */
static const case_match matches[] = {
    {"cotton", S("Raw COTTON bales"), true, 4, 10},
    {"COTTON", S("raw cotton"), true, 4, 10},
    {"\\bcotton\\b", S("cottonseed oil"), false, 0, 0},
    {"\\bcotton\\b", S("100% cotton, knitted"), true, 5, 11},
    {"xinjiang|uyghur", S("Uyghur Region"), true, 0, 6},
    /* non-ASCII case folding */
    {"\xC3\xA9t\xC3\xA9", S("\xC3\x89T\xC3\x89"), true, 0, 5},            /* été / ÉTÉ */
    {"\xD1\x85\xD0\xBB\xD0\xBE\xD0\xBF\xD0\xBE\xD0\xBA",                  /* хлопок */
     S("\xD0\xA5\xD0\x9B\xD0\x9E\xD0\x9F\xD0\x9E\xD0\x9A"), true, 0, 12}, /* ХЛОПОК */
    /* byte offsets after multi-byte characters */
    {"ltd",
     S("\xC3\x9Cn\xC3\xAF"
       "code Ltd"),
     true, 10, 13},
    /* . is one character, not one byte */
    {"caf.$", S("caf\xC3\xA9"), true, 0, 5},
    /* \w and \b know Unicode letters (UCP): no word boundary inside "société" */
    {"soci\\w+", S("soci\xC3\xA9t\xC3\xA9 g\xC3\xA9n\xC3\xA9rale"), true, 0, 9},
    {"\\bt\xC3\xA9\\b", S("soci\xC3\xA9t\xC3\xA9"), false, 0, 0},
    {"\\p{Han}+", S("supplier \xE6\x96\xB0\xE7\x96\x86 ltd"), true, 9, 15}, /* 新疆 */
    /* the length bounds the search: no NUL needed, and none assumed */
    {"cotton", "cotton", 3, false, 0, 0},
    {"b", S("a\0b"), true, 2, 3},
    {"a\\x00b", S("xa\0b"), true, 1, 4},
    /* the empty pattern matches at the start */
    {"", S("anything"), true, 0, 0},
    {"^$", "", 0, true, 0, 0},
    /* invalid UTF-8 in the subject never matches, even where the pattern would */
    {"cotton", S("cotton \xFF"), false, 0, 0},
    {"a", S("\xC3("), false, 0, 0},
};

static void test_search_cases(void **state)
{
    (void)state;
    fl_regex_scratch *sc = fl_regex_scratch_new();
    assert_non_null(sc);
    for (size_t i = 0; i < sizeof matches / sizeof matches[0]; i++) {
        const case_match *c = &matches[i];
        char err[256];
        size_t off;
        print_message("case %zu: /%s/\n", i, c->pattern);
        fl_regex *re = fl_regex_compile(c->pattern, err, sizeof err, &off);
        assert_non_null(re);
        size_t start = 999, end = 999;
        bool got = fl_regex_search(re, sc, c->subject, c->len, &start, &end);
        assert_int_equal(got, c->match);
        if (c->match) {
            assert_int_equal(start, c->start);
            assert_int_equal(end, c->end);
            /* start and end are optional */
            assert_true(fl_regex_search(re, sc, c->subject, c->len, NULL, NULL));
        }
        fl_regex_free(re);
    }
    fl_regex_scratch_free(sc);
}

/* One scratch serves several patterns in turn; one pattern serves several scratches. */
static void test_scratch_reuse(void **state)
{
    (void)state;
    char err[256];
    size_t off;
    fl_regex *a = fl_regex_compile("(co)(tt)(on)", err, sizeof err, &off);
    fl_regex *b = fl_regex_compile("silk", err, sizeof err, &off);
    assert_non_null(a);
    assert_non_null(b);
    fl_regex_scratch *s1 = fl_regex_scratch_new(), *s2 = fl_regex_scratch_new();
    assert_non_null(s1);
    assert_non_null(s2);
    size_t st, en;
    for (int round = 0; round < 3; round++) {
        assert_true(fl_regex_search(a, s1, S("raw silk and cotton"), &st, &en));
        assert_int_equal(st, 13);
        assert_int_equal(en, 19);
        assert_true(fl_regex_search(b, s1, S("raw silk and cotton"), &st, &en));
        assert_int_equal(st, 4);
        assert_int_equal(en, 8);
        assert_false(fl_regex_search(b, s2, S("cotton only"), &st, &en));
        assert_true(fl_regex_search(a, s2, S("COTTON"), &st, &en));
        assert_int_equal(st, 0);
        assert_int_equal(en, 6);
    }
    fl_regex_scratch_free(s1);
    fl_regex_scratch_free(s2);
    fl_regex_free(a);
    fl_regex_free(b);
    /* NULL-safe frees */
    fl_regex_free(NULL);
    fl_regex_scratch_free(NULL);
}

/* One compiled pattern, used at once by threads that each have their own scratch. */
typedef struct worker {
    const fl_regex *re;
    int hits, misses;
} worker;

static void *work(void *arg)
{
    worker *w = arg;
    fl_regex_scratch *sc = fl_regex_scratch_new();
    if (!sc)
        return NULL;
    char text[64];
    for (int i = 0; i < 2000; i++) {
        int n = snprintf(text, sizeof text, i % 2 ? "lot %d of Cotton" : "lot %d of wool", i);
        size_t st = 0, en = 0;
        if (fl_regex_search(w->re, sc, text, (size_t)n, &st, &en) && en - st == 6 &&
            en == (size_t)n)
            w->hits++;
        else
            w->misses++;
    }
    fl_regex_scratch_free(sc);
    return NULL;
}

static void test_threads(void **state)
{
    (void)state;
    char err[256];
    size_t off;
    fl_regex *re = fl_regex_compile("cotton$", err, sizeof err, &off);
    assert_non_null(re);
    enum { T = 4 };
    pthread_t th[T];
    worker w[T];
    for (int i = 0; i < T; i++) {
        w[i] = (worker){re, 0, 0};
        assert_int_equal(pthread_create(&th[i], NULL, work, &w[i]), 0);
    }
    for (int i = 0; i < T; i++) {
        assert_int_equal(pthread_join(th[i], NULL), 0);
        assert_int_equal(w[i].hits, 1000);
        assert_int_equal(w[i].misses, 1000);
    }
    fl_regex_free(re);
}

static void test_version(void **state)
{
    (void)state;
    const char *v = fl_regex_version();
    assert_non_null(v);
    assert_memory_equal(v, "PCRE2 ", 6);
    assert_true(v[6] >= '1' && v[6] <= '9');
    assert_ptr_equal(fl_regex_version(), v); /* static, the same each time */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_compile_errors), cmocka_unit_test(test_search_cases),
        cmocka_unit_test(test_scratch_reuse),  cmocka_unit_test(test_threads),
        cmocka_unit_test(test_version),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
