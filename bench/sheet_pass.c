/*
 * sheet_pass.c - the least libxlsxwriter must do to write a sheet's cells: one worksheet,
 * constant-memory mode, every cell plain (no format, width, filter or validation).
 *
 *   sheet_pass CELLS.csv OUT.xlsx
 *
 * Reads CELLS.csv (one sheet row per record; bench/sheet_cells.py extracts one from a
 * workbook) with libcsv and writes each record as a row of a sheet of OUT.xlsx in the same
 * order: a field that is a number (digits, sign, point and exponent only, whole in C's strtod()) as
 * a number cell, any other non-empty field as a string cell, an empty field as no cell. The
 * workbook is compressed at flscan's level (src/output/xlsxzip.h), so the floor is flscan's own.
 * Prints "ROWS CELLS" on standard output.
 *
 * It is the second floor of bench/README.md's "The floor" section: flscan's stack is fixed
 * to libxlsxwriter, which writes one workbook on one thread, and the Cases sheet can only be
 * written once the last record is judged (it is sorted by severity, then value). The wall
 * time of this program on the Cases sheet's cells is the least any flscan could spend
 * after its screening to write that sheet alone.
 *
 * Exit status 0; 1 with a message on standard error when a file cannot be read or written
 * or libcsv or libxlsxwriter fails; 2 (usage) for a wrong command line.
 */
#define _POSIX_C_SOURCE 200809L
#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "xlsxzip.h"

#define BLOCK (1u << 20)
#define FIELD_BLOCK (64u * 1024u)
#define MAX_FIELD 32767u /* bytes of a cell kept (Excel allows as many characters) */

typedef struct sheet {
    lxw_worksheet *ws;
    lxw_row_t row;
    lxw_col_t col;
    uint64_t cells;
    lxw_error err;
    char text[MAX_FIELD + 1];
} sheet;

static void on_field(void *s, size_t len, void *data)
{
    sheet *sh = data;
    if (sh->err || len == 0) {
        sh->col++;
        return;
    }
    if (len > MAX_FIELD) { /* cut at the start of a UTF-8 sequence */
        len = MAX_FIELD;
        while (len && (((const unsigned char *)s)[len] & 0xC0) == 0x80)
            len--;
    }
    memcpy(sh->text, s, len);
    sh->text[len] = '\0';
    char *end;
    errno = 0;
    double v = strtod(sh->text, &end);
    if (*end == '\0' && errno == 0 && strspn(sh->text, "0123456789.-+eE") == len)
        sh->err = worksheet_write_number(sh->ws, sh->row, sh->col, v, NULL);
    else
        sh->err = worksheet_write_string(sh->ws, sh->row, sh->col, sh->text, NULL);
    sh->cells++;
    sh->col++;
}

static void on_record(int c, void *data)
{
    (void)c;
    sheet *sh = data;
    sh->row++;
    sh->col = 0;
}

/* Parse fd into sh's sheet; 0, or 1 with a message. */
static int fill(int fd, const char *path, sheet *sh)
{
    struct csv_parser p;
    char *buf = malloc(BLOCK);
    if (!buf || csv_init(&p, 0) != 0) {
        fprintf(stderr, "sheet_pass: out of memory\n");
        free(buf);
        return 1;
    }
    csv_set_blk_size(&p, FIELD_BLOCK);
    int status = 0;
    for (;;) {
        ssize_t got = read(fd, buf, BLOCK);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            fprintf(stderr, "sheet_pass: %s: %s\n", path, strerror(errno));
            status = 1;
            break;
        }
        if (got == 0) {
            if (csv_fini(&p, on_field, on_record, sh) != 0) {
                fprintf(stderr, "sheet_pass: %s: %s\n", path, csv_strerror(csv_error(&p)));
                status = 1;
            }
            break;
        }
        if (csv_parse(&p, buf, (size_t)got, on_field, on_record, sh) != (size_t)got) {
            fprintf(stderr, "sheet_pass: %s: %s\n", path, csv_strerror(csv_error(&p)));
            status = 1;
            break;
        }
        if (sh->err)
            break;
    }
    csv_free(&p);
    free(buf);
    return status;
}

int main(int argc, char **argv)
{
    if (argc != 3 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
        fputs("usage: sheet_pass CELLS.csv OUT.xlsx\n"
              "  Writes the records of CELLS.csv as the rows of one plain sheet of OUT.xlsx\n"
              "  (libxlsxwriter, constant memory, flscan's zip level); prints ROWS CELLS.\n",
              stderr);
        return 2;
    }
    const char *in = argv[1], *out = argv[2];
    int fd = open(in, O_RDONLY);
    if (fd < 0) {
        fprintf(stderr, "sheet_pass: %s: %s\n", in, strerror(errno));
        return 1;
    }
    if (!fl_xlsxzip_ready()) {
        fprintf(stderr, "sheet_pass: minizip's zipOpenNewFileInZip4_64 was not found\n");
        close(fd);
        return 1;
    }
    sheet *sh = calloc(1, sizeof *sh);
    lxw_workbook_options opts = {.constant_memory = LXW_TRUE};
    lxw_workbook *wb = sh ? workbook_new_opt(out, &opts) : NULL;
    if (!wb) {
        fprintf(stderr, "sheet_pass: %s: cannot start the workbook\n", out);
        free(sh);
        close(fd);
        return 1;
    }
    sh->ws = workbook_add_worksheet(wb, "Sheet1");
    int status = fill(fd, in, sh);
    close(fd);
    if (sh->err) {
        fprintf(stderr, "sheet_pass: %s: %s\n", out, lxw_strerror(sh->err));
        status = 1;
    }
    lxw_error e = workbook_close(wb);
    if (e) {
        fprintf(stderr, "sheet_pass: %s: %s\n", out, lxw_strerror(e));
        status = 1;
    }
    if (status == 0 &&
        (printf("%llu %llu\n", (unsigned long long)sh->row, (unsigned long long)sh->cells) < 0 ||
         fflush(stdout) != 0)) {
        fprintf(stderr, "sheet_pass: write error: %s\n", strerror(errno));
        status = 1;
    }
    free(sh);
    return status;
}
