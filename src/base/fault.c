/* fault.c - FLSCAN_FAULT, for tests; see fault.h. */
#include "fault.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct {
    bool read;
    unsigned long publish_at, rename_at; /* 0: never */
    bool commit;
    unsigned long steps, renames;
} fault;

static unsigned long number_after(const char *spec, const char *prefix)
{
    size_t n = strlen(prefix);
    return strncmp(spec, prefix, n) == 0 ? strtoul(spec + n, NULL, 10) : 0;
}

static void read_env(void)
{
    if (fault.read)
        return;
    fault.read = true;
    const char *spec = getenv("FLSCAN_FAULT");
    if (!spec || !*spec)
        return;
    fault.publish_at = number_after(spec, "publish:");
    fault.rename_at = number_after(spec, "rename:");
    fault.commit = strcmp(spec, "commit") == 0;
}

void fl_fault_step(void)
{
    read_env();
    if (fault.publish_at && ++fault.steps == fault.publish_at)
        _exit(FL_FAULT_EXIT);
}

bool fl_fault_rename(void)
{
    read_env();
    return fault.rename_at && ++fault.renames == fault.rename_at;
}

bool fl_fault_commit(void)
{
    read_env();
    return fault.commit;
}
