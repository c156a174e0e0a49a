/* csvread.c - libcsv behind a record callback with line numbers; see csvread.h. */
#include "csvread.h"

#include <csv.h>
#include <errno.h>
#include <pthread.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
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
    bool oversize;
    bool cut_field;     /* the field libcsv is collecting outgrew the cap (see make_room) */
    size_t squeeze_len; /* its text when spaces were squeezed out of it; SIZE_MAX: none */

    uint64_t line;     /* current physical line (1-based) */
    uint64_t rec_line; /* line where the current record started */
    const char *rec_ptr; /* where its first line starts in the bytes being taken */
    bool await_start;  /* the next non-blank chunk starts a record */
    uint64_t index;
    char errbuf[256];
    const char *final_error; /* set at end of file when a quote was left open */
    fl_status st;
    /* a range (fl_csv_read_range): records that start before `from` are counted, not handed
       over (the header, row 0, always is: skip stays false for it); the first that starts at
       or after `to` stops the reading. base_ptr is at byte base_off of the input. */
    bool ranged, skip, have_first;
    uint64_t from, to, base_off;
    const char *base_ptr;
    bool mid_line;    /* the bytes being taken start inside a line (a line taken in pieces) */
    uint64_t line_off; /* where the current physical line starts: a record starts there */
    fl_csv_pos first, next;
    uint64_t quoted_split; /* records with a quoted field split without libcsv (split_line) */
} reader;

/* The readers' quoted_split, added up as each reader is freed (fl_csv_fast_quoted). */
static _Atomic uint64_t quoted_split_total;

static void on_field(void *s, size_t n, void *data)
{
    reader *r = data;
    bool cut = r->cut_field || (r->squeeze_len != SIZE_MAX && n > r->squeeze_len);
    r->cut_field = false;
    r->squeeze_len = SIZE_MAX;
    if (r->stop || r->st != FL_OK || r->skip) /* a record before a range: counted only */
        return;
    if (r->n_fields >= r->lim.max_fields) { /* counted for the message (cap_error) */
        r->n_fields++;
        return;
    }
    if (cut || r->len + n > r->lim.max_record_bytes) {
        r->oversize = true;
        n = 0; /* keep the field count right, drop the bytes */
    }
    size_t need = r->n_fields + 1;
    if (!fl_grow((void **)&r->offs, &r->cap_fields, need * 2, sizeof *r->offs) ||
        !fl_grow((void **)&r->buf, &r->cap, r->len + n + 1, 1)) {
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

/* The end of a record not handed over (before a range): counted, its bytes dropped. */
static void skip_record(reader *r)
{
    r->index++;
    r->len = 0;
    r->n_fields = 0;
    r->oversize = r->cut_field = false;
    r->squeeze_len = SIZE_MAX;
    r->await_start = true;
}

/*
 * Why a record of `fields` fields, `oversize` when a field took it past the record size cap,
 * could not be kept whole (text in r->errbuf), or NULL: the size cap goes first.
 */
static const char *cap_error(reader *r, bool oversize, size_t fields)
{
    if (oversize)
        snprintf(r->errbuf, sizeof r->errbuf,
                 "record longer than %zu bytes (the record size cap); its text was not kept",
                 r->lim.max_record_bytes);
    else if (fields > r->lim.max_fields)
        snprintf(r->errbuf, sizeof r->errbuf,
                 "record has %zu fields, more than %zu (the field count cap)", fields,
                 r->lim.max_fields);
    else
        return NULL;
    return r->errbuf;
}

static void emit(reader *r, const char *error)
{
    if (r->skip) {
        skip_record(r);
        return;
    }
    size_t nf = r->n_fields < r->lim.max_fields ? r->n_fields : r->lim.max_fields;
    if (!fl_grow((void **)&r->slices, &r->cap_slices, nf ? nf : 1, sizeof *r->slices)) {
        r->st = FL_ERR_NOMEM;
        return;
    }
    fl_slice *sl = r->slices;
    for (size_t i = 0; i < nf; i++) {
        sl[i].ptr = r->buf + r->offs[2 * i];
        sl[i].len = r->offs[2 * i + 1] - r->offs[2 * i];
    }
    if (!error)
        error = cap_error(r, r->oversize, r->n_fields);
    fl_csv_row row = {sl, nf, r->rec_line, r->index, error};
    r->index++;
    if (r->on_row(&row, r->ctx))
        r->stop = 1;
    r->len = 0;
    r->n_fields = 0;
    r->oversize = r->cut_field = false;
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
 * The closing quote of a quoted field whose text starts at a (just after its opening quote),
 * on a line that ends at end: the first quote that is not doubled; *doubled counts the doubled
 * ones (""). NULL when the field goes on past the line end.
 */
static const char *closing_quote(const char *a, const char *end, size_t *doubled)
{
    for (;;) {
        const char *x = memchr(a, '"', (size_t)(end - a));
        if (!x || x + 1 == end || x[1] != '"')
            return x;
        ++*doubled;
        a = x + 2;
    }
}

/* Write the text [a, b) of a quoted field to o with each doubled quote made single (every
   quote in [a, b) is half of a pair: see closing_quote). */
static void undouble(char *o, const char *a, const char *b)
{
    while (a < b) {
        const char *x = memchr(a, '"', (size_t)(b - a));
        const char *to = x ? x + 1 : b; /* through the pair's first quote */
        memcpy(o, a, (size_t)(to - a));
        o += to - a;
        a = x ? x + 2 : b;
    }
}

/*
 * Hand over the record split by split_line(): its first k fields in r->slices, all of them
 * counted. The reasons, in the same order of precedence, are emit()'s.
 */
static void emit_split(reader *r, size_t k, size_t all, bool oversize)
{
    fl_csv_row row = {r->slices, k, r->rec_line, r->index, cap_error(r, oversize, all)};
    r->index++;
    if (r->on_row(&row, r->ctx))
        r->stop = 1;
    r->await_start = true;
}

/*
 * Split one whole line (its line end included) into fields the way libcsv does in its default
 * mode, when the line's quotes are all plain: each quoted field opens at the start of the
 * field and closes just before a ',' or the line end, its inner quotes doubled; there is no
 * quote elsewhere. libcsv ends such a record at this line end. Fields end at ','; an unquoted
 * field loses the spaces and tabs around it; a quoted one is its text between the quotes,
 * spaces kept, each "" made ". Slices point into the caller's buffer, except those of fields
 * with a doubled quote: these are written to r->buf (libcsv's record buffer, empty between
 * records), valid until the next record. Caps as in on_field(): a field that would take the
 * record past the size cap is kept empty, fields past the count cap are only counted. Before a
 * range (r->skip) the record is only counted. Returns false, having handed nothing over, when
 * a quote is not plain: a quote in an unquoted field, spaces or text around a quoted field, a
 * quote still open at the line end (a CR inside quotes ends the line here too). libcsv must
 * take that line.
 */
static bool split_line(reader *r, const char *p, size_t n)
{
    const char *end = p + n;
    while (end > p && (end[-1] == '\n' || end[-1] == '\r'))
        end--;
    size_t keep = r->skip ? 0 : r->lim.max_fields; /* fields to keep */
    size_t k = 0, kept = 0, used = SIZE_MAX;       /* fields seen, bytes kept, r->buf used */
    bool oversize = false, quoted = false;
    const char *quote = memchr(p, '"', (size_t)(end - p)); /* the next quote, or NULL */
    for (const char *c = p;; c++) {
        const char *a = c, *b, *next; /* the field's text [a, b), then ',' or the line end */
        size_t doubled = 0;
        if (c < end && *c == '"') {
            b = closing_quote(++a, end, &doubled);
            if (!b || (b + 1 < end && b[1] != ','))
                return false;
            next = b + 1;
            quote = memchr(next, '"', (size_t)(end - next));
            quoted = true;
        } else {
            next = memchr(c, ',', (size_t)(end - c));
            if (!next)
                next = end;
            if (quote && quote < next)
                return false;
            b = next;
            while (a < b && is_csv_space(*a))
                a++;
            while (b > a && is_csv_space(b[-1]))
                b--;
        }
        if (k < keep) {
            size_t len = (size_t)(b - a) - doubled;
            if (kept + len > r->lim.max_record_bytes) {
                oversize = true;
                len = 0;
            } else if (doubled) {
                if (used == SIZE_MAX) {
                    /* what is kept fits both the line and the cap: r->buf grows once a line,
                       so the slices into it stay put */
                    size_t most = n < r->lim.max_record_bytes ? n : r->lim.max_record_bytes;
                    if (!fl_grow((void **)&r->buf, &r->cap, most, 1)) {
                        r->st = FL_ERR_NOMEM;
                        return true;
                    }
                    used = 0;
                }
                undouble(r->buf + used, a, b);
                a = r->buf + used;
                used += len;
            }
            if (k >= r->cap_slices &&
                !fl_grow((void **)&r->slices, &r->cap_slices, k + 1, sizeof *r->slices)) {
                r->st = FL_ERR_NOMEM;
                return true;
            }
            r->slices[k] = (fl_slice){a, len};
            kept += len;
        }
        k++;
        if (next == end)
            break;
        c = next; /* the loop steps over the ',' */
    }
    if (r->skip) {
        skip_record(r);
    } else {
        r->quoted_split += quoted;
        emit_split(r, k < keep ? k : keep, k, oversize);
    }
    return true;
}

/*
 * A record starts (at the start of its first line, r->line_off; on line r->rec_line) in a
 * range's reader: is it before the range (counted only), in it, or the first after it
 * (remembered; the reading stops: true)?
 */
static bool range_start(reader *r)
{
    fl_csv_pos at = {r->line_off, r->rec_line, r->index};
    r->skip = false;
    if (r->index == 0)
        return false; /* the header */
    if (!r->have_first && at.offset >= r->from) {
        r->first = at;
        r->have_first = true;
    }
    if (at.offset >= r->to) {
        r->next = at;
        r->stop = 1;
        return true;
    }
    r->skip = at.offset < r->from;
    return false;
}

const char *fl_csv_version(void)
{
    return "libcsv 3.0.3";
}

uint64_t fl_csv_fast_quoted(void)
{
    return atomic_load(&quoted_split_total);
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

/* ---- records from lines ---------------------------------------------------------------- */

/* A reader at the start of a record on the given line, with the given next row index. */
static void reader_init(reader *r, const fl_csv_limits *lim, fl_csv_row_fn on_row, void *ctx,
                        uint64_t line, uint64_t index)
{
    static const fl_csv_limits defaults = FL_CSV_LIMITS_DEFAULT;
    memset(r, 0, sizeof *r);
    r->squeeze_len = SIZE_MAX;
    r->lim = lim ? *lim : defaults;
    r->on_row = on_row;
    r->ctx = ctx;
    r->line = r->rec_line = line;
    r->index = index;
    r->await_start = true;
}

/* The same, keeping the buffers it has grown. */
static void reader_restart(reader *r, uint64_t line, uint64_t index)
{
    reader keep = *r;
    reader_init(r, &keep.lim, keep.on_row, keep.ctx, line, index);
    r->buf = keep.buf;
    r->cap = keep.cap;
    r->offs = keep.offs;
    r->cap_fields = keep.cap_fields;
    r->slices = keep.slices;
    r->cap_slices = keep.cap_slices;
    r->quoted_split = keep.quoted_split;
}

static void reader_free(reader *r)
{
    atomic_fetch_add(&quoted_split_total, r->quoted_split);
    free(r->buf);
    free(r->offs);
    free(r->slices);
}

/* A libcsv parser in its first state, its field buffer capped (capped_realloc). */
static bool parser_init(struct csv_parser *p)
{
    if (csv_init(p, 0) != 0)
        return false;
    csv_set_realloc_func(p, capped_realloc);
    csv_set_blk_size(p, FIELD_BLOCK);
    return true;
}

/* The first line end (LF or CR) in [p, end), or end. */
static const char *line_end(const char *p, const char *end)
{
    const char *lf = memchr(p, '\n', (size_t)(end - p));
    if (!lf)
        lf = end;
    const char *cr = memchr(p, '\r', (size_t)(lf - p));
    return cr ? cr : lf;
}

/*
 * Turn the lines in [p, end) into records, one physical line at a time so that records know
 * where they start: a whole record on one line whose quotes are plain is split by
 * split_line() exactly as libcsv would split it, libcsv takes every other record, and blank
 * lines between records are skipped as libcsv skips them. A last line without its line end is
 * left for the caller to complete (the return value points at it) unless eof says no more
 * bytes come, or it starts at or before feed_from (a line longer than the read buffer; NULL:
 * never), or the bytes end at a chunk's cut (cut: never between a CR and an LF, so a CR at the
 * end is a whole line end): then libcsv takes what there is and the record goes on with the
 * next bytes. Returns where it stopped; *st is set on a parser failure.
 */
static const char *take_lines(reader *r, struct csv_parser *parser, const char *name,
                              const char *p, const char *end, bool eof, const char *feed_from,
                              bool cut, fl_status *st)
{
    while (p < end && !r->stop && r->st == FL_OK) {
        const char *q = line_end(p, end);
        bool ended = q < end;
        if (ended && *q == '\r' && q + 1 == end && !eof && !cut)
            ended = false; /* a CR at the end of the bytes: wait for a possible LF */
        if (!ended && !eof && !cut && !(feed_from && p <= feed_from))
            break;
        if (!ended && q == p)
            break; /* nothing to take (not reached: q is a CR after other bytes) */
        if (ended) {
            if (*q == '\r' && q + 1 < end && q[1] == '\n')
                q++;
            q++;
        }
        if (!r->mid_line) /* a line's first bytes (a long line comes in pieces) */
            r->line_off = r->base_off + (uint64_t)(p - r->base_ptr);
        r->mid_line = !ended;
        size_t n = (size_t)(q - p);
        if (r->await_start && !is_blank_chunk(p, n)) {
            r->rec_line = r->line;
            r->rec_ptr = p;
            if (r->ranged && range_start(r))
                break; /* the first record after the range: not taken */
            r->await_start = false;
            /* one whole line whose quotes are plain: split here (before a range: counted) */
            if ((ended || eof) && !r->lim.libcsv_only && split_line(r, p, n)) {
                if (ended)
                    r->line++;
                p = q;
                continue;
            }
        } else if (r->await_start) {
            /* blank line: libcsv would skip it too */
            if (ended)
                r->line++;
            p = q;
            continue;
        }
        if ((*st = feed(r, parser, p, n)) != FL_OK) {
            if (*st == FL_ERR_INPUT)
                fl_error("'%s':%llu: %s", name, (unsigned long long)r->line,
                         csv_strerror(csv_error(parser)));
            return p;
        }
        if (ended)
            r->line++;
        p = q;
    }
    return p;
}

/*
 * The end of the input: the record in progress, if any, is handed over. libcsv's state 2 is
 * "inside a field"; quoted there means a quote never closed, and the record carries an error
 * naming its lines. (CSV_STRICT_FINI only works together with CSV_STRICT, which would stop the
 * whole file at the first stray quote.) last_eol: the input ends with a line end.
 */
static void finish_input(reader *r, struct csv_parser *parser, bool last_eol)
{
    if (parser->pstate == 2 && parser->quoted) {
        unsigned long long from = r->rec_line, to = r->line - (last_eol ? 1 : 0);
        if (to > from)
            snprintf(r->errbuf, sizeof r->errbuf,
                     "unterminated quoted field: a quote opened in the record that starts "
                     "on line %llu is never closed, so lines %llu-%llu (the rest of the "
                     "file) were read into it",
                     from, from, to);
        else
            snprintf(r->errbuf, sizeof r->errbuf,
                     "unterminated quoted field: a quote opened on line %llu is never "
                     "closed before the end of the file",
                     from);
        r->final_error = r->errbuf;
    }
    csv_fini(parser, on_field, on_record, r);
}

/* Physical lines as the reader counts them after the whole input. */
static uint64_t lines_read(const reader *r)
{
    return r->line - (r->await_start ? 1 : 0);
}

/*
 * The first bytes of an input: refused with a message naming it when they are not UTF-8 text
 * (-1), else the length of a UTF-8 byte-order mark to skip (0 or 3).
 */
static int check_start(const char *name, const char *b, size_t n)
{
    const char *why = sniff((const unsigned char *)b, n);
    if (why) {
        fl_error("cannot read '%s': %s", name, why);
        return -1;
    }
    return n >= 3 && memcmp(b, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

/* The one reading loop, for files and memory alike. */
/* A range's first and next records once the reading ended (fl_csv_range). */
static void range_done(const reader *r, fl_csv_range *range)
{
    if (!r->stop || !r->next.line) { /* the input ended first */
        range->next = (fl_csv_pos){UINT64_MAX, lines_read(r) + 1, r->index};
    } else {
        range->next = r->next;
    }
    range->first = r->have_first ? r->first : range->next;
}

static fl_status read_stream(source *src, const char *name, const fl_csv_limits *limits,
                             fl_csv_range *range, fl_csv_row_fn on_row, fl_csv_bytes_fn on_bytes,
                             void *ctx, fl_csv_stats *stats, bool *whole)
{
    struct csv_parser parser;
    reader r;
    reader_init(&r, limits, on_row, ctx, 1, 0);
    if (range) {
        r.ranged = true;
        r.from = range->from;
        r.to = range->to;
    }
    fl_status st = FL_OK;
    uint64_t total = 0;
    *whole = false;
    if (!parser_init(&parser))
        return FL_ERR_NOMEM;
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
    int bom = check_start(name, block, have);
    if (bom < 0) {
        st = FL_ERR_INPUT;
        goto fini;
    }
    const char *p = block + bom;
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
        r.base_ptr = block;
        r.base_off = total - have;
        /* A line that fills the whole buffer is taken in pieces. */
        p = take_lines(&r, &parser, name, p, end, eof, have == src->buf_size ? block : NULL, false,
                       &st);
        if (st != FL_OK)
            goto fini;
        have = (size_t)(end - p);
        if (have)
            memmove(block, p, have);
    }
    if (!r.stop && r.st == FL_OK) {
        *whole = true;
        finish_input(&r, &parser, last_eol);
    }
    if (r.st != FL_OK)
        st = r.st;
    if (stats) {
        stats->bytes = total;
        stats->rows = r.index;
        stats->lines = lines_read(&r);
    }
    if (range)
        range_done(&r, range);
fini:
    csv_free(&parser);
    free(block);
    reader_free(&r);
    return st;
}

static bool same_time(const struct timespec *a, const struct timespec *b)
{
    return a->tv_sec == b->tv_sec && a->tv_nsec == b->tv_nsec;
}

/*
 * A regular file that changed while it was read (message printed), given the bytes read:
 * its size, the file its name now names (replaced by a rename), or its modification or
 * change time (a rewrite in place at the same size; one within the same tick of the file
 * system's clock as the open cannot be seen).
 */
static bool changed_while_read(int fd, const char *path, const struct stat *before,
                               uint64_t bytes)
{
    struct stat after, now;
    if (fstat(fd, &after) != 0)
        return false;
    if (after.st_size != before->st_size || bytes != (uint64_t)before->st_size) {
        fl_error("cannot read '%s': it changed while it was read (%lld bytes at the start, "
                 "%llu read, %lld at the end); read it again once it is complete",
                 path, (long long)before->st_size, (unsigned long long)bytes,
                 (long long)after.st_size);
        return true;
    }
    if (stat(path, &now) == 0 && (now.st_dev != before->st_dev || now.st_ino != before->st_ino)) {
        fl_error("cannot read '%s': it changed while it was read (replaced by another file of "
                 "that name); read it again once it is complete",
                 path);
        return true;
    }
    if (!same_time(&after.st_mtim, &before->st_mtim) ||
        !same_time(&after.st_ctim, &before->st_ctim)) {
        fl_error("cannot read '%s': it changed while it was read (rewritten in place: the same "
                 "%lld bytes, modified since it was opened); read it again once it is complete",
                 path, (long long)after.st_size);
        return true;
    }
    return false;
}

/* fl_csv_read() on a file already open (closed here unless it is standard input); range:
   fl_csv_read_range's, NULL for all the records. */
static fl_status read_open(int fd, const char *path, bool is_stdin, const fl_csv_limits *limits,
                           fl_csv_range *range, fl_csv_row_fn on_row, fl_csv_bytes_fn on_bytes,
                           void *ctx, fl_csv_stats *stats)
{
    struct stat before;
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
    fl_csv_stats *s = stats ? stats : &local;
    st = read_stream(&src, path, limits, range, on_row, on_bytes, ctx, s, &whole);
    /* A file that grew or shrank while read was judged from bytes no one can check again. */
    if (st == FL_OK && whole && regular && changed_while_read(fd, path, &before, s->bytes))
        st = FL_ERR_INPUT;
done:
    if (!is_stdin)
        close(fd);
    return st;
}

static fl_status read_path(const char *path, const fl_csv_limits *limits, fl_csv_range *range,
                           fl_csv_row_fn on_row, fl_csv_bytes_fn on_bytes, void *ctx,
                           fl_csv_stats *stats)
{
    bool is_stdin = strcmp(path, "-") == 0;
    int fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (!(errno == EINTR && fl_interrupted())) /* a FIFO's open waits for a writer */
            fl_error("cannot read '%s': %s", path, strerror(errno));
        return FL_ERR_INPUT;
    }
    return read_open(fd, path, is_stdin, limits, range, on_row, on_bytes, ctx, stats);
}

fl_status fl_csv_read(const char *path, const fl_csv_limits *limits, fl_csv_row_fn on_row,
                      fl_csv_bytes_fn on_bytes, void *ctx, fl_csv_stats *stats)
{
    return read_path(path, limits, NULL, on_row, on_bytes, ctx, stats);
}

fl_status fl_csv_read_range(const char *path, const fl_csv_limits *limits, fl_csv_range *range,
                            fl_csv_row_fn on_row, fl_csv_bytes_fn on_bytes, void *ctx,
                            fl_csv_stats *stats)
{
    return read_path(path, limits, range, on_row, on_bytes, ctx, stats);
}

fl_status fl_csv_read_range_mem(const void *data, size_t len, const char *name, size_t block,
                                const fl_csv_limits *limits, fl_csv_range *range,
                                fl_csv_row_fn on_row, fl_csv_bytes_fn on_bytes, void *ctx,
                                fl_csv_stats *stats)
{
    size_t size = !block ? READ_BLOCK : block < SNIFF_BYTES ? SNIFF_BYTES : block;
    source src = {-1, size, data, len, 0, block ? block : READ_BLOCK};
    fl_csv_stats local;
    bool whole;
    return read_stream(&src, name, limits, range, on_row, on_bytes, ctx, stats ? stats : &local,
                       &whole);
}

fl_status fl_csv_read_mem(const void *data, size_t len, const char *name, size_t block,
                          const fl_csv_limits *limits, fl_csv_row_fn on_row,
                          fl_csv_bytes_fn on_bytes, void *ctx, fl_csv_stats *stats)
{
    return fl_csv_read_range_mem(data, len, name, block, limits, NULL, on_row, on_bytes, ctx,
                                 stats);
}

/* ---- the parallel reader (fl_csv_read_parallel) ------------------------------------------ */

/*
 * A splitter thread reads the file in chunks of about CHUNK_BYTES (hashing the bytes in
 * order), cuts each at a line end where it guesses a record ends, and counts the chunk's line
 * ends, so every chunk knows the physical line it starts on. Worker threads take the records
 * of each chunk as if a record started there. The caller's thread hands the rows over in file
 * order and checks each guess: a chunk's records are right if the chunk before ended between
 * two records. When one did not (its last record goes on in the next chunk), the caller
 * takes the bytes from that record's start through the following chunks itself, the way
 * fl_csv_read() would, until a chunk ends between records; then the workers' records are
 * used again. So the rows are exactly fl_csv_read()'s whatever the guesses, and a wrong guess
 * (a stray quote in an unquoted field, a multi-line field longer than a chunk) only costs time.
 *
 * The guess: the last line end before which the count of quote characters since the start of
 * the file is even. In RFC 4180 text that is exactly a record end; a quote inside an unquoted
 * field (12" pipe) puts the count one off, until the caller's thread notices and has it
 * flipped (par.flip).
 */

#define CHUNK_BYTES (1u << 19)
#define CHUNK_MIN 64u
/* A worker stops taking a chunk's records once it has kept this much (tiny records cost many
   times their size), and the caller's thread takes the rest. */
#define CHUNK_OUT_BUDGET (4u << 20)

/* Chunks and what is kept of them stay far below 4 GiB: 32-bit offsets. */
#define CHUNK_MAX (256u << 20)

/* A kept row (its index in the chunk is its place in chunk.rows). */
typedef struct prow {
    uint64_t line;     /* physical line where it starts */
    uint32_t first;    /* its first field in chunk.fields */
    uint32_t n_fields;
    uint32_t error;    /* offset of the error text in chunk.bytes, or UINT32_MAX */
} prow;

/* A kept field: its bytes are in the chunk's buf (fast path: off has IN_BUF) or were copied
   to chunk.bytes (libcsv's own buffer is reused for the next field, and so is the reader's
   buffer that holds a quoted field with its doubled quotes made single). */
typedef struct pfield {
    uint32_t off, len;
} pfield;
#define IN_BUF 0x80000000u

typedef enum { CH_FREE, CH_READY, CH_BUSY, CH_DONE } chunk_state;

typedef struct chunk {
    chunk_state state;
    /* the splitter's part */
    char *buf;
    size_t len, cap;
    uint64_t line;  /* physical line where buf starts */
    bool last;      /* buf ends the file */
    bool last_eol;  /* last: the file ends with a line end */
    bool guess;     /* the splitter took buf's end for a record end (even quote count) */
    unsigned epoch; /* the splitter's parity epoch when it cut buf (see par.flip) */
    /* the worker's part: the records of buf taken as if a record started at buf */
    char *bytes;    /* field bytes that are not in buf, and error texts */
    size_t n_bytes, cap_bytes;
    pfield *fields;
    size_t n_fields, cap_fields;
    prow *rows;
    size_t n_rows, cap_rows;
    bool clean;         /* the records end where buf ends (last: the file was finished) */
    size_t tail;        /* !clean: offset in buf where the records not taken begin */
    uint64_t tail_line; /* and the line there */
    uint64_t lines;     /* last && clean: the file's physical lines (fl_csv_stats.lines) */
    fl_status st;
} chunk;

typedef struct par {
    pthread_mutex_t mu;
    pthread_cond_t cv; /* broadcast on every change of state below: few threads, few changes */
    chunk *ch;
    size_t n_ch;
    /* counters of chunks ever filled, given to a worker and handed over: chunk k is ch[k % n_ch] */
    size_t filled, parsing, taken;
    bool split_done, stop;
    /*
     * The splitter counts quotes from the start of the file. A quote inside an unquoted field
     * puts that count one off for good; the caller's thread sees it when a chunk ends in
     * another state than the splitter guessed, and asks for the count to be flipped (flip),
     * once per epoch: chunks cut before the flip was made are not asked about again.
     */
    bool flip;
    unsigned epoch;
    fl_status st; /* the splitter's: a read error, a file that is not text or that changed */
    /* set up before the threads start */
    const char *path;
    int fd;
    struct stat before;
    fl_csv_limits lim;
    size_t chunk_bytes;
    fl_csv_bytes_fn on_bytes;
    void *ctx;
    uint64_t bytes; /* read by the splitter; read by others after it is joined */
} par;

/* How many bytes of p[0..n) equal c: eight at a time, each byte's match as one bit. */
static size_t count_byte(const char *p, size_t n, unsigned char c)
{
    const uint64_t ones = 0x0101010101010101u, low7 = 0x7F7F7F7F7F7F7F7Fu;
    const uint64_t pat = ones * c;
    size_t k = 0, i = 0;
    while (i + 8 <= n) {
        uint64_t acc = 0; /* one counter a byte: at most 255 words before they are summed */
        for (size_t w = 0; w < 255 && i + 8 <= n; w++, i += 8) {
            uint64_t x;
            memcpy(&x, p + i, 8);
            x ^= pat;                               /* matching bytes are now 0 */
            uint64_t t = ((x & low7) + low7) | x;   /* top bit set in every non-zero byte */
            acc += (~t >> 7) & ones;                /* 1 in every zero byte */
        }
        /* the eight counters (up to 255 each) in four 16-bit lanes, then summed */
        uint64_t pairs = (acc & 0x00FF00FF00FF00FFu) + ((acc >> 8) & 0x00FF00FF00FF00FFu);
        k += (size_t)((pairs * 0x0001000100010001u) >> 48);
    }
    for (; i < n; i++)
        k += (unsigned char)p[i] == c;
    return k;
}

/* Line ends in p[0..n) as the reader counts them: LF, CRLF and a CR not before an LF. */
static uint64_t count_line_ends(const char *p, size_t n)
{
    uint64_t k = count_byte(p, n, '\n');
    for (const char *cr = memchr(p, '\r', n); cr; cr = memchr(cr + 1, '\r', n - (size_t)(cr + 1 - p)))
        if (cr + 1 == p + n || cr[1] != '\n')
            k++;
    return k;
}

/*
 * Where to cut b[0..n), not at the end of the file: after the last line end before which the
 * count of quote characters (odd: one more before b) is even; failing that after the last line
 * end; failing that (a line longer than the chunk) at n. Never between a CR and what follows
 * it, which may be an LF. *guess: the cut is at an even count; *quotes: quotes before the cut.
 */
static size_t split_point(const char *b, size_t n, bool odd, bool *guess, size_t *quotes)
{
    size_t q = count_byte(b, n, '"'); /* quotes in b[0..i) as i walks back */
    size_t any = 0, q_any = 0;
    *guess = false;
    for (size_t i = n; i > 0; i--) {
        char c = b[i - 1];
        if (c == '"')
            q--;
        else if (c == '\n' || (c == '\r' && i < n && b[i] != '\n')) {
            if ((q + odd) % 2 == 0) {
                *guess = true;
                *quotes = q;
                return i;
            }
            if (!any) {
                any = i;
                q_any = q;
            }
        }
    }
    if (any) {
        *quotes = q_any;
        return any;
    }
    size_t cut = b[n - 1] == '\r' ? n - 1 : n;
    *quotes = count_byte(b, cut, '"');
    return cut;
}

/* The next free chunk for the splitter, or NULL when the reading stops; a flip asked for is
   made to *odd. */
static chunk *next_free(par *ps, bool *odd)
{
    pthread_mutex_lock(&ps->mu);
    while (!ps->stop && ps->filled - ps->taken == ps->n_ch)
        pthread_cond_wait(&ps->cv, &ps->mu);
    if (ps->flip) {
        *odd = !*odd;
        ps->flip = false;
        ps->epoch++;
    }
    chunk *c = ps->stop ? NULL : &ps->ch[ps->filled % ps->n_ch];
    pthread_mutex_unlock(&ps->mu);
    return c;
}

static void *splitter(void *arg)
{
    par *ps = arg;
    char *carry = NULL; /* bytes after the last cut, the start of the next chunk */
    size_t n_carry = 0, cap_carry = 0;
    uint64_t line = 1;
    bool first = true, eof = false, odd = false; /* odd: quotes before the chunk */
    char last_byte = '\0';
    fl_status st = FL_OK;
    chunk *c;
    while (!eof && (c = next_free(ps, &odd)) != NULL) {
        /* chunk_bytes in all, the carry included, so that a buffer stays at its first size
           (a doubling would take twice the memory); more only for a record longer than half
           a chunk */
        size_t want = n_carry < ps->chunk_bytes / 2 ? ps->chunk_bytes : n_carry + ps->chunk_bytes;
        if (!fl_grow((void **)&c->buf, &c->cap, want, 1)) {
            st = FL_ERR_NOMEM;
            break;
        }
        if (n_carry)
            memcpy(c->buf, carry, n_carry);
        c->len = n_carry;
        while (c->len < want) {
            ssize_t got = read(ps->fd, c->buf + c->len, want - c->len);
            if (got < 0 && errno == EINTR && !fl_interrupted())
                continue;
            if (got < 0) {
                if (!fl_interrupted())
                    fl_error("cannot read '%s': %s", ps->path, strerror(errno));
                st = FL_ERR_INPUT;
                break;
            }
            if (got == 0) {
                eof = true;
                break;
            }
            if (ps->on_bytes)
                ps->on_bytes(c->buf + c->len, (size_t)got, ps->ctx);
            ps->bytes += (uint64_t)got;
            c->len += (size_t)got;
            last_byte = c->buf[c->len - 1];
        }
        if (st != FL_OK)
            break;
        if (first) {
            first = false;
            int bom = check_start(ps->path, c->buf, c->len);
            if (bom < 0) {
                st = FL_ERR_INPUT;
                break;
            }
            memmove(c->buf, c->buf + bom, c->len - (size_t)bom);
            c->len -= (size_t)bom;
        }
        size_t cut = c->len, quotes = 0;
        c->guess = true;
        if (!eof && c->len)
            cut = split_point(c->buf, c->len, odd, &c->guess, &quotes);
        odd = (odd + quotes) % 2 != 0;
        c->epoch = ps->epoch; /* only this thread changes it */
        n_carry = c->len - cut;
        if (!fl_grow((void **)&carry, &cap_carry, n_carry, 1)) {
            st = FL_ERR_NOMEM;
            break;
        }
        if (n_carry)
            memcpy(carry, c->buf + cut, n_carry);
        c->len = cut;
        c->line = line;
        line += count_line_ends(c->buf, cut);
        c->last = eof;
        c->last_eol = last_byte == '\n' || last_byte == '\r';
        pthread_mutex_lock(&ps->mu);
        c->state = CH_READY;
        ps->filled++;
        pthread_cond_broadcast(&ps->cv);
        pthread_mutex_unlock(&ps->mu);
    }
    /* A file that grew or shrank while read was judged from bytes no one can check again. */
    if (st == FL_OK && eof && changed_while_read(ps->fd, ps->path, &ps->before, ps->bytes))
        st = FL_ERR_INPUT;
    free(carry);
    pthread_mutex_lock(&ps->mu);
    ps->st = st;
    ps->split_done = true;
    pthread_cond_broadcast(&ps->cv);
    pthread_mutex_unlock(&ps->mu);
    return NULL;
}

/* A worker's on_row: keep the row in its chunk; stop at the chunk's memory budget. */
static int keep_row(const fl_csv_row *row, void *arg)
{
    chunk *c = arg;
    const char *lo = c->buf, *hi = c->buf + c->len;
    size_t bytes = 0;
    for (size_t i = 0; i < row->n_fields; i++) {
        const fl_slice *f = &row->fields[i];
        if (f->len && !(f->ptr >= lo && f->ptr + f->len <= hi))
            bytes += f->len;
    }
    size_t elen = row->error ? strlen(row->error) + 1 : 0;
    if (!fl_grow((void **)&c->bytes, &c->cap_bytes, c->n_bytes + bytes + elen, 1) ||
        !fl_grow((void **)&c->fields, &c->cap_fields, c->n_fields + row->n_fields,
                    sizeof *c->fields) ||
        !fl_grow((void **)&c->rows, &c->cap_rows, c->n_rows + 1, sizeof *c->rows)) {
        c->st = FL_ERR_NOMEM;
        return 1;
    }
    prow *r = &c->rows[c->n_rows++];
    r->first = (uint32_t)c->n_fields;
    r->n_fields = (uint32_t)row->n_fields;
    r->line = row->line;
    for (size_t i = 0; i < row->n_fields; i++) {
        const fl_slice *f = &row->fields[i];
        pfield *k = &c->fields[c->n_fields++];
        k->len = (uint32_t)f->len;
        if (!f->len) {
            k->off = 0;
        } else if (f->ptr >= lo && f->ptr + f->len <= hi) {
            k->off = IN_BUF | (uint32_t)(f->ptr - lo);
        } else {
            memcpy(c->bytes + c->n_bytes, f->ptr, f->len);
            k->off = (uint32_t)c->n_bytes;
            c->n_bytes += f->len;
        }
    }
    r->error = UINT32_MAX;
    if (row->error) {
        memcpy(c->bytes + c->n_bytes, row->error, elen);
        r->error = (uint32_t)c->n_bytes;
        c->n_bytes += elen;
    }
    return c->n_bytes + c->n_fields * sizeof *c->fields + c->n_rows * sizeof *c->rows >
           CHUNK_OUT_BUDGET;
}

/* A worker takes the records of chunk c as if one started at its first byte. */
static void take_chunk(const par *ps, chunk *c, reader *r)
{
    c->n_rows = c->n_fields = c->n_bytes = 0;
    c->st = FL_OK;
    c->clean = false;
    reader_restart(r, c->line, 0);
    r->ctx = c;
    struct csv_parser parser;
    if (!parser_init(&parser)) {
        c->st = FL_ERR_NOMEM;
        return;
    }
    fl_status st = FL_OK;
    const char *end = c->buf + c->len;
    const char *p = take_lines(r, &parser, ps->path, c->buf, end, c->last, NULL, true, &st);
    if (st == FL_OK)
        st = r->st;
    if (c->st == FL_OK) /* keep_row may have set it */
        c->st = st;
    if (c->st != FL_OK) {
        /* nothing more: the caller stops at this chunk */
    } else if (r->stop) { /* the budget: stopped between two records */
        c->tail = (size_t)(p - c->buf);
        c->tail_line = r->line;
    } else if (c->last) {
        finish_input(r, &parser, c->last_eol); /* a budget stop here has nothing left after it */
        if (c->st == FL_OK)
            c->st = r->st;
        c->clean = true;
        c->lines = lines_read(r);
    } else if (r->await_start) {
        c->clean = true;
    } else { /* the last record goes on after buf */
        c->tail = (size_t)(r->rec_ptr - c->buf);
        c->tail_line = r->rec_line;
    }
    csv_free(&parser);
}

static void *worker(void *arg)
{
    par *ps = arg;
    reader r;
    reader_init(&r, &ps->lim, keep_row, NULL, 1, 0);
    for (;;) {
        pthread_mutex_lock(&ps->mu);
        while (!ps->stop && ps->parsing == ps->filled && !ps->split_done)
            pthread_cond_wait(&ps->cv, &ps->mu);
        if (ps->stop || ps->parsing == ps->filled) {
            pthread_mutex_unlock(&ps->mu);
            break;
        }
        chunk *c = &ps->ch[ps->parsing++ % ps->n_ch];
        c->state = CH_BUSY;
        pthread_mutex_unlock(&ps->mu);
        take_chunk(ps, c, &r);
        pthread_mutex_lock(&ps->mu);
        c->state = CH_DONE;
        pthread_cond_broadcast(&ps->cv);
        pthread_mutex_unlock(&ps->mu);
    }
    reader_free(&r);
    return NULL;
}

/* The caller's side of fl_csv_read_parallel(): rows in file order, wrong guesses repaired. */
typedef struct consumer {
    par *ps;
    fl_csv_row_fn on_row;
    void *ctx;
    uint64_t index; /* rows handed over */
    uint64_t lines; /* the file's physical lines, once known */
    bool stopped;   /* on_row asked to stop */
    fl_status st;
    fl_slice *slices;
    size_t cap_slices;
    /* the caller's own reading, from a record the workers could not know started */
    bool own;
    reader r;
    struct csv_parser parser;
    bool parser_on;
} consumer;

/* Hand over the rows a worker took from c. */
static void hand_over(consumer *k, const chunk *c)
{
    size_t nf = c->n_fields;
    if (!fl_grow((void **)&k->slices, &k->cap_slices, nf ? nf : 1, sizeof *k->slices)) {
        k->st = FL_ERR_NOMEM;
        return;
    }
    for (size_t i = 0; i < nf; i++) {
        const pfield *f = &c->fields[i];
        k->slices[i] = (fl_slice){!f->len           ? ""
                                  : f->off & IN_BUF ? c->buf + (f->off & ~IN_BUF)
                                                    : c->bytes + f->off,
                                  f->len};
    }
    size_t i = 0;
    while (i < c->n_rows && !k->stopped) {
        const prow *r = &c->rows[i++];
        fl_csv_row row = {k->slices + r->first, r->n_fields, r->line, k->index + i - 1,
                          r->error == UINT32_MAX ? NULL : c->bytes + r->error};
        if (k->on_row(&row, k->ctx))
            k->stopped = true;
    }
    k->index += i; /* the rows handed over, as fl_csv_read() counts them */
}

/* Take b[0..n) of chunk c on this thread, continuing the records in progress. */
static void take_own(consumer *k, const chunk *c, const char *b, size_t n)
{
    fl_status st = FL_OK;
    take_lines(&k->r, &k->parser, k->ps->path, b, b + n, c->last, NULL, true, &st);
    if (st == FL_OK)
        st = k->r.st;
    k->index = k->r.index;
    if (st != FL_OK) {
        k->st = st;
        return;
    }
    if (k->r.stop) {
        k->stopped = true;
        return;
    }
    if (c->last) {
        finish_input(&k->r, &k->parser, c->last_eol);
        if (k->r.st != FL_OK)
            k->st = k->r.st;
        k->lines = lines_read(&k->r);
        k->own = false;
    } else if (k->r.await_start) {
        k->own = false; /* between two records: the workers' next chunk is right */
    }
    k->index = k->r.index;
}

/* The next chunk in file order: rows handed over, guesses checked. */
static void consume(consumer *k, const chunk *c)
{
    if (k->own) {
        take_own(k, c, c->buf, c->len);
        return;
    }
    if (c->st != FL_OK) {
        k->st = c->st;
        return;
    }
    hand_over(k, c);
    if (k->stopped || k->st != FL_OK)
        return;
    if (c->clean) {
        if (c->last)
            k->lines = c->lines;
        return;
    }
    /* The chunk's last record goes on after it (or the worker left the rest): read on from
       that record's start on this thread. */
    if (k->parser_on)
        csv_free(&k->parser);
    if (!(k->parser_on = parser_init(&k->parser))) {
        k->st = FL_ERR_NOMEM;
        return;
    }
    reader_restart(&k->r, c->tail_line, k->index);
    k->own = true;
    take_own(k, c, c->buf + c->tail, c->len - c->tail);
}

fl_status fl_csv_read_parallel(const char *path, const fl_csv_limits *limits, unsigned threads,
                               fl_csv_row_fn on_row, fl_csv_bytes_fn on_bytes, void *ctx,
                               fl_csv_stats *stats)
{
    /* Standard input, pipes, FIFOs (whose reads must stay interruptible on the caller's
       thread), directories, errors: the single-threaded reader reads them or says what is
       wrong. A FIFO is never opened here: its open waits for a writer, and closing it again
       would lose what the writer wrote. */
    struct stat before;
    if (strcmp(path, "-") == 0 || threads < 1 || stat(path, &before) != 0 ||
        !S_ISREG(before.st_mode))
        return fl_csv_read(path, limits, on_row, on_bytes, ctx, stats);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return fl_csv_read(path, limits, on_row, on_bytes, ctx, stats);
    if (fstat(fd, &before) != 0 || !S_ISREG(before.st_mode)) /* replaced since the stat */
        return read_open(fd, path, false, limits, NULL, on_row, on_bytes, ctx, stats);
    static const fl_csv_limits defaults = FL_CSV_LIMITS_DEFAULT;
    par *ps = calloc(1, sizeof *ps);
    /* A chunk for each worker, one being handed over, one being filled. */
    size_t n_ch = (size_t)threads + 2;
    chunk *ch = calloc(n_ch, sizeof *ch);
    pthread_t *tid = calloc((size_t)threads + 1, sizeof *tid);
    if (!ps || !ch || !tid) {
        free(ps);
        free(ch);
        free(tid);
        close(fd);
        return FL_ERR_NOMEM;
    }
    pthread_mutex_init(&ps->mu, NULL);
    pthread_cond_init(&ps->cv, NULL);
    ps->ch = ch;
    ps->n_ch = n_ch;
    ps->path = path;
    ps->fd = fd;
    ps->before = before;
    ps->lim = limits ? *limits : defaults;
    ps->chunk_bytes = ps->lim.chunk_bytes ? ps->lim.chunk_bytes : CHUNK_BYTES;
    if (ps->chunk_bytes < CHUNK_MIN)
        ps->chunk_bytes = CHUNK_MIN;
    if (ps->chunk_bytes > CHUNK_MAX)
        ps->chunk_bytes = CHUNK_MAX;
    ps->on_bytes = on_bytes;
    ps->ctx = ctx;
    /* Workers first: if none can start, nothing was read and the plain reader takes over. */
    size_t started = 0;
    while (started < threads && pthread_create(&tid[started], NULL, worker, ps) == 0)
        started++;
    bool splitting = started && pthread_create(&tid[started], NULL, splitter, ps) == 0;
    consumer k;
    memset(&k, 0, sizeof k);
    k.ps = ps;
    k.on_row = on_row;
    k.ctx = ctx;
    reader_init(&k.r, &ps->lim, on_row, ctx, 1, 0);
    for (bool done = !splitting; !done;) {
        pthread_mutex_lock(&ps->mu);
        while (!(ps->taken < ps->filled && ps->ch[ps->taken % ps->n_ch].state == CH_DONE) &&
               !(ps->split_done && ps->taken == ps->filled))
            pthread_cond_wait(&ps->cv, &ps->mu);
        done = ps->taken == ps->filled;
        chunk *c = done ? NULL : &ps->ch[ps->taken % ps->n_ch];
        pthread_mutex_unlock(&ps->mu);
        if (c)
            consume(&k, c);
        pthread_mutex_lock(&ps->mu);
        if (c) {
            /* Did the chunk end where the splitter guessed? If not, its quote count is off. */
            if (!c->last && !k.stopped && k.st == FL_OK && k.own == c->guess &&
                c->epoch == ps->epoch)
                ps->flip = true;
            c->state = CH_FREE;
            ps->taken++;
        }
        if (k.stopped || k.st != FL_OK || done) {
            ps->stop = true;
            done = true;
        }
        pthread_cond_broadcast(&ps->cv);
        pthread_mutex_unlock(&ps->mu);
    }
    pthread_mutex_lock(&ps->mu);
    ps->stop = true; /* workers wait for chunks that will not come when the splitter did not start */
    pthread_cond_broadcast(&ps->cv);
    pthread_mutex_unlock(&ps->mu);
    for (size_t i = 0; i < started + (splitting ? 1 : 0); i++)
        pthread_join(tid[i], NULL);
    fl_status st = k.st;
    if (!splitting) {
        st = fl_csv_read(path, limits, on_row, on_bytes, ctx, stats);
    } else {
        if (st == FL_OK && !k.stopped)
            st = ps->st;
        if (stats) {
            stats->bytes = ps->bytes;
            stats->rows = k.index;
            stats->lines = k.lines;
        }
    }
    if (k.parser_on)
        csv_free(&k.parser);
    reader_free(&k.r);
    free(k.slices);
    for (size_t i = 0; i < ps->n_ch; i++) {
        free(ch[i].buf);
        free(ch[i].bytes);
        free(ch[i].fields);
        free(ch[i].rows);
    }
    pthread_mutex_destroy(&ps->mu);
    pthread_cond_destroy(&ps->cv);
    free(ps);
    free(ch);
    free(tid);
    close(fd);
    return st;
}
