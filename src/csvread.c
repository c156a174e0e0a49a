/* csvread.c - libcsv behind a record callback with line numbers; see csvread.h. */
#include "csvread.h"

#include <csv.h>
#include <errno.h>
#include <pthread.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "interrupt.h"

#define READ_BLOCK (1u << 20)
/* libcsv grows a field's buffer by this much at a time (its default, 128 bytes, makes a
   16 MiB field cost 131,072 reallocations). */
#define FIELD_BLOCK (64u * 1024u)
/* Room above the record cap in libcsv's field buffer: a field exactly at the cap still has
   its closing quote, some spaces after it and the byte libcsv reads before growing. */
#define FIELD_SLACK 64u

#if CSV_MAJOR != 3
#error "csvread.c relies on libcsv 3's parser states (see make_room)"
#endif

typedef struct reader {
    fl_csv_limits lim;
    fl_csv_row_fn on_row;
    void *ctx;
    int stop;

    /* current record: field bytes packed in buf, boundaries in offs */
    char *buf;
    size_t len, cap;
    size_t *offs; /* offs[2*i] = start, offs[2*i+1] = end */
    fl_slice *slices;
    size_t cap_slices;
    size_t n_fields, cap_fields;
    bool oversize, too_many;
    bool cut_field;     /* the field libcsv is collecting outgrew the cap (see make_room) */
    size_t squeeze_len; /* its text when spaces were squeezed out of it; SIZE_MAX: none */

    uint64_t line;     /* current physical line (1-based) */
    uint64_t rec_line; /* line where the current record started */
    bool await_start;  /* the next non-blank chunk starts a record */
    uint64_t index;
    char errbuf[256];
    const char *final_error; /* set at end of file when a quote was left open */
    fl_status st;
} reader;

static bool grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return true;
    size_t nc = *cap ? *cap : 16;
    while (nc < need)
        nc *= 2;
    void *q = realloc(*p, nc * elem);
    if (!q)
        return false;
    *p = q;
    *cap = nc;
    return true;
}

static void on_field(void *s, size_t n, void *data)
{
    reader *r = data;
    bool cut = r->cut_field || (r->squeeze_len != SIZE_MAX && n > r->squeeze_len);
    r->cut_field = false;
    r->squeeze_len = SIZE_MAX;
    if (r->stop || r->st != FL_OK)
        return;
    if (r->n_fields >= r->lim.max_fields) {
        r->too_many = true;
        r->n_fields++;
        return;
    }
    if (cut || r->len + n > r->lim.max_record_bytes) {
        r->oversize = true;
        n = 0; /* keep the field count right, drop the bytes */
    }
    size_t need = r->n_fields + 1;
    if (!grow((void **)&r->offs, &r->cap_fields, need * 2, sizeof *r->offs) ||
        !grow((void **)&r->buf, &r->cap, r->len + n + 1, 1)) {
        r->st = FL_ERR_NOMEM;
        return;
    }
    if (n)
        memcpy(r->buf + r->len, s, n);
    r->offs[2 * r->n_fields] = r->len;
    r->len += n;
    r->offs[2 * r->n_fields + 1] = r->len;
    r->n_fields++;
}

static void emit(reader *r, const char *error)
{
    size_t nf = r->n_fields < r->lim.max_fields ? r->n_fields : r->lim.max_fields;
    fl_slice *sl = r->slices;
    if (nf > r->cap_slices || !sl) {
        sl = realloc(r->slices, (nf ? nf : 1) * sizeof *sl);
        if (!sl) {
            r->st = FL_ERR_NOMEM;
            return;
        }
        r->slices = sl;
        r->cap_slices = nf ? nf : 1;
    }
    for (size_t i = 0; i < nf; i++) {
        sl[i].ptr = r->buf + r->offs[2 * i];
        sl[i].len = r->offs[2 * i + 1] - r->offs[2 * i];
    }
    if (!error && r->oversize) {
        snprintf(r->errbuf, sizeof r->errbuf,
                 "record longer than %zu bytes (the record size cap); its text was not kept",
                 r->lim.max_record_bytes);
        error = r->errbuf;
    } else if (!error && r->too_many) {
        snprintf(r->errbuf, sizeof r->errbuf,
                 "record has %zu fields, more than %zu (the field count cap)", r->n_fields,
                 r->lim.max_fields);
        error = r->errbuf;
    }
    fl_csv_row row = {sl, nf, r->rec_line, r->index, error};
    r->index++;
    if (r->on_row(&row, r->ctx))
        r->stop = 1;
    r->len = 0;
    r->n_fields = 0;
    r->oversize = r->too_many = r->cut_field = false;
    r->squeeze_len = SIZE_MAX;
}

static void on_record(int c, void *data)
{
    reader *r = data;
    (void)c;
    if (r->stop || r->st != FL_OK)
        return;
    emit(r, r->final_error);
    r->await_start = true;
}

/* libcsv skips line ends and its default space characters before a record begins. */
static bool is_blank_chunk(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != '\n' && p[i] != '\r' && p[i] != ' ' && p[i] != '\t')
            return false;
    return true;
}

static bool is_csv_space(char c)
{
    return c == ' ' || c == '\t';
}

/*
 * Split one quote-free line (terminator included) into fields the way libcsv does in its
 * default mode: fields end at ',', spaces and tabs around a field are dropped, the line
 * ends at CR or LF. Slices point into the caller's buffer; caps as in on_field().
 */
static void fast_record(reader *r, const char *p, size_t n)
{
    while (n && (p[n - 1] == '\n' || p[n - 1] == '\r'))
        n--;
    size_t nf = 1;
    for (const char *c = memchr(p, ',', n); c; c = memchr(c + 1, ',', n - (size_t)(c + 1 - p)))
        nf++;
    size_t all = nf;
    if (nf > r->lim.max_fields)
        nf = r->lim.max_fields;
    if (nf > r->cap_slices) {
        fl_slice *sl = realloc(r->slices, nf * sizeof *sl);
        if (!sl) {
            r->st = FL_ERR_NOMEM;
            return;
        }
        r->slices = sl;
        r->cap_slices = nf;
    }
    size_t k = 0, kept = 0;
    bool oversize = false;
    const char *f = p, *end = p + n;
    while (k < nf) {
        const char *c = memchr(f, ',', (size_t)(end - f));
        const char *fe = c ? c : end;
        const char *a = f, *b = fe;
        while (a < b && is_csv_space(*a))
            a++;
        while (b > a && is_csv_space(b[-1]))
            b--;
        size_t len = (size_t)(b - a);
        if (kept + len > r->lim.max_record_bytes) { /* the same accounting as on_field() */
            oversize = true;
            len = 0;
        }
        kept += len;
        r->slices[k].ptr = a;
        r->slices[k].len = len;
        k++;
        if (!c)
            break;
        f = c + 1;
    }
    /* The same reasons, in the same order of precedence, as emit(). */
    const char *error = NULL;
    if (oversize) {
        snprintf(r->errbuf, sizeof r->errbuf,
                 "record longer than %zu bytes (the record size cap); its text was not kept",
                 r->lim.max_record_bytes);
        error = r->errbuf;
    } else if (all > r->lim.max_fields) {
        snprintf(r->errbuf, sizeof r->errbuf,
                 "record has %zu fields, more than %zu (the field count cap)", all,
                 r->lim.max_fields);
        error = r->errbuf;
    }
    fl_csv_row row = {r->slices, k, r->rec_line, r->index, error};
    r->index++;
    if (r->on_row(&row, r->ctx))
        r->stop = 1;
    r->await_start = true;
}

const char *fl_csv_version(void)
{
    return "libcsv 3.0.3";
}

/* ---- the field buffer cap -------------------------------------------------------------- */

/*
 * libcsv collects each field in a buffer of its own that it grows without limit, before
 * on_field() could apply the record size cap. Its growth goes through this function, which
 * refuses to pass the cap of the reader running on this thread; see feed().
 */
static _Thread_local size_t field_limit;

static void *capped_realloc(void *p, size_t n)
{
    return n > field_limit ? NULL : realloc(p, n);
}

/*
 * The field libcsv is collecting has filled a buffer at the cap. Make room and let libcsv go
 * on in the same state, so that the record still ends where its quoting says it ends.
 * libcsv's buffer ends with bytes that may not belong to the field: the spaces after an
 * unquoted field's text (state 2, trimmed when the field ends), or the closing quote and the
 * spaces after it (state 3). If the text before them fits the cap, only those spaces are
 * squeezed out, and the field is over the cap only if more text follows them (on_field
 * compares its length with squeeze_len); otherwise the field's bytes are dropped and the
 * record is rejected. This relies on libcsv 3's parser states (2 = in a field, 3 = after a
 * quote in a quoted field) and on its buffer ending with exactly those bytes.
 */
static void make_room(reader *r, struct csv_parser *p)
{
    size_t quote = p->pstate == 3 ? 1 : 0;
    size_t keep = p->spaces < 8 ? p->spaces : 8;
    size_t text = p->entry_pos - quote - p->spaces;
    if (text <= r->lim.max_record_bytes && p->spaces > keep) {
        if (r->squeeze_len == SIZE_MAX)
            r->squeeze_len = text;
        p->entry_pos = text + quote + keep;
    } else {
        r->cut_field = true; /* on_field() rejects the record, unless past the field cap */
        size_t pos = 0;
        if (quote)
            p->entry_buf[pos++] = p->quote_char;
        memset(p->entry_buf + pos, ' ', keep);
        p->entry_pos = pos + keep;
    }
    p->spaces = keep;
    p->status = 0;
}

/* Give n bytes to libcsv; a field that outgrows the cap makes the record oversize. */
static fl_status feed(reader *r, struct csv_parser *parser, const char *p, size_t n)
{
    field_limit = r->lim.max_record_bytes + FIELD_SLACK;
    while (n && !r->stop && r->st == FL_OK) {
        size_t used = csv_parse(parser, p, n, on_field, on_record, r);
        if (used == n)
            break;
        if (csv_error(parser) != CSV_ENOMEM && csv_error(parser) != CSV_ETOOBIG)
            return FL_ERR_INPUT; /* not reached: only strict mode reports parse errors */
        if (csv_get_buffer_size(parser) <= r->lim.max_record_bytes || parser->pstate < 2)
            return FL_ERR_NOMEM; /* a real allocation failure below the cap */
        make_room(r, parser);
        p += used;
        n -= used;
    }
    return r->st;
}

/* ---- what the bytes are ---------------------------------------------------------------- */

#define SNIFF_BYTES 64

/*
 * Files that are not UTF-8 text, by their first bytes. A reason for the user, or NULL.
 * UTF-16 without a byte-order mark shows as NUL in every other byte of an ASCII header.
 */
static const char *sniff(const unsigned char *b, size_t n)
{
    static const struct {
        const char *magic;
        size_t len;
        const char *why;
    } sigs[] = {
        {"\xFF\xFE\0\0", 4,
         "it is UTF-32 text (byte-order mark FF FE 00 00); flscan reads "
         "UTF-8 only: convert it, e.g. iconv -f UTF-32 -t UTF-8"},
        {"\0\0\xFE\xFF", 4,
         "it is UTF-32 text (byte-order mark 00 00 FE FF); flscan reads "
         "UTF-8 only: convert it, e.g. iconv -f UTF-32 -t UTF-8"},
        {"\xFF\xFE", 2,
         "it is UTF-16 text (byte-order mark FF FE); flscan reads UTF-8 only: "
         "convert it to UTF-8, e.g. iconv -f UTF-16 -t UTF-8, or save it from "
         "the spreadsheet as 'CSV UTF-8'"},
        {"\xFE\xFF", 2,
         "it is UTF-16 text (byte-order mark FE FF); flscan reads UTF-8 only: "
         "convert it to UTF-8, e.g. iconv -f UTF-16 -t UTF-8, or save it from "
         "the spreadsheet as 'CSV UTF-8'"},
        {"PK\x03\x04", 4,
         "it is a zip archive (an .xlsx workbook?), not CSV; export the "
         "sheet from the spreadsheet as 'CSV UTF-8' and give that file"},
        {"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8,
         "it is an Excel 97-2003 workbook (.xls), not CSV; export the sheet from the "
         "spreadsheet as 'CSV UTF-8' and give that file"},
        {"\x1F\x8B", 2, "it is gzip-compressed; decompress it first (gunzip)"},
        {"\xFD\x37\x7A\x58\x5A\x00", 6, "it is xz-compressed; decompress it first (unxz)"},
        {"\x28\xB5\x2F\xFD", 4, "it is zstd-compressed; decompress it first (unzstd)"},
    };
    for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++)
        if (n >= sigs[i].len && memcmp(b, sigs[i].magic, sigs[i].len) == 0)
            return sigs[i].why;
    /* "BZh" is text, so bzip2 needs its block size digit and block magic too. */
    if (n >= 10 && memcmp(b, "BZh", 3) == 0 && b[3] >= '1' && b[3] <= '9' &&
        memcmp(b + 4, "1AY&SY", 6) == 0)
        return "it is bzip2-compressed; decompress it first (bunzip2)";
    /* The first line only: NUL in a later field is data, not an encoding. */
    const unsigned char *nl = memchr(b, '\n', n < SNIFF_BYTES ? n : SNIFF_BYTES);
    size_t pairs = (nl ? (size_t)(nl - b) : (n < SNIFF_BYTES ? n : SNIFF_BYTES)) / 2;
    size_t even = 0, odd = 0;
    for (size_t i = 0; i < pairs; i++) {
        even += b[2 * i] == 0;
        odd += b[2 * i + 1] == 0;
    }
    if (pairs >= 2 && ((odd * 2 >= pairs && even == 0) || (even * 2 >= pairs && odd == 0)))
        return "it looks like UTF-16 text without a byte-order mark (every other byte is NUL); "
               "flscan reads UTF-8 only: convert it, e.g. iconv -f UTF-16LE -t UTF-8 (or "
               "UTF-16BE)";
    return NULL;
}

/* ---- where the bytes come from --------------------------------------------------------- */

typedef struct source {
    int fd;          /* -1: memory */
    size_t buf_size; /* the read buffer: the longest line handled in one piece */
    const char *mem;
    size_t mem_len, mem_pos, mem_block;
} source;

static ssize_t source_read(source *s, char *buf, size_t cap)
{
    if (s->fd >= 0) {
        ssize_t got;
        do
            got = read(s->fd, buf, cap);
        while (got < 0 && errno == EINTR && !fl_interrupted()); /* SIGINT/SIGTERM: stop */
        return got;
    }
    size_t n = s->mem_len - s->mem_pos;
    if (n > cap)
        n = cap;
    if (n > s->mem_block)
        n = s->mem_block;
    if (n)
        memcpy(buf, s->mem + s->mem_pos, n);
    s->mem_pos += n;
    return (ssize_t)n;
}

/* Append what the source gives to block[*have..buf_size); false on a read error. */
static bool read_more(source *src, const char *name, char *block, size_t *have, bool *eof,
                      uint64_t *total, fl_csv_bytes_fn on_bytes, void *ctx)
{
    ssize_t got = source_read(src, block + *have, src->buf_size - *have);
    if (got < 0) {
        if (!fl_interrupted()) /* interrupted: the run says so itself */
            fl_error("cannot read '%s': %s", name, strerror(errno));
        return false;
    }
    if (got == 0)
        *eof = true;
    else {
        if (on_bytes)
            on_bytes(block + *have, (size_t)got, ctx);
        *total += (uint64_t)got;
        *have += (size_t)got;
    }
    return true;
}

/* The one reading loop, for files and memory alike. */
static fl_status read_stream(source *src, const char *name, const fl_csv_limits *limits,
                             fl_csv_row_fn on_row, fl_csv_bytes_fn on_bytes, void *ctx,
                             fl_csv_stats *stats, bool *whole)
{
    static const fl_csv_limits defaults = FL_CSV_LIMITS_DEFAULT;
    struct csv_parser parser;
    reader r;
    memset(&r, 0, sizeof r);
    r.squeeze_len = SIZE_MAX;
    r.lim = limits ? *limits : defaults;
    r.on_row = on_row;
    r.ctx = ctx;
    r.line = 1;
    r.rec_line = 1;
    r.await_start = true;
    fl_status st = FL_OK;
    uint64_t total = 0;
    *whole = false;
    if (csv_init(&parser, 0) != 0)
        return FL_ERR_NOMEM;
    csv_set_realloc_func(&parser, capped_realloc);
    csv_set_blk_size(&parser, FIELD_BLOCK);
    char *block = malloc(src->buf_size);
    if (!block) {
        st = FL_ERR_NOMEM;
        goto fini;
    }
    bool eof = false, last_eol = false;
    size_t have = 0; /* bytes in block: the unconsumed tail of the last read plus new bytes */
    /* The first bytes say whether this is text at all, and whether it starts with a BOM;
       a pipe may hand them over a few at a time. */
    while (have < SNIFF_BYTES && !eof)
        if (!read_more(src, name, block, &have, &eof, &total, on_bytes, ctx)) {
            st = FL_ERR_INPUT;
            goto fini;
        }
    const char *why = sniff((const unsigned char *)block, have);
    if (why) {
        fl_error("cannot read '%s': %s", name, why);
        st = FL_ERR_INPUT;
        goto fini;
    }
    const char *p = block;
    if (have >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    for (bool first = true; !r.stop && r.st == FL_OK; first = false) {
        if (!first) {
            if (eof)
                break;
            if (!read_more(src, name, block, &have, &eof, &total, on_bytes, ctx)) {
                st = FL_ERR_INPUT;
                goto fini;
            }
            p = block;
        }
        const char *end = block + have;
        if (end > p)
            last_eol = end[-1] == '\n' || end[-1] == '\r';
        while (p < end && !r.stop && r.st == FL_OK) {
            /* One physical line at a time, so that records know where they start. */
            const char *q = p;
            while (q < end && *q != '\n' && *q != '\r')
                q++;
            bool ended = q < end;
            if (ended && *q == '\r' && q + 1 == end && !eof)
                ended = false; /* a CR at the end of the buffer: wait for a possible LF */
            if (!ended && !eof && (p > block || have < src->buf_size))
                break; /* incomplete line: keep it and read more */
            if (ended) {
                if (*q == '\r' && q + 1 < end && q[1] == '\n')
                    q++;
                q++;
            }
            size_t n = (size_t)(q - p);
            if (r.await_start && !is_blank_chunk(p, n)) {
                r.rec_line = r.line;
                r.await_start = false;
                /* Fast path: a whole record on one line without a quote character is split
                   here exactly as libcsv would split it; libcsv handles every other record. */
                if ((ended || eof) && !r.lim.libcsv_only && !memchr(p, '"', n)) {
                    fast_record(&r, p, n);
                    if (ended)
                        r.line++;
                    p = q;
                    continue;
                }
            } else if (r.await_start) {
                /* blank line: libcsv would skip it too */
                if (ended)
                    r.line++;
                p = q;
                continue;
            }
            if ((st = feed(&r, &parser, p, n)) != FL_OK) {
                if (st == FL_ERR_INPUT)
                    fl_error("'%s':%llu: %s", name, (unsigned long long)r.line,
                             csv_strerror(csv_error(&parser)));
                goto fini;
            }
            if (ended)
                r.line++;
            p = q;
        }
        have = (size_t)(end - p);
        if (have)
            memmove(block, p, have);
    }
    if (!r.stop && r.st == FL_OK) {
        *whole = true;
        /* libcsv's state 2 is "inside a field"; quoted there means a quote never closed.
           (CSV_STRICT_FINI only works together with CSV_STRICT, which would stop the whole
           file at the first stray quote.) */
        if (parser.pstate == 2 && parser.quoted) {
            unsigned long long from = r.rec_line, to = r.line - (last_eol ? 1 : 0);
            if (to > from)
                snprintf(r.errbuf, sizeof r.errbuf,
                         "unterminated quoted field: a quote opened in the record that starts "
                         "on line %llu is never closed, so lines %llu-%llu (the rest of the "
                         "file) were read into it",
                         from, from, to);
            else
                snprintf(r.errbuf, sizeof r.errbuf,
                         "unterminated quoted field: a quote opened on line %llu is never "
                         "closed before the end of the file",
                         from);
            r.final_error = r.errbuf;
        }
        csv_fini(&parser, on_field, on_record, &r);
    }
    if (r.st != FL_OK)
        st = r.st;
    if (stats) {
        stats->bytes = total;
        stats->rows = r.index;
        stats->lines = r.line - (r.await_start ? 1 : 0);
    }
fini:
    csv_free(&parser);
    free(block);
    free(r.buf);
    free(r.offs);
    free(r.slices);
    return st;
}

fl_status fl_csv_read(const char *path, const fl_csv_limits *limits, fl_csv_row_fn on_row,
                      fl_csv_bytes_fn on_bytes, void *ctx, fl_csv_stats *stats)
{
    bool is_stdin = strcmp(path, "-") == 0;
    int fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (!(errno == EINTR && fl_interrupted())) /* a FIFO's open waits for a writer */
            fl_error("cannot read '%s': %s", path, strerror(errno));
        return FL_ERR_INPUT;
    }
    struct stat before, after;
    bool regular = false, whole;
    fl_status st = FL_OK;
    if (fstat(fd, &before) == 0) {
        if (S_ISDIR(before.st_mode)) {
            fl_error("cannot read '%s': it is a directory; give a CSV file", path);
            st = FL_ERR_INPUT;
            goto done;
        }
        regular = S_ISREG(before.st_mode) && !is_stdin;
    }
    source src = {fd, READ_BLOCK, NULL, 0, 0, 0};
    fl_csv_stats local;
    st = read_stream(&src, path, limits, on_row, on_bytes, ctx, stats ? stats : &local, &whole);
    /* A file that grew or shrank while read was judged from bytes no one can check again. */
    if (st == FL_OK && whole && regular && fstat(fd, &after) == 0 &&
        (after.st_size != before.st_size ||
         (stats ? stats : &local)->bytes != (uint64_t)before.st_size)) {
        fl_error("cannot read '%s': it changed while it was read (%lld bytes at the start, "
                 "%llu read, %lld at the end); read it again once it is complete",
                 path, (long long)before.st_size,
                 (unsigned long long)(stats ? stats : &local)->bytes, (long long)after.st_size);
        st = FL_ERR_INPUT;
    }
done:
    if (!is_stdin)
        close(fd);
    return st;
}

fl_status fl_csv_read_mem(const void *data, size_t len, const char *name, size_t block,
                          const fl_csv_limits *limits, fl_csv_row_fn on_row,
                          fl_csv_bytes_fn on_bytes, void *ctx, fl_csv_stats *stats)
{
    size_t size = !block ? READ_BLOCK : block < SNIFF_BYTES ? SNIFF_BYTES : block;
    source src = {-1, size, data, len, 0, block ? block : READ_BLOCK};
    fl_csv_stats local;
    bool whole;
    return read_stream(&src, name, limits, on_row, on_bytes, ctx, stats ? stats : &local, &whole);
}

/* ---- the background reader (fl_csv_read_async) ------------------------------------------ */

#define BATCH_ROWS 4096
#define BATCH_BYTES (4u << 20)
#define N_BATCHES 4

typedef struct brow {
    size_t first;   /* index of its first field in batch.spans */
    size_t n_fields;
    uint64_t line, index;
    size_t error;   /* offset of the error text in batch.bytes, or SIZE_MAX */
} brow;

typedef struct batch {
    char *bytes; /* field bytes and error texts */
    size_t len, cap;
    size_t *spans; /* (offset, length) pairs, two per field */
    size_t n_spans, cap_spans;
    brow rows[BATCH_ROWS];
    size_t n_rows;
    fl_slice *slices; /* rebuilt by the consumer */
    size_t cap_slices;
} batch;

typedef struct pipe_state {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    batch b[N_BATCHES];
    size_t head, tail, full; /* ring of filled batches: consumer takes head, producer fills tail */
    bool done, stop;
    fl_status st;
    fl_csv_stats stats;
    /* producer side */
    const char *path;
    fl_csv_limits lim;
    bool have_lim;
    fl_csv_bytes_fn on_bytes;
    void *ctx;
    batch *cur;
} pipe_state;

static bool grow_bytes(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return true;
    size_t nc = *cap ? *cap : 1024;
    while (nc < need)
        nc *= 2;
    void *q = realloc(*p, nc * elem);
    if (!q)
        return false;
    *p = q;
    *cap = nc;
    return true;
}

/* Hand the producer's current batch to the consumer and wait for a free one. */
static void publish(pipe_state *ps)
{
    pthread_mutex_lock(&ps->mu);
    ps->tail = (ps->tail + 1) % N_BATCHES;
    ps->full++;
    pthread_cond_broadcast(&ps->cv);
    while (ps->full == N_BATCHES && !ps->stop)
        pthread_cond_wait(&ps->cv, &ps->mu);
    ps->cur = ps->stop ? NULL : &ps->b[ps->tail];
    pthread_mutex_unlock(&ps->mu);
    if (ps->cur) {
        ps->cur->n_rows = 0;
        ps->cur->len = 0;
        ps->cur->n_spans = 0;
    }
}

static int produce_row(const fl_csv_row *row, void *p)
{
    pipe_state *ps = p;
    batch *b = ps->cur;
    if (!b)
        return 1;
    size_t bytes = 0;
    for (size_t i = 0; i < row->n_fields; i++)
        bytes += row->fields[i].len;
    size_t elen = row->error ? strlen(row->error) + 1 : 0;
    if (b->n_rows && (b->n_rows == BATCH_ROWS || b->len + bytes + elen > BATCH_BYTES)) {
        publish(ps);
        if (!(b = ps->cur))
            return 1;
    }
    if (!grow_bytes((void **)&b->bytes, &b->cap, b->len + bytes + elen, 1) ||
        !grow_bytes((void **)&b->spans, &b->cap_spans, b->n_spans + 2 * row->n_fields,
                    sizeof *b->spans)) {
        ps->st = FL_ERR_NOMEM;
        return 1;
    }
    brow *r = &b->rows[b->n_rows++];
    r->first = b->n_spans / 2;
    r->n_fields = row->n_fields;
    r->line = row->line;
    r->index = row->index;
    for (size_t i = 0; i < row->n_fields; i++) {
        if (row->fields[i].len)
            memcpy(b->bytes + b->len, row->fields[i].ptr, row->fields[i].len);
        b->spans[b->n_spans++] = b->len;
        b->spans[b->n_spans++] = row->fields[i].len;
        b->len += row->fields[i].len;
    }
    r->error = SIZE_MAX;
    if (row->error) {
        memcpy(b->bytes + b->len, row->error, elen);
        r->error = b->len;
        b->len += elen;
    }
    return 0;
}

static void produce_bytes(const void *data, size_t len, void *p)
{
    pipe_state *ps = p;
    ps->on_bytes(data, len, ps->ctx);
}

static void *producer(void *p)
{
    pipe_state *ps = p;
    fl_status st = fl_csv_read(ps->path, ps->have_lim ? &ps->lim : NULL, produce_row,
                               ps->on_bytes ? produce_bytes : NULL, ps, &ps->stats);
    pthread_mutex_lock(&ps->mu);
    if (ps->cur && ps->cur->n_rows) {
        ps->tail = (ps->tail + 1) % N_BATCHES;
        ps->full++;
    }
    if (ps->st == FL_OK)
        ps->st = st;
    ps->done = true;
    pthread_cond_broadcast(&ps->cv);
    pthread_mutex_unlock(&ps->mu);
    return NULL;
}

fl_status fl_csv_read_async(const char *path, const fl_csv_limits *limits, fl_csv_row_fn on_row,
                            fl_csv_bytes_fn on_bytes, void *ctx, fl_csv_stats *stats)
{
    pipe_state *ps = calloc(1, sizeof *ps);
    if (!ps)
        return FL_ERR_NOMEM;
    pthread_mutex_init(&ps->mu, NULL);
    pthread_cond_init(&ps->cv, NULL);
    ps->path = path;
    if (limits) {
        ps->lim = *limits;
        ps->have_lim = true;
    }
    ps->on_bytes = on_bytes;
    ps->ctx = ctx;
    ps->cur = &ps->b[0];
    pthread_t th;
    if (pthread_create(&th, NULL, producer, ps) != 0) {
        pthread_mutex_destroy(&ps->mu);
        pthread_cond_destroy(&ps->cv);
        free(ps);
        return fl_csv_read(path, limits, on_row, on_bytes, ctx, stats);
    }
    /*
     * SIGINT and SIGTERM must reach the reader thread, which may be blocked in read() on a
     * FIFO or a terminal: there read() returns EINTR and the reader stops (interrupt.h).
     * This thread blocks them while the reader runs (the reader was created with the old
     * mask) and sees the stop request through on_row.
     */
    sigset_t stop_sigs, old_mask;
    sigemptyset(&stop_sigs);
    sigaddset(&stop_sigs, SIGINT);
    sigaddset(&stop_sigs, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_sigs, &old_mask);
    bool stopped = false;
    for (;;) {
        pthread_mutex_lock(&ps->mu);
        while (ps->full == 0 && !ps->done)
            pthread_cond_wait(&ps->cv, &ps->mu);
        if (ps->full == 0 && ps->done) {
            pthread_mutex_unlock(&ps->mu);
            break;
        }
        batch *b = &ps->b[ps->head];
        pthread_mutex_unlock(&ps->mu);
        size_t nf = b->n_spans / 2;
        if (!stopped && nf > b->cap_slices) {
            fl_slice *sl = realloc(b->slices, nf * sizeof *sl);
            if (!sl) {
                ps->st = FL_ERR_NOMEM;
                stopped = true;
            } else {
                b->slices = sl;
                b->cap_slices = nf;
            }
        }
        for (size_t i = 0; !stopped && i < nf; i++)
            b->slices[i] = (fl_slice){b->bytes + b->spans[2 * i], b->spans[2 * i + 1]};
        for (size_t i = 0; !stopped && i < b->n_rows; i++) {
            const brow *r = &b->rows[i];
            fl_csv_row row = {b->slices + r->first, r->n_fields, r->line, r->index,
                              r->error == SIZE_MAX ? NULL : b->bytes + r->error};
            if (on_row(&row, ctx))
                stopped = true;
        }
        pthread_mutex_lock(&ps->mu);
        ps->head = (ps->head + 1) % N_BATCHES;
        ps->full--;
        if (stopped)
            ps->stop = true;
        pthread_cond_broadcast(&ps->cv);
        pthread_mutex_unlock(&ps->mu);
    }
    pthread_join(th, NULL);
    pthread_sigmask(SIG_SETMASK, &old_mask, NULL);
    fl_status st = ps->st;
    if (stats)
        *stats = ps->stats;
    for (size_t i = 0; i < N_BATCHES; i++) {
        free(ps->b[i].bytes);
        free(ps->b[i].spans);
        free(ps->b[i].slices);
    }
    pthread_mutex_destroy(&ps->mu);
    pthread_cond_destroy(&ps->cv);
    free(ps);
    return st;
}
