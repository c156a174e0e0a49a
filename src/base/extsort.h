/*
 * extsort.h - fixed-size rows put in order in bounded memory.
 *
 * Rows are gathered in a buffer of a set size; each time it fills, it is sorted and written
 * as a run to a temporary file (rowfile.h). Once every row is in, they are read back in
 * order, the runs merged as they are read: memory holds the buffer while rows come, and a
 * window of each run (64 KiB) while they go. When every row fits in the buffer, nothing
 * touches the disk.
 *
 * The order of rows the comparison calls equal is not defined: make it total (a sequence
 * number as the last key) where the order matters.
 */
#ifndef FL_EXTSORT_H
#define FL_EXTSORT_H

#include <stddef.h>
#include "common.h"

typedef struct fl_extsort fl_extsort;

/* Negative, 0 or positive as row a comes before, with, or after row b. */
typedef int (*fl_extsort_cmp)(const void *a, const void *b);

/*
 * A sort of rows of row_size bytes in a buffer of about memory bytes (at least one row);
 * what names the rows in messages. NULL when out of memory.
 */
fl_extsort *fl_extsort_new(size_t row_size, size_t memory, fl_extsort_cmp cmp, const char *what);
void fl_extsort_free(fl_extsort *s);

/* A new row, zeroed, to fill in: valid until the next call. NULL on failure (the status
   says which; message printed). Not after fl_extsort_sort. */
void *fl_extsort_push(fl_extsort *s);

/* Rows pushed so far. */
size_t fl_extsort_count(const fl_extsort *s);

/* No more rows: make ready to read them in order. FL_OK or the failure. */
fl_status fl_extsort_sort(fl_extsort *s);

/* The next row in order, valid until the next call; NULL after the last, or on failure
   (check the status at the end). */
const void *fl_extsort_next(fl_extsort *s);

/* FL_OK, or the first failure. */
fl_status fl_extsort_status(const fl_extsort *s);

#endif
