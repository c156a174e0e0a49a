/*
 * hs.h - Harmonized System / HTS code normalisation.
 *
 * Trade data writes the same code many ways: "5205.12", "5205.12.0000", "520512",
 * "5205 12", "HS 5205.12", 10-digit HTS "6109100012". All become a digit string.
 */
#ifndef FL_HS_H
#define FL_HS_H

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

#endif
