# A run that fails, whatever the reason, leaves no reports/ folder (the default output's).
. "$FLSCAN_SRC/tests/cli/common.sh"
for args in "missing.csv" "--rules nowhere shipments.csv" "--threads 0 shipments.csv" \
    "--fail-on severe shipments.csv" "--flags-csv nowhere/f.csv shipments.csv"; do
    rc=0
    flscan scan $args 2>/dev/null || rc=$?
    echo "exit $rc"
    test ! -e reports
done
flscan scan -q shipments.csv && test -f reports/shipments-report.xlsx && echo "a good run made reports/"
