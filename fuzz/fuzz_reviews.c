/*
 * fuzz_reviews.c - libFuzzer target for the reviews reader (reviews.h): decisions read back
 * from a workbook (a zip of XML parts, through libzip and libxml2) or from a CSV.
 *
 * Input, by its first bytes:
 *   "PK\3\4"  a workbook: the bytes are the file (zip structure, compression and XML all
 *             under the fuzzer's hand; seeds are real workbooks);
 *   NUL       the parts of a workbook, NUL-separated, in this order: xl/workbook.xml,
 *             xl/_rels/workbook.xml.rels, xl/worksheets/sheet1.xml, xl/sharedStrings.xml,
 *             docProps/core.xml, xl/styles.xml. The target zips them (stored, with good CRCs) so that every
 *             mutation reaches the XML readers instead of failing a checksum; an empty part
 *             is left out of the archive;
 *   other     a CSV (fingerprint or case,disposition,note[,reviewer,date]): the bytes are the
 *             file.
 * The file is written to one temporary file in $TMPDIR and read with fl_reviews_read().
 * When the input's size is a multiple of 5 the callback stops the read at the first
 * decision with FL_ERR_OUTPUT, which must come back as the result. When it is a multiple
 * of 3 the read runs under small caps (a part of 4 KiB, 4 KiB + 4 times the file
 * inflated, 256 bytes of shared strings, 4 rows, 4 cells), so that every cap is passed
 * often; else under the defaults (with inputs of a few KB the inflation cap keeps a read
 * under about 17 MB inflated). When it is a multiple of 7 the read is given a reviewer
 * (--reviewer). The callback takes every other decision (the fallback counts).
 *
 * Checked besides memory safety: the status is OK, an input error, out of memory or the
 * callback's; each decision has either a fingerprint of 64 lower-case hex digits or a case
 * id ("C-" and 12 lower-case hex digits), a canonical
 * disposition, a note trimmed at both ends, a reviewer, a date that is empty or a real
 * YYYY-MM-DD date, and a source that names the file; the stats count the callbacks, no
 * more decisions and skips than rows, and no more fallbacks than decisions.
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dates.h"
#include "reviews.h"

static char path[4096];

typedef struct seen {
    size_t calls, stop_after;
} seen;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void cleanup(void)
{
    unlink(path);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *dir = getenv("TMPDIR");
    snprintf(path, sizeof path, "%s/fuzz-reviews-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0)
        abort();
    close(fd);
    atexit(cleanup);
    return 0;
}

/* ---- a stored zip, written by hand ------------------------------------------------------ */

static uint32_t crc32_of(const uint8_t *p, size_t n)
{
    static uint32_t table[256];
    if (!table[1])
        for (uint32_t i = 0; i < 256; i++) {
            uint32_t c = i;
            for (int k = 0; k < 8; k++)
                c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[i] = c;
        }
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++)
        c = table[(c ^ p[i]) & 0xFF] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

typedef struct out {
    uint8_t *p;
    size_t len, cap;
} out;

static void put(out *o, const void *p, size_t n)
{
    if (o->len + n > o->cap) {
        o->cap = (o->len + n) * 2;
        o->p = realloc(o->p, o->cap);
        if (!o->p)
            abort();
    }
    if (n)
        memcpy(o->p + o->len, p, n);
    o->len += n;
}

static void put16(out *o, unsigned v)
{
    uint8_t b[2] = {(uint8_t)v, (uint8_t)(v >> 8)};
    put(o, b, 2);
}

static void put32(out *o, uint32_t v)
{
    uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
    put(o, b, 4);
}

/* The common part of a local and a central header, from "version needed" to "extra len". */
static void put_entry(out *o, const char *name, uint32_t crc, size_t size)
{
    put16(o, 20);     /* version needed: 2.0 */
    put16(o, 0);      /* flags */
    put16(o, 0);      /* stored */
    put16(o, 0);      /* time */
    put16(o, 0x21);   /* date: 1980-01-01 */
    put32(o, crc);
    put32(o, (uint32_t)size);
    put32(o, (uint32_t)size);
    put16(o, (unsigned)strlen(name));
    put16(o, 0);      /* extra */
}

static void zip_parts(out *o, const uint8_t *data, size_t size)
{
    static const char *const names[] = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                                        "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml",
                                        "docProps/core.xml", "xl/styles.xml"};
    enum { N = sizeof names / sizeof *names };
    const uint8_t *part[N];
    size_t len[N], at[N];
    uint32_t crc[N];
    const uint8_t *p = data, *end = data + size;
    for (size_t i = 0; i < N; i++) {
        const uint8_t *nul = i + 1 < N ? memchr(p, 0, (size_t)(end - p)) : NULL;
        part[i] = p;
        len[i] = (size_t)((nul ? nul : end) - p);
        crc[i] = crc32_of(p, len[i]);
        p = nul ? nul + 1 : end;
    }
    unsigned n = 0;
    for (size_t i = 0; i < N; i++) {
        if (!len[i])
            continue;
        at[i] = o->len;
        put32(o, 0x04034b50);
        put_entry(o, names[i], crc[i], len[i]);
        put(o, names[i], strlen(names[i]));
        put(o, part[i], len[i]);
        n++;
    }
    size_t cd = o->len;
    for (size_t i = 0; i < N; i++) {
        if (!len[i])
            continue;
        put32(o, 0x02014b50);
        put16(o, 20); /* made by */
        put_entry(o, names[i], crc[i], len[i]);
        put16(o, 0);  /* comment */
        put16(o, 0);  /* disk */
        put16(o, 0);  /* internal attributes */
        put32(o, 0);  /* external attributes */
        put32(o, (uint32_t)at[i]);
        put(o, names[i], strlen(names[i]));
    }
    size_t cd_len = o->len - cd;
    put32(o, 0x06054b50);
    put16(o, 0);
    put16(o, 0);
    put16(o, n);
    put16(o, n);
    put32(o, (uint32_t)cd_len);
    put32(o, (uint32_t)cd);
    put16(o, 0);
}

/* ---- the decisions ---------------------------------------------------------------------- */

static fl_status on_decision(const fl_decision *d, void *ctx, bool *taken)
{
    seen *s = ctx;
    s->calls++;
    *taken = s->calls % 2 == 0;
    if (!d->fingerprint == !d->case_id || !d->disposition || !d->note || !d->reviewer ||
        !d->date || !d->source)
        abort();
    const char *id = d->fingerprint ? d->fingerprint : d->case_id + 2;
    size_t n = d->fingerprint ? 64 : 12;
    if (strlen(id) != n || (d->case_id && strncmp(d->case_id, "C-", 2) != 0))
        abort();
    for (size_t i = 0; i < n; i++)
        if (!isxdigit((unsigned char)id[i]) || isupper((unsigned char)id[i]))
            abort();
    if (fl_disposition_canonical(d->disposition, strlen(d->disposition)) != d->disposition)
        abort();
    size_t nl = strlen(d->note);
    if (nl && (isspace((unsigned char)d->note[0]) || isspace((unsigned char)d->note[nl - 1])))
        abort();
    if (d->date[0] && (strlen(d->date) != 10 || !fl_date_parse_iso(d->date, 10)))
        abort();
    if (strncmp(d->source, path, strlen(path)) != 0)
        abort();
    return s->calls == s->stop_after ? FL_ERR_OUTPUT : FL_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    out file = {NULL, 0, 0};
    if (size && data[0] == 0)
        zip_parts(&file, data + 1, size - 1);
    else
        put(&file, data, size);
    FILE *fp = fopen(path, "wb");
    if (!fp || (file.len && fwrite(file.p, 1, file.len, fp) != file.len) || fclose(fp) != 0)
        abort();
    free(file.p);

    seen s = {0, size % 5 == 0 ? 1 : 0};
    fl_reviews_stats stats;
    memset(&stats, 0xA5, sizeof stats);
    static const fl_reviews_limits small = {4096, 4096, 4, 256, 4, 4};
    static const fl_reviews_limits defaults = FL_REVIEWS_LIMITS_DEFAULT;
    fl_status st = fl_reviews_read_limits(path, size % 3 == 0 ? &small : &defaults,
                                          size % 7 == 0 ? "fuzz" : NULL, on_decision, &s, &stats);
    if (st != FL_OK && st != FL_ERR_INPUT && st != FL_ERR_NOMEM && st != FL_ERR_OUTPUT)
        abort();
    if ((st == FL_ERR_OUTPUT) != (s.stop_after && s.calls == s.stop_after))
        abort();
    if (stats.decisions != s.calls || stats.decisions + stats.skipped > stats.rows ||
        stats.unnamed > stats.decisions || stats.dated > stats.decisions)
        abort();
    return 0;
}
