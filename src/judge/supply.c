/* supply.c - the supplier graph: load, check, judge, propagate; see supply.h. */
#include "supply.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "csvread.h"
#include "dates.h"
#include "diag.h"
#include "fieldmap.h"
#include "hs.h"
#include "party.h"
#include "strmap.h"
#include "unorm.h"

#define MAX_REGIONS 8
#define MAX_ENTITY_HITS 8
#define NAME_CACHE_MAX ((size_t)1 << 22) /* distinct shipper spellings remembered */
#define PATH_NAME_MAX 60                 /* bytes of a name shown in a path */
#define PATH_SHOWN 6                     /* suppliers of a path shown in full */

enum col { C_ID, C_NAME, C_COUNTRY, C_ADDRESS, C_COMMODITIES, C_TIER, C_SUPPLIES_TO, C_COUNT };

static const char *const col_names[C_COUNT] = {"supplier_id", "name", "country",    "address",
                                               "commodities", "tier", "supplies_to"};

/* Folded header names per column, best first. */
static const char *const col_aliases[C_COUNT][10] = {
    [C_ID] = {"supplierid", "id", "suppliercode", "suppliernumber", "supplierno", "vendorid",
              "vendorcode", "vendornumber", "code"},
    [C_NAME] = {"name", "suppliername", "company", "companyname", "legalname", "vendorname",
                "supplier"},
    [C_COUNTRY] = {"country", "countrycode", "countryoforigin", "origin", "origincountry",
                   "suppliercountry"},
    [C_ADDRESS] = {"address", "supplieraddress", "fulladdress", "location"},
    [C_COMMODITIES] = {"commodities", "commodity", "products", "product", "goods", "hscodes",
                       "hscode"},
    [C_TIER] = {"tier", "suppliertier", "tierlevel", "level"},
    [C_SUPPLIES_TO] = {"suppliesto", "buyers", "buyer", "customers", "customer", "sellsto",
                       "buyerids", "parentsupplierid", "parentid"},
};

typedef struct pending {
    uint32_t from;
    const char *text; /* an entry of supplies_to, trimmed, in the arena */
    uint32_t len;
} pending;

/* What the matcher says about one (country, regions, commodity): a run of memo_hits. */
typedef struct memo_hit {
    uint32_t rule;
    fl_severity severity;
    fl_match match;
} memo_hit;

struct fl_supply {
    fl_arena arena;
    char *path;        /* as given, for messages while it is read */
    fl_file_read file; /* path, size and SHA-256 once read (fl_mapped_read) */
    fl_supply_stats stats;
    const fl_dq_sink *dq; /* where data-quality issues go (borrowed; may be NULL) */
    const fl_countries *countries;
    const fl_name_tables *names; /* borrowed: party keys of supplier and shipper names */

    fl_supplier *sup;
    size_t n, cap;
    fl_strmap *ids;     /* supplier_id -> index */
    fl_strmap *keys;    /* party key of the name -> first supplier with it */
    fl_strmap *by_name; /* shipper spelling -> index or FL_SUPPLY_NONE (cache) */

    pending *pend;
    size_t n_pend, cap_pend;

    /* links supplier -> buyer, CSR by supplier; cut[k]: link k closes a cycle */
    uint32_t *out_off, *out_to;
    uint8_t *cut;
    size_t n_links;

    /* after judging */
    const fl_ruleset *rs;
    fl_supply_own *own;
    uint32_t *own_off; /* n + 1 */
    fl_supply_exposure *ex;
    uint32_t *ex_off; /* n + 1 */
};

/* ---- small helpers ----------------------------------------------------------------------- */

static fl_slice trim(fl_slice s)
{
    while (s.len && (s.ptr[0] == ' ' || s.ptr[0] == '\t'))
        s.ptr++, s.len--;
    while (s.len && (s.ptr[s.len - 1] == ' ' || s.ptr[s.len - 1] == '\t' ||
                     s.ptr[s.len - 1] == '\r' || s.ptr[s.len - 1] == '\n'))
        s.len--;
    return s;
}

static fl_status issue(fl_supply *g, const fl_csv_row *row, const char *field, fl_slice value,
                       const char *reason, bool rejected)
{
    return fl_dq_add(g->dq, g->path, row ? row->line : 0, row ? row->index : 0, field, value.ptr,
                     value.len, reason, rejected);
}

static fl_status issue_at(fl_supply *g, const fl_supplier *s, const char *field, const char *value,
                          const char *reason)
{
    return fl_dq_add(g->dq, g->path, s ? s->line : 0, s ? s->record : 0, field, value,
                     value ? strlen(value) : 0, reason, false);
}

/* Split a list cell at ';' and '|' into trimmed, non-empty entries (arena copies). */
static fl_status split_list(fl_arena *a, fl_slice cell, const char ***out, size_t *n_out)
{
    size_t n = 1;
    for (size_t i = 0; i < cell.len; i++)
        n += cell.ptr[i] == ';' || cell.ptr[i] == '|';
    const char **v = fl_arena_alloc(a, n * sizeof *v);
    if (!v)
        return FL_ERR_NOMEM;
    size_t k = 0, start = 0;
    for (size_t i = 0; i <= cell.len; i++) {
        if (i < cell.len && cell.ptr[i] != ';' && cell.ptr[i] != '|')
            continue;
        fl_slice e = trim((fl_slice){cell.ptr + start, i - start});
        start = i + 1;
        if (!e.len)
            continue;
        if (!(v[k] = fl_arena_strndup(a, e.ptr, e.len)))
            return FL_ERR_NOMEM;
        k++;
    }
    *out = v;
    *n_out = k;
    return FL_OK;
}

/* "tier 2", "T2", "2" -> 2; 0 when empty; -1 when not a tier. */
static int parse_tier(fl_slice s)
{
    size_t i = 0;
    if (!s.len)
        return 0;
    while (i < s.len &&
           ((s.ptr[i] >= 'a' && s.ptr[i] <= 'z') || (s.ptr[i] >= 'A' && s.ptr[i] <= 'Z')))
        i++;
    if (i && !(i == 1 && (s.ptr[0] == 't' || s.ptr[0] == 'T')) &&
        !(i == 4 && strncasecmp(s.ptr, "tier", 4) == 0))
        return -1;
    while (i < s.len && (s.ptr[i] == ' ' || s.ptr[i] == '-'))
        i++;
    int v = 0;
    size_t digits = 0;
    for (; i < s.len && s.ptr[i] >= '0' && s.ptr[i] <= '9' && digits < 3; i++, digits++)
        v = v * 10 + (s.ptr[i] - '0');
    if (!digits || i != s.len || v < 1 || v > 99)
        return -1;
    return v;
}

/* ---- loading ------------------------------------------------------------------------------ */

typedef struct loader {
    fl_supply *g;
    int col[C_COUNT];
    fl_mapped m;
} loader;

/* Note supplier idx's supplies_to entries; they are resolved once every id is known. */
static fl_status add_pending(fl_supply *g, uint32_t idx, fl_slice supplies_to)
{
    const char **to;
    size_t n_to;
    if (split_list(&g->arena, supplies_to, &to, &n_to) != FL_OK)
        return FL_ERR_NOMEM;
    for (size_t i = 0; i < n_to; i++) {
        if (!fl_grow((void **)&g->pend, &g->cap_pend, g->n_pend + 1, sizeof *g->pend))
            return FL_ERR_NOMEM;
        size_t len = strlen(to[i]);
        g->pend[g->n_pend++] =
            (pending){idx, to[i], (uint32_t)(len > UINT32_MAX ? UINT32_MAX : len)};
    }
    return FL_OK;
}

static fl_status add_row(const fl_csv_row *row, void *ctx)
{
    loader *l = ctx;
    fl_supply *g = l->g;
    fl_slice none = {"", 0};
    fl_slice f[C_COUNT];
    char why[256];
    g->stats.rows++;
    if (row->error) {
        g->stats.rejected++;
        return issue(g, row, "", none, row->error, true);
    }
    if (row->n_fields != l->m.n_header) {
        snprintf(why, sizeof why, "ragged row: %zu fields, but the header has %zu; row ignored",
                 row->n_fields, l->m.n_header);
        g->stats.rejected++;
        return issue(g, row, "", none, why, true);
    }
    for (int c = 0; c < C_COUNT; c++) {
        f[c] = l->col[c] >= 0 ? trim(row->fields[l->col[c]]) : none;
        if (f[c].len && !fl_utf8_valid(f[c].ptr, f[c].len)) {
            g->stats.rejected++;
            return issue(g, row, col_names[c], none, "invalid UTF-8; row ignored", true);
        }
    }
    if (!f[C_ID].len) {
        g->stats.rejected++;
        return issue(g, row, "supplier_id", f[C_NAME], "no supplier_id; row ignored", true);
    }
    if (g->n >= FL_SUPPLY_NONE - 1 || g->n >= FL_STRMAP_MAX) {
        fl_error("%s:%llu: more than %zu suppliers", g->path, (unsigned long long)row->line, g->n);
        return FL_ERR_INPUT;
    }
    uint32_t first;
    bool added;
    if (fl_strmap_put(g->ids, f[C_ID].ptr, f[C_ID].len, (uint32_t)g->n, &first, &added, NULL) !=
        FL_OK)
        return FL_ERR_NOMEM;
    if (!added) {
        snprintf(why, sizeof why, "duplicate supplier_id (first on line %llu); this row ignored",
                 (unsigned long long)g->sup[first].line);
        g->stats.duplicates++;
        g->stats.rejected++;
        return issue(g, row, "supplier_id", f[C_ID], why, true);
    }
    if (!fl_grow((void **)&g->sup, &g->cap, g->n + 1, sizeof *g->sup))
        return FL_ERR_NOMEM;
    fl_supplier *s = &g->sup[g->n];
    memset(s, 0, sizeof *s);
    s->line = row->line;
    s->record = row->index;
    s->id = fl_arena_strndup(&g->arena, f[C_ID].ptr, f[C_ID].len);
    s->name = fl_arena_strndup(&g->arena, f[C_NAME].ptr, f[C_NAME].len);
    s->country_raw = fl_arena_strndup(&g->arena, f[C_COUNTRY].ptr, f[C_COUNTRY].len);
    s->address = fl_arena_strndup(&g->arena, f[C_ADDRESS].ptr, f[C_ADDRESS].len);
    s->supplies_to = fl_arena_strndup(&g->arena, f[C_SUPPLIES_TO].ptr, f[C_SUPPLIES_TO].len);
    if (!s->id || !s->name || !s->country_raw || !s->address || !s->supplies_to)
        return FL_ERR_NOMEM;
    const char **list;
    size_t n_list;
    if (split_list(&g->arena, f[C_COMMODITIES], &list, &n_list) != FL_OK)
        return FL_ERR_NOMEM;
    s->commodities = list;
    s->n_commodities = n_list;
    uint32_t idx = (uint32_t)g->n++;
    fl_status st = FL_OK;

    if (!f[C_NAME].len)
        st = issue(g, row, "name", f[C_ID],
                   "no name: the supplier cannot be found by shipper name or screened as an "
                   "entity",
                   false);
    else {
        char key[FL_PARTY_KEY];
        size_t k = fl_party_key(g->names, f[C_NAME].ptr, f[C_NAME].len, key, sizeof key);
        if (k && fl_strmap_put(g->keys, key, k, idx, NULL, NULL, NULL) != FL_OK)
            return FL_ERR_NOMEM;
    }
    if (st == FL_OK && f[C_COUNTRY].len &&
        !fl_country_lookup(g->countries, f[C_COUNTRY].ptr, f[C_COUNTRY].len, s->country)) {
        s->country[0] = '\0';
        st = issue(g, row, "country", f[C_COUNTRY],
                   "unknown country: country rules not applied to this supplier", false);
    }
    int tier = parse_tier(f[C_TIER]);
    if (tier < 0) {
        tier = 0;
        if (st == FL_OK)
            st = issue(g, row, "tier", f[C_TIER], "tier is not a number from 1 to 99: ignored",
                       false);
    }
    s->tier = (unsigned)tier;
    if (st != FL_OK)
        return st;

    return add_pending(g, idx, f[C_SUPPLIES_TO]);
}

enum { E_LINK, E_IMPORTER, E_DROPPED };

/*
 * Resolve supplies_to entries into links (CSR by supplier), importer names and issues.
 * An entry is a supplier_id, else the name of a listed supplier, else - for a supplier of
 * tier 1 or without a tier - an importer; otherwise an unknown id.
 */
static fl_status resolve_links(fl_supply *g)
{
    fl_status st = FL_OK;
    size_t np = g->n_pend ? g->n_pend : 1, nn = g->n ? g->n : 1;
    uint32_t *to = malloc(np * sizeof *to);
    uint8_t *kind = malloc(np);
    uint32_t *seen = calloc(nn, sizeof *seen); /* from + 1 of the last link to it */
    uint32_t *n_imp = calloc(nn, sizeof *n_imp);
    uint32_t *fill = calloc(nn, sizeof *fill);
    g->out_off = calloc(g->n + 1, sizeof *g->out_off);
    if (!to || !kind || !seen || !n_imp || !fill || !g->out_off) {
        st = FL_ERR_NOMEM;
        goto cleanup;
    }
    char why[200], key[FL_PARTY_KEY];
    for (size_t k = 0; k < g->n_pend && st == FL_OK; k++) {
        const pending *p = &g->pend[k];
        const fl_supplier *s = &g->sup[p->from];
        uint32_t t = FL_SUPPLY_NONE;
        kind[k] = E_DROPPED;
        bool found = fl_strmap_get(g->ids, p->text, p->len, &t);
        if (!found) {
            size_t kl = fl_party_key(g->names, p->text, p->len, key, sizeof key);
            found = kl && fl_strmap_get(g->keys, key, kl, &t);
        }
        if (!found && s->tier <= 1) {
            kind[k] = E_IMPORTER;
            n_imp[p->from]++;
            g->stats.importer_links++;
        } else if (!found) {
            g->stats.unknown++;
            snprintf(why, sizeof why, "unknown supplier_id '%.80s' in supplies_to: link ignored",
                     p->text);
            st = issue_at(g, s, "supplies_to", p->text, why);
        } else if (t == p->from) {
            g->stats.self_links++;
            st = issue_at(g, s, "supplies_to", p->text,
                          "the supplier supplies itself: link ignored");
        } else if (seen[t] != p->from + 1) { /* the same buyer twice in one cell counts once */
            seen[t] = p->from + 1;
            kind[k] = E_LINK;
            to[k] = t;
            g->out_off[p->from + 1]++;
            g->n_links++;
        }
    }
    if (st != FL_OK)
        goto cleanup;
    for (size_t i = 0; i < g->n; i++)
        g->out_off[i + 1] += g->out_off[i];
    g->out_to = malloc((g->n_links ? g->n_links : 1) * sizeof *g->out_to);
    g->cut = calloc(g->n_links ? g->n_links : 1, 1);
    if (!g->out_to || !g->cut) {
        st = FL_ERR_NOMEM;
        goto cleanup;
    }
    for (size_t i = 0; i < g->n; i++) {
        if (n_imp[i] &&
            !(g->sup[i].importers = fl_arena_alloc(&g->arena, n_imp[i] * sizeof(char *)))) {
            st = FL_ERR_NOMEM;
            goto cleanup;
        }
    }
    for (size_t k = 0; k < g->n_pend; k++) {
        const pending *p = &g->pend[k];
        fl_supplier *s = &g->sup[p->from];
        if (kind[k] == E_LINK)
            g->out_to[g->out_off[p->from] + fill[p->from]++] = to[k];
        else if (kind[k] == E_IMPORTER)
            ((const char **)s->importers)[s->n_importers++] = p->text;
    }
    g->stats.links = g->n_links;

cleanup:
    free(to);
    free(kind);
    free(seen);
    free(n_imp);
    free(fill);
    free(g->pend);
    g->pend = NULL;
    g->n_pend = g->cap_pend = 0;
    return st;
}

/* "S1 -> S2 -> S3 -> S1" for the cycle stack[from..] closed back to stack[from]. */
static void cycle_text(const fl_supply *g, const uint32_t *stack, size_t from, size_t top,
                       char *out, size_t cap)
{
    size_t n = top - from, used = 0;
    out[0] = '\0';
    for (size_t i = 0; i <= n && used + 1 < cap; i++) {
        if (n > 10 && i == 5) {
            int w = snprintf(out + used, cap - used, " -> ... (%zu more)", n - 8);
            used += w > 0 ? (size_t)w : 0;
            i = n - 3;
            continue;
        }
        uint32_t v = i < n ? stack[from + i] : stack[from];
        int w = snprintf(out + used, cap - used, "%s%.40s", i ? " -> " : "", g->sup[v].id);
        used += w > 0 ? (size_t)w : 0;
    }
}

/*
 * Depth-first search in list order; a link to a supplier still on the stack closes a cycle:
 * it is cut (left out of propagation) and reported. Iterative, so a chain of 100,000
 * suppliers does not overflow the C stack.
 */
static fl_status break_cycles(fl_supply *g)
{
    fl_status st = FL_OK;
    uint8_t *color = calloc(g->n ? g->n : 1, 1); /* 0 white, 1 on the stack, 2 done */
    uint32_t *stack = malloc((g->n ? g->n : 1) * sizeof *stack);
    uint32_t *next = malloc((g->n ? g->n : 1) * sizeof *next); /* next link to look at */
    uint32_t *pos = malloc((g->n ? g->n : 1) * sizeof *pos);   /* place on the stack */
    if (!color || !stack || !next || !pos) {
        st = FL_ERR_NOMEM;
        goto cleanup;
    }
    char text[600], why[760];
    for (size_t root = 0; root < g->n && st == FL_OK; root++) {
        if (color[root])
            continue;
        size_t top = 0;
        stack[top] = (uint32_t)root;
        pos[root] = 0;
        next[root] = g->out_off[root];
        color[root] = 1;
        top++;
        while (top && st == FL_OK) {
            uint32_t u = stack[top - 1];
            if (next[u] == g->out_off[u + 1]) {
                color[u] = 2;
                top--;
                continue;
            }
            uint32_t k = next[u]++;
            uint32_t v = g->out_to[k];
            if (color[v] == 0) {
                color[v] = 1;
                pos[v] = (uint32_t)top;
                next[v] = g->out_off[v];
                stack[top++] = v;
            } else if (color[v] == 1) {
                g->cut[k] = 1;
                g->stats.cycles++;
                if (g->stats.cycles > FL_SUPPLY_CYCLES_SHOWN)
                    continue;
                cycle_text(g, stack, pos[v], top, text, sizeof text);
                snprintf(why, sizeof why,
                         "cycle %s: the link %.40s -> %.40s is left out of exposure propagation",
                         text, g->sup[u].id, g->sup[v].id);
                st = issue_at(g, &g->sup[u], "supplies_to", g->sup[v].id, why);
            }
        }
    }
    if (st == FL_OK && g->stats.cycles > FL_SUPPLY_CYCLES_SHOWN) {
        snprintf(why, sizeof why,
                 "%zu more links close cycles and are left out of exposure propagation (only the "
                 "first %d are listed)",
                 g->stats.cycles - FL_SUPPLY_CYCLES_SHOWN, FL_SUPPLY_CYCLES_SHOWN);
        st = issue_at(g, NULL, "supplies_to", "", why);
    }
cleanup:
    free(color);
    free(stack);
    free(next);
    free(pos);
    return st;
}

fl_status fl_supply_load(const char *path, const fl_countries *countries,
                         const fl_name_tables *names, const fl_dq_sink *dq, fl_supply **out)
{
    *out = NULL;
    fl_supply *g = calloc(1, sizeof *g);
    loader l;
    memset(&l, 0, sizeof l);
    fl_status st = FL_ERR_NOMEM;
    if (!g)
        return FL_ERR_NOMEM;
    g->dq = dq;
    g->countries = countries;
    g->names = names;
    g->path = fl_arena_strdup(&g->arena, path);
    g->ids = fl_strmap_new();
    g->keys = fl_strmap_new();
    g->by_name = fl_strmap_new();
    l.g = g;
    l.m = (fl_mapped){&col_aliases[0][0], 10, col_names, C_COUNT, C_NAME + 1,
                      "supplier_id and name columns", l.col, 0, {NULL, 0, ""}};
    if (!g->path || !g->ids || !g->keys || !g->by_name)
        goto fail;
    st = fl_mapped_read(g->path, &l.m, add_row, &l);
    if (st != FL_OK)
        goto fail;
    g->file = l.m.file;
    g->stats.suppliers = g->n;
    if ((st = resolve_links(g)) != FL_OK || (st = break_cycles(g)) != FL_OK)
        goto fail;
    g->countries = NULL; /* borrowed for the load only */
    *out = g;
    return FL_OK;
fail:
    fl_supply_free(g);
    return st;
}

void fl_supply_free(fl_supply *g)
{
    if (!g)
        return;
    free(g->sup);
    fl_strmap_free(g->ids);
    fl_strmap_free(g->keys);
    fl_strmap_free(g->by_name);
    free(g->pend);
    free(g->out_off);
    free(g->out_to);
    free(g->cut);
    free(g->own);
    free(g->own_off);
    free(g->ex);
    free(g->ex_off);
    fl_arena_free(&g->arena);
    free(g);
}

/* ---- judging ------------------------------------------------------------------------------ */

typedef struct judge_ctx {
    fl_supply *g;
    const fl_ruleset *rs;
    const fl_gazetteer *gz;
    const fl_entity_index *ix;
    fl_matcher *m;
    fl_strmap *memo;    /* (country, regions, commodity) -> index into memo_off */
    uint32_t *memo_off; /* start of each memo entry's run in hits; entry i is [off[i], off[i+1]) */
    size_t n_memo, cap_memo;
    memo_hit *hits;
    size_t n_hits, cap_hits;
    fl_date *dates; /* scratch: probe dates */
    size_t cap_dates;
    fl_hit mh[64];
    /* the supplier being judged */
    fl_supply_own *own;
    size_t n_own, cap_own;
} judge_ctx;

static int cmp_date(const void *a, const void *b)
{
    fl_date x = *(const fl_date *)a, y = *(const fl_date *)b;
    return x < y ? -1 : x > y;
}

static bool push_date(judge_ctx *c, size_t *n, fl_date d)
{
    if (!fl_grow((void **)&c->dates, &c->cap_dates, *n + 1, sizeof *c->dates))
        return false;
    c->dates[(*n)++] = d;
    return true;
}

static bool push_memo_hit(judge_ctx *c, memo_hit h)
{
    if (!fl_grow((void **)&c->hits, &c->cap_hits, c->n_hits + 1, sizeof *c->hits))
        return false;
    c->hits[c->n_hits++] = h;
    return true;
}

/*
 * Everything the matcher says about s on any date: asked at the first day of each candidate
 * rule's window (a rule is in force then, and the matcher's answer for a rule depends on the
 * date only through the window). Appends one memo_hit per rule to c->hits.
 */
static fl_status probe(judge_ctx *c, fl_subject *s)
{
    const fl_ruleset *rs = c->rs;
    size_t nd = 0;
    const size_t *idx;
    size_t k = s->origin[0] ? fl_rules_for_country(rs, s->origin, &idx) : 0;
    for (size_t i = 0; i < k; i++)
        if (!push_date(c, &nd, rs->rules[idx[i]].valid_from))
            return FL_ERR_NOMEM;
    if (s->n_regions) {
        k = fl_rules_with_regions(rs, &idx);
        for (size_t i = 0; i < k; i++) {
            const fl_rule *r = &rs->rules[idx[i]];
            bool named = false;
            for (size_t q = 0; q < r->n_regions && !named; q++)
                for (size_t g = 0; g < s->n_regions && !named; g++)
                    named = strcmp(r->regions[q], s->regions[g].code) == 0;
            if (named && !push_date(c, &nd, r->valid_from))
                return FL_ERR_NOMEM;
        }
    }
    if (!nd)
        return FL_OK;
    qsort(c->dates, nd, sizeof *c->dates, cmp_date);
    size_t first = c->n_hits;
    for (size_t i = 0; i < nd; i++) {
        if (i && c->dates[i] == c->dates[i - 1])
            continue;
        s->date = c->dates[i];
        size_t n = fl_match_subject(c->m, s, c->mh, 64);
        c->g->stats.probes++;
        for (size_t h = 0; h < n && h < 64; h++) {
            bool dup = false;
            for (size_t q = first; q < c->n_hits && !dup; q++)
                dup = c->hits[q].rule == c->mh[h].rule;
            if (!dup && !push_memo_hit(c, (memo_hit){(uint32_t)c->mh[h].rule, c->mh[h].severity,
                                                     c->mh[h].match}))
                return FL_ERR_NOMEM;
        }
    }
    return FL_OK;
}

static bool push_own(judge_ctx *c, fl_supply_own o)
{
    /* one per rule: the highest severity (then the first commodity) */
    for (size_t i = 0; i < c->n_own; i++) {
        if (c->own[i].rule != o.rule)
            continue;
        if (o.severity > c->own[i].severity)
            c->own[i] = o;
        return true;
    }
    if (!fl_grow((void **)&c->own, &c->cap_own, c->n_own + 1, sizeof *c->own))
        return false;
    c->own[c->n_own++] = o;
    return true;
}

static int cmp_own(const void *a, const void *b)
{
    const fl_supply_own *x = a, *y = b;
    return x->rule < y->rule ? -1 : x->rule > y->rule;
}

/* The memo run for (country, regions, commodity), computed on first use. */
static fl_status memo_get(judge_ctx *c, fl_subject *s, const char *commodity, size_t *from,
                          size_t *to)
{
    char key[512];
    size_t kl = (size_t)snprintf(key, sizeof key, "%s", s->origin);
    for (size_t i = 0; i < s->n_regions && kl < sizeof key; i++)
        kl += (size_t)snprintf(key + kl, sizeof key - kl, "%s%s", i ? "," : "\x1f",
                               s->regions[i].code);
    if (kl < sizeof key)
        kl += (size_t)snprintf(key + kl, sizeof key - kl, "\x1e%s", commodity);
    if (kl >= sizeof key)
        kl = sizeof key - 1; /* a very long commodity: its first 400-odd bytes decide */
    uint32_t v;
    bool added;
    if (fl_strmap_put(c->memo, key, kl, (uint32_t)c->n_memo, &v, &added, NULL) != FL_OK)
        return FL_ERR_NOMEM;
    if (!added) {
        *from = c->memo_off[v];
        *to = c->memo_off[v + 1];
        return FL_OK;
    }
    if (!fl_grow((void **)&c->memo_off, &c->cap_memo, c->n_memo + 2, sizeof *c->memo_off))
        return FL_ERR_NOMEM;
    if (c->n_memo == 0)
        c->memo_off[0] = (uint32_t)c->n_hits;
    fl_status st = probe(c, s);
    if (st != FL_OK)
        return st;
    c->memo_off[c->n_memo + 1] = (uint32_t)c->n_hits;
    *from = c->memo_off[c->n_memo];
    *to = c->n_hits;
    c->n_memo++;
    return FL_OK;
}

/* Own exposures of supplier i into c->own (unsorted). */
static fl_status judge_one(judge_ctx *c, uint32_t i)
{
    fl_supply *g = c->g;
    const fl_supplier *sp = &g->sup[i];
    const fl_ruleset *rs = c->rs;
    fl_region_ref regions[MAX_REGIONS];
    size_t n_regions = 0;
    c->n_own = 0;
    if (c->gz && sp->address[0]) {
        fl_region_hit rh[MAX_REGIONS];
        size_t k = fl_regions_detect(c->gz, sp->address, strlen(sp->address), sp->country, rh,
                                     MAX_REGIONS);
        for (size_t q = 0; q < k && q < MAX_REGIONS; q++) {
            bool dup = false;
            for (size_t z = 0; z < n_regions && !dup; z++)
                dup = strcmp(regions[z].code, rh[q].region) == 0;
            if (!dup)
                regions[n_regions++] =
                    (fl_region_ref){rh[q].region, rh[q].place, FL_F_SHIPPER_ADDRESS,
                                    (uint32_t)rh[q].start, (uint32_t)rh[q].end};
        }
    }
    for (size_t k = 0; k < sp->n_commodities; k++) {
        const char *com = sp->commodities[k];
        char hs[FL_HS_MAX + 1];
        fl_subject s;
        memset(&s, 0, sizeof s);
        memcpy(s.origin, sp->country, sizeof s.origin);
        s.origin_raw = fl_slice_cstr(sp->country_raw);
        s.regions = regions;
        s.n_regions = n_regions;
        if (fl_hs_normalise(com, strlen(com), hs) == FL_HS_OK) {
            s.hs = hs;
        } else {
            hs[0] = '\0';
            s.hs = hs;
            s.description = fl_slice_cstr(com);
        }
        if (!s.origin[0] && !s.n_regions)
            continue;
        size_t from, to;
        fl_status st = memo_get(c, &s, s.hs[0] ? s.hs : com, &from, &to);
        if (st != FL_OK)
            return st;
        for (size_t h = from; h < to; h++) {
            const memo_hit *mh = &c->hits[h];
            const char *what;
            if (mh->match == FL_MATCH_REGION) {
                const fl_rule *r = &rs->rules[mh->rule];
                size_t g_i = 0;
                for (size_t z = 0; z < n_regions; z++) {
                    bool named = false;
                    for (size_t q = 0; q < r->n_regions && !named; q++)
                        named = strcmp(r->regions[q], regions[z].code) == 0;
                    if (named) {
                        g_i = z;
                        break;
                    }
                }
                what = fl_arena_printf(&g->arena, "%s ('%s' in the address) %s", regions[g_i].code,
                                       regions[g_i].place, com);
            } else {
                what = fl_arena_printf(&g->arena, "%s %s", sp->country, com);
            }
            if (!what || !push_own(c, (fl_supply_own){mh->rule, mh->severity, mh->match, what}))
                return FL_ERR_NOMEM;
        }
    }
    if (c->ix && sp->name[0]) {
        fl_entity_hit eh[MAX_ENTITY_HITS];
        size_t k =
            fl_entity_screen(c->ix, sp->name, strlen(sp->name), sp->country, eh, MAX_ENTITY_HITS);
        for (size_t q = 0; q < k && q < MAX_ENTITY_HITS; q++) {
            if (eh[q].possible)
                continue;
            const fl_rule *r = &rs->rules[eh[q].rule];
            const char *listed = eh[q].name_index < r->n_names ? r->names[eh[q].name_index] : "";
            const char *what = fl_arena_printf(&g->arena, "%s list name '%s' (score %.2f)",
                                               fl_basis_str(r->basis), listed, eh[q].score);
            if (!what || !push_own(c, (fl_supply_own){(uint32_t)eh[q].rule, r->severity,
                                                      FL_MATCH_ENTITY, what}))
                return FL_ERR_NOMEM;
        }
    }
    return FL_OK;
}

/* Import bans that reach goods made wholly or in part with the input, at any tier. */
static bool every_tier(fl_basis basis)
{
    return basis == FL_BASIS_WRO || basis == FL_BASIS_UFLPA_REGION ||
           basis == FL_BASIS_UFLPA_ENTITY;
}

fl_severity fl_supply_step(fl_basis basis, fl_severity own, uint32_t dist)
{
    if (every_tier(basis))
        return own;
    return dist >= (uint32_t)own ? FL_SEV_LOW : (fl_severity)(own - (fl_severity)dist);
}

typedef struct src_entry {
    uint32_t rule, sup;
    fl_severity sev;
} src_entry;

/* By rule, then strongest first, then list order. */
static int cmp_src(const void *a, const void *b)
{
    const src_entry *x = a, *y = b;
    if (x->rule != y->rule)
        return x->rule < y->rule ? -1 : 1;
    if (x->sev != y->sev)
        return x->sev > y->sev ? -1 : 1;
    return x->sup < y->sup ? -1 : x->sup > y->sup;
}

/*
 * One multi-source BFS per rule, downstream over the links that close no cycle. Appends
 * (supplier, rule, distance, via, source) entries, then orders them by supplier (stable, so
 * each supplier's entries stay in rule order).
 */
/* Work arrays of the propagation (one entry a supplier) and the exposures found so far. */
typedef struct spread {
    uint32_t *mark, stamp; /* mark[v] == stamp: v reached for the current rule */
    uint32_t *dist, *via, *from, *queue;
    fl_severity *srcsev;
    fl_supply_exposure *ex; /* in rule order; owner[k] is the supplier of ex[k] */
    uint32_t *owner;
    size_t n_ex, cap_ex;
} spread;

/*
 * Breadth-first search from the sources src[a..b) (one rule) along the links not cut;
 * returns how many suppliers it reached, listed in w->queue with their distance, next hop
 * and source.
 */
static size_t spread_rule(const fl_supply *g, spread *w, const src_entry *src, size_t a, size_t b,
                          fl_basis basis)
{
    size_t head = 0, tail = 0, n = g->n;
    /* locals, so that the stores into the arrays need not reload them */
    uint32_t *mark = w->mark, *dist = w->dist, *via = w->via, *from = w->from, *queue = w->queue;
    const uint32_t stamp = ++w->stamp;
    for (size_t q = a; q < b; q++)
        w->srcsev[src[q].sup] = src[q].sev;
    /*
     * The strongest exposure wins, then the nearest: a level-synchronous BFS in which a
     * source enters at a level offset by how far its own severity is below critical.
     * TVPRA-like bases lose a level per link, so offset and distance add up (a high
     * source two links away ties with a medium one a link away: both give low). Bans
     * keep their severity at any distance, so each severity class is searched to the end
     * before the next one enters (offset beyond any distance). Sources are not marked:
     * a matching supplier also inherits from farther up.
     */
    uint64_t step =
        fl_supply_step(basis, FL_SEV_CRITICAL, 1) == FL_SEV_CRITICAL ? (uint64_t)n + 1 : 1;
    size_t next = a;
    uint64_t level = 0;
    for (;;) {
        if (head == tail) { /* frontier empty: jump to the next sources' level */
            if (next == b)
                break;
            uint64_t enter = (uint64_t)(FL_SEV_CRITICAL - src[next].sev) * step + 1;
            if (enter > level)
                level = enter;
        }
        while (next < b && (uint64_t)(FL_SEV_CRITICAL - src[next].sev) * step + 1 == level) {
            uint32_t u = src[next++].sup;
            for (uint32_t k = g->out_off[u]; k < g->out_off[u + 1]; k++) {
                uint32_t v = g->out_to[k];
                if (g->cut[k] || mark[v] == stamp)
                    continue;
                mark[v] = stamp;
                dist[v] = 1;
                via[v] = u;
                from[v] = u;
                queue[tail++] = v;
            }
        }
        size_t end = tail; /* expand this level into the next one */
        while (head < end) {
            uint32_t v = queue[head++];
            for (uint32_t k = g->out_off[v]; k < g->out_off[v + 1]; k++) {
                uint32_t x = g->out_to[k];
                if (g->cut[k] || mark[x] == stamp)
                    continue;
                mark[x] = stamp;
                dist[x] = dist[v] + 1;
                via[x] = v;
                from[x] = from[v];
                queue[tail++] = x;
            }
        }
        level++;
    }
    return tail;
}

/* Append the exposures to rule of the reached suppliers w->queue[0..reached). */
static fl_status keep_exposures(const fl_supply *g, spread *w, uint32_t rule, fl_basis basis,
                                size_t reached)
{
    if (w->n_ex + reached > FL_SUPPLY_MAX_EXPOSURES) {
        fl_error("%s: the supplier graph would carry more than %zu inherited exposures "
                 "(supplier x rule); split the list",
                 g->path, FL_SUPPLY_MAX_EXPOSURES);
        return FL_ERR_INPUT;
    }
    /* ex and owner have one length: each grows on a copy of the capacity */
    size_t cap_o = w->cap_ex;
    if (!fl_grow((void **)&w->ex, &w->cap_ex, w->n_ex + reached, sizeof *w->ex) ||
        !fl_grow((void **)&w->owner, &cap_o, w->n_ex + reached, sizeof *w->owner))
        return FL_ERR_NOMEM;
    if (cap_o < w->cap_ex)
        w->cap_ex = cap_o;
    for (size_t q = 0; q < reached; q++) {
        uint32_t v = w->queue[q];
        w->owner[w->n_ex] = v;
        w->ex[w->n_ex++] =
            (fl_supply_exposure){rule, w->dist[v], w->via[v], w->from[v],
                                 fl_supply_step(basis, w->srcsev[w->from[v]], w->dist[v])};
    }
    return FL_OK;
}

/* g->ex and g->ex_off from the exposures, by a counting sort on the supplier (stable: rule
   order within a supplier). */
static fl_status sort_by_supplier(fl_supply *g, spread *w)
{
    size_t n = g->n;
    fl_supply_exposure *sorted = malloc((w->n_ex ? w->n_ex : 1) * sizeof *sorted);
    g->ex_off = calloc(n + 1, sizeof *g->ex_off);
    if (!g->ex_off || !sorted) {
        free(sorted);
        return FL_ERR_NOMEM;
    }
    for (size_t k = 0; k < w->n_ex; k++)
        g->ex_off[w->owner[k] + 1]++;
    for (size_t i = 0; i < n; i++)
        g->ex_off[i + 1] += g->ex_off[i];
    uint32_t *at = w->mark; /* reused: the next free place of each supplier */
    for (size_t i = 0; i < n; i++)
        at[i] = g->ex_off[i];
    for (size_t k = 0; k < w->n_ex; k++)
        sorted[at[w->owner[k]]++] = w->ex[k];
    g->ex = sorted;
    g->stats.exposures = w->n_ex;
    return FL_OK;
}

static fl_status propagate(fl_supply *g)
{
    fl_status st = FL_OK;
    size_t n = g->n, n_src = g->own_off[n], m = n ? n : 1;
    src_entry *src = malloc((n_src ? n_src : 1) * sizeof *src);
    spread w;
    memset(&w, 0, sizeof w);
    w.mark = calloc(m, sizeof *w.mark);
    w.dist = malloc(m * sizeof *w.dist);
    w.via = malloc(m * sizeof *w.via);
    w.from = malloc(m * sizeof *w.from);
    w.queue = malloc(m * sizeof *w.queue);
    w.srcsev = malloc(m * sizeof *w.srcsev);
    if (!src || !w.mark || !w.dist || !w.via || !w.from || !w.queue || !w.srcsev) {
        st = FL_ERR_NOMEM;
        goto cleanup;
    }
    for (size_t i = 0; i < n; i++)
        for (uint32_t k = g->own_off[i]; k < g->own_off[i + 1]; k++)
            src[k] = (src_entry){g->own[k].rule, (uint32_t)i, g->own[k].severity};
    qsort(src, n_src, sizeof *src, cmp_src);

    for (size_t a = 0, b; a < n_src && st == FL_OK; a = b) {
        for (b = a; b < n_src && src[b].rule == src[a].rule;)
            b++;
        fl_basis basis = g->rs->rules[src[a].rule].basis;
        size_t reached = spread_rule(g, &w, src, a, b, basis);
        st = keep_exposures(g, &w, src[a].rule, basis, reached);
    }
    if (st == FL_OK)
        st = sort_by_supplier(g, &w);

cleanup:
    free(src);
    free(w.mark);
    free(w.dist);
    free(w.via);
    free(w.from);
    free(w.queue);
    free(w.srcsev);
    free(w.ex);
    free(w.owner);
    return st;
}

fl_status fl_supply_judge(fl_supply *g, const fl_ruleset *rs, const fl_gazetteer *gz,
                          const fl_entity_index *ix)
{
    fl_status st = FL_OK;
    judge_ctx c;
    memset(&c, 0, sizeof c);
    c.g = g;
    c.rs = rs;
    c.gz = gz;
    c.ix = ix;
    g->rs = rs;
    c.m = fl_matcher_new(rs, NULL); /* entity screening is done once per supplier, below */
    c.memo = fl_strmap_new();
    g->own_off = calloc(g->n + 1, sizeof *g->own_off);
    fl_supply_own *all = NULL;
    size_t n_all = 0, cap_all = 0;
    if (!c.m || !c.memo || !g->own_off) {
        st = FL_ERR_NOMEM;
        goto cleanup;
    }
    for (size_t i = 0; i < g->n; i++) {
        if ((st = judge_one(&c, (uint32_t)i)) != FL_OK)
            goto cleanup;
        if (c.n_own > 1)
            qsort(c.own, c.n_own, sizeof *c.own, cmp_own);
        if (!fl_grow((void **)&all, &cap_all, n_all + c.n_own, sizeof *all)) {
            st = FL_ERR_NOMEM;
            goto cleanup;
        }
        if (c.n_own) {
            memcpy(all + n_all, c.own, c.n_own * sizeof *c.own);
            g->stats.judged_own++;
        }
        n_all += c.n_own;
        g->own_off[i + 1] = (uint32_t)n_all;
    }
    g->own = all;
    all = NULL;
    st = propagate(g);
cleanup:
    free(all);
    fl_matcher_free(c.m);
    fl_strmap_free(c.memo);
    free(c.memo_off);
    free(c.hits);
    free(c.dates);
    free(c.own);
    return st;
}

/* ---- queries ------------------------------------------------------------------------------ */

const fl_file_read *fl_supply_file(const fl_supply *g)
{
    return &g->file;
}

const fl_supply_stats *fl_supply_get_stats(const fl_supply *g)
{
    return &g->stats;
}

size_t fl_supply_count(const fl_supply *g)
{
    return g ? g->n : 0;
}

const fl_supplier *fl_supply_get(const fl_supply *g, uint32_t i)
{
    return g && i < g->n ? &g->sup[i] : NULL;
}

size_t fl_supply_buyers(const fl_supply *g, uint32_t i, const uint32_t **out)
{
    if (!g || i >= g->n) {
        *out = NULL;
        return 0;
    }
    *out = g->out_to + g->out_off[i];
    return g->out_off[i + 1] - g->out_off[i];
}

size_t fl_supply_own_hits(const fl_supply *g, uint32_t i, const fl_supply_own **out)
{
    if (!g || i >= g->n || !g->own_off) {
        *out = NULL;
        return 0;
    }
    *out = g->own + g->own_off[i];
    return g->own_off[i + 1] - g->own_off[i];
}

const fl_supply_own *fl_supply_own_for(const fl_supply *g, uint32_t i, uint32_t rule)
{
    const fl_supply_own *o;
    size_t n = fl_supply_own_hits(g, i, &o);
    for (size_t k = 0; k < n; k++)
        if (o[k].rule == rule)
            return &o[k];
    return NULL;
}

size_t fl_supply_inherited(const fl_supply *g, uint32_t i, const fl_supply_exposure **out)
{
    if (!g || i >= g->n || !g->ex_off) {
        *out = NULL;
        return 0;
    }
    *out = g->ex + g->ex_off[i];
    return g->ex_off[i + 1] - g->ex_off[i];
}

/* Supplier i's inherited entry for rule (binary search: entries are in rule order). */
static const fl_supply_exposure *exposure_for(const fl_supply *g, uint32_t i, uint32_t rule)
{
    const fl_supply_exposure *e;
    size_t n = fl_supply_inherited(g, i, &e);
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (e[mid].rule < rule)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && e[lo].rule == rule ? &e[lo] : NULL;
}

uint32_t fl_supply_find(fl_supply *g, fl_slice supplier_id, fl_slice shipper_name)
{
    uint32_t v;
    if (!g)
        return FL_SUPPLY_NONE;
    fl_slice id = trim(supplier_id);
    if (id.len && fl_strmap_get(g->ids, id.ptr, id.len, &v))
        return v;
    if (!shipper_name.len)
        return FL_SUPPLY_NONE;
    /* asked, then added on a miss: the name is hashed once */
    uint64_t h = fl_hash_bytes(shipper_name.ptr, shipper_name.len);
    if (fl_strmap_get_h(g->by_name, shipper_name.ptr, shipper_name.len, h, &v))
        return v;
    char key[FL_PARTY_KEY];
    size_t k = fl_party_key(g->names, shipper_name.ptr, shipper_name.len, key, sizeof key);
    if (!k || !fl_strmap_get(g->keys, key, k, &v))
        v = FL_SUPPLY_NONE;
    /* A full cache (or no memory for it) only costs speed. */
    if (fl_strmap_count(g->by_name) < NAME_CACHE_MAX)
        (void)fl_strmap_put_h(g->by_name, shipper_name.ptr, shipper_name.len, h, v, NULL, NULL,
                              NULL);
    return v;
}

/* "Name (CC, tier N)" with the name cut at PATH_NAME_MAX bytes on a character boundary. */
static size_t hop_text(const fl_supply *g, uint32_t i, char *out, size_t cap)
{
    const fl_supplier *s = &g->sup[i];
    size_t nl = strlen(s->name);
    const char *name = nl ? s->name : s->id;
    if (!nl)
        nl = strlen(s->id);
    bool cut = nl > PATH_NAME_MAX;
    if (cut) {
        nl = PATH_NAME_MAX;
        while (nl && ((unsigned char)name[nl] & 0xC0) == 0x80)
            nl--;
    }
    const char *cc = s->country[0] ? s->country : s->country_raw[0] ? s->country_raw : "?";
    int w;
    if (s->tier)
        w = snprintf(out, cap, "%.*s%s (%.20s, tier %u)", (int)nl, name, cut ? "..." : "", cc,
                     s->tier);
    else
        w = snprintf(out, cap, "%.*s%s (%.20s)", (int)nl, name, cut ? "..." : "", cc);
    return w < 0 ? 0 : (size_t)w >= cap ? cap - 1 : (size_t)w;
}

char *fl_supply_path_text(const fl_supply *g, uint32_t i, const fl_supply_exposure *e, char *out,
                          size_t cap)
{
    size_t used = 0, total = (size_t)e->dist + 1;
    char hop[160];
    uint32_t v = i;
    const fl_supply_exposure *cur = e;
    out[0] = '\0';
    for (size_t h = 0; h < total && used + 1 < cap; h++) {
        bool show = total <= PATH_SHOWN || h < 3 || h >= total - 2;
        if (show) {
            hop_text(g, v, hop, sizeof hop);
            int w = snprintf(out + used, cap - used, "%s%s", h ? " <- " : "", hop);
            used = w < 0 ? used : used + (size_t)w >= cap ? cap - 1 : used + (size_t)w;
        } else if (h == 3) {
            int w = snprintf(out + used, cap - used, " <- ... (%zu more) ...", total - 5);
            used = w < 0 ? used : used + (size_t)w >= cap ? cap - 1 : used + (size_t)w;
        }
        if (h + 1 == total)
            break;
        /* Step upstream: the link this supplier's exposure came over. */
        uint32_t up = cur->via;
        if (cur->dist > 1) {
            cur = exposure_for(g, up, e->rule);
            if (!cur)
                break; /* cannot happen: a BFS parent was reached one step earlier */
        }
        v = up;
    }
    return out;
}

static const char *labor_words(unsigned labor)
{
    switch (labor) {
    case FL_LABOR_FORCED:
        return "forced labor";
    case FL_LABOR_CHILD:
        return "child labor";
    default:
        return "forced and child labor";
    }
}

/* Append printf output at out[*used], cut at cap (always NUL-terminated). */
static void append(char *out, size_t cap, size_t *used, const char *fmt, ...) FL_PRINTF(4, 5);
static void append(char *out, size_t cap, size_t *used, const char *fmt, ...)
{
    if (*used + 1 >= cap)
        return;
    va_list ap;
    va_start(ap, fmt);
    int w = vsnprintf(out + *used, cap - *used, fmt, ap);
    va_end(ap);
    if (w > 0)
        *used = *used + (size_t)w >= cap ? cap - 1 : *used + (size_t)w;
}

/*
 * "<path>: <what>, <basis> <labor> <window>[; <date> within the window]; severity ...": the
 * evidence of an indirect flag (with the date) and the Suppliers sheet's text (without).
 */
static void exposure_text(const fl_supply *g, uint32_t x, const fl_supply_exposure *e, fl_date d,
                          bool as_of, char *out, size_t cap)
{
    const fl_rule *r = &g->rs->rules[e->rule];
    const fl_supply_own *o = fl_supply_own_for(g, e->source, e->rule);
    char path[400], from[11], to[11], day[11];
    size_t used = 0;
    out[0] = '\0';
    fl_supply_path_text(g, x, e, path, sizeof path);
    fl_date_format(r->valid_from, from);
    fl_date_format(r->valid_to, to);
    append(out, cap, &used, "%s: %.200s, %s %s %s..%s", path, o ? o->what : "?",
           fl_basis_str(r->basis), labor_words(r->labor), from,
           r->valid_to == FL_DATE_OPEN ? "open" : to);
    if (d) {
        fl_date_format(d, day);
        append(out, cap, &used, "; %s%s within the window", day, as_of ? " (--as-of)" : "");
    }
    fl_severity own = o ? o->severity : r->severity;
    if (e->severity == r->severity) {
        append(out, cap, &used, "; severity %s%s", fl_severity_str(e->severity),
               every_tier(r->basis) ? ", kept at every tier" : "");
        return;
    }
    /* Both reasons are named whenever they apply, even when the first already reached low. */
    bool words = own < r->severity, tiers = !every_tier(r->basis);
    append(out, cap, &used, "; severity %s stepped down to %s (", fl_severity_str(r->severity),
           fl_severity_str(e->severity));
    if (words)
        append(out, cap, &used, "commodity named in words%s", tiers ? "; " : "");
    if (tiers)
        append(out, cap, &used, "%u tier%s upstream", e->dist, e->dist == 1 ? "" : "s");
    append(out, cap, &used, "%s)", e->severity == FL_SEV_LOW ? ", never below low" : "");
}

char *fl_supply_exposure_text(const fl_supply *g, uint32_t i, const fl_supply_exposure *e,
                              char *out, size_t cap)
{
    exposure_text(g, i, e, 0, false, out, cap);
    return out;
}

size_t fl_supply_hits(const fl_supply *g, uint32_t x, fl_date d, bool as_of, fl_hit *hits,
                      size_t max)
{
    const fl_supply_exposure *e;
    size_t n = fl_supply_inherited(g, x, &e), k = 0;
    for (size_t i = 0; i < n; i++) {
        if (!fl_rule_in_force(&g->rs->rules[e[i].rule], d))
            continue;
        if (k < max) {
            fl_hit *h = &hits[k];
            h->rule = e[i].rule;
            h->severity = e[i].severity;
            h->match = FL_MATCH_INDIRECT;
            h->upstream = e[i].source;
            h->span = (fl_span){FL_F_COUNT, 0, 0};
            exposure_text(g, x, &e[i], d, as_of, h->evidence, sizeof h->evidence);
        }
        k++;
    }
    return k;
}
