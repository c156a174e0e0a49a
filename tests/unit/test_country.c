/* test_country.c - ISO table, alias table and lookups (country.h). */
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

#define ISO_JSON FLSCAN_ISO_CODES_DIR "/iso_3166-1.json"
#define ALIASES FLSCAN_SOURCE_DIR "/datasets/country_aliases.csv"
#define NAMES FLSCAN_SOURCE_DIR "/tests/unit/data/country_names.txt"

static int setup(void **state)
{
    fl_countries *c = NULL;
    if (fl_countries_load(ISO_JSON, ALIASES, &c) != FL_OK)
        return -1;
    *state = c;
    return 0;
}

static int teardown(void **state)
{
    fl_countries_free(*state);
    return 0;
}

struct case_lookup {
    const char *in;
    const char *want; /* NULL: not found */
};

static const struct case_lookup lookup_cases[] = {
    {"UZ", "UZ"},
    {"uz", "UZ"},
    {"UZB", "UZ"},
    {"uzb", "UZ"},
    {" UZ  ", "UZ"},
    {"Uzbekistan", "UZ"},
    {"UZBEKISTAN", "UZ"},
    {"Republic of Uzbekistan", "UZ"},
    {"Узбекистан", "UZ"},
    {"O'zbekiston", "UZ"},
    {"Oʻzbekiston", "UZ"},
    {"Ivory Coast", "CI"},
    {"Côte d'Ivoire", "CI"},
    {"Cote d'Ivoire", "CI"},
    {"COTE D IVOIRE", "CI"},
    {"Viet Nam", "VN"},
    {"Vietnam", "VN"},
    {"Congo, Dem. Rep.", "CD"},
    {"Congo, Democratic Republic of the", "CD"},
    {"Congo (Brazzaville)", "CG"},
    {"Türkiye", "TR"},
    {"Turkey", "TR"},
    {"Turkey (Türkiye)", "TR"},
    {"中国", "CN"},
    {"Туркменистан", "TM"},
    {"Korea, North", "KP"},
    {"Korea, South", "KR"},
    {"Burma", "MM"},
    {"Kyrgyz Republic", "KG"},
    {"U.S.A.", "US"},
    {"usa", "US"},
    {"UK", "GB"},
    {"", NULL},
    {"   ", NULL},
    {"-", NULL},
    {"Atlantis", NULL},
    {"XX", NULL},
    {"XXX", NULL},
    {"Uzbekstan", NULL},
    {"Korea", NULL}, /* deliberately ambiguous */
    {"\xff\xfe", NULL},
};

static void test_lookup_cases(void **state)
{
    const fl_countries *c = *state;
    for (size_t i = 0; i < sizeof lookup_cases / sizeof lookup_cases[0]; i++) {
        const struct case_lookup *k = &lookup_cases[i];
        char code[3] = "??";
        bool found = fl_country_lookup(c, k->in, strlen(k->in), code);
        if (!k->want && found)
            fail_msg("case %zu '%s': expected not found, got '%s'", i, k->in, code);
        if (k->want && (!found || strcmp(code, k->want) != 0))
            fail_msg("case %zu '%s': expected '%s', got %s", i, k->in, k->want,
                     found ? code : "not found");
    }
}

/* Every line of tests/unit/data/country_names.txt ("name<TAB>CC") must resolve. */
static void test_reference_names(void **state)
{
    const fl_countries *c = *state;
    FILE *f = fopen(NAMES, "r");
    assert_non_null(f);
    char line[512];
    unsigned lineno = 0, checked = 0, bad = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        size_t n = strcspn(line, "\r\n");
        line[n] = '\0';
        if (n == 0 || line[0] == '#')
            continue;
        char *tab = strchr(line, '\t');
        if (!tab || strlen(tab + 1) != 2) {
            print_error("%s:%u: expected 'name<TAB>CC'\n", NAMES, lineno);
            bad++;
            continue;
        }
        *tab = '\0';
        char code[3];
        if (!fl_country_lookup(c, line, strlen(line), code) || strcmp(code, tab + 1) != 0) {
            print_error("%s:%u: '%s' should be %s\n", NAMES, lineno, line, tab + 1);
            bad++;
        }
        checked++;
    }
    fclose(f);
    assert_int_equal(bad, 0);
    assert_true(checked > 200);
}

/* Substring lengths: the lookup must not read past len (no NUL needed). */
static void test_lookup_slice(void **state)
{
    const fl_countries *c = *state;
    char code[3] = "";
    assert_true(fl_country_lookup(c, "UZBEKISTAN|junk", 10, code));
    assert_string_equal(code, "UZ");
    assert_true(fl_country_lookup(c, "UZB", 2, code));
    assert_string_equal(code, "UZ");
    assert_false(fl_country_lookup(c, "UZ", 0, code));
    assert_false(fl_country_lookup(c, NULL, 0, code));
    assert_false(fl_country_lookup(NULL, "UZ", 2, code));

    char longname[400];
    memset(longname, 'a', sizeof longname);
    assert_false(fl_country_lookup(c, longname, sizeof longname, code));
}

struct case_code {
    const char *code;
    bool valid;
    const char *name, *display, *alpha3;
};

static const struct case_code code_cases[] = {
    {"UZ", true, "Uzbekistan", "Uzbekistan", "UZB"},
    {"VN", true, "Viet Nam", "Vietnam", "VNM"},
    {"BO", true, "Bolivia, Plurinational State of", "Bolivia", "BOL"},
    {"CI", true, "Côte d'Ivoire", "Côte d'Ivoire", "CIV"},
    {"TR", true, "Türkiye", "Türkiye", "TUR"},
    {"uz", false, NULL, NULL, NULL},
    {"UZB", false, NULL, NULL, NULL},
    {"XX", false, NULL, NULL, NULL},
    {"U", false, NULL, NULL, NULL},
    {"", false, NULL, NULL, NULL},
    {NULL, false, NULL, NULL, NULL},
};

static void check_str(size_t i, const char *what, const char *got, const char *want)
{
    if (!want && got)
        fail_msg("case %zu: %s: expected NULL, got '%s'", i, what, got);
    if (want && (!got || strcmp(got, want) != 0))
        fail_msg("case %zu: %s: expected '%s', got '%s'", i, what, want, got ? got : "NULL");
}

static void test_codes(void **state)
{
    const fl_countries *c = *state;
    for (size_t i = 0; i < sizeof code_cases / sizeof code_cases[0]; i++) {
        const struct case_code *k = &code_cases[i];
        if (fl_country_valid(c, k->code) != k->valid)
            fail_msg("case %zu: valid should be %d", i, k->valid);
        check_str(i, "name", fl_country_name(c, k->code), k->name);
        check_str(i, "display name", fl_country_display_name(c, k->code), k->display);
        check_str(i, "alpha-3", fl_country_alpha3(c, k->code), k->alpha3);
    }
}

static void test_counts(void **state)
{
    const fl_countries *c = *state;
    assert_true(fl_countries_count(c) >= 249);
    assert_true(fl_countries_alias_count(c) > 100);
    assert_int_equal(fl_countries_count(NULL), 0);
    assert_int_equal(fl_countries_alias_count(NULL), 0);
    fl_countries_free(NULL);
}

static void test_iso_only(void **state)
{
    (void)state;
    fl_countries *c = NULL;
    char code[3];
    assert_int_equal(fl_countries_load(ISO_JSON, NULL, &c), FL_OK);
    assert_int_equal(fl_countries_alias_count(c), 0);
    assert_true(fl_country_lookup(c, "Republic of Uzbekistan", 22, code));
    assert_string_equal(code, "UZ");
    assert_false(fl_country_lookup(c, "Ivory Coast", 11, code));
    fl_countries_free(c);
}

/* ---- bad inputs: each alias file content must fail with the given status ---- */

struct case_file {
    const char *content;
    fl_status want;
    size_t aliases; /* alias rows loaded when want == FL_OK */
};

static const struct case_file alias_cases[] = {
    {"alias,code,note\nIvory Coast,CI,\n", FL_OK, 1},
    {"alias,code,note\n", FL_OK, 0},
    {"alias,code,note\r\nIvory Coast,CI,\r\n\"Congo, Dem. Rep.\",CD,x\r\n", FL_OK, 2},
    {"alias,code,note\nUzbekistan,UZ,same as the iso name\n", FL_OK, 1},
    {"alias,code,note\nAtlantis,XX,\n", FL_ERR_RULES, 0},      /* unknown code */
    {"alias,code,note\nAtlantis,uz,\n", FL_ERR_RULES, 0},      /* codes are capitals */
    {"alias,code,note\nAtlantis,UZB,\n", FL_ERR_RULES, 0},     /* alpha-2 only */
    {"alias,code,note\nAtlantis,,\n", FL_ERR_RULES, 0},
    {"alias,code,note\nUzbekistan,TM,\n", FL_ERR_RULES, 0},    /* clashes with ISO */
    {"alias,code,note\nFoo,UZ,\nfoo,TM,\n", FL_ERR_RULES, 0},  /* clashes with a row */
    {"alias,code,note\n'--',UZ,\n", FL_ERR_RULES, 0},          /* nothing to match */
    {"alias,code,note\nUzbek\xff,UZ,\n", FL_ERR_RULES, 0},     /* not UTF-8 */
    {"alias,code,note\nFoo,UZ\n", FL_ERR_RULES, 0},            /* two fields */
    {"alias,code\nFoo,UZ\n", FL_ERR_RULES, 0},                 /* header */
    {"name,code,note\nFoo,UZ,\n", FL_ERR_RULES, 0},
    {"alias,code,note\n\"Foo,UZ,\n", FL_ERR_RULES, 0},         /* unterminated quote */
};

static char *write_temp(const char *content)
{
    const char *dir = getenv("TMPDIR");
    size_t n = strlen(dir && *dir ? dir : "/tmp") + 32;
    char *path = malloc(n);
    assert_non_null(path);
    snprintf(path, n, "%s/test_country_XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    size_t len = strlen(content);
    assert_int_equal(write(fd, content, len), (ssize_t)len);
    close(fd);
    return path;
}

static void test_alias_files(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof alias_cases / sizeof alias_cases[0]; i++) {
        const struct case_file *k = &alias_cases[i];
        char *path = write_temp(k->content);
        static char sentinel;
        fl_countries *c = (fl_countries *)&sentinel; /* a failed load must set NULL */
        fl_status st = fl_countries_load(ISO_JSON, path, &c);
        unlink(path);
        free(path);
        if (st != k->want)
            fail_msg("case %zu: status %d, want %d", i, (int)st, (int)k->want);
        if (st == FL_OK)
            assert_int_equal(fl_countries_alias_count(c), k->aliases);
        else
            assert_null(c);
        fl_countries_free(c);
    }
}

static void test_bad_iso(void **state)
{
    (void)state;
    static const struct case_file iso_cases[] = {
        {"{\"3166-1\": [{\"alpha_2\": \"UZ\", \"alpha_3\": \"UZB\", \"name\": \"Uzbekistan\"}]}",
         FL_OK, 0},
        {"{\"3166-1\": [", FL_ERR_RULES, 0},
        {"{\"3166-1\": []}", FL_ERR_RULES, 0},
        {"{\"other\": []}", FL_ERR_RULES, 0},
        {"{\"3166-1\": [{\"alpha_2\": \"uz\", \"alpha_3\": \"UZB\", \"name\": \"x\"}]}",
         FL_ERR_RULES, 0},
        {"{\"3166-1\": [{\"alpha_2\": \"UZ\", \"name\": \"Uzbekistan\"}]}", FL_ERR_RULES, 0},
        {"{\"3166-1\": [{\"alpha_2\": \"UZ\", \"alpha_3\": \"UZB\", \"name\": \"A\"},"
         " {\"alpha_2\": \"UZ\", \"alpha_3\": \"UZC\", \"name\": \"B\"}]}",
         FL_ERR_RULES, 0},
        {"{\"3166-1\": [{\"alpha_2\": \"UZ\", \"alpha_3\": \"UZB\", \"name\": \"A\"},"
         " {\"alpha_2\": \"TM\", \"alpha_3\": \"TKM\", \"name\": \"a\"}]}",
         FL_ERR_RULES, 0},
    };
    for (size_t i = 0; i < sizeof iso_cases / sizeof iso_cases[0]; i++) {
        char *path = write_temp(iso_cases[i].content);
        fl_countries *c = NULL;
        fl_status st = fl_countries_load(path, NULL, &c);
        unlink(path);
        free(path);
        if (st != iso_cases[i].want)
            fail_msg("iso case %zu: status %d, want %d", i, (int)st, (int)iso_cases[i].want);
        fl_countries_free(c);
    }

    fl_countries *c = NULL;
    assert_int_equal(fl_countries_load(FLSCAN_SOURCE_DIR "/no/such/iso.json", NULL, &c),
                     FL_ERR_INPUT);
    assert_null(c);
    assert_int_equal(fl_countries_load(ISO_JSON, FLSCAN_SOURCE_DIR "/no/such/aliases.csv", &c),
                     FL_ERR_INPUT);
    assert_null(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_lookup_cases, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reference_names, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lookup_slice, setup, teardown),
        cmocka_unit_test_setup_teardown(test_codes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_counts, setup, teardown),
        cmocka_unit_test(test_iso_only),
        cmocka_unit_test(test_alias_files),
        cmocka_unit_test(test_bad_iso),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
