/*
 * test_address.c - the country of an address, read from its end (address.h), and the
 * subdivision names it uses (country.h).
 *
 * Two parts: a table of shapes and traps written with the detector, and the labelled set
 * tests/data/address_countries.csv (tests/data/README.md), written by a labeller who had not
 * read the detector: over it no country may be wrong (precision 1), and the recall is
 * printed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "address.h"
#include "country.h"
#include "table.h"

#define ISO1 FLSCAN_ISO_CODES_DIR "/iso_3166-1.json"
#define ISO2 FLSCAN_ISO_CODES_DIR "/iso_3166-2.json"
#define ALIASES FLSCAN_SOURCE_DIR "/datasets/country_aliases.csv"
#define SUBS FLSCAN_SOURCE_DIR "/datasets/subdivision_aliases.csv"
#define LABELLED FLSCAN_SOURCE_DIR "/tests/data/address_countries.csv"

static fl_countries *C;

static int setup(void **state)
{
    (void)state;
    if (fl_countries_load(ISO1, ALIASES, &C) != FL_OK)
        return -1;
    return fl_countries_load_subdivisions(C, ISO2, SUBS) == FL_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    fl_countries_free(C);
    return 0;
}

struct sub_case {
    const char *name;
    fl_subdiv_match want;
    const char *code; /* FL_SUBDIV_ONE */
};

static const struct sub_case sub_cases[] = {
    {"Ontario", FL_SUBDIV_ONE, "CA-ON"},
    {"Ont", FL_SUBDIV_ONE, "CA-ON"},      /* alias */
    {"Guangdong Sheng", FL_SUBDIV_ONE, "CN-GD"},
    {"Guangdong", FL_SUBDIV_ONE, "CN-GD"}, /* without the kind word */
    {"GYEONGGI-DO", FL_SUBDIV_ONE, "KR-41"},
    {"Gyeonggi", FL_SUBDIV_ONE, "KR-41"},
    {"Seoul", FL_SUBDIV_ONE, "KR-11"},
    {"Espirito Santo", FL_SUBDIV_ONE, "BR-ES"},
    {"Cuneo", FL_SUBDIV_NONE, NULL},      /* a province of a region: second level */
    {"Lombardia", FL_SUBDIV_ONE, "IT-25"},
    {"Tamil Nadu", FL_SUBDIV_ONE, "IN-TN"},
    {"Bình Dương", FL_SUBDIV_ONE, "VN-57"},
    {"Cataluña", FL_SUBDIV_ONE, "ES-CT"},  /* "Catalunya [Cataluña]" */
    {"Catalunya", FL_SUBDIV_ONE, "ES-CT"},
    {"Kingston", FL_SUBDIV_NONE, NULL},    /* a Jamaican parish: a town type */
    {"South", FL_SUBDIV_NONE, NULL},       /* CM-SU: a plain word */
    {"Punjab", FL_SUBDIV_AMBIGUOUS, NULL}, /* IN and PK */
    {"Georgia", FL_SUBDIV_AMBIGUOUS, NULL}, /* a US state and a country */
    {"Mexico", FL_SUBDIV_NONE, NULL},      /* MX-MEX, but the country's own name */
    {"Ain", FL_SUBDIV_NONE, NULL},         /* too short from the ISO data */
    {"ES", FL_SUBDIV_NONE, NULL},
    {"", FL_SUBDIV_NONE, NULL},
};

static void test_subdivision_lookup(void **state)
{
    (void)state;
    assert_true(fl_subdivisions_count(C) > 2000);
    assert_true(fl_subdivision_alias_count(C) >= 5);
    for (size_t i = 0; i < sizeof sub_cases / sizeof *sub_cases; i++) {
        const struct sub_case *t = &sub_cases[i];
        char code[8] = "-";
        fl_subdiv_match m = fl_subdivision_lookup(C, t->name, strlen(t->name), code);
        if (m != t->want)
            fail_msg("'%s': got %d (%s), want %d", t->name, (int)m, code, (int)t->want);
        if (t->code)
            assert_string_equal(code, t->code);
    }
}

struct addr_case {
    const char *address;
    const char *want; /* NULL: no country */
};

static const struct addr_case addr_cases[] = {
    /* the country at the end, in its forms */
    {"12 Le Loi, District 1, Ho Chi Minh City, Viet Nam", "VN"},
    {"Plot 12, EPZ, Chittagong 4223, Bangladesh", "BD"},
    {"8 Xin Ye Lu, Jianggan Qu, Hangzhou Shi, Zhejiang Sheng, China, 310016", "CN"},
    {"Shenzhen, Guangdong, P.R.China", "CN"},
    {"Tashkent Uzbekistan", "UZ"},
    {"Seoul, Korea, Republic of", "KR"},
    {"Taichung, Taiwan, R.O.C.", "TW"},
    {"Kowloon, Hong Kong, China", "HK"},
    {"London EC1A 1BB, UK", "GB"},
    {"Almaty, Казахстан", "KZ"},
    {"浙江省宁波市鄞州区，中国", "CN"},
    {"中国浙江省宁波市鄞州区", "CN"},
    {"Bath, Ont, Canada", "CA"},
    {"SHANGHAI CHINA 200000 TEL 86 21 5555 1234", "CN"},
    {"Rua das Flores 12, Vitoria - ES, 29050-000, Brasil", "BR"},
    /* a subdivision at the end */
    {"Montreal, Que", "CA"},
    {"123 Industrial Rd, Suwon-si, Gyeonggi-do 16500", "KR"},
    {"Via Roma 1, 12100 Cuneo (CN)", NULL},       /* not China: (CN) is the province */
    {"Via Roma 1, 12100 Cuneo (CN), Italia", "IT"},
    {"Lot 5, VSIP, Binh Duong Province", "VN"},
    {"SHENZHEN, GUANGDONG 518000", "CN"},
    {"Los Angeles, CA 90001", "US"},
    {"Toronto, ON M5V 2T6", "CA"},
    /* traps: a two-letter token is never a country */
    {"Vitoria - ES", NULL},                      /* Espirito Santo, not Spain */
    {"KM 7 CARRETERA A SALTILLO, RAMOS ARIZPE", NULL}, /* not Comoros */
    {"YENIDOGAN MAH. 4012 SK. NO:18, MERKEZEFENDI", NULL}, /* not Slovakia */
    {"ATATURK BV. NO 22 TK 5", NULL},
    {"SHENZHEN GUANGDONG CN", "CN"},             /* Guangdong answers, not CN */
    {"Ankara, tr", "TR"}, /* the province, not the code */
    {"BUILDING 3, NO. 8", NULL},
    {"ABC TRADING CO", NULL},
    {"Vietnam Textile Building, Dong Da", NULL}, /* a country word inside: not read */
    {"Atlanta, Georgia", NULL},                   /* ambiguous */
    {"Lahore, Punjab", NULL},                     /* ambiguous */
    {"Calle Sonora 5, Zona 1", NULL},             /* a street named after a state */
    {"Santa Fe, New Mexico", "US"}, /* the state, not Mexico */
    {"", NULL},
    {"\xFF\xFE", NULL},
};

static void test_address_country(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof addr_cases / sizeof *addr_cases; i++) {
        const struct addr_case *t = &addr_cases[i];
        fl_address_place at;
        memset(&at, 0, sizeof at);
        bool ok = fl_address_country(C, fl_slice_cstr(t->address), &at);
        if (!t->want) {
            if (ok)
                fail_msg("'%s': got %s (%s), want none", t->address, at.country, at.subdivision);
            continue;
        }
        if (!ok)
            fail_msg("'%s': none, want %s", t->address, t->want);
        if (strcmp(at.country, t->want) != 0)
            fail_msg("'%s': got %s (%s), want %s", t->address, at.country, at.subdivision,
                     t->want);
        assert_true(at.end > at.start && at.end <= strlen(t->address));
    }
    fl_address_place at;
    assert_false(fl_address_country(NULL, fl_slice_cstr("Tashkent, Uzbekistan"), &at));
}

/* ---- the labelled set ---- */

typedef struct tally {
    size_t rows, labelled, given, right, wrong, unlabelled_given;
} tally;

enum { L_ID, L_ADDRESS, L_COUNTRY, L_COUNT };

static fl_status on_labelled(const fl_table_row *row, void *ctx)
{
    tally *t = ctx;
    fl_slice id = row->cells[L_ID], addr = row->cells[L_ADDRESS], want = row->cells[L_COUNTRY];
    fl_address_place at;
    bool ok = fl_address_country(C, addr, &at);
    t->rows++;
    if (want.len)
        t->labelled++;
    if (!ok) {
        if (want.len && getenv("FLSCAN_ADDRESS_MISSES")) /* for whoever improves recall */
            printf("no country: %.*s '%.*s' (label %.*s)\n", (int)id.len, id.ptr,
                   (int)addr.len, addr.ptr, (int)want.len, want.ptr);
        return FL_OK;
    }
    t->given++;
    if (want.len == 2 && memcmp(want.ptr, at.country, 2) == 0) {
        t->right++;
        return FL_OK;
    }
    if (want.len)
        t->wrong++;
    else
        t->unlabelled_given++;
    printf("false country: %.*s '%.*s' -> %s%s%s (label '%.*s')\n", (int)id.len, id.ptr,
           (int)addr.len, addr.ptr, at.country, at.subdivision[0] ? " via " : "",
           at.subdivision, (int)want.len, want.ptr);
    return FL_OK;
}

static void test_labelled_set(void **state)
{
    (void)state;
    static const char *const cols[L_COUNT] = {"id", "address", "country"};
    tally t = {0};
    assert_int_equal(fl_table_read(LABELLED, "address_countries.csv", cols, L_COUNT, L_COUNT,
                                   on_labelled, &t),
                     FL_OK);
    size_t false_countries = t.wrong + t.unlabelled_given;
    printf("address_countries.csv: %zu addresses, %zu labelled with a country; countries given "
           "%zu, right %zu, false %zu; precision %.3f, recall %.3f\n",
           t.rows, t.labelled, t.given, t.right, false_countries,
           t.given ? (double)t.right / (double)t.given : 1.0,
           t.labelled ? (double)t.right / (double)t.labelled : 0.0);
    assert_true(t.rows >= 300);
    assert_int_equal(false_countries, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_subdivision_lookup),
        cmocka_unit_test(test_address_country),
        cmocka_unit_test(test_labelled_set),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
