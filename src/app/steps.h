/*
 * steps.h - what a run is doing, said as each step starts: loading, reading each file,
 * judging, writing each report, putting them in place.
 *
 * With --verbose each step is a line on stderr ("flscan: writing the workbook 'r.xlsx'"),
 * terminal or not; else, when stderr is a terminal, the progress line shows the step under
 * way (diag.h: fl_progress), and the reading of a file its records, rate and time left;
 * else (a pipe, a log file, --quiet) nothing is said. Safe from any thread.
 */
#ifndef FL_STEPS_H
#define FL_STEPS_H

#include <stdbool.h>
#include "common.h"

/* How steps are said for this run: verbose (lines) or on_terminal (the progress line). */
void fl_steps_begin(bool verbose, bool on_terminal);

/* A step starts. */
void fl_step(const char *fmt, ...) FL_PRINTF(1, 2);

/* Whether the progress line is in use (a terminal, not verbose, not quiet). */
bool fl_steps_progress(void);

/* The run is done: the progress line is cleared, before the summary. */
void fl_steps_end(void);

#endif
