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
