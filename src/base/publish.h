/*
 * publish.h - a run's outputs put in place together with its commit point, all or nothing,
 * even across a crash.
 *
 * After fl_publish_hold(), fl_outfile_commit() completes each output under its temporary
 * name and queues it here. fl_publish_run() then, in this order (each numbered step is one
 * for FLSCAN_FAULT=publish:N, fault.h):
 *
 *   1. copies the outputs that are devices or FIFOs into them (one step each): they cannot
 *      be taken back, so they go first, and a failure stops the run before anything else;
 *   2. writes the journal (one step), synced with its folder before the first rename: the
 *      final names, the temporary names, the backup names the previous files move to, the
 *      new files' inodes, and a token (the ledger's run id);
 *   3. for each regular output: moves the previous file aside to its backup name
 *      (".<name>.old-XXXXXX") and renames the new one over the final name (a step each);
 *   4. syncs the outputs' folders (one step);
 *   5. calls the commit point (the ledger's commit; one step before it, one after);
 *   6. appends "committed" to the journal, synced (one step);
 *   7. removes the backups (a step each) and the journal (one step).
 *
 * A failure in 1-5 (a rename refused, the commit failing) puts every previous file back (a
 * file that did not exist before is removed again), removes the journal and returns the
 * error: the previous set stays whole. A crash anywhere leaves the journal, and the next
 * run's fl_publish_startup() finishes the job: it completes the publish when the journal
 * says "committed" or the commit point says the token was committed (the crash came between
 * the ledger's commit and step 6), and rolls it back otherwise; it prints one line saying
 * which. A journal cut short (a crash while writing it) means no file had moved: it is
 * removed.
 *
 * The journal (text, every path absolute and length-prefixed, "N:path"):
 *   flscan-publish 1
 *   token T                       (0: no commit point to ask)
 *   file N:final N:temporary N:backup DEV INO      (one per regular output; "0:" = no backup)
 *   end
 *   committed                     (appended at step 6)
 * It is held open and flock()ed by the run that writes it until it is removed, so that a
 * run never recovers a live run's journal.
 *
 * Process-wide state for the one thread that writes outputs.
 */
#ifndef FL_PUBLISH_H
#define FL_PUBLISH_H

#include <stdint.h>
#include <time.h>
#include "common.h"
#include "outfile.h"

/* Start holding: fl_outfile_commit queues files until fl_publish_run or fl_publish_discard. */
void fl_publish_hold(void);

/* Take over a completed output (installed as outfile.c's hold hook by fl_publish_hold); the
   struct is emptied. */
fl_status fl_publish_enqueue(fl_outfile *out);

/* The commit point of a publish, and the question recovery asks about it. */
typedef struct fl_publish_opts {
    const char *journal;            /* the journal's path; NULL: beside the first regular output, as
                                       ".<name>.publish" */
    uint64_t token;                 /* written in the journal; 0: none */
    fl_status (*commit)(void *ctx); /* step 5; NULL: none. Prints its own message. */
    void *ctx;
} fl_publish_opts;

/*
 * Publish every queued file as above and end the hold. o may be NULL (no commit point, the
 * journal beside the first regular output). Returns FL_OK; FL_ERR_OUTPUT (message printed,
 * "cannot write '<name>': <reason>"), FL_ERR_BUSY (another run's journal is in the way), or
 * the commit point's status: then the previous files are all in place again.
 */
fl_status fl_publish_run(const fl_publish_opts *o);

/* Remove every queued file and end the hold (a failed or interrupted run). */
void fl_publish_discard(void);

/* Asked at recovery: was the run of this token (> 0) committed? */
typedef bool (*fl_publish_committed_fn)(uint64_t token, void *ctx);

/*
 * At the start of a run, before anything is written, with the run's lock held: recover the
 * journal at journal (NULL: none) and those beside each of outputs[0..n) (NULL entries
 * skipped), then remove the stale temporary files of those outputs and journals
 * (".<name>.tmp-XXXXXX" in their folders) modified before since and locked by no live run.
 * committed answers for tokens (NULL: a token is never committed). Returns FL_OK, or
 * FL_ERR_OUTPUT when a journal could not be carried out (message printed; the journal is
 * kept for the next run).
 */
fl_status fl_publish_startup(const char *journal, const char *const *outputs, size_t n,
                             fl_publish_committed_fn committed, void *ctx,
                             const struct timespec *since);

#endif
