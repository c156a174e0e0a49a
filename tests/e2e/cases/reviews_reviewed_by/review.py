#!/usr/bin/env python3
"""A reviewer's pass over the Flags sheet with 'Reviewed by' and 'Reviewed on': REPORT OUT.

Adds the two header cells after the last column when the report has none, then decides three
flags: BOL-2019-TM's WRO flag a false positive by dana on 5 January 2026 (a date cell),
BOL-2011-1's E.O. 13126 flag confirmed by erin on 2026-01-06 (ISO text), and BOL-2020-1's
flag escalated with both cells left blank. The file's last-modified-by property is left as
flscan wrote it (openpyxl keeps it), so the blank row names no one."""
import datetime
import sys

import openpyxl

wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["Flags"]
head = [c.value for c in ws[1]]
for name in ("Reviewed by", "Reviewed on"):
    if name not in head:
        ws.cell(1, len(head) + 1).value = name
        head.append(name)
col = {h: i + 1 for i, h in enumerate(head)}
decisions = {
    ("WRO-TM-COTTON", "BOL-2019-TM"): ("False positive", "buyer's own gin", "dana",
                                       datetime.date(2026, 1, 5)),
    ("EO13126-UZ-COTTON", "BOL-2011-1"): ("Confirmed", None, "erin", "2026-01-06"),
    ("TVPRA-UZ-COTTON-2", "BOL-2020-1"): ("Escalated", None, None, None),
}
done = 0
for r in range(2, ws.max_row + 1):
    key = (ws.cell(r, col["Rule ID"]).value, ws.cell(r, col["Record ID"]).value)
    if key in decisions:
        disp, note, who, when = decisions[key]
        ws.cell(r, col["Disposition"]).value = disp
        ws.cell(r, col["Reviewer notes"]).value = note
        ws.cell(r, col["Reviewed by"]).value = who
        ws.cell(r, col["Reviewed on"]).value = when
        done += 1
assert done == 3, done
assert wb.properties.lastModifiedBy == "flscan", wb.properties.lastModifiedBy
wb.save(sys.argv[2])
