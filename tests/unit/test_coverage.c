/* test_coverage.c - each list's official size and the rule set's hold of it (coverage.h),
   and the age and coverage warnings of a run. */
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
#include "coverage.h"
#include "rules.h"

#define ISO_JSON FLSCAN_ISO_CODES_DIR "/iso_3166-1.json"
#define ALIASES FLSCAN_SOURCE_DIR "/datasets/country_aliases.csv"

static const char *const FILES[][2] = {
    {"ruleset.csv", "key,value\nname,unit\nversion,1\ndate,2026-01-15\n"},
    {"sources.csv", "id,title,publisher,date,url\n"
                    "dol,List of Goods,DOL,2024-09-05,https://www.dol.gov/list-of-goods\n"
                    "law,A law firm,Law,2025-02,https://lawfirm.example/x\n"
                    "cbp,WRO list,CBP,2021,https://www.cbp.gov/wro\n"},
    {"commodities.csv", "id,name,hs_prefixes,description_pattern,exclude_pattern,note\n"
                        "cotton,Cotton,5201,\\bcotton\\b,,\n"
                        "cocoa,Cocoa,1801,\\bcocoa\\b,,\n"
                        "yarn,cotton yarn,5205,\\bcotton\\s+yarn\\b,,\n"
                        "gloves,Rubber Gloves,401519,\\bgloves\\b,,\n"},
    {"rules-tvpra.csv",
     "id,title,basis,countries,regions,commodities,labor,severity,valid_from,valid_to,sources,note\n"
     /* cotton counts once as a good (two countries), twice as a product */
     "t1,China cotton,TVPRA,CN,,cotton,forced,high,2014-12-01,,dol,\n"
     "t2,India cotton,TVPRA,IN,,cotton,child,medium,2014-12-01,,dol,\n"
     "t3,Ghana cocoa,TVPRA,GH,,cocoa,child,medium,2014-12-01,,dol,\n"
     /* ended before the date, and a reach row: neither counts */
     "t4,Uzbek cotton,TVPRA,UZ,,cotton,forced,high,2014-12-01,2022-09-27,dol,\n"
     "tvpra-uz-yarn-reach-2014,Uzbek yarn,TVPRA,UZ,,yarn,forced,medium,2014-12-01,,dol,\n"},
    {"rules-wro.csv",
     "id,title,basis,countries,regions,commodities,labor,severity,valid_from,valid_to,sources,note\n"
     "w1,Turkmen cotton,WRO,TM,,cotton,forced,critical,2018-05-18,,cbp,\n"},
    {"entities.csv",
     "id,name,aliases,country,regions,basis,listed_from,listed_to,commodities,sources,note\n"
     "u1,A Co.,,CN,,UFLPA-entity,2022-06-21,,*,law,\n"
     "u2,B Co.,,CN,,UFLPA-entity,2023-06-12,,*,law,\n"
     "u3,C Co.,,CN,,UFLPA-entity,2026-08-03,,*,law,\n"
     /* one order naming two producers counts once; another order on the same day once more */
     "g1,Glove One,,MY,,WRO,2021-11-04,,gloves,cbp,\n"
     "g2,Glove Two,,MY,,WRO,2021-11-04,,gloves,cbp,\n"
     "g3,Glove Three,,MY,,WRO,2021-11-04,,gloves,cbp;law,\n"},
    {"coverage.csv", "list,basis,count,unit,countries,as_of,sources,note\n"
                     "TVPRA List of Goods,TVPRA,4,goods,5,2024-09-05,dol,\n"
                     "TVPRA pairs,TVPRA,5,products,,2024-09-05,dol,\n"
                     "UFLPA Entity List,UFLPA-entity,8,entities,,2025-01-15,law,secondary\n"
                     "CBP orders,WRO,4,orders,,2022-01-01,cbp,\n"},
};

static char dir[64];
static fl_countries *C;
static fl_ruleset *RS;

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "coverage-XXXXXX"); /* in the test's working folder */
    if (!mkdtemp(dir) || fl_countries_load(ISO_JSON, ALIASES, &C) != FL_OK)
        return -1;
    for (size_t i = 0; i < sizeof FILES / sizeof *FILES; i++) {
        char path[128];
        snprintf(path, sizeof path, "%s/%s", dir, FILES[i][0]);
        FILE *fp = fopen(path, "wb");
        if (!fp)
            return -1;
        fputs(FILES[i][1], fp);
        fclose(fp);
    }
    return fl_rules_load(dir, C, &RS) == FL_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    fl_ruleset_free(RS);
    fl_countries_free(C);
    for (size_t i = 0; i < sizeof FILES / sizeof *FILES; i++) {
        char path[128];
        snprintf(path, sizeof path, "%s/%s", dir, FILES[i][0]);
        unlink(path);
    }
    rmdir(dir);
    return 0;
}

static void test_counts(void **state)
{
    (void)state;
    fl_coverage cov[8];
    assert_int_equal(fl_coverage_compute(RS, cov, 8), 4);
    static const char *const want[] = {
        "TVPRA List of Goods: 2 of 4 goods, 3 of 5 countries and areas as of 2024-09-05",
        "TVPRA pairs: 3 of 5 products as of 2024-09-05",
        "UFLPA Entity List: 2 of 8 entities as of 2025-01-15",
        "CBP orders: 3 of 4 orders as of 2022-01-01",
    };
    for (size_t i = 0; i < 4; i++) {
        char text[256];
        fl_coverage_text(&cov[i], true, text, sizeof text);
        assert_string_equal(text, want[i]);
    }
    char text[256];
    fl_coverage_text(&cov[2], false, text, sizeof text);
    assert_string_equal(text, "2 of 8 entities as of 2025-01-15");
    /* the newest source the basis's rules cite */
    assert_string_equal(cov[2].newest_source, "2025-02");
    assert_string_equal(cov[2].newest_source_id, "law");
    assert_string_equal(cov[0].newest_source, "2024-09-05");
}

static char warned[4][512];
static size_t n_warned;

static void on_warn(const char *text, void *ctx)
{
    (void)ctx;
    if (n_warned < 4)
        snprintf(warned[n_warned], sizeof warned[0], "%s", text);
    n_warned++;
}

static void test_warnings(void **state)
{
    (void)state;
    /* 2026-03-01: 45 days after the rule set's date; only UFLPA (2 of 8) is below half */
    n_warned = 0;
    assert_int_equal(fl_coverage_warnings(RS, 20260301, on_warn, NULL), 1);
    assert_string_equal(warned[0], "UFLPA Entity List: the rule set holds 2 of 8 entities as of "
                                   "2025-01-15, below 50% of the official list; records may "
                                   "match listings it lacks");
    /* 2026-07-15: 181 days */
    n_warned = 0;
    assert_int_equal(fl_coverage_warnings(RS, 20260715, on_warn, NULL), 2);
    assert_non_null(strstr(warned[0], "the rule set is dated 2026-01-15, 181 days before the "
                                      "run date (more than 180)"));
    /* 2026-07-14: 180 days is not more than 180 */
    n_warned = 0;
    assert_int_equal(fl_coverage_warnings(RS, 20260714, on_warn, NULL), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counts),
        cmocka_unit_test(test_warnings),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
