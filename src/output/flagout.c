/* flagout.c - flags as CSV and JSON Lines; see flagout.h. */
#include "flagout.h"

#include <csv.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "outfile.h"
#include "textsafe.h"

enum col {
    C_FILE,
    C_LINE,
    C_RECORD,
    C_RECORD_ID,
    C_DATE,
    C_IMPORTER,
    C_SHIPPER,
    C_ORIGIN_RAW,
    C_ORIGIN,
    C_HS,
    C_DESCRIPTION,
    C_RULE_ID,
    C_BASIS,
    C_LABOR,
    C_SEVERITY,
    C_ACTION,
    C_MATCH,
    C_EVIDENCE,
    C_SOURCES,
    C_FINGERPRINT,
    C_CASE,
    N_COLS
};

static const char *const col_names[N_COLS] = {
    "file",       "line",   "record",  "record_id",   "date",    "importer", "shipper",
    "origin_raw", "origin", "hs_code", "description", "rule_id", "basis",    "labor",
    "severity",   "action", "match",   "evidence",    "sources", "fingerprint",
    "case_id",
};

/* One flag as the writers show it; text borrowed from the report, its rule set and t. */
typedef struct flag_row {
    const char *v[N_COLS]; /* NULL for the integer columns */
    uint64_t line, record;
} flag_row;

/* FL_OK, or the failure to read the flag's texts back (fl_report_flag_text). */
static fl_status fill_row(const fl_report *r, const fl_flag *f, fl_rectext *t, flag_row *row)
{
    fl_status st = fl_report_flag_text(r, f, t);
    if (st != FL_OK)
        return st;
    const fl_recinfo *ri = t->info;
    const fl_rule *ru = &r->rules->rules[f->rule];
    memset(row, 0, sizeof *row);
    const char **v = row->v;
    v[C_FILE] = ri->file < r->n_inputs ? r->inputs[ri->file].path : "";
    row->line = ri->line;
    row->record = ri->record;
    v[C_RECORD_ID] = t->field[FL_F_RECORD_ID];
    v[C_DATE] = t->field[FL_F_DATE];
    v[C_IMPORTER] = t->field[FL_F_IMPORTER];
    v[C_SHIPPER] = t->field[FL_F_SHIPPER];
    v[C_ORIGIN_RAW] = t->field[FL_F_ORIGIN];
    v[C_ORIGIN] = ri->origin;
    v[C_HS] = t->field[FL_F_HS];
    v[C_DESCRIPTION] = t->field[FL_F_DESCRIPTION];
    v[C_RULE_ID] = ru->id;
    v[C_BASIS] = fl_basis_str(ru->basis);
    v[C_LABOR] = fl_labor_str(ru->labor);
    v[C_SEVERITY] = fl_severity_str(f->severity);
    v[C_ACTION] = fl_action_str(f->severity);
    v[C_MATCH] = fl_match_str(f->match);
    v[C_EVIDENCE] = t->evidence;
    v[C_SOURCES] = r->rule_sources[f->rule];
    v[C_FINGERPRINT] = f->memo.on ? f->memo.fingerprint : "";
    v[C_CASE] = f->case_id;
    for (int c = 0; c < N_COLS; c++)
        if (c != C_LINE && c != C_RECORD && !v[c])
            v[c] = "";
    return FL_OK;
}

/* Writers need the total order and the joined sources that fl_report_finish() makes. */
static bool finished(const fl_report *r, const char *path)
{
    if (r->n_flags && (!r->rules || !r->rule_sources)) {
        fl_error("cannot write '%s': the report was not finished; this is a bug", path);
        return false;
    }
    return true;
}

/* Characters that make a spreadsheet treat a cell as a formula (OWASP CSV injection). */
static bool formula_lead(char c)
{
    return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

static bool needs_quotes(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n')
            return true;
    return false;
}

typedef struct csv_out {
    FILE *fp;
    fl_textsafe_buf clean;
    char *field; /* the neutralised copy: "'" + cleaned text */
    size_t cap;
    fl_rectext text; /* the flag's texts read back */
} csv_out;

/* Write one text field: cleaned, neutralised, quoted by libcsv when needed. */
static fl_status csv_text(csv_out *w, const char *s)
{
    const char *t = fl_textsafe_clean(&w->clean, s, strlen(s), 0, 0, NULL);
    if (!t)
        return FL_ERR_NOMEM;
    size_t n = w->clean.len;
    if (n && formula_lead(t[0])) {
        if (!fl_grow((void **)&w->field, &w->cap, n + 2, 1))
            return FL_ERR_NOMEM;
        w->field[0] = '\'';
        memcpy(w->field + 1, t, n + 1);
        t = w->field;
        n++;
    }
    if (needs_quotes(t, n))
        return csv_fwrite(w->fp, t, n) == 0 ? FL_OK : FL_ERR_OUTPUT;
    return fwrite(t, 1, n, w->fp) == n ? FL_OK : FL_ERR_OUTPUT;
}

/*
 * A failed write is found by fl_outfile_commit() through ferror(); only memory and reading
 * the texts back are fatal here.
 */
static fl_status csv_rows(const fl_report *r, csv_out *w)
{
    fl_status st = FL_OK;
    for (int c = 0; c < N_COLS; c++)
        fprintf(w->fp, "%s%s", c ? "," : "", col_names[c]);
    fputs("\r\n", w->fp);
    fl_rowview flags;
    fl_report_view(r, FL_ROWS_FLAGS, &flags);
    for (size_t i = 0; i < r->n_flags && !ferror(w->fp); i++) {
        flag_row row;
        fl_status rst = fill_row(r, fl_flag_get(&flags, i), &w->text, &row);
        if (rst == FL_OK)
            rst = fl_rowview_status(&flags);
        if (rst != FL_OK) {
            fl_rowview_end(&flags);
            return rst;
        }
        for (int c = 0; c < N_COLS && st != FL_ERR_NOMEM; c++) {
            if (c)
                fputc(',', w->fp);
            if (c == C_LINE)
                fprintf(w->fp, "%llu", (unsigned long long)row.line);
            else if (c == C_RECORD)
                fprintf(w->fp, "%llu", (unsigned long long)row.record);
            else
                st = csv_text(w, row.v[c]);
        }
        if (st == FL_ERR_NOMEM)
            break;
        fputs("\r\n", w->fp);
    }
    fl_status vst = fl_rowview_end(&flags);
    return st == FL_ERR_NOMEM ? st : vst;
}

fl_status fl_flagout_csv(const fl_report *r, const char *path)
{
    fl_outfile out;
    csv_out w = {.clean = FL_TEXTSAFE_BUF_INIT};
    fl_status st;
    if (!finished(r, path))
        return FL_ERR_OUTPUT;
    if ((st = fl_outfile_begin(&out, path, true)) != FL_OK)
        return st;
    w.fp = out.fp;
    st = csv_rows(r, &w);
    if (st == FL_OK)
        st = fl_outfile_commit(&out);
    else
        fl_outfile_abort(&out);
    fl_textsafe_buf_free(&w.clean);
    free(w.field);
    fl_rectext_free(&w.text);
    return st;
}

/* One flag as a JSON object, keys in column order. NULL when out of memory. */
static json_t *json_row(const flag_row *row, fl_textsafe_buf *buf)
{
    json_t *o = json_object();
    if (!o)
        return NULL;
    for (int c = 0; c < N_COLS; c++) {
        json_t *v;
        if (c == C_LINE || c == C_RECORD) {
            v = json_integer((json_int_t)(c == C_LINE ? row->line : row->record));
        } else {
            /* jansson refuses invalid UTF-8, so clean first. */
            const char *t = fl_textsafe_clean(buf, row->v[c], strlen(row->v[c]), 0, 0, NULL);
            v = t ? json_stringn(t, buf->len) : NULL;
        }
        if (!v || json_object_set_new(o, col_names[c], v) != 0) {
            json_decref(o);
            return NULL;
        }
    }
    return o;
}

fl_status fl_flagout_jsonl(const fl_report *r, const char *path)
{
    fl_outfile out;
    fl_textsafe_buf buf = FL_TEXTSAFE_BUF_INIT;
    fl_rectext text = {0};
    fl_status st;
    if (!finished(r, path))
        return FL_ERR_OUTPUT;
    if ((st = fl_outfile_begin(&out, path, true)) != FL_OK)
        return st;
    fl_rowview flags;
    fl_report_view(r, FL_ROWS_FLAGS, &flags);
    for (size_t i = 0; i < r->n_flags && st == FL_OK && !ferror(out.fp); i++) {
        flag_row row;
        if ((st = fill_row(r, fl_flag_get(&flags, i), &text, &row)) != FL_OK ||
            (st = fl_rowview_status(&flags)) != FL_OK)
            break;
        json_t *o = json_row(&row, &buf);
        if (!o) {
            st = FL_ERR_NOMEM;
            break;
        }
        /* No JSON_ENSURE_ASCII: names and descriptions stay readable UTF-8. */
        if (json_dumpf(o, out.fp, JSON_PRESERVE_ORDER | JSON_COMPACT) != 0)
            st = ferror(out.fp) ? FL_OK : FL_ERR_NOMEM; /* a write error: commit reports it */
        json_decref(o);
        fputc('\n', out.fp);
    }
    fl_status vst = fl_rowview_end(&flags);
    if (st == FL_OK)
        st = vst;
    if (st == FL_OK)
        st = fl_outfile_commit(&out);
    else
        fl_outfile_abort(&out);
    fl_textsafe_buf_free(&buf);
    fl_rectext_free(&text);
    return st;
}

/* ---- the run summary ----------------------------------------------------------------- */

/* Seconds, to the millisecond. */
static json_t *seconds(double s)
{
    return json_real((double)(long long)(s * 1000.0 + 0.5) / 1000.0);
}

/* A JSON string of s; invalid UTF-8 (a path, say) becomes U+FFFD, which jansson accepts. */
static json_t *jstr(const char *s)
{
    json_t *j = json_string(s ? s : "");
    if (j)
        return j;
    fl_textsafe_buf b = FL_TEXTSAFE_BUF_INIT;
    const char *t = fl_textsafe_clean(&b, s, strlen(s), 0, 0, NULL);
    j = t ? json_stringn(t, b.len) : NULL;
    fl_textsafe_buf_free(&b);
    return j;
}

static json_t *str_or_null(const char *s)
{
    return s && *s ? jstr(s) : json_null();
}

static json_t *counts_json(const fl_report *r)
{
    json_t *o = json_object();
    json_object_set_new(o, "read", json_integer((json_int_t)r->read));
    json_object_set_new(o, "flagged", json_integer((json_int_t)r->flagged));
    json_object_set_new(o, "clean", json_integer((json_int_t)r->clean));
    json_object_set_new(o, "rejected", json_integer((json_int_t)r->rejected));
    return o;
}

/* {"total":N,"new":..,"open":..,"returning":..,"decided":..,"flags_on_sheet":N} */
static json_t *cases_json(const fl_report *r)
{
    static const char *const keys[FL_CASE_STATUS_COUNT] = {"new", "open", "returning", "decided"};
    json_t *o = json_object();
    json_object_set_new(o, "total", json_integer((json_int_t)r->n_cases));
    for (int k = 0; k < FL_CASE_STATUS_COUNT; k++)
        json_object_set_new(o, keys[k], json_integer((json_int_t)r->cases_by_status[k]));
    size_t shown = r->sheet_flags ? r->n_sheet_flags : r->n_flags;
    json_object_set_new(o, "flags_on_sheet", json_integer((json_int_t)shown));
    return o;
}

static json_t *flags_json(const fl_report *r)
{
    json_t *o = json_object();
    json_object_set_new(o, "total", json_integer((json_int_t)r->n_flags));
    for (int sv = FL_SEV_COUNT - 1; sv >= 0; sv--)
        json_object_set_new(o, fl_severity_str((fl_severity)sv),
                            json_integer((json_int_t)r->by_severity[sv]));
    return o;
}

static json_t *ledger_json(const fl_since *s)
{
    if (!s->on)
        return json_null();
    json_t *o = json_object();
    json_object_set_new(o, "path", jstr(s->ledger));
    json_object_set_new(o, "run", json_integer((json_int_t)s->run));
    json_object_set_new(o, "previous_run",
                        s->prev_run ? json_integer((json_int_t)s->prev_run) : json_null());
    json_object_set_new(o, "new", json_integer((json_int_t)s->n_new));
    json_object_set_new(o, "unchanged", json_integer((json_int_t)s->n_unchanged));
    json_object_set_new(o, "returning", json_integer((json_int_t)s->n_returning));
    json_object_set_new(o, "resolved", json_integer((json_int_t)s->n_resolved));
    json_object_set_new(o, "suppressed", json_integer((json_int_t)s->n_suppressed));
    json_object_set_new(o, "reopened", json_integer((json_int_t)s->n_reopened));
    json_object_set_new(o, "decisions", json_integer((json_int_t)s->n_decisions));
    json_object_set_new(o, "rules_changed", json_boolean(s->rules_changed));
    json_int_t k[3] = {0, 0, 0};
    for (size_t i = 0; i < s->n_rule_changes; i++) {
        const char *c = s->rule_changes[i].change;
        k[strcmp(c, "added") == 0 ? 0 : strcmp(c, "removed") == 0 ? 1 : 2]++;
    }
    json_t *ch = json_object();
    json_object_set_new(ch, "added", json_integer(k[0]));
    json_object_set_new(ch, "removed", json_integer(k[1]));
    json_object_set_new(ch, "changed", json_integer(k[2]));
    json_object_set_new(o, "rule_changes", ch);
    return o;
}

static json_t *summary_json(const fl_run_summary *s)
{
    const fl_report *r = s->r;
    bool done = r && (s->exit_code == FL_EXIT_OK || s->exit_code == FL_EXIT_FLAGGED);
    json_t *o = json_object();
    if (!o)
        return NULL;
    json_object_set_new(o, "tool", json_string("flscan"));
    json_object_set_new(o, "version", json_string(fl_version()));
    json_object_set_new(o, "status", json_string(s->status ? s->status : ""));
    json_object_set_new(o, "exit_code", json_integer(s->exit_code));
    json_object_set_new(o, "run_date", str_or_null(r ? r->run_date : NULL));
    json_object_set_new(o, "as_of", str_or_null(r ? r->as_of : NULL));
    if (r && r->rules) {
        json_t *rs = json_object();
        json_object_set_new(rs, "name", jstr(r->rules->name));
        json_object_set_new(rs, "version", jstr(r->rules->version));
        json_object_set_new(rs, "sha256", jstr(r->rules->sha256));
        json_object_set_new(o, "rule_set", rs);
    } else {
        json_object_set_new(o, "rule_set", json_null());
    }
    json_t *in = json_array();
    for (size_t i = 0; done && i < r->n_inputs; i++) {
        const fl_input *p = &r->inputs[i];
        json_t *x = json_object();
        json_object_set_new(x, "path", jstr(p->path));
        json_object_set_new(x, "sha256", jstr(p->sha256));
        json_object_set_new(x, "size", json_integer((json_int_t)p->size));
        json_object_set_new(x, "records", json_integer((json_int_t)p->records));
        json_object_set_new(x, "flagged", json_integer((json_int_t)p->flagged));
        json_object_set_new(x, "clean", json_integer((json_int_t)p->clean));
        json_object_set_new(x, "rejected", json_integer((json_int_t)p->rejected));
        json_array_append_new(in, x);
    }
    json_object_set_new(o, "inputs", in);
    json_object_set_new(o, "records", done ? counts_json(r) : json_null());
    json_object_set_new(o, "flags", done ? flags_json(r) : json_null());
    json_object_set_new(o, "cases", done ? cases_json(r) : json_null());
    json_object_set_new(o, "issues", done ? json_integer((json_int_t)r->n_issues) : json_null());
    json_object_set_new(o, "ledger", done ? ledger_json(&r->since) : json_null());
    json_t *out = json_object();
    if (s->out_xlsx)
        json_object_set_new(out, "xlsx", jstr(s->out_xlsx));
    if (s->flags_csv)
        json_object_set_new(out, "flags_csv", jstr(s->flags_csv));
    if (s->flags_jsonl)
        json_object_set_new(out, "flags_jsonl", jstr(s->flags_jsonl));
    json_object_set_new(o, "outputs", out);
    json_t *d = json_object();
    json_object_set_new(d, "total_s", seconds(s->seconds_total));
    json_object_set_new(d, "screen_s", seconds(s->seconds_screen));
    json_object_set_new(d, "write_s", seconds(s->seconds_write));
    json_object_set_new(o, "durations", d);
    return o;
}

fl_status fl_flagout_summary_json(const fl_run_summary *s, const char *path)
{
    json_t *o = summary_json(s);
    if (!o)
        return FL_ERR_NOMEM;
    size_t flags = JSON_PRESERVE_ORDER | JSON_COMPACT | JSON_REAL_PRECISION(9);
    fl_status st = FL_OK;
    if (strcmp(path, "-") == 0) {
        if (json_dumpf(o, stdout, flags) != 0 || fputc('\n', stdout) == EOF || fflush(stdout)) {
            fl_error("cannot write the summary to standard output");
            st = FL_ERR_OUTPUT;
        }
    } else {
        fl_outfile out;
        if ((st = fl_outfile_begin(&out, path, true)) == FL_OK) {
            if (json_dumpf(o, out.fp, flags) != 0 && !ferror(out.fp)) {
                fl_outfile_abort(&out);
                st = FL_ERR_NOMEM;
            } else {
                fputc('\n', out.fp);
                st = fl_outfile_commit(&out);
            }
        }
    }
    json_decref(o);
    return st;
}
