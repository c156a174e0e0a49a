/*
 * country.h - country names and codes to ISO 3166-1 alpha-2.
 *
 * Built from the ISO 3166-1 data that Debian's iso-codes package ships
 * (iso_3166-1.json: alpha_2, alpha_3, name, official_name, common_name) plus the
 * project's alias table datasets/country_aliases.csv (columns: alias,code,note) for
 * variants and local-script names ("Ivory Coast", "Congo, Dem. Rep.", "Узбекистан",
 * "O'zbekiston", "中国", "Türkiye"). Lookups compare fl_unorm_key() forms, so case,
 * spacing, punctuation and accents do not matter.
 *
 * This module is the ISO-data reader and uses jansson for that alone (to parse
 * iso_3166-1.json). The alias table is read through csvread.h, so libcsv stays behind
 * that module.
 */
#ifndef FL_COUNTRY_H
#define FL_COUNTRY_H

#include <stdbool.h>
#include <stddef.h>
#include "common.h"

typedef struct fl_countries fl_countries;

/*
 * Load the ISO table from iso_json (path to iso_3166-1.json) and the aliases from
 * aliases_csv (path; NULL for none). On error prints a located message with fl_error()
 * and returns FL_ERR_RULES (bad alias row: file:line:column) or FL_ERR_INPUT (unreadable file).
 * *out is owned by the caller: free with fl_countries_free(); it is NULL after a failure.
 *
 * ISO data: an unparsable file gives "file:line:column: <jansson message>"; a bad entry
 * (missing alpha_2/alpha_3/name, duplicate code, a name that folds like another country's)
 * gives "file: entry N ('XX'): ..."; both FL_ERR_RULES.
 * Alias table: the header must be exactly "alias,code,note"; every row has three fields.
 * In "file:line:column" the column is the 1-based CSV field (1 = alias, 2 = code). A row
 * is an error when its alias has no letters or digits, is not UTF-8 or folds to more than
 * 255 bytes, when its code is not an assigned alpha-2 code in capitals, or when its alias
 * already means another country (ISO name or earlier alias). An alias that already means
 * the same country is accepted (so a newer iso-codes release cannot break the table).
 * Every bad row is reported before the function fails. FL_ERR_NOMEM when out of memory.
 */
fl_status fl_countries_load(const char *iso_json, const char *aliases_csv, fl_countries **out);

void fl_countries_free(fl_countries *c);

/*
 * Resolve free text s[0..len) (borrowed, not NUL-terminated) - a code such as "UZ", "uzb"
 * or "UZ  ", or a name in any listed form - to an alpha-2 code written to code[0..2] with
 * a NUL. Returns false (code untouched) when unknown, empty, not UTF-8 or longer than 255
 * bytes once folded. Codes match in any case because they are folded like names.
 * Thread-compatible: const lookups may run concurrently; no lock, no shared scratch
 * (the fold uses a stack buffer; non-ASCII text costs one malloc/free in unorm).
 */
bool fl_country_lookup(const fl_countries *c, const char *s, size_t len, char code[3]);

/*
 * True if code (NUL-terminated) is an assigned ISO 3166-1 alpha-2 code in capitals ("UZ";
 * "uz", "UZB" and NULL are false: use fl_country_lookup() for free text).
 */
bool fl_country_valid(const fl_countries *c, const char *code);

/* The ISO short English name for an alpha-2 code ("Uzbekistan"), or NULL. Borrowed. */
const char *fl_country_name(const fl_countries *c, const char *code);

/*
 * The name to show a reader: ISO common_name where the ISO data has one, else the short
 * name ("VN" -> "Vietnam", "BO" -> "Bolivia", "UZ" -> "Uzbekistan"), or NULL for an
 * unassigned code. Borrowed, valid until fl_countries_free().
 */
const char *fl_country_display_name(const fl_countries *c, const char *code);

/* The ISO alpha-3 code for an alpha-2 code ("UZ" -> "UZB"), or NULL. Borrowed. */
const char *fl_country_alpha3(const fl_countries *c, const char *code);

/* Number of ISO entries and of alias rows loaded (for the run stamp and tests); 0 for NULL. */
size_t fl_countries_count(const fl_countries *c);
size_t fl_countries_alias_count(const fl_countries *c);

/* Called with each subdivision code ("CN-XJ") of iso_3166-2.json. */
typedef void (*fl_iso_code_fn)(const char *code, void *ctx);

/*
 * Read iso-codes' iso_3166-2.json (path) and call fn for every subdivision code. This module
 * is the project's one reader of the ISO JSON data. FL_ERR_INPUT when unreadable,
 * FL_ERR_RULES when malformed (located message printed), FL_ERR_NOMEM.
 */
fl_status fl_iso_subdivisions(const char *iso_3166_2_json, fl_iso_code_fn fn, void *ctx);

#endif
