/*
 * bench_rng.h - the benchmark programs' deterministic picks (xorshift64): the same sequence
 * on every run and machine, so that the synthetic inputs they build are always the same.
 */
#ifndef FL_BENCH_RNG_H
#define FL_BENCH_RNG_H

#include <stdint.h>

static uint64_t rng = 0x9E3779B97F4A7C15u;

/* A number in [0, n). */
static unsigned pick(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

/* An element of array a. */
#define PICK(a) (a)[pick(sizeof(a) / sizeof((a)[0]))]

#endif
