/*
 * small_files.h - write and read back a small test file (test_outfile, test_publish).
 * Include after cmocka.h.
 */
#ifndef FL_TEST_SMALL_FILES_H
#define FL_TEST_SMALL_FILES_H

#include <stdio.h>

/* The file's text (at most 255 bytes), or "" when it cannot be read; valid until the next
   call. */
static inline const char *contents(const char *path)
{
    static char buf[256];
    buf[0] = '\0';
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return buf;
    size_t n = fread(buf, 1, sizeof buf - 1, fp);
    buf[n] = '\0';
    fclose(fp);
    return buf;
}

/* Write text to path (the test fails when it cannot). */
static inline void put(const char *path, const char *text)
{
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    fputs(text, fp);
    assert_int_equal(fclose(fp), 0);
}

#endif
