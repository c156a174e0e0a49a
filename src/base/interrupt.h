/*
 * interrupt.h - SIGINT and SIGTERM ask a run to stop; the run stops where it is safe to.
 *
 * fl_interrupt_install() sets a handler that only records the signal (no SA_RESTART, so a
 * blocking read returns EINTR). The long loops poll fl_interrupted(): the CSV reader stops
 * reading, the scan stops screening, and the normal cleanup path then removes every
 * temporary output and rolls back the ledger's transaction, so the previous report and the
 * ledger stay as they were. A second signal while the first is being handled ends the
 * process at once with the default action (the "press Ctrl-C twice" escape).
 *
 * The process then exits with 128 + the signal number: 130 for SIGINT, 143 for SIGTERM.
 */
#ifndef FL_INTERRUPT_H
#define FL_INTERRUPT_H

/* Install the handlers for SIGINT and SIGTERM (idempotent). Returns 0, or -1 (errno set). */
int fl_interrupt_install(void);

/* The signal that asked the run to stop (SIGINT, SIGTERM), or 0. Async-signal-safe. */
int fl_interrupted(void);

/* The exit code for an interrupted run: 128 + the signal (130 when none was recorded). */
int fl_interrupt_exit_code(void);

/* "SIGINT", "SIGTERM" or "a signal", for messages. Static. */
const char *fl_interrupt_name(void);

/* Forget a recorded signal (tests). */
void fl_interrupt_reset(void);

#endif
