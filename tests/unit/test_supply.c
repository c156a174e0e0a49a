/* test_supply.c - the supplier graph (supply.h): checks, propagation, severity, queries. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "country.h"
#include "nametab.h"
#include "report.h"
#include "rules.h"
#include "supply.h"
#include "issue_at.h"

#define ISO_JSON FLSCAN_ISO_CODES_DIR "/iso_3166-1.json"
#define ALIASES FLSCAN_SOURCE_DIR "/datasets/country_aliases.csv"

/* ---- fixture: a small rule set and a temp folder ---------------------------------------- */

static const struct {
    const char *name, *text;
} rule_files[] = {
    {"ruleset.csv", "key,value\nname,supply-fixture\nversion,1\n"},
    {"sources.csv", "id,title,publisher,date,url\n"
                    "dol,List of Goods,US DOL,2022-09-28,https://www.dol.gov/list\n"
                    "cbp,WRO list,CBP,2018-05-18,https://www.cbp.gov/wro\n"},
    {"commodities.csv", "id,name,hs_prefixes,description_pattern,exclude_pattern,note\n"
                        "cotton,raw cotton,5201;5203,\\bcotton\\b,\\bcotton\\s+yarn\\b,fixture\n"
                        "cotton-yarn,cotton yarn,5205,\\bcotton\\s+yarn\\b,,fixture\n"},
    {"rules-test.csv",
     "id,title,basis,countries,regions,commodities,labor,severity,valid_from,valid_to,sources,"
     "note\n"
     "TVPRA-UZ-COTTON,Uzbek cotton,TVPRA,UZ,,cotton;cotton-yarn,forced,high,2014-12-01,"
     "2022-09-27,dol,fixture\n"
     "WRO-TM-COTTON,Turkmen cotton,WRO,TM,,cotton;cotton-yarn,forced,critical,2018-05-18,,cbp,"
     "fixture\n"},
};
#define N_RULE_FILES (sizeof rule_files / sizeof *rule_files)

typedef struct fixture {
    char dir[512];
    fl_countries *countries;
    fl_ruleset *rs;
    fl_name_tables *names;
} fixture;

static int write_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "wb");
    int ok = fp && fputs(text, fp) >= 0;
    if (fp && fclose(fp) != 0)
        ok = 0;
    return ok;
}

static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof *fx);
    if (!fx || fl_countries_load(ISO_JSON, ALIASES, &fx->countries) != FL_OK) {
        free(fx);
        return -1;
    }
    const char *tmp = getenv("TMPDIR");
    snprintf(fx->dir, sizeof fx->dir, "%s/flscan-supply-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    int ok = mkdtemp(fx->dir) != NULL;
    for (size_t i = 0; ok && i < N_RULE_FILES; i++) {
        char path[768];
        snprintf(path, sizeof path, "%s/%s", fx->dir, rule_files[i].name);
        ok = write_file(path, rule_files[i].text);
    }
    if (!ok || fl_rules_load(fx->dir, fx->countries, &fx->rs) != FL_OK ||
        fl_nametab_load(FLSCAN_SOURCE_DIR "/datasets/names", &fx->names) != FL_OK)
        return -1;
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    char path[768];
    for (size_t i = 0; i < N_RULE_FILES; i++) {
        snprintf(path, sizeof path, "%s/%s", fx->dir, rule_files[i].name);
        unlink(path);
    }
    snprintf(path, sizeof path, "%s/suppliers.csv", fx->dir);
    unlink(path);
    rmdir(fx->dir);
    fl_ruleset_free(fx->rs);
    fl_nametab_free(fx->names);
    fl_countries_free(fx->countries);
    free(fx);
    return 0;
}

/* Load text as a supplier list and judge it; issues go to rep. */
static fl_supply *load(fixture *fx, const char *text, fl_report *rep, fl_status *st_out)
{
    char path[768];
    snprintf(path, sizeof path, "%s/suppliers.csv", fx->dir);
    assert_true(write_file(path, text));
    fl_supply *g = NULL;
    fl_dq_sink dq = {NULL, NULL};
    if (rep)
        dq = fl_report_dq(rep);
    fl_status st = fl_supply_load(path, fx->countries, fx->names, &dq, &g);
    if (st == FL_OK)
        st = fl_supply_judge(g, fx->rs, NULL, NULL);
    if (st_out)
        *st_out = st;
    return g;
}

/* ---- the cases ------------------------------------------------------------------------- */

#define HEAD "supplier_id,name,country,address,commodities,tier,supplies_to\n"

/* One shipment asked about: its shipper, date and what it should inherit. */
typedef struct query {
    const char *shipper, *supplier_id;
    const char *date;
    size_t hits;
    const char *rule;     /* rule of the first hit, NULL when hits is 0 */
    fl_severity severity; /* of the first hit */
    const char *evidence; /* a part of the first hit's evidence */
} query;

/* What fl_supply_get_stats() and the report should say after loading. */
typedef struct counts {
    size_t suppliers, links, importer_links, unknown, self_links, duplicates, cycles, rejected;
    size_t issues;
} counts;

static const struct graph_case {
    const char *name, *csv;
    counts want;
    query q[3];
} graph_cases[] = {
    {"two tiers, HS code: high steps down one level",
     HEAD "S1,Porto Malhas Lda,PT,Famalicao,garments,1,Acme Apparel Inc\n"
          "S2,Fergana Yarn Spinning LLC,UZ,Fergana,5205.12,2,S1\n",
     {2, 1, 1, 0, 0, 0, 0, 0, 0},
     {{"PORTO MALHAS, LDA.", "", "2020-05-01", 1, "TVPRA-UZ-COTTON", FL_SEV_MEDIUM,
       "Porto Malhas Lda (PT, tier 1) <- Fergana Yarn Spinning LLC (UZ, tier 2): UZ 5205.12, "
       "TVPRA forced labor 2014-12-01..2022-09-27; 2020-05-01 within the window; severity "
       "high stepped down to medium (1 tier upstream)"},
      {"Fergana Yarn Spinning LLC", "", "2020-05-01", 0, NULL, 0, NULL},
      {"Someone Else Ltd", "", "2020-05-01", 0, NULL, 0, NULL}}},
    {"three tiers in words: words and two tiers, never below low",
     HEAD "S1,Porto Malhas Lda,PT,,garments,1,Acme\n"
          "S2,Braga Knit Fabrics Lda,PT,,knit fabric,2,S1\n"
          "S3,Andijan Cotton Ginnery JSC,UZ,,cotton,3,S2\n",
     {3, 2, 1, 0, 0, 0, 0, 0, 0},
     {{"Porto Malhas Lda", "", "2016-01-01", 1, "TVPRA-UZ-COTTON", FL_SEV_LOW,
       "Porto Malhas Lda (PT, tier 1) <- Braga Knit Fabrics Lda (PT, tier 2) <- Andijan Cotton "
       "Ginnery JSC (UZ, tier 3): UZ cotton"},
      {"Braga Knit Fabrics Lda", "", "2016-01-01", 1, "TVPRA-UZ-COTTON", FL_SEV_LOW,
       "commodity named in words; 1 tier upstream, never below low"},
      {"", "S3", "2016-01-01", 0, NULL, 0, NULL}}},
    {"a WRO keeps its severity at every tier; the strongest source wins over the nearest",
     HEAD "S1,Dhaka Knit Composite Ltd,BD,,garments,1,Acme\n"
          "S2,Ashgabat Cotton Spinning Mill,TM,,cotton yarn,2,S1\n"
          "S3,Mary Velayat Cotton Ginnery,Turkmenistan,,5201,3,S2\n",
     {3, 2, 1, 0, 0, 0, 0, 0, 0},
     {{"Dhaka Knit Composite Ltd", "", "2020-01-01", 1, "WRO-TM-COTTON", FL_SEV_CRITICAL,
       "Dhaka Knit Composite Ltd (BD, tier 1) <- Ashgabat Cotton Spinning Mill (TM, tier 2) <- "
       "Mary Velayat Cotton Ginnery (TM, tier 3): TM 5201, WRO forced labor 2018-05-18..open; "
       "2020-01-01 within the window; severity critical, kept at every tier"},
      /* the mill matches the WRO itself and also inherits it from the ginnery */
      {"Ashgabat Cotton Spinning Mill", "", "2020-01-01", 1, "WRO-TM-COTTON", FL_SEV_CRITICAL,
       "Ashgabat Cotton Spinning Mill (TM, tier 2) <- Mary Velayat Cotton Ginnery (TM, tier 3)"},
      /* before the order: nothing */
      {"Dhaka Knit Composite Ltd", "", "2018-05-17", 0, NULL, 0, NULL}}},
    {"a source outside its listing window gives no flag",
     HEAD "S1,Porto Malhas Lda,PT,,garments,1,Acme\n"
          "S2,Fergana Yarn Spinning LLC,UZ,,5205.12,2,S1\n",
     {2, 1, 1, 0, 0, 0, 0, 0, 0},
     {{"Porto Malhas Lda", "", "2024-05-01", 0, NULL, 0, NULL},
      {"Porto Malhas Lda", "", "2014-11-30", 0, NULL, 0, NULL},
      {"Porto Malhas Lda", "", "2014-12-01", 1, "TVPRA-UZ-COTTON", FL_SEV_MEDIUM, NULL}}},
    {"a cycle is reported and cut, and exposure still flows once",
     /* the search starts at D, so A -> C is the link that closes the cycle */
     HEAD "D,Delta Cotton,UZ,,cotton,4,C\n"
          "C,Gamma Yarns,PT,,yarn,3,B\n"
          "B,Beta Fabrics,PT,,fabric,2,A\n"
          "A,Alpha Garments,PT,,garments,1,C\n",
     {4, 4, 0, 0, 0, 0, 1, 0, 1},
     {{"Alpha Garments", "", "2016-01-01", 1, "TVPRA-UZ-COTTON", FL_SEV_LOW,
       "Alpha Garments (PT, tier 1) <- Beta Fabrics (PT, tier 2) <- Gamma Yarns (PT, tier 3) <- "
       "Delta Cotton (UZ, tier 4)"},
      {"Gamma Yarns", "", "2016-01-01", 1, "TVPRA-UZ-COTTON", FL_SEV_LOW,
       "Gamma Yarns (PT, tier 3) <- Delta Cotton (UZ, tier 4)"},
      {"Delta Cotton", "", "2016-01-01", 0, NULL, 0, NULL}}},
    {"unknown ids and self links are ignored, reported",
     HEAD "S1,Porto Malhas Lda,PT,,garments,1,Acme\n"
          "S2,Fergana Yarn Spinning LLC,UZ,,5205.12,2,S999;S2|S1\n",
     {2, 1, 1, 1, 1, 0, 0, 0, 2},
     {{"Porto Malhas Lda", "", "2020-05-01", 1, "TVPRA-UZ-COTTON", FL_SEV_MEDIUM, NULL}}},
    {"a duplicate id keeps the first row",
     HEAD "S1,Porto Malhas Lda,PT,,garments,1,Acme\n"
          "S2,Fergana Yarn Spinning LLC,UZ,,5205.12,2,S1\n"
          "S2,Somebody Else,US,,5205.12,2,S1\n",
     {2, 1, 1, 0, 0, 1, 0, 1, 1},
     {{"Porto Malhas Lda", "", "2020-05-01", 1, "TVPRA-UZ-COTTON", FL_SEV_MEDIUM,
       "Fergana Yarn Spinning LLC"},
      {"Somebody Else", "", "2020-05-01", 0, NULL, 0, NULL}}},
    {"buyers named by name, the shipment's supplier_id wins",
     HEAD "S1,Porto Malhas Lda,PT,,garments,1,Acme\n"
          "S2,Fergana Yarn Spinning LLC,UZ,,5205.12,2,Porto Malhas Lda\n",
     {2, 1, 1, 0, 0, 0, 0, 0, 0},
     {{"Unrelated Name Ltd", "S1", "2020-05-01", 1, "TVPRA-UZ-COTTON", FL_SEV_MEDIUM, NULL},
      {"Porto Malhas Lda", "S2", "2020-05-01", 0, NULL, 0, NULL}}},
    {"bad rows: no id, ragged, bad tier, unknown country",
     HEAD ",No Id Ltd,PT,,garments,1,Acme\n"
          "S1,Ragged Ltd,PT\n"
          "S2,Porto Malhas Lda,PT,,garments,first,Acme\n"
          "S3,Nowhere Ltd,Atlantis,,5205.12,2,S2\n",
     {2, 1, 1, 0, 0, 0, 0, 2, 4},
     {{"Porto Malhas Lda", "", "2020-05-01", 0, NULL, 0, NULL}}},
};

static void test_graph_cases(void **state)
{
    fl_issuetext it = {0}; /* issues read back (issue_at.h) */
    fixture *fx = *state;
    for (size_t c = 0; c < sizeof graph_cases / sizeof *graph_cases; c++) {
        const struct graph_case *gc = &graph_cases[c];
        fl_report rep;
        fl_report_init(&rep);
        fl_status st;
        fl_supply *g = load(fx, gc->csv, &rep, &st);
        if (st != FL_OK)
            fail_msg("%s: status %d", gc->name, (int)st);
        const fl_supply_stats *s = fl_supply_get_stats(g);
        const counts *w = &gc->want;
        if (s->suppliers != w->suppliers || s->links != w->links ||
            s->importer_links != w->importer_links || s->unknown != w->unknown ||
            s->self_links != w->self_links || s->duplicates != w->duplicates ||
            s->cycles != w->cycles || s->rejected != w->rejected || rep.n_issues != w->issues)
            fail_msg("%s: suppliers %zu links %zu importers %zu unknown %zu self %zu dup %zu "
                     "cycles %zu rejected %zu issues %zu",
                     gc->name, s->suppliers, s->links, s->importer_links, s->unknown, s->self_links,
                     s->duplicates, s->cycles, s->rejected, rep.n_issues);
        for (size_t i = 0; i < rep.n_issues; i++) {
            assert_non_null(issue_at(&rep, i, &it)->path);
            assert_true(strstr(issue_at(&rep, i, &it)->path, "suppliers.csv") != NULL);
        }
        for (size_t k = 0; k < 3 && gc->q[k].date; k++) {
            const query *q = &gc->q[k];
            uint32_t x =
                fl_supply_find(g, fl_slice_cstr(q->supplier_id), fl_slice_cstr(q->shipper));
            fl_hit hits[8];
            fl_date d = fl_date_parse_iso(q->date, strlen(q->date));
            size_t n = x == FL_SUPPLY_NONE ? 0 : fl_supply_hits(g, x, d, false, hits, 8);
            if (n != q->hits)
                fail_msg("%s, query %zu: %zu hits, expected %zu", gc->name, k, n, q->hits);
            if (!n)
                continue;
            assert_string_equal(fx->rs->rules[hits[0].rule].id, q->rule);
            assert_int_equal(hits[0].match, FL_MATCH_INDIRECT);
            if (hits[0].severity != q->severity)
                fail_msg("%s, query %zu: severity %s, expected %s (%s)", gc->name, k,
                         fl_severity_str(hits[0].severity), fl_severity_str(q->severity),
                         hits[0].evidence);
            if (q->evidence && !strstr(hits[0].evidence, q->evidence))
                fail_msg("%s, query %zu: evidence '%s' lacks '%s'", gc->name, k, hits[0].evidence,
                         q->evidence);
        }
        fl_supply_free(g);
        fl_issuetext_free(&it);
    fl_report_free(&rep);
    }
}

/* The cycle issue names the cycle and the link left out. */
static void test_cycle_issue_text(void **state)
{
    fl_issuetext it = {0}; /* issues read back (issue_at.h) */
    fixture *fx = *state;
    fl_report rep;
    fl_report_init(&rep);
    fl_supply *g =
        load(fx, HEAD "A,Alpha,PT,,x,1,\nB,Beta,PT,,x,2,A;B2\nB2,Beta Two,PT,,x,2,B\n", &rep, NULL);
    assert_non_null(g);
    assert_int_equal(rep.n_issues, 1);
    assert_string_equal(issue_at(&rep, 0, &it)->reason,
                        "cycle B -> B2 -> B: the link B2 -> B is left out of exposure propagation");
    assert_string_equal(issue_at(&rep, 0, &it)->field, "supplies_to");
    assert_int_equal(issue_at(&rep, 0, &it)->line, 4);
    fl_supply_free(g);
    fl_issuetext_free(&it);
    fl_report_free(&rep);
}

/* A chain of 20,000 suppliers: no recursion, the path is cut in its middle. */
static void test_long_chain(void **state)
{
    fixture *fx = *state;
    enum { N = 20000 };
    size_t cap = (size_t)N * 64 + 256, used = 0;
    char *csv = malloc(cap);
    assert_non_null(csv);
    used += (size_t)snprintf(csv + used, cap - used, HEAD);
    for (int i = 0; i < N; i++) {
        if (i == 0)
            used += (size_t)snprintf(csv + used, cap - used, "C0,Chain 0,PT,,garments,1,Acme\n");
        else
            used += (size_t)snprintf(csv + used, cap - used, "C%d,Chain %d,%s,,%s,%d,C%d\n", i, i,
                                     i == N - 1 ? "UZ" : "PT", i == N - 1 ? "5201" : "parts",
                                     i + 1 > 99 ? 99 : i + 1, i - 1);
    }
    fl_report rep;
    fl_report_init(&rep);
    fl_supply *g = load(fx, csv, &rep, NULL);
    free(csv);
    assert_non_null(g);
    assert_int_equal(fl_supply_get_stats(g)->links, N - 1);
    fl_hit hit;
    uint32_t x = fl_supply_find(g, fl_slice_cstr("C0"), fl_slice_cstr(""));
    assert_int_equal(fl_supply_hits(g, x, 20200101u, false, &hit, 1), 1);
    assert_int_equal(hit.severity, FL_SEV_LOW);
    assert_non_null(strstr(hit.evidence, "Chain 0 (PT, tier 1) <- Chain 1 (PT, tier 2) <- Chain 2 "
                                         "(PT, tier 3) <- ... (19995 more) ... <- Chain 19998 (PT, "
                                         "tier 99) <- Chain 19999 (UZ, tier 99): UZ 5201"));
    assert_non_null(strstr(hit.evidence, "19999 tiers upstream"));
    fl_supply_free(g);
    fl_report_free(&rep);
}

/* The severity policy, table-driven. */
static void test_step(void **state)
{
    (void)state;
    static const struct {
        fl_basis basis;
        fl_severity own;
        uint32_t dist;
        fl_severity want;
    } cases[] = {
        {FL_BASIS_TVPRA, FL_SEV_HIGH, 1, FL_SEV_MEDIUM},
        {FL_BASIS_TVPRA, FL_SEV_HIGH, 2, FL_SEV_LOW},
        {FL_BASIS_TVPRA, FL_SEV_HIGH, 9, FL_SEV_LOW},
        {FL_BASIS_TVPRA, FL_SEV_LOW, 1, FL_SEV_LOW},
        {FL_BASIS_TVPRA_DOWNSTREAM, FL_SEV_MEDIUM, 1, FL_SEV_LOW},
        {FL_BASIS_EO13126, FL_SEV_CRITICAL, 2, FL_SEV_MEDIUM},
        {FL_BASIS_WRO, FL_SEV_CRITICAL, 5, FL_SEV_CRITICAL},
        {FL_BASIS_UFLPA_REGION, FL_SEV_CRITICAL, 3, FL_SEV_CRITICAL},
        {FL_BASIS_UFLPA_ENTITY, FL_SEV_HIGH, 3, FL_SEV_HIGH},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        assert_int_equal(fl_supply_step(cases[i].basis, cases[i].own, cases[i].dist),
                         cases[i].want);
}

/* Missing file and missing columns stop the run; everything else is data quality. */
static void test_load_errors(void **state)
{
    fixture *fx = *state;
    static const struct {
        const char *csv;
        fl_status want;
    } cases[] = {
        {"", FL_ERR_INPUT},
        {"name,country\nA,PT\n", FL_ERR_INPUT},
        {"Supplier ID,Supplier Name\nA,Alpha\n", FL_OK},
        {"id,company,Country of Origin,Buyers\nA,Alpha,PT,\n", FL_OK},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        fl_status st;
        fl_supply *g = load(fx, cases[i].csv, NULL, &st);
        assert_int_equal(st, cases[i].want);
        fl_supply_free(g);
    }
    fl_supply *g = NULL;
    assert_int_equal(
        fl_supply_load("/nonexistent/suppliers.csv", fx->countries, fx->names, NULL, &g),
        FL_ERR_INPUT);
    assert_null(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_graph_cases), cmocka_unit_test(test_cycle_issue_text),
        cmocka_unit_test(test_long_chain),  cmocka_unit_test(test_step),
        cmocka_unit_test(test_load_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
