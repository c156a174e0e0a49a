/* steps.c - the steps of a run, said as they start; see steps.h. */
#include "steps.h"

#include <stdarg.h>
#include <stdio.h>

#include "diag.h"

static bool g_verbose, g_terminal;

void fl_steps_begin(bool verbose, bool on_terminal)
{
    g_verbose = verbose;
    g_terminal = on_terminal && !verbose;
}

bool fl_steps_progress(void)
{
    return g_terminal && !fl_diag_quiet();
}

void fl_step(const char *fmt, ...)
{
    if (!g_verbose && !fl_steps_progress())
        return;
    char text[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    if (g_verbose)
        fl_info("%s", text);
    else
        fl_progress("%s...", text);
}

void fl_steps_end(void)
{
    fl_progress_end();
}
