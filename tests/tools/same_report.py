#!/usr/bin/env python3
"""Compare two outputs of flscan: same_report.py A B.

A workbook (.xlsx) is the same when both zips hold the same members in the same order and each
member is the same byte for byte, except the Summary's "Command line" value, masked in both
before comparing (a merged run records the scan's and the merge's command lines there, a
one-process run its own): the shared string that cell points to (xl/sharedStrings.xml), or its
inline string in the sheet (big workbooks, written in libxlsxwriter's constant-memory mode).
The cell is found as flscan writes it: the sheet named Summary, the row whose column A is
"Command line", its column B. Any other file (flags CSV, JSONL, summary JSON) is compared byte
for byte.

Exit 0 when the two are the same; 1 with one line naming the first differing member and offset;
2 when a file cannot be read or a workbook has no Summary "Command line" cell.
"""

import re
import sys
import zipfile
import xml.etree.ElementTree as ET

NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
NS_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
SHARED = "xl/sharedStrings.xml"
SI = re.compile(rb"<si>.*?</si>", re.S)
ROW = re.compile(rb"<row [^>]*>(.*?)</row>", re.S)
CELL = re.compile(rb'<c r="([A-Z]+)[0-9]+"([^>]*?)(?:/>|>(.*?)</c>)', re.S)
VALUE = re.compile(rb"<v>([0-9]+)</v>")


class Unreadable(Exception):
    pass


def first_difference(a, b):
    """Offset of the first byte where a and b differ, or None when they are equal."""
    if a == b:
        return None
    va, vb = memoryview(a), memoryview(b)
    n, block = min(len(a), len(b)), 1 << 16
    for start in range(0, n, block):  # block by block, then byte by byte in the first unequal
        if va[start:start + block] != vb[start:start + block]:
            for i in range(start, min(start + block, n)):
                if a[i] != b[i]:
                    return i
    return n


def excerpt(data, at):
    return repr(bytes(data[max(0, at - 20):at + 40]))[1:]


def describe(where, a, b, at):
    line = a.count(b"\n", 0, at) + 1
    return (f"{where}: differ at byte {at} (line {line}): "
            f"{excerpt(a, at)} vs {excerpt(b, at)}")


def summary_sheet(zf, name):
    """The member name of the sheet called Summary."""
    try:
        book = ET.fromstring(zf.read("xl/workbook.xml"))
        rels = ET.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ET.ParseError) as e:
        raise Unreadable(f"{name}: not a workbook flscan writes ({e})")
    targets = {r.get("Id"): r.get("Target") for r in rels.iter(NS_PKG + "Relationship")}
    for sheet in book.iter(NS_MAIN + "sheet"):
        if sheet.get("name") == "Summary":
            target = targets.get(sheet.get(NS_REL + "id"), "")
            return target.lstrip("/") if target.startswith("/") else "xl/" + target
    raise Unreadable(f"{name}: no Summary sheet")


def command_line_masks(zf, name):
    """{member: bytes} with the Summary's "Command line" value masked: xl/sharedStrings.xml when
    the cell points to a shared string, the Summary sheet itself when the string is inline (as
    libxlsxwriter writes it in constant-memory mode, which flscan uses for big workbooks)."""
    sheet_name = summary_sheet(zf, name)
    sheet = zf.read(sheet_name)
    shared = zf.read(SHARED) if SHARED in zf.namelist() else b""
    spans = [m.span() for m in SI.finditer(shared)]

    def text(cell):  # the cell's string as stored, <si>...</si> or <is>...</is>, and its place
        if cell.group(3) is None:  # an empty cell, <c .../>
            return None, None
        if b't="s"' in cell.group(2):
            v = VALUE.search(cell.group(3))
            if v and int(v.group(1)) < len(spans):
                s, e = spans[int(v.group(1))]
                return shared[s:e], (SHARED, s, e)
        if b't="inlineStr"' in cell.group(2):
            return cell.group(3), (sheet_name, cell.start(3), cell.end(3))
        return None, None

    for row in ROW.finditer(sheet):
        cells = {m.group(1): m for m in CELL.finditer(sheet, row.start(1), row.end(1))}
        if b"A" not in cells or b"B" not in cells:
            continue
        label, _ = text(cells[b"A"])
        if label not in (b"<si><t>Command line</t></si>", b"<is><t>Command line</t></is>"):
            continue
        value, where = text(cells[b"B"])
        if value is None:
            break
        member, s, e = where
        data, mark = (shared, b"<si><t>(command line)</t></si>") if member == SHARED else \
            (sheet, b"<is><t>(command line)</t></is>")
        return {member: data[:s] + mark + data[e:]}
    raise Unreadable(f"{name}: no 'Command line' string cell on the Summary sheet")


def open_zip(path):
    try:
        return zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as e:
        raise Unreadable(f"{path}: {e}")


def compare_workbooks(path_a, path_b):
    with open_zip(path_a) as za, open_zip(path_b) as zb:
        names_a, names_b = za.namelist(), zb.namelist()
        for i, (na, nb) in enumerate(zip(names_a, names_b)):
            if na != nb:
                return f"{path_a} vs {path_b}: member {i + 1} is {na} vs {nb}"
        if len(names_a) != len(names_b):
            longer, extra = (path_a, names_a) if len(names_a) > len(names_b) else (path_b, names_b)
            return f"{longer} has more members, the first {extra[min(len(names_a), len(names_b))]}"
        masks_a, masks_b = command_line_masks(za, path_a), command_line_masks(zb, path_b)
        for member in names_a:
            a = masks_a[member] if member in masks_a else za.read(member)
            b = masks_b[member] if member in masks_b else zb.read(member)
            at = first_difference(a, b)
            if at is not None:
                return describe(f"{path_a} vs {path_b}, member {member}", a, b, at)
    return None


def compare_files(path_a, path_b):
    try:
        with open(path_a, "rb") as fa, open(path_b, "rb") as fb:
            a, b = fa.read(), fb.read()
    except OSError as e:
        raise Unreadable(str(e))
    at = first_difference(a, b)
    return None if at is None else describe(f"{path_a} vs {path_b}", a, b, at)


def main(argv):
    if len(argv) != 3:
        print("usage: same_report.py A B", file=sys.stderr)
        return 2
    a, b = argv[1], argv[2]
    try:
        if a.endswith(".xlsx") or b.endswith(".xlsx"):
            difference = compare_workbooks(a, b)
        else:
            difference = compare_files(a, b)
    except Unreadable as e:
        print(f"same_report: {e}", file=sys.stderr)
        return 2
    if difference is not None:
        print(f"same_report: {difference}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
