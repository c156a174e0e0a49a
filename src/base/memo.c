/* memo.c - bounded byte-keyed cache: a ring of records with a second chance; see memo.h. */
#include "memo.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "strmap.h"

/*
 * Two allocations. The ring holds the records back to back, oldest (head) to newest
 * (tail), each a header, the value, the key, padded to REC_ALIGN so the next value is
 * aligned too; a record never straddles the ring's end: when the top has no room the ring
 * wraps, and `end` marks where the top part's records stop. The index is an open-addressing
 * table (linear probing from the hash's low bits) of 32-bit slots: 0 is empty, else the
 * record's offset in REC_ALIGN units plus one in the low off_bits, and high bits of the
 * hash above them, so a probe rarely reads a record that is not the one. An evicted key's
 * slot is emptied by moving back the slots after it (no tombstones).
 *
 * Both grow toward the bound: the index doubles when 3/4 full; the ring by half while it
 * has not wrapped (so no offset changes), leaving room beside it for the index its records
 * would need at their mean size so far. When neither may grow, records are evicted. An
 * entry costs 13-26 bytes besides its key and value (lengths, padding, its share of the
 * index), where a map of key copies, an entry array and an arena of values took over 100
 * and two generations kept the keys in use twice.
 */
#define REC_ALIGN 8
#define MAX_KLEN 32767u
#define MAX_VLEN 65535u
#define REF_BIT 0x80000000u
#define MIN_SLOTS 16               /* an index (64 bytes) at least */
#define FIRST_SLOTS 256            /* a new cache's index (1 KiB) at most */
#define FIRST_RING 16384           /* and ring */
#define MAX_RING ((size_t)1 << 30) /* offsets fit 28 bits, tags 4 and up */

typedef struct rec_head {
    uint32_t hash; /* the key's fl_hash_bytes(), low half: where its slot is */
    uint32_t lens; /* klen | vlen << 15, and REF_BIT when looked up since it went in */
} rec_head;

struct fl_memo {
    uint32_t *slot;                /* the index, nslot of them */
    size_t nslot;                  /* a power of two; 0 before the first put */
    unsigned char *ring;           /* the records */
    size_t cap;                    /* bytes of ring allocated */
    size_t head, tail;             /* the oldest record, where the next one goes */
    size_t end;                    /* wrapped: the top part's records end here */
    bool wrapped;                  /* records in [head, end) and [0, tail); else in [head, tail) */
    size_t n, used;                /* records, and the bytes they take in the ring */
    size_t max_entries, max_slots; /* the bounds: records, index slots, */
    size_t avail;                  /* bytes for the ring's and the index's blocks together */
    unsigned off_bits;             /* low bits of a slot: offset / REC_ALIGN + 1 */
};

static size_t rec_size(size_t klen, size_t vlen)
{
    return (sizeof(rec_head) + vlen + klen + REC_ALIGN - 1) & ~(size_t)(REC_ALIGN - 1);
}

static size_t klen_of(rec_head hd)
{
    return hd.lens & MAX_KLEN;
}

static size_t vlen_of(rec_head hd)
{
    return (hd.lens >> 15) & MAX_VLEN;
}

/*
 * What a block of n bytes costs (0 for none), as glibc's allocator gives it: a 16-byte
 * header, rounded to 16 bytes, and a big block mapped in whole pages (from 128 KiB; from
 * 64 KiB here, to count high). So the bound holds the allocator's slack too.
 */
static size_t block_cost(size_t n)
{
    if (!n)
        return 0;
    n += 16;
    return n >= 65536 ? (n + 4095) & ~(size_t)4095 : (n + 15) & ~(size_t)15;
}

/* The most bytes a block may have at a cost of at most c. */
static size_t block_fit(size_t c)
{
    size_t n = c >= 65536 ? c & ~(size_t)4095 : c & ~(size_t)15;
    return n > 16 ? n - 16 : 0;
}

/* Slots for n records: a power of two, 3/4 full at most. */
static size_t slots_for(size_t n)
{
    size_t slots = MIN_SLOTS;
    while (slots / 4 * 3 < n)
        slots *= 2;
    return slots;
}

fl_memo *fl_memo_new(size_t max_entries, size_t max_bytes)
{
    fl_memo *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    size_t entries = max_entries ? max_entries : 1;
    if (entries > UINT32_MAX / 2)
        entries = UINT32_MAX / 2;
    m->max_slots = slots_for(entries);
    m->max_entries = entries;
    m->avail = max_bytes > block_cost(sizeof *m) ? max_bytes - block_cost(sizeof *m) : 0;
    size_t ring = m->avail < MAX_RING ? m->avail : MAX_RING;
    unsigned bits = 1;
    while (((size_t)1 << bits) <= ring / REC_ALIGN + 1)
        bits++;
    m->off_bits = bits;
    return m;
}

void fl_memo_free(fl_memo *m)
{
    if (!m)
        return;
    free(m->slot);
    free(m->ring);
    free(m);
}

size_t fl_memo_bytes(const fl_memo *m)
{
    if (!m)
        return 0;
    return block_cost(sizeof *m) + block_cost(m->nslot * sizeof *m->slot) + block_cost(m->cap);
}

static uint32_t off_mask(const fl_memo *m)
{
    return ((uint32_t)1 << m->off_bits) - 1;
}

static uint32_t tag_of(const fl_memo *m, uint64_t h)
{
    return (uint32_t)(h >> (32 + m->off_bits)) << m->off_bits;
}

static unsigned char *rec_at(const fl_memo *m, uint32_t s)
{
    return m->ring + (size_t)((s & off_mask(m)) - 1) * REC_ALIGN;
}

static rec_head head_of(const unsigned char *r)
{
    rec_head hd;
    memcpy(&hd, r, sizeof hd);
    return hd;
}

/* The slot of key: the one that holds it, else the empty one where it would go. NULL
   before the first put. */
static uint32_t *probe(const fl_memo *m, const void *key, size_t klen, uint64_t h)
{
    if (!m->nslot)
        return NULL;
    size_t mask = m->nslot - 1;
    uint32_t om = off_mask(m), tag = tag_of(m, h);
    for (size_t i = (uint32_t)h & mask;; i = (i + 1) & mask) {
        uint32_t s = m->slot[i];
        if (!s)
            return &m->slot[i];
        if ((s & ~om) != tag)
            continue;
        const unsigned char *r = rec_at(m, s);
        rec_head hd = head_of(r);
        if (klen_of(hd) == klen && (!klen || memcmp(r + sizeof hd + vlen_of(hd), key, klen) == 0))
            return &m->slot[i];
    }
}

/* The slot of the record at off, whose hash is hash. */
static size_t slot_at(const fl_memo *m, size_t off, uint32_t hash)
{
    size_t mask = m->nslot - 1;
    uint32_t om = off_mask(m), want = (uint32_t)(off / REC_ALIGN + 1);
    size_t i = hash & mask;
    while ((m->slot[i] & om) != want)
        i = (i + 1) & mask;
    return i;
}

/* Empty slot i, moving back the slots after it that would not be found past the hole. */
static void unindex(fl_memo *m, size_t i)
{
    size_t mask = m->nslot - 1;
    for (size_t j = (i + 1) & mask;; j = (j + 1) & mask) {
        uint32_t s = m->slot[j];
        if (!s)
            break;
        size_t home = head_of(rec_at(m, s)).hash & mask;
        if (((j - home) & mask) >= ((j - i) & mask)) {
            m->slot[i] = s;
            i = j;
        }
    }
    m->slot[i] = 0;
}

/* The index's next size: double, or the first one; 0 when the bounds leave no room. */
static size_t next_slots(const fl_memo *m)
{
    size_t ns = m->nslot * 2;
    if (!m->nslot)
        for (ns = FIRST_SLOTS < m->max_slots ? FIRST_SLOTS : m->max_slots;
             ns > MIN_SLOTS && block_cost(ns * sizeof(uint32_t)) > m->avail / 4;)
            ns /= 2;
    if (ns > m->max_slots ||
        (m->nslot && block_cost(m->cap) + block_cost(ns * sizeof(uint32_t)) > m->avail))
        return 0;
    return ns;
}

/* Grow the index to ns slots and place every record's slot again. */
static bool grow_index(fl_memo *m, size_t ns)
{
    uint32_t *t = calloc(ns, sizeof *t);
    if (!t)
        return false;
    for (size_t i = 0; i < m->nslot; i++) {
        uint32_t s = m->slot[i];
        if (!s)
            continue;
        size_t k = head_of(rec_at(m, s)).hash & (ns - 1);
        while (t[k])
            k = (k + 1) & (ns - 1);
        t[k] = s;
    }
    free(m->slot);
    m->slot = t;
    m->nslot = ns;
    return true;
}

/* What the index costs for a ring of nc bytes of records of mean bytes (or the index now). */
static size_t index_beside(const fl_memo *m, size_t nc, size_t mean)
{
    size_t slots = slots_for(nc / mean < m->max_entries ? nc / mean : m->max_entries);
    return block_cost((slots > m->nslot ? slots : m->nslot) * sizeof(uint32_t));
}

/*
 * The ring's next size, with room for need more bytes at the tail: by half (a large block
 * grows in place or by remapping its pages, not by copying them), within what the bytes
 * leave beside an index for as many records as it would hold, of their mean size so far.
 * The current size when it cannot grow to that room.
 */
static size_t next_ring(const fl_memo *m, size_t need)
{
    size_t nc = m->cap ? m->cap : FIRST_RING;
    while (nc < m->tail + need)
        nc += nc / 2;
    size_t mean = m->n ? m->used / m->n : need;
    size_t index = index_beside(m, nc, mean);
    if (block_cost(nc) + index > m->avail) {
        /* cut to fit, then fit to the index the cut ring needs (no bigger) */
        nc = m->avail > index ? block_fit(m->avail - index) : 0;
        index = index_beside(m, nc, mean);
        nc = m->avail > index ? block_fit(m->avail - index) & ~(size_t)(REC_ALIGN - 1) : 0;
    }
    if (nc > MAX_RING)
        nc = MAX_RING;
    return nc >= m->tail + need && nc > m->cap ? nc : m->cap;
}

/* Grow the ring to nc bytes; only while not wrapped, so every offset stays where it is. */
static bool grow_ring(fl_memo *m, size_t nc)
{
    unsigned char *d = realloc(m->ring, nc);
    if (!d)
        return false;
    m->ring = d;
    m->cap = nc;
    return true;
}

/*
 * Drop the oldest record, or, when it was looked up since it went in, move it to the
 * tail with its mark cleared (a second chance: what is in use stays, what is not goes;
 * CLOCK in a ring). The space it leaves is where it goes, so the move always fits.
 */
static void evict(fl_memo *m)
{
    unsigned char *r = m->ring + m->head;
    rec_head hd = head_of(r);
    size_t s = rec_size(klen_of(hd), vlen_of(hd));
    size_t i = slot_at(m, m->head, hd.hash);
    m->head += s;
    if (m->wrapped && m->head == m->end) {
        m->head = 0;
        m->wrapped = false;
    }
    if (!(hd.lens & REF_BIT) || m->n == 1) {
        unindex(m, i);
        m->used -= s;
        if (!--m->n)
            m->head = m->tail = 0;
        return;
    }
    if (!m->wrapped && m->cap - m->tail < s) {
        m->end = m->tail;
        m->tail = 0;
        m->wrapped = true;
    }
    size_t to = m->tail;
    m->tail += s;
    memmove(m->ring + to, r, s);
    hd.lens &= ~REF_BIT;
    memcpy(m->ring + to, &hd, sizeof hd);
    m->slot[i] = (m->slot[i] & ~off_mask(m)) | (uint32_t)(to / REC_ALIGN + 1);
}

enum { ROOM_OK, ROOM_NONE, ROOM_NOMEM };

/* Whether the index takes one more record, grown when it must and may. */
static int index_room(fl_memo *m)
{
    if (m->n >= m->max_entries)
        return ROOM_NONE;
    if ((m->n + 1) * 4 <= m->nslot * 3)
        return ROOM_OK;
    size_t ns = next_slots(m);
    if (!ns)
        return ROOM_NONE;
    return grow_index(m, ns) ? ROOM_OK : ROOM_NOMEM;
}

/* Whether the ring has need free bytes at the tail (wrapping to its start for them), grown
   when it must and may. */
static int ring_room(fl_memo *m, size_t need)
{
    if (m->wrapped)
        return m->head - m->tail >= need ? ROOM_OK : ROOM_NONE;
    if (m->cap - m->tail >= need)
        return ROOM_OK;
    size_t nc = next_ring(m, need);
    if (nc > m->cap)
        return grow_ring(m, nc) ? ROOM_OK : ROOM_NOMEM;
    if (m->head < need)
        return ROOM_NONE;
    m->end = m->tail;
    m->tail = 0;
    m->wrapped = true;
    return ROOM_OK;
}

/*
 * Room for one more record of need bytes, made by growing or evicting: *at receives its
 * offset and the tail moves past it. ROOM_NONE when the ring, empty, cannot hold it.
 */
static int room(fl_memo *m, size_t need, size_t *at)
{
    for (;;) {
        int st = index_room(m);
        if (st == ROOM_OK)
            st = ring_room(m, need);
        if (st == ROOM_NOMEM)
            return st;
        if (st == ROOM_OK)
            break;
        if (!m->n)
            return ROOM_NONE;
        evict(m);
    }
    *at = m->tail;
    m->tail += need;
    return ROOM_OK;
}

/* fl_memo_put with the key's fl_hash_bytes() h. */
static bool put_hashed(fl_memo *m, const void *key, size_t klen, uint64_t h, const void *val,
                       size_t vlen)
{
    if (klen > MAX_KLEN || vlen > MAX_VLEN)
        return true; /* too big to keep: the next look-up computes it again */
    size_t need = rec_size(klen, vlen), index = block_cost(m->nslot * sizeof(uint32_t));
    if (need > MAX_RING || block_cost(need) + index > m->avail)
        return true; /* bigger than the ring can be: keep the others */
    const uint32_t *s = probe(m, key, klen, h);
    if (s && *s)
        return true; /* a put after a hit: the value there is the same (pure functions) */
    size_t at;
    int st = room(m, need, &at);
    if (st != ROOM_OK)
        return st == ROOM_NONE; /* too big to keep: the next look-up computes it again */
    unsigned char *r = m->ring + at;
    rec_head hd = {(uint32_t)h, (uint32_t)(klen | vlen << 15)};
    memcpy(r, &hd, sizeof hd);
    if (vlen)
        memcpy(r + sizeof hd, val, vlen);
    if (klen)
        memcpy(r + sizeof hd + vlen, key, klen);
    *probe(m, key, klen, h) = tag_of(m, h) | (uint32_t)(at / REC_ALIGN + 1);
    m->n++;
    m->used += need;
    return true;
}

bool fl_memo_put(fl_memo *m, const void *key, size_t klen, const void *val, size_t vlen)
{
    return put_hashed(m, key, klen, fl_hash_bytes(key, klen), val, vlen);
}

/* fl_memo_get with the key's fl_hash_bytes() h. */
static const void *get_hashed(fl_memo *m, const void *key, size_t klen, uint64_t h, size_t *vlen)
{
    if (klen > MAX_KLEN)
        return NULL;
    const uint32_t *s = probe(m, key, klen, h);
    if (!s || !*s)
        return NULL;
    unsigned char *r = rec_at(m, *s);
    rec_head hd = head_of(r);
    if (!(hd.lens & REF_BIT)) {
        hd.lens |= REF_BIT;
        memcpy(r + offsetof(rec_head, lens), &hd.lens, sizeof hd.lens);
    }
    *vlen = vlen_of(hd);
    return r + sizeof hd;
}

const void *fl_memo_get(fl_memo *m, const void *key, size_t klen, size_t *vlen)
{
    return get_hashed(m, key, klen, fl_hash_bytes(key, klen), vlen);
}

/* ---- shared by threads ------------------------------------------------------------------ */

/*
 * Stripes, each a cache of its own behind its own lock, chosen by the top bits of the key's
 * hash (a cache places its keys by the low ones): two threads rarely want the same stripe
 * at once, and a value is copied out before the lock is let go.
 */
typedef struct stripe {
    pthread_mutex_t mu;
    fl_memo *m;
} stripe;

struct fl_memo_shared {
    stripe *s;
    unsigned bits; /* 1 << bits stripes */
};

fl_memo_shared *fl_memo_shared_new(size_t max_entries, size_t max_bytes, unsigned stripes)
{
    fl_memo_shared *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    while ((1u << m->bits) < stripes && m->bits < 8)
        m->bits++;
    size_t n = (size_t)1 << m->bits;
    if (!(m->s = calloc(n, sizeof *m->s))) {
        free(m);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        pthread_mutex_init(&m->s[i].mu, NULL);
        if (!(m->s[i].m = fl_memo_new(max_entries / n + 1, max_bytes / n))) {
            fl_memo_shared_free(m);
            return NULL;
        }
    }
    return m;
}

void fl_memo_shared_free(fl_memo_shared *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < (size_t)1 << m->bits; i++) {
        fl_memo_free(m->s[i].m);
        pthread_mutex_destroy(&m->s[i].mu);
    }
    free(m->s);
    free(m);
}

static stripe *stripe_of(fl_memo_shared *m, uint64_t h)
{
    return &m->s[m->bits ? h >> (64 - m->bits) : 0];
}

bool fl_memo_shared_get(fl_memo_shared *m, const void *key, size_t klen, void *dst, size_t cap,
                        size_t *vlen)
{
    uint64_t h = fl_hash_bytes(key, klen);
    stripe *s = stripe_of(m, h);
    pthread_mutex_lock(&s->mu);
    const void *v = get_hashed(s->m, key, klen, h, vlen);
    bool found = v && *vlen <= cap;
    if (found && *vlen)
        memcpy(dst, v, *vlen);
    pthread_mutex_unlock(&s->mu);
    return found;
}

bool fl_memo_shared_put(fl_memo_shared *m, const void *key, size_t klen, const void *val,
                        size_t vlen)
{
    uint64_t h = fl_hash_bytes(key, klen);
    stripe *s = stripe_of(m, h);
    pthread_mutex_lock(&s->mu);
    bool ok = put_hashed(s->m, key, klen, h, val, vlen);
    pthread_mutex_unlock(&s->mu);
    return ok;
}

size_t fl_memo_shared_bytes(fl_memo_shared *m)
{
    size_t total = m ? sizeof *m : 0;
    for (size_t i = 0; m && i < (size_t)1 << m->bits; i++) {
        pthread_mutex_lock(&m->s[i].mu);
        total += fl_memo_bytes(m->s[i].m);
        pthread_mutex_unlock(&m->s[i].mu);
    }
    return total;
}
