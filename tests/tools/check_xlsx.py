#!/usr/bin/env python3
"""Check an flscan workbook by its content, read back with openpyxl.

Usage: check_xlsx.py FILE [--flags N] [--issues N] [--rules N] [--sources N]
                          [--flag-sheets K] [--read N] [--cut N] [--formula-text N]
                          [--flags-csv CSV] [--issue-has TEXT]...

--flags-csv: the Flags sheet(s) hold the same rows as the flags CSV, in the same order
(rule id, record id, line, severity and evidence compared row by row).
--issue-has: some Data quality reason contains TEXT.

Prints one line per check and exits 1 on the first failure, 2 on bad usage and 77 when
openpyxl is not installed (the unit test then skips).
"""
import argparse
import re
import sys

try:
    import openpyxl
except ImportError:
    print("check_xlsx: openpyxl is not installed; skipped")
    sys.exit(77)

FLAG_HEADS = [
    "Action", "Severity", "Rule ID", "Rule title", "Basis", "Labor", "Match", "Evidence",
    "Sources", "File", "Line", "Record", "Record ID", "Date", "Importer", "Shipper",
    "Shipper address", "Origin (raw)", "Origin", "HS code", "Description", "Disposition",
    "Reviewer notes",
]
ISSUE_HEADS = ["File", "Line", "Record", "Field", "Value", "Reason", "Outcome"]
RULE_HEADS = ["ID", "Title", "Basis", "Countries", "Regions", "Commodities", "Labor",
              "Severity", "Valid from", "Valid to", "Sources", "Note", "File:line"]
SOURCE_HEADS = ["ID", "Title", "Publisher", "Date", "URL"]
DISPOSITIONS = "Open,Confirmed,False positive,Escalated,Resolved"
CELL_MAX = 32767
BAD_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\ufffe\uffff]")


class Failed(Exception):
    pass


def ok(cond, what):
    if not cond:
        raise Failed(what)
    print("ok   " + what)


def sheet_names(k):
    flags = ["Flags"] + ["Flags (%d)" % i for i in range(2, k + 1)]
    return ["Summary"] + flags


def header(ws):
    return [c.value for c in next(ws.iter_rows(min_row=1, max_row=1))]


def data_rows(ws):
    """Rows under the header that hold at least one value."""
    n = 0
    for row in ws.iter_rows(min_row=2, values_only=True):
        if any(v is not None for v in row):
            n += 1
    return n


def check_flags_sheet(ws, rows):
    ok(header(ws) == FLAG_HEADS, "%s: header is the %d Flags columns" % (ws.title, len(FLAG_HEADS)))
    ok(ws.freeze_panes == "D2", "%s: header row and first 3 columns frozen (D2)" % ws.title)
    last = rows + 1
    ok(ws.auto_filter.ref == "A1:W%d" % last, "%s: autofilter over A1:W%d" % (ws.title, last))
    if rows == 0:
        return
    dvs = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    ok(any(str(dv.sqref) == "V2:V%d" % last and DISPOSITIONS in (dv.formula1 or "")
           for dv in dvs),
       "%s: Disposition drop-down list on V2:V%d" % (ws.title, last))
    ranges = [str(cf.sqref) for cf in ws.conditional_formatting]
    n_rules = sum(len(cf.rules) for cf in ws.conditional_formatting)
    ok("A2:B%d" % last in ranges and n_rules == 4,
       "%s: 4 severity colour rules on Action/Severity A2:B%d" % (ws.title, last))


def check(args):
    wb = openpyxl.load_workbook(args.file)
    k = args.flag_sheets
    dq = [n for n in wb.sheetnames if n == "Data quality" or n.startswith("Data quality (")]
    expect = sheet_names(k) + dq + ["Rules", "Sources"]
    ok(wb.sheetnames == expect and dq and dq[0] == "Data quality",
       "sheets in order: " + ", ".join(wb.sheetnames))

    total = 0
    for name in sheet_names(k)[1:]:
        ws = wb[name]
        rows = data_rows(ws)
        check_flags_sheet(ws, rows)
        total += rows
    if args.flags is not None:
        ok(total == args.flags, "Flags: %d data rows (expected %d)" % (total, args.flags))

    if args.flags_csv:
        import csv
        with open(args.flags_csv, newline="", encoding="utf-8") as f:
            want = [(r["rule_id"], r["record_id"], int(r["line"]), r["severity"], r["evidence"])
                    for r in csv.DictReader(f)]
        got = []
        for name in sheet_names(k)[1:]:
            for r in wb[name].iter_rows(min_row=2, values_only=True):
                if any(v is not None for v in r):
                    got.append((r[2], r[12] or "", int(r[10]), r[1], r[7]))
        ok(got == want, "Flags sheet rows equal the flags CSV rows (%d)" % len(want))

    ws = wb["Data quality"]
    ok(header(ws) == ISSUE_HEADS, "Data quality: header")
    for text in args.issue_has or []:
        reasons = [r[5] or "" for s in dq for r in wb[s].iter_rows(min_row=2, values_only=True)]
        ok(any(text in x for x in reasons), "Data quality: a reason says '%s'" % text)
    if args.issues is not None:
        n = sum(data_rows(wb[s]) for s in dq)
        ok(n == args.issues, "Data quality: %d rows (expected %d)" % (n, args.issues))
    ws = wb["Rules"]
    ok(header(ws) == RULE_HEADS, "Rules: header")
    if args.rules is not None:
        ok(data_rows(ws) == args.rules, "Rules: %d rows" % args.rules)
    ws = wb["Sources"]
    ok(header(ws) == SOURCE_HEADS, "Sources: header")
    if args.sources is not None:
        ok(data_rows(ws) == args.sources, "Sources: %d rows" % args.sources)
    n_urls = 0
    for row in ws.iter_rows(min_row=2):
        url = row[4]
        if isinstance(url.value, str) and re.match(r"https?://", url.value):
            ok(url.hyperlink is not None and url.hyperlink.target == url.value,
               "Sources: %s is a hyperlink" % url.coordinate)
            n_urls += 1
    ok(n_urls > 0 or args.sources == 0, "Sources: %d hyperlinks" % n_urls)

    if args.read is not None:
        ws = wb["Summary"]
        found = [r for r in ws.iter_rows(values_only=True) if r[0] == "Records read"]
        ok(found and found[0][1] == args.read, "Summary: records read %d" % args.read)
        labels = {r[0] for r in ws.iter_rows(values_only=True)}
        for want in ("Run date", "Rule set SHA-256", "Libraries", "Flags by severity",
                     "Flags by basis", "Flags by rule", "Flags by origin country"):
            ok(want in labels, "Summary: has '%s'" % want)

    formulas = cut = formula_text = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "f":
                    formulas += 1
                if isinstance(c.value, str):
                    if len(c.value) > CELL_MAX:
                        raise Failed("%s!%s: %d characters" % (ws.title, c.coordinate, len(c.value)))
                    if BAD_CONTROL.search(c.value):
                        raise Failed("%s!%s: control character" % (ws.title, c.coordinate))
                    if c.value.endswith(" [cut]"):
                        cut += 1
                    if c.value[:1] in ("=", "+", "-", "@"):
                        formula_text += 1
    ok(formulas == 0, "no cell holds a formula")
    ok(True, "no cell over %d characters, no control characters" % CELL_MAX)
    if args.cut is not None:
        ok(cut == args.cut, "%d cut cells end with ' [cut]'" % cut)
    if args.formula_text is not None:
        ok(formula_text == args.formula_text,
           "%d formula-like texts kept as plain strings" % formula_text)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("file")
    p.add_argument("--flags", type=int)
    p.add_argument("--issues", type=int)
    p.add_argument("--rules", type=int)
    p.add_argument("--sources", type=int)
    p.add_argument("--flag-sheets", type=int, default=1)
    p.add_argument("--read", type=int)
    p.add_argument("--cut", type=int)
    p.add_argument("--formula-text", type=int)
    p.add_argument("--flags-csv")
    p.add_argument("--issue-has", action="append")
    args = p.parse_args()
    try:
        check(args)
    except Failed as e:
        print("FAIL " + str(e))
        return 1
    print("check_xlsx: %s passed" % args.file)
    return 0


if __name__ == "__main__":
    sys.exit(main())
