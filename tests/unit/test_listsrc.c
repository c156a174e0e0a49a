/* test_listsrc.c - official list exports read into entries (listsrc.h): dates, each format's
   shape, and bad rows refused as a whole. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "country.h"
#include "listsrc.h"
#include "vocab.h"

#define ISO_JSON FLSCAN_ISO_CODES_DIR "/iso_3166-1.json"
#define ALIASES FLSCAN_SOURCE_DIR "/datasets/country_aliases.csv"

static fl_countries *C;

static int setup(void **state)
{
    (void)state;
    return fl_countries_load(ISO_JSON, ALIASES, &C) == FL_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    fl_countries_free(C);
    return 0;
}

static fl_status read_text(const char *text, fl_list_format fmt, fl_list *l)
{
    return fl_list_read_mem(text, strlen(text), "fixture", fmt, C, l);
}

static void test_dates(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        fl_date from, to; /* 0: refused */
    } cases[] = {
        {"2022-06-21", 20220621, 20220621}, {"2022-06", 20220601, 20220630},
        {"2024-02", 20240201, 20240229},    {"2010", 20100101, 20101231},
        {"6/21/2022", 20220621, 20220621},  {"12/30/2020", 20201230, 20201230},
        {"June 21, 2022", 20220621, 20220621}, {"Aug. 3, 2026", 20260803, 20260803},
        {"Sept 27 2023", 20230927, 20230927}, {"21 June 2022", 20220621, 20220621},
        {" 2022-06-21 ", 20220621, 20220621}, {"Juneteenth 2023", 0, 0},
        {"13/45/2020", 0, 0},               {"2022-13", 0, 0},
        {"June 31, 2022", 0, 0},            {"", 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        fl_pdate d;
        bool ok = fl_list_date(cases[i].in, strlen(cases[i].in), &d);
        assert_int_equal(ok, cases[i].from != 0);
        assert_int_equal(d.from, cases[i].from);
        assert_int_equal(d.to, cases[i].to);
    }
}

static void test_formats(void **state)
{
    (void)state;
    fl_list_format f;
    assert_true(fl_list_format_parse("cbp-wro", &f));
    assert_int_equal(f, FL_LF_CBP_WRO);
    assert_false(fl_list_format_parse("cbp", &f));
    assert_true(fl_list_format_complete(FL_LF_DHS_UFLPA));
    assert_false(fl_list_format_complete(FL_LF_REF_UFLPA));
    assert_int_equal(fl_list_format_kind(FL_LF_DOL_EO), FL_LK_EO13126);
}

static void test_dol_goods(void **state)
{
    (void)state;
    fl_list l;
    /* flags with X marks, a byte-order mark, trailing spaces and an empty row */
    assert_int_equal(read_text("\xEF\xBB\xBF" "Country,Good,Child Labor,Forced Labor\r\n"
                               "India ,Bricks,X,X\r\nGhana,Cocoa,X,\r\nIndonesia,Nickel,,yes\r\n,,,\r\n",
                               FL_LF_DOL_GOODS, &l), FL_OK);
    assert_int_equal(l.n, 3);
    assert_string_equal(l.v[0].cc, "IN");
    assert_string_equal(l.v[0].good, "Bricks");
    assert_int_equal(l.v[0].labor, FL_LABOR_CHILD | FL_LABOR_FORCED);
    assert_int_equal(l.v[1].labor, FL_LABOR_CHILD);
    assert_int_equal(l.v[2].labor, FL_LABOR_FORCED);
    assert_true(l.v[2].current);
    assert_int_equal(l.v[2].line, 4);
    fl_list_free(&l);
    /* one exploitation-type column, DOL's country names */
    assert_int_equal(read_text("Country/Area,Good,Exploitation Type\n"
                               "Burma,Garments,\"Child Labor, Forced Labor\"\n"
                               "\"Congo, Democratic Republic of the\",Cobalt Ore,Child Labor\n"
                               "Uzbekistan,Cotton,Forced Child Labor\n",
                               FL_LF_DOL_GOODS, &l), FL_OK);
    assert_string_equal(l.v[0].cc, "MM");
    assert_int_equal(l.v[0].labor, FL_LABOR_CHILD | FL_LABOR_FORCED);
    assert_string_equal(l.v[1].cc, "CD");
    assert_int_equal(l.v[1].labor, FL_LABOR_CHILD);
    assert_int_equal(l.v[2].labor, FL_LABOR_CHILD | FL_LABOR_FORCED);
    fl_list_free(&l);
    /* a bad row anywhere: the whole file is refused */
    assert_int_equal(read_text("Country,Good,Child Labor,Forced Labor\nChina,Cotton,X,X\n"
                               "China,Toys,maybe,\n", FL_LF_DOL_GOODS, &l), FL_ERR_RULES);
    fl_list_free(&l);
    assert_int_equal(read_text("Country,Good,Child Labor,Forced Labor\nChina,Cotton,,\n",
                               FL_LF_DOL_GOODS, &l), FL_ERR_RULES);
    fl_list_free(&l);
    assert_int_equal(read_text("Nation,Good,Child Labor\nChina,Cotton,X\n", FL_LF_DOL_GOODS, &l),
                     FL_ERR_RULES);
    fl_list_free(&l);
}

static void test_dhs(void **state)
{
    (void)state;
    fl_list l;
    assert_int_equal(read_text("Entity Name,Effective Date,Section,Address\n"
                               "\"Ninestar Corporation and its subsidiary Zhuhai Pantum Electronics "
                               "Co., Ltd.\",\"June 12, 2023\",UFLPA Section 2(d)(2)(B)(ii),\"Zhuhai, "
                               "Guangdong\"\n",
                               FL_LF_DHS_UFLPA, &l), FL_OK);
    assert_int_equal(l.n, 2);
    assert_string_equal(l.v[0].names[0], "Ninestar Corporation");
    assert_string_equal(l.v[1].names[0], "Zhuhai Pantum Electronics Co., Ltd.");
    assert_string_equal(l.v[1].note, "subsidiary of Ninestar Corporation");
    assert_string_equal(l.v[0].section, "2(d)(2)(B)(ii)");
    assert_int_equal(l.v[1].listed.from, 20230612);
    assert_string_equal(l.v[0].addresses[0], "Zhuhai, Guangdong");
    assert_int_equal(l.newest, 20230612);
    fl_list_free(&l);
}

static void test_cbp(void **state)
{
    (void)state;
    fl_list l;
    assert_int_equal(
        read_text("Country,Entity,Effective Date,Status,WRO/Finding,Press Release,Industry\n"
                  "Malaysia,Top Glove Sdn Bhd,07/15/2020,Inactive,WRO,N/A,Manufacturing\n"
                  "Fishing Vessels,Fishing Vessel: Da Wang,08/18/2020,Active,WRO,"
                  "https://www.cbp.gov/x?utm_source=y,Fishing\n"
                  "China,\"Yunnan Machinery, a/k/a Yunnan 1st Prison\",11/14/1991,Partially Active,"
                  "Finding,,Manufacturing\n",
                  FL_LF_CBP_WRO, &l), FL_OK);
    assert_int_equal(l.n, 3);
    assert_true(l.v[0].ended);
    assert_int_equal(l.v[0].end.from, 0);
    assert_string_equal(l.v[1].cc, "");
    assert_string_equal(l.v[1].names[0], "Da Wang");
    assert_string_equal(l.v[1].urls[0], "https://www.cbp.gov/x?utm_source=y");
    assert_false(l.v[1].ended);
    assert_string_equal(l.v[2].names[0], "Yunnan Machinery");
    assert_string_equal(l.v[2].aliases[0], "Yunnan 1st Prison");
    assert_string_equal(l.v[2].order, "Finding");
    assert_string_equal(l.v[2].note, "partially active");
    assert_int_equal(l.newest, 20200818);
    fl_list_free(&l);
}

static void test_fr(void **state)
{
    (void)state;
    fl_list l;
    assert_int_equal(
        read_text("Notice: this update adds one entity to the section 2(d)(2)(B)(v) list\n"
                  "Appendix\nEntities in Xinjiang that mine, produce, or manufacture\n"
                  "with forced labor (UFLPA Section 2(d)(2)(B)(i))\n"
                  "Entity Name    Effective date\n"
                  "Baoding LYSZD Trade and Business Co., Ltd. ..... June 21, 2022\n"
                  "Xinjiang Goens Energy Technology Co., Ltd. (including one alias: Xinjiang GCL\n"
                  "   New Energy Material Technology Co., Ltd.) .... August 3, 2026\n"
                  "Federal Register / Vol. 91, No. 147 / Monday, August 3, 2026 / Notices\n"
                  "Entities working with the government (UFLPA Section 2(d)(2)(B)(ii))\n"
                  "Ninestar Corporation | 6/12/2023\n[FR Doc. 2026-15628 Filed 7-31-26]\n"
                  "After The Notice ..... June 1, 2030\n",
                  FL_LF_FR_UFLPA, &l), FL_OK);
    assert_int_equal(l.n, 3);
    assert_string_equal(l.v[0].names[0], "Baoding LYSZD Trade and Business Co., Ltd.");
    assert_string_equal(l.v[0].section, "2(d)(2)(B)(i)");
    assert_string_equal(l.v[1].aliases[0], "Xinjiang GCL New Energy Material Technology Co., Ltd.");
    assert_int_equal(l.v[1].line, 7);
    assert_string_equal(l.v[2].section, "2(d)(2)(B)(ii)");
    assert_int_equal(l.v[2].listed.from, 20230612);
    assert_int_equal(l.newest, 20260803);
    fl_list_free(&l);
    assert_int_equal(read_text("no heading here\nFoo ..... June 1, 2023\n", FL_LF_FR_UFLPA, &l),
                     FL_ERR_RULES);
    fl_list_free(&l);
}

static void test_ftm(void **state)
{
    (void)state;
    fl_list l;
    assert_int_equal(
        read_text("{\"id\":\"e1\",\"schema\":\"LegalEntity\",\"caption\":\"Kingtom Aluminio S.R.L.\","
                  "\"properties\":{\"name\":[\"Kingtom Aluminio S.R.L.\"],\"country\":[\"do\"]},"
                  "\"datasets\":[\"us_cbp_forced_labor\"],\"last_seen\":\"2026-10-01T00:00:00\"}\n"
                  "{\"id\":\"s1\",\"schema\":\"Sanction\",\"properties\":{\"entity\":[\"e1\"],"
                  "\"startDate\":[\"2024-12-04\"]},\"datasets\":[\"us_cbp_forced_labor\"]}\n"
                  "\n"
                  "{\"id\":\"e2\",\"schema\":\"Vessel\",\"properties\":{\"name\":[\"Da Wang\"]},"
                  "\"datasets\":[\"us_cbp_forced_labor\"]}\n",
                  FL_LF_FTM, &l), FL_OK);
    assert_int_equal(l.kind, FL_LK_WRO);
    assert_int_equal(l.n, 2);
    assert_string_equal(l.v[0].cc, "DO");
    assert_int_equal(l.v[0].listed.from, 20241204);
    assert_false(l.v[0].ended);
    assert_true(l.v[1].ended); /* no Sanction: no longer active */
    assert_int_equal(l.newest, 20261001);
    fl_list_free(&l);
    /* two lists in one file */
    assert_int_equal(
        read_text("{\"id\":\"a\",\"schema\":\"Company\",\"properties\":{\"name\":[\"A\"]},"
                  "\"datasets\":[\"us_dhs_uflpa\"]}\n"
                  "{\"id\":\"b\",\"schema\":\"Company\",\"properties\":{\"name\":[\"B\"]},"
                  "\"datasets\":[\"us_cbp_forced_labor\"]}\n",
                  FL_LF_FTM, &l), FL_ERR_RULES);
    fl_list_free(&l);
}

static void test_reference(void **state)
{
    (void)state;
    fl_list l;
    assert_int_equal(
        read_text("date,country,region,entity,commodity,status,source_url,action_type,status_date,note\n"
                  "2020-05,Taiwan,,Yu Long No. 2 (Taiwan-flagged fishing vessel),seafood,modified,"
                  "https://a.example/x ; https://b.example/y (comment),WRO,2024-08-14,\n"
                  "2019-09-30,Brazil,,(producer not named in the sources seen),bone black,issued,,WRO,,\n"
                  "2022-12-05,China,,Foo,garments,issued,,CAATSA detention,,\n",
                  FL_LF_REF_WRO, &l), FL_OK);
    assert_int_equal(l.n, 2);
    assert_int_equal(l.skipped, 1);
    assert_int_equal(l.v[0].listed.from, 20200501);
    assert_int_equal(l.v[0].listed.to, 20200531);
    assert_true(l.v[0].ended);
    assert_int_equal(l.v[0].end.from, 20240814);
    assert_false(l.v[0].current);
    assert_int_equal(l.v[0].n_urls, 2);
    assert_string_equal(l.v[0].urls[1], "https://b.example/y");
    assert_true(l.v[1].area);
    fl_list_free(&l);
    assert_int_equal(
        read_text("entity_name,aliases,date_added,list_section,source_url,batch,note\n"
                  "\"Hoshine Silicon Industry (Shanshan) Co., Ltd and subsidiaries\",Hesheng "
                  "Silicon Industry (Shanshan) Co.,2022-06-21,2(d)(2)(B)(i),,,\n",
                  FL_LF_REF_UFLPA, &l), FL_OK);
    assert_string_equal(l.v[0].names[0], "Hoshine Silicon Industry (Shanshan) Co., Ltd");
    assert_string_equal(l.v[0].aliases[0], "Hesheng Silicon Industry (Shanshan) Co.");
    fl_list_free(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dates),    cmocka_unit_test(test_formats),
        cmocka_unit_test(test_dol_goods), cmocka_unit_test(test_dhs),
        cmocka_unit_test(test_cbp),      cmocka_unit_test(test_fr),
        cmocka_unit_test(test_ftm),      cmocka_unit_test(test_reference),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
