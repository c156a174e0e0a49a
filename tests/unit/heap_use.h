/*
 * heap_use.h - how many bytes the heap holds in use, for the tests that memory does not grow
 * with the rows. Include after cmocka.h.
 */
#ifndef FL_TEST_HEAP_USE_H
#define FL_TEST_HEAP_USE_H

#include <malloc.h>
#include <stddef.h>

/* Bytes in use, blocks the allocator mapped on their own (the big ones) included; 0 where
   the C library cannot tell (the tests then skip their check). */
static inline size_t heap_in_use(void)
{
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 33)
    struct mallinfo2 mi = mallinfo2();
    return mi.uordblks + mi.hblkhd;
#else
    return 0;
#endif
}

#endif
