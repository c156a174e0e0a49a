#!/usr/bin/env python3
"""Check a night's Cases sheet: REPORT then RULE=STATUS[:REASON-WORDS] ... (the case of RULE
with that status; with a reason, the Why returning cell holds the words)."""
import sys

import openpyxl

wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["Cases"]
col = {c.value: c.column for c in ws[1]}
rows = [{h: ws.cell(r, c).value for h, c in col.items()} for r in range(2, ws.max_row + 1)]
for spec in sys.argv[2:]:
    rule, _, rest = spec.partition("=")
    status, _, words = rest.partition(":")
    hits = [x for x in rows if x["Rule ID"] == rule and x["Status"] == status]
    if not hits:
        sys.exit("no %s case with status %s: %r" % (rule, status,
                 [(x["Rule ID"], x["Status"]) for x in rows]))
    if words and not any(words in (x["Why returning"] or "") for x in hits):
        sys.exit("%s: reason lacks %r: %r" % (rule, words, [x["Why returning"] for x in hits]))
print("ok")
