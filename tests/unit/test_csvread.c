/* test_csvread.c - the streaming CSV reader (csvread.h): fields, line numbers, caps, errors. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cases),
        cmocka_unit_test(test_stop),
        cmocka_unit_test(test_bytes_callback),
        cmocka_unit_test(test_bad_paths),
        cmocka_unit_test(test_block_boundaries),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
