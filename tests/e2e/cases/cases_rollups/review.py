#!/usr/bin/env python3
"""A reviewer's pass over night 1's Cases sheet: REPORT OUT.

Acme Apparel's Turkmen cotton case (shipper Turkmen Cotton Co) is Confirmed and its gloves
case (Glove Maker Sdn Bhd) is a False positive; MedSupply's gloves case and Acme's inherited
case (Ashgabat Yarn Mill) are left undecided. Columns found by header."""
import datetime
import sys

import openpyxl

wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["Cases"]
col = {c.value: c.column for c in ws[1]}
want = {("WRO-TM-COTTON", "Turkmen Cotton Co"): "Confirmed",
        ("TVPRA-MY-GLOVES", "Glove Maker Sdn Bhd"): "False positive"}
done = 0
for r in range(2, ws.max_row + 1):
    if "acme" not in ws.cell(r, col["Importer"]).value.lower():
        continue
    key = (ws.cell(r, col["Rule ID"]).value, ws.cell(r, col["Shipper or supplier"]).value)
    if key in want:
        ws.cell(r, col["Decision"]).value = want[key]
        ws.cell(r, col["Reviewed by"]).value = "erin"
        ws.cell(r, col["Reviewed on"]).value = datetime.date(2026, 12, 2)
        done += 1
assert done == 2, done
wb.save(sys.argv[2])
