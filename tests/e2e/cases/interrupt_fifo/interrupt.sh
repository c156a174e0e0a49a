#!/bin/sh
# interrupt.sh FLSCAN RULES CASE: a run whose input is a FIFO that blocks is stopped with
# SIGINT; the previous reports and the ledger must be exactly as they were, with no
# temporary file left, and the run must exit 130 saying so.
set -u
flscan=$1 rules=$2 case=$3
fail() { echo "interrupt.sh: $*" >&2; exit 1; }
cp r.xlsx before.xlsx && cp r.csv before.csv && cp ledger.db before.db || fail "no first run"
mkfifo in.fifo
"$flscan" scan --shipments in.fifo --rules "$rules" --out r.xlsx --flags-csv r.csv \
    --ledger ledger.db --summary-json run.json --quiet 2>run.err &
pid=$!
exec 3>in.fifo            # returns once the run has opened its input (and holds the ledger)
head -n 4 "$case/shipments.csv" >&3
sleep 0.5                 # the run has read those and waits for more
kill -INT $pid
wait $pid
rc=$?
exec 3>&-
[ $rc -eq 130 ] || fail "exit $rc, expected 130: $(cat run.err)"
grep -q "interrupted by SIGINT: no report was written and the ledger was not changed" run.err \
    || fail "message: $(cat run.err)"
cmp -s r.xlsx before.xlsx || fail "the previous workbook changed"
cmp -s r.csv before.csv || fail "the previous flags CSV changed"
cmp -s ledger.db before.db || fail "the ledger changed"
[ ! -e run.json ] || fail "an interrupted run wrote its summary"
[ ! -e ledger.db-journal ] || fail "a journal was left"
for f in .*tmp-*; do [ -e "$f" ] && fail "temporary file left: $f"; done
echo "interrupt.sh: ok"
