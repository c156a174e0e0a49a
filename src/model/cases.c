/* cases.c - flags grouped into cases; see cases.h. */
#include "cases.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "identity.h"
#include "memo.h"
#include "party.h"
#include "rollup.h"
#include "strmap.h"
#include "u64map.h"

/* A case id ("C-" and 12 hexadecimal digits) as the number its digits say, for the index. */
static uint64_t case_key(const char *id)
{
    uint64_t k = 0;
    for (size_t i = 2; i < FL_CASE_ID - 1; i++) {
        char c = id[i];
        k = k << 4 | (uint64_t)(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
    }
    return k;
}

/* What a case gathers while its flags are counted; its texts are in the spill file. */
typedef struct case_extra {
    size_t n_origins, n_examples;
    uint32_t last_rec; /* 1 + the last record counted as a shipment */
    uint32_t party_len, ev_len, ex_len[FL_CASE_EXAMPLES];
    uint64_t party_at, ev_at, ex_at[FL_CASE_EXAMPLES];
} case_extra;

/* A case while it is built: the report's row and what the build needs besides. */
typedef struct crow {
    fl_case c;
    case_extra x;
} crow;

/*
 * The cases being counted are rows of a temporary file (rowfile.h), so that memory does not
 * grow with them; these many stay in memory (about 5 MiB; the judge's caches are gone by
 * then), a case in the slot its number gives (a case made lately, or met often, is there),
 * and go back to the file when another takes it. At 5M rows of the realistic mix (348,141
 * cases, 1.1M flags) 4,096 slots cost some 1.1 s of reads and writes back.
 */
#define CACHE_SLOTS 16384

typedef struct cslot {
    uint32_t at1; /* 1 + the case held, 0 none */
    bool dirty;
    crow row;
} cslot;

typedef struct builder {
    fl_report *r;
    fl_rowfile *rows; /* crow: the cases in the order made */
    cslot *cache;     /* CACHE_SLOTS */
    const fl_name_tables *names;
    const fl_supply *g;
    fl_u64map ix; /* case id (case_key) -> its row of rows */
    fl_strmap *importers; /* importer party key -> the spelling first seen, in imp_names */
    fl_memo *keys;        /* name -> its party key: names repeat over many flags */
    const char **imp_names;
    size_t n_imp, cap_imp;
    fl_rectext text;
    fl_arena scratch;       /* an example's text, until it is in the spill file */
    fl_rowview flags, recs; /* the report's, edited: each flag's case, each record's importer */
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
    fl_rec_edit(&b->recs, rec)->importer = b->importer_name;
    return FL_OK;
}

/* item appended to the "; "-joined list in buf (at most max items; "..." once past it). */
static void append_item(char *buf, size_t cap, const char *item, size_t max, size_t *count)
{
    if (*count > max)
        return;
    size_t used = strlen(buf);
    const char *add = *count == max ? "..." : item;
    (*count)++;
    snprintf(buf + used, cap - used, "%s%s", used ? "; " : "", add);
}

/* Case at (a row of b->rows) in memory, to change: NULL on failure (b->rows says which). */
static crow *case_at(builder *b, uint32_t at)
{
    cslot *s = &b->cache[at & (CACHE_SLOTS - 1)];
    if (s->at1 != at + 1) {
        if (s->at1 && s->dirty && fl_rowfile_write(b->rows, s->at1 - 1, &s->row) != FL_OK)
            return NULL;
        s->at1 = 0;
        if (fl_rowfile_read(b->rows, at, &s->row) != FL_OK)
            return NULL;
        s->at1 = at + 1;
    }
    s->dirty = true;
    return &s->row;
}

/* Every case still in memory back to the file. */
static fl_status write_cache(builder *b)
{
    for (size_t i = 0; i < CACHE_SLOTS; i++) {
        cslot *s = &b->cache[i];
        if (s->at1 && s->dirty && fl_rowfile_write(b->rows, s->at1 - 1, &s->row) != FL_OK)
            break;
        s->dirty = false;
    }
    return fl_rowfile_status(b->rows);
}

/* A new case for flag f of the loaded record. */
static fl_status open_case(builder *b, const fl_flag *f, const char *id, uint32_t at)
{
    fl_report *r = b->r;
    crow *row = fl_rowfile_push(b->rows) ? case_at(b, at) : NULL;
    if (!row)
        return fl_rowfile_status(b->rows);
    fl_case *c = &row->c;
    case_extra *x = &row->x;
    memcpy(c->id, id, FL_CASE_ID);
    c->rule = f->rule;
    c->indirect = f->match == FL_MATCH_INDIRECT;
    c->severity = f->severity;
    c->match = f->match;
    const fl_supplier *up = upstream_of(b, f);
    const char *party = up ? (up->name[0] ? up->name : up->id) : b->text.field[FL_F_SHIPPER];
    size_t n = strlen(party);
    x->party_len = (uint32_t)(n < UINT32_MAX ? n : UINT32_MAX);
    fl_status st = fl_report_spill_put(r, party, x->party_len, &x->party_at);
    if (st != FL_OK)
        return st;
    c->importer = b->importer_name;
    c->reason = c->decision = c->note = c->reviewed_by = c->reviewed_on = "";
    r->n_cases++;
    return FL_OK;
}

/* The example of the loaded record into the spill file: "ID (file:line)". */
static fl_status put_example(builder *b, const fl_recinfo *ri, case_extra *x)
{
    fl_report *r = b->r;
    const char *path = ri->file < r->n_inputs ? r->inputs[ri->file].path : "";
    const char *slash = strrchr(path, '/');
    const char *id = b->text.field[FL_F_RECORD_ID];
    fl_arena_reset(&b->scratch);
    const char *ex = fl_arena_printf(&b->scratch, "%s (%s:%llu)", *id ? id : "no id",
                                     slash ? slash + 1 : path, (unsigned long long)ri->line);
    if (!ex)
        return FL_ERR_NOMEM;
    size_t k = x->n_examples++, n = strlen(ex);
    x->ex_len[k] = (uint32_t)(n < UINT32_MAX ? n : UINT32_MAX);
    return fl_report_spill_put(r, ex, x->ex_len[k], &x->ex_at[k]);
}

/* Count flag f (of the loaded record rec) into case c. */
static fl_status count_flag(builder *b, fl_case *c, case_extra *x, const fl_flag *f)
{
    const fl_recinfo *ri = fl_rec_get(&b->recs, f->rec);
    c->flags++;
    c->by_severity[f->severity]++;
    bool stronger = c->flags == 1 || f->severity > c->severity;
    if (stronger) {
        c->severity = f->severity;
        c->match = f->match;
        x->ev_at = f->evidence_at; /* the flag's own evidence, already in the spill file */
        x->ev_len = f->evidence_len;
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
        append_item(c->origins, sizeof c->origins, ri->origin, FL_CASE_ORIGINS, &x->n_origins);
    if (x->n_examples < FL_CASE_EXAMPLES)
        return put_example(b, ri, x);
    return FL_OK;
}

/*
 * Each case's texts in one piece of the spill file, as fl_report_case_text reads them: the
 * party, the examples "; "-joined, the strongest flag's evidence, each NUL-terminated.
 */
static fl_status join_texts(fl_report *r, fl_rowfile *rows)
{
    fl_status st = FL_OK;
    char *buf = NULL;
    size_t cap = 0;
    fl_rowview v;
    fl_rowview_init(&v, rows);
    for (size_t i = 0; i < r->n_cases && st == FL_OK; i++) {
        crow *row = fl_rowview_edit(&v, i);
        const case_extra *x = &row->x;
        size_t need = (size_t)x->party_len + x->ev_len + 3;
        for (size_t k = 0; k < x->n_examples; k++)
            need += x->ex_len[k] + 2;
        if (!fl_grow((void **)&buf, &cap, need, 1)) {
            st = FL_ERR_NOMEM;
            break;
        }
        size_t used = 0;
        st = fl_report_spill_get(r, x->party_at, buf, x->party_len);
        used += x->party_len;
        buf[used++] = '\0';
        for (size_t k = 0; k < x->n_examples && st == FL_OK; k++) {
            if (k) {
                memcpy(buf + used, "; ", 2);
                used += 2;
            }
            st = fl_report_spill_get(r, x->ex_at[k], buf + used, x->ex_len[k]);
            used += x->ex_len[k];
        }
        buf[used++] = '\0';
        if (st == FL_OK)
            st = fl_report_spill_get(r, x->ev_at, buf + used, x->ev_len);
        used += x->ev_len;
        buf[used++] = '\0';
        fl_case *c = &row->c;
        c->text_len = (uint32_t)used;
        if (st == FL_OK)
            st = fl_report_spill_put(r, buf, used, &c->text_at);
    }
    free(buf);
    fl_status vst = fl_rowview_end(&v);
    return st != FL_OK ? st : vst;
}

/* Each flag into its case, in the flags' order. */
static fl_status group(builder *b)
{
    fl_report *r = b->r;
    for (size_t i = 0; i < r->n_flags; i++) {
        fl_flag *f = fl_flag_edit(&b->flags, i);
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
        if (!fl_u64map_put(&b->ix, case_key(id), (uint32_t)r->n_cases, &at, &added))
            return FL_ERR_NOMEM;
        if (added && (st = open_case(b, f, id, at)) != FL_OK)
            return st;
        f->kase = at;
        memcpy(f->case_id, id, FL_CASE_ID);
        crow *row = case_at(b, at);
        if (!row)
            return fl_rowfile_status(b->rows);
        if ((st = count_flag(b, &row->c, &row->x, f)) != FL_OK)
            return st;
    }
    fl_status st = fl_rowview_status(&b->flags);
    return st != FL_OK ? st : write_cache(b);
}

/* A case's place in the Cases sheet's order, and where it was made. */
typedef struct case_order {
    double value;
    uint64_t shipments, id; /* id: case_key() */
    uint32_t at;
    fl_severity severity;
} case_order;

static int cmp_case(const void *pa, const void *pb)
{
    const case_order *a = pa, *b = pb;
    if (a->severity != b->severity)
        return a->severity > b->severity ? -1 : 1;
    if (a->value != b->value)
        return a->value > b->value ? -1 : 1;
    if (a->shipments != b->shipments)
        return a->shipments > b->shipments ? -1 : 1;
    /* the ids' hexadecimal digits, all of one case, compare as their numbers do */
    return a->id < b->id ? -1 : a->id > b->id;
}

/* The order of the cases made (rows): where[made] receives each one's place in it. */
static fl_status sort_cases(fl_report *r, fl_rowfile *rows, case_order *ord, uint32_t *where)
{
    size_t n = r->n_cases;
    fl_rowview v;
    fl_rowview_init(&v, rows);
    for (size_t i = 0; i < n; i++) {
        const fl_case *c = &((const crow *)fl_rowview_get(&v, i))->c;
        ord[i] = (case_order){c->value, c->shipments, case_key(c->id), (uint32_t)i, c->severity};
    }
    fl_status st = fl_rowview_end(&v);
    if (st != FL_OK)
        return st;
    qsort(ord, n, sizeof *ord, cmp_case);
    for (size_t i = 0; i < n; i++)
        where[ord[i].at] = (uint32_t)i;
    return FL_OK;
}

/* The report's case rows, in the Cases sheet's order, and the flags pointed at them. */
static fl_status order_cases(fl_report *r, fl_rowfile *rows)
{
    size_t n = r->n_cases;
    if (!n)
        return FL_OK;
    case_order *ord = malloc(n * sizeof *ord);
    uint32_t *where = malloc(n * sizeof *where);
    fl_status st = ord && where ? sort_cases(r, rows, ord, where) : FL_ERR_NOMEM;
    if (st == FL_OK && !(r->case_rows = fl_rowfile_new(sizeof(fl_case), "cases")))
        st = FL_ERR_NOMEM;
    for (size_t i = 0; i < n && st == FL_OK; i++) {
        crow row;
        fl_case *c = fl_rowfile_push(r->case_rows);
        if (!c || (st = fl_rowfile_read(rows, ord[i].at, &row)) != FL_OK)
            st = st != FL_OK ? st : fl_rowfile_status(r->case_rows);
        else
            *c = row.c;
    }
    free(ord);
    if (st == FL_OK) {
        fl_rowview v;
        fl_report_view(r, FL_ROWS_FLAGS, &v);
        for (size_t i = 0; i < r->n_flags; i++) {
            fl_flag *f = fl_flag_edit(&v, i);
            f->kase = where[f->kase];
        }
        st = fl_rowview_end(&v);
    }
    free(where);
    return st;
}

fl_status fl_cases_build(fl_report *r, const fl_name_tables *names, const fl_supply *g)
{
    builder b = {.r = r, .names = names, .g = g};
    fl_status st = FL_OK;
    fl_rowfile_free(r->case_rows);
    r->case_rows = NULL;
    free(r->case_decided);
    r->case_decided = NULL;
    r->n_cases = 0;
    if (!r->n_flags)
        return FL_OK;
    if (!(b.importers = fl_strmap_new()) || !(b.keys = fl_memo_new(65536, 2u << 20)) ||
        !(b.rows = fl_rowfile_new(sizeof(crow), "cases being built")) ||
        !(b.cache = calloc(CACHE_SLOTS, sizeof *b.cache)))
        st = FL_ERR_NOMEM;
    fl_report_view(r, FL_ROWS_FLAGS, &b.flags);
    fl_report_view(r, FL_ROWS_RECS, &b.recs);
    if (st == FL_OK)
        st = group(&b);
    free(b.cache);
    if (st == FL_OK)
        st = join_texts(r, b.rows);
    if (st == FL_OK) /* the writers' threads read the spill file at once: all of it written */
        st = fl_report_spill_flush(r);
    fl_status vst = fl_rowview_end(&b.flags);
    if (st == FL_OK)
        st = vst;
    if ((vst = fl_rowview_end(&b.recs)) != FL_OK && st == FL_OK)
        st = vst;
    fl_u64map_free(&b.ix);
    if (st == FL_OK)
        st = order_cases(r, b.rows);
    fl_rowfile_free(b.rows);
    fl_arena_free(&b.scratch);
    free(b.imp_names);
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
    fl_rowview v;
    fl_report_view(r, FL_ROWS_FLAGS, &v);
    for (size_t i = 0; i < r->n_flags; i++) {
        uint32_t k = fl_flag_get(&v, i)->kase;
        if (k < r->n_cases && quota[k] < per_case)
            quota[k]++;
    }
    size_t left = cap;
    for (size_t k = 0; k < r->n_cases; k++) {
        if (fl_case_decided(r, (uint32_t)k))
            quota[k] = 0;
        quota[k] = (uint32_t)(quota[k] < left ? quota[k] : left);
        left -= quota[k];
    }
    for (size_t i = 0; i < r->n_flags && r->n_sheet_flags < cap; i++) {
        uint32_t k = fl_flag_get(&v, i)->kase;
        if (k < r->n_cases) {
            if (!quota[k])
                continue;
            quota[k]--;
        }
        r->sheet_flags[r->n_sheet_flags++] = i; /* in the report's order */
    }
    free(quota);
    return fl_rowview_end(&v);
}
