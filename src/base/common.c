/* common.c - the version, and statuses in words and as exit codes; see common.h. */
#include "common.h"
#include "interrupt.h"

#ifndef FLSCAN_VERSION_STRING
#error "FLSCAN_VERSION_STRING comes from CMake's project(VERSION)"
#endif

const char *fl_version(void)
{
    return FLSCAN_VERSION_STRING;
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
        return FL_EXIT_OUTPUT;
    case FL_ERR_NOMEM:
        return FL_EXIT_NOMEM;
    case FL_ERR_BUSY:
        return FL_EXIT_BUSY;
    case FL_ERR_INTERRUPTED:
        return fl_interrupt_exit_code();
    }
    return FL_EXIT_OUTPUT;
}
