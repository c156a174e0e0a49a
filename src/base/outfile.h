/*
 * outfile.h - one output that appears whole or not at all.
 *
 * A regular output (or one not there yet) is written under a temporary name in the folder of
 * its final name (".<name>.tmp-XXXXXX"), synced, and renamed over the final name only when
 * complete, so a failed or killed run never leaves a half-written file under the final name
 * and keeps the previous one intact. A final name that is a symbolic link is followed: the
 * file it points to is replaced and the link stays.
 *
 * An output that exists and is no regular file (a character or block device, a FIFO) is
 * never renamed over, which would put a regular file in its place: it is written under a
 * temporary name in $TMPDIR (default /tmp) and, when complete, copied into the device or
 * FIFO (opened for writing, without creating or truncating it; a FIFO waits for its reader).
 *
 * Each temporary file is held open and flock()ed until it is published or removed, so that
 * a later run tells a live run's temporary file from one a killed run left behind
 * (publish.h: fl_publish_startup sweeps those).
 */
#ifndef FL_OUTFILE_H
#define FL_OUTFILE_H

#include <stdio.h>
#include "common.h"

/*
 * "-" is standard output: written like a device (the temporary file in $TMPDIR, copied into
 * standard output when complete), never closed.
 */
typedef struct fl_outfile {
    char *final_path; /* owned; the name as given, for messages */
    char *target;     /* owned; the file to replace: final_path, through a symbolic link */
    char *tmp_path;   /* owned; the file being written (NULL: a stream to a device, whose
                         temporary file is unlinked at once) */
    FILE *fp;         /* open on the temporary file, or NULL when the writer opens tmp_path */
    int fd;           /* the temporary file, open and locked until published; -1 when none */
    bool direct;      /* target is a device or a FIFO: copied into, never renamed over */
} fl_outfile;

/*
 * Create the temporary file for path. With open_stream, also opens it for writing in
 * out->fp. On failure prints "cannot write '<path>': <reason>" and returns FL_ERR_OUTPUT
 * (FL_ERR_NOMEM when out of memory), out left empty.
 */
fl_status fl_outfile_begin(fl_outfile *out, const char *path, bool open_stream);

/*
 * Complete the file: flush, check for write errors, sync a regular file to disk. Under a
 * hold (publish.h) the file is then queued for fl_publish_run. Otherwise it is put in place
 * at once (renamed, or copied into a device), unless SIGINT or SIGTERM arrived
 * (interrupt.h): then it is removed and FL_ERR_INTERRUPTED returned. Any write error makes
 * this fail with FL_ERR_OUTPUT (message printed; the temporary file is removed). The struct
 * is emptied in every case.
 */
fl_status fl_outfile_commit(fl_outfile *out);

/*
 * Where fl_outfile_commit hands a completed file instead of putting it in place: publish.c
 * installs its queue for the length of a hold (fl_publish_hold) and removes it (NULL) when the
 * hold ends, so that this module knows nothing of publishing. The hook takes the file over
 * (the struct is emptied) and returns FL_OK or a failure. The hook is the calling thread's
 * own: a thread that writes outputs beside the one that holds them installs a hook of its
 * own (or none, and its files are put in place at once).
 */
typedef fl_status (*fl_outfile_hold_fn)(fl_outfile *out);
void fl_outfile_set_hold(fl_outfile_hold_fn fn);

/*
 * Before any work: whether path can be written, as far as can be told without writing it:
 * "-" always; a device or a FIFO when it can be opened for writing; else the folder of the
 * file to replace (through a symbolic link) must be there and writable, and path no folder.
 * FL_OK, or FL_ERR_OUTPUT with the message fl_outfile_begin would give ("cannot write
 * '<path>': <reason>"); FL_ERR_NOMEM.
 */
fl_status fl_outfile_check(const char *path);

/* Remove the temporary file and empty the struct. NULL-safe, idempotent. */
void fl_outfile_abort(fl_outfile *out);

/*
 * Where path's output goes: target (caller frees) is path, or what its symbolic link points
 * to; *regular is false when it exists and is no regular file (a device, a FIFO: nothing is
 * ever renamed there). NULL when out of memory.
 */
char *fl_outfile_target(const char *path, bool *regular);

/*
 * Copy the bytes of the file open on fd (from its start) into the device or FIFO path,
 * opened for writing without O_CREAT or O_TRUNC. given names it in messages ("cannot write
 * '<given>': <reason>"). FL_OK or FL_ERR_OUTPUT.
 */
fl_status fl_outfile_copy_into(int fd, const char *path, const char *given);

#endif
