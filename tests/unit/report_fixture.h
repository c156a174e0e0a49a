/*
 * report_fixture.h - a small hand-built rule set, finished reports built from a table of
 * flagged records, and a scratch folder, for the tests of the report's writers and of the
 * memory across runs (test_flagout, test_xlsx, test_history). Include after cmocka.h.
 */
#ifndef FL_TEST_REPORT_FIXTURE_H
#define FL_TEST_REPORT_FIXTURE_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report.h"
#include "rules.h"

/* ---- the rule set: two rules, two sources, one commodity ----------------------------- */

static fl_source fx_sources[] = {
    {"S1", "List of Goods Produced by Child Labor or Forced Labor", "USDOL ILAB", "2024-09-05",
     "https://www.dol.gov/agencies/ilab/reports/child-labor/list-of-goods"},
    {"S2", "Withhold Release Orders and Findings", "CBP", "2025-02", "see the CBP site"},
};
static char *fx_cotton_hs[] = {"5201"};
static fl_commodity fx_commodities[] = {
    {"cotton", "Cotton", fx_cotton_hs, 1, "", "", NULL, NULL, ""},
};
static char fx_uz[][3] = {"UZ"};
static size_t fx_goods[] = {0};
static size_t fx_src1[] = {0};
static size_t fx_src12[] = {0, 1};

enum { FX_R_TVPRA, FX_R_WRO, FX_N_RULES }; /* rule indexes */

static fl_rule fx_rules[] = {
    {.id = "TVPRA-UZ-COTTON",
     .title = "Cotton from Uzbekistan",
     .note = "",
     .basis = FL_BASIS_TVPRA,
     .countries = fx_uz,
     .n_countries = 1,
     .commodities = fx_goods,
     .n_commodities = 1,
     .labor = FL_LABOR_FORCED | FL_LABOR_CHILD,
     .severity = FL_SEV_HIGH,
     .valid_from = 20091210,
     .valid_to = FL_DATE_OPEN,
     .sources = fx_src1,
     .n_sources = 1,
     .file = "rules-tvpra.csv",
     .line = 2},
    {.id = "WRO-UZ-COTTON",
     .title = "Cotton (withhold release order)",
     .note = "",
     .basis = FL_BASIS_WRO,
     .countries = fx_uz,
     .n_countries = 1,
     .commodities = fx_goods,
     .n_commodities = 1,
     .labor = FL_LABOR_FORCED,
     .severity = FL_SEV_CRITICAL,
     .valid_from = 20190930,
     .valid_to = FL_DATE_OPEN,
     .sources = fx_src12,
     .n_sources = 2,
     .file = "rules-wro.csv",
     .line = 2},
};

/* A rule set over the rules above; sha256 tells rule-set editions apart. */
static inline void fx_ruleset(fl_ruleset *rs, const char *version, char sha_digit)
{
    memset(rs, 0, sizeof *rs);
    rs->name = "fixture rules";
    rs->version = (char *)version;
    rs->date = "2024-10-01";
    rs->description = "";
    memset(rs->sha256, sha_digit, 64);
    rs->sha256[64] = '\0';
    rs->sources = fx_sources;
    rs->n_sources = 2;
    rs->commodities = fx_commodities;
    rs->n_commodities = 1;
    rs->rules = fx_rules;
    rs->n_rules = FX_N_RULES;
}

/* ---- reports --------------------------------------------------------------------------- */

/* One flagged record and its one flag. NULL texts are "". */
typedef struct fx_rec {
    const char *id, *importer, *shipper, *description;
    uint32_t rule;
    fl_severity sev;
    const char *evidence;
} fx_rec;

/*
 * A report of one input (path) with a record and a flag for each spec, in the table's
 * order (line i + 2, record i + 1), counted as read and flagged; finished when finish is
 * true. Records are from Uzbekistan (origin "UZ"), HS 5201.
 */
static inline void fx_report(fl_report *r, const fl_ruleset *rs, const char *path,
                             const fx_rec *recs, size_t n, bool finish)
{
    fl_report_init(r);
    r->rules = rs;
    r->command_line = "flscan scan fixture";
    r->lib_versions = "fixture libraries";
    strcpy(r->run_date, "2024-10-02");
    assert_int_equal(fl_report_add_input(r, path), 0);
    for (size_t i = 0; i < n; i++) {
        const fx_rec *s = &recs[i];
        fl_slice f[FL_F_COUNT];
        for (int k = 0; k < FL_F_COUNT; k++)
            f[k] = (fl_slice){NULL, 0};
        f[FL_F_RECORD_ID] = fl_slice_cstr(s->id);
        f[FL_F_DATE] = fl_slice_cstr("2024-03-01");
        f[FL_F_IMPORTER] = fl_slice_cstr(s->importer);
        f[FL_F_SHIPPER] = fl_slice_cstr(s->shipper);
        f[FL_F_ORIGIN] = fl_slice_cstr("Uzbekistan");
        f[FL_F_HS] = fl_slice_cstr("5201");
        f[FL_F_DESCRIPTION] = fl_slice_cstr(s->description);
        uint32_t idx;
        assert_int_equal(fl_report_add_rec(r, 0, i + 2, i + 1, f, "UZ", "5201", &idx), FL_OK);
        fl_span none = {FL_F_COUNT, 0, 0};
        assert_int_equal(fl_report_add_flag(r, idx, s->rule, s->sev, FL_MATCH_DIRECT,
                                            s->evidence ? s->evidence : "", none),
                         FL_OK);
    }
    r->read = r->flagged = n;
    r->inputs[0].records = r->inputs[0].flagged = n;
    r->inputs[0].size = 1000;
    memset(r->inputs[0].sha256, 'f', 64);
    if (finish)
        assert_int_equal(fl_report_finish(r), FL_OK);
}

/* ---- a scratch folder -------------------------------------------------------------------- */

/* Make a scratch folder "<prefix>-XXXXXX" in the working folder (no absolute path needed). */
static inline void fx_mkdtemp(char dir[64], const char *prefix)
{
    snprintf(dir, 64, "%s-XXXXXX", prefix);
    assert_non_null(mkdtemp(dir));
}

static inline void fx_remove_tree(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char p[512];
    if (!d)
        return;
    while ((e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        if (snprintf(p, sizeof p, "%s/%s", dir, e->d_name) >= (int)sizeof p)
            continue;
        struct stat st;
        if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
            fx_remove_tree(p);
        else
            unlink(p);
    }
    closedir(d);
    rmdir(dir);
}

/* dir/name in one of four rotating buffers. */
static inline const char *fx_path(const char *dir, const char *name)
{
    static char p[4][256];
    static int k;
    k = (k + 1) % 4;
    snprintf(p[k], sizeof p[k], "%s/%s", dir, name);
    return p[k];
}

/* Entries of dir whose name contains ".tmp-" (outfile.h's temporary names). */
static inline int fx_temp_files(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;
    assert_non_null(d);
    while ((e = readdir(d)) != NULL)
        n += strstr(e->d_name, ".tmp-") != NULL;
    closedir(d);
    return n;
}

/* The whole file, NUL-terminated; caller frees. *len (may be NULL) gets its size. */
static inline char *fx_slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    assert_int_equal(fseek(fp, 0, SEEK_END), 0);
    long n = ftell(fp);
    assert_true(n >= 0);
    rewind(fp);
    char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
    buf[n] = '\0';
    fclose(fp);
    if (len)
        *len = (size_t)n;
    return buf;
}

#endif
