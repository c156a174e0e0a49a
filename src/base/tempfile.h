/*
 * tempfile.h - scratch files that hold what would otherwise grow the memory.
 */
#ifndef FL_TEMPFILE_H
#define FL_TEMPFILE_H

/* The folder scratch files go to: $TMPDIR, else /tmp. */
const char *fl_tempfile_dir(void);

/*
 * A new empty file in fl_tempfile_dir(), opened for reading and writing and unlinked at once
 * (its space is freed when it is closed, and a killed run leaves nothing behind). what says
 * what it holds, for the message. Returns the descriptor, or -1 with a message printed that
 * names the folder and how to choose another.
 */
int fl_tempfile_open(const char *what);

#include <stddef.h>
#include <stdint.h>

/* Write n bytes at p to fd at byte offset at, however many calls it takes. 0, or the error
   number (ENOSPC when the system wrote nothing and said nothing). */
int fl_tempfile_write(int fd, const void *p, size_t n, uint64_t at);

/* Read n bytes at byte offset at of fd into p. 0, or the error number (0 is never returned
   for a short file: -1 then, "unexpected end of file"). */
int fl_tempfile_read(int fd, void *p, size_t n, uint64_t at);

#endif
