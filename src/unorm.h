/*
 * unorm.h - Unicode text folding for matching (the only module that uses utf8proc).
 *
 * A "key" is the form in which free text from trade data is compared with reference
 * names: Unicode NFKC, case-folded, combining marks stripped ("Côte" -> "cote",
 * "Türkiye" -> "turkiye"), every run of characters that are not letters or digits turned
 * into a single ASCII space, leading and trailing spaces removed. Scripts other than Latin
 * are kept ("Узбекистан" -> "узбекистан", "中国" -> "中国").
 */
#ifndef FL_UNORM_H
#define FL_UNORM_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/*
 * Fold s[0..len) into out (capacity cap, NUL-terminated on success).
 * Returns the key length, or -1 if s is not valid UTF-8 or the key does not fit in cap.
 * No allocation when the input is pure ASCII; otherwise one temporary allocation.
 */
ssize_t fl_unorm_key(const char *s, size_t len, char *out, size_t cap);

/* True if s[0..len) is valid UTF-8 (no overlong forms, no surrogates, nothing above U+10FFFF). */
bool fl_utf8_valid(const char *s, size_t len);

#endif
