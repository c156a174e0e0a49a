/*
 * supply_bench.c - times the supplier graph (supply.h) on a large list.
 *
 * Usage: supply_bench SUPPLIERS.csv [RULES_DIR [DATA_DIR]]
 *   RULES_DIR  rule set (default: the source tree's rules/)
 *   DATA_DIR   reference data with country_aliases.csv, regions.csv and names/ (default: datasets/)
 *
 * Loads the countries, the rule set, the regions gazetteer and the entity index (not timed),
 * then times fl_supply_load (read, check, cycles) and fl_supply_judge (judge every supplier,
 * propagate), and the indirect hits of every supplier on one date (what a scan asks per
 * shipment). Prints the graph's counts and the times. Not a test: timings depend on the
 * machine. Generate a list with gen_suppliers (bench/README.md).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "country.h"
#include "entity.h"
#include "nametab.h"
#include "region.h"
#include "rules.h"
#include "supply.h"

#if !defined(FLSCAN_SOURCE_DIR) || !defined(FLSCAN_ISO_CODES_DIR)
#error "build with bench/CMakeLists.txt (it defines FLSCAN_SOURCE_DIR and FLSCAN_ISO_CODES_DIR)"
#endif

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: supply_bench SUPPLIERS.csv [RULES_DIR [DATA_DIR]]\n");
        return 2;
    }
    const char *rules_dir = argc > 2 ? argv[2] : FLSCAN_SOURCE_DIR "/rules";
    const char *data = argc > 3 ? argv[3] : FLSCAN_SOURCE_DIR "/datasets";
    char aliases[1024], regions[1024], names[1024];
    snprintf(aliases, sizeof aliases, "%s/country_aliases.csv", data);
    snprintf(regions, sizeof regions, "%s/regions.csv", data);
    snprintf(names, sizeof names, "%s/names", data);
    fl_countries *countries = NULL;
    fl_ruleset *rs = NULL;
    fl_gazetteer *gz = NULL;
    fl_entity_index *ix = NULL;
    fl_name_tables *nt = NULL;
    fl_supply *g = NULL;
    int rc = 1;
    if (fl_countries_load(FLSCAN_ISO_CODES_DIR "/iso_3166-1.json", aliases, &countries) != FL_OK ||
        fl_rules_load(rules_dir, countries, &rs) != FL_OK ||
        fl_gazetteer_load(regions, "regions.csv", NULL, &gz) != FL_OK ||
        fl_nametab_load(names, &nt) != FL_OK || fl_entity_index_new(rs, nt, NULL, &ix) != FL_OK)
        goto out;

    double t0 = now();
    if (fl_supply_load(argv[1], countries, nt, NULL, &g) != FL_OK)
        goto out;
    double t1 = now();
    if (fl_supply_judge(g, rs, gz, ix) != FL_OK)
        goto out;
    double t2 = now();
    size_t hits = 0, n = fl_supply_count(g);
    fl_hit *h = malloc(64 * sizeof *h);
    if (!h)
        goto out;
    for (uint32_t i = 0; i < n; i++)
        hits += fl_supply_hits(g, i, 20200601u, false, h, 64);
    free(h);
    double t3 = now();

    const fl_supply_stats *st = fl_supply_get_stats(g);
    printf("suppliers %zu, links %zu (cut for cycles %zu), importer names %zu, unknown %zu\n",
           st->suppliers, st->links, st->cycles, st->importer_links, st->unknown);
    printf("suppliers with an own exposure %zu, inherited (supplier x rule) %zu, matcher probes "
           "%zu\n",
           st->judged_own, st->exposures, st->probes);
    printf("load %.3f s, judge + propagate %.3f s, total %.3f s\n", t1 - t0, t2 - t1, t2 - t0);
    printf("indirect hits of every supplier on 2020-06-01: %zu in %.3f s\n", hits, t3 - t2);
    rc = 0;
out:
    if (rc)
        fprintf(stderr, "supply_bench: failed\n");
    fl_supply_free(g);
    fl_entity_index_free(ix);
    fl_nametab_free(nt);
    fl_gazetteer_free(gz);
    fl_ruleset_free(rs);
    fl_countries_free(countries);
    return rc;
}
