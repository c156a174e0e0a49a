/*
 * ruleimport.h - an official list's export merged into the rule set (flscan rules import).
 *
 * The export (listsrc.h) is the state of one list on one date D: --date, else the newest
 * date the file shows. Each entry is matched with the rules of that list:
 *
 *   TVPRA, E.O. 13126   by country and commodity (the good's commodity is the one whose
 *                       note names the good - "DOL good 'Cotton'" -, else whose name is the
 *                       good, else whose id is the good's slug); rows of the rule builder's
 *                       reach ("-reach-" in the id) are not the list's and never matched.
 *   UFLPA, CBP          by name: any name or alias of the entry, folded (fl_unorm_key),
 *                       equal to a name or alias of an entity row of the list; a CBP order
 *                       also by its date (within 60 days: a corrected date) and, when no
 *                       producer's name is known, an area rule (rules-wro.csv) of the same
 *                       country within 60 days.
 *
 * and then, for the rule matched and in force on D (or the entry's own dates):
 *
 *   unchanged  the rule says what the list says;
 *   changed    the labor type differs (the rule ends the day before D, a new rule starts on
 *              D), the listing date differs (corrected), the list knows aliases the rule
 *              lacks (added), or an order's end date differs; the import's source is added
 *              to the rule's sources and the note says what changed;
 *   added      the list has it and no rule does: a new dated, cited row (rules-*.csv or
 *              entities.csv) from the entry's listing date, else D;
 *   removed    the list says it ended (an end date: the rule ends the day before; "Inactive"
 *              without a date: the day before D), or - a complete list only - the list no
 *              longer has it: the rule ends the day before D and cites the import's source.
 *              A rule is never deleted.
 *   not imported  an entry the rule set cannot hold: a good with no commodity (add one to
 *              commodities.csv with its HS prefixes and import again), a type not stated, an
 *              order no longer in force that the rule set never had; listed, with the line.
 *
 * Every new or changed row cites the import's own source (sources.csv: the list's page, or
 * --source-url, dated D, one row per list and date) and the entry's own sources (a press
 * release, the reference table's URLs), primary sources first (a changed row's own sources
 * too); every URL is cleaned (srcurl.h). The hand-kept tables (entities-*.csv, sources-*.csv)
 * are read with the others: their rules are changed in place, a URL one of their rows has is
 * cited by its id, and no id of theirs is given again; new rows go to entities.csv,
 * sources.csv and the list's rules-*.csv. An entry's addresses stay in the note (lists give
 * cities as addresses; an entity-extras.csv address row would match every shipper there). A row whose sources are all secondary (an OpenSanctions export, a law firm)
 * starts its note with "secondary:". ruleset.csv's date becomes D when D is later.
 *
 * Nothing is half-imported: a bad row of the export stops the import before anything is
 * written (located errors, FL_ERR_RULES); the changed tables are then written to a scratch
 * folder inside the rule set and loaded as `flscan rules check` loads them, and only a set
 * that loads is put in place, all files together (publish.h). The report - one line a
 * change, then the counts - goes to out.
 */
#ifndef FL_RULEIMPORT_H
#define FL_RULEIMPORT_H

#include <stdbool.h>
#include <stdio.h>
#include "common.h"
#include "country.h"
#include "dates.h"
#include "listsrc.h"

typedef struct fl_import_opts {
    const char *rules_dir;
    const char *path;       /* the export */
    fl_list_format format;
    fl_date as_of;          /* D; 0: the newest date in the file */
    const char *source_url; /* the list's page; NULL: the format's (listsrc.h) */
    bool partial;           /* never end a rule because the list lacks it */
    bool dry_run;           /* report only */
} fl_import_opts;

typedef struct fl_import_counts {
    size_t added, changed, removed, unchanged, not_imported;
} fl_import_counts;

/* The largest gap between an order's date in the rule set and in a list that still counts
   as the same order with a corrected date. */
#define FL_IMPORT_DATE_SLACK_DAYS 60

/*
 * Import o->path into o->rules_dir as above. countries is borrowed. Returns FL_OK (report
 * written, files changed unless o->dry_run or nothing changed), FL_ERR_USAGE (no date for a
 * list without one, a format that needs --source-url), FL_ERR_INPUT, FL_ERR_RULES (bad export
 * rows, a rule set that does not load before or after: nothing written), FL_ERR_OUTPUT,
 * FL_ERR_NOMEM. counts may be NULL.
 */
fl_status fl_rules_import(const fl_import_opts *o, const fl_countries *countries, FILE *out,
                          fl_import_counts *counts);

#endif
