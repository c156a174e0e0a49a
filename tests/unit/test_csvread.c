/* test_csvread.c - the streaming CSV reader (csvread.h): fields, line numbers, caps, errors. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "csv_dump.h"
#include "csvread.h"

/* ---- helpers ----------------------------------------------------------------------- */

/* Write data to a new temporary file; path receives its name (caller unlinks). */
static void write_tmp(const void *data, size_t len, char *path, size_t cap)
{
    const char *dir = getenv("TMPDIR");
    if (!dir || !*dir)
        dir = "/tmp";
    snprintf(path, cap, "%s/flscan-csvread-XXXXXX", dir);
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char *p = data;
    while (len) {
        ssize_t w = write(fd, p, len);
        assert_true(w > 0);
        p += w;
        len -= (size_t)w;
    }
    assert_int_equal(close(fd), 0);
}

/* One record as the callback saw it: fields written as "[f1][f2]..." so that no field and
   one empty field differ. */
typedef struct got {
    uint64_t line, index;
    char *fields;
    char *error;
} got;

typedef struct collect {
    got rows[16];
    size_t n;
    size_t stop_after; /* return non-zero after this many rows; 0 = never */
} collect;

static char *join_fields(const fl_csv_row *row)
{
    size_t n = 1;
    for (size_t i = 0; i < row->n_fields; i++)
        n += row->fields[i].len + 2;
    char *s = malloc(n), *p = s;
    assert_non_null(s);
    for (size_t i = 0; i < row->n_fields; i++) {
        *p++ = '[';
        memcpy(p, row->fields[i].ptr, row->fields[i].len);
        p += row->fields[i].len;
        *p++ = ']';
    }
    *p = '\0';
    return s;
}

static int on_row(const fl_csv_row *row, void *ctx)
{
    collect *c = ctx;
    if (c->n < sizeof c->rows / sizeof *c->rows) {
        got *g = &c->rows[c->n];
        g->line = row->line;
        g->index = row->index;
        g->fields = join_fields(row);
        g->error = row->error ? strdup(row->error) : NULL;
    }
    c->n++;
    return c->stop_after && c->n >= c->stop_after;
}

static void collect_free(collect *c)
{
    size_t n = c->n < 16 ? c->n : 16;
    for (size_t i = 0; i < n; i++) {
        free(c->rows[i].fields);
        free(c->rows[i].error);
    }
}

/* ---- records, lines and errors ------------------------------------------------------ */

#define X10 "xxxxxxxxxx"
#define X100 X10 X10 X10 X10 X10 X10 X10 X10 X10 X10
#define S10 "          "
#define S100 S10 S10 S10 S10 S10 S10 S10 S10 S10 S10

struct want {
    uint64_t line;
    const char *fields;
    const char *error; /* substring the error must hold; NULL: no error */
};

struct test_case {
    const char *name;
    const char *input;
    fl_csv_limits lim; /* {0, 0}: defaults */
    size_t n;
    struct want rows[6];
};

static const struct test_case cases[] = {
    {"LF line ends", "a,b\nc,d\n", {0, 0}, 2, {{1, "[a][b]", NULL}, {2, "[c][d]", NULL}}},
    {"CRLF line ends", "a,b\r\nc,d\r\n", {0, 0}, 2, {{1, "[a][b]", NULL}, {2, "[c][d]", NULL}}},
    {"CR-only line ends",
     "a,b\rc,d\re,f",
     {0, 0},
     3,
     {{1, "[a][b]", NULL}, {2, "[c][d]", NULL}, {3, "[e][f]", NULL}}},
    {"no newline at end", "a,b\nc,d", {0, 0}, 2, {{1, "[a][b]", NULL}, {2, "[c][d]", NULL}}},
    {"quoted LF moves the next record down",
     "h1,h2\n\"x\ny\",z\nnext,1\n",
     {0, 0},
     3,
     {{1, "[h1][h2]", NULL}, {2, "[x\ny][z]", NULL}, {4, "[next][1]", NULL}}},
    {"quoted CRLF counts as one line end",
     "h\r\n\"a\r\nb\r\nc\"\r\nd\r\n",
     {0, 0},
     3,
     {{1, "[h]", NULL}, {2, "[a\r\nb\r\nc]", NULL}, {5, "[d]", NULL}}},
    {"quoted CR-only line end",
     "h\r\"a\rb\"\rc\r",
     {0, 0},
     3,
     {{1, "[h]", NULL}, {2, "[a\rb]", NULL}, {4, "[c]", NULL}}},
    {"blank lines skipped but counted",
     "a\n\n\nb\n\r\n\r\nc\n",
     {0, 0},
     3,
     {{1, "[a]", NULL}, {4, "[b]", NULL}, {7, "[c]", NULL}}},
    {"leading blank lines", "\n\r\n\ra,b\n", {0, 0}, 1, {{4, "[a][b]", NULL}}},
    {"line of spaces is blank", "a\n  \t\nb\n", {0, 0}, 2, {{1, "[a]", NULL}, {3, "[b]", NULL}}},
    {"BOM skipped",
     "\xEF\xBB\xBFid,name\n1,x\n",
     {0, 0},
     2,
     {{1, "[id][name]", NULL}, {2, "[1][x]", NULL}}},
    {"BOM alone is not a field", "\xEF\xBB\xBF\"q\"\n", {0, 0}, 1, {{1, "[q]", NULL}}},
    {"quoted commas and doubled quotes",
     "\"a,b\",\"say \"\"hi\"\"\",c\n",
     {0, 0},
     1,
     {{1, "[a,b][say \"hi\"][c]", NULL}}},
    {"empty fields", ",,\n\"\"\n", {0, 0}, 2, {{1, "[][][]", NULL}, {2, "[]", NULL}}},
    {"spaces inside quotes kept", "\" a \",b\n", {0, 0}, 1, {{1, "[ a ][b]", NULL}}},
    {"stray quote inside an unquoted field is text",
     "12\" pipe,x\n",
     {0, 0},
     1,
     {{1, "[12\" pipe][x]", NULL}}},
    {"UTF-8 passes through", "Узбекистан,хлопок\n", {0, 0}, 1, {{1, "[Узбекистан][хлопок]", NULL}}},
    {"unterminated quote at end of file",
     "h\na,\"bc\nd",
     {0, 0},
     2,
     {{1, "[h]", NULL}, {2, "[a][bc\nd]", "unterminated quoted field"}}},
    {"unterminated quote after good records",
     "a\nb\n\"c,d\n",
     {0, 0},
     3,
     {{1, "[a]", NULL}, {2, "[b]", NULL}, {3, NULL, "unterminated"}}},
    {"record size cap",
     "ab,cd\n0123456789,x\nok\n",
     {8, 100},
     3,
     {{1, "[ab][cd]", NULL}, {2, NULL, "record size cap"}, {3, "[ok]", NULL}}},
    {"record size cap names the limit",
     "0123456789\n",
     {8, 100},
     1,
     {{1, NULL, "longer than 8 bytes"}}},
    {"record exactly at the size cap", "0123,4567\n", {8, 100}, 1, {{1, "[0123][4567]", NULL}}},
    /* Fields past the cap plus libcsv's slack (64 bytes) stop growing libcsv's buffer; the
       record still ends where its quotes say, and the next one is read normally. */
    {"quoted field past libcsv's buffer cap",
     "a\n\"" X100 "\n" X100 "\",z\nb\n",
     {8, 100},
     3,
     {{1, "[a]", NULL}, {2, NULL, "longer than 8 bytes (the record size cap)"}, {4, "[b]", NULL}}},
    {"quoted field past the cap with a quote and a comma in it",
     "a\n\"" X100 "\"\"," X100 "\",z\nb,c\n",
     {8, 100},
     3,
     {{1, "[a]", NULL}, {2, "[][z]", "record size cap"}, {3, "[b][c]", NULL}}},
    {"unquoted field past libcsv's buffer cap",
     "a\n" X100 ",\"q\"\nb\n",
     {8, 100},
     3,
     {{1, "[a]", NULL}, {2, "[][q]", "record size cap"}, {3, "[b]", NULL}}},
    /* Spaces that are not part of the field do not count, however many. */
    {"spaces after a closing quote past the cap",
     "a\n\"x\"" S100 ",y\nb\n",
     {8, 100},
     3,
     {{1, "[a]", NULL}, {2, "[x][y]", NULL}, {3, "[b]", NULL}}},
    {"text after a quote and many spaces past the cap",
     "a\n\"x\"" S100 "z\",y\nb\n",
     {8, 100},
     3,
     {{1, "[a]", NULL}, {2, "[][y]", "record size cap"}, {3, "[b]", NULL}}},
    {"trailing spaces of an unquoted field past the cap",
     "a\nab" S100 ",\"q\"\nb\n",
     {8, 100},
     3,
     {{1, "[a]", NULL}, {2, "[ab][q]", NULL}, {3, "[b]", NULL}}},
    {"inner spaces of an unquoted field past the cap",
     "a\nab" S100 "cd" S100 ",\"q\"\nb\n",
     {8, 100},
     3,
     {{1, "[a]", NULL}, {2, "[][q]", "record size cap"}, {3, "[b]", NULL}}},
    {"unterminated quote names its lines",
     "h\nok\n\"open\n\nmore\n",
     {0, 0},
     3,
     {{1, "[h]", NULL},
      {2, "[ok]", NULL},
      {3, NULL, "starts on line 3 is never closed, so lines 3-5"}}},
    {"unterminated quote on the last line",
     "h\n\"open",
     {0, 0},
     2,
     {{1, "[h]", NULL}, {2, "[open]", "a quote opened on line 2 is never closed"}}},
    {"U+FEFF inside a file is kept as text",
     "h,i\n\xEF\xBB\xBFx,\"\xEF\xBB\xBFy\"\n",
     {0, 0},
     2,
     {{1, "[h][i]", NULL}, {2, "[\xEF\xBB\xBFx][\xEF\xBB\xBFy]", NULL}}},
    {"field count cap",
     "a,b,c\nd,e\n",
     {1000, 2},
     2,
     {{1, "[a][b]", "the field count cap"}, {2, "[d][e]", NULL}}},
    {"field count cap names the counts",
     "a,b,c,d\n",
     {1000, 3},
     1,
     {{1, "[a][b][c]", "4 fields, more than 3"}}},
};

static void test_cases(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const struct test_case *tc = &cases[i];
        char path[512];
        write_tmp(tc->input, strlen(tc->input), path, sizeof path);
        collect c;
        memset(&c, 0, sizeof c);
        fl_csv_stats stats;
        fl_status st =
            fl_csv_read(path, tc->lim.max_fields ? &tc->lim : NULL, on_row, NULL, &c, &stats);
        unlink(path);
        print_message("case: %s\n", tc->name);
        assert_int_equal(st, FL_OK);
        assert_int_equal(c.n, tc->n);
        assert_int_equal(stats.rows, tc->n);
        assert_int_equal(stats.bytes, strlen(tc->input));
        for (size_t r = 0; r < tc->n; r++) {
            const struct want *w = &tc->rows[r];
            const got *g = &c.rows[r];
            assert_int_equal(g->index, r);
            assert_int_equal(g->line, w->line);
            if (w->fields)
                assert_string_equal(g->fields, w->fields);
            if (w->error) {
                assert_non_null(g->error);
                assert_non_null(strstr(g->error, w->error));
            } else {
                assert_null(g->error);
            }
        }
        collect_free(&c);
    }
}

/* ---- callback stop, stats, bad paths ---------------------------------------------- */

static void test_stop(void **state)
{
    (void)state;
    char path[512];
    const char *text = "a\nb\nc\n";
    write_tmp(text, strlen(text), path, sizeof path);
    collect c;
    memset(&c, 0, sizeof c);
    c.stop_after = 2;
    assert_int_equal(fl_csv_read(path, NULL, on_row, NULL, &c, NULL), FL_OK);
    unlink(path);
    assert_int_equal(c.n, 2);
    assert_string_equal(c.rows[1].fields, "[b]");
    collect_free(&c);
}

/* on_row sees the first member, on_bytes the whole. */
typedef struct bytes_ctx {
    collect c;
    size_t total;
    bool first_is_bom;
} bytes_ctx;

static void on_bytes(const void *data, size_t len, void *ctx)
{
    bytes_ctx *b = ctx;
    if (!b->total)
        b->first_is_bom = len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0;
    b->total += len;
}

static void test_bytes_callback(void **state)
{
    (void)state;
    char path[512];
    const char *text = "\xEF\xBB\xBFh\nv\n";
    write_tmp(text, strlen(text), path, sizeof path);
    bytes_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    assert_int_equal(fl_csv_read(path, NULL, on_row, on_bytes, &ctx, NULL), FL_OK);
    unlink(path);
    /* the hash sees the file as stored, BOM included */
    assert_int_equal(ctx.total, strlen(text));
    assert_true(ctx.first_is_bom);
    assert_int_equal(ctx.c.n, 2);
    assert_string_equal(ctx.c.rows[0].fields, "[h]");
    collect_free(&ctx.c);
}

static void test_bad_paths(void **state)
{
    (void)state;
    collect c;
    memset(&c, 0, sizeof c);
    const char *dir = getenv("TMPDIR");
    if (!dir || !*dir)
        dir = "/tmp";
    assert_int_equal(
        fl_csv_read(FLSCAN_SOURCE_DIR "/no/such/file.csv", NULL, on_row, NULL, &c, NULL),
        FL_ERR_INPUT);
    assert_int_equal(fl_csv_read(dir, NULL, on_row, NULL, &c, NULL), FL_ERR_INPUT);
    assert_int_equal(c.n, 0);
}

/* ---- block boundaries -------------------------------------------------------------- */

/*
 * The reader takes 1 MiB blocks. The file below puts, at the end of each block in turn:
 * a CRLF split between CR and LF, a quoted CRLF split the same way, a quoted LF as the
 * first byte of a block, and a CR-only line end as the last byte of a block. Every record's
 * fields and starting line are checked.
 */
#define BLOCK (1024u * 1024u)

typedef struct exp_rec {
    uint64_t line;
    char *fields; /* "[f1][f2]" */
} exp_rec;

typedef struct big {
    char *buf;
    size_t len, cap;
    uint64_t line;
    exp_rec *recs;
    size_t n, cap_recs;
} big;

static void big_raw(big *b, const char *s, size_t n)
{
    if (b->len + n > b->cap) {
        b->cap = (b->len + n) * 2;
        b->buf = realloc(b->buf, b->cap);
        assert_non_null(b->buf);
    }
    memcpy(b->buf + b->len, s, n);
    b->len += n;
}

static void big_expect(big *b, uint64_t line, const char *f1, const char *f2)
{
    if (b->n == b->cap_recs) {
        b->cap_recs = b->cap_recs ? b->cap_recs * 2 : 1024;
        b->recs = realloc(b->recs, b->cap_recs * sizeof *b->recs);
        assert_non_null(b->recs);
    }
    size_t n = strlen(f1) + strlen(f2) + 5;
    char *s = malloc(n);
    assert_non_null(s);
    snprintf(s, n, "[%s][%s]", f1, f2);
    b->recs[b->n].line = line;
    b->recs[b->n].fields = s;
    b->n++;
}

/* A plain record "id,text" with line end eol. */
static void big_plain(big *b, const char *id, const char *text, const char *eol)
{
    big_raw(b, id, strlen(id));
    big_raw(b, ",", 1);
    big_raw(b, text, strlen(text));
    big_raw(b, eol, strlen(eol));
    big_expect(b, b->line, id, text);
    b->line++;
}

/* Filler records up to a little before offset `until`. */
static void big_fill(big *b, size_t until)
{
    char id[32];
    static const char text[] = "cotton yarn combed 40/1 ne in bales";
    while (b->len + 200 < until) {
        snprintf(id, sizeof id, "r%07zu", b->n);
        big_plain(b, id, text, "\r\n");
    }
}

static char *pad(char c, size_t n)
{
    char *s = malloc(n + 1);
    assert_non_null(s);
    memset(s, c, n);
    s[n] = '\0';
    return s;
}

/* A record "id,<pad>"+eol whose line end's first byte lands at offset at. */
static void big_plain_at(big *b, const char *id, const char *eol, size_t at)
{
    size_t k = at - b->len - strlen(id) - 1;
    char *p = pad('x', k);
    big_plain(b, id, p, eol);
    free(p);
}

/* A record `id,"<pad><nl>tail"` whose embedded line break starts at offset at. */
static void big_quoted_at(big *b, const char *id, const char *nl, size_t at)
{
    size_t k = at - b->len - strlen(id) - 2;
    char *p = pad('y', k);
    size_t n = k + strlen(nl) + 5;
    char *field = malloc(n);
    assert_non_null(field);
    snprintf(field, n, "%s%stail", p, nl);
    big_raw(b, id, strlen(id));
    big_raw(b, ",\"", 2);
    big_raw(b, field, strlen(field));
    big_raw(b, "\"\r\n", 3);
    big_expect(b, b->line, id, field);
    b->line += 2;
    free(p);
    free(field);
}

typedef struct check {
    const big *b;
    size_t seen, bad;
    char first_bad[200];
} check;

static int on_big_row(const fl_csv_row *row, void *ctx)
{
    check *k = ctx;
    size_t i = k->seen++;
    char *f = join_fields(row);
    bool ok = i < k->b->n && row->index == i && row->error == NULL &&
              row->line == k->b->recs[i].line && strcmp(f, k->b->recs[i].fields) == 0;
    if (!ok && !k->bad++)
        snprintf(k->first_bad, sizeof k->first_bad, "record %zu: line %llu want %llu, %.40s", i,
                 (unsigned long long)row->line,
                 (unsigned long long)(i < k->b->n ? k->b->recs[i].line : 0), f);
    free(f);
    return 0;
}

static void test_block_boundaries(void **state)
{
    (void)state;
    big b;
    memset(&b, 0, sizeof b);
    b.line = 1;
    big_plain(&b, "id", "text", "\r\n");

    big_fill(&b, BLOCK);
    big_plain_at(&b, "crlf-split", "\r\n", BLOCK - 1); /* CR last of block 1, LF first of 2 */
    assert_int_equal(b.buf[BLOCK - 1], '\r');
    assert_int_equal(b.buf[BLOCK], '\n');
    big_plain(&b, "after-crlf", "z", "\r\n");

    big_fill(&b, 2 * BLOCK);
    big_quoted_at(&b, "quoted-crlf", "\r\n", 2 * BLOCK - 1);
    assert_int_equal(b.buf[2 * BLOCK - 1], '\r');
    assert_int_equal(b.buf[2 * BLOCK], '\n');
    big_plain(&b, "after-quoted-crlf", "z", "\r\n");

    big_fill(&b, 3 * BLOCK);
    big_quoted_at(&b, "quoted-lf", "\n", 3 * BLOCK);
    assert_int_equal(b.buf[3 * BLOCK], '\n');
    big_plain(&b, "after-quoted-lf", "z", "\r\n");

    big_fill(&b, 4 * BLOCK);
    big_plain_at(&b, "cr-only", "\r", 4 * BLOCK - 1); /* CR last of block 4, no LF */
    assert_int_equal(b.buf[4 * BLOCK - 1], '\r');
    big_plain(&b, "after-cr", "z", "\r\n");
    big_plain(&b, "last", "z", "\n");
    assert_true(b.len > 4 * BLOCK);

    char path[512];
    write_tmp(b.buf, b.len, path, sizeof path);
    check k = {&b, 0, 0, ""};
    fl_csv_stats stats;
    fl_status st = fl_csv_read(path, NULL, on_big_row, NULL, &k, &stats);
    unlink(path);
    assert_int_equal(st, FL_OK);
    if (k.bad)
        print_error("%zu bad records; first: %s\n", k.bad, k.first_bad);
    assert_int_equal(k.bad, 0);
    assert_int_equal(k.seen, b.n);
    assert_int_equal(stats.bytes, b.len);
    assert_int_equal(stats.rows, b.n);
    for (size_t i = 0; i < b.n; i++)
        free(b.recs[i].fields);
    free(b.recs);
    free(b.buf);
}

/* ---- bytes from memory, in blocks of any size --------------------------------------- */

/* Every record as "line|index|n|[f]...|error\n" (fields bracketed), in a text_buf. */
static int on_dump_row(const fl_csv_row *row, void *ctx)
{
    text_buf *d = ctx;
    char head[96];
    int n = snprintf(head, sizeof head, "%llu|%llu|%zu|", (unsigned long long)row->line,
                     (unsigned long long)row->index, row->n_fields);
    text_put(d, head, (size_t)n);
    for (size_t i = 0; i < row->n_fields; i++) {
        text_put(d, "[", 1);
        text_put(d, row->fields[i].ptr, row->fields[i].len);
        text_put(d, "]", 1);
    }
    text_put(d, "|", 1);
    if (row->error)
        text_put(d, row->error, strlen(row->error));
    text_put(d, "\n", 1);
    return 0;
}

/* The records do not depend on how the bytes arrive (a pipe hands them over in pieces). */
static void test_mem_blocks(void **state)
{
    (void)state;
    static const size_t blocks[] = {1, 2, 3, 5, 64, 0};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const struct test_case *tc = &cases[i];
        const fl_csv_limits *lim = tc->lim.max_fields ? &tc->lim : NULL;
        size_t len = strlen(tc->input);
        char path[512];
        write_tmp(tc->input, len, path, sizeof path);
        text_buf want = {0};
        text_put(&want, "", 0);
        assert_int_equal(fl_csv_read(path, lim, on_dump_row, NULL, &want, NULL), FL_OK);
        unlink(path);
        for (size_t b = 0; b < sizeof blocks / sizeof *blocks; b++) {
            text_buf out = {0};
            text_put(&out, "", 0);
            fl_csv_stats stats;
            assert_int_equal(fl_csv_read_mem(tc->input, len, "mem", blocks[b], lim, on_dump_row,
                                             NULL, &out, &stats),
                             FL_OK);
            if (strcmp(out.s, want.s) != 0)
                print_error("case '%s', block %zu:\n%s\nwant:\n%s\n", tc->name, blocks[b], out.s,
                            want.s);
            assert_string_equal(out.s, want.s);
            assert_int_equal(stats.bytes, len);
            free(out.s);
        }
        free(want.s);
    }
}

static void test_nul_bytes(void **state)
{
    (void)state;
    static const char text[] = "h,i\nx,a\0b\n";
    text_buf d = {0};
    text_put(&d, "", 0);
    assert_int_equal(
        fl_csv_read_mem(text, sizeof text - 1, "mem", 0, NULL, on_dump_row, NULL, &d, NULL), FL_OK);
    static const char want[] = "1|0|2|[h][i]|\n2|1|2|[x][a\0b]|\n";
    assert_int_equal(d.len, sizeof want - 1);
    assert_memory_equal(d.s, want, sizeof want - 1);
    free(d.s);
}

/* ---- files that are not UTF-8 text ----------------------------------------------------- */

static void test_not_text(void **state)
{
    (void)state;
    static const struct {
        const char *bytes;
        size_t len;
        const char *what;
    } files[] = {
        {"\xFF\xFEh\0,\0i\0\n\0", 10, "UTF-16"},
        {"\xFE\xFF\0h\0,\0i\0\n", 10, "UTF-16"},
        {"h\0d\0r\0,\0x\0\n\0", 12, "UTF-16"}, /* no BOM, little-endian */
        {"\0h\0d\0r\0,\0x\0\n", 12, "UTF-16"}, /* no BOM, big-endian */
        {"\xFF\xFE\0\0h\0\0\0", 8, "UTF-32"},
        {"PK\x03\x04\x14\0\x06\0", 8, "zip archive"},
        {"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0", 9, "Excel 97-2003"},
        {"\x1F\x8B\x08\0\0\0", 6, "gzip"},
        {"BZh91AY&SY", 10, "bzip2"},
        {"\xFD\x37\x7A\x58\x5A\x00\x00", 7, "xz"},
        {"\x28\xB5\x2F\xFD\0", 5, "zstd"},
    };
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        char path[512];
        write_tmp(files[i].bytes, files[i].len, path, sizeof path);
        collect c;
        memset(&c, 0, sizeof c);
        print_message("not text: %s\n", files[i].what);
        assert_int_equal(fl_csv_read(path, NULL, on_row, NULL, &c, NULL), FL_ERR_INPUT);
        unlink(path);
        assert_int_equal(c.n, 0);
        /* one byte at a time, as a slow pipe would give them */
        assert_int_equal(
            fl_csv_read_mem(files[i].bytes, files[i].len, "mem", 1, NULL, on_row, NULL, &c, NULL),
            FL_ERR_INPUT);
        assert_int_equal(c.n, 0);
    }
    /* text that merely starts like one of them is read */
    static const char *const texts[] = {"PK,x\n1,2\n", "BZh9,x\n", "h\n", "a,b\nc\0d\0e\0\n"};
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        collect c;
        memset(&c, 0, sizeof c);
        size_t len = strlen(texts[i]);
        if (i == 3)
            len = 11;
        assert_int_equal(fl_csv_read_mem(texts[i], len, "mem", 0, NULL, on_row, NULL, &c, NULL),
                         FL_OK);
        assert_true(c.n >= 1);
        collect_free(&c);
    }
}

/* ---- a file that changes while it is read ---------------------------------------------- */

typedef struct changer {
    const char *path;
    bool grow;
    size_t rows;
} changer;

static int on_change_row(const fl_csv_row *row, void *ctx)
{
    changer *k = ctx;
    (void)row;
    if (k->rows++ == 0) {
        if (k->grow) {
            FILE *fp = fopen(k->path, "ab");
            assert_non_null(fp);
            fputs("late,row\n", fp);
            fclose(fp);
        } else {
            assert_int_equal(truncate(k->path, 100), 0);
        }
    }
    return 0;
}

static void test_changed_while_read(void **state)
{
    (void)state;
    /* Over one read block, so that the change happens between two reads. */
    size_t len = 3u * 1024u * 1024u;
    char *text = malloc(len);
    assert_non_null(text);
    for (size_t i = 0; i < len; i++)
        text[i] = (i % 32 == 31) ? '\n' : 'a';
    for (int grow = 0; grow < 2; grow++) {
        char path[512];
        write_tmp(text, len, path, sizeof path);
        changer k = {path, grow == 1, 0};
        assert_int_equal(fl_csv_read(path, NULL, on_change_row, NULL, &k, NULL), FL_ERR_INPUT);
        unlink(path);
        assert_true(k.rows > 0);
    }
    /* a reader stopped by its callback has not read the file to its end: no complaint */
    char path[512];
    write_tmp(text, len, path, sizeof path);
    collect c;
    memset(&c, 0, sizeof c);
    c.stop_after = 1;
    assert_int_equal(fl_csv_read(path, NULL, on_row, NULL, &c, NULL), FL_OK);
    unlink(path);
    assert_int_equal(c.n, 1);
    collect_free(&c);
    free(text);
}

/*
 * A file rewritten while it is read, from the reader's own on_bytes callback (which both
 * readers call before they look at the file again at its end): in place at the same size
 * (only its modification and change times tell), or replaced under its name by another file
 * of the same size (its inode tells).
 */
typedef struct rewriter {
    const char *path;
    bool replace;
    unsigned calls;
} rewriter;

static void rewrite_same_size(const char *path)
{
    struct stat st0, st;
    assert_int_equal(stat(path, &st0), 0);
    /* Timestamps tick with a coarse clock: write again until the times differ (bounded). */
    for (int tries = 0; tries < 2000; tries++) {
        int fd = open(path, O_WRONLY | O_CLOEXEC);
        assert_true(fd >= 0);
        assert_int_equal(pwrite(fd, "B", 1, 0), 1);
        assert_int_equal(close(fd), 0);
        assert_int_equal(stat(path, &st), 0);
        if (st.st_mtim.tv_sec != st0.st_mtim.tv_sec || st.st_mtim.tv_nsec != st0.st_mtim.tv_nsec)
            break;
        nanosleep(&(struct timespec){0, 1000000}, NULL);
    }
    assert_int_equal(st.st_size, st0.st_size);
}

static void on_rewrite_bytes(const void *data, size_t len, void *ctx)
{
    rewriter *w = ctx;
    (void)data;
    (void)len;
    if (w->calls++)
        return;
    if (!w->replace) {
        rewrite_same_size(w->path);
        return;
    }
    char other[600];
    snprintf(other, sizeof other, "%s.new", w->path);
    FILE *fp = fopen(other, "wb");
    assert_non_null(fp);
    fputs("B,b\n1,2\n", fp); /* the same 8 bytes as the file */
    assert_int_equal(fclose(fp), 0);
    assert_int_equal(rename(other, w->path), 0);
}

static int on_any_row(const fl_csv_row *row, void *ctx)
{
    (void)row;
    (void)ctx;
    return 0;
}

/* What the code under test prints on stderr meanwhile (fd 2 into a temporary file). */
typedef struct capture {
    int saved;
    FILE *tmp;
} capture;

static void capture_begin(capture *c)
{
    fflush(stderr);
    c->tmp = tmpfile();
    assert_non_null(c->tmp);
    c->saved = dup(2);
    assert_true(c->saved >= 0);
    assert_true(dup2(fileno(c->tmp), 2) >= 0);
}

static void capture_end(capture *c, char *out, size_t cap)
{
    fflush(stderr);
    assert_true(dup2(c->saved, 2) >= 0);
    close(c->saved);
    rewind(c->tmp);
    size_t n = fread(out, 1, cap - 1, c->tmp);
    out[n] = '\0';
    fclose(c->tmp);
    fprintf(stderr, "%s", out);
}

static void test_rewritten_while_read(void **state)
{
    (void)state;
    static const char *const said[] = {
        "it changed while it was read (rewritten in place: the same 8 bytes, modified since it "
        "was opened); read it again once it is complete",
        "it changed while it was read (replaced by another file of that name); read it again "
        "once it is complete"};
    for (int replace = 0; replace < 2; replace++)
        for (unsigned threads = 0; threads <= 2; threads += 2) {
            char path[512], err[1024];
            write_tmp("A,a\n1,2\n", 8, path, sizeof path);
            rewriter w = {path, replace == 1, 0};
            print_message("%s, %s reader\n", replace ? "replaced" : "rewritten in place",
                          threads ? "parallel" : "plain");
            capture c;
            capture_begin(&c);
            fl_status st = threads ? fl_csv_read_parallel(path, NULL, threads, on_any_row,
                                                          on_rewrite_bytes, &w, NULL)
                                   : fl_csv_read(path, NULL, on_any_row, on_rewrite_bytes, &w,
                                                 NULL);
            capture_end(&c, err, sizeof err);
            assert_int_equal(st, FL_ERR_INPUT);
            assert_int_equal(fl_status_exit(st), 3);
            assert_true(w.calls > 0);
            assert_non_null(strstr(err, said[replace]));
            assert_non_null(strstr(err, path));
            unlink(path);
        }
    /* the same file untouched is read as ever, by both readers */
    char path[512];
    write_tmp("A,a\n1,2\n", 8, path, sizeof path);
    rewriter w = {path, false, 1}; /* calls 1: never rewrites */
    assert_int_equal(fl_csv_read(path, NULL, on_any_row, on_rewrite_bytes, &w, NULL), FL_OK);
    assert_int_equal(fl_csv_read_parallel(path, NULL, 2, on_any_row, on_rewrite_bytes, &w, NULL),
                     FL_OK);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cases),
        cmocka_unit_test(test_stop),
        cmocka_unit_test(test_bytes_callback),
        cmocka_unit_test(test_bad_paths),
        cmocka_unit_test(test_block_boundaries),
        cmocka_unit_test(test_mem_blocks),
        cmocka_unit_test(test_nul_bytes),
        cmocka_unit_test(test_not_text),
        cmocka_unit_test(test_changed_while_read),
        cmocka_unit_test(test_rewritten_while_read),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
