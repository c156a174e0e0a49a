/*
 * fuzz_rules.c - libFuzzer target for the rule set loader (rules.h, table.h).
 *
 * Input: one byte that picks a table, then its bytes. A temporary rule folder holds the
 * end-to-end fixture set (tests/e2e/rules: ruleset, sources, commodities, rules-test); the
 * input replaces one of its tables or adds rules-fuzz.csv or entities.csv, and the folder is
 * loaded with fl_rules_load. Errors are the expected outcome; the target checks memory
 * safety, that a failed load gives no set and a rules, input or memory status, and that a
 * loaded set holds only rules with a valid window and known sources and commodities.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "country.h"
#include "rules.h"

#define FIXTURE FLSCAN_SOURCE_DIR "/tests/e2e/rules/"

static const char *const tables[] = {"rules-fuzz.csv", "commodities.csv", "sources.csv",
                                     "ruleset.csv",    "entities.csv",    "rules-test.csv"};
#define N_TABLES (sizeof tables / sizeof *tables)
static const char *const fixture[] = {"ruleset.csv", "sources.csv", "commodities.csv",
                                      "rules-test.csv"};
#define N_FIXTURE (sizeof fixture / sizeof *fixture)

static fl_countries *countries;
static char dir[256];
static char *saved[N_FIXTURE];
static size_t saved_len[N_FIXTURE];

static void path_of(char *out, size_t cap, const char *name)
{
    snprintf(out, cap, "%s/%s", dir, name);
}

static void write_file(const char *name, const void *data, size_t len)
{
    char path[512];
    path_of(path, sizeof path, name);
    FILE *fp = fopen(path, "wb");
    if (!fp || (len && fwrite(data, 1, len, fp) != len) || fclose(fp) != 0)
        abort();
}

static void remove_file(const char *name)
{
    char path[512];
    path_of(path, sizeof path, name);
    unlink(path);
}

static void cleanup(void)
{
    for (size_t i = 0; i < N_TABLES; i++)
        remove_file(tables[i]);
    for (size_t i = 0; i < N_FIXTURE; i++)
        remove_file(fixture[i]);
    rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    if (fl_countries_load(FLSCAN_ISO_CODES_DIR "/iso_3166-1.json",
                          FLSCAN_SOURCE_DIR "/datasets/country_aliases.csv", &countries) != FL_OK)
        abort();
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/flscan-fuzz-rules-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir))
        abort();
    atexit(cleanup);
    for (size_t i = 0; i < N_FIXTURE; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s%s", FIXTURE, fixture[i]);
        FILE *fp = fopen(path, "rb");
        if (!fp)
            abort();
        saved[i] = malloc(1 << 16);
        if (!saved[i])
            abort();
        saved_len[i] = fread(saved[i], 1, 1 << 16, fp);
        fclose(fp);
        write_file(fixture[i], saved[i], saved_len[i]);
    }
    return 0;
}

static void check_set(const fl_ruleset *rs)
{
    for (size_t i = 0; i < rs->n_rules; i++) {
        const fl_rule *r = &rs->rules[i];
        if (!r->valid_from || r->valid_to < r->valid_from || !r->n_sources)
            abort();
        for (size_t k = 0; k < r->n_sources; k++)
            if (r->sources[k] >= rs->n_sources)
                abort();
        for (size_t k = 0; k < r->n_commodities; k++)
            if (r->commodities[k] >= rs->n_commodities)
                abort();
        for (size_t k = 0; k < r->n_countries; k++)
            if (!fl_country_valid(countries, r->countries[k]))
                abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const char *table = tables[data[0] % N_TABLES];
    write_file(table, data + 1, size - 1);
    fl_ruleset *rs = NULL;
    fl_status st = fl_rules_load(dir, countries, &rs);
    if (st == FL_OK) {
        if (!rs)
            abort();
        check_set(rs);
    } else if (rs || (st != FL_ERR_RULES && st != FL_ERR_INPUT && st != FL_ERR_NOMEM)) {
        abort();
    }
    fl_ruleset_free(rs);
    /* put the fixture back */
    for (size_t i = 0; i < N_FIXTURE; i++)
        if (strcmp(fixture[i], table) == 0)
            write_file(fixture[i], saved[i], saved_len[i]);
    if (strcmp(table, "rules-fuzz.csv") == 0 || strcmp(table, "entities.csv") == 0)
        remove_file(table);
    return 0;
}
