/* outfile.c - write-then-rename outputs; see outfile.h. */
#include "outfile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "diag.h"
#include "interrupt.h"

/* Files completed under a hold, waiting for publish or discard. */
static struct {
    bool on;
    char **tmp, **final;
    size_t n, cap;
} held;

static void release(fl_outfile *out)
{
    free(out->final_path);
    free(out->tmp_path);
    out->final_path = NULL;
    out->tmp_path = NULL;
    out->fp = NULL;
}

fl_status fl_outfile_begin(fl_outfile *out, const char *path, bool open_stream)
{
    memset(out, 0, sizeof *out);
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        fl_error("cannot write '%s': it is a directory; give a file name", path);
        return FL_ERR_OUTPUT;
    }
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path + 1) : 0;
    const char *base = slash ? slash + 1 : path;
    size_t n = strlen(path) + 32;
    out->final_path = strdup(path);
    out->tmp_path = malloc(n);
    if (!out->final_path || !out->tmp_path) {
        release(out);
        return FL_ERR_NOMEM;
    }
    snprintf(out->tmp_path, n, "%.*s.%s.tmp-XXXXXX", (int)dirlen, path, base);
    int fd = mkstemp(out->tmp_path);
    if (fd < 0) {
        fl_error("cannot write '%s': %s", path, strerror(errno));
        release(out);
        return FL_ERR_OUTPUT;
    }
    /* mkstemp creates 0600; reports are ordinary files. */
    mode_t um = umask(0);
    umask(um);
    (void)fchmod(fd, 0666 & ~um);
    if (open_stream) {
        out->fp = fdopen(fd, "wb");
        if (!out->fp) {
            fl_error("cannot write '%s': %s", path, strerror(errno));
            close(fd);
            unlink(out->tmp_path);
            release(out);
            return FL_ERR_OUTPUT;
        }
    } else {
        close(fd);
    }
    return FL_OK;
}

fl_status fl_outfile_commit(fl_outfile *out)
{
    fl_status st = FL_OK;
    if (!out->tmp_path)
        return FL_ERR_OUTPUT;
    if (out->fp) {
        int err = ferror(out->fp);
        if (fclose(out->fp) != 0 || err) {
            fl_error("cannot write '%s': %s", out->final_path,
                     errno ? strerror(errno) : "write error");
            st = FL_ERR_OUTPUT;
        }
        out->fp = NULL;
    }
    if (st == FL_OK && held.on) {
        /* two arrays of one length: each grows on a copy of the capacity, which is
           committed only when both have grown */
        size_t cap_tmp = held.cap, cap_final = held.cap;
        if (!fl_grow((void **)&held.tmp, &cap_tmp, held.n + 1, sizeof *held.tmp) ||
            !fl_grow((void **)&held.final, &cap_final, held.n + 1, sizeof *held.final)) {
            unlink(out->tmp_path);
            release(out);
            return FL_ERR_NOMEM;
        }
        held.cap = cap_tmp < cap_final ? cap_tmp : cap_final;
        held.tmp[held.n] = out->tmp_path;
        held.final[held.n++] = out->final_path;
        out->tmp_path = out->final_path = NULL;
        release(out);
        return FL_OK;
    }
    if (st == FL_OK && fl_interrupted()) {
        st = FL_ERR_INTERRUPTED; /* the previous file stays; no message: the run says why */
    } else if (st == FL_OK && rename(out->tmp_path, out->final_path) != 0) {
        fl_error("cannot write '%s': %s", out->final_path, strerror(errno));
        st = FL_ERR_OUTPUT;
    }
    if (st != FL_OK)
        unlink(out->tmp_path);
    release(out);
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

void fl_outfile_hold(void)
{
    held.on = true;
}

static void end_hold(void)
{
    for (size_t i = 0; i < held.n; i++) {
        free(held.tmp[i]);
        free(held.final[i]);
    }
    free(held.tmp);
    free(held.final);
    memset(&held, 0, sizeof held);
}

fl_status fl_outfile_publish(void)
{
    fl_status st = FL_OK;
    for (size_t i = 0; i < held.n; i++) {
        if (st == FL_OK && rename(held.tmp[i], held.final[i]) != 0) {
            fl_error("cannot write '%s': %s", held.final[i], strerror(errno));
            st = FL_ERR_OUTPUT;
        }
        if (st != FL_OK)
            unlink(held.tmp[i]);
    }
    end_hold();
    return st;
}

void fl_outfile_discard(void)
{
    for (size_t i = 0; i < held.n; i++)
        unlink(held.tmp[i]);
    end_hold();
}
