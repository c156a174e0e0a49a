/* digest.c - SHA-256 through nettle; see digest.h. */
#include "digest.h"

#include <nettle/sha2.h>
#include <nettle/version.h>
#include <stdio.h>
#include <stdlib.h>

struct fl_sha256 {
    struct sha256_ctx ctx;
};

fl_sha256 *fl_sha256_new(void)
{
    fl_sha256 *h = malloc(sizeof *h);
    if (h)
        sha256_init(&h->ctx);
    return h;
}

void fl_sha256_update(fl_sha256 *h, const void *data, size_t len)
{
    sha256_update(&h->ctx, len, data);
}

void fl_sha256_hex(fl_sha256 *h, char out[65])
{
    static const char hex[] = "0123456789abcdef";
    unsigned char d[SHA256_DIGEST_SIZE];
    sha256_digest(&h->ctx, sizeof d, d);
    for (size_t i = 0; i < sizeof d; i++) {
        out[2 * i] = hex[d[i] >> 4];
        out[2 * i + 1] = hex[d[i] & 15];
    }
    out[64] = '\0';
}

void fl_sha256_peek(const fl_sha256 *h, char out[65])
{
    fl_sha256 copy = *h;
    fl_sha256_hex(&copy, out);
}

void fl_sha256_free(fl_sha256 *h)
{
    free(h);
}

int fl_sha256_file(const char *path, char out[65])
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return -1;
    fl_sha256 h;
    sha256_init(&h.ctx);
    unsigned char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
        sha256_update(&h.ctx, n, buf);
    int err = ferror(fp);
    fclose(fp);
    if (err)
        return -1;
    fl_sha256_hex(&h, out);
    return 0;
}

const char *fl_digest_version(void)
{
    static char buf[32];
    if (!buf[0])
        snprintf(buf, sizeof buf, "nettle %d.%d", nettle_version_major(), nettle_version_minor());
    return buf;
}
