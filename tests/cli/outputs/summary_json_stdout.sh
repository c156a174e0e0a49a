# --summary-json -: the JSON summary alone on standard output, the printed one on stderr.
. "$FLSCAN_SRC/tests/cli/common.sh"
flscan scan -o r.xlsx --summary-json - shipments.csv
