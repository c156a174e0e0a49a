/*
 * pathcheck.h - refuse a run whose options name one file twice.
 *
 * An output named like an input, the ledger or another output would overwrite it (the later
 * write wins), so the run is refused before any work. Two paths are the same file when they
 * lead to the same device and inode (through "./", "..", a symbolic or a hard link), or, for a
 * file that does not exist yet, when they resolve to the same absolute path (the folder
 * resolved, the last name as given). A character device (/dev/null, a terminal) takes any
 * number of writes and readers: it never clashes. "-" (standard input or output) never
 * clashes either. The caller lists the ledger's companion files too (its ".lock", SQLite's
 * "-journal", the publish journal ".publish"), as written paths of their own.
 */
#ifndef FL_PATHCHECK_H
#define FL_PATHCHECK_H

#include <stdbool.h>
#include <stddef.h>

/* One path of the run and the option that gave it. All borrowed. */
typedef struct fl_named_path {
    const char *option; /* "--out" */
    const char *path;   /* NULL: the option was not given */
    bool written;       /* the run writes it (an output, the ledger); else it only reads it */
} fl_named_path;

/*
 * Check every pair of paths[0..n) of which at least one is written. Returns true when no two
 * are the same file; else prints "--B 'b' and --A 'a' are the same file; give each its own"
 * (B the later in the list) for the first clash found and returns false (exit 2, usage).
 * A path that cannot be resolved (out of memory) is compared as given.
 */
bool fl_pathcheck(const fl_named_path *paths, size_t n);

/*
 * Whether inputs a and b are the same file, as above ('-' and '-' are: both standard input;
 * a character device never is). Prints nothing.
 */
bool fl_pathcheck_same_file(const char *a, const char *b);

#endif
