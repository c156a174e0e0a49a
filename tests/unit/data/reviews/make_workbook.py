#!/usr/bin/env python3
"""Write a small hand-made .xlsx for test_reviews: OUT [lastModifiedBy]

Sheets: "Flags" (shared strings, a phonetic run, a rich string, cells without r="..."),
"New flags" (inline strings), "Notes" (no Fingerprint column: ignored). Only zipfile is
used, so the XML is exactly what a test wants to see read."""
import sys
import zipfile

FP1 = "a" * 64
FP2 = "B" * 64
FP3 = "c" * 64

out = sys.argv[1]
who = sys.argv[2] if len(sys.argv) > 2 else "alice"

sst = ["Fingerprint", "Disposition", "Reviewer notes", "Rule ID", FP1, "false positive",
       FP2, "Confirmed"]
sst_xml = ('<?xml version="1.0" encoding="UTF-8"?>'
           '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           + "".join('<si><t xml:space="preserve">%s</t></si>' % s for s in sst)
           # 8: a rich string with a phonetic run that must not be read
           + '<si><r><t>our own </t></r><r><rPr><b/></rPr><t>mill</t></r>'
             '<rPh sb="0" eb="1"><t>XX</t></rPh></si>'
           + '</sst>')

flags_xml = ('<?xml version="1.0" encoding="UTF-8"?>'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
             '<row r="1"><c r="A1" t="s"><v>3</v></c><c r="B1" t="s"><v>1</v></c>'
             '<c r="C1" t="s"><v>2</v></c><c r="E1" t="s"><v>0</v></c></row>'
             # r attributes missing on the cells of row 2: they come in order A, B, C, D, E
             '<row r="2"><c t="s"><v>3</v></c><c t="s"><v>5</v></c><c t="s"><v>8</v></c><c/>'
             '<c t="s"><v>4</v></c></row>'
             '<row r="3"><c r="B3" t="s"><v>7</v></c><c r="E3" t="s"><v>6</v></c></row>'
             '<row r="4"><c r="B4" t="str"><v>Maybe</v></c><c r="E4" t="inlineStr"><is><t>'
             + FP3 + '</t></is></c></row>'
             '<row r="5"><c r="B5" t="s"><v>7</v></c></row>'
             '<row r="6"/>'
             '</sheetData></worksheet>')

new_xml = ('<?xml version="1.0" encoding="UTF-8"?>'
           '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
           '<row r="1"><c r="A1" t="inlineStr"><is><t>Disposition</t></is></c>'
           '<c r="B1" t="inlineStr"><is><t>Fingerprint</t></is></c></row>'
           '<row r="2"><c r="A2" t="inlineStr"><is><t>Escalated</t></is></c>'
           '<c r="B2" t="inlineStr"><is><t>' + FP3 + '</t></is></c></row>'
           '</sheetData></worksheet>')

notes_xml = ('<?xml version="1.0" encoding="UTF-8"?>'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
             '<row r="1"><c r="A1" t="inlineStr"><is><t>Disposition</t></is></c></row>'
             '<row r="2"><c r="A2" t="inlineStr"><is><t>Confirmed</t></is></c></row>'
             '</sheetData></worksheet>')

workbook = ('<?xml version="1.0" encoding="UTF-8"?>'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            '<sheet name="Notes" sheetId="3" r:id="rId3"/>'
            '<sheet name="Flags" sheetId="1" r:id="rId1"/>'
            '<sheet name="New flags" sheetId="2" r:id="rId2"/>'
            '</sheets></workbook>')

rels = ('<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Type="worksheet" Target="/xl/worksheets/sheet2.xml"/>'
        '<Relationship Id="rId3" Type="worksheet" Target="worksheets/sheet3.xml"/>'
        '</Relationships>')

core = ('<?xml version="1.0" encoding="UTF-8"?>'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        '<dc:creator>flscan</dc:creator><cp:lastModifiedBy>' + who + '</cp:lastModifiedBy>'
        '<dcterms:modified xsi:type="dcterms:W3CDTF">2026-01-02T09:30:00Z</dcterms:modified>'
        '</cp:coreProperties>')

with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
    z.writestr("xl/workbook.xml", workbook)
    z.writestr("xl/_rels/workbook.xml.rels", rels)
    z.writestr("xl/sharedStrings.xml", sst_xml)
    z.writestr("xl/worksheets/sheet1.xml", flags_xml)
    z.writestr("xl/worksheets/sheet2.xml", new_xml)
    z.writestr("xl/worksheets/sheet3.xml", notes_xml)
    z.writestr("docProps/core.xml", core)
