/* rollup.c - importer, supplier and portfolio roll-ups; see rollup.h. */
#include "rollup.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "dates.h"
#include "extsort.h"
#include "nearname.h"
#include "party.h"
#include "strmap.h"
#include "u64map.h"

/*
 * Counts of one (importer spelling, HS chapter, origin), in two parts, since a roll-up over
 * many importers holds hundreds of thousands of them (1M generated rows: 265,000 cells, a
 * fifth of them with a flag). The cell is what every shipment touches, 32 bytes, half a cache
 * line; its tail what only a flagged shipment touches, made for the cell's first flag.
 * The cell's counts are narrow: before one of them would overflow, all three are carried into
 * the tail's wide ones (which a cell with that many shipments then has, flagged or not).
 */
typedef struct cell {
    uint32_t spelling;
    char chapter[2], origin[2]; /* NUL-padded, not terminated (cell_parts) */
    uint32_t tail;              /* 1 + the index of its tail; 0: none */
    uint16_t shipments;
    uint8_t no_value, no_weight;
    double value, weight;
} cell;

typedef struct tail {
    uint64_t shipments, no_value, no_weight; /* carried from the cell's narrow counts */
    uint64_t by_sev[FL_SEV_COUNT];           /* flagged shipments by highest severity */
    double fvalue, fweight;
    double fvalue_sev[FL_SEV_COUNT]; /* flagged value by highest severity */
} tail;

/* The tail of the cells that have none: zeros, as the flagged counts of an unflagged cell were. */
static const tail no_tail;

/*
 * Cells and tails live in blocks of BLOCK that never move: no copy of the whole and no slack
 * beyond one block as they grow (an array grown by doubling briefly holds both copies, and
 * up to half of it unused). Cell blocks are aligned on cache lines, so that a cell sits in one.
 */
#define BLOCK_SHIFT 12
#define BLOCK ((size_t)1 << BLOCK_SHIFT)
#define CACHE_LINE 64

_Static_assert(CACHE_LINE % sizeof(cell) == 0, "a cell sits in one cache line");

typedef struct blocks {
    void **at;
    size_t n, cap; /* blocks made, room for */
} blocks;

/*
 * A slot of the cell index: open addressing over the hash of (importer text, chapter,
 * origin), 32 bits of it kept (a look-up compares the key of a cell only when they are
 * equal). The cell itself holds the key (its spelling, chapter and origin), so a look-up
 * reads the slot and the cell it is about to count in, and the spelling's text (few, hot).
 * Kept beside strmap on purpose: fl_trade_prefetch() needs the slot's address from the
 * hash before the row is counted and fl_trade_prefetch_cell() reads the slot's cell number,
 * which strmap's private slots do not offer; and strmap would keep a copy of every cell
 * key (1M generated rows: 41.9 MB peak RSS with a strmap cell index, 40.5 MB with this one;
 * CPU time the same within noise, 3.1 to 3.4 s both).
 */
typedef struct cslot {
    uint32_t hash; /* 0: empty */
    uint32_t cell;
} cslot;

typedef struct spelling {
    const char *text; /* the map's copy */
    size_t len;
    uint64_t shipments;
} spelling;

/*
 * The cells in memory are bounded (MAX_CELLS, about 1.3 MiB with their index and tails); a
 * shipment of a cell not among them once they are all made is a row of a sort in bounded
 * memory (extsort.h), its cell summed from the rows when the roll-up is made. A cell is
 * wholly in memory or wholly in rows, so each sum adds the same numbers in the same order
 * (the shipments'), and every cell in rows was first seen after every cell in memory.
 */
#define MAX_CELLS ((size_t)1 << 14)
#define ROW_SORT_MEMORY ((size_t)1 << 20)

typedef struct trade_row {
    double value, weight; /* 0 when missing */
    uint64_t seq;         /* the shipment's number: the order they came */
    uint32_t spelling;
    char chapter[2], origin[2];
    int8_t top; /* the highest severity of its flags; -1 none */
    bool has_v, has_w;
} trade_row;

struct fl_trade {
    const fl_name_tables *names; /* borrowed: importer spellings are grouped by party key */
    fl_strmap *spell_ix;
    cslot *cslots; /* the cell index; cap_cslots a power of two, at most 3/4 full */
    size_t cap_cslots;
    uint32_t prefetched; /* the cell hash fl_trade_prefetch() was last given */
    blocks cells, tails;
    size_t n_cells, n_tails;
    spelling *sp;
    size_t n_sp, cap_sp;
    uint64_t *sup_ship, *sup_flag; /* per listed supplier */
    size_t cap_sup;
    size_t max_cells;  /* MAX_CELLS, or FLSCAN_TRADE_CELLS (a testing knob) */
    uint64_t shipments; /* counted so far: the next one's seq */
    fl_extsort *rows;  /* trade_row: the shipments of the cells not in memory; NULL none */
};

static const double sev_weight[FL_SEV_COUNT] = {0.1, 0.3, 0.6, 1.0};

double fl_rollup_severity_weight(fl_severity s)
{
    return (unsigned)s < FL_SEV_COUNT ? sev_weight[s] : 0;
}

/*
 * The common case read without strtod: digits with at most one '.' ("197066.40"), at most
 * 19 digits, the digits as an integer m <= 2^53 and at most 22 after the point. Then m and
 * 10^k are exact doubles and m / 10^k is rounded once, so the result is the correctly
 * rounded value strtod gives. False for anything else (the caller falls back to strtod).
 */
static bool plain_decimal(const char *s, size_t n, double *out)
{
    static const double pow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                   1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                   1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    uint64_t m = 0;
    size_t digits = 0, frac = 0;
    bool dot = false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '.' && !dot) {
            dot = true;
            continue;
        }
        if (c < '0' || c > '9' || ++digits > 19)
            return false;
        m = m * 10 + (uint64_t)(c - '0');
        frac += dot;
    }
    if (!digits || m > (UINT64_C(1) << 53) || frac >= sizeof pow10 / sizeof *pow10)
        return false;
    *out = (double)m / pow10[frac];
    return true;
}

bool fl_rollup_number(fl_slice s, double *out)
{
    if (plain_decimal(s.ptr, s.len, out)) /* "197066.40" as it usually comes */
        return true;
    char buf[64];
    size_t n = 0;
    bool digit = false;
    for (size_t i = 0; i < s.len; i++) {
        char c = s.ptr[i];
        if (c == ',' || c == '$' || c == ' ' || c == '\t')
            continue; /* thousands separators, currency sign */
        if ((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E') {
            if (n + 1 >= sizeof buf)
                return false;
            digit |= c >= '0' && c <= '9';
            buf[n++] = c;
            continue;
        }
        /* a unit after the number ("18087.3 kg", "USD"): stop at the first letter run */
        if (digit)
            break;
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))
            continue; /* a leading currency code */
        return false;
    }
    if (!digit)
        return false;
    if (plain_decimal(buf, n, out))
        return true;
    buf[n] = '\0';
    char *end;
    double v = strtod(buf, &end);
    if (*end || !isfinite(v) || v < 0)
        return false;
    *out = v;
    return true;
}

fl_trade *fl_trade_new(const fl_name_tables *names)
{
    fl_trade *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->names = names;
    t->spell_ix = fl_strmap_new();
    t->max_cells = MAX_CELLS;
    const char *knob = getenv("FLSCAN_TRADE_CELLS");
    if (knob && *knob)
        t->max_cells = strtoull(knob, NULL, 10);
    t->cap_cslots = 1024;
    t->cslots = calloc(t->cap_cslots, sizeof *t->cslots);
    if (!t->spell_ix || !t->cslots) {
        fl_trade_free(t);
        return NULL;
    }
    return t;
}

static void free_blocks(blocks *b)
{
    for (size_t i = 0; i < b->n; i++)
        free(b->at[i]);
    free(b->at);
}

void fl_trade_free(fl_trade *t)
{
    if (!t)
        return;
    fl_strmap_free(t->spell_ix);
    free(t->cslots);
    free_blocks(&t->cells);
    free_blocks(&t->tails);
    free(t->sp);
    free(t->sup_ship);
    free(t->sup_flag);
    fl_extsort_free(t->rows);
    free(t);
}

static cell *cell_at(const fl_trade *t, uint32_t i)
{
    return (cell *)t->cells.at[i >> BLOCK_SHIFT] + (i & (BLOCK - 1));
}

static tail *tail_at(const fl_trade *t, uint32_t i)
{
    return (tail *)t->tails.at[i >> BLOCK_SHIFT] + (i & (BLOCK - 1));
}

/* The tail of cell c, or no_tail. */
static const tail *tail_of(const fl_trade *t, const cell *c)
{
    return c->tail ? tail_at(t, c->tail - 1) : &no_tail;
}

/* Room for item i in b (items of elem bytes, aligned to align, 0: malloc's). False when out
   of memory. */
static bool block_room(blocks *b, size_t i, size_t elem, size_t align)
{
    if ((i >> BLOCK_SHIFT) < b->n)
        return true;
    if (!fl_grow((void **)&b->at, &b->cap, b->n + 1, sizeof *b->at))
        return false;
    void *p = align ? aligned_alloc(align, BLOCK * elem) : malloc(BLOCK * elem);
    if (!p)
        return false;
    b->at[b->n++] = p;
    return true;
}

/* The tail of cell c, made (zero) when it has none. NULL when out of memory. */
static tail *tail_make(fl_trade *t, cell *c)
{
    if (c->tail)
        return tail_at(t, c->tail - 1);
    if (t->n_tails >= UINT32_MAX - 1 || !block_room(&t->tails, t->n_tails, sizeof(tail), 0))
        return NULL;
    tail *x = tail_at(t, (uint32_t)t->n_tails);
    *x = (tail){0};
    c->tail = (uint32_t)++t->n_tails;
    return x;
}

/* The hash of a cell key; never 0 (the mark of an empty slot). */
static uint32_t cell_hash(fl_slice importer, const char chapter[2], const char org[2])
{
    uint64_t co = (uint64_t)(unsigned char)chapter[0] | (uint64_t)(unsigned char)chapter[1] << 8 |
                  (uint64_t)(unsigned char)org[0] << 16 | (uint64_t)(unsigned char)org[1] << 24;
    uint64_t h = (fl_hash_bytes(importer.ptr, importer.len) ^ co) * 0x9E3779B97F4A7C15ull;
    uint32_t h32 = (uint32_t)(h ^ h >> 32);
    return h32 ? h32 : 1;
}

/* The slot of the cell with this key, or the empty slot where it would go. */
static cslot *cell_slot(const fl_trade *t, uint32_t h, fl_slice importer, const char chapter[2],
                        const char org[2])
{
    size_t mask = t->cap_cslots - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        cslot *s = &t->cslots[i];
        if (!s->hash)
            return s;
        if (s->hash != h)
            continue;
        const cell *c = cell_at(t, s->cell);
        const spelling *sp = &t->sp[c->spelling];
        if (memcmp(c->chapter, chapter, 2) == 0 && memcmp(c->origin, org, 2) == 0 &&
            sp->len == importer.len && (!sp->len || memcmp(sp->text, importer.ptr, sp->len) == 0))
            return s;
    }
}

/* The number of importer spelling importer, made when new (numbered in order of first
   sight). */
static fl_status spelling_of(fl_trade *t, fl_slice importer, uint32_t *si)
{
    bool added;
    const char *stored;
    if (fl_strmap_put(t->spell_ix, importer.ptr, importer.len, (uint32_t)t->n_sp, si, &added,
                      &stored) != FL_OK)
        return FL_ERR_NOMEM;
    if (added) {
        if (!fl_grow((void **)&t->sp, &t->cap_sp, t->n_sp + 1, sizeof *t->sp))
            return FL_ERR_NOMEM;
        t->sp[t->n_sp++] = (spelling){stored, importer.len, 0};
    }
    return FL_OK;
}

/* Add the cell for this key (numbered in order of first sight, as its spelling). */
static fl_status cell_add(fl_trade *t, uint32_t h, fl_slice importer, const char chapter[2],
                          const char org[2], uint32_t *ci)
{
    uint32_t si;
    fl_status st = spelling_of(t, importer, &si);
    if (st != FL_OK)
        return st;
    if (t->n_cells >= UINT32_MAX || !block_room(&t->cells, t->n_cells, sizeof(cell), CACHE_LINE))
        return FL_ERR_NOMEM;
    if ((t->n_cells + 1) * 4 > t->cap_cslots * 3) { /* keep the index at most 3/4 full */
        size_t ncap = t->cap_cslots * 2;
        cslot *ns = calloc(ncap, sizeof *ns);
        if (!ns)
            return FL_ERR_NOMEM;
        for (size_t i = 0; i < t->cap_cslots; i++) {
            if (!t->cslots[i].hash)
                continue;
            size_t k = t->cslots[i].hash & (ncap - 1);
            while (ns[k].hash)
                k = (k + 1) & (ncap - 1);
            ns[k] = t->cslots[i];
        }
        free(t->cslots);
        t->cslots = ns;
        t->cap_cslots = ncap;
    }
    cell *c = cell_at(t, (uint32_t)t->n_cells);
    *c = (cell){.spelling = si};
    memcpy(c->chapter, chapter, 2);
    memcpy(c->origin, org, 2);
    *cell_slot(t, h, importer, chapter, org) = (cslot){h, (uint32_t)t->n_cells};
    *ci = (uint32_t)t->n_cells++;
    return FL_OK;
}

/* The chapter and origin parts of a cell key: two bytes each, NUL-padded. */
static void cell_parts(const char *hs, const char *origin, char chapter[2], char org[2])
{
    memset(chapter, 0, 2);
    memset(org, 0, 2);
    if (hs && hs[0] && hs[1])
        memcpy(chapter, hs, 2);
    for (size_t i = 0; origin && i < 2 && origin[i]; i++) /* at most two letters */
        org[i] = origin[i];
}

void fl_trade_prefetch(fl_trade *t, fl_slice importer, const char *hs, const char *origin)
{
    char chapter[2], org[2];
    cell_parts(hs, origin, chapter, org);
    t->prefetched = cell_hash(importer, chapter, org);
    __builtin_prefetch(&t->cslots[t->prefetched & (t->cap_cslots - 1)]);
}

void fl_trade_prefetch_cell(fl_trade *t)
{
    /* the first slot probed; a cell found further on is simply not prefetched */
    const cslot *s = &t->cslots[t->prefetched & (t->cap_cslots - 1)];
    if (t->prefetched && s->hash == t->prefetched)
        __builtin_prefetch(cell_at(t, s->cell)); /* one cache line (the blocks are aligned) */
}

/* Carry the narrow counts of cell c into its tail before one of them would overflow. */
static fl_status carry(fl_trade *t, cell *c)
{
    tail *x = tail_make(t, c);
    if (!x)
        return FL_ERR_NOMEM;
    x->shipments += c->shipments;
    x->no_value += c->no_value;
    x->no_weight += c->no_weight;
    c->shipments = 0;
    c->no_value = c->no_weight = 0;
    return FL_OK;
}

/* The order the rows are summed in: by cell (spelling, chapter, origin), then as they came. */
static int cmp_trade_row(const void *pa, const void *pb)
{
    const trade_row *a = pa, *b = pb;
    if (a->spelling != b->spelling)
        return a->spelling < b->spelling ? -1 : 1;
    int k = memcmp(a->chapter, b->chapter, 2);
    if (!k)
        k = memcmp(a->origin, b->origin, 2);
    if (k)
        return k;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* A shipment of a cell not in memory, as a row. */
static fl_status add_row(fl_trade *t, fl_slice importer, trade_row *x)
{
    trade_row *row = NULL;
    fl_status st = spelling_of(t, importer, &x->spelling);
    if (st != FL_OK)
        return st;
    if (!t->rows && !(t->rows = fl_extsort_new(sizeof(trade_row), ROW_SORT_MEMORY,
                                               cmp_trade_row, "roll-up counts")))
        return FL_ERR_NOMEM;
    if (!(row = fl_extsort_push(t->rows)))
        return fl_extsort_status(t->rows);
    *row = *x;
    t->sp[x->spelling].shipments++;
    return FL_OK;
}

/* A shipment counted in its cell c. */
static fl_status add_to_cell(fl_trade *t, cell *c, const trade_row *x)
{
    t->sp[c->spelling].shipments++;
    if (c->shipments == UINT16_MAX || c->no_value == UINT8_MAX || c->no_weight == UINT8_MAX) {
        fl_status st = carry(t, c);
        if (st != FL_OK)
            return st;
    }
    c->shipments++;
    c->no_value += !x->has_v;
    c->no_weight += !x->has_w;
    c->value += x->value;
    c->weight += x->weight;
    if (x->top >= 0) {
        tail *y = tail_make(t, c);
        if (!y)
            return FL_ERR_NOMEM;
        y->by_sev[x->top]++;
        y->fvalue += x->value;
        y->fweight += x->weight;
        y->fvalue_sev[x->top] += x->value;
    }
    return FL_OK;
}

fl_status fl_trade_add(fl_trade *t, fl_slice importer, const char *hs, const char *origin,
                       fl_slice value, fl_slice weight, uint32_t supplier, const fl_hit *hits,
                       size_t n_hits)
{
    trade_row x = {.seq = t->shipments++, .top = -1};
    cell_parts(hs, origin, x.chapter, x.origin);
    for (size_t i = 0; i < n_hits; i++)
        if ((int)hits[i].severity > x.top)
            x.top = (int8_t)hits[i].severity;
    double v = 0, w = 0;
    x.has_v = fl_rollup_number(value, &v);
    x.has_w = fl_rollup_number(weight, &w);
    x.value = x.has_v ? v : 0;
    x.weight = x.has_w ? w : 0;
    /* The cell: (importer text as read, chapter, origin); usually known, one look-up. */
    uint32_t h = cell_hash(importer, x.chapter, x.origin);
    const cslot *slot = cell_slot(t, h, importer, x.chapter, x.origin);
    uint32_t ci = slot->cell;
    fl_status st = FL_OK;
    if (!slot->hash && t->n_cells >= t->max_cells)
        st = add_row(t, importer, &x);
    else if (slot->hash || (st = cell_add(t, h, importer, x.chapter, x.origin, &ci)) == FL_OK)
        st = add_to_cell(t, cell_at(t, ci), &x);
    if (st != FL_OK)
        return st;
    if (supplier != FL_SUPPLY_NONE) {
        size_t need = (size_t)supplier + 1;
        size_t cap1 = t->cap_sup, cap2 = t->cap_sup;
        if (need > t->cap_sup) {
            if (!fl_grow((void **)&t->sup_ship, &cap1, need, sizeof *t->sup_ship) ||
                !fl_grow((void **)&t->sup_flag, &cap2, need, sizeof *t->sup_flag))
                return FL_ERR_NOMEM;
            memset(t->sup_ship + t->cap_sup, 0, (cap1 - t->cap_sup) * sizeof *t->sup_ship);
            memset(t->sup_flag + t->cap_sup, 0, (cap1 - t->cap_sup) * sizeof *t->sup_flag);
            t->cap_sup = cap1;
        }
        t->sup_ship[supplier]++;
        t->sup_flag[supplier] += x.top >= 0;
    }
    return FL_OK;
}

/* ---- importers --------------------------------------------------------------------------- */

typedef struct group {
    const char *key;
    uint32_t best; /* spelling shown */
    fl_importer_roll roll;
    double fvalue_sev[FL_SEV_COUNT];
} group;

typedef struct ctx {
    fl_report *r; /* NULL in the first step (fl_rollup_begin), which must not touch it */
    fl_trade *t;  /* its rows are read (and go) as the cells are summed */
    fl_supply *g;
    fl_arena tmp;       /* freed at the end */
    fl_arena keep;      /* the first step's results, given to r's arena in the second */
    uint32_t *group_of; /* spelling -> group */
    group *groups;
    size_t n_groups;
    fl_strmap *group_ix; /* party key -> group */
    uint64_t *sup_cases, *sup_review; /* per listed supplier: its cases, those not Decided */
} ctx;

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The group key of a spelling: its party key, else the text itself, else "(none)". */
static const char *group_key(ctx *c, const char *s, size_t len)
{
    fl_arena *a = &c->tmp;
    char key[FL_PARTY_KEY];
    size_t k = fl_party_key(c->t->names, s, len, key, sizeof key);
    if (k)
        return fl_arena_strndup(a, key, k);
    if (len)
        return fl_arena_printf(a, "\x01%.*s", (int)len, s); /* cannot collide with a key */
    return fl_arena_strdup(a, "");
}

/* Each group's spellings, sorted and "; "-joined, and its name: the spellings are put in their
   groups' order once (a counting sort), not looked for among all of them for every group. */
static fl_status name_groups(ctx *c)
{
    const fl_trade *t = c->t;
    size_t *at = calloc(c->n_groups + 1, sizeof *at);
    size_t *bytes = calloc(c->n_groups + 1, sizeof *bytes);
    const char **list = malloc((t->n_sp ? t->n_sp : 1) * sizeof *list);
    fl_status st = at && bytes && list ? FL_OK : FL_ERR_NOMEM;
    for (size_t i = 0; st == FL_OK && i < t->n_sp; i++) {
        at[c->group_of[i] + 1]++;
        bytes[c->group_of[i]] += t->sp[i].len + 2;
    }
    for (size_t gi = 0; st == FL_OK && gi < c->n_groups; gi++)
        at[gi + 1] += at[gi]; /* at[gi]: where group gi's spellings start */
    for (size_t i = 0; st == FL_OK && i < t->n_sp; i++)
        list[at[c->group_of[i]]++] = t->sp[i].text; /* at[gi] now: where they end */
    for (size_t gi = 0; st == FL_OK && gi < c->n_groups; gi++) {
        group *g = &c->groups[gi];
        size_t first = gi ? at[gi - 1] : 0, n = at[gi] - first;
        qsort(list + first, n, sizeof *list, cmp_str);
        char *joined = fl_arena_alloc(&c->keep, bytes[gi] + 1);
        if (!joined) {
            st = FL_ERR_NOMEM;
            break;
        }
        size_t used = 0;
        for (size_t i = 0; i < n; i++) {
            size_t l = strlen(list[first + i]);
            if (i) {
                memcpy(joined + used, "; ", 2);
                used += 2;
            }
            memcpy(joined + used, list[first + i], l);
            used += l;
        }
        joined[used] = '\0';
        g->roll.spellings = joined;
        const char *best = t->sp[g->best].text;
        if (!(g->roll.name = fl_arena_strdup(&c->keep, best[0] ? best : "(none)")))
            st = FL_ERR_NOMEM;
    }
    free(at);
    free(bytes);
    free(list);
    return st;
}

static fl_status build_groups(ctx *c)
{
    const fl_trade *t = c->t;
    c->group_of = malloc((t->n_sp ? t->n_sp : 1) * sizeof *c->group_of);
    c->groups = calloc(t->n_sp ? t->n_sp : 1, sizeof *c->groups);
    c->group_ix = fl_strmap_new();
    if (!c->group_of || !c->groups || !c->group_ix)
        return FL_ERR_NOMEM;
    for (size_t i = 0; i < t->n_sp; i++) {
        const char *key = group_key(c, t->sp[i].text, t->sp[i].len);
        uint32_t gi;
        bool added;
        if (!key || fl_strmap_put(c->group_ix, key, strlen(key), (uint32_t)c->n_groups, &gi, &added,
                                  NULL) != FL_OK)
            return FL_ERR_NOMEM;
        if (added) {
            c->groups[c->n_groups].key = key;
            c->groups[c->n_groups].best = (uint32_t)i;
            c->n_groups++;
        }
        /* the most frequent spelling; among equals the first seen */
        group *g = &c->groups[gi];
        if (t->sp[i].shipments > t->sp[g->best].shipments)
            g->best = (uint32_t)i;
        c->group_of[i] = gi;
    }
    return name_groups(c);
}

/* A cell in the order of its importer, chapter and origin (key: their bytes, big-endian, as
   strcmp orders them since they are NUL-padded), then of first sight. */
typedef struct cellref {
    uint32_t group, key, cell;
} cellref;

static int cmp_cellref(const void *a, const void *b)
{
    const cellref *x = a, *y = b;
    if (x->group != y->group)
        return x->group < y->group ? -1 : 1;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->cell < y->cell ? -1 : x->cell > y->cell;
}

static int cmp_exposure(const void *a, const void *b)
{
    const fl_exposure_cell *x = a, *y = b;
    if (x->flagged != y->flagged)
        return x->flagged > y->flagged ? -1 : 1;
    int k = strcmp(x->chapter, y->chapter);
    return k ? k : strcmp(x->origin, y->origin);
}

static double cents(double v)
{
    return round(v * 100.0) / 100.0;
}

/* A cell's counts, from memory or summed from rows, with its place in the importers' order. */
typedef struct cell_sums {
    uint32_t group, key; /* as cellref */
    uint64_t order;      /* of first sight: a cell in memory its number, one in rows after */
    char chapter[2], origin[2];
    uint64_t shipments, no_value, no_weight, by_sev[FL_SEV_COUNT];
    double value, weight, fvalue, fweight, fvalue_sev[FL_SEV_COUNT];
} cell_sums;

static int cmp_cell_sums(const void *a, const void *b)
{
    const cell_sums *x = a, *y = b;
    if (x->group != y->group)
        return x->group < y->group ? -1 : 1;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

static uint32_t cell_key(const char chapter[2], const char origin[2])
{
    const unsigned char *ch = (const unsigned char *)chapter, *org = (const unsigned char *)origin;
    return (uint32_t)ch[0] << 24 | (uint32_t)ch[1] << 16 | (uint32_t)org[0] << 8 | org[1];
}

/* One shipment of a row into the sums of its cell. */
static void sum_row(cell_sums *x, const trade_row *row)
{
    x->shipments++;
    x->no_value += !row->has_v;
    x->no_weight += !row->has_w;
    x->value += row->value;
    x->weight += row->weight;
    if (row->top >= 0) {
        x->by_sev[row->top]++;
        x->fvalue += row->value;
        x->fweight += row->weight;
        x->fvalue_sev[row->top] += row->value;
    }
}

/* The cells the rows make, summed, in the importers' order (out: a sort, NULL when none). */
static fl_status sum_rows(ctx *c, fl_extsort **out)
{
    fl_trade *t = c->t;
    *out = NULL;
    if (!t->rows)
        return FL_OK;
    fl_extsort *cells =
        fl_extsort_new(sizeof(cell_sums), ROW_SORT_MEMORY, cmp_cell_sums, "roll-up cells");
    fl_status st = cells ? fl_extsort_sort(t->rows) : FL_ERR_NOMEM;
    cell_sums *x = NULL;
    trade_row prev = {0};
    for (const trade_row *row; st == FL_OK && (row = fl_extsort_next(t->rows)) != NULL;) {
        if (!x || row->spelling != prev.spelling || memcmp(row->chapter, prev.chapter, 2) ||
            memcmp(row->origin, prev.origin, 2)) {
            if (!(x = fl_extsort_push(cells))) {
                st = fl_extsort_status(cells);
                break;
            }
            x->group = c->group_of[row->spelling];
            x->key = cell_key(row->chapter, row->origin);
            x->order = (uint64_t)t->n_cells + row->seq;
            memcpy(x->chapter, row->chapter, 2);
            memcpy(x->origin, row->origin, 2);
        }
        sum_row(x, row);
        prev = *row;
    }
    if (st == FL_OK)
        st = fl_extsort_status(t->rows);
    fl_extsort_free(t->rows); /* read: its rows and runs go */
    t->rows = NULL;
    if (st == FL_OK)
        st = fl_extsort_sort(cells);
    if (st != FL_OK) {
        fl_extsort_free(cells);
        return st;
    }
    *out = cells;
    return FL_OK;
}

/* The cells in the importers' order: those in memory (refs, sorted) and those of rows. */
typedef struct cell_stream {
    const fl_trade *t;
    const cellref *refs;
    size_t n_refs, at;
    fl_extsort *rows; /* NULL: none */
    const cell_sums *row_next; /* the next of rows, NULL when read to its end */
} cell_stream;

static void memory_sums(const fl_trade *t, const cellref *ref, cell_sums *out)
{
    const cell *x = cell_at(t, ref->cell);
    const tail *y = tail_of(t, x);
    *out = (cell_sums){.group = ref->group, .key = ref->key, .order = ref->cell};
    memcpy(out->chapter, x->chapter, 2);
    memcpy(out->origin, x->origin, 2);
    out->shipments = y->shipments + x->shipments;
    out->no_value = y->no_value + x->no_value;
    out->no_weight = y->no_weight + x->no_weight;
    memcpy(out->by_sev, y->by_sev, sizeof out->by_sev);
    out->value = x->value;
    out->weight = x->weight;
    out->fvalue = y->fvalue;
    out->fweight = y->fweight;
    memcpy(out->fvalue_sev, y->fvalue_sev, sizeof out->fvalue_sev);
}

/* The next cell into *out; false after the last. */
static bool next_cell(cell_stream *s, cell_sums *out)
{
    bool mem = s->at < s->n_refs;
    if (mem)
        memory_sums(s->t, &s->refs[s->at], out);
    if (s->row_next && (!mem || cmp_cell_sums(s->row_next, out) < 0)) {
        *out = *s->row_next;
        s->row_next = fl_extsort_next(s->rows);
        return true;
    }
    s->at += mem;
    return mem;
}

/* A cell's counts into its importer's sums, and into its (chapter, origin) cell ex[n-1] or a
   new one. */
static void count_cell(group *g, const cell_sums *x, fl_exposure_cell *ex, size_t *n_ex)
{
    fl_importer_roll *ir = &g->roll;
    uint64_t flagged = 0;
    for (int s = 0; s < FL_SEV_COUNT; s++)
        flagged += x->by_sev[s];
    ir->shipments += x->shipments;
    ir->flagged += flagged;
    ir->value += x->value;
    ir->weight += x->weight;
    ir->flagged_value += x->fvalue;
    ir->flagged_weight += x->fweight;
    ir->no_value += x->no_value;
    ir->no_weight += x->no_weight;
    for (int s = 0; s < FL_SEV_COUNT; s++) {
        ir->by_severity[s] += x->by_sev[s];
        g->fvalue_sev[s] += x->fvalue_sev[s];
    }
    fl_exposure_cell *e = *n_ex ? &ex[*n_ex - 1] : NULL;
    if (!e || memcmp(e->chapter, x->chapter, 2) || memcmp(e->origin, x->origin, 2)) {
        e = &ex[(*n_ex)++];
        memset(e, 0, sizeof *e);
        memcpy(e->chapter, x->chapter, 2);
        memcpy(e->origin, x->origin, 2);
        e->top = -1;
    }
    e->shipments += x->shipments;
    e->flagged += flagged;
    e->value += x->value;
    e->flagged_value += x->fvalue;
    for (int s = FL_SEV_COUNT - 1; s >= 0; s--)
        if (x->by_sev[s] && s > e->top)
            e->top = s;
}

/* An importer's sums made final: shares, cents, and its cells that hold a flag kept. */
static fl_status close_importer(ctx *c, fl_importer_roll *ir, fl_exposure_cell *ex, size_t n_ex)
{
    size_t kept = 0;
    for (size_t k = 0; k < n_ex; k++)
        if (ex[k].flagged)
            ex[kept++] = ex[k];
    qsort(ex, kept, sizeof *ex, cmp_exposure);
    ir->exposure = kept ? fl_arena_alloc(&c->keep, kept * sizeof *ex) : NULL;
    if (kept && !ir->exposure)
        return FL_ERR_NOMEM;
    ir->n_exposure = kept;
    ir->value_share = ir->value > 0 ? ir->flagged_value / ir->value : -1;
    ir->weight_share = ir->weight > 0 ? ir->flagged_weight / ir->weight : -1;
    /* Sums of cents in binary floating point: keep what the figures mean. */
    ir->value = cents(ir->value);
    ir->flagged_value = cents(ir->flagged_value);
    ir->weight = cents(ir->weight);
    ir->flagged_weight = cents(ir->flagged_weight);
    for (size_t k = 0; k < kept; k++) {
        ex[k].value_share = ex[k].value > 0 ? ex[k].flagged_value / ex[k].value : -1;
        ex[k].value = cents(ex[k].value);
        ex[k].flagged_value = cents(ex[k].flagged_value);
    }
    if (kept)
        memcpy(ir->exposure, ex, kept * sizeof *ex);
    return FL_OK;
}

/* Sums per importer, and its HS chapter x origin cells that hold a flag. */
static fl_status sum_cells(ctx *c)
{
    const fl_trade *t = c->t;
    cell_stream cs = {.t = t};
    fl_status st = sum_rows(c, &cs.rows);
    if (st != FL_OK)
        return st;
    cellref *refs = malloc((t->n_cells ? t->n_cells : 1) * sizeof *refs);
    if (!refs) {
        fl_extsort_free(cs.rows);
        return FL_ERR_NOMEM;
    }
    for (size_t i = 0; i < t->n_cells; i++) {
        const cell *x = cell_at(t, (uint32_t)i);
        refs[i] = (cellref){c->group_of[x->spelling], cell_key(x->chapter, x->origin),
                            (uint32_t)i};
    }
    qsort(refs, t->n_cells, sizeof *refs, cmp_cellref);
    cs.refs = refs;
    cs.n_refs = t->n_cells;
    cs.row_next = cs.rows ? fl_extsort_next(cs.rows) : NULL;
    fl_exposure_cell *ex = NULL; /* an importer's cells, merged; those with a flag are kept */
    size_t cap_ex = 0;
    cell_sums x;
    bool more = next_cell(&cs, &x);
    while (more && st == FL_OK) {
        group *g = &c->groups[x.group];
        uint32_t gi = x.group;
        size_t n_ex = 0;
        do { /* cells of this importer, merged by (chapter, origin) */
            if (!fl_grow((void **)&ex, &cap_ex, n_ex + 1, sizeof *ex)) {
                st = FL_ERR_NOMEM;
                break;
            }
            count_cell(g, &x, ex, &n_ex);
            more = next_cell(&cs, &x);
        } while (more && x.group == gi);
        if (st == FL_OK)
            st = close_importer(c, &g->roll, ex, n_ex);
    }
    if (st == FL_OK && cs.rows)
        st = fl_extsort_status(cs.rows);
    fl_extsort_free(cs.rows);
    free(ex);
    free(refs);
    return st;
}

/* The supplier an indirect flag's exposure comes from, as the judge found it; NULL when
   unknown. */
static const char *upstream_of(const ctx *c, const fl_flag *f)
{
    if (!c->g || f->match != FL_MATCH_INDIRECT || f->upstream == FL_HIT_NO_UPSTREAM)
        return NULL;
    const fl_supplier *s = fl_supply_get(c->g, f->upstream);
    return s ? (s->name[0] ? s->name : s->id) : NULL;
}

/* One importer's count of one rule, or of one supplier, over its flags. */
typedef struct gtally {
    unsigned kinds; /* suppliers: 1 direct (incl. region, entity), 2 indirect, 3 both */
    uint32_t rule;  /* suppliers: the rule of the flag that gave the name shown */
    fl_tally t;     /* key: the rule id, or the supplier's name (below) */
} gtally;

/*
 * A flag, once for its rule and once for its supplier: the counts are made from these rows
 * sorted (extsort.h), so that memory does not grow with the importers times what they
 * are counted by.
 */
typedef struct top_row {
    uint64_t seq;    /* the flag's place in the report's order */
    uint32_t group;  /* its importer group */
    uint32_t what;   /* the rule, or the number of the supplier's grouping key */
    uint32_t rule;   /* the flag's rule */
    uint32_t name;   /* suppliers: the number of the name the flag gives */
    uint8_t severity;
    uint8_t kind; /* 1 direct (incl. region, entity), 2 indirect */
} top_row;

static int cmp_top_row(const void *a, const void *b)
{
    const top_row *x = a, *y = b;
    if (x->group != y->group)
        return x->group < y->group ? -1 : 1;
    if (x->what != y->what)
        return x->what < y->what ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int cmp_tally(const void *a, const void *b)
{
    const fl_tally *x = a, *y = b;
    if (x->flags != y->flags)
        return x->flags > y->flags ? -1 : 1;
    return strcmp(x->key, y->key);
}

/* The supplier names met, each with the number of its grouping key (party key). */
typedef struct sup_names {
    fl_strmap *names; /* name -> its number */
    fl_strmap *keys;  /* grouping key -> its number */
    uint32_t *skey;   /* name's number -> its key's */
    const char **name; /* name's number -> the map's copy */
    size_t cap, cap_name;
} sup_names;

/* An importer's best FL_ROLLUP_TOP counts so far, most flags first (then key). */
typedef struct top_keep {
    gtally v[FL_ROLLUP_TOP];
    size_t n;
} top_keep;

/* Count g into the importer's best, when it is among them. */
static void offer(top_keep *k, const gtally *g)
{
    size_t at = k->n;
    while (at > 0 && cmp_tally(&g->t, &k->v[at - 1].t) < 0)
        at--;
    if (at >= FL_ROLLUP_TOP)
        return;
    size_t n = k->n < FL_ROLLUP_TOP ? k->n + 1 : FL_ROLLUP_TOP;
    memmove(&k->v[at + 1], &k->v[at], (n - 1 - at) * sizeof *k->v);
    k->v[at] = *g;
    k->n = n;
}

/* The importer's best counts into its roll-up, in the arena. */
static fl_status keep_top(ctx *c, uint32_t grp, const top_keep *k, bool by_rule)
{
    fl_tally *kept = fl_arena_alloc(&c->r->arena, k->n * sizeof *kept);
    if (!kept)
        return FL_ERR_NOMEM;
    for (size_t i = 0; i < k->n; i++) {
        const gtally *g = &k->v[i];
        kept[i] = g->t;
        if (!by_rule) {
            kept[i].label = g->kinds == 3 ? "direct+indirect" : g->kinds == 2 ? "indirect"
                                                                              : "direct";
            /* the name lives in the pass's map: copy what the report keeps */
            if (!(kept[i].key = fl_arena_strdup(&c->r->arena, g->t.key)))
                return FL_ERR_NOMEM;
        }
    }
    fl_importer_roll *ir = &c->groups[grp].roll;
    if (by_rule) {
        ir->top_rules = kept;
        ir->n_top_rules = k->n;
    } else {
        ir->top_suppliers = kept;
        ir->n_top_suppliers = k->n;
    }
    return FL_OK;
}

/* One more flag (row) into the count g of its (importer, rule or supplier). */
static void count_row(const ctx *c, gtally *g, const top_row *row, const sup_names *sn,
                      bool by_rule)
{
    const fl_rule *ru = &c->r->rules->rules[row->rule];
    if (by_rule) {
        g->t.key = ru->id;
        g->t.label = ru->title;
    } else if (g->t.flags == 0 || row->rule < g->rule) {
        /* The name shown, of the spellings with this key: the first met among the flags of
           the rule that comes first in the rule set. */
        g->t.key = sn->name[row->name];
        g->rule = row->rule;
    }
    g->t.flags++;
    g->t.by_severity[row->severity]++;
    g->kinds |= row->kind;
}

/* The rows of one kind, sorted and counted: each importer's best kept. */
static fl_status count_sorted(ctx *c, fl_extsort *rows, const sup_names *sn, bool by_rule)
{
    fl_status st = fl_extsort_sort(rows);
    top_keep keep = {0};
    gtally g = {0};
    top_row prev = {0};
    bool any = false;
    for (const top_row *row; st == FL_OK && (row = fl_extsort_next(rows)) != NULL;) {
        if (any && (row->group != prev.group || row->what != prev.what)) {
            offer(&keep, &g);
            memset(&g, 0, sizeof g);
            if (row->group != prev.group) {
                st = keep_top(c, prev.group, &keep, by_rule);
                keep.n = 0;
            }
        }
        count_row(c, &g, row, sn, by_rule);
        prev = *row;
        any = true;
    }
    if (st == FL_OK)
        st = fl_extsort_status(rows);
    if (st == FL_OK && any) {
        offer(&keep, &g);
        st = keep_top(c, prev.group, &keep, by_rule);
    }
    return st;
}

/* The supplier flag f names (its texts in text): the number of the name, made when new. */
static fl_status supplier_name(ctx *c, const fl_flag *f, const fl_rectext *text,
                               sup_names *sn, uint32_t *ni)
{
    const char *name = upstream_of(c, f);
    if (!name)
        name = text->field[FL_F_SHIPPER][0] ? text->field[FL_F_SHIPPER] : "(none)";
    bool added;
    size_t n_names = fl_strmap_count(sn->names);
    if (fl_strmap_put(sn->names, name, strlen(name), (uint32_t)n_names, ni, &added, &name) !=
        FL_OK)
        return FL_ERR_NOMEM;
    if (!added)
        return FL_OK;
    const char *skey = group_key(c, name, strlen(name));
    uint32_t k;
    bool fresh;
    if (!skey || !fl_grow((void **)&sn->skey, &sn->cap, n_names + 1, sizeof *sn->skey) ||
        !fl_grow((void **)&sn->name, &sn->cap_name, n_names + 1, sizeof *sn->name) ||
        fl_strmap_put(sn->keys, skey, strlen(skey), (uint32_t)fl_strmap_count(sn->keys), &k,
                      &fresh, NULL) != FL_OK)
        return FL_ERR_NOMEM;
    sn->skey[*ni] = k;
    sn->name[*ni] = name;
    return FL_OK;
}

/* Bytes of the counting rows kept in memory; the rest wait in sorted runs on the disk. */
#define TOP_SORT_MEMORY ((size_t)1 << 20)

/*
 * The top rules and suppliers of each importer. The record texts are read back from the
 * report's spill file; the supplier names they give are kept once each (names, with their
 * grouping keys in skeys); each flag is a row for its rule and one for its supplier, and
 * the rows, sorted, give the counts one importer after another.
 */
static fl_status top_lists(ctx *c)
{
    const fl_report *r = c->r;
    fl_status st = FL_OK;
    fl_rectext text = {0};
    sup_names sn = {fl_strmap_new(), fl_strmap_new(), NULL, NULL, 0, 0};
    fl_extsort *rules = fl_extsort_new(sizeof(top_row), TOP_SORT_MEMORY, cmp_top_row,
                                       "counts of rules by importer");
    fl_extsort *sups = fl_extsort_new(sizeof(top_row), TOP_SORT_MEMORY, cmp_top_row,
                                      "counts of suppliers by importer");
    fl_rowview flags;
    fl_report_view(r, FL_ROWS_FLAGS, &flags);
    if (!sn.names || !sn.keys || !rules || !sups)
        st = FL_ERR_NOMEM;
    for (size_t i = 0; i < r->n_flags && st == FL_OK; i++) {
        const fl_flag *f = fl_flag_get(&flags, i);
        if ((st = fl_report_rec_text(r, f->rec, &text)) != FL_OK)
            break;
        const char *imp = text.field[FL_F_IMPORTER];
        uint32_t sp, ni;
        if (!fl_strmap_get(c->t->spell_ix, imp, strlen(imp), &sp))
            continue; /* not counted while screening: cannot happen in a scan */
        if ((st = supplier_name(c, f, &text, &sn, &ni)) != FL_OK)
            break;
        top_row *a = fl_extsort_push(rules), *b = a ? fl_extsort_push(sups) : NULL;
        if (!b) {
            st = fl_extsort_status(a ? sups : rules);
            break;
        }
        *a = (top_row){i, c->group_of[sp], f->rule, f->rule, 0, (uint8_t)f->severity, 1};
        *b = (top_row){i, c->group_of[sp], sn.skey[ni], f->rule, ni, (uint8_t)f->severity,
                       f->match == FL_MATCH_INDIRECT ? 2 : 1};
    }
    fl_status vst = fl_rowview_end(&flags);
    if (st == FL_OK)
        st = vst;
    if (st == FL_OK && (st = count_sorted(c, rules, &sn, true)) == FL_OK)
        st = count_sorted(c, sups, &sn, false);
    fl_extsort_free(rules);
    fl_extsort_free(sups);
    free(sn.skey);
    free(sn.name);
    fl_strmap_free(sn.names);
    fl_strmap_free(sn.keys);
    fl_rectext_free(&text);
    return st;
}

/*
 * Count each case (FL_ROWS_CASES) once for its importer and, with a supplier graph, for the listed
 * supplier it is against, from the first of its flags met (suppressed ones too: a case
 * decided False positive has no other). The importer is the group the Importers sheet puts
 * the flag's record in; a case's importer is its importer's party key, which is that group's
 * key, so every case counts for exactly one importer. A direct case is against the supplier
 * its shipper is (fl_supply_find, as for the shipments), an indirect one against the
 * upstream supplier its exposure comes from.
 */
static fl_status count_cases(ctx *c)
{
    const fl_report *r = c->r;
    size_t n_sup = c->g ? fl_supply_count(c->g) : 0;
    if (!r->n_cases)
        return FL_OK;
    bool *seen = calloc(r->n_cases, sizeof *seen);
    if (n_sup) {
        c->sup_cases = calloc(n_sup, sizeof *c->sup_cases);
        c->sup_review = calloc(n_sup, sizeof *c->sup_review);
    }
    fl_status st = seen && (!n_sup || (c->sup_cases && c->sup_review)) ? FL_OK : FL_ERR_NOMEM;
    fl_rectext text = {0};
    fl_rowview flags, sup;
    fl_report_view(r, FL_ROWS_FLAGS, &flags);
    fl_report_view(r, FL_ROWS_SUPPRESSED, &sup);
    for (size_t i = 0; i < r->n_flags + r->n_suppressed && st == FL_OK; i++) {
        const fl_flag *f =
            i < r->n_flags ? fl_flag_get(&flags, i) : fl_flag_get(&sup, i - r->n_flags);
        if (f->kase >= r->n_cases || seen[f->kase])
            continue;
        seen[f->kase] = true;
        if ((st = fl_report_rec_text(r, f->rec, &text)) != FL_OK)
            break;
        bool review = !fl_case_decided(r, f->kase);
        const char *imp = text.field[FL_F_IMPORTER];
        uint32_t sp;
        if (fl_strmap_get(c->t->spell_ix, imp, strlen(imp), &sp)) {
            fl_importer_roll *ir = &c->groups[c->group_of[sp]].roll;
            ir->cases++;
            ir->cases_to_review += review;
        }
        if (!n_sup)
            continue;
        uint32_t s = f->match == FL_MATCH_INDIRECT
                         ? f->upstream
                         : fl_supply_find(c->g, fl_slice_cstr(text.field[FL_F_SUPPLIER_ID]),
                                          fl_slice_cstr(text.field[FL_F_SHIPPER]));
        if (s < n_sup) {
            c->sup_cases[s]++;
            c->sup_review[s] += review;
        }
    }
    fl_status vst = fl_rowview_end(&flags);
    if (st == FL_OK)
        st = vst;
    if ((vst = fl_rowview_end(&sup)) != FL_OK && st == FL_OK)
        st = vst;
    free(seen);
    fl_rectext_free(&text);
    return st;
}

static int cmp_importer(const void *a, const void *b)
{
    const fl_importer_roll *x = a, *y = b;
    if (x->flagged != y->flagged)
        return x->flagged > y->flagged ? -1 : 1;
    if (x->shipments != y->shipments)
        return x->shipments > y->shipments ? -1 : 1;
    return strcmp(x->name, y->name);
}

static fl_status importers(ctx *c)
{
    fl_status st;
    if ((st = top_lists(c)) != FL_OK || (st = count_cases(c)) != FL_OK)
        return st;
    fl_rollups *ro = &c->r->roll;
    ro->importers =
        fl_arena_alloc(&c->r->arena, (c->n_groups ? c->n_groups : 1) * sizeof *ro->importers);
    if (!ro->importers)
        return FL_ERR_NOMEM;
    for (size_t i = 0; i < c->n_groups; i++)
        ro->importers[i] = c->groups[i].roll;
    ro->n_importers = c->n_groups;
    qsort(ro->importers, ro->n_importers, sizeof *ro->importers, cmp_importer);
    ro->importers_on = true;
    return FL_OK;
}

/* ---- suppliers --------------------------------------------------------------------------- */

static char *window(fl_arena *a, const fl_rule *r)
{
    char from[11], to[11];
    fl_date_format(r->valid_from, from);
    fl_date_format(r->valid_to, to);
    return fl_arena_printf(a, "%s..%s", from, r->valid_to == FL_DATE_OPEN ? "open" : to);
}

static fl_status suppliers(ctx *c)
{
    fl_report *r = c->r;
    fl_supply *g = c->g;
    fl_rollups *ro = &r->roll;
    size_t n = fl_supply_count(g);
    const fl_ruleset *rs = r->rules;
    ro->suppliers = fl_arena_alloc(&r->arena, (n ? n : 1) * sizeof *ro->suppliers);
    if (!ro->suppliers)
        return FL_ERR_NOMEM;
    char text[1024];
    for (uint32_t i = 0; i < n; i++) {
        const fl_supplier *s = fl_supply_get(g, i);
        fl_supplier_roll *x = &ro->suppliers[i];
        memset(x, 0, sizeof *x);
        /* copies: the report may outlive the graph */
        x->id = fl_arena_strdup(&r->arena, s->id);
        x->name = fl_arena_strdup(&r->arena, s->name);
        x->country = fl_arena_strdup(&r->arena, s->country[0] ? s->country : s->country_raw);
        x->supplies_to = fl_arena_strdup(&r->arena, s->supplies_to);
        if (!x->id || !x->name || !x->country || !x->supplies_to)
            return FL_ERR_NOMEM;
        x->tier = s->tier;
        if (i < c->t->cap_sup) {
            x->shipments = c->t->sup_ship[i];
            x->flagged = c->t->sup_flag[i];
        }
        if (c->sup_cases) {
            x->cases = c->sup_cases[i];
            x->cases_to_review = c->sup_review[i];
        }
        const fl_supply_own *o;
        size_t no = fl_supply_own_hits(g, i, &o);
        x->own_top = -1;
        char *own = fl_arena_strdup(&c->tmp, "");
        for (size_t k = 0; k < no && own; k++) {
            const fl_rule *ru = &rs->rules[o[k].rule];
            char *w = window(&c->tmp, ru);
            own = w ? fl_arena_printf(&c->tmp, "%s%s%s %s %s: %s", own, k ? "; " : "", ru->id,
                                      fl_severity_str(o[k].severity), w, o[k].what)
                    : NULL;
            if ((int)o[k].severity > x->own_top)
                x->own_top = (int)o[k].severity;
        }
        const fl_supply_exposure *e;
        size_t ne = fl_supply_inherited(g, i, &e);
        x->n_inherited = ne;
        x->inherited_top = -1;
        char *inh = fl_arena_strdup(&c->tmp, "");
        const fl_supply_exposure *worst = NULL;
        for (size_t k = 0; k < ne && inh; k++) {
            const fl_supplier *src = fl_supply_get(g, e[k].source);
            inh =
                fl_arena_printf(&c->tmp, "%s%s%s %s (%u tier%s up, from %s)", inh, k ? "; " : "",
                                rs->rules[e[k].rule].id, fl_severity_str(e[k].severity), e[k].dist,
                                e[k].dist == 1 ? "" : "s", src->name[0] ? src->name : src->id);
            if (!worst || e[k].severity > worst->severity ||
                (e[k].severity == worst->severity && e[k].dist < worst->dist))
                worst = &e[k];
        }
        if (!own || !inh)
            return FL_ERR_NOMEM;
        if (worst) {
            x->inherited_top = (int)worst->severity;
            fl_supply_exposure_text(g, i, worst, text, sizeof text);
        } else {
            text[0] = '\0';
        }
        x->own = fl_arena_strdup(&r->arena, own);
        x->inherited = fl_arena_strdup(&r->arena, inh);
        x->path = fl_arena_strdup(&r->arena, text);
        if (!x->own || !x->inherited || !x->path)
            return FL_ERR_NOMEM;
        fl_arena_reset(&c->tmp);
    }
    ro->n_suppliers = n;
    const fl_file_read *file = fl_supply_file(g);
    ro->suppliers_path = fl_arena_strdup(&r->arena, file->path);
    ro->suppliers_sha256 = fl_arena_strdup(&r->arena, file->sha256);
    ro->suppliers_bytes = file->bytes;
    const fl_supply_stats *st = fl_supply_get_stats(g);
    ro->suppliers_notes = fl_arena_printf(
        &r->arena,
        "Suppliers loaded: %zu of %zu rows (rows ignored: %zu, duplicate ids among them: %zu); "
        "supplier links: %zu; importer names: %zu; unknown ids ignored: %zu; self links "
        "ignored: %zu; links that close a cycle, left out of propagation: %zu (see the Data "
        "quality sheet)",
        st->suppliers, st->rows, st->rejected, st->duplicates, st->links, st->importer_links,
        st->unknown, st->self_links, st->cycles);
    if (!ro->suppliers_path || !ro->suppliers_sha256 || !ro->suppliers_notes)
        return FL_ERR_NOMEM;
    ro->suppliers_on = true;
    return FL_OK;
}

/* ---- portfolio --------------------------------------------------------------------------- */

/* At most this many near-miss importers are suggested for a holding. */
#define SUGGESTIONS 3

/* Every importer with a party key, by that key, for the near misses (nearname.h). */
static fl_nearname *near_index(ctx *c)
{
    fl_nearname *ix = fl_nearname_new();
    for (size_t gi = 0; ix && gi < c->n_groups; gi++) {
        const spelling *sp = &c->t->sp[c->groups[gi].best];
        const char *key = group_key(c, sp->text, sp->len);
        if (!key || (key[0] != '\x01' && fl_nearname_add(ix, key, (uint32_t)gi) != FL_OK)) {
            fl_nearname_free(ix);
            ix = NULL;
        }
    }
    fl_arena_reset(&c->tmp);
    return ix;
}

/* Whether importer a comes before b among suggestions: more shipments, then by name. */
static bool before(const group *g, uint32_t a, uint32_t b)
{
    if (g[a].roll.shipments != g[b].roll.shipments)
        return g[a].roll.shipments > g[b].roll.shipments;
    return strcmp(g[a].roll.name, g[b].roll.name) < 0;
}

/*
 * The importers that the names of holding i (its aliases, and its own name) nearly match,
 * none of those it matched (seen[g] == i + 1): "Name (N shipments); ...", in c->tmp. NULL
 * when out of memory. hint marks the importers already offered for this holding.
 */
static char *near_misses(ctx *c, const fl_nearname *ix, const fl_holding *hd, uint32_t i,
                         const uint32_t *seen, uint32_t *hint)
{
    enum { FOUND = 64 };
    uint32_t cand[FOUND], found[FOUND];
    size_t n = 0;
    for (size_t k = 0; k <= hd->n_aliases && ix; k++) {
        const char *name = k < hd->n_aliases ? hd->aliases[k] : hd->name;
        const char *key = group_key(c, name, strlen(name));
        if (!key)
            return NULL;
        size_t m = fl_nearname_find(ix, key, found, FOUND);
        for (size_t j = 0; j < m && n < FOUND; j++)
            if (seen[found[j]] != i + 1 && hint[found[j]] != i + 1) {
                hint[found[j]] = i + 1;
                size_t at = n++; /* insertion: a few dozen at most */
                for (; at > 0 && before(c->groups, found[j], cand[at - 1]); at--)
                    cand[at] = cand[at - 1];
                cand[at] = found[j];
            }
    }
    char *out = fl_arena_strdup(&c->tmp, "");
    for (size_t j = 0; j < n && j < SUGGESTIONS && out; j++) {
        const fl_importer_roll *g = &c->groups[cand[j]].roll;
        out = fl_arena_printf(&c->tmp, "%s%s%s (%llu shipment%s)", out, j ? "; " : "", g->name,
                              (unsigned long long)g->shipments, g->shipments == 1 ? "" : "s");
    }
    return out;
}

/*
 * Holding i's importers: each alias's party key among the importer groups (seen[g] marks
 * the groups counted for it), their counts into x and the flagged value by severity into
 * fv_sev; the texts of what matched and what did not into x (r's arena). FL_OK or
 * FL_ERR_NOMEM.
 */
static fl_status match_holding(ctx *c, const fl_holding *hd, uint32_t i, uint32_t *seen,
                               fl_holding_roll *x, double *fv_sev)
{
    char *imps = fl_arena_strdup(&c->tmp, ""), *unm = fl_arena_strdup(&c->tmp, "");
    for (size_t k = 0; k < hd->n_aliases && imps && unm; k++) {
        const char *a = hd->aliases[k];
        const char *key = group_key(c, a, strlen(a));
        uint32_t gi;
        if (!key || !fl_strmap_get(c->group_ix, key, strlen(key), &gi)) {
            unm = key ? fl_arena_printf(&c->tmp, "%s%s%s", unm, unm[0] ? "; " : "", a) : NULL;
            continue;
        }
        if (seen[gi] == i + 1)
            continue; /* another spelling of an importer already counted */
        seen[gi] = i + 1;
        const group *g = &c->groups[gi];
        imps = fl_arena_printf(&c->tmp, "%s%s%s", imps, imps[0] ? "; " : "", g->roll.name);
        x->has_trade = true;
        x->shipments += g->roll.shipments;
        x->flagged += g->roll.flagged;
        x->cases += g->roll.cases;
        x->cases_to_review += g->roll.cases_to_review;
        x->value += g->roll.value;
        x->flagged_value += g->roll.flagged_value;
        for (int s = 0; s < FL_SEV_COUNT; s++) {
            x->by_severity[s] += g->roll.by_severity[s];
            fv_sev[s] += g->fvalue_sev[s];
        }
    }
    if (!imps || !unm)
        return FL_ERR_NOMEM;
    x->importers = fl_arena_strdup(&c->r->arena, imps);
    x->unmatched = fl_arena_strdup(&c->r->arena, unm);
    return x->importers && x->unmatched ? FL_OK : FL_ERR_NOMEM;
}

/* Holding i's row: what it matched, its near misses, its score; FL_OK or FL_ERR_NOMEM. */
static fl_status holding_roll(ctx *c, const fl_holding *hd, uint32_t i, uint32_t *seen,
                              uint32_t *hint, const fl_nearname *ix)
{
    fl_report *r = c->r;
    fl_holding_roll *x = &r->roll.holdings[i];
    memset(x, 0, sizeof *x);
    x->holding = fl_arena_strdup(&r->arena, hd->name);
    x->isin = fl_arena_strdup(&r->arena, hd->isin);
    x->ticker = fl_arena_strdup(&r->arena, hd->ticker ? hd->ticker : "");
    x->weight = hd->weight;
    x->by_name = hd->by_name;
    double fv_sev[FL_SEV_COUNT] = {0};
    if (!x->holding || !x->isin || !x->ticker || match_holding(c, hd, i, seen, x, fv_sev) != FL_OK)
        return FL_ERR_NOMEM;
    const char *near = near_misses(c, ix, hd, i, seen, hint);
    x->suggested = near ? fl_arena_strdup(&r->arena, near) : NULL;
    fl_arena_reset(&c->tmp);
    if (!x->suggested)
        return FL_ERR_NOMEM;
    x->value_share = x->value > 0 ? x->flagged_value / x->value : -1;
    x->score = -1;
    if (x->has_trade) {
        double sum = 0;
        for (int s = 0; s < FL_SEV_COUNT; s++)
            sum += sev_weight[s] * (x->value > 0 ? fv_sev[s] : (double)x->by_severity[s]);
        double total = x->value > 0 ? x->value : (double)x->shipments;
        x->score = total > 0 ? 100.0 * sum / total : 0;
        x->value = cents(x->value);
        x->flagged_value = cents(x->flagged_value);
    }
    return FL_OK;
}

static fl_status portfolio(ctx *c, const fl_holdings *h)
{
    fl_report *r = c->r;
    fl_rollups *ro = &r->roll;
    size_t n = fl_holdings_count(h);
    ro->holdings = fl_arena_alloc(&r->arena, (n ? n : 1) * sizeof *ro->holdings);
    uint32_t *seen = calloc(c->n_groups ? c->n_groups : 1, sizeof *seen);
    uint32_t *hint = calloc(c->n_groups ? c->n_groups : 1, sizeof *hint);
    fl_nearname *ix = n ? near_index(c) : NULL;
    fl_status st = ro->holdings && seen && hint && (ix || !n) ? FL_OK : FL_ERR_NOMEM;
    double wsum = 0, wscore = 0, plain = 0;
    size_t n_trade = 0;
    for (size_t i = 0; i < n && st == FL_OK; i++) {
        st = holding_roll(c, fl_holdings_get(h, i), (uint32_t)i, seen, hint, ix);
        const fl_holding_roll *x = &ro->holdings[i];
        if (st == FL_OK && x->has_trade) {
            n_trade++;
            plain += x->score;
            wsum += x->weight;
            wscore += x->weight * x->score;
        }
        ro->weight_total += x->weight;
    }
    free(seen);
    free(hint);
    fl_nearname_free(ix);
    if (st != FL_OK)
        return st;
    ro->n_holdings = n;
    ro->weight_with_trade = wsum;
    ro->portfolio_score = !n_trade ? -1 : wsum > 0 ? wscore / wsum : plain / (double)n_trade;
    const fl_file_read *file = fl_holdings_file(h);
    ro->holdings_path = fl_arena_strdup(&r->arena, file->path);
    ro->holdings_sha256 = fl_arena_strdup(&r->arena, file->sha256);
    ro->holdings_bytes = file->bytes;
    ro->score_formula =
        "Exposure score = 100 x (sum over the holding's flagged shipments of w x value) / "
        "(value of all its screened shipments), w = 1.0 critical, 0.6 high, 0.3 medium, 0.1 "
        "low, each shipment at its highest severity; shipment counts stand in for values "
        "when none of its shipments has a value. 0 = nothing flagged, 100 = all value "
        "flagged critical. Portfolio score = the scores' mean weighted by portfolio weight, "
        "over holdings with trade data only; a holding whose importer names match no "
        "shipment has no trade data and no score: it is not clean, it is unknown.";
    if (!ro->holdings_path || !ro->holdings_sha256)
        return FL_ERR_NOMEM;
    ro->portfolio_on = true;
    return FL_OK;
}

struct fl_rollup_job {
    ctx c;
    fl_status st; /* the first step's */
};

void fl_rollup_job_free(fl_rollup_job *job)
{
    if (!job)
        return;
    ctx *c = &job->c;
    free(c->group_of);
    free(c->groups);
    free(c->sup_cases);
    free(c->sup_review);
    fl_strmap_free(c->group_ix);
    fl_arena_free(&c->tmp);
    fl_arena_free(&c->keep);
    free(job);
}

fl_status fl_rollup_begin(fl_trade *t, fl_rollup_job **out)
{
    fl_rollup_job *job = calloc(1, sizeof *job);
    *out = job;
    if (!job)
        return FL_ERR_NOMEM;
    job->c.t = t;
    fl_status st = build_groups(&job->c);
    if (st == FL_OK)
        st = sum_cells(&job->c);
    return job->st = st;
}

fl_status fl_rollup_end(fl_rollup_job *job, fl_report *r, fl_supply *g, const fl_holdings *h)
{
    if (!job)
        return FL_ERR_NOMEM;
    ctx *c = &job->c;
    c->r = r;
    c->g = g;
    fl_arena_adopt(&r->arena, &c->keep);
    fl_status st = job->st;
    if (st == FL_OK)
        st = importers(c);
    if (st == FL_OK && g)
        st = suppliers(c);
    if (st == FL_OK && h)
        st = portfolio(c, h);
    fl_rollup_job_free(job);
    return st;
}

fl_status fl_rollup(fl_report *r, fl_trade *t, fl_supply *g, const fl_holdings *h)
{
    fl_rollup_job *job;
    (void)fl_rollup_begin(t, &job); /* its failure is the job's, told by fl_rollup_end */
    return fl_rollup_end(job, r, g, h);
}
