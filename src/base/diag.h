/*
 * diag.h - the one place messages reach the user.
 *
 * Every message is printed to stderr as "flscan: <text>" with a newline added. Texts are
 * lower case, carry no trailing period, quote their subject and say where:
 *   flscan: shipments.csv:1042: unknown country 'Uzbekstan' (column 'Country of Origin')
 * fl_info() and fl_progress() are silenced by fl_diag_set_quiet(true); errors and warnings are not.
 */
#ifndef FL_DIAG_H
#define FL_DIAG_H

#include <stdbool.h>
#include "common.h"

void fl_diag_set_quiet(bool quiet);
bool fl_diag_quiet(void);

void fl_error(const char *fmt, ...) FL_PRINTF(1, 2);
void fl_warn(const char *fmt, ...) FL_PRINTF(1, 2);
/* Informational line on stderr, silent under --quiet. */
void fl_info(const char *fmt, ...) FL_PRINTF(1, 2);

/*
 * A progress line on stderr that the next call replaces ("\r", erase the line, "flscan:
 * <text>"), for a terminal only: the caller decides that stderr is one. Silent under
 * --quiet. Any other message clears it first, so that the two never mix.
 */
void fl_progress(const char *fmt, ...) FL_PRINTF(1, 2);
/* Clear the progress line, when one is shown (before the run's summary). */
void fl_progress_end(void);

/* Number of fl_error() calls so far (for loaders that report every problem, then fail). */
unsigned fl_diag_error_count(void);

#endif
