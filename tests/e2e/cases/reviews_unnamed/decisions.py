#!/usr/bin/env python3
"""A reviews CSV from a flags CSV: FLAGS OUT

BOL-2011-1's E.O. 13126 flag confirmed by its fingerprint, with no reviewer column value,
and a decision for a case this ledger does not know (C-0123456789ab)."""
import csv
import sys

rows = [r for r in csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8"))
        if (r["rule_id"], r["record_id"]) == ("EO13126-UZ-COTTON", "BOL-2011-1")]
assert len(rows) == 1
with open(sys.argv[2], "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["fingerprint", "case", "disposition", "note", "reviewer"])
    w.writerow([rows[0]["fingerprint"], "", "Confirmed", "checked the mill", ""])
    w.writerow(["", "C-0123456789ab", "Resolved", "", "kim"])
