/* ledgercmd.c - ledger check / ledger backup; see ledgercmd.h. */
#include "ledgercmd.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "diag.h"
#include "interrupt.h"
#include "ledger.h"

/* "10 pages of 4096 bytes (40 KiB)" */
static void print_size(const fl_ledger_health *h)
{
    printf("%" PRId64 " page%s of %" PRId64 " bytes", h->pages, h->pages == 1 ? "" : "s",
           h->page_size);
}

static void print_last_run(const fl_ledger_health *h)
{
    if (!h->last_run) {
        printf("  last run:  none\n");
        return;
    }
    printf("  last run:  %" PRId64 " of %s, started %s: exit %d, %" PRIu64 " records, %" PRIu64
           " flags\n",
           h->last_run, h->last_run_date, h->last_stamp, h->last_exit, h->last_records,
           h->last_flags);
}

int fl_ledgercmd_check(const fl_ledgercmd_opts *o)
{
    fl_ledger_health h;
    fl_status st = fl_ledger_check(o->ledger, &h);
    /* Under --quiet a healthy ledger says nothing; a sick one is explained in any case. */
    if (st == FL_ERR_BUSY || st == FL_ERR_NOMEM || (o->quiet && st == FL_OK))
        return fl_status_exit(st);
    if (!h.pages && st != FL_OK)
        return fl_status_exit(st);
    printf("ledger %s\n", o->ledger);
    printf("  integrity: ");
    if (h.problems)
        printf("FAILED, %u problem%s; the first: %s\n", h.problems, h.problems == 1 ? "" : "s",
               h.first_problem);
    else {
        printf("ok (integrity_check and foreign_key_check over ");
        print_size(&h);
        printf(")\n");
    }
    if (h.rolled_back)
        printf("  journal:   a run stopped mid-way (killed) was rolled back\n");
    if (h.schema)
        printf("  schema:    version %d (this flscan reads up to %d)\n", h.schema,
               FL_LEDGER_SCHEMA);
    if (st == FL_OK) {
        printf("  runs:      %" PRId64 "\n", h.runs);
        print_last_run(&h);
        printf("  lock:      taken for the check: no run was using the ledger\n");
        printf("ok\n");
    }
    return fl_status_exit(st);
}

int fl_ledgercmd_backup(const fl_ledgercmd_opts *o)
{
    /* SIGINT and SIGTERM stop the copy between two steps; the temporary file goes. */
    if (fl_interrupt_install() != 0)
        fl_warn("cannot catch SIGINT and SIGTERM: %s", strerror(errno));
    fl_ledger_health h;
    fl_status st = fl_ledger_backup(o->ledger, o->backup, &h);
    if (st == FL_ERR_INTERRUPTED) {
        fl_error("interrupted by %s: no backup was written", fl_interrupt_name());
        return fl_interrupt_exit_code();
    }
    if (st != FL_OK)
        return fl_status_exit(st);
    if (!o->quiet) {
        printf("backup %s of ledger %s: ", o->backup, o->ledger);
        print_size(&h);
        printf(", %" PRId64 " run%s", h.runs, h.runs == 1 ? "" : "s");
        if (h.last_run)
            printf(" (the last: %" PRId64 " of %s)", h.last_run, h.last_run_date);
        printf(", integrity ok\n");
    }
    return FL_EXIT_OK;
}
