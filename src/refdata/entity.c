/*
 * entity.c - listed-entity index and name screening (see entity.h for the scoring rules).
 */
#include "entity.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "diag.h"
#include "strmap.h"
#include "names.h"
#include "unorm.h"

/* Weights and limits (entity.h documents what they mean). */
#define W_NAME_MIN 0.30f
#define W_GEN_BASE 0.10f
#define W_GEN_IDF 0.10f
#define W_PLACE_MIN 0.20f
#define W_PLACE_MAX 0.40f
#define W_POSTING 0.35f      /* tokens at least this heavy are blocking keys */
#define W_UNKNOWN_NAME 0.60f /* query name word the list never uses */
#define W_UNKNOWN_PLACE 0.30f
#define MISSING_PLACE 0.50f   /* an entry place the query lacks counts this much */
#define MISSING_PLACE_HOME 0.30f /* ... when the party is in the entity's country */
#define MISSING_PAREN 0.10f   /* ... and a bracketed one this much */
#define MISSING_GENERIC 0.40f /* an entry trade word the query lacks counts at least this */
#define MATCH_MIN_MASS 1.20   /* aligned weight a fuzzy score needs to reach match */
#define CONTAINED_SCORE 0.95  /* a listed name of 3+ words found whole inside the query */
#define CONTAINED_MIN_WORDS 3
#define ADDRESS_SCORE 0.95 /* the shipper at a listed address of the entity */
#define QUERY_EXTRA 0.20f     /* factor on the query's unaligned tokens */
#define QUERY_EXTRA_NAME 0.35f /* ... on its name words the list does not know ("Supermarket") */
#define QUERY_EXTRA_CAP 0.30f /* at most this share of the entry's total */
#define SIM_PARTIAL 0.92      /* Jaro-Winkler needed for a near spelling */
#define SIM_FLOOR 0.80        /* credit = (sim - floor) / (1 - floor) */
#define INITIALS_CREDIT 0.90  /* "JA" met as the initials of "jing ao" */
#define LEGAL_SAME 0.02
#define LEGAL_SHARED 0.01
#define COUNTRY_AGREE 0.05
#define COUNTRY_DISAGREE 0.30
#define COUNTRY_DISAGREE_EXACT 0.05
#define MAX_CANDIDATES 256
#define QUAL                                                                                       \
    (FL_NTOK_PAREN | FL_NTOK_TAIL) /* optional qualifiers: bracketed or after the legal form */
#define MAX_RESULTS 64
#define MAX_QTOK FL_NAME_MAX_TOKENS
#define MAX_CP 32

/* ---- string table: text -> postings ---------------------------------------------------- */

typedef struct tent {
    const char *s; /* the table map's copy, NUL-terminated */
    uint32_t len;
    uint32_t *post; /* ename ids, ascending, unique */
    uint32_t npost, cappost;
    uint32_t df;        /* entity rules using it (dictionary only) */
    uint32_t last_rule; /* for counting df */
    float idf;
    uint32_t *cp; /* code points for near-spelling comparison (dictionary only) */
    uint32_t ncp;
} tent;

typedef struct strtab {
    fl_strmap *map; /* text -> index into e */
    tent *e;
    uint32_t n;
    size_t cap;
} strtab;

static long tab_find(const strtab *t, const char *s, size_t n)
{
    uint32_t i;
    return fl_strmap_get(t->map, s, n, &i) ? (long)i : -1;
}

/* Index of s (added when new, text copied into the map), or -1 when out of memory. */
static long tab_add(strtab *t, const char *s, size_t n)
{
    uint32_t i;
    bool added;
    const char *copy;
    /* room first, so that the map never holds an index without its entry */
    if (n > UINT32_MAX || t->n == UINT32_MAX ||
        !fl_grow((void **)&t->e, &t->cap, (size_t)t->n + 1, sizeof *t->e) ||
        fl_strmap_put(t->map, s, n, t->n, &i, &added, &copy) != FL_OK)
        return -1;
    if (!added)
        return (long)i;
    tent *e = &t->e[t->n];
    memset(e, 0, sizeof *e);
    e->s = copy;
    e->len = (uint32_t)n;
    e->last_rule = UINT32_MAX;
    return (long)t->n++;
}

/* Room for one more posting; postings stay small, so the count and capacity are 32-bit. */
static bool post_grow(tent *e)
{
    size_t cap = e->cappost;
    if (e->npost == UINT32_MAX ||
        !fl_grow((void **)&e->post, &cap, (size_t)e->npost + 1, sizeof *e->post))
        return false;
    e->cappost = cap > UINT32_MAX ? UINT32_MAX : (uint32_t)cap;
    return true;
}

static bool post_add(tent *e, uint32_t id)
{
    if (e->npost && e->post[e->npost - 1] == id)
        return true;
    if (!post_grow(e))
        return false;
    e->post[e->npost++] = id;
    return true;
}

/* Like post_add, for lists whose ids do not arrive in order. */
static bool post_add_unique(tent *e, uint32_t id)
{
    for (uint32_t k = 0; k < e->npost; k++)
        if (e->post[k] == id)
            return true;
    if (!post_grow(e))
        return false;
    e->post[e->npost++] = id;
    return true;
}

static void tab_free(strtab *t)
{
    for (uint32_t k = 0; k < t->n; k++)
        free(t->e[k].post);
    free(t->e);
    fl_strmap_free(t->map);
    memset(t, 0, sizeof *t);
}

/* ---- the index ------------------------------------------------------------------------- */

static size_t skeleton(const char *w, size_t n, char *out, size_t cap);

typedef struct etok {
    uint32_t id; /* dictionary entry */
    uint8_t cls, flags, nrun;
    float w;
} etok;

typedef struct ename {
    uint32_t rule, name_index;
    uint8_t kind;        /* FL_NAME_* (rules.h) */
    bool subs;           /* the listing covers the entity's subsidiaries */
    uint32_t tok0, ntok; /* into ix->toks, heaviest first */
    const char *legal;   /* legal signature (arena) */
    const char *key;     /* fl_name.key (arena) */
    uint32_t nkey;       /* words in the key */
    bool weak;           /* no distinctive token: found only by key (exact or contained) */
    bool place;          /* a place token among its tokens */
} ename;

struct fl_entity_index {
    const fl_ruleset *rs;
    const fl_name_tables *tables; /* phrase tables (borrowed) */
    fl_entity_opts opts;
    fl_arena arena;
    strtab dict; /* canonical tokens */
    strtab part; /* "<abc" / ">xyz": first and last three letters of long tokens -> tokens */
    strtab keys; /* whole keys */
    strtab skel; /* consonant skeletons of name tokens (skeleton()) -> tokens */
    /* quick refusals, so that a long query (a whole address) looks up little that is not
       there: every prefix of a dictionary token (a glued run grows only through them), and the
       first words of keys of CONTAINED_MIN_WORDS words or more */
    fl_strmap *prefixes, *key_firsts;
    ename *names;
    size_t n_names, cap_names;
    etok *toks;
    size_t n_toks, cap_toks;
};

static bool vocab_known(const void *ctx, const char *w, size_t len)
{
    return tab_find(&((const fl_entity_index *)ctx)->dict, w, len) >= 0;
}

static size_t cp_count(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

/* Byte length of the first k code points of s[0..n), and of the last k. */
static size_t cp_prefix(const char *s, size_t n, size_t k)
{
    size_t i = 0;
    while (i < n && k) {
        i++;
        while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
            i++;
        k--;
    }
    return i;
}

static size_t cp_suffix(const char *s, size_t n, size_t k)
{
    size_t i = n;
    while (i > 0 && k) {
        i--;
        while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
            i--;
        k--;
    }
    return n - i;
}

/* Weight of a token (entity.h). A CJK bigram gets its share of the run: the bigrams of one
   brand together weigh about as much as one word, so a long brand is not worth more. */
static float class_weight(unsigned cls, unsigned flags, unsigned nrun, float idf)
{
    if (nrun > 1)
        return class_weight(cls, flags, 0, idf) / (float)nrun;
    switch (cls) {
    case FL_NTOK_GENERIC:
        return W_GEN_BASE + W_GEN_IDF * idf;
    case FL_NTOK_PLACE:
        if (flags & QUAL)
            return idf > W_NAME_MIN ? idf : W_NAME_MIN;
        return idf < W_PLACE_MIN ? W_PLACE_MIN : idf > W_PLACE_MAX ? W_PLACE_MAX : idf;
    default:
        return idf > W_NAME_MIN ? idf : W_NAME_MIN;
    }
}

static bool postable(const etok *t)
{
    if (t->w * (t->nrun > 1 ? t->nrun : 1) < W_POSTING || (t->flags & FL_NTOK_DIGITS))
        return false;
    return t->cls == FL_NTOK_NAME || (t->cls == FL_NTOK_PLACE && (t->flags & QUAL));
}

static int cmp_etok(const void *a, const void *b)
{
    const etok *x = a, *y = b;
    if (x->w != y->w)
        return x->w > y->w ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

static size_t key_words(const char *k)
{
    if (!*k)
        return 0;
    size_t n = 1;
    for (; *k; k++)
        n += *k == ' ';
    return n;
}

/* Length of text without a closing "and (its) subsidiaries" (entries of the UFLPA Entity List
   and of WROs are written so); *subs says whether there was one. */
static size_t strip_subsidiaries(const char *text, bool *subs)
{
    static const char *const tails[] = {"and its subsidiaries", "and subsidiaries",
                                        "and their subsidiaries", "and its subsidiary"};
    size_t n = strlen(text);
    while (n && (text[n - 1] == ' ' || text[n - 1] == '.' || text[n - 1] == ','))
        n--;
    *subs = false;
    for (size_t i = 0; i < sizeof tails / sizeof tails[0]; i++) {
        size_t m = strlen(tails[i]);
        if (n > m && strncasecmp(text + n - m, tails[i], m) == 0 && text[n - m - 1] == ' ') {
            *subs = true;
            n -= m;
            while (n && (text[n - 1] == ' ' || text[n - 1] == ','))
                n--;
            return n;
        }
    }
    return strlen(text);
}

/* Does the listing of rule r cover its subsidiaries (entity-extras, or a name that says so)? */
static bool rule_subs(const fl_rule *r)
{
    bool subs = r->subsidiaries;
    for (size_t k = 0; k < r->n_names && !subs; k++)
        strip_subsidiaries(r->names[k], &subs);
    return subs;
}

static fl_status add_name(fl_entity_index *ix, size_t rule, size_t ni, const char *text,
                          bool subs)
{
    fl_name nm;
    const fl_rule *ru = &ix->rs->rules[rule];
    bool own;
    size_t tlen = strip_subsidiaries(text, &own);
    if (fl_name_parse(ix->tables, text, tlen, NULL, &nm) != FL_OK) {
        fl_warn("%s:%u: entity name '%s' is not valid UTF-8; not screened",
                ix->rs->rules[rule].file, ix->rs->rules[rule].line, ix->rs->rules[rule].id);
        return FL_OK;
    }
    if (!nm.key[0])
        return FL_OK; /* only legal forms: nothing to screen for */
    if (!fl_grow((void **)&ix->names, &ix->cap_names, ix->n_names + 1, sizeof *ix->names))
        return FL_ERR_NOMEM;
    uint32_t id = (uint32_t)ix->n_names;
    ename *e = &ix->names[ix->n_names];
    e->rule = (uint32_t)rule;
    e->name_index = (uint32_t)ni;
    e->kind = ru->name_kinds ? ru->name_kinds[ni] : (ni ? FL_NAME_ALIAS : FL_NAME_LISTED);
    e->subs = subs;
    e->tok0 = (uint32_t)ix->n_toks;
    e->ntok = 0;
    e->nkey = (uint32_t)key_words(nm.key);
    e->legal = fl_arena_strdup(&ix->arena, nm.legal);
    e->key = fl_arena_strdup(&ix->arena, nm.key);
    if (!e->legal || !e->key)
        return FL_ERR_NOMEM;
    for (size_t i = 0; i < nm.n_tok; i++) {
        const fl_ntok *t = &nm.tok[i];
        if (t->cls == FL_NTOK_LEGAL)
            continue;
        long d = tab_add(&ix->dict, fl_name_tok(&nm, i), t->len);
        if (d < 0)
            return FL_ERR_NOMEM;
        bool dup = false;
        for (size_t k = e->tok0; k < ix->n_toks; k++)
            dup = dup || ix->toks[k].id == (uint32_t)d;
        if (dup)
            continue;
        if (!fl_grow((void **)&ix->toks, &ix->cap_toks, ix->n_toks + 1, sizeof *ix->toks))
            return FL_ERR_NOMEM;
        ix->toks[ix->n_toks++] = (etok){(uint32_t)d, t->cls, t->flags, t->nrun, 0.0f};
        tent *de = &ix->dict.e[d];
        if (de->last_rule != (uint32_t)rule) {
            de->last_rule = (uint32_t)rule;
            de->df++;
        }
    }
    e->ntok = (uint32_t)(ix->n_toks - e->tok0);
    long k = tab_add(&ix->keys, nm.key, strlen(nm.key));
    if (k < 0 || !post_add(&ix->keys.e[k], id))
        return FL_ERR_NOMEM;
    ix->n_names++;
    return FL_OK;
}

/* The first max code points of s[0..n): a token of fl_name_parse(), so valid UTF-8 (an
   invalid byte would end the list there). */
static size_t decode(const char *s, size_t n, uint32_t *cp, size_t max)
{
    size_t k = 0, i = 0;
    int32_t c;
    while (k < max && fl_utf8_next(s, n, &i, &c))
        cp[k++] = (uint32_t)c;
    return k;
}

/* The quick refusals (fl_entity_index): every dictionary token's prefixes, and the first
   words of the keys that a longer query may hold (gather). */
static fl_status index_refusals(fl_entity_index *ix)
{
    for (uint32_t d = 0; d < ix->dict.n; d++)
        for (uint32_t l = 1; l <= ix->dict.e[d].len; l++)
            if (fl_strmap_put(ix->prefixes, ix->dict.e[d].s, l, 0, NULL, NULL, NULL) != FL_OK)
                return FL_ERR_NOMEM;
    for (uint32_t k = 0; k < ix->keys.n; k++) {
        const char *key = ix->keys.e[k].s;
        if (key_words(key) >= CONTAINED_MIN_WORDS &&
            fl_strmap_put(ix->key_firsts, key, strcspn(key, " "), 0, NULL, NULL, NULL) != FL_OK)
            return FL_ERR_NOMEM;
    }
    return FL_OK;
}

/* Weights, heaviest-first order and postings, once every name is in. */
static fl_status finish(fl_entity_index *ix, size_t n_rules)
{
    double norm = log(((double)n_rules + 1.0) / 1.5);
    for (uint32_t d = 0; d < ix->dict.n; d++) {
        tent *de = &ix->dict.e[d];
        double v = norm > 0 ? log(((double)n_rules + 1.0) / (de->df + 0.5)) / norm : 1.0;
        de->idf = (float)(v < 0 ? 0 : v > 1 ? 1 : v);
        uint32_t tmp[MAX_CP];
        de->ncp = (uint32_t)decode(de->s, de->len, tmp, MAX_CP);
        de->cp = fl_arena_alloc(&ix->arena, (de->ncp ? de->ncp : 1) * sizeof *de->cp);
        if (!de->cp)
            return FL_ERR_NOMEM;
        memcpy(de->cp, tmp, de->ncp * sizeof *tmp);
    }
    for (size_t i = 0; i < ix->n_names; i++) {
        ename *e = &ix->names[i];
        etok *t = ix->toks + e->tok0;
        for (uint32_t k = 0; k < e->ntok; k++)
            t[k].w = class_weight(t[k].cls, t[k].flags, t[k].nrun, ix->dict.e[t[k].id].idf);
        qsort(t, e->ntok, sizeof *t, cmp_etok);
        e->weak = true;
        e->place = false;
        for (uint32_t k = 0; k < e->ntok; k++)
            e->place = e->place || t[k].cls == FL_NTOK_PLACE;
        for (uint32_t k = 0; k < e->ntok; k++) {
            if (!postable(&t[k]))
                continue;
            e->weak = false;
            tent *de = &ix->dict.e[t[k].id];
            if (!post_add(de, (uint32_t)i))
                return FL_ERR_NOMEM;
            if (t[k].cls == FL_NTOK_NAME && !(t[k].flags & FL_NTOK_CJK) && de->len >= 4 &&
                de->len <= 40 && de->ncp == de->len) {
                char sk[48];
                size_t sl = skeleton(de->s, de->len, sk, sizeof sk);
                long p = sl >= 2 ? tab_add(&ix->skel, sk, sl) : -2;
                if (p == -1 || (p >= 0 && !post_add_unique(&ix->skel.e[p], t[k].id)))
                    return FL_ERR_NOMEM;
                de = &ix->dict.e[t[k].id];
            }
            if ((t[k].flags & FL_NTOK_CJK) || cp_count(de->s, de->len) < 5)
                continue;
            char key[64];
            size_t pl = cp_prefix(de->s, de->len, 3), sl = cp_suffix(de->s, de->len, 3);
            if (pl + 1 >= sizeof key || sl + 1 >= sizeof key)
                continue;
            /* the table entry may move when the table grows: look it up again each time */
            key[0] = '<';
            memcpy(key + 1, de->s, pl);
            long p = tab_add(&ix->part, key, pl + 1);
            if (p < 0 || !post_add_unique(&ix->part.e[p], t[k].id))
                return FL_ERR_NOMEM;
            de = &ix->dict.e[t[k].id];
            key[0] = '>';
            memcpy(key + 1, de->s + de->len - sl, sl);
            p = tab_add(&ix->part, key, sl + 1);
            if (p < 0 || !post_add_unique(&ix->part.e[p], t[k].id))
                return FL_ERR_NOMEM;
        }
    }
    return index_refusals(ix);
}

fl_status fl_entity_index_new(const fl_ruleset *rs, const fl_name_tables *names,
                              const fl_entity_opts *opts, fl_entity_index **out)
{
    *out = NULL;
    fl_entity_opts o = FL_ENTITY_OPTS_DEFAULT;
    if (opts)
        o = *opts;
    if (!(o.review > 0 && o.review <= o.match && o.match <= 1.0)) {
        fl_error("bad entity thresholds: match %.2f, review %.2f; need 0 < review <= match <= 1",
                 o.match, o.review);
        return FL_ERR_USAGE;
    }
    fl_entity_index *ix = calloc(1, sizeof *ix);
    if (!ix)
        return FL_ERR_NOMEM;
    ix->rs = rs;
    ix->tables = names;
    ix->opts = o;
    if (!(ix->dict.map = fl_strmap_new()) || !(ix->part.map = fl_strmap_new()) ||
        !(ix->keys.map = fl_strmap_new()) || !(ix->skel.map = fl_strmap_new()) ||
        !(ix->prefixes = fl_strmap_new()) || !(ix->key_firsts = fl_strmap_new())) {
        fl_entity_index_free(ix);
        return FL_ERR_NOMEM;
    }
    const size_t *idx = NULL;
    size_t n = rs ? fl_rules_entities(rs, &idx) : 0;
    fl_status st = FL_OK;
    for (size_t i = 0; i < n && st == FL_OK; i++) {
        const fl_rule *r = &rs->rules[idx[i]];
        bool subs = rule_subs(r);
        for (size_t k = 0; k < r->n_names && st == FL_OK; k++)
            st = add_name(ix, idx[i], k, r->names[k], subs);
    }
    if (st == FL_OK)
        st = finish(ix, n);
    if (st != FL_OK) {
        fl_entity_index_free(ix);
        return st;
    }
    *out = ix;
    return FL_OK;
}

void fl_entity_index_free(fl_entity_index *ix)
{
    if (!ix)
        return;
    tab_free(&ix->dict);
    tab_free(&ix->part);
    tab_free(&ix->keys);
    tab_free(&ix->skel);
    fl_strmap_free(ix->prefixes);
    fl_strmap_free(ix->key_firsts);
    free(ix->names);
    free(ix->toks);
    fl_arena_free(&ix->arena);
    free(ix);
}

size_t fl_entity_index_names(const fl_entity_index *ix)
{
    return ix ? ix->n_names : 0;
}

/* ---- string similarity ----------------------------------------------------------------- */

static double jaro_winkler(const uint32_t *a, size_t la, const uint32_t *b, size_t lb)
{
    if (!la || !lb)
        return 0.0;
    size_t win = (la > lb ? la : lb) / 2;
    win = win ? win - 1 : 0;
    bool ma[MAX_CP] = {false}, mb[MAX_CP] = {false};
    size_t m = 0;
    for (size_t i = 0; i < la; i++) {
        size_t lo = i > win ? i - win : 0, hi = i + win + 1 < lb ? i + win + 1 : lb;
        for (size_t j = lo; j < hi; j++)
            if (!mb[j] && a[i] == b[j]) {
                ma[i] = mb[j] = true;
                m++;
                break;
            }
    }
    if (!m)
        return 0.0;
    size_t t = 0;
    for (size_t i = 0, j = 0; i < la; i++) {
        if (!ma[i])
            continue;
        while (!mb[j])
            j++;
        t += a[i] != b[j];
        j++;
    }
    double md = (double)m;
    double jaro = (md / (double)la + md / (double)lb + (md - (double)t / 2.0) / md) / 3.0;
    size_t p = 0;
    while (p < 4 && p < la && p < lb && a[p] == b[p])
        p++;
    return jaro + 0.1 * (double)p * (1.0 - jaro);
}

static bool edit_le1(const uint32_t *a, size_t la, const uint32_t *b, size_t lb)
{
    if (la < lb) {
        const uint32_t *t = a;
        a = b;
        b = t;
        size_t tl = la;
        la = lb;
        lb = tl;
    }
    if (la - lb > 1)
        return false;
    size_t i = 0;
    while (i < lb && a[i] == b[i])
        i++;
    if (la == lb) {
        for (size_t k = i + 1; k < la; k++)
            if (a[k] != b[k])
                return false;
        return true;
    }
    for (size_t k = i; k < lb; k++)
        if (a[k + 1] != b[k])
            return false;
    return true;
}

/* Near spelling (entity.h): Jaro-Winkler >= 0.92, or edit distance 1 when both have 6+
   letters (then similarity 0.92). Returns the similarity, 0 when not near. */
static double near_sim(const uint32_t *a, size_t la, const uint32_t *b, size_t lb)
{
    if (la < 4 || lb < 4)
        return 0.0;
    /* Jaro-Winkler >= 0.92 needs Jaro >= 0.867, so the shorter word must have at least
       0.6 of the longer one's letters */
    size_t lo = la < lb ? la : lb, hi = la < lb ? lb : la;
    if (lo * 5 < hi * 3)
        return 0.0;
    double s = jaro_winkler(a, la, b, lb);
    if (s < SIM_PARTIAL && la >= 6 && lb >= 6 && edit_le1(a, la, b, lb))
        s = SIM_PARTIAL;
    return s >= SIM_PARTIAL ? s : 0.0;
}

/* ---- screening ------------------------------------------------------------------------- */

typedef struct qtok {
    const char *s;
    uint16_t len;
    uint8_t cls, flags, nrun;
    long id;  /* dictionary entry, -1 when the list never uses it */
    float w;  /* weight for the unaligned-query penalty */
    bool dup; /* same token earlier in the query */
    bool qual; /* a qualifier: bracketed, after the legal form, or a word of qualifier_words */
    uint8_t seg; /* run of tokens between legal forms (runs are glued within one) */
    uint16_t ncp;
    uint32_t cp[MAX_CP];
} qtok;

/* Adjacent query words that, glued, are a listed token ("zhong tai" -> "zhongtai"). */
typedef struct qrun {
    uint8_t a, n; /* first token, how many (2 to MAX_RUN) */
    long id;
} qrun;

#define MAX_RUN 4
#define MAX_RUNS (MAX_QTOK * 2)

typedef struct query {
    fl_name nm;
    qtok t[MAX_QTOK];
    size_t nt;
    qrun runs[MAX_RUNS];
    size_t nr;
    char country[3];
    long key_id;     /* the query's key in the key table, -1 when no listed name has it */
    long gkey_id;    /* the key with its glued runs ("xin jiang" -> "xinjiang"), or -1 */
    char gkey[FL_NAME_KEY];
    const char *raw; /* part text, for evidence */
    size_t raw_len;
    fl_name_role role;
    const char *marker;
    int view;        /* 0: as written; 1 + fl_name_rom: romanised */
    char rom[FL_NAME_MAX_INPUT * 4]; /* the romanised text of a view */
} query;

/* Glued runs of 2 to MAX_RUN adjacent Latin tokens that the list knows as one token. */
static void find_runs(const fl_entity_index *ix, query *q)
{
    q->nr = 0;
    for (size_t i = 0; i < q->nt; i++) {
        char glued[256];
        size_t len = 0;
        for (size_t k = i; k < q->nt && k < i + MAX_RUN; k++) {
            const qtok *t = &q->t[k];
            if ((t->flags & FL_NTOK_CJK) || t->seg != q->t[i].seg || len + t->len >= sizeof glued)
                break;
            memcpy(glued + len, t->s, t->len);
            len += t->len;
            if (!fl_strmap_get(ix->prefixes, glued, len, NULL))
                break; /* no listed token begins so: nor does any longer run */
            if (k == i)
                continue;
            long g = tab_find(&ix->dict, glued, len);
            if (g >= 0 && q->nr < MAX_RUNS)
                q->runs[q->nr++] = (qrun){(uint8_t)i, (uint8_t)(k - i + 1), g};
        }
    }
}

/* The query's key with the longest glued run at each word, when the runs change it (a listed
   name without distinctive words is found by its key alone). */
static void glue_key(const fl_entity_index *ix, query *q)
{
    q->gkey_id = -1;
    q->gkey[0] = '\0';
    if (!q->nr)
        return;
    size_t len = 0;
    for (size_t i = 0; i < q->nt;) {
        if (q->t[i].flags & FL_NTOK_CJK) {
            q->gkey[0] = '\0';
            return;
        }
        size_t n = 1;
        for (size_t r = 0; r < q->nr; r++)
            if (q->runs[r].a == i && q->runs[r].n > n)
                n = q->runs[r].n;
        for (size_t k = i; k < i + n; k++) {
            if (len + q->t[k].len + 2 >= sizeof q->gkey) {
                q->gkey[0] = '\0';
                return;
            }
            if (k == i && len)
                q->gkey[len++] = ' ';
            memcpy(q->gkey + len, q->t[k].s, q->t[k].len);
            len += q->t[k].len;
        }
        i += n;
    }
    q->gkey[len] = '\0';
    q->gkey_id = tab_find(&ix->keys, q->gkey, len);
}

static void prepare_query(const fl_entity_index *ix, query *q)
{
    q->nt = 0;
    q->key_id = q->nm.key[0] ? tab_find(&ix->keys, q->nm.key, strlen(q->nm.key)) : -1;
    uint8_t seg = 0;
    for (size_t i = 0; i < q->nm.n_tok && q->nt < MAX_QTOK; i++) {
        const fl_ntok *nt = &q->nm.tok[i];
        if (nt->cls == FL_NTOK_LEGAL) {
            seg++;
            continue;
        }
        qtok *t = &q->t[q->nt];
        t->s = fl_name_tok(&q->nm, i);
        t->len = nt->len;
        t->cls = nt->cls;
        t->flags = nt->flags;
        t->nrun = nt->nrun;
        t->seg = seg;
        t->id = tab_find(&ix->dict, t->s, t->len);
        t->dup = false;
        t->qual = (t->flags & QUAL) || fl_nametab_qualifier(ix->tables, t->s, t->len);
        for (size_t k = 0; k < q->nt; k++)
            if (q->t[k].len == t->len && memcmp(q->t[k].s, t->s, t->len) == 0)
                t->dup = true;
        if (t->id >= 0)
            t->w = class_weight(t->cls, t->flags, t->nrun, ix->dict.e[t->id].idf);
        else if (t->cls == FL_NTOK_GENERIC)
            t->w = class_weight(t->cls, t->flags, t->nrun, 1.0f);
        else if (t->cls == FL_NTOK_PLACE || (t->flags & FL_NTOK_DIGITS))
            t->w = W_UNKNOWN_PLACE;
        else
            t->w = W_UNKNOWN_NAME / (t->nrun > 1 ? t->nrun : 1);
        t->ncp = (uint16_t)((t->flags & FL_NTOK_CJK) ? 0 : decode(t->s, t->len, t->cp, MAX_CP));
        q->nt++;
    }
    find_runs(ix, q);
    glue_key(ix, q);
}

typedef struct cands {
    uint32_t id[MAX_CANDIDATES];
    size_t n;
} cands;

static void cand_add_list(cands *c, const tent *e)
{
    for (uint32_t k = 0; k < e->npost; k++) {
        uint32_t v = e->post[k];
        bool seen = false;
        for (size_t j = 0; j < c->n && !seen; j++)
            seen = c->id[j] == v;
        if (!seen && c->n < MAX_CANDIDATES)
            c->id[c->n++] = v;
    }
}

static void gather(const fl_entity_index *ix, const query *q, cands *c)
{
    c->n = 0;
    if (q->key_id >= 0)
        cand_add_list(c, &ix->keys.e[q->key_id]);
    if (q->gkey_id >= 0)
        cand_add_list(c, &ix->keys.e[q->gkey_id]);
    for (size_t i = 0; i < q->nt; i++) {
        const qtok *t = &q->t[i];
        if (t->dup)
            continue;
        if (t->id >= 0) {
            /* Generic trade words and legal forms can never make a match on their own
               (score_fuzzy needs an aligned name word), so they open no candidates: this
               keeps "CO LTD" and "TRADING" from pulling in half the list. */
            if (t->cls != FL_NTOK_GENERIC && t->cls != FL_NTOK_LEGAL)
                cand_add_list(c, &ix->dict.e[t->id]);
            continue;
        }
        if ((t->flags & (FL_NTOK_CJK | FL_NTOK_DIGITS)) || t->ncp < 4)
            continue;
        if ((q->view == 1 + FL_ROM_RUSSIAN || q->view == 1 + FL_ROM_UZBEK) && t->len <= 40) {
            char sk[48];
            size_t sl = skeleton(t->s, t->len, sk, sizeof sk);
            long p = sl >= 2 ? tab_find(&ix->skel, sk, sl) : -1;
            for (uint32_t k = 0; p >= 0 && k < ix->skel.e[p].npost; k++)
                cand_add_list(c, &ix->dict.e[ix->skel.e[p].post[k]]);
        }
        char key[64];
        size_t pl = cp_prefix(t->s, t->len, 3), sl = cp_suffix(t->s, t->len, 3);
        if (pl + 1 > sizeof key || sl + 1 > sizeof key)
            continue;
        /* near spellings: dictionary tokens sharing the first or last three letters, kept
           only when near enough to align (entity.h) */
        for (int side = 0; side < 2; side++) {
            key[0] = side ? '>' : '<';
            if (side)
                memcpy(key + 1, t->s + t->len - sl, sl);
            else
                memcpy(key + 1, t->s, pl);
            long p = tab_find(&ix->part, key, (side ? sl : pl) + 1);
            if (p < 0)
                continue;
            const tent *pe = &ix->part.e[p];
            for (uint32_t k = 0; k < pe->npost; k++) {
                const tent *de = &ix->dict.e[pe->post[k]];
                if (near_sim(de->cp, de->ncp, t->cp, t->ncp) > 0.0)
                    cand_add_list(c, de);
            }
        }
    }
    for (size_t i = 0; i < q->nr; i++)
        cand_add_list(c, &ix->dict.e[q->runs[i].id]);
    /* listed names of 3+ words inside the query (found by key: they may have no
       distinctive token to be posted under) */
    const char *key = q->nm.key;
    size_t ws[64], we[64], nw = 0;
    for (size_t i = 0; key[i] && nw < 64;) {
        ws[nw] = i;
        while (key[i] && key[i] != ' ')
            i++;
        we[nw++] = i;
        if (key[i] == ' ')
            i++;
    }
    for (size_t a = 0; a < nw; a++) {
        if (!fl_strmap_get(ix->key_firsts, key + ws[a], we[a] - ws[a], NULL))
            continue; /* no key of as many words begins with this word */
        for (size_t b = a + CONTAINED_MIN_WORDS - 1; b < nw; b++) {
            if (a == 0 && b == nw - 1)
                continue; /* the whole key: looked up above */
            long k2 = tab_find(&ix->keys, key + ws[a], we[b] - ws[a]);
            if (k2 >= 0)
                cand_add_list(c, &ix->keys.e[k2]);
        }
    }
}

/* Does key hold needle as whole words? */
static bool key_contains(const char *key, const char *needle)
{
    size_t n = strlen(needle);
    for (const char *p = strstr(key, needle); p; p = strstr(p + 1, needle))
        if ((p == key || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
            return true;
    return false;
}

/* A bounded text buffer: appends stop at the capacity. */
typedef struct sbuf {
    char *p;
    size_t cap, len;
} sbuf;

static void sb_printf(sbuf *b, const char *fmt, ...) FL_PRINTF(2, 3);
static void sb_printf(sbuf *b, const char *fmt, ...)
{
    if (!b || !b->p || b->len + 1 >= b->cap)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
    va_end(ap);
    if (n > 0)
        b->len = b->len + (size_t)n < b->cap ? b->len + (size_t)n : b->cap - 1;
}

static bool is_china_group(const char *c)
{
    return strcmp(c, "CN") == 0 || strcmp(c, "HK") == 0 || strcmp(c, "MO") == 0;
}

/* Country adjustment for rule r: writes the evidence text into b. */
static double country_adjust(const fl_rule *r, const char *country, bool exact_long, sbuf *b)
{
    if (!country[0] || !r->n_countries)
        return 0.0;
    for (size_t i = 0; i < r->n_countries; i++)
        if (strcmp(r->countries[i], country) == 0) {
            sb_printf(b, "; country %s=%s %+.2f", country, country, COUNTRY_AGREE);
            return COUNTRY_AGREE;
        }
    bool related = false;
    for (size_t i = 0; i < r->n_countries && is_china_group(country); i++)
        related = related || is_china_group(r->countries[i]);
    if (related) {
        sb_printf(b, "; country %s~%s +0.00", country, r->countries[0]);
        return 0.0;
    }
    double d = exact_long ? COUNTRY_DISAGREE_EXACT : COUNTRY_DISAGREE;
    sb_printf(b, "; country %s!=%s %+.2f", country, r->countries[0], -d);
    return -d;
}

/*
 * s adjusted for the country (country_adjust), except that a disagreement never takes a strong
 * score (the whole distinctive part met, nothing else but qualifiers) at or above match below
 * it: the name is the evidence, and a listed producer's goods shipped from another country are
 * a possible transshipment (entity.h). Sets FL_EPAT_TRANSSHIP.
 */
static double apply_country(const fl_entity_index *ix, const fl_rule *r, const char *country,
                            bool exact_long, bool strong, double s, sbuf *tail, unsigned *pat)
{
    sbuf quiet = {NULL, 0, 0};
    double d = country_adjust(r, country, exact_long, &quiet);
    if (d >= 0.0 || !strong || s < ix->opts.match - 1e-9) {
        country_adjust(r, country, exact_long, tail);
        return s + d;
    }
    *pat |= FL_EPAT_TRANSSHIP;
    double t = s + d < ix->opts.match ? ix->opts.match : s + d;
    sb_printf(tail, "; country %s!=%s: possible transshipment (third-country shipping) %+.2f",
              country, r->countries[0], t - s);
    return t;
}

static bool legal_share(const char *a, const char *b)
{
    for (const char *s = a; *s;) {
        size_t l = strcspn(s, " ");
        for (const char *t = b; *t;) {
            size_t m = strcspn(t, " ");
            if (l == m && memcmp(s, t, l) == 0)
                return true;
            t += m;
            t += *t == ' ';
        }
        s += l;
        s += *s == ' ';
    }
    return false;
}

/*
 * Score query q against listed name e. tokens (may be NULL) receives the per-token evidence
 * and tail the legal/country part. Returns the score, or -1 when the candidate is dropped
 * (no aligned name token).
 */
static double score_fuzzy(const fl_entity_index *ix, const query *q, const ename *e,
                          const fl_rule *r, sbuf *tokens, sbuf *tail, unsigned *pat);

static double score_one(const fl_entity_index *ix, const query *q, const ename *e, sbuf *tokens,
                        sbuf *tail, bool *exact_out, unsigned *pat)
{
    const fl_rule *r = &ix->rs->rules[e->rule];
    const fl_name *nm = &q->nm;
    *exact_out = false;
    *pat = 0;
    for (int g = 0; g < 2; g++) {
        long kid = g ? q->gkey_id : q->key_id;
        if (kid < 0)
            continue;
        const tent *ke = &ix->keys.e[kid];
        bool in = false;
        for (uint32_t i = 0; i < ke->npost && !in; i++)
            in = ke->post[i] == (uint32_t)(e - ix->names);
        if (in) {
            *exact_out = true;
            if (g)
                *pat |= FL_EPAT_WORDBREAK;
            sb_printf(tokens, "exact name match '%s'%s", g ? q->gkey : nm->key,
                      g ? " (words put together)" : "");
            /* a name of trade words only (no distinctive word, no place) says little about
               where the company is: the country counts in full */
            bool long_name = e->nkey >= 3 && (!e->weak || e->place);
            double s = apply_country(ix, r, q->country, long_name, !e->weak, 1.0, tail, pat);
            return s > 1.0 ? 1.0 : s < 0.0 ? 0.0 : s;
        }
    }
    double contained = -1.0;
    unsigned cpat = 0;
    if (e->weak && e->nkey >= CONTAINED_MIN_WORDS &&
        (key_contains(nm->key, e->key) || (q->gkey[0] && key_contains(q->gkey, e->key)))) {
        sbuf ct = {NULL, 0, 0};
        contained = apply_country(ix, r, q->country, true, false, CONTAINED_SCORE, &ct, &cpat);
    }
    double fuzzy = score_fuzzy(ix, q, e, r, tokens, tail, pat);
    if (contained > fuzzy) {
        *pat = cpat;
        if (tokens) {
            tokens->len = 0;
            tokens->p[0] = '\0';
            tail->len = 0;
            tail->p[0] = '\0';
            sb_printf(tokens, "whole name '%s' inside '%s' %.2f", e->key, nm->key, CONTAINED_SCORE);
            apply_country(ix, r, q->country, true, false, CONTAINED_SCORE, tail, &cpat);
        }
        return contained > 1.0 ? 1.0 : contained;
    }
    return fuzzy;
}

/* How the tokens of a listed name line up with the query's (score_fuzzy). */
typedef struct align {
    bool used[MAX_QTOK];                  /* query tokens taken */
    bool aligned[FL_NAME_MAX_TOKENS * 2]; /* entry tokens met */
    size_t n;                             /* entry tokens looked at */
    bool name_hit;                        /* a name word (or bracketed place) met */
    unsigned long_names, mid_names;       /* met name words of 5+ / 4+ letters, CJK */
    unsigned names, exact_names;          /* the entry's name words; those met exactly */
    bool glued;                           /* a listed token met by query words glued */
    bool sound;                           /* a listed token met by its sound (skeleton()) */
    double matched;                       /* weight met, by credit */
} align;

/*
 * The query token for entry token t (dictionary entry de), or -1: the same word, else a
 * run of query words glued (*run its length, *how '+'), else the nearest spelling (*how
 * '~', *sim its similarity). *c receives the credit.
 */
/*
 * A listed token of 2 to 4 Latin letters written as the initials of as many pinyin syllables
 * of the query ("JA" in "Donghai JA Solar" = "jing ao" of 东海晶澳太阳能): the first query token
 * of the run, or -1.
 */
static int initials_run(const fl_entity_index *ix, const query *q, const etok *t, const tent *de,
                        const bool *used)
{
    if (t->cls != FL_NTOK_NAME || (t->flags & FL_NTOK_CJK) || de->len < 2 || de->len > 4 ||
        de->ncp != de->len)
        return -1;
    for (size_t i = 0; i + de->len <= q->nt; i++) {
        bool ok = true;
        for (size_t k = 0; k < de->len && ok; k++) {
            const qtok *x = &q->t[i + k];
            ok = !used[i + k] && !x->dup && x->s[0] == de->s[k] && x->seg == q->t[i].seg &&
                 !(x->flags & FL_NTOK_CJK) && fl_nametab_pinyin(ix->tables, x->s, x->len);
        }
        if (ok)
            return (int)i;
    }
    return -1;
}

/*
 * The consonants of a romanised word, the way Russian and Palladius transcriptions of
 * foreign names keep them: kh/h, ts/c/q, sh/s, zh/j and ch/c are one sound each, vowels and
 * y are dropped after the first letter, doubled letters count once, and a final vowel is
 * marked ("khoshayn" and "hoshine" are both "hsn", "dacuo" and "daqo" "dcV", "khoshino"
 * "hsnV"). Writes at most cap - 1 bytes.
 */
static size_t skeleton(const char *w, size_t n, char *out, size_t cap)
{
    size_t k = 0;
    /* an English final e after a consonant is silent ("hoshine" sounds like "хошайн") */
    if (n > 2 && w[n - 1] == 'e' && !strchr("aeiouy", w[n - 2]))
        n--;
    bool vowel_end = n && strchr("aeiouy", w[n - 1]) != NULL;
    if (cap < 3)
        return 0;
    cap--; /* room for the final-vowel mark */
    for (size_t i = 0; i < n && k + 1 < cap; i++) {
        char c = w[i], d = i + 1 < n ? w[i + 1] : '\0';
        if ((c == 'k' && d == 'h') || (c == 't' && (d == 's' || d == 'z')) ||
            (c == 's' && d == 'h') || (c == 'z' && d == 'h') || (c == 'c' && d == 'h')) {
            c = c == 'k' ? 'h' : c == 't' ? 'c' : c == 'z' ? 'j' : c;
            i++;
        } else if (c == 'q') {
            c = 'c';
        } else if (c == 'x') {
            c = 's';
        } else if (k && (c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y')) {
            continue;
        }
        if (!k || out[k - 1] != c)
            out[k++] = c;
    }
    if (vowel_end)
        out[k++] = 'V'; /* "хошино" (Hoshino) ends in a vowel, "хошайн" (Hoshine) does not */
    out[k] = '\0';
    return k;
}

/* A query token of a Cyrillic view that sounds like listed token de (skeleton), or -1. */
static int sounds_like(const query *q, const etok *t, const tent *de, const bool *used)
{
    if (q->view != 1 + FL_ROM_RUSSIAN && q->view != 1 + FL_ROM_UZBEK)
        return -1;
    if (t->cls != FL_NTOK_NAME || (t->flags & FL_NTOK_CJK) || de->len < 4 || de->len > 40)
        return -1;
    char a[48], b[48];
    size_t la = skeleton(de->s, de->len, a, sizeof a);
    for (size_t i = 0; i < q->nt && la >= 2; i++) {
        const qtok *x = &q->t[i];
        if (used[i] || x->dup || x->len < 4 || x->len > 40 || (x->flags & FL_NTOK_CJK))
            continue;
        if (skeleton(x->s, x->len, b, sizeof b) == la && memcmp(a, b, la) == 0)
            return (int)i;
    }
    return -1;
}

static int find_partner(const fl_entity_index *ix, const query *q, const etok *t, const tent *de,
                        const bool *used, size_t *run, double *c, double *sim, char *how)
{
    int qi = -1;
    *run = 1;
    *c = *sim = 0.0;
    *how = '=';
    for (size_t i = 0; i < q->nt && qi < 0; i++)
        if (!used[i] && !q->t[i].dup && q->t[i].id == (long)t->id) {
            qi = (int)i;
            *c = 1.0;
        }
    for (size_t i = 0; i < q->nr && qi < 0; i++) {
        const qrun *r = &q->runs[i];
        bool open_run = r->id == (long)t->id;
        for (size_t k = r->a; open_run && k < (size_t)r->a + r->n; k++)
            open_run = !used[k];
        if (open_run) {
            qi = r->a;
            *run = r->n;
            *c = 1.0;
            *how = '+';
        }
    }
    if (qi < 0 && (qi = initials_run(ix, q, t, de, used)) >= 0) {
        *run = de->len;
        *c = INITIALS_CREDIT;
        *how = '^';
    }
    if (qi < 0 && (qi = sounds_like(q, t, de, used)) >= 0) {
        *c = 1.0;
        *how = '%';
    }
    if (qi >= 0 || (t->flags & FL_NTOK_CJK) || de->ncp < 4)
        return qi;
    double best = 0.0;
    for (size_t i = 0; i < q->nt; i++) {
        const qtok *x = &q->t[i];
        if (used[i] || x->dup || x->ncp < 4 || x->id == (long)t->id)
            continue;
        double s = near_sim(de->cp, de->ncp, x->cp, x->ncp);
        if (s > 0.0 && s > best) {
            best = s;
            qi = (int)i;
        }
    }
    if (qi >= 0) {
        *sim = best;
        *c = (best - SIM_FLOOR) / (1.0 - SIM_FLOOR);
        if (*c > 1.0)
            *c = 1.0;
        *how = '~';
    }
    return qi;
}

static void note_token(sbuf *tokens, const query *q, int qi, size_t run, char how, double sim,
                       const tent *de, float w)
{
    if (!tokens)
        return;
    sb_printf(tokens, "%s'", tokens->len ? "; " : "");
    for (size_t k = 0; k < run; k++)
        sb_printf(tokens, "%s%s", k ? " " : "", q->t[(size_t)qi + k].s);
    if (how == '~')
        sb_printf(tokens, "'~'%s' sim %.2f %.2fw", de->s, sim, w);
    else if (how == '^')
        sb_printf(tokens, "'='%s' (initials) %.2fw", de->s, w);
    else if (how == '%')
        sb_printf(tokens, "'='%s' (sounds alike) %.2fw", de->s, w);
    else
        sb_printf(tokens, "'='%s' %.2fw", de->s, w);
}

/* Line the tokens of listed name e up with the query's, heaviest first. */
static void align_tokens(const fl_entity_index *ix, const query *q, const ename *e, align *A,
                         sbuf *tokens)
{
    const etok *et = ix->toks + e->tok0;
    A->n = e->ntok < FL_NAME_MAX_TOKENS * 2 ? e->ntok : FL_NAME_MAX_TOKENS * 2;
    for (size_t k = 0; k < A->n; k++) {
        const etok *t = &et[k];
        const tent *de = &ix->dict.e[t->id];
        bool is_name = t->cls == FL_NTOK_NAME && !(t->flags & FL_NTOK_DIGITS);
        A->names += is_name;
        size_t run;
        double c, sim;
        char how;
        int qi = find_partner(ix, q, t, de, A->used, &run, &c, &sim, &how);
        if (qi < 0)
            continue;
        for (size_t r = 0; r < run; r++)
            A->used[(size_t)qi + r] = true;
        A->aligned[k] = true;
        A->matched += t->w * c;
        A->exact_names += is_name && how != '~';
        A->glued = A->glued || how == '+';
        A->sound = A->sound || how == '%';
        if (t->cls == FL_NTOK_NAME || (t->cls == FL_NTOK_PLACE && (t->flags & QUAL))) {
            size_t ncp = cp_count(de->s, de->len);
            A->name_hit = true;
            A->long_names += ncp >= 5 || (t->flags & FL_NTOK_CJK);
            A->mid_names += ncp >= 4;
        }
        note_token(tokens, q, qi, run, how, sim, de, t->w);
    }
}

/* The listed name's total weight, its unmet tokens discounted or raised (entity.h). */
static double entry_total(const fl_entity_index *ix, const ename *e, const align *A, bool conflict,
                          bool home, sbuf *tokens)
{
    const etok *et = ix->toks + e->tok0;
    double total = 0.0;
    for (size_t k = 0; k < A->n; k++) {
        const etok *t = &et[k];
        double w = t->w;
        if (!A->aligned[k] && t->cls == FL_NTOK_PLACE && !conflict)
            w *= (t->flags & QUAL) ? MISSING_PAREN : home ? MISSING_PLACE_HOME : MISSING_PLACE;
        else if (!A->aligned[k] && t->cls == FL_NTOK_GENERIC && w < MISSING_GENERIC)
            w = MISSING_GENERIC;
        total += w;
        if (!A->aligned[k] && tokens)
            sb_printf(tokens, "%s'%s' missing %.2fw", tokens->len ? "; " : "", ix->dict.e[t->id].s,
                      w);
    }
    return total;
}

/* s adjusted for the legal forms of the listed name and the query. */
static double legal_adjust(double s, const ename *e, const fl_name *nm, sbuf *tail)
{
    if (!e->legal[0] || !nm->legal[0])
        return s;
    if (strcmp(e->legal, nm->legal) == 0) {
        s += LEGAL_SAME;
        sb_printf(tail, "; legal form '%s'='%s' %+.2f", nm->legal, e->legal, LEGAL_SAME);
    } else if (legal_share(e->legal, nm->legal)) {
        s += LEGAL_SHARED;
        sb_printf(tail, "; legal form '%s'~'%s' %+.2f", nm->legal, e->legal, LEGAL_SHARED);
    } else {
        sb_printf(tail, "; legal form '%s'/'%s'", nm->legal, e->legal);
    }
    return s;
}

/* s held below match when too little of the name, or only short words, were met. */
static double cap_weak(const fl_entity_index *ix, const ename *e, const align *A, bool branch,
                       bool bare, double s, sbuf *tail)
{
    bool full = true, but_place = true;
    const etok *et = ix->toks + e->tok0;
    for (size_t k = 0; k < A->n; k++) {
        full = full && A->aligned[k];
        but_place = but_place && (A->aligned[k] || et[k].cls == FL_NTOK_PLACE);
    }
    if (full && branch)
        return s; /* "TBEA Co., Ltd. Xinjiang Branch": the whole listed name and its branch */
    if (but_place && bare && A->long_names)
        return s; /* "Zhongtai Chemical": the listed name without its province, nothing else */
    if (s >= ix->opts.match && A->matched < MATCH_MIN_MASS && !full) {
        /* one distinctive word and a trade word are not enough for a hit */
        s = ix->opts.match - 0.01;
        sb_printf(tail, "; aligned weight %.2f < %.2f: at most a possible match", A->matched,
                  MATCH_MIN_MASS);
    } else if (s >= ix->opts.match && !A->long_names && A->mid_names < 2 && !(full && A->n >= 3)) {
        /* short words ("Da Wang", "GX") are too common to make a hit unless the name is whole */
        s = ix->opts.match - 0.01;
        sb_printf(tail, "; only short name words aligned: at most a possible match");
    }
    return s;
}

/* Does the query say it is a branch ("... Co., Ltd. Xiamen Branch")? A branch is the company
   itself, so the words after its legal form cost nothing. */
static bool is_branch(const query *q)
{
    for (size_t i = 0; i < q->nt; i++)
        if (q->t[i].len == 6 && memcmp(q->t[i].s, "branch", 6) == 0)
            return true;
    return false;
}

/*
 * The cost of the query's tokens that met nothing (entity.h): *free_q counts the qualifiers
 * that cost nothing because the entry covers subsidiaries (subs) or the query is a branch;
 * their text goes to tokens.
 */
static double query_extra(const query *q, const align *A, bool conflict, bool subs, double total,
                          unsigned *free_q, unsigned *true_q, unsigned *place_q, sbuf *tokens)
{
    double extra = 0.0, extra_place = 0.0;
    bool branch = is_branch(q);
    for (size_t i = 0; i < q->nt; i++) {
        const qtok *x = &q->t[i];
        if (A->used[i] || x->dup)
            continue;
        bool arm = x->qual || x->cls == FL_NTOK_PLACE || x->cls == FL_NTOK_GENERIC;
        if ((subs && arm) || (branch && (x->flags & FL_NTOK_TAIL))) {
            sb_printf(tokens, "%s'%s'%s", *free_q ? ", " : "; qualifier ", x->s,
                      (x->flags & FL_NTOK_PAREN)  ? " (bracketed)"
                      : (x->flags & FL_NTOK_TAIL) ? " (after the legal form)"
                                                  : "");
            (*free_q)++;
            *true_q += x->qual;
            *place_q += x->cls == FL_NTOK_PLACE;
        } else if (conflict && x->cls == FL_NTOK_PLACE) {
            extra_place += x->w;
        } else {
            extra += (x->id < 0 && x->cls == FL_NTOK_NAME ? QUERY_EXTRA_NAME : QUERY_EXTRA) * x->w;
        }
    }
    if (extra > QUERY_EXTRA_CAP * total)
        extra = QUERY_EXTRA_CAP * total;
    if ((extra > 0.0 || extra_place > 0.0) && tokens)
        sb_printf(tokens, "; other words %+.2f%s", -(extra + extra_place),
                  conflict ? " (another place)" : "");
    return extra + extra_place;
}

/*
 * May the query, which holds all the distinctive words of entry e (which covers subsidiaries)
 * and the qualifiers true_q of them, be taken for a subsidiary or arm of it? Yes with two or
 * more distinctive words ("Tangshan Sanyou ..."), with a true qualifier (bracketed, after the
 * legal form, or a word of qualifier_words.csv: "(Jiaxing)", "Trading", "(HK)"), or with a place
 * ("Zhuhai Ninestar ...") when the distinctive word is an invented brand ("Hoshine",
 * "Ninestar"); a word that is ordinary pinyin ("Zijin", "Hesheng": also a county, a family
 * name) needs a true qualifier, and a trade word alone ("Hoshine Logistics") is not enough.
 */
static bool subsidiary_name(const fl_entity_index *ix, const ename *e, const align *A,
                            unsigned true_q, unsigned place_q)
{
    if (A->names >= 2 || true_q)
        return true;
    if (!place_q)
        return false;
    const etok *et = ix->toks + e->tok0;
    for (size_t k = 0; k < A->n; k++) {
        const tent *de = &ix->dict.e[et[k].id];
        if (A->aligned[k] && et[k].cls == FL_NTOK_NAME && !(et[k].flags & FL_NTOK_CJK) &&
            de->ncp >= 5 && !fl_nametab_pinyin(ix->tables, de->s, de->len))
            return true;
    }
    return false;
}

static double score_fuzzy(const fl_entity_index *ix, const query *q, const ename *e,
                          const fl_rule *r, sbuf *tokens, sbuf *tail, unsigned *pat)
{
    align A;
    memset(&A, 0, sizeof A);
    align_tokens(ix, q, e, &A, tokens);
    if (!A.name_hit)
        return -1.0;
    if (A.glued)
        *pat |= FL_EPAT_WORDBREAK;
    /* a subsidiary or arm: the entry covers subsidiaries and its distinctive part is all there */
    bool subs = e->subs && A.names && A.exact_names == A.names && !A.sound &&
                (A.long_names || A.mid_names);
    const etok *et = ix->toks + e->tok0;
    bool e_place_missing = false, q_place_extra = false;
    for (size_t k = 0; k < A.n; k++)
        if (!A.aligned[k] && et[k].cls == FL_NTOK_PLACE)
            e_place_missing = true;
    for (size_t i = 0; i < q->nt; i++)
        if (!A.used[i] && !q->t[i].dup && q->t[i].cls == FL_NTOK_PLACE)
            q_place_extra = true;
    bool conflict = e_place_missing && q_place_extra && !subs;
    bool home = false; /* the party is in the entity's country: its province may go unsaid */
    for (size_t i = 0; i < r->n_countries && q->country[0]; i++)
        home = home || strcmp(r->countries[i], q->country) == 0;
    double total = entry_total(ix, e, &A, conflict, home, tokens);
    unsigned free_q = 0, true_q = 0, place_q = 0;
    double extra = query_extra(q, &A, conflict, subs, total, &free_q, &true_q, &place_q, tokens);
    double s = total > 0.0 ? A.matched / (total + extra) : 0.0;
    s = legal_adjust(s, e, &q->nm, tail);
    /* strong: the distinctive part met exactly, nothing else in the query but qualifiers */
    bool strong = A.names && A.exact_names == A.names;
    for (size_t i = 0; i < q->nt && strong; i++)
        strong = A.used[i] || q->t[i].dup || q->t[i].qual;
    s = apply_country(ix, r, q->country, false, strong, s, tail, pat);
    bool bare = true; /* every query token met */
    for (size_t i = 0; i < q->nt && bare; i++)
        bare = A.used[i] || q->t[i].dup;
    s = cap_weak(ix, e, &A, is_branch(q), bare, s, tail);
    if (free_q || (subs && A.names >= 2)) {
        *pat |= FL_EPAT_QUALIFIER;
        if (subs && s < ix->opts.match && subsidiary_name(ix, e, &A, true_q, place_q)) {
            s = ix->opts.match;
            sb_printf(tail, "; the listing covers subsidiaries: its name with a qualifier is a "
                            "match");
        }
    }
    return s > 1.0 ? 1.0 : s < 0.0 ? 0.0 : s;
}

typedef struct result {
    uint32_t name; /* ename */
    uint8_t part, view;
    bool exact;
    double score;
} result;

static int cmp_result(const void *a, const void *b, const fl_entity_index *ix)
{
    const result *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    uint32_t rx = ix->names[x->name].rule, ry = ix->names[y->name].rule;
    return rx < ry ? -1 : rx > ry;
}

/* Insertion sort (few results; qsort has no context argument in C11). */
static void sort_results(result *r, size_t n, const fl_entity_index *ix)
{
    for (size_t i = 1; i < n; i++) {
        result v = r[i];
        size_t j = i;
        while (j > 0 && cmp_result(&v, &r[j - 1], ix) < 0) {
            r[j] = r[j - 1];
            j--;
        }
        r[j] = v;
    }
}

static void build_evidence(const fl_entity_index *ix, const query *q, size_t nparts, const ename *e,
                           char *out, size_t cap, unsigned *pat_out)
{
    const fl_rule *r = &ix->rs->rules[e->rule];
    char tokbuf[1024], tailbuf[256], headbuf[384];
    sbuf tb = {tokbuf, sizeof tokbuf, 0}, tl = {tailbuf, sizeof tailbuf, 0};
    sbuf hd = {headbuf, sizeof headbuf, 0};
    tokbuf[0] = tailbuf[0] = headbuf[0] = '\0';
    bool exact;
    unsigned pat;
    double s = score_one(ix, q, e, &tb, &tl, &exact, &pat);
    if (nparts > 1 || q->role != FL_ROLE_WHOLE)
        sb_printf(&hd, "%s '%.*s' (%s): ", fl_name_role_str(q->role),
                  (int)(q->raw_len > 60 ? 60 : q->raw_len), q->raw,
                  q->marker[0] ? q->marker : "wrapper");
    if (q->view) {
        pat |= FL_EPAT_TRANSLIT;
        sb_printf(&hd, "transliteration (%s) '%.60s': ",
                  fl_name_rom_str((fl_name_rom)(q->view - 1)), q->rom);
    }
    if (e->name_index == 0)
        sb_printf(&hd, "entry '%s' (%s)", r->names[0], fl_basis_str(r->basis));
    else
        sb_printf(&hd, "%s '%s' of '%s' (%s)", e->kind == FL_NAME_FORMER ? "former name" : "alias",
                  r->names[e->name_index], r->names[0], fl_basis_str(r->basis));
    if (e->name_index)
        pat |= e->kind == FL_NAME_FORMER ? FL_EPAT_FORMER : FL_EPAT_ALIAS;
    if (pat_out)
        *pat_out = pat;
    sb_printf(&tl, "; score %.2f %s %.2f%s", s, s >= ix->opts.match - 1e-9 ? ">=" : "<",
              ix->opts.match, s >= ix->opts.match - 1e-9 ? "" : " (possible match)");
    /* head and tail always shown (head cut first if needed); tokens fill what is left */
    size_t tlen = tl.len < cap - 1 ? tl.len : cap - 1;
    size_t room = cap - 1 - tlen;
    size_t hlen = hd.len < room ? hd.len : room;
    room -= hlen;
    size_t klen = tb.len + 2 <= room ? tb.len : 0;
    bool cut = false;
    if (tb.len && !klen && room > 8) {
        /* cut the token list at a separator and mark it */
        klen = room - 6;
        while (klen > 0 && !(tokbuf[klen] == ';' && tokbuf[klen + 1] == ' '))
            klen--;
        cut = true;
    }
    size_t o = 0;
    memcpy(out + o, headbuf, hlen);
    o += hlen;
    if (klen) {
        memcpy(out + o, "; ", 2);
        o += 2;
        memcpy(out + o, tokbuf, klen);
        o += klen;
    }
    if (cut && o + 5 + tlen < cap) {
        memcpy(out + o, "; ...", 5);
        o += 5;
    }
    memcpy(out + o, tailbuf, tlen);
    o += tlen;
    out[o] = '\0';
}

/* The views of a part: bit 0 as written, bit 1 + fl_name_rom each romanisation (entity.h). */
static unsigned part_views(const fl_entity_index *ix, const char *s, const fl_name_part *part)
{
    unsigned sc = fl_name_scripts(s + part->start, part->len), v = 1u;
    if (sc & FL_SCRIPT_HAN) {
        v |= 1u << (1 + FL_ROM_HAN);
        if (fl_name_has_polyphone(ix->tables, s + part->start, part->len))
            v |= 1u << (1 + FL_ROM_HAN_ALT);
    }
    if (sc & FL_SCRIPT_CYRILLIC)
        v |= (1u << (1 + FL_ROM_RUSSIAN)) | (1u << (1 + FL_ROM_UZBEK));
    return v;
}

/* Parse part p of s, as written (view 0) or romanised (1 + fl_name_rom), into q. False when the
   text is not valid UTF-8 or cannot be romanised. */
static bool load_query(const fl_entity_index *ix, const char *s, const fl_name_part *part,
                       int view, const char *country, query *q)
{
    fl_name_vocab vocab = {vocab_known, ix};
    q->raw = s + part->start;
    q->raw_len = part->len;
    q->role = part->role;
    q->marker = part->marker;
    q->view = view;
    q->rom[0] = '\0';
    q->country[0] = '\0';
    if (country && strlen(country) == 2)
        memcpy(q->country, country, 3);
    const char *text = q->raw;
    size_t len = q->raw_len;
    if (view) {
        ssize_t n = fl_name_romanise(ix->tables, (fl_name_rom)(view - 1), q->raw, q->raw_len,
                                     q->rom, sizeof q->rom);
        if (n < 0)
            return false;
        text = q->rom;
        len = (size_t)n;
    }
    if (fl_name_parse(ix->tables, text, len, &vocab, &q->nm) != FL_OK)
        return false;
    prepare_query(ix, q);
    return true;
}

/*
 * A qualifier of the query that the gazetteer places in a listed region ("(Shanshan)": CN-XJ):
 * set on h with its source, and said at the end of the evidence (entity.h).
 */
static void qualifier_region(const fl_entity_index *ix, const query *q, fl_entity_hit *h)
{
    for (size_t i = 0; i < q->nt && ix->opts.places; i++) {
        const qtok *t = &q->t[i];
        fl_place pl;
        if (!(t->flags & QUAL) || !fl_gazetteer_place(ix->opts.places, t->s, t->len, &pl))
            continue;
        h->region = pl.region;
        h->place = pl.place;
        h->place_source = pl.source;
        h->patterns |= FL_EPAT_QUALIFIER;
        size_t l = strlen(h->evidence);
        snprintf(h->evidence + l, sizeof h->evidence - l,
                 "; qualifier '%s' is a place of %s (%s, %s; %s)", t->s, pl.region, pl.place,
                 fl_region_kind_str(pl.kind), pl.source);
        return;
    }
}

/* The results of one screen: the best name of each rule that reached review. */
typedef struct results {
    result r[MAX_RESULTS];
    size_t n;
    size_t dropped; /* rules past MAX_RESULTS */
} results;

/* Score the candidates of the loaded query q (part p, view v) into R. */
static void score_query(const fl_entity_index *ix, const query *q, size_t p, int v, cands *c,
                        results *R)
{
    gather(ix, q, c);
    for (size_t k = 0; k < c->n; k++) {
        const ename *e = &ix->names[c->id[k]];
        bool exact;
        unsigned pat;
        double sc = score_one(ix, q, e, NULL, NULL, &exact, &pat);
        if (sc < ix->opts.review - 1e-9)
            continue;
        result nr = {c->id[k], (uint8_t)p, (uint8_t)v, exact, sc};
        size_t j = 0;
        while (j < R->n && ix->names[R->r[j].name].rule != e->rule)
            j++;
        if (j == R->n) {
            if (R->n == MAX_RESULTS)
                R->dropped++;
            else
                R->r[R->n++] = nr;
        } else if (sc > R->r[j].score + 1e-9 || (exact && !R->r[j].exact) ||
                   (sc > R->r[j].score - 1e-9 && v < R->r[j].view)) {
            R->r[j] = nr; /* ties go to the name as written */
        }
    }
}

/* A name that is exactly one listed name is that entity: similar entries (its parent, its
   siblings) are not reported beside it, unless a listing that covers subsidiaries matches it
   (the parent's order covers this subsidiary too). */
static void keep_exact(const fl_entity_index *ix, results *R)
{
    bool any_exact = false;
    for (size_t i = 0; i < R->n; i++)
        any_exact = any_exact || R->r[i].exact;
    if (!any_exact)
        return;
    size_t k = 0;
    for (size_t i = 0; i < R->n; i++)
        if (R->r[i].exact || (ix->names[R->r[i].name].subs && R->r[i].score >= ix->opts.match))
            R->r[k++] = R->r[i];
    R->n = k;
}

/* Screen every part of s in every view into R; false when s is not valid UTF-8. */
static bool screen_all(const fl_entity_index *ix, const char *s, const fl_name_part *parts,
                       size_t np, const char *country, results *R)
{
    query q; /* one part at a time: the evidence pass parses its part again */
    cands c;
    for (size_t p = 0; p < np; p++) {
        unsigned views = part_views(ix, s, &parts[p]);
        for (int v = 0; v < 1 + FL_ROM_COUNT; v++) {
            if (!(views & (1u << v)))
                continue;
            if (!load_query(ix, s, &parts[p], v, country, &q)) {
                if (v == 0)
                    return false;
                continue; /* no romanisation: the name as written was screened */
            }
            score_query(ix, &q, p, v, &c, R);
        }
    }
    return true;
}

size_t fl_entity_screen(const fl_entity_index *ix, const char *s, size_t len, const char *country,
                        fl_entity_hit *out, size_t max)
{
    if (!ix || !ix->n_names || (len && !s))
        return 0;
    fl_name_part parts[FL_NAME_MAX_PARTS];
    size_t np = fl_name_split(s, len, parts, FL_NAME_MAX_PARTS);
    results R;
    R.n = R.dropped = 0;
    if (!screen_all(ix, s, parts, np, country, &R))
        return 0;
    keep_exact(ix, &R);
    sort_results(R.r, R.n, ix);
    query q;
    for (size_t i = 0; i < R.n && i < max; i++) {
        const ename *e = &ix->names[R.r[i].name];
        fl_entity_hit *h = &out[i];
        h->rule = e->rule;
        h->name_index = e->name_index;
        h->score = R.r[i].score;
        h->possible = R.r[i].score < ix->opts.match - 1e-9;
        h->patterns = 0;
        h->region = h->place = h->place_source = NULL;
        if (load_query(ix, s, &parts[R.r[i].part], R.r[i].view, country, &q)) {
            build_evidence(ix, &q, np, e, h->evidence, sizeof h->evidence, &h->patterns);
            qualifier_region(ix, &q, h);
        } else {
            h->evidence[0] = '\0';
        }
    }
    return R.n + R.dropped;
}

bool fl_entity_may_match(const fl_entity_index *ix, const char *s, size_t len)
{
    if (!ix || !ix->n_names || (len && !s))
        return false;
    fl_name_part parts[FL_NAME_MAX_PARTS];
    size_t np = fl_name_split(s, len, parts, FL_NAME_MAX_PARTS);
    query q;
    cands c;
    /* as fl_entity_screen: a part that does not parse makes the whole screen 0 */
    for (size_t p = 0; p < np; p++) {
        unsigned views = part_views(ix, s, &parts[p]);
        for (int v = 0; v < 1 + FL_ROM_COUNT; v++) {
            if (!(views & (1u << v)))
                continue;
            if (!load_query(ix, s, &parts[p], v, NULL, &q)) {
                if (v == 0)
                    return false;
                continue;
            }
            gather(ix, &q, &c);
            if (c.n)
                return true;
        }
    }
    return false;
}

/* ---- addresses ------------------------------------------------------------------------- */

/* Add hit h to out[0..*n) (max), one per rule, the better score kept. */
static void merge_hit(fl_entity_hit *out, size_t *n, size_t max, const fl_entity_hit *h)
{
    for (size_t i = 0; i < *n; i++)
        if (out[i].rule == h->rule) {
            if (h->score > out[i].score)
                out[i] = *h;
            return;
        }
    if (*n < max)
        out[(*n)++] = *h;
}

/* Does the folded address key hold every word of the listed address key a (4+ words)? */
static bool address_has(const char *key, const char *a)
{
    size_t words = 0;
    for (const char *p = a; *p;) {
        size_t l = strcspn(p, " ");
        char w[128];
        if (l >= sizeof w)
            return false;
        memcpy(w, p, l);
        w[l] = '\0';
        if (!key_contains(key, w))
            return false;
        words++;
        p += l;
        p += *p == ' ';
    }
    return words >= 4;
}

/* Hits for the listed addresses of the entity rules found in the address key. */
static void listed_addresses(const fl_entity_index *ix, const char *key, fl_entity_hit *out,
                             size_t *n, size_t max)
{
    const size_t *idx = NULL;
    size_t ne = fl_rules_entities(ix->rs, &idx);
    for (size_t i = 0; i < ne; i++) {
        const fl_rule *r = &ix->rs->rules[idx[i]];
        for (size_t k = 0; k < r->n_addresses; k++) {
            char ak[FL_NAME_KEY];
            ssize_t al = fl_unorm_key(r->addresses[k], strlen(r->addresses[k]), ak, sizeof ak);
            if (al <= 0 || !address_has(key, ak))
                continue;
            fl_entity_hit h;
            memset(&h, 0, sizeof h);
            h.rule = idx[i];
            h.score = ADDRESS_SCORE;
            h.patterns = FL_EPAT_ADDRESS;
            snprintf(h.evidence, sizeof h.evidence,
                     "address: the shipper is at the listed address '%.200s' of '%.150s' (%s); "
                     "score %.2f",
                     r->addresses[k], r->names[0], fl_basis_str(r->basis), ADDRESS_SCORE);
            merge_hit(out, n, max, &h);
        }
    }
}

/* How a part of an address is screened: by the caller's function (fl_entity_part_fn), or here
   when it has none. */
typedef struct part_screen {
    fl_entity_part_fn screen;
    void *ctx;
} part_screen;

/* fl_entity_screen() of a text that most often can match nothing, ctx the index. */
static size_t screen_if_may(void *ctx, const char *s, size_t len, const char *country,
                            fl_entity_hit *out, size_t max)
{
    const fl_entity_index *ix = ctx;
    return fl_entity_may_match(ix, s, len) ? fl_entity_screen(ix, s, len, country, out, max) : 0;
}

/* Hits of the listed names that s[a..b) of an address names at the match threshold. */
static void address_part(const char *s, size_t a, size_t b, const char *country,
                         fl_entity_hit *out, size_t *n, size_t max, const part_screen *t)
{
    fl_entity_hit h[8];
    size_t k = t->screen(t->ctx, s + a, b - a, country, h, 8);
    for (size_t i = 0; i < k && i < 8; i++) {
        if (h[i].possible)
            continue;
        char ev[sizeof h[i].evidence];
        int m = snprintf(ev, sizeof ev, "address: '%.*s' in the shipper's address names ",
                         (int)((b - a) > 80 ? 80 : (b - a)), s + a);
        snprintf(ev + m, sizeof ev - (size_t)m, "%s", h[i].evidence);
        memcpy(h[i].evidence, ev, sizeof ev);
        h[i].patterns |= FL_EPAT_ADDRESS;
        merge_hit(out, n, max, &h[i]);
    }
}

size_t fl_entity_screen_address(const fl_entity_index *ix, const char *s, size_t len,
                                const char *country, fl_entity_hit *out, size_t max)
{
    return fl_entity_screen_address_with(ix, s, len, country, out, max, NULL, NULL);
}

size_t fl_entity_screen_address_with(const fl_entity_index *ix, const char *s, size_t len,
                                     const char *country, fl_entity_hit *out, size_t max,
                                     fl_entity_part_fn screen, void *ctx)
{
    const part_screen here = {screen_if_may, (void *)ix};
    const part_screen t = screen ? (part_screen){screen, ctx} : here;
    if (!ix || !ix->n_names || !s || !len || len > FL_NAME_MAX_INPUT * 2 || !fl_utf8_valid(s, len))
        return 0;
    size_t n = 0;
    char key[FL_NAME_MAX_INPUT * 6];
    if (fl_unorm_key(s, len, key, sizeof key) > 0)
        listed_addresses(ix, key, out, &n, max);
    /* the listed entity named in the address: a prison, camp, farm or industrial park, or a
       company the shipper is care of; each part between commas is screened as a name, and
       the whole address when it has several parts */
    size_t parts = 0;
    for (size_t a = 0; a < len;) {
        size_t b = a;
        while (b < len && s[b] != ',' && s[b] != ';' && s[b] != '\n')
            b++;
        address_part(s, a, b, country, out, &n, max, &t);
        parts++;
        a = b + 1;
    }
    /* the whole address is as distinct as the address, whose screen the caller caches: the
       caller's cache of parts would only lose room to it */
    if (parts > 1 && len <= FL_NAME_MAX_INPUT)
        address_part(s, 0, len, country, out, &n, max, &here);
    return n;
}
