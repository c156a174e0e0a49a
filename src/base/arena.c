/* arena.c - bump allocator; see arena.h. */
#include "arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct fl_arena_block {
    fl_arena_block *next;
    size_t size;
    size_t used;
    _Alignas(max_align_t) unsigned char data[];
};

#define ALIGN (sizeof(max_align_t))

void *fl_arena_alloc(fl_arena *a, size_t n)
{
    size_t need = (n + ALIGN - 1) & ~(ALIGN - 1);
    fl_arena_block *b = a->head;
    if (need < n)
        return NULL;
    if (!b || b->size - b->used < need) {
        size_t bs = a->block_size ? a->block_size : 65536;
        if (bs < need)
            bs = need;
        b = malloc(sizeof(*b) + bs);
        if (!b)
            return NULL;
        b->size = bs;
        b->used = 0;
        b->next = a->head;
        a->head = b;
    }
    void *p = b->data + b->used;
    b->used += need;
    a->used_total += need;
    return p;
}

char *fl_arena_strndup(fl_arena *a, const char *s, size_t len)
{
    char *p = fl_arena_alloc(a, len + 1);
    if (!p)
        return NULL;
    if (len)
        memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *fl_arena_strdup(fl_arena *a, const char *s)
{
    return fl_arena_strndup(a, s ? s : "", s ? strlen(s) : 0);
}

char *fl_arena_printf(fl_arena *a, const char *fmt, ...)
{
    va_list ap;
    char small[256];
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    if ((size_t)n < sizeof small)
        return fl_arena_strndup(a, small, (size_t)n);
    char *p = fl_arena_alloc(a, (size_t)n + 1);
    if (!p)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

void fl_arena_adopt(fl_arena *dst, fl_arena *src)
{
    if (!src->head)
        return;
    fl_arena_block *last = src->head;
    while (last->next)
        last = last->next;
    /* behind dst's current block, which goes on serving dst's next allocations */
    if (dst->head) {
        last->next = dst->head->next;
        dst->head->next = src->head;
    } else {
        dst->head = src->head;
    }
    dst->used_total += src->used_total;
    src->head = NULL;
    src->used_total = 0;
}

void fl_arena_reset(fl_arena *a)
{
    if (!a->head)
        return;
    fl_arena_block *keep = a->head;
    fl_arena_block *b = keep->next;
    while (b) {
        fl_arena_block *next = b->next;
        free(b);
        b = next;
    }
    keep->next = NULL;
    keep->used = 0;
    a->used_total = 0;
}

void fl_arena_free(fl_arena *a)
{
    if (!a)
        return;
    fl_arena_block *b = a->head;
    while (b) {
        fl_arena_block *next = b->next;
        free(b);
        b = next;
    }
    a->head = NULL;
    a->used_total = 0;
}

bool fl_grow(void **arr, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return true;
    if (elem && need > SIZE_MAX / elem)
        return false;
    size_t ncap = *cap ? *cap : 16;
    while (ncap < need)
        ncap = ncap > SIZE_MAX / 2 ? need : ncap * 2;
    if (elem && ncap > SIZE_MAX / elem)
        ncap = need;
    void *p = realloc(*arr, ncap * elem);
    if (!p)
        return false;
    *arr = p;
    *cap = ncap;
    return true;
}
