/*
 * vocab.h - the words every stage shares: how severe a flag is, on which list it rests, what
 * kind of labor, how it matched, and which text of the record it matched.
 *
 * The rule loader parses them, the judge produces them and the model and writers show them;
 * none of those owns them, so they live here, below all of them.
 */
#ifndef FL_VOCAB_H
#define FL_VOCAB_H

#include <stdbool.h>
#include <stdint.h>
#include "fields.h"

typedef enum fl_severity {
    FL_SEV_LOW = 0,
    FL_SEV_MEDIUM,
    FL_SEV_HIGH,
    FL_SEV_CRITICAL,
    FL_SEV_COUNT
} fl_severity;

typedef enum fl_basis {
    FL_BASIS_TVPRA = 0,
    FL_BASIS_TVPRA_DOWNSTREAM,
    FL_BASIS_EO13126,
    FL_BASIS_WRO,
    FL_BASIS_UFLPA_REGION,
    FL_BASIS_UFLPA_ENTITY,
    FL_BASIS_COUNT
} fl_basis;

enum { FL_LABOR_FORCED = 1, FL_LABOR_CHILD = 2 };

/* "critical", "high", "medium", "low" */
const char *fl_severity_str(fl_severity s);
/* "HOLD" (critical), "REVIEW" (high), "CAUTION" (medium, low) */
const char *fl_action_str(fl_severity s);
/* "TVPRA", "TVPRA-downstream", "EO13126", "WRO", "UFLPA-region", "UFLPA-entity" */
const char *fl_basis_str(fl_basis b);
/* "forced", "child", "forced+child" */
const char *fl_labor_str(unsigned labor);
/* Parse the words above (case-insensitive); false when unknown. */
bool fl_severity_parse(const char *s, fl_severity *out);
bool fl_basis_parse(const char *s, fl_basis *out);

typedef enum fl_match {
    FL_MATCH_DIRECT = 0, /* origin country + commodity */
    FL_MATCH_REGION,     /* shipper located in a listed region */
    FL_MATCH_ENTITY,     /* shipper or importer is a listed entity */
    FL_MATCH_INDIRECT,   /* exposure inherited through the supplier graph */
    FL_MATCH_COUNT
} fl_match;

/* "direct", "region", "entity", "indirect" */
const char *fl_match_str(fl_match m);

/* A text span in one of the record's fields that the flag matched (for highlighting). */
typedef struct fl_span {
    fl_field field; /* FL_F_COUNT when unused */
    uint32_t start, end;
} fl_span;

#endif
