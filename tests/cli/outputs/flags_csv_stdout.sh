# --flags-csv -: the CSV alone on standard output; the summary goes to standard error.
. "$FLSCAN_SRC/tests/cli/common.sh"
flscan scan -o r.xlsx --flags-csv - shipments.csv
