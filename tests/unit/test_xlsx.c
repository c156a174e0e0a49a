/*
 * test_xlsx.c - the workbook (xlsx.h) read back by its content: unzipped with libzip and its
 * XML parsed with libxml2, in both memory modes (shared strings and inline strings).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <zip.h>

#include "report_fixture.h"
#include "xlsx.h"

/* ---- reading a workbook back --------------------------------------------------------------- */

typedef struct text_buf {
    char *s;
    size_t len, cap;
} text_buf;

static void buf_put(text_buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2;
        b->s = realloc(b->s, b->cap);
        assert_non_null(b->s);
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

/* An entry of the zip as text; NULL when absent. Caller frees. */
static char *zip_text(zip_t *z, const char *name)
{
    zip_stat_t st;
    if (zip_stat(z, name, 0, &st) != 0)
        return NULL;
    zip_file_t *f = zip_fopen(z, name, 0);
    assert_non_null(f);
    char *s = malloc((size_t)st.size + 1);
    assert_non_null(s);
    assert_int_equal(zip_fread(f, s, st.size), (zip_int64_t)st.size);
    s[st.size] = '\0';
    zip_fclose(f);
    return s;
}

static bool named(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static char *attr(const xmlNode *n, const char *name)
{
    return (char *)xmlGetProp(n, (const xmlChar *)name); /* xmlFree */
}

/* The text of the <t> elements under n, in order, leaving out phonetic runs (<rPh>). */
static void t_text(const xmlNode *n, text_buf *b)
{
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (named(c, "rPh"))
            continue;
        if (named(c, "t")) {
            xmlChar *s = xmlNodeGetContent(c);
            buf_put(b, (const char *)s, strlen((const char *)s));
            xmlFree(s);
        } else if (c->type == XML_ELEMENT_NODE) {
            t_text(c, b);
        }
    }
}

typedef struct cell {
    char ref[16];
    char *text;
    bool number;  /* a numeric cell: text is its value */
    bool formula; /* holds an <f> element */
} cell;

typedef struct sheet {
    char *name;
    char *xml;
    cell *cells;
    size_t n, cap;
} sheet;

typedef struct book {
    zip_t *z;
    char **sst; /* shared strings */
    size_t n_sst;
    sheet sheets[16];
    size_t n_sheets;
    char *core; /* docProps/core.xml */
} book;

static xmlDoc *parse(const char *xml)
{
    xmlDoc *d = xmlReadMemory(xml, (int)strlen(xml), NULL, NULL, XML_PARSE_NONET | XML_PARSE_HUGE);
    assert_non_null(d);
    return d;
}

static void load_sst(book *bk)
{
    char *xml = zip_text(bk->z, "xl/sharedStrings.xml");
    if (!xml)
        return; /* constant memory: inline strings only */
    xmlDoc *d = parse(xml);
    size_t cap = 0;
    for (xmlNode *si = xmlDocGetRootElement(d)->children; si; si = si->next) {
        if (!named(si, "si"))
            continue;
        if (bk->n_sst == cap) {
            cap = cap ? cap * 2 : 64;
            bk->sst = realloc(bk->sst, cap * sizeof *bk->sst);
            assert_non_null(bk->sst);
        }
        text_buf b = {0};
        buf_put(&b, "", 0);
        t_text(si, &b);
        bk->sst[bk->n_sst++] = b.s;
    }
    xmlFreeDoc(d);
    free(xml);
}

static void load_cells(book *bk, sheet *sh)
{
    xmlDoc *d = parse(sh->xml);
    for (xmlNode *part = xmlDocGetRootElement(d)->children; part; part = part->next) {
        if (!named(part, "sheetData"))
            continue;
        for (xmlNode *row = part->children; row; row = row->next)
            for (xmlNode *c = row->children; c; c = c->next) {
                if (!named(c, "c"))
                    continue;
                if (sh->n == sh->cap) {
                    sh->cap = sh->cap ? sh->cap * 2 : 64;
                    sh->cells = realloc(sh->cells, sh->cap * sizeof *sh->cells);
                    assert_non_null(sh->cells);
                }
                cell *x = &sh->cells[sh->n++];
                memset(x, 0, sizeof *x);
                char *ref = attr(c, "r"), *t = attr(c, "t");
                assert_non_null(ref);
                snprintf(x->ref, sizeof x->ref, "%s", ref);
                text_buf b = {0};
                buf_put(&b, "", 0);
                for (xmlNode *k = c->children; k; k = k->next) {
                    if (named(k, "f"))
                        x->formula = true;
                    else if (named(k, "is"))
                        t_text(k, &b);
                    else if (named(k, "v")) {
                        xmlChar *v = xmlNodeGetContent(k);
                        if (t && strcmp(t, "s") == 0) {
                            size_t i = (size_t)strtoul((const char *)v, NULL, 10);
                            assert_true(i < bk->n_sst);
                            buf_put(&b, bk->sst[i], strlen(bk->sst[i]));
                        } else {
                            buf_put(&b, (const char *)v, strlen((const char *)v));
                            x->number = !t || strcmp(t, "n") == 0;
                        }
                        xmlFree(v);
                    }
                }
                x->text = b.s;
                xmlFree(ref);
                xmlFree(t);
            }
    }
    xmlFreeDoc(d);
}

/* Open path: the sheets in workbook order, with their cells. */
static void book_open(book *bk, const char *path)
{
    memset(bk, 0, sizeof *bk);
    int err = 0;
    bk->z = zip_open(path, ZIP_RDONLY, &err);
    assert_non_null(bk->z);
    load_sst(bk);
    bk->core = zip_text(bk->z, "docProps/core.xml");
    assert_non_null(bk->core);

    /* sheet names and relationship ids, then the relationship targets */
    char *wb = zip_text(bk->z, "xl/workbook.xml"),
         *rels = zip_text(bk->z, "xl/_rels/workbook.xml.rels");
    assert_non_null(wb);
    assert_non_null(rels);
    xmlDoc *dw = parse(wb), *dr = parse(rels);
    for (xmlNode *part = xmlDocGetRootElement(dw)->children; part; part = part->next) {
        if (!named(part, "sheets"))
            continue;
        for (xmlNode *s = part->children; s; s = s->next) {
            if (!named(s, "sheet"))
                continue;
            assert_true(bk->n_sheets < 16);
            sheet *sh = &bk->sheets[bk->n_sheets++];
            char *name = attr(s, "name");
            xmlChar *rid = xmlGetNsProp(s, (const xmlChar *)"id",
                                        (const xmlChar *)"http://schemas.openxmlformats.org/"
                                                         "officeDocument/2006/relationships");
            assert_non_null(name);
            assert_non_null(rid);
            sh->name = strdup(name);
            for (xmlNode *r = xmlDocGetRootElement(dr)->children; r; r = r->next) {
                char *id = named(r, "Relationship") ? attr(r, "Id") : NULL;
                if (id && strcmp(id, (const char *)rid) == 0) {
                    char *target = attr(r, "Target"), entry[256];
                    snprintf(entry, sizeof entry, "xl/%s", target);
                    sh->xml = zip_text(bk->z, entry);
                    xmlFree(target);
                }
                xmlFree(id);
            }
            assert_non_null(sh->xml);
            xmlFree(name);
            xmlFree(rid);
            load_cells(bk, sh);
        }
    }
    xmlFreeDoc(dw);
    xmlFreeDoc(dr);
    free(wb);
    free(rels);
}

static void book_close(book *bk)
{
    for (size_t i = 0; i < bk->n_sheets; i++) {
        sheet *sh = &bk->sheets[i];
        for (size_t k = 0; k < sh->n; k++)
            free(sh->cells[k].text);
        free(sh->cells);
        free(sh->xml);
        free(sh->name);
    }
    for (size_t i = 0; i < bk->n_sst; i++)
        free(bk->sst[i]);
    free(bk->sst);
    free(bk->core);
    zip_discard(bk->z);
}

static const sheet *sheet_named(const book *bk, const char *name)
{
    for (size_t i = 0; i < bk->n_sheets; i++)
        if (strcmp(bk->sheets[i].name, name) == 0)
            return &bk->sheets[i];
    fail_msg("no sheet '%s'", name);
    return NULL;
}

/* The cell at ref ("B2"); NULL when the sheet has none there. */
static const cell *cell_at(const sheet *sh, const char *ref)
{
    for (size_t i = 0; i < sh->n; i++)
        if (strcmp(sh->cells[i].ref, ref) == 0)
            return &sh->cells[i];
    return NULL;
}

/* The text at column col (0-based, below 26) of row; "" for no cell. */
static const char *at(const sheet *sh, int col, int row)
{
    char ref[16];
    snprintf(ref, sizeof ref, "%c%d", 'A' + col, row);
    const cell *c = cell_at(sh, ref);
    return c ? c->text : "";
}

/* The height (ht) the sheet gives row, in points; 0 when it gives none. */
static double row_height(const sheet *sh, int row)
{
    char tag[32];
    snprintf(tag, sizeof tag, "<row r=\"%d\"", row);
    const char *p = strstr(sh->xml, tag);
    assert_non_null(p);
    const char *end = strchr(p, '>'), *ht = strstr(p, " ht=\"");
    return ht && ht < end ? atof(ht + 5) : 0;
}

/* Column B of the first row whose column A is label, NULL when none. */
static const cell *summary_value(const sheet *sh, const char *label)
{
    for (size_t i = 0; i < sh->n; i++) {
        const cell *c = &sh->cells[i];
        if (c->ref[0] == 'A' && strcmp(c->text, label) == 0) {
            char ref[16];
            snprintf(ref, sizeof ref, "B%s", c->ref + 1);
            return cell_at(sh, ref);
        }
    }
    return NULL;
}

/* ---- the report --------------------------------------------------------------------------- */

/* A description of 20,000 "é" (40,000 bytes): over a cell's 32,767 and cut at a character. */
static char long_text[40001];

static const fx_rec recs[] = {
    {"X-1", "Importer Inc", "=HYPERLINK(\"http://x.invalid\",\"click\")", "raw cotton", FX_R_TVPRA,
     FL_SEV_HIGH, "origin UZ + HS 5201"},
    {"X-2", "Acme",
     "ctl\x01"
     "char, cr\rend",
     long_text, FX_R_WRO, FL_SEV_CRITICAL, "WRO in force"},
    {"X-3", "@home", "bad \xFF byte", "cotton", FX_R_TVPRA, FL_SEV_LOW, "+low"},
};
#define N_RECS (sizeof recs / sizeof recs[0])

/* What each flag's row shows, in the report's order (one flag a record, records in order). */
static const struct case_row {
    const char *action, *severity, *rule, *record_id, *shipper;
    int line, record;
} rows[] = {
    {"REVIEW", "high", "TVPRA-UZ-COTTON", "X-1", "=HYPERLINK(\"http://x.invalid\",\"click\")", 2,
     1},
    /* control characters become U+FFFD, a CR becomes LF */
    {"HOLD", "critical", "WRO-UZ-COTTON", "X-2",
     "ctl\xEF\xBF\xBD"
     "char, cr\nend",
     3, 2},
    {"CAUTION", "low", "TVPRA-UZ-COTTON", "X-3", "bad \xEF\xBF\xBD byte", 4, 3},
};

/* The Flags columns, as xlsx.h lists them: the key columns first. */
static const char *const flag_heads[] = {
    "Action",      "Severity",        "Record ID",      "Importer",   "Shipper",
    "Rule ID",     "Rule title",      "Basis",          "Labor",      "Match",
    "Evidence",    "Sources",         "File",           "Line",       "Record",
    "Date",        "Date as written", "Shipper address", "Origin (raw)", "Origin",
    "HS code",     "Description",     "Disposition",     "Reviewer notes", "First seen",
    "Fingerprint",
};
#define N_HEADS (sizeof flag_heads / sizeof flag_heads[0])
enum {
    COL_ACTION,
    COL_SEVERITY,
    COL_RECORD_ID,
    COL_IMPORTER,
    COL_SHIPPER,
    COL_RULE,
    COL_LINE = 13,
    COL_RECORD,
    COL_DESCRIPTION = 21
};

static fl_ruleset rs;
static char dir[64];

static void make_report(fl_report *r)
{
    for (size_t i = 0; i + 1 < sizeof long_text; i += 2)
        memcpy(long_text + i, "\xC3\xA9", 2);
    fx_report(r, &rs, "in/a.csv", recs, N_RECS, false);
    assert_int_equal(fl_report_add_issue(r, 0, 9, 8, "date", "31/31/2020", 10,
                                         "unparseable date; not judged", true),
                     FL_OK);
    assert_int_equal(fl_report_add_issue(r, 0, 10, 9, "origin", "??", 2, "unknown country", false),
                     FL_OK);
    assert_int_equal(fl_report_add_issue(r, 0, 11, 10, "value", "abc", 3, "not a number", false),
                     FL_OK);
    r->read += 2;
    r->rejected = 1;
    r->clean = 1;
    r->inputs[0].records += 2;
    assert_int_equal(fl_report_finish(r), FL_OK);
}

static int setup(void **state)
{
    (void)state;
    fx_ruleset(&rs, "1", 'a');
    fx_mkdtemp(dir, "xlsx-test");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    fx_remove_tree(dir);
    return 0;
}

/* ---- tests ---------------------------------------------------------------------------------- */

static void check_flags_sheet(const sheet *fl, size_t first, size_t n)
{
    for (size_t k = 0; k < N_HEADS; k++)
        assert_string_equal(at(fl, (int)k, 1), flag_heads[k]);
    for (size_t i = 0; i < n; i++) {
        const struct case_row *w = &rows[first + i];
        int row = (int)i + 2;
        print_message("%s row %d\n", fl->name, row);
        assert_string_equal(at(fl, COL_ACTION, row), w->action);
        assert_string_equal(at(fl, COL_SEVERITY, row), w->severity);
        assert_string_equal(at(fl, COL_RULE, row), w->rule);
        assert_string_equal(at(fl, COL_RECORD_ID, row), w->record_id);
        assert_string_equal(at(fl, COL_SHIPPER, row), w->shipper);
        assert_string_equal(at(fl, COL_IMPORTER, row), recs[first + i].importer);
        /* line and record are numbers, not text */
        char ref[16];
        snprintf(ref, sizeof ref, "%c%d", 'A' + COL_LINE, row);
        const cell *line = cell_at(fl, ref);
        assert_non_null(line);
        assert_true(line->number);
        assert_int_equal(atoi(line->text), w->line);
        snprintf(ref, sizeof ref, "%c%d", 'A' + COL_RECORD, row);
        assert_true(cell_at(fl, ref)->number);
        assert_int_equal(atoi(cell_at(fl, ref)->text), w->record);
    }
    assert_string_equal(at(fl, COL_ACTION, (int)n + 2), ""); /* nothing after the last flag */
    /* Text is never a formula: no cell of the sheet holds one. */
    for (size_t i = 0; i < fl->n; i++)
        assert_false(fl->cells[i].formula);
    assert_null(strstr(fl->xml, "<f>"));
}

static void check_book(const char *path, size_t rows_per_sheet)
{
    book bk;
    book_open(&bk, path);
    /* sheet order: no ledger, no supplier graph, no holdings; no roll-ups were computed
     * (rollup.h), so no Importers sheet either */
    static const char *const one_sheet[] = {"Summary", "Read me",      "Cases", "Flags",
                                            "Data quality", "Rules", "Sources"};
    static const char *const split[] = {"Summary",      "Read me",          "Cases", "Flags",
                                        "Flags (2)",    "Data quality",     "Data quality (2)",
                                        "Rules",        "Sources"};
    const char *const *order = rows_per_sheet ? split : one_sheet;
    size_t n_order = rows_per_sheet ? 9 : 7;
    assert_int_equal(bk.n_sheets, n_order);
    for (size_t i = 0; i < n_order; i++)
        assert_string_equal(bk.sheets[i].name, order[i]);

    if (rows_per_sheet) {
        check_flags_sheet(sheet_named(&bk, "Flags"), 0, 2);
        check_flags_sheet(sheet_named(&bk, "Flags (2)"), 2, 1);
    } else {
        check_flags_sheet(sheet_named(&bk, "Flags"), 0, N_RECS);
    }

    /* the long description: at most 32,767 bytes, cut between two characters, marked */
    const sheet *fl = sheet_named(&bk, "Flags");
    /* A row is as high as its wrapped texts, which LibreOffice does not work out itself: the
     * shipper (a key column, 24 wide) takes two lines of 15 points, the long description
     * the most a row holds (27 lines, Excel's 409 points). The header row keeps one line. */
    assert_true(row_height(fl, 1) == 0);
    assert_true(row_height(fl, 2) == 30);
    assert_true(row_height(fl, 3) == 405);
    assert_string_equal(at(fl, COL_DESCRIPTION, 2), "raw cotton");
    const char *d = at(fl, COL_DESCRIPTION, 3);
    size_t dl = strlen(d), mark = strlen(" [cut]");
    assert_true(dl <= 32767);
    assert_true(dl > 32767 - 8);
    assert_string_equal(d + dl - mark, " [cut]");
    assert_int_equal((dl - mark) % 2, 0);
    for (size_t i = 0; i < dl - mark; i += 2)
        assert_memory_equal(d + i, "\xC3\xA9", 2);

    /* Data quality: one row an issue, the outcome in words */
    const sheet *dq = sheet_named(&bk, "Data quality");
    assert_string_equal(at(dq, 0, 2), "in/a.csv");
    assert_string_equal(at(dq, 1, 2), "9");
    assert_string_equal(at(dq, 3, 2), "date");
    assert_string_equal(at(dq, 4, 2), "31/31/2020");
    assert_string_equal(at(dq, 6, 2), "rejected");
    assert_string_equal(at(dq, 3, 3), "origin");
    assert_string_equal(at(dq, 6, 3), "partly judged");
    const sheet *dq2 = rows_per_sheet ? sheet_named(&bk, "Data quality (2)") : dq;
    int row3 = rows_per_sheet ? 2 : 4;
    assert_string_equal(at(dq2, 0, 1), "File"); /* header repeated on a continuation */
    assert_string_equal(at(dq2, 3, row3), "value");
    assert_string_equal(at(dq2, 4, row3), "abc");
    assert_string_equal(at(dq2, 6, row3), "partly judged");
    assert_string_equal(at(dq2, 0, row3 + 1), "");

    /* Summary: the run stamp and the totals, numbers as numbers */
    const sheet *sum = sheet_named(&bk, "Summary");
    const cell *c = summary_value(sum, "Run date");
    assert_non_null(c);
    assert_string_equal(c->text, "2024-10-02");
    c = summary_value(sum, "Rule set SHA-256");
    assert_non_null(c);
    assert_string_equal(c->text, rs.sha256);
    static const struct {
        const char *label;
        int n;
    } totals[] = {{"Records read", 5}, {"Flagged", 3}, {"Clean", 1},
                  {"Rejected", 1},     {"Flags", 3},   {"Data-quality issues", 3}};
    for (size_t i = 0; i < sizeof totals / sizeof totals[0]; i++) {
        c = summary_value(sum, totals[i].label);
        assert_non_null(c);
        assert_true(c->number);
        assert_int_equal(atoi(c->text), totals[i].n);
    }

    /* Rules and Sources in the rule set's order; an http(s) URL is a link, other text not */
    const sheet *ru = sheet_named(&bk, "Rules"), *so = sheet_named(&bk, "Sources");
    assert_string_equal(at(ru, 0, 2), fx_rules[0].id);
    assert_string_equal(at(ru, 0, 3), fx_rules[1].id);
    assert_string_equal(at(ru, 0, 4), "");
    assert_string_equal(at(so, 0, 2), "S1");
    assert_string_equal(at(so, 4, 2), fx_sources[0].url);
    assert_string_equal(at(so, 4, 3), "see the CBP site");
    assert_non_null(strstr(so->xml, "<hyperlink ref=\"E2\""));
    assert_null(strstr(so->xml, "<hyperlink ref=\"E3\""));

    /* reproducible: created at the run date, midnight UTC */
    assert_non_null(strstr(bk.core, ">2024-10-02T00:00:00Z<"));
    book_close(&bk);
}

/* The workbook by its content, in both memory modes. */
static void test_content(void **state)
{
    (void)state;
    fl_report r;
    make_report(&r);
    static const fl_xlsx_memory modes[] = {FL_XLSX_MEMORY_FULL, FL_XLSX_MEMORY_CONSTANT};
    for (size_t m = 0; m < 2; m++) {
        fl_xlsx_opts o = {.memory = modes[m]};
        const char *path = fx_path(dir, m ? "constant.xlsx" : "full.xlsx");
        print_message("memory mode %d\n", (int)modes[m]);
        assert_int_equal(fl_xlsx_write_opts(&r, path, &o), FL_OK);
        assert_int_equal(fx_temp_files(dir), 0);
        check_book(path, 0);
    }
    fl_report_free(&r);
}

/* Rows past the per-sheet limit continue on "Flags (2)" and "Data quality (2)". */
static void test_continuation_sheets(void **state)
{
    (void)state;
    fl_report r;
    make_report(&r);
    fl_xlsx_opts o = {.rows_per_sheet = 2, .memory = FL_XLSX_MEMORY_FULL};
    const char *path = fx_path(dir, "split.xlsx");
    assert_int_equal(fl_xlsx_write_opts(&r, path, &o), FL_OK);
    check_book(path, 2);
    fl_report_free(&r);
}

/* Failures: nothing under the path and no temporary file (a workbook in progress, or
 * libxlsxwriter's scratch files) left behind; the previous report is kept. */
static void test_failures(void **state)
{
    (void)state;
    fl_report r;
    fx_report(&r, &rs, "in/a.csv", recs, 1, false);
    const char *path = fx_path(dir, "report.xlsx");
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs("previous", fp);
    fclose(fp);
    /* not finished */
    assert_int_equal(fl_xlsx_write(&r, path), FL_ERR_OUTPUT);
    assert_int_equal(fl_report_finish(&r), FL_OK);
    assert_int_equal(fl_xlsx_write(&r, fx_path(dir, "missing/report.xlsx")), FL_ERR_OUTPUT);
    assert_int_equal(fl_xlsx_write(&r, dir), FL_ERR_OUTPUT);
    char *prev = fx_slurp(path, NULL);
    assert_string_equal(prev, "previous");
    free(prev);
    /* exactly one entry: the previous report */
    assert_int_equal(fx_temp_files(dir), 0);
    DIR *d = opendir(dir);
    int n = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;)
        n += e->d_name[0] != '.';
    closedir(d);
    assert_int_equal(n, 1);
    /* and a good write replaces it whole */
    assert_int_equal(fl_xlsx_write(&r, path), FL_OK);
    book bk;
    book_open(&bk, path);
    assert_string_equal(at(sheet_named(&bk, "Flags"), COL_RECORD_ID, 2), "X-1");
    book_close(&bk);
    fl_report_free(&r);
}

static void test_version(void **state)
{
    (void)state;
    const char *v = fl_xlsx_version();
    assert_memory_equal(v, "libxlsxwriter ", 14);
    assert_true(v[14] >= '0' && v[14] <= '9');
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_content, setup, teardown),
        cmocka_unit_test_setup_teardown(test_continuation_sheets, setup, teardown),
        cmocka_unit_test_setup_teardown(test_failures, setup, teardown),
        cmocka_unit_test(test_version),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    xmlCleanupParser();
    return rc;
}
