/* scan.c - the screening job; see scan.h. */
#include "scan.h"

#include <errno.h>
#include <pthread.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "batch.h"
#include "cases.h"
#include "country.h"
#include "coverage.h"
#include "csvread.h"
#include "diag.h"
#include "digest.h"
#include "entity.h"
#include "fault.h"
#include "flagout.h"
#include "history.h"
#include "holdings.h"
#include "interrupt.h"
#include "ledger.h"
#include "match.h"
#include "nametab.h"
#include "outfile.h"
#include "publish.h"
#include "record.h"
#include "refdata.h"
#include "region.h"
#include "report.h"
#include "reviews.h"
#include "rollup.h"
#include "split.h"
#include "steps.h"
#include "strmap.h"
#include "supply.h"
#include "translit.h"
#include "unorm.h"
#include "verdict.h"
#include "xlsx.h"

typedef struct job {
    const fl_scan_opts *o;
    const fl_countries *countries;
    const fl_ruleset *rules;
    const fl_vendors *vendors;
    fl_batch_pool *pool; /* records normalised and judged on its threads (batch.h) */
    fl_date_notes date_notes; /* how this file writes its dates, told in input order */
    fl_report *rep;
    fl_sha256 *hash;
    uint32_t file;
    const char *path;
    fl_fieldmap map;
    bool have_header;
    fl_status st;
    fl_hit hits[FL_VERDICT_MAX_HITS]; /* the hits of the record being committed */
    /* supplier graph and roll-ups (graph_* below) */
    fl_supply *supply;     /* --suppliers, NULL without */
    fl_holdings *holdings; /* --holdings, NULL without */
    fl_rollup_job *rollup; /* the roll-ups between their two steps (rollup.h) */
    fl_trade *trade;       /* every judged shipment, for the roll-ups */
    /* progress line (stderr is a terminal and not --quiet) */
    bool progress;
    _Atomic uint64_t bytes_done; /* advanced by the reader thread (fl_csv_read_parallel) */
    fl_csv_limits csv_limits;    /* the defaults; FLSCAN_CHUNK_BYTES sets the chunk size */
    uint64_t bytes_total, since_check;
    struct timespec started, last_shown;
    /* a shard (--shard): its records go to the partial, not to the report */
    fl_partial_writer *partial;
    fl_partial_file *shard_files; /* per input: what the partial's head says of it */
    size_t cut_next; /* the next of the file's cuts to take the digest at (on_bytes) */
    uint64_t shard_judged, shard_hits, shard_rejected;
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
    fl_progress("%s '%s': %llu records, %.0f/s, %.0f%%, %.0f s elapsed, ETA %.0f s",
                j->o->partials ? "merging" : "reading", j->path, (unsigned long long)j->rep->read,
                rate, pct, secs, eta);
    (void) final; /* the last figures stay until the next step replaces them */
}

static void on_bytes(const void *data, size_t len, void *ctx)
{
    job *j = ctx;
    if (j->shard_files) /* a shard: the digest at the cuts too */
        fl_split_hash(j->hash, &j->shard_files[j->file], &j->cut_next, j->bytes_done, data, len);
    else
        fl_sha256_update(j->hash, data, len);
    j->bytes_done += len;
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

/*
 * ---- supplier graph and roll-ups (--suppliers, --holdings) ----
 * graph_begin loads both files before any shipment is read (so a bad file fails fast) and
 * judges the graph; graph_hits adds a record's inherited exposure and counts the record for
 * the roll-ups; rollups_begin makes their first step (beside the cases: screen_all) and
 * graph_finish the rest into the finished report.
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

static fl_status graph_finish(job *j)
{
    fl_status st = fl_rollup_end(j->rollup, j->rep, j->supply, j->holdings);
    j->rollup = NULL;
    /* the roll-ups hold what the writers need: the counts' memory goes before writing */
    fl_trade_free(j->trade);
    j->trade = NULL;
    return st;
}

static void graph_free(job *j)
{
    fl_rollup_job_free(j->rollup);
    fl_supply_free(j->supply);
    fl_holdings_free(j->holdings);
    fl_trade_free(j->trade);
}

/* The record's data-quality issues, in the order found, into the report. */
static void report_issues(job *j, const fl_csv_row *row, const fl_record *rec)
{
    for (size_t i = 0; i < rec->n_issues; i++) {
        const fl_record_issue *x = &rec->issues[i];
        unsigned how = (x->rejected ? FL_ISSUE_REJECTED : 0) | (x->judged ? FL_ISSUE_JUDGED : 0);
        fl_status st = fl_report_add_issue(j->rep, j->file, row->line, row->index, x->field,
                                           x->value.ptr, x->value.len, x->reason, how);
        if (st != FL_OK) /* out of memory: kept, never overwritten by a later success */
            j->st = st;
    }
}

/* A flagged record and its flags into the report. */
static void report_flags(job *j, const fl_csv_row *row, const fl_record *rec, size_t n)
{
    uint32_t at;
    fl_status st = fl_report_add_rec(j->rep, j->file, row->line, row->index, rec->f,
                                     rec->subject.origin, rec->hs, &at);
    if (st == FL_OK)
        fl_report_set_dates(j->rep, rec->subject.date, rec->record_date);
    for (size_t i = 0; i < n && st == FL_OK; i++)
        st = fl_report_add_hit(j->rep, at, &j->hits[i]);
    if (st != FL_OK)
        j->st = st;
}

/* A judged record into the report, in input order: its issues, the supplier graph's hits,
   the roll-ups' count, its flags. */
#define FIELD(f) (1u << (f))

/*
 * The fields of a judged record the merge needs: all of a record with a flag (the supplier
 * graph's too: the merge adds its hits again); of a clean one only what the roll-ups count,
 * the supplier graph looks up and a date note shows, so that partials stay small.
 */
static uint32_t fields_kept(job *j, const fl_judged *d)
{
    if (!d->accepted)
        return 0;
    if (d->v.n_hits)
        return FIELD(FL_F_COUNT) - 1;
    uint32_t m = FIELD(FL_F_IMPORTER) | FIELD(FL_F_VALUE) | FIELD(FL_F_WEIGHT);
    if (d->rec.date_reading != FL_DATE_READ_PLAIN)
        m |= FIELD(FL_F_DATE);
    if (j->supply) {
        fl_verdict v = d->v;
        fl_verdict_supply(j->supply, &d->rec, j->hits, &v);
        if (v.n_hits)
            return FIELD(FL_F_COUNT) - 1;
        m |= FIELD(FL_F_SHIPPER) | FIELD(FL_F_SUPPLIER_ID);
    }
    return m;
}

/* A shard's judged record into its partial (its unit was opened at the file's start). */
static void commit_partial(job *j, const fl_judged *d)
{
    fl_status st = fl_partial_put(j->partial, d, fields_kept(j, d));
    if (st != FL_OK)
        j->st = st;
    j->shard_judged++;
    j->shard_rejected += !d->accepted;
    j->shard_hits += d->accepted && d->v.n_hits;
}

static void commit(job *j, const fl_judged *d)
{
    if (j->partial) {
        commit_partial(j, d);
        return;
    }
    const fl_record *rec = &d->rec;
    const fl_subject *s = &rec->subject;
    report_issues(j, &d->row, rec);
    char why[400];
    const char *note = fl_record_date_note(&j->date_notes, rec, why, sizeof why);
    /* a note on how it was read: judged in full */
    fl_status dq = note ? fl_report_add_issue(j->rep, j->file, d->row.line, d->row.index, "date",
                                              rec->f[FL_F_DATE].ptr, rec->f[FL_F_DATE].len,
                                              note, FL_ISSUE_JUDGED)
                        : FL_OK;
    if (dq != FL_OK)
        j->st = dq;
    if (!d->accepted) {
        count(j, 2);
        return;
    }
    fl_verdict v = d->v;
    if (v.n_hits)
        memcpy(j->hits, d->hits, v.n_hits * sizeof *j->hits);
    fl_verdict_supply(j->supply, rec, j->hits, &v);
    if (v.fired > FL_VERDICT_MAX_HITS)
        fl_warn("%s:%llu: %zu rules fired; only the first %d are reported", j->path,
                (unsigned long long)d->row.line, v.fired, FL_VERDICT_MAX_HITS);
    fl_status st = fl_trade_add(j->trade, rec->f[FL_F_IMPORTER], rec->hs, s->origin,
                                rec->f[FL_F_VALUE], rec->f[FL_F_WEIGHT], v.supplier, j->hits,
                                v.n_hits);
    if (st != FL_OK)
        j->st = st;
    if (j->st != FL_OK)
        return;
    if (v.n_hits)
        report_flags(j, &d->row, rec, v.n_hits);
    if (j->st == FL_OK)
        count(j, v.n_hits ? 1 : 0);
}

/*
 * Hand the batch being filled to the pool, then commit judged batches in order: the older
 * one when both are in the pool (so that one is always being judged while this thread reads
 * and commits), all of them at the end of a file.
 */
static void flush(job *j, bool end)
{
    fl_status st = fl_batch_submit(j->pool, &j->map);
    while (st == FL_OK && (fl_batch_pending(j->pool) == 2 || (end && fl_batch_pending(j->pool)))) {
        const fl_judged *b;
        size_t n = fl_batch_take(j->pool, &b);
        for (size_t i = 0; i < n && j->st == FL_OK; i++) {
            /* the roll-up cell of the next record is far in memory: start loading it */
            if (i + 1 < n && b[i + 1].accepted)
                fl_trade_prefetch(j->trade, b[i + 1].rec.f[FL_F_IMPORTER], b[i + 1].rec.hs,
                                  b[i + 1].rec.subject.origin);
            commit(j, &b[i]);
            fl_trade_prefetch_cell(j->trade);
        }
        fl_batch_release(j->pool);
        st = fl_batch_status(j->pool);
    }
    if (st != FL_OK && j->st == FL_OK)
        j->st = st;
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
        fl_fieldmap_in in = {o->input_maps ? o->input_maps[j->file] : o->maps,
                             o->input_maps ? o->n_input_maps[j->file] : o->n_maps,
                             o->as_of == 0, j->vendors, o->vendor, o->date_order};
        j->st = fl_fieldmap_build_in(j->path, row->fields, row->n_fields, &in, &j->map);
        fl_input *input = &j->rep->inputs[j->file];
        input->vendor = j->map.vendor ? j->map.vendor->name : NULL;
        input->vendor_forced = j->map.vendor_forced;
        j->have_header = true;
        return j->st != FL_OK;
    }
    if (fl_interrupted()) {
        j->st = FL_ERR_INTERRUPTED;
        return 1;
    }
    if (fl_batch_add(j->pool, row))
        flush(j, false);
    if (j->progress && ++j->since_check >= 65536) {
        j->since_check = 0;
        show_progress(j, false);
    }
    return j->st != FL_OK;
}

/* The next input into the report, with its source label; its records come next. */
static fl_status open_input(job *j, const char *path)
{
    int idx = fl_report_add_input(j->rep, path);
    if (idx < 0)
        return FL_ERR_NOMEM;
    j->file = (uint32_t)idx;
    /* Its source label (identity.h): --source, the vendor's name, else the file name's. */
    const fl_scan_opts *o = j->o;
    const char *vendor = o->input_sources ? o->input_sources[j->file] : NULL;
    const char *source = o->source ? o->source : vendor;
    if (source && !(j->rep->inputs[j->file].source = fl_arena_strdup(&j->rep->arena, source)))
        return FL_ERR_NOMEM;
    j->path = path;
    j->have_header = false;
    j->st = FL_OK;
    j->cut_next = 0;
    memset(&j->date_notes, 0, sizeof j->date_notes);
    return FL_OK;
}

/* A shard's part of the current file, size bytes, into range; its unit opened. */
static fl_status shard_part(job *j, uint64_t size, fl_csv_range *range)
{
    uint64_t part;
    fl_status st = fl_split_part(j->o, size, range, &j->shard_files[j->file], &part);
    return st == FL_OK ? fl_partial_unit(j->partial, j->file, part) : st;
}

/* What the shard's partial says of the file it read (its part of it). */
static void shard_file_done(job *j, const fl_csv_range *range, const fl_csv_stats *cs)
{
    fl_input *in = &j->rep->inputs[j->file];
    fl_partial_file *f = &j->shard_files[j->file];
    f->read = range->to == UINT64_MAX; /* the whole file, its digest the file's */
    f->size = f->read ? in->size : 0;
    if (f->read)
        memcpy(f->sha256, in->sha256, sizeof f->sha256);
    f->records = f->read && cs->rows ? cs->rows - 1 : 0; /* the header is a row */
    f->vendor = in->vendor;
    f->vendor_forced = in->vendor_forced;
    f->first = range->first;
    f->next = range->next;
}

static fl_status screen_file(job *j, const char *path)
{
    fl_status st0 = open_input(j, path);
    if (st0 != FL_OK)
        return st0;
    fl_step("reading '%s'", path);
    struct stat sb;
    j->bytes_done = 0;
    j->bytes_total = strcmp(path, "-") != 0 && stat(path, &sb) == 0 ? (uint64_t)sb.st_size : 0;
    fl_csv_stats cs;
    fl_csv_range range = {0, UINT64_MAX, {0, 0, 0}, {0, 0, 0}};
    fl_status st = j->partial ? shard_part(j, j->bytes_total, &range) : FL_OK;
    /* With two or more threads a file is read and hashed on a thread of its own and parsed
       by `threads` workers while this thread judges; the rows, and so the report, are the
       same either way. Pipes and standard input are read on this thread (csvread.h), and so
       is a shard's part of a file. */
    if (st != FL_OK)
        return st;
    if (j->partial && (range.from > 0 || range.to != UINT64_MAX))
        st = fl_csv_read_range(path, &j->csv_limits, &range, on_row, on_bytes, j, &cs);
    else if (j->o->threads > 1)
        st = fl_csv_read_parallel(path, &j->csv_limits, j->o->threads, on_row, on_bytes, j, &cs);
    else
        st = fl_csv_read(path, &j->csv_limits, on_row, on_bytes, j, &cs);
    if (st == FL_OK && j->st == FL_OK && j->have_header)
        flush(j, true); /* the file's last records: the next file has another field map */
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
    if (j->shard_files)
        shard_file_done(j, &range, &cs);
    return st;
}

/* ---- flscan merge: the shards' records, committed in the one-process run's order ---- */

/* What a partial says of a record's hits fits this rule set, supplier list and record
   (its digest guards against damage, not against a forged file): else a message, false. */
static bool replayed_fits(const job *j, const fl_judged *d)
{
    size_t suppliers = j->supply ? fl_supply_count(j->supply) : 0;
    for (size_t i = 0; d->accepted && i < d->v.n_hits; i++) {
        const fl_hit *h = &d->hits[i];
        const fl_span *sp = &h->span;
        bool span_ok = sp->field == FL_F_COUNT ||
                       (sp->field < FL_F_COUNT && sp->start <= sp->end &&
                        sp->end <= d->rec.f[sp->field].len);
        if (h->rule >= j->rules->n_rules || !span_ok ||
            (h->upstream != FL_HIT_NO_UPSTREAM && h->upstream >= suppliers)) {
            fl_error("'%s' line %llu: corrupt partial: a flag names a rule, a supplier or a text "
                     "span that this merge's rule set, supplier list or record does not have",
                     j->path, (unsigned long long)d->row.line);
            return false;
        }
    }
    return true;
}

/* The share of the partials' records read, for the progress line. */
static void replay_progress(job *j)
{
    uint64_t done = 0, total = 0;
    for (size_t k = 0; k < j->o->n_partials; k++) {
        uint64_t t;
        done += fl_partial_done(j->o->partials[k], &t);
        total += t;
    }
    j->bytes_done = done;
    j->bytes_total = total;
    show_progress(j, false);
}

static fl_status commit_replayed(void *ctx, const fl_judged *d)
{
    job *j = ctx;
    if (!replayed_fits(j, d))
        return FL_ERR_INPUT;
    commit(j, d);
    if (j->progress && ++j->since_check >= 65536) {
        j->since_check = 0;
        replay_progress(j);
    }
    return j->st;
}

/* Every input from the partials (split.h): how the shard that read it whole saw it, then
   its records. */
static fl_status replay_all(job *j)
{
    const fl_scan_opts *o = j->o;
    fl_status st = FL_OK;
    for (size_t i = 0; i < o->n_shipments && st == FL_OK; i++) {
        if ((st = open_input(j, o->shipments[i])) != FL_OK)
            break;
        fl_step("merging the records of '%s'", j->path);
        const fl_partial_file *f = fl_split_read_by(o, i);
        if (f) {
            fl_input *in = &j->rep->inputs[j->file];
            in->size = f->size;
            memcpy(in->sha256, f->sha256, sizeof in->sha256);
            in->vendor = f->vendor;
            in->vendor_forced = f->vendor_forced;
        }
        st = fl_split_replay(o, i, j->path, commit_replayed, j);
    }
    return st;
}

static void warn_line(const char *text, void *ctx)
{
    (void)ctx;
    fl_warn("%s", text);
}

/* The rule set's age and coverage (coverage.h), said after the summary, also with --quiet. */
static void warn_rule_set(const fl_report *r)
{
    fl_date run = fl_date_parse_iso(r->run_date, strlen(r->run_date));
    if (run && r->rules)
        fl_coverage_warnings(r->rules, run, warn_line, NULL);
}

/* ---- the printed summary ---- */

#define REASONS_SHOWN 5

/* The kind of an issue: its reason up to the first ':', ';', '(' or quote ("unparseable HS
   code", "no country of origin", "shipper address contradicts the origin"). */
static size_t reason_kind(const char *reason)
{
    size_t n = strcspn(reason, ":;('");
    while (n && reason[n - 1] == ' ')
        n--;
    return n;
}

typedef struct reason_count {
    const char *reason;
    size_t len;
    uint64_t count;
} reason_count;

static int by_count(const void *a, const void *b)
{
    const reason_count *x = a, *y = b;
    if (x->count != y->count)
        return x->count < y->count ? 1 : -1;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->reason, y->reason, n);
    return c ? c : (x->len > y->len) - (x->len < y->len);
}

/* The data-quality issues by kind of reason, the five most frequent with their counts. */
static void print_issue_reasons(FILE *out, const fl_report *r)
{
    fl_strmap *kinds = fl_strmap_new();
    fl_issuetext it = {0};
    reason_count *v = NULL;
    size_t n = 0, cap = 0;
    for (size_t i = 0; kinds && i < r->n_issues; i++) {
        if (fl_report_issue(r, i, &it) != FL_OK)
            break;
        size_t len = reason_kind(it.is.reason);
        uint32_t at;
        bool added;
        const char *reason; /* the map's copy: the issue's text goes with the next read */
        if (!fl_grow((void **)&v, &cap, n + 1, sizeof *v) ||
            fl_strmap_put(kinds, it.is.reason, len, (uint32_t)n, &at, &added, &reason) != FL_OK)
            break;
        if (added)
            v[n++] = (reason_count){reason, len, 0};
        v[at].count++;
    }
    if (n) {
        qsort(v, n, sizeof *v, by_count);
        uint64_t rest = 0;
        size_t n_shown = n == REASONS_SHOWN + 1 ? n : REASONS_SHOWN; /* not "1 other reason" */
        for (size_t i = 0; i < n; i++) {
            if (i < n_shown)
                fprintf(out, "    %8llu  %.*s\n", (unsigned long long)v[i].count,
                        (int)v[i].len, v[i].reason);
            else
                rest += v[i].count;
        }
        if (n > n_shown)
            fprintf(out, "    %8llu  for %zu other reasons\n", (unsigned long long)rest,
                    n - n_shown);
    }
    free(v);
    fl_issuetext_free(&it);
    fl_strmap_free(kinds);
}

/* An output's name as the user reads it. */
static const char *shown(const char *path)
{
    return strcmp(path, "-") == 0 ? "standard output" : path;
}

/* The printed summary's stream: stderr when an output is standard output. */
static FILE *summary_stream(const fl_scan_opts *o)
{
    return o->stdout_taken ? stderr : stdout;
}

static void print_summary(const fl_report *r, const fl_scan_opts *o, double secs)
{
    if (o->quiet)
        return;
    FILE *out = summary_stream(o);
    fprintf(out, "flscan %s: screened %llu records from %zu file%s in %.2f s (rule set %s %s)\n",
            fl_version(), (unsigned long long)r->read, r->n_inputs, r->n_inputs == 1 ? "" : "s",
            secs, r->rules->name, r->rules->version);
    fprintf(out, "  read %llu = flagged %llu + clean %llu + rejected %llu\n",
            (unsigned long long)r->read, (unsigned long long)r->flagged,
            (unsigned long long)r->clean, (unsigned long long)r->rejected);
    fprintf(out, "  flags %zu: critical %llu, high %llu, medium %llu, low %llu\n", r->n_flags,
            (unsigned long long)r->by_severity[FL_SEV_CRITICAL],
            (unsigned long long)r->by_severity[FL_SEV_HIGH],
            (unsigned long long)r->by_severity[FL_SEV_MEDIUM],
            (unsigned long long)r->by_severity[FL_SEV_LOW]);
    if (r->n_issues) {
        fprintf(out, "  data quality: %zu issue%s (see the Data quality sheet)\n", r->n_issues,
                r->n_issues == 1 ? "" : "s");
        print_issue_reasons(out, r);
    }
    for (size_t i = 0; i < r->n_inputs; i++)
        if (r->inputs[i].vendor)
            fprintf(out, "  vendor profile %s (%s): %s\n", r->inputs[i].vendor,
                    r->inputs[i].vendor_forced ? "--vendor" : "detected from the header",
                    r->inputs[i].path);
    fprintf(out, "  report: %s\n", shown(o->out_xlsx));
    if (o->flags_csv)
        fprintf(out, "  flags csv: %s\n", shown(o->flags_csv));
    if (o->flags_jsonl)
        fprintf(out, "  flags jsonl: %s\n", shown(o->flags_jsonl));
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
    FILE *out = summary_stream(o);
    if (s->prev_run)
        fprintf(out,
                "  since run %llu of %s: new %llu, unchanged %llu, returning %llu, resolved %llu\n",
                (unsigned long long)s->prev_run, s->prev_date, (unsigned long long)s->n_new,
                (unsigned long long)s->n_unchanged, (unsigned long long)s->n_returning,
                (unsigned long long)s->n_resolved);
    else
        fprintf(out, "  first run of ledger %s: all %zu flags are new\n", s->ledger, r->n_flags);
    if (s->n_suppressed || s->n_reopened || s->n_decisions)
        fprintf(out,
                "  reviews: %llu decision%s recorded; %llu false positive%s suppressed, %llu "
                "reopened (rule changed)\n",
                (unsigned long long)s->n_decisions, s->n_decisions == 1 ? "" : "s",
                (unsigned long long)s->n_suppressed, s->n_suppressed == 1 ? "" : "s",
                (unsigned long long)s->n_reopened);
    if (s->rules_changed)
        fprintf(out,
                "  rule set changed since the last run: %zu rule%s added, removed or changed\n",
                s->n_rule_changes, s->n_rule_changes == 1 ? "" : "s");
    fprintf(out, "  ledger: %s (run %llu)\n", s->ledger, (unsigned long long)s->run);
}

/* The exit code of a run that went well: whether a flag is at or above --fail-on. */
static int flagged_code(const fl_report *rep, const fl_scan_opts *o)
{
    return o->fail_on >= 0 && fl_report_max_severity(rep) >= o->fail_on ? FL_EXIT_FLAGGED
                                                                          : FL_EXIT_OK;
}

/* The commit point of a run's publish: the ledger's commit (history.h). */
typedef struct commit_ctx {
    fl_history *hist;
    const fl_report *rep;
    const fl_scan_opts *o;
} commit_ctx;

static fl_status commit_ledger(void *ctx)
{
    const commit_ctx *c = ctx;
    if (c->o->ledger && fl_fault_commit()) { /* a testing knob (README) */
        fl_error("ledger '%s': cannot commit the run: %s (FLSCAN_FAULT)", c->o->ledger,
                 strerror(ENOSPC));
        return FL_ERR_OUTPUT;
    }
    return fl_history_commit(c->hist, c->rep, flagged_code(c->rep, c->o));
}

/* Asked by recovery (publish.h): the ledger committed the run of this id. */
static bool ledger_committed(uint64_t run, void *ctx)
{
    return run <= fl_history_previous_run(ctx);
}

/* The publish journal of a run with a ledger, beside it (caller frees); NULL without one:
   then it goes beside the first regular output (publish.h). */
static char *journal_path(const fl_scan_opts *o)
{
    if (!o->ledger)
        return NULL;
    size_t n = strlen(o->ledger) + sizeof ".publish";
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s.publish", o->ledger);
    return p;
}

/*
 * Before any work, with the ledger's lock held: finish an interrupted publish of these
 * outputs (roll back or complete) and remove the temporary files killed runs left.
 */
static fl_status recover_outputs(const fl_scan_opts *o, fl_history *hist,
                                 const struct timespec *started)
{
    const char *outputs[] = {o->out_xlsx, o->flags_csv, o->flags_jsonl, o->summary_json};
    for (size_t i = 0; i < sizeof outputs / sizeof *outputs; i++)
        if (outputs[i] && strcmp(outputs[i], "-") == 0)
            outputs[i] = NULL; /* standard output: nothing to recover */
    char *journal = journal_path(o);
    if (o->ledger && !journal)
        return FL_ERR_NOMEM;
    fl_status st = fl_publish_startup(journal, outputs, sizeof outputs / sizeof *outputs,
                                      ledger_committed, hist, started);
    free(journal);
    return st;
}

/*
 * The outputs were written under temporary names (held, publish.h): unless a signal came,
 * put them all in place and commit the run to the ledger, through the publish journal.
 * Either every report and the ledger move on together, or nothing does, even across a
 * crash (the next run's recover_outputs finishes the job).
 */
static fl_status publish_run(fl_history *hist, const fl_report *rep, const fl_scan_opts *o)
{
    if (fl_interrupted())
        return FL_ERR_INTERRUPTED;
    commit_ctx c = {hist, rep, o};
    char *journal = journal_path(o);
    if (o->ledger && !journal)
        return FL_ERR_NOMEM;
    fl_publish_opts po = {journal, fl_history_run_id(hist), commit_ledger, &c};
    fl_status st = fl_publish_run(&po);
    free(journal);
    return st;
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

/* The report's stamp: version, command line, dates, thresholds, library versions. */
static fl_status stamp_report(fl_report *rep, const fl_scan_opts *o, const fl_refdata *ref,
                              const fl_entity_opts *eopts)
{
    rep->tool_version = fl_version();
    rep->command_line = fl_arena_strdup(&rep->arena, o->command_line);
    rep->rules = ref->rules;
    rep->fail_on = o->fail_on;
    rep->entity_match = eopts->match;
    rep->entity_review = eopts->review;
    fl_date run = o->as_of ? o->as_of : fl_date_today();
    fl_date_format(run, rep->run_date);
    fl_date_format(o->as_of, rep->as_of);
    rep->lib_versions =
        fl_arena_printf(&rep->arena, "%s; %s; %s; utf8proc %s; ICU %s; %s; %s; %s",
                        fl_csv_version(), fl_regex_version(), fl_xlsx_version(), fl_unorm_version(),
                        fl_translit_icu_version(), fl_digest_version(), fl_ledger_version(),
                        fl_reviews_versions());
    return rep->command_line && rep->lib_versions ? FL_OK : FL_ERR_NOMEM;
}

/* The job over the loaded reference data: reader limits, normaliser, matcher, input hash. */
static fl_status job_begin(job *j, const fl_scan_opts *o, const fl_refdata *ref, fl_report *rep)
{
    j->o = o;
    j->countries = ref->countries;
    j->rules = ref->rules;
    j->vendors = ref->vendors;
    j->rep = rep;
    if (o->vendor && !fl_vendor_find(ref->vendors, o->vendor)) {
        char names[512];
        fl_vendor_names(ref->vendors, names, sizeof names);
        fl_error("--vendor '%s': no such vendor profile; the profiles are: %s", o->vendor,
                 names[0] ? names : "(none)");
        return FL_ERR_USAGE;
    }
    j->progress = !o->quiet && isatty(STDERR_FILENO);
    j->csv_limits = (fl_csv_limits)FL_CSV_LIMITS_DEFAULT;
    /* For tests only: small chunks put chunk ends everywhere in a small file (README). */
    const char *chunk = getenv("FLSCAN_CHUNK_BYTES");
    if (chunk && *chunk)
        j->csv_limits.chunk_bytes = (size_t)strtoull(chunk, NULL, 10);
    clock_gettime(CLOCK_MONOTONIC, &j->started);
    j->last_shown = j->started;
    /* One thread reads and commits; with two or more, `threads` more judge (batch.h). */
    fl_batch_refs refs = {ref->countries, ref->gazetteer, ref->ports, o->as_of, ref->rules,
                          ref->entities, ref->names};
    j->pool = fl_batch_pool_new(&refs, o->threads > 1 ? o->threads : 0);
    j->hash = fl_sha256_new();
    if (!j->pool || !j->hash)
        return FL_ERR_NOMEM;
    return graph_begin(j, ref->gazetteer, ref->entities, ref->names);
}

/* The caches serve screening only: their memory goes before the report is written. */
static void job_drop_caches(job *j)
{
    fl_batch_pool_free(j->pool);
    j->pool = NULL;
}

static void job_free(job *j)
{
    job_drop_caches(j);
    fl_sha256_free(j->hash);
    graph_free(j);
}

/*
 * The roll-ups' first step (rollup.h: the importer groups and the trade sums, which need
 * only the trade counts) on a thread of its own, beside the cases and the ledger, when the
 * run has more than one thread; the second step (graph_finish) after them.
 */
typedef struct rollup_thread {
    job *j;
    pthread_t tid;
    bool running; /* started and not yet joined */
} rollup_thread;

static void *rollups_begin(void *arg)
{
    rollup_thread *t = arg;
    (void)fl_rollup_begin(t->j->trade, &t->j->rollup); /* a failure is the job's (rollup.h) */
#ifdef __GLIBC__
    /* what the step freed on this thread's malloc arena goes back: the cases, built
       meanwhile on another arena, would add to it */
    malloc_trim(0);
#endif
    return NULL;
}

/* The first step on its thread when apart (and one can start), else here. */
static void start_rollups(rollup_thread *t, job *j, bool apart)
{
    *t = (rollup_thread){.j = j};
    if (apart && pthread_create(&t->tid, NULL, rollups_begin, t) == 0)
        t->running = true;
    else
        rollups_begin(t);
}

static void await_rollups(rollup_thread *t)
{
    if (t->running) {
        pthread_join(t->tid, NULL);
        t->running = false;
    }
}

/* Screen every input; then the report's order and tallies, the cases, the memory across runs
   (2 of 3: fingerprints, carried decisions, new/resolved, suppressed) and the roll-ups. */
static fl_status screen_all(job *j, fl_history *hist, const fl_refdata *ref)
{
    const fl_countries *countries = ref->countries;
    const fl_scan_opts *o = j->o;
    fl_report *rep = j->rep;
    fl_status st = FL_OK;
    if (o->partials)
        st = replay_all(j);
    for (size_t i = 0; i < o->n_shipments && st == FL_OK && !o->partials; i++)
        st = screen_file(j, o->shipments[i]);
    job_drop_caches(j);
    if (st != FL_OK)
        return st;
    fl_step("judging: cases, ledger and roll-ups of %zu flags", rep->n_flags);
    rollup_thread first;
    start_rollups(&first, j, o->threads > 1);
    if ((st = fl_report_finish(rep)) == FL_OK &&
        (st = fl_cases_build(rep, ref->names, j->supply)) == FL_OK &&
        (st = fl_history_apply(hist, rep)) == FL_OK)
        st = fl_cases_select_sheet(rep, FL_SHEET_FLAGS_PER_CASE, FL_SHEET_FLAGS_MAX);
    await_rollups(&first);
    if (st != FL_OK || (st = graph_finish(j)) != FL_OK)
        return st;
    for (size_t i = 0; i < rep->n_by_country; i++) {
        const char *name = fl_country_name(countries, rep->by_country[i].key);
        if (name)
            rep->by_country[i].label = name;
    }
    return FL_OK;
}

/*
 * The flags CSV and JSONL are written on a thread of their own while this one writes the
 * workbook (the report is only read by both). Their completed files wait in the thread's
 * own hold (outfile.h) and join the publish queue after the workbook's, so the publish
 * goes in the same order as when the outputs are written one after another.
 */
typedef struct flags_writer {
    const fl_report *rep;
    const fl_scan_opts *o;
    fl_outfile done[2]; /* the completed files, in order */
    size_t n_done;
    fl_status st;
    bool apart; /* on a thread of its own: the workbook's step says it (steps.h) */
} flags_writer;

static _Thread_local flags_writer *t_flags; /* the flags thread's own job */

static fl_status keep_flags_file(fl_outfile *out)
{
    flags_writer *w = t_flags;
    w->done[w->n_done++] = *out;
    memset(out, 0, sizeof *out);
    out->fd = -1;
    return FL_OK;
}

static void *write_flags(void *arg)
{
    flags_writer *w = arg;
    t_flags = w;
    fl_outfile_set_hold(keep_flags_file);
    const fl_scan_opts *o = w->o;
    w->st = FL_OK;
    if (o->flags_csv) {
        if (!w->apart)
            fl_step("writing the flags CSV to '%s'", shown(o->flags_csv));
        w->st = fl_flagout_csv(w->rep, o->flags_csv);
    }
    if (w->st == FL_OK && o->flags_jsonl) {
        if (!w->apart)
            fl_step("writing the flags JSON Lines to '%s'", shown(o->flags_jsonl));
        w->st = fl_flagout_jsonl(w->rep, o->flags_jsonl);
    }
    fl_outfile_set_hold(NULL);
    return NULL;
}

/* Every output is held under its temporary name until all are complete; then 3 of 3: the
   reports in place and the run committed to the ledger (publish_run). */
static fl_status write_outputs(const fl_report *rep, const fl_scan_opts *o, fl_history *hist)
{
    if (o->out_folder && mkdir(o->out_folder, 0777) != 0 && errno != EEXIST) {
        fl_error("cannot create the folder '%s' for the report: %s", o->out_folder,
                 strerror(errno));
        return FL_ERR_OUTPUT;
    }
    fl_publish_hold();
    flags_writer w = {
        .rep = rep, .o = o, .apart = (o->flags_csv || o->flags_jsonl) && o->threads > 1};
    pthread_t tid;
    bool apart = w.apart && pthread_create(&tid, NULL, write_flags, &w) == 0;
    if (!apart) /* no thread started: nothing reads w meanwhile */
        w.apart = false;
    fl_step("writing the workbook to '%s'%s", shown(o->out_xlsx),
            apart ? ", and the flags beside it" : "");
    fl_status st = fl_xlsx_write(rep, o->out_xlsx);
    if (apart)
        pthread_join(tid, NULL);
    else if (st == FL_OK) /* one thread, or none could start: here, after the workbook */
        write_flags(&w);
    fl_outfile_set_hold(fl_publish_enqueue); /* write_flags() may have run on this thread */
    if (st == FL_OK)
        st = w.st;
    for (size_t i = 0; i < w.n_done; i++) {
        fl_status q = st == FL_OK ? fl_publish_enqueue(&w.done[i]) : FL_OK;
        fl_outfile_abort(&w.done[i]); /* emptied once queued; else removed */
        if (st == FL_OK)
            st = q;
    }
    if (st == FL_OK)
        fl_step("putting the reports in place%s", o->ledger ? " and committing the ledger" : "");
    return st == FL_OK ? publish_run(hist, rep, o) : st;
}

/* Every output's folder, before any work: a run that cannot write its reports fails now, not
   after the screening (outfile.h). The default reports/ folder is made later: when it is not
   there yet, its parent must let it be made. */
static fl_status check_outputs(const fl_scan_opts *o)
{
    struct stat sb;
    fl_status st = FL_OK;
    if (o->out_folder && stat(o->out_folder, &sb) != 0) {
        if (access(".", W_OK | X_OK) != 0) {
            fl_error("cannot create the folder '%s' for the report: %s", o->out_folder,
                     strerror(errno));
            return FL_ERR_OUTPUT;
        }
    } else {
        st = fl_outfile_check(o->out_xlsx);
    }
    const char *more[] = {o->flags_csv, o->flags_jsonl, o->summary_json};
    for (size_t i = 0; i < sizeof more / sizeof *more && st == FL_OK; i++)
        if (more[i])
            st = fl_outfile_check(more[i]);
    return st;
}

/* The exit code of a run that ended with st. */
static int exit_code(fl_status st, const fl_report *rep, const fl_scan_opts *o)
{
    if (st == FL_ERR_NOMEM)
        fl_error("out of memory");
    if (st == FL_ERR_INTERRUPTED)
        fl_error("interrupted by %s: no report was written and the ledger was not changed; "
                 "the previous ones are as they were",
                 fl_interrupt_name());
    if (st != FL_OK)
        return fl_status_exit(st);
    return flagged_code(rep, o);
}

/* ---- a shard (--shard K/N): its records into a partial (partial.h) ---- */

/* The shard's inputs (whole files of its own, or its part of each), then the partial's
   head, and the partial put in place. */
static fl_status screen_shard(job *j)
{
    const fl_scan_opts *o = j->o;
    bool whole = fl_split_whole(o);
    const char *settings = fl_split_settings(&j->rep->arena, o, j->rules);
    fl_status st = settings ? FL_OK : FL_ERR_NOMEM;
    for (size_t i = 0; i < o->n_shipments && st == FL_OK; i++)
        st = whole && i % o->shards != o->shard - 1 ? open_input(j, o->shipments[i])
                                                    : screen_file(j, o->shipments[i]);
    if (st != FL_OK)
        return st;
    fl_partial_head h = {o->shard,
                         o->shards,
                         whole,
                         (char *)fl_version(),
                         (char *)o->command_line,
                         (char **)o->scan_args,
                         o->n_scan_args,
                         (char *)settings,
                         j->shard_files,
                         o->n_shipments};
    fl_step("writing the partial '%s'", o->partial);
    st = fl_partial_finish(j->partial, &h);
    j->partial = NULL;
    return st;
}

static void print_shard(const job *j, const fl_scan_opts *o, double secs)
{
    if (o->quiet)
        return;
    printf("flscan %s: shard %u of %u: judged %llu records in %.2f s (%llu with a flag before "
           "the supplier graph, %llu rejected)\n",
           fl_version(), o->shard, o->shards, (unsigned long long)j->shard_judged, secs,
           (unsigned long long)j->shard_hits, (unsigned long long)j->shard_rejected);
    printf("  partial: %s (merge every shard's with 'flscan merge')\n", o->partial);
}

/* flscan scan --shard K/N --partial FILE: no report, no ledger; the exit code. */
static int run_shard(const fl_scan_opts *o)
{
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    fl_refdata ref;
    fl_report rep;
    job j;
    memset(&j, 0, sizeof j);
    memset(&ref, 0, sizeof ref);
    fl_report_init(&rep);
    fl_refdata_dirs dirs = {o->iso_dir, o->data_dir, o->rules_dir};
    fl_entity_opts eopts = {o->entity_match, o->entity_review};
    fl_steps_begin(o->verbose, !o->quiet && isatty(STDERR_FILENO));
    fl_status st = fl_outfile_check(o->partial);
    if (st == FL_OK) {
        fl_step("loading the rules and the reference data");
        st = fl_refdata_load_screening(&dirs, &eopts, &ref);
    }
    if (st == FL_OK)
        st = stamp_report(&rep, o, &ref, &eopts);
    if (st == FL_OK)
        st = job_begin(&j, o, &ref, &rep);
    if (st == FL_OK && !(j.shard_files = calloc(o->n_shipments + 1, sizeof *j.shard_files)))
        st = FL_ERR_NOMEM;
    if (st == FL_OK)
        st = fl_partial_create(o->partial, &j.partial);
    if (st == FL_OK)
        st = screen_shard(&j);
    fl_steps_end();
    if (st == FL_OK)
        print_shard(&j, o, since(&t0));
    fl_partial_abort(j.partial); /* a failed run: no partial */
    for (size_t i = 0; j.shard_files && i < o->n_shipments; i++)
        free(j.shard_files[i].cuts);
    free(j.shard_files);
    job_free(&j);
    fl_report_free(&rep);
    fl_refdata_free(&ref);
    return exit_code(st, &rep, o);
}

int fl_scan_run(const fl_scan_opts *o)
{
    if (o->shards)
        return run_shard(o);
    struct timespec t0, t_step, started;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    clock_gettime(CLOCK_REALTIME, &started); /* older temporary files are no live run's */
    fl_refdata ref;
    fl_report rep;
    fl_history *hist = NULL;
    double screen_s = 0, write_s = 0;
    job j;
    memset(&j, 0, sizeof j);
    memset(&ref, 0, sizeof ref); /* freed even when a failed check leaves it unloaded */
    fl_report_init(&rep);
    fl_refdata_dirs dirs = {o->iso_dir, o->data_dir, o->rules_dir};
    fl_entity_opts eopts = {o->entity_match, o->entity_review};

    fl_steps_begin(o->verbose, !o->quiet && isatty(STDERR_FILENO));
    fl_status st = check_outputs(o);
    if (st == FL_OK) {
        fl_step("loading the rules and the reference data");
        st = fl_refdata_load_screening(&dirs, &eopts, &ref);
    }
    if (st == FL_OK)
        st = stamp_report(&rep, o, &ref, &eopts);
    if (st == FL_OK && o->partials)
        st = fl_split_check_settings(&rep.arena, o, ref.rules);
    if (st == FL_OK)
        st = job_begin(&j, o, &ref, &rep);
    /* Memory across runs, 1 of 3: take the ledger, record the review decisions. */
    if (st == FL_OK)
        st = fl_history_begin(o->ledger, o->reviews, o->reviewer, &rep, &hist);
    if (st == FL_OK)
        fl_history_set_expiry(hist, o->review_expiry);
    if (st == FL_OK)
        st = recover_outputs(o, hist, &started);
    if (st == FL_OK) {
        clock_gettime(CLOCK_MONOTONIC, &t_step);
        st = screen_all(&j, hist, &ref);
        screen_s = since(&t_step);
    }
    if (st == FL_OK) {
        clock_gettime(CLOCK_MONOTONIC, &t_step);
        st = write_outputs(&rep, o, hist);
        write_s = since(&t_step);
    }
    fl_steps_end();
    if (st == FL_OK) {
        print_summary(&rep, o, since(&t0));
        print_since(&rep, o);
        warn_rule_set(&rep);
    }
    fl_publish_discard(); /* a failed or interrupted run: no temporary file stays */
    int code = exit_code(st, &rep, o);
    fl_history_free(hist); /* rolls the ledger back unless the run was committed */
    code = write_summary_json(o, rep.rules ? &rep : NULL, st, code, since(&t0), screen_s, write_s);
    job_free(&j);
    fl_report_free(&rep);
    fl_refdata_free(&ref);
    return code;
}
