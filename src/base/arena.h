/*
 * arena.h - bump allocator for strings and small objects that live as long as their owner.
 *
 * Blocks are chained; nothing is freed individually. fl_arena_reset() keeps the first
 * block for reuse (per-record scratch), fl_arena_free() releases everything.
 * Allocation failure returns NULL; callers report FL_ERR_NOMEM.
 */
#ifndef FL_ARENA_H
#define FL_ARENA_H

#include <stdbool.h>
#include <stddef.h>

typedef struct fl_arena_block fl_arena_block;

typedef struct fl_arena {
    fl_arena_block *head;
    size_t block_size; /* default size of new blocks; 0 means 64 KiB */
    size_t used_total; /* bytes handed out since the last reset */
} fl_arena;

/* Zero-initialise with FL_ARENA_INIT or memset; no other setup needed. */
#define FL_ARENA_INIT {NULL, 0, 0}

/* n bytes aligned for any object; NULL on failure. Owned by the arena. */
void *fl_arena_alloc(fl_arena *a, size_t n);

/* Copy s[0..len) and add a NUL. NULL on failure. Owned by the arena. */
char *fl_arena_strndup(fl_arena *a, const char *s, size_t len);

/* Copy a NUL-terminated string (NULL gives ""). */
char *fl_arena_strdup(fl_arena *a, const char *s);

/* printf into the arena. */
char *fl_arena_printf(fl_arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Forget all allocations but keep the newest block for reuse. */
void fl_arena_reset(fl_arena *a);

/* dst takes src's blocks, src is left empty: what src handed out lives until dst is freed.
   For work done apart (on another thread) whose results join dst's. */
void fl_arena_adopt(fl_arena *dst, fl_arena *src);

/* Release every block. The arena may be reused afterwards. NULL-safe. */
void fl_arena_free(fl_arena *a);

/*
 * The other kind of owned memory here: a heap array *arr of *cap elements of elem bytes,
 * grown by doubling (from 16) until it holds need. False when out of memory (or need * elem
 * overflows); *arr and *cap are then unchanged.
 */
bool fl_grow(void **arr, size_t *cap, size_t need, size_t elem);

#endif
