# Only one output can be standard output.
. "$FLSCAN_SRC/tests/cli/common.sh"
flscan scan -o r.xlsx --flags-csv - --summary-json - shipments.csv
