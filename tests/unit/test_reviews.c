#define _DEFAULT_SOURCE /* mkstemps */
/* test_reviews.c - decisions read back from a CSV and from workbooks (hand-made, and written
 * by flscan then edited with openpyxl). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "history.h"
#include "report.h"
#include "reviews.h"
#include "xlsx.h"

#define FP1 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define FP2 "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
#define FP3 "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc"

typedef struct got {
    char fp[8][65], disp[8][32], note[8][128], who[8][64], date[8][16], src[8][256];
    size_t n;
} got;

static fl_status collect(const fl_decision *d, void *ctx)
{
    got *g = ctx;
    assert_true(g->n < 8);
    snprintf(g->fp[g->n], sizeof g->fp[0], "%s", d->fingerprint);
    snprintf(g->disp[g->n], sizeof g->disp[0], "%s", d->disposition);
    snprintf(g->note[g->n], sizeof g->note[0], "%s", d->note);
    snprintf(g->who[g->n], sizeof g->who[0], "%s", d->reviewer);
    snprintf(g->date[g->n], sizeof g->date[0], "%s", d->date);
    snprintf(g->src[g->n], sizeof g->src[0], "%s", d->source);
    g->n++;
    return FL_OK;
}

static void test_disposition_canonical(void **state)
{
    (void)state;
    static const struct {
        const char *in, *want;
    } cases[] = {
        {"Open", "Open"},
        {"false positive", "False positive"},
        {"  FALSE POSITIVE ", "False positive"},
        {"confirmed", "Confirmed"},
        {"Escalated", "Escalated"},
        {"resolved", "Resolved"},
        {"false-positive", NULL},
        {"", NULL},
        {"Opened", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *c = fl_disposition_canonical(cases[i].in, strlen(cases[i].in));
        if (cases[i].want)
            assert_string_equal(c, cases[i].want);
        else
            assert_null(c);
    }
}

static char *write_tmp(const char *suffix, const char *text)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/flscan-reviews-XXXXXX%s", suffix);
    int fd = mkstemps(path, (int)strlen(suffix));
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    return path;
}

static void test_csv(void **state)
{
    (void)state;
    char *path = write_tmp(".csv", "note,extra,fingerprint,disposition,reviewer,date\n"
                                   "\"our own mill, checked\",x," FP1 ",false positive,alice,"
                                   "2026-01-02\n"
                                   ",x," FP2 ",Confirmed,,\n"
                                   ",x,,Confirmed,bob,\n"       /* no fingerprint: quiet */
                                   ",x,nothex,Confirmed,bob,\n" /* warned */
                                   ",x," FP3 ",maybe,bob,\n"    /* warned */
                                   "just a note,x," FP3 ",,bob,01/02/2026\n" /* Open; bad date */
                                   ",x," FP3 ",,,\n");                       /* nothing: quiet */
    got g;
    memset(&g, 0, sizeof g);
    fl_reviews_stats st;
    assert_int_equal(fl_reviews_read(path, collect, &g, &st), FL_OK);
    assert_int_equal(g.n, 3);
    assert_int_equal(st.rows, 7);
    assert_int_equal(st.decisions, 3);
    assert_int_equal(st.skipped, 2);
    assert_string_equal(g.fp[0], FP1);
    assert_string_equal(g.disp[0], "False positive");
    assert_string_equal(g.note[0], "our own mill, checked");
    assert_string_equal(g.who[0], "alice");
    assert_string_equal(g.date[0], "2026-01-02");
    assert_non_null(strstr(g.src[0], ".csv:2"));
    assert_string_equal(g.disp[1], "Confirmed");
    assert_string_equal(g.who[1], "");
    assert_string_equal(g.date[1], "");
    assert_string_equal(g.disp[2], "Open");
    assert_string_equal(g.note[2], "just a note");
    assert_string_equal(g.date[2], "");
    unlink(path);

    path = write_tmp(".csv", "fingerprint,disposition\n" FP1 ",Confirmed\n");
    assert_int_equal(fl_reviews_read(path, collect, &g, NULL), FL_ERR_INPUT); /* no note */
    unlink(path);
    assert_int_equal(fl_reviews_read("/nonexistent/reviews.csv", collect, &g, NULL), FL_ERR_INPUT);
}

static const char *python(void)
{
    const char *py = getenv("FLSCAN_PYTHON");
    if (py && *py)
        return py;
    return access("/usr/bin/python3", X_OK) == 0 ? "/usr/bin/python3" : "python3";
}

static void test_xlsx_handmade(void **state)
{
    (void)state;
    char path[64] = "/tmp/flscan-reviews-XXXXXX.xlsx", cmd[512];
    int fd = mkstemps(path, 5);
    assert_true(fd >= 0);
    close(fd);
    snprintf(cmd, sizeof cmd, "%s %s/tests/unit/data/reviews/make_workbook.py %s carol", python(),
             FLSCAN_SOURCE_DIR, path);
    if (system(cmd) != 0) {
        unlink(path);
        skip();
    }
    got g;
    memset(&g, 0, sizeof g);
    fl_reviews_stats st;
    assert_int_equal(fl_reviews_read(path, collect, &g, &st), FL_OK);
    assert_int_equal(g.n, 3);
    assert_int_equal(st.skipped, 1); /* "Maybe" */
    assert_string_equal(g.fp[0], FP1);
    assert_string_equal(g.disp[0], "False positive");
    assert_string_equal(g.note[0], "our own mill"); /* rich runs joined, phonetic run left out */
    assert_string_equal(g.who[0], "carol");
    assert_string_equal(g.date[0], "2026-01-02");
    assert_non_null(strstr(g.src[0], ": Flags!B2"));
    assert_string_equal(g.fp[1], FP2); /* upper case read as lower case */
    assert_string_equal(g.disp[1], "Confirmed");
    assert_string_equal(g.note[1], "");
    assert_string_equal(g.fp[2], FP3);
    assert_string_equal(g.disp[2], "Escalated");
    assert_non_null(strstr(g.src[2], ": New flags!A2"));
    unlink(path);
}

/* ---- a workbook flscan wrote, then a reviewer edited --------------------------------- */

static char *cotton_hs[] = {"5201"};
static fl_commodity commodities[] = {{"cotton", "Cotton", cotton_hs, 1, "", "", NULL, NULL, ""}};
static fl_source sources[] = {
    {"S1", "List of Goods", "USDOL", "2024-09-05", "https://example.org"}};
static char uz[][3] = {"UZ"};
static size_t goods[] = {0}, srcs[] = {0};
static fl_rule rules[] = {{.id = "R1",
                           .title = "Uzbek cotton",
                           .note = "",
                           .basis = FL_BASIS_TVPRA,
                           .countries = uz,
                           .n_countries = 1,
                           .commodities = goods,
                           .n_commodities = 1,
                           .labor = FL_LABOR_FORCED,
                           .severity = FL_SEV_HIGH,
                           .valid_from = 20100101,
                           .valid_to = FL_DATE_OPEN,
                           .sources = srcs,
                           .n_sources = 1,
                           .file = "rules.csv",
                           .line = 2}};

/* A finished two-flag report with fingerprints; the second flag carries "Confirmed". */
static void make_report(fl_report *r, fl_ruleset *rs, fl_history **h)
{
    memset(rs, 0, sizeof *rs);
    rs->name = "test";
    rs->version = "1";
    rs->date = "2026-01-01";
    rs->description = "";
    rs->sources = sources;
    rs->n_sources = 1;
    rs->commodities = commodities;
    rs->n_commodities = 1;
    rs->rules = rules;
    rs->n_rules = 1;
    fl_report_init(r);
    r->rules = rs;
    snprintf(r->run_date, sizeof r->run_date, "2026-01-01");
    assert_int_equal(fl_report_add_input(r, "in/a.csv"), 0);
    for (int i = 0; i < 2; i++) {
        fl_slice f[FL_F_COUNT];
        for (int k = 0; k < FL_F_COUNT; k++)
            f[k] = (fl_slice){"", 0};
        f[FL_F_RECORD_ID] = fl_slice_cstr(i ? "B-2" : "B-1");
        f[FL_F_DESCRIPTION] = fl_slice_cstr("raw cotton");
        uint32_t rec;
        assert_int_equal(
            fl_report_add_rec(r, 0, (uint64_t)i + 2, (uint64_t)i + 1, f, "UZ", "5201", &rec),
            FL_OK);
        assert_int_equal(rec, i);
        fl_span none = {FL_F_COUNT, 0, 0};
        assert_int_equal(fl_report_add_flag(r, (uint32_t)i, 0, FL_SEV_HIGH, FL_MATCH_DIRECT,
                                            "origin UZ + HS 5201", none),
                         FL_OK);
    }
    r->read = r->flagged = r->inputs[0].records = r->inputs[0].flagged = 2;
    assert_int_equal(fl_report_finish(r), FL_OK);
    assert_int_equal(fl_history_begin(NULL, NULL, r, h), FL_OK);
    assert_int_equal(fl_history_apply(*h, r), FL_OK);
    ((fl_flag_memo *)r->flags[1].memo)->disposition = "Confirmed";
}

static void test_xlsx_written_by_flscan(void **state)
{
    (void)state;
    fl_report r;
    fl_ruleset rs;
    fl_history *h;
    make_report(&r, &rs, &h);
    assert_int_equal(strlen(r.flags[0].memo->fingerprint), 64);
    /* Constant memory writes inline strings, full memory shared strings. */
    static const fl_xlsx_memory modes[] = {FL_XLSX_MEMORY_CONSTANT, FL_XLSX_MEMORY_FULL};
    for (size_t m = 0; m < 2; m++) {
        char dir[64] = "/tmp/flscan-reviews-XXXXXX", path[128], edited[128], cmd[1024];
        assert_non_null(mkdtemp(dir));
        snprintf(path, sizeof path, "%s/report.xlsx", dir);
        snprintf(edited, sizeof edited, "%s/edited.xlsx", dir);
        fl_xlsx_opts o = {0, 0, modes[m]};
        assert_int_equal(fl_xlsx_write_opts(&r, path, &o), FL_OK);

        /* As written: the pre-filled decision of the second flag, nothing for the first. */
        got g;
        memset(&g, 0, sizeof g);
        assert_int_equal(fl_reviews_read(path, collect, &g, NULL), FL_OK);
        assert_int_equal(g.n, 1);
        assert_string_equal(g.fp[0], r.flags[1].memo->fingerprint);
        assert_string_equal(g.disp[0], "Confirmed");
        assert_non_null(strstr(g.src[0], ": Flags!V3"));

        /* Edited with openpyxl: the first flag a false positive, by bob. */
        snprintf(cmd, sizeof cmd,
                 "%s %s/tests/unit/data/reviews/edit_workbook.py %s %s 1 'False positive' "
                 "'our own mill' bob",
                 python(), FLSCAN_SOURCE_DIR, path, edited);
        if (system(cmd) == 0) {
            memset(&g, 0, sizeof g);
            assert_int_equal(fl_reviews_read(edited, collect, &g, NULL), FL_OK);
            assert_int_equal(g.n, 2);
            assert_string_equal(g.fp[0], r.flags[0].memo->fingerprint);
            assert_string_equal(g.disp[0], "False positive");
            assert_string_equal(g.note[0], "our own mill");
            assert_string_equal(g.who[0], "bob");
            assert_string_equal(g.disp[1], "Confirmed");
            unlink(edited);
        }
        unlink(path);
        rmdir(dir);
    }
    fl_history_free(h);
    fl_report_free(&r);
}

/* ---- the caps, lowered so that a small workbook passes each one ----------------------- */

static const char small_book[] =
    "import sys, zipfile\n"
    "ns = 'xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"'\n"
    "z = zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED)\n"
    "z.writestr('xl/workbook.xml', '<workbook ' + ns + ' xmlns:r=\"http://schemas.openxmlformats"
    ".org/officeDocument/2006/relationships\"><sheets><sheet name=\"Flags\" r:id=\"rId1\"/>"
    "</sheets></workbook>')\n"
    "z.writestr('xl/_rels/workbook.xml.rels', '<Relationships><Relationship Id=\"rId1\" "
    "Target=\"worksheets/sheet1.xml\"/></Relationships>')\n"
    "z.writestr('xl/sharedStrings.xml', '<sst ' + ns + '><si><t>Fingerprint</t></si><si><t>"
    "Disposition</t></si><si><t>" FP1 "</t></si><si><t>Confirmed</t></si></sst>')\n"
    "c = lambda r, s: '<c r=\"%s\" t=\"s\"><v>%d</v></c>' % (r, s)\n"
    "z.writestr('xl/worksheets/sheet1.xml', '<worksheet ' + ns + '><sheetData><row r=\"1\">' + "
    "c('A1', 0) + c('B1', 1) + '</row><row r=\"2\">' + c('A2', 2) + c('B2', 3) + '</row>"
    "<row r=\"3\">' + c('A3', 2) + c('B3', 3) + '</row></sheetData></worksheet>')\n";

static void test_limits(void **state)
{
    (void)state;
    char path[64] = "/tmp/flscan-reviews-XXXXXX.xlsx", script[64] = "/tmp/flscan-reviews-XXXXXX.py";
    char cmd[512];
    int fd = mkstemps(path, 5);
    assert_true(fd >= 0);
    close(fd);
    fd = mkstemps(script, 3);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, small_book, strlen(small_book)), (ssize_t)strlen(small_book));
    close(fd);
    snprintf(cmd, sizeof cmd, "%s %s %s", python(), script, path);
    if (system(cmd) != 0) {
        unlink(path);
        unlink(script);
        skip();
    }
    static const struct {
        const char *what;
        fl_reviews_limits lim;
        fl_status want;
        size_t decisions;
    } cases[] = {
        {"defaults", FL_REVIEWS_LIMITS_DEFAULT, FL_OK, 2},
        /* workbook.xml alone is more than 100 bytes: refused from the directory */
        {"part size",
         {100, (uint64_t)16 << 20, 100, (size_t)256 << 20, 1048576, 16384},
         FL_ERR_INPUT,
         0},
        /* the four shared strings take 11 + 11 + 64 + 9 bytes, a NUL and 4 bytes each */
        {"shared strings 115",
         {(uint64_t)4 << 30, (uint64_t)16 << 20, 100, 115, 1048576, 16384},
         FL_OK,
         2},
        {"shared strings 114",
         {(uint64_t)4 << 30, (uint64_t)16 << 20, 100, 114, 1048576, 16384},
         FL_ERR_INPUT,
         0},
        {"rows 3",
         {(uint64_t)4 << 30, (uint64_t)16 << 20, 100, (size_t)256 << 20, 3, 16384},
         FL_OK,
         2},
        /* the first decision is handed over before the third row passes the cap */
        {"rows 2",
         {(uint64_t)4 << 30, (uint64_t)16 << 20, 100, (size_t)256 << 20, 2, 16384},
         FL_ERR_INPUT,
         1},
        {"cells 1",
         {(uint64_t)4 << 30, (uint64_t)16 << 20, 100, (size_t)256 << 20, 1048576, 1},
         FL_ERR_INPUT,
         0},
        /* nothing may be inflated past 100 bytes: refused from the directory */
        {"inflation",
         {(uint64_t)4 << 30, 100, 0, (size_t)256 << 20, 1048576, 16384},
         FL_ERR_INPUT,
         0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        got g;
        memset(&g, 0, sizeof g);
        fl_reviews_stats st;
        fl_status rc = fl_reviews_read_limits(path, &cases[i].lim, collect, &g, &st);
        if (rc != cases[i].want || g.n != cases[i].decisions)
            fail_msg("%s: status %d, %zu decisions", cases[i].what, (int)rc, g.n);
    }
    unlink(path);
    unlink(script);
}

static void test_not_a_workbook(void **state)
{
    (void)state;
    /* A zip that is no workbook, and a truncated zip. */
    char *path = write_tmp(".xlsx", "PK\3\4 this is not really a zip archive");
    got g;
    memset(&g, 0, sizeof g);
    assert_int_equal(fl_reviews_read(path, collect, &g, NULL), FL_ERR_INPUT);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_disposition_canonical), cmocka_unit_test(test_csv),
        cmocka_unit_test(test_xlsx_handmade),         cmocka_unit_test(test_xlsx_written_by_flscan),
        cmocka_unit_test(test_not_a_workbook),        cmocka_unit_test(test_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
