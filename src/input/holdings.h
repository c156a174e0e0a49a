/*
 * holdings.h - a portfolio's holdings (--holdings): each company held, its weight, and the
 * names under which it imports.
 *
 * A CSV with one header row, as a portfolio export comes (e.g. "Name/Issuer, ISIN, Ticker,
 * Weight (%)"); columns are found by header, folded like shipment headers (fieldmap.h):
 *   holding          (required) holding, company, issuer, name, Name/Issuer, security name
 *   isin             isin
 *   ticker           ticker, symbol (shown beside the ISIN)
 *   weight           weight, Weight (%), portfolio weight, pct, percent, % of net assets: a
 *                    fraction ("0.125") or a percentage ("12.5%"); numbers without '%' are
 *                    percentages when they add up to more than 1.5 ("Weight (%)": 12.5)
 *   importer_aliases importer_aliases, importers, aliases, consignee names, importer names:
 *                    the Consignee Names of its shipments, separated by '|' (or ';')
 * The aliases are matched to the shipments' importers by party key (party.h), so spelling
 * variants of one alias ("Harborline Apparel, Inc.") need not be listed. A holding without
 * aliases (no such column, or an empty cell) is matched by its own name (by_name), in the
 * same way.
 *
 * Data quality, never fatal: problems go to the data-quality sink (dq.h; the screening job
 * passes the report's Data quality sheet) with the file's path and line: a row without a
 * holding name (row ignored), an empty aliases cell (its name is matched instead), a weight
 * that is not a number >= 0 (weight 0), an ISIN that is not 12 characters with a valid check
 * digit (kept as written), weights that do not sum to 1 (or 100%) within 0.001 (the
 * portfolio score is a weighted mean, so it is not distorted). Only a missing file or a
 * missing holding column stops the run (FL_ERR_INPUT).
 */
#ifndef FL_HOLDINGS_H
#define FL_HOLDINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "common.h"
#include "fieldmap.h"
#include "dq.h"

typedef struct fl_holding {
    const char *name, *isin, *ticker; /* as written ("" when absent) */
    double weight;                    /* a fraction of the portfolio; 0 when not given */
    const char *const *aliases;       /* trimmed, non-empty; at least one */
    size_t n_aliases;
    bool by_name; /* no aliases were given: the one alias is the holding's name */
    uint64_t line;
} fl_holding;

typedef struct fl_holdings fl_holdings;

/*
 * Load path; data-quality problems go to dq (borrowed for the call; NULL drops them).
 * FL_OK with *out set (free with fl_holdings_free), FL_ERR_INPUT (message printed),
 * FL_ERR_NOMEM. *out is NULL after a failure.
 */
fl_status fl_holdings_load(const char *path, const fl_dq_sink *dq, fl_holdings **out);

/* NULL-safe. */
void fl_holdings_free(fl_holdings *h);

size_t fl_holdings_count(const fl_holdings *h);
/* Holding i in file order, NULL when out of range. Borrowed. */
const fl_holding *fl_holdings_get(const fl_holdings *h, size_t i);
/* The path as given, its size and the SHA-256 of its bytes as read. */
const fl_file_read *fl_holdings_file(const fl_holdings *h);

/* True when s[0..len) is an ISIN: 2 letters, 9 letters or digits, a check digit (Luhn over
 * the letters as 10..35). Upper case only. */
bool fl_isin_valid(const char *s, size_t len);

#endif
