/* rowfile.c - fixed-size rows in an unlinked temporary file; see rowfile.h. */
#include "rowfile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "tempfile.h"

/* Bytes of rows a buffer holds: the append buffer, and each view's window. */
#define WINDOW_BYTES ((size_t)256 * 1024)
/* A view's first window, and one after a jump, is this small: a pass in order reads on into
   full windows, a look-up here and there reads little. */
#define JUMP_BYTES ((size_t)4096)

struct fl_rowfile {
    size_t row;     /* bytes a row */
    char *what;     /* for messages */
    int fd;         /* -1 until the append buffer first fills */
    size_t count;   /* rows pushed */
    size_t on_disk; /* rows in the file: the append buffer holds [on_disk, count) */
    size_t cap;     /* rows the append buffer holds */
    char *buf;
    char *zero; /* a zeroed row, handed out after a failure */
    fl_status st;
};

fl_rowfile *fl_rowfile_new(size_t row_size, const char *what)
{
    fl_rowfile *f = calloc(1, sizeof *f);
    if (!f)
        return NULL;
    f->row = row_size ? row_size : 1;
    f->fd = -1;
    f->cap = WINDOW_BYTES / f->row ? WINDOW_BYTES / f->row : 1;
    f->what = strdup(what ? what : "rows");
    f->zero = calloc(1, f->row);
    /* the append buffer starts small and grows to cap: a small array stays small */
    if (!f->what || !f->zero) {
        fl_rowfile_free(f);
        return NULL;
    }
    return f;
}

void fl_rowfile_free(fl_rowfile *f)
{
    if (!f)
        return;
    if (f->fd >= 0)
        close(f->fd);
    free(f->what);
    free(f->zero);
    free(f->buf);
    free(f);
}

size_t fl_rowfile_count(const fl_rowfile *f)
{
    return f ? f->count : 0;
}

fl_status fl_rowfile_status(const fl_rowfile *f)
{
    return f->st;
}

static fl_status fail(fl_rowfile *f, const char *doing, int err)
{
    if (f->st == FL_OK)
        fl_error("cannot %s the temporary file in '%s' that holds the %s: %s", doing,
                 fl_tempfile_dir(), f->what, err > 0 ? strerror(err) : "unexpected end of file");
    f->st = FL_ERR_OUTPUT;
    return f->st;
}

/* n bytes at p to the file at byte offset at. */
static fl_status put_bytes(fl_rowfile *f, const char *p, size_t n, uint64_t at)
{
    int err = fl_tempfile_write(f->fd, p, n, at);
    return err ? fail(f, "write", err) : FL_OK;
}

/* n bytes at byte offset at of the file into p. */
static fl_status get_bytes(fl_rowfile *f, char *p, size_t n, uint64_t at)
{
    int err = fl_tempfile_read(f->fd, p, n, at);
    return err ? fail(f, "read back", err) : FL_OK;
}

fl_status fl_rowfile_flush(fl_rowfile *f)
{
    if (f->st != FL_OK || f->on_disk == f->count)
        return f->st;
    if (f->fd < 0 && (f->fd = fl_tempfile_open(f->what)) < 0)
        return f->st = FL_ERR_OUTPUT;
    fl_status st = put_bytes(f, f->buf, (f->count - f->on_disk) * f->row,
                             (uint64_t)f->on_disk * f->row);
    if (st == FL_OK)
        f->on_disk = f->count;
    return st;
}

void *fl_rowfile_push(fl_rowfile *f)
{
    if (f->st != FL_OK)
        return NULL;
    size_t used = f->count - f->on_disk;
    if (!f->buf || used == f->cap) {
        if (f->buf && fl_rowfile_flush(f) != FL_OK)
            return NULL;
        if (!f->buf && !(f->buf = malloc(f->cap * f->row))) {
            f->st = FL_ERR_NOMEM;
            return NULL;
        }
        used = 0;
    }
    char *p = f->buf + used * f->row;
    memset(p, 0, f->row);
    f->count++;
    return p;
}

/* Whether row i may be read or written; a message when it is out of range (a bug). */
static bool in_range(fl_rowfile *f, size_t i)
{
    if (f->st != FL_OK)
        return false;
    if (i < f->count)
        return true;
    fl_error("the %s: row %zu asked for, of %zu; this is a bug", f->what, i, f->count);
    f->st = FL_ERR_OUTPUT;
    return false;
}

fl_status fl_rowfile_read(fl_rowfile *f, size_t i, void *dst)
{
    if (!in_range(f, i)) {
        memset(dst, 0, f->row);
        return f->st;
    }
    if (i >= f->on_disk) {
        memcpy(dst, f->buf + (i - f->on_disk) * f->row, f->row);
        return FL_OK;
    }
    fl_status st = get_bytes(f, dst, f->row, (uint64_t)i * f->row);
    if (st != FL_OK)
        memset(dst, 0, f->row);
    return st;
}

fl_status fl_rowfile_write(fl_rowfile *f, size_t i, const void *src)
{
    if (!in_range(f, i))
        return f->st;
    if (i >= f->on_disk) {
        memcpy(f->buf + (i - f->on_disk) * f->row, src, f->row);
        return FL_OK;
    }
    return put_bytes(f, src, f->row, (uint64_t)i * f->row);
}

fl_status fl_rowfile_truncate(fl_rowfile *f, size_t n)
{
    if (n > f->count)
        return FL_OK;
    if (n < f->on_disk) { /* what the buffer held comes after n: dropped with it */
        f->on_disk = n;
        if (f->fd >= 0 && ftruncate(f->fd, (off_t)((uint64_t)n * f->row)) != 0)
            return fail(f, "shorten", errno);
    }
    f->count = n;
    return f->st;
}

void fl_rowview_init(fl_rowview *v, fl_rowfile *f)
{
    memset(v, 0, sizeof *v);
    v->f = f;
}

void fl_rowview_window(fl_rowview *v, size_t bytes)
{
    v->window = bytes;
}

/* Write the window back when it was changed. */
static fl_status write_back(fl_rowview *v)
{
    if (!v->dirty)
        return v->st;
    v->dirty = false;
    fl_status st = put_bytes(v->f, v->buf, v->n * v->f->row, (uint64_t)v->first * v->f->row);
    if (st != FL_OK && v->st == FL_OK)
        v->st = st;
    return v->st;
}

/* The row handed out after a failure: zeroed again, whatever a caller wrote into it. */
static char *zero_row(fl_rowfile *f)
{
    memset(f->zero, 0, f->row);
    return f->zero;
}

/* Row i, through the window (moved when needed) or straight from the append buffer. */
static char *row_at(fl_rowview *v, size_t i, bool edit)
{
    fl_rowfile *f = v->f;
    if (v->st == FL_OK && f->st != FL_OK)
        v->st = f->st;
    if (v->st != FL_OK)
        return zero_row(f);
    if (i >= f->count) {
        fl_error("the %s: row %zu asked for, of %zu; this is a bug", f->what, i, f->count);
        v->st = FL_ERR_OUTPUT;
        return zero_row(f);
    }
    if (i >= f->on_disk) /* not written yet: edited in place, nothing to write back */
        return f->buf + (i - f->on_disk) * f->row;
    if (i < v->first || i >= v->first + v->n) {
        if (write_back(v) != FL_OK)
            return zero_row(f);
        if (!v->buf) {
            v->cap = v->window ? (v->window / f->row ? v->window / f->row : 1) : f->cap;
            if (!(v->buf = malloc(v->cap * f->row))) {
                v->st = FL_ERR_NOMEM;
                return zero_row(f);
            }
        }
        bool onward = v->n && i == v->first + v->n; /* the rows right after the window */
        size_t want = onward ? v->cap : JUMP_BYTES / f->row ? JUMP_BYTES / f->row : 1;
        if (want > v->cap) /* a window set smaller than a jump's */
            want = v->cap;
        v->first = i;
        v->n = f->on_disk - i < want ? f->on_disk - i : want;
        fl_status st = get_bytes(f, v->buf, v->n * f->row, (uint64_t)i * f->row);
        if (st != FL_OK) {
            v->n = 0;
            v->st = st;
            return zero_row(f);
        }
    }
    v->dirty |= edit;
    return v->buf + (i - v->first) * f->row;
}

const void *fl_rowview_get(fl_rowview *v, size_t i)
{
    return row_at(v, i, false);
}

void *fl_rowview_edit(fl_rowview *v, size_t i)
{
    return row_at(v, i, true);
}

fl_status fl_rowview_end(fl_rowview *v)
{
    fl_status st = v->f ? write_back(v) : v->st;
    free(v->buf);
    v->buf = NULL;
    v->n = 0;
    v->first = 0;
    return st;
}
