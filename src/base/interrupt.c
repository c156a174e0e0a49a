/* interrupt.c - a stop request from SIGINT or SIGTERM; see interrupt.h. */
#include "interrupt.h"

#include <signal.h>
#include <string.h>

static volatile sig_atomic_t caught;

static void on_signal(int sig)
{
    if (caught) {
        /* Asked twice: the user wants out now, whatever is left behind. */
        signal(sig, SIG_DFL);
        raise(sig);
        return;
    }
    caught = sig;
}

int fl_interrupt_install(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    /* No SA_RESTART: a read blocked on a FIFO or a terminal must come back to be told. */
    sa.sa_flags = 0;
    if (sigaction(SIGINT, &sa, NULL) != 0 || sigaction(SIGTERM, &sa, NULL) != 0)
        return -1;
    return 0;
}

int fl_interrupted(void)
{
    return (int)caught;
}

int fl_interrupt_exit_code(void)
{
    return 128 + (caught ? (int)caught : SIGINT);
}

const char *fl_interrupt_name(void)
{
    switch (caught) {
    case SIGINT:
        return "SIGINT";
    case SIGTERM:
        return "SIGTERM";
    default:
        return "a signal";
    }
}

void fl_interrupt_reset(void)
{
    caught = 0;
}
