/*
 * keyhash.h - short keys for the judge's caches: a long key (a shipper's name and address)
 * becomes a 128-bit digest, so that a cache holds two to three times as many keys in the
 * same memory (the only module that uses libxxhash).
 *
 * A key of at most FL_KEYHASH_RAW bytes is kept as it is; a longer one becomes its
 * XXH3-128 digest after a tag byte, FL_KEYHASH_MAX bytes in all. The two kinds never meet,
 * as their lengths differ. Two long keys share a cache entry only when their digests are
 * equal: for keys not made for it, a chance of about 2^-128 a pair, so some 2^-88 for a
 * run with a million distinct keys. The digest is keyed with a secret drawn from the
 * system's random source once a process, so that a shipper name cannot be made, by anyone
 * who reads this code, to take the cached answer of another (a clean one). The reports do
 * not depend on it: a cache only ever gives the answer the work would give again.
 */
#ifndef FL_KEYHASH_H
#define FL_KEYHASH_H

#include <stddef.h>

#define FL_KEYHASH_RAW 16
#define FL_KEYHASH_MAX 17

/*
 * The cache key for key[0..len) into out (FL_KEYHASH_MAX bytes); returns its length: len
 * when len <= FL_KEYHASH_RAW (a copy), else FL_KEYHASH_MAX. Thread-safe.
 */
size_t fl_keyhash(const void *key, size_t len, unsigned char out[FL_KEYHASH_MAX]);

#endif
