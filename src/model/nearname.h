/*
 * nearname.h - party keys that nearly match: the importers a portfolio holding's names miss
 * by a word or two, offered on the Portfolio sheet as suggestions and never counted.
 *
 * Two party keys (party.h: words in one spelling, legal forms and joining words dropped)
 * are a near miss when they differ, start with the same word, share a word of three letters
 * or more, and share at least half the words of the shorter one:
 *   "h m hennes mauritz" (H&M Hennes & Mauritz AB) ~ "h m hennes mauritz l" (... L.P.)
 *   "nike class b" (Nike Inc Class B) ~ "nike" (NIKE, Inc.)
 *   "harborline brands" ~ "harborline apparel"; "american eagle" !~ "global eagle"
 * An index over many keys answers "which keys are near this one" by their first word, so that
 * a thousand holdings against 100,000 importers compare only keys that could be near.
 */
#ifndef FL_NEARNAME_H
#define FL_NEARNAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "common.h"

/* Whether party keys a and b (NUL-terminated) are a near miss, as above. */
bool fl_nearname_near(const char *a, const char *b);

typedef struct fl_nearname fl_nearname;

/* An empty index; NULL when out of memory. Free with fl_nearname_free (NULL-safe). */
fl_nearname *fl_nearname_new(void);
void fl_nearname_free(fl_nearname *ix);

/* Index key (copied) under the caller's id. An empty key is ignored. FL_OK or FL_ERR_NOMEM. */
fl_status fl_nearname_add(fl_nearname *ix, const char *key, uint32_t id);

/*
 * The ids of the indexed keys that are a near miss of key, in the order added, at most max
 * into out (at most FL_NEARNAME_SCAN keys of the same first word are compared). Returns how
 * many were written.
 */
#define FL_NEARNAME_SCAN 4096
size_t fl_nearname_find(const fl_nearname *ix, const char *key, uint32_t *out, size_t max);

#endif
