/*
 * digest.h - SHA-256 (the only module that uses nettle).
 */
#ifndef FL_DIGEST_H
#define FL_DIGEST_H

#include <stddef.h>

typedef struct fl_sha256 fl_sha256;

/* New hashing context; NULL on allocation failure. Free with fl_sha256_free. */
fl_sha256 *fl_sha256_new(void);
void fl_sha256_update(fl_sha256 *h, const void *data, size_t len);
/* Write the lower-case hex digest (64 chars + NUL) and reset the context. */
void fl_sha256_hex(fl_sha256 *h, char out[65]);
void fl_sha256_free(fl_sha256 *h);

/* The digest of the bytes so far, into out, leaving h to go on (a copy is finished). */
void fl_sha256_peek(const fl_sha256 *h, char out[65]);

/* "nettle 3.8" for the run stamp. Borrowed. */
const char *fl_digest_version(void);

/* Hash a whole file into out; returns 0, or -1 when it cannot be read (errno set). */
int fl_sha256_file(const char *path, char out[65]);

#endif
