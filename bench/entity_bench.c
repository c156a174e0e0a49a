/*
 * entity_bench.c - micro-benchmark of listed-entity screening (entity.h).
 *
 * Usage: entity_bench [RULES_DIR [N]]
 *   RULES_DIR  rule set to index (default: the source tree's rules/)
 *   N          synthetic party names to screen (default 200000)
 *
 * The names are generated from a fixed seed: mostly realistic names of companies that are
 * not listed (place + brand + trade words + legal form, in Latin letters, some Chinese and
 * some Cyrillic, some wrapped in "C/O" or "AS AGENT FOR"), and one in fifty a variant of a
 * listed name, so that blocking, scoring and evidence are all exercised. Prints the time to
 * build the index, the time the thread takes to open ICU's transforms on first use (once per
 * thread, translit.h; timed apart) and the screening time per name. Not a test: timings depend
 * on the machine.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "country.h"
#include "entity.h"
#include "nametab.h"
#include "rules.h"

#if !defined(FLSCAN_SOURCE_DIR) || !defined(FLSCAN_ISO_CODES_DIR)
#error "build with bench/CMakeLists.txt (it defines FLSCAN_SOURCE_DIR and FLSCAN_ISO_CODES_DIR)"
#endif

#include "bench_rng.h"

#define PICK(a) (a)[pick(sizeof(a) / sizeof((a)[0]))]

static const char *const places[] = {"ZHEJIANG", "JIANGSU", "SHANGHAI", "GUANGDONG", "NINGBO",
                                     "XIAMEN",   "QINGDAO", "SHENZHEN", "HANGZHOU",  "SUZHOU",
                                     "FOSHAN",   "YIWU",    "DONGGUAN", "TIANJIN",   "HEBEI",
                                     "SHANDONG", "",        "",         "",          ""};
static const char *const syll[] = {
    "HUA",  "XIN", "LONG", "FENG", "TAI",  "MING", "SHENG", "JIN", "YUAN", "HONG",  "DA",  "LI",
    "KANG", "RUI", "BAO",  "HENG", "TIAN", "YU",   "CHANG", "DE",  "FU",   "GUANG", "HAI", "XIANG"};
static const char *const words[] = {
    "ACME",          "PACIFIC",    "SUMMIT",  "EVERGREEN", "BLUE RIVER", "NORTHSTAR",
    "GOLDEN BRIDGE", "SILVERLINE", "OCEANIC", "HARBOR",    "PIONEER",    "SUNRISE",
    "MAPLE",         "CRESCENT",   "ATLAS",   "ORION",     "VERTEX",     "NOVA",
    "ZENITH",        "UNITED",     "GLOBAL",  "EASTERN",   "CONTINENTAL"};
static const char *const trades[] = {
    "TEXTILE",       "GARMENT",    "IMPORT AND EXPORT", "IMP & EXP",
    "TRADING",       "INDUSTRIAL", "ELECTRONICS",       "FURNITURE",
    "HOME PRODUCTS", "HARDWARE",   "PLASTIC PRODUCTS",  "APPAREL",
    "KNITTING",      "LOGISTICS",  "TECHNOLOGY",        "NEW MATERIAL",
    "SOLAR",         "TOYS",       "FOOTWEAR",          "PACKAGING",
    "MACHINERY",     "AUTO PARTS", "LIGHTING",          "CERAMICS"};
static const char *const legal[] = {"CO LTD",  "CO., LTD.", "CO.,LTD", "LIMITED", "LTD",
                                    "INC",     "LLC",       "CORP",    "GMBH",    "S.A. DE C.V.",
                                    "PVT LTD", "SDN BHD",   "JSC",     ""};
static const char *const listed_variants[] = {
    "HOSHINE SILICON INDUSTRY (SHANSHAN) CO LTD",
    "XINJIANG DAQO NEW ENERGY CO.,LTD",
    "XINJIANG ZHONG TAI CHEMICAL CO LTD",
    "CAMEL GROUP CO LTD",
    "HOSHINO TRADING CO LTD",
    "ABC LOGISTICS AS AGENT FOR XINJIANG ZHONGTAI CHEMICAL CO LTD",
    "TOP GLOVE SDN BHD",
    "NINESTAR CORP ZHUHAI",
    "ZHONGTAI SECURITIES CO LTD",
    "新疆大全新能源股份有限公司"};
static const char *const cjk[] = {"浙江华联纺织有限公司",   "宁波海天贸易有限公司",
                                  "上海永盛进出口有限公司", "广东美达电器有限公司",
                                  "厦门金龙鞋业有限公司",   "青岛鸿运国际物流有限公司"};
static const char *const cyr[] = {"ООО «Вектор»", "АО «Текстиль Импорт»", "ООО Ромашка Трейд",
                                  "ТОО «Азия Логистик»"};

static void make_name(char *out, size_t cap)
{
    unsigned r = pick(100);
    if (r < 2) {
        snprintf(out, cap, "%s", PICK(listed_variants));
        return;
    }
    if (r < 7) {
        snprintf(out, cap, "%s", PICK(cjk));
        return;
    }
    if (r < 10) {
        snprintf(out, cap, "%s", PICK(cyr));
        return;
    }
    char brand[64];
    if (pick(2))
        snprintf(brand, sizeof brand, "%s%s", PICK(syll), PICK(syll));
    else
        snprintf(brand, sizeof brand, "%s", PICK(words));
    const char *pl = PICK(places);
    int n =
        snprintf(out, cap, "%s%s%s %s %s", pl, *pl ? " " : "", brand, PICK(trades), PICK(legal));
    if (r < 15 && n > 0 && (size_t)n < cap)
        snprintf(out + n, cap - (size_t)n, " C/O %s LOGISTICS LTD", PICK(words));
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : FLSCAN_SOURCE_DIR "/rules";
    size_t n = argc > 2 ? strtoul(argv[2], NULL, 10) : 200000;
    if (!n)
        n = 1;
    fl_countries *c = NULL;
    fl_ruleset *rs = NULL;
    fl_entity_index *ix = NULL;
    fl_name_tables *nt = NULL;
    if (fl_countries_load(FLSCAN_ISO_CODES_DIR "/iso_3166-1.json",
                          FLSCAN_SOURCE_DIR "/datasets/country_aliases.csv", &c) != FL_OK ||
        fl_rules_load(dir, c, &rs) != FL_OK ||
        fl_nametab_load(FLSCAN_SOURCE_DIR "/datasets/names", &nt) != FL_OK)
        return 1;
    double t0 = now();
    if (fl_entity_index_new(rs, nt, NULL, &ix) != FL_OK)
        return 1;
    double t1 = now();
    char(*names)[160] = malloc(n * sizeof *names);
    if (!names)
        return 1;
    for (size_t i = 0; i < n; i++)
        make_name(names[i], sizeof names[i]);
    static const char *const countries[] = {"CN", "CN", "CN", "", "VN", "US", "DE", "MY"};
    size_t hits = 0, possible = 0;
    /* the thread opens ICU's transforms on first use (translit.h): once per thread, not per
       name, so it is timed apart */
    double tw = now();
    static const char *const warm[] = {"新疆大全新能源股份有限公司", "长虹美菱股份有限公司",
                                       "ООО Ромашка Трейд"};
    for (size_t i = 0; i < sizeof warm / sizeof warm[0]; i++) {
        fl_entity_hit h[4];
        fl_entity_screen(ix, warm[i], strlen(warm[i]), "CN", h, 4);
    }
    double t2 = now();
    for (size_t i = 0; i < n; i++) {
        fl_entity_hit h[4];
        size_t k = fl_entity_screen(ix, names[i], strlen(names[i]), countries[i % 8], h, 4);
        for (size_t j = 0; j < k && j < 4; j++)
            *(h[j].possible ? &possible : &hits) += 1;
    }
    double t3 = now();
    printf("entity index: %zu names from '%s' built in %.2f ms; first use of the ICU transforms "
           "%.1f ms\n",
           fl_entity_index_names(ix), dir, (t1 - t0) * 1e3, (t2 - tw) * 1e3);
    printf("screened %zu names: %zu hits, %zu possible matches; %.0f ns per name\n", n, hits,
           possible, (t3 - t2) * 1e9 / (double)n);
    free(names);
    fl_entity_index_free(ix);
    fl_nametab_free(nt);
    fl_ruleset_free(rs);
    fl_countries_free(c);
    return 0;
}
