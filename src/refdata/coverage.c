/* coverage.c - the rule set's hold of each official list; see coverage.h. */
#include "coverage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dates.h"

/* Does rule r hold a listing of size z on z's date? */
static bool counts(const fl_rule *r, const fl_list_size *z)
{
    if (r->basis != z->basis || !fl_rule_in_force(r, z->as_of) || strstr(r->id, "-reach-"))
        return false;
    if (strcmp(z->unit, "entities") == 0)
        return r->n_names > 0;
    if (strcmp(z->unit, "goods") == 0 || strcmp(z->unit, "products") == 0)
        return !r->n_names && r->n_commodities > 0;
    return true; /* orders: entity rows and area rules */
}

/* The key a rule counts under, so that equal keys count once. */
static void key_of(const fl_ruleset *rs, const fl_rule *r, const fl_list_size *z, char *k,
                   size_t cap)
{
    if (strcmp(z->unit, "goods") == 0)
        snprintf(k, cap, "%s", rs->commodities[r->commodities[0]].id);
    else if (strcmp(z->unit, "products") == 0)
        snprintf(k, cap, "%s %s", r->n_countries ? r->countries[0] : "",
                 rs->commodities[r->commodities[0]].id);
    else if (strcmp(z->unit, "orders") == 0 && r->n_names) {
        int n = snprintf(k, cap, "%u", r->valid_from);
        for (size_t s = 0; s < r->n_sources && n > 0 && (size_t)n < cap; s++)
            n += snprintf(k + n, cap - (size_t)n, " %zu", r->sources[s]);
    } else
        snprintf(k, cap, "%s", r->id);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Distinct strings in v[0..n) (sorted in place). */
static uint64_t distinct(char **v, size_t n)
{
    if (!n)
        return 0;
    qsort(v, n, sizeof *v, cmp_str);
    uint64_t d = 1;
    for (size_t i = 1; i < n; i++)
        d += strcmp(v[i], v[i - 1]) != 0;
    return d;
}

static void compute_one(const fl_ruleset *rs, const fl_list_size *z, fl_coverage *c)
{
    memset(c, 0, sizeof *c);
    c->size = z;
    char **keys = calloc(rs->n_rules + 1, sizeof *keys);
    char **ccs = calloc(rs->n_rules + 1, sizeof *ccs);
    size_t n = 0, nc = 0;
    for (size_t i = 0; keys && ccs && i < rs->n_rules; i++) {
        const fl_rule *r = &rs->rules[i];
        for (size_t s = 0; r->basis == z->basis && s < r->n_sources; s++) {
            const fl_source *src = &rs->sources[r->sources[s]];
            if (strncmp(src->date, c->newest_source, sizeof c->newest_source - 1) > 0) {
                snprintf(c->newest_source, sizeof c->newest_source, "%s", src->date);
                c->newest_source_id = src->id;
            }
        }
        if (!counts(r, z))
            continue;
        char k[256];
        key_of(rs, r, z, k, sizeof k);
        if ((keys[n] = strdup(k)) != NULL)
            n++;
        if (r->n_countries)
            ccs[nc++] = r->countries[0];
    }
    c->held = distinct(keys, n);
    c->held_countries = distinct(ccs, nc);
    for (size_t i = 0; i < n; i++)
        free(keys[i]);
    free(keys);
    free(ccs);
}

size_t fl_coverage_compute(const fl_ruleset *rs, fl_coverage *out, size_t cap)
{
    for (size_t i = 0; i < rs->n_sizes && i < cap; i++)
        compute_one(rs, &rs->sizes[i], &out[i]);
    return rs->n_sizes;
}

void fl_coverage_text(const fl_coverage *c, bool named, char *buf, size_t cap)
{
    const fl_list_size *z = c->size;
    char d[11];
    fl_date_format(z->as_of, d);
    int n = snprintf(buf, cap, "%s%s%llu of %llu %s", named ? z->list : "", named ? ": " : "",
                     (unsigned long long)c->held, (unsigned long long)z->count, z->unit);
    if (z->countries && n > 0 && (size_t)n < cap)
        n += snprintf(buf + n, cap - (size_t)n, ", %llu of %llu countries and areas",
                      (unsigned long long)c->held_countries, (unsigned long long)z->countries);
    if (n > 0 && (size_t)n < cap)
        snprintf(buf + n, cap - (size_t)n, " as of %s", d);
}

size_t fl_coverage_warnings(const fl_ruleset *rs, fl_date run_date, fl_coverage_warn_fn fn,
                            void *ctx)
{
    size_t n = 0;
    char msg[512];
    fl_date built = rs->date ? fl_date_parse_iso(rs->date, strlen(rs->date)) : 0;
    if (built && run_date > built && fl_date_diff(built, run_date) > FL_RULES_MAX_AGE_DAYS) {
        snprintf(msg, sizeof msg, "the rule set is dated %s, %ld days before the run date (more "
                 "than %d): the lists may have changed since; import their newest exports "
                 "(flscan rules import) or get a newer rule set", rs->date,
                 fl_date_diff(built, run_date), FL_RULES_MAX_AGE_DAYS);
        fn(msg, ctx);
        n++;
    }
    for (size_t i = 0; i < rs->n_sizes; i++) {
        fl_coverage c;
        compute_one(rs, &rs->sizes[i], &c);
        if ((double)c.held >= FL_COVERAGE_MIN_SHARE * (double)rs->sizes[i].count)
            continue;
        char text[256];
        fl_coverage_text(&c, false, text, sizeof text);
        snprintf(msg, sizeof msg, "%s: the rule set holds %s, below %.0f%% of the official "
                 "list; records may match listings it lacks", rs->sizes[i].list, text,
                 FL_COVERAGE_MIN_SHARE * 100);
        fn(msg, ctx);
        n++;
    }
    return n;
}
