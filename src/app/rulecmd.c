/* rulecmd.c - rules check / rules list; see rulecmd.h. */
#include "rulecmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "arena.h"
#include "country.h"
#include "coverage.h"
#include "refdata.h"
#include "diag.h"
#include "nametab.h"
#include "ruleimport.h"
#include "srcurl.h"
#include "table.h"

/* The reference data; with names, the company-name tables too (rules check validates them). */
static fl_status load(const fl_rulecmd_opts *o, fl_refdata *l, bool names)
{
    fl_refdata_dirs dirs = {o->iso_dir, o->data_dir, o->rules_dir};
    return fl_refdata_load(&dirs, names ? FL_REFDATA_NAMES : 0, l);
}

/* HS codes of the nomenclature, as one sorted array of strings. */
typedef struct hsset {
    char **codes;
    size_t n, cap;
} hsset;

static fl_status on_hs(const fl_table_row *row, void *p)
{
    hsset *h = p;
    if (!fl_grow((void **)&h->codes, &h->cap, h->n + 1, sizeof *h->codes))
        return FL_ERR_NOMEM;
    char buf[16];
    h->codes[h->n] = strdup(fl_table_cell(row, 0, buf, sizeof buf));
    return h->codes[h->n++] ? FL_OK : FL_ERR_NOMEM;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool hs_known(const hsset *h, const char *prefix)
{
    char key[7];
    size_t n = strlen(prefix);
    /* Compare at most the six HS digits; national subdivisions beyond are not in the HS. */
    if (n > 6)
        n = 6;
    memcpy(key, prefix, n);
    key[n] = '\0';
    const char *k = key;
    return bsearch(&k, h->codes, h->n, sizeof *h->codes, cmp_str) != NULL;
}

static bool overlap(const fl_rule *a, const fl_rule *b)
{
    if (a->basis != b->basis || a->labor != b->labor)
        return false;
    if (a->n_names || b->n_names) /* each listed entity is its own listing */
        return false;
    if (a->valid_from > b->valid_to || b->valid_from > a->valid_to)
        return false;
    bool country = false, commodity = a->all_goods && b->all_goods;
    for (size_t i = 0; i < a->n_countries && !country; i++)
        for (size_t k = 0; k < b->n_countries && !country; k++)
            country = strcmp(a->countries[i], b->countries[k]) == 0;
    for (size_t i = 0; i < a->n_regions && !country; i++)
        for (size_t k = 0; k < b->n_regions && !country; k++)
            country = strcmp(a->regions[i], b->regions[k]) == 0;
    for (size_t i = 0; i < a->n_commodities && !commodity; i++)
        for (size_t k = 0; k < b->n_commodities && !commodity; k++)
            commodity = a->commodities[i] == b->commodities[k];
    return country && commodity;
}

/*
 * Provenance: sources whose address carries a tracking parameter or a staging host, rules
 * that cite no primary source, and rules that cite a secondary source before a primary one.
 * Returns the warnings; *secondary_only counts the rules that cite no primary source.
 */
static unsigned check_sources(const fl_ruleset *rs, size_t *secondary_only)
{
    unsigned warnings = 0;
    for (size_t i = 0; i < rs->n_sources; i++) {
        char why[128];
        if (fl_url_unclean(rs->sources[i].url, why, sizeof why)) {
            fl_warn("sources.csv: source '%s': %s in its address; cite the clean address",
                    rs->sources[i].id, why);
            warnings++;
        }
    }
    *secondary_only = 0;
    for (size_t i = 0; i < rs->n_rules; i++) {
        const fl_rule *r = &rs->rules[i];
        size_t first_primary = SIZE_MAX;
        for (size_t k = 0; k < r->n_sources && first_primary == SIZE_MAX; k++)
            if (fl_url_primary(rs->sources[r->sources[k]].url))
                first_primary = k;
        if (first_primary == SIZE_MAX) {
            fl_warn("%s:%u: rule '%s' cites no primary source (an agency's or the Federal "
                    "Register's own page)", r->file, r->line, r->id);
            (*secondary_only)++;
            warnings++;
        } else if (first_primary > 0) {
            fl_warn("%s:%u: rule '%s' cites its primary source '%s' after a secondary one; "
                    "list it first", r->file, r->line, r->id,
                    rs->sources[r->sources[first_primary]].id);
            warnings++;
        }
    }
    return warnings;
}

/* The coverage lines of a rule set, on stdout. */
static void print_coverage_lines(const fl_ruleset *rs)
{
    fl_coverage cov[16];
    size_t n = fl_coverage_compute(rs, cov, 16);
    for (size_t i = 0; i < n && i < 16; i++) {
        char text[256];
        fl_coverage_text(&cov[i], true, text, sizeof text);
        printf("coverage: %s\n", text);
    }
}

int fl_rulecmd_check(const fl_rulecmd_opts *o)
{
    fl_refdata l;
    fl_status st = load(o, &l, true);
    if (st != FL_OK) {
        fl_refdata_free(&l);
        return fl_status_exit(st);
    }
    const fl_ruleset *rs = l.rules;
    unsigned warnings = 0;

    hsset hs = {0};
    char *hspath = fl_path_join(o->data_dir, "reference/harmonized_system.csv");
    struct stat sb;
    if (hspath && stat(hspath, &sb) == 0) {
        static const char *const cols[] = {"hscode"};
        if (fl_table_read(hspath, "harmonized_system.csv", cols, 1, 1, on_hs, &hs) == FL_OK) {
            qsort(hs.codes, hs.n, sizeof *hs.codes, cmp_str);
            for (size_t c = 0; c < rs->n_commodities; c++)
                for (size_t i = 0; i < rs->commodities[c].n_hs; i++)
                    if (!hs_known(&hs, rs->commodities[c].hs_prefixes[i])) {
                        fl_warn("commodities.csv: commodity '%s': HS prefix '%s' is not a heading "
                                "of the HS 2022 nomenclature",
                                rs->commodities[c].id, rs->commodities[c].hs_prefixes[i]);
                        warnings++;
                    }
        }
    } else {
        fl_warn("no HS nomenclature at '%s'; HS prefixes not checked", hspath ? hspath : "?");
        warnings++;
    }
    for (size_t i = 0; i < hs.n; i++)
        free(hs.codes[i]);
    free(hs.codes);
    free(hspath);

    fl_regex_scratch *scr = fl_regex_scratch_new();
    for (size_t c = 0; scr && c < rs->n_commodities; c++) {
        const fl_commodity *com = &rs->commodities[c];
        if (com->re && !fl_regex_search(com->re, scr, com->name, strlen(com->name), NULL, NULL)) {
            fl_warn("commodities.csv: commodity '%s': description pattern does not match its own "
                    "name '%s'",
                    com->id, com->name);
            warnings++;
        }
    }
    fl_regex_scratch_free(scr);

    for (size_t i = 0; i < rs->n_rules; i++)
        for (size_t k = i + 1; k < rs->n_rules; k++)
            if (overlap(&rs->rules[i], &rs->rules[k])) {
                fl_warn("%s:%u: rule '%s' overlaps rule '%s' (%s:%u): same basis, labor, place "
                        "and commodity in overlapping windows",
                        rs->rules[k].file, rs->rules[k].line, rs->rules[k].id, rs->rules[i].id,
                        rs->rules[i].file, rs->rules[i].line);
                warnings++;
            }

    size_t secondary_only;
    warnings += check_sources(rs, &secondary_only);

    size_t per_basis[FL_BASIS_COUNT] = {0};
    for (size_t i = 0; i < rs->n_rules; i++)
        per_basis[rs->rules[i].basis]++;
    printf("rule set %s %s (%s), sha256 %s\n", rs->name, rs->version, rs->date, rs->sha256);
    printf("%zu rules, %zu commodities, %zu sources, %zu files\n", rs->n_rules, rs->n_commodities,
           rs->n_sources, rs->n_files);
    for (int b = 0; b < FL_BASIS_COUNT; b++)
        printf("  %-17s %zu\n", fl_basis_str((fl_basis)b), per_basis[b]);
    printf("%zu of %zu rules cite only secondary sources\n", secondary_only, rs->n_rules);
    print_coverage_lines(rs);
    printf("%u warning%s\n", warnings, warnings == 1 ? "" : "s");
    fl_refdata_free(&l);
    return FL_EXIT_OK;
}

static bool contains_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++)
        if (strncasecmp(hay, needle, n) == 0)
            return true;
    return false;
}

/* rules list --coverage: one line a list with an official size. */
static void list_coverage(const fl_ruleset *rs)
{
    printf("list\tbasis\tofficial\tunit\tas_of\theld\tshare\tcountries\theld_countries\t"
           "newest_source\tnewest_source_date\tofficial_source\tcoverage\n");
    fl_coverage cov[16];
    size_t n = fl_coverage_compute(rs, cov, 16);
    for (size_t i = 0; i < n && i < 16; i++) {
        const fl_coverage *c = &cov[i];
        const fl_list_size *z = c->size;
        char d[11], text[256], countries[24] = "", held_c[24] = "";
        fl_date_format(z->as_of, d);
        fl_coverage_text(c, true, text, sizeof text);
        if (z->countries) {
            snprintf(countries, sizeof countries, "%llu", (unsigned long long)z->countries);
            snprintf(held_c, sizeof held_c, "%llu", (unsigned long long)c->held_countries);
        }
        printf("%s\t%s\t%llu\t%s\t%s\t%llu\t%.0f%%\t%s\t%s\t%s\t%s\t", z->list,
               fl_basis_str(z->basis), (unsigned long long)z->count, z->unit, d,
               (unsigned long long)c->held, 100.0 * (double)c->held / (double)z->count,
               countries, held_c, c->newest_source_id ? c->newest_source_id : "",
               c->newest_source);
        for (size_t k = 0; k < z->n_sources; k++)
            printf("%s%s", k ? ";" : "", rs->sources[z->sources[k]].id);
        printf("\t%s\n", text);
    }
    if (!n)
        fl_info("the rule set gives no official list sizes (no coverage.csv)");
}

int fl_rulecmd_list(const fl_rulecmd_opts *o)
{
    fl_refdata l;
    fl_status st = load(o, &l, false);
    if (st != FL_OK) {
        fl_refdata_free(&l);
        return fl_status_exit(st);
    }
    const fl_ruleset *rs = l.rules;
    if (o->coverage) {
        list_coverage(rs);
        fl_refdata_free(&l);
        return FL_EXIT_OK;
    }
    char cc[3] = "";
    if (o->country && !fl_country_lookup(l.countries, o->country, strlen(o->country), cc)) {
        fl_error("--country '%s': unknown country", o->country);
        fl_refdata_free(&l);
        return FL_EXIT_USAGE;
    }
    printf("id\tbasis\tcountries\tregions\tcommodities\tlabor\tseverity\tvalid_from\tvalid_to\t"
           "sources\ttitle\n");
    size_t shown = 0;
    for (size_t i = 0; i < rs->n_rules; i++) {
        const fl_rule *r = &rs->rules[i];
        if (o->as_of && !fl_rule_in_force(r, o->as_of))
            continue;
        if (cc[0]) {
            bool hit = false;
            for (size_t c = 0; c < r->n_countries && !hit; c++)
                hit = strcmp(r->countries[c], cc) == 0;
            if (!hit)
                continue;
        }
        if (o->commodity) {
            bool hit = r->all_goods;
            for (size_t c = 0; c < r->n_commodities && !hit; c++) {
                const fl_commodity *com = &rs->commodities[r->commodities[c]];
                hit = contains_ci(com->id, o->commodity) || contains_ci(com->name, o->commodity);
                for (size_t h = 0; h < com->n_hs && !hit; h++)
                    hit = strncmp(com->hs_prefixes[h], o->commodity, strlen(com->hs_prefixes[h])) == 0 ||
                          strncmp(o->commodity, com->hs_prefixes[h], strlen(o->commodity)) == 0;
            }
            if (!hit)
                continue;
        }
        char from[11], to[11];
        fl_date_format(r->valid_from, from);
        if (r->valid_to == FL_DATE_OPEN)
            strcpy(to, "");
        else
            fl_date_format(r->valid_to, to);
        printf("%s\t%s\t", r->id, fl_basis_str(r->basis));
        for (size_t c = 0; c < r->n_countries; c++)
            printf("%s%s", c ? ";" : "", r->countries[c]);
        putchar('\t');
        for (size_t c = 0; c < r->n_regions; c++)
            printf("%s%s", c ? ";" : "", r->regions[c]);
        putchar('\t');
        if (r->all_goods)
            putchar('*');
        for (size_t c = 0; c < r->n_commodities; c++)
            printf("%s%s", c ? ";" : "", rs->commodities[r->commodities[c]].id);
        printf("\t%s\t%s\t%s\t%s\t", fl_labor_str(r->labor), fl_severity_str(r->severity), from, to);
        for (size_t c = 0; c < r->n_sources; c++)
            printf("%s%s", c ? ";" : "", rs->sources[r->sources[c]].id);
        printf("\t%s\n", r->title);
        shown++;
    }
    fl_info("%zu of %zu rules shown", shown, rs->n_rules);
    fl_refdata_free(&l);
    return FL_EXIT_OK;
}

int fl_rulecmd_import(const fl_rulecmd_opts *o)
{
    fl_list_format fmt;
    if (!o->format || !fl_list_format_parse(o->format, &fmt)) {
        if (o->format)
            fl_error("unknown --format '%s'", o->format);
        else
            fl_error("'flscan rules import' needs --format FORMAT");
        fprintf(stderr, "formats:\n");
        for (int f = 0; f < FL_LF_COUNT; f++)
            fprintf(stderr, "  %-10s %s\n", fl_list_format_str((fl_list_format)f),
                    fl_list_format_help((fl_list_format)f));
        return FL_EXIT_USAGE;
    }
    if (!o->export_path) {
        fl_error("'flscan rules import' needs the export to read: flscan rules import "
                 "--format %s FILE", o->format);
        return FL_EXIT_USAGE;
    }
    char *iso = fl_path_join(o->iso_dir, "iso_3166-1.json");
    char *aliases = fl_path_join(o->data_dir, "country_aliases.csv");
    fl_countries *countries = NULL;
    fl_status st = iso && aliases ? fl_countries_load(iso, aliases, &countries) : FL_ERR_NOMEM;
    free(iso);
    free(aliases);
    if (st == FL_OK) {
        fl_import_opts io = {o->rules_dir, o->export_path, fmt,     o->date,
                             o->source_url, o->partial,    o->dry_run};
        st = fl_rules_import(&io, countries, stdout, NULL);
    }
    fl_countries_free(countries);
    return st == FL_OK ? FL_EXIT_OK : fl_status_exit(st);
}
