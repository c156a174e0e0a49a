/* test_table.c - reference tables with columns found by name (table.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "table.h"

static void write_tmp(const char *text, char *path, size_t cap)
{
    const char *dir = getenv("TMPDIR");
    if (!dir || !*dir)
        dir = "/tmp";
    snprintf(path, cap, "%s/flscan-table-XXXXXX", dir);
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    size_t len = strlen(text);
    assert_int_equal(write(fd, text, len), (ssize_t)len);
    assert_int_equal(close(fd), 0);
}

/* The callback writes "line|[cell][cell]|colno,colno\n" per row into log. */
typedef struct tlog {
    char text[1024];
    size_t rows;
    size_t fail_at; /* return fail_status on this row (1-based); 0 = never */
    fl_status fail_status;
} tlog;

static fl_status on_row(const fl_table_row *row, void *ctx)
{
    tlog *t = ctx;
    size_t n_cols = 0;
    while (row->names[n_cols])
        n_cols++;
    size_t used = strlen(t->text);
    used += (size_t)snprintf(t->text + used, sizeof t->text - used, "%llu|",
                             (unsigned long long)row->line);
    for (size_t c = 0; c < n_cols; c++)
        used += (size_t)snprintf(t->text + used, sizeof t->text - used, "[%.*s]",
                                 (int)row->cells[c].len, row->cells[c].ptr);
    for (size_t c = 0; c < n_cols; c++)
        used += (size_t)snprintf(t->text + used, sizeof t->text - used, "%s%d", c ? "," : "|",
                                 row->colno[c]);
    snprintf(t->text + used, sizeof t->text - used, "\n");
    t->rows++;
    if (t->fail_at && t->rows == t->fail_at)
        return t->fail_status;
    return FL_OK;
}

struct test_case {
    const char *name;
    const char *input;
    const char *columns[4]; /* NULL-terminated */
    size_t n_required;
    size_t fail_at;
    fl_status want;
    const char *log;
};

static const struct test_case cases[] = {
    {"cells in requested order",
     "a,b,c\n1,2,3\n4,5,6\n",
     {"c", "a"},
     2,
     0,
     FL_OK,
     "2|[3][1]|3,1\n3|[6][4]|3,1\n"},
    {"optional column absent gives empty cells",
     "a,b\n1,2\n",
     {"b", "zz"},
     1,
     0,
     FL_OK,
     "2|[2][]|2,0\n"},
    {"required column missing", "a,b\n1,2\n", {"a", "zz"}, 2, 0, FL_ERR_RULES, ""},
    {"ragged rows reported, good rows still read",
     "a,b\n1,2\n3\n4,5,6\n7,8\n",
     {"a", "b"},
     2,
     0,
     FL_ERR_RULES,
     "2|[1][2]|1,2\n5|[7][8]|1,2\n"},
    {"trailing spaces in a header cell", "a ,b\n1,2\n", {"a", "b"}, 2, 0, FL_OK, "2|[1][2]|1,2\n"},
    {"names match exactly", "A,b\n1,2\n", {"a"}, 1, 0, FL_ERR_RULES, ""},
    {"BOM before the header",
     "\xEF\xBB\xBF"
     "a,b\n1,2\n",
     {"a"},
     1,
     0,
     FL_OK,
     "2|[1]|1\n"},
    {"quoted cells and physical lines",
     "a,b\n\"x\ny\",\"p,q\"\n\n3,4\n",
     {"b", "a"},
     2,
     0,
     FL_OK,
     "2|[p,q][x\ny]|2,1\n5|[4][3]|2,1\n"},
    {"header only", "a,b\n", {"a", "b"}, 2, 0, FL_OK, ""},
    {"empty file lacks the required columns", "", {"a"}, 1, 0, FL_ERR_RULES, ""},
    {"empty file with optional columns only", "", {"a"}, 0, 0, FL_OK, ""},
    {"callback status stops the read",
     "a\n1\n2\n3\n",
     {"a"},
     1,
     2,
     FL_ERR_INPUT,
     "2|[1]|1\n3|[2]|1\n"},
    {"unterminated quote is an error", "a,b\n1,\"2\n", {"a", "b"}, 2, 0, FL_ERR_RULES, ""},
    {"a requested column twice is an error; rows still read",
     "a,b,a\n1,2,3\n",
     {"a", "b"},
     2,
     0,
     FL_ERR_RULES,
     "2|[1][2]|1,2\n"},
    {"an unrequested column twice is fine", "a,x,x\n1,2,3\n", {"a"}, 1, 0, FL_OK, "2|[1]|1\n"},
    {"an unreadable header stops the read", "\"a,b\n", {"a"}, 1, 0, FL_ERR_RULES, ""},
};

static void test_cases(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const struct test_case *tc = &cases[i];
        char path[512];
        write_tmp(tc->input, path, sizeof path);
        size_t n_cols = 0;
        while (n_cols < 4 && tc->columns[n_cols])
            n_cols++;
        tlog t;
        memset(&t, 0, sizeof t);
        t.fail_at = tc->fail_at;
        t.fail_status = FL_ERR_INPUT;
        print_message("case: %s\n", tc->name);
        fl_status st =
            fl_table_read(path, "t.csv", tc->columns, n_cols, tc->n_required, on_row, &t);
        unlink(path);
        assert_int_equal(st, tc->want);
        assert_string_equal(t.text, tc->log);
    }
}

static void test_missing_file(void **state)
{
    (void)state;
    static const char *const cols[] = {"a", NULL};
    tlog t;
    memset(&t, 0, sizeof t);
    assert_int_equal(
        fl_table_read(FLSCAN_SOURCE_DIR "/no/such/table.csv", NULL, cols, 1, 1, on_row, &t),
        FL_ERR_INPUT);
    assert_int_equal(t.rows, 0);
}

static void test_cell_copy(void **state)
{
    (void)state;
    static const char *const names[] = {"a", NULL};
    const fl_slice cells[] = {{"cotton yarn", 11}};
    const int colno[] = {1};
    fl_table_row row = {"t.csv", 2, cells, colno, names};
    char buf[16];
    assert_string_equal(fl_table_cell(&row, 0, buf, sizeof buf), "cotton yarn");
    assert_string_equal(fl_table_cell(&row, 0, buf, 7), "cotton");
    assert_string_equal(fl_table_cell(&row, 0, buf, 1), "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cases),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_cell_copy),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
