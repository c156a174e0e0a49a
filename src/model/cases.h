/*
 * cases.h - flags grouped into cases, the unit a reviewer decides on.
 *
 * A case is every flag of one rule (and list entry) raised against one party for one
 * importer: the shipper's own flags are keyed by the shipper's party key (party.h, so
 * spellings of one company are one case), an indirect flag by the upstream supplier its
 * exposure comes from; the importer by its party key. identity.h gives the case id. The
 * next shipment of a supplier already reviewed for a rule is one more shipment of the same
 * case, not a new thing to review; reports/README.md says why the key is what it is.
 *
 * fl_cases_build runs once, after fl_report_finish and before history.h decides the
 * cases' status: it makes the report's case rows (FL_ROWS_CASES, ordered by severity, then
 * value, shipments and id), sets every flag's kase and case_id, and gives the importer
 * tallies (by_importer) the same grouping. The cases are counted by sorting (cases.c): each
 * flag a row of what its case needs, sorted by case and counted in one pass, the cases
 * then sorted into the sheet's order and each flag pointed at its case's place by two more
 * sorts; every read and write is in order, and memory holds the sorts' buffers (8 MiB at
 * most) and one case at a time, none of it with the cases or the flags.
 */
#ifndef FL_CASES_H
#define FL_CASES_H

#include "common.h"
#include "nametab.h"
#include "report.h"
#include "supply.h"

/* The Flags sheet's bound: at most this many flags a case, and in all (the cases first in
   the Cases sheet's order get theirs first). The workbook's writing time grows with it. */
#define FL_SHEET_FLAGS_PER_CASE 50
#define FL_SHEET_FLAGS_MAX 20000

/* Example records kept per case, and origins listed. */
#define FL_CASE_EXAMPLES 3
#define FL_CASE_ORIGINS 6

/*
 * Build the cases of the finished report r. names: the phrase tables that give party keys
 * (not NULL); g: the supplier graph the indirect flags came from (NULL without one).
 * Returns FL_OK, FL_ERR_NOMEM, or FL_ERR_OUTPUT when the spill file cannot be read back.
 */
fl_status fl_cases_build(fl_report *r, const fl_name_tables *names, const fl_supply *g);

/*
 * Choose the flags the workbook shows on its Flags sheet (after history.h decided the
 * cases): in the report's order, the flags of the cases that need action (every status
 * but Decided), at most per_case a case and max in all; when max runs out, the cases
 * first in the Cases sheet's order (severity, then value) keep theirs. The New flags and
 * Suppressed sheets show the first max of theirs (n_sheet_new, n_sheet_suppressed). Fills r->sheet_flags and
 * r->n_sheet_flags; the rest stay in the flags CSV and JSONL. FL_OK or FL_ERR_NOMEM.
 */
fl_status fl_cases_select_sheet(fl_report *r, size_t per_case, size_t max);

#endif
