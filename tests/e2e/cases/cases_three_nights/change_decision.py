#!/usr/bin/env python3
"""A second reviewer's pass over night 3's Cases sheet: REPORT OUT.

Changes the Decision of the decided Malaysian gloves case (False positive, pre-filled with
dave and 2026-12-02 in Reviewed by and Reviewed on) to Confirmed and leaves those two cells
as they were: the change must not be credited to dave."""
import sys

import openpyxl

wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["Cases"]
col = {c.value: c.column for c in ws[1]}
done = 0
for r in range(2, ws.max_row + 1):
    if ws.cell(r, col["Rule ID"]).value == "TVPRA-MY-GLOVES":
        assert ws.cell(r, col["Reviewed by"]).value == "dave", ws.cell(r, col["Reviewed by"]).value
        ws.cell(r, col["Decision"]).value = "Confirmed"
        done += 1
assert done == 1, done
wb.save(sys.argv[2])
