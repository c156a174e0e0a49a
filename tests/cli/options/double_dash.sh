# '--' ends the options: a file whose name starts with '-' is an input after it.
. "$FLSCAN_SRC/tests/cli/common.sh"
cp shipments.csv ./-weird.csv
rc=0
flscan scan -q -o r.xlsx -weird.csv 2>&1 || rc=$?
echo "without --: exit $rc"
flscan scan -o r.xlsx -- -weird.csv
