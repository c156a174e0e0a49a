/* batch.c - records judged on several threads, handed back in order; see batch.h. */
#include "batch.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

#define PARTS 8                      /* a batch is cut into parts the threads take in turn */
#define BATCH_BYTES (8u << 20)       /* a batch is full at this many bytes of fields too */
#define NO_ERROR ((size_t)-1)

/* A row as copied: its place in the file, its fields in the batch's bytes. */
typedef struct rowmeta {
    uint64_t line, index;
    size_t first, n_fields; /* into fields */
    size_t error;           /* offset of the reader's error text in bytes, or NO_ERROR */
} rowmeta;

typedef struct span {
    size_t off, len;
} span;

typedef enum { S_FREE, S_FILLING, S_QUEUED, S_TAKEN } slot_state;

/* What a thread judges with: its own normaliser, matcher and hit buffer (caches per thread). */
typedef struct context {
    fl_normaliser *norm;
    fl_matcher *matcher;
    fl_hit hits[FL_VERDICT_MAX_HITS];
} context;

/* One batch and what judging it made, per context where threads would otherwise share. */
typedef struct slot {
    slot_state state;
    uint64_t seq; /* submit order */
    const fl_fieldmap *map;
    char *bytes;
    size_t n_bytes, cap_bytes;
    rowmeta rows[FL_BATCH_ROWS];
    size_t n_rows;
    span *fields;
    size_t n_fields, cap_fields;
    fl_slice *slices;
    size_t cap_slices;
    fl_judged judged[FL_BATCH_ROWS];
    size_t hit_off[FL_BATCH_ROWS];  /* a row's first hit in its context's hits */
    unsigned part_ctx[PARTS];       /* the context that judged each part */
    size_t n_parts, parts_next, parts_done;
    atomic_bool nomem;              /* out of memory while judging (any thread) */
    /* per context: the records' texts, and the hits (a context appends to its own only) */
    fl_arena *texts;
    fl_hit **hits;
    size_t *n_hits, *cap_hits;
} slot;

struct fl_batch_pool {
    pthread_mutex_t mu;
    pthread_cond_t cv; /* broadcast on a submit, a part done, and stop */
    slot *s[2];
    int fill;          /* the slot being filled; -1 while both are in the pool */
    uint64_t next_seq, take_seq;
    bool stop;
    context *ctx;
    size_t n_ctx;      /* threads, or 1 (the caller's) */
    pthread_t *tid;
    size_t n_started;
    fl_status st;      /* out of memory while adding */
    /* with more than one thread, the caches the threads' normalisers and matchers share */
    fl_memo_shared *places, *entities, *quiet;
};

/* Stripes of a shared cache (memo.h): enough that threads seldom wait on one another. */
#define CACHE_STRIPES 16

static size_t row_lo(const slot *s, size_t part)
{
    return part * s->n_rows / s->n_parts;
}

/* Judge part `part` of s with context t. */
static void judge_part(fl_batch_pool *p, slot *s, size_t part, unsigned t)
{
    context *c = &p->ctx[t];
    fl_normaliser_texts(c->norm, &s->texts[t]);
    for (size_t i = row_lo(s, part); i < row_lo(s, part + 1); i++) {
        const rowmeta *m = &s->rows[i];
        fl_judged *j = &s->judged[i];
        j->row = (fl_csv_row){s->slices + m->first, m->n_fields, m->line, m->index,
                              m->error == NO_ERROR ? NULL : s->bytes + m->error};
        j->v = (fl_verdict){0, 0, FL_SUPPLY_NONE};
        j->hits = NULL;
        s->hit_off[i] = s->n_hits[t];
        j->accepted = fl_record_read(c->norm, &j->row, s->map, &j->rec);
        if (!j->accepted)
            continue;
        fl_record_place(c->norm, &j->rec, c->matcher);
        j->v = fl_verdict_direct(c->matcher, &j->rec, c->hits);
        j->rec.subject.shipper_screened = false; /* its hits are the normaliser's, for now */
        if (!j->v.n_hits)
            continue;
        if (!fl_grow((void **)&s->hits[t], &s->cap_hits[t], s->n_hits[t] + j->v.n_hits,
                     sizeof **s->hits)) {
            s->nomem = true;
            j->v.n_hits = 0;
            continue;
        }
        memcpy(s->hits[t] + s->n_hits[t], c->hits, j->v.n_hits * sizeof *c->hits);
        s->n_hits[t] += j->v.n_hits;
    }
    fl_normaliser_texts(c->norm, NULL);
}

/* The queued slot with parts left to take, the older first; NULL when none. */
static slot *work_to_do(fl_batch_pool *p)
{
    slot *best = NULL;
    for (int i = 0; i < 2; i++) {
        slot *s = p->s[i];
        if (s->state == S_QUEUED && s->parts_next < s->n_parts && (!best || s->seq < best->seq))
            best = s;
    }
    return best;
}

typedef struct thread_arg {
    fl_batch_pool *p;
    unsigned t;
} thread_arg;

static void *judge_thread(void *arg)
{
    fl_batch_pool *p = ((thread_arg *)arg)->p;
    unsigned t = ((thread_arg *)arg)->t;
    free(arg);
    pthread_mutex_lock(&p->mu);
    for (;;) {
        slot *s;
        while (!p->stop && !(s = work_to_do(p)))
            pthread_cond_wait(&p->cv, &p->mu);
        if (p->stop)
            break;
        size_t part = s->parts_next++;
        s->part_ctx[part] = t;
        pthread_mutex_unlock(&p->mu);
        judge_part(p, s, part, t);
        pthread_mutex_lock(&p->mu);
        if (++s->parts_done == s->n_parts)
            pthread_cond_broadcast(&p->cv);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

static slot *slot_new(size_t n_ctx)
{
    slot *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->texts = calloc(n_ctx, sizeof *s->texts);
    s->hits = calloc(n_ctx, sizeof *s->hits);
    s->n_hits = calloc(n_ctx, sizeof *s->n_hits);
    s->cap_hits = calloc(n_ctx, sizeof *s->cap_hits);
    if (!s->texts || !s->hits || !s->n_hits || !s->cap_hits)
        return s; /* the caller sees the NULLs */
    for (size_t t = 0; t < n_ctx; t++)
        s->texts[t] = (fl_arena)FL_ARENA_INIT;
    return s;
}

static bool slot_ok(const slot *s)
{
    return s && s->texts && s->hits && s->n_hits && s->cap_hits;
}

static void slot_free(slot *s, size_t n_ctx)
{
    if (!s)
        return;
    for (size_t t = 0; s->texts && t < n_ctx; t++)
        fl_arena_free(&s->texts[t]);
    for (size_t t = 0; s->hits && t < n_ctx; t++)
        free(s->hits[t]);
    free(s->texts);
    free(s->hits);
    free(s->n_hits);
    free(s->cap_hits);
    free(s->bytes);
    free(s->fields);
    free(s->slices);
    free(s);
}

fl_batch_pool *fl_batch_pool_new(const fl_batch_refs *refs, unsigned threads)
{
    fl_batch_pool *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cv, NULL);
    p->n_ctx = threads ? threads : 1;
    p->ctx = calloc(p->n_ctx, sizeof *p->ctx);
    p->tid = calloc(p->n_ctx, sizeof *p->tid);
    p->s[0] = slot_new(p->n_ctx);
    p->s[1] = slot_new(p->n_ctx);
    bool ok = p->ctx && p->tid && slot_ok(p->s[0]) && slot_ok(p->s[1]);
    for (size_t t = 0; ok && t < p->n_ctx; t++) {
        p->ctx[t].norm = fl_normaliser_new(refs->countries, refs->gazetteer, refs->ports,
                                           refs->as_of);
        if (p->ctx[t].norm)
            fl_normaliser_names(p->ctx[t].norm, refs->names);
        p->ctx[t].matcher = fl_matcher_new(refs->rules, refs->entities);
        ok = p->ctx[t].norm && p->ctx[t].matcher;
    }
    if (ok && p->n_ctx > 1) { /* one copy of each name, however many threads ask */
        p->places = fl_place_cache_new(CACHE_STRIPES);
        ok = p->places && fl_match_caches_new(&p->entities, &p->quiet, CACHE_STRIPES) == FL_OK;
        for (size_t t = 0; ok && t < p->n_ctx; t++) {
            fl_normaliser_share_places(p->ctx[t].norm, p->places);
            fl_matcher_share(p->ctx[t].matcher, p->entities, p->quiet);
        }
    }
    p->fill = 0;
    p->s[0]->state = S_FILLING;
    for (unsigned t = 0; ok && t < threads; t++) {
        thread_arg *a = malloc(sizeof *a);
        if (a)
            *a = (thread_arg){p, t};
        if (!a || pthread_create(&p->tid[t], NULL, judge_thread, a) != 0) {
            free(a);
            ok = false;
            break;
        }
        p->n_started++;
    }
    if (!ok) {
        fl_batch_pool_free(p);
        return NULL;
    }
    return p;
}

void fl_batch_pool_free(fl_batch_pool *p)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->mu);
    p->stop = true;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    for (size_t t = 0; t < p->n_started; t++)
        pthread_join(p->tid[t], NULL);
    for (size_t t = 0; p->ctx && t < p->n_ctx; t++) {
        fl_normaliser_free(p->ctx[t].norm);
        fl_matcher_free(p->ctx[t].matcher);
    }
    fl_memo_shared_free(p->places);
    fl_memo_shared_free(p->entities);
    fl_memo_shared_free(p->quiet);
    slot_free(p->s[0], p->n_ctx);
    slot_free(p->s[1], p->n_ctx);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->cv);
    free(p->ctx);
    free(p->tid);
    free(p);
}

bool fl_batch_add(fl_batch_pool *p, const fl_csv_row *row)
{
    if (p->fill < 0) /* a caller's mistake: both batches are in the pool */
        p->st = FL_ERR_NOMEM;
    if (p->st != FL_OK)
        return true;
    slot *s = p->s[p->fill];
    size_t need = row->error ? strlen(row->error) + 1 : 0;
    for (size_t i = 0; i < row->n_fields; i++)
        need += row->fields[i].len;
    if (!fl_grow((void **)&s->fields, &s->cap_fields, s->n_fields + row->n_fields + 1,
                 sizeof *s->fields) ||
        !fl_grow((void **)&s->bytes, &s->cap_bytes, s->n_bytes + need + 1, 1)) {
        p->st = FL_ERR_NOMEM;
        return true;
    }
    rowmeta *m = &s->rows[s->n_rows++];
    *m = (rowmeta){row->line, row->index, s->n_fields, row->n_fields, NO_ERROR};
    char *to = s->bytes + s->n_bytes;
    for (size_t i = 0; i < row->n_fields; i++) {
        size_t len = row->fields[i].len;
        s->fields[s->n_fields++] = (span){(size_t)(to - s->bytes), len};
        if (len)
            memcpy(to, row->fields[i].ptr, len);
        to += len;
    }
    if (row->error) {
        m->error = (size_t)(to - s->bytes);
        size_t len = strlen(row->error) + 1;
        memcpy(to, row->error, len);
        to += len;
    }
    s->n_bytes = (size_t)(to - s->bytes);
    return s->n_rows == FL_BATCH_ROWS || s->n_bytes >= BATCH_BYTES;
}

size_t fl_batch_filling(const fl_batch_pool *p)
{
    return p->fill < 0 ? 0 : p->s[p->fill]->n_rows;
}

size_t fl_batch_pending(const fl_batch_pool *p)
{
    size_t n = 0;
    for (int i = 0; i < 2; i++)
        n += p->s[i]->state == S_QUEUED;
    return n;
}

fl_status fl_batch_submit(fl_batch_pool *p, const fl_fieldmap *map)
{
    if (p->st != FL_OK)
        return p->st;
    if (p->fill < 0)
        return FL_ERR_NOMEM; /* a caller's mistake: nothing being filled */
    slot *s = p->s[p->fill];
    if (!s->n_rows)
        return FL_OK;
    /* The bytes are all in: the fields' slices can point into them now. */
    if (!fl_grow((void **)&s->slices, &s->cap_slices, s->n_fields + 1, sizeof *s->slices))
        return p->st = FL_ERR_NOMEM;
    for (size_t i = 0; i < s->n_fields; i++)
        s->slices[i] = (fl_slice){s->fields[i].len ? s->bytes + s->fields[i].off : "",
                                  s->fields[i].len};
    s->map = map;
    s->nomem = false;
    s->n_parts = s->n_rows < PARTS ? s->n_rows : PARTS;
    s->parts_next = s->parts_done = 0;
    pthread_mutex_lock(&p->mu);
    s->seq = p->next_seq++;
    s->state = S_QUEUED;
    slot *other = p->s[p->fill ^ 1];
    if (other->state == S_FREE) {
        other->state = S_FILLING;
        p->fill ^= 1;
    } else {
        p->fill = -1;
    }
    if (p->n_started)
        pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    if (!p->n_started) { /* no thread: judged here and now */
        for (size_t part = 0; part < s->n_parts; part++) {
            s->part_ctx[part] = 0;
            judge_part(p, s, part, 0);
        }
        s->parts_next = s->parts_done = s->n_parts;
    }
    return FL_OK;
}

size_t fl_batch_take(fl_batch_pool *p, const fl_judged **out)
{
    slot *s = NULL;
    for (int i = 0; i < 2; i++)
        if (p->s[i]->state == S_QUEUED && p->s[i]->seq == p->take_seq)
            s = p->s[i];
    if (!s)
        return 0;
    pthread_mutex_lock(&p->mu);
    while (s->parts_done < s->n_parts)
        pthread_cond_wait(&p->cv, &p->mu);
    s->state = S_TAKEN;
    pthread_mutex_unlock(&p->mu);
    p->take_seq++;
    if (s->nomem)
        p->st = FL_ERR_NOMEM;
    /* The hits' own buffers are complete: their pointers can be given now. */
    for (size_t part = 0; part < s->n_parts; part++) {
        unsigned t = s->part_ctx[part];
        for (size_t i = row_lo(s, part); i < row_lo(s, part + 1); i++)
            if (s->judged[i].v.n_hits)
                s->judged[i].hits = s->hits[t] + s->hit_off[i];
    }
    *out = s->judged;
    return s->n_rows;
}

void fl_batch_release(fl_batch_pool *p)
{
    for (int i = 0; i < 2; i++) {
        slot *s = p->s[i];
        if (s->state != S_TAKEN)
            continue;
        for (size_t t = 0; t < p->n_ctx; t++) {
            fl_arena_reset(&s->texts[t]);
            s->n_hits[t] = 0;
        }
        s->n_rows = s->n_bytes = s->n_fields = 0;
        pthread_mutex_lock(&p->mu);
        if (p->fill < 0) {
            s->state = S_FILLING;
            p->fill = i;
        } else {
            s->state = S_FREE;
        }
        pthread_mutex_unlock(&p->mu);
    }
}

fl_status fl_batch_status(const fl_batch_pool *p)
{
    return p->st;
}
