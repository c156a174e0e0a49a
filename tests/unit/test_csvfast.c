/*
 * test_csvfast.c - differential test: the reader's fast path (lines without a quote, and lines
 * whose quotes are all plain, split without libcsv) yields exactly libcsv's fields, errors,
 * lines and indexes: read in one block, in small blocks, and by the parallel reader in small
 * chunks, against the same bytes read with every record sent through libcsv (libcsv_only).
 * fl_csv_fast_quoted() shows that the fast path really took the quoted records, without which
 * these tests could not fail.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csv_dump.h"
#include "csvread.h"

static char *read_all_with(const char *path, bool libcsv_only, size_t max_record, bool async)
{
    fl_csv_limits lim = FL_CSV_LIMITS_DEFAULT;
    lim.libcsv_only = libcsv_only;
    lim.max_record_bytes = max_record;
    lim.max_fields = 12;
    csv_dump d = {0};
    text_put(&d.text, "", 0);
    if (async)
        assert_int_equal(fl_csv_read_parallel(path, &lim, 2, csv_dump_row, NULL, &d, NULL), FL_OK);
    else
        assert_int_equal(fl_csv_read(path, &lim, csv_dump_row, NULL, &d, NULL), FL_OK);
    return d.text.s;
}

static char *read_all(const char *path, bool libcsv_only, size_t max_record)
{
    return read_all_with(path, libcsv_only, max_record, false);
}

static uint64_t rng = 0x9E3779B97F4A7C15ull;
static unsigned next(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

/* Random files over an alphabet rich in the characters that matter to CSV. */
static void test_random_inputs_agree(void **state)
{
    (void)state;
    static const char alphabet[] = "ab ,,\t\r\n\n\"x\xc3\xa9";
    char path[] = "csvfast-XXXXXX";
    for (int round = 0; round < 3000; round++) {
        int fd = mkstemp(path);
        assert_true(fd >= 0);
        size_t n = 1 + next(300);
        char buf[400];
        for (size_t i = 0; i < n; i++) {
            /* mostly quote-free lines so that the fast path runs often */
            char c = alphabet[next(sizeof alphabet - 1)];
            if (c == '"' && next(4) != 0)
                c = 'q';
            buf[i] = c;
        }
        assert_int_equal(write(fd, buf, n), (ssize_t)n);
        close(fd);
        size_t cap = next(2) ? 16u * 1024u * 1024u : 1 + next(12);
        char *fast = read_all(path, false, cap);
        char *slow = read_all(path, true, cap);
        if (strcmp(fast, slow) != 0) {
            fprintf(stderr, "input (%zu bytes):\n%.*s\n--- fast:\n%s--- libcsv:\n%s", n, (int)n,
                    buf, fast, slow);
            fail_msg("fast path and libcsv disagree in round %d", round);
        }
        if (round % 10 == 0) {
            /* the parallel reader hands over the very same rows */
            char *bg = read_all_with(path, false, cap, true);
            if (strcmp(fast, bg) != 0)
                fail_msg("parallel reader and reader disagree in round %d", round);
            free(bg);
        }
        free(fast);
        free(slow);
        unlink(path);
        strcpy(path, "csvfast-XXXXXX");
    }
}

/* Many chunks of the parallel reader, with quoted line breaks. */
static void test_async_many_batches(void **state)
{
    (void)state;
    char path[] = "csvasync-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *fp = fdopen(fd, "w");
    assert_non_null(fp);
    fputs("a,b,c\n", fp);
    for (int i = 0; i < 10000; i++)
        if (i % 7 == 0)
            fprintf(fp, "%d,\"x,\n\"\"y\"\"\",z\n", i);
        else
            fprintf(fp, "%d,plain %d, z \r\n", i, i);
    fclose(fp);
    char *sync = read_all_with(path, false, 16u * 1024u * 1024u, false);
    char *bg = read_all_with(path, false, 16u * 1024u * 1024u, true);
    assert_string_equal(sync, bg);
    assert_non_null(strstr(bg, "|10000|3|"));
    free(sync);
    free(bg);
    unlink(path);
}

/* ---- quoted records ------------------------------------------------------------------------ */

/* How the bytes are read: the caps, fl_csv_read_mem's block (0: one block), and, for the
   parallel reader, the chunk size and workers. */
typedef struct setup {
    size_t max_record, max_fields, block, chunk;
    unsigned threads;
} setup;

/* Status and stats after the records, so that they are compared too. */
static void put_end(csv_dump *d, fl_status st, const fl_csv_stats *stats)
{
    char tail[128];
    int n = snprintf(tail, sizeof tail, "status %d, %llu rows, %llu lines, %llu bytes\n", (int)st,
                     (unsigned long long)stats->rows, (unsigned long long)stats->lines,
                     (unsigned long long)stats->bytes);
    text_put(&d->text, tail, (size_t)n);
}

static fl_csv_limits limits_of(const setup *s, bool libcsv_only)
{
    fl_csv_limits lim = FL_CSV_LIMITS_DEFAULT;
    lim.max_record_bytes = s->max_record;
    lim.max_fields = s->max_fields;
    lim.chunk_bytes = s->chunk;
    lim.libcsv_only = libcsv_only;
    return lim;
}

/* data[0..n) read from memory as setup s says; caller frees. *rows: the rows read. */
static char *dump_mem(const char *data, size_t n, const setup *s, bool libcsv_only, uint64_t *rows)
{
    fl_csv_limits lim = limits_of(s, libcsv_only);
    csv_dump d = {0};
    fl_csv_stats stats = {0};
    text_put(&d.text, "", 0);
    fl_status st = fl_csv_read_mem(data, n, "mem", s->block, &lim, csv_dump_row, NULL, &d, &stats);
    put_end(&d, st, &stats);
    *rows = stats.rows;
    return d.text.s;
}

/* The file at path read by the parallel reader as setup s says; caller frees. */
static char *dump_parallel(const char *path, const setup *s)
{
    fl_csv_limits lim = limits_of(s, false);
    csv_dump d = {0};
    fl_csv_stats stats = {0};
    text_put(&d.text, "", 0);
    fl_status st = fl_csv_read_parallel(path, &lim, s->threads, csv_dump_row, NULL, &d, &stats);
    put_end(&d, st, &stats);
    return d.text.s;
}

/* The input with its control bytes and quotes visible, for a failure message. */
static void show_input(const char *data, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)data[i];
        if (c == '\n')
            fputs("\\n\n", stderr);
        else if (c == '\r')
            fputs("\\r", stderr);
        else if (c == '\t')
            fputs("\\t", stderr);
        else if (c < 0x20 || c >= 0x7F)
            fprintf(stderr, "\\x%02X", c);
        else
            fputc(c, stderr);
    }
    fputc('\n', stderr);
}

static void must_agree(const char *data, size_t n, const char *want, const char *got,
                       const setup *s, const char *what)
{
    if (strcmp(want, got) == 0)
        return;
    fprintf(stderr, "input (%zu bytes, record cap %zu, field cap %zu, block %zu, chunk %zu):\n", n,
            s->max_record, s->max_fields, s->block, s->chunk);
    show_input(data, n);
    fprintf(stderr, "--- libcsv:\n%s--- %s:\n%s", want, what, got);
    fail_msg("%s disagrees with libcsv", what);
}

/*
 * data[0..n) read with the fast path (in one block, in small blocks, and, when path is not
 * NULL, from that file by the parallel reader) equals the read through libcsv alone. Returns
 * the records with a quoted field that the one-block read split without libcsv; *rows: all
 * its records.
 */
static uint64_t check_agree(const char *data, size_t n, const setup *s, const char *path,
                            uint64_t *rows)
{
    setup one = *s;
    one.block = 0;
    char *want = dump_mem(data, n, &one, true, rows);
    uint64_t before = fl_csv_fast_quoted(), ignore;
    char *got = dump_mem(data, n, &one, false, &ignore);
    uint64_t quoted = fl_csv_fast_quoted() - before;
    must_agree(data, n, want, got, &one, "the fast path in one block");
    free(got);
    if (s->block) {
        got = dump_mem(data, n, s, false, &ignore);
        must_agree(data, n, want, got, s, "the fast path in small blocks");
        free(got);
    }
    if (path) {
        FILE *fp = fopen(path, "wb");
        assert_non_null(fp);
        assert_int_equal(fwrite(data, 1, n, fp), n);
        assert_int_equal(fclose(fp), 0);
        got = dump_parallel(path, s);
        must_agree(data, n, want, got, s, "the parallel reader in small chunks");
        free(got);
    }
    free(want);
    return quoted;
}

/* A growing input. */
typedef struct gen {
    char buf[2048];
    size_t n;
} gen;

static void add(gen *g, const char *s, size_t n)
{
    if (g->n + n <= sizeof g->buf) {
        memcpy(g->buf + g->n, s, n);
        g->n += n;
    }
}

static void add_s(gen *g, const char *s)
{
    add(g, s, strlen(s));
}

/* Up to max bytes from set (no ',', '"' or line end in it: an unquoted field's text). */
static void add_text(gen *g, const char *set, unsigned max)
{
    for (unsigned k = next(max + 1); k > 0; k--)
        add(g, &set[next((unsigned)strlen(set))], 1);
}

/* A plain quoted field: commas, spaces, tabs and doubled quotes inside; maybe empty. */
static void add_quoted(gen *g)
{
    static const char inner[] = "ab ,\t\xc3\xa9z";
    add_s(g, "\"");
    for (unsigned k = next(next(4) ? 12 : 40); k > 0; k--) {
        if (next(7) == 0)
            add_s(g, "\"\"");
        else
            add(g, &inner[next(sizeof inner - 1)], 1);
    }
    add_s(g, "\"");
}

/* A field whose quotes are not plain, or that only looks like one: libcsv must read it. */
static void add_odd_field(gen *g)
{
    static const char *const odd[] = {
        "ab\"c",               /* a quote inside an unquoted field (12" pipe) */
        "12\"",                /* ... at its end */
        " \"sp\"",             /* a space before a quoted field */
        "\t\"tab\"",           /* a tab before it */
        "\"sp\" ",             /* a space after it */
        "\"sp\"\t\t",          /* tabs after it */
        "\"a\"b",              /* text after the closing quote */
        "\"a\"b\"",            /* a quote not doubled inside */
        "\"a\nb\"",            /* LF inside quotes */
        "\"a\rb\"",            /* CR inside quotes */
        "\"a\r\nb\"",          /* CRLF inside quotes */
        "\"\r\n\"",            /* nothing but a line end inside quotes */
        "\"open",              /* a quote left open: the rest of the file goes into it */
        "\"",                  /* a lone quote */
        "\"\"\"",              /* an opening quote and a doubled one: still open */
        "\"\" ",               /* an empty quoted field, then a space */
        " ",                   /* spaces only */
        "\xEF\xBB\xBF\"bom\"", /* a byte-order mark inside the file, then quotes */
    };
    add_s(g, odd[next(sizeof odd / sizeof *odd)]);
}

/*
 * Random records, mostly of plain quoted and unquoted fields (as bills of lading are), with
 * LF, CRLF or CR line ends, blank lines, sometimes a byte-order mark at the start and no line
 * end at the end. odd: 1 in odd fields is one whose quotes are not plain (0: none).
 */
static void make_records(gen *g, unsigned odd)
{
    static const char *const ends[] = {"\n", "\n", "\n", "\r\n", "\r\n", "\r"};
    g->n = 0;
    if (next(8) == 0)
        add_s(g, "\xEF\xBB\xBF");
    for (unsigned lines = 1 + next(14); lines > 0; lines--) {
        if (next(12) == 0)
            add_s(g, next(2) ? " \t" : ""); /* a blank line */
        else
            for (unsigned f = 1 + next(7); f > 0; f--) {
                if (odd && next(odd) == 0)
                    add_odd_field(g);
                else if (next(5) < 3)
                    add_quoted(g);
                else
                    add_text(g, next(3) ? "ab x\xc3\xa9" : "ab \t", next(3) ? 8 : 30);
                if (f > 1)
                    add_s(g, ",");
            }
        if (lines > 1 || next(4) != 0)
            add_s(g, ends[next(sizeof ends / sizeof *ends)]);
    }
}

/* Small caps often, so that both are reached inside quoted fields; the default ones else. */
static setup random_setup(void)
{
    setup s = {16u * 1024u * 1024u, 4096, 0, 0, 1 + next(2)};
    if (next(2))
        s.max_record = next(3) ? 1 + next(60) : next(4);
    if (next(2))
        s.max_fields = 1 + next(6);
    s.block = next(2) ? 0 : 1 + next(100); /* the reader keeps at least 64 bytes */
    s.chunk = 64 + next(100);
    return s;
}

/* Random records, plain ones mostly, in all three readings. */
static void test_random_records_agree(void **state)
{
    (void)state;
    char path[] = "csvfast-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    gen g;
    uint64_t quoted = 0, rows = 0;
    for (int round = 0; round < 6000; round++) {
        make_records(&g, round % 3 == 0 ? 0 : 4 + next(30));
        setup s = random_setup();
        uint64_t n;
        quoted += check_agree(g.buf, g.n, &s, round % 4 == 0 ? path : NULL, &n);
        rows += n;
    }
    unlink(path);
    /* most records hold a quoted field and most of those are plain: the fast path took them */
    fprintf(stderr, "quoted records split by the fast path: %llu of %llu records\n",
            (unsigned long long)quoted, (unsigned long long)rows);
    assert_true(quoted * 2 > rows);
}

/*
 * Hand-made lines at the edges of the fast path, each read under every record size cap from 0
 * to past its length and several field caps, in one block and by the parallel reader.
 */
static void test_edges_agree(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        size_t n; /* 0: strlen(s) */
    } cases[] = {
        {"\"\"\n", 0},
        {"\"\",\"\"\n", 0},
        {",\"\",\n", 0},
        {"a,\"\"\"\"\"\",b\n", 0},
        {"\"a\"\"b\",\"c,d\",\" e \"\r\n", 0},
        {"\"\"\"x\"\"\",y\"\n", 0},
        {"h1,h2\n\"x\"\"\",\"\"\"y\"\r\n\"z\"\r", 0},
        {"\"ab\"", 0},
        {"\"ab\"\"\"", 0},
        {"x,\"ab", 0},
        {"x,\"ab\"\"", 0},
        {"\" a \" ,b\n", 0},
        {" \"a\",b\n", 0},
        {"\"a\" \"b\",c\n", 0},
        {"\"a\"b,c\n", 0},
        {"a\"b,\"c\"\n", 0},
        {"\"a\",b\"c\n", 0},
        {"\"a\nb\",c\n\"d\",e\n", 0},
        {"\"a\rb\",c\r\"d\",e\r", 0},
        {"\"a\r\nb\",c\r\n\"d\",e\r\n", 0},
        {"\"a\",\"b\r\n", 0},
        {"\xEF\xBB\xBF\"a\",\"b\"\n\"c\"\n", 0},
        {"\xEF\xBB\xBF\"\"\n", 0},
        {"x\n\xEF\xBB\xBF\"a\",b\n", 0},
        {"\"1\",\"22\",\"333\",\"4444\",\"55555\"\n\"1\",\"2\"\"2\",3\n", 0},
        {"\"12345678\"\"\",x,\"\"\"\"\"\"\n", 0},
        {"\"a,b,c,d\",e,\"f,g\",\"h\"\n1,2,3,4,5\n", 0},
        {"  \t\n\"a\"\n\n\r\n\"b\"\n", 0},
        {"\"a\"\n\"b", 0},
        {"\"\xc3\xa9\",\"\0\",x\n", 11}, /* NUL inside quotes */
    };
    static const size_t field_caps[] = {1, 2, 3, 4, 4096};
    char path[] = "csvfast-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        size_t n = cases[i].n ? cases[i].n : strlen(cases[i].s);
        uint64_t rows;
        for (size_t f = 0; f < sizeof field_caps / sizeof *field_caps; f++)
            for (size_t cap = 0; cap <= n + 1; cap++) {
                setup s = {cap == n + 1 ? 16u * 1024u * 1024u : cap, field_caps[f], 0, 64,
                           1 + (unsigned)(cap % 2)};
                check_agree(cases[i].s, n, &s, cap % 3 == 0 ? path : NULL, &rows);
            }
    }
    unlink(path);
}

/* Plain quoted records, as bills of lading are: each one split without libcsv, by the plain
   and the parallel reader; none with libcsv_only. */
static void test_fast_path_takes_quoted_records(void **state)
{
    (void)state;
    char path[] = "csvfast-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *fp = fdopen(fd, "w");
    assert_non_null(fp);
    fputs("Bill,Shipper,Address,Value\n", fp);
    for (int i = 0; i < 2000; i++)
        fprintf(fp, "B%d,\"Aksu \"\"Cotton\"\" Co., Ltd\",\"No. %d Road, Aksu\",%d.5\r\n", i, i, i);
    fclose(fp);
    uint64_t before = fl_csv_fast_quoted();
    char *fast = read_all(path, false, 16u * 1024u * 1024u);
    assert_int_equal(fl_csv_fast_quoted() - before, 2000);
    assert_non_null(strstr(fast, "\n2001|2000|4|B1999|Aksu \"Cotton\" Co., Ltd|No. 1999 Road, "
                                 "Aksu|1999.5|\n"));
    before = fl_csv_fast_quoted();
    char *par = read_all_with(path, false, 16u * 1024u * 1024u, true);
    assert_true(fl_csv_fast_quoted() - before >= 2000);
    assert_string_equal(fast, par);
    before = fl_csv_fast_quoted();
    char *slow = read_all(path, true, 16u * 1024u * 1024u);
    assert_int_equal(fl_csv_fast_quoted() - before, 0);
    assert_string_equal(fast, slow);
    free(fast);
    free(par);
    free(slow);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_inputs_agree),
        cmocka_unit_test(test_async_many_batches),
        cmocka_unit_test(test_random_records_agree),
        cmocka_unit_test(test_edges_agree),
        cmocka_unit_test(test_fast_path_takes_quoted_records),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
