/* diag.c - user-facing messages; see diag.h. */
#include "diag.h"
#include "interrupt.h"

#include <stdarg.h>
#include <stdio.h>

static bool g_quiet;
static unsigned g_errors;

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
    fputs("flscan: ", stderr);
    fputs(prefix, stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
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

const char *fl_status_str(fl_status st)
{
    switch (st) {
    case FL_OK:
        return "ok";
    case FL_ERR_USAGE:
        return "usage error";
    case FL_ERR_INPUT:
        return "input error";
    case FL_ERR_RULES:
        return "rules error";
    case FL_ERR_OUTPUT:
        return "output error";
    case FL_ERR_NOMEM:
        return "out of memory";
    case FL_ERR_BUSY:
        return "ledger in use";
    case FL_ERR_INTERRUPTED:
        return "interrupted";
    }
    return "unknown error";
}

int fl_status_exit(fl_status st)
{
    switch (st) {
    case FL_OK:
        return FL_EXIT_OK;
    case FL_ERR_USAGE:
        return FL_EXIT_USAGE;
    case FL_ERR_INPUT:
        return FL_EXIT_INPUT;
    case FL_ERR_RULES:
        return FL_EXIT_RULES;
    case FL_ERR_OUTPUT:
    case FL_ERR_NOMEM:
        return FL_EXIT_OUTPUT;
    case FL_ERR_BUSY:
        return FL_EXIT_BUSY;
    case FL_ERR_INTERRUPTED:
        return fl_interrupt_exit_code();
    }
    return FL_EXIT_OUTPUT;
}
