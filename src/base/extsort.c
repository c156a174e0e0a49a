/* extsort.c - fixed-size rows put in order in bounded memory; see extsort.h. */
#include "extsort.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "rowfile.h"

/* Bytes each run's view reads at a time while they are merged: at most MERGE_WINDOW, less
   when the runs are many, so that the windows together take no more than the buffer did
   (down to MERGE_WINDOW_MIN each). */
#define MERGE_WINDOW ((size_t)64 * 1024)
#define MERGE_WINDOW_MIN ((size_t)4 * 1024)

struct fl_extsort {
    size_t row;
    fl_extsort_cmp cmp;
    char *what;
    char *buf;     /* the rows not yet in a run */
    size_t cap, n; /* rows buf holds, and has room for */
    size_t pushed;
    fl_rowfile *runs; /* the runs, back to back; NULL while none */
    size_t *run_end;  /* the row after each run's last */
    size_t n_runs, cap_runs;
    bool sorted;
    size_t next; /* reading from buf (no runs): the next row */
    /* reading through the runs: a view, the next row and the end of each, and a heap of the
       runs not yet read to their end, the one whose next row comes first at the top */
    fl_rowview *views;
    size_t *at, *end, *heap;
    size_t n_heap;
    char *out; /* the row handed out */
    fl_status st;
};

fl_extsort *fl_extsort_new(size_t row_size, size_t memory, fl_extsort_cmp cmp, const char *what)
{
    fl_extsort *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->row = row_size ? row_size : 1;
    s->cmp = cmp;
    s->cap = memory / s->row ? memory / s->row : 1;
    s->what = strdup(what ? what : "rows");
    s->out = malloc(s->row);
    if (!s->what || !s->out) {
        fl_extsort_free(s);
        return NULL;
    }
    return s;
}

void fl_extsort_free(fl_extsort *s)
{
    if (!s)
        return;
    for (size_t i = 0; s->views && i < s->n_runs; i++)
        fl_rowview_end(&s->views[i]);
    free(s->views);
    free(s->at);
    free(s->end);
    free(s->heap);
    fl_rowfile_free(s->runs);
    free(s->run_end);
    free(s->buf);
    free(s->out);
    free(s->what);
    free(s);
}

size_t fl_extsort_count(const fl_extsort *s)
{
    return s->pushed;
}

fl_status fl_extsort_status(const fl_extsort *s)
{
    return s->st;
}

/* The buffer's rows, sorted, as one more run. */
static fl_status write_run(fl_extsort *s)
{
    if (!s->n)
        return FL_OK;
    qsort(s->buf, s->n, s->row, s->cmp);
    if (!s->runs && !(s->runs = fl_rowfile_new(s->row, s->what)))
        return s->st = FL_ERR_NOMEM;
    if (!fl_grow((void **)&s->run_end, &s->cap_runs, s->n_runs + 1, sizeof *s->run_end))
        return s->st = FL_ERR_NOMEM;
    for (size_t i = 0; i < s->n; i++) {
        void *p = fl_rowfile_push(s->runs);
        if (!p)
            return s->st = fl_rowfile_status(s->runs);
        memcpy(p, s->buf + i * s->row, s->row);
    }
    s->run_end[s->n_runs++] = fl_rowfile_count(s->runs);
    s->n = 0;
    return FL_OK;
}

void *fl_extsort_push(fl_extsort *s)
{
    if (s->st != FL_OK || s->sorted)
        return NULL;
    if (!s->buf) { /* made when the first row comes: a sort given none costs nothing */
        if (!(s->buf = malloc(s->cap * s->row))) {
            s->st = FL_ERR_NOMEM;
            return NULL;
        }
    }
    if (s->n == s->cap && write_run(s) != FL_OK)
        return NULL;
    char *p = s->buf + s->n++ * s->row;
    memset(p, 0, s->row);
    s->pushed++;
    return p;
}

/* Whether run a's next row comes before run b's (the earlier run first among equals). */
static bool before(fl_extsort *s, size_t a, size_t b)
{
    const void *ra = fl_rowview_get(&s->views[a], s->at[a]);
    const void *rb = fl_rowview_get(&s->views[b], s->at[b]);
    int c = s->cmp(ra, rb);
    return c < 0 || (c == 0 && a < b);
}

/* The heap's entry at i moved down to its place. */
static void sift_down(fl_extsort *s, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < s->n_heap && before(s, s->heap[l], s->heap[m]))
            m = l;
        if (r < s->n_heap && before(s, s->heap[r], s->heap[m]))
            m = r;
        if (m == i)
            return;
        size_t t = s->heap[i];
        s->heap[i] = s->heap[m];
        s->heap[m] = t;
        i = m;
    }
}

fl_status fl_extsort_sort(fl_extsort *s)
{
    if (s->st != FL_OK || s->sorted)
        return s->st;
    s->sorted = true;
    if (!s->runs) { /* all in the buffer: read from there */
        if (s->n)
            qsort(s->buf, s->n, s->row, s->cmp);
        return FL_OK;
    }
    if (write_run(s) != FL_OK)
        return s->st;
    free(s->buf);
    s->buf = NULL;
    size_t k = s->n_runs;
    size_t window = s->cap * s->row / k;
    window = window > MERGE_WINDOW       ? MERGE_WINDOW
             : window < MERGE_WINDOW_MIN ? MERGE_WINDOW_MIN
                                         : window;
    s->views = calloc(k, sizeof *s->views);
    s->at = calloc(k, sizeof *s->at);
    s->end = calloc(k, sizeof *s->end);
    s->heap = calloc(k, sizeof *s->heap);
    if (!s->views || !s->at || !s->end || !s->heap)
        return s->st = FL_ERR_NOMEM;
    for (size_t i = 0; i < k; i++) {
        fl_rowview_init(&s->views[i], s->runs);
        fl_rowview_window(&s->views[i], window);
        s->at[i] = i ? s->run_end[i - 1] : 0;
        s->end[i] = s->run_end[i];
        s->heap[i] = i;
    }
    s->n_heap = k;
    for (size_t i = k / 2; i-- > 0;)
        sift_down(s, i);
    return s->st;
}

const void *fl_extsort_next(fl_extsort *s)
{
    if (s->st != FL_OK || !s->sorted)
        return NULL;
    if (!s->runs)
        return s->next < s->n ? s->buf + s->next++ * s->row : NULL;
    if (!s->n_heap)
        return NULL;
    size_t top = s->heap[0];
    fl_rowview *v = &s->views[top];
    memcpy(s->out, fl_rowview_get(v, s->at[top]), s->row);
    if (fl_rowview_status(v) != FL_OK) {
        s->st = fl_rowview_status(v);
        return NULL;
    }
    if (++s->at[top] == s->end[top]) {
        s->heap[0] = s->heap[--s->n_heap];
        fl_rowview_end(v);
    }
    if (s->n_heap)
        sift_down(s, 0);
    return s->out;
}
