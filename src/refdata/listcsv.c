/* listcsv.c - the CSV-shaped list exports (DOL, DHS, CBP, the reference tables); see
   listsrc.h for the columns of each. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csvread.h"
#include "listread.h"
#include "unorm.h"
#include "vocab.h"

#define MAXCOLS 12

/* A column and the header names it goes by (folded: lower case, letters, digits, '/'). */
typedef struct colspec {
    const char *names[5];
    bool required;
} colspec;

typedef struct csvctx csvctx;
typedef void (*row_fn)(csvctx *c, const fl_slice *cells, const int *colno, uint64_t line);

typedef struct csvfmt {
    const colspec *cols;
    size_t n;
    row_fn row;
} csvfmt;

struct csvctx {
    fl_lreader *r;
    const csvfmt *fmt;
    int map[MAXCOLS]; /* field index of each column, -1 when absent */
    size_t n_header;
    bool stop;
};

/* ---- helpers ----------------------------------------------------------------------------- */

static void fold_header(fl_slice h, char *out, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < h.len && n + 1 < cap; i++) {
        unsigned char ch = (unsigned char)h.ptr[i];
        if (isalnum(ch) || ch == '/')
            out[n++] = (char)tolower(ch);
    }
    out[n] = '\0';
}

static fl_slice trimmed(fl_slice s)
{
    while (s.len && isspace((unsigned char)s.ptr[0]))
        s.ptr++, s.len--;
    while (s.len && isspace((unsigned char)s.ptr[s.len - 1]))
        s.len--;
    return s;
}

static bool is(fl_slice s, const char *word)
{
    s = trimmed(s);
    return s.len == strlen(word) && strncasecmp(s.ptr, word, s.len) == 0;
}

static const char *str(csvctx *c, fl_slice s)
{
    return fl_lr_str(c->r, s.ptr, s.len);
}

/* A mark column: X / Yes / Y / True / 1 (or a check mark) set, empty / No / N / False / 0 / -
   not. -1 when it is neither. */
static int mark(fl_slice s)
{
    static const char *const yes[] = {"x", "yes", "y", "true", "1", "\xe2\x9c\x93", "\xe2\x9c\x94"};
    static const char *const no[] = {"", "no", "n", "false", "0", "-"};
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
        if (is(s, yes[i]))
            return 1;
    for (size_t i = 0; i < sizeof no / sizeof *no; i++)
        if (is(s, no[i]))
            return 0;
    return -1;
}

/* Split a cell at sep into trimmed strings pushed to v (" ; " between URLs, ';' between
   aliases). URLs drop a trailing "(comment)". */
static void push_split(csvctx *c, fl_slice cell, char sep, bool urls, const char ***v, size_t *n)
{
    size_t i = 0;
    while (i <= cell.len) {
        size_t j = i;
        while (j < cell.len && cell.ptr[j] != sep)
            j++;
        fl_slice it = trimmed((fl_slice){cell.ptr + i, j - i});
        if (urls) {
            const char *sp = memchr(it.ptr, ' ', it.len);
            if (sp)
                it.len = (size_t)(sp - it.ptr);
            if (!(it.len > 8 && (strncmp(it.ptr, "http://", 7) == 0 ||
                                 strncmp(it.ptr, "https://", 8) == 0)))
                it.len = 0;
        }
        if (it.len)
            fl_lr_push(c->r, v, n, str(c, it));
        i = j + 1;
    }
}

static bool date_cell(csvctx *c, fl_slice s, int col, uint64_t line, fl_pdate *out,
                      bool required)
{
    s = trimmed(s);
    if (!s.len && !required)
        return true;
    if (!fl_list_date(s.ptr, s.len, out)) {
        fl_lr_error(c->r, line, col, "bad date '%.*s'; expected YYYY-MM-DD, MM/DD/YYYY or "
                    "'June 21, 2022'", (int)(s.len > 40 ? 40 : s.len), s.ptr);
        return false;
    }
    fl_lr_seen(c->r, out->to);
    return true;
}

static bool country_cell(csvctx *c, fl_list_entry *e, fl_slice s, int col, uint64_t line,
                         bool required)
{
    s = trimmed(s);
    e->country_text = str(c, s);
    if (!s.len) {
        if (required)
            fl_lr_error(c->r, line, col, "no country");
        return !required;
    }
    if (!fl_lr_country(c->r, s.ptr, s.len, e->cc)) {
        fl_lr_error(c->r, line, col, "unknown country '%.*s'; add it to "
                    "datasets/country_aliases.csv if it is a name of a country",
                    (int)(s.len > 60 ? 60 : s.len), s.ptr);
        return false;
    }
    return true;
}

/* The producers of a name cell into the entry: names, aliases and parts. */
static void set_parts(csvctx *c, fl_list_entry *e, const fl_lname *parts, size_t n)
{
    e->parts = parts;
    e->n_parts = n;
    for (size_t i = 0; i < n; i++) {
        fl_lr_push(c->r, &e->names, &e->n_names, parts[i].name);
        for (size_t k = 0; k < parts[i].n_aliases; k++)
            fl_lr_push(c->r, &e->aliases, &e->n_aliases, parts[i].aliases[k]);
    }
}

/* ---- DOL List of Goods ------------------------------------------------------------------- */

enum { G_GOOD, G_COUNTRY, G_CHILD, G_FORCED, G_TYPE, G_FCL, G_N };
static const colspec goods_cols[G_N] = {
    [G_GOOD] = {{"good", "goods"}, true},
    [G_COUNTRY] = {{"country", "country/area", "countries/areas", "countryarea"}, true},
    [G_CHILD] = {{"childlabor"}, false},
    [G_FORCED] = {{"forcedlabor"}, false},
    [G_TYPE] = {{"exploitationtype", "exploitation", "typeofexploitation"}, false},
    [G_FCL] = {{"forcedchildlabor"}, false},
};

static unsigned labor_text(fl_slice s)
{
    unsigned lab = 0;
    char buf[128];
    size_t n = s.len < sizeof buf - 1 ? s.len : sizeof buf - 1;
    for (size_t i = 0; i < n; i++)
        buf[i] = (char)tolower((unsigned char)s.ptr[i]);
    buf[n] = '\0';
    if (strstr(buf, "forced child labor") || strstr(buf, "forced labor"))
        lab |= FL_LABOR_FORCED;
    if (strstr(buf, "child labor"))
        lab |= FL_LABOR_CHILD;
    return lab;
}

/* The entry a row's key cell starts (its text, trimmed, in *text); NULL after an error that
   names the missing "what", or when the reader cannot take another entry. */
static fl_list_entry *keyed_entry(csvctx *c, fl_slice cell, int col, uint64_t line,
                                  const char *what, fl_slice *text)
{
    *text = trimmed(cell);
    if (!text->len) {
        fl_lr_error(c->r, line, col, "no %s", what);
        return NULL;
    }
    return fl_lr_entry(c->r, line, col);
}

static void goods_row(csvctx *c, const fl_slice *cells, const int *colno, uint64_t line)
{
    fl_slice good;
    fl_list_entry *e = keyed_entry(c, cells[G_GOOD], colno[G_GOOD], line, "good", &good);
    if (!e)
        return;
    e->good = str(c, good);
    e->current = true;
    if (!country_cell(c, e, cells[G_COUNTRY], colno[G_COUNTRY], line, true))
        return;
    if (c->r->l->format == FL_LF_DOL_EO) {
        e->labor = FL_LABOR_FORCED | FL_LABOR_CHILD;
        return;
    }
    if (colno[G_TYPE] && trimmed(cells[G_TYPE]).len) {
        e->labor = labor_text(cells[G_TYPE]);
        if (!e->labor)
            fl_lr_error(c->r, line, colno[G_TYPE], "unknown exploitation type '%.*s'; expected "
                        "Child Labor, Forced Labor or both", (int)cells[G_TYPE].len,
                        cells[G_TYPE].ptr);
        return;
    }
    static const int cols[3] = {G_CHILD, G_FORCED, G_FCL};
    static const unsigned bits[3] = {FL_LABOR_CHILD, FL_LABOR_FORCED,
                                     FL_LABOR_CHILD | FL_LABOR_FORCED};
    for (int k = 0; k < 3; k++) {
        if (!colno[cols[k]])
            continue;
        int m = mark(cells[cols[k]]);
        if (m < 0) {
            fl_lr_error(c->r, line, colno[cols[k]], "'%.*s' is no mark; expected X, Yes or an "
                        "empty cell", (int)(cells[cols[k]].len > 20 ? 20 : cells[cols[k]].len),
                        cells[cols[k]].ptr);
            return;
        }
        if (m)
            e->labor |= bits[k];
    }
    if (!e->labor)
        fl_lr_error(c->r, line, colno[G_GOOD], "'%s' from '%s' is marked for neither child "
                    "labor nor forced labor", e->good, e->country_text);
}

enum { O_PRODUCT, O_COUNTRY, O_N };
static const colspec eo_cols[O_N] = {
    [O_PRODUCT] = {{"product", "good", "products"}, true},
    [O_COUNTRY] = {{"country", "country/area", "countries/areas", "countryarea"}, true},
};

static void eo_row(csvctx *c, const fl_slice *cells, const int *colno, uint64_t line)
{
    fl_slice sub[G_N] = {0};
    int subno[G_N] = {0};
    sub[G_GOOD] = cells[O_PRODUCT];
    subno[G_GOOD] = colno[O_PRODUCT];
    sub[G_COUNTRY] = cells[O_COUNTRY];
    subno[G_COUNTRY] = colno[O_COUNTRY];
    goods_row(c, sub, subno, line);
}

/* ---- DHS UFLPA Entity List page --------------------------------------------------------- */

enum { D_NAME, D_DATE, D_SECTION, D_ADDRESS, D_ALIASES, D_N };
static const colspec dhs_cols[D_N] = {
    [D_NAME] = {{"nameofentity", "entityname", "entity", "name"}, true},
    [D_DATE] = {{"effectivedate", "dateadded", "date"}, true},
    [D_SECTION] = {{"section", "list", "uflpasection"}, false},
    [D_ADDRESS] = {{"address", "addresses"}, false},
    [D_ALIASES] = {{"aliases", "alias"}, false},
};

/* "2(d)(2)(B)(ii)" out of a section cell ("UFLPA Section 2(d)(2)(B)(ii)"), else the cell. */
static const char *section_of(csvctx *c, fl_slice s)
{
    s = trimmed(s);
    for (size_t i = 0; i + 10 <= s.len; i++)
        if (strncasecmp(s.ptr + i, "2(d)(2)(b)(", 11) == 0) {
            size_t j = i + 11;
            while (j < s.len && s.ptr[j] != ')')
                j++;
            if (j < s.len) {
                char *p = fl_arena_printf(&c->r->l->arena, "2(d)(2)(B)(%.*s)",
                                          (int)(j - i - 11), s.ptr + i + 11);
                if (!p)
                    c->r->oom = true;
                return p;
            }
        }
    return s.len ? str(c, s) : NULL;
}

static void dhs_row(csvctx *c, const fl_slice *cells, const int *colno, uint64_t line)
{
    fl_slice name = trimmed(cells[D_NAME]);
    if (!name.len) {
        fl_lr_error(c->r, line, colno[D_NAME], "no entity name");
        return;
    }
    fl_pdate when;
    if (!date_cell(c, cells[D_DATE], colno[D_DATE], line, &when, true))
        return;
    const char *text = str(c, name);
    fl_lname *parts = NULL;
    size_t n = text ? fl_lname_dhs(&c->r->l->arena, text, &parts) : 0;
    if (!n) {
        c->r->oom = true;
        return;
    }
    const char *section = colno[D_SECTION] ? section_of(c, cells[D_SECTION]) : NULL;
    if (!*parts[0].name) {
        fl_lr_error(c->r, line, colno[D_NAME], "no entity name");
        return;
    }
    for (size_t i = 0; i < n; i++) {
        if (!*parts[i].name)
            continue;
        fl_list_entry *e = fl_lr_entry(c->r, line, colno[D_NAME]);
        if (!e)
            return;
        set_parts(c, e, &parts[i], 1);
        e->note = parts[i].note;
        e->section = section;
        e->listed = when;
        e->current = true;
        if (colno[D_ALIASES])
            push_split(c, cells[D_ALIASES], ';', false, &e->aliases, &e->n_aliases);
        if (colno[D_ADDRESS])
            push_split(c, cells[D_ADDRESS], ';', false, &e->addresses, &e->n_addresses);
    }
}

/* ---- CBP Withhold Release Orders and Findings --------------------------------------------- */

enum { W_ENTITY, W_COUNTRY, W_DATE, W_STATUS, W_KIND, W_GOODS, W_PRESS, W_REMARKS, W_CODE, W_N };
static const colspec cbp_cols[W_N] = {
    [W_ENTITY] = {{"entity", "entities"}, true},
    [W_COUNTRY] = {{"country"}, true},
    [W_DATE] = {{"effectivedate", "date", "dateissued"}, true},
    [W_STATUS] = {{"status"}, true},
    [W_KIND] = {{"wro/finding", "type", "action"}, false},
    [W_GOODS] = {{"industry", "merchandise", "product", "products"}, false},
    [W_PRESS] = {{"pressrelease", "source", "url", "link"}, false},
    [W_REMARKS] = {{"remarks", "statusnotes", "notes"}, false},
    [W_CODE] = {{"countrycode"}, false},
};

static bool cbp_country(csvctx *c, fl_list_entry *e, const fl_slice *cells, const int *colno,
                        uint64_t line)
{
    fl_slice s = trimmed(cells[W_COUNTRY]);
    e->country_text = str(c, s);
    bool vessel = false;
    for (size_t i = 0; i + 6 <= s.len && !vessel; i++)
        vessel = strncasecmp(s.ptr + i, "vessel", 6) == 0;
    if (!s.len || vessel)
        return true; /* fishing vessels: no country */
    if (fl_lr_country(c->r, s.ptr, s.len, e->cc))
        return true;
    fl_slice code = trimmed(cells[W_CODE]);
    if (colno[W_CODE] && fl_lr_country(c->r, code.ptr, code.len, e->cc))
        return true;
    fl_lr_error(c->r, line, colno[W_COUNTRY], "unknown country '%.*s'; add it to "
                "datasets/country_aliases.csv if it is a name of a country", (int)s.len, s.ptr);
    return false;
}

static void cbp_row(csvctx *c, const fl_slice *cells, const int *colno, uint64_t line)
{
    fl_slice ent;
    fl_list_entry *e = keyed_entry(c, cells[W_ENTITY], colno[W_ENTITY], line, "entity", &ent);
    if (!e || !cbp_country(c, e, cells, colno, line) ||
        !date_cell(c, cells[W_DATE], colno[W_DATE], line, &e->listed, true))
        return;
    fl_slice st = trimmed(cells[W_STATUS]);
    e->current = true;
    if (is(st, "active"))
        ;
    else if (is(st, "partially active"))
        e->note = "partially active";
    else if (is(st, "inactive") || is(st, "revoked") || is(st, "modified") || is(st, "lifted"))
        e->ended = true;
    else {
        fl_lr_error(c->r, line, colno[W_STATUS], "unknown status '%.*s'; expected Active, "
                    "Partially Active or Inactive", (int)(st.len > 30 ? 30 : st.len), st.ptr);
        return;
    }
    const char *text = str(c, ent);
    fl_lname *parts = NULL;
    size_t n = text ? fl_lname_order(&c->r->l->arena, text, &parts) : 0;
    set_parts(c, e, parts, n);
    if (!e->n_names)
        fl_lr_push(c->r, &e->names, &e->n_names, text);
    fl_slice kind = trimmed(cells[W_KIND]);
    e->order = kind.len ? str(c, kind) : NULL;
    fl_slice goods = trimmed(cells[W_GOODS]);
    e->goods_text = goods.len ? str(c, goods) : NULL;
    fl_slice rem = trimmed(cells[W_REMARKS]);
    if (rem.len && !is(rem, "n/a"))
        e->note = e->note ? fl_arena_printf(&c->r->l->arena, "%s; %.*s", e->note, (int)rem.len,
                                            rem.ptr)
                          : str(c, rem);
    if (colno[W_PRESS])
        push_split(c, cells[W_PRESS], ' ', true, &e->urls, &e->n_urls);
}

/* ---- the project's reference tables ----------------------------------------------------- */

enum { RT_COUNTRY, RT_GOOD, RT_CHILD, RT_FORCED, RT_URL, RT_DOWN, RT_N };
static const colspec reft_cols[RT_N] = {
    [RT_COUNTRY] = {{"country"}, true},
    [RT_GOOD] = {{"good"}, true},
    [RT_CHILD] = {{"childlabor"}, true},
    [RT_FORCED] = {{"forcedlabor"}, true},
    [RT_URL] = {{"sourceurl"}, false},
    [RT_DOWN] = {{"downstreamof"}, false},
};

static void reft_row(csvctx *c, const fl_slice *cells, const int *colno, uint64_t line)
{
    if (trimmed(cells[RT_DOWN]).len) {
        c->r->l->skipped++; /* a downstream good: not a country x good pair */
        return;
    }
    fl_slice good;
    fl_list_entry *e = keyed_entry(c, cells[RT_GOOD], colno[RT_GOOD], line, "good", &good);
    if (!e || !country_cell(c, e, cells[RT_COUNTRY], colno[RT_COUNTRY], line, true))
        return;
    e->good = str(c, good);
    for (int k = RT_CHILD; k <= RT_FORCED; k++) {
        int m = mark(cells[k]);
        if (m < 0) {
            fl_lr_error(c->r, line, colno[k], "expected yes, no or empty, not '%.*s'",
                        (int)(cells[k].len > 20 ? 20 : cells[k].len), cells[k].ptr);
            return;
        }
        if (m)
            e->labor |= k == RT_CHILD ? FL_LABOR_CHILD : FL_LABOR_FORCED;
    }
    push_split(c, cells[RT_URL], ';', true, &e->urls, &e->n_urls);
}

enum { RU_NAME, RU_ALIASES, RU_DATE, RU_SECTION, RU_URL, RU_BATCH, RU_NOTE, RU_N };
static const colspec refu_cols[RU_N] = {
    [RU_NAME] = {{"entityname"}, true},
    [RU_ALIASES] = {{"aliases"}, true},
    [RU_DATE] = {{"dateadded"}, true},
    [RU_SECTION] = {{"listsection"}, false},
    [RU_URL] = {{"sourceurl"}, false},
    [RU_BATCH] = {{"batch"}, false},
    [RU_NOTE] = {{"note"}, false},
};

static void refu_row(csvctx *c, const fl_slice *cells, const int *colno, uint64_t line)
{
    fl_slice raw;
    fl_list_entry *e = keyed_entry(c, cells[RU_NAME], colno[RU_NAME], line, "entity name", &raw);
    if (!e || !date_cell(c, cells[RU_DATE], colno[RU_DATE], line, &e->listed, false))
        return;
    fl_arena *a = &c->r->l->arena;
    /* "NAME and subsidiaries": the name (as the rule builder reads it) */
    static const char subs[] = " and subsidiaries";
    bool with_subs = raw.len > sizeof subs &&
                     strncasecmp(raw.ptr + raw.len - (sizeof subs - 1), subs, sizeof subs - 1) == 0;
    if (with_subs)
        raw = trimmed((fl_slice){raw.ptr, raw.len - (sizeof subs - 1)});
    const char *name, *alias, *note;
    if (!fl_lname_paren(a, raw.ptr, raw.len, &name, &alias, &note)) {
        c->r->oom = true;
        return;
    }
    fl_lr_push(c->r, &e->names, &e->n_names, name);
    if (alias)
        fl_lr_push(c->r, &e->aliases, &e->n_aliases, alias);
    e->note = with_subs ? "listed with its subsidiaries" : note;
    /* the aliases cell: ';'-separated, each "Name (X)" like the name; "(...)" is a note */
    fl_slice al = cells[RU_ALIASES];
    size_t i = 0;
    while (i <= al.len) {
        size_t j = i;
        while (j < al.len && al.ptr[j] != ';')
            j++;
        fl_slice it = trimmed((fl_slice){al.ptr + i, j - i});
        if (it.len && it.ptr[0] != '(') {
            const char *an, *aa, *anote;
            if (fl_lname_paren(a, it.ptr, it.len, &an, &aa, &anote)) {
                fl_lr_push(c->r, &e->aliases, &e->n_aliases, an);
                if (aa)
                    fl_lr_push(c->r, &e->aliases, &e->n_aliases, aa);
            }
        }
        i = j + 1;
    }
    fl_slice sec = trimmed(cells[RU_SECTION]);
    e->section = sec.len ? section_of(c, sec) : NULL;
    push_split(c, cells[RU_URL], ';', true, &e->urls, &e->n_urls);
}

enum { RW_DATE, RW_COUNTRY, RW_REGION, RW_ENTITY, RW_GOODS, RW_STATUS, RW_URL, RW_KIND,
       RW_SDATE, RW_NOTE, RW_N };
static const colspec refw_cols[RW_N] = {
    [RW_DATE] = {{"date"}, true},
    [RW_COUNTRY] = {{"country"}, true},
    [RW_REGION] = {{"region"}, false},
    [RW_ENTITY] = {{"entity"}, true},
    [RW_GOODS] = {{"commodity"}, true},
    [RW_STATUS] = {{"status"}, true},
    [RW_URL] = {{"sourceurl"}, false},
    [RW_KIND] = {{"actiontype"}, true},
    [RW_SDATE] = {{"statusdate"}, false},
    [RW_NOTE] = {{"note"}, false},
};

static void refw_status(csvctx *c, fl_list_entry *e, const fl_slice *cells, const int *colno,
                        uint64_t line)
{
    fl_slice st = trimmed(cells[RW_STATUS]);
    if (is(st, "issued") || is(st, "partially_modified"))
        return;
    if (is(st, "revoked") || is(st, "finding_revoked") || is(st, "modified")) {
        e->ended = true;
        date_cell(c, cells[RW_SDATE], colno[RW_SDATE], line, &e->end, false);
        return;
    }
    fl_lr_error(c->r, line, colno[RW_STATUS], "unknown status '%.*s'; expected issued, "
                "revoked, finding_revoked, modified or partially_modified", (int)st.len, st.ptr);
}

static void refw_row(csvctx *c, const fl_slice *cells, const int *colno, uint64_t line)
{
    if (!is(cells[RW_KIND], "WRO") && !is(cells[RW_KIND], "Finding")) {
        c->r->l->skipped++; /* not a 19 U.S.C. 1307 order (a CAATSA detention) */
        return;
    }
    fl_slice ent = trimmed(cells[RW_ENTITY]);
    fl_list_entry *e = fl_lr_entry(c->r, line, colno[RW_ENTITY]);
    if (!e || !country_cell(c, e, cells[RW_COUNTRY], colno[RW_COUNTRY], line, false) ||
        !date_cell(c, cells[RW_DATE], colno[RW_DATE], line, &e->listed, true))
        return;
    e->order = str(c, cells[RW_KIND]);
    e->goods_text = str(c, cells[RW_GOODS]);
    refw_status(c, e, cells, colno, line);
    push_split(c, cells[RW_URL], ';', true, &e->urls, &e->n_urls);
    if (!ent.len || (ent.len > 19 && strncmp(ent.ptr, "(producer not named", 19) == 0)) {
        e->area = true;
        return;
    }
    const char *text = str(c, ent);
    fl_lname *parts = NULL;
    size_t n = text ? fl_lname_order(&c->r->l->arena, text, &parts) : 0;
    set_parts(c, e, parts, n);
    if (!e->n_names)
        fl_lr_push(c->r, &e->names, &e->n_names, text);
}

/* ---- the CSV loop ------------------------------------------------------------------------ */

static const csvfmt csv_formats[FL_LF_COUNT] = {
    [FL_LF_DOL_GOODS] = {goods_cols, G_N, goods_row},
    [FL_LF_DOL_EO] = {eo_cols, O_N, eo_row},
    [FL_LF_DHS_UFLPA] = {dhs_cols, D_N, dhs_row},
    [FL_LF_CBP_WRO] = {cbp_cols, W_N, cbp_row},
    [FL_LF_REF_TVPRA] = {reft_cols, RT_N, reft_row},
    [FL_LF_REF_UFLPA] = {refu_cols, RU_N, refu_row},
    [FL_LF_REF_WRO] = {refw_cols, RW_N, refw_row},
};

static bool header(csvctx *c, const fl_csv_row *row)
{
    c->n_header = row->n_fields;
    for (size_t k = 0; k < c->fmt->n; k++) {
        c->map[k] = -1;
        for (size_t f = 0; f < row->n_fields && c->map[k] < 0; f++) {
            char h[64];
            fold_header(row->fields[f], h, sizeof h);
            for (size_t a = 0; a < 5 && c->fmt->cols[k].names[a]; a++)
                if (strcmp(h, c->fmt->cols[k].names[a]) == 0)
                    c->map[k] = (int)f;
        }
        if (c->map[k] < 0 && c->fmt->cols[k].required) {
            fl_lr_error(c->r, row->line, 0, "missing column '%s' (this is no %s export)",
                        c->fmt->cols[k].names[0], fl_list_format_str(c->r->l->format));
            return false;
        }
    }
    if (c->r->l->format == FL_LF_DOL_GOODS && c->map[G_CHILD] < 0 && c->map[G_FORCED] < 0 &&
        c->map[G_TYPE] < 0) {
        fl_lr_error(c->r, row->line, 0, "no exploitation columns: expected 'Child Labor' and "
                    "'Forced Labor', or 'Exploitation Type'");
        return false;
    }
    return true;
}

static int on_csv(const fl_csv_row *row, void *p)
{
    csvctx *c = p;
    if (row->error) {
        fl_lr_error(c->r, row->line, 0, "%s", row->error);
        return row->index == 0;
    }
    if (row->index == 0)
        return !header(c, row);
    bool blank = true;
    for (size_t f = 0; f < row->n_fields; f++) {
        blank = blank && trimmed(row->fields[f]).len == 0;
        if (memchr(row->fields[f].ptr, '\0', row->fields[f].len) ||
            !fl_utf8_valid(row->fields[f].ptr, row->fields[f].len)) {
            fl_lr_error(c->r, row->line, (int)f + 1, "not UTF-8 text (a NUL byte or a byte "
                        "sequence no UTF-8 character has)");
            return 0;
        }
    }
    if (blank)
        return 0; /* spreadsheets save empty rows as ",,," */
    if (row->n_fields != c->n_header) {
        size_t col = (row->n_fields < c->n_header ? row->n_fields : c->n_header) + 1;
        fl_lr_error(c->r, row->line, (int)col, "%zu fields, but the header has %zu; check for "
                    "a missing or extra comma", row->n_fields, c->n_header);
        return 0;
    }
    fl_slice cells[MAXCOLS];
    int colno[MAXCOLS];
    for (size_t k = 0; k < c->fmt->n; k++) {
        cells[k] = c->map[k] >= 0 ? row->fields[c->map[k]] : (fl_slice){"", 0};
        colno[k] = c->map[k] >= 0 ? c->map[k] + 1 : 0;
    }
    c->fmt->row(c, cells, colno, row->line);
    return c->r->oom || c->r->too_many;
}

fl_status fl_lr_csv(fl_lreader *r, const char *data, size_t len)
{
    csvctx c = {r, &csv_formats[r->l->format], {0}, 0, false};
    if (!c.fmt->row)
        return FL_ERR_USAGE;
    fl_status st = fl_csv_read_mem(data, len, r->name, 0, NULL, on_csv, NULL, &c, NULL);
    if (st == FL_OK && !c.n_header && !r->errors)
        fl_lr_error(r, 1, 0, "empty file; expected a header row");
    return st;
}
