/* outfile.c - write-then-rename outputs, copy-into devices; see outfile.h. */
#define _DEFAULT_SOURCE /* flock(), realpath() */
#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "interrupt.h"

/* The buffer of a stream written through out->fp. */
#define STREAM_BUF ((size_t)1 << 20)

static void release(fl_outfile *out)
{
    free(out->final_path);
    free(out->target);
    free(out->tmp_path);
    if (out->fd >= 0)
        close(out->fd);
    memset(out, 0, sizeof *out);
    out->fd = -1;
}

char *fl_outfile_target(const char *path, bool *regular)
{
    struct stat st, lst;
    bool there = stat(path, &st) == 0;
    *regular = !there || S_ISREG(st.st_mode);
    /* A symbolic link to a regular file: replace the file, keep the link. */
    if (there && *regular && lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode)) {
        char *real = realpath(path, NULL);
        if (real)
            return real;
    }
    return strdup(path);
}

static const char *tmp_dir(void)
{
    const char *d = getenv("TMPDIR");
    return d && *d ? d : "/tmp";
}

/* The temporary file: beside the target, or in $TMPDIR for a device. Open in out->fd. */
static fl_status make_tmp(fl_outfile *out)
{
    const char *t = out->target;
    const char *slash = strrchr(t, '/');
    const char *base = slash ? slash + 1 : t;
    int dirlen = slash ? (int)(slash - t + 1) : 0;
    const char *dir = "";
    if (out->direct) {
        dir = tmp_dir();
        dirlen = (int)strlen(dir);
    }
    size_t n = (size_t)dirlen + strlen(base) + 32;
    if (!(out->tmp_path = malloc(n)))
        return FL_ERR_NOMEM;
    if (out->direct)
        snprintf(out->tmp_path, n, "%s/flscan-out.tmp-XXXXXX", dir);
    else
        snprintf(out->tmp_path, n, "%.*s.%s.tmp-XXXXXX", dirlen, t, base);
    out->fd = mkstemp(out->tmp_path);
    if (out->fd < 0) {
        fl_error("cannot write '%s': %s", out->final_path, strerror(errno));
        free(out->tmp_path); /* nothing was made: nothing to remove */
        out->tmp_path = NULL;
        return FL_ERR_OUTPUT;
    }
    (void)fcntl(out->fd, F_SETFD, FD_CLOEXEC);
    /* held until published: a run that finds it unlocked knows its writer is gone */
    (void)flock(out->fd, LOCK_EX | LOCK_NB);
    /* mkstemp creates 0600; reports are ordinary files. */
    mode_t um = umask(0);
    umask(um);
    (void)fchmod(out->fd, 0666 & ~um);
    return FL_OK;
}

fl_status fl_outfile_begin(fl_outfile *out, const char *path, bool open_stream)
{
    memset(out, 0, sizeof *out);
    out->fd = -1;
    struct stat st;
    bool to_stdout = strcmp(path, "-") == 0;
    if (!to_stdout && stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        fl_error("cannot write '%s': it is a directory; give a file name", path);
        return FL_ERR_OUTPUT;
    }
    bool regular = false;
    out->final_path = strdup(path);
    out->target = to_stdout ? strdup(path) : fl_outfile_target(path, &regular);
    out->direct = !regular;
    fl_status rc = out->final_path && out->target ? make_tmp(out) : FL_ERR_NOMEM;
    if (rc == FL_OK && open_stream) {
        int sfd = dup(out->fd); /* the stream's own: out->fd stays open, and locked */
        out->fp = sfd >= 0 ? fdopen(sfd, "wb") : NULL;
        if (!out->fp) {
            fl_error("cannot write '%s': %s", path, strerror(errno));
            if (sfd >= 0)
                close(sfd);
            rc = FL_ERR_OUTPUT;
        } else {
            /* a flags file is hundreds of MB: 4 KiB at a time would be a call every few lines */
            setvbuf(out->fp, NULL, _IOFBF, STREAM_BUF);
        }
        if (rc == FL_OK && out->direct) {
            /* nothing to name: the copy into the device reads out->fd */
            unlink(out->tmp_path);
            free(out->tmp_path);
            out->tmp_path = NULL;
        }
    }
    if (rc != FL_OK)
        fl_outfile_abort(out);
    return rc;
}

fl_status fl_outfile_copy_into(int fd, const char *path, const char *given)
{
    /* A reader that goes away must fail the write (EPIPE), not end the process. */
    struct sigaction ign = {.sa_handler = SIG_IGN}, old;
    sigemptyset(&ign.sa_mask);
    sigaction(SIGPIPE, &ign, &old);
    fl_status st = FL_OK;
    bool to_stdout = strcmp(path, "-") == 0;
    if (to_stdout) {
        given = "standard output";
        fflush(stdout); /* what was printed there before goes first */
    }
    int to = to_stdout ? STDOUT_FILENO : open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
    char buf[65536];
    off_t at = 0;
    for (ssize_t n = 1; to >= 0 && n > 0 && st == FL_OK;) {
        n = pread(fd, buf, sizeof buf, at);
        for (ssize_t done = 0, w; n > 0 && done < n; done += w)
            if ((w = write(to, buf + done, (size_t)(n - done))) < 0) {
                if (errno == EINTR) {
                    w = 0;
                    continue;
                }
                st = FL_ERR_OUTPUT;
                break;
            }
        at += n > 0 ? n : 0;
        if (n < 0)
            st = FL_ERR_OUTPUT;
    }
    if (to < 0 || st != FL_OK)
        fl_error("cannot write '%s': %s", given, strerror(errno));
    if (to >= 0 && !to_stdout && close(to) != 0 && st == FL_OK) {
        fl_error("cannot write '%s': %s", given, strerror(errno));
        st = FL_ERR_OUTPUT;
    }
    sigaction(SIGPIPE, &old, NULL);
    return to < 0 ? FL_ERR_OUTPUT : st;
}

/* Flush and close the stream, sync a regular file: FL_OK or FL_ERR_OUTPUT (message). */
static fl_status complete(fl_outfile *out)
{
    if (out->fp) {
        int err = ferror(out->fp);
        int closed = fclose(out->fp);
        out->fp = NULL;
        if (closed != 0 || err) {
            fl_error("cannot write '%s': %s", out->final_path,
                     errno && !err ? strerror(errno) : "write error");
            return FL_ERR_OUTPUT;
        }
    }
    /* on disk before any rename: a crash never leaves a renamed file without its bytes */
    if (!out->direct && fsync(out->fd) != 0) {
        fl_error("cannot write '%s': %s", out->final_path, strerror(errno));
        return FL_ERR_OUTPUT;
    }
    return FL_OK;
}

/* the publish queue during a hold, else NULL; each thread has its own (outfile.h) */
static _Thread_local fl_outfile_hold_fn g_hold;

void fl_outfile_set_hold(fl_outfile_hold_fn fn)
{
    g_hold = fn;
}

fl_status fl_outfile_commit(fl_outfile *out)
{
    if (out->fd < 0)
        return FL_ERR_OUTPUT;
    fl_status st = complete(out);
    if (st == FL_OK && g_hold)
        return g_hold(out);
    if (st == FL_OK && fl_interrupted()) {
        st = FL_ERR_INTERRUPTED; /* the previous file stays; no message: the run says why */
    } else if (st == FL_OK && out->direct) {
        st = fl_outfile_copy_into(out->fd, out->target, out->final_path);
    } else if (st == FL_OK && rename(out->tmp_path, out->target) != 0) {
        fl_error("cannot write '%s': %s", out->final_path, strerror(errno));
        st = FL_ERR_OUTPUT;
    } else if (st == FL_OK) {
        free(out->tmp_path); /* in place: nothing to remove */
        out->tmp_path = NULL;
    }
    fl_outfile_abort(out);
    return st;
}

void fl_outfile_abort(fl_outfile *out)
{
    if (!out)
        return;
    if (out->fp)
        fclose(out->fp);
    out->fp = NULL;
    if (out->tmp_path)
        unlink(out->tmp_path);
    release(out);
}

/* The folder that holds path ("." for a bare name); caller frees. */
static char *folder_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return strdup(".");
    return strndup(path, slash == path ? 1 : (size_t)(slash - path));
}

fl_status fl_outfile_check(const char *path)
{
    if (strcmp(path, "-") == 0)
        return FL_OK;
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        fl_error("cannot write '%s': it is a directory; give a file name", path);
        return FL_ERR_OUTPUT;
    }
    bool regular;
    char *target = fl_outfile_target(path, &regular);
    char *dir = target ? folder_of(target) : NULL;
    if (!dir) {
        free(target);
        return FL_ERR_NOMEM;
    }
    /* a device or a FIFO is written into; a regular file is made in its folder, then renamed */
    int rc = regular ? stat(dir, &st) : 0;
    if (rc == 0 && regular && !S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        rc = -1;
    }
    if (rc == 0)
        rc = regular ? access(dir, W_OK | X_OK) : access(target, W_OK);
    if (rc != 0)
        fl_error("cannot write '%s': %s", path, strerror(errno));
    free(dir);
    free(target);
    return rc == 0 ? FL_OK : FL_ERR_OUTPUT;
}
