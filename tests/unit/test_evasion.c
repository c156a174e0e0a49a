/*
 * test_evasion.c - entity matching against evasion, on the labelled set tests/data/evasion_eval.csv
 * (its README says who labelled it and how).
 *
 * Every row is a shipper (name, address, origin) and a label: match (the shipper is the listed
 * entity of column listed_entity under one of the documented evasion patterns: third_country,
 * subsidiary, former_name, script, word_break, shared_address, exact) or no_match (a trap that
 * shares a word, a city or a surname with a listed entity). The shipped rule set (rules/) and
 * reference data (datasets/) are screened the way a scan screens a shipper: the name with the
 * origin as its country (fl_entity_screen) and the address (fl_entity_screen_address), best
 * score per rule.
 *
 * Printed: per pattern, recall at the match and the review threshold, precision at the match
 * threshold (of the rows with a match-level hit, those whose hits include the labelled entity),
 * and the traps hit at each threshold; then every miss and every trap hit with its evidence.
 * Asserted: recall at the match threshold >= 0.95 for every pattern, no trap hit at the match
 * threshold, at most 2% of the traps hit at the review threshold.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

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

#define EVAL FLSCAN_SOURCE_DIR "/tests/data/evasion_eval.csv"

enum { C_ID, C_NAME, C_ADDR, C_ORIGIN, C_ENTITY, C_LABEL, C_PATTERN, C_NOTE, C_COUNT };
static const char *const cols[C_COUNT] = {"id",     "shipper_name", "shipper_address", "origin",
                                          "listed_entity", "label", "pattern", "note"};

typedef struct row {
    char *f[C_COUNT];
} row;

typedef struct rows {
    row *v;
    size_t n, cap;
} rows;

static fl_status on_row(const fl_table_row *r, void *p)
{
    rows *R = p;
    if (R->n == R->cap) {
        R->cap = R->cap ? 2 * R->cap : 512;
        R->v = realloc(R->v, R->cap * sizeof *R->v);
        assert_non_null(R->v);
    }
    for (int c = 0; c < C_COUNT; c++) {
        R->v[R->n].f[c] = strndup(r->cells[c].ptr, r->cells[c].len);
        assert_non_null(R->v[R->n].f[c]);
    }
    R->n++;
    return FL_OK;
}

#define MAX_PATTERNS 16

typedef struct tally {
    char name[32];
    size_t rows, positives, found_match, found_review, flagged, flagged_right, traps, trap_match,
        trap_review;
} tally;

static tally *tally_for(tally *t, size_t *nt, const char *pattern)
{
    for (size_t i = 0; i < *nt; i++)
        if (strcmp(t[i].name, pattern) == 0)
            return &t[i];
    assert_true(*nt < MAX_PATTERNS);
    memset(&t[*nt], 0, sizeof t[*nt]);
    snprintf(t[*nt].name, sizeof t[*nt].name, "%s", pattern);
    return &t[(*nt)++];
}

static fl_name_tables *names;

static void key_of(const char *s, char *out)
{
    fl_name nm;
    assert_int_equal(fl_name_parse(names, s, strlen(s), NULL, &nm), FL_OK);
    snprintf(out, FL_NAME_KEY, "%s", nm.key);
}

/* Is the labelled entity (a listed name or alias, or a rule id) one of rule r's names? */
static bool is_entity(const fl_rule *r, const char *want_key, const char *want)
{
    if (strcmp(r->id, want) == 0)
        return true;
    for (size_t i = 0; i < r->n_names; i++) {
        char k[FL_NAME_KEY];
        key_of(r->names[i], k);
        if (strcmp(k, want_key) == 0)
            return true;
    }
    return false;
}

/* Name and address screened as a scan screens a shipper: best score per rule. */
static size_t screen(const fl_entity_index *ix, const row *r, fl_entity_hit *h, size_t max)
{
    size_t n = fl_entity_screen(ix, r->f[C_NAME], strlen(r->f[C_NAME]), r->f[C_ORIGIN], h, max);
    if (n > max)
        n = max;
    fl_entity_hit a[8];
    size_t k = fl_entity_screen_address(ix, r->f[C_ADDR], strlen(r->f[C_ADDR]), r->f[C_ORIGIN], a,
                                        8);
    for (size_t i = 0; i < k; i++) {
        size_t j = 0;
        while (j < n && h[j].rule != a[i].rule)
            j++;
        if (j < n && h[j].score >= a[i].score)
            continue;
        if (j < n)
            h[j] = a[i];
        else if (n < max)
            h[n++] = a[i];
    }
    return n;
}

static void judge_row(const fl_ruleset *rs, const fl_entity_index *ix, const row *r, tally *t)
{
    bool positive = strcmp(r->f[C_LABEL], "match") == 0;
    char want_key[FL_NAME_KEY] = "";
    if (positive)
        key_of(r->f[C_ENTITY], want_key);
    fl_entity_hit h[16];
    size_t n = screen(ix, r, h, 16);
    bool any_match = false, any = n > 0, right_match = false, right_any = false;
    for (size_t i = 0; i < n; i++) {
        bool right = positive && is_entity(&rs->rules[h[i].rule], want_key, r->f[C_ENTITY]);
        right_any = right_any || right;
        if (!h[i].possible) {
            any_match = true;
            right_match = right_match || right;
        }
    }
    t->rows++;
    if (positive) {
        t->positives++;
        t->found_match += right_match;
        t->found_review += right_any;
        if (!right_match)
            printf("  miss %s [%s] '%s' (%s) -> '%s': %s\n", r->f[C_ID], r->f[C_PATTERN],
                   r->f[C_NAME], r->f[C_ORIGIN], r->f[C_ENTITY],
                   n ? h[0].evidence : "no hit");
    } else {
        t->traps++;
        t->trap_match += any_match;
        t->trap_review += any;
        if (any)
            printf("  trap %s hit%s '%s' (%s): %s\n", r->f[C_ID], any_match ? "" : " for review",
                   r->f[C_NAME], r->f[C_ORIGIN], h[0].evidence);
    }
    if (any_match) {
        t->flagged++;
        t->flagged_right += right_match;
    }
}

static double ratio(size_t a, size_t b)
{
    return b ? (double)a / (double)b : 1.0;
}

static void print_table(const tally *t, size_t nt, const tally *all)
{
    printf("\n| pattern | rows | recall at match | recall at review | precision at match | "
           "traps hit at match | traps hit at review |\n|---|---|---|---|---|---|---|\n");
    for (size_t i = 0; i <= nt; i++) {
        const tally *x = i < nt ? &t[i] : all;
        printf("| %s | %zu | ", x->name, x->rows);
        if (x->positives)
            printf("%.3f (%zu/%zu) | %.3f (%zu/%zu) | ", ratio(x->found_match, x->positives),
                   x->found_match, x->positives, ratio(x->found_review, x->positives),
                   x->found_review, x->positives);
        else
            printf("- | - | ");
        if (x->flagged)
            printf("%.3f (%zu/%zu) | ", ratio(x->flagged_right, x->flagged), x->flagged_right,
                   x->flagged);
        else
            printf("- | ");
        if (x->traps)
            printf("%zu/%zu (%.1f%%) | %zu/%zu (%.1f%%) |\n", x->trap_match, x->traps,
                   100.0 * ratio(x->trap_match, x->traps), x->trap_review, x->traps,
                   100.0 * ratio(x->trap_review, x->traps));
        else
            printf("- | - |\n");
    }
}

static void test_evasion_set(void **state)
{
    (void)state;
    fl_countries *countries = NULL;
    fl_ruleset *rs = NULL;
    fl_gazetteer *g = NULL;
    fl_entity_index *ix = NULL;
    assert_int_equal(fl_countries_load(FLSCAN_ISO_CODES_DIR "/iso_3166-1.json",
                                       FLSCAN_SOURCE_DIR "/datasets/country_aliases.csv",
                                       &countries),
                     FL_OK);
    assert_int_equal(fl_rules_load(FLSCAN_SOURCE_DIR "/rules", countries, &rs), FL_OK);
    assert_int_equal(fl_nametab_load(FLSCAN_SOURCE_DIR "/datasets/names", &names), FL_OK);
    assert_int_equal(fl_gazetteer_load(FLSCAN_SOURCE_DIR "/datasets/regions.csv", NULL, NULL, &g),
                     FL_OK);
    fl_entity_opts o = FL_ENTITY_OPTS_DEFAULT;
    o.places = g;
    assert_int_equal(fl_entity_index_new(rs, names, &o, &ix), FL_OK);

    rows R = {NULL, 0, 0};
    assert_int_equal(fl_table_read(EVAL, "evasion_eval.csv", cols, C_COUNT, C_COUNT, on_row, &R),
                     FL_OK);
    assert_true(R.n >= 400);
    tally t[MAX_PATTERNS], all;
    size_t nt = 0;
    memset(&all, 0, sizeof all);
    snprintf(all.name, sizeof all.name, "all");
    for (size_t i = 0; i < R.n; i++) {
        const row *r = &R.v[i];
        assert_true(strcmp(r->f[C_LABEL], "match") == 0 || strcmp(r->f[C_LABEL], "no_match") == 0);
        judge_row(rs, ix, r, tally_for(t, &nt, r->f[C_PATTERN]));
    }
    for (size_t i = 0; i < nt; i++) {
        all.rows += t[i].rows;
        all.positives += t[i].positives;
        all.found_match += t[i].found_match;
        all.found_review += t[i].found_review;
        all.flagged += t[i].flagged;
        all.flagged_right += t[i].flagged_right;
        all.traps += t[i].traps;
        all.trap_match += t[i].trap_match;
        all.trap_review += t[i].trap_review;
    }
    print_table(t, nt, &all);
    for (size_t i = 0; i < nt; i++) {
        if (t[i].positives)
            assert_true(ratio(t[i].found_match, t[i].positives) >= 0.95);
    }
    assert_true(all.traps > 0);
    assert_int_equal(all.trap_match, 0);
    assert_true(ratio(all.trap_review, all.traps) <= 0.02);

    for (size_t i = 0; i < R.n; i++)
        for (int c = 0; c < C_COUNT; c++)
            free(R.v[i].f[c]);
    free(R.v);
    fl_entity_index_free(ix);
    fl_gazetteer_free(g);
    fl_nametab_free(names);
    fl_ruleset_free(rs);
    fl_countries_free(countries);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_evasion_set)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
