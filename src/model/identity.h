/*
 * identity.h - what makes a flag, a record and a case the same from one run to the next.
 * Pure functions over SHA-256 (digest.h); no database.
 *
 * The nightly loop sees the same records again under other file names (a vendor's dated
 * export: export-20261201.csv, then export-20261202.csv) and from other folders, so no
 * identity holds the path: it holds the input's source label.
 *
 *   source     --source NAME, else the data vendor's name (a [vendor NAME] section of
 *              --config), else the file's base name with its extension, dates and run
 *              numbers taken out (fl_id_source_label): "export-20261201.csv" is "export"
 *   record     "<source>#id:<record id>" when the record has an id, else
 *              "<source>#sha256:<hex>" over its non-empty fields by name; the second and
 *              later records of a run with the same source and id get "#2", "#3"... (the
 *              duplicate is reported on the Data quality sheet and keeps its own flag)
 *   flag       its fingerprint: SHA-256 over the record key, the rule id and the list
 *              entry matched
 *   case       "C-" and 12 hexadecimal digits of SHA-256 over the rule id, the list entry,
 *              whether the flag is the shipper's own or inherited from a supplier, the party
 *              behind it (the shipper's party key, or the upstream supplier's id) and the
 *              importer's party key (party.h): every shipment of one supplier to one
 *              importer under one rule is one case (reports/README.md says why)
 *   rule       its content hash, so that a decision can tell when its rule changed
 */
#ifndef FL_IDENTITY_H
#define FL_IDENTITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "arena.h"
#include "fields.h"
#include "rules.h"

/* A case id's size, NUL included: "C-" + 12 hexadecimal digits. */
#define FL_CASE_ID 15

/*
 * The source label of an input path when no --source or vendor name gives one: the base
 * name ("-" is "stdin") without its extension, split at '-', '_', '.', ' ' and brackets,
 * without the parts that are dates or numbers (all digits, digits with 'T' or 'Z' as in
 * 20261201T0200Z) or run counters ("run3", "v2", "part1", "r12", "batch7"); the parts kept
 * are joined as they were. A name with nothing left keeps its base name. In a.
 */
char *fl_id_source_label(fl_arena *a, const char *path);

/*
 * A record's key (above). fields[k] NUL-terminated or NULL; occurrence is 1 for the first
 * record of the run with this source and id, 2 for the next... NULL when out of memory.
 */
char *fl_id_record_key(fl_arena *a, const char *source, const char *const fields[FL_F_COUNT],
                       uint32_t occurrence);

/* The record id id[0..len) as the key uses it (spaces and tabs around it dropped):
   *out_len bytes at the returned pointer, 0 when the record has none. id may be NULL. */
const char *fl_id_record_id(const char *id, size_t len, size_t *out_len);

/* A flag's fingerprint, 64 lower-case hexadecimal digits (entry NULL: the rule id). */
void fl_id_fingerprint(const char *record_key, const char *rule_id, const char *entry,
                       char out[65]);

/*
 * A case's id (above) into out. party is the shipper's party key for a direct flag or the
 * upstream supplier's id for an indirect one; importer the importer's party key; "" when
 * none.
 */
void fl_id_case(const char *rule_id, const char *entry, bool indirect, const char *party,
                const char *importer, char out[FL_CASE_ID]);

/*
 * A rule's content hash: hex SHA-256 over every field of its row (not where it is: file
 * and line) and the definitions of the commodities it names, so a change to the rule or to
 * its list entry changes the hash.
 */
void fl_id_rule_hash(const fl_ruleset *rs, size_t rule, char out[65]);

#endif
