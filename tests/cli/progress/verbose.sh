# -v: each step a line on standard error, terminal or not, after where rules and data are.
. "$FLSCAN_SRC/tests/cli/common.sh"
flscan scan -v -j 1 -o r.xlsx --flags-csv f.csv shipments.csv
