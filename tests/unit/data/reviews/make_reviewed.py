#!/usr/bin/env python3
"""Write a small workbook with openpyxl for test_reviews: OUT WHO MODE

A "Flags" sheet and a "Cases" sheet with "Reviewed by" and "Reviewed on" columns, filled
as a reviewer would: date cells, a date-time cell, ISO text, a plain number and a D/M/Y
text that are no dates, and rows that leave both blank. "Notes" has neither kind of header.

WHO is the file's last-modified-by property ("" for none). MODE:
  saved     created 2026-01-01, modified 2026-01-09 (a person saved it)
  unsaved   modified equal to created (as flscan wrote it)
  1904      as saved, in the 1904 date system (date cells count days from 1904-01-01)
  iso       as saved, date cells written as ISO dates (t="d") instead of serial numbers
"""
import datetime
import sys

import openpyxl
from openpyxl.utils.datetime import CALENDAR_MAC_1904

FP = ["%x" % i * 64 for i in range(1, 7)]  # "111...1", "222...2", ...

out, who, mode = sys.argv[1:4]
wb = openpyxl.Workbook()
if mode == "1904":
    wb.epoch = CALENDAR_MAC_1904
if mode == "iso":
    wb.iso_dates = True

ws = wb.active
ws.title = "Flags"
ws.append(["Rule ID", "Fingerprint", "Disposition", "Reviewer notes", "Reviewed by",
           "Reviewed on"])
ws.append(["R1", FP[0], "Confirmed", None, "dana", datetime.date(2026, 1, 5)])
ws.append(["R1", FP[1], "False positive", "own mill", " erin ",
           datetime.datetime(2026, 1, 6, 13, 0)])
ws.append(["R1", FP[2], "Escalated", None, None, None])  # the file's reviewer and date
ws.append(["R1", FP[3], "Resolved", None, "gus", 46023])  # a number, no date format
ws.append(["R1", FP[4], "Open", "n", "hal", "05/01/2026"])  # D/M/Y text: no date
ws.append(["R1", FP[5], "Confirmed", None, "ivy", "2026-01-08"])  # ISO text

cs = wb.create_sheet("Cases")
cs.append(["Case", "Flags", "Decision", "Reviewer notes", "Reviewed by", "Reviewed on"])
cs.append(["C-3f9a0b12cd45", 2, "Confirmed", "same supplier", "kim",
           datetime.date(2026, 1, 7)])
cs.append(["C-3F9A0B12CD46", 1, "resolved", None, None, None])  # upper case; the file's
cs.append(["C-xyz", 1, "Confirmed", None, "kim", None])  # no case id: skipped
cs.append([None, 1, "Confirmed", None, "kim", None])  # no case: quiet

notes = wb.create_sheet("Notes")
notes.append(["Decision", "Reviewed by"])
notes.append(["Confirmed", "nobody"])

wb.properties.lastModifiedBy = who
wb.properties.created = datetime.datetime(2026, 1, 1)
wb.properties.modified = (datetime.datetime(2026, 1, 1) if mode == "unsaved"
                          else datetime.datetime(2026, 1, 9, 8, 30))
wb.save(out)
