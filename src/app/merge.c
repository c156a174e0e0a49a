/* merge.c - the partials of a sharded scan, opened and checked; see merge.h. */
#include "merge.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "diag.h"

void fl_merge_close(fl_merge_set *set)
{
    if (!set)
        return;
    for (size_t i = 0; i < set->n; i++)
        fl_partial_close(set->parts[i]);
    free(set->parts);
    memset(set, 0, sizeof *set);
}

/* What makes b foreign to a, or NULL when both are shards of one scan. */
static const char *foreign(const fl_partial_head *a, const fl_partial_head *b)
{
    if (a->shards != b->shards)
        return "another number of shards";
    if (a->whole_files != b->whole_files || a->block != b->block)
        return "another split of the inputs";
    /* the options and inputs as parsed: the command line as typed may differ in what does
       not change the report (--threads, --quiet); the merge shows the first shard's */
    if (a->n_args != b->n_args)
        return "another scan command";
    for (size_t i = 0; i < a->n_args; i++)
        if (strcmp(a->args[i], b->args[i]) != 0)
            return "another scan command";
    if (strcmp(a->settings, b->settings) != 0)
        return "other settings (rule set, supplier list, holdings or config)";
    if (a->n_files != b->n_files)
        return "other inputs";
    return NULL;
}

static bool same_str(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* Every input read by at least one shard, the same by all that read it. */
static fl_status check_inputs(const fl_merge_set *set)
{
    const fl_partial_head *h0 = fl_partial_head_of(set->parts[0]);
    for (size_t f = 0; f < h0->n_files; f++) {
        const fl_partial_file *seen = NULL;
        size_t by = 0;
        for (size_t k = 0; k < set->n; k++) {
            const fl_partial_file *x = &fl_partial_head_of(set->parts[k])->files[f];
            if (!x->read)
                continue;
            if (!seen) {
                seen = x;
                by = k;
            } else if (x->size != seen->size || strcmp(x->sha256, seen->sha256) != 0 ||
                       x->records != seen->records || !same_str(x->vendor, seen->vendor)) {
                fl_error("'%s' and '%s' read input %zu differently (size, SHA-256, records or "
                         "vendor profile): it changed between the shards; screen every shard "
                         "again",
                         fl_partial_path(set->parts[by]), fl_partial_path(set->parts[k]), f + 1);
                return FL_ERR_INPUT;
            }
        }
        if (!seen) {
            fl_error("no partial read input %zu of the scan: corrupt partials", f + 1);
            return FL_ERR_INPUT;
        }
    }
    return FL_OK;
}

/* The shards missing from set (slots NULL), listed in buf. */
static void list_missing(fl_partial_reader **slot, unsigned n, char *buf, size_t cap)
{
    size_t used = 0;
    unsigned listed = 0, missing = 0;
    buf[0] = '\0';
    for (unsigned k = 0; k < n; k++) {
        if (slot[k])
            continue;
        missing++;
        if (listed < 10 && used < cap) {
            int w = snprintf(buf + used, cap - used, "%s%u", listed ? ", " : "", k + 1);
            used += w > 0 ? (size_t)w : 0;
            listed++;
        }
    }
    if (missing > listed && used < cap)
        snprintf(buf + used, cap - used, " and %u more", missing - listed);
}

/* Each partial in the slot of its shard: none twice, none missing. */
static fl_status place(fl_partial_reader **opened, size_t n, fl_merge_set *set)
{
    const fl_partial_head *h0 = fl_partial_head_of(opened[0]);
    unsigned shards = h0->shards;
    fl_partial_reader **slot = calloc(shards, sizeof *slot);
    if (!slot)
        return FL_ERR_NOMEM;
    for (size_t i = 0; i < n; i++) {
        const fl_partial_head *h = fl_partial_head_of(opened[i]);
        fl_partial_reader **at = &slot[h->shard - 1];
        if (*at) {
            fl_error("'%s' and '%s' are both shard %u of %u: give each shard's partial once",
                     fl_partial_path(*at), fl_partial_path(opened[i]), h->shard, shards);
            free(slot);
            return FL_ERR_INPUT;
        }
        *at = opened[i];
    }
    if (n < shards) {
        char missing[160];
        list_missing(slot, shards, missing, sizeof missing);
        fl_error("shard%s %s of %u missing: give the partial of every shard (or screen the "
                 "missing ones: flscan scan ... --shard K/%u)",
                 shards - n == 1 ? "" : "s", missing, shards, shards);
        free(slot);
        return FL_ERR_INPUT;
    }
    set->parts = slot;
    set->n = shards;
    return FL_OK;
}

/* Every partial written by this flscan, of the same scan as the first. */
static fl_status check_heads(fl_partial_reader **opened, size_t n)
{
    const fl_partial_head *h0 = fl_partial_head_of(opened[0]);
    for (size_t i = 0; i < n; i++) {
        const fl_partial_head *h = fl_partial_head_of(opened[i]);
        if (strcmp(h->tool_version, fl_version()) != 0) {
            fl_error("'%s' was written by flscan %s; this is flscan %s: merge with the flscan "
                     "that screened the shards",
                     fl_partial_path(opened[i]), h->tool_version, fl_version());
            return FL_ERR_INPUT;
        }
        const char *why = i ? foreign(h0, h) : NULL;
        if (why) {
            fl_error("'%s' is not a shard of the same scan as '%s': %s; merge the partials of "
                     "one scan only",
                     fl_partial_path(opened[i]), fl_partial_path(opened[0]), why);
            return FL_ERR_INPUT;
        }
    }
    return FL_OK;
}

fl_status fl_merge_open(const char *const *paths, size_t n, fl_merge_set *set)
{
    memset(set, 0, sizeof *set);
    fl_partial_reader **opened = calloc(n + 1, sizeof *opened);
    if (!opened)
        return FL_ERR_NOMEM;
    fl_status st = FL_OK;
    size_t k = 0;
    for (; k < n && st == FL_OK; k++)
        st = fl_partial_open(paths[k], &opened[k]);
    if (st == FL_OK && n)
        st = check_heads(opened, n);
    if (st == FL_OK && n)
        st = place(opened, n, set);
    if (st == FL_OK && n)
        st = check_inputs(set);
    if (st != FL_OK) {
        if (!set->parts) /* not placed: close what was opened */
            for (size_t i = 0; i < k; i++)
                fl_partial_close(opened[i]);
        fl_merge_close(set);
    }
    free(opened);
    return st;
}
