/*
 * rulecmd.h - the 'flscan rules check', 'flscan rules list' and 'flscan rules import' commands.
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
    bool coverage;         /* list: each list's coverage instead of the rules */
    /* import */
    const char *export_path; /* the list export to import */
    const char *format;      /* --format: listsrc.h's names */
    fl_date date;            /* --date: the list's date; 0 = the newest date in the file */
    const char *source_url;  /* --source-url; NULL = the format's page */
    bool partial;            /* --partial: nothing ends for being absent */
    bool dry_run;            /* --dry-run: report only */
} fl_rulecmd_opts;

/*
 * Validate the rule set and the company-name tables of <data>/names/ (nametab.h): loader
 * errors (exit 4), then warnings (overlapping windows for the
 * same country x commodity x basis, HS prefixes that are not headings of the HS nomenclature
 * in <data>/reference/harmonized_system.csv, description patterns that do not match their own
 * commodity name) and counts per basis on stdout. Returns the exit code.
 */
int fl_rulecmd_check(const fl_rulecmd_opts *o);

/*
 * Print the rules (filtered) as a tab-separated table with a header; with o->coverage, one
 * line a list instead: its official size and date, the number the rule set holds in force on
 * that date, and the newest source it cites (coverage.h). Returns the exit code.
 */
int fl_rulecmd_list(const fl_rulecmd_opts *o);

/*
 * Import an official list's export into the rule set (ruleimport.h): the report on stdout,
 * exit 0; 2 for a bad --format, a missing file name or date; 3 when the export cannot be
 * read; 4 when it has bad rows or the rule set would not load (nothing written); 5 when the
 * tables cannot be written.
 */
int fl_rulecmd_import(const fl_rulecmd_opts *o);

#endif
