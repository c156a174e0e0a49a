/* address.c - the country of an address, read from its end; see address.h. */
#include "address.h"

#include <string.h>

#include "unorm.h"

#define PARTS_MAX 64  /* parts kept from the end of an address */
#define PART_KEY 512  /* folded bytes of one part */
#define PART_WORDS 64 /* words kept of one part (the last ones) */
#define READ_PARTS 3  /* parts read from the end */
#define SUB_PARTS 2   /* of which this many for subdivision names */

typedef struct span {
    size_t s, e;
} span;

/* A part folded: its words (letters only: words with a digit are dropped), cut at a contact
   word. */
typedef struct fpart {
    char key[PART_KEY];
    size_t len;
    span w[PART_WORDS];
    size_t n;
    bool contact; /* the part starts with a contact word: not an address part */
} fpart;

/* ---- word lists (folded forms) ---- */

static bool in_list(const char *const *list, size_t n, const char *w, size_t len)
{
    for (size_t i = 0; i < n; i++)
        if (strlen(list[i]) == len && memcmp(list[i], w, len) == 0)
            return true;
    return false;
}

#define IN(list, w, len) in_list(list, sizeof list / sizeof *list, w, len)

/* Words after which the rest of a part is contact details, not address. */
static const char *const contact_words[] = {"tel", "tell", "telephone", "phone", "ph", "fax",
                                            "email", "mail", "mob", "mobile", "cell", "attn",
                                            "contact", "pic", "www", "http", "https"};

/* The short country forms read from an address; every other key of three bytes or fewer is
   an ISO code, and codes are never read from an address. */
static const char *const short_ok[] = {"usa", "uae", "uk", "prc", "ksa"};

/* Three-letter ISO codes that are words of addresses too ("AND", "PER", "SUR", "COL."): never
   read, even as a whole last part. */
static const char *const code_words[] = {"and", "are", "can", "per", "ben", "ton", "com", "dom",
                                         "gab", "ind", "nic", "pan", "sur", "guy", "bol", "col",
                                         "ata", "nor", "fin", "gin", "sen", "cub", "mac", "lie",
                                         "cod", "aut", "tun", "som", "nam", "mli", "vat"};

/* Trailing words that only say what kind of place the name before them is. */
static const char *const kind_words[] = {"province", "prov",   "state",    "prefecture",
                                         "pref",     "region", "city",     "municipality",
                                         "district", "dist",   "sheng",    "shi",
                                         "si",       "county", "governorate", "autonomous",
                                         "uygur",    "uyghur"};

/* Words that make the name after them a street: "Calle Sonora", "Av. Mexico", "Via Veneto". */
static const char *const street_before[] = {"calle", "c", "av", "avenida", "avda", "rua", "rue",
                                            "via",   "viale", "jalan",   "jl",   "ul",  "ulitsa",
                                            "street", "st",   "road",    "rd",   "blvd", "avenue"};

/* ---- splitting ---- */

static bool letterish(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (unsigned char)c >= 0x80;
}

/* Bytes of the separator at s[0..n), 0 when none; slash_sep: a '/' here separates parts
   (between two words, "NILUFER/BURSA"; not "C/ GUINEA" nor "S/N"). */
static size_t sep_len(const char *s, size_t n, bool space_before, bool slash_sep)
{
    char c = *s;
    if (c == ',' || c == ';' || c == '|' || c == '\n' || c == '\r')
        return 1;
    if (c == '/')
        return slash_sep ? 1 : 0;
    if (n >= 3 && ((unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBC &&
                   ((unsigned char)s[2] == 0x8C || (unsigned char)s[2] == 0x9B)))
        return 3; /* full-width comma, semicolon */
    if (n >= 3 && memcmp(s, "\xE3\x80\x81", 3) == 0)
        return 3; /* ideographic comma */
    if (n >= 2 && memcmp(s, "\xD8\x8C", 2) == 0)
        return 2; /* Arabic comma */
    if (n >= 3 && memcmp(s, "\xE1\x8D\xA3", 3) == 0)
        return 3; /* Ethiopic comma */
    /* a dash between spaces: "Vitória - ES" */
    if (space_before && c == '-' && n >= 2 && s[1] == ' ')
        return 1;
    if (space_before && n >= 4 && memcmp(s, "\xE2\x80\x93", 3) == 0 && s[3] == ' ')
        return 3;
    return 0;
}

/* The parts of a[0..len) (only the last PARTS_MAX kept), trimmed of spaces. */
static size_t split_parts(const char *a, size_t len, span *out)
{
    size_t n = 0, from = 0;
    for (size_t i = 0; i <= len; i++) {
        bool slash = i >= 2 && letterish(a[i - 1]) && letterish(a[i - 2]) && i + 1 < len &&
                     letterish(a[i + 1]);
        size_t l = i < len ? sep_len(a + i, len - i, i > 0 && a[i - 1] == ' ', slash) : 1;
        if (!l)
            continue;
        size_t s = from, e = i;
        while (s < e && (a[s] == ' ' || a[s] == '\t'))
            s++;
        while (e > s && (a[e - 1] == ' ' || a[e - 1] == '\t'))
            e--;
        if (e > s) {
            if (n == PARTS_MAX) {
                memmove(out, out + 1, (PARTS_MAX - 1) * sizeof *out);
                n--;
            }
            out[n++] = (span){s, e};
        }
        from = i + l;
        i += l - 1;
    }
    return n;
}

/* ---- folding a part ---- */

static bool has_digit(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] >= '0' && s[i] <= '9')
            return true;
    return false;
}

/* Fold text into p: words with a digit dropped, cut at a contact word. False when the
   text cannot be folded (not UTF-8, too long). */
static bool fold_part(const char *text, size_t n, fpart *p)
{
    char tmp[PART_KEY];
    p->len = p->n = 0;
    p->contact = false;
    ssize_t k = fl_unorm_key(text, n, tmp, sizeof tmp);
    if (k < 0)
        return false;
    size_t i = 0;
    while (i < (size_t)k) {
        size_t j = i;
        while (j < (size_t)k && tmp[j] != ' ')
            j++;
        if (IN(contact_words, tmp + i, j - i)) {
            p->contact = p->n == 0;
            break;
        }
        if (!has_digit(tmp + i, j - i)) {
            if (p->n == PART_WORDS) { /* keep the last words: the end is what is read */
                size_t cut = p->w[1].s;
                memmove(p->key, p->key + cut, p->len - cut);
                p->len -= cut;
                for (size_t q = 1; q < PART_WORDS; q++)
                    p->w[q - 1] = (span){p->w[q].s - cut, p->w[q].e - cut};
                p->n--;
            }
            if (p->len)
                p->key[p->len++] = ' ';
            p->w[p->n] = (span){p->len, p->len + (j - i)};
            memcpy(p->key + p->len, tmp + i, j - i);
            p->len += j - i;
            p->n++;
        }
        i = j + 1;
    }
    p->key[p->len] = '\0';
    return true;
}

/* Words a..b-1 of p as one key. */
static const char *words_at(const fpart *p, size_t a, size_t b, size_t *len)
{
    *len = p->w[b - 1].e - p->w[a].s;
    return p->key + p->w[a].s;
}

/* ---- look-ups ---- */

typedef enum found { NOT_FOUND = 0, FOUND, AMBIGUOUS } found;

/* A country named by key[0..len), as an address may write it. */
static found country_key(const fl_countries *c, const char *key, size_t len, char cc[3])
{
    if (len <= 3 && !IN(short_ok, key, len) && !memchr(key, ' ', len))
        return NOT_FOUND; /* an ISO code: never read from an address ("U.S." is "u s") */
    char code[8];
    if (!fl_country_lookup(c, key, len, cc))
        return NOT_FOUND;
    /* a country and another country's subdivision ("Georgia") */
    return fl_subdivision_lookup(c, key, len, code) == FL_SUBDIV_AMBIGUOUS ? AMBIGUOUS : FOUND;
}

static found subdiv_key(const fl_countries *c, const char *key, size_t len, char code[8])
{
    switch (fl_subdivision_lookup(c, key, len, code)) {
    case FL_SUBDIV_ONE:
        return FOUND;
    case FL_SUBDIV_AMBIGUOUS:
        return AMBIGUOUS;
    case FL_SUBDIV_NONE:
        break;
    }
    return NOT_FOUND;
}

/* ---- step 1: a US state or Canadian province with its postcode ---- */

static const char us_states[][3] = {
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN",
    "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV",
    "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN",
    "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "DC",
};
static const char ca_provinces[][3] = {"AB", "BC", "MB", "NB", "NL", "NS", "NT",
                                       "NU", "ON", "PE", "QC", "SK", "YT"};

static bool code_in(const char (*list)[3], size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (list[i][0] == s[0] && list[i][1] == s[1])
            return true;
    return false;
}

static bool up(char c)
{
    return c >= 'A' && c <= 'Z';
}

static bool dig(char c)
{
    return c >= '0' && c <= '9';
}

static const char br_states[][3] = {"AC", "AL", "AP", "AM", "BA", "CE", "DF", "ES", "GO",
                                     "MA", "MT", "MS", "MG", "PA", "PB", "PR", "PE", "PI",
                                     "RJ", "RN", "RS", "RO", "RR", "SC", "SP", "SE", "TO"};

/* "SC 89290-000" (BR: a state and its CEP) ending s[0..n). */
static bool br_postal(const char *s, size_t n)
{
    if (n < 12)
        return false;
    const char *p = s + n - 12; /* "SC 89290-000" */
    for (int i = 3; i < 12; i++)
        if (i == 8 ? p[i] != '-' : !dig(p[i]))
            return false;
    return up(p[0]) && up(p[1]) && p[2] == ' ' && (p == s || p[-1] == ' ' || p[-1] == '-') &&
           code_in(br_states, sizeof br_states / 3, p);
}

/* A UK postcode ending s[0..n): "E1 6RF", "SE16 4RS", "EC1A 1BB", "W1D 3QF". */
static bool gb_postal(const char *s, size_t n)
{
    if (n < 6 || !up(s[n - 1]) || !up(s[n - 2]) || !dig(s[n - 3]) || s[n - 4] != ' ')
        return false;
    size_t e = n - 4, b = e; /* the outward code: s[b..e) */
    while (b > 0 && s[b - 1] != ' ')
        b--;
    size_t len = e - b;
    if (len < 2 || len > 4 || !up(s[b]))
        return false;
    size_t i = b + 1;
    if (up(s[i]))
        i++;
    if (i >= e || !dig(s[i]))
        return false;
    i++;
    if (i < e && (dig(s[i]) || up(s[i])))
        i++;
    return i == e;
}

/* "CA 90001", "CA 90001-1234" (US) or "ON M5V 2T6", "ON M5V2T6" (CA) ending s[0..n). */
static bool postal_country(const char *s, size_t n, char cc[3])
{
    if (br_postal(s, n)) {
        memcpy(cc, "BR", 3);
        return true;
    }
    if (gb_postal(s, n)) {
        memcpy(cc, "GB", 3);
        return true;
    }
    /* US: two capitals, a space, five digits, maybe -four */
    size_t e = n;
    if (e >= 10 && s[e - 5] == '-' && dig(s[e - 1]) && dig(s[e - 4]))
        e -= 5;
    if (e >= 8 && dig(s[e - 1]) && dig(s[e - 2]) && dig(s[e - 3]) && dig(s[e - 4]) &&
        dig(s[e - 5]) && s[e - 6] == ' ' && up(s[e - 7]) && up(s[e - 8]) &&
        (e == 8 || s[e - 9] == ' ') && code_in(us_states, sizeof us_states / 3, s + e - 8)) {
        memcpy(cc, "US", 3);
        return true;
    }
    /* CA: A1A 1A1 or A1A1A1 after a province code */
    e = n;
    size_t pc = (e >= 7 && s[e - 4] == ' ') ? 7 : 6;
    if (e < pc + 3)
        return false;
    const char *p = s + e - pc;
    bool form = up(p[0]) && dig(p[1]) && up(p[2]) && dig(p[pc - 3]) && up(p[pc - 2]) &&
                dig(p[pc - 1]);
    const char *prov = p - 3;
    if (form && p[-1] == ' ' && up(prov[0]) && up(prov[1]) && (prov == s || prov[-1] == ' ') &&
        code_in(ca_provinces, sizeof ca_provinces / 3, prov)) {
        memcpy(cc, "CA", 3);
        return true;
    }
    return false;
}

/* ---- steps 2 and 3 on one part ---- */

typedef struct answer {
    char cc[3];
    char sub[8];
} answer;

/* Is word i of p a word that makes what follows a street name? */
static bool street_before_word(const fpart *p, size_t i)
{
    return IN(street_before, p->key + p->w[i].s, p->w[i].e - p->w[i].s);
}

static bool word_eq(const fpart *p, size_t i, const char *w)
{
    size_t n = strlen(w);
    return p->w[i].e - p->w[i].s == n && memcmp(p->key + p->w[i].s, w, n) == 0;
}

/* Step 2 on p: the whole part, then (the last part only, words) its last one to four words. */
static found part_country(const fl_countries *c, const fpart *p, bool words, answer *ans)
{
    found f = country_key(c, p->key, p->len, ans->cc);
    if (f != NOT_FOUND || !words)
        return f;
    for (size_t k = p->n < 4 ? p->n : 4; k > 0; k--) {
        size_t a = p->n - k, len;
        if (k == p->n)
            continue; /* the whole part: done above */
        const char *key = words_at(p, a, p->n, &len);
        if (a > 0 && (word_eq(p, a - 1, "new") || word_eq(p, a - 1, "of")))
            continue; /* New Mexico; Republic of China, Bank of China: part of a longer name */
        if (a > 0 && street_before_word(p, a - 1))
            continue;
        f = country_key(c, key, len, ans->cc);
        if (f == FOUND)
            return f;
    }
    return NOT_FOUND;
}

/* Step 3 on p: the whole part, a kind word dropped, then (words) its last one to three
   words. */
static found part_subdivision(const fl_countries *c, const fpart *p, bool words, answer *ans)
{
    found f = subdiv_key(c, p->key, p->len, ans->sub);
    if (f != NOT_FOUND)
        return f;
    if (p->n == 2) { /* "PATHUM THANI" as "Pathumthani", and back */
        char joined[PART_KEY];
        size_t len, jn = 0;
        const char *key = words_at(p, 0, 2, &len);
        for (size_t i = 0; i < len; i++)
            if (key[i] != ' ')
                joined[jn++] = key[i];
        if (subdiv_key(c, joined, jn, ans->sub) == FOUND)
            return FOUND;
    }
    size_t n = p->n;
    while (n > 1 && IN(kind_words, p->key + p->w[n - 1].s, p->w[n - 1].e - p->w[n - 1].s))
        n--; /* "Xinjiang Uygur Autonomous Region" */
    if (!words) {
        size_t len;
        const char *key = words_at(p, 0, n, &len);
        return n < p->n && subdiv_key(c, key, len, ans->sub) == FOUND ? FOUND : NOT_FOUND;
    }
    for (size_t k = n < 3 ? n : 3; k > 0; k--) {
        size_t a = n - k, len;
        if (a > 0 && street_before_word(p, a - 1))
            continue;
        const char *key = words_at(p, a, n, &len);
        if (subdiv_key(c, key, len, ans->sub) == FOUND)
            return FOUND;
    }
    return NOT_FOUND;
}

/* ---- step 4: CJK text, country first ---- */

static bool is_cjk(int32_t cp)
{
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xAC00 && cp <= 0xD7AF) ||
           (cp >= 0x3040 && cp <= 0x30FF);
}

static bool starts_cjk(const char *w, size_t n)
{
    size_t i = 0;
    int32_t cp;
    return fl_utf8_next(w, n, &i, &cp) && is_cjk(cp);
}

/* A country or subdivision in the first (from_end false) or last 2..7 characters of the
   folded word w[0..n), which must be CJK at that end. */
static bool cjk_edge(const fl_countries *c, const char *w, size_t n, bool from_end, answer *ans)
{
    size_t cut[8], nc = 0, i = 0;
    int32_t cp;
    if (!from_end) {
        while (i < n && nc < 8) {
            if (!fl_utf8_next(w, n, &i, &cp) || !is_cjk(cp))
                break;
            cut[nc++] = i;
        }
        for (size_t m = nc < 7 ? nc : 7; m >= 2; m--) {
            if (country_key(c, w, cut[m - 1], ans->cc) == FOUND ||
                subdiv_key(c, w, cut[m - 1], ans->sub) == FOUND)
                return true;
        }
        return false;
    }
    size_t pos = n;
    for (size_t m = 1; m <= 7 && pos > 0; m++) {
        pos = fl_utf8_floor(w, pos - 1);
        size_t at = pos;
        if (!fl_utf8_next(w, n, &at, &cp) || !is_cjk(cp))
            return false;
        if (m >= 2 && (country_key(c, w + pos, n - pos, ans->cc) == FOUND ||
                       subdiv_key(c, w + pos, n - pos, ans->sub) == FOUND))
            return true;
    }
    return false;
}

/* ---- the reading ---- */

/* The part's parenthesised end "(CN)" as its own span, and the part without it. */
static bool paren_end(const char *a, span s, span *inner, span *outer)
{
    if (s.e - s.s < 3 || a[s.e - 1] != ')')
        return false;
    size_t o = s.e - 1;
    while (o > s.s && a[o] != '(')
        o--;
    if (a[o] != '(')
        return false;
    *inner = (span){o + 1, s.e - 1};
    size_t e = o;
    while (e > s.s && a[e - 1] == ' ')
        e--;
    *outer = (span){s.s, e};
    return true;
}

static void fill(fl_address_place *out, const answer *ans, span s)
{
    if (ans->sub[0]) {
        memcpy(out->country, ans->sub, 2);
        out->country[2] = '\0';
        memcpy(out->subdivision, ans->sub, sizeof out->subdivision);
    } else {
        memcpy(out->country, ans->cc, 3);
        out->subdivision[0] = '\0';
    }
    out->start = s.s;
    out->end = s.e;
}

/* Steps 2 and 3 on the folded part p (read index k from the end); prev: the part before it,
   folded (for names written over two parts), or NULL. */
static found read_part(const fl_countries *c, size_t k, const fpart *p, const fpart *prev,
                       bool country_only, answer *ans)
{
    if (country_only) /* a bracketed "(Hong Kong)" may name a country, "(South)" nothing */
        k = SUB_PARTS;
    ans->sub[0] = '\0';
    if (prev && prev->n && p->n) {
        char joined[2 * PART_KEY + 2];
        memcpy(joined, prev->key, prev->len);
        joined[prev->len] = ' ';
        memcpy(joined + prev->len + 1, p->key, p->len);
        if (country_key(c, joined, prev->len + 1 + p->len, ans->cc) == FOUND)
            return FOUND;
    }
    found f = part_country(c, p, k == 0, ans);
    if (f == NOT_FOUND && k < SUB_PARTS)
        f = part_subdivision(c, p, k == 0, ans);
    if (f != NOT_FOUND || p->n < 2)
        return f;
    /* a short token at the end ("DENIZLI TR", "VITORIA ES", "CUNEO CN") is never read, but
       the name before it is */
    const span *last = &p->w[p->n - 1];
    if (last->e - last->s > 3 || IN(short_ok, p->key + last->s, last->e - last->s))
        return f;
    fpart cut = *p;
    cut.n--;
    cut.len = cut.w[cut.n - 1].e;
    cut.key[cut.len] = '\0';
    f = part_country(c, &cut, k == 0, ans);
    if (f == NOT_FOUND && k < SUB_PARTS)
        f = part_subdivision(c, &cut, k == 0, ans);
    return f;
}

/* The last part written as an ISO alpha-3 code in capitals ("ESP", "MEX.", "LKA"), not one of
   the code_words. */
static bool alpha3_part(const fl_countries *c, const char *a, span s, char cc[3])
{
    size_t n = s.e - s.s;
    while (n && a[s.s + n - 1] == '.')
        n--;
    const char *p = a + s.s;
    if (n != 3 || !up(p[0]) || !up(p[1]) || !up(p[2]))
        return false;
    char low[3] = {(char)(p[0] | 0x20), (char)(p[1] | 0x20), (char)(p[2] | 0x20)};
    if (IN(code_words, low, 3))
        return false;
    const char *a3;
    return fl_country_lookup(c, p, 3, cc) && (a3 = fl_country_alpha3(c, cc)) != NULL &&
           memcmp(a3, p, 3) == 0;
}

/* A part to skip: no letters but numbers, contact details, or a two-letter token. */
static bool skip_part(const char *a, span s, const fpart *p)
{
    if (memchr(a + s.s, '@', s.e - s.s) || p->contact || p->n == 0)
        return true;
    return p->len <= 2 && !IN(short_ok, p->key, p->len);
}

bool fl_address_country(const fl_countries *c, fl_slice address, fl_address_place *out)
{
    if (!c || !address.len || !fl_utf8_valid(address.ptr, address.len))
        return false;
    const char *a = address.ptr;
    span parts[PARTS_MAX];
    size_t n = split_parts(a, address.len, parts);
    fpart cur, prev;
    answer ans;
    size_t read = 0;
    for (size_t i = n; i-- > 0 && read < READ_PARTS;) {
        span s = parts[i], inner, outer;
        span variants[3];
        size_t nv = 0;
        if (paren_end(a, s, &inner, &outer)) {
            variants[nv++] = inner;
            variants[nv++] = outer;
        } else {
            variants[nv++] = s;
        }
        bool counted = false;
        for (size_t v = 0; v < nv; v++) {
            if (postal_country(a + variants[v].s, variants[v].e - variants[v].s, ans.cc) ||
                (read == 0 && nv == 1 && alpha3_part(c, a, variants[v], ans.cc))) {
                ans.sub[0] = '\0';
                fill(out, &ans, s);
                return true;
            }
            if (!fold_part(a + variants[v].s, variants[v].e - variants[v].s, &cur) ||
                skip_part(a, variants[v], &cur))
                continue;
            counted = true;
            /* the part before, for a name written over two parts ("Korea, Republic of") */
            const fpart *pp = NULL;
            if (read == 0 && v == nv - 1 && i > 0 &&
                fold_part(a + parts[i - 1].s, parts[i - 1].e - parts[i - 1].s, &prev))
                pp = &prev;
            found f = read_part(c, read, &cur, pp, nv == 2 && v == 0, &ans);
            if (f == FOUND) {
                fill(out, &ans, s);
                return true;
            }
            if (f == AMBIGUOUS)
                return false;
        }
        read += counted;
    }
    /* CJK script writes the country first: the start of the first part (numbers and all:
       "香港九龍觀塘道388號"), the end of the last */
    char first[PART_KEY];
    ssize_t fk = n ? fl_unorm_key(a + parts[0].s, parts[0].e - parts[0].s, first, sizeof first)
                   : -1;
    size_t fw = 0;
    while (fk > 0 && fw < (size_t)fk && first[fw] != ' ')
        fw++;
    if (fw && starts_cjk(first, fw)) {
        ans.sub[0] = '\0';
        if (cjk_edge(c, first, fw, false, &ans) || country_key(c, first, fw, ans.cc) == FOUND ||
            subdiv_key(c, first, fw, ans.sub) == FOUND) {
            fill(out, &ans, parts[0]);
            return true;
        }
    }
    if (n && fold_part(a + parts[n - 1].s, parts[n - 1].e - parts[n - 1].s, &cur) && cur.n) {
        ans.sub[0] = '\0';
        const span *w = &cur.w[cur.n - 1];
        if (cjk_edge(c, cur.key + w->s, w->e - w->s, true, &ans)) {
            fill(out, &ans, parts[n - 1]);
            return true;
        }
    }
    return false;
}
