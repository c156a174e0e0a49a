/* test_report.c - the report model and its writers (report.c, fields.c, flagout.c, xlsx.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#ifdef __GLIBC__
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "heap_use.h"
#include "fields.h"
#include "flagout.h"
#include "report.h"
#include "rules.h"
#include "textsafe.h"
#include "xlsx.h"
#include "issue_at.h"

/* ---- a hand-built rule set ----------------------------------------------------------- */

static fl_source sources[] = {
    {"S1", "List of Goods Produced by Child Labor or Forced Labor", "USDOL ILAB", "2024-09-05",
     "https://www.dol.gov/agencies/ilab/reports/child-labor/list-of-goods"},
    {"S2", "Withhold Release Orders and Findings", "CBP", "2025-02", "see the CBP site"},
};
static char *cotton_hs[] = {"5201"};
static fl_commodity commodities[] = {
    {"cotton", "Cotton", cotton_hs, 1, "", "", NULL, NULL, ""},
};
static char uz[][3] = {"UZ"};
static char cn[][3] = {"CN"};
static char *xj[] = {"CN-XJ"};
static size_t goods_cotton[] = {0};
static size_t src_s1[] = {0};
static size_t src_s1_s2[] = {0, 1};

enum { R_COTTON, R_XJ, R_EO }; /* rule indexes */

static fl_rule rules[] = {
    {.id = "TVPRA-UZ-COTTON",
     .title = "Cotton from Uzbekistan",
     .note = "",
     .basis = FL_BASIS_TVPRA,
     .countries = uz,
     .n_countries = 1,
     .commodities = goods_cotton,
     .n_commodities = 1,
     .labor = FL_LABOR_FORCED | FL_LABOR_CHILD,
     .severity = FL_SEV_HIGH,
     .valid_from = 20091210,
     .valid_to = FL_DATE_OPEN,
     .sources = src_s1,
     .n_sources = 1,
     .file = "rules-tvpra.csv",
     .line = 2},
    {.id = "UFLPA-XJ",
     .title = "Goods made wholly or in part in Xinjiang",
     .note = "UFLPA",
     .basis = FL_BASIS_UFLPA_REGION,
     .countries = cn,
     .n_countries = 1,
     .regions = xj,
     .n_regions = 1,
     .all_goods = true,
     .labor = FL_LABOR_FORCED,
     .severity = FL_SEV_CRITICAL,
     .valid_from = 20220621,
     .valid_to = FL_DATE_OPEN,
     .sources = src_s1_s2,
     .n_sources = 2,
     .file = "rules-uflpa.csv",
     .line = 3},
    {.id = "EO13126-UZ-COTTON",
     .title = "Cotton (EO 13126)",
     .note = "",
     .basis = FL_BASIS_EO13126,
     .countries = uz,
     .n_countries = 1,
     .commodities = goods_cotton,
     .n_commodities = 1,
     .labor = FL_LABOR_CHILD,
     .severity = FL_SEV_MEDIUM,
     .valid_from = 20010101,
     .valid_to = 20301231,
     .sources = src_s1,
     .n_sources = 1,
     .file = "rules-eo13126.csv",
     .line = 2},
};

static fl_ruleset ruleset = {
    .name = "test rules",
    .version = "1",
    .date = "2024-10-01",
    .description = "",
    .sha256 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
    .sources = sources,
    .n_sources = 2,
    .commodities = commodities,
    .n_commodities = 1,
    .rules = rules,
    .n_rules = 3,
};

/* ---- a report ------------------------------------------------------------------------ */

typedef struct rec_spec {
    uint32_t file;
    uint64_t line, record;
    const char *id, *importer, *shipper, *origin_raw, *origin, *hs_raw, *hs, *description;
} rec_spec;

/* In input order, as the report takes them: file, then record. */
static const rec_spec recs[] = {
    {0, 2, 1, "A-1", "Importer Inc",
     "\xC3\x9Cn\xC3\xAF"
     "code Ltd",
     "??", "", "5201", "5201", "cotton"},
    {0, 5, 3, "A-3", "Importer Inc", "=HYPERLINK(\"x\")", "Uzbekistan", "UZ", "5201.00", "520100",
     "Raw cotton, \"organic\"\nbales"},
    {1, 2, 1, "B-1", "@home", "+cmd", "China", "CN", "6109.10", "610910", "T-shirts"},
};

typedef struct flag_spec {
    uint32_t rec, rule;
    fl_severity sev;
    fl_match match;
    const char *evidence;
    uint32_t hl_start, hl_end; /* span in the description; 0, 0 for none */
} flag_spec;

/*
 * Spans: "cotton" inside "Raw cotton, ..." (a rich string), the whole of "cotton" (a bold
 * cell), and one past the end of "T-shirts" (ignored: the text is written plain).
 */
/* Each record's flags out of order on purpose: the report must sort them. */
static const flag_spec flags_in[] = {
    {1, R_EO, FL_SEV_MEDIUM, FL_MATCH_DIRECT, "origin UZ + cotton", 4, 10},
    {2, R_XJ, FL_SEV_CRITICAL, FL_MATCH_REGION, "shipper address in Xinjiang, China", 0, 0},
    {1, R_COTTON, FL_SEV_HIGH, FL_MATCH_ENTITY, "importer listed", 0, 0},
    {0, R_COTTON, FL_SEV_LOW, FL_MATCH_DIRECT, "description 'cotton'", 0, 6},
    {1, R_COTTON, FL_SEV_HIGH, FL_MATCH_DIRECT, "origin UZ + HS 5201", 0, 0},
    {2, R_EO, FL_SEV_CRITICAL, FL_MATCH_DIRECT, "origin CN", 2, 99},
};
#define N_FLAGS (sizeof flags_in / sizeof flags_in[0])

/* The total order: file, record, severity descending, rule id, match. */
static const flag_spec flags_sorted[] = {
    {0, R_COTTON, FL_SEV_LOW, FL_MATCH_DIRECT, NULL, 0, 6},
    {1, R_COTTON, FL_SEV_HIGH, FL_MATCH_DIRECT, NULL, 0, 0},
    {1, R_COTTON, FL_SEV_HIGH, FL_MATCH_ENTITY, NULL, 0, 0},
    {1, R_EO, FL_SEV_MEDIUM, FL_MATCH_DIRECT, NULL, 4, 10},
    {2, R_EO, FL_SEV_CRITICAL, FL_MATCH_DIRECT, NULL, 2, 99},
    {2, R_XJ, FL_SEV_CRITICAL, FL_MATCH_REGION, NULL, 0, 0},
};

/* More flags for build_edited to add to record 1 after the fixture's (a test sets them). */
static const flag_spec *extra_flags;
static size_t n_extra_flags;

static void add_flags(fl_report *r, uint32_t rec, const flag_spec *fs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const flag_spec *s = &fs[i];
        if (s->rec != rec)
            continue;
        fl_span span = {FL_F_COUNT, 0, 0};
        if (s->hl_end)
            span = (fl_span){FL_F_DESCRIPTION, s->hl_start, s->hl_end};
        assert_int_equal(
            fl_report_add_flag(r, s->rec, s->rule, s->sev, s->match, s->evidence, span), FL_OK);
    }
}

/*
 * The fixture's report. edit (may be NULL) changes a record's field texts before they are
 * added: they go to the report's spill file, so they cannot be changed afterwards.
 */
typedef void (*rec_edit)(size_t i, fl_slice f[FL_F_COUNT]);

static void build_edited(fl_report *r, rec_edit edit)
{
    fl_report_init(r);
    r->rules = &ruleset;
    r->command_line = "flscan scan --out report.xlsx in/a.csv in/b.csv";
    r->lib_versions = "test libraries";
    strcpy(r->run_date, "2024-10-02");
    assert_int_equal(fl_report_add_input(r, "in/a.csv"), 0);
    assert_int_equal(fl_report_add_input(r, "in/b.csv"), 1);
    for (size_t i = 0; i < sizeof recs / sizeof recs[0]; i++) {
        const rec_spec *s = &recs[i];
        fl_slice f[FL_F_COUNT];
        for (int k = 0; k < FL_F_COUNT; k++)
            f[k] = (fl_slice){NULL, 0};
        f[FL_F_RECORD_ID] = fl_slice_cstr(s->id);
        f[FL_F_DATE] = fl_slice_cstr("2024-03-01");
        f[FL_F_IMPORTER] = fl_slice_cstr(s->importer);
        f[FL_F_SHIPPER] = fl_slice_cstr(s->shipper);
        f[FL_F_SHIPPER_ADDRESS] = fl_slice_cstr("1 Road");
        f[FL_F_ORIGIN] = fl_slice_cstr(s->origin_raw);
        f[FL_F_HS] = fl_slice_cstr(s->hs_raw);
        f[FL_F_DESCRIPTION] = fl_slice_cstr(s->description);
        if (edit)
            edit(i, f);
        uint32_t idx;
        assert_int_equal(
            fl_report_add_rec(r, s->file, s->line, s->record, f, s->origin, s->hs, &idx), FL_OK);
        assert_int_equal(idx, i);
        add_flags(r, idx, flags_in, N_FLAGS);
        add_flags(r, idx, extra_flags, n_extra_flags);
    }
    assert_int_equal(fl_report_add_issue(r, 0, 4, 2, "date", "31/31/2020", 10,
                                         "unparseable date; not judged", true),
                     FL_OK);
    assert_int_equal(fl_report_add_issue(r, 0, 2, 1, "origin", "??", 2,
                                         "unknown country: country rules not applied", false),
                     FL_OK);
    r->read = 5;
    r->flagged = 3;
    r->clean = 1;
    r->rejected = 1;
    r->inputs[0] = (fl_input){r->inputs[0].path, 300, "", 4, 2, 1, 1};
    r->inputs[1] = (fl_input){r->inputs[1].path, 100, "", 1, 1, 0, 0};
    memset(r->inputs[0].sha256, 'a', 64);
    memset(r->inputs[1].sha256, 'b', 64);
}

static void build(fl_report *r)
{
    build_edited(r, NULL);
}

/* Rebuild the fixture's report with edited records. */
static void rebuild(fl_report *r, rec_edit edit)
{
    fl_report_free(r);
    build_edited(r, edit);
}

/* ---- temporary folder ---------------------------------------------------------------- */

typedef struct fixture {
    fl_report r;
    char dir[64];
} fixture;

static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof *fx);
    if (!fx)
        return -1;
    /* Relative to ctest's working folder: no absolute path needed. */
    strcpy(fx->dir, "report-test-XXXXXX");
    if (!mkdtemp(fx->dir)) {
        free(fx);
        return -1;
    }
    build(&fx->r);
    *state = fx;
    return 0;
}

static void remove_tree(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char p[512];
    if (!d)
        return;
    while ((e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        struct stat st;
        if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
            remove_tree(p);
        else
            unlink(p);
    }
    closedir(d);
    rmdir(dir);
}

static int teardown(void **state)
{
    fixture *fx = *state;
    fl_report_free(&fx->r);
    remove_tree(fx->dir);
    free(fx);
    return 0;
}

static char *path_in(const fixture *fx, const char *name)
{
    static char p[4][256];
    static int k;
    k = (k + 1) % 4;
    snprintf(p[k], sizeof p[k], "%s/%s", fx->dir, name);
    return p[k];
}

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
    buf[n] = '\0';
    fclose(fp);
    if (len)
        *len = (size_t)n;
    return buf;
}

/* Number of entries in dir whose name contains ".tmp-" (outfile's temporary names). */
static int temp_files(const char *dir)
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

/*
 * Run the workbook checker; skip when python3 or openpyxl is missing. Debian's interpreter
 * (which has python3-openpyxl) unless FLSCAN_PYTHON names another one.
 */
static void check_xlsx(const char *file, const char *args)
{
    char cmd[1024];
    const char *py = getenv("FLSCAN_PYTHON");
    if (!py || !*py)
        py = access("/usr/bin/python3", X_OK) == 0 ? "/usr/bin/python3" : "python3";
    snprintf(cmd, sizeof cmd, "'%s' '%s/tests/tools/check_xlsx.py' '%s' %s", py, FLSCAN_SOURCE_DIR,
             file, args);
    fflush(stdout);
    int rc = system(cmd);
    assert_true(rc != -1 && WIFEXITED(rc));
    if (WEXITSTATUS(rc) == 77 || WEXITSTATUS(rc) == 127)
        skip();
    assert_int_equal(WEXITSTATUS(rc), 0);
}

/* ---- tests --------------------------------------------------------------------------- */

static void test_field_names(void **state)
{
    (void)state;
    static const struct {
        fl_field f;
        const char *name;
    } cases[] = {
        {FL_F_RECORD_ID, "record_id"},
        {FL_F_DATE, "date"},
        {FL_F_IMPORTER, "importer"},
        {FL_F_SHIPPER, "shipper"},
        {FL_F_SHIPPER_ADDRESS, "shipper_address"},
        {FL_F_ORIGIN, "origin"},
        {FL_F_PORT, "port_of_lading"},
        {FL_F_HS, "hs_code"},
        {FL_F_DESCRIPTION, "description"},
        {FL_F_QUANTITY, "quantity"},
        {FL_F_WEIGHT, "weight"},
        {FL_F_VALUE, "value"},
        {FL_F_SUPPLIER_ID, "supplier_id"},
    };
    assert_int_equal(sizeof cases / sizeof cases[0], FL_F_COUNT);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_string_equal(fl_field_name(cases[i].f), cases[i].name);
        assert_int_equal(fl_field_by_name(cases[i].name), cases[i].f);
    }
    assert_int_equal(fl_field_by_name("Record_ID"), FL_F_COUNT);
    assert_int_equal(fl_field_by_name(""), FL_F_COUNT);
    assert_int_equal(fl_field_by_name(NULL), FL_F_COUNT);
    assert_string_equal(fl_match_str(FL_MATCH_DIRECT), "direct");
    assert_string_equal(fl_match_str(FL_MATCH_INDIRECT), "indirect");
}

static void test_finish_order(void **state)
{
    fixture *fx = *state;
    fl_report *r = &fx->r;
    assert_int_equal(fl_report_max_severity(r), FL_SEV_CRITICAL);
    assert_int_equal(fl_report_finish(r), FL_OK);
    assert_int_equal(r->n_flags, N_FLAGS);
    fl_rowview v;
    fl_report_view(r, FL_ROWS_FLAGS, &v);
    for (size_t i = 0; i < N_FLAGS; i++) {
        const flag_spec *want = &flags_sorted[i];
        const fl_flag *got = fl_flag_get(&v, i);
        assert_int_equal(got->rec, want->rec);
        assert_int_equal(got->rule, want->rule);
        assert_int_equal(got->severity, want->sev);
        assert_int_equal(got->match, want->match);
        assert_int_equal(got->span.field, want->hl_end ? FL_F_DESCRIPTION : FL_F_COUNT);
        assert_int_equal(got->span.start, want->hl_start);
        assert_int_equal(got->span.end, want->hl_end);
    }
    assert_int_equal(fl_rowview_end(&v), FL_OK);
    assert_string_equal(r->rule_sources[R_XJ], "S1;S2");
    assert_string_equal(r->rule_sources[R_COTTON], "S1");
    /* the rules' lists, joined once for every writer */
    assert_string_equal(r->rule_countries[R_COTTON], "UZ");
    assert_string_equal(r->rule_countries[R_XJ], "CN");
    assert_string_equal(r->rule_regions[R_XJ], "CN-XJ");
    assert_string_equal(r->rule_regions[R_COTTON], "");
    assert_string_equal(r->rule_commodities[R_COTTON], "cotton");
    assert_string_equal(r->rule_commodities[R_XJ], "*"); /* all goods */
}

/*
 * The texts come back from the spill file as they went in; flags that tie up to the match go
 * by their evidence, then the order added.
 */
static void test_spill_read_back(void **state)
{
    fixture *fx = *state;
    fl_report *r = &fx->r;
    /* record 1 already has R_EO medium direct, evidence "origin UZ + cotton" */
    static const flag_spec more[] = {
        {1, R_EO, FL_SEV_MEDIUM, FL_MATCH_DIRECT, "zz last", 0, 0},
        {1, R_EO, FL_SEV_MEDIUM, FL_MATCH_DIRECT, "a first", 0, 0},
        {1, R_EO, FL_SEV_MEDIUM, FL_MATCH_DIRECT, "a first", 0, 0},
    };
    extra_flags = more;
    n_extra_flags = 3;
    rebuild(r, NULL);
    extra_flags = NULL;
    n_extra_flags = 0;
    assert_int_equal(fl_report_finish(r), FL_OK);
    assert_int_equal(r->n_flags, N_FLAGS + 3);
    fl_rectext t = {0};
    static const char *const want[] = {"a first", "a first", "origin UZ + cotton", "zz last"};
    size_t k = 0, last_index = 0;
    fl_rowview v;
    fl_report_view(r, FL_ROWS_FLAGS, &v);
    for (size_t i = 0; i < r->n_flags; i++) {
        const fl_flag *f = fl_flag_get(&v, i);
        if (f->rec != 1 || f->rule != R_EO)
            continue;
        assert_int_equal(fl_report_flag_text(r, f, &t), FL_OK);
        assert_true(k < 4);
        assert_string_equal(t.evidence, want[k]);
        /* equal evidence: the order added (the two "a first" are at offsets in that order) */
        if (k == 1)
            assert_true(f->evidence_at > last_index);
        last_index = f->evidence_at;
        k++;
        assert_string_equal(t.field[FL_F_RECORD_ID], "A-3");
        assert_string_equal(t.field[FL_F_DESCRIPTION], "Raw cotton, \"organic\"\nbales");
        assert_string_equal(t.field[FL_F_PORT], ""); /* not given */
    }
    assert_int_equal(k, 4);
    assert_int_equal(fl_rowview_end(&v), FL_OK);
    /* every record, in any order, through one buffer */
    for (size_t i = r->n_recs; i-- > 0;) {
        assert_int_equal(fl_report_rec_text(r, i, &t), FL_OK);
        assert_string_equal(t.field[FL_F_RECORD_ID], recs[i].id);
        assert_string_equal(t.field[FL_F_SHIPPER], recs[i].shipper);
        assert_string_equal(t.field[FL_F_SHIPPER_ADDRESS], "1 Road");
    }
    fl_rectext_free(&t);
}

static void test_finish_tallies(void **state)
{
    fixture *fx = *state;
    fl_report *r = &fx->r;
    assert_int_equal(fl_report_finish(r), FL_OK);
    static const uint64_t sev[FL_SEV_COUNT] = {1, 1, 2, 2}; /* low, medium, high, critical */
    for (int s = 0; s < FL_SEV_COUNT; s++)
        assert_int_equal(r->by_severity[s], sev[s]);

    static const struct tally_case {
        const char *key, *label;
        uint64_t flags, crit, high, med, low;
    } by_rule[] =
        {
            {"TVPRA-UZ-COTTON", "Cotton from Uzbekistan", 3, 0, 2, 0, 1},
            {"EO13126-UZ-COTTON", "Cotton (EO 13126)", 2, 1, 0, 1, 0},
            {"UFLPA-XJ", "Goods made wholly or in part in Xinjiang", 1, 1, 0, 0, 0},
        },
      by_country[] =
          {
              {"UZ", "UZ", 3, 0, 2, 1, 0},
              {"CN", "CN", 2, 2, 0, 0, 0},
              {"unknown", "(unknown)", 1, 0, 0, 0, 1},
          },
      by_basis[] =
          {
              {"TVPRA", "", 3, 0, 2, 0, 1},
              {"EO13126", "", 2, 1, 0, 1, 0},
              {"UFLPA-region", "", 1, 1, 0, 0, 0},
          },
      by_importer[] = {
          {"Importer Inc", "", 4, 0, 2, 1, 1},
          {"@home", "", 2, 2, 0, 0, 0},
      };
    const struct {
        const struct tally_case *want;
        size_t n_want;
        const fl_tally *got;
        size_t n_got;
    } tables[] = {
        {by_rule, 3, r->by_rule, r->n_by_rule},
        {by_country, 3, r->by_country, r->n_by_country},
        {by_basis, 3, r->by_basis, r->n_by_basis},
        {by_importer, 2, r->by_importer, r->n_by_importer},
    };
    for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++) {
        assert_int_equal(tables[t].n_got, tables[t].n_want);
        for (size_t i = 0; i < tables[t].n_want; i++) {
            const struct tally_case *w = &tables[t].want[i];
            const fl_tally *g = &tables[t].got[i];
            assert_string_equal(g->key, w->key);
            assert_string_equal(g->label, w->label);
            assert_int_equal(g->flags, w->flags);
            assert_int_equal(g->by_severity[FL_SEV_CRITICAL], w->crit);
            assert_int_equal(g->by_severity[FL_SEV_HIGH], w->high);
            assert_int_equal(g->by_severity[FL_SEV_MEDIUM], w->med);
            assert_int_equal(g->by_severity[FL_SEV_LOW], w->low);
        }
    }
}

static void no_importer(size_t i, fl_slice f[FL_F_COUNT])
{
    if (i == 0 || i == 2)
        f[FL_F_IMPORTER] = fl_slice_cstr("");
}

/* An empty importer is tallied as "(none)", together with the other empty ones. */
static void test_importer_none(void **state)
{
    fixture *fx = *state;
    fl_report *r = &fx->r;
    rebuild(r, no_importer);
    assert_int_equal(fl_report_finish(r), FL_OK);
    assert_int_equal(r->n_by_importer, 2);
    assert_string_equal(r->by_importer[0].key, "(none)");
    assert_int_equal(r->by_importer[0].flags, 3);
    assert_int_equal(r->by_importer[0].by_severity[FL_SEV_CRITICAL], 2);
    assert_int_equal(r->by_importer[0].by_severity[FL_SEV_LOW], 1);
    assert_string_equal(r->by_importer[1].key, "Importer Inc");
    assert_int_equal(r->by_importer[1].flags, 3);
}

/* Per basis: rules counted, newest valid_from, newest cited source date (any precision). */
static void test_list_editions(void **state)
{
    (void)state;
    static fl_source srcs[] = {
        {"A", "", "", "2012", ""},
        {"B", "", "", "2015-06-30", ""},
        {"C", "", "", "2021-03", ""},
        {"D", "", "", "2015-06", ""},
    };
    static size_t s_a[] = {0}, s_bd[] = {1, 3}, s_c[] = {2};
    static fl_rule rs_rules[] = {
        {.id = "T1",
         .basis = FL_BASIS_TVPRA,
         .valid_from = 20100101,
         .sources = s_a,
         .n_sources = 1},
        {.id = "W1", .basis = FL_BASIS_WRO, .valid_from = 20200101, .sources = s_c, .n_sources = 1},
        {.id = "T2",
         .basis = FL_BASIS_TVPRA,
         .valid_from = 20150601,
         .sources = s_bd,
         .n_sources = 2},
        {.id = "T3", .basis = FL_BASIS_TVPRA, .valid_from = 20120101},
    };
    static fl_ruleset set = {.sources = srcs, .n_sources = 4, .rules = rs_rules, .n_rules = 4};
    static const struct {
        const char *basis;
        uint64_t rules;
        const char *listing, *source;
    } want[] = {
        {"TVPRA", 3, "2015-06-01", "2015-06-30"},
        {"WRO", 1, "2020-01-01", "2021-03"},
    };
    fl_report r;
    fl_report_init(&r);
    assert_int_equal(r.fail_on, FL_REPORT_UNSET);
    assert_true(r.entity_match < 0 && r.entity_review < 0);
    r.rules = &set;
    assert_int_equal(fl_report_finish(&r), FL_OK);
    assert_int_equal(r.n_lists, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < r.n_lists; i++) {
        assert_string_equal(r.lists[i].basis, want[i].basis);
        assert_int_equal(r.lists[i].rules, want[i].rules);
        assert_string_equal(r.lists[i].latest_listing, want[i].listing);
        assert_string_equal(r.lists[i].latest_source, want[i].source);
    }
    fl_report_free(&r);
}

static void test_finish_checks_totals(void **state)
{
    fixture *fx = *state;
    fx->r.clean = 2; /* read 5 != 3 + 2 + 1 */
    assert_int_equal(fl_report_finish(&fx->r), FL_ERR_INPUT);
}

static void test_empty_report(void **state)
{
    (void)state;
    fl_report r;
    fl_report_init(&r);
    assert_int_equal(fl_report_max_severity(&r), -1);
    assert_int_equal(fl_report_finish(&r), FL_OK);
    assert_int_equal(r.n_by_rule + r.n_by_country + r.n_by_basis + r.n_by_importer, 0);
    assert_int_equal(r.n_lists, 0);
    fl_report_free(&r);
    fl_report_free(&r); /* twice: zeroed after the first */
    fl_report_free(NULL);
}

static void test_growth(void **state)
{
    (void)state;
    fl_report r;
    fl_report_init(&r);
    for (int i = 0; i < 100; i++) {
        char name[16];
        snprintf(name, sizeof name, "f%d.csv", i);
        assert_int_equal(fl_report_add_input(&r, name), i);
    }
    for (int i = 0; i < 100; i++) {
        char name[16];
        snprintf(name, sizeof name, "f%d.csv", i);
        assert_string_equal(r.inputs[i].path, name);
    }
    for (int i = 0; i < 1000; i++) {
        uint32_t idx;
        assert_int_equal(
            fl_report_add_rec(&r, 0, (uint64_t)i + 2, (uint64_t)i + 1, NULL, NULL, NULL, &idx),
            FL_OK);
        assert_int_equal(idx, i);
    }
    fl_rectext t = {0};
    assert_int_equal(fl_report_rec_text(&r, 999, &t), FL_OK);
    assert_string_equal(t.field[FL_F_DESCRIPTION], "");
    assert_string_equal(t.info->origin, "");
    fl_rectext_free(&t);
    fl_report_free(&r);
}

/*
 * Flagged records with the same source and record id are numbered 1, 2, 3... (spaces around
 * the id do not count; another source is another id), each duplicate with a data-quality
 * note naming the first; thousands of distinct ids grow the table and stay apart.
 */
static void test_duplicate_ids(void **state)
{
    (void)state;
    fl_issuetext it = {0}; /* issues read back (issue_at.h) */
    fl_report r;
    fl_report_init(&r);
    assert_int_equal(fl_report_add_input(&r, "in/export-20261201.csv"), 0);
    assert_int_equal(fl_report_add_input(&r, "in/other.csv"), 1);
    static const struct {
        uint32_t file;
        const char *id;
        uint32_t occurrence;
    } rows[] = {
        {0, "X-1", 1}, {0, "Y-2", 1}, {0, "X-1", 2}, {0, " X-1 ", 3}, {0, "", 1},
        {0, "", 1},    {1, "X-1", 1}, {1, "X-1", 2}, {1, "x-1", 1},
    };
    size_t n_rows = sizeof rows / sizeof *rows, n_more = 5000;
    for (size_t i = 0; i < n_rows + n_more; i++) {
        char more[32];
        snprintf(more, sizeof more, "M-%zu", i % (n_more / 2)); /* each twice */
        fl_slice f[FL_F_COUNT];
        for (int k = 0; k < FL_F_COUNT; k++)
            f[k] = (fl_slice){"", 0};
        f[FL_F_RECORD_ID] = fl_slice_cstr(i < n_rows ? rows[i].id : more);
        uint32_t file = i < n_rows ? rows[i].file : 1;
        uint32_t idx;
        assert_int_equal(fl_report_add_rec(&r, file, i + 2, i + 1, f, NULL, NULL, &idx), FL_OK);
        if (i == 2) /* an issue of the record: the duplicate's note comes before it */
            assert_int_equal(fl_report_add_issue(&r, 0, 4, 3, "date", "x", 1, "between", false),
                             FL_OK);
    }
    /* told once the last record is in */
    assert_int_equal(fl_report_finish(&r), FL_OK);
    fl_rowview v;
    fl_report_view(&r, FL_ROWS_RECS, &v);
    for (size_t i = 0; i < n_rows; i++)
        assert_int_equal(fl_rec_get(&v, i)->occurrence, rows[i].occurrence);
    for (size_t i = n_rows; i < n_rows + n_more; i++)
        assert_int_equal(fl_rec_get(&v, i)->occurrence, i - n_rows < n_more / 2 ? 1 : 2);
    assert_int_equal(fl_rowview_end(&v), FL_OK);
    /* a note for each duplicate: three in the table above, then half of the others, each
       where it would be had it been told as its record came */
    assert_int_equal(r.n_issues, 4 + n_more / 2);
    assert_string_equal(issue_at(&r, 0, &it)->field, "record_id");
    assert_int_equal(issue_at(&r, 0, &it)->line, 4);
    assert_true(issue_at(&r, 0, &it)->judged);
    assert_non_null(strstr(issue_at(&r, 0, &it)->reason, "the same id as line 2 of in/export-20261201.csv "
                                               "(source 'export')"));
    assert_string_equal(issue_at(&r, 1, &it)->reason, "between");
    assert_non_null(strstr(issue_at(&r, 2, &it)->reason, "occurrence 3"));
    assert_string_equal(issue_at(&r, 2, &it)->value, "X-1");
    assert_non_null(strstr(issue_at(&r, 3, &it)->reason, "the same id as line 8 of in/other.csv"));
    for (size_t i = 4; i < r.n_issues; i++) { /* in input order */
        assert_int_equal(issue_at(&r, i, &it)->line, n_rows + n_more / 2 + (i - 4) + 2);
        assert_non_null(strstr(issue_at(&r, i, &it)->reason, "occurrence 2"));
    }
    fl_issuetext_free(&it);
    fl_report_free(&r);
}

/*
 * A file with a data-quality issue on every line keeps memory flat: the issues are rows in a
 * temporary file and their texts are in the spill file, read back in order (issue_at.h), a
 * value over 200 bytes shortened, the outcome as added.
 */
static void test_issues_on_disk(void **state)
{
    (void)state;
    fl_report r;
    fl_report_init(&r);
    assert_int_equal(fl_report_add_input(&r, "in/a.csv"), 0);
    size_t before = heap_in_use();
    const size_t n = 200000;
    char value[300];
    memset(value, 'v', sizeof value);
    for (size_t i = 0; i < n; i++) {
        char reason[64];
        snprintf(reason, sizeof reason, "no such date: line %zu", i + 2);
        unsigned how = i % 3 == 0 ? FL_ISSUE_REJECTED : i % 3 == 1 ? FL_ISSUE_JUDGED : 0;
        assert_int_equal(fl_report_add_issue(&r, 0, i + 2, i + 1, "date", value, i % 301, reason,
                                             how),
                         FL_OK);
    }
    r.read = r.clean = n;
    assert_int_equal(fl_report_finish(&r), FL_OK);
    size_t after = heap_in_use();
    if (before) /* some 150 bytes an issue in memory would be 30 MB */
        assert_true(after < before + ((size_t)4 << 20));
    assert_int_equal(r.n_issues, n);
    fl_issuetext it = {0};
    for (size_t i = 0; i < n; i += 997) {
        const fl_issue *is = issue_at(&r, i, &it);
        char reason[64];
        snprintf(reason, sizeof reason, "no such date: line %zu", i + 2);
        assert_int_equal(is->file, 0);
        assert_int_equal(is->line, i + 2);
        assert_int_equal(is->record, i + 1);
        assert_string_equal(is->field, "date");
        assert_string_equal(is->reason, reason);
        assert_null(is->path);
        assert_int_equal(is->rejected, i % 3 == 0);
        assert_int_equal(is->judged, i % 3 == 1);
        size_t len = i % 301;
        assert_int_equal(strlen(is->value), len > 200 ? 200 : len);
        if (len > 200)
            assert_string_equal(is->value + 197, "...");
    }
    /* a value ends at a NUL byte, the texts after it stay whole */
    assert_int_equal(fl_report_add_issue(&r, 0, 7, 6, "hs_code", "61\0x", 4, "nul", false), FL_OK);
    const fl_issue *nul = issue_at(&r, n, &it);
    assert_string_equal(nul->value, "61");
    assert_string_equal(nul->reason, "nul");
    assert_string_equal(nul->field, "hs_code");
    /* a file that is not an input names itself */
    assert_int_equal(fl_report_add_file_issue(&r, "in/suppliers.csv", 4, 3, "supplies_to", "X", 1,
                                              "unknown supplier", false),
                     FL_OK);
    const fl_issue *is = issue_at(&r, n + 1, &it);
    assert_string_equal(is->path, "in/suppliers.csv");
    assert_int_equal(is->file, UINT32_MAX);
    assert_string_equal(is->value, "X");
    fl_issuetext_free(&it);
    fl_report_free(&r);
}

/*
 * The report's memory does not grow with the flags: 200,000 flagged records with two flags
 * each (in memory they would take some 60 MB: 64 bytes a record, 168 a flag) leave the heap
 * a few MB bigger, whatever the flags; their rows and texts are in temporary files, and
 * they all come back.
 */
static void test_flags_on_disk(void **state)
{
    (void)state;
    fl_rule rs_rules[1];
    memset(rs_rules, 0, sizeof rs_rules);
    rs_rules[0].id = "R";
    fl_ruleset rs;
    memset(&rs, 0, sizeof rs);
    rs.rules = rs_rules;
    rs.n_rules = 1;
    fl_report r;
    fl_report_init(&r);
    r.rules = &rs;
    assert_int_equal(fl_report_add_input(&r, "in/a.csv"), 0);
    size_t before = heap_in_use();
    const size_t n = 200000;
    fl_span none = {FL_F_COUNT, 0, 0};
    for (size_t i = 0; i < n; i++) {
        char id[32];
        snprintf(id, sizeof id, "R-%zu", i);
        fl_slice f[FL_F_COUNT];
        for (int k = 0; k < FL_F_COUNT; k++)
            f[k] = (fl_slice){"", 0};
        f[FL_F_RECORD_ID] = fl_slice_cstr(id);
        f[FL_F_SHIPPER] = fl_slice_cstr("Shipper with a name of some length Ltd");
        uint32_t idx;
        assert_int_equal(fl_report_add_rec(&r, 0, i + 2, i + 1, f, "CN", "610910", &idx), FL_OK);
        assert_int_equal(fl_report_add_flag(&r, idx, 0, FL_SEV_LOW, FL_MATCH_DIRECT,
                                            "evidence of a flag", none),
                         FL_OK);
        assert_int_equal(fl_report_add_flag(&r, idx, 0, FL_SEV_HIGH, FL_MATCH_ENTITY,
                                            "evidence of another", none),
                         FL_OK);
    }
    r.read = r.flagged = n;
    assert_int_equal(fl_report_finish(&r), FL_OK);
    size_t after = heap_in_use();
    if (before) /* the record ids' slots are freed by finish; the buffers stay */
        assert_true(after < before + ((size_t)4 << 20));
    assert_int_equal(r.n_flags, 2 * n);
    assert_int_equal(r.by_severity[FL_SEV_HIGH], n);
    fl_rowview v;
    fl_rectext t = {0};
    fl_report_view(&r, FL_ROWS_FLAGS, &v);
    for (size_t i = 0; i < 2 * n; i += 1999) {
        const fl_flag *fl = fl_flag_get(&v, i);
        assert_int_equal(fl->rec, i / 2);
        assert_int_equal(fl->severity, i % 2 ? FL_SEV_LOW : FL_SEV_HIGH); /* sorted */
        assert_int_equal(fl_report_flag_text(&r, fl, &t), FL_OK);
        assert_string_equal(t.evidence, i % 2 ? "evidence of a flag" : "evidence of another");
        char id[32];
        snprintf(id, sizeof id, "R-%zu", i / 2);
        assert_string_equal(t.field[FL_F_RECORD_ID], id);
    }
    /* in order, as the writers read them: one window after another */
    for (size_t i = 0; i < 2 * n; i++) {
        const fl_flag *fl = fl_flag_get(&v, i);
        assert_int_equal(fl_report_flag_text(&r, fl, &t), FL_OK);
        assert_string_equal(t.evidence, i % 2 ? "evidence of a flag" : "evidence of another");
        char id[32];
        snprintf(id, sizeof id, "R-%zu", i / 2);
        assert_string_equal(t.field[FL_F_RECORD_ID], id);
    }
    assert_int_equal(fl_rowview_end(&v), FL_OK);
    /* the same buffer on another report reads that report's texts, not its window's */
    fl_report other;
    fl_report_init(&other);
    other.rules = &rs;
    assert_int_equal(fl_report_add_input(&other, "in/b.csv"), 0);
    fl_slice f[FL_F_COUNT];
    for (int k = 0; k < FL_F_COUNT; k++)
        f[k] = (fl_slice){"", 0};
    f[FL_F_RECORD_ID] = fl_slice_cstr("OTHER-1");
    char longer[300]; /* more text than r's first record: r's offsets fall in its window */
    memset(longer, 'x', sizeof longer - 1);
    longer[sizeof longer - 1] = '\0';
    f[FL_F_SHIPPER] = fl_slice_cstr(longer);
    uint32_t idx;
    assert_int_equal(fl_report_add_rec(&other, 0, 2, 1, f, "CN", "610910", &idx), FL_OK);
    assert_int_equal(fl_report_add_flag(&other, idx, 0, FL_SEV_LOW, FL_MATCH_DIRECT, "other", none),
                     FL_OK);
    other.read = other.flagged = 1;
    assert_int_equal(fl_report_finish(&other), FL_OK);
    assert_int_equal(fl_report_rec_text(&other, 0, &t), FL_OK);
    assert_string_equal(t.field[FL_F_RECORD_ID], "OTHER-1");
    assert_int_equal(fl_report_rec_text(&r, 0, &t), FL_OK);
    assert_string_equal(t.field[FL_F_RECORD_ID], "R-0");
    fl_report_free(&other);
    fl_rectext_free(&t);
    fl_report_free(&r);
}

static void test_issue_value_shortened(void **state)
{
    fixture *fx = *state;
    char value[300];
    /* 196 ASCII bytes then 2-byte characters: the cut must not split one. */
    memset(value, 'x', 196);
    for (int i = 196; i + 1 < 300; i += 2) {
        value[i] = '\xC3';
        value[i + 1] = '\xA9';
    }
    assert_int_equal(fl_report_add_issue(&fx->r, 0, 9, 8, "description", value, 300, "long", false),
                     FL_OK);
    fl_issuetext it = {0};
    const char *v = issue_at(&fx->r, fx->r.n_issues - 1, &it)->value;
    size_t n = strlen(v);
    assert_true(n <= 200);
    assert_string_equal(v + n - 3, "...");
    /* 197 bytes would end inside the first "\xC3\xA9": it is dropped whole. */
    assert_int_equal(n, 196 + 3);
    assert_int_equal(v[195], 'x');
    fl_issuetext_free(&it);
}

static const char csv_expected[] =
    "file,line,record,record_id,date,importer,shipper,origin_raw,origin,hs_code,description,"
    "rule_id,basis,labor,severity,action,match,evidence,sources,fingerprint,case_id\r\n"
    "in/a.csv,2,1,A-1,2024-03-01,Importer Inc,\xC3\x9Cn\xC3\xAF"
    "code Ltd,??,,5201,cotton,"
    "TVPRA-UZ-COTTON,TVPRA,forced+child,low,CAUTION,direct,description 'cotton',S1,,\r\n"
    "in/a.csv,5,3,A-3,2024-03-01,Importer Inc,\"'=HYPERLINK(\"\"x\"\")\",Uzbekistan,UZ,5201.00,"
    "\"Raw cotton, \"\"organic\"\"\nbales\",TVPRA-UZ-COTTON,TVPRA,forced+child,high,REVIEW,"
    "direct,origin UZ + HS 5201,S1,,\r\n"
    "in/a.csv,5,3,A-3,2024-03-01,Importer Inc,\"'=HYPERLINK(\"\"x\"\")\",Uzbekistan,UZ,5201.00,"
    "\"Raw cotton, \"\"organic\"\"\nbales\",TVPRA-UZ-COTTON,TVPRA,forced+child,high,REVIEW,"
    "entity,importer listed,S1,,\r\n"
    "in/a.csv,5,3,A-3,2024-03-01,Importer Inc,\"'=HYPERLINK(\"\"x\"\")\",Uzbekistan,UZ,5201.00,"
    "\"Raw cotton, \"\"organic\"\"\nbales\",EO13126-UZ-COTTON,EO13126,child,medium,CAUTION,"
    "direct,origin UZ + cotton,S1,,\r\n"
    "in/b.csv,2,1,B-1,2024-03-01,'@home,'+cmd,China,CN,6109.10,T-shirts,EO13126-UZ-COTTON,"
    "EO13126,child,critical,HOLD,direct,origin CN,S1,,\r\n"
    "in/b.csv,2,1,B-1,2024-03-01,'@home,'+cmd,China,CN,6109.10,T-shirts,UFLPA-XJ,UFLPA-region,"
    "forced,critical,HOLD,region,\"shipper address in Xinjiang, China\",S1;S2,,\r\n";

static void test_csv(void **state)
{
    fixture *fx = *state;
    assert_int_equal(fl_report_finish(&fx->r), FL_OK);
    const char *p = path_in(fx, "flags.csv");
    assert_int_equal(fl_flagout_csv(&fx->r, p), FL_OK);
    char *got = slurp(p, NULL);
    assert_string_equal(got, csv_expected);
    free(got);
    assert_int_equal(temp_files(fx->dir), 0);
}

static const char jsonl_expected[] =
    "{\"file\":\"in/a.csv\",\"line\":2,\"record\":1,\"record_id\":\"A-1\",\"date\":\"2024-03-01\","
    "\"importer\":\"Importer Inc\",\"shipper\":\"\xC3\x9Cn\xC3\xAF"
    "code Ltd\","
    "\"origin_raw\":\"??\",\"origin\":\"\",\"hs_code\":\"5201\",\"description\":\"cotton\","
    "\"rule_id\":\"TVPRA-UZ-COTTON\",\"basis\":\"TVPRA\",\"labor\":\"forced+child\","
    "\"severity\":\"low\",\"action\":\"CAUTION\",\"match\":\"direct\","
    "\"evidence\":\"description 'cotton'\",\"sources\":\"S1\",\"fingerprint\":\"\",\"case_id\":\"\"}\n"
    "{\"file\":\"in/a.csv\",\"line\":5,\"record\":3,\"record_id\":\"A-3\",\"date\":\"2024-03-01\","
    "\"importer\":\"Importer Inc\",\"shipper\":\"=HYPERLINK(\\\"x\\\")\","
    "\"origin_raw\":\"Uzbekistan\",\"origin\":\"UZ\",\"hs_code\":\"5201.00\","
    "\"description\":\"Raw cotton, \\\"organic\\\"\\nbales\",\"rule_id\":\"TVPRA-UZ-COTTON\","
    "\"basis\":\"TVPRA\",\"labor\":\"forced+child\",\"severity\":\"high\",\"action\":\"REVIEW\","
    "\"match\":\"direct\",\"evidence\":\"origin UZ + HS 5201\",\"sources\":\"S1\",\"fingerprint\":\"\",\"case_id\":\"\"}\n";

static void test_jsonl(void **state)
{
    fixture *fx = *state;
    assert_int_equal(fl_report_finish(&fx->r), FL_OK);
    const char *p = path_in(fx, "flags.jsonl");
    assert_int_equal(fl_flagout_jsonl(&fx->r, p), FL_OK);
    char *got = slurp(p, NULL);
    /* The first two lines exactly; then the line count and the last shipper. */
    assert_int_equal(strncmp(got, jsonl_expected, strlen(jsonl_expected)), 0);
    size_t lines = 0;
    for (const char *c = got; *c; c++)
        lines += *c == '\n';
    assert_int_equal(lines, N_FLAGS);
    assert_non_null(strstr(got, "\"shipper\":\"+cmd\""));
    assert_non_null(strstr(got, "\"sources\":\"S1;S2\",\"fingerprint\":\"\",\"case_id\":\"\"}\n"));
    free(got);
}

/*
 * The fixture's workbook: two descriptions highlighted ("cotton" inside a longer text, and a
 * whole "cotton"; the span past the end of "T-shirts" is not), two charts, every Sources id
 * a link, and the Summary's lists and thresholds.
 */
static const char xlsx_checks[] =
    "--flags 6 --issues 2 --rules 3 --sources 2 --read 5 --cut 0 --charts 2 --rich 1 "
    "--highlighted 2 "
    "--rich-text cotton "
    "--summary TVPRA 'TVPRA: 1 rule, latest listing 2009-12-10, newest source 2024-09-05' "
    "--summary UFLPA-region 'UFLPA-region: 1 rule, latest listing 2022-06-21, newest source "
    "2025-02' "
    "--summary 'Fail on' 'high (exit code 1 when a flag is high or above)' "
    "--summary 'Entity match threshold' 0.85 --summary 'Entity review threshold' n/a "
    "--summary 'As of' 'record dates'";

static void test_xlsx_content(void **state)
{
    fixture *fx = *state;
    fx->r.fail_on = FL_SEV_HIGH;
    fx->r.entity_match = 0.85;
    assert_int_equal(fl_report_finish(&fx->r), FL_OK);
    const char *p = path_in(fx, "report.xlsx");
    assert_int_equal(fl_xlsx_write(&fx->r, p), FL_OK);
    assert_int_equal(temp_files(fx->dir), 0);
    /* Formula-like texts: "=HYPERLINK" x3 and "+cmd" x2, "@home" x3 (two flags, a tally). */
    char args[1024];
    snprintf(args, sizeof args, "%s --formula-text 8", xlsx_checks);
    check_xlsx(p, args);
}

/* Both memory modes give the same content, each reproducibly; few links allowed: none. */
static void test_xlsx_memory_modes(void **state)
{
    fixture *fx = *state;
    fx->r.fail_on = FL_SEV_HIGH;
    fx->r.entity_match = 0.85;
    assert_int_equal(fl_report_finish(&fx->r), FL_OK);
    static const fl_xlsx_memory modes[] = {FL_XLSX_MEMORY_CONSTANT, FL_XLSX_MEMORY_FULL};
    for (size_t m = 0; m < 2; m++) {
        fl_xlsx_opts o = {.memory = modes[m]};
        const char *a = path_in(fx, "a.xlsx"), *b = path_in(fx, "b.xlsx");
        assert_int_equal(fl_xlsx_write_opts(&fx->r, a, &o), FL_OK);
        assert_int_equal(fl_xlsx_write_opts(&fx->r, b, &o), FL_OK);
        size_t na, nb;
        char *da = slurp(a, &na), *db = slurp(b, &nb);
        assert_int_equal(na, nb);
        assert_memory_equal(da, db, na);
        free(da);
        free(db);
        print_message("memory mode %d\n", (int)modes[m]);
        check_xlsx(a, xlsx_checks);
    }
    /* 6 Sources links needed on Flags, 2 allowed: plain ids; the 1 URL on Sources stays. */
    fl_xlsx_opts o = {.links_per_sheet = 2};
    const char *p = path_in(fx, "few-links.xlsx");
    assert_int_equal(fl_xlsx_write_opts(&fx->r, p, &o), FL_OK);
    check_xlsx(p, "--flags 6 --highlighted 2 --no-source-links");
}

/* No flags: the sheets, the severity chart only, and tables that say so. */
static void test_xlsx_no_flags(void **state)
{
    fixture *fx = *state;
    fl_report r;
    fl_report_init(&r);
    r.rules = &ruleset;
    strcpy(r.run_date, "2024-10-02");
    assert_int_equal(fl_report_add_input(&r, "in/empty.csv"), 0);
    assert_int_equal(fl_report_finish(&r), FL_OK);
    const char *p = path_in(fx, "empty.xlsx");
    assert_int_equal(fl_xlsx_write(&r, p), FL_OK);
    check_xlsx(p, "--flags 0 --issues 0 --rules 3 --sources 2 --read 0 --charts 1 --highlighted 0 "
                  "--summary 'Fail on' n/a");
    fl_report_free(&r);
}

/* A 40,000-byte description with control characters in it, for record 0 (A-1). */
static void big_description(size_t i, fl_slice f[FL_F_COUNT])
{
    static char big[40001];
    if (i != 0)
        return;
    size_t n = 40000;
    memset(big, 'y', n);
    static const char head[] = "bell\a, controls \x01\x1f, cr\r, ok";
    memcpy(big, head, strlen(head));
    big[n] = '\0';
    f[FL_F_DESCRIPTION] = (fl_slice){big, n};
}

static void test_xlsx_split_and_cut(void **state)
{
    fixture *fx = *state;
    fl_report *r = &fx->r;
    rebuild(r, big_description);
    assert_int_equal(fl_report_finish(r), FL_OK);
    const char *p = path_in(fx, "split.xlsx");
    fl_xlsx_opts o = {.rows_per_sheet = 4};
    assert_int_equal(fl_xlsx_write_opts(r, p, &o), FL_OK);
    /* The cut description is not highlighted; the one on the first sheet is. */
    check_xlsx(p, "--flags 6 --flag-sheets 2 --issues 2 --cut 1 --rich 1 --highlighted 1");
}

static void test_xlsx_reproducible(void **state)
{
    fixture *fx = *state;
    assert_int_equal(fl_report_finish(&fx->r), FL_OK);
    const char *a = path_in(fx, "one.xlsx"), *b = path_in(fx, "two.xlsx");
    assert_int_equal(fl_xlsx_write(&fx->r, a), FL_OK);
    assert_int_equal(fl_xlsx_write(&fx->r, b), FL_OK);
    size_t na, nb;
    char *da = slurp(a, &na), *db = slurp(b, &nb);
    assert_int_equal(na, nb);
    assert_memory_equal(da, db, na);
    free(da);
    free(db);
    /* Overwriting an existing report works too (rename over it). */
    assert_int_equal(fl_xlsx_write(&fx->r, a), FL_OK);
}

typedef fl_status (*writer_fn)(const fl_report *, const char *);

static void test_output_errors(void **state)
{
    fixture *fx = *state;
    assert_int_equal(fl_report_finish(&fx->r), FL_OK);
    const char *sub = path_in(fx, "sub");
    assert_int_equal(mkdir(sub, 0777), 0);
    static const struct {
        const char *name;
        writer_fn fn;
    } writers[] = {{"xlsx", fl_xlsx_write}, {"csv", fl_flagout_csv}, {"jsonl", fl_flagout_jsonl}};
    const char *bad[] = {sub, path_in(fx, "missing/out.file")};
    for (size_t w = 0; w < 3; w++)
        for (size_t b = 0; b < 2; b++) {
            print_message("%s -> %s\n", writers[w].name, bad[b]);
            assert_int_equal(writers[w].fn(&fx->r, bad[b]), FL_ERR_OUTPUT);
            assert_int_equal(temp_files(fx->dir), 0);
            assert_int_equal(temp_files(sub), 0);
        }
}

static void test_textsafe(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        size_t len;
        unsigned flags;
        size_t max;
        const char *out;
    } cases[] = {
        {"plain", 5, 0, 0, "plain"},
        {"a\xFF"
         "b",
         3, 0, 0,
         "a\xEF\xBF\xBD"
         "b"},                                                             /* stray byte */
        {"\xC0\xAF", 2, 0, 0, "\xEF\xBF\xBD\xEF\xBF\xBD"},                 /* overlong '/' */
        {"\xED\xA0\x80", 3, 0, 0, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"}, /* surrogate */
        {"\xE2\x82", 2, 0, 0, "\xEF\xBF\xBD\xEF\xBF\xBD"},                 /* truncated */
        {"a\x01"
         "b",
         3, 0, 0,
         "a\x01"
         "b"}, /* controls kept outside XML */
        {"a\x01"
         "b\tc\nd",
         7, FL_TEXTSAFE_XML, 0,
         "a\xEF\xBF\xBD"
         "b\tc\nd"},
        {"a\r\nb\rc", 6, FL_TEXTSAFE_XML, 0, "a\nb\nc"},
        {"\xEF\xBF\xBF", 3, FL_TEXTSAFE_XML, 0, "\xEF\xBF\xBD"}, /* U+FFFF */
        {"abcdefghij", 10, 0, 10, "abcdefghij"},                 /* fits exactly */
        {"abcdefghijk", 11, 0, 10, "abcd [cut]"},
        {"ab\xC3\xA9"
         "defghijk",
         11, 0, 9, "ab [cut]"}, /* no half character */
    };
    fl_textsafe_buf buf = FL_TEXTSAFE_BUF_INIT;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = fl_textsafe_clean(&buf, cases[i].in, cases[i].len, cases[i].flags,
                                            cases[i].max, " [cut]");
        assert_non_null(got);
        print_message("case %zu\n", i);
        assert_string_equal(got, cases[i].out);
        assert_int_equal(buf.len, strlen(cases[i].out));
    }
    fl_textsafe_buf_free(&buf);
    fl_textsafe_buf_free(NULL);
    assert_int_equal(fl_textsafe_width("ab\xC3\xA9"), 3);
    assert_int_equal(fl_textsafe_width("abc\nabcdef\nx"), 6);
    assert_int_equal(fl_textsafe_width(NULL), 0);
}

/* Text quoted in a message: bytes that are not text escaped, long text shortened. */
static void test_textsafe_show(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        size_t len, cap, escaped;
        const char *out;
    } cases[] = {
        {"plain", 5, 16, 0, "plain"},
        {"a\xFF"
         "b",
         3, 16, 1, "a\\xFFb"},                         /* invalid UTF-8 */
        {"\x1B[31m", 5, 16, 1, "\\x1B[31m"},          /* ESC */
        {"a\tb\x7F", 4, 16, 1, "a\tb\\x7F"},          /* TAB kept, DEL shown */
        {"\xC2\x9B", 2, 16, 2, "\\xC2\\x9B"},         /* C1 control U+009B */
        {"caf\xC3\xA9", 5, 16, 0, "caf\xC3\xA9"},     /* text is kept */
        {"a\0b", 3, 16, 1, "a\\x00b"},                /* NUL */
        {"abcdefghijklmno", 15, 16, 0, "abcdefghijklmno"}, /* fits exactly */
        {"abcdefghijklmnop", 16, 16, 0, "abcdefghijkl..."},
        {"abcdefghij\xFF\xFF", 12, 16, 2, "abcdefghij..."}, /* no half escape */
        {"abcdefghij\xC3\xA9xyzw", 16, 16, 0, "abcdefghij\xC3\xA9..."},
        {"abcdefghijk\xC3\xA9xyzw", 17, 16, 0, "abcdefghijk..."}, /* no half character */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[64];
        print_message("case %zu\n", i);
        assert_int_equal(fl_textsafe_show(cases[i].in, cases[i].len, out, cases[i].cap),
                         cases[i].escaped);
        assert_string_equal(out, cases[i].out);
        assert_true(strlen(out) < cases[i].cap);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_textsafe_show),
        cmocka_unit_test(test_field_names),
        cmocka_unit_test(test_empty_report),
        cmocka_unit_test(test_growth),
        cmocka_unit_test(test_textsafe),
        cmocka_unit_test_setup_teardown(test_finish_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_finish_tallies, setup, teardown),
        cmocka_unit_test_setup_teardown(test_spill_read_back, setup, teardown),
        cmocka_unit_test_setup_teardown(test_importer_none, setup, teardown),
        cmocka_unit_test(test_list_editions),
        cmocka_unit_test_setup_teardown(test_finish_checks_totals, setup, teardown),
        cmocka_unit_test_setup_teardown(test_issue_value_shortened, setup, teardown),
        cmocka_unit_test(test_duplicate_ids),
        cmocka_unit_test(test_flags_on_disk), cmocka_unit_test(test_issues_on_disk),
        cmocka_unit_test_setup_teardown(test_csv, setup, teardown),
        cmocka_unit_test_setup_teardown(test_jsonl, setup, teardown),
        cmocka_unit_test_setup_teardown(test_xlsx_content, setup, teardown),
        cmocka_unit_test_setup_teardown(test_xlsx_memory_modes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_xlsx_no_flags, setup, teardown),
        cmocka_unit_test_setup_teardown(test_xlsx_split_and_cut, setup, teardown),
        cmocka_unit_test_setup_teardown(test_xlsx_reproducible, setup, teardown),
        cmocka_unit_test_setup_teardown(test_output_errors, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
