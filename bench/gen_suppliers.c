/*
 * gen_suppliers.c - deterministic generator of large synthetic supplier lists (--suppliers)
 * for benchmarking the supplier graph.
 *
 *   gen_suppliers SUPPLIERS LINKS [SEED] [-o FILE] [--cycles K] [-q]
 *
 * Writes SUPPLIERS rows with the header
 * supplier_id,name,country,address,commodities,tier,supplies_to
 * in six tiers (10%, 20%, 25%, 25%, 15%, 5% of the suppliers, tier 1 first). Tier-1 suppliers
 * ship to one to three of 40 importers (names in supplies_to). Every deeper supplier sells to
 * buyers one tier down (one in ten links skips a tier), so that the list holds about LINKS
 * supplier -> supplier links in all, a layered graph like real multi-tier maps. About 4% of
 * the suppliers match a rule of the project's rule set: Uzbek and Turkmen cotton, ginneries
 * and spinners with Xinjiang addresses, Malaysian gloves, Ivorian and Ghanaian cocoa, Chinese
 * polysilicon; the rest make ordinary goods in 20 countries. --cycles K adds K links from a
 * tier-1 supplier back to a deeper one (each closes a cycle).
 *
 * The same arguments always give the same bytes (own PRNG, no clock, no locale). A summary
 * line goes to standard error unless -q is given. Plain C11, no project libraries.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_rng.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))


static uint32_t below(uint32_t n)
{
    return n ? (uint32_t)(((rnd64() >> 32) * (uint64_t)n) >> 32) : 0;
}

typedef struct lane {
    const char *country, *city, *goods;
} lane;

static const lane ordinary[] = {
    {"DE", "Stuttgart, Germany", "auto parts;bearings"},
    {"MX", "Monterrey, N.L., Mexico", "auto parts"},
    {"KR", "Ulsan, Korea", "steel;auto parts"},
    {"JP", "Nagoya, Aichi, Japan", "machinery"},
    {"TW", "Hsinchu, Taiwan", "8542.31;printed circuit boards"},
    {"VN", "Bac Ninh, Vietnam", "8517.62;electronics"},
    {"IT", "Modena, Italy", "packaging machines"},
    {"PT", "Braga, Portugal", "knit fabric;6006.22"},
    {"TR", "Gaziantep, Turkiye", "pasta;flour"},
    {"CA", "Surrey, BC, Canada", "lumber"},
    {"FR", "Lyon, France", "chemicals"},
    {"ES", "Valencia, Spain", "ceramic tiles"},
    {"PL", "Poznan, Poland", "furniture parts"},
    {"NL", "Rotterdam, Netherlands", "cocoa butter"},
    {"GB", "Birmingham, United Kingdom", "machinery"},
    {"CN", "Ningbo, Zhejiang, China", "housewares;3924.10"},
    {"CN", "Foshan, Guangdong, China", "furniture"},
    {"IN", "Pune, India", "forgings;7326.19"},
    {"TH", "Rayong, Thailand", "auto parts"},
    {"US", "Lubbock, TX, USA", "cotton"},
};

static const lane risky[] = {
    {"UZ", "Andijan, Uzbekistan", "cotton"},
    {"UZ", "Fergana, Uzbekistan", "cotton yarn;5205.12"},
    {"TM", "Mary, Turkmenistan", "5201.00"},
    {"CN", "Aksu, Xinjiang, China", "cotton yarn"},
    {"CN", "Shihezi, Xinjiang 832000, China", "cotton"},
    {"MY", "Klang, Selangor, Malaysia", "rubber gloves;4015.19"},
    {"CI", "Soubre, Cote d'Ivoire", "cocoa"},
    {"GH", "Tema, Ghana", "1801.00"},
    {"CN", "Xuzhou, Jiangsu, China", "polysilicon;2804.61"},
};

static const char *const brands[] = {
    "Aurora", "Baltic",  "Cedar",   "Delta", "Everest",  "Falcon", "Granite", "Harbor",
    "Iris",   "Juniper", "Kestrel", "Lotus", "Meridian", "Nova",   "Orchid",  "Pioneer",
    "Quartz", "Raven",   "Summit",  "Tidal", "Unity",    "Vertex", "Willow",  "Zenith",
};
static const char *const trades[] = {"Textile",   "Industrial", "Components",
                                     "Trading",   "Mills",      "Manufacturing",
                                     "Precision", "Materials",  "Works"};
static const char *const forms[] = {"Co Ltd", "LLC", "GmbH", "SA", "Ltd", "JSC", "Sdn Bhd", "Inc"};

static const char *const importers[] = {
    "Harborline Apparel Inc",
    "Meridian Retail Holdings Inc",
    "Summit Basics Inc",
    "Kestrel Computing Inc",
    "Northgate Networks Inc",
    "Arcadia Devices LLC",
    "Brightwave Electronics Corp",
    "Great Lakes Drivetrain Corp",
    "Midstate Motor Components LLC",
    "Ridgeback Auto Parts Inc",
    "Oakridge Home Furnishings Inc",
    "Lumen & Loft LLC",
    "Tidewater Home Goods Inc",
    "Sunmeadow Energy Systems LLC",
    "Maple Grove Confections Inc",
    "Copperleaf Coffee Roasters LLC",
    "Sierra Valley Foods Inc",
    "Clearpath Medical Supply Inc",
    "Carolina Spindle Works Inc",
    "Cedar & Thread Co",
    "Ironbridge Industrial Supply Inc",
    "Keystone Tool & Hardware Co",
    "Pinecrest Building Supply Inc",
    "Bellhaven Imports Inc",
    "Evergreen Mercantile Corp",
    "Bluefield Outfitters LLC",
    "Prairie Knitwear LLC",
    "Alder Creek Metals Corp",
    "Saltmarsh Seafood Co",
    "Westbrook Pharma Distribution Inc",
    "Highland Cask Imports LLC",
    "Bloomfield Floral Distributors Inc",
    "Red Prairie Meats Inc",
    "Piedmont Fiber Trading LLC",
    "Brightacre Solar Inc",
    "Quillon Software Corp",
    "Coastline Provisions Inc",
    "Clearwater Outdoor Gear LLC",
    "Granite State Tools Inc",
    "Lakeshore Lighting Co",
};

static int usage(void)
{
    fprintf(stderr, "usage: gen_suppliers SUPPLIERS LINKS [SEED] [-o FILE] [--cycles K] [-q]\n");
    return 2;
}

int main(int argc, char **argv)
{
    unsigned long long n = 0, links = 0, seed = 1, cycles = 0;
    const char *out = NULL;
    int positional = 0, quiet = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
            out = argv[++i];
        else if (strcmp(argv[i], "--cycles") == 0 && i + 1 < argc)
            cycles = strtoull(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "-q") == 0)
            quiet = 1;
        else if (positional == 0 && (positional = 1))
            n = strtoull(argv[i], NULL, 10);
        else if (positional == 1 && (positional = 2))
            links = strtoull(argv[i], NULL, 10);
        else if (positional == 2 && (positional = 3))
            seed = strtoull(argv[i], NULL, 10);
        else
            return usage();
    }
    if (positional < 2 || n < 10 || n > 50000000ull)
        return usage();
    FILE *fp = out ? fopen(out, "wb") : stdout;
    if (!fp) {
        perror(out);
        return 1;
    }
    rng_state = seed * 0x2545F4914F6CDD1Dull + 7;

    /* Tier boundaries: tier t holds ids [first[t], first[t + 1]). */
    static const unsigned share[6] = {10, 20, 25, 25, 15, 5};
    unsigned long long first[8];
    first[1] = 0;
    for (int t = 1; t <= 6; t++)
        first[t + 1] = t == 6 ? n : first[t] + n * share[t - 1] / 100;
    unsigned long long deep = n - first[2];
    unsigned long long per = deep ? links / deep : 0, extra = deep ? links % deep : 0;
    unsigned long long written_links = 0;
    unsigned long long cycle_step = first[2] / (cycles + 1) + 1;

    fputs("supplier_id,name,country,address,commodities,tier,supplies_to\n", fp);
    for (unsigned long long id = 0; id < n; id++) {
        int tier = 1;
        while (tier < 6 && id >= first[tier + 1])
            tier++;
        const lane *l = below(100) < 4 && tier > 1 ? &risky[below(N_ELEMS(risky))]
                                                   : &ordinary[below(N_ELEMS(ordinary))];
        fprintf(fp, "S%llu,%s %s %s %s %llu,%s,\"%u %s Road, %s\",%s,%d,", id + 1,
                brands[below(N_ELEMS(brands))], l->country, trades[below(N_ELEMS(trades))],
                forms[below(N_ELEMS(forms))], id + 1, l->country, 1 + below(999),
                brands[below(N_ELEMS(brands))], l->city, l->goods, tier);
        if (tier == 1) {
            unsigned k = 1 + below(3);
            for (unsigned i = 0; i < k; i++)
                fprintf(fp, "%s%s", i ? "|" : "", importers[below(N_ELEMS(importers))]);
            if (cycles && id % cycle_step == 0 && deep) {
                /* a tier-1 supplier "supplying" a deeper one closes a cycle */
                fprintf(fp, "|S%llu", first[2] + 1 + below((uint32_t)deep));
                cycles--;
                written_links++;
            }
        } else {
            unsigned long long k = per + (id - first[2] < extra);
            unsigned long long lo = first[tier - 1], span = first[tier] - lo;
            for (unsigned long long i = 0; i < k; i++) {
                unsigned long long b = lo + below((uint32_t)span);
                if (tier > 2 && below(10) == 0)
                    b = first[tier - 2] + below((uint32_t)(first[tier - 1] - first[tier - 2]));
                fprintf(fp, "%sS%llu", i ? ";" : "", b + 1);
            }
            written_links += k;
        }
        fputc('\n', fp);
    }
    if (out && fclose(fp) != 0) {
        perror(out);
        return 1;
    }
    if (!quiet)
        fprintf(stderr, "gen_suppliers: %llu suppliers, %llu links listed (seed %llu)\n", n,
                written_links, seed);
    return 0;
}
