/* test_rollup.c - roll-ups (rollup.h), holdings (holdings.h) and party keys (party.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "holdings.h"
#include "nametab.h"
#include "party.h"
#include "report.h"
#include "rollup.h"
#include "issue_at.h"

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

static void test_numbers(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        bool ok;
        double want;
    } cases[] = {
        {"197066.40", true, 197066.40},
        {"$1,234.50", true, 1234.50},
        {"18087.3 kg", true, 18087.3},
        {"USD 250", true, 250},
        {"  12 ", true, 12},
        {"0", true, 0},
        {"", false, 0},
        {"n/a", false, 0},
        {"-5", false, 0},
        {"12abc34", true, 12},
        {"1e3", true, 1000},
        {"inf", false, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        double v = -1;
        bool ok = fl_rollup_number(fl_slice_cstr(cases[i].text), &v);
        if (ok != cases[i].ok || (ok && fabs(v - cases[i].want) > 1e-9))
            fail_msg("'%s': ok %d value %g", cases[i].text, ok, v);
    }
}

/* Plain decimals are read without strtod: the result must be strtod's, bit for bit. */
static void test_numbers_exact(void **state)
{
    (void)state;
    static const char *const fixed[] = {
        "0.1", "0.3", "2.675", "197066.40", "9007199254740992", "9007199254740993",
        "1234567890123456789", "0.0000000000000000000001", "0.00000000000000000000001",
        "99999999999999999999", "4.35", "1.", ".5", "007.10", "123456.789012345678",
        "-0", "+5", "1.2.3", "0.30000000000000004",
    };
    char buf[64];
    uint64_t x = 88172645463325252ull;
    for (size_t i = 0; i < sizeof fixed / sizeof *fixed + 200000; i++) {
        const char *text = buf;
        if (i < sizeof fixed / sizeof *fixed) {
            text = fixed[i];
        } else { /* random digits with a point somewhere */
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            size_t nd = 1 + x % 20, point = (x >> 8) % (nd + 1), n = 0;
            for (size_t d = 0; d < nd; d++) {
                if (d == point)
                    buf[n++] = '.';
                buf[n++] = (char)('0' + (x >> (12 + 2 * d)) % 10);
            }
            buf[n] = '\0';
        }
        double v, want = strtod(text, NULL);
        bool ok = fl_rollup_number(fl_slice_cstr(text), &v);
        if (ok && !(want < 0) && memcmp(&v, &want, sizeof v) != 0)
            fail_msg("'%s': %.17g, strtod %.17g", text, v, want);
    }
}

static void test_isin(void **state)
{
    (void)state;
    static const struct {
        const char *isin;
        bool ok;
    } cases[] = {
        {"US9912001065", true},   {"US0378331005", true},
        {"GB0002634946", true},   {"US0378331006", false},
        {"us0378331005", false},  {"US037833100", false},
        {"US03783310055", false}, {"", false},
        {"1S0378331005", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        if (fl_isin_valid(cases[i].isin, strlen(cases[i].isin)) != cases[i].ok)
            fail_msg("'%s'", cases[i].isin);
}

static void test_party_keys(void **state)
{
    (void)state;
    /* names in one group share a key; the last of each group differs from the first */
    static const char *const same[][4] = {
        {"Harborline Apparel Inc", "HARBORLINE APPAREL INC", "Harborline Apparel, Inc.", NULL},
        {"Lumen & Loft LLC", "LUMEN AND LOFT LLC", NULL, NULL},
        {"Oakridge Home Furnishings Inc", "OAKRIDGE HOME FURNISHINGS", NULL, NULL},
        {"Meridian Retail Holdings Inc", "MERIDIAN RETAIL HOLDINGS INC C/O EXPEDITORS", NULL, NULL},
    };
    for (size_t g = 0; g < sizeof same / sizeof *same; g++) {
        char first[FL_PARTY_KEY], key[FL_PARTY_KEY];
        assert_true(fl_party_key(names, same[g][0], strlen(same[g][0]), first, sizeof first) > 0);
        for (size_t k = 1; k < 4 && same[g][k]; k++) {
            fl_party_key(names, same[g][k], strlen(same[g][k]), key, sizeof key);
            if (strcmp(key, first) != 0)
                fail_msg("'%s' -> '%s' but '%s' -> '%s'", same[g][0], first, same[g][k], key);
        }
    }
    char a[FL_PARTY_KEY], b[FL_PARTY_KEY];
    fl_party_key(names, "Summit Basics Inc", 17, a, sizeof a);
    fl_party_key(names, "Prairie Knitwear LLC", 20, b, sizeof b);
    assert_string_not_equal(a, b);
    assert_int_equal(fl_party_key(names, "", 0, a, sizeof a), 0);
    assert_string_equal(a, "");
    assert_int_equal(fl_party_key(names, "\xff\xfe", 2, a, sizeof a), 0);
    assert_true(fl_party_key(names, "LLC", 3, a, sizeof a) > 0); /* legal form only: its folded text */
}

/*
 * A hand-computed portfolio: Acme (two spellings) ships 100 (high, flagged) + 300 (clean);
 * Beta ships 50 (critical, flagged) + one shipment without a value. Scores: Acme
 * 100 x 0.6 x 100 / 400 = 15; Beta 100 x 1.0 x 50 / 50 = 100; Nobody has no trade data.
 * Portfolio (0.6 x 15 + 0.3 x 100) / 0.9 = 43.33. Beta Group, listed without importer names,
 * is matched by its name, which no importer has: Beta LLC is only suggested, never counted.
 */
static void test_portfolio(void **state)
{
    (void)state;
    fl_issuetext it = {0}; /* issues read back (issue_at.h) */
    fl_rule rules[2];
    memset(rules, 0, sizeof rules);
    rules[0].id = "R-HIGH";
    rules[0].title = "a high rule";
    rules[1].id = "R-CRIT";
    rules[1].title = "a critical rule";
    fl_ruleset rs;
    memset(&rs, 0, sizeof rs);
    rs.rules = rules;
    rs.n_rules = 2;

    fl_report r;
    fl_report_init(&r);
    r.rules = &rs;
    assert_int_equal(fl_report_add_input(&r, "s.csv"), 0);
    fl_trade *t = fl_trade_new(names);
    assert_non_null(t);
    static const struct {
        const char *importer, *shipper, *value;
        int rule; /* -1: clean */
        fl_severity sev;
    } rows[] = {
        {"Acme Inc", "Shipper One", "100", 0, FL_SEV_HIGH},
        {"ACME, INC.", "Shipper One", "$300", -1, 0},
        {"Beta LLC", "Shipper Two", "50", 1, FL_SEV_CRITICAL},
        {"Beta LLC", "Shipper Two", "", -1, 0},
    };
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        fl_slice f[FL_F_COUNT];
        for (int k = 0; k < FL_F_COUNT; k++)
            f[k] = (fl_slice){"", 0};
        f[FL_F_IMPORTER] = fl_slice_cstr(rows[i].importer);
        f[FL_F_SHIPPER] = fl_slice_cstr(rows[i].shipper);
        f[FL_F_VALUE] = fl_slice_cstr(rows[i].value);
        fl_hit h;
        memset(&h, 0, sizeof h);
        h.rule = (size_t)(rows[i].rule < 0 ? 0 : rows[i].rule);
        h.severity = rows[i].sev;
        bool flagged = rows[i].rule >= 0;
        assert_int_equal(fl_trade_add(t, f[FL_F_IMPORTER], "520512", "UZ", f[FL_F_VALUE],
                                      f[FL_F_WEIGHT], FL_SUPPLY_NONE, &h, flagged),
                         FL_OK);
        r.read++;
        if (!flagged) {
            r.clean++;
            continue;
        }
        r.flagged++;
        uint32_t rec;
        assert_int_equal(fl_report_add_rec(&r, 0, i + 2, i + 1, f, "UZ", "520512", &rec), FL_OK);
        fl_span none = {FL_F_COUNT, 0, 0};
        assert_int_equal(fl_report_add_flag(&r, rec, (uint32_t)rows[i].rule, rows[i].sev,
                                            FL_MATCH_DIRECT, "e", none),
                         FL_OK);
    }

    char dir[512], path[600];
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/flscan-rollup-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/holdings.csv", dir);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    fputs("holding,isin,weight,importer_aliases\n"
          "Acme Holdings,US9912001065,0.6,Acme Inc|Acme Europe GmbH\n"
          "Beta Corp,US0378331006,0.3,Beta LLC\n"
          "Nobody Corp,,0.1,Nobody Ltd\n"
          "Beta Group,,0,\n",
          fp);
    fclose(fp);
    fl_holdings *h = NULL;
    fl_dq_sink dq = fl_report_dq(&r);
    assert_int_equal(fl_holdings_load(path, &dq, &h), FL_OK);
    unlink(path);
    rmdir(dir);
    assert_int_equal(r.n_issues, 2); /* Beta's ISIN check digit; Beta Group's names */
    assert_string_equal(issue_at(&r, 0, &it)->field, "isin");
    assert_string_equal(issue_at(&r, 1, &it)->field, "importer_aliases");
    assert_false(issue_at(&r, 1, &it)->rejected);

    assert_int_equal(fl_report_finish(&r), FL_OK);
    assert_int_equal(fl_rollup(&r, t, NULL, h), FL_OK);

    const fl_rollups *ro = &r.roll;
    assert_true(ro->importers_on && !ro->suppliers_on && ro->portfolio_on);
    assert_int_equal(ro->n_importers, 2);
    const fl_importer_roll *acme = &ro->importers[0], *beta = &ro->importers[1];
    assert_string_equal(acme->name, "Acme Inc"); /* as frequent as "ACME, INC.", seen first */
    assert_string_equal(acme->spellings, "ACME, INC.; Acme Inc");
    assert_int_equal(acme->shipments, 2);
    assert_int_equal(acme->flagged, 1);
    assert_int_equal(acme->by_severity[FL_SEV_HIGH], 1);
    assert_true(fabs(acme->value - 400) < 1e-9 && fabs(acme->value_share - 0.25) < 1e-9);
    assert_int_equal(acme->n_top_rules, 1);
    assert_string_equal(acme->top_rules[0].key, "R-HIGH");
    assert_int_equal(acme->n_top_suppliers, 1);
    assert_string_equal(acme->top_suppliers[0].key, "Shipper One");
    assert_string_equal(acme->top_suppliers[0].label, "direct");
    assert_int_equal(acme->n_exposure, 1);
    assert_string_equal(acme->exposure[0].chapter, "52");
    assert_string_equal(acme->exposure[0].origin, "UZ");
    assert_int_equal(beta->no_value, 1);
    assert_true(fabs(beta->value_share - 1.0) < 1e-9);

    assert_int_equal(ro->n_holdings, 4);
    assert_true(fabs(ro->holdings[0].score - 15.0) < 1e-9);
    assert_string_equal(ro->holdings[0].importers, "Acme Inc");
    assert_string_equal(ro->holdings[0].unmatched, "Acme Europe GmbH");
    assert_true(fabs(ro->holdings[1].score - 100.0) < 1e-9);
    assert_false(ro->holdings[2].has_trade);
    assert_true(ro->holdings[2].score < 0);
    assert_string_equal(ro->holdings[0].suggested, ""); /* Acme Inc: matched, not offered */
    assert_string_equal(ro->holdings[1].suggested, "");
    const fl_holding_roll *bg = &ro->holdings[3];
    assert_true(bg->by_name);
    assert_false(bg->has_trade);
    assert_string_equal(bg->importers, "");
    assert_string_equal(bg->unmatched, "Beta Group");
    assert_string_equal(bg->suggested, "Beta LLC (2 shipments)");
    assert_int_equal(bg->shipments, 0);
    assert_true(fabs(ro->portfolio_score - 39.0 / 0.9) < 1e-9);
    assert_true(fabs(ro->weight_with_trade - 0.9) < 1e-9);
    assert_true(fabs(ro->weight_total - 1.0) < 1e-9);

    fl_holdings_free(h);
    fl_trade_free(t);
    fl_issuetext_free(&it);
    fl_report_free(&r);
}

/*
 * An importer's top suppliers group a supplier's spellings by party key; the spelling shown
 * is the first met among the flags of the rule that comes first in the rule set (the rule
 * with index 0 here), and among equals the first in the input.
 */
static void test_top_supplier_spelling(void **state)
{
    (void)state;
    fl_rule rules[2];
    memset(rules, 0, sizeof rules);
    rules[0].id = "R-ZERO";
    rules[0].title = "first rule";
    rules[1].id = "R-ONE";
    rules[1].title = "second rule";
    fl_ruleset rs;
    memset(&rs, 0, sizeof rs);
    rs.rules = rules;
    rs.n_rules = 2;
    fl_report r;
    fl_report_init(&r);
    r.rules = &rs;
    assert_int_equal(fl_report_add_input(&r, "s.csv"), 0);
    fl_trade *t = fl_trade_new(names);
    assert_non_null(t);
    static const struct {
        const char *shipper;
        uint32_t rule;
    } rows[] = {
        {"Uttara Knitting (Pvt) Ltd", 1}, {"Uttara Knitting Ltd.", 0},
        {"Uttara Knitting Ltd", 0},       {"Beta Mills (Pvt) Ltd", 0},
        {"Beta Mills Ltd.", 0},
    };
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        fl_slice f[FL_F_COUNT];
        for (int k = 0; k < FL_F_COUNT; k++)
            f[k] = (fl_slice){"", 0};
        f[FL_F_IMPORTER] = fl_slice_cstr("Acme Inc");
        f[FL_F_SHIPPER] = fl_slice_cstr(rows[i].shipper);
        fl_hit h;
        memset(&h, 0, sizeof h);
        h.rule = rows[i].rule;
        h.severity = FL_SEV_HIGH;
        assert_int_equal(fl_trade_add(t, f[FL_F_IMPORTER], "520512", "UZ", f[FL_F_VALUE],
                                      f[FL_F_WEIGHT], FL_SUPPLY_NONE, &h, 1),
                         FL_OK);
        r.read++;
        r.flagged++;
        uint32_t rec;
        assert_int_equal(fl_report_add_rec(&r, 0, i + 2, i + 1, f, "UZ", "520512", &rec), FL_OK);
        fl_span none = {FL_F_COUNT, 0, 0};
        assert_int_equal(
            fl_report_add_flag(&r, rec, rows[i].rule, FL_SEV_HIGH, FL_MATCH_DIRECT, "e", none),
            FL_OK);
    }
    assert_int_equal(fl_report_finish(&r), FL_OK);
    assert_int_equal(fl_rollup(&r, t, NULL, NULL), FL_OK);
    assert_int_equal(r.roll.n_importers, 1);
    const fl_importer_roll *acme = &r.roll.importers[0];
    assert_int_equal(acme->n_top_suppliers, 2);
    assert_string_equal(acme->top_suppliers[0].key, "Uttara Knitting Ltd.");
    assert_int_equal(acme->top_suppliers[0].flags, 3);
    assert_string_equal(acme->top_suppliers[1].key, "Beta Mills (Pvt) Ltd");
    assert_int_equal(acme->top_suppliers[1].flags, 2);
    fl_trade_free(t);
    fl_report_free(&r);
}

/* The roll-up of importer name in ro, or NULL. */
static const fl_importer_roll *importer_named(const fl_rollups *ro, const char *name)
{
    for (size_t i = 0; i < ro->n_importers; i++)
        if (strcmp(ro->importers[i].name, name) == 0)
            return &ro->importers[i];
    return NULL;
}

/*
 * Counts past what a cell keeps narrow (more than 65,535 shipments, more than 255 without a
 * value or weight): Carry Co ships 70,000 times to one cell, one in seven flagged (its flags
 * come before its counts are carried), and 66,000 times, none flagged, to another (carried
 * with no flag). Many Co ships once, flagged, to each of 6,000 cells (more cells and flagged
 * cells than one block of them holds). The expected figures are counted here, row by row.
 */
static void test_many_counts(void **state)
{
    (void)state;
    fl_ruleset rs;
    memset(&rs, 0, sizeof rs);
    fl_report r;
    fl_report_init(&r);
    r.rules = &rs;
    assert_int_equal(fl_report_add_input(&r, "s.csv"), 0);
    fl_trade *t = fl_trade_new(names);
    assert_non_null(t);
    fl_slice carry = fl_slice_cstr("Carry Co"), many = fl_slice_cstr("Many Co");
    fl_slice none = fl_slice_cstr(""), two = fl_slice_cstr("2"), three = fl_slice_cstr("3 kg");
    uint64_t ship = 0, flagged = 0, no_value = 0, no_weight = 0, by_sev[FL_SEV_COUNT] = {0};
    double value = 0, fvalue = 0, weight = 0;
    fl_hit h;
    memset(&h, 0, sizeof h);
    for (uint32_t i = 0; i < 136000; i++) {
        bool first = i < 70000, flag = first && i % 7 == 0;
        bool has_v = i % 200 != 1, has_w = i % 100 != 3;
        h.severity = (fl_severity)(i / 7 % FL_SEV_COUNT);
        assert_int_equal(fl_trade_add(t, carry, first ? "520512" : "610910", first ? "UZ" : "CN",
                                      has_v ? two : none, has_w ? three : none, FL_SUPPLY_NONE, &h,
                                      flag),
                         FL_OK);
        ship++;
        flagged += flag;
        by_sev[h.severity] += flag;
        no_value += !has_v;
        no_weight += !has_w;
        value += has_v ? 2 : 0;
        weight += has_w ? 3 : 0;
        fvalue += flag && has_v ? 2 : 0;
    }
    for (uint32_t k = 0; k < 6000; k++) {
        char hs[7], org[3] = {(char)('A' + k / 100 / 26), (char)('A' + k / 100 % 26), 0};
        snprintf(hs, sizeof hs, "%02u0000", (unsigned)(k % 100));
        h.severity = (fl_severity)(k % FL_SEV_COUNT);
        assert_int_equal(
            fl_trade_add(t, many, hs, org, fl_slice_cstr("1"), none, FL_SUPPLY_NONE, &h, 1), FL_OK);
    }
    assert_int_equal(fl_report_finish(&r), FL_OK);
    assert_int_equal(fl_rollup(&r, t, NULL, NULL), FL_OK);

    const fl_importer_roll *c = importer_named(&r.roll, "Carry Co");
    assert_non_null(c);
    assert_int_equal(c->shipments, ship);
    assert_int_equal(c->flagged, flagged);
    for (int s = 0; s < FL_SEV_COUNT; s++)
        assert_int_equal(c->by_severity[s], by_sev[s]);
    assert_int_equal(c->no_value, no_value);
    assert_int_equal(c->no_weight, no_weight);
    assert_true(c->value == value && c->weight == weight && c->flagged_value == fvalue);
    assert_int_equal(c->n_exposure, 1); /* the cell without a flag is not listed */
    assert_string_equal(c->exposure[0].chapter, "52");
    assert_string_equal(c->exposure[0].origin, "UZ");
    assert_int_equal(c->exposure[0].shipments, 70000);
    assert_int_equal(c->exposure[0].flagged, flagged);
    assert_int_equal(c->exposure[0].top, FL_SEV_CRITICAL);

    const fl_importer_roll *m = importer_named(&r.roll, "Many Co");
    assert_non_null(m);
    assert_int_equal(m->shipments, 6000);
    assert_int_equal(m->flagged, 6000);
    for (int s = 0; s < FL_SEV_COUNT; s++)
        assert_int_equal(m->by_severity[s], 1500);
    assert_true(m->value == 6000 && m->flagged_value == 6000);
    assert_int_equal(m->no_weight, 6000);
    assert_int_equal(m->n_exposure, 6000);
    for (size_t k = 0; k < m->n_exposure; k++) {
        const fl_exposure_cell *e = &m->exposure[k];
        assert_true(e->shipments == 1 && e->flagged == 1 && e->value == 1);
        /* the cell's number, from its origin (k / 100) and chapter (k % 100) */
        unsigned n = (unsigned)((e->origin[0] - 'A') * 26 + e->origin[1] - 'A') * 100 +
                     (unsigned)atoi(e->chapter);
        assert_int_equal(e->top, n % FL_SEV_COUNT);
    }
    fl_trade_free(t);
    fl_report_free(&r);
}

/*
 * The importers' roll-up of a fixed stream of shipments, with the cells in memory bounded to
 * knob (FLSCAN_TRADE_CELLS; NULL: the default). Spellings of three importers, chapters and
 * origins interleaved, values with cents that do not add exactly in binary.
 */
static void *begin_apart(void *arg)
{
    void **a = arg;
    fl_rollup_begin(a[0], (fl_rollup_job **)&a[1]);
    return NULL;
}

static void roll_with(const char *knob, fl_report *r, bool apart)
{
    static fl_ruleset rs;
    fl_report_init(r);
    r->rules = &rs;
    assert_int_equal(fl_report_add_input(r, "s.csv"), 0);
    if (knob)
        setenv("FLSCAN_TRADE_CELLS", knob, 1);
    fl_trade *t = fl_trade_new(names);
    unsetenv("FLSCAN_TRADE_CELLS");
    assert_non_null(t);
    static const char *const spell[] = {"Acme Imports Inc", "ACME IMPORTS, INC.",
                                        "Blue River LLC",   "Blue River L.L.C.",
                                        "Cobalt Trading",   "Acme Imports"};
    static const char *const hs[] = {"520512", "610910", "850440", "950300", "", "61"};
    static const char *const org[] = {"CN", "UZ", "VN", "", "BD", "IN", "TM"};
    fl_hit h;
    memset(&h, 0, sizeof h);
    for (uint32_t i = 0; i < 30000; i++) {
        char value[32], weight[32];
        snprintf(value, sizeof value, "%u.%02u", i * 7919 % 100000, i % 100);
        snprintf(weight, sizeof weight, "%u.1", i % 977);
        h.severity = (fl_severity)(i / 3 % FL_SEV_COUNT);
        bool flag = i % 5 == 0 || i % 11 == 0;
        assert_int_equal(fl_trade_add(t, fl_slice_cstr(spell[i * 31 % 6]), hs[i * 17 % 6],
                                      org[i * 13 % 7], fl_slice_cstr(i % 41 ? value : ""),
                                      fl_slice_cstr(i % 37 ? weight : "n/a"), FL_SUPPLY_NONE, &h,
                                      flag),
                         FL_OK);
    }
    if (!apart) {
        assert_int_equal(fl_report_finish(r), FL_OK);
        assert_int_equal(fl_rollup(r, t, NULL, NULL), FL_OK);
        fl_trade_free(t);
        return;
    }
    /* the first step on a thread of its own while the report is finished (and allocates in
       its arena), as a scan does beside its cases; the second after */
    void *arg[2] = {t, NULL};
    pthread_t tid;
    assert_int_equal(pthread_create(&tid, NULL, begin_apart, arg), 0);
    assert_int_equal(fl_report_finish(r), FL_OK);
    for (int i = 0; i < 2000; i++)
        assert_non_null(fl_arena_printf(&r->arena, "the report's own %d", i));
    assert_int_equal(pthread_join(tid, NULL), 0);
    assert_non_null(arg[1]);
    assert_int_equal(fl_rollup_end(arg[1], r, NULL, NULL), FL_OK);
    fl_trade_free(t); /* the roll-ups hold nothing of it */
}

/*
 * Past the bound on cells in memory, shipments wait as rows on the disk and their cells are
 * summed at the end: the roll-up is the same to the last bit, whatever the bound (none in
 * memory, a few, all), and when it is made in two steps, the first on another thread.
 */
static void test_cells_in_rows(void **state)
{
    (void)state;
    fl_report all;
    roll_with(NULL, &all, false);
    assert_int_equal(all.roll.n_importers, 3);
    /* and in two steps, the first on another thread (rollup.h): the same */
    static const char *const knobs[] = {"0", "1", "7", "40", NULL, "7"};
    for (size_t k = 0; k < sizeof knobs / sizeof *knobs; k++) {
        fl_report r;
        roll_with(knobs[k], &r, k >= 4);
        assert_int_equal(r.roll.n_importers, all.roll.n_importers);
        for (size_t i = 0; i < r.roll.n_importers; i++) {
            const fl_importer_roll *a = &all.roll.importers[i], *b = &r.roll.importers[i];
            assert_string_equal(a->name, b->name);
            assert_string_equal(a->spellings, b->spellings);
            assert_int_equal(a->shipments, b->shipments);
            assert_int_equal(a->flagged, b->flagged);
            assert_int_equal(a->no_value, b->no_value);
            assert_int_equal(a->no_weight, b->no_weight);
            for (int s = 0; s < FL_SEV_COUNT; s++)
                assert_int_equal(a->by_severity[s], b->by_severity[s]);
            assert_memory_equal(&a->value, &b->value, sizeof a->value);
            assert_memory_equal(&a->weight, &b->weight, sizeof a->weight);
            assert_memory_equal(&a->flagged_value, &b->flagged_value, sizeof a->value);
            assert_memory_equal(&a->value_share, &b->value_share, sizeof a->value);
            assert_int_equal(a->n_exposure, b->n_exposure);
            assert_true(a->n_exposure > 3);
            assert_memory_equal(a->exposure, b->exposure, a->n_exposure * sizeof *a->exposure);
        }
        fl_report_free(&r);
    }
    fl_report_free(&all);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_numbers_exact),
        cmocka_unit_test(test_isin),
        cmocka_unit_test(test_party_keys),
        cmocka_unit_test(test_portfolio),
        cmocka_unit_test(test_many_counts),
        cmocka_unit_test(test_cells_in_rows),
        cmocka_unit_test(test_top_supplier_spelling),
    };
    return cmocka_run_group_tests(tests, load_names, free_names);
}
