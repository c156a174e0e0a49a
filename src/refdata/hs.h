/*
 * hs.h - Harmonized System / HTS code normalisation.
 *
 * Trade data writes the same code many ways: "5205.12", "5205.12.0000", "520512",
 * "5205 12", "HS 5205.12", 10-digit HTS "6109100012". All become a digit string.
 */
#ifndef FL_HS_H
#define FL_HS_H

#include <stdbool.h>
#include <stddef.h>

#define FL_HS_MAX 10 /* longest code kept (10-digit HTS) */

typedef enum fl_hs_result {
    FL_HS_EMPTY = 0, /* no code given */
    FL_HS_OK,        /* out holds 2..10 digits */
    FL_HS_INVALID,   /* something that is not an HS code ("ABC", one digit, 14 digits) */
} fl_hs_result;

/*
 * Normalise s[0..len) into out (capacity FL_HS_MAX + 1, NUL-terminated).
 * Accepts digits separated by '.', ' ', '-', '/', with an optional leading "HS", "HTS" or
 * "HTSUS" label. HS codes have an even number of digits; an odd count means a spreadsheet
 * dropped the leading zero of chapters 01-09 ("10121" is 010121), and it is put back.
 * Codes are at least 2 and at most 10 digits; longer numbers and anything with other
 * characters are FL_HS_INVALID.
 * What a spreadsheet makes of a code is refused, never guessed: after a '.' the digits
 * come in pairs, so "5205.1" (5205.10 stored as a number) and "520512.0" are
 * FL_HS_INVALID, and so is scientific notation ("5.20512E+5", "1.23E+05": letters).
 */
fl_hs_result fl_hs_normalise(const char *s, size_t len, char out[FL_HS_MAX + 1]);

/*
 * An HS cell as data vendors write it: one or several codes, each maybe marked with how the
 * vendor came by it.
 *
 *   "Classified: 2523.21"                    the vendor classified the goods itself (from
 *                                            the description): an inferred code
 *   "Parsed: 3104.30.00.00"                  read from the bill's own text: declared
 *   "HS: 5205.12", "HS 5205.12", "HTS 6109.10.0012", "HTSUS 6109.10.00.12": declared
 *   "Classified: 2523.21; Parsed: 8708.99"   several codes: separated by ';', ',', '|' or a
 *                                            line break; each is judged
 *   "7323.93 VACUUM FLASK"                   a code followed by words: the words are dropped
 *
 * A code with no mark is declared, unless default_inferred (a vendor profile whose codes are
 * its own classification says so, vendor.h). Each code goes through fl_hs_normalise(), so
 * its refusals stay (scientific notation, decimals): such a piece is counted invalid and
 * the others are kept. A code given twice is kept once (declared wins over inferred).
 */
#define FL_HS_CELL_MAX 8 /* codes kept from one cell; the rest are counted in dropped */

typedef struct fl_hs_code {
    char digits[FL_HS_MAX + 1]; /* fl_hs_normalise()'s digits */
    bool inferred;              /* the vendor's classification, not the shipper's declaration */
} fl_hs_code;

typedef struct fl_hs_cell {
    fl_hs_code code[FL_HS_CELL_MAX];
    size_t n;         /* codes kept, in the cell's order */
    size_t n_invalid; /* pieces that are not codes */
    size_t dropped;   /* valid codes past FL_HS_CELL_MAX */
    size_t bad_at, bad_len; /* the first invalid piece: s[bad_at..bad_at + bad_len) */
} fl_hs_cell;

/* Parse s[0..len) (borrowed, need not be NUL-terminated) into *out as described above. */
void fl_hs_parse_cell(const char *s, size_t len, bool default_inferred, fl_hs_cell *out);

#endif
