/*
 * fault.h - fault injection for tests only: FLSCAN_FAULT (documented in README.md as a
 * testing knob, like FLSCAN_CHUNK_BYTES).
 *
 *   FLSCAN_FAULT=publish:N   the process ends (_exit(FL_FAULT_EXIT), as a kill would: no
 *                            cleanup) just before step N of a publish (outfile.h numbers them)
 *   FLSCAN_FAULT=rename:N    the Nth rename of a publish fails with EACCES (as in a sticky
 *                            folder where the old file belongs to another user)
 *   FLSCAN_FAULT=commit      the commit point of a publish (the ledger's) fails, as on a full
 *                            disk
 *
 * Unset or empty: every function is a no-op that says no. Read once, on first use.
 */
#ifndef FL_FAULT_H
#define FL_FAULT_H

#include <stdbool.h>

/* The exit status of a process ended by publish:N. */
#define FL_FAULT_EXIT 86

/* Count one publish step; ends the process when it is the chosen one. */
void fl_fault_step(void);

/* Count one rename of a publish; true when it is to fail (the caller sets errno). */
bool fl_fault_rename(void);

/* True when the commit point is to fail. */
bool fl_fault_commit(void);

#endif
