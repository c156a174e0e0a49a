/*
 * fieldmap.h - which input column holds which canonical field.
 *
 * Headers are compared after folding (case, spaces and punctuation ignored:
 * "Bill of Lading Number" == "bill_of_lading_number"), against the names that
 * bill-of-lading exports use. --map FIELD=HEADER overrides win over auto-mapping.
 */
#ifndef FL_FIELDMAP_H
#define FL_FIELDMAP_H

#include <stdbool.h>
#include <stddef.h>
#include "common.h"
#include "csvread.h"
#include "fields.h"
#include "vendor.h"

typedef struct fl_map_override {
    fl_field field;
    const char *header; /* borrowed */
} fl_map_override;

#define FL_MAP_ADDR_PARTS 8 /* columns joined into the shipper's address */

typedef struct fl_fieldmap {
    int col[FL_F_COUNT]; /* column index, -1 when the file has no such column */
    size_t n_cols;       /* number of header columns */
    /* how the columns are written (vendor.h): a party's name and address in one cell... */
    fl_cell_kind cell[FL_F_COUNT];
    /* ...a second column of the profile for the same field (when has_alt), read when the
       first is empty in a record ("Shipper" empty, "Shipper (Original Format)" not); a name
       and address cell there also gives the address when the record has none */
    bool has_alt[FL_F_COUNT];
    int alt_col[FL_F_COUNT];
    fl_cell_kind alt_cell[FL_F_COUNT];
    /* ...the shipper's address made of several columns (n_addr_parts >= 2; col[] then holds
       the first of them), joined with ", " in this order */
    int addr_part[FL_MAP_ADDR_PARTS];
    size_t n_addr_parts;
    /* the vendor profile the file was read with (NULL: none), and whether --vendor forced
       it rather than the header naming it */
    const fl_vendor *vendor;
    bool vendor_forced;
    fl_date_order date_order; /* the profile's, else the caller's (--date-order) */
    bool hs_inferred;         /* the profile's unmarked HS codes are its classification */
} fl_fieldmap;

/*
 * Parse "FIELD=HEADER" (a --map argument) into *out (header borrowed from arg).
 * Returns false with a message printed when FIELD is unknown or '=' is missing.
 */
bool fl_map_override_parse(const char *arg, fl_map_override *out);

/*
 * Header matching, shared by every auto-mapped CSV (shipments here; supplier lists in
 * supply.c, holdings in holdings.c).
 *
 * fl_header_fold (fields.h) folds a header ("Bill of Lading Number" -> "billofladingnumber").
 *
 * fl_header_find: the first column of headers[0..n) not marked in taken (NULL: none taken)
 * whose folded header equals names[0], else names[1], ... (folded forms, best first; the
 * list ends at n_names or at a NULL entry). Returns the column index, or -1.
 *
 * fl_header_list: "'a', 'b', ..." (each header cut to 60 bytes) into out for messages.
 */
int fl_header_find(const fl_slice *headers, size_t n, const char *const *names, size_t n_names,
                   const bool *taken);
void fl_header_list(const fl_slice *headers, size_t n, char *out, size_t cap);

/*
 * Map a whole header row for a table of n_cols columns: col[c] = fl_header_find() over
 * aliases[c * stride ..] (a flattened [n_cols][stride] array of folded names), each header
 * used once. The first n_required columns must exist, else prints
 * "PATH: missing the NAME column (e.g. 'NAME'); the header has ..." and returns FL_ERR_INPUT.
 */
fl_status fl_header_map(const char *path, const fl_slice *headers, size_t n,
                        const char *const *aliases, size_t stride, const char *const *names,
                        size_t n_cols, size_t n_required, int *col);

/* What a header row is mapped with (all borrowed). */
typedef struct fl_fieldmap_in {
    const fl_map_override *ov; /* --map, winning over everything else */
    size_t n_ov;
    bool need_date;            /* a date column is required (no --as-of) */
    const fl_vendors *vendors; /* the profiles to detect from the header; NULL: none */
    const char *vendor;        /* --vendor NAME: this profile, never detected; NULL: detect */
    fl_date_order date_order;  /* --date-order, used when the profile says none */
} fl_fieldmap_in;

/*
 * Map the header row of file `path`: --map first, then the vendor profile's headers (the
 * forced one, else the detected one), then the generic names above. Fails with
 * FL_ERR_INPUT and a message that lists the headers found when a required column is
 * missing (an HS code or description column; an origin, shipper address or port column; a
 * date column when need_date; the profile's missing_hint is added) or when an override
 * names a header that is absent; FL_ERR_USAGE when in->vendor names no profile.
 *
 * Columns left unused that look like a country of origin, a shipper or importer, or an HS
 * code (by the words of their header: "Shipment Origin", "Shipper (Original Format)",
 * "Tariff Number") while that field has no column get a warning each, naming the column and
 * the --map that would use it:
 *   flscan: warning: ships.csv: column 'Shipment Origin' looks like the country of origin
 *   but is not used; to use it give --map origin='Shipment Origin'
 */
fl_status fl_fieldmap_build_in(const char *path, const fl_slice *headers, size_t n,
                               const fl_fieldmap_in *in, fl_fieldmap *out);

/* fl_fieldmap_build_in with no vendor profiles and automatic date order. */
fl_status fl_fieldmap_build(const char *path, const fl_slice *headers, size_t n,
                            const fl_map_override *ov, size_t n_ov, bool need_date,
                            fl_fieldmap *out);

/*
 * An auto-mapped side table (supplier list, holdings): the header row is mapped with
 * fl_header_map() into col (caller's array of n_cols), every later row goes to on_row, and
 * the file's SHA-256 and size are taken as it is read. A header that cannot be read or a
 * required column that is missing stops with FL_ERR_INPUT and a message naming the file
 * (and line); so does an empty file ("expected a header with <empty_hint>").
 */
/* A side table as read: its path as given, its size and the SHA-256 (hex) of its bytes. */
typedef struct fl_file_read {
    const char *path;
    uint64_t bytes;
    char sha256[65];
} fl_file_read;

typedef struct fl_mapped {
    const char *const *aliases; /* flattened [n_cols][stride] folded names */
    size_t stride;
    const char *const *names; /* canonical column names, for messages */
    size_t n_cols, n_required;
    const char *empty_hint;
    int *col;          /* out: column of each field, -1 when absent */
    size_t n_header;   /* out: number of header columns */
    fl_file_read file; /* out (path: the one given, borrowed) */
} fl_mapped;

typedef fl_status (*fl_mapped_row_fn)(const fl_csv_row *row, void *ctx);

/* Read path as described above; returns FL_OK or the first failure (on_row's included). */
fl_status fl_mapped_read(const char *path, fl_mapped *m, fl_mapped_row_fn on_row, void *ctx);

#endif
