/* test_csvfast.c - differential test: the reader's fast path yields exactly libcsv's fields. */
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
        assert_int_equal(fl_csv_read_parallel(path, &lim, 2, csv_dump_row, NULL, &d, NULL),
                         FL_OK);
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_inputs_agree),
        cmocka_unit_test(test_async_many_batches),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
