/*
 * listsrc.h - one export of an official list, read into entries for `flscan rules import`.
 *
 * The formats (names as given to --format; the columns are found by name, any case, in any
 * order, a byte-order mark ignored; rules/README.md, "Importing official lists", shows each):
 *
 *   dol-goods  DOL's List of Goods Produced by Child Labor or Forced Labor (the TVPRA list) as
 *              its Excel download saved as CSV: "Country" (or "Country/Area"), "Good", and the
 *              exploitation type either as flag columns "Child Labor" and "Forced Labor" (a
 *              mark: X, Yes, Y, TRUE, 1; empty or No: not listed for it) or as one column
 *              "Exploitation Type" ("Child Labor", "Forced Labor", "Child Labor, Forced Labor";
 *              "Forced Child Labor" counts as both). Optional "Forced Child Labor".
 *   dol-eo     DOL's E.O. 13126 List of Products as CSV: "Product" (or "Good") and "Country"
 *              (or "Country/Area"). Every listing is forced or indentured child labor.
 *   dhs-uflpa  The tables of DHS's UFLPA Entity List page saved as CSV: "Name of Entity" (or
 *              "Entity Name", "Entity") and "Effective Date" ("June 21, 2022", 6/21/2022 or
 *              2022-06-21); optional "Section" (or "List": "2(d)(2)(B)(ii)"), "Address",
 *              "Aliases" (';'-separated). Names are read the way DHS writes them: "NAME
 *              (including two aliases: A; and B)", "NAME and subsidiaries", "NAME and its
 *              subsidiary S", "NAME and its eight X-based subsidiaries, which include A, B,
 *              and C" (each subsidiary becomes an entry of its own).
 *   fr-uflpa   The appendix of a Federal Register notice on the UFLPA Entity List, as text:
 *              a heading line naming a section ("... UFLPA Section 2(d)(2)(B)(i)") starts
 *              that section; after it, each entity ends with its effective date ("Hoshine
 *              Silicon Industry (Shanshan) Co., Ltd ........ June 21, 2022"); a name wrapped
 *              over several lines is joined; a column header ("Entity ... Effective date")
 *              and the lines before the first heading are skipped.
 *   cbp-wro    CBP's Withhold Release Orders and Findings list (its CSV download): "Entity",
 *              "Country", "Effective Date" (MM/DD/YYYY or ISO), "Status" ("Active",
 *              "Partially Active", "Inactive", "Revoked", "Modified"); optional
 *              "WRO/Finding", "Industry" (or "Merchandise"), "Press Release" (a URL),
 *              "Remarks", "Country Code", "Calendar Year". Names follow CBP's text:
 *              "A, a/k/a B, a/k/a C", "A; B" (two producers), "Fishing Vessel: NAME".
 *   ftm        An OpenSanctions export of us_dhs_uflpa or us_cbp_forced_labor in the
 *              FollowTheMoney entity format (entities.ftm.json: one JSON object a line with
 *              "id", "schema", "properties", "datasets", "target", "last_seen"). Target
 *              entities (Company, Organization, LegalEntity, Vessel, Person) give names
 *              (name, alias, previousName, weakAlias), country, address; their Sanction
 *              entities give startDate/listingDate, endDate, program (the UFLPA section),
 *              sourceUrl. A CBP entity without a Sanction is no longer active.
 *   ref-tvpra  The project's reference table tvpra_goods.csv (country, good, child_labor,
 *              forced_labor as yes/no; other columns ignored).
 *   ref-uflpa  The project's uflpa_entity_list.csv (entity_name, aliases, date_added,
 *              list_section, source_url, batch, note).
 *   ref-wro    The project's cbp_wro.csv (date, country, region, entity, commodity,
 *              status, source_url, action_type, status_date, note).
 *
 * Dates keep their precision: a reference row dated "2022-06" covers the month.
 * Every problem is reported with fl_error() as "file:line:column: message" (the column is
 * the 1-based CSV field, the byte on a text line, or jansson's column in a JSON line) and
 * the read fails with FL_ERR_RULES after the whole file was read; nothing of it is used.
 */
#ifndef FL_LISTSRC_H
#define FL_LISTSRC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "arena.h"
#include "common.h"
#include "country.h"
#include "dates.h"
#include "listname.h"

typedef enum fl_list_format {
    FL_LF_DOL_GOODS,
    FL_LF_DOL_EO,
    FL_LF_DHS_UFLPA,
    FL_LF_FR_UFLPA,
    FL_LF_CBP_WRO,
    FL_LF_FTM,
    FL_LF_REF_TVPRA,
    FL_LF_REF_UFLPA,
    FL_LF_REF_WRO,
    FL_LF_COUNT
} fl_list_format;

/* The list an export is of (an ftm export says so in its "datasets"). */
typedef enum fl_list_kind {
    FL_LK_NONE, /* not known yet (an ftm export before its first entity) */
    FL_LK_TVPRA,
    FL_LK_EO13126,
    FL_LK_UFLPA,
    FL_LK_WRO,
} fl_list_kind;

/* A date as precise as the list gives it: from == to for a day; a month or a year spans
   its first and last day. Both 0: no date. */
typedef struct fl_pdate {
    fl_date from, to;
} fl_pdate;

typedef struct fl_list_entry {
    uint64_t line; /* where the entry starts in the file */
    int col;       /* the column of its main cell (name or good) */
    /* where it is: ISO alpha-2, "" when the list does not say (a vessel, a UFLPA name) */
    char cc[3];
    const char *country_text; /* the country as the list writes it, "" when none */
    /* goods lists (TVPRA, E.O. 13126) */
    const char *good;         /* as written, trimmed */
    unsigned labor;           /* FL_LABOR_* bits; 0 when the row states no type */
    /* entity lists (UFLPA, CBP): names[0] is the listed name; for a CBP order naming several
       producers, one entry carries them all (names[1..]) with their a/k/a names in aliases */
    const char **names;
    size_t n_names;
    const char **aliases;
    size_t n_aliases;
    /* the same names per producer, with each one's own aliases and note (n_parts may be 0
       when the entry has one name) */
    const fl_lname *parts;
    size_t n_parts;
    bool area; /* a CBP order on an area or a whole country's good, not on a named producer */
    const char **addresses;
    size_t n_addresses;
    const char *section;    /* UFLPA list: "2(d)(2)(B)(ii)", NULL when not given */
    const char *order;      /* CBP: "WRO" or "Finding", NULL when not given */
    const char *goods_text; /* CBP: merchandise or industry, NULL when not given */
    const char *note;       /* the list's own words kept for the rule's note, NULL when none */
    fl_pdate listed;        /* date added or effective date; 0 when not given */
    /*
     * current: the list states the entry's status on the list's date (an official export:
     * what it holds is in force unless marked otherwise). A reference row only says when it
     * was listed and, if known, when that ended: current is false.
     */
    bool current;
    bool ended;   /* the list says it is no longer in force */
    fl_pdate end; /* the first day it was no longer in force, when known */
    const char **urls; /* the entry's own sources (press release, reference URLs) */
    size_t n_urls;
} fl_list_entry;

typedef struct fl_list {
    fl_list_format format;
    fl_list_kind kind;
    const char *dataset; /* ftm: the OpenSanctions dataset name, else NULL */
    fl_date newest;      /* newest date the file shows (a listing, a change, last_seen) */
    fl_list_entry *v;
    size_t n, cap;
    size_t skipped; /* records that are not entries (ftm: addresses, links, other datasets) */
    fl_arena arena; /* every string of the entries */
} fl_list;

/* Read caps: a list export is small; these bound a file that is not one. */
#define FL_LIST_MAX_BYTES (64u << 20)
#define FL_LIST_MAX_ENTRIES 200000u

/* --format names ("dol-goods", ...), and back; NULL / false when unknown. */
const char *fl_list_format_str(fl_list_format f);
bool fl_list_format_parse(const char *s, fl_list_format *out);

/* The list a format is of (FL_LK_NONE for ftm, which says it per file). */
fl_list_kind fl_list_format_kind(fl_list_format f);

/* True when an export in this format holds the whole list as of its date (official
   exports), false for the project's reference tables, which are known to be partial. */
bool fl_list_format_complete(fl_list_format f);

/* A one-line description of the format for --help and messages. */
const char *fl_list_format_help(fl_list_format f);

/* The list's human name ("UFLPA Entity List"). */
const char *fl_list_kind_str(fl_list_kind k);

/*
 * Read the export at path (display: name for messages, NULL = path) in format fmt into out
 * (initialised here; free with fl_list_free, also after a failure). countries (borrowed)
 * turns country names and codes into alpha-2. Returns FL_OK; FL_ERR_INPUT when the file
 * cannot be read, is not UTF-8 text or is over FL_LIST_MAX_BYTES; FL_ERR_RULES after located
 * messages for bad rows; FL_ERR_NOMEM.
 */
fl_status fl_list_read(const char *path, const char *display, fl_list_format fmt,
                       const fl_countries *countries, fl_list *out);

/* The same on bytes in memory (borrowed), for tests; name is used in messages. */
fl_status fl_list_read_mem(const char *data, size_t len, const char *name, fl_list_format fmt,
                           const fl_countries *countries, fl_list *out);

void fl_list_free(fl_list *l);

/*
 * A date as lists write it: YYYY-MM-DD, YYYY-MM, YYYY, M/D/YYYY, "June 21, 2022",
 * "Jun. 21, 2022", "21 June 2022". Surrounding spaces are ignored. False when it is none
 * of these (or no calendar date).
 */
bool fl_list_date(const char *s, size_t len, fl_pdate *out);

#endif
