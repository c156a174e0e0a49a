#!/usr/bin/env python3
"""Check an flscan workbook by its content, read back with openpyxl.

Usage: check_xlsx.py FILE [--flags N] [--issues N] [--rules N] [--sources N]
                          [--flag-sheets K] [--read N] [--cut N] [--formula-text N]
                          [--flags-csv CSV] [--issue-has TEXT]... [--charts N]
                          [--rich N] [--highlighted N] [--rich-text TEXT]...
                          [--no-source-links]
                          [--summary LABEL VALUE]...
                          [--rollups SHEETS] [--cell SHEET KEY COLUMN VALUE]...
                          [--ledger yes|no] [--rows SHEET N]... [--note-has SHEET TEXT]...
                          [--row-has SHEET COLUMN=VALUE...]... [--row-lacks ...]...
                          [--readme-has TEXT]...

Always checked: the sheet order (Summary, Read me, Cases, Flags..., the ledger and roll-up
sheets, Data quality..., Rules, Sources..., then Notes when a roll-up sheet wrote one); the
Read me words (actions, severities, limits); on the Summary, that records read = flagged +
clean + rejected and that every "Flags by ..." table adds up to its Total row, which equals
the number of flags, and that the Importers sheet's Cases add up to the Summary's (its Cases
to review to those not Decided); that the Date column of every Flags sheet and the First
and Last date columns of Cases hold date cells; at least one chart (xl/charts/chartN.xml in the zip:
openpyxl does not load charts) drawn on the Summary from Summary cells; unless
--no-source-links, that every Sources cell links to the Sources row of its first id.

Every table sheet (Cases, Flags..., New flags, Suppressed, Importers, Exposure, Suppliers,
Portfolio, Data quality..., Rules, Sources..., Notes) is checked for its layout: its header
row; its key columns (Action..Shipper on the flag review sheets, Action..Shipper or supplier
on Cases, the first identity columns elsewhere) frozen with the header row, at most 24.71
wide and wrapped; its long-text columns wrapped (the column's format and every cell written
in it) and at most 60.71 wide; its print setup: landscape, the header row and the key columns repeated on every page, and either one
page wide or 60% with pages ordered across then down; exactly one table: the autofilter
covers the header and every row, and no cell lies below the last row or right of the last
column. On the flag review sheets, the Disposition drop-down list covers the Disposition
column and the severity colours Action and Severity; on Cases the same with Decision, and a
date validation covers Reviewed on, whose filled cells are dates.

--flags-csv: the Flags sheet(s) hold the same rows as the flags CSV, in the same order
(rule id, record id, line, severity and evidence compared row by row).
--issue-has: some Data quality reason contains TEXT.
--charts: exactly N charts.
--rich: exactly N Description cells highlight the matched text with a bold run inside a rich
string (read from the sheet XML, since openpyxl 3.0 flattens rich text). --highlighted:
exactly N highlight it, counting too the bold cells whose whole text matched.
--rich-text: some highlighted text equals TEXT.
--no-source-links: no Sources cell is a link (a sheet over the hyperlink limit).
--summary: the Summary row labelled LABEL (column A) has VALUE in column B.
--rollups: the roll-up sheets expected after the Flags (and ledger) sheets, before Data
quality, in this order, comma-separated ("" for none); without it, those present are accepted
(Importers, Exposure, Suppliers, Portfolio, in that order).
--cell: on sheet SHEET, the first row whose column A is KEY has VALUE in the column headed
COLUMN (the header row of the table the row is in). A VALUE that reads as a number is
compared as one, to within 0.005; "~TEXT" means the cell contains TEXT; "" means empty.

--ledger yes|no: the New flags and Suppressed sheets (written with --ledger, right after
the Flags sheets, with the Flags columns, Suppressed adding Decided by and Decided on) are
present / absent; without it, they are checked when present.
--rows: sheet SHEET has N data rows.
--note-has SHEET TEXT: the Notes sheet has a note about SHEET containing TEXT.
--row-has / --row-lacks: on sheet SHEET, some row / no row has every COLUMN=VALUE given
(columns by their header; "~TEXT" means the cell contains TEXT; "" means empty).
--readme-has: some cell of the Read me sheet is TEXT.

Prints one line per check and exits 1 on the first failure, 2 on bad usage and 77 when
openpyxl is not installed (the unit test then skips).
"""
import argparse
import re
import sys
import xml.etree.ElementTree as ET
import zipfile

try:
    import openpyxl
except ImportError:
    print("check_xlsx: openpyxl is not installed; skipped")
    sys.exit(77)

FLAG_HEADS = [
    "Action", "Severity", "Record ID", "Importer", "Shipper", "Rule ID", "Rule title", "Basis",
    "Labor", "Match", "Evidence", "Sources", "File", "Line", "Record", "Date",
    "Date as written", "Shipper address", "Origin (raw)", "Origin", "HS code", "Description", "Disposition",
    "Reviewer notes", "First seen", "Fingerprint",
]
CASE_HEADS = [
    "Action", "Severity", "Case", "Importer", "Shipper or supplier", "Status", "Shipments",
    "Value (USD)", "Weight (kg)", "First date", "Last date", "Rule ID", "Rule title", "Basis",
    "Match", "Origins", "Examples", "Evidence", "Sources", "Why returning", "Decision",
    "Reviewer notes", "Reviewed by", "Reviewed on", "First seen",
]
# With a ledger: New flags has the Flags columns, Suppressed two more (who decided, when).
LEDGER_HEADS = {"New flags": FLAG_HEADS, "Suppressed": FLAG_HEADS + ["Decided by", "Decided on"]}
ISSUE_HEADS = ["File", "Line", "Record", "Field", "Value", "Reason", "Outcome"]
RULE_HEADS = ["ID", "Title", "Basis", "Countries", "Regions", "Commodities", "Labor",
              "Severity", "Valid from", "Valid to", "Sources", "Note", "File:line"]
SOURCE_HEADS = ["ID", "Title", "Publisher", "Date", "URL"]
NOTE_HEADS = ["Sheet", "Note"]
DISPOSITIONS = "Open,Confirmed,False positive,Escalated,Resolved"
README_WORDS = ["HOLD", "REVIEW", "CAUTION", "critical", "high", "medium", "low",
                "reason to look", "not a clearance", "partial"]
NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
}
KEY_WIDTH = 24.72  # libxlsxwriter writes a width w as w + 0.7109375
WRAP_WIDTH = 60.72
CELL_MAX = 32767
BAD_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\ufffe\uffff]")


class Failed(Exception):
    pass


def ok(cond, what):
    if not cond:
        raise Failed(what)
    print("ok   " + what)


ROLLUP_HEADS = {
    "Importers": ["Importer", "Spellings", "Shipments", "Flagged", "Critical", "High", "Medium",
                  "Low", "Cases", "Cases to review", "Value", "Flagged value", "Flagged value share", "Weight",
                  "Flagged weight", "Flagged weight share", "Top rules",
                  "Top suppliers (direct / indirect)"],
    "Exposure": ["Importer", "HS chapter", "Origin", "Shipments", "Flagged", "Highest severity",
                 "Value", "Flagged value", "Flagged value share"],
    "Suppliers": ["Supplier ID", "Name", "Country", "Tier", "Supplies to", "Shipments",
                  "Flagged shipments", "Cases", "Cases to review", "Own severity",
                  "Own exposure (rule, severity, window: what matched)", "Inherited severity",
                  "Inherited rules", "Worst inherited exposure (path)"],
    "Portfolio": ["Holding", "ISIN", "Ticker", "Weight", "Trade data", "Importers matched",
                  "Names not matched", "Possible importers (not counted)", "Shipments", "Flagged", "Critical", "High", "Medium",
                  "Low", "Cases", "Cases to review", "Value", "Flagged value", "Flagged value share", "Exposure score"],
}

# Each table sheet (by name, or the name its continuations start with): its header, its
# number of key columns and its long-text columns (by header).
FLAG_WRAP = ["Rule title", "Evidence", "Sources", "Shipper address", "Description",
             "Reviewer notes"]
TABLES = {
    "Cases": (CASE_HEADS, 5, ["Rule title", "Examples", "Evidence", "Sources", "Why returning",
                              "Reviewer notes"]),
    "Flags": (FLAG_HEADS, 5, FLAG_WRAP),
    "New flags": (LEDGER_HEADS["New flags"], 5, FLAG_WRAP),
    "Suppressed": (LEDGER_HEADS["Suppressed"], 5, FLAG_WRAP),
    "Importers": (ROLLUP_HEADS["Importers"], 1,
                  ["Spellings", "Top rules", "Top suppliers (direct / indirect)"]),
    "Exposure": (ROLLUP_HEADS["Exposure"], 3, []),
    "Suppliers": (ROLLUP_HEADS["Suppliers"], 1,
                  ["Supplies to", "Own exposure (rule, severity, window: what matched)",
                   "Inherited rules", "Worst inherited exposure (path)"]),
    "Portfolio": (ROLLUP_HEADS["Portfolio"], 1, ["Importers matched", "Names not matched",
                                                  "Possible importers (not counted)"]),
    "Data quality": (ISSUE_HEADS, 3, ["Value", "Reason"]),
    "Rules": (RULE_HEADS, 1, ["Title", "Countries", "Regions", "Commodities", "Sources", "Note"]),
    "Sources": (SOURCE_HEADS, 1, ["Title", "Publisher", "URL"]),
    "Notes": (NOTE_HEADS, 1, ["Note"]),
}


def table_spec(name):
    return TABLES[re.sub(r" \(\d+\)$", "", name)]


def check_table_sheet(ws, rows=None):
    """The layout every table sheet shares (see the module's doc). rows: its data rows."""
    name = ws.title
    heads, key, wrap = table_spec(name)
    if rows is None:
        rows = data_rows(ws)
    ok(header(ws) == heads, "%s: header is the %d columns %s..%s" % (name, len(heads),
                                                                   heads[0], heads[-1]))
    last_col = col_letter(len(heads))
    key_col = col_letter(key)
    ok(ws.freeze_panes == "%s2" % col_letter(key + 1),
       "%s: header row and the %d key column(s) frozen (%s2)" % (name, key, col_letter(key + 1)))
    ok((ws.print_title_rows or "").replace("$", "") == "1:1"
       and (ws.print_title_cols or "").replace("$", "") == "A:%s" % key_col,
       "%s: header row and key columns A:%s printed on every page" % (name, key_col))
    fit = (ws.sheet_properties.pageSetUpPr is not None and ws.sheet_properties.pageSetUpPr.fitToPage
           and ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight == 0)
    across = (not (ws.sheet_properties.pageSetUpPr and ws.sheet_properties.pageSetUpPr.fitToPage)
              and ws.page_setup.scale == 60 and ws.page_setup.pageOrder == "overThenDown")
    ok(ws.page_setup.orientation == "landscape" and (fit or across),
       "%s: printed landscape, %s" % (name, "one page wide" if fit else "at 60%, across then down"))
    last = rows + 1
    ok(ws.auto_filter.ref == "A1:%s%d" % (last_col, last),
       "%s: one table, the autofilter over A1:%s%d" % (name, last_col, last))
    ok(ws.max_row == last and ws.max_column == len(heads),
       "%s: no cell below row %d or right of column %s (max %s%d)"
       % (name, last, last_col, col_letter(ws.max_column), ws.max_row))
    wrapped = list(heads[:key]) + list(wrap)
    for h in wrapped:
        letter = col_letter(heads.index(h) + 1)
        dim = ws.column_dimensions[letter]
        limit = KEY_WIDTH if h in heads[:key] else WRAP_WIDTH
        ok(dim.alignment.wrap_text and dim.width is not None and dim.width <= limit,
           "%s: column %s (%s) wraps, %.2f wide (at most %.2f)" % (name, letter, h, dim.width or 0,
                                                                limit))
        for r in range(2, last + 1):
            c = ws["%s%d" % (letter, r)]
            if c.value is not None and not c.alignment.wrap_text:
                raise Failed("%s!%s: a long text that does not wrap" % (name, c.coordinate))
    return rows


def check_rollups(wb, names):
    for name in names:
        check_table_sheet(wb[name])


def check_cell(wb, sheet, key, column, want):
    ws = wb[sheet]
    rows = [[c for c in r] for r in ws.iter_rows()]
    heads = None
    for r in rows:
        a = r[0].value
        if len(r) > 1 and r[0].font and r[0].font.b and r[1].value is not None and r[1].font.b:
            heads = [c.value for c in r]  # a header row: bold, more than one cell
            continue
        if a != key or heads is None:
            continue
        if column not in heads:
            raise Failed("%s: no column '%s' in the table of '%s'" % (sheet, column, key))
        got = r[heads.index(column)].value
        what = "%s: '%s' %s = %r" % (sheet, key, column, got)
        if want.startswith("~"):
            ok(isinstance(got, str) and want[1:] in got, what + " contains '%s'" % want[1:])
            return
        try:
            num = float(want)
        except ValueError:
            num = None
        if num is not None and isinstance(got, (int, float)):
            ok(abs(got - num) <= 0.005, what + " (expected %s)" % want)
        else:
            ok((got if got is not None else "") == want, what + " (expected %r)" % want)
        return
    raise Failed("%s: no row '%s'" % (sheet, key))


def sheet_names(k):
    """The sheets before Data quality; the Flags sheets are [3:]."""
    flags = ["Flags"] + ["Flags (%d)" % i for i in range(2, k + 1)]
    return ["Summary", "Read me", "Cases"] + flags


def col_of(ws, head):
    """The 0-based column headed head on the sheet's first row."""
    return header(ws).index(head)


def header(ws):
    return [c.value for c in next(ws.iter_rows(min_row=1, max_row=1))]


def data_rows(ws):
    """Rows under the header that hold at least one value."""
    n = 0
    for row in ws.iter_rows(min_row=2, values_only=True):
        if any(v is not None for v in row):
            n += 1
    return n


def col_letter(n):
    """The letter of 1-based column n ("A", ..., "Z", "AA")."""
    out = ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def check_date_cells(ws, rows, heads, column):
    """Every value of the column headed column is a date cell (or empty)."""
    col = col_letter(heads.index(column) + 1)
    n = 0
    for r in range(2, rows + 2):
        v = ws["%s%d" % (col, r)].value
        if v is None:
            continue
        if not hasattr(v, "year"):
            raise Failed("%s!%s%d: %s %r is not a date cell" % (ws.title, col, r, column, v))
        n += 1
    ok(True, "%s: %s (column %s) holds date cells (%d)" % (ws.title, column, col, n))


def check_flags_sheet(ws, rows, heads=FLAG_HEADS):
    check_table_sheet(ws, rows)
    ok(header(ws) == heads, "%s: header is the %d Flags columns" % (ws.title, len(heads)))
    check_review_extras(ws, rows, "Disposition")
    check_date_cells(ws, rows, heads, "Date")


def check_review_extras(ws, rows, decision):
    """A review sheet's drop-down of decisions on column decision, and the severity colours
    of Action and Severity (columns A and B)."""
    if rows == 0:
        return
    heads = header(ws)
    last = rows + 1
    disp = col_letter(heads.index(decision) + 1)
    dvs = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    ok(any(str(dv.sqref) in ("%s2:%s%d" % (disp, disp, last), "%s%d" % (disp, last) if last == 2 else "")
           and DISPOSITIONS in (dv.formula1 or "")
           for dv in dvs),
       "%s: %s drop-down list on %s2:%s%d" % (ws.title, decision, disp, disp, last))
    sev = col_letter(heads.index("Severity") + 1)
    ranges = [str(cf.sqref) for cf in ws.conditional_formatting]
    formulas = [f for cf in ws.conditional_formatting for rule in cf.rules for f in rule.formula]
    n_rules = sum(len(cf.rules) for cf in ws.conditional_formatting)
    ok("A2:B%d" % last in ranges and n_rules == 4
       and heads[:2] == ["Action", "Severity"]
       and all(f.startswith("$%s2=" % sev) for f in formulas),
       "%s: 4 severity colour rules on Action/Severity A2:B%d, by the Severity column %s"
       % (ws.title, last, sev))


def check_cases_sheet(ws):
    """The Cases sheet: its table layout, the Decision list, the severity colours, and a date
    validation over every Reviewed on cell; every Reviewed on value is a date."""
    rows = check_table_sheet(ws)
    check_review_extras(ws, rows, "Decision")
    if rows == 0:
        return rows
    on = col_letter(CASE_HEADS.index("Reviewed on") + 1)
    want = "%s2:%s%d" % (on, on, rows + 1) if rows > 1 else "%s2" % on
    ok(any(dv.type == "date" and str(dv.sqref) == want
           for dv in ws.data_validations.dataValidation),
       "Cases: Reviewed on (column %s) accepts dates only, %s" % (on, want))
    for r in range(2, rows + 2):
        v = ws["%s%d" % (on, r)].value
        if v is not None and not hasattr(v, "year"):
            raise Failed("Cases!%s%d: Reviewed on %r is not a date cell" % (on, r, v))
    check_date_cells(ws, rows, CASE_HEADS, "First date")
    check_date_cells(ws, rows, CASE_HEADS, "Last date")
    return rows


class Package:
    """The workbook's zip: sheet XML by sheet name, shared strings and bold cell styles."""

    def __init__(self, path):
        self.zip = zipfile.ZipFile(path)
        self.names = set(self.zip.namelist())
        wb = ET.fromstring(self.zip.read("xl/workbook.xml"))
        rels = ET.fromstring(self.zip.read("xl/_rels/workbook.xml.rels"))
        target = {r.get("Id"): r.get("Target") for r in rels.findall("rel:Relationship", NS)}
        self.sheet_path = {}
        for sh in wb.find("m:sheets", NS).findall("m:sheet", NS):
            t = target[sh.get("{%s}id" % NS["r"])]
            self.sheet_path[sh.get("name")] = t.lstrip("/") if t.startswith("/") else "xl/" + t
        self.sst = []
        if "xl/sharedStrings.xml" in self.names:
            self.sst = ET.fromstring(self.zip.read("xl/sharedStrings.xml")).findall("m:si", NS)
        styles = ET.fromstring(self.zip.read("xl/styles.xml"))
        fonts = styles.find("m:fonts", NS).findall("m:font", NS)
        xfs = styles.find("m:cellXfs", NS).findall("m:xf", NS)
        self.bold_xf = {i for i, xf in enumerate(xfs)
                        if fonts[int(xf.get("fontId", 0))].find("m:b", NS) is not None}

    def xml(self, path):
        return ET.fromstring(self.zip.read(path))

    def rels_of(self, path):
        """Relationship targets of a part, as zip paths."""
        folder, name = path.rsplit("/", 1)
        rp = "%s/_rels/%s.rels" % (folder, name)
        if rp not in self.names:
            return []
        out = []
        for r in self.xml(rp).findall("rel:Relationship", NS):
            t = r.get("Target")
            parts = folder.split("/")
            for seg in t.split("/"):
                if seg == "..":
                    parts.pop()
                elif seg != ".":
                    parts.append(seg)
            out.append("/".join(parts))
        return out

    def highlights(self, sheet):
        """(cell ref, highlighted text, "run" or "cell") of the highlighted Description cells."""
        out = []
        desc = col_letter(FLAG_HEADS.index("Description") + 1)
        for c in self.xml(self.sheet_path[sheet]).iter("{%s}c" % NS["m"]):
            ref = c.get("r")
            if not re.fullmatch(desc + r"\d+", ref) or ref == desc + "1":
                continue
            if c.get("t") == "inlineStr":
                item = c.find("m:is", NS)
            elif c.get("t") == "s":
                item = self.sst[int(c.find("m:v", NS).text)]
            else:
                continue
            runs = item.findall("m:r", NS)
            bold = ["".join(t.text or "" for t in r.findall("m:t", NS)) for r in runs
                    if r.find("m:rPr/m:b", NS) is not None]
            if bold:
                out.append((ref, "".join(bold), "run"))
            elif c.get("s") and int(c.get("s")) in self.bold_xf:
                whole = "".join(t.text or "" for t in item.iter("{%s}t" % NS["m"]))
                out.append((ref, whole, "cell"))
        return out


def check_readme(ws):
    text = " ".join(str(v) for row in ws.iter_rows(values_only=True) for v in row if v)
    for w in README_WORDS:
        ok(re.search(r"\b%s\b" % re.escape(w), text) is not None, "Read me: says '%s'" % w)


def check_summary(ws, on_sheet, args):
    rows = [r for r in ws.iter_rows(values_only=True)]
    label = {}
    for r in rows:
        if isinstance(r[0], str) and r[0] not in label:
            label[r[0]] = r[1]
    for want in ("Run date", "Rule set SHA-256", "Libraries", "As of", "Fail on",
                 "Entity match threshold", "Entity review threshold", "Records read",
                 "Flags by severity", "Flags by basis", "Flags by rule",
                 "Flags by origin country", "Flags by importer"):
        ok(want in label, "Summary: has '%s'" % want)
    ok(label["Records read"] == label["Flagged"] + label["Clean"] + label["Rejected"],
       "Summary: records read %s = flagged + clean + rejected" % label["Records read"])
    # The Flags sheets show the flags of the cases that need action, within a bound; the
    # rest are counted as in the CSV/JSONL only.
    n_flags = label["Flags"]
    ok(label.get("Flags on the Flags sheet", n_flags) == on_sheet
       and n_flags == on_sheet + label.get("Flags in the flags CSV/JSONL only", 0),
       "Summary: %d flags, %d on the Flags sheets, the rest in the CSV/JSONL only"
       % (n_flags, on_sheet))
    # Every "Flags by ..." table: heading, header row, rows, Total.
    for i, r in enumerate(rows):
        if not (isinstance(r[0], str) and r[0].startswith("Flags by ")):
            continue
        j, total, body = i + 2, None, []
        while j < len(rows) and rows[j][0] is not None:
            if rows[j][0] == "Total":
                total = rows[j]
                break
            body.append(rows[j])
            j += 1
        if not body or n_flags == 0:
            ok(total is None or total[2] == 0, "Summary: %s: no flags, no total" % r[0])
            continue
        cols = range(2, 7) if total and total[3] is not None else range(2, 3)
        ok(total is not None and total[2] == n_flags
           and all(sum(b[c] for b in body) == total[c] for c in cols),
           "Summary: %s adds up to its Total row, %d flags" % (r[0], n_flags))
    for text, size, records in args.input_row or []:
        hit = [r for r in rows if isinstance(r[0], str) and text in r[0] and r[2] == int(size)
               and r[3] == int(records)]
        ok(bool(hit), "Summary: input '%s' with %s bytes and %s records" % (text, size, records))
    for lab, val in args.summary or []:
        got = label.get(lab)
        try:
            same = isinstance(got, (int, float)) and abs(got - float(val)) <= 0.005
        except ValueError:
            same = False
        ok(lab in label and (same or str(got) == val), "Summary: %s = %s" % (lab, val))


def check_case_counts(wb, rollups):
    """Every case counts for one importer: the Importers sheet's Cases add up to the
    Summary's Cases, and its Cases to review to those not Decided."""
    if "Importers" not in rollups:
        return
    label = {}
    for r in wb["Summary"].iter_rows(values_only=True):
        if isinstance(r[0], str) and r[0] not in label:
            label[r[0]] = r[1]
    ws = wb["Importers"]
    heads = header(ws)
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    cases = sum(r[heads.index("Cases")] or 0 for r in rows)
    review = sum(r[heads.index("Cases to review")] or 0 for r in rows)
    want = label.get("Cases", 0)
    ok(cases == want and review == want - label.get("Cases Decided", 0),
       "Importers: %d cases, %d to review, as on the Summary" % (cases, review))


def check_charts(pkg, expect):
    charts = sorted(n for n in pkg.names if re.fullmatch(r"xl/charts/chart\d+\.xml", n))
    ok(len(charts) >= 1 if expect is None else len(charts) == expect,
       "%d chart(s) in the zip" % len(charts))
    drawn = set()
    for d in pkg.rels_of(pkg.sheet_path["Summary"]):
        drawn.update(pkg.rels_of(d))
    for ch in charts:
        x = pkg.xml(ch)
        refs = [f.text for f in x.iter("{%s}f" % NS["c"])]
        ok(ch in drawn and refs and all(f.startswith("Summary!") for f in refs),
           "%s: on the Summary, drawn from Summary cells (%s)" % (ch, ", ".join(refs)))


def check_source_links(wb, flag_sheets, want_links):
    n = 0
    for name in flag_sheets:
        k = col_of(wb[name], "Sources")
        for row in wb[name].iter_rows(min_row=2):
            c = row[k]
            if not c.value:
                continue
            h = c.hyperlink
            where = "%s!%s ('%s', link %s)" % (name, c.coordinate, c.value,
                                               h.location if h else None)
            if not want_links:
                if h is not None:
                    raise Failed(where + ": a link, expected none")
                continue
            m = re.fullmatch(r"'([^']+)'!A(\d+)", (h.location or "") if h else "")
            if not (m and m.group(1) in wb.sheetnames and m.group(1).startswith("Sources")
                    and wb[m.group(1)]["A%s" % m.group(2)].value == c.value.split(";")[0]):
                raise Failed(where + ": not a link to the Sources row of its first id")
            n += 1
    if want_links:
        ok(True, "%d Sources cells link to the Sources row of their first id" % n)
    else:
        ok(True, "no Sources cell is a link")


def check(args):
    wb = openpyxl.load_workbook(args.file)
    pkg = Package(args.file)
    k = args.flag_sheets
    dq = [n for n in wb.sheetnames if n == "Data quality" or n.startswith("Data quality (")]
    src = [n for n in wb.sheetnames if n == "Sources" or n.startswith("Sources (")]
    if args.rollups is None:
        rollups = [n for n in ROLLUP_HEADS if n in wb.sheetnames]
    else:
        rollups = [n for n in args.rollups.split(",") if n]
    ledger = [n for n in LEDGER_HEADS if n in wb.sheetnames]
    if args.ledger is not None:
        ok(bool(ledger) == args.ledger, "ledger sheets %s" % ("present" if args.ledger else "absent"))
    # every roll-up sheet leaves notes, on "Notes" (then "Notes (2)"... when long)
    notes = [n for n in wb.sheetnames if n == "Notes" or n.startswith("Notes (")]
    ok(bool(notes) == bool(rollups) and (not notes or notes[0] == "Notes"),
       "a Notes sheet %s" % ("after Sources" if rollups else ": none (no roll-up sheet)"))
    expect = sheet_names(k) + ledger + rollups + dq + ["Rules"] + src + notes
    ok(wb.sheetnames == expect and dq and dq[0] == "Data quality" and src[0] == "Sources",
       "sheets in order: " + ", ".join(wb.sheetnames))
    check_readme(wb["Read me"])
    for text in args.readme_has or []:
        ok(any(v == text for row in wb["Read me"].iter_rows(values_only=True) for v in row),
           "Read me: a line '%s'" % text)
    check_cases_sheet(wb["Cases"])
    check_rollups(wb, rollups)
    for name in dq + ["Rules"] + src + notes:
        check_table_sheet(wb[name])
    for sheet, text in args.note_has or []:
        ok(any(r[0] == sheet and text in (r[1] or "")
               for r in wb["Notes"].iter_rows(min_row=2, values_only=True)),
           "Notes: a note about %s says '%s'" % (sheet, text))
    for sheet, key, column, want in args.cell or []:
        check_cell(wb, sheet, key, column, want)
    flag_sheets = sheet_names(k)[3:]

    total = 0
    for name in flag_sheets:
        ws = wb[name]
        rows = data_rows(ws)
        check_flags_sheet(ws, rows)
        total += rows
    if args.flags is not None:
        ok(total == args.flags, "Flags: %d data rows (expected %d)" % (total, args.flags))
    for name in ledger:
        check_flags_sheet(wb[name], data_rows(wb[name]), LEDGER_HEADS[name])
    for sheet, n in args.rows or []:
        got = data_rows(wb[sheet]) if sheet in wb.sheetnames else -1
        ok(got == int(n), "%s: %d data rows (expected %s)" % (sheet, got, n))
    for want, spec in [(True, x) for x in args.row_has or []] + [(False, x) for x in args.row_lacks or []]:
        sheet, pairs = spec[0], [p.split("=", 1) for p in spec[1:]]
        ws = wb[sheet]
        heads = header(ws)
        found = False
        for row in ws.iter_rows(min_row=2, values_only=True):
            cells = dict(zip(heads, row))
            if all(str(cells.get(c) if cells.get(c) is not None else "") == v
                   or (v.startswith("~") and v[1:] in str(cells.get(c) or "")) for c, v in pairs):
                found = True
                break
        ok(found == want, "%s: %s a row with %s" % (sheet, "has" if want else "has no", spec[1:]))

    if args.flags_csv:
        import csv
        with open(args.flags_csv, newline="", encoding="utf-8") as f:
            want = [(r["rule_id"], r["record_id"], int(r["line"]), r["severity"], r["evidence"])
                    for r in csv.DictReader(f)]
        got = []
        for name in flag_sheets:
            ws = wb[name]
            rule, rid, line, sev, ev = (col_of(ws, h) for h in ("Rule ID", "Record ID", "Line",
                                                                 "Severity", "Evidence"))
            for r in ws.iter_rows(min_row=2, values_only=True):
                if any(v is not None for v in r):
                    got.append((r[rule], r[rid] or "", int(r[line]), r[sev], r[ev]))
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
    check_summary(wb["Summary"], total, args)
    check_case_counts(wb, rollups)
    check_charts(pkg, args.charts)
    check_source_links(wb, flag_sheets, not args.no_source_links)
    hl = [(name,) + h for name in flag_sheets for h in pkg.highlights(name)]
    for name, ref, t, _ in hl:
        if not (t and t in (wb[name][ref].value or "")):
            raise Failed("%s!%s: highlighted '%s' is not in the description" % (name, ref, t))
    runs = sum(1 for h in hl if h[3] == "run")
    ok(True, "%d descriptions highlight a part of their text (%d rich strings, %d bold cells)"
       % (len(hl), runs, len(hl) - runs))
    if args.rich is not None:
        ok(runs == args.rich, "%d rich-string highlights (expected %d)" % (runs, args.rich))
    if args.highlighted is not None:
        ok(len(hl) == args.highlighted,
           "%d descriptions highlighted (expected %d)" % (len(hl), args.highlighted))
    for want in args.rich_text or []:
        ok(any(h[2] == want for h in hl), "'%s' is highlighted" % want)

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
    p.add_argument("--charts", type=int)
    p.add_argument("--rich", type=int)
    p.add_argument("--highlighted", type=int)
    p.add_argument("--rich-text", action="append")
    p.add_argument("--no-source-links", action="store_true")
    p.add_argument("--summary", nargs=2, action="append", metavar=("LABEL", "VALUE"))
    p.add_argument("--ledger", type=lambda v: v == "yes", metavar="yes|no")
    p.add_argument("--rows", nargs=2, action="append", metavar=("SHEET", "N"))
    p.add_argument("--note-has", nargs=2, action="append", metavar=("SHEET", "TEXT"))
    p.add_argument("--row-has", nargs="+", action="append", metavar="SHEET COLUMN=VALUE")
    p.add_argument("--input-row", nargs=3, action="append", metavar=("TEXT", "SIZE", "RECORDS"),
                   help="the Summary's Inputs table has a row whose File contains TEXT with "
                        "that size in bytes and record count")
    p.add_argument("--row-lacks", nargs="+", action="append", metavar="SHEET COLUMN=VALUE")
    p.add_argument("--rollups")
    p.add_argument("--cell", nargs=4, action="append", metavar=("SHEET", "KEY", "COLUMN", "VALUE"))
    p.add_argument("--readme-has", action="append")
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
