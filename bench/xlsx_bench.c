/*
 * xlsx_bench.c - times the workbook writer (xlsx.h) against libxlsxwriter on its own.
 *
 * Usage: xlsx_bench [-n FLAGS] [-r RUNS] [-d DIR] [-k] [RULES_DIR [DATA_DIR]]
 *   -n FLAGS   flags in the report (default 100000)
 *   -r RUNS    runs of each writer, alternating; medians are printed (default 3)
 *   -d DIR     where the workbooks go, made if missing (default: a new folder under $TMPDIR
 *              or /tmp, removed at the end)
 *   -k         keep the workbooks (DIR/flscan.xlsx, DIR/plain.xlsx)
 *   RULES_DIR  rule set (default: the source tree's rules/)
 *   DATA_DIR   reference data with country_aliases.csv (default: datasets/)
 *
 * Builds a finished report of FLAGS synthetic flags (records of twelve fields of 10 to 60
 * bytes, evidence of about 150 bytes, rules drawn from the real rule set, half the flags
 * highlighting words of the description, every flag fingerprinted as a scan does), then
 *   flscan  times fl_xlsx_write() of the whole workbook (Summary, Read me, Flags, Data
 *           quality, Rules, Sources; FLAGS is above 5,000, so constant-memory mode);
 *   plain   times a bare libxlsxwriter program, constant_memory on, writing one Flags sheet
 *           with the same cells: the same 25 columns of strings and numbers per row, the
 *           description as the same rich string, the header format, frozen panes, the
 *           autofilter, the Disposition list and the severity colours. No column widths
 *           computed, no text cleaning, no other sheet.
 * Each run is a child process that builds the report (not timed) and writes one workbook;
 * its peak RSS comes from wait4(). Prints both rates (flag rows per second of wall and of
 * CPU time, user + system), the ratios and the peak RSS. On a shared machine the CPU ratio
 * is the steadier one. The goal (issue 7): flscan within 2x of the plain rate.
 *
 * A bench, not a test: timings depend on the machine. Besides xlsx.c it is the one place
 * that calls libxlsxwriter, to have something to compare with.
 */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE /* wait4 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "country.h"
#include "history.h"
#include "report.h"
#include "rules.h"
#include "xlsx.h"

#if !defined(FLSCAN_SOURCE_DIR) || !defined(FLSCAN_ISO_CODES_DIR)
#error "build with bench/CMakeLists.txt (it defines FLSCAN_SOURCE_DIR and FLSCAN_ISO_CODES_DIR)"
#endif

#define MAX_RUNS 15

static double clock_s(clockid_t id)
{
    struct timespec t;
    clock_gettime(id, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* ---- a synthetic report --------------------------------------------------------------- */

#include "bench_rng.h"

#define PICK(a) (a)[pick(sizeof(a) / sizeof((a)[0]))]

static const char *const importers[] = {
    "MAPLEWAVE APPAREL CORP",       "Northhaven Foods Inc",        "Bluewood Trading Inc",
    "ACME HOME GOODS DISTRIBUTION LLC", "Harborline Solar Components LLC",
    "PACIFIC CREST HOUSEWARES INC", "Summit Outdoor Gear Co",      "Evergreen Medical Supply LLC"};
static const char *const shippers[] = {
    "Fergana Cotton Trading LLC",   "Namangan Cotton Trading LLC",
    "HOSHINE SILICON INDUSTRY (SHANSHAN) CO LTD", "XINJIANG DAQO NEW ENERGY CO.,LTD",
    "Ashgabat Textile Complex",     "TOP GLOVE SDN BHD",
    "Kumasi Cocoa Processing Ltd",  "Zhejiang Huali Textile Co Ltd"};
static const char *const addresses[] = {
    "12 Mustaqillik Street, Fergana 150100, Uzbekistan",
    "No. 18 Industrial Park Road, Shanshan County, Turpan, Xinjiang 838200, China",
    "Lot 4968, Jalan Teratai, Batu 6, Off Jalan Meru, 41050 Klang, Selangor, Malaysia",
    "Plot 22 Adum Industrial Area, PO Box 1841, Kumasi, Ghana",
    "66 Shihezi Development Zone North Road, Shihezi, XJ 832000, PRC",
    "Building 3, 1288 Huancheng East Road, Shaoxing, Zhejiang 312000, China"};
static const char *const origins[] = {"O'zbekiston", "UZ", "UZB", "China", "CN", "Malaysia",
                                      "GH", "Turkmenistan"};
static const char *const origin_codes[] = {"UZ", "UZ", "UZ", "CN", "CN", "MY", "GH", "TM"};
static const char *const ports[] = {"Shanghai", "Ningbo", "Port Klang", "Tema", "Poti",
                                    "Qingdao"};
static const char *const goods[] = {"RAW COTTON IN BALES", "100% COTTON POPLIN FABRIC",
                                    "POLYSILICON IN CHUNKS", "NITRILE EXAMINATION GLOVES",
                                    "COCOA BEANS, WHOLE, RAW", "COTTON YARN 30S COMBED"};
static const char *const tails[] = {"DELIVERY TERMS FOB NOTIFY PARTY SAME AS CONSIGNEE",
                                    "LOADED ON PALLETS SAID TO CONTAIN",
                                    "NO WOOD PACKAGING STYLE NO. 04538",
                                    "HTS CODE DECLARED ON COMMERCIAL INVOICE"};
static const char *const hs_codes[] = {"520100", "5208.12.0000", "2804.61", "4015.19.1010",
                                       "1801.00", "HS 5205.12"};

/* fl_report_add_rec copies the fields; these buffers are reused per record. */
static void make_record(char buf[FL_F_COUNT][200], fl_slice f[FL_F_COUNT], unsigned *goods_len,
                        unsigned *oi, uint64_t k)
{
    unsigned g = pick(sizeof goods / sizeof *goods);
    *oi = pick(sizeof origins / sizeof *origins);
    snprintf(buf[FL_F_RECORD_ID], 200, "ZIMU%010llu", (unsigned long long)(2900000000u + k));
    snprintf(buf[FL_F_DATE], 200, "20%02u-%02u-%02u", 12 + pick(12), 1 + pick(12), 1 + pick(28));
    snprintf(buf[FL_F_IMPORTER], 200, "%s", PICK(importers));
    snprintf(buf[FL_F_SHIPPER], 200, "%s", PICK(shippers));
    snprintf(buf[FL_F_SHIPPER_ADDRESS], 200, "%s", PICK(addresses));
    snprintf(buf[FL_F_ORIGIN], 200, "%s", origins[*oi]);
    snprintf(buf[FL_F_PORT], 200, "%s", PICK(ports));
    snprintf(buf[FL_F_HS], 200, "%s", hs_codes[g]);
    snprintf(buf[FL_F_DESCRIPTION], 200, "%s %s INVOICE NO. 25-%05u NET WEIGHT %u KGS PO# %010u",
             goods[g], PICK(tails), pick(100000), 100 + pick(20000), pick(2000000000));
    snprintf(buf[FL_F_QUANTITY], 200, "%u", 1 + pick(900));
    snprintf(buf[FL_F_WEIGHT], 200, "%u.%u", 100 + pick(20000), pick(10));
    snprintf(buf[FL_F_VALUE], 200, "%u.%02u", 1000 + pick(500000), pick(100));
    buf[FL_F_SUPPLIER_ID][0] = '\0';
    for (int i = 0; i < FL_F_COUNT; i++)
        f[i] = fl_slice_cstr(buf[i]);
    *goods_len = (unsigned)strlen(goods[g]);
}

/*
 * Fill r (initialised) with n_flags flags on records of file 0: one flag a record, two on
 * every fourth, as screening raises several rules on one record. The counts say that one
 * record in fifty of the file was flagged. Then finish it and fingerprint every flag.
 */
static fl_status build_report(fl_report *r, const fl_ruleset *rs, size_t n_flags)
{
    static char buf[FL_F_COUNT][200];
    fl_slice f[FL_F_COUNT];
    static const fl_match matches[] = {FL_MATCH_DIRECT, FL_MATCH_DIRECT, FL_MATCH_DIRECT,
                                       FL_MATCH_REGION, FL_MATCH_REGION, FL_MATCH_ENTITY};
    r->tool_version = fl_version();
    r->command_line = fl_arena_strdup(&r->arena, "flscan scan --shipments "
                                                 "bench/data/shipments-synthetic.csv --out x.xlsx");
    r->rules = rs;
    r->lib_versions = fl_xlsx_version();
    memcpy(r->run_date, "2026-11-29", 11);
    if (!r->command_line || fl_report_add_input(r, "bench/data/shipments-synthetic.csv") != 0)
        return FL_ERR_NOMEM;
    size_t flags = 0;
    uint64_t k = 0;
    while (flags < n_flags) {
        k++;
        unsigned goods_len, oi;
        make_record(buf, f, &goods_len, &oi, k);
        uint32_t rec;
        fl_status added = fl_report_add_rec(r, 0, k * 50 + 2, k * 50, f, origin_codes[oi],
                                            "520812", &rec);
        if (added != FL_OK)
            return added;
        for (int j = 0; j < (k % 4 == 0 ? 2 : 1) && flags < n_flags; j++, flags++) {
            uint32_t rule = pick((unsigned)rs->n_rules);
            const fl_rule *ru = &rs->rules[rule];
            char ev[1024];
            snprintf(ev, sizeof ev,
                     "origin '%s' -> %s; HS %s -> %s (prefix %04u); %s within 20%02u-%02u-01.."
                     "2022-09-27; shipper address names %s",
                     buf[FL_F_ORIGIN], origin_codes[oi], buf[FL_F_HS], "cotton yarn and fabric",
                     5200 + pick(12), buf[FL_F_DATE], 10 + pick(10), 1 + pick(12),
                     "Xinjiang (CN-XJ)");
            fl_span span = {FL_F_COUNT, 0, 0};
            if (pick(2)) { /* the goods words matched in the description */
                span.field = FL_F_DESCRIPTION;
                span.end = goods_len;
            }
            fl_status st = fl_report_add_flag(r, rec, rule, ru->severity, PICK(matches),
                                              ev, span);
            if (st != FL_OK)
                return st;
        }
    }
    r->read = k * 50;
    r->flagged = k;
    r->clean = r->read - k;
    r->inputs[0].records = r->read;
    r->inputs[0].flagged = r->flagged;
    r->inputs[0].clean = r->clean;
    r->inputs[0].size = r->read * 378;
    memset(r->inputs[0].sha256, 'a', 64);

    fl_history *h = NULL;
    fl_status st = fl_report_finish(r);
    if (st == FL_OK)
        st = fl_history_begin(NULL, NULL, NULL, r, &h);
    if (st == FL_OK)
        st = fl_history_apply(h, r);
    fl_history_free(h);
    return st;
}

/* ---- the plain libxlsxwriter writer ---------------------------------------------------- */

static const char *const heads[] = {
    "Action",      "Severity",        "Rule ID",        "Rule title", "Basis",
    "Labor",       "Match",           "Evidence",       "Sources",    "File",
    "Line",        "Record",          "Record ID",      "Date",       "Importer",
    "Shipper",     "Shipper address", "Origin (raw)",   "Origin",     "HS code",
    "Description", "Disposition",     "Reviewer notes", "First seen", "Fingerprint"};
#define N_COLS 25

/* Like xlsx.c, an empty string is no cell. */
static lxw_error put(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *s)
{
    return s && *s ? worksheet_write_string(ws, row, col, s, NULL) : LXW_NO_ERROR;
}

/* The Flags sheet's cells for every flag of r, as xlsx.c writes them, and nothing else. */
static int write_plain(const fl_report *r, const char *path, const char *dir)
{
    static const char *const dispositions[] = {"Open", "Confirmed", "False positive",
                                               "Escalated", "Resolved", NULL};
    static const lxw_color_t fills[FL_SEV_COUNT] = {0xBDD7EE, 0xFFEB84, 0xF4B084, 0xFF7C80};
    lxw_workbook_options opts = {.constant_memory = LXW_TRUE, .tmpdir = (char *)dir};
    lxw_workbook *wb = workbook_new_opt(path, &opts);
    if (!wb)
        return 1;
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Flags");
    lxw_format *head = workbook_add_format(wb), *hl = workbook_add_format(wb);
    lxw_format *fill[FL_SEV_COUNT];
    format_set_bold(head);
    format_set_bg_color(head, 0xD9E1F2);
    format_set_bottom(head, LXW_BORDER_THIN);
    format_set_bold(hl);
    format_set_font_color(hl, 0xC00000);
    for (int sv = 0; sv < FL_SEV_COUNT; sv++) {
        fill[sv] = workbook_add_format(wb);
        format_set_bg_color(fill[sv], fills[sv]);
    }
    worksheet_set_column(ws, 0, N_COLS - 1, 20, NULL);
    lxw_error e = LXW_NO_ERROR;
    for (lxw_col_t c = 0; c < N_COLS; c++)
        e = e ? e : worksheet_write_string(ws, 0, c, heads[c], head);
    fl_rectext t; /* the texts come back from the report's spill file, as for fl_xlsx_write */
    memset(&t, 0, sizeof t);
    fl_rowview flags;
    fl_report_view(r, FL_ROWS_FLAGS, &flags);
    for (size_t i = 0; i < r->n_flags && !e; i++) {
        const fl_flag *f = fl_flag_get(&flags, i);
        if (fl_report_flag_text(r, f, &t) != FL_OK) {
            e = LXW_ERROR_MEMORY_MALLOC_FAILED;
            break;
        }
        const fl_recinfo *ri = t.info;
        const fl_rule *ru = &r->rules->rules[f->rule];
        lxw_row_t row = (lxw_row_t)(i + 1);
        const char *cells[N_COLS] = {
            fl_action_str(f->severity), fl_severity_str(f->severity), ru->id, ru->title,
            fl_basis_str(ru->basis), fl_labor_str(ru->labor), fl_match_str(f->match),
            t.evidence, r->rule_sources[f->rule], r->inputs[ri->file].path, NULL, NULL,
            t.field[FL_F_RECORD_ID], t.field[FL_F_DATE], t.field[FL_F_IMPORTER],
            t.field[FL_F_SHIPPER], t.field[FL_F_SHIPPER_ADDRESS], t.field[FL_F_ORIGIN],
            ri->origin, t.field[FL_F_HS], NULL, f->memo.disposition, f->memo.note,
            f->memo.first_seen, f->memo.fingerprint};
        for (lxw_col_t c = 0; c < N_COLS && !e; c++)
            e = put(ws, row, c, cells[c]);
        e = e ? e : worksheet_write_number(ws, row, 10, (double)ri->line, NULL);
        e = e ? e : worksheet_write_number(ws, row, 11, (double)ri->record, NULL);
        const char *d = t.field[FL_F_DESCRIPTION];
        if (e || !*d)
            continue;
        if (f->span.field == FL_F_DESCRIPTION && f->span.start < f->span.end) {
            /* before, match, after: the generator's spans start at 0 and stop short */
            char match[200];
            size_t n = f->span.end - f->span.start;
            memcpy(match, d + f->span.start, n);
            match[n] = '\0';
            lxw_rich_string_tuple a = {hl, match}, b = {NULL, (char *)d + f->span.end};
            lxw_rich_string_tuple *list[] = {&a, &b, NULL};
            e = worksheet_write_rich_string(ws, row, 20, list, NULL);
        } else {
            e = worksheet_write_string(ws, row, 20, d, NULL);
        }
    }
    lxw_row_t last = (lxw_row_t)r->n_flags;
    worksheet_freeze_panes(ws, 1, 3);
    e = e ? e : worksheet_autofilter(ws, 0, 0, last, N_COLS - 1);
    lxw_data_validation dv = {.validate = LXW_VALIDATION_TYPE_LIST,
                              .value_list = (char **)dispositions};
    e = e ? e : worksheet_data_validation_range(ws, 1, 21, last, 21, &dv);
    for (int sv = FL_SEV_COUNT - 1; sv >= 0 && !e; sv--) {
        char formula[64];
        snprintf(formula, sizeof formula, "=$B2=\"%s\"", fl_severity_str((fl_severity)sv));
        lxw_conditional_format cf = {.type = LXW_CONDITIONAL_TYPE_FORMULA,
                                     .value_string = formula,
                                     .format = fill[sv]};
        e = worksheet_conditional_format_range(ws, 1, 0, last, 1, &cf);
    }
    fl_rectext_free(&t);
    fl_rowview_end(&flags);
    if (e) {
        fprintf(stderr, "xlsx_bench: %s\n", lxw_strerror(e));
        workbook_close(wb);
        return 1;
    }
    e = workbook_close(wb);
    if (e)
        fprintf(stderr, "xlsx_bench: %s\n", lxw_strerror(e));
    return e != LXW_NO_ERROR;
}

/* ---- runs ------------------------------------------------------------------------------- */

typedef struct config {
    size_t n_flags;
    const char *rules_dir, *data_dir, *dir;
} config;

/* What a child sends back. */
typedef struct outcome {
    double secs;        /* the write, report building excluded: wall time */
    double cpu;         /* and CPU time (user + system) */
    long report_kib;    /* resident set once the report is built */
    long long bytes;    /* the workbook's size */
} outcome;

static long resident_kib(void)
{
    long pages = 0, rss = 0;
    FILE *fp = fopen("/proc/self/statm", "r");
    if (fp) {
        if (fscanf(fp, "%ld %ld", &pages, &rss) != 2)
            rss = 0;
        fclose(fp);
    }
    return rss * (sysconf(_SC_PAGESIZE) / 1024);
}

/* In the child: build the report, time one writer. 0 on success. */
static int child(const config *cf, bool plain, const char *path, outcome *out)
{
    char aliases[1024];
    snprintf(aliases, sizeof aliases, "%s/country_aliases.csv", cf->data_dir);
    fl_countries *countries = NULL;
    fl_ruleset *rs = NULL;
    fl_report r;
    int rc = 1;
    fl_report_init(&r);
    if (fl_countries_load(FLSCAN_ISO_CODES_DIR "/iso_3166-1.json", aliases, &countries) != FL_OK ||
        fl_rules_load(cf->rules_dir, countries, &rs) != FL_OK || !rs->n_rules ||
        build_report(&r, rs, cf->n_flags) != FL_OK)
        goto out;
    out->report_kib = resident_kib();
    double t0 = clock_s(CLOCK_MONOTONIC), c0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
    if (plain ? write_plain(&r, path, cf->dir) != 0 : fl_xlsx_write(&r, path) != FL_OK)
        goto out;
    out->secs = clock_s(CLOCK_MONOTONIC) - t0;
    out->cpu = clock_s(CLOCK_PROCESS_CPUTIME_ID) - c0;
    struct stat sb;
    out->bytes = stat(path, &sb) == 0 ? (long long)sb.st_size : -1;
    rc = 0;
out:
    fl_report_free(&r);
    fl_ruleset_free(rs);
    fl_countries_free(countries);
    return rc;
}

/* One run in a child process; its peak RSS (KiB) in *peak. 0 on success. */
static int run(const config *cf, bool plain, outcome *o, long *peak)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s.xlsx", cf->dir, plain ? "plain" : "flscan");
    int fd[2];
    if (pipe(fd) != 0)
        return 1;
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0)
        return 1;
    if (pid == 0) {
        close(fd[0]);
        outcome mine = {0, 0, 0, 0};
        int rc = child(cf, plain, path, &mine);
        if (rc == 0 && write(fd[1], &mine, sizeof mine) != (ssize_t)sizeof mine)
            rc = 1;
        _exit(rc);
    }
    close(fd[1]);
    ssize_t got = read(fd[0], o, sizeof *o);
    close(fd[0]);
    int status;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
        got != (ssize_t)sizeof *o)
        return 1;
    *peak = ru.ru_maxrss;
    return 0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int main(int argc, char **argv)
{
    config cf = {100000, FLSCAN_SOURCE_DIR "/rules", FLSCAN_SOURCE_DIR "/datasets", NULL};
    int runs = 3, opt;
    bool keep = false;
    while ((opt = getopt(argc, argv, "n:r:d:k")) != -1) {
        switch (opt) {
        case 'n':
            cf.n_flags = (size_t)strtoull(optarg, NULL, 10);
            break;
        case 'r':
            runs = atoi(optarg);
            break;
        case 'd':
            cf.dir = optarg;
            break;
        case 'k':
            keep = true;
            break;
        default:
            goto usage;
        }
    }
    if (cf.n_flags == 0 || cf.n_flags > 1000000 || runs < 1 || runs > MAX_RUNS ||
        argc - optind > 2)
        goto usage;
    if (optind < argc)
        cf.rules_dir = argv[optind];
    if (optind + 1 < argc)
        cf.data_dir = argv[optind + 1];

    char made[1024] = "";
    if (!cf.dir) {
        const char *tmp = getenv("TMPDIR");
        snprintf(made, sizeof made, "%s/xlsx_bench.XXXXXX", tmp && *tmp ? tmp : "/tmp");
        if (!mkdtemp(made)) {
            fprintf(stderr, "xlsx_bench: cannot make a folder in '%s': %s\n",
                    tmp && *tmp ? tmp : "/tmp", strerror(errno));
            return 1;
        }
        cf.dir = made;
    } else if (mkdir(cf.dir, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "xlsx_bench: cannot make '%s': %s\n", cf.dir, strerror(errno));
        return 1;
    }

    double secs[2][MAX_RUNS], cpu[2][MAX_RUNS], report_mib[2] = {0, 0};
    long peak[2] = {0, 0};
    long long bytes[2] = {0, 0};
    for (int i = 0; i < runs; i++) {
        for (int w = 0; w < 2; w++) { /* 0 plain, 1 flscan: alternate, the machine is shared */
            outcome o;
            long p;
            if (run(&cf, w == 0, &o, &p) != 0) {
                fprintf(stderr, "xlsx_bench: the %s run failed\n", w ? "flscan" : "plain");
                return 1;
            }
            fprintf(stderr, "  run %d %-6s %.3f s wall, %.3f s CPU, peak RSS %.1f MiB\n", i + 1,
                    w ? "flscan" : "plain", o.secs, o.cpu, (double)p / 1024);
            secs[w][i] = o.secs;
            cpu[w][i] = o.cpu;
            if (p > peak[w])
                peak[w] = p;
            report_mib[w] = (double)o.report_kib / 1024;
            bytes[w] = o.bytes;
        }
    }
    double med[2] = {median(secs[0], runs), median(secs[1], runs)};
    double med_cpu[2] = {median(cpu[0], runs), median(cpu[1], runs)};
    printf("%zu flags, median of %d runs (report building not timed)\n\n", cf.n_flags, runs);
    printf("| writer | median wall s | rows/s | median CPU s | rows/CPU s | workbook MB | peak RSS "
           "MiB | of which report MiB |\n");
    printf("|---|---:|---:|---:|---:|---:|---:|---:|\n");
    static const char *const names[2] = {"libxlsxwriter alone (constant_memory)",
                                         "flscan fl_xlsx_write"};
    for (int w = 0; w < 2; w++)
        printf("| %s | %.3f | %.0f | %.3f | %.0f | %.1f | %.1f | %.1f |\n", names[w], med[w],
               (double)cf.n_flags / med[w], med_cpu[w], (double)cf.n_flags / med_cpu[w],
               (double)bytes[w] / 1e6, (double)peak[w] / 1024, report_mib[w]);
    printf("\nflscan / plain: %.2fx wall time, %.2fx CPU time (goal: at most 2x)\n",
           med[1] / med[0], med_cpu[1] / med_cpu[0]);

    if (!keep) {
        char path[1100];
        for (int w = 0; w < 2; w++) {
            snprintf(path, sizeof path, "%s/%s.xlsx", cf.dir, w ? "flscan" : "plain");
            unlink(path);
        }
        if (made[0])
            rmdir(made);
    } else {
        printf("workbooks kept in %s\n", cf.dir);
    }
    return 0;
usage:
    fprintf(stderr, "usage: xlsx_bench [-n FLAGS] [-r RUNS] [-d DIR] [-k] [RULES_DIR [DATA_DIR]]\n");
    return 2;
}
