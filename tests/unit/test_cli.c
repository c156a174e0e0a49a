/* test_cli.c - the option table (options.h) against README.md, and "did you mean". */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "locate.h"
#include "optdoc.h"
#include "options.h"

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

/* Every option, as the README's tables write it: "`-o`, `--out REPORT.xlsx`". */
static void test_every_option_in_readme(void **state)
{
    (void)state;
    char *readme = slurp(FLSCAN_SOURCE_DIR "/README.md");
    unsigned n = 0;
    const fl_cli_option *opts = fl_cli_options(&n);
    assert_true(n > 5);
    for (unsigned i = 0; i < n; i++) {
        char want[128], sh[16] = "";
        if (opts[i].short_name)
            snprintf(sh, sizeof sh, "`-%c`, ", opts[i].short_name);
        snprintf(want, sizeof want, "%s`--%s%s%s`", sh, opts[i].name, opts[i].arg ? " " : "",
                 opts[i].arg ? opts[i].arg : "");
        if (!strstr(readme, want))
            fail_msg("README.md does not document %s (command '%s')", want, opts[i].command);
    }
    free(readme);
}

static void test_exit_codes_in_readme(void **state)
{
    (void)state;
    char *readme = slurp(FLSCAN_SOURCE_DIR "/README.md");
    unsigned n = 0;
    const fl_cli_exit *ex = fl_cli_exits(&n);
    assert_true(n >= 8);
    for (unsigned i = 0; i < n; i++) {
        char row[32];
        snprintf(row, sizeof row, "| %.*s |", (int)strcspn(ex[i].code, ","), ex[i].code);
        if (!strstr(readme, row))
            fail_msg("README.md has no exit code row '%s'", row);
    }
    free(readme);
}

/* The README's Usage block holds each command's usage as generated from the table. */
static void test_usage_in_readme(void **state)
{
    (void)state;
    char *readme = slurp(FLSCAN_SOURCE_DIR "/README.md");
    unsigned n = 0;
    const fl_cli_command *cmds = fl_cli_commands(&n);
    for (unsigned i = 0; i < n; i++) {
        char *text = NULL;
        size_t len = 0;
        FILE *m = open_memstream(&text, &len);
        assert_non_null(m);
        fl_optdoc_synopsis(m, cmds[i].name, "");
        fclose(m);
        if (!strstr(readme, text))
            fail_msg("README.md's Usage lacks the usage of '%s', which is now:\n%s", cmds[i].name,
                     text);
        free(text);
    }
    free(readme);
}

/* README's Install section names the places searched for rules and data, in the order
   the code tries them (all but the last, the build's own prefix, which varies). */
static void test_search_order_in_readme(void **state)
{
    (void)state;
    char *readme = slurp(FLSCAN_SOURCE_DIR "/README.md");
    const char *install = strstr(readme, "\n## Install");
    assert_non_null(install);
    for (int w = 0; w < 2; w++) {
        const char *lines[8];
        char buf[256];
        size_t n = fl_locate_places((fl_locate_what)w, lines, 8, buf, sizeof buf);
        assert_true(n >= 4);
        const char *at = install;
        for (size_t i = 0; i + 1 < n; i++) {
            const char *found = strstr(at, lines[i]);
            if (!found)
                fail_msg("README.md's Install section lacks '%s' (after the places before it)",
                         lines[i]);
            at = found + strlen(lines[i]);
        }
    }
    free(readme);
}

/* What a mistyped option is taken for. */
static void test_suggestions(void **state)
{
    (void)state;
    static const struct {
        const char *command, *typed, *want, *elsewhere;
    } cases[] = {
        {"scan", "flag-csv", "flags-csv", NULL},
        {"scan", "output", "out", NULL},          /* the start of a name */
        {"scan", "sihpments", "shipments", NULL}, /* two letters swapped */
        {"scan", "Quiet", "quiet", NULL},         /* case */
        {"scan", "summary_json", "summary-json", NULL},
        {"scan", "country", "country", "rules list"}, /* another command's option */
        {"scan", "frobnicate", NULL, NULL},
        {"scan", "x", NULL, NULL},
        {"", "verison", "version", NULL},
        {"rules list", "comodity", "commodity", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *elsewhere = NULL;
        const char *got =
            fl_cli_suggest(cases[i].command, cases[i].typed, strlen(cases[i].typed), &elsewhere);
        if (!cases[i].want ? got != NULL : !got || strcmp(got, cases[i].want) != 0)
            fail_msg("'%s --%s': got '%s', want '%s'", cases[i].command, cases[i].typed,
                     got ? got : "(none)", cases[i].want ? cases[i].want : "(none)");
        if (!cases[i].elsewhere ? elsewhere != NULL
                                : !elsewhere || strcmp(elsewhere, cases[i].elsewhere) != 0)
            fail_msg("'%s --%s': elsewhere '%s'", cases[i].command, cases[i].typed,
                     elsewhere ? elsewhere : "(none)");
    }
    assert_string_equal(fl_cli_suggest_command("scna"), "scan");
    assert_string_equal(fl_cli_suggest_command("rules chek"), "rules check");
    assert_null(fl_cli_suggest_command("frobnicate"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_option_in_readme),
        cmocka_unit_test(test_exit_codes_in_readme),
        cmocka_unit_test(test_usage_in_readme),
        cmocka_unit_test(test_search_order_in_readme),
        cmocka_unit_test(test_suggestions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
