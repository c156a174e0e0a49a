/*
 * cli.h - the command line: options as data, --help generated from them, dispatch.
 */
#ifndef FL_CLI_H
#define FL_CLI_H

/* Parse argv, run the command, return the process exit code (enum fl_exit). */
int fl_cli_main(int argc, char **argv);

/* One documented option, for --help and for the test that the README lists every option. */
typedef struct fl_cli_option {
    const char *command; /* "scan", "rules check", "rules list", "" for global */
    const char *name;    /* long name without dashes */
    const char *arg;     /* argument placeholder, NULL for a switch */
    const char *help;
} fl_cli_option;

/* The option table; *n receives its length. */
const fl_cli_option *fl_cli_options(unsigned *n);

#endif
