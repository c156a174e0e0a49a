/*
 * country.h - country names and codes to ISO 3166-1 alpha-2.
 *
 * Built from the ISO 3166-1 data that Debian's iso-codes package ships
 * (iso_3166-1.json: alpha_2, alpha_3, name, official_name, common_name) plus the
 * project's alias table datasets/country_aliases.csv (columns: alias,code,note) for
 * variants and local-script names ("Ivory Coast", "Congo, Dem. Rep.", "Узбекистан",
 * "O'zbekiston", "中国", "Türkiye"). Lookups compare fl_unorm_key() forms, so case,
 * spacing, punctuation and accents do not matter.
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
 * *out is owned by the caller: free with fl_countries_free().
 */
fl_status fl_countries_load(const char *iso_json, const char *aliases_csv, fl_countries **out);

void fl_countries_free(fl_countries *c);

/*
 * Resolve free text (a code such as "UZ"/"UZB", or a name in any listed form) to an
 * alpha-2 code written to code[0..2] with a NUL. Returns false when unknown or empty.
 * Thread-compatible: const lookups may run concurrently.
 */
bool fl_country_lookup(const fl_countries *c, const char *s, size_t len, char code[3]);

/* True if code is an assigned ISO 3166-1 alpha-2 code ("UZ"). */
bool fl_country_valid(const fl_countries *c, const char *code);

/* The ISO short English name for an alpha-2 code ("Uzbekistan"), or NULL. Borrowed. */
const char *fl_country_name(const fl_countries *c, const char *code);

/* Number of ISO entries and aliases loaded (for the run stamp and tests). */
size_t fl_countries_count(const fl_countries *c);
size_t fl_countries_alias_count(const fl_countries *c);

#endif
