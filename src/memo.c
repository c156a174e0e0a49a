/* memo.c - bounded byte-keyed cache; see memo.h. */
#include "memo.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "strmap.h"

typedef struct slot {
    uint64_t hash; /* 0 = empty */
    const unsigned char *key;
    const unsigned char *val;
    size_t klen, vlen;
} slot;

struct fl_memo {
    slot *slots;
    size_t cap; /* power of two, at least twice max_entries */
    size_t n, max_entries, max_bytes;
    fl_arena arena;
};

fl_memo *fl_memo_new(size_t max_entries, size_t max_bytes)
{
    fl_memo *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->cap = 16;
    while (m->cap < max_entries * 2)
        m->cap *= 2;
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

const void *fl_memo_get(const fl_memo *m, const void *key, size_t klen, size_t *vlen)
{
    uint64_t h = fl_hash_bytes(key, klen);
    if (!h)
        h = 1; /* 0 marks an empty slot */
    for (size_t i = h & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        const slot *s = &m->slots[i];
        if (!s->hash)
            return NULL;
        if (s->hash == h && s->klen == klen && memcmp(s->key, key, klen) == 0) {
            *vlen = s->vlen;
            return s->val;
        }
    }
}

static void forget(fl_memo *m)
{
    memset(m->slots, 0, m->cap * sizeof *m->slots);
    fl_arena_free(&m->arena);
    m->n = 0;
}

bool fl_memo_put(fl_memo *m, const void *key, size_t klen, const void *val, size_t vlen)
{
    if (m->n >= m->max_entries || m->arena.used_total + klen + vlen > m->max_bytes)
        forget(m);
    /* separate allocations: the value is aligned for any struct the caller stores */
    unsigned char *v = fl_arena_alloc(&m->arena, vlen ? vlen : 1);
    unsigned char *k = fl_arena_alloc(&m->arena, klen ? klen : 1);
    if (!k || !v) {
        forget(m);
        return false;
    }
    memcpy(k, key, klen);
    if (vlen)
        memcpy(v, val, vlen);
    uint64_t h = fl_hash_bytes(key, klen);
    if (!h)
        h = 1; /* 0 marks an empty slot */
    size_t i = h & (m->cap - 1);
    while (m->slots[i].hash)
        i = (i + 1) & (m->cap - 1);
    m->slots[i] = (slot){h, k, v, klen, vlen};
    m->n++;
    return true;
}
