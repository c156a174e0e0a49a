/* publish.c - a run's outputs and its commit point, all or nothing; see publish.h. */
#define _DEFAULT_SOURCE /* flock() */
#include "publish.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "diag.h"
#include "fault.h"

#define JOURNAL_MAGIC "flscan-publish 1\n"
#define JOURNAL_MAX (16u << 20) /* a journal names a handful of files */

/* A completed output waiting under its temporary name. */
typedef struct entry {
    char *given;  /* the name as given, for messages */
    char *target; /* absolute once prepared */
    char *tmp;    /* NULL: a stream to a device (read through fd) */
    char *backup; /* where the previous file goes; NULL when there is none */
    int fd;       /* the temporary file, locked */
    bool direct;  /* a device or a FIFO: copied into */
    bool moved_old, placed;
    unsigned long long dev, ino; /* the new file */
} entry;

static struct {
    entry *e;
    size_t n, cap;
} held;

void fl_publish_hold(void)
{
    fl_outfile_set_hold(fl_publish_enqueue);
}

fl_status fl_publish_enqueue(fl_outfile *out)
{
    if (!fl_grow((void **)&held.e, &held.cap, held.n + 1, sizeof *held.e)) {
        fl_outfile_abort(out);
        return FL_ERR_NOMEM;
    }
    entry *e = &held.e[held.n++];
    memset(e, 0, sizeof *e);
    struct stat st;
    if (fstat(out->fd, &st) == 0) {
        e->dev = (unsigned long long)st.st_dev;
        e->ino = (unsigned long long)st.st_ino;
    }
    e->given = out->final_path;
    e->target = out->target;
    e->tmp = out->tmp_path;
    e->fd = out->fd;
    e->direct = out->direct;
    memset(out, 0, sizeof *out);
    out->fd = -1;
    return FL_OK;
}

static void end_hold(void)
{
    for (size_t i = 0; i < held.n; i++) {
        entry *e = &held.e[i];
        if (e->tmp && !e->placed)
            unlink(e->tmp);
        if (e->fd >= 0)
            close(e->fd);
        free(e->given);
        free(e->target);
        free(e->tmp);
        free(e->backup);
    }
    free(held.e);
    memset(&held, 0, sizeof held);
    fl_outfile_set_hold(NULL);
}

void fl_publish_discard(void)
{
    end_hold();
}

/* ---- paths ----------------------------------------------------------------------------- */

/* p made absolute against the working folder (caller frees); NULL when out of memory. */
static char *absolute(const char *p)
{
    if (p[0] == '/')
        return strdup(p);
    char *cwd = getcwd(NULL, 0);
    if (!cwd)
        return NULL;
    size_t n = strlen(cwd) + strlen(p) + 2;
    char *out = malloc(n);
    if (out)
        snprintf(out, n, "%s/%s", cwd, p);
    free(cwd);
    return out;
}

/* "<folder of path>/.<name of path><suffix>" (caller frees). */
static char *beside(const char *path, const char *suffix)
{
    const char *slash = strrchr(path, '/');
    int dirlen = slash ? (int)(slash - path + 1) : 0;
    size_t n = strlen(path) + strlen(suffix) + 2;
    char *out = malloc(n);
    if (out)
        snprintf(out, n, "%.*s.%s%s", dirlen, path, path + dirlen, suffix);
    return out;
}

/* Sync the folder that holds path (a rename or a new name in it lasts a crash). */
static void sync_folder(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir = slash ? strndup(path, slash == path ? 1 : (size_t)(slash - path)) : strdup(".");
    int fd = dir ? open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
    if (fd >= 0) {
        (void)fsync(fd); /* not every file system syncs folders; the rename is done either way */
        close(fd);
    }
    free(dir);
}

/* Absolute names and, for a file that is there, its backup name (".<name>.old-XXXXXX",
   the temporary name's suffix: unique while the temporary file lives). */
static fl_status prepare(entry *e)
{
    char *t = absolute(e->target), *tmp = absolute(e->tmp);
    free(e->target);
    free(e->tmp);
    e->target = t;
    e->tmp = tmp;
    if (!t || !tmp)
        return FL_ERR_NOMEM;
    struct stat st;
    if (lstat(t, &st) != 0)
        return FL_OK;
    if (!S_ISREG(st.st_mode) && !S_ISLNK(st.st_mode)) { /* made since the file was begun */
        fl_error("cannot write '%s': %s", e->given,
                 S_ISDIR(st.st_mode) ? strerror(EISDIR) : "it is no longer a regular file");
        return FL_ERR_OUTPUT;
    }
    size_t n = strlen(tmp);
    if (!(e->backup = strdup(tmp)))
        return FL_ERR_NOMEM;
    if (n > 11 && memcmp(e->backup + n - 11, ".tmp-", 5) == 0) /* ".tmp-XXXXXX" */
        memcpy(e->backup + n - 11, ".old-", 5);
    return FL_OK;
}

/* ---- the journal ----------------------------------------------------------------------- */

static void put_field(FILE *m, const char *s)
{
    fprintf(m, " %zu:%s", s ? strlen(s) : 0, s ? s : "");
}

/* The journal's text (caller frees); NULL when out of memory. */
static char *journal_text(uint64_t token, size_t *len)
{
    char *buf = NULL;
    FILE *m = open_memstream(&buf, len);
    if (!m)
        return NULL;
    fprintf(m, "%stoken %llu\n", JOURNAL_MAGIC, (unsigned long long)token);
    for (size_t i = 0; i < held.n; i++) {
        const entry *e = &held.e[i];
        if (e->direct)
            continue;
        fputs("file", m);
        put_field(m, e->target);
        put_field(m, e->tmp);
        put_field(m, e->backup);
        fprintf(m, " %llu %llu\n", e->dev, e->ino);
    }
    fputs("end\n", m);
    if (fclose(m) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

static bool write_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        p += w;
        n -= (size_t)w;
    }
    return true;
}

/*
 * Write the journal under a temporary name, locked and synced, then link it to its name (so
 * that no run ever sees it half-written or unlocked) and sync the folder. *jfd stays open,
 * and locked, until the publish ends.
 */
static fl_status journal_write(const char *path, uint64_t token, int *jfd)
{
    size_t len = 0;
    /* ".<name>.tmp-XXXXXX", which fl_publish_startup sweeps when a kill left it */
    char *text = journal_text(token, &len), *tmp = beside(path, ".tmp-XXXXXX");
    int fd = -1, err = 0;
    fl_status st = text && tmp ? FL_ERR_OUTPUT : FL_ERR_NOMEM;
    if (st == FL_ERR_OUTPUT) {
        fd = mkstemp(tmp);
        if (fd >= 0)
            (void)fcntl(fd, F_SETFD, FD_CLOEXEC);
    }
    if (fd < 0) {
        if (st == FL_ERR_OUTPUT)
            fl_error("cannot write the publish journal '%s': %s", path, strerror(errno));
        free(text);
        free(tmp);
        return st;
    }
    (void)flock(fd, LOCK_EX | LOCK_NB);
    if (!write_all(fd, text, len) || fsync(fd) != 0)
        err = errno;
    else if (link(tmp, path) != 0) {
        err = errno;
        /* a file system without hard links: take the name if it is free */
        if (err != EEXIST && access(path, F_OK) != 0 && rename(tmp, path) == 0)
            err = 0;
    }
    unlink(tmp);
    if (err == EEXIST) {
        fl_error("another run is publishing the same outputs (its journal '%s' is there); try "
                 "again when it ends",
                 path);
        st = FL_ERR_BUSY;
    } else if (err) {
        fl_error("cannot write the publish journal '%s': %s", path, strerror(err));
    } else {
        sync_folder(path);
        *jfd = fd;
        st = FL_OK;
    }
    if (st != FL_OK)
        close(fd);
    free(text);
    free(tmp);
    return st;
}

/* ---- publishing ------------------------------------------------------------------------ */

static int publish_rename(const char *from, const char *to)
{
    if (fl_fault_rename()) {
        errno = EACCES;
        return -1;
    }
    return rename(from, to);
}

/* Step 3 for every regular output, in order; stops at the first failure (message). */
static fl_status move_all(void)
{
    for (size_t i = 0; i < held.n; i++) {
        entry *e = &held.e[i];
        if (e->direct)
            continue;
        if (e->backup) {
            fl_fault_step();
            if (publish_rename(e->target, e->backup) != 0)
                goto fail;
            e->moved_old = true;
        }
        fl_fault_step();
        if (publish_rename(e->tmp, e->target) != 0)
            goto fail;
        e->placed = true;
        continue;
    fail:
        fl_error("cannot write '%s': %s", e->given, strerror(errno));
        return FL_ERR_OUTPUT;
    }
    return FL_OK;
}

/* Every previous file back in its place; false when one could not be (message). */
static bool roll_back_all(void)
{
    bool ok = true;
    for (size_t i = held.n; i-- > 0;) {
        entry *e = &held.e[i];
        int rc = 0;
        if (e->moved_old)
            rc = rename(e->backup, e->target);
        else if (e->placed)
            rc = unlink(e->target);
        if (rc != 0) {
            fl_error("cannot put the previous '%s' back: %s", e->given, strerror(errno));
            ok = false;
        } else if (e->placed) {
            e->placed = false; /* the new file is gone: nothing of it to remove */
            free(e->tmp);
            e->tmp = NULL;
        }
        e->moved_old = false;
        if (e->direct == false && e->target)
            sync_folder(e->target);
    }
    return ok;
}

/* Step 1: the devices and FIFOs, first. */
static fl_status copy_devices(void)
{
    for (size_t i = 0; i < held.n; i++) {
        entry *e = &held.e[i];
        if (!e->direct)
            continue;
        fl_fault_step();
        fl_status st = fl_outfile_copy_into(e->fd, e->target, e->given);
        if (st != FL_OK)
            return st;
    }
    return FL_OK;
}

/* Steps 6 and 7 after a commit: the mark, the backups, the journal. */
static void finish(const char *journal, int jfd)
{
    if (jfd < 0)
        return; /* no regular output: no journal, no backup */
    fl_fault_step();
    if (!write_all(jfd, "committed\n", 10) || fdatasync(jfd) != 0)
        fl_warn("publish journal '%s': cannot mark the run committed: %s", journal,
                strerror(errno));
    for (size_t i = 0; i < held.n; i++)
        if (held.e[i].backup) {
            fl_fault_step();
            unlink(held.e[i].backup);
        }
    if (journal) {
        fl_fault_step();
        unlink(journal);
    }
}

fl_status fl_publish_run(const fl_publish_opts *o)
{
    size_t n_regular = 0;
    for (size_t i = 0; i < held.n; i++)
        n_regular += !held.e[i].direct;
    fl_status st = copy_devices();
    for (size_t i = 0; i < held.n && st == FL_OK; i++)
        if (!held.e[i].direct)
            st = prepare(&held.e[i]);
    char *journal = NULL;
    int jfd = -1;
    if (st == FL_OK && n_regular) {
        const entry *first = held.e;
        while (first->direct)
            first++;
        journal = o && o->journal ? strdup(o->journal) : beside(first->target, ".publish");
        fl_fault_step();
        st = journal ? journal_write(journal, o ? o->token : 0, &jfd) : FL_ERR_NOMEM;
        if (st != FL_OK) {
            free(journal);
            journal = NULL;
        }
    }
    if (st == FL_OK)
        st = move_all();
    if (st == FL_OK && n_regular) {
        fl_fault_step();
        for (size_t i = 0; i < held.n; i++)
            if (!held.e[i].direct)
                sync_folder(held.e[i].target);
    }
    if (st == FL_OK && o && o->commit) {
        fl_fault_step();
        st = o->commit(o->ctx);
    }
    if (st != FL_OK) {
        /* the journal stays when a file could not be put back: the next run tries again */
        if (roll_back_all() && journal)
            unlink(journal);
    } else {
        finish(journal, jfd);
    }
    if (jfd >= 0)
        close(jfd);
    free(journal);
    end_hold();
    return st;
}

/* ---- recovery -------------------------------------------------------------------------- */

typedef struct jentry {
    char *target, *tmp, *backup; /* backup "" when none */
    unsigned long long dev, ino;
} jentry;

typedef struct jfile {
    unsigned long long token;
    jentry *e;
    size_t n, cap;
    bool ended, committed;
} jfile;

static void journal_free(jfile *j)
{
    for (size_t i = 0; i < j->n; i++) {
        free(j->e[i].target);
        free(j->e[i].tmp);
        free(j->e[i].backup);
    }
    free(j->e);
}

/* " N:bytes" at *p (bounded by end): a copy in *out; false when malformed. */
static bool take_field(const char **p, const char *end, char **out)
{
    const char *s = *p;
    if (s >= end || *s++ != ' ')
        return false;
    size_t n = 0;
    while (s < end && *s >= '0' && *s <= '9' && n < JOURNAL_MAX)
        n = n * 10 + (size_t)(*s++ - '0');
    if (s >= end || *s++ != ':' || n > (size_t)(end - s))
        return false;
    if (!(*out = strndup(s, n)))
        return false;
    *p = s + n;
    return true;
}

/* One "file" line's fields, after the word; false when malformed or out of memory. */
static bool take_entry(jfile *j, const char **p, const char *end)
{
    if (!fl_grow((void **)&j->e, &j->cap, j->n + 1, sizeof *j->e))
        return false;
    jentry *e = &j->e[j->n];
    memset(e, 0, sizeof *e);
    j->n++; /* freed with the journal even when cut short */
    if (!take_field(p, end, &e->target) || !take_field(p, end, &e->tmp) ||
        !take_field(p, end, &e->backup))
        return false;
    char line[64];
    size_t k = 0;
    while (*p < end && **p != '\n' && k < sizeof line - 1)
        line[k++] = *(*p)++;
    line[k] = '\0';
    return sscanf(line, " %llu %llu", &e->dev, &e->ino) == 2 && *p < end && *(*p)++ == '\n';
}

/* The journal's text into j; a text cut short leaves j->ended false. */
static void parse(const char *text, size_t len, jfile *j)
{
    const char *p = text, *end = text + len;
    size_t m = strlen(JOURNAL_MAGIC);
    if (len < m || memcmp(p, JOURNAL_MAGIC, m) != 0)
        return;
    p += m;
    char *nl = memchr(p, '\n', (size_t)(end - p));
    if (!nl || sscanf(p, "token %llu", &j->token) != 1)
        return;
    p = nl + 1;
    while (p < end) {
        if ((size_t)(end - p) >= 4 && memcmp(p, "file", 4) == 0) {
            p += 4;
            if (!take_entry(j, &p, end))
                return;
        } else if ((size_t)(end - p) >= 4 && memcmp(p, "end\n", 4) == 0) {
            j->ended = true;
            p += 4;
        } else if (j->ended && (size_t)(end - p) >= 10 && memcmp(p, "committed\n", 10) == 0) {
            j->committed = true;
            p += 10;
        } else {
            return;
        }
    }
}

static bool same_file(const char *path, const jentry *e)
{
    struct stat st;
    return lstat(path, &st) == 0 && (unsigned long long)st.st_dev == e->dev &&
           (unsigned long long)st.st_ino == e->ino;
}

static bool there(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

/* Back to the previous file (a file of another run now in place is left alone). */
static bool undo(const jentry *e)
{
    bool ours = same_file(e->target, e), gone = !there(e->target), ok = true;
    if (*e->backup && there(e->backup))
        ok = (ours || gone) ? rename(e->backup, e->target) == 0 : unlink(e->backup) == 0;
    else if (!*e->backup && ours)
        ok = unlink(e->target) == 0;
    if (same_file(e->tmp, e))
        unlink(e->tmp);
    return ok;
}

/* On to the new file. */
static bool redo(const jentry *e)
{
    bool ok = true;
    if (same_file(e->tmp, e))
        ok = rename(e->tmp, e->target) == 0;
    if (*e->backup && there(e->backup) && unlink(e->backup) != 0)
        ok = false;
    return ok;
}

/* Carry out the journal read into j; false when a file could not be moved (message). */
static bool carry_out(const char *path, const jfile *j, bool complete)
{
    bool ok = true;
    for (size_t i = 0; i < j->n && j->ended; i++) {
        const jentry *e = &j->e[i];
        if (!(complete ? redo(e) : undo(e))) {
            fl_error("publish journal '%s': cannot %s '%s': %s", path,
                     complete ? "put in place" : "put back the previous", e->target,
                     strerror(errno));
            ok = false;
        }
        sync_folder(e->target);
    }
    if (!ok)
        return false;
    if (j->ended && j->token)
        fl_warn("an interrupted publish of run %llu was %s (journal '%s')", j->token,
                complete ? "completed: its outputs are all in place, as the ledger holds it"
                         : "rolled back: the previous outputs are all back in place",
                path);
    else if (j->ended)
        fl_warn("an interrupted publish was %s (journal '%s')",
                complete ? "completed: its outputs are all in place"
                         : "rolled back: the previous outputs are all back in place",
                path);
    return true;
}

/* Read the journal open on fd (at most JOURNAL_MAX bytes); NULL when out of memory. */
static char *slurp(int fd, size_t *len)
{
    struct stat st;
    if (fstat(fd, &st) != 0 || st.st_size < 0 || (uint64_t)st.st_size > JOURNAL_MAX)
        return NULL;
    char *buf = malloc((size_t)st.st_size + 1);
    ssize_t n = buf ? pread(fd, buf, (size_t)st.st_size, 0) : -1;
    if (n < 0) {
        free(buf);
        return NULL;
    }
    buf[n] = '\0'; /* for sscanf */
    *len = (size_t)n;
    return buf;
}

static fl_status recover(const char *path, fl_publish_committed_fn committed, void *ctx)
{
    int fd = open(path, O_RDWR | O_CLOEXEC);
    if (fd < 0)
        return FL_OK; /* no journal: the last publish ended */
    struct stat a, b;
    /* a live run's (locked), or one that was just removed and replaced: not ours to touch */
    if (flock(fd, LOCK_EX | LOCK_NB) != 0 || fstat(fd, &a) != 0 || stat(path, &b) != 0 ||
        a.st_ino != b.st_ino || a.st_dev != b.st_dev) {
        close(fd);
        return FL_OK;
    }
    size_t len = 0;
    char *text = slurp(fd, &len);
    jfile j;
    memset(&j, 0, sizeof j);
    if (text)
        parse(text, len, &j);
    bool complete = j.committed || (j.token && committed && committed(j.token, ctx));
    /* cut short (a crash while it was written, before any rename): nothing to do */
    bool ok = text && carry_out(path, &j, complete);
    if (ok)
        unlink(path);
    else if (!text)
        fl_error("publish journal '%s': cannot read it: %s", path, strerror(errno));
    journal_free(&j);
    free(text);
    close(fd);
    return ok ? FL_OK : FL_ERR_OUTPUT;
}

/* Remove path's temporary files that no live run holds and that are older than since. */
static void sweep(const char *target, const struct timespec *since)
{
    const char *slash = strrchr(target, '/');
    char *dir =
        slash ? strndup(target, slash == target ? 1 : (size_t)(slash - target)) : strdup(".");
    char *prefix = beside(slash ? slash + 1 : target, ".tmp-");
    DIR *dp = dir && prefix ? opendir(dir) : NULL;
    size_t plen = prefix ? strlen(prefix) : 0;
    for (struct dirent *d; dp && (d = readdir(dp)) != NULL;) {
        if (strlen(d->d_name) != plen + 6 || strncmp(d->d_name, prefix, plen) != 0)
            continue;
        int fd = openat(dirfd(dp), d->d_name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
        struct stat st;
        if (fd < 0)
            continue;
        if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
            (st.st_mtim.tv_sec < since->tv_sec ||
             (st.st_mtim.tv_sec == since->tv_sec && st.st_mtim.tv_nsec < since->tv_nsec)) &&
            flock(fd, LOCK_EX | LOCK_NB) == 0)
            unlinkat(dirfd(dp), d->d_name, 0);
        close(fd);
    }
    if (dp)
        closedir(dp);
    free(dir);
    free(prefix);
}

fl_status fl_publish_startup(const char *journal, const char *const *outputs, size_t n,
                             fl_publish_committed_fn committed, void *ctx,
                             const struct timespec *since)
{
    fl_status st = journal ? recover(journal, committed, ctx) : FL_OK;
    if (journal)
        sweep(journal, since);
    for (size_t i = 0; i < n; i++) {
        bool regular;
        char *t = outputs[i] ? fl_outfile_target(outputs[i], &regular) : NULL;
        char *j = t && regular ? beside(t, ".publish") : NULL;
        if (j && recover(j, committed, ctx) != FL_OK)
            st = FL_ERR_OUTPUT;
        if (j)
            sweep(j, since);
        if (t && regular)
            sweep(t, since);
        free(j);
        free(t);
    }
    return st;
}
