/* hs.c - HS code normalisation; see hs.h. */
#include "hs.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

static size_t skip_label(const char *s, size_t len)
{
    static const char *labels[] = {"htsus", "hts", "hs"};
    for (size_t i = 0; i < sizeof labels / sizeof *labels; i++) {
        size_t n = strlen(labels[i]);
        if (len >= n && strncasecmp(s, labels[i], n) == 0 &&
            (len == n || !isalpha((unsigned char)s[n])))
            return n;
    }
    return 0;
}

fl_hs_result fl_hs_normalise(const char *s, size_t len, char out[FL_HS_MAX + 1])
{
    size_t i = 0, n = 0;
    char digits[FL_HS_MAX + 2];
    out[0] = '\0';
    while (i < len && isspace((unsigned char)s[i]))
        i++;
    while (len > i && isspace((unsigned char)s[len - 1]))
        len--;
    if (i == len)
        return FL_HS_EMPTY;
    i += skip_label(s + i, len - i);
    size_t group = 0;    /* digits since the last '.' */
    bool dotted = false; /* a '.' was seen */
    for (; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (isdigit(c)) {
            if (n > FL_HS_MAX)
                return FL_HS_INVALID;
            digits[n++] = (char)c;
            group++;
        } else if (c == '.') {
            /* HS notation groups digits in pairs after the heading ("5205.12.0000"); an odd
               group after a dot is a spreadsheet's decimal ("5205.1" for 5205.10,
               "520512.0"), and reading it would give another chapter. */
            if (dotted && group % 2)
                return FL_HS_INVALID;
            dotted = true;
            group = 0;
        } else if (c == ' ' || c == '-' || c == '/' || c == ':' || c == '\t') {
            continue;
        } else {
            return FL_HS_INVALID;
        }
    }
    if (dotted && group % 2)
        return FL_HS_INVALID;
    if (n > FL_HS_MAX || n < 2)
        return FL_HS_INVALID;
    if (n % 2 == 1) {
        memmove(digits + 1, digits, n);
        digits[0] = '0';
        n++;
    }
    memcpy(out, digits, n);
    out[n] = '\0';
    return FL_HS_OK;
}
