/* textsafe.c - report text made safe for the output formats; see textsafe.h. */
#include "textsafe.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

static const char REPLACEMENT[] = "\xEF\xBF\xBD"; /* U+FFFD */

/* Length of the valid UTF-8 sequence at s (n bytes available), or 0 when invalid.
 * Follows the well-formed table of Unicode 15 section 3.9 (D92). */
static size_t utf8_seq(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned char b = s[0];
    unsigned char lo = 0x80, hi = 0xBF;
    size_t k;
    if (b < 0x80) {
        *cp = b;
        return 1;
    }
    if (b >= 0xC2 && b <= 0xDF) {
        k = 2;
        *cp = b & 0x1F;
    } else if (b >= 0xE0 && b <= 0xEF) {
        k = 3;
        *cp = b & 0x0F;
        if (b == 0xE0)
            lo = 0xA0;
        else if (b == 0xED)
            hi = 0x9F; /* no surrogates */
    } else if (b >= 0xF0 && b <= 0xF4) {
        k = 4;
        *cp = b & 0x07;
        if (b == 0xF0)
            lo = 0x90;
        else if (b == 0xF4)
            hi = 0x8F; /* nothing above U+10FFFF */
    } else {
        return 0;
    }
    if (n < k || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 1; i < k; i++) {
        if (i > 1 && (s[i] & 0xC0) != 0x80)
            return 0;
        *cp = (*cp << 6) | (s[i] & 0x3F);
    }
    return k;
}

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
        uint32_t cp = 0;
        size_t k = utf8_seq(in + i, len - i, &cp);
        if (k == 0) {
            memcpy(out + n, REPLACEMENT, 3);
            n += 3;
            i++;
        } else if ((flags & FL_TEXTSAFE_XML) && cp == '\r') {
            /* CR LF -> LF, lone CR -> LF: XML parsers normalise CR anyway. */
            if (!(i + 1 < len && in[i + 1] == '\n'))
                out[n++] = '\n';
            i++;
        } else if ((flags & FL_TEXTSAFE_XML) &&
                   ((cp < 0x20 && cp != '\t' && cp != '\n') || cp == 0xFFFE || cp == 0xFFFF)) {
            memcpy(out + n, REPLACEMENT, 3);
            n += 3;
            i += k;
        } else {
            memcpy(out + n, in + i, k);
            n += k;
            i += k;
        }
        if (max_bytes && n > max_bytes) {
            cut = 1;
            break;
        }
    }
    if (cut) {
        n = max_bytes - mlen;
        while (n > 0 && ((unsigned char)out[n] & 0xC0) == 0x80)
            n--;
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
