/* test_names.c - company-name normalisation and wrapper splitting (names.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "names.h"
#include "nametab.h"

/* The shipped phrase tables (datasets/names/). */
static fl_name_tables *names;

static int load_names(void **state)
{
    (void)state;
    return fl_nametab_load(FLSCAN_SOURCE_DIR "/datasets/names", &names) == FL_OK ? 0 : -1;
}

static int free_names(void **state)
{
    (void)state;
    fl_nametab_free(names);
    return 0;
}

/* Tokens as "text/c" with c = n(ame), g(eneric), l(egal), p(lace), joined by spaces. */
static void dump(const fl_name *n, char *out, size_t cap)
{
    size_t o = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n->n_tok && o < cap; i++)
        o += (size_t)snprintf(out + o, cap - o, "%s%s/%c", i ? " " : "", fl_name_tok(n, i),
                              fl_ntok_class_str((fl_ntok_class)n->tok[i].cls)[0]);
}

struct parse_case {
    const char *in;
    const char *tokens; /* dump() form */
    const char *key;
    const char *legal;
};

static const struct parse_case parse_cases[] = {
    /* legal forms, abbreviations, brackets */
    {"HOSHINE SILICON INDUSTRY (SHANSHAN) CO LTD",
     "hoshine/n silicon/g ind/g shanshan/p co/l ltd/l", "hoshine silicon ind shanshan", "co ltd"},
    {"Hoshine Silicon Ind. Co., Ltd.", "hoshine/n silicon/g ind/g co/l ltd/l",
     "hoshine silicon ind", "co ltd"},
    {"hoshine silicon industries company limited", "hoshine/n silicon/g ind/g co/l ltd/l",
     "hoshine silicon ind", "co ltd"},
    {"XIAMEN ABC IMP & EXP CO LTD", "xiamen/p abc/n ie/g co/l ltd/l", "xiamen abc ie", "co ltd"},
    {"Xiamen ABC Import and Export Co., Ltd.", "xiamen/p abc/n ie/g co/l ltd/l", "xiamen abc ie",
     "co ltd"},
    {"XIAMEN ABC I/E CO", "xiamen/p abc/n ie/g co/l", "xiamen abc ie", "co"},
    {"GANSU YASHENG INT'L TRADING CO", "gansu/p yasheng/n intl/g trdg/g co/l",
     "gansu yasheng intl trdg", "co"},
    {"Gansu Yasheng International Trade Co.", "gansu/p yasheng/n intl/g trdg/g co/l",
     "gansu yasheng intl trdg", "co"},
    {"ACME MFG SRVCES GRP", "acme/n mfg/g svc/g grp/g", "acme mfg svc grp", ""},
    {"Acme Manufacturing Services Group", "acme/n mfg/g svc/g grp/g", "acme mfg svc grp", ""},
    {"ACME TEX DEV COMM TECH", "acme/n tex/g dev/g comm/g tech/g", "acme tex dev comm tech", ""},
    {"Acme Textiles Development Commerce Technology", "acme/n tex/g dev/g comm/g tech/g",
     "acme tex dev comm tech", ""},
    {"Heze Cotton & Linen Co., Ltd.", "heze/n cotton/g linen/g co/l ltd/l", "heze cotton linen",
     "co ltd"},
    {"Heze Cotton and Linen Co., Ltd.", "heze/n cotton/g linen/g co/l ltd/l", "heze cotton linen",
     "co ltd"},
    {"Kashgar Construction Engineering (Group) Co., Ltd.",
     "kashgar/p constr/g eng/g grp/g co/l ltd/l", "kashgar constr eng grp", "co ltd"},
    {"Hotan Haolin Hair Accessories", "hetian/p haolin/n hair/g accessory/g",
     "hetian haolin hair accessory", ""},
    {"Akesu Huafu", "aksu/p huafu/n", "aksu huafu", ""},
    /* legal forms of many countries and scripts */
    {"Agropecuarios Tom S.A. de C.V.", "agropecuarios/n tom/n sa de cv/l", "agropecuarios tom",
     "sa de cv"},
    {"Natchi Apparel (P) Ltd.", "natchi/n apparel/g pvt/l ltd/l", "natchi apparel", "pvt ltd"},
    {"NATCHI APPAREL PRIVATE LIMITED", "natchi/n apparel/g pvt/l ltd/l", "natchi apparel",
     "pvt ltd"},
    {"WRP Asia Pacific Sdn Bhd", "wrp/n asia/p pacific/p sdn/l bhd/l", "wrp asia pacific",
     "sdn bhd"},
    {"FGV Holdings Berhad", "fgv/n holding/g bhd/l", "fgv holding", "bhd"},
    {"PT Indofood Sukses Makmur Tbk", "pt/l indofood/n sukses/n makmur/n tbk/l",
     "indofood sukses makmur", "pt tbk"},
    {"Acme GmbH & Co. KG", "acme/n gmbh/l co/l kg/l", "acme", "gmbh co kg"},
    {"ACME AG", "acme/n ag/l", "acme", "ag"},
    {"AG Industries SA", "ag/n ind/g sa/l", "ag ind", "sa"},
    {"Acme S.p.A.", "acme/n spa/l", "acme", "spa"},
    {"Acme S.R.L.", "acme/n srl/l", "acme", "srl"},
    {"Acme SARL", "acme/n sarl/l", "acme", "sarl"},
    {"Acme B.V.", "acme/n bv/l", "acme", "bv"},
    {"Acme N.V.", "acme/n nv/l", "acme", "nv"},
    {"Acme Lda", "acme/n lda/l", "acme", "lda"},
    {"Acme LLC", "acme/n llc/l", "acme", "llc"},
    {"Acme, Inc.", "acme/n inc/l", "acme", "inc"},
    {"JSC Acme", "jsc/l acme/n", "acme", "jsc"},
    {"PJSC Acme", "pjsc/l acme/n", "acme", "pjsc"},
    {"OAO Acme", "oao/l acme/n", "acme", "oao"},
    {"ZAO Acme", "zao/l acme/n", "acme", "zao"},
    {"OOO Acme", "ooo/l acme/n", "acme", "ooo"},
    {"ООО Ромашка", "ooo/l ромашка/n", "ромашка", "ooo"},
    {"ООО «Ромашка»", "ooo/l ромашка/n", "ромашка", "ooo"},
    {"АО «Газпром нефть»", "ao/l газпром/n нефть/n", "газпром нефть", "ao"},
    {"ПАО Сбербанк", "pao/l сбербанк/n", "сбербанк", "pao"},
    {"Общество с ограниченной ответственностью Ромашка", "ooo/l ромашка/n", "ромашка", "ooo"},
    {"Toshkent To'qimachilik MChJ", "toshkent/n to/n qimachilik/n mchj/l", "toshkent to qimachilik",
     "mchj"},
    {"Navoiy Kon AJ", "navoiy/n kon/n aj/l", "navoiy kon", "aj"},
    {"Linglong International Europe D.O.O. Zrenjanin",
     "linglong/n intl/g europe/p doo/l zrenjanin/p", "linglong intl europe zrenjanin", "doo"},
    {"China Cotton Group Henan Logistics Park Co., Ltd., Xinye Branch",
     "china/p cotton/g grp/g henan/p logistics/g park/g co/l ltd/l xinye/p branch/g",
     "china cotton grp henan logistics park xinye branch", "co ltd"},
    /* CJK: legal suffixes peeled, places and trade words cut, brand kept */
    {"新疆大全新能源股份有限公司", "新疆/p 大全/n 新能源/g co/l ltd/l", "新疆 大全 新能源",
     "co ltd"},
    {"合盛硅业（鄯善）有限公司", "合盛/n 硅业/g 鄯善/p co/l ltd/l", "合盛 硅业 鄯善", "co ltd"},
    {"新疆中泰(集团)有限责任公司", "新疆/p 中泰/n 集团/g co/l ltd/l", "新疆 中泰 集团", "co ltd"},
    /* 东方希望 is a brand of cjk_words.csv (class name): one token */
    {"新疆东方希望有色金属有限公司", "新疆/p 东方希望/n 有色金属/g co/l ltd/l",
     "新疆 东方希望 有色金属", "co ltd"},
    /* the cut that leaves the fewest characters to brands: 紫金 + 矿业, not 紫 + 金矿 + 业 */
    {"紫金矿业集团股份有限公司", "紫金/n 矿业/g 集团/g co/l ltd/l", "紫金 矿业 集团", "co ltd"},
    /* joining words that are pinyin syllables among syllables are syllables ("le") */
    {"Inner Mongolia Qi Le Yuan Food Co Ltd", "innermongolia/p qi/n le/n yuan/n food/g co/l ltd/l",
     "innermongolia qi le yuan food", "co ltd"},
    {"Banco de la Nacion", "banco/n nacion/n", "banco nacion", ""},
    {"骆驼集团股份有限公司", "骆驼/n 集团/g co/l ltd/l", "骆驼 集团", "co ltd"},
    {"株式会社ユニクロ", "kk/l ユニ/n ニク/n クロ/n", "ユニクロ", "kk"},
    /* joining words, digits, empty input */
    {"Tianjin No. 2 Printing Plant", "tianjin/p no/g 2/n printing/g plant/g",
     "tianjin no 2 printing plant", ""},
    {"The Acme Company", "acme/n co/l", "acme", "co"},
    {"", "", "", ""},
    {" .,;- ", "", "", ""},
    {"CO LTD", "co/l ltd/l", "", "co ltd"},
};

static void test_parse_cases(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof parse_cases / sizeof parse_cases[0]; i++) {
        const struct parse_case *c = &parse_cases[i];
        fl_name n;
        char got[1024];
        assert_int_equal(fl_name_parse(names, c->in, strlen(c->in), NULL, &n), FL_OK);
        dump(&n, got, sizeof got);
        if (strcmp(got, c->tokens) != 0)
            fail_msg("case %zu '%s': tokens '%s', want '%s'", i, c->in, got, c->tokens);
        if (strcmp(n.key, c->key) != 0)
            fail_msg("case %zu '%s': key '%s', want '%s'", i, c->in, n.key, c->key);
        if (strcmp(n.legal, c->legal) != 0)
            fail_msg("case %zu '%s': legal '%s', want '%s'", i, c->in, n.legal, c->legal);
        assert_false(n.truncated);
    }
}

/* Flags: bracketed words, words after the legal form, CJK bigram runs. */
static void test_flags(void **state)
{
    (void)state;
    fl_name n;
    const char *s = "Hoshine Silicon (Shanshan) Co Ltd Urumqi";
    assert_int_equal(fl_name_parse(names, s, strlen(s), NULL, &n), FL_OK);
    assert_int_equal(n.n_tok, 6);
    assert_true(n.tok[2].flags & FL_NTOK_PAREN);
    assert_false(n.tok[0].flags & FL_NTOK_PAREN);
    assert_true(n.tok[5].flags & FL_NTOK_TAIL);
    assert_int_equal(n.tok[5].cls, FL_NTOK_PLACE);

    s = "东方鸿运";
    assert_int_equal(fl_name_parse(names, s, strlen(s), NULL, &n), FL_OK);
    assert_int_equal(n.n_tok, 3);
    for (size_t i = 0; i < 3; i++) {
        assert_true(n.tok[i].flags & FL_NTOK_CJK);
        assert_int_equal(n.tok[i].nrun, 3);
    }
    s = "Lop County No. 4";
    assert_int_equal(fl_name_parse(names, s, strlen(s), NULL, &n), FL_OK);
    assert_true(n.tok[n.n_tok - 1].flags & FL_NTOK_DIGITS);
}

/* Run-together words are split with the caller's vocabulary. */
static bool vocab(const void *ctx, const char *w, size_t len)
{
    (void)ctx;
    static const char *const words[] = {"hoshine", "zhongtai", "daqo"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strlen(words[i]) == len && memcmp(words[i], w, len) == 0)
            return true;
    return false;
}

struct split_case {
    const char *in;
    const char *key;
};

static const struct split_case glue_cases[] = {
    {"HOSHINESILICON INDUSTRY CO LTD", "hoshine silicon ind"},
    {"HOSHINESILICONINDUSTRY", "hoshine silicon ind"},
    {"XINJIANGZHONGTAI CHEMICAL", "xinjiang zhongtai chem"},
    {"DAQONEWENERGY", "daqo new energy"},
    {"HOSHINE SILICON", "hoshine silicon"}, /* known words are left alone */
    {"HOSHINO TRADING", "hoshino trdg"},    /* unknown word without known pieces */
    {"SILICONES CO", "silicones"},          /* "silicon" + "es": piece too short */
    {"ACMEWIDGETS", "acmewidgets"},         /* pieces unknown */
};

static void test_glued_words(void **state)
{
    (void)state;
    fl_name_vocab v = {vocab, NULL};
    for (size_t i = 0; i < sizeof glue_cases / sizeof glue_cases[0]; i++) {
        fl_name n;
        const char *s = glue_cases[i].in;
        assert_int_equal(fl_name_parse(names, s, strlen(s), &v, &n), FL_OK);
        if (strcmp(n.key, glue_cases[i].key) != 0)
            fail_msg("case %zu '%s': key '%s', want '%s'", i, s, n.key, glue_cases[i].key);
    }
    /* without a vocabulary an unknown brand stays glued */
    fl_name n;
    const char *s = "HOSHINESILICON";
    assert_int_equal(fl_name_parse(names, s, strlen(s), NULL, &n), FL_OK);
    assert_string_equal(n.key, "hoshinesilicon");
}

struct wrap_case {
    const char *in;
    const char *parts; /* "role:text|role:text" */
};

static const struct wrap_case wrap_cases[] = {
    {"ABC LOGISTICS AS AGENT FOR XYZ SILICON CO LTD",
     "agent:ABC LOGISTICS|principal:XYZ SILICON CO LTD"},
    {"XYZ CO LTD C/O ABC FORWARDING", "principal:XYZ CO LTD|agent:ABC FORWARDING"},
    {"XYZ CO LTD, CARE OF ABC FORWARDING", "principal:XYZ CO LTD|agent:ABC FORWARDING"},
    {"ABC O/B XYZ", "agent:ABC|principal:XYZ"},
    {"ABC ON BEHALF OF XYZ", "agent:ABC|principal:XYZ"},
    {"ABC FOR AND ON BEHALF OF XYZ", "agent:ABC|principal:XYZ"},
    {"TO THE ORDER OF XYZ BANK", "principal:XYZ BANK"},
    {"XYZ A/K/A ABC", "alias:XYZ|alias:ABC"},
    {"XYZ D/B/A ABC", "alias:XYZ|alias:ABC"},
    {"ABC AS AGENT FOR XYZ C/O DEF", "agent:ABC|principal:XYZ|agent:DEF"},
    {"COSCO SHIPPING LINES CO LTD", "whole:COSCO SHIPPING LINES CO LTD"},
    {"CO-OPERATIVE TEXTILES", "whole:CO-OPERATIVE TEXTILES"}, /* "co" is no wrapper */
    {"  ", ""},
};

static void test_split(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof wrap_cases / sizeof wrap_cases[0]; i++) {
        const char *s = wrap_cases[i].in;
        fl_name_part parts[FL_NAME_MAX_PARTS];
        size_t n = fl_name_split(s, strlen(s), parts, FL_NAME_MAX_PARTS);
        char got[512];
        size_t o = 0;
        got[0] = '\0';
        for (size_t k = 0; k < n; k++)
            o += (size_t)snprintf(got + o, sizeof got - o, "%s%s:%.*s", k ? "|" : "",
                                  fl_name_role_str(parts[k].role), (int)parts[k].len,
                                  s + parts[k].start);
        if (strcmp(got, wrap_cases[i].parts) != 0)
            fail_msg("case %zu '%s': parts '%s', want '%s'", i, s, got, wrap_cases[i].parts);
    }
}

static void test_bad_input(void **state)
{
    (void)state;
    fl_name n;
    assert_int_equal(fl_name_parse(names, "abc\xff", 4, NULL, &n), FL_ERR_INPUT);
    assert_int_equal(n.n_tok, 0);
    assert_int_equal(fl_name_parse(names, NULL, 0, NULL, &n), FL_OK);
    assert_int_equal(n.n_tok, 0);
    /* a very long name is cut, never overflows */
    char big[4000];
    for (size_t i = 0; i < sizeof big - 1; i++)
        big[i] = (i % 7 == 6) ? ' ' : (char)('a' + i % 26);
    big[sizeof big - 1] = '\0';
    assert_int_equal(fl_name_parse(names, big, strlen(big), NULL, &n), FL_OK);
    assert_true(n.truncated);
    assert_true(n.n_tok <= FL_NAME_MAX_TOKENS);
    /* CJK cut in the middle of a character at the input cap */
    char cjk[3 * 400 + 1];
    for (size_t i = 0; i < 400; i++)
        memcpy(cjk + 3 * i, "\xe5\x90\x88", 3); /* 合 */
    cjk[sizeof cjk - 1] = '\0';
    assert_int_equal(fl_name_parse(names, cjk, strlen(cjk), NULL, &n), FL_OK);
    assert_true(n.truncated);
}

static void test_table_words(void **state)
{
    (void)state;
    assert_true(fl_nametab_word(names, "industry", 8));
    assert_true(fl_nametab_word(names, "ltd", 3));
    assert_true(fl_nametab_word(names, "xinjiang", 8));
    assert_false(fl_nametab_word(names, "hoshine", 7));
    assert_false(fl_nametab_word(names, "s", 1)); /* only the start of "s a de c v" */
    assert_string_equal(fl_ntok_class_str(FL_NTOK_LEGAL), "legal");
    assert_string_equal(fl_name_role_str(FL_ROLE_PRINCIPAL), "principal");
}

/* ---- the tables as data (nametab.h) ---- */

static const char *const table_files[] = {
    "legal_forms.csv",     "generic_words.csv", "places.csv",          "joining_words.csv",
    "cjk_legal_forms.csv", "cjk_words.csv",     "qualifier_words.csv", "palladius.csv",
    "polyphones.csv"};
#define N_TABLE_FILES (sizeof table_files / sizeof table_files[0])

static void copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
    assert_non_null(in);
    assert_non_null(out);
    char buf[8192];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        assert_int_equal(fwrite(buf, 1, n, out), n);
    fclose(in);
    assert_int_equal(fclose(out), 0);
}

/* A copy of the shipped folder in a new temporary folder dir[]. */
static void copy_tables(char *dir, size_t cap)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, cap, "%s/flscan-names-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    assert_non_null(mkdtemp(dir));
    for (size_t i = 0; i < N_TABLE_FILES; i++) {
        char from[1024], to[1024];
        snprintf(from, sizeof from, "%s/datasets/names/%s", FLSCAN_SOURCE_DIR, table_files[i]);
        snprintf(to, sizeof to, "%s/%s", dir, table_files[i]);
        copy_file(from, to);
    }
}

static void remove_tables(const char *dir)
{
    char path[1024];
    for (size_t i = 0; i < N_TABLE_FILES; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, table_files[i]);
        unlink(path);
    }
    rmdir(dir);
}

/* Write text to dir/file: appended, or as the whole file. */
static void put_text(const char *dir, const char *file, const char *text, bool append)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    FILE *f = fopen(path, append ? "ab" : "wb");
    assert_non_null(f);
    assert_true(fputs(text, f) >= 0);
    assert_int_equal(fclose(f), 0);
}

/* Load dir with stderr sent to a file; returns what was written (caller frees). */
static char *capture_load(const char *dir, fl_status *st, fl_name_tables **out)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/stderr.txt", dir);
    fflush(stderr);
    int saved = dup(2);
    assert_non_null(freopen(path, "w", stderr));
    *st = fl_nametab_load(dir, out);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    FILE *in = fopen(path, "r");
    assert_non_null(in);
    char *buf = calloc(1, 8192);
    assert_non_null(buf);
    size_t n = fread(buf, 1, 8191, in);
    buf[n] = '\0';
    fclose(in);
    unlink(path);
    return buf;
}

static void test_tables_loaded(void **state)
{
    (void)state;
    assert_int_equal(fl_nametab_count(names), 1239); /* the rows of datasets/names/ */
    assert_int_equal(fl_nametab_count(NULL), 0);
    fl_nametab_free(NULL);
    size_t n;
    const fl_phrase *p = fl_nametab_cjk(names, FL_CJK_LEGAL_FIRST, &n);
    assert_int_equal(n, 3);
    assert_string_equal(p[0].words, "株式会社");
    p = fl_nametab_lookup(names, "s", 1); /* "s a de c v", "s a", ... in file order */
    assert_non_null(p);
    assert_string_equal(p->words, "s a");
    assert_string_equal(p->next->words, "s a s");
    assert_null(fl_nametab_lookup(names, "hoshine", 7));
}

struct bad_table {
    const char *file; /* replaced by text */
    const char *text;
    const char *want; /* substring of the messages */
    fl_status st;
};

static const struct bad_table bad_tables[] = {
    {"legal_forms.csv", "phrase,canonical,kind,source\nltd,ltd,strongest,x\n",
     "names/legal_forms.csv:2:3: unknown value 'strongest'; expected strong, weak, weak-generic "
     "or weak-first (column 'kind')",
     FL_ERR_RULES},
    {"legal_forms.csv", "phrase,canonical,kind,source\nltd,ltd,strong,x\nGesmbH,GmbH,strong,x\n",
     "names/legal_forms.csv:3:2: canonical token 'GmbH' is not in folded form; write 'gmbh'",
     FL_ERR_RULES},
    {"legal_forms.csv", "phrase,canonical,kind,source\nltd,ltd,strong,\n",
     "names/legal_forms.csv:2:4: missing source", FL_ERR_RULES},
    {"legal_forms.csv", "phrase,canonical,kind,source\n--,x,strong,y\n",
     "names/legal_forms.csv:2:1: phrase '--' has no letters or digits", FL_ERR_RULES},
    {"legal_forms.csv", "phrase,canonical,kind,source\nab\xff,ab,strong,y\n",
     "names/legal_forms.csv:2:1: phrase is not valid UTF-8", FL_ERR_RULES},
    {"legal_forms.csv", "phrase,canonical,kind,source\nltd,ltd|,strong,y\n",
     "names/legal_forms.csv:2:2: bad canonical form 'ltd|'", FL_ERR_RULES},
    {"legal_forms.csv", "phrase,canonical,kind\nltd,ltd,strong\n",
     "names/legal_forms.csv:1: missing column 'source'", FL_ERR_RULES},
    {"generic_words.csv", "phrase,canonical,source\nLtd.,ltd,y\n",
     "names/generic_words.csv:2:1: phrase 'Ltd.' is already listed at names/legal_forms.csv:2",
     FL_ERR_RULES},
    {"places.csv", "phrase,canonical,source\n新疆,xinjiang,y\n",
     "names/places.csv:2:1: phrase '新疆' has Chinese, Japanese or Korean characters",
     FL_ERR_RULES},
    {"joining_words.csv", "phrase,source\nand\n",
     "names/joining_words.csv:2: 1 fields, but the header has 2", FL_ERR_RULES},
    {"cjk_legal_forms.csv", "phrase,canonical,written_first,source\n公司,co,maybe,y\n",
     "names/cjk_legal_forms.csv:2:3: unknown value 'maybe'; expected yes or no", FL_ERR_RULES},
    {"cjk_words.csv", "phrase,canonical,class,source\nabc,abc,place,y\n",
     "names/cjk_words.csv:2:1: phrase 'abc' has characters that are not Chinese, Japanese or "
     "Korean",
     FL_ERR_RULES},
    {"cjk_words.csv", "phrase,canonical,class,source\n新疆,新疆,place,y\n新疆,新疆,generic,y\n",
     "names/cjk_words.csv:3:1: phrase '新疆' is already listed at names/cjk_words.csv:2",
     FL_ERR_RULES},
    {"cjk_words.csv", "phrase,canonical,class,source,latin\n化学,化学,generic,y,化学\n",
     "names/cjk_words.csv:2:5: bad latin form '化学'", FL_ERR_RULES},
    {"cjk_words.csv", "phrase,canonical,class,source\n化学,化学,brand,y\n",
     "unknown value 'brand'; expected place, generic or name", FL_ERR_RULES},
    {"palladius.csv", "syllable,pinyin,source\nчжун,Zhong,y\n",
     "names/palladius.csv:2:2: canonical token 'Zhong' is not in folded form", FL_ERR_RULES},
    {"qualifier_words.csv", "token,meaning,source\nbranch,branch,\n",
     "names/qualifier_words.csv:2:3: missing source", FL_ERR_RULES},
    {"polyphones.csv", "character,reading,source\nchang,chang,y\n",
     "names/polyphones.csv:2:1: phrase 'chang' has characters that are not Chinese", FL_ERR_RULES},
};

/* A bad table is refused with a located message, and nothing is returned. */
static void test_bad_tables(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_tables / sizeof bad_tables[0]; i++) {
        const struct bad_table *c = &bad_tables[i];
        char dir[512];
        copy_tables(dir, sizeof dir);
        put_text(dir, c->file, c->text, false);
        fl_status st;
        fl_name_tables *t = (fl_name_tables *)1;
        char *msg = capture_load(dir, &st, &t);
        remove_tables(dir);
        if (!strstr(msg, c->want))
            fail_msg("case %zu: want '%s' in:\n%s", i, c->want, msg);
        free(msg);
        assert_int_equal(st, c->st);
        assert_null(t);
    }
    /* a missing file */
    char dir[512];
    copy_tables(dir, sizeof dir);
    char path[1024];
    snprintf(path, sizeof path, "%s/places.csv", dir);
    unlink(path);
    fl_status st;
    fl_name_tables *t = NULL;
    char *msg = capture_load(dir, &st, &t);
    remove_tables(dir);
    assert_true(strstr(msg, "places.csv") != NULL);
    free(msg);
    assert_int_not_equal(st, FL_OK);
    assert_null(t);
}

/* What an analyst does: add a row to a copy of the folder; names parse differently at once. */
static void test_added_rows(void **state)
{
    (void)state;
    static const char *const in[] = {"ACME HANDELS GESMBH", "合同会社ユニクロ"};
    fl_name n;
    assert_int_equal(fl_name_parse(names, in[0], strlen(in[0]), NULL, &n), FL_OK);
    assert_string_equal(n.key, "acme handels gesmbh");
    assert_string_equal(n.legal, "");
    assert_int_equal(fl_name_parse(names, in[1], strlen(in[1]), NULL, &n), FL_OK);
    assert_string_equal(n.legal, "");

    char dir[512];
    copy_tables(dir, sizeof dir);
    put_text(dir, "legal_forms.csv",
             "GesmbH,gmbh,strong,\"Austria: GesmbH, a spelling of GmbH; test row\"\n", true);
    put_text(dir, "cjk_legal_forms.csv", "合同会社,llc,yes,\"Japan: godo kaisha; test row\"\n",
             true);
    fl_name_tables *t = NULL;
    assert_int_equal(fl_nametab_load(dir, &t), FL_OK);
    remove_tables(dir);
    assert_int_equal(fl_nametab_count(t), fl_nametab_count(names) + 2);
    assert_int_equal(fl_name_parse(t, in[0], strlen(in[0]), NULL, &n), FL_OK);
    assert_string_equal(n.key, "acme handels");
    assert_string_equal(n.legal, "gmbh");
    assert_int_equal(fl_name_parse(t, in[1], strlen(in[1]), NULL, &n), FL_OK);
    assert_string_equal(n.key, "ユニクロ");
    assert_string_equal(n.legal, "llc");
    fl_nametab_free(t);
}

/* Names in other scripts written in Latin letters (fl_name_romanise). */
struct rom_case {
    const char *in;
    fl_name_rom r;
    const char *out;
};

static const struct rom_case rom_cases[] = {
    /* trade words by their latin column, places run together, brands as syllables */
    {"新疆中泰化学股份有限公司", FL_ROM_HAN, "xinjiang zhong tai chemical co ltd"},
    {"合盛硅业（鄯善）有限公司", FL_ROM_HAN, "hoshine silicon industry ( shanshan ) co ltd"},
    {"纳思达股份有限公司", FL_ROM_HAN, "ninestar co ltd"}, /* a brand row's latin */
    {"长虹美菱股份有限公司", FL_ROM_HAN, "zhang hong mei ling co ltd"},
    {"长虹美菱股份有限公司", FL_ROM_HAN_ALT, "chang hong mei ling co ltd"}, /* polyphones.csv */
    {"吐鲁番ABC有限公司", FL_ROM_HAN, "turpan abc co ltd"},
    /* Cyrillic: table words stay, Palladius syllables become pinyin, the rest transliterated */
    {"Синьцзян Чжунтай Кемикал Ко., Лтд.", FL_ROM_RUSSIAN, "синьцзян zhongtai кемикал ко лтд"},
    {"Цзыцзинь Майнинг", FL_ROM_RUSSIAN, "zijin маининг"},
    {"Хошайн", FL_ROM_RUSSIAN, "khoshain"}, /* й inside the word: not Palladius */
    {"ООО Ромашка", FL_ROM_RUSSIAN, "ооо romashka"},
    {"Хоразм", FL_ROM_UZBEK, "xorazm"},
    {"Зрењанин", FL_ROM_RUSSIAN, "zrenjanin"},
};

static void test_romanise(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof rom_cases / sizeof rom_cases[0]; i++) {
        const struct rom_case *c = &rom_cases[i];
        char out[512];
        ssize_t n = fl_name_romanise(names, c->r, c->in, strlen(c->in), out, sizeof out);
        if (n < 0 || strcmp(out, c->out) != 0)
            fail_msg("case %zu '%s' (%s): '%s', want '%s'", i, c->in, fl_name_rom_str(c->r),
                     n < 0 ? "(failed)" : out, c->out);
    }
    /* the romanised text parses like a Latin name */
    fl_name n;
    char out[512];
    const char *s = "新疆中泰化学股份有限公司";
    ssize_t k = fl_name_romanise(names, FL_ROM_HAN, s, strlen(s), out, sizeof out);
    assert_true(k > 0);
    assert_int_equal(fl_name_parse(names, out, (size_t)k, NULL, &n), FL_OK);
    assert_string_equal(n.key, "xinjiang zhong tai chem");
    assert_string_equal(n.legal, "co ltd");
    /* scripts, polyphones, bad input, small buffers */
    assert_int_equal(fl_name_scripts("ACME 中泰", 10), FL_SCRIPT_HAN);
    assert_int_equal(fl_name_scripts("ООО Ромашка", strlen("ООО Ромашка")), FL_SCRIPT_CYRILLIC);
    assert_int_equal(fl_name_scripts("ACME", 4), 0u);
    assert_true(fl_name_has_polyphone(names, "长虹", strlen("长虹")));
    assert_false(fl_name_has_polyphone(names, "中泰", strlen("中泰")));
    assert_int_equal(fl_name_romanise(names, FL_ROM_HAN, "\xff", 1, out, sizeof out), -1);
    assert_int_equal(fl_name_romanise(names, FL_ROM_HAN, s, strlen(s), out, 4), -1);
    assert_string_equal(fl_name_rom_str(FL_ROM_UZBEK), "Uzbek Cyrillic-Latin");
    assert_string_equal(fl_name_rom_str(FL_ROM_COUNT), "?");
    /* pinyin words, Palladius and qualifier tables */
    assert_true(fl_nametab_pinyin(names, "zijin", 5));
    assert_true(fl_nametab_pinyin(names, "tai", 3));
    assert_false(fl_nametab_pinyin(names, "hoshine", 7));
    assert_false(fl_nametab_pinyin(names, "ninestar", 8));
    assert_string_equal(fl_nametab_palladius(names, "чжун", strlen("чжун")), "zhong");
    assert_null(fl_nametab_palladius(names, "лтд", strlen("лтд")));
    assert_string_equal(fl_nametab_qualifier(names, "branch", 6), "branch");
    assert_null(fl_nametab_qualifier(names, "silicon", 7));
    assert_string_equal(fl_nametab_polyphone(names, "勒", strlen("勒")), "le");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_cases),   cmocka_unit_test(test_flags),
        cmocka_unit_test(test_glued_words),   cmocka_unit_test(test_split),
        cmocka_unit_test(test_bad_input),     cmocka_unit_test(test_table_words),
        cmocka_unit_test(test_tables_loaded), cmocka_unit_test(test_bad_tables),
        cmocka_unit_test(test_added_rows),    cmocka_unit_test(test_romanise),
    };
    return cmocka_run_group_tests(tests, load_names, free_names);
}
