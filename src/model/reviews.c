/* reviews.c - decisions read from a workbook or a CSV; see reviews.h. The only user of
 * libzip and libxml2. */
#include "reviews.h"

#include <ctype.h>
#include <errno.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlversion.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <zip.h>

#include "dates.h"
#include "diag.h"
#include "table.h"
#include "textsafe.h"

#define TEXT_MAX (1u << 20) /* a cell's text kept; Excel's own limit is 32,767 */
#define MEMBER_NAME_MAX 512
#define ROW_MAX 1048576L /* Excel's last row */
#define NS_REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define FMT_MAX 65536 /* number format ids kept in the date map */
#define XF_MAX 65536  /* cell formats kept in the date map (Excel allows 64,000) */

static const char *const canon[] = {"Open", "Confirmed", "False positive", "Escalated", "Resolved"};

const char *fl_disposition_canonical(const char *s, size_t len)
{
    while (len && isspace((unsigned char)*s)) {
        s++;
        len--;
    }
    while (len && isspace((unsigned char)s[len - 1]))
        len--;
    for (size_t i = 0; i < sizeof canon / sizeof *canon; i++)
        if (strlen(canon[i]) == len && strncasecmp(s, canon[i], len) == 0)
            return canon[i];
    return NULL;
}

const char *fl_reviews_versions(void)
{
    static char v[64];
    if (!v[0])
        snprintf(v, sizeof v, "libzip %s; libxml2 %s", zip_libzip_version(), LIBXML_DOTTED_VERSION);
    return v;
}

/* ---- serial dates and case ids ---------------------------------------------------------- */

/* The date of day z counted from 1970-01-01 (proleptic Gregorian), 0 outside 1900..2999. */
static fl_date civil_date(long z)
{
    z += 719468; /* from 0000-03-01, so that a leap day ends its year */
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
    long y = yoe + era * 400 + (m <= 2);
    if (y < 1900 || y > 2999 || !fl_date_valid((unsigned)y, (unsigned)m, (unsigned)d))
        return 0;
    return (fl_date)(y * 10000 + m * 100 + d);
}

fl_date fl_reviews_serial_date(double serial, bool date1904)
{
    /* NaN fails both comparisons; 2999-12-31 is serial 401768 (1900) */
    if (!(serial >= 0.0 && serial < 1e6))
        return 0;
    long n = (long)serial; /* the day; the fraction is the time of day */
    if (date1904)
        return civil_date(n - 24107); /* 1904-01-01 is day -24107 of 1970 */
    if (n < 1 || n == 60)
        return 0; /* 0 is "1900-01-00"; 60 is the 29 February 1900 that never was */
    return civil_date(n - 25568 - (n > 60)); /* serial 1 is 1900-01-01, day -25567 */
}

bool fl_reviews_is_case_id(const char *s, size_t len)
{
    if (len != 14 || (s[0] != 'C' && s[0] != 'c') || s[1] != '-')
        return false;
    for (size_t i = 2; i < len; i++)
        if (!isxdigit((unsigned char)s[i]))
            return false;
    return true;
}

/* ---- one row to one decision, for both kinds of file ------------------------------------ */

typedef struct sink {
    const char *path;
    fl_review_fn fn;
    void *ctx;
    fl_reviews_stats stats;
    bool workbook;
    const char *reviewer; /* --reviewer (trimmed), "" none */
    char named[256];      /* its copy */
    /* A workbook's properties: who saved it last (as read, and "" when it may not be
       credited: empty or flscan) and the modified date ("" when it is not to be used). */
    const char *saved_by, *credit, *saved_on;
    size_t warned; /* row warnings, printed or not (at most FL_REVIEWS_WARNINGS_SHOWN) */
} sink;

/* A warning about one row; past the first FL_REVIEWS_WARNINGS_SHOWN, only counted (a hostile
   or mangled sheet would otherwise print one line per row; the read ends with the count). */
static void warn_row(sink *k, const char *fmt, ...) FL_PRINTF(2, 3);
static void warn_row(sink *k, const char *fmt, ...)
{
    if (k->warned++ >= FL_REVIEWS_WARNINGS_SHOWN)
        return;
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fl_warn("%s", msg);
}

/* Trimmed copy of s[0..len) into buf (cut to cap - 1). */
static char *trim_copy(const char *s, size_t len, char *buf, size_t cap)
{
    while (len && isspace((unsigned char)*s)) {
        s++;
        len--;
    }
    while (len && isspace((unsigned char)s[len - 1]))
        len--;
    if (len >= cap)
        len = cap - 1;
    memmove(buf, s, len); /* s may lie in buf (a property trimmed in place) */
    buf[len] = '\0';
    return buf;
}

/* One row as read, from either kind of file. */
typedef struct row_in {
    const char *where;      /* the row's decision cell ("path: Flags!V12") or line */
    const char *date_where; /* its date cell (or line), for the date's warning */
    bool is_case;           /* id is a case id, else a fingerprint */
    fl_slice id, disp, note, reviewer, date;
} row_in;

/* The row's id checked and put in canonical form into out (80 bytes); false (warned) when
   it is no fingerprint or case id. */
static bool canonical_id(sink *k, const row_in *r, char *f)
{
    size_t n = strlen(f);
    if (r->is_case) {
        if (!fl_reviews_is_case_id(f, n)) {
            warn_row(k,
                     "%s: '%.70s' is not a case id ('C-' and 12 hexadecimal digits); row "
                     "skipped",
                     r->where, f);
            return false;
        }
        f[0] = 'C';
        for (size_t i = 2; i < n; i++)
            f[i] = (char)tolower((unsigned char)f[i]);
        return true;
    }
    bool hex = n == 64;
    for (size_t i = 0; i < n && hex; i++) {
        hex = isxdigit((unsigned char)f[i]);
        f[i] = (char)tolower((unsigned char)f[i]);
    }
    if (!hex)
        warn_row(k, "%s: '%.70s' is not a flag fingerprint (64 hexadecimal digits); row skipped",
                 r->where, f);
    return hex;
}

/*
 * One row: id, disposition and note as read; the row's reviewer and date, when given, come
 * before --reviewer and the workbook's properties (reviews.h).
 */
static fl_status emit(sink *k, const row_in *r)
{
    char f[80], d[32], who[256], when[32];
    k->stats.rows++;
    trim_copy(r->id.ptr, r->id.len, f, sizeof f);
    trim_copy(r->disp.ptr, r->disp.len, d, sizeof d);
    fl_slice note = r->note;
    bool has_note = false;
    for (size_t i = 0; i < note.len && !has_note; i++)
        has_note = !isspace((unsigned char)note.ptr[i]);
    if (!f[0] || (!d[0] && !has_note))
        return FL_OK;
    if (!canonical_id(k, r, f)) {
        k->stats.skipped++;
        return FL_OK;
    }
    const char *c = d[0] ? fl_disposition_canonical(d, strlen(d)) : "Open";
    if (!c) {
        warn_row(k,
                 "%s: unknown disposition '%s'; expected Open, Confirmed, False positive, "
                 "Escalated or Resolved; row skipped",
                 r->where, d);
        k->stats.skipped++;
        return FL_OK;
    }
    trim_copy(r->reviewer.ptr, r->reviewer.len, who, sizeof who);
    trim_copy(r->date.ptr, r->date.len, when, sizeof when);
    bool no_date = !when[0];
    if (when[0] && (strlen(when) != 10 || !fl_date_parse_iso(when, 10))) {
        warn_row(k,
                 "%s: '%s' is not a date (YYYY-MM-DD, or a date cell in a workbook); the "
                 "decision is kept with the run date",
                 r->date_where, when);
        when[0] = '\0';
    }
    /* The note keeps its inner line breaks; only the ends are trimmed. It is handed on as a C
       string, so it ends at a NUL byte: trim there, not after it. */
    note.len = strnlen(note.ptr, note.len);
    while (note.len && isspace((unsigned char)*note.ptr)) {
        note.ptr++;
        note.len--;
    }
    while (note.len && isspace((unsigned char)note.ptr[note.len - 1]))
        note.len--;
    char *nt = strndup(note.ptr, note.len);
    if (!nt)
        return FL_ERR_NOMEM;
    bool unnamed = !who[0] && !k->reviewer[0], dated = no_date && k->saved_on[0];
    const char *by = who[0] ? who : k->reviewer[0] ? k->reviewer : k->credit;
    fl_decision dec = {.fingerprint = r->is_case ? NULL : f,
                       .disposition = c,
                       .note = nt,
                       .reviewer = by,
                       .date = when[0] ? when
                               : dated ? k->saved_on
                                       : "",
                       .source = r->where,
                       .case_id = r->is_case ? f : NULL,
                       .fallback_reviewer = k->reviewer[0] ? k->reviewer : k->credit,
                       .fallback_date = k->saved_on};
    k->stats.decisions++;
    bool taken = true;
    fl_status st = k->fn(&dec, k->ctx, &taken);
    k->stats.unnamed += taken && unnamed;
    k->stats.dated += taken && dated;
    free(nt);
    return st;
}

/* The file's warnings about reviewers and dates it did not give (reviews.h). */
static void warn_fallbacks(const sink *k)
{
    size_t n = k->stats.unnamed;
    char shown[160];
    if (n && !k->workbook) {
        fl_warn("%zu decision%s in '%s' name%s no reviewer (no 'reviewer' value and no "
                "--reviewer NAME); recorded with no reviewer",
                n, n == 1 ? "" : "s", k->path, n == 1 ? "s" : "");
    } else if (n && k->credit[0]) {
        fl_textsafe_show(k->credit, strlen(k->credit), shown, sizeof shown);
        fl_warn("%zu decision%s in '%s' name%s no reviewer in 'Reviewed by'; credited to '%s' "
                "from the file's last-modified-by property",
                n, n == 1 ? "" : "s", k->path, n == 1 ? "s" : "", shown);
    } else if (n) {
        fl_warn("%zu decision%s in '%s' name%s no reviewer in 'Reviewed by'; recorded with no "
                "reviewer: the file's last-modified-by property is %s (fill in 'Reviewed by', "
                "or give --reviewer NAME)",
                n, n == 1 ? "" : "s", k->path, n == 1 ? "s" : "",
                k->saved_by[0] ? "'flscan', the report as written, not a reviewer" : "empty");
    }
    n = k->stats.dated;
    if (n)
        fl_warn("%zu decision%s in '%s' give%s no date in 'Reviewed on'; dated %s from the "
                "file's modified property",
                n, n == 1 ? "" : "s", k->path, n == 1 ? "s" : "", k->saved_on);
}

/* ---- CSV --------------------------------------------------------------------------------- */

enum { CSV_DISP, CSV_NOTE, CSV_FP, CSV_CASE, CSV_WHO, CSV_DATE, N_CSV };
static const char *const csv_cols[N_CSV] = {"disposition", "note",     "fingerprint",
                                            "case",        "reviewer", "date"};

static fl_status on_csv_row(const fl_table_row *row, void *p)
{
    sink *k = p;
    char where[600];
    snprintf(where, sizeof where, "%s:%llu", row->file, (unsigned long long)row->line);
    if (!row->colno[CSV_FP] && !row->colno[CSV_CASE]) {
        fl_error("reviews '%s': no column 'fingerprint' (or 'case', for case decisions) in the "
                 "header",
                 row->file);
        return FL_ERR_INPUT;
    }
    const fl_slice *c = row->cells;
    bool fp = false, cs = false;
    for (size_t i = 0; i < c[CSV_FP].len && !fp; i++)
        fp = !isspace((unsigned char)c[CSV_FP].ptr[i]);
    for (size_t i = 0; i < c[CSV_CASE].len && !cs; i++)
        cs = !isspace((unsigned char)c[CSV_CASE].ptr[i]);
    if (fp && cs) {
        k->stats.rows++;
        k->stats.skipped++;
        warn_row(k, "%s: both a fingerprint and a case; give one a row; row skipped", where);
        return FL_OK;
    }
    row_in r = {where,       where,       cs,         cs ? c[CSV_CASE] : c[CSV_FP],
                c[CSV_DISP], c[CSV_NOTE], c[CSV_WHO], c[CSV_DATE]};
    return emit(k, &r);
}

static fl_status read_csv(sink *k)
{
    fl_status st = fl_table_read(k->path, k->path, csv_cols, N_CSV, 2, on_csv_row, k);
    /* The table reader speaks of rules; here a bad table is a bad input. */
    return st == FL_ERR_RULES ? FL_ERR_INPUT : st;
}

/* ---- text buffers ------------------------------------------------------------------------ */

typedef struct buf {
    char *p;
    size_t len, cap;
} buf;

static bool buf_add(buf *b, const char *s, size_t n)
{
    if (b->len + n > TEXT_MAX)
        n = b->len < TEXT_MAX ? TEXT_MAX - b->len : 0; /* cut: no reviewer writes this much */
    if (!fl_grow((void **)&b->p, &b->cap, b->len + n + 1, 1))
        return false;
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
    return true;
}

static void buf_clear(buf *b)
{
    b->len = 0;
    if (b->p)
        b->p[0] = '\0';
}

/* ---- workbook: zip members through libxml2's streaming reader ---------------------------- */

/* libxml2's first error in the part being read, and whether any was out of memory. */
typedef struct xml_err {
    bool seen, nomem;
    int line;
    char msg[160];
} xml_err;

typedef struct book {
    sink *k;
    const fl_reviews_limits *lim;
    zip_t *zip;
    uint64_t budget;   /* bytes that may be inflated from the workbook (the inflation cap) */
    uint64_t inflated; /* bytes inflated so far, all parts */
    /* shared strings: string i is sst + sst_off[i]; sst_bytes counts them for their cap */
    char *sst;
    size_t sst_len, sst_cap, sst_bytes;
    uint32_t *sst_off;
    size_t n_shared, cap_off;
    /* sheets in workbook order: name and zip member */
    char **sheet_name, **sheet_rid;
    size_t n_sheets;
    /* relationships of the workbook part */
    char **rel_id, **rel_target;
    size_t n_rels;
    /* xl/styles.xml: which number formats, and which cell formats (the s of a cell) are
       dates; numFmtIds and cellXfs past these maps (Excel's own limits are far below) are
       not dates */
    unsigned char fmt_date[FMT_MAX / 8], xf_date[XF_MAX / 8];
    bool date1904; /* the workbook counts days from 1904 */
    bool nomem;    /* one of our allocations failed */
    bool stop;     /* the node function has what it needs from this part */
    xml_err err;
    size_t sheets_read;
} book;

/* A zip member inflated for libxml2, every byte counted against the size caps. */
typedef struct member_io {
    book *bk;
    zip_file_t *zf;
    uint64_t bytes;   /* inflated from this member */
    const char *over; /* the cap passed ("part", "inflation"), or NULL */
    bool failed;      /* libzip could not inflate it (bad data, CRC) */
} member_io;

static int io_read(void *ctx, char *out, int len)
{
    member_io *m = ctx;
    zip_int64_t n = zip_fread(m->zf, out, (zip_uint64_t)len);
    if (n < 0) {
        m->failed = true;
        return -1;
    }
    m->bytes += (uint64_t)n;
    m->bk->inflated += (uint64_t)n;
    if (m->bytes > m->bk->lim->max_part_bytes)
        m->over = "part";
    else if (m->bk->inflated > m->bk->budget)
        m->over = "inflation";
    return m->over ? -1 : (int)n;
}

static int io_close(void *ctx)
{
    (void)ctx;
    return 0;
}

/* Our own allocation failed: noted so that the part's reader says where. */
static fl_status oom(book *bk)
{
    bk->nomem = true;
    return FL_ERR_NOMEM;
}

/* ---- libxml2's errors, through diag.h only ------------------------------------------------ */

#if LIBXML_VERSION >= 21200
#define XML_ERR_ARG const xmlError *
#else
#define XML_ERR_ARG xmlErrorPtr
#endif

/* Keeps the first error (the cause; later ones follow from it) and any out-of-memory. */
static void on_xml_error(void *ctx, XML_ERR_ARG e)
{
    xml_err *x = ctx;
    if (!x || !e)
        return;
    if (e->code == XML_ERR_NO_MEMORY || e->domain == XML_FROM_MEMORY)
        x->nomem = true;
    if (x->seen)
        return;
    x->seen = true;
    x->line = e->line;
    snprintf(x->msg, sizeof x->msg, "%s", e->message ? e->message : "");
    size_t n = strlen(x->msg);
    while (n && isspace((unsigned char)x->msg[n - 1]))
        x->msg[--n] = '\0';
}

/* libxml2's unstructured channel: kept from stderr like the rest; its text is not needed. */
static void on_xml_generic(void *ctx, const char *msg, ...)
{
    xml_err *x = ctx;
    (void)msg;
    if (x && !x->seen) {
        x->seen = true;
        snprintf(x->msg, sizeof x->msg, "libxml2 error");
    }
}

/* ---- the size caps ------------------------------------------------------------------------- */

static fl_status cap_error(book *bk, const char *member, const char *cap)
{
    if (strcmp(cap, "part") == 0)
        fl_error("reviews '%s': '%s' inflates to more than %llu bytes (the part size cap); a "
                 "report's parts are far smaller",
                 bk->k->path, member, (unsigned long long)bk->lim->max_part_bytes);
    else
        fl_error("reviews '%s': '%s' takes the workbook past %llu bytes inflated, %llu times "
                 "its size on disk plus %llu (the inflation cap); a report never deflates that "
                 "well",
                 bk->k->path, member, (unsigned long long)bk->budget,
                 (unsigned long long)bk->lim->inflate_ratio,
                 (unsigned long long)bk->lim->inflate_slack);
    return FL_ERR_INPUT;
}

/* The member's inflated size as the zip directory gives it, against both caps. */
static fl_status check_directory(book *bk, const char *member)
{
    zip_stat_t sb;
    zip_stat_init(&sb);
    if (zip_stat(bk->zip, member, 0, &sb) != 0 || !(sb.valid & ZIP_STAT_SIZE))
        return FL_OK; /* then only counted while inflating */
    if (sb.size > bk->lim->max_part_bytes)
        return cap_error(bk, member, "part");
    if (sb.size > bk->budget - bk->inflated)
        return cap_error(bk, member, "inflation");
    return FL_OK;
}

/* Why the part could not be read to its end; the message names file, part and line. */
static fl_status part_failed(book *bk, const char *member, const member_io *io)
{
    if (io->over)
        return cap_error(bk, member, io->over);
    if (bk->nomem || bk->err.nomem) {
        fl_error("reviews '%s': out of memory reading '%s'", bk->k->path, member);
        return FL_ERR_NOMEM;
    }
    if (io->failed) {
        fl_error("reviews '%s': cannot inflate '%s': %s", bk->k->path, member,
                 zip_file_strerror(io->zf));
        return FL_ERR_INPUT;
    }
    fl_error("reviews '%s': '%s' line %d in the workbook is not well-formed XML (%s)", bk->k->path,
             member, bk->err.line, bk->err.seen ? bk->err.msg : "cut short");
    return FL_ERR_INPUT;
}

/* Called for every node; FL_OK goes on (bk->stop ends the part early), else the status. */
typedef fl_status (*node_fn)(book *bk, xmlTextReaderPtr r, void *ctx);

/* Open member, or say why not. Missing member: NULL, with *found false when found is given
   (no message) or a message and FL_ERR_INPUT in *st. */
static zip_file_t *open_member(book *bk, const char *member, bool *found, fl_status *st)
{
    *st = FL_OK;
    if (found)
        *found = false;
    if (zip_name_locate(bk->zip, member, 0) < 0) {
        if (!found) {
            fl_error("reviews '%s': the workbook has no '%s'; is it an .xlsx file?", bk->k->path,
                     member);
            *st = FL_ERR_INPUT;
        }
        return NULL;
    }
    if (found)
        *found = true;
    if ((*st = check_directory(bk, member)) != FL_OK)
        return NULL;
    zip_file_t *zf = zip_fopen(bk->zip, member, 0);
    if (!zf) {
        fl_error("reviews '%s': cannot read '%s': %s", bk->k->path, member, zip_strerror(bk->zip));
        *st = FL_ERR_INPUT;
    }
    return zf;
}

/*
 * Stream one member through fn. Missing member: FL_OK with *found false (when found is
 * given) or an error. Malformed XML and a passed cap are input errors.
 */
static fl_status each_node(book *bk, const char *member, node_fn fn, void *ctx, bool *found)
{
    fl_status st;
    zip_file_t *zf = open_member(bk, member, found, &st);
    if (!zf)
        return st;
    member_io io = {bk, zf, 0, NULL, false};
    memset(&bk->err, 0, sizeof bk->err);
    bk->stop = false;
    /* No network, no entity expansion (the default), no DTD loading: a workbook needs none. */
    xmlTextReaderPtr r = xmlReaderForIO(io_read, io_close, &io, member, NULL,
                                        XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!r) {
        zip_fclose(zf);
        fl_error("reviews '%s': out of memory reading '%s'", bk->k->path, member);
        return FL_ERR_NOMEM;
    }
    xmlTextReaderSetStructuredErrorHandler(r, on_xml_error, &bk->err);
    int rc = 1;
    while (st == FL_OK && !bk->stop && (rc = xmlTextReaderRead(r)) == 1)
        st = fn(bk, r, ctx);
    if (st == FL_OK && !bk->stop && rc < 0)
        st = part_failed(bk, member, &io);
    else if (st == FL_ERR_NOMEM && bk->nomem)
        st = part_failed(bk, member, &io);
    xmlFreeTextReader(r);
    zip_fclose(zf);
    return st;
}

static bool is_element(xmlTextReaderPtr r, const char *local)
{
    const xmlChar *n = xmlTextReaderConstLocalName(r);
    return n && strcmp((const char *)n, local) == 0;
}

static bool is_text(xmlTextReaderPtr r)
{
    int t = xmlTextReaderNodeType(r);
    return t == XML_READER_TYPE_TEXT || t == XML_READER_TYPE_CDATA ||
           t == XML_READER_TYPE_SIGNIFICANT_WHITESPACE || t == XML_READER_TYPE_WHITESPACE;
}

static bool push(char ***arr, size_t n, size_t *cap, char *s)
{
    if (!s)
        return false;
    if (!fl_grow((void **)arr, cap, n + 1, sizeof **arr)) {
        free(s);
        return false;
    }
    (*arr)[n] = s;
    return true;
}

static char *attr(xmlTextReaderPtr r, const char *name, const char *ns)
{
    xmlChar *v = ns ? xmlTextReaderGetAttributeNs(r, (const xmlChar *)name, (const xmlChar *)ns)
                    : xmlTextReaderGetAttribute(r, (const xmlChar *)name);
    if (!v)
        return NULL;
    char *s = strdup((const char *)v);
    xmlFree(v);
    return s;
}

/* xl/workbook.xml: the sheets, in order. */
typedef struct list_ctx {
    size_t cap_a, cap_b;
} list_ctx;

static fl_status on_workbook(book *bk, xmlTextReaderPtr r, void *p)
{
    list_ctx *c = p;
    if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT)
        return FL_OK;
    if (is_element(r, "workbookPr")) {
        char *v = attr(r, "date1904", NULL);
        bk->date1904 = v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
        free(v);
        return FL_OK;
    }
    if (!is_element(r, "sheet"))
        return FL_OK;
    char *name = attr(r, "name", NULL), *rid = attr(r, "id", NS_REL);
    if (!name || !rid) {
        free(name);
        free(rid);
        return FL_OK; /* a sheet without a name or part cannot be read; skip it */
    }
    size_t n = bk->n_sheets;
    if (!push(&bk->sheet_name, n, &c->cap_a, name)) {
        free(rid);
        return oom(bk);
    }
    if (!push(&bk->sheet_rid, n, &c->cap_b, rid))
        return oom(bk);
    bk->n_sheets++;
    return FL_OK;
}

/* xl/_rels/workbook.xml.rels: relationship ids to parts. */
static fl_status on_rels(book *bk, xmlTextReaderPtr r, void *p)
{
    list_ctx *c = p;
    if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT || !is_element(r, "Relationship"))
        return FL_OK;
    char *id = attr(r, "Id", NULL), *target = attr(r, "Target", NULL);
    if (!id || !target) {
        free(id);
        free(target);
        return FL_OK;
    }
    size_t n = bk->n_rels;
    if (!push(&bk->rel_id, n, &c->cap_a, id)) {
        free(target);
        return oom(bk);
    }
    if (!push(&bk->rel_target, n, &c->cap_b, target))
        return oom(bk);
    bk->n_rels++;
    return FL_OK;
}

/* xl/sharedStrings.xml: <si> items; their text is every <t> outside phonetic runs (<rPh>). */
typedef struct sst_ctx {
    buf text;
    int in_si, in_t, in_rph;
} sst_ctx;

#define SST_PART "xl/sharedStrings.xml"

/* Keep shared string s[0..len) (NUL-free up to len) under the shared strings cap. */
static fl_status shared_add(book *bk, const char *s, size_t len)
{
    size_t cost = len + 1 + sizeof *bk->sst_off;
    size_t cap = bk->lim->max_shared_bytes;
    if (cap > UINT32_MAX)
        cap = UINT32_MAX; /* the offsets are 32-bit */
    if (cost > cap - bk->sst_bytes) {
        fl_error("reviews '%s': '%s' holds more than %zu bytes of shared strings (the shared "
                 "strings cap; %zu strings kept so far)",
                 bk->k->path, SST_PART, cap, bk->n_shared);
        return FL_ERR_INPUT;
    }
    if (!fl_grow((void **)&bk->sst_off, &bk->cap_off, bk->n_shared + 1, sizeof *bk->sst_off) ||
        !fl_grow((void **)&bk->sst, &bk->sst_cap, bk->sst_len + len + 1, 1))
        return oom(bk);
    bk->sst_off[bk->n_shared++] = (uint32_t)bk->sst_len;
    if (len)
        memcpy(bk->sst + bk->sst_len, s, len);
    bk->sst_len += len;
    bk->sst[bk->sst_len++] = '\0';
    bk->sst_bytes += cost;
    return FL_OK;
}

static fl_status on_shared(book *bk, xmlTextReaderPtr r, void *p)
{
    sst_ctx *c = p;
    int type = xmlTextReaderNodeType(r);
    if (type == XML_READER_TYPE_ELEMENT) {
        bool empty = xmlTextReaderIsEmptyElement(r);
        if (is_element(r, "si")) {
            buf_clear(&c->text);
            if (empty)
                return shared_add(bk, "", 0);
            c->in_si = 1;
        } else if (is_element(r, "t") && !empty) {
            c->in_t = 1;
        } else if (is_element(r, "rPh") && !empty) {
            c->in_rph++;
        }
    } else if (type == XML_READER_TYPE_END_ELEMENT) {
        if (is_element(r, "si") && c->in_si) {
            c->in_si = 0;
            /* up to a NUL, as the C string it was before */
            return shared_add(bk, c->text.p ? c->text.p : "", c->text.p ? strlen(c->text.p) : 0);
        } else if (is_element(r, "t")) {
            c->in_t = 0;
        } else if (is_element(r, "rPh") && c->in_rph) {
            c->in_rph--;
        }
    } else if (c->in_si && c->in_t && !c->in_rph && is_text(r)) {
        const char *v = (const char *)xmlTextReaderConstValue(r);
        return !v || buf_add(&c->text, v, strlen(v)) ? FL_OK : oom(bk);
    }
    return FL_OK;
}

/* ---- xl/styles.xml: which cells hold dates ----------------------------------------------- */

#define STYLES_PART "xl/styles.xml"

static bool bit(const unsigned char *map, size_t i)
{
    return (map[i / 8] >> (i % 8)) & 1;
}

static void set_bit(unsigned char *map, size_t i)
{
    map[i / 8] = (unsigned char)(map[i / 8] | 1u << (i % 8));
}

/* Excel's built-in date formats: 14-17 and 22 everywhere, 27-36 and 50-58 in East Asian
   locales (18-21 and 45-47 are times of day: no date). */
static bool builtin_date(unsigned long id)
{
    return (id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58);
}

/* A format code that shows a day or a year ("yyyy-mm-dd", "d/m/yy h:mm"), outside quoted
   text, escaped characters and [brackets] (colours, locales, elapsed hours). */
static bool date_code(const char *s)
{
    for (; *s; s++) {
        if (*s == '"') {
            while (s[1] && s[1] != '"')
                s++;
            if (s[1])
                s++;
        } else if (*s == '[') {
            while (s[1] && s[1] != ']')
                s++;
        } else if ((*s == '\\' || *s == '_' || *s == '*') && s[1]) {
            s++; /* the next character is shown, filled or spaced, not a code */
        } else if (strchr("dDyY", *s)) {
            return true;
        }
    }
    return false;
}

/* Custom number formats (<numFmt>), then the cell formats (<xf> of <cellXfs>) in order. */
typedef struct styles_ctx {
    int in_xfs;
    size_t n_xf;
} styles_ctx;

static unsigned long attr_ulong(xmlTextReaderPtr r, const char *name, bool *ok)
{
    char *v = attr(r, name, NULL), *end = NULL;
    unsigned long n = v ? strtoul(v, &end, 10) : 0;
    *ok = v && *v && end && !*end;
    free(v);
    return n;
}

static fl_status on_styles(book *bk, xmlTextReaderPtr r, void *p)
{
    styles_ctx *c = p;
    int type = xmlTextReaderNodeType(r);
    bool ok;
    if (type == XML_READER_TYPE_END_ELEMENT && is_element(r, "cellXfs")) {
        c->in_xfs = 0;
    } else if (type != XML_READER_TYPE_ELEMENT) {
        return FL_OK;
    } else if (is_element(r, "cellXfs")) {
        c->in_xfs = !xmlTextReaderIsEmptyElement(r);
    } else if (is_element(r, "numFmt")) {
        unsigned long id = attr_ulong(r, "numFmtId", &ok);
        char *code = attr(r, "formatCode", NULL);
        if (ok && id < FMT_MAX && code && date_code(code))
            set_bit(bk->fmt_date, id);
        free(code);
    } else if (c->in_xfs && is_element(r, "xf")) {
        size_t i = c->n_xf++;
        unsigned long id = attr_ulong(r, "numFmtId", &ok);
        if (ok && i < XF_MAX && (builtin_date(id) || (id < FMT_MAX && bit(bk->fmt_date, id))))
            set_bit(bk->xf_date, i);
    }
    return FL_OK;
}

/* docProps/core.xml: who saved the workbook last, and when; and when it was made. */
typedef struct core_ctx {
    buf who, when, made;
    buf *in;
} core_ctx;

static fl_status on_core(book *bk, xmlTextReaderPtr r, void *p)
{
    core_ctx *c = p;
    int type = xmlTextReaderNodeType(r);
    if (type == XML_READER_TYPE_ELEMENT && !xmlTextReaderIsEmptyElement(r)) {
        c->in = is_element(r, "lastModifiedBy") ? &c->who
                : is_element(r, "modified")     ? &c->when
                : is_element(r, "created")      ? &c->made
                                                : NULL;
        if (c->in)
            buf_clear(c->in);
    } else if (type == XML_READER_TYPE_END_ELEMENT) {
        c->in = NULL;
    } else if (c->in && is_text(r)) {
        const char *v = (const char *)xmlTextReaderConstValue(r);
        return !v || buf_add(c->in, v, strlen(v)) ? FL_OK : oom(bk);
    }
    return FL_OK;
}

/* ---- one worksheet ------------------------------------------------------------------------ */

enum { COL_FP, COL_DISP, COL_NOTE, COL_CASE, COL_DEC, COL_BY, COL_ON, N_WANTED };
static const char *const wanted[N_WANTED] = {"Fingerprint", "Disposition", "Reviewer notes", "Case",
                                             "Decision",    "Reviewed by", "Reviewed on"};

typedef struct sheet_ctx {
    const char *name;
    bool header_done, usable;
    int col_id, col_dec;   /* the wanted columns of the id and decision: flags' or cases' */
    unsigned long style;   /* the cell's s attribute (its cell format), 0 by default */
    long col_of[N_WANTED]; /* 0-based column, -1 absent */
    long row, col;         /* current row (1-based) and cell column (0-based) */
    size_t rows, cells;    /* <row> elements so far, <c> elements in this row */
    char type[16];         /* the cell's t attribute */
    int in_c, in_v, in_is, in_t, in_rph;
    buf v, is;          /* the cell's <v> text and inline string */
    buf cell[N_WANTED]; /* the current row's wanted cells */
    bool has[N_WANTED];
    fl_status st;
} sheet_ctx;

/* "V12" -> column 21 (0-based) and row 12; false when it is no cell reference. */
static bool cell_ref(const char *ref, long *col, long *row)
{
    long c = 0;
    const char *p = ref;
    while (*p >= 'A' && *p <= 'Z') {
        c = c * 26 + (*p - 'A' + 1);
        if (c > 1 << 20)
            return false;
        p++;
    }
    if (p == ref || !*p)
        return false;
    char *end;
    long r = strtol(p, &end, 10);
    if (*end || r <= 0)
        return false;
    *col = c - 1;
    *row = r;
    return true;
}

/* "V" for column 21 (0-based), into out (8 bytes). */
static void col_name(long col, char out[8])
{
    char tmp[8];
    int n = 0;
    col++;
    while (col > 0 && n < 7) {
        tmp[n++] = (char)('A' + (col - 1) % 26);
        col = (col - 1) / 26;
    }
    for (int i = 0; i < n; i++)
        out[i] = tmp[n - 1 - i];
    out[n] = '\0';
}

/* The text of the cell just closed, per its type; borrowed. */
static const char *cell_text(book *bk, sheet_ctx *c)
{
    const char *v = c->v.p ? c->v.p : "";
    if (strcmp(c->type, "s") == 0) {
        char *end;
        unsigned long i = strtoul(v, &end, 10);
        return *v && !*end && i < bk->n_shared ? bk->sst + bk->sst_off[i] : "";
    }
    if (strcmp(c->type, "inlineStr") == 0)
        return c->is.p ? c->is.p : "";
    if (strcmp(c->type, "b") == 0)
        return strcmp(v, "1") == 0 ? "TRUE" : "FALSE";
    return v; /* str (a formula's text), n (a number), e (an error) */
}

/*
 * The text of a "Reviewed on" cell: a date cell (a number whose format shows a date, or an
 * ISO date cell, t="d") as YYYY-MM-DD in out; anything else as it is, for emit() to judge.
 */
static const char *date_text(book *bk, const sheet_ctx *c, const char *t, char out[11])
{
    if (strcmp(c->type, "n") == 0 && *t && c->style < XF_MAX && bit(bk->xf_date, c->style)) {
        char *end;
        double v = strtod(t, &end);
        fl_date d = *end ? 0 : fl_reviews_serial_date(v, bk->date1904);
        if (d) {
            fl_date_format(d, out);
            return out;
        }
    } else if (strcmp(c->type, "d") == 0 && strnlen(t, 11) >= 10 &&
               (t[10] == '\0' || t[10] == 'T') && fl_date_parse_iso(t, 10)) {
        snprintf(out, 11, "%.10s", t);
        return out;
    }
    return t;
}

static void end_cell(book *bk, sheet_ctx *c)
{
    const char *t = cell_text(bk, c);
    char day[11];
    if (c->header_done && c->col == c->col_of[COL_ON])
        t = date_text(bk, c, t, day);
    if (!c->header_done) {
        for (int w = 0; w < N_WANTED; w++)
            if (c->col_of[w] < 0 && strcmp(t, wanted[w]) == 0)
                c->col_of[w] = c->col;
        return;
    }
    for (int w = 0; w < N_WANTED; w++) {
        if (c->col_of[w] == c->col) {
            buf_clear(&c->cell[w]);
            if (!buf_add(&c->cell[w], t, strlen(t)))
                bk->nomem = true;
            c->has[w] = true;
        }
    }
}

/* Which kind of sheet the header makes it (reviews.h): flags first, then cases. */
static void end_header(book *bk, sheet_ctx *c)
{
    c->header_done = true;
    if (c->col_of[COL_FP] >= 0 && c->col_of[COL_DISP] >= 0) {
        c->col_id = COL_FP;
        c->col_dec = COL_DISP;
    } else if (c->col_of[COL_CASE] >= 0 && c->col_of[COL_DEC] >= 0) {
        c->col_id = COL_CASE;
        c->col_dec = COL_DEC;
    } else {
        bk->stop = true; /* nothing more to read in a sheet of another kind */
        return;
    }
    c->usable = true;
}

static void end_row(book *bk, sheet_ctx *c)
{
    if (!c->header_done) {
        end_header(bk, c);
        return;
    }
    if (!c->usable || c->st != FL_OK)
        return;
    char colname[8], where[700], date_where[700];
    col_name(c->col_of[c->col_dec], colname);
    snprintf(where, sizeof where, "%s: %s!%s%ld", bk->k->path, c->name, colname, c->row);
    col_name(c->col_of[COL_ON] >= 0 ? c->col_of[COL_ON] : 0, colname);
    snprintf(date_where, sizeof date_where, "%s: %s!%s%ld", bk->k->path, c->name, colname, c->row);
    fl_slice s[N_WANTED];
    for (int w = 0; w < N_WANTED; w++)
        s[w] = c->has[w] && c->cell[w].p ? fl_slice_cstr(c->cell[w].p) : (fl_slice){"", 0};
    row_in r = {where,        date_where,    c->col_id == COL_CASE,
                s[c->col_id], s[c->col_dec], s[COL_NOTE],
                s[COL_BY],    s[COL_ON]};
    c->st = emit(bk->k, &r);
}

/* <row>: its number (the r attribute, or the next one), under the row cap. */
static fl_status start_row(book *bk, sheet_ctx *c, xmlTextReaderPtr r)
{
    if (++c->rows > bk->lim->max_rows) {
        fl_error("reviews '%s': sheet '%s' has more than %zu rows (the row cap: Excel's last "
                 "row)",
                 bk->k->path, c->name, bk->lim->max_rows);
        return FL_ERR_INPUT;
    }
    char *rv = attr(r, "r", NULL);
    long n = rv ? strtol(rv, NULL, 10) : 0;
    free(rv);
    /* c->row stays within ROW_MAX, so c->row + 1 cannot overflow */
    long row = n > 0 ? n : c->row + 1;
    if (row > ROW_MAX) {
        fl_error("reviews '%s': sheet '%s' has a row past Excel's last row (1,048,576)",
                 bk->k->path, c->name);
        return FL_ERR_INPUT;
    }
    c->row = row;
    c->col = -1;
    c->cells = 0;
    for (int w = 0; w < N_WANTED; w++)
        c->has[w] = false;
    return FL_OK;
}

/* <c>: its column (the r attribute, or the next one) and type, under the cell cap. */
static fl_status start_cell(book *bk, sheet_ctx *c, xmlTextReaderPtr r)
{
    if (++c->cells > bk->lim->max_cells) {
        fl_error("reviews '%s': sheet '%s' row %ld has more than %zu cells (the cell cap: "
                 "Excel's last column)",
                 bk->k->path, c->name, c->row, bk->lim->max_cells);
        return FL_ERR_INPUT;
    }
    char *ref = attr(r, "r", NULL), *t = attr(r, "t", NULL), *sv = attr(r, "s", NULL);
    c->style = sv ? strtoul(sv, NULL, 10) : 0;
    free(sv);
    long col, row;
    if (ref && cell_ref(ref, &col, &row))
        c->col = col;
    else
        c->col++; /* the reference is optional: cells then come in order */
    snprintf(c->type, sizeof c->type, "%s", t ? t : "n");
    free(ref);
    free(t);
    buf_clear(&c->v);
    buf_clear(&c->is);
    return FL_OK;
}

static fl_status on_sheet_element(book *bk, sheet_ctx *c, xmlTextReaderPtr r)
{
    bool empty = xmlTextReaderIsEmptyElement(r);
    fl_status st = FL_OK;
    if (is_element(r, "row")) {
        if ((st = start_row(bk, c, r)) == FL_OK && empty)
            end_row(bk, c);
    } else if (is_element(r, "c")) {
        if ((st = start_cell(bk, c, r)) == FL_OK) {
            c->in_c = !empty;
            if (empty)
                end_cell(bk, c);
        }
    } else if (c->in_c && !empty) {
        if (is_element(r, "v"))
            c->in_v = 1;
        else if (is_element(r, "is"))
            c->in_is = 1;
        else if (is_element(r, "t"))
            c->in_t = 1;
        else if (is_element(r, "rPh"))
            c->in_rph++;
    }
    return st;
}

static fl_status on_sheet(book *bk, xmlTextReaderPtr r, void *p)
{
    sheet_ctx *c = p;
    int type = xmlTextReaderNodeType(r);
    fl_status st = FL_OK;
    if (type == XML_READER_TYPE_ELEMENT) {
        st = on_sheet_element(bk, c, r);
    } else if (type == XML_READER_TYPE_END_ELEMENT) {
        if (is_element(r, "c") && c->in_c) {
            c->in_c = 0;
            end_cell(bk, c);
        } else if (is_element(r, "row")) {
            end_row(bk, c);
        } else if (is_element(r, "v")) {
            c->in_v = 0;
        } else if (is_element(r, "is")) {
            c->in_is = 0;
        } else if (is_element(r, "t")) {
            c->in_t = 0;
        } else if (is_element(r, "rPh") && c->in_rph) {
            c->in_rph--;
        }
    } else if (c->in_c && is_text(r)) {
        const char *v = (const char *)xmlTextReaderConstValue(r);
        if (v && c->in_v && !buf_add(&c->v, v, strlen(v)))
            return oom(bk);
        if (v && c->in_is && c->in_t && !c->in_rph && !buf_add(&c->is, v, strlen(v)))
            return oom(bk);
    }
    if (st == FL_OK && bk->nomem)
        st = FL_ERR_NOMEM;
    /* A status from the callback stops the read here: read_sheet() returns it, not what the
       rest of the part holds. */
    return st == FL_OK ? c->st : st;
}

/* The zip member of relationship target t (relative to xl/, or absolute from the root). */
static char *part_of(const char *t)
{
    char *out = malloc(MEMBER_NAME_MAX);
    if (!out)
        return NULL;
    if (t[0] == '/')
        snprintf(out, MEMBER_NAME_MAX, "%s", t + 1);
    else
        snprintf(out, MEMBER_NAME_MAX, "xl/%s", t);
    return out;
}

static fl_status read_sheet(book *bk, size_t i)
{
    const char *part = NULL;
    for (size_t k = 0; k < bk->n_rels && !part; k++)
        if (strcmp(bk->rel_id[k], bk->sheet_rid[i]) == 0)
            part = bk->rel_target[k];
    if (!part)
        return FL_OK; /* a sheet without a part: nothing to read */
    char *member = part_of(part);
    if (!member)
        return FL_ERR_NOMEM;
    sheet_ctx c;
    memset(&c, 0, sizeof c);
    c.name = bk->sheet_name[i];
    for (int w = 0; w < N_WANTED; w++)
        c.col_of[w] = -1;
    c.st = FL_OK;
    fl_status st = each_node(bk, member, on_sheet, &c, NULL);
    if (st == FL_OK && !c.header_done)
        end_row(bk, &c); /* a sheet of one header row without a closing tag seen */
    if (c.usable)
        bk->sheets_read++;
    free(member);
    free(c.v.p);
    free(c.is.p);
    for (int w = 0; w < N_WANTED; w++)
        free(c.cell[w].p);
    return st;
}

static void free_list(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

static int cmp_name(const void *a, const void *b)
{
    return strcasecmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * A member named twice (part names compare without case in a package) is refused: libzip
 * opens the first copy, other readers the last, so what the reviewer saw is not known.
 */
static fl_status check_members(book *bk)
{
    zip_int64_t n = zip_get_num_entries(bk->zip, 0);
    if (n < 2)
        return FL_OK;
    const char **names = malloc((size_t)n * sizeof *names);
    if (!names) {
        fl_error("reviews '%s': out of memory reading the zip directory", bk->k->path);
        return FL_ERR_NOMEM;
    }
    size_t m = 0;
    for (zip_int64_t i = 0; i < n; i++) {
        const char *s = zip_get_name(bk->zip, (zip_uint64_t)i, 0);
        if (s)
            names[m++] = s;
    }
    qsort(names, m, sizeof *names, cmp_name);
    fl_status st = FL_OK;
    for (size_t i = 1; i < m && st == FL_OK; i++) {
        if (strcasecmp(names[i - 1], names[i]) == 0) {
            fl_error("reviews '%s': the workbook holds '%s' twice; readers differ on which "
                     "copy counts, so it is refused: save it again from the spreadsheet",
                     bk->k->path, names[i]);
            st = FL_ERR_INPUT;
        }
    }
    free(names);
    return st;
}

/* Open the archive, refuse duplicate members, set the inflation budget from its size. */
static fl_status open_book(book *bk)
{
    int err = 0;
    bk->zip = zip_open(bk->k->path, ZIP_RDONLY, &err);
    if (!bk->zip) {
        zip_error_t ze;
        zip_error_init_with_code(&ze, err);
        fl_error("cannot read reviews '%s': %s", bk->k->path, zip_error_strerror(&ze));
        zip_error_fini(&ze);
        return err == ZIP_ER_MEMORY ? FL_ERR_NOMEM : FL_ERR_INPUT;
    }
    struct stat sb;
    uint64_t size = stat(bk->k->path, &sb) == 0 && sb.st_size > 0 ? (uint64_t)sb.st_size : 0;
    const fl_reviews_limits *l = bk->lim;
    bk->budget = l->inflate_ratio && size > (UINT64_MAX - l->inflate_slack) / l->inflate_ratio
                     ? UINT64_MAX
                     : l->inflate_slack + l->inflate_ratio * size;
    return check_members(bk);
}

/* Trimmed text of a core property in place ("" when absent). */
static const char *prop(buf *b)
{
    if (!b->p)
        return "";
    return trim_copy(b->p, b->len, b->p, b->len + 1);
}

/*
 * Who saved the workbook last and when, as fallbacks (reviews.h): the last-modified-by
 * property unless it is empty or flscan's own name (the report as written), the modified
 * date unless it is missing or the report's own creation time (date: 11 bytes).
 */
static void saved_props(sink *k, core_ctx *core, char *date)
{
    k->saved_by = prop(&core->who);
    k->credit = strcasecmp(k->saved_by, "flscan") == 0 ? "" : k->saved_by;
    const char *when = prop(&core->when), *made = prop(&core->made);
    if (strlen(when) >= 10 && fl_date_parse_iso(when, 10) && strcmp(when, made) != 0)
        snprintf(date, 11, "%.10s", when);
    k->saved_on = date;
}

static fl_status read_xlsx(sink *k, const fl_reviews_limits *lim)
{
    fl_status st = FL_OK;
    book bk;
    memset(&bk, 0, sizeof bk);
    bk.k = k;
    bk.lim = lim;
    core_ctx core;
    memset(&core, 0, sizeof core);
    char date[11] = "";
    xmlInitParser();
    /* libxml2 prints nothing of its own: what it reports reaches part_failed(). */
    xmlGenericErrorFunc old_generic = xmlGenericError;
    void *old_generic_ctx = xmlGenericErrorContext;
    xmlStructuredErrorFunc old_structured = xmlStructuredError;
    void *old_structured_ctx = xmlStructuredErrorContext;
    xmlSetGenericErrorFunc(&bk.err, on_xml_generic);
    xmlSetStructuredErrorFunc(&bk.err, on_xml_error);
    if ((st = open_book(&bk)) != FL_OK)
        goto done;
    list_ctx lc;
    memset(&lc, 0, sizeof lc);
    if ((st = each_node(&bk, "xl/workbook.xml", on_workbook, &lc, NULL)) != FL_OK)
        goto done;
    memset(&lc, 0, sizeof lc);
    if ((st = each_node(&bk, "xl/_rels/workbook.xml.rels", on_rels, &lc, NULL)) != FL_OK)
        goto done;
    sst_ctx sc;
    memset(&sc, 0, sizeof sc);
    bool found;
    st = each_node(&bk, SST_PART, on_shared, &sc, &found);
    free(sc.text.p);
    if (st != FL_OK)
        goto done;
    styles_ctx yc;
    memset(&yc, 0, sizeof yc);
    if ((st = each_node(&bk, STYLES_PART, on_styles, &yc, &found)) != FL_OK)
        goto done;
    if ((st = each_node(&bk, "docProps/core.xml", on_core, &core, &found)) != FL_OK)
        goto done;
    saved_props(k, &core, date);
    for (size_t i = 0; i < bk.n_sheets && st == FL_OK; i++)
        st = read_sheet(&bk, i);
    if (st == FL_OK && !bk.sheets_read) {
        fl_error("reviews '%s': no sheet has a 'Fingerprint' and a 'Disposition' column (or a "
                 "'Case' and a 'Decision' column) in its first row; give a report flscan "
                 "wrote (0.1 or later) or a CSV",
                 k->path);
        st = FL_ERR_INPUT;
    }
    if (st == FL_OK)
        warn_fallbacks(k);
done:
    xmlSetGenericErrorFunc(old_generic_ctx, old_generic);
    xmlSetStructuredErrorFunc(old_structured_ctx, old_structured);
    k->saved_by = k->credit = k->saved_on = "";
    if (bk.zip)
        zip_discard(bk.zip);
    free(bk.sst);
    free(bk.sst_off);
    free_list(bk.sheet_name, bk.n_sheets);
    free_list(bk.sheet_rid, bk.n_sheets);
    free_list(bk.rel_id, bk.n_rels);
    free_list(bk.rel_target, bk.n_rels);
    free(core.who.p);
    free(core.when.p);
    free(core.made.p);
    return st;
}

/* ---- entry ------------------------------------------------------------------------------- */

fl_status fl_reviews_read(const char *path, const char *reviewer, fl_review_fn fn, void *ctx,
                          fl_reviews_stats *stats)
{
    static const fl_reviews_limits defaults = FL_REVIEWS_LIMITS_DEFAULT;
    return fl_reviews_read_limits(path, &defaults, reviewer, fn, ctx, stats);
}

fl_status fl_reviews_read_limits(const char *path, const fl_reviews_limits *lim,
                                 const char *reviewer, fl_review_fn fn, void *ctx,
                                 fl_reviews_stats *stats)
{
    sink k;
    memset(&k, 0, sizeof k);
    k.path = path;
    k.fn = fn;
    k.ctx = ctx;
    k.reviewer = reviewer ? trim_copy(reviewer, strlen(reviewer), k.named, sizeof k.named) : "";
    k.saved_by = k.credit = k.saved_on = "";
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        fl_error("cannot read reviews '%s': %s", path, strerror(errno));
        return FL_ERR_INPUT;
    }
    unsigned char magic[4] = {0};
    size_t n = fread(magic, 1, sizeof magic, fp);
    fclose(fp);
    k.workbook = n == 4 && memcmp(magic, "PK\3\4", 4) == 0;
    fl_status st = k.workbook ? read_xlsx(&k, lim) : read_csv(&k);
    if (st == FL_OK && !k.workbook)
        warn_fallbacks(&k);
    if (k.warned > FL_REVIEWS_WARNINGS_SHOWN)
        fl_warn("reviews '%s': %zu more rows with a problem like those above were not shown "
                "(%zu in all)",
                path, k.warned - FL_REVIEWS_WARNINGS_SHOWN, k.warned);
    if (stats)
        *stats = k.stats;
    return st;
}
