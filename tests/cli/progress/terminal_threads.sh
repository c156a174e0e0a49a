# With two threads the flags are written beside the workbook: one step says both.
. "$FLSCAN_SRC/tests/cli/common.sh"
script -qec "flscan scan -j 2 -o r.xlsx --flags-csv f.csv shipments.csv" /dev/null > tty.txt
tr '\r' '\n' < tty.txt | sed 's/\x1b\[K//' | grep '^flscan: writing'
