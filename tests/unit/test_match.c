/* test_match.c - judging records against a fixture rule set (match.h). */
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
#include "match.h"
#include "nametab.h"
#include "region.h"
#include "rules.h"

#define ISO_JSON FLSCAN_ISO_CODES_DIR "/iso_3166-1.json"
#define ALIASES FLSCAN_SOURCE_DIR "/datasets/country_aliases.csv"

/* ---- fixture rule set, written to a temp folder ------------------------------------- */

static const struct {
    const char *name, *text;
} files[] = {
    {"ruleset.csv", "key,value\nname,match-fixture\nversion,1\n"},
    {"sources.csv", "id,title,publisher,date,url\n"
                    "dol-tvpra,List of Goods,US DOL,2022-09-28,https://www.dol.gov/list-of-goods\n"
                    "eo13126,E.O. 13126 list,US DOL,2019-03-25,https://www.dol.gov/eo13126\n"
                    "uflpa,UFLPA,DHS,2022-06-21,https://www.dhs.gov/uflpa\n"},
    {"commodities.csv",
     "id,name,hs_prefixes,description_pattern,exclude_pattern,note\n"
     "cotton,raw cotton,5201;5203,\\braw\\s+cotton\\b,,fixture\n"
     "cotton-yarn,cotton yarn,5205,\\bcotton\\s+yarn\\b|хлопков\\w*\\s+пряж,cotton\\s*candy,"
     "fixture\n"},
    {"rules-test.csv",
     "id,title,basis,countries,regions,commodities,labor,severity,valid_from,valid_to,sources,"
     "note\n"
     "TVPRA-UZ-COTTON,Uzbek cotton,TVPRA,UZ,,cotton;cotton-yarn,forced,high,2014-12-01,"
     "2022-09-27,dol-tvpra,fixture\n"
     "EO-UZ-COTTON,Uzbek cotton (E.O. 13126),EO13126,UZ,,cotton;cotton-yarn,forced+child,"
     "medium,2010-01-01,2019-03-24,eo13126,fixture\n"
     "UFLPA-XJ,Xinjiang,UFLPA-region,CN,CN-XJ,*,forced,critical,2022-06-21,,uflpa,fixture\n"},
};
#define N_FILES (sizeof files / sizeof *files)

typedef struct fixture {
    char dir[512];
    fl_ruleset *rs;
    fl_matcher *m;
} fixture;

static void file_path(const fixture *fx, const char *name, char *out, size_t cap)
{
    snprintf(out, cap, "%s/%s", fx->dir, name);
}

static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof *fx);
    fl_countries *countries = NULL;
    if (!fx || fl_countries_load(ISO_JSON, ALIASES, &countries) != FL_OK) {
        free(fx);
        return -1;
    }
    const char *tmp = getenv("TMPDIR");
    snprintf(fx->dir, sizeof fx->dir, "%s/flscan-match-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    int ok = mkdtemp(fx->dir) != NULL;
    for (size_t i = 0; ok && i < N_FILES; i++) {
        char path[768];
        file_path(fx, files[i].name, path, sizeof path);
        FILE *fp = fopen(path, "wb");
        ok = fp && fputs(files[i].text, fp) >= 0;
        if (fp && fclose(fp) != 0)
            ok = 0;
    }
    /* the countries table is needed while loading only */
    if (ok && fl_rules_load(fx->dir, countries, &fx->rs) == FL_OK)
        fx->m = fl_matcher_new(fx->rs, NULL);
    fl_countries_free(countries);
    *state = fx;
    return fx->m ? 0 : -1;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    for (size_t i = 0; i < N_FILES; i++) {
        char path[768];
        file_path(fx, files[i].name, path, sizeof path);
        unlink(path);
    }
    rmdir(fx->dir);
    fl_matcher_free(fx->m);
    fl_ruleset_free(fx->rs);
    free(fx);
    return 0;
}

/* ---- cases --------------------------------------------------------------------------- */

struct want_hit {
    const char *rule;
    fl_severity severity;
    fl_match match;
    const char *ev[3];        /* substrings the evidence must hold */
    int span_start, span_end; /* -1: no span */
};

struct test_case {
    const char *name;
    const char *date; /* ISO */
    bool as_of;
    const char *origin;
    const char *hs;
    const char *description;
    const char *region; /* NULL: none detected */
    size_t n;
    struct want_hit hits[3];
};

#define NO_SPAN -1, -1

static const struct test_case cases[] = {
    {"UZ yarn by HS in 2011: E.O. 13126 only",
     "2011-10-05",
     false,
     "UZ",
     "520512",
     "",
     NULL,
     1,
     {{"EO-UZ-COTTON",
       FL_SEV_MEDIUM,
       FL_MATCH_DIRECT,
       {"HS 520512", "2011-10-05 within 2010-01-01..2019-03-24", "-> cotton yarn (prefix 5205)"},
       NO_SPAN}}},
    {"UZ yarn by HS in 2016: both rules, file order",
     "2016-03-01",
     false,
     "UZ",
     "520512",
     "",
     NULL,
     2,
     {{"TVPRA-UZ-COTTON",
       FL_SEV_HIGH,
       FL_MATCH_DIRECT,
       {"origin 'UZ' -> UZ", "2016-03-01 within 2014-12-01..2022-09-27", NULL},
       NO_SPAN},
      {"EO-UZ-COTTON", FL_SEV_MEDIUM, FL_MATCH_DIRECT, {"HS 520512", NULL, NULL}, NO_SPAN}}},
    {"UZ yarn in 2024: no rule in force", "2024-05-01", false, "UZ", "520512", "", NULL, 0, {{0}}},
    {"raw cotton prefix",
     "2016-03-01",
     false,
     "UZ",
     "520100",
     "",
     NULL,
     2,
     {{"TVPRA-UZ-COTTON",
       FL_SEV_HIGH,
       FL_MATCH_DIRECT,
       {"raw cotton (prefix 5201)", NULL, NULL},
       NO_SPAN},
      {"EO-UZ-COTTON", FL_SEV_MEDIUM, FL_MATCH_DIRECT, {NULL}, NO_SPAN}}},
    {"first day of the TVPRA window",
     "2014-12-01",
     false,
     "UZ",
     "5205",
     "",
     NULL,
     2,
     {{"TVPRA-UZ-COTTON", FL_SEV_HIGH, FL_MATCH_DIRECT, {NULL}, NO_SPAN},
      {"EO-UZ-COTTON", FL_SEV_MEDIUM, FL_MATCH_DIRECT, {NULL}, NO_SPAN}}},
    {"day before the TVPRA window",
     "2014-11-30",
     false,
     "UZ",
     "5205",
     "",
     NULL,
     1,
     {{"EO-UZ-COTTON", FL_SEV_MEDIUM, FL_MATCH_DIRECT, {NULL}, NO_SPAN}}},
    {"last day of E.O. 13126",
     "2019-03-24",
     false,
     "UZ",
     "5205",
     "",
     NULL,
     2,
     {{"TVPRA-UZ-COTTON", FL_SEV_HIGH, FL_MATCH_DIRECT, {NULL}, NO_SPAN},
      {"EO-UZ-COTTON", FL_SEV_MEDIUM, FL_MATCH_DIRECT, {NULL}, NO_SPAN}}},
    {"day after E.O. 13126",
     "2019-03-25",
     false,
     "UZ",
     "5205",
     "",
     NULL,
     1,
     {{"TVPRA-UZ-COTTON", FL_SEV_HIGH, FL_MATCH_DIRECT, {NULL}, NO_SPAN}}},
    {"last day of TVPRA",
     "2022-09-27",
     false,
     "UZ",
     "5205",
     "",
     NULL,
     1,
     {{"TVPRA-UZ-COTTON", FL_SEV_HIGH, FL_MATCH_DIRECT, {NULL}, NO_SPAN}}},
    {"day after TVPRA", "2022-09-28", false, "UZ", "5205", "", NULL, 0, {{0}}},
    {"--as-of date said in the evidence",
     "2016-03-01",
     true,
     "UZ",
     "520512",
     "",
     NULL,
     2,
     {{"TVPRA-UZ-COTTON",
       FL_SEV_HIGH,
       FL_MATCH_DIRECT,
       {"2016-03-01 (--as-of) within", NULL},
       NO_SPAN},
      {"EO-UZ-COTTON", FL_SEV_MEDIUM, FL_MATCH_DIRECT, {"(--as-of)", NULL}, NO_SPAN}}},
    {"HS shorter than every prefix", "2016-03-01", false, "UZ", "52", "raw cotton", NULL, 0, {{0}}},
    {"code names another good: cotton candy machine",
     "2016-03-01",
     false,
     "UZ",
     "843810",
     "cotton candy machine",
     NULL,
     0,
     {{0}}},
    {"code names another good: text never overrides it",
     "2016-03-01",
     false,
     "UZ",
     "843810",
     "cotton yarn",
     NULL,
     0,
     {{0}}},
    {"description only: severity stepped down, span",
     "2016-03-01",
     false,
     "UZ",
     "",
     "100% cotton yarn, combed",
     NULL,
     2,
     {{"TVPRA-UZ-COTTON",
       FL_SEV_MEDIUM,
       FL_MATCH_DIRECT,
       {"no usable HS code; description 'cotton yarn' -> cotton yarn",
        "severity high stepped down to medium", NULL},
       5,
       16},
      {"EO-UZ-COTTON", FL_SEV_LOW, FL_MATCH_DIRECT, {"stepped down to low", NULL}, 5, 16}}},
    {"description in Russian",
     "2016-03-01",
     false,
     "UZ",
     "",
     "Хлопковая пряжа 40/1",
     NULL,
     2,
     {{"TVPRA-UZ-COTTON", FL_SEV_MEDIUM, FL_MATCH_DIRECT, {"'Хлопковая пряж'", NULL}, 0, 27},
      {"EO-UZ-COTTON", FL_SEV_LOW, FL_MATCH_DIRECT, {NULL}, 0, 27}}},
    {"description upper case",
     "2016-03-01",
     false,
     "UZ",
     "",
     "COTTON  YARN",
     NULL,
     2,
     {{"TVPRA-UZ-COTTON", FL_SEV_MEDIUM, FL_MATCH_DIRECT, {NULL}, 0, 12},
      {"EO-UZ-COTTON", FL_SEV_LOW, FL_MATCH_DIRECT, {NULL}, 0, 12}}},
    {"excluded: cotton candy",
     "2016-03-01",
     false,
     "UZ",
     "",
     "cotton yarn for cotton candy machines",
     NULL,
     0,
     {{0}}},
    {"excluded: cotton candy yarn",
     "2016-03-01",
     false,
     "UZ",
     "",
     "cotton candy yarn",
     NULL,
     0,
     {{0}}},
    {"no word boundary", "2016-03-01", false, "UZ", "", "cottonyarn", NULL, 0, {{0}}},
    {"no HS and no description", "2016-03-01", false, "UZ", "", "", NULL, 0, {{0}}},
    {"no origin", "2016-03-01", false, "", "520512", "cotton yarn", NULL, 0, {{0}}},
    {"country without rules", "2016-03-01", false, "TM", "520512", "", NULL, 0, {{0}}},
    {"Xinjiang region in 2023",
     "2023-01-01",
     false,
     "CN",
     "610910",
     "t-shirts",
     "CN-XJ",
     1,
     {{"UFLPA-XJ",
       FL_SEV_CRITICAL,
       FL_MATCH_REGION,
       {"shipper in CN-XJ: 'Urumqi' in shipper address", "all goods (610910)", "2022-06-21..open"},
       NO_SPAN}}},
    {"region without an HS code",
     "2023-01-01",
     false,
     "CN",
     "",
     "",
     "CN-XJ",
     1,
     {{"UFLPA-XJ", FL_SEV_CRITICAL, FL_MATCH_REGION, {"all goods (no HS code)", NULL}, NO_SPAN}}},
    {"region with unknown origin",
     "2023-01-01",
     false,
     "",
     "610910",
     "",
     "CN-XJ",
     1,
     {{"UFLPA-XJ", FL_SEV_CRITICAL, FL_MATCH_REGION, {NULL}, NO_SPAN}}},
    {"first day of the region rule",
     "2022-06-21",
     false,
     "CN",
     "610910",
     "",
     "CN-XJ",
     1,
     {{"UFLPA-XJ", FL_SEV_CRITICAL, FL_MATCH_REGION, {NULL}, NO_SPAN}}},
    {"region before the rule", "2022-06-20", false, "CN", "610910", "", "CN-XJ", 0, {{0}}},
    {"China without a region", "2023-01-01", false, "CN", "610910", "", NULL, 0, {{0}}},
    {"another region", "2023-01-01", false, "CN", "610910", "", "CN-XZ", 0, {{0}}},
    {"origin and region both",
     "2022-07-01",
     false,
     "UZ",
     "520512",
     "",
     "CN-XJ",
     2,
     {{"TVPRA-UZ-COTTON", FL_SEV_HIGH, FL_MATCH_DIRECT, {NULL}, NO_SPAN},
      {"UFLPA-XJ", FL_SEV_CRITICAL, FL_MATCH_REGION, {"shipper in CN-XJ", NULL}, NO_SPAN}}},
};

static fl_subject make_subject(const struct test_case *tc, fl_region_ref *region)
{
    fl_subject s;
    memset(&s, 0, sizeof s);
    s.date = fl_date_parse_iso(tc->date, strlen(tc->date));
    assert_int_not_equal(s.date, 0);
    s.date_is_as_of = tc->as_of;
    snprintf(s.origin, sizeof s.origin, "%s", tc->origin);
    s.origin_raw = fl_slice_cstr(tc->origin);
    s.hs = tc->hs;
    s.description = fl_slice_cstr(tc->description);
    if (tc->region) {
        *region = (fl_region_ref){tc->region, "Urumqi", FL_F_SHIPPER_ADDRESS, 0, 6};
        s.regions = region;
        s.n_regions = 1;
    }
    return s;
}

static void test_cases(void **state)
{
    fixture *fx = *state;
    /* one matcher for every case: per-record memos must not leak between records */
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const struct test_case *tc = &cases[i];
        fl_region_ref region;
        fl_subject s = make_subject(tc, &region);
        fl_hit hits[4];
        memset(hits, 0, sizeof hits);
        print_message("case: %s\n", tc->name);
        size_t n = fl_match_subject(fx->m, &s, hits, 4);
        assert_int_equal(n, tc->n);
        for (size_t h = 0; h < n; h++) {
            const struct want_hit *w = &tc->hits[h];
            print_message("  hit %zu: %s\n", h, hits[h].evidence);
            assert_string_equal(fx->rs->rules[hits[h].rule].id, w->rule);
            assert_int_equal(hits[h].severity, w->severity);
            assert_int_equal(hits[h].match, w->match);
            for (size_t e = 0; e < 3 && w->ev[e]; e++)
                assert_non_null(strstr(hits[h].evidence, w->ev[e]));
            if (hits[h].match == FL_MATCH_REGION) {
                /* a region hit points at the place in the shipper address */
                assert_int_equal(hits[h].span.field, FL_F_SHIPPER_ADDRESS);
                assert_int_equal(hits[h].span.end, 6);
            } else if (w->span_start < 0) {
                assert_int_equal(hits[h].span.field, FL_F_COUNT);
                assert_null(strstr(hits[h].evidence, "stepped down"));
            } else {
                assert_int_equal(hits[h].span.field, FL_F_DESCRIPTION);
                assert_int_equal(hits[h].span.start, w->span_start);
                assert_int_equal(hits[h].span.end, w->span_end);
            }
        }
    }
}

static void test_max_hits(void **state)
{
    fixture *fx = *state;
    const struct test_case tc = {
        "two hits, room for one", "2016-03-01", false, "UZ", "520512", "", NULL, 2, {{0}}};
    fl_region_ref region;
    fl_subject s = make_subject(&tc, &region);
    fl_hit hits[2];
    memset(hits, 0xAB, sizeof hits);
    assert_int_equal(fl_match_subject(fx->m, &s, hits, 1), 2);
    assert_string_equal(fx->rs->rules[hits[0].rule].id, "TVPRA-UZ-COTTON");
    /* nothing is written past max */
    fl_hit untouched;
    memset(&untouched, 0xAB, sizeof untouched);
    assert_memory_equal(&hits[1], &untouched, sizeof untouched);
    /* max 0: only counted */
    assert_int_equal(fl_match_subject(fx->m, &s, NULL, 0), 2);
}

/* ---- entities: the shipper's address, a qualifier's region (issue 18) ------------------ */

static const fl_hit *hit_of(const fl_ruleset *rs, const fl_hit *h, size_t n, const char *id,
                            fl_match kind)
{
    for (size_t i = 0; i < n; i++)
        if (h[i].match == kind && strcmp(rs->rules[h[i].rule].id, id) == 0)
            return &h[i];
    return NULL;
}

static void test_entities(void **state)
{
    (void)state;
    fl_countries *countries = NULL;
    assert_int_equal(fl_countries_load(ISO_JSON, ALIASES, &countries), FL_OK);
    fl_ruleset *rs = NULL;
    fl_name_tables *nt = NULL;
    fl_gazetteer *g = NULL;
    fl_entity_index *ix = NULL;
    assert_int_equal(fl_rules_load(FLSCAN_SOURCE_DIR "/rules", countries, &rs), FL_OK);
    fl_countries_free(countries);
    assert_int_equal(fl_nametab_load(FLSCAN_SOURCE_DIR "/datasets/names", &nt), FL_OK);
    assert_int_equal(fl_gazetteer_load(FLSCAN_SOURCE_DIR "/datasets/regions.csv", NULL, NULL, &g),
                     FL_OK);
    fl_entity_opts o = FL_ENTITY_OPTS_DEFAULT;
    o.places = g;
    assert_int_equal(fl_entity_index_new(rs, nt, &o, &ix), FL_OK);
    fl_matcher *m = fl_matcher_new(rs, ix);
    assert_non_null(m);

    fl_subject s;
    memset(&s, 0, sizeof s);
    s.date = fl_date_parse_iso("2024-06-01", 10);
    memcpy(s.origin, "MY", 3);
    s.origin_raw = fl_slice_cstr("MY");
    s.hs = "280469";
    s.shipper = fl_slice_cstr("HOSHINE SILICON INDUSTRY (SHANSHAN) CO LTD");
    fl_hit h[32];
    size_t n = fl_match_subject(m, &s, h, 32);
    /* the bracketed place of the matched name places the shipper in Xinjiang */
    const fl_hit *r = hit_of(rs, h, n, "uflpa-region-cn-xj-2022-06-21", FL_MATCH_REGION);
    assert_non_null(r);
    assert_non_null(strstr(r ? r->evidence : "", "'Shanshan' in shipper name (qualifier of listed "));
    assert_int_equal(r->span.field, FL_F_SHIPPER);
    assert_int_equal(r->span.start, 26); /* "SHANSHAN" */
    assert_int_equal(r->span.end, 34);
    const fl_hit *e = hit_of(rs, h, n, "wro-2021-06-24-hoshine-silicon-industry-co-ltd",
                             FL_MATCH_ENTITY);
    assert_non_null(e);
    assert_int_equal(e->severity, FL_SEV_CRITICAL);
    assert_non_null(strstr(e->evidence, "possible transshipment (third-country shipping)"));
    /* a name without a qualifier gives no region */
    s.shipper = fl_slice_cstr("HOSHINE SILICON INDUSTRY CO LTD");
    n = fl_match_subject(m, &s, h, 32);
    assert_null(hit_of(rs, h, n, "uflpa-region-cn-xj-2022-06-21", FL_MATCH_REGION));

    /* the listed industrial park in the shipper's address */
    memcpy(s.origin, "CN", 3);
    s.origin_raw = fl_slice_cstr("CN");
    s.hs = "670420";
    s.shipper = fl_slice_cstr("Hotan Xinmei Hair Products Co.");
    n = fl_match_subject(m, &s, h, 32);
    const char *park = "wro-2020-09-14-lop-county-hair-product-industrial-park";
    assert_null(hit_of(rs, h, n, park, FL_MATCH_ENTITY));
    s.shipper_address = fl_slice_cstr("Building 3, Lop County Hair Product Industrial Park, Hotan");
    for (int round = 0; round < 2; round++) { /* the second from the cache */
        n = fl_match_subject(m, &s, h, 32);
        e = hit_of(rs, h, n, park, FL_MATCH_ENTITY);
        assert_non_null(e);
        assert_int_equal(e->span.field, FL_F_SHIPPER_ADDRESS);
        assert_non_null(strstr(e->evidence, "address: "));
    }
    /* found by its part alone: the whole of a long address names more than the park, and one
       past the name screen's length is not screened whole; twice, the second from the cache */
    static const char *const longer[] = {
        "Building 3, Lop County Hair Product Industrial Park, No. 88 Jiefang South Road, "
        "Economic and Technological Development Zone, Hotan Prefecture, Xinjiang Uygur "
        "Autonomous Region 848000, People's Republic of China",
        "Warehouse 12, Gate 4, Lop County Hair Product Industrial Park, Hotan, Xinjiang, China. "
        "Deliveries by appointment only; contact the logistics office at the east gate before "
        "arrival; loading dock hours are 08:00 to 17:00 Monday to Saturday; trucks longer than "
        "twelve metres use the north entrance; please quote the purchase order on every "
        "document; this address is the registered office and the production site of the "
        "company and its branches; samples and returns go to the same gate, marked with the "
        "return authorisation number, the sender's name and the date of dispatch, in Chinese "
        "or in English, or in both.",
    };
    for (size_t i = 0; i < sizeof longer / sizeof *longer; i++)
        for (int round = 0; round < 2; round++) {
            assert_true(i == 0 || strlen(longer[i]) > 600); /* FL_NAME_MAX_INPUT */
            s.shipper_address = fl_slice_cstr(longer[i]);
            n = fl_match_subject(m, &s, h, 32);
            e = hit_of(rs, h, n, park, FL_MATCH_ENTITY);
            if (!e)
                fail_msg("address %zu, round %d: the park is not found", i, round);
            assert_non_null(strstr(e->evidence, "'Lop County Hair Product Industrial Park'"));
        }
    fl_matcher_free(m);
    fl_entity_index_free(ix);
    fl_gazetteer_free(g);
    fl_nametab_free(nt);
    fl_ruleset_free(rs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cases),
        cmocka_unit_test(test_max_hits),
        cmocka_unit_test(test_entities),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
