/*
 * refdata_fixture.h - the real reference data, loaded as a scan loads it (refdata.h), for
 * the tests of the judge stage. Define REFDATA_RULES (a folder under the source tree, e.g.
 * "/tests/e2e/rules") before including; include after cmocka.h. C, G, P and R name the
 * countries, gazetteer, ports and rules.
 */
#ifndef FL_TEST_REFDATA_FIXTURE_H
#define FL_TEST_REFDATA_FIXTURE_H

#include "refdata.h"

static fl_refdata REF;
#define C (REF.countries)
#define G (REF.gazetteer)
#define P (REF.ports)
#define R (REF.rules)

static int setup(void **state)
{
    (void)state;
    fl_refdata_dirs dirs = {FLSCAN_ISO_CODES_DIR, FLSCAN_SOURCE_DIR "/datasets",
                            FLSCAN_SOURCE_DIR REFDATA_RULES};
    fl_entity_opts eopts = FL_ENTITY_OPTS_DEFAULT;
    return fl_refdata_load_screening(&dirs, &eopts, &REF) == FL_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    fl_refdata_free(&REF);
    return 0;
}

#endif
