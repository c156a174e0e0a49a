/*
 * locate.h - where the rule set and the reference data are when no option says.
 *
 * The rule set is a folder holding ruleset.csv; the reference data a folder holding
 * country_aliases.csv. Each is the first of these places (fl_locate_places lists them, for
 * --help and the man page, so that what is said is what is done):
 *
 *   rules                                     data
 *   1. --rules DIR (rules check: its DIR)     --data DIR
 *   2. $FLSCAN_RULES                          $FLSCAN_DATA
 *   3. ./rules                                datasets/ beside the rule set found
 *   4. PREFIX/share/flscan/rules, where the   ./datasets
 *      running program is PREFIX/bin/flscan
 *   5. the build's install prefix             PREFIX/share/flscan/datasets (as 4)
 *   6.                                        the build's install prefix
 *
 * A folder given by an option or a variable (1, 2) is taken as it is, never searched past:
 * when it is wrong, the loader says so. The other places count only when they hold the file
 * that marks them. An install is relocatable: 'cmake --install build --prefix P' (or the
 * Debian package) finds its rules and data from P/bin/flscan wherever P is, and from
 * whatever folder it runs in.
 */
#ifndef FL_LOCATE_H
#define FL_LOCATE_H

#include <stddef.h>
#include "common.h"

typedef enum fl_locate_what { FL_LOCATE_RULES, FL_LOCATE_DATA } fl_locate_what;

/*
 * Find the folder. given: the option's value (NULL when not given); option: how the user
 * gives it, for messages ("--rules DIR"); rules: for the data, the rule set's folder found
 * (NULL for the rules). On FL_OK *out is the folder (caller frees) and *where says which
 * place it is ("$FLSCAN_RULES", "./rules", "beside the program", ...; static). When no place
 * holds it: FL_ERR_INPUT with a message naming every place tried and why each did not
 * count, and what to give instead. FL_ERR_NOMEM when out of memory.
 */
fl_status fl_locate(fl_locate_what what, const char *given, const char *option, const char *rules,
                    char **out, const char **where);

/*
 * The places searched, in order, as text: up to cap lines into lines (static strings, or
 * written into buf of size bufsize). Returns how many.
 */
size_t fl_locate_places(fl_locate_what what, const char **lines, size_t cap, char *buf,
                        size_t bufsize);

#endif
