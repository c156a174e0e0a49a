/* test_memo.c - the bounded result cache (memo.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "heap_use.h"
#include "memo.h"

/* Values come back as stored, the table grows past its first size, and keys are bytes. */
static void test_get_put(void **state)
{
    (void)state;
    fl_memo *m = fl_memo_new(20000, 8u << 20);
    assert_non_null(m);
    char key[32];
    size_t vlen;
    for (int round = 0; round < 2; round++)
        for (int i = 0; i < 10000; i++) {
            int n = snprintf(key, sizeof key, "key %d", i);
            const int *v = fl_memo_get(m, key, (size_t)n, &vlen);
            if (round == 0) {
                assert_null(v);
                int val[3] = {i, -i, 7};
                assert_true(fl_memo_put(m, key, (size_t)n, val, sizeof val));
            } else {
                assert_non_null(v);
                assert_int_equal((uintptr_t)v % 8, 0);
                assert_int_equal(vlen, 3 * sizeof(int));
                assert_int_equal(v[0], i);
                assert_int_equal(v[1], -i);
            }
        }
    /* an empty value, an empty key, a key with a NUL, a prefix of another key */
    assert_true(fl_memo_put(m, "a\0b", 3, NULL, 0));
    assert_true(fl_memo_put(m, "", 0, "x", 1));
    assert_non_null(fl_memo_get(m, "a\0b", 3, &vlen));
    assert_int_equal(vlen, 0);
    assert_null(fl_memo_get(m, "a", 1, &vlen));
    const char *x = fl_memo_get(m, "", 0, &vlen);
    assert_non_null(x);
    assert_int_equal(vlen, 1);
    assert_int_equal(x[0], 'x');
    /* a second put of a key keeps the first value (pure functions: it is the same) */
    assert_true(fl_memo_put(m, "", 0, "y", 1));
    x = fl_memo_get(m, "", 0, &vlen);
    assert_non_null(x);
    assert_int_equal(x[0], 'x');
    assert_null(fl_memo_get(m, "never", 5, &vlen));
    fl_memo_free(m);
    fl_memo_free(NULL);
    assert_int_equal(fl_memo_bytes(NULL), 0);
}

/* At either bound the cache drops its oldest keys and goes on. */
static void test_bounds(void **state)
{
    (void)state;
    fl_memo *m = fl_memo_new(100, 1u << 20);
    assert_non_null(m);
    char key[32];
    size_t vlen;
    for (int i = 0; i < 1000; i++) {
        int n = snprintf(key, sizeof key, "k%d", i);
        assert_true(fl_memo_put(m, key, (size_t)n, &i, sizeof i));
        const int *v = fl_memo_get(m, key, (size_t)n, &vlen);
        assert_non_null(v);
        assert_int_equal(*v, i);
    }
    int kept = 0;
    for (int i = 0; i < 1000; i++) {
        int n = snprintf(key, sizeof key, "k%d", i);
        kept += fl_memo_get(m, key, (size_t)n, &vlen) != NULL;
    }
    assert_true(kept >= 50 && kept <= 100); /* the entry bound */
    assert_null(fl_memo_get(m, "k0", 2, &vlen)); /* forgotten */
    assert_non_null(fl_memo_get(m, "k999", 4, &vlen));
    fl_memo_free(m);

    static char big[4096];
    m = fl_memo_new(1000, 10000);
    assert_non_null(m);
    for (int i = 0; i < 10; i++) {
        int n = snprintf(key, sizeof key, "b%d", i);
        assert_true(fl_memo_put(m, key, (size_t)n, big, sizeof big));
        assert_non_null(fl_memo_get(m, key, (size_t)n, &vlen));
        assert_true(fl_memo_bytes(m) <= 10000);
    }
    assert_null(fl_memo_get(m, "b0", 2, &vlen));
    fl_memo_free(m);
}

/*
 * A key in use survives however many keys pass once; one not used since it went in goes.
 * An entry too big to keep is not kept and costs the others nothing.
 */
static void test_second_chance(void **state)
{
    (void)state;
    fl_memo *m = fl_memo_new(64, 1u << 20);
    assert_non_null(m);
    int hot = 42, cold = 7;
    assert_true(fl_memo_put(m, "hot", 3, &hot, sizeof hot));
    assert_true(fl_memo_put(m, "cold", 4, &cold, sizeof cold));
    char key[32];
    size_t vlen;
    for (int i = 0; i < 5000; i++) {
        int n = snprintf(key, sizeof key, "once %d", i);
        assert_null(fl_memo_get(m, key, (size_t)n, &vlen));
        assert_true(fl_memo_put(m, key, (size_t)n, &i, sizeof i));
        if (i % 16 == 0) {
            const int *v = fl_memo_get(m, "hot", 3, &vlen);
            assert_non_null(v);
            assert_int_equal(*v, 42);
            assert_int_equal(vlen, sizeof(int));
        }
    }
    assert_null(fl_memo_get(m, "cold", 4, &vlen));
    assert_null(fl_memo_get(m, "once 0", 6, &vlen));
    /* a value over 65535 bytes, a key over 32767 */
    static char big[70000];
    assert_true(fl_memo_put(m, "big", 3, big, sizeof big));
    assert_null(fl_memo_get(m, "big", 3, &vlen));
    assert_true(fl_memo_put(m, big, 40000, &hot, sizeof hot));
    assert_null(fl_memo_get(m, big, 40000, &vlen));
    assert_non_null(fl_memo_get(m, "hot", 3, &vlen));
    fl_memo_free(m);

    /* a value bigger than the whole bound */
    m = fl_memo_new(64, 16384);
    assert_non_null(m);
    assert_true(fl_memo_put(m, "hot", 3, &hot, sizeof hot));
    assert_true(fl_memo_put(m, "big", 3, big, 20000));
    assert_null(fl_memo_get(m, "big", 3, &vlen));
    assert_non_null(fl_memo_get(m, "hot", 3, &vlen));
    assert_true(fl_memo_bytes(m) <= 16384);
    fl_memo_free(m);
}

/*
 * Without look-ups the ring is first in, first out: the keys it holds are the newest ones,
 * all of them (none lost from the index when others leave it) and as many as fit.
 */
static void test_oldest_first(void **state)
{
    (void)state;
    fl_memo *m = fl_memo_new(1000000, 256 * 1024);
    assert_non_null(m);
    char key[32];
    char val[16] = "sixteen bytes..";
    size_t vlen;
    enum { N = 50000 };
    for (int i = 0; i < N; i++) {
        int n = snprintf(key, sizeof key, "key %06d", i);
        assert_true(fl_memo_put(m, key, (size_t)n, val, sizeof val));
    }
    int newest = 0;
    for (int i = N - 1; i >= 0; i--) {
        int n = snprintf(key, sizeof key, "key %06d", i);
        if (!fl_memo_get(m, key, (size_t)n, &vlen))
            break;
        newest++;
    }
    for (int i = 0; i < N - newest; i++) {
        int n = snprintf(key, sizeof key, "key %06d", i);
        assert_null(fl_memo_get(m, key, (size_t)n, &vlen));
    }
    /* a record takes 40 bytes (8 + 10 + 16, padded) and 5-11 of index */
    assert_true(newest >= 256 * 1024 / 52);
    assert_true(fl_memo_bytes(m) <= 256 * 1024);
    fl_memo_free(m);
}

/* A small deterministic generator (xorshift), so a failure replays. */
static uint32_t rnd(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return (uint32_t)(*s >> 32);
}

struct bound_case {
    size_t max_entries, max_bytes;
    uint32_t keys;     /* distinct keys drawn from */
    size_t kmax, vmax; /* longest key and value */
    int gets_per_put;  /* look-ups of recent keys between puts */
};

/* Key number k: its bytes (any, NUL included) and length, a function of k alone. */
static size_t key_of(uint32_t k, const struct bound_case *c, unsigned char *out)
{
    uint64_t s = 0x9E3779B97F4A7C15ull * (k + 1);
    size_t len = 4 + rnd(&s) % (c->kmax - 3);
    memcpy(out, &k, 4);
    for (size_t i = 4; i < len; i++)
        out[i] = (unsigned char)rnd(&s);
    return len;
}

/* The value of key number k: its length and bytes, a function of k alone. */
static size_t value_of(uint32_t k, const struct bound_case *c, unsigned char *out)
{
    uint64_t s = 0xD1B54A32D192ED03ull * (k + 7);
    size_t len = rnd(&s) % (c->vmax + 1);
    for (size_t i = 0; i < len; i++)
        out[i] = (unsigned char)(k + i);
    return len;
}

/* Bytes the process has from the allocator (glibc: the heap's and the mapped blocks'); 0
   where that is not known (or a sanitizer's allocator does not say). */
/*
 * The memory bound counts everything the cache holds: fl_memo_bytes(), checked after every
 * put over caches of every shape, while records wrap round the ring, move for their second
 * chance and leave the index; what the allocator gave out, where it says; and at least the
 * records it holds and their index slots, so the count leaves nothing out. Every hit gives
 * the value stored under that key, and a full cache holds as many keys as its bytes allow,
 * not a few.
 */
static void test_memory_bound(void **state)
{
    (void)state;
    static const struct bound_case cases[] = {
        {1000000, 2048, 5000, 40, 20, 1},          /* the index's floor, small records */
        {1000000, 65536, 20000, 60, 1, 2},         /* the quiet cache's shape */
        {1000000, 1u << 20, 50000, 120, 24, 3},    /* the place cache's shape */
        {1000000, 256 * 1024, 4000, 300, 4000, 1}, /* large values */
        {500, 1u << 20, 3000, 30, 8, 2},           /* the entry bound first */
        {1000000, 300000, 100000, 16, 0, 0},       /* puts only: oldest first */
    };
    static unsigned char key[512], val[4096], want[4096];
    for (size_t ci = 0; ci < sizeof cases / sizeof cases[0]; ci++) {
        const struct bound_case *c = &cases[ci];
        size_t heap0 = heap_in_use();
        fl_memo *m = fl_memo_new(c->max_entries, c->max_bytes);
        assert_non_null(m);
        uint64_t s = 0x1234567 + ci;
        size_t peak = 0, hits = 0, record_bytes = 0, puts = 0;
        uint32_t recent[64] = {0};
        for (int op = 0; op < 200000; op++) {
            uint32_t k = rnd(&s) % c->keys;
            size_t kl = key_of(k, c, key), vlen;
            const unsigned char *v = fl_memo_get(m, key, kl, &vlen);
            if (v) {
                size_t wl = value_of(k, c, want);
                assert_int_equal(vlen, wl);
                assert_memory_equal(v, want, wl);
                hits++;
            } else {
                size_t vl = value_of(k, c, val);
                assert_true(fl_memo_put(m, key, kl, val, vl));
                record_bytes += 8 + kl + vl;
                puts++;
                recent[puts % 64] = k;
                size_t b = fl_memo_bytes(m);
                assert_true(b <= c->max_bytes);
                if (b > peak)
                    peak = b;
            }
            for (int g = 0; g < c->gets_per_put; g++) {
                uint32_t r = recent[rnd(&s) % 64];
                kl = key_of(r, c, key);
                if ((v = fl_memo_get(m, key, kl, &vlen))) {
                    size_t wl = value_of(r, c, want);
                    assert_int_equal(vlen, wl);
                    assert_memory_equal(v, want, wl);
                }
            }
        }
        /* It filled its bound (more than it could hold was put) and holds what its bytes
           allow, the key put last among them (the newest is never the one to go). */
        assert_true(record_bytes > c->max_bytes);
        size_t heap1 = heap_in_use();
        /* the allocator's headers and page rounding included; it may hold on to a small
           block freed when the index grew */
        if (heap1 > heap0)
            assert_true(heap1 - heap0 <= c->max_bytes + 2048);
        size_t kl = key_of(recent[puts % 64], c, key), vlen;
        assert_non_null(fl_memo_get(m, key, kl, &vlen));
        if (c->max_entries > c->keys) {
            assert_true(peak >= c->max_bytes / 4 * 3);
            size_t held = 0, n = 0;
            for (uint32_t k = 0; k < c->keys; k++) {
                kl = key_of(k, c, key);
                if (fl_memo_get(m, key, kl, &vlen)) {
                    held += (8 + kl + vlen + 7) / 8 * 8;
                    n++;
                }
            }
            assert_true(held >= c->max_bytes / 2);
            assert_true(fl_memo_bytes(m) >= held + n * 4 * 4 / 3);
        }
        assert_true(hits > 0);
        fl_memo_free(m);
    }
}

/* What a shared cache's threads do: look up keys of a stream, compute and put the misses,
   and check every value found is the one its key gives. */
typedef struct sharer {
    fl_memo_shared *m;
    unsigned seed;
    size_t hits, bad;
} sharer;

static void *share_thread(void *arg)
{
    sharer *s = arg;
    uint64_t x = s->seed;
    for (size_t i = 0; i < 200000; i++) {
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        unsigned k = (unsigned)(x >> 33) % 5000; /* keys repeat: both threads want them */
        char key[32], val[64], want[64];
        int klen = snprintf(key, sizeof key, "shipper %u", k);
        int wlen = snprintf(want, sizeof want, "value of %u, %*s", k, (int)(k % 17), "");
        size_t vlen;
        if (fl_memo_shared_get(s->m, key, (size_t)klen, val, sizeof val, &vlen)) {
            s->hits++;
            s->bad += vlen != (size_t)wlen || memcmp(val, want, vlen) != 0;
        } else {
            fl_memo_shared_put(s->m, key, (size_t)klen, want, (size_t)wlen);
        }
    }
    return NULL;
}

/*
 * Four threads share one cache, in stripes: every value found is its key's, whatever the
 * others evict meanwhile; keys repeat, so most look-ups hit; the memory stays in its bound;
 * a value larger than the caller's room is not handed out.
 */
static void test_shared(void **state)
{
    (void)state;
    size_t bound = 256 * 1024; /* less than the 5,000 keys take: evictions all along */
    fl_memo_shared *m = fl_memo_shared_new(100000, bound, 16);
    assert_non_null(m);
    pthread_t tid[4];
    sharer s[4];
    for (unsigned t = 0; t < 4; t++) {
        s[t] = (sharer){m, t + 1, 0, 0};
        assert_int_equal(pthread_create(&tid[t], NULL, share_thread, &s[t]), 0);
    }
    for (unsigned t = 0; t < 4; t++) {
        pthread_join(tid[t], NULL);
        assert_int_equal(s[t].bad, 0);
        assert_true(s[t].hits > 100000);
    }
    assert_true(fl_memo_shared_bytes(m) <= bound + 4096);
    char small[4];
    size_t vlen;
    assert_true(fl_memo_shared_put(m, "k", 1, "a longer value", 14));
    assert_false(fl_memo_shared_get(m, "k", 1, small, sizeof small, &vlen));
    fl_memo_shared_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_get_put),
        cmocka_unit_test(test_bounds),
        cmocka_unit_test(test_second_chance),
        cmocka_unit_test(test_oldest_first),
        cmocka_unit_test(test_memory_bound),
        cmocka_unit_test(test_shared),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
