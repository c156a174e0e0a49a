#!/usr/bin/env python3
"""ctest same_report_tool: same_report.py passes what it must and catches what it must.

Usage: test_same_report.py FLSCAN SRC GEN_SHIPMENTS

Two scans of the sample that differ only in their command line (the outputs' names) are the
same; a scan of part of the sample is not (workbook and flags CSV), nor a workbook whose other
"flscan ..." string was changed, nor one whose members come in another order; a file that is no
workbook is an error (2). The same for a big workbook (40,000 generated records), whose strings
are inline in the sheets (libxlsxwriter's constant-memory mode) rather than shared. With
--cells, a copy whose cell styles and shared strings are stored in reverse order (every
reference rewritten) is the same, and differs byte for byte; one cell given another style, or
another string, is not the same.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOOL = os.path.join(HERE, "same_report.py")
failures = []


def scan(flscan, src, shipments, out, csv, suppliers=True):
    env = dict(os.environ, SOURCE_DATE_EPOCH="1767225600")
    env.pop("FLSCAN_RULES", None)
    env.pop("FLSCAN_DATA", None)
    more = ["--suppliers", "datasets/sample_suppliers.csv"] if suppliers else []
    subprocess.run([flscan, "scan", shipments, *more, "-q", "--out", out, "--flags-csv", csv],
                   cwd=src, env=env, check=True, stderr=subprocess.DEVNULL)


def same(a, b, cells=False):
    p = subprocess.run([sys.executable, TOOL, *(["--cells"] if cells else []), a, b],
                       capture_output=True, text=True)
    return p.returncode, p.stdout + p.stderr


def expect(what, a, b, code, says=None, cells=False):
    got, text = same(a, b, cells)
    what += " (--cells)" if cells else ""
    if got != code or (says is not None and says not in text):
        failures.append(f"{what}: exit {got} (expected {code}"
                        + (f", saying {says!r}" if says else "") + f"): {text.strip()}")
    elif code == 1 and len(text.strip().splitlines()) != 1:
        failures.append(f"{what}: the difference is not told in one line: {text!r}")


def rewrite(src_zip, dst_zip, member, old, new, reverse=False):
    """Copy a zip, replacing old by new in member (and reversing the member order)."""
    with zipfile.ZipFile(src_zip) as zin:
        infos = zin.infolist()
        if reverse:
            infos = infos[::-1]
        with zipfile.ZipFile(dst_zip, "w", zipfile.ZIP_DEFLATED) as zout:
            for info in infos:
                data = zin.read(info.filename)
                if info.filename == member:
                    if old not in data:
                        raise SystemExit(f"test_same_report: {old!r} not in {member}")
                    data = data.replace(old, new, 1)
                zout.writestr(info, data)


XF = re.compile(rb"<xf [^>]*/>|<xf [^>]*>.*?</xf>", re.S)
SI = re.compile(rb"<si>.*?</si>", re.S)


def renumber(src_zip, dst_zip, bump=None):
    """Copy a workbook with its cell styles and shared strings stored in reverse order, every
    reference to them rewritten: the same content, numbered otherwise. With bump, the first
    styled cell of that sheet member takes the style of the next differently styled one."""
    with zipfile.ZipFile(src_zip) as zin:
        styles = zin.read("xl/styles.xml")
        xfs = re.search(rb"(<cellXfs[^>]*>)(.*?)(</cellXfs>)", styles, re.S)
        items = XF.findall(xfs.group(2))
        n_xf = len(items)
        styles = styles[:xfs.start(2)] + b"".join(items[::-1]) + styles[xfs.end(2):]
        shared = zin.read("xl/sharedStrings.xml") if "xl/sharedStrings.xml" in zin.namelist() \
            else None
        n_si = len(SI.findall(shared)) if shared else 0
        if shared:
            body = re.search(rb"(<sst[^>]*>)(.*)(</sst>)", shared, re.S)
            shared = shared[:body.start(2)] + b"".join(SI.findall(body.group(2))[::-1]) + \
                shared[body.end(2):]

        def xf_ref(m):
            return m.group(1) + b'"%d"' % (n_xf - 1 - int(m.group(2)))

        def sst_ref(m):
            return m.group(1) + b"<v>%d</v>" % (n_si - 1 - int(m.group(2)))

        with zipfile.ZipFile(dst_zip, "w", zipfile.ZIP_DEFLATED) as zout:
            for info in zin.infolist():
                data = zin.read(info.filename)
                if info.filename == "xl/styles.xml":
                    data = styles
                elif info.filename == "xl/sharedStrings.xml":
                    data = shared
                elif info.filename.startswith("xl/worksheets/sheet"):
                    if info.filename == bump:
                        found = re.findall(rb'<c [^>]*? s="([0-9]+)"', data)
                        other = next(x for x in found if x != found[0])
                        data = data.replace(b' s="%s"' % found[0], b' s="%s"' % other, 1)
                    data = re.sub(rb'(<c [^>]*? s=|<row [^>]*? s=|<col [^>]*? style=)"([0-9]+)"',
                                  xf_ref, data)
                    data = re.sub(rb'(<c [^>]*?t="s"[^>]*>)<v>([0-9]+)</v>', sst_ref, data)
                zout.writestr(info, data)


def cells_mode(a, other, t):
    """--cells: renumbered styles and strings are the same content; a restyled cell or another
    string is not."""
    moved = os.path.join(t, "renumbered.xlsx")
    renumber(a, moved)
    expect("styles and strings renumbered", a, moved, 1, "member xl/")
    expect("styles and strings renumbered", a, moved, 0, cells=True)
    restyled = os.path.join(t, "restyled.xlsx")
    renumber(a, restyled, bump="xl/worksheets/sheet3.xml")
    expect("a cell given another style", a, restyled, 1, "styles and strings resolved", cells=True)
    expect("another string starting with 'flscan '", a, other, 1, "styles and strings resolved",
           cells=True)


def inline_strings(flscan, src, gen, t):
    """A big workbook: the command line is an inline string of the Summary sheet."""
    big = os.path.join(t, "big.csv")
    subprocess.run([gen, "40000", "1", "--mix", "realistic", "-o", big, "-q"], check=True)
    a, b = os.path.join(t, "big-a.xlsx"), os.path.join(t, "big-b.xlsx")
    scan(flscan, src, big, a, os.path.join(t, "big-a.csv"), suppliers=False)
    scan(flscan, src, big, b, os.path.join(t, "big-b.csv"), suppliers=False)
    with zipfile.ZipFile(a) as z:
        summary = z.read("xl/worksheets/sheet1.xml")
    if b"<is><t>Command line</t></is>" not in summary:
        failures.append("the big workbook's Summary holds no inline 'Command line': make it bigger")
        return
    expect("two big runs differing only in their command line", a, b, 0)
    expect("two big runs differing only in their command line", a, b, 0, cells=True)
    tool = re.search(rb"<is><t>flscan [0-9][^<]*</t></is>", summary).group()
    other = os.path.join(t, "big-other.xlsx")
    rewrite(a, other, "xl/worksheets/sheet1.xml", tool, b"<is><t>flscan 9.9.9</t></is>")
    expect("another inline string starting with 'flscan '", a, other, 1,
           "member xl/worksheets/sheet1.xml")


def main(argv):
    flscan, src, gen = os.path.abspath(argv[1]), argv[2], os.path.abspath(argv[3])
    t = tempfile.mkdtemp(prefix="same_report.")
    try:
        a, b, c = (os.path.join(t, n) for n in ("a", "b", "c"))
        sample = "datasets/sample_shipments.csv"
        scan(flscan, src, sample, a + ".xlsx", a + ".csv")
        scan(flscan, src, sample, b + ".xlsx", b + ".csv")
        part = os.path.join(t, "part", "sample_shipments.csv")
        os.makedirs(os.path.dirname(part))
        with open(os.path.join(src, sample), "rb") as f, open(part, "wb") as out:
            out.writelines(f.readlines()[:1500])
        scan(flscan, src, part, c + ".xlsx", c + ".csv")

        expect("a workbook and its copy", a + ".xlsx", shutil.copy(a + ".xlsx", t + "/a2.xlsx"), 0)
        expect("two runs differing only in their command line", a + ".xlsx", b + ".xlsx", 0)
        expect("their flags CSVs", a + ".csv", b + ".csv", 0)
        expect("a run of part of the input", a + ".xlsx", c + ".xlsx", 1, "member xl/")
        expect("its flags CSV", a + ".csv", c + ".csv", 1, "differ at byte")

        other = os.path.join(t, "other.xlsx")
        with zipfile.ZipFile(a + ".xlsx") as z:  # the Summary's Tool, "flscan VERSION"
            tool = re.search(rb"<t>flscan [0-9][^<]*</t>", z.read("xl/sharedStrings.xml")).group()
        rewrite(a + ".xlsx", other, "xl/sharedStrings.xml", tool, b"<t>flscan 9.9.9</t>")
        expect("another string starting with 'flscan '", a + ".xlsx", other, 1,
               "member xl/sharedStrings.xml")
        order = os.path.join(t, "order.xlsx")
        rewrite(a + ".xlsx", order, None, b"", b"", reverse=True)
        expect("the same members in another order", a + ".xlsx", order, 1, "member 1 is")
        expect("a file that is no workbook", a + ".xlsx", shutil.copy(a + ".csv", t + "/x.xlsx"), 2)
        cells_mode(a + ".xlsx", other, t)
        expect("a run of part of the input", a + ".xlsx", c + ".xlsx", 1, "resolved", cells=True)
        inline_strings(flscan, src, gen, t)
    finally:
        shutil.rmtree(t)
    for f in failures:
        print(f"test_same_report: {f}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
