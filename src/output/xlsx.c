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
#include "xlsxzip.h"

#define CELL_MAX 32767 /* Excel's cell text limit (we count bytes: stricter) */
#define CUT_MARK " [cut]"
#define SHEET_ROWS (LXW_ROW_MAX - 1) /* data rows under the header */
#define LINKS_MAX 65530              /* Excel's hyperlinks per sheet */
#define RICH_MAX (CELL_MAX - 1024)   /* a rich string's markup counts against the cell limit */
#define PAPER_LETTER 1               /* libxlsxwriter's paper codes: 1 letter, 9 A4 */
#define CHART_TOP 10                 /* countries in the origin chart */
#define FULL_MEMORY_ROWS 5000        /* more Flags and Data quality rows: constant memory */
#define WIDTH_MIN 8
#define WIDTH_MAX 60       /* a column's width in characters; a long text wraps within it */
#define KEY_WIDTH_MAX 24   /* a key column's: the key columns print on every page */
#define NOTES_WIDTH_MIN 30 /* Reviewer notes: room to write */
#define LINE_PT 15         /* a line of Calibri 11: a row of n wrapped lines is n x 15 points */
#define LINES_MAX 27       /* Excel's highest row is 409 points */
/*
 * Printing a table: a landscape letter page holds about PAGE_PX pixels of columns at 100%
 * (11 in less libxlsxwriter's default 0.7 in margins, at 96 pixels an inch; a column of w
 * characters is 7 w + 5 pixels). A table that fits one page wide at PRINT_SCALE percent or
 * more is fitted to one page wide; a wider one prints at PRINT_SCALE, across then down.
 */
#define PAGE_PX 920
#define PRINT_SCALE 60
#define ZIP64_BYTES ((uint64_t)2 << 30) /* estimated XML size that asks for ZIP64 */

/*
 * The columns of the review sheets (Flags, New flags, Suppressed), in order: who and how
 * bad first (the key columns, frozen and printed on every page), then the rule, then the
 * rest of the record. --reviews finds Fingerprint, Disposition and Reviewer notes by their
 * header, so the order is free.
 */
enum flag_col {
    FC_ACTION,
    FC_SEVERITY,
    FC_RECORD_ID,
    FC_IMPORTER,
    FC_SHIPPER,
    FC_RULE_ID,
    FC_RULE_TITLE,
    FC_BASIS,
    FC_LABOR,
    FC_MATCH,
    FC_EVIDENCE,
    FC_SOURCES,
    FC_FILE,
    FC_LINE,
    FC_RECORD,
    FC_DATE,
    FC_DATE_RAW,
    FC_SHIPPER_ADDRESS,
    FC_ORIGIN_RAW,
    FC_ORIGIN,
    FC_HS,
    FC_DESCRIPTION,
    FC_DISPOSITION,
    FC_NOTES,
    FC_FIRST_SEEN,
    FC_FINGERPRINT,
    N_FLAG_COLS, /* the Flags and New flags sheets */
    FC_DECIDED_BY = N_FLAG_COLS,
    FC_DECIDED_ON,
    N_SUPPRESSED_COLS
};
#define FLAG_KEY_COLS (FC_SHIPPER + 1)
#define FLAG_WRAP_COLS                                                                             \
    ((1u << FC_RULE_TITLE) | (1u << FC_EVIDENCE) | (1u << FC_SOURCES) |                            \
     (1u << FC_SHIPPER_ADDRESS) | (1u << FC_DESCRIPTION) | (1u << FC_NOTES))
/* The severity colours fill Action and Severity by a formula on the Severity column. */
_Static_assert(FC_SEVERITY == FC_ACTION + 1 && FC_SEVERITY < 26, "Action, Severity adjacent");
_Static_assert(N_SUPPRESSED_COLS <= 32, "a column bit mask is 32 bits");

/*
 * The columns of the Cases sheet, in order: the same key columns as the review sheets (how
 * bad, then which case, for whom, against whom), the status and the case's figures (how
 * much, when: on the first printed page with the key columns), the rule, the examples and
 * evidence, then the reviewer's columns. --reviews finds Case, Decision, Reviewer notes,
 * Reviewed by and Reviewed on by their header.
 */
enum case_col {
    CC_ACTION,
    CC_SEVERITY,
    CC_CASE,
    CC_IMPORTER,
    CC_PARTY,
    CC_STATUS,
    CC_SHIPMENTS,
    CC_VALUE,
    CC_WEIGHT,
    CC_FIRST_DATE,
    CC_LAST_DATE,
    CC_RULE_ID,
    CC_RULE_TITLE,
    CC_BASIS,
    CC_MATCH,
    CC_ORIGINS,
    CC_EXAMPLES,
    CC_EVIDENCE,
    CC_SOURCES,
    CC_WHY,
    CC_DECISION,
    CC_NOTES,
    CC_REVIEWED_BY,
    CC_REVIEWED_ON,
    CC_FIRST_SEEN,
    N_CASE_COLS
};
#define CASE_KEY_COLS (CC_PARTY + 1)
#define CASE_WRAP_COLS                                                                             \
    ((1u << CC_RULE_TITLE) | (1u << CC_EXAMPLES) | (1u << CC_EVIDENCE) | (1u << CC_SOURCES) |      \
     (1u << CC_WHY) | (1u << CC_NOTES))
_Static_assert(CC_SEVERITY == CC_ACTION + 1 && CC_SEVERITY < 26, "Action, Severity adjacent");
_Static_assert(N_CASE_COLS <= 32, "a column bit mask is 32 bits");

static const char *const dispositions[] = {"Open",      "Confirmed", "False positive",
                                           "Escalated", "Resolved",  NULL};

/* Fill colours by severity (low, medium, high, critical): light blue, yellow, orange, red. */
static const lxw_color_t sev_colors[FL_SEV_COUNT] = {0xBDD7EE, 0xFFEB84, 0xF4B084, 0xFF7C80};
#define HL_COLOR 0xC00000 /* the matched words: dark red, bold */

typedef enum cell_kind {
    K_TEXT = 0, /* s */
    K_NUM,      /* num */
    K_URL,      /* s: a hyperlink when http(s) */
    K_LINK,     /* s shown, linking to target ("internal:'Sheet'!A5"); plain when NULL */
    K_RICH,     /* s with bytes [hl_start, hl_end) highlighted */
    K_DATE      /* s "YYYY-MM-DD" written as a date cell; text when not a date */
} cell_kind;

typedef struct cell {
    cell_kind kind;
    const char *s; /* NULL is empty */
    double num;
    const char *target;
    uint32_t hl_start, hl_end;
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
    /* The key columns, the first ones: frozen, and printed at the left of every page. */
    lxw_col_t freeze_cols;
    bool flag_extras;   /* Disposition list and severity colours (the Flags sheet) */
    uint32_t wrap_cols; /* bit c: column c holds long texts, wrapped in a bounded width */
    bool case_extras;   /* Decision list, Reviewed on dates, severity colours (Cases) */
} table;

/* A note about a roll-up sheet, for the Notes sheet. */
typedef struct sheet_note {
    const char *sheet, *text;
} sheet_note;

struct book {
    const fl_report *r;
    lxw_workbook *wb;
    lxw_error err; /* first libxlsxwriter error */
    bool nomem;
    size_t rows_per_sheet;
    size_t links_per_sheet;
    fl_textsafe_buf buf;
    fl_textsafe_buf part[3]; /* a highlighted text's before, match and after */
    fl_arena scratch;        /* per-row joined texts */
    fl_rectext text;         /* a flag's texts read back from the report's spill file */
    fl_rowview flags, sup;   /* the report's flags and suppressed flags */
    fl_rowview cases;        /* and its cases */
    fl_flag flag;            /* the row's flag, copied: its cells point into it */
    fl_case kase;            /* the row's case, likewise */
    fl_casetext case_text;   /* the row's case's texts read back */
    fl_issuetext issue;      /* the row's data-quality issue read back */
    fl_status text_st;       /* FL_OK, or the failure to read them (message printed) */
    lxw_format *title, *heading, *head, *bold, *center, *sev_fill[FL_SEV_COUNT];
    lxw_format *hl_run;  /* the matched words inside a rich string: bold red */
    lxw_format *hl_cell; /* the same for a cell whose whole text matched */
    /* A table sheet's columns each have top or wrap as their format, which the cells
     * written without a format take: one format object a column, none a cell. */
    lxw_format *top;   /* aligned to the top of a row made tall by a wrapped text */
    lxw_format *wrap;  /* the same, wrapped */
    lxw_format *link;  /* a hyperlink in a table: blue, underlined, top, wrapped */
    lxw_format *amt;   /* two decimals (the Summary's portfolio score) */
    lxw_format *date;  /* YYYY-MM-DD date cells, top-aligned */
    sheet_note *notes; /* the roll-up sheets' notes, for the Notes sheet (heap array) */
    size_t n_notes, notes_cap;
    fl_arena note_text; /* their texts */
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
    return b->err != LXW_NO_ERROR || b->nomem || b->text_st != FL_OK;
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

/* A "YYYY-MM-DD" text as a date cell (what a reviewer's date looks like), else as text. */
static void put_date(book *b, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *s)
{
    fl_date d = s ? fl_date_parse_iso(s, strlen(s)) : 0;
    if (!d) {
        put_text(b, ws, row, col, s, NULL);
        return;
    }
    lxw_datetime dt = {(int)(d / 10000), (int)(d / 100 % 100), (int)(d % 100), 0, 0, 0};
    if (!failed(b))
        check(b, worksheet_write_datetime(ws, row, col, &dt, b->date));
}

static bool is_web_url(const char *s)
{
    return strncmp(s, "http://", 7) == 0 || strncmp(s, "https://", 8) == 0;
}

/* A web hyperlink when it is one and the sheet may have links, else plain text. */
static void put_url(book *b, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *s,
                    bool links_ok)
{
    if (failed(b) || !s || !*s)
        return;
    if (is_web_url(s) && links_ok) {
        const char *t = fl_textsafe_clean(&b->buf, s, strlen(s), FL_TEXTSAFE_XML, 0, NULL);
        if (!t) {
            b->nomem = true;
            return;
        }
        /* libxlsxwriter refuses over-long or odd URLs before writing anything: fall back. */
        if (worksheet_write_url(ws, row, col, t, b->link) == LXW_NO_ERROR)
            return;
    }
    put_text(b, ws, row, col, s, NULL);
}

/* s shown as a link to a place in the workbook when the sheet may have links. */
static void put_link(book *b, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *s,
                     const char *target, bool links_ok)
{
    if (failed(b) || !s || !*s)
        return;
    if (target && links_ok) {
        const char *t =
            fl_textsafe_clean(&b->buf, s, strlen(s), FL_TEXTSAFE_XML, CELL_MAX, CUT_MARK);
        if (!t) {
            b->nomem = true;
            return;
        }
        if (worksheet_write_url_opt(ws, row, col, target, b->link, t, NULL) == LXW_NO_ERROR)
            return;
    }
    put_text(b, ws, row, col, s, NULL);
}

/*
 * s with bytes [start, end) in bold red, as a rich string. Each part is cleaned on its own
 * (the span's offsets are into the raw text). Text too long for a rich string, or a span
 * that does not fit the text, is written plain (and cut as usual).
 */
static void put_rich(book *b, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *s,
                     uint32_t start, uint32_t end)
{
    if (failed(b) || !s)
        return;
    size_t len = strlen(s);
    if (start >= end || end > len) {
        put_text(b, ws, row, col, s, NULL);
        return;
    }
    const char *from[3] = {s, s + start, s + end};
    size_t n_bytes[3] = {start, end - start, len - end};
    lxw_rich_string_tuple frag[3];
    lxw_rich_string_tuple *list[4];
    size_t total = 0, n = 0;
    for (int k = 0; k < 3; k++) {
        const char *t =
            fl_textsafe_clean(&b->part[k], from[k], n_bytes[k], FL_TEXTSAFE_XML, 0, NULL);
        if (!t) {
            b->nomem = true;
            return;
        }
        total += b->part[k].len;
        if (!b->part[k].len)
            continue; /* Excel refuses empty fragments */
        frag[n].format = k == 1 ? b->hl_run : NULL;
        frag[n].string = (char *)t;
        list[n] = &frag[n];
        n++;
    }
    list[n] = NULL;
    if (total > RICH_MAX) {
        put_text(b, ws, row, col, s, NULL);
    } else if (n == 1) {
        /* The whole text matched: a rich string needs two fragments, a cell format does. */
        check(b, worksheet_write_string(ws, row, col, frag[0].string, b->hl_cell));
    } else {
        lxw_error e = worksheet_write_rich_string(ws, row, col, list, NULL);
        if (e == LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED)
            put_text(b, ws, row, col, s, NULL);
        else
            check(b, e);
    }
}

static void put_cell(book *b, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const cell *c,
                     bool links_ok)
{
    switch (c->kind) {
    case K_NUM:
        put_num(b, ws, row, col, c->num, NULL);
        break;
    case K_URL:
        put_url(b, ws, row, col, c->s, links_ok);
        break;
    case K_LINK:
        put_link(b, ws, row, col, c->s, c->target, links_ok);
        break;
    case K_RICH:
        put_rich(b, ws, row, col, c->s, c->hl_start, c->hl_end);
        break;
    case K_DATE:
        put_date(b, ws, row, col, c->s);
        break;
    default:
        put_text(b, ws, row, col, c->s, NULL);
        break;
    }
}

/* Whether the cell would be written as a hyperlink (for counting a sheet's links). */
static bool wants_link(const cell *c)
{
    return (c->kind == K_URL && c->s && is_web_url(c->s)) ||
           (c->kind == K_LINK && c->target && c->s && *c->s);
}

/* Print on letter paper, landscape unless said otherwise, one page wide. */
static void print_setup(book *b, lxw_worksheet *ws, bool landscape, bool header_row)
{
    worksheet_set_paper(ws, PAPER_LETTER);
    if (landscape)
        worksheet_set_landscape(ws);
    else
        worksheet_set_portrait(ws);
    worksheet_fit_to_pages(ws, 1, 0);
    if (header_row)
        check(b, worksheet_repeat_rows(ws, 0, 0));
}

/*
 * A table sheet's columns: width[c], computed from the texts, bounded (a key column by
 * KEY_WIDTH_MAX, the others by WIDTH_MAX) and set with the column's format: b->wrap for the
 * key columns and wrap_cols, b->top for the others; width[c] is then the width set. Returns
 * the columns' width in pixels, for printing.
 */
static size_t set_widths(book *b, lxw_worksheet *ws, size_t *width, size_t n_cols,
                         lxw_col_t key_cols, uint32_t wrap_cols)
{
    size_t px = 0;
    for (size_t c = 0; c < n_cols && !failed(b); c++) {
        bool key = c < key_cols, wrap = key || ((wrap_cols >> c) & 1);
        size_t max = key ? KEY_WIDTH_MAX : WIDTH_MAX;
        width[c] = width[c] < WIDTH_MIN ? WIDTH_MIN : width[c] > max ? max : width[c];
        check(b, worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, (double)width[c],
                                      wrap ? b->wrap : b->top));
        px += 7 * width[c] + 5;
    }
    return px;
}

/*
 * The lines text s takes wrapped in a column w characters wide: each of its lines (LF) over
 * w - 1 characters a line, an estimate (Calibri's letters are narrower than the digit a
 * width counts, and a word that does not fit goes to the next line). At most LINES_MAX.
 */
static size_t text_lines(const char *s, size_t w)
{
    size_t per = w > 2 ? w - 1 : 1, lines = 0, n = 0;
    for (const char *p = s ? s : ""; lines < LINES_MAX; p++) {
        if (!*p || *p == '\n') {
            lines += n ? (n + per - 1) / per : 1;
            n = 0;
            if (!*p)
                break;
        } else if (((unsigned char)*p & 0xC0) != 0x80) {
            n++; /* a character starts */
        }
    }
    return lines < LINES_MAX ? lines : LINES_MAX;
}

/*
 * Make row as high as the wrapped texts of its cells (the key columns and wrap_cols; width
 * as set_widths left it) when one takes more than a line. Excel would grow such a row when
 * it shows it, LibreOffice does not: the height is written for both.
 */
static void fit_row(book *b, lxw_worksheet *ws, lxw_row_t row, const cell *cells,
                    const size_t *width, size_t n_cols, lxw_col_t key_cols, uint32_t wrap_cols)
{
    size_t lines = 1;
    for (size_t c = 0; c < n_cols; c++) {
        if ((c >= key_cols && !((wrap_cols >> c) & 1)) || cells[c].kind == K_NUM || !cells[c].s)
            continue;
        size_t n = text_lines(cells[c].s, width[c]);
        if (n > lines)
            lines = n;
    }
    if (lines > 1 && !failed(b))
        check(b, worksheet_set_row(ws, row, (double)(LINE_PT * lines), NULL));
}

/* The header row of a table: every header wraps (b->head), and the row is as high as it. */
static void put_heads(book *b, lxw_worksheet *ws, const char *const *heads, size_t n_cols,
                      const size_t *width, cell *cells)
{
    for (size_t c = 0; c < n_cols; c++) {
        memset(&cells[c], 0, sizeof cells[c]);
        cells[c].s = heads[c];
    }
    fit_row(b, ws, 0, cells, width, n_cols, (lxw_col_t)n_cols, 0);
    for (size_t c = 0; c < n_cols; c++)
        put_text(b, ws, 0, (lxw_col_t)c, heads[c], b->head);
}

/*
 * A table sheet's print setup: letter, landscape, the header row and the key columns on
 * every page. One page wide when the columns (px pixels) fit at PRINT_SCALE or more;
 * otherwise at PRINT_SCALE, pages ordered across then down, so that the pages of a band
 * of rows follow each other, each starting with the key columns.
 */
static void print_table(book *b, lxw_worksheet *ws, lxw_col_t key_cols, size_t px)
{
    worksheet_set_paper(ws, PAPER_LETTER);
    worksheet_set_landscape(ws);
    check(b, worksheet_repeat_rows(ws, 0, 0));
    if (key_cols)
        check(b, worksheet_repeat_columns(ws, 0, key_cols - 1));
    if (px * PRINT_SCALE <= (size_t)PAGE_PX * 100) {
        worksheet_fit_to_pages(ws, 1, 0);
    } else {
        worksheet_set_print_scale(ws, PRINT_SCALE);
        worksheet_print_across(ws);
    }
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

/* The drop-down of decisions on rows 1..last of column col. */
static void decision_list(book *b, lxw_worksheet *ws, lxw_col_t col, lxw_row_t last)
{
    lxw_data_validation dv;
    memset(&dv, 0, sizeof dv);
    dv.validate = LXW_VALIDATION_TYPE_LIST;
    dv.value_list = (char **)dispositions;
    check(b, worksheet_data_validation_range(ws, 1, col, last, col, &dv));
}

/*
 * Colour the columns first..sev (Action and Severity side by side, Severity last) by the
 * Severity text: a formula rule, since Action "CAUTION" alone cannot tell medium from low.
 */
static void severity_colours(book *b, lxw_worksheet *ws, lxw_col_t first, lxw_col_t sev,
                             lxw_row_t last)
{
    for (int sv = FL_SEV_COUNT - 1; sv >= 0; sv--) {
        char formula[64];
        lxw_conditional_format cf;
        memset(&cf, 0, sizeof cf);
        snprintf(formula, sizeof formula, "=$%c2=\"%s\"", (char)('A' + sev),
                 fl_severity_str((fl_severity)sv));
        cf.type = LXW_CONDITIONAL_TYPE_FORMULA;
        cf.value_string = formula;
        cf.format = b->sev_fill[sv];
        check(b, worksheet_conditional_format_range(ws, 1, first, last, sev, &cf));
    }
}

static void case_extras(book *b, lxw_worksheet *ws, lxw_row_t last);

/* The review columns a reviewer writes in get room for it: Decision or Disposition holds
 * "False positive", Reviewer notes a note. */
static void review_widths(const table *t, size_t *width)
{
    if (!t->flag_extras && !t->case_extras)
        return;
    size_t decision = t->flag_extras ? FC_DISPOSITION : CC_DECISION;
    size_t notes = t->flag_extras ? FC_NOTES : CC_NOTES;
    if (width[decision] < 16)
        width[decision] = 16; /* room for "False positive" */
    if (width[notes] < NOTES_WIDTH_MIN)
        width[notes] = NOTES_WIDTH_MIN; /* room to write a note */
}

/*
 * Write a table over as many sheets as it needs. libxlsxwriter has no autofit, so column
 * widths come from a first pass over each sheet's rows (constant-memory mode needs the
 * widths before any row is written anyway). The same pass counts the hyperlinks the sheet
 * would hold: past Excel's limit, none of them is a link (all or nothing, so a reader
 * never wonders why row 70,000 has no link while row 60,000 has).
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
        size_t n_links = 0;
        for (size_t i = 0; i < n && !failed(b); i++) {
            memset(cells, 0, t->n_cols * sizeof *cells);
            t->row(b, first + i, cells);
            for (size_t c = 0; c < t->n_cols; c++) {
                size_t w = cell_width(&cells[c]) + 1;
                if (w > width[c])
                    width[c] = w;
                n_links += wants_link(&cells[c]);
            }
        }
        bool links_ok = n_links <= b->links_per_sheet;
        review_widths(t, width);
        size_t px = set_widths(b, ws, width, t->n_cols, t->freeze_cols, t->wrap_cols);

        put_heads(b, ws, t->heads, t->n_cols, width, cells);
        for (size_t i = 0; i < n && !failed(b); i++) {
            memset(cells, 0, t->n_cols * sizeof *cells);
            t->row(b, first + i, cells);
            fit_row(b, ws, (lxw_row_t)(i + 1), cells, width, t->n_cols, t->freeze_cols,
                    t->wrap_cols);
            for (size_t c = 0; c < t->n_cols; c++)
                put_cell(b, ws, (lxw_row_t)(i + 1), (lxw_col_t)c, &cells[c], links_ok);
        }
        if (failed(b))
            break;

        lxw_row_t last = (lxw_row_t)n; /* header is row 0 */
        worksheet_freeze_panes(ws, 1, t->freeze_cols);
        print_table(b, ws, t->freeze_cols, px);
        check(b, worksheet_autofilter(ws, 0, 0, last, (lxw_col_t)(t->n_cols - 1)));
        if (t->flag_extras && n > 0) {
            decision_list(b, ws, FC_DISPOSITION, last);
            severity_colours(b, ws, FC_ACTION, FC_SEVERITY, last);
        }
        if (t->case_extras && n > 0)
            case_extras(b, ws, last);
    }
cleanup:
    free(width);
    free(cells);
}

/*
 * Flags: column order as in xlsx.h (enum flag_col). Disposition and Reviewer notes hold the
 * decision the ledger carries forward (blank without one); Fingerprint is what --reviews
 * matches on. Suppressed adds who made the false-positive decision, and when.
 */
static const char *const flag_heads[N_SUPPRESSED_COLS] = {
    [FC_ACTION] = "Action",
    [FC_SEVERITY] = "Severity",
    [FC_RECORD_ID] = "Record ID",
    [FC_IMPORTER] = "Importer",
    [FC_SHIPPER] = "Shipper",
    [FC_RULE_ID] = "Rule ID",
    [FC_RULE_TITLE] = "Rule title",
    [FC_BASIS] = "Basis",
    [FC_LABOR] = "Labor",
    [FC_MATCH] = "Match",
    [FC_EVIDENCE] = "Evidence",
    [FC_SOURCES] = "Sources",
    [FC_FILE] = "File",
    [FC_LINE] = "Line",
    [FC_RECORD] = "Record",
    [FC_DATE] = "Date",
    [FC_DATE_RAW] = "Date as written",
    [FC_SHIPPER_ADDRESS] = "Shipper address",
    [FC_ORIGIN_RAW] = "Origin (raw)",
    [FC_ORIGIN] = "Origin",
    [FC_HS] = "HS code",
    [FC_DESCRIPTION] = "Description",
    [FC_DISPOSITION] = "Disposition",
    [FC_NOTES] = "Reviewer notes",
    [FC_FIRST_SEEN] = "First seen",
    [FC_FINGERPRINT] = "Fingerprint",
    [FC_DECIDED_BY] = "Decided by",
    [FC_DECIDED_ON] = "Decided on",
};

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

/*
 * The place of source src on the Sources sheet, as a link target: the sheet continues on
 * "Sources (2)"... like any table, so the row depends on rows_per_sheet. NULL when out of
 * memory (b->nomem set).
 */
static const char *source_target(book *b, size_t src)
{
    size_t sheet = src / b->rows_per_sheet, row = src % b->rows_per_sheet + 2;
    const char *t =
        sheet ? fl_arena_printf(&b->scratch, "internal:'Sources (%zu)'!A%zu", sheet + 1, row)
              : fl_arena_printf(&b->scratch, "internal:'Sources'!A%zu", row);
    if (!t)
        b->nomem = true;
    return t;
}

static const char *date_text(book *b, fl_date d)
{
    char *t = fl_arena_alloc(&b->scratch, 11);
    if (!t) {
        b->nomem = true;
        return "";
    }
    fl_date_format(d, t);
    return t;
}

/* The cells of flag f: N_FLAG_COLS, and with decided the Suppressed sheet's two more. */
static void flag_cells(book *b, const fl_flag *f, cell *c, bool decided)
{
    const fl_report *r = b->r;
    const fl_rule *ru = &r->rules->rules[f->rule];
    fl_arena_reset(&b->scratch); /* the previous row's texts have been written */
    if (failed(b))
        return;
    if ((b->text_st = fl_report_flag_text(r, f, &b->text)) != FL_OK)
        return;
    const fl_recinfo *ri = b->text.info;
    const char *const *field = b->text.field;
    text(&c[FC_ACTION], fl_action_str(f->severity));
    text(&c[FC_SEVERITY], fl_severity_str(f->severity));
    text(&c[FC_RECORD_ID], field[FL_F_RECORD_ID]);
    text(&c[FC_IMPORTER], field[FL_F_IMPORTER]);
    text(&c[FC_SHIPPER], field[FL_F_SHIPPER]);
    text(&c[FC_RULE_ID], ru->id);
    text(&c[FC_RULE_TITLE], ru->title);
    text(&c[FC_BASIS], fl_basis_str(ru->basis));
    text(&c[FC_LABOR], fl_labor_str(ru->labor));
    text(&c[FC_MATCH], fl_match_str(f->match));
    text(&c[FC_EVIDENCE], b->text.evidence);
    /* A cell holds one link: to the first source's row; the other ids are in the text. */
    cell *src = &c[FC_SOURCES];
    src->kind = K_LINK;
    src->s = r->rule_sources[f->rule];
    if (ru->n_sources && ru->sources[0] < r->rules->n_sources)
        src->target = source_target(b, ru->sources[0]);
    text(&c[FC_FILE], ri->file < r->n_inputs ? r->inputs[ri->file].path : "");
    number(&c[FC_LINE], (double)ri->line);
    number(&c[FC_RECORD], (double)ri->record);
    /* the record's date as a date cell (sorts and filters as dates), the text beside it */
    c[FC_DATE] = (cell){.kind = K_DATE, .s = ri->record_date ? date_text(b, ri->record_date)
                                                             : NULL};
    text(&c[FC_DATE_RAW], field[FL_F_DATE]);
    text(&c[FC_SHIPPER_ADDRESS], field[FL_F_SHIPPER_ADDRESS]);
    text(&c[FC_ORIGIN_RAW], field[FL_F_ORIGIN]);
    text(&c[FC_ORIGIN], ri->origin);
    text(&c[FC_HS], field[FL_F_HS]);
    text(&c[FC_DESCRIPTION], field[FL_F_DESCRIPTION]);
    if (f->span.field == FL_F_DESCRIPTION) {
        c[FC_DESCRIPTION].kind = K_RICH;
        c[FC_DESCRIPTION].hl_start = f->span.start;
        c[FC_DESCRIPTION].hl_end = f->span.end;
    }
    if (f->memo.on) {
        text(&c[FC_DISPOSITION], f->memo.disposition);
        text(&c[FC_NOTES], f->memo.note);
        text(&c[FC_FIRST_SEEN], f->memo.first_seen);
        text(&c[FC_FINGERPRINT], f->memo.fingerprint);
    }
    if (f->memo.on && decided) {
        text(&c[FC_DECIDED_BY], f->memo.decided_by);
        text(&c[FC_DECIDED_ON], f->memo.decided_on);
    }
}

/* Flag i through view v, copied for the row (b->flag, until the next row): a failure to read
   it stops the workbook. */
static const fl_flag *flag_at(book *b, fl_rowview *v, size_t i)
{
    b->flag = *fl_flag_get(v, i);
    if (fl_rowview_status(v) != FL_OK && b->text_st == FL_OK)
        b->text_st = fl_rowview_status(v);
    return &b->flag;
}

/* Row i of the Flags sheet: the flags the report chose for it (fl_cases_select_sheet), or
   all when it chose none. */
static void flag_row(book *b, size_t i, cell *c)
{
    const fl_report *r = b->r;
    flag_cells(b, flag_at(b, &b->flags, r->sheet_flags ? r->sheet_flags[i] : i), c, false);
}

static void new_flag_row(book *b, size_t i, cell *c)
{
    flag_cells(b, flag_at(b, &b->flags, b->r->new_flags[i]), c, false);
}

static void suppressed_row(book *b, size_t i, cell *c)
{
    flag_cells(b, flag_at(b, &b->sup, i), c, true);
}

/*
 * Cases: the review surface (cases.h), column order as enum case_col. Decision, Reviewer
 * notes, Reviewed by and Reviewed on are the reviewer's; a decision in force is pre-filled.
 */
static const char *const case_heads[N_CASE_COLS] = {
    [CC_ACTION] = "Action",
    [CC_SEVERITY] = "Severity",
    [CC_CASE] = "Case",
    [CC_IMPORTER] = "Importer",
    [CC_PARTY] = "Shipper or supplier",
    [CC_STATUS] = "Status",
    [CC_RULE_ID] = "Rule ID",
    [CC_RULE_TITLE] = "Rule title",
    [CC_BASIS] = "Basis",
    [CC_MATCH] = "Match",
    [CC_ORIGINS] = "Origins",
    [CC_SHIPMENTS] = "Shipments",
    [CC_VALUE] = "Value (USD)",
    [CC_WEIGHT] = "Weight (kg)",
    [CC_FIRST_DATE] = "First date",
    [CC_LAST_DATE] = "Last date",
    [CC_EXAMPLES] = "Examples",
    [CC_EVIDENCE] = "Evidence",
    [CC_SOURCES] = "Sources",
    [CC_WHY] = "Why returning",
    [CC_DECISION] = "Decision",
    [CC_NOTES] = "Reviewer notes",
    [CC_REVIEWED_BY] = "Reviewed by",
    [CC_REVIEWED_ON] = "Reviewed on",
    [CC_FIRST_SEEN] = "First seen",
};

static void case_row(book *b, size_t i, cell *c)
{
    const fl_report *r = b->r;
    b->kase = *fl_case_get(&b->cases, i);
    const fl_case *k = &b->kase;
    const fl_rule *ru = &r->rules->rules[k->rule];
    fl_arena_reset(&b->scratch);
    if (fl_rowview_status(&b->cases) != FL_OK && b->text_st == FL_OK)
        b->text_st = fl_rowview_status(&b->cases);
    if (failed(b))
        return;
    if ((b->text_st = fl_report_case_text(r, k, &b->case_text)) != FL_OK)
        return;
    const fl_casetext *kt = &b->case_text;
    bool decided = k->status == FL_CASE_DECIDED;
    text(&c[CC_ACTION], fl_action_str(k->severity));
    text(&c[CC_SEVERITY], fl_severity_str(k->severity));
    text(&c[CC_CASE], k->id);
    text(&c[CC_IMPORTER], k->importer);
    text(&c[CC_PARTY], kt->party);
    text(&c[CC_STATUS], fl_case_status_str(k->status));
    text(&c[CC_RULE_ID], ru->id);
    text(&c[CC_RULE_TITLE], ru->title);
    text(&c[CC_BASIS], fl_basis_str(ru->basis));
    text(&c[CC_MATCH], fl_match_str(k->match));
    text(&c[CC_ORIGINS], k->origins);
    number(&c[CC_SHIPMENTS], (double)k->shipments);
    number(&c[CC_VALUE], k->value);
    number(&c[CC_WEIGHT], k->weight);
    c[CC_FIRST_DATE] = (cell){.kind = K_DATE, .s = k->first ? date_text(b, k->first) : NULL};
    c[CC_LAST_DATE] = (cell){.kind = K_DATE, .s = k->last ? date_text(b, k->last) : NULL};
    text(&c[CC_EXAMPLES], kt->examples);
    text(&c[CC_EVIDENCE], kt->evidence);
    cell *src = &c[CC_SOURCES];
    src->kind = K_LINK;
    src->s = r->rule_sources[k->rule];
    if (ru->n_sources && ru->sources[0] < r->rules->n_sources)
        src->target = source_target(b, ru->sources[0]);
    text(&c[CC_WHY], k->reason);
    text(&c[CC_DECISION], decided ? k->decision : "");
    text(&c[CC_NOTES], decided ? k->note : "");
    text(&c[CC_REVIEWED_BY], decided ? k->reviewed_by : "");
    c[CC_REVIEWED_ON] = (cell){.kind = K_DATE, .s = decided ? k->reviewed_on : NULL};
    text(&c[CC_FIRST_SEEN], k->first_seen);
}

/* The Cases sheet's drop-down, its date check on Reviewed on and its severity colours. */
static void case_extras(book *b, lxw_worksheet *ws, lxw_row_t last)
{
    decision_list(b, ws, CC_DECISION, last);
    severity_colours(b, ws, CC_ACTION, CC_SEVERITY, last);
    lxw_data_validation dv;
    memset(&dv, 0, sizeof dv);
    lxw_datetime from = {2000, 1, 1, 0, 0, 0}, to = {2100, 12, 31, 0, 0, 0};
    dv.validate = LXW_VALIDATION_TYPE_DATE;
    dv.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
    dv.minimum_datetime = from;
    dv.maximum_datetime = to;
    dv.input_title = "Reviewed on";
    dv.input_message = "The date of your decision (YYYY-MM-DD)";
    dv.error_title = "Not a date";
    dv.error_message = "Enter the date of the decision, YYYY-MM-DD";
    check(b, worksheet_data_validation_range(ws, 1, CC_REVIEWED_ON, last, CC_REVIEWED_ON, &dv));
}

static const char *const issue_heads[] = {"File",  "Line",   "Record", "Field",
                                          "Value", "Reason", "Outcome"};

static void issue_row(book *b, size_t i, cell *c)
{
    const fl_report *r = b->r;
    if ((b->text_st = fl_report_issue(r, i, &b->issue)) != FL_OK)
        return;
    const fl_issue *is = &b->issue.is;
    text(&c[0], is->path ? is->path : is->file < r->n_inputs ? r->inputs[is->file].path : "");
    number(&c[1], (double)is->line);
    number(&c[2], (double)is->record);
    text(&c[3], is->field);
    text(&c[4], is->value);
    text(&c[5], is->reason);
    text(&c[6], is->rejected ? "rejected" : is->judged ? "judged in full" : "partly judged");
}

static const char *const rule_heads[] = {
    "ID",       "Title",      "Basis",    "Countries", "Regions", "Commodities", "Labor",
    "Severity", "Valid from", "Valid to", "Sources",   "Note",    "File:line",
};

static void rule_row(book *b, size_t i, cell *c)
{
    const fl_ruleset *rs = b->r->rules;
    const fl_rule *ru = &rs->rules[i];
    fl_arena *a = &b->scratch;
    fl_arena_reset(a); /* the previous row's texts have been written */
    char *from = fl_arena_alloc(a, 11), *to = fl_arena_alloc(a, 11);
    char *where = fl_arena_printf(a, "%s:%u", ru->file ? ru->file : "", ru->line);
    if (!from || !to || !where) {
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
    text(&c[3], b->r->rule_countries[i]);
    text(&c[4], b->r->rule_regions[i]);
    text(&c[5], b->r->rule_commodities[i]);
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

#define SUMMARY "Summary" /* the sheet's name, which the charts' ranges name too */
/*
 * The charts sit at the top right (from I3), one under the other, so that they show when
 * the sheet opens and print on its first page whatever the length of the tables.
 */
#define CHART_COL 8
#define CHART_ROW 2
#define CHART_ROWS 17 /* the severity chart's height in rows, and a gap */

typedef struct summary {
    book *b;
    lxw_worksheet *ws;
    lxw_row_t row;
} summary;

/* True when fewer than n rows are left on the sheet. */
static bool s_full(const summary *s, lxw_row_t n)
{
    return s->row > LXW_ROW_MAX - n;
}

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
static void s_tally(summary *s, const char *key, const char *label, uint64_t flags,
                    const uint64_t by_severity[FL_SEV_COUNT], lxw_format *fmt)
{
    put_text(s->b, s->ws, s->row, 0, key, fmt);
    put_text(s->b, s->ws, s->row, 1, label, NULL);
    put_num(s->b, s->ws, s->row, 2, (double)flags, fmt);
    for (int sv = FL_SEV_COUNT - 1, c = 3; sv >= 0; sv--, c++)
        put_num(s->b, s->ws, s->row, (lxw_col_t)c, (double)by_severity[sv], fmt);
    s->row++;
}

/*
 * A tally table and its Total row. Every flag counts once in each tally, so the Total is
 * the report's flag count. *first is the first data row (for a chart); returns the number
 * of data rows written.
 */
static size_t s_tallies(summary *s, const char *title, const char *key, const char *label,
                        const fl_tally *t, size_t n, lxw_row_t *first)
{
    const fl_report *r = s->b->r;
    const char *heads[] = {key, label, "Flags", "Critical", "High", "Medium", "Low"};
    *first = 0;
    if (s_full(s, 6)) /* blank, heading, header, a row, "not shown", Total */
        return 0;
    s_heading(s, title);
    s_heads(s, heads, 7);
    if (!n) {
        put_text(s->b, s->ws, s->row++, 0, "(no flags)", NULL);
        return 0;
    }
    *first = s->row;
    size_t i;
    for (i = 0; i < n && !s_full(s, 3); i++) /* keep two rows for "not shown" and Total */
        s_tally(s, t[i].key, t[i].label, t[i].flags, t[i].by_severity, NULL);
    if (i < n) {
        char *more =
            fl_arena_printf(&s->b->scratch, "(%zu more not shown: the sheet is full)", n - i);
        if (!more) {
            s->b->nomem = true;
            return i;
        }
        put_text(s->b, s->ws, s->row++, 0, more, NULL);
    }
    s_tally(s, "Total", "", r->n_flags, r->by_severity, s->b->bold);
    return i;
}

/*
 * A one-series chart of Summary cells (values against categories), without legend.
 * Returns the series (its chart in *ch), NULL when out of memory.
 */
static lxw_chart_series *s_chart(summary *s, uint8_t type, const char *title, lxw_row_t first,
                                 lxw_row_t last, lxw_col_t cat_col, lxw_col_t val_col,
                                 lxw_chart **out)
{
    lxw_chart *ch = workbook_add_chart(s->b->wb, type);
    lxw_chart_series *se = ch ? chart_add_series(ch, NULL, NULL) : NULL;
    *out = ch;
    if (!se) {
        s->b->nomem = true;
        return NULL;
    }
    chart_series_set_categories(se, SUMMARY, first, cat_col, last, cat_col);
    chart_series_set_values(se, SUMMARY, first, val_col, last, val_col);
    chart_series_set_labels(se);
    chart_title_set_name(ch, title);
    chart_legend_set_position(ch, LXW_CHART_LEGEND_NONE);
    return se;
}

static void s_insert_chart(summary *s, lxw_chart *ch, lxw_row_t row, double y_scale)
{
    lxw_chart_options o;
    memset(&o, 0, sizeof o);
    o.x_offset = 8;
    o.x_scale = 1.25;
    o.y_scale = y_scale;
    if (ch && !failed(s->b))
        check(s->b, worksheet_insert_chart_opt(s->ws, row, CHART_COL, ch, &o));
}

/* Flags by severity, one bar per severity in its colour (rows first..first+3). */
static void s_severity_chart(summary *s, lxw_row_t first)
{
    lxw_chart *ch;
    lxw_chart_series *se = s_chart(s, LXW_CHART_COLUMN, "Flags by severity", first,
                                   first + FL_SEV_COUNT - 1, 0, 2, &ch);
    if (!se)
        return;
    lxw_chart_fill fill[FL_SEV_COUNT];
    lxw_chart_point point[FL_SEV_COUNT];
    lxw_chart_point *points[FL_SEV_COUNT + 1];
    for (int k = 0; k < FL_SEV_COUNT; k++) {
        memset(&fill[k], 0, sizeof fill[k]);
        memset(&point[k], 0, sizeof point[k]);
        fill[k].color = sev_colors[FL_SEV_COUNT - 1 - k]; /* rows go critical -> low */
        point[k].fill = &fill[k];
        points[k] = &point[k];
    }
    points[FL_SEV_COUNT] = NULL;
    check(s->b, chart_series_set_points(se, points));
    s_insert_chart(s, ch, CHART_ROW, 1.0);
}

/* The origin countries with most flags, the most at the top. */
static void s_country_chart(summary *s, lxw_row_t first, size_t n)
{
    size_t k = n < CHART_TOP ? n : CHART_TOP;
    char title[64];
    if (n > CHART_TOP)
        snprintf(title, sizeof title, "Flags by origin country (top %d)", CHART_TOP);
    else
        snprintf(title, sizeof title, "Flags by origin country");
    lxw_chart *ch;
    if (!s_chart(s, LXW_CHART_BAR, title, first, first + (lxw_row_t)k - 1, 1, 2, &ch))
        return;
    /* A bar chart lists categories bottom-up; libxlsxwriter calls its category axis y. */
    chart_axis_set_reverse(ch->y_axis);
    chart_axis_set_interval_unit(ch->y_axis, 1); /* every country named */
    s_insert_chart(s, ch, CHART_ROW + CHART_ROWS, 0.5 + 0.1 * (double)k);
}

/* "TVPRA: 457 rules, latest listing 2024-09-05, newest source 2024-09-05", in scratch. */
static const char *edition_text(book *b, const fl_list_edition *l)
{
    return fl_arena_printf(&b->scratch, "%s: %llu rule%s, latest listing %s%s%s", l->basis,
                           (unsigned long long)l->rules, l->rules == 1 ? "" : "s",
                           l->latest_listing[0] ? l->latest_listing : "(none)",
                           l->latest_source[0] ? ", newest source " : "", l->latest_source);
}

static size_t widest(size_t w, const char *s)
{
    size_t n = fl_textsafe_width(s) + 1;
    return n > w ? n : w;
}

static size_t widest_tally(size_t w, const fl_tally *t, size_t n, bool label)
{
    for (size_t i = 0; i < n; i++)
        w = widest(w, label ? t[i].label : t[i].key);
    return w;
}

/*
 * Column widths of the Summary from what its tables hold (rule ids, importers, paths in A;
 * titles and country names in B), within bounds; the Run section's long values (command
 * line) spill into the empty cells on their right.
 */
static void summary_widths(book *b, lxw_worksheet *ws)
{
    const fl_report *r = b->r;
    size_t a = 34, w = 66;
    for (size_t i = 0; i < r->n_inputs; i++)
        a = widest(a, r->inputs[i].path);
    a = widest_tally(a, r->by_rule, r->n_by_rule, false);
    a = widest_tally(a, r->by_importer, r->n_by_importer, false);
    w = widest_tally(w, r->by_rule, r->n_by_rule, true);
    w = widest_tally(w, r->by_country, r->n_by_country, true);
    for (size_t i = 0; i < r->n_lists; i++) {
        const char *ed = edition_text(b, &r->lists[i]);
        if (!ed) {
            b->nomem = true;
            return;
        }
        w = widest(w, ed);
    }
    fl_arena_reset(&b->scratch);
    double widths[7] = {(double)(a < 60 ? a : 60), (double)(w < 90 ? w : 90), 12, 14, 14, 12, 12};
    for (lxw_col_t c = 0; c < 7; c++)
        check(b, worksheet_set_column(ws, c, c, widths[c], NULL));
}

static const char *fail_on_text(book *b, int fail_on)
{
    if (fail_on == FL_REPORT_UNSET)
        return "n/a";
    if (fail_on < 0 || fail_on >= FL_SEV_COUNT)
        return "none (the exit code does not depend on flags)";
    const char *sev = fl_severity_str((fl_severity)fail_on);
    return fl_arena_printf(&b->scratch, "%s (exit code 1 when a flag is %s or above)", sev, sev);
}

static const char *threshold_text(book *b, double v)
{
    return v < 0 ? "n/a" : fl_arena_printf(&b->scratch, "%.2f", v);
}

/* With a ledger: this run against the previous one, and the rules that changed. */
static void s_since(summary *s)
{
    book *b = s->b;
    const fl_since *v = &b->r->since;
    const char *prev =
        v->prev_run ? fl_arena_printf(&b->scratch, "run %llu of %s",
                                      (unsigned long long)v->prev_run, v->prev_date)
                    : "none: this is the ledger's first run";
    if (!prev) {
        b->nomem = true;
        return;
    }
    s_heading(s, "Since the last run (ledger)");
    s_pair(s, "Ledger", v->ledger);
    s_count(s, "Ledger run", v->run);
    s_pair(s, "Previous run", prev);
    s_count(s, "New", v->n_new);
    s_count(s, "Unchanged", v->n_unchanged);
    s_count(s, "Returning", v->n_returning);
    s_count(s, "Resolved (seen last run, gone now)", v->n_resolved);
    s_count(s, "Suppressed (false positives)", v->n_suppressed);
    /* the two sheets are bounded as the Flags sheet is (cases.h) */
    if (b->r->n_sheet_new < b->r->n_new_flags)
        s_count(s, "New flags on the New flags sheet (the first ones)", b->r->n_sheet_new);
    if (b->r->n_sheet_suppressed < b->r->n_suppressed)
        s_count(s, "Suppressed flags on the Suppressed sheet (the first ones)",
                b->r->n_sheet_suppressed);
    s_count(s, "Reopened (rule changed since the decision)", v->n_reopened);
    s_count(s, "Decisions recorded", v->n_decisions);
    if (!v->rules_changed)
        return;
    static const char *const heads[] = {"Rule ID", "Change"};
    s_heading(s, "Rule changes since the last run");
    char *versions = fl_arena_printf(&b->scratch, "%s -> %s", v->prev_ruleset_version,
                                     b->r->rules ? b->r->rules->version : "");
    if (!versions) {
        b->nomem = true;
        return;
    }
    s_pair(s, "Versions (last run -> this run)", versions);
    s_heads(s, heads, 2);
    size_t i;
    for (i = 0; i < v->n_rule_changes && !s_full(s, 2); i++) {
        put_text(b, s->ws, s->row, 0, v->rule_changes[i].rule_id, NULL);
        put_text(b, s->ws, s->row, 1, v->rule_changes[i].change, NULL);
        s->row++;
    }
    if (!v->n_rule_changes)
        put_text(b, s->ws, s->row++, 0,
                 "(no rule changed: only sources or descriptions did)", NULL);
}

/* Summary, part 1: the run stamp and its thresholds. False when out of memory. */
static bool s_run(summary *s)
{
    book *b = s->b;
    const fl_report *r = b->r;
    const fl_ruleset *rs = r->rules;
    put_text(b, s->ws, s->row++, 0, "flscan forced-labor and child-labor risk screening", b->title);
    s_heading(s, "Run");
    char *tool = fl_arena_printf(&b->scratch, "flscan %s", r->tool_version ? r->tool_version : "");
    const char *fail_on = fail_on_text(b, r->fail_on);
    const char *match = threshold_text(b, r->entity_match);
    const char *review = threshold_text(b, r->entity_review);
    if (!tool || !fail_on || !match || !review)
        return false;
    s_pair(s, "Tool", tool);
    s_pair(s, "Run date", r->run_date);
    s_pair(s, "Command line", r->command_line);
    s_pair(s, "Rule set", rs ? rs->name : "");
    s_pair(s, "Rule set version", rs ? rs->version : "");
    s_pair(s, "Rule set date", rs ? rs->date : "");
    s_pair(s, "Rule set SHA-256", rs ? rs->sha256 : "");
    s_pair(s, "Libraries", r->lib_versions);

    s_heading(s, "Thresholds");
    s_pair(s, "As of", r->as_of[0] ? r->as_of : "record dates");
    s_pair(s, "Fail on", fail_on);
    s_pair(s, "Entity match threshold", match);
    s_pair(s, "Entity review threshold", review);
    return true;
}

/* Summary, part 2: the lists of the rule set, their editions and dates. */
static bool s_lists(summary *s)
{
    book *b = s->b;
    const fl_report *r = b->r;
    static const char *const list_heads[] = {"List", "Edition", "Rules", "Latest listing",
                                             "Newest source", "Coverage (official size)"};
    s_heading(s, "Lists (edition and date, from the rule set)");
    s_heads(s, list_heads, 6);
    for (size_t i = 0; i < r->n_lists; i++) {
        const fl_list_edition *l = &r->lists[i];
        const char *ed = edition_text(b, l);
        if (!ed)
            return false;
        put_text(b, s->ws, s->row, 0, l->basis, NULL);
        put_text(b, s->ws, s->row, 1, ed, NULL);
        put_num(b, s->ws, s->row, 2, (double)l->rules, NULL);
        put_text(b, s->ws, s->row, 3, l->latest_listing, b->center);
        put_text(b, s->ws, s->row, 4, l->latest_source, b->center);
        /* the cells on its right stay empty, so the text reads on across them */
        put_text(b, s->ws, s->row, 5, l->coverage && *l->coverage ? l->coverage : "(no official "
                 "size in the rule set)", NULL);
        s->row++;
    }
    if (!r->n_lists)
        put_text(b, s->ws, s->row++, 0, "(no rules)", NULL);
    return true;
}

/* Summary, part 3: every input with its digest, the supplier list and holdings too. */
static void s_inputs(summary *s)
{
    book *b = s->b;
    const fl_report *r = b->r;
    static const char *const input_heads[] = {"File",    "SHA-256", "Size (bytes)", "Records",
                                              "Flagged", "Clean",   "Rejected",     "Source",
                                              "Vendor profile"};
    s_heading(s, "Inputs");
    s_heads(s, input_heads, 9);
    for (size_t i = 0; i < r->n_inputs; i++) {
        const fl_input *in = &r->inputs[i];
        put_text(b, s->ws, s->row, 0, in->path, NULL);
        put_text(b, s->ws, s->row, 1, in->sha256, NULL);
        put_num(b, s->ws, s->row, 2, (double)in->size, NULL);
        put_num(b, s->ws, s->row, 3, (double)in->records, NULL);
        put_num(b, s->ws, s->row, 4, (double)in->flagged, NULL);
        put_num(b, s->ws, s->row, 5, (double)in->clean, NULL);
        put_num(b, s->ws, s->row, 6, (double)in->rejected, NULL);
        put_text(b, s->ws, s->row, 7, in->source, NULL);
        if (in->vendor) {
            char how[200];
            snprintf(how, sizeof how, "%s (%s)", in->vendor,
                     in->vendor_forced ? "--vendor" : "detected from the header");
            put_text(b, s->ws, s->row, 8, how, NULL);
        }
        s->row++;
    }
    /* the other inputs of the run: rows of their own sheets, not screened shipments */
    const char *other_path[2] = {r->roll.suppliers_path, r->roll.holdings_path};
    const char *other_sha[2] = {r->roll.suppliers_sha256, r->roll.holdings_sha256};
    const size_t other_n[2] = {r->roll.n_suppliers, r->roll.n_holdings};
    const uint64_t other_bytes[2] = {r->roll.suppliers_bytes, r->roll.holdings_bytes};
    static const char *const other_kind[2] = {" (supplier list)", " (holdings)"};
    for (int k = 0; k < 2; k++) {
        if (!other_path[k])
            continue;
        char label[1024];
        snprintf(label, sizeof label, "%s%s", other_path[k], other_kind[k]);
        put_text(b, s->ws, s->row, 0, label, NULL);
        put_text(b, s->ws, s->row, 1, other_sha[k] ? other_sha[k] : "", NULL);
        put_num(b, s->ws, s->row, 2, (double)other_bytes[k], NULL);
        put_num(b, s->ws, s->row, 3, (double)other_n[k], NULL);
        s->row++;
    }
}

/*
 * With holdings: the portfolio's weighted total (the Portfolio sheet holds one row per
 * holding and nothing else, so that its autofilter covers all of it).
 */
static void s_portfolio(summary *s)
{
    book *b = s->b;
    const fl_rollups *ro = &b->r->roll;
    size_t with = 0;
    for (size_t k = 0; k < ro->n_holdings; k++)
        with += ro->holdings[k].has_trade;
    s_heading(s, "Portfolio total (holdings; per holding on the Portfolio sheet)");
    s_count(s, "Holdings", ro->n_holdings);
    s_count(s, "Holdings with trade data", with);
    put_text(b, s->ws, s->row, 0, "Weight", NULL);
    put_num(b, s->ws, s->row++, 1, ro->weight_total, NULL);
    put_text(b, s->ws, s->row, 0, "Weight with trade data", NULL);
    put_num(b, s->ws, s->row++, 1, ro->weight_with_trade, NULL);
    put_text(b, s->ws, s->row, 0, "Weighted exposure score", NULL);
    if (ro->portfolio_score < 0)
        put_text(b, s->ws, s->row, 1, "no trade data", NULL);
    else
        put_num(b, s->ws, s->row, 1, ro->portfolio_score, b->amt);
    s->row++;
}

/* Summary: the cases by status, and the flags the workbook leaves to the CSV/JSONL. */
static void s_cases(summary *s)
{
    const fl_report *r = s->b->r;
    s_heading(s, "Cases (flags grouped by rule, shipper or supplier, and importer; see Read me)");
    s_count(s, "Cases", r->n_cases);
    for (int k = 0; k < FL_CASE_STATUS_COUNT; k++) {
        char label[64];
        snprintf(label, sizeof label, "Cases %s", fl_case_status_str((fl_case_status)k));
        s_count(s, label, r->cases_by_status[k]);
    }
    size_t shown = r->sheet_flags ? r->n_sheet_flags : r->n_flags;
    s_count(s, "Flags on the Flags sheet", shown);
    s_count(s, "Flags in the flags CSV/JSONL only", r->n_flags - shown);
}

/* Summary, part 4: totals, the comparison with the last run, flags by severity. */
static void s_totals(summary *s)
{
    book *b = s->b;
    const fl_report *r = b->r;
    s_heading(s, "Totals (records read = flagged + clean + rejected)");
    s_count(s, "Records read", r->read);
    s_count(s, "Flagged", r->flagged);
    s_count(s, "Clean", r->clean);
    s_count(s, "Rejected", r->rejected);
    s_count(s, "Flags", r->n_flags);
    s_count(s, "Data-quality issues", r->n_issues);
    s_cases(s);
    if (r->roll.portfolio_on)
        s_portfolio(s);
    if (r->since.on)
        s_since(s);

    static const char *const sev_heads[] = {"Severity", "Action", "Flags"};
    s_heading(s, "Flags by severity");
    s_heads(s, sev_heads, 3);
    lxw_row_t sev_first = s->row;
    for (int sv = FL_SEV_COUNT - 1; sv >= 0; sv--) {
        put_text(b, s->ws, s->row, 0, fl_severity_str((fl_severity)sv), b->sev_fill[sv]);
        put_text(b, s->ws, s->row, 1, fl_action_str((fl_severity)sv), NULL);
        put_num(b, s->ws, s->row, 2, (double)r->by_severity[sv], NULL);
        s->row++;
    }
    put_text(b, s->ws, s->row, 0, "Total", b->bold);
    put_num(b, s->ws, s->row, 2, (double)r->n_flags, b->bold);
    s->row++;
    s_severity_chart(s, sev_first);
}

static void write_summary(book *b)
{
    const fl_report *r = b->r;
    summary s = {b, add_sheet(b, SUMMARY), 0};
    if (!s.ws)
        return;
    summary_widths(b, s.ws);
    print_setup(b, s.ws, true, false);
    if (!s_run(&s) || !s_lists(&s)) {
        b->nomem = true;
        return;
    }
    s_inputs(&s);
    s_totals(&s);
    lxw_row_t first;
    s_tallies(&s, "Flags by basis", "Basis", "", r->by_basis, r->n_by_basis, &first);
    s_tallies(&s, "Flags by rule", "Rule ID", "Title", r->by_rule, r->n_by_rule, &first);
    size_t shown = s_tallies(&s, "Flags by origin country", "Origin", "Country", r->by_country,
                             r->n_by_country, &first);
    if (shown)
        s_country_chart(&s, first, shown);
    s_tallies(&s, "Flags by importer", "Importer", "", r->by_importer, r->n_by_importer, &first);
    fl_arena_reset(&b->scratch);
}

/* ---- read me ------------------------------------------------------------------------- */

typedef enum rm_kind { RM_TITLE, RM_HEAD, RM_TEXT, RM_TERM } rm_kind;

/* One line of the Read me sheet: a term (column A) and its text (column B). */
typedef struct rm_line {
    rm_kind kind;
    int sev; /* colour the term like this severity; -1 for none */
    const char *term, *text;
} rm_line;

static const rm_line readme[] = {
    {RM_TITLE, -1, "How to read this workbook", NULL},
    {RM_TEXT, -1, NULL,
     "flscan screened shipment records against dated, cited lists of goods, regions and "
     "companies linked to forced or child labor."},
    {RM_TEXT, -1, NULL,
     "Each flag says which rule fired, on what evidence, and which public sources the rule "
     "rests on."},
    {RM_HEAD, -1, "What each sheet holds", NULL},
    {RM_TERM, -1, "Summary",
     "The run (date, command, rule set and its SHA-256), the thresholds, each list's size and "
     "date, the inputs,"},
    {RM_TERM, -1, NULL,
     "the totals (records read = flagged + clean + rejected), the cases by status, with "
     "holdings the portfolio's weighted total, and the flags by severity, basis, rule, origin "
     "and importer."},
    {RM_TERM, -1, "Read me", "This page."},
    {RM_TERM, -1, "Cases",
     "Where to review: one row per case, the flags of one rule against one shipper (or the "
     "supplier an inherited flag comes from) for one importer, worst first."},
    {RM_TERM, -1, NULL,
     "Action, Severity, Case, Importer and Shipper or supplier come first and stay in view; "
     "then the status, the shipments with their value, weight and dates, the rule, examples "
     "and evidence."},
    {RM_TERM, -1, NULL,
     "Status: New, Open (seen before, not decided), Decided (a decision covers it and its "
     "later shipments), Returning (Why returning says why)."},
    {RM_TERM, -1, NULL,
     "Fill in Decision, Reviewer notes, Reviewed by and Reviewed on, and give this workbook "
     "back with --reviews. A decision holds until"},
    {RM_TERM, -1, NULL,
     "the rule or list entry changes, the review period (--review-expiry, 365 days by "
     "default) passes, or you set the case back to Open."},
    {RM_TERM, -1, "Flags",
     "One row per flag of the cases that need action (at most 50 a case and 20,000 in all, "
     "the cases at the top of the Cases sheet first; the flags CSV/JSONL hold every flag, "
     "with its case id)."},
    {RM_TERM, -1, NULL,
     "Action, Severity, Record ID, Importer and Shipper come first and stay in view; the rule "
     "and the rest of the record follow. Long texts wrap in their cells."},
    {RM_TERM, -1, NULL,
     "The words a rule matched in the Description are in bold red. Sources links to the "
     "first source's row on the Sources sheet."},
    {RM_TERM, -1, NULL,
     "Disposition (a drop-down list) and Reviewer notes are for your review: with a ledger "
     "they hold the decision carried forward."},
    {RM_TERM, -1, NULL,
     "Fingerprint identifies the flag from run to run; give this workbook back with --reviews "
     "to record your decisions."},
    {RM_TERM, -1, "New flags",
     "With a ledger: the flags first raised by this run (First seen is the first run's date)."},
    {RM_TERM, -1, "Suppressed",
     "With a ledger: flags marked False positive, with who decided and when; they come back "
     "when their rule changes."},
    {RM_TERM, -1, "Importers",
     "Per importer (its spellings grouped): shipments screened, how many were flagged and at "
     "which severity, its cases (as on the Cases sheet) and those to review, the flagged "
     "share of value and weight, the rules and suppliers behind the flags."},
    {RM_TERM, -1, "Exposure",
     "Where each importer's flagged goods come from: one row per HS chapter and origin "
     "country that holds a flag, with shipments, the highest severity and the flagged value."},
    {RM_TERM, -1, "Suppliers",
     "With a supplier list: every supplier, its shipments, the cases against it and those "
     "to review, the rules it matches itself, the rules it inherits from the suppliers "
     "upstream of it, and the chain that carries them. Shipments of a supplier with inherited "
     "exposure are flagged 'indirect'."},
    {RM_TERM, -1, "Portfolio",
     "With holdings: per company held, the importers matched, its flagged shipments and "
     "cases, and an exposure score from 0 to 100 (the formula is on the Notes sheet; the portfolio's "
     "weighted total on the Summary); \"no trade data\" means unknown, not clean."},
    {RM_TERM, -1, "Data quality",
     "Records that could not be judged, or were judged only in part, and why."},
    {RM_TERM, -1, "Rules",
     "Every rule of the rule set used: what it covers, its severity, the dates it is in force, "
     "its sources."},
    {RM_TERM, -1, "Sources", "The public documents the rules cite, with their dates and links."},
    {RM_TERM, -1, "Notes",
     "What the columns of Importers, Exposure, Suppliers and Portfolio count, the supplier "
     "list and holdings files used (path, SHA-256, counts) and the exposure score's formula."},
    {RM_TERM, -1, "Printing",
     "Each table prints landscape with its header row and its first columns (on Cases: "
     "Action to Shipper or supplier; on Flags: Action to Shipper) on every page; a wide "
     "table prints at 60%, its pages across, then down."},
    {RM_HEAD, -1, "What the actions mean", NULL},
    {RM_TERM, FL_SEV_CRITICAL, "HOLD",
     "Critical. Stop and review before the goods ship or are entered: they risk detention by "
     "US Customs (CBP)."},
    {RM_TERM, FL_SEV_HIGH, "REVIEW",
     "High. Review the supply chain before going ahead: ask the supplier for origin and "
     "tracing evidence."},
    {RM_TERM, FL_SEV_MEDIUM, "CAUTION",
     "Medium or low. Note the risk and check it at the next review of this supplier or "
     "product."},
    {RM_HEAD, -1, "Severity policy", NULL},
    {RM_TERM, FL_SEV_CRITICAL, "critical",
     "Active CBP Withhold Release Orders (WROs) and the Uyghur Forced Labor Prevention Act "
     "(UFLPA): import detention risk."},
    {RM_TERM, FL_SEV_HIGH, "high",
     "Goods on the US Department of Labor's TVPRA list for forced labor, and goods on the "
     "E.O. 13126 list."},
    {RM_TERM, FL_SEV_MEDIUM, "medium",
     "Goods on the TVPRA list for child labor only, and downstream goods made with listed "
     "inputs."},
    {RM_TERM, FL_SEV_LOW, "low",
     "Weaker evidence. A match on the description alone (no usable HS code), or on an HS code "
     "the data vendor inferred rather than the shipper declared, is one level below the "
     "rule's severity"},
    {RM_TERM, -1, NULL,
     "(critical gives high, high gives medium, medium gives low); possible company-name "
     "matches are low as well."},
    {RM_HEAD, -1, "Limits", NULL},
    {RM_TEXT, -1, NULL,
     "The lists are partial: the rule set holds what could be sourced and dated. See "
     "rules/README.md for what is missing."},
    {RM_TEXT, -1, NULL, "A flag is a reason to look, not a finding of forced labor."},
    {RM_TEXT, -1, NULL,
     "No flag is not a clearance: the lists do not cover every risk, and a record is judged "
     "only on the data it gives."},
    {RM_TEXT, -1, NULL,
     "Each record is judged by the rules in force on its own date, or on the as-of date on "
     "the Summary."},
    {RM_TEXT, -1, NULL,
     "Records with unusable data are on the Data quality sheet; a rejected record was not "
     "judged at all."},
    {RM_HEAD, -1, "How much of each list the rule set holds", NULL},
    {RM_TEXT, -1, NULL,
     "Each list's official size on a date (rules/coverage.csv, with its source), and how many "
     "of its listings the rule set holds in force on that date:"},
};

/* The coverage lines of the Read me sheet, from the report's lists; returns the next row. */
static lxw_row_t readme_coverage(book *b, lxw_worksheet *ws, lxw_row_t row)
{
    const fl_report *r = b->r;
    bool any = false;
    for (size_t i = 0; i < r->n_lists; i++)
        if (r->lists[i].coverage && *r->lists[i].coverage) {
            put_text(b, ws, row++, 1, r->lists[i].coverage, NULL);
            any = true;
        }
    if (!any)
        put_text(b, ws, row++, 1, "(the rule set gives no official list sizes)", NULL);
    put_text(b, ws, row++, 1, "A list held below half of its size means that records may "
             "match listings the rule set lacks: flscan rules import loads an official export.",
             NULL);
    return row;
}

static void write_readme(book *b)
{
    lxw_worksheet *ws = add_sheet(b, "Read me");
    if (!ws)
        return;
    check(b, worksheet_set_column(ws, 0, 0, 16, NULL));
    check(b, worksheet_set_column(ws, 1, 1, 112, NULL));
    print_setup(b, ws, false, false);
    lxw_row_t row = 0;
    for (size_t i = 0; i < sizeof readme / sizeof readme[0]; i++) {
        const rm_line *l = &readme[i];
        if (l->kind == RM_HEAD)
            row++; /* a blank row before every section */
        lxw_format *fmt = l->kind == RM_TITLE  ? b->title
                          : l->kind == RM_HEAD ? b->heading
                          : l->sev >= 0        ? b->sev_fill[l->sev]
                          : l->term            ? b->bold
                                               : NULL;
        put_text(b, ws, row, 0, l->term, fmt);
        put_text(b, ws, row, 1, l->text, NULL);
        row++;
        if (l->kind == RM_TITLE)
            row++;
    }
    readme_coverage(b, ws, row);
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
    fl_rowview flags, recs;
    fl_report_view(r, FL_ROWS_FLAGS, &flags);
    fl_report_view(r, FL_ROWS_RECS, &recs);
    for (size_t i = 0; i < r->n_flags && bytes <= ZIP64_BYTES; i++) {
        const fl_flag *f = fl_flag_get(&flags, i);
        const fl_recinfo *ri = fl_rec_get(&recs, f->rec);
        /* the texts' lengths, known without reading them back (NULs not counted) */
        uint64_t text = f->evidence_len + strlen(r->rules->rules[f->rule].title) + 200;
        text += ri->text_len - FL_F_COUNT;
        if (ri->file < r->n_inputs)
            text += strlen(r->inputs[ri->file].path);
        bytes += 2000 + 2 * text; /* markup, with a link and a rich string */
    }
    /* a failure to read them back shows when the rows are written */
    fl_rowview_end(&flags);
    fl_rowview_end(&recs);
    fl_issuetext it = {0};
    for (size_t i = 0; i < r->n_issues && bytes <= ZIP64_BYTES; i++) {
        if (fl_report_issue(r, i, &it) != FL_OK)
            break; /* a failure to read them back shows when the rows are written */
        const fl_issue *is = &it.is;
        bytes += 600 + 2 * (strlen(is->value) + strlen(is->reason) + strlen(is->field) + 100);
    }
    fl_issuetext_free(&it);
    for (size_t i = 0; i < r->roll.n_suppliers && bytes <= ZIP64_BYTES; i++) {
        const fl_supplier_roll *x = &r->roll.suppliers[i];
        bytes += 1500 + 2 * (strlen(x->name) + strlen(x->supplies_to) + strlen(x->own) +
                             strlen(x->inherited) + strlen(x->path));
    }
    return bytes > ZIP64_BYTES;
}

/*
 * Constant-memory mode for big workbooks only. It keeps one row in memory instead of every
 * cell (about 2.5 KB a flag), but libxlsxwriter then cannot read the Summary's cells back to
 * cache them in the charts, so a chart's categories are stored as a bare reference that a
 * reader must resolve itself; small reports get fully cached charts. Rich strings work in
 * both modes. Either way the same report gives the same bytes.
 */
static bool constant_memory(const fl_report *r, const fl_xlsx_opts *o)
{
    if (o && o->memory == FL_XLSX_MEMORY_CONSTANT)
        return true;
    if (o && o->memory == FL_XLSX_MEMORY_FULL)
        return false;
    return r->n_flags + r->n_issues + r->roll.n_importers + r->roll.n_suppliers +
               r->roll.n_holdings >
           FULL_MEMORY_ROWS;
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
    b->bold = workbook_add_format(wb);
    b->center = workbook_add_format(wb);
    b->hl_run = workbook_add_format(wb);
    b->hl_cell = workbook_add_format(wb);
    b->top = workbook_add_format(wb);
    b->wrap = workbook_add_format(wb);
    b->link = workbook_add_format(wb);
    b->amt = workbook_add_format(wb);
    b->date = workbook_add_format(wb);
    for (int sv = 0; sv < FL_SEV_COUNT; sv++)
        b->sev_fill[sv] = workbook_add_format(wb);
    if (!b->title || !b->heading || !b->head || !b->bold || !b->center || !b->hl_run ||
        !b->hl_cell || !b->top || !b->wrap || !b->link || !b->amt || !b->date || !b->sev_fill[0] ||
        !b->sev_fill[1] || !b->sev_fill[2] || !b->sev_fill[3]) {
        b->nomem = true;
        return;
    }
    format_set_bold(b->title);
    format_set_font_size(b->title, 14);
    format_set_bold(b->heading);
    format_set_bold(b->head);
    format_set_text_wrap(b->head);
    format_set_align(b->head, LXW_ALIGN_VERTICAL_TOP);
    format_set_bg_color(b->head, 0xD9E1F2);
    format_set_bottom(b->head, LXW_BORDER_THIN);
    format_set_bold(b->bold);
    format_set_align(b->center, LXW_ALIGN_CENTER);
    format_set_bold(b->hl_run);
    format_set_font_color(b->hl_run, HL_COLOR);
    format_set_bold(b->hl_cell);
    format_set_font_color(b->hl_cell, HL_COLOR);
    format_set_text_wrap(b->hl_cell); /* in Description, a wrapped column */
    format_set_align(b->hl_cell, LXW_ALIGN_VERTICAL_TOP);
    format_set_align(b->top, LXW_ALIGN_VERTICAL_TOP);
    format_set_text_wrap(b->wrap);
    format_set_align(b->wrap, LXW_ALIGN_VERTICAL_TOP);
    format_set_font_color(b->link, LXW_COLOR_BLUE);
    format_set_underline(b->link, LXW_UNDERLINE_SINGLE);
    format_set_text_wrap(b->link);
    format_set_align(b->link, LXW_ALIGN_VERTICAL_TOP);
    format_set_num_format(b->amt, "#,##0.00");
    format_set_num_format(b->date, "yyyy-mm-dd");
    format_set_align(b->date, LXW_ALIGN_VERTICAL_TOP); /* in a table sheet's row */
    for (int sv = 0; sv < FL_SEV_COUNT; sv++) {
        format_set_bg_color(b->sev_fill[sv], sev_colors[sv]);
        format_set_align(b->sev_fill[sv], LXW_ALIGN_VERTICAL_TOP); /* a roll-up sheet's cell */
    }
}

/* ---- roll-up sheets: Importers, Exposure, Suppliers, Portfolio (report.h, fl_rollups) -- */

/*
 * A roll-up sheet is one table: its header in row 1 (frozen, with the autofilter), its rows
 * and nothing under them; the sheet's notes go to the Notes sheet. Widths come from a first
 * pass over the rows, as libxlsxwriter has no autofit and constant-memory mode needs them
 * before the first row.
 */
typedef struct roll_block {
    const char *const *heads;
    size_t n_cols, n_rows;
    /* Fill cells (and formats, NULL = plain) of row i; text may live in b->scratch. */
    void (*row)(book *b, size_t i, cell *cells, lxw_format **fmts);
    uint32_t pct_cols;  /* bit c: column c is a share, shown as a percentage */
    uint32_t amt_cols;  /* bit c: column c is an amount or score, shown with two decimals */
    uint32_t wrap_cols; /* bit c: column c holds long texts, wrapped */
    lxw_col_t key_cols; /* the first columns, frozen and printed on every page; 0 means 1 */
} roll_block;

#define ROLL_COLS 20

static lxw_format *roll_format(book *b, const char *num_format)
{
    lxw_format *f = workbook_add_format(b->wb);
    if (!f) {
        b->nomem = true;
    } else {
        format_set_num_format(f, num_format);
        format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    }
    return f;
}

/* Keep a copy of note (about sheet) for the Notes sheet. */
static void add_note(book *b, const char *sheet, const char *note)
{
    if (failed(b) || !note || !*note)
        return;
    if (!fl_grow((void **)&b->notes, &b->notes_cap, b->n_notes + 1, sizeof *b->notes)) {
        b->nomem = true;
        return;
    }
    sheet_note *n = &b->notes[b->n_notes];
    n->sheet = fl_arena_strdup(&b->note_text, sheet);
    n->text = fl_arena_strdup(&b->note_text, note);
    if (!n->sheet || !n->text)
        b->nomem = true;
    else
        b->n_notes++;
}

static void write_roll_sheet(book *b, const char *name, const roll_block *bl,
                             const char *const *notes, size_t n_notes)
{
    lxw_worksheet *ws = add_sheet(b, name);
    lxw_format *pct = ws ? roll_format(b, "0.0%") : NULL;
    lxw_format *amt = pct ? roll_format(b, "#,##0.00") : NULL;
    if (!ws || !pct || !amt)
        return;
    size_t width[ROLL_COLS] = {0};
    cell cells[ROLL_COLS];
    lxw_format *fmts[ROLL_COLS];
    lxw_col_t key = bl->key_cols ? bl->key_cols : 1;
    for (size_t c = 0; c < bl->n_cols; c++)
        width[c] = strlen(bl->heads[c]) + 2;
    for (size_t i = 0; i < bl->n_rows && !failed(b); i++) {
        memset(cells, 0, sizeof cells);
        bl->row(b, i, cells, fmts);
        for (size_t c = 0; c < bl->n_cols; c++)
            if (cell_width(&cells[c]) + 1 > width[c])
                width[c] = cell_width(&cells[c]) + 1;
    }
    size_t px = set_widths(b, ws, width, bl->n_cols, key, bl->wrap_cols);
    put_heads(b, ws, bl->heads, bl->n_cols, width, cells);
    /* Rows past Excel's limit are left out, and a note says how many. */
    lxw_row_t row = 1;
    size_t left_out = 0;
    for (size_t i = 0; i < bl->n_rows && !failed(b); i++) {
        if (row >= LXW_ROW_MAX) {
            left_out = bl->n_rows - i;
            break;
        }
        memset(cells, 0, sizeof cells);
        for (size_t c = 0; c < ROLL_COLS; c++)
            fmts[c] = NULL;
        bl->row(b, i, cells, fmts);
        fit_row(b, ws, row, cells, width, bl->n_cols, key, bl->wrap_cols);
        for (size_t c = 0; c < bl->n_cols; c++) {
            if (cells[c].kind == K_NUM)
                put_num(b, ws, row, (lxw_col_t)c, cells[c].num,
                        (bl->pct_cols >> c) & 1   ? pct
                        : (bl->amt_cols >> c) & 1 ? amt
                                                  : fmts[c]);
            else
                put_text(b, ws, row, (lxw_col_t)c, cells[c].s, fmts[c]);
        }
        row++;
    }
    worksheet_freeze_panes(ws, 1, key);
    check(b, worksheet_autofilter(ws, 0, 0, row - 1, (lxw_col_t)(bl->n_cols - 1)));
    print_table(b, ws, key, px);
    for (size_t i = 0; i < n_notes; i++) /* (a note may live in b->scratch) */
        add_note(b, name, notes[i]);
    if (left_out) {
        char *t =
            fl_arena_printf(&b->scratch, "%zu rows left out: over Excel's row limit", left_out);
        add_note(b, name, t ? t : "rows left out: over Excel's row limit");
    }
    fl_arena_reset(&b->scratch);
}

/* A share as a number, or "n/a" when its total is 0. */
static void share(cell *c, double v)
{
    if (v < 0)
        text(c, "n/a");
    else
        number(c, v);
}

/* Severity words with the severity's fill; "" (no fill) for -1. */
static void severity_cell(book *b, cell *c, lxw_format **fmt, int sev)
{
    if (sev < 0 || sev >= FL_SEV_COUNT)
        return;
    text(c, fl_severity_str((fl_severity)sev));
    *fmt = b->sev_fill[sev];
}

/* "KEY (n flags[, label])" joined with "; " into the scratch arena. */
static const char *tally_text(book *b, const fl_tally *t, size_t n, bool with_label)
{
    char *s = fl_arena_strdup(&b->scratch, "");
    for (size_t i = 0; i < n && s; i++)
        s = fl_arena_printf(&b->scratch, "%s%s%s (%llu%s%s)", s, i ? "; " : "", t[i].key,
                            (unsigned long long)t[i].flags, with_label && t[i].label[0] ? ", " : "",
                            with_label ? t[i].label : "");
    if (!s)
        b->nomem = true;
    return s;
}

static const char *const importer_heads[] = {"Importer",
                                             "Spellings",
                                             "Shipments",
                                             "Flagged",
                                             "Critical",
                                             "High",
                                             "Medium",
                                             "Low",
                                             "Cases",
                                             "Cases to review",
                                             "Value",
                                             "Flagged value",
                                             "Flagged value share",
                                             "Weight",
                                             "Flagged weight",
                                             "Flagged weight share",
                                             "Top rules",
                                             "Top suppliers (direct / indirect)"};

static void importer_row(book *b, size_t i, cell *c, lxw_format **fmt)
{
    const fl_importer_roll *x = &b->r->roll.importers[i];
    (void)fmt;
    text(&c[0], x->name);
    text(&c[1], x->spellings);
    number(&c[2], (double)x->shipments);
    number(&c[3], (double)x->flagged);
    for (int s = FL_SEV_COUNT - 1, k = 4; s >= 0; s--, k++)
        number(&c[k], (double)x->by_severity[s]);
    number(&c[8], (double)x->cases);
    number(&c[9], (double)x->cases_to_review);
    number(&c[10], x->value);
    number(&c[11], x->flagged_value);
    share(&c[12], x->value_share);
    number(&c[13], x->weight);
    number(&c[14], x->flagged_weight);
    share(&c[15], x->weight_share);
    text(&c[16], tally_text(b, x->top_rules, x->n_top_rules, false));
    text(&c[17], tally_text(b, x->top_suppliers, x->n_top_suppliers, true));
}

static const char *const exposure_heads[] = {"Importer",  "HS chapter",    "Origin",
                                             "Shipments", "Flagged",       "Highest severity",
                                             "Value",     "Flagged value", "Flagged value share"};

/* The exposure rows: every importer's cells, in importer order (row i of all of them). */
static void exposure_row(book *b, size_t i, cell *c, lxw_format **fmt)
{
    const fl_rollups *ro = &b->r->roll;
    size_t k = 0;
    while (k < ro->n_importers && i >= ro->importers[k].n_exposure)
        i -= ro->importers[k++].n_exposure;
    if (k == ro->n_importers)
        return;
    const fl_exposure_cell *e = &ro->importers[k].exposure[i];
    text(&c[0], ro->importers[k].name);
    text(&c[1], e->chapter[0] ? e->chapter : "(no HS code)");
    text(&c[2], e->origin[0] ? e->origin : "(unknown)");
    number(&c[3], (double)e->shipments);
    number(&c[4], (double)e->flagged);
    severity_cell(b, &c[5], &fmt[5], e->top);
    number(&c[6], e->value);
    number(&c[7], e->flagged_value);
    share(&c[8], e->value_share);
}

static void write_importers(book *b)
{
    const fl_rollups *ro = &b->r->roll;
    if (!ro->importers_on)
        return;
    size_t n_exp = 0;
    for (size_t i = 0; i < ro->n_importers; i++)
        n_exp += ro->importers[i].n_exposure;
    const roll_block importers = {
        .heads = importer_heads,
        .n_cols = 18,
        .n_rows = ro->n_importers,
        .row = importer_row,
        .pct_cols = (1u << 12) | (1u << 15),
        .amt_cols = (1u << 10) | (1u << 11) | (1u << 13) | (1u << 14),
        .wrap_cols = (1u << 1) | (1u << 16) | (1u << 17),
    };
    const roll_block exposure = {
        .heads = exposure_heads,
        .n_cols = 9,
        .n_rows = n_exp,
        .row = exposure_row,
        .pct_cols = 1u << 8,
        .amt_cols = (1u << 6) | (1u << 7),
        .key_cols = 3, /* Importer, HS chapter, Origin */
    };
    static const char *const notes[] = {
        "Importers are the shipments' consignees, spellings grouped by name (case, "
        "punctuation, joining words and legal form ignored).",
        "Shipments = records judged (flagged + clean); rejected records are on the Data quality "
        "sheet. Critical ... Low count flagged shipments by their highest severity.",
        "Cases: the rows of the Cases sheet whose importer this is (its spellings grouped the "
        "same way); Cases to review: those not Decided (New, Open, Returning).",
        "Value and weight are summed over the shipments that give a number; a share is flagged "
        "/ all, n/a when no shipment gives one.",
        "Top suppliers: the shipper of a direct, region or entity flag; for an indirect flag the "
        "upstream supplier its exposure comes from.",
    };
    static const char *const exposure_notes[] = {
        "Exposure by HS chapter and origin: one row per importer, HS chapter (the first two "
        "digits of the normalised code) and origin country that holds a flag, importers in the "
        "Importers sheet's order.",
    };
    write_roll_sheet(b, "Importers", &importers, notes, sizeof notes / sizeof *notes);
    write_roll_sheet(b, "Exposure", &exposure, exposure_notes, 1);
}

static const char *const supplier_heads[] = {"Supplier ID",
                                             "Name",
                                             "Country",
                                             "Tier",
                                             "Supplies to",
                                             "Shipments",
                                             "Flagged shipments",
                                             "Cases",
                                             "Cases to review",
                                             "Own severity",
                                             "Own exposure (rule, severity, window: what matched)",
                                             "Inherited severity",
                                             "Inherited rules",
                                             "Worst inherited exposure (path)"};

static void supplier_row(book *b, size_t i, cell *c, lxw_format **fmt)
{
    const fl_supplier_roll *x = &b->r->roll.suppliers[i];
    text(&c[0], x->id);
    text(&c[1], x->name);
    text(&c[2], x->country);
    if (x->tier)
        number(&c[3], (double)x->tier);
    text(&c[4], x->supplies_to);
    number(&c[5], (double)x->shipments);
    number(&c[6], (double)x->flagged);
    number(&c[7], (double)x->cases);
    number(&c[8], (double)x->cases_to_review);
    severity_cell(b, &c[9], &fmt[9], x->own_top);
    text(&c[10], x->own);
    severity_cell(b, &c[11], &fmt[11], x->inherited_top);
    text(&c[12], x->inherited);
    text(&c[13], x->path);
}

static void write_suppliers(book *b)
{
    const fl_rollups *ro = &b->r->roll;
    if (!ro->suppliers_on)
        return;
    const roll_block suppliers = {
        .heads = supplier_heads,
        .n_cols = 14,
        .n_rows = ro->n_suppliers,
        .row = supplier_row,
        .wrap_cols = (1u << 4) | (1u << 10) | (1u << 12) | (1u << 13),
    };
    const char *list = fl_arena_printf(&b->scratch, "Supplier list: %s (SHA-256 %s)",
                                       ro->suppliers_path, ro->suppliers_sha256);
    const char *notes[] = {
        list ? list : "",
        ro->suppliers_notes,
        "Cases: the rows of the Cases sheet against this supplier (the shipper of a direct "
        "case, found as for Shipments; the upstream supplier of an indirect one); Cases to "
        "review: those not Decided.",
        "Own exposure: every rule the supplier matches on some date (its country and "
        "commodities, the regions in its address, its name on an entity list), with the "
        "rule's window. Inherited: the rules its upstream suppliers match, through "
        "supplies_to, however many tiers; a shipment of the supplier is flagged 'indirect' "
        "only for the rules in force on its date.",
        "Severity: WRO and UFLPA exposure keeps its severity at every tier; TVPRA and E.O. "
        "13126 exposure steps down one level per tier between the shipper and the source, "
        "never below low; a commodity named in words is one level down, as for shipments.",
    };
    write_roll_sheet(b, "Suppliers", &suppliers, notes, sizeof notes / sizeof *notes);
}

static const char *const holding_heads[] = {"Holding",
                                            "ISIN",
                                            "Ticker",
                                            "Weight",
                                            "Trade data",
                                            "Importers matched",
                                            "Names not matched",
                                            "Possible importers (not counted)",
                                            "Shipments",
                                            "Flagged",
                                            "Critical",
                                            "High",
                                            "Medium",
                                            "Low",
                                            "Cases",
                                            "Cases to review",
                                            "Value",
                                            "Flagged value",
                                            "Flagged value share",
                                            "Exposure score"};

static void holding_row(book *b, size_t i, cell *c, lxw_format **fmt)
{
    const fl_holding_roll *x = &b->r->roll.holdings[i];
    (void)fmt;
    text(&c[0], x->holding);
    text(&c[1], x->isin);
    text(&c[2], x->ticker);
    number(&c[3], x->weight);
    text(&c[4], !x->has_trade ? "no trade data" : x->by_name ? "yes, by its name" : "yes");
    text(&c[5], x->importers);
    text(&c[6], x->unmatched);
    text(&c[7], x->suggested);
    if (!x->has_trade)
        return;
    number(&c[8], (double)x->shipments);
    number(&c[9], (double)x->flagged);
    for (int s = FL_SEV_COUNT - 1, k = 10; s >= 0; s--, k++)
        number(&c[k], (double)x->by_severity[s]);
    number(&c[14], (double)x->cases);
    number(&c[15], (double)x->cases_to_review);
    number(&c[16], x->value);
    number(&c[17], x->flagged_value);
    share(&c[18], x->value_share);
    number(&c[19], x->score);
}

static void write_portfolio(book *b)
{
    const fl_rollups *ro = &b->r->roll;
    if (!ro->portfolio_on)
        return;
    const roll_block holdings = {
        .heads = holding_heads,
        .n_cols = 20,
        .n_rows = ro->n_holdings,
        .row = holding_row,
        .pct_cols = 1u << 18,
        .amt_cols = (1u << 16) | (1u << 17) | (1u << 19),
        .wrap_cols = (1u << 5) | (1u << 6) | (1u << 7),
    };
    const char *file = fl_arena_printf(&b->scratch, "Holdings: %s (SHA-256 %s)", ro->holdings_path,
                                       ro->holdings_sha256);
    const char *notes[] = {
        ro->score_formula,
        "Importers matched: the holding's importer names found among the shipments' "
        "consignees (case, punctuation and legal form ignored); a holding listed without "
        "importer names is matched by its own name (Trade data: 'yes, by its name').",
        "Possible importers (not counted): importers whose names nearly match the holding's "
        "name or importer names (the same first word, half the words or more in common), "
        "most shipments first, at most 3. They are not in the holding's counts or score: "
        "add the right ones to its importer names to count them.",
        "Cases, Cases to review: the matched importers' (as on the Importers sheet).",
        "The portfolio's weighted total is on the Summary sheet.",
        file ? file : "",
    };
    write_roll_sheet(b, "Portfolio", &holdings, notes, sizeof notes / sizeof *notes);
}

static const char *const note_heads[] = {"Sheet", "Note"};

static void note_row(book *b, size_t i, cell *c)
{
    text(&c[0], b->notes[i].sheet);
    text(&c[1], b->notes[i].text);
}

static void write_sheets(book *b)
{
    const fl_report *r = b->r;
    const fl_ruleset *rs = r->rules;
    /* wrapped: Value, Reason; Title, Countries, Regions, Commodities, Sources, Note; Title,
     * Publisher, URL */
    const uint32_t issue_wrap = (1u << 4) | (1u << 5);
    const uint32_t rule_wrap = (1u << 1) | (7u << 3) | (3u << 10);
    const uint32_t source_wrap = (1u << 1) | (1u << 2) | (1u << 4);
    size_t n_sheet = r->sheet_flags ? r->n_sheet_flags : r->n_flags;
    table cases = {.name = "Cases",
                   .heads = case_heads,
                   .n_cols = N_CASE_COLS,
                   .n_rows = r->n_cases,
                   .row = case_row,
                   .freeze_cols = CASE_KEY_COLS,
                   .wrap_cols = CASE_WRAP_COLS,
                   .case_extras = true};
    table flags = {"Flags",  flag_heads,    N_FLAG_COLS, n_sheet,
                   flag_row, FLAG_KEY_COLS, true,        FLAG_WRAP_COLS};
    table news = {"New flags",  flag_heads,    N_FLAG_COLS, r->n_sheet_new,
                  new_flag_row, FLAG_KEY_COLS, true,        FLAG_WRAP_COLS};
    table sup = {"Suppressed",  flag_heads, N_SUPPRESSED_COLS, r->n_sheet_suppressed, suppressed_row,
                 FLAG_KEY_COLS, true,       FLAG_WRAP_COLS};
    /* key columns: File, Line, Record; ID */
    table issues = {"Data quality", issue_heads, 7, r->n_issues, issue_row, 3, false, issue_wrap};
    table rules = {"Rules", rule_heads, 13, rs ? rs->n_rules : 0, rule_row, 1, false, rule_wrap};
    table sources = {"Sources", source_heads, 5,          rs ? rs->n_sources : 0, source_row,
                     1,         false,        source_wrap};
    write_summary(b);
    write_readme(b);
    write_table(b, &cases);
    write_table(b, &flags);
    if (r->since.on) { /* --ledger */
        write_table(b, &news);
        write_table(b, &sup);
    }
    write_importers(b);
    write_suppliers(b);
    write_portfolio(b);
    write_table(b, &issues);
    write_table(b, &rules);
    write_table(b, &sources);
    /* Last, once every roll-up sheet has left its notes. */
    table notes = {"Notes", note_heads, 2, b->n_notes, note_row, 1, false, 1u << 1};
    if (b->n_notes)
        write_table(b, &notes);
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
    fl_report_view(r, FL_ROWS_FLAGS, &b.flags);
    fl_report_view(r, FL_ROWS_SUPPRESSED, &b.sup);
    fl_report_view(r, FL_ROWS_CASES, &b.cases);
    b.rows_per_sheet =
        o && o->rows_per_sheet && o->rows_per_sheet < SHEET_ROWS ? o->rows_per_sheet : SHEET_ROWS;
    b.links_per_sheet =
        o && o->links_per_sheet && o->links_per_sheet < LINKS_MAX ? o->links_per_sheet : LINKS_MAX;

    if ((r->n_flags && (!r->rules || !r->rule_sources)) ||
        (r->rules && r->rules->n_rules && !r->rule_sources)) {
        fl_error("cannot write '%s': the report was not finished; this is a bug", path);
        return FL_ERR_OUTPUT;
    }
    if ((st = fl_outfile_begin(&out, path, false)) != FL_OK)
        return st;
    begun = true;

    /* libxlsxwriter's scratch files go next to the output (its temporary file: $TMPDIR for
       a device or a FIFO, outfile.h), not to a small /tmp. */
    const char *slash = strrchr(out.tmp_path, '/');
    tmpdir = slash ? strndup(out.tmp_path, (size_t)(slash - out.tmp_path) + 1) : strdup(".");
    if (!tmpdir) {
        st = FL_ERR_NOMEM;
        goto cleanup;
    }
    if (!fl_xlsxzip_ready()) {
        fl_error("cannot write the workbook: minizip, which libxlsxwriter writes it with, was "
                 "not found among the program's libraries; reinstall libminizip1");
        st = FL_ERR_OUTPUT;
        goto cleanup;
    }
    lxw_workbook_options opts;
    memset(&opts, 0, sizeof opts);
    opts.constant_memory = constant_memory(r, o) ? LXW_TRUE : LXW_FALSE;
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
        if (b.text_st != FL_OK) {
            st = b.text_st;
        } else if (b.nomem) {
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
    for (int k = 0; k < 3; k++)
        fl_textsafe_buf_free(&b.part[k]);
    fl_arena_free(&b.scratch);
    fl_arena_free(&b.note_text);
    free(b.notes);
    fl_rectext_free(&b.text);
    fl_casetext_free(&b.case_text);
    fl_issuetext_free(&b.issue);
    fl_rowview_end(&b.flags);
    fl_rowview_end(&b.sup);
    fl_rowview_end(&b.cases);
    return st;
}
