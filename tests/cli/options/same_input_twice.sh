# One file named four ways (as given, through ./, by its full path, by a hard link) is
# screened once, with a warning for each repeat: 6 records, not 24.
. "$FLSCAN_SRC/tests/cli/common.sh"
ln shipments.csv hardlink.csv
flscan scan -o r.xlsx shipments.csv ./shipments.csv --shipments "$PWD/shipments.csv" hardlink.csv
