/* u64map.c - 64-bit keys to 32-bit values; see u64map.h. */
#include "u64map.h"

#include <stdlib.h>

struct fl_u64slot {
    uint64_t key; /* the key plus one: 0 marks an empty slot */
    uint32_t value;
};

static struct fl_u64slot *find(const fl_u64map *m, uint64_t k)
{
    size_t mask = m->cap - 1;
    uint64_t h = k * 0x9E3779B97F4A7C15ull;
    for (size_t i = (size_t)(h ^ h >> 29) & mask;; i = (i + 1) & mask)
        if (!m->slots[i].key || m->slots[i].key == k)
            return &m->slots[i];
}

static bool grow(fl_u64map *m)
{
    fl_u64map bigger = {NULL, m->cap ? m->cap * 2 : 1024, m->n};
    if (!(bigger.slots = calloc(bigger.cap, sizeof *bigger.slots)))
        return false;
    for (size_t i = 0; i < m->cap; i++)
        if (m->slots[i].key)
            *find(&bigger, m->slots[i].key) = m->slots[i];
    free(m->slots);
    *m = bigger;
    return true;
}

bool fl_u64map_put(fl_u64map *m, uint64_t key, uint32_t if_new, uint32_t *value, bool *added)
{
    if ((m->n + 1) * 4 > m->cap * 3 && !grow(m))
        return false;
    struct fl_u64slot *s = find(m, key + 1);
    *added = !s->key;
    if (*added) {
        s->key = key + 1;
        s->value = if_new;
        m->n++;
    }
    *value = s->value;
    return true;
}

bool fl_u64map_get(const fl_u64map *m, uint64_t key, uint32_t *value)
{
    if (!m->cap)
        return false;
    const struct fl_u64slot *s = find(m, key + 1);
    if (!s->key)
        return false;
    *value = s->value;
    return true;
}

void fl_u64map_free(fl_u64map *m)
{
    if (!m)
        return;
    free(m->slots);
    m->slots = NULL;
    m->cap = m->n = 0;
}
