/* origin.c - origin inference and address/origin conflicts; see origin.h. */
#include "origin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "address.h"
#include "arena.h"
#include "diag.h"
#include "strmap.h"
#include "table.h"
#include "unorm.h"

#define FOLD_IN_MAX 512 /* bytes of a field that are folded; addresses are far shorter */
#define KEY_CAP 1536
#define WORDS_MAX 256
#define NGRAM 4
#define QUOTE_MAX 80
#define HINT_HITS 16

/* ---- folded words ---- */

typedef struct words {
    char key[KEY_CAP];
    size_t len;
    struct {
        uint16_t s, e;
    } w[WORDS_MAX];
    size_t n;
} words;

/* Cut s[0..n) to at most max bytes at a character boundary. */
static size_t cut_utf8(const char *s, size_t n, size_t max)
{
    return n <= max ? n : fl_utf8_floor(s, max);
}

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return n > 0;
}

/*
 * Fold s[0..n) (fl_unorm_key) and split it into words; with drop_numbers, words of digits
 * only (postcodes, port codes, phone numbers) are left out of the key as well.
 */
static bool fold_words(const char *s, size_t n, bool drop_numbers, words *out)
{
    char tmp[KEY_CAP];
    out->len = out->n = 0;
    out->key[0] = '\0';
    n = cut_utf8(s, n, FOLD_IN_MAX);
    ssize_t k = fl_unorm_key(s, n, tmp, sizeof tmp);
    if (k < 0)
        return false;
    size_t i = 0;
    while (i < (size_t)k && out->n < WORDS_MAX) {
        size_t j = i;
        while (j < (size_t)k && tmp[j] != ' ')
            j++;
        if (!(drop_numbers && all_digits(tmp + i, j - i))) {
            if (out->len)
                out->key[out->len++] = ' ';
            out->w[out->n].s = (uint16_t)out->len;
            memcpy(out->key + out->len, tmp + i, j - i);
            out->len += j - i;
            out->w[out->n].e = (uint16_t)out->len;
            out->n++;
        }
        i = j + 1;
    }
    out->key[out->len] = '\0';
    return true;
}

static bool word_is(const words *w, size_t i, const char *s)
{
    size_t n = strlen(s);
    return i < w->n && (size_t)(w->w[i].e - w->w[i].s) == n &&
           memcmp(w->key + w->w[i].s, s, n) == 0;
}

/* Short words read as codes only when they are one of these. */
static const char *const short_names[] = {"usa", "uae", "uk", "prc", "ksa"};

static bool short_ok(const char *k, size_t n)
{
    if (n > 3)
        return true;
    for (size_t i = 0; i < sizeof short_names / sizeof *short_names; i++)
        if (strlen(short_names[i]) == n && memcmp(short_names[i], k, n) == 0)
            return true;
    return false;
}

/* Is words a..b (inclusive) a country, read as a name (steps 1c, 3, 5)? */
static bool ngram_country(const fl_countries *c, const words *w, size_t a, size_t b, char code[3])
{
    const char *k = w->key + w->w[a].s;
    size_t n = w->w[b].e - w->w[a].s;
    if (!short_ok(k, n))
        return false;
    if (a > 0 && word_is(w, a - 1, "new"))
        return false;
    if (b + 1 < w->n &&
        fl_region_street_word(w->key + w->w[b + 1].s, w->w[b + 1].e - w->w[b + 1].s))
        return false;
    return fl_country_lookup(c, k, n, code);
}

/* ---- quoting for `why` ---- */

static void quote(fl_slice s, char *buf, size_t cap)
{
    size_t n = cut_utf8(s.ptr, s.len, QUOTE_MAX);
    while (n && (s.ptr[n - 1] == ' ' || s.ptr[n - 1] == '\t'))
        n--;
    size_t start = 0;
    while (start < n && (s.ptr[start] == ' ' || s.ptr[start] == '\t'))
        start++;
    size_t o = 0;
    for (size_t i = start; i < n && o + 4 < cap; i++) {
        char ch = s.ptr[i];
        buf[o++] = (ch == '\n' || ch == '\r' || ch == '\t') ? ' ' : ch;
    }
    if (n < s.len && o + 4 < cap) {
        memcpy(buf + o, "...", 3);
        o += 3;
    }
    buf[o] = '\0';
}

/* ---- step 4: country names anywhere in the shipper's name ---- */

/* Returns the number of distinct countries found; code gets the last one in the text. */
static size_t scan_countries(const fl_countries *c, fl_slice s, char code[3])
{
    words w;
    if (!fold_words(s.ptr, s.len, true, &w))
        return 0;
    size_t distinct = 0;
    char seen[8][3];
    size_t i = 0;
    while (i < w.n) {
        size_t step = 1;
        for (size_t n = (w.n - i < NGRAM ? w.n - i : NGRAM); n > 0; n--) {
            char cc[3];
            if (ngram_country(c, &w, i, i + n - 1, cc)) {
                bool dup = false;
                for (size_t k = 0; k < distinct; k++)
                    dup = dup || memcmp(seen[k], cc, 2) == 0;
                if (!dup && distinct < 8)
                    memcpy(seen[distinct++], cc, 3);
                memcpy(code, cc, 3);
                step = n;
                break;
            }
        }
        i += step;
    }
    return distinct;
}

/* ---- step 2: gazetteer places ---- */

static bool region_country(const fl_gazetteer *g, fl_slice a, char code[3], fl_slice *ev,
                           const char **region)
{
    if (!g || !a.len || !fl_utf8_valid(a.ptr, a.len))
        return false;
    fl_region_hit hits[HINT_HITS];
    size_t n = fl_regions_detect(g, a.ptr, a.len, NULL, hits, HINT_HITS);
    if (n > HINT_HITS)
        n = HINT_HITS;
    for (size_t i = 0; i < n; i++) {
        if (hits[i].conflict)
            continue;
        memcpy(code, hits[i].region, 2);
        code[2] = '\0';
        *ev = (fl_slice){a.ptr + hits[i].start, hits[i].end - hits[i].start};
        *region = hits[i].region;
        return true;
    }
    return false;
}

/* ---- ports ---- */

/* One (port, country) row; the rows of one folded port name are chained in file order. */
typedef struct port_entry {
    char country[3];
    uint32_t next; /* 1 + index of the next row with this name; 0: the last */
    uint64_t line;
} port_entry;

struct fl_ports {
    port_entry *v;
    size_t n, cap;
    fl_strmap *names; /* folded port name -> index of its first row in v */
};

/* The first row for key, in file order, or NULL. */
static const port_entry *ports_first(const fl_ports *p, const char *key, size_t len)
{
    uint32_t i;
    return p && fl_strmap_get(p->names, key, len, &i) ? &p->v[i] : NULL;
}

/* The next row of the same name, or NULL. */
static const port_entry *ports_next(const fl_ports *p, const port_entry *e)
{
    return e->next ? &p->v[e->next - 1] : NULL;
}

/* The entry for key with country cc, or NULL. */
static const port_entry *ports_get(const fl_ports *p, const char *key, size_t len, const char *cc)
{
    for (const port_entry *e = ports_first(p, key, len); e; e = ports_next(p, e))
        if (memcmp(e->country, cc, 2) == 0)
            return e;
    return NULL;
}

/* How many countries list key: 0, 1 (written to first) or 2 for "two or more". */
static int ports_countries(const fl_ports *p, const char *key, size_t len, char first[3])
{
    const port_entry *e = ports_first(p, key, len);
    if (!e)
        return 0;
    memcpy(first, e->country, 3);
    for (e = ports_next(p, e); e; e = ports_next(p, e))
        if (memcmp(e->country, first, 2) != 0)
            return 2;
    return 1;
}

typedef struct pctx {
    fl_ports *p;
    const fl_countries *c;
    bool bad;
} pctx;

enum { P_PORT, P_COUNTRY, P_NOTE, P_COUNT };
static const char *const port_columns[P_COUNT] = {"port", "country", "note"};

static fl_status on_port(const fl_table_row *row, void *ctx)
{
    pctx *P = ctx;
    fl_ports *p = P->p;
    fl_slice name = row->cells[P_PORT], cc = row->cells[P_COUNTRY];
    char code[8];
    bool bad = false;
    fl_table_cell(row, P_COUNTRY, code, sizeof code);
    if (cc.len != 2 || !fl_country_valid(P->c, code)) {
        fl_table_error(row, P_COUNTRY,
                       "bad country '%.*s'; expected an ISO alpha-2 code in capitals", (int)cc.len,
                       cc.ptr);
        bad = true;
    }
    words w;
    if (!fl_utf8_valid(name.ptr, name.len) || !fold_words(name.ptr, name.len, true, &w) ||
        w.n == 0) {
        fl_table_error(row, P_PORT, "bad port '%.*s'; expected a name with letters", (int)name.len,
                       name.ptr);
        bad = true;
    }
    if (bad) {
        P->bad = true;
        return FL_OK;
    }
    const port_entry *same = ports_get(p, w.key, w.len, code);
    if (same) {
        fl_table_error(row, P_PORT, "port '%.*s' is listed for %s already on line %llu",
                       (int)name.len, name.ptr, code, (unsigned long long)same->line);
        P->bad = true;
        return FL_OK;
    }
    uint32_t first;
    bool added;
    if (p->n >= UINT32_MAX || !fl_grow((void **)&p->v, &p->cap, p->n + 1, sizeof *p->v) ||
        fl_strmap_put(p->names, w.key, w.len, (uint32_t)p->n, &first, &added, NULL) != FL_OK)
        return FL_ERR_NOMEM;
    if (!added) { /* another country's row of this name: chain it last */
        port_entry *e = &p->v[first];
        while (e->next)
            e = &p->v[e->next - 1];
        e->next = (uint32_t)p->n + 1;
    }
    p->v[p->n++] = (port_entry){{code[0], code[1], 0}, 0, row->line};
    return FL_OK;
}

fl_status fl_ports_load(const char *csv, const char *display, const fl_countries *c, fl_ports **out)
{
    *out = NULL;
    fl_ports *p = calloc(1, sizeof *p);
    if (!p)
        return FL_ERR_NOMEM;
    if (!(p->names = fl_strmap_new())) {
        free(p);
        return FL_ERR_NOMEM;
    }
    pctx P = {p, c, false};
    fl_status st =
        fl_table_read(csv, display ? display : csv, port_columns, P_COUNT, 2, on_port, &P);
    if (st == FL_OK && P.bad)
        st = FL_ERR_RULES;
    if (st != FL_OK) {
        fl_ports_free(p);
        return st;
    }
    *out = p;
    return FL_OK;
}

void fl_ports_free(fl_ports *p)
{
    if (!p)
        return;
    free(p->v);
    fl_strmap_free(p->names);
    free(p);
}

size_t fl_ports_count(const fl_ports *p)
{
    return p ? p->n : 0;
}

static fl_slice trim(fl_slice s)
{
    while (s.len && (*s.ptr == ' ' || *s.ptr == '\t'))
        s.ptr++, s.len--;
    while (s.len && (s.ptr[s.len - 1] == ' ' || s.ptr[s.len - 1] == '\t'))
        s.len--;
    return s;
}

bool fl_port_country(const fl_ports *ports, const fl_countries *c, fl_slice port, char code[3])
{
    port = trim(port);
    if (!port.len || !fl_utf8_valid(port.ptr, port.len))
        return false;
    words w;
    if (c && fold_words(port.ptr, port.len, true, &w) && w.n &&
        fl_country_lookup(c, w.key, w.len, code))
        return true;
    size_t comma = 0;
    while (comma < port.len && port.ptr[comma] != ',')
        comma++;
    if (c && comma < port.len) {
        fl_slice rest = {port.ptr + comma + 1, port.len - comma - 1};
        if (fold_words(rest.ptr, rest.len, true, &w) && w.n &&
            (w.len > 3 || short_ok(w.key, w.len)) && fl_country_lookup(c, w.key, w.len, code))
            return true;
    }
    if (ports && fold_words(port.ptr, comma, true, &w) && w.n) {
        char first[3];
        if (ports_countries(ports, w.key, w.len, first) == 1) {
            memcpy(code, first, 3);
            return true;
        }
    }
    return false;
}

/* ---- inference and conflicts ---- */

static void say(char *why, size_t whylen, const char *code, const char *what, fl_slice text,
                const char *region, fl_slice ev)
{
    if (!why || !whylen)
        return;
    char q[QUOTE_MAX * 2];
    quote(text, q, sizeof q);
    snprintf(why, whylen, "origin inferred %s from %s '%s'", code, what, q);
    size_t n = strlen(why);
    if (region && n + 1 < whylen) {
        char e[QUOTE_MAX * 2];
        quote(ev, e, sizeof e);
        snprintf(why + n, whylen - n, " (%s place '%s')", region, e);
    }
}

bool fl_origin_infer(const fl_countries *c, const fl_ports *ports, const fl_gazetteer *g,
                     fl_slice address, fl_slice port, fl_slice shipper_name, char code[3],
                     char *why, size_t whylen)
{
    if (!c)
        return false;
    char cc[3];
    bool addr_ok = address.len && fl_utf8_valid(address.ptr, address.len);
    fl_slice none = {"", 0};
    fl_address_place at;
    if (addr_ok && fl_address_country(c, address, &at)) {
        memcpy(cc, at.country, 3);
        fl_slice ev = {address.ptr + at.start, at.end - at.start};
        say(why, whylen, cc, "shipper address", address, at.subdivision[0] ? at.subdivision : NULL,
            ev);
        goto found;
    }
    fl_slice ev;
    const char *region;
    if (addr_ok && region_country(g, address, cc, &ev, &region)) {
        say(why, whylen, cc, "shipper address", address, region, ev);
        goto found;
    }
    if (fl_port_country(ports, c, port, cc)) {
        say(why, whylen, cc, "port of lading", port, NULL, none);
        goto found;
    }
    if (shipper_name.len && fl_utf8_valid(shipper_name.ptr, shipper_name.len) &&
        scan_countries(c, shipper_name, cc) == 1) {
        say(why, whylen, cc, "shipper name", shipper_name, NULL, none);
        goto found;
    }
    return false;
found:
    memcpy(code, cc, 3);
    return true;
}

bool fl_origin_conflict(const fl_countries *c, const fl_gazetteer *g, const char *origin,
                        fl_slice address, char where[3], char *why, size_t whylen)
{
    if (!c || !origin || !fl_country_valid(c, origin) || !address.len ||
        !fl_utf8_valid(address.ptr, address.len))
        return false;
    char cc[3];
    fl_slice ev = {"", 0};
    const char *region = NULL;
    fl_address_place at;
    if (fl_address_country(c, address, &at)) {
        memcpy(cc, at.country, 3);
        if (memcmp(cc, origin, 2) == 0)
            return false;
        if (at.subdivision[0]) {
            region = at.subdivision;
            ev = (fl_slice){address.ptr + at.start, at.end - at.start};
        }
    } else if (!region_country(g, address, cc, &ev, &region) || memcmp(cc, origin, 2) == 0) {
        return false;
    }
    if (why && whylen) {
        char q[QUOTE_MAX * 2];
        quote(address, q, sizeof q);
        snprintf(why, whylen, "origin %s but shipper address '%s' is in %s", origin, q, cc);
        if (region) {
            char e[QUOTE_MAX * 2];
            quote(ev, e, sizeof e);
            size_t n = strlen(why);
            if (n + 1 < whylen)
                snprintf(why + n, whylen - n, " (%s place '%s')", region, e);
        }
    }
    memcpy(where, cc, 3);
    return true;
}
