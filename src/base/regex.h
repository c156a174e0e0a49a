/*
 * regex.h - compiled patterns (the only module that uses PCRE2).
 *
 * Patterns are compiled once, caseless, UTF and Unicode-property aware, and JIT-compiled
 * where the platform allows. A compiled pattern is immutable; matching needs a per-thread
 * fl_regex_scratch so that one pattern can be used from several threads.
 */
#ifndef FL_REGEX_H
#define FL_REGEX_H

#include <stdbool.h>
#include <stddef.h>

typedef struct fl_regex fl_regex;
typedef struct fl_regex_scratch fl_regex_scratch;

/*
 * Compile pattern (NUL-terminated). On failure returns NULL and writes a message to
 * err (capacity errlen) and the 0-based byte offset of the problem to *erroff.
 */
fl_regex *fl_regex_compile(const char *pattern, char *err, size_t errlen, size_t *erroff);

void fl_regex_free(fl_regex *re);

/* Scratch space for matching; one per thread. NULL on allocation failure. */
fl_regex_scratch *fl_regex_scratch_new(void);
void fl_regex_scratch_free(fl_regex_scratch *s);

/*
 * Search s[0..len) for the first match. On a match returns true and, when start/end are
 * non-NULL, sets them to the byte offsets of the match. Invalid UTF-8 in s never matches
 * (callers validate text first).
 */
bool fl_regex_search(const fl_regex *re, fl_regex_scratch *scratch, const char *s, size_t len,
                     size_t *start, size_t *end);

/* "PCRE2 10.42 2022-12-11" style version string for the run stamp. Borrowed. */
const char *fl_regex_version(void);

#endif
