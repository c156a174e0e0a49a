#!/bin/sh
# busy.sh FLSCAN RULES CASE: while one run holds the ledger (its input, a FIFO, blocks), a
# second run against the same ledger is refused at once: exit 6, the message naming the
# holder's pid, nothing written. The first run then completes normally. Every wait is
# bounded.
set -u
flscan=$1 rules=$2 case=$3
fail() { echo "busy.sh: $*" >&2; [ -n "${pid:-}" ] && kill -9 "$pid" 2>/dev/null; exit 1; }
mkfifo in.fifo
"$flscan" scan --shipments in.fifo --rules "$rules" --out first.xlsx --ledger ledger.db \
    --quiet 2>first.err &
pid=$!
i=0
until grep -qx "$pid" ledger.db.lock 2>/dev/null; do
    kill -0 $pid 2>/dev/null || fail "the first run ended early: $(cat first.err)"
    i=$((i + 1)); [ $i -lt 300 ] || fail "the first run did not take the ledger in 30 s"
    sleep 0.1
done
exec 3<>in.fifo           # read-write: never blocks; the first run waits for data
"$flscan" scan --shipments "$case/shipments.csv" --rules "$rules" --out second.xlsx \
    --ledger ledger.db --summary-json second.json --quiet 2>second.err
rc=$?
[ $rc -eq 6 ] || fail "second run: exit $rc, expected 6: $(cat second.err)"
grep -qF "flscan: ledger 'ledger.db' is in use by another run (pid $pid); try again when it ends" \
    second.err || fail "second run's message: $(cat second.err)"
[ ! -e second.xlsx ] || fail "the refused run wrote a report"
grep -q '"status":"ledger in use","exit_code":6' second.json || fail "summary: $(cat second.json)"
cat "$case/shipments.csv" >&3
exec 3>&-
i=0
while kill -0 $pid 2>/dev/null; do
    i=$((i + 1)); [ $i -lt 600 ] || fail "the first run did not end within 60 s"
    sleep 0.1
done
wait $pid
rc=$?
[ $rc -eq 0 ] || fail "first run: exit $rc: $(cat first.err)"
[ -e first.xlsx ] || fail "the first run wrote no report"
echo "busy.sh: ok"
