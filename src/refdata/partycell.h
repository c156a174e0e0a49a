/*
 * partycell.h - a party cell that holds a name and an address: where the name ends.
 *
 * Bill-of-lading exports often give the shipper or consignee as written on the bill, name
 * and address in one cell ("Shipper (Original Format)" in a Panjiva export):
 *
 *   "XINJIANG ABC COTTON CO., LTD\nNO. 8 BEIJING ROAD\nSHIHEZI, XINJIANG, CHINA"
 *   "ZHEJIANG HUAFENG TEXTILE IMP & EXP CO\nLTD\n55 RENMIN RD, NINGBO"  (the legal form
 *                                                   wrapped onto the second line)
 *   "ACME TEXTILE CO., LTD., NO 5 HUAYUAN RD, SHANGHAI 200000, CHINA"  (a comma run)
 *
 * Entity screening must compare the name alone (with the address appended, a listed name
 * scores far lower), and the country and region readers want the address. The split:
 *
 *   - a cell with line breaks: the name is its first non-empty line, joined with the lines
 *     after it that hold only legal forms ("LTD", "CO., LTD.", "S.A. DE C.V."; legal forms
 *     are those of datasets/names/, nametab.h); the address is the rest;
 *   - a cell on one line, split only when the column is known to hold name and address
 *     (combined: a vendor profile says so, vendor.h) or when it has at least two commas and
 *     what follows the first part has a digit (a street number, a postcode): the name is its
 *     first comma-separated part, joined with the parts after it that hold only legal forms
 *     ("ACME CO., LTD., NO 5..." gives "ACME CO., LTD."); the address is the rest.
 *
 * A cell that gives nothing after the name is not split ("ACME CO., LTD" stays whole).
 * Pure computation on the caller's text and the read-only tables; thread-safe.
 */
#ifndef FL_PARTYCELL_H
#define FL_PARTYCELL_H

#include <stdbool.h>
#include <stddef.h>
#include "common.h"
#include "nametab.h"

typedef struct fl_party_cell {
    fl_slice name;    /* within the cell, trimmed of spaces */
    fl_slice address; /* within the cell, trimmed; empty when not split */
} fl_party_cell;

/*
 * Split cell (borrowed, valid UTF-8) as described above. names may be NULL (no legal forms
 * are known: a name never takes a second line or part). True when the cell was split, with
 * both slices set; false with out->name the whole cell (trimmed) and out->address empty.
 */
bool fl_party_cell_split(const fl_name_tables *names, fl_slice cell, bool combined,
                         fl_party_cell *out);

#endif
