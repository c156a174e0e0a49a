/* listfr.c - the UFLPA Entity List appendix of a Federal Register notice, as text; see the
   fr-uflpa format in listsrc.h. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "listread.h"
#include "unorm.h"

#define LINE_MAX_BYTES 2048

/* The section a heading names ("... Section 2(d)(2)(B)(iv) ..."), as "2(d)(2)(B)(iv)". */
static bool heading(const char *s, size_t len, char out[24])
{
    for (size_t i = 0; i + 11 < len; i++) {
        if (strncasecmp(s + i, "2(d)(2)(b)(", 11) != 0)
            continue;
        size_t j = i + 11, k = 0;
        char roman[8];
        while (j < len && k < sizeof roman - 1 && strchr("ivxIVX", s[j]))
            roman[k++] = (char)tolower((unsigned char)s[j++]);
        roman[k] = '\0';
        if (!k || j >= len || s[j] != ')')
            return false;
        snprintf(out, 24, "2(d)(2)(B)(%s)", roman);
        return true;
    }
    return false;
}

static bool contains(const char *s, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= len; i++)
        if (strncasecmp(s + i, needle, n) == 0)
            return true;
    return false;
}

/* Page furniture of the printed Federal Register, never part of a name. */
static bool furniture(const char *s, size_t len)
{
    bool digits = true;
    for (size_t i = 0; i < len; i++)
        digits = digits && (isdigit((unsigned char)s[i]) || s[i] == ' ');
    return digits || contains(s, len, "Federal Register /") || contains(s, len, "VerDate") ||
           contains(s, len, "BILLING CODE") || contains(s, len, "Jkt ");
}

/* A column header of the appendix tables. */
static bool column_header(const char *s, size_t len)
{
    return contains(s, len, "effective date") || (len <= 16 && (contains(s, len, "entity name") ||
                                                                contains(s, len, "name of entity")));
}

/* Copy s into b with leaders (runs of two or more dots), '|' and tabs made spaces. */
static void unlead(const char *s, size_t len, char *b)
{
    for (size_t i = 0; i < len; i++) {
        bool run = s[i] == '.' && ((i + 1 < len && s[i + 1] == '.') || (i && s[i - 1] == '.'));
        b[i] = run || s[i] == '|' || s[i] == '\t' ? ' ' : s[i];
    }
}

/* The effective date that ends the line b[0..len): offset where it starts, or -1. */
static long date_at_end(const char *b, size_t len, fl_pdate *d)
{
    /* the last three words ("June 21, 2022"), else the last one (6/21/2022, 2022-06-21) */
    for (int words = 3; words >= 1; words -= 2) {
        size_t i = len;
        int seen = 0;
        while (i > 0 && seen < words) {
            while (i > 0 && isspace((unsigned char)b[i - 1]))
                i--;
            while (i > 0 && !isspace((unsigned char)b[i - 1]))
                i--;
            seen++;
        }
        /* an effective date is a day: a lone "2026" ending a name is no date */
        if (seen == words && fl_list_date(b + i, len - i, d) && d->from == d->to)
            return (long)i;
    }
    return -1;
}

typedef struct frctx {
    fl_lreader *r;
    char section[24];
    bool in_section, after_heading, done;
    char pending[LINE_MAX_BYTES];
    size_t n_pending;
    uint64_t pending_line;
} frctx;

static void add_entity(frctx *c, const char *name, size_t n, uint64_t line, fl_pdate when)
{
    fl_lreader *r = c->r;
    const char *text = fl_lr_str(r, name, n);
    fl_lname *parts = NULL;
    size_t np = text ? fl_lname_dhs(&r->l->arena, text, &parts) : 0;
    const char *section = fl_lr_str(r, c->section, strlen(c->section));
    if (!np || !*parts[0].name) {
        fl_lr_error(r, line, 1, "no entity name before the date");
        return;
    }
    for (size_t i = 0; i < np; i++) {
        if (!*parts[i].name)
            continue;
        fl_list_entry *e = fl_lr_entry(r, line, 1);
        if (!e)
            return;
        e->parts = &parts[i];
        e->n_parts = 1;
        fl_lr_push(r, &e->names, &e->n_names, parts[i].name);
        for (size_t k = 0; k < parts[i].n_aliases; k++)
            fl_lr_push(r, &e->aliases, &e->n_aliases, parts[i].aliases[k]);
        e->note = parts[i].note;
        e->section = section;
        e->listed = when;
        e->current = true;
    }
    fl_lr_seen(r, when.to);
}

static void flush_pending(frctx *c)
{
    if (c->n_pending)
        fl_lr_error(c->r, c->pending_line, 1, "'%.*s' has no effective date",
                    (int)(c->n_pending > 80 ? 80 : c->n_pending), c->pending);
    c->n_pending = 0;
}

/* A line without a date: a heading's second line, a column header, or part of a name. */
static void undated(frctx *c, const char *s, size_t len, uint64_t line)
{
    if (column_header(s, len)) {
        c->after_heading = false;
        return;
    }
    if (c->after_heading || furniture(s, len))
        return;
    if (c->n_pending + len + 2 > sizeof c->pending) {
        fl_lr_error(c->r, line, 1, "entity name longer than %zu bytes", sizeof c->pending - 2);
        c->n_pending = 0;
        return;
    }
    if (!c->n_pending)
        c->pending_line = line;
    else
        c->pending[c->n_pending++] = ' ';
    memcpy(c->pending + c->n_pending, s, len);
    c->n_pending += len;
}

static void on_line(frctx *c, const char *s, size_t len, uint64_t line)
{
    while (len && isspace((unsigned char)s[len - 1]))
        len--;
    while (len && isspace((unsigned char)*s))
        s++, len--;
    if (!len || c->done)
        return;
    if (len >= LINE_MAX_BYTES) {
        fl_lr_error(c->r, line, 1, "line longer than %d bytes", LINE_MAX_BYTES - 1);
        return;
    }
    const char *nul = memchr(s, '\0', len);
    if (nul) {
        fl_lr_error(c->r, line, (int)(nul - s) + 1, "a NUL byte: not text");
        return;
    }
    char sec[24];
    if (heading(s, len, sec)) {
        /* a heading's first lines ("Entities working with ...") are no name */
        if (c->n_pending >= 8 && (strncasecmp(c->pending, "entities", 8) == 0 ||
                                  strncasecmp(c->pending, "facilities", 10) == 0 ||
                                  strncasecmp(c->pending, "list of", 7) == 0))
            c->n_pending = 0;
        flush_pending(c);
        memcpy(c->section, sec, sizeof sec);
        c->in_section = c->after_heading = true;
        return;
    }
    if (!c->in_section)
        return; /* the notice's text before the appendix */
    if (contains(s, len, "[FR Doc")) {
        flush_pending(c);
        c->done = true; /* the end of the notice */
        return;
    }
    char b[LINE_MAX_BYTES];
    unlead(s, len, b);
    fl_pdate when;
    long at = date_at_end(b, len, &when);
    if (at < 0) {
        undated(c, s, len, line);
        return;
    }
    c->after_heading = false;
    size_t n = (size_t)at;
    while (n && isspace((unsigned char)b[n - 1]))
        n--;
    char name[LINE_MAX_BYTES * 2];
    size_t bn = 0;
    if (c->n_pending) {
        memcpy(name, c->pending, c->n_pending);
        bn = c->n_pending;
        if (n)
            name[bn++] = ' ';
    }
    memcpy(name + bn, b, n);
    bn += n;
    uint64_t first = c->n_pending ? c->pending_line : line;
    c->n_pending = 0;
    if (!bn) {
        fl_lr_error(c->r, line, 1, "a date with no entity name before it");
        return;
    }
    add_entity(c, name, bn, first, when);
}

fl_status fl_lr_fr(fl_lreader *r, const char *data, size_t len)
{
    if (!fl_utf8_valid(data, len)) {
        fl_lr_error(r, 1, 0, "not UTF-8 text; save the appendix as UTF-8 text");
        return FL_OK;
    }
    frctx c;
    memset(&c, 0, sizeof c);
    c.r = r;
    uint64_t line = 1;
    size_t i = 0;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    /* A whole notice mentions sections in its prose: then only what follows the line that
       opens the appendix ("Appendix", "Appendix-UFLPA Entity List") is read. */
    for (size_t k = i, ln = 1; k < len; ln++) {
        const char *nl = memchr(data + k, '\n', len - k);
        size_t j = nl ? (size_t)(nl - data) : len;
        size_t b = k;
        while (b < j && isspace((unsigned char)data[b]))
            b++;
        if (j - b >= 8 && strncasecmp(data + b, "appendix", 8) == 0) {
            i = j + 1;
            line = ln + 1;
            break;
        }
        k = j + 1;
    }
    while (i < len && !r->oom && !r->too_many) {
        const char *nl = memchr(data + i, '\n', len - i);
        size_t j = nl ? (size_t)(nl - data) : len;
        on_line(&c, data + i, j - i, line++);
        i = j + 1;
    }
    flush_pending(&c);
    if (!c.in_section)
        fl_lr_error(r, 1, 0, "no UFLPA section heading (\"... Section 2(d)(2)(B)(i) ...\"): is "
                    "this the Entity List appendix of a Federal Register notice?");
    return FL_OK;
}
