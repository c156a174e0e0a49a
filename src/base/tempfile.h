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

#endif
