/* vocab.c - names of the shared words; see vocab.h. */
#include "vocab.h"

#include <strings.h>

static const char *const sev_names[FL_SEV_COUNT] = {"low", "medium", "high", "critical"};
static const char *const basis_names[FL_BASIS_COUNT] = {
    "TVPRA", "TVPRA-downstream", "EO13126", "WRO", "UFLPA-region", "UFLPA-entity"};

const char *fl_severity_str(fl_severity s)
{
    return (unsigned)s < FL_SEV_COUNT ? sev_names[s] : "?";
}

const char *fl_action_str(fl_severity s)
{
    return s == FL_SEV_CRITICAL ? "HOLD" : s == FL_SEV_HIGH ? "REVIEW" : "CAUTION";
}

const char *fl_basis_str(fl_basis b)
{
    return (unsigned)b < FL_BASIS_COUNT ? basis_names[b] : "?";
}

const char *fl_labor_str(unsigned labor)
{
    switch (labor & (FL_LABOR_FORCED | FL_LABOR_CHILD)) {
    case FL_LABOR_FORCED:
        return "forced";
    case FL_LABOR_CHILD:
        return "child";
    case FL_LABOR_FORCED | FL_LABOR_CHILD:
        return "forced+child";
    }
    return "";
}

bool fl_severity_parse(const char *s, fl_severity *out)
{
    for (int i = 0; i < FL_SEV_COUNT; i++)
        if (strcasecmp(s, sev_names[i]) == 0) {
            *out = (fl_severity)i;
            return true;
        }
    return false;
}

bool fl_basis_parse(const char *s, fl_basis *out)
{
    for (int i = 0; i < FL_BASIS_COUNT; i++)
        if (strcasecmp(s, basis_names[i]) == 0) {
            *out = (fl_basis)i;
            return true;
        }
    return false;
}

static const char *const match_names[FL_MATCH_COUNT] = {"direct", "region", "entity", "indirect"};

const char *fl_match_str(fl_match m)
{
    return (unsigned)m < FL_MATCH_COUNT ? match_names[m] : "?";
}
