/*
 * outfile.h - outputs that appear whole or not at all.
 *
 * Every report file is written under a temporary name in the destination's folder
 * (".<name>.tmp-XXXXXX") and renamed over the final name only when complete, so a failed
 * or killed run never leaves a half-written file under the final name and keeps the
 * previous report intact.
 */
#ifndef FL_OUTFILE_H
#define FL_OUTFILE_H

#include <stdio.h>
#include "common.h"

typedef struct fl_outfile {
    char *final_path; /* owned */
    char *tmp_path;   /* owned; the file being written */
    FILE *fp;         /* open on tmp_path, or NULL when the writer opens tmp_path itself */
} fl_outfile;

/*
 * Create the temporary file next to path. With open_stream, also opens it for writing in
 * out->fp. On failure prints "cannot write '<path>': <reason>" and returns FL_ERR_OUTPUT.
 */
fl_status fl_outfile_begin(fl_outfile *out, const char *path, bool open_stream);

/*
 * Flush, fsync-free close, and rename the temporary file over the final path.
 * Any write error seen on the stream makes this fail with FL_ERR_OUTPUT (the temporary
 * file is removed). Frees the struct's strings in every case.
 */
fl_status fl_outfile_commit(fl_outfile *out);

/* Remove the temporary file and free the struct's strings. NULL-safe, idempotent. */
void fl_outfile_abort(fl_outfile *out);

/*
 * Held publishing, for a run whose outputs must all appear or none: after fl_outfile_hold()
 * fl_outfile_commit() completes each file under its temporary name and queues it;
 * fl_outfile_publish() then renames every queued file over its final name, in order, and
 * fl_outfile_discard() removes them instead (a failed or interrupted run). Both end the
 * hold. Without a hold, fl_outfile_commit() renames at once, unless SIGINT or SIGTERM
 * arrived (interrupt.h): then it removes the file and returns FL_ERR_INTERRUPTED.
 * Process-wide state for the one thread that writes outputs.
 */
void fl_outfile_hold(void);
fl_status fl_outfile_publish(void);
void fl_outfile_discard(void);

#endif
