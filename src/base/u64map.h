/*
 * u64map.h - a map from 64-bit keys to 32-bit values, 16 bytes an entry: for keys that are
 * numbers already (a case id's bits, an importer and a rule), where a string map would keep
 * a copy of every key.
 */
#ifndef FL_U64MAP_H
#define FL_U64MAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct fl_u64map {
    struct fl_u64slot *slots; /* private */
    size_t cap, n;            /* n entries; cap a power of two, at most 3/4 full */
} fl_u64map;

#define FL_U64MAP_INIT {NULL, 0, 0}

/* The value of key, or if_new stored under it when it is new (*added says which). False
   when out of memory. key may be any value but UINT64_MAX. */
bool fl_u64map_put(fl_u64map *m, uint64_t key, uint32_t if_new, uint32_t *value, bool *added);

/* The value of key; false when it is not there. */
bool fl_u64map_get(const fl_u64map *m, uint64_t key, uint32_t *value);

void fl_u64map_free(fl_u64map *m);

#endif
