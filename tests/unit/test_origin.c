/* test_origin.c - ports table, origin inference and address conflicts (origin.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "country.h"
#include "origin.h"
#include "region.h"

#define ISO1 FLSCAN_ISO_CODES_DIR "/iso_3166-1.json"
#define ISO2 FLSCAN_ISO_CODES_DIR "/iso_3166-2.json"
#define ALIASES FLSCAN_SOURCE_DIR "/datasets/country_aliases.csv"
#define REGIONS FLSCAN_SOURCE_DIR "/datasets/regions.csv"
#define PORTS FLSCAN_SOURCE_DIR "/datasets/ports.csv"
#define SUBS FLSCAN_SOURCE_DIR "/datasets/subdivision_aliases.csv"

static fl_countries *C;
static fl_gazetteer *G;
static fl_ports *P;

static int setup(void **state)
{
    (void)state;
    if (fl_countries_load(ISO1, ALIASES, &C) != FL_OK ||
        fl_countries_load_subdivisions(C, ISO2, SUBS) != FL_OK)
        return -1;
    if (fl_gazetteer_load(REGIONS, "regions.csv", ISO2, &G) != FL_OK)
        return -1;
    if (fl_ports_load(PORTS, "ports.csv", C, &P) != FL_OK)
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    fl_ports_free(P);
    fl_gazetteer_free(G);
    fl_countries_free(C);
    return 0;
}

static fl_slice S(const char *s)
{
    return fl_slice_cstr(s ? s : "");
}

static void write_tmp(const char *text, char *path, size_t cap)
{
    const char *dir = getenv("TMPDIR");
    if (!dir || !*dir)
        dir = "/tmp";
    snprintf(path, cap, "%s/flscan-origin-XXXXXX", dir);
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    size_t len = strlen(text);
    assert_int_equal(write(fd, text, len), (ssize_t)len);
    assert_int_equal(close(fd), 0);
}

/* ---- ports ---- */

static void test_ports_load(void **state)
{
    (void)state;
    assert_true(fl_ports_count(P) >= 120);
    assert_int_equal(fl_ports_count(NULL), 0);
    fl_ports_free(NULL);
}

struct case_port {
    const char *in;
    const char *want; /* NULL: unknown */
};

static const struct case_port port_cases[] = {
    {"Shanghai ,China", "CN"},
    {"Yantian, China (57078)", "CN"},
    {"YANTIAN", "CN"},
    {"Yantian (57078)", "CN"},
    {"Tianjin Xingang", "CN"},
    {"Ningpo", "CN"},
    {"Busan", "KR"},
    {"Pusan, Korea, South", "KR"},
    {"Kaohsiung, Taiwan", "TW"},
    {"Hong Kong", "HK"},
    {"Hong Kong, China", "HK"},
    {"Port Kelang", "MY"},
    {"Tanjung Pelepas, Malaysia", "MY"},
    {"Ho Chi Minh City, Vietnam", "VN"},
    {"Cai Mep", "VN"},
    {"Nhava Sheva", "IN"},
    {"Chittagong, Bangladesh", "BD"},
    {"Jebel Ali", "AE"},
    {"Rotterdam, Netherlands", "NL"},
    {"Manzanillo", NULL}, /* Mexico and Panama */
    {"Manzanillo, Mexico", "MX"},
    {"Manzanillo, Panama", "PA"},
    {"Cartagena", NULL},
    {"Cartagena, Colombia", "CO"},
    {"Lazaro Cardenas", "MX"},
    {"Singapore", "SG"},
    {"Nowhere Harbour", NULL},
    {"57078", NULL},
    {"", NULL},
    {"   ", NULL},
    {"Shanghai \xFF", NULL},
};

static void test_port_country(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof port_cases / sizeof *port_cases; i++) {
        char code[3] = "--";
        bool ok = fl_port_country(P, C, S(port_cases[i].in), code);
        if (!port_cases[i].want) {
            if (ok)
                fail_msg("'%s': got %s, want unknown", port_cases[i].in, code);
            assert_string_equal(code, "--");
            continue;
        }
        if (!ok)
            fail_msg("'%s': unknown, want %s", port_cases[i].in, port_cases[i].want);
        assert_string_equal(code, port_cases[i].want);
    }
    char code[3] = "--";
    assert_false(fl_port_country(NULL, NULL, S("Shanghai, China"), code));
    assert_true(fl_port_country(NULL, C, S("Shanghai, China"), code));
    assert_string_equal(code, "CN");
    assert_true(fl_port_country(P, NULL, S("Busan"), code));
    assert_string_equal(code, "KR");
}

struct bad_port {
    const char *csv;
    const char *want;
};

static const struct bad_port bad_ports[] = {
    {"port,country,note\nShanghai,CHN,\n", "ports.csv:2:2: bad country 'CHN'"},
    {"port,country,note\nShanghai,cn,\n", "ports.csv:2:2: bad country 'cn'"},
    {"port,country,note\nShanghai,XX,\n", "ports.csv:2:2: bad country 'XX'"},
    {"port,country,note\n--,CN,\n", "ports.csv:2:1: bad port '--'"},
    {"port,country,note\nBusan,KR,\nBUSAN,KR,\n",
     "ports.csv:3:1: port 'BUSAN' is listed for KR already on line 2"},
    {"port,note\nBusan,\n", "ports.csv:1: missing column 'country'"},
};

static void test_ports_bad(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_ports / sizeof *bad_ports; i++) {
        char csv[256], log[256];
        write_tmp(bad_ports[i].csv, csv, sizeof csv);
        write_tmp("", log, sizeof log);
        fflush(stderr);
        int saved = dup(2);
        assert_non_null(freopen(log, "w", stderr));
        fl_ports *p = NULL;
        fl_status st = fl_ports_load(csv, "ports.csv", C, &p);
        fflush(stderr);
        dup2(saved, 2);
        close(saved);
        char msg[2048] = "";
        FILE *in = fopen(log, "r");
        assert_non_null(in);
        msg[fread(msg, 1, sizeof msg - 1, in)] = '\0';
        fclose(in);
        if (!strstr(msg, bad_ports[i].want))
            fail_msg("case %zu: want '%s' in:\n%s", i, bad_ports[i].want, msg);
        assert_int_equal(st, FL_ERR_RULES);
        assert_null(p);
        unlink(csv);
        unlink(log);
    }
    /* the same port for two countries is fine */
    char csv[256];
    write_tmp("port,country,note\nManzanillo,MX,\nManzanillo,PA,\n", csv, sizeof csv);
    fl_ports *p = NULL;
    assert_int_equal(fl_ports_load(csv, NULL, C, &p), FL_OK);
    assert_int_equal(fl_ports_count(p), 2);
    fl_ports_free(p);
    unlink(csv);
}

/* ---- inference ---- */

struct case_infer {
    const char *address, *port, *name;
    const char *want; /* NULL: nothing inferred */
    const char *why;  /* exact text, or NULL: not checked */
};

static const struct case_infer infer_cases[] = {
    /* 1. the end of the address */
    {"Tashkent, Uzbekistan", NULL, NULL, "UZ",
     "origin inferred UZ from shipper address 'Tashkent, Uzbekistan'"},
    {"Tashkent 100000, Uzbekistan, Tel: +998 71 1234567", NULL, NULL, "UZ", NULL},
    {"12 Le Loi, District 1, Ho Chi Minh City, Viet Nam", NULL, NULL, "VN", NULL},
    {"Lot 5, VSIP, Binh Duong, VN", NULL, NULL, "VN", NULL},
    {"Plot 12, EPZ, Chittagong 4223, Bangladesh", NULL, NULL, "BD", NULL},
    {"Shenzhen, Guangdong, CN", NULL, NULL, "CN", NULL},
    {"Shenzhen, Guangdong, P.R.China", NULL, NULL, "CN", NULL},
    {"Tashkent Uzbekistan", NULL, NULL, "UZ", NULL},
    {"Korla, Xinjiang, China", "Busan", NULL, "CN", NULL},
    {"浙江省宁波市鄞州区，中国", NULL, NULL, "CN", NULL},
    {"中国浙江省宁波市鄞州区", NULL, NULL, "CN", NULL},
    {"Almaty, Казахстан", NULL, NULL, "KZ", NULL},
    {"SHENZHEN GUANGDONG CN 518000", NULL, NULL, "CN", NULL},
    {"Ho Chi Minh City VN", NULL, NULL, "VN", NULL},
    {"Los Angeles, CA 90001", NULL, NULL, "US", NULL}, /* CA is California here: US */
    {"BUILDING 3, NO. 8", NULL, NULL, NULL, NULL},     /* NO is "number" here */
    {"ABC TRADING CO", NULL, NULL, NULL, NULL},
    {"Ankara, tr", NULL, NULL, "TR",
     "origin inferred TR from shipper address 'Ankara, tr' (TR-06 place 'Ankara')"},
    {"Vitoria - ES", NULL, NULL, NULL, NULL}, /* codes are never read: not Spain */
    {"KM 7 CARRETERA A SALTILLO", NULL, NULL, NULL, NULL}, /* not Comoros */
    /* 2. a gazetteer place */
    {"No. 8 Beijing Road, Shihezi, Xinjiang 832000", NULL, NULL, "CN",
     "origin inferred CN from shipper address 'No. 8 Beijing Road, Shihezi, Xinjiang 832000' "
     "(CN-XJ place 'Xinjiang 832000')"},
    {"No. 8 Beijing Road, Shihezi", NULL, NULL, "CN",
     "origin inferred CN from shipper address 'No. 8 Beijing Road, Shihezi' (CN-XJ place "
     "'Shihezi')"},
    {"Ürümqi", "Busan", NULL, "CN", NULL},
    {"Nukus, Karakalpakstan", NULL, NULL, "UZ", NULL},
    {"新疆维吾尔自治区乌鲁木齐市", NULL, NULL, "CN", NULL},
    /* a country name inside the address is not read */
    {"Vietnam Textile Building Hanoi, Dong Da District", NULL, NULL, NULL, NULL},
    {"Pakistan House, Faisalabad Road", NULL, NULL, NULL, NULL},
    {"Vietnam Road, Phnom Penh", "Sihanoukville", NULL, "KH", NULL}, /* street: skipped */
    {"Korla Ave, New Jersey", NULL, NULL, "US", NULL}, /* the state: not Korla */
    {"No. 8, Block 4", NULL, NULL, NULL, NULL},
    /* 4. the port of lading */
    {"", "Yantian, China (57078)", NULL, "CN",
     "origin inferred CN from port of lading 'Yantian, China (57078)'"},
    {"Hami Trading, Dubai", "Jebel Ali", NULL, "AE", NULL},
    {"Hami Trading, Dubai", "Manzanillo", NULL, NULL, NULL},
    /* 5. the shipper's name */
    {"", "", "Vietnam Textile JSC", "VN",
     "origin inferred VN from shipper name 'Vietnam Textile JSC'"},
    {"", "", "China Vietnam Trading", NULL, NULL}, /* two countries */
    {"", "", "Acme Corp", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static void test_infer(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof infer_cases / sizeof *infer_cases; i++) {
        const struct case_infer *c = &infer_cases[i];
        char code[3] = "--", why[256] = "untouched";
        bool ok =
            fl_origin_infer(C, P, G, S(c->address), S(c->port), S(c->name), code, why, sizeof why);
        if (!c->want) {
            if (ok)
                fail_msg("case %zu '%s': got %s (%s)", i, c->address, code, why);
            assert_string_equal(code, "--");
            assert_string_equal(why, "untouched");
            continue;
        }
        if (!ok)
            fail_msg("case %zu '%s': nothing inferred, want %s", i, c->address, c->want);
        if (strcmp(code, c->want) != 0)
            fail_msg("case %zu '%s': got %s (%s), want %s", i, c->address, code, why, c->want);
        if (c->why)
            assert_string_equal(why, c->why);
    }
}

static void test_infer_edges(void **state)
{
    (void)state;
    char code[3] = "--", why[32];
    /* why is cut to fit and stays terminated */
    assert_true(
        fl_origin_infer(C, P, G, S("Tashkent, Uzbekistan"), S(""), S(""), code, why, sizeof why));
    assert_int_equal(strlen(why), sizeof why - 1);
    /* why may be NULL; ports and gazetteer may be missing */
    assert_true(
        fl_origin_infer(C, NULL, NULL, S("Tashkent, Uzbekistan"), S(""), S(""), code, NULL, 0));
    assert_false(fl_origin_infer(C, NULL, NULL, S("Shihezi"), S("Yantian"), S(""), code, NULL, 0));
    assert_false(
        fl_origin_infer(NULL, P, G, S("Tashkent, Uzbekistan"), S(""), S(""), code, NULL, 0));
    /* long quoted text is cut at a character boundary */
    char addr[400] = "";
    for (int i = 0; i < 30; i++)
        strcat(addr, "新疆 ");
    char big[256];
    assert_true(fl_origin_infer(C, P, G, S(addr), S(""), S(""), code, big, sizeof big));
    assert_string_equal(code, "CN");
    assert_non_null(strstr(big, "...'"));
}

/* ---- conflicts ---- */

struct case_conflict {
    const char *origin, *address;
    const char *want; /* NULL: no conflict */
    const char *why;
};

static const struct case_conflict conflict_cases[] = {
    {"VN", "Ürümqi, Xinjiang", "CN",
     "origin VN but shipper address 'Ürümqi, Xinjiang' is in CN (CN-XJ place 'Xinjiang')"},
    {"VN", "Ürümqi", "CN", "origin VN but shipper address 'Ürümqi' is in CN (CN-XJ place 'Ürümqi')"},
    {"VN", "No. 8 Beijing Road, Shihezi", "CN", NULL},
    {"VN", "Tashkent, Uzbekistan", "UZ",
     "origin VN but shipper address 'Tashkent, Uzbekistan' is in UZ"},
    {"HK", "Shenzhen, Guangdong, China", "CN", NULL},
    {"KZ", "Nukus, Karakalpakstan", "UZ", NULL},
    {"CN", "Urumqi, Xinjiang, China", NULL, NULL},
    {"CN", "Shihezi", NULL, NULL},
    {"VN", "Hanoi, Vietnam", NULL, NULL},
    {"VN", "Urumqi Trading, Hanoi, Vietnam", NULL, NULL}, /* the end of the address wins */
    {"VN", "Xinjiang Road, Hanoi", NULL, NULL},           /* a street */
    {"AE", "Hami Trading, Dubai", NULL, NULL},            /* ambiguous, no context */
    {"VN", "Pakistan House, Hanoi Road", NULL, NULL},     /* weak evidence is not used */
    {"XX", "Tashkent, Uzbekistan", NULL, NULL},           /* not a code */
    {"vn", "Tashkent, Uzbekistan", NULL, NULL},
    {"VN", "", NULL, NULL},
};

static void test_conflict(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof conflict_cases / sizeof *conflict_cases; i++) {
        const struct case_conflict *c = &conflict_cases[i];
        char where[3] = "--", why[256] = "untouched";
        bool ok = fl_origin_conflict(C, G, c->origin, S(c->address), where, why, sizeof why);
        if (!c->want) {
            if (ok)
                fail_msg("case %zu '%s': conflict %s (%s)", i, c->address, where, why);
            assert_string_equal(where, "--");
            assert_string_equal(why, "untouched");
            continue;
        }
        if (!ok)
            fail_msg("case %zu '%s': no conflict, want %s", i, c->address, c->want);
        assert_string_equal(where, c->want);
        if (c->why)
            assert_string_equal(why, c->why);
    }
    char where[3];
    assert_false(fl_origin_conflict(C, G, NULL, S("Tashkent, Uzbekistan"), where, NULL, 0));
    assert_true(fl_origin_conflict(C, NULL, "VN", S("Tashkent, Uzbekistan"), where, NULL, 0));
    assert_false(fl_origin_conflict(C, NULL, "VN", S("Ürümqi"), where, NULL, 0));
    assert_true(fl_origin_conflict(C, NULL, "VN", S("Ürümqi, Xinjiang"), where, NULL, 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ports_load),  cmocka_unit_test(test_port_country),
        cmocka_unit_test(test_ports_bad),   cmocka_unit_test(test_infer),
        cmocka_unit_test(test_infer_edges), cmocka_unit_test(test_conflict),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
