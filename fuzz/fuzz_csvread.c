/*
 * fuzz_csvread.c - libFuzzer target for the CSV reader (csvread.h).
 *
 * Input: one byte of settings, then the file. The settings pick the record size cap
 * (4, 16, 80 bytes or the default), the field count cap (1, 3, 8 or the default) and a
 * block size (1..16 bytes), so that small inputs reach the caps and every block boundary.
 * The bytes are read three times through fl_csv_read_mem: in one block, in small blocks (as
 * a pipe hands them over) and with every record sent through libcsv (no fast path); then,
 * from a temporary file, by the parallel reader in chunks of 72..192 bytes (from the block
 * size) on one or two workers, so that chunk ends fall inside quoted fields, between CR and
 * LF and after stray quotes. Any difference in records, lines, errors or status aborts, as
 * do broken invariants: indexes count up from 0, lines never go back, a good record keeps
 * within both caps.
 */
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
    return 0;
}

static fl_status read_into(dump *d, const uint8_t *data, size_t size, size_t block,
                           const fl_csv_limits *lim, fl_csv_stats *stats)
{
    memset(d, 0, sizeof *d);
    d->lim = lim;
    put(d, "", 0);
    return fl_csv_read_mem(data, size, "fuzz", block, lim, on_row, NULL, d, stats);
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
    free(whole.s);
    free(pieces.s);
    free(slow.s);
    free(par.s);
    return 0;
}
