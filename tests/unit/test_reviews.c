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

#define GOT_MAX 16

/* The decisions read; the callback takes them unless refuse is set (then *taken = false). */
typedef struct got {
    char fp[GOT_MAX][65], disp[GOT_MAX][32], note[GOT_MAX][128], who[GOT_MAX][64];
    char date[GOT_MAX][16], src[GOT_MAX][256], case_id[GOT_MAX][16];
    size_t n;
    bool refuse;
} got;

static fl_status collect(const fl_decision *d, void *ctx, bool *taken)
{
    got *g = ctx;
    assert_true(g->n < GOT_MAX);
    /* exactly one of the two ids */
    assert_true((d->fingerprint == NULL) != (d->case_id == NULL));
    *taken = !g->refuse;
    snprintf(g->fp[g->n], sizeof g->fp[0], "%s", d->fingerprint ? d->fingerprint : "");
    snprintf(g->case_id[g->n], sizeof g->case_id[0], "%s", d->case_id ? d->case_id : "");
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
    assert_int_equal(fl_reviews_read(path, NULL, collect, &g, &st), FL_OK);
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
    assert_int_equal(fl_reviews_read(path, NULL, collect, &g, NULL), FL_ERR_INPUT); /* no note */
    unlink(path);
    assert_int_equal(fl_reviews_read("/nonexistent/reviews.csv", NULL, collect, &g, NULL),
                     FL_ERR_INPUT);
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
    assert_int_equal(fl_reviews_read(path, NULL, collect, &g, &st), FL_OK);
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

/* ---- serial dates, case ids ----------------------------------------------------------- */

static void test_serial_date(void **state)
{
    (void)state;
    static const struct {
        double serial;
        bool date1904;
        fl_date want;
    } cases[] = {
        {1, false, 19000101},
        {59, false, 19000228},
        {59.99, false, 19000228},
        {60, false, 0}, /* the 29 February 1900 of Lotus 1-2-3 */
        {61, false, 19000301},
        {45658, false, 20250101},
        {46027.75, false, 20260105},
        {401768, false, 29991231},
        {401769, false, 0},
        {0, false, 0},
        {0.5, false, 0},
        {-1, false, 0},
        {1e300, false, 0},
        {0, true, 19040101},
        {1, true, 19040102},
        {44565, true, 20260105},
        {-0.5, true, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        fl_date d = fl_reviews_serial_date(cases[i].serial, cases[i].date1904);
        if (d != cases[i].want)
            fail_msg("serial %g (%s): %u, expected %u", cases[i].serial,
                     cases[i].date1904 ? "1904" : "1900", (unsigned)d, (unsigned)cases[i].want);
    }
    assert_int_equal(fl_reviews_serial_date(0.0 / 0.0, false), 0); /* NaN */
}

static void test_case_id(void **state)
{
    (void)state;
    static const struct {
        const char *id;
        bool ok;
    } cases[] = {
        {"C-3f9a0b12cd45", true},  {"C-3F9A0B12CD45", true},   {"c-3f9a0b12cd45", true},
        {"C-3f9a0b12cd4", false},  {"C-3f9a0b12cd456", false}, {"C-3f9a0b12cd4g", false},
        {"C_3f9a0b12cd45", false}, {"3f9a0b12cd45", false},    {"", false},
        {"D-3f9a0b12cd45", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        if (fl_reviews_is_case_id(cases[i].id, strlen(cases[i].id)) != cases[i].ok)
            fail_msg("'%s': expected %s", cases[i].id, cases[i].ok ? "a case id" : "none");
}

/* Read path with stderr caught into msg (cap bytes); returns the status. */
static fl_status read_logged(const char *path, const char *reviewer, got *g, fl_reviews_stats *st,
                             char *msg, size_t cap)
{
    char log[64] = "/tmp/flscan-reviews-XXXXXX.log";
    int fd = mkstemps(log, 4);
    assert_true(fd >= 0);
    close(fd);
    fflush(stderr);
    int saved = dup(2);
    assert_non_null(freopen(log, "w", stderr));
    fl_status rc = fl_reviews_read(path, reviewer, collect, g, st);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    FILE *in = fopen(log, "r");
    assert_non_null(in);
    msg[fread(msg, 1, cap - 1, in)] = '\0';
    fclose(in);
    unlink(log);
    return rc;
}

static void assert_has(const char *msg, const char *want)
{
    if (!strstr(msg, want))
        fail_msg("expected '%s' in:\n%s", want, msg);
}

static void test_csv_reviewer_and_cases(void **state)
{
    (void)state;
    char *path = write_tmp(".csv", "case,fingerprint,disposition,note,reviewer\n"
                                   "C-3F9A0B12CD45,,Confirmed,same mill,kim\n"
                                   "," FP1 ",Resolved,,\n"
                                   "C-3f9a0b12cd46,,False positive,,\n"
                                   "C-nothex00000,,Confirmed,,kim\n"           /* warned */
                                   "C-3f9a0b12cd47," FP2 ",Confirmed,,kim\n"); /* warned */
    char msg[4096];
    got g;
    fl_reviews_stats st;
    /* Without --reviewer: the two rows without a reviewer go to nobody, one warning. */
    memset(&g, 0, sizeof g);
    assert_int_equal(read_logged(path, NULL, &g, &st, msg, sizeof msg), FL_OK);
    assert_int_equal(g.n, 3);
    assert_int_equal(st.skipped, 2);
    assert_int_equal(st.unnamed, 2);
    assert_string_equal(g.case_id[0], "C-3f9a0b12cd45"); /* passed on lower case */
    assert_string_equal(g.fp[0], "");
    assert_string_equal(g.disp[0], "Confirmed");
    assert_string_equal(g.note[0], "same mill");
    assert_string_equal(g.who[0], "kim");
    assert_string_equal(g.fp[1], FP1);
    assert_string_equal(g.case_id[1], "");
    assert_string_equal(g.who[1], "");
    assert_string_equal(g.case_id[2], "C-3f9a0b12cd46");
    assert_string_equal(g.who[2], "");
    assert_has(msg, ".csv:5: 'C-nothex00000' is not a case id");
    assert_has(msg, ".csv:6: both a fingerprint and a case");
    assert_has(msg, "2 decisions in '");
    assert_has(msg, "' name no reviewer (no 'reviewer' value and no --reviewer NAME); recorded "
                    "with no reviewer");

    /* With --reviewer: it fills the rows without one, and no warning. */
    memset(&g, 0, sizeof g);
    assert_int_equal(read_logged(path, " zoe ", &g, &st, msg, sizeof msg), FL_OK);
    assert_int_equal(g.n, 3);
    assert_int_equal(st.unnamed, 0);
    assert_string_equal(g.who[0], "kim"); /* the row's own reviewer comes first */
    assert_string_equal(g.who[1], "zoe");
    assert_string_equal(g.who[2], "zoe");
    assert_null(strstr(msg, "name no reviewer"));

    /* Decisions the callback does not take (nothing new) are not counted. */
    memset(&g, 0, sizeof g);
    g.refuse = true;
    assert_int_equal(read_logged(path, NULL, &g, &st, msg, sizeof msg), FL_OK);
    assert_int_equal(st.decisions, 3);
    assert_int_equal(st.unnamed, 0);
    assert_null(strstr(msg, "name no reviewer"));
    unlink(path);

    /* Neither a fingerprint nor a case column. */
    path = write_tmp(".csv", "disposition,note\nConfirmed,x\n");
    assert_int_equal(read_logged(path, NULL, &g, NULL, msg, sizeof msg), FL_ERR_INPUT);
    assert_has(msg, "no column 'fingerprint' (or 'case'");
    unlink(path);
}

/* make_reviewed.py OUT WHO MODE into a temporary file; false when openpyxl is missing. */
static bool make_reviewed(char path[64], const char *who, const char *mode)
{
    char cmd[512];
    snprintf(path, 64, "/tmp/flscan-reviews-XXXXXX.xlsx");
    int fd = mkstemps(path, 5);
    assert_true(fd >= 0);
    close(fd);
    snprintf(cmd, sizeof cmd, "%s %s/tests/unit/data/reviews/make_reviewed.py %s '%s' %s", python(),
             FLSCAN_SOURCE_DIR, path, who, mode);
    if (system(cmd) != 0) {
        unlink(path);
        return false;
    }
    return true;
}

/* The Flags and Cases rows of make_reviewed.py: six flag decisions, then two case ones. */
static void check_reviewed_rows(const got *g, const char *who, const char *date)
{
    assert_int_equal(g->n, 8);
    assert_string_equal(g->fp[0],
                        "1111111111111111111111111111111111111111111111111111111111111111");
    assert_string_equal(g->who[0], "dana");
    assert_string_equal(g->date[0], "2026-01-05"); /* a date cell */
    assert_non_null(strstr(g->src[0], ": Flags!C2"));
    assert_string_equal(g->who[1], "erin");        /* trimmed */
    assert_string_equal(g->date[1], "2026-01-06"); /* a date-time cell: its day */
    assert_string_equal(g->disp[2], "Escalated");
    assert_string_equal(g->who[2], who); /* nothing in the row: the fallback */
    assert_string_equal(g->date[2], date);
    assert_string_equal(g->who[3], "gus");
    assert_string_equal(g->date[3], "");           /* a plain number: warned, the run date */
    assert_string_equal(g->date[4], "");           /* "05/01/2026": warned, the run date */
    assert_string_equal(g->date[5], "2026-01-08"); /* ISO text */
    assert_string_equal(g->case_id[6], "C-3f9a0b12cd45");
    assert_string_equal(g->fp[6], "");
    assert_string_equal(g->disp[6], "Confirmed");
    assert_string_equal(g->note[6], "same supplier");
    assert_string_equal(g->who[6], "kim");
    assert_string_equal(g->date[6], "2026-01-07");
    assert_non_null(strstr(g->src[6], ": Cases!C2"));
    assert_string_equal(g->case_id[7], "C-3f9a0b12cd46");
    assert_string_equal(g->disp[7], "Resolved");
    assert_string_equal(g->who[7], who);
    assert_string_equal(g->date[7], date);
}

static void test_xlsx_reviewed_columns(void **state)
{
    (void)state;
    static const struct {
        const char *who, *mode, *reviewer; /* the property, the file's kind, --reviewer */
        const char *want_who, *want_date;  /* of the rows that give neither */
        const char *warn[3];               /* in the messages */
        const char *quiet;                 /* not in them */
    } cases[] = {
        {"alice",
         "saved",
         NULL,
         "alice",
         "2026-01-09",
         {"2 decisions in '",
          "' name no reviewer in 'Reviewed by'; credited to 'alice' from the "
          "file's last-modified-by property",
          "' give no date in 'Reviewed on'; dated 2026-01-09 from the file's modified property"},
         NULL},
        /* as a LibreOffice save leaves it: no one named */
        {"",
         "saved",
         NULL,
         "",
         "2026-01-09",
         {"' name no reviewer in 'Reviewed by'; recorded with no reviewer: the file's "
          "last-modified-by property is empty",
          NULL, NULL},
         "credited to"},
        /* flscan's own name (as the writer leaves it) is never credited; an unsaved file's
           modified date is the report's own, so the run date */
        {"flscan",
         "unsaved",
         NULL,
         "",
         "",
         {"last-modified-by property is 'flscan', the report as written, not a reviewer", NULL,
          NULL},
         "dated"},
        {"FLSCAN", "saved", NULL, "", "2026-01-09", {"is 'flscan'", NULL, NULL}, "credited to"},
        /* --reviewer comes before the property */
        {"alice", "saved", "zoe", "zoe", "2026-01-09", {NULL, NULL, NULL}, "name no reviewer"},
        {"alice", "1904", NULL, "alice", "2026-01-09", {NULL, NULL, NULL}, NULL},
        {"alice", "iso", NULL, "alice", "2026-01-09", {NULL, NULL, NULL}, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char path[64], msg[8192];
        if (!make_reviewed(path, cases[i].who, cases[i].mode))
            skip();
        got g;
        memset(&g, 0, sizeof g);
        fl_reviews_stats st;
        assert_int_equal(read_logged(path, cases[i].reviewer, &g, &st, msg, sizeof msg), FL_OK);
        check_reviewed_rows(&g, cases[i].want_who, cases[i].want_date);
        assert_int_equal(st.skipped, 1); /* C-xyz */
        assert_int_equal(st.unnamed, cases[i].reviewer ? 0 : 2);
        assert_int_equal(st.dated, cases[i].want_date[0] ? 2 : 0);
        assert_has(msg, "Flags!F5: '46023' is not a date");
        assert_has(msg, "Flags!F6: '05/01/2026' is not a date");
        assert_has(msg, "Cases!C4: 'C-xyz' is not a case id");
        for (int w = 0; w < 3; w++)
            if (cases[i].warn[w])
                assert_has(msg, cases[i].warn[w]);
        if (cases[i].quiet && strstr(msg, cases[i].quiet))
            fail_msg("case %zu: '%s' in:\n%s", i, cases[i].quiet, msg);
        assert_null(strstr(msg, "credited to 'flscan'"));
        assert_null(strstr(msg, "credited to 'FLSCAN'"));
        unlink(path);
    }
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
    assert_int_equal(fl_history_begin(NULL, NULL, NULL, r, h), FL_OK);
    assert_int_equal(fl_history_apply(*h, r), FL_OK);
    fl_rowview v;
    fl_report_view(r, FL_ROWS_FLAGS, &v);
    fl_flag_edit(&v, 1)->memo.disposition = "Confirmed";
    assert_int_equal(fl_rowview_end(&v), FL_OK);
}

/* A copy of flag i of r. */
static fl_flag flag_of(const fl_report *r, size_t i)
{
    fl_rowview v;
    fl_report_view(r, FL_ROWS_FLAGS, &v);
    fl_flag f = *fl_flag_get(&v, i);
    assert_int_equal(fl_rowview_end(&v), FL_OK);
    return f;
}

static void test_xlsx_written_by_flscan(void **state)
{
    (void)state;
    fl_report r;
    fl_ruleset rs;
    fl_history *h;
    make_report(&r, &rs, &h);
    assert_int_equal(strlen(flag_of(&r, 0).memo.fingerprint), 64);
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
        assert_int_equal(fl_reviews_read(path, NULL, collect, &g, NULL), FL_OK);
        assert_int_equal(g.n, 1);
        assert_string_equal(g.fp[0], flag_of(&r, 1).memo.fingerprint);
        assert_string_equal(g.disp[0], "Confirmed");
        assert_non_null(strstr(g.src[0], ": Flags!W3")); /* Disposition */
        /* flscan's own last-modified-by is never credited, and a modified date equal to the
           creation is the report's own: the run date */
        assert_string_equal(g.who[0], "");
        assert_string_equal(g.date[0], "");

        /* Edited with openpyxl: the first flag a false positive, by bob. */
        snprintf(cmd, sizeof cmd,
                 "%s %s/tests/unit/data/reviews/edit_workbook.py %s %s 1 'False positive' "
                 "'our own mill' bob",
                 python(), FLSCAN_SOURCE_DIR, path, edited);
        if (system(cmd) == 0) {
            memset(&g, 0, sizeof g);
            assert_int_equal(fl_reviews_read(edited, NULL, collect, &g, NULL), FL_OK);
            assert_int_equal(g.n, 2);
            assert_string_equal(g.fp[0], flag_of(&r, 0).memo.fingerprint);
            assert_string_equal(g.disp[0], "False positive");
            assert_string_equal(g.note[0], "our own mill");
            assert_string_equal(g.who[0], "bob");
            assert_string_equal(g.date[0], ""); /* openpyxl keeps the modified date */
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
        fl_status rc = fl_reviews_read_limits(path, &cases[i].lim, NULL, collect, &g, &st);
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
    assert_int_equal(fl_reviews_read(path, NULL, collect, &g, NULL), FL_ERR_INPUT);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_disposition_canonical),
        cmocka_unit_test(test_csv),
        cmocka_unit_test(test_serial_date),
        cmocka_unit_test(test_case_id),
        cmocka_unit_test(test_csv_reviewer_and_cases),
        cmocka_unit_test(test_xlsx_reviewed_columns),
        cmocka_unit_test(test_xlsx_handmade),
        cmocka_unit_test(test_xlsx_written_by_flscan),
        cmocka_unit_test(test_not_a_workbook),
        cmocka_unit_test(test_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
