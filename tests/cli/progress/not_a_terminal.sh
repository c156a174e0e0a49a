# Standard error not a terminal (a pipe, a log): no progress line; the summary alone.
. "$FLSCAN_SRC/tests/cli/common.sh"
flscan scan -o r.xlsx shipments.csv
