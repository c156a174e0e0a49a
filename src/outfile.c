/* outfile.c - write-then-rename outputs; see outfile.h. */
#include "outfile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"

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
    if (st == FL_OK && rename(out->tmp_path, out->final_path) != 0) {
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
