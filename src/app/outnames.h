/*
 * outnames.h - what the names of a run's outputs say, checked before any work.
 *
 * '-' is standard output for the flags CSV, the flags JSON Lines and the summary JSON, and for
 * the workbook when standard output is not a terminal (a workbook is binary: on a terminal
 * it would be noise). Only one output can take standard output. An output whose extension
 * names another format than the one written ('--out flags.csv' still writes a workbook) is
 * written all the same, with a warning that says which option was probably meant.
 */
#ifndef FL_OUTNAMES_H
#define FL_OUTNAMES_H

#include <stdbool.h>
#include <stddef.h>

typedef enum fl_out_format { FL_OUT_XLSX, FL_OUT_CSV, FL_OUT_JSONL, FL_OUT_JSON } fl_out_format;

/* One output of the run. All borrowed. */
typedef struct fl_out_name {
    const char *option;   /* "--out" */
    const char *path;     /* NULL: the option was not given */
    fl_out_format format; /* what the run writes there */
} fl_out_name;

/*
 * Standard output: false (message printed; a usage error) when two outputs are '-', or when
 * the workbook is and stdout_is_tty. *taken: whether one output is '-' (the printed summary
 * then goes to standard error, so that standard output holds the output alone).
 */
bool fl_outnames_stdout(const fl_out_name *outs, size_t n, bool stdout_is_tty, bool *taken);

/* A warning for each output whose extension (case ignored) is not one of its format's:
   .xlsx; .csv or .txt; .jsonl, .ndjson or .jsonlines; .json. A name without one passes. */
void fl_outnames_warn_extensions(const fl_out_name *outs, size_t n);

#endif
