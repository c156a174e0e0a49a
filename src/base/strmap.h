/*
 * strmap.h - a hash map from byte strings to 32-bit values.
 *
 * The project's one hash table from text: supplier ids and name keys (supply.c), importer
 * spellings and party keys (rollup.c), holdings' aliases, country names and aliases,
 * gazetteer places, ports, the entity index's tokens and names (the memo cache keeps its
 * own compact index, over fl_hash_bytes()). Keys are copied into the map (any bytes, NUL
 * included; length-delimited); values are the caller's
 * 32 bits, usually an index into its own array (which is how a table holds wider values:
 * the map finds the index, the array holds the record). Open addressing with linear probing over
 * fl_hash_bytes() (below); the table doubles at half load, so a look-up is O(1) expected.
 * A map holds at most FL_STRMAP_MAX entries; insertion past that fails with FL_ERR_NOMEM.
 * Not thread-safe for writing; concurrent fl_strmap_get() calls are fine.
 */
#ifndef FL_STRMAP_H
#define FL_STRMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "common.h"

#define FL_STRMAP_MAX ((size_t)1 << 30)

typedef struct fl_strmap fl_strmap;

/* An empty map; NULL when out of memory. Free with fl_strmap_free(). */
fl_strmap *fl_strmap_new(void);

/* Release the map and its key copies. NULL-safe. */
void fl_strmap_free(fl_strmap *m);

/* Number of entries. 0 for NULL. */
size_t fl_strmap_count(const fl_strmap *m);

/*
 * Look key[0..len) up (key borrowed; may be NULL when len is 0). True with *value set (value
 * may be NULL) when present; false otherwise and for a NULL map.
 */
bool fl_strmap_get(const fl_strmap *m, const char *key, size_t len, uint32_t *value);

/*
 * Find key[0..len), or add it with value if_new. *value (may be NULL) receives the stored
 * value: the existing one when the key was present, else if_new; *added (may be NULL) says
 * which. *stored_key (may be NULL) receives the map's NUL-terminated copy of the key, owned by
 * the map and valid until fl_strmap_free(). Returns FL_OK or FL_ERR_NOMEM (map unchanged).
 */
fl_status fl_strmap_put(fl_strmap *m, const char *key, size_t len, uint32_t if_new, uint32_t *value,
                        bool *added, const char **stored_key);

/*
 * fl_strmap_get() and fl_strmap_put() for a caller that has the key's hash already
 * (hash must be fl_hash_bytes(key, len); a caller that asks and then adds, or hashes once
 * for several tables, saves the second pass over the key). Same results and ownership.
 */
bool fl_strmap_get_h(const fl_strmap *m, const char *key, size_t len, uint64_t hash,
                     uint32_t *value);
fl_status fl_strmap_put_h(fl_strmap *m, const char *key, size_t len, uint64_t hash, uint32_t if_new,
                          uint32_t *value, bool *added, const char **stored_key);

/*
 * Forget every entry and every key copy (stored keys handed out before become invalid);
 * the slot table keeps its size, so a map that is filled and cleared over and over (a
 * bounded cache) allocates its slots once. NULL-safe.
 */
void fl_strmap_clear(fl_strmap *m);

/*
 * The project's hash for lookup tables (not cryptographic: SHA-256 is digest.h): 64-bit,
 * eight bytes a step. Every in-memory table uses it, so there is one to get right.
 */
uint64_t fl_hash_bytes(const void *data, size_t len);

#endif
