/* split.c - a sharded scan's inputs split in parts and put together again; see split.h. */
#include "split.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "arena.h"
#include "diag.h"
#include "interrupt.h"

bool fl_split_whole(const fl_scan_opts *o)
{
    if (o->partials) /* the merge: as its shards split the inputs (merge.h checked it) */
        return fl_partial_head_of(o->partials[0])->whole_files;
    return o->n_shipments >= o->shards;
}

/* Byte k (from 0) where part k of a file of size bytes starts, of n parts. */
static uint64_t part_start(uint64_t size, unsigned k, unsigned n)
{
    return k >= n ? UINT64_MAX : (uint64_t)((unsigned __int128)size * k / n);
}

fl_status fl_split_part(const fl_scan_opts *o, uint64_t size, fl_csv_range *range,
                        fl_partial_file *f, uint64_t *part)
{
    bool whole = fl_split_whole(o);
    unsigned k = o->shard - 1, n = o->shards;
    range->from = whole ? 0 : part_start(size, k, n);
    range->to = whole ? UINT64_MAX : part_start(size, k + 1, n);
    /* the next part's start; the last shard: every part's but the first */
    size_t cuts = whole ? 0 : k + 1 < n ? 1 : n - 1;
    if (cuts && !(f->cuts = calloc(cuts, sizeof *f->cuts)))
        return FL_ERR_NOMEM;
    f->n_cuts = cuts;
    for (size_t c = 0; c < cuts; c++)
        f->cuts[c].offset = part_start(size, k + 1 < n ? k + 1 : (unsigned)c + 1, n);
    *part = whole ? FL_PARTIAL_WHOLE : k;
    return FL_OK;
}

void fl_split_hash(fl_sha256 *h, fl_partial_file *f, size_t *next, uint64_t at, const void *p,
                   size_t len)
{
    const char *b = p;
    while (*next < f->n_cuts && f->cuts[*next].offset <= at + len) {
        size_t part = (size_t)(f->cuts[*next].offset - at);
        fl_sha256_update(h, b, part);
        b += part;
        len -= part;
        at += part;
        fl_sha256_peek(h, f->cuts[(*next)++].sha256);
    }
    fl_sha256_update(h, b, len);
}

/* "folder/name" and its SHA-256 into h, for one file of the reference data ("-" unreadable). */
static void hash_data_file(fl_sha256 *h, const char *dir, const char *rel)
{
    char path[4096], sha[65];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    if (fl_sha256_file(path, sha) != 0)
        strcpy(sha, "-");
    fl_sha256_update(h, rel, strlen(rel) + 1);
    fl_sha256_update(h, sha, 64);
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every regular file of dir/sub, in name order, into h. */
static void hash_data_folder(fl_sha256 *h, const char *dir, const char *sub)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, sub);
    DIR *d = opendir(path);
    char **names = NULL;
    size_t n = 0, cap = 0;
    for (struct dirent *e; d && (e = readdir(d));) {
        char rel[1024], full[4096];
        struct stat sb;
        snprintf(rel, sizeof rel, "%s/%s", sub, e->d_name);
        snprintf(full, sizeof full, "%s/%s", dir, rel);
        if (e->d_name[0] == '.' || stat(full, &sb) != 0 || !S_ISREG(sb.st_mode))
            continue;
        char *copy = strdup(rel);
        if (copy && fl_grow((void **)&names, &cap, n + 1, sizeof *names))
            names[n++] = copy;
        else
            free(copy);
    }
    if (d)
        closedir(d);
    if (n)
        qsort(names, n, sizeof *names, cmp_name);
    for (size_t i = 0; i < n; i++) {
        hash_data_file(h, dir, names[i]);
        free(names[i]);
    }
    free(names);
}

/* The reference data a scan reads (data_dir), as one SHA-256 over its files. */
static void data_digest(const char *data_dir, char out[65])
{
    static const char *const files[] = {"country_aliases.csv", "subdivision_aliases.csv",
                                        "regions.csv", "ports.csv"};
    fl_sha256 *h = fl_sha256_new();
    if (!h || !data_dir) {
        strcpy(out, "none");
        fl_sha256_free(h);
        return;
    }
    for (size_t i = 0; i < sizeof files / sizeof *files; i++)
        hash_data_file(h, data_dir, files[i]);
    hash_data_folder(h, data_dir, "names");
    hash_data_folder(h, data_dir, "vendors");
    fl_sha256_hex(h, out);
    fl_sha256_free(h);
}

const char *fl_split_settings(fl_arena *a, const fl_scan_opts *o, const fl_ruleset *rules)
{
    char data[65];
    data_digest(o->data_dir, data);
    const char *files[3] = {o->suppliers, o->holdings, o->config};
    char sha[3][65];
    for (int k = 0; k < 3; k++)
        if (!files[k])
            strcpy(sha[k], "none");
        else if (fl_sha256_file(files[k], sha[k]) != 0)
            strcpy(sha[k], "unreadable");
    return fl_arena_printf(a,
                           "rule set %s %s (SHA-256 %s); reference data %s; suppliers %s; "
                           "holdings %s; config %s",
                           rules->name, rules->version, rules->sha256, data, sha[0], sha[1], sha[2]);
}

fl_status fl_split_check_settings(fl_arena *a, const fl_scan_opts *o, const fl_ruleset *rules)
{
    const char *here = fl_split_settings(a, o, rules);
    const fl_partial_head *h = fl_partial_head_of(o->partials[0]);
    if (!here)
        return FL_ERR_NOMEM;
    if (strcmp(here, h->settings) == 0)
        return FL_OK;
    fl_error("'%s': its shards were screened with other settings than this merge finds: "
             "they had \"%s\", here there is \"%s\"; merge where the shards ran, with the same "
             "rules and files",
             fl_partial_path(o->partials[0]), h->settings, here);
    return FL_ERR_INPUT;
}

/* ---- the merge ---- */

const fl_partial_file *fl_split_read_by(const fl_scan_opts *o, size_t i)
{
    for (size_t k = 0; k < o->n_partials; k++) {
        const fl_partial_head *h = fl_partial_head_of(o->partials[k]);
        if (i < h->n_files && h->files[i].read)
            return &h->files[i];
    }
    return NULL;
}

/*
 * The next unit of partial p, which must be input file's part (FL_PARTIAL_WHOLE: the whole
 * file) and hold want records, each handed to commit.
 */
static fl_status replay_unit(fl_partial_reader *p, uint32_t file, const char *path, uint64_t part,
                             uint64_t want, fl_split_commit_fn commit, void *ctx)
{
    uint32_t at;
    uint64_t b, n = 0;
    fl_status st = fl_partial_next_unit(p, &at, &b);
    if (st == FL_OK && (at != file || b != part)) {
        fl_error("'%s': corrupt partial: its next records are not those of '%s' the merge "
                 "expects from it",
                 fl_partial_path(p), path);
        return FL_ERR_INPUT;
    }
    for (bool got = true; st == FL_OK && got;) {
        fl_judged d;
        if ((st = fl_partial_get(p, &d, &got)) == FL_OK && got) {
            if (fl_interrupted())
                return FL_ERR_INTERRUPTED;
            st = commit(ctx, &d);
            n++;
        }
    }
    if (st == FL_OK && n != want) {
        fl_error("'%s': corrupt partial: %llu records of '%s' where its head says %llu",
                 fl_partial_path(p), (unsigned long long)n, path, (unsigned long long)want);
        return FL_ERR_INPUT;
    }
    return st;
}

/* Before the first input: every partial tells of the inputs of the scan it records. */
static fl_status check_counts(const fl_scan_opts *o)
{
    for (size_t k = 0; k < o->n_partials; k++) {
        const fl_partial_head *h = fl_partial_head_of(o->partials[k]);
        if (h->n_files != o->n_shipments) {
            fl_error("'%s': it tells of %zu inputs, the scan it records has %zu: corrupt partial, "
                     "or the config's inputs changed since the shards ran",
                     fl_partial_path(o->partials[k]), h->n_files, o->n_shipments);
            return FL_ERR_INPUT;
        }
    }
    return FL_OK;
}

/* After the last input: each partial must be at its end. */
static fl_status check_ends(const fl_scan_opts *o)
{
    for (size_t k = 0; k < o->n_partials; k++) {
        uint32_t file;
        uint64_t part;
        fl_status st = fl_partial_next_unit(o->partials[k], &file, &part);
        if (st != FL_OK)
            return st;
        if (file != UINT32_MAX) {
            fl_error("'%s': corrupt partial: it holds records past those of its shard",
                     fl_partial_path(o->partials[k]));
            return FL_ERR_INPUT;
        }
    }
    return FL_OK;
}

fl_status fl_split_replay(const fl_scan_opts *o, size_t i, const char *path,
                          fl_split_commit_fn commit, void *ctx)
{
    fl_status st = i == 0 ? check_counts(o) : FL_OK;
    const fl_partial_file *f = fl_split_read_by(o, i);
    if (st == FL_OK && !f)
        st = FL_ERR_INPUT; /* merge.h refuses partials of which none read an input */
    size_t n = o->n_partials;
    if (st == FL_OK && fl_split_whole(o))
        st = replay_unit(o->partials[i % n], (uint32_t)i, path, FL_PARTIAL_WHOLE, f->records,
                         commit, ctx);
    for (size_t k = 0; st == FL_OK && !fl_split_whole(o) && k < n; k++) {
        const fl_partial_file *part = &fl_partial_head_of(o->partials[k])->files[i];
        st = replay_unit(o->partials[k], (uint32_t)i, path, k,
                         part->next.index - part->first.index, commit, ctx);
    }
    if (st == FL_OK && i + 1 == o->n_shipments)
        st = check_ends(o);
    return st;
}
