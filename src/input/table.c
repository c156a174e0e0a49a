/* table.c - named-column CSV tables with located errors; see table.h. */
#include "table.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvread.h"
#include "diag.h"

typedef struct tctx {
    const char *display;
    const char *const *columns;
    size_t n_columns, n_required;
    int *map; /* requested column -> field index, -1 absent */
    int *colno;
    fl_slice *cells;
    size_t n_header;
    fl_table_fn fn;
    void *ctx;
    fl_status st;
    bool any_error;
    bool header_seen;
} tctx;

/* Header cell h names column `name` (stray trailing spaces tolerated). */
static bool header_is(fl_slice h, const char *name)
{
    size_t want = strlen(name);
    while (h.len && h.ptr[h.len - 1] == ' ')
        h.len--;
    return h.len == want && memcmp(h.ptr, name, want) == 0;
}

static int on_row(const fl_csv_row *row, void *p)
{
    tctx *t = p;
    if (row->error) {
        fl_error("%s:%llu: %s%s", t->display, (unsigned long long)row->line,
                 row->index == 0 ? "cannot read the header: " : "", row->error);
        t->any_error = true;
        /* Without a header no later row can be checked; stop rather than report each. */
        if (row->index == 0) {
            t->st = FL_ERR_RULES;
            return 1;
        }
        return 0;
    }
    if (row->index == 0) {
        t->header_seen = true;
        t->n_header = row->n_fields;
        for (size_t c = 0; c < t->n_columns; c++) {
            t->map[c] = -1;
            t->colno[c] = 0;
            for (size_t f = 0; f < row->n_fields; f++) {
                if (!header_is(row->fields[f], t->columns[c]))
                    continue;
                if (t->map[c] < 0) {
                    t->map[c] = (int)f;
                    t->colno[c] = (int)f + 1;
                } else {
                    /* Which of the two an analyst edited is anyone's guess. */
                    fl_error("%s:%llu:%zu: column '%s' appears twice (columns %d and %zu); "
                             "delete one",
                             t->display, (unsigned long long)row->line, f + 1, t->columns[c],
                             t->colno[c], f + 1);
                    t->any_error = true;
                }
            }
            if (c < t->n_required && t->map[c] < 0) {
                fl_error("%s:%llu: missing column '%s'", t->display,
                         (unsigned long long)row->line, t->columns[c]);
                t->st = FL_ERR_RULES;
                return 1;
            }
        }
        return 0;
    }
    if (row->n_fields != t->n_header) {
        fl_error("%s:%llu: %zu fields, but the header has %zu; check for a missing or extra "
                 "comma or an unquoted comma inside a cell",
                 t->display, (unsigned long long)row->line, row->n_fields, t->n_header);
        t->any_error = true;
        return 0;
    }
    for (size_t c = 0; c < t->n_columns; c++) {
        if (t->map[c] >= 0)
            t->cells[c] = row->fields[t->map[c]];
        else
            t->cells[c] = (fl_slice){"", 0};
    }
    fl_table_row tr = {t->display, row->line, t->cells, t->colno, t->columns};
    fl_status st = t->fn(&tr, t->ctx);
    if (st != FL_OK) {
        t->st = st;
        return 1;
    }
    return 0;
}

fl_status fl_table_read(const char *path, const char *display, const char *const *columns,
                        size_t n_columns, size_t n_required, fl_table_fn fn, void *ctx)
{
    tctx t;
    memset(&t, 0, sizeof t);
    t.display = display ? display : path;
    t.columns = columns;
    t.n_columns = n_columns;
    t.n_required = n_required;
    t.fn = fn;
    t.ctx = ctx;
    t.map = calloc(n_columns, sizeof *t.map);
    t.colno = calloc(n_columns, sizeof *t.colno);
    t.cells = calloc(n_columns, sizeof *t.cells);
    fl_status st = FL_ERR_NOMEM;
    if (t.map && t.colno && t.cells) {
        st = fl_csv_read(path, NULL, on_row, NULL, &t, NULL);
        if (st == FL_OK && t.st != FL_OK)
            st = t.st;
        /* An empty file has no header, so it lacks every required column too. */
        if (st == FL_OK && !t.header_seen && !t.any_error && n_required) {
            fl_error("%s: empty file; expected a header with column '%s'", t.display, columns[0]);
            st = FL_ERR_RULES;
        }
        if (st == FL_OK && t.any_error)
            st = FL_ERR_RULES;
    }
    free(t.map);
    free(t.colno);
    free(t.cells);
    return st;
}

void fl_table_error(const fl_table_row *row, size_t cell, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fl_error("%s:%llu:%d: %s (column '%s')", row->file, (unsigned long long)row->line,
             row->colno[cell], msg, row->names[cell]);
}

char *fl_table_cell(const fl_table_row *row, size_t cell, char *buf, size_t cap)
{
    size_t n = row->cells[cell].len;
    if (n >= cap)
        n = cap - 1;
    memcpy(buf, row->cells[cell].ptr, n);
    buf[n] = '\0';
    return buf;
}
