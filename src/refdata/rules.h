/*
 * rules.h - the rule set: sources, commodities and dated rules loaded from rules/.
 *
 * The on-disk format is documented in rules/README.md. Loading validates everything
 * (unknown country, bad HS prefix, regex that does not compile, duplicate id, missing or
 * unknown source, bad date or window) and reports each problem as file:line:column through
 * fl_error(); a rule set with any error is refused with FL_ERR_RULES.
 * After loading, the set is immutable and may be shared by threads.
 */
#ifndef FL_RULES_H
#define FL_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "common.h"
#include "country.h"
#include "dates.h"
#include "regex.h"
#include "vocab.h"

/* Dates are stored as yyyymmdd integers (2011-10-05 -> 20111005); 0 = none. */
#define FL_DATE_OPEN 99991231u

typedef struct fl_source {
    char *id, *title, *publisher, *date, *url;
} fl_source;

typedef struct fl_commodity {
    char *id, *name;
    char **hs_prefixes; /* digits only */
    size_t n_hs;
    char *pattern, *exclude; /* source text, "" when absent */
    fl_regex *re, *re_exclude; /* NULL when absent */
    char *note;
} fl_commodity;

typedef struct fl_rule {
    char *id, *title, *note;
    fl_basis basis;
    char (*countries)[3]; /* ISO alpha-2 */
    size_t n_countries;
    char **regions; /* ISO 3166-2 codes */
    size_t n_regions;
    size_t *commodities; /* indexes into fl_ruleset.commodities */
    size_t n_commodities;
    bool all_goods; /* commodities == "*" */
    unsigned labor;  /* FL_LABOR_* bits */
    fl_severity severity;
    fl_date valid_from, valid_to; /* inclusive; valid_to FL_DATE_OPEN when open-ended */
    size_t *sources; /* indexes into fl_ruleset.sources */
    size_t n_sources;
    const char *file; /* table name ("rules-tvpra.csv"), borrowed from the set */
    unsigned line;
    /*
     * Entity rules (from entities.csv and entities-*.csv, with the names of
     * entity-extras*.csv): the listed name first, then its aliases. Such a rule
     * fires on a shipper or importer name (entity.h), never on country or region alone;
     * countries then say where the entity is, for agreement scoring.
     */
    char **names;
    size_t n_names;
    unsigned char *name_kinds; /* FL_NAME_* of each name */
    /* From entity-extras*.csv (rules/README.md): the listing covers the entity's
       subsidiaries; the entity's addresses. */
    bool subsidiaries;
    char **addresses;
    size_t n_addresses;
} fl_rule;

/*
 * The official size of a list on a date (coverage.csv, optional): how many listings the list
 * has, so that a report can say how much of it the rule set holds (coverage.h).
 */
typedef struct fl_list_size {
    char *list;         /* the list's name ("UFLPA Entity List") */
    fl_basis basis;     /* the rules that hold its listings */
    uint64_t count;     /* the official number of listings */
    char *unit;         /* what count counts: "goods", "products", "entities" or "orders" */
    uint64_t countries; /* the official number of countries and areas, 0 when not given */
    fl_date as_of;      /* the date of the figures */
    size_t *sources;    /* indexes into fl_ruleset.sources: where the figures come from */
    size_t n_sources;
    char *note;
    unsigned line;      /* in coverage.csv */
} fl_list_size;

/* What a name of an entity rule is. */
enum {
    FL_NAME_LISTED = 0, /* the name the list gives (names[0]) */
    FL_NAME_ALIAS,      /* an a/k/a name (entities' aliases column, extras kind alias) */
    FL_NAME_FORMER,     /* a former name (extras kind former) */
};

typedef struct fl_ruleset fl_ruleset;

struct fl_ruleset {
    char *dir;
    char *name, *version, *date, *description;
    char sha256[65]; /* hex over all rule files in name order */
    fl_source *sources;
    size_t n_sources;
    fl_commodity *commodities;
    size_t n_commodities;
    fl_rule *rules;
    size_t n_rules;
    fl_list_size *sizes; /* coverage.csv, in file order; none when the file is absent */
    size_t n_sizes;
    char **files; /* the files read, in order (base names) */
    size_t n_files;
    void *priv; /* indexes; private to rules.c */
};

/*
 * Load and validate the rule set in dir against the country table (borrowed; must outlive
 * the set only during loading). Every problem is reported with fl_error() as
 * "file:line:column: message". Returns FL_OK with *out set (free with fl_ruleset_free),
 * FL_ERR_RULES on any validation error, FL_ERR_INPUT if dir cannot be read.
 */
fl_status fl_rules_load(const char *dir, const fl_countries *countries, fl_ruleset **out);

void fl_ruleset_free(fl_ruleset *rs);

/*
 * Rules whose countries include code (alpha-2) and that name no region (a rule with regions
 * fires on a detected region only, see fl_rules_with_regions). Returns the number of indexes and sets
 * *idx to a borrowed array of rule indexes, in file order. Never NULL-dereferences: a
 * country without rules gives 0.
 */
size_t fl_rules_for_country(const fl_ruleset *rs, const char code[3], const size_t **idx);

/* Rules that name at least one region and no entity. Borrowed array, file order. */
size_t fl_rules_with_regions(const fl_ruleset *rs, const size_t **idx);

/* Entity rules (n_names > 0). Borrowed array, file order. */
size_t fl_rules_entities(const fl_ruleset *rs, const size_t **idx);

/* Index of the rule with this id, or SIZE_MAX. */
size_t fl_rules_find(const fl_ruleset *rs, const char *id);

/* Index of the source with this id, or SIZE_MAX. */
size_t fl_rules_find_source(const fl_ruleset *rs, const char *id);

/* True if the rule is in force on date d. */
static inline bool fl_rule_in_force(const fl_rule *r, fl_date d)
{
    return d >= r->valid_from && d <= r->valid_to;
}

#endif
