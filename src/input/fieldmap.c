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

/* --map: each named header must exist. */
static fl_status apply_overrides(const char *path, const fl_slice *headers, size_t n,
                                 const fl_fieldmap_in *in, const char *listed, bool *taken,
                                 fl_fieldmap *out)
{
    char key[128], want[128];
    for (size_t o = 0; o < in->n_ov; o++) {
        const fl_map_override *ov = &in->ov[o];
        fl_header_fold(ov->header, strlen(ov->header), want, sizeof want);
        int found = -1;
        for (size_t c = 0; c < n && found < 0; c++) {
            fl_header_fold(headers[c].ptr, headers[c].len, key, sizeof key);
            if (strcmp(key, want) == 0)
                found = (int)c;
        }
        if (found < 0) {
            fl_error("%s: --map %s='%s': no such column; the header has %s", path,
                     fl_field_name(ov->field), ov->header, listed);
            return FL_ERR_INPUT;
        }
        out->col[ov->field] = found;
        taken[found] = true;
    }
    return FL_OK;
}

/* The column whose folded header is key and is not taken, or -1. */
static int find_folded(const fl_slice *headers, size_t n, const char *key, const bool *taken)
{
    char h[128];
    for (size_t c = 0; c < n; c++) {
        if (taken[c])
            continue;
        fl_header_fold(headers[c].ptr, headers[c].len, h, sizeof h);
        if (strcmp(h, key) == 0)
            return (int)c;
    }
    return -1;
}

/* The profile's headers, in its order, for the fields --map left. */
static void apply_profile(const fl_vendor *v, const fl_slice *headers, size_t n, bool *taken,
                          fl_fieldmap *out)
{
    bool parts_open = out->col[FL_F_SHIPPER_ADDRESS] < 0;
    bool by_profile[FL_F_COUNT] = {false};
    for (size_t i = 0; i < v->n_headers; i++) {
        const fl_vendor_header *h = &v->headers[i];
        if (h->cell == FL_CELL_ADDRESS_PART) {
            if (!parts_open || out->n_addr_parts == FL_MAP_ADDR_PARTS)
                continue;
            int c = find_folded(headers, n, h->folded, taken);
            if (c < 0)
                continue;
            out->addr_part[out->n_addr_parts++] = c;
            taken[c] = true;
            continue;
        }
        if (h->field == FL_F_SHIPPER_ADDRESS && out->n_addr_parts)
            continue; /* the parts listed first won */
        bool second = out->col[h->field] >= 0;
        if (second && (!by_profile[h->field] || out->has_alt[h->field]))
            continue; /* --map named it; or it has its second column already */
        int c = find_folded(headers, n, h->folded, taken);
        if (c < 0)
            continue;
        if (second) {
            out->has_alt[h->field] = true;
            out->alt_col[h->field] = c;
            out->alt_cell[h->field] = h->cell;
        } else {
            out->col[h->field] = c;
            out->cell[h->field] = h->cell;
            by_profile[h->field] = true;
        }
        taken[c] = true;
    }
    if (out->n_addr_parts && out->col[FL_F_SHIPPER_ADDRESS] < 0)
        out->col[FL_F_SHIPPER_ADDRESS] = out->addr_part[0];
    if (out->n_addr_parts < 2)
        out->n_addr_parts = 0; /* one part is just the column */
}

/* ---- columns left unused that look like a field ---- */

/* The lower-case words of a header: "Shipper (Original Format)" -> shipper, original,
   format; "shipperCountry" -> shipper, country. */
static size_t header_words(fl_slice h, char words[][24], size_t max)
{
    size_t n = 0, len = 0;
    for (size_t i = 0; i <= h.len && n < max; i++) {
        unsigned char c = i < h.len ? (unsigned char)h.ptr[i] : ' ';
        bool camel = i > 0 && isupper(c) && islower((unsigned char)h.ptr[i - 1]);
        if ((!isalnum(c) || camel) && len) {
            words[n++][len] = '\0';
            len = 0;
        }
        if (isalnum(c) && n < max && len + 1 < 24)
            words[n][len++] = (char)tolower(c);
    }
    return n;
}

static bool has_word(char words[][24], size_t n, const char *const *list)
{
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; list[k]; k++)
            if (strcmp(words[i], list[k]) == 0)
                return true;
    return false;
}

/* The field an unused header looks like, or FL_F_COUNT. */
static fl_field looks_like(fl_slice h)
{
    static const char *const origin[] = {"origin", "country", "coo", NULL};
    static const char *const elsewhere[] = {"destination", "consignee", "importer", "notify",
                                            "buyer", "discharge", "unlading", NULL};
    static const char *const shipper[] = {"shipper", "exporter", "supplier", "seller",
                                          "manufacturer", "vendor", "consignor", NULL};
    static const char *const importer[] = {"consignee", "importer", "buyer", "purchaser", NULL};
    static const char *const detail[] = {
        "address", "addr", "city", "state", "region", "country", "zip", "postal", "phone",
        "tel", "email", "fax", "website", "id", "code", "number", "no", "sic", "duns",
        "profile", "industry", "revenue", "employees", "capitalization", "hq", "parent",
        "tickers", "roles", "year", "key", "spciq", "contact", NULL};
    static const char *const hs[] = {"hs", "hts", "htsus", "harmonized", "harmonised", "tariff",
                                     "hscode", "htscode", "ncm", NULL};
    char w[12][24];
    size_t n = header_words(h, w, 12);
    if (has_word(w, n, hs))
        return FL_F_HS;
    if (has_word(w, n, origin) && !has_word(w, n, elsewhere) && !has_word(w, n, shipper))
        return FL_F_ORIGIN;
    if (has_word(w, n, detail))
        return FL_F_COUNT;
    if (has_word(w, n, shipper))
        return FL_F_SHIPPER;
    if (has_word(w, n, importer))
        return FL_F_IMPORTER;
    return FL_F_COUNT;
}

static void warn_unused(const char *path, const fl_slice *headers, size_t n, const bool *taken,
                        const fl_fieldmap *out)
{
    static const char *const what[FL_F_COUNT] = {
        [FL_F_ORIGIN] = "the country of origin", [FL_F_SHIPPER] = "the shipper",
        [FL_F_IMPORTER] = "the importer", [FL_F_HS] = "an HS code"};
    for (size_t c = 0; c < n; c++) {
        if (taken[c])
            continue;
        fl_field f = looks_like(headers[c]);
        if (f == FL_F_COUNT || out->col[f] >= 0)
            continue;
        int len = (int)(headers[c].len > 60 ? 60 : headers[c].len);
        fl_warn("%s: column '%.*s' looks like %s but is not used; to use it give --map "
                "%s='%.*s'",
                path, len, headers[c].ptr, what[f], fl_field_name(f), len, headers[c].ptr);
    }
}

static fl_status check_required(const char *path, const fl_fieldmap_in *in, const char *listed,
                                const fl_fieldmap *out)
{
    const char *missing = NULL;
    if (out->col[FL_F_HS] < 0 && out->col[FL_F_DESCRIPTION] < 0)
        missing = "an HS code or product description column (e.g. 'HS Code', 'Product "
                  "Description')";
    else if (out->col[FL_F_ORIGIN] < 0 && out->col[FL_F_SHIPPER_ADDRESS] < 0 &&
             out->col[FL_F_PORT] < 0 && out->cell[FL_F_SHIPPER] != FL_CELL_NAME_ADDRESS)
        missing = "a country of origin, shipper address or port of lading column (e.g. "
                  "'Country of Origin')";
    else if (in->need_date && out->col[FL_F_DATE] < 0)
        missing = "a date column (e.g. 'Arrival Date'), or give --as-of";
    if (!missing)
        return FL_OK;
    const fl_vendor *v = out->vendor;
    char extra[600] = "";
    if (v)
        snprintf(extra, sizeof extra, " (vendor profile %s%s%s)", v->name, v->hint ? ": " : "",
                 v->hint ? v->hint : "");
    fl_error("%s: missing %s; the header has %s; name a column with --map FIELD=HEADER%s", path,
             missing, listed, extra);
    return FL_ERR_INPUT;
}

fl_status fl_fieldmap_build_in(const char *path, const fl_slice *headers, size_t n,
                               const fl_fieldmap_in *in, fl_fieldmap *out)
{
    char listed[1024];
    memset(out, 0, sizeof *out);
    for (int f = 0; f < FL_F_COUNT; f++)
        out->col[f] = -1;
    out->n_cols = n;
    out->date_order = in->date_order;
    fl_header_list(headers, n, listed, sizeof listed);
    if (in->vendor) {
        out->vendor = fl_vendor_find(in->vendors, in->vendor);
        out->vendor_forced = true;
        if (!out->vendor) {
            char names[512];
            fl_vendor_names(in->vendors, names, sizeof names);
            fl_error("--vendor '%s': no such vendor profile; the profiles are: %s", in->vendor,
                     names[0] ? names : "(none)");
            return FL_ERR_USAGE;
        }
    } else {
        out->vendor = fl_vendor_detect(in->vendors, headers, n);
    }
    bool *taken = calloc(n ? n : 1, sizeof *taken);
    if (!taken)
        return FL_ERR_NOMEM;
    fl_status st = apply_overrides(path, headers, n, in, listed, taken, out);
    if (st == FL_OK && out->vendor) {
        apply_profile(out->vendor, headers, n, taken, out);
        if (out->vendor->date_order != FL_DATE_ORDER_AUTO)
            out->date_order = out->vendor->date_order;
        out->hs_inferred = out->vendor->hs_inferred;
    }
    for (int f = 0; st == FL_OK && f < FL_F_COUNT; f++) {
        if (out->col[f] >= 0)
            continue;
        out->col[f] = fl_header_find(headers, n, aliases[f], 14, taken);
        if (out->col[f] >= 0)
            taken[out->col[f]] = true;
    }
    if (st == FL_OK) {
        warn_unused(path, headers, n, taken, out);
        st = check_required(path, in, listed, out);
    }
    free(taken);
    return st;
}

fl_status fl_fieldmap_build(const char *path, const fl_slice *headers, size_t n,
                            const fl_map_override *ov, size_t n_ov, bool need_date,
                            fl_fieldmap *out)
{
    fl_fieldmap_in in = {ov, n_ov, need_date, NULL, NULL, FL_DATE_ORDER_AUTO};
    return fl_fieldmap_build_in(path, headers, n, &in, out);
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
