# An output whose folder is missing (or is a file) fails the run before the first record is
# read (-v says each step: no 'reading'), exit 5, and creates nothing.
. "$FLSCAN_SRC/tests/cli/common.sh"
touch plain
rc=0
flscan scan -v --flags-csv plain/f.csv -o r.xlsx shipments.csv 2>&1 || rc=$?
echo "exit $rc"
rc=0
flscan scan -v -o nowhere/r.xlsx shipments.csv 2>&1 || rc=$?
echo "exit $rc"
test ! -e nowhere && test ! -e r.xlsx && echo "nothing created"
