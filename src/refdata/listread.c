/* listread.c - what every list reader shares: formats and kinds, dates, entries and
   messages; see listsrc.h (public) and listread.h (the readers'). */
#include "listread.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "diag.h"

typedef struct fmtdef {
    const char *name;
    fl_list_kind kind;
    bool complete;
    const char *help;
} fmtdef;

static const fmtdef formats[FL_LF_COUNT] = {
    [FL_LF_DOL_GOODS] = {"dol-goods", FL_LK_TVPRA, true,
                         "DOL List of Goods (TVPRA), Excel download saved as CSV"},
    [FL_LF_DOL_EO] = {"dol-eo", FL_LK_EO13126, true, "DOL E.O. 13126 List of Products as CSV"},
    [FL_LF_DHS_UFLPA] = {"dhs-uflpa", FL_LK_UFLPA, true,
                         "DHS UFLPA Entity List page tables saved as CSV"},
    [FL_LF_FR_UFLPA] = {"fr-uflpa", FL_LK_UFLPA, true,
                        "UFLPA Entity List appendix of a Federal Register notice, as text"},
    [FL_LF_CBP_WRO] = {"cbp-wro", FL_LK_WRO, true,
                       "CBP Withhold Release Orders and Findings list, CSV download"},
    [FL_LF_FTM] = {"ftm", FL_LK_NONE, true,
                   "OpenSanctions FollowTheMoney JSON lines (us_dhs_uflpa, us_cbp_forced_labor)"},
    [FL_LF_REF_TVPRA] = {"ref-tvpra", FL_LK_TVPRA, false,
                         "the project's reference table tvpra_goods.csv"},
    [FL_LF_REF_UFLPA] = {"ref-uflpa", FL_LK_UFLPA, false,
                         "the project's reference table uflpa_entity_list.csv"},
    [FL_LF_REF_WRO] = {"ref-wro", FL_LK_WRO, false, "the project's reference table cbp_wro.csv"},
};

const char *fl_list_format_str(fl_list_format f)
{
    return f < FL_LF_COUNT ? formats[f].name : NULL;
}

bool fl_list_format_parse(const char *s, fl_list_format *out)
{
    for (int f = 0; s && f < FL_LF_COUNT; f++)
        if (strcmp(s, formats[f].name) == 0) {
            *out = (fl_list_format)f;
            return true;
        }
    return false;
}

fl_list_kind fl_list_format_kind(fl_list_format f)
{
    return f < FL_LF_COUNT ? formats[f].kind : FL_LK_NONE;
}

bool fl_list_format_complete(fl_list_format f)
{
    return f < FL_LF_COUNT && formats[f].complete;
}

const char *fl_list_format_help(fl_list_format f)
{
    return f < FL_LF_COUNT ? formats[f].help : "";
}

const char *fl_list_kind_str(fl_list_kind k)
{
    switch (k) {
    case FL_LK_TVPRA:
        return "TVPRA List of Goods";
    case FL_LK_EO13126:
        return "E.O. 13126 List of Products";
    case FL_LK_UFLPA:
        return "UFLPA Entity List";
    case FL_LK_WRO:
        return "CBP Withhold Release Orders and Findings";
    default:
        return "list";
    }
}

/* ---- dates ------------------------------------------------------------------------------- */

static unsigned days_in(unsigned y, unsigned m)
{
    static const unsigned d[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : d[m - 1];
}

static bool set_day(fl_pdate *o, unsigned y, unsigned m, unsigned d)
{
    if (!fl_date_valid(y, m, d))
        return false;
    o->from = o->to = y * 10000u + m * 100u + d;
    return true;
}

static int month_of(const char *w, size_t n)
{
    static const char *const names[12] = {"january", "february", "march",     "april",
                                          "may",     "june",     "july",      "august",
                                          "september", "october", "november", "december"};
    if (n && w[n - 1] == '.')
        n--;
    if (n < 3)
        return 0;
    for (int m = 0; m < 12; m++) {
        size_t full = strlen(names[m]);
        /* "Jun", "June", "Sept", "September" */
        if (n <= full && strncasecmp(w, names[m], n) == 0 && (n == 3 || n == full || n == 4))
            return m + 1;
    }
    return 0;
}

/* "June 21, 2022", "Jun. 21 2022", "21 June 2022". */
static bool words_date(const char *s, size_t len, fl_pdate *o)
{
    const char *tok[3];
    size_t tn[3], n = 0, i = 0;
    while (i < len && n <= 3) {
        while (i < len && (isspace((unsigned char)s[i]) || s[i] == ','))
            i++;
        if (i == len)
            break;
        size_t j = i;
        while (j < len && !isspace((unsigned char)s[j]) && s[j] != ',')
            j++;
        if (n == 3)
            return false;
        tok[n] = s + i;
        tn[n++] = j - i;
        i = j;
    }
    if (n != 3)
        return false;
    int mi = isalpha((unsigned char)tok[0][0]) ? 0 : 1;
    int di = mi == 0 ? 1 : 0;
    int m = month_of(tok[mi], tn[mi]);
    if (!m || tn[di] > 2 || tn[2] != 4)
        return false;
    unsigned d = 0, y = 0;
    for (size_t k = 0; k < tn[di]; k++) {
        if (!isdigit((unsigned char)tok[di][k]))
            return false;
        d = d * 10 + (unsigned)(tok[di][k] - '0');
    }
    for (size_t k = 0; k < 4; k++) {
        if (!isdigit((unsigned char)tok[2][k]))
            return false;
        y = y * 10 + (unsigned)(tok[2][k] - '0');
    }
    return set_day(o, y, (unsigned)m, d);
}

/* The number written by the n bytes at s (all digits: the caller checked). */
static unsigned digits(const char *s, size_t n)
{
    unsigned v = 0;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + (unsigned)(s[i] - '0');
    return v;
}

bool fl_list_date(const char *s, size_t len, fl_pdate *out)
{
    out->from = out->to = 0;
    while (len && isspace((unsigned char)*s))
        s++, len--;
    while (len && isspace((unsigned char)s[len - 1]))
        len--;
    if (!len || len > 40)
        return false;
    bool digits_dash = true;
    for (size_t i = 0; i < len; i++)
        digits_dash = digits_dash && (isdigit((unsigned char)s[i]) || s[i] == '-');
    if (digits_dash && (len == 4 || len == 7)) {
        unsigned y = digits(s, 4), m = len == 7 ? digits(s + 5, 2) : 0;
        if ((len == 7 && (s[4] != '-' || m < 1 || m > 12)) || s[0] == '-' || s[1] == '-' ||
            s[2] == '-' || s[3] == '-' || (len == 7 && (s[5] == '-' || s[6] == '-')))
            return false;
        if (y < 1900 || y > 2999)
            return false;
        out->from = y * 10000u + (m ? m : 1) * 100u + 1;
        out->to = y * 10000u + (m ? m : 12) * 100u + days_in(y, m ? m : 12);
        return true;
    }
    if (digits_dash && len == 10) {
        fl_date d = fl_date_parse_iso(s, len);
        out->from = out->to = d;
        return d != 0;
    }
    if (memchr(s, '/', len)) {
        fl_date d = fl_date_parse_any(s, len);
        out->from = out->to = d;
        return d != 0;
    }
    return words_date(s, len, out);
}

/* ---- shared reader helpers --------------------------------------------------------------- */

void fl_lr_error(fl_lreader *r, uint64_t line, int col, const char *fmt, ...)
{
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (col > 0)
        fl_error("%s:%llu:%d: %s", r->name, (unsigned long long)line, col, msg);
    else
        fl_error("%s:%llu: %s", r->name, (unsigned long long)line, msg);
    r->errors++;
}

fl_list_entry *fl_lr_entry(fl_lreader *r, uint64_t line, int col)
{
    fl_list *l = r->l;
    if (l->n >= FL_LIST_MAX_ENTRIES) {
        if (!r->too_many)
            fl_lr_error(r, line, 0, "more than %u entries (the import entry cap); is this a list "
                        "export?", FL_LIST_MAX_ENTRIES);
        r->too_many = true;
        return NULL;
    }
    if (!fl_grow((void **)&l->v, &l->cap, l->n + 1, sizeof *l->v)) {
        r->oom = true;
        return NULL;
    }
    fl_list_entry *e = &l->v[l->n++];
    memset(e, 0, sizeof *e);
    e->line = line;
    e->col = col;
    e->country_text = "";
    return e;
}

const char *fl_lr_str(fl_lreader *r, const char *s, size_t len)
{
    while (len && isspace((unsigned char)*s))
        s++, len--;
    while (len && isspace((unsigned char)s[len - 1]))
        len--;
    char *p = fl_arena_strndup(&r->l->arena, s, len);
    if (!p)
        r->oom = true;
    return p;
}

bool fl_lr_push(fl_lreader *r, const char ***v, size_t *n, const char *s)
{
    if (!s || !*s)
        return s != NULL;
    for (size_t i = 0; i < *n; i++)
        if (strcmp((*v)[i], s) == 0)
            return true;
    const char **nv = fl_arena_alloc(&r->l->arena, (*n + 1) * sizeof *nv);
    if (!nv) {
        r->oom = true;
        return false;
    }
    if (*n)
        memcpy(nv, *v, *n * sizeof *nv);
    nv[(*n)++] = s;
    *v = nv;
    return true;
}

bool fl_lr_country(fl_lreader *r, const char *s, size_t len, char cc[3])
{
    while (len && isspace((unsigned char)*s))
        s++, len--;
    while (len && isspace((unsigned char)s[len - 1]))
        len--;
    if (!len)
        return false;
    if (len == 2 && isalpha((unsigned char)s[0]) && isalpha((unsigned char)s[1])) {
        char code[3] = {(char)toupper((unsigned char)s[0]), (char)toupper((unsigned char)s[1]), 0};
        if (fl_country_valid(r->countries, code)) {
            memcpy(cc, code, 3);
            return true;
        }
    }
    return fl_country_lookup(r->countries, s, len, cc);
}

void fl_lr_seen(fl_lreader *r, fl_date d)
{
    if (d > r->l->newest)
        r->l->newest = d;
}

