/*
 * unorm.h - Unicode text folding for matching (the only module that uses utf8proc).
 *
 * A "key" is the form in which free text from trade data is compared with reference
 * names: Unicode NFKC, case-folded, combining marks stripped ("Côte" -> "cote",
 * "Türkiye" -> "turkiye"), the Latin letters that have no mark to strip mapped to their base
 * letter (ı đ ł ø ħ: "Aydın" -> "aydin", "Đà Nẵng" -> "da nang", "Łódź" -> "lodz"), every
 * run of characters that are not letters or digits turned
 * into a single ASCII space, leading and trailing spaces removed. Scripts other than Latin
 * are kept ("Узбекистан" -> "узбекистан", "中国" -> "中国").
 *
 * Details: default-ignorable characters (soft hyphen, zero-width joiner) are dropped
 * without leaving a gap; modifier letters that serve as apostrophes (U+02B9..U+02BF,
 * U+02C8, U+02EE, as in "Oʻzbekiston") count as punctuation like ASCII "'", so
 * "Oʻzbekiston" and "O'zbekiston" both give "o zbekiston". Marks are stripped in every
 * script (Devanagari vowel signs too); this is lossy but the same on both sides of a match.
 * The result depends on the Unicode version of the utf8proc in use (see below).
 */
#ifndef FL_UNORM_H
#define FL_UNORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/*
 * Fold s[0..len) into out (capacity cap, NUL-terminated on success).
 * Returns the key length (0 for empty or all-punctuation text), or -1 if s is not valid
 * UTF-8, the key plus its NUL does not fit in cap, out is NULL or cap is 0; out's contents
 * are then unspecified. s is borrowed and may be NULL when len is 0.
 * No allocation when the input is pure ASCII; otherwise one temporary allocation.
 * Thread-safe (no shared state).
 */
ssize_t fl_unorm_key(const char *s, size_t len, char *out, size_t cap);

/* ---- UTF-8 code points: the project's one decoder (utf8proc_iterate underneath) ---- */

/*
 * True if s[0..len) is valid UTF-8 (no overlong forms, no surrogates, nothing above U+10FFFF).
 * s may be NULL only when len is 0. Embedded NUL bytes are valid (U+0000).
 */
bool fl_utf8_valid(const char *s, size_t len);

/* The non-ASCII case of fl_utf8_next() (below), out of line; call fl_utf8_next(). */
bool fl_utf8_next_multi(const char *s, size_t len, size_t *pos, int32_t *cp);

/*
 * Decode the code point at s[*pos..len). True with *cp set and *pos moved past it.
 * False at the end (*pos >= len) and at a sequence that is not well-formed UTF-8 by
 * utf8proc_iterate's verdict (Unicode table 3-7: a stray continuation byte, a C0, C1 or
 * F5..FF lead, an overlong form, a surrogate, a value above U+10FFFF, a sequence cut short
 * by len); then *cp is -1 and *pos is not moved, so *pos < len tells an invalid sequence
 * from the end. A caller that goes on skips one byte, as fl_utf8_repair() does.
 * s is borrowed and may be NULL only when len is 0. ASCII is decoded inline (hot loops
 * call this per character); thread-safe.
 */
static inline bool fl_utf8_next(const char *s, size_t len, size_t *pos, int32_t *cp)
{
    if (*pos < len && (unsigned char)s[*pos] < 0x80) {
        *cp = (unsigned char)s[(*pos)++];
        return true;
    }
    return fl_utf8_next_multi(s, len, pos, cp);
}

/* The longest repair of n input bytes: every byte may become U+FFFD (three bytes). */
#define FL_UTF8_REPAIR_MAX(n) ((n) * 3)

/*
 * Copy s[0..len) to out with every byte of an invalid sequence (fl_utf8_next's verdict,
 * one replacement a byte) and every NUL byte replaced by U+FFFD (EF BF BD); valid text
 * is copied unchanged. out (caller's, at least FL_UTF8_REPAIR_MAX(len) bytes, not
 * overlapping s) is not NUL-terminated. Returns the bytes written. s may be NULL when len
 * is 0. No allocation; thread-safe.
 */
size_t fl_utf8_repair(const char *s, size_t len, char *out);

/*
 * The start of the character that holds byte i of s: i moved back over continuation bytes
 * (10xxxxxx), never below 0. For cutting text at a character boundary; s[i] must be
 * readable. Looks at bytes only: no decoding, no validation.
 */
static inline size_t fl_utf8_floor(const char *s, size_t i)
{
    while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
        i--;
    return i;
}

/* utf8proc's version ("2.8.0") and the Unicode version of its tables ("15.0.0"), for the
 * run stamp. Borrowed, static. */
const char *fl_unorm_version(void);
const char *fl_unorm_unicode_version(void);

#endif
