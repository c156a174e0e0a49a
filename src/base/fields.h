/*
 * fields.h - the canonical fields of a shipment record.
 *
 * Input headers are mapped to these by fieldmap.c; everything after the reader works with
 * canonical fields only.
 */
#ifndef FL_FIELDS_H
#define FL_FIELDS_H

#include <stddef.h>

typedef enum fl_field {
    FL_F_RECORD_ID = 0,
    FL_F_DATE,
    FL_F_IMPORTER,
    FL_F_SHIPPER,
    FL_F_SHIPPER_ADDRESS,
    FL_F_ORIGIN,
    FL_F_PORT,
    FL_F_HS,
    FL_F_DESCRIPTION,
    FL_F_QUANTITY,
    FL_F_WEIGHT,
    FL_F_VALUE,
    FL_F_SUPPLIER_ID, /* optional: the shipper's id in the supplier list (--suppliers) */
    FL_F_COUNT
} fl_field;

/* Canonical name ("record_id", "hs_code", ...). */
const char *fl_field_name(fl_field f);

/* Field for a canonical name, or FL_F_COUNT when unknown. */
fl_field fl_field_by_name(const char *name);

/*
 * A column header folded for comparison: s[0..len) reduced to its ASCII letters and digits
 * in lower case ("Bill of Lading Number" -> "billofladingnumber") into out (capacity cap,
 * NUL-terminated, cut to cap - 1). Returns the folded length.
 */
size_t fl_header_fold(const char *s, size_t len, char *out, size_t cap);

#endif
