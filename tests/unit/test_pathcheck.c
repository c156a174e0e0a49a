/* test_pathcheck.c - options that name one file twice (pathcheck.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pathcheck.h"

static char dir[64];

static int setup(void **state)
{
    (void)state;
    strcpy(dir, "pathcheck-test-XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    char p[128];
    snprintf(p, sizeof p, "%s/in.csv", dir);
    FILE *fp = fopen(p, "w");
    if (!fp)
        return -1;
    fputs("a\n", fp);
    fclose(fp);
    snprintf(p, sizeof p, "%s/sub", dir);
    return mkdir(p, 0777);
}

static int teardown(void **state)
{
    (void)state;
    static const char *const names[] = {"in.csv", "sym.csv", "hard.csv", "sub"};
    char p[128];
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        snprintf(p, sizeof p, "%s/%s", dir, names[i]);
        if (unlink(p) != 0)
            rmdir(p);
    }
    return rmdir(dir);
}

static void test_pairs(void **state)
{
    (void)state;
    char sym[128], hard[128], in[128];
    snprintf(in, sizeof in, "%s/in.csv", dir);
    snprintf(sym, sizeof sym, "%s/sym.csv", dir);
    snprintf(hard, sizeof hard, "%s/hard.csv", dir);
    assert_int_equal(symlink("in.csv", sym), 0);
    assert_int_equal(link(in, hard), 0);
    /* paths relative to dir, each pair: the first read (or written), the second written */
    static const struct pcase {
        const char *a, *b;
        bool a_written, b_written;
        bool apart;
    } cases[] = {
        {"in.csv", "in.csv", false, true, false},        /* an output over an input */
        {"in.csv", "./in.csv", false, true, false},      /* the same through "./" */
        {"in.csv", "sub/../in.csv", false, true, false}, /* through ".." */
        {"in.csv", "sym.csv", false, true, false},       /* a symbolic link */
        {"in.csv", "hard.csv", true, true, false},       /* a hard link */
        {"new.csv", "./new.csv", true, true, false},     /* not there yet: by resolved path */
        {"new.csv", "sub/../new.csv", true, true, false},
        {"new.csv", "other.csv", true, true, true},
        {"sub/new.csv", "new.csv", true, true, true},
        {"in.csv", "in.csv", false, false, true},     /* read twice: no harm */
        {"/dev/null", "/dev/null", true, true, true}, /* a character device takes it all */
        {"-", "-", true, true, true},
        /* a folder that is not there: compared as given (the run fails on it anyway) */
        {"missing/x.csv", "missing/./x.csv", true, true, true},
    };
    char cwd[4096];
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_int_equal(chdir(dir), 0);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const struct pcase *c = &cases[i];
        fl_named_path np[] = {{"--shipments", c->a, c->a_written},
                              {"--flags-csv", c->b, c->b_written},
                              {"--flags-jsonl", NULL, true}};
        bool got = fl_pathcheck(np, 3);
        if (got != c->apart) {
            assert_int_equal(chdir(cwd), 0);
            fail_msg("case %zu: '%s' and '%s': expected %s", i, c->a, c->b,
                     c->apart ? "apart" : "a clash");
        }
    }
    assert_int_equal(chdir(cwd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_pairs, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
