/* ruletab.c - rule tables as editable text; see ruletab.h. */
#include "ruletab.h"

#include <stdlib.h>
#include <string.h>

#include "refdata.h"
#include "table.h"

static void free_row(char **row, size_t ncols)
{
    if (!row)
        return;
    for (size_t c = 0; c < ncols; c++)
        free(row[c]);
    free(row);
}

static char **copy_row(const char *const *cells, size_t ncols)
{
    char **row = calloc(ncols, sizeof *row);
    if (!row)
        return NULL;
    for (size_t c = 0; c < ncols; c++)
        if (!(row[c] = strdup(cells[c] ? cells[c] : ""))) {
            free_row(row, ncols);
            return NULL;
        }
    return row;
}

static bool make_room(fl_rtab *t)
{
    if (t->n < t->cap)
        return true;
    size_t cap = t->cap ? t->cap * 2 : 64;
    char ***rows = realloc(t->rows, cap * sizeof *rows);
    if (!rows)
        return false;
    t->rows = rows;
    uint64_t *lines = realloc(t->lines, cap * sizeof *lines);
    if (!lines)
        return false;
    t->lines = lines;
    t->cap = cap;
    return true;
}

static fl_status on_row(const fl_table_row *row, void *p)
{
    fl_rtab *t = p;
    if (!make_room(t))
        return FL_ERR_NOMEM;
    char **cells = calloc(t->ncols, sizeof *cells);
    if (!cells)
        return FL_ERR_NOMEM;
    for (size_t c = 0; c < t->ncols; c++)
        if (!(cells[c] = strndup(row->cells[c].ptr, row->cells[c].len))) {
            free_row(cells, t->ncols);
            return FL_ERR_NOMEM;
        }
    t->rows[t->n] = cells;
    t->lines[t->n++] = row->line;
    return FL_OK;
}

fl_status fl_rtab_read(fl_rtab *t, const char *dir, const char *name, const char *const *cols,
                       size_t ncols)
{
    memset(t, 0, sizeof *t);
    t->name = name;
    t->cols = cols;
    t->ncols = ncols;
    char *path = fl_path_join(dir, name);
    if (!path)
        return FL_ERR_NOMEM;
    fl_status st = fl_table_read(path, name, cols, ncols, ncols, on_row, t);
    free(path);
    return st;
}

size_t fl_rtab_find(const fl_rtab *t, size_t col, const char *value)
{
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->rows[i][col], value) == 0)
            return i;
    return SIZE_MAX;
}

size_t fl_rtab_find_line(const fl_rtab *t, uint64_t line)
{
    for (size_t i = 0; i < t->n; i++)
        if (t->lines[i] == line)
            return i;
    return SIZE_MAX;
}

bool fl_rtab_set(fl_rtab *t, size_t row, size_t col, const char *value)
{
    if (strcmp(t->rows[row][col], value) == 0)
        return true;
    char *v = strdup(value);
    if (!v)
        return false;
    free(t->rows[row][col]);
    t->rows[row][col] = v;
    t->dirty = true;
    return true;
}

size_t fl_rtab_insert(fl_rtab *t, size_t at, bool sorted, const char *const *cells)
{
    if (!make_room(t))
        return SIZE_MAX;
    char **row = copy_row(cells, t->ncols);
    if (!row)
        return SIZE_MAX;
    if (sorted) {
        at = 0;
        while (at < t->n && strcmp(t->rows[at][0], row[0]) < 0)
            at++;
    }
    if (at > t->n)
        at = t->n;
    memmove(t->rows + at + 1, t->rows + at, (t->n - at) * sizeof *t->rows);
    memmove(t->lines + at + 1, t->lines + at, (t->n - at) * sizeof *t->lines);
    t->rows[at] = row;
    t->lines[at] = 0;
    t->n++;
    t->dirty = true;
    return at;
}

/* One cell as Python's csv module writes it (QUOTE_MINIMAL). */
static bool put_cell(FILE *fp, const char *s)
{
    if (!strpbrk(s, ",\"\r\n"))
        return fputs(s, fp) >= 0;
    if (fputc('"', fp) == EOF)
        return false;
    for (; *s; s++) {
        if (*s == '"' && fputc('"', fp) == EOF)
            return false;
        if (fputc(*s, fp) == EOF)
            return false;
    }
    return fputc('"', fp) != EOF;
}

static bool put_row(FILE *fp, const char *const *cells, size_t ncols)
{
    for (size_t c = 0; c < ncols; c++)
        if ((c && fputc(',', fp) == EOF) || !put_cell(fp, cells[c]))
            return false;
    return fputc('\n', fp) != EOF;
}

bool fl_rtab_write(const fl_rtab *t, FILE *fp)
{
    if (!put_row(fp, t->cols, t->ncols))
        return false;
    for (size_t i = 0; i < t->n; i++)
        if (!put_row(fp, (const char *const *)t->rows[i], t->ncols))
            return false;
    return true;
}

void fl_rtab_free(fl_rtab *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->n; i++)
        free_row(t->rows[i], t->ncols);
    free(t->rows);
    free(t->lines);
    memset(t, 0, sizeof *t);
}
