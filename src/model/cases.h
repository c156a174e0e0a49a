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
 * cases' status: it fills r->cases (ordered by severity, then value, shipments and id),
 * sets every flag's kase, and gives the importer tallies (by_importer) the same grouping.
 * Memory grows with the cases (distinct parties x rules x importers), not with the flags.
 */
#ifndef FL_CASES_H
#define FL_CASES_H

#include "common.h"
#include "nametab.h"
#include "report.h"
#include "supply.h"

/* Example records kept per case, and origins listed. */
#define FL_CASE_EXAMPLES 3
#define FL_CASE_ORIGINS 6

/*
 * Build the cases of the finished report r. names: the phrase tables that give party keys
 * (not NULL); g: the supplier graph the indirect flags came from (NULL without one).
 * Returns FL_OK, FL_ERR_NOMEM, or FL_ERR_OUTPUT when the spill file cannot be read back.
 */
fl_status fl_cases_build(fl_report *r, const fl_name_tables *names, const fl_supply *g);

#endif
