/*
 * textsafe.h - report text made safe for the output formats (xlsx cells, CSV fields, JSON),
 * and text from input files made safe to quote in a message (fl_textsafe_show).
 *
 * The writers show text that came from trade data and rule files. The scanner repairs
 * invalid UTF-8 in record fields, but a writer must never emit a file its reader rejects,
 * so each writer passes its text through fl_textsafe_clean() once more:
 *   - every invalid UTF-8 sequence (stray continuation byte, overlong form, surrogate,
 *     code point above U+10FFFF, truncated sequence) becomes U+FFFD, byte by byte;
 *   - with FL_TEXTSAFE_XML, characters XML 1.0 cannot carry are replaced too: C0 controls
 *     other than TAB and LF become U+FFFD, CR LF becomes LF and a lone CR becomes LF,
 *     U+FFFE and U+FFFF become U+FFFD (spreadsheet XML would otherwise be invalid);
 *   - with a byte limit, over-long text is cut at a character boundary and ends with a
 *     visible marker, the whole staying within the limit.
 */
#ifndef FL_TEXTSAFE_H
#define FL_TEXTSAFE_H

#include <stddef.h>

/* A growable output buffer; zero-initialise it (FL_TEXTSAFE_BUF_INIT), free with
 * fl_textsafe_buf_free(). Its text is valid until the next call that writes into it. */
typedef struct fl_textsafe_buf {
    char *ptr;
    size_t len; /* bytes of text, NUL not counted */
    size_t cap;
} fl_textsafe_buf;

#define FL_TEXTSAFE_BUF_INIT                                                                       \
    {                                                                                              \
        NULL, 0, 0                                                                                 \
    }

enum {
    FL_TEXTSAFE_XML = 1 /* also replace characters that XML 1.0 cannot hold (see above) */
};

/* The largest input the cleaner accepts (1 GiB); longer input is refused as no memory. */
#define FL_TEXTSAFE_MAX ((size_t)1 << 30)

/*
 * Clean s[0..len) into buf (see the rules above). s may be NULL when len is 0.
 * flags: 0 or FL_TEXTSAFE_XML. max_bytes: 0 for no limit; otherwise the result is at most
 * max_bytes bytes, and text that had to be cut ends with marker (borrowed, ASCII; NULL for
 * none; it must be shorter than max_bytes).
 * Returns buf->ptr (NUL-terminated, owned by buf, buf->len set) or NULL when out of memory.
 */
const char *fl_textsafe_clean(fl_textsafe_buf *buf, const char *s, size_t len, unsigned flags,
                              size_t max_bytes, const char *marker);

/* Release the buffer's memory and zero it. NULL-safe. */
void fl_textsafe_buf_free(fl_textsafe_buf *buf);

/*
 * Text from a file made safe to print in a message (a terminal shows it): s[0..len) copied
 * to out with every byte of an invalid UTF-8 sequence, every control character but TAB (C0,
 * DEL, and the C1 controls U+0080..U+009F, byte by byte) and NUL shown as "\xHH" (upper-case
 * hex), and cut, at a character or escape boundary, so that the result fits in cap bytes
 * (NUL included), ending with "..." when cut. cap must be at least 8. Returns the number of
 * bytes of s that needed an escape, over all of s (0: s is plain text, even when it was cut).
 * No allocation; thread-safe.
 */
size_t fl_textsafe_show(const char *s, size_t len, char *out, size_t cap);

/*
 * Display width estimate of a NUL-terminated string: the number of code points (UTF-8
 * lead bytes), counting a line break as the start of a new line and returning the longest
 * line. Used for column widths; NULL gives 0.
 */
size_t fl_textsafe_width(const char *s);

#endif
