# Inputs as operands, with --shipments, or both, in any order with the options.
. "$FLSCAN_SRC/tests/cli/common.sh"
cp shipments.csv second.csv
flscan scan shipments.csv -o r.xlsx --shipments second.csv --fail-on none
