/*
 * coverage.h - how much of each official list the rule set holds, and how old it is.
 *
 * For each official size in coverage.csv (rules.h, fl_list_size) the rule set's listings of
 * that basis in force on the size's date are counted in the size's unit:
 *
 *   goods     distinct commodities of the list's rules (TVPRA: a good listed for several
 *             countries counts once, as DOL counts goods);
 *   products  distinct country x commodity pairs (the E.O. 13126 list counts products);
 *   entities  entity rows (entities.csv) of the basis;
 *   orders    CBP orders: the rows of one order (the same date and the same sources: the
 *             producers an order names) count once, area rules once each.
 *
 * Rows of the builder's reach ("-reach-" in the id) are not the list's and are not counted.
 * Countries are the distinct first countries of those rules. The newest source is the newest
 * date of a source that the basis's rules cite (as the source gives it: YYYY, YYYY-MM or
 * YYYY-MM-DD).
 *
 * A run warns (fl_coverage_warnings) when the rule set's date (ruleset.csv) is more than
 * FL_RULES_MAX_AGE_DAYS before the run date, or when a list is held below
 * FL_COVERAGE_MIN_SHARE of its official size.
 */
#ifndef FL_COVERAGE_H
#define FL_COVERAGE_H

#include <stddef.h>
#include <stdint.h>
#include "rules.h"

#define FL_RULES_MAX_AGE_DAYS 180
#define FL_COVERAGE_MIN_SHARE 0.5

typedef struct fl_coverage {
    const fl_list_size *size;   /* the official figures (borrowed from the rule set) */
    uint64_t held;              /* listings of the basis in force on size->as_of, in its unit */
    uint64_t held_countries;    /* their distinct countries */
    char newest_source[11];     /* "" when the basis's rules cite no dated source */
    const char *newest_source_id; /* borrowed; NULL with newest_source "" */
} fl_coverage;

/* One fl_coverage per official size of rs, in file order, into out[0..cap). Returns the
   number of sizes (which may exceed cap: only cap are written). */
size_t fl_coverage_compute(const fl_ruleset *rs, fl_coverage *out, size_t cap);

/*
 * "75 of 187 entities as of 2026-08-03" (and ", 20 of 25 countries" when the size gives
 * countries) into buf (capacity cap, always NUL-terminated). With the list's name first
 * when named: "UFLPA Entity List: 75 of 187 entities as of 2026-08-03".
 */
void fl_coverage_text(const fl_coverage *c, bool named, char *buf, size_t cap);

/*
 * The warnings a run with this rule set gets on run_date (yyyymmdd): its age, and each list
 * held below the share. Calls fn(text, ctx) once per warning (text without "warning:");
 * returns how many.
 */
typedef void (*fl_coverage_warn_fn)(const char *text, void *ctx);
size_t fl_coverage_warnings(const fl_ruleset *rs, fl_date run_date, fl_coverage_warn_fn fn,
                            void *ctx);

#endif
