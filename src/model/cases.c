/* cases.c - flags grouped into cases; see cases.h. */
#include "cases.h"

#include <stdlib.h>
#include <string.h>

#include "identity.h"
#include "memo.h"
#include "party.h"
#include "rollup.h"
#include "strmap.h"

typedef struct builder {
    fl_report *r;
    const fl_name_tables *names;
    const fl_supply *g;
    fl_strmap *ix; /* case id -> index into r->cases */
    fl_strmap *importers; /* importer party key -> the spelling first seen, in imp_names */
    fl_memo *keys;        /* name -> its party key: names repeat over many flags */
    const char **imp_names;
    size_t n_imp, cap_imp, cap_cases;
    fl_rectext text;
    size_t text_rec; /* 1 + the record whose texts are in text, 0 none */
    char shipper_key[FL_PARTY_KEY], importer_key[FL_PARTY_KEY];
    const char *importer_name; /* the record's importer group's display name */
} builder;

/* The upstream supplier of an indirect flag; NULL when none is known. */
static const fl_supplier *upstream_of(const builder *b, const fl_flag *f)
{
    if (!b->g || f->match != FL_MATCH_INDIRECT || f->upstream == FL_HIT_NO_UPSTREAM)
        return NULL;
    return fl_supply_get(b->g, f->upstream);
}

/* fl_party_key() of name into out[FL_PARTY_KEY], through the cache. */
static void party_key(builder *b, const char *name, char *out)
{
    size_t len = strlen(name), vlen;
    const char *v = b->keys ? fl_memo_get(b->keys, name, len, &vlen) : NULL;
    if (v) {
        memcpy(out, v, vlen);
        return;
    }
    size_t k = fl_party_key(b->names, name, len, out, FL_PARTY_KEY);
    if (b->keys)
        fl_memo_put(b->keys, name, len, out, k + 1);
}

/* The record's texts, its party keys and its importer group (once a record). */
static fl_status load_record(builder *b, uint32_t rec)
{
    if (b->text_rec == (size_t)rec + 1)
        return FL_OK;
    fl_status st = fl_report_rec_text(b->r, rec, &b->text);
    if (st != FL_OK)
        return st;
    b->text_rec = (size_t)rec + 1;
    const char *imp = b->text.field[FL_F_IMPORTER], *shp = b->text.field[FL_F_SHIPPER];
    party_key(b, shp, b->shipper_key);
    party_key(b, imp, b->importer_key);
    /* a name that gives no key (punctuation only) is grouped as written */
    const char *ik = b->importer_key[0] ? b->importer_key : imp;
    uint32_t g;
    bool added;
    if (fl_strmap_put(b->importers, ik, strlen(ik), (uint32_t)b->n_imp, &g, &added, NULL) != FL_OK)
        return FL_ERR_NOMEM;
    if (added) {
        if (!fl_grow((void **)&b->imp_names, &b->cap_imp, b->n_imp + 1, sizeof *b->imp_names))
            return FL_ERR_NOMEM;
        const char *name = fl_arena_strdup(&b->r->arena, *imp ? imp : "(none)");
        if (!name)
            return FL_ERR_NOMEM;
        b->imp_names[b->n_imp++] = name;
    }
    b->importer_name = b->imp_names[g];
    b->r->rec_importer[rec] = b->importer_name;
    return FL_OK;
}

/* "a; b" with item appended to list (at most max items; "..." once past it). */
static const char *append_item(fl_arena *a, const char *list, const char *item, size_t max,
                               size_t *count)
{
    if (*count > max)
        return list;
    if (*count == max) {
        (*count)++;
        return fl_arena_printf(a, "%s; ...", list);
    }
    (*count)++;
    return *list ? fl_arena_printf(a, "%s; %s", list, item) : fl_arena_strdup(a, item);
}

typedef struct case_extra {
    size_t n_origins, n_examples;
    uint32_t last_rec; /* 1 + the last record counted as a shipment */
} case_extra;

/* A new case for flag f of the loaded record. */
static fl_status open_case(builder *b, const fl_flag *f, const char *id, uint32_t *at)
{
    fl_report *r = b->r;
    if (!fl_grow((void **)&r->cases, &b->cap_cases, r->n_cases + 1, sizeof *r->cases))
        return FL_ERR_NOMEM;
    fl_case *c = &r->cases[r->n_cases];
    memset(c, 0, sizeof *c);
    memcpy(c->id, id, FL_CASE_ID);
    c->rule = f->rule;
    c->indirect = f->match == FL_MATCH_INDIRECT;
    c->severity = f->severity;
    c->match = f->match;
    const fl_supplier *up = upstream_of(b, f);
    const char *party = up ? (up->name[0] ? up->name : up->id) : b->text.field[FL_F_SHIPPER];
    c->party = fl_arena_strdup(&r->arena, party);
    c->importer = b->importer_name;
    c->origins = c->examples = c->evidence = "";
    c->reason = c->decision = c->note = c->reviewed_by = c->reviewed_on = "";
    if (!c->party)
        return FL_ERR_NOMEM;
    *at = (uint32_t)r->n_cases++;
    return FL_OK;
}

/* Count flag f (of the loaded record rec) into case c. */
static fl_status count_flag(builder *b, fl_case *c, case_extra *x, const fl_flag *f)
{
    fl_report *r = b->r;
    const fl_recinfo *ri = &r->recs[f->rec];
    c->flags++;
    c->by_severity[f->severity]++;
    bool stronger = c->flags == 1 || f->severity > c->severity;
    if (stronger) {
        c->severity = f->severity;
        c->match = f->match;
        fl_status st = fl_report_flag_text(r, f, &b->text);
        if (st != FL_OK)
            return st;
        if (!(c->evidence = fl_arena_strdup(&r->arena, b->text.evidence)))
            return FL_ERR_NOMEM;
    }
    if (x->last_rec == f->rec + 1)
        return FL_OK;
    x->last_rec = f->rec + 1;
    c->shipments++;
    double v;
    if (fl_rollup_number(fl_slice_cstr(b->text.field[FL_F_VALUE]), &v))
        c->value += v;
    if (fl_rollup_number(fl_slice_cstr(b->text.field[FL_F_WEIGHT]), &v))
        c->weight += v;
    if (ri->date && (!c->first || ri->date < c->first))
        c->first = ri->date;
    if (ri->date > c->last)
        c->last = ri->date;
    if (ri->origin[0] && !strstr(c->origins, ri->origin))
        c->origins = append_item(&r->arena, c->origins, ri->origin, FL_CASE_ORIGINS, &x->n_origins);
    if (x->n_examples < FL_CASE_EXAMPLES) {
        const char *path = ri->file < r->n_inputs ? r->inputs[ri->file].path : "";
        const char *slash = strrchr(path, '/');
        const char *id = b->text.field[FL_F_RECORD_ID];
        const char *ex = fl_arena_printf(&r->arena, "%s (%s:%llu)", *id ? id : "no id",
                                         slash ? slash + 1 : path, (unsigned long long)ri->line);
        if (!ex)
            return FL_ERR_NOMEM;
        c->examples = append_item(&r->arena, c->examples, ex, FL_CASE_EXAMPLES, &x->n_examples);
    }
    return c->origins && c->examples ? FL_OK : FL_ERR_NOMEM;
}

/* Each flag into its case, in the flags' order. */
static fl_status group(builder *b, case_extra **extra)
{
    fl_report *r = b->r;
    size_t cap_extra = 0;
    for (size_t i = 0; i < r->n_flags; i++) {
        fl_flag *f = &r->flags[i];
        fl_status st = load_record(b, f->rec);
        if (st != FL_OK)
            return st;
        const fl_rule *ru = &r->rules->rules[f->rule];
        const fl_supplier *up = upstream_of(b, f);
        const char *party = up ? up->id : b->shipper_key[0] ? b->shipper_key
                                                            : b->text.field[FL_F_SHIPPER];
        const char *imp = b->importer_key[0] ? b->importer_key : b->text.field[FL_F_IMPORTER];
        char id[FL_CASE_ID];
        fl_id_case(ru->id, ru->id, f->match == FL_MATCH_INDIRECT, party, imp, id);
        uint32_t at;
        bool added;
        if (fl_strmap_put(b->ix, id, FL_CASE_ID - 1, (uint32_t)r->n_cases, &at, &added, NULL) !=
            FL_OK)
            return FL_ERR_NOMEM;
        if (added) {
            if ((st = open_case(b, f, id, &at)) != FL_OK)
                return st;
            if (!fl_grow((void **)extra, &cap_extra, r->n_cases, sizeof **extra))
                return FL_ERR_NOMEM;
            memset(&(*extra)[at], 0, sizeof **extra);
        }
        f->kase = at;
        if ((st = count_flag(b, &r->cases[at], &(*extra)[at], f)) != FL_OK)
            return st;
    }
    return FL_OK;
}

static int cmp_case(const void *pa, const void *pb)
{
    const fl_case *a = pa, *b = pb;
    if (a->severity != b->severity)
        return a->severity > b->severity ? -1 : 1;
    if (a->value != b->value)
        return a->value > b->value ? -1 : 1;
    if (a->shipments != b->shipments)
        return a->shipments > b->shipments ? -1 : 1;
    return strcmp(a->id, b->id);
}

/* Sort the cases and point the flags at their new places. */
static fl_status order_cases(fl_report *r)
{
    size_t n = r->n_cases;
    if (n < 2)
        return FL_OK;
    uint32_t *where = malloc(n * sizeof *where);
    fl_strmap *ix = fl_strmap_new();
    fl_status st = where && ix ? FL_OK : FL_ERR_NOMEM;
    for (size_t i = 0; i < n && st == FL_OK; i++)
        st = fl_strmap_put(ix, r->cases[i].id, FL_CASE_ID - 1, (uint32_t)i, NULL, NULL, NULL);
    if (st == FL_OK) {
        qsort(r->cases, n, sizeof *r->cases, cmp_case);
        for (size_t i = 0; i < n; i++) {
            uint32_t old = 0;
            fl_strmap_get(ix, r->cases[i].id, FL_CASE_ID - 1, &old);
            where[old] = (uint32_t)i;
        }
        for (size_t i = 0; i < r->n_flags; i++)
            r->flags[i].kase = where[r->flags[i].kase];
    }
    free(where);
    fl_strmap_free(ix);
    return st;
}

fl_status fl_cases_build(fl_report *r, const fl_name_tables *names, const fl_supply *g)
{
    builder b = {.r = r, .names = names, .g = g};
    case_extra *extra = NULL;
    fl_status st = FL_OK;
    free(r->cases);
    free(r->rec_importer);
    r->cases = NULL;
    r->n_cases = 0;
    r->rec_importer = NULL;
    if (!r->n_flags)
        return FL_OK;
    if (!(r->rec_importer = calloc(r->n_recs, sizeof *r->rec_importer)) ||
        !(b.ix = fl_strmap_new()) || !(b.importers = fl_strmap_new()) ||
        !(b.keys = fl_memo_new(65536, 2u << 20)))
        st = FL_ERR_NOMEM;
    if (st == FL_OK)
        st = group(&b, &extra);
    if (st == FL_OK)
        st = order_cases(r);
    free(extra);
    free(b.imp_names);
    fl_strmap_free(b.ix);
    fl_strmap_free(b.importers);
    fl_memo_free(b.keys);
    fl_rectext_free(&b.text);
    if (st != FL_OK)
        return st;
    /* the importer tallies now group by party, as the Importers sheet does */
    return fl_report_tally(r);
}

fl_status fl_cases_select_sheet(fl_report *r, size_t per_case, size_t max)
{
    free(r->sheet_flags);
    r->sheet_flags = NULL;
    r->n_sheet_flags = 0;
    r->n_sheet_new = r->n_new_flags < max ? r->n_new_flags : max;
    r->n_sheet_suppressed = r->n_suppressed < max ? r->n_suppressed : max;
    if (!r->n_flags || !max)
        return FL_OK;
    /* Each case's share, in the Cases sheet's order (the worst first) until max is spent:
       the flags of the cases at the top are on the sheet, whatever their place in the file. */
    uint32_t *quota = r->n_cases ? calloc(r->n_cases, sizeof *quota) : NULL;
    size_t cap = r->n_flags < max ? r->n_flags : max;
    r->sheet_flags = malloc(cap * sizeof *r->sheet_flags);
    if ((r->n_cases && !quota) || !r->sheet_flags) {
        free(quota);
        return FL_ERR_NOMEM;
    }
    /* the flags each case has here (its suppressed ones are no longer among them) */
    for (size_t i = 0; i < r->n_flags; i++)
        if (r->flags[i].kase < r->n_cases && quota[r->flags[i].kase] < per_case)
            quota[r->flags[i].kase]++;
    size_t left = cap;
    for (size_t k = 0; k < r->n_cases; k++) {
        if (r->cases[k].status == FL_CASE_DECIDED)
            quota[k] = 0;
        quota[k] = (uint32_t)(quota[k] < left ? quota[k] : left);
        left -= quota[k];
    }
    for (size_t i = 0; i < r->n_flags && r->n_sheet_flags < cap; i++) {
        uint32_t k = r->flags[i].kase;
        if (k < r->n_cases) {
            if (!quota[k])
                continue;
            quota[k]--;
        }
        r->sheet_flags[r->n_sheet_flags++] = i; /* in the report's order */
    }
    free(quota);
    return FL_OK;
}
