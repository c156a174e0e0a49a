/* nametab.c - the phrase tables of company names, read from datasets/names/; see nametab.h. */
#include "nametab.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "strmap.h"
#include "table.h"
#include "unorm.h"

#define PHRASE_MAX 255 /* folded bytes of a phrase or a canonical token */

enum group { G_WORDS, G_CJK_LEGAL, G_CJK_WORDS, G_QUAL, G_PALL, G_POLY, G_COUNT };

#define T_WORDS (FL_CJK_WORDS + 1) /* index of the word files' array in ph[] */
#define T_QUAL (FL_CJK_WORDS + 2)  /* qualifier_words.csv */
#define T_PALL (FL_CJK_WORDS + 3)  /* palladius.csv */
#define T_POLY (FL_CJK_WORDS + 4)  /* polyphones.csv */
#define T_COUNT (FL_CJK_WORDS + 5)

struct fl_name_tables {
    fl_arena arena;
    fl_phrase *ph[T_COUNT]; /* the three CJK tables, the word files, qualifiers, Palladius */
    size_t n[T_COUNT], cap[T_COUNT];
    fl_strmap *first; /* first word -> index of its first phrase in the word files' array */
    fl_strmap *qual;  /* qualifier token -> index in ph[T_QUAL] */
    fl_strmap *pall;  /* Cyrillic syllable -> index in ph[T_PALL] */
    fl_strmap *pinyin; /* pinyin syllable (palladius.csv's pinyin column) -> 0 */
    fl_strmap *poly;   /* Han character -> index in ph[T_POLY] */
    size_t rows;
};

/* How one file is read. Column 0 is always the phrase, the last one the source. */
typedef struct spec {
    const char *file;
    const char *display;
    const char *cols[5];
    size_t n_cols;   /* required columns; the last of them is the source */
    int c_latin;     /* column index of the optional latin column, -1 for none */
    int c_canon; /* column index of canonical, -1 for none */
    int c_kind;  /* column index of kind / class / written_first, -1 for none */
    enum group group;
    uint8_t kind; /* fl_phrase_kind when there is no kind column */
    /* values of the kind column and what each means */
    const char *const *values;
    const uint8_t *kinds;
    size_t n_values;
    const char *expected; /* for the message */
} spec;

static const char *const legal_values[] = {"strong", "weak", "weak-generic", "weak-first"};
static const uint8_t legal_kinds[] = {FL_PH_LEGAL, FL_PH_LEGAL_WEAK, FL_PH_LEGAL_WEAK_G,
                                      FL_PH_LEGAL_WEAK_F};
static const char *const first_values[] = {"no", "yes"};
static const uint8_t first_kinds[] = {FL_PH_LEGAL, FL_PH_LEGAL}; /* yes: also written first */
static const char *const class_values[] = {"place", "generic", "name"};
static const uint8_t class_kinds[] = {FL_PH_PLACE, FL_PH_GENERIC, FL_PH_NAME};

/* The reading order is part of the meaning (nametab.h). */
/* clang-format off */
static const spec specs[] = {
    {"legal_forms.csv", "names/legal_forms.csv", {"phrase", "canonical", "kind", "source"}, 4, -1,
     1, 2, G_WORDS, 0, legal_values, legal_kinds, 4, "strong, weak, weak-generic or weak-first"},
    {"generic_words.csv", "names/generic_words.csv", {"phrase", "canonical", "source"}, 3, -1,
     1, -1, G_WORDS, FL_PH_GENERIC, NULL, NULL, 0, NULL},
    {"places.csv", "names/places.csv", {"phrase", "canonical", "source"}, 3, -1,
     1, -1, G_WORDS, FL_PH_PLACE, NULL, NULL, 0, NULL},
    {"joining_words.csv", "names/joining_words.csv", {"phrase", "source"}, 2, -1,
     -1, -1, G_WORDS, FL_PH_JOIN, NULL, NULL, 0, NULL},
    {"cjk_legal_forms.csv", "names/cjk_legal_forms.csv",
     {"phrase", "canonical", "written_first", "source"}, 4, -1,
     1, 2, G_CJK_LEGAL, 0, first_values, first_kinds, 2, "yes or no"},
    {"cjk_words.csv", "names/cjk_words.csv", {"phrase", "canonical", "class", "source", "latin"},
     4, 4, 1, 2, G_CJK_WORDS, 0, class_values, class_kinds, 3, "place, generic or name"},
    {"qualifier_words.csv", "names/qualifier_words.csv", {"token", "meaning", "source"}, 3, 1,
     -1, -1, G_QUAL, FL_PH_GENERIC, NULL, NULL, 0, NULL},
    {"palladius.csv", "names/palladius.csv", {"syllable", "pinyin", "source"}, 3, -1,
     1, -1, G_PALL, FL_PH_NAME, NULL, NULL, 0, NULL},
    {"polyphones.csv", "names/polyphones.csv", {"character", "reading", "source"}, 3, -1,
     1, -1, G_POLY, FL_PH_NAME, NULL, NULL, 0, NULL},
};
/* clang-format on */

/* Where a phrase was first defined, for the message about a second definition. */
typedef struct seen_at {
    const char *display;
    uint64_t line;
} seen_at;

typedef struct loader {
    fl_name_tables *t;
    const spec *sp;
    fl_strmap *seen[G_COUNT]; /* folded phrase -> index into at[] */
    seen_at *at;
    size_t n_at, cap_at;
    bool bad;
} loader;

bool fl_nametab_is_cjk(uint32_t c)
{
    return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7AF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x2FFFF);
}

/* Decode the code point at p (valid UTF-8); *n gets its length. */
static uint32_t decode(const unsigned char *p, size_t *n)
{
    if (p[0] < 0x80) {
        *n = 1;
        return p[0];
    }
    if (p[0] < 0xE0) {
        *n = 2;
        return ((p[0] & 0x1Fu) << 6) | (p[1] & 0x3Fu);
    }
    if (p[0] < 0xF0) {
        *n = 3;
        return ((p[0] & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
    }
    *n = 4;
    return ((p[0] & 0x07u) << 18) | ((p[1] & 0x3Fu) << 12) | ((p[2] & 0x3Fu) << 6) | (p[3] & 0x3Fu);
}

/* A CJK table's phrase is CJK only; a word file's has no CJK at all (the parser cuts words
   where the script changes, so a mixed phrase could never match). */
static bool script_ok(const char *s, size_t len, bool cjk)
{
    for (size_t i = 0, n; i < len; i += n)
        if (fl_nametab_is_cjk(decode((const unsigned char *)s + i, &n)) != cjk)
            return false;
    return true;
}

/* Fold the phrase cell into words[]; returns its length, or 0 after reporting a problem. */
static size_t fold_phrase(const fl_table_row *row, const spec *sp, char *words)
{
    fl_slice c = row->cells[0];
    if (!fl_utf8_valid(c.ptr, c.len)) {
        fl_table_error(row, 0, "phrase is not valid UTF-8");
        return 0;
    }
    ssize_t k = fl_unorm_key(c.ptr, c.len, words, PHRASE_MAX + 1);
    if (k <= 0) {
        fl_table_error(row, 0,
                       k < 0 ? "phrase '%.*s' is too long (at most %d bytes once folded)"
                             : "phrase '%.*s' has no letters or digits",
                       (int)c.len, c.ptr, PHRASE_MAX);
        return 0;
    }
    bool cjk = sp->group == G_CJK_LEGAL || sp->group == G_CJK_WORDS || sp->group == G_POLY;
    if (!script_ok(words, (size_t)k, cjk)) {
        fl_table_error(row, 0,
                       cjk ? "phrase '%.*s' has characters that are not Chinese, Japanese or "
                             "Korean; put it in a word file such as legal_forms.csv"
                           : "phrase '%.*s' has Chinese, Japanese or Korean characters; put it "
                             "in cjk_legal_forms.csv or cjk_words.csv",
                       (int)c.len, c.ptr);
        return 0;
    }
    return (size_t)k;
}

/* Each '|'-separated token of the canonical cell must be non-empty and folded already. */
static bool canon_ok(const fl_table_row *row, int col)
{
    fl_slice c = row->cells[col];
    if (!c.len) {
        fl_table_error(row, (size_t)col, "missing canonical form");
        return false;
    }
    if (!fl_utf8_valid(c.ptr, c.len)) {
        fl_table_error(row, (size_t)col, "canonical form is not valid UTF-8");
        return false;
    }
    for (size_t a = 0; a <= c.len;) {
        const char *bar = memchr(c.ptr + a, '|', c.len - a);
        size_t b = bar ? (size_t)(bar - c.ptr) : c.len;
        char f[PHRASE_MAX + 1];
        ssize_t k = b > a ? fl_unorm_key(c.ptr + a, b - a, f, sizeof f) : 0;
        if (k <= 0 || (size_t)k != b - a || memcmp(f, c.ptr + a, b - a) != 0) {
            if (k > 0)
                fl_table_error(row, (size_t)col,
                               "canonical token '%.*s' is not in folded form; write '%.*s'",
                               (int)(b - a), c.ptr + a, (int)k, f);
            else
                fl_table_error(row, (size_t)col,
                               "bad canonical form '%.*s'; expected one or more tokens "
                               "separated by '|', each with letters or digits",
                               (int)c.len, c.ptr);
            return false;
        }
        a = b + 1;
    }
    return true;
}

/* The optional latin cell: empty, or words in Latin letters that fold to something. */
static bool latin_ok(const fl_table_row *row, int col)
{
    fl_slice c = row->cells[col];
    if (!c.len)
        return true;
    char f[PHRASE_MAX + 1];
    ssize_t k = fl_utf8_valid(c.ptr, c.len) ? fl_unorm_key(c.ptr, c.len, f, sizeof f) : -1;
    if (k <= 0 || !script_ok(f, (size_t)k, false)) {
        fl_table_error(row, (size_t)col,
                       "bad latin form '%.*s'; expected words in Latin letters (how the word is "
                       "written in English or pinyin), at most %d bytes",
                       (int)c.len, c.ptr, PHRASE_MAX);
        return false;
    }
    return true;
}

/* The kind column's value: index into sp->values, or -1 after reporting. */
static int parse_kind(const fl_table_row *row, const spec *sp)
{
    fl_slice c = row->cells[sp->c_kind];
    for (size_t i = 0; i < sp->n_values; i++)
        if (strlen(sp->values[i]) == c.len && memcmp(sp->values[i], c.ptr, c.len) == 0)
            return (int)i;
    fl_table_error(row, (size_t)sp->c_kind, "unknown value '%.*s'; expected %s", (int)c.len, c.ptr,
                   sp->expected);
    return -1;
}

static fl_phrase *append(fl_name_tables *t, size_t which)
{
    if (!fl_grow((void **)&t->ph[which], &t->cap[which], t->n[which] + 1, sizeof(fl_phrase)))
        return NULL;
    fl_phrase *p = &t->ph[which][t->n[which]++];
    memset(p, 0, sizeof *p);
    return p;
}

/* Report a phrase folded like an earlier one of its group; false when new (and remember it). */
static fl_status check_dup(loader *L, const fl_table_row *row, const char *w, size_t n, bool *dup)
{
    uint32_t at = (uint32_t)L->n_at, got;
    fl_status st = fl_strmap_put(L->seen[L->sp->group], w, n, at, &got, NULL, NULL);
    if (st != FL_OK)
        return st;
    *dup = got != at;
    if (*dup) {
        fl_table_error(row, 0, "phrase '%.*s' is already listed at %s:%llu; delete one",
                       (int)row->cells[0].len, row->cells[0].ptr, L->at[got].display,
                       (unsigned long long)L->at[got].line);
        return FL_OK;
    }
    if (!fl_grow((void **)&L->at, &L->cap_at, L->n_at + 1, sizeof *L->at))
        return FL_ERR_NOMEM;
    L->at[L->n_at++] = (seen_at){row->file, row->line};
    return FL_OK;
}

/* Store one checked row: in its table, and a CJK legal form written first in that list too. */
static fl_status store(loader *L, const fl_table_row *row, const char *w, size_t n, int value)
{
    fl_name_tables *t = L->t;
    const spec *sp = L->sp;
    uint8_t kind = sp->c_kind >= 0 ? sp->kinds[value] : sp->kind;
    static const size_t table_of[G_COUNT] = {T_WORDS, FL_CJK_LEGAL, FL_CJK_WORDS,
                                             T_QUAL,  T_PALL,       T_POLY};
    size_t which = table_of[sp->group];
    fl_slice c = sp->c_canon >= 0 ? row->cells[sp->c_canon] : (fl_slice){"", 0};
    const char *words = fl_arena_strndup(&t->arena, w, n);
    const char *canon = fl_arena_strndup(&t->arena, c.ptr, c.len);
    fl_slice lt = sp->c_latin >= 0 ? row->cells[sp->c_latin] : (fl_slice){"", 0};
    const char *latin = fl_arena_strndup(&t->arena, lt.ptr, lt.len);
    fl_phrase *p = words && canon && latin ? append(t, which) : NULL;
    if (!p)
        return FL_ERR_NOMEM;
    size_t fl = 0;
    while (fl < n && w[fl] != ' ')
        fl++;
    *p = (fl_phrase){words, canon, latin, (uint16_t)n, (uint8_t)fl, kind, NULL};
    if (sp->group == G_CJK_LEGAL && value == 1) {
        fl_phrase *q = append(t, FL_CJK_LEGAL_FIRST);
        if (!q)
            return FL_ERR_NOMEM;
        *q = t->ph[FL_CJK_LEGAL][t->n[FL_CJK_LEGAL] - 1];
    }
    t->rows++;
    return FL_OK;
}

static fl_status on_row(const fl_table_row *row, void *p)
{
    loader *L = p;
    const spec *sp = L->sp;
    char words[PHRASE_MAX + 1];
    size_t n = fold_phrase(row, sp, words);
    bool bad = n == 0;
    if (sp->c_canon >= 0 && !canon_ok(row, sp->c_canon))
        bad = true;
    int value = sp->c_kind >= 0 ? parse_kind(row, sp) : 0;
    if (value < 0)
        bad = true;
    if (sp->c_latin >= 0 && !latin_ok(row, sp->c_latin))
        bad = true;
    if (!row->cells[sp->n_cols - 1].len) {
        fl_table_error(row, sp->n_cols - 1,
                       "missing source; say where the entry comes from (a code list, a "
                       "country's company law, an observation in trade data)");
        bad = true;
    }
    bool dup = false;
    fl_status st = n ? check_dup(L, row, words, n, &dup) : FL_OK;
    if (st != FL_OK)
        return st;
    if (bad || dup) {
        L->bad = true;
        return FL_OK;
    }
    return store(L, row, words, n, value);
}

/* Index the rows of table which by their whole folded text. */
static fl_status index_whole(fl_name_tables *t, size_t which, fl_strmap **map)
{
    if (!(*map = fl_strmap_new()))
        return FL_ERR_NOMEM;
    for (size_t i = 0; i < t->n[which]; i++) {
        const fl_phrase *p = &t->ph[which][i];
        if (fl_strmap_put(*map, p->words, p->len, (uint32_t)i, NULL, NULL, NULL) != FL_OK)
            return FL_ERR_NOMEM;
    }
    return FL_OK;
}

/* Index the word files by first word; chains keep reading order. */
static fl_status build_index(fl_name_tables *t)
{
    fl_status st = index_whole(t, T_QUAL, &t->qual);
    if (st == FL_OK)
        st = index_whole(t, T_PALL, &t->pall);
    if (st == FL_OK)
        st = index_whole(t, T_POLY, &t->poly);
    if (st == FL_OK && !(t->pinyin = fl_strmap_new()))
        st = FL_ERR_NOMEM;
    for (size_t i = 0; i < t->n[T_PALL] && st == FL_OK; i++) {
        const char *py = t->ph[T_PALL][i].canon;
        st = fl_strmap_put(t->pinyin, py, strlen(py), 0, NULL, NULL, NULL);
    }
    if (st != FL_OK)
        return st;
    size_t n = t->n[T_WORDS];
    fl_phrase **tail = calloc(n ? n : 1, sizeof *tail); /* by the chain's first phrase */
    if (!tail || !(t->first = fl_strmap_new())) {
        free(tail);
        return FL_ERR_NOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        fl_phrase *p = &t->ph[T_WORDS][i];
        uint32_t head;
        bool added;
        if (fl_strmap_put(t->first, p->words, p->first_len, (uint32_t)i, &head, &added, NULL) !=
            FL_OK) {
            free(tail);
            return FL_ERR_NOMEM;
        }
        if (!added)
            tail[head]->next = p;
        tail[head] = p;
    }
    free(tail);
    return FL_OK;
}

static fl_status read_all(loader *L, const char *dir)
{
    for (size_t i = 0; i < sizeof specs / sizeof specs[0]; i++) {
        const spec *sp = &specs[i];
        size_t len = strlen(dir) + strlen(sp->file) + 2;
        char *path = malloc(len);
        if (!path)
            return FL_ERR_NOMEM;
        snprintf(path, len, "%s/%s", dir, sp->file);
        L->sp = sp;
        fl_status st =
            fl_table_read(path, sp->display, sp->cols, sp->n_cols + (sp->c_latin >= (int)sp->n_cols),
                          sp->n_cols, on_row, L);
        free(path);
        if (st != FL_OK)
            return st;
    }
    return L->bad ? FL_ERR_RULES : FL_OK;
}

fl_status fl_nametab_load(const char *dir, fl_name_tables **out)
{
    *out = NULL;
    fl_name_tables *t = calloc(1, sizeof *t);
    loader L;
    memset(&L, 0, sizeof L);
    L.t = t;
    fl_status st = t ? FL_OK : FL_ERR_NOMEM;
    for (size_t g = 0; g < G_COUNT && st == FL_OK; g++)
        if (!(L.seen[g] = fl_strmap_new()))
            st = FL_ERR_NOMEM;
    if (st == FL_OK)
        st = read_all(&L, dir);
    if (st == FL_OK)
        st = build_index(t);
    for (size_t g = 0; g < G_COUNT; g++)
        fl_strmap_free(L.seen[g]);
    free(L.at);
    if (st != FL_OK) {
        fl_nametab_free(t);
        return st;
    }
    *out = t;
    return FL_OK;
}

void fl_nametab_free(fl_name_tables *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < sizeof t->ph / sizeof t->ph[0]; i++)
        free(t->ph[i]);
    fl_strmap_free(t->first);
    fl_strmap_free(t->qual);
    fl_strmap_free(t->pall);
    fl_strmap_free(t->pinyin);
    fl_strmap_free(t->poly);
    fl_arena_free(&t->arena);
    free(t);
}

size_t fl_nametab_count(const fl_name_tables *t)
{
    return t ? t->rows : 0;
}

const fl_phrase *fl_nametab_lookup(const fl_name_tables *t, const char *w, size_t n)
{
    uint32_t head;
    return fl_strmap_get(t->first, w, n, &head) ? &t->ph[T_WORDS][head] : NULL;
}

bool fl_nametab_word(const fl_name_tables *t, const char *w, size_t n)
{
    for (const fl_phrase *p = fl_nametab_lookup(t, w, n); p; p = p->next)
        if (p->len == n)
            return true;
    return false;
}

const fl_phrase *fl_nametab_cjk(const fl_name_tables *t, fl_cjk_table which, size_t *n)
{
    *n = t->n[which];
    return t->ph[which];
}

const char *fl_nametab_qualifier(const fl_name_tables *t, const char *w, size_t n)
{
    uint32_t i;
    return t->qual && fl_strmap_get(t->qual, w, n, &i) ? t->ph[T_QUAL][i].latin : NULL;
}

const char *fl_nametab_palladius(const fl_name_tables *t, const char *w, size_t n)
{
    uint32_t i;
    return t->pall && fl_strmap_get(t->pall, w, n, &i) ? t->ph[T_PALL][i].canon : NULL;
}

bool fl_nametab_pinyin(const fl_name_tables *t, const char *w, size_t n)
{
    enum { MAXW = 40, MAXS = 6 }; /* letters of a word; of a syllable ("zhuang") */
    if (!t->pinyin || !n || n > MAXW)
        return false;
    bool ok[MAXW + 1] = {true};
    for (size_t e = 1; e <= n; e++)
        for (size_t b = e > MAXS ? e - MAXS : 0; b < e && !ok[e]; b++)
            ok[e] = ok[b] && fl_strmap_get(t->pinyin, w + b, e - b, NULL);
    return ok[n];
}

const char *fl_nametab_polyphone(const fl_name_tables *t, const char *c, size_t n)
{
    uint32_t i;
    return t->poly && fl_strmap_get(t->poly, c, n, &i) ? t->ph[T_POLY][i].canon : NULL;
}
