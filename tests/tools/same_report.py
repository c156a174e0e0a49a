#!/usr/bin/env python3
"""Compare two outputs of flscan: same_report.py [--cells] A B.

A workbook (.xlsx) is the same when both zips hold the same members in the same order and each
member is the same byte for byte, except the Summary's "Command line" value, masked in both
before comparing (a merged run records the scan's and the merge's command lines there, a
one-process run its own): the shared string that cell points to (xl/sharedStrings.xml), or its
inline string in the sheet (big workbooks, written in libxlsxwriter's constant-memory mode).
The cell is found as flscan writes it: the sheet named Summary, the row whose column A is
"Command line", its column B. Any other file (flags CSV, JSONL, summary JSON) is compared byte
for byte.

With --cells, two workbooks are the same when they hold the same content, however its styles
and strings are numbered: the same members (in any order), every sheet the same once each style
index (a cell's s, a row's s, a column's style, a conditional format's dxfId) is replaced by the
style it names, fonts, fills, borders and number format spelled out, and each shared string by
its text, as if inline; the Summary's "Command line" value masked as above; styles.xml and
sharedStrings.xml themselves are then not compared (what they say is, through the cells), every
other member byte for byte. A change of fill order that renumbers styles passes; a cell given
another look, value or string fails.

Exit 0 when the two are the same; 1 with one line naming the first differing member and offset;
2 when a file cannot be read or a workbook has no Summary "Command line" cell.
"""

import hashlib
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


def sheet_members(zf, name):
    """{member: sheet name} for the workbook's sheets."""
    try:
        book = ET.fromstring(zf.read("xl/workbook.xml"))
        rels = ET.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ET.ParseError) as e:
        raise Unreadable(f"{name}: not a workbook flscan writes ({e})")
    targets = {r.get("Id"): r.get("Target") for r in rels.iter(NS_PKG + "Relationship")}
    out = {}
    for sheet in book.iter(NS_MAIN + "sheet"):
        target = targets.get(sheet.get(NS_REL + "id"), "")
        out[target.lstrip("/") if target.startswith("/") else "xl/" + target] = sheet.get("name")
    return out


def summary_sheet(zf, name):
    """The member name of the sheet called Summary."""
    for member, sheet in sheet_members(zf, name).items():
        if sheet == "Summary":
            return member
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


# ---- --cells: content with the numbering of styles and strings resolved ----------------------

STYLES = "xl/styles.xml"
XF_REF = re.compile(rb'(<c [^>]*? s=|<row [^>]*? s=|<col [^>]*? style=|<cfRule [^>]*? dxfId=)"([0-9]+)"')
SST_CELL = re.compile(rb'<c ([^>]*?)t="s"([^>]*)><v>([0-9]+)</v></c>')


def canon(el):
    """An element as text with its attributes in name order, children in document order."""
    attrs = "".join(f' {k}="{v}"' for k, v in sorted(el.attrib.items()))
    inner = "".join(canon(c) for c in el)
    return f"<{el.tag.replace(NS_MAIN, '')}{attrs}>{(el.text or '').strip()}{inner}</>"


def style_names(zf):
    """{b"xf index": name} and {b"dxf index": name}: a digest of each cellXfs and dxfs entry with
    the fonts, fills, borders and number formats it points to spelled out."""
    if STYLES not in zf.namelist():
        return {}, {}
    root = ET.fromstring(zf.read(STYLES))

    def children(tag):
        el = root.find(NS_MAIN + tag)
        return [] if el is None else list(el)

    fmts = {f.get("numFmtId"): f.get("formatCode") for f in children("numFmts")}
    fonts, fills, borders = ([canon(e) for e in children(t)] for t in ("fonts", "fills", "borders"))

    def pick(table, i):
        return table[int(i)] if i is not None and int(i) < len(table) else f"#{i}"

    def digest(text):
        return hashlib.sha1(text.encode()).hexdigest()[:16].encode()

    xfs = {}
    for i, xf in enumerate(children("cellXfs")):
        a = dict(xf.attrib)
        nf = a.pop("numFmtId", "0")
        parts = [fmts.get(nf, f"builtin {nf}"), pick(fonts, a.pop("fontId", None)),
                 pick(fills, a.pop("fillId", None)), pick(borders, a.pop("borderId", None)),
                 repr(sorted(a.items())), "".join(canon(c) for c in xf)]
        xfs[str(i).encode()] = digest("\n".join(parts))
    dxfs = {str(i).encode(): digest(canon(d)) for i, d in enumerate(children("dxfs"))}
    return xfs, dxfs


def shared_texts(data):
    return [m.group()[4:-5] for m in SI.finditer(data)]


def resolved_sheet(data, xfs, dxfs, sst):
    """The sheet's XML with style indexes replaced by their names and shared strings inlined."""
    def cell(m):
        i = int(m.group(3))
        text = sst[i] if i < len(sst) else b"#" + m.group(3)
        return b"<c " + m.group(1) + b't="inlineStr"' + m.group(2) + b"><is>" + text + b"</is></c>"

    def ref(m):
        table = dxfs if m.group(1).startswith(b"<cfRule") else xfs
        return m.group(1) + b'"' + table.get(m.group(2), b"#" + m.group(2)) + b'"'

    return XF_REF.sub(ref, SST_CELL.sub(cell, data))


def compare_cells(path_a, path_b):
    with open_zip(path_a) as za, open_zip(path_b) as zb:
        names_a, names_b = set(za.namelist()), set(zb.namelist())
        if names_a != names_b:
            only = sorted(names_a ^ names_b)[0]
            return f"{path_a} vs {path_b}: only one holds member {only}"
        masks_a, masks_b = command_line_masks(za, path_a), command_line_masks(zb, path_b)
        sheets_a, sheets_b = sheet_members(za, path_a), sheet_members(zb, path_b)
        if sheets_a != sheets_b:
            return f"{path_a} vs {path_b}: the sheets differ in name or part"
        xfs_a, dxfs_a = style_names(za)
        xfs_b, dxfs_b = style_names(zb)
        sst_a, sst_b = (shared_texts(m.get(SHARED) or (z.read(SHARED) if SHARED in n else b""))
                        for m, z, n in ((masks_a, za, names_a), (masks_b, zb, names_b)))
        for member in sorted(names_a - {STYLES, SHARED}):
            a = masks_a[member] if member in masks_a else za.read(member)
            b = masks_b[member] if member in masks_b else zb.read(member)
            if member in sheets_a:
                a = resolved_sheet(a, xfs_a, dxfs_a, sst_a)
                b = resolved_sheet(b, xfs_b, dxfs_b, sst_b)
            at = first_difference(a, b)
            if at is not None:
                where = f"sheet {sheets_a[member]!r} ({member})" if member in sheets_a else member
                return describe(f"{path_a} vs {path_b}, {where}, styles and strings resolved",
                                a, b, at)
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
    cells = len(argv) == 4 and argv[1] == "--cells"
    if len(argv) != 3 and not cells:
        print("usage: same_report.py [--cells] A B", file=sys.stderr)
        return 2
    a, b = argv[-2], argv[-1]
    try:
        if cells and (a.endswith(".xlsx") or b.endswith(".xlsx")):
            difference = compare_cells(a, b)
        elif a.endswith(".xlsx") or b.endswith(".xlsx"):
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
