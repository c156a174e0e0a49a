/*
 * config.h - a scan's settings in an INI file (--config FILE): the only module that uses
 * inih.
 *
 * The file has a [scan] section whose keys are scan options by their long name ("out",
 * "ledger", "fail-on", "shipments", "map"...; which ones, and which may repeat, the caller
 * says), and any number of [vendor NAME] sections, one per data vendor, each listing its
 * input files ("shipments", repeatable) and the column maps for them ("map",
 * repeatable, FIELD=HEADER). Lines are "key = value"; ';' or '#' starts a comment line, and
 * " ;" (a space, then ';') a comment after a value. A value runs to the end of its line:
 * no quotes, no continuation lines, any length. An unknown section or key, a key given
 * twice that may not repeat, a vendor twice and a line that is neither "key = value" nor
 * "[section]" are errors reported as "FILE:LINE: ...". The file is UTF-8 text: a section,
 * key or value with bytes that are not (invalid UTF-8, control characters but TAB) is an
 * error too, its bytes shown as \xHH (textsafe.h); names quoted in messages are shortened.
 * At most 20 problems are printed, then their count.
 *
 * The loaded file is immutable; its strings live until fl_config_free.
 */
#ifndef FL_CONFIG_H
#define FL_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include "arena.h"
#include "common.h"

/* A key the caller allows in [scan]. */
typedef struct fl_config_key {
    const char *name;
    bool repeatable;
} fl_config_key;

typedef struct fl_config_item {
    const char *key, *value; /* value trimmed; "" allowed */
    unsigned line;
} fl_config_item;

typedef struct fl_config_vendor {
    const char *name;
    unsigned line;
    fl_config_item *shipments, *maps;
    size_t n_shipments, n_maps;
} fl_config_vendor;

typedef struct fl_config {
    const char *path;     /* as given */
    const char *dir;      /* its folder ("." when none), where relative paths start */
    fl_config_item *scan; /* [scan] items in file order */
    size_t n_scan;
    fl_config_vendor *vendors; /* in file order */
    size_t n_vendors;
    fl_arena arena;
} fl_config;

/*
 * Read and check path against the keys allowed in [scan]. Returns FL_OK with *out set
 * (free with fl_config_free); FL_ERR_USAGE with every problem printed as "FILE:LINE: ...";
 * FL_ERR_INPUT when the file cannot be read or is a folder (message printed); FL_ERR_NOMEM.
 */
fl_status fl_config_load(const char *path, const fl_config_key *keys, size_t n_keys,
                         fl_config **out);

void fl_config_free(fl_config *c);

/*
 * A path named in the file: as it is when absolute or "-", else relative to the file's
 * folder (so the nightly job works from any working directory). Owned by the config;
 * NULL when out of memory.
 */
const char *fl_config_path(fl_config *c, const char *value);

/* yes/no, true/false, on/off, 1/0 (any case) into *out; false when it is none of them. */
bool fl_config_bool(const char *value, bool *out);

#endif
