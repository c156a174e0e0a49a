/*
 * csvread.h - streaming RFC 4180 reader (the only module that parses CSV with libcsv).
 *
 * Reads a file (or standard input for "-") in large blocks and hands each record to a
 * callback with its fields as borrowed slices, the physical line where it starts and its
 * index in the file (0 = the first row, usually the header). A UTF-8 byte-order mark at
 * the start is skipped; LF, CRLF and CR-only line ends all work; blank lines are skipped;
 * quoted fields may hold commas, quotes and line breaks. A quote inside an unquoted field
 * is text (12" pipe); bytes are passed on as they are (invalid UTF-8, NUL, U+FEFF included:
 * judging them is the caller's business).
 *
 * Memory is bounded by the caps in fl_csv_limits, never by the number of rows or the size
 * of a field: a 1 MiB read block, the record's kept bytes (at most max_record_bytes), its
 * field boundaries (at most max_fields) and libcsv's buffer for the field being read.
 * libcsv grows that buffer on its own before a field is handed over, so the reader gives it
 * a realloc function that refuses to grow past max_record_bytes + 64 bytes. When a field
 * reaches that size its bytes are dropped and libcsv goes on in the same quoting state, so
 * the record still ends where its quotes say it ends (not at the next line end); the record
 * is then handed over with an error naming the cap, and the next record is read normally.
 * Spaces that are not part of a field (trailing ones, those after a closing quote) never
 * count, however many. A 100 MB field therefore costs about 17 MB, whatever is in it.
 *
 * Refused before any record is read (FL_ERR_INPUT, a message that names the file and says
 * what to do): files that are not UTF-8 text by their first bytes - UTF-16 or UTF-32 (with
 * a byte-order mark, or UTF-16 without one: NUL in every other byte), a zip archive (.xlsx),
 * an Excel 97-2003 workbook (.xls), gzip, bzip2, xz or zstd data - and directories.
 * A named regular file that changes while it is read is refused at its end, since the
 * bytes judged (and hashed) could not be read again: its size, its modification or change
 * time (st_mtim, st_ctim: a rewrite in place at the same size) or the file its name names
 * (st_dev, st_ino: replaced by a rename) differ from when it was opened. A rewrite within
 * the same tick of the file system's clock as the open cannot be seen. Standard input,
 * pipes and FIFOs are read as streams.
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
     * Records that fit on one line and whose quotes are all plain (each quoted field opens
     * at the start of its field and closes just before a ',' or the line end, its inner
     * quotes doubled; no quote anywhere else) are split by a fast path that yields exactly
     * the fields, errors, lines and indexes libcsv yields; every other record goes through
     * libcsv. true sends every record through libcsv (for the differential tests).
     */
    bool libcsv_only;
    /* fl_csv_read_parallel()'s chunk size in bytes; 0: 1 MiB (tests use small ones so that
       chunk ends fall everywhere; at least 64) */
    size_t chunk_bytes;
} fl_csv_limits;

/* 16 MiB a record, 4,096 fields: far above real bill-of-lading rows. */
#define FL_CSV_LIMITS_DEFAULT {16u * 1024u * 1024u, 4096u, false, 0u}

typedef struct fl_csv_row {
    const fl_slice *fields; /* borrowed; valid only during the callback */
    size_t n_fields;
    uint64_t line;  /* physical line (1-based) where the record starts */
    uint64_t index; /* 0-based row index in the file */
    /*
     * NULL for a good record. Otherwise the record could not be read whole and the text
     * says why ("record longer than 16777216 bytes (the record size cap); its text was not
     * kept", "record has 10000 fields, more than 4096 (the field count cap)", "unterminated
     * quoted field: a quote opened in the record that starts on line 7 is never closed, so
     * lines 7-12 (the rest of the file) were read into it"); fields then hold what was
     * kept (a field over the cap is kept empty; fields past the count cap are not kept).
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
 * Returns FL_OK, FL_ERR_INPUT when the file cannot be opened or read, is not UTF-8 text
 * or changed while read (message printed, naming the file and the reason), FL_ERR_NOMEM.
 * stats may be NULL.
 */
fl_status fl_csv_read(const char *path, const fl_csv_limits *limits, fl_csv_row_fn on_row,
                      fl_csv_bytes_fn on_bytes, void *ctx, fl_csv_stats *stats);

/*
 * The same reader on bytes in memory (data[0..len), borrowed), for tests and fuzzing: the
 * bytes go through the very loop that reads files. block 0 reads them as a file is read
 * (1 MiB buffer); otherwise they are handed over block bytes at a time, the way a pipe may
 * hand them over, into a buffer of block bytes (at least 64), so that lines longer than the
 * buffer go through the path that reads a line in pieces. Records must not depend on block:
 * tests compare. name is used in messages. Returns as fl_csv_read (no "changed while read"
 * check).
 */
fl_status fl_csv_read_mem(const void *data, size_t len, const char *name, size_t block,
                          const fl_csv_limits *limits, fl_csv_row_fn on_row,
                          fl_csv_bytes_fn on_bytes, void *ctx, fl_csv_stats *stats);

/*
 * fl_csv_read() on several threads: the same rows, in the same order, through on_row on the
 * caller's thread, with the same stats and messages. One thread reads the file in chunks of
 * about 1 MiB (on_bytes runs there, on the bytes in order; it must touch nothing the caller's
 * thread uses until this returns) and cuts them at line ends where it guesses by the count of
 * quote characters that a record ends; `threads` workers take the records of the chunks at
 * once; the caller's thread hands them over and checks every guess, reading on itself from
 * the start of a record that went on past a cut until the records again end where a chunk
 * ends. A wrong guess (a quote inside an unquoted field, a multi-line field longer than a
 * chunk) costs time, never a row. Memory stays bounded: threads + 2 chunks, each with
 * the records taken from it (a worker leaves the rest of a chunk to the caller's thread once
 * it holds 4 MiB). Standard input, pipes, FIFOs and anything but a regular file are read by
 * fl_csv_read() on the caller's thread (a read that waits there stays interruptible).
 * Returns as fl_csv_read.
 */
fl_status fl_csv_read_parallel(const char *path, const fl_csv_limits *limits, unsigned threads,
                               fl_csv_row_fn on_row, fl_csv_bytes_fn on_bytes, void *ctx,
                               fl_csv_stats *stats);

/* Where a record starts. */
typedef struct fl_csv_pos {
    uint64_t offset; /* byte of the input (the byte-order mark counted) */
    uint64_t line;   /* physical line (1-based) */
    uint64_t index;  /* row index (0 = the first row, the header) */
} fl_csv_pos;

/*
 * A part of an input, for a shard of a scan: the records that start at byte offsets in
 * [from, to), a record starting at the start of its first line (blank lines before it are
 * not its). Where a record starts is where the reader finds it starting, reading from the
 * top: the records before the range are read (quotes followed, lines and rows counted, so
 * that line numbers and indexes are the whole file's) but not handed over; the header (row
 * 0) always is. Consecutive ranges [a, b), [b, c) hand over each record once: the first
 * record at or after b ends the first range and begins the second, however its quoted
 * fields run across b.
 */
typedef struct fl_csv_range {
    uint64_t from, to; /* to: UINT64_MAX for the end */
    /* set by the reading: the first record that starts at or after from (next, when none
       starts in the range), and the first that starts at or after to, where the reading
       stopped (offset UINT64_MAX when the input ended first: line is then one past the
       last line, index the number of rows) */
    fl_csv_pos first, next;
} fl_csv_range;

/*
 * fl_csv_read() of the records in range (see fl_csv_range), on the caller's thread. on_bytes
 * sees every byte read: from the top to where the record after the range starts (the whole
 * input when to is UINT64_MAX, and only then is a change while read checked).
 */
fl_status fl_csv_read_range(const char *path, const fl_csv_limits *limits, fl_csv_range *range,
                            fl_csv_row_fn on_row, fl_csv_bytes_fn on_bytes, void *ctx,
                            fl_csv_stats *stats);

/* The same on bytes in memory, as fl_csv_read_mem (range NULL: all the records). */
fl_status fl_csv_read_range_mem(const void *data, size_t len, const char *name, size_t block,
                                const fl_csv_limits *limits, fl_csv_range *range,
                                fl_csv_row_fn on_row, fl_csv_bytes_fn on_bytes, void *ctx,
                                fl_csv_stats *stats);

/* "libcsv 3.0.3" for the run stamp. Borrowed. */
const char *fl_csv_version(void);

/*
 * How many records holding a quoted field the fast path (see fl_csv_limits.libcsv_only) split
 * without libcsv, over every reading of this process that has returned. A hook for the
 * differential tests: a test that compares the fast path with libcsv can only fail if the fast
 * path ran.
 */
uint64_t fl_csv_fast_quoted(void);

#endif
