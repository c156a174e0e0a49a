/*
 * gendoc.c - build-time generator of what is said about flscan's command line, from the
 * option table (src/app/options.h, optdoc.h):
 *
 *   gendoc man TEMPLATE          the man page's scdoc source: TEMPLATE with its directives
 *                                expanded, on standard output
 *   gendoc bash-completion       the bash completion script, on standard output
 *
 * Exit 0, or 1 with a message (an unreadable template, an unknown directive, bad usage).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "optdoc.h"

static char *slurp(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    char *buf = NULL;
    size_t len = 0, cap = 0;
    for (int c; (c = fgetc(fp)) != EOF;) {
        if (len + 2 > cap) {
            cap = cap ? 2 * cap : 8192;
            char *grown = realloc(buf, cap);
            if (!grown) {
                free(buf);
                fclose(fp);
                return NULL;
            }
            buf = grown;
        }
        buf[len++] = (char)c;
    }
    fclose(fp);
    if (buf)
        buf[len] = '\0';
    return buf ? buf : calloc(1, 1);
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "man") == 0) {
        char *tmpl = slurp(argv[2]);
        if (!tmpl) {
            fprintf(stderr, "gendoc: cannot read '%s'\n", argv[2]);
            return 1;
        }
        int rc = fl_optdoc_man(stdout, tmpl);
        free(tmpl);
        return rc == 0 && fflush(stdout) == 0 ? 0 : 1;
    }
    if (argc == 2 && strcmp(argv[1], "bash-completion") == 0) {
        fl_optdoc_bash_completion(stdout);
        return fflush(stdout) == 0 ? 0 : 1;
    }
    fprintf(stderr, "usage: gendoc man TEMPLATE | gendoc bash-completion\n");
    return 1;
}
