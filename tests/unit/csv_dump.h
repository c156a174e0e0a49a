/*
 * csv_dump.h - what the CSV reader hands over, as text, for the reader tests to compare
 * (test_csvread, test_csvfast, test_csvpar). Include after cmocka.h.
 */
#ifndef FL_TEST_CSV_DUMP_H
#define FL_TEST_CSV_DUMP_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvread.h"

/* A growing NUL-terminated byte string; {0} is empty (text_put(t, "", 0) gives it a "" ). */
typedef struct text_buf {
    char *s;
    size_t len, cap;
} text_buf;

static inline void text_put(text_buf *t, const void *p, size_t n)
{
    if (t->len + n + 1 > t->cap) {
        t->cap = (t->len + n + 1) * 2;
        t->s = realloc(t->s, t->cap);
        assert_non_null(t->s);
    }
    if (n)
        memcpy(t->s + t->len, p, n);
    t->len += n;
    t->s[t->len] = '\0';
}

/* Every record as "line|index|n|field|...|field|error\n". */
typedef struct csv_dump {
    text_buf text;
    size_t stop_after; /* on_row asks to stop after this many rows; 0: never */
    size_t rows;
} csv_dump;

/* An fl_csv_row_fn; ctx is a csv_dump. */
static inline int csv_dump_row(const fl_csv_row *row, void *ctx)
{
    csv_dump *d = ctx;
    char head[96];
    int n = snprintf(head, sizeof head, "%llu|%llu|%zu", (unsigned long long)row->line,
                     (unsigned long long)row->index, row->n_fields);
    text_put(&d->text, head, (size_t)n);
    for (size_t i = 0; i < row->n_fields; i++) {
        text_put(&d->text, "|", 1);
        text_put(&d->text, row->fields[i].ptr, row->fields[i].len);
    }
    text_put(&d->text, "|", 1);
    if (row->error)
        text_put(&d->text, row->error, strlen(row->error));
    text_put(&d->text, "\n", 1);
    return d->stop_after && ++d->rows >= d->stop_after;
}

#endif
