#!/usr/bin/env python3
"""Write the cells of one sheet of a workbook as CSV, for bench/sheet_pass.

Usage: sheet_cells.py WORKBOOK.xlsx SHEET OUT.csv

Reads the sheet's XML part as a stream (the Cases sheet of a 5M-row run is half a gigabyte
of XML) and writes one CSV record per sheet row, from column A to the row's last cell: a
number cell's value as written in the XML, a string cell's text (inline, shared or rich
runs joined), an empty or missing cell as an empty field. Rows with no cell at all between
two rows with cells are written as records of one empty field (an empty line is no
record to libcsv). Prints the rows and cells written.

Exit status 0; 1 when the workbook cannot be read or has no such sheet; 2 (usage).
Standard library only.
"""

import csv
import sys
import zipfile
import xml.etree.ElementTree as ET

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def sheet_part(z, name):
    """The zip member of the sheet called name, or None."""
    book = ET.fromstring(z.read("xl/workbook.xml"))
    rid = None
    for s in book.iter(NS + "sheet"):
        if s.get("name") == name:
            rid = s.get(REL)
    if rid is None:
        return None
    rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    for r in rels:
        if r.get("Id") == rid:
            target = r.get("Target")
            return target.lstrip("/") if target.startswith("/") else "xl/" + target
    return None


def shared_strings(z):
    if "xl/sharedStrings.xml" not in z.namelist():
        return []
    out = []
    for _, el in ET.iterparse(z.open("xl/sharedStrings.xml")):
        if el.tag == NS + "si":
            out.append("".join(t.text or "" for t in el.iter(NS + "t")))
            el.clear()
    return out


def column(ref):
    """0-based column of a cell reference such as "AB12"."""
    n = 0
    for ch in ref:
        if not ch.isalpha():
            break
        n = n * 26 + (ord(ch.upper()) - 64)
    return n - 1


def cell_text(c, sst):
    kind = c.get("t")
    if kind == "inlineStr":
        return "".join(t.text or "" for t in c.iter(NS + "t"))
    v = c.find(NS + "v")
    if v is None or v.text is None:
        return ""
    if kind == "s":
        return sst[int(v.text)]
    return v.text


def main():
    if len(sys.argv) != 4:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    path, name, out = sys.argv[1:]
    try:
        z = zipfile.ZipFile(path)
        part = sheet_part(z, name)
    except (OSError, zipfile.BadZipFile, KeyError, ET.ParseError) as e:
        print(f"sheet_cells.py: {path}: {e}", file=sys.stderr)
        return 1
    if part is None:
        print(f"sheet_cells.py: {path}: no sheet called {name!r}", file=sys.stderr)
        return 1
    sst = shared_strings(z)
    rows = cells = 0
    last_row = 0
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        for _, el in ET.iterparse(z.open(part)):
            if el.tag != NS + "row":
                continue
            r = int(el.get("r"))
            while last_row + 1 < r:  # rows with no cell (one empty field: a CSV record)
                w.writerow([""])
                rows += 1
                last_row += 1
            record = []
            for c in el.iter(NS + "c"):
                col = column(c.get("r"))
                while len(record) < col:
                    record.append("")
                text = cell_text(c, sst)
                record.append(text)
                cells += text != ""
            w.writerow(record or [""])
            rows += 1
            last_row = r
            el.clear()
    print(rows, cells)
    return 0


if __name__ == "__main__":
    sys.exit(main())
