#!/usr/bin/env python3
"""A reviewer's pass over night 1's Cases sheet: REPORT OUT.

Confirms the Turkmen cotton case of Turkmen Cotton Co for Acme Apparel (carol, 2026-12-02)
and marks the Malaysian gloves case a false positive (dave, 2026-12-02), in the Decision,
Reviewer notes, Reviewed by and Reviewed on columns, the date as a real date cell. Saves with
openpyxl, which leaves the file's last-modified-by as it was ("flscan" is never credited)."""
import datetime
import sys

import openpyxl

wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["Cases"]
col = {c.value: c.column for c in ws[1]}
want = {("WRO-TM-COTTON", "Turkmen Cotton Co"): ("Confirmed", "importer notified", "carol"),
        ("TVPRA-MY-GLOVES", "Glove Maker Sdn Bhd"): ("False positive", "audited plant", "dave")}
done = 0
for r in range(2, ws.max_row + 1):
    key = (ws.cell(r, col["Rule ID"]).value, ws.cell(r, col["Shipper or supplier"]).value)
    if key in want:
        disp, note, who = want[key]
        ws.cell(r, col["Decision"]).value = disp
        ws.cell(r, col["Reviewer notes"]).value = note
        ws.cell(r, col["Reviewed by"]).value = who
        ws.cell(r, col["Reviewed on"]).value = datetime.date(2026, 12, 2)
        done += 1
assert done == 2, done
wb.save(sys.argv[2])
