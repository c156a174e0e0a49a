/* test_region.c - regions gazetteer and place detection (region.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "region.h"
#include "table.h"

#define REGIONS FLSCAN_SOURCE_DIR "/datasets/regions.csv"
#define ISO2 FLSCAN_ISO_CODES_DIR "/iso_3166-2.json"
#define ADDRESSES FLSCAN_SOURCE_DIR "/tests/data/addresses.csv"

static fl_gazetteer *G;

static int setup(void **state)
{
    (void)state;
    return fl_gazetteer_load(REGIONS, "regions.csv", ISO2, &G) == FL_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    fl_gazetteer_free(G);
    return 0;
}

/* ---- helpers ---- */

static void write_tmp(const char *text, char *path, size_t cap)
{
    const char *dir = getenv("TMPDIR");
    if (!dir || !*dir)
        dir = "/tmp";
    snprintf(path, cap, "%s/flscan-region-XXXXXX", dir);
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    size_t len = strlen(text);
    assert_int_equal(write(fd, text, len), (ssize_t)len);
    assert_int_equal(close(fd), 0);
}

/* Run fn with stderr sent to a file; return what it wrote (caller frees). */
typedef struct loaded {
    fl_status st;
    fl_gazetteer *g;
} loaded;

static char *capture_load(const char *csv, const char *json, loaded *res)
{
    char path[256];
    write_tmp("", path, sizeof path);
    fflush(stderr);
    int saved = dup(2);
    FILE *f = freopen(path, "w", stderr);
    assert_non_null(f);
    res->st = fl_gazetteer_load(csv, "regions.csv", json, &res->g);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    FILE *in = fopen(path, "r");
    assert_non_null(in);
    char *buf = calloc(1, 8192);
    size_t n = fread(buf, 1, 8191, in);
    buf[n] = '\0';
    fclose(in);
    unlink(path);
    return buf;
}

/* ---- loading ---- */

static void test_load(void **state)
{
    (void)state;
    assert_true(fl_gazetteer_count(G) > 500);
    assert_int_equal(fl_gazetteer_count(NULL), 0);
    fl_gazetteer_free(NULL);
}

struct bad_case {
    const char *csv;
    const char *want; /* substring of the messages */
};

static const struct bad_case bad_cases[] = {
    {"region,place,kind,lang,ambiguous,note,source\n"
     "XJ,Urumqi,city,en,no,,https://example.org/\n",
     "regions.csv:2:1: bad region 'XJ'"},
    {"region,place,kind,lang,ambiguous,note,source\n"
     "CN-XJ,Urumqi,town,en,no,,https://example.org/\n",
     "regions.csv:2:3: unknown kind 'town'"},
    {"region,place,kind,lang,ambiguous,note,source\n"
     "CN-XJ,Urumqi,city,fr,no,,https://example.org/\n",
     "regions.csv:2:4: unknown lang 'fr'"},
    {"region,place,kind,lang,ambiguous,note,source\n"
     "CN-XJ,Urumqi,city,en,maybe,,https://example.org/\n",
     "regions.csv:2:5: bad ambiguous value 'maybe'"},
    {"region,place,kind,lang,ambiguous,note,source\n"
     "CN-XJ,Urumqi,city,en,no,,\n",
     "regions.csv:2:7: missing source"},
    {"region,place,kind,lang,ambiguous,note,source\n"
     "CN-XJ,--,city,en,no,,https://example.org/\n",
     "regions.csv:2:2: place '--' has no letters or digits"},
    {"region,place,kind,lang,ambiguous,note,source\n"
     "CN-XJ,Aral,city,en,yes,,https://example.org/\n"
     "UZ-QR,ARAL,city,en,yes,,https://example.org/\n",
     "regions.csv:3:2: place 'ARAL' folds like 'Aral' on line 2"},
    {"region,place,kind,lang,ambiguous,note,source\n"
     "CN-XJ,Hami,city,en,yes,,https://example.org/\n"
     "CN-XJ,HAMI,city,en,no,,https://example.org/\n",
     "regions.csv:3:2: place 'HAMI' folds like 'Hami' on line 2"},
    {"region,place,kind,lang,note,source\n"
     "CN-XJ,Urumqi,city,en,,https://example.org/\n",
     "regions.csv:1: missing column 'ambiguous'"},
    {"region,place,kind,lang,ambiguous,note,source\n"
     "CN-ZZ,Nowhere,city,en,no,,https://example.org/\n",
     "regions.csv:2:1: region 'CN-ZZ' is not an ISO 3166-2 code"},
};

static void test_bad_tables(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_cases / sizeof *bad_cases; i++) {
        char path[256];
        write_tmp(bad_cases[i].csv, path, sizeof path);
        loaded res = {FL_OK, NULL};
        char *msg = capture_load(path, ISO2, &res);
        if (!strstr(msg, bad_cases[i].want))
            fail_msg("case %zu: want '%s' in:\n%s", i, bad_cases[i].want, msg);
        assert_int_equal(res.st, FL_ERR_RULES);
        assert_null(res.g);
        free(msg);
        unlink(path);
    }
}

/* An iso-codes release that lists Xinjiang as CN-65 still accepts CN-XJ. */
static void test_iso_alias(void **state)
{
    (void)state;
    char csv[256], json_old[256], json_none[256];
    write_tmp("region,place,kind,lang,ambiguous,note,source\n"
              "CN-XJ,Urumqi,city,en,no,,https://example.org/\n",
              csv, sizeof csv);
    write_tmp("{\"3166-2\": [{\"code\": \"CN-65\", \"name\": \"Xinjiang\"}]}", json_old,
              sizeof json_old);
    write_tmp("{\"3166-2\": [{\"code\": \"CN-BJ\", \"name\": \"Beijing\"}]}", json_none,
              sizeof json_none);
    loaded res = {FL_OK, NULL};
    char *msg = capture_load(csv, json_old, &res);
    assert_int_equal(res.st, FL_OK);
    fl_region_hit h;
    assert_int_equal(fl_regions_detect(res.g, "Urumqi", 6, NULL, &h, 1), 1);
    assert_string_equal(h.region, "CN-XJ");
    fl_gazetteer_free(res.g);
    free(msg);
    msg = capture_load(csv, json_none, &res);
    assert_int_equal(res.st, FL_ERR_RULES);
    assert_non_null(strstr(msg, "regions.csv:2:1: region 'CN-XJ' is not an ISO 3166-2 code"));
    free(msg);
    unlink(csv);
    unlink(json_old);
    unlink(json_none);
}

/* ---- detection ---- */

struct case_detect {
    const char *text;
    const char *hint;
    const char *region; /* first hit's region; NULL: no hit */
    const char *place;  /* first hit's gazetteer spelling; NULL: not checked */
    const char *span;   /* text of the first hit's span; NULL: not checked */
    bool conflict;
};

static const struct case_detect detect_cases[] = {
    /* plain hits, spans in the original text */
    {"Urumqi", NULL, "CN-XJ", "Urumqi", "Urumqi", false},
    {"Shop 5, ÜRÜMQI, Xinjiang", NULL, "CN-XJ", "Urumqi", "ÜRÜMQI", false},
    {"Shop 5, U\xCC\x88ru\xCC\x88mqi", NULL, "CN-XJ", "Urumqi", "U\xCC\x88ru\xCC\x88mqi", false},
    {"ＸＩＮＪＩＡＮＧ", NULL, "CN-XJ", "Xinjiang", "ＸＩＮＪＩＡＮＧ", false},
    {"addr: Xinjiang Uyghur Autonomous Region.", NULL, "CN-XJ", "Xinjiang Uyghur Autonomous Region",
     "Xinjiang Uyghur Autonomous Region", false},
    {"新疆维吾尔自治区乌鲁木齐市", NULL, "CN-XJ", "新疆维吾尔自治区", "新疆维吾尔自治区", false},
    {"地址:中国新疆喀什", NULL, "CN-XJ", "新疆", "新疆", false},
    {"Urumqi新疆", NULL, "CN-XJ", "Urumqi", "Urumqi", false},
    {"Урумчи", NULL, "CN-XJ", "Урумчи", "Урумчи", false},
    {"Nukus, Uzbekistan", NULL, "UZ-QR", "Nukus", "Nukus", false},
    {"XPCC 8th Division", NULL, "CN-XJ", "XPCC 8th Division", "XPCC 8th Division", false},
    /* word boundaries */
    {"Aksuyu, Bursa", NULL, NULL, NULL, NULL, false},
    {"Kashgari Foods", NULL, NULL, NULL, NULL, false},
    /* (a) streets */
    {"Xinjiang Road, Shanghai", NULL, NULL, NULL, NULL, false},
    {"Xinjiang Rd.", NULL, NULL, NULL, NULL, false},
    {"Urumqi North Road", NULL, NULL, NULL, NULL, false},
    {"Xinjiang Nan Lu", NULL, NULL, NULL, NULL, false},
    {"ul. Urumchi 5, Almaty", NULL, NULL, NULL, NULL, false},
    {"新疆路8号", NULL, NULL, NULL, NULL, false},
    {"乌鲁木齐中路", NULL, NULL, NULL, NULL, false},
    {"Kashgar Street, Urumqi", NULL, "CN-XJ", "Urumqi", "Urumqi", false},
    {"Kashgar, St Petersburg", NULL, "CN-XJ", "Kashgar", "Kashgar", false}, /* comma: no street */
    {"Xinjiang路", NULL, NULL, NULL, NULL, false},
    {"Ili, Kazakh Republic", NULL, NULL, NULL, NULL, false}, /* no n-gram across a comma */
    {"新疆路桥建设", NULL, "CN-XJ", "新疆", "新疆", false},
    {"Xinjiang Road and Bridge Group", NULL, "CN-XJ", "Xinjiang", "Xinjiang", false},
    /* (b) country hint */
    {"Aksu Textile, Faisalabad", "PK", NULL, NULL, NULL, false},
    {"Urumqi Trading, Almaty", "KZ", NULL, NULL, NULL, false},
    {"Xinjiang Trading, Karachi", "PK", "CN-XJ", "Xinjiang", "Xinjiang", true},
    {"Urumqi, China", "CN", "CN-XJ", "Urumqi", "Urumqi", false},
    {"Urumqi", "", "CN-XJ", "Urumqi", "Urumqi", false},
    {"Urumqi", "cn", "CN-XJ", "Urumqi", "Urumqi", false}, /* not a code in capitals: unknown */
    /* (c) ambiguous names */
    {"Hami", NULL, NULL, NULL, NULL, false},
    {"Hami", "CN", NULL, NULL, NULL, false},
    {"Hami, China", NULL, "CN-XJ", "Hami", "Hami", false},
    {"Hami, Gansu", NULL, "CN-XJ", "Hami", "Hami", false},
    {"Hami 839000", "CN", "CN-XJ", "Hami", "Hami", false},
    {"Hami 839000", NULL, NULL, NULL, NULL, false},
    {"Aksu Hami", NULL, NULL, NULL, NULL, false},
    {"Shanshan, Ningbo, China", NULL, NULL, NULL, NULL, false},
    {"Shanshan, Turpan", NULL, "CN-XJ", "Shanshan", "Shanshan", false},
    {"Shanshan 838200, China", NULL, "CN-XJ", "Shanshan", "Shanshan", false},
    {"仓库车间", NULL, NULL, NULL, NULL, false},
    {"新疆库车", NULL, "CN-XJ", "新疆", "新疆", false},
    {"Beruniy, Uzbekistan", NULL, "UZ-QR", "Beruniy", "Beruniy", false},
    {"Beruniy, China", NULL, NULL, NULL, NULL, false},
};

static void test_detect(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof detect_cases / sizeof *detect_cases; i++) {
        const struct case_detect *c = &detect_cases[i];
        fl_region_hit h[8];
        size_t n = fl_regions_detect(G, c->text, strlen(c->text), c->hint, h, 8);
        if (!c->region) {
            if (n)
                fail_msg("'%s': unexpected hit %s '%s'", c->text, h[0].region, h[0].place);
            continue;
        }
        if (!n)
            fail_msg("'%s': no hit, want %s", c->text, c->region);
        assert_string_equal(h[0].region, c->region);
        if (c->place)
            assert_string_equal(h[0].place, c->place);
        if (c->span) {
            size_t l = h[0].end - h[0].start;
            if (l != strlen(c->span) || memcmp(c->text + h[0].start, c->span, l) != 0)
                fail_msg("'%s': span '%.*s', want '%s'", c->text, (int)l, c->text + h[0].start,
                         c->span);
        }
        if (h[0].conflict != c->conflict)
            fail_msg("'%s': conflict %d", c->text, h[0].conflict);
    }
}

static void test_detect_edges(void **state)
{
    (void)state;
    fl_region_hit h[2];
    assert_int_equal(fl_regions_detect(NULL, "Urumqi", 6, NULL, h, 2), 0);
    assert_int_equal(fl_regions_detect(G, NULL, 0, NULL, h, 2), 0);
    assert_int_equal(fl_regions_detect(G, "", 0, NULL, h, 2), 0);
    assert_int_equal(fl_regions_detect(G, "Urumqi \xFF", 8, NULL, h, 2), 0); /* not UTF-8 */
    /* more hits than room: the count says so, only max are written */
    const char *t = "Urumqi, Kashgar, Hotan, Aksu Prefecture";
    assert_int_equal(fl_regions_detect(G, t, strlen(t), NULL, h, 2), 4);
    assert_int_equal(fl_regions_detect(G, t, strlen(t), NULL, NULL, 0), 4);
    /* not NUL-terminated: only len bytes are read */
    assert_int_equal(fl_regions_detect(G, "UrumqiXX", 6, NULL, h, 2), 1);
    /* longer than the cap: the text is cut, nothing breaks */
    size_t big = FL_REGION_TEXT_MAX * 3;
    char *s = malloc(big + 1);
    assert_non_null(s);
    for (size_t i = 0; i < big; i++)
        s[i] = "Kashgar "[i % 8];
    s[big] = '\0';
    size_t n = fl_regions_detect(G, s, big, NULL, h, 2);
    assert_true(n > 0 && n <= FL_REGION_TEXT_MAX / 8 + 1);
    /* CJK beyond the cap, cut inside a character */
    for (size_t i = 0; i + 3 <= big; i += 3)
        memcpy(s + i, "疆", 3);
    n = fl_regions_detect(G, s, big - big % 3, NULL, h, 2);
    assert_int_equal(n, 0);
    free(s);
    assert_string_equal(fl_region_kind_str(FL_RK_XPCC), "xpcc");
    assert_true(fl_region_street_word("road", 4));
    assert_false(fl_region_street_word("roads", 5));
}

/* ---- the labelled address set ---- */

typedef struct eval {
    size_t rows, tp, fp, fn, tn;
    size_t true_rows, true_hit, trap_rows, trap_fp, near_rows, near_ok;
    unsigned long ns;
} eval;

enum { A_TEXT, A_HINT, A_EXPECT, A_KIND, A_NOTE };

static fl_status on_address(const fl_table_row *row, void *ctx)
{
    eval *E = ctx;
    char text[1024], hint[8], expect[16], kind[8];
    fl_table_cell(row, A_TEXT, text, sizeof text);
    fl_table_cell(row, A_HINT, hint, sizeof hint);
    fl_table_cell(row, A_EXPECT, expect, sizeof expect);
    fl_table_cell(row, A_KIND, kind, sizeof kind);
    fl_region_hit h[16];
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    size_t n = fl_regions_detect(G, text, strlen(text), hint, h, 16);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    E->ns += (unsigned long)((t1.tv_sec - t0.tv_sec) * 1000000000L + (t1.tv_nsec - t0.tv_nsec));
    if (n > 16)
        n = 16;
    bool got_expected = false, got_other = false;
    for (size_t i = 0; i < n; i++) {
        if (expect[0] && strcmp(h[i].region, expect) == 0)
            got_expected = true;
        else
            got_other = true;
    }
    E->rows++;
    if (expect[0]) {
        got_expected ? E->tp++ : E->fn++;
    }
    if (got_other)
        E->fp++;
    if (!expect[0] && !n)
        E->tn++;
    bool ok = (expect[0] ? got_expected : true) && !got_other;
    if (strcmp(kind, "true") == 0) {
        E->true_rows++;
        E->true_hit += got_expected;
    } else if (strcmp(kind, "trap") == 0) {
        E->trap_rows++;
        E->trap_fp += got_other;
    } else {
        E->near_rows++;
        E->near_ok += ok;
    }
    if (!ok)
        printf("  miss line %llu (%s): '%s' hint '%s' want '%s' got '%s'%s\n",
               (unsigned long long)row->line, kind, text, hint, expect, n ? h[0].region : "",
               n ? (h[0].conflict ? " (conflict)" : "") : "");
    return FL_OK;
}

static void test_addresses(void **state)
{
    (void)state;
    static const char *const cols[] = {"text", "country_hint", "expected_region", "kind", "note"};
    eval E;
    memset(&E, 0, sizeof E);
    assert_int_equal(fl_table_read(ADDRESSES, "addresses.csv", cols, 5, 4, on_address, &E), FL_OK);
    assert_true(E.rows >= 100);
    double precision = E.tp + E.fp ? (double)E.tp / (double)(E.tp + E.fp) : 1.0;
    double recall = E.tp + E.fn ? (double)E.tp / (double)(E.tp + E.fn) : 1.0;
    double true_recall = E.true_rows ? (double)E.true_hit / (double)E.true_rows : 1.0;
    printf("addresses.csv: %zu rows (%zu true, %zu trap, %zu near)\n", E.rows, E.true_rows,
           E.trap_rows, E.near_rows);
    printf("  all rows:  precision %.3f (%zu/%zu), recall %.3f (%zu/%zu)\n", precision, E.tp,
           E.tp + E.fp, recall, E.tp, E.tp + E.fn);
    printf("  true rows: recall %.3f (%zu/%zu)\n", true_recall, E.true_hit, E.true_rows);
    printf("  traps:     %zu false positives in %zu\n", E.trap_fp, E.trap_rows);
    printf("  near:      %zu of %zu as labelled\n", E.near_ok, E.near_rows);
    printf("  time:      %.1f us per address\n", (double)E.ns / 1000.0 / (double)E.rows);
    assert_int_equal(E.trap_fp, 0);
    assert_true(true_recall >= 0.95);
}

/* Throughput on typical addresses, printed for the record (not asserted). */
static void test_speed(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "No. 8 Beijing Road, Shihezi, Xinjiang 832000, China",
        "ROOM 1503, TOWER B, 88 JIANGNAN AVENUE, NINGBO, ZHEJIANG, CHINA",
        "新疆维吾尔自治区乌鲁木齐市天山区解放北路88号",
        "LOT 12, KHU CONG NGHIEP VSIP, BINH DUONG, VIETNAM",
        "Урумчи, Синьцзян-Уйгурский АР, КНР",
    };
    const size_t rounds = 20000;
    size_t hits = 0;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (size_t r = 0; r < rounds; r++)
        for (size_t i = 0; i < 5; i++) {
            fl_region_hit h[4];
            hits += fl_regions_detect(G, texts[i], strlen(texts[i]), NULL, h, 4);
        }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    printf("speed: %.0f addresses/s (%zu hits)\n", (double)(rounds * 5) / s, hits);
    assert_true(hits > 0);
}

/* One place name, no context: fl_gazetteer_place (qualifiers of listed names, entity.h). */
static void test_place(void **state)
{
    (void)state;
    fl_place p;
    assert_true(fl_gazetteer_place(G, "shanshan", 8, &p)); /* ambiguous in free text */
    assert_string_equal(p.region, "CN-XJ");
    assert_string_equal(p.place, "Shanshan");
    assert_int_equal(p.kind, FL_RK_COUNTY);
    assert_int_equal(p.ambiguity, FL_RA_REGION);
    assert_true(strncmp(p.source, "https://", 8) == 0);
    assert_true(fl_gazetteer_place(G, "鄯善", strlen("鄯善"), &p));
    assert_string_equal(p.region, "CN-XJ");
    assert_true(fl_gazetteer_place(G, "URUMQI", 6, &p));
    assert_string_equal(p.place, "Urumqi");
    assert_false(fl_gazetteer_place(G, "jiaxing", 7, &p));
    assert_false(fl_gazetteer_place(G, "china", 5, &p)); /* a context word, no region */
    assert_false(fl_gazetteer_place(G, "\xff", 1, &p));
    assert_false(fl_gazetteer_place(NULL, "shanshan", 8, &p));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load),         cmocka_unit_test(test_bad_tables),
        cmocka_unit_test(test_iso_alias),    cmocka_unit_test(test_detect),
        cmocka_unit_test(test_detect_edges), cmocka_unit_test(test_addresses),
        cmocka_unit_test(test_speed),        cmocka_unit_test(test_place),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
