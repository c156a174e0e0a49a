/*
 * refdata.h - the reference data a command needs, loaded once, in one place.
 *
 * Both `flscan scan` and `flscan rules` work from the same tables: countries (iso-codes'
 * iso_3166-1.json plus <data>/country_aliases.csv), the rule set (<rules>/), the company-name
 * tables (<data>/names/), and for screening the region gazetteer (<data>/regions.csv with
 * iso_3166-2.json), the subdivision names (iso_3166-2.json with
 * <data>/subdivision_aliases.csv, country.h), the ports table (<data>/ports.csv), the vendor
 * profiles (<data>/vendors/) and the index of listed entities built from the rules and the
 * name tables. Each
 * loader reports its own problems (file:line:column); this module only says where the
 * files are and in which order they load.
 *
 * Everything is immutable once loaded and may be shared by threads.
 */
#ifndef FL_REFDATA_H
#define FL_REFDATA_H

#include "common.h"
#include "country.h"
#include "entity.h"
#include "nametab.h"
#include "origin.h"
#include "region.h"
#include "rules.h"
#include "vendor.h"

/* Where the files are (borrowed). */
typedef struct fl_refdata_dirs {
    const char *iso_dir;   /* iso-codes' json folder */
    const char *data_dir;  /* the datasets folder */
    const char *rules_dir; /* the rule set folder */
} fl_refdata_dirs;

typedef struct fl_refdata {
    fl_countries *countries;
    fl_ruleset *rules;
    fl_name_tables *names; /* with FL_REFDATA_NAMES, or for screening; else NULL */
    /* with fl_refdata_load_screening() only, else NULL */
    fl_gazetteer *gazetteer;
    fl_ports *ports;
    fl_entity_index *entities;
    fl_vendors *vendors; /* <data>/vendors/ (vendor.h) */
} fl_refdata;

#define FL_REFDATA_NAMES 1u /* fl_refdata_load: the company-name tables too */

/*
 * Countries and the rule set (and with FL_REFDATA_NAMES in parts, the name tables), into
 * *out (zeroed first). FL_OK; FL_ERR_INPUT or FL_ERR_RULES with the problems printed;
 * FL_ERR_NOMEM. After a failure *out holds what did load: free it with fl_refdata_free()
 * either way.
 */
fl_status fl_refdata_load(const fl_refdata_dirs *dirs, unsigned parts, fl_refdata *out);

/*
 * All of it, for screening: as fl_refdata_load with the name tables, then the gazetteer, the
 * ports and the entity index built with the thresholds eopts (NULL: the defaults) and the
 * gazetteer (opts.places, whatever eopts says).
 */
fl_status fl_refdata_load_screening(const fl_refdata_dirs *dirs, const fl_entity_opts *eopts,
                                    fl_refdata *out);

/* Release everything loaded, NULL-safe; *r is zeroed. */
void fl_refdata_free(fl_refdata *r);

/* "DIR/NAME" in memory the caller frees; NULL when out of memory. */
char *fl_path_join(const char *dir, const char *name);

#endif
