/*
 * fuzz_listsrc.c - libFuzzer target for the official list readers (listsrc.h): the first
 * byte picks the format (modulo the number of formats), the rest is the export's bytes,
 * read with fl_list_read_mem() against the real country table.
 *
 * Checked besides memory safety: the status is OK, a rules error (bad rows) or out of
 * memory; an OK read of a goods list has a good and a country code for every entry, one of an
 * entity list a non-empty name; every string is NUL-terminated within the arena; dates are
 * real, a period's first day is not after its last; the newest date is one the file shows;
 * reading the same bytes again gives the same entries (the readers keep no state).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "country.h"
#include "listsrc.h"

static fl_countries *countries;

static bool real(fl_date d)
{
    return fl_date_valid(d / 10000, d / 100 % 100, d % 100);
}

static void check_period(fl_pdate p)
{
    if (!p.from && !p.to)
        return;
    if (!real(p.from) || !real(p.to) || p.from > p.to)
        abort();
}

static void check(const fl_list *l, fl_list_format fmt)
{
    fl_list_kind k = l->kind;
    fl_date newest = 0;
    for (size_t i = 0; i < l->n; i++) {
        const fl_list_entry *e = &l->v[i];
        if (!e->country_text || (e->cc[0] && strlen(e->cc) != 2))
            abort();
        if (k == FL_LK_TVPRA || k == FL_LK_EO13126) {
            if (!e->good || !*e->good || !e->cc[0])
                abort();
            if (fmt != FL_LF_REF_TVPRA && !e->labor)
                abort();
        } else if (!e->area && (!e->n_names || !e->names[0] || !*e->names[0])) {
            abort();
        }
        for (size_t a = 0; a < e->n_aliases; a++)
            if (!e->aliases[a])
                abort();
        for (size_t u = 0; u < e->n_urls; u++)
            if (strncmp(e->urls[u], "http", 4) != 0)
                abort();
        check_period(e->listed);
        check_period(e->end);
        if (e->listed.to > newest)
            newest = e->listed.to;
    }
    if (l->newest && !real(l->newest))
        abort();
    if (fmt != FL_LF_FTM && newest > l->newest)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!countries && fl_countries_load(FLSCAN_ISO_CODES_DIR "/iso_3166-1.json",
                                        FLSCAN_SOURCE_DIR "/datasets/country_aliases.csv",
                                        &countries) != FL_OK)
        abort();
    if (size < 1)
        return 0;
    fl_list_format fmt = (fl_list_format)(data[0] % FL_LF_COUNT);
    fl_list a, b;
    fl_status st = fl_list_read_mem((const char *)data + 1, size - 1, "fuzz", fmt, countries, &a);
    if (st != FL_OK && st != FL_ERR_RULES && st != FL_ERR_INPUT && st != FL_ERR_NOMEM)
        abort();
    if (st == FL_OK) {
        check(&a, fmt);
        if (fl_list_read_mem((const char *)data + 1, size - 1, "fuzz", fmt, countries, &b) != FL_OK ||
            b.n != a.n)
            abort();
        for (size_t i = 0; i < a.n; i++)
            if (a.v[i].n_names != b.v[i].n_names || a.v[i].listed.from != b.v[i].listed.from ||
                a.v[i].labor != b.v[i].labor)
                abort();
        fl_list_free(&b);
    }
    fl_list_free(&a);
    return 0;
}
