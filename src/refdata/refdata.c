/* refdata.c - the reference data, loaded once; see refdata.h. */
#include "refdata.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *fl_path_join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", dir, name);
    return p;
}

fl_status fl_refdata_load(const fl_refdata_dirs *dirs, unsigned parts, fl_refdata *out)
{
    memset(out, 0, sizeof *out);
    char *iso = fl_path_join(dirs->iso_dir, "iso_3166-1.json");
    char *aliases = fl_path_join(dirs->data_dir, "country_aliases.csv");
    char *names = fl_path_join(dirs->data_dir, "names");
    fl_status st = FL_ERR_NOMEM;
    if (iso && aliases && names)
        st = fl_countries_load(iso, aliases, &out->countries);
    if (st == FL_OK)
        st = fl_rules_load(dirs->rules_dir, out->countries, &out->rules);
    if (st == FL_OK && (parts & FL_REFDATA_NAMES))
        st = fl_nametab_load(names, &out->names);
    free(iso);
    free(aliases);
    free(names);
    return st;
}

static fl_status load_places(const fl_refdata_dirs *dirs, fl_refdata *out)
{
    char *regions = fl_path_join(dirs->data_dir, "regions.csv");
    char *iso2 = fl_path_join(dirs->iso_dir, "iso_3166-2.json");
    char *ports = fl_path_join(dirs->data_dir, "ports.csv");
    char *subs = fl_path_join(dirs->data_dir, "subdivision_aliases.csv");
    fl_status st = FL_ERR_NOMEM;
    if (regions && iso2 && ports && subs)
        st = fl_gazetteer_load(regions, "regions.csv", iso2, &out->gazetteer);
    if (st == FL_OK)
        st = fl_countries_load_subdivisions(out->countries, iso2, subs);
    if (st == FL_OK)
        st = fl_ports_load(ports, "ports.csv", out->countries, &out->ports);
    char *vendors = st == FL_OK ? fl_path_join(dirs->data_dir, "vendors") : NULL;
    if (st == FL_OK)
        st = vendors ? fl_vendors_load(vendors, "vendors", &out->vendors) : FL_ERR_NOMEM;
    free(vendors);
    free(regions);
    free(iso2);
    free(ports);
    free(subs);
    return st;
}

fl_status fl_refdata_load_screening(const fl_refdata_dirs *dirs, const fl_entity_opts *eopts,
                                    fl_refdata *out)
{
    fl_status st = fl_refdata_load(dirs, FL_REFDATA_NAMES, out);
    if (st == FL_OK)
        st = load_places(dirs, out);
    if (st == FL_OK) {
        /* the gazetteer places qualifiers of listed names ("(Shanshan)") in their region */
        fl_entity_opts o = FL_ENTITY_OPTS_DEFAULT;
        if (eopts)
            o = *eopts;
        o.places = out->gazetteer;
        st = fl_entity_index_new(out->rules, out->names, &o, &out->entities);
    }
    return st;
}

void fl_refdata_free(fl_refdata *r)
{
    if (!r)
        return;
    fl_vendors_free(r->vendors);
    fl_entity_index_free(r->entities);
    fl_ports_free(r->ports);
    fl_gazetteer_free(r->gazetteer);
    fl_nametab_free(r->names);
    fl_ruleset_free(r->rules);
    fl_countries_free(r->countries);
    memset(r, 0, sizeof *r);
}
