/*
 * rowfile.h - an array of fixed-size rows kept in an unlinked temporary file, so that memory
 * does not grow with the number of rows.
 *
 * Rows are appended through a buffer (fl_rowfile_push hands out the new row to fill in) and
 * read, or rewritten, through views: a view holds a window of consecutive rows in memory and
 * moves it when a row outside is asked for, writing the window back first when it was
 * edited. Passes that walk the rows in order read each byte once, in 256 KiB windows; a jump
 * (and a view's first row) reads a 4 KiB window, so that look-ups here and there stay cheap.
 *
 * The temporary file is made in $TMPDIR (else /tmp) when the append buffer first fills, and
 * unlinked at once, so a small array never touches the disk and a killed run leaves nothing.
 * The first failure (the file cannot be made, written or read back) prints a message and
 * sticks: every later call reports it, and a view then hands out a zeroed row, so that a
 * pass can run to its end and check the status there.
 *
 * Several views may read at once, from several threads (reads are pread), as long as no view
 * edits rows another reads and nothing is pushed meanwhile.
 */
#ifndef FL_ROWFILE_H
#define FL_ROWFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "common.h"

typedef struct fl_rowfile fl_rowfile;

/* An empty array of rows of row_size bytes; what names them in messages ("flags"). NULL
   when out of memory. */
fl_rowfile *fl_rowfile_new(size_t row_size, const char *what);
void fl_rowfile_free(fl_rowfile *f);

/* Rows pushed so far (the count after any fl_rowfile_truncate). */
size_t fl_rowfile_count(const fl_rowfile *f);

/* FL_OK, or the first failure. */
fl_status fl_rowfile_status(const fl_rowfile *f);

/*
 * A new last row, zeroed, to fill in: valid until the next push, flush or truncate. NULL on
 * failure (the status says which; message printed).
 */
void *fl_rowfile_push(fl_rowfile *f);

/* Write what the append buffer holds to the file. FL_OK or the failure. */
fl_status fl_rowfile_flush(fl_rowfile *f);

/*
 * Row i (< count) copied into dst, or src written as row i, past any view: one row here and
 * there (a cache of rows in memory, written back when it leaves). No view may hold row i
 * meanwhile. FL_OK or the failure (dst then zeroed).
 */
fl_status fl_rowfile_read(fl_rowfile *f, size_t i, void *dst);
fl_status fl_rowfile_write(fl_rowfile *f, size_t i, const void *src);

/* Keep the first n rows (n <= count). FL_OK or the failure. */
fl_status fl_rowfile_truncate(fl_rowfile *f, size_t n);

/* A window onto the rows. Zero-initialise, or fl_rowview_init; end with fl_rowview_end. */
typedef struct fl_rowview {
    fl_rowfile *f;
    char *buf;
    size_t first, n, cap; /* the rows [first, first + n) are in buf, room for cap */
    size_t window;        /* bytes of a full window: 256 KiB, or fl_rowview_window's */
    bool dirty;
    fl_status st;
} fl_rowview;

void fl_rowview_init(fl_rowview *v, fl_rowfile *f);

/* A smaller (or larger) full window for v, before its first row: for many views at once
   (the runs of a merge). At least one row. */
void fl_rowview_window(fl_rowview *v, size_t bytes);

/* Row i (< count) to read: valid until the view's next call. */
const void *fl_rowview_get(fl_rowview *v, size_t i);

/* Row i (< count) to change: written back when the window moves or the view ends. */
void *fl_rowview_edit(fl_rowview *v, size_t i);

/* Write back what was changed and release the window. FL_OK, or the view's first failure. */
fl_status fl_rowview_end(fl_rowview *v);

/* The view's status so far (FL_OK, or its first failure). */
static inline fl_status fl_rowview_status(const fl_rowview *v)
{
    return v->st;
}

#endif
