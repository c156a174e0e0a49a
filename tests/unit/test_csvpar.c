/*
 * test_csvpar.c - differential test: fl_csv_read_parallel() hands over exactly the rows,
 * errors, stats and bytes of fl_csv_read(), whatever the thread count and wherever the chunk
 * ends fall (quoted line breaks, doubled quotes, stray quotes, CR and CRLF at chunk ends).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csv_dump.h"
#include "csvread.h"

/* The records (first member: ctx serves csv_dump_row and on_bytes) and the bytes as on_bytes
   saw them. */
typedef struct dump {
    csv_dump rows;
    text_buf raw;
} dump;

static void on_bytes(const void *data, size_t len, void *ctx)
{
    dump *d = ctx;
    text_put(&d->raw, data, len);
}

typedef struct result {
    fl_status st;
    fl_csv_stats stats;
    dump d;
} result;

/* threads 0: fl_csv_read(); otherwise fl_csv_read_parallel() with that many workers. */
static result run(const char *path, unsigned threads, size_t chunk, size_t max_record,
                  size_t stop_after)
{
    fl_csv_limits lim = FL_CSV_LIMITS_DEFAULT;
    lim.chunk_bytes = chunk;
    if (max_record)
        lim.max_record_bytes = max_record;
    result r;
    memset(&r, 0, sizeof r);
    r.d.rows.stop_after = stop_after;
    text_put(&r.d.rows.text, "", 0);
    text_put(&r.d.raw, "", 0);
    r.st = threads ? fl_csv_read_parallel(path, &lim, threads, csv_dump_row, on_bytes, &r.d,
                                          &r.stats)
                   : fl_csv_read(path, &lim, csv_dump_row, on_bytes, &r.d, &r.stats);
    return r;
}

static void result_free(result *r)
{
    free(r->d.rows.text.s);
    free(r->d.raw.s);
}

static void write_file(const char *path, const char *data, size_t n)
{
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(data, 1, n, fp), n);
    assert_int_equal(fclose(fp), 0);
}

/* A new temporary file in the current folder, its name in path (a mkstemp template). */
static FILE *new_temp(char *path)
{
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *fp = fdopen(fd, "w");
    assert_non_null(fp);
    return fp;
}

/* The parallel reader agrees with the plain one on path, for these settings. */
static void agree(const char *path, unsigned threads, size_t chunk, size_t max_record,
                  size_t stop_after, const char *what)
{
    result a = run(path, 0, 0, max_record, stop_after);
    result b = run(path, threads, chunk, max_record, stop_after);
    if (a.st != b.st || strcmp(a.d.rows.text.s, b.d.rows.text.s) != 0) {
        FILE *in = fopen(path, "rb");
        char buf[2048];
        size_t n = in ? fread(buf, 1, sizeof buf - 1, in) : 0;
        if (in)
            fclose(in);
        size_t at = 0; /* show from the line before the first difference */
        while (a.d.rows.text.s[at] && a.d.rows.text.s[at] == b.d.rows.text.s[at])
            at++;
        while (at > 0 && a.d.rows.text.s[at - 1] != '\n')
            at--;
        if (at > 0)
            for (at--; at > 0 && a.d.rows.text.s[at - 1] != '\n'; at--)
                ;
        fprintf(stderr, "input (%zu bytes shown):\n%.*s\n--- plain (%d), from byte %zu:\n%.1500s\n--- "
                "parallel (%d):\n%.1500s\n",
                n > 600 ? (size_t)600 : n, n > 600 ? 600 : (int)n, buf, (int)a.st, at, a.d.rows.text.s + at,
                (int)b.st, b.d.rows.text.s + at);
        fail_msg("%s: parallel reader (threads %u, chunk %zu) disagrees", what, threads, chunk);
    }
    assert_int_equal(a.stats.rows, b.stats.rows);
    if (!stop_after && a.st == FL_OK) { /* after a stop, how far the reading got is not part of the contract */
        if (a.stats.lines != b.stats.lines)
            fprintf(stderr, "%s: lines %llu (plain) != %llu (threads %u, chunk %zu)\n", what,
                    (unsigned long long)a.stats.lines, (unsigned long long)b.stats.lines,
                    threads, chunk);
        assert_int_equal(a.stats.bytes, b.stats.bytes);
        assert_int_equal(a.stats.lines, b.stats.lines);
        assert_int_equal(a.d.raw.len, b.d.raw.len);
        assert_memory_equal(a.d.raw.s, b.d.raw.s, a.d.raw.len);
    }
    result_free(&a);
    result_free(&b);
}

static uint64_t rng = 0x2545F4914F6CDD1Dull;
static unsigned next(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

/* Random bytes rich in what matters to CSV, in small chunks: every kind of chunk end. */
static void test_random_inputs(void **state)
{
    (void)state;
    static const char alphabet[] = "ab ,,\t\r\n\n\n\"\"x\xc3\xa9";
    char path[] = "csvpar-XXXXXX";
    fclose(new_temp(path));
    for (int round = 0; round < 1500; round++) {
        size_t n = next(1200);
        char buf[1300];
        for (size_t i = 0; i < n; i++)
            buf[i] = alphabet[next(sizeof alphabet - 1)];
        if (round % 5 == 0 && n > 3)
            memcpy(buf, "\xEF\xBB\xBF", 3); /* a byte-order mark */
        write_file(path, buf, n);
        unsigned threads = 1 + next(4);
        size_t chunk = 64 + next(200);
        size_t cap = next(3) ? 0 : 1 + next(40);
        agree(path, threads, chunk, cap, 0, "random bytes");
        if (round % 7 == 0)
            agree(path, threads, chunk, cap, 1 + next(20), "random bytes, stopped");
    }
    unlink(path);
}

/*
 * Well-formed records with quoted line breaks, doubled quotes, CRLF and CR line ends: every
 * chunk size from 64 to 400 bytes sweeps the chunk ends over every position of the records.
 */
static void test_chunk_ends_everywhere(void **state)
{
    (void)state;
    char path[] = "csvpar-XXXXXX";
    FILE *fp = new_temp(path);
    fputs("id,name,address,note\n", fp);
    for (int i = 0; i < 300; i++) {
        switch (i % 6) {
        case 0:
            fprintf(fp, "%d,\"Aksu \"\"Cotton\"\" Co\",\"No. 5 Road,\nAksu, Xinjiang\",x\n", i);
            break;
        case 1:
            fprintf(fp, "%d,plain,\"a, b\",\"\"\"\"\r\n", i);
            break;
        case 2:
            fprintf(fp, "%d,\"multi\n\nline\n\",\"\",y\n", i);
            break;
        case 3:
            fprintf(fp, "%d,no quotes here,at all,z\n\n", i);
            break;
        case 4:
            fprintf(fp, "%d,\"cr\rinside\",\"q\"\"\",w\r", i);
            break;
        default:
            fprintf(fp, "%d,\"\n\",\"\r\n\",\"\"\"\n\"\"\"\n", i);
            break;
        }
    }
    fclose(fp);
    for (size_t chunk = 64; chunk <= 400; chunk++)
        agree(path, 1 + (unsigned)(chunk % 3), chunk, 0, 0, "records with quoted line breaks");
    agree(path, 2, 0, 0, 0, "one default chunk");
    unlink(path);
}

/*
 * Quotes inside unquoted fields (12" pipe) put the splitter's quote count off; a field with
 * line breaks longer than a chunk leaves no record end in it. Rows must not change.
 */
static void test_wrong_guesses(void **state)
{
    (void)state;
    char path[] = "csvpar-XXXXXX";
    FILE *fp = new_temp(path);
    fputs("id,desc,note\n", fp);
    for (int i = 0; i < 400; i++) {
        if (i % 50 == 7)
            fprintf(fp, "%d,STEEL PIPE 12\" DIA,\"a\nb\"\n", i);
        else if (i % 90 == 11) {
            fprintf(fp, "%d,\"", i);
            for (int k = 0; k < 60; k++)
                fprintf(fp, "long field line %d, \"\"quoted\"\"\n", k);
            fputs("\",end\n", fp);
        } else
            fprintf(fp, "%d,\"x,\ny\",plain\n", i);
    }
    fclose(fp);
    for (size_t chunk = 64; chunk <= 4096; chunk = chunk * 3 / 2 + 1)
        for (unsigned threads = 1; threads <= 3; threads++)
            agree(path, threads, chunk, 0, 0, "stray quotes and long fields");
    unlink(path);
}

/* Files that end in the middle of things, and files that are refused. */
static void test_endings_and_refusals(void **state)
{
    (void)state;
    static const struct {
        const char *data;
        size_t len;
    } cases[] = {
        {"", 0},
        {"a,b\n", 4},
        {"a,b", 3},
        {"a,b\r", 4},
        {"a,\"b\nc", 6},              /* unterminated quote at the end */
        {"h\n\"open\n\n\n", 10},      /* unterminated, then blank lines */
        {"\xEF\xBB\xBFh1,h2\n1,2\n", 14},
        {"\xFF\xFEh\0,\0", 7},        /* UTF-16: refused */
        {"PK\x03\x04 zip", 8},        /* refused */
    };
    char path[] = "csvpar-XXXXXX";
    fclose(new_temp(path));
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        /* the same text three times over, so that it also ends chunks */
        write_file(path, cases[i].data, cases[i].len);
        agree(path, 2, 64, 0, 0, "short file");
        agree(path, 1, 0, 0, 0, "short file");
    }
    unlink(path);
}

/* Tiny records: a worker leaves the rest of a 1 MiB chunk to the caller past 4 MiB kept. */
static void test_chunk_budget(void **state)
{
    (void)state;
    char path[] = "csvpar-XXXXXX";
    FILE *fp = new_temp(path);
    for (int i = 0; i < 1500000; i++)
        fputs(i % 1000 == 999 ? "\"q\nq\"\n" : "a\n", fp);
    fclose(fp);
    agree(path, 2, 0, 0, 0, "tiny records");
    unlink(path);
}

/* Standard input and other things that are not regular files go to fl_csv_read(). */
static void test_not_regular(void **state)
{
    (void)state;
    result r = run("no-such-file.csv", 2, 0, 0, 0);
    assert_int_equal(r.st, FL_ERR_INPUT);
    result_free(&r);
    r = run(".", 2, 0, 0, 0);
    assert_int_equal(r.st, FL_ERR_INPUT);
    result_free(&r);
}

static void *fifo_writer(void *arg)
{
    FILE *fp = fopen(arg, "w"); /* waits for the reader */
    if (fp) {
        fputs("a,b\n1,\"x\ny\"\n3,4\n", fp);
        fclose(fp);
    }
    return NULL;
}

/* A FIFO is read once, by the plain reader: nothing the writer wrote is lost, no wait. */
static void test_fifo(void **state)
{
    (void)state;
    char path[] = "csvpar-fifo-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    unlink(path);
    assert_int_equal(mkfifo(path, 0600), 0);
    pthread_t th;
    assert_int_equal(pthread_create(&th, NULL, fifo_writer, path), 0);
    result r = run(path, 2, 0, 0, 0);
    pthread_join(th, NULL);
    unlink(path);
    assert_int_equal(r.st, FL_OK);
    assert_int_equal(r.stats.rows, 3);
    assert_string_equal(r.d.rows.text.s, "1|0|2|a|b|\n2|1|2|1|x\ny|\n4|2|2|3|4|\n");
    result_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_inputs),
        cmocka_unit_test(test_chunk_ends_everywhere),
        cmocka_unit_test(test_wrong_guesses),
        cmocka_unit_test(test_endings_and_refusals),
        cmocka_unit_test(test_chunk_budget),
        cmocka_unit_test(test_not_regular),
        cmocka_unit_test(test_fifo),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
