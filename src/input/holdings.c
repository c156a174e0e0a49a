/* holdings.c - portfolio holdings; see holdings.h. */
#include "holdings.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "csvread.h"
#include "diag.h"
#include "fieldmap.h"
#include "unorm.h"

/* The holding column is the only one required (holdings.h). */
enum col { C_HOLDING, C_ALIASES, C_ISIN, C_TICKER, C_WEIGHT, C_COUNT };

static const char *const col_names[C_COUNT] = {"holding", "importer_aliases", "isin", "ticker",
                                               "weight"};

#define ALIASES 10 /* the longest list below, NULL-padded */
static const char *const col_aliases[C_COUNT][ALIASES] = {
    [C_HOLDING] = {"holding", "holdingname", "company", "companyname", "issuer", "issuername",
                   "nameissuer", "securityname", "security", "name"},
    [C_ALIASES] = {"importeraliases", "importers", "aliases", "importernames", "consigneenames",
                   "consignees", "importer"},
    [C_ISIN] = {"isin", "isincode"},
    [C_TICKER] = {"ticker", "tickersymbol", "symbol"},
    [C_WEIGHT] = {"weight", "portfolioweight", "weightpct", "weightpercent", "pct", "percent",
                  "share", "ofnetassets", "percentofnetassets", "ofportfolio"},
};

/* Weights written without '%' that add up to more than this are percentages. */
#define PLAIN_PERCENT 1.5

struct fl_holdings {
    fl_arena arena;
    char *path;        /* as given, for messages while it is read */
    fl_file_read file; /* path, size and SHA-256 once read (fl_mapped_read) */
    fl_holding *v;
    size_t n, cap;
};

typedef struct loader {
    fl_holdings *h;
    const fl_dq_sink *dq; /* where data-quality issues go (borrowed; may be NULL) */
    int col[C_COUNT];
    fl_mapped m;
    bool any_percent;
    double sum, plain_sum; /* all weights; those written without '%' */
    bool *plain;           /* per holding: its weight was written without '%' */
    size_t plain_cap;
} loader;

static fl_slice trim(fl_slice s)
{
    while (s.len && (s.ptr[0] == ' ' || s.ptr[0] == '\t'))
        s.ptr++, s.len--;
    while (s.len && (s.ptr[s.len - 1] == ' ' || s.ptr[s.len - 1] == '\t' ||
                     s.ptr[s.len - 1] == '\r' || s.ptr[s.len - 1] == '\n'))
        s.len--;
    return s;
}

static fl_status issue(loader *l, uint64_t line, uint64_t record, const char *field, fl_slice value,
                       const char *reason, bool rejected)
{
    return fl_dq_add(l->dq, l->h->path, line, record, field, value.ptr, value.len, reason,
                     rejected);
}

bool fl_isin_valid(const char *s, size_t len)
{
    if (len != 12)
        return false;
    for (size_t i = 0; i < 2; i++)
        if (s[i] < 'A' || s[i] > 'Z')
            return false;
    for (size_t i = 2; i < 11; i++)
        if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9')))
            return false;
    if (s[11] < '0' || s[11] > '9')
        return false;
    /* Letters become two digits (A = 10 ... Z = 35); Luhn over the digit string, the check
     * digit included, from the right. */
    int digits[24];
    size_t n = 0;
    for (size_t i = 0; i < 12; i++) {
        if (s[i] >= 'A') {
            int v = s[i] - 'A' + 10;
            digits[n++] = v / 10;
            digits[n++] = v % 10;
        } else {
            digits[n++] = s[i] - '0';
        }
    }
    int sum = 0;
    for (size_t k = 0; k < n; k++) {
        int d = digits[n - 1 - k];
        if (k % 2 == 1) {
            d *= 2;
            if (d > 9)
                d -= 9;
        }
        sum += d;
    }
    return sum % 10 == 0;
}

/* "0.125", "12.5%", " 0,125 " (decimal comma) -> the number, a fraction when written with
   '%' (*percent set); false when not a number >= 0. */
static bool parse_weight(fl_slice s, double *out, bool *percent)
{
    char buf[64];
    size_t n = 0;
    *percent = false;
    s = trim(s);
    if (s.len && s.ptr[s.len - 1] == '%') {
        *percent = true;
        s = trim((fl_slice){s.ptr, s.len - 1});
    }
    if (!s.len || s.len >= sizeof buf)
        return false;
    for (size_t i = 0; i < s.len; i++)
        buf[n++] = s.ptr[i] == ',' ? '.' : s.ptr[i];
    buf[n] = '\0';
    char *end;
    double v = strtod(buf, &end);
    if (end == buf || *end || !isfinite(v) || v < 0)
        return false;
    *out = *percent ? v / 100.0 : v;
    return true;
}

static fl_status add_row(const fl_csv_row *row, void *ctx)
{
    loader *l = ctx;
    fl_holdings *h = l->h;
    fl_slice none = {"", 0}, f[C_COUNT];
    char why[200];
    if (row->error)
        return issue(l, row->line, row->index, "", none, row->error, true);
    if (row->n_fields != l->m.n_header) {
        snprintf(why, sizeof why, "ragged row: %zu fields, but the header has %zu; row ignored",
                 row->n_fields, l->m.n_header);
        return issue(l, row->line, row->index, "", none, why, true);
    }
    for (int c = 0; c < C_COUNT; c++) {
        f[c] = l->col[c] >= 0 ? trim(row->fields[l->col[c]]) : none;
        if (f[c].len && !fl_utf8_valid(f[c].ptr, f[c].len))
            return issue(l, row->line, row->index, col_names[c], none, "invalid UTF-8; row ignored",
                         true);
    }
    if (!f[C_HOLDING].len)
        return issue(l, row->line, row->index, "holding", f[C_ALIASES],
                     "no holding name; row ignored", true);
    /* room for each alias, or for the holding's own name when there is none */
    const char **aliases = fl_arena_alloc(&h->arena, (f[C_ALIASES].len + 2) * sizeof *aliases);
    if (!aliases)
        return FL_ERR_NOMEM;
    size_t na = 0, start = 0;
    for (size_t i = 0; i <= f[C_ALIASES].len; i++) {
        if (i < f[C_ALIASES].len && f[C_ALIASES].ptr[i] != '|' && f[C_ALIASES].ptr[i] != ';')
            continue;
        fl_slice a = trim((fl_slice){f[C_ALIASES].ptr + start, i - start});
        start = i + 1;
        if (a.len && !(aliases[na++] = fl_arena_strndup(&h->arena, a.ptr, a.len)))
            return FL_ERR_NOMEM;
    }
    if (!fl_grow((void **)&h->v, &h->cap, h->n + 1, sizeof *h->v) ||
        !fl_grow((void **)&l->plain, &l->plain_cap, h->n + 1, sizeof *l->plain))
        return FL_ERR_NOMEM;
    fl_holding *x = &h->v[h->n];
    memset(x, 0, sizeof *x);
    x->line = row->line;
    x->name = fl_arena_strndup(&h->arena, f[C_HOLDING].ptr, f[C_HOLDING].len);
    x->isin = fl_arena_strndup(&h->arena, f[C_ISIN].ptr, f[C_ISIN].len);
    x->ticker = fl_arena_strndup(&h->arena, f[C_TICKER].ptr, f[C_TICKER].len);
    if (!x->name || !x->isin || !x->ticker)
        return FL_ERR_NOMEM;
    x->by_name = na == 0;
    if (x->by_name)
        aliases[na++] = x->name;
    x->aliases = aliases;
    x->n_aliases = na;
    l->plain[h->n] = false;
    h->n++;
    fl_status st = FL_OK;
    if (x->by_name && l->col[C_ALIASES] >= 0)
        st = issue(l, row->line, row->index, "importer_aliases", f[C_HOLDING],
                   "no importer names: the holding's own name is matched against the importers",
                   false);
    if (f[C_ISIN].len && !fl_isin_valid(f[C_ISIN].ptr, f[C_ISIN].len))
        st = issue(l, row->line, row->index, "isin", f[C_ISIN],
                   "not a valid ISIN (2 letters, 9 letters or digits, a check digit): kept as "
                   "written",
                   false);
    bool pct;
    if (st == FL_OK && l->col[C_WEIGHT] >= 0) {
        if (parse_weight(f[C_WEIGHT], &x->weight, &pct)) {
            l->any_percent |= pct;
            l->plain[h->n - 1] = !pct;
            if (!pct)
                l->plain_sum += x->weight;
        } else {
            x->weight = 0;
            st = issue(l, row->line, row->index, "weight", f[C_WEIGHT],
                       "weight is not a number >= 0: taken as 0", false);
        }
    }
    return st;
}

fl_status fl_holdings_load(const char *path, const fl_dq_sink *dq, fl_holdings **out)
{
    *out = NULL;
    fl_holdings *h = calloc(1, sizeof *h);
    if (!h)
        return FL_ERR_NOMEM;
    loader l;
    memset(&l, 0, sizeof l);
    l.h = h;
    l.dq = dq;
    l.m = (fl_mapped){&col_aliases[0][0],
                      ALIASES,
                      col_names,
                      C_COUNT,
                      C_HOLDING + 1,
                      "a holding (or Name/Issuer) column",
                      l.col,
                      0,
                      {NULL, 0, ""}};
    h->path = fl_arena_strdup(&h->arena, path);
    fl_status st = FL_ERR_NOMEM;
    if (!h->path)
        goto fail;
    st = fl_mapped_read(h->path, &l.m, add_row, &l);
    if (st != FL_OK)
        goto fail;
    h->file = l.m.file;
    /* Numbers without '%' are fractions of 1 when they could be ("0.125"), percentages when
       they add up to more ("Weight (%)": 12.5); the score is a weighted mean, the same for
       either. */
    for (size_t i = 0; i < h->n; i++) {
        if (l.plain_sum > PLAIN_PERCENT && l.plain[i])
            h->v[i].weight /= 100.0;
        l.sum += h->v[i].weight;
    }
    if (l.plain_sum > PLAIN_PERCENT)
        l.any_percent = true;
    if (l.col[C_WEIGHT] >= 0 && h->n && fabs(l.sum - 1.0) > 0.001) {
        char why[200];
        snprintf(why, sizeof why,
                 "the weights sum to %.4f, not 1%s: the portfolio score is a weighted mean, "
                 "so it is the same as with weights scaled to 1",
                 l.sum, l.any_percent ? " (100%)" : "");
        st = issue(&l, 0, 0, "weight", (fl_slice){"", 0}, why, false);
        if (st != FL_OK)
            goto fail;
    }
    free(l.plain);
    *out = h;
    return FL_OK;
fail:
    free(l.plain);
    fl_holdings_free(h);
    return st;
}

void fl_holdings_free(fl_holdings *h)
{
    if (!h)
        return;
    free(h->v);
    fl_arena_free(&h->arena);
    free(h);
}

size_t fl_holdings_count(const fl_holdings *h)
{
    return h ? h->n : 0;
}

const fl_holding *fl_holdings_get(const fl_holdings *h, size_t i)
{
    return h && i < h->n ? &h->v[i] : NULL;
}

const fl_file_read *fl_holdings_file(const fl_holdings *h)
{
    return &h->file;
}
