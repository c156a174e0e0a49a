/*
 * listname.h - the names in an official list's entity text, taken apart.
 *
 * Agencies write one cell per listing, with several names in it. These functions split such
 * a cell the way the project's rule builder (rules/tools/build_rules.py) does, so that an
 * import of the reference tables finds the very names the builder wrote:
 *
 *   fl_lname_paren   "Name (X)": X is an alias when it reads as a name (six words or fewer,
 *                    none of the note words "subsidiar", "joint", "spelling", "parent",
 *                    "flagged", "owned", "fleet", "vessel", "affiliat", "as reported", "not
 *                    captured", "further", "former", "truncated", "in source", or ending in
 *                    "manufacturing"), else a note. Only a last parenthesis with no
 *                    parenthesis inside counts.
 *   fl_lname_order   a CBP order's "Entity": producers separated by "; " outside
 *                    parentheses; " and (its) subsidiaries" dropped (kept as a note);
 *                    "A, a/k/a B, a/k/a C" gives A with aliases B and C; "Group (A; B)"
 *                    gives the group and each of A and B; otherwise fl_lname_paren. A
 *                    group name in parentheses after the last of several producers is an
 *                    alias of each of them. "Fishing Vessel: X" gives X; "Fishing Vessels
 *                    owned by X" gives X with that note.
 *   fl_lname_dhs     a UFLPA Entity List name: "NAME (including one alias: A)", "(and two
 *                    aliases: A and B)", "(including three aliases: A; B; and C)",
 *                    "(formerly known as A)", "(also known as A)"; "NAME and subsidiaries",
 *                    ", and Subsidiaries", "and its subordinate and affiliated entities"
 *                    (a note); "NAME and its subsidiary S", "NAME and its eight X-based
 *                    subsidiaries, which include A, B, and C" (S, A, B, C are producers of
 *                    their own, after NAME). Anything else falls back to fl_lname_paren.
 *
 * Strings are allocated in the arena given; nothing is freed separately.
 */
#ifndef FL_LISTNAME_H
#define FL_LISTNAME_H

#include <stddef.h>
#include "arena.h"

typedef struct fl_lname {
    const char *name;
    const char **aliases;
    size_t n_aliases;
    const char *note; /* words that are not a name, NULL when none */
} fl_lname;

/* Split "Name (X)". *alias and *note are NULL when absent. False when out of memory. */
bool fl_lname_paren(fl_arena *a, const char *text, size_t len, const char **name,
                    const char **alias, const char **note);

/* The producers of one CBP order's text; *out (arena) has the count returned; 0 when the
   text names none or memory ran out (*out NULL then). */
size_t fl_lname_order(fl_arena *a, const char *text, fl_lname **out);

/* A UFLPA entity and the subsidiaries its text names; as fl_lname_order. */
size_t fl_lname_dhs(fl_arena *a, const char *text, fl_lname **out);

/*
 * Pieces of a name cell split at ", " and " and " outside parentheses, keeping ", Ltd.",
 * ", Inc." and the like inside a name: extra keys to find a producer of a comma-separated
 * list ("Kumar Carpet Pvt., Singhe Carpet Pvt., Ltd., and Valley Carpet"). Only for
 * matching: never written as names. Returns the count; *out in the arena.
 */
size_t fl_lname_pieces(fl_arena *a, const char *text, const char ***out);

#endif
