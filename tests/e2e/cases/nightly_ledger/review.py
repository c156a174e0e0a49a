#!/usr/bin/env python3
"""A reviewer's pass over a day's report: REPORT OUT.

Marks the Turkmen cotton WRO flag of BOL-2019-TM a false positive (with a note) and the
E.O. 13126 flag of BOL-2011-1 confirmed, on the Flags sheet, then saves as OUT with
"last modified by" alice, as a spreadsheet program would."""
import sys

import openpyxl

wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["Flags"]
head = [c.value for c in ws[1]]
# The key columns come first; Disposition and Reviewer notes are found by their header, as
# flscan's --reviews reader finds them.
assert head[:5] == ["Action", "Severity", "Record ID", "Importer", "Shipper"], head
col = {h: i + 1 for i, h in enumerate(head)}
decisions = {("WRO-TM-COTTON", "BOL-2019-TM"): ("False positive", "buyer's own gin, audited"),
             ("EO13126-UZ-COTTON", "BOL-2011-1"): ("Confirmed", None)}
done = 0
for r in range(2, ws.max_row + 1):
    key = (ws.cell(r, col["Rule ID"]).value, ws.cell(r, col["Record ID"]).value)
    if key in decisions:
        disp, note = decisions[key]
        ws.cell(r, col["Disposition"]).value = disp
        ws.cell(r, col["Reviewer notes"]).value = note
        done += 1
assert done == 2, done
wb.properties.lastModifiedBy = "alice"
wb.save(sys.argv[2])
