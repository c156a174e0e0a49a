/*
 * ledgercmd.h - the 'flscan ledger check' and 'flscan ledger backup' commands: the health of
 * the ledger a nightly job keeps (--ledger), on their own, beside or before a run.
 */
#ifndef FL_LEDGERCMD_H
#define FL_LEDGERCMD_H

#include <stdbool.h>

typedef struct fl_ledgercmd_opts {
    const char *ledger; /* the ledger; borrowed */
    const char *backup; /* backup: the copy to write; borrowed */
    bool quiet;         /* print nothing but errors */
} fl_ledgercmd_opts;

/*
 * Check the ledger (ledger.h, fl_ledger_check) and print what was checked, a line each:
 * integrity, schema, runs, the last run, the lock; then "ok". Returns the exit code: 0
 * healthy; 3 missing, corrupt (with the advice to restore a backup or move it aside), not
 * an flscan ledger or of a newer schema; 6 a run holds it (nothing was checked); 5 its lock
 * file cannot be made; 7 out of memory.
 */
int fl_ledgercmd_check(const fl_ledgercmd_opts *o);

/*
 * Copy the ledger to o->backup (ledger.h, fl_ledger_backup) and print one line about the
 * copy. Returns the exit code: 0 written; 2 the backup would overwrite the ledger; 3 the
 * ledger is missing or corrupt (nothing written, a previous backup kept); 5 the backup
 * cannot be written; 6 the ledger stayed locked; 7 out of memory; 130, 143 interrupted
 * (nothing written).
 */
int fl_ledgercmd_backup(const fl_ledgercmd_opts *o);

#endif
