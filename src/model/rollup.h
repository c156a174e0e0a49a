/*
 * rollup.h - importer, supplier and portfolio roll-ups of a screening (the report model's
 * fl_rollups, report.h).
 *
 * While screening, the scan counts every judged shipment - flagged or clean - in an
 * fl_trade: per importer spelling, HS chapter and origin, the shipments, the flagged ones by
 * their highest severity, and the sums of value and weight (all and flagged); per listed
 * supplier, its shipments. One cell per distinct (importer spelling, chapter, origin): a
 * cell takes 32 bytes and 11 to 21 of index, a cell with a flag 104 more (as does one of
 * many shipments: more than 65,535, or 255 without a value or weight). The cells in memory
 * are bounded (16,384); past the bound, the shipments of the cells not among them are rows
 * of a sort on the disk (40 bytes each), summed in their order when the roll-up is made, so
 * every figure is the same to the last bit. The top rules and suppliers of each importer are
 * counted from sorted rows too (one a flag). What memory holds that grows is the importer
 * spellings and the distinct supplier names among the flags.
 *
 * After fl_report_finish, fl_rollup() fills r->roll:
 *   Importers  the spellings grouped by party key (party.h); per importer the counts and
 *              sums above with the flagged shares of value and weight, the FL_ROLLUP_TOP rules
 *              and suppliers with most flags (a direct, region or entity flag names the
 *              shipper, an indirect flag the upstream supplier its exposure comes from),
 *              the HS chapter x origin cells that hold a flag, and its cases (cases.h: the
 *              cases whose importer it is, one importer a case since both group by the
 *              importer's party key) with those not Decided;
 *   Suppliers  (with a supplier graph) every listed supplier with its own and inherited
 *              exposure, the path of the worst inherited one, its shipments, and the cases
 *              against it (a direct case whose shipper it is, by supplier_id else name as
 *              for its shipments; an indirect one whose exposure comes from it);
 *   Portfolio  (with holdings) per holding the importers its aliases match (by party key),
 *              their counts and cases and the exposure score below; holdings whose aliases match no
 *              importer have no trade data and no score - they are not "clean".
 *
 * Exposure score of a holding, 0..100 (written on the workbook's Notes sheet):
 *   score = 100 x sum over flagged shipments f of w(f) x value(f) / total value of the
 *           holding's judged shipments,
 *   w = 1.0 critical, 0.6 high, 0.3 medium, 0.1 low (each shipment at its highest
 *   severity); shipments without a value count in neither sum. When none of the holding's
 *   shipments has a value, shipment counts stand in for values. 0 = nothing flagged, 100 =
 *   all value flagged critical.
 * Portfolio score: the mean of the holdings' scores weighted by their portfolio weight, over
 * the holdings with trade data (equal weights when those have no weight); the weight they
 * cover is reported beside it.
 *
 * Values and weights are read as numbers (fl_rollup_number): "197066.40", "$1,234.50",
 * "18087.3 kg"; anything else (empty, "n/a", negative) is missing and counted as such.
 */
#ifndef FL_ROLLUP_H
#define FL_ROLLUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "common.h"
#include "holdings.h"
#include "match.h"
#include "nametab.h"
#include "report.h"
#include "supply.h"

typedef struct fl_trade fl_trade;

/*
 * An empty counter; NULL when out of memory. Free with fl_trade_free(). names (borrowed, must
 * outlive the counter) gives the party keys that group importer spellings in fl_rollup().
 */
fl_trade *fl_trade_new(const fl_name_tables *names);
void fl_trade_free(fl_trade *t);

/*
 * Count one judged shipment: its importer text as read, normalised HS code ("" when none)
 * and origin (alpha-2, "" when unknown), value and weight text, the listed supplier that
 * shipped it (FL_SUPPLY_NONE when none) and the hits it raised (none: clean).
 * All borrowed for the call. FL_OK or FL_ERR_NOMEM.
 */
fl_status fl_trade_add(fl_trade *t, fl_slice importer, const char *hs, const char *origin,
                       fl_slice value, fl_slice weight, uint32_t supplier, const fl_hit *hits,
                       size_t n_hits);

/*
 * For speed only (no effect on any count): the cells of a roll-up over many importers do not
 * stay in the processor's caches, so a caller with other work to do first can start loading
 * the cell of the shipment it will count next. fl_trade_prefetch() takes the arguments the
 * coming fl_trade_add() will get and starts loading the cell's index slot; some work later,
 * fl_trade_prefetch_cell() starts loading the cell that slot names.
 */
void fl_trade_prefetch(fl_trade *t, fl_slice importer, const char *hs, const char *origin);
void fl_trade_prefetch_cell(fl_trade *t);

/*
 * Fill r->roll from the finished report r (its cases built and decided, cases.h and
 * history.h; none is fine), the counts t, the supplier graph g (NULL: no
 * Suppliers roll-up; indirect flags then name no upstream supplier) and the holdings h
 * (NULL: no Portfolio). g is not const: shipper names are looked up through its cache.
 * Everything is allocated in r's arena. t's counts are read (once: its shipments kept as rows
 * go). FL_OK, FL_ERR_NOMEM, or FL_ERR_OUTPUT when the rows cannot be read back.
 */
fl_status fl_rollup(fl_report *r, fl_trade *t, fl_supply *g, const fl_holdings *h);

/*
 * fl_rollup() in two steps, the first of which may run on another thread beside the cases
 * and the ledger (cases.h, history.h), which it does not need:
 *   fl_rollup_begin  the importer groups and the sums of t's cells (t only: no report is
 *                    read or written); *out is the job (NULL when out of memory), whose
 *                    failure fl_rollup_end returns too;
 *   fl_rollup_end    the rest into r->roll, once r is finished as for fl_rollup(); frees
 *                    the job. t must live until then.
 * fl_rollup_job_free() frees a job that is not ended (NULL-safe).
 */
typedef struct fl_rollup_job fl_rollup_job;
fl_status fl_rollup_begin(fl_trade *t, fl_rollup_job **out);
fl_status fl_rollup_end(fl_rollup_job *job, fl_report *r, fl_supply *g, const fl_holdings *h);
void fl_rollup_job_free(fl_rollup_job *job);

/* A value or weight as a number >= 0; false when missing or not a number. */
bool fl_rollup_number(fl_slice s, double *out);

/* The severity weights of the exposure score (critical 1.0 ... low 0.1). */
double fl_rollup_severity_weight(fl_severity s);

#endif
