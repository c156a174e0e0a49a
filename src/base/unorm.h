/*
 * unorm.h - Unicode text folding for matching (the only module that uses utf8proc).
 *
 * A "key" is the form in which free text from trade data is compared with reference
 * names: Unicode NFKC, case-folded, combining marks stripped ("Côte" -> "cote",
 * "Türkiye" -> "turkiye"), every run of characters that are not letters or digits turned
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

/*
 * True if s[0..len) is valid UTF-8 (no overlong forms, no surrogates, nothing above U+10FFFF).
 * s may be NULL only when len is 0. Embedded NUL bytes are valid (U+0000).
 */
bool fl_utf8_valid(const char *s, size_t len);

/* utf8proc's version ("2.8.0") and the Unicode version of its tables ("15.0.0"), for the
 * run stamp. Borrowed, static. */
const char *fl_unorm_version(void);
const char *fl_unorm_unicode_version(void);

#endif
