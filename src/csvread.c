/* csvread.c - libcsv behind a record callback with line numbers; see csvread.h. */
#include "csvread.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"

#define READ_BLOCK (1u << 20)

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

    uint64_t line;       /* current physical line (1-based) */
    uint64_t rec_line;   /* line where the current record started */
    bool await_start;    /* the next non-blank chunk starts a record */
    uint64_t index;
    char errbuf[160];
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
    if (r->stop || r->st != FL_OK)
        return;
    if (r->n_fields >= r->lim.max_fields) {
        r->too_many = true;
        r->n_fields++;
        return;
    }
    if (r->len + n > r->lim.max_record_bytes) {
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
    r->oversize = r->too_many = false;
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
    const char *error = NULL;
    if (nf > r->lim.max_fields) {
        snprintf(r->errbuf, sizeof r->errbuf,
                 "record has %zu fields, more than %zu (the field count cap)", nf,
                 r->lim.max_fields);
        error = r->errbuf;
        nf = r->lim.max_fields;
    }
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
    if (!error && oversize) {
        snprintf(r->errbuf, sizeof r->errbuf,
                 "record longer than %zu bytes (the record size cap); its text was not kept",
                 r->lim.max_record_bytes);
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

fl_status fl_csv_read(const char *path, const fl_csv_limits *limits, fl_csv_row_fn on_row,
                      fl_csv_bytes_fn on_bytes, void *ctx, fl_csv_stats *stats)
{
    static const fl_csv_limits defaults = FL_CSV_LIMITS_DEFAULT;
    struct csv_parser parser;
    reader r;
    memset(&r, 0, sizeof r);
    r.lim = limits ? *limits : defaults;
    r.on_row = on_row;
    r.ctx = ctx;
    r.line = 1;
    r.rec_line = 1;
    r.await_start = true;
    fl_status st = FL_OK;
    char *block = NULL;
    bool is_stdin = strcmp(path, "-") == 0;
    int fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        fl_error("cannot read '%s': %s", path, strerror(errno));
        return FL_ERR_INPUT;
    }
    struct stat sb;
    if (fstat(fd, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        fl_error("cannot read '%s': it is a directory; give a CSV file", path);
        st = FL_ERR_INPUT;
        goto done;
    }
    if (csv_init(&parser, 0) != 0) {
        st = FL_ERR_NOMEM;
        goto done;
    }
    block = malloc(READ_BLOCK);
    if (!block) {
        st = FL_ERR_NOMEM;
        goto fini;
    }
    uint64_t total = 0;
    bool first = true, eof = false;
    size_t have = 0; /* bytes in block: the unconsumed tail of the last read plus new bytes */
    while (!eof && !r.stop && r.st == FL_OK) {
        ssize_t got = read(fd, block + have, READ_BLOCK - have);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            fl_error("cannot read '%s': %s", path, strerror(errno));
            st = FL_ERR_INPUT;
            goto fini;
        }
        if (got == 0)
            eof = true;
        if (got > 0 && on_bytes)
            on_bytes(block + have, (size_t)got, ctx);
        total += (uint64_t)(got > 0 ? got : 0);
        have += (size_t)(got > 0 ? got : 0);
        const char *p = block, *end = block + have;
        if (first && (have >= 3 || eof)) {
            first = false;
            if (have >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
                p += 3;
        }
        while (p < end && !r.stop && r.st == FL_OK) {
            /* One physical line at a time, so that records know where they start. */
            const char *q = p;
            while (q < end && *q != '\n' && *q != '\r')
                q++;
            bool ended = q < end;
            if (ended && *q == '\r' && q + 1 == end && !eof)
                ended = false; /* a CR at the end of the buffer: wait for a possible LF */
            if (!ended && !eof && (p > block || have < READ_BLOCK))
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
            if (csv_parse(&parser, p, n, on_field, on_record, &r) != n) {
                st = csv_error(&parser) == CSV_ENOMEM ? FL_ERR_NOMEM : FL_ERR_INPUT;
                if (st == FL_ERR_INPUT)
                    fl_error("'%s':%llu: %s", path, (unsigned long long)r.line,
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
        /* libcsv's state 2 is "inside a field"; quoted there means a quote never closed.
           (CSV_STRICT_FINI only works together with CSV_STRICT, which would stop the whole
           file at the first stray quote.) */
        if (parser.pstate == 2 && parser.quoted)
            r.final_error = "unterminated quoted field: a quote opened in this record is never "
                            "closed, so the rest of the file was read into it";
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
done:
    if (!is_stdin)
        close(fd);
    free(block);
    free(r.buf);
    free(r.offs);
    free(r.slices);
    return st;
}
