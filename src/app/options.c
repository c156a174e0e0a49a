/* options.c - the command line as data; see options.h. */
#include "options.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* Commands in the order 'flscan --help' and the man page show them. */
static const fl_cli_command commands[] = {
    {"", "COMMAND [ARG]...", FL_ARG_NONE, "",
     "flscan screens supply-chain trade data for forced-labor and child-labor risk: it matches "
     "shipment records (bill-of-lading CSV exports) against a dated rule set whose every rule "
     "cites its public source, and writes a flagged-risk workbook that says why each flag "
     "fired and on whose authority. A flag is a reason to look, not a finding of forced labor."},
    {"scan", "[FILE]...", FL_ARG_FILE, "screen shipments, write a flagged-risk workbook",
     "Screens every record of the shipment files (FILE operands and --shipments, in the order "
     "given; '-' is standard input) against the rules in force on its date and writes a "
     "workbook (Summary, Flags, Importers, Data quality, Rules, Sources; Suppliers with "
     "--suppliers, Portfolio with --holdings). Records that cannot be judged are listed on "
     "the Data quality sheet with file, line and reason. A file named twice is screened once."},
    {"merge", "PARTIAL...", FL_ARG_FILE, "merge the partials of a sharded scan into its reports",
     "Reads the partial of every shard of one scan (flscan scan --shard K/N --partial FILE), "
     "checks that they belong together (one scan's settings, rule set and inputs, every shard "
     "once, none corrupt: else exit 3 and nothing is written), and writes the workbook, the "
     "flags CSV and JSONL and commits the ledger exactly as the one-process scan would: "
     "byte-identical reports but for the Summary's command line, which records the scan and "
     "the merge. Run it in the folder where the shards ran: the scan's options (rules, "
     "suppliers, holdings, config) are read again from there."},
    {"rules check", "[DIR]", FL_ARG_DIR, "validate a rule set",
     "Validates the rule set in DIR (default: found as 'Rules and data' says) and prints "
     "counts per basis; exit 4 on errors, each reported as file:line:column."},
    {"rules list", NULL, FL_ARG_NONE, "list the rules in force",
     "Prints the rules as a table, optionally only those in force on a date, for a country or "
     "for a commodity; with --coverage, one line a list: its official size and date, how many "
     "of its listings the rule set holds in force on that date, the newest source."},
    {"rules import", "FILE", FL_ARG_FILE, "merge an official list's export into the rule set",
     "Reads FILE, an export of an official list in the format --format names, and brings the "
     "rule set in line with it: new rows, end dates and corrections, each dated and citing the "
     "list, never a deleted row; prints one line a change and the counts. A bad row of the "
     "export is reported as file:line:column, exit 4, and nothing is written; the changed "
     "tables are put in place together, only when the new rule set loads."},
    {"ledger check", NULL, FL_ARG_NONE, "check the health of a ledger",
     "Takes the ledger's lock (exit 6 while a run holds it), runs SQLite's integrity and "
     "foreign key checks and prints them with the schema version, the number of runs and the "
     "last run. Exit 0 when healthy, 3 when it is corrupt or not an flscan ledger (restore a "
     "backup or move it aside)."},
    {"ledger backup", "BACKUP", FL_ARG_OUTPUT, "copy a ledger safely, even during a run",
     "Copies the ledger to BACKUP with SQLite's online backup API: a consistent copy even "
     "while a run holds the ledger, checked, written under a temporary name and renamed. Exit "
     "0 when written, 2 when BACKUP is the ledger, 3 when the ledger is missing or corrupt "
     "(BACKUP left as it was), 5 when BACKUP cannot be written, 6 when the ledger stayed "
     "locked for 10 s."},
};

#define N_COMMANDS (sizeof commands / sizeof *commands)

/* Options by command, in the order --help shows them; the global ones last. */
static const fl_cli_option options[] = {
    {"scan", "shipments", 0, "FILE", FL_ARG_FILE, true,
     "shipment CSV (bill-of-lading export) to screen, as a FILE operand is; repeat for "
     "several files; '-' reads standard input",
     FL_O_SHIPMENTS},
    {"scan", "rules", 0, "DIR", FL_ARG_DIR, false,
     "rule set folder (default: the first found of the places under 'Rules and data')", FL_O_RULES},
    {"scan", "data", 0, "DIR", FL_ARG_DIR, false,
     "reference data folder with country_aliases.csv, subdivision_aliases.csv and the vendor "
     "profiles vendors/ (default: the first found of the places under 'Rules and data')",
     FL_O_DATA},
    {"scan", "as-of", 0, "YYYY-MM-DD", FL_ARG_TEXT, false,
     "judge every record by the rules in force on this date instead of its own date; also "
     "fixes the report's run date",
     FL_O_AS_OF},
    {"scan", "out", 'o', "REPORT.xlsx", FL_ARG_OUTPUT, false,
     "workbook to write (default: reports/<first input>-report.xlsx); '-' writes it to "
     "standard output when that is not a terminal",
     FL_O_OUT},
    {"scan", "flags-csv", 0, "FILE", FL_ARG_OUTPUT, false,
     "also write one CSV line per flag; '-' for standard output", FL_O_FLAGS_CSV},
    {"scan", "flags-jsonl", 0, "FILE", FL_ARG_OUTPUT, false,
     "also write one JSON object per flag per line; '-' for standard output", FL_O_FLAGS_JSONL},
    {"scan", "map", 0, "FIELD=HEADER", FL_ARG_MAP, true,
     "use column HEADER for FIELD (record_id, date, importer, shipper, shipper_address, "
     "origin, port_of_lading, hs_code, description, quantity, weight, value, supplier_id); "
     "repeatable",
     FL_O_MAP},
    {"scan", "vendor", 0, "NAME", FL_ARG_TEXT, false,
     "read the inputs with this data vendor's profile (datasets/vendors/NAME.csv: panjiva, "
     "importgenius, importyeti, datamyne, cbp_ams, erp_po) instead of the one detected from "
     "each file's header",
     FL_O_VENDOR},
    {"scan", "date-order", 0, "ORDER", FL_ARG_TEXT, false,
     "how a date such as 01-03-2024 reads when the vendor profile does not say: mdy (month "
     "first) or dmy (day first); default: month first, and the first such date of a file is "
     "noted on the Data quality sheet",
     FL_O_DATE_ORDER},
    {"scan", "fail-on", 0, "SEVERITY", FL_ARG_SEVERITY, false,
     "exit 1 when any flag is at or above SEVERITY (critical, high, medium, low; default: "
     "none)",
     FL_O_FAIL_ON},
    {"scan", "entity-match", 0, "SCORE", FL_ARG_TEXT, false,
     "name score (0-1) at which a shipper or importer is taken to be a listed entity and "
     "flagged (default 0.90)",
     FL_O_ENTITY_MATCH},
    {"scan", "entity-review", 0, "SCORE", FL_ARG_TEXT, false,
     "name score (0-1) from which a possible match is reported for review, severity low "
     "(default 0.75)",
     FL_O_ENTITY_REVIEW},
    {"scan", "suppliers", 0, "FILE", FL_ARG_FILE, false,
     "supplier list CSV (supplier_id, name, country, address, commodities, tier, "
     "supplies_to): exposure of deeper tiers reaches the shippers' shipments as 'indirect' "
     "flags; adds the Suppliers sheet",
     FL_O_SUPPLIERS},
    {"scan", "holdings", 0, "FILE", FL_ARG_FILE, false,
     "portfolio holdings CSV, as a portfolio export comes (a holding or Name/Issuer column; "
     "ISIN, ticker, weight and importer aliases when it has them): adds the Portfolio sheet "
     "with an exposure score per holding",
     FL_O_HOLDINGS},
    {"scan", "config", 0, "FILE", FL_ARG_FILE, false,
     "read the settings from an INI file: [scan] keys are these options' long names, [vendor "
     "NAME] sections give a data vendor's inputs and column maps; options given on the "
     "command line override it",
     FL_O_CONFIG},
    {"scan", "ledger", 0, "FILE", FL_ARG_FILE, false,
     "remember every run in this SQLite file: flags new, unchanged and resolved since the last "
     "run, rule changes, and reviewers' decisions carried forward (one run at a time)",
     FL_O_LEDGER},
    {"scan", "reviews", 0, "FILE", FL_ARG_FILE, false,
     "record a reviewer's decisions in the ledger first: a report workbook with its "
     "Disposition (Decision, on Cases), Reviewer notes, Reviewed by and Reviewed on filled "
     "in, or a CSV of fingerprint (or case), disposition, note and optionally reviewer and "
     "date; needs --ledger",
     FL_O_REVIEWS},
    {"scan", "source", 0, "NAME", FL_ARG_TEXT, false,
     "the inputs' source label, part of every flag's identity across runs (default: the "
     "vendor's name in --config, else the file name without its dates and run numbers)",
     FL_O_SOURCE},
    {"scan", "review-expiry", 0, "DAYS", FL_ARG_TEXT, false,
     "a case decision holds for its later shipments this many days, then the case returns "
     "for review (default 365; 0: never expires)",
     FL_O_REVIEW_EXPIRY},
    {"scan", "reviewer", 0, "NAME", FL_ARG_TEXT, false,
     "the reviewer of the --reviews rows that name none (no 'Reviewed by' cell, no 'reviewer' "
     "value); without it a workbook's last-modified-by property is used, with a warning, and "
     "a CSV's decisions have no reviewer",
     FL_O_REVIEWER},
    {"scan", "summary-json", 0, "FILE", FL_ARG_OUTPUT, false,
     "write a one-line JSON summary of the run (counts, exit code, outputs, durations); '-' "
     "for standard output",
     FL_O_SUMMARY_JSON},
    {"scan", "threads", 'j', "N", FL_ARG_TEXT, false,
     "threads to use: 1 reads and judges on one thread; with N of 2 or more one thread reads "
     "and hashes a file, N parse it in chunks, N more normalise and judge the records in "
     "batches and one puts them in the report in file order (default: the number of cores, "
     "at most 8); the report is the same whatever N",
     FL_O_THREADS},
    {"scan", "shard", 0, "K/N", FL_ARG_TEXT, false,
     "screen only shard K (from 1) of N and write its partial (below) instead of reports: inputs are "
     "handed out whole when there are at least N, else each file is cut in N byte ranges, a "
     "record going to the range where it starts; "
     "'auto' takes K from SLURM_ARRAY_TASK_ID, JOB_COMPLETION_INDEX or "
     "AWS_BATCH_JOB_ARRAY_INDEX and N from SLURM_ARRAY_TASK_COUNT ('auto/N' gives N); the "
     "outputs and the ledger go to 'flscan merge'",
     FL_O_SHARD},
    {"scan", "partial", 0, "FILE", FL_ARG_OUTPUT, false,
     "the partial a --shard writes: its judged records, checksummed, for 'flscan merge'",
     FL_O_SHARD_PARTIAL},
    {"scan", "quiet", 'q', NULL, FL_ARG_NONE, false,
     "print nothing but errors and warnings: no summary, no progress", FL_O_QUIET},
    {"scan", "verbose", 'v', NULL, FL_ARG_NONE, false,
     "also say where the rules and data were found, and each step of the run as it starts "
     "(reading each file, judging, writing each report), on standard error",
     FL_O_VERBOSE},
    {"merge", "out", 'o', "REPORT.xlsx", FL_ARG_OUTPUT, false,
     "workbook to write (default: reports/<first input>-report.xlsx, as scan)", FL_O_OUT},
    {"merge", "flags-csv", 0, "FILE", FL_ARG_OUTPUT, false,
     "also write one CSV line per flag; '-' for standard output", FL_O_FLAGS_CSV},
    {"merge", "flags-jsonl", 0, "FILE", FL_ARG_OUTPUT, false,
     "also write one JSON object per flag per line; '-' for standard output", FL_O_FLAGS_JSONL},
    {"merge", "ledger", 0, "FILE", FL_ARG_FILE, false,
     "commit the merged run to this ledger, as the scan would", FL_O_LEDGER},
    {"merge", "reviews", 0, "FILE", FL_ARG_FILE, false,
     "record a reviewer's decisions in the ledger first, as the scan would", FL_O_REVIEWS},
    {"merge", "reviewer", 0, "NAME", FL_ARG_TEXT, false,
     "the reviewer of the decisions read that name none, as for the scan", FL_O_REVIEWER},
    {"merge", "review-expiry", 0, "DAYS", FL_ARG_TEXT, false,
     "days a case decision holds, as for the scan (default 365)", FL_O_REVIEW_EXPIRY},
    {"merge", "summary-json", 0, "FILE", FL_ARG_OUTPUT, false,
     "write a one-line JSON summary of the run; '-' for standard output", FL_O_SUMMARY_JSON},
    {"merge", "threads", 'j', "N", FL_ARG_TEXT, false,
     "threads to use for writing (the flags beside the workbook); the reports are the same "
     "whatever N",
     FL_O_THREADS},
    {"merge", "quiet", 'q', NULL, FL_ARG_NONE, false,
     "print nothing but errors and warnings: no summary, no progress", FL_O_QUIET},
    {"merge", "verbose", 'v', NULL, FL_ARG_NONE, false,
     "say each step of the merge as it starts, on standard error", FL_O_VERBOSE},
    {"rules check", "data", 0, "DIR", FL_ARG_DIR, false, "reference data folder", FL_O_DATA},
    {"rules list", "rules", 0, "DIR", FL_ARG_DIR, false, "rule set folder", FL_O_RULES},
    {"rules list", "as-of", 0, "YYYY-MM-DD", FL_ARG_TEXT, false, "only rules in force on this date",
     FL_O_AS_OF},
    {"rules list", "country", 0, "CC", FL_ARG_TEXT, false,
     "only rules for this country (code or name)", FL_O_COUNTRY},
    {"rules list", "commodity", 0, "TEXT", FL_ARG_TEXT, false,
     "only rules whose commodity id, name or HS prefix contains TEXT", FL_O_COMMODITY},
    {"rules list", "data", 0, "DIR", FL_ARG_DIR, false, "reference data folder", FL_O_DATA},
    {"rules list", "coverage", 0, NULL, FL_ARG_NONE, false,
     "one line a list instead: its official size and date, how many of its listings the rule "
     "set holds in force on that date, the newest source",
     FL_O_COVERAGE},
    {"rules import", "format", 0, "FORMAT", FL_ARG_TEXT, false,
     "the export's format: dol-goods, dol-eo, dhs-uflpa, fr-uflpa, cbp-wro, ftm, ref-tvpra, "
     "ref-uflpa, ref-wro (rules/README.md)",
     FL_O_FORMAT},
    {"rules import", "rules", 0, "DIR", FL_ARG_DIR, false, "rule set folder to update",
     FL_O_RULES},
    {"rules import", "date", 0, "YYYY-MM-DD", FL_ARG_TEXT, false,
     "the date of the list (default: the newest date in the file)", FL_O_DATE},
    {"rules import", "source-url", 0, "URL", FL_ARG_TEXT, false,
     "the page the export came from, cited by every row it adds or changes (default: the "
     "list's page; fr-uflpa needs the notice's address)",
     FL_O_SOURCE_URL},
    {"rules import", "partial", 0, NULL, FL_ARG_NONE, false,
     "the export holds part of the list: end no rule because the export lacks it", FL_O_PARTIAL},
    {"rules import", "dry-run", 0, NULL, FL_ARG_NONE, false, "print the changes, write nothing",
     FL_O_DRY_RUN},
    {"rules import", "data", 0, "DIR", FL_ARG_DIR, false, "reference data folder", FL_O_DATA},
    {"ledger check", "ledger", 0, "FILE", FL_ARG_FILE, false, "the ledger to check", FL_O_LEDGER},
    {"ledger check", "config", 0, "FILE", FL_ARG_FILE, false,
     "take the ledger from this INI file's [scan] 'ledger' key (the nightly job's --config)",
     FL_O_CONFIG},
    {"ledger check", "quiet", 'q', NULL, FL_ARG_NONE, false,
     "print nothing when the ledger is healthy", FL_O_QUIET},
    {"ledger backup", "ledger", 0, "FILE", FL_ARG_FILE, false, "the ledger to copy", FL_O_LEDGER},
    {"ledger backup", "config", 0, "FILE", FL_ARG_FILE, false,
     "take the ledger from this INI file's [scan] 'ledger' key (the nightly job's --config)",
     FL_O_CONFIG},
    {"ledger backup", "quiet", 'q', NULL, FL_ARG_NONE, false, "print nothing but errors",
     FL_O_QUIET},
    {"", "help", 'h', NULL, FL_ARG_NONE, false,
     "show the help and exit (after a command: that command's help)", FL_O_HELP},
    {"", "version", 'V', NULL, FL_ARG_NONE, false, "print the version and exit", FL_O_VERSION},
};

#define N_OPTIONS (sizeof options / sizeof *options)

static const fl_cli_exit exits[] = {
    {"0", "run ok, no flag at or above --fail-on"},
    {"1", "flags at or above --fail-on"},
    {"2", "usage error (also: two options that name the same file)"},
    {"3", "input error (unreadable file, missing column, rules or data not found)"},
    {"4", "rules error (invalid rule set)"},
    {"5", "output error (cannot write a report; nothing half-written is left)"},
    {"6", "the ledger is in use by another run (nothing was done)"},
    {"7", "out of memory (nothing was written)"},
    {"130, 143", "interrupted by SIGINT, SIGTERM (previous reports and ledger left as they "
                 "were)"},
};

const fl_cli_option *fl_cli_options(unsigned *n)
{
    *n = (unsigned)N_OPTIONS;
    return options;
}

const fl_cli_command *fl_cli_commands(unsigned *n)
{
    *n = (unsigned)N_COMMANDS;
    return commands;
}

const fl_cli_exit *fl_cli_exits(unsigned *n)
{
    *n = (unsigned)(sizeof exits / sizeof *exits);
    return exits;
}

const fl_cli_command *fl_cli_command_find(const char *name)
{
    for (size_t i = 0; i < N_COMMANDS; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

/* Whether row i is an option of command: its own, or a global one. */
static bool belongs(size_t i, const char *command)
{
    return strcmp(options[i].command, command) == 0 || options[i].command[0] == '\0';
}

const fl_cli_option *fl_cli_option_find(const char *command, const char *name)
{
    for (size_t i = 0; i < N_OPTIONS; i++)
        if (belongs(i, command) && strcmp(options[i].name, name) == 0)
            return &options[i];
    return NULL;
}

void fl_cli_getopt(const char *command, struct option *longopts, char *optstring)
{
    size_t n = 0, s = 0;
    optstring[s++] = '-';
    optstring[s++] = ':';
    for (size_t i = 0; i < N_OPTIONS && n < FL_CLI_MAX_OPTIONS; i++) {
        if (!belongs(i, command))
            continue;
        const fl_cli_option *o = &options[i];
        longopts[n++] = (struct option){o->name, o->arg ? required_argument : no_argument, NULL,
                                        FL_CLI_LONG_VAL + (int)i};
        if (o->short_name) {
            optstring[s++] = o->short_name;
            if (o->arg)
                optstring[s++] = ':';
        }
    }
    longopts[n] = (struct option){NULL, 0, NULL, 0};
    optstring[s] = '\0';
}

const fl_cli_option *fl_cli_option_of(const char *command, int val)
{
    if (val >= FL_CLI_LONG_VAL && (size_t)(val - FL_CLI_LONG_VAL) < N_OPTIONS)
        return &options[val - FL_CLI_LONG_VAL];
    for (size_t i = 0; i < N_OPTIONS && val > 0; i++)
        if (belongs(i, command) && options[i].short_name == val)
            return &options[i];
    return NULL;
}

unsigned fl_cli_prefixed(const char *command, const char *typed, size_t len, char *buf, size_t cap)
{
    unsigned n = 0;
    size_t used = 0;
    if (cap)
        buf[0] = '\0';
    for (size_t i = 0; i < N_OPTIONS; i++) {
        if (!belongs(i, command) || strncmp(options[i].name, typed, len) != 0)
            continue;
        int w = snprintf(buf + used, cap - used, "%s--%s", n ? ", " : "", options[i].name);
        if (w > 0 && (size_t)w < cap - used)
            used += (size_t)w;
        n++;
    }
    return n;
}

/* Edit distance (insertions, deletions, substitutions, swaps of two neighbours), ignoring
   case and taking '_' for '-'; names are short, so the table is small. */
static size_t distance(const char *a, size_t la, const char *b, size_t lb)
{
    enum { MAXLEN = 40 };
    size_t d[MAXLEN + 1][MAXLEN + 1];
    if (la > MAXLEN || lb > MAXLEN)
        return MAXLEN;
    for (size_t i = 0; i <= la; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= la; i++)
        for (size_t j = 1; j <= lb; j++) {
            int ca = tolower((unsigned char)(a[i - 1] == '_' ? '-' : a[i - 1]));
            int cb = tolower((unsigned char)(b[j - 1] == '_' ? '-' : b[j - 1]));
            size_t best = d[i - 1][j - 1] + (ca != cb);
            if (d[i - 1][j] + 1 < best)
                best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && ca == tolower((unsigned char)b[j - 2]) &&
                tolower((unsigned char)a[i - 2]) == cb && d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    return d[la][lb];
}

/* How far typed is from name: the edit distance, or 1 when one starts with the other and
   the shorter has 3 letters or more ("--output" for "--out"). */
static size_t how_far(const char *typed, size_t len, const char *name)
{
    size_t ln = strlen(name), shorter = len < ln ? len : ln;
    if (shorter >= 3 && strncmp(typed, name, shorter) == 0)
        return 1;
    return distance(typed, len, name, ln);
}

/* Close enough to suggest: a letter or two off, fewer for a short name. */
static bool close_enough(size_t dist, size_t len)
{
    return dist <= (len <= 4 ? 1u : len <= 8 ? 2u : 3u);
}

const char *fl_cli_suggest(const char *command, const char *typed, size_t len,
                           const char **elsewhere)
{
    *elsewhere = NULL;
    for (size_t i = 0; i < N_OPTIONS; i++)
        if (!belongs(i, command) && strlen(options[i].name) == len &&
            strncmp(options[i].name, typed, len) == 0) {
            *elsewhere = options[i].command;
            return options[i].name;
        }
    const char *best = NULL;
    size_t best_d = (size_t)-1;
    for (size_t i = 0; i < N_OPTIONS; i++) {
        if (!belongs(i, command))
            continue;
        size_t d = how_far(typed, len, options[i].name);
        if (d < best_d) {
            best_d = d;
            best = options[i].name;
        }
    }
    return best && close_enough(best_d, len) ? best : NULL;
}

const char *fl_cli_suggest_command(const char *typed)
{
    static const char *const groups[] = {"rules", "ledger"};
    const char *best = NULL;
    size_t best_d = (size_t)-1, len = strlen(typed);
    for (size_t i = 0; i < N_COMMANDS + 2; i++) {
        const char *name = i < N_COMMANDS ? commands[i].name : groups[i - N_COMMANDS];
        size_t d = *name ? how_far(typed, len, name) : (size_t)-1;
        if (d < best_d) {
            best_d = d;
            best = name;
        }
    }
    return close_enough(best_d, len) ? best : NULL;
}
