/*
 * ruletab.h - one table of the rule set as text, for editing in place (flscan rules import).
 *
 * A table is read with its documented header (rules/README.md) and kept as rows of cells,
 * each cell a copy of the text as written. Writing gives the file back in the form the rule
 * builder (rules/tools/build_rules.py, Python's csv module) writes it: the header, one line a
 * row ending in "\n", a cell quoted only when it holds a comma, a double quote (doubled) or
 * a line break. A table read and written without an edit is byte-identical to a builder's
 * file, so an import changes only the lines it means to.
 */
#ifndef FL_RULETAB_H
#define FL_RULETAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "common.h"

typedef struct fl_rtab {
    const char *name;         /* the file's name in the rule set ("entities.csv"), borrowed */
    const char *const *cols;  /* the header, borrowed (static tables) */
    size_t ncols;
    char ***rows;             /* rows[i][c]: owned, NUL-terminated */
    uint64_t *lines;          /* the line each row started on when read; 0 for a new row */
    size_t n, cap;
    bool dirty;               /* edited since read */
} fl_rtab;

/*
 * Read dir/name with exactly the columns cols[0..ncols) (all required; extra columns are not
 * kept). Errors are reported as file:line:column (table.h). Returns FL_OK, FL_ERR_INPUT,
 * FL_ERR_RULES or FL_ERR_NOMEM; *t is usable (and must be freed) in every case.
 */
fl_status fl_rtab_read(fl_rtab *t, const char *dir, const char *name, const char *const *cols,
                       size_t ncols);

/* The first row whose cell col equals value, or SIZE_MAX. */
size_t fl_rtab_find(const fl_rtab *t, size_t col, const char *value);

/* The row read from line, or SIZE_MAX. */
size_t fl_rtab_find_line(const fl_rtab *t, uint64_t line);

/* Set a cell to a copy of value; marks the table dirty when the text changes. False when
   out of memory. */
bool fl_rtab_set(fl_rtab *t, size_t row, size_t col, const char *value);

/*
 * Insert a row of copies of cells[0..ncols) before row at (at >= n: append), or, with
 * sorted, where cell 0 keeps the rows in byte order (the builder sorts the rules and
 * sources tables by id). Returns the new row's index, or SIZE_MAX when out of memory.
 */
size_t fl_rtab_insert(fl_rtab *t, size_t at, bool sorted, const char *const *cells);

/* Write the table to fp as described above. False on a write error (errno set). */
bool fl_rtab_write(const fl_rtab *t, FILE *fp);

void fl_rtab_free(fl_rtab *t);

#endif
