/* textsafe.c - report text made safe for the output formats; see textsafe.h. */
#include "textsafe.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "unorm.h"

static const char REPLACEMENT[] = "\xEF\xBF\xBD"; /* U+FFFD */

static int reserve(fl_textsafe_buf *buf, size_t need)
{
    return fl_grow((void **)&buf->ptr, &buf->cap, need, 1) ? 0 : -1;
}

const char *fl_textsafe_clean(fl_textsafe_buf *buf, const char *s, size_t len, unsigned flags,
                              size_t max_bytes, const char *marker)
{
    const unsigned char *in = (const unsigned char *)s;
    size_t mlen = marker ? strlen(marker) : 0;
    if (len > FL_TEXTSAFE_MAX || (max_bytes && mlen >= max_bytes))
        return NULL;
    /* Worst case every byte becomes U+FFFD; with a limit we stop a character past it. */
    size_t room = len * 3;
    if (max_bytes && room > max_bytes + 4)
        room = max_bytes + 4;
    if (reserve(buf, room + mlen + 1) != 0)
        return NULL;
    char *out = buf->ptr;
    size_t n = 0, i = 0;
    int cut = 0;
    while (i < len) {
        size_t at = i;
        int32_t cp;
        if (in[i] >= 0x20 && in[i] < 0x80) { /* printable ASCII, most of any text: as it is */
            out[n++] = s[i++];
        } else if (!fl_utf8_next(s, len, &i, &cp)) { /* invalid: one U+FFFD a byte */
            memcpy(out + n, REPLACEMENT, 3);
            n += 3;
            i = at + 1;
        } else if ((flags & FL_TEXTSAFE_XML) && cp == '\r') {
            /* CR LF -> LF, lone CR -> LF: XML parsers normalise CR anyway. */
            if (!(i < len && in[i] == '\n'))
                out[n++] = '\n';
        } else if ((flags & FL_TEXTSAFE_XML) &&
                   ((cp < 0x20 && cp != '\t' && cp != '\n') || cp == 0xFFFE || cp == 0xFFFF)) {
            memcpy(out + n, REPLACEMENT, 3);
            n += 3;
        } else {
            memcpy(out + n, in + at, i - at);
            n += i - at;
        }
        if (max_bytes && n > max_bytes) {
            cut = 1;
            break;
        }
    }
    if (cut) {
        n = fl_utf8_floor(out, max_bytes - mlen);
        memcpy(out + n, marker, mlen);
        n += mlen;
    }
    out[n] = '\0';
    buf->len = n;
    return out;
}

void fl_textsafe_buf_free(fl_textsafe_buf *buf)
{
    if (!buf)
        return;
    free(buf->ptr);
    buf->ptr = NULL;
    buf->len = buf->cap = 0;
}

/* The character at s[*i] for a message: its bytes, and whether they are shown escaped. */
static size_t show_char(const char *s, size_t len, size_t *i, bool *esc)
{
    size_t at = *i;
    int32_t cp;
    if (!fl_utf8_next(s, len, i, &cp)) {
        *i = at + 1;
        *esc = true;
        return 1;
    }
    *esc = (cp < 0x20 && cp != '\t') || (cp >= 0x7F && cp <= 0x9F);
    return *i - at;
}

size_t fl_textsafe_show(const char *s, size_t len, char *out, size_t cap)
{
    static const char hex[] = "0123456789ABCDEF";
    static const char cut_mark[] = "...";
    size_t total = 0, escaped = 0, i = 0;
    bool esc;
    while (i < len) {
        size_t nb = show_char(s, len, &i, &esc);
        total += esc ? 4 * nb : nb;
        escaped += esc ? nb : 0;
    }
    /* Text that fits is shown whole; otherwise it stops where the mark still fits. */
    bool cut = total > cap - 1;
    size_t room = cut ? cap - sizeof cut_mark : cap - 1, n = 0;
    for (i = 0; i < len;) {
        size_t at = i, nb = show_char(s, len, &i, &esc);
        if (n + (esc ? 4 * nb : nb) > room)
            break;
        for (size_t k = 0; k < nb; k++) {
            unsigned char b = (unsigned char)s[at + k];
            if (!esc) {
                out[n++] = (char)b;
                continue;
            }
            out[n++] = '\\';
            out[n++] = 'x';
            out[n++] = hex[b >> 4];
            out[n++] = hex[b & 15];
        }
    }
    if (cut) {
        memcpy(out + n, cut_mark, sizeof cut_mark - 1);
        n += sizeof cut_mark - 1;
    }
    out[n] = '\0';
    return escaped;
}

size_t fl_textsafe_width(const char *s)
{
    size_t best = 0, cur = 0;
    if (!s)
        return 0;
    for (; *s; s++) {
        if (*s == '\n') {
            cur = 0;
            continue;
        }
        if (((unsigned char)*s & 0xC0) != 0x80 && ++cur > best)
            best = cur;
    }
    return best;
}
