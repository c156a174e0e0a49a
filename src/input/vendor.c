/* vendor.c - vendor profiles from datasets/vendors/; see vendor.h. */
#include "vendor.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "table.h"

#define FILES_MAX 256 /* profiles in the folder */

/* A profile as it is loaded: growable lists, copied into the arena at the end. */
typedef struct building {
    fl_vendor v;
    fl_vendor_header *headers;
    size_t cap_headers;
    const char **detect;
    size_t cap_detect;
    char sources[1024];
    unsigned vendor_rows;
} building;

struct fl_vendors {
    fl_vendor *v;
    size_t n;
    fl_arena arena;
    /* the lists each profile points into */
    fl_vendor_header **headers;
    const char ***detect;
};

enum { K_KIND, K_FIELD, K_VALUE, K_CELL, K_NOTE, K_COUNT };
static const char *const columns[K_COUNT] = {"kind", "field", "value", "cell", "note"};

typedef struct load_ctx {
    fl_vendors *all;
    building *b;
    bool bad;
    fl_status st;
} load_ctx;

static bool cell_is(fl_slice s, const char *lit)
{
    size_t n = strlen(lit);
    return s.len == n && memcmp(s.ptr, lit, n) == 0;
}

static const char *copy(load_ctx *x, fl_slice s)
{
    const char *p = fl_arena_strndup(&x->all->arena, s.ptr, s.len);
    if (!p)
        x->st = FL_ERR_NOMEM;
    return p;
}

static void header_row(load_ctx *x, const fl_table_row *row, fl_slice value)
{
    building *b = x->b;
    char name[32];
    fl_table_cell(row, K_FIELD, name, sizeof name);
    fl_field f = fl_field_by_name(name);
    if (f == FL_F_COUNT) {
        fl_table_error(row, K_FIELD, "unknown field '%s'", name);
        x->bad = true;
        return;
    }
    fl_slice cell = row->cells[K_CELL];
    fl_cell_kind kind = FL_CELL_PLAIN;
    if (cell_is(cell, "name_address") && (f == FL_F_SHIPPER || f == FL_F_IMPORTER))
        kind = FL_CELL_NAME_ADDRESS;
    else if (cell_is(cell, "address_part") && f == FL_F_SHIPPER_ADDRESS)
        kind = FL_CELL_ADDRESS_PART;
    else if (cell.len) {
        fl_table_error(row, K_CELL,
                       "unknown cell '%.*s': expected nothing, name_address (shipper, importer) "
                       "or address_part (shipper_address)",
                       (int)(cell.len > 40 ? 40 : cell.len), cell.ptr);
        x->bad = true;
        return;
    }
    if (!fl_grow((void **)&b->headers, &b->cap_headers, b->v.n_headers + 1, sizeof *b->headers)) {
        x->st = FL_ERR_NOMEM;
        return;
    }
    fl_vendor_header *h = &b->headers[b->v.n_headers++];
    h->field = f;
    h->cell = kind;
    h->header = copy(x, value);
    fl_header_fold(value.ptr, value.len, h->folded, sizeof h->folded);
}

static void convention_row(load_ctx *x, const fl_table_row *row, fl_slice value)
{
    building *b = x->b;
    fl_slice what = row->cells[K_FIELD];
    char v[32];
    fl_table_cell(row, K_VALUE, v, sizeof v);
    if (cell_is(what, "date_order")) {
        if (strcmp(v, "auto") == 0 || !fl_date_order_parse(v, &b->v.date_order)) {
            fl_table_error(row, K_VALUE, "date_order '%s': expected mdy or dmy", v);
            x->bad = true;
        }
    } else if (cell_is(what, "hs_codes")) {
        if (strcmp(v, "declared") == 0 || strcmp(v, "inferred") == 0)
            b->v.hs_inferred = v[0] == 'i';
        else {
            fl_table_error(row, K_VALUE, "hs_codes '%s': expected declared or inferred", v);
            x->bad = true;
        }
    } else if (cell_is(what, "missing_hint")) {
        b->v.hint = copy(x, value);
    } else {
        fl_table_error(row, K_FIELD,
                       "unknown convention '%.*s': expected date_order, hs_codes or "
                       "missing_hint",
                       (int)(what.len > 40 ? 40 : what.len), what.ptr);
        x->bad = true;
    }
}

static fl_status on_row(const fl_table_row *row, void *ctx)
{
    load_ctx *x = ctx;
    building *b = x->b;
    fl_slice kind = row->cells[K_KIND], value = row->cells[K_VALUE];
    if (!value.len) {
        fl_table_error(row, K_VALUE, "empty value");
        x->bad = true;
        return FL_OK;
    }
    if (cell_is(kind, "vendor")) {
        b->v.title = copy(x, value);
        b->vendor_rows++;
    } else if (cell_is(kind, "source")) {
        if (!(value.len > 8 && (memcmp(value.ptr, "https://", 8) == 0 ||
                                memcmp(value.ptr, "http://", 7) == 0))) {
            fl_table_error(row, K_VALUE, "a source is the http(s) address of a page");
            x->bad = true;
        } else {
            size_t used = strlen(b->sources);
            snprintf(b->sources + used, sizeof b->sources - used, "%s%.*s", used ? "; " : "",
                     (int)value.len, value.ptr);
        }
    } else if (cell_is(kind, "detect")) {
        char key[FL_VENDOR_KEY_MAX];
        fl_header_fold(value.ptr, value.len, key, sizeof key);
        if (!fl_grow((void **)&b->detect, &b->cap_detect, b->v.n_detect + 1, sizeof *b->detect))
            return FL_ERR_NOMEM;
        b->detect[b->v.n_detect++] = fl_arena_strdup(&x->all->arena, key);
    } else if (cell_is(kind, "header")) {
        header_row(x, row, value);
    } else if (cell_is(kind, "convention")) {
        convention_row(x, row, value);
    } else {
        fl_table_error(row, K_KIND,
                       "unknown kind '%.*s': expected vendor, source, detect, header or "
                       "convention",
                       (int)(kind.len > 40 ? 40 : kind.len), kind.ptr);
        x->bad = true;
    }
    return x->st;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The *.csv names of dir, sorted, into names (caller frees each and the array). */
static fl_status list_files(const char *dir, char ***names, size_t *n)
{
    *names = NULL;
    *n = 0;
    DIR *d = opendir(dir);
    if (!d)
        return errno == ENOENT ? FL_OK : FL_ERR_INPUT;
    char **v = calloc(FILES_MAX, sizeof *v);
    fl_status st = v ? FL_OK : FL_ERR_NOMEM;
    struct dirent *e;
    while (st == FL_OK && (e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len <= 4 || e->d_name[0] == '.' || strcmp(e->d_name + len - 4, ".csv") != 0)
            continue;
        if (*n == FILES_MAX) {
            fl_error("%s: more than %d vendor profiles", dir, FILES_MAX);
            st = FL_ERR_RULES;
        } else if (!(v[(*n)++] = strdup(e->d_name))) {
            st = FL_ERR_NOMEM;
        }
    }
    closedir(d);
    if (v && *n)
        qsort(v, *n, sizeof *v, by_name);
    *names = v;
    return st;
}

/* Read one profile file into b; its name is file without ".csv". */
static fl_status load_one(fl_vendors *all, const char *dir, const char *display, const char *file,
                          building *b)
{
    char path[4096], shown[512];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    snprintf(shown, sizeof shown, "%s/%s", display, file);
    memset(b, 0, sizeof *b);
    b->v.name = fl_arena_strndup(&all->arena, file, strlen(file) - 4);
    load_ctx x = {all, b, false, FL_OK};
    fl_status st = fl_table_read(path, shown, columns, K_COUNT, 3, on_row, &x);
    if (st == FL_OK)
        st = x.st;
    if (st == FL_OK && x.bad)
        st = FL_ERR_RULES;
    if (st == FL_OK && b->vendor_rows != 1) {
        fl_error("%s: expected one 'vendor' row naming the vendor, found %u", shown,
                 b->vendor_rows);
        st = FL_ERR_RULES;
    }
    b->v.sources = fl_arena_strdup(&all->arena, b->sources);
    if (st == FL_OK && (!b->v.name || !b->v.sources))
        st = FL_ERR_NOMEM;
    return st;
}

fl_status fl_vendors_load(const char *dir, const char *display, fl_vendors **out)
{
    *out = NULL;
    char **files;
    size_t n;
    fl_status st = list_files(dir, &files, &n);
    if (st == FL_ERR_INPUT)
        fl_error("cannot read the folder '%s': %s", dir, strerror(errno));
    fl_vendors *all = calloc(1, sizeof *all);
    if (st == FL_OK && !all)
        st = FL_ERR_NOMEM;
    if (st == FL_OK && n) {
        all->v = calloc(n, sizeof *all->v);
        all->headers = calloc(n, sizeof *all->headers);
        all->detect = calloc(n, sizeof *all->detect);
        if (!all->v || !all->headers || !all->detect)
            st = FL_ERR_NOMEM;
    }
    fl_status first_bad = FL_OK;
    for (size_t i = 0; st == FL_OK && i < n; i++) {
        building b;
        fl_status s = load_one(all, dir, display ? display : dir, files[i], &b);
        all->headers[all->n] = b.headers;
        all->detect[all->n] = b.detect;
        b.v.headers = b.headers;
        b.v.detect = b.detect;
        all->v[all->n++] = b.v;
        if (s == FL_ERR_RULES)
            first_bad = s; /* report every file's problems, then fail */
        else
            st = s;
    }
    for (size_t i = 0; i < n; i++)
        free(files[i]);
    free(files);
    if (st == FL_OK)
        st = first_bad;
    if (st != FL_OK) {
        fl_vendors_free(all);
        return st;
    }
    *out = all;
    return FL_OK;
}

void fl_vendors_free(fl_vendors *v)
{
    if (!v)
        return;
    for (size_t i = 0; i < v->n; i++) {
        free(v->headers[i]);
        free((void *)v->detect[i]);
    }
    free(v->headers);
    free(v->detect);
    free(v->v);
    fl_arena_free(&v->arena);
    free(v);
}

size_t fl_vendors_count(const fl_vendors *v)
{
    return v ? v->n : 0;
}

const fl_vendor *fl_vendors_get(const fl_vendors *v, size_t i)
{
    return v && i < v->n ? &v->v[i] : NULL;
}

const fl_vendor *fl_vendor_find(const fl_vendors *v, const char *name)
{
    for (size_t i = 0; name && i < fl_vendors_count(v); i++)
        if (strcmp(v->v[i].name, name) == 0)
            return &v->v[i];
    return NULL;
}

void fl_vendor_names(const fl_vendors *v, char *out, size_t cap)
{
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < fl_vendors_count(v) && used + 1 < cap; i++) {
        int w = snprintf(out + used, cap - used, "%s%s", i ? ", " : "", v->v[i].name);
        if (w < 0)
            break;
        used += (size_t)w;
    }
}

const fl_vendor *fl_vendor_detect(const fl_vendors *v, const fl_slice *headers, size_t n)
{
    const fl_vendor *best = NULL;
    size_t best_hits = 0;
    bool tie = false;
    char key[FL_VENDOR_KEY_MAX];
    for (size_t p = 0; p < fl_vendors_count(v); p++) {
        const fl_vendor *pv = &v->v[p];
        size_t hits = 0;
        for (size_t d = 0; d < pv->n_detect; d++)
            for (size_t c = 0; c < n; c++) {
                fl_header_fold(headers[c].ptr, headers[c].len, key, sizeof key);
                if (strcmp(key, pv->detect[d]) == 0) {
                    hits++;
                    break;
                }
            }
        size_t need = pv->n_detect < 2 ? pv->n_detect : 2;
        if (!hits || hits < need)
            continue;
        if (hits > best_hits) {
            best = pv;
            best_hits = hits;
            tie = false;
        } else if (hits == best_hits) {
            tie = true;
        }
    }
    return tie ? NULL : best;
}
