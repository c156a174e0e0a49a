/* outnames.c - standard output and extensions of the outputs; see outnames.h. */
#include "outnames.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "diag.h"

bool fl_outnames_stdout(const fl_out_name *outs, size_t n, bool stdout_is_tty, bool *taken)
{
    const fl_out_name *first = NULL;
    *taken = false;
    for (size_t i = 0; i < n; i++) {
        if (!outs[i].path || strcmp(outs[i].path, "-") != 0)
            continue;
        if (first) {
            fl_error("%s - and %s - both write to standard output; give one of them a file "
                     "name",
                     first->option, outs[i].option);
            return false;
        }
        if (outs[i].format == FL_OUT_XLSX && stdout_is_tty) {
            fl_error("%s -: standard output is a terminal, and a workbook is binary; redirect "
                     "it (> report.xlsx) or give a file name",
                     outs[i].option);
            return false;
        }
        first = &outs[i];
    }
    *taken = first != NULL;
    return true;
}

/* The extensions each format is written under, and what to say of another. */
static const struct {
    const char *exts[3];
    const char *what;
} formats[] = {
    [FL_OUT_XLSX] = {{"xlsx", NULL, NULL}, "an Excel workbook (.xlsx)"},
    [FL_OUT_CSV] = {{"csv", "txt", NULL}, "CSV (.csv)"},
    [FL_OUT_JSONL] = {{"jsonl", "ndjson", "jsonlines"}, "JSON Lines, one object a line (.jsonl)"},
    [FL_OUT_JSON] = {{"json", NULL, NULL}, "one JSON object (.json)"},
};

/* The option that writes files of this extension, for the hint; NULL when none. */
static const char *option_for(const char *ext, const fl_out_name *outs, size_t n)
{
    static const char *const names[] = {"--out", "--flags-csv", "--flags-jsonl", "--summary-json"};
    for (size_t f = 0; f < sizeof formats / sizeof *formats; f++)
        for (size_t k = 0; k < 3 && formats[f].exts[k]; k++)
            if (strcasecmp(ext, formats[f].exts[k]) == 0) {
                for (size_t i = 0; i < n; i++)
                    if (outs[i].format == (fl_out_format)f)
                        return outs[i].option;
                return names[f];
            }
    return NULL;
}

void fl_outnames_warn_extensions(const fl_out_name *outs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const char *path = outs[i].path;
        if (!path || strcmp(path, "-") == 0)
            continue;
        const char *base = strrchr(path, '/');
        base = base ? base + 1 : path;
        const char *dot = strrchr(base, '.');
        if (!dot || dot == base || !dot[1])
            continue;
        const char *ext = dot + 1;
        bool ok = false;
        for (size_t k = 0; k < 3 && formats[outs[i].format].exts[k] && !ok; k++)
            ok = strcasecmp(ext, formats[outs[i].format].exts[k]) == 0;
        if (ok)
            continue;
        const char *meant = option_for(ext, outs, n);
        if (meant && strcmp(meant, outs[i].option) != 0)
            fl_warn("%s '%s' is written as %s whatever its name; for a .%s file, did you mean "
                    "%s?",
                    outs[i].option, path, formats[outs[i].format].what, ext, meant);
        else
            fl_warn("%s '%s' is written as %s whatever its name", outs[i].option, path,
                    formats[outs[i].format].what);
    }
}
