/* test_publish.c - a run's outputs and its commit point, all or nothing (publish.h). */
#define _DEFAULT_SOURCE /* flock() */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "outfile.h"
#include "publish.h"
#include "small_files.h"

/* ---- a temporary folder per test, by absolute path (journals hold absolute paths) ----- */

static char dir[1000];

static int setup(void **state)
{
    (void)state;
    char cwd[900];
    if (!getcwd(cwd, sizeof cwd))
        return -1;
    if (snprintf(dir, sizeof dir, "%s/publish-test-XXXXXX", cwd) >= (int)sizeof dir)
        return -1;
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    DIR *dp = opendir(dir);
    struct dirent *e;
    char p[1400];
    while (dp && (e = readdir(dp)) != NULL) {
        if (snprintf(p, sizeof p, "%s/%s", dir, e->d_name) < (int)sizeof p)
            unlink(p);
    }
    if (dp)
        closedir(dp);
    rmdir(dir);
    return 0;
}

static const char *in_dir(const char *name)
{
    static char p[8][1100];
    static int k;
    k = (k + 1) % 8;
    if (snprintf(p[k], sizeof p[k], "%s/%s", dir, name) >= (int)sizeof p[k])
        fail_msg("path too long");
    return p[k];
}

static int entries(void)
{
    DIR *dp = opendir(dir);
    struct dirent *e;
    int n = 0;
    assert_non_null(dp);
    while ((e = readdir(dp)) != NULL)
        n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
    closedir(dp);
    return n;
}

static bool exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

static struct timespec now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    return t;
}

/* ---- journals written by hand, as a crashed run leaves them ----------------------------- */

/* One output of a crashed publish, in the state the crash left it. */
enum state {
    NOTHING_MOVED, /* the previous file in place, the new one under its temporary name */
    OLD_ASIDE,     /* the previous file moved to its backup, the new one not yet in place */
    NEW_IN_PLACE,  /* the new file in place, the previous one in its backup */
};

/* Make report.csv's files in state s (with or without a previous file) and return the
   journal's line for it. */
static const char *make_output(enum state s, bool had_old)
{
    static char line[12000];
    const char *final = in_dir("report.csv"), *tmp = in_dir(".report.csv.tmp-AbCdEf");
    const char *backup = in_dir(".report.csv.old-AbCdEf");
    if (had_old)
        put(s == NOTHING_MOVED ? final : backup, "previous");
    put(s == NEW_IN_PLACE ? final : tmp, "new");
    struct stat st;
    assert_int_equal(stat(s == NEW_IN_PLACE ? final : tmp, &st), 0);
    int w = snprintf(line, sizeof line, "file %zu:%s %zu:%s %zu:%s %llu %llu\n", strlen(final),
                     final, strlen(tmp), tmp, had_old ? strlen(backup) : 0, had_old ? backup : "",
                     (unsigned long long)st.st_dev, (unsigned long long)st.st_ino);
    assert_true(w > 0 && (size_t)w < sizeof line);
    return line;
}

static void write_journal(const char *path, unsigned token, const char *files, bool ended,
                          bool committed)
{
    char text[14000];
    int w = snprintf(text, sizeof text, "flscan-publish 1\ntoken %u\n%s%s%s", token, files,
                     ended ? "end\n" : "", committed ? "committed\n" : "");
    assert_true(w > 0 && (size_t)w < sizeof text);
    put(path, text);
}

static bool committed_up_to_3(uint64_t token, void *ctx)
{
    (void)ctx;
    return token <= 3;
}

/* Every state, rolled back or completed: the previous set or the new one, nothing else. */
static void test_recover_states(void **state)
{
    (void)state;
    static const struct rcase {
        enum state s;
        bool had_old;
        unsigned token;  /* 0: none; committed_up_to_3 says 1..3 were committed */
        bool committed;  /* the journal's own mark */
        const char *now; /* report.csv afterwards; "" absent */
    } cases[] = {
        {NOTHING_MOVED, true, 4, false, "previous"},
        {OLD_ASIDE, true, 4, false, "previous"},
        {NEW_IN_PLACE, true, 4, false, "previous"},
        {NEW_IN_PLACE, false, 4, false, ""},
        {NOTHING_MOVED, false, 0, false, ""},
        {NEW_IN_PLACE, true, 3, false, "new"}, /* the ledger committed it: completed */
        {NEW_IN_PLACE, true, 0, true, "new"},  /* marked committed */
        {NEW_IN_PLACE, false, 9, true, "new"},
        {OLD_ASIDE, true, 2, false, "new"}, /* completed from any state */
        {NOTHING_MOVED, true, 0, true, "new"},
    };
    char journal[1100]; /* in_dir's buffers are reused */
    snprintf(journal, sizeof journal, "%s", in_dir("L.publish"));
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const struct rcase *c = &cases[i];
        print_message("case %zu\n", i);
        write_journal(journal, c->token, make_output(c->s, c->had_old), true, c->committed);
        struct timespec t = now();
        assert_int_equal(fl_publish_startup(journal, NULL, 0, committed_up_to_3, NULL, &t), FL_OK);
        assert_string_equal(contents(in_dir("report.csv")), c->now);
        assert_false(exists(journal));
        /* the temporary file and the backup are gone: only the output is left */
        assert_int_equal(entries(), *c->now ? 1 : 0);
        unlink(in_dir("report.csv"));
    }
}

/* A journal cut short (a crash while it was written: no rename yet) is removed; nothing
   moves. A journal a live run holds (flock) is left alone. */
static void test_recover_torn_and_live(void **state)
{
    (void)state;
    char journal[1100]; /* in_dir's buffers are reused */
    snprintf(journal, sizeof journal, "%s", in_dir("L.publish"));
    write_journal(journal, 4, make_output(NOTHING_MOVED, true), false, false);
    struct timespec t = now();
    assert_int_equal(fl_publish_startup(journal, NULL, 0, committed_up_to_3, NULL, &t), FL_OK);
    assert_false(exists(journal));
    assert_string_equal(contents(in_dir("report.csv")), "previous");

    write_journal(journal, 4, make_output(NEW_IN_PLACE, true), true, false);
    int fd = open(journal, O_RDONLY);
    assert_true(fd >= 0);
    assert_int_equal(flock(fd, LOCK_EX), 0);
    assert_int_equal(fl_publish_startup(journal, NULL, 0, committed_up_to_3, NULL, &t), FL_OK);
    assert_true(exists(journal));
    assert_string_equal(contents(in_dir("report.csv")), "new");
    close(fd);
    assert_int_equal(fl_publish_startup(journal, NULL, 0, committed_up_to_3, NULL, &t), FL_OK);
    assert_string_equal(contents(in_dir("report.csv")), "previous");
}

/* Without a ledger the journal sits beside the first output; startup finds it there. */
static void test_recover_beside_output(void **state)
{
    (void)state;
    write_journal(in_dir(".report.csv.publish"), 0, make_output(NEW_IN_PLACE, true), true, false);
    const char *outputs[] = {in_dir("report.csv"), NULL};
    struct timespec t = now();
    assert_int_equal(fl_publish_startup(NULL, outputs, 2, NULL, NULL, &t), FL_OK);
    assert_string_equal(contents(in_dir("report.csv")), "previous");
    assert_int_equal(entries(), 1);
}

/* Stale temporary files: of this output's name, older than the run, held by no one. */
static void test_sweep(void **state)
{
    (void)state;
    put(in_dir(".r.xlsx.tmp-Stale1"), "a killed run's");
    put(in_dir(".r.xlsx.tmp-Held01"), "a live run's");
    put(in_dir(".other.tmp-Stale2"), "another output's");
    put(in_dir(".r.xlsx.tmp-toolong"), "not the pattern");
    int fd = open(in_dir(".r.xlsx.tmp-Held01"), O_RDONLY);
    assert_true(fd >= 0);
    assert_int_equal(flock(fd, LOCK_EX), 0);
    struct timespec before = {0, 0};
    const char *outputs[] = {in_dir("r.xlsx")};
    /* made after the run began: not swept */
    assert_int_equal(fl_publish_startup(NULL, outputs, 1, NULL, NULL, &before), FL_OK);
    assert_int_equal(entries(), 4);
    struct timespec t = now();
    t.tv_sec += 1;
    assert_int_equal(fl_publish_startup(NULL, outputs, 1, NULL, NULL, &t), FL_OK);
    close(fd);
    assert_false(exists(in_dir(".r.xlsx.tmp-Stale1")));
    assert_true(exists(in_dir(".r.xlsx.tmp-Held01")));
    assert_true(exists(in_dir(".other.tmp-Stale2")));
    assert_true(exists(in_dir(".r.xlsx.tmp-toolong")));
}

/* ---- publishing with a commit point ------------------------------------------------------ */

static int commits;

static fl_status commit_ok(void *ctx)
{
    (void)ctx;
    commits++;
    /* at the commit point every new file is in place and the journal is on disk */
    assert_string_equal(contents(in_dir("a.csv")), "new a");
    assert_true(exists(in_dir("L.publish")));
    return FL_OK;
}

static fl_status commit_fails(void *ctx)
{
    (void)ctx;
    commits++;
    return FL_ERR_OUTPUT;
}

static void queue(const char *name, const char *text)
{
    fl_outfile out;
    assert_int_equal(fl_outfile_begin(&out, in_dir(name), true), FL_OK);
    fputs(text, out.fp);
    assert_int_equal(fl_outfile_commit(&out), FL_OK);
}

static void test_commit_point(void **state)
{
    (void)state;
    put(in_dir("a.csv"), "old a");
    fl_publish_opts o = {in_dir("L.publish"), 7, commit_fails, NULL};
    fl_publish_hold();
    queue("a.csv", "new a");
    queue("b.csv", "new b");
    commits = 0;
    assert_int_equal(fl_publish_run(&o), FL_ERR_OUTPUT);
    assert_int_equal(commits, 1);
    assert_string_equal(contents(in_dir("a.csv")), "old a"); /* put back */
    assert_false(exists(in_dir("b.csv")));                   /* was not there: removed */
    assert_int_equal(entries(), 1);

    o.commit = commit_ok;
    fl_publish_hold();
    queue("a.csv", "new a");
    queue("b.csv", "new b");
    assert_int_equal(fl_publish_run(&o), FL_OK);
    assert_int_equal(commits, 2);
    assert_string_equal(contents(in_dir("a.csv")), "new a");
    assert_string_equal(contents(in_dir("b.csv")), "new b");
    assert_int_equal(entries(), 2); /* no journal, no backup */
}

/* A symbolic link to a regular file: the file is replaced, the link stays. */
static void test_through_symlink(void **state)
{
    (void)state;
    put(in_dir("real.csv"), "old");
    assert_int_equal(symlink("real.csv", in_dir("link.csv")), 0);
    fl_publish_hold();
    queue("link.csv", "new");
    assert_int_equal(fl_publish_run(NULL), FL_OK);
    struct stat st;
    assert_int_equal(lstat(in_dir("link.csv"), &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    assert_string_equal(contents(in_dir("real.csv")), "new");
    assert_int_equal(entries(), 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_recover_states, setup, teardown),
        cmocka_unit_test_setup_teardown(test_recover_torn_and_live, setup, teardown),
        cmocka_unit_test_setup_teardown(test_recover_beside_output, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sweep, setup, teardown),
        cmocka_unit_test_setup_teardown(test_commit_point, setup, teardown),
        cmocka_unit_test_setup_teardown(test_through_symlink, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
