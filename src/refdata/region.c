/* region.c - regions gazetteer and place detection; see region.h. */
#include "region.h"
#include "country.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "strmap.h"
#include "table.h"
#include "unorm.h"

#define KEY_MAX 255                       /* longest folded name */
#define FOLD_CAP (2 * FL_REGION_TEXT_MAX) /* folded text; NFKC may lengthen a little */
#define TOK_MAX (FOLD_CAP / 2 + 1)
#define CAND_MAX 64
#define NGRAM_MAX 8 /* words in the longest name that is looked up */
#define CTX_MAX 8

/* ---- folding with a map back to the original bytes ---- */

/*
 * Per-code-point folding, so that each folded byte knows its source span. A code point is
 * folded as "a<cp>b" with fl_unorm_key(), which tells the three cases apart: "a b" is a
 * separator, "ab" a mark or default-ignorable (it joins the word it follows, as in a
 * decomposed "Ü"), anything else the folded letters. For the letters and marks of names
 * this gives the same key as folding the whole string; it differs only for sequences that
 * compose across code points (Hangul jamo), which no gazetteer name uses. Both the names
 * and the text go through this one function, so they always agree.
 */
#define CACHE_N 64
#define CACHE_BYTES 14

typedef struct fcache {
    int32_t cp[CACHE_N];
    unsigned char len[CACHE_N];
    char out[CACHE_N][CACHE_BYTES];
} fcache;

typedef struct ftext {
    char *s;
    uint16_t *from, *to; /* source span of each folded byte; NULL when not wanted */
    size_t len, cap;
    bool gap, han, full;
} ftext;

/* Han ideographs: runs of them are scanned by substring because Chinese has no spaces. */
static bool is_han(uint32_t c)
{
    return (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x323AF) || c == 0x3007;
}

/*
 * The code point at s[*i..n) (fl_utf8_next), *i moved past it. The text here is valid
 * UTF-8 (checked on the way in, or fl_unorm_key's output); should a byte not decode, it is
 * taken alone as U+FFFD, so every loop still moves on.
 */
static uint32_t next_cp(const char *s, size_t n, size_t *i)
{
    int32_t cp;
    if (fl_utf8_next(s, n, i, &cp))
        return (uint32_t)cp;
    (*i)++;
    return 0xFFFD;
}

static void f_put(ftext *f, const char *b, size_t n, bool han, size_t from, size_t to)
{
    if (f->full)
        return;
    bool space = f->len && (f->gap || f->han != han);
    if (f->len + n + (space ? 1 : 0) > f->cap) {
        f->full = true;
        return;
    }
    if (space) {
        if (f->from) {
            f->from[f->len] = (uint16_t)from;
            f->to[f->len] = (uint16_t)from;
        }
        f->s[f->len++] = ' ';
    }
    for (size_t i = 0; i < n; i++) {
        if (f->from) {
            f->from[f->len] = (uint16_t)from;
            f->to[f->len] = (uint16_t)to;
        }
        f->s[f->len++] = b[i];
    }
    f->gap = false;
    f->han = han;
}

/* Apply the folded form mid[0..n) of the code point at src[from..to). */
static void f_apply(ftext *f, const char *mid, size_t n, size_t from, size_t to)
{
    if (n == 0) { /* a mark: it belongs to the letter before it */
        if (f->len && !f->gap && f->to && !f->full)
            f->to[f->len - 1] = (uint16_t)to;
        return;
    }
    size_t i = 0;
    while (i < n) {
        if (mid[i] == ' ') {
            f->gap = true;
            i++;
            continue;
        }
        size_t at = i;
        uint32_t cp = next_cp(mid, n, &i);
        f_put(f, mid + at, i - at, is_han(cp), from, to);
    }
}

static void fold_cp(ftext *f, fcache *c, const unsigned char *p, size_t k, uint32_t cp, size_t from)
{
    size_t to = from + k;
    if (cp < 0x80) {
        char ch = (char)cp;
        if (ch >= 'A' && ch <= 'Z')
            ch = (char)(ch - 'A' + 'a');
        if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))
            f_put(f, &ch, 1, false, from, to);
        else
            f->gap = true;
        return;
    }
    /* The unified ideograph blocks have no compatibility or case mappings. */
    if ((cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF)) {
        f_put(f, (const char *)p, k, true, from, to);
        return;
    }
    size_t slot = cp % CACHE_N;
    if (c && c->cp[slot] == (int32_t)cp) {
        f_apply(f, c->out[slot], c->len[slot], from, to);
        return;
    }
    char in[8], out[96];
    in[0] = 'a';
    memcpy(in + 1, p, k);
    in[k + 1] = 'b';
    ssize_t n = fl_unorm_key(in, k + 2, out, sizeof out);
    const char *mid = " ";
    size_t mlen = 1;
    if (n >= 2 && out[0] == 'a' && out[n - 1] == 'b') {
        mid = out + 1;
        mlen = (size_t)n - 2;
    }
    if (c && mlen <= CACHE_BYTES) {
        c->cp[slot] = (int32_t)cp;
        c->len[slot] = (unsigned char)mlen;
        memcpy(c->out[slot], mid, mlen);
    }
    f_apply(f, mid, mlen, from, to);
}

/* Fold valid UTF-8 s[0..n) into f. A word cut by a full buffer is dropped whole. */
static void fold_text(ftext *f, fcache *c, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n && !f->full) {
        size_t at = i;
        uint32_t cp = next_cp(s, n, &i);
        fold_cp(f, c, u + at, i - at, cp, at);
    }
    if (f->full) {
        while (f->len && f->s[f->len - 1] != ' ')
            f->len--;
        while (f->len && f->s[f->len - 1] == ' ')
            f->len--;
    }
    f->s[f->len] = '\0';
}

static void cache_init(fcache *c)
{
    for (size_t i = 0; i < CACHE_N; i++)
        c->cp[i] = -1;
}

/* ---- word lists (folded forms) ---- */

/* Words that make the name before them a street name. */
static const char *const street_after[] = {
    "road",     "rd",      "street",     "st",        "str",    "strasse", "lane",   "ln",
    "avenue",   "ave",     "av",         "boulevard", "blvd",   "drive",   "dr",     "way",
    "highway",  "hwy",     "expressway", "lu",        "jie",    "dajie",   "dadao",  "xilu",
    "donglu",   "nanlu",   "beilu",      "zhonglu",   "xijie",  "dongjie", "nanjie", "beijie",
    "zhongjie", "hutong",  "caddesi",    "cad",       "cd",     "sokak",   "sokagi", "sok",
    "sk",       "bulvari", "kochasi",    "kuchasi",   "кучаси", "көшесі",  "улица",  "проспект",
    "prospekt", "路",      "街",         "大道",      "大街",
};
/* Words that make the name after them a street name ("ul. Urumchi", "Calle Altay"). */
static const char *const street_before[] = {
    "ul",  "ulitsa", "улица",   "ул",    "проспект", "пр",  "prospekt",
    "rue", "calle",  "avenida", "jalan", "jl",       "via",
};
/* Direction words between a name and its street word ("Xinjiang North Road", "Bei Lu"). */
static const char *const direction[] = {
    "north", "south", "east", "west", "middle", "central", "n",     "s",
    "e",     "w",     "nan",  "bei",  "dong",   "xi",      "zhong",
};
/* After "road": a firm's trade, not a street ("Xinjiang Road and Bridge Construction"). */
static const char *const road_trade[] = {
    "and", "bridge", "construction", "transport", "transportation", "engineering",
};
/* Han street suffixes, optionally after a direction character. */
static const char *const han_street[] = {"路", "街", "大道", "大街", "巷", "弄", "胡同"};
static const char *const han_direction[] = {"东", "西", "南", "北", "中"};
static const char *const han_road_trade[] = {"桥", "政", "网"}; /* 路桥 路政 路网 */

static bool in_list(const char *const *list, size_t n, const char *w, size_t len)
{
    for (size_t i = 0; i < n; i++)
        if (strlen(list[i]) == len && memcmp(list[i], w, len) == 0)
            return true;
    return false;
}
#define IN(list, w, len) in_list(list, sizeof list / sizeof list[0], w, len)

bool fl_region_street_word(const char *key, size_t len)
{
    return key && IN(street_after, key, len);
}

/* If s[0..n) starts with one of list, return its length, else 0. */
static size_t han_prefix(const char *const *list, size_t nl, const char *s, size_t n)
{
    for (size_t i = 0; i < nl; i++) {
        size_t l = strlen(list[i]);
        if (l <= n && memcmp(list[i], s, l) == 0)
            return l;
    }
    return 0;
}

/*
 * Context words: a country's names and, for China, its provinces (trap (c) in region.h).
 * They are looked up like place names but never reported.
 */
static const struct {
    const char *country;
    const char *word;
} context_words[] = {
    {"CN", "China"},
    {"CN", "PRC"},
    {"CN", "P.R.C."},
    {"CN", "CN"},
    {"CN", "CHN"},
    {"CN", "Chine"},
    {"CN", "Cina"},
    {"CN", "Китай"},
    {"CN", "Xitoy"},
    {"CN", "中国"},
    {"CN", "中國"},
    {"CN", "中华人民共和国"},
    {"CN", "中華人民共和國"},
    {"CN", "جۇڭگو"},
    {"CN", "Beijing"},
    {"CN", "Tianjin"},
    {"CN", "Hebei"},
    {"CN", "Shanxi"},
    {"CN", "Shaanxi"},
    {"CN", "Inner Mongolia"},
    {"CN", "Nei Mongol"},
    {"CN", "Liaoning"},
    {"CN", "Jilin"},
    {"CN", "Heilongjiang"},
    {"CN", "Shanghai"},
    {"CN", "Jiangsu"},
    {"CN", "Zhejiang"},
    {"CN", "Anhui"},
    {"CN", "Fujian"},
    {"CN", "Jiangxi"},
    {"CN", "Shandong"},
    {"CN", "Henan"},
    {"CN", "Hubei"},
    {"CN", "Hunan"},
    {"CN", "Guangdong"},
    {"CN", "Guangxi"},
    {"CN", "Hainan"},
    {"CN", "Chongqing"},
    {"CN", "Sichuan"},
    {"CN", "Guizhou"},
    {"CN", "Yunnan"},
    {"CN", "Tibet"},
    {"CN", "Xizang"},
    {"CN", "Gansu"},
    {"CN", "Qinghai"},
    {"CN", "Ningxia"},
    {"CN", "北京"},
    {"CN", "天津"},
    {"CN", "河北"},
    {"CN", "山西"},
    {"CN", "陕西"},
    {"CN", "内蒙古"},
    {"CN", "辽宁"},
    {"CN", "吉林"},
    {"CN", "黑龙江"},
    {"CN", "上海"},
    {"CN", "江苏"},
    {"CN", "浙江"},
    {"CN", "安徽"},
    {"CN", "福建"},
    {"CN", "江西"},
    {"CN", "山东"},
    {"CN", "河南"},
    {"CN", "湖北"},
    {"CN", "湖南"},
    {"CN", "广东"},
    {"CN", "广西"},
    {"CN", "海南"},
    {"CN", "重庆"},
    {"CN", "四川"},
    {"CN", "贵州"},
    {"CN", "云南"},
    {"CN", "西藏"},
    {"CN", "甘肃"},
    {"CN", "青海"},
    {"CN", "宁夏"},
    {"UZ", "Uzbekistan"},
    {"UZ", "Uzbekiston"},
    {"UZ", "UZ"},
    {"UZ", "UZB"},
    {"UZ", "O'zbekiston"},
    {"UZ", "Ozbekiston"},
    {"UZ", "Узбекистан"},
    {"UZ", "Ўзбекистон"},
};

/* Postcodes that show the region itself (with the country shown too). */
static const struct {
    const char *region;
    const char *country;
    const char *prefix[2];
    size_t digits;
} postcodes[] = {
    {"CN-XJ", "CN", {"83", "84"}, 6},
};

/* iso-codes releases before the 2017 change list Chinese provinces by number. */
static const char *const iso_aliases[][2] = {
    {"CN-XJ", "CN-65"},
};

/* ---- the gazetteer ---- */

/* A gazetteer name; the table (places) holds its folded key. */
typedef struct gentry {
    const char *region; /* NULL for a context word */
    const char *place;
    const char *source, *note; /* the row's (arena) */
    char country[3];
    unsigned char kind, amb;
    bool han; /* all Han: also matched inside runs of Han text */
    uint64_t line;
} gentry;

typedef struct region_code {
    char code[8];
    uint64_t line; /* first row that uses it */
    bool seen;     /* found in iso_3166-2.json */
} region_code;

struct fl_gazetteer {
    fl_arena arena;
    gentry *entries;
    size_t n_entries, cap_entries;
    fl_strmap *places; /* folded name -> index into entries */
    region_code *codes;
    size_t n_codes, cap_codes;
    size_t n_rows;
    size_t max_words;                   /* of names with spaces */
    size_t max_han;                     /* bytes of the longest all-Han name */
    unsigned char han_len[KEY_MAX + 1]; /* byte lengths of all-Han names */
};

static const gentry *lookup(const fl_gazetteer *g, const char *key, size_t len)
{
    uint32_t i;
    if (len > KEY_MAX || !fl_strmap_get(g->places, key, len, &i))
        return NULL;
    return &g->entries[i];
}

/* Append e under the folded key[0..len) (not in the table yet: the callers look first). */
static bool insert(fl_gazetteer *g, const char *key, size_t len, const gentry *e)
{
    if (g->n_entries >= UINT32_MAX ||
        !fl_grow((void **)&g->entries, &g->cap_entries, g->n_entries + 1, sizeof *g->entries) ||
        fl_strmap_put(g->places, key, len, (uint32_t)g->n_entries, NULL, NULL, NULL) != FL_OK)
        return false;
    g->entries[g->n_entries++] = *e;
    return true;
}

/* Fold a name into buf (KEY_MAX + 1 bytes); returns the key length, 0 for none, -1 too long. */
static ssize_t fold_name(const char *s, size_t n, char *buf)
{
    char tmp[4 * KEY_MAX];
    ftext f = {tmp, NULL, NULL, 0, sizeof tmp - 1, false, false, false};
    fcache c;
    cache_init(&c);
    fold_text(&f, &c, s, n);
    if (f.full || f.len > KEY_MAX)
        return -1;
    memcpy(buf, tmp, f.len + 1);
    return (ssize_t)f.len;
}

static bool key_is_han(const char *k, size_t len)
{
    size_t i = 0;
    while (i < len)
        if (!is_han(next_cp(k, len, &i)))
            return false;
    return len > 0;
}

static void note_shape(fl_gazetteer *g, const char *key, size_t len, bool han)
{
    if (han) {
        g->han_len[len] = 1;
        if (len > g->max_han)
            g->max_han = len;
        return;
    }
    size_t words = 1;
    for (size_t i = 0; i < len; i++)
        words += key[i] == ' ';
    if (words > g->max_words)
        g->max_words = words;
}

/* ---- loading ---- */

enum { C_REGION, C_PLACE, C_KIND, C_LANG, C_AMB, C_SOURCE, C_NOTE, C_COUNT };
static const char *const columns[C_COUNT] = {"region",    "place",  "kind", "lang",
                                             "ambiguous", "source", "note"};
static const char *const kind_names[FL_RK_COUNT] = {"region", "prefecture", "city",
                                                    "county", "xpcc",       "other"};
static const char *const lang_names[] = {"en", "pinyin", "zh", "ug", "ru", "other"};
static const char *const amb_names[] = {"no", "yes", "region"};

typedef struct lctx {
    fl_gazetteer *g;
    bool bad;
} lctx;

static bool cell_is(fl_slice c, const char *w)
{
    size_t n = strlen(w);
    return c.len == n && memcmp(c.ptr, w, n) == 0;
}

static int find_word(const char *const *list, size_t n, fl_slice c)
{
    for (size_t i = 0; i < n; i++)
        if (cell_is(c, list[i]))
            return (int)i;
    return -1;
}

static bool code_form_ok(fl_slice c)
{
    if (c.len < 4 || c.len > 6 || c.ptr[2] != '-')
        return false;
    for (size_t i = 0; i < c.len; i++) {
        char ch = c.ptr[i];
        if (i == 2)
            continue;
        bool cap = ch >= 'A' && ch <= 'Z', dig = ch >= '0' && ch <= '9';
        if (i < 2 ? !cap : !(cap || dig))
            return false;
    }
    return true;
}

static const char *intern_code(fl_gazetteer *g, fl_slice c, uint64_t line)
{
    for (size_t i = 0; i < g->n_codes; i++)
        if (cell_is(c, g->codes[i].code))
            return g->codes[i].code;
    if (!fl_grow((void **)&g->codes, &g->cap_codes, g->n_codes + 1, sizeof *g->codes))
        return NULL;
    region_code *rc = &g->codes[g->n_codes++];
    memset(rc, 0, sizeof *rc);
    memcpy(rc->code, c.ptr, c.len);
    rc->line = line;
    return rc->code;
}

/*
 * Check the cells of a gazetteer row, reporting each problem; true when the row is good,
 * with its kind, ambiguity and folded place name (key, *klen bytes) set.
 */
static bool check_row(const fl_table_row *row, int *kind_out, int *amb_out, char *key,
                      ssize_t *klen_out)
{
    const fl_slice *c = row->cells;
    bool bad = false;

    if (!code_form_ok(c[C_REGION])) {
        fl_table_error(row, C_REGION,
                       "bad region '%.*s'; expected an ISO 3166-2 code such as 'CN-XJ'",
                       (int)c[C_REGION].len, c[C_REGION].ptr);
        bad = true;
    }
    int kind = find_word(kind_names, FL_RK_COUNT, c[C_KIND]);
    if (kind < 0) {
        fl_table_error(row, C_KIND,
                       "unknown kind '%.*s'; expected region, prefecture, city, county, xpcc "
                       "or other",
                       (int)c[C_KIND].len, c[C_KIND].ptr);
        bad = true;
    }
    if (find_word(lang_names, sizeof lang_names / sizeof *lang_names, c[C_LANG]) < 0) {
        fl_table_error(row, C_LANG, "unknown lang '%.*s'; expected en, pinyin, zh, ug, ru or other",
                       (int)c[C_LANG].len, c[C_LANG].ptr);
        bad = true;
    }
    int amb = find_word(amb_names, sizeof amb_names / sizeof *amb_names, c[C_AMB]);
    if (amb < 0) {
        fl_table_error(row, C_AMB, "bad ambiguous value '%.*s'; expected no, yes or region",
                       (int)c[C_AMB].len, c[C_AMB].ptr);
        bad = true;
    }
    fl_slice src = c[C_SOURCE];
    if (!(src.len > 8 &&
          (memcmp(src.ptr, "https://", 8) == 0 || memcmp(src.ptr, "http://", 7) == 0))) {
        fl_table_error(row, C_SOURCE,
                       "missing source; give the URL of a public page that "
                       "lists the place");
        bad = true;
    }

    ssize_t klen = -1;
    fl_slice pl = c[C_PLACE];
    if (!fl_utf8_valid(pl.ptr, pl.len)) {
        fl_table_error(row, C_PLACE, "place is not valid UTF-8");
        bad = true;
    } else if ((klen = fold_name(pl.ptr, pl.len, key)) <= 0) {
        fl_table_error(row, C_PLACE,
                       klen < 0 ? "place '%.*s' is too long"
                                : "place '%.*s' has no letters or digits",
                       (int)pl.len, pl.ptr);
        bad = true;
    }
    if (!bad && !key_is_han(key, (size_t)klen)) {
        size_t words = 1;
        for (ssize_t i = 0; i < klen; i++)
            words += key[i] == ' ';
        if (words > NGRAM_MAX) {
            fl_table_error(row, C_PLACE, "place '%.*s' has more than %d words", (int)pl.len, pl.ptr,
                           NGRAM_MAX);
            bad = true;
        }
    }
    *kind_out = kind;
    *amb_out = amb;
    *klen_out = klen;
    return !bad;
}

static fl_status on_row(const fl_table_row *row, void *p)
{
    lctx *L = p;
    fl_gazetteer *g = L->g;
    const fl_slice *c = row->cells;
    fl_slice pl = c[C_PLACE];
    int kind, amb;
    char key[KEY_MAX + 1];
    ssize_t klen;
    if (!check_row(row, &kind, &amb, key, &klen)) {
        L->bad = true;
        return FL_OK;
    }

    const gentry *old = lookup(g, key, (size_t)klen);
    if (old) {
        if (strncmp(old->region, c[C_REGION].ptr, c[C_REGION].len) != 0 ||
            old->region[c[C_REGION].len] || old->amb != amb) {
            fl_table_error(row, C_PLACE,
                           "place '%.*s' folds like '%s' on line %llu (region %s, ambiguous "
                           "%s); one name cannot mean two things",
                           (int)pl.len, pl.ptr, old->place, (unsigned long long)old->line,
                           old->region, amb_names[old->amb]);
            L->bad = true;
        }
        g->n_rows++;
        return FL_OK;
    }

    gentry e;
    memset(&e, 0, sizeof e);
    e.region = intern_code(g, c[C_REGION], row->line);
    e.place = fl_arena_strndup(&g->arena, pl.ptr, pl.len);
    e.source = fl_arena_strndup(&g->arena, c[C_SOURCE].ptr, c[C_SOURCE].len);
    e.note = fl_arena_strndup(&g->arena, c[C_NOTE].ptr, c[C_NOTE].len);
    if (!e.region || !e.place || !e.source || !e.note)
        return FL_ERR_NOMEM;
    memcpy(e.country, e.region, 2);
    e.kind = (unsigned char)kind;
    e.amb = (unsigned char)amb;
    e.han = key_is_han(key, (size_t)klen);
    e.line = row->line;
    if (!insert(g, key, (size_t)klen, &e))
        return FL_ERR_NOMEM;
    note_shape(g, key, (size_t)klen, e.han);
    g->n_rows++;
    return FL_OK;
}

static fl_status add_context_words(fl_gazetteer *g)
{
    for (size_t i = 0; i < sizeof context_words / sizeof *context_words; i++) {
        char key[KEY_MAX + 1];
        const char *w = context_words[i].word;
        ssize_t klen = fold_name(w, strlen(w), key);
        if (klen <= 0 || lookup(g, key, (size_t)klen))
            continue; /* a place of that name wins */
        gentry e;
        memset(&e, 0, sizeof e);
        e.place = w;
        memcpy(e.country, context_words[i].country, 3);
        e.han = key_is_han(key, (size_t)klen);
        if (!insert(g, key, (size_t)klen, &e))
            return FL_ERR_NOMEM;
        note_shape(g, key, (size_t)klen, e.han);
    }
    return FL_OK;
}

static const char *iso_alias(const char *code)
{
    for (size_t i = 0; i < sizeof iso_aliases / sizeof *iso_aliases; i++) {
        if (strcmp(iso_aliases[i][0], code) == 0)
            return iso_aliases[i][1];
        if (strcmp(iso_aliases[i][1], code) == 0)
            return iso_aliases[i][0];
    }
    return NULL;
}

static void mark_seen(const char *code, void *ctx)
{
    fl_gazetteer *g = ctx;
    const char *alias = iso_alias(code);
    for (size_t k = 0; k < g->n_codes; k++)
        if (strcmp(g->codes[k].code, code) == 0 || (alias && strcmp(g->codes[k].code, alias) == 0))
            g->codes[k].seen = true;
}

/* Check every region code against the ISO 3166-2 data of iso-codes (read by country.c). */
static fl_status check_iso(fl_gazetteer *g, const char *json, const char *display)
{
    fl_status st = fl_iso_subdivisions(json, mark_seen, g);
    if (st != FL_OK)
        return st;
    for (size_t k = 0; k < g->n_codes; k++) {
        if (g->codes[k].seen)
            continue;
        fl_error("%s:%llu:1: region '%s' is not an ISO 3166-2 code in '%s' (column 'region')",
                 display, (unsigned long long)g->codes[k].line, g->codes[k].code, json);
        st = FL_ERR_RULES;
    }
    return st;
}

fl_status fl_gazetteer_load(const char *csv, const char *display, const char *iso_3166_2_json,
                            fl_gazetteer **out)
{
    *out = NULL;
    fl_gazetteer *g = calloc(1, sizeof *g);
    if (!g)
        return FL_ERR_NOMEM;
    if (!display)
        display = csv;
    if (!(g->places = fl_strmap_new())) {
        free(g);
        return FL_ERR_NOMEM;
    }
    lctx L = {g, false};
    fl_status st = fl_table_read(csv, display, columns, C_COUNT, C_COUNT - 1, on_row, &L);
    if (st == FL_OK && L.bad)
        st = FL_ERR_RULES;
    if (st == FL_OK && g->n_entries == 0) {
        fl_error("%s: no places", display);
        st = FL_ERR_RULES;
    }
    if (st == FL_OK && iso_3166_2_json)
        st = check_iso(g, iso_3166_2_json, display);
    if (st == FL_OK)
        st = add_context_words(g);
    if (st != FL_OK) {
        fl_gazetteer_free(g);
        return st;
    }
    *out = g;
    return FL_OK;
}

void fl_gazetteer_free(fl_gazetteer *g)
{
    if (!g)
        return;
    fl_arena_free(&g->arena);
    free(g->entries);
    fl_strmap_free(g->places);
    free(g->codes);
    free(g);
}

size_t fl_gazetteer_count(const fl_gazetteer *g)
{
    return g ? g->n_rows : 0;
}

bool fl_gazetteer_place(const fl_gazetteer *g, const char *name, size_t len, fl_place *out)
{
    char key[KEY_MAX + 1];
    if (!g || !name || !len || !fl_utf8_valid(name, len))
        return false;
    ssize_t k = fold_name(name, len, key);
    const gentry *e = k > 0 ? lookup(g, key, (size_t)k) : NULL;
    if (!e || !e->region)
        return false;
    *out = (fl_place){e->region, e->place, e->source, e->note, (fl_region_kind)e->kind,
                      (fl_region_ambiguity)e->amb};
    return true;
}

const char *fl_region_kind_str(fl_region_kind k)
{
    return (unsigned)k < FL_RK_COUNT ? kind_names[k] : "?";
}

/* ---- detection ---- */

typedef struct tok {
    uint16_t s, e; /* folded bytes [s, e) */
    bool han;
    bool brk; /* the original text has a hard break (comma, parenthesis...) after this word */
} tok;

typedef struct cand {
    const gentry *e;
    uint16_t fs, fe; /* folded bytes */
    uint16_t t0, t1; /* first and last word */
    bool inside;     /* a substring of a Han word */
    bool street, drop, conflict;
} cand;

typedef struct scan {
    const fl_gazetteer *g;
    const char *text;
    ftext f;
    tok toks[TOK_MAX];
    size_t nt;
    cand cands[CAND_MAX];
    size_t nc;
} scan;

/*
 * Folding turns all punctuation into spaces, but a comma still ends a phrase: "Ili, Kazakh
 * Republic" is not "Ili Kazakh", and in "Kashgar, St Petersburg" the "St" is no street of
 * Kashgar's. These characters between two words stop names and street words from spanning.
 */
static bool hard_break(const char *s, size_t n)
{
    static const char *const wide[] = {"，", "；", "、", "（", "）", "。", "،", "؛"};
    for (size_t i = 0; i < n; i++) {
        if (s[i] && strchr(",;()[]/|\n\r", s[i]))
            return true;
        for (size_t k = 0; k < sizeof wide / sizeof *wide; k++) {
            size_t l = strlen(wide[k]);
            if (l <= n - i && memcmp(s + i, wide[k], l) == 0)
                return true;
        }
    }
    return false;
}

static void tokenize(scan *S)
{
    /* cppcheck-suppress ctuuninitvar ; the caller sets S->f (fold_text) before it tokenizes */
    const char *s = S->f.s;
    size_t i = 0, n = S->f.len;
    S->nt = 0;
    while (i < n && S->nt < TOK_MAX) {
        size_t j = i;
        while (j < n && s[j] != ' ')
            j++;
        size_t at = i;
        S->toks[S->nt++] = (tok){(uint16_t)i, (uint16_t)j, is_han(next_cp(s, n, &at)), false};
        i = j + 1;
    }
    for (size_t t = 0; t + 1 < S->nt; t++) {
        size_t a = S->f.to[S->toks[t].e - 1], b = S->f.from[S->toks[t + 1].s];
        S->toks[t].brk = b > a && hard_break(S->text + a, b - a);
    }
}

static bool add_cand(scan *S, const gentry *e, size_t fs, size_t fe, size_t t0, size_t t1,
                     bool inside)
{
    if (S->nc == CAND_MAX)
        return false;
    S->cands[S->nc++] = (cand){e,      (uint16_t)fs, (uint16_t)fe, (uint16_t)t0, (uint16_t)t1,
                               inside, false,        false,        false};
    return true;
}

/* Longest match at each Han character of word t, left to right. */
static bool scan_han_word(scan *S, size_t t)
{
    const fl_gazetteer *g = S->g;
    const char *s = S->f.s;
    size_t pos = S->toks[t].s, end = S->toks[t].e;
    while (pos < end) {
        const gentry *hit = NULL;
        size_t len = 0;
        size_t top = g->max_han < end - pos ? g->max_han : end - pos;
        for (size_t l = top; l > 0 && !hit; l--) {
            if (!g->han_len[l])
                continue;
            unsigned char nb = (unsigned char)s[pos + l];
            if (pos + l < end && (nb & 0xC0) == 0x80)
                continue; /* not a character boundary */
            const gentry *e = lookup(g, s + pos, l);
            if (e && e->han) {
                hit = e;
                len = l;
            }
        }
        if (hit) {
            if (!add_cand(S, hit, pos, pos + len, t, t, true))
                return false;
            pos += len;
        } else {
            next_cp(s, end, &pos);
        }
    }
    return true;
}

static void find_candidates(scan *S)
{
    const fl_gazetteer *g = S->g;
    size_t t = 0;
    while (t < S->nt) {
        size_t top = g->max_words < S->nt - t ? g->max_words : S->nt - t;
        for (size_t k = 0; k + 1 < top; k++)
            if (S->toks[t + k].brk) {
                top = k + 1;
                break;
            }
        bool found = false;
        for (size_t n = top; n > 0; n--) {
            size_t fs = S->toks[t].s, fe = S->toks[t + n - 1].e;
            const gentry *e = lookup(g, S->f.s + fs, fe - fs);
            if (e) {
                if (!add_cand(S, e, fs, fe, t, t + n - 1, false))
                    return;
                t += n;
                found = true;
                break;
            }
        }
        if (found)
            continue;
        if (S->toks[t].han && g->max_han && !scan_han_word(S, t))
            return;
        t++;
    }
}

static bool tok_in(const scan *S, size_t t, const char *const *list, size_t n)
{
    if (t >= S->nt)
        return false;
    return in_list(list, n, S->f.s + S->toks[t].s, S->toks[t].e - S->toks[t].s);
}
#define TOK_IN(S, t, list) tok_in(S, t, list, sizeof list / sizeof list[0])

static bool tok_is(const scan *S, size_t t, const char *w)
{
    return tok_in(S, t, &w, 1);
}

/* Trap (a): is this candidate the name of a street? */
static bool is_street(const scan *S, const cand *c)
{
    if (c->e->han) {
        /* Han suffix right after the name, in the same word. */
        const char *p = S->f.s + c->fe;
        size_t n = S->toks[c->t1].e - c->fe;
        size_t d = han_prefix(han_direction, sizeof han_direction / sizeof *han_direction, p, n);
        size_t k = han_prefix(han_street, sizeof han_street / sizeof *han_street, p + d, n - d);
        if (!k) /* a direction character alone ("北京") is not a street */
            return false;
        if (k == strlen("路") && memcmp(p + d, "路", k) == 0 &&
            han_prefix(han_road_trade, sizeof han_road_trade / sizeof *han_road_trade, p + d + k,
                       n - d - k))
            return false;
        return true;
    }
    if (c->inside)
        return false;
    size_t next = (size_t)c->t1 + 1;
    if (c->t0 > 0 && !S->toks[c->t0 - 1].brk && TOK_IN(S, (size_t)c->t0 - 1, street_before))
        return true;
    if (S->toks[c->t1].brk)
        return false;
    if (TOK_IN(S, next, direction) && !S->toks[next].brk && TOK_IN(S, next + 1, street_after))
        next++;
    if (TOK_IN(S, next, street_after)) {
        bool road = tok_is(S, next, "road") || tok_is(S, next, "rd");
        return !(road && TOK_IN(S, next + 1, road_trade));
    }
    if (tok_is(S, next, "ko") && (tok_is(S, next + 1, "chasi") || tok_is(S, next + 1, "cha")))
        return true; /* Uzbek "ko'chasi" folds to two words */
    return false;
}

static bool postcode_in(const scan *S, size_t p)
{
    for (size_t t = 0; t < S->nt; t++) {
        size_t n = S->toks[t].e - S->toks[t].s;
        const char *w = S->f.s + S->toks[t].s;
        if (n != postcodes[p].digits)
            continue;
        bool digits = true;
        for (size_t i = 0; i < n && digits; i++)
            digits = w[i] >= '0' && w[i] <= '9';
        if (!digits)
            continue;
        for (size_t k = 0; k < 2; k++)
            if (postcodes[p].prefix[k] && memcmp(w, postcodes[p].prefix[k], 2) == 0)
                return true;
    }
    return false;
}

static bool has_code(const char (*set)[8], size_t n, const char *code)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(set[i], code) == 0)
            return true;
    return false;
}

static void add_code(char (*set)[8], size_t *n, const char *code)
{
    if (*n < CTX_MAX && !has_code(set, *n, code)) {
        snprintf(set[*n], 8, "%s", code);
        (*n)++;
    }
}

size_t fl_regions_detect(const fl_gazetteer *g, const char *text, size_t len,
                         const char *country_hint, fl_region_hit *out, size_t max)
{
    if (!g || !text || !len)
        return 0;
    if (len > FL_REGION_TEXT_MAX) {
        len = fl_utf8_floor(text, FL_REGION_TEXT_MAX);
    }
    if (!fl_utf8_valid(text, len))
        return 0;

    scan S;
    char fbuf[FOLD_CAP + 1];
    uint16_t from[FOLD_CAP], to[FOLD_CAP];
    fcache cache;
    cache_init(&cache);
    S.g = g;
    S.text = text;
    S.f = (ftext){fbuf, from, to, 0, FOLD_CAP, false, false, false};
    S.nc = 0;
    fold_text(&S.f, &cache, text, len);
    tokenize(&S);
    find_candidates(&S);

    char hint[3] = "";
    if (country_hint && country_hint[0] >= 'A' && country_hint[0] <= 'Z' &&
        country_hint[1] >= 'A' && country_hint[1] <= 'Z' && !country_hint[2])
        memcpy(hint, country_hint, 3);

    /* Countries the text names, then street and hint decisions. */
    char countries[CTX_MAX][8], regions[CTX_MAX][8];
    size_t n_countries = 0, n_regions = 0;
    for (size_t i = 0; i < S.nc; i++) {
        cand *c = &S.cands[i];
        if (!c->e->region) {
            add_code(countries, &n_countries, c->e->country);
            c->drop = true;
            continue;
        }
        c->street = is_street(&S, c);
        if (c->street) {
            c->drop = true;
            continue;
        }
        if (hint[0] && memcmp(hint, c->e->country, 2) != 0) {
            if (c->e->kind == FL_RK_REGION)
                c->conflict = true;
            else
                c->drop = true;
        }
    }
    /* Regions the text shows by a name that needs no context, or by a postcode. */
    for (size_t i = 0; i < S.nc; i++) {
        const cand *c = &S.cands[i];
        if (!c->drop && c->e->amb == FL_RA_NO)
            add_code(regions, &n_regions, c->e->region);
    }
    for (size_t p = 0; p < sizeof postcodes / sizeof *postcodes; p++) {
        bool country = has_code(countries, n_countries, postcodes[p].country) ||
                       strcmp(hint, postcodes[p].country) == 0;
        if (country && postcode_in(&S, p))
            add_code(regions, &n_regions, postcodes[p].region);
    }

    size_t n = 0;
    for (size_t i = 0; i < S.nc; i++) {
        const cand *c = &S.cands[i];
        if (c->drop)
            continue;
        bool region = has_code(regions, n_regions, c->e->region);
        if (c->e->amb == FL_RA_REGION && !region)
            continue;
        if (c->e->amb == FL_RA_COUNTRY && !region &&
            !has_code(countries, n_countries, c->e->country))
            continue;
        if (n < max && out) {
            fl_region_hit *h = &out[n];
            h->region = c->e->region;
            h->place = c->e->place;
            h->kind = (fl_region_kind)c->e->kind;
            h->ambiguity = (fl_region_ambiguity)c->e->amb;
            h->start = from[c->fs];
            h->end = to[c->fe - 1];
            h->conflict = c->conflict;
        }
        n++;
    }
    return n;
}
