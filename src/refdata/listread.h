/*
 * listread.h - what the readers of listcsv.c, listfr.c and listftm.c share, in listread.c
 * (private to those files: the public interface is listsrc.h).
 */
#ifndef FL_LISTREAD_H
#define FL_LISTREAD_H

#include <stdarg.h>
#include "listsrc.h"

typedef struct fl_lreader {
    fl_list *l;
    const char *name; /* the file, for messages */
    const fl_countries *countries;
    unsigned errors;
    bool too_many; /* FL_LIST_MAX_ENTRIES reached (reported once) */
    bool oom;
} fl_lreader;

/* "name:line:col: message" through fl_error(), counted. */
void fl_lr_error(fl_lreader *r, uint64_t line, int col, const char *fmt, ...) FL_PRINTF(4, 5);

/* A new zeroed entry at line/col, or NULL (cap reached: reported; or out of memory). */
fl_list_entry *fl_lr_entry(fl_lreader *r, uint64_t line, int col);

/* A copy of s[0..len), trimmed, in the list's arena; NULL only when out of memory (r->oom). */
const char *fl_lr_str(fl_lreader *r, const char *s, size_t len);

/* Append s (arena string, not NULL) to a list of strings in the arena. */
bool fl_lr_push(fl_lreader *r, const char ***v, size_t *n, const char *s);

/* Resolve a country name or code; false (nothing reported) when unknown. */
bool fl_lr_country(fl_lreader *r, const char *s, size_t len, char cc[3]);

/* Note a date the file shows (the newest becomes the list's date when none is given). */
void fl_lr_seen(fl_lreader *r, fl_date d);

/* The readers, one per kind of file; data[0..len) is the whole file. */
fl_status fl_lr_csv(fl_lreader *r, const char *data, size_t len);
fl_status fl_lr_fr(fl_lreader *r, const char *data, size_t len);
fl_status fl_lr_ftm(fl_lreader *r, const char *data, size_t len);

#endif
