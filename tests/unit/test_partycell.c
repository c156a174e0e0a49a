/* test_partycell.c - a party cell that holds name and address: where the name ends
   (partycell.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "nametab.h"
#include "partycell.h"

#define NAMES FLSCAN_SOURCE_DIR "/datasets/names"

static fl_name_tables *T;

static int setup(void **state)
{
    (void)state;
    return fl_nametab_load(NAMES, &T) == FL_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    fl_nametab_free(T);
    return 0;
}

struct split_case {
    const char *cell;
    bool combined;    /* the column is known to hold name and address */
    const char *name; /* NULL: not split */
    const char *address;
};

static const struct split_case cases[] = {
    /* lines: the first is the name */
    {"XINJIANG ZHONGTAI CHEMICAL CO., LTD.\nNO. 39 NORTH BEIJING ROAD\nURUMQI, XINJIANG, CHINA",
     false, "XINJIANG ZHONGTAI CHEMICAL CO., LTD.",
     "NO. 39 NORTH BEIJING ROAD\nURUMQI, XINJIANG, CHINA"},
    /* a legal form wrapped onto the next line stays with the name */
    {"ZHEJIANG HUAFENG TEXTILE IMP & EXP CO\nLTD\n55 RENMIN RD, NINGBO", false,
     "ZHEJIANG HUAFENG TEXTILE IMP & EXP CO\nLTD", "55 RENMIN RD, NINGBO"},
    {"DEF SA DE CV\r\nAV. REFORMA 123\r\nCDMX", false, "DEF SA DE CV", "AV. REFORMA 123\r\nCDMX"},
    {"\n  ACME GMBH  \n\nHAFENSTR. 8, 20457 HAMBURG\n", false, "ACME GMBH",
     "HAFENSTR. 8, 20457 HAMBURG"},
    /* a comma run, in a name-and-address column: the legal forms after commas stay */
    {"ACME TEXTILE CO., LTD., NO 5 HUAYUAN RD, SHANGHAI 200000, CHINA", true,
     "ACME TEXTILE CO., LTD.", "NO 5 HUAYUAN RD, SHANGHAI 200000, CHINA"},
    /* ...and in any column when an address with a number follows */
    {"ACME TEXTILE CO., LTD., NO 5 HUAYUAN RD, SHANGHAI 200000, CHINA", false,
     "ACME TEXTILE CO., LTD.", "NO 5 HUAYUAN RD, SHANGHAI 200000, CHINA"},
    /* names that are only names */
    {"ACME CO., LTD", true, NULL, NULL},
    {"ACME CO., LTD", false, NULL, NULL},
    {"SMITH, JOHN", false, NULL, NULL},          /* one comma, no number: a name */
    {"HARBORLINE APPAREL, INC.", false, NULL, NULL},
    {"ACME", true, NULL, NULL},
    {"ACME\n", false, NULL, NULL},
    {"", false, NULL, NULL},
    {"\xFF\n12 ROAD", false, NULL, NULL}, /* not UTF-8 */
};

static void test_split(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const struct split_case *c = &cases[i];
        fl_party_cell pc;
        print_message("case %zu\n", i);
        bool split = fl_party_cell_split(T, fl_slice_cstr(c->cell), c->combined, &pc);
        assert_int_equal(split, c->name != NULL);
        if (!split) {
            assert_int_equal(pc.address.len, 0);
            continue;
        }
        assert_int_equal(pc.name.len, strlen(c->name));
        assert_memory_equal(pc.name.ptr, c->name, pc.name.len);
        assert_int_equal(pc.address.len, strlen(c->address));
        assert_memory_equal(pc.address.ptr, c->address, pc.address.len);
    }
    /* without the name tables a legal form on its own line is an address line */
    fl_party_cell pc;
    assert_true(fl_party_cell_split(NULL, fl_slice_cstr("ACME CO\nLTD\n5 RD"), false, &pc));
    assert_int_equal(pc.name.len, 7);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_split),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
