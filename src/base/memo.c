/* memo.c - bounded byte-keyed cache; see memo.h. */
#include "memo.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "strmap.h"

/*
 * A slot holds the key's hash and one arena block: the value (aligned for any struct) and
 * the key right after it, so a hit touches the slot and one run of memory.
 */
typedef struct slot {
    uint64_t hash; /* 0 = empty */
    unsigned char *block;
    uint32_t klen, voff; /* key at block + voff */
    uint32_t vlen;
} slot;

struct fl_memo {
    slot *slots;
    size_t cap;     /* power of two; grows while at most half full, up to max_cap */
    size_t max_cap; /* at least twice max_entries */
    size_t n, max_entries, max_bytes;
    fl_arena arena;
};

/* Start small: a cache that sees a few thousand distinct keys keeps its slots in cache. */
#define FIRST_CAP 1024

fl_memo *fl_memo_new(size_t max_entries, size_t max_bytes)
{
    fl_memo *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->max_cap = 16;
    while (m->max_cap < max_entries * 2)
        m->max_cap *= 2;
    m->cap = m->max_cap < FIRST_CAP ? m->max_cap : FIRST_CAP;
    m->slots = calloc(m->cap, sizeof *m->slots);
    if (!m->slots) {
        free(m);
        return NULL;
    }
    m->max_entries = max_entries;
    m->max_bytes = max_bytes;
    m->arena.block_size = 256 * 1024;
    return m;
}

void fl_memo_free(fl_memo *m)
{
    if (!m)
        return;
    fl_arena_free(&m->arena);
    free(m->slots);
    free(m);
}

static uint64_t key_hash(const void *key, size_t klen)
{
    uint64_t h = fl_hash_bytes(key, klen);
    return h ? h : 1; /* 0 marks an empty slot */
}

const void *fl_memo_get(const fl_memo *m, const void *key, size_t klen, size_t *vlen)
{
    uint64_t h = key_hash(key, klen);
    for (size_t i = h & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        const slot *s = &m->slots[i];
        if (!s->hash)
            return NULL;
        if (s->hash == h && s->klen == klen && memcmp(s->block + s->voff, key, klen) == 0) {
            *vlen = s->vlen;
            return s->block;
        }
    }
}

static void forget(fl_memo *m)
{
    memset(m->slots, 0, m->cap * sizeof *m->slots);
    fl_arena_free(&m->arena);
    m->n = 0;
}

/* Double the slot table (when it would pass half full and may still grow). */
static bool grow(fl_memo *m)
{
    size_t ncap = m->cap * 2;
    slot *ns = calloc(ncap, sizeof *ns);
    if (!ns)
        return false;
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->slots[i].hash)
            continue;
        size_t k = m->slots[i].hash & (ncap - 1);
        while (ns[k].hash)
            k = (k + 1) & (ncap - 1);
        ns[k] = m->slots[i];
    }
    free(m->slots);
    m->slots = ns;
    m->cap = ncap;
    return true;
}

bool fl_memo_put(fl_memo *m, const void *key, size_t klen, const void *val, size_t vlen)
{
    if (klen > UINT32_MAX || vlen > UINT32_MAX)
        return false;
    if (m->n >= m->max_entries || m->arena.used_total + klen + vlen > m->max_bytes)
        forget(m);
    if ((m->n + 1) * 2 > m->cap && m->cap < m->max_cap && !grow(m)) {
        forget(m);
        return false;
    }
    size_t voff = (vlen + 15) & ~(size_t)15;
    unsigned char *b = fl_arena_alloc(&m->arena, voff + (klen ? klen : 1));
    if (!b) {
        forget(m);
        return false;
    }
    if (vlen)
        memcpy(b, val, vlen);
    memcpy(b + voff, key, klen);
    uint64_t h = key_hash(key, klen);
    size_t i = h & (m->cap - 1);
    while (m->slots[i].hash)
        i = (i + 1) & (m->cap - 1);
    m->slots[i] = (slot){h, b, (uint32_t)klen, (uint32_t)voff, (uint32_t)vlen};
    m->n++;
    return true;
}
