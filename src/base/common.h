/*
 * common.h - types shared by every flscan module.
 *
 * Modules return an fl_status; only the CLI turns a status into a process exit code
 * (fl_exit). Text taken from input files is passed around as fl_slice: a borrowed
 * (pointer, length) view that is NOT NUL-terminated unless a function says otherwise.
 */
#ifndef FL_COMMON_H
#define FL_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define FL_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define FL_PRINTF(fmt, args)
#endif

/* A borrowed view of bytes. Never owns its memory. */
typedef struct fl_slice {
    const char *ptr;
    size_t len;
} fl_slice;

/* Status codes every module returns. */
typedef enum fl_status {
    FL_OK = 0,
    FL_ERR_USAGE,  /* bad command line */
    FL_ERR_INPUT,  /* an input file cannot be read or lacks required columns */
    FL_ERR_RULES,  /* the rule set or a reference table is invalid */
    FL_ERR_OUTPUT, /* an output cannot be written */
    FL_ERR_NOMEM,  /* out of memory */
    FL_ERR_BUSY,   /* the ledger is in use by another run */
    FL_ERR_INTERRUPTED, /* SIGINT or SIGTERM asked the run to stop (interrupt.h) */
} fl_status;

/* Process exit codes, documented in README.md and --help. */
enum fl_exit {
    FL_EXIT_OK = 0,      /* run ok, no flag at or above --fail-on */
    FL_EXIT_FLAGGED = 1, /* flags at or above --fail-on */
    FL_EXIT_USAGE = 2,
    FL_EXIT_INPUT = 3,
    FL_EXIT_RULES = 4,
    FL_EXIT_OUTPUT = 5,
    FL_EXIT_BUSY = 6, /* the ledger is in use by another run; nothing was done */
    FL_EXIT_NOMEM = 7, /* out of memory; nothing was written */
    /* interrupted: 128 + the signal, 130 for SIGINT and 143 for SIGTERM (interrupt.h) */
    FL_EXIT_SIGNAL_BASE = 128,
};

/* flscan's version ("0.1.0"): CMake's project(VERSION), the one place it is written. */
const char *fl_version(void);

/* Short lower-case description of a status ("rules error"); never NULL. */
const char *fl_status_str(fl_status st);

/* The exit code that reports a failed status. */
int fl_status_exit(fl_status st);

/* Build a slice from a NUL-terminated string (borrowed). */
static inline fl_slice fl_slice_cstr(const char *s)
{
    fl_slice sl = {s, 0};
    while (s && s[sl.len])
        sl.len++;
    return sl;
}

#endif
