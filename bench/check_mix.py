#!/usr/bin/env python3
"""Check gen_shipments' realistic mix against flscan's own verdicts (ctest bench_realistic_mix).

Usage: check_mix.py GEN_SHIPMENTS FLSCAN RULES_DIR DATA_DIR [--rows N] [--seed S] [--mix MIX]

Generates N records (default 20,000) with `gen_shipments N S --mix MIX` (default realistic)
twice and checks that:
  - both runs give the same bytes;
  - bench/check_csv.py accepts the file (header, 12 fields a record, UTF-8);
  - `flscan scan` with RULES_DIR and DATA_DIR reads every record and flags 15% to 20% of them
    (records.flagged of --summary-json, the same number of records as the flags CSV names);
  - the file has as many distinct Shipper Name and Shipper Address values as the realistic mix
    promises: 1.5% to 2% of the records are distinct shippers and 7% to 9% distinct addresses
    (17,000 and 80,000 a million), plus up to 250 for the first shipper of each country x good,
    which small files meet early;
  - some addresses are quoted with commas and some hold a line break.
Exit status 0 when all hold, 1 with the failed checks listed. --mix bench must fail.
Standard library only.
"""

import argparse
import csv
import hashlib
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
POOL_FLOOR = 250  # country x good pools: each starts with a shipper of its own


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def column_stats(path):
    """Distinct shippers and addresses, addresses with a comma and with a line break."""
    shippers, addresses = set(), set()
    comma = newline = 0
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        for row in reader:
            shippers.add(row["Shipper Name"])
            a = row["Shipper Address"]
            addresses.add(a)
            comma += "," in a
            newline += "\n" in a
    return len(shippers), len(addresses), comma, newline


def flagged_in_csv(path):
    """Records named by the flags CSV (a record with several flags counts once)."""
    with open(path, newline="", encoding="utf-8") as f:
        return len({(r["file"], r["record"]) for r in csv.DictReader(f)})


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("gen")
    ap.add_argument("flscan")
    ap.add_argument("rules")
    ap.add_argument("data")
    ap.add_argument("--rows", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--mix", default="realistic")
    a = ap.parse_args()
    n = a.rows
    failed = []

    def check(ok, what):
        print(("ok   " if ok else "FAIL ") + what)
        if not ok:
            failed.append(what)

    with tempfile.TemporaryDirectory(prefix="flscan-mix-") as tmp:
        ship = os.path.join(tmp, "shipments.csv")
        again = os.path.join(tmp, "again.csv")
        for path in (ship, again):
            subprocess.run([a.gen, str(n), str(a.seed), "--mix", a.mix, "-q", "-o", path], check=True)
        check(sha256(ship) == sha256(again), "the same arguments give the same bytes")
        rc = subprocess.run([sys.executable, os.path.join(HERE, "check_csv.py"), ship]).returncode
        check(rc == 0, "check_csv.py accepts the file")

        flags = os.path.join(tmp, "flags.csv")
        summary = os.path.join(tmp, "summary.json")
        p = subprocess.run([a.flscan, "scan", "--shipments", ship, "--out", os.path.join(tmp, "r.xlsx"),
                            "--flags-csv", flags, "--summary-json", summary, "--quiet",
                            "--rules", a.rules, "--data", a.data])
        check(p.returncode == 0, "flscan scan exits 0 (got %d)" % p.returncode)
        if p.returncode != 0:
            return 1
        with open(summary, encoding="utf-8") as f:
            rec = json.load(f)["records"]
        share = rec["flagged"] / max(rec["read"], 1)
        check(rec["read"] == n and rec["rejected"] == 0,
              "flscan read %d records, rejected %d (want %d, 0)" % (rec["read"], rec["rejected"], n))
        check(0.15 <= share <= 0.20,
              "flagged share %.2f%% (%d of %d records) within 15-20%%" % (100 * share, rec["flagged"], rec["read"]))
        in_csv = flagged_in_csv(flags)
        check(in_csv == rec["flagged"], "flags CSV names %d records, summary says %d" % (in_csv, rec["flagged"]))

        shippers, addresses, comma, newline = column_stats(ship)
        lo, hi = int(0.015 * n), int(0.020 * n) + POOL_FLOOR
        check(lo <= shippers <= hi, "%d distinct shippers within %d-%d" % (shippers, lo, hi))
        lo, hi = int(0.070 * n), int(0.090 * n) + POOL_FLOOR
        check(lo <= addresses <= hi, "%d distinct shipper addresses within %d-%d" % (addresses, lo, hi))
        check(comma >= n // 2, "%d addresses hold a comma (want at least half)" % comma)
        check(newline >= n // 500, "%d addresses hold a line break (want at least 0.2%%)" % newline)

    if failed:
        print("check_mix: %d check(s) failed for --mix %s" % (len(failed), a.mix))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
