# -o - when standard output is not a terminal: the workbook on standard output.
. "$FLSCAN_SRC/tests/cli/common.sh"
flscan scan -q -o - shipments.csv > piped.xlsx
python3 - <<'PY'
import zipfile
with zipfile.ZipFile("piped.xlsx") as z:
    print("workbook:", "xl/workbook.xml" in z.namelist())
PY
test ! -e reports && test ! -e ./- && echo "no other file"
