/* memo.c - bounded byte-keyed cache; see memo.h. */
#include "memo.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

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

/* A table hash (not cryptographic), eight bytes a step: keys are names and addresses. */
static uint64_t hash_bytes(const unsigned char *p, size_t n)
{
    uint64_t h = 0x9E3779B97F4A7C15ull ^ n;
    for (; n >= 8; p += 8, n -= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        h = (h ^ w) * 0xff51afd7ed558ccdull;
        h ^= h >> 32;
    }
    uint64_t w = 0;
    memcpy(&w, p, n);
    h = (h ^ w) * 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 29;
    return h ? h : 1;
}

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
    uint64_t h = hash_bytes(key, klen);
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
    uint64_t h = hash_bytes(key, klen);
    size_t i = h & (m->cap - 1);
    while (m->slots[i].hash)
        i = (i + 1) & (m->cap - 1);
    m->slots[i] = (slot){h, k, v, klen, vlen};
    m->n++;
    return true;
}
