# -q on a terminal: no progress line, no summary, nothing at all.
. "$FLSCAN_SRC/tests/cli/common.sh"
script -qec "flscan scan -q -o r.xlsx shipments.csv" /dev/null > tty.txt
wc -c < tty.txt
