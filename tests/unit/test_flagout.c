/* test_flagout.c - the flags as CSV and JSON Lines, and the run summary (flagout.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>

#include "flagout.h"
#include "report_fixture.h"

/*
 * Texts from trade data and what the CSV must hold for them, by flagout.h's contract:
 * quoted (quotes doubled) only when holding a comma, a quote, CR or LF; a "'" in front of a
 * leading '=', '+', '-', '@', TAB or CR; invalid UTF-8 as U+FFFD; other text as is.
 */
static const struct case_text {
    const char *text;
    const char *csv;  /* the field as written in the CSV */
    const char *json; /* the value as JSON Lines give it back: the text, UTF-8 repaired */
} texts[] = {
    {"Plain Co", "Plain Co", "Plain Co"},
    {"", "", ""},
    {"Cotton, raw", "\"Cotton, raw\"", "Cotton, raw"},
    {"say \"hi\"", "\"say \"\"hi\"\"\"", "say \"hi\""},
    {"\"", "\"\"\"\"", "\""},
    {"two\nlines", "\"two\nlines\"", "two\nlines"},
    {"cr\rinside", "\"cr\rinside\"", "cr\rinside"},
    {"cr lf\r\n", "\"cr lf\r\n\"", "cr lf\r\n"},
    {"=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"",
     "=HYPERLINK(\"http://x\",\"y\")"},
    {"=1+2", "'=1+2", "=1+2"},
    {"+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0", "+cmd|' /C calc'!A0"},
    {"-2+3", "'-2+3", "-2+3"},
    {"@SUM(A1:A9)", "'@SUM(A1:A9)", "@SUM(A1:A9)"},
    {"\tTabbed", "'\tTabbed", "\tTabbed"},
    {"\rReturn", "\"'\rReturn\"", "\rReturn"}, /* prefixed, and quoted for the CR */
    {"=A1,B1", "\"'=A1,B1\"", "=A1,B1"},
    {"'=already", "'=already", "'=already"}, /* a leading quote is not a formula */
    {" =spaced", " =spaced", " =spaced"},    /* nor is a leading space */
    {"a=b-c+d@e", "a=b-c+d@e", "a=b-c+d@e"}, /* only the first character counts */
    {"Soci\xC3\xA9t\xC3\xA9 \xE6\x96\xB0\xE7\x96\x86",
     "Soci\xC3\xA9t\xC3\xA9 \xE6\x96\xB0\xE7\x96\x86",
     "Soci\xC3\xA9t\xC3\xA9 \xE6\x96\xB0\xE7\x96\x86"},
    {"bad \xFF byte", "bad \xEF\xBF\xBD byte", "bad \xEF\xBF\xBD byte"},
    {"=\xC3(", "'=\xEF\xBF\xBD(", "=\xEF\xBF\xBD("},
};
#define N_TEXTS (sizeof texts / sizeof texts[0])

static fl_ruleset rs;
static fl_report rep;
static char dir[64];

/* A report with one record and flag per text: the text as shipper and as evidence. */
static int setup(void **state)
{
    (void)state;
    static fx_rec recs[N_TEXTS];
    static char ids[N_TEXTS][16];
    for (size_t i = 0; i < N_TEXTS; i++) {
        snprintf(ids[i], sizeof ids[i], "R-%zu", i);
        recs[i] = (fx_rec){ids[i],     "Importer Inc", texts[i].text, "raw cotton",
                           FX_R_TVPRA, FL_SEV_HIGH,    texts[i].text};
    }
    fx_ruleset(&rs, "1", 'a');
    fx_report(&rep, &rs, "in/ship,ments.csv", recs, N_TEXTS, true);
    fx_mkdtemp(dir, "flagout-test");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    fl_report_free(&rep);
    fx_remove_tree(dir);
    return 0;
}

static const char csv_header[] =
    "file,line,record,record_id,date,importer,shipper,origin_raw,origin,hs_code,description,"
    "rule_id,basis,labor,severity,action,match,evidence,sources,fingerprint,case_id\r\n";

/* Every row byte for byte: the header, then one CR LF-ended row per flag. */
static void test_csv_quoting(void **state)
{
    (void)state;
    const char *path = fx_path(dir, "flags.csv");
    assert_int_equal(fl_flagout_csv(&rep, path), FL_OK);
    assert_int_equal(fx_temp_files(dir), 0);
    char *got = fx_slurp(path, NULL);
    assert_memory_equal(got, csv_header, strlen(csv_header));
    const char *p = got + strlen(csv_header);
    for (size_t i = 0; i < N_TEXTS; i++) {
        char want[1024];
        /* the input path holds a comma: quoted too */
        snprintf(want, sizeof want,
                 "\"in/ship,ments.csv\",%zu,%zu,R-%zu,2024-03-01,Importer Inc,%s,Uzbekistan,UZ,"
                 "5201,raw cotton,TVPRA-UZ-COTTON,TVPRA,forced+child,high,REVIEW,direct,%s,S1,,"
                 "\r\n",
                 i + 2, i + 1, i, texts[i].csv, texts[i].csv);
        print_message("case %zu\n", i);
        assert_memory_equal(p, want, strlen(want));
        p += strlen(want);
    }
    assert_string_equal(p, "");
    free(got);
}

/* One compact object per LF-ended line, parsed back: keys in order, types, exact texts. */
static void test_jsonl_parse_back(void **state)
{
    (void)state;
    static const char *const keys[] = {
        "file",       "line",   "record",  "record_id",   "date",    "importer",    "shipper",
        "origin_raw", "origin", "hs_code", "description", "rule_id", "basis",       "labor",
        "severity",   "action", "match",   "evidence",    "sources", "fingerprint", "case_id",
    };
    const char *path = fx_path(dir, "flags.jsonl");
    assert_int_equal(fl_flagout_jsonl(&rep, path), FL_OK);
    assert_int_equal(fx_temp_files(dir), 0);
    size_t len;
    char *got = fx_slurp(path, &len);
    assert_true(len > 0);
    assert_int_equal(got[len - 1], '\n');
    /* non-ASCII stays UTF-8 (no \u escapes) */
    assert_non_null(strstr(got, "Soci\xC3\xA9t\xC3\xA9"));
    char *line = got;
    size_t n = 0;
    for (char *nl; (nl = strchr(line, '\n')) != NULL; line = nl + 1, n++) {
        *nl = '\0';
        assert_true(n < N_TEXTS);
        print_message("line %zu\n", n);
        assert_null(strchr(line, '\r')); /* CRs inside values are escaped */
        json_error_t err;
        json_t *o = json_loads(line, JSON_REJECT_DUPLICATES, &err);
        assert_non_null(o);
        assert_true(json_is_object(o));
        assert_int_equal(json_object_size(o), sizeof keys / sizeof keys[0]);
        /* keys in the documented order */
        size_t k = 0;
        for (void *it = json_object_iter(o); it; it = json_object_iter_next(o, it), k++)
            assert_string_equal(json_object_iter_key(it), keys[k]);
        assert_true(json_is_integer(json_object_get(o, "line")));
        assert_int_equal(json_integer_value(json_object_get(o, "line")), n + 2);
        assert_int_equal(json_integer_value(json_object_get(o, "record")), n + 1);
        for (k = 0; k < sizeof keys / sizeof keys[0]; k++)
            if (strcmp(keys[k], "line") && strcmp(keys[k], "record"))
                assert_true(json_is_string(json_object_get(o, keys[k])));
        assert_string_equal(json_string_value(json_object_get(o, "file")), "in/ship,ments.csv");
        /* no neutralisation: values are the report's text, compared with their lengths */
        const json_t *sh = json_object_get(o, "shipper");
        assert_int_equal(json_string_length(sh), strlen(texts[n].json));
        assert_string_equal(json_string_value(sh), texts[n].json);
        assert_string_equal(json_string_value(json_object_get(o, "evidence")), texts[n].json);
        assert_string_equal(json_string_value(json_object_get(o, "action")), "REVIEW");
        assert_string_equal(json_string_value(json_object_get(o, "sources")), "S1");
        json_decref(o);
    }
    assert_int_equal(n, N_TEXTS);
    assert_string_equal(line, ""); /* nothing after the last LF */
    free(got);
}

/* Severity and action, rule basis, labor and joined sources, each from the flag's rule. */
static void test_severity_and_rule_columns(void **state)
{
    (void)state;
    static const struct case_sev {
        fl_severity sev;
        uint32_t rule;
        const char *severity, *action, *basis, *labor, *sources;
    } cases[] = {
        {FL_SEV_CRITICAL, FX_R_WRO, "critical", "HOLD", "WRO", "forced", "S1;S2"},
        {FL_SEV_HIGH, FX_R_TVPRA, "high", "REVIEW", "TVPRA", "forced+child", "S1"},
        {FL_SEV_MEDIUM, FX_R_WRO, "medium", "CAUTION", "WRO", "forced", "S1;S2"},
        {FL_SEV_LOW, FX_R_TVPRA, "low", "CAUTION", "TVPRA", "forced+child", "S1"},
    };
    enum { N = sizeof cases / sizeof cases[0] };
    fx_rec recs[N];
    char ids[N][8];
    for (size_t i = 0; i < N; i++) {
        snprintf(ids[i], sizeof ids[i], "S-%zu", i);
        recs[i] = (fx_rec){ids[i], "Imp", "Ship", "cotton", cases[i].rule, cases[i].sev, "why"};
    }
    fl_report r;
    fx_report(&r, &rs, "in.csv", recs, N, true);
    const char *path = fx_path(dir, "sev.jsonl");
    assert_int_equal(fl_flagout_jsonl(&r, path), FL_OK);
    char *got = fx_slurp(path, NULL);
    char *line = got;
    for (size_t i = 0; i < N; i++) {
        char *nl = strchr(line, '\n');
        assert_non_null(nl);
        *nl = '\0';
        json_t *o = json_loads(line, 0, NULL);
        assert_non_null(o);
        /* one record each, so the report's order is the records' order */
        assert_string_equal(json_string_value(json_object_get(o, "record_id")), ids[i]);
        assert_string_equal(json_string_value(json_object_get(o, "severity")), cases[i].severity);
        assert_string_equal(json_string_value(json_object_get(o, "action")), cases[i].action);
        assert_string_equal(json_string_value(json_object_get(o, "basis")), cases[i].basis);
        assert_string_equal(json_string_value(json_object_get(o, "labor")), cases[i].labor);
        assert_string_equal(json_string_value(json_object_get(o, "sources")), cases[i].sources);
        assert_string_equal(json_string_value(json_object_get(o, "rule_id")),
                            fx_rules[cases[i].rule].id);
        json_decref(o);
        line = nl + 1;
    }
    assert_string_equal(line, "");
    free(got);
    fl_report_free(&r);
}

/* No flags: a CSV of the header alone, an empty JSON Lines file. */
static void test_no_flags(void **state)
{
    (void)state;
    fl_report r;
    fx_report(&r, &rs, "in.csv", NULL, 0, true);
    const char *csv = fx_path(dir, "none.csv"), *jsonl = fx_path(dir, "none.jsonl");
    assert_int_equal(fl_flagout_csv(&r, csv), FL_OK);
    assert_int_equal(fl_flagout_jsonl(&r, jsonl), FL_OK);
    size_t len;
    char *got = fx_slurp(csv, &len);
    assert_string_equal(got, csv_header);
    free(got);
    got = fx_slurp(jsonl, &len);
    assert_int_equal(len, 0);
    free(got);
    fl_report_free(&r);
}

/* A report that was not finished, or a place that cannot be written: nothing appears. */
static void test_failures(void **state)
{
    (void)state;
    static const fx_rec one[] = {{"X-1", "Imp", "Ship", "cotton", FX_R_TVPRA, FL_SEV_HIGH, "e"}};
    fl_report r;
    fx_report(&r, &rs, "in.csv", one, 1, false);
    const char *csv = fx_path(dir, "unfinished.csv"), *jsonl = fx_path(dir, "unfinished.jsonl");
    assert_int_equal(fl_flagout_csv(&r, csv), FL_ERR_OUTPUT);
    assert_int_equal(fl_flagout_jsonl(&r, jsonl), FL_ERR_OUTPUT);
    assert_int_equal(access(csv, F_OK), -1);
    assert_int_equal(access(jsonl, F_OK), -1);
    fl_report_free(&r);

    const char *missing = fx_path(dir, "no/such/folder/out");
    assert_int_equal(fl_flagout_csv(&rep, missing), FL_ERR_OUTPUT);
    assert_int_equal(fl_flagout_jsonl(&rep, missing), FL_ERR_OUTPUT);
    fl_run_summary s = {.r = &rep, .exit_code = 0, .status = "ok"};
    assert_int_equal(fl_flagout_summary_json(&s, missing), FL_ERR_OUTPUT);
    assert_int_equal(fl_flagout_summary_json(&s, dir), FL_ERR_OUTPUT); /* a folder */
    assert_int_equal(fx_temp_files(dir), 0);
}

static json_t *load_summary(const char *path)
{
    size_t len;
    char *text = fx_slurp(path, &len);
    /* one line: one object and an LF */
    assert_true(len > 1);
    assert_int_equal(text[len - 1], '\n');
    assert_ptr_equal(strchr(text, '\n'), text + len - 1);
    json_t *o = json_loads(text, JSON_REJECT_DUPLICATES, NULL);
    free(text);
    assert_non_null(o);
    return o;
}

static long long jint(const json_t *o, const char *a, const char *b)
{
    const json_t *v = json_object_get(o, a);
    if (b)
        v = json_object_get(v, b);
    assert_true(json_is_integer(v));
    return (long long)json_integer_value(v);
}

/* A completed run: counts, inputs and outputs from the report; ledger null without one. */
static void test_summary_completed(void **state)
{
    (void)state;
    rep.rejected = 2;
    rep.clean = 3;
    rep.read += 5;
    rep.n_issues = 0;
    fl_run_summary s = {.r = &rep,
                        .exit_code = FL_EXIT_FLAGGED,
                        .status = "flagged",
                        .out_xlsx = "out/report.xlsx",
                        .flags_csv = "out/flags.csv",
                        .seconds_total = 1.23456,
                        .seconds_screen = 0.5,
                        .seconds_write = 0.0004};
    const char *path = fx_path(dir, "summary.json");
    assert_int_equal(fl_flagout_summary_json(&s, path), FL_OK);
    json_t *o = load_summary(path);
    assert_string_equal(json_string_value(json_object_get(o, "tool")), "flscan");
    assert_string_equal(json_string_value(json_object_get(o, "status")), "flagged");
    assert_int_equal(jint(o, "exit_code", NULL), FL_EXIT_FLAGGED);
    assert_string_equal(json_string_value(json_object_get(o, "run_date")), "2024-10-02");
    assert_true(json_is_null(json_object_get(o, "as_of"))); /* "" in the report */
    const json_t *rset = json_object_get(o, "rule_set");
    assert_string_equal(json_string_value(json_object_get(rset, "version")), "1");
    assert_string_equal(json_string_value(json_object_get(rset, "sha256")), rs.sha256);
    const json_t *in = json_object_get(o, "inputs");
    assert_int_equal(json_array_size(in), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(in, 0), "path")),
                        "in/ship,ments.csv");
    assert_int_equal(json_integer_value(json_object_get(json_array_get(in, 0), "records")),
                     N_TEXTS);
    assert_int_equal(jint(o, "records", "read"), N_TEXTS + 5);
    assert_int_equal(jint(o, "records", "flagged"), N_TEXTS);
    assert_int_equal(jint(o, "records", "clean"), 3);
    assert_int_equal(jint(o, "records", "rejected"), 2);
    assert_int_equal(jint(o, "flags", "total"), N_TEXTS);
    assert_int_equal(jint(o, "flags", "high"), N_TEXTS);
    assert_int_equal(jint(o, "flags", "critical"), 0);
    assert_int_equal(jint(o, "issues", NULL), 0);
    assert_true(json_is_null(json_object_get(o, "ledger")));
    /* outputs: only the files written */
    const json_t *out = json_object_get(o, "outputs");
    assert_int_equal(json_object_size(out), 2);
    assert_string_equal(json_string_value(json_object_get(out, "xlsx")), "out/report.xlsx");
    assert_string_equal(json_string_value(json_object_get(out, "flags_csv")), "out/flags.csv");
    /* durations to the millisecond */
    const json_t *d = json_object_get(o, "durations");
    assert_true(json_real_value(json_object_get(d, "total_s")) == 1.235);
    assert_true(json_real_value(json_object_get(d, "screen_s")) == 0.5);
    assert_true(json_real_value(json_object_get(d, "write_s")) == 0.0);
    json_decref(o);
}

/* A run that stopped before screening: no counts, no inputs, no ledger, no outputs. */
static void test_summary_failed(void **state)
{
    (void)state;
    static const struct case_fail {
        const fl_report *r;
        int exit_code;
        const char *status;
    } cases[] = {
        {NULL, FL_EXIT_INPUT, "input error"},
        {NULL, FL_EXIT_BUSY, "ledger in use"},
        {&rep, FL_EXIT_OUTPUT, "output error"}, /* screened, but the run did not complete */
        {&rep, 130, "interrupted"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        fl_run_summary s = {
            .r = cases[i].r, .exit_code = cases[i].exit_code, .status = cases[i].status};
        const char *path = fx_path(dir, "failed.json");
        print_message("case %zu\n", i);
        assert_int_equal(fl_flagout_summary_json(&s, path), FL_OK);
        json_t *o = load_summary(path);
        assert_string_equal(json_string_value(json_object_get(o, "status")), cases[i].status);
        assert_int_equal(jint(o, "exit_code", NULL), cases[i].exit_code);
        assert_int_equal(json_array_size(json_object_get(o, "inputs")), 0);
        static const char *const nulls[] = {"records", "flags", "issues", "ledger"};
        for (size_t k = 0; k < 4; k++)
            assert_true(json_is_null(json_object_get(o, nulls[k])));
        assert_int_equal(json_object_size(json_object_get(o, "outputs")), 0);
        assert_true(json_is_null(json_object_get(o, "rule_set")) == (cases[i].r == NULL));
        json_decref(o);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_quoting),
        cmocka_unit_test(test_jsonl_parse_back),
        cmocka_unit_test(test_severity_and_rule_columns),
        cmocka_unit_test(test_no_flags),
        cmocka_unit_test(test_failures),
        cmocka_unit_test(test_summary_completed),
        cmocka_unit_test(test_summary_failed),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
