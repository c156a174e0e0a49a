/* unorm.c - text folding with utf8proc; see unorm.h. */
#include "unorm.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/*
 * Appends key bytes to out, turning every run of separators into one space and never
 * starting with one: a separator only sets `gap`, and the space is written just before the
 * next kept character. That makes trimming free and needs no second pass.
 */
typedef struct sink {
    char *out;
    size_t cap, len;
    bool gap;
} sink;

static bool sink_put(sink *k, const char *bytes, size_t n)
{
    size_t need = n + (k->gap && k->len ? 1u : 0u);
    if (k->len + need + 1 > k->cap) /* + 1 for the NUL */
        return false;
    if (k->gap && k->len)
        k->out[k->len++] = ' ';
    for (size_t i = 0; i < n; i++)
        k->out[k->len++] = bytes[i];
    k->gap = false;
    return true;
}

static ssize_t sink_end(sink *k)
{
    k->out[k->len] = '\0';
    return (ssize_t)k->len;
}

/*
 * Modifier letters used as apostrophes ("Oʻzbekiston" with U+02BB, "Hawaiʻi") are category
 * Lm, so the generic rule would keep them and "Oʻzbekiston" would not meet "O'zbekiston".
 */
static bool is_apostrophe_letter(utf8proc_int32_t cp)
{
    return (cp >= 0x02B9 && cp <= 0x02BF) || cp == 0x02C8 || cp == 0x02EE;
}

/*
 * Latin letters that Unicode does not decompose into a base letter and a mark, so that mark
 * stripping leaves them as they are: the dotless i of Turkish ("Aydın" meets "AYDIN"), the
 * Vietnamese and Croatian đ ("Đà Nẵng" meets "Da Nang"), the Polish ł ("Łódź" meets
 * "Lodz"), the Nordic ø, the Maltese ħ. Their base letter, after case folding; 0 for others.
 */
static char latin_base(utf8proc_int32_t cp)
{
    switch (cp) {
    case 0x0131: /* ı */
        return 'i';
    case 0x0111: /* đ */
        return 'd';
    case 0x0142: /* ł */
        return 'l';
    case 0x00F8: /* ø */
        return 'o';
    case 0x0127: /* ħ */
        return 'h';
    default:
        return 0;
    }
}

static bool is_key_char(utf8proc_int32_t cp)
{
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
        return true;
    case UTF8PROC_CATEGORY_LM:
        return !is_apostrophe_letter(cp);
    default:
        return false;
    }
}

/* NFKC, case folding and mark stripping are the identity on ASCII except for A-Z. */
static ssize_t fold_ascii(const unsigned char *s, size_t len, sink *k)
{
    for (size_t i = 0; i < len; i++) {
        char c = (char)s[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            if (!sink_put(k, &c, 1))
                return -1;
        } else {
            k->gap = true;
        }
    }
    return sink_end(k);
}

static ssize_t fold_unicode(const unsigned char *s, size_t len, sink *k)
{
    /* IGNORE drops default-ignorables (soft hyphen, zero-width joiner) inside words. */
    const int flags = UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |
                      UTF8PROC_STRIPMARK | UTF8PROC_IGNORE;
    utf8proc_uint8_t *mapped = NULL;
    utf8proc_ssize_t n = utf8proc_map(s, (utf8proc_ssize_t)len, &mapped, flags);
    if (n < 0)
        return -1;

    ssize_t ret = -1;
    utf8proc_ssize_t i = 0;
    while (i < n) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t step = utf8proc_iterate(mapped + i, n - i, &cp);
        if (step <= 0)
            goto done;
        char base = latin_base(cp);
        if (base) {
            if (!sink_put(k, &base, 1))
                goto done;
        } else if (is_key_char(cp)) {
            if (!sink_put(k, (const char *)mapped + i, (size_t)step))
                goto done;
        } else {
            k->gap = true;
        }
        i += step;
    }
    ret = sink_end(k);
done:
    free(mapped);
    return ret;
}

ssize_t fl_unorm_key(const char *s, size_t len, char *out, size_t cap)
{
    if (!out || cap == 0 || (!s && len))
        return -1;
    if (len > (size_t)SSIZE_MAX / 2) /* keeps the utf8proc length cast and its growth safe */
        return -1;

    const unsigned char *u = (const unsigned char *)s;
    sink k = {out, cap, 0, false};
    bool ascii = true;
    for (size_t i = 0; i < len && ascii; i++)
        ascii = u[i] < 0x80;
    if (ascii)
        return fold_ascii(u, len, &k);
    if (!fl_utf8_valid(s, len))
        return -1;
    return fold_unicode(u, len, &k);
}

bool fl_utf8_next_multi(const char *s, size_t len, size_t *pos, int32_t *cp)
{
    *cp = -1;
    if (*pos >= len)
        return false;
    size_t avail = len - *pos;
    utf8proc_int32_t c;
    /* four bytes are the longest sequence: the cast stays small whatever len is */
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + *pos,
                                          (utf8proc_ssize_t)(avail < 4 ? avail : 4), &c);
    if (k <= 0)
        return false;
    *cp = c;
    *pos += (size_t)k;
    return true;
}

bool fl_utf8_valid(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    if (!s)
        return len == 0;
    size_t i = 0;
    while (i < len) {
        /* Trade data is mostly ASCII: skip eight bytes at a time while no high bit is set. */
        while (i + 8 <= len) {
            uint64_t w;
            memcpy(&w, u + i, 8);
            if (w & 0x8080808080808080ull)
                break;
            i += 8;
        }
        int32_t cp;
        if (i < len && !fl_utf8_next(s, len, &i, &cp))
            return false;
    }
    return true;
}

size_t fl_utf8_repair(const char *s, size_t len, char *out)
{
    size_t n = 0, i = 0;
    while (i < len) {
        size_t at = i;
        int32_t cp;
        if (fl_utf8_next(s, len, &i, &cp) && cp != 0) {
            memcpy(out + n, s + at, i - at);
            n += i - at;
        } else {
            memcpy(out + n, "\xEF\xBF\xBD", 3); /* U+FFFD */
            n += 3;
            i = at + 1;
        }
    }
    return n;
}

const char *fl_unorm_version(void)
{
    return utf8proc_version();
}

const char *fl_unorm_unicode_version(void)
{
    return utf8proc_unicode_version();
}
