/*
 * party.h - grouping keys for company names: importers, shippers, suppliers and the importer
 * aliases of portfolio holdings.
 *
 * Trade data spells one company many ways ("Harborline Apparel Inc", "HARBORLINE APPAREL
 * INC", "Harborline Apparel, Inc."; "Lumen & Loft LLC", "LUMEN AND LOFT LLC"). Two names with
 * the same party key are counted as one party. The key is the name key of names.h
 * (fl_name.key: case, accents, punctuation, joining words and legal forms ignored,
 * abbreviations written one way) of the name's principal part: a wrapped name such as
 * "MERIDIAN RETAIL HOLDINGS INC C/O EXPEDITORS" or "ABC LOGISTICS AS AGENT FOR XYZ CO LTD"
 * is keyed by the party the goods are for or from (fl_name_split). A name made of legal
 * forms only ("LLC") falls back to its fl_unorm_key() form.
 *
 * Consequence, by design: "Foo Ltd" and "Foo Inc" are one party. A name whose keyed part is
 * not valid UTF-8 has no key (the caller repairs it first if it wants one); only that part is
 * read, so bad bytes in an agent's part ("XYZ C/O AB\xff") do not prevent the principal's key.
 * Pure computation on caller storage and the read-only phrase tables; thread-safe.
 */
#ifndef FL_PARTY_H
#define FL_PARTY_H

#include <stddef.h>
#include "nametab.h"

/* Capacity that every key fits in, NUL included. */
#define FL_PARTY_KEY 640

/*
 * Write the party key of s[0..len) (borrowed, need not be NUL-terminated) into out
 * (capacity cap, at least FL_PARTY_KEY for any name; NUL-terminated), parsing with the phrase
 * tables tab (borrowed, not NULL). Returns the key's length: 0 when the name gives no key
 * (empty, punctuation only, keyed part not valid UTF-8, or cap too small), and out is then "".
 */
size_t fl_party_key(const fl_name_tables *tab, const char *s, size_t len, char *out, size_t cap);

#endif
