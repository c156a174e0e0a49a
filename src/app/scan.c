/* scan.c - the screening job; see scan.h. */
#include "scan.h"

#include <errno.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "country.h"
#include "csvread.h"
#include "diag.h"
#include "digest.h"
#include "entity.h"
#include "flagout.h"
#include "holdings.h"
#include "history.h"
#include "hs.h"
#include "interrupt.h"
#include "ledger.h"
#include "match.h"
#include "outfile.h"
#include "memo.h"
#include "nametab.h"
#include "origin.h"
#include "region.h"
#include "reviews.h"
#include "report.h"
#include "rollup.h"
#include "supply.h"
#include "unorm.h"
#include "xlsx.h"

#define MAX_HITS 64
#define MAX_REGIONS 8

/* What the shipper's address and name say about where the shipper is (place_of()). */
typedef struct place {
    bool conflict; /* the address contradicts the stated origin ... */
    char where[3]; /* ... and is in this country */
    char why[256]; /* fl_origin_conflict()'s sentence */
    size_t n_regions;
    fl_region_ref regions[MAX_REGIONS]; /* listed regions in the address and name */
} place;

typedef struct job {
    const fl_scan_opts *o;
    const fl_countries *countries;
    const fl_ruleset *rules;
    const fl_gazetteer *gazetteer;
    const fl_ports *ports;
    fl_memo *place_memo; /* origin + shipper name + address -> place (below): they repeat */
    fl_matcher *matcher;
    fl_report *rep;
    fl_arena scratch; /* per-record copies, reset every record */
    fl_sha256 *hash;
    uint32_t file;
    const char *path;
    fl_fieldmap map;
    bool have_header;
    fl_status st;
    fl_hit hits[MAX_HITS];
    place place; /* place_of()'s answer when not cached */
    /* supplier graph and roll-ups (graph_* below) */
    fl_supply *supply;     /* --suppliers, NULL without */
    fl_holdings *holdings; /* --holdings, NULL without */
    fl_trade *trade;       /* every judged shipment, for the roll-ups */
    /* progress line (stderr is a terminal and not --quiet) */
    bool progress;
    _Atomic uint64_t bytes_done; /* advanced by the reader thread (fl_csv_read_parallel) */
    fl_csv_limits csv_limits;    /* the defaults; FLSCAN_CHUNK_BYTES sets the chunk size */
    uint64_t bytes_total, since_check;
    struct timespec started, last_shown;
} job;

static double elapsed(const struct timespec *a, const struct timespec *b)
{
    return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

/* Records, rate, share of bytes read, elapsed and ETA, at most once a second. */
static void show_progress(job *j, bool final)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (!final && elapsed(&j->last_shown, &now) < 1.0)
        return;
    j->last_shown = now;
    double secs = elapsed(&j->started, &now);
    double rate = secs > 0 ? (double)j->rep->read / secs : 0;
    double pct = j->bytes_total ? 100.0 * (double)j->bytes_done / (double)j->bytes_total : 0;
    double eta = (pct > 0 && pct < 100) ? secs * (100.0 - pct) / pct : 0;
    fprintf(stderr, "\rflscan: %s: %llu records, %.0f/s, %.0f%%, %.0f s elapsed, ETA %.0f s   %s",
            j->path, (unsigned long long)j->rep->read, rate, pct, secs, eta, final ? "\n" : "");
    fflush(stderr);
}

static void on_bytes(const void *data, size_t len, void *ctx)
{
    job *j = ctx;
    fl_sha256_update(j->hash, data, len);
    j->bytes_done += len;
}

/* Record a data-quality issue; a failure (out of memory) is kept in j->st, never overwritten
   by a later success. */
static void issue(job *j, const fl_csv_row *row, const char *field, fl_slice value,
                  const char *reason, bool rejected)
{
    fl_status st = fl_report_add_issue(j->rep, j->file, row->line, row->index, field, value.ptr,
                                       value.len, reason, rejected);
    if (st != FL_OK)
        j->st = st;
}

static void count(job *j, int outcome)
{
    fl_input *in = &j->rep->inputs[j->file];
    j->rep->read++;
    in->records++;
    if (outcome == 0) {
        j->rep->clean++;
        in->clean++;
    } else if (outcome == 1) {
        j->rep->flagged++;
        in->flagged++;
    } else {
        j->rep->rejected++;
        in->rejected++;
    }
}

/* High bit set in each byte of w that is NUL or has its own high bit set (and maybe in a
   byte above a NUL: only "any" is asked). */
static inline uint64_t not_plain(uint64_t w)
{
    return (w | ((w - 0x0101010101010101u) & ~w)) & 0x8080808080808080u;
}

/*
 * True when every byte of s[0..len) is ASCII and none is NUL: such a field needs neither the
 * NUL nor the UTF-8 check. Sixteen bytes a step, the last step overlapping the one before;
 * short fields in two overlapping words. Most trade data is plain ASCII.
 */
static bool plain_ascii(const char *s, size_t len)
{
    uint64_t bad = 0, a, b;
    if (len >= 16) {
        for (size_t i = 0; i + 16 < len; i += 16) {
            memcpy(&a, s + i, 8);
            memcpy(&b, s + i + 8, 8);
            bad |= not_plain(a) | not_plain(b);
        }
        memcpy(&a, s + len - 16, 8);
        memcpy(&b, s + len - 8, 8);
        bad |= not_plain(a) | not_plain(b);
    } else if (len >= 8) {
        memcpy(&a, s, 8);
        memcpy(&b, s + len - 8, 8);
        bad = not_plain(a) | not_plain(b);
    } else if (len >= 4) {
        uint32_t x, y;
        memcpy(&x, s, 4);
        memcpy(&y, s + len - 4, 4);
        bad = not_plain((uint64_t)x | (uint64_t)y << 32);
    } else {
        for (size_t i = 0; i < len; i++)
            bad |= (unsigned char)(s[i] - 1) >= 0x7F; /* NUL or a high bit */
    }
    return !bad;
}

/* Replace every invalid UTF-8 sequence with U+FFFD (copy in the scratch arena). */
static fl_slice repair_utf8(fl_arena *a, fl_slice s)
{
    char *out = fl_arena_alloc(a, s.len * 3 + 1); /* every byte may become U+FFFD */
    size_t n = 0, i = 0;
    if (!out)
        return (fl_slice){"", 0};
    while (i < s.len) {
        size_t k = 1;
        while (k <= 4 && i + k <= s.len && !fl_utf8_valid(s.ptr + i, k))
            k++;
        if (k <= 4 && i + k <= s.len && !(k == 1 && s.ptr[i] == '\0')) {
            memcpy(out + n, s.ptr + i, k);
            n += k;
            i += k;
        } else {
            memcpy(out + n, "\xEF\xBF\xBD", 3);
            n += 3;
            i++;
        }
    }
    return (fl_slice){out, n};
}

/*
 * Listed regions named in the shipper's address or name. hint is the country the shipper is
 * taken to be in (the address's country when it contradicts the stated origin).
 */
static size_t detect_regions(job *j, const fl_slice *f, const char *hint, fl_region_ref *out)
{
    static const fl_field where[] = {FL_F_SHIPPER_ADDRESS, FL_F_SHIPPER};
    size_t n = 0;
    if (!j->gazetteer)
        return 0;
    for (size_t w = 0; w < 2 && n < MAX_REGIONS; w++) {
        fl_slice text = f[where[w]];
        if (!text.len)
            continue;
        fl_region_hit hits[MAX_REGIONS];
        size_t k = fl_regions_detect(j->gazetteer, text.ptr, text.len, hint, hits, MAX_REGIONS);
        for (size_t i = 0; i < k && i < MAX_REGIONS && n < MAX_REGIONS; i++) {
            bool dup = false;
            for (size_t q = 0; q < n && !dup; q++)
                dup = strcmp(out[q].code, hits[i].region) == 0;
            if (!dup)
                out[n++] = (fl_region_ref){hits[i].region, hits[i].place, where[w],
                                           (uint32_t)hits[i].start, (uint32_t)hits[i].end};
        }
    }
    return n;
}

/*
 * Where the shipper is: with a stated origin (known), whether the address contradicts it;
 * then the listed regions in the address and name, with the address's country as the hint
 * on a conflict, else origin ("" when none). A pure function of known, origin, the shipper's
 * name and address, so one look-up in the per-job cache answers it all for a repeated
 * shipper. The result is valid until the next call.
 */
static const place *place_of(job *j, bool known, const char *origin, const fl_slice *f)
{
    fl_slice name = f[FL_F_SHIPPER], addr = f[FL_F_SHIPPER_ADDRESS];
    char key[1024];
    size_t klen = 7 + name.len + addr.len;
    bool cache = j->place_memo && klen <= sizeof key;
    if (cache) {
        /* known, origin, the name's length (so name and address cannot trade bytes), texts */
        uint32_t nlen = (uint32_t)name.len;
        key[0] = known ? 'k' : 'u';
        key[1] = origin[0] ? origin[0] : '-';
        key[2] = origin[0] ? origin[1] : '-';
        memcpy(key + 3, &nlen, 4);
        memcpy(key + 7, name.ptr, name.len);
        memcpy(key + 7 + name.len, addr.ptr, addr.len);
        size_t vlen;
        const place *v = fl_memo_get(j->place_memo, key, klen, &vlen);
        if (v)
            return v;
    }
    place *p = &j->place;
    memset(p, 0, sizeof *p);
    if (known)
        p->conflict = fl_origin_conflict(j->countries, j->gazetteer, origin, addr, p->where,
                                         p->why, sizeof p->why);
    p->n_regions = detect_regions(j, f, p->conflict ? p->where : origin, p->regions);
    if (cache)
        fl_memo_put(j->place_memo, key, klen, p, sizeof *p);
    return p;
}

/* Append hits of rules not already in hits[0..n). Returns the new count. */
static size_t merge_hits(fl_hit *hits, size_t n, const fl_hit *more, size_t k)
{
    for (size_t i = 0; i < k && n < MAX_HITS; i++) {
        bool dup = false;
        for (size_t q = 0; q < n && !dup; q++)
            dup = hits[q].rule == more[i].rule;
        if (!dup)
            hits[n++] = more[i];
    }
    return n;
}

/*
 * ---- supplier graph and roll-ups (--suppliers, --holdings) ----
 * graph_begin loads both files before any shipment is read (so a bad file fails fast) and
 * judges the graph; graph_hits adds a record's inherited exposure and counts the record for
 * the roll-ups; graph_finish computes the roll-ups into the finished report.
 */
static fl_status graph_begin(job *j, const fl_gazetteer *gz, const fl_entity_index *ix,
                             const fl_name_tables *names)
{
    const fl_scan_opts *o = j->o;
    fl_status st;
    if (!(j->trade = fl_trade_new(names)))
        return FL_ERR_NOMEM;
    fl_dq_sink dq = fl_report_dq(j->rep);
    if (o->holdings && (st = fl_holdings_load(o->holdings, &dq, &j->holdings)) != FL_OK)
        return st;
    if (!o->suppliers)
        return FL_OK;
    if ((st = fl_supply_load(o->suppliers, j->countries, names, &dq, &j->supply)) != FL_OK)
        return st;
    return fl_supply_judge(j->supply, j->rules, gz, ix);
}

/* Append the shipper's inherited hits (rules that did not fire directly); count the record. */
static size_t graph_hits(job *j, const fl_slice *f, const fl_subject *s, const char *hs, size_t n)
{
    uint32_t x = FL_SUPPLY_NONE;
    if (j->supply) {
        x = fl_supply_find(j->supply, f[FL_F_SUPPLIER_ID], f[FL_F_SHIPPER]);
        if (x != FL_SUPPLY_NONE) {
            fl_hit more[MAX_HITS];
            size_t k = fl_supply_hits(j->supply, x, s->date, s->date_is_as_of, more, MAX_HITS);
            n = merge_hits(j->hits, n, more, k < MAX_HITS ? k : MAX_HITS);
        }
    }
    fl_status st = fl_trade_add(j->trade, f[FL_F_IMPORTER], hs, s->origin, f[FL_F_VALUE],
                                f[FL_F_WEIGHT], x, j->hits, n);
    if (st != FL_OK)
        j->st = st;
    return n;
}

static fl_status graph_finish(job *j)
{
    return fl_rollup(j->rep, j->trade, j->supply, j->holdings);
}

static void graph_free(job *j)
{
    fl_supply_free(j->supply);
    fl_holdings_free(j->holdings);
    fl_trade_free(j->trade);
}

static int judge(job *j, const fl_csv_row *row)
{
    const fl_scan_opts *o = j->o;
    fl_slice f[FL_F_COUNT];
    char why[512];
    fl_arena_reset(&j->scratch);

    if (row->error) {
        fl_slice none = {"", 0};
        issue(j, row, "", none, row->error, true);
        count(j, 2);
        return 0;
    }
    if (row->n_fields != j->map.n_cols) {
        snprintf(why, sizeof why, "ragged row: %zu fields, but the header has %zu; not judged",
                 row->n_fields, j->map.n_cols);
        fl_slice none = {"", 0};
        issue(j, row, "", none, why, true);
        count(j, 2);
        return 0;
    }
    for (int k = 0; k < FL_F_COUNT; k++) {
        int c = j->map.col[k];
        f[k] = c >= 0 ? row->fields[c] : (fl_slice){"", 0};
        if (!f[k].len || plain_ascii(f[k].ptr, f[k].len))
            continue;
        /* A NUL would cut the value short in every report: replaced like bad UTF-8. */
        bool nul = memchr(f[k].ptr, '\0', f[k].len) != NULL;
        if (nul || !fl_utf8_valid(f[k].ptr, f[k].len)) {
            fl_slice bad = f[k];
            f[k] = repair_utf8(&j->scratch, bad);
            issue(j, row, fl_field_name((fl_field)k), f[k],
                  nul ? "NUL byte in the text: replaced by U+FFFD and the rest judged"
                      : "invalid UTF-8: bad bytes replaced by U+FFFD and the rest judged",
                  false);
        }
    }

    fl_subject s;
    memset(&s, 0, sizeof s);
    if (o->as_of) {
        s.date = o->as_of;
        s.date_is_as_of = true;
    } else {
        s.date = fl_date_parse_any(f[FL_F_DATE].ptr, f[FL_F_DATE].len);
        if (!s.date) {
            snprintf(why, sizeof why,
                     f[FL_F_DATE].len ? "unparseable date; expected YYYY-MM-DD (or MM/DD/YYYY, "
                                        "DD.MM.YYYY); not judged, or give --as-of"
                                      : "no date; not judged (give --as-of to judge undated "
                                        "records)");
            issue(j, row, "date", f[FL_F_DATE], why, true);
            count(j, 2);
            return 0;
        }
    }
    s.origin_raw = f[FL_F_ORIGIN];
    bool known = f[FL_F_ORIGIN].len &&
                 fl_country_lookup(j->countries, f[FL_F_ORIGIN].ptr, f[FL_F_ORIGIN].len, s.origin);
    if (!known) {
        /* US bills of lading often name no origin: the address, port and name may. */
        char inferred[200];
        s.origin[0] = '\0';
        bool ok =
            fl_origin_infer(j->countries, j->ports, j->gazetteer, f[FL_F_SHIPPER_ADDRESS],
                            f[FL_F_PORT], f[FL_F_SHIPPER], s.origin, inferred, sizeof inferred);
        if (ok) {
            s.origin_note = fl_arena_strdup(&j->scratch, inferred);
            snprintf(why, sizeof why, "%s country of origin: %s",
                     f[FL_F_ORIGIN].len ? "unknown" : "no", inferred);
        } else {
            s.origin[0] = '\0';
            snprintf(why, sizeof why,
                     f[FL_F_ORIGIN].len
                         ? "unknown country and none inferred from address, port or name: country "
                           "rules not applied; add it to datasets/country_aliases.csv if it is a "
                           "real spelling"
                         : "no country of origin and none inferred from address, port or name: "
                           "country rules not applied");
        }
        issue(j, row, "origin", f[FL_F_ORIGIN], why, false);
    }
    char hs[FL_HS_MAX + 1];
    fl_hs_result hr = fl_hs_normalise(f[FL_F_HS].ptr, f[FL_F_HS].len, hs); /* "" unless OK */
    /* The roll-up cell graph_hits() counts this record in is far in memory: start loading it
       now, in two steps with the place look-up between. */
    fl_trade_prefetch(j->trade, f[FL_F_IMPORTER], hs, s.origin);
    const place *at = place_of(j, known, s.origin, f);
    if (known && at->conflict) {
        snprintf(why, sizeof why, "%s; judged as both", at->why);
        issue(j, row, "origin", f[FL_F_ORIGIN], why, false);
    }
    fl_trade_prefetch_cell(j->trade);
    const char *addr_cc = at->conflict ? at->where : ""; /* the address's country, if other */
    if (hr == FL_HS_INVALID) {
        issue(j, row, "hs_code", f[FL_F_HS],
              "unparseable HS code: judged by the description instead", false);
        hs[0] = '\0';
    }
    if (hr != FL_HS_OK && !f[FL_F_DESCRIPTION].len) {
        issue(j, row, "hs_code", f[FL_F_HS],
              "no HS code and no description: only all-goods rules applied", false);
    }
    s.hs = hs;
    s.description = f[FL_F_DESCRIPTION];
    s.shipper = f[FL_F_SHIPPER];
    s.importer = f[FL_F_IMPORTER];
    s.regions = at->regions;
    s.n_regions = at->n_regions;

    size_t n = fl_match_subject(j->matcher, &s, j->hits, MAX_HITS);
    if (n > MAX_HITS) {
        fl_warn("%s:%llu: %zu rules fired; only the first %d are reported", j->path,
                (unsigned long long)row->line, n, MAX_HITS);
        n = MAX_HITS;
    }
    if (addr_cc[0]) {
        /* The address contradicts the stated origin: judge the address's country too. */
        fl_subject alt = s;
        fl_hit more[MAX_HITS];
        memcpy(alt.origin, addr_cc, 3);
        alt.origin_note = fl_arena_printf(
            &j->scratch,
            "origin judged as %s from the shipper "
            "address (stated '%.*s')",
            addr_cc, (int)(s.origin_raw.len > 60 ? 60 : s.origin_raw.len), s.origin_raw.ptr);
        alt.n_regions = 0;
        alt.shipper = alt.importer = (fl_slice){"", 0};
        size_t k = fl_match_subject(j->matcher, &alt, more, MAX_HITS);
        n = merge_hits(j->hits, n, more, k < MAX_HITS ? k : MAX_HITS);
    }
    n = graph_hits(j, f, &s, hs, n);
    if (j->st != FL_OK)
        return 1;
    if (!n) {
        count(j, 0);
        return 0;
    }
    uint32_t rec;
    fl_status rst =
        fl_report_add_rec(j->rep, j->file, row->line, row->index, f, s.origin, hs, &rec);
    if (rst != FL_OK) {
        j->st = rst;
        return 1;
    }
    for (size_t i = 0; i < n; i++) {
        fl_status st = fl_report_add_flag(j->rep, (uint32_t)rec, (uint32_t)j->hits[i].rule,
                                          j->hits[i].severity, j->hits[i].match,
                                          j->hits[i].evidence, j->hits[i].span);
        if (st != FL_OK) {
            j->st = st;
            return 1;
        }
    }
    count(j, 1);
    return 0;
}

static int on_row(const fl_csv_row *row, void *ctx)
{
    job *j = ctx;
    if (!j->have_header) {
        if (row->error) {
            fl_error("%s:%llu: cannot read the header: %s", j->path, (unsigned long long)row->line,
                     row->error);
            j->st = FL_ERR_INPUT;
            return 1;
        }
        /* A data vendor's maps (--config) for this file, else the run's. */
        const fl_scan_opts *o = j->o;
        j->st = fl_fieldmap_build(
            j->path, row->fields, row->n_fields, o->input_maps ? o->input_maps[j->file] : o->maps,
            o->input_maps ? o->n_input_maps[j->file] : o->n_maps, o->as_of == 0, &j->map);
        j->have_header = true;
        return j->st != FL_OK;
    }
    if (fl_interrupted()) {
        j->st = FL_ERR_INTERRUPTED;
        return 1;
    }
    judge(j, row);
    if (j->progress && ++j->since_check >= 65536) {
        j->since_check = 0;
        show_progress(j, false);
    }
    return j->st != FL_OK;
}

static fl_status screen_file(job *j, const char *path)
{
    int idx = fl_report_add_input(j->rep, path);
    if (idx < 0)
        return FL_ERR_NOMEM;
    j->file = (uint32_t)idx;
    j->path = path;
    j->have_header = false;
    j->st = FL_OK;
    struct stat sb;
    j->bytes_done = 0;
    j->bytes_total = strcmp(path, "-") != 0 && stat(path, &sb) == 0 ? (uint64_t)sb.st_size : 0;
    fl_csv_stats cs;
    /* With two or more threads a file is read and hashed on a thread of its own and parsed
       by `threads` workers while this thread judges; the rows, and so the report, are the
       same either way. Pipes and standard input are read on this thread (csvread.h). */
    fl_status st = j->o->threads > 1
                       ? fl_csv_read_parallel(path, &j->csv_limits, j->o->threads, on_row,
                                              on_bytes, j, &cs)
                       : fl_csv_read(path, &j->csv_limits, on_row, on_bytes, j, &cs);
    if (j->progress && j->rep->read >= 65536)
        show_progress(j, true);
    if (st == FL_OK)
        st = j->st;
    if (fl_interrupted()) /* the reader stops quietly on a signal, even mid-file */
        st = FL_ERR_INTERRUPTED;
    if (st == FL_OK && !j->have_header) {
        fl_error("%s: empty file: no header row and no records", path);
        st = FL_ERR_INPUT;
    }
    fl_input *in = &j->rep->inputs[j->file];
    in->size = cs.bytes;
    fl_sha256_hex(j->hash, in->sha256);
    return st;
}

static void print_summary(const fl_report *r, const fl_scan_opts *o, double secs)
{
    if (o->quiet)
        return;
    printf("flscan %s: screened %llu records from %zu file%s in %.2f s (rule set %s %s)\n",
           fl_version(), (unsigned long long)r->read, r->n_inputs, r->n_inputs == 1 ? "" : "s", secs,
           r->rules->name, r->rules->version);
    printf("  read %llu = flagged %llu + clean %llu + rejected %llu\n", (unsigned long long)r->read,
           (unsigned long long)r->flagged, (unsigned long long)r->clean,
           (unsigned long long)r->rejected);
    printf("  flags %zu: critical %llu, high %llu, medium %llu, low %llu\n", r->n_flags,
           (unsigned long long)r->by_severity[FL_SEV_CRITICAL],
           (unsigned long long)r->by_severity[FL_SEV_HIGH],
           (unsigned long long)r->by_severity[FL_SEV_MEDIUM],
           (unsigned long long)r->by_severity[FL_SEV_LOW]);
    if (r->n_issues)
        printf("  data quality: %zu issue%s (see the Data quality sheet)\n", r->n_issues,
               r->n_issues == 1 ? "" : "s");
    printf("  report: %s\n", o->out_xlsx);
    if (o->flags_csv)
        printf("  flags csv: %s\n", o->flags_csv);
    if (o->flags_jsonl)
        printf("  flags jsonl: %s\n", o->flags_jsonl);
}

static char *join(const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", a, b);
    return p;
}

/* ---- memory across runs and the end of a run (--ledger, --reviews, --summary-json) ------ */

static double since(const struct timespec *a)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return elapsed(a, &now);
}

/* The ledger's line of the printed summary. */
static void print_since(const fl_report *r, const fl_scan_opts *o)
{
    const fl_since *s = &r->since;
    if (o->quiet || !s->on)
        return;
    if (s->prev_run)
        printf("  since run %llu of %s: new %llu, unchanged %llu, returning %llu, resolved %llu\n",
               (unsigned long long)s->prev_run, s->prev_date, (unsigned long long)s->n_new,
               (unsigned long long)s->n_unchanged, (unsigned long long)s->n_returning,
               (unsigned long long)s->n_resolved);
    else
        printf("  first run of ledger %s: all %zu flags are new\n", s->ledger, r->n_flags);
    if (s->n_suppressed || s->n_reopened || s->n_decisions)
        printf("  reviews: %llu decision%s recorded; %llu false positive%s suppressed, %llu "
               "reopened (rule changed)\n",
               (unsigned long long)s->n_decisions, s->n_decisions == 1 ? "" : "s",
               (unsigned long long)s->n_suppressed, s->n_suppressed == 1 ? "" : "s",
               (unsigned long long)s->n_reopened);
    if (s->rules_changed)
        printf("  rule set changed since the last run: %zu rule%s added, removed or changed\n",
               s->n_rule_changes, s->n_rule_changes == 1 ? "" : "s");
    printf("  ledger: %s (run %llu)\n", s->ledger, (unsigned long long)s->run);
}

/*
 * The outputs were written under temporary names (held, outfile.h): unless a signal came,
 * put them all in place, then commit the run to the ledger. Either every report and the
 * ledger move on together, or nothing does.
 */
static fl_status publish_run(fl_history *hist, const fl_report *rep, const fl_scan_opts *o)
{
    if (fl_interrupted())
        return FL_ERR_INTERRUPTED;
    fl_status st = fl_outfile_publish();
    if (st != FL_OK)
        return st;
    int code =
        o->fail_on >= 0 && fl_report_max_severity(rep) >= o->fail_on ? FL_EXIT_FLAGGED : FL_EXIT_OK;
    return fl_history_commit(hist, rep, code);
}

/* --summary-json, for every run that got this far except an interrupted one. */
static int write_summary_json(const fl_scan_opts *o, const fl_report *rep, fl_status st, int code,
                              double total, double screen, double write)
{
    if (!o->summary_json || st == FL_ERR_INTERRUPTED)
        return code;
    bool ok = st == FL_OK;
    fl_run_summary s = {rep,
                        code,
                        ok ? (code == FL_EXIT_FLAGGED ? "flagged" : "ok") : fl_status_str(st),
                        ok ? o->out_xlsx : NULL,
                        ok ? o->flags_csv : NULL,
                        ok ? o->flags_jsonl : NULL,
                        total,
                        screen,
                        write};
    if (fl_flagout_summary_json(&s, o->summary_json) != FL_OK && ok)
        return FL_EXIT_OUTPUT;
    return code;
}

int fl_scan_run(const fl_scan_opts *o)
{
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    fl_countries *countries = NULL;
    fl_ruleset *rules = NULL;
    fl_gazetteer *gazetteer = NULL;
    fl_entity_index *entities = NULL;
    fl_ports *ports = NULL;
    fl_name_tables *names = NULL;
    char *regions_csv = NULL, *iso2 = NULL, *ports_csv = NULL, *names_dir = NULL;
    fl_report rep;
    fl_history *hist = NULL;
    double screen_s = 0, write_s = 0;
    struct timespec t_screen;
    job j;
    memset(&j, 0, sizeof j);
    fl_report_init(&rep);
    fl_status st;

    char *iso = join(o->iso_dir, "iso_3166-1.json");
    char *aliases = join(o->data_dir, "country_aliases.csv");
    if (!iso || !aliases) {
        st = FL_ERR_NOMEM;
        goto out;
    }
    st = fl_countries_load(iso, aliases, &countries);
    if (st != FL_OK)
        goto out;
    st = fl_rules_load(o->rules_dir, countries, &rules);
    if (st != FL_OK)
        goto out;
    regions_csv = join(o->data_dir, "regions.csv");
    iso2 = join(o->iso_dir, "iso_3166-2.json");
    if (!regions_csv || !iso2) {
        st = FL_ERR_NOMEM;
        goto out;
    }
    st = fl_gazetteer_load(regions_csv, "regions.csv", iso2, &gazetteer);
    if (st != FL_OK)
        goto out;
    ports_csv = join(o->data_dir, "ports.csv");
    if (!ports_csv) {
        st = FL_ERR_NOMEM;
        goto out;
    }
    st = fl_ports_load(ports_csv, "ports.csv", countries, &ports);
    if (st != FL_OK)
        goto out;
    if (!(names_dir = join(o->data_dir, "names"))) {
        st = FL_ERR_NOMEM;
        goto out;
    }
    if ((st = fl_nametab_load(names_dir, &names)) != FL_OK)
        goto out;
    fl_entity_opts eopts = {o->entity_match, o->entity_review};
    st = fl_entity_index_new(rules, names, &eopts, &entities);
    if (st != FL_OK)
        goto out;

    rep.tool_version = fl_version();
    rep.command_line = fl_arena_strdup(&rep.arena, o->command_line);
    rep.rules = rules;
    rep.fail_on = o->fail_on;
    rep.entity_match = eopts.match;
    rep.entity_review = eopts.review;
    fl_date run = o->as_of ? o->as_of : fl_date_today();
    fl_date_format(run, rep.run_date);
    fl_date_format(o->as_of, rep.as_of);
    rep.lib_versions =
        fl_arena_printf(&rep.arena, "%s; %s; %s; utf8proc %s; %s; %s; %s", fl_csv_version(),
                        fl_regex_version(), fl_xlsx_version(), fl_unorm_version(),
                        fl_digest_version(), fl_ledger_version(), fl_reviews_versions());

    j.o = o;
    j.countries = countries;
    j.rules = rules;
    j.rep = &rep;
    j.progress = !o->quiet && isatty(STDERR_FILENO);
    j.csv_limits = (fl_csv_limits)FL_CSV_LIMITS_DEFAULT;
    /* For tests only: small chunks put chunk ends everywhere in a small file (README). */
    const char *chunk = getenv("FLSCAN_CHUNK_BYTES");
    if (chunk && *chunk)
        j.csv_limits.chunk_bytes = (size_t)strtoull(chunk, NULL, 10);
    clock_gettime(CLOCK_MONOTONIC, &j.started);
    j.last_shown = j.started;
    j.gazetteer = gazetteer;
    j.ports = ports;
    /* A bound that keeps the cache small beside the rest (issue 7): 16384 entries and
     * 8 MiB of keys and values; its table grows as it fills (memo.h); freed after screening. */
    j.place_memo = fl_memo_new(16384, 8u << 20);
    j.matcher = fl_matcher_new(rules, entities);
    j.hash = fl_sha256_new();
    if (!j.matcher || !j.hash || !rep.command_line) {
        st = FL_ERR_NOMEM;
        goto out;
    }
    if ((st = graph_begin(&j, gazetteer, entities, names)) != FL_OK)
        goto out;
    /* Memory across runs, 1 of 3: take the ledger, record the review decisions. */
    if ((st = fl_history_begin(o->ledger, o->reviews, &rep, &hist)) != FL_OK)
        goto out;
    clock_gettime(CLOCK_MONOTONIC, &t_screen);
    for (size_t i = 0; i < o->n_shipments && st == FL_OK; i++)
        st = screen_file(&j, o->shipments[i]);
    /* The caches serve screening only: their memory goes before the report is written. */
    fl_matcher_free(j.matcher);
    fl_memo_free(j.place_memo);
    j.matcher = NULL;
    j.place_memo = NULL;
    if (st != FL_OK)
        goto out;
    /* 2 of 3 (fl_history_apply): fingerprints, carried decisions, new/resolved, suppressed. */
    if ((st = fl_report_finish(&rep)) != FL_OK || (st = fl_history_apply(hist, &rep)) != FL_OK ||
        (st = graph_finish(&j)) != FL_OK)
        goto out;
    screen_s = since(&t_screen);
    clock_gettime(CLOCK_MONOTONIC, &t_screen);
    for (size_t i = 0; i < rep.n_by_country; i++) {
        const char *name = fl_country_name(countries, rep.by_country[i].key);
        if (name)
            rep.by_country[i].label = name;
    }
    /* Every output is held under its temporary name until all are complete. */
    fl_outfile_hold();
    if ((st = fl_xlsx_write(&rep, o->out_xlsx)) != FL_OK)
        goto out;
    if (o->flags_csv && (st = fl_flagout_csv(&rep, o->flags_csv)) != FL_OK)
        goto out;
    if (o->flags_jsonl && (st = fl_flagout_jsonl(&rep, o->flags_jsonl)) != FL_OK)
        goto out;
    /* 3 of 3: the reports in place, then the run committed to the ledger. */
    if ((st = publish_run(hist, &rep, o)) != FL_OK)
        goto out;
    write_s = since(&t_screen);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    print_summary(&rep, o,
                  (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
    print_since(&rep, o);
out:;
    fl_outfile_discard(); /* a failed or interrupted run: no temporary file stays */
    int code = fl_status_exit(st);
    if (st == FL_OK && o->fail_on >= 0 && fl_report_max_severity(&rep) >= o->fail_on)
        code = FL_EXIT_FLAGGED;
    if (st == FL_ERR_NOMEM)
        fl_error("out of memory");
    if (st == FL_ERR_INTERRUPTED)
        fl_error("interrupted by %s: no report was written and the ledger was not changed; "
                 "the previous ones are as they were",
                 fl_interrupt_name());
    fl_history_free(hist); /* rolls the ledger back unless the run was committed */
    code = write_summary_json(o, rep.rules ? &rep : NULL, st, code, since(&t0), screen_s, write_s);
    fl_matcher_free(j.matcher);
    fl_memo_free(j.place_memo);
    fl_sha256_free(j.hash);
    fl_arena_free(&j.scratch);
    graph_free(&j);
    fl_report_free(&rep);
    fl_entity_index_free(entities);
    fl_gazetteer_free(gazetteer);
    fl_ports_free(ports);
    fl_nametab_free(names);
    free(names_dir);
    free(ports_csv);
    free(regions_csv);
    free(iso2);
    fl_ruleset_free(rules);
    fl_countries_free(countries);
    free(iso);
    free(aliases);
    return code;
}
