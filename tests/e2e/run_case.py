#!/usr/bin/env python3
"""Run one end-to-end case folder against the flscan binary.

A case folder holds:
  cmd     (run in the case folder) the arguments after `flscan`, one run a line (assertions on exit and output apply
          to the last run; a line starting with '!' is a shell command run in {out});
          placeholders:
          {case} the case folder, {out} a fresh output folder, {rules} the fixture rule set
          (tests/e2e/rules), {realrules} the project's rules/, {data} the project's datasets/,
          {flscan} the binary under test (for '!' lines, which run with the same environment)
  stdin   optional: fed to standard input
  expect  one assertion per line (blank lines and # comments ignored):
            exit N
            stdout-has TEXT        / stderr-has TEXT / stdout-lacks TEXT / stderr-lacks TEXT
            file-exists PATH       / file-absent PATH     (PATH may use {out})
            flags-csv PATH GOLDEN  exact compare with GOLDEN in the case folder
            csv-rows PATH N        data rows in a CSV (header excluded)
            csv-has PATH COLUMN VALUE [COLUMN VALUE]...  some row has all these values
            csv-lacks PATH COLUMN VALUE [COLUMN VALUE]...  no row has all these values
                                   (a VALUE "~TEXT" means the cell contains TEXT)
            xlsx PATH ARGS...      run tests/tools/check_xlsx.py PATH ARGS...
            same-bytes PATH PATH
            same-report PATH PATH  tests/tools/same_report.py: byte for byte, a workbook's Summary
                                   command line aside (a merged run's against a scan's)
            soffice PATH           LibreOffice headless converts the workbook (opens without repair)
            zip-level PATH LEVEL   every deflated part of the workbook at that level (1 or 2)
Environment: FLSCAN (binary), FLSCAN_WRAPPER (e.g. "valgrind -q --error-exitcode=99"),
FLSCAN_E2E_UPDATE=1 rewrites the GOLDEN files of flags-csv from the actual output.
"""
import csv
import os
import shlex
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def fail(case, msg):
    print(f"FAIL {case}: {msg}")
    sys.exit(1)


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def main():
    case_dir = os.path.abspath(sys.argv[1])
    case = os.path.basename(case_dir)
    flscan = os.environ.get("FLSCAN") or sys.argv[2]
    wrapper = shlex.split(os.environ.get("FLSCAN_WRAPPER", ""))
    out = tempfile.mkdtemp(prefix=f"flscan-e2e-{case}-")
    subst = {
        "case": case_dir,
        "out": out,
        "rules": os.path.join(HERE, "rules"),
        "realrules": os.path.join(ROOT, "rules"),
        "data": os.path.join(ROOT, "datasets"),
        "flscan": flscan,
    }

    def expand(s):
        for k, v in subst.items():
            s = s.replace("{" + k + "}", v)
        return s

    with open(os.path.join(case_dir, "cmd"), encoding="utf-8") as f:
        commands = [l for l in f.read().splitlines() if l.strip()]
    stdin_path = os.path.join(case_dir, "stdin")
    env = dict(os.environ, SOURCE_DATE_EPOCH="1767225600", FLSCAN_DATA=subst["data"])
    # Every line of cmd runs in turn; exit and output assertions apply to the last one.
    for line in commands:
        if line.startswith("!"):
            subprocess.run(expand(line[1:]), shell=True, check=True, cwd=out, env=env)
            continue
        args = [expand(a) for a in shlex.split(line)]
        stdin = open(stdin_path, "rb") if os.path.exists(stdin_path) else subprocess.DEVNULL
        p = subprocess.run(wrapper + [flscan] + args, stdin=stdin, capture_output=True, cwd=case_dir,
                           env=env)
        stdout = p.stdout.decode("utf-8", "replace")
        stderr = p.stderr.decode("utf-8", "replace")
        print(f"$ flscan {' '.join(shlex.quote(a) for a in args)}\n[exit {p.returncode}]")
        print(stdout + stderr)

    checks = 0
    with open(os.path.join(case_dir, "expect"), encoding="utf-8") as f:
        lines = [l.rstrip("\n") for l in f]
    for line in lines:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        word, _, rest = line.partition(" ")
        rest = expand(rest)
        checks += 1
        if word == "exit":
            if p.returncode != int(rest):
                fail(case, f"exit {p.returncode}, expected {rest}")
        elif word in ("stdout-has", "stderr-has", "stdout-lacks", "stderr-lacks"):
            text = stdout if word.startswith("stdout") else stderr
            has = rest in text
            if word.endswith("has") and not has:
                fail(case, f"{word.split('-')[0]} lacks {rest!r}")
            if word.endswith("lacks") and has:
                fail(case, f"{word.split('-')[0]} has {rest!r}")
        elif word == "file-exists":
            if not os.path.exists(rest):
                fail(case, f"missing file {rest}")
        elif word == "file-absent":
            import glob
            if glob.glob(rest):
                fail(case, f"unexpected file(s) {glob.glob(rest)}")
        elif word == "flags-csv":
            actual, golden = shlex.split(rest)
            golden = os.path.join(case_dir, golden)
            with open(actual, "rb") as f:
                got = f.read()
            if os.environ.get("FLSCAN_E2E_UPDATE") == "1":
                with open(golden, "wb") as f:
                    f.write(got)
            with open(golden, "rb") as f:
                want = f.read()
            if got != want:
                import difflib
                diff = "\n".join(difflib.unified_diff(want.decode().splitlines(),
                                                      got.decode().splitlines(), "expected",
                                                      "actual", lineterm=""))
                fail(case, f"flags CSV differs from {os.path.basename(golden)}:\n{diff}")
        elif word == "csv-rows":
            path, n = shlex.split(rest)
            rows = read_csv(path)
            if len(rows) != int(n):
                fail(case, f"{path}: {len(rows)} rows, expected {n}")
        elif word in ("csv-has", "csv-lacks"):
            parts = shlex.split(rest)
            path, pairs = parts[0], list(zip(parts[1::2], parts[2::2]))
            rows = read_csv(path)
            def cell_is(cell, v):
                return v[1:] in (cell or "") if v.startswith("~") else cell == v
            found = any(all(cell_is(r.get(k), v) for k, v in pairs) for r in rows)
            if word == "csv-has" and not found:
                fail(case, f"{path}: no row with {pairs}")
            if word == "csv-lacks" and found:
                fail(case, f"{path}: a row has {pairs}")
        elif word == "xlsx":
            parts = shlex.split(rest)
            r = subprocess.run(["/usr/bin/python3", os.path.join(ROOT, "tests/tools/check_xlsx.py")]
                               + parts, capture_output=True, text=True)
            print(r.stdout + r.stderr)
            if r.returncode != 0:
                fail(case, "workbook check failed")
        elif word == "same-bytes":
            a, b = shlex.split(rest)
            with open(a, "rb") as fa, open(b, "rb") as fb:
                if fa.read() != fb.read():
                    fail(case, f"{a} and {b} differ")
        elif word == "zip-level":
            # every deflated part of the workbook at minizip's level rest[1] (xlsxzip.h):
            # the general purpose flag's bits 1-2 say 4 for level 2, 6 for 1, 0 for 3-7
            path, level = shlex.split(rest)
            want = {"1": 6, "2": 4}.get(level, 0)
            import zipfile
            with zipfile.ZipFile(path) as z:
                got = {i.filename: i.flag_bits & 6 for i in z.infolist()
                       if i.compress_type == zipfile.ZIP_DEFLATED}
            wrong = sorted(n for n, f in got.items() if f != want)
            if not got or wrong:
                fail(case, f"{path}: parts not deflated at level {level}: {wrong or 'none deflated'}")
        elif word == "same-report":
            a, b = shlex.split(rest)
            r = subprocess.run([sys.executable, os.path.join(ROOT, "tests", "tools", "same_report.py"),
                                a, b], capture_output=True, text=True)
            if r.returncode != 0:
                fail(case, f"{a} and {b} differ: {r.stdout.strip()} {r.stderr.strip()}")
        elif word == "soffice":
            conv = os.path.join(out, "soffice")
            profile = tempfile.mkdtemp(prefix="flscan-lo-")
            r = subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                                "--convert-to", "csv", "--outdir", conv, rest],
                               capture_output=True, text=True, timeout=180)
            shutil.rmtree(profile, ignore_errors=True)
            base = os.path.splitext(os.path.basename(rest))[0] + ".csv"
            if r.returncode != 0 or not os.path.exists(os.path.join(conv, base)):
                fail(case, f"LibreOffice could not open {rest}: {r.stdout}{r.stderr}")
        else:
            fail(case, f"unknown assertion {word!r}")
    shutil.rmtree(out, ignore_errors=True)
    print(f"ok {case}: {checks} checks")


if __name__ == "__main__":
    main()
