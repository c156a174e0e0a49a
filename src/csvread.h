/*
 * csvread.h - streaming RFC 4180 reader (the only module that parses CSV with libcsv).
 *
 * Reads a file (or standard input for "-") in large blocks and hands each record to a
 * callback with its fields as borrowed slices, the physical line where it starts and its
 * index in the file (0 = the first row, usually the header). Memory is bounded by the
 * caps in fl_csv_limits, never by the number of rows. A UTF-8 byte-order mark at the start
 * is skipped; LF, CRLF and CR-only line ends all work; blank lines are skipped; quoted
 * fields may hold commas, quotes and line breaks.
 */
#ifndef FL_CSVREAD_H
#define FL_CSVREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "common.h"

typedef struct fl_csv_limits {
    size_t max_record_bytes; /* all fields of one record together */
    size_t max_fields;       /* fields in one record */
    /*
     * Records that fit on one line and hold no quote character are split by a fast path
     * that yields exactly the fields libcsv yields; every other record goes through libcsv.
     * true sends every record through libcsv (for the differential test).
     */
    bool libcsv_only;
} fl_csv_limits;

/* 16 MiB a record, 4,096 fields: far above real bill-of-lading rows. */
#define FL_CSV_LIMITS_DEFAULT {16u * 1024u * 1024u, 4096u, false}

typedef struct fl_csv_row {
    const fl_slice *fields; /* borrowed; valid only during the callback */
    size_t n_fields;
    uint64_t line;  /* physical line (1-based) where the record starts */
    uint64_t index; /* 0-based row index in the file */
    /*
     * NULL for a good record. Otherwise the record could not be read whole and the text
     * says why ("record longer than 16777216 bytes (the record size cap)", "unterminated
     * quoted field at end of file"); fields then hold what was kept.
     */
    const char *error;
} fl_csv_row;

/* Return 0 to go on, non-zero to stop reading (fl_csv_read then returns FL_OK). */
typedef int (*fl_csv_row_fn)(const fl_csv_row *row, void *ctx);

/* Called with every block of raw bytes as read (for hashing). May be NULL. */
typedef void (*fl_csv_bytes_fn)(const void *data, size_t len, void *ctx);

typedef struct fl_csv_stats {
    uint64_t bytes; /* bytes read, BOM included */
    uint64_t rows;  /* records handed to the callback */
    uint64_t lines; /* physical lines */
} fl_csv_stats;

/*
 * Read path ("-" = stdin) and call on_row for each record in order.
 * Returns FL_OK, FL_ERR_INPUT when the file cannot be opened or read (message printed,
 * naming the file and the reason), FL_ERR_NOMEM. stats may be NULL.
 */
fl_status fl_csv_read(const char *path, const fl_csv_limits *limits, fl_csv_row_fn on_row,
                      fl_csv_bytes_fn on_bytes, void *ctx, fl_csv_stats *stats);

/* "libcsv 3.0.3" for the run stamp. Borrowed. */
const char *fl_csv_version(void);

#endif
