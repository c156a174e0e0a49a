/* xlsx.c - the flagged-risk workbook; see xlsx.h. The only user of libxlsxwriter. */
#include "xlsx.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xlsxwriter.h>

#include "dates.h"
#include "diag.h"
#include "outfile.h"
#include "textsafe.h"

#define CELL_MAX 32767 /* Excel's cell text limit (we count bytes: stricter) */
#define CUT_MARK " [cut]"
#define SHEET_ROWS (LXW_ROW_MAX - 1) /* data rows under the header */
#define URLS_MAX 65000               /* Excel allows 65,530 hyperlinks a sheet; keep a margin */
#define WIDTH_MIN 8
#define WIDTH_MAX 60
#define ZIP64_BYTES ((uint64_t)2 << 30) /* estimated XML size that asks for ZIP64 */

static const char *const dispositions[] = {"Open",      "Confirmed", "False positive",
                                           "Escalated", "Resolved",  NULL};

/* Fill colours by severity (low, medium, high, critical): light blue, yellow, orange, red. */
static const lxw_color_t sev_colors[FL_SEV_COUNT] = {0xBDD7EE, 0xFFEB84, 0xF4B084, 0xFF7C80};

typedef enum cell_kind { K_TEXT = 0, K_NUM, K_URL } cell_kind;

typedef struct cell {
    cell_kind kind;
    const char *s; /* K_TEXT, K_URL; NULL is empty */
    double num;    /* K_NUM */
} cell;

typedef struct book book;

/* A sheet of rows: header names and a function that gives the cells of row i. */
typedef struct table {
    const char *name; /* first sheet's name; continuations add " (2)", " (3)"... */
    const char *const *heads;
    size_t n_cols;
    size_t n_rows;
    /* Fill cells[0..n_cols) for row i; text may live in b->scratch until the next call. */
    void (*row)(book *b, size_t i, cell *cells);
    lxw_col_t freeze_cols;
    bool flag_extras; /* Disposition list and severity colours (the Flags sheet) */
} table;

struct book {
    const fl_report *r;
    lxw_workbook *wb;
    lxw_error err; /* first libxlsxwriter error */
    bool nomem;
    size_t rows_per_sheet;
    fl_textsafe_buf buf;
    fl_arena scratch; /* per-row joined texts */
    lxw_format *title, *heading, *head, *sev_fill[FL_SEV_COUNT];
};

const char *fl_xlsx_version(void)
{
    static char v[40];
    if (!v[0])
        snprintf(v, sizeof v, "libxlsxwriter %s", lxw_version());
    return v;
}

static bool failed(const book *b)
{
    return b->err != LXW_NO_ERROR || b->nomem;
}

static void check(book *b, lxw_error e)
{
    if (e != LXW_NO_ERROR && b->err == LXW_NO_ERROR)
        b->err = e;
}

/* Always a string cell, never a formula: trade data may hold "=HYPERLINK(..)". */
static void put_text(book *b, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *s,
                     lxw_format *fmt)
{
    if (failed(b) || !s || (!*s && !fmt))
        return;
    const char *t = fl_textsafe_clean(&b->buf, s, strlen(s), FL_TEXTSAFE_XML, CELL_MAX, CUT_MARK);
    if (!t) {
        b->nomem = true;
        return;
    }
    check(b, worksheet_write_string(ws, row, col, t, fmt));
}

static void put_num(book *b, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, double v,
                    lxw_format *fmt)
{
    if (!failed(b))
        check(b, worksheet_write_number(ws, row, col, v, fmt));
}

static bool is_web_url(const char *s)
{
    return strncmp(s, "http://", 7) == 0 || strncmp(s, "https://", 8) == 0;
}

/* A hyperlink when it is one and the sheet has room, else plain text. */
static void put_url(book *b, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *s,
                    size_t *n_urls)
{
    if (failed(b) || !s || !*s)
        return;
    if (is_web_url(s) && *n_urls < URLS_MAX) {
        const char *t = fl_textsafe_clean(&b->buf, s, strlen(s), FL_TEXTSAFE_XML, 0, NULL);
        if (!t) {
            b->nomem = true;
            return;
        }
        /* libxlsxwriter refuses over-long or odd URLs before writing anything: fall back. */
        if (worksheet_write_url(ws, row, col, t, NULL) == LXW_NO_ERROR) {
            (*n_urls)++;
            return;
        }
    }
    put_text(b, ws, row, col, s, NULL);
}

static void put_cell(book *b, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const cell *c,
                     size_t *n_urls)
{
    if (c->kind == K_NUM)
        put_num(b, ws, row, col, c->num, NULL);
    else if (c->kind == K_URL)
        put_url(b, ws, row, col, c->s, n_urls);
    else
        put_text(b, ws, row, col, c->s, NULL);
}

static size_t cell_width(const cell *c)
{
    if (c->kind == K_NUM) {
        char tmp[32];
        return (size_t)snprintf(tmp, sizeof tmp, "%.15g", c->num);
    }
    return fl_textsafe_width(c->s);
}

static lxw_worksheet *add_sheet(book *b, const char *name)
{
    if (failed(b))
        return NULL;
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, name);
    if (!ws)
        b->err = LXW_ERROR_MEMORY_MALLOC_FAILED; /* the only way it fails with our names */
    return ws;
}

/* ---- tables -------------------------------------------------------------------------- */

/*
 * Write a table over as many sheets as it needs. libxlsxwriter has no autofit, so column
 * widths come from a first pass over each sheet's rows (constant-memory mode needs the
 * widths before any row is written anyway).
 */
static void write_table(book *b, const table *t)
{
    size_t per = b->rows_per_sheet;
    size_t n_sheets = t->n_rows ? (t->n_rows + per - 1) / per : 1;
    size_t *width = calloc(t->n_cols, sizeof *width);
    cell *cells = calloc(t->n_cols, sizeof *cells);
    if (!width || !cells) {
        b->nomem = true;
        goto cleanup;
    }
    for (size_t s = 0; s < n_sheets && !failed(b); s++) {
        char name[32];
        if (s == 0)
            snprintf(name, sizeof name, "%s", t->name);
        else
            snprintf(name, sizeof name, "%s (%zu)", t->name, s + 1);
        lxw_worksheet *ws = add_sheet(b, name);
        if (!ws)
            break;
        size_t first = s * per;
        size_t n = t->n_rows - first < per ? t->n_rows - first : per;

        for (size_t c = 0; c < t->n_cols; c++)
            width[c] = strlen(t->heads[c]) + 2; /* + the autofilter button */
        for (size_t i = 0; i < n; i++) {
            memset(cells, 0, t->n_cols * sizeof *cells);
            t->row(b, first + i, cells);
            for (size_t c = 0; c < t->n_cols; c++) {
                size_t w = cell_width(&cells[c]) + 1;
                if (w > width[c])
                    width[c] = w;
            }
        }
        if (t->flag_extras && width[t->n_cols - 2] < 16)
            width[t->n_cols - 2] = 16; /* room for "False positive" */
        for (size_t c = 0; c < t->n_cols && !failed(b); c++) {
            size_t w = width[c] < WIDTH_MIN   ? WIDTH_MIN
                       : width[c] > WIDTH_MAX ? WIDTH_MAX
                                              : width[c];
            check(b, worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, (double)w, NULL));
        }

        for (size_t c = 0; c < t->n_cols; c++)
            put_text(b, ws, 0, (lxw_col_t)c, t->heads[c], b->head);
        size_t n_urls = 0;
        for (size_t i = 0; i < n && !failed(b); i++) {
            memset(cells, 0, t->n_cols * sizeof *cells);
            t->row(b, first + i, cells);
            for (size_t c = 0; c < t->n_cols; c++)
                put_cell(b, ws, (lxw_row_t)(i + 1), (lxw_col_t)c, &cells[c], &n_urls);
        }
        if (failed(b))
            break;

        lxw_row_t last = (lxw_row_t)n; /* header is row 0 */
        worksheet_freeze_panes(ws, 1, t->freeze_cols);
        check(b, worksheet_autofilter(ws, 0, 0, last, (lxw_col_t)(t->n_cols - 1)));
        if (t->flag_extras && n > 0) {
            lxw_data_validation dv;
            memset(&dv, 0, sizeof dv);
            dv.validate = LXW_VALIDATION_TYPE_LIST;
            dv.value_list = (char **)dispositions;
            lxw_col_t disp = (lxw_col_t)(t->n_cols - 2);
            check(b, worksheet_data_validation_range(ws, 1, disp, last, disp, &dv));
            /* Colour Action and Severity together by the Severity text (column B): a
             * formula rule, since Action "CAUTION" alone cannot tell medium from low. */
            for (int sv = FL_SEV_COUNT - 1; sv >= 0; sv--) {
                char formula[64];
                lxw_conditional_format cf;
                memset(&cf, 0, sizeof cf);
                snprintf(formula, sizeof formula, "=$B2=\"%s\"", fl_severity_str((fl_severity)sv));
                cf.type = LXW_CONDITIONAL_TYPE_FORMULA;
                cf.value_string = formula;
                cf.format = b->sev_fill[sv];
                check(b, worksheet_conditional_format_range(ws, 1, 0, last, 1, &cf));
            }
        }
    }
cleanup:
    free(width);
    free(cells);
}

/* Flags: column order as in xlsx.h; Disposition and Reviewer notes are left blank. */
static const char *const flag_heads[] = {
    "Action",      "Severity",        "Rule ID",        "Rule title", "Basis",
    "Labor",       "Match",           "Evidence",       "Sources",    "File",
    "Line",        "Record",          "Record ID",      "Date",       "Importer",
    "Shipper",     "Shipper address", "Origin (raw)",   "Origin",     "HS code",
    "Description", "Disposition",     "Reviewer notes",
};
#define N_FLAG_COLS (sizeof flag_heads / sizeof flag_heads[0])

static void text(cell *c, const char *s)
{
    c->kind = K_TEXT;
    c->s = s;
}

static void number(cell *c, double v)
{
    c->kind = K_NUM;
    c->num = v;
}

static void flag_row(book *b, size_t i, cell *c)
{
    const fl_report *r = b->r;
    const fl_flag *f = &r->flags[i];
    const fl_recinfo *ri = &r->recs[f->rec];
    const fl_rule *ru = &r->rules->rules[f->rule];
    text(&c[0], fl_action_str(f->severity));
    text(&c[1], fl_severity_str(f->severity));
    text(&c[2], ru->id);
    text(&c[3], ru->title);
    text(&c[4], fl_basis_str(ru->basis));
    text(&c[5], fl_labor_str(ru->labor));
    text(&c[6], fl_match_str(f->match));
    text(&c[7], f->evidence);
    text(&c[8], r->rule_sources[f->rule]);
    text(&c[9], ri->file < r->n_inputs ? r->inputs[ri->file].path : "");
    number(&c[10], (double)ri->line);
    number(&c[11], (double)ri->record);
    text(&c[12], ri->fields[FL_F_RECORD_ID]);
    text(&c[13], ri->fields[FL_F_DATE]);
    text(&c[14], ri->fields[FL_F_IMPORTER]);
    text(&c[15], ri->fields[FL_F_SHIPPER]);
    text(&c[16], ri->fields[FL_F_SHIPPER_ADDRESS]);
    text(&c[17], ri->fields[FL_F_ORIGIN]);
    text(&c[18], ri->origin);
    text(&c[19], ri->fields[FL_F_HS]);
    text(&c[20], ri->fields[FL_F_DESCRIPTION]);
    /* 21 Disposition, 22 Reviewer notes: for the reviewer */
}

static const char *const issue_heads[] = {"File",  "Line",   "Record", "Field",
                                          "Value", "Reason", "Outcome"};

static void issue_row(book *b, size_t i, cell *c)
{
    const fl_report *r = b->r;
    const fl_issue *is = &r->issues[i];
    text(&c[0], is->file < r->n_inputs ? r->inputs[is->file].path : "");
    number(&c[1], (double)is->line);
    number(&c[2], (double)is->record);
    text(&c[3], is->field);
    text(&c[4], is->value);
    text(&c[5], is->reason);
    text(&c[6], is->rejected ? "rejected" : "partly judged");
}

static const char *const rule_heads[] = {
    "ID",       "Title",      "Basis",    "Countries", "Regions", "Commodities", "Labor",
    "Severity", "Valid from", "Valid to", "Sources",   "Note",    "File:line",
};

/* The rule's lists joined with ";" into the scratch arena. */
static char *join_countries(fl_arena *a, const fl_rule *ru)
{
    char *p = fl_arena_alloc(a, ru->n_countries * 3 + 1);
    size_t n = 0;
    if (!p)
        return NULL;
    for (size_t k = 0; k < ru->n_countries; k++) {
        size_t l = strnlen(ru->countries[k], 2);
        if (n)
            p[n++] = ';';
        memcpy(p + n, ru->countries[k], l);
        n += l;
    }
    p[n] = '\0';
    return p;
}

static char *join_regions(fl_arena *a, const fl_rule *ru)
{
    size_t need = 1;
    for (size_t k = 0; k < ru->n_regions; k++)
        need += strlen(ru->regions[k]) + 1;
    char *p = fl_arena_alloc(a, need);
    size_t n = 0;
    if (!p)
        return NULL;
    for (size_t k = 0; k < ru->n_regions; k++) {
        size_t l = strlen(ru->regions[k]);
        if (n)
            p[n++] = ';';
        memcpy(p + n, ru->regions[k], l);
        n += l;
    }
    p[n] = '\0';
    return p;
}

static char *join_commodities(fl_arena *a, const fl_ruleset *rs, const fl_rule *ru)
{
    if (ru->all_goods)
        return fl_arena_strdup(a, "*");
    size_t need = 1;
    for (size_t k = 0; k < ru->n_commodities; k++)
        if (ru->commodities[k] < rs->n_commodities)
            need += strlen(rs->commodities[ru->commodities[k]].id) + 1;
    char *p = fl_arena_alloc(a, need);
    size_t n = 0;
    if (!p)
        return NULL;
    for (size_t k = 0; k < ru->n_commodities; k++) {
        if (ru->commodities[k] >= rs->n_commodities)
            continue;
        const char *id = rs->commodities[ru->commodities[k]].id;
        size_t l = strlen(id);
        if (n)
            p[n++] = ';';
        memcpy(p + n, id, l);
        n += l;
    }
    p[n] = '\0';
    return p;
}

static void rule_row(book *b, size_t i, cell *c)
{
    const fl_ruleset *rs = b->r->rules;
    const fl_rule *ru = &rs->rules[i];
    fl_arena *a = &b->scratch;
    fl_arena_reset(a); /* the previous row's texts have been written */
    char *from = fl_arena_alloc(a, 11), *to = fl_arena_alloc(a, 11);
    char *countries = join_countries(a, ru), *regions = join_regions(a, ru);
    char *goods = join_commodities(a, rs, ru);
    char *where = fl_arena_printf(a, "%s:%u", ru->file ? ru->file : "", ru->line);
    if (!from || !to || !countries || !regions || !goods || !where) {
        b->nomem = true;
        return;
    }
    fl_date_format(ru->valid_from, from);
    if (ru->valid_to == FL_DATE_OPEN)
        to[0] = '\0';
    else
        fl_date_format(ru->valid_to, to);
    text(&c[0], ru->id);
    text(&c[1], ru->title);
    text(&c[2], fl_basis_str(ru->basis));
    text(&c[3], countries);
    text(&c[4], regions);
    text(&c[5], goods);
    text(&c[6], fl_labor_str(ru->labor));
    text(&c[7], fl_severity_str(ru->severity));
    text(&c[8], from);
    text(&c[9], to);
    text(&c[10], b->r->rule_sources ? b->r->rule_sources[i] : "");
    text(&c[11], ru->note);
    text(&c[12], where);
}

static const char *const source_heads[] = {"ID", "Title", "Publisher", "Date", "URL"};

static void source_row(book *b, size_t i, cell *c)
{
    const fl_source *s = &b->r->rules->sources[i];
    text(&c[0], s->id);
    text(&c[1], s->title);
    text(&c[2], s->publisher);
    text(&c[3], s->date);
    c[4].kind = K_URL;
    c[4].s = s->url;
}

/* ---- summary ------------------------------------------------------------------------- */

typedef struct summary {
    book *b;
    lxw_worksheet *ws;
    lxw_row_t row;
} summary;

static void s_pair(summary *s, const char *label, const char *value)
{
    put_text(s->b, s->ws, s->row, 0, label, NULL);
    put_text(s->b, s->ws, s->row, 1, value ? value : "", NULL);
    s->row++;
}

static void s_count(summary *s, const char *label, uint64_t n)
{
    put_text(s->b, s->ws, s->row, 0, label, NULL);
    put_num(s->b, s->ws, s->row, 1, (double)n, NULL);
    s->row++;
}

static void s_heading(summary *s, const char *title)
{
    s->row++; /* a blank row before every section */
    put_text(s->b, s->ws, s->row++, 0, title, s->b->heading);
}

static void s_heads(summary *s, const char *const *heads, size_t n)
{
    for (size_t c = 0; c < n; c++)
        put_text(s->b, s->ws, s->row, (lxw_col_t)c, heads[c], s->b->head);
    s->row++;
}

/* One tally row: key, label, flags, then flags per severity from critical down. */
static void s_tally(summary *s, const fl_tally *t)
{
    put_text(s->b, s->ws, s->row, 0, t->key, NULL);
    put_text(s->b, s->ws, s->row, 1, t->label, NULL);
    put_num(s->b, s->ws, s->row, 2, (double)t->flags, NULL);
    for (int sv = FL_SEV_COUNT - 1, c = 3; sv >= 0; sv--, c++)
        put_num(s->b, s->ws, s->row, (lxw_col_t)c, (double)t->by_severity[sv], NULL);
    s->row++;
}

static void s_tallies(summary *s, const char *title, const char *key, const char *label,
                      const fl_tally *t, size_t n)
{
    const char *heads[] = {key, label, "Flags", "Critical", "High", "Medium", "Low"};
    s_heading(s, title);
    s_heads(s, heads, 7);
    for (size_t i = 0; i < n; i++)
        s_tally(s, &t[i]);
    if (!n)
        put_text(s->b, s->ws, s->row++, 0, "(no flags)", NULL);
}

static void write_summary(book *b)
{
    const fl_report *r = b->r;
    const fl_ruleset *rs = r->rules;
    summary s = {b, add_sheet(b, "Summary"), 0};
    if (!s.ws)
        return;
    static const double widths[] = {30, 44, 66, 12, 12, 12, 12};
    for (lxw_col_t c = 0; c < 7; c++)
        check(b, worksheet_set_column(s.ws, c, c, widths[c], NULL));

    put_text(b, s.ws, s.row++, 0, "flscan forced-labor and child-labor risk screening", b->title);
    s_heading(&s, "Run");
    char *tool = fl_arena_printf(&b->scratch, "flscan %s", r->tool_version ? r->tool_version : "");
    if (!tool) {
        b->nomem = true;
        return;
    }
    s_pair(&s, "Tool", tool);
    s_pair(&s, "Run date", r->run_date);
    s_pair(&s, "As of", r->as_of[0] ? r->as_of : "record dates");
    s_pair(&s, "Command line", r->command_line);
    s_pair(&s, "Rule set", rs ? rs->name : "");
    s_pair(&s, "Rule set version", rs ? rs->version : "");
    s_pair(&s, "Rule set date", rs ? rs->date : "");
    s_pair(&s, "Rule set SHA-256", rs ? rs->sha256 : "");
    s_pair(&s, "Libraries", r->lib_versions);

    static const char *const input_heads[] = {"File",    "Size (bytes)", "SHA-256", "Records",
                                              "Flagged", "Clean",        "Rejected"};
    s_heading(&s, "Inputs");
    s_heads(&s, input_heads, 7);
    for (size_t i = 0; i < r->n_inputs; i++) {
        const fl_input *in = &r->inputs[i];
        put_text(b, s.ws, s.row, 0, in->path, NULL);
        put_num(b, s.ws, s.row, 1, (double)in->size, NULL);
        put_text(b, s.ws, s.row, 2, in->sha256, NULL);
        put_num(b, s.ws, s.row, 3, (double)in->records, NULL);
        put_num(b, s.ws, s.row, 4, (double)in->flagged, NULL);
        put_num(b, s.ws, s.row, 5, (double)in->clean, NULL);
        put_num(b, s.ws, s.row, 6, (double)in->rejected, NULL);
        s.row++;
    }

    s_heading(&s, "Totals (records read = flagged + clean + rejected)");
    s_count(&s, "Records read", r->read);
    s_count(&s, "Flagged", r->flagged);
    s_count(&s, "Clean", r->clean);
    s_count(&s, "Rejected", r->rejected);
    s_count(&s, "Flags", r->n_flags);
    s_count(&s, "Data-quality issues", r->n_issues);

    static const char *const sev_heads[] = {"Severity", "Action", "Flags"};
    s_heading(&s, "Flags by severity");
    s_heads(&s, sev_heads, 3);
    for (int sv = FL_SEV_COUNT - 1; sv >= 0; sv--) {
        put_text(b, s.ws, s.row, 0, fl_severity_str((fl_severity)sv), NULL);
        put_text(b, s.ws, s.row, 1, fl_action_str((fl_severity)sv), NULL);
        put_num(b, s.ws, s.row, 2, (double)r->by_severity[sv], NULL);
        s.row++;
    }
    s_tallies(&s, "Flags by basis", "Basis", "", r->by_basis, r->n_by_basis);
    s_tallies(&s, "Flags by rule", "Rule ID", "Title", r->by_rule, r->n_by_rule);
    s_tallies(&s, "Flags by origin country", "Origin", "Country", r->by_country, r->n_by_country);
    fl_arena_reset(&b->scratch);
}

/* ---- workbook ------------------------------------------------------------------------ */

/*
 * A generous estimate of the sheets' XML size. A zip entry over 4 GiB needs ZIP64, which
 * must be chosen before writing; it stays off for ordinary reports since some readers
 * handle ZIP64 less well. Per row: cell markup plus twice the text (XML escaping).
 */
static bool needs_zip64(const fl_report *r)
{
    uint64_t bytes = 0;
    for (size_t i = 0; i < r->n_flags && bytes <= ZIP64_BYTES; i++) {
        const fl_flag *f = &r->flags[i];
        const fl_recinfo *ri = &r->recs[f->rec];
        uint64_t text = strlen(f->evidence) + strlen(r->rules->rules[f->rule].title) + 200;
        for (int k = 0; k < FL_F_COUNT; k++)
            text += strlen(ri->fields[k]);
        if (ri->file < r->n_inputs)
            text += strlen(r->inputs[ri->file].path);
        bytes += 1500 + 2 * text;
    }
    for (size_t i = 0; i < r->n_issues && bytes <= ZIP64_BYTES; i++) {
        const fl_issue *is = &r->issues[i];
        bytes += 600 + 2 * (strlen(is->value) + strlen(is->reason) + strlen(is->field) + 100);
    }
    return bytes > ZIP64_BYTES;
}

/* Seconds since 1970 of a yyyymmdd date at 00:00 UTC (days-from-civil, no timegm needed). */
static time_t utc_midnight(fl_date d)
{
    long y = (long)(d / 10000), m = (long)(d / 100 % 100), dd = (long)(d % 100);
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + dd - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    long days = era * 146097 + doe - 719468;
    return (time_t)days * 86400;
}

static void make_formats(book *b)
{
    lxw_workbook *wb = b->wb;
    b->title = workbook_add_format(wb);
    b->heading = workbook_add_format(wb);
    b->head = workbook_add_format(wb);
    for (int sv = 0; sv < FL_SEV_COUNT; sv++)
        b->sev_fill[sv] = workbook_add_format(wb);
    if (!b->title || !b->heading || !b->head || !b->sev_fill[0] || !b->sev_fill[1] ||
        !b->sev_fill[2] || !b->sev_fill[3]) {
        b->nomem = true;
        return;
    }
    format_set_bold(b->title);
    format_set_font_size(b->title, 14);
    format_set_bold(b->heading);
    format_set_bold(b->head);
    format_set_bg_color(b->head, 0xD9E1F2);
    format_set_bottom(b->head, LXW_BORDER_THIN);
    for (int sv = 0; sv < FL_SEV_COUNT; sv++)
        format_set_bg_color(b->sev_fill[sv], sev_colors[sv]);
}

static void write_sheets(book *b)
{
    const fl_report *r = b->r;
    const fl_ruleset *rs = r->rules;
    table flags = {"Flags", flag_heads, N_FLAG_COLS, r->n_flags, flag_row, 3, true};
    table issues = {"Data quality", issue_heads, 7, r->n_issues, issue_row, 0, false};
    table rules = {"Rules", rule_heads, 13, rs ? rs->n_rules : 0, rule_row, 1, false};
    table sources = {"Sources", source_heads, 5, rs ? rs->n_sources : 0, source_row, 1, false};
    write_summary(b);
    write_table(b, &flags);
    write_table(b, &issues);
    write_table(b, &rules);
    write_table(b, &sources);
}

fl_status fl_xlsx_write(const fl_report *r, const char *path)
{
    return fl_xlsx_write_opts(r, path, NULL);
}

fl_status fl_xlsx_write_opts(const fl_report *r, const char *path, const fl_xlsx_opts *o)
{
    fl_status st = FL_OK;
    fl_outfile out;
    bool begun = false;
    char *tmpdir = NULL;
    book b;
    memset(&b, 0, sizeof b);
    b.r = r;
    b.rows_per_sheet =
        o && o->rows_per_sheet && o->rows_per_sheet < SHEET_ROWS ? o->rows_per_sheet : SHEET_ROWS;

    if ((r->n_flags && (!r->rules || !r->rule_sources)) ||
        (r->rules && r->rules->n_rules && !r->rule_sources)) {
        fl_error("cannot write '%s': the report was not finished; this is a bug", path);
        return FL_ERR_OUTPUT;
    }
    if ((st = fl_outfile_begin(&out, path, false)) != FL_OK)
        return st;
    begun = true;

    /* libxlsxwriter's scratch files go next to the output, not to a small /tmp. */
    const char *slash = strrchr(path, '/');
    tmpdir = slash ? strndup(path, (size_t)(slash - path) + 1) : strdup(".");
    if (!tmpdir) {
        st = FL_ERR_NOMEM;
        goto cleanup;
    }
    lxw_workbook_options opts;
    memset(&opts, 0, sizeof opts);
    opts.constant_memory = LXW_TRUE;
    opts.tmpdir = tmpdir;
    opts.use_zip64 = needs_zip64(r) ? LXW_TRUE : LXW_FALSE;
    b.wb = workbook_new_opt(out.tmp_path, &opts);
    if (!b.wb) {
        st = FL_ERR_NOMEM;
        goto cleanup;
    }

    lxw_doc_properties props;
    memset(&props, 0, sizeof props);
    props.title = "flscan screening report";
    props.subject = "forced-labor and child-labor risk screening of shipment records";
    props.author = "flscan";
    fl_date run = fl_date_parse_iso(r->run_date, strnlen(r->run_date, sizeof r->run_date));
    /* Never "now": a report without a run date gets a fixed date, to stay reproducible. */
    props.created = utc_midnight(run ? run : 19800101u);
    check(&b, workbook_set_properties(b.wb, &props));

    make_formats(&b);
    if (!failed(&b))
        write_sheets(&b);
    if (failed(&b)) {
        lxw_workbook_free(b.wb); /* frees without writing the file */
        b.wb = NULL;
        if (b.nomem) {
            st = FL_ERR_NOMEM;
        } else {
            fl_error("cannot write '%s': %s", path, lxw_strerror(b.err));
            st = FL_ERR_OUTPUT;
        }
        goto cleanup;
    }
    lxw_error e = workbook_close(b.wb); /* writes the file and frees the workbook */
    b.wb = NULL;
    if (e != LXW_NO_ERROR) {
        fl_error("cannot write '%s': %s", path, lxw_strerror(e));
        st = FL_ERR_OUTPUT;
        goto cleanup;
    }
    begun = false;
    st = fl_outfile_commit(&out);

cleanup:
    if (b.wb)
        lxw_workbook_free(b.wb);
    if (begun)
        fl_outfile_abort(&out);
    free(tmpdir);
    fl_textsafe_buf_free(&b.buf);
    fl_arena_free(&b.scratch);
    return st;
}
