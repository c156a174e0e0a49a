/*
 * table.h - reference tables: CSV files with a header whose columns are found by name.
 *
 * Used for the rule set, the alias tables and other hand-edited tables. Every problem is
 * reported with fl_error() as "file:line:column: message" (column = 1-based field number),
 * because analysts edit these files by hand and need to find the cell.
 */
#ifndef FL_TABLE_H
#define FL_TABLE_H

#include <stddef.h>
#include <stdint.h>
#include "common.h"

typedef struct fl_table_row {
    const char *file;      /* display name for messages (borrowed) */
    uint64_t line;         /* physical line where the row starts */
    const fl_slice *cells; /* one per requested column, in request order; empty when absent */
    const int *colno;      /* 1-based field number of each requested column, 0 when absent */
    const char *const *names; /* requested column names */
} fl_table_row;

/* Return FL_OK to go on; any other status stops reading and is returned. */
typedef fl_status (*fl_table_fn)(const fl_table_row *row, void *ctx);

/*
 * Read path, find the columns named in `columns` (the first n_required must exist; the
 * rest are optional), and call fn for each data row. Rows with a different number of fields
 * than the header are reported and counted as errors. Returns FL_OK, FL_ERR_INPUT (cannot
 * read), FL_ERR_RULES (missing column, ragged row) or what fn returned.
 */
fl_status fl_table_read(const char *path, const char *display, const char *const *columns,
                        size_t n_columns, size_t n_required, fl_table_fn fn, void *ctx);

/* Report a problem in one cell: "file:line:col: <fmt> (column '<name>')". */
void fl_table_error(const fl_table_row *row, size_t cell, const char *fmt, ...)
    FL_PRINTF(3, 4);

/* Copy a cell into buf (NUL-terminated, cut to cap-1). Returns buf. */
char *fl_table_cell(const fl_table_row *row, size_t cell, char *buf, size_t cap);

#endif
