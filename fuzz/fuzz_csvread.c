/*
 * fuzz_csvread.c - libFuzzer target for the CSV reader (csvread.h).
 *
 * Input: one byte of settings, then the file. The settings pick the record size cap
 * (4, 16, 80 bytes or the default), the field count cap (1, 3, 8 or the default) and a
 * block size (1..16 bytes), so that small inputs reach the caps and every block boundary.
 * The bytes are read three times through fl_csv_read_mem: in one block, in small blocks (as
 * a pipe hands them over) and with every record sent through libcsv. The first two take the
 * fast path, where the reader splits a record on one line itself when it has no quote or its
 * quotes are all plain (quoted fields that open at the field's start and close before a ','
 * or the line end, inner quotes doubled), so quoted records are checked against libcsv too.
 * Then, from a temporary file, by the parallel reader in chunks of 72..192 bytes (from the
 * block size) on one or two workers, so that chunk ends fall inside quoted fields, between CR
 * and LF and after stray quotes; and as two ranges (fl_csv_read_range_mem, a shard's part of
 * a file) cut at a byte picked from the settings: the second range's records, after its
 * header, follow the first range's as the whole read has them, the first range's next
 * record is the second's first, and the index keeps counting across the cut. Any difference
 * in records, lines, errors or status aborts, as do broken invariants: indexes count up from
 * 0, lines never go back, a good record keeps within both caps.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csvread.h"

typedef struct dump {
    char *s;
    size_t len, cap;
    const fl_csv_limits *lim;
    uint64_t last_line, rows;
    size_t header_len;    /* bytes of s once the header (row 0) was put */
    bool started;         /* a range's first record after its header was seen... */
    uint64_t first_index; /* ...with this index */
} dump;

static void put(dump *d, const void *p, size_t n)
{
    if (d->len + n + 1 > d->cap) {
        d->cap = (d->len + n + 1) * 2;
        d->s = realloc(d->s, d->cap);
        if (!d->s)
            abort();
    }
    memcpy(d->s + d->len, p, n);
    d->len += n;
    d->s[d->len] = '\0';
}

static int on_row(const fl_csv_row *row, void *ctx)
{
    dump *d = ctx;
    if (row->index != d->rows++ || row->line < d->last_line || row->line == 0)
        abort();
    d->last_line = row->line;
    if (row->n_fields > d->lim->max_fields)
        abort();
    size_t bytes = 0;
    for (size_t i = 0; i < row->n_fields; i++)
        bytes += row->fields[i].len;
    if (bytes > d->lim->max_record_bytes)
        abort();
    char head[80];
    int n = snprintf(head, sizeof head, "%llu|%zu|", (unsigned long long)row->line, row->n_fields);
    put(d, head, (size_t)n);
    for (size_t i = 0; i < row->n_fields; i++) {
        put(d, "[", 1);
        put(d, row->fields[i].ptr, row->fields[i].len);
        put(d, "]", 1);
    }
    put(d, "|", 1);
    if (row->error)
        put(d, row->error, strlen(row->error));
    put(d, "\n", 1);
    if (row->index == 0)
        d->header_len = d->len;
    return 0;
}

/* on_row for a range after the first: the header, then indexes that count up from where the
   first record of the range is (checked by the caller against the previous range). */
static int on_row_from(const fl_csv_row *row, void *ctx)
{
    dump *d = ctx;
    if (row->index && !d->started) {
        d->started = true;
        d->first_index = d->rows = row->index; /* then on_row checks they count up */
    }
    return on_row(row, ctx);
}

static fl_status read_into(dump *d, const uint8_t *data, size_t size, size_t block,
                           const fl_csv_limits *lim, fl_csv_stats *stats)
{
    memset(d, 0, sizeof *d);
    d->lim = lim;
    put(d, "", 0);
    return fl_csv_read_mem(data, size, "fuzz", block, lim, on_row, NULL, d, stats);
}

/* The records of [0, cut) and then of [cut, end) equal the whole read's (whole, a's status). */
static void check_ranges(const uint8_t *data, size_t size, size_t block, const fl_csv_limits *lim,
                         const dump *whole, fl_status a, uint64_t cut)
{
    fl_csv_range r1 = {0, cut, {0, 0, 0}, {0, 0, 0}}, r2 = {cut, UINT64_MAX, {0, 0, 0}, {0, 0, 0}};
    dump d1, d2;
    memset(&d1, 0, sizeof d1);
    memset(&d2, 0, sizeof d2);
    d1.lim = d2.lim = lim;
    put(&d1, "", 0);
    put(&d2, "", 0);
    fl_status e1 = fl_csv_read_range_mem(data, size, "fuzz", block, lim, &r1, on_row, NULL, &d1,
                                         NULL);
    /* the second range's rows: the header (index 0), then from the first's next index on */
    fl_status e2 = FL_OK;
    if (e1 == FL_OK) {
        e2 = fl_csv_read_range_mem(data, size, "fuzz", 0, lim, &r2, on_row_from, NULL, &d2, NULL);
    }
    if (e1 != a || (e1 == FL_OK && e2 != a))
        abort();
    if (a == FL_OK) {
        if (r1.next.offset != r2.first.offset || r1.next.line != r2.first.line ||
            r1.next.index != r2.first.index || (d2.started && d2.first_index != r2.first.index))
            abort();
        put(&d1, d2.s + d2.header_len, d2.len - d2.header_len); /* without the header */
        if (strcmp(d1.s, whole->s) != 0)
            abort();
    }
    free(d1.s);
    free(d2.s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const size_t record_caps[] = {4, 16, 80, 16u * 1024u * 1024u};
    static const size_t field_caps[] = {1, 3, 8, 4096};
    if (size < 1)
        return 0;
    fl_csv_limits lim = FL_CSV_LIMITS_DEFAULT;
    lim.max_record_bytes = record_caps[data[0] & 3];
    lim.max_fields = field_caps[(data[0] >> 2) & 3];
    size_t block = 1 + (data[0] >> 4);
    data++;
    size--;

    dump whole, pieces, slow;
    fl_csv_stats s1, s2, s3;
    fl_status a = read_into(&whole, data, size, 0, &lim, &s1);
    fl_status b = read_into(&pieces, data, size, block, &lim, &s2);
    fl_csv_limits only = lim;
    only.libcsv_only = true;
    fl_status c = read_into(&slow, data, size, 0, &only, &s3);
    if (a != b || a != c)
        abort();
    if (strcmp(whole.s, pieces.s) != 0 || strcmp(whole.s, slow.s) != 0)
        abort();
    if (a == FL_OK && (s1.bytes != size || s1.rows != whole.rows || s2.rows != s1.rows ||
                       s3.rows != s1.rows || s2.lines != s1.lines || s3.lines != s1.lines))
        abort();
    /* The parallel reader, from a file. */
    const char *dir = getenv("TMPDIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/fuzz-csvpar-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0 || (size && write(fd, data, size) != (ssize_t)size))
        abort();
    close(fd);
    dump par;
    memset(&par, 0, sizeof par);
    par.lim = &lim;
    put(&par, "", 0);
    fl_csv_limits chunked = lim;
    chunked.chunk_bytes = 64 + 8 * block;
    fl_csv_stats s4;
    fl_status e = fl_csv_read_parallel(path, &chunked, 1 + (unsigned)(block & 1), on_row, NULL,
                                       &par, &s4);
    unlink(path);
    if (e != a || strcmp(whole.s, par.s) != 0)
        abort();
    if (a == FL_OK && (s4.bytes != s1.bytes || s4.rows != s1.rows || s4.lines != s1.lines))
        abort();
    check_ranges(data, size, block, &lim, &whole, a, size ? (uint64_t)size * block / 17 : 0);
    free(whole.s);
    free(pieces.s);
    free(slow.s);
    free(par.s);
    return 0;
}
