#!/bin/sh
# render.sh - draw the first printed page of a report's Summary, Cases and Flags sheets as
# PNG.
#
# Usage: reports/render.sh [REPORT.xlsx]      (default: reports/sample-report.xlsx)
#
# Writes NAME-summary.png, NAME-cases.png and NAME-flags.png next to the report, NAME being
# the report's file name without "-report.xlsx" (reports/sample-report.xlsx gives
# reports/sample-summary.png, reports/sample-cases.png and reports/sample-flags.png).
#
# How: for each of the three sheets, a copy of the workbook with every other sheet hidden
# (LibreOffice prints visible sheets only) is converted to PDF by LibreOffice headless, with
# the print setup flscan wrote (letter, landscape; the Summary one page wide, the Cases and
# Flags sheets at 60% with their header row and key columns on every page); pdftoppm draws
# the first page. The Summary image stops below its last printed line; the Cases and Flags
# images keep the header and the first CASES_ROWS / FLAGS_ROWS lines of text (default 30;
# a row of wrapped text takes several), at a higher resolution, since those sheets print
# at 60%.
#
# Needs soffice (LibreOffice), pdftoppm and pdftotext (Debian: poppler-utils) and python3,
# and a font with Chinese characters for Chinese names (Debian: fonts-wqy-zenhei).
# SUMMARY_DPI (default 150), CASES_DPI and FLAGS_DPI (default 220) set the resolutions.
set -eu

report=${1:-reports/sample-report.xlsx}
flags_rows=${FLAGS_ROWS:-30}
cases_rows=${CASES_ROWS:-30}
for tool in soffice pdftoppm pdftotext python3; do
    command -v "$tool" >/dev/null 2>&1 || {
        echo "render.sh: '$tool' is not installed (apt-get install libreoffice-calc poppler-utils)" >&2
        exit 2
    }
done
[ -f "$report" ] || { echo "render.sh: no report '$report'" >&2; exit 2; }

dir=$(dirname "$report")
name=$(basename "$report" .xlsx)
name=${name%-report}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

for sheet in Summary Cases Flags; do
    lower=$(printf '%s' "$sheet" | tr 'A-Z' 'a-z')
    case $sheet in
    Cases)
        dpi=${CASES_DPI:-220}
        lines=$((cases_rows + 1))
        ;;
    Flags)
        dpi=${FLAGS_DPI:-220}
        lines=$((flags_rows + 1))
        ;;
    *)
        dpi=${SUMMARY_DPI:-150}
        lines=0 # all
        ;;
    esac
    # A copy of the workbook showing only this sheet.
    python3 - "$report" "$sheet" "$work/$lower.xlsx" <<'EOF'
import re
import sys
import zipfile

src, sheet, dst = sys.argv[1:4]
with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
    for item in zin.infolist():
        data = zin.read(item.filename)
        if item.filename == "xl/workbook.xml":
            text = data.decode("utf-8")
            names = re.findall(r'<sheet name="([^"]*)"', text)
            if sheet not in names:
                sys.exit("render.sh: the report has no '%s' sheet" % sheet)

            def hide(m):
                if m.group(1) == sheet:
                    return m.group(0)
                return m.group(0).replace("<sheet ", '<sheet state="hidden" ', 1)

            text = re.sub(r'<sheet name="([^"]*)"[^>]*/>', hide, text)
            text = text.replace("<workbookView ",
                                '<workbookView activeTab="%d" ' % names.index(sheet), 1)
            data = text.encode("utf-8")
        elif item.filename.startswith("xl/worksheets/sheet"):
            data = data.replace(b' tabSelected="1"', b"")
        zout.writestr(item, data)
EOF
    # A private LibreOffice profile: no clash with a running office or another render.
    soffice -env:UserInstallation="file://$work/profile" --headless \
        --convert-to pdf --outdir "$work" "$work/$lower.xlsx" >/dev/null 2>&1 || true
    [ -f "$work/$lower.pdf" ] || { echo "render.sh: LibreOffice could not convert the $sheet sheet" >&2; exit 1; }

    # Page width, and the band to keep, in points: from just above the first printed line
    # to below the last one, or below line number $lines (lines told apart by the bottoms
    # of their words).
    size=$(pdftotext -f 1 -l 1 -bbox "$work/$lower.pdf" - | python3 -c '
import re, sys
lines = int(sys.argv[1])
html = sys.stdin.read()
page = re.search(r"<page width=\"([\d.]+)\" height=\"([\d.]+)\"", html)
w, h = float(page.group(1)), float(page.group(2))
bottoms = sorted({round(float(y)) for y in re.findall(r"yMax=\"([\d.]+)\"", html)})
tops = [float(y) for y in re.findall(r"yMin=\"([\d.]+)\"", html)]
top = max(0, min(tops) - 12) if tops else 0
if not bottoms:
    bottom = h
elif lines and len(bottoms) > lines:
    bottom = (bottoms[lines - 1] + bottoms[lines]) / 2
else:
    # Charts reach below their last label: keep a margin, never past the page.
    bottom = min(h, bottoms[-1] + 36)
print("%d %d %d" % (w, top, bottom - top))
' "$lines")
    set -- $size
    width=$(( $1 * dpi / 72 ))
    top=$(( $2 * dpi / 72 ))
    height=$(( $3 * dpi / 72 ))
    pdftoppm -png -r "$dpi" -f 1 -l 1 -singlefile -x 0 -y "$top" -W "$width" -H "$height" \
        "$work/$lower.pdf" "$dir/$name-$lower"
    echo "render.sh: wrote $dir/$name-$lower.png"
done
