#!/usr/bin/env python3
"""A reviewer's edit with openpyxl: IN OUT ROW DISPOSITION NOTE WHO

Sets Disposition and Reviewer notes of data row ROW (1-based) of the Flags sheet, found by
their headers, and saves OUT with "last modified by" WHO (openpyxl writes shared strings)."""
import sys

import openpyxl

src, out, row, disp, note, who = sys.argv[1:7]
wb = openpyxl.load_workbook(src)
ws = wb["Flags"]
col = {c.value: c.column for c in ws[1]}
ws.cell(int(row) + 1, col["Disposition"]).value = disp
ws.cell(int(row) + 1, col["Reviewer notes"]).value = note
wb.properties.lastModifiedBy = who
wb.save(out)
