/* cases.c - flags grouped into cases; see cases.h. */
#include "cases.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extsort.h"
#include "identity.h"
#include "memo.h"
#include "party.h"
#include "rollup.h"
#include "rowfile.h"
#include "strmap.h"

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

/*
 * The cases are counted in bounded memory, whatever their number, by sorting:
 *   1. each flag, in the report's order, becomes a row of what its case needs of it (its
 *      case's id, its record's value, weight, date, origin and example, its party),
 *      sorted by case id and then by the flag's place;
 *   2. the rows are read in that order, each case's flags one after another in the
 *      report's order, and counted into the case as they come; each finished case is a row
 *      of a second sort, by the Cases sheet's order;
 *   3. the cases are read in the sheet's order into the report's case rows, each with its
 *      place; (case id, place) rows in id order are joined to the (case id, flag) rows
 *      kept from step 2, and the (flag, place) rows, sorted by flag, give each flag its
 *      case in one pass over the flags.
 * Every read and write is in order; memory holds the sorts' buffers (8 MiB at most in
 * all), the importer groups and one case at a time.
 */
#define GATHER_MEMORY ((size_t)4 << 20)
#define ORDER_MEMORY ((size_t)2 << 20)
#define JOIN_MEMORY ((size_t)1 << 20)

/* Texts kept in a flag's row when they fit; longer ones are read again from the record. */
#define ROW_PARTY 72
#define ROW_EXAMPLE 56
#define TEXT_LONG 255

enum { HAS_VALUE = 1, HAS_WEIGHT = 2 };

/* A flag as its case counts it (step 1). */
typedef struct part {
    uint64_t key;   /* case_key() of its case's id */
    uint64_t ev_at; /* its evidence in the spill file */
    double value, weight;
    const char *importer; /* its record's importer group's display name */
    uint32_t seq;         /* its row of FL_ROWS_FLAGS */
    uint32_t rec, rule, ev_len, upstream;
    fl_date date;
    uint8_t severity, match, has;
    char origin[3];
    char id[FL_CASE_ID];
    uint8_t party_len, example_len; /* TEXT_LONG: longer than the row holds */
    char party[ROW_PARTY];          /* the shipper as written (a direct flag's party) */
    char example[ROW_EXAMPLE];      /* "ID (file:line)" */
} part;

/* A finished case and its id's number, for the sheet's order (step 2). */
typedef struct case_row {
    fl_case c;
    uint64_t key;
} case_row;

/* (case id, a number): a flag's place in the report, or a case's in the sheet (step 3). */
typedef struct key_num {
    uint64_t key;
    uint64_t num;
} key_num;

/* (flag, its case's place in the sheet), for the last pass over the flags. */
typedef struct flag_case {
    uint32_t seq, kase;
} flag_case;

typedef struct builder {
    fl_report *r;
    const fl_name_tables *names;
    const fl_supply *g;
    fl_strmap *importers; /* importer party key -> the spelling first seen, in imp_names */
    fl_memo *keys;        /* name -> its party key: names repeat over many flags */
    const char **imp_names;
    size_t n_imp, cap_imp;
    fl_rectext text;
    fl_arena scratch;       /* an example's text, until it is in a row or the case's texts */
    fl_rowview flags, recs; /* the report's, edited: each flag's case, each record's importer */
    size_t text_rec;        /* 1 + the record whose texts are in text, 0 none */
    char shipper_key[FL_PARTY_KEY], importer_key[FL_PARTY_KEY];
    const char *importer_name; /* the record's importer group's display name */
    /* the case being counted (step 2) */
    fl_case c;
    size_t n_origins, n_examples;
    uint32_t last_rec; /* 1 + the last record counted as a shipment */
    uint64_t ev_at;
    uint32_t ev_len;
    char *blob;              /* its texts as fl_report_case_text reads them: the party, then the */
    size_t n_blob, cap_blob; /* examples, "; "-joined, so far */
} builder;

/* The upstream supplier of an indirect flag (its match and upstream); NULL when none is
   known. */
static const fl_supplier *upstream_of(const builder *b, fl_match match, uint32_t upstream)
{
    if (!b->g || match != FL_MATCH_INDIRECT || upstream == FL_HIT_NO_UPSTREAM)
        return NULL;
    return fl_supply_get(b->g, upstream);
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

/* The n bytes of s into a row's buffer of cap bytes: n, or TEXT_LONG when they do not fit
   (the fold reads the text again). */
static uint8_t row_text(char *dst, size_t cap, const char *s, size_t n)
{
    if (n > cap || n >= TEXT_LONG)
        return TEXT_LONG;
    memcpy(dst, s, n);
    return (uint8_t)n;
}

/* The example of the loaded record, "ID (file:line)", in b->scratch until the next; NULL
   when out of memory. */
static const char *example_text(builder *b, const fl_recinfo *ri)
{
    const fl_report *r = b->r;
    const char *path = ri->file < r->n_inputs ? r->inputs[ri->file].path : "";
    const char *slash = strrchr(path, '/');
    const char *id = b->text.field[FL_F_RECORD_ID];
    fl_arena_reset(&b->scratch);
    return fl_arena_printf(&b->scratch, "%s (%s:%llu)", *id ? id : "no id",
                           slash ? slash + 1 : path, (unsigned long long)ri->line);
}

static int cmp_part(const void *pa, const void *pb)
{
    const part *a = pa, *b = pb;
    if (a->key != b->key)
        return a->key < b->key ? -1 : 1;
    return (a->seq > b->seq) - (a->seq < b->seq);
}

/* Step 1: each flag's case id, and its row for the count, in the flags' order. */
static fl_status gather(builder *b, fl_extsort *parts)
{
    fl_report *r = b->r;
    for (size_t i = 0; i < r->n_flags; i++) {
        fl_flag *f = fl_flag_edit(&b->flags, i);
        fl_status st = load_record(b, f->rec);
        if (st != FL_OK)
            return st;
        const fl_rule *ru = &r->rules->rules[f->rule];
        const fl_supplier *up = upstream_of(b, f->match, f->upstream);
        const char *party = up                  ? up->id
                            : b->shipper_key[0] ? b->shipper_key
                                                : b->text.field[FL_F_SHIPPER];
        const char *imp = b->importer_key[0] ? b->importer_key : b->text.field[FL_F_IMPORTER];
        char id[FL_CASE_ID];
        fl_id_case(ru->id, ru->id, f->match == FL_MATCH_INDIRECT, party, imp, id);
        memcpy(f->case_id, id, FL_CASE_ID);
        part *p = fl_extsort_push(parts);
        if (!p)
            return fl_extsort_status(parts);
        const fl_recinfo *ri = fl_rec_get(&b->recs, f->rec);
        p->key = case_key(id);
        p->seq = (uint32_t)i;
        p->rec = f->rec;
        p->rule = f->rule;
        p->severity = (uint8_t)f->severity;
        p->match = (uint8_t)f->match;
        p->upstream = f->upstream;
        p->ev_at = f->evidence_at;
        p->ev_len = f->evidence_len;
        p->importer = b->importer_name;
        p->date = ri->date;
        memcpy(p->origin, ri->origin, sizeof p->origin);
        memcpy(p->id, id, FL_CASE_ID);
        if (fl_rollup_number(fl_slice_cstr(b->text.field[FL_F_VALUE]), &p->value))
            p->has |= HAS_VALUE;
        if (fl_rollup_number(fl_slice_cstr(b->text.field[FL_F_WEIGHT]), &p->weight))
            p->has |= HAS_WEIGHT;
        const char *shipper = b->text.field[FL_F_SHIPPER];
        p->party_len = row_text(p->party, sizeof p->party, shipper, strlen(shipper));
        const char *ex = example_text(b, ri);
        if (!ex)
            return FL_ERR_NOMEM;
        p->example_len = row_text(p->example, sizeof p->example, ex, strlen(ex));
    }
    return fl_rowview_status(&b->flags);
}

/* Append n bytes of s to the case's texts. */
static bool blob_put(builder *b, const char *s, size_t n)
{
    if (!fl_grow((void **)&b->blob, &b->cap_blob, b->n_blob + n + 1, 1))
        return false;
    memcpy(b->blob + b->n_blob, s, n);
    b->n_blob += n;
    return true;
}

/* A new case, from its first flag's row p. */
static fl_status open_case(builder *b, const part *p)
{
    memset(&b->c, 0, sizeof b->c);
    fl_case *c = &b->c;
    memcpy(c->id, p->id, FL_CASE_ID);
    c->rule = p->rule;
    c->indirect = p->match == FL_MATCH_INDIRECT;
    c->importer = p->importer;
    c->reason = c->decision = c->note = c->reviewed_by = c->reviewed_on = "";
    b->n_origins = b->n_examples = 0;
    b->last_rec = 0;
    b->n_blob = 0;
    const fl_supplier *up = upstream_of(b, (fl_match)p->match, p->upstream);
    const char *party = p->party;
    size_t n = p->party_len;
    if (up) {
        party = up->name[0] ? up->name : up->id;
        n = strlen(party);
    } else if (n == TEXT_LONG) {
        fl_status st = load_record(b, p->rec); /* for a text its row could not hold */
        if (st != FL_OK)
            return st;
        party = b->text.field[FL_F_SHIPPER];
        n = strlen(party);
    }
    return blob_put(b, party, n) && blob_put(b, "", 1) ? FL_OK : FL_ERR_NOMEM;
}

/* Count flag row p into the case being counted. */
static fl_status count_flag(builder *b, const part *p)
{
    fl_case *c = &b->c;
    fl_severity sev = (fl_severity)p->severity;
    c->flags++;
    c->by_severity[sev]++;
    if (c->flags == 1 || sev > c->severity) {
        c->severity = sev;
        c->match = (fl_match)p->match;
        b->ev_at = p->ev_at; /* the flag's own evidence, already in the spill file */
        b->ev_len = p->ev_len;
    }
    if (b->last_rec == p->rec + 1)
        return FL_OK;
    b->last_rec = p->rec + 1;
    c->shipments++;
    if (p->has & HAS_VALUE)
        c->value += p->value;
    if (p->has & HAS_WEIGHT)
        c->weight += p->weight;
    if (p->date && (!c->first || p->date < c->first))
        c->first = p->date;
    if (p->date > c->last)
        c->last = p->date;
    if (p->origin[0] && !strstr(c->origins, p->origin))
        append_item(c->origins, sizeof c->origins, p->origin, FL_CASE_ORIGINS, &b->n_origins);
    if (b->n_examples >= FL_CASE_EXAMPLES)
        return FL_OK;
    if (b->n_examples++ && !blob_put(b, "; ", 2))
        return FL_ERR_NOMEM;
    if (p->example_len != TEXT_LONG)
        return blob_put(b, p->example, p->example_len) ? FL_OK : FL_ERR_NOMEM;
    fl_status st = load_record(b, p->rec); /* for a text its row could not hold */
    if (st != FL_OK)
        return st;
    const char *ex = example_text(b, fl_rec_get(&b->recs, p->rec));
    return ex && blob_put(b, ex, strlen(ex)) ? FL_OK : FL_ERR_NOMEM;
}

/* The case counted: its texts into the spill file, and its row into the sheet's sort. */
static fl_status close_case(builder *b, uint64_t key, fl_extsort *order)
{
    fl_report *r = b->r;
    if (!blob_put(b, "", 1) ||
        !fl_grow((void **)&b->blob, &b->cap_blob, b->n_blob + b->ev_len + 1, 1))
        return FL_ERR_NOMEM;
    fl_status st = fl_report_spill_get(r, b->ev_at, b->blob + b->n_blob, b->ev_len);
    if (st != FL_OK)
        return st;
    b->n_blob += b->ev_len;
    b->blob[b->n_blob++] = '\0';
    fl_case *c = &b->c;
    c->text_len = (uint32_t)b->n_blob;
    if ((st = fl_report_spill_put(r, b->blob, b->n_blob, &c->text_at)) != FL_OK)
        return st;
    case_row *row = fl_extsort_push(order);
    if (!row)
        return fl_extsort_status(order);
    row->c = *c;
    row->key = key;
    r->n_cases++;
    return FL_OK;
}

/* Step 2: each case counted from its flags' rows, in the flags' order; (case id, flag) rows
   kept in that order for step 3. */
static fl_status fold(builder *b, fl_extsort *parts, fl_extsort *order, fl_rowfile *flag_keys)
{
    const part *p;
    uint64_t key = 0;
    bool open = false;
    fl_status st = FL_OK;
    while (st == FL_OK && (p = fl_extsort_next(parts)) != NULL) {
        if (open && p->key != key)
            st = close_case(b, key, order);
        if (st == FL_OK && (!open || p->key != key)) {
            key = p->key;
            open = true;
            st = open_case(b, p);
        }
        if (st == FL_OK)
            st = count_flag(b, p);
        key_num *kn = st == FL_OK ? fl_rowfile_push(flag_keys) : NULL;
        if (st == FL_OK && !kn)
            st = fl_rowfile_status(flag_keys);
        else if (kn)
            *kn = (key_num){key, p->seq};
    }
    if (st == FL_OK && open)
        st = close_case(b, key, order);
    fl_status sst = fl_extsort_status(parts);
    return st != FL_OK ? st : sst;
}

static int cmp_case(const void *pa, const void *pb)
{
    const fl_case *a = &((const case_row *)pa)->c, *b = &((const case_row *)pb)->c;
    if (a->severity != b->severity)
        return a->severity > b->severity ? -1 : 1;
    if (a->value != b->value)
        return a->value > b->value ? -1 : 1;
    if (a->shipments != b->shipments)
        return a->shipments > b->shipments ? -1 : 1;
    /* the ids' hexadecimal digits, all of one case, compare as their numbers do */
    uint64_t ka = ((const case_row *)pa)->key, kb = ((const case_row *)pb)->key;
    return ka < kb ? -1 : ka > kb;
}

static int cmp_key_num(const void *pa, const void *pb)
{
    const key_num *a = pa, *b = pb;
    if (a->key != b->key)
        return a->key < b->key ? -1 : 1;
    return (a->num > b->num) - (a->num < b->num);
}

static int cmp_flag_case(const void *pa, const void *pb)
{
    const flag_case *a = pa, *b = pb;
    return (a->seq > b->seq) - (a->seq < b->seq);
}

/* Step 3, first half: the cases in the sheet's order into the report, each case's place by
   its id into places. */
static fl_status place_cases(fl_report *r, fl_extsort *order, fl_extsort *places)
{
    fl_status st = fl_extsort_sort(order);
    if (st == FL_OK && !(r->case_rows = fl_rowfile_new(sizeof(fl_case), "cases")))
        st = FL_ERR_NOMEM;
    const case_row *row;
    for (uint64_t k = 0; st == FL_OK && (row = fl_extsort_next(order)) != NULL; k++) {
        fl_case *c = fl_rowfile_push(r->case_rows);
        key_num *kn = fl_extsort_push(places);
        if (!c || !kn)
            st = !c ? fl_rowfile_status(r->case_rows) : fl_extsort_status(places);
        else {
            *c = row->c;
            *kn = (key_num){row->key, k};
        }
    }
    return st != FL_OK ? st : fl_extsort_status(order);
}

/* Step 3, second half: each flag pointed at its case's place. */
static fl_status point_flags(builder *b, fl_rowfile *flag_keys, fl_extsort *places,
                             fl_extsort *by_flag)
{
    fl_report *r = b->r;
    fl_status st = fl_extsort_sort(places);
    fl_rowview v;
    fl_rowview_init(&v, flag_keys);
    const key_num *place = st == FL_OK ? fl_extsort_next(places) : NULL;
    for (size_t i = 0; st == FL_OK && i < r->n_flags; i++) {
        const key_num *fk = fl_rowview_get(&v, i);
        while (place && place->key < fk->key)
            place = fl_extsort_next(places);
        flag_case *fc = fl_extsort_push(by_flag);
        if (!fc)
            st = fl_extsort_status(by_flag);
        else if (!place || place->key != fk->key)
            st = FL_ERR_NOMEM; /* not reached: every flag's case was placed */
        else
            *fc = (flag_case){(uint32_t)fk->num, (uint32_t)place->num};
    }
    fl_status vst = fl_rowview_end(&v);
    if (st == FL_OK)
        st = vst != FL_OK ? vst : fl_extsort_status(places);
    if (st == FL_OK)
        st = fl_extsort_sort(by_flag);
    for (size_t i = 0; st == FL_OK && i < r->n_flags; i++) {
        const flag_case *fc = fl_extsort_next(by_flag);
        if (!fc)
            st = fl_extsort_status(by_flag);
        else
            fl_flag_edit(&b->flags, fc->seq)->kase = fc->kase;
    }
    return st;
}

/* The steps, with their sorts and files. */
static fl_status build(builder *b)
{
    fl_extsort *parts = fl_extsort_new(sizeof(part), GATHER_MEMORY, cmp_part, "flags by case");
    fl_extsort *order = fl_extsort_new(sizeof(case_row), ORDER_MEMORY, cmp_case, "cases");
    fl_rowfile *flag_keys = fl_rowfile_new(sizeof(key_num), "flags' cases");
    fl_status st = parts && order && flag_keys ? gather(b, parts) : FL_ERR_NOMEM;
    if (st == FL_OK)
        st = fl_extsort_sort(parts);
    if (st == FL_OK)
        st = fold(b, parts, order, flag_keys);
    fl_extsort_free(parts);
    fl_extsort *places = NULL, *by_flag = NULL;
    if (st == FL_OK &&
        (!(places = fl_extsort_new(sizeof(key_num), JOIN_MEMORY, cmp_key_num, "cases' places")) ||
         !(by_flag =
               fl_extsort_new(sizeof(flag_case), JOIN_MEMORY, cmp_flag_case, "flags' cases"))))
        st = FL_ERR_NOMEM;
    if (st == FL_OK)
        st = place_cases(b->r, order, places);
    fl_extsort_free(order);
    if (st == FL_OK)
        st = fl_rowfile_status(flag_keys);
    if (st == FL_OK)
        st = point_flags(b, flag_keys, places, by_flag);
    fl_extsort_free(places);
    fl_extsort_free(by_flag);
    fl_rowfile_free(flag_keys);
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
    if (!(b.importers = fl_strmap_new()) || !(b.keys = fl_memo_new(65536, 2u << 20)))
        st = FL_ERR_NOMEM;
    fl_report_view(r, FL_ROWS_FLAGS, &b.flags);
    fl_report_view(r, FL_ROWS_RECS, &b.recs);
    if (st == FL_OK)
        st = build(&b);
    if (st == FL_OK) /* the writers' threads read the spill file at once: all of it written */
        st = fl_report_spill_flush(r);
    fl_status vst = fl_rowview_end(&b.flags);
    if (st == FL_OK)
        st = vst;
    if ((vst = fl_rowview_end(&b.recs)) != FL_OK && st == FL_OK)
        st = vst;
    free(b.blob);
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
