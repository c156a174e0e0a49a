#!/usr/bin/env python3
"""Check memchr_pass, run.sh's second physical limit (ctest bench_memchr_pass).

Usage: check_memchr_pass.py MEMCHR_PASS GEN_SHIPMENTS [--rows N]

Checks that memchr_pass prints the number of LF bytes:
  - of N generated records (default 20,000, both mixes): the header and one line end a record,
    plus the line breaks inside quoted fields (counted by Python's csv module), so rows + 1
    when no field holds one;
  - of small files: empty, one without a final line end, and files of 2 MiB and a few bytes
    with line ends on and around the 1 MiB block boundaries;
and that it fails with status 1 on a missing file and 2 on a wrong command line.
memchr_pass runs through $FLSCAN_WRAPPER when set (e.g. valgrind, as .ci/valgrind sets it).
Exit status 0 when all hold, 1 with the failed checks listed. Standard library only.
"""

import argparse
import csv
import os
import shlex
import subprocess
import sys
import tempfile

BLOCK = 1 << 20  # memchr_pass.c's read size
WRAPPER = shlex.split(os.environ.get("FLSCAN_WRAPPER", ""))


def count(prog, path):
    """memchr_pass's exit status and the number it printed (None when it printed none)."""
    p = subprocess.run(WRAPPER + [prog, path], capture_output=True, text=True)
    out = p.stdout.strip()
    return p.returncode, int(out) if out.isdigit() else None


def records_and_inner_breaks(path):
    """Records after the header and LF bytes inside their fields."""
    records = inner = 0
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        next(reader)
        for row in reader:
            records += 1
            inner += sum(field.count("\n") for field in row)
    return records, inner


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("prog")
    ap.add_argument("gen")
    ap.add_argument("--rows", type=int, default=20000)
    a = ap.parse_args()
    failed = []

    def expect(what, got, want):
        if got != want:
            failed.append(f"{what}: got {got}, want {want}")

    with tempfile.TemporaryDirectory(prefix="flscan-memchr-") as tmp:
        for mix in ("bench", "realistic"):
            path = os.path.join(tmp, f"{mix}.csv")
            subprocess.run([a.gen, str(a.rows), "1", "--mix", mix, "-q", "-o", path], check=True)
            records, inner = records_and_inner_breaks(path)
            expect(f"{mix} mix: records", records, a.rows)
            with open(path, "rb") as f:
                lf = f.read().count(b"\n")
            expect(f"{mix} mix: LF bytes (csv module)", a.rows + 1 + inner, lf)
            expect(f"{mix} mix: memchr_pass", count(a.prog, path), (0, a.rows + 1 + inner))

        small = {
            "empty": b"",
            "no final line end": b"a,b\nc,d",
            "only line ends": b"\n" * 5,
        }
        for at in (0, BLOCK - 1, BLOCK, BLOCK + 1, 2 * BLOCK - 1, 2 * BLOCK, 2 * BLOCK + 2):
            data = bytearray(b"x" * (2 * BLOCK + 3))
            data[at] = 0x0A
            data[-1] = 0x0A
            small[f"2 MiB with line ends at {at} and the end"] = bytes(data)
        for what, data in small.items():
            path = os.path.join(tmp, "small")
            with open(path, "wb") as f:
                f.write(data)
            expect(what, count(a.prog, path), (0, data.count(b"\n")))

        expect("missing file", count(a.prog, os.path.join(tmp, "missing"))[0], 1)
        expect("no operand", subprocess.run(WRAPPER + [a.prog], capture_output=True).returncode, 2)

    for f in failed:
        print(f"check_memchr_pass: {f}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
