/*
 * jsonread.h - JSON values read from text (the reading side of jansson for the list
 * importers; country.c reads the iso-codes file with jansson on its own, flagout.c writes).
 *
 * One call parses one JSON text (a line of a JSON Lines file) into a tree the caller frees
 * with fl_json_free(); every other function here borrows from that tree and is NULL-safe:
 * asking a missing member, an array for a string or a string for a member gives NULL (or 0,
 * or false), so a reader walks a document without checking each step's type.
 */
#ifndef FL_JSONREAD_H
#define FL_JSONREAD_H

#include <stdbool.h>
#include <stddef.h>

typedef struct fl_json fl_json; /* a value in a parsed tree (opaque) */

/*
 * Parse text[0..len) (borrowed; need not be NUL-terminated) as one JSON value; duplicate
 * object keys are refused. Returns the root (caller frees with fl_json_free), or NULL with
 * msg (capacity msgcap, NUL-terminated) saying why and *column set to the 1-based byte
 * column where the parser stopped (0 when out of memory: msg says so then).
 */
fl_json *fl_json_parse(const char *text, size_t len, char *msg, size_t msgcap, int *column);

/* Free a tree returned by fl_json_parse. NULL-safe. */
void fl_json_free(fl_json *root);

/* The member key of an object, or NULL (absent, or v is no object). Borrowed. */
const fl_json *fl_json_member(const fl_json *v, const char *key);

/* The text of a string value (NUL-terminated, UTF-8), or NULL when v is no string. */
const char *fl_json_str(const fl_json *v);

/* Elements of an array (0 when v is no array), and element i (NULL when out of range). */
size_t fl_json_len(const fl_json *v);
const fl_json *fl_json_at(const fl_json *v, size_t i);

/* True when v is the JSON value true. */
bool fl_json_is_true(const fl_json *v);

/* True when v is an object. */
bool fl_json_is_object(const fl_json *v);

#endif
