/* party.c - grouping keys for company names; see party.h. */
#include "party.h"

#include <string.h>

#include "names.h"
#include "unorm.h"

size_t fl_party_key(const fl_name_tables *tab, const char *s, size_t len, char *out, size_t cap)
{
    if (!out || !cap)
        return 0;
    out[0] = '\0';
    if (!s || !len)
        return 0;
    fl_name_part parts[FL_NAME_MAX_PARTS];
    size_t np = fl_name_split(s, len, parts, FL_NAME_MAX_PARTS);
    if (!np)
        return 0;
    /* The party the goods are for or from: an agent or care-of party is not the importer. */
    size_t pick = 0;
    for (size_t i = 0; i < np; i++) {
        if (parts[i].role == FL_ROLE_WHOLE || parts[i].role == FL_ROLE_PRINCIPAL) {
            pick = i;
            break;
        }
    }
    const char *p = s + parts[pick].start;
    size_t n = parts[pick].len;
    fl_name name;
    if (fl_name_parse(tab, p, n, NULL, &name) != FL_OK)
        return 0;
    size_t k = strlen(name.key);
    if (k) {
        if (k >= cap)
            return 0;
        memcpy(out, name.key, k + 1);
        return k;
    }
    ssize_t u = fl_unorm_key(p, n, out, cap);
    if (u <= 0) {
        out[0] = '\0';
        return 0;
    }
    return (size_t)u;
}
