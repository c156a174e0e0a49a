/* pathcheck.c - options that name one file twice; see pathcheck.h. */
#define _XOPEN_SOURCE 700 /* realpath() */
#include "pathcheck.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

typedef struct ident {
    bool given;   /* a path other than "-" */
    bool exists;  /* stat succeeded: compare dev and ino */
    bool chardev; /* a character device: never clashes */
    dev_t dev;
    ino_t ino;
    char *resolved; /* a file not there yet: its folder resolved, its last name as given */
} ident;

/* The absolute form of a path that does not exist: realpath of its folder, then its name; the
   folder as given when it cannot be resolved either (the run fails on it later). */
static char *resolve_missing(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *name = slash ? slash + 1 : path;
    char dir[PATH_MAX];
    size_t dirlen = slash ? (size_t)(slash - path) : 0;
    if (slash && dirlen == 0)
        dirlen = 1; /* "/name" */
    if (dirlen >= sizeof dir)
        return strdup(path);
    if (slash)
        memcpy(dir, path, dirlen);
    else
        dir[dirlen++] = '.';
    dir[dirlen] = '\0';
    char *real = realpath(dir, NULL);
    if (!real)
        return strdup(path);
    size_t n = strlen(real) + strlen(name) + 2;
    char *out = malloc(n);
    if (out)
        snprintf(out, n, "%s/%s", strcmp(real, "/") == 0 ? "" : real, name);
    free(real);
    return out;
}

static void identify(const char *path, ident *id)
{
    memset(id, 0, sizeof *id);
    if (!path || strcmp(path, "-") == 0)
        return;
    id->given = true;
    struct stat st;
    if (stat(path, &st) == 0) {
        id->exists = true;
        id->chardev = S_ISCHR(st.st_mode);
        id->dev = st.st_dev;
        id->ino = st.st_ino;
        return;
    }
    id->resolved = resolve_missing(path);
}

static bool same(const ident *a, const ident *b, const char *pa, const char *pb)
{
    if (!a->given || !b->given || a->chardev || b->chardev)
        return false;
    if (a->exists || b->exists)
        return a->exists && b->exists && a->dev == b->dev && a->ino == b->ino;
    return strcmp(a->resolved ? a->resolved : pa, b->resolved ? b->resolved : pb) == 0;
}

bool fl_pathcheck(const fl_named_path *paths, size_t n)
{
    ident *ids = calloc(n ? n : 1, sizeof *ids);
    if (!ids)
        return true; /* nothing to compare with: the run goes on as it would have */
    for (size_t i = 0; i < n; i++)
        identify(paths[i].path, &ids[i]);
    bool ok = true;
    for (size_t j = 1; j < n && ok; j++)
        for (size_t i = 0; i < j && ok; i++)
            if ((paths[i].written || paths[j].written) &&
                same(&ids[i], &ids[j], paths[i].path, paths[j].path)) {
                fl_error("%s '%s' and %s '%s' are the same file; give each its own",
                         paths[j].option, paths[j].path, paths[i].option, paths[i].path);
                ok = false;
            }
    for (size_t i = 0; i < n; i++)
        free(ids[i].resolved);
    free(ids);
    return ok;
}

bool fl_pathcheck_same_file(const char *a, const char *b)
{
    if (strcmp(a, "-") == 0 || strcmp(b, "-") == 0)
        return strcmp(a, b) == 0;
    ident ia, ib;
    identify(a, &ia);
    identify(b, &ib);
    bool same_file = same(&ia, &ib, a, b);
    free(ia.resolved);
    free(ib.resolved);
    return same_file;
}
