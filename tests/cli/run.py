#!/usr/bin/env python3
"""Run one CLI test of tests/cli/ (in the manner of zstd's tests/cli-tests).

  run.py TEST.sh FLSCAN SOURCE_DIR BUILD_DIR

A test is a shell script, GROUP/NAME.sh, run by /bin/sh in a fresh empty folder with `flscan`
(the binary under test, through $FLSCAN_WRAPPER when set, e.g. valgrind) first on PATH, and
these variables: FLSCAN_SRC (the source tree: rules/, datasets/, tests/), FLSCAN_BUILD (the
build folder: doc/flscan.1, doc/flscan.bash, CPackConfig.cmake), FLSCAN_BIN (the binary
itself, to copy), SOURCE_DATE_EPOCH; never
FLSCAN_RULES or FLSCAN_DATA (a test sets them when it wants them). Beside it:

  NAME.sh.exit          the script's exit status (default 0)
  NAME.sh.stdout.exact  standard output, byte for byte
  NAME.sh.stderr.exact  standard error, byte for byte
  NAME.sh.stdout.glob   standard output, line by line: each line of the file matches one
  NAME.sh.stderr.glob   line of output, where '*' stands for any text; a line '...' stands
                        for any number of lines
A stream with no file is not checked. The script's own output is shown when it fails.
FLSCAN_CLI_UPDATE=1 rewrites the .exact files from what the script printed.
"""
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile


def glob_line(pattern, line):
    return re.fullmatch(".*".join(re.escape(p) for p in pattern.split("*")), line, re.S) is not None


def glob_match(patterns, lines):
    """Whether lines match patterns ('...' = any lines), by backtracking."""
    memo = {}

    def at(i, j):
        if (i, j) in memo:
            return memo[(i, j)]
        if i == len(patterns):
            ok = j == len(lines)
        elif patterns[i] == "...":
            ok = any(at(i + 1, k) for k in range(j, len(lines) + 1))
        else:
            ok = j < len(lines) and glob_line(patterns[i], lines[j]) and at(i + 1, j + 1)
        memo[(i, j)] = ok
        return ok

    return at(0, 0)


def main():
    test, flscan, src, build = (os.path.abspath(a) for a in sys.argv[1:5])
    name = os.path.relpath(test, os.path.dirname(os.path.dirname(test)))
    sandbox = tempfile.mkdtemp(prefix="flscan-cli-")
    work = os.path.join(sandbox, "work")
    bindir = os.path.join(sandbox, "bin")
    os.mkdir(work)
    os.mkdir(bindir)
    wrapper = os.environ.get("FLSCAN_WRAPPER", "")
    with open(os.path.join(bindir, "flscan"), "w") as f:
        f.write(f'#!/bin/sh\nexec {wrapper} "{flscan}" "$@"\n')
    os.chmod(os.path.join(bindir, "flscan"), stat.S_IRWXU)
    env = {k: v for k, v in os.environ.items() if k not in ("FLSCAN_RULES", "FLSCAN_DATA")}
    env.update(PATH=bindir + os.pathsep + env.get("PATH", "/usr/bin:/bin"), FLSCAN_SRC=src,
               FLSCAN_BUILD=build, FLSCAN_BIN=flscan, SOURCE_DATE_EPOCH="1767225600",
               LC_ALL="C.UTF-8")
    p = subprocess.run(["/bin/sh", test], cwd=work, env=env, capture_output=True,
                       stdin=subprocess.DEVNULL, timeout=240)
    out = {"stdout": p.stdout.decode("utf-8", "replace"),
           "stderr": p.stderr.decode("utf-8", "replace")}
    problems = []
    want_exit = 0
    if os.path.exists(test + ".exit"):
        with open(test + ".exit") as f:
            want_exit = int(f.read().strip())
    if p.returncode != want_exit:
        problems.append(f"exit {p.returncode}, expected {want_exit}")
    for stream in ("stdout", "stderr"):
        exact, glob = f"{test}.{stream}.exact", f"{test}.{stream}.glob"
        if os.path.exists(exact):
            if os.environ.get("FLSCAN_CLI_UPDATE") == "1":
                with open(exact, "w") as f:
                    f.write(out[stream])
            with open(exact) as f:
                if f.read() != out[stream]:
                    problems.append(f"{stream} differs from {os.path.basename(exact)}")
        if os.path.exists(glob):
            with open(glob) as f:
                patterns = f.read().splitlines()
            if not glob_match(patterns, out[stream].splitlines()):
                problems.append(f"{stream} does not match {os.path.basename(glob)}")
    shutil.rmtree(sandbox, ignore_errors=True)
    if problems:
        print(f"--- stdout\n{out['stdout']}--- stderr\n{out['stderr']}---")
        print(f"FAIL {name}: " + "; ".join(problems))
        sys.exit(1)
    print(f"ok {name}")


if __name__ == "__main__":
    main()
