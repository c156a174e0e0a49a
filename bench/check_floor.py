#!/usr/bin/env python3
"""Check the floor's tools: csv_pass, sheet_pass and sheet_cells.py (ctest bench_floor).

Usage: check_floor.py CSV_PASS SHEET_PASS GEN_SHIPMENTS FLSCAN RULES DATA [--rows N]

Checks that
  - csv_pass prints the records (header included) and fields Python's csv module reads, on
    N generated records of each mix (default 5,000) and on a small file with a quoted line
    break, a quoted quote and no final line end;
  - a workbook's Cases sheet survives the round trip: flscan screens the realistic file,
    sheet_cells.py writes the sheet's cells as CSV, sheet_pass writes them as a sheet, and
    sheet_cells.py reads back the same cells (numbers equal as numbers, texts byte for byte);
  - both tools fail with status 1 on a missing file and 2 on a wrong command line, and
    sheet_cells.py with 1 on a sheet the workbook lacks.
The tools run through $FLSCAN_WRAPPER when set (valgrind under .ci/valgrind).
Exit status 0 when all hold, 1 with the failed checks listed. Standard library only.
"""

import argparse
import csv
import os
import shlex
import subprocess
import sys
import tempfile

WRAPPER = shlex.split(os.environ.get("FLSCAN_WRAPPER", ""))
HERE = os.path.dirname(os.path.abspath(__file__))
CELLS = [sys.executable, os.path.join(HERE, "sheet_cells.py")]


def run(cmd):
    return subprocess.run(cmd, capture_output=True, text=True)


def python_counts(path):
    records = fields = 0
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.reader(f):
            records += 1
            fields += len(row)
    return records, fields


def read_cells(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def same_cell(a, b):
    if a == b:
        return True
    try:
        return float(a) == float(b)
    except ValueError:
        return False


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for name in ("csv_pass", "sheet_pass", "gen", "flscan", "rules", "data"):
        ap.add_argument(name)
    ap.add_argument("--rows", type=int, default=5000)
    a = ap.parse_args()
    failed = []

    def expect(what, got, want):
        if got != want:
            failed.append(f"{what}: got {got!r}, want {want!r}")

    with tempfile.TemporaryDirectory(prefix="flscan-floor-") as tmp:
        small = os.path.join(tmp, "small.csv")
        with open(small, "w", encoding="utf-8", newline="") as f:
            f.write('a,b,c\n1,"two\nlines","say ""hi"""\n,,\nlast,row,"no end"')
        files = [small]
        for mix in ("realistic", "bench"):
            path = os.path.join(tmp, f"{mix}.csv")
            g = run([a.gen, str(a.rows), "1", "--mix", mix, "-o", path, "-q"])
            if g.returncode != 0:
                failed.append(f"gen_shipments --mix {mix}: {g.stderr.strip()}")
                continue
            files.append(path)
        for path in files:
            p = run(WRAPPER + [a.csv_pass, path])
            want = "%d %d" % python_counts(path)
            expect(f"csv_pass {os.path.basename(path)} (status {p.returncode})",
                   p.stdout.strip(), want)

        real = os.path.join(tmp, "realistic.csv")
        book = os.path.join(tmp, "report.xlsx")
        s = run([a.flscan, "scan", real, "--rules", a.rules, "--data", a.data, "-o", book, "-q"])
        if s.returncode not in (0, 1):  # 1: flags found
            failed.append(f"flscan scan: status {s.returncode}: {s.stderr.strip()}")
        else:
            cells = os.path.join(tmp, "cases.csv")
            back_book = os.path.join(tmp, "plain.xlsx")
            back = os.path.join(tmp, "back.csv")
            c = run(CELLS + [book, "Cases", cells])
            expect("sheet_cells.py Cases status", c.returncode, 0)
            p = run(WRAPPER + [a.sheet_pass, cells, back_book])
            expect("sheet_pass status", p.returncode, 0)
            c2 = run(CELLS + [back_book, "Sheet1", back])
            expect("sheet_cells.py Sheet1 status", c2.returncode, 0)
            if not failed:
                want, got = read_cells(cells), read_cells(back)
                expect("sheet_pass ROWS CELLS", p.stdout.strip(), c.stdout.strip())
                expect("rows read back", len(got), len(want))
                if len(want) < 50:
                    failed.append(f"the Cases sheet has only {len(want)} rows")
                for i, (w, g) in enumerate(zip(want, got)):
                    w = w + [""] * (len(g) - len(w))
                    g = g + [""] * (len(w) - len(g))
                    bad = [j for j, (x, y) in enumerate(zip(w, g)) if not same_cell(x, y)]
                    if bad:
                        j = bad[0]
                        failed.append(f"row {i + 1} column {j + 1}: {g[j]!r}, want {w[j]!r}")
                        break
            expect("sheet_cells.py on a missing sheet",
                   run(CELLS + [book, "No such sheet", back]).returncode, 1)

        missing = os.path.join(tmp, "missing.csv")
        expect("csv_pass on a missing file", run(WRAPPER + [a.csv_pass, missing]).returncode, 1)
        expect("sheet_pass on a missing file",
               run(WRAPPER + [a.sheet_pass, missing, book + ".2"]).returncode, 1)
        expect("csv_pass with no file", run(WRAPPER + [a.csv_pass]).returncode, 2)
        expect("sheet_pass with one file", run(WRAPPER + [a.sheet_pass, small]).returncode, 2)

    for f in failed:
        print("FAIL:", f)
    if not failed:
        print("floor tools: all checks passed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
