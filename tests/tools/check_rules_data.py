#!/usr/bin/env python3
"""Regression checks on the shipped rule set, through the flscan binary (what is loaded).

Usage: check_rules_data.py FLSCAN RULES_DIR
Fails when the data regresses: the TVPRA 2022 edition must be covered pair for pair
(457 pairs = pairs with a rule in force on the edition date + the 7 'Pornography' pairs that
have no HS mapping and are documented as not screenable), every rule cites a source, and
the windows of Uzbek cotton follow the documented timeline.
"""
import csv
import io
import subprocess
import sys

REFERENCE_PAIRS_2022 = 457  # tvpra_goods.csv, DOL 2022 edition (../shared/reference/SOURCES.md)
NOT_SCREENABLE = 7          # Pornography: 7 countries, no HS mapping (rules/README.md)


def rules(flscan, rules_dir, *args):
    p = subprocess.run([flscan, "rules", "list", "--rules", rules_dir, *args],
                       capture_output=True, text=True, check=True)
    return list(csv.DictReader(io.StringIO(p.stdout), delimiter="\t"))


def main():
    flscan, rules_dir = sys.argv[1], sys.argv[2]
    failures = 0

    def check(cond, what):
        nonlocal failures
        print(("ok   " if cond else "FAIL ") + what)
        failures += 0 if cond else 1

    everything = rules(flscan, rules_dir)
    check(all(r["sources"] for r in everything), "every one of %d rules cites a source" % len(everything))

    edition = rules(flscan, rules_dir, "--as-of", "2022-09-28")
    pairs = {(r["countries"], r["title"].split(":")[0]) for r in edition
             if r["basis"] == "TVPRA" and "reach" not in r["id"]}
    check(len(pairs) + NOT_SCREENABLE == REFERENCE_PAIRS_2022,
          "TVPRA 2022 edition: %d pairs with rules + %d not screenable == %d"
          % (len(pairs), NOT_SCREENABLE, REFERENCE_PAIRS_2022))

    def in_force(date, country, commodity):
        return rules(flscan, rules_dir, "--as-of", date, "--country", country,
                     "--commodity", commodity)

    uz = lambda d: {(r["basis"], r["labor"]) for r in in_force(d, "UZ", "5201")}
    check(("EO13126", "forced+child") in uz("2011-10-05"), "Uzbek cotton 2011: E.O. 13126")
    check(("TVPRA", "forced+child") in uz("2016-05-01"), "Uzbek cotton 2016: TVPRA forced+child")
    check(("TVPRA", "forced") in uz("2020-05-01") and ("TVPRA", "forced+child") not in uz("2020-05-01"),
          "Uzbek cotton 2020: TVPRA forced labor only")
    check(not uz("2024-05-01"), "Uzbek cotton 2024: nothing in force")
    tm = in_force("2019-06-01", "TM", "5201")
    check(any(r["basis"] == "WRO" and r["severity"] == "critical" for r in tm),
          "Turkmen cotton 2019: critical WRO")
    my = in_force("2021-06-01", "MY", "401519")
    check(any(r["basis"] == "TVPRA" and r["severity"] == "high" for r in my),
          "Malaysian rubber gloves 2021: high")
    check(any(r["labor"] in ("child", "forced+child") for r in in_force("2023-01-01", "GH", "1801")),
          "Ghanaian cocoa: child labor")
    check(any(r["labor"] in ("child", "forced+child") for r in in_force("2020-01-01", "IN", "5201")),
          "Indian cotton: child labor")
    check(bool(in_force("2019-01-01", "CI", "1801")), "Cote d'Ivoire cocoa listed")
    check(any(r["basis"] == "UFLPA-region" for r in rules(flscan, rules_dir, "--as-of", "2023-01-01")),
          "UFLPA region-wide presumption in force 2023")
    print("%d passed, %d failed" % (11 - failures, failures) if failures else "rules data: all checks passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
