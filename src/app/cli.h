/*
 * cli.h - the command line: parsing with getopt_long over the option table (options.h),
 * --config files, and dispatch to the commands (scan, rules, ledger).
 */
#ifndef FL_CLI_H
#define FL_CLI_H

/* Parse argv, run the command, return the process exit code (enum fl_exit). */
int fl_cli_main(int argc, char **argv);

#endif
