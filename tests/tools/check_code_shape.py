#!/usr/bin/env python3
"""Check the shape of src/ that the build alone does not.

  check_code_shape.py SRC_DIR STAGES...

STAGES are the stage folders from the bottom up (FLSCAN_STAGES in CMakeLists.txt). Fails,
naming file and line, when:
  - a .c or .h file of src/ is not in a stage folder;
  - a quoted #include names a header of a higher stage, or no header of src/ at all (the
    build fails on these too; this says which rule was broken and what to do);
  - a function is longer than MAX_FUNCTION_LINES lines, from its opening to its closing
    brace (tables, which open on the line of their declaration, are not functions);
  - a third-party library's header is included outside the module that wraps it
    (WRAPPERS below: one module each, two where a library reads one format and writes
    another, as libcsv does).
"""
import os
import re
import sys

MAX_FUNCTION_LINES = 120

# header -> the files allowed to include it (basename)
WRAPPERS = {
    "csv.h": {"csvread.c", "csvpar.c", "csvfast.c", "flagout.c"},  # reading; CSV quoting on output
    "pcre2.h": {"regex.c"},
    "xlsxwriter.h": {"xlsx.c"},
    "jansson.h": {"country.c", "jsonread.c", "flagout.c"},  # iso-codes in; list exports in; JSON Lines out
    "utf8proc.h": {"unorm.c"},
    "sqlite3.h": {"ledger.c"},
    "zip.h": {"reviews.c"},
    "ini.h": {"config.c"},
    "xxhash.h": {"keyhash.c"},
}
WRAPPER_PREFIXES = {
    "nettle/": {"digest.c"},
    "minizip/": {"xlsxzip.c"},
    "libxml/": {"reviews.c"},
    "unicode/": {"translit.c"},  # ICU
}

INCLUDE = re.compile(r'^\s*#\s*include\s+([<"])([^">]+)[">]')


def main():
    src, stages = sys.argv[1], sys.argv[2:]
    rank = {s: i for i, s in enumerate(stages)}
    problems = []
    headers = {}  # basename -> stage
    files = []
    for dirpath, _, names in os.walk(src):
        for name in sorted(names):
            if not name.endswith((".c", ".h")):
                continue
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, src)
            stage = rel.split(os.sep)[0] if os.sep in rel else None
            if stage not in rank:
                problems.append(f"{rel}: not in a stage folder ({', '.join(stages)})")
                continue
            files.append((rel, stage, path))
            if name.endswith(".h"):
                headers[name] = stage
    for rel, stage, path in sorted(files):
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
        check_includes(rel, stage, lines, rank, headers, problems)
        check_functions(rel, lines, problems)
    for p in problems:
        print(p)
    print(f"code shape: {len(files)} files in {len(stages)} stages, {len(problems)} problem(s)")
    return 1 if problems else 0


def check_includes(rel, stage, lines, rank, headers, problems):
    base = os.path.basename(rel)
    for no, line in enumerate(lines, 1):
        m = INCLUDE.match(line)
        if not m:
            continue
        kind, name = m.groups()
        if kind == '"':
            target = headers.get(name)
            if target is None:
                problems.append(f"{rel}:{no}: includes \"{name}\", which is no header of src/")
            elif rank[target] > rank[stage]:
                problems.append(
                    f"{rel}:{no}: stage '{stage}' includes \"{name}\" of the higher stage "
                    f"'{target}': includes point down only; move the type or function the "
                    f"lower stage needs down, or the caller up (src/README.md)")
            continue
        allowed = WRAPPERS.get(name)
        for prefix, files in WRAPPER_PREFIXES.items():
            if name.startswith(prefix):
                allowed = files
        if allowed is not None and base not in allowed:
            problems.append(f"{rel}:{no}: includes <{name}>, which only "
                            f"{', '.join(sorted(allowed))} may: each third-party library "
                            f"lives behind one module")


def check_functions(rel, lines, problems):
    start = None
    for no, line in enumerate(lines, 1):
        if line == "{":
            start = no
        elif line.startswith("}") and start is not None:
            length = no - start + 1
            if length > MAX_FUNCTION_LINES:
                sig = lines[start - 2].strip()
                problems.append(f"{rel}:{start}: function of {length} lines (at most "
                                f"{MAX_FUNCTION_LINES}): {sig[:70]}; split it into named steps")
            start = None


if __name__ == "__main__":
    sys.exit(main())
