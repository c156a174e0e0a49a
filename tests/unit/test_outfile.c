/* test_outfile.c - outputs that appear whole or not at all (outfile.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "interrupt.h"
#include "outfile.h"
#include "publish.h"
#include "small_files.h"

/* ---- a temporary folder per test ----------------------------------------------------- */

static char dir[64];

static int setup(void **state)
{
    (void)state;
    /* Relative to the working folder: no absolute path needed. */
    strcpy(dir, "outfile-test-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static void remove_tree(const char *d)
{
    DIR *dp = opendir(d);
    struct dirent *e;
    char p[512];
    if (!dp)
        return;
    while ((e = readdir(dp)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        snprintf(p, sizeof p, "%s/%s", d, e->d_name);
        struct stat st;
        if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
            remove_tree(p);
        else
            unlink(p);
    }
    closedir(dp);
    rmdir(d);
}

static int teardown(void **state)
{
    (void)state;
    remove_tree(dir);
    return 0;
}

static const char *in_dir(const char *name)
{
    static char p[4][256];
    static int k;
    k = (k + 1) % 4;
    snprintf(p[k], sizeof p[k], "%s/%s", dir, name);
    return p[k];
}

/* Entries of folder d whose name has prefix (all entries but . and .. when prefix is ""). */
static int entries(const char *d, const char *prefix)
{
    DIR *dp = opendir(d);
    struct dirent *e;
    int n = 0;
    assert_non_null(dp);
    while ((e = readdir(dp)) != NULL)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") &&
            !strncmp(e->d_name, prefix, strlen(prefix)))
            n++;
    closedir(dp);
    return n;
}

static bool exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* ---- tests --------------------------------------------------------------------------- */

/*
 * Nothing under the final name until the commit; the temporary file is ".<name>.tmp-XXXXXX"
 * in the same folder; afterwards the whole text is there, with ordinary permissions, and no
 * temporary file is left.
 */
static void test_write_then_rename(void **state)
{
    (void)state;
    const char *path = in_dir("report.csv");
    fl_outfile out;
    mode_t old = umask(022);
    assert_int_equal(fl_outfile_begin(&out, path, true), FL_OK);
    assert_non_null(out.fp);
    assert_string_equal(out.final_path, path);
    /* the temporary name: same folder, hidden, the final base name in it */
    char prefix[128];
    snprintf(prefix, sizeof prefix, "%s/.report.csv.tmp-", dir);
    assert_int_equal(strncmp(out.tmp_path, prefix, strlen(prefix)), 0);
    assert_int_equal(strlen(out.tmp_path), strlen(prefix) + 6);
    assert_true(exists(out.tmp_path));
    fputs("a,b\r\n1,2\r\n", out.fp);
    fflush(out.fp);
    assert_false(exists(path));
    assert_int_equal(entries(dir, ".report.csv.tmp-"), 1);

    assert_int_equal(fl_outfile_commit(&out), FL_OK);
    umask(old);
    assert_null(out.final_path);
    assert_null(out.tmp_path);
    assert_null(out.fp);
    assert_string_equal(contents(path), "a,b\r\n1,2\r\n");
    assert_int_equal(entries(dir, ""), 1);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0644); /* 0666 less the umask, not mkstemp's 0600 */
    /* abort after a commit: nothing left to do */
    fl_outfile_abort(&out);
    assert_true(exists(path));
}

/* An existing report stays as it was until the new one is complete, and after an abort. */
static void test_previous_kept(void **state)
{
    (void)state;
    const char *path = in_dir("flags.jsonl");
    put(path, "old\n");
    fl_outfile out;
    assert_int_equal(fl_outfile_begin(&out, path, true), FL_OK);
    fputs("new, half", out.fp);
    fflush(out.fp);
    assert_string_equal(contents(path), "old\n");
    fl_outfile_abort(&out);
    assert_null(out.tmp_path);
    assert_string_equal(contents(path), "old\n");
    assert_int_equal(entries(dir, ""), 1);
    fl_outfile_abort(&out); /* idempotent */
    fl_outfile_abort(NULL);
    /* a commit after an abort has nothing to commit */
    assert_int_equal(fl_outfile_commit(&out), FL_ERR_OUTPUT);

    assert_int_equal(fl_outfile_begin(&out, path, true), FL_OK);
    fputs("new\n", out.fp);
    assert_int_equal(fl_outfile_commit(&out), FL_OK);
    assert_string_equal(contents(path), "new\n");
    assert_int_equal(entries(dir, ""), 1);
}

/* Without a stream the writer opens the temporary file itself (libxlsxwriter does). */
static void test_no_stream(void **state)
{
    (void)state;
    const char *path = in_dir("report.xlsx");
    fl_outfile out;
    assert_int_equal(fl_outfile_begin(&out, path, false), FL_OK);
    assert_null(out.fp);
    assert_true(exists(out.tmp_path));
    put(out.tmp_path, "PK workbook");
    assert_false(exists(path));
    assert_int_equal(fl_outfile_commit(&out), FL_OK);
    assert_string_equal(contents(path), "PK workbook");
    assert_int_equal(entries(dir, ""), 1);
}

/* A path without a folder: the temporary file is in the working folder. */
static void test_bare_name(void **state)
{
    (void)state;
    char cwd[4096];
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_int_equal(chdir(dir), 0);
    fl_outfile out;
    fl_status st = fl_outfile_begin(&out, "bare.txt", true);
    bool tmp_ok = st == FL_OK && strncmp(out.tmp_path, ".bare.txt.tmp-", 14) == 0;
    if (st == FL_OK) {
        fputs("x", out.fp);
        st = fl_outfile_commit(&out);
    }
    int n = entries(".", "");
    bool there = exists("bare.txt");
    assert_int_equal(chdir(cwd), 0);
    assert_int_equal(st, FL_OK);
    assert_true(tmp_ok);
    assert_true(there);
    assert_int_equal(n, 1);
}

/* Places that cannot be written: the documented status, and nothing left behind. */
static void test_begin_failures(void **state)
{
    (void)state;
    assert_int_equal(mkdir(in_dir("sub"), 0777), 0);
    static const struct case_bad {
        const char *name; /* inside the test folder */
        bool stream;
    } cases[] = {
        {"missing/out.csv", true}, /* no such folder */
        {"missing/out.xlsx", false},
        {"sub", true}, /* a folder, not a file name */
        {"sub", false},
        {"sub/", true},          /* a folder named with a slash */
        {"plain/out.csv", true}, /* a file where a folder should be */
    };
    put(in_dir("plain"), "not a folder");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        fl_outfile out;
        memset(&out, 0xAB, sizeof out);
        print_message("case %zu: %s\n", i, cases[i].name);
        assert_int_equal(fl_outfile_begin(&out, in_dir(cases[i].name), cases[i].stream),
                         FL_ERR_OUTPUT);
        /* the struct is left empty: nothing to free, abort is harmless */
        assert_null(out.final_path);
        assert_null(out.tmp_path);
        assert_null(out.fp);
        fl_outfile_abort(&out);
        assert_int_equal(entries(dir, ""), 2); /* sub and plain */
        assert_int_equal(entries(in_dir("sub"), ""), 0);
    }
}

/* A write error seen on the stream fails the commit; the file never appears. */
static void test_write_error(void **state)
{
    (void)state;
    const char *path = in_dir("broken.csv");
    put(path, "previous\n");
    fl_outfile out;
    assert_int_equal(fl_outfile_begin(&out, path, true), FL_OK);
    fputs("some text", out.fp);
    /* Reading a write-only stream sets its error indicator, as a failed write would. */
    (void)fgetc(out.fp);
    assert_true(ferror(out.fp));
    assert_int_equal(fl_outfile_commit(&out), FL_ERR_OUTPUT);
    assert_null(out.tmp_path);
    assert_null(out.final_path);
    assert_string_equal(contents(path), "previous\n");
    assert_int_equal(entries(dir, ""), 1);
}

/* Held publishing: every file waits under its temporary name, then all appear. */
static void test_hold_publish(void **state)
{
    (void)state;
    static const char *const names[] = {"a.xlsx", "b.csv", "c.jsonl"};
    put(in_dir("b.csv"), "old b\n");
    fl_publish_hold();
    for (size_t i = 0; i < 3; i++) {
        fl_outfile out;
        assert_int_equal(fl_outfile_begin(&out, in_dir(names[i]), true), FL_OK);
        fprintf(out.fp, "new %s\n", names[i]);
        assert_int_equal(fl_outfile_commit(&out), FL_OK);
        assert_null(out.tmp_path); /* the queue owns it now */
    }
    /* complete, but not yet published */
    assert_false(exists(in_dir("a.xlsx")));
    assert_string_equal(contents(in_dir("b.csv")), "old b\n");
    assert_false(exists(in_dir("c.jsonl")));
    assert_int_equal(entries(dir, "."), 3);
    assert_int_equal(fl_publish_run(NULL), FL_OK);
    assert_string_equal(contents(in_dir("a.xlsx")), "new a.xlsx\n");
    assert_string_equal(contents(in_dir("b.csv")), "new b.csv\n");
    assert_string_equal(contents(in_dir("c.jsonl")), "new c.jsonl\n");
    assert_int_equal(entries(dir, ""), 3);
    /* the hold has ended: the next commit renames at once */
    fl_outfile out;
    assert_int_equal(fl_outfile_begin(&out, in_dir("d.csv"), true), FL_OK);
    assert_int_equal(fl_outfile_commit(&out), FL_OK);
    assert_true(exists(in_dir("d.csv")));
    /* publishing an empty queue is fine */
    assert_int_equal(fl_publish_run(NULL), FL_OK);
}

/* Held, then discarded: nothing appears, previous files stay, no temporary file is left. */
static void test_hold_discard(void **state)
{
    (void)state;
    put(in_dir("report.xlsx"), "previous report");
    fl_publish_hold();
    /* enough files to grow the queue */
    for (int i = 0; i < 20; i++) {
        char name[32];
        snprintf(name, sizeof name, i ? "out-%d.csv" : "report.xlsx", i);
        fl_outfile out;
        assert_int_equal(fl_outfile_begin(&out, in_dir(name), true), FL_OK);
        fputs("new", out.fp);
        assert_int_equal(fl_outfile_commit(&out), FL_OK);
    }
    assert_int_equal(entries(dir, "."), 20);
    fl_publish_discard();
    assert_int_equal(entries(dir, ""), 1);
    assert_string_equal(contents(in_dir("report.xlsx")), "previous report");
    /* the hold has ended */
    fl_outfile out;
    assert_int_equal(fl_outfile_begin(&out, in_dir("after.csv"), true), FL_OK);
    assert_int_equal(fl_outfile_commit(&out), FL_OK);
    assert_true(exists(in_dir("after.csv")));
    fl_publish_discard(); /* nothing held: nothing happens */
    assert_true(exists(in_dir("after.csv")));
}

/*
 * A queued file whose final name can no longer be taken (a folder appeared there) fails the
 * publish as a whole: the file published before it is taken back (the previous one put back,
 * or removed when there was none), the folder is untouched, and no temporary file, backup or
 * journal is left.
 */
static void test_publish_failure(void **state)
{
    (void)state;
    put(in_dir("first.csv"), "previous first");
    fl_publish_hold();
    static const char *const names[] = {"first.csv", "new.csv", "blocked", "last.csv"};
    for (size_t i = 0; i < 4; i++) {
        fl_outfile out;
        assert_int_equal(fl_outfile_begin(&out, in_dir(names[i]), true), FL_OK);
        fputs(names[i], out.fp);
        assert_int_equal(fl_outfile_commit(&out), FL_OK);
    }
    assert_int_equal(mkdir(in_dir("blocked"), 0777), 0);
    put(in_dir("blocked/keep"), "a non-empty folder");
    assert_int_equal(fl_publish_run(NULL), FL_ERR_OUTPUT);
    assert_string_equal(contents(in_dir("first.csv")), "previous first");
    assert_false(exists(in_dir("new.csv")));
    assert_int_equal(entries(dir, "."), 0);
    assert_string_equal(contents(in_dir("blocked/keep")), "a non-empty folder");
    assert_false(exists(in_dir("last.csv")));
    assert_int_equal(entries(dir, ""), 2);
}

/* Without a hold, a stop request turns the commit into a clean refusal. */
static void test_interrupted(void **state)
{
    (void)state;
    const char *path = in_dir("report.xlsx");
    put(path, "previous report");
    assert_int_equal(fl_interrupt_install(), 0);
    fl_outfile out;
    assert_int_equal(fl_outfile_begin(&out, path, true), FL_OK);
    fputs("new report", out.fp);
    assert_int_equal(raise(SIGINT), 0);
    assert_int_equal(fl_interrupted(), SIGINT);
    fl_status st = fl_outfile_commit(&out);
    fl_interrupt_reset();
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    assert_int_equal(st, FL_ERR_INTERRUPTED);
    assert_null(out.tmp_path);
    assert_string_equal(contents(path), "previous report");
    assert_int_equal(entries(dir, ""), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_write_then_rename, setup, teardown),
        cmocka_unit_test_setup_teardown(test_previous_kept, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_stream, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bare_name, setup, teardown),
        cmocka_unit_test_setup_teardown(test_begin_failures, setup, teardown),
        cmocka_unit_test_setup_teardown(test_write_error, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hold_publish, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hold_discard, setup, teardown),
        cmocka_unit_test_setup_teardown(test_publish_failure, setup, teardown),
        cmocka_unit_test_setup_teardown(test_interrupted, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
