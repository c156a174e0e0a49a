# A mistyped option or command: exit 2, what was probably meant.
. "$FLSCAN_SRC/tests/cli/common.sh"
for args in "scan --flag-csv f.csv x.csv" "scan --output r.xlsx x.csv" "scan --sihpments x.csv" \
    "scan --country UZ x.csv" "scan --entity 0.5 x.csv" "scan -x x.csv" "scan -shipments x.csv" \
    "scan --quiet=yes x.csv" "scan x.csv -o" "scan x.csv --out" "scan --frobnicate x.csv" \
    "scan -q -v x.csv" "scan -o a.xlsx --out b.xlsx x.csv" "--verison" "--shipments x.csv" \
    "scna x.csv" "rules chek" "ledger chekc" "help scna"; do
    rc=0
    flscan $args 2>&1 || rc=$?
    echo "exit $rc"
done
test ! -e reports
