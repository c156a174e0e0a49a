/*
 * optdoc.h - what is said about the command line, generated from its tables (options.h):
 * --help, the usage lines, the man page's generated parts and the bash completion.
 *
 * Nothing here is written by hand twice: an option added to the table appears in the help,
 * the usage line, the man page (built by doc/gendoc at build time through scdoc) and the
 * completion. Help text is wrapped to FL_OPTDOC_WIDTH columns.
 */
#ifndef FL_OPTDOC_H
#define FL_OPTDOC_H

#include <stdio.h>

/* The widest line --help prints (a terminal of 80 columns shows it without wrapping). */
#define FL_OPTDOC_WIDTH 79

/*
 * The help of command: "" for flscan's own (the commands, the global options, the exit
 * codes), a command ("scan", "rules list") or a group of them ("rules", "ledger": each of
 * its commands).
 */
void fl_optdoc_help(FILE *fp, const char *command);

/*
 * The usage line of command ("flscan scan [--shipments FILE]... ... [FILE]..."), every option
 * of the table in it, wrapped at FL_OPTDOC_WIDTH with later lines indented under the first
 * option; lead is printed first ("Usage: ", or "" as in README.md's Usage block).
 */
void fl_optdoc_synopsis(FILE *fp, const char *command, const char *lead);

/*
 * The man page in scdoc's format: tmpl (the hand-written text, NUL-terminated) with each
 * line that is one of these directives replaced by the generated text:
 *   @SYNOPSIS@        every command's usage
 *   @COMMANDS@        per command: a subsection with its usage, what it does and its options
 *   @GLOBAL@          the options every command takes (--help, --version)
 *   @PLACES rules@    where the rule set is looked for, in order (locate.h); also "data"
 *   @EXIT@            the exit codes
 * and "@VERSION@" anywhere in a line replaced by the version. Returns 0, or -1 (message
 * printed) for an unknown directive.
 */
int fl_optdoc_man(FILE *out, const char *tmpl);

/* A bash completion script for flscan: its commands, each one's options, the values of
   --fail-on and --map, files and folders where an option or operand takes one. */
void fl_optdoc_bash_completion(FILE *out);

#endif
