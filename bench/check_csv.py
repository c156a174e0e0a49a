#!/usr/bin/env python3
"""Check a generated shipment file: header, field count on every record, UTF-8, sizes.

Usage: python3 bench/check_csv.py FILE [FILE...]

Parses with Python's csv module (RFC 4180 dialect, strict) and reports the number of records,
average bytes per record, records whose fields contain a line break or a double quote, and the
number of distinct Country of Origin and HS Code spellings. Exit status 1 if any record has the
wrong number of fields, the header differs, or the file is not UTF-8.
Standard library only.
"""

import csv
import os
import sys

HEADER = [
    "Bill of Lading Number", "Arrival Date", "Consignee Name", "Shipper Name",
    "Shipper Address", "Country of Origin", "Foreign Port of Lading", "HS Code",
    "Product Description", "Quantity", "Weight (kg)", "Value (USD)",
]


def check(path):
    size = os.path.getsize(path)
    ok = True
    records = bad = newline = quote = 0
    countries = {}
    hs_shapes = {}
    try:
        with open(path, newline="", encoding="utf-8", errors="strict") as f:
            reader = csv.reader(f, strict=True)
            header = next(reader, None)
            if header != HEADER:
                print("%s: unexpected header: %r" % (path, header))
                ok = False
            for row in reader:
                records += 1
                if len(row) != len(HEADER):
                    bad += 1
                    if bad <= 5:
                        print("%s: record %d (ends on line %d): %d fields"
                              % (path, records, reader.line_num, len(row)))
                    continue
                if any("\n" in v for v in row):
                    newline += 1
                if any('"' in v for v in row):
                    quote += 1
                countries[row[5]] = countries.get(row[5], 0) + 1
                shape = "".join("9" if c.isdigit() else c for c in row[7])
                hs_shapes[shape] = hs_shapes.get(shape, 0) + 1
    except UnicodeDecodeError as e:
        print("%s: not UTF-8: %s" % (path, e))
        return False
    except csv.Error as e:
        print("%s: CSV error: %s" % (path, e))
        return False
    if bad:
        ok = False
    print("%s: %d records, %d bytes, %.1f bytes/record, %d with wrong field count"
          % (path, records, size, size / records if records else 0.0, bad))
    print("  %d records with a line break in a field (%.2f%%), %d with a double quote (%.2f%%)"
          % (newline, 100.0 * newline / max(records, 1), quote, 100.0 * quote / max(records, 1)))
    top = sorted(hs_shapes.items(), key=lambda kv: (-kv[1], kv[0]))[:8]
    print("  %d Country of Origin spellings; HS code shapes: %s"
          % (len(countries), ", ".join("%s %d" % kv for kv in top)))
    return ok


def main():
    if len(sys.argv) < 2:
        sys.stderr.write(__doc__)
        return 2
    ok = True
    for p in sys.argv[1:]:
        ok = check(p) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
