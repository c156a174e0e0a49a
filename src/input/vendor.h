/*
 * vendor.h - vendor profiles: how a trade-data vendor's export names its columns and writes
 * its values.
 *
 * A profile is a CSV file in datasets/vendors/ (NAME.csv; NAME is what --vendor takes), one
 * row a fact, columns kind,field,value,cell,note:
 *
 *   kind        field         value                      cell
 *   vendor                    its display name
 *   source                    a page that documents the columns (http(s); one or more)
 *   detect                    a header only this vendor's exports have
 *   header      a field       a header of its exports    "", name_address or address_part
 *   convention  date_order    mdy or dmy
 *   convention  hs_codes      declared or inferred (how its unmarked HS codes came about)
 *   convention  missing_hint  a sentence added when a required column is missing
 *
 * Header rows of one field are tried in file order, before the generic header names of
 * fieldmap.h (so "Shipment Origin" is the origin in a Panjiva file). Their cell says what the
 * column holds: name_address, a party's name and address in one cell (split by
 * partycell.h); address_part, one of several columns that together make the shipper's
 * address (joined with ", " in file order: "shipper_party_address_1", "city", ...).
 *
 * A profile is detected from a header row: the one with the most of its detect headers
 * present, when that is at least two (or its only one); a tie detects none. --vendor NAME
 * forces one. Headers are compared folded like fieldmap.h's (case, spaces and punctuation
 * ignored).
 *
 * Every bad cell is reported as "vendors/NAME.csv:line:column: ..." before the load fails:
 * an unknown kind, field, cell or convention, a header rows's empty value, a source that is
 * not a URL, a profile without a vendor row or with two. A profile needs no reference data;
 * the loaded set is immutable and may be shared by threads.
 */
#ifndef FL_VENDOR_H
#define FL_VENDOR_H

#include <stdbool.h>
#include <stddef.h>
#include "common.h"
#include "dates.h"
#include "fields.h"

#define FL_VENDOR_KEY_MAX 128 /* folded header bytes compared */

typedef enum fl_cell_kind {
    FL_CELL_PLAIN = 0,     /* one value */
    FL_CELL_NAME_ADDRESS,  /* a party's name and address in one cell */
    FL_CELL_ADDRESS_PART,  /* one of the columns that make the shipper's address */
} fl_cell_kind;

typedef struct fl_vendor_header {
    fl_field field;
    fl_cell_kind cell;
    const char *header;                /* as written in the profile */
    char folded[FL_VENDOR_KEY_MAX];    /* fl_header_fold() of it */
} fl_vendor_header;

typedef struct fl_vendor {
    const char *name;    /* the file's name without ".csv" */
    const char *title;   /* the vendor row */
    const char *sources; /* the source rows, "; "-joined */
    const char *hint;    /* missing_hint, NULL when none */
    const fl_vendor_header *headers;
    size_t n_headers;
    const char *const *detect; /* folded */
    size_t n_detect;
    fl_date_order date_order; /* FL_DATE_ORDER_AUTO when it says none */
    bool hs_inferred;         /* unmarked HS codes are the vendor's classification */
} fl_vendor;

typedef struct fl_vendors fl_vendors;

/*
 * Load every *.csv of the folder dir (in name order). display names the folder in messages
 * ("vendors"). A folder that does not exist gives an empty set (FL_OK). FL_ERR_RULES for bad
 * rows (all reported), FL_ERR_INPUT when the folder or a file cannot be read, FL_ERR_NOMEM.
 * *out is owned by the caller (fl_vendors_free); NULL after a failure.
 */
fl_status fl_vendors_load(const char *dir, const char *display, fl_vendors **out);

/* NULL-safe. */
void fl_vendors_free(fl_vendors *v);

/* Number of profiles (0 for NULL) and profile i (borrowed). */
size_t fl_vendors_count(const fl_vendors *v);
const fl_vendor *fl_vendors_get(const fl_vendors *v, size_t i);

/* The profile called name, or NULL. */
const fl_vendor *fl_vendor_find(const fl_vendors *v, const char *name);

/* The profile names, ", "-joined into out (capacity cap), for messages. */
void fl_vendor_names(const fl_vendors *v, char *out, size_t cap);

/* The profile detected from headers[0..n) as described above, or NULL. */
const fl_vendor *fl_vendor_detect(const fl_vendors *v, const fl_slice *headers, size_t n);

#endif
