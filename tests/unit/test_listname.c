/* test_listname.c - the names in an official list's entity text (listname.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "listname.h"

/* "NAME [a|b] {note}" for each producer, ' / ' between producers: what the cases compare. */
static void render(const fl_lname *v, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n && o < cap; i++) {
        o += (size_t)snprintf(out + o, cap - o, "%s%s", i ? " / " : "", v[i].name);
        for (size_t k = 0; k < v[i].n_aliases && o < cap; k++)
            o += (size_t)snprintf(out + o, cap - o, "%s%s%s", k ? "|" : " [", v[i].aliases[k],
                                  k + 1 == v[i].n_aliases ? "]" : "");
        if (v[i].note && o < cap)
            o += (size_t)snprintf(out + o, cap - o, " {%s}", v[i].note);
    }
}

struct case_ {
    const char *in, *want;
};

/* CBP orders, as the rule builder splits them */
static const struct case_ orders[] = {
    {"Tangshan Sanyou Group Co. Ltd. and subsidiaries", "Tangshan Sanyou Group Co. Ltd. {and subsidiaries}"},
    {"Tangshan Sunfar Silicon Company (Tangshan Sunfar Silicon Industries)",
     "Tangshan Sunfar Silicon Company [Tangshan Sunfar Silicon Industries]"},
    {"Hangton No. 112 (Fijian-flagged and -owned longliner fishing vessel)",
     "Hangton No. 112 {Fijian-flagged and -owned longliner fishing vessel}"},
    {"Wuyi Machinery Plant, a/k/a Zhejiang Light Duty Lifting Machinery Factory China, a/k/a "
     "Zhejiang Province No. 1 Prison",
     "Wuyi Machinery Plant [Zhejiang Light Duty Lifting Machinery Factory China|Zhejiang "
     "Province No. 1 Prison]"},
    {"Hero Vast Group (Shanghai Hero Vast International Trading Co., Ltd.; Henan Hero Vast "
     "Garment Co., Ltd.)",
     "Hero Vast Group / Shanghai Hero Vast International Trading Co., Ltd. / Henan Hero Vast "
     "Garment Co., Ltd."},
    {"Top Glove Sdn Bhd; TG Medical Sdn Bhd (Top Glove Corporation Bhd)",
     "Top Glove Sdn Bhd [Top Glove Corporation Bhd] / TG Medical Sdn Bhd [Top Glove Corporation Bhd]"},
    {"Fishing Vessel: Hangton No. 112", "Hangton No. 112"},
    {"Fishing Vessels owned by Dalian Ocean Fishing Co. Ltd.",
     "Dalian Ocean Fishing Co. Ltd. {fishing vessels owned by it}"},
    {"Sime Darby Plantation Berhad (subsidiaries, joint ventures)",
     "Sime Darby Plantation Berhad {subsidiaries, joint ventures}"},
};

/* UFLPA Entity List names, as DHS writes them */
static const struct case_ dhs[] = {
    {"Xinjiang Production and Construction Corps (including one alias: Bingtuan)",
     "Xinjiang Production and Construction Corps [Bingtuan]"},
    {"Xinjiang Goens Energy Technology Co., Ltd. (including two aliases: Xinjiang GCL New Energy "
     "Material Technology Co., Ltd.; and Xinjiang GCL New Energy Materials Technology Co., Ltd.)",
     "Xinjiang Goens Energy Technology Co., Ltd. [Xinjiang GCL New Energy Material Technology "
     "Co., Ltd.|Xinjiang GCL New Energy Materials Technology Co., Ltd.]"},
    {"Xinjiang Zhonghe Co., Ltd. (and two aliases: Xinjiang Joinworld Co., Ltd. and Joinworld)",
     "Xinjiang Zhonghe Co., Ltd. [Xinjiang Joinworld Co., Ltd.|Joinworld]"},
    {"Changhong Meiling Co., Ltd. (formerly known as Hefei Meiling Co., Ltd.)",
     "Changhong Meiling Co., Ltd. [Hefei Meiling Co., Ltd.]"},
    {"Hoshine Silicon Industry (Shanshan) Co., Ltd and subsidiaries",
     "Hoshine Silicon Industry (Shanshan) Co., Ltd {and subsidiaries}"},
    {"Ninestar Corporation and its eight Zhuhai-based subsidiaries, which include Zhuhai Ninestar "
     "Information Technology Co., Ltd., Zhuhai Pantum Electronics Co., Ltd., and Zhuhai Apex "
     "Microelectronics Co., Ltd.",
     "Ninestar Corporation / Zhuhai Ninestar Information Technology Co., Ltd. {subsidiary of "
     "Ninestar Corporation} / Zhuhai Pantum Electronics Co., Ltd. {subsidiary of Ninestar "
     "Corporation} / Zhuhai Apex Microelectronics Co., Ltd. {subsidiary of Ninestar Corporation}"},
    {"Aksu Huafu Textiles Co. and its subsidiary Aksu Huafu Color Spinning Co.",
     "Aksu Huafu Textiles Co. / Aksu Huafu Color Spinning Co. {subsidiary of Aksu Huafu Textiles Co.}"},
    {"Xinjiang Production and Construction Corps and its subordinate and affiliated entities",
     "Xinjiang Production and Construction Corps {and its subordinate and affiliated entities}"},
    {"Baoding LYSZD Trade and Business Co., Ltd.", "Baoding LYSZD Trade and Business Co., Ltd."},
};

static void test_orders(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof orders / sizeof *orders; i++) {
        fl_arena a = {0};
        fl_lname *v;
        size_t n = fl_lname_order(&a, orders[i].in, &v);
        char got[1024];
        render(v, n, got, sizeof got);
        assert_string_equal(got, orders[i].want);
        fl_arena_free(&a);
    }
}

static void test_dhs(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof dhs / sizeof *dhs; i++) {
        fl_arena a = {0};
        fl_lname *v;
        size_t n = fl_lname_dhs(&a, dhs[i].in, &v);
        char got[1024];
        render(v, n, got, sizeof got);
        assert_string_equal(got, dhs[i].want);
        fl_arena_free(&a);
    }
}

static void test_paren(void **state)
{
    (void)state;
    static const struct {
        const char *in, *name, *alias, *note;
    } cases[] = {
        {"Xinjiang Production and Construction Corps (XPCC)",
         "Xinjiang Production and Construction Corps", "XPCC", NULL},
        {"Foo Co. (spelling as in source)", "Foo Co.", NULL, "spelling as in source"},
        {"Foo Co. (a name of seven words is a note here)", "Foo Co.", NULL,
         "a name of seven words is a note here"},
        {"Foo (A) Co.", "Foo (A) Co.", NULL, NULL},
        {"(X)", "(X)", NULL, NULL},
        {"Hetian Haolin (Hotan) Hair Accessories (Hetian Haolin Hair)",
         "Hetian Haolin (Hotan) Hair Accessories", "Hetian Haolin Hair", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        fl_arena a = {0};
        const char *name, *alias, *note;
        assert_true(fl_lname_paren(&a, cases[i].in, strlen(cases[i].in), &name, &alias, &note));
        assert_string_equal(name, cases[i].name);
        if (cases[i].alias)
            assert_string_equal(alias, cases[i].alias);
        else
            assert_null(alias);
        if (cases[i].note)
            assert_string_equal(note, cases[i].note);
        else
            assert_null(note);
        fl_arena_free(&a);
    }
}

static void test_pieces(void **state)
{
    (void)state;
    fl_arena a = {0};
    const char **p;
    size_t n = fl_lname_pieces(&a, "Kumar Carpet Pvt., Singhe Carpet Pvt., Ltd., Norsang Carpet "
                                   "Industries Pvt., Ltd., and K.K. Carpet Industries", &p);
    assert_int_equal(n, 4);
    assert_string_equal(p[0], "Kumar Carpet Pvt.");
    assert_string_equal(p[1], "Singhe Carpet Pvt., Ltd.");
    assert_string_equal(p[2], "Norsang Carpet Industries Pvt., Ltd.");
    assert_string_equal(p[3], "K.K. Carpet Industries");
    fl_arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_orders),
        cmocka_unit_test(test_dhs),
        cmocka_unit_test(test_paren),
        cmocka_unit_test(test_pieces),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
