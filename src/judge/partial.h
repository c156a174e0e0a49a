/*
 * partial.h - a shard's judged records in a file, and back (flscan scan --shard, flscan merge).
 *
 * A shard of a scan (scan.h) judges only its part of the inputs and writes, instead of
 * reports, a partial: every record it judged, as the judge handed it back (fl_judged: the
 * row's line and index, the record's fields, dates, data-quality issues and the hits of
 * the matcher), in input order, grouped in units (a whole file, or the records of a file
 * that start in the shard's byte range of it). flscan merge reads the partials of all shards and hands their records, in the
 * one-process run's order, to the very code that commits a judged record into the report;
 * everything after that (the supplier graph, cases, the ledger, roll-ups, writers) runs
 * once, in the merge, so that its reports are the one-process run's. Nothing is summed or
 * decided in a shard: sums of values in floating point and "first seen" orders could not
 * be merged exactly.
 *
 * The file (format 1; every integer an unsigned LEB128 varint unless said otherwise, a text
 * its length, its bytes and a NUL byte):
 *   "FLSCANPT"  8 bytes, then the format number
 *   units       'U', file index, part (FL_PARTIAL_WHOLE for a whole file), then its
 *               records, each 'R', its encoded length and then:
 *                 line, index, flags (1 accepted, 2 rejected, 4 the date is --as-of),
 *                 date reading, date judged, the record's own date, the issues (count;
 *                 each field name, value, reason, flags 1 rejected 2 judged in full); an
 *                 accepted record then: origin, HS digits, the FL_F_COUNT fields (those a
 *                 clean record does not need in the merge written empty), the
 *                 number of hits, of rules fired, and each hit (rule, severity, match,
 *                 upstream + 1, span field, start, end, evidence)
 *   'E'         the end of the units
 *   head        the shard (K, N), how the inputs were split, the tool version, the scan's
 *               command line as the Summary shows it, its options and inputs (to parse
 *               again), the settings digest, and per input file: whether this shard read it
 *               whole, its size, SHA-256, data records, vendor profile, the first record of
 *               its part and the record after (offset, line, index each), and its digests
 *               at cuts (count; offset and SHA-256 each)
 *   footer      the head's offset (8 bytes little-endian), the SHA-256 of every byte before
 *               this digest (32 bytes), "FLPTEND1"
 * A reader refuses a file whose footer, digest or structure is wrong ("corrupt").
 */
#ifndef FL_PARTIAL_H
#define FL_PARTIAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "batch.h"
#include "common.h"
#include "csvread.h"

#define FL_PARTIAL_FORMAT 1
#define FL_PARTIAL_WHOLE UINT64_MAX /* the part of a unit that is a whole file */

/* The digest of an input's first bytes, up to a cut between two shards' parts. */
typedef struct fl_partial_cut {
    uint64_t offset;
    char sha256[65];
} fl_partial_cut;

/* One input file as a shard saw it. */
typedef struct fl_partial_file {
    bool read;          /* this shard read the file (all of it) */
    uint64_t size;      /* bytes read; 0 when not read */
    char sha256[65];    /* hex digest of the bytes read, "" when not read */
    uint64_t records;   /* data records (rows after the header) */
    const char *vendor; /* the vendor profile it was read with, NULL: none (a reader's own) */
    bool vendor_forced; /* by --vendor */
    /* a part of the file (fewer inputs than shards, csvread.h's fl_csv_range): its first
       record and the record after it; and the digests of the file's first bytes up to the
       cuts this shard passed (the next shard's start; the last shard: every cut) */
    fl_csv_pos first, next;
    fl_partial_cut *cuts;
    size_t n_cuts;
} fl_partial_file;

typedef struct fl_partial_head {
    unsigned shard, shards; /* K (from 1) of N */
    bool whole_files;       /* inputs handed out whole; else a part (byte range) of each */
    char *tool_version;
    char *command_line;     /* the scan's, as the Summary shows it (no --shard, --partial) */
    char **args;            /* the scan's options and inputs, to be parsed again by the merge */
    size_t n_args;
    char *settings;         /* what the shards must share besides the arguments: digests of
                               the rule set and the side files (caller's text) */
    fl_partial_file *files; /* one per input, in input order */
    size_t n_files;
} fl_partial_head;

/* ---- writing ---- */

typedef struct fl_partial_writer fl_partial_writer;

/*
 * Start the partial path (written under a temporary name and put in place by
 * fl_partial_finish, outfile.h). FL_OK, FL_ERR_OUTPUT (message printed) or FL_ERR_NOMEM.
 */
fl_status fl_partial_create(const char *path, fl_partial_writer **w);

/* Start a unit: the records of file's part K - 1 (FL_PARTIAL_WHOLE: of the whole file)
   follow. */
fl_status fl_partial_unit(fl_partial_writer *w, uint32_t file, uint64_t part);

/* Append a judged record to the current unit, with the texts of the fields in the mask
   (bit 1 << f for field f; the others are written empty). */
fl_status fl_partial_put(fl_partial_writer *w, const fl_judged *d, uint32_t fields);

/*
 * Write the head and the footer and put the file in place; the writer is freed in every
 * case. FL_OK or FL_ERR_OUTPUT / FL_ERR_NOMEM / FL_ERR_INTERRUPTED (message printed).
 */
fl_status fl_partial_finish(fl_partial_writer *w, const fl_partial_head *head);

/* Give up: the temporary file is removed, the writer freed. NULL-safe. */
void fl_partial_abort(fl_partial_writer *w);

/* ---- reading ---- */

typedef struct fl_partial_reader fl_partial_reader;

/*
 * Open path, check its footer and digest (every byte is read once) and read its head.
 * FL_OK; FL_ERR_INPUT with a message naming the file when it cannot be read, is no partial,
 * has another format, or is corrupt; FL_ERR_NOMEM.
 */
fl_status fl_partial_open(const char *path, fl_partial_reader **r);
void fl_partial_close(fl_partial_reader *r); /* NULL-safe */

const fl_partial_head *fl_partial_head_of(const fl_partial_reader *r);

/* How far the reading of the records is: bytes read, and of how many (*total), for progress. */
uint64_t fl_partial_done(const fl_partial_reader *r, uint64_t *total);
const char *fl_partial_path(const fl_partial_reader *r);

/*
 * The next unit: its file and part; *file is UINT32_MAX when the units have ended. FL_OK,
 * or FL_ERR_INPUT (corrupt, message printed).
 */
fl_status fl_partial_next_unit(fl_partial_reader *r, uint32_t *file, uint64_t *part);

/*
 * The next record of the current unit into d (*got true), or the unit's end (*got false).
 * d's texts borrow from the reader and stay valid until the next call. FL_OK, FL_ERR_INPUT
 * (corrupt, message printed) or FL_ERR_NOMEM.
 */
fl_status fl_partial_get(fl_partial_reader *r, fl_judged *d, bool *got);

#endif
