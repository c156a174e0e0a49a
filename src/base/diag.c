/* diag.c - user-facing messages; see diag.h. */
#include "diag.h"
#include "interrupt.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>

static bool g_quiet;
static atomic_uint g_errors; /* the flags writer thread reports too (scan.c) */

void fl_diag_set_quiet(bool quiet)
{
    g_quiet = quiet;
}

bool fl_diag_quiet(void)
{
    return g_quiet;
}

unsigned fl_diag_error_count(void)
{
    return g_errors;
}

/* va_list form: FL_PRINTF(2, 0) checks the format string (clang -Wformat-nonliteral). */
static FL_PRINTF(2, 0) void emit(const char *prefix, const char *fmt, va_list ap)
{
    flockfile(stderr); /* one message a line, whichever thread writes it */
    fputs("flscan: ", stderr);
    fputs(prefix, stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    funlockfile(stderr);
}

void fl_error(const char *fmt, ...)
{
    va_list ap;
    g_errors++;
    va_start(ap, fmt);
    emit("", fmt, ap);
    va_end(ap);
}

void fl_warn(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    emit("warning: ", fmt, ap);
    va_end(ap);
}

void fl_info(const char *fmt, ...)
{
    va_list ap;
    if (g_quiet)
        return;
    va_start(ap, fmt);
    emit("", fmt, ap);
    va_end(ap);
}

static bool g_progress_shown;

void fl_progress(const char *fmt, ...)
{
    va_list ap;
    if (g_quiet)
        return;
    fputs("\rflscan: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fflush(stderr);
    g_progress_shown = true;
}

void fl_progress_end(void)
{
    if (!g_progress_shown)
        return;
    fputc('\n', stderr);
    fflush(stderr);
    g_progress_shown = false;
}
