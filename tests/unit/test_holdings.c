/*
 * test_holdings.c - a portfolio's holdings (holdings.h): ISIN check digits, header aliases,
 * aliases split on '|' and ';', weights as fractions or percentages, data-quality issues.
 * Issues go through the report's data-quality sink (fl_report_dq), as in a scan.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "digest.h"
#include "holdings.h"
#include "report_fixture.h"
#include "issue_at.h"

/* Load path with its data-quality issues going to the report r, as a scan does. */
static fl_status load_into(const char *path, fl_report *r, fl_holdings **h)
{
    fl_dq_sink dq = fl_report_dq(r);
    return fl_holdings_load(path, &dq, h);
}

static char dir[64];

static int setup(void **state)
{
    (void)state;
    fx_mkdtemp(dir, "holdings-test");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    fx_remove_tree(dir);
    return 0;
}

static const char *write_csv(const char *name, const char *text)
{
    const char *path = fx_path(dir, name);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    fputs(text, fp);
    assert_int_equal(fclose(fp), 0);
    return path;
}

static void test_isin(void **state)
{
    (void)state;
    static const struct case_isin {
        const char *s;
        bool valid;
    } cases[] = {
        {"US0378331005", true},   {"US5949181045", true},
        {"GB0002634946", true},   {"CH0038863350", true},
        {"DE000BAY0017", true}, /* letters inside: each counts as two digits */
        {"AU0000XVGZA3", true},   {"US0378331006", false}, /* wrong check digit */
        {"US0378331000", false},  {"us0378331005", false}, /* upper case only */
        {"US037833100", false},                            /* 11 characters */
        {"US03783310055", false},                          /* 13 */
        {"1S0378331005", false},                           /* the country is two letters */
        {"US037833100A", false},                           /* the check character is a digit */
        {"US-378331005", false},  {"", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        print_message("case %zu: %s\n", i, cases[i].s);
        assert_int_equal(fl_isin_valid(cases[i].s, strlen(cases[i].s)), cases[i].valid);
    }
    /* the length bounds what is read */
    assert_true(fl_isin_valid("US0378331005 and more", 12));
}

/* Header names as aliases, alias lists, weights, and each row problem on Data quality. */
static void test_load(void **state)
{
    (void)state;
    fl_issuetext it = {0}; /* issues read back (issue_at.h) */
    const char *path = write_csv(
        "holdings.csv", "Company,ISIN,Portfolio Weight,Consignee Names\n"
                        "Harborline Apparel,US0378331005,50%,\"Harborline Apparel Inc|Harborline "
                        "Apparel, Inc.\"\n"
                        "Acme Corp,US0378331006, 0.25 , Acme ; ACME Trading ;\n"
                        ",US5949181045,0.1,Nobody\n"
                        "No Alias Co,,0.1, | ; \n"
                        "Bad Weight Co,,heavy,BW Ltd\n"
                        "Comma Weight Co,,\"0,125\",CW Ltd\n");
    fl_report r;
    fl_report_init(&r);
    fl_holdings *h = NULL;
    assert_int_equal(load_into(path, &r, &h), FL_OK);
    assert_non_null(h);

    static const struct case_holding {
        const char *name, *isin;
        double weight;
        size_t n_aliases;
        const char *aliases[2];
        uint64_t line;
    } want[] = {
        {"Harborline Apparel",
         "US0378331005",
         0.5,
         2,
         {"Harborline Apparel Inc", "Harborline Apparel, Inc."},
         2},
        {"Acme Corp", "US0378331006", 0.25, 2, {"Acme", "ACME Trading"}, 3}, /* kept as written */
        {"No Alias Co", "", 0.1, 1, {"No Alias Co", NULL}, 5}, /* matched by its name */
        {"Bad Weight Co", "", 0.0, 1, {"BW Ltd", NULL}, 6},
        {"Comma Weight Co", "", 0.125, 1, {"CW Ltd", NULL}, 7}, /* decimal comma */
    };
    size_t n = sizeof want / sizeof want[0];
    assert_int_equal(fl_holdings_count(h), n);
    for (size_t i = 0; i < n; i++) {
        const fl_holding *x = fl_holdings_get(h, i);
        print_message("holding %zu\n", i);
        assert_non_null(x);
        assert_string_equal(x->name, want[i].name);
        assert_string_equal(x->isin, want[i].isin);
        assert_true(x->weight > want[i].weight - 1e-12 && x->weight < want[i].weight + 1e-12);
        assert_int_equal(x->n_aliases, want[i].n_aliases);
        assert_int_equal(x->by_name, strcmp(want[i].name, "No Alias Co") == 0);
        for (size_t k = 0; k < x->n_aliases; k++)
            assert_string_equal(x->aliases[k], want[i].aliases[k]);
        assert_int_equal(x->line, want[i].line);
    }
    assert_null(fl_holdings_get(h, n));

    /* the problems, in file order, each naming the holdings file; then the weights' sum */
    static const struct case_issue {
        uint64_t line;
        const char *field;
        bool rejected;
    } issues[] = {
        {3, "isin", false},   {4, "holding", true}, {5, "importer_aliases", false},
        {6, "weight", false}, {0, "weight", false}, /* 0.5 + 0.25 + 0.1 + 0 + 0.125 is not 1 */
    };
    assert_int_equal(r.n_issues, sizeof issues / sizeof issues[0]);
    for (size_t i = 0; i < r.n_issues; i++) {
        print_message("issue %zu: %s\n", i, issue_at(&r, i, &it)->reason);
        assert_int_equal(issue_at(&r, i, &it)->line, issues[i].line);
        assert_string_equal(issue_at(&r, i, &it)->field, issues[i].field);
        assert_int_equal(issue_at(&r, i, &it)->rejected, issues[i].rejected);
        assert_string_equal(issue_at(&r, i, &it)->path, path);
        assert_int_equal(issue_at(&r, i, &it)->file, UINT32_MAX);
    }
    assert_string_equal(issue_at(&r, 0, &it)->value, "US0378331006");
    assert_string_equal(issue_at(&r, 3, &it)->value, "heavy");

    /* the file as read: its path, size and SHA-256 */
    const fl_file_read *f = fl_holdings_file(h);
    assert_string_equal(f->path, path);
    size_t len;
    free(fx_slurp(path, &len));
    assert_int_equal(f->bytes, len);
    char sha[65];
    assert_int_equal(fl_sha256_file(path, sha), 0);
    assert_string_equal(f->sha256, sha);

    fl_holdings_free(h);
    fl_issuetext_free(&it);
    fl_report_free(&r);
}

/* Weights that add up, as percentages; no report to tell problems to; no weight column. */
static void test_weights_and_no_report(void **state)
{
    (void)state;
    const char *path = write_csv("pct.csv", "holding,weight,importers\n"
                                            "A,60%,A Inc\n"
                                            "B,40 %,B Inc\n");
    fl_report r;
    fl_report_init(&r);
    fl_holdings *h;
    assert_int_equal(load_into(path, &r, &h), FL_OK);
    assert_int_equal(fl_holdings_count(h), 2);
    assert_true(fl_holdings_get(h, 0)->weight > 0.6 - 1e-12);
    assert_true(fl_holdings_get(h, 1)->weight < 0.4 + 1e-12);
    assert_int_equal(r.n_issues, 0);
    fl_holdings_free(h);
    fl_report_free(&r);

    path = write_csv("noweight.csv", "Issuer,Aliases\n"
                                     "A,A Inc\n"
                                     "B,\n");
    assert_int_equal(fl_holdings_load(path, NULL, &h), FL_OK); /* problems dropped */
    assert_int_equal(fl_holdings_count(h), 2);
    assert_true(fl_holdings_get(h, 0)->weight == 0.0);
    assert_string_equal(fl_holdings_get(h, 0)->isin, "");
    assert_true(fl_holdings_get(h, 1)->by_name); /* no aliases: its own name */
    fl_holdings_free(h);
}

/* A portfolio export as it comes: "Name/Issuer", a ticker, weights in percent without '%'
   (the column says it), no importer names: each holding is matched by its own name. */
static void test_portfolio_export(void **state)
{
    (void)state;
    const char *path = write_csv("export.csv", "Name/Issuer,ISIN,Ticker,Weight (%)\n"
                                               "H&M Hennes & Mauritz AB,SE0000106270,HM B,60.5\n"
                                               "Nike Inc Class B,US6541061031,NKE,39.5\n");
    fl_report r;
    fl_report_init(&r);
    fl_holdings *h;
    assert_int_equal(load_into(path, &r, &h), FL_OK);
    assert_int_equal(fl_holdings_count(h), 2);
    static const struct case_export {
        const char *name, *isin, *ticker;
        double weight;
    } want[] = {
        {"H&M Hennes & Mauritz AB", "SE0000106270", "HM B", 0.605},
        {"Nike Inc Class B", "US6541061031", "NKE", 0.395},
    };
    for (size_t i = 0; i < 2; i++) {
        const fl_holding *x = fl_holdings_get(h, i);
        assert_string_equal(x->name, want[i].name);
        assert_string_equal(x->isin, want[i].isin);
        assert_string_equal(x->ticker, want[i].ticker);
        assert_true(fabs(x->weight - want[i].weight) < 1e-12);
        assert_true(x->by_name);
        assert_int_equal(x->n_aliases, 1);
        assert_string_equal(x->aliases[0], want[i].name);
    }
    assert_int_equal(r.n_issues, 0); /* no aliases column: nothing to report; 100% in all */
    fl_holdings_free(h);
    fl_report_free(&r);

    /* fractions stay fractions (their sum is not over 1.5) */
    path = write_csv("fractions.csv", "holding,weight\nA,0.75\nB,0.25\n");
    assert_int_equal(fl_holdings_load(path, NULL, &h), FL_OK);
    assert_true(fabs(fl_holdings_get(h, 0)->weight - 0.75) < 1e-12);
    assert_string_equal(fl_holdings_get(h, 0)->ticker, "");
    fl_holdings_free(h);
}

/* Only a missing file or a missing required column stops the run. */
static void test_refused(void **state)
{
    (void)state;
    static const struct case_bad {
        const char *name, *text; /* text NULL: no such file */
    } cases[] = {
        {"missing.csv", NULL},
        {"no-holding.csv", "isin,importers\nUS0378331005,A Inc\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *path =
            cases[i].text ? write_csv(cases[i].name, cases[i].text) : fx_path(dir, cases[i].name);
        static char sentinel;
        fl_holdings *h = (fl_holdings *)(void *)&sentinel; /* must come back NULL */
        print_message("case %zu: %s\n", i, cases[i].name);
        assert_int_equal(fl_holdings_load(path, NULL, &h), FL_ERR_INPUT);
        assert_null(h);
    }
    assert_int_equal(fl_holdings_count(NULL), 0);
    assert_null(fl_holdings_get(NULL, 0));
    fl_holdings_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_isin),
        cmocka_unit_test_setup_teardown(test_load, setup, teardown),
        cmocka_unit_test_setup_teardown(test_weights_and_no_report, setup, teardown),
        cmocka_unit_test_setup_teardown(test_portfolio_export, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refused, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
