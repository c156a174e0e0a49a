#!/bin/sh
# interrupt.sh FLSCAN RULES CASE: a run whose input is a FIFO that blocks is stopped with
# SIGINT; the previous reports and the ledger must be exactly as they were, with no
# temporary file left, and the run must exit 130 saying so. Every wait is bounded.
set -u
flscan=$1 rules=$2 case=$3
fail() { echo "interrupt.sh: $*" >&2; [ -n "${pid:-}" ] && kill -9 "$pid" 2>/dev/null; exit 1; }
cp r.xlsx before.xlsx && cp r.csv before.csv && cp ledger.db before.db || fail "no first run"
mkfifo in.fifo
"$flscan" scan --shipments in.fifo --rules "$rules" --out r.xlsx --flags-csv r.csv \
    --ledger ledger.db --summary-json run.json --quiet 2>run.err &
pid=$!
# The run holds the ledger (its pid in the lock file) before it opens its input.
i=0
until grep -qx "$pid" ledger.db.lock 2>/dev/null; do
    kill -0 $pid 2>/dev/null || fail "the run ended early: $(cat run.err)"
    i=$((i + 1)); [ $i -lt 300 ] || fail "the run did not take the ledger in 30 s"
    sleep 0.1
done
exec 3<>in.fifo           # read-write: never blocks; the run's open and reads see a writer
head -n 4 "$case/shipments.csv" >&3
sleep 0.5                 # the run reads those lines and waits for more
kill -INT $pid
i=0
while kill -0 $pid 2>/dev/null; do
    i=$((i + 1)); [ $i -lt 300 ] || fail "the run did not stop within 30 s of SIGINT"
    sleep 0.1
done
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
