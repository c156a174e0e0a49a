/* test_rules.c - loading and validating a rule set (rules.h), from files made per case. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "country.h"
#include "rules.h"

#define ISO_JSON FLSCAN_ISO_CODES_DIR "/iso_3166-1.json"
#define ALIASES FLSCAN_SOURCE_DIR "/datasets/country_aliases.csv"

/* ---- the good rule set -------------------------------------------------------------- */

#define RULESET_CSV                                                                                \
    "key,value\n"                                                                                  \
    "name,unit-fixture\n"                                                                          \
    "version,3\n"                                                                                  \
    "date,2024-01-15\n"                                                                            \
    "description,rules for unit tests\n"

#define SOURCES_HDR "id,title,publisher,date,url\n"
#define SOURCES_CSV                                                                                \
    SOURCES_HDR                                                                                    \
    "dol-tvpra,List of Goods,\"US Department of Labor, ILAB\",2022-09-28,"                         \
    "https://www.dol.gov/agencies/ilab/reports/child-labor/list-of-goods\n"                        \
    "fr-2019,Notice of final determination,Federal Register,2019-03,"                              \
    "https://www.federalregister.gov/documents/2019/03/25/2019-05360\n"                            \
    "uflpa,Uyghur Forced Labor Prevention Act,DHS,2022,https://www.dhs.gov/uflpa\n"

#define COMMODITIES_HDR "id,name,hs_prefixes,description_pattern,exclude_pattern,note\n"
#define COMMODITIES_CSV                                                                            \
    COMMODITIES_HDR                                                                                \
    "cotton,raw cotton,5201;5203,\\braw\\s+cotton\\b,,fixture\n"                                   \
    "cotton-yarn,cotton yarn, 5205 ; 520512 ,\\bcotton\\s+yarn\\b|хлопков\\w*\\s+пряж," \
    "cotton\\s*candy,fixture\n"                                                                    \
    "tomatoes,tomatoes,0702,,,\n"

#define RULES_HDR                                                                                  \
    "id,title,basis,countries,regions,commodities,labor,severity,valid_from,valid_to,"             \
    "sources,note\n"
#define RULES_CSV                                                                                  \
    RULES_HDR                                                                                      \
    "TVPRA-UZ-COTTON,Uzbek cotton,TVPRA,UZ,,cotton;cotton-yarn,forced+child,high,"                 \
    "2014-12-01,2022-09-27,dol-tvpra,fixture\n"                                                    \
    "EO-UZ-COTTON,Uzbek cotton (E.O. 13126),EO13126,uz;Turkmenistan,,cotton-yarn;cotton,"          \
    "child,medium,2010-01-01,2019-03-24,fr-2019;dol-tvpra,fixture\n"                               \
    "UFLPA-XJ,Xinjiang,UFLPA-region,CN,CN-XJ,*,forced,critical,2022-06-21,,uflpa,fixture\n"        \
    "TVPRA-CN-TOMATOES,China tomatoes,TVPRA,CN,,tomatoes,forced,low,2021-09-30,,"                  \
    "dol-tvpra,\n"

/* One row of rules-test.csv that is good, with one column to be spoiled per case. */
#define RULE_ROW(id, basis, countries, regions, goods, labor, sev, from, to, src)                  \
    id ",title," basis "," countries "," regions "," goods "," labor "," sev "," from "," to       \
       "," src ",note\n"
#define GOOD_RULE(id)                                                                              \
    RULE_ROW(id, "TVPRA", "UZ", "", "cotton", "forced", "high", "2020-01-01", "", "dol-tvpra")

typedef struct file {
    const char *name;
    const char *text;
} file;

static const file good_files[] = {
    {"ruleset.csv", RULESET_CSV},
    {"sources.csv", SOURCES_CSV},
    {"commodities.csv", COMMODITIES_CSV},
    {"rules-test.csv", RULES_CSV},
};
#define N_GOOD (sizeof good_files / sizeof *good_files)

/* ---- temp folders ----------------------------------------------------------------- */

typedef struct fixture {
    fl_countries *countries;
    char dir[512];
} fixture;

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[768];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(text, 1, strlen(text), fp), strlen(text));
    assert_int_equal(fclose(fp), 0);
}

static void remove_file(const char *dir, const char *name)
{
    char path[768];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    unlink(path);
}

static void clear_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (e->d_name[0] != '.')
            remove_file(dir, e->d_name);
    closedir(d);
}

static void write_good(const char *dir)
{
    clear_dir(dir);
    for (size_t i = 0; i < N_GOOD; i++)
        write_file(dir, good_files[i].name, good_files[i].text);
}

static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof *fx);
    if (!fx)
        return -1;
    if (fl_countries_load(ISO_JSON, ALIASES, &fx->countries) != FL_OK) {
        free(fx);
        return -1;
    }
    const char *tmp = getenv("TMPDIR");
    snprintf(fx->dir, sizeof fx->dir, "%s/flscan-rules-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(fx->dir)) {
        fl_countries_free(fx->countries);
        free(fx);
        return -1;
    }
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    clear_dir(fx->dir);
    rmdir(fx->dir);
    fl_countries_free(fx->countries);
    free(fx);
    return 0;
}

/* ---- the good set, field by field -------------------------------------------------- */

static void test_good_set(void **state)
{
    fixture *fx = *state;
    write_good(fx->dir);
    fl_ruleset *rs = NULL;
    assert_int_equal(fl_rules_load(fx->dir, fx->countries, &rs), FL_OK);
    assert_non_null(rs);

    assert_string_equal(rs->name, "unit-fixture");
    assert_string_equal(rs->version, "3");
    assert_string_equal(rs->date, "2024-01-15");
    assert_string_equal(rs->description, "rules for unit tests");
    assert_int_equal(rs->n_files, 4);
    assert_string_equal(rs->files[0], "commodities.csv"); /* name order */
    assert_string_equal(rs->files[1], "rules-test.csv");
    assert_string_equal(rs->files[2], "ruleset.csv");
    assert_string_equal(rs->files[3], "sources.csv");

    assert_int_equal(rs->n_sources, 3);
    assert_string_equal(rs->sources[0].id, "dol-tvpra");
    assert_string_equal(rs->sources[0].publisher, "US Department of Labor, ILAB");
    assert_string_equal(rs->sources[1].date, "2019-03");
    assert_string_equal(rs->sources[2].url, "https://www.dhs.gov/uflpa");
    assert_int_equal(fl_rules_find_source(rs, "fr-2019"), 1);
    assert_int_equal(fl_rules_find_source(rs, "nope"), SIZE_MAX);

    assert_int_equal(rs->n_commodities, 3);
    const fl_commodity *cy = &rs->commodities[1];
    assert_string_equal(cy->id, "cotton-yarn");
    assert_string_equal(cy->name, "cotton yarn");
    assert_int_equal(cy->n_hs, 2);
    assert_string_equal(cy->hs_prefixes[0], "5205"); /* items are trimmed */
    assert_string_equal(cy->hs_prefixes[1], "520512");
    assert_non_null(cy->re);
    assert_non_null(cy->re_exclude);
    assert_string_equal(cy->exclude, "cotton\\s*candy");
    assert_non_null(rs->commodities[0].re);
    assert_null(rs->commodities[0].re_exclude);
    assert_string_equal(rs->commodities[0].exclude, "");
    assert_null(rs->commodities[2].re);
    assert_string_equal(rs->commodities[2].hs_prefixes[0], "0702");

    assert_int_equal(rs->n_rules, 4);
    const fl_rule *tv = &rs->rules[0];
    assert_string_equal(tv->id, "TVPRA-UZ-COTTON");
    assert_int_equal(tv->basis, FL_BASIS_TVPRA);
    assert_int_equal(tv->severity, FL_SEV_HIGH);
    assert_int_equal(tv->labor, FL_LABOR_FORCED | FL_LABOR_CHILD);
    assert_int_equal(tv->valid_from, 20141201);
    assert_int_equal(tv->valid_to, 20220927);
    assert_int_equal(tv->n_countries, 1);
    assert_string_equal(tv->countries[0], "UZ");
    assert_int_equal(tv->n_regions, 0);
    assert_false(tv->all_goods);
    assert_int_equal(tv->n_commodities, 2);
    assert_int_equal(tv->commodities[0], 0);
    assert_int_equal(tv->commodities[1], 1);
    assert_string_equal(tv->file, "rules-test.csv");
    assert_int_equal(tv->line, 2);
    assert_true(fl_rule_in_force(tv, 20141201));
    assert_true(fl_rule_in_force(tv, 20220927));
    assert_false(fl_rule_in_force(tv, 20141130));
    assert_false(fl_rule_in_force(tv, 20220928));

    const fl_rule *eo = &rs->rules[1];
    assert_int_equal(eo->basis, FL_BASIS_EO13126);
    assert_int_equal(eo->labor, FL_LABOR_CHILD);
    assert_int_equal(eo->severity, FL_SEV_MEDIUM);
    assert_int_equal(eo->n_countries, 2);
    assert_string_equal(eo->countries[0], "UZ"); /* "uz" in the file */
    assert_string_equal(eo->countries[1], "TM"); /* "Turkmenistan" in the file */
    assert_int_equal(eo->n_commodities, 2);
    assert_int_equal(eo->commodities[0], 1);
    assert_int_equal(eo->n_sources, 2);
    assert_int_equal(eo->sources[0], 1);
    assert_int_equal(eo->sources[1], 0);
    assert_int_equal(eo->line, 3);

    const fl_rule *xj = &rs->rules[2];
    assert_int_equal(xj->basis, FL_BASIS_UFLPA_REGION);
    assert_int_equal(xj->severity, FL_SEV_CRITICAL);
    assert_int_equal(xj->valid_from, 20220621);
    assert_int_equal(xj->valid_to, FL_DATE_OPEN);
    assert_true(fl_rule_in_force(xj, 29991231));
    assert_true(xj->all_goods);
    assert_int_equal(xj->n_commodities, 0);
    assert_int_equal(xj->n_regions, 1);
    assert_string_equal(xj->regions[0], "CN-XJ");

    assert_int_equal(rs->rules[3].valid_to, FL_DATE_OPEN);
    assert_string_equal(rs->rules[3].note, "");
    assert_int_equal(fl_rules_find(rs, "UFLPA-XJ"), 2);
    assert_int_equal(fl_rules_find(rs, "uflpa-xj"), SIZE_MAX);

    /* indexes: a rule with regions fires on the region only */
    const size_t *idx;
    assert_int_equal(fl_rules_for_country(rs, "UZ", &idx), 2);
    assert_int_equal(idx[0], 0);
    assert_int_equal(idx[1], 1);
    assert_int_equal(fl_rules_for_country(rs, "TM", &idx), 1);
    assert_int_equal(idx[0], 1);
    assert_int_equal(fl_rules_for_country(rs, "CN", &idx), 1);
    assert_int_equal(idx[0], 3);
    assert_int_equal(fl_rules_for_country(rs, "FR", &idx), 0);
    const char none[3] = "";
    assert_int_equal(fl_rules_for_country(rs, none, &idx), 0);
    assert_int_equal(fl_rules_for_country(rs, "uz", &idx), 0);
    assert_int_equal(fl_rules_with_regions(rs, &idx), 1);
    assert_int_equal(idx[0], 2);

    /* sha256: 64 lower-case hex digits */
    assert_int_equal(strlen(rs->sha256), 64);
    assert_int_equal(strspn(rs->sha256, "0123456789abcdef"), 64);

    fl_ruleset_free(rs);
}

/* ---- one broken thing per case ---------------------------------------------------- */

struct test_case {
    const char *name;
    file edits[2]; /* replace a file; text NULL removes it */
    fl_status want;
};

static const struct test_case cases[] = {
    /* variants that are fine */
    {"good set", {{NULL, NULL}}, FL_OK},
    {"note column is optional",
     {{"rules-test.csv",
       "id,title,basis,countries,regions,commodities,labor,severity,valid_from,valid_to,sources\n"
       "R1,t,TVPRA,UZ,,cotton,forced,high,2020-01-01,,dol-tvpra\n"}},
     FL_OK},
    {"exclude and note columns are optional",
     {{"commodities.csv", "id,name,hs_prefixes,description_pattern\ncotton,raw cotton,5201,\n"
                          "cotton-yarn,cotton yarn,5205,\ntomatoes,tomatoes,0702,\n"}},
     FL_OK},
    {"columns in another order",
     {{"sources.csv",
       "url,id,date,publisher,title\nhttps://a.example/x,dol-tvpra,2022,p,t\n"
       "https://a.example/y,fr-2019,2019,p,t\nhttps://a.example/z,uflpa,2022,p,t\n"}},
     FL_OK},
    {"second rules table", {{"rules-more.csv", RULES_HDR GOOD_RULE("R-MORE")}}, FL_OK},
    {"other csv files are hashed, not read", {{"notes.csv", "anything\n"}}, FL_OK},
    {"name lookup for countries",
     {{"rules-test.csv", RULES_HDR RULE_ROW("R1", "TVPRA", "Uzbekistan", "", "cotton", "forced",
                                            "high", "2020-01-01", "", "dol-tvpra")}},
     FL_OK},

    /* rules-*.csv */
    {"unknown country XX",
     {{"rules-test.csv", RULES_HDR RULE_ROW("R1", "TVPRA", "XX", "", "cotton", "forced", "high",
                                            "2020-01-01", "", "dol-tvpra")}},
     FL_ERR_RULES},
    {"unknown country name",
     {{"rules-test.csv", RULES_HDR RULE_ROW("R1", "TVPRA", "UZ;Atlantis", "", "cotton", "forced",
                                            "high", "2020-01-01", "", "dol-tvpra")}},
     FL_ERR_RULES},
    {"no country and no region",
     {{"rules-test.csv", RULES_HDR RULE_ROW("R1", "TVPRA", "", "", "cotton", "forced", "high",
                                            "2020-01-01", "", "dol-tvpra")}},
     FL_ERR_RULES},
    {"bad region",
     {{"rules-test.csv", RULES_HDR RULE_ROW("R1", "UFLPA-region", "CN", "Xinjiang", "*", "forced",
                                            "critical", "2022-06-21", "", "uflpa")}},
     FL_ERR_RULES},
    {"duplicate rule id",
     {{"rules-test.csv", RULES_HDR GOOD_RULE("R1") GOOD_RULE("R1")}},
     FL_ERR_RULES},
    {"duplicate rule id across tables",
     {{"rules-more.csv", RULES_HDR GOOD_RULE("TVPRA-UZ-COTTON")}},
     FL_ERR_RULES},
    {"bad rule id", {{"rules-test.csv", RULES_HDR GOOD_RULE("R 1")}}, FL_ERR_RULES},
    {"missing source",
     {{"rules-test.csv", RULES_HDR RULE_ROW("R1", "TVPRA", "UZ", "", "cotton", "forced", "high",
                                            "2020-01-01", "", "")}},
     FL_ERR_RULES},
    {"unknown source id",
     {{"rules-test.csv", RULES_HDR RULE_ROW("R1", "TVPRA", "UZ", "", "cotton", "forced", "high",
                                            "2020-01-01", "", "dol-tvpra;no-such-source")}},
     FL_ERR_RULES},
    {"unknown commodity",
     {{"rules-test.csv", RULES_HDR RULE_ROW("R1", "TVPRA", "UZ", "", "cotton;silk", "forced",
                                            "high", "2020-01-01", "", "dol-tvpra")}},
     FL_ERR_RULES},
    {"no commodity",
     {{"rules-test.csv", RULES_HDR RULE_ROW("R1", "TVPRA", "UZ", "", "", "forced", "high",
                                            "2020-01-01", "", "dol-tvpra")}},
     FL_ERR_RULES},
    {"bad valid_from",
     {{"rules-test.csv", RULES_HDR RULE_ROW("R1", "TVPRA", "UZ", "", "cotton", "forced", "high",
                                            "2020-13-01", "", "dol-tvpra")}},
     FL_ERR_RULES},
    {"empty valid_from",
     {{"rules-test.csv", RULES_HDR RULE_ROW("R1", "TVPRA", "UZ", "", "cotton", "forced", "high", "",
                                            "", "dol-tvpra")}},
     FL_ERR_RULES},
    {"valid_from not ISO",
     {{"rules-test.csv", RULES_HDR RULE_ROW("R1", "TVPRA", "UZ", "", "cotton", "forced", "high",
                                            "01/05/2020", "", "dol-tvpra")}},
     FL_ERR_RULES},
    {"bad valid_to",
     {{"rules-test.csv", RULES_HDR RULE_ROW("R1", "TVPRA", "UZ", "", "cotton", "forced", "high",
                                            "2020-01-01", "soon", "dol-tvpra")}},
     FL_ERR_RULES},
    {"valid_to before valid_from",
     {{"rules-test.csv", RULES_HDR RULE_ROW("R1", "TVPRA", "UZ", "", "cotton", "forced", "high",
                                            "2020-01-01", "2019-12-31", "dol-tvpra")}},
     FL_ERR_RULES},
    {"one-day window is fine",
     {{"rules-test.csv", RULES_HDR RULE_ROW("R1", "TVPRA", "UZ", "", "cotton", "forced", "high",
                                            "2020-01-01", "2020-01-01", "dol-tvpra")}},
     FL_OK},
    {"unknown basis",
     {{"rules-test.csv", RULES_HDR RULE_ROW("R1", "ILO", "UZ", "", "cotton", "forced", "high",
                                            "2020-01-01", "", "dol-tvpra")}},
     FL_ERR_RULES},
    {"unknown severity",
     {{"rules-test.csv", RULES_HDR RULE_ROW("R1", "TVPRA", "UZ", "", "cotton", "forced", "urgent",
                                            "2020-01-01", "", "dol-tvpra")}},
     FL_ERR_RULES},
    {"unknown labor",
     {{"rules-test.csv", RULES_HDR RULE_ROW("R1", "TVPRA", "UZ", "", "cotton", "prison", "high",
                                            "2020-01-01", "", "dol-tvpra")}},
     FL_ERR_RULES},
    {"no title",
     {{"rules-test.csv",
       RULES_HDR "R1,,TVPRA,UZ,,cotton,forced,high,2020-01-01,,dol-tvpra,note\n"}},
     FL_ERR_RULES},
    {"ragged rule row",
     {{"rules-test.csv",
       RULES_HDR "R1,title,TVPRA,UZ,,cotton,forced,high,2020-01-01,,dol-tvpra\n"}},
     FL_ERR_RULES},
    {"rules table without severity column",
     {{"rules-test.csv",
       "id,title,basis,countries,regions,commodities,labor,valid_from,valid_to,sources,note\n"
       "R1,t,TVPRA,UZ,,cotton,forced,2020-01-01,,dol-tvpra,n\n"}},
     FL_ERR_RULES},
    {"empty rules table", {{"rules-test.csv", ""}}, FL_ERR_RULES},
    {"no rules-*.csv", {{"rules-test.csv", NULL}}, FL_ERR_RULES},

    /* commodities.csv */
    {"bad HS prefix 52a",
     {{"commodities.csv", COMMODITIES_HDR
       "cotton,raw cotton,5201;52a,,,\ncotton-yarn,cotton yarn,5205,,,\ntomatoes,t,0702,,,\n"}},
     FL_ERR_RULES},
    {"HS prefix too short",
     {{"commodities.csv", COMMODITIES_HDR
       "cotton,raw cotton,5,,,\ncotton-yarn,cotton yarn,5205,,,\ntomatoes,t,0702,,,\n"}},
     FL_ERR_RULES},
    {"pattern does not compile",
     {{"commodities.csv", COMMODITIES_HDR
       "cotton,raw cotton,5201,(,,\ncotton-yarn,cotton yarn,5205,,,\ntomatoes,t,0702,,,\n"}},
     FL_ERR_RULES},
    {"exclude pattern does not compile",
     {{"commodities.csv",
       COMMODITIES_HDR "cotton,raw cotton,5201,cotton,[a-,\ncotton-yarn,cotton yarn,5205,,,\n"
                       "tomatoes,t,0702,,,\n"}},
     FL_ERR_RULES},
    {"commodity with no prefix and no pattern",
     {{"commodities.csv", COMMODITIES_HDR
       "cotton,raw cotton,,,,\ncotton-yarn,cotton yarn,5205,,,\ntomatoes,t,0702,,,\n"}},
     FL_ERR_RULES},
    {"pattern only is fine",
     {{"commodities.csv",
       COMMODITIES_HDR "cotton,raw cotton,,\\bcotton\\b,,\ncotton-yarn,cotton yarn,5205,,,\n"
                       "tomatoes,t,0702,,,\n"}},
     FL_OK},
    {"duplicate commodity id",
     {{"commodities.csv", COMMODITIES_HDR
       "cotton,raw cotton,5201,,,\ncotton,raw cotton,5203,,,\ncotton-yarn,cotton yarn,5205,,,\n"
       "tomatoes,t,0702,,,\n"}},
     FL_ERR_RULES},
    {"commodity id '*' is reserved",
     {{"commodities.csv",
       COMMODITIES_HDR "*,all,5201,,,\ncotton,raw cotton,5201,,,\ncotton-yarn,cotton yarn,5205,,,\n"
                       "tomatoes,t,0702,,,\n"}},
     FL_ERR_RULES},

    /* sources.csv */
    {"empty sources table", {{"sources.csv", SOURCES_HDR}}, FL_ERR_RULES},
    {"duplicate source id",
     {{"sources.csv", SOURCES_CSV "uflpa,again,DHS,2022,https://www.dhs.gov/uflpa\n"}},
     FL_ERR_RULES},
    {"source without an http(s) URL",
     {{"sources.csv",
       SOURCES_HDR "dol-tvpra,t,p,2022,ftp://example.org/x\nfr-2019,t,p,2019,https://a.example/y\n"
                   "uflpa,t,p,2022,https://a.example/z\n"}},
     FL_ERR_RULES},
    {"source with a bad date",
     {{"sources.csv", SOURCES_HDR
       "dol-tvpra,t,p,2022-13,https://a.example/x\nfr-2019,t,p,2019,https://a.example/y\n"
       "uflpa,t,p,2022,https://a.example/z\n"}},
     FL_ERR_RULES},
    {"source without a title",
     {{"sources.csv",
       SOURCES_HDR "dol-tvpra,,p,2022,https://a.example/x\nfr-2019,t,p,2019,https://a.example/y\n"
                   "uflpa,t,p,2022,https://a.example/z\n"}},
     FL_ERR_RULES},
    {"missing sources.csv", {{"sources.csv", NULL}}, FL_ERR_RULES},

    /* ruleset.csv */
    {"missing ruleset.csv", {{"ruleset.csv", NULL}}, FL_ERR_RULES},
    {"ruleset.csv without version", {{"ruleset.csv", "key,value\nname,x\n"}}, FL_ERR_RULES},
    {"ruleset.csv with a bad date",
     {{"ruleset.csv", "key,value\nname,x\nversion,1\n"
                      "date,2024-02-30\n"}},
     FL_ERR_RULES},
    {"ruleset.csv with only name and version",
     {{"ruleset.csv", "key,value\nname,x\n"
                      "version,1\n"}},
     FL_OK},
};

static void test_cases(void **state)
{
    fixture *fx = *state;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const struct test_case *tc = &cases[i];
        write_good(fx->dir);
        for (size_t e = 0; e < 2 && tc->edits[e].name; e++) {
            if (tc->edits[e].text)
                write_file(fx->dir, tc->edits[e].name, tc->edits[e].text);
            else
                remove_file(fx->dir, tc->edits[e].name);
        }
        print_message("case: %s\n", tc->name);
        fl_ruleset *rs = (fl_ruleset *)&rs; /* must be reset, whatever the outcome */
        fl_status st = fl_rules_load(fx->dir, fx->countries, &rs);
        assert_int_equal(st, tc->want);
        if (st == FL_OK) {
            assert_non_null(rs);
            assert_true(rs->n_rules > 0);
        } else {
            assert_null(rs);
        }
        fl_ruleset_free(rs);
    }
}

/* ---- entity tables: entities-*.csv, sources-*.csv, entity-extras*.csv ---------------- */

#define ENTITIES_HDR                                                                               \
    "id,name,aliases,country,regions,basis,listed_from,listed_to,commodities,sources,note\n"
#define EXTRAS_HDR "entity,kind,value,sources,note\n"

static const file entity_files[] = {
    {"entities.csv", ENTITIES_HDR "E-HOSHINE,Hoshine Silicon Industry Co. Ltd.,Hoshine Group,CN,"
                                  "CN-XJ,WRO,2021-06-24,,*,uflpa,fixture\n"},
    {"entities-more.csv", ENTITIES_HDR "E-GOENS,Xinjiang Goens Energy Technology Co.,,CN,CN-XJ,"
                                       "UFLPA-entity,2026-08-03,,*,more-src,fixture\n"},
    {"sources-more.csv", SOURCES_HDR "more-src,More,DHS,2026-08-03,https://www.dhs.gov/x\n"},
    {"entity-extras.csv",
     EXTRAS_HDR "E-GOENS,former,Xinjiang GCL New Energy Material Technology Co.,more-src,n\n"
                "E-HOSHINE,subsidiaries,yes,uflpa;dol-tvpra,covers subsidiaries\n"
                "E-HOSHINE,alias,合盛硅业股份有限公司,uflpa,native name\n"
                "E-HOSHINE,address,No. 1 Test Road,uflpa,\n"},
};

static void write_entities(const char *dir)
{
    write_good(dir);
    for (size_t i = 0; i < sizeof entity_files / sizeof *entity_files; i++)
        write_file(dir, entity_files[i].name, entity_files[i].text);
}

static void test_entity_tables(void **state)
{
    fixture *fx = *state;
    write_entities(fx->dir);
    fl_ruleset *rs = NULL;
    assert_int_equal(fl_rules_load(fx->dir, fx->countries, &rs), FL_OK);
    size_t h = fl_rules_find(rs, "E-HOSHINE"), g = fl_rules_find(rs, "E-GOENS");
    assert_int_not_equal(h, SIZE_MAX);
    assert_int_not_equal(g, SIZE_MAX);
    const fl_rule *rh = &rs->rules[h], *rg = &rs->rules[g];
    assert_int_equal(rh->n_names, 3); /* listed name, alias column, extras alias */
    assert_int_equal(rh->name_kinds[0], FL_NAME_LISTED);
    assert_int_equal(rh->name_kinds[1], FL_NAME_ALIAS);
    assert_string_equal(rh->names[2], "合盛硅业股份有限公司");
    assert_int_equal(rh->name_kinds[2], FL_NAME_ALIAS);
    assert_true(rh->subsidiaries);
    assert_int_equal(rh->n_addresses, 1);
    assert_string_equal(rh->addresses[0], "No. 1 Test Road");
    assert_int_equal(rg->n_names, 2);
    assert_int_equal(rg->name_kinds[1], FL_NAME_FORMER);
    assert_false(rg->subsidiaries);
    assert_int_equal(rg->n_sources, 1);
    assert_string_equal(rs->sources[rg->sources[0]].id, "more-src");
    fl_ruleset_free(rs);
    for (size_t i = 0; i < sizeof entity_files / sizeof *entity_files; i++)
        remove_file(fx->dir, entity_files[i].name);
}

static const struct {
    const char *name, *extras;
} bad_extras[] = {
    {"unknown entity", EXTRAS_HDR "E-NOPE,alias,X,uflpa,\n"},
    {"a rule that is not an entity", EXTRAS_HDR "UFLPA-XJ,alias,X,uflpa,\n"},
    {"unknown kind", EXTRAS_HDR "E-HOSHINE,nickname,X,uflpa,\n"},
    {"scope not yes", EXTRAS_HDR "E-HOSHINE,subsidiaries,no,uflpa,\n"},
    {"empty alias", EXTRAS_HDR "E-HOSHINE,alias,,uflpa,\n"},
    {"unknown source", EXTRAS_HDR "E-HOSHINE,alias,X,nope,\n"},
    {"no source", EXTRAS_HDR "E-HOSHINE,alias,X,,\n"},
    {"missing column", "entity,kind,value\nE-HOSHINE,alias,X\n"},
};

static void test_bad_entity_extras(void **state)
{
    fixture *fx = *state;
    for (size_t i = 0; i < sizeof bad_extras / sizeof *bad_extras; i++) {
        write_entities(fx->dir);
        write_file(fx->dir, "entity-extras.csv", bad_extras[i].extras);
        print_message("case: %s\n", bad_extras[i].name);
        fl_ruleset *rs = NULL;
        assert_int_equal(fl_rules_load(fx->dir, fx->countries, &rs), FL_ERR_RULES);
        assert_null(rs);
    }
    /* an entity id defined twice across entity tables */
    write_entities(fx->dir);
    write_file(fx->dir, "entities-dup.csv",
               ENTITIES_HDR "E-HOSHINE,Other,,CN,,WRO,2021-06-24,,*,uflpa,dup\n");
    fl_ruleset *rs = NULL;
    assert_int_equal(fl_rules_load(fx->dir, fx->countries, &rs), FL_ERR_RULES);
    remove_file(fx->dir, "entities-dup.csv");
    for (size_t i = 0; i < sizeof entity_files / sizeof *entity_files; i++)
        remove_file(fx->dir, entity_files[i].name);
}

static void test_no_folder(void **state)
{
    fixture *fx = *state;
    char path[600];
    snprintf(path, sizeof path, "%s/no-such-folder", fx->dir);
    fl_ruleset *rs = NULL;
    assert_int_equal(fl_rules_load(path, fx->countries, &rs), FL_ERR_INPUT);
    assert_null(rs);
}

static void load_sha(const fixture *fx, char out[65])
{
    fl_ruleset *rs = NULL;
    assert_int_equal(fl_rules_load(fx->dir, fx->countries, &rs), FL_OK);
    memcpy(out, rs->sha256, 65);
    fl_ruleset_free(rs);
}

static void test_sha256(void **state)
{
    fixture *fx = *state;
    char base[65], again[65], changed[65], renamed[65];
    write_good(fx->dir);
    load_sha(fx, base);
    load_sha(fx, again);
    assert_string_equal(base, again);

    /* one byte of one file */
    write_file(fx->dir, "sources.csv", SOURCES_CSV "\n");
    load_sha(fx, changed);
    assert_string_not_equal(base, changed);

    /* back to the original bytes: back to the original digest */
    write_file(fx->dir, "sources.csv", SOURCES_CSV);
    load_sha(fx, again);
    assert_string_equal(base, again);

    /* same bytes under another name */
    remove_file(fx->dir, "rules-test.csv");
    write_file(fx->dir, "rules-zz.csv", RULES_CSV);
    load_sha(fx, renamed);
    assert_string_not_equal(base, renamed);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_set),
        cmocka_unit_test(test_cases),
        cmocka_unit_test(test_entity_tables),
        cmocka_unit_test(test_bad_entity_extras),
        cmocka_unit_test(test_no_folder),
        cmocka_unit_test(test_sha256),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
