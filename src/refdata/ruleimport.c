/* ruleimport.c - an official list's export merged into the rule set; see ruleimport.h. */
#include "ruleimport.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "diag.h"
#include "digest.h"
#include "outfile.h"
#include "publish.h"
#include "refdata.h"
#include "rules.h"
#include "ruletab.h"
#include "srcurl.h"
#include "unorm.h"
#include "vocab.h"

enum { R_ID, R_TITLE, R_BASIS, R_COUNTRIES, R_REGIONS, R_COMMODITIES, R_LABOR, R_SEVERITY,
       R_FROM, R_TO, R_SOURCES, R_NOTE, R_N };
static const char *const rule_cols[R_N] = {
    "id", "title", "basis", "countries", "regions", "commodities", "labor", "severity",
    "valid_from", "valid_to", "sources", "note"};
enum { E_ID, E_NAME, E_ALIASES, E_COUNTRY, E_REGIONS, E_BASIS, E_FROM, E_TO, E_COMMODITIES,
       E_SOURCES, E_NOTE, E_N };
static const char *const entity_cols[E_N] = {
    "id", "name", "aliases", "country", "regions", "basis", "listed_from", "listed_to",
    "commodities", "sources", "note"};
enum { S_ID, S_TITLE, S_PUBLISHER, S_DATE, S_URL, S_N };
static const char *const source_cols[S_N] = {"id", "title", "publisher", "date", "url"};
static const char *const meta_cols[2] = {"key", "value"};

/* ---- the import's state ------------------------------------------------------------------ */

typedef enum { CH_ADDED, CH_CHANGED, CH_REMOVED, CH_SKIPPED, CH_KINDS } ch_kind;
static const char *const ch_names[CH_KINDS] = {"added", "changed", "removed", "not-imported"};

typedef struct change {
    ch_kind kind;
    const char *id, *file;
    fl_date date;
    const char *what;
} change;

/* A rule of the loaded set and its row in the tables. */
typedef struct rref {
    fl_rtab *t;
    size_t row;
    bool entity;
} rref;

typedef struct imp {
    const fl_import_opts *o;
    const fl_countries *countries;
    fl_ruleset *rs;
    fl_list list;
    fl_list_kind kind;
    fl_basis basis;
    fl_date as_of;
    bool complete;
    fl_rtab meta, sources, entities, rules;
    bool have_entities, have_rules;
    fl_rtab *xsrc, *xent; /* the hand-kept sources-*.csv and entities-*.csv tables */
    size_t n_xsrc, n_xent;
    const fl_rtab **tabs; /* every table read, for check_new_set and publish */
    bool *matched;         /* per rule of rs: an entry of the list is this rule */
    const char ***rkeys;   /* per rule of rs: folded names and aliases (entity rules) */
    size_t *n_rkeys;
    const char *list_src;  /* the import's own source id, once a row cites it */
    const char *list_url;  /* its address, NULL when the import has none (a reference table) */
    const char *list_id, *list_title, *list_publisher;
    bool list_primary;
    change *ch;
    size_t n_ch, cap_ch;
    size_t unchanged;
    fl_arena arena;
    bool oom;
} imp;

static void note_change(imp *m, ch_kind k, const char *id, const char *file, fl_date date,
                        const char *fmt, ...) FL_PRINTF(6, 7);
static void note_change(imp *m, ch_kind k, const char *id, const char *file, fl_date date,
                        const char *fmt, ...)
{
    char what[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    if (!fl_grow((void **)&m->ch, &m->cap_ch, m->n_ch + 1, sizeof *m->ch)) {
        m->oom = true;
        return;
    }
    change *c = &m->ch[m->n_ch++];
    c->kind = k;
    c->id = id ? fl_arena_strdup(&m->arena, id) : "-";
    c->file = file ? file : "-";
    c->date = date;
    c->what = fl_arena_strdup(&m->arena, what);
    if (!c->id || !c->what)
        m->oom = true;
}

static const char *ds(imp *m, fl_date d)
{
    char buf[11];
    fl_date_format(d, buf);
    const char *s = fl_arena_strdup(&m->arena, buf);
    if (!s)
        m->oom = true;
    return s ? s : "";
}

/* The slug of text, as the rule builder makes ids: folded, every run of other characters one
   '-', cut at a '-' to at most maxlen. */
static const char *slug(imp *m, const char *text, size_t maxlen)
{
    char key[512], out[512];
    ssize_t n = fl_unorm_key(text, strlen(text), key, sizeof key);
    size_t o = 0;
    for (ssize_t i = 0; i < n && o + 1 < sizeof out; i++) {
        unsigned char c = (unsigned char)key[i];
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            out[o++] = (char)c;
        else if (o && out[o - 1] != '-')
            out[o++] = '-';
    }
    while (o && out[o - 1] == '-')
        o--;
    if (o > maxlen) {
        o = maxlen;
        while (o && out[o] != '-')
            o--;
        if (!o)
            o = maxlen;
    }
    out[o] = '\0';
    const char *s = fl_arena_strdup(&m->arena, out);
    if (!s)
        m->oom = true;
    return s ? s : "";
}

static const char *fold(imp *m, const char *s)
{
    char key[512];
    ssize_t n = fl_unorm_key(s, strlen(s), key, sizeof key);
    if (n <= 0)
        return NULL;
    const char *k = fl_arena_strndup(&m->arena, key, (size_t)n);
    if (!k)
        m->oom = true;
    return k;
}

/* ---- sources ----------------------------------------------------------------------------- */

static const char *const GENERIC[] = {"the", "and", "for", "with", "from", "www", "html", "news",
                                      "article", "index", "php", "aspx", "htm", "page"};

/* The host of url without "www.", for titles and publishers. */
static void host_name(const char *url, char *out, size_t cap)
{
    const char *h = strstr(url, "://");
    h = h ? h + 3 : url;
    if (strncasecmp(h, "www.", 4) == 0)
        h += 4;
    snprintf(out, cap, "%.*s", (int)strcspn(h, "/?#:"), h);
}

/* host words of url: "cbp" of www.cbp.gov, "federalregister" of federalregister.gov */
static void host_key(const char *url, char *out, size_t cap)
{
    const char *h = strstr(url, "://");
    h = h ? h + 3 : url;
    size_t n = strcspn(h, "/?#:");
    char host[256];
    snprintf(host, sizeof host, "%.*s", (int)n, h);
    char *labels[16];
    size_t nl = 0;
    for (char *p = strtok(host, "."); p && nl < 16; p = strtok(NULL, "."))
        labels[nl++] = p;
    const char *k = nl >= 2 ? labels[nl - 2] : nl ? labels[0] : "source";
    if (nl >= 3 && (strcmp(k, "gov") == 0 || strcmp(k, "co") == 0 || strcmp(k, "com") == 0))
        k = labels[nl - 3];
    snprintf(out, cap, "%s", k);
}

/* An id for a URL: host key and up to seven words of the last telling path segment. */
static const char *url_id(imp *m, const char *url)
{
    char key[64], words[256] = "";
    host_key(url, key, sizeof key);
    const char *path = strstr(url, "://");
    path = path ? strchr(path + 3, '/') : NULL;
    size_t plen = path ? strcspn(path, "?#") : 0;
    /* the last segment with three words of three letters or more */
    for (size_t end = plen; path && end > 0 && !words[0];) {
        size_t start = end;
        while (start > 0 && path[start - 1] != '/')
            start--;
        char seg[256];
        snprintf(seg, sizeof seg, "%.*s", (int)(end - start), path + start);
        size_t good = 0, used = 0;
        char *save = NULL;
        for (char *w = strtok_r(seg, "-_.+ %", &save); w; w = strtok_r(NULL, "-_.+ %", &save)) {
            bool alpha = strlen(w) >= 3;
            for (char *c = w; *c && alpha; c++)
                alpha = isalpha((unsigned char)*c);
            bool generic = strcasecmp(w, key) == 0;
            for (size_t g = 0; g < sizeof GENERIC / sizeof *GENERIC; g++)
                generic = generic || strcasecmp(w, GENERIC[g]) == 0;
            if (!alpha || generic)
                continue;
            good++;
            if (used < 7) {
                size_t wl = strlen(words);
                snprintf(words + wl, sizeof words - wl, "%s%s", wl ? "-" : "", w);
                used++;
            }
        }
        if (good < 3)
            words[0] = '\0';
        end = start ? start - 1 : 0;
    }
    char base[400];
    snprintf(base, sizeof base, "%s%s%s", key, words[0] ? "-" : "", words);
    return slug(m, base, 70);
}

/* Whether a sources table has a row with this id. */
static bool source_id_taken(const imp *m, const char *id)
{
    if (fl_rtab_find(&m->sources, S_ID, id) != SIZE_MAX)
        return true;
    for (size_t i = 0; i < m->n_xsrc; i++)
        if (fl_rtab_find(&m->xsrc[i], S_ID, id) != SIZE_MAX)
            return true;
    return false;
}

/* A free id from base: base, else base and six hex digits of the URL's hash. */
static const char *free_id(imp *m, const char *base, const char *url)
{
    if (!source_id_taken(m, base))
        return base;
    char hex[65];
    fl_sha256 *h = fl_sha256_new();
    if (!h) {
        m->oom = true;
        return base;
    }
    fl_sha256_update(h, url, strlen(url));
    fl_sha256_hex(h, hex);
    fl_sha256_free(h);
    for (int n = 0;; n++) {
        char *id = n ? fl_arena_printf(&m->arena, "%s-%.6s-%d", base, hex, n)
                     : fl_arena_printf(&m->arena, "%s-%.6s", base, hex);
        if (!id) {
            m->oom = true;
            return base;
        }
        if (!source_id_taken(m, id))
            return id;
    }
}

/* The id of a row of t citing url (and of date, when not NULL), else NULL. */
static const char *source_with(const fl_rtab *t, const char *url, const char *date)
{
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->rows[i][S_URL], url) == 0 && (!date || strcmp(t->rows[i][S_DATE], date) == 0))
            return t->rows[i][S_ID];
    return NULL;
}

/*
 * The source id of url (cleaned), adding a sources.csv row when no sources table has it (with
 * date, when given, also equal: a list cited as of two dates is two rows). id may be NULL
 * (made from the URL). NULL when out of memory.
 */
static const char *add_source(imp *m, const char *url_raw, const char *id, const char *title,
                              const char *publisher, const char *date)
{
    char *url = fl_url_clean(url_raw);
    if (!url) {
        m->oom = true;
        return NULL;
    }
    const char *have = source_with(&m->sources, url, id ? date : NULL);
    for (size_t i = 0; !have && i < m->n_xsrc; i++)
        have = source_with(&m->xsrc[i], url, id ? date : NULL);
    if (have) {
        free(url);
        return have;
    }
    const char *sid = free_id(m, id ? id : url_id(m, url), url);
    const char *cells[S_N] = {sid, title, publisher, date, url};
    size_t row = fl_rtab_insert(&m->sources, 0, true, cells);
    free(url);
    if (row == SIZE_MAX) {
        m->oom = true;
        return NULL;
    }
    return m->sources.rows[row][S_ID];
}

typedef struct listpage {
    const char *id, *url, *title, *publisher;
} listpage;

static listpage page_of(const imp *m)
{
    switch (m->o->format) {
    case FL_LF_DOL_GOODS:
        return (listpage){"dol-list-of-goods", "https://www.dol.gov/agencies/ilab/reports/"
                          "child-labor/list-of-goods", "DOL List of Goods Produced by Child "
                          "Labor or Forced Labor", "US Department of Labor, ILAB"};
    case FL_LF_DOL_EO:
        return (listpage){"dol-eo13126-list", "https://www.dol.gov/agencies/ilab/reports/"
                          "child-labor/list-of-products", "DOL List of Products Produced by "
                          "Forced or Indentured Child Labor (E.O. 13126)",
                          "US Department of Labor, ILAB"};
    case FL_LF_DHS_UFLPA:
        return (listpage){"dhs-uflpa-entity-list", "https://www.dhs.gov/uflpa-entity-list",
                          "UFLPA Entity List", "DHS"};
    case FL_LF_FR_UFLPA:
        return (listpage){"fr-uflpa-entity-list", NULL, "UFLPA Entity List (Federal Register "
                          "notice, appendix)", "Federal Register"};
    case FL_LF_CBP_WRO:
        return (listpage){"cbp-wro-findings-list", "https://www.cbp.gov/trade/forced-labor/"
                          "withhold-release-orders-and-findings", "CBP Withhold Release Orders "
                          "and Findings", "CBP"};
    case FL_LF_FTM:
        return (listpage){"opensanctions", NULL, "OpenSanctions FollowTheMoney export",
                          "OpenSanctions"};
    default:
        return (listpage){"reference", NULL, "reference table", ""};
    }
}

/* The import's own source: the list's page as of the list's date. */
static fl_status list_source(imp *m)
{
    listpage p = page_of(m);
    const char *url = m->o->source_url ? m->o->source_url : p.url;
    char ftm_url[200];
    if (m->o->format == FL_LF_FTM && !url) {
        snprintf(ftm_url, sizeof ftm_url, "https://www.opensanctions.org/datasets/%s/",
                 m->list.dataset);
        url = ftm_url;
    }
    if (!url) {
        if (m->o->format == FL_LF_FR_UFLPA) {
            fl_error("--format fr-uflpa needs --source-url: the Federal Register notice's "
                     "address (https://www.federalregister.gov/d/<document number>)");
            return FL_ERR_USAGE;
        }
        return FL_OK; /* a reference table: its rows cite their own sources */
    }
    const char *date = ds(m, m->as_of);
    char *id = m->o->format == FL_LF_FTM
                   ? fl_arena_printf(&m->arena, "opensanctions-%s-%s", m->list.dataset, date)
                   : fl_arena_printf(&m->arena, "%s-%s", p.id, date);
    char *title = m->o->format == FL_LF_FTM
                      ? fl_arena_printf(&m->arena, "OpenSanctions dataset %s (FollowTheMoney "
                                        "export), as of %s", m->list.dataset, date)
                      : fl_arena_printf(&m->arena, "%s, as of %s", p.title, date);
    m->list_url = fl_arena_strdup(&m->arena, url);
    if (!id || !title || !m->list_url)
        return FL_ERR_NOMEM;
    m->list_id = slug(m, id, 70);
    m->list_title = title;
    m->list_publisher = p.publisher;
    m->list_primary = fl_url_primary(url);
    return FL_OK;
}

/* The import's own source id; its sources.csv row is added when first cited. */
static const char *list_source_id(imp *m)
{
    if (!m->list_src && m->list_url)
        m->list_src = add_source(m, m->list_url, m->list_id, m->list_title, m->list_publisher,
                                 ds(m, m->as_of));
    return m->list_src;
}

/* Whether the source of this id (in any sources table) is primary. */
static bool id_primary(const imp *m, const char *id, size_t len)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%.*s", (int)(len < 255 ? len : 255), id);
    size_t r = fl_rtab_find(&m->sources, S_ID, buf);
    if (r != SIZE_MAX)
        return fl_url_primary(m->sources.rows[r][S_URL]);
    for (size_t i = 0; i < m->n_xsrc; i++)
        if ((r = fl_rtab_find(&m->xsrc[i], S_ID, buf)) != SIZE_MAX)
            return fl_url_primary(m->xsrc[i].rows[r][S_URL]);
    return false;
}

/* The sources cell of a new or changed row: the ids it cites (keep), the entry's own URLs,
   then the list's; primary sources first, each group in that order. *primary says whether
   any is. */
static const char *sources_cell(imp *m, const fl_list_entry *e, const char *keep, bool *primary)
{
    enum { MAX_IDS = 128 };
    const char *ids[MAX_IDS];
    size_t lens[MAX_IDS];
    bool prim[MAX_IDS];
    size_t n = 0;
    *primary = false;
    for (const char *p = keep; p && *p && n < MAX_IDS - 64;) {
        size_t l = strcspn(p, ";");
        if (l) {
            ids[n] = p;
            lens[n] = l;
            prim[n++] = id_primary(m, p, l);
        }
        p += l + (p[l] == ';');
    }
    for (size_t i = 0; e && i < e->n_urls && n < MAX_IDS - 1; i++) {
        char host[128];
        host_name(e->urls[i], host, sizeof host);
        char *title = fl_arena_printf(&m->arena, "%s: cited by the %s for '%s'", host,
                                      fl_list_kind_str(m->kind),
                                      e->good ? e->good : e->n_names ? e->names[0] : "");
        const char *pub = fl_arena_strdup(&m->arena, host);
        fl_date when = e->listed.to ? e->listed.to : m->as_of;
        const char *id = title && pub ? add_source(m, e->urls[i], NULL, title, pub, ds(m, when))
                                      : NULL;
        if (!id)
            return "";
        prim[n] = fl_url_primary(e->urls[i]);
        lens[n] = strlen(id);
        ids[n++] = id;
    }
    if (list_source_id(m)) {
        prim[n] = m->list_primary;
        lens[n] = strlen(m->list_src);
        ids[n++] = m->list_src;
    }
    char buf[4096] = "";
    size_t len = 0;
    for (int pass = 1; pass >= 0; pass--)
        for (size_t i = 0; i < n; i++) {
            if (prim[i] != (pass == 1))
                continue;
            *primary = *primary || prim[i];
            /* already cited? */
            bool dup = false;
            for (size_t j = 0; j < i && !dup; j++)
                dup = lens[j] == lens[i] && memcmp(ids[j], ids[i], lens[i]) == 0;
            if (!dup && len + lens[i] + 2 < sizeof buf)
                len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%.*s", len ? ";" : "",
                                        (int)lens[i], ids[i]);
        }
    const char *s = fl_arena_strdup(&m->arena, buf);
    if (!s)
        m->oom = true;
    return s ? s : "";
}

/* ---- rules and their rows ---------------------------------------------------------------- */

/* Whether a rule of the loaded set or a row added since has this id. */
static bool rule_id_taken(const imp *m, const char *id)
{
    if (fl_rtab_find(&m->entities, E_ID, id) != SIZE_MAX ||
        fl_rtab_find(&m->rules, R_ID, id) != SIZE_MAX)
        return true;
    for (size_t i = 0; i < m->rs->n_rules; i++)
        if (strcmp(m->rs->rules[i].id, id) == 0)
            return true;
    return false;
}

static rref ref_of(imp *m, size_t ri)
{
    const fl_rule *r = &m->rs->rules[ri];
    rref x = {NULL, SIZE_MAX, r->n_names > 0};
    fl_rtab *t = x.entity ? &m->entities : &m->rules;
    for (size_t i = 0; x.entity && i < m->n_xent; i++)
        if (strcmp(r->file, m->xent[i].name) == 0)
            t = &m->xent[i];
    if ((t == &m->entities && !m->have_entities) || (t == &m->rules && !m->have_rules) ||
        strcmp(r->file, t->name) != 0)
        return x;
    x.t = t;
    x.row = fl_rtab_find_line(t, r->line);
    return x;
}

static int col_to(const rref *x)
{
    return x->entity ? E_TO : R_TO;
}

static int col_from(const rref *x)
{
    return x->entity ? E_FROM : R_FROM;
}

static int col_sources(const rref *x)
{
    return x->entity ? E_SOURCES : R_SOURCES;
}

static int col_note(const rref *x)
{
    return x->entity ? E_NOTE : R_NOTE;
}

static void set(imp *m, const rref *x, int col, const char *v)
{
    if (!fl_rtab_set(x->t, x->row, (size_t)col, v))
        m->oom = true;
}

/* Append words to a row's note, and the import's source to its sources. */
static void annotate(imp *m, const rref *x, const fl_list_entry *e, const char *words)
{
    const char *note = x->t->rows[x->row][col_note(x)];
    size_t nl = strlen(note);
    char *n = fl_arena_printf(&m->arena, "%s%s%s", note,
                              !nl ? "" : note[nl - 1] == '.' ? " " : ". ", words);
    bool primary;
    const char *src = sources_cell(m, e, x->t->rows[x->row][col_sources(x)], &primary);
    if (!n) {
        m->oom = true;
        return;
    }
    set(m, x, col_note(x), n);
    set(m, x, col_sources(x), src);
}

/* The rule ends the day before end: a removal when it was in force on the list's date, a
   change otherwise or when kind says so (CH_KINDS: decide). False when nothing changed. */
static bool end_rule(imp *m, size_t ri, fl_date end, const fl_list_entry *e, const char *why,
                     ch_kind kind)
{
    rref x = ref_of(m, ri);
    const fl_rule *r = &m->rs->rules[ri];
    fl_date to = fl_date_prev(end);
    if (!x.t || x.row == SIZE_MAX || to < r->valid_from || r->valid_to == to)
        return false;
    ch_kind k = kind != CH_KINDS ? kind
                : r->valid_to == FL_DATE_OPEN || r->valid_to >= m->as_of ? CH_REMOVED
                                                                        : CH_CHANGED;
    set(m, &x, col_to(&x), ds(m, to));
    char *words = fl_arena_printf(&m->arena, "%c%s: the window ends on %s (flscan rules import, "
                                  "%s as of %s).", toupper((unsigned char)why[0]), why + 1,
                                  ds(m, to), fl_list_kind_str(m->kind), ds(m, m->as_of));
    if (words)
        annotate(m, &x, e, words);
    note_change(m, k, r->id, x.t->name, to, "%s; valid until %s", why, ds(m, to));
    return true;
}

/* ---- goods lists (TVPRA, E.O. 13126) ----------------------------------------------------- */

/* note mentions good as 'good' or "good" after "good " */
static bool note_names_good(const char *note, const char *good)
{
    size_t gl = strlen(good);
    for (const char *p = note; (p = strstr(p, "good ")) != NULL; p++) {
        const char *q = p + 5;
        if ((*q == '\'' || *q == '"') && strncasecmp(q + 1, good, gl) == 0 && q[gl + 1] == *q)
            return true;
    }
    return false;
}

static size_t commodity_for(imp *m, const char *good)
{
    const fl_ruleset *rs = m->rs;
    for (size_t c = 0; c < rs->n_commodities; c++)
        if (note_names_good(rs->commodities[c].note, good))
            return c;
    for (size_t c = 0; c < rs->n_commodities; c++)
        if (strcasecmp(rs->commodities[c].name, good) == 0)
            return c;
    const char *s = slug(m, good, 60);
    for (size_t c = 0; c < rs->n_commodities; c++)
        if (strcmp(rs->commodities[c].id, s) == 0)
            return c;
    return SIZE_MAX;
}

static bool is_reach(const fl_rule *r)
{
    return strstr(r->id, "-reach-") != NULL;
}

static bool list_pair(const imp *m, const fl_rule *r, const char cc[3], size_t com)
{
    return r->basis == m->basis && !r->n_names && !is_reach(r) && r->n_countries &&
           strcmp(r->countries[0], cc) == 0 && r->n_commodities && r->commodities[0] == com;
}

static const char *labor_words(unsigned labor)
{
    return labor == (FL_LABOR_FORCED | FL_LABOR_CHILD) ? "forced labor and child labor"
           : labor == FL_LABOR_FORCED                   ? "forced labor"
                                                        : "child labor";
}

static const char *country_words(imp *m, const fl_list_entry *e)
{
    if (e->country_text && *e->country_text)
        return e->country_text;
    const char *n = fl_country_display_name(m->countries, e->cc);
    return n ? n : e->cc;
}

/* A new row of rules-*.csv for a goods entry, from `from`, closed at `to` (0: open). */
static void add_goods_rule(imp *m, const fl_list_entry *e, size_t com, fl_date from, fl_date to,
                           const char *why)
{
    bool eo = m->kind == FL_LK_EO13126, primary;
    const char *goodslug = slug(m, e->good, 40);
    char lower[3] = {(char)tolower((unsigned char)e->cc[0]), (char)tolower((unsigned char)e->cc[1]), 0};
    char *id = fl_arena_printf(&m->arena, "%s-%s-%s-%s", eo ? "eo13126" : "tvpra", lower,
                               goodslug, ds(m, from));
    const char *country = country_words(m, e);
    char *title = eo ? fl_arena_printf(&m->arena, "%s - %s: E.O. 13126 list (forced or "
                                       "indentured child labor)", country, e->good)
                     : fl_arena_printf(&m->arena, "%s - %s: %s (TVPRA list)", country, e->good,
                                       labor_words(e->labor));
    const char *src = sources_cell(m, e, NULL, &primary);
    char *note = fl_arena_printf(
        &m->arena, "%s%s, %s from %s: listed for %s as of %s (%s). Imported by flscan rules "
        "import from a %s export.", primary ? "" : "secondary: ",
        eo ? "DOL E.O. 13126 List of Products" : "DOL TVPRA list", e->good, country,
        eo ? "forced or indentured child labor" : labor_words(e->labor), ds(m, from), why,
        fl_list_format_str(m->o->format));
    if (!id || !title || !note) {
        m->oom = true;
        return;
    }
    bool forced = e->labor & FL_LABOR_FORCED;
    const char *cells[R_N] = {
        id, title, fl_basis_str(m->basis), e->cc, "", m->rs->commodities[com].id,
        fl_labor_str(e->labor), eo || forced ? "high" : "medium", ds(m, from),
        to ? ds(m, to) : "", src, note};
    if (rule_id_taken(m, id)) {
        note_change(m, CH_SKIPPED, id, m->rules.name, from, "line %llu: a rule with this id "
                    "exists already", (unsigned long long)e->line);
        return;
    }
    if (fl_rtab_insert(&m->rules, 0, true, cells) == SIZE_MAX)
        m->oom = true;
    note_change(m, CH_ADDED, id, m->rules.name, from, "%s from %s: %s (%s)%s", e->good, country,
                eo ? "E.O. 13126 listing" : labor_words(e->labor), why,
                primary ? "" : " (secondary)");
}

static void merge_good(imp *m, const fl_list_entry *e)
{
    size_t com = commodity_for(m, e->good);
    if (com == SIZE_MAX) {
        note_change(m, CH_SKIPPED, NULL, NULL, 0, "line %llu: '%s' from %s: no commodity in "
                    "commodities.csv names this good; add one (HS prefixes, pattern) and import "
                    "again", (unsigned long long)e->line, e->good, country_words(m, e));
        return;
    }
    if (!e->labor) {
        note_change(m, CH_SKIPPED, NULL, NULL, 0, "line %llu: '%s' from %s: the list states no "
                    "exploitation type", (unsigned long long)e->line, e->good, country_words(m, e));
        return;
    }
    size_t now = SIZE_MAX, later = SIZE_MAX;
    for (size_t i = 0; i < m->rs->n_rules; i++) {
        const fl_rule *r = &m->rs->rules[i];
        if (!list_pair(m, r, e->cc, com))
            continue;
        if (m->matched[i] && fl_rule_in_force(r, m->as_of)) {
            note_change(m, CH_SKIPPED, NULL, NULL, 0, "line %llu: '%s' from %s is listed twice",
                        (unsigned long long)e->line, e->good, country_words(m, e));
            return;
        }
        m->matched[i] = true;
        if (fl_rule_in_force(r, m->as_of))
            now = i;
        else if (r->valid_from > m->as_of && (later == SIZE_MAX ||
                                               r->valid_from < m->rs->rules[later].valid_from))
            later = i;
    }
    if (now != SIZE_MAX && m->rs->rules[now].labor == e->labor) {
        m->unchanged++;
        return;
    }
    fl_date to = later != SIZE_MAX ? fl_date_prev(m->rs->rules[later].valid_from) : 0;
    if (now != SIZE_MAX) {
        const fl_rule *r = &m->rs->rules[now];
        if (r->valid_from == m->as_of) {
            note_change(m, CH_SKIPPED, r->id, r->file, m->as_of, "line %llu: the rule starts on "
                        "the list's date with %s, the list says %s: fix one by hand",
                        (unsigned long long)e->line, fl_labor_str(r->labor),
                        fl_labor_str(e->labor));
            return;
        }
        to = r->valid_to == FL_DATE_OPEN ? 0 : r->valid_to;
        char *why = fl_arena_printf(&m->arena, "the list of %s gives %s instead of %s",
                                    ds(m, m->as_of), labor_words(e->labor),
                                    labor_words(r->labor));
        if (why)
            end_rule(m, now, m->as_of, e, why, CH_CHANGED);
        char *repl = fl_arena_printf(&m->arena, "the labor type changed: it replaces %s", r->id);
        add_goods_rule(m, e, com, m->as_of, to, repl ? repl : "the labor type changed");
        return;
    }
    add_goods_rule(m, e, com, m->as_of, to, "not in the rule set before");
}

/* ---- entity lists (UFLPA, CBP) ----------------------------------------------------------- */

static void rule_keys(imp *m)
{
    for (size_t i = 0; i < m->rs->n_rules && !m->oom; i++) {
        const fl_rule *r = &m->rs->rules[i];
        if (!r->n_names || r->basis != m->basis)
            continue;
        m->rkeys[i] = fl_arena_alloc(&m->arena, r->n_names * sizeof *m->rkeys[i]);
        if (!m->rkeys[i]) {
            m->oom = true;
            return;
        }
        for (size_t k = 0; k < r->n_names; k++) {
            const char *key = fold(m, r->names[k]);
            if (key)
                m->rkeys[i][m->n_rkeys[i]++] = key;
        }
    }
}

static bool rule_has(const imp *m, size_t ri, const char *key)
{
    for (size_t k = 0; key && k < m->n_rkeys[ri]; k++)
        if (strcmp(m->rkeys[ri][k], key) == 0)
            return true;
    return false;
}

#define MAXKEYS 256

/* The folded names of an entry: names, aliases and, for an order, the pieces of its names. */
static size_t entry_keys(imp *m, const fl_list_entry *e, const char **keys)
{
    size_t n = 0;
    for (size_t i = 0; i < e->n_names + e->n_aliases && n < MAXKEYS; i++) {
        const char *s = i < e->n_names ? e->names[i] : e->aliases[i - e->n_names];
        const char *k = fold(m, s);
        if (k)
            keys[n++] = k;
        if (m->kind != FL_LK_WRO || i >= e->n_names)
            continue;
        const char **pieces;
        size_t np = fl_lname_pieces(&m->arena, s, &pieces);
        for (size_t p = 0; p < np && n < MAXKEYS; p++)
            if ((k = fold(m, pieces[p])) != NULL)
                keys[n++] = k;
    }
    return n;
}

/* Days between a rule's start and the entry's listing period (0 inside it). */
static long gap_days(const fl_rule *r, const fl_list_entry *e)
{
    if (!e->listed.from || (r->valid_from >= e->listed.from && r->valid_from <= e->listed.to))
        return 0;
    long d = fl_date_diff(e->listed.from, r->valid_from);
    return d < 0 ? -d : d;
}

static bool in_xinjiang(imp *m, const fl_list_entry *e)
{
    static const char *const places[] = {"xinjiang", "xuar", "urumqi", "kashgar", "hotan",
                                         "hetian", "aksu", "turpan", "changji", "karamay",
                                         "shihezi", "xpcc", "bingtuan"};
    for (size_t i = 0; i < e->n_names + e->n_aliases + e->n_addresses; i++) {
        const char *s = i < e->n_names                  ? e->names[i]
                        : i < e->n_names + e->n_aliases ? e->aliases[i - e->n_names]
                                                        : e->addresses[i - e->n_names - e->n_aliases];
        const char *k = fold(m, s);
        for (size_t p = 0; k && p < sizeof places / sizeof *places; p++) {
            const char *at = strstr(k, places[p]);
            size_t pl = strlen(places[p]);
            if (at && (at == k || at[-1] == ' ') && (at[pl] == ' ' || at[pl] == '\0'))
                return true;
        }
    }
    return false;
}

static const char *join(imp *m, const char *const *v, size_t n, const char *sep)
{
    size_t len = 1;
    for (size_t i = 0; i < n; i++)
        len += strlen(v[i]) + strlen(sep);
    char *s = fl_arena_alloc(&m->arena, len);
    if (!s) {
        m->oom = true;
        return "";
    }
    s[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        if (i)
            strcat(s, sep);
        strcat(s, v[i]);
    }
    return s;
}

/* The note of a new entity row. */
static const char *entity_note(imp *m, const fl_list_entry *e, const fl_lname *part,
                               fl_date from, bool primary, const char *why)
{
    char buf[2048];
    size_t n = 0;
    n += (size_t)snprintf(buf + n, sizeof buf - n, "%s", primary ? "" : "secondary: ");
    if (m->kind == FL_LK_UFLPA)
        n += (size_t)snprintf(buf + n, sizeof buf - n, "UFLPA Entity List%s%s, listed from %s",
                              e->section ? ", section " : "", e->section ? e->section : "",
                              ds(m, from));
    else
        n += (size_t)snprintf(buf + n, sizeof buf - n, "CBP %s of %s on %s; all goods of the "
                              "entity (an imported order's goods are not mapped to commodities)",
                              e->order ? e->order : "order", ds(m, from),
                              e->goods_text ? e->goods_text : "goods not stated in the list");
    if (e->n_addresses && n < sizeof buf)
        n += (size_t)snprintf(buf + n, sizeof buf - n, "; address: %s",
                              join(m, e->addresses, e->n_addresses, " | "));
    const char *pn = part && part->note ? part->note : e->note;
    if (pn && n < sizeof buf)
        n += (size_t)snprintf(buf + n, sizeof buf - n, "; %s", pn);
    if (e->n_names > 1 && part && n < sizeof buf) {
        n += (size_t)snprintf(buf + n, sizeof buf - n, "; named in the same order:");
        for (size_t i = 0; i < e->n_names && n < sizeof buf; i++)
            if (strcmp(e->names[i], part->name) != 0)
                n += (size_t)snprintf(buf + n, sizeof buf - n, " %s;", e->names[i]);
        if (n < sizeof buf && buf[n - 1] == ';')
            buf[--n] = '\0';
    }
    if (n < sizeof buf)
        snprintf(buf + n, sizeof buf - n, "; %s; imported by flscan rules import from a %s "
                 "export (%s as of %s)", why, fl_list_format_str(m->o->format),
                 fl_list_kind_str(m->kind), ds(m, m->as_of));
    const char *s = fl_arena_strdup(&m->arena, buf);
    if (!s)
        m->oom = true;
    return s ? s : "";
}

static const char *unique_entity_id(imp *m, const char *base)
{
    const char *id = base;
    for (int k = 2; rule_id_taken(m, id); k++) {
        id = fl_arena_printf(&m->arena, "%s-%d", base, k);
        if (!id) {
            m->oom = true;
            return base;
        }
    }
    return id;
}

/* New entities.csv rows for an entry: one for each producer it names. */
static void add_entities(imp *m, const fl_list_entry *e, fl_date from, fl_date to,
                         const char *why)
{
    if (!m->have_entities) {
        note_change(m, CH_SKIPPED, NULL, NULL, 0, "line %llu: the rule set has no entities.csv",
                    (unsigned long long)e->line);
        return;
    }
    fl_lname one = {e->names[0], e->aliases, e->n_aliases, e->note};
    const fl_lname *parts = e->n_parts ? e->parts : &one;
    size_t np = e->n_parts ? e->n_parts : 1;
    bool primary;
    const char *src = sources_cell(m, e, NULL, &primary);
    for (size_t i = 0; i < np && !m->oom; i++) {
        const fl_lname *p = &parts[i];
        const char *base = m->kind == FL_LK_UFLPA
                               ? fl_arena_printf(&m->arena, "uflpa-%s", slug(m, p->name, 50))
                               : fl_arena_printf(&m->arena, "wro-%s-%s", ds(m, from),
                                                 slug(m, p->name, 45));
        if (!base) {
            m->oom = true;
            return;
        }
        const char *id = unique_entity_id(m, base);
        const char *cc = e->cc[0] ? e->cc : m->kind == FL_LK_UFLPA ? "CN" : "";
        bool xj = strcmp(cc, "CN") == 0 && in_xinjiang(m, e);
        const char *cells[E_N] = {
            id, p->name, join(m, p->aliases, p->n_aliases, "|"), cc, xj ? "CN-XJ" : "",
            fl_basis_str(m->basis), ds(m, from), to ? ds(m, to) : "", "*", src,
            entity_note(m, e, np > 1 ? p : NULL, from, primary, why)};
        if (fl_rtab_insert(&m->entities, SIZE_MAX, false, cells) == SIZE_MAX)
            m->oom = true;
        note_change(m, CH_ADDED, id, m->entities.name, from, "%s%s%s%s", p->name,
                    e->section ? ", section " : "", e->section ? e->section : "",
                    primary ? "" : " (secondary)");
    }
}

/* The first day an ended entry was no longer in force (a month or year given: the day after
   it), 0 when unknown. */
static fl_date end_day(const fl_list_entry *e)
{
    if (!e->end.from)
        return 0;
    return e->end.from == e->end.to ? e->end.from : fl_date_next(e->end.to);
}

/* Aliases the entry knows for the rule's producer that the rule lacks, appended. */
static size_t add_aliases(imp *m, size_t ri, const rref *x, const fl_list_entry *e, char *what,
                          size_t cap)
{
    const char *const *al = e->aliases;
    size_t nal = e->n_aliases, added = 0;
    if (e->n_parts > 1) {
        al = NULL;
        nal = 0;
        for (size_t p = 0; p < e->n_parts; p++)
            if (rule_has(m, ri, fold(m, e->parts[p].name))) {
                al = e->parts[p].aliases;
                nal = e->parts[p].n_aliases;
            }
    }
    for (size_t k = 0; k < nal && !m->oom; k++) {
        const char *key = fold(m, al[k]);
        if (!key || rule_has(m, ri, key))
            continue;
        const char *cur = x->t->rows[x->row][E_ALIASES];
        char *v = fl_arena_printf(&m->arena, "%s%s%s", cur, *cur ? "|" : "", al[k]);
        if (!v) {
            m->oom = true;
            break;
        }
        set(m, x, E_ALIASES, v);
        size_t len = strlen(what);
        snprintf(what + len, cap - len, "%salias '%s' added", len ? "; " : "", al[k]);
        added++;
    }
    return added;
}

/* An entry matched to rule ri: dates, end and aliases compared and brought in line. */
static void compare_entity(imp *m, size_t ri, const fl_list_entry *e)
{
    const fl_rule *r = &m->rs->rules[ri];
    rref x = ref_of(m, ri);
    if (!x.t || x.row == SIZE_MAX)
        return;
    char what[1024] = "";
    size_t edits = 0;
    fl_date from = r->valid_from;
    if (gap_days(r, e) && e->listed.from <= r->valid_to) {
        from = e->listed.from;
        set(m, &x, col_from(&x), ds(m, from));
        snprintf(what, sizeof what, "listed from %s, not %s", ds(m, from), ds(m, r->valid_from));
        edits++;
    }
    if (x.entity)
        edits += add_aliases(m, ri, &x, e, what, sizeof what);
    if (edits) {
        char *words = fl_arena_printf(&m->arena, "Changed by flscan rules import (%s as of %s): "
                                      "%s.", fl_list_kind_str(m->kind), ds(m, m->as_of), what);
        if (words)
            annotate(m, &x, e, words);
        note_change(m, CH_CHANGED, r->id, x.t->name, from, "%s", what);
    }
    bool ended = false;
    if (e->ended && end_day(e))
        ended = end_rule(m, ri, end_day(e), e, "the list gives the end of the order", CH_KINDS);
    else if (e->ended && e->current && fl_rule_in_force(r, m->as_of))
        ended = end_rule(m, ri, m->as_of, e, "no longer in force on the list, which gives no "
                         "date: the day before the list's date is the latest end", CH_KINDS);
    else if (!e->ended && e->current && r->valid_to < m->as_of) {
        char *why = fl_arena_printf(&m->arena, "listed again: %s had ended on %s", r->id,
                                    ds(m, r->valid_to));
        add_entities(m, e, m->as_of, 0, why ? why : "listed again");
        ended = true;
    }
    if (!edits && !ended)
        m->unchanged++;
}

/* Area rules (rules-wro.csv) an order without a known producer's name may be. */
static size_t area_candidates(imp *m, const fl_list_entry *e, size_t *out, size_t cap,
                              long slack)
{
    size_t n = 0;
    for (size_t i = 0; i < m->rs->n_rules && n < cap; i++) {
        const fl_rule *r = &m->rs->rules[i];
        bool here = false;
        for (size_t c = 0; c < r->n_countries && !here; c++)
            here = strcmp(r->countries[c], e->cc) == 0;
        if (r->basis == FL_BASIS_WRO && !r->n_names && here &&
            gap_days(r, e) <= slack)
            out[n++] = i;
    }
    return n;
}

static void merge_entity(imp *m, const fl_list_entry *e)
{
    const char *keys[MAXKEYS];
    size_t nk = entry_keys(m, e, keys), cand[64], nc = 0;
    long best = FL_IMPORT_DATE_SLACK_DAYS + 1;
    for (size_t i = 0; i < m->rs->n_rules; i++) {
        const fl_rule *r = &m->rs->rules[i];
        if (!r->n_names || r->basis != m->basis)
            continue;
        bool hit = false;
        for (size_t k = 0; k < nk && !hit; k++)
            hit = rule_has(m, i, keys[k]);
        long gap = m->kind == FL_LK_WRO ? gap_days(r, e) : 0;
        if (!hit || gap > best)
            continue;
        if (gap < best)
            nc = 0; /* a closer order: the others are other orders on the same names */
        best = gap;
        if (nc < 64)
            cand[nc++] = i;
    }
    if (!nc && m->kind == FL_LK_WRO && e->cc[0]) {
        /* a named order is an area rule only on the very date, and only one */
        nc = area_candidates(m, e, cand, 64, e->area ? FL_IMPORT_DATE_SLACK_DAYS : 0);
        if (!e->area && nc > 1)
            nc = 0;
    }
    for (size_t c = 0; c < nc; c++) {
        m->matched[cand[c]] = true;
        compare_entity(m, cand[c], e);
    }
    if (nc)
        return;
    if (e->area || !e->n_names) {
        note_change(m, CH_SKIPPED, NULL, NULL, 0, "line %llu: an order on %s goods of %s "
                    "(%s) matches no area rule of rules-wro.csv; add it by hand",
                    (unsigned long long)e->line, e->goods_text ? e->goods_text : "the",
                    country_words(m, e), ds(m, e->listed.from));
        return;
    }
    if (e->ended && !end_day(e)) {
        note_change(m, CH_SKIPPED, NULL, NULL, 0, "line %llu: '%s' is no longer in force and "
                    "the list gives no end date: not added", (unsigned long long)e->line,
                    e->names[0]);
        return;
    }
    fl_date from = e->listed.from ? e->listed.from : m->as_of;
    fl_date to = e->ended ? fl_date_prev(end_day(e)) : 0;
    add_entities(m, e, from, to, "not in the rule set before");
}

/* A complete list no longer holding a rule in force: the rule ends the day before. */
static void removals(imp *m)
{
    if (!m->complete)
        return;
    char *why = fl_arena_printf(&m->arena, "not on the %s as of %s", fl_list_kind_str(m->kind),
                                ds(m, m->as_of));
    for (size_t i = 0; why && i < m->rs->n_rules; i++) {
        const fl_rule *r = &m->rs->rules[i];
        bool scope = r->basis == m->basis && !is_reach(r);
        if (m->kind == FL_LK_UFLPA || m->kind == FL_LK_TVPRA || m->kind == FL_LK_EO13126)
            scope = scope && (m->kind == FL_LK_UFLPA) == (r->n_names > 0);
        if (scope && !m->matched[i] && fl_rule_in_force(r, m->as_of))
            end_rule(m, i, m->as_of, NULL, why, CH_REMOVED);
    }
}

/* ---- loading, checking and writing ------------------------------------------------------- */

static bool has_file(const fl_ruleset *rs, const char *name)
{
    for (size_t i = 0; i < rs->n_files; i++)
        if (strcmp(rs->files[i], name) == 0)
            return true;
    return false;
}

static const char *rules_file(fl_list_kind k)
{
    return k == FL_LK_TVPRA ? "rules-tvpra.csv" : k == FL_LK_EO13126 ? "rules-eo13126.csv"
                                                : k == FL_LK_WRO     ? "rules-wro.csv"
                                                                     : NULL;
}

static fl_status read_tables(imp *m)
{
    const char *dir = m->o->rules_dir;
    fl_status st = fl_rtab_read(&m->meta, dir, "ruleset.csv", meta_cols, 2);
    if (st == FL_OK)
        st = fl_rtab_read(&m->sources, dir, "sources.csv", source_cols, S_N);
    m->have_entities = has_file(m->rs, "entities.csv");
    if (st == FL_OK && m->have_entities)
        st = fl_rtab_read(&m->entities, dir, "entities.csv", entity_cols, E_N);
    const char *rf = rules_file(m->kind);
    m->have_rules = rf && has_file(m->rs, rf);
    if (st == FL_OK && m->have_rules)
        st = fl_rtab_read(&m->rules, dir, rf, rule_cols, R_N);
    /* the hand-kept tables: their rows are found and edited like the others' */
    m->xsrc = calloc(m->rs->n_files + 1, sizeof *m->xsrc);
    m->xent = calloc(m->rs->n_files + 1, sizeof *m->xent);
    m->tabs = calloc(2 * m->rs->n_files + 5, sizeof *m->tabs);
    if (!m->xsrc || !m->xent || !m->tabs)
        return FL_ERR_NOMEM;
    for (size_t i = 0; i < m->rs->n_files && st == FL_OK; i++) {
        const char *f = m->rs->files[i];
        if (strncmp(f, "sources-", 8) == 0)
            st = fl_rtab_read(&m->xsrc[m->n_xsrc++], dir, f, source_cols, S_N);
        else if (strncmp(f, "entities-", 9) == 0)
            st = fl_rtab_read(&m->xent[m->n_xent++], dir, f, entity_cols, E_N);
    }
    return st;
}

/* An earlier import killed while it put its tables in place is finished or rolled back (its
   journal says which) before anything is read. */
static fl_status recover(const char *dir)
{
    /* the tables an import writes, and the hand-kept ones it may edit */
    enum { MAX_PATHS = 64 };
    static const char *const names[] = {"ruleset.csv",     "sources.csv",       "entities.csv",
                                        "rules-tvpra.csv", "rules-eo13126.csv", "rules-wro.csv"};
    char *paths[MAX_PATHS] = {0};
    size_t n = 0;
    fl_status st = FL_OK;
    for (size_t i = 0; i < sizeof names / sizeof *names && st == FL_OK; i++)
        if (!(paths[n++] = fl_path_join(dir, names[i])))
            st = FL_ERR_NOMEM;
    DIR *d = opendir(dir);
    for (struct dirent *e; st == FL_OK && d && n < MAX_PATHS && (e = readdir(d)) != NULL;) {
        size_t len = strlen(e->d_name);
        if ((strncmp(e->d_name, "entities-", 9) == 0 || strncmp(e->d_name, "sources-", 8) == 0) &&
            len > 4 && strcmp(e->d_name + len - 4, ".csv") == 0 &&
            !(paths[n++] = fl_path_join(dir, e->d_name)))
            st = FL_ERR_NOMEM;
    }
    if (d)
        closedir(d);
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    if (st == FL_OK)
        st = fl_publish_startup(NULL, (const char *const *)paths, n, NULL, NULL, &now);
    for (size_t i = 0; i < n; i++)
        free(paths[i]);
    return st;
}

static fl_status setup(imp *m)
{
    const fl_import_opts *o = m->o;
    fl_status st = o->dry_run ? FL_OK : recover(o->rules_dir);
    if (st == FL_OK)
        st = fl_rules_load(o->rules_dir, m->countries, &m->rs);
    if (st != FL_OK)
        return st;
    st = fl_list_read(o->path, NULL, o->format, m->countries, &m->list);
    if (st != FL_OK) {
        if (st == FL_ERR_RULES)
            fl_error("'%s' has errors; nothing was imported", o->path);
        return st;
    }
    m->kind = m->list.kind;
    static const fl_basis basis[] = {[FL_LK_TVPRA] = FL_BASIS_TVPRA,
                                     [FL_LK_EO13126] = FL_BASIS_EO13126,
                                     [FL_LK_UFLPA] = FL_BASIS_UFLPA_ENTITY,
                                     [FL_LK_WRO] = FL_BASIS_WRO};
    m->basis = basis[m->kind];
    m->as_of = o->as_of ? o->as_of : m->list.newest;
    if (!m->as_of) {
        fl_error("'%s' shows no date: give the date of the list with --date YYYY-MM-DD",
                 o->path);
        return FL_ERR_USAGE;
    }
    m->complete = fl_list_format_complete(o->format) && !o->partial;
    if ((st = read_tables(m)) != FL_OK || (st = list_source(m)) != FL_OK)
        return st;
    m->matched = calloc(m->rs->n_rules + 1, sizeof *m->matched);
    m->rkeys = calloc(m->rs->n_rules + 1, sizeof *m->rkeys);
    m->n_rkeys = calloc(m->rs->n_rules + 1, sizeof *m->n_rkeys);
    if (!m->matched || !m->rkeys || !m->n_rkeys)
        return FL_ERR_NOMEM;
    rule_keys(m);
    return m->oom ? FL_ERR_NOMEM : FL_OK;
}

static const fl_rtab *const *tables(const imp *m, size_t *n)
{
    const fl_rtab **t = m->tabs;
    *n = 0;
    t[(*n)++] = &m->meta;
    t[(*n)++] = &m->sources;
    if (m->have_entities)
        t[(*n)++] = &m->entities;
    if (m->have_rules)
        t[(*n)++] = &m->rules;
    for (size_t i = 0; i < m->n_xent; i++)
        t[(*n)++] = &m->xent[i];
    return t;
}

static bool write_table(const fl_rtab *t, const char *path)
{
    FILE *fp = fopen(path, "w");
    if (!fp)
        return false;
    bool ok = fl_rtab_write(t, fp);
    return fclose(fp) == 0 && ok;
}

static bool copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb"), *out = in ? fopen(to, "wb") : NULL;
    bool ok = in && out;
    char buf[65536];
    size_t n;
    while (ok && (n = fread(buf, 1, sizeof buf, in)) > 0)
        ok = fwrite(buf, 1, n, out) == n;
    ok = ok && !ferror(in);
    if (in)
        fclose(in);
    if (out)
        ok = fclose(out) == 0 && ok;
    return ok;
}

/* The new set, written whole into a scratch folder inside the rule set and loaded as a scan
   loads it: true when it loads. The folder is removed again. */
static fl_status check_new_set(imp *m)
{
    char *tmpl = fl_path_join(m->o->rules_dir, ".import-XXXXXX");
    if (!tmpl)
        return FL_ERR_NOMEM;
    if (!mkdtemp(tmpl)) {
        fl_error("cannot write into '%s': %s", m->o->rules_dir, strerror(errno));
        free(tmpl);
        return FL_ERR_OUTPUT;
    }
    fl_status st = FL_OK;
    size_t nt;
    const fl_rtab *const *t = tables(m, &nt);
    for (size_t i = 0; i < m->rs->n_files && st == FL_OK; i++) {
        const char *name = m->rs->files[i];
        char *from = fl_path_join(m->o->rules_dir, name), *to = fl_path_join(tmpl, name);
        const fl_rtab *tab = NULL;
        for (size_t k = 0; k < nt; k++)
            if (strcmp(t[k]->name, name) == 0 && t[k]->dirty)
                tab = t[k];
        if (!from || !to)
            st = FL_ERR_NOMEM;
        else if (!(tab ? write_table(tab, to) : copy_file(from, to))) {
            fl_error("cannot write '%s': %s", to, strerror(errno));
            st = FL_ERR_OUTPUT;
        }
        free(from);
        free(to);
    }
    fl_ruleset *rs2 = NULL;
    if (st == FL_OK && (st = fl_rules_load(tmpl, m->countries, &rs2)) != FL_OK)
        fl_error("the rule set would not load after this import (see above); nothing was "
                 "changed");
    fl_ruleset_free(rs2);
    for (size_t i = 0; i < m->rs->n_files; i++) {
        char *p = fl_path_join(tmpl, m->rs->files[i]);
        if (p)
            unlink(p);
        free(p);
    }
    rmdir(tmpl);
    free(tmpl);
    return st;
}

/* Every changed table put in place together. */
static fl_status publish(imp *m)
{
    size_t nt;
    const fl_rtab *const *t = tables(m, &nt);
    fl_publish_hold();
    fl_status st = FL_OK;
    for (size_t i = 0; i < nt && st == FL_OK; i++) {
        if (!t[i]->dirty)
            continue;
        char *path = fl_path_join(m->o->rules_dir, t[i]->name);
        fl_outfile out;
        if (!path)
            st = FL_ERR_NOMEM;
        else if ((st = fl_outfile_begin(&out, path, true)) == FL_OK) {
            (void)fl_rtab_write(t[i], out.fp); /* a write error is found by the commit */
            st = fl_outfile_commit(&out);
        }
        free(path);
    }
    if (st == FL_OK)
        return fl_publish_run(NULL);
    fl_publish_discard();
    return st;
}

/* ruleset.csv's date becomes the list's when that is later. */
static void date_ruleset(imp *m)
{
    size_t row = fl_rtab_find(&m->meta, 0, "date");
    if (row == SIZE_MAX)
        return;
    fl_date cur = fl_date_parse_iso(m->meta.rows[row][1], strlen(m->meta.rows[row][1]));
    if (cur < m->as_of && !fl_rtab_set(&m->meta, row, 1, ds(m, m->as_of)))
        m->oom = true;
}

static void report(imp *m, FILE *out, fl_import_counts *c)
{
    memset(c, 0, sizeof *c);
    size_t *slot[CH_KINDS] = {&c->added, &c->changed, &c->removed, &c->not_imported};
    for (size_t i = 0; i < m->n_ch; i++)
        (*slot[m->ch[i].kind])++;
    c->unchanged = m->unchanged;
    fprintf(out, "# flscan rules import --format %s: %s as of %s, %zu entries; %s\n",
            fl_list_format_str(m->o->format), fl_list_kind_str(m->kind), ds(m, m->as_of),
            m->list.n, m->complete ? "a complete list: a rule in force that it lacks ends the "
                                     "day before its date"
                                   : "a partial list: nothing ends for being absent");
    fprintf(out, "change\tid\tdate\tfile\twhat\n");
    for (int k = 0; k < CH_KINDS; k++)
        for (size_t i = 0; i < m->n_ch; i++) {
            const change *ch = &m->ch[i];
            if ((int)ch->kind == k)
                fprintf(out, "%s\t%s\t%s\t%s\t%s\n", ch_names[k], ch->id,
                        ch->date ? ds(m, ch->date) : "-", ch->file, ch->what);
        }
    fprintf(out, "# %zu added, %zu changed, %zu removed, %zu unchanged, %zu not imported%s\n",
            c->added, c->changed, c->removed, c->unchanged, c->not_imported,
            m->o->dry_run ? " (dry run: nothing written)" : "");
}

static void teardown(imp *m)
{
    fl_ruleset_free(m->rs);
    fl_list_free(&m->list);
    fl_rtab_free(&m->meta);
    fl_rtab_free(&m->sources);
    fl_rtab_free(&m->entities);
    fl_rtab_free(&m->rules);
    for (size_t i = 0; i < m->n_xsrc; i++)
        fl_rtab_free(&m->xsrc[i]);
    for (size_t i = 0; i < m->n_xent; i++)
        fl_rtab_free(&m->xent[i]);
    free(m->xsrc);
    free(m->xent);
    free(m->tabs);
    free(m->matched);
    free(m->rkeys);
    free(m->n_rkeys);
    free(m->ch);
    fl_arena_free(&m->arena);
}

fl_status fl_rules_import(const fl_import_opts *o, const fl_countries *countries, FILE *out,
                          fl_import_counts *counts)
{
    imp m;
    memset(&m, 0, sizeof m);
    m.o = o;
    m.countries = countries;
    fl_import_counts local;
    if (!counts)
        counts = &local;
    memset(counts, 0, sizeof *counts);
    fl_status st = setup(&m);
    for (size_t i = 0; st == FL_OK && i < m.list.n && !m.oom; i++) {
        const fl_list_entry *e = &m.list.v[i];
        if (m.kind == FL_LK_TVPRA || m.kind == FL_LK_EO13126)
            merge_good(&m, e);
        else
            merge_entity(&m, e);
    }
    if (st == FL_OK) {
        removals(&m);
        bool edits = m.meta.dirty || m.sources.dirty || m.entities.dirty || m.rules.dirty;
        for (size_t i = 0; i < m.n_xent; i++)
            edits = edits || m.xent[i].dirty;
        if (edits)
            date_ruleset(&m);
        if (m.oom)
            st = FL_ERR_NOMEM;
        else if (edits && (st = check_new_set(&m)) == FL_OK && !o->dry_run)
            st = publish(&m);
    }
    if (st == FL_OK)
        report(&m, out, counts);
    teardown(&m);
    return st;
}
