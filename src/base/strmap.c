/* strmap.c - byte-string hash map; see strmap.h. */
#include "strmap.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"

typedef struct slot {
    const char *key; /* NULL: empty slot */
    size_t len;
    uint64_t hash;
    uint32_t value;
} slot;

struct fl_strmap {
    slot *slots;
    size_t cap, n; /* cap is a power of two */
    fl_arena keys;
};

fl_strmap *fl_strmap_new(void)
{
    fl_strmap *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->cap = 64;
    m->slots = calloc(m->cap, sizeof *m->slots);
    if (!m->slots) {
        free(m);
        return NULL;
    }
    return m;
}

void fl_strmap_free(fl_strmap *m)
{
    if (!m)
        return;
    free(m->slots);
    fl_arena_free(&m->keys);
    free(m);
}

size_t fl_strmap_count(const fl_strmap *m)
{
    return m ? m->n : 0;
}

static slot *find(const fl_strmap *m, const char *key, size_t len, uint64_t h)
{
    size_t mask = m->cap - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        slot *s = &m->slots[i];
        if (!s->key || (s->hash == h && s->len == len && memcmp(s->key, key, len) == 0))
            return s;
    }
}

bool fl_strmap_get_h(const fl_strmap *m, const char *key, size_t len, uint64_t hash,
                     uint32_t *value)
{
    if (!m || (!key && len))
        return false;
    const slot *s = find(m, key ? key : "", len, hash);
    if (!s->key)
        return false;
    if (value)
        *value = s->value;
    return true;
}

bool fl_strmap_get(const fl_strmap *m, const char *key, size_t len, uint32_t *value)
{
    return fl_strmap_get_h(m, key, len, fl_hash_bytes(key ? key : "", len), value);
}

void fl_strmap_clear(fl_strmap *m)
{
    if (!m)
        return;
    memset(m->slots, 0, m->cap * sizeof *m->slots);
    fl_arena_free(&m->keys);
    m->n = 0;
}

static bool grow(fl_strmap *m)
{
    size_t ncap = m->cap * 2;
    slot *ns = calloc(ncap, sizeof *ns);
    if (!ns)
        return false;
    for (size_t i = 0; i < m->cap; i++) {
        const slot *s = &m->slots[i];
        if (!s->key)
            continue;
        size_t k = (size_t)s->hash & (ncap - 1);
        while (ns[k].key)
            k = (k + 1) & (ncap - 1);
        ns[k] = *s;
    }
    free(m->slots);
    m->slots = ns;
    m->cap = ncap;
    return true;
}

fl_status fl_strmap_put(fl_strmap *m, const char *key, size_t len, uint32_t if_new, uint32_t *value,
                        bool *added, const char **stored_key)
{
    return fl_strmap_put_h(m, key, len, fl_hash_bytes(key ? key : "", len), if_new, value, added,
                           stored_key);
}

fl_status fl_strmap_put_h(fl_strmap *m, const char *key, size_t len, uint64_t h, uint32_t if_new,
                          uint32_t *value, bool *added, const char **stored_key)
{
    if (!m || (!key && len))
        return FL_ERR_NOMEM;
    if (!key)
        key = "";
    slot *s = find(m, key, len, h);
    if (s->key) {
        if (value)
            *value = s->value;
        if (added)
            *added = false;
        if (stored_key)
            *stored_key = s->key;
        return FL_OK;
    }
    if (m->n >= FL_STRMAP_MAX)
        return FL_ERR_NOMEM;
    /* Keep the load at most one half, so probes stay short. */
    if ((m->n + 1) * 2 > m->cap) {
        if (!grow(m))
            return FL_ERR_NOMEM;
        s = find(m, key, len, h);
    }
    char *copy = fl_arena_strndup(&m->keys, key, len);
    if (!copy)
        return FL_ERR_NOMEM;
    *s = (slot){copy, len, h, if_new};
    m->n++;
    if (value)
        *value = if_new;
    if (added)
        *added = true;
    if (stored_key)
        *stored_key = copy;
    return FL_OK;
}

uint64_t fl_hash_bytes(const void *data, size_t n)
{
    const unsigned char *p = data;
    uint64_t h = 0x9E3779B97F4A7C15ull ^ n;
    for (; n >= 8; p += 8, n -= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        h = (h ^ w) * 0xff51afd7ed558ccdull;
        h ^= h >> 32;
    }
    uint64_t w = 0;
    if (n)
        memcpy(&w, p, n);
    h = (h ^ w) * 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 29;
    return h;
}
