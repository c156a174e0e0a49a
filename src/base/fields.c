/* fields.c - names of the canonical record fields; see fields.h. */
#include "fields.h"

#include <ctype.h>
#include <string.h>

/* Same order as enum fl_field; these names appear in reports and --map options. */
static const char *const names[FL_F_COUNT] = {
    "record_id",      "date",    "importer",    "shipper",  "shipper_address", "origin",
    "port_of_lading", "hs_code", "description", "quantity", "weight",          "value",
    "supplier_id",
};

const char *fl_field_name(fl_field f)
{
    return (unsigned)f < FL_F_COUNT ? names[f] : "";
}

fl_field fl_field_by_name(const char *name)
{
    if (!name)
        return FL_F_COUNT;
    for (int i = 0; i < FL_F_COUNT; i++)
        if (strcmp(names[i], name) == 0)
            return (fl_field)i;
    return FL_F_COUNT;
}

size_t fl_header_fold(const char *s, size_t len, char *out, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < len && n + 1 < cap; i++) {
        unsigned char c = (unsigned char)s[i];
        if (isalnum(c))
            out[n++] = (char)tolower(c);
    }
    out[n] = '\0';
    return n;
}
