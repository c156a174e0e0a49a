/* keyhash.c - cache keys through XXH3-128 with a secret of the process; see keyhash.h. */
#define _GNU_SOURCE
#include "keyhash.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <sys/random.h>
#include <xxhash.h>

/* The secret: random bytes (the library asks for at least 136 that look random). */
static unsigned char secret[192];
static pthread_once_t secret_once = PTHREAD_ONCE_INIT;

static void make_secret(void)
{
    size_t have = 0;
    while (have < sizeof secret) {
        ssize_t n = getrandom(secret + have, sizeof secret - have, 0);
        if (n <= 0)
            break;
        have += (size_t)n;
    }
    if (have == sizeof secret)
        return;
    /* No random source (a kernel before 3.17 or a sandbox): a fixed secret spread from a
       seed. The answers stay right; only crafted collisions become possible. */
    uint64_t s = 0x243F6A8885A308D3ull;
    for (size_t i = 0; i < sizeof secret; i++) {
        s += 0x9E3779B97F4A7C15ull;
        uint64_t z = s;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        secret[i] = (unsigned char)(z >> 56);
    }
}

size_t fl_keyhash(const void *key, size_t len, unsigned char out[FL_KEYHASH_MAX])
{
    if (len <= FL_KEYHASH_RAW) {
        memcpy(out, key, len);
        return len;
    }
    pthread_once(&secret_once, make_secret);
    XXH128_hash_t h = XXH3_128bits_withSecret(key, len, secret, sizeof secret);
    out[0] = 'h';
    memcpy(out + 1, &h.low64, 8);
    memcpy(out + 9, &h.high64, 8);
    return FL_KEYHASH_MAX;
}
