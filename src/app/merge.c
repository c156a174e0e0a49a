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
    if (a->whole_files != b->whole_files)
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

static bool same_pos(const fl_csv_pos *a, const fl_csv_pos *b)
{
    return a->offset == b->offset && a->line == b->line && a->index == b->index;
}

/* The digest the last shard took at offset, NULL when it took none there. */
static const char *digest_at(const fl_partial_file *last, uint64_t offset)
{
    for (size_t c = 0; c < last->n_cuts; c++)
        if (last->cuts[c].offset == offset)
            return last->cuts[c].sha256;
    return NULL;
}

/*
 * Input f cut in parts (fewer inputs than shards): the last shard read it whole; each part
 * ends where the next begins (the same record: offset, line, index) and each shard saw the
 * file's first bytes as the last shard did, up to the cut it passed.
 */
static fl_status check_parts(const fl_merge_set *set, size_t f)
{
    const fl_partial_file *last = &fl_partial_head_of(set->parts[set->n - 1])->files[f];
    const char *how = NULL;
    size_t k = 0;
    for (; k < set->n && !how; k++) {
        const fl_partial_file *x = &fl_partial_head_of(set->parts[k])->files[f];
        const fl_partial_file *y =
            k + 1 < set->n ? &fl_partial_head_of(set->parts[k + 1])->files[f] : NULL;
        if (!last->read)
            how = "the last shard did not read it to its end";
        else if (y && !same_pos(&x->next, &y->first))
            how = "its part does not end where the next shard's begins";
        else if (!y && x->next.offset != UINT64_MAX)
            how = "the last part does not reach the end of the input";
        else if (!same_str(x->vendor, last->vendor) || x->vendor_forced != last->vendor_forced)
            how = "it was read with another vendor profile";
        for (size_t c = 0; c < x->n_cuts && !how; c++) {
            const char *want = digest_at(last, x->cuts[c].offset);
            if (!want || strcmp(want, x->cuts[c].sha256) != 0)
                how = "its bytes differ from the last shard's";
        }
    }
    if (!how)
        return FL_OK;
    fl_error("'%s': input %zu of the scan, as this shard read it: %s; the input changed between "
             "the shards, or the partials are corrupt: screen every shard again",
             fl_partial_path(set->parts[k - 1]), f + 1, how);
    return FL_ERR_INPUT;
}

/* Whole inputs (at least as many as shards): the shard that owns each read it. */
static fl_status check_whole(const fl_merge_set *set, size_t f)
{
    const fl_partial_file *x = &fl_partial_head_of(set->parts[f % set->n])->files[f];
    if (x->read)
        return FL_OK;
    fl_error("'%s': it should hold input %zu of the scan, which it did not read: corrupt "
             "partial",
             fl_partial_path(set->parts[f % set->n]), f + 1);
    return FL_ERR_INPUT;
}

/* Every input read as the split says, by the shards that should have read it. */
static fl_status check_inputs(const fl_merge_set *set)
{
    const fl_partial_head *h0 = fl_partial_head_of(set->parts[0]);
    fl_status st = FL_OK;
    for (size_t f = 0; f < h0->n_files && st == FL_OK; f++)
        st = h0->whole_files ? check_whole(set, f) : check_parts(set, f);
    return st;
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
        if (h->whole_files != (h->n_files >= h->shards)) {
            fl_error("'%s': corrupt partial: its split does not fit its %zu inputs and %u shards",
                     fl_partial_path(opened[i]), h->n_files, h->shards);
            return FL_ERR_INPUT;
        }
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
