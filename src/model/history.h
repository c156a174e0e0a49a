/*
 * history.h - a run's memory across runs: the ledger and the reviewers' decisions joined
 * to the report model. scan.c calls it at three points:
 *
 *   1. after the rules are loaded: fl_history_begin opens the ledger (--ledger: takes its
 *      lock, begins the run's transaction, records the rules and compares them with the
 *      previous run's) and records the decisions of the review file (--reviews);
 *   2. after fl_report_finish and fl_cases_build: fl_history_apply gives every flag its
 *      fingerprint and, with a ledger, every case its status (New, Open, Returning with the
 *      reason, Decided: the ledger's decision holds while the rule or list entry behind it
 *      is unchanged and the decision is younger than the review period) and every flag its
 *      first-seen date, carried disposition and note; moves the false positives still in
 *      force (the flag's own decision, else its case's) to the report's suppressed list, and
 *      fills the report's comparison with the previous run (fl_report.since, new_flags);
 *   3. after every output was written: fl_history_commit stores the run and commits.
 *
 * fl_history_free without a commit rolls the ledger back: a failed or interrupted run
 * leaves it as it was. Without --ledger only the fingerprints are computed.
 */
#ifndef FL_HISTORY_H
#define FL_HISTORY_H

#include "common.h"
#include "report.h"

/* Days a case decision holds by default (--review-expiry). */
#define FL_REVIEW_EXPIRY_DAYS 365

typedef struct fl_history fl_history;

/* How long a case decision holds: days (0: never expires). Call before fl_history_apply;
   the default is FL_REVIEW_EXPIRY_DAYS. */
void fl_history_set_expiry(fl_history *h, unsigned days);

/*
 * Begin. ledger and reviews are paths or NULL (reviews needs a ledger); reviewer (--reviewer)
 * is the reviewer of the review file's rows that name none, NULL or "" for none (reviews.h);
 * r is the report with its run stamp (run_date, as_of, command_line, tool_version) and rule
 * set set; all borrowed until fl_history_free. A flag decision goes to fl_ledger_decide, a
 * case decision to fl_ledger_decide_case. Returns FL_OK with *out set; FL_ERR_BUSY when
 * another run holds the ledger; FL_ERR_INPUT (a file that is no ledger, unreadable
 * reviews); FL_ERR_OUTPUT; FL_ERR_NOMEM. Messages are printed.
 */
fl_status fl_history_begin(const char *ledger, const char *reviews, const char *reviewer,
                           const fl_report *r, fl_history **out);

/* Fill the report's memory across runs (see above). Call once, after fl_report_finish. */
fl_status fl_history_apply(fl_history *h, fl_report *r);

/*
 * Store the run (inputs, counts, exit code) and commit. No-op without a ledger. Returns
 * FL_OK or FL_ERR_OUTPUT (message printed; the ledger stays as it was).
 */
fl_status fl_history_commit(fl_history *h, const fl_report *r, int exit_code);

/*
 * The ledger's id of this run (0 without a ledger), and of the last run it committed before
 * this one (0: none, or no ledger). A run of id N was committed when N <= the latter: the
 * question a publish journal's recovery asks (publish.h).
 */
uint64_t fl_history_run_id(const fl_history *h);
uint64_t fl_history_previous_run(const fl_history *h);

/* Roll back anything not committed and release the ledger. NULL-safe. */
void fl_history_free(fl_history *h);

#endif
