/*
 * test_entity.c - listed-entity screening (entity.h).
 *
 * Unit cases run against the fixture tests/unit/data/entities-rules/ (part of the entity
 * list with Chinese names added as aliases). The labelled set tests/data/entity_names.csv
 * is scored against the fixture and against the shipped rules/ folder when it loads; the
 * test prints precision and recall and requires no match-level hit on traps and near misses
 * and a recall of at least 0.95 (a true row counts as found when the expected entity is
 * reported, as a hit or a possible match).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "country.h"
#include "entity.h"
#include "names.h"
#include "nametab.h"
#include "region.h"
#include "rules.h"
#include "table.h"

#define FIXTURE_DIR FLSCAN_SOURCE_DIR "/tests/unit/data/entities-rules"
#define REAL_DIR FLSCAN_SOURCE_DIR "/rules"
#define LABELS FLSCAN_SOURCE_DIR "/tests/data/entity_names.csv"

static fl_countries *countries;
static fl_ruleset *fixture;
static fl_entity_index *fixture_ix;
static fl_name_tables *names;

static int setup(void **state)
{
    (void)state;
    if (fl_countries_load(FLSCAN_ISO_CODES_DIR "/iso_3166-1.json",
                          FLSCAN_SOURCE_DIR "/datasets/country_aliases.csv", &countries) != FL_OK)
        return -1;
    if (fl_rules_load(FIXTURE_DIR, countries, &fixture) != FL_OK ||
        fl_nametab_load(FLSCAN_SOURCE_DIR "/datasets/names", &names) != FL_OK)
        return -1;
    return fl_entity_index_new(fixture, names, NULL, &fixture_ix) == FL_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    fl_entity_index_free(fixture_ix);
    fl_nametab_free(names);
    fl_ruleset_free(fixture);
    fl_countries_free(countries);
    return 0;
}

/* ---- table-driven cases on the fixture ---------------------------------------------- */

enum level { NONE, POSSIBLE, HIT };

struct screen_case {
    const char *name;
    const char *country;
    const char *entity; /* listed name expected first; NULL: nothing reaches review */
    enum level level;   /* level of that hit */
};

static const struct screen_case cases[] = {
    /* must match */
    {"HOSHINE SILICON INDUSTRY (SHANSHAN) CO LTD", "CN", "Hoshine Silicon Industry Co. Ltd.", HIT},
    {"Hoshine Silicon Ind. Co., Ltd.", "", "Hoshine Silicon Industry Co. Ltd.", HIT},
    {"HOSHINESILICON INDUSTRY CO LTD", "", "Hoshine Silicon Industry Co. Ltd.", HIT},
    {"XINJIANG ZHONGTAI CHEMICAL CO LTD", "", "Xinjiang Zhongtai Chemical Co., Ltd.", HIT},
    {"XINJIANG ZHONG TAI CHEMICAL CO LTD", "CN", "Xinjiang Zhongtai Chemical Co., Ltd.", HIT},
    {"Xinjiang Daqo New Energy Co., Ltd", "", "Xinjiang Daqo New Energy Co., Ltd.", HIT},
    {"XINJIANG GREAT NEW ENERGY CO LTD", "", "Xinjiang Daqo New Energy Co., Ltd.", HIT},
    {"新疆中泰化学股份有限公司", "", "Xinjiang Zhongtai Chemical Co., Ltd.", HIT},
    {"东方希望有色金属有限公司", "CN", "Xinjiang East Hope Nonferrous Metals Co., Ltd.", HIT},
    {"合盛硅业（鄯善）有限公司", "", "Hoshine Silicon Industry Co. Ltd.", HIT},
    {"骆驼集团股份有限公司", "", "Camel Group Co., Ltd.", HIT},
    {"ABC LOGISTICS AS AGENT FOR XINJIANG DAQO NEW ENERGY CO LTD", "",
     "Xinjiang Daqo New Energy Co., Ltd.", HIT},
    {"XINJIANG DAQO NEW ENERGY CO LTD C/O ABC FORWARDING", "", "Xinjiang Daqo New Energy Co., Ltd.",
     HIT},
    {"XPCC", "", "Xinjiang Production and Construction Corps", HIT},
    {"XINJIANG NONFERROUS METALS INDUSTRY GROUP IMPORT EXPORT CO", "CN",
     "Xinjiang Nonferrous Metals Industry Group Co., Ltd.", HIT}, /* whole listed name inside */
    {"XINJIANG ENERGY CO LTD", "CN", "Xinjiang Energy", HIT},     /* trade words only: exact */
    {"Agropecuarios Tom SA de CV", "MX", "Agropecuarios Tom S.A. de C.V.", HIT},
    {"HOTAN HAOLIN HAIR ACCESSORIES CO LTD", "", "Hetian Haolin Hair Accessories Co. Ltd.", HIT},
    {"XINJIANG ZHONGTIA CHEMICAL CO LTD", "CN", "Xinjiang Zhongtai Chemical Co., Ltd.", HIT},
    /* possible matches */
    {"CAMEL CO LTD", "CN", "Camel Group Co., Ltd.", POSSIBLE},
    {"HOSHINO SILICON INDUSTRY CO LTD", "CN", "Hoshine Silicon Industry Co. Ltd.", POSSIBLE},
    /* the listed name without its province, in the entity's country, nothing else: its short
       name (中泰化学); a possible match before issue 18 */
    {"ZHONGTAI CHEMICAL CO LTD", "CN", "Xinjiang Zhongtai Chemical Co., Ltd.", HIT},
    {"DA WANG FOODS LLC", "", "Da Wang", POSSIBLE},
    {"GX TRADING", "", "GX Corporation Sdn Bhd", POSSIBLE},
    /* must not match */
    {"Hoshino Trading Co Ltd", "", NULL, NONE},
    {"Zhong Tai Logistics GmbH", "DE", NULL, NONE},
    {"Silicon Industry Co Ltd", "", NULL, NONE},
    {"SHANDONG ZHONGTAI CHEMICAL CO LTD", "CN", NULL, NONE},
    {"XINJIANG COTTON TRADING CO LTD", "CN", NULL, NONE},
    {"DAQO NEW ENERGY CORP", "US", NULL, NONE},
    {"中泰物流有限公司", "CN", NULL, NONE},
    {"东方希望集团有限公司", "CN", NULL, NONE}, /* the parent group is not listed */
    {"新疆棉花贸易有限公司", "CN", NULL, NONE},
    {"ООО «Хошино Трейдинг»", "RU", NULL, NONE},
    {"CO LTD", "", NULL, NONE},
    {"", "", NULL, NONE},
};

static const char *listed(size_t rule)
{
    return fixture->rules[rule].names[0];
}

static void test_cases(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct screen_case *c = &cases[i];
        fl_entity_hit h[8];
        size_t n = fl_entity_screen(fixture_ix, c->name, strlen(c->name), c->country, h, 8);
        if (!c->entity) {
            if (n)
                fail_msg("case %zu '%s': want no hit, got %.2f %s", i, c->name, h[0].score,
                         h[0].evidence);
            continue;
        }
        if (!n)
            fail_msg("case %zu '%s': want '%s', got nothing", i, c->name, c->entity);
        if (strcmp(listed(h[0].rule), c->entity) != 0)
            fail_msg("case %zu '%s': want '%s', got '%s' (%s)", i, c->name, c->entity,
                     listed(h[0].rule), h[0].evidence);
        enum level got = h[0].possible ? POSSIBLE : HIT;
        if (got != c->level)
            fail_msg("case %zu '%s': want %s, got %.2f: %s", i, c->name,
                     c->level == HIT ? "a hit" : "a possible match", h[0].score, h[0].evidence);
        assert_true(h[0].score >= 0.75 && h[0].score <= 1.0);
        assert_true(h[0].possible == (h[0].score < 0.90));
    }
}

/* A name the screen can match in no country is known as such by the name alone. */
static void test_may_match(void **state)
{
    (void)state;
    static const char *const more[] = {
        "Keybrook Retail, Corp.", "Arneses del Norte Fresh Produce SAPI de CV",
        "Hsin Yuan Cycle Components Corp", "Silverstone Computing LLC", "TRADING CO LTD",
        "XINJIANG", "HOSHINE", "ZHONGTAI", "Camel", "\xff\xfe bad UTF-8",
    };
    static const char *const countries_tried[] = {"", "CN", "US", "DE", "MX", "RU"};
    size_t n_cases = sizeof cases / sizeof *cases, quiet = 0;
    for (size_t i = 0; i < n_cases + sizeof more / sizeof *more; i++) {
        const char *name = i < n_cases ? cases[i].name : more[i - n_cases];
        bool may = fl_entity_may_match(fixture_ix, name, strlen(name));
        if (i < n_cases && cases[i].entity && !may)
            fail_msg("'%s' matches '%s' but may_match says no", name, cases[i].entity);
        quiet += !may;
        for (size_t c = 0; c < sizeof countries_tried / sizeof *countries_tried && !may; c++) {
            fl_entity_hit h[8];
            size_t n = fl_entity_screen(fixture_ix, name, strlen(name), countries_tried[c], h, 8);
            if (n)
                fail_msg("'%s' (%s): may_match says no, the screen gives %zu", name,
                         countries_tried[c], n);
        }
    }
    assert_true(quiet >= 5); /* the test tries both answers */
    assert_false(fl_entity_may_match(NULL, "HOSHINE", 7));
}

/*
 * The screen's look-ups of a long query (a whole address) are cut short where no listed
 * token or key can begin (entity.c): a listed name of three words or more written inside a
 * longer text, and a listed token written as words apart, must still open candidates,
 * wherever they stand.
 */
static void test_inside_long_text(void **state)
{
    (void)state;
    static const char *const around[][2] = {
        {"", " IMPORT EXPORT CO"},
        {"ROOM 5 BUILDING 7 NO 88 JIANGNAN ROAD ", ""},
        {"PLOT 4 SECTOR 9 BLOCK C UNIT 12 FLOOR 3 ", " EAST GATE HALL 2 DOCK 7"},
    };
    size_t tried = 0;
    const size_t *idx = NULL;
    size_t ne = fl_rules_entities(fixture, &idx);
    for (size_t i = 0; i < ne; i++)
        for (size_t k = 0; k < fixture->rules[idx[i]].n_names; k++) {
            const char *name = fixture->rules[idx[i]].names[k];
            fl_name nm;
            if (fl_name_parse(names, name, strlen(name), NULL, &nm) != FL_OK)
                continue;
            size_t words = 0;
            for (const char *w = nm.key; *w; w++)
                words += w == nm.key || w[-1] == ' ';
            if (words < 3 || strchr(name, ',') || strchr(name, '('))
                continue;
            for (size_t a = 0; a < sizeof around / sizeof *around; a++) {
                char text[512];
                snprintf(text, sizeof text, "%s%s%s", around[a][0], name, around[a][1]);
                if (!fl_entity_may_match(fixture_ix, text, strlen(text)))
                    fail_msg("'%s' holds the listed name '%s' but may_match says no", text, name);
                tried++;
            }
        }
    assert_true(tried >= 15);
    static const char *const apart[] = {
        "XINJIANG ZHONG TAI CHEMICAL CO LTD",
        "NO 12 INDUSTRIAL PARK ROAD XINJIANG ZHONG TAI CHEMICAL CO LTD URUMQI",
    };
    for (size_t i = 0; i < sizeof apart / sizeof *apart; i++) {
        fl_entity_hit h[8];
        size_t n = fl_entity_screen(fixture_ix, apart[i], strlen(apart[i]), "CN", h, 8);
        assert_true(n >= 1);
        assert_string_equal(listed(h[0].rule), "Xinjiang Zhongtai Chemical Co., Ltd.");
    }
}

static void test_evidence(void **state)
{
    (void)state;
    fl_entity_hit h[4];
    const char *s = "HOSHINE SILICON INDUSTRY (SHANSHAN) CO LTD";
    size_t n = fl_entity_screen(fixture_ix, s, strlen(s), "CN", h, 4);
    assert_int_equal(n, 1);
    const char *want[] = {"entry 'Hoshine Silicon Industry Co. Ltd.' (WRO)",
                          "'hoshine'='hoshine' ",
                          "'silicon'='silicon' ",
                          "legal form 'co ltd'='co ltd' +0.02",
                          "country CN=CN +0.05",
                          "score 1.00 >= 0.90"};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        if (!strstr(h[0].evidence, want[i]))
            fail_msg("evidence '%s' lacks '%s'", h[0].evidence, want[i]);

    s = "XINJIANG GREAT NEW ENERGY CO LTD";
    n = fl_entity_screen(fixture_ix, s, strlen(s), "", h, 4);
    assert_int_equal(n, 1);
    assert_int_equal(h[0].name_index, 1);
    assert_non_null(strstr(h[0].evidence, "alias 'Xinjiang Great New Energy Co., Ltd.' of "
                                          "'Xinjiang Daqo New Energy Co., Ltd.' (UFLPA-entity)"));
    assert_non_null(strstr(h[0].evidence, "exact name match"));

    s = "ABC LOGISTICS AS AGENT FOR XINJIANG DAQO NEW ENERGY CO LTD";
    n = fl_entity_screen(fixture_ix, s, strlen(s), "", h, 4);
    assert_int_equal(n, 1);
    assert_non_null(
        strstr(h[0].evidence, "principal 'XINJIANG DAQO NEW ENERGY CO LTD' (as agent for)"));

    s = "CAMEL CO LTD";
    n = fl_entity_screen(fixture_ix, s, strlen(s), "CN", h, 4);
    assert_int_equal(n, 1);
    assert_true(h[0].possible);
    assert_non_null(strstr(h[0].evidence, "'grp' missing"));
    assert_non_null(strstr(h[0].evidence, "(possible match)"));

    s = "Zhong Tai Chemical Co Ltd";
    n = fl_entity_screen(fixture_ix, s, strlen(s), "DE", h, 4);
    for (size_t i = 0; i < n; i++)
        assert_true(h[i].possible);

    /* a long name: the evidence is cut, the score part stays */
    char big[FL_NAME_MAX_INPUT];
    snprintf(big, sizeof big, "%s",
             "XINJIANG DA QO NEW ENERGY AAAAAAA BBBBBBB CCCCCCC DDDDDDD "
             "EEEEEEE FFFFFFF GGGGGGG HHHHHHH IIIIIII JJJJJJJ KKKKKKK LLLLLLL MMMMMMM NNNNNNN "
             "OOOOOOO PPPPPPP QQQQQQQ RRRRRRR SSSSSSS TTTTTTT UUUUUUU VVVVVVV WWWWWWW");
    n = fl_entity_screen(fixture_ix, big, strlen(big), "CN", h, 4);
    for (size_t i = 0; i < n && i < 4; i++) {
        assert_true(strlen(h[i].evidence) < sizeof h[i].evidence);
        assert_non_null(strstr(h[i].evidence, "score "));
    }
}

/* One hit per rule, best score first, then rule order; the count may exceed max. */
static void test_order_and_max(void **state)
{
    (void)state;
    fl_entity_hit h[8];
    const char *s = "TOP GLOVE CORPORATION BHD";
    size_t n = fl_entity_screen(fixture_ix, s, strlen(s), "MY", h, 8);
    assert_true(n >= 2);
    for (size_t i = 1; i < n && i < 8; i++) {
        assert_true(h[i - 1].score >= h[i].score);
        if (h[i - 1].score == h[i].score)
            assert_true(h[i - 1].rule < h[i].rule);
        for (size_t k = 0; k < i; k++)
            assert_true(h[k].rule != h[i].rule);
    }
    fl_entity_hit one[1];
    assert_int_equal(fl_entity_screen(fixture_ix, s, strlen(s), "MY", one, 1), n);
    assert_int_equal(one[0].rule, h[0].rule);
    assert_int_equal(fl_entity_screen(fixture_ix, s, strlen(s), "MY", NULL, 0), n);
}

static void test_options(void **state)
{
    (void)state;
    fl_entity_index *ix = NULL;
    fl_entity_opts bad = {0.70, 0.80};
    assert_int_equal(fl_entity_index_new(fixture, names, &bad, &ix), FL_ERR_USAGE);
    assert_null(ix);
    fl_entity_opts bad2 = {1.5, 0.8};
    assert_int_equal(fl_entity_index_new(fixture, names, &bad2, &ix), FL_ERR_USAGE);

    fl_entity_opts strict = {0.95, 0.85};
    assert_int_equal(fl_entity_index_new(fixture, names, &strict, &ix), FL_OK);
    fl_entity_hit h[4];
    const char *s = "CAMEL CO LTD"; /* 0.84 with the defaults */
    assert_int_equal(fl_entity_screen(ix, s, strlen(s), "CN", h, 4), 0);
    s = "XINJIANG ZHONGTAI CHEMICAL CO LTD";
    assert_int_equal(fl_entity_screen(ix, s, strlen(s), "", h, 4), 1);
    assert_false(h[0].possible);
    assert_non_null(strstr(h[0].evidence, ">= 0.95"));
    fl_entity_index_free(ix);

    /* no rule set, or one without entities: an empty index */
    assert_int_equal(fl_entity_index_new(NULL, names, NULL, &ix), FL_OK);
    assert_int_equal(fl_entity_index_names(ix), 0);
    assert_int_equal(fl_entity_screen(ix, s, strlen(s), "", h, 4), 0);
    fl_entity_index_free(ix);
    fl_entity_index_free(NULL);
    assert_int_equal(fl_entity_screen(NULL, s, strlen(s), "", h, 4), 0);
    assert_true(fl_entity_index_names(fixture_ix) > 100);
}

static void test_bad_text(void **state)
{
    (void)state;
    fl_entity_hit h[4];
    assert_int_equal(fl_entity_screen(fixture_ix, "XPCC\xff", 5, "", h, 4), 0);
    assert_int_equal(fl_entity_screen(fixture_ix, NULL, 0, NULL, h, 4), 0);
    /* not NUL-terminated: only len bytes are read */
    char buf[8] = {'X', 'P', 'C', 'C', 'Z', 'Z', 'Z', 'Z'};
    size_t n = fl_entity_screen(fixture_ix, buf, 4, "", h, 4);
    assert_true(n >= 1);
    assert_string_equal(listed(h[0].rule), "Xinjiang Production and Construction Corps");
}

/*
 * Every alias of entities.csv reaches the rule set (rules.c): the Daqo row lists four
 * aliases separated by '|', so its rule has five names.
 */
static void test_all_aliases_loaded(void **state)
{
    (void)state;
    size_t r = fl_rules_find(fixture, "uflpa-xinjiang-daqo-new-energy-co-ltd");
    assert_true(r != SIZE_MAX);
    if (fixture->rules[r].n_names != 5)
        fail_msg("rule '%s' has %zu names, want 5 (listed name and 4 aliases): the loader "
                 "keeps only the first alias; rules.c sizes the names array with count_items(), "
                 "which counts ';', while aliases are separated by '|'",
                 fixture->rules[r].id, fixture->rules[r].n_names);
}

/* ---- concurrent use of one index ---------------------------------------------------- */

struct thread_arg {
    double sum;
    size_t hits;
};

static void *screen_all(void *p)
{
    struct thread_arg *a = p;
    for (int round = 0; round < 20; round++)
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
            fl_entity_hit h[4];
            size_t n = fl_entity_screen(fixture_ix, cases[i].name, strlen(cases[i].name),
                                        cases[i].country, h, 4);
            a->hits += n;
            for (size_t k = 0; k < n && k < 4; k++)
                a->sum += h[k].score;
        }
    return NULL;
}

static void test_threads(void **state)
{
    (void)state;
    struct thread_arg base = {0, 0}, args[4];
    screen_all(&base);
    pthread_t t[4];
    for (int i = 0; i < 4; i++) {
        args[i] = (struct thread_arg){0, 0};
        assert_int_equal(pthread_create(&t[i], NULL, screen_all, &args[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
        assert_int_equal(args[i].hits, base.hits);
        assert_true(args[i].sum == base.sum);
    }
}

/* ---- the labelled set --------------------------------------------------------------- */

typedef struct label {
    char *name, *country, *expected, *kind;
} label;

typedef struct labels {
    label *v;
    size_t n, cap;
} labels;

static fl_status on_label(const fl_table_row *row, void *ctx)
{
    labels *L = ctx;
    if (L->n == L->cap) {
        L->cap = L->cap ? L->cap * 2 : 256;
        L->v = realloc(L->v, L->cap * sizeof *L->v);
        if (!L->v)
            return FL_ERR_NOMEM;
    }
    label *l = &L->v[L->n++];
    l->name = strndup(row->cells[0].ptr, row->cells[0].len);
    l->country = strndup(row->cells[1].ptr, row->cells[1].len);
    l->expected = strndup(row->cells[2].ptr, row->cells[2].len);
    l->kind = strndup(row->cells[3].ptr, row->cells[3].len);
    return FL_OK;
}

static void free_labels(labels *L)
{
    for (size_t i = 0; i < L->n; i++) {
        free(L->v[i].name);
        free(L->v[i].country);
        free(L->v[i].expected);
        free(L->v[i].kind);
    }
    free(L->v);
}

static void key_of(const char *s, char *out)
{
    fl_name n;
    out[0] = '\0';
    if (fl_name_parse(names, s, strlen(s), NULL, &n) == FL_OK)
        strcpy(out, n.key);
}

/* Does any name of rule r fold to key? (Several WRO rules carry one group name as an
   alias, and legal forms do not count: "Top Glove Sdn Bhd" is "Top Glove Corporation Bhd".) */
static bool rule_has_key(const fl_rule *r, const char *key)
{
    char k[FL_NAME_KEY];
    for (size_t i = 0; i < r->n_names; i++) {
        key_of(r->names[i], k);
        if (strcmp(k, key) == 0)
            return true;
    }
    return false;
}

enum script { LATIN = 1, CYRILLIC = 2, CJK = 4 };

static unsigned scripts(const char *s)
{
    unsigned m = 0;
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; u[i]; i++) {
        if ((u[i] >= 'A' && u[i] <= 'Z') || (u[i] >= 'a' && u[i] <= 'z'))
            m |= LATIN;
        else if (u[i] == 0xD0 || u[i] == 0xD1)
            m |= CYRILLIC;
        else if (u[i] >= 0xE2 && u[i] <= 0xED)
            m |= CJK;
    }
    return m;
}

struct tally {
    size_t rows_true, skipped, found, found_match;
    size_t hits_match, correct_match, hits_review, correct_review;
    size_t fp_match_traps; /* match-level hits on trap and near rows */
};

static void evaluate(const char *what, const fl_ruleset *rs, const fl_entity_index *ix,
                     const labels *L, struct tally *t)
{
    const size_t *idx;
    size_t ne = fl_rules_entities(rs, &idx);
    memset(t, 0, sizeof *t);
    for (size_t i = 0; i < L->n; i++) {
        const label *l = &L->v[i];
        bool is_true = strcmp(l->kind, "true") == 0;
        char want[FL_NAME_KEY] = "";
        if (is_true) {
            t->rows_true++;
            key_of(l->expected, want);
            /* skip rows this rule set cannot match: entity absent, or the row is written in
               a script none of the entity's names uses (no transliteration) */
            bool present = false;
            unsigned have = 0;
            for (size_t k = 0; k < ne; k++)
                if (rule_has_key(&rs->rules[idx[k]], want)) {
                    present = true;
                    for (size_t m = 0; m < rs->rules[idx[k]].n_names; m++)
                        have |= scripts(rs->rules[idx[k]].names[m]);
                }
            unsigned need = scripts(l->name);
            if (!present || (!(need & LATIN) && !(need & have))) {
                t->skipped++;
                continue;
            }
        }
        fl_entity_hit h[16];
        size_t n = fl_entity_screen(ix, l->name, strlen(l->name), l->country, h, 16);
        bool found = false, found_match = false;
        for (size_t k = 0; k < n && k < 16; k++) {
            bool ok = is_true && rule_has_key(&rs->rules[h[k].rule], want);
            t->hits_review++;
            t->correct_review += ok;
            found = found || ok;
            if (!h[k].possible) {
                t->hits_match++;
                t->correct_match += ok;
                found_match = found_match || ok;
                if (!is_true) {
                    t->fp_match_traps++;
                    printf("  %s: %s '%s' (%s) matched: %s\n", what, l->kind, l->name, l->country,
                           h[k].evidence);
                } else if (!ok) {
                    printf("  %s: '%s' also matched: %s\n", what, l->name, h[k].evidence);
                }
            }
        }
        if (is_true) {
            t->found += found;
            t->found_match += found_match;
            if (!found)
                printf("  %s: missed '%s' (%s), expected '%s'%s\n", what, l->name, l->country,
                       l->expected, n ? "; reported another entity" : "");
        }
    }
    size_t judged = t->rows_true - t->skipped;
    printf("%s: %zu entity names; %zu labelled rows, %zu true (%zu skipped: entity or script "
           "not in this rule set)\n",
           what, fl_entity_index_names(ix), L->n, t->rows_true, t->skipped);
    printf("%s: recall %.3f (%zu/%zu found), %.3f as hits; precision %.3f at match (%zu/%zu), "
           "%.3f at review (%zu/%zu); %zu match-level hits on traps and near misses\n",
           what, judged ? (double)t->found / (double)judged : 1.0, t->found, judged,
           judged ? (double)t->found_match / (double)judged : 1.0,
           t->hits_match ? (double)t->correct_match / (double)t->hits_match : 1.0,
           t->correct_match, t->hits_match,
           t->hits_review ? (double)t->correct_review / (double)t->hits_review : 1.0,
           t->correct_review, t->hits_review, t->fp_match_traps);
}

static void check(const struct tally *t)
{
    size_t judged = t->rows_true - t->skipped;
    assert_int_equal(t->fp_match_traps, 0);
    assert_true(judged > 0);
    assert_true((double)t->found / (double)judged >= 0.95);
}

static void test_labelled_set(void **state)
{
    (void)state;
    labels L = {NULL, 0, 0};
    static const char *const cols[] = {"name", "country", "expected_entity", "kind", "note"};
    assert_int_equal(fl_table_read(LABELS, "entity_names.csv", cols, 5, 4, on_label, &L), FL_OK);
    assert_true(L.n >= 150);
    size_t kinds[3] = {0, 0, 0};
    for (size_t i = 0; i < L.n; i++) {
        kinds[0] += strcmp(L.v[i].kind, "true") == 0;
        kinds[1] += strcmp(L.v[i].kind, "near") == 0;
        kinds[2] += strcmp(L.v[i].kind, "trap") == 0;
        bool labelled_entity = L.v[i].expected[0] != '\0';
        assert_true(labelled_entity == (strcmp(L.v[i].kind, "true") == 0));
    }
    assert_int_equal(kinds[0] + kinds[1] + kinds[2], L.n);
    printf("labelled set: %zu rows (%zu true, %zu near, %zu trap)\n", L.n, kinds[0], kinds[1],
           kinds[2]);

    struct tally t;
    evaluate("fixture", fixture, fixture_ix, &L, &t);
    check(&t);

    fl_ruleset *real = NULL;
    if (fl_rules_load(REAL_DIR, countries, &real) == FL_OK) {
        const size_t *idx;
        if (fl_rules_entities(real, &idx) > 0) {
            fl_entity_index *ix = NULL;
            assert_int_equal(fl_entity_index_new(real, names, NULL, &ix), FL_OK);
            evaluate("rules/", real, ix, &L, &t);
            check(&t);
            fl_entity_index_free(ix);
        } else {
            printf("rules/: no entity rules yet; labelled set checked against the fixture only\n");
        }
        fl_ruleset_free(real);
    } else {
        printf("rules/: does not load; labelled set checked against the fixture only\n");
    }
    free_labels(&L);
}

/* ---- evasion patterns on the shipped rules (issue 18) ----------------------------------- */

struct pattern_case {
    const char *name, *country;
    const char *rule;     /* id of a rule expected among the hits */
    enum level level;     /* its level */
    unsigned pattern;     /* FL_EPAT_* bits its hit must have */
    const char *evidence; /* a phrase its evidence must hold */
};

static const struct pattern_case pattern_cases[] = {
    {"Hoshine Silicon Industry Co., Ltd.", "MY", "wro-2021-06-24-hoshine-silicon-industry-co-ltd",
     HIT, FL_EPAT_TRANSSHIP, "possible transshipment (third-country shipping)"},
    {"Hoshine Silicon (Jiaxing) Co., Ltd.", "CN", "wro-2021-06-24-hoshine-silicon-industry-co-ltd",
     HIT, FL_EPAT_QUALIFIER, "the listing covers subsidiaries"},
    {"Hoshine Silicon (HK) Trading Co., Limited", "HK",
     "wro-2021-06-24-hoshine-silicon-industry-co-ltd", HIT, FL_EPAT_QUALIFIER, "qualifier 'hongkong'"},
    {"Zijin Mining Group Co., Ltd. Xiamen Branch", "CN", "uflpa-zijin-mining-group-co-ltd", HIT,
     FL_EPAT_QUALIFIER, "'branch' (after the legal form)"},
    {"HOSHINE SILICON INDUSTRY (SHANSHAN) CO LTD", "MY",
     "uflpa-hoshine-silicon-industry-shanshan-co-ltd", HIT, FL_EPAT_QUALIFIER,
     "qualifier 'shanshan' is a place of CN-XJ"},
    {"Xinjiang GCL New Energy Material Technology Co., Ltd.", "CN",
     "uflpa-xinjiang-goens-energy-technology-co-ltd", HIT, FL_EPAT_FORMER,
     "former name 'Xinjiang GCL New Energy Material Technology"},
    {"Taepyung Salt Farm", "KR", "wro-2025-04-02-taepyeong-salt-farm", HIT, FL_EPAT_ALIAS,
     "alias 'Taepyung Salt Farm'"},
    {"新疆中泰化学股份有限公司", "CN", "uflpa-xinjiang-zhongtai-chemical-co-ltd", HIT,
     FL_EPAT_TRANSLIT, "transliteration (Han-Latin (pinyin)) 'xinjiang zhong tai chemical"},
    {"长虹美菱股份有限公司", "CN", "uflpa-changhong-meiling-co-ltd", HIT, FL_EPAT_TRANSLIT,
     "other readings"},
    {"Синьцзян Чжунтай Кемикал Ко., Лтд.", "KZ", "uflpa-xinjiang-zhongtai-chemical-co-ltd", HIT,
     FL_EPAT_TRANSLIT | FL_EPAT_TRANSSHIP, "Russian-Latin (BGN/PCGN)"},
    {"Хошайн Силикон Индастри Ко., Лтд.", "KZ", "wro-2021-06-24-hoshine-silicon-industry-co-ltd",
     HIT, FL_EPAT_TRANSLIT, "(sounds alike)"},
    {"XIN JIANG ZHONG TAI CHEMICAL CO LTD", "CN", "uflpa-xinjiang-zhongtai-chemical-co-ltd", HIT,
     FL_EPAT_WORDBREAK, "(words put together)"},
    {"东海晶澳太阳能科技有限公司", "CN", "uflpa-donghai-ja-solar-technology-co-ltd", HIT,
     FL_EPAT_TRANSLIT, "(initials)"},
};

/* Names that must not reach the match threshold (the traps of issue 18's labelled set). */
static const char *const pattern_traps[][2] = {
    {"Zijin County Tea Co., Ltd.", "CN"},     {"Guangzhou Hesheng Furniture Co., Ltd.", "CN"},
    {"ХОШИНО ТРЕЙДИНГ ООО", "RU"},            {"Hoshino Trading Co Ltd", "JP"},
    {"Zhong Tai Garment Factory", "CN"},      {"深圳市中泰包装材料有限公司", "CN"},
    {"Western Gold Resources Inc.", "CA"},    {"Finca Monte Grande", "CR"},
    {"合盛物流有限公司", "CN"},                {"Shanghai Tianshan Trading Co., Ltd.", "CN"},
};

static const fl_entity_hit *find_rule(const fl_ruleset *rs, const fl_entity_hit *h, size_t n,
                                      const char *id)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(rs->rules[h[i].rule].id, id) == 0)
            return &h[i];
    return NULL;
}

static void test_evasion_patterns(void **state)
{
    (void)state;
    fl_ruleset *rs = NULL;
    fl_gazetteer *g = NULL;
    fl_entity_index *ix = NULL;
    assert_int_equal(fl_rules_load(REAL_DIR, countries, &rs), FL_OK);
    assert_int_equal(fl_gazetteer_load(FLSCAN_SOURCE_DIR "/datasets/regions.csv", NULL, NULL, &g),
                     FL_OK);
    fl_entity_opts o = FL_ENTITY_OPTS_DEFAULT;
    o.places = g;
    assert_int_equal(fl_entity_index_new(rs, names, &o, &ix), FL_OK);
    for (size_t i = 0; i < sizeof pattern_cases / sizeof pattern_cases[0]; i++) {
        const struct pattern_case *c = &pattern_cases[i];
        fl_entity_hit h[8];
        size_t n = fl_entity_screen(ix, c->name, strlen(c->name), c->country, h, 8);
        const fl_entity_hit *x = find_rule(rs, h, n < 8 ? n : 8, c->rule);
        if (!x || x->possible != (c->level == POSSIBLE) || (x->patterns & c->pattern) != c->pattern ||
            !strstr(x->evidence, c->evidence))
            fail_msg("case %zu '%s' (%s): %s", i, c->name, c->country,
                     x ? x->evidence : "rule not reported");
    }
    /* the qualifier's region, with the gazetteer row's source */
    fl_entity_hit h[8];
    const char *s = "HOSHINE SILICON INDUSTRY (SHANSHAN) CO LTD";
    size_t n = fl_entity_screen(ix, s, strlen(s), "MY", h, 8);
    assert_true(n > 0);
    assert_non_null(h[0].region);
    assert_string_equal(h[0].region, "CN-XJ");
    assert_string_equal(h[0].place, "Shanshan");
    assert_true(strncmp(h[0].place_source, "https://", 8) == 0);
    for (size_t i = 0; i < sizeof pattern_traps / sizeof pattern_traps[0]; i++) {
        n = fl_entity_screen(ix, pattern_traps[i][0], strlen(pattern_traps[i][0]),
                             pattern_traps[i][1], h, 8);
        for (size_t k = 0; k < n && k < 8; k++)
            if (!h[k].possible)
                fail_msg("trap '%s' matched: %s", pattern_traps[i][0], h[k].evidence);
    }
    /* addresses: a listed name at the address, a listed address */
    s = "Building 3, Lop County Hair Product Industrial Park, Lop County, Hotan, Xinjiang, China";
    n = fl_entity_screen_address(ix, s, strlen(s), "CN", h, 8);
    const fl_entity_hit *x = find_rule(rs, h, n, "wro-2020-09-14-lop-county-hair-product-industrial-park");
    assert_non_null(x);
    assert_false(x->possible);
    assert_true(x->patterns & FL_EPAT_ADDRESS);
    assert_non_null(strstr(x->evidence, "address: "));
    s = "4-10 HARUMICHO, FUCHU, TOKYO 183-8523, JAPAN";
    n = fl_entity_screen_address(ix, s, strlen(s), "JP", h, 8);
    x = find_rule(rs, h, n, "wro-1994-06-12-fuchu-prison");
    assert_non_null(x);
    assert_non_null(strstr(x->evidence, "the shipper is at the listed address"));
    s = "No. 120 Xinjiang Road, Jing'an District, Shanghai, China";
    assert_int_equal(fl_entity_screen_address(ix, s, strlen(s), "CN", h, 8), 0);
    assert_int_equal(fl_entity_screen_address(ix, "\xff", 1, "CN", h, 8), 0);
    assert_int_equal(fl_entity_screen_address(NULL, s, strlen(s), "CN", h, 8), 0);
    fl_entity_index_free(ix);
    fl_gazetteer_free(g);
    fl_ruleset_free(rs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cases),         cmocka_unit_test(test_evidence),
        cmocka_unit_test(test_order_and_max), cmocka_unit_test(test_options),
        cmocka_unit_test(test_bad_text),      cmocka_unit_test(test_threads),
        cmocka_unit_test(test_labelled_set),  cmocka_unit_test(test_all_aliases_loaded),
        cmocka_unit_test(test_may_match),     cmocka_unit_test(test_evasion_patterns),
        cmocka_unit_test(test_inside_long_text),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
