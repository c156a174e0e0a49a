/* history.c - the ledger and the reviews joined to the report; see history.h. */
#include "history.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "identity.h"
#include "ledger.h"
#include "reviews.h"

struct fl_history {
    fl_ledger *ledger; /* NULL without --ledger */
    const char *ledger_path;
    const fl_ruleset *rules;
    char (*rule_hash)[65]; /* per rule of the set */
    const fl_ledger_rule_change *changes;
    size_t n_changes;
    uint64_t decisions, same, unknown, unknown_cases, conflicts;
    unsigned expiry_days;
    char first_unknown[600], first_unknown_case[600];
    bool committed;
};

/* One decision read back: a flag's to fl_ledger_decide, a case's to fl_ledger_decide_case. */
static fl_status on_decision(const fl_decision *d, void *ctx, bool *taken)
{
    fl_history *h = ctx;
    fl_decision_result res;
    fl_status st = d->case_id ? fl_ledger_decide_case(h->ledger, d, &res)
                              : fl_ledger_decide(h->ledger, d, &res);
    if (st != FL_OK)
        return st;
    *taken = res == FL_DECISION_RECORDED || res == FL_DECISION_CONFLICT;
    switch (res) {
    case FL_DECISION_RECORDED:
        h->decisions++;
        break;
    case FL_DECISION_CONFLICT:
        h->decisions++;
        h->conflicts++;
        if (d->case_id)
            fl_warn("%s: a second, different decision for case %s in this review file; this "
                    "one ('%s') is kept",
                    d->source, d->case_id, d->disposition);
        else
            fl_warn("%s: a second, different decision for flag %.12s... in this review file; "
                    "this one ('%s') is kept",
                    d->source, d->fingerprint, d->disposition);
        break;
    case FL_DECISION_SAME:
        h->same++;
        break;
    case FL_DECISION_UNKNOWN:
        if (d->case_id) {
            if (!h->unknown_cases++)
                snprintf(h->first_unknown_case, sizeof h->first_unknown_case, "%s", d->source);
        } else if (!h->unknown++) {
            snprintf(h->first_unknown, sizeof h->first_unknown, "%s", d->source);
        }
        break;
    }
    return FL_OK;
}

fl_status fl_history_begin(const char *ledger, const char *reviews, const char *reviewer,
                           const fl_report *r, fl_history **out)
{
    *out = NULL;
    fl_history *h = calloc(1, sizeof *h);
    if (!h)
        return FL_ERR_NOMEM;
    h->rules = r->rules;
    h->ledger_path = ledger;
    h->expiry_days = FL_REVIEW_EXPIRY_DAYS;
    size_t n = r->rules ? r->rules->n_rules : 0;
    const char **ids = NULL;
    fl_status st = FL_OK;
    if (n) {
        h->rule_hash = malloc(n * sizeof *h->rule_hash);
        ids = malloc(n * sizeof *ids);
        if (!h->rule_hash || !ids) {
            st = FL_ERR_NOMEM;
            goto done;
        }
        for (size_t i = 0; i < n; i++) {
            fl_id_rule_hash(r->rules, i, h->rule_hash[i]);
            ids[i] = r->rules->rules[i].id;
        }
    }
    if (ledger) {
        fl_ledger_run_info info = {r->run_date,
                                   r->as_of,
                                   r->command_line ? r->command_line : "",
                                   r->tool_version ? r->tool_version : fl_version(),
                                   r->rules ? r->rules->name : "",
                                   r->rules ? r->rules->version : "",
                                   r->rules ? r->rules->sha256 : ""};
        if ((st = fl_ledger_open(ledger, &info, &h->ledger)) != FL_OK)
            goto done;
        st = fl_ledger_rules(h->ledger, ids, (const char(*)[65])h->rule_hash, n, &h->changes,
                             &h->n_changes);
        if (st != FL_OK)
            goto done;
    }
    if (reviews && h->ledger) {
        fl_reviews_stats rs;
        if ((st = fl_reviews_read(reviews, reviewer, on_decision, h, &rs)) != FL_OK)
            goto done;
        if (h->unknown)
            fl_warn("reviews '%s': %llu decision%s for flags this ledger has never raised "
                    "(the first at %s); ignored: is it a report of another ledger?",
                    reviews, (unsigned long long)h->unknown, h->unknown == 1 ? "" : "s",
                    h->first_unknown);
        if (h->unknown_cases)
            fl_warn("reviews '%s': %llu decision%s for cases this ledger does not know (the "
                    "first at %s); ignored",
                    reviews, (unsigned long long)h->unknown_cases,
                    h->unknown_cases == 1 ? "" : "s", h->first_unknown_case);
        fl_info("reviews '%s': %llu new decision%s recorded, %llu unchanged", reviews,
                (unsigned long long)h->decisions, h->decisions == 1 ? "" : "s",
                (unsigned long long)h->same);
    }
done:
    free(ids);
    if (st != FL_OK) {
        fl_history_free(h);
        return st;
    }
    *out = h;
    return FL_OK;
}

void fl_history_set_expiry(fl_history *h, unsigned days)
{
    h->expiry_days = days;
}

/* Every case's standing from the ledger; New for all without one. */
static fl_status decide_cases(fl_history *h, fl_report *r)
{
    memset(r->cases_by_status, 0, sizeof r->cases_by_status);
    free(r->case_decided);
    if (!(r->case_decided = calloc(r->n_cases / 8 + 1, 1)))
        return FL_ERR_NOMEM;
    fl_rowview v;
    fl_report_view(r, FL_ROWS_CASES, &v);
    for (size_t i = 0; i < r->n_cases; i++) {
        fl_case *c = fl_case_edit(&v, i);
        const fl_rule *ru = &r->rules->rules[c->rule];
        memcpy(c->first_seen, r->run_date, sizeof c->first_seen);
        c->status = FL_CASE_NEW;
        if (h->ledger) {
            fl_ledger_case_seen seen = {c->id,           ru->id,       ru->id,
                                        ru->n_names > 0, h->rule_hash[c->rule], c->shipments,
                                        h->expiry_days};
            fl_ledger_case lc;
            fl_status st = fl_ledger_observe_case(h->ledger, &seen, &r->arena, &lc);
            if (st != FL_OK) {
                fl_rowview_end(&v);
                return st;
            }
            memcpy(c->first_seen, lc.first_seen, sizeof c->first_seen);
            c->status = lc.decided     ? FL_CASE_DECIDED
                        : lc.returning ? FL_CASE_RETURNING
                        : lc.seen_before ? FL_CASE_OPEN
                                         : FL_CASE_NEW;
            c->reason = lc.reason;
            c->decision = lc.decision;
            c->note = lc.note;
            c->reviewed_by = lc.reviewed_by;
            c->reviewed_on = lc.reviewed_on;
        }
        r->cases_by_status[c->status]++;
        if (c->status == FL_CASE_DECIDED)
            r->case_decided[i / 8] |= (uint8_t)(1u << (i % 8));
    }
    return fl_rowview_end(&v);
}

/* A flag without a decision of its own takes its case's: a false positive in force
   suppresses it, any other decision in force is shown with it. */
static void case_memo(const fl_report *r, fl_rowview *cases, const fl_flag *f, fl_flag_memo *m)
{
    if (*m->disposition || !fl_case_decided(r, f->kase))
        return;
    const fl_case *c = fl_case_get(cases, f->kase);
    m->disposition = c->decision;
    m->decided_by = c->reviewed_by;
    m->decided_on = c->reviewed_on;
    m->suppressed = strcmp(c->decision, "False positive") == 0;
}

/* Count flag f's memo into the comparison with the previous run. */
static void count_age(fl_since *s, const fl_flag_memo *m, fl_flag_age age)
{
    if (m->suppressed)
        s->n_suppressed++;
    else if (age == FL_AGE_NEW)
        s->n_new++;
    else if (age == FL_AGE_UNCHANGED)
        s->n_unchanged++;
    else
        s->n_returning++;
    s->n_reopened += m->reopened;
}

/*
 * Each flag's memo: its fingerprint, and with a ledger what the ledger remembers of it.
 * A record's flags are together, so only the record key of the record at hand is kept.
 */
static fl_status memo_flags(fl_history *h, fl_report *r)
{
    fl_status st = FL_OK;
    fl_rectext text = {0};
    fl_since *s = &r->since;
    fl_rowview flags, recs, cases;
    fl_arena key_arena = FL_ARENA_INIT; /* the record key at hand */
    const char *key = NULL;
    size_t key_rec = SIZE_MAX;
    fl_report_view(r, FL_ROWS_FLAGS, &flags);
    fl_report_view(r, FL_ROWS_RECS, &recs);
    fl_report_view(r, FL_ROWS_CASES, &cases);
    for (size_t i = 0; i < r->n_flags && st == FL_OK; i++) {
        fl_flag *f = fl_flag_edit(&flags, i);
        const fl_rule *ru = &r->rules->rules[f->rule];
        if (key_rec != f->rec) {
            const fl_recinfo *ri = fl_rec_get(&recs, f->rec);
            if ((st = fl_report_rec_text(r, f->rec, &text)) != FL_OK)
                break;
            fl_arena_reset(&key_arena);
            key = fl_id_record_key(&key_arena, fl_report_source(r, ri->file), text.field,
                                   ri->occurrence);
            if (!key) {
                st = FL_ERR_NOMEM;
                break;
            }
            key_rec = f->rec;
        }
        fl_flag_memo *m = &f->memo;
        memset(m, 0, sizeof *m);
        m->on = true;
        m->disposition = m->note = m->decided_by = m->decided_on = "";
        /* An entity rule is one entry of its list: the entry is the entity id (its rule id). */
        fl_id_fingerprint(key, ru->id, ru->id, m->fingerprint);
        if (!h->ledger)
            continue;
        fl_ledger_seen seen = {m->fingerprint, ru->id, ru->id, ru->n_names > 0, key,
                               h->rule_hash[f->rule]};
        fl_ledger_flag lf;
        if ((st = fl_ledger_observe(h->ledger, &seen, &r->arena, &lf)) != FL_OK)
            break;
        memcpy(m->first_seen, lf.first_seen, sizeof m->first_seen);
        m->is_new = lf.age == FL_AGE_NEW;
        m->suppressed = lf.status == FL_FLAG_SUPPRESSED;
        m->reopened = lf.status == FL_FLAG_REOPENED;
        m->disposition = lf.disposition;
        m->note = lf.note;
        m->decided_by = lf.decided_by;
        m->decided_on = lf.decided_on;
        if (lf.status != FL_FLAG_REOPENED)
            case_memo(r, &cases, f, m);
        count_age(s, m, lf.age);
    }
    fl_status vst = fl_rowview_end(&flags);
    if (st == FL_OK)
        st = vst;
    if ((vst = fl_rowview_end(&recs)) != FL_OK && st == FL_OK)
        st = vst;
    if ((vst = fl_rowview_end(&cases)) != FL_OK && st == FL_OK)
        st = vst;
    fl_rectext_free(&text);
    fl_arena_free(&key_arena);
    return st;
}

/* The indexes of the flags first raised by this run. */
static fl_status new_flags(fl_report *r)
{
    size_t n_new = r->since.n_new, cap = 0;
    if (!n_new)
        return FL_OK;
    fl_rowview v;
    fl_report_view(r, FL_ROWS_FLAGS, &v);
    for (size_t i = 0; i < r->n_flags; i++) {
        const fl_flag *f = fl_flag_get(&v, i);
        if (!f->memo.on || !f->memo.is_new)
            continue;
        if (!fl_grow((void **)&r->new_flags, &cap, r->n_new_flags + 1, sizeof *r->new_flags)) {
            fl_rowview_end(&v);
            return FL_ERR_NOMEM;
        }
        r->new_flags[r->n_new_flags++] = i;
    }
    return fl_rowview_end(&v);
}

fl_status fl_history_apply(fl_history *h, fl_report *r)
{
    fl_since *s = &r->since;
    fl_status st = decide_cases(h, r);
    if (st == FL_OK)
        st = memo_flags(h, r);
    if (st != FL_OK || !h->ledger)
        return st;
    if ((st = fl_ledger_resolve(h->ledger, &s->n_resolved)) != FL_OK)
        return st;

    const fl_ledger_prev *prev = fl_ledger_previous(h->ledger);
    s->on = true;
    s->ledger = fl_arena_strdup(&r->arena, h->ledger_path);
    s->run = (uint64_t)fl_ledger_run_id(h->ledger);
    s->prev_run = (uint64_t)prev->id;
    memcpy(s->prev_date, prev->run_date, sizeof s->prev_date);
    s->n_decisions = h->decisions;
    s->rules_changed = prev->id && r->rules && strcmp(prev->ruleset_sha256, r->rules->sha256) != 0;
    s->prev_ruleset_version = fl_arena_strdup(&r->arena, prev->ruleset_version);
    if (!s->ledger || !s->prev_ruleset_version)
        return FL_ERR_NOMEM;
    if (h->n_changes) {
        s->rule_changes = fl_arena_alloc(&r->arena, h->n_changes * sizeof *s->rule_changes);
        if (!s->rule_changes)
            return FL_ERR_NOMEM;
        for (size_t i = 0; i < h->n_changes; i++) {
            s->rule_changes[i].rule_id = fl_arena_strdup(&r->arena, h->changes[i].rule_id);
            s->rule_changes[i].change = fl_rule_change_str(h->changes[i].kind);
            if (!s->rule_changes[i].rule_id)
                return FL_ERR_NOMEM;
        }
        s->n_rule_changes = h->n_changes;
    }
    if ((st = fl_report_split_suppressed(r)) != FL_OK)
        return st;
    return new_flags(r);
}

fl_status fl_history_commit(fl_history *h, const fl_report *r, int exit_code)
{
    if (!h || !h->ledger)
        return FL_OK;
    fl_ledger_input *in = NULL;
    if (r->n_inputs && !(in = calloc(r->n_inputs, sizeof *in)))
        return FL_ERR_NOMEM;
    for (size_t i = 0; i < r->n_inputs; i++)
        in[i] = (fl_ledger_input){r->inputs[i].path, r->inputs[i].sha256, r->inputs[i].size,
                                  r->inputs[i].records};
    const fl_since *s = &r->since;
    const uint64_t *cs = r->cases_by_status;
    fl_ledger_counts c = {.records_read = r->read,
                          .flagged = r->flagged,
                          .clean = r->clean,
                          .rejected = r->rejected,
                          .flags = r->n_flags,
                          .new_flags = s->n_new,
                          .unchanged = s->n_unchanged,
                          .returning = s->n_returning,
                          .resolved = s->n_resolved,
                          .suppressed = s->n_suppressed,
                          .reopened = s->n_reopened,
                          .decisions = s->n_decisions,
                          .cases = r->n_cases,
                          .cases_new = cs[FL_CASE_NEW],
                          .cases_returning = cs[FL_CASE_RETURNING],
                          .cases_decided = cs[FL_CASE_DECIDED],
                          .exit_code = exit_code};
    fl_status st = fl_ledger_commit(h->ledger, in, r->n_inputs, &c);
    free(in);
    if (st == FL_OK)
        h->committed = true;
    return st;
}

uint64_t fl_history_run_id(const fl_history *h)
{
    return h && h->ledger ? (uint64_t)fl_ledger_run_id(h->ledger) : 0;
}

uint64_t fl_history_previous_run(const fl_history *h)
{
    return h && h->ledger ? (uint64_t)fl_ledger_previous(h->ledger)->id : 0;
}

void fl_history_free(fl_history *h)
{
    if (!h)
        return;
    fl_ledger_close(h->ledger);
    free(h->rule_hash);
    free(h);
}
