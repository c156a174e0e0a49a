#!/bin/sh
# live.sh FLSCAN RULES CASE: a ledger with one committed run; a second run takes it and is
# held inside its transaction (its input, a FIFO, blocks; its journal exists). Meanwhile
# 'ledger check' is refused at once (exit 6, the holder's pid), and 'ledger backup' writes a
# consistent copy: the one committed run, integrity ok, not the run in progress. The second
# run then completes. Every wait is bounded.
set -u
flscan=$1 rules=$2 case=$3
fail() { echo "live.sh: $*" >&2; [ -n "${pid:-}" ] && kill -9 "$pid" 2>/dev/null; exit 1; }
"$flscan" scan --shipments "$case/shipments.csv" --rules "$rules" --out first.xlsx \
    --ledger ledger.db --quiet || fail "the first run failed"
mkfifo in.fifo
"$flscan" scan --shipments in.fifo --rules "$rules" --out second.xlsx --ledger ledger.db \
    --quiet 2>second.err &
pid=$!
i=0
until grep -qx "$pid" ledger.db.lock 2>/dev/null && [ -s ledger.db-journal ]; do
    kill -0 $pid 2>/dev/null || fail "the second run ended early: $(cat second.err)"
    i=$((i + 1)); [ $i -lt 300 ] || fail "the second run did not begin its transaction in 30 s"
    sleep 0.1
done
exec 3<>in.fifo           # read-write: never blocks; the second run waits for data
"$flscan" ledger check --ledger ledger.db >check.out 2>check.err
rc=$?
[ $rc -eq 6 ] || fail "check during a run: exit $rc, expected 6: $(cat check.out check.err)"
grep -qF "flscan: ledger 'ledger.db' is in use by another run (pid $pid); try again when it ends" \
    check.err || fail "check's message: $(cat check.err)"
"$flscan" ledger backup backup.db --ledger ledger.db >backup.out 2>backup.err ||
    fail "backup during a run: exit $?: $(cat backup.err)"
grep -qF "1 run (the last: 1 of 2026-01-01), integrity ok" backup.out ||
    fail "backup's line: $(cat backup.out)"
cat "$case/shipments.csv" >&3
exec 3>&-
i=0
while kill -0 $pid 2>/dev/null; do
    i=$((i + 1)); [ $i -lt 600 ] || fail "the second run did not end within 60 s"
    sleep 0.1
done
wait $pid
rc=$?
[ $rc -eq 0 ] || fail "second run: exit $rc: $(cat second.err)"
[ "$(sqlite3 backup.db 'PRAGMA integrity_check')" = ok ] || fail "the backup is damaged"
[ "$(sqlite3 backup.db 'SELECT count(*) FROM runs')" = 1 ] || fail "the backup holds the run in progress"
[ "$(sqlite3 ledger.db 'SELECT count(*) FROM runs')" = 2 ] || fail "the second run was not committed"
echo "live.sh: ok"
