/* cli.c - parsing (getopt_long over the option table of options.h), --config, dispatch;
   see cli.h. */
#include "cli.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"
#include "config.h"
#include "diag.h"
#include "entity.h"
#include "fieldmap.h"
#include "history.h"
#include "interrupt.h"
#include "ledgercmd.h"
#include "locate.h"
#include "merge.h"
#include "optdoc.h"
#include "options.h"
#include "outnames.h"
#include "pathcheck.h"
#include "rulecmd.h"
#include "scan.h"

#ifndef FLSCAN_ISO_CODES_DIR
#define FLSCAN_ISO_CODES_DIR "/usr/share/iso-codes/json"
#endif

static const char *iso_dir(void)
{
    const char *env = getenv("FLSCAN_ISO_CODES");
    return env && *env ? env : FLSCAN_ISO_CODES_DIR;
}

/* A command line, parsed: each option's value, the inputs and maps in the order given. */
typedef struct parsed {
    char **args; /* what getopt_long reorders: a copy of the caller's argv, never its own */
    const char **shipments; /* --shipments and (scan) the FILE operands, in order */
    size_t n_shipments;
    fl_map_override *maps;
    size_t n_maps;
    const char *val[FL_O_COUNT];
    bool set[FL_O_COUNT];
    const char *positional; /* the operand of 'rules check' and 'ledger backup' */
    /* the options and inputs as given, one "--name=value" (or "--name") each, with what
       they set: a shard records them for the merge, which adds its own */
    char **canon;
    fl_opt_id *canon_id;
    size_t n_canon;
} parsed;

/* Record option d with val (NULL: a switch) as "--name=value" into p->canon. */
static int keep_canon(parsed *p, const fl_cli_option *d, const char *val)
{
    size_t n = strlen(d->name) + (val ? strlen(val) : 0) + 4;
    char *s = malloc(n);
    if (!s) {
        fl_error("out of memory");
        return FL_EXIT_NOMEM;
    }
    snprintf(s, n, "--%s%s%s", d->name, val ? "=" : "", val ? val : "");
    p->canon_id[p->n_canon] = d->id;
    p->canon[p->n_canon++] = s;
    return 0;
}

/* How the user typed option d: "-o" or "--out", as val says (getopt_long's return). */
static void typed_as(char *buf, size_t cap, const fl_cli_option *d, int val)
{
    if (val < FL_CLI_LONG_VAL && d->short_name)
        snprintf(buf, cap, "-%c", d->short_name);
    else
        snprintf(buf, cap, "--%s", d->name);
}

/* An unknown short option: the argument it came in, and "did you mean" when that argument
   is a long option typed with one dash ("-shipments"). */
static void unknown_short(const char *command, char **args, int n, int c)
{
    const char *elem = NULL;
    for (int i = optind - 1; i <= optind && i < n && !elem; i++)
        if (i > 0 && args[i][0] == '-' && args[i][1] != '-' && strchr(args[i] + 1, c))
            elem = args[i];
    const char *other = NULL;
    const char *near = elem && strlen(elem) > 2
                           ? fl_cli_suggest(command, elem + 1, strlen(elem + 1), &other)
                           : NULL;
    if (near && !other)
        fl_error("unknown option '-%c' (in '%s') for '%s'; did you mean '--%s'?", c, elem,
                 *command ? command : "flscan", near);
    else
        fl_error("unknown option '-%c' for '%s'; see 'flscan %s%s--help'", c,
                 *command ? command : "flscan", command, *command ? " " : "");
}

/* An unknown or ambiguous long option, args[optind - 1]; with what was probably meant. */
static void unknown_long(const char *command, char **args)
{
    const char *a = args[optind - 1];
    const char *name = a + (a[0] == '-') + (a[1] == '-');
    size_t len = strcspn(name, "=");
    const char *cmd = *command ? command : "flscan";
    char hint[512];
    if (fl_cli_prefixed(command, name, len, hint, sizeof hint) > 1) {
        fl_error("option '--%.*s' is ambiguous: %s", (int)len, name, hint);
        return;
    }
    const char *elsewhere = NULL;
    const char *near = fl_cli_suggest(command, name, len, &elsewhere);
    if (elsewhere)
        fl_error("'--%.*s' is an option of 'flscan %s', not of '%s'; see 'flscan %s%s--help'",
                 (int)len, name, elsewhere, cmd, command, *command ? " " : "");
    else if (near)
        fl_error("unknown option '--%.*s' for '%s'; did you mean '--%s'?", (int)len, name, cmd,
                 near);
    else
        fl_error("unknown option '--%.*s' for '%s'; see 'flscan %s%s--help'", (int)len, name, cmd,
                 command, *command ? " " : "");
}

/* getopt_long returned '?' or ':' (opterr is off): say what was wrong; FL_EXIT_USAGE. */
static int bad_option(const char *command, char **args, int n, int c)
{
    const fl_cli_option *d = optopt ? fl_cli_option_of(command, optopt) : NULL;
    char as[64] = "";
    if (d)
        typed_as(as, sizeof as, d, optopt);
    if (c == ':' && d)
        fl_error("option '%s' needs a value (%s)", as, d->arg);
    else if (d && optopt >= FL_CLI_LONG_VAL)
        fl_error("option '%s' takes no value", as);
    else if (optopt)
        unknown_short(command, args, n, optopt);
    else
        unknown_long(command, args);
    return FL_EXIT_USAGE;
}

/* Option d with its value (NULL for a switch) into p; 0 or an exit code (message printed). */
static int take(parsed *p, const fl_cli_option *d, const char *val, int as_val)
{
    int rc = keep_canon(p, d, val);
    if (rc)
        return rc;
    if (d->id == FL_O_SHIPMENTS) {
        p->shipments[p->n_shipments++] = val;
    } else if (d->id == FL_O_MAP) {
        if (!fl_map_override_parse(val, &p->maps[p->n_maps]))
            return FL_EXIT_USAGE;
        p->n_maps++;
    } else {
        if (p->set[d->id] && d->arg) {
            char as[64];
            typed_as(as, sizeof as, d, as_val);
            fl_error("option '%s' given twice", as);
            return FL_EXIT_USAGE;
        }
        p->set[d->id] = true;
        p->val[d->id] = val;
    }
    return 0;
}

/* An operand: an input of scan, the one operand of 'rules check' and 'ledger backup'. */
static int operand(const char *command, parsed *p, const char *a)
{
    if (strcmp(command, "scan") == 0 || strcmp(command, "merge") == 0) {
        p->shipments[p->n_shipments++] = a; /* merge: the partials */
        return strcmp(command, "scan") == 0
                   ? keep_canon(p, fl_cli_option_find("scan", "shipments"), a)
                   : 0;
    }
    const fl_cli_command *c = fl_cli_command_find(command);
    if (c && c->operands && !p->positional) {
        p->positional = a;
        return 0;
    }
    fl_error("unexpected argument '%s'; see 'flscan %s --help'", a, command);
    return FL_EXIT_USAGE;
}

/*
 * Parse the options and operands of command, argv[first..argc), with getopt_long over the
 * option table: short and long forms, unique abbreviations, --name=value, '--' ends the
 * options. Returns 0, or an exit code (message printed). argv itself is left as typed.
 */
static int parse(const char *command, int argc, char **argv, int first, parsed *p)
{
    memset(p, 0, sizeof *p);
    int n = argc - first + 1;
    p->args = calloc((size_t)n + 1, sizeof *p->args);
    p->shipments = calloc((size_t)argc + 1, sizeof *p->shipments);
    p->maps = calloc((size_t)argc + 1, sizeof *p->maps);
    p->canon = calloc((size_t)argc + 1, sizeof *p->canon);
    p->canon_id = calloc((size_t)argc + 1, sizeof *p->canon_id);
    if (!p->args || !p->shipments || !p->maps || !p->canon || !p->canon_id) {
        fl_error("out of memory");
        return FL_EXIT_NOMEM;
    }
    p->args[0] = argv[0];
    for (int i = 1; i < n; i++)
        p->args[i] = argv[first + i - 1];
    struct option longopts[FL_CLI_MAX_OPTIONS + 1];
    char optstring[2 * FL_CLI_MAX_OPTIONS + 4];
    fl_cli_getopt(command, longopts, optstring);
    optind = 0; /* a fresh scan (glibc), whatever was parsed before */
    opterr = 0; /* the messages are ours, with the command and a suggestion */
    int c, rc = 0;
    while (rc == 0 && (c = getopt_long(n, p->args, optstring, longopts, NULL)) != -1) {
        if (c == 1)
            rc = operand(command, p, optarg);
        else if (c == '?' || c == ':')
            rc = bad_option(command, p->args, n, c);
        else
            rc = take(p, fl_cli_option_of(command, c), optarg, c);
    }
    for (int i = optind; rc == 0 && i < n; i++) /* after '--' */
        rc = operand(command, p, p->args[i]);
    return rc;
}

static void free_parsed(parsed *p)
{
    for (size_t i = 0; i < p->n_canon; i++)
        free(p->canon[i]);
    free(p->canon);
    free(p->canon_id);
    free(p->args);
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
        /* a shard's own options: the same scan whatever the shard */
        if ((strcmp(argv[i], "--shard") == 0 || strcmp(argv[i], "--partial") == 0) &&
            i + 1 < argc) {
            i++;
            continue;
        }
        if (strncmp(argv[i], "--shard=", 8) == 0 || strncmp(argv[i], "--partial=", 10) == 0)
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
    return d->kind == FL_ARG_FILE || d->kind == FL_ARG_OUTPUT || d->kind == FL_ARG_DIR;
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
        const fl_cli_option *d = fl_cli_option_find("scan", it->key);
        const char *val = d && takes_path(d) ? fl_config_path(cfg, it->value) : it->value;
        if (!d || !val) {
            fl_error("out of memory");
            return FL_EXIT_NOMEM;
        }
        if (d->id == FL_O_SHIPMENTS) {
            if (from_config)
                pl->shipments[pl->n++] = val;
        } else if (d->id == FL_O_MAP) {
            fl_map_override m;
            if (!config_map(cfg, it, &m))
                return FL_EXIT_USAGE;
            put_map(pl->global, &pl->n_global, m);
        } else if (!d->arg) {
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
    unsigned n_opts;
    const fl_cli_option *opts = fl_cli_options(&n_opts);
    fl_config_key keys[FL_CLI_MAX_OPTIONS];
    size_t n = 0;
    for (unsigned i = 0; i < n_opts && n < FL_CLI_MAX_OPTIONS; i++)
        if (strcmp(opts[i].command, "scan") == 0 && opts[i].id != FL_O_CONFIG)
            keys[n++] = (fl_config_key){opts[i].name, opts[i].repeat};
    return fl_config_load(path, keys, n, cfg);
}

/* --as-of and --fail-on into o; FL_EXIT_OK or FL_EXIT_USAGE (message printed). */
static int settle_dates_and_severity(const parsed *p, fl_scan_opts *o)
{
    o->fail_on = -1;
    if (p->set[FL_O_AS_OF]) {
        o->as_of = fl_date_parse_iso(p->val[FL_O_AS_OF], strlen(p->val[FL_O_AS_OF]));
        if (!o->as_of) {
            fl_error("--as-of '%s': expected a date as YYYY-MM-DD", p->val[FL_O_AS_OF]);
            return FL_EXIT_USAGE;
        }
    }
    if (p->set[FL_O_FAIL_ON]) {
        fl_severity sev;
        if (strcmp(p->val[FL_O_FAIL_ON], "none") == 0)
            o->fail_on = -1;
        else if (fl_severity_parse(p->val[FL_O_FAIL_ON], &sev))
            o->fail_on = (int)sev;
        else {
            fl_error("--fail-on '%s': expected critical, high, medium, low or none",
                     p->val[FL_O_FAIL_ON]);
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
    for (int k = FL_O_ENTITY_MATCH; k <= FL_O_ENTITY_REVIEW; k++) {
        if (!p->set[k])
            continue;
        char *end;
        double v = strtod(p->val[k], &end);
        if (*end || end == p->val[k] || !(v >= 0.0 && v <= 1.0)) {
            fl_error("--%s '%s': expected a score from 0 to 1, e.g. 0.9",
                     k == FL_O_ENTITY_MATCH ? "entity-match" : "entity-review", p->val[k]);
            return FL_EXIT_USAGE;
        }
        if (k == FL_O_ENTITY_MATCH)
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
    if (!p->set[FL_O_THREADS])
        return FL_EXIT_OK;
    return whole_number("threads", p->val[FL_O_THREADS], 1, 256, "a whole number from 1 to 256",
                        &o->threads);
}

/* --review-expiry into o (default FL_REVIEW_EXPIRY_DAYS); FL_EXIT_OK or FL_EXIT_USAGE. */
static int settle_review_expiry(const parsed *p, fl_scan_opts *o)
{
    o->review_expiry = FL_REVIEW_EXPIRY_DAYS;
    if (!p->set[FL_O_REVIEW_EXPIRY])
        return FL_EXIT_OK;
    return whole_number("review-expiry", p->val[FL_O_REVIEW_EXPIRY], 0, 36500,
                        "a number of days from 0 (never) to 36500", &o->review_expiry);
}

/* --reviewer into o: a name, with --reviews; FL_EXIT_OK or FL_EXIT_USAGE. */
static int settle_reviewer(const parsed *p, fl_scan_opts *o)
{
    const char *v = p->val[FL_O_REVIEWER];
    o->reviewer = NULL;
    if (!p->set[FL_O_REVIEWER])
        return FL_EXIT_OK;
    if (!p->set[FL_O_REVIEWS]) {
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

/* A whole number from an environment variable, -1 when unset or not one. */
static long env_number(const char *name)
{
    const char *v = getenv(name);
    char *end;
    if (!v || !*v)
        return -1;
    long n = strtol(v, &end, 10);
    return *end || n < 0 ? -1 : n;
}

/* K of --shard auto: the scheduler's array index (from 0) + 1; -1 when none says. */
static long shard_from_env(void)
{
    long id = env_number("SLURM_ARRAY_TASK_ID");
    if (id >= 0) {
        long min = env_number("SLURM_ARRAY_TASK_MIN");
        return id - (min > 0 ? min : 0) + 1;
    }
    static const char *const others[] = {"JOB_COMPLETION_INDEX", "AWS_BATCH_JOB_ARRAY_INDEX"};
    for (size_t i = 0; i < sizeof others / sizeof *others; i++)
        if ((id = env_number(others[i])) >= 0)
            return id + 1;
    return -1;
}

/* --shard K/N (or auto, auto/N) into k and n; FL_EXIT_OK or FL_EXIT_USAGE. */
static int parse_shard(const char *v, long *k, long *n)
{
    const char *slash = strchr(v, '/');
    char *end = NULL;
    bool automatic = strncmp(v, "auto", 4) == 0 && (v[4] == '\0' || v[4] == '/');
    *k = automatic ? shard_from_env() : strtol(v, &end, 10);
    *n = slash ? strtol(slash + 1, &end, 10) : automatic ? env_number("SLURM_ARRAY_TASK_COUNT") : -1;
    if ((!automatic && !slash) || (end && *end) || (slash && end == slash + 1)) {
        fl_error("--shard '%s': expected K/N (shard K, from 1, of N: 2/8), auto or auto/N", v);
        return FL_EXIT_USAGE;
    }
    if (automatic && *k < 1) {
        fl_error("--shard %s: no array index in the environment (SLURM_ARRAY_TASK_ID, "
                 "JOB_COMPLETION_INDEX or AWS_BATCH_JOB_ARRAY_INDEX): give --shard K/N",
                 v);
        return FL_EXIT_USAGE;
    }
    if (automatic && *n < 1) {
        fl_error("--shard %s: no shard count in the environment (SLURM_ARRAY_TASK_COUNT): give "
                 "--shard auto/N",
                 v);
        return FL_EXIT_USAGE;
    }
    if (*n < 1 || *n > 100000 || *k < 1 || *k > *n) {
        fl_error("--shard '%s': shard %ld of %ld: K must be from 1 to N, N from 1 to 100000 (an "
                 "array job's indexes must run without gaps)",
                 v, *k, *n);
        return FL_EXIT_USAGE;
    }
    return FL_EXIT_OK;
}

/*
 * --shard and --partial into o: both or neither; a shard writes only its partial, so the
 * outputs and the ledger given on its command line are refused (a config's are left to the
 * merge, which reads the config again). FL_EXIT_OK or FL_EXIT_USAGE.
 */
static int settle_shard(const parsed *p, fl_scan_opts *o)
{
    if (!p->set[FL_O_SHARD] && !p->set[FL_O_SHARD_PARTIAL])
        return FL_EXIT_OK;
    if (!p->set[FL_O_SHARD] || !p->set[FL_O_SHARD_PARTIAL]) {
        fl_error("--shard K/N and --partial FILE go together: a shard writes its partial, "
                 "'flscan merge' the reports");
        return FL_EXIT_USAGE;
    }
    static const fl_opt_id merge_only[] = {FL_O_OUT,    FL_O_FLAGS_CSV, FL_O_FLAGS_JSONL,
                                           FL_O_SUMMARY_JSON, FL_O_LEDGER, FL_O_REVIEWS,
                                           FL_O_REVIEWER, FL_O_REVIEW_EXPIRY};
    for (size_t i = 0; i < p->n_canon; i++)
        for (size_t m = 0; m < sizeof merge_only / sizeof *merge_only; m++)
            if (p->canon_id[i] == merge_only[m]) {
                fl_error("%.*s: a shard writes only its partial; give it to 'flscan merge'",
                         (int)strcspn(p->canon[i], "="), p->canon[i]);
                return FL_EXIT_USAGE;
            }
    long k, n;
    int rc = parse_shard(p->val[FL_O_SHARD], &k, &n);
    if (rc != FL_EXIT_OK)
        return rc;
    o->shard = (unsigned)k;
    o->shards = (unsigned)n;
    o->partial = p->val[FL_O_SHARD_PARTIAL];
    return FL_EXIT_OK;
}

/* The settings that need no file: FL_EXIT_OK or FL_EXIT_USAGE (message printed). */
static int settle(const parsed *p, fl_scan_opts *o)
{
    int rc;
    if ((rc = settle_shard(p, o)) != FL_EXIT_OK)
        return rc;
    if (p->set[FL_O_REVIEWS] && !p->set[FL_O_LEDGER]) {
        fl_error("--reviews needs --ledger: decisions are kept in the ledger");
        return FL_EXIT_USAGE;
    }
    if ((rc = settle_reviewer(p, o)) != FL_EXIT_OK)
        return rc;
    if ((rc = settle_dates_and_severity(p, o)) != FL_EXIT_OK ||
        (rc = settle_entity_scores(p, o)) != FL_EXIT_OK || (rc = settle_threads(p, o)) != FL_EXIT_OK)
        return rc;
    if (p->set[FL_O_QUIET] && p->set[FL_O_VERBOSE]) {
        fl_error("give --quiet or --verbose, not both");
        return FL_EXIT_USAGE;
    }
    o->quiet = p->set[FL_O_QUIET];
    o->verbose = p->set[FL_O_VERBOSE];
    o->ledger = p->val[FL_O_LEDGER];
    o->reviews = p->val[FL_O_REVIEWS];
    o->summary_json = p->val[FL_O_SUMMARY_JSON];
    o->flags_csv = p->val[FL_O_FLAGS_CSV];
    o->flags_jsonl = p->val[FL_O_FLAGS_JSONL];
    o->suppliers = p->val[FL_O_SUPPLIERS];
    o->holdings = p->val[FL_O_HOLDINGS];
    o->vendor = p->val[FL_O_VENDOR];
    o->date_order = FL_DATE_ORDER_AUTO;
    if (p->set[FL_O_DATE_ORDER] && (strcmp(p->val[FL_O_DATE_ORDER], "auto") == 0 ||
                                    !fl_date_order_parse(p->val[FL_O_DATE_ORDER], &o->date_order))) {
        fl_error("--date-order '%s': expected mdy (month first) or dmy (day first)",
                 p->val[FL_O_DATE_ORDER]);
        return FL_EXIT_USAGE;
    }
    o->source = p->val[FL_O_SOURCE];
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
    fl_named_path *np = calloc(o->n_shipments + o->n_partials + 13, sizeof *np);
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
    for (size_t i = 0; i < o->n_partials; i++) /* flscan merge: its PARTIAL operands */
        np[n++] = (fl_named_path){"PARTIAL", fl_partial_path(o->partials[i]), false};
    np[n++] = (fl_named_path){"--config", p->val[FL_O_CONFIG], false};
    np[n++] = (fl_named_path){"--reviews", o->reviews, false};
    np[n++] = (fl_named_path){"--suppliers", o->suppliers, false};
    np[n++] = (fl_named_path){"--holdings", o->holdings, false};
    np[n++] = (fl_named_path){"--ledger", o->ledger, true};
    np[n++] = (fl_named_path){"--out", o->out_xlsx, true};
    np[n++] = (fl_named_path){"--flags-csv", o->flags_csv, true};
    np[n++] = (fl_named_path){"--flags-jsonl", o->flags_jsonl, true};
    np[n++] = (fl_named_path){"--summary-json", o->summary_json, true};
    np[n++] = (fl_named_path){"--partial", o->partial, true};
    bool ok = fl_pathcheck(np, n);
    free(np);
    for (int k = 0; k < 3; k++)
        free(beside[k]);
    return ok;
}

/* --help or --version was given: print it (help wins); returns FL_EXIT_OK. */
static int help_or_version(const parsed *p, const char *group)
{
    if (p->set[FL_O_HELP])
        fl_optdoc_help(stdout, group);
    else
        printf("flscan %s\n", fl_version());
    return FL_EXIT_OK;
}

/*
 * The rule set and the reference data (locate.h): rules_given is the option's or operand's
 * value (NULL: search), rules_option how it is given, for the message. FL_EXIT_OK with both
 * set (caller frees), else the exit code (message printed). verbose: say where each is.
 */
static int find_folders(const char *rules_given, const char *rules_option, const char *data_given,
                        bool verbose, char **rules, char **data)
{
    const char *where;
    *data = NULL;
    fl_status st = fl_locate(FL_LOCATE_RULES, rules_given, rules_option, NULL, rules, &where);
    if (st == FL_OK && verbose)
        fl_info("rules: '%s' (%s)", *rules, where);
    if (st == FL_OK)
        st = fl_locate(FL_LOCATE_DATA, data_given, "--data DIR", *rules, data, &where);
    if (st == FL_OK && verbose)
        fl_info("data: '%s' (%s)", *data, where);
    if (st == FL_OK)
        return FL_EXIT_OK;
    if (st == FL_ERR_NOMEM)
        fl_error("out of memory");
    free(*rules);
    free(*data);
    *rules = *data = NULL;
    return fl_status_exit(st);
}

/* flscan merge: the checked partials and the command line the report shows. */
typedef struct merge_ctx {
    const fl_merge_set *set;
    const char *command_line;
} merge_ctx;

/* A shard's options and inputs for its partial: what the merge parses again (not the shard's
   own options, nor those that change how fast or how much is said, never what). */
static const char **scan_args(const parsed *p, size_t *n)
{
    const char **a = calloc(p->n_canon + 1, sizeof *a);
    *n = 0;
    for (size_t i = 0; a && i < p->n_canon; i++) {
        fl_opt_id id = p->canon_id[i];
        if (id != FL_O_SHARD && id != FL_O_SHARD_PARTIAL && id != FL_O_THREADS &&
            id != FL_O_QUIET && id != FL_O_VERBOSE)
            a[(*n)++] = p->canon[i];
    }
    return a;
}

/* Resolve the folders and the report's name, then run the job; returns the exit code. */
static int run_scan(int argc, char **argv, const parsed *p, const plan *pl, fl_scan_opts *o,
                    const merge_ctx *m)
{
    int rc;
    const char **args = o->shards ? scan_args(p, &o->n_scan_args) : NULL;
    o->scan_args = args;
    o->config = p->val[FL_O_CONFIG];
    if (m) {
        o->partials = m->set->parts;
        o->n_partials = m->set->n;
    }
    o->shipments = pl->shipments;
    o->n_shipments = pl->n;
    o->maps = pl->global;
    o->n_maps = pl->n_global;
    o->input_maps = (const fl_map_override *const *)pl->maps;
    o->n_input_maps = pl->n_maps;
    o->input_sources = pl->sources;
    char *rules = NULL, *data = NULL;
    char *out = p->val[FL_O_OUT] ? strdup(p->val[FL_O_OUT]) : default_out(pl->shipments[0]);
    char *cmd = m ? strdup(m->command_line) : command_line(argc, argv);
    if (!out || !cmd || (o->shards && !args)) {
        fl_error("cannot prepare the run: %s", strerror(errno));
        rc = errno == ENOMEM ? FL_EXIT_NOMEM : FL_EXIT_OUTPUT;
    } else {
        o->iso_dir = iso_dir();
        o->out_xlsx = out;
        o->out_folder = p->val[FL_O_OUT] ? NULL : "reports";
        o->command_line = cmd;
        rc = FL_EXIT_USAGE;
        if (paths_apart(p, o) &&
            (rc = find_folders(p->val[FL_O_RULES], "--rules DIR", p->val[FL_O_DATA], o->verbose,
                               &rules, &data)) == FL_EXIT_OK) {
            o->rules_dir = rules;
            o->data_dir = data;
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
    free(args);
    return rc;
}

/*
 * The same input named twice (through './', a link, or '-' twice) is screened once: later
 * namings are dropped, with a warning, together with their maps and source.
 */
static void drop_repeated_inputs(plan *pl)
{
    size_t kept = 0;
    for (size_t i = 0; i < pl->n; i++) {
        size_t k = 0;
        while (k < kept && !fl_pathcheck_same_file(pl->shipments[k], pl->shipments[i]))
            k++;
        if (k < kept) {
            fl_warn("'%s' is the same input as '%s': it is screened once", pl->shipments[i],
                    pl->shipments[k]);
            if (pl->maps)
                free(pl->maps[i]);
            continue;
        }
        pl->shipments[kept] = pl->shipments[i];
        if (pl->maps) {
            pl->maps[kept] = pl->maps[i];
            pl->n_maps[kept] = pl->n_maps[i];
            pl->sources[kept] = pl->sources[i];
        }
        kept++;
    }
    pl->n = kept;
}

/* What the outputs' names say (outnames.h): standard output taken once, and not by the
   workbook on a terminal; a warning for an extension of another format. */
static int check_output_names(const parsed *p, fl_scan_opts *o)
{
    const fl_out_name outs[] = {
        {"--out", p->val[FL_O_OUT], FL_OUT_XLSX},
        {"--flags-csv", p->val[FL_O_FLAGS_CSV], FL_OUT_CSV},
        {"--flags-jsonl", p->val[FL_O_FLAGS_JSONL], FL_OUT_JSONL},
        {"--summary-json", p->val[FL_O_SUMMARY_JSON], FL_OUT_JSON},
    };
    size_t n = sizeof outs / sizeof *outs;
    if (!fl_outnames_stdout(outs, n, isatty(STDOUT_FILENO) == 1, &o->stdout_taken))
        return FL_EXIT_USAGE;
    fl_outnames_warn_extensions(outs, n);
    return FL_EXIT_OK;
}

/* A shard reads its inputs several times over (each shard reads them): no stream. */
static int check_shard_inputs(const plan *pl, const fl_scan_opts *o)
{
    for (size_t i = 0; o->shards && i < pl->n; i++) {
        struct stat sb;
        if (strcmp(pl->shipments[i], "-") == 0 ||
            (stat(pl->shipments[i], &sb) == 0 && !S_ISREG(sb.st_mode))) {
            fl_error("'%s': a shard reads regular files only (each shard reads its inputs "
                     "again); save the stream to a file first",
                     pl->shipments[i]);
            return FL_EXIT_USAGE;
        }
    }
    return FL_EXIT_OK;
}

/* flscan scan, or (m not NULL) the scan of a merge, whose records come from m's partials. */
static int scan_main(int argc, char **argv, int first, const merge_ctx *m)
{
    parsed p;
    int rc = parse("scan", argc, argv, first, &p);
    if (rc || p.set[FL_O_HELP] || p.set[FL_O_VERSION]) {
        if (!rc)
            rc = help_or_version(&p, "scan");
        free_parsed(&p);
        return rc;
    }
    fl_scan_opts o;
    memset(&o, 0, sizeof o);
    fl_config *cfg = NULL;
    plan pl;
    memset(&pl, 0, sizeof pl);
    if (p.set[FL_O_CONFIG]) {
        fl_status cs = load_config(p.val[FL_O_CONFIG], &cfg);
        if (cs != FL_OK) {
            free_parsed(&p);
            return cs == FL_ERR_USAGE ? FL_EXIT_USAGE : fl_status_exit(cs);
        }
    }
    if ((rc = make_plan(&p, cfg, &pl)) != 0 || (!pl.n && (rc = FL_EXIT_USAGE))) {
        if (!pl.n && rc == FL_EXIT_USAGE && !fl_diag_error_count())
            fl_error("no input: give FILE operands (or --shipments FILE), or a --config with "
                     "shipments (see 'flscan scan --help')");
    } else if ((rc = settle(&p, &o)) == FL_EXIT_OK &&
               (rc = check_output_names(&p, &o)) == FL_EXIT_OK &&
               (rc = check_shard_inputs(&pl, &o)) == FL_EXIT_OK) {
        drop_repeated_inputs(&pl);
        fl_diag_set_quiet(o.quiet);
        rc = run_scan(argc, argv, &p, &pl, &o, m);
    }
    free_plan(&pl);
    fl_config_free(cfg);
    free_parsed(&p);
    return rc;
}

static int cmd_scan(int argc, char **argv, int first)
{
    return scan_main(argc, argv, first, NULL);
}

/*
 * flscan merge PARTIAL... [OUTPUTS]: the partials checked (merge.h), then the scan they
 * record, with the merge's outputs, run over their records instead of the inputs.
 */
static int cmd_merge(int argc, char **argv, int first)
{
    parsed p;
    int rc = parse("merge", argc, argv, first, &p);
    if (rc || p.set[FL_O_HELP] || p.set[FL_O_VERSION]) {
        if (!rc)
            rc = help_or_version(&p, "merge");
        free_parsed(&p);
        return rc;
    }
    if (!p.n_shipments) {
        fl_error("no partial: give every shard's partial, flscan merge PARTIAL... (written by "
                 "flscan scan --shard K/N --partial FILE)");
        free_parsed(&p);
        return FL_EXIT_USAGE;
    }
    fl_diag_set_quiet(p.set[FL_O_QUIET]);
    fl_merge_set set;
    fl_status st = fl_merge_open(p.shipments, p.n_shipments, &set);
    if (st != FL_OK) {
        free_parsed(&p);
        return fl_status_exit(st);
    }
    const fl_partial_head *h = fl_partial_head_of(set.parts[0]);
    /* flscan scan, the scan's arguments, then the merge's own options */
    size_t n = 2 + h->n_args + p.n_canon;
    char **args = calloc(n + 1, sizeof *args);
    char *mine = command_line(argc, argv);
    size_t len = strlen(h->command_line) + (mine ? strlen(mine) : 0) + 16;
    char *shown = malloc(len);
    if (args && mine && shown) {
        args[0] = argv[0];
        args[1] = "scan";
        memcpy(args + 2, h->args, h->n_args * sizeof *args);
        memcpy(args + 2 + h->n_args, p.canon, p.n_canon * sizeof *args);
        snprintf(shown, len, "%s; merged: %s", h->command_line, mine);
        merge_ctx m = {&set, shown};
        rc = scan_main((int)n, args, 2, &m);
    } else {
        fl_error("out of memory");
        rc = FL_EXIT_NOMEM;
    }
    free(shown);
    free(mine);
    free(args);
    fl_merge_close(&set);
    free_parsed(&p);
    return rc;
}

/* The command of a group ("rules", "ledger") named by argv[first]; NULL when there is none
   (help printed, or a message, and *rc set). */
static const char *subcommand(const char *group, int argc, char **argv, int first, int *rc)
{
    *rc = FL_EXIT_OK;
    if (first >= argc || strcmp(argv[first], "--help") == 0 || strcmp(argv[first], "-h") == 0) {
        fl_optdoc_help(first >= argc ? stderr : stdout, group);
        *rc = first >= argc ? FL_EXIT_USAGE : FL_EXIT_OK;
        return NULL;
    }
    unsigned n;
    const fl_cli_command *cmds = fl_cli_commands(&n);
    char name[64];
    snprintf(name, sizeof name, "%s %s", group, argv[first]);
    for (unsigned i = 0; i < n; i++)
        if (strcmp(cmds[i].name, name) == 0)
            return cmds[i].name;
    const char *near = fl_cli_suggest_command(name);
    if (near && strncmp(near, group, strlen(group)) == 0 && strlen(near) > strlen(group))
        fl_error("unknown command '%s'; did you mean '%s'?", name, near);
    else
        fl_error("unknown command '%s'; see 'flscan %s --help'", name, group);
    *rc = FL_EXIT_USAGE;
    return NULL;
}

static int cmd_rules(int argc, char **argv, int first)
{
    int rc;
    const char *command = subcommand("rules", argc, argv, first, &rc);
    if (!command)
        return rc;
    bool check = strcmp(command, "rules check") == 0;
    bool import = strcmp(command, "rules import") == 0;
    parsed p;
    rc = parse(command, argc, argv, first + 1, &p);
    if (rc || p.set[FL_O_HELP] || p.set[FL_O_VERSION]) {
        if (!rc)
            rc = help_or_version(&p, command);
        free_parsed(&p);
        return rc;
    }
    fl_rulecmd_opts ro = {NULL, NULL, iso_dir(), 0, p.val[FL_O_COUNTRY], p.val[FL_O_COMMODITY]};
    ro.coverage = p.set[FL_O_COVERAGE];
    ro.export_path = import ? p.positional : NULL;
    ro.format = p.val[FL_O_FORMAT];
    ro.source_url = p.val[FL_O_SOURCE_URL];
    ro.partial = p.set[FL_O_PARTIAL];
    ro.dry_run = p.set[FL_O_DRY_RUN];
    static const fl_opt_id date_opt[2] = {FL_O_AS_OF, FL_O_DATE};
    fl_date *date_val[2] = {&ro.as_of, &ro.date};
    for (int k = 0; k < 2 && !rc; k++)
        if (p.set[date_opt[k]]) {
            const char *v = p.val[date_opt[k]];
            if (!(*date_val[k] = fl_date_parse_iso(v, strlen(v)))) {
                fl_error("--%s '%s': expected a date as YYYY-MM-DD", k ? "date" : "as-of", v);
                rc = FL_EXIT_USAGE;
            }
        }
    char *rules = NULL, *data = NULL;
    if (!rc)
        rc = find_folders(check ? p.positional : p.val[FL_O_RULES],
                          check ? "DIR ('flscan rules check DIR')" : "--rules DIR",
                          p.val[FL_O_DATA], false, &rules, &data);
    if (!rc) {
        ro.rules_dir = rules;
        ro.data_dir = data;
        rc = check ? fl_rulecmd_check(&ro) : import ? fl_rulecmd_import(&ro) : fl_rulecmd_list(&ro);
    }
    free(rules);
    free(data);
    free_parsed(&p);
    return rc;
}

/* The ledger of 'ledger check' and 'ledger backup': --ledger, else the config's. */
static int ledger_path(const parsed *p, fl_config **cfg, const char **path)
{
    *path = p->val[FL_O_LEDGER];
    if (*path || !p->set[FL_O_CONFIG])
        return *path ? FL_EXIT_OK : FL_EXIT_USAGE;
    fl_status cs = load_config(p->val[FL_O_CONFIG], cfg);
    if (cs != FL_OK)
        return cs == FL_ERR_USAGE ? FL_EXIT_USAGE : fl_status_exit(cs);
    for (size_t i = 0; i < (*cfg)->n_scan; i++)
        if (strcmp((*cfg)->scan[i].key, "ledger") == 0)
            *path = fl_config_path(*cfg, (*cfg)->scan[i].value);
    if (!*path) {
        fl_error("%s: no 'ledger' in [scan]; give --ledger FILE", p->val[FL_O_CONFIG]);
        return FL_EXIT_USAGE;
    }
    return FL_EXIT_OK;
}

static int cmd_ledger(int argc, char **argv, int first)
{
    int rc;
    const char *command = subcommand("ledger", argc, argv, first, &rc);
    if (!command)
        return rc;
    bool backup = strcmp(command, "ledger backup") == 0;
    parsed p;
    fl_config *cfg = NULL;
    fl_ledgercmd_opts lo = {NULL, NULL, false};
    rc = parse(command, argc, argv, first + 1, &p);
    if (!rc && (p.set[FL_O_HELP] || p.set[FL_O_VERSION])) {
        rc = help_or_version(&p, command);
    } else if (!rc && p.set[FL_O_LEDGER] && p.set[FL_O_CONFIG]) {
        fl_error("give --ledger or --config, not both");
        rc = FL_EXIT_USAGE;
    } else if (!rc && (rc = ledger_path(&p, &cfg, &lo.ledger)) != FL_EXIT_OK) {
        if (!lo.ledger && !fl_diag_error_count())
            fl_error("'flscan %s' needs the ledger: --ledger FILE or --config FILE", command);
    } else if (!rc && backup && !p.positional) {
        fl_error("'flscan ledger backup' needs the file to write: flscan ledger backup BACKUP "
                 "--ledger FILE");
        rc = FL_EXIT_USAGE;
    } else if (!rc) {
        lo.backup = p.positional;
        lo.quiet = p.set[FL_O_QUIET];
        fl_diag_set_quiet(lo.quiet);
        rc = backup ? fl_ledgercmd_backup(&lo) : fl_ledgercmd_check(&lo);
    }
    fl_config_free(cfg);
    free_parsed(&p);
    return rc;
}

/* A word that is no command: the closest one, if any. */
static int unknown_command(const char *word)
{
    const char *near = fl_cli_suggest_command(word);
    if (near)
        fl_error("unknown command '%s'; did you mean '%s'? (see 'flscan --help')", word, near);
    else
        fl_error("unknown command '%s'; see 'flscan --help'", word);
    return FL_EXIT_USAGE;
}

int fl_cli_main(int argc, char **argv)
{
    if (argc < 2) {
        fl_optdoc_help(stderr, "");
        return FL_EXIT_USAGE;
    }
    /* flscan's own options (-h, -V) come before the command, which ends them. */
    parsed p;
    int rc = parse("", 2, argv, 1, &p); /* argv[1] alone */
    bool is_option = argv[1][0] == '-' && strcmp(argv[1], "-") != 0;
    if (is_option && (rc || p.set[FL_O_HELP] || p.set[FL_O_VERSION])) {
        if (!rc)
            rc = help_or_version(&p, "");
        free_parsed(&p);
        return rc;
    }
    free_parsed(&p);
    const char *cmd = argv[1];
    if (strcmp(cmd, "help") == 0) { /* flscan help [COMMAND] */
        const char *of = argc > 2 ? argv[2] : "";
        if (*of && !fl_cli_command_find(of) && strcmp(of, "rules") != 0 &&
            strcmp(of, "ledger") != 0)
            return unknown_command(of);
        fl_optdoc_help(stdout, of);
        return FL_EXIT_OK;
    }
    if (strcmp(cmd, "version") == 0) {
        printf("flscan %s\n", fl_version());
        return FL_EXIT_OK;
    }
    if (strcmp(cmd, "scan") == 0)
        return cmd_scan(argc, argv, 2);
    if (strcmp(cmd, "merge") == 0)
        return cmd_merge(argc, argv, 2);
    if (strcmp(cmd, "rules") == 0)
        return cmd_rules(argc, argv, 2);
    if (strcmp(cmd, "ledger") == 0)
        return cmd_ledger(argc, argv, 2);
    if (is_option) {
        fl_error("'%s' must come after a command: flscan COMMAND %s (see 'flscan --help')", cmd,
                 cmd);
        return FL_EXIT_USAGE;
    }
    return unknown_command(cmd);
}
