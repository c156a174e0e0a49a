# On a terminal (script(1) gives the run one) the progress line says each step as it starts:
# loading, reading, judging, writing each report, publishing; then the summary.
. "$FLSCAN_SRC/tests/cli/common.sh"
script -qec "flscan scan -j 1 -o r.xlsx --flags-csv f.csv --flags-jsonl f.jsonl shipments.csv" \
    /dev/null > tty.txt
# each "\r<erase line>" starts a new state of the line
tr '\r' '\n' < tty.txt | sed 's/\x1b\[K//' | grep -v '^$'
