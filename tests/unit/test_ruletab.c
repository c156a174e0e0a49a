/* test_ruletab.c - rule tables read and written back as text (ruletab.h): unedited tables come
   back byte for byte as the rule builder wrote them; edits quote like Python's csv module. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ruletab.h"

static const char *const RULE_COLS[] = {"id", "title", "basis", "countries", "regions",
                                        "commodities", "labor", "severity", "valid_from",
                                        "valid_to", "sources", "note"};
static const char *const ENTITY_COLS[] = {"id", "name", "aliases", "country", "regions",
                                          "basis", "listed_from", "listed_to", "commodities",
                                          "sources", "note"};
static const char *const SOURCE_COLS[] = {"id", "title", "publisher", "date", "url"};

static char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    rewind(fp);
    char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
    fclose(fp);
    *len = (size_t)n;
    return buf;
}

static char *written(const fl_rtab *t, size_t *len)
{
    char *buf = NULL;
    FILE *fp = open_memstream(&buf, len);
    assert_non_null(fp);
    assert_true(fl_rtab_write(t, fp));
    fclose(fp);
    return buf;
}

static void round_trip(const char *name, const char *const *cols, size_t ncols)
{
    fl_rtab t;
    assert_int_equal(fl_rtab_read(&t, FLSCAN_SOURCE_DIR "/rules", name, cols, ncols), FL_OK);
    assert_false(t.dirty);
    size_t a, b;
    char path[512];
    snprintf(path, sizeof path, "%s/rules/%s", FLSCAN_SOURCE_DIR, name);
    char *orig = slurp(path, &a);
    char *back = written(&t, &b);
    assert_int_equal(a, b);
    assert_memory_equal(orig, back, a);
    free(orig);
    free(back);
    fl_rtab_free(&t);
}

static void test_round_trip(void **state)
{
    (void)state;
    round_trip("rules-tvpra.csv", RULE_COLS, 12);
    round_trip("entities.csv", ENTITY_COLS, 11);
    round_trip("sources.csv", SOURCE_COLS, 5);
}

static void test_edit(void **state)
{
    (void)state;
    fl_rtab t;
    assert_int_equal(fl_rtab_read(&t, FLSCAN_SOURCE_DIR "/rules", "sources.csv", SOURCE_COLS, 5),
                     FL_OK);
    size_t n = t.n;
    size_t first = 0;
    assert_true(fl_rtab_set(&t, first, 1, t.rows[first][1])); /* the same text: no edit */
    assert_false(t.dirty);
    const char *cells[5] = {"aaa-first", "A title, with \"quotes\"", "Publisher", "2026-12-01",
                            "https://example.gov/x"};
    size_t row = fl_rtab_insert(&t, 0, true, cells);
    assert_int_equal(row, 0); /* sorted by id: first */
    assert_true(t.dirty);
    assert_int_equal(t.n, n + 1);
    assert_int_equal(t.lines[0], 0);
    assert_int_equal(fl_rtab_find(&t, 0, "aaa-first"), 0);
    size_t len;
    char *text = written(&t, &len);
    assert_non_null(strstr(text, "\naaa-first,\"A title, with \"\"quotes\"\"\",Publisher,"
                                 "2026-12-01,https://example.gov/x\n"));
    free(text);
    fl_rtab_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_edit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
