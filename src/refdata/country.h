/*
 * country.h - country names and codes to ISO 3166-1 alpha-2, and subdivision names to
 * ISO 3166-2 codes (below).
 *
 * Built from the ISO 3166-1 data that Debian's iso-codes package ships
 * (iso_3166-1.json: alpha_2, alpha_3, name, official_name, common_name) plus the
 * project's alias table datasets/country_aliases.csv (columns: alias,code,note) for
 * variants and local-script names ("Ivory Coast", "Congo, Dem. Rep.", "Узбекистан",
 * "O'zbekiston", "中国", "Türkiye"). Lookups compare fl_unorm_key() forms, so case,
 * spacing, punctuation and accents do not matter.
 *
 * This module is the ISO-data reader and uses jansson for that alone (to parse
 * iso_3166-1.json and iso_3166-2.json). The alias tables are read through csvread.h and
 * table.h, so libcsv stays behind that module.
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

/*
 * ---- Subdivisions (ISO 3166-2) ----
 *
 * For reading the country of an address from its end (address.h): "Bath, Ont" is in CA,
 * "Suwon-si, Gyeonggi-do" in KR, "12100 Cuneo" in IT. Loaded on demand, after the
 * countries, from iso-codes' iso_3166-2.json and the project's alias table
 * datasets/subdivision_aliases.csv (columns alias,code,note,source: common abbreviations and
 * local-script names, "Ont" for CA-ON, "CDMX" for MX-CMX, "广东" for CN-GD, each with the
 * page that documents it).
 *
 * Which subdivisions are read: the first level of each country (and the provinces under a
 * merely geographical grouping, as Indonesia's under "Jawa"); not the second level (Spanish
 * and Italian provinces, French departments: named after their chief towns, which share
 * names with towns abroad: "Santiago", "Valencia"), and not the types whose entries are towns
 * (Jamaican parishes, Maltese local councils, rayons; municipalities where a country has more
 * than ten at its first level, as Slovenia's 212). The alias table may still name any.
 *
 * The forms indexed for an ISO name: the name itself; each side of "A / B"; the name and the
 * bracketed name of "A [B]"; the name without a parenthesised part ("Sofia (stolitsa)") and
 * without what follows a comma ("Madrid, Comunidad de"); each of these without trailing
 * words that only say what kind of subdivision it is ("Guangdong Sheng" -> "Guangdong",
 * "Seoul-teukbyeolsi" -> "Seoul", "Gyeonggi-do" -> "Gyeonggi", "Guangxi Zhuangzu Zizhiqu" ->
 * "Guangxi"; the words are listed in country.c); and each written without spaces too ("Chon
 * Buri" as "Chonburi"). Forms that fold to fewer than 4 bytes ("Ain", "Lot", "Var") and
 * plain words ("South", "Central", "Capital") are not indexed from the ISO data: only an
 * alias row makes such a name count. A form that names subdivisions of two countries
 * ("Punjab": IN and PK; "Limburg": BE and NL), or that is another country's name ("Georgia":
 * a US state and a country), is ambiguous; one that is its own country's name ("México"), or
 * the name of a country ISO also lists as a subdivision (CN-TW "Taiwan", CN-HK "Hong Kong
 * SAR"), is left to the country. Alias rows must name a code of the JSON file, or "none": a
 * name that addresses use for a town more often than for the subdivision ("Kingston",
 * "Santiago"), which then never counts. An alias that already names another country's
 * subdivision is an error ("file:line:column: ..."), as for the country aliases; so is a
 * source that is not an http(s) address.
 *
 * Returns FL_OK; FL_ERR_INPUT (unreadable file), FL_ERR_RULES (malformed file or bad alias
 * rows, every one reported), FL_ERR_NOMEM. aliases_csv may be NULL. Call once per table.
 */
fl_status fl_countries_load_subdivisions(fl_countries *c, const char *iso_3166_2_json,
                                         const char *aliases_csv);

typedef enum fl_subdiv_match {
    FL_SUBDIV_NONE = 0,  /* not a subdivision name (or none loaded) */
    FL_SUBDIV_ONE,       /* a subdivision of one country: code is set */
    FL_SUBDIV_AMBIGUOUS, /* the name of subdivisions of several countries, or a country's */
} fl_subdiv_match;

/*
 * Look free text s[0..len) up as a subdivision name (folded like country names). On
 * FL_SUBDIV_ONE writes its ISO 3166-2 code ("CA-ON", at most 6 characters) and a NUL to
 * code; its country is the code's first two letters. Thread-safe like fl_country_lookup().
 */
fl_subdiv_match fl_subdivision_lookup(const fl_countries *c, const char *s, size_t len,
                                      char code[8]);

/* Subdivision forms indexed and alias rows loaded (for tests); 0 without subdivisions. */
size_t fl_subdivisions_count(const fl_countries *c);
size_t fl_subdivision_alias_count(const fl_countries *c);

/* Called with each subdivision code ("CN-XJ") of iso_3166-2.json. */
typedef void (*fl_iso_code_fn)(const char *code, void *ctx);

/*
 * Read iso-codes' iso_3166-2.json (path) and call fn for every subdivision code. This module
 * is the project's one reader of the ISO JSON data. FL_ERR_INPUT when unreadable,
 * FL_ERR_RULES when malformed (located message printed), FL_ERR_NOMEM.
 */
fl_status fl_iso_subdivisions(const char *iso_3166_2_json, fl_iso_code_fn fn, void *ctx);

#endif
