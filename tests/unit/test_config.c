#define _DEFAULT_SOURCE /* mkdtemp */
/* test_config.c - the INI settings file: sections, keys, repeats, errors with lines, paths. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"

static const fl_config_key keys[] = {
    {"shipments", true}, {"map", true},      {"out", false},
    {"ledger", false},   {"fail-on", false}, {"quiet", false},
};
#define N_KEYS (sizeof keys / sizeof *keys)

static char dir[64], path[128];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/flscan-config-XXXXXX");
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/nightly.ini", dir);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    unlink(path);
    rmdir(dir);
    return 0;
}

static void write_file(const char *text)
{
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
}

static void test_good_file(void **state)
{
    (void)state;
    char longpath[3000];
    memset(longpath, 'x', sizeof longpath - 1);
    longpath[sizeof longpath - 1] = '\0';
    char text[4096];
    snprintf(text, sizeof text,
             "; the nightly job\n"
             "# comment\n"
             "[scan]\n"
             "out = reports/nightly.xlsx\n"
             "ledger=/var/lib/flscan/ledger.db ; inline comment\n"
             "fail-on = high\n"
             "quiet = yes\n"
             "map = importer=Consignee\n"
             "shipments = misc.csv\n"
             "shipments = -\n"
             "\n"
             "[vendor panjiva]\n"
             "shipments = exports/panjiva.csv\n"
             "map = record_id=Bill of Lading Number\n"
             "map = hs_code=HS Code;HTS\n"
             "[vendor  ig]\n"
             "shipments = %s\n",
             longpath);
    write_file(text);
    fl_config *c;
    assert_int_equal(fl_config_load(path, keys, N_KEYS, &c), FL_OK);
    assert_string_equal(c->dir, dir);
    assert_int_equal(c->n_scan, 7);
    assert_string_equal(c->scan[0].key, "out");
    assert_string_equal(c->scan[0].value, "reports/nightly.xlsx");
    assert_int_equal(c->scan[0].line, 4);
    assert_string_equal(c->scan[1].value, "/var/lib/flscan/ledger.db");
    assert_string_equal(c->scan[4].value, "importer=Consignee");
    assert_int_equal(c->scan[6].line, 10);
    assert_int_equal(c->n_vendors, 2);
    assert_string_equal(c->vendors[0].name, "panjiva");
    assert_int_equal(c->vendors[0].n_shipments, 1);
    assert_int_equal(c->vendors[0].n_maps, 2);
    assert_string_equal(c->vendors[0].maps[1].value, "hs_code=HS Code;HTS");
    assert_string_equal(c->vendors[1].name, "ig");
    assert_int_equal(strlen(c->vendors[1].shipments[0].value), sizeof longpath - 1);
    assert_int_equal(c->vendors[1].shipments[0].line, 17);

    /* Paths: relative to the file's folder, absolute and "-" as they are. */
    char want[256];
    snprintf(want, sizeof want, "%s/reports/nightly.xlsx", dir);
    assert_string_equal(fl_config_path(c, c->scan[0].value), want);
    assert_string_equal(fl_config_path(c, c->scan[1].value), "/var/lib/flscan/ledger.db");
    assert_string_equal(fl_config_path(c, "-"), "-");
    fl_config_free(c);
}

static void test_errors_have_lines(void **state)
{
    (void)state;
    static const struct {
        const char *text;
    } cases[] = {
        {"[scan]\nout = a\nout = b\n"},               /* twice */
        {"[scan]\nbogus = 1\n"},                      /* unknown key */
        {"[scans]\nout = a\n"},                       /* unknown section */
        {"out = a\n"},                                /* outside a section */
        {"[scan]\nthis line has no equals sign\n"},   /* syntax */
        {"[vendor x]\nmap = a=b\n"},                  /* no shipments */
        {"[vendor x]\nshipments = a\ncolor = red\n"}, /* unknown vendor key */
        {"[vendor]\nshipments = a\n"},                /* no name */
        {"[scan]\nout = a\xFF\n"},                   /* a value that is not UTF-8 */
        {"[scan]\nout = a\x1B[2J\n"},                /* a control character */
        {"[sc\xFFn]\nout = a\n"},                    /* a section that is not UTF-8 */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        write_file(cases[i].text);
        fl_config *c = (fl_config *)1;
        assert_int_equal(fl_config_load(path, keys, N_KEYS, &c), FL_ERR_USAGE);
        assert_null(c);
    }
    fl_config *c;
    assert_int_equal(fl_config_load("/nonexistent/x.ini", keys, N_KEYS, &c), FL_ERR_INPUT);
    /* a folder is no config (and not an empty one) */
    c = (fl_config *)1;
    assert_int_equal(fl_config_load(dir, keys, N_KEYS, &c), FL_ERR_INPUT);
    assert_null(c);
}

static void test_bool(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        bool ok, v;
    } cases[] = {{"yes", true, true},  {"TRUE", true, true}, {"on", true, true},
                 {"1", true, true},    {"no", true, false},  {"False", true, false},
                 {"off", true, false}, {"0", true, false},   {"maybe", false, false},
                 {"", false, false}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        bool v = !cases[i].v;
        assert_int_equal(fl_config_bool(cases[i].in, &v), cases[i].ok);
        if (cases[i].ok)
            assert_int_equal(v, cases[i].v);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_good_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_errors_have_lines, setup, teardown),
        cmocka_unit_test(test_bool),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
