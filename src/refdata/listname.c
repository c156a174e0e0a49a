/* listname.c - names in an official list's entity text; see listname.h. */
#include "listname.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- small string helpers ------------------------------------------------------------ */

static void trim(const char **s, size_t *len)
{
    while (*len && isspace((unsigned char)(*s)[0]))
        (*s)++, (*len)--;
    while (*len && isspace((unsigned char)(*s)[*len - 1]))
        (*len)--;
}

static const char *dup_trim(fl_arena *a, const char *s, size_t len)
{
    trim(&s, &len);
    return fl_arena_strndup(a, s, len);
}

static bool ci_prefix(const char *s, size_t len, const char *p)
{
    size_t n = strlen(p);
    return len >= n && strncasecmp(s, p, n) == 0;
}

static bool ci_suffix(const char *s, size_t len, const char *p)
{
    size_t n = strlen(p);
    return len >= n && strncasecmp(s + len - n, p, n) == 0;
}

/* First offset >= from of needle (ASCII case-insensitive, or exact), -1 when none. */
static long find(const char *s, size_t len, const char *needle, size_t from, bool ci)
{
    size_t n = strlen(needle);
    for (size_t i = from; i + n <= len; i++)
        if ((ci ? strncasecmp(s + i, needle, n) : strncmp(s + i, needle, n)) == 0)
            return (long)i;
    return -1;
}

/* First offset of needle outside parentheses, -1 when none. */
static long find_top(const char *s, size_t len, const char *needle, bool ci)
{
    size_t n = strlen(needle);
    int depth = 0;
    for (size_t i = 0; i + n <= len; i++) {
        if (depth == 0 && (ci ? strncasecmp(s + i, needle, n) : strncmp(s + i, needle, n)) == 0)
            return (long)i;
        depth += (s[i] == '(') - (s[i] == ')');
    }
    return -1;
}

/* A growable list of strings (malloc), copied into the arena at the end. */
typedef struct strv {
    const char **v;
    size_t n, cap;
    bool oom;
} strv;

static void sv_add(strv *l, const char *s)
{
    if (!s) {
        l->oom = true;
        return;
    }
    if (!*s)
        return;
    if (!fl_grow((void **)&l->v, &l->cap, l->n + 1, sizeof *l->v)) {
        l->oom = true;
        return;
    }
    l->v[l->n++] = s;
}

static const char **sv_keep(fl_arena *a, strv *l, size_t *n)
{
    const char **out = NULL;
    *n = 0;
    if (!l->oom && l->n && (out = fl_arena_alloc(a, l->n * sizeof *out)) != NULL) {
        memcpy(out, l->v, l->n * sizeof *out);
        *n = l->n;
    }
    if (l->n && !out)
        l->oom = true;
    free(l->v);
    l->v = NULL;
    l->n = l->cap = 0;
    return out;
}

typedef struct namev {
    fl_lname *v;
    size_t n, cap;
    bool oom;
} namev;

static fl_lname *nv_add(namev *l, const char *name)
{
    if (!name) {
        l->oom = true;
        return NULL;
    }
    if (!fl_grow((void **)&l->v, &l->cap, l->n + 1, sizeof *l->v)) {
        l->oom = true;
        return NULL;
    }
    fl_lname *e = &l->v[l->n++];
    memset(e, 0, sizeof *e);
    e->name = name;
    return e;
}

static size_t nv_keep(fl_arena *a, namev *l, fl_lname **out)
{
    *out = NULL;
    size_t n = 0;
    if (!l->oom && l->n && (*out = fl_arena_alloc(a, l->n * sizeof **out)) != NULL) {
        memcpy(*out, l->v, l->n * sizeof **out);
        n = l->n;
    }
    free(l->v);
    l->v = NULL;
    return n;
}

static bool set_aliases(fl_arena *a, fl_lname *e, strv *al)
{
    e->aliases = sv_keep(a, al, &e->n_aliases);
    return !al->oom;
}

/* ---- "Name (X)" -------------------------------------------------------------------------- */

static bool note_words(const char *s, size_t len)
{
    static const char *const words[] = {"subsidiar", "joint",    "spelling",    "parent",
                                        "flagged",   "owned",    "fleet",       "vessel",
                                        "affiliat",  "as reported", "not captured", "further",
                                        "former",    "truncated", "in source"};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (find(s, len, words[i], 0, true) >= 0)
            return true;
    if (ci_suffix(s, len, "manufacturing"))
        return true;
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += !isspace((unsigned char)s[i]) && (i == 0 || isspace((unsigned char)s[i - 1]));
    return n > 6;
}

/* The last "(...)" of s[0..len) with no parenthesis inside, ending the text: offsets of '('
   and ')', or false. */
static bool last_paren(const char *s, size_t len, size_t *open, size_t *close)
{
    if (!len || s[len - 1] != ')')
        return false;
    size_t i = len - 1;
    while (i > 0 && s[i - 1] != '(' && s[i - 1] != ')')
        i--;
    if (i == 0 || s[i - 1] != '(')
        return false;
    *open = i - 1;
    *close = len - 1;
    /* the name before it must not be empty */
    for (size_t k = 0; k < *open; k++)
        if (!isspace((unsigned char)s[k]))
            return true;
    return false;
}

bool fl_lname_paren(fl_arena *a, const char *text, size_t len, const char **name,
                    const char **alias, const char **note)
{
    trim(&text, &len);
    *alias = *note = NULL;
    size_t open, close;
    if (!last_paren(text, len, &open, &close)) {
        *name = fl_arena_strndup(a, text, len);
        return *name != NULL;
    }
    const char *in = text + open + 1;
    size_t inlen = close - open - 1;
    trim(&in, &inlen);
    *name = dup_trim(a, text, open);
    if (!*name)
        return false;
    if (!inlen)
        return true;
    const char *keep = fl_arena_strndup(a, in, inlen);
    if (!keep)
        return false;
    if (note_words(in, inlen))
        *note = keep;
    else
        *alias = keep;
    return true;
}

/* ---- CBP orders -------------------------------------------------------------------------- */

/* Cut " and (its) subsidiaries" / "... subordinate/affiliated entities" where a '(' or the
   end follows (the builder's rule), in place on a copy. */
static size_t drop_subsidiaries(char *s, size_t len, bool *had)
{
    static const char *const tails[] = {"and its subsidiaries", "and subsidiaries",
                                        "and its subordinate/affiliated entities",
                                        "and subordinate/affiliated entities"};
    for (size_t t = 0; t < sizeof tails / sizeof *tails; t++) {
        size_t n = strlen(tails[t]);
        long at;
        size_t from = 0;
        while ((at = find(s, len, tails[t], from, false)) >= 0) {
            size_t i = (size_t)at, end = i + n, j = end;
            while (j < len && isspace((unsigned char)s[j]))
                j++;
            bool follows = j == len || s[j] == '(';
            size_t ws = i;
            while (ws > 0 && isspace((unsigned char)s[ws - 1]))
                ws--;
            if (!follows || ws == i) {
                from = i + 1;
                continue;
            }
            memmove(s + ws, s + end, len - end);
            len -= end - ws;
            s[len] = '\0';
            *had = true;
            from = ws;
        }
    }
    return len;
}

/* One "; "-part of an order's text into names. */
static void order_part(fl_arena *a, namev *out, const char *part, size_t plen)
{
    char *p = malloc(plen + 1);
    if (!p) {
        out->oom = true;
        return;
    }
    memcpy(p, part, plen);
    p[plen] = '\0';
    const char *s = p;
    size_t len = plen;
    trim(&s, &len);
    bool subs = false;
    len = drop_subsidiaries((char *)s, len, &subs);
    const char *vessel_note = NULL;
    if (ci_prefix(s, len, "Fishing Vessel: "))
        s += 16, len -= 16;
    else if (ci_prefix(s, len, "Fishing Vessels owned by ")) {
        s += 25, len -= 25;
        vessel_note = "fishing vessels owned by it";
    }
    strv al = {0};
    if (find(s, len, " a/k/a ", 0, false) >= 0) {
        /* "A, a/k/a B, a/k/a C" */
        fl_lname *e = NULL;
        size_t i = 0;
        while (i <= len) {
            long k = find(s, len, ", a/k/a ", i, false);
            size_t j = k < 0 ? len : (size_t)k;
            const char *piece = dup_trim(a, s + i, j - i);
            if (!e)
                e = nv_add(out, piece);
            else
                sv_add(&al, piece);
            if (k < 0)
                break;
            i = j + 8;
        }
        if (e && !set_aliases(a, e, &al))
            out->oom = true;
        free(p);
        return;
    }
    size_t open, close;
    if (last_paren(s, len, &open, &close) && memchr(s + open, ';', close - open)) {
        /* "Group (A; B; C)": the group and each company */
        nv_add(out, dup_trim(a, s, open));
        size_t i = open + 1;
        while (i < close) {
            const char *semi = memchr(s + i, ';', close - i);
            size_t j = semi ? (size_t)(semi - s) : close;
            const char *piece = s + i;
            size_t n = j - i;
            trim(&piece, &n);
            if (n)
                nv_add(out, fl_arena_strndup(a, piece, n));
            i = j + 1;
        }
        free(p);
        return;
    }
    const char *name, *alias, *note;
    if (!fl_lname_paren(a, s, len, &name, &alias, &note)) {
        out->oom = true;
        free(p);
        return;
    }
    fl_lname *e = nv_add(out, name);
    if (e) {
        if (alias)
            sv_add(&al, alias);
        e->note = note ? note : vessel_note ? vessel_note : subs ? "and subsidiaries" : NULL;
        if (!set_aliases(a, e, &al))
            out->oom = true;
    }
    free(p);
}

/* A group name in parentheses after the last of several producers is an alias of each. */
static void share_group(fl_arena *a, namev *nv, const char *text)
{
    if (nv->n < 2 || !nv->v[nv->n - 1].n_aliases)
        return;
    long first_semi = find(text, strlen(text), "; ", 0, false);
    size_t first_len = first_semi < 0 ? strlen(text) : (size_t)first_semi;
    if (memchr(text, '(', first_len))
        return;
    const char *group = nv->v[nv->n - 1].aliases[0];
    for (size_t i = 0; i < nv->n; i++) {
        fl_lname *e = &nv->v[i];
        strv al = {0};
        for (size_t k = 0; k < e->n_aliases; k++)
            if (strcmp(e->aliases[k], group) != 0)
                sv_add(&al, e->aliases[k]);
        if (strcmp(e->name, group) != 0)
            sv_add(&al, group);
        if (!set_aliases(a, e, &al))
            nv->oom = true;
    }
}

size_t fl_lname_order(fl_arena *a, const char *text, fl_lname **out)
{
    namev nv = {0};
    size_t len = strlen(text);
    size_t i = 0;
    while (i <= len) {
        long k = find_top(text + i, len - i, "; ", false);
        size_t j = k < 0 ? len : i + (size_t)k;
        const char *part = text + i;
        size_t plen = j - i;
        trim(&part, &plen);
        if (plen)
            order_part(a, &nv, part, plen);
        if (k < 0)
            break;
        i = j + 2;
    }
    share_group(a, &nv, text);
    return nv_keep(a, &nv, out);
}

/* ---- UFLPA Entity List names ------------------------------------------------------------- */

/* After ", " a legal-form word keeps the comma inside a name ("Co., Ltd."). */
static bool legal_form(const char *s, size_t len)
{
    static const char *const forms[] = {"ltd",  "inc",  "limited", "llc",  "l.l.c", "co.",
                                        "corp", "plc",  "pvt",     "sdn",  "bhd",   "s.a",
                                        "sa ",  "srl",  "s.r.l",   "gmbh", "ag ",   "de c.v",
                                        "ltda", "jsc",  "llp",     "pte"};
    for (size_t i = 0; i < sizeof forms / sizeof *forms; i++) {
        size_t n = strlen(forms[i]);
        if (ci_prefix(s, len, forms[i]) && (len == n || !isalpha((unsigned char)s[n])))
            return true;
    }
    return false;
}

/* Split a list of names at "; ", ", and ", ", " (not before a legal form) and " and " when
   and_split, outside parentheses; "and " opening a piece is dropped. */
static void split_names(fl_arena *a, strv *out, const char *s, size_t len, bool and_split)
{
    size_t start = 0;
    int depth = 0;
    for (size_t i = 0; i <= len; i++) {
        size_t cut = 0;
        if (i < len && depth == 0) {
            if (s[i] == ';')
                cut = 1;
            else if (s[i] == ',' && i + 1 < len && s[i + 1] == ' ' &&
                     !legal_form(s + i + 2, len - i - 2))
                cut = 2;
            else if (and_split && ci_prefix(s + i, len - i, " and "))
                cut = 5;
        }
        if (i < len && !cut) {
            depth += (s[i] == '(') - (s[i] == ')');
            continue;
        }
        const char *piece = s + start;
        size_t n = i - start;
        trim(&piece, &n);
        if (ci_prefix(piece, n, "and "))
            piece += 4, n -= 4;
        trim(&piece, &n);
        while (n && piece[n - 1] == '.' && n > 1 && piece[n - 2] == ' ')
            n--;
        if (n)
            sv_add(out, fl_arena_strndup(a, piece, n));
        start = i + cut;
        if (cut)
            i += cut - 1;
    }
}

/* "(including two aliases: A and B)" and the like: true with the aliases in al. */
static bool alias_paren(fl_arena *a, const char *in, size_t n, strv *al)
{
    const char *list = NULL;
    size_t ln = 0;
    bool two = false;
    if (ci_prefix(in, n, "including ") || ci_prefix(in, n, "and ")) {
        const char *colon = memchr(in, ':', n);
        if (!colon || find(in, (size_t)(colon - in), "alias", 0, true) < 0)
            return false;
        two = find(in, (size_t)(colon - in), " two ", 0, true) >= 0;
        list = colon + 1;
        ln = n - (size_t)(list - in);
    } else if (ci_prefix(in, n, "formerly known as ") || ci_prefix(in, n, "also known as ")) {
        list = in + (ci_prefix(in, n, "formerly") ? 18 : 14);
        ln = n - (size_t)(list - in);
        two = find(list, ln, " and ", 0, true) >= 0 && !memchr(list, ';', ln);
    } else {
        return false;
    }
    if (memchr(list, ';', ln)) {
        split_names(a, al, list, ln, false);
    } else if (two) {
        /* "A and B": the last " and " (company names may hold one) */
        long k = -1, at;
        size_t from = 0;
        while ((at = find(list, ln, " and ", from, true)) >= 0)
            k = at, from = (size_t)at + 1;
        if (k < 0) {
            sv_add(al, dup_trim(a, list, ln));
        } else {
            sv_add(al, dup_trim(a, list, (size_t)k));
            sv_add(al, dup_trim(a, list + k + 5, ln - (size_t)k - 5));
        }
    } else {
        sv_add(al, dup_trim(a, list, ln));
    }
    return true;
}

/* Subsidiaries after " and its ": the pieces into subs; the head's length returned. */
static size_t dhs_subsidiaries(fl_arena *a, const char *t, size_t len, strv *subs,
                               const char **note)
{
    long k = find_top(t, len, " and its ", true);
    if (k < 0)
        return len;
    const char *rest = t + k + 9;
    size_t rn = len - (size_t)k - 9;
    long which = find(rest, rn, ", which include ", 0, true);
    if (ci_prefix(rest, rn, "subsidiary ")) {
        sv_add(subs, dup_trim(a, rest + 11, rn - 11));
    } else if (which >= 0 && find(rest, (size_t)which, "subsidiaries", 0, true) >= 0) {
        split_names(a, subs, rest + which + 16, rn - (size_t)which - 16, false);
    } else if (ci_prefix(rest, rn, "subordinate and affiliated entities")) {
        *note = "and its subordinate and affiliated entities";
    } else {
        return len;
    }
    return (size_t)k;
}

size_t fl_lname_dhs(fl_arena *a, const char *text, fl_lname **out)
{
    namev nv = {0};
    strv subs = {0}, al = {0};
    const char *t = text, *note = NULL;
    size_t len = strlen(text);
    trim(&t, &len);
    len = dhs_subsidiaries(a, t, len, &subs, &note);
    trim(&t, &len);
    static const char *const tails[] = {", and Subsidiaries", " and Subsidiaries"};
    for (size_t i = 0; i < 2; i++)
        if (ci_suffix(t, len, tails[i])) {
            len -= strlen(tails[i]);
            note = "and subsidiaries";
            break;
        }
    trim(&t, &len);
    fl_lname *e = NULL;
    size_t open, close;
    if (len && t[len - 1] == ')') {
        /* the parenthesis that closes the text, counting nested ones */
        int depth = 0;
        size_t i = len;
        bool found = false;
        while (i > 0 && !found) {
            i--;
            depth += (t[i] == ')') - (t[i] == '(');
            found = depth == 0;
        }
        if (found && i > 0) {
            const char *in = t + i + 1;
            size_t n = len - i - 2;
            trim(&in, &n);
            if (alias_paren(a, in, n, &al))
                e = nv_add(&nv, dup_trim(a, t, i));
        }
    }
    if (!e && last_paren(t, len, &open, &close)) {
        const char *name, *alias, *pnote;
        if (fl_lname_paren(a, t, len, &name, &alias, &pnote)) {
            e = nv_add(&nv, name);
            if (alias)
                sv_add(&al, alias);
            if (e && pnote)
                note = pnote;
        } else {
            nv.oom = true;
        }
    }
    if (!e && !nv.oom)
        e = nv_add(&nv, dup_trim(a, t, len));
    if (e) {
        e->note = note;
        if (!set_aliases(a, e, &al))
            nv.oom = true;
    }
    for (size_t i = 0; e && i < subs.n; i++) {
        const char *parent = nv.v[0].name;
        fl_lname *s = nv_add(&nv, subs.v[i]);
        if (s)
            s->note = fl_arena_printf(a, "subsidiary of %s", parent);
    }
    free(subs.v);
    free(al.v);
    return nv_keep(a, &nv, out);
}

size_t fl_lname_pieces(fl_arena *a, const char *text, const char ***out)
{
    strv l = {0};
    split_names(a, &l, text, strlen(text), true);
    size_t n;
    *out = sv_keep(a, &l, &n);
    return n;
}
