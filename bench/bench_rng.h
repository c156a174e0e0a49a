/*
 * bench_rng.h - the benchmark programs' deterministic random numbers: the same sequence on
 * every run and machine, so that the synthetic inputs they build are always the same. The
 * generators draw from splitmix64 (seeded through rng_state), the timing programs pick with
 * xorshift64. Plain C11, no project library.
 */
#ifndef FL_BENCH_RNG_H
#define FL_BENCH_RNG_H

#include <stdint.h>

/* splitmix64: set rng_state to the seed, then draw. */
static uint64_t rng_state;

static inline uint64_t rnd64(void)
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* xorshift64: a number in [0, n). */
static uint64_t rng = 0x9E3779B97F4A7C15u;

static inline unsigned pick(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

#endif
