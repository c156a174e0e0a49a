/* locate.c - find the rule set and the reference data; see locate.h. */
#include "locate.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"

#ifndef FLSCAN_DEFAULT_DATADIR
#define FLSCAN_DEFAULT_DATADIR "/usr/local/share/flscan"
#endif

/* What each search looks for. */
typedef struct kind {
    const char *what;   /* "the rule set" */
    const char *marker; /* the file that marks the folder */
    const char *env;    /* the variable that names it */
    const char *sub;    /* its folder's name in a checkout and under share/flscan */
} kind;

static const kind kinds[] = {
    {"the rule set", "ruleset.csv", "FLSCAN_RULES", "rules"},
    {"the reference data", "country_aliases.csv", "FLSCAN_DATA", "datasets"},
};

/* One place to look, with why it did not count. */
typedef struct place {
    const char *where; /* "./rules", "beside the program", ... */
    char *path;        /* owned; NULL when it cannot be said (no program path) */
    char why[160];
} place;

#define MAX_PLACES 4

static char *join(const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", a, b);
    return p;
}

/* PREFIX/share/flscan/<sub> for the running program PREFIX/bin/flscan; NULL when the
   program's path cannot be read (no /proc) or out of memory. */
static char *beside_program(const char *sub)
{
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return NULL;
    exe[n] = '\0';
    for (int up = 0; up < 2; up++) { /* drop "flscan", then "bin" */
        char *slash = strrchr(exe, '/');
        if (!slash)
            return NULL;
        *slash = '\0';
    }
    size_t len = strlen(exe) + strlen(sub) + sizeof "/share/flscan/";
    char *p = malloc(len);
    if (p)
        snprintf(p, len, "%s/share/flscan/%s", exe, sub);
    return p;
}

/* Whether place p holds the marker; else why not, in p->why. */
static int holds(place *p, const kind *k)
{
    struct stat st;
    if (!p->path) {
        snprintf(p->why, sizeof p->why, "the program's own path cannot be read");
        return 0;
    }
    if (stat(p->path, &st) != 0) {
        snprintf(p->why, sizeof p->why, "%s", errno == ENOENT ? "no such folder" : strerror(errno));
        return 0;
    }
    if (!S_ISDIR(st.st_mode)) {
        snprintf(p->why, sizeof p->why, "not a folder");
        return 0;
    }
    char *m = join(p->path, k->marker);
    if (!m)
        return -1;
    int ok = stat(m, &st) == 0;
    free(m);
    if (!ok)
        snprintf(p->why, sizeof p->why, "no %s in it", k->marker);
    return ok;
}

/* The places searched after the option and the variable; n set. -1 when out of memory. */
static int make_places(fl_locate_what what, const char *rules, place *pl, size_t *n)
{
    const kind *k = &kinds[what];
    *n = 0;
    if (what == FL_LOCATE_DATA && rules)
        pl[(*n)++] = (place){"beside the rule set", join(rules, "../datasets"), ""};
    pl[(*n)++] = (place){what == FL_LOCATE_RULES ? "./rules" : "./datasets", strdup(k->sub), ""};
    pl[(*n)++] = (place){"beside the program", beside_program(k->sub), ""};
    pl[(*n)++] = (place){"the build's install prefix", join(FLSCAN_DEFAULT_DATADIR, k->sub), ""};
    for (size_t i = 0; i < *n; i++)
        if (!pl[i].path && strcmp(pl[i].where, "beside the program") != 0)
            return -1;
    return 0;
}

static void free_places(place *pl, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(pl[i].path);
}

/* The error when no place holds it: every place tried and what to give instead. */
static void not_found(const kind *k, const char *option, const place *pl, size_t n)
{
    char *text = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&text, &len);
    if (!m) {
        fl_error("cannot find %s (a folder holding %s): give %s or set %s", k->what, k->marker,
                 option, k->env);
        return;
    }
    fprintf(m, "cannot find %s (a folder holding %s); tried, in order:\n", k->what, k->marker);
    fprintf(m, "  %s: not given\n  $%s: not set\n", option, k->env);
    for (size_t i = 0; i < n; i++) {
        if (pl[i].path && pl[i].where[0] != '.')
            fprintf(m, "  %s (%s): %s\n", pl[i].path, pl[i].where, pl[i].why);
        else
            fprintf(m, "  %s: %s\n", pl[i].where, pl[i].why);
    }
    fprintf(m, "give %s, or set %s to the folder", option, k->env);
    fclose(m);
    fl_error("%s", text ? text : "");
    free(text);
}

fl_status fl_locate(fl_locate_what what, const char *given, const char *option, const char *rules,
                    char **out, const char **where)
{
    const kind *k = &kinds[what];
    *out = NULL;
    *where = option;
    if (given) {
        *out = strdup(given);
        return *out ? FL_OK : FL_ERR_NOMEM;
    }
    const char *env = getenv(k->env);
    if (env && *env) {
        *where = what == FL_LOCATE_RULES ? "$FLSCAN_RULES" : "$FLSCAN_DATA";
        *out = strdup(env);
        return *out ? FL_OK : FL_ERR_NOMEM;
    }
    place pl[MAX_PLACES];
    size_t n;
    fl_status st = FL_ERR_INPUT;
    if (make_places(what, rules, pl, &n) == 0) {
        for (size_t i = 0; i < n && st == FL_ERR_INPUT; i++) {
            int h = holds(&pl[i], k);
            if (h < 0)
                st = FL_ERR_NOMEM;
            else if (h) {
                *out = pl[i].path;
                *where = pl[i].where;
                pl[i].path = NULL;
                st = FL_OK;
            }
        }
        if (st == FL_ERR_INPUT)
            not_found(k, option, pl, n);
    } else {
        st = FL_ERR_NOMEM;
    }
    free_places(pl, n);
    return st;
}

size_t fl_locate_places(fl_locate_what what, const char **lines, size_t cap, char *buf,
                        size_t bufsize)
{
    static const char *const rules[] = {
        "--rules DIR (for 'rules check': its DIR)", "$FLSCAN_RULES", "./rules",
        "PREFIX/share/flscan/rules, where the program is PREFIX/bin/flscan"};
    static const char *const data[] = {
        "--data DIR", "$FLSCAN_DATA", "datasets/ beside the rule set found", "./datasets",
        "PREFIX/share/flscan/datasets, where the program is PREFIX/bin/flscan"};
    const char *const *src = what == FL_LOCATE_RULES ? rules : data;
    size_t n_src =
        what == FL_LOCATE_RULES ? sizeof rules / sizeof *rules : sizeof data / sizeof *data;
    size_t n = 0;
    for (size_t i = 0; i < n_src && n < cap; i++)
        lines[n++] = src[i];
    if (n < cap) {
        snprintf(buf, bufsize, "%s/%s (the build's install prefix)", FLSCAN_DEFAULT_DATADIR,
                 kinds[what].sub);
        lines[n++] = buf;
    }
    return n;
}
