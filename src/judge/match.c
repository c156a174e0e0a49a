/* match.c - rules against one record; see match.h. */
#include "match.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keyhash.h"
#include "memo.h"

enum { HOW_NONE = 0, HOW_HS, HOW_DESC };

typedef struct memo {
    uint64_t gen; /* record generation this entry belongs to */
    int how;
    size_t prefix_len; /* HS: length of the longest matching prefix */
    size_t start, end; /* DESC: matched span */
} memo;

/*
 * A rule for the origin country that a record's HS code satisfies: the commodity it names
 * (the longest matching prefix; NO_COMMODITY for an all-goods rule) and the prefix length.
 * With a code, the description plays no part, so this depends on country and code alone.
 */
typedef struct pick {
    uint32_t rule, commodity, prefix_len;
} pick;

#define NO_COMMODITY UINT32_MAX

struct fl_matcher {
    const fl_ruleset *rs;
    const fl_entity_index *entities;
    fl_memo_shared *entity_memo; /* name + country -> entity hits: shippers repeat */
    fl_memo_shared *quiet_memo;  /* name -> whether it may match at all (most never do) */
    bool own_caches;             /* those two are its own, not a pool's (fl_matcher_share) */
    fl_memo *pick_memo;   /* country + HS code -> picks: few pairs, many records */
    pick *picks;          /* scratch for one country's picks (n_rules) */
    fl_regex_scratch *scratch;
    memo *memo; /* one per commodity */
    uint64_t gen;
};

fl_status fl_match_caches_new(fl_memo_shared **entity, fl_memo_shared **quiet, unsigned stripes)
{
    /* Bounds (memo.h) from the hit rates on realistic import data. The shipper's name and
       whole address are screened once per distinct pair and kept with its place (record.h's
       place cache), so what comes here is the importers' names, the shippers' names and
       the address parts ("Guangdong 523122", "China") on a miss there, and the addresses
       of the records with several HS codes. On five million rows the entity cache then
       sees some 440,000 look-ups and 26,000 misses; the quiet cache 8.8 million and
       685,000 (most parts match nothing, and it answers those with one look-up). A miss
       costs 3 to 8 us. Keys longer than 16 bytes are kept as 17-byte digests (keyhash.h).
       Shared by a pool's threads, each key is kept once. */
    *entity = fl_memo_shared_new(65536, 2u << 20, stripes);
    *quiet = fl_memo_shared_new(262144, 3u << 20, stripes);
    if (*entity && *quiet)
        return FL_OK;
    fl_memo_shared_free(*entity);
    fl_memo_shared_free(*quiet);
    *entity = *quiet = NULL;
    return FL_ERR_NOMEM;
}

void fl_matcher_share(fl_matcher *m, fl_memo_shared *entity, fl_memo_shared *quiet)
{
    if (m->own_caches) {
        fl_memo_shared_free(m->entity_memo);
        fl_memo_shared_free(m->quiet_memo);
    }
    m->entity_memo = m->entities ? entity : NULL;
    m->quiet_memo = m->entities ? quiet : NULL;
    m->own_caches = false;
}

fl_matcher *fl_matcher_new(const fl_ruleset *rs, const fl_entity_index *entities)
{
    fl_matcher *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->rs = rs;
    m->entities = entities;
    m->scratch = fl_regex_scratch_new();
    m->own_caches = true;
    if (entities && fl_match_caches_new(&m->entity_memo, &m->quiet_memo, 1) != FL_OK) {
        fl_matcher_free(m);
        return NULL;
    }
    m->memo = calloc(rs->n_commodities ? rs->n_commodities : 1, sizeof *m->memo);
    m->picks = calloc(rs->n_rules ? rs->n_rules : 1, sizeof *m->picks);
    m->pick_memo = fl_memo_new(8192, 256u << 10);
    if (!m->scratch || !m->memo || !m->picks || !m->pick_memo) {
        fl_matcher_free(m);
        return NULL;
    }
    return m;
}

void fl_matcher_free(fl_matcher *m)
{
    if (!m)
        return;
    fl_regex_scratch_free(m->scratch);
    if (m->own_caches) {
        fl_memo_shared_free(m->entity_memo);
        fl_memo_shared_free(m->quiet_memo);
    }
    fl_memo_free(m->pick_memo);
    free(m->picks);
    free(m->memo);
    free(m);
}

/* How (and whether) the record is an instance of commodity c; memoised per record. */
static const memo *judge_commodity(fl_matcher *m, const fl_subject *s, size_t c)
{
    memo *e = &m->memo[c];
    if (e->gen == m->gen)
        return e;
    const fl_commodity *com = &m->rs->commodities[c];
    e->gen = m->gen;
    e->how = HOW_NONE;
    e->prefix_len = 0;
    if (s->hs[0]) {
        size_t hl = strlen(s->hs);
        for (size_t i = 0; i < com->n_hs; i++) {
            size_t pl = strlen(com->hs_prefixes[i]);
            if (pl <= hl && pl > e->prefix_len && memcmp(s->hs, com->hs_prefixes[i], pl) == 0) {
                e->how = HOW_HS;
                e->prefix_len = pl;
            }
        }
        return e; /* a code that names another good is never overridden by the text */
    }
    if (com->re && s->description.len &&
        fl_regex_search(com->re, m->scratch, s->description.ptr, s->description.len, &e->start,
                        &e->end)) {
        if (!com->re_exclude || !fl_regex_search(com->re_exclude, m->scratch, s->description.ptr,
                                                 s->description.len, NULL, NULL))
            e->how = HOW_DESC;
    }
    return e;
}

static void window_str(const fl_rule *r, char *out, size_t cap)
{
    char from[11], to[11];
    fl_date_format(r->valid_from, from);
    if (r->valid_to == FL_DATE_OPEN)
        snprintf(out, cap, "%s..open", from);
    else {
        fl_date_format(r->valid_to, to);
        snprintf(out, cap, "%s..%s", from, to);
    }
}

static int clip(size_t n)
{
    return n > 80 ? 80 : (int)n;
}

/* s on one line (line breaks shown as " / ") into buf (capacity cap), cut at a character
   boundary past max bytes with "...". Returns buf. */
static const char *one_line(fl_slice s, size_t max, char *buf, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < s.len && o + 8 < cap; i++) {
        char c = s.ptr[i];
        if (o >= max && ((unsigned char)c & 0xC0) != 0x80) {
            memcpy(buf + o, "...", 3);
            o += 3;
            break;
        }
        if (c == '\r')
            continue;
        if (c == '\n') {
            if (o && i + 1 < s.len) {
                memcpy(buf + o, " / ", 3);
                o += 3;
            }
            continue;
        }
        buf[o++] = c;
    }
    buf[o] = '\0';
    return buf;
}

/*
 * The commodity of rule r that the record is an instance of (the longest HS prefix, else the
 * first described), with *best_c its index; NULL when none. Not for all-goods rules.
 */
static const memo *best_commodity(fl_matcher *m, const fl_subject *s, const fl_rule *r,
                                  size_t *best_c)
{
    const memo *best = NULL;
    for (size_t i = 0; i < r->n_commodities; i++) {
        const memo *e = judge_commodity(m, s, r->commodities[i]);
        if (e->how == HOW_NONE)
            continue;
        if (!best || e->prefix_len > best->prefix_len) {
            best = e;
            *best_c = r->commodities[i];
        }
    }
    return best;
}

/* Fill *h for rule ri, which fired by commodity best_c as best (both unused for all goods). */
static void describe(fl_matcher *m, const fl_subject *s, size_t ri, fl_match kind, size_t region,
                     const memo *best, size_t best_c, fl_hit *h)
{
    const fl_rule *r = &m->rs->rules[ri];
    h->rule = ri;
    h->match = kind;
    h->upstream = FL_HIT_NO_UPSTREAM;
    h->severity = r->severity;
    h->span = (fl_span){FL_F_COUNT, 0, 0};

    char where[200], what[300], when[80], win[32];
    if (kind == FL_MATCH_REGION) {
        const fl_region_ref *g = &s->regions[region];
        snprintf(where, sizeof where, "shipper in %s: '%s' in %s%s%s", g->code, g->place,
                 g->field == FL_F_SHIPPER ? "shipper name" : "shipper address",
                 g->note ? " " : "", g->note ? g->note : "");
        h->span = (fl_span){g->field, g->start, g->end};
    } else if (s->origin_note)
        snprintf(where, sizeof where, "%s", s->origin_note);
    else
        snprintf(where, sizeof where, "origin '%.*s' -> %s", clip(s->origin_raw.len),
                 s->origin_raw.ptr, s->origin);
    if (r->all_goods) {
        snprintf(what, sizeof what, "all goods (%s)", s->hs[0] ? s->hs : "no HS code");
    } else {
        const fl_commodity *c = &m->rs->commodities[best_c];
        if (best->how == HOW_HS) {
            snprintf(what, sizeof what, "HS %s%s -> %s (prefix %.*s)", s->hs,
                     s->hs_inferred ? " (inferred by the data vendor, not declared)" : "",
                     c->name, (int)best->prefix_len, s->hs);
            if (s->hs_inferred && h->severity > FL_SEV_LOW)
                h->severity = (fl_severity)(h->severity - 1);
        } else {
            snprintf(what, sizeof what, "no usable HS code; description '%.*s' -> %s",
                     clip(best->end - best->start), s->description.ptr + best->start, c->name);
            h->span = (fl_span){FL_F_DESCRIPTION, (uint32_t)best->start, (uint32_t)best->end};
            if (h->severity > FL_SEV_LOW)
                h->severity = (fl_severity)(h->severity - 1);
        }
    }
    char d[11];
    fl_date_format(s->date, d);
    window_str(r, win, sizeof win);
    snprintf(when, sizeof when, "%s%s within %s", d, s->date_is_as_of ? " (--as-of)" : "", win);
    int n = snprintf(h->evidence, sizeof h->evidence, "%s; %s; %s", where, what, when);
    if (!r->all_goods && n > 0 && (size_t)n < sizeof h->evidence &&
        (best->how == HOW_DESC || s->hs_inferred))
        snprintf(h->evidence + n, sizeof h->evidence - (size_t)n,
                 "; severity %s stepped down to %s (%s)", fl_severity_str(r->severity),
                 fl_severity_str(h->severity),
                 best->how == HOW_DESC ? "description-only match" : "inferred HS code");
}

/* Try rule ri; on a hit fill *h and return true. region: index of the region that placed it. */
static bool try_rule(fl_matcher *m, const fl_subject *s, size_t ri, fl_match kind, size_t region,
                     fl_hit *h)
{
    const fl_rule *r = &m->rs->rules[ri];
    if (!fl_rule_in_force(r, s->date))
        return false;
    const memo *best = NULL;
    size_t best_c = 0;
    if (!r->all_goods && !(best = best_commodity(m, s, r, &best_c)))
        return false;
    describe(m, s, ri, kind, region, best, best_c, h);
    return true;
}

/*
 * The picks (rule order) among the k country rules idx[] for a record with an HS code,
 * through the cache. The array is valid until the next call.
 */
static size_t country_picks(fl_matcher *m, const fl_subject *s, const size_t *idx, size_t k,
                            const pick **out)
{
    char key[2 + 16];
    size_t hl = strlen(s->hs);
    bool cached = hl <= 16;
    if (cached) {
        key[0] = s->origin[0];
        key[1] = s->origin[1];
        memcpy(key + 2, s->hs, hl);
        size_t vlen;
        const pick *v = fl_memo_get(m->pick_memo, key, 2 + hl, &vlen);
        if (v) {
            *out = v;
            return vlen / sizeof *v;
        }
    }
    size_t n = 0;
    for (size_t i = 0; i < k; i++) {
        const fl_rule *r = &m->rs->rules[idx[i]];
        size_t best_c = 0;
        const memo *best = NULL;
        if (r->all_goods)
            m->picks[n++] = (pick){(uint32_t)idx[i], NO_COMMODITY, 0};
        else if ((best = best_commodity(m, s, r, &best_c)))
            m->picks[n++] = (pick){(uint32_t)idx[i], (uint32_t)best_c, (uint32_t)best->prefix_len};
    }
    if (cached)
        fl_memo_put(m->pick_memo, key, 2 + hl, m->picks, n * sizeof *m->picks);
    *out = m->picks;
    return n;
}

/*
 * The entity cache's key for text screened in country: the country, sep ('|' a name, '#' an
 * address) and the text, through fl_keyhash (a long one as its digest). 0 when the text is
 * too long to key (then the screen runs uncached).
 */
static size_t country_key(const char *country, char sep, fl_slice text,
                          unsigned char out[FL_KEYHASH_MAX])
{
    char key[1024];
    size_t klen = 3 + text.len;
    if (klen > sizeof key)
        return 0;
    key[0] = country[0] ? country[0] : '-';
    key[1] = country[0] ? country[1] : '-';
    key[2] = sep;
    memcpy(key + 3, text.ptr, text.len);
    return fl_keyhash(key, klen, out);
}

/* fl_entity_may_match() through the quiet cache: for names and parts of addresses alike. */
static bool quiet_may(fl_matcher *m, const char *s, size_t len)
{
    unsigned char key[FL_KEYHASH_MAX];
    size_t klen = fl_keyhash(s, len, key), qlen;
    bool may;
    if (fl_memo_shared_get(m->quiet_memo, key, klen, &may, sizeof may, &qlen))
        return may;
    may = fl_entity_may_match(m->entities, s, len);
    fl_memo_shared_put(m->quiet_memo, key, klen, &may, sizeof may);
    return may;
}

/*
 * fl_entity_screen() through the caches, which a pool's threads share (the screen is a pure
 * function). A name that can match no listed entity in any country is known by the name
 * alone: one look-up.
 */
static size_t screen_entities(fl_matcher *m, fl_slice name, const char *country, fl_entity_hit *eh,
                              size_t max)
{
    if (!quiet_may(m, name.ptr, name.len))
        return 0;
    unsigned char key[FL_KEYHASH_MAX];
    size_t klen = country_key(country, '|', name, key);
    if (!klen)
        return fl_entity_screen(m->entities, name.ptr, name.len, country, eh, max);
    size_t vlen;
    if (fl_memo_shared_get(m->entity_memo, key, klen, eh, max * sizeof *eh, &vlen))
        return vlen / sizeof *eh;
    size_t k = fl_entity_screen(m->entities, name.ptr, name.len, country, eh, max);
    fl_memo_shared_put(m->entity_memo, key, klen, eh, (k < max ? k : max) * sizeof *eh);
    return k;
}

/* screen_entities() as the screen of an address's parts (fl_entity_part_fn): a part is
   screened as a name is, so it shares the name's cache entry. */
static size_t screen_part(void *ctx, const char *s, size_t len, const char *country,
                          fl_entity_hit *out, size_t max)
{
    return screen_entities(ctx, (fl_slice){s, len}, country, out, max);
}

/* fl_entity_screen_address() with its parts screened through the caches, the whole address
   too when cache (keyed apart from the names). */
static size_t screen_address(fl_matcher *m, fl_slice addr, const char *country, fl_entity_hit *eh,
                             size_t max, bool cache)
{
    unsigned char key[FL_KEYHASH_MAX];
    size_t klen = cache ? country_key(country, '#', addr, key) : 0;
    if (!klen)
        return fl_entity_screen_address_with(m->entities, addr.ptr, addr.len, country, eh, max,
                                             screen_part, m);
    size_t vlen;
    if (fl_memo_shared_get(m->entity_memo, key, klen, eh, max * sizeof *eh, &vlen))
        return vlen / sizeof *eh;
    size_t k = fl_entity_screen_address_with(m->entities, addr.ptr, addr.len, country, eh, max,
                                             screen_part, m);
    fl_memo_shared_put(m->entity_memo, key, klen, eh, (k < max ? k : max) * sizeof *eh);
    return k;
}

#define MAX_PARTY_HITS FL_MATCH_PARTY_HITS
#define FL_MATCH_MAX_REGIONS 16

/* The shipper's entity hits: its name, then its address (a rule the name did not reach at the
   match threshold), at most MAX_PARTY_HITS; the whole address cached when cache_address. */
static size_t shipper_hits(fl_matcher *m, const fl_subject *s, fl_entity_hit *eh,
                           bool cache_address)
{
    size_t k = s->shipper.len ? screen_entities(m, s->shipper, s->origin, eh, MAX_PARTY_HITS) : 0;
    if (k > MAX_PARTY_HITS)
        k = MAX_PARTY_HITS;
    if (!s->shipper_address.len)
        return k;
    fl_entity_hit a[MAX_PARTY_HITS];
    size_t ka = screen_address(m, s->shipper_address, s->origin, a, MAX_PARTY_HITS, cache_address);
    for (size_t i = 0; i < ka && i < MAX_PARTY_HITS; i++) {
        size_t j = 0;
        while (j < k && eh[j].rule != a[i].rule)
            j++;
        if (j < k && !eh[j].possible)
            continue;
        if (j < k)
            eh[j] = a[i];
        else if (k < MAX_PARTY_HITS)
            eh[k++] = a[i];
    }
    return k;
}

/* The bytes of place word w (a qualifier's canonical text) in the raw name, case aside; the
   whole name when it is not found as written. */
static void find_place(fl_slice name, const char *w, uint32_t *start, uint32_t *end)
{
    size_t n = strlen(w);
    for (size_t i = 0; n && i + n <= name.len; i++) {
        size_t k = 0;
        while (k < n && tolower((unsigned char)name.ptr[i + k]) == (unsigned char)w[k])
            k++;
        if (k == n) {
            *start = (uint32_t)i;
            *end = (uint32_t)(i + n);
            return;
        }
    }
    *start = 0;
    *end = (uint32_t)name.len;
}

/*
 * The listed regions the shipper's matched entity names place it in through a qualifier
 * ("(Shanshan)"), beside those of the record; notes[] holds their evidence text. Returns how
 * many regions out[] holds.
 */
static size_t qualifier_regions(const fl_ruleset *rs, const fl_subject *s, const fl_entity_hit *eh,
                                size_t k, fl_region_ref *out, char (*notes)[256], size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < s->n_regions && n < max; i++)
        out[n++] = s->regions[i];
    for (size_t i = 0; i < k && n < max; i++) {
        if (eh[i].possible || !eh[i].region)
            continue;
        bool dup = false;
        for (size_t j = 0; j < n && !dup; j++)
            dup = strcmp(out[j].code, eh[i].region) == 0;
        if (dup)
            continue;
        snprintf(notes[n], sizeof notes[n], "(qualifier of listed %s; %s)",
                 rs->rules[eh[i].rule].id, eh[i].place_source);
        uint32_t a, b;
        char low[64];
        snprintf(low, sizeof low, "%s", eh[i].place);
        for (char *c = low; *c; c++)
            *c = (char)tolower((unsigned char)*c);
        find_place(s->shipper, low, &a, &b);
        out[n] = (fl_region_ref){eh[i].region, eh[i].place, FL_F_SHIPPER, a, b, notes[n]};
        n++;
    }
    return n;
}

/* The rules of the listed regions regions[0..nr) that fire for s; hits from n on. */
static size_t region_hits(fl_matcher *m, const fl_subject *s, fl_hit *hits, size_t n, size_t max)
{
    const size_t *idx;
    size_t k = fl_rules_with_regions(m->rs, &idx);
    for (size_t i = 0; i < k; i++) {
        const fl_rule *r = &m->rs->rules[idx[i]];
        for (size_t g = 0; g < s->n_regions; g++) {
            bool named = false;
            for (size_t q = 0; q < r->n_regions && !named; q++)
                named = strcmp(r->regions[q], s->regions[g].code) == 0;
            if (!named)
                continue;
            fl_hit tmp;
            /* cppcheck-suppress uninitvar ; tmp is only written (hits past max) */
            fl_hit *h = n < max ? &hits[n] : &tmp;
            if (try_rule(m, s, idx[i], FL_MATCH_REGION, g, h))
                n++;
            break;
        }
    }
    return n;
}

/* The entity hits eh[0..k) of the name of role w (0 shipper, 1 importer) as flags. */
static size_t entity_flags(fl_matcher *m, const fl_subject *s, int w, const fl_entity_hit *eh,
                           size_t k, fl_hit *hits, size_t n, size_t max)
{
    const fl_slice *name = w == 0 ? &s->shipper : &s->importer;
    static const char *const roles[2] = {"shipper", "importer"};
    for (size_t i = 0; i < k; i++) {
        const fl_rule *r = &m->rs->rules[eh[i].rule];
        if (!fl_rule_in_force(r, s->date))
            continue;
        fl_hit tmp;
        /* cppcheck-suppress uninitvar ; tmp is only written (hits past max) */
        fl_hit *h = n < max ? &hits[n] : &tmp;
        h->rule = eh[i].rule;
        h->match = FL_MATCH_ENTITY;
        h->upstream = FL_HIT_NO_UPSTREAM;
        h->severity = eh[i].possible ? FL_SEV_LOW : r->severity;
        bool addr = (eh[i].patterns & FL_EPAT_ADDRESS) != 0;
        const fl_slice *f = addr ? &s->shipper_address : name;
        h->span = (fl_span){addr ? FL_F_SHIPPER_ADDRESS : (w == 0 ? FL_F_SHIPPER : FL_F_IMPORTER),
                            0, (uint32_t)f->len};
        char d[11], win[32];
        fl_date_format(s->date, d);
        window_str(r, win, sizeof win);
        snprintf(h->evidence, sizeof h->evidence, "%s%s '%.*s': %s; %s within %s",
                 eh[i].possible ? "possible match (for review), " : "", roles[w], clip(name->len),
                 name->ptr, eh[i].evidence, d, win);
        const fl_slice *cell = w == 0 ? &s->shipper_cell : &s->importer_cell;
        size_t used = strlen(h->evidence);
        char line[160];
        if (cell->len && used + 1 < sizeof h->evidence)
            snprintf(h->evidence + used, sizeof h->evidence - used,
                     "; %s name split from the cell '%s' (the rest read as the address)",
                     roles[w], one_line(*cell, 120, line, sizeof line));
        n++;
    }
    return n;
}

size_t fl_match_subject(fl_matcher *m, const fl_subject *s, fl_hit *hits, size_t max)
{
    size_t n = 0;
    m->gen++;
    if (s->origin[0]) {
        const size_t *idx;
        size_t k = fl_rules_for_country(m->rs, s->origin, &idx);
        if (s->hs[0] && k) {
            /* With a code, the cached picks leave only the date to check per record. */
            const pick *p;
            size_t np = country_picks(m, s, idx, k, &p);
            for (size_t i = 0; i < np; i++) {
                if (!fl_rule_in_force(&m->rs->rules[p[i].rule], s->date))
                    continue;
                fl_hit tmp;
                /* cppcheck-suppress uninitvar ; tmp is only written (hits past max) */
                fl_hit *h = n < max ? &hits[n] : &tmp;
                memo best = {m->gen, HOW_HS, p[i].prefix_len, 0, 0};
                describe(m, s, p[i].rule, FL_MATCH_DIRECT, 0, &best, p[i].commodity, h);
                n++;
            }
        } else {
            for (size_t i = 0; i < k; i++) {
                fl_hit tmp;
                /* cppcheck-suppress uninitvar ; tmp is only written (hits past max) */
                fl_hit *h = n < max ? &hits[n] : &tmp;
                if (try_rule(m, s, idx[i], FL_MATCH_DIRECT, 0, h))
                    n++;
            }
        }
    }
    fl_entity_hit eh[2][MAX_PARTY_HITS];
    const fl_entity_hit *party[2] = {eh[0], eh[1]};
    size_t ek[2] = {0, 0};
    if (m->entities) {
        if (s->shipper_screened) {
            party[0] = s->shipper_hits;
            ek[0] = s->n_shipper_hits;
        } else {
            ek[0] = shipper_hits(m, s, eh[0], true);
        }
        if (s->importer.len) {
            ek[1] = screen_entities(m, s->importer, s->origin, eh[1], MAX_PARTY_HITS);
            ek[1] = ek[1] > MAX_PARTY_HITS ? MAX_PARTY_HITS : ek[1];
        }
    }
    fl_region_ref regions[FL_MATCH_MAX_REGIONS];
    char notes[FL_MATCH_MAX_REGIONS][256];
    fl_subject rs = *s; /* the record's regions and those of the shipper's qualifiers */
    rs.regions = regions;
    rs.n_regions =
        qualifier_regions(m->rs, s, party[0], ek[0], regions, notes, FL_MATCH_MAX_REGIONS);
    if (rs.n_regions)
        n = region_hits(m, &rs, hits, n, max);
    for (int w = 0; w < 2; w++)
        n = entity_flags(m, s, w, party[w], ek[w], hits, n, max);
    return n;
}

size_t fl_match_shipper(fl_matcher *m, const fl_subject *s, fl_entity_hit *eh)
{
    return m->entities ? shipper_hits(m, s, eh, false) : 0;
}
