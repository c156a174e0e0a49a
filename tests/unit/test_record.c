/* test_record.c - one record made ready to judge (record.h): fields, repair, date, origin,
   HS code and the shipper's place, with the issues found, in order. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "country.h"
#include "dates.h"
#include "origin.h"
#include "record.h"
#include "region.h"
#include "unorm.h"
#include "verdict.h"

#define REFDATA_RULES "/rules"
#include "refdata_fixture.h"

/* The columns of the rows below, in this order. */
enum { C_ID, C_DATE, C_SHIPPER, C_ADDR, C_ORIGIN, C_PORT, C_HS, C_DESC, N_COLS };

static fl_fieldmap test_map(void)
{
    fl_fieldmap m;
    memset(&m, 0, sizeof m);
    for (int k = 0; k < FL_F_COUNT; k++)
        m.col[k] = -1;
    m.col[FL_F_RECORD_ID] = C_ID;
    m.col[FL_F_DATE] = C_DATE;
    m.col[FL_F_SHIPPER] = C_SHIPPER;
    m.col[FL_F_SHIPPER_ADDRESS] = C_ADDR;
    m.col[FL_F_ORIGIN] = C_ORIGIN;
    m.col[FL_F_PORT] = C_PORT;
    m.col[FL_F_HS] = C_HS;
    m.col[FL_F_DESCRIPTION] = C_DESC;
    m.n_cols = N_COLS;
    return m;
}

/* One row and what normalising it must give. */
typedef struct rcase {
    const char *what;
    const char *cell[N_COLS];
    bool accepted;
    const char *origin; /* subject.origin */
    const char *hs;
    const char *addr_cc;
    const char *region; /* a region among subject.regions, or NULL for none at all */
    /* the issues, in order: field and a part of the reason; NULL ends the list */
    const char *issue[4][2];
} rcase;

static const rcase cases[] = {
    {"plain record",
     {"B1", "2023-03-01", "Acme Textiles", "12 Main St, Lahore, Pakistan", "Pakistan", "Karachi",
      "5205.12", "cotton yarn"},
     true, "PK", "520512", "", NULL, {{NULL, NULL}}},
    {"no origin: inferred from the address, said in an issue",
     {"R1", "2016-05-01", "Uzpaxta Export", "12 Amir Temur St, Tashkent 100000, Uzbekistan", "",
      "Riga", "5201", "raw cotton"},
     true, "UZ", "5201", "", NULL, {{"origin", "no country of origin: "}, {NULL, NULL}}},
    {"stated Vietnam, address in Urumqi: judged as both, region found",
     {"R2", "2023-03-01", "Saigon Garment Co", "No. 5 Beijing Road, Urumqi, Xinjiang 830000, China",
      "Vietnam", "Ho Chi Minh City", "6109.10", "cotton t-shirts"},
     true, "VN", "610910", "CN", "CN-XJ", {{"origin", "judged as both"}, {NULL, NULL}}},
    {"a Shanghai street named after Xinjiang is no region",
     {"R4", "2023-03-01", "Jingan Digital Co", "88 Xinjiang Road, Jingan District, Shanghai, China",
      "China", "Shanghai", "8471.30", "laptops"},
     true, "CN", "847130", "", NULL, {{NULL, NULL}}},
    {"unknown country, nothing to infer from",
     {"R7", "2016-05-01", "Unknown Trader", "Somewhere", "Atlantis", "Nowhere", "5201",
      "raw cotton"},
     true, "", "5201", "", NULL, {{"origin", "unknown country and none inferred"}, {NULL, NULL}}},
    {"unparseable HS code: the description decides",
     {"H1", "2023-03-01", "Acme", "Lahore, Pakistan", "PK", "", "5.20512E+5", "cotton yarn"},
     true, "PK", "", "", NULL, {{"hs_code", "unparseable HS code"}, {NULL, NULL}}},
    {"no HS code and no description",
     {"H2", "2023-03-01", "Acme", "Lahore, Pakistan", "PK", "", "", ""},
     true, "PK", "", "", NULL, {{"hs_code", "no HS code and no description"}, {NULL, NULL}}},
    {"invalid UTF-8 repaired, then judged",
     {"U1", "2023-03-01", "Acme \xff Ltd", "Lahore, Pakistan", "PK", "", "5205", "yarn"},
     true, "PK", "5205", "", NULL, {{"shipper", "invalid UTF-8"}, {NULL, NULL}}},
    {"no date: rejected",
     {"D1", "", "Acme", "Lahore, Pakistan", "PK", "", "5205", "yarn"},
     false, NULL, NULL, NULL, NULL, {{"date", "no date; not judged"}, {NULL, NULL}}},
    {"an Excel serial number is no date: rejected",
     {"D2", "45123", "Acme", "Lahore, Pakistan", "PK", "", "5205", "yarn"},
     false, NULL, NULL, NULL, NULL, {{"date", "unparseable date"}, {NULL, NULL}}},
    {"repair first, then the date's rejection, in that order",
     {"D3", "someday", "Acme \xc3", "Lahore", "PK", "", "5205", "yarn"},
     false, NULL, NULL, NULL, NULL, {{"shipper", "invalid UTF-8"}, {"date", "unparseable"}, {NULL, NULL}}},
};

static void check_issues(const rcase *c, const fl_record *rec)
{
    size_t n = 0;
    while (n < 4 && c->issue[n][0])
        n++;
    if (rec->n_issues != n) {
        for (size_t i = 0; i < rec->n_issues; i++)
            print_message("  got issue %s: %s\n", rec->issues[i].field, rec->issues[i].reason);
        fail_msg("%s: %zu issues, expected %zu", c->what, rec->n_issues, n);
    }
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(rec->issues[i].field, c->issue[i][0]);
        if (!strstr(rec->issues[i].reason, c->issue[i][1]))
            fail_msg("%s: issue %zu says '%s', expected '%s' in it", c->what, i,
                     rec->issues[i].reason, c->issue[i][1]);
    }
}

static void run_case(fl_normaliser *n, const rcase *c, const fl_fieldmap *map)
{
    fl_slice cells[N_COLS];
    for (int k = 0; k < N_COLS; k++)
        cells[k] = fl_slice_cstr(c->cell[k]);
    fl_csv_row row = {cells, N_COLS, 2, 1, NULL};
    fl_record rec;
    bool ok = fl_record_read(n, &row, map, &rec);
    if (ok != c->accepted)
        fail_msg("%s: accepted %d, expected %d", c->what, ok, c->accepted);
    assert_int_equal(rec.rejected, !c->accepted);
    if (ok) {
        fl_record_place(n, &rec, NULL);
        assert_string_equal(rec.subject.origin, c->origin);
        assert_string_equal(rec.hs, c->hs);
        assert_ptr_equal(rec.subject.hs, rec.hs);
        assert_string_equal(rec.addr_cc, c->addr_cc);
        bool found = false;
        for (size_t i = 0; i < rec.subject.n_regions; i++)
            found |= c->region && strcmp(rec.subject.regions[i].code, c->region) == 0;
        if (c->region ? !found : rec.subject.n_regions != 0)
            fail_msg("%s: regions %zu, expected %s", c->what, rec.subject.n_regions,
                     c->region ? c->region : "none");
        /* the fields the matcher reads are the record's, repaired */
        assert_true(fl_utf8_valid(rec.subject.shipper.ptr, rec.subject.shipper.len));
    }
    check_issues(c, &rec);
}

static void test_cases(void **state)
{
    (void)state;
    fl_fieldmap map = test_map();
    fl_normaliser *n = fl_normaliser_new(C, G, P, 0);
    assert_non_null(n);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        run_case(n, &cases[i], &map);
    /* twice over: the second pass answers the shippers' places from the cache */
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        run_case(n, &cases[i], &map);
    fl_normaliser_free(n);
}

static void test_as_of_and_rejections(void **state)
{
    (void)state;
    fl_fieldmap map = test_map();
    fl_date as_of = fl_date_parse_iso("2021-06-01", 10);
    fl_normaliser *n = fl_normaliser_new(C, NULL, NULL, as_of);
    fl_record rec;
    fl_slice cells[N_COLS] = {{"A", 1}, {"", 0}, {"X", 1}, {"", 0},
                              {"UZ", 2}, {"", 0}, {"5201", 4}, {"", 0}};
    /* --as-of judges an undated record by the given date */
    fl_csv_row row = {cells, N_COLS, 5, 4, NULL};
    assert_true(fl_record_read(n, &row, &map, &rec));
    assert_int_equal(rec.subject.date, as_of);
    assert_true(rec.subject.date_is_as_of);
    fl_record_place(n, &rec, NULL);
    assert_int_equal(rec.subject.n_regions, 0); /* no gazetteer: no region detection */
    /* a ragged row and an unreadable one are rejected with the reason */
    row.n_fields = N_COLS - 1;
    assert_false(fl_record_read(n, &row, &map, &rec));
    assert_int_equal(rec.n_issues, 1);
    assert_non_null(strstr(rec.issues[0].reason, "ragged row: 7 fields, but the header has 8"));
    row.n_fields = N_COLS;
    row.error = "record longer than 16777216 bytes";
    assert_false(fl_record_read(n, &row, &map, &rec));
    assert_string_equal(rec.issues[0].reason, "record longer than 16777216 bytes");
    assert_true(rec.issues[0].rejected);
    fl_normaliser_free(n);
}

/* Read one row of the test map's columns (date, shipper, address, HS given). */
static bool read_row(fl_normaliser *n, const fl_fieldmap *map, const char *date,
                     const char *shipper, const char *addr, const char *hs, fl_record *rec)
{
    fl_slice cells[N_COLS] = {{"A", 1}, fl_slice_cstr(date), fl_slice_cstr(shipper),
                              fl_slice_cstr(addr), {"China", 5}, {"", 0}, fl_slice_cstr(hs),
                              {"", 0}};
    fl_csv_row row = {cells, N_COLS, 2, 1, NULL};
    return fl_record_read(n, &row, map, rec);
}

/* A vendor's ways: marked HS codes, a name and address cell, day/month order and its notes. */
static void test_vendor_cells(void **state)
{
    (void)state;
    fl_fieldmap map = test_map();
    fl_normaliser *n = fl_normaliser_new(C, G, P, 0);
    fl_normaliser_names(n, REF.names);
    fl_record rec;
    /* every code of the cell kept, the first the subject's, marks told apart */
    assert_true(read_row(n, &map, "2023-01-05", "X", "", "Classified: 6110.20; Parsed: 5201.00",
                         &rec));
    assert_string_equal(rec.hs, "611020");
    assert_true(rec.subject.hs_inferred);
    assert_int_equal(rec.hs_cell.n, 2);
    assert_false(rec.hs_cell.code[1].inferred);
    /* a bad piece among good ones: reported, the others judged */
    assert_true(read_row(n, &map, "2023-01-05", "X", "", "5201.00; 5.2E+3", &rec));
    fl_record_place(n, &rec, NULL);
    assert_int_equal(rec.hs_result, FL_HS_OK);
    assert_non_null(strstr(rec.issues[rec.n_issues - 1].reason,
                           "unparseable HS code among others: 1 of the cell's 2 codes judged"));
    /* a multi-line shipper cell: the name screened, the rest the address */
    assert_true(read_row(n, &map, "2023-01-05", "KASHGAR COTTON CO., LTD.\n8 RENMIN RD\nKASHGAR",
                         "", "5201", &rec));
    assert_int_equal(rec.subject.shipper.len, strlen("KASHGAR COTTON CO., LTD."));
    assert_int_equal(rec.f[FL_F_SHIPPER_ADDRESS].len, strlen("8 RENMIN RD\nKASHGAR"));
    assert_int_equal(rec.subject.shipper_cell.len,
                     strlen("KASHGAR COTTON CO., LTD.\n8 RENMIN RD\nKASHGAR"));
    /* dates in order: the first that reads either way is noted, then the mix, once */
    fl_date_notes notes = {0};
    char buf[400];
    assert_true(read_row(n, &map, "2023-01-05", "X", "", "5201", &rec));
    assert_null(fl_record_date_note(&notes, &rec, buf, sizeof buf));
    assert_true(read_row(n, &map, "01-03-2024", "X", "", "5201", &rec));
    assert_int_equal(rec.subject.date, 20240103);
    const char *note = fl_record_date_note(&notes, &rec, buf, sizeof buf);
    assert_non_null(note);
    assert_non_null(strstr(note, "ambiguous day/month: read as 2024-01-03"));
    assert_true(read_row(n, &map, "02-03-2024", "X", "", "5201", &rec));
    assert_null(fl_record_date_note(&notes, &rec, buf, sizeof buf));
    assert_true(read_row(n, &map, "25-03-2024", "X", "", "5201", &rec));
    assert_int_equal(rec.subject.date, 20240325);
    note = fl_record_date_note(&notes, &rec, buf, sizeof buf);
    assert_non_null(note);
    assert_non_null(strstr(note, "likely all day first"));
    assert_true(read_row(n, &map, "26-03-2024", "X", "", "5201", &rec));
    assert_null(fl_record_date_note(&notes, &rec, buf, sizeof buf));
    /* an order from the map: nothing to note */
    map.date_order = FL_DATE_ORDER_DMY;
    fl_date_notes fresh = {0};
    assert_true(read_row(n, &map, "01-03-2024", "X", "", "5201", &rec));
    assert_int_equal(rec.subject.date, 20240301);
    assert_null(fl_record_date_note(&fresh, &rec, buf, sizeof buf));
    fl_normaliser_free(n);
}

/* The hits of the shipper the last fl_record_place() gave its subject: rule and evidence. */
static size_t shipper_hits_of(const fl_record *rec, char (*out)[600], size_t max)
{
    const fl_subject *s = &rec->subject;
    size_t n = s->n_shipper_hits < max ? s->n_shipper_hits : max;
    for (size_t i = 0; i < n; i++)
        snprintf(out[i], sizeof out[i], "%s|%s", R->rules[s->shipper_hits[i].rule].id,
                 s->shipper_hits[i].evidence);
    return n;
}

/*
 * With a matcher, the shipper's name and address are screened with its place and kept in the
 * same cache: the hits a repeated shipper gets from the cache are those of its first record,
 * and those of fl_match_shipper; an entry made without a matcher is screened when one comes.
 */
static void test_shipper_screened(void **state)
{
    (void)state;
    fl_fieldmap map = test_map();
    fl_normaliser *n = fl_normaliser_new(C, G, P, 0);
    fl_normaliser_names(n, REF.names);
    fl_matcher *m = fl_matcher_new(R, REF.entities);
    assert_non_null(m);
    static const char *const shipper = "Hoshine Silicon Industry (Shanshan) Co., Ltd";
    static const char *const addr = "Building 3, Lop County Hair Product Industrial Park, Hotan";
    char first[FL_MATCH_PARTY_HITS][600], again[FL_MATCH_PARTY_HITS][600];
    fl_entity_hit direct[FL_MATCH_PARTY_HITS];
    fl_record rec;

    /* screened with a matcher: the name, and the park in the address */
    assert_true(read_row(n, &map, "2024-06-01", shipper, addr, "280469", &rec));
    fl_record_place(n, &rec, m);
    assert_true(rec.subject.shipper_screened);
    size_t k = shipper_hits_of(&rec, first, FL_MATCH_PARTY_HITS);
    assert_true(k >= 2);
    size_t kd = fl_match_shipper(m, &rec.subject, direct);
    assert_int_equal(kd, k);
    bool park = false;
    for (size_t i = 0; i < k; i++) {
        assert_int_equal(direct[i].rule, rec.subject.shipper_hits[i].rule);
        assert_string_equal(direct[i].evidence, rec.subject.shipper_hits[i].evidence);
        park |= strstr(first[i], "Lop County Hair Product Industrial Park") != NULL;
    }
    assert_true(park);

    /* an unlisted shipper between: its own (no) hits */
    assert_true(
        read_row(n, &map, "2024-06-01", "Acme Textiles", "12 Main St, Lahore", "5205", &rec));
    fl_record_place(n, &rec, m);
    assert_true(rec.subject.shipper_screened);
    assert_int_equal(rec.subject.n_shipper_hits, 0);

    /* the listed shipper again, from the cache: the same hits, and they fire */
    for (int round = 0; round < 2; round++) {
        assert_true(read_row(n, &map, "2024-06-01", shipper, addr, "280469", &rec));
        fl_record_place(n, &rec, m);
        assert_int_equal(shipper_hits_of(&rec, again, FL_MATCH_PARTY_HITS), k);
        for (size_t i = 0; i < k; i++)
            assert_string_equal(again[i], first[i]);
        fl_hit hits[FL_VERDICT_MAX_HITS];
        fl_verdict v = fl_verdict_direct(m, &rec, hits);
        size_t entity = 0;
        for (size_t i = 0; i < v.n_hits; i++)
            entity += hits[i].match == FL_MATCH_ENTITY;
        assert_true(entity >= 2);
    }

    /* without a matcher nothing is screened; an entry made so is screened when one comes */
    static const char *const other = "Lop County Hair Product Industrial Park, Hotan";
    assert_true(read_row(n, &map, "2024-06-01", shipper, other, "280469", &rec));
    fl_record_place(n, &rec, NULL);
    assert_false(rec.subject.shipper_screened);
    assert_true(read_row(n, &map, "2024-06-01", shipper, other, "280469", &rec));
    fl_record_place(n, &rec, m);
    assert_true(rec.subject.shipper_screened);
    assert_int_equal(rec.subject.n_shipper_hits, fl_match_shipper(m, &rec.subject, direct));
    assert_true(rec.subject.n_shipper_hits >= 2);
    fl_matcher_free(m);
    fl_normaliser_free(n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cases),
        cmocka_unit_test(test_as_of_and_rejections),
        cmocka_unit_test(test_vendor_cells),
        cmocka_unit_test(test_shipper_screened),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
