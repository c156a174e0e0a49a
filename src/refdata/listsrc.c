/* listsrc.c - reading an official list export: the whole file, handed to the reader of its
   format (listcsv.c, listfr.c, listftm.c; what they share is listread.c); see listsrc.h. */
#include "listsrc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "listread.h"

/* ---- reading ----------------------------------------------------------------------------- */

static fl_status read_all(const char *path, const char *name, char **data, size_t *len)
{
    *data = NULL;
    *len = 0;
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        fl_error("cannot read '%s': %s", name, strerror(errno));
        return FL_ERR_INPUT;
    }
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    fl_status st = buf ? FL_OK : FL_ERR_NOMEM;
    while (st == FL_OK) {
        if (n == cap) {
            if (cap >= FL_LIST_MAX_BYTES) {
                fl_error("'%s' is larger than %u MiB (the import size cap); is this a list "
                         "export?", name, FL_LIST_MAX_BYTES >> 20);
                st = FL_ERR_INPUT;
                break;
            }
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                st = FL_ERR_NOMEM;
                break;
            }
            buf = nb;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n, fp);
        n += got;
        if (got == 0) {
            if (ferror(fp)) {
                fl_error("cannot read '%s': %s", name, strerror(errno));
                st = FL_ERR_INPUT;
            }
            break;
        }
    }
    fclose(fp);
    if (st != FL_OK) {
        free(buf);
        return st;
    }
    *data = buf;
    *len = n;
    return FL_OK;
}

fl_status fl_list_read_mem(const char *data, size_t len, const char *name, fl_list_format fmt,
                           const fl_countries *countries, fl_list *out)
{
    memset(out, 0, sizeof *out);
    out->format = fmt;
    out->kind = fl_list_format_kind(fmt);
    if (fmt >= FL_LF_COUNT)
        return FL_ERR_USAGE;
    fl_lreader r = {out, name, countries, 0, false, false};
    fl_status st;
    if (fmt == FL_LF_FR_UFLPA)
        st = fl_lr_fr(&r, data, len);
    else if (fmt == FL_LF_FTM)
        st = fl_lr_ftm(&r, data, len);
    else
        st = fl_lr_csv(&r, data, len);
    if (st == FL_OK && r.oom)
        st = FL_ERR_NOMEM;
    if (st == FL_OK && (r.errors || r.too_many))
        st = FL_ERR_RULES;
    return st;
}

fl_status fl_list_read(const char *path, const char *display, fl_list_format fmt,
                       const fl_countries *countries, fl_list *out)
{
    memset(out, 0, sizeof *out);
    const char *name = display ? display : path;
    char *data;
    size_t len;
    fl_status st = read_all(path, name, &data, &len);
    if (st != FL_OK)
        return st;
    st = fl_list_read_mem(data, len, name, fmt, countries, out);
    free(data);
    return st;
}

void fl_list_free(fl_list *l)
{
    if (!l)
        return;
    free(l->v);
    fl_arena_free(&l->arena);
    memset(l, 0, sizeof *l);
}
