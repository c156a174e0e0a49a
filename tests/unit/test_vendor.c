/*
 * test_vendor.c - vendor profiles (vendor.h): the shipped ones load, a profile is detected
 * from a header (two of its headers, no tie) and maps the file (fieldmap.h: its headers
 * first, a second column for an empty first, name-and-address cells, address parts, its date
 * order), and bad profile rows are reported where they are.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fieldmap.h"
#include "report_fixture.h"
#include "small_files.h"
#include "vendor.h"

#define SHIPPED FLSCAN_SOURCE_DIR "/datasets/vendors"

static fl_vendors *V;
static char dir[64];

static int setup(void **state)
{
    (void)state;
    fx_mkdtemp(dir, "vendor-test");
    return fl_vendors_load(SHIPPED, "vendors", &V) == FL_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    fl_vendors_free(V);
    fx_remove_tree(dir);
    return 0;
}

/* Split a comma-separated header (no quoting) into slices over buf. */
static size_t headers(const char *text, char *buf, size_t cap, fl_slice *out, size_t max)
{
    snprintf(buf, cap, "%s", text);
    size_t n = 0;
    for (char *p = buf; n < max;) {
        char *c = strchr(p, ',');
        out[n++] = (fl_slice){p, c ? (size_t)(c - p) : strlen(p)};
        if (!c)
            break;
        p = c + 1;
    }
    return n;
}

static void test_shipped(void **state)
{
    (void)state;
    static const char *const names[] = {"cbp_ams",    "datamyne",  "erp_po",
                                        "importgenius", "importyeti", "panjiva"};
    assert_int_equal(fl_vendors_count(V), 6);
    for (size_t i = 0; i < 6; i++) {
        const fl_vendor *v = fl_vendors_get(V, i);
        assert_string_equal(v->name, names[i]);
        assert_non_null(strstr(v->sources, "http"));
        assert_true(v->n_headers > 5);
        assert_ptr_equal(fl_vendor_find(V, names[i]), v);
    }
    assert_null(fl_vendor_find(V, "piers"));
    assert_null(fl_vendors_get(V, 6));
    assert_int_equal(fl_vendor_find(V, "panjiva")->date_order, FL_DATE_ORDER_MDY);
    char list[256];
    fl_vendor_names(V, list, sizeof list);
    assert_string_equal(list, "cbp_ams, datamyne, erp_po, importgenius, importyeti, panjiva");
    /* a folder that is not there holds no profile */
    fl_vendors *none = NULL;
    assert_int_equal(fl_vendors_load(FLSCAN_SOURCE_DIR "/no/such/dir", "vendors", &none), FL_OK);
    assert_int_equal(fl_vendors_count(none), 0);
    fl_vendors_free(none);
    fl_vendors_free(NULL);
}

struct detect_case {
    const char *header;
    const char *want; /* NULL: none */
};

static const struct detect_case detect_cases[] = {
    {"Bill of Lading Number,Arrival Date,Shipper (Original Format),Shipment Origin", "panjiva"},
    {"bill of lading number,shipper (original format),shipment origin,hs code", "panjiva"},
    {"Bill of Lading Number,Shipment Origin,HS Code", NULL}, /* one telling header only */
    {"identifier,shipper_party_name,harmonized_number,description_text", "cbp_ams"},
    {"BILL OF LADING,FOREIGN PORT,US PORT,HS CODE", "importgenius"},
    {"PO Number,Vendor Name,HTS Code", "erp_po"},
    /* two of one and two of another: a tie detects none */
    {"Shipment Origin,Value of Goods (USD),FOREIGN PORT,US PORT", NULL},
    {"Bill of Lading Number,Arrival Date,Shipper,Country of Origin", NULL},
};

static void test_detect(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof detect_cases / sizeof *detect_cases; i++) {
        char buf[512];
        fl_slice h[16];
        size_t n = headers(detect_cases[i].header, buf, sizeof buf, h, 16);
        const fl_vendor *v = fl_vendor_detect(V, h, n);
        print_message("case %zu: %s\n", i, v ? v->name : "none");
        if (!detect_cases[i].want)
            assert_null(v);
        else
            assert_string_equal(v ? v->name : "none", detect_cases[i].want);
    }
}

static void test_map(void **state)
{
    (void)state;
    char buf[1024];
    fl_slice h[32];
    fl_fieldmap m;
    /* Panjiva: "Shipper" first, "Shipper (Original Format)" its second column, a name and
       address cell; its own origin column before the generic names */
    size_t n = headers("Arrival Date,Shipper,Shipper (Original Format),Country of Origin,"
                       "Shipment Origin,HS Code,Goods Shipped",
                       buf, sizeof buf, h, 32);
    fl_fieldmap_in in = {NULL, 0, true, V, NULL, FL_DATE_ORDER_AUTO};
    assert_int_equal(fl_fieldmap_build_in("p.csv", h, n, &in, &m), FL_OK);
    assert_string_equal(m.vendor->name, "panjiva");
    assert_false(m.vendor_forced);
    assert_int_equal(m.col[FL_F_SHIPPER], 1);
    assert_true(m.has_alt[FL_F_SHIPPER]);
    assert_int_equal(m.alt_col[FL_F_SHIPPER], 2);
    assert_int_equal(m.alt_cell[FL_F_SHIPPER], FL_CELL_NAME_ADDRESS);
    assert_int_equal(m.col[FL_F_ORIGIN], 4);
    assert_int_equal(m.date_order, FL_DATE_ORDER_MDY);
    /* --map still wins over the profile */
    fl_map_override ov = {FL_F_ORIGIN, "Country of Origin"};
    in.ov = &ov;
    in.n_ov = 1;
    assert_int_equal(fl_fieldmap_build_in("p.csv", h, n, &in, &m), FL_OK);
    assert_int_equal(m.col[FL_F_ORIGIN], 3);
    in.ov = NULL;
    in.n_ov = 0;
    /* AMS: the address made of its parts, in the profile's order */
    n = headers("identifier,actual_arrival_date,shipper_party_name,city,shipper_party_address_1,"
                "zip_code,harmonized_number,description_text,foreign_port_of_lading",
                buf, sizeof buf, h, 32);
    assert_int_equal(fl_fieldmap_build_in("a.csv", h, n, &in, &m), FL_OK);
    assert_string_equal(m.vendor->name, "cbp_ams");
    assert_int_equal(m.n_addr_parts, 3);
    assert_int_equal(m.addr_part[0], 4); /* shipper_party_address_1 */
    assert_int_equal(m.addr_part[1], 3); /* city */
    assert_int_equal(m.addr_part[2], 5); /* zip_code */
    /* a forced profile; --date-order when the profile says none; an unknown one */
    n = headers("Bill of Lading,Arrival Date,Shipper,Commodity Description,Foreign Port",
                buf, sizeof buf, h, 32);
    in.vendor = "erp_po";
    in.date_order = FL_DATE_ORDER_DMY;
    assert_int_equal(fl_fieldmap_build_in("d.csv", h, n, &in, &m), FL_OK);
    assert_true(m.vendor_forced);
    assert_string_equal(m.vendor->name, "erp_po");
    assert_int_equal(m.date_order, FL_DATE_ORDER_DMY);
    in.vendor = "piers";
    assert_int_equal(fl_fieldmap_build_in("d.csv", h, n, &in, &m), FL_ERR_USAGE);
}

struct bad_case {
    const char *csv;
    const char *want; /* in the message */
};

static const struct bad_case bad_cases[] = {
    {"kind,field,value,cell,note\nheader,shipper,Shipper,,\n",
     "expected one 'vendor' row naming the vendor, found 0"},
    {"kind,field,value,cell,note\nvendor,,X,,\nbogus,,Y,,\n", "x.csv:3:1: unknown kind 'bogus'"},
    {"kind,field,value,cell,note\nvendor,,X,,\nheader,country,Y,,\n",
     "x.csv:3:2: unknown field 'country'"},
    {"kind,field,value,cell,note\nvendor,,X,,\nheader,origin,Y,name_address,\n",
     "x.csv:3:4: unknown cell 'name_address'"},
    {"kind,field,value,cell,note\nvendor,,X,,\nconvention,date_order,ymd,,\n",
     "x.csv:3:3: date_order 'ymd': expected mdy or dmy"},
    {"kind,field,value,cell,note\nvendor,,X,,\nconvention,speed,fast,,\n",
     "x.csv:3:2: unknown convention 'speed'"},
    {"kind,field,value,cell,note\nvendor,,X,,\nsource,,panjiva.com,,\n",
     "x.csv:3:3: a source is the http(s) address of a page"},
    {"kind,field,value,cell,note\nvendor,,X,,\nheader,shipper,,,\n", "x.csv:3:3: empty value"},
    {"kind,value\nvendor,X\n", "missing column 'field'"},
};

static void test_bad_rows(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_cases / sizeof *bad_cases; i++) {
        char sub[128], log[160];
        snprintf(sub, sizeof sub, "%s/bad%zu", dir, i);
        assert_int_equal(mkdir(sub, 0700), 0);
        snprintf(log, sizeof log, "%s/x.csv", sub);
        put(log, bad_cases[i].csv);
        snprintf(log, sizeof log, "%s/log", dir);
        fflush(stderr);
        int saved = dup(2);
        assert_non_null(freopen(log, "w", stderr));
        fl_vendors *v = NULL;
        fl_status st = fl_vendors_load(sub, "vendors", &v);
        fflush(stderr);
        dup2(saved, 2);
        close(saved);
        const char *msg = contents(log);
        if (!strstr(msg, bad_cases[i].want))
            fail_msg("case %zu: want '%s' in:\n%s", i, bad_cases[i].want, msg);
        assert_int_equal(st, FL_ERR_RULES);
        assert_null(v);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shipped),
        cmocka_unit_test(test_detect),
        cmocka_unit_test(test_map),
        cmocka_unit_test(test_bad_rows),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
