/* test_cli.c - every option in the option table is documented in README.md. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static char *slurp(const char *path)
{
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
    buf[n] = '\0';
    fclose(fp);
    return buf;
}

static void test_every_option_in_readme(void **state)
{
    (void)state;
    char *readme = slurp(FLSCAN_SOURCE_DIR "/README.md");
    unsigned n = 0;
    const fl_cli_option *opts = fl_cli_options(&n);
    assert_true(n > 5);
    for (unsigned i = 0; i < n; i++) {
        char want[96];
        if (opts[i].arg)
            snprintf(want, sizeof want, "`--%s %s`", opts[i].name, opts[i].arg);
        else
            snprintf(want, sizeof want, "`--%s`", opts[i].name);
        if (!strstr(readme, want))
            fail_msg("README.md does not document %s (command '%s')", want, opts[i].command);
    }
    free(readme);
}

static void test_exit_codes_in_readme(void **state)
{
    (void)state;
    char *readme = slurp(FLSCAN_SOURCE_DIR "/README.md");
    static const char *const rows[] = {"| 0 |", "| 1 |", "| 2 |", "| 3 |",
                                       "| 4 |", "| 5 |", "| 6 |", "| 130 |"};
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++)
        assert_non_null(strstr(readme, rows[i]));
    free(readme);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_option_in_readme),
        cmocka_unit_test(test_exit_codes_in_readme),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
