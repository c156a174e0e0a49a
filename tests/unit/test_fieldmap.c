/* test_fieldmap.c - canonical field names (fields.h) and header mapping (fieldmap.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "fieldmap.h"
#include "fields.h"

/* ---- fields.h ---------------------------------------------------------------------- */

static const char *const field_names[FL_F_COUNT] = {
    [FL_F_RECORD_ID] = "record_id",
    [FL_F_DATE] = "date",
    [FL_F_IMPORTER] = "importer",
    [FL_F_SHIPPER] = "shipper",
    [FL_F_SHIPPER_ADDRESS] = "shipper_address",
    [FL_F_ORIGIN] = "origin",
    [FL_F_PORT] = "port_of_lading",
    [FL_F_HS] = "hs_code",
    [FL_F_DESCRIPTION] = "description",
    [FL_F_QUANTITY] = "quantity",
    [FL_F_WEIGHT] = "weight",
    [FL_F_VALUE] = "value",
    [FL_F_SUPPLIER_ID] = "supplier_id",
};

static void test_field_names(void **state)
{
    (void)state;
    for (int f = 0; f < FL_F_COUNT; f++) {
        assert_string_equal(fl_field_name((fl_field)f), field_names[f]);
        assert_int_equal(fl_field_by_name(field_names[f]), f);
    }
    static const char *const unknown[] = {"", "country", "hs", "Origin ", "records_id"};
    for (size_t i = 0; i < sizeof unknown / sizeof *unknown; i++)
        assert_int_equal(fl_field_by_name(unknown[i]), FL_F_COUNT);
    assert_int_equal(fl_field_by_name(NULL), FL_F_COUNT);
    assert_string_equal(fl_field_name(FL_F_COUNT), "");
}

/* ---- --map parsing ----------------------------------------------------------------- */

struct ov_case {
    const char *arg;
    bool ok;
    fl_field field;
    const char *header;
};

static const struct ov_case ov_cases[] = {
    {"origin=Ctry", true, FL_F_ORIGIN, "Ctry"},
    {"hs_code=HS Code", true, FL_F_HS, "HS Code"},
    {"port_of_lading=Port", true, FL_F_PORT, "Port"},
    {"record_id=BOL #", true, FL_F_RECORD_ID, "BOL #"},
    {"description=a=b", true, FL_F_DESCRIPTION, "a=b"},
    {"country=Ctry", false, FL_F_COUNT, NULL},
    {"nosuchfield=X", false, FL_F_COUNT, NULL},
    {"origin", false, FL_F_COUNT, NULL},
    {"=Ctry", false, FL_F_COUNT, NULL},
    {"origin=", false, FL_F_COUNT, NULL},
    {"", false, FL_F_COUNT, NULL},
};

static void test_override_parse(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof ov_cases / sizeof *ov_cases; i++) {
        const struct ov_case *tc = &ov_cases[i];
        fl_map_override ov = {FL_F_COUNT, NULL};
        print_message("case: '%s'\n", tc->arg);
        assert_int_equal(fl_map_override_parse(tc->arg, &ov), tc->ok);
        if (tc->ok) {
            assert_int_equal(ov.field, tc->field);
            assert_string_equal(ov.header, tc->header);
        }
    }
}

/* ---- header mapping ---------------------------------------------------------------- */

#define FULL_HEADER                                                                                \
    "Bill of Lading Number,Arrival Date,Consignee Name,Shipper Name,Shipper Address,"              \
    "Country of Origin,Foreign Port of Lading,HS Code,Product Description,Quantity,"               \
    "Weight (kg),Value (USD)"

struct map_case {
    const char *name;
    const char *header; /* comma-separated; no quoting needed in these cases */
    const char *overrides[3];
    bool need_date;
    fl_status want;
    /* "field=col ..." for every field expected mapped; the others must be -1 */
    const char *cols;
};

static const struct map_case map_cases[] = {
    {"bill-of-lading export header",
     FULL_HEADER,
     {NULL},
     true,
     FL_OK,
     "record_id=0 date=1 importer=2 shipper=3 shipper_address=4 origin=5 port_of_lading=6 "
     "hs_code=7 description=8 quantity=9 weight=10 value=11"},
    {"lower-case underscore variants",
     "bol_number,arrival_date,importer,exporter,supplier_address,origin_country,"
     "port_of_lading,hts,description",
     {NULL},
     true,
     FL_OK,
     "record_id=0 date=1 importer=2 shipper=3 shipper_address=4 origin=5 port_of_lading=6 "
     "hs_code=7 description=8"},
    {"case, spaces and punctuation ignored",
     "  HS CODE ,country-of-origin,SHIPMENT DATE",
     {NULL},
     true,
     FL_OK,
     "hs_code=0 origin=1 date=2"},
    {"best alias wins over column order",
     "Date,Arrival Date,HS Code,Origin",
     {NULL},
     true,
     FL_OK,
     "date=1 hs_code=2 origin=3"},
    {"override maps an unknown header",
     "Shipper,Ctry,HS",
     {"origin=Ctry"},
     false,
     FL_OK,
     "shipper=0 origin=1 hs_code=2"},
    {"override header is folded too",
     "Shipper,Ctry,HS",
     {"origin=CTRY "},
     false,
     FL_OK,
     "shipper=0 origin=1 hs_code=2"},
    {"override wins over auto-mapping",
     "Country of Origin,Ctry,HS Code",
     {"origin=Ctry"},
     false,
     FL_OK,
     "origin=1 hs_code=2"},
    {"several overrides",
     "A,B,C,D",
     {"hs_code=A", "port_of_lading=C", "date=D"},
     true,
     FL_OK,
     "hs_code=0 port_of_lading=2 date=3"},
    {"override names an absent header",
     "Shipper,Ctry,HS",
     {"origin=Country"},
     false,
     FL_ERR_INPUT,
     NULL},
    {"no HS code and no description",
     "Arrival Date,Country of Origin,Shipper",
     {NULL},
     true,
     FL_ERR_INPUT,
     NULL},
    {"no origin, shipper address or port",
     "Arrival Date,HS Code,Shipper",
     {NULL},
     true,
     FL_ERR_INPUT,
     NULL},
    {"no date column when a date is needed",
     "HS Code,Country of Origin",
     {NULL},
     true,
     FL_ERR_INPUT,
     NULL},
    {"no date column allowed with --as-of",
     "HS Code,Country of Origin",
     {NULL},
     false,
     FL_OK,
     "hs_code=0 origin=1"},
    {"description and shipper address suffice",
     "Product Description,Shipper Address",
     {NULL},
     false,
     FL_OK,
     "description=0 shipper_address=1"},
    {"port of lading suffices",
     "Goods Shipped,Port of Loading,Shipment Date",
     {NULL},
     true,
     FL_OK,
     "description=0 port_of_lading=1 date=2"},
    {"supplier id beside supplier name",
     "Supplier Name,Supplier ID,HS Code,Country",
     {NULL},
     false,
     FL_OK,
     "shipper=0 supplier_id=1 hs_code=2 origin=3"},
    {"empty header", "", {NULL}, false, FL_ERR_INPUT, NULL},
};

/* Split header into slices over buf (kept alive by the caller). */
static size_t split(const char *header, char *buf, size_t cap, fl_slice *out, size_t max)
{
    size_t n = 0;
    snprintf(buf, cap, "%s", header);
    if (!*buf)
        return 0;
    char *p = buf;
    for (;;) {
        char *c = strchr(p, ',');
        assert_true(n < max);
        out[n].ptr = p;
        out[n].len = c ? (size_t)(c - p) : strlen(p);
        n++;
        if (!c)
            break;
        p = c + 1;
    }
    return n;
}

static void parse_cols(const char *spec, int want[FL_F_COUNT])
{
    for (int f = 0; f < FL_F_COUNT; f++)
        want[f] = -1;
    char name[40];
    int col, used;
    while (spec && sscanf(spec, " %39[a-z_]=%d%n", name, &col, &used) == 2) {
        fl_field f = fl_field_by_name(name);
        assert_int_not_equal(f, FL_F_COUNT);
        want[f] = col;
        spec += used;
    }
}

static void test_build(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof map_cases / sizeof *map_cases; i++) {
        const struct map_case *tc = &map_cases[i];
        char buf[512];
        fl_slice headers[16];
        size_t n = split(tc->header, buf, sizeof buf, headers, 16);
        fl_map_override ov[3];
        size_t n_ov = 0;
        for (; n_ov < 3 && tc->overrides[n_ov]; n_ov++)
            assert_true(fl_map_override_parse(tc->overrides[n_ov], &ov[n_ov]));
        fl_fieldmap map;
        memset(&map, 0x55, sizeof map);
        print_message("case: %s\n", tc->name);
        fl_status st = fl_fieldmap_build("ships.csv", headers, n, ov, n_ov, tc->need_date, &map);
        assert_int_equal(st, tc->want);
        if (st != FL_OK)
            continue;
        assert_int_equal(map.n_cols, n);
        int want[FL_F_COUNT];
        parse_cols(tc->cols, want);
        for (int f = 0; f < FL_F_COUNT; f++) {
            print_message("  %s\n", fl_field_name((fl_field)f));
            assert_int_equal(map.col[f], want[f]);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_field_names),
        cmocka_unit_test(test_override_parse),
        cmocka_unit_test(test_build),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
