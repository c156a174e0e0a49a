/* fieldmap.c - header auto-mapping; see fieldmap.h. */
#include "fieldmap.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "digest.h"

/* Known header names per field, folded (letters and digits only, lower case), best first. */
static const char *const aliases[FL_F_COUNT][14] = {
    [FL_F_RECORD_ID] = {"recordid", "bolnumber", "billofladingnumber", "billoflading", "bol",
                        "blnumber", "masterbolnumber", "housebolnumber", "shipmentid", "id"},
    [FL_F_DATE] = {"arrivaldate", "shipmentdate", "date", "actualarrivaldate", "estimatedarrivaldate",
                   "departuredate", "importdate", "entrydate"},
    [FL_F_IMPORTER] = {"importer", "consignee", "consigneename", "importername", "buyer"},
    [FL_F_SHIPPER] = {"shipper", "shippername", "exporter", "exportername", "supplier",
                      "suppliername", "manufacturer", "seller"},
    [FL_F_SHIPPER_ADDRESS] = {"shipperaddress", "supplieraddress", "exporteraddress",
                              "manufactureraddress", "shipperfulladdress"},
    [FL_F_ORIGIN] = {"origincountry", "countryoforigin", "origin", "country",
                     "shippercountry", "countryoforigincode"},
    [FL_F_PORT] = {"foreignportoflading", "portoflading", "portofloading", "loadingport",
                   "foreignport"},
    [FL_F_HS] = {"hscode", "hs", "hts", "htscode", "harmonizedcode", "htsus", "hsnumber",
                 "harmonizedtariffcode", "tariffcode"},
    [FL_F_DESCRIPTION] = {"productdescription", "goodsshipped", "description",
                          "goodsdescription", "commoditydescription", "cargodescription",
                          "product"},
    [FL_F_QUANTITY] = {"quantity", "qty", "units"},
    [FL_F_WEIGHT] = {"weightkg", "weight", "grossweightkg", "grossweight"},
    [FL_F_VALUE] = {"valueusd", "value", "declaredvalue", "customsvalue", "estimatedvalueusd"},
    [FL_F_SUPPLIER_ID] = {"supplierid", "shipperid", "exporterid", "vendorid", "suppliercode",
                          "suppliernumber", "vendorcode", "vendornumber"},
};

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

bool fl_map_override_parse(const char *arg, fl_map_override *out)
{
    const char *eq = strchr(arg, '=');
    if (!eq || eq == arg || !eq[1]) {
        fl_error("--map '%s': expected FIELD=HEADER, e.g. --map origin='Ctry of Origin'", arg);
        return false;
    }
    char name[32];
    size_t n = (size_t)(eq - arg);
    if (n >= sizeof name)
        n = sizeof name - 1;
    memcpy(name, arg, n);
    name[n] = '\0';
    fl_field f = fl_field_by_name(name);
    if (f == FL_F_COUNT) {
        fl_error("--map '%s': unknown field '%s'; fields are record_id, date, importer, shipper, "
                 "shipper_address, origin, port_of_lading, hs_code, description, quantity, "
                 "weight, value, supplier_id",
                 arg, name);
        return false;
    }
    out->field = f;
    out->header = eq + 1;
    return true;
}

void fl_header_list(const fl_slice *h, size_t n, char *out, size_t cap)
{
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n && used + 8 < cap; i++) {
        int w = snprintf(out + used, cap - used, "%s'%.*s'", i ? ", " : "",
                         (int)(h[i].len > 60 ? 60 : h[i].len), h[i].ptr);
        if (w < 0)
            break;
        used += (size_t)w;
        if (used >= cap)
            used = cap - 1;
    }
}

int fl_header_find(const fl_slice *headers, size_t n, const char *const *names, size_t n_names,
                   const bool *taken)
{
    char key[128];
    for (size_t a = 0; a < n_names && names[a]; a++) {
        for (size_t c = 0; c < n; c++) {
            if (taken && taken[c])
                continue;
            fl_header_fold(headers[c].ptr, headers[c].len, key, sizeof key);
            if (strcmp(key, names[a]) == 0)
                return (int)c;
        }
    }
    return -1;
}

fl_status fl_fieldmap_build(const char *path, const fl_slice *headers, size_t n,
                            const fl_map_override *ov, size_t n_ov, bool need_date,
                            fl_fieldmap *out)
{
    char listed[1024];
    char key[128], want[128];
    bool *taken = calloc(n ? n : 1, sizeof *taken);
    if (!taken)
        return FL_ERR_NOMEM;
    for (int f = 0; f < FL_F_COUNT; f++)
        out->col[f] = -1;
    out->n_cols = n;
    fl_header_list(headers, n, listed, sizeof listed);

    for (size_t o = 0; o < n_ov; o++) {
        fl_header_fold(ov[o].header, strlen(ov[o].header), want, sizeof want);
        int found = -1;
        for (size_t c = 0; c < n && found < 0; c++) {
            fl_header_fold(headers[c].ptr, headers[c].len, key, sizeof key);
            if (strcmp(key, want) == 0)
                found = (int)c;
        }
        if (found < 0) {
            fl_error("%s: --map %s='%s': no such column; the header has %s", path,
                     fl_field_name(ov[o].field), ov[o].header, listed);
            free(taken);
            return FL_ERR_INPUT;
        }
        out->col[ov[o].field] = found;
        taken[found] = true;
    }
    for (int f = 0; f < FL_F_COUNT; f++) {
        if (out->col[f] >= 0)
            continue;
        out->col[f] = fl_header_find(headers, n, aliases[f], 14, taken);
        if (out->col[f] >= 0)
            taken[out->col[f]] = true;
    }
    free(taken);

    const char *missing = NULL;
    if (out->col[FL_F_HS] < 0 && out->col[FL_F_DESCRIPTION] < 0)
        missing = "an HS code or product description column (e.g. 'HS Code', 'Product "
                  "Description')";
    else if (out->col[FL_F_ORIGIN] < 0 && out->col[FL_F_SHIPPER_ADDRESS] < 0 &&
             out->col[FL_F_PORT] < 0)
        missing = "a country of origin, shipper address or port of lading column (e.g. "
                  "'Country of Origin')";
    else if (need_date && out->col[FL_F_DATE] < 0)
        missing = "a date column (e.g. 'Arrival Date'), or give --as-of";
    if (missing) {
        fl_error("%s: missing %s; the header has %s; name a column with --map FIELD=HEADER",
                 path, missing, listed);
        return FL_ERR_INPUT;
    }
    return FL_OK;
}

fl_status fl_header_map(const char *path, const fl_slice *headers, size_t n,
                        const char *const *names_by_col, size_t stride, const char *const *names,
                        size_t n_cols, size_t n_required, int *col)
{
    bool *taken = calloc(n ? n : 1, sizeof *taken);
    if (!taken)
        return FL_ERR_NOMEM;
    for (size_t c = 0; c < n_cols; c++) {
        col[c] = fl_header_find(headers, n, names_by_col + c * stride, stride, taken);
        if (col[c] >= 0)
            taken[col[c]] = true;
    }
    free(taken);
    for (size_t c = 0; c < n_required; c++) {
        if (col[c] >= 0)
            continue;
        char listed[1024];
        fl_header_list(headers, n, listed, sizeof listed);
        fl_error("%s: missing the %s column (e.g. '%s'); the header has %s", path, names[c],
                 names[c], listed);
        return FL_ERR_INPUT;
    }
    return FL_OK;
}

typedef struct mapped_ctx {
    const char *path;
    fl_mapped *m;
    fl_mapped_row_fn on_row;
    void *ctx;
    fl_sha256 *hash;
    bool have_header;
    fl_status st;
} mapped_ctx;

static void mapped_bytes(const void *data, size_t len, void *p)
{
    mapped_ctx *x = p;
    fl_sha256_update(x->hash, data, len);
    x->m->file.bytes += len;
}

static int mapped_row(const fl_csv_row *row, void *p)
{
    mapped_ctx *x = p;
    if (!x->have_header) {
        x->have_header = true;
        if (row->error) {
            fl_error("%s:%llu: cannot read the header: %s", x->path, (unsigned long long)row->line,
                     row->error);
            x->st = FL_ERR_INPUT;
            return 1;
        }
        x->m->n_header = row->n_fields;
        x->st = fl_header_map(x->path, row->fields, row->n_fields, x->m->aliases, x->m->stride,
                              x->m->names, x->m->n_cols, x->m->n_required, x->m->col);
        return x->st != FL_OK;
    }
    x->st = x->on_row(row, x->ctx);
    return x->st != FL_OK;
}

fl_status fl_mapped_read(const char *path, fl_mapped *m, fl_mapped_row_fn on_row, void *ctx)
{
    mapped_ctx x = {path, m, on_row, ctx, fl_sha256_new(), false, FL_OK};
    if (!x.hash)
        return FL_ERR_NOMEM;
    m->file.path = path;
    m->file.bytes = 0;
    m->n_header = 0;
    fl_status st = fl_csv_read(path, NULL, mapped_row, mapped_bytes, &x, NULL);
    if (st == FL_OK)
        st = x.st;
    if (st == FL_OK && !x.have_header) {
        fl_error("%s: empty file: expected a header with %s", path, m->empty_hint);
        st = FL_ERR_INPUT;
    }
    fl_sha256_hex(x.hash, m->file.sha256);
    fl_sha256_free(x.hash);
    return st;
}
