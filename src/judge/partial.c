/* partial.c - a shard's judged records in a file, and back; see partial.h. */
#include "partial.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "arena.h"
#include "diag.h"
#include "digest.h"
#include "outfile.h"

#define MAGIC "FLSCANPT"
#define END_MAGIC "FLPTEND1"
#define FOOTER (8 + 64 + 8) /* head offset, hex digest, end mark */

/* ---- bytes: a growable buffer with varints and texts ---- */

typedef struct bytes {
    unsigned char *p;
    size_t n, cap;
} bytes;

static bool put_raw(bytes *b, const void *src, size_t len)
{
    if (!fl_grow((void **)&b->p, &b->cap, b->n + len, 1))
        return false;
    if (len)
        memcpy(b->p + b->n, src, len);
    b->n += len;
    return true;
}

/* v as a varint into out (room for 10 bytes); its length. */
static size_t varint(unsigned char *out, uint64_t v)
{
    size_t k = 0;
    do {
        unsigned char c = v & 0x7f;
        v >>= 7;
        out[k++] = c | (v ? 0x80 : 0);
    } while (v);
    return k;
}

static bool put_u(bytes *b, uint64_t v)
{
    unsigned char tmp[10];
    return put_raw(b, tmp, varint(tmp, v));
}

/* A text of len bytes (NULL: none), then a NUL, so that the reader can point into it. */
static bool put_text(bytes *b, const char *s, size_t len)
{
    static const char nul = '\0';
    return put_u(b, len) && put_raw(b, s ? s : "", len) && put_raw(b, &nul, 1);
}

static bool put_str(bytes *b, const char *s)
{
    return put_text(b, s, s ? strlen(s) : 0);
}

/* A reading cursor over [p, end): every get fails (and stays failed) past the end. */
typedef struct cursor {
    const unsigned char *p, *end;
    bool bad;
} cursor;

static uint64_t get_u(cursor *c)
{
    uint64_t v = 0;
    for (unsigned shift = 0; shift < 64; shift += 7) {
        if (c->p >= c->end) {
            c->bad = true;
            return 0;
        }
        unsigned char x = *c->p++;
        v |= (uint64_t)(x & 0x7f) << shift;
        if (!(x & 0x80))
            return v;
    }
    c->bad = true;
    return 0;
}

/* A text written by put_text: its bytes, NUL-terminated in place. */
static const char *get_text(cursor *c, size_t *len)
{
    uint64_t n = get_u(c);
    if (c->bad || n >= (uint64_t)(c->end - c->p) || c->p[n] != '\0') {
        c->bad = true;
        *len = 0;
        return "";
    }
    const char *s = (const char *)c->p;
    c->p += n + 1;
    *len = (size_t)n;
    return s;
}

static const char *get_str(cursor *c)
{
    size_t len;
    return get_text(c, &len);
}

/* ---- writing ---- */

struct fl_partial_writer {
    fl_outfile out;
    fl_sha256 *hash;
    uint64_t offset; /* bytes written */
    bytes rec;       /* the record being encoded */
    bool failed;
};

static void emit(fl_partial_writer *w, const void *p, size_t n)
{
    if (w->failed || !n)
        return;
    if (fwrite(p, 1, n, w->out.fp) != n)
        w->failed = true;
    fl_sha256_update(w->hash, p, n);
    w->offset += n;
}

fl_status fl_partial_create(const char *path, fl_partial_writer **wp)
{
    *wp = NULL;
    fl_partial_writer *w = calloc(1, sizeof *w);
    if (!w || !(w->hash = fl_sha256_new())) {
        free(w);
        return FL_ERR_NOMEM;
    }
    fl_status st = fl_outfile_begin(&w->out, path, true);
    if (st != FL_OK) {
        fl_sha256_free(w->hash);
        free(w);
        return st;
    }
    bytes b = {0};
    if (!put_raw(&b, MAGIC, 8) || !put_u(&b, FL_PARTIAL_FORMAT)) {
        free(b.p);
        fl_partial_abort(w);
        return FL_ERR_NOMEM;
    }
    emit(w, b.p, b.n);
    free(b.p);
    *wp = w;
    return FL_OK;
}

fl_status fl_partial_unit(fl_partial_writer *w, uint32_t file, uint64_t part)
{
    unsigned char head[21] = {'U'};
    size_t n = 1 + varint(head + 1, file);
    emit(w, head, n + varint(head + n, part));
    return FL_OK;
}

static bool put_hit(bytes *b, const fl_hit *h)
{
    return put_u(b, h->rule) && put_u(b, (uint64_t)h->severity) && put_u(b, (uint64_t)h->match) &&
           put_u(b, (uint64_t)h->upstream + 1) && put_u(b, (uint64_t)h->span.field) &&
           put_u(b, h->span.start) && put_u(b, h->span.end) && put_str(b, h->evidence);
}

static bool encode(bytes *b, const fl_judged *d, uint32_t fields)
{
    const fl_record *rec = &d->rec;
    unsigned flags = (d->accepted ? 1u : 0u) | (rec->rejected ? 2u : 0u) |
                     (rec->subject.date_is_as_of ? 4u : 0u);
    bool ok = put_u(b, d->row.line) && put_u(b, d->row.index) && put_u(b, flags) &&
              put_u(b, (uint64_t)rec->date_reading) && put_u(b, rec->subject.date) &&
              put_u(b, rec->record_date) && put_u(b, rec->n_issues);
    for (size_t i = 0; ok && i < rec->n_issues; i++) {
        const fl_record_issue *x = &rec->issues[i];
        ok = put_str(b, x->field) && put_text(b, x->value.ptr, x->value.len) &&
             put_str(b, x->reason) && put_u(b, (x->rejected ? 1u : 0u) | (x->judged ? 2u : 0u));
    }
    if (!ok || !d->accepted)
        return ok;
    ok = put_str(b, rec->subject.origin) && put_str(b, rec->hs);
    for (int f = 0; ok && f < FL_F_COUNT; f++)
        ok = fields & (1u << f) ? put_text(b, rec->f[f].ptr, rec->f[f].len) : put_text(b, "", 0);
    ok = ok && put_u(b, d->v.n_hits) && put_u(b, d->v.fired);
    for (size_t i = 0; ok && i < d->v.n_hits; i++)
        ok = put_hit(b, &d->hits[i]);
    return ok;
}

fl_status fl_partial_put(fl_partial_writer *w, const fl_judged *d, uint32_t fields)
{
    w->rec.n = 0;
    if (!encode(&w->rec, d, fields))
        return FL_ERR_NOMEM;
    unsigned char head[11] = {'R'};
    emit(w, head, 1 + varint(head + 1, w->rec.n));
    emit(w, w->rec.p, w->rec.n);
    return FL_OK;
}

/* A position; an offset of UINT64_MAX (none) is written as 0, the others plus one. */
static bool put_pos(bytes *b, const fl_csv_pos *p)
{
    return put_u(b, p->offset == UINT64_MAX ? 0 : p->offset + 1) && put_u(b, p->line) &&
           put_u(b, p->index);
}

static bool put_head(bytes *b, const fl_partial_head *h)
{
    bool ok = put_u(b, h->shard) && put_u(b, h->shards) && put_u(b, h->whole_files) &&
              put_str(b, h->tool_version) && put_str(b, h->command_line) &&
              put_str(b, h->settings) && put_u(b, h->n_args);
    for (size_t i = 0; ok && i < h->n_args; i++)
        ok = put_str(b, h->args[i]);
    ok = ok && put_u(b, h->n_files);
    for (size_t i = 0; ok && i < h->n_files; i++) {
        const fl_partial_file *f = &h->files[i];
        ok = put_u(b, f->read) && put_u(b, f->size) && put_str(b, f->sha256) &&
             put_u(b, f->records) && put_u(b, f->vendor != NULL) && put_str(b, f->vendor) &&
             put_u(b, f->vendor_forced) && put_pos(b, &f->first) && put_pos(b, &f->next) &&
             put_u(b, f->n_cuts);
        for (size_t k = 0; ok && k < f->n_cuts; k++)
            ok = put_u(b, f->cuts[k].offset) && put_str(b, f->cuts[k].sha256);
    }
    return ok;
}

fl_status fl_partial_finish(fl_partial_writer *w, const fl_partial_head *head)
{
    bytes b = {0};
    bool ok = put_raw(&b, "E", 1);
    if (ok)
        emit(w, b.p, b.n);
    uint64_t head_at = w->offset;
    b.n = 0;
    ok = ok && put_head(&b, head);
    unsigned char off[8];
    for (int i = 0; i < 8; i++)
        off[i] = (unsigned char)(head_at >> (8 * i));
    if (ok) {
        emit(w, b.p, b.n);
        emit(w, off, 8);
    }
    free(b.p);
    if (!ok) {
        fl_partial_abort(w);
        return FL_ERR_NOMEM;
    }
    char hex[65];
    fl_sha256_hex(w->hash, hex);
    emit(w, hex, 64);
    emit(w, END_MAGIC, 8);
    fl_status st = FL_OK;
    if (w->failed) {
        fl_error("cannot write the partial '%s': %s", w->out.final_path, strerror(errno));
        fl_outfile_abort(&w->out);
        st = FL_ERR_OUTPUT;
    } else {
        st = fl_outfile_commit(&w->out);
    }
    fl_sha256_free(w->hash);
    free(w->rec.p);
    free(w);
    return st;
}

void fl_partial_abort(fl_partial_writer *w)
{
    if (!w)
        return;
    fl_outfile_abort(&w->out);
    fl_sha256_free(w->hash);
    free(w->rec.p);
    free(w);
}

/* What a reader allocated for its head (a writer's head is its caller's). */
static void head_free(fl_partial_head *h)
{
    if (!h)
        return;
    free(h->tool_version);
    free(h->command_line);
    free(h->settings);
    for (size_t i = 0; i < h->n_args; i++)
        free(h->args[i]);
    free(h->args);
    for (size_t i = 0; i < h->n_files; i++) {
        free((char *)h->files[i].vendor);
        free(h->files[i].cuts);
    }
    free(h->files);
    memset(h, 0, sizeof *h);
}

/* ---- reading ---- */

struct fl_partial_reader {
    char *path;
    FILE *fp;
    uint64_t units_end; /* where the head starts: no unit byte at or past it */
    uint64_t pos;       /* the file position, counted (ftell would be a system call a byte) */
    fl_partial_head head;
    unsigned char *headbuf;
    bytes rec;                          /* the record read last; its texts are pointed at */
    fl_hit hits[FL_VERDICT_MAX_HITS];
};

static fl_status corrupt(const fl_partial_reader *r, const char *what)
{
    fl_error("'%s': corrupt partial (%s): it cannot be merged; write it again with flscan scan "
             "--shard",
             r->path, what);
    return FL_ERR_INPUT;
}

/* The digest of the first n bytes of the file, compared with want (hex). */
static fl_status check_digest(fl_partial_reader *r, uint64_t n, const char *want)
{
    fl_sha256 *h = fl_sha256_new();
    unsigned char *buf = malloc(1u << 20);
    if (!h || !buf) {
        fl_sha256_free(h);
        free(buf);
        return FL_ERR_NOMEM;
    }
    rewind(r->fp);
    uint64_t left = n;
    while (left) {
        size_t k = left < (1u << 20) ? (size_t)left : (1u << 20);
        if (fread(buf, 1, k, r->fp) != k)
            break;
        fl_sha256_update(h, buf, k);
        left -= k;
    }
    char hex[65];
    fl_sha256_hex(h, hex);
    fl_sha256_free(h);
    free(buf);
    if (left)
        return corrupt(r, "it ends early");
    return memcmp(hex, want, 64) == 0 ? FL_OK : corrupt(r, "its SHA-256 does not match");
}

static char *dup_str(cursor *c)
{
    const char *s = get_str(c);
    return c->bad ? NULL : strdup(s);
}

static void get_pos(cursor *c, fl_csv_pos *p)
{
    uint64_t off = get_u(c);
    p->offset = off ? off - 1 : UINT64_MAX;
    p->line = get_u(c);
    p->index = get_u(c);
}

static bool get_files(cursor *c, fl_partial_head *h)
{
    uint64_t n = get_u(c);
    if (c->bad || n > (uint64_t)(c->end - c->p))
        return false;
    h->files = calloc((size_t)n + 1, sizeof *h->files);
    if (!h->files)
        return false;
    h->n_files = (size_t)n;
    for (size_t i = 0; i < h->n_files && !c->bad; i++) {
        fl_partial_file *f = &h->files[i];
        f->read = get_u(c) != 0;
        f->size = get_u(c);
        const char *sha = get_str(c);
        if (strlen(sha) < sizeof f->sha256)
            strcpy(f->sha256, sha);
        f->records = get_u(c);
        bool has_vendor = get_u(c) != 0;
        char *vendor = dup_str(c);
        f->vendor = has_vendor ? vendor : NULL;
        if (!has_vendor)
            free(vendor);
        f->vendor_forced = get_u(c) != 0;
        get_pos(c, &f->first);
        get_pos(c, &f->next);
        uint64_t n_cuts = get_u(c);
        if (c->bad || n_cuts > (uint64_t)(c->end - c->p) ||
            !(f->cuts = calloc((size_t)n_cuts + 1, sizeof *f->cuts)))
            return false;
        f->n_cuts = (size_t)n_cuts;
        for (size_t k = 0; k < f->n_cuts && !c->bad; k++) {
            f->cuts[k].offset = get_u(c);
            const char *hex = get_str(c);
            if (strlen(hex) < sizeof f->cuts[k].sha256)
                strcpy(f->cuts[k].sha256, hex);
        }
    }
    return !c->bad;
}

static bool get_head(cursor *c, fl_partial_head *h)
{
    h->shard = (unsigned)get_u(c);
    h->shards = (unsigned)get_u(c);
    h->whole_files = get_u(c) != 0;
    h->tool_version = dup_str(c);
    h->command_line = dup_str(c);
    h->settings = dup_str(c);
    uint64_t n = get_u(c);
    if (c->bad || n > (uint64_t)(c->end - c->p))
        return false;
    h->args = calloc((size_t)n + 1, sizeof *h->args);
    if (!h->args)
        return false;
    h->n_args = (size_t)n;
    for (size_t i = 0; i < h->n_args && !c->bad; i++)
        h->args[i] = dup_str(c);
    return !c->bad && h->tool_version && h->command_line && h->settings && get_files(c, h) &&
           h->shard >= 1 && h->shard <= h->shards;
}

/* The footer, the digest and the head of an open partial. */
static fl_status read_head(fl_partial_reader *r)
{
    struct stat sb;
    if (fstat(fileno(r->fp), &sb) != 0 || !S_ISREG(sb.st_mode))
        return corrupt(r, "not a regular file");
    uint64_t size = (uint64_t)sb.st_size;
    char magic[9] = "";
    if (size < 8 + 1 + 1 + FOOTER || fread(magic, 1, 8, r->fp) != 8 || memcmp(magic, MAGIC, 8)) {
        fl_error("'%s': not an flscan partial (write one with flscan scan --shard K/N --partial "
                 "FILE)",
                 r->path);
        return FL_ERR_INPUT;
    }
    unsigned char foot[FOOTER];
    if (fseek(r->fp, (long)(size - FOOTER), SEEK_SET) != 0 || fread(foot, 1, FOOTER, r->fp) != FOOTER)
        return corrupt(r, "its end cannot be read");
    if (memcmp(foot + 72, END_MAGIC, 8) != 0)
        return corrupt(r, "its end mark is missing: cut short?");
    uint64_t head_at = 0;
    for (int i = 0; i < 8; i++)
        head_at |= (uint64_t)foot[i] << (8 * i);
    fl_status st = check_digest(r, size - 72, (const char *)foot + 8);
    if (st != FL_OK)
        return st;
    if (head_at < 9 || head_at > size - FOOTER)
        return corrupt(r, "its head is out of place");
    size_t len = (size_t)(size - FOOTER - head_at);
    if (!(r->headbuf = malloc(len + 1)))
        return FL_ERR_NOMEM;
    if (fseek(r->fp, (long)head_at, SEEK_SET) != 0 || fread(r->headbuf, 1, len, r->fp) != len)
        return corrupt(r, "its head cannot be read");
    cursor c = {r->headbuf, r->headbuf + len, false};
    if (!get_head(&c, &r->head) || c.p != c.end)
        return corrupt(r, "its head");
    r->units_end = head_at;
    /* the units start after the mark and the format number */
    if (fseek(r->fp, 8, SEEK_SET) != 0)
        return corrupt(r, "cannot seek");
    unsigned char fmt[10];
    size_t k = fread(fmt, 1, sizeof fmt, r->fp);
    cursor f = {fmt, fmt + k, false};
    uint64_t format = get_u(&f);
    if (f.bad || format != FL_PARTIAL_FORMAT) {
        fl_error("'%s': a partial of format %llu; this flscan reads format %d: merge it with "
                 "the flscan that wrote it",
                 r->path, (unsigned long long)format, FL_PARTIAL_FORMAT);
        return FL_ERR_INPUT;
    }
    r->pos = 8 + (uint64_t)(f.p - fmt);
    return fseek(r->fp, (long)r->pos, SEEK_SET) == 0 ? FL_OK : corrupt(r, "cannot seek");
}

fl_status fl_partial_open(const char *path, fl_partial_reader **rp)
{
    *rp = NULL;
    fl_partial_reader *r = calloc(1, sizeof *r);
    if (!r || !(r->path = strdup(path))) {
        free(r);
        return FL_ERR_NOMEM;
    }
    if (!(r->fp = fopen(path, "rb"))) {
        fl_error("cannot read the partial '%s': %s", path, strerror(errno));
        fl_partial_close(r);
        return FL_ERR_INPUT;
    }
    fl_status st = read_head(r);
    if (st != FL_OK) {
        fl_partial_close(r);
        return st;
    }
    *rp = r;
    return FL_OK;
}

void fl_partial_close(fl_partial_reader *r)
{
    if (!r)
        return;
    if (r->fp)
        fclose(r->fp);
    head_free(&r->head);
    free(r->headbuf);
    free(r->rec.p);
    free(r->path);
    free(r);
}

const fl_partial_head *fl_partial_head_of(const fl_partial_reader *r)
{
    return &r->head;
}

uint64_t fl_partial_done(const fl_partial_reader *r, uint64_t *total)
{
    *total = r->units_end;
    return r->pos;
}

const char *fl_partial_path(const fl_partial_reader *r)
{
    return r->path;
}

/* The next byte of the units, EOF at their end. */
static int next_byte(fl_partial_reader *r)
{
    if (r->pos >= r->units_end)
        return EOF;
    int x = getc_unlocked(r->fp);
    r->pos += x != EOF;
    return x;
}

/* A varint straight from the file. */
static bool read_u(fl_partial_reader *r, uint64_t *v)
{
    *v = 0;
    for (unsigned shift = 0; shift < 64; shift += 7) {
        int x = next_byte(r);
        if (x == EOF)
            return false;
        *v |= (uint64_t)(x & 0x7f) << shift;
        if (!(x & 0x80))
            return true;
    }
    return false;
}

fl_status fl_partial_next_unit(fl_partial_reader *r, uint32_t *file, uint64_t *part)
{
    *file = UINT32_MAX;
    *part = 0;
    int tag = next_byte(r);
    if (tag == 'E')
        return FL_OK;
    uint64_t f;
    if (tag != 'U' || !read_u(r, &f) || f >= UINT32_MAX || !read_u(r, part))
        return corrupt(r, "a unit");
    *file = (uint32_t)f;
    return FL_OK;
}

static bool get_hit(cursor *c, fl_hit *h)
{
    h->rule = (size_t)get_u(c);
    uint64_t sev = get_u(c), match = get_u(c);
    h->upstream = (uint32_t)(get_u(c) - 1);
    uint64_t field = get_u(c);
    h->span.start = (uint32_t)get_u(c);
    h->span.end = (uint32_t)get_u(c);
    size_t len;
    const char *ev = get_text(c, &len);
    if (c->bad || sev >= FL_SEV_COUNT || match >= FL_MATCH_COUNT || field > FL_F_COUNT ||
        len >= sizeof h->evidence)
        return false;
    h->severity = (fl_severity)sev;
    h->match = (fl_match)match;
    h->span.field = (fl_field)field;
    memcpy(h->evidence, ev, len + 1);
    return true;
}

static bool decode_issues(cursor *c, fl_record *rec)
{
    uint64_t n = get_u(c);
    if (c->bad || n > FL_RECORD_MAX_ISSUES)
        return false;
    rec->n_issues = (size_t)n;
    for (size_t i = 0; i < rec->n_issues && !c->bad; i++) {
        fl_record_issue *x = &rec->issues[i];
        x->field = get_str(c);
        x->value.ptr = get_text(c, &x->value.len);
        x->reason = get_str(c);
        uint64_t fl = get_u(c);
        x->rejected = fl & 1;
        x->judged = (fl & 2) != 0;
    }
    return !c->bad;
}

static bool decode(cursor *c, fl_judged *d, fl_hit *hits)
{
    fl_record *rec = &d->rec;
    d->row.line = get_u(c);
    d->row.index = get_u(c);
    uint64_t flags = get_u(c), reading = get_u(c);
    rec->subject.date = (fl_date)get_u(c);
    rec->record_date = (fl_date)get_u(c);
    d->accepted = flags & 1;
    rec->rejected = (flags & 2) != 0;
    rec->subject.date_is_as_of = (flags & 4) != 0;
    if (c->bad || reading > FL_DATE_READ_DAY_FIRST || !decode_issues(c, rec))
        return false;
    rec->date_reading = (fl_date_reading)reading;
    d->hits = hits;
    if (!d->accepted)
        return true;
    size_t len;
    const char *origin = get_text(c, &len);
    if (len < sizeof rec->subject.origin)
        memcpy(rec->subject.origin, origin, len + 1);
    const char *hs = get_text(c, &len);
    if (len < sizeof rec->hs)
        memcpy(rec->hs, hs, len + 1);
    rec->subject.hs = rec->hs;
    for (int f = 0; f < FL_F_COUNT; f++)
        rec->f[f].ptr = get_text(c, &rec->f[f].len);
    d->v.n_hits = (size_t)get_u(c);
    d->v.fired = (size_t)get_u(c);
    d->v.supplier = UINT32_MAX; /* the supplier graph is the merge's (FL_SUPPLY_NONE) */
    if (c->bad || d->v.n_hits > FL_VERDICT_MAX_HITS)
        return false;
    for (size_t i = 0; i < d->v.n_hits; i++)
        if (!get_hit(c, &hits[i]))
            return false;
    return true;
}

fl_status fl_partial_get(fl_partial_reader *r, fl_judged *d, bool *got)
{
    memset(d, 0, sizeof *d);
    *got = false;
    int tag = next_byte(r);
    if (tag != 'R') { /* the unit's end: the tag is the next unit's */
        if (tag == EOF || ungetc(tag, r->fp) == EOF)
            return corrupt(r, "it ends inside a unit");
        r->pos--;
        return FL_OK;
    }
    *got = true;
    uint64_t len;
    if (!read_u(r, &len) || len > r->units_end - r->pos)
        return corrupt(r, "a record's length");
    r->rec.n = 0;
    if (!fl_grow((void **)&r->rec.p, &r->rec.cap, (size_t)len + 1, 1))
        return FL_ERR_NOMEM;
    if (fread(r->rec.p, 1, (size_t)len, r->fp) != (size_t)len)
        return corrupt(r, "a record is cut short");
    r->pos += len;
    cursor c = {r->rec.p, r->rec.p + len, false};
    if (!decode(&c, d, r->hits) || c.p != c.end)
        return corrupt(r, "a record");
    return FL_OK;
}
