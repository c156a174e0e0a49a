#!/usr/bin/env python3
"""Write the seeds of fuzz_reviews to fuzz/corpus/reviews/ (or the folder given).

Three forms, as fuzz_reviews.c reads them:
  *.csv    reviews CSV files (fingerprint,disposition,note[,reviewer,date]);
  *.xlsx   small hand-made workbooks, deflated as Excel writes them, with shared and inline
           strings, phonetic runs, rich text, odd cell references, a mutated sharedStrings.xml
           and sheet XML, several sheets, a lying or missing part;
  *.parts  a NUL byte, then the parts of a one-sheet workbook separated by NUL bytes
           (workbook.xml, workbook.xml.rels, sheet1.xml, sharedStrings.xml, core.xml), which
           the target zips itself.
With --flscan BIN it also writes flscan_report.xlsx, the report BIN writes for the first 39
records of datasets/sample_shipments.csv against the e2e rule set (tests/e2e/rules) with
--as-of 2024-06-30, so that the seed is the same bytes on every run.

Run from anywhere: python3 fuzz/make_review_seeds.py [--flscan build/flscan] [OUTDIR]
"""
import argparse
import os
import shutil
import subprocess
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)

FP1 = "a" * 64
FP2 = "0123456789ABCDEF" * 4
FP3 = "c" * 63 + "g"

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
NS_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

CONTENT_TYPES = (
    DECL + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    "</Types>")
ROOT_RELS = (
    DECL + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>")


def workbook(names):
    sheets = "".join('<sheet name="%s" sheetId="%d" r:id="rId%d"/>' % (n, i + 1, i + 1)
                     for i, n in enumerate(names))
    return DECL + "<workbook %s %s><sheets>%s</sheets></workbook>" % (NS, NS_R, sheets)


def rels(targets):
    rs = "".join('<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/'
                 'officeDocument/2006/relationships/worksheet" Target="%s"/>' % (i + 1, t)
                 for i, t in enumerate(targets))
    return (DECL + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            'relationships">%s</Relationships>' % rs)


def sheet(rows):
    return DECL + "<worksheet %s><sheetData>%s</sheetData></worksheet>" % (NS, "".join(rows))


def sst(items):
    return (DECL + '<sst %s count="%d" uniqueCount="%d">%s</sst>'
            % (NS, len(items), len(items), "".join(items)))


def core(who, when):
    return (DECL + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
            'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            "<dc:creator>flscan</dc:creator><cp:lastModifiedBy>%s</cp:lastModifiedBy>"
            '<dcterms:modified xsi:type="dcterms:W3CDTF">%s</dcterms:modified>'
            "</cp:coreProperties>" % (who, when))


def s(ref, i):
    return '<c r="%s" t="s"><v>%s</v></c>' % (ref, i)


def inl(ref, text):
    r = ' r="%s"' % ref if ref else ""
    return '<c%s t="inlineStr"><is><t>%s</t></is></c>' % (r, text)


HEADER_SST = ["<si><t>Fingerprint</t></si>", "<si><t>Disposition</t></si>",
              "<si><t>Reviewer notes</t></si>"]

# name -> parts (member name -> text); the first sheet is xl/worksheets/sheet1.xml
BOOKS = {}

BOOKS["shared_strings"] = {
    "xl/workbook.xml": workbook(["Flags"]),
    "xl/_rels/workbook.xml.rels": rels(["worksheets/sheet1.xml"]),
    "xl/worksheets/sheet1.xml": sheet([
        '<row r="1">' + s("A1", 0) + s("B1", 1) + s("C1", 2) + "</row>",
        '<row r="2">' + s("A2", 3) + s("B2", 4) + s("C2", 5) + "</row>",
        '<row r="3">' + s("A3", 6) + s("B3", 7) + "</row>",
    ]),
    "xl/sharedStrings.xml": sst(HEADER_SST + [
        "<si><t>%s</t></si>" % FP1, "<si><t>false positive</t></si>",
        '<si><t xml:space="preserve">  same firm name, other city\nchecked  </t></si>',
        "<si><t>%s</t></si>" % FP2, "<si><t>Escalated</t></si>"]),
    "docProps/core.xml": core("A. Reviewer", "2024-05-01T10:00:00Z"),
}

BOOKS["inline_strings"] = {
    "xl/workbook.xml": workbook(["New flags"]),
    "xl/_rels/workbook.xml.rels": rels(["worksheets/sheet1.xml"]),
    "xl/worksheets/sheet1.xml": sheet([
        "<row>" + inl(None, "Reviewer notes") + inl(None, "Fingerprint") + inl(None, "x") +
        inl(None, "Disposition") + "</row>",
        "<row>" + inl(None, "<![CDATA[note & <cdata>]]>") + inl(None, FP1) +
        '<c t="b"><v>1</v></c>' + inl(None, "Open") + "</row>",
        '<row><c t="inlineStr"><is><r><t>rich </t></r><r><rPr><b/></rPr><t>text</t></r>'
        "<rPh><t>ignored</t></rPh></is></c>" + inl(None, FP2) + '<c t="n"><v>3.5</v></c>' +
        inl(None, "RESOLVED") + "</row>",
        "<row/>",
        '<row r="7">' + inl("B7", FP3) + inl("D7", "Confirmed") + "</row>",
    ]),
    "docProps/core.xml": core("", "not a date"),
}

BOOKS["mutated_sst"] = {
    "xl/workbook.xml": workbook(["Flags"]),
    "xl/_rels/workbook.xml.rels": rels(["worksheets/sheet1.xml"]),
    "xl/worksheets/sheet1.xml": sheet([
        '<row r="1">' + s("A1", 0) + s("B1", 1) + s("C1", 2) + "</row>",
        '<row r="2">' + s("A2", 3) + s("B2", 4) + s("C2", 99) + "</row>",
        '<row r="3">' + s("A3", "abc") + s("B3", "-1") + s("C3", "") + "</row>",
        '<row r="4">' + s("A4", 5) + s("B4", 6) + s("C4", "18446744073709551616") + "</row>",
    ]),
    "xl/sharedStrings.xml": DECL + '<sst %s count="999999999" uniqueCount="2">' % NS + "".join(
        HEADER_SST + [
            "<si><r><t>%s</t></r><r><t>%s</t></r></si>" % (FP1[:30], FP1[30:]),
            "<si><t>Confirmed</t><rPh sb=\"0\" eb=\"1\"><t>phonetic</t></rPh></si>",
            "<si/>",
            "<si><t>&#x4E2D;&amp;&lt;&#1;</t><t/></si>",
            "<si><rPh><rPh><t>nested</t></rPh></rPh><t>%s</t></si>" % FP2,
        ]) + "</sst>",
    "docProps/core.xml": core("B", "2024-02-30T00:00:00Z"),
}

BOOKS["mutated_sheet"] = {
    "xl/workbook.xml": workbook(["Flags"]),
    "xl/_rels/workbook.xml.rels": rels(["worksheets/sheet1.xml"]),
    "xl/worksheets/sheet1.xml": sheet([
        '<row r="1">' + inl("B1", "Fingerprint") + inl("XFD1", "Disposition") +
        inl("a1", "Reviewer notes") + "</row>",
        '<row r="1048576">' + inl("B1048576", FP1) + inl("XFD1048576", "open") + "</row>",
        "<row>" + inl("B0", FP2) + inl("AAAAAAA9", "Resolved") + inl("", "x") + "</row>",
        '<row r="-5">' + inl("B", FP1) + inl("1", "Confirmed") + "</row>",
        '<row r="12abc"><c r="B2"><v>%s</v></c><c r="XFD2" t="str"><v>Escalated</v></c>'
        '<c r="C2" t="e"><v>#N/A</v></c></row>' % FP1,
        '<row r="3"><c r="B3" t="inlineStr"><is><t>%s</t></is><v>ignored</v></c>'
        '<c r="XFD3" t="inlineStr"><is><t>Open</t><t>Open</t></is></c></row>' % FP2,
    ]),
}

BOOKS["malformed_sst"] = dict(BOOKS["shared_strings"])
BOOKS["malformed_sst"]["xl/sharedStrings.xml"] = sst(HEADER_SST)[:-6] + "<si><t>unclosed</t>"

BOOKS["two_sheets"] = {
    "xl/workbook.xml": workbook(["Summary", "Suppressed", "No part"]).replace(
        '<sheet name="No part" sheetId="3" r:id="rId3"/>', '<sheet name="No part" sheetId="3"/>'),
    "xl/_rels/workbook.xml.rels": rels(["worksheets/sheet1.xml", "/xl/worksheets/sheet2.xml"]),
    "xl/worksheets/sheet1.xml": sheet([
        '<row r="1">' + inl("A1", "flscan report") + "</row>",
        '<row r="2">' + inl("A2", FP1) + inl("B2", "Open") + "</row>",
    ]),
    "xl/worksheets/sheet2.xml": sheet([
        '<row r="1">' + inl("C1", "Disposition") + inl("A1", "Fingerprint") + "</row>",
        '<row r="2">' + inl("A2", FP1) + inl("C2", "False Positive") + "</row>",
        '<row r="3">' + inl("A3", FP3) + inl("C3", "Open") + "</row>",
        '<row r="4">' + inl("A4", FP2) + inl("C4", "maybe") + "</row>",
    ]),
    "docProps/core.xml": core("Reviewer &amp; Co", "2023-12-31"),
}

BOOKS["no_usable_sheet"] = {
    "xl/workbook.xml": workbook(["Summary"]),
    "xl/_rels/workbook.xml.rels": rels(["worksheets/sheet1.xml"]),
    "xl/worksheets/sheet1.xml": sheet(['<row r="1">' + inl("A1", "Fingerprint") + "</row>"]),
}

BOOKS["missing_rels"] = {
    "xl/workbook.xml": workbook(["Flags"]),
    "xl/worksheets/sheet1.xml": sheet([]),
}

BOOKS["entities"] = {
    "xl/workbook.xml": workbook(["Flags"]),
    "xl/_rels/workbook.xml.rels": rels(["worksheets/sheet1.xml"]),
    "xl/worksheets/sheet1.xml": '<?xml version="1.0"?>\n<!DOCTYPE w [<!ENTITY d "Disposition">'
    '<!ENTITY e SYSTEM "http://example.invalid/e">]>' + "<worksheet %s><sheetData>" % NS +
    '<row r="1">' + inl("A1", "Fingerprint") + inl("B1", "&d;") + inl("C1", "Reviewer notes") +
    "</row>" + '<row r="2">' + inl("A2", FP1) + inl("B2", "Open") + inl("C2", "&e;") + "</row>"
    "</sheetData></worksheet>",
    "xl/sharedStrings.xml": sst(["<si><t>&d;</t></si>"]),
}

PARTS = ["xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml",
         "xl/sharedStrings.xml", "docProps/core.xml"]

CSVS = {
    "basic.csv": "fingerprint,disposition,note\n%s,False positive,same name other firm\n"
                 "%s,,note only\n%s,Confirmed,\n" % (FP1, FP2, FP1),
    "full.csv": '\ufeffdate,note,extra,fingerprint,reviewer,disposition\r\n'
                '2024-05-01,"line one\r\nline ""two""",x,%s,A. Reviewer,escalated\r\n'
                "2024-02-30,,y,%s,,Resolved\r\n"
                "not-a-date,n,z,%s,B,Open\r\n"
                ",n,z,,B,Open\r\n"
                "2024-01-01,n,z,%s,B,Closed\r\n" % (FP1, FP2, FP3, FP1),
    "missing_column.csv": "fingerprint,note\n%s,hello\n" % FP1,
    "ragged.csv": 'fingerprint,disposition,note\n%s,Open\n"%s,Open,"x\n' % (FP1, FP2),
}


def write_zip(path, parts):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in [("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", ROOT_RELS)] + \
                list(parts.items()):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text.encode("utf-8"))


def write_parts(path, parts):
    data = b"\0" + b"\0".join(parts.get(p, "").encode("utf-8") for p in PARTS)
    with open(path, "wb") as f:
        f.write(data)


def flscan_report(binary, out):
    """Run binary in a scratch folder with relative paths only: the report quotes its
    command line and input names, and a seed must not carry this machine's paths."""
    binary = os.path.abspath(binary)
    src = os.path.join(TOP, "datasets", "sample_shipments.csv")
    with open(src, "rb") as f:
        head = b"".join(f.readlines()[:40])
    with tempfile.TemporaryDirectory() as tmp:
        with open(os.path.join(tmp, "shipments.csv"), "wb") as f:
            f.write(head)
        shutil.copytree(os.path.join(TOP, "tests", "e2e", "rules"), os.path.join(tmp, "rules"))
        shutil.copytree(os.path.join(TOP, "datasets"), os.path.join(tmp, "datasets"),
                        ignore=shutil.ignore_patterns("sample_*", "*.py"))
        subprocess.run([binary, "scan", "--shipments", "shipments.csv", "--rules", "rules",
                        "--as-of", "2024-06-30", "--out", "report.xlsx", "--quiet"],
                       cwd=tmp, check=True)
        shutil.copyfile(os.path.join(tmp, "report.xlsx"), out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--flscan", help="flscan binary: also write the report it makes")
    ap.add_argument("outdir", nargs="?", default=os.path.join(HERE, "corpus", "reviews"))
    a = ap.parse_args()
    os.makedirs(a.outdir, exist_ok=True)
    for name, parts in BOOKS.items():
        write_zip(os.path.join(a.outdir, name + ".xlsx"), parts)
        if "xl/worksheets/sheet2.xml" not in parts:
            write_parts(os.path.join(a.outdir, name + ".parts"), parts)
    for name, text in CSVS.items():
        with open(os.path.join(a.outdir, name), "wb") as f:
            f.write(text.encode("utf-8"))
    if a.flscan:
        flscan_report(a.flscan, os.path.join(a.outdir, "flscan_report.xlsx"))


if __name__ == "__main__":
    main()
