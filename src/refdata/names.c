/*
 * names.c - company names as classified token lists (see names.h).
 *
 * The knowledge of this module - spellings of trade words and legal forms seen in customs
 * data, places, and the Chinese words used to cut a Chinese name into place, brand, trade word
 * and legal form - is data (datasets/names/, loaded by nametab.h). Add to it rather than to
 * the code.
 */
#include "names.h"

#include <string.h>

#include "nametab.h"
#include "translit.h"
#include "unorm.h"

/* What a phrase is (nametab.h); short names for the code below. */
enum kind {
    K_NAME = FL_PH_NAME,
    K_GEN = FL_PH_GENERIC,
    K_PLACE = FL_PH_PLACE,
    K_STOP = FL_PH_JOIN,
    K_LS = FL_PH_LEGAL,
    K_LW = FL_PH_LEGAL_WEAK,
    K_LWC = FL_PH_LEGAL_WEAK_G,
    K_LWP = FL_PH_LEGAL_WEAK_F,
};

typedef fl_phrase phrase;

static size_t first_word_len(const char *s)
{
    const char *sp = strchr(s, ' ');
    return sp ? (size_t)(sp - s) : strlen(s);
}

const char *fl_ntok_class_str(fl_ntok_class c)
{
    static const char *const s[FL_NTOK_CLASS_COUNT] = {"name", "generic", "legal", "place"};
    return (unsigned)c < FL_NTOK_CLASS_COUNT ? s[c] : "?";
}

const char *fl_name_role_str(fl_name_role r)
{
    static const char *const s[] = {"whole", "principal", "agent", "alias"};
    return (unsigned)r <= FL_ROLE_ALIAS ? s[r] : "?";
}

/* ---- wrappers -------------------------------------------------------------------------- */

enum wrap { W_CAREOF, W_AGENTFOR, W_ORDER, W_ALIAS };

static const struct marker {
    const char *words;
    enum wrap type;
} markers[] = {
    {"c/o", W_CAREOF},
    {"c/0", W_CAREOF},
    {"care of", W_CAREOF},
    {"in care of", W_CAREOF},
    {"attn", W_CAREOF},
    {"as agent for", W_AGENTFOR},
    {"as agents for", W_AGENTFOR},
    {"as agent of", W_AGENTFOR},
    {"agent for", W_AGENTFOR},
    {"agents for", W_AGENTFOR},
    {"for and on behalf of", W_AGENTFOR},
    {"on behalf of", W_AGENTFOR},
    {"o/b/o", W_AGENTFOR},
    {"o/b", W_AGENTFOR},
    {"obo", W_AGENTFOR},
    {"for account of", W_AGENTFOR},
    {"for the account of", W_AGENTFOR},
    {"a/c of", W_AGENTFOR},
    {"a/c", W_AGENTFOR},
    {"to the order of", W_ORDER},
    {"to order of", W_ORDER},
    {"a/k/a", W_ALIAS},
    {"aka", W_ALIAS},
    {"f/k/a", W_ALIAS},
    {"fka", W_ALIAS},
    {"formerly known as", W_ALIAS},
    {"formerly", W_ALIAS},
    {"d/b/a", W_ALIAS},
    {"dba", W_ALIAS},
    {"t/a", W_ALIAS},
    {"doing business as", W_ALIAS},
};

typedef struct rawword {
    size_t start, end;
} rawword;

static bool raw_word_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' ||
           c >= 0x80;
}

static char lower_ascii(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
}

/* Does raw word w equal the marker word m[0..mlen) ignoring ASCII case? */
static bool word_eq(const char *s, const rawword *w, const char *m, size_t mlen)
{
    if (w->end - w->start != mlen)
        return false;
    for (size_t i = 0; i < mlen; i++)
        if (lower_ascii(s[w->start + i]) != m[i])
            return false;
    return true;
}

/* Number of raw words marker mk spans starting at word i, or 0 when it does not match. */
static size_t marker_at(const char *s, const rawword *ws, size_t n, size_t i,
                        const struct marker *mk)
{
    const char *m = mk->words;
    /* most words begin no marker: their first letter tells, before any word is measured */
    if (i >= n || ws[i].end == ws[i].start || lower_ascii(s[ws[i].start]) != m[0])
        return 0;
    size_t k = 0;
    while (*m) {
        size_t ml = first_word_len(m);
        if (i + k >= n || !word_eq(s, &ws[i + k], m, ml))
            return 0;
        k++;
        m += ml;
        if (*m == ' ')
            m++;
    }
    return k;
}

static bool trim_byte(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ',' || c == ';' || c == ':' ||
           c == '-' || c == '.' || c == '/' || c == '&';
}

static void add_part(fl_name_part *parts, size_t *np, size_t max, const char *s, size_t a, size_t b,
                     fl_name_role role, const char *marker)
{
    while (a < b && trim_byte((unsigned char)s[a]))
        a++;
    while (b > a && trim_byte((unsigned char)s[b - 1]))
        b--;
    if (a == b || *np == max)
        return;
    parts[*np] = (fl_name_part){a, b - a, role, marker};
    (*np)++;
}

static fl_name_role role_left_of(enum wrap w)
{
    switch (w) {
    case W_CAREOF:
        return FL_ROLE_PRINCIPAL;
    case W_AGENTFOR:
        return FL_ROLE_AGENT;
    case W_ORDER:
        return FL_ROLE_AGENT;
    default:
        return FL_ROLE_ALIAS;
    }
}

static fl_name_role role_right_of(enum wrap w)
{
    switch (w) {
    case W_CAREOF:
        return FL_ROLE_AGENT;
    case W_AGENTFOR:
        return FL_ROLE_PRINCIPAL;
    case W_ORDER:
        return FL_ROLE_PRINCIPAL;
    default:
        return FL_ROLE_ALIAS;
    }
}

static fl_name_role combine(fl_name_role a, fl_name_role b)
{
    if (a == FL_ROLE_PRINCIPAL || b == FL_ROLE_PRINCIPAL)
        return FL_ROLE_PRINCIPAL;
    if (a == FL_ROLE_AGENT || b == FL_ROLE_AGENT)
        return FL_ROLE_AGENT;
    if (a == FL_ROLE_ALIAS || b == FL_ROLE_ALIAS)
        return FL_ROLE_ALIAS;
    return FL_ROLE_WHOLE;
}

size_t fl_name_split(const char *s, size_t len, fl_name_part *parts, size_t max)
{
    enum { MAXW = 128 };
    rawword ws[MAXW];
    size_t n = 0;
    for (size_t i = 0; i < len && n < MAXW;) {
        while (i < len && !raw_word_byte((unsigned char)s[i]))
            i++;
        if (i == len)
            break;
        size_t a = i;
        while (i < len && raw_word_byte((unsigned char)s[i]))
            i++;
        ws[n++] = (rawword){a, i};
    }
    /* found wrappers: word range and type */
    struct hit {
        size_t w0, w1;
        enum wrap type;
        const char *words;
    } hits[FL_NAME_MAX_PARTS];
    size_t nh = 0;
    for (size_t i = 0; i < n && max && nh < max - 1 && nh < FL_NAME_MAX_PARTS - 1;) {
        size_t best = 0, bi = 0;
        for (size_t k = 0; k < sizeof markers / sizeof markers[0]; k++) {
            size_t m = marker_at(s, ws, n, i, &markers[k]);
            if (m > best) {
                best = m;
                bi = k;
            }
        }
        if (!best) {
            i++;
            continue;
        }
        hits[nh++] = (struct hit){i, i + best, markers[bi].type, markers[bi].words};
        i += best;
    }
    size_t np = 0;
    if (!nh) {
        add_part(parts, &np, max, s, 0, len, FL_ROLE_WHOLE, "");
        return np;
    }
    for (size_t h = 0; h <= nh; h++) {
        size_t a = h == 0 ? 0 : ws[hits[h - 1].w1 - 1].end;
        size_t b = h == nh ? len : ws[hits[h].w0].start;
        fl_name_role left = h > 0 ? role_right_of(hits[h - 1].type) : FL_ROLE_WHOLE;
        fl_name_role right = h < nh ? role_left_of(hits[h].type) : FL_ROLE_WHOLE;
        const char *mk = h > 0 ? hits[h - 1].words : hits[h].words;
        add_part(parts, &np, max, s, a, b, combine(left, right), mk);
    }
    return np;
}

/* ---- parsing --------------------------------------------------------------------------- */

/* A folded word of the input. */
typedef struct word {
    const char *p;
    uint16_t len;
    uint8_t seg;   /* bracket segment number: phrases never cross segments */
    uint8_t paren; /* inside brackets */
    uint8_t cjk;
    uint8_t split; /* a piece of a run-together word */
} word;

/* A canonical unit before legal forms are resolved. */
typedef struct unit {
    const char *p; /* canonical text */
    uint16_t len;
    const char *orig; /* folded source text (for weak legal forms that fall back to names) */
    uint16_t olen;
    uint8_t kind;
    uint8_t paren, cjk, split;
    uint8_t cjkrun;        /* a CJK brand run of 3+ characters: emitted as bigrams */
    const fl_phrase *ph;   /* the table row it comes from; NULL for a name word */
} unit;

#define MAX_WORDS 96
#define MAX_UNITS 96

typedef struct parser {
    const fl_name_tables *tab;
    word w[MAX_WORDS];
    size_t nw;
    unit u[MAX_UNITS];
    size_t nu;
    char fold[FL_NAME_MAX_INPUT * 3 + 64]; /* folded segments, NUL-separated */
    size_t fold_len;
    bool truncated;
} parser;

/*
 * The character at p[i..n): its length in bytes, and its code point in *cp (may be NULL).
 * The parser sees folded, valid UTF-8 only (fl_name_parse refuses anything else); should a
 * sequence still be cut short or invalid, it is one byte with code point -1.
 */
static size_t char_at(const char *p, size_t i, size_t n, int32_t *cp)
{
    size_t at = i;
    int32_t c;
    if (!fl_utf8_next(p, n, &at, &c))
        return (void)(cp && (*cp = -1)), 1;
    if (cp)
        *cp = c;
    return at - i;
}

/* Han, kana, Hangul: scripts written without spaces between words. */
static bool is_cjk(uint32_t c)
{
    return fl_nametab_is_cjk(c);
}

static void add_word(parser *P, const char *p, size_t len, unsigned seg, bool paren, bool cjk)
{
    if (!len)
        return;
    if (P->nw == MAX_WORDS) {
        P->truncated = true;
        return;
    }
    P->w[P->nw++] = (word){p, (uint16_t)len, (uint8_t)seg, paren, cjk, 0};
}

/* Split a folded segment into words; a word that mixes CJK and other letters is cut where
   the script changes ("合盛硅业abc" -> "合盛硅业" "abc"). */
static void collect_words(parser *P, const char *f, size_t n, unsigned seg, bool paren)
{
    size_t i = 0;
    while (i < n) {
        while (i < n && f[i] == ' ')
            i++;
        size_t a = i;
        int cur = -1;
        while (i < n && f[i] != ' ') {
            int32_t cp;
            size_t l = char_at(f, i, n, &cp);
            int c = cp >= 0 && is_cjk((uint32_t)cp) ? 1 : 0;
            if (cur >= 0 && c != cur) {
                add_word(P, f + a, i - a, seg, paren, cur == 1);
                a = i;
            }
            cur = c;
            i += l;
        }
        if (i > a)
            add_word(P, f + a, i - a, seg, paren, cur == 1);
    }
}

/* Opening and closing brackets, ASCII and full-width: ( [ { （ 【 and ) ] } ） 】. */
static const int32_t opening[] = {'(', '[', '{', 0xFF08, 0x3010};
static const int32_t closing[] = {')', ']', '}', 0xFF09, 0x3011};

/* True when the character at s[i..len) is one of set[0..5); *w is its length in bytes. */
static bool bracket_at(const char *s, size_t i, size_t len, const int32_t set[5], size_t *w)
{
    int32_t cp;
    *w = char_at(s, i, len, &cp);
    for (size_t k = 0; k < 5; k++)
        if (cp == set[k])
            return true;
    return false;
}

static void fold_segment(parser *P, const char *s, size_t len, unsigned seg, bool paren)
{
    if (!len)
        return;
    size_t cap = sizeof P->fold - P->fold_len;
    char *out = P->fold + P->fold_len;
    ssize_t k = fl_unorm_key(s, len, out, cap);
    if (k < 0) {
        /* only "does not fit" is possible here (the input was validated) */
        P->truncated = true;
        return;
    }
    P->fold_len += (size_t)k + 1;
    collect_words(P, out, (size_t)k, seg, paren);
}

/* Cut the input into bracket segments and fold each. */
static void fold_input(parser *P, const char *s, size_t len)
{
    unsigned seg = 0;
    int depth = 0;
    size_t a = 0, w;
    for (size_t i = 0; i < len;) {
        bool op = bracket_at(s, i, len, opening, &w);
        bool cl = !op && bracket_at(s, i, len, closing, &w);
        if (op || cl) {
            fold_segment(P, s + a, i - a, seg, depth > 0);
            seg++;
            if (op)
                depth++;
            else if (depth > 0)
                depth--;
            i += w;
            a = i;
            continue;
        }
        i++;
    }
    fold_segment(P, s + a, len - a, seg, depth > 0);
}

/* Is w[0..n) a word the splitter may use as a piece? */
static bool known_piece(const fl_name_tables *t, const fl_name_vocab *v, const char *w, size_t n)
{
    if (fl_nametab_word(t, w, n))
        return true;
    return v && v->known && v->known(v->ctx, w, n);
}

static bool all_lower_ascii(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] < 'a' || p[i] > 'z')
            return false;
    return true;
}

/* Split run-together words in place (names.h, step 3). */
static void split_glued(parser *P, const fl_name_vocab *v)
{
    enum { MINP = 3, MAXL = 40, MAXP = 4 };
    word out[MAX_WORDS];
    size_t no = 0;
    for (size_t i = 0; i < P->nw; i++) {
        const word *wd = &P->w[i];
        size_t L = wd->len;
        uint8_t best[MAXL + 1];
        uint8_t back[MAXL + 1];
        bool done = false;
        if (!wd->cjk && L >= 2 * MINP && L <= MAXL && all_lower_ascii(wd->p, L) &&
            !known_piece(P->tab, v, wd->p, L)) {
            best[0] = 0;
            for (size_t e = 1; e <= L; e++) {
                best[e] = 255;
                for (size_t b = 0; b + MINP <= e; b++) {
                    if (best[b] == 255 || best[b] + 1 >= best[e] || best[b] + 1 > MAXP)
                        continue;
                    if (known_piece(P->tab, v, wd->p + b, e - b)) {
                        best[e] = (uint8_t)(best[b] + 1);
                        back[e] = (uint8_t)b;
                    }
                }
            }
            if (best[L] >= 2 && best[L] <= MAXP && no + best[L] <= MAX_WORDS) {
                size_t cuts[MAXP + 1], nc = 0;
                for (size_t e = L; e > 0; e = back[e])
                    cuts[nc++] = e;
                size_t b = 0;
                while (nc--) {
                    size_t e = cuts[nc];
                    out[no] = *wd;
                    out[no].p = wd->p + b;
                    out[no].len = (uint16_t)(e - b);
                    out[no].split = 1;
                    no++;
                    b = e;
                }
                done = true;
            }
        }
        if (!done && no < MAX_WORDS)
            out[no++] = *wd;
    }
    /* cppcheck-suppress uninitvar ; out[0..no) is written above, and no is 0 when nothing was */
    memcpy(P->w, out, no * sizeof out[0]);
    P->nw = no;
}

static void add_unit(parser *P, const char *p, size_t len, const char *orig, size_t olen,
                     unsigned kind, const word *src)
{
    if (P->nu == MAX_UNITS) {
        P->truncated = true;
        return;
    }
    P->u[P->nu++] = (unit){p,        (uint16_t)len, orig, (uint16_t)olen, (uint8_t)kind, src->paren,
                           src->cjk, src->split,    0,    NULL};
}

/* Emit the units of one phrase: canon may hold several tokens separated by '|'. */
static void add_phrase_units(parser *P, const phrase *ph, const char *orig, size_t olen,
                             const word *src)
{
    if (ph->kind == K_STOP)
        return;
    const char *c = ph->canon;
    while (*c) {
        const char *bar = strchr(c, '|');
        size_t n = bar ? (size_t)(bar - c) : strlen(c);
        add_unit(P, c, n, orig, olen, ph->kind, src);
        if (P->nu && P->u[P->nu - 1].p == c)
            P->u[P->nu - 1].ph = ph;
        c += n;
        if (*c == '|')
            c++;
    }
}

/* Does phrase ph match the words starting at i (same segment)? Returns its word count. */
static size_t phrase_match(const parser *P, size_t i, const phrase *ph)
{
    const char *m = ph->words;
    size_t k = 0;
    while (*m) {
        size_t ml = first_word_len(m);
        if (i + k >= P->nw || P->w[i + k].cjk || P->w[i + k].seg != P->w[i].seg ||
            P->w[i + k].len != ml || memcmp(P->w[i + k].p, m, ml) != 0)
            return 0;
        k++;
        m += ml;
        if (*m == ' ')
            m++;
    }
    return k;
}

/* The longest row of a CJK table that is a prefix (at_end false) or a suffix of p[0..n) and
   leaves at least min_rest bytes; the row read first among equals. NULL for none. */
static const phrase *cjk_affix(const fl_name_tables *t, fl_cjk_table which, const char *p, size_t n,
                               bool at_end, size_t min_rest)
{
    size_t nt;
    const phrase *tab = fl_nametab_cjk(t, which, &nt);
    const phrase *best = NULL;
    for (size_t k = 0; k < nt; k++) {
        size_t ln = tab[k].len;
        if (ln + min_rest > n || (best && ln <= best->len))
            continue;
        if (memcmp(at_end ? p + n - ln : p, tab[k].words, ln) == 0)
            best = &tab[k];
    }
    return best;
}

/* A brand run p[a..b): one unit, emitted as bigrams when it has 3+ characters. */
static void add_brand_run(parser *P, const char *p, size_t a, size_t b, const word *wd)
{
    add_unit(P, p + a, b - a, p + a, b - a, K_NAME, wd);
    size_t chars = 0;
    for (size_t q = a; q < b; q += char_at(p, q, b, NULL))
        chars++;
    if (P->nu && chars >= 3)
        P->u[P->nu - 1].cjkrun = 1;
}

/* One cut of a CJK run (cut_cjk): fewest characters left to brands, then fewest brand runs,
   then fewest words; how position i was reached. */
typedef struct cutstate {
    uint16_t runs, brand, words;
    uint16_t from;         /* previous position */
    const phrase *ph;      /* the word that ends here, NULL for a brand character */
    bool set;
} cutstate;

static bool cut_better(const cutstate *a, uint16_t runs, uint16_t brand, uint16_t words)
{
    if (!a->set)
        return true;
    if (brand != a->brand)
        return brand < a->brand;
    if (runs != a->runs)
        return runs < a->runs;
    return words < a->words;
}

/*
 * Cut p[0..n) (CJK, no legal forms) into table words and brand runs, the way that leaves the
 * fewest characters to brands and then the fewest brand runs ("紫金矿业" is 紫金 + 矿业, not
 * 紫 + 金矿 + 业), and emit the units in order. Text past CUT_MAX bytes is not looked at.
 */
#define CUT_MAX 240
static void cut_cjk(parser *P, const char *p, size_t n, const word *wd)
{
    size_t nt;
    const phrase *tab = fl_nametab_cjk(P->tab, FL_CJK_WORDS, &nt);
    if (n > CUT_MAX)
        n = fl_utf8_floor(p, CUT_MAX);
    cutstate st[CUT_MAX + 1][2]; /* [position][ends in a brand run] */
    memset(st, 0, sizeof st);
    st[0][0] = (cutstate){0, 0, 0, 0, NULL, true};
    for (size_t i = 0; i < n; i += char_at(p, i, n, NULL)) {
        for (int r = 0; r < 2; r++) {
            const cutstate *c = &st[i][r];
            if (!c->set)
                continue;
            size_t l = char_at(p, i, n, NULL);
            uint16_t runs = (uint16_t)(c->runs + (r ? 0 : 1));
            if (cut_better(&st[i + l][1], runs, (uint16_t)(c->brand + 1), c->words))
                st[i + l][1] = (cutstate){runs, (uint16_t)(c->brand + 1), c->words,
                                          (uint16_t)(i * 2 + (size_t)r), NULL, true};
            for (size_t k = 0; k < nt; k++) {
                size_t e = i + tab[k].len;
                if (e > n || memcmp(p + i, tab[k].words, tab[k].len) != 0)
                    continue;
                if (cut_better(&st[e][0], c->runs, c->brand, (uint16_t)(c->words + 1)))
                    st[e][0] = (cutstate){c->runs, c->brand, (uint16_t)(c->words + 1),
                                          (uint16_t)(i * 2 + (size_t)r), &tab[k], true};
            }
        }
    }
    /* walk back from the end, then emit forwards */
    uint16_t path[CUT_MAX + 1] = {0};
    size_t np = 0;
    int r = cut_better(&st[n][0], st[n][1].runs, st[n][1].brand, st[n][1].words) ? 1 : 0;
    for (size_t at = n, rr = (size_t)r; at > 0 && np <= CUT_MAX;) {
        path[np++] = (uint16_t)(at * 2 + rr);
        size_t from = st[at][rr].from;
        at = from / 2;
        rr = from % 2;
    }
    size_t run = 0, pos = 0;
    while (np--) {
        size_t at = path[np] / 2, rr = path[np] % 2;
        const cutstate *c = &st[at][rr];
        if (c->ph) {
            if (pos > run)
                add_brand_run(P, p, run, pos, wd);
            add_phrase_units(P, c->ph, p + pos, c->ph->len, wd);
            run = at;
        }
        pos = at;
    }
    if (pos > run)
        add_brand_run(P, p, run, pos, wd);
}

/* A CJK word: peel legal forms, cut at dictionary words, keep the rest as brand runs. */
static void cjk_units(parser *P, const word *wd)
{
    const char *p = wd->p;
    size_t n = wd->len;
    const phrase *tail[4] = {NULL, NULL, NULL, NULL};
    size_t ntail = 0;
    /* legal forms written first (株式会社...) */
    const phrase *lf = cjk_affix(P->tab, FL_CJK_LEGAL_FIRST, p, n, false, 1);
    if (lf) {
        add_phrase_units(P, lf, p, lf->len, wd);
        p += lf->len;
        n -= lf->len;
    }
    /* legal forms at the end, repeatedly ("...集团有限公司" keeps 集团 as a trade word) */
    for (const phrase *t;
         n > 0 && ntail < 4 && (t = cjk_affix(P->tab, FL_CJK_LEGAL, p, n, true, 0));) {
        tail[ntail++] = t;
        n -= t->len;
    }
    cut_cjk(P, p, n, wd);
    while (ntail) {
        const phrase *t = tail[--ntail];
        add_phrase_units(P, t, t->words, t->len, wd);
    }
}

/* Is word j a joining word on its own ("le", "de", "and")? */
static bool join_word(const parser *P, size_t j)
{
    for (const phrase *ph = fl_nametab_lookup(P->tab, P->w[j].p, P->w[j].len); ph; ph = ph->next)
        if (ph->kind == K_STOP && phrase_match(P, j, ph) == 1)
            return true;
    return false;
}

/* Is word j a pinyin syllable word of the segment of word i, and not a joining word? */
static bool pinyin_neighbour(const parser *P, size_t i, size_t j)
{
    const word *w = &P->w[j];
    return !w->cjk && w->seg == P->w[i].seg && fl_nametab_pinyin(P->tab, w->p, w->len) &&
           !join_word(P, j);
}

/*
 * A joining word that is also a pinyin syllable is a syllable when a neighbour is one
 * ("Qi Le Yuan", "A She Le": not the French article); between words of other languages it is
 * dropped ("Banco de la Nacion").
 */
static bool syllable_not_join(const parser *P, size_t i, const phrase *best, size_t bk)
{
    const word *wd = &P->w[i];
    if (bk != 1 || best->kind != K_STOP || !fl_nametab_pinyin(P->tab, wd->p, wd->len))
        return false;
    return (i > 0 && pinyin_neighbour(P, i, i - 1)) ||
           (i + 1 < P->nw && pinyin_neighbour(P, i, i + 1));
}

/* Words -> canonical units (longest phrase first). */
static void map_units(parser *P)
{
    for (size_t i = 0; i < P->nw;) {
        const word *wd = &P->w[i];
        if (wd->cjk) {
            cjk_units(P, wd);
            i++;
            continue;
        }
        const phrase *best = NULL;
        size_t bk = 0;
        for (const phrase *ph = fl_nametab_lookup(P->tab, wd->p, wd->len); ph; ph = ph->next) {
            size_t k = phrase_match(P, i, ph);
            if (k > bk) {
                bk = k;
                best = ph;
            }
        }
        if (!best || syllable_not_join(P, i, best, bk)) {
            add_unit(P, wd->p, wd->len, wd->p, wd->len, K_NAME, wd);
            i++;
            continue;
        }
        const char *orig = wd->p;
        size_t olen = (size_t)(P->w[i + bk - 1].p + P->w[i + bk - 1].len - wd->p);
        add_phrase_units(P, best, orig, olen, wd);
        i += bk;
    }
}

static bool legal_kind(unsigned k)
{
    return k == K_LS || k == K_LW || k == K_LWC || k == K_LWP;
}

static bool all_digits(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] < '0' || p[i] > '9')
            return false;
    return n > 0;
}

/* Append text to out->text; returns its offset, or -1 when full. */
static int put_text(fl_name *out, const char *p, size_t n)
{
    if (out->text_len + n + 1 > sizeof out->text)
        return -1;
    int off = (int)out->text_len;
    memcpy(out->text + out->text_len, p, n);
    out->text[out->text_len + n] = '\0';
    out->text_len += n + 1;
    return off;
}

static void add_token(fl_name *out, const char *p, size_t n, unsigned cls, unsigned flags,
                      unsigned nrun)
{
    if (out->n_tok == FL_NAME_MAX_TOKENS) {
        out->truncated = true;
        return;
    }
    int off = put_text(out, p, n);
    if (off < 0) {
        out->truncated = true;
        return;
    }
    out->tok[out->n_tok++] =
        (fl_ntok){(uint16_t)off, (uint16_t)n, (uint8_t)cls, (uint8_t)flags, (uint8_t)nrun};
}

static void append_str(char *dst, size_t cap, const char *p, size_t n, bool *trunc)
{
    size_t l = strlen(dst);
    size_t need = (l ? 1 : 0) + n;
    if (l + need + 1 > cap) {
        *trunc = true;
        return;
    }
    if (l)
        dst[l++] = ' ';
    memcpy(dst + l, p, n);
    dst[l + n] = '\0';
}

/* Has the legal token p[0..n) been emitted already? */
static bool legal_seen(const fl_name *out, const char *p, size_t n)
{
    for (size_t i = 0; i < out->n_tok; i++)
        if (out->tok[i].cls == FL_NTOK_LEGAL && out->tok[i].len == n &&
            memcmp(fl_name_tok(out, i), p, n) == 0)
            return true;
    return false;
}

/* Resolve legal positions, classify, emit tokens, key and legal signature. */
static void emit(parser *P, fl_name *out)
{
    size_t n = P->nu;
    bool legal[MAX_UNITS] = {false};
    /* the run of legal forms that ends the name */
    for (size_t j = n; j > 0 && legal_kind(P->u[j - 1].kind); j--)
        legal[j - 1] = true;
    /* forms written first */
    for (size_t j = 0; j < n && (P->u[j].kind == K_LWP || P->u[j].kind == K_LS); j++)
        legal[j] = true;
    for (size_t j = 0; j < n; j++)
        if (P->u[j].kind == K_LS)
            legal[j] = true;
    for (bool changed = true; changed;) {
        changed = false;
        for (size_t j = 0; j < n; j++) {
            if (legal[j] || !legal_kind(P->u[j].kind))
                continue;
            if ((j > 0 && legal[j - 1]) || (j + 1 < n && legal[j + 1])) {
                legal[j] = true;
                changed = true;
            }
        }
    }
    /* words after a legal form that does not end the name qualify it (seat, branch) */
    size_t tail_from = n;
    bool named = false; /* a non-legal word seen: legal forms written first do not count */
    for (size_t j = 0; j + 1 < n; j++) {
        named = named || !legal[j];
        if (named && legal[j] && !legal[j + 1] && !P->u[j].cjk)
            tail_from = j + 1;
    }
    for (size_t j = 0; j < n; j++) {
        const unit *u = &P->u[j];
        unsigned flags = (u->paren ? FL_NTOK_PAREN : 0u) | (u->cjk ? FL_NTOK_CJK : 0u) |
                         (u->split ? FL_NTOK_SPLIT : 0u) | (j >= tail_from ? FL_NTOK_TAIL : 0u);
        const char *p = u->p;
        size_t len = u->len;
        unsigned cls;
        if (legal[j]) {
            cls = FL_NTOK_LEGAL;
            if (!legal_seen(out, p, len))
                append_str(out->legal, sizeof out->legal, p, len, &out->truncated);
            add_token(out, p, len, cls, flags, 0);
            continue;
        }
        switch (u->kind) {
        case K_GEN:
            cls = FL_NTOK_GENERIC;
            break;
        case K_PLACE:
            cls = FL_NTOK_PLACE;
            break;
        case K_LWC:
            cls = FL_NTOK_GENERIC;
            break;
        case K_LW:
        case K_LWP:
            /* an ambiguous legal form used as a word: keep the word as written */
            p = u->orig;
            len = u->olen;
            cls = (flags & (FL_NTOK_PAREN | FL_NTOK_TAIL)) ? FL_NTOK_PLACE : FL_NTOK_NAME;
            break;
        default:
            cls = (flags & (FL_NTOK_PAREN | FL_NTOK_TAIL)) ? FL_NTOK_PLACE : FL_NTOK_NAME;
            break;
        }
        if (cls == FL_NTOK_NAME && all_digits(p, len))
            flags |= FL_NTOK_DIGITS;
        append_str(out->key, sizeof out->key, p, len, &out->truncated);
        if (u->cjkrun) {
            /* overlapping bigrams of the brand run */
            size_t chars = 0;
            for (size_t a = 0; a < len; a += char_at(p, a, len, NULL))
                chars++;
            unsigned nrun = chars - 1 > 255 ? 255u : (unsigned)(chars - 1);
            for (size_t a = 0; a < len;) {
                size_t l1 = char_at(p, a, len, NULL);
                if (a + l1 >= len)
                    break;
                size_t l2 = char_at(p, a + l1, len, NULL);
                add_token(out, p + a, l1 + l2, cls, flags, nrun);
                a += l1;
            }
        } else {
            add_token(out, p, len, cls, flags, 0);
        }
    }
}

fl_status fl_name_parse(const fl_name_tables *tab, const char *s, size_t len,
                        const fl_name_vocab *vocab, fl_name *out)
{
    out->n_tok = 0;
    out->key[0] = out->legal[0] = out->text[0] = '\0';
    out->text_len = 0;
    out->truncated = false;
    if (len && !s)
        return FL_ERR_INPUT;
    if (!s)
        s = ""; /* NULL with no bytes: the empty name (no pointer arithmetic on NULL) */
    if (!fl_utf8_valid(s, len))
        return FL_ERR_INPUT;
    parser P;
    P.tab = tab;
    P.nw = P.nu = P.fold_len = 0;
    P.truncated = false;
    if (len > FL_NAME_MAX_INPUT) {
        len = fl_utf8_floor(s, FL_NAME_MAX_INPUT);
        P.truncated = true;
    }
    fold_input(&P, s, len);
    split_glued(&P, vocab);
    map_units(&P);
    emit(&P, out);
    out->truncated = out->truncated || P.truncated;
    return FL_OK;
}

/* ---- romanisation ---------------------------------------------------------------------- */

unsigned fl_name_scripts(const char *s, size_t len)
{
    unsigned bits = 0;
    size_t i = 0;
    int32_t c;
    while (i < len) {
        if (!fl_utf8_next(s, len, &i, &c)) {
            i++;
            continue;
        }
        if ((c >= 0x3400 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
            (c >= 0x20000 && c <= 0x2FFFF))
            bits |= FL_SCRIPT_HAN;
        else if (c >= 0x0400 && c <= 0x04FF)
            bits |= FL_SCRIPT_CYRILLIC;
    }
    return bits;
}

/* A bounded output: words separated by one space; full when something did not fit. */
typedef struct rbuf {
    char *p;
    size_t cap, len;
    bool full;
} rbuf;

static void rb_put(rbuf *b, const char *s, size_t n)
{
    if (b->full || !n)
        return;
    size_t sp = b->len ? 1 : 0;
    if (b->len + sp + n + 1 > b->cap) {
        b->full = true;
        return;
    }
    if (sp)
        b->p[b->len++] = ' ';
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

/* Put the syllables of Han text p[0..n) (one per character, as ICU writes them) with the
   readings of polyphones.csv; false when the counts differ (then nothing is put). */
static bool rb_alt_readings(rbuf *b, const fl_name_tables *tab, const char *p, size_t n,
                            const char *py, size_t k)
{
    size_t chars = 0, words = 0;
    for (size_t i = 0; i < n; i += char_at(p, i, n, NULL))
        chars++;
    for (size_t i = 0; i < k; i++)
        words += py[i] != ' ' && (i == 0 || py[i - 1] == ' ');
    if (chars != words)
        return false;
    for (size_t i = 0, j = 0; i < n;) {
        size_t l = char_at(p, i, n, NULL);
        while (j < k && py[j] == ' ')
            j++;
        size_t e = j;
        while (e < k && py[e] != ' ')
            e++;
        const char *alt = fl_nametab_polyphone(tab, p + i, l);
        rb_put(b, alt ? alt : py + j, alt ? strlen(alt) : e - j);
        i += l;
        j = e;
    }
    return true;
}

/* The pinyin of Han text p[0..n): syllables run together when glue ("xinjiang"), else one a
   word ("zhong tai"); with the other readings of polyphones.csv when alt. Left as it is when
   ICU cannot romanise it. */
static void rb_pinyin(rbuf *b, const fl_name_tables *tab, const char *p, size_t n, bool glue,
                      bool alt)
{
    char tmp[FL_NAME_MAX_INPUT * 4];
    ssize_t k = fl_translit(FL_TR_HAN, p, n, tmp, sizeof tmp);
    if (k < 0) {
        rb_put(b, p, n);
        return;
    }
    if (alt && !glue && rb_alt_readings(b, tab, p, n, tmp, (size_t)k))
        return;
    size_t m = 0;
    for (ssize_t i = 0; i < k; i++)
        if (!glue || tmp[i] != ' ')
            tmp[m++] = tmp[i];
    rb_put(b, tmp, m);
}

/* One unit of a cut CJK word in Latin letters (names.h, fl_name_romanise). */
static void romanise_unit(const parser *P, rbuf *b, const unit *u, const unit *prev, bool alt)
{
    bool same_phrase = u->ph && prev && prev->ph == u->ph && prev->orig == u->orig;
    switch (u->kind) {
    case K_NAME:
        if (u->ph && u->ph->latin[0])
            rb_put(b, u->ph->latin, strlen(u->ph->latin)); /* a brand's own Latin name */
        else
            rb_pinyin(b, P->tab, u->orig, u->olen, false, alt);
        break;
    case K_PLACE:
        if (same_phrase)
            break;
        if (u->ph && u->ph->latin[0])
            rb_put(b, u->ph->latin, strlen(u->ph->latin));
        else
            rb_pinyin(b, P->tab, u->orig, u->olen, true, false);
        break;
    case K_GEN:
        if (!same_phrase && u->ph && u->ph->latin[0])
            rb_put(b, u->ph->latin, strlen(u->ph->latin));
        break;
    case K_STOP:
        break;
    default: /* legal forms: their canonical tokens are Latin already */
        rb_put(b, u->p, u->len);
        break;
    }
}

/*
 * A folded Cyrillic word read as Palladius syllables ("синьцзян" -> "xinjiang"): two or more
 * syllables of palladius.csv that cover it, the fewest that do. False when it does not read so
 * (a Russian word, a transcribed English one).
 */
static bool palladius_word(const fl_name_tables *tab, const char *w, size_t n, char *out,
                           size_t cap)
{
    enum { MAXB = 64, MAXS = 12 }; /* bytes of a word; bytes of a syllable ("цзюань") */
    if (n > MAXB)
        return false;
    uint8_t best[MAXB + 1], back[MAXB + 1];
    best[0] = 0;
    for (size_t e = 1; e <= n; e++) {
        best[e] = 255;
        for (size_t b = e > MAXS ? e - MAXS : 0; b < e; b++)
            if (best[b] != 255 && best[b] + 1 < best[e] && fl_nametab_palladius(tab, w + b, e - b)) {
                best[e] = (uint8_t)(best[b] + 1);
                back[e] = (uint8_t)b;
            }
    }
    if (best[n] == 255 || best[n] < 2)
        return false;
    size_t cuts[MAXB] = {0}, nc = 0, len = 0;
    for (size_t e = n; e > 0; e = back[e])
        cuts[nc++] = e;
    for (size_t b = 0; nc--;) {
        const char *py = fl_nametab_palladius(tab, w + b, cuts[nc] - b);
        size_t l = strlen(py);
        if (len + l + 1 > cap)
            return false;
        memcpy(out + len, py, l);
        len += l;
        b = cuts[nc];
    }
    out[len] = '\0';
    return true;
}

static bool has_cyrillic(const char *p, size_t n)
{
    return fl_name_scripts(p, n) & FL_SCRIPT_CYRILLIC;
}

/* Folded words whose spelling rules out Palladius: a "й" inside the word ("Хошайн"), which
   Palladius writes only at the end of a syllable followed by a vowel sound; the fold turns
   "й" into "и", so they are found on the raw text. */
typedef struct not_palladius {
    char w[8][64];
    size_t n;
} not_palladius;

static bool is_cyr(int32_t c)
{
    return c >= 0x0400 && c <= 0x04FF;
}

static void find_not_palladius(const char *s, size_t len, not_palladius *np)
{
    np->n = 0;
    for (size_t i = 0; i < len && np->n < 8;) {
        size_t a = i, at;
        int32_t c;
        bool inner = false;
        while (i < len && (at = i, fl_utf8_next(s, len, &i, &c)) && is_cyr(c)) {
            size_t j = i;
            int32_t d;
            if ((c == 0x0439 || c == 0x0419) && fl_utf8_next(s, len, &j, &d) && is_cyr(d) &&
                d != 0x0439)
                inner = true;
        }
        size_t end = i < len && !is_cyr(c) ? at : i;
        if (inner && end > a) {
            ssize_t k = fl_unorm_key(s + a, end - a, np->w[np->n], sizeof np->w[0]);
            if (k > 0)
                np->n++;
        }
        if (i == a)
            i++;
    }
}

static bool in_not_palladius(const not_palladius *np, const char *w, size_t n)
{
    for (size_t i = 0; i < np->n; i++)
        if (strlen(np->w[i]) == n && memcmp(np->w[i], w, n) == 0)
            return true;
    return false;
}

/* Cyrillic words in Latin letters (fl_name_romanise): words of the name tables stay as they
   are (the parser maps "лтд" to "ltd"), Palladius spellings of Chinese become pinyin, the
   rest goes through the transform sc. */
static void romanise_cyrillic(parser *P, fl_translit_scheme sc, const not_palladius *npl,
                              rbuf *b)
{
    bool open = false;
    for (size_t i = 0; i < P->nw;) {
        const word *wd = &P->w[i];
        if ((bool)wd->paren != open) {
            rb_put(b, wd->paren ? "(" : ")", 1);
            open = wd->paren;
        }
        size_t bk = 0;
        for (const phrase *ph = fl_nametab_lookup(P->tab, wd->p, wd->len); ph; ph = ph->next) {
            size_t k = phrase_match(P, i, ph);
            bk = k > bk ? k : bk;
        }
        if (bk || wd->cjk || !has_cyrillic(wd->p, wd->len)) {
            for (size_t k = 0; k < (bk ? bk : 1); k++)
                rb_put(b, P->w[i + k].p, P->w[i + k].len);
            i += bk ? bk : 1;
            continue;
        }
        char tmp[FL_NAME_MAX_INPUT * 4];
        if (!in_not_palladius(npl, wd->p, wd->len) &&
            palladius_word(P->tab, wd->p, wd->len, tmp, sizeof tmp)) {
            rb_put(b, tmp, strlen(tmp));
        } else {
            ssize_t k = fl_translit(sc, wd->p, wd->len, tmp, sizeof tmp);
            rb_put(b, k >= 0 ? tmp : wd->p, k >= 0 ? (size_t)k : wd->len);
        }
        i++;
    }
    if (open)
        rb_put(b, ")", 1);
}

const char *fl_name_rom_str(fl_name_rom r)
{
    static const char *const s[FL_ROM_COUNT] = {
        "Han-Latin (pinyin)", "Han-Latin (pinyin, other readings)", "Russian-Latin (BGN/PCGN)",
        "Uzbek Cyrillic-Latin"};
    return (unsigned)r < FL_ROM_COUNT ? s[r] : "?";
}

bool fl_name_has_polyphone(const fl_name_tables *tab, const char *s, size_t len)
{
    size_t i = 0;
    int32_t c;
    while (i < len) {
        size_t at = i;
        if (!fl_utf8_next(s, len, &i, &c)) {
            i++;
            continue;
        }
        if (c >= 0x3400 && fl_nametab_polyphone(tab, s + at, i - at))
            return true;
    }
    return false;
}

ssize_t fl_name_romanise(const fl_name_tables *tab, fl_name_rom r, const char *s, size_t len,
                         char *out, size_t cap)
{
    if (!out || !cap || (len && !s))
        return -1;
    if (!s)
        s = "";
    if (!fl_utf8_valid(s, len))
        return -1;
    if (len > FL_NAME_MAX_INPUT)
        len = fl_utf8_floor(s, FL_NAME_MAX_INPUT);
    parser P;
    P.tab = tab;
    P.nw = P.nu = P.fold_len = 0;
    P.truncated = false;
    fold_input(&P, s, len);
    rbuf b = {out, cap, 0, false};
    out[0] = '\0';
    if (r == FL_ROM_RUSSIAN || r == FL_ROM_UZBEK) {
        not_palladius npl;
        find_not_palladius(s, len, &npl);
        romanise_cyrillic(&P, r == FL_ROM_RUSSIAN ? FL_TR_RUSSIAN : FL_TR_UZBEK, &npl, &b);
        return b.full ? -1 : (ssize_t)b.len;
    }
    bool open = false;
    for (size_t i = 0; i < P.nw; i++) {
        const word *wd = &P.w[i];
        if ((bool)wd->paren != open) {
            rb_put(&b, wd->paren ? "(" : ")", 1);
            open = wd->paren;
        }
        if (!wd->cjk) {
            rb_put(&b, wd->p, wd->len);
            continue;
        }
        P.nu = 0;
        cjk_units(&P, wd);
        for (size_t k = 0; k < P.nu; k++)
            romanise_unit(&P, &b, &P.u[k], k ? &P.u[k - 1] : NULL, r == FL_ROM_HAN_ALT);
    }
    if (open)
        rb_put(&b, ")", 1);
    return b.full ? -1 : (ssize_t)b.len;
}
