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

/* The provenance mark at the start of a piece: its length (0: none) and *inferred. */
static size_t skip_mark(const char *s, size_t len, bool *inferred)
{
    static const struct {
        const char *word;
        bool inferred;
    } marks[] = {{"classified", true}, {"parsed", false}};
    for (size_t i = 0; i < sizeof marks / sizeof *marks; i++) {
        size_t n = strlen(marks[i].word);
        if (len > n && strncasecmp(s, marks[i].word, n) == 0 && s[n] == ':') {
            *inferred = marks[i].inferred;
            return n + 1;
        }
    }
    return 0;
}

static bool is_sep(char c)
{
    return c == ';' || c == ',' || c == '|' || c == '\n' || c == '\r';
}

/*
 * The code of one piece s[0..len) (mark already skipped): the leading run of code
 * characters. When other text follows it after a space ("7323.93 VACUUM FLASK"), only its
 * first word is the code, so that a number in the words ("6109.10 100% COTTON") is not read
 * into it; text glued to the code ("1.23E+05") leaves the piece as it is, refused.
 */
static fl_hs_result piece_code(const char *s, size_t len, char out[FL_HS_MAX + 1])
{
    size_t i = 0;
    while (i < len && isspace((unsigned char)s[i]))
        i++;
    size_t lab = skip_label(s + i, len - i);
    size_t end = i + lab;
    while (end < len && (isdigit((unsigned char)s[end]) || s[end] == '.' || s[end] == ' ' ||
                         s[end] == '-' || s[end] == '/' || s[end] == ':' || s[end] == '\t'))
        end++;
    size_t rest = end;
    while (rest < len && isspace((unsigned char)s[rest]))
        rest++;
    if (rest < len && end > i + lab && memchr(s + i + lab, ' ', end - i - lab)) {
        /* words follow after a space: the code is the first word after the label */
        size_t w = i + lab;
        while (w < end && (isspace((unsigned char)s[w]) || s[w] == ':'))
            w++;
        size_t we = w;
        while (we < end && !isspace((unsigned char)s[we]))
            we++;
        return fl_hs_normalise(s + w, we - w, out);
    }
    return fl_hs_normalise(s, len, out);
}

static void keep(fl_hs_cell *out, const char *digits, bool inferred)
{
    for (size_t k = 0; k < out->n; k++)
        if (strcmp(out->code[k].digits, digits) == 0) {
            out->code[k].inferred = out->code[k].inferred && inferred;
            return;
        }
    if (out->n == FL_HS_CELL_MAX) {
        out->dropped++;
        return;
    }
    memcpy(out->code[out->n].digits, digits, strlen(digits) + 1);
    out->code[out->n++].inferred = inferred;
}

void fl_hs_parse_cell(const char *s, size_t len, bool default_inferred, fl_hs_cell *out)
{
    memset(out, 0, sizeof *out);
    size_t from = 0;
    while (from <= len) {
        size_t to = from;
        while (to < len && !is_sep(s[to]))
            to++;
        const char *p = s + from;
        size_t n = to - from;
        while (n && isspace((unsigned char)*p))
            p++, n--;
        bool inferred = default_inferred;
        size_t m = skip_mark(p, n, &inferred);
        char digits[FL_HS_MAX + 1];
        fl_hs_result r = n ? piece_code(p + m, n - m, digits) : FL_HS_EMPTY;
        if (r == FL_HS_OK) {
            keep(out, digits, inferred);
        } else if (r == FL_HS_INVALID || m) {
            if (!out->n_invalid++) {
                out->bad_at = (size_t)(p - s);
                out->bad_len = n;
                while (out->bad_len && isspace((unsigned char)p[out->bad_len - 1]))
                    out->bad_len--;
            }
        }
        from = to + 1;
    }
}
