/* memo.c - bounded byte-keyed cache; see memo.h. */
#include "memo.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "strmap.h"

/*
 * The map finds a key's entry; the entry holds its value, a copy in the cache's arena
 * (aligned for any struct).
 */
typedef struct entry {
    const unsigned char *val;
    size_t vlen;
} entry;

struct fl_memo {
    fl_strmap *map; /* key -> index into e */
    entry *e;       /* one per key, max_entries at most */
    size_t n, cap, max_entries, max_bytes;
    size_t bytes; /* keys and values held, as the arenas count them */
    fl_arena values;
};

fl_memo *fl_memo_new(size_t max_entries, size_t max_bytes)
{
    if (max_entries > UINT32_MAX)
        max_entries = UINT32_MAX;
    fl_memo *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->map = fl_strmap_new();
    if (!m->map) {
        fl_memo_free(m);
        return NULL;
    }
    m->max_entries = max_entries;
    m->max_bytes = max_bytes;
    m->values.block_size = 256 * 1024;
    return m;
}

void fl_memo_free(fl_memo *m)
{
    if (!m)
        return;
    fl_strmap_free(m->map);
    fl_arena_free(&m->values);
    free(m->e);
    free(m);
}

const void *fl_memo_get(const fl_memo *m, const void *key, size_t klen, size_t *vlen)
{
    uint32_t i;
    if (!fl_strmap_get(m->map, key, klen, &i))
        return NULL;
    *vlen = m->e[i].vlen;
    return m->e[i].val;
}

static void forget(fl_memo *m)
{
    fl_strmap_clear(m->map);
    fl_arena_free(&m->values);
    m->n = m->bytes = 0;
}

/* Bytes an arena gives n bytes (the map's key copies add a NUL). */
static size_t held(size_t n)
{
    return (n + 15) & ~(size_t)15;
}

bool fl_memo_put(fl_memo *m, const void *key, size_t klen, const void *val, size_t vlen)
{
    if (klen > UINT32_MAX || vlen > UINT32_MAX)
        return false;
    size_t add = held(klen + 1) + held(vlen);
    if (m->n >= m->max_entries || m->bytes + add > m->max_bytes)
        forget(m);
    bool added;
    if (!fl_grow((void **)&m->e, &m->cap, m->n + 1, sizeof *m->e) ||
        fl_strmap_put(m->map, key, klen, (uint32_t)m->n, NULL, &added, NULL) != FL_OK) {
        forget(m);
        return false;
    }
    if (!added)
        return true; /* a put after a hit: the value there is the same (pure functions) */
    unsigned char *v = fl_arena_alloc(&m->values, vlen ? vlen : 1);
    if (!v) {
        forget(m); /* the map must not keep the key without its entry */
        return false;
    }
    if (vlen)
        memcpy(v, val, vlen);
    m->e[m->n++] = (entry){v, vlen};
    m->bytes += add;
    return true;
}
