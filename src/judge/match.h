/*
 * match.h - judging one normalised record against the rule set.
 *
 * A record is judged by the rules in force on its date. A rule fires on origin country +
 * commodity (match "direct") or on a detected region + commodity ("region"). Commodities
 * match by HS prefix when the record has a usable HS code (the longest matching prefix
 * names the commodity in the evidence; the description never overrides a code that names
 * another good), and by description pattern only when it has none; a description-only match,
 * and a match by a code the data vendor inferred rather than the shipper declared, steps the
 * rule's severity down one level (rules/README.md, severity policy).
 */
#ifndef FL_MATCH_H
#define FL_MATCH_H

#include <stddef.h>
#include "entity.h"
#include "memo.h"
#include "rules.h"
#include "vocab.h"

/* A listed region that the normaliser placed the shipper in. */
typedef struct fl_region_ref {
    const char *code;  /* ISO 3166-2 ("CN-XJ"), borrowed */
    const char *place; /* the gazetteer spelling that matched ("Urumqi"), borrowed */
    fl_field field;    /* where it was found (shipper address or shipper name) */
    uint32_t start, end; /* bytes of that field */
    /* why, when the place is a qualifier of a listed entity's name (fl_match_subject): the
       evidence adds it ("qualifier of a listed name; source ..."); NULL otherwise */
    const char *note;
} fl_region_ref;

/* What the matcher needs to know about a record, already normalised. All borrowed. */
typedef struct fl_subject {
    fl_date date;      /* the date judged: the record's, or --as-of */
    bool date_is_as_of;
    char origin[3];    /* ISO alpha-2, "" when unknown */
    fl_slice origin_raw;
    const char *hs;    /* normalised digits, "" when none or invalid */
    bool hs_inferred;  /* the code is the data vendor's classification, not declared: a match
                          by it steps the severity down one level */
    fl_slice description; /* valid UTF-8 */
    const fl_region_ref *regions; /* listed regions detected for the shipper */
    size_t n_regions;
    fl_slice shipper, importer;   /* names screened against listed entities */
    fl_slice shipper_cell, importer_cell; /* the cells they were split from (partycell.h),
                                             empty when not split: shown in the evidence */
    fl_slice shipper_address;     /* screened for listed entities at the address (may be empty) */
    const char *origin_note;      /* "origin inferred UZ from ..." or NULL */
    /* The shipper's entity hits when its name and address were screened already
       (fl_match_shipper, through the place cache: record.h), borrowed until the next record
       is placed; false: fl_match_subject screens them itself. */
    bool shipper_screened;
    size_t n_shipper_hits;
    const fl_entity_hit *shipper_hits;
} fl_subject;

/* The entity hits of one party (a name, and the shipper's address) that a subject keeps. */
#define FL_MATCH_PARTY_HITS 8

#define FL_HIT_NO_UPSTREAM UINT32_MAX

typedef struct fl_hit {
    size_t rule;
    fl_severity severity;
    fl_match match;
    /* an indirect hit's source: its index in the supplier list (supply.h), which the
       roll-ups name; FL_HIT_NO_UPSTREAM for the other matches */
    uint32_t upstream;
    fl_span span; /* matched description text, field FL_F_COUNT when none */
    char evidence[640];
} fl_hit;

typedef struct fl_matcher fl_matcher;

/*
 * A matcher for one thread. rs and entities (NULL: no entity screening) are borrowed and
 * must outlive it. NULL when out of memory.
 * Entity rules fire on the shipper or importer name (match "entity"): at or above the match
 * threshold with the rule's severity, in the review band as a possible match (severity low,
 * action CAUTION). The shipper's address is screened too (fl_entity_screen_address): a listed
 * entity found there fires like a name match, the evidence starting "address:". A qualifier of
 * the shipper's name that places a matched listed entity's branch or subsidiary in a listed
 * region ("(Shanshan)": CN-XJ) is region evidence: the region's rules fire (match "region")
 * with the place and its source in the evidence.
 */
fl_matcher *fl_matcher_new(const fl_ruleset *rs, const fl_entity_index *entities);
void fl_matcher_free(fl_matcher *m);

/*
 * The entity screen's caches (memo.h), made for the matchers of several threads to share
 * (fl_matcher_share): names and addresses screened, and whether a name may match at all,
 * in stripes (1 for one thread). FL_OK or FL_ERR_NOMEM (both NULL then).
 */
fl_status fl_match_caches_new(fl_memo_shared **entity, fl_memo_shared **quiet, unsigned stripes);

/* Use these caches (borrowed: they must outlive m) instead of m's own, which go. */
void fl_matcher_share(fl_matcher *m, fl_memo_shared *entity, fl_memo_shared *quiet);

/*
 * Judge s; write up to max hits (rule order within the rule set) and return how many
 * rules fired (may exceed max; only max are written).
 */
size_t fl_match_subject(fl_matcher *m, const fl_subject *s, fl_hit *hits, size_t max);

/*
 * The shipper's entity hits that fl_match_subject finds for s (its name, then its address),
 * at most FL_MATCH_PARTY_HITS in eh, for a caller that keeps them in a cache of its own keyed
 * by the origin, the name and the address (record.c, with the shipper's place). The name
 * and the address's parts go through m's caches; the whole address does not (the caller's
 * cache holds it), so it takes no room there.
 */
size_t fl_match_shipper(fl_matcher *m, const fl_subject *s, fl_entity_hit *eh);

#endif
