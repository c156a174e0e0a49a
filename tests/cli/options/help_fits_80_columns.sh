# Every help text fits a terminal of 80 columns.
. "$FLSCAN_SRC/tests/cli/common.sh"
for args in "--help" "-h" "help" "help scan" "scan --help" "scan -h" "rules --help" "rules check --help" \
    "rules list -h" "ledger --help" "ledger check --help" "ledger backup -h"; do
    flscan $args > help.txt
    test -s help.txt
    awk -v a="$args" 'length($0) > 80 { print a ": " length($0) " columns: " $0; bad = 1 }
        END { exit bad }' help.txt
done
echo "every help within 80 columns"
