/* rules.c - loading, validating and indexing the rule set; see rules.h and rules/README.md. */
#include "rules.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "diag.h"
#include "digest.h"
#include "table.h"

#define N_CODES (26 * 26)

typedef struct idxvec {
    size_t *v;
    size_t n, cap;
} idxvec;

typedef struct priv {
    fl_arena arena;
    idxvec by_country[N_CODES];
    idxvec with_regions;
    idxvec entities;
    size_t cap_sources, cap_commodities, cap_rules, cap_sizes;
} priv;

static bool parse_labor(const char *s, unsigned *out)
{
    if (strcasecmp(s, "forced") == 0)
        *out = FL_LABOR_FORCED;
    else if (strcasecmp(s, "child") == 0)
        *out = FL_LABOR_CHILD;
    else if (strcasecmp(s, "forced+child") == 0 || strcasecmp(s, "child+forced") == 0)
        *out = FL_LABOR_FORCED | FL_LABOR_CHILD;
    else
        return false;
    return true;
}

static int code_slot(const char *cc)
{
    if (!isupper((unsigned char)cc[0]) || !isupper((unsigned char)cc[1]))
        return -1;
    return (cc[0] - 'A') * 26 + (cc[1] - 'A');
}

static bool push_idx(idxvec *v, size_t i)
{
    if (!fl_grow((void **)&v->v, &v->cap, v->n + 1, sizeof *v->v))
        return false;
    v->v[v->n++] = i;
    return true;
}

static bool valid_id(const fl_slice *s)
{
    if (!s->len || s->len > 100)
        return false;
    for (size_t i = 0; i < s->len; i++) {
        unsigned char c = (unsigned char)s->ptr[i];
        if (!isalnum(c) && c != '.' && c != '_' && c != '-')
            return false;
    }
    return true;
}

static fl_slice trim(fl_slice s)
{
    while (s.len && isspace((unsigned char)s.ptr[0]))
        s.ptr++, s.len--;
    while (s.len && isspace((unsigned char)s.ptr[s.len - 1]))
        s.len--;
    return s;
}

/* Split a ';'-separated list; calls fn on each non-empty trimmed item. */
typedef bool (*item_fn)(fl_slice item, void *ctx);
static bool each_item(fl_slice list, char sep, item_fn fn, void *ctx)
{
    size_t i = 0;
    while (i <= list.len) {
        size_t j = i;
        while (j < list.len && list.ptr[j] != sep)
            j++;
        fl_slice it = trim((fl_slice){list.ptr + i, j - i});
        if (it.len && !fn(it, ctx))
            return false;
        i = j + 1;
    }
    return true;
}

/* fl_grow to hold element n, the new elements zeroed. */
static bool grow_array(void **arr, size_t *cap, size_t n, size_t elem)
{
    size_t old = *cap;
    if (!fl_grow(arr, cap, n + 1, elem))
        return false;
    memset((char *)*arr + old * elem, 0, (*cap - old) * elem);
    return true;
}

typedef struct loadctx {
    fl_ruleset *rs;
    priv *pv;
    const fl_countries *countries;
    const char *file; /* current table, borrowed from rs->files */
    unsigned errors;
} loadctx;

static char *adup(loadctx *L, fl_slice s)
{
    s = trim(s);
    return fl_arena_strndup(&L->pv->arena, s.ptr, s.len);
}

/* ---- ruleset.csv ------------------------------------------------------------------- */

static fl_status on_meta(const fl_table_row *row, void *p)
{
    loadctx *L = p;
    char key[32];
    fl_table_cell(row, 0, key, sizeof key);
    char *val = adup(L, row->cells[1]);
    if (!val)
        return FL_ERR_NOMEM;
    if (strcmp(key, "name") == 0)
        L->rs->name = val;
    else if (strcmp(key, "version") == 0)
        L->rs->version = val;
    else if (strcmp(key, "date") == 0) {
        if (!fl_date_parse_iso(val, strlen(val))) {
            fl_table_error(row, 1, "bad date '%s'; expected YYYY-MM-DD", val);
            L->errors++;
        }
        L->rs->date = val;
    } else if (strcmp(key, "description") == 0)
        L->rs->description = val;
    return FL_OK;
}

/* ---- sources.csv ------------------------------------------------------------------- */

static bool valid_source_date(fl_slice s)
{
    char buf[16];
    if (s.len == 10)
        return fl_date_parse_iso(s.ptr, s.len) != 0;
    if (s.len != 4 && s.len != 7)
        return false;
    memcpy(buf, s.ptr, s.len);
    if (s.len == 4)
        memcpy(buf + 4, "-01-01", 7);
    else
        memcpy(buf + 7, "-01", 4);
    return fl_date_parse_iso(buf, 10) != 0;
}

static fl_status on_source(const fl_table_row *row, void *p)
{
    loadctx *L = p;
    fl_ruleset *rs = L->rs;
    fl_slice id = trim(row->cells[0]);
    char tmp[128];
    if (!valid_id(&id)) {
        fl_table_error(row, 0, "bad source id '%s'; use letters, digits, '.', '_' and '-'",
                       fl_table_cell(row, 0, tmp, sizeof tmp));
        L->errors++;
        return FL_OK;
    }
    for (size_t i = 0; i < rs->n_sources; i++)
        if (strlen(rs->sources[i].id) == id.len && memcmp(rs->sources[i].id, id.ptr, id.len) == 0) {
            fl_table_error(row, 0, "duplicate source id '%.*s'", (int)id.len, id.ptr);
            L->errors++;
            return FL_OK;
        }
    fl_slice date = trim(row->cells[3]), url = trim(row->cells[4]);
    if (!valid_source_date(date)) {
        fl_table_error(row, 3, "bad date '%.*s'; expected YYYY, YYYY-MM or YYYY-MM-DD",
                       (int)date.len, date.ptr);
        L->errors++;
    }
    if (!(url.len > 8 && (strncmp(url.ptr, "http://", 7) == 0 || strncmp(url.ptr, "https://", 8) == 0))) {
        fl_table_error(row, 4, "source '%.*s' has no http(s) URL", (int)id.len, id.ptr);
        L->errors++;
    }
    if (!trim(row->cells[1]).len) {
        fl_table_error(row, 1, "source '%.*s' has no title", (int)id.len, id.ptr);
        L->errors++;
    }
    if (!grow_array((void **)&rs->sources, &L->pv->cap_sources, rs->n_sources, sizeof *rs->sources))
        return FL_ERR_NOMEM;
    fl_source *s = &rs->sources[rs->n_sources++];
    s->id = adup(L, id);
    s->title = adup(L, row->cells[1]);
    s->publisher = adup(L, row->cells[2]);
    s->date = adup(L, date);
    s->url = adup(L, url);
    if (!s->id || !s->title || !s->publisher || !s->date || !s->url)
        return FL_ERR_NOMEM;
    return FL_OK;
}

/* ---- commodities.csv --------------------------------------------------------------- */

typedef struct hsctx {
    loadctx *L;
    const fl_table_row *row;
    char **list;
    size_t n;
} hsctx;

static bool add_prefix(fl_slice it, void *p)
{
    hsctx *h = p;
    bool ok = it.len >= 2 && it.len <= 10;
    for (size_t i = 0; ok && i < it.len; i++)
        ok = isdigit((unsigned char)it.ptr[i]);
    if (!ok) {
        fl_table_error(h->row, 2, "bad HS prefix '%.*s'; expected 2 to 10 digits", (int)it.len,
                       it.ptr);
        h->L->errors++;
        return true;
    }
    h->list[h->n] = fl_arena_strndup(&h->L->pv->arena, it.ptr, it.len);
    if (!h->list[h->n])
        return false;
    h->n++;
    return true;
}

static fl_regex *compile_cell(loadctx *L, const fl_table_row *row, size_t cell, char **text)
{
    fl_slice pat = trim(row->cells[cell]);
    *text = adup(L, pat);
    if (!*text || !pat.len)
        return NULL;
    char err[256];
    size_t off = 0;
    fl_regex *re = fl_regex_compile(*text, err, sizeof err, &off);
    if (!re) {
        fl_table_error(row, cell, "pattern does not compile at offset %zu: %s", off, err);
        L->errors++;
    }
    return re;
}

static fl_status on_commodity(const fl_table_row *row, void *p)
{
    loadctx *L = p;
    fl_ruleset *rs = L->rs;
    fl_slice id = trim(row->cells[0]);
    if (!valid_id(&id) || (id.len == 1 && id.ptr[0] == '*')) {
        fl_table_error(row, 0, "bad commodity id '%.*s'", (int)id.len, id.ptr);
        L->errors++;
        return FL_OK;
    }
    for (size_t i = 0; i < rs->n_commodities; i++)
        if (strlen(rs->commodities[i].id) == id.len &&
            memcmp(rs->commodities[i].id, id.ptr, id.len) == 0) {
            fl_table_error(row, 0, "duplicate commodity id '%.*s'", (int)id.len, id.ptr);
            L->errors++;
            return FL_OK;
        }
    if (!grow_array((void **)&rs->commodities, &L->pv->cap_commodities, rs->n_commodities,
                    sizeof *rs->commodities))
        return FL_ERR_NOMEM;
    fl_commodity *c = &rs->commodities[rs->n_commodities++];
    c->id = adup(L, id);
    c->name = adup(L, row->cells[1]);
    c->note = adup(L, row->cells[5]);
    fl_slice hs = trim(row->cells[2]);
    size_t maxn = 1;
    for (size_t i = 0; i < hs.len; i++)
        maxn += hs.ptr[i] == ';';
    c->hs_prefixes = fl_arena_alloc(&L->pv->arena, maxn * sizeof(char *));
    if (!c->id || !c->name || !c->note || !c->hs_prefixes)
        return FL_ERR_NOMEM;
    hsctx h = {L, row, c->hs_prefixes, 0};
    if (!each_item(hs, ';', add_prefix, &h))
        return FL_ERR_NOMEM;
    c->n_hs = h.n;
    c->re = compile_cell(L, row, 3, &c->pattern);
    c->re_exclude = compile_cell(L, row, 4, &c->exclude);
    if (!c->n_hs && !c->re && !trim(row->cells[3]).len) {
        fl_table_error(row, 2, "commodity '%s' has neither HS prefixes nor a description pattern",
                       c->id);
        L->errors++;
    }
    return FL_OK;
}

/* ---- rules-*.csv ------------------------------------------------------------------- */

enum { R_ID, R_TITLE, R_BASIS, R_COUNTRIES, R_REGIONS, R_COMMODITIES, R_LABOR, R_SEVERITY,
       R_FROM, R_TO, R_SOURCES, R_NOTE, R_NCOLS };
static const char *const rule_cols[R_NCOLS] = {
    "id", "title", "basis", "countries", "regions", "commodities", "labor", "severity",
    "valid_from", "valid_to", "sources", "note"};

typedef struct listctx {
    loadctx *L;
    const fl_table_row *row;
    fl_rule *rule;
    size_t cap;
} listctx;

static bool add_country(fl_slice it, void *p)
{
    listctx *c = p;
    char code[3];
    char tmp[80];
    size_t n = it.len < sizeof tmp - 1 ? it.len : sizeof tmp - 1;
    memcpy(tmp, it.ptr, n);
    tmp[n] = '\0';
    bool ok = false;
    if (it.len == 2) {
        code[0] = (char)toupper((unsigned char)it.ptr[0]);
        code[1] = (char)toupper((unsigned char)it.ptr[1]);
        code[2] = '\0';
        ok = fl_country_valid(c->L->countries, code);
    } else {
        ok = fl_country_lookup(c->L->countries, it.ptr, it.len, code);
    }
    if (!ok) {
        fl_table_error(c->row, R_COUNTRIES,
                       "unknown country '%s'; expected ISO 3166-1 alpha-2 codes separated by ';'",
                       tmp);
        c->L->errors++;
        return true;
    }
    if (c->rule->n_countries == c->cap)
        return true;
    memcpy(c->rule->countries[c->rule->n_countries++], code, 3);
    return true;
}

static bool add_region(fl_slice it, void *p)
{
    listctx *c = p;
    /* ISO 3166-2: two letters, '-', one to three letters or digits */
    bool ok = it.len >= 4 && it.len <= 6 && isupper((unsigned char)it.ptr[0]) &&
              isupper((unsigned char)it.ptr[1]) && it.ptr[2] == '-';
    for (size_t i = 3; ok && i < it.len; i++)
        ok = isupper((unsigned char)it.ptr[i]) || isdigit((unsigned char)it.ptr[i]);
    if (!ok) {
        fl_table_error(c->row, R_REGIONS,
                       "bad region '%.*s'; expected ISO 3166-2 codes such as 'CN-XJ'",
                       (int)it.len, it.ptr);
        c->L->errors++;
        return true;
    }
    if (c->rule->n_regions == c->cap)
        return true;
    c->rule->regions[c->rule->n_regions] = fl_arena_strndup(&c->L->pv->arena, it.ptr, it.len);
    return c->rule->regions[c->rule->n_regions++] != NULL;
}

static bool add_commodity_ref(fl_slice it, void *p)
{
    listctx *c = p;
    fl_ruleset *rs = c->L->rs;
    if (it.len == 1 && it.ptr[0] == '*') {
        c->rule->all_goods = true;
        return true;
    }
    for (size_t i = 0; i < rs->n_commodities; i++)
        if (strlen(rs->commodities[i].id) == it.len &&
            memcmp(rs->commodities[i].id, it.ptr, it.len) == 0) {
            if (c->rule->n_commodities < c->cap)
                c->rule->commodities[c->rule->n_commodities++] = i;
            return true;
        }
    fl_table_error(c->row, R_COMMODITIES, "unknown commodity '%.*s'; define it in commodities.csv",
                   (int)it.len, it.ptr);
    c->L->errors++;
    return true;
}

static bool add_source_ref(fl_slice it, void *p)
{
    listctx *c = p;
    fl_ruleset *rs = c->L->rs;
    for (size_t i = 0; i < rs->n_sources; i++)
        if (strlen(rs->sources[i].id) == it.len && memcmp(rs->sources[i].id, it.ptr, it.len) == 0) {
            if (c->rule->n_sources < c->cap)
                c->rule->sources[c->rule->n_sources++] = i;
            return true;
        }
    fl_table_error(c->row, R_SOURCES, "unknown source '%.*s'; define it in sources.csv",
                   (int)it.len, it.ptr);
    c->L->errors++;
    return true;
}

static size_t count_items(fl_slice s)
{
    size_t n = 1;
    for (size_t i = 0; i < s.len; i++)
        n += s.ptr[i] == ';';
    return n;
}

static fl_status on_rule_ex(const fl_table_row *row, loadctx *L, bool entity);

static fl_status on_rule(const fl_table_row *row, void *p)
{
    return on_rule_ex(row, p, false);
}

static fl_status on_rule_ex(const fl_table_row *row, loadctx *L, bool entity)
{
    fl_ruleset *rs = L->rs;
    char tmp[64];
    fl_slice id = trim(row->cells[R_ID]);
    if (!valid_id(&id)) {
        fl_table_error(row, R_ID, "bad rule id '%.*s'; use letters, digits, '.', '_' and '-'",
                       (int)(id.len > 60 ? 60 : id.len), id.ptr);
        L->errors++;
        return FL_OK;
    }
    if (!grow_array((void **)&rs->rules, &L->pv->cap_rules, rs->n_rules, sizeof *rs->rules))
        return FL_ERR_NOMEM;
    fl_rule *r = &rs->rules[rs->n_rules];
    memset(r, 0, sizeof *r);
    r->id = adup(L, id);
    r->title = adup(L, row->cells[R_TITLE]);
    r->note = adup(L, row->cells[R_NOTE]);
    r->file = L->file;
    r->line = (unsigned)row->line;
    if (!r->id || !r->title || !r->note)
        return FL_ERR_NOMEM;
    if (!*r->title) {
        fl_table_error(row, R_TITLE, "rule '%s' has no title", r->id);
        L->errors++;
    }
    if (!fl_basis_parse(fl_table_cell(row, R_BASIS, tmp, sizeof tmp), &r->basis)) {
        fl_table_error(row, R_BASIS,
                       "unknown basis '%s'; expected TVPRA, TVPRA-downstream, EO13126, WRO, "
                       "UFLPA-region or UFLPA-entity",
                       tmp);
        L->errors++;
    }
    if (!parse_labor(fl_table_cell(row, R_LABOR, tmp, sizeof tmp), &r->labor)) {
        fl_table_error(row, R_LABOR, "unknown labor type '%s'; expected forced, child or forced+child",
                       tmp);
        L->errors++;
    }
    if (!fl_severity_parse(fl_table_cell(row, R_SEVERITY, tmp, sizeof tmp), &r->severity)) {
        fl_table_error(row, R_SEVERITY,
                       "unknown severity '%s'; expected critical, high, medium or low", tmp);
        L->errors++;
    }
    fl_slice from = trim(row->cells[R_FROM]), to = trim(row->cells[R_TO]);
    r->valid_from = fl_date_parse_iso(from.ptr, from.len);
    if (!r->valid_from) {
        fl_table_error(row, R_FROM, "bad date '%.*s'; expected YYYY-MM-DD", (int)from.len, from.ptr);
        L->errors++;
    }
    r->valid_to = FL_DATE_OPEN;
    if (to.len) {
        r->valid_to = fl_date_parse_iso(to.ptr, to.len);
        if (!r->valid_to) {
            fl_table_error(row, R_TO, "bad date '%.*s'; expected YYYY-MM-DD or empty", (int)to.len,
                           to.ptr);
            L->errors++;
        } else if (r->valid_from && r->valid_to < r->valid_from) {
            fl_table_error(row, R_TO, "window ends before it starts (%.*s < %.*s)", (int)to.len,
                           to.ptr, (int)from.len, from.ptr);
            L->errors++;
        }
    }
    fl_slice cs = row->cells[R_COUNTRIES], rg = row->cells[R_REGIONS];
    fl_slice cm = row->cells[R_COMMODITIES], sr = row->cells[R_SOURCES];
    size_t nc = count_items(cs), nr = count_items(rg), nm = count_items(cm), ns = count_items(sr);
    r->countries = fl_arena_alloc(&L->pv->arena, nc * sizeof *r->countries);
    r->regions = fl_arena_alloc(&L->pv->arena, nr * sizeof *r->regions);
    r->commodities = fl_arena_alloc(&L->pv->arena, nm * sizeof *r->commodities);
    r->sources = fl_arena_alloc(&L->pv->arena, ns * sizeof *r->sources);
    if (!r->countries || !r->regions || !r->commodities || !r->sources)
        return FL_ERR_NOMEM;
    listctx lc = {L, row, r, nc};
    if (!each_item(cs, ';', add_country, &lc))
        return FL_ERR_NOMEM;
    lc.cap = nr;
    if (!each_item(rg, ';', add_region, &lc))
        return FL_ERR_NOMEM;
    lc.cap = nm;
    if (!each_item(cm, ';', add_commodity_ref, &lc))
        return FL_ERR_NOMEM;
    lc.cap = ns;
    if (!each_item(sr, ';', add_source_ref, &lc))
        return FL_ERR_NOMEM;
    if (!entity && !r->n_countries && !r->n_regions && !trim(cs).len && !trim(rg).len) {
        fl_table_error(row, R_COUNTRIES, "rule '%s' names no country and no region", r->id);
        L->errors++;
    }
    if (!r->n_commodities && !r->all_goods && !trim(cm).len) {
        fl_table_error(row, R_COMMODITIES, "rule '%s' names no commodity (use '*' for every good)",
                       r->id);
        L->errors++;
    }
    if (!r->n_sources && !trim(sr).len) {
        fl_table_error(row, R_SOURCES, "rule '%s' cites no source; every rule needs one", r->id);
        L->errors++;
    }
    for (size_t i = 0; i < rs->n_rules; i++)
        if (strcmp(rs->rules[i].id, r->id) == 0) {
            fl_table_error(row, R_ID, "duplicate rule id '%s' (first defined at %s:%u)", r->id,
                           rs->rules[i].file, rs->rules[i].line);
            L->errors++;
        }
    /* Kept even when invalid: later rows are checked against it, and a set with errors is
       refused as a whole anyway. */
    rs->n_rules++;
    return FL_OK;
}

/* ---- entities.csv ------------------------------------------------------------------ */

enum { E_ID, E_NAME, E_ALIASES, E_COUNTRY, E_REGIONS, E_BASIS, E_FROM, E_TO, E_COMMODITIES,
       E_SOURCES, E_NOTE, E_NCOLS };
static const char *const entity_cols[E_NCOLS] = {
    "id", "name", "aliases", "country", "regions", "basis", "listed_from", "listed_to",
    "commodities", "sources", "note"};

typedef struct namectx {
    loadctx *L;
    fl_rule *rule;
    size_t cap;
} namectx;

static bool add_name(fl_slice it, void *p)
{
    namectx *c = p;
    if (c->rule->n_names == c->cap)
        return true;
    c->rule->name_kinds[c->rule->n_names] = c->rule->n_names ? FL_NAME_ALIAS : FL_NAME_LISTED;
    c->rule->names[c->rule->n_names] = fl_arena_strndup(&c->L->pv->arena, it.ptr, it.len);
    return c->rule->names[c->rule->n_names++] != NULL;
}

/* An entity row becomes a rule whose names carry the listing, so flags, the Rules sheet and
   the writers treat entity listings like every other rule. */
static fl_status on_entity(const fl_table_row *row, void *p)
{
    static const int map[R_NCOLS] = {
        [R_ID] = E_ID, [R_TITLE] = -1, [R_BASIS] = E_BASIS, [R_COUNTRIES] = E_COUNTRY,
        [R_REGIONS] = E_REGIONS, [R_COMMODITIES] = E_COMMODITIES, [R_LABOR] = -1,
        [R_SEVERITY] = -1, [R_FROM] = E_FROM, [R_TO] = E_TO, [R_SOURCES] = E_SOURCES,
        [R_NOTE] = E_NOTE};
    loadctx *L = p;
    fl_slice cells[R_NCOLS];
    int colno[R_NCOLS];
    fl_slice name = trim(row->cells[E_NAME]);
    if (!name.len) {
        fl_table_error(row, E_NAME, "entity has no name");
        L->errors++;
        return FL_OK;
    }
    char *title = fl_arena_printf(&L->pv->arena, "Listed entity: %.*s", (int)name.len, name.ptr);
    if (!title)
        return FL_ERR_NOMEM;
    for (int k = 0; k < R_NCOLS; k++) {
        cells[k] = map[k] >= 0 ? row->cells[map[k]] : (fl_slice){"", 0};
        colno[k] = map[k] >= 0 ? row->colno[map[k]] : 0;
    }
    cells[R_TITLE] = fl_slice_cstr(title);
    cells[R_LABOR] = fl_slice_cstr("forced");
    cells[R_SEVERITY] = fl_slice_cstr("critical");
    if (!trim(cells[R_COMMODITIES]).len)
        cells[R_COMMODITIES] = fl_slice_cstr("*");
    fl_table_row rr = {row->file, row->line, cells, colno, rule_cols};
    size_t before = L->rs->n_rules;
    fl_status st = on_rule_ex(&rr, L, true);
    if (st != FL_OK || L->rs->n_rules == before)
        return st; /* the row's id was unusable */
    fl_rule *r = &L->rs->rules[L->rs->n_rules - 1];
    size_t cap = 2; /* the listed name and one alias; one more per '|' */
    for (size_t i = 0; i < row->cells[E_ALIASES].len; i++)
        cap += row->cells[E_ALIASES].ptr[i] == '|';
    r->names = fl_arena_alloc(&L->pv->arena, cap * sizeof *r->names);
    r->name_kinds = fl_arena_alloc(&L->pv->arena, cap);
    if (!r->names || !r->name_kinds)
        return FL_ERR_NOMEM;
    namectx nc = {L, r, cap};
    if (!add_name(name, &nc) || !each_item(row->cells[E_ALIASES], '|', add_name, &nc))
        return FL_ERR_NOMEM;
    return FL_OK;
}

/* ---- coverage.csv ------------------------------------------------------------------ */

enum { C_LIST, C_BASIS, C_COUNT, C_UNIT, C_COUNTRIES, C_AS_OF, C_SOURCES, C_NOTE, C_NCOLS };
static const char *const coverage_cols[C_NCOLS] = {"list",  "basis", "count",   "unit",
                                                   "countries", "as_of", "sources", "note"};

static bool whole(fl_slice s, uint64_t *out)
{
    s = trim(s);
    *out = 0;
    if (!s.len || s.len > 9)
        return false;
    for (size_t i = 0; i < s.len; i++) {
        if (!isdigit((unsigned char)s.ptr[i]))
            return false;
        *out = *out * 10 + (uint64_t)(s.ptr[i] - '0');
    }
    return true;
}

static bool add_size_source(fl_slice it, void *p)
{
    listctx *c = p;
    fl_ruleset *rs = c->L->rs;
    fl_list_size *z = &rs->sizes[rs->n_sizes];
    for (size_t i = 0; i < rs->n_sources; i++)
        if (strlen(rs->sources[i].id) == it.len && memcmp(rs->sources[i].id, it.ptr, it.len) == 0) {
            if (z->n_sources < c->cap)
                z->sources[z->n_sources++] = i;
            return true;
        }
    fl_table_error(c->row, C_SOURCES, "unknown source '%.*s'; define it in sources.csv",
                   (int)it.len, it.ptr);
    c->L->errors++;
    return true;
}

static fl_status on_size(const fl_table_row *row, void *p)
{
    static const char *const units[] = {"goods", "products", "entities", "orders"};
    loadctx *L = p;
    fl_ruleset *rs = L->rs;
    if (!grow_array((void **)&rs->sizes, &L->pv->cap_sizes, rs->n_sizes, sizeof *rs->sizes))
        return FL_ERR_NOMEM;
    fl_list_size *z = &rs->sizes[rs->n_sizes];
    memset(z, 0, sizeof *z);
    char tmp[64];
    z->list = adup(L, row->cells[C_LIST]);
    z->unit = adup(L, row->cells[C_UNIT]);
    z->note = adup(L, row->cells[C_NOTE]);
    z->line = (unsigned)row->line;
    size_t ns = count_items(row->cells[C_SOURCES]);
    z->sources = fl_arena_alloc(&L->pv->arena, ns * sizeof *z->sources);
    if (!z->list || !z->unit || !z->note || !z->sources)
        return FL_ERR_NOMEM;
    bool ok = *z->list != '\0';
    if (!ok)
        fl_table_error(row, C_LIST, "no list name");
    if (!fl_basis_parse(fl_table_cell(row, C_BASIS, tmp, sizeof tmp), &z->basis)) {
        fl_table_error(row, C_BASIS, "unknown basis '%s'", tmp);
        ok = false;
    }
    if (!whole(row->cells[C_COUNT], &z->count) || !z->count) {
        fl_table_error(row, C_COUNT, "expected the official number of listings");
        ok = false;
    }
    bool unit = false;
    for (size_t i = 0; i < sizeof units / sizeof *units; i++)
        unit = unit || strcmp(z->unit, units[i]) == 0;
    if (!unit) {
        fl_table_error(row, C_UNIT, "unknown unit '%s'; expected goods, products, entities or "
                       "orders", z->unit);
        ok = false;
    }
    if (trim(row->cells[C_COUNTRIES]).len && !whole(row->cells[C_COUNTRIES], &z->countries)) {
        fl_table_error(row, C_COUNTRIES, "expected a number of countries or nothing");
        ok = false;
    }
    fl_slice d = trim(row->cells[C_AS_OF]);
    if (!(z->as_of = fl_date_parse_iso(d.ptr, d.len))) {
        fl_table_error(row, C_AS_OF, "bad date '%.*s'; expected YYYY-MM-DD", (int)d.len, d.ptr);
        ok = false;
    }
    listctx lc = {L, row, NULL, ns};
    if (!each_item(row->cells[C_SOURCES], ';', add_size_source, &lc))
        return FL_ERR_NOMEM;
    if (!z->n_sources && !trim(row->cells[C_SOURCES]).len) {
        fl_table_error(row, C_SOURCES, "an official size needs its source");
        ok = false;
    }
    L->errors += !ok;
    rs->n_sizes++;
    return FL_OK;
}

/* ---- entity-extras*.csv ------------------------------------------------------------ */

enum { X_ENTITY, X_KIND, X_VALUE, X_SOURCES, X_NOTE, X_NCOLS };
static const char *const extra_cols[X_NCOLS] = {"entity", "kind", "value", "sources", "note"};

/* Append one string to an arena array of n (borrowed, grown by copying). */
static char **append_str(loadctx *L, char **arr, size_t n, fl_slice v)
{
    char **a = fl_arena_alloc(&L->pv->arena, (n + 1) * sizeof *a);
    if (!a)
        return NULL;
    if (n)
        memcpy(a, arr, n * sizeof *a);
    a[n] = adup(L, v);
    return a[n] ? a : NULL;
}

/* Every ';'-separated id of the sources cell must be in the sources tables; at least one. */
static void check_extra_sources(loadctx *L, const fl_table_row *row)
{
    fl_slice list = row->cells[X_SOURCES];
    size_t n = 0;
    for (size_t i = 0; i <= list.len;) {
        size_t j = i;
        while (j < list.len && list.ptr[j] != ';')
            j++;
        fl_slice it = trim((fl_slice){list.ptr + i, j - i});
        i = j + 1;
        if (!it.len)
            continue;
        n++;
        bool known = false;
        for (size_t k = 0; k < L->rs->n_sources && !known; k++)
            known = strlen(L->rs->sources[k].id) == it.len &&
                    memcmp(L->rs->sources[k].id, it.ptr, it.len) == 0;
        if (!known) {
            fl_table_error(row, X_SOURCES, "unknown source '%.*s'; define it in sources.csv",
                           (int)it.len, it.ptr);
            L->errors++;
        }
    }
    if (!n) {
        fl_table_error(row, X_SOURCES, "no source; every name, address or scope needs one");
        L->errors++;
    }
}

/* The entity rule a cell names, or NULL after reporting. */
static fl_rule *extra_entity(loadctx *L, const fl_table_row *row)
{
    fl_slice id = trim(row->cells[X_ENTITY]);
    for (size_t i = 0; i < L->rs->n_rules; i++) {
        fl_rule *r = &L->rs->rules[i];
        if (r->n_names && strlen(r->id) == id.len && memcmp(r->id, id.ptr, id.len) == 0)
            return r;
    }
    fl_table_error(row, X_ENTITY, "unknown entity '%.*s'; give the id of an entities table row",
                   (int)(id.len > 100 ? 100 : id.len), id.ptr);
    L->errors++;
    return NULL;
}

static fl_status on_extra(const fl_table_row *row, void *p)
{
    loadctx *L = p;
    fl_slice kind = trim(row->cells[X_KIND]), v = trim(row->cells[X_VALUE]);
    check_extra_sources(L, row);
    fl_rule *r = extra_entity(L, row);
    int k = -1;
    static const char *const kinds[] = {"alias", "former", "address", "subsidiaries"};
    for (int i = 0; i < 4; i++)
        if (strlen(kinds[i]) == kind.len && memcmp(kinds[i], kind.ptr, kind.len) == 0)
            k = i;
    if (k < 0) {
        fl_table_error(row, X_KIND,
                       "unknown kind '%.*s'; expected alias, former, address or subsidiaries",
                       (int)kind.len, kind.ptr);
        L->errors++;
        return FL_OK;
    }
    if (k == 3 ? !(v.len == 3 && memcmp(v.ptr, "yes", 3) == 0) : !v.len) {
        fl_table_error(row, X_VALUE,
                       k == 3 ? "a scope row says 'yes' (the listing covers the subsidiaries)"
                              : "missing %s",
                       kinds[k]);
        L->errors++;
        return FL_OK;
    }
    if (!r)
        return FL_OK;
    if (k == 3) {
        r->subsidiaries = true;
    } else if (k == 2) {
        if (!(r->addresses = append_str(L, r->addresses, r->n_addresses, v)))
            return FL_ERR_NOMEM;
        r->n_addresses++;
    } else {
        /* a name the entities table already gives: this row says what kind it is */
        for (size_t i = 0; i < r->n_names; i++)
            if (strlen(r->names[i]) == v.len && memcmp(r->names[i], v.ptr, v.len) == 0) {
                if (k == 1 && i > 0)
                    r->name_kinds[i] = FL_NAME_FORMER;
                return FL_OK;
            }
        unsigned char *kk = fl_arena_alloc(&L->pv->arena, r->n_names + 1);
        if (!kk || !(r->names = append_str(L, r->names, r->n_names, v)))
            return FL_ERR_NOMEM;
        memcpy(kk, r->name_kinds, r->n_names);
        kk[r->n_names++] = k == 1 ? FL_NAME_FORMER : FL_NAME_ALIAS;
        r->name_kinds = kk;
    }
    return FL_OK;
}

/* ---- files ------------------------------------------------------------------------- */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static fl_status list_files(loadctx *L, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) {
        fl_error("cannot read rule set '%s': %s; give the rules folder with --rules DIR", dir,
                 strerror(errno));
        return FL_ERR_INPUT;
    }
    struct dirent *e;
    size_t cap = 0;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.' || !ends_with(e->d_name, ".csv"))
            continue;
        if (!grow_array((void **)&L->rs->files, &cap, L->rs->n_files, sizeof(char *))) {
            closedir(d);
            return FL_ERR_NOMEM;
        }
        L->rs->files[L->rs->n_files] = fl_arena_strdup(&L->pv->arena, e->d_name);
        if (!L->rs->files[L->rs->n_files++]) {
            closedir(d);
            return FL_ERR_NOMEM;
        }
    }
    closedir(d);
    if (L->rs->n_files)
        qsort(L->rs->files, L->rs->n_files, sizeof(char *), cmp_str);
    return FL_OK;
}

static char *join_path(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", dir, name);
    return p;
}

static fl_status hash_files(loadctx *L, const char *dir)
{
    fl_sha256 *h = fl_sha256_new();
    if (!h)
        return FL_ERR_NOMEM;
    fl_status st = FL_OK;
    for (size_t i = 0; i < L->rs->n_files && st == FL_OK; i++) {
        char *path = join_path(dir, L->rs->files[i]);
        FILE *fp = path ? fopen(path, "rb") : NULL;
        if (!fp) {
            fl_error("cannot read '%s': %s", path ? path : L->rs->files[i], strerror(errno));
            st = FL_ERR_INPUT;
        } else {
            fl_sha256_update(h, L->rs->files[i], strlen(L->rs->files[i]) + 1);
            char buf[65536];
            size_t n;
            while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
                fl_sha256_update(h, buf, n);
            fclose(fp);
        }
        free(path);
    }
    fl_sha256_hex(h, L->rs->sha256);
    fl_sha256_free(h);
    return st;
}

static fl_status read_table(loadctx *L, const char *dir, const char *name,
                            const char *const *cols, size_t ncols, size_t nreq, fl_table_fn fn)
{
    char *path = join_path(dir, name);
    if (!path)
        return FL_ERR_NOMEM;
    L->file = NULL;
    for (size_t i = 0; i < L->rs->n_files; i++)
        if (strcmp(L->rs->files[i], name) == 0)
            L->file = L->rs->files[i];
    fl_status st;
    if (!L->file) {
        fl_error("rule set '%s' has no '%s'; see rules/README.md for the files it needs", dir, name);
        st = FL_ERR_RULES;
    } else {
        st = fl_table_read(path, L->file, cols, ncols, nreq, fn, L);
    }
    free(path);
    return st;
}

static fl_status build_index(fl_ruleset *rs, priv *pv)
{
    for (size_t i = 0; i < rs->n_rules; i++) {
        const fl_rule *r = &rs->rules[i];
        if (r->n_names) {
            if (!push_idx(&pv->entities, i))
                return FL_ERR_NOMEM;
            continue;
        }
        /* A rule that names regions fires on the region, never on its country alone. */
        for (size_t c = 0; !r->n_regions && c < r->n_countries; c++) {
            int slot = code_slot(r->countries[c]);
            if (slot >= 0 && !push_idx(&pv->by_country[slot], i))
                return FL_ERR_NOMEM;
        }
        if (r->n_regions && !push_idx(&pv->with_regions, i))
            return FL_ERR_NOMEM;
    }
    return FL_OK;
}

fl_status fl_rules_load(const char *dir, const fl_countries *countries, fl_ruleset **out)
{
    static const char *const meta_cols[] = {"key", "value"};
    static const char *const src_cols[] = {"id", "title", "publisher", "date", "url"};
    static const char *const com_cols[] = {"id", "name", "hs_prefixes", "description_pattern",
                                           "exclude_pattern", "note"};
    *out = NULL;
    fl_ruleset *rs = calloc(1, sizeof *rs);
    priv *pv = calloc(1, sizeof *pv);
    if (!rs || !pv) {
        free(rs);
        free(pv);
        return FL_ERR_NOMEM;
    }
    rs->priv = pv;
    loadctx L = {rs, pv, countries, NULL, 0};
    fl_status st = FL_OK;
    rs->dir = fl_arena_strdup(&pv->arena, dir);
    if (!rs->dir) {
        st = FL_ERR_NOMEM;
        goto fail;
    }
    if ((st = list_files(&L, dir)) != FL_OK || (st = hash_files(&L, dir)) != FL_OK)
        goto fail;
    /* Each table is read even after errors in an earlier one, to report everything at once. */
    fl_status worst = FL_OK;
    st = read_table(&L, dir, "ruleset.csv", meta_cols, 2, 2, on_meta);
    if (st != FL_OK)
        worst = st;
    st = read_table(&L, dir, "sources.csv", src_cols, 5, 5, on_source);
    if (st != FL_OK)
        worst = st;
    for (size_t i = 0; i < rs->n_files; i++) {
        if (strncmp(rs->files[i], "sources-", 8) != 0)
            continue;
        st = read_table(&L, dir, rs->files[i], src_cols, 5, 5, on_source);
        if (st != FL_OK)
            worst = st;
    }
    st = read_table(&L, dir, "commodities.csv", com_cols, 6, 4, on_commodity);
    if (st != FL_OK)
        worst = st;
    size_t n_tables = 0;
    for (size_t i = 0; i < rs->n_files; i++)
        if (strcmp(rs->files[i], "entities.csv") == 0 || strncmp(rs->files[i], "entities-", 9) == 0) {
            st = read_table(&L, dir, rs->files[i], entity_cols, E_NCOLS, E_NCOLS - 1, on_entity);
            if (st != FL_OK)
                worst = st;
        }
    for (size_t i = 0; i < rs->n_files; i++)
        if (strncmp(rs->files[i], "entity-extras", 13) == 0) {
            st = read_table(&L, dir, rs->files[i], extra_cols, X_NCOLS, X_NCOLS - 1, on_extra);
            if (st != FL_OK)
                worst = st;
        }
    for (size_t i = 0; i < rs->n_files; i++) {
        if (strncmp(rs->files[i], "rules-", 6) != 0)
            continue;
        n_tables++;
        st = read_table(&L, dir, rs->files[i], rule_cols, R_NCOLS, R_NCOLS - 1, on_rule);
        if (st != FL_OK)
            worst = st;
    }
    for (size_t i = 0; i < rs->n_files; i++)
        if (strcmp(rs->files[i], "coverage.csv") == 0) {
            st = read_table(&L, dir, "coverage.csv", coverage_cols, C_NCOLS, C_NCOLS - 1, on_size);
            if (st != FL_OK)
                worst = st;
        }
    if (worst == FL_ERR_NOMEM || worst == FL_ERR_INPUT) {
        st = worst;
        goto fail;
    }
    if (!n_tables) {
        fl_error("rule set '%s' has no rules-*.csv table", dir);
        L.errors++;
    }
    if (!rs->name || !rs->version) {
        fl_error("%s/ruleset.csv: needs 'name' and 'version' rows", dir);
        L.errors++;
    }
    if (L.errors || worst != FL_OK) {
        fl_error("rule set '%s' has errors; fix them and run 'flscan rules check %s'", dir, dir);
        st = FL_ERR_RULES;
        goto fail;
    }
    if (!rs->date)
        rs->date = "";
    if (!rs->description)
        rs->description = "";
    if ((st = build_index(rs, pv)) != FL_OK)
        goto fail;
    *out = rs;
    return FL_OK;
fail:
    fl_ruleset_free(rs);
    return st;
}

void fl_ruleset_free(fl_ruleset *rs)
{
    if (!rs)
        return;
    priv *pv = rs->priv;
    for (size_t i = 0; i < rs->n_commodities; i++) {
        fl_regex_free(rs->commodities[i].re);
        fl_regex_free(rs->commodities[i].re_exclude);
    }
    free(rs->sources);
    free(rs->commodities);
    free(rs->rules);
    free(rs->sizes);
    free(rs->files);
    if (pv) {
        for (size_t i = 0; i < N_CODES; i++)
            free(pv->by_country[i].v);
        free(pv->with_regions.v);
        free(pv->entities.v);
        fl_arena_free(&pv->arena);
        free(pv);
    }
    free(rs);
}

size_t fl_rules_for_country(const fl_ruleset *rs, const char code[3], const size_t **idx)
{
    const priv *pv = rs->priv;
    int slot = code_slot(code);
    if (slot < 0 || !pv->by_country[slot].n) {
        *idx = NULL;
        return 0;
    }
    *idx = pv->by_country[slot].v;
    return pv->by_country[slot].n;
}

size_t fl_rules_with_regions(const fl_ruleset *rs, const size_t **idx)
{
    const priv *pv = rs->priv;
    *idx = pv->with_regions.v;
    return pv->with_regions.n;
}

size_t fl_rules_entities(const fl_ruleset *rs, const size_t **idx)
{
    const priv *pv = rs->priv;
    *idx = pv->entities.v;
    return pv->entities.n;
}

size_t fl_rules_find(const fl_ruleset *rs, const char *id)
{
    for (size_t i = 0; i < rs->n_rules; i++)
        if (strcmp(rs->rules[i].id, id) == 0)
            return i;
    return SIZE_MAX;
}

size_t fl_rules_find_source(const fl_ruleset *rs, const char *id)
{
    for (size_t i = 0; i < rs->n_sources; i++)
        if (strcmp(rs->sources[i].id, id) == 0)
            return i;
    return SIZE_MAX;
}
