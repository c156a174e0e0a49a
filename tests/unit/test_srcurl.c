/* test_srcurl.c - primary sources and clean addresses (srcurl.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "srcurl.h"

static const struct {
    const char *url;
    bool primary;
} primaries[] = {
    {"https://www.dol.gov/agencies/ilab/reports/child-labor/list-of-goods", true},
    {"https://www.federalregister.gov/d/2026-15628", true},
    {"https://cbp.gov/newsroom/national-media-release/x", true},
    {"https://www.govinfo.gov/app/details/PLAW-117publ78", true},
    {"https://www.dhs.gov:443/uflpa-entity-list", true},
    {"https://github.com/USDepartmentofLabor/Child-Labor-Android/blob/1bc5d7e/a.pdf", true},
    {"https://github.com/opensanctions/opensanctions/blob/x/datasets/us/dhs_uflpa/a.yml", false},
    {"https://regulations.justia.com/regulations/fedreg/2019/03/25/2019-05360.html", false},
    {"https://www.thompsonhinesmartrade.com/2024/09/x/", false},
    {"https://content.govdelivery.com/bulletins/gd/USDHSCBP-3bb3f0b", true},
    {"https://content.govdelivery.com/bulletins/gd/ACMECORP-3bb3f0b", false},
    {"https://gov.example.com/x", false},
    {"https://example.com/www.dol.gov", false},
    {"not a url", false},
};

static void test_primary(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof primaries / sizeof *primaries; i++)
        assert_int_equal(fl_url_primary(primaries[i].url), primaries[i].primary);
}

static const struct {
    const char *url, *clean, *why; /* why NULL: already clean */
} cleans[] = {
    {"http://stage.exportcompliancedaily.com/category/27?BC=bc_6941ded763cc5&p=750&search_id=16330",
     "http://exportcompliancedaily.com/category/27?p=750", "staging host 'stage.'"},
    {"https://internationaltradetoday.com/article/2023/06/09/x-2306090011?BC=bc_6766b7ef3939d",
     "https://internationaltradetoday.com/article/2023/06/09/x-2306090011",
     "tracking parameter 'BC'"},
    {"https://dev-v4.freemalaysiatoday.com/category/nation/2022/02/11/x",
     "https://freemalaysiatoday.com/category/nation/2022/02/11/x", "staging host 'dev-v4.'"},
    {"https://www.dol.gov/list-of-goods?items_per_page=10&amp%3Bcombine=argentina&amp%3Bfbclid=I&page=2",
     "https://www.dol.gov/list-of-goods?items_per_page=10&page=2",
     "tracking parameter 'amp%3Bcombine'"},
    {"https://example.com/a?utm_source=x&id=3&fbclid=y#top", "https://example.com/a?id=3#top",
     "tracking parameter 'utm_source'"},
    {"https://example.com/a?utm_medium=email", "https://example.com/a",
     "tracking parameter 'utm_medium'"},
    {"https://content.govdelivery.com/bulletins/gd/USDHSCBP-3bb3f0b?wgt_ref=USDHSCBP_WIDGET_2",
     "https://content.govdelivery.com/bulletins/gd/USDHSCBP-3bb3f0b",
     "tracking parameter 'wgt_ref'"},
    {"https://dev.to/post", "https://dev.to/post", NULL},
    {"https://www.cbp.gov/trade/forced-labor?page=2", "https://www.cbp.gov/trade/forced-labor?page=2",
     NULL},
    {"https://example.com/#frag?BC=1", "https://example.com/#frag?BC=1", NULL},
};

static void test_clean(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cleans / sizeof *cleans; i++) {
        char why[128] = "";
        bool unclean = fl_url_unclean(cleans[i].url, why, sizeof why);
        assert_int_equal(unclean, cleans[i].why != NULL);
        if (cleans[i].why)
            assert_string_equal(why, cleans[i].why);
        char *c = fl_url_clean(cleans[i].url);
        assert_non_null(c);
        assert_string_equal(c, cleans[i].clean);
        assert_false(fl_url_unclean(c, why, sizeof why));
        free(c);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_primary),
        cmocka_unit_test(test_clean),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
