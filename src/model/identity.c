/* identity.c - identities of sources, records, flags, cases and rules; see identity.h. */
#include "identity.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "digest.h"

/* One length-prefixed item ("5:hello,"), so that no two lists of items hash alike. */
static void put(fl_sha256 *h, const char *s, size_t len)
{
    char pre[24];
    int n = snprintf(pre, sizeof pre, "%zu:", len);
    fl_sha256_update(h, pre, (size_t)n);
    fl_sha256_update(h, s, len);
    fl_sha256_update(h, ",", 1);
}

static void puts0(fl_sha256 *h, const char *s)
{
    put(h, s ? s : "", s ? strlen(s) : 0);
}

static void put_num(fl_sha256 *h, unsigned long long v)
{
    char b[24];
    snprintf(b, sizeof b, "%llu", v);
    puts0(h, b);
}

/* A part of a file name that says when or which run, not what: dropped from the label. */
static bool is_counter(const char *s, size_t n)
{
    static const char *const words[] = {"run", "v", "part", "r", "batch", "rev", "seq"};
    size_t d = 0, letters = 0;
    while (letters < n && ((s[letters] >= 'a' && s[letters] <= 'z') ||
                           (s[letters] >= 'A' && s[letters] <= 'Z')))
        letters++;
    for (d = letters; d < n && s[d] >= '0' && s[d] <= '9'; d++)
        ;
    if (d != n || d == letters)
        return false; /* not letters then digits to the end */
    if (!letters)
        return true;
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (strlen(words[i]) == letters && strncasecmp(s, words[i], letters) == 0)
            return true;
    return false;
}

static bool is_stamp(const char *s, size_t n)
{
    size_t digits = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] >= '0' && s[i] <= '9')
            digits++;
        else if (s[i] != 'T' && s[i] != 'Z')
            return false;
    }
    return digits > 0;
}

static bool is_sep(char c)
{
    return c == '-' || c == '_' || c == '.' || c == ' ' || c == '(' || c == ')' || c == '[' ||
           c == ']';
}

char *fl_id_source_label(fl_arena *a, const char *path)
{
    const char *base = strcmp(path, "-") == 0 ? "stdin" : path;
    const char *slash = strrchr(base, '/');
    if (slash && slash[1])
        base = slash + 1;
    size_t n = strlen(base);
    const char *dot = strrchr(base, '.');
    if (dot && dot > base && (size_t)(base + n - dot) <= 6)
        n = (size_t)(dot - base); /* ".csv", ".txt", ".tsv" */
    char *out = fl_arena_alloc(a, n + 1);
    if (!out)
        return NULL;
    size_t o = 0, i = 0;
    while (i < n) {
        size_t s0 = i;
        while (i < n && is_sep(base[i]))
            i++;
        size_t w0 = i;
        while (i < n && !is_sep(base[i]))
            i++;
        if (w0 == i || is_stamp(base + w0, i - w0) || is_counter(base + w0, i - w0))
            continue;
        size_t from = o ? s0 : w0; /* the separators before a kept part, but none first */
        memcpy(out + o, base + from, i - from);
        o += i - from;
    }
    if (!o) {
        memcpy(out, base, n);
        o = n;
    }
    out[o] = '\0';
    return out;
}

const char *fl_id_record_id(const char *id, size_t len, size_t *out_len)
{
    if (!id)
        id = "";
    while (len && (id[len - 1] == ' ' || id[len - 1] == '\t'))
        len--;
    while (len && (*id == ' ' || *id == '\t')) {
        id++;
        len--;
    }
    *out_len = len;
    return id;
}

char *fl_id_record_key(fl_arena *a, const char *source, const char *const fields[FL_F_COUNT],
                       uint32_t occurrence)
{
    const char *raw = fields[FL_F_RECORD_ID] ? fields[FL_F_RECORD_ID] : "";
    size_t len;
    const char *id = fl_id_record_id(raw, strlen(raw), &len);
    char nth[16] = "";
    if (occurrence > 1)
        snprintf(nth, sizeof nth, "#%u", (unsigned)occurrence);
    if (len)
        return fl_arena_printf(a, "%s#id:%.*s%s", source, (int)len, id, nth);
    fl_sha256 *h = fl_sha256_new();
    if (!h)
        return NULL;
    for (int k = 0; k < FL_F_COUNT; k++) {
        if (k == FL_F_RECORD_ID || !fields[k] || !fields[k][0])
            continue;
        puts0(h, fl_field_name((fl_field)k));
        puts0(h, fields[k]);
    }
    char hex[65];
    fl_sha256_hex(h, hex);
    fl_sha256_free(h);
    return fl_arena_printf(a, "%s#sha256:%s%s", source, hex, nth);
}

void fl_id_fingerprint(const char *record_key, const char *rule_id, const char *entry,
                       char out[65])
{
    fl_sha256 *h = fl_sha256_new();
    if (!h) {
        out[0] = '\0';
        return;
    }
    puts0(h, "flscan flag 1");
    puts0(h, record_key);
    puts0(h, rule_id);
    puts0(h, entry ? entry : rule_id);
    fl_sha256_hex(h, out);
    fl_sha256_free(h);
}

void fl_id_case(const char *rule_id, const char *entry, bool indirect, const char *party,
                const char *importer, char out[FL_CASE_ID])
{
    fl_sha256 *h = fl_sha256_new();
    char hex[65];
    if (!h) {
        out[0] = '\0';
        return;
    }
    puts0(h, "flscan case 1");
    puts0(h, rule_id);
    puts0(h, entry ? entry : rule_id);
    puts0(h, indirect ? "indirect" : "direct");
    puts0(h, party);
    puts0(h, importer);
    fl_sha256_hex(h, hex);
    fl_sha256_free(h);
    snprintf(out, FL_CASE_ID, "C-%.12s", hex);
}

void fl_id_rule_hash(const fl_ruleset *rs, size_t rule, char out[65])
{
    const fl_rule *r = &rs->rules[rule];
    fl_sha256 *h = fl_sha256_new();
    if (!h) {
        out[0] = '\0';
        return;
    }
    puts0(h, "flscan rule 1");
    puts0(h, r->id);
    puts0(h, r->title);
    puts0(h, r->note);
    puts0(h, fl_basis_str(r->basis));
    put_num(h, r->n_countries);
    for (size_t i = 0; i < r->n_countries; i++)
        puts0(h, r->countries[i]);
    put_num(h, r->n_regions);
    for (size_t i = 0; i < r->n_regions; i++)
        puts0(h, r->regions[i]);
    put_num(h, r->all_goods);
    put_num(h, r->n_commodities);
    for (size_t i = 0; i < r->n_commodities; i++) {
        /* What decides a match; a commodity's display name or note does not. */
        const fl_commodity *c = &rs->commodities[r->commodities[i]];
        puts0(h, c->id);
        put_num(h, c->n_hs);
        for (size_t k = 0; k < c->n_hs; k++)
            puts0(h, c->hs_prefixes[k]);
        puts0(h, c->pattern);
        puts0(h, c->exclude);
    }
    put_num(h, r->labor);
    puts0(h, fl_severity_str(r->severity));
    put_num(h, r->valid_from);
    put_num(h, r->valid_to);
    put_num(h, r->n_sources);
    for (size_t i = 0; i < r->n_sources; i++)
        puts0(h, r->sources[i] < rs->n_sources ? rs->sources[r->sources[i]].id : "?");
    put_num(h, r->n_names);
    for (size_t i = 0; i < r->n_names; i++)
        puts0(h, r->names[i]);
    fl_sha256_hex(h, out);
    fl_sha256_free(h);
}
