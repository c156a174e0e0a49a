/*
 * scan.h - the screening job: read shipments, judge every record, write the reports.
 *
 * Data flow: csvread (records) -> fieldmap (canonical fields) -> normalise (country,
 * HS code, date, UTF-8) -> match (rules) -> report model -> writers (xlsx, csv, jsonl)
 * -> printed summary. Every record read ends up flagged, clean or rejected.
 */
#ifndef FL_SCAN_H
#define FL_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include "fieldmap.h"
#include "dates.h"
#include "partial.h"
#include "rules.h"

typedef struct fl_scan_opts {
    const char *const *shipments; /* input paths, "-" = stdin */
    size_t n_shipments;
    const char *rules_dir;   /* resolved rules folder */
    const char *data_dir;    /* resolved datasets folder (country_aliases.csv) */
    const char *iso_dir;     /* folder of iso-codes' iso_3166-1.json */
    fl_date as_of;           /* 0: judge each record by its own date */
    const char *out_xlsx;    /* never NULL */
    const char *out_folder;  /* a folder to create just before the reports are written (the
                                default reports/), NULL: none; a failed run creates nothing */
    const char *flags_csv;   /* NULL: not written */
    const char *flags_jsonl; /* NULL: not written */
    const char *suppliers;   /* supplier list (supply.h); NULL: no supplier graph */
    const char *holdings;    /* portfolio holdings (holdings.h); NULL: no Portfolio */
    const fl_map_override *maps;
    size_t n_maps;
    /* per input (a data vendor's maps, --config): NULL, or one list per shipment that
     * replaces maps for that file */
    const fl_map_override *const *input_maps;
    const size_t *n_input_maps;
    /* the inputs' source label (identity.h): --source, NULL for none; and per input (NULL,
     * or one per shipment file, NULL for a file of no vendor) the vendor's name */
    const char *source;
    const char *const *input_sources;
    const char *vendor;       /* --vendor NAME: read every input with this vendor profile
                                 (vendor.h); NULL: detect each input's from its header */
    fl_date_order date_order; /* --date-order: how "01-03-2024" reads when no profile says */
    unsigned review_expiry; /* days a case decision holds (history.h); 0: never expires */
    const char *ledger;       /* memory across runs (history.h); NULL: none */
    const char *reviews;      /* review decisions to record; NULL: none (needs ledger) */
    const char *reviewer;     /* who made the decisions that name no reviewer; NULL: none */
    const char *summary_json; /* one-line run summary; "-" standard output; NULL: none */
    int fail_on; /* fl_severity, or -1 for never */
    unsigned threads; /* 1: read and judge on one thread; 2 or more: parse on that many */
    double entity_match, entity_review; /* name score thresholds (entity.h) */
    bool quiet;
    bool verbose;      /* say each step of the run on stderr, as a line (--verbose) */
    bool stdout_taken; /* an output is standard output: the printed summary goes to stderr */
    const char *command_line;
    const char *config; /* --config FILE, NULL: none (its digest is one of a shard's settings) */
    /* --shard K/N --partial FILE: judge only shard K (from 1) of N and write its partial
       (partial.h) instead of reports; shards 0: not a shard. Inputs are handed out whole
       when there are at least N of them (input i to shard i mod N + 1), else each file is
       cut in N byte ranges and shard K takes the records that start in range K (csvread.h's
       fl_csv_range). scan_args: the options and inputs the merge parses again */
    unsigned shard, shards;
    const char *partial;
    const char *const *scan_args;
    size_t n_scan_args;
    /* flscan merge: one partial a shard, in shard order (merge.h checked that they belong
       together): their records are committed instead of reading the inputs */
    fl_partial_reader *const *partials;
    size_t n_partials;
} fl_scan_opts;

/* Run the job; returns the process exit code (enum fl_exit). Messages are printed. */
int fl_scan_run(const fl_scan_opts *o);

#endif
