#!/usr/bin/env python3
"""A save that names no one, as LibreOffice leaves a file whose user set no name: REPORT OUT.

Marks BOL-2019-TM's WRO flag a false positive on the Flags sheet (no 'Reviewed by' or
'Reviewed on' columns), saves, then rewrites docProps/core.xml as such a save does: the
last-modified-by property empty and the modified date that of the save (2026-01-07)."""
import re
import sys
import zipfile

import openpyxl

src, out = sys.argv[1:3]
wb = openpyxl.load_workbook(src)
ws = wb["Flags"]
col = {c.value: c.column for c in ws[1]}
done = 0
for r in range(2, ws.max_row + 1):
    if (ws.cell(r, col["Rule ID"]).value, ws.cell(r, col["Record ID"]).value) == \
            ("WRO-TM-COTTON", "BOL-2019-TM"):
        ws.cell(r, col["Disposition"]).value = "False positive"
        done += 1
assert done == 1
tmp = out + ".tmp"
wb.save(tmp)
with zipfile.ZipFile(tmp) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
    for item in zin.infolist():
        data = zin.read(item.filename)
        if item.filename == "docProps/core.xml":
            core = data.decode()
            core, n = re.subn(r"<cp:lastModifiedBy>[^<]*</cp:lastModifiedBy>",
                              "<cp:lastModifiedBy></cp:lastModifiedBy>", core)
            assert n == 1
            core, n = re.subn(r"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                              r"\g<1>2026-01-07T10:15:00Z\g<2>", core)
            assert n == 1
            data = core.encode()
        zout.writestr(item, data)
