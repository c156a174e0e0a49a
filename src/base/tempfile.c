/* tempfile.c - scratch files; see tempfile.h. */
#include "tempfile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"

const char *fl_tempfile_dir(void)
{
    const char *d = getenv("TMPDIR");
    return d && *d ? d : "/tmp";
}

int fl_tempfile_open(const char *what)
{
    const char *dir = fl_tempfile_dir();
    size_t n = strlen(dir) + sizeof "/flscan-spill-XXXXXX";
    char *path = malloc(n);
    if (!path) {
        fl_error("out of memory");
        return -1;
    }
    snprintf(path, n, "%s/flscan-spill-XXXXXX", dir);
    int fd = mkstemp(path);
    if (fd < 0)
        fl_error("cannot create a temporary file in '%s' (set TMPDIR to another folder) for %s: "
                 "%s",
                 dir, what, strerror(errno));
    else
        unlink(path); /* gone from the folder now; the space is freed when it is closed */
    free(path);
    return fd;
}

int fl_tempfile_write(int fd, const void *p, size_t n, uint64_t at)
{
    const char *c = p;
    while (n) {
        ssize_t k = pwrite(fd, c, n, (off_t)at);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return k < 0 ? errno : ENOSPC;
        c += k;
        n -= (size_t)k;
        at += (uint64_t)k;
    }
    return 0;
}

int fl_tempfile_read(int fd, void *p, size_t n, uint64_t at)
{
    char *c = p;
    while (n) {
        ssize_t k = pread(fd, c, n, (off_t)at);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return k < 0 ? errno : -1;
        c += k;
        n -= (size_t)k;
        at += (uint64_t)k;
    }
    return 0;
}
