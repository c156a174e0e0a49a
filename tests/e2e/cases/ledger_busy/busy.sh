#!/bin/sh
# busy.sh FLSCAN RULES CASE: while one run holds the ledger (its input, a FIFO, blocks), a
# second run against the same ledger is refused at once: exit 6, the message naming the
# holder's pid, nothing written. The first run then completes normally.
set -u
flscan=$1 rules=$2 case=$3
fail() { echo "busy.sh: $*" >&2; exit 1; }
mkfifo in.fifo
"$flscan" scan --shipments in.fifo --rules "$rules" --out first.xlsx --ledger ledger.db \
    --quiet 2>first.err &
pid=$!
exec 3>in.fifo            # returns once the first run has opened its input: it holds the ledger
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
wait $pid
rc=$?
[ $rc -eq 0 ] || fail "first run: exit $rc: $(cat first.err)"
[ -e first.xlsx ] || fail "the first run wrote no report"
echo "busy.sh: ok"
