/* cli.c - option table, parsing, --help and dispatch; see cli.h. */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"
#include "diag.h"
#include "fieldmap.h"
#include "rulecmd.h"
#include "entity.h"
#include "scan.h"

#ifndef FLSCAN_ISO_CODES_DIR
#define FLSCAN_ISO_CODES_DIR "/usr/share/iso-codes/json"
#endif
#ifndef FLSCAN_DEFAULT_DATADIR
#define FLSCAN_DEFAULT_DATADIR "/usr/local/share/flscan"
#endif

enum opt_id {
    O_SHIPMENTS, O_RULES, O_AS_OF, O_OUT, O_FLAGS_CSV, O_FLAGS_JSONL, O_MAP, O_FAIL_ON, O_QUIET,
    O_DATA, O_HELP, O_COUNTRY, O_COMMODITY, O_ENTITY_MATCH, O_ENTITY_REVIEW,
    O_SUPPLIERS, O_HOLDINGS, O_COUNT
};

typedef struct optdef {
    enum opt_id id;
    fl_cli_option doc;
} optdef;

static const optdef options[] = {
    {O_SHIPMENTS, {"scan", "shipments", "FILE",
                   "shipment CSV (bill-of-lading export) to screen; repeat for several files; "
                   "'-' reads standard input"}},
    {O_RULES, {"scan", "rules", "DIR", "rule set folder (default: ./rules, else the installed one)"}},
    {O_DATA, {"scan", "data", "DIR",
              "reference data folder with country_aliases.csv (default: datasets/ beside the rules)"}},
    {O_AS_OF, {"scan", "as-of", "YYYY-MM-DD",
               "judge every record by the rules in force on this date instead of its own date; "
               "also fixes the report's run date"}},
    {O_OUT, {"scan", "out", "REPORT.xlsx",
             "workbook to write (default: reports/<first input>-report.xlsx)"}},
    {O_FLAGS_CSV, {"scan", "flags-csv", "FILE", "also write one CSV line per flag"}},
    {O_FLAGS_JSONL, {"scan", "flags-jsonl", "FILE", "also write one JSON object per flag per line"}},
    {O_MAP, {"scan", "map", "FIELD=HEADER",
             "use column HEADER for FIELD (record_id, date, importer, shipper, shipper_address, "
             "origin, port_of_lading, hs_code, description, quantity, weight, value, supplier_id); "
             "repeatable"}},
    {O_FAIL_ON, {"scan", "fail-on", "SEVERITY",
                 "exit 1 when any flag is at or above SEVERITY (critical, high, medium, low; "
                 "default: none)"}},
    {O_ENTITY_MATCH, {"scan", "entity-match", "SCORE",
                      "name score (0-1) at which a shipper or importer is taken to be a listed "
                      "entity and flagged (default 0.90)"}},
    {O_ENTITY_REVIEW, {"scan", "entity-review", "SCORE",
                       "name score (0-1) from which a possible match is reported for review, "
                       "severity low (default 0.75)"}},
    {O_SUPPLIERS, {"scan", "suppliers", "FILE",
                   "supplier list CSV (supplier_id, name, country, address, commodities, tier, "
                   "supplies_to): exposure of deeper tiers reaches the shippers' shipments as "
                   "'indirect' flags; adds the Suppliers sheet"}},
    {O_HOLDINGS, {"scan", "holdings", "FILE",
                  "portfolio holdings CSV (holding, isin, weight, importer_aliases): adds the "
                  "Portfolio sheet with an exposure score per holding"}},
    {O_QUIET, {"scan", "quiet", NULL, "print nothing but errors and warnings"}},
    {O_RULES, {"rules list", "rules", "DIR", "rule set folder"}},
    {O_AS_OF, {"rules list", "as-of", "YYYY-MM-DD", "only rules in force on this date"}},
    {O_COUNTRY, {"rules list", "country", "CC", "only rules for this country (code or name)"}},
    {O_COMMODITY, {"rules list", "commodity", "TEXT",
                   "only rules whose commodity id, name or HS prefix contains TEXT"}},
    {O_DATA, {"rules list", "data", "DIR", "reference data folder"}},
    {O_DATA, {"rules check", "data", "DIR", "reference data folder"}},
    {O_HELP, {"", "help", NULL, "show help (also after a command: flscan scan --help)"}},
};

#define N_OPTIONS (sizeof options / sizeof *options)

const fl_cli_option *fl_cli_options(unsigned *n)
{
    static fl_cli_option docs[N_OPTIONS];
    for (size_t i = 0; i < N_OPTIONS; i++)
        docs[i] = options[i].doc;
    *n = (unsigned)N_OPTIONS;
    return docs;
}

static const char exit_codes[] =
    "Exit codes:\n"
    "  0  run ok, no flag at or above --fail-on\n"
    "  1  flags at or above --fail-on\n"
    "  2  usage error\n"
    "  3  input error (unreadable file, missing column)\n"
    "  4  rules error (invalid rule set)\n"
    "  5  output error (cannot write a report)\n";

static void print_options(FILE *fp, const char *command)
{
    for (size_t i = 0; i < N_OPTIONS; i++) {
        const fl_cli_option *d = &options[i].doc;
        if (strcmp(d->command, command) != 0)
            continue;
        char left[64];
        snprintf(left, sizeof left, "--%s%s%s", d->name, d->arg ? " " : "", d->arg ? d->arg : "");
        fprintf(fp, "  %-26s %s\n", left, d->help);
    }
}

static void usage_main(FILE *fp)
{
    fprintf(fp,
            "flscan %s - screen supply-chain trade data for forced-labor and child-labor risk\n"
            "\n"
            "Usage:\n"
            "  flscan scan --shipments FILE [options]   screen shipments, write a flagged-risk workbook\n"
            "  flscan rules check [DIR]                 validate a rule set\n"
            "  flscan rules list [options]              list the rules in force\n"
            "  flscan --version | --help\n"
            "\n"
            "Run 'flscan COMMAND --help' for a command's options.\n"
            "\n%s\n"
            "Every flag names the rule that fired, its legal basis (TVPRA, TVPRA-downstream,\n"
            "EO13126, WRO, UFLPA-region, UFLPA-entity) and its public sources. A flag is a reason\n"
            "to look, not a finding of forced labor.\n",
            FL_VERSION, exit_codes);
}

static void usage_scan(FILE *fp)
{
    fprintf(fp,
            "Usage: flscan scan --shipments FILE [--shipments FILE]... [--rules DIR]\n"
            "                   [--as-of YYYY-MM-DD] [--out REPORT.xlsx] [--flags-csv FILE]\n"
            "                   [--flags-jsonl FILE] [--map FIELD=HEADER]... [--fail-on SEVERITY]\n"
            "                   [--quiet]\n"
            "\n"
            "Screens every record of the shipment files against the rules in force on its date and\n"
            "writes a workbook (Summary, Flags, Data quality, Rules, Sources). Records that cannot\n"
            "be judged are listed on the Data quality sheet with file, line and reason.\n"
            "\nOptions:\n");
    print_options(fp, "scan");
    fprintf(fp, "\n%s", exit_codes);
}

static void usage_rules(FILE *fp)
{
    fprintf(fp, "Usage: flscan rules check [DIR] [--data DIR]\n"
                "       flscan rules list [--rules DIR] [--as-of DATE] [--country CC] "
                "[--commodity TEXT]\n"
                "\n'check' validates the tables and prints counts per basis; exit 4 on errors.\n"
                "'list' prints the rules as a table.\n\nOptions of 'rules list':\n");
    print_options(fp, "rules list");
    fprintf(fp, "\n%s", exit_codes);
}

static bool file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

static char *path2(const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 2;
    char *p = malloc(n);
    if (!p) {
        fl_error("out of memory");
        exit(FL_EXIT_OUTPUT);
    }
    snprintf(p, n, "%s/%s", a, b);
    return p;
}

/* The rules folder: --rules, $FLSCAN_RULES, ./rules, then the installed copy. */
static char *resolve_rules(const char *given)
{
    if (given)
        return strdup(given);
    const char *env = getenv("FLSCAN_RULES");
    if (env && *env)
        return strdup(env);
    if (file_exists("rules/ruleset.csv"))
        return strdup("rules");
    return path2(FLSCAN_DEFAULT_DATADIR, "rules");
}

/* The datasets folder: --data, $FLSCAN_DATA, <rules>/../datasets, ./datasets, installed. */
static char *resolve_data(const char *given, const char *rules)
{
    if (given)
        return strdup(given);
    const char *env = getenv("FLSCAN_DATA");
    if (env && *env)
        return strdup(env);
    char *up = path2(rules, "../datasets");
    char *probe = path2(up, "country_aliases.csv");
    bool ok = file_exists(probe);
    free(probe);
    if (ok)
        return up;
    free(up);
    if (file_exists("datasets/country_aliases.csv"))
        return strdup("datasets");
    return path2(FLSCAN_DEFAULT_DATADIR, "datasets");
}

static const char *iso_dir(void)
{
    const char *env = getenv("FLSCAN_ISO_CODES");
    return env && *env ? env : FLSCAN_ISO_CODES_DIR;
}

typedef struct parsed {
    const char **shipments;
    size_t n_shipments;
    fl_map_override *maps;
    size_t n_maps;
    const char *val[O_COUNT];
    bool set[O_COUNT];
    const char *positional;
} parsed;

/* Parse options for `command` from argv[first..]; returns 0, or an exit code. */
static int parse(const char *command, int argc, char **argv, int first, parsed *p)
{
    memset(p, 0, sizeof *p);
    p->shipments = calloc((size_t)argc + 1, sizeof *p->shipments);
    p->maps = calloc((size_t)argc + 1, sizeof *p->maps);
    if (!p->shipments || !p->maps) {
        fl_error("out of memory");
        return FL_EXIT_OUTPUT;
    }
    for (int i = first; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            p->set[O_HELP] = true;
            continue;
        }
        if (strncmp(a, "--", 2) != 0 || a[2] == '\0') {
            if (!p->positional && strcmp(command, "rules check") == 0) {
                p->positional = a;
                continue;
            }
            fl_error("unexpected argument '%s'; see 'flscan %s --help'", a, command);
            return FL_EXIT_USAGE;
        }
        const char *name = a + 2;
        const char *eq = strchr(name, '=');
        size_t nlen = eq ? (size_t)(eq - name) : strlen(name);
        const optdef *d = NULL;
        for (size_t k = 0; k < N_OPTIONS && !d; k++)
            if (strcmp(options[k].doc.command, command) == 0 &&
                strlen(options[k].doc.name) == nlen && strncmp(options[k].doc.name, name, nlen) == 0)
                d = &options[k];
        if (!d) {
            fl_error("unknown option '--%.*s' for '%s'; see 'flscan %s --help'", (int)nlen, name,
                     command, command);
            return FL_EXIT_USAGE;
        }
        const char *val = NULL;
        if (d->doc.arg) {
            if (eq)
                val = eq + 1;
            else if (i + 1 < argc)
                val = argv[++i];
            else {
                fl_error("option '--%s' needs a value (%s)", d->doc.name, d->doc.arg);
                return FL_EXIT_USAGE;
            }
        } else if (eq) {
            fl_error("option '--%s' takes no value", d->doc.name);
            return FL_EXIT_USAGE;
        }
        if (d->id == O_SHIPMENTS) {
            p->shipments[p->n_shipments++] = val;
        } else if (d->id == O_MAP) {
            if (!fl_map_override_parse(val, &p->maps[p->n_maps]))
                return FL_EXIT_USAGE;
            p->n_maps++;
        } else {
            if (p->set[d->id] && d->id != O_QUIET) {
                fl_error("option '--%s' given twice", d->doc.name);
                return FL_EXIT_USAGE;
            }
            p->set[d->id] = true;
            p->val[d->id] = val;
        }
    }
    return 0;
}

static void free_parsed(parsed *p)
{
    free(p->shipments);
    free(p->maps);
}

static char *command_line(int argc, char **argv)
{
    size_t n = 1;
    for (int i = 0; i < argc; i++)
        n += strlen(argv[i]) + 3;
    char *s = malloc(n);
    if (!s)
        return NULL;
    s[0] = '\0';
    for (int i = 0; i < argc; i++) {
        if (i)
            strcat(s, " ");
        bool quote = strpbrk(argv[i], " \t'\"") != NULL;
        if (quote)
            strcat(s, "'");
        strcat(s, i == 0 ? "flscan" : argv[i]);
        if (quote)
            strcat(s, "'");
    }
    return s;
}

/* reports/<stem>-report.xlsx for the first input; creates reports/ when missing. */
static char *default_out(const char *first)
{
    const char *base = strrchr(first, '/');
    base = base ? base + 1 : first;
    if (strcmp(first, "-") == 0)
        base = "stdin";
    size_t len = strlen(base);
    const char *dot = strrchr(base, '.');
    if (dot && dot != base)
        len = (size_t)(dot - base);
    size_t n = len + 32;
    char *p = malloc(n);
    if (!p)
        return NULL;
    if (mkdir("reports", 0777) != 0 && errno != EEXIST) {
        free(p);
        return NULL;
    }
    snprintf(p, n, "reports/%.*s-report.xlsx", (int)len, base);
    return p;
}

static int cmd_scan(int argc, char **argv, int first)
{
    parsed p;
    int rc = parse("scan", argc, argv, first, &p);
    if (rc || p.set[O_HELP]) {
        if (!rc)
            usage_scan(stdout);
        free_parsed(&p);
        return rc;
    }
    fl_scan_opts o;
    memset(&o, 0, sizeof o);
    o.fail_on = -1;
    if (!p.n_shipments) {
        fl_error("no input: give --shipments FILE (see 'flscan scan --help')");
        free_parsed(&p);
        return FL_EXIT_USAGE;
    }
    if (p.set[O_AS_OF]) {
        o.as_of = fl_date_parse_iso(p.val[O_AS_OF], strlen(p.val[O_AS_OF]));
        if (!o.as_of) {
            fl_error("--as-of '%s': expected a date as YYYY-MM-DD", p.val[O_AS_OF]);
            free_parsed(&p);
            return FL_EXIT_USAGE;
        }
    }
    if (p.set[O_FAIL_ON]) {
        fl_severity sev;
        if (strcmp(p.val[O_FAIL_ON], "none") == 0)
            o.fail_on = -1;
        else if (fl_severity_parse(p.val[O_FAIL_ON], &sev))
            o.fail_on = (int)sev;
        else {
            fl_error("--fail-on '%s': expected critical, high, medium, low or none",
                     p.val[O_FAIL_ON]);
            free_parsed(&p);
            return FL_EXIT_USAGE;
        }
    }
    o.entity_match = FL_ENTITY_MATCH_DEFAULT;
    o.entity_review = FL_ENTITY_REVIEW_DEFAULT;
    for (int k = O_ENTITY_MATCH; k <= O_ENTITY_REVIEW; k++) {
        if (!p.set[k])
            continue;
        char *end;
        double v = strtod(p.val[k], &end);
        if (*end || end == p.val[k] || !(v >= 0.0 && v <= 1.0)) {
            fl_error("--%s '%s': expected a score from 0 to 1, e.g. 0.9",
                     k == O_ENTITY_MATCH ? "entity-match" : "entity-review", p.val[k]);
            free_parsed(&p);
            return FL_EXIT_USAGE;
        }
        if (k == O_ENTITY_MATCH)
            o.entity_match = v;
        else
            o.entity_review = v;
    }
    if (o.entity_review > o.entity_match) {
        fl_error("--entity-review %.2f is above --entity-match %.2f; the review band must lie "
                 "below the match threshold",
                 o.entity_review, o.entity_match);
        free_parsed(&p);
        return FL_EXIT_USAGE;
    }
    o.quiet = p.set[O_QUIET];
    fl_diag_set_quiet(o.quiet);
    o.shipments = p.shipments;
    o.n_shipments = p.n_shipments;
    o.maps = p.maps;
    o.n_maps = p.n_maps;
    char *rules = resolve_rules(p.val[O_RULES]);
    char *data = resolve_data(p.val[O_DATA], rules);
    char *out = p.val[O_OUT] ? strdup(p.val[O_OUT]) : default_out(p.shipments[0]);
    char *cmd = command_line(argc, argv);
    if (!rules || !data || !out || !cmd) {
        fl_error("cannot prepare the run: %s", strerror(errno));
        rc = FL_EXIT_OUTPUT;
    } else {
        o.rules_dir = rules;
        o.data_dir = data;
        o.iso_dir = iso_dir();
        o.out_xlsx = out;
        o.flags_csv = p.val[O_FLAGS_CSV];
        o.flags_jsonl = p.val[O_FLAGS_JSONL];
        o.suppliers = p.val[O_SUPPLIERS];
        o.holdings = p.val[O_HOLDINGS];
        o.command_line = cmd;
        rc = fl_scan_run(&o);
    }
    free(rules);
    free(data);
    free(out);
    free(cmd);
    free_parsed(&p);
    return rc;
}

static int cmd_rules(int argc, char **argv, int first)
{
    if (first >= argc || strcmp(argv[first], "--help") == 0 || strcmp(argv[first], "-h") == 0) {
        usage_rules(first >= argc ? stderr : stdout);
        return first >= argc ? FL_EXIT_USAGE : FL_EXIT_OK;
    }
    const char *sub = argv[first];
    const char *command = strcmp(sub, "check") == 0  ? "rules check"
                          : strcmp(sub, "list") == 0 ? "rules list"
                                                     : NULL;
    if (!command) {
        fl_error("unknown command 'rules %s'; expected 'rules check' or 'rules list'", sub);
        return FL_EXIT_USAGE;
    }
    parsed p;
    int rc = parse(command, argc, argv, first + 1, &p);
    if (rc || p.set[O_HELP]) {
        if (!rc)
            usage_rules(stdout);
        free_parsed(&p);
        return rc;
    }
    char *rules = resolve_rules(p.positional ? p.positional : p.val[O_RULES]);
    char *data = rules ? resolve_data(p.val[O_DATA], rules) : NULL;
    if (!rules || !data) {
        free(rules);
        free(data);
        free_parsed(&p);
        return FL_EXIT_OUTPUT;
    }
    fl_rulecmd_opts ro = {rules, data, iso_dir(), 0, p.val[O_COUNTRY], p.val[O_COMMODITY]};
    if (p.set[O_AS_OF]) {
        ro.as_of = fl_date_parse_iso(p.val[O_AS_OF], strlen(p.val[O_AS_OF]));
        if (!ro.as_of) {
            fl_error("--as-of '%s': expected a date as YYYY-MM-DD", p.val[O_AS_OF]);
            rc = FL_EXIT_USAGE;
        }
    }
    if (!rc)
        rc = strcmp(sub, "check") == 0 ? fl_rulecmd_check(&ro) : fl_rulecmd_list(&ro);
    free(rules);
    free(data);
    free_parsed(&p);
    return rc;
}

int fl_cli_main(int argc, char **argv)
{
    if (argc < 2) {
        usage_main(stderr);
        return FL_EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        usage_main(stdout);
        return FL_EXIT_OK;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
        printf("flscan %s\n", FL_VERSION);
        return FL_EXIT_OK;
    }
    if (strcmp(cmd, "scan") == 0)
        return cmd_scan(argc, argv, 2);
    if (strcmp(cmd, "rules") == 0)
        return cmd_rules(argc, argv, 2);
    fl_error("unknown command '%s'; try 'flscan --help'", cmd);
    return FL_EXIT_USAGE;
}
