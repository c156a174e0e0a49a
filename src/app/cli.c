/* cli.c - option table, parsing, --help and dispatch; see cli.h. */
#include "cli.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"
#include "config.h"
#include "diag.h"
#include "fieldmap.h"
#include "history.h"
#include "interrupt.h"
#include "ledgercmd.h"
#include "pathcheck.h"
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
    O_DATA, O_HELP, O_COUNTRY, O_COMMODITY, O_ENTITY_MATCH, O_ENTITY_REVIEW, O_THREADS,
    O_SUPPLIERS, O_HOLDINGS, O_CONFIG, O_LEDGER, O_REVIEWS, O_REVIEWER, O_SUMMARY_JSON,
    O_SOURCE, O_REVIEW_EXPIRY, O_VENDOR, O_DATE_ORDER, O_COUNT
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
    {O_VENDOR, {"scan", "vendor", "NAME",
                "read the inputs with this data vendor's profile (datasets/vendors/NAME.csv: "
                "panjiva, importgenius, importyeti, datamyne, cbp_ams, erp_po) instead of the "
                "one detected from each file's header"}},
    {O_DATE_ORDER, {"scan", "date-order", "ORDER",
                    "how a date such as 01-03-2024 reads when the vendor profile does not say: "
                    "mdy (month first) or dmy (day first); default: month first, and the "
                    "first such date of a file is noted on the Data quality sheet"}},
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
    {O_CONFIG, {"scan", "config", "FILE",
                "read the settings from an INI file: [scan] keys are these options' names, "
                "[vendor NAME] sections give a data vendor's inputs and column maps; options "
                "given on the command line override it"}},
    {O_LEDGER, {"scan", "ledger", "FILE",
                "remember every run in this SQLite file: flags new, unchanged and resolved since "
                "the last run, rule changes, and reviewers' decisions carried forward (one run "
                "at a time)"}},
    {O_REVIEWS, {"scan", "reviews", "FILE",
                 "record a reviewer's decisions in the ledger first: a report workbook with its "
                 "Disposition (Decision, on Cases), Reviewer notes, Reviewed by and Reviewed on "
                 "filled in, or a CSV of fingerprint (or case),disposition,note[,reviewer,date]; "
                 "needs --ledger"}},
    {O_SOURCE, {"scan", "source", "NAME",
                "the inputs' source label, part of every flag's identity across runs "
                "(default: the vendor's name in --config, else the file name without its "
                "dates and run numbers)"}},
    {O_REVIEW_EXPIRY, {"scan", "review-expiry", "DAYS",
                       "a case decision holds for its later shipments this many days, then "
                       "the case returns for review (default 365; 0: never expires)"}},
    {O_REVIEWER, {"scan", "reviewer", "NAME",
                  "the reviewer of the --reviews rows that name none (no 'Reviewed by' cell, no "
                  "'reviewer' value); without it a workbook's last-modified-by property is "
                  "used, with a warning, and a CSV's decisions have no reviewer"}},
    {O_SUMMARY_JSON, {"scan", "summary-json", "FILE",
                      "write a one-line JSON summary of the run (counts, exit code, outputs, "
                      "durations); '-' for standard output"}},
    {O_THREADS, {"scan", "threads", "N",
                 "threads to use: 1 reads and judges on one thread; with N of 2 or more one "
                 "thread reads and hashes a file, N parse it in chunks and one judges the "
                 "records in file order (default: the number of cores, at most 8); the report "
                 "is the same whatever N"}},
    {O_QUIET, {"scan", "quiet", NULL, "print nothing but errors and warnings"}},
    {O_RULES, {"rules list", "rules", "DIR", "rule set folder"}},
    {O_AS_OF, {"rules list", "as-of", "YYYY-MM-DD", "only rules in force on this date"}},
    {O_COUNTRY, {"rules list", "country", "CC", "only rules for this country (code or name)"}},
    {O_COMMODITY, {"rules list", "commodity", "TEXT",
                   "only rules whose commodity id, name or HS prefix contains TEXT"}},
    {O_DATA, {"rules list", "data", "DIR", "reference data folder"}},
    {O_DATA, {"rules check", "data", "DIR", "reference data folder"}},
    {O_LEDGER, {"ledger check", "ledger", "FILE", "the ledger to check"}},
    {O_CONFIG, {"ledger check", "config", "FILE",
                "take the ledger from this INI file's [scan] 'ledger' key (the nightly job's "
                "--config)"}},
    {O_QUIET, {"ledger check", "quiet", NULL, "print nothing when the ledger is healthy"}},
    {O_LEDGER, {"ledger backup", "ledger", "FILE", "the ledger to copy"}},
    {O_CONFIG, {"ledger backup", "config", "FILE",
                "take the ledger from this INI file's [scan] 'ledger' key (the nightly job's "
                "--config)"}},
    {O_QUIET, {"ledger backup", "quiet", NULL, "print nothing but errors"}},
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
    "  5  output error (cannot write a report)\n"
    "  6  the ledger is in use by another run (nothing was done)\n"
    "  7  out of memory (nothing was written)\n"
    "  130, 143  interrupted by SIGINT, SIGTERM (previous reports and ledger left as they were)\n";

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
            "  flscan ledger check --ledger FILE        check the health of a ledger\n"
            "  flscan ledger backup BACKUP --ledger FILE\n"
            "                                           copy a ledger safely, even during a run\n"
            "  flscan --version | --help\n"
            "\n"
            "Run 'flscan COMMAND --help' for a command's options.\n"
            "\n%s\n"
            "Every flag names the rule that fired, its legal basis (TVPRA, TVPRA-downstream,\n"
            "EO13126, WRO, UFLPA-region, UFLPA-entity) and its public sources. A flag is a reason\n"
            "to look, not a finding of forced labor.\n",
            fl_version(), exit_codes);
}

static void usage_scan(FILE *fp)
{
    fprintf(fp,
            "Usage: flscan scan --shipments FILE [--shipments FILE]... [--rules DIR]\n"
            "                   [--as-of YYYY-MM-DD] [--out REPORT.xlsx] [--flags-csv FILE]\n"
            "                   [--flags-jsonl FILE] [--map FIELD=HEADER]... [--fail-on SEVERITY]\n"
            "                   [--ledger FILE [--reviews FILE [--reviewer NAME]]]\n"
            "                   [--summary-json FILE] [--suppliers FILE] [--holdings FILE]\n"
            "                   [--config FILE] [--quiet]\n"
            "\n"
            "Screens every record of the shipment files against the rules in force on its date and\n"
            "writes a workbook (Summary, Flags, Importers, Data quality, Rules, Sources; Suppliers\n"
            "with --suppliers, Portfolio with --holdings). Records that cannot be judged are\n"
            "listed on the Data quality sheet with file, line and reason.\n"
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

static void usage_ledger(FILE *fp)
{
    fprintf(fp,
            "Usage: flscan ledger check (--ledger FILE | --config FILE) [--quiet]\n"
            "       flscan ledger backup BACKUP (--ledger FILE | --config FILE) [--quiet]\n"
            "\n'check' takes the ledger's lock (exit 6 while a run holds it), runs SQLite's\n"
            "integrity and foreign key checks, and prints them with the schema version, the\n"
            "number of runs and the last run. Exit 0 when healthy, 3 when it is corrupt or\n"
            "not an flscan ledger (restore a backup or move it aside).\n"
            "'backup' copies the ledger to BACKUP with SQLite's online backup API: a\n"
            "consistent copy even while a run holds the ledger, checked, written under a\n"
            "temporary name and renamed. Exit 0 when written, 2 when BACKUP is the ledger,\n"
            "3 when the ledger is missing or corrupt (BACKUP left as it was), 5 when BACKUP\n"
            "cannot be written, 6 when the ledger stayed locked for 10 s.\n"
            "\nOptions of 'ledger check' ('ledger backup' takes the same):\n");
    print_options(fp, "ledger check");
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
        exit(FL_EXIT_NOMEM);
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
        return FL_EXIT_NOMEM;
    }
    for (int i = first; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            p->set[O_HELP] = true;
            continue;
        }
        if (strncmp(a, "--", 2) != 0 || a[2] == '\0') {
            if (!p->positional &&
                (strcmp(command, "rules check") == 0 || strcmp(command, "ledger backup") == 0)) {
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
        /* --threads changes how fast, never what: it stays out of the report, so that the
           report is byte-identical whatever the number of threads. */
        if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc) {
            i++;
            continue;
        }
        if (strncmp(argv[i], "--threads=", 10) == 0)
            continue;
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
    /* reports/ itself is made by the run just before it writes (fl_scan_opts.out_folder) */
    snprintf(p, n, "reports/%.*s-report.xlsx", (int)len, base);
    return p;
}

/* ---- --config ------------------------------------------------------------------------- */

/* The inputs of a run and, with a config, each one's column maps. */
typedef struct plan {
    const char **shipments;
    size_t n;
    fl_map_override **maps; /* per input; NULL without per-input maps */
    size_t *n_maps;
    const char **sources; /* per input: its vendor's name, NULL for none; NULL without */
    fl_map_override *global; /* [scan] maps, then the command line's */
    size_t n_global;
} plan;

static void free_plan(plan *pl)
{
    if (pl->maps)
        for (size_t i = 0; i < pl->n; i++)
            free(pl->maps[i]);
    free(pl->maps);
    free(pl->n_maps);
    free(pl->sources);
    free(pl->shipments);
    free(pl->global);
    memset(pl, 0, sizeof *pl);
}

/* Paths in a config are relative to its folder; these options name files or folders. */
static bool takes_path(const fl_cli_option *d)
{
    return d->arg && (strcmp(d->arg, "FILE") == 0 || strcmp(d->arg, "DIR") == 0 ||
                      strstr(d->arg, ".xlsx") != NULL);
}

/* Add map m to list (capacity enough); a later map of the same field replaces the earlier. */
static void put_map(fl_map_override *list, size_t *n, fl_map_override m)
{
    for (size_t i = 0; i < *n; i++)
        if (list[i].field == m.field) {
            list[i] = m;
            return;
        }
    list[(*n)++] = m;
}

static bool config_map(const fl_config *cfg, const fl_config_item *it, fl_map_override *out)
{
    if (fl_map_override_parse(it->value, out))
        return true;
    fl_error("%s:%u: map '%s': expected FIELD=HEADER", cfg->path, it->line, it->value);
    return false;
}

/*
 * Fold the config's settings into p (the command line wins) and decide the inputs: the
 * command line's --shipments when given (with the [scan] and command-line maps), else the
 * config's [scan] shipments and every vendor's (each with its own maps as well). Returns 0
 * or an exit code (message printed).
 */
static int make_plan(parsed *p, fl_config *cfg, plan *pl)
{
    memset(pl, 0, sizeof *pl);
    size_t n_items = cfg ? cfg->n_scan : 0, n_vendor_maps = 0, n_vendor_ship = 0;
    for (size_t v = 0; cfg && v < cfg->n_vendors; v++) {
        n_vendor_maps += cfg->vendors[v].n_maps;
        n_vendor_ship += cfg->vendors[v].n_shipments;
    }
    size_t cap_inputs = p->n_shipments + n_items + n_vendor_ship + 1;
    size_t cap_maps = p->n_maps + n_items + n_vendor_maps + 1;
    pl->shipments = calloc(cap_inputs, sizeof *pl->shipments);
    pl->global = calloc(cap_maps, sizeof *pl->global);
    if (!pl->shipments || !pl->global) {
        fl_error("out of memory");
        return FL_EXIT_NOMEM;
    }
    bool from_config = cfg && !p->n_shipments;
    for (size_t i = 0; i < n_items; i++) {
        const fl_config_item *it = &cfg->scan[i];
        const optdef *d = NULL;
        for (size_t k = 0; k < N_OPTIONS && !d; k++)
            if (strcmp(options[k].doc.command, "scan") == 0 &&
                strcmp(options[k].doc.name, it->key) == 0)
                d = &options[k];
        const char *val = d && takes_path(&d->doc) ? fl_config_path(cfg, it->value) : it->value;
        if (!d || !val) {
            fl_error("out of memory");
            return FL_EXIT_NOMEM;
        }
        if (d->id == O_SHIPMENTS) {
            if (from_config)
                pl->shipments[pl->n++] = val;
        } else if (d->id == O_MAP) {
            fl_map_override m;
            if (!config_map(cfg, it, &m))
                return FL_EXIT_USAGE;
            put_map(pl->global, &pl->n_global, m);
        } else if (!d->doc.arg) {
            bool on;
            if (!fl_config_bool(it->value, &on)) {
                fl_error("%s:%u: '%s' is a switch: expected yes or no, got '%s'", cfg->path,
                         it->line, it->key, it->value);
                return FL_EXIT_USAGE;
            }
            if (on)
                p->set[d->id] = true;
        } else if (!p->set[d->id]) {
            p->set[d->id] = true;
            p->val[d->id] = val;
        }
    }
    for (size_t i = 0; i < p->n_maps; i++)
        put_map(pl->global, &pl->n_global, p->maps[i]);
    if (!from_config) {
        for (size_t i = 0; i < p->n_shipments; i++)
            pl->shipments[pl->n++] = p->shipments[i];
        return 0;
    }
    /* Inputs from the config: each with the [scan] maps, its vendor's, then the command
     * line's (so the command line has the last word on a field). */
    size_t n_scan_inputs = pl->n;
    for (size_t v = 0; v < cfg->n_vendors; v++)
        for (size_t k = 0; k < cfg->vendors[v].n_shipments; k++) {
            const char *path = fl_config_path(cfg, cfg->vendors[v].shipments[k].value);
            if (!path) {
                fl_error("out of memory");
                return FL_EXIT_NOMEM;
            }
            pl->shipments[pl->n++] = path;
        }
    pl->maps = calloc(pl->n + 1, sizeof *pl->maps);
    pl->n_maps = calloc(pl->n + 1, sizeof *pl->n_maps);
    pl->sources = calloc(pl->n + 1, sizeof *pl->sources);
    if (!pl->maps || !pl->n_maps || !pl->sources) {
        fl_error("out of memory");
        return FL_EXIT_NOMEM;
    }
    size_t input = 0;
    for (size_t v = 0; v <= cfg->n_vendors; v++) {
        /* v == 0: the [scan] inputs; then vendor v - 1 */
        const fl_config_vendor *vd = v ? &cfg->vendors[v - 1] : NULL;
        size_t count = vd ? vd->n_shipments : n_scan_inputs;
        for (size_t k = 0; k < count; k++, input++) {
            fl_map_override *list = calloc(cap_maps, sizeof *list);
            if (!list) {
                fl_error("out of memory");
                return FL_EXIT_NOMEM;
            }
            pl->maps[input] = list;
            pl->sources[input] = vd ? vd->name : NULL;
            size_t n = 0;
            for (size_t m = 0; m < pl->n_global; m++)
                put_map(list, &n, pl->global[m]);
            for (size_t m = 0; vd && m < vd->n_maps; m++) {
                fl_map_override mo;
                if (!config_map(cfg, &vd->maps[m], &mo))
                    return FL_EXIT_USAGE;
                put_map(list, &n, mo);
            }
            for (size_t m = 0; m < p->n_maps; m++)
                put_map(list, &n, p->maps[m]);
            pl->n_maps[input] = n;
        }
    }
    return 0;
}

/* The keys a config's [scan] section may hold: every scan option but --config itself. */
static fl_status load_config(const char *path, fl_config **cfg)
{
    fl_config_key keys[N_OPTIONS];
    size_t n = 0;
    for (size_t i = 0; i < N_OPTIONS; i++)
        if (strcmp(options[i].doc.command, "scan") == 0 && options[i].id != O_CONFIG)
            keys[n++] = (fl_config_key){options[i].doc.name,
                                        options[i].id == O_SHIPMENTS || options[i].id == O_MAP};
    return fl_config_load(path, keys, n, cfg);
}

/* --as-of and --fail-on into o; FL_EXIT_OK or FL_EXIT_USAGE (message printed). */
static int settle_dates_and_severity(const parsed *p, fl_scan_opts *o)
{
    o->fail_on = -1;
    if (p->set[O_AS_OF]) {
        o->as_of = fl_date_parse_iso(p->val[O_AS_OF], strlen(p->val[O_AS_OF]));
        if (!o->as_of) {
            fl_error("--as-of '%s': expected a date as YYYY-MM-DD", p->val[O_AS_OF]);
            return FL_EXIT_USAGE;
        }
    }
    if (p->set[O_FAIL_ON]) {
        fl_severity sev;
        if (strcmp(p->val[O_FAIL_ON], "none") == 0)
            o->fail_on = -1;
        else if (fl_severity_parse(p->val[O_FAIL_ON], &sev))
            o->fail_on = (int)sev;
        else {
            fl_error("--fail-on '%s': expected critical, high, medium, low or none",
                     p->val[O_FAIL_ON]);
            return FL_EXIT_USAGE;
        }
    }
    return FL_EXIT_OK;
}

/* --entity-match and --entity-review into o; FL_EXIT_OK or FL_EXIT_USAGE. */
static int settle_entity_scores(const parsed *p, fl_scan_opts *o)
{
    o->entity_match = FL_ENTITY_MATCH_DEFAULT;
    o->entity_review = FL_ENTITY_REVIEW_DEFAULT;
    for (int k = O_ENTITY_MATCH; k <= O_ENTITY_REVIEW; k++) {
        if (!p->set[k])
            continue;
        char *end;
        double v = strtod(p->val[k], &end);
        if (*end || end == p->val[k] || !(v >= 0.0 && v <= 1.0)) {
            fl_error("--%s '%s': expected a score from 0 to 1, e.g. 0.9",
                     k == O_ENTITY_MATCH ? "entity-match" : "entity-review", p->val[k]);
            return FL_EXIT_USAGE;
        }
        if (k == O_ENTITY_MATCH)
            o->entity_match = v;
        else
            o->entity_review = v;
    }
    if (o->entity_review > o->entity_match) {
        fl_error("--entity-review %.2f is above --entity-match %.2f; the review band must lie "
                 "below the match threshold",
                 o->entity_review, o->entity_match);
        return FL_EXIT_USAGE;
    }
    return FL_EXIT_OK;
}

/* The value of --name as a whole number in [min, max] into *out: FL_EXIT_OK, else
   FL_EXIT_USAGE with "--name 'text': expected <expected>". */
static int whole_number(const char *name, const char *text, long min, long max,
                        const char *expected, unsigned *out)
{
    char *end;
    long v = strtol(text, &end, 10);
    if (*end || end == text || v < min || v > max) {
        fl_error("--%s '%s': expected %s", name, text, expected);
        return FL_EXIT_USAGE;
    }
    *out = (unsigned)v;
    return FL_EXIT_OK;
}

/* --threads into o (default: the cores, at most 8); FL_EXIT_OK or FL_EXIT_USAGE. */
static int settle_threads(const parsed *p, fl_scan_opts *o)
{
    /* The default: the cores, at most 8 (one thread judges: more parsers gain little, and
       each holds a chunk of about 3 MB). */
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    o->threads = cores > 8 ? 8 : cores > 1 ? (unsigned)cores : 1;
    if (!p->set[O_THREADS])
        return FL_EXIT_OK;
    return whole_number("threads", p->val[O_THREADS], 1, 256, "a whole number from 1 to 256",
                        &o->threads);
}

/* --review-expiry into o (default FL_REVIEW_EXPIRY_DAYS); FL_EXIT_OK or FL_EXIT_USAGE. */
static int settle_review_expiry(const parsed *p, fl_scan_opts *o)
{
    o->review_expiry = FL_REVIEW_EXPIRY_DAYS;
    if (!p->set[O_REVIEW_EXPIRY])
        return FL_EXIT_OK;
    return whole_number("review-expiry", p->val[O_REVIEW_EXPIRY], 0, 36500,
                        "a number of days from 0 (never) to 36500", &o->review_expiry);
}

/* --reviewer into o: a name, with --reviews; FL_EXIT_OK or FL_EXIT_USAGE. */
static int settle_reviewer(const parsed *p, fl_scan_opts *o)
{
    const char *v = p->val[O_REVIEWER];
    o->reviewer = NULL;
    if (!p->set[O_REVIEWER])
        return FL_EXIT_OK;
    if (!p->set[O_REVIEWS]) {
        fl_error("--reviewer needs --reviews: it names who made the decisions read from it");
        return FL_EXIT_USAGE;
    }
    size_t len = strlen(v), blank = 0;
    while (blank < len && isspace((unsigned char)v[blank]))
        blank++;
    if (blank == len || len > 200) {
        fl_error("--reviewer '%.40s%s': expected a name of 1 to 200 bytes", v,
                 len > 40 ? "..." : "");
        return FL_EXIT_USAGE;
    }
    o->reviewer = v;
    return FL_EXIT_OK;
}

/* The settings that need no file: FL_EXIT_OK or FL_EXIT_USAGE (message printed). */
static int settle(const parsed *p, fl_scan_opts *o)
{
    int rc;
    if (p->set[O_REVIEWS] && !p->set[O_LEDGER]) {
        fl_error("--reviews needs --ledger: decisions are kept in the ledger");
        return FL_EXIT_USAGE;
    }
    if ((rc = settle_reviewer(p, o)) != FL_EXIT_OK)
        return rc;
    if ((rc = settle_dates_and_severity(p, o)) != FL_EXIT_OK ||
        (rc = settle_entity_scores(p, o)) != FL_EXIT_OK || (rc = settle_threads(p, o)) != FL_EXIT_OK)
        return rc;
    o->quiet = p->set[O_QUIET];
    o->ledger = p->val[O_LEDGER];
    o->reviews = p->val[O_REVIEWS];
    o->summary_json = p->val[O_SUMMARY_JSON];
    o->flags_csv = p->val[O_FLAGS_CSV];
    o->flags_jsonl = p->val[O_FLAGS_JSONL];
    o->suppliers = p->val[O_SUPPLIERS];
    o->holdings = p->val[O_HOLDINGS];
    o->vendor = p->val[O_VENDOR];
    o->date_order = FL_DATE_ORDER_AUTO;
    if (p->set[O_DATE_ORDER] && (strcmp(p->val[O_DATE_ORDER], "auto") == 0 ||
                                 !fl_date_order_parse(p->val[O_DATE_ORDER], &o->date_order))) {
        fl_error("--date-order '%s': expected mdy (month first) or dmy (day first)",
                 p->val[O_DATE_ORDER]);
        return FL_EXIT_USAGE;
    }
    o->source = p->val[O_SOURCE];
    if (o->source && !*o->source) {
        fl_error("--source '': give the inputs' source a name, or leave the option out");
        return FL_EXIT_USAGE;
    }
    return settle_review_expiry(p, o);
}

/* Every file the run reads or writes, by option: false (message printed) when an output is
   named like another file of the run (pathcheck.h). */
static bool paths_apart(const parsed *p, const fl_scan_opts *o)
{
    /* the ledger's companions: its lock, SQLite's journal and the publish journal (publish.h) */
    static const char *const companion[3][2] = {{".lock", "--ledger (its lock file)"},
                                                {"-journal", "--ledger (its SQLite journal)"},
                                                {".publish", "--ledger (its publish journal)"}};
    char *beside[3] = {NULL, NULL, NULL};
    fl_named_path *np = calloc(o->n_shipments + 12, sizeof *np);
    if (!np)
        return true; /* out of memory: the run fails soon enough on its own */
    size_t n = 0;
    for (int k = 0; k < 3 && o->ledger && strcmp(o->ledger, "-") != 0; k++) {
        size_t len = strlen(o->ledger) + strlen(companion[k][0]) + 1;
        if ((beside[k] = malloc(len)) != NULL) {
            snprintf(beside[k], len, "%s%s", o->ledger, companion[k][0]);
            np[n++] = (fl_named_path){companion[k][1], beside[k], true};
        }
    }
    for (size_t i = 0; i < o->n_shipments; i++)
        np[n++] = (fl_named_path){"--shipments", o->shipments[i], false};
    np[n++] = (fl_named_path){"--config", p->val[O_CONFIG], false};
    np[n++] = (fl_named_path){"--reviews", o->reviews, false};
    np[n++] = (fl_named_path){"--suppliers", o->suppliers, false};
    np[n++] = (fl_named_path){"--holdings", o->holdings, false};
    np[n++] = (fl_named_path){"--ledger", o->ledger, true};
    np[n++] = (fl_named_path){"--out", o->out_xlsx, true};
    np[n++] = (fl_named_path){"--flags-csv", o->flags_csv, true};
    np[n++] = (fl_named_path){"--flags-jsonl", o->flags_jsonl, true};
    np[n++] = (fl_named_path){"--summary-json", o->summary_json, true};
    bool ok = fl_pathcheck(np, n);
    free(np);
    for (int k = 0; k < 3; k++)
        free(beside[k]);
    return ok;
}

/* Resolve the folders and the report's name, then run the job; returns the exit code. */
static int run_scan(int argc, char **argv, const parsed *p, const plan *pl, fl_scan_opts *o)
{
    int rc;
    o->shipments = pl->shipments;
    o->n_shipments = pl->n;
    o->maps = pl->global;
    o->n_maps = pl->n_global;
    o->input_maps = (const fl_map_override *const *)pl->maps;
    o->n_input_maps = pl->n_maps;
    o->input_sources = pl->sources;
    char *rules = resolve_rules(p->val[O_RULES]);
    char *data = rules ? resolve_data(p->val[O_DATA], rules) : NULL;
    char *out = p->val[O_OUT] ? strdup(p->val[O_OUT]) : default_out(pl->shipments[0]);
    char *cmd = command_line(argc, argv);
    if (!rules || !data || !out || !cmd) {
        fl_error("cannot prepare the run: %s", strerror(errno));
        rc = errno == ENOMEM ? FL_EXIT_NOMEM : FL_EXIT_OUTPUT;
    } else {
        o->rules_dir = rules;
        o->data_dir = data;
        o->iso_dir = iso_dir();
        o->out_xlsx = out;
        o->out_folder = p->val[O_OUT] ? NULL : "reports";
        o->command_line = cmd;
        rc = FL_EXIT_USAGE;
        if (paths_apart(p, o)) {
            /* SIGINT and SIGTERM stop the run cleanly (interrupt.h): 130, 143. */
            if (fl_interrupt_install() != 0)
                fl_warn("cannot catch SIGINT and SIGTERM: %s", strerror(errno));
            rc = fl_scan_run(o);
        }
    }
    free(rules);
    free(data);
    free(out);
    free(cmd);
    return rc;
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
    fl_config *cfg = NULL;
    plan pl;
    memset(&pl, 0, sizeof pl);
    if (p.set[O_CONFIG]) {
        fl_status cs = load_config(p.val[O_CONFIG], &cfg);
        if (cs != FL_OK) {
            free_parsed(&p);
            return cs == FL_ERR_USAGE ? FL_EXIT_USAGE : fl_status_exit(cs);
        }
    }
    if ((rc = make_plan(&p, cfg, &pl)) != 0 || (!pl.n && (rc = FL_EXIT_USAGE))) {
        if (!pl.n && rc == FL_EXIT_USAGE && !fl_diag_error_count())
            fl_error("no input: give --shipments FILE or a --config with shipments (see "
                     "'flscan scan --help')");
    } else if ((rc = settle(&p, &o)) == FL_EXIT_OK) {
        fl_diag_set_quiet(o.quiet);
        rc = run_scan(argc, argv, &p, &pl, &o);
    }
    free_plan(&pl);
    fl_config_free(cfg);
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

/* The ledger of 'ledger check' and 'ledger backup': --ledger, else the config's. */
static int ledger_path(const parsed *p, fl_config **cfg, const char **path)
{
    *path = p->val[O_LEDGER];
    if (*path || !p->set[O_CONFIG])
        return *path ? FL_EXIT_OK : FL_EXIT_USAGE;
    fl_status cs = load_config(p->val[O_CONFIG], cfg);
    if (cs != FL_OK)
        return cs == FL_ERR_USAGE ? FL_EXIT_USAGE : fl_status_exit(cs);
    for (size_t i = 0; i < (*cfg)->n_scan; i++)
        if (strcmp((*cfg)->scan[i].key, "ledger") == 0)
            *path = fl_config_path(*cfg, (*cfg)->scan[i].value);
    if (!*path) {
        fl_error("%s: no 'ledger' in [scan]; give --ledger FILE", p->val[O_CONFIG]);
        return FL_EXIT_USAGE;
    }
    return FL_EXIT_OK;
}

static int cmd_ledger(int argc, char **argv, int first)
{
    if (first >= argc || strcmp(argv[first], "--help") == 0 || strcmp(argv[first], "-h") == 0) {
        usage_ledger(first >= argc ? stderr : stdout);
        return first >= argc ? FL_EXIT_USAGE : FL_EXIT_OK;
    }
    const char *sub = argv[first];
    const char *command = strcmp(sub, "check") == 0    ? "ledger check"
                          : strcmp(sub, "backup") == 0 ? "ledger backup"
                                                       : NULL;
    if (!command) {
        fl_error("unknown command 'ledger %s'; expected 'ledger check' or 'ledger backup'", sub);
        return FL_EXIT_USAGE;
    }
    parsed p;
    fl_config *cfg = NULL;
    fl_ledgercmd_opts lo = {NULL, NULL, false};
    int rc = parse(command, argc, argv, first + 1, &p);
    if (!rc && p.set[O_HELP]) {
        usage_ledger(stdout);
    } else if (!rc && p.set[O_LEDGER] && p.set[O_CONFIG]) {
        fl_error("give --ledger or --config, not both");
        rc = FL_EXIT_USAGE;
    } else if (!rc && (rc = ledger_path(&p, &cfg, &lo.ledger)) != FL_EXIT_OK) {
        if (!lo.ledger && !fl_diag_error_count())
            fl_error("'flscan %s' needs the ledger: --ledger FILE or --config FILE", command);
    } else if (!rc && command[7] == 'b' && !p.positional) {
        fl_error("'flscan ledger backup' needs the file to write: flscan ledger backup BACKUP "
                 "--ledger FILE");
        rc = FL_EXIT_USAGE;
    } else if (!rc) {
        lo.backup = p.positional;
        lo.quiet = p.set[O_QUIET];
        fl_diag_set_quiet(lo.quiet);
        rc = command[7] == 'b' ? fl_ledgercmd_backup(&lo) : fl_ledgercmd_check(&lo);
    }
    fl_config_free(cfg);
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
        printf("flscan %s\n", fl_version());
        return FL_EXIT_OK;
    }
    if (strcmp(cmd, "scan") == 0)
        return cmd_scan(argc, argv, 2);
    if (strcmp(cmd, "rules") == 0)
        return cmd_rules(argc, argv, 2);
    if (strcmp(cmd, "ledger") == 0)
        return cmd_ledger(argc, argv, 2);
    fl_error("unknown command '%s'; try 'flscan --help'", cmd);
    return FL_EXIT_USAGE;
}
