/*
 * fuzz_names.c - libFuzzer target for company-name parsing: wrapper splitting and name
 * parsing (names.h) and party keys (party.h), on the same bytes, with the phrase tables loaded
 * once from datasets/names/.
 *
 * Checked besides memory safety:
 *   - split: at most max parts, each a non-empty, trimmed byte range of the input, in order and
 *     not overlapping, with a known role and a marker; no parts for max 0;
 *   - parse: FL_OK exactly when the input is valid UTF-8 (else an empty result); at most
 *     FL_NAME_MAX_TOKENS tokens, each a non-empty NUL-terminated UTF-8 string inside text[],
 *     with a known class and CJK bigram counts only on CJK tokens; key and legal NUL-terminated
 *     inside their arrays, valid UTF-8, single spaces between words; the legal signature has
 *     every legal token; the same input parses to the same bytes twice; a key parses again
 *     (to a valid result, not always the same key: names.h);
 *   - party key: length < capacity, NUL-terminated, valid UTF-8, "" exactly when 0, and the
 *     same key whatever the capacity that holds it (invalid UTF-8 outside the part that gives
 *     the key does not matter: party.h).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "names.h"
#include "nametab.h"
#include "party.h"
#include "unorm.h"

static fl_name_tables *tables;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    if (fl_nametab_load(FLSCAN_SOURCE_DIR "/datasets/names", &tables) != FL_OK)
        abort();
    return 0;
}

/* A caller vocabulary like the entity index's: a few brand words. */
static bool vocab_known(const void *ctx, const char *w, size_t len)
{
    (void)ctx;
    static const char *const words[] = {"hoshine", "zhongtai", "daqo", "acme", "abc"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strlen(words[i]) == len && memcmp(words[i], w, len) == 0)
            return true;
    return false;
}

static bool trim_byte(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ',' || c == ';' || c == ':' ||
           c == '-' || c == '.' || c == '/' || c == '&';
}

static void check_split(const char *s, size_t size)
{
    fl_name_part parts[FL_NAME_MAX_PARTS];
    for (size_t max = 0; max <= FL_NAME_MAX_PARTS; max++) {
        size_t n = fl_name_split(s, size, parts, max);
        if (n > max)
            abort();
        size_t end = 0;
        for (size_t i = 0; i < n; i++) {
            const fl_name_part *p = &parts[i];
            if (!p->len || p->start < end || p->start + p->len > size)
                abort();
            if (trim_byte((unsigned char)s[p->start]) ||
                trim_byte((unsigned char)s[p->start + p->len - 1]))
                abort();
            if (p->role > FL_ROLE_ALIAS || !p->marker ||
                strcmp(fl_name_role_str(p->role), "?") == 0)
                abort();
            if ((p->role == FL_ROLE_WHOLE) != (p->marker[0] == '\0') ||
                (p->role == FL_ROLE_WHOLE && n != 1))
                abort();
            end = p->start + p->len;
        }
    }
}

/* A NUL-terminated string inside buf[0..cap): valid UTF-8 words separated by one space. */
static void check_words(const char *buf, size_t cap)
{
    size_t n = strnlen(buf, cap);
    if (n == cap || !fl_utf8_valid(buf, n))
        abort();
    for (size_t i = 0; i < n; i++)
        if (buf[i] == ' ' && (i == 0 || i == n - 1 || buf[i - 1] == ' '))
            abort();
}

static void check_tokens(const fl_name *n)
{
    if (n->n_tok > FL_NAME_MAX_TOKENS || n->text_len > sizeof n->text)
        abort();
    for (size_t i = 0; i < n->n_tok; i++) {
        const fl_ntok *t = &n->tok[i];
        if (!t->len || (size_t)t->off + t->len + 1 > n->text_len || n->text[t->off + t->len])
            abort();
        const char *w = fl_name_tok(n, i);
        if (strlen(w) != t->len || !fl_utf8_valid(w, t->len))
            abort();
        if (t->cls >= FL_NTOK_CLASS_COUNT || strcmp(fl_ntok_class_str(t->cls), "?") == 0)
            abort();
        if (t->nrun && (!(t->flags & FL_NTOK_CJK) || t->nrun < 2))
            abort();
        /* the legal signature names every legal form (unless it was cut) */
        if (t->cls == FL_NTOK_LEGAL && !n->truncated && !strstr(n->legal, w))
            abort();
    }
    check_words(n->key, sizeof n->key);
    check_words(n->legal, sizeof n->legal);
}

/* Field by field: fl_ntok has padding. */
static bool same_parse(const fl_name *a, const fl_name *b)
{
    if (a->n_tok != b->n_tok || strcmp(a->key, b->key) != 0 || strcmp(a->legal, b->legal) != 0 ||
        a->text_len != b->text_len || memcmp(a->text, b->text, a->text_len) != 0 ||
        a->truncated != b->truncated)
        return false;
    for (size_t i = 0; i < a->n_tok; i++) {
        const fl_ntok *x = &a->tok[i], *y = &b->tok[i];
        if (x->off != y->off || x->len != y->len || x->cls != y->cls || x->flags != y->flags ||
            x->nrun != y->nrun)
            return false;
    }
    return true;
}

static void check_parse(const char *s, size_t size, const fl_name_vocab *v)
{
    fl_name a, b;
    fl_status st = fl_name_parse(tables, s, size, v, &a);
    bool valid = fl_utf8_valid(s, size);
    if ((st == FL_OK) != valid || (st != FL_OK && st != FL_ERR_INPUT))
        abort();
    if (st != FL_OK) {
        if (a.n_tok || a.key[0] || a.legal[0])
            abort();
        return;
    }
    check_tokens(&a);
    if (fl_name_parse(tables, s, size, v, &b) != FL_OK || !same_parse(&a, &b))
        abort();
    /* a key is text a later stage may parse again (not a fixed point: names.h) */
    if (fl_name_parse(tables, a.key, strlen(a.key), v, &b) != FL_OK)
        abort();
    check_tokens(&b);
}

static void check_party(const char *s, size_t size)
{
    char key[FL_PARTY_KEY], small[FL_PARTY_KEY];
    size_t k = fl_party_key(tables, s, size, key, sizeof key);
    if (k >= sizeof key || key[k] != '\0' || strlen(key) != k || !fl_utf8_valid(key, k))
        abort();
    /* a capacity that just holds the key gives it; one byte less gives none */
    size_t k2 = fl_party_key(tables, s, size, small, k + 1);
    if (k2 != k || strcmp(small, key) != 0)
        abort();
    if (k && (fl_party_key(tables, s, size, small, k) != 0 || small[0] != '\0'))
        abort();
}

/* Names in other scripts written in Latin letters (names.h): valid, terminated text that
   parses, or -1 for text that is not UTF-8. */
static void check_romanise(const char *s, size_t size)
{
    char out[4096];
    bool valid = fl_utf8_valid(s, size);
    for (int r = 0; r < FL_ROM_COUNT; r++) {
        ssize_t n = fl_name_romanise(tables, (fl_name_rom)r, s, size, out, sizeof out);
        if (!valid) {
            if (n != -1)
                abort();
            continue;
        }
        if (n < 0)
            continue; /* does not fit */
        if (strlen(out) != (size_t)n || !fl_utf8_valid(out, (size_t)n))
            abort();
        fl_name a;
        if (fl_name_parse(tables, out, (size_t)n, NULL, &a) != FL_OK)
            abort();
        check_tokens(&a);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    fl_name_vocab v = {vocab_known, NULL};
    check_split(s, size);
    if (size <= 1024)
        check_romanise(s, size);
    check_parse(s, size, NULL);
    check_parse(s, size, &v);
    check_party(s, size);
    return 0;
}
