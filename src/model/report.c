/* report.c - the report model: collection, total order and tallies; see report.h. */
#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "coverage.h"
#include "dates.h"
#include "diag.h"
#include "identity.h"
#include "strmap.h"
#include "tempfile.h"

/* flag.rec and flag.file are 32-bit indexes; these caps keep them exact. */
#define MAX_RECS ((size_t)UINT32_MAX)
#define MAX_FLAGS ((size_t)1 << 34)
#define MAX_ISSUES ((size_t)1 << 34)
#define MAX_INPUTS ((size_t)UINT32_MAX)
#define ISSUE_VALUE_MAX 200

/* A data-quality issue as kept (report.h, issue_rows): its texts are in the spill file, field,
   value, reason and path (when file is UINT32_MAX), each NUL-terminated, back to back. */
typedef struct issue_row {
    uint64_t line, record;
    uint64_t text_at;
    uint32_t text_len;
    uint32_t file;
    bool rejected, judged;
} issue_row;

void fl_report_init(fl_report *r)
{
    memset(r, 0, sizeof *r);
    r->tool_version = fl_version();
    r->fail_on = FL_REPORT_UNSET;
    r->entity_match = -1;
    r->entity_review = -1;
}

/* ---- the spill file -------------------------------------------------------------------- */

/*
 * Appended to through a buffer, read back with pread. Offsets are logical: bytes appended
 * so far, whether still in the buffer or already in the file. The first failure sticks:
 * every later call returns it, so an error seen at any point fails the run.
 */
#define SPILL_BUF ((size_t)256 * 1024)

struct fl_spill {
    int fd;
    char *dir;        /* where the file was made, for messages */
    uint64_t size;    /* bytes appended */
    uint64_t written; /* bytes in the file: buf holds [written, size) */
    char *buf;
    fl_status st; /* FL_OK, or the first failure */
};

static fl_status spill_open(fl_report *r)
{
    fl_spill *sp = calloc(1, sizeof *sp);
    if (!sp)
        return FL_ERR_NOMEM;
    sp->dir = strdup(fl_tempfile_dir());
    sp->buf = malloc(SPILL_BUF);
    if (!sp->dir || !sp->buf) {
        free(sp->dir);
        free(sp->buf);
        free(sp);
        return FL_ERR_NOMEM;
    }
    sp->fd = fl_tempfile_open("the flagged records' texts");
    if (sp->fd < 0)
        sp->st = FL_ERR_OUTPUT;
    r->spill = sp;
    return sp->st;
}

static void spill_close(fl_spill *sp)
{
    if (!sp)
        return;
    if (sp->fd >= 0)
        close(sp->fd);
    free(sp->dir);
    free(sp->buf);
    free(sp);
}

static fl_status spill_fail(fl_spill *sp, const char *what, int err)
{
    fl_error("cannot %s the temporary file in '%s' that holds the flagged records' texts: %s", what,
             sp->dir, err > 0 ? strerror(err) : "unexpected end of file");
    sp->st = FL_ERR_OUTPUT;
    return sp->st;
}

static fl_status spill_write(fl_spill *sp, const char *p, size_t n)
{
    int err = fl_tempfile_write(sp->fd, p, n, sp->written);
    if (err)
        return spill_fail(sp, "write", err);
    sp->written += n;
    return FL_OK;
}

static fl_status spill_flush(fl_spill *sp)
{
    if (sp->st != FL_OK)
        return sp->st;
    return spill_write(sp, sp->buf, (size_t)(sp->size - sp->written));
}

/* Open the file when first needed; *at receives the offset of what is appended next. */
static fl_status spill_start(fl_report *r, uint64_t *at)
{
    fl_status st;
    if (!r->spill && (st = spill_open(r)) != FL_OK)
        return st;
    *at = r->spill->size;
    return r->spill->st;
}

/* Append p[0..n) (after spill_start). */
static fl_status spill_put(fl_spill *sp, const char *p, size_t n)
{
    fl_status st;
    if (sp->st != FL_OK)
        return sp->st;
    if (!n)
        return FL_OK;
    size_t used = (size_t)(sp->size - sp->written);
    if (used + n > SPILL_BUF) {
        if ((st = spill_flush(sp)) != FL_OK)
            return st;
        used = 0;
    }
    if (n > SPILL_BUF) {
        if ((st = spill_write(sp, p, n)) != FL_OK)
            return st;
    } else {
        memcpy(sp->buf + used, p, n);
    }
    sp->size += n;
    return FL_OK;
}

/* Read n bytes at offset at into dst. */
static fl_status spill_get(const fl_report *r, uint64_t at, char *dst, size_t n)
{
    fl_spill *sp = r->spill;
    if (!n)
        return FL_OK;
    if (!sp || at > sp->size || n > sp->size - at) {
        fl_error("report: a text outside the temporary file was asked for; this is a bug");
        return FL_ERR_OUTPUT;
    }
    if (sp->st != FL_OK)
        return sp->st;
    fl_status st;
    if (at + n > sp->written && (st = spill_flush(sp)) != FL_OK)
        return st;
    int err = fl_tempfile_read(sp->fd, dst, n, at);
    return err ? spill_fail(sp, "read back", err) : FL_OK;
}

static bool reserve(char **buf, size_t *cap, size_t n)
{
    return fl_grow((void **)buf, cap, n, 1);
}

/* The n NUL-terminated texts back to back in buf[0..len) into text; false when they are not
   all there (a damaged file). */
static bool split_texts(const char *buf, size_t len, const char **text, int n)
{
    size_t pos = 0;
    for (int k = 0; k < n; k++) {
        const char *end = pos < len ? memchr(buf + pos, '\0', len - pos) : NULL;
        if (!end)
            return false;
        text[k] = buf + pos;
        pos = (size_t)(end - buf) + 1;
    }
    return true;
}

/*
 * A pass over the flags in order reads the texts of records and flags at offsets that grow,
 * close together: a reader's window onto the spill file serves them from one read of
 * WINDOW_BYTES (a read that goes on from the window), or of JUMP_BYTES after a jump, where
 * a read a text would take one system call each.
 */
#define WINDOW_BYTES ((size_t)128 * 1024)
#define JUMP_BYTES ((size_t)4096)

/* Read n bytes at offset at into dst, through t's window. */
static fl_status window_get(const fl_report *r, fl_rectext *t, uint64_t at, char *dst, size_t n)
{
    fl_spill *sp = r->spill;
    if (t->win && at >= t->win_at && n <= t->win_len && at - t->win_at <= t->win_len - n) {
        memcpy(dst, t->win + (at - t->win_at), n);
        return FL_OK;
    }
    if (n > JUMP_BYTES || !sp || at > sp->size || n > sp->size - at)
        return spill_get(r, at, dst, n); /* big, or a bug it reports */
    if (sp->st != FL_OK)
        return sp->st;
    fl_status st;
    if (at + n > sp->written && (st = spill_flush(sp)) != FL_OK)
        return st;
    if (!t->win && !(t->win = malloc(WINDOW_BYTES)))
        return FL_ERR_NOMEM;
    bool onward = t->win_len && at >= t->win_at && at - t->win_at < t->win_len + WINDOW_BYTES;
    size_t want = onward ? WINDOW_BYTES : JUMP_BYTES;
    size_t len = sp->written - at < want ? (size_t)(sp->written - at) : want;
    t->win_len = 0;
    int err = fl_tempfile_read(sp->fd, t->win, len, at);
    if (err)
        return spill_fail(sp, "read back", err);
    t->win_at = at;
    t->win_len = len;
    memcpy(dst, t->win, n);
    return FL_OK;
}

fl_status fl_report_rec_text(const fl_report *r, size_t rec, fl_rectext *t)
{
    if (rec >= r->n_recs) {
        fl_error("report: record %zu asked for, of %zu; this is a bug", rec, r->n_recs);
        return FL_ERR_OUTPUT;
    }
    if (t->from == r && t->held == rec + 1)
        return FL_OK;
    t->held = 0;
    if (t->from != r) {
        fl_rowview_end(&t->recs);
        fl_report_view(r, FL_ROWS_RECS, &t->recs);
        t->from = r;
        t->win_len = 0; /* another report's spill file */
    }
    const fl_recinfo *ri = fl_rec_get(&t->recs, rec);
    if (fl_rowview_status(&t->recs) != FL_OK)
        return fl_rowview_status(&t->recs);
    t->info = ri;
    if (!reserve(&t->rbuf, &t->rcap, ri->text_len ? ri->text_len : 1))
        return FL_ERR_NOMEM;
    fl_status st = window_get(r, t, ri->text_at, t->rbuf, ri->text_len);
    if (st != FL_OK)
        return st;
    if (!split_texts(t->rbuf, ri->text_len, t->field, FL_F_COUNT)) {
        fl_error("report: the temporary file holds a damaged record; this is a bug");
        return FL_ERR_OUTPUT;
    }
    t->held = rec + 1;
    return FL_OK;
}

/* Read f's evidence into t->ebuf. */
static fl_status read_evidence(const fl_report *r, const fl_flag *f, fl_rectext *t)
{
    if (!reserve(&t->ebuf, &t->ecap, (size_t)f->evidence_len + 1))
        return FL_ERR_NOMEM;
    fl_status st = window_get(r, t, f->evidence_at, t->ebuf, f->evidence_len);
    if (st != FL_OK)
        return st;
    t->ebuf[f->evidence_len] = '\0';
    t->evidence = t->ebuf;
    return FL_OK;
}

fl_status fl_report_flag_text(const fl_report *r, const fl_flag *f, fl_rectext *t)
{
    fl_status st = fl_report_rec_text(r, f->rec, t);
    return st != FL_OK ? st : read_evidence(r, f, t);
}

void fl_rectext_free(fl_rectext *t)
{
    if (!t)
        return;
    fl_rowview_end(&t->recs);
    free(t->rbuf);
    free(t->ebuf);
    free(t->win);
    memset(t, 0, sizeof *t);
}

fl_status fl_report_spill_put(fl_report *r, const char *p, size_t n, uint64_t *at)
{
    fl_status st = spill_start(r, at);
    return st == FL_OK ? spill_put(r->spill, p, n) : st;
}

fl_status fl_report_spill_flush(fl_report *r)
{
    return r->spill ? spill_flush(r->spill) : FL_OK;
}

fl_status fl_report_spill_get(const fl_report *r, uint64_t at, char *dst, size_t n)
{
    return spill_get(r, at, dst, n);
}

fl_status fl_report_case_text(const fl_report *r, const fl_case *c, fl_casetext *t)
{
    if (!reserve(&t->buf, &t->cap, (size_t)c->text_len + 3))
        return FL_ERR_NOMEM;
    fl_status st = spill_get(r, c->text_at, t->buf, c->text_len);
    if (st != FL_OK)
        return st;
    /* three NUL-terminated texts, back to back; a case without texts has none */
    memset(t->buf + c->text_len, 0, 3);
    t->party = t->buf;
    t->examples = t->party + strlen(t->party) + (c->text_len ? 1 : 0);
    if (!c->text_len)
        t->examples = t->evidence = t->buf;
    else
        t->evidence = t->examples + strlen(t->examples) + 1;
    return FL_OK;
}

void fl_casetext_free(fl_casetext *t)
{
    if (!t)
        return;
    free(t->buf);
    memset(t, 0, sizeof *t);
}

/* ---- the report ------------------------------------------------------------------------- */

void fl_report_free(fl_report *r)
{
    if (!r)
        return;
    spill_close(r->spill);
    fl_extsort_free(r->ids);
    fl_rowfile_free(r->case_rows);
    free(r->case_decided);
    free(r->sheet_flags);
    free(r->inputs);
    fl_rowfile_free(r->rec_rows);
    fl_rowfile_free(r->flag_rows);
    fl_rowfile_free(r->sup_rows);
    free(r->pending);
    free(r->new_flags);
    fl_rowfile_free(r->issue_rows);
    fl_arena_free(&r->arena);
    memset(r, 0, sizeof *r);
}

/*
 * Make room for one more element of an array that doubles from 16. cap may be NULL for an
 * array without a capacity field (the inputs): its capacity is then implied by n.
 */
static int grow(void **arr, size_t n, size_t *cap, size_t elem, size_t max, const char *what)
{
    size_t have;
    if (cap) {
        have = *cap;
    } else { /* without a recorded capacity: what fl_grow gave for n elements */
        have = n ? 16 : 0;
        while (have < n)
            have *= 2;
    }
    if (n < have)
        return 0;
    if (n >= max) {
        fl_error("report: more than %zu %s; split the input", max, what);
        return -1;
    }
    if (!fl_grow(arr, &have, n + 1, elem))
        return -1;
    if (cap)
        *cap = have;
    return 0;
}

int fl_report_add_input(fl_report *r, const char *path)
{
    if (grow((void **)&r->inputs, r->n_inputs, NULL, sizeof *r->inputs, MAX_INPUTS,
             "input files") != 0)
        return -1;
    fl_input *in = &r->inputs[r->n_inputs];
    memset(in, 0, sizeof *in);
    in->path = fl_arena_strdup(&r->arena, path);
    in->source = fl_id_source_label(&r->arena, path);
    if (!in->path || !in->source)
        return -1;
    return (int)r->n_inputs++;
}

const char *fl_report_source(const fl_report *r, uint32_t file)
{
    if (file >= r->n_inputs)
        return "";
    return r->inputs[file].source;
}

/*
 * Duplicate record ids. Every flagged record with an id is noted as it comes (a row of a
 * sort in bounded memory: 24 bytes, the id itself stays among the record's texts); once the
 * last has come, the rows are read in the order of their ids, and each flagged record with
 * the same source and record id as an earlier one gets its occurrence (1 for the first, 2
 * for the next...) and a data-quality note, put among the issues where it would have been
 * had it been found as the record came. Spaces around the id do not count (identity.h).
 */
typedef struct id_row {
    uint64_t hash;     /* of source, NUL, id; a match is checked against the texts */
    uint64_t issue_at; /* the issues there were when the record came: where its note goes */
    uint32_t rec;      /* the flagged record */
} id_row;

/* Bytes of id rows kept in memory; the rest wait in sorted runs on the disk. */
#define ID_SORT_MEMORY ((size_t)1 << 20)

static int cmp_id_row(const void *pa, const void *pb)
{
    const id_row *a = pa, *b = pb;
    if (a->hash != b->hash)
        return a->hash < b->hash ? -1 : 1;
    return a->rec < b->rec ? -1 : a->rec > b->rec;
}

/* The record just added (the last of recs), noted when it has a record id. */
static fl_status note_id(fl_report *r, const fl_recinfo *ri, fl_slice id_field)
{
    size_t n;
    const char *id = fl_id_record_id(id_field.ptr, id_field.len, &n);
    if (!n || memchr(id, '\0', n))
        return FL_OK;
    if (!r->ids && !(r->ids = fl_extsort_new(sizeof(id_row), ID_SORT_MEMORY, cmp_id_row,
                                             "record ids of the flagged records")))
        return FL_ERR_NOMEM;
    const char *source = fl_report_source(r, ri->file);
    uint64_t h = (fl_hash_bytes(source, strlen(source)) * 0x9E3779B97F4A7C15ull) ^
                 fl_hash_bytes(id, n);
    id_row *row = fl_extsort_push(r->ids);
    if (!row)
        return fl_extsort_status(r->ids);
    *row = (id_row){h, r->n_issues, (uint32_t)(r->n_recs - 1)};
    return FL_OK;
}

/* A flagged record's source and record id (spaces around it dropped), read back. */
typedef struct rec_id {
    fl_rectext t;
    const char *source, *id;
    size_t n;
} rec_id;

static fl_status read_id(const fl_report *r, uint32_t rec, rec_id *x)
{
    fl_status st = fl_report_rec_text(r, rec, &x->t);
    if (st != FL_OK)
        return st;
    const char *f = x->t.field[FL_F_RECORD_ID];
    x->id = fl_id_record_id(f, strlen(f), &x->n);
    x->source = fl_report_source(r, x->t.info->file);
    return FL_OK;
}

/* A duplicate found: record rec has the id first had by record first, the k-th time. */
typedef struct dup_note {
    uint64_t issue_at;
    uint32_t rec, first, k;
} dup_note;

static int cmp_note(const void *pa, const void *pb)
{
    const dup_note *a = pa, *b = pb;
    if (a->issue_at != b->issue_at)
        return a->issue_at < b->issue_at ? -1 : 1;
    return a->rec < b->rec ? -1 : a->rec > b->rec;
}

/* One distinct id among records of one hash: its first record and how many had it. */
typedef struct id_first {
    uint32_t rec, count;
} id_first;

typedef struct dup_find {
    dup_note *notes;
    size_t n_notes, cap_notes;
    id_first *firsts; /* of the hash at hand (more than one only when two ids share it) */
    size_t n_firsts, cap_firsts;
    rec_id a, b;
} dup_find;

/* Record rec, of the hash at hand: a first of its id, or the note of a duplicate. */
static fl_status place_id(const fl_report *r, dup_find *d, const id_row *row)
{
    fl_status st = read_id(r, row->rec, &d->a);
    for (size_t i = 0; i < d->n_firsts && st == FL_OK; i++) {
        if ((st = read_id(r, d->firsts[i].rec, &d->b)) != FL_OK)
            break;
        if (d->a.n != d->b.n || memcmp(d->a.id, d->b.id, d->a.n) != 0 ||
            strcmp(d->a.source, d->b.source) != 0)
            continue;
        if (!fl_grow((void **)&d->notes, &d->cap_notes, d->n_notes + 1, sizeof *d->notes))
            return FL_ERR_NOMEM;
        d->notes[d->n_notes++] =
            (dup_note){row->issue_at, row->rec, d->firsts[i].rec, ++d->firsts[i].count};
        return FL_OK;
    }
    if (st != FL_OK)
        return st;
    if (!fl_grow((void **)&d->firsts, &d->cap_firsts, d->n_firsts + 1, sizeof *d->firsts))
        return FL_ERR_NOMEM;
    d->firsts[d->n_firsts++] = (id_first){row->rec, 1};
    return FL_OK;
}

/* The duplicates among the noted ids, in the order their notes go among the issues. */
static fl_status find_duplicates(fl_report *r, dup_find *d)
{
    fl_status st = fl_extsort_sort(r->ids);
    id_row prev = {0}, single = {0};
    size_t in_hash = 0; /* records of the hash at hand */
    for (const id_row *row; st == FL_OK && (row = fl_extsort_next(r->ids)) != NULL;) {
        if (!in_hash || row->hash != prev.hash) {
            in_hash = 0;
            d->n_firsts = 0;
            single = *row; /* read back only when another record has its hash */
        } else if (in_hash == 1) {
            st = place_id(r, d, &single);
        }
        if (in_hash++ && st == FL_OK)
            st = place_id(r, d, row);
        prev = *row;
    }
    if (st == FL_OK)
        st = fl_extsort_status(r->ids);
    if (st == FL_OK && d->n_notes > 1)
        qsort(d->notes, d->n_notes, sizeof *d->notes, cmp_note);
    return st;
}

/* Note k of the duplicates: the record's occurrence set, and its issue added (last). */
static fl_status add_dup_note(fl_report *r, fl_rowview *v, const dup_note *x, rec_id *id)
{
    const fl_recinfo *first = fl_rec_get(v, x->first);
    uint64_t first_line = first->line;
    uint32_t first_file = first->file;
    fl_recinfo *ri = fl_rec_edit(v, x->rec);
    ri->occurrence = x->k;
    uint32_t file = ri->file;
    uint64_t line = ri->line, record = ri->record;
    fl_status st = fl_rowview_status(v);
    if (st == FL_OK)
        st = read_id(r, x->rec, id);
    if (st != FL_OK)
        return st;
    char reason[600];
    snprintf(reason, sizeof reason,
             "duplicate record id: the same id as line %llu of %s (source '%s'); each record "
             "keeps its own flags, and this one is told apart across runs as occurrence %u",
             (unsigned long long)first_line,
             first_file < r->n_inputs ? r->inputs[first_file].path : "?", id->source,
             (unsigned)x->k);
    return fl_report_add_issue(r, file, line, record, "record_id", id->id, id->n, reason,
                               FL_ISSUE_JUDGED);
}

/* The notes (added after the n_old issues) moved among them, each where it belongs: the rows
   merged into a new file (their texts stay where they are in the spill file). */
static fl_status place_notes(fl_report *r, const dup_note *notes, size_t n_old)
{
    size_t n = r->n_issues, n_new = n - n_old;
    fl_rowfile *merged = fl_rowfile_new(sizeof(issue_row), "data-quality issues");
    if (!merged)
        return FL_ERR_NOMEM;
    fl_rowview old, add;
    fl_rowview_init(&old, r->issue_rows);
    fl_rowview_init(&add, r->issue_rows);
    fl_status st = FL_OK;
    for (size_t i = 0, k = 0; (i < n_old || k < n_new) && st == FL_OK;) {
        bool note = k < n_new && (i == n_old || notes[k].issue_at <= i);
        const void *row = note ? fl_rowview_get(&add, n_old + k++) : fl_rowview_get(&old, i++);
        void *to = fl_rowfile_push(merged);
        if (!to)
            st = fl_rowfile_status(merged);
        else
            memcpy(to, row, sizeof(issue_row));
    }
    fl_status a = fl_rowview_end(&old), b = fl_rowview_end(&add);
    if (st == FL_OK)
        st = a != FL_OK ? a : b;
    if (st != FL_OK) {
        fl_rowfile_free(merged);
        return st;
    }
    fl_rowfile_free(r->issue_rows);
    r->issue_rows = merged;
    return FL_OK;
}

/* The occurrences and notes of the duplicate record ids (once, when the last record came). */
static fl_status number_duplicates(fl_report *r)
{
    if (!r->ids)
        return FL_OK;
    dup_find d = {0};
    fl_status st = find_duplicates(r, &d);
    fl_extsort_free(r->ids);
    r->ids = NULL;
    size_t n_old = r->n_issues;
    fl_rowview v;
    fl_report_view(r, FL_ROWS_RECS, &v);
    for (size_t i = 0; i < d.n_notes && st == FL_OK; i++)
        st = add_dup_note(r, &v, &d.notes[i], &d.a);
    fl_status vst = fl_rowview_end(&v);
    if (st == FL_OK)
        st = vst;
    if (st == FL_OK && d.n_notes)
        st = place_notes(r, d.notes, n_old);
    free(d.notes);
    free(d.firsts);
    fl_rectext_free(&d.a.t);
    fl_rectext_free(&d.b.t);
    return st;
}

void fl_report_view(const fl_report *r, fl_report_rows rows, fl_rowview *v)
{
    fl_rowfile *f = rows == FL_ROWS_RECS    ? r->rec_rows
                    : rows == FL_ROWS_FLAGS ? r->flag_rows
                    : rows == FL_ROWS_CASES ? r->case_rows
                                            : r->sup_rows;
    fl_rowview_init(v, f);
}

/* The rows of kind what, made when first needed. */
static fl_status rows_ready(fl_rowfile **f, size_t row, const char *what)
{
    if (!*f && !(*f = fl_rowfile_new(row, what)))
        return FL_ERR_NOMEM;
    return fl_rowfile_status(*f);
}

static fl_status flush_pending(fl_report *r);
static fl_status check_consistency_pending(const fl_report *r);

fl_status fl_report_add_rec(fl_report *r, uint32_t file, uint64_t line, uint64_t record,
                            const fl_slice fields[FL_F_COUNT], const char *origin, const char *hs,
                            uint32_t *index)
{
    if (r->n_recs >= MAX_RECS) {
        fl_error("report: more than %zu flagged records; split the input", MAX_RECS);
        return FL_ERR_NOMEM;
    }
    if (r->n_recs && (file < r->last_file || (file == r->last_file && record <= r->last_record))) {
        fl_error("report: records added out of input order; this is a bug");
        return FL_ERR_INPUT;
    }
    fl_status st = flush_pending(r);
    if (st == FL_OK)
        st = rows_ready(&r->rec_rows, sizeof(fl_recinfo), "flagged records");
    fl_recinfo *ri = st == FL_OK ? fl_rowfile_push(r->rec_rows) : NULL;
    if (!ri)
        return st != FL_OK ? st : fl_rowfile_status(r->rec_rows);
    r->last_file = file;
    r->last_record = record;
    ri->file = file;
    ri->line = line;
    ri->record = record;
    /* The texts, each cut at a NUL and NUL-terminated, in one piece: one read brings all. */
    const char *text[FL_F_COUNT];
    size_t len[FL_F_COUNT], total = 0;
    for (int k = 0; k < FL_F_COUNT; k++) {
        fl_slice f = fields && fields[k].ptr ? fields[k] : (fl_slice){"", 0};
        const char *nul = memchr(f.ptr, '\0', f.len);
        text[k] = f.ptr;
        len[k] = nul ? (size_t)(nul - f.ptr) : f.len;
        total += len[k] + 1;
    }
    if (total > UINT32_MAX) {
        fl_error("report: a flagged record of more than 4 GiB of text; split the input");
        return FL_ERR_INPUT;
    }
    st = spill_start(r, &ri->text_at);
    for (int k = 0; k < FL_F_COUNT && st == FL_OK; k++) {
        if ((st = spill_put(r->spill, text[k], len[k])) == FL_OK)
            st = spill_put(r->spill, "", 1);
    }
    if (st != FL_OK)
        return st;
    ri->text_len = (uint32_t)total;
    if (origin)
        strncpy(ri->origin, origin, sizeof ri->origin - 1);
    if (hs)
        strncpy(ri->hs, hs, sizeof ri->hs - 1);
    ri->occurrence = 1;
    if (index)
        *index = (uint32_t)r->n_recs;
    r->n_recs++;
    return note_id(r, ri, fields ? fields[FL_F_RECORD_ID] : (fl_slice){"", 0});
}

void fl_report_set_dates(fl_report *r, fl_date date, fl_date record_date)
{
    if (!r->n_recs)
        return;
    fl_rowview v;
    fl_report_view(r, FL_ROWS_RECS, &v);
    fl_recinfo *ri = fl_rec_edit(&v, r->n_recs - 1); /* in the append buffer: no read */
    ri->date = date;
    ri->record_date = record_date;
    fl_rowview_end(&v);
}

static fl_status add_flag(fl_report *r, uint32_t rec, uint32_t rule, fl_severity sev,
                          fl_match match, uint32_t upstream, const char *evidence, fl_span span)
{
    if (!r->n_recs || rec != r->n_recs - 1) {
        fl_error("report: a flag of record %u added after record %zu; this is a bug",
                 (unsigned)rec, r->n_recs ? r->n_recs - 1 : 0);
        return FL_ERR_INPUT;
    }
    if (grow((void **)&r->pending, r->n_pending, &r->cap_pending, sizeof *r->pending, MAX_FLAGS,
             "flags on one record") != 0)
        return FL_ERR_NOMEM;
    fl_flag *f = &r->pending[r->n_pending];
    memset(f, 0, sizeof *f);
    f->rec = rec;
    f->rule = rule;
    f->severity = sev;
    f->match = match;
    f->upstream = upstream;
    f->span = span;
    f->kase = FL_NO_CASE;
    size_t n = evidence ? strlen(evidence) : 0;
    if (n > UINT32_MAX)
        n = UINT32_MAX;
    fl_status st = spill_start(r, &f->evidence_at);
    if (st == FL_OK)
        st = spill_put(r->spill, evidence, n);
    if (st != FL_OK)
        return st;
    f->evidence_len = (uint32_t)n;
    r->n_pending++;
    r->n_flags++;
    return FL_OK;
}

fl_status fl_report_add_flag(fl_report *r, uint32_t rec, uint32_t rule, fl_severity sev,
                             fl_match match, const char *evidence, fl_span span)
{
    return add_flag(r, rec, rule, sev, match, FL_HIT_NO_UPSTREAM, evidence, span);
}

fl_status fl_report_add_hit(fl_report *r, uint32_t rec, const fl_hit *h)
{
    return add_flag(r, rec, (uint32_t)h->rule, h->severity, h->match, h->upstream, h->evidence,
                    h->span);
}

/* Length of at most max bytes of s[0..len) that ends on a UTF-8 character boundary. */
static size_t utf8_prefix(const char *s, size_t len, size_t max)
{
    if (len <= max)
        return len;
    size_t n = max;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return n;
}

/* Append an issue: its row, and its texts (field, value, reason, path, each NUL-terminated)
   to the spill file. */
static fl_status add_issue(fl_report *r, uint32_t file, uint64_t line, uint64_t record,
                           const char *field, const char *value, size_t value_len,
                           const char *reason, unsigned how, const char *path)
{
    if (r->n_issues >= MAX_ISSUES) {
        fl_error("report: more than %zu data-quality issues; split the input", MAX_ISSUES);
        return FL_ERR_NOMEM;
    }
    /* a value ends at a NUL, as a C string does: its texts are kept NUL-terminated */
    value_len = value ? strnlen(value, value_len) : 0;
    char shortened[ISSUE_VALUE_MAX + 1];
    if (value_len > ISSUE_VALUE_MAX) {
        /* Shortened values end in "..." so a reader knows there was more. */
        size_t n = utf8_prefix(value, value_len, ISSUE_VALUE_MAX - 3);
        memcpy(shortened, value, n);
        memcpy(shortened + n, "...", 3);
        value = shortened;
        value_len = n + 3;
    }
    const char *texts[] = {field ? field : "", reason ? reason : "", path ? path : ""};
    size_t lens[] = {strlen(texts[0]), strlen(texts[1]), strlen(texts[2])};
    uint64_t at;
    fl_status st = rows_ready(&r->issue_rows, sizeof(issue_row), "data-quality issues");
    if (st == FL_OK)
        st = fl_report_spill_put(r, texts[0], lens[0] + 1, &at);
    if (st == FL_OK && value_len)
        st = spill_put(r->spill, value, value_len);
    if (st == FL_OK)
        st = spill_put(r->spill, "", 1);
    for (int k = 1; k < 3 && st == FL_OK; k++)
        st = spill_put(r->spill, texts[k], lens[k] + 1);
    issue_row *row = st == FL_OK ? fl_rowfile_push(r->issue_rows) : NULL;
    if (!row)
        return st != FL_OK ? st : fl_rowfile_status(r->issue_rows);
    row->file = file;
    row->line = line;
    row->record = record;
    row->text_at = at;
    row->text_len = (uint32_t)(r->spill->size - at);
    row->rejected = (how & FL_ISSUE_REJECTED) != 0;
    row->judged = (how & FL_ISSUE_JUDGED) != 0;
    r->n_issues++;
    return FL_OK;
}

fl_status fl_report_add_issue(fl_report *r, uint32_t file, uint64_t line, uint64_t record,
                              const char *field, const char *value, size_t value_len,
                              const char *reason, unsigned how)
{
    return add_issue(r, file, line, record, field, value, value_len, reason, how, NULL);
}

fl_status fl_report_add_file_issue(fl_report *r, const char *path, uint64_t line, uint64_t record,
                                   const char *field, const char *value, size_t value_len,
                                   const char *reason, unsigned how)
{
    return add_issue(r, UINT32_MAX, line, record, field, value, value_len, reason, how,
                     path ? path : "");
}

fl_status fl_report_issue(const fl_report *r, size_t i, fl_issuetext *t)
{
    if (i >= r->n_issues) {
        fl_error("report: issue %zu asked for, of %zu; this is a bug", i, r->n_issues);
        return FL_ERR_OUTPUT;
    }
    if (t->from != r || t->of != r->issue_rows) {
        fl_rowview_end(&t->rows);
        fl_rowview_init(&t->rows, r->issue_rows);
        t->of = r->issue_rows;
        if (t->from != r)
            t->win.win_len = 0; /* another report's spill file */
        t->from = r;
    }
    const issue_row *row = fl_rowview_get(&t->rows, i);
    fl_status st = fl_rowview_status(&t->rows);
    if (st != FL_OK)
        return st;
    if (!reserve(&t->buf, &t->cap, (size_t)row->text_len + 1))
        return FL_ERR_NOMEM;
    if ((st = window_get(r, &t->win, row->text_at, t->buf, row->text_len)) != FL_OK)
        return st;
    const char *text[4]; /* field, value, reason, path */
    if (!split_texts(t->buf, row->text_len, text, 4)) {
        fl_error("report: the temporary file holds a damaged issue; this is a bug");
        return FL_ERR_OUTPUT;
    }
    t->is = (fl_issue){.file = row->file,
                       .line = row->line,
                       .record = row->record,
                       .field = text[0],
                       .value = text[1],
                       .reason = text[2],
                       .rejected = row->rejected,
                       .judged = row->judged,
                       .path = row->file == UINT32_MAX ? text[3] : NULL};
    return FL_OK;
}

void fl_issuetext_free(fl_issuetext *t)
{
    if (!t)
        return;
    fl_rowview_end(&t->rows);
    fl_rectext_free(&t->win);
    free(t->buf);
    memset(t, 0, sizeof *t);
}

static fl_status dq_add(void *ctx, const char *path, uint64_t line, uint64_t record,
                        const char *field, const char *value, size_t value_len, const char *reason,
                        bool rejected)
{
    return fl_report_add_file_issue(ctx, path, line, record, field, value, value_len, reason,
                                    rejected ? FL_ISSUE_REJECTED : 0);
}

fl_dq_sink fl_report_dq(fl_report *r)
{
    return (fl_dq_sink){dq_add, r};
}

/* Sort key of one flag; qsort has no context argument, so the key carries what it needs. */
typedef struct flag_key {
    uint32_t file;
    uint64_t record, line;
    int severity;
    const char *rule_id;
    int match;
    size_t index; /* position before sorting: the last tie-break, so the order is total */
} flag_key;

static int cmp_u64(uint64_t a, uint64_t b)
{
    return a < b ? -1 : a > b;
}

/* The order but for the evidence and the index (the evidence is in the spill file). */
static int cmp_flag_head(const flag_key *a, const flag_key *b)
{
    int c;
    if ((c = cmp_u64(a->file, b->file)) != 0)
        return c;
    if ((c = cmp_u64(a->record, b->record)) != 0)
        return c;
    if ((c = cmp_u64(a->line, b->line)) != 0)
        return c;
    if (a->severity != b->severity)
        return a->severity > b->severity ? -1 : 1;
    if ((c = strcmp(a->rule_id, b->rule_id)) != 0)
        return c;
    if (a->match != b->match)
        return a->match < b->match ? -1 : 1;
    return 0;
}

static int cmp_flag_key(const void *pa, const void *pb)
{
    const flag_key *a = pa, *b = pb;
    int c = cmp_flag_head(a, b);
    return c ? c : cmp_u64(a->index, b->index);
}

/*
 * Flags that tie on everything up to the match (rare: one record, one rule, two matches of
 * the same kind) go by their evidence, then the order added: keys[0..n) are such a run,
 * sorted by index; a stable insertion sort on the evidence keeps that order among equals.
 */
static fl_status sort_by_evidence(const fl_report *r, flag_key *keys, size_t n)
{
    fl_status st = FL_OK;
    fl_rectext t = {0};
    char **ev = calloc(n, sizeof *ev);
    if (!ev)
        return FL_ERR_NOMEM;
    for (size_t i = 0; i < n && st == FL_OK; i++) {
        const fl_flag *f = &r->pending[keys[i].index];
        if ((st = fl_report_flag_text(r, f, &t)) == FL_OK && !(ev[i] = strdup(t.evidence)))
            st = FL_ERR_NOMEM;
    }
    for (size_t i = 1; i < n && st == FL_OK; i++) {
        flag_key k = keys[i];
        char *e = ev[i];
        size_t j = i;
        for (; j > 0 && strcmp(ev[j - 1], e) > 0; j--) {
            keys[j] = keys[j - 1];
            ev[j] = ev[j - 1];
        }
        keys[j] = k;
        ev[j] = e;
    }
    for (size_t i = 0; i < n; i++)
        free(ev[i]);
    free(ev);
    fl_rectext_free(&t);
    return st;
}

static int cmp_tally(const void *pa, const void *pb)
{
    const fl_tally *a = pa, *b = pb;
    if (a->flags != b->flags)
        return a->flags > b->flags ? -1 : 1;
    return strcmp(a->key, b->key);
}

/* Copy the tallies with at least one flag into the arena, sorted. */
static fl_status keep_tallies(fl_report *r, const fl_tally *all, size_t n, fl_tally **out,
                              size_t *n_out)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += all[i].flags > 0;
    *out = NULL;
    *n_out = 0;
    if (!k)
        return FL_OK;
    fl_tally *t = fl_arena_alloc(&r->arena, k * sizeof *t);
    if (!t)
        return FL_ERR_NOMEM;
    k = 0;
    for (size_t i = 0; i < n; i++)
        if (all[i].flags > 0)
            t[k++] = all[i];
    qsort(t, k, sizeof *t, cmp_tally);
    *out = t;
    *n_out = k;
    return FL_OK;
}

static void count_into(fl_tally *t, fl_severity sev)
{
    t->flags++;
    t->by_severity[sev]++;
}

/* Bucket of an alpha-2 code among the 26 * 26 possible ones; -1 for anything else. */
static int country_bucket(const char *code)
{
    if (code[0] < 'A' || code[0] > 'Z' || code[1] < 'A' || code[1] > 'Z' || code[2])
        return -1;
    return (code[0] - 'A') * 26 + (code[1] - 'A');
}

#define N_BUCKETS (26 * 26)

/* The k-th entry of one of a rule's lists, NULL to skip it. */
typedef const char *(*rule_item_fn)(const fl_ruleset *rs, const fl_rule *ru, size_t k);

static const char *source_item(const fl_ruleset *rs, const fl_rule *ru, size_t k)
{
    return ru->sources[k] < rs->n_sources ? rs->sources[ru->sources[k]].id : NULL;
}

static const char *country_item(const fl_ruleset *rs, const fl_rule *ru, size_t k)
{
    (void)rs;
    return ru->countries[k];
}

static const char *region_item(const fl_ruleset *rs, const fl_rule *ru, size_t k)
{
    (void)rs;
    return ru->regions[k];
}

static const char *commodity_item(const fl_ruleset *rs, const fl_rule *ru, size_t k)
{
    return ru->commodities[k] < rs->n_commodities ? rs->commodities[ru->commodities[k]].id : NULL;
}

/* n entries of a rule's list joined with ";" into the report's arena; NULL when out of memory. */
static const char *join_items(fl_report *r, const fl_rule *ru, size_t n, rule_item_fn item)
{
    size_t need = 1;
    for (size_t k = 0; k < n; k++) {
        const char *it = item(r->rules, ru, k);
        need += it ? strlen(it) + 1 : 0;
    }
    char *p = fl_arena_alloc(&r->arena, need);
    if (!p)
        return NULL;
    size_t used = 0;
    for (size_t k = 0; k < n; k++) {
        const char *it = item(r->rules, ru, k);
        if (!it)
            continue;
        size_t l = strlen(it);
        if (used)
            p[used++] = ';';
        memcpy(p + used, it, l);
        used += l;
    }
    p[used] = '\0';
    return p;
}

/* Every rule's sources, countries, regions and commodities as the writers show them. */
static fl_status join_rule_lists(fl_report *r)
{
    const fl_ruleset *rs = r->rules;
    r->rule_sources = r->rule_countries = r->rule_regions = r->rule_commodities = NULL;
    if (!rs || !rs->n_rules)
        return FL_OK;
    const char **lists[4];
    for (int l = 0; l < 4; l++)
        if (!(lists[l] = fl_arena_alloc(&r->arena, rs->n_rules * sizeof *lists[l])))
            return FL_ERR_NOMEM;
    for (size_t i = 0; i < rs->n_rules; i++) {
        const fl_rule *ru = &rs->rules[i];
        lists[0][i] = join_items(r, ru, ru->n_sources, source_item);
        lists[1][i] = join_items(r, ru, ru->n_countries, country_item);
        lists[2][i] = join_items(r, ru, ru->n_regions, region_item);
        lists[3][i] = ru->all_goods ? "*" : join_items(r, ru, ru->n_commodities, commodity_item);
        for (int l = 0; l < 4; l++)
            if (!lists[l][i])
                return FL_ERR_NOMEM;
    }
    r->rule_sources = lists[0];
    r->rule_countries = lists[1];
    r->rule_regions = lists[2];
    r->rule_commodities = lists[3];
    return FL_OK;
}

/* Each list's coverage (coverage.h) onto its basis's entry, "; "-joined when several. */
static fl_status list_coverage(fl_report *r)
{
    fl_coverage cov[16];
    size_t n = fl_coverage_compute(r->rules, cov, 16);
    for (size_t l = 0; l < r->n_lists; l++) {
        fl_list_edition *e = &r->lists[l];
        e->coverage = "";
        for (size_t i = 0; i < n && i < 16; i++) {
            if (strcmp(fl_basis_str(cov[i].size->basis), e->basis) != 0)
                continue;
            char text[256];
            fl_coverage_text(&cov[i], true, text, sizeof text);
            e->coverage = *e->coverage ? fl_arena_printf(&r->arena, "%s; %s", e->coverage, text)
                                       : fl_arena_strdup(&r->arena, text);
            if (!e->coverage)
                return FL_ERR_NOMEM;
        }
    }
    return FL_OK;
}

/* Per basis: how many rules, the newest valid_from and the newest source date cited. */
static fl_status list_editions(fl_report *r)
{
    const fl_ruleset *rs = r->rules;
    fl_list_edition all[FL_BASIS_COUNT];
    memset(all, 0, sizeof all);
    r->lists = NULL;
    r->n_lists = 0;
    if (!rs)
        return FL_OK;
    fl_date newest[FL_BASIS_COUNT] = {0};
    for (size_t i = 0; i < rs->n_rules; i++) {
        const fl_rule *ru = &rs->rules[i];
        if ((unsigned)ru->basis >= FL_BASIS_COUNT)
            continue;
        fl_list_edition *l = &all[ru->basis];
        l->rules++;
        if (ru->valid_from > newest[ru->basis])
            newest[ru->basis] = ru->valid_from;
        for (size_t k = 0; k < ru->n_sources; k++) {
            if (ru->sources[k] >= rs->n_sources || !rs->sources[ru->sources[k]].date)
                continue;
            /* YYYY, YYYY-MM and YYYY-MM-DD order correctly as text; a longer date (not
             * valid in a loaded set) is cut rather than overrunning. */
            char d[sizeof l->latest_source];
            snprintf(d, sizeof d, "%s", rs->sources[ru->sources[k]].date);
            if (strcmp(d, l->latest_source) > 0)
                memcpy(l->latest_source, d, sizeof d);
        }
    }
    size_t n = 0;
    for (int b = 0; b < FL_BASIS_COUNT; b++)
        n += all[b].rules > 0;
    if (!n)
        return FL_OK;
    fl_list_edition *out = fl_arena_alloc(&r->arena, n * sizeof *out);
    if (!out)
        return FL_ERR_NOMEM;
    n = 0;
    for (int b = 0; b < FL_BASIS_COUNT; b++) {
        if (!all[b].rules)
            continue;
        all[b].basis = fl_basis_str((fl_basis)b);
        if (newest[b])
            fl_date_format(newest[b], all[b].latest_listing);
        out[n++] = all[b];
    }
    r->lists = out;
    r->n_lists = n;
    return list_coverage(r);
}

/*
 * Flags by importer: group the flagged records by their importer's party as the cases do
 * (fl_recinfo.importer, once fl_cases_build ran), else by their importer text (read back from
 * the spill file; only the distinct texts are kept, copied into the arena), then count each
 * flag into its record's group.
 */
static fl_status importer_tallies(fl_report *r)
{
    fl_status st = FL_OK;
    fl_tally *t = NULL;
    size_t n_groups = 0, cap = 0;
    fl_strmap *ix = NULL;
    fl_rectext text = {0};
    fl_rowview flags, recs;
    r->by_importer = NULL;
    r->n_by_importer = 0;
    if (!r->n_flags || !r->n_recs)
        return FL_OK;
    if (!(ix = fl_strmap_new()))
        return FL_ERR_NOMEM;
    fl_report_view(r, FL_ROWS_FLAGS, &flags);
    fl_report_view(r, FL_ROWS_RECS, &recs);
    uint32_t g = 0;
    size_t last_rec = SIZE_MAX;
    for (size_t i = 0; i < r->n_flags && st == FL_OK; i++) {
        const fl_flag *f = fl_flag_get(&flags, i);
        if (f->rec != last_rec) { /* a record's flags are together */
            last_rec = f->rec;
            const char *key = fl_rec_get(&recs, f->rec)->importer;
            if (!key) {
                if ((st = fl_report_rec_text(r, f->rec, &text)) != FL_OK)
                    break;
                key = *text.field[FL_F_IMPORTER] ? text.field[FL_F_IMPORTER] : "(none)";
            }
            bool added;
            if (fl_strmap_put(ix, key, strlen(key), (uint32_t)n_groups, &g, &added, NULL) !=
                FL_OK) {
                st = FL_ERR_NOMEM;
                break;
            }
            if (added) {
                if (!fl_grow((void **)&t, &cap, n_groups + 1, sizeof *t)) {
                    st = FL_ERR_NOMEM;
                    break;
                }
                fl_tally *nt = &t[n_groups++];
                memset(nt, 0, sizeof *nt);
                nt->label = "";
                if (!(nt->key = fl_arena_strdup(&r->arena, key))) {
                    st = FL_ERR_NOMEM;
                    break;
                }
            }
        }
        count_into(&t[g], f->severity);
    }
    fl_status vst = fl_rowview_end(&flags);
    if (st == FL_OK)
        st = vst;
    if ((vst = fl_rowview_end(&recs)) != FL_OK && st == FL_OK)
        st = vst;
    if (st == FL_OK)
        st = keep_tallies(r, t, n_groups, &r->by_importer, &r->n_by_importer);
    free(t);
    fl_strmap_free(ix);
    fl_rectext_free(&text);
    return st;
}

/* Totals that must add up; a bug otherwise. */
static fl_status check_consistency(const fl_report *r)
{
    if (r->read != r->flagged + r->clean + r->rejected) {
        fl_error("report: records read (%llu) differ from flagged (%llu) + clean (%llu) + "
                 "rejected (%llu); this is a bug",
                 (unsigned long long)r->read, (unsigned long long)r->flagged,
                 (unsigned long long)r->clean, (unsigned long long)r->rejected);
        return FL_ERR_INPUT;
    }
    return FL_OK;
}

/* The pending flags must name what exists; a bug otherwise. */
static fl_status check_consistency_pending(const fl_report *r)
{
    const fl_ruleset *rs = r->rules;
    for (size_t i = 0; i < r->n_pending; i++) {
        const fl_flag *f = &r->pending[i];
        if (f->rec >= r->n_recs || !rs || f->rule >= rs->n_rules ||
            (unsigned)f->severity >= FL_SEV_COUNT || (unsigned)f->match >= FL_MATCH_COUNT) {
            fl_error("report: flag %zu names record %u, rule %u outside the report; this is a "
                     "bug",
                     i, (unsigned)f->rec, (unsigned)f->rule);
            return FL_ERR_INPUT;
        }
    }
    return FL_OK;
}

/*
 * The record added last's flags in their total order, into the flag rows: records come in
 * input order, so sorting each record's flags (by severity, rule id and match; ties by
 * evidence, then the order added) puts all of them in order.
 */
static fl_status flush_pending(fl_report *r)
{
    const fl_ruleset *rs = r->rules;
    size_t n = r->n_pending;
    if (!n)
        return FL_OK;
    fl_status st = check_consistency_pending(r);
    if (st == FL_OK)
        st = rows_ready(&r->flag_rows, sizeof(fl_flag), "flags");
    if (st != FL_OK)
        return st;
    flag_key one = {0}; /* a record's only flag: no allocation */
    flag_key *keys = &one;
    if (n > 1 && !(keys = malloc(n * sizeof *keys)))
        return FL_ERR_NOMEM;
    for (size_t i = 0; i < n; i++) {
        const fl_flag *f = &r->pending[i];
        keys[i] = (flag_key){0, 0, 0, (int)f->severity, rs->rules[f->rule].id, (int)f->match, i};
    }
    if (n > 1)
        qsort(keys, n, sizeof *keys, cmp_flag_key);
    for (size_t a = 0, b; a < n && st == FL_OK; a = b) {
        for (b = a + 1; b < n && cmp_flag_head(&keys[a], &keys[b]) == 0; b++)
            ;
        if (b - a > 1)
            st = sort_by_evidence(r, keys + a, b - a);
    }
    for (size_t i = 0; i < n && st == FL_OK; i++) {
        fl_flag *row = fl_rowfile_push(r->flag_rows);
        if (!row)
            st = fl_rowfile_status(r->flag_rows);
        else
            *row = r->pending[keys[i].index];
    }
    if (keys != &one)
        free(keys);
    r->n_pending = 0;
    return st;
}

/* Flags per origin country: a bucket per alpha-2 code, one for "unknown", and a short list
   for the rare origin that is not an alpha-2 code. */
typedef struct country_tallies {
    fl_tally *t;     /* N_BUCKETS + 1 ("unknown"), then the odd codes */
    size_t n, cap;
} country_tallies;

/* The tally of origin (copied into r's arena when new); NULL when out of memory. */
static fl_tally *country_tally(fl_report *r, country_tallies *ct, const char *origin)
{
    fl_tally *t = NULL;
    if (!origin[0]) {
        t = &ct->t[N_BUCKETS];
        t->key = "unknown";
        t->label = "(unknown)"; /* a name for the Summary's chart */
        return t;
    }
    int bk = country_bucket(origin);
    if (bk >= 0) {
        t = &ct->t[bk];
    } else {
        /* Not an alpha-2 code: rare, so a linear list is enough. */
        for (size_t k = N_BUCKETS + 1; k < ct->n && !t; k++)
            if (strcmp(ct->t[k].key, origin) == 0)
                t = &ct->t[k];
        if (!t) {
            if (!fl_grow((void **)&ct->t, &ct->cap, ct->n + 1, sizeof *ct->t))
                return NULL;
            t = &ct->t[ct->n++];
            memset(t, 0, sizeof *t);
        }
    }
    if (!t->key) {
        /* Copied: the tally must not point into the growable recs array. */
        t->key = fl_arena_strdup(&r->arena, origin);
        t->label = t->key;
    }
    return t->key ? t : NULL;
}

/* by_severity, and the tallies by rule, basis, country and importer. */
static fl_status count_tallies(fl_report *r)
{
    const fl_ruleset *rs = r->rules;
    fl_status st = FL_OK;
    fl_tally basis_t[FL_BASIS_COUNT], *rule_t = NULL;
    country_tallies ct = {NULL, N_BUCKETS + 1, N_BUCKETS + 1};
    memset(r->by_severity, 0, sizeof r->by_severity);
    memset(basis_t, 0, sizeof basis_t);
    if ((rs && rs->n_rules && !(rule_t = calloc(rs->n_rules, sizeof *rule_t))) ||
        !(ct.t = calloc(ct.cap, sizeof *ct.t))) {
        st = FL_ERR_NOMEM;
        goto done;
    }
    fl_rowview flags, recs;
    fl_report_view(r, FL_ROWS_FLAGS, &flags);
    fl_report_view(r, FL_ROWS_RECS, &recs);
    for (size_t i = 0; i < r->n_flags; i++) {
        const fl_flag *f = fl_flag_get(&flags, i);
        const fl_rule *ru = &rs->rules[f->rule];
        r->by_severity[f->severity]++;
        rule_t[f->rule].key = ru->id;
        rule_t[f->rule].label = ru->title ? ru->title : "";
        count_into(&rule_t[f->rule], f->severity);
        fl_basis b = (unsigned)ru->basis < FL_BASIS_COUNT ? ru->basis : FL_BASIS_TVPRA;
        basis_t[b].key = fl_basis_str(b);
        basis_t[b].label = "";
        count_into(&basis_t[b], f->severity);
        fl_tally *t = country_tally(r, &ct, fl_rec_get(&recs, f->rec)->origin);
        if (!t) {
            st = FL_ERR_NOMEM;
            break;
        }
        count_into(t, f->severity);
    }
    fl_status vst = fl_rowview_end(&flags);
    if (st == FL_OK)
        st = vst;
    if ((vst = fl_rowview_end(&recs)) != FL_OK && st == FL_OK)
        st = vst;
    if (st == FL_OK && (st = keep_tallies(r, rule_t, rs ? rs->n_rules : 0, &r->by_rule, &r->n_by_rule)) ==
            FL_OK &&
        (st = keep_tallies(r, basis_t, FL_BASIS_COUNT, &r->by_basis, &r->n_by_basis)) == FL_OK &&
        (st = keep_tallies(r, ct.t, ct.n, &r->by_country, &r->n_by_country)) == FL_OK)
        st = importer_tallies(r);
done:
    free(rule_t);
    free(ct.t);
    return st;
}

fl_status fl_report_finish(fl_report *r)
{
    /* no record comes after: the duplicate record ids can be told */
    fl_status st = number_duplicates(r);
    if (st == FL_OK)
        st = check_consistency(r);
    if (st == FL_OK)
        st = flush_pending(r);
    if (st == FL_OK && r->spill)
        st = spill_flush(r->spill);
    if (st == FL_OK)
        st = join_rule_lists(r);
    if (st == FL_OK)
        st = list_editions(r);
    if (st == FL_OK)
        st = count_tallies(r);
    return st;
}

fl_status fl_report_tally(fl_report *r)
{
    return count_tallies(r);
}

fl_status fl_report_split_suppressed(fl_report *r)
{
    fl_status st = flush_pending(r);
    if (st != FL_OK || !r->n_flags)
        return st;
    if ((st = rows_ready(&r->sup_rows, sizeof(fl_flag), "suppressed flags")) != FL_OK)
        return st;
    /* A stable partition: both lists stay in the total order. The kept flags move down in
       place, through a second view that never passes the first. */
    fl_rowview from, to;
    fl_report_view(r, FL_ROWS_FLAGS, &from);
    fl_report_view(r, FL_ROWS_FLAGS, &to);
    size_t kept = 0;
    for (size_t i = 0; i < r->n_flags && st == FL_OK; i++) {
        fl_flag f = *fl_flag_get(&from, i);
        if (f.memo.on && f.memo.suppressed) {
            fl_flag *row = fl_rowfile_push(r->sup_rows);
            if (!row)
                st = fl_rowfile_status(r->sup_rows);
            else
                *row = f;
            r->n_suppressed += row != NULL;
        } else {
            if (kept != i)
                *fl_flag_edit(&to, kept) = f;
            kept++;
        }
    }
    fl_status vst = fl_rowview_end(&from);
    if (st == FL_OK)
        st = vst;
    if ((vst = fl_rowview_end(&to)) != FL_OK && st == FL_OK)
        st = vst;
    if (st != FL_OK || kept == r->n_flags)
        return st;
    if ((st = fl_rowfile_truncate(r->flag_rows, kept)) != FL_OK)
        return st;
    r->n_flags = kept;
    /* The tallies count the flags shown. */
    return fl_report_finish(r);
}

const char *fl_case_status_str(fl_case_status s)
{
    static const char *const names[FL_CASE_STATUS_COUNT] = {"New", "Open", "Returning",
                                                            "Decided"};
    return (unsigned)s < FL_CASE_STATUS_COUNT ? names[s] : "?";
}

int fl_report_max_severity(const fl_report *r)
{
    int max = -1;
    for (size_t i = 0; i < r->n_pending; i++)
        if ((int)r->pending[i].severity > max)
            max = (int)r->pending[i].severity;
    fl_rowview v;
    fl_report_view(r, FL_ROWS_FLAGS, &v);
    size_t n = r->n_flags - r->n_pending;
    for (size_t i = 0; i < n; i++) {
        int sev = (int)fl_flag_get(&v, i)->severity;
        if (sev > max)
            max = sev;
    }
    fl_rowview_end(&v);
    return max;
}
