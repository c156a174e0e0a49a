/* listftm.c - OpenSanctions exports in the FollowTheMoney entity format (JSON lines); see
   the ftm format in listsrc.h. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "jsonread.h"
#include "listread.h"
#include "strmap.h"
#include "unorm.h"

/* A Sanction entity, kept until every entity is read (lines come in any order). */
typedef struct sanction {
    uint64_t line;
    const char **targets; /* entity ids */
    size_t n_targets;
    fl_pdate start, end;
    bool inactive;
    const char *program;
    const char **urls;
    size_t n_urls;
} sanction;

typedef struct ftmctx {
    fl_lreader *r;
    fl_strmap *ids;     /* entity id -> entry index */
    fl_strmap *addr;    /* Address entity id -> index into addr_text */
    const char **addr_text;
    size_t n_addr, cap_addr;
    const char ***addr_refs; /* per entry: addressEntity ids, resolved at the end */
    size_t *n_addr_refs;
    size_t cap_refs;
    sanction *s;
    size_t n_s, cap_s;
    bool *has_sanction; /* per entry */
} ftmctx;

static const char *const ENTITY_SCHEMAS[] = {"Company", "Organization", "LegalEntity", "Vessel",
                                             "Person", "PublicBody"};

static fl_list_kind kind_of_datasets(const fl_json *ds)
{
    for (size_t i = 0; i < fl_json_len(ds); i++) {
        const char *d = fl_json_str(fl_json_at(ds, i));
        if (d && strcmp(d, "us_dhs_uflpa") == 0)
            return FL_LK_UFLPA;
        if (d && strcmp(d, "us_cbp_forced_labor") == 0)
            return FL_LK_WRO;
    }
    return FL_LK_NONE;
}

/* Values of property key of an entity's "properties" (strings only). */
static const fl_json *prop(const fl_json *obj, const char *key)
{
    return fl_json_member(fl_json_member(obj, "properties"), key);
}

static const char *prop1(const fl_json *obj, const char *key)
{
    return fl_json_str(fl_json_at(prop(obj, key), 0));
}

static void push_all(ftmctx *c, const fl_json *arr, const char ***v, size_t *n)
{
    for (size_t i = 0; i < fl_json_len(arr); i++) {
        const char *s = fl_json_str(fl_json_at(arr, i));
        if (s)
            fl_lr_push(c->r, v, n, fl_lr_str(c->r, s, strlen(s)));
    }
}

/* The http(s) addresses of a sourceUrl property (anything else is no source). */
static void push_urls(ftmctx *c, const fl_json *arr, const char ***v, size_t *n)
{
    for (size_t i = 0; i < fl_json_len(arr); i++) {
        const char *s = fl_json_str(fl_json_at(arr, i));
        if (s && !strpbrk(s, " \t\r\n") &&
            ((strncmp(s, "http://", 7) == 0 && s[7]) || (strncmp(s, "https://", 8) == 0 && s[8])))
            fl_lr_push(c->r, v, n, fl_lr_str(c->r, s, strlen(s)));
    }
}

/* A date property: the earliest of its values; false (reported) when one is no date. */
static bool date_prop(ftmctx *c, const fl_json *obj, const char *key, uint64_t line,
                      fl_pdate *out)
{
    const fl_json *arr = prop(obj, key);
    for (size_t i = 0; i < fl_json_len(arr); i++) {
        const char *s = fl_json_str(fl_json_at(arr, i));
        fl_pdate d;
        if (!s || !fl_list_date(s, strlen(s) > 10 ? 10 : strlen(s), &d)) {
            fl_lr_error(c->r, line, 1, "%s '%s' is no date", key, s ? s : "(not a string)");
            return false;
        }
        if (!out->from || d.from < out->from)
            *out = d;
    }
    return true;
}

static void on_sanction(ftmctx *c, const fl_json *obj, uint64_t line)
{
    if (!fl_grow((void **)&c->s, &c->cap_s, c->n_s + 1, sizeof *c->s)) {
        c->r->oom = true;
        return;
    }
    sanction *s = &c->s[c->n_s];
    memset(s, 0, sizeof *s);
    s->line = line;
    push_all(c, prop(obj, "entity"), &s->targets, &s->n_targets);
    if (!date_prop(c, obj, "startDate", line, &s->start) ||
        (!s->start.from && !date_prop(c, obj, "listingDate", line, &s->start)) ||
        !date_prop(c, obj, "endDate", line, &s->end))
        return;
    const char *status = prop1(obj, "status");
    s->inactive = status && (strcasecmp(status, "inactive") == 0 ||
                             strcasecmp(status, "expired") == 0 || strcasecmp(status, "revoked") == 0);
    const char *program = prop1(obj, "program");
    s->program = program ? fl_lr_str(c->r, program, strlen(program)) : NULL;
    push_urls(c, prop(obj, "sourceUrl"), &s->urls, &s->n_urls);
    c->n_s++;
}

static void on_address(ftmctx *c, const fl_json *obj, const char *id)
{
    const char *full = prop1(obj, "full");
    if (!full)
        return;
    if (!fl_grow((void **)&c->addr_text, &c->cap_addr, c->n_addr + 1, sizeof *c->addr_text) ||
        fl_strmap_put(c->addr, id, strlen(id), (uint32_t)c->n_addr, NULL, NULL, NULL) != FL_OK) {
        c->r->oom = true;
        return;
    }
    c->addr_text[c->n_addr++] = fl_lr_str(c->r, full, strlen(full));
}

/* Names: the caption (or the first name) is the listed name, the rest are aliases. */
static void entity_names(ftmctx *c, fl_list_entry *e, const fl_json *obj)
{
    const char *caption = fl_json_str(fl_json_member(obj, "caption"));
    const fl_json *names = prop(obj, "name");
    const char *main = NULL;
    for (size_t i = 0; i < fl_json_len(names) && caption && !main; i++) {
        const char *n = fl_json_str(fl_json_at(names, i));
        if (n && strcmp(n, caption) == 0)
            main = n;
    }
    if (!main)
        main = fl_json_str(fl_json_at(names, 0));
    if (main)
        fl_lr_push(c->r, &e->names, &e->n_names, fl_lr_str(c->r, main, strlen(main)));
    for (size_t i = 0; i < fl_json_len(names); i++) {
        const char *n = fl_json_str(fl_json_at(names, i));
        if (n && n != main)
            fl_lr_push(c->r, &e->aliases, &e->n_aliases, fl_lr_str(c->r, n, strlen(n)));
    }
    static const char *const others[] = {"alias", "previousName", "weakAlias"};
    for (size_t k = 0; k < 3; k++)
        push_all(c, prop(obj, others[k]), &e->aliases, &e->n_aliases);
}

static void on_entity(ftmctx *c, const fl_json *obj, const char *id, uint64_t line)
{
    fl_list_entry *e = fl_lr_entry(c->r, line, 1);
    if (!e)
        return;
    size_t idx = c->r->l->n - 1;
    uint32_t old;
    bool added;
    if (fl_strmap_put(c->ids, id, strlen(id), (uint32_t)idx, &old, &added, NULL) != FL_OK ||
        !fl_grow((void **)&c->addr_refs, &c->cap_refs, idx + 1, sizeof *c->addr_refs) ||
        !(c->n_addr_refs = realloc(c->n_addr_refs, c->cap_refs * sizeof *c->n_addr_refs)) ||
        !(c->has_sanction = realloc(c->has_sanction, c->cap_refs * sizeof *c->has_sanction))) {
        c->r->oom = true;
        return;
    }
    c->addr_refs[idx] = NULL;
    c->n_addr_refs[idx] = 0;
    c->has_sanction[idx] = false;
    if (!added) {
        fl_lr_error(c->r, line, 1, "entity '%s' appears twice", id);
        return;
    }
    entity_names(c, e, obj);
    if (!e->n_names) {
        fl_lr_error(c->r, line, 1, "entity '%s' has no name", id);
        return;
    }
    const char *country = prop1(obj, "country");
    if (country)
        fl_lr_country(c->r, country, strlen(country), e->cc);
    push_all(c, prop(obj, "address"), &e->addresses, &e->n_addresses);
    push_all(c, prop(obj, "addressEntity"), &c->addr_refs[idx], &c->n_addr_refs[idx]);
    push_urls(c, prop(obj, "sourceUrl"), &e->urls, &e->n_urls);
    const char *notes = prop1(obj, "notes");
    e->note = notes ? fl_lr_str(c->r, notes, strlen(notes)) : NULL;
    const char *sector = prop1(obj, "sector");
    if (!sector)
        sector = prop1(obj, "keywords");
    e->goods_text = sector ? fl_lr_str(c->r, sector, strlen(sector)) : NULL;
    const char *desc = prop1(obj, "description");
    e->order = desc ? fl_lr_str(c->r, desc, strlen(desc)) : NULL;
    e->current = true;
}

static void on_json(ftmctx *c, const char *text, size_t len, uint64_t line)
{
    char msg[200];
    int col;
    fl_json *doc = fl_json_parse(text, len, msg, sizeof msg, &col);
    if (!doc) {
        if (!col)
            c->r->oom = true;
        else
            fl_lr_error(c->r, line, col, "not a JSON object: %s", msg);
        return;
    }
    const char *id = fl_json_str(fl_json_member(doc, "id"));
    const char *schema = fl_json_str(fl_json_member(doc, "schema"));
    if (!fl_json_is_object(doc) || !id || !schema) {
        fl_lr_error(c->r, line, 1, "not a FollowTheMoney entity: no \"id\" or \"schema\"");
        fl_json_free(doc);
        return;
    }
    fl_list_kind k = kind_of_datasets(fl_json_member(doc, "datasets"));
    fl_list *l = c->r->l;
    if (k == FL_LK_NONE) {
        l->skipped++;
    } else if (l->kind != FL_LK_NONE && l->kind != k) {
        fl_lr_error(c->r, line, 1, "entity of %s in an export of %s: import one list at a time",
                    fl_list_kind_str(k), fl_list_kind_str(l->kind));
    } else {
        l->kind = k;
        l->dataset = k == FL_LK_UFLPA ? "us_dhs_uflpa" : "us_cbp_forced_labor";
        const char *seen = fl_json_str(fl_json_member(doc, "last_seen"));
        fl_pdate d;
        if (seen && fl_list_date(seen, strlen(seen) > 10 ? 10 : strlen(seen), &d))
            fl_lr_seen(c->r, d.to);
        bool ent = false;
        for (size_t i = 0; i < sizeof ENTITY_SCHEMAS / sizeof *ENTITY_SCHEMAS; i++)
            ent = ent || strcmp(schema, ENTITY_SCHEMAS[i]) == 0;
        if (strcmp(schema, "Sanction") == 0)
            on_sanction(c, doc, line);
        else if (strcmp(schema, "Address") == 0)
            on_address(c, doc, id);
        else if (ent)
            on_entity(c, doc, id, line);
        else
            l->skipped++;
    }
    fl_json_free(doc);
}

/* "2(d)(2)(B)(ii)" out of a program text ("... - Section 2(d)(2)(B)(ii)"). */
static const char *section_in(ftmctx *c, const char *program)
{
    const char *p = NULL;
    for (const char *q = program; q && *q && !p; q++)
        if (strncasecmp(q, "2(d)(2)(B)(", 11) == 0)
            p = q;
    if (!p)
        return NULL;
    const char *q = strchr(p + 11, ')');
    return q ? fl_lr_str(c->r, p, (size_t)(q - p + 1)) : NULL;
}

/* Each sanction onto its entities; entities without one are no longer listed (CBP). */
static void resolve(ftmctx *c)
{
    fl_list *l = c->r->l;
    for (size_t i = 0; i < c->n_s; i++) {
        const sanction *s = &c->s[i];
        for (size_t t = 0; t < s->n_targets; t++) {
            uint32_t idx;
            if (!fl_strmap_get(c->ids, s->targets[t], strlen(s->targets[t]), &idx))
                continue; /* an entity of another export */
            fl_list_entry *e = &l->v[idx];
            c->has_sanction[idx] = true;
            if (s->start.from && (!e->listed.from || s->start.from < e->listed.from))
                e->listed = s->start;
            if (s->end.from) {
                e->ended = true;
                e->end = s->end;
            } else if (s->inactive) {
                e->ended = true;
            }
            if (!e->section)
                e->section = section_in(c, s->program);
            for (size_t u = 0; u < s->n_urls; u++)
                fl_lr_push(c->r, &e->urls, &e->n_urls, s->urls[u]);
        }
    }
    for (size_t i = 0; i < l->n; i++) {
        fl_list_entry *e = &l->v[i];
        if (!c->has_sanction[i] && l->kind == FL_LK_WRO)
            e->ended = true; /* OpenSanctions makes sanctions only of active orders */
        for (size_t k = 0; k < c->n_addr_refs[i]; k++) {
            uint32_t a;
            const char *id = c->addr_refs[i][k];
            if (fl_strmap_get(c->addr, id, strlen(id), &a))
                fl_lr_push(c->r, &e->addresses, &e->n_addresses, c->addr_text[a]);
        }
    }
}

fl_status fl_lr_ftm(fl_lreader *r, const char *data, size_t len)
{
    ftmctx c;
    memset(&c, 0, sizeof c);
    c.r = r;
    c.ids = fl_strmap_new();
    c.addr = fl_strmap_new();
    if (!c.ids || !c.addr)
        r->oom = true;
    if (!r->oom && !fl_utf8_valid(data, len))
        fl_lr_error(r, 1, 0, "not UTF-8 text");
    uint64_t line = 1;
    size_t i = 0;
    while (i < len && !r->oom && !r->too_many) {
        const char *nl = memchr(data + i, '\n', len - i);
        size_t j = nl ? (size_t)(nl - data) : len;
        size_t b = i;
        while (b < j && isspace((unsigned char)data[b]))
            b++;
        if (b < j)
            on_json(&c, data + i, j - i, line);
        line++;
        i = j + 1;
    }
    if (!r->oom && !r->errors) {
        if (r->l->kind == FL_LK_NONE)
            fl_lr_error(r, 1, 0, "no entity of us_dhs_uflpa or us_cbp_forced_labor: is this an "
                        "OpenSanctions export of one of them?");
        else
            resolve(&c);
    }
    fl_strmap_free(c.ids);
    fl_strmap_free(c.addr);
    free(c.addr_text);
    free(c.addr_refs);
    free(c.n_addr_refs);
    free(c.has_sanction);
    free(c.s);
    return FL_OK;
}
