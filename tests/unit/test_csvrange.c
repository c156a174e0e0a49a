/*
 * test_csvrange.c - differential test: the records of consecutive ranges
 * (fl_csv_read_range_mem) are the records of the whole input (fl_csv_read_mem), each once,
 * with the whole file's line numbers and indexes, wherever the cuts fall: inside quoted line
 * breaks (LF, CRLF, CR), between a CR and its LF, in doubled quotes, after a stray quote in
 * an unquoted field, in blank lines, in a line longer than the read buffer (leading spaces
 * included), in a quote left open at the end; and one range's next record is the next
 * range's first.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv_dump.h"
#include "csvread.h"

static const char *const inputs[] = {
    "id,name,addr\n1,a,b\n2,\"x\ny\",z\n3,\"q\r\nr\",s\r\n4,\"c\rd\",e\n5,f,g\n",
    "\xEF\xBB\xBFid,note\n1,\"say \"\"hi\"\"\nthere\"\n2,12\" pipe\n3,\"a\"b,c\nd\"\n4,end\n",
    "h1,h2\n\n  \n1,\"two\n\nlines\"\n\n2,x\r\n\r\n3,\"y\"  ,z\n4,last",
    "a,b\r1,\"x\ry\"\r2,z\r3,\"w\r\"\r",
    "h\n1\n\"open\nnever closed\n2\n",
    ("col,long\n1,\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
    "aaaa\nbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
    "\"\n2,ccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc"
    "cccccccccccccccccccccccccccccccc\n3,\" d \"\n"),
    /* a record whose line starts with more spaces than a 64-byte buffer holds: it starts at
       its line's start, whatever piece of the line the reader sees first (fuzzing found it) */
    ("h,i\n                                                                                 "
     "       a,b\n2,c\n"),
};

typedef struct got {
    fl_status st;
    csv_dump d;
    fl_csv_stats stats;
    fl_csv_range range;
} got;

static got read_range(const char *in, size_t block, uint64_t from, uint64_t to, bool ranged)
{
    got g;
    memset(&g, 0, sizeof g);
    text_put(&g.d.text, "", 0);
    fl_csv_limits lim = FL_CSV_LIMITS_DEFAULT;
    g.range.from = from;
    g.range.to = to;
    g.st = fl_csv_read_range_mem(in, strlen(in), "t.csv", block, &lim, ranged ? &g.range : NULL,
                                 csv_dump_row, NULL, &g.d, &g.stats);
    return g;
}

/* The dump without its first line (the header, handed over by every range). */
static const char *after_header(const char *dump)
{
    const char *nl = strchr(dump, '\n');
    return nl ? nl + 1 : dump + strlen(dump);
}

static void same_pos(const fl_csv_pos *a, const fl_csv_pos *b, uint64_t cut)
{
    if (a->offset != b->offset || a->line != b->line || a->index != b->index)
        fail_msg("cut %llu: next %llu/%llu/%llu, first %llu/%llu/%llu", (unsigned long long)cut,
                 (unsigned long long)a->offset, (unsigned long long)a->line,
                 (unsigned long long)a->index, (unsigned long long)b->offset,
                 (unsigned long long)b->line, (unsigned long long)b->index);
}

/* Cuts at c1 <= c2: three ranges, whose records together are the whole input's. */
static void check_cuts(const char *in, size_t block, uint64_t c1, uint64_t c2, const char *whole)
{
    /* the middle range read with the other buffer: where a record starts must not depend on
       how the reader's buffer cuts its lines */
    got a = read_range(in, block, 0, c1, true);
    got b = read_range(in, block ? 0 : 64, c1, c2, true);
    got c = read_range(in, block, c2, UINT64_MAX, true);
    assert_int_equal(a.st, FL_OK);
    assert_int_equal(b.st, FL_OK);
    assert_int_equal(c.st, FL_OK);
    same_pos(&a.range.next, &b.range.first, c1);
    same_pos(&b.range.next, &c.range.first, c2);
    assert_int_equal(c.range.next.offset, UINT64_MAX);
    text_buf all = {0};
    text_put(&all, a.d.text.s, a.d.text.len);
    const char *rest = after_header(b.d.text.s);
    text_put(&all, rest, strlen(rest));
    rest = after_header(c.d.text.s);
    text_put(&all, rest, strlen(rest));
    if (strcmp(all.s, whole) != 0)
        fail_msg("cuts %llu, %llu (block %zu):\n%s\nvs the whole read:\n%s",
                 (unsigned long long)c1, (unsigned long long)c2, block, all.s, whole);
    free(all.s);
    free(a.d.text.s);
    free(b.d.text.s);
    free(c.d.text.s);
}

static void test_every_cut(void **state)
{
    (void)state;
    static const size_t blocks[] = {0, 64};
    for (size_t i = 0; i < sizeof inputs / sizeof *inputs; i++) {
        size_t len = strlen(inputs[i]);
        for (size_t k = 0; k < 2; k++) {
            got whole = read_range(inputs[i], blocks[k], 0, 0, false);
            assert_int_equal(whole.st, FL_OK);
            for (uint64_t c1 = 0; c1 <= len + 1; c1++)
                for (uint64_t c2 = c1; c2 <= len + 1; c2 += 1 + (c2 - c1) / 3)
                    check_cuts(inputs[i], blocks[k], c1, c2, whole.d.text.s);
            free(whole.d.text.s);
        }
    }
}

/* The last range's next record says how many rows and lines the whole input had. */
static void test_end_counts(void **state)
{
    (void)state;
    const char *in = inputs[0];
    got whole = read_range(in, 0, 0, 0, false);
    got last = read_range(in, 0, 10, UINT64_MAX, true);
    assert_int_equal(last.range.next.index, whole.stats.rows);
    assert_int_equal(last.range.next.line, whole.stats.lines + 1);
    assert_int_equal(last.stats.bytes, strlen(in));
    /* a range past every record: none handed over but the header, first == next */
    got none = read_range(in, 0, 1000, UINT64_MAX, true);
    assert_int_equal(none.range.first.offset, UINT64_MAX);
    assert_string_equal(none.d.text.s, "1|0|3|id|name|addr|\n");
    free(whole.d.text.s);
    free(last.d.text.s);
    free(none.d.text.s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_cut),
        cmocka_unit_test(test_end_counts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
