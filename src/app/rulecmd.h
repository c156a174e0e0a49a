/*
 * rulecmd.h - the 'flscan rules check' and 'flscan rules list' commands.
 */
#ifndef FL_RULECMD_H
#define FL_RULECMD_H

#include "rules.h"

typedef struct fl_rulecmd_opts {
    const char *rules_dir;
    const char *data_dir;  /* country_aliases.csv, names/ and reference/harmonized_system.csv */
    const char *iso_dir;
    fl_date as_of;         /* list: only rules in force then; 0 = all */
    const char *country;   /* list: filter, NULL = all */
    const char *commodity; /* list: filter, NULL = all */
} fl_rulecmd_opts;

/*
 * Validate the rule set and the company-name tables of <data>/names/ (nametab.h): loader
 * errors (exit 4), then warnings (overlapping windows for the
 * same country x commodity x basis, HS prefixes that are not headings of the HS nomenclature
 * in <data>/reference/harmonized_system.csv, description patterns that do not match their own
 * commodity name) and counts per basis on stdout. Returns the exit code.
 */
int fl_rulecmd_check(const fl_rulecmd_opts *o);

/* Print the rules (filtered) as a tab-separated table with a header. Returns the exit code. */
int fl_rulecmd_list(const fl_rulecmd_opts *o);

#endif
