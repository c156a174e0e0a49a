/* test_digest.c - SHA-256 (digest.h) against the FIPS 180-2 test vectors. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "digest.h"

#define EMPTY_SHA256 "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
#define MILLION_A_SHA256 "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"

/* FIPS 180-2 appendix B (one block, two blocks) and the empty message, and a well-known one. */
static const struct case_vec {
    const char *msg;
    const char *hex;
} vectors[] = {
    {"", EMPTY_SHA256},
    {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
    {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
     "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
    {"The quick brown fox jumps over the lazy dog",
     "d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592"},
};
#define N_VECTORS (sizeof vectors / sizeof vectors[0])

static void test_vectors(void **state)
{
    (void)state;
    fl_sha256 *h = fl_sha256_new();
    assert_non_null(h);
    char out[65];
    for (size_t i = 0; i < N_VECTORS; i++) {
        fl_sha256_update(h, vectors[i].msg, strlen(vectors[i].msg));
        fl_sha256_hex(h, out); /* also resets h for the next vector */
        assert_string_equal(out, vectors[i].hex);
    }
    fl_sha256_free(h);
}

/* Fed in pieces, split anywhere, the digest is the one-shot digest. */
static void test_incremental(void **state)
{
    (void)state;
    fl_sha256 *h = fl_sha256_new();
    assert_non_null(h);
    char out[65];
    for (size_t i = 0; i < N_VECTORS; i++) {
        const char *m = vectors[i].msg;
        size_t n = strlen(m);
        /* one byte at a time, with empty updates in between */
        for (size_t k = 0; k < n; k++) {
            fl_sha256_update(h, m + k, 1);
            fl_sha256_update(h, m, 0);
        }
        fl_sha256_hex(h, out);
        assert_string_equal(out, vectors[i].hex);
        /* two pieces, split at every position */
        for (size_t cut = 0; cut <= n; cut++) {
            fl_sha256_update(h, m, cut);
            fl_sha256_update(h, m + cut, n - cut);
            fl_sha256_hex(h, out);
            assert_string_equal(out, vectors[i].hex);
        }
    }
    /* A million 'a' (FIPS 180-2 B.3) in uneven pieces that straddle the 64-byte blocks. */
    static char a[1000];
    memset(a, 'a', sizeof a);
    size_t left = 1000000, piece = 1;
    while (left) {
        size_t k = piece < left ? piece : left;
        fl_sha256_update(h, a, k);
        left -= k;
        piece = piece % 937 + 63; /* at most 999 */
    }
    fl_sha256_hex(h, out);
    assert_string_equal(out, MILLION_A_SHA256);
    fl_sha256_free(h);
}

/* fl_sha256_hex resets: a second digest with nothing added is the empty message's. */
static void test_reset(void **state)
{
    (void)state;
    fl_sha256 *h = fl_sha256_new();
    assert_non_null(h);
    char out[65];
    fl_sha256_hex(h, out);
    assert_string_equal(out, EMPTY_SHA256);
    fl_sha256_update(h, "abc", 3);
    fl_sha256_hex(h, out);
    fl_sha256_hex(h, out);
    assert_string_equal(out, EMPTY_SHA256);
    /* Lower-case hex, 64 digits and a NUL. */
    fl_sha256_update(h, "abc", 3);
    memset(out, 'X', sizeof out);
    fl_sha256_hex(h, out);
    assert_int_equal(out[64], '\0');
    for (size_t i = 0; i < 64; i++)
        assert_non_null(strchr("0123456789abcdef", out[i]));
    fl_sha256_free(h);
    fl_sha256_free(NULL);
}

static void write_file(const char *path, const char *data, size_t len, size_t times)
{
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    for (size_t i = 0; i < times; i++)
        assert_int_equal(fwrite(data, 1, len, fp), len);
    assert_int_equal(fclose(fp), 0);
}

/* Whole files, bigger than one read, empty, missing, and a folder. */
static void test_file(void **state)
{
    (void)state;
    char dir[64] = "digest-test-XXXXXX", path[128], out[65];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/data.bin", dir);

    for (size_t i = 0; i < N_VECTORS; i++) {
        write_file(path, vectors[i].msg, strlen(vectors[i].msg), 1);
        assert_int_equal(fl_sha256_file(path, out), 0);
        assert_string_equal(out, vectors[i].hex);
    }
    static char a[1000];
    memset(a, 'a', sizeof a);
    write_file(path, a, sizeof a, 1000);
    assert_int_equal(fl_sha256_file(path, out), 0);
    assert_string_equal(out, MILLION_A_SHA256);
    /* Bytes that are not text, NUL included, count as they are. */
    write_file(path, "ab\0c", 4, 1);
    char with_nul[65];
    assert_int_equal(fl_sha256_file(path, with_nul), 0);
    fl_sha256 *h = fl_sha256_new();
    assert_non_null(h);
    fl_sha256_update(h, "ab\0c", 4);
    fl_sha256_hex(h, out);
    fl_sha256_free(h);
    assert_string_equal(with_nul, out);
    unlink(path);

    memset(out, 'X', sizeof out);
    errno = 0;
    assert_int_equal(fl_sha256_file(path, out), -1);
    assert_int_equal(errno, ENOENT);
    assert_int_equal(fl_sha256_file(dir, out), -1); /* a folder cannot be read */
    assert_int_equal(rmdir(dir), 0);
}

static void test_version(void **state)
{
    (void)state;
    const char *v = fl_digest_version();
    assert_non_null(v);
    assert_memory_equal(v, "nettle ", 7);
    int major = -1, minor = -1;
    assert_int_equal(sscanf(v + 7, "%d.%d", &major, &minor), 2);
    assert_true(major >= 3);
    assert_true(minor >= 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vectors), cmocka_unit_test(test_incremental),
        cmocka_unit_test(test_reset),   cmocka_unit_test(test_file),
        cmocka_unit_test(test_version),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
