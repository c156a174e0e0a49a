/* test_rowfile.c - fixed-size rows in a temporary file (rowfile.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rowfile.h"

/* A row bigger than one machine word, so that a window holds a few hundred of them. */
typedef struct row {
    uint64_t n;
    char text[1000];
} row;

static void fill(row *r, uint64_t n)
{
    r->n = n;
    snprintf(r->text, sizeof r->text, "row %llu", (unsigned long long)n);
}

static void check(const row *r, uint64_t n)
{
    char want[64];
    snprintf(want, sizeof want, "row %llu", (unsigned long long)n);
    assert_int_equal(r->n, n);
    assert_string_equal(r->text, want);
}

/* Rows come back as pushed, in order, backwards and at random; far more than one window. */
static void test_push_and_read(void **state)
{
    (void)state;
    const size_t n = 5000; /* 5 MB: many windows, and past the append buffer */
    fl_rowfile *f = fl_rowfile_new(sizeof(row), "test rows");
    assert_non_null(f);
    for (size_t i = 0; i < n; i++) {
        row *r = fl_rowfile_push(f);
        assert_non_null(r);
        for (size_t k = 0; k < sizeof *r; k++)
            assert_int_equal(((unsigned char *)r)[k], 0); /* zeroed */
        fill(r, i);
    }
    assert_int_equal(fl_rowfile_count(f), n);
    fl_rowview v;
    fl_rowview_init(&v, f);
    for (size_t i = 0; i < n; i++)
        check(fl_rowview_get(&v, i), i);
    for (size_t i = n; i-- > 0;)
        check(fl_rowview_get(&v, i), i);
    srand(7);
    for (int k = 0; k < 2000; k++) {
        size_t i = (size_t)rand() % n;
        check(fl_rowview_get(&v, i), i);
    }
    assert_int_equal(fl_rowview_end(&v), FL_OK);
    /* two views at once read the same rows independently */
    fl_rowview a, b;
    fl_rowview_init(&a, f);
    fl_rowview_init(&b, f);
    for (size_t i = 0; i < n; i++) {
        check(fl_rowview_get(&a, i), i);
        check(fl_rowview_get(&b, n - 1 - i), n - 1 - i);
    }
    assert_int_equal(fl_rowview_end(&a), FL_OK);
    assert_int_equal(fl_rowview_end(&b), FL_OK);
    /* windows set smaller than a jump's (one row, three) or larger than the default: the
       same rows, in order and at random, and edits written back */
    static const size_t windows[] = {1, 3 * sizeof(row), 1 << 20};
    for (size_t w = 0; w < sizeof windows / sizeof *windows; w++) {
        fl_rowview_init(&a, f);
        fl_rowview_window(&a, windows[w]);
        for (size_t i = 0; i < n; i++)
            check(fl_rowview_get(&a, i), i);
        for (int k = 0; k < 500; k++) {
            size_t i = (size_t)rand() % n;
            row *r = fl_rowview_edit(&a, i);
            check(r, i);
            fill(r, i); /* the same again: written back, still right */
        }
        assert_int_equal(fl_rowview_end(&a), FL_OK);
    }
    fl_rowview_init(&a, f);
    for (size_t i = 0; i < n; i++)
        check(fl_rowview_get(&a, i), i);
    assert_int_equal(fl_rowview_end(&a), FL_OK);
    fl_rowfile_free(f);
}

/* Edits are written back when the window moves and when the view ends, in the file's rows
   and in those still in the append buffer alike; truncation drops the tail. */
static void test_edit_and_truncate(void **state)
{
    (void)state;
    const size_t n = 3000;
    fl_rowfile *f = fl_rowfile_new(sizeof(row), "test rows");
    assert_non_null(f);
    for (size_t i = 0; i < n; i++)
        fill(fl_rowfile_push(f), i);
    fl_rowview v;
    fl_rowview_init(&v, f);
    for (size_t i = 0; i < n; i++)
        fill(fl_rowview_edit(&v, i), i * 10);
    assert_int_equal(fl_rowview_end(&v), FL_OK);
    fl_rowview_init(&v, f);
    for (size_t i = n; i-- > 0;)
        check(fl_rowview_get(&v, i), i * 10);
    assert_int_equal(fl_rowview_end(&v), FL_OK);

    /* keep every third row, moved down in place through a second view */
    fl_rowview from, to;
    fl_rowview_init(&from, f);
    fl_rowview_init(&to, f);
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        row r = *(const row *)fl_rowview_get(&from, i);
        if (i % 3 == 0)
            *(row *)fl_rowview_edit(&to, kept++) = r;
    }
    assert_int_equal(fl_rowview_end(&from), FL_OK);
    assert_int_equal(fl_rowview_end(&to), FL_OK);
    assert_int_equal(fl_rowfile_truncate(f, kept), FL_OK);
    assert_int_equal(fl_rowfile_count(f), kept);
    fl_rowview_init(&v, f);
    for (size_t i = 0; i < kept; i++)
        check(fl_rowview_get(&v, i), i * 30);
    assert_int_equal(fl_rowview_end(&v), FL_OK);
    /* pushing after a truncation continues from there */
    fill(fl_rowfile_push(f), 77);
    fl_rowview_init(&v, f);
    check(fl_rowview_get(&v, kept), 77);
    check(fl_rowview_get(&v, 0), 0);
    assert_int_equal(fl_rowview_end(&v), FL_OK);
    fl_rowfile_free(f);
}

/* A small array stays in memory: no temporary file is made. */
static void test_small_stays_in_memory(void **state)
{
    (void)state;
    char dir[] = "/tmp/flscan-rowfile-XXXXXX";
    assert_non_null(mkdtemp(dir));
    setenv("TMPDIR", dir, 1);
    fl_rowfile *f = fl_rowfile_new(sizeof(row), "test rows");
    for (size_t i = 0; i < 10; i++)
        fill(fl_rowfile_push(f), i);
    fl_rowview v;
    fl_rowview_init(&v, f);
    fill(fl_rowview_edit(&v, 3), 33);
    check(fl_rowview_get(&v, 3), 33);
    assert_int_equal(fl_rowview_end(&v), FL_OK);
    /* nothing in the folder, and unlinked files leave nothing there either */
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *e;
    int entries = 0;
    while ((e = readdir(d)))
        entries += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    assert_int_equal(entries, 0);
    fl_rowfile_free(f);
    unsetenv("TMPDIR");
    rmdir(dir);
}

/* A file that cannot be made or written fails the push, sticks, and views hand out zeroed
   rows with the failure. */
static void test_failure_sticks(void **state)
{
    (void)state;
    setenv("TMPDIR", "/nonexistent-flscan-folder", 1);
    fl_rowfile *f = fl_rowfile_new(sizeof(row), "test rows");
    size_t pushed = 0;
    for (; pushed < 1000; pushed++) {
        row *r = fl_rowfile_push(f);
        if (!r)
            break;
        fill(r, pushed);
    }
    assert_true(pushed < 1000);
    assert_int_equal(fl_rowfile_status(f), FL_ERR_OUTPUT);
    assert_null(fl_rowfile_push(f));
    fl_rowview v;
    fl_rowview_init(&v, f);
    const row *r = fl_rowview_get(&v, 0);
    assert_int_equal(r->n, 0);
    assert_int_equal(fl_rowview_end(&v), FL_ERR_OUTPUT);
    fl_rowfile_free(f);
    unsetenv("TMPDIR");
}

/* A row past the end is a bug in the caller: reported, never read. */
static void test_out_of_range(void **state)
{
    (void)state;
    fl_rowfile *f = fl_rowfile_new(sizeof(row), "test rows");
    fill(fl_rowfile_push(f), 1);
    fl_rowview v;
    fl_rowview_init(&v, f);
    assert_int_equal(((const row *)fl_rowview_get(&v, 5))->n, 0);
    assert_int_equal(fl_rowview_status(&v), FL_ERR_OUTPUT);
    assert_int_equal(fl_rowview_end(&v), FL_ERR_OUTPUT);
    fl_rowfile_free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_push_and_read),
        cmocka_unit_test(test_edit_and_truncate),
        cmocka_unit_test(test_small_stays_in_memory),
        cmocka_unit_test(test_failure_sticks),
        cmocka_unit_test(test_out_of_range),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
