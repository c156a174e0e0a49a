/* memo.c - bounded byte-keyed cache in two generations; see memo.h. */
#include "memo.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "strmap.h"

/*
 * One generation: the map finds a key's entry; the entry holds its value, a copy in the
 * generation's arena (aligned for any struct).
 */
typedef struct entry {
    const unsigned char *val;
    size_t vlen;
} entry;

typedef struct generation {
    fl_strmap *map; /* key -> index into e */
    entry *e;       /* one per key */
    size_t n, cap;
    size_t bytes; /* keys and values held, as the arenas count them */
    fl_arena values;
} generation;

struct fl_memo {
    generation g[2];
    int young; /* the generation puts go to; the other one is the old */
    size_t max_entries, max_bytes; /* a generation's bounds: half the cache's */
};

fl_memo *fl_memo_new(size_t max_entries, size_t max_bytes)
{
    if (max_entries > UINT32_MAX)
        max_entries = UINT32_MAX;
    fl_memo *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    for (int i = 0; i < 2; i++) {
        m->g[i].values.block_size = 256 * 1024;
        if (!(m->g[i].map = fl_strmap_new())) {
            fl_memo_free(m);
            return NULL;
        }
    }
    m->max_entries = max_entries / 2 ? max_entries / 2 : 1;
    m->max_bytes = max_bytes / 2;
    return m;
}

void fl_memo_free(fl_memo *m)
{
    if (!m)
        return;
    for (int i = 0; i < 2; i++) {
        fl_strmap_free(m->g[i].map);
        fl_arena_free(&m->g[i].values);
        free(m->g[i].e);
    }
    free(m);
}

static const entry *find(const generation *g, const void *key, size_t klen, uint64_t h)
{
    uint32_t i;
    return fl_strmap_get_h(g->map, key, klen, h, &i) ? &g->e[i] : NULL;
}

static void forget(generation *g)
{
    fl_strmap_clear(g->map);
    fl_arena_free(&g->values);
    g->n = g->bytes = 0;
}

/* Bytes an arena gives n bytes (the map's key copies add a NUL). */
static size_t held(size_t n)
{
    return (n + 15) & ~(size_t)15;
}

/* Add key -> val to generation g, which has room. False when out of memory (g emptied). */
static bool add(generation *g, const void *key, size_t klen, uint64_t h, const void *val,
                size_t vlen)
{
    bool added;
    if (!fl_grow((void **)&g->e, &g->cap, g->n + 1, sizeof *g->e) ||
        fl_strmap_put_h(g->map, key, klen, h, (uint32_t)g->n, NULL, &added, NULL) != FL_OK) {
        forget(g);
        return false;
    }
    if (!added)
        return true; /* a put after a hit: the value there is the same (pure functions) */
    unsigned char *v = fl_arena_alloc(&g->values, vlen ? vlen : 1);
    if (!v) {
        forget(g); /* the map must not keep the key without its entry */
        return false;
    }
    if (vlen)
        memcpy(v, val, vlen);
    g->e[g->n++] = (entry){v, vlen};
    g->bytes += held(klen + 1) + held(vlen);
    return true;
}

/* Whether the young generation takes need more bytes and one more entry without a turn. */
static bool has_room(const fl_memo *m, size_t need)
{
    const generation *y = &m->g[m->young];
    return y->n < m->max_entries && y->bytes + need <= m->max_bytes;
}

static bool put_h(fl_memo *m, const void *key, size_t klen, uint64_t h, const void *val,
                  size_t vlen)
{
    size_t need = held(klen + 1) + held(vlen);
    if (need > m->max_bytes)
        return true; /* too big to keep: the next look-up computes it again */
    generation *y = &m->g[m->young];
    if (!has_room(m, need)) {
        /* The young generation is full: it becomes the old one, the old one is dropped. */
        m->young ^= 1;
        y = &m->g[m->young];
        forget(y);
    }
    return add(y, key, klen, h, val, vlen);
}

bool fl_memo_put(fl_memo *m, const void *key, size_t klen, const void *val, size_t vlen)
{
    if (klen > UINT32_MAX || vlen > UINT32_MAX)
        return false;
    return put_h(m, key, klen, fl_hash_bytes(key, klen), val, vlen);
}

const void *fl_memo_get(fl_memo *m, const void *key, size_t klen, size_t *vlen)
{
    uint64_t h = fl_hash_bytes(key, klen); /* once for both generations */
    const entry *e = find(&m->g[m->young], key, klen, h);
    if (!e) {
        generation *old = &m->g[m->young ^ 1];
        if (!(e = find(old, key, klen, h)))
            return NULL;
        /* Still in use: keep it past the next turn of the generations. The copy may turn
           them, which drops old; so copy the value out of old first. */
        size_t n = e->vlen;
        if (has_room(m, held(klen + 1) + held(n))) { /* no turn: old stays, the value can be copied from where it is */
            if (!put_h(m, key, klen, h, e->val, n) || !(e = find(&m->g[m->young], key, klen, h)))
                return NULL;
            *vlen = e->vlen;
            return e->val;
        }
        void *tmp = malloc(n ? n : 1);
        if (!tmp) {
            *vlen = e->vlen;
            return e->val;
        }
        memcpy(tmp, e->val, n);
        bool ok = put_h(m, key, klen, h, tmp, n);
        free(tmp);
        if (!ok || !(e = find(&m->g[m->young], key, klen, h)))
            return NULL;
    }
    *vlen = e->vlen;
    return e->val;
}
