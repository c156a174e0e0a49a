/*
 * options.h - the command line as data: every command, option and exit code of flscan, once.
 *
 * The tables below drive everything that describes or reads the command line, so that none
 * of it can leave an option out or say something else about it:
 *   - parsing, through getopt_long (fl_cli_getopt builds its arrays for one command);
 *   - --help, the usage lines, the man page and the bash completion (optdoc.h);
 *   - the keys of a --config file's [scan] section (cli.c);
 *   - the test that README.md documents every option, its short form and every exit code
 *     (tests/unit/test_cli.c), and that its usage lines are the generated ones.
 * A new option is a row of the option table (and a line in README.md), nowhere else.
 */
#ifndef FL_OPTIONS_H
#define FL_OPTIONS_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>

/* What an option does, whatever the command that takes it. */
typedef enum fl_opt_id {
    FL_O_SHIPMENTS,
    FL_O_RULES,
    FL_O_AS_OF,
    FL_O_OUT,
    FL_O_FLAGS_CSV,
    FL_O_FLAGS_JSONL,
    FL_O_MAP,
    FL_O_FAIL_ON,
    FL_O_QUIET,
    FL_O_VERBOSE,
    FL_O_DATA,
    FL_O_HELP,
    FL_O_VERSION,
    FL_O_COUNTRY,
    FL_O_COMMODITY,
    FL_O_ENTITY_MATCH,
    FL_O_ENTITY_REVIEW,
    FL_O_THREADS,
    FL_O_SUPPLIERS,
    FL_O_HOLDINGS,
    FL_O_CONFIG,
    FL_O_LEDGER,
    FL_O_REVIEWS,
    FL_O_REVIEWER,
    FL_O_SUMMARY_JSON,
    FL_O_SOURCE,
    FL_O_REVIEW_EXPIRY,
    FL_O_VENDOR,
    FL_O_DATE_ORDER,
    FL_O_COVERAGE,
    FL_O_FORMAT,
    FL_O_DATE,
    FL_O_SOURCE_URL,
    FL_O_PARTIAL,
    FL_O_DRY_RUN,
    FL_O_SHARD,
    FL_O_SHARD_PARTIAL,
    FL_O_COUNT
} fl_opt_id;

/* What an option's value (or a command's operand) is: for the completion and the man page. */
typedef enum fl_opt_kind {
    FL_ARG_NONE,     /* a switch */
    FL_ARG_FILE,     /* a file read ('-': standard input where the help says so) */
    FL_ARG_OUTPUT,   /* a file written ('-': standard output where the help says so) */
    FL_ARG_DIR,      /* a folder */
    FL_ARG_SEVERITY, /* critical, high, medium, low or none */
    FL_ARG_MAP,      /* FIELD=HEADER, FIELD a canonical field name (fields.h) */
    FL_ARG_TEXT      /* anything else: a date, a number, a name */
} fl_opt_kind;

/* One option of one command. */
typedef struct fl_cli_option {
    const char *command; /* "scan", "rules check", ...; "" for every command (help, version) */
    const char *name;    /* long name without dashes */
    char short_name;     /* 'o' for -o; 0 for none */
    const char *arg;     /* value placeholder ("FILE"); NULL for a switch */
    fl_opt_kind kind;
    bool repeat;      /* may be given more than once, each adding a value */
    const char *help; /* one sentence, lower case, no trailing period; wrapped when shown */
    fl_opt_id id;
} fl_cli_option;

/* One command ("" is flscan itself, before a command). */
typedef struct fl_cli_command {
    const char *name;     /* "scan", "rules check", ... */
    const char *operands; /* as shown in the usage ("[FILE]...", "[DIR]"); NULL: none */
    fl_opt_kind operand_kind;
    const char *summary; /* one line for 'flscan --help' */
    const char *about;   /* a paragraph for its --help and the man page; wrapped when shown */
} fl_cli_command;

/* One exit code and what it means. */
typedef struct fl_cli_exit {
    const char *code; /* "0", "130, 143" */
    const char *meaning;
} fl_cli_exit;

/* The tables, in the order they are shown; *n receives the length. Static, never freed. */
const fl_cli_option *fl_cli_options(unsigned *n);
const fl_cli_command *fl_cli_commands(unsigned *n);
const fl_cli_exit *fl_cli_exits(unsigned *n);

/* The command of this name ("rules list"), NULL when there is none. */
const fl_cli_command *fl_cli_command_find(const char *name);

/* The option --name of command (or a global one), exact name; NULL when it has none. */
const fl_cli_option *fl_cli_option_find(const char *command, const char *name);

/* The longest option table of one command, global options included, for the arrays below. */
#define FL_CLI_MAX_OPTIONS 40

/*
 * getopt_long's arrays for command (the global options included): longopts (capacity
 * FL_CLI_MAX_OPTIONS + 1, ends with a zero entry) and optstring (capacity 2 *
 * FL_CLI_MAX_OPTIONS + 4; it starts with "-:": operands are returned in order as 1, a
 * missing value as ':'). A long option returns FL_CLI_LONG_VAL + its index in the option
 * table, a short one its letter; fl_cli_option_of maps either back to the table's row.
 */
#define FL_CLI_LONG_VAL 256
void fl_cli_getopt(const char *command, struct option *longopts, char *optstring);
const fl_cli_option *fl_cli_option_of(const char *command, int val);

/*
 * The options of command whose name starts with the len bytes of typed (an abbreviation
 * that getopt_long found ambiguous): written, comma-separated with their dashes, into buf of
 * size cap. Returns how many there are.
 */
unsigned fl_cli_prefixed(const char *command, const char *typed, size_t len, char *buf, size_t cap);

/*
 * What to say of an option --typed (len bytes) that command does not know: the closest
 * option name of command (a few letters apart, or one name the start of the other), NULL
 * when none is close. *elsewhere is set to another command that has an option of exactly
 * that name, NULL when none has (then the suggestion is for command).
 */
const char *fl_cli_suggest(const char *command, const char *typed, size_t len,
                           const char **elsewhere);

/* The closest command name to typed ("scna" -> "scan"), NULL when none is close. */
const char *fl_cli_suggest_command(const char *typed);

#endif
