/*
 * memchr_pass.c - the least a CSV reader must do: read a file and find its line ends.
 *
 *   memchr_pass FILE
 *
 * Reads FILE with read() in 1 MiB blocks into one buffer, counts its LF bytes with memchr and
 * prints the count (the number `wc -l` prints) on standard output. bench/run.sh times it on
 * the bench files as one of the two physical limits beside flscan's figures: it copies every
 * byte out of the page cache and looks at each once, which no CSV reader on one thread can
 * beat.
 *
 * Exit status 0; 1 with a message on standard error when FILE cannot be opened or read or the
 * count cannot be written; 2 (usage) for a wrong command line.
 * Plain C11 and POSIX, no project libraries.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The block flscan's reader reads (READ_BLOCK and CHUNK_BYTES in src/input/csvread.c), so that
 * the line is flscan's reading without its parsing. Smaller blocks that stay in the core's L2
 * cache go faster: 128 KiB took a quarter less time on the 2-core development machine (1 MiB of
 * L2 a core), which is also why `cat` (128 KiB) is quicker still. */
#define BLOCK (1u << 20)

int main(int argc, char **argv)
{
    if (argc != 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
        fputs("usage: memchr_pass FILE\n"
              "  Prints the number of LF bytes in FILE, read in 1 MiB blocks.\n",
              stderr);
        return 2;
    }
    const char *path = argv[1];
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        fprintf(stderr, "memchr_pass: %s: %s\n", path, strerror(errno));
        return 1;
    }
    char *buf = malloc(BLOCK);
    if (!buf) {
        fprintf(stderr, "memchr_pass: out of memory\n");
        close(fd);
        return 1;
    }

    uint64_t lines = 0;
    int status = 0;
    for (;;) {
        ssize_t got = read(fd, buf, BLOCK);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            fprintf(stderr, "memchr_pass: %s: %s\n", path, strerror(errno));
            status = 1;
            break;
        }
        if (got == 0)
            break;
        const char *p = buf, *end = buf + got;
        while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
            lines++;
            p++;
        }
    }
    free(buf);
    close(fd);
    if (status == 0 && (printf("%llu\n", (unsigned long long)lines) < 0 || fflush(stdout) != 0)) {
        fprintf(stderr, "memchr_pass: write error: %s\n", strerror(errno));
        status = 1;
    }
    return status;
}
