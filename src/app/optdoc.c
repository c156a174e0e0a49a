/* optdoc.c - help, usage, man page and completion from the option tables; see optdoc.h. */
#include "optdoc.h"

#include <stdbool.h>
#include <string.h>

#include "common.h"
#include "diag.h"
#include "fields.h"
#include "locate.h"
#include "options.h"
#include "vocab.h"

#define HELP_COL 30 /* where an option's or a command's help starts */
#define EXIT_COL 12 /* where an exit code's meaning starts */

/* ---- text for a terminal ------------------------------------------------------------- */

/* Print text wrapped at FL_OPTDOC_WIDTH: the first line goes on from column at, later ones
   start at column indent; words are never split. Ends the line. */
static void wrap(FILE *fp, const char *text, size_t at, size_t indent)
{
    size_t col = at;
    bool line_empty = true;
    for (const char *p = text; *p;) {
        if (*p == ' ') {
            p++;
            continue;
        }
        size_t w = strcspn(p, " ");
        if (!line_empty && col + 1 + w > FL_OPTDOC_WIDTH) {
            fprintf(fp, "\n%*s", (int)indent, "");
            col = indent;
            line_empty = true;
        }
        if (!line_empty) {
            fputc(' ', fp);
            col++;
        }
        fwrite(p, 1, w, fp);
        col += w;
        p += w;
        line_empty = false;
    }
    fputc('\n', fp);
}

/* A left column and its text: the text from HELP_COL, or on the next line when the left
   column reaches it. */
static void two_columns(FILE *fp, const char *left, const char *text, size_t col)
{
    size_t n = strlen(left);
    fputs(left, fp);
    if (n + 2 > col) {
        fprintf(fp, "\n%*s", (int)col, "");
        n = col;
    } else {
        fprintf(fp, "%*s", (int)(col - n), "");
    }
    wrap(fp, text, col, col);
}

/* "-o, --out REPORT.xlsx", or "    --rules DIR", into buf. */
static void option_words(char *buf, size_t cap, const fl_cli_option *o, const char *indent)
{
    char sh[8] = "    ";
    if (o->short_name)
        snprintf(sh, sizeof sh, "-%c, ", o->short_name);
    snprintf(buf, cap, "%s%s--%s%s%s", indent, sh, o->name, o->arg ? " " : "",
             o->arg ? o->arg : "");
}

/* The options of exactly this command ("" for the global ones). */
static void print_options(FILE *fp, const char *command)
{
    unsigned n;
    const fl_cli_option *opts = fl_cli_options(&n);
    for (unsigned i = 0; i < n; i++) {
        if (strcmp(opts[i].command, command) != 0)
            continue;
        char left[80];
        option_words(left, sizeof left, &opts[i], "  ");
        two_columns(fp, left, opts[i].help, HELP_COL);
    }
}

/* Print one usage token, wrapping before it when the line would pass the width. */
static void token(FILE *fp, const char *t, size_t *col, size_t indent)
{
    size_t w = strlen(t);
    if (*col + 1 + w > FL_OPTDOC_WIDTH) {
        fprintf(fp, "\n%*s", (int)indent, "");
        *col = indent;
    } else {
        fputc(' ', fp);
        (*col)++;
    }
    fputs(t, fp);
    *col += w;
}

void fl_optdoc_synopsis(FILE *fp, const char *command, const char *lead)
{
    unsigned n;
    const fl_cli_option *opts = fl_cli_options(&n);
    const fl_cli_command *cmd = fl_cli_command_find(command);
    fprintf(fp, "%sflscan%s%s", lead, *command ? " " : "", command);
    size_t col = strlen(lead) + strlen("flscan") + (*command ? 1 + strlen(command) : 0);
    size_t indent = col + 1;
    for (unsigned i = 0; i < n; i++) {
        const fl_cli_option *o = &opts[i];
        if (strcmp(o->command, command) != 0)
            continue;
        char t[80];
        snprintf(t, sizeof t, "[--%s%s%s]%s", o->name, o->arg ? " " : "", o->arg ? o->arg : "",
                 o->repeat ? "..." : "");
        token(fp, t, &col, indent);
    }
    if (cmd && cmd->operands)
        token(fp, cmd->operands, &col, indent);
    fputc('\n', fp);
}

static void print_exits(FILE *fp)
{
    unsigned n;
    const fl_cli_exit *ex = fl_cli_exits(&n);
    fputs("\nExit codes:\n", fp);
    for (unsigned i = 0; i < n; i++) {
        char left[32];
        snprintf(left, sizeof left, "  %s", ex[i].code);
        two_columns(fp, left, ex[i].meaning, EXIT_COL);
    }
}

/* Where the rule set and the reference data are looked for (locate.h). */
static void print_places(FILE *fp)
{
    static const char *const heads[] = {
        "The rule set (a folder holding ruleset.csv) is the first of:",
        "The reference data (a folder holding country_aliases.csv) is the first of:"};
    fputs("\nRules and data:\n", fp);
    for (int w = 0; w < 2; w++) {
        const char *lines[8];
        char buf[256];
        size_t n = fl_locate_places((fl_locate_what)w, lines, 8, buf, sizeof buf);
        fprintf(fp, "  %s\n", heads[w]);
        for (size_t i = 0; i < n; i++) {
            char left[32];
            snprintf(left, sizeof left, "    %zu.", i + 1);
            two_columns(fp, left, lines[i], 8);
        }
    }
}

static void help_main(FILE *fp)
{
    unsigned n;
    const fl_cli_command *cmds = fl_cli_commands(&n);
    fprintf(fp, "flscan %s - screen trade data for forced-labor and child-labor risk\n\n",
            fl_version());
    fl_optdoc_synopsis(fp, "", "Usage: ");
    fputs("\nCommands:\n", fp);
    for (unsigned i = 0; i < n; i++) {
        if (!*cmds[i].name)
            continue;
        char left[80];
        snprintf(left, sizeof left, "  %s [OPTION]...%s%s", cmds[i].name,
                 cmds[i].operands ? " " : "", cmds[i].operands ? cmds[i].operands : "");
        two_columns(fp, left, cmds[i].summary, HELP_COL);
    }
    fputs("\nOptions:\n", fp);
    print_options(fp, "");
    fputc('\n', fp);
    wrap(fp, "Run 'flscan COMMAND --help' for a command's options, 'man flscan' for the manual.",
         0, 0);
    fputc('\n', fp);
    wrap(fp, cmds[0].about, 0, 0);
    print_exits(fp);
}

/* Whether command is group itself or one of its commands ("rules" holds "rules list"). */
static bool in_group(const char *command, const char *group)
{
    size_t g = strlen(group);
    return *command && strncmp(command, group, g) == 0 && (command[g] == '\0' || command[g] == ' ');
}

void fl_optdoc_help(FILE *fp, const char *group)
{
    if (!*group) {
        help_main(fp);
        return;
    }
    unsigned n, shown = 0;
    const fl_cli_command *cmds = fl_cli_commands(&n);
    for (unsigned i = 0; i < n; i++)
        if (in_group(cmds[i].name, group))
            fl_optdoc_synopsis(fp, cmds[i].name, shown++ ? "       " : "Usage: ");
    for (unsigned i = 0; i < n; i++)
        if (in_group(cmds[i].name, group)) {
            fputc('\n', fp);
            wrap(fp, cmds[i].about, 0, 0);
        }
    for (unsigned i = 0; i < n; i++) {
        if (!in_group(cmds[i].name, group))
            continue;
        if (shown > 1)
            fprintf(fp, "\nOptions of '%s':\n", cmds[i].name);
        else
            fputs("\nOptions:\n", fp);
        print_options(fp, cmds[i].name);
    }
    fputs(shown > 1 ? "\nOptions of every command:\n" : "", fp);
    print_options(fp, "");
    if (strcmp(group, "ledger") != 0)
        print_places(fp);
    print_exits(fp);
}

/* ---- the man page (scdoc) ------------------------------------------------------------- */

/* Text with scdoc's markup characters escaped. */
static void scd_text(FILE *out, const char *s)
{
    for (; *s; s++) {
        if (*s == '\\' || *s == '*' || *s == '_')
            fputc('\\', out);
        fputc(*s, out);
    }
}

/* "*-o*, *--out* _REPORT.xlsx_" */
static void scd_option_words(FILE *out, const fl_cli_option *o)
{
    if (o->short_name)
        fprintf(out, "*-%c*, ", o->short_name);
    fprintf(out, "*--%s*", o->name);
    if (o->arg) {
        fputs(" _", out);
        scd_text(out, o->arg);
        fputc('_', out);
    }
    fputs(o->repeat ? " (repeatable)\n" : "\n", out);
}

static void scd_options(FILE *out, const char *command)
{
    unsigned n;
    const fl_cli_option *opts = fl_cli_options(&n);
    for (unsigned i = 0; i < n; i++) {
        if (strcmp(opts[i].command, command) != 0)
            continue;
        scd_option_words(out, &opts[i]);
        fputc('\t', out);
        scd_text(out, opts[i].help);
        fputs("\n\n", out);
    }
}

/* "*flscan scan* [_OPTION_]... [_FILE_]..." */
static void scd_usage(FILE *out, const fl_cli_command *c)
{
    fprintf(out, "*flscan%s%s*", *c->name ? " " : "", c->name);
    fputs(*c->name ? " [_OPTION_]..." : " [*-h* | *-V*]", out);
    if (c->operands) {
        fputc(' ', out);
        for (const char *p = c->operands; *p; p++) {
            bool word = (*p >= 'A' && *p <= 'Z');
            if (word) {
                size_t w = strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZ");
                fprintf(out, "_%.*s_", (int)w, p);
                p += w - 1;
            } else {
                fputc(*p, out);
            }
        }
    }
    fputs("\n\n", out);
}

static void scd_commands(FILE *out)
{
    unsigned n;
    const fl_cli_command *cmds = fl_cli_commands(&n);
    for (unsigned i = 0; i < n; i++) {
        if (!*cmds[i].name)
            continue;
        fprintf(out, "## flscan %s\n\n", cmds[i].name);
        scd_usage(out, &cmds[i]);
        scd_text(out, cmds[i].about);
        fputs("\n\n", out);
        scd_options(out, cmds[i].name);
    }
}

static void scd_places(FILE *out, fl_locate_what what)
{
    const char *lines[8];
    char buf[256];
    size_t n = fl_locate_places(what, lines, 8, buf, sizeof buf);
    for (size_t i = 0; i < n; i++) {
        fputs(". ", out);
        scd_text(out, lines[i]);
        fputc('\n', out);
    }
    fputc('\n', out);
}

static void scd_exits(FILE *out)
{
    unsigned n;
    const fl_cli_exit *ex = fl_cli_exits(&n);
    for (unsigned i = 0; i < n; i++) {
        fprintf(out, "*%s*\n\t", ex[i].code);
        scd_text(out, ex[i].meaning);
        fputs("\n\n", out);
    }
}

/* One directive line (without its newline) expanded; false when it is none of them. */
static bool scd_directive(FILE *out, const char *line, size_t len)
{
    unsigned n;
    const fl_cli_command *cmds = fl_cli_commands(&n);
#define IS(d) (len == sizeof d - 1 && memcmp(line, d, len) == 0)
    if (IS("@SYNOPSIS@"))
        for (unsigned i = 0; i < n; i++)
            scd_usage(out, &cmds[i]);
    else if (IS("@COMMANDS@"))
        scd_commands(out);
    else if (IS("@GLOBAL@"))
        scd_options(out, "");
    else if (IS("@PLACES rules@"))
        scd_places(out, FL_LOCATE_RULES);
    else if (IS("@PLACES data@"))
        scd_places(out, FL_LOCATE_DATA);
    else if (IS("@EXIT@"))
        scd_exits(out);
    else
        return false;
#undef IS
    return true;
}

int fl_optdoc_man(FILE *out, const char *tmpl)
{
    static const char version[] = "@VERSION@";
    for (const char *p = tmpl; *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        if (len > 1 && p[0] == '@' && p[len - 1] == '@') {
            if (!scd_directive(out, p, len)) {
                fl_error("man page template: unknown directive '%.*s'", (int)len, p);
                return -1;
            }
        } else {
            for (size_t i = 0; i < len; i++) {
                if (len - i >= sizeof version - 1 &&
                    memcmp(p + i, version, sizeof version - 1) == 0) {
                    fputs(fl_version(), out);
                    i += sizeof version - 2;
                } else {
                    fputc(p[i], out);
                }
            }
            fputc('\n', out);
        }
        p += len + (nl ? 1 : 0);
    }
    return 0;
}

/* ---- bash completion ------------------------------------------------------------------ */

/* The case patterns of the options of command whose value is of kind k: "scan/--out|scan/-o". */
static bool bash_patterns(FILE *out, const char *command, fl_opt_kind k)
{
    unsigned n;
    const fl_cli_option *opts = fl_cli_options(&n);
    bool any = false;
    for (unsigned i = 0; i < n; i++) {
        const fl_cli_option *o = &opts[i];
        bool file = o->kind == FL_ARG_FILE || o->kind == FL_ARG_OUTPUT;
        bool want = k == FL_ARG_FILE ? file : o->kind == k;
        if (strcmp(o->command, command) != 0 || !o->arg || !want)
            continue;
        fprintf(out, "%s\"%s/--%s\"", any ? "|" : "    ", command, o->name);
        if (o->short_name)
            fprintf(out, "|\"%s/-%c\"", command, o->short_name);
        any = true;
    }
    return any;
}

/* The option words of command and the global ones, as one line. */
static void bash_words(FILE *out, const char *command)
{
    unsigned n;
    const fl_cli_option *opts = fl_cli_options(&n);
    for (unsigned i = 0; i < n; i++)
        if (strcmp(opts[i].command, command) == 0 || !*opts[i].command)
            fprintf(out, " --%s", opts[i].name);
    for (unsigned i = 0; i < n; i++)
        if ((strcmp(opts[i].command, command) == 0 || !*opts[i].command) && opts[i].short_name)
            fprintf(out, " -%c", opts[i].short_name);
}

/* The values of --fail-on and --map, from the shared vocabulary. */
static void bash_values(FILE *out)
{
    fputs("_flscan_severities=\"", out);
    for (int s = FL_SEV_CRITICAL; s >= FL_SEV_LOW; s--)
        fprintf(out, "%s ", fl_severity_str((fl_severity)s));
    fputs("none\"\n_flscan_fields=\"", out);
    for (int f = 0; f < FL_F_COUNT; f++)
        fprintf(out, "%s%s=", f ? " " : "", fl_field_name((fl_field)f));
    fputs("\"\n\n", out);
}

/* The case arms for the values of the options: files, folders, words, or nothing. */
static void bash_value_arms(FILE *out, const char *command)
{
    static const struct {
        fl_opt_kind kind;
        const char *action;
    } arms[] = {
        {FL_ARG_FILE, "_flscan_files; return ;;"},
        {FL_ARG_DIR, "_flscan_dirs; return ;;"},
        {FL_ARG_SEVERITY, "_flscan_words \"$_flscan_severities\"; return ;;"},
        {FL_ARG_MAP, "_flscan_words \"$_flscan_fields\"; compopt -o nospace 2>/dev/null; "
                     "return ;;"},
        {FL_ARG_TEXT, "return ;; # a date, a number or a name: nothing to offer"},
    };
    for (size_t a = 0; a < sizeof arms / sizeof *arms; a++)
        if (bash_patterns(out, command, arms[a].kind))
            fprintf(out, ")\n        %s\n", arms[a].action);
}

static void bash_helpers(FILE *out)
{
    fputs("_flscan_words()\n{\n    local IFS=$' \\t\\n'\n"
          "    COMPREPLY=($(compgen -W \"$1\" -- \"$cur\"))\n}\n\n"
          "_flscan_files()\n{\n    local IFS=$'\\n'\n    compopt -o filenames 2>/dev/null\n"
          "    COMPREPLY=($(compgen -f -- \"$cur\"))\n}\n\n"
          "_flscan_dirs()\n{\n    local IFS=$'\\n'\n    compopt -o filenames 2>/dev/null\n"
          "    COMPREPLY=($(compgen -d -- \"$cur\"))\n}\n\n",
          out);
}

/* The command words, the subcommand words and each command's option words. */
static void bash_commands(FILE *out, const fl_cli_command *cmds, unsigned n)
{
    fputs("    if ((cword == 1)); then\n        _flscan_words \"scan merge rules ledger", out);
    bash_words(out, "");
    fputs("\"\n        return\n    fi\n    case $cmd in\n", out);
    static const char *const groups[] = {"rules", "ledger"};
    for (size_t g = 0; g < 2; g++) {
        fprintf(out, "    %s)\n        if ((cword == 2)); then\n            _flscan_words \"",
                groups[g]);
        for (unsigned i = 0, k = 0; i < n; i++)
            if (in_group(cmds[i].name, groups[g]))
                fprintf(out, "%s%s", k++ ? " " : "", cmds[i].name + strlen(groups[g]) + 1);
        fputs("\"\n            return\n        fi\n"
              "        cmd=\"$cmd ${COMP_WORDS[2]}\" ;;\n",
              out);
    }
    fputs("    esac\n", out);
}

void fl_optdoc_bash_completion(FILE *out)
{
    unsigned n;
    const fl_cli_command *cmds = fl_cli_commands(&n);
    fputs("# bash completion for flscan(1): its commands, their options, and files, folders, "
          "severities\n# and field names where they are wanted. Generated from flscan's option "
          "table at build\n# time (doc/gendoc.c): do not edit.\n\n",
          out);
    bash_values(out);
    bash_helpers(out);
    fputs("_flscan()\n{\n    local cur=${COMP_WORDS[COMP_CWORD]} cword=$COMP_CWORD\n"
          "    local prev=${COMP_WORDS[COMP_CWORD-1]} cmd=${COMP_WORDS[1]-}\n"
          "    COMPREPLY=()\n"
          "    # --option=value: bash makes '=' a word of its own\n"
          "    if [[ $cur == = && $prev == -* ]]; then\n        cur=\n"
          "    elif [[ $prev == = ]]; then\n"
          "        ((cword > 1)) && [[ ${COMP_WORDS[cword-2]} == -* ]] || return 0\n"
          "        prev=${COMP_WORDS[cword-2]}\n    fi\n",
          out);
    bash_commands(out, cmds, n);
    fputs("    case \"$cmd/$prev\" in\n", out);
    for (unsigned i = 0; i < n; i++)
        if (*cmds[i].name)
            bash_value_arms(out, cmds[i].name);
    fputs("    esac\n    if [[ $cur == -* ]]; then\n        case $cmd in\n", out);
    for (unsigned i = 0; i < n; i++) {
        if (!*cmds[i].name)
            continue;
        fprintf(out, "        \"%s\") _flscan_words \"", cmds[i].name);
        bash_words(out, cmds[i].name);
        fputs("\" ;;\n", out);
    }
    fputs("        esac\n        return\n    fi\n    case $cmd in\n", out);
    for (unsigned i = 0; i < n; i++)
        if (*cmds[i].name && cmds[i].operands)
            fprintf(out, "    \"%s\") %s ;;\n", cmds[i].name,
                    cmds[i].operand_kind == FL_ARG_DIR ? "_flscan_dirs" : "_flscan_files");
    fputs("    esac\n}\n\ncomplete -F _flscan flscan\n", out);
}
