# --flags-jsonl -: one JSON object a line on standard output, nothing else there.
. "$FLSCAN_SRC/tests/cli/common.sh"
flscan scan -q -o r.xlsx --flags-jsonl - shipments.csv
