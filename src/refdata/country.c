/* country.c - ISO 3166-1 table and alias index; see country.h. */
#include "country.h"

#include <errno.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "csvread.h"
#include "diag.h"
#include "strmap.h"
#include "table.h"
#include "unorm.h"

/* Keys longer than this are not country names; lookups fold into a stack buffer this big. */
#define KEY_MAX 256

#define N_A2 (26 * 26)

typedef struct entry {
    char a2[3], a3[4];
    const char *name, *official, *common; /* arena; official/common may be NULL */
} entry;

/* A subdivision of iso_3166-2.json. */
typedef struct subdiv {
    char code[8]; /* "CA-ON" */
} subdiv;

#define SUB_AMBIGUOUS UINT32_MAX       /* a form of several countries' subdivisions */
#define SUB_BLOCKED (UINT32_MAX - 1)  /* the alias table says: not read from addresses */

struct fl_countries {
    fl_arena arena;
    entry *entries;
    size_t n_entries;
    int16_t by_a2[N_A2]; /* index into entries, -1 if unassigned */
    fl_strmap *keys; /* folded name or alias -> index into entries */
    size_t n_aliases;
    /* subdivisions (fl_countries_load_subdivisions): forms -> slot in form_sub, which holds
       an index into subs or SUB_AMBIGUOUS (a slot, so that a later form can make it so) */
    subdiv *subs;
    size_t n_subs, cap_subs;
    fl_strmap *sub_keys;
    uint32_t *form_sub;
    size_t n_forms, cap_forms, n_sub_aliases;
};

static int a2_index(const char *code)
{
    if (!code || code[0] < 'A' || code[0] > 'Z' || code[1] < 'A' || code[1] > 'Z' || code[2])
        return -1;
    return (code[0] - 'A') * 26 + (code[1] - 'A');
}

static const entry *entry_for(const fl_countries *c, const char *code)
{
    int i = c ? a2_index(code) : -1;
    if (i < 0 || c->by_a2[i] < 0)
        return NULL;
    return &c->entries[c->by_a2[i]];
}

typedef enum add_result { ADD_NEW, ADD_SAME, ADD_CONFLICT, ADD_NOMEM } add_result;

/* Map the folded key to code; on ADD_CONFLICT *prev is the code the key already has. */
static add_result add_key(fl_countries *c, const char *key, size_t len, const char *code,
                          const char **prev)
{
    const entry *e = entry_for(c, code);
    uint32_t have;
    bool added;
    if (!e ||
        fl_strmap_put(c->keys, key, len, (uint32_t)(e - c->entries), &have, &added, NULL) != FL_OK)
        return ADD_NOMEM; /* e: every caller passes a code it has an entry for */
    if (added)
        return ADD_NEW;
    *prev = c->entries[have].a2;
    return memcmp(*prev, code, 2) == 0 ? ADD_SAME : ADD_CONFLICT;
}

static bool is_upper_code(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < 'A' || s[i] > 'Z')
            return false;
    return s[n] == '\0';
}

/* ---- ISO 3166-1 JSON ---- */

/* A string member, or NULL; *bad is set when the member exists but is not a string. */
static const char *member_str(json_t *obj, const char *name, bool *bad)
{
    json_t *v = json_object_get(obj, name);
    if (!v)
        return NULL;
    if (!json_is_string(v)) {
        *bad = true;
        return NULL;
    }
    return json_string_value(v);
}

/* Index one name of entry e; ISO names that fold alike must name the same country. */
static fl_status add_iso_name(fl_countries *c, const char *path, size_t idx, const entry *e,
                              const char *field, const char *text)
{
    char key[KEY_MAX];
    const char *prev = NULL;
    if (!text)
        return FL_OK;
    ssize_t n = fl_unorm_key(text, strlen(text), key, sizeof key);
    if (n <= 0) {
        fl_error("%s: entry %zu ('%s'): %s '%s' is empty or too long", path, idx + 1, e->a2,
                 field, text);
        return FL_ERR_RULES;
    }
    switch (add_key(c, key, (size_t)n, e->a2, &prev)) {
    case ADD_NEW:
    case ADD_SAME:
        return FL_OK;
    case ADD_CONFLICT:
        fl_error("%s: entry %zu ('%s'): %s '%s' is already a name of '%s'", path, idx + 1,
                 e->a2, field, text, prev);
        return FL_ERR_RULES;
    case ADD_NOMEM:
        break;
    }
    return FL_ERR_NOMEM;
}

static fl_status load_entry(fl_countries *c, const char *path, size_t idx, json_t *obj)
{
    bool bad = false;
    if (!json_is_object(obj)) {
        fl_error("%s: entry %zu is not an object", path, idx + 1);
        return FL_ERR_RULES;
    }
    const char *a2 = member_str(obj, "alpha_2", &bad);
    const char *a3 = member_str(obj, "alpha_3", &bad);
    const char *name = member_str(obj, "name", &bad);
    const char *official = member_str(obj, "official_name", &bad);
    const char *common = member_str(obj, "common_name", &bad);
    if (bad || !a2 || !a3 || !name || !is_upper_code(a2, 2) || !is_upper_code(a3, 3)) {
        fl_error("%s: entry %zu: expected 'alpha_2' (two capital letters), 'alpha_3' (three) "
                 "and 'name' strings",
                 path, idx + 1);
        return FL_ERR_RULES;
    }
    int ai = a2_index(a2);
    if (c->by_a2[ai] >= 0) {
        fl_error("%s: entry %zu: duplicate alpha_2 code '%s'", path, idx + 1, a2);
        return FL_ERR_RULES;
    }

    entry *e = &c->entries[c->n_entries];
    memcpy(e->a2, a2, 3);
    memcpy(e->a3, a3, 4);
    e->name = fl_arena_strdup(&c->arena, name);
    e->official = official ? fl_arena_strdup(&c->arena, official) : NULL;
    e->common = common ? fl_arena_strdup(&c->arena, common) : NULL;
    if (!e->name || (official && !e->official) || (common && !e->common))
        return FL_ERR_NOMEM;
    c->by_a2[ai] = (int16_t)c->n_entries++;

    const char *fields[][2] = {{"alpha_2", a2},         {"alpha_3", a3},
                               {"name", name},          {"official_name", official},
                               {"common_name", common}};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        fl_status st = add_iso_name(c, path, idx, e, fields[i][0], fields[i][1]);
        if (st != FL_OK)
            return st;
    }
    return FL_OK;
}

/* The JSON document of an iso-codes file into *root (the caller decrefs it); a message that
   names the file (and line and column of a syntax error) when it cannot be read. */
static fl_status load_json(const char *path, size_t flags, json_t **root)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fl_error("cannot read '%s': %s", path, strerror(errno));
        return FL_ERR_INPUT;
    }
    json_error_t err;
    *root = json_loadf(f, flags, &err);
    fclose(f);
    if (*root)
        return FL_OK;
    if (json_error_code(&err) == json_error_out_of_memory)
        return FL_ERR_NOMEM;
    fl_error("%s:%d:%d: %s", path, err.line, err.column, err.text);
    return FL_ERR_RULES;
}

static fl_status load_iso(fl_countries *c, const char *path)
{
    json_t *root;
    fl_status st0 = load_json(path, JSON_REJECT_DUPLICATES, &root);
    if (st0 != FL_OK)
        return st0;

    fl_status st = FL_OK;
    json_t *list = json_object_get(root, "3166-1");
    size_t n = json_array_size(list);
    if (!json_is_array(list) || n == 0 || n > N_A2) {
        fl_error("%s: expected a '3166-1' array of 1 to %d entries", path, N_A2);
        st = FL_ERR_RULES;
        goto done;
    }
    c->entries = calloc(n, sizeof *c->entries);
    if (!c->entries) {
        st = FL_ERR_NOMEM;
        goto done;
    }
    for (size_t i = 0; i < n && st == FL_OK; i++)
        st = load_entry(c, path, i, json_array_get(list, i));
done:
    json_decref(root);
    return st;
}

/* ---- alias table (CSV: alias,code,note) ---- */

typedef struct alias_ctx {
    fl_countries *c;
    const char *path;
    fl_status st; /* first failure; loading goes on to report every bad row */
} alias_ctx;

static void alias_fail(alias_ctx *x, fl_status st)
{
    if (x->st == FL_OK || st == FL_ERR_NOMEM)
        x->st = st;
}

static bool slice_is(fl_slice s, const char *lit)
{
    size_t n = strlen(lit);
    return s.len == n && memcmp(s.ptr, lit, n) == 0;
}

static int on_alias_row(const fl_csv_row *row, void *ctxp)
{
    alias_ctx *x = ctxp;
    const char *path = x->path;
    unsigned long long line = (unsigned long long)row->line;

    if (row->error) {
        fl_error("%s:%llu:1: %s", path, line, row->error);
        alias_fail(x, FL_ERR_RULES);
        return 0;
    }
    if (row->index == 0) {
        if (row->n_fields != 3 || !slice_is(row->fields[0], "alias") ||
            !slice_is(row->fields[1], "code") || !slice_is(row->fields[2], "note")) {
            fl_error("%s:%llu:1: expected the header 'alias,code,note'", path, line);
            alias_fail(x, FL_ERR_RULES);
            return 1; /* the columns are unknown; the rows cannot be checked */
        }
        return 0;
    }
    if (row->n_fields != 3) {
        fl_error("%s:%llu:1: expected 3 fields (alias,code,note), found %zu", path, line,
                 row->n_fields);
        alias_fail(x, FL_ERR_RULES);
        return 0;
    }

    fl_slice alias = row->fields[0], code = row->fields[1];
    char key[KEY_MAX];
    ssize_t n = fl_unorm_key(alias.ptr, alias.len, key, sizeof key);
    if (n <= 0) {
        if (!fl_utf8_valid(alias.ptr, alias.len))
            fl_error("%s:%llu:1: alias is not valid utf-8", path, line);
        else if (n == 0)
            fl_error("%s:%llu:1: alias '%.*s' has no letters or digits", path, line,
                     (int)alias.len, alias.ptr);
        else
            fl_error("%s:%llu:1: alias '%.*s' is longer than %d bytes", path, line,
                     (int)(alias.len > 80 ? 80 : alias.len), alias.ptr, KEY_MAX - 1);
        alias_fail(x, FL_ERR_RULES);
        return 0;
    }

    char cc[3] = {0};
    if (code.len == 2)
        memcpy(cc, code.ptr, 2);
    if (code.len == 0) {
        fl_error("%s:%llu:2: missing country code for alias '%.*s'", path, line,
                 (int)alias.len, alias.ptr);
        alias_fail(x, FL_ERR_RULES);
        return 0;
    }
    if (code.len != 2 || !entry_for(x->c, cc)) {
        fl_error("%s:%llu:2: unknown country code '%.*s' (expected an iso 3166-1 alpha-2 "
                 "code such as 'UZ')",
                 path, line, (int)(code.len > 16 ? 16 : code.len), code.ptr);
        alias_fail(x, FL_ERR_RULES);
        return 0;
    }

    const char *prev = NULL;
    switch (add_key(x->c, key, (size_t)n, cc, &prev)) {
    case ADD_NEW:
    case ADD_SAME: /* harmless: the ISO data or an earlier row already says so */
        x->c->n_aliases++;
        return 0;
    case ADD_CONFLICT:
        fl_error("%s:%llu:1: alias '%.*s' for '%s' already means '%s'", path, line,
                 (int)alias.len, alias.ptr, cc, prev);
        alias_fail(x, FL_ERR_RULES);
        return 0;
    case ADD_NOMEM:
        break;
    }
    alias_fail(x, FL_ERR_NOMEM);
    return 1;
}

static fl_status load_aliases(fl_countries *c, const char *path)
{
    /* An alias table is small; these caps only stop a wrong file early. */
    const fl_csv_limits lim = {64u * 1024u, 16u};
    alias_ctx x = {c, path, FL_OK};
    fl_status st = fl_csv_read(path, &lim, on_alias_row, NULL, &x, NULL);
    return st != FL_OK ? st : x.st;
}

/* ---- interface ---- */

fl_status fl_countries_load(const char *iso_json, const char *aliases_csv, fl_countries **out)
{
    fl_status st;
    *out = NULL;
    fl_countries *c = calloc(1, sizeof *c);
    if (!c)
        return FL_ERR_NOMEM;
    for (size_t i = 0; i < N_A2; i++)
        c->by_a2[i] = -1;
    if (!(c->keys = fl_strmap_new())) {
        st = FL_ERR_NOMEM;
        goto fail;
    }
    st = load_iso(c, iso_json);
    if (st == FL_OK && aliases_csv)
        st = load_aliases(c, aliases_csv);
    if (st != FL_OK)
        goto fail;
    *out = c;
    return FL_OK;
fail:
    if (st == FL_ERR_NOMEM)
        fl_error("out of memory loading the country table");
    fl_countries_free(c);
    return st;
}

void fl_countries_free(fl_countries *c)
{
    if (!c)
        return;
    fl_arena_free(&c->arena);
    free(c->entries);
    fl_strmap_free(c->keys);
    free(c->subs);
    fl_strmap_free(c->sub_keys);
    free(c->form_sub);
    free(c);
}

bool fl_country_lookup(const fl_countries *c, const char *s, size_t len, char code[3])
{
    char key[KEY_MAX];
    if (!c || !code)
        return false;
    ssize_t n = fl_unorm_key(s, len, key, sizeof key);
    if (n <= 0)
        return false;
    uint32_t e;
    if (!fl_strmap_get(c->keys, key, (size_t)n, &e))
        return false;
    memcpy(code, c->entries[e].a2, 3);
    return true;
}

bool fl_country_valid(const fl_countries *c, const char *code)
{
    return entry_for(c, code) != NULL;
}

const char *fl_country_name(const fl_countries *c, const char *code)
{
    const entry *e = entry_for(c, code);
    return e ? e->name : NULL;
}

const char *fl_country_display_name(const fl_countries *c, const char *code)
{
    const entry *e = entry_for(c, code);
    if (!e)
        return NULL;
    return e->common ? e->common : e->name;
}

const char *fl_country_alpha3(const fl_countries *c, const char *code)
{
    const entry *e = entry_for(c, code);
    return e ? e->a3 : NULL;
}

size_t fl_countries_count(const fl_countries *c)
{
    return c ? c->n_entries : 0;
}

size_t fl_countries_alias_count(const fl_countries *c)
{
    return c ? c->n_aliases : 0;
}

fl_status fl_iso_subdivisions(const char *path, fl_iso_code_fn fn, void *ctx)
{
    json_t *root;
    fl_status st0 = load_json(path, 0, &root);
    if (st0 != FL_OK)
        return st0;
    fl_status st = FL_OK;
    json_t *list = json_object_get(root, "3166-2");
    if (!json_is_array(list) || json_array_size(list) == 0) {
        fl_error("%s: expected a '3166-2' array", path);
        st = FL_ERR_RULES;
    } else {
        for (size_t i = 0; i < json_array_size(list); i++) {
            const char *code = json_string_value(json_object_get(json_array_get(list, i), "code"));
            if (code)
                fn(code, ctx);
        }
    }
    json_decref(root);
    return st;
}

/* ---- ISO 3166-2 subdivisions ---- */

#define SUB_KEY_MIN 4 /* shorter ISO forms are not indexed (only aliases) */

/* Trailing words that only say what kind of subdivision a name is (folded forms). */
static const char *const kind_words[] = {
    "sheng",       "shi",         "zizhiqu",          "zhuangzu",         "huizu",
    "uygur",       "teukbyeolsi", "gwangyeoksi",      "teukbyeoljachido", "teukbyeoljachisi",
    "do",          "province",    "prefecture",       "region",           "state",
    "oblast",      "oblysy",      "viloyati",         "respublikasi",     "kray",
};

/*
 * Which ISO subdivisions are read from addresses: the first level (and the provinces under
 * a merely geographical grouping, as Indonesia's under "Jawa"), never the second (a Spanish
 * or Italian province, a French department: named after their chief towns, which share
 * their names with towns abroad, "Santiago", "Valencia", "Guadalajara"), and not the types
 * whose entries are towns rather than provinces: Jamaican parishes, Maltese local councils,
 * Azerbaijani rayons, and municipalities where a country has more than TOWNS_MAX of them
 * at its first level (Slovenia's 212; but Vietnam's and China's few municipalities are its
 * chief cities, Hà Nội or Beijing, and are read).
 */
#define TOWNS_MAX 10

static const char *const town_types[] = {
    "Local council", "Parish",        "Commune",     "Quarter",       "Island council",
    "Administrative atoll", "Rayon",  "Town council", "Island",       "Outlying area",
};

static const char *const municipal_types[] = {
    "Municipality", "Urban municipality", "Rural municipality", "District municipality",
    "City municipality",
};

/* Names of a subdivision that are ordinary words of addresses ("South", "Central"). */
static const char *const plain_words[] = {
    "north",    "south",    "east",     "west",      "central",   "centre",    "center",
    "northern", "southern", "eastern",  "western",   "northeast", "northwest", "southeast",
    "southwest", "north east", "north west", "south east", "south west", "capital", "coast",
    "islands",  "island",   "lakes",    "valley",    "mountain",  "mountains", "plains",
    "midlands", "highlands", "littoral", "interior", "metropolitan", "federal district",
};

static bool in_words(const char *const *list, size_t n_list, const char *w, size_t n)
{
    for (size_t i = 0; i < n_list; i++)
        if (strlen(list[i]) == n && memcmp(list[i], w, n) == 0)
            return true;
    return false;
}

static bool is_kind_word(const char *w, size_t n)
{
    for (size_t i = 0; i < sizeof kind_words / sizeof *kind_words; i++)
        if (strlen(kind_words[i]) == n && memcmp(kind_words[i], w, n) == 0)
            return true;
    return false;
}

typedef enum sub_add { SUB_ADDED, SUB_SKIPPED, SUB_CONFLICT, SUB_NOMEM } sub_add;

/*
 * Index the folded form key[0..len) for subdivision sub (index into c->subs). alias: from
 * the alias table (a conflict is then reported by the caller, *prev the other code).
 */
static sub_add add_form(fl_countries *c, const char *key, size_t len, uint32_t sub, bool alias,
                        const char **prev)
{
    if (len == 0 || (!alias && len < SUB_KEY_MIN))
        return SUB_SKIPPED;
    if (!alias && in_words(plain_words, sizeof plain_words / sizeof *plain_words, key, len))
        return SUB_SKIPPED;
    const char *code = c->subs[sub].code;
    char cc[3];
    uint32_t slot;
    bool added;
    if (fl_country_lookup(c, key, len, cc)) {
        if (memcmp(cc, code, 2) == 0 || strcmp(code + 3, cc) == 0)
            return SUB_SKIPPED; /* the country's own name ("México"), or a country listed
                                   as a subdivision too (CN-TW "Taiwan"): the country */
        if (alias) {
            *prev = c->entries[c->by_a2[a2_index(cc)]].a2;
            return SUB_CONFLICT;
        }
        sub = SUB_AMBIGUOUS;
    }
    if (!fl_grow((void **)&c->form_sub, &c->cap_forms, c->n_forms + 1, sizeof *c->form_sub) ||
        fl_strmap_put(c->sub_keys, key, len, (uint32_t)c->n_forms, &slot, &added, NULL) != FL_OK)
        return SUB_NOMEM;
    if (added) {
        c->form_sub[c->n_forms++] = sub;
        return SUB_ADDED;
    }
    uint32_t have = c->form_sub[slot];
    if (have == SUB_BLOCKED)
        return SUB_SKIPPED; /* the alias table said no */
    if (have == sub || (have != SUB_AMBIGUOUS && sub != SUB_AMBIGUOUS &&
                        memcmp(c->subs[have].code, code, 2) == 0))
        return SUB_SKIPPED; /* the same country: either answers */
    if (alias) {
        *prev = have == SUB_AMBIGUOUS ? "several countries" : c->subs[have].code;
        return SUB_CONFLICT;
    }
    c->form_sub[slot] = SUB_AMBIGUOUS;
    return SUB_SKIPPED;
}

/* Index one written form of an ISO name, and the same without trailing kind words. */
static fl_status add_iso_form(fl_countries *c, const char *text, size_t n, uint32_t sub)
{
    char key[KEY_MAX];
    const char *prev;
    while (n && (text[n - 1] == ' ' || text[n - 1] == '*'))
        n--;
    while (n && *text == ' ')
        text++, n--;
    ssize_t k = fl_unorm_key(text, n, key, sizeof key);
    if (k <= 0)
        return FL_OK;
    size_t len = (size_t)k;
    for (;;) {
        if (add_form(c, key, len, sub, false, &prev) == SUB_NOMEM)
            return FL_ERR_NOMEM;
        /* written as one word too: "Chon Buri" is often "Chonburi" */
        char joined[KEY_MAX];
        size_t jn = 0;
        for (size_t i = 0; i < len; i++)
            if (key[i] != ' ')
                joined[jn++] = key[i];
        if (jn < len && add_form(c, joined, jn, sub, false, &prev) == SUB_NOMEM)
            return FL_ERR_NOMEM;
        size_t w = len; /* the last word: key[w..len) */
        while (w && key[w - 1] != ' ')
            w--;
        if (w == 0 || !is_kind_word(key + w, len - w))
            return FL_OK;
        len = w - 1;
    }
}

/*
 * Every form of an ISO subdivision name: "A / B" gives A and B, "A [B GB-XYZ]" gives A and
 * B (a code inside the brackets dropped), "A (x)" gives "A (x)" and A.
 */
static fl_status add_iso_name_forms(fl_countries *c, const char *name, uint32_t sub)
{
    char buf[KEY_MAX];
    size_t n = strlen(name);
    if (n >= sizeof buf)
        return FL_OK;
    memcpy(buf, name, n + 1);
    char *open = strchr(buf, '[');
    const char *pieces[2] = {buf, NULL};
    if (open) {
        char *close = strchr(open, ']');
        if (close)
            *close = '\0';
        *open = '\0';
        pieces[1] = open + 1;
        char *dash = strrchr(open + 1, '-'); /* "Sir Ynys Mon GB-YNM": drop the code */
        if (dash && dash - (open + 1) >= 3 && dash[-3] == ' ')
            dash[-3] = '\0';
    }
    for (size_t p = 0; p < 2 && pieces[p]; p++) {
        const char *piece = pieces[p];
        for (;;) {
            const char *slash = strstr(piece, " / ");
            size_t len = slash ? (size_t)(slash - piece) : strlen(piece);
            fl_status st = add_iso_form(c, piece, len, sub);
            const char *paren = memchr(piece, '(', len);
            if (st == FL_OK && paren)
                st = add_iso_form(c, piece, (size_t)(paren - piece), sub);
            /* "Madrid, Comunidad de": the name comes first, what kind of place after */
            const char *comma = memchr(piece, ',', len);
            if (st == FL_OK && comma)
                st = add_iso_form(c, piece, (size_t)(comma - piece), sub);
            if (st != FL_OK)
                return st;
            if (!slash)
                break;
            piece = slash + 3;
        }
    }
    return FL_OK;
}

static bool valid_subdiv_code(const fl_countries *c, const char *code)
{
    size_t n = strlen(code);
    if (n < 4 || n > 6 || code[2] != '-')
        return false;
    char cc[3] = {code[0], code[1], 0};
    if (!entry_for(c, cc))
        return false;
    for (size_t i = 3; i < n; i++)
        if (!((code[i] >= 'A' && code[i] <= 'Z') || (code[i] >= '0' && code[i] <= '9')))
            return false;
    return true;
}

static bool in_types(const char *const *list, size_t n, const char *type)
{
    for (size_t i = 0; type && i < n; i++)
        if (strcmp(type, list[i]) == 0)
            return true;
    return false;
}

/* Counts by key for the first pass over iso_3166-2.json. */
typedef struct tally {
    fl_strmap *keys; /* key -> index into n */
    uint32_t *n;
    size_t len, cap;
} tally;

static fl_status bump(tally *t, const char *key)
{
    uint32_t at;
    bool added;
    if (!fl_grow((void **)&t->n, &t->cap, t->len + 1, sizeof *t->n) ||
        fl_strmap_put(t->keys, key, strlen(key), (uint32_t)t->len, &at, &added, NULL) != FL_OK)
        return FL_ERR_NOMEM;
    if (added)
        t->n[t->len++] = 0;
    t->n[at]++;
    return FL_OK;
}

static uint32_t counted(const tally *t, const char *key)
{
    uint32_t at;
    return fl_strmap_get(t->keys, key, strlen(key), &at) ? t->n[at] : 0;
}

/*
 * One entry of iso_3166-2.json. Pass 0 counts each country's first-level entries per type
 * ("CC|type") and notes the geographical groupings ("group:CC-XX"); pass 1 indexes the
 * entry's names when it is read from addresses (above), and keeps it for the alias table
 * either way.
 */
static fl_status subdiv_entry(fl_countries *c, tally *t, json_t *e, size_t pass)
{
    const char *code = json_string_value(json_object_get(e, "code"));
    const char *name = json_string_value(json_object_get(e, "name"));
    const char *type = json_string_value(json_object_get(e, "type"));
    const char *parent = json_string_value(json_object_get(e, "parent"));
    if (!code || !name || !type || !valid_subdiv_code(c, code))
        return FL_OK; /* an entry of a country this table lacks, or a malformed one */
    char key[160];
    if (pass == 0) {
        fl_status st = FL_OK;
        if (strstr(type, "Geographical")) {
            snprintf(key, sizeof key, "group:%s", code);
            st = bump(t, key);
        }
        if (st == FL_OK && !parent) {
            snprintf(key, sizeof key, "%.2s|%s", code, type);
            st = bump(t, key);
        }
        return st;
    }
    bool read = true;
    if (parent) { /* a parent is written "XX" (of the same country) or "CC-XX" */
        if (strchr(parent, '-'))
            snprintf(key, sizeof key, "group:%s", parent);
        else
            snprintf(key, sizeof key, "group:%.2s-%s", code, parent);
        read = counted(t, key) > 0;
    }
    if (read && in_types(town_types, sizeof town_types / sizeof *town_types, type))
        read = false;
    if (read && in_types(municipal_types, sizeof municipal_types / sizeof *municipal_types, type)) {
        snprintf(key, sizeof key, "%.2s|%s", code, type);
        read = counted(t, key) <= TOWNS_MAX;
    }
    if (!fl_grow((void **)&c->subs, &c->cap_subs, c->n_subs + 1, sizeof *c->subs))
        return FL_ERR_NOMEM;
    snprintf(c->subs[c->n_subs].code, sizeof c->subs[c->n_subs].code, "%s", code);
    uint32_t sub = (uint32_t)c->n_subs++;
    return read ? add_iso_name_forms(c, name, sub) : FL_OK; /* unread: kept for aliases */
}

static fl_status load_subdiv_json(fl_countries *c, const char *path)
{
    json_t *root;
    fl_status st0 = load_json(path, 0, &root);
    if (st0 != FL_OK)
        return st0;
    fl_status st = FL_OK;
    json_t *list = json_object_get(root, "3166-2");
    size_t n = json_array_size(list);
    if (!json_is_array(list) || n == 0 || n >= SUB_AMBIGUOUS) {
        fl_error("%s: expected a '3166-2' array", path);
        st = FL_ERR_RULES;
    }
    tally t = {fl_strmap_new(), NULL, 0, 0};
    if (st == FL_OK && !t.keys)
        st = FL_ERR_NOMEM;
    for (size_t pass = 0; pass < 2 && st == FL_OK; pass++)
        for (size_t i = 0; st == FL_OK && i < n; i++)
            st = subdiv_entry(c, &t, json_array_get(list, i), pass);
    fl_strmap_free(t.keys);
    free(t.n);
    json_decref(root);
    return st;
}

/* The subdivision of code, or SUB_AMBIGUOUS when the JSON file does not list it. */
static uint32_t subdiv_index(const fl_countries *c, const char *code, size_t n)
{
    for (size_t i = 0; i < c->n_subs; i++)
        if (strlen(c->subs[i].code) == n && memcmp(c->subs[i].code, code, n) == 0)
            return (uint32_t)i;
    return SUB_AMBIGUOUS;
}

typedef struct subalias_ctx {
    fl_countries *c;
    bool bad;
} subalias_ctx;

enum { SA_ALIAS, SA_CODE, SA_NOTE, SA_SOURCE, SA_COUNT };
static const char *const subalias_columns[SA_COUNT] = {"alias", "code", "note", "source"};

/* An alias row with code "none": the name is a town more often than the subdivision. */
static fl_status block_form(subalias_ctx *x, const fl_table_row *row, const char *key, size_t len)
{
    fl_countries *c = x->c;
    uint32_t slot;
    bool added;
    (void)row;
    if (!fl_grow((void **)&c->form_sub, &c->cap_forms, c->n_forms + 1, sizeof *c->form_sub) ||
        fl_strmap_put(c->sub_keys, key, len, (uint32_t)c->n_forms, &slot, &added, NULL) != FL_OK)
        return FL_ERR_NOMEM;
    if (added)
        c->n_forms++;
    c->form_sub[slot] = SUB_BLOCKED;
    c->n_sub_aliases++;
    return FL_OK;
}

static fl_status on_subalias(const fl_table_row *row, void *ctx)
{
    subalias_ctx *x = ctx;
    fl_slice alias = row->cells[SA_ALIAS], code = row->cells[SA_CODE];
    fl_slice src = row->cells[SA_SOURCE];
    char key[KEY_MAX];
    ssize_t k = fl_unorm_key(alias.ptr, alias.len, key, sizeof key);
    if (k <= 0) {
        fl_table_error(row, SA_ALIAS, "alias '%.*s' is empty, not UTF-8 or too long",
                       (int)(alias.len > 80 ? 80 : alias.len), alias.ptr);
        x->bad = true;
        return FL_OK;
    }
    if (code.len == 4 && memcmp(code.ptr, "none", 4) == 0)
        return block_form(x, row, key, (size_t)k);
    uint32_t sub = subdiv_index(x->c, code.ptr, code.len);
    if (sub == SUB_AMBIGUOUS) {
        fl_table_error(row, SA_CODE,
                       "unknown subdivision '%.*s' (expected an ISO 3166-2 code of "
                       "iso_3166-2.json such as 'CA-ON')",
                       (int)(code.len > 16 ? 16 : code.len), code.ptr);
        x->bad = true;
        return FL_OK;
    }
    if (src.len < 8 || (strncmp(src.ptr, "https://", 8) != 0 && strncmp(src.ptr, "http://", 7) != 0)) {
        fl_table_error(row, SA_SOURCE, "expected the http(s) address of a page that documents it");
        x->bad = true;
        return FL_OK;
    }
    const char *prev = NULL;
    switch (add_form(x->c, key, (size_t)k, sub, true, &prev)) {
    case SUB_ADDED:
    case SUB_SKIPPED:
        x->c->n_sub_aliases++;
        return FL_OK;
    case SUB_CONFLICT:
        fl_table_error(row, SA_ALIAS, "alias '%.*s' for '%s' already means '%s'", (int)alias.len,
                       alias.ptr, x->c->subs[sub].code, prev);
        x->bad = true;
        return FL_OK;
    case SUB_NOMEM:
        break;
    }
    return FL_ERR_NOMEM;
}

fl_status fl_countries_load_subdivisions(fl_countries *c, const char *iso_3166_2_json,
                                         const char *aliases_csv)
{
    if (c->sub_keys)
        return FL_OK; /* loaded already */
    if (!(c->sub_keys = fl_strmap_new()))
        return FL_ERR_NOMEM;
    fl_status st = load_subdiv_json(c, iso_3166_2_json);
    if (st == FL_OK && aliases_csv) {
        subalias_ctx x = {c, false};
        st = fl_table_read(aliases_csv, aliases_csv, subalias_columns, SA_COUNT, SA_COUNT,
                           on_subalias, &x);
        if (st == FL_OK && x.bad)
            st = FL_ERR_RULES;
    }
    if (st == FL_ERR_NOMEM)
        fl_error("out of memory loading the subdivision names");
    return st;
}

fl_subdiv_match fl_subdivision_lookup(const fl_countries *c, const char *s, size_t len,
                                      char code[8])
{
    char key[KEY_MAX];
    uint32_t slot;
    if (!c || !c->sub_keys)
        return FL_SUBDIV_NONE;
    ssize_t n = fl_unorm_key(s, len, key, sizeof key);
    if (n <= 0 || !fl_strmap_get(c->sub_keys, key, (size_t)n, &slot))
        return FL_SUBDIV_NONE;
    uint32_t sub = c->form_sub[slot];
    if (sub == SUB_AMBIGUOUS)
        return FL_SUBDIV_AMBIGUOUS;
    if (sub == SUB_BLOCKED)
        return FL_SUBDIV_NONE;
    memcpy(code, c->subs[sub].code, sizeof c->subs[sub].code);
    return FL_SUBDIV_ONE;
}

size_t fl_subdivisions_count(const fl_countries *c)
{
    return c ? c->n_forms : 0;
}

size_t fl_subdivision_alias_count(const fl_countries *c)
{
    return c ? c->n_sub_aliases : 0;
}
