/*
 * csv_pass.c - the least a reader built on libcsv must do: hand every byte of a file to
 * csv_parse() and count what it finds.
 *
 *   csv_pass FILE
 *
 * Reads FILE with read() in 1 MiB blocks (as flscan's reader does), passes each block to
 * libcsv's csv_parse() with the options flscan's reader sets (csv_init(p, 0), fields grown
 * 64 KiB at a time) and callbacks that only count, then csv_fini(). Prints the records
 * (the header included) and the fields found, "RECORDS FIELDS", on standard output.
 *
 * It is the floor of bench/README.md's "The floor" section: flscan's stack is fixed to libcsv,
 * and nearly every record of a bill-of-lading export holds a quoted field, so every byte
 * passes through csv_parse(). The CPU time this takes on one thread, divided by the cores,
 * is the least any flscan could spend reading the file (flscan reads in parallel chunks;
 * the division assumes a perfect split, which flatters the floor).
 *
 * Exit status 0; 1 with a message on standard error when FILE cannot be opened or read,
 * libcsv fails, or the counts cannot be written; 2 (usage) for a wrong command line.
 * Uses libcsv only, as src/input/csvread.c does; no project libraries.
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

/* READ_BLOCK and FIELD_BLOCK in src/input/csvread.c. */
#define BLOCK (1u << 20)
#define FIELD_BLOCK (64u * 1024u)

typedef struct counts {
    uint64_t records, fields;
} counts;

static void on_field(void *s, size_t len, void *data)
{
    (void)s;
    (void)len;
    ((counts *)data)->fields++;
}

static void on_record(int c, void *data)
{
    (void)c;
    ((counts *)data)->records++;
}

int main(int argc, char **argv)
{
    if (argc != 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
        fputs("usage: csv_pass FILE\n"
              "  Parses FILE with libcsv, read in 1 MiB blocks, and prints its records\n"
              "  (the header included) and fields: RECORDS FIELDS.\n",
              stderr);
        return 2;
    }
    const char *path = argv[1];
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        fprintf(stderr, "csv_pass: %s: %s\n", path, strerror(errno));
        return 1;
    }
    struct csv_parser p;
    char *buf = malloc(BLOCK);
    if (!buf || csv_init(&p, 0) != 0) {
        fprintf(stderr, "csv_pass: out of memory\n");
        free(buf);
        close(fd);
        return 1;
    }
    csv_set_blk_size(&p, FIELD_BLOCK);

    counts n = {0, 0};
    int status = 0;
    for (;;) {
        ssize_t got = read(fd, buf, BLOCK);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            fprintf(stderr, "csv_pass: %s: %s\n", path, strerror(errno));
            status = 1;
            break;
        }
        if (got == 0)
            break;
        if (csv_parse(&p, buf, (size_t)got, on_field, on_record, &n) != (size_t)got) {
            fprintf(stderr, "csv_pass: %s: %s\n", path, csv_strerror(csv_error(&p)));
            status = 1;
            break;
        }
    }
    if (status == 0 && csv_fini(&p, on_field, on_record, &n) != 0) {
        fprintf(stderr, "csv_pass: %s: %s\n", path, csv_strerror(csv_error(&p)));
        status = 1;
    }
    csv_free(&p);
    free(buf);
    close(fd);
    if (status == 0 &&
        (printf("%llu %llu\n", (unsigned long long)n.records, (unsigned long long)n.fields) < 0 ||
         fflush(stdout) != 0)) {
        fprintf(stderr, "csv_pass: write error: %s\n", strerror(errno));
        status = 1;
    }
    return status;
}
