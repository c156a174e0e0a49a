/* nearname.c - party keys that nearly match; see nearname.h. */
#include "nearname.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "strmap.h"

#define MAX_WORDS 32 /* a key's words compared; longer keys are compared on these */

typedef struct word {
    const char *p;
    size_t len;
} word;

/* The words of a key (split on spaces), at most MAX_WORDS. */
static size_t words(const char *key, word *w)
{
    size_t n = 0;
    for (const char *p = key; *p && n < MAX_WORDS;) {
        while (*p == ' ')
            p++;
        size_t len = strcspn(p, " ");
        if (len)
            w[n++] = (word){p, len};
        p += len;
    }
    return n;
}

static bool same(word a, word b)
{
    return a.len == b.len && memcmp(a.p, b.p, a.len) == 0;
}

bool fl_nearname_near(const char *a, const char *b)
{
    word wa[MAX_WORDS], wb[MAX_WORDS];
    size_t na = words(a, wa), nb = words(b, wb);
    if (!na || !nb || strcmp(a, b) == 0 || !same(wa[0], wb[0]))
        return false;
    size_t shared = 0;
    bool long_one = false;
    for (size_t i = 0; i < na; i++) {
        bool dup = false; /* count each word of a once */
        for (size_t k = 0; k < i && !dup; k++)
            dup = same(wa[k], wa[i]);
        for (size_t j = 0; j < nb && !dup; j++)
            if (same(wa[i], wb[j])) {
                shared++;
                long_one |= wa[i].len >= 3;
                break;
            }
    }
    size_t shorter = na < nb ? na : nb;
    return long_one && 2 * shared >= shorter;
}

/* The keys by first word: each word's bucket chains its entries in the order added. */
typedef struct entry {
    const char *key;
    uint32_t id;
    uint32_t next; /* the next entry of the bucket; UINT32_MAX ends */
} entry;

typedef struct bucket {
    uint32_t first, last;
} bucket;

struct fl_nearname {
    fl_strmap *first_word; /* first word -> bucket */
    fl_arena arena;        /* the keys */
    entry *e;
    size_t n, cap;
    bucket *b;
    size_t n_b, cap_b;
};

fl_nearname *fl_nearname_new(void)
{
    fl_nearname *ix = calloc(1, sizeof *ix);
    if (ix && !(ix->first_word = fl_strmap_new())) {
        free(ix);
        return NULL;
    }
    return ix;
}

void fl_nearname_free(fl_nearname *ix)
{
    if (!ix)
        return;
    fl_strmap_free(ix->first_word);
    fl_arena_free(&ix->arena);
    free(ix->e);
    free(ix->b);
    free(ix);
}

fl_status fl_nearname_add(fl_nearname *ix, const char *key, uint32_t id)
{
    word w[MAX_WORDS];
    if (!words(key, w))
        return FL_OK;
    if (ix->n >= UINT32_MAX - 1 || !fl_grow((void **)&ix->e, &ix->cap, ix->n + 1, sizeof *ix->e) ||
        !fl_grow((void **)&ix->b, &ix->cap_b, ix->n_b + 1, sizeof *ix->b))
        return FL_ERR_NOMEM;
    const char *copy = fl_arena_strdup(&ix->arena, key);
    uint32_t bi;
    bool added;
    if (!copy || fl_strmap_put(ix->first_word, w[0].p, w[0].len, (uint32_t)ix->n_b, &bi, &added,
                               NULL) != FL_OK)
        return FL_ERR_NOMEM;
    uint32_t at = (uint32_t)ix->n++;
    ix->e[at] = (entry){copy, id, UINT32_MAX};
    if (added)
        ix->b[ix->n_b++] = (bucket){at, at};
    else
        ix->e[ix->b[bi].last].next = at, ix->b[bi].last = at;
    return FL_OK;
}

size_t fl_nearname_find(const fl_nearname *ix, const char *key, uint32_t *out, size_t max)
{
    word w[MAX_WORDS];
    uint32_t bi;
    if (!words(key, w) || !fl_strmap_get(ix->first_word, w[0].p, w[0].len, &bi))
        return 0;
    size_t n = 0, scanned = 0;
    for (uint32_t at = ix->b[bi].first; at != UINT32_MAX && n < max && scanned < FL_NEARNAME_SCAN;
         at = ix->e[at].next, scanned++)
        if (fl_nearname_near(key, ix->e[at].key))
            out[n++] = ix->e[at].id;
    return n;
}
