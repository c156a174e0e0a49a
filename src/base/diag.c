/* diag.c - user-facing messages; see diag.h. */
#include "diag.h"
#include "interrupt.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

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

static bool g_progress_shown; /* a progress line is on the terminal: cleared first */

/* Erase the progress line (a terminal's "erase line"), when one is shown. */
static void clear_progress(void)
{
    if (!g_progress_shown)
        return;
    fputs("\r\033[K", stderr);
    g_progress_shown = false;
}

/* va_list form: FL_PRINTF(2, 0) checks the format string (clang -Wformat-nonliteral). */
static FL_PRINTF(2, 0) void emit(const char *prefix, const char *fmt, va_list ap)
{
    flockfile(stderr); /* one message a line, whichever thread writes it */
    clear_progress();
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

/* The terminal's width in columns (80 when it cannot be told). */
static size_t terminal_columns(void)
{
    struct winsize ws;
    if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
        return ws.ws_col;
    return 80;
}

void fl_progress(const char *fmt, ...)
{
    va_list ap;
    if (g_quiet)
        return;
    char text[1024];
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    /* one line, or "\r" would go back to the start of its last row only: cut to the width
       (at a character's first byte) */
    size_t max = terminal_columns() - sizeof "flscan: ", len = strlen(text);
    if (len > max) {
        len = max;
        while (len > 0 && ((unsigned char)text[len] & 0xC0) == 0x80)
            len--;
    }
    flockfile(stderr);
    fprintf(stderr, "\r\033[Kflscan: %.*s", (int)len, text);
    fflush(stderr);
    g_progress_shown = true;
    funlockfile(stderr);
}

void fl_progress_end(void)
{
    flockfile(stderr);
    clear_progress();
    fflush(stderr);
    funlockfile(stderr);
}
