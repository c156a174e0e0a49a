/* config.c - INI settings through inih; see config.h. The only user of inih. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "arena.h"
#include "diag.h"
#include "textsafe.h"

#define LINE_MAX_BYTES (1u << 20) /* a line longer than this is no setting */
#define SHOWN 64                  /* bytes of a key, section or value quoted in a message */
#define MAX_SHOWN_PROBLEMS 20     /* a binary file would give one a line */

typedef struct items {
    fl_config_item *v;
    size_t n, cap;
} items;

typedef struct loader {
    fl_config *c;
    const fl_config_key *keys;
    size_t n_keys;
    FILE *fp;
    unsigned line;      /* the line inih is parsing */
    bool at_line_start; /* the next reader call starts a new line */
    items scan;
    items *ship, *map; /* per vendor */
    size_t cap_vendors;
    unsigned errors;
    unsigned first_error_line;
    bool nomem;
} loader;

static bool add_item(loader *L, items *it, const char *key, const char *value)
{
    if (!fl_grow((void **)&it->v, &it->cap, it->n + 1, sizeof *it->v))
        return false;
    fl_config_item *x = &it->v[it->n];
    x->key = fl_arena_strdup(&L->c->arena, key);
    x->value = fl_arena_strdup(&L->c->arena, value);
    x->line = L->line;
    if (!x->key || !x->value)
        return false;
    it->n++;
    return true;
}

static void problem(loader *L, const char *fmt, ...) FL_PRINTF(2, 3);

static void problem(loader *L, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (L->errors < MAX_SHOWN_PROBLEMS)
        fl_error("%s:%u: %s", L->c->path, L->line, msg);
    L->errors++;
    if (!L->first_error_line)
        L->first_error_line = L->line;
}

static const fl_config_key *find_key(loader *L, const char *name)
{
    for (size_t i = 0; i < L->n_keys; i++)
        if (strcmp(L->keys[i].name, name) == 0)
            return &L->keys[i];
    return NULL;
}

/* The vendor named in "[vendor NAME]", creating it on its first key. */
static fl_config_vendor *vendor(loader *L, const char *name)
{
    fl_config *c = L->c;
    for (size_t i = 0; i < c->n_vendors; i++)
        if (strcmp(c->vendors[i].name, name) == 0)
            return &c->vendors[i];
    /* three arrays of one length: each grows on a copy of the capacity */
    size_t need = c->n_vendors + 1, cap_v = L->cap_vendors, cap_s = cap_v, cap_m = cap_v;
    if (!fl_grow((void **)&c->vendors, &cap_v, need, sizeof *c->vendors) ||
        !fl_grow((void **)&L->ship, &cap_s, need, sizeof *L->ship) ||
        !fl_grow((void **)&L->map, &cap_m, need, sizeof *L->map))
        return NULL;
    L->cap_vendors = cap_v < cap_s ? cap_v : cap_s;
    if (cap_m < L->cap_vendors)
        L->cap_vendors = cap_m;
    fl_config_vendor *v = &c->vendors[c->n_vendors];
    memset(v, 0, sizeof *v);
    memset(&L->ship[c->n_vendors], 0, sizeof *L->ship);
    memset(&L->map[c->n_vendors], 0, sizeof *L->map);
    v->name = fl_arena_strdup(&c->arena, name);
    v->line = L->line;
    if (!v->name)
        return NULL;
    c->n_vendors++;
    return v;
}

/* A name or value quoted in a message: escaped and shortened; true when it is plain text. */
typedef struct shown {
    char text[SHOWN];
} shown;

static bool show(const char *s, shown *out)
{
    return fl_textsafe_show(s, strlen(s), out->text, sizeof out->text) == 0;
}

/*
 * Section, key and value must be text: bytes that are not (invalid UTF-8, control
 * characters) are refused, shown escaped, so that nothing raw reaches a message or a path.
 */
static bool plain_text(loader *L, const char *section, const char *name, const char *value)
{
    shown s, k, v;
    bool ok_s = show(section, &s), ok_k = show(name, &k), ok_v = show(value, &v);
    if (!ok_s)
        problem(L, "section [%s] is not text: a config file is UTF-8 text (other bytes are shown "
                   "as \\xHH)",
                s.text);
    else if (!ok_k)
        problem(L, "key '%s' is not text: a config file is UTF-8 text (other bytes are shown as "
                   "\\xHH)",
                k.text);
    else if (!ok_v)
        problem(L, "the value of '%s' is not text: '%s'; a config file is UTF-8 text (other "
                   "bytes are shown as \\xHH)",
                k.text, v.text);
    return ok_s && ok_k && ok_v;
}

static int on_pair(void *user, const char *section, const char *name, const char *value)
{
    loader *L = user;
    shown key, sec;
    if (!plain_text(L, section, name, value))
        return 0;
    show(name, &key);
    show(section, &sec);
    if (strcmp(section, "scan") == 0) {
        const fl_config_key *k = find_key(L, name);
        if (!k) {
            problem(L,
                    "unknown key '%s' in [scan]; the keys are the scan options' long "
                    "names (see 'flscan scan --help')",
                    key.text);
            return 0;
        }
        if (!k->repeatable)
            for (size_t i = 0; i < L->scan.n; i++)
                if (strcmp(L->scan.v[i].key, name) == 0) {
                    char first[16];
                    snprintf(first, sizeof first, "%u", L->scan.v[i].line);
                    problem(L, "'%s' given twice in [scan] (first on line %s)", key.text, first);
                    return 0;
                }
        if (!add_item(L, &L->scan, name, value)) {
            L->nomem = true;
            return 0;
        }
        return 1;
    }
    if (strncmp(section, "vendor", 6) == 0 &&
        (section[6] == ' ' || section[6] == '\t' || section[6] == '\0')) {
        const char *vn = section + 6;
        while (*vn == ' ' || *vn == '\t')
            vn++;
        if (!*vn) {
            problem(L, "[vendor] needs a name: [vendor NAME]");
            return 0;
        }
        fl_config_vendor *v = vendor(L, vn);
        if (!v) {
            L->nomem = true;
            return 0;
        }
        size_t vi = (size_t)(v - L->c->vendors);
        items *it = strcmp(name, "shipments") == 0 ? &L->ship[vi]
                    : strcmp(name, "map") == 0     ? &L->map[vi]
                                                   : NULL;
        if (!it) {
            shown vs;
            show(vn, &vs);
            problem(L, "unknown key '%s' in [vendor %s]; a vendor has 'shipments' and 'map'", key.text,
                    vs.text);
            return 0;
        }
        if (!add_item(L, it, name, value)) {
            L->nomem = true;
            return 0;
        }
        return 1;
    }
    if (!section[0])
        problem(L, "'%s' is outside any section; put it under [scan]", key.text);
    else
        problem(L, "unknown section [%s]; the sections are [scan] and [vendor NAME]", sec.text);
    return 0;
}

/*
 * fgets for inih that counts lines: inih calls the handler for a line right after reading
 * all of it, so the count is the handler's line. A line longer than inih's buffer arrives
 * in several calls; only a call after a line end starts a new line.
 */
static char *reader(char *str, int num, void *stream)
{
    loader *L = stream;
    char *s = fgets(str, num, L->fp);
    if (!s)
        return NULL;
    if (L->at_line_start)
        L->line++;
    size_t n = strlen(s);
    L->at_line_start = n > 0 && s[n - 1] == '\n';
    return s;
}

fl_status fl_config_load(const char *path, const fl_config_key *keys, size_t n_keys,
                         fl_config **out)
{
    *out = NULL;
    fl_config *c = calloc(1, sizeof *c);
    if (!c)
        return FL_ERR_NOMEM;
    loader L;
    memset(&L, 0, sizeof L);
    L.c = c;
    L.keys = keys;
    L.n_keys = n_keys;
    L.at_line_start = true;
    c->path = fl_arena_strdup(&c->arena, path);
    const char *slash = strrchr(path, '/');
    c->dir = slash ? fl_arena_strndup(&c->arena, path, slash == path ? 1 : (size_t)(slash - path))
                   : fl_arena_strdup(&c->arena, ".");
    if (!c->path || !c->dir) {
        fl_config_free(c);
        return FL_ERR_NOMEM;
    }
    L.fp = fopen(path, "r");
    struct stat sb;
    if (L.fp && fstat(fileno(L.fp), &sb) == 0 && S_ISDIR(sb.st_mode)) {
        /* fopen opens a folder, and reading it gives nothing: "no input" would mislead. */
        fl_error("cannot read config '%s': it is a folder; give the INI file", path);
        fclose(L.fp);
        fl_config_free(c);
        return FL_ERR_INPUT;
    }
    if (!L.fp) {
        fl_error("cannot read config '%s': %s", path, strerror(errno));
        fl_config_free(c);
        return FL_ERR_INPUT;
    }
    /*
     * Debian's inih takes its options at run time: values are single lines of any length
     * (no continuation lines: an indented line is a key of its own), " ;" starts a comment.
     */
    ini_allow_multiline = false;
    ini_allow_inline_comments = true;
    ini_use_stack = false;
    ini_allow_realloc = true;
    ini_max_line = LINE_MAX_BYTES;
    ini_stop_on_first_error = false;
    int rc = ini_parse_stream(reader, &L, on_pair, &L);
    fclose(L.fp);
    fl_status st = FL_OK;
    if (L.nomem || rc == -2) {
        st = FL_ERR_NOMEM;
    } else if (rc > 0 && (unsigned)rc != L.first_error_line) {
        /* inih's own complaint: a line that is neither a pair nor a section. */
        fl_error("%s:%d: expected 'key = value', a [section] or a comment", path, rc);
        st = FL_ERR_USAGE;
    } else if (L.errors) {
        st = FL_ERR_USAGE;
    }
    if (L.errors > MAX_SHOWN_PROBLEMS)
        fl_error("%s: %u more problems not shown", path, L.errors - MAX_SHOWN_PROBLEMS);
    for (size_t i = 0; st == FL_OK && i < c->n_vendors; i++) {
        fl_config_vendor *v = &c->vendors[i];
        v->shipments = L.ship[i].v;
        v->n_shipments = L.ship[i].n;
        v->maps = L.map[i].v;
        v->n_maps = L.map[i].n;
        L.ship[i].v = L.map[i].v = NULL;
        if (!v->n_shipments) {
            fl_error("%s:%u: [vendor %s] lists no 'shipments'", path, v->line, v->name);
            st = FL_ERR_USAGE;
        }
    }
    c->scan = L.scan.v;
    c->n_scan = L.scan.n;
    L.scan.v = NULL;
    for (size_t i = 0; i < c->n_vendors; i++) {
        free(L.ship[i].v);
        free(L.map[i].v);
    }
    free(L.ship);
    free(L.map);
    if (st != FL_OK) {
        fl_config_free(c);
        return st;
    }
    *out = c;
    return FL_OK;
}

void fl_config_free(fl_config *c)
{
    if (!c)
        return;
    free(c->scan);
    for (size_t i = 0; i < c->n_vendors; i++) {
        free(c->vendors[i].shipments);
        free(c->vendors[i].maps);
    }
    free(c->vendors);
    fl_arena_free(&c->arena);
    free(c);
}

const char *fl_config_path(fl_config *c, const char *value)
{
    if (value[0] == '/' || strcmp(value, "-") == 0 || !value[0] || strcmp(c->dir, ".") == 0)
        return value;
    return fl_arena_printf(&c->arena, "%s/%s", c->dir, value);
}

bool fl_config_bool(const char *v, bool *out)
{
    static const char *const yes[] = {"yes", "true", "on", "1"};
    static const char *const no[] = {"no", "false", "off", "0"};
    for (size_t i = 0; i < 4; i++) {
        if (strcasecmp(v, yes[i]) == 0) {
            *out = true;
            return true;
        }
        if (strcasecmp(v, no[i]) == 0) {
            *out = false;
            return true;
        }
    }
    return false;
}
