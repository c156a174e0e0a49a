/*
 * supply.h - the supplier graph (--suppliers): who supplies whom beyond tier 1, and the
 * forced-labor exposure that flows downstream along it to the shippers in the shipments.
 *
 * The list. A CSV with one header row; columns are found by header, folded like shipment
 * headers (fieldmap.h):
 *   supplier_id  (required) supplier_id, Supplier ID, id, supplier code, vendor id, ...
 *   name         (required) name, Supplier Name, company, company name, vendor name
 *   country      country, country code, country of origin, origin (a code or a name,
 *                resolved like a shipment's origin)
 *   address      address, supplier address (regions are detected in it)
 *   commodities  commodities, commodity, products, goods, hs codes: a list of HS codes
 *                ("5205.12") and words ("cotton yarn")
 *   tier         tier: 1 ships to the importer, 2 supplies a tier-1 supplier, ...
 *   supplies_to  supplies_to, buyers, customers, sells to: the supplier_ids of the buyers
 * Lists are separated by ';' or '|'. An entry of supplies_to that is no supplier_id but the
 * name of a listed supplier (same party key, party.h) is taken as that supplier. For a
 * supplier of tier 1, or without a tier, the other entries are the importers it ships to;
 * for tier 2 and deeper they are unknown ids.
 *
 * Data quality, never fatal: every problem goes to the data-quality sink (dq.h; the screening
 * job passes the report's Data quality sheet) with the list's path, line, field and value:
 *   rejected (row ignored):  unreadable or ragged row, no supplier_id, a supplier_id seen
 *                            before (the first row wins), invalid UTF-8
 *   partly judged:           no name, unknown country (country rules not applied), a tier
 *                            that is not 1..99 (ignored), an unknown supplier_id in
 *                            supplies_to or a supplier that supplies itself (the link is
 *                            ignored), a cycle (see below)
 * Only a missing file or a missing supplier_id or name column stops the run (FL_ERR_INPUT).
 *
 * Cycles. A depth-first search in list order follows supplies_to; every link that closes a
 * cycle (a back edge) is reported with the cycle it closes ("S1 -> S2 -> S3 -> S1") and
 * left out of propagation, so the graph that carries exposure has no cycle and nothing is
 * followed forever. The first FL_SUPPLY_CYCLES_SHOWN cycles are reported one by one, the
 * rest in one summary row.
 *
 * Judging (fl_supply_judge). Each supplier is judged like a shipment by the matcher (match.h)
 * once per commodity: origin = its country, the HS code or the words as the description
 * (words step the severity down one level, as for shipments), regions = the listed regions
 * detected in its address (region.h), and its name is screened against the listed entities
 * (entity.h; firm hits only, not the review band). Dates are left out at this stage: a
 * supplier's own exposure is every rule that matches it on some date, with the rule's window.
 * The matcher is asked at the first day of each candidate rule's window (the rules of the
 * supplier's country and of its regions), and the answers are memoised per (country,
 * regions, commodity), so a list of 100,000 suppliers drawing on a few thousand distinct
 * commodities per country costs a few thousand probes, not millions.
 *
 * Propagation. For every rule that some supplier matches, a multi-source breadth-first
 * search runs downstream along supplies_to (supplier -> buyer) from the buyers of those
 * sources, with a visited set per rule. Every supplier reached learns the source whose
 * exposure reaches it strongest (highest severity after the step-down below; among equals
 * the nearest, then the first listed), the distance in links (tiers) to it and the link it
 * came over: one entry per supplier and rule, so each shipment gets at most one indirect
 * flag per rule. (The search is level-synchronous and a source enters at a level offset by
 * how far its own severity is below critical; for bases that keep their severity at every
 * tier, each severity class is searched to the end before the next enters.) A source is not
 * marked at the start, so a matching supplier also inherits the rule from farther up.
 * Cost: O(sum over matched rules of the suppliers and links they reach), in time and memory;
 * no cost per date. Dates are applied last, per shipment: a shipment on date d inherits only
 * the exposures whose rule is in force on d (fl_supply_hits), so one propagation serves every
 * shipment date, and a chain whose source rule is not in force on the date gives no flag.
 *
 * Severity of an inherited exposure (rules/README.md, severity policy): the source's own
 * severity (the rule's, one level lower when its commodity was given in words), then
 *   - WRO, UFLPA-region, UFLPA-entity: kept at every tier, since these orders and the
 *     UFLPA presumption reach goods made wholly or in part with the input, at any tier;
 *   - TVPRA, TVPRA-downstream, EO13126: one level lower per link between the shipper and
 *     the source (a good one processing step from a listed input is what the rule set's
 *     downstream rows rate medium), never below low.
 * A shipment never inherits an exposure whose rule already fired directly on it.
 *
 * Ownership: the graph owns every string it hands out; they live until fl_supply_free().
 */
#ifndef FL_SUPPLY_H
#define FL_SUPPLY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "common.h"
#include "country.h"
#include "dq.h"
#include "entity.h"
#include "fieldmap.h"
#include "match.h"
#include "nametab.h"
#include "region.h"
#include "rules.h"

#define FL_SUPPLY_NONE UINT32_MAX
#define FL_SUPPLY_CYCLES_SHOWN 100
/* Entries of inherited exposure (supplier x rule) a graph may hold: about 1.5 GiB. */
#define FL_SUPPLY_MAX_EXPOSURES ((size_t)1 << 26)

typedef struct fl_supply fl_supply;

/* One supplier as loaded. */
typedef struct fl_supplier {
    const char *id, *name, *country_raw, *address;
    char country[3];                /* ISO alpha-2, "" when unknown */
    unsigned tier;                  /* as declared, 0 when not given */
    const char *const *commodities; /* as written, trimmed */
    size_t n_commodities;
    const char *const *importers; /* supplies_to entries taken as importer names */
    size_t n_importers;
    const char *supplies_to; /* the cell as written */
    uint64_t line;           /* physical line in the list */
    uint64_t record;         /* 1-based data row in the list */
} fl_supplier;

/* A rule that matches the supplier itself (on some date: see the rule's window). */
typedef struct fl_supply_own {
    uint32_t rule;
    fl_severity severity; /* as the matcher gives it */
    fl_match match;       /* direct, region or entity */
    /* what matched, in words: "UZ cotton yarn", "CN-XJ ('Aksu' in the address) solar
     * glass", "entity list name 'Hoshine Silicon Industry (Shanshan) Co., Ltd' (score
     * 1.00)" */
    const char *what;
} fl_supply_own;

/* An exposure inherited from upstream, for one rule. */
typedef struct fl_supply_exposure {
    uint32_t rule;
    uint32_t dist;        /* links between this supplier and the source, >= 1 */
    uint32_t via;         /* the supplier it came over (the source itself when dist is 1) */
    uint32_t source;      /* the nearest upstream supplier that matches the rule */
    fl_severity severity; /* after the step-down policy */
} fl_supply_exposure;

typedef struct fl_supply_stats {
    size_t rows;           /* data rows read */
    size_t suppliers;      /* loaded */
    size_t rejected;       /* rows ignored */
    size_t links;          /* supplier -> supplier links kept (cycle links included) */
    size_t importer_links; /* supplies_to entries taken as importer names */
    size_t unknown;        /* unknown supplier_ids in supplies_to */
    size_t self_links;     /* suppliers that supply themselves */
    size_t duplicates;     /* rows whose supplier_id was seen before */
    size_t cycles;         /* links left out because they close a cycle */
    size_t judged_own;     /* suppliers with an own exposure (after fl_supply_judge) */
    size_t exposures;      /* inherited (supplier, rule) entries */
    size_t probes;         /* matcher calls made while judging */
} fl_supply_stats;

/*
 * Load the list at path (display name for messages and the report: path as given).
 * countries is borrowed for the load only; names (the phrase tables that give party keys,
 * nametab.h) is borrowed and must outlive the graph. Data-quality problems go to dq (dq.h; borrowed
 * for the call, NULL drops them). Returns FL_OK with *out set (free with fl_supply_free),
 * FL_ERR_INPUT (unreadable file, no header, missing supplier_id or name column; message printed),
 * FL_ERR_NOMEM. *out is NULL after a failure.
 */
fl_status fl_supply_load(const char *path, const fl_countries *countries,
                         const fl_name_tables *names, const fl_dq_sink *dq, fl_supply **out);

/* NULL-safe. */
void fl_supply_free(fl_supply *g);

/*
 * Judge every supplier and propagate exposure (see above). rs is borrowed and must outlive
 * the graph (hits name its rules); gz and ix may be NULL (no region detection, no entity
 * screening) and are used during the call only. Call once. FL_OK, FL_ERR_NOMEM, or
 * FL_ERR_INPUT when the graph would need more than FL_SUPPLY_MAX_EXPOSURES entries
 * (message printed).
 */
fl_status fl_supply_judge(fl_supply *g, const fl_ruleset *rs, const fl_gazetteer *gz,
                          const fl_entity_index *ix);

/* The list's path as given, its size and the SHA-256 of its bytes as read. */
const fl_file_read *fl_supply_file(const fl_supply *g);

const fl_supply_stats *fl_supply_get_stats(const fl_supply *g);

/* Number of suppliers; supplier i (0-based, list order), NULL when out of range. */
size_t fl_supply_count(const fl_supply *g);
const fl_supplier *fl_supply_get(const fl_supply *g, uint32_t i);

/* The buyers that supplier i supplies (supplier indexes, cycle links included). */
size_t fl_supply_buyers(const fl_supply *g, uint32_t i, const uint32_t **out);

/* Supplier i's own exposures, in rule order (after fl_supply_judge). Borrowed. */
size_t fl_supply_own_hits(const fl_supply *g, uint32_t i, const fl_supply_own **out);

/* Supplier i's own exposure for rule, or NULL. */
const fl_supply_own *fl_supply_own_for(const fl_supply *g, uint32_t i, uint32_t rule);

/* Supplier i's inherited exposures, in rule order (after fl_supply_judge). Borrowed. */
size_t fl_supply_inherited(const fl_supply *g, uint32_t i, const fl_supply_exposure **out);

/*
 * The supplier a shipment's shipper is: by id when the shipment has a supplier_id (trimmed,
 * exact), else by the shipper name's party key (party.h); FL_SUPPLY_NONE when not listed.
 * Names are cached, so the per-record cost is a hash look-up.
 */
uint32_t fl_supply_find(fl_supply *g, fl_slice supplier_id, fl_slice shipper_name);

/*
 * The indirect hits of a shipment of supplier x judged on date d (as_of: d is --as-of):
 * one per inherited exposure whose rule is in force on d, in rule order, match
 * FL_MATCH_INDIRECT, with the evidence (the path, the source's own match, the rule's basis,
 * labor and window, and how the severity was set). Writes up to max, returns how many there
 * are (may exceed max).
 */
size_t fl_supply_hits(const fl_supply *g, uint32_t x, fl_date d, bool as_of, fl_hit *hits,
                      size_t max);

/*
 * The path that carries exposure e of supplier i, downstream first:
 * "Porto Malhas Lda (PT, tier 1) <- Fergana Yarn Spinning LLC (UZ, tier 2)" (long names are
 * cut at 60 bytes; a path of more than six suppliers shows its first three and last two).
 * Writes into out (cap bytes, NUL-terminated, cut when short) and returns out.
 */
char *fl_supply_path_text(const fl_supply *g, uint32_t i, const fl_supply_exposure *e, char *out,
                          size_t cap);

/*
 * The Suppliers sheet's text for exposure e of supplier i: the path, what the source
 * matched, the rule's basis, labor and window, and how the severity was set (the evidence
 * of an indirect flag without the shipment date). Into out (cap bytes); returns out.
 */
char *fl_supply_exposure_text(const fl_supply *g, uint32_t i, const fl_supply_exposure *e,
                              char *out, size_t cap);

/* The severity policy above: own severity of a source under rule basis, dist links away. */
fl_severity fl_supply_step(fl_basis basis, fl_severity own, uint32_t dist);

#endif
