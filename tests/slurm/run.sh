#!/bin/bash
# ctest slurm_array: a sharded scan on a real, single-node Slurm cluster started here, compared
# byte for byte with the one-process scan.
#
#   run.sh FLSCAN SRC GEN_SHIPMENTS
#
# Starts munged, slurmctld and slurmd (Debian 12: munge, slurmctld, slurmd, slurm-client) on
# this machine, each with its files in a temporary folder (its own munge key and socket, a
# slurm.conf with one node of this host's name and CPUs, free ports on 127.0.0.1), so nothing of
# an installed Slurm or munge is used or touched. Then contrib/slurm/submit.sh runs N = 4
# shards and the merge on the sample (with its supplier list) and on 200,000 generated
# records (each file cut in 4 byte ranges, one a shard); the merged workbook, flags CSV and
# JSONL must equal the one-process scan's (tests/tools/same_report.py: the Summary's command
# line aside). A scan whose shards fail must never merge (submit.sh --wait exits 9). Every
# daemon started is stopped by its process id on exit, and the folder removed.
#
# Exit 77 (ctest: skipped) when Slurm or munge is not installed or not run as root, unless
# FLSCAN_REQUIRE_SLURM=1 (CI), which makes that a failure.
set -euo pipefail
export PATH="$PATH:/usr/sbin:/sbin"
flscan=$(realpath "$1")
src=$(realpath "$2")
gen=$(realpath "$3")
same_report="/usr/bin/python3 $src/tests/tools/same_report.py"
submit=$src/contrib/slurm/submit.sh

skip() {
    if [ "${FLSCAN_REQUIRE_SLURM:-0}" = 1 ]; then
        echo "slurm_array: $1, and FLSCAN_REQUIRE_SLURM=1" >&2
        exit 1
    fi
    echo "slurm_array: skipped: $1"
    exit 77
}
for cmd in munged slurmctld slurmd sbatch sinfo scontrol scancel squeue setpriv; do
    command -v "$cmd" >/dev/null ||
        skip "no $cmd (apt-get install --no-install-recommends slurmctld slurmd slurm-client munge)"
done
command -v mungekey >/dev/null || skip "no mungekey (munge 0.5.14 or later)"
[ "$(id -u)" = 0 ] || skip "needs root (munged runs as the munge user, slurmd as root)"
id munge >/dev/null 2>&1 || skip "no munge user (the munge package makes it)"

# Nothing of a scheduler this test may itself run under reaches the cluster or the scans.
unset $(compgen -e | grep -E '^(SLURM|SBATCH|SALLOC|SRUN)_' || true)
unset JOB_COMPLETION_INDEX AWS_BATCH_JOB_ARRAY_INDEX FLSCAN_RULES FLSCAN_DATA FLSCAN_PARTS
export SOURCE_DATE_EPOCH=1767225600 # the reports' run date, the same for every run

tmp=$(mktemp -d "${TMPDIR:-/tmp}/flscan-slurm.XXXXXX")
chmod 755 "$tmp" # munged (the munge user) reaches its folder through it
pids=()

# A line of progress, with the seconds since the start.
say() {
    echo "slurm_array: [${SECONDS}s] $*"
}

# A started daemon's state: empty when it is gone, Z when it exited but is not reaped yet.
proc_state() {
    local rest
    [ -r "/proc/$1/stat" ] || return 0
    rest=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
    rest=${rest##*) }
    echo "${rest%% *}"
}

stop_pid() {
    local pid=$1 i state
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do
        state=$(proc_state "$pid")
        [ -z "$state" ] || [ "$state" = Z ] && break
        sleep 0.1
    done
    state=$(proc_state "$pid")
    if [ -n "$state" ] && [ "$state" != Z ]; then
        echo "slurm_array: process $pid did not stop on SIGTERM in 10 s: SIGKILL" >&2
        kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
}

show_logs() {
    local f
    for f in "$tmp"/*.log "$tmp"/work/parts-*/*.log; do
        [ -f "$f" ] || continue
        echo "---- ${f#"$tmp"/} (last 30 lines)"
        tail -n 30 "$f"
    done
}

cleanup() {
    local status=$? i
    trap - EXIT
    if [ "$status" != 0 ] && [ "$status" != 77 ]; then
        show_logs >&2 || true
    fi
    if [ ${#pids[@]} -ge 2 ]; then
        # slurmctld is up: no job of this cluster outlives the test.
        scancel --quiet --user="$(id -un)" 2>/dev/null || true
        for ((i = 0; i < 50; i++)); do
            [ -z "$(squeue -h -o %i 2>/dev/null)" ] && break
            sleep 0.2
        done
    fi
    for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
        stop_pid "${pids[i]}"
    done
    rm -rf "$tmp"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

# Wait until "$@" succeeds: every 0.2 s, at most $tries times, giving up early when a daemon
# started here has died.
wait_for() {
    local what=$1 tries=$2 i pid state
    shift 2
    for ((i = 0; i < tries; i++)); do
        "$@" && return 0
        for pid in "${pids[@]}"; do
            state=$(proc_state "$pid")
            if [ -z "$state" ] || [ "$state" = Z ]; then
                echo "slurm_array: a daemon (pid $pid) died while waiting for $what" >&2
                return 1
            fi
        done
        sleep 0.2
    done
    echo "slurm_array: no $what after $((tries / 5)) s" >&2
    return 1
}

start_munge() {
    local m=$tmp/munge
    mkdir -m 755 "$m"
    chown munge:munge "$m"
    setpriv --reuid=munge --regid=munge --init-groups mungekey --create --keyfile="$m/munge.key"
    setpriv --reuid=munge --regid=munge --init-groups \
        munged --foreground --socket="$m/munge.socket" --key-file="$m/munge.key" \
        --pid-file="$m/munged.pid" --log-file="$m/munged.log" --seed-file="$m/munged.seed" \
        >"$tmp/munged.log" 2>&1 &
    pids+=($!)
    wait_for "munge socket" 50 \
        sh -c "{ munge -n -S '$m/munge.socket' | unmunge -S '$m/munge.socket'; } >/dev/null 2>&1"
}

write_conf() {
    local node=$1 ctld_port=$2 slurmd_port=$3 s=$tmp/slurm
    mkdir -p "$s/state" "$s/spool"
    cat >"$tmp/slurm.conf" <<EOF
ClusterName=flscantest
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$tmp/munge/munge.socket
StateSaveLocation=$s/state
SlurmdSpoolDir=$s/spool
SlurmctldPidFile=$s/slurmctld.pid
SlurmdPidFile=$s/slurmd.pid
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SwitchType=switch/none
MailProg=/bin/true
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SlurmdParameters=config_overrides
ReturnToService=2
NodeName=$node NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=flscan Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOF
}

node_idle() {
    [ "$(sinfo -h -N -n "$1" -o %t 2>/dev/null)" = idle ]
}

start_slurm() {
    local node ports
    node=$(hostname -s)
    # Two free ports on the loopback address (the kernel's choice, released at once).
    ports=$(/usr/bin/python3 -c '
import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(("127.0.0.1", 0))
print(*(x.getsockname()[1] for x in s))')
    write_conf "$node" ${ports}
    export SLURM_CONF=$tmp/slurm.conf
    slurmctld -D -f "$SLURM_CONF" >"$tmp/slurmctld.log" 2>&1 &
    pids+=($!)
    slurmd -D -f "$SLURM_CONF" -N "$node" >"$tmp/slurmd.log" 2>&1 &
    pids+=($!)
    wait_for "idle node '$node' in sinfo" 300 node_idle "$node"
}

# One sharded run and one one-process run of the same scan; every output compared.
#   compare NAME SCAN-ARGS...
compare() {
    local name=$1 f n
    shift
    local outs=(--out "$name-report.xlsx" --flags-csv "$name-flags.csv" --flags-jsonl "$name-flags.jsonl")
    say "$name: 4 shards and the merge"
    (cd merged && FLSCAN_SUBMIT_POLL=1 \
        "$submit" -n 4 --parts "../parts-$name" --wait "$@" --merge "${outs[@]}" -q)
    n=$(find "parts-$name" -name 'part-*.flp' | wc -l)
    [ "$n" = 4 ] || { echo "slurm_array: $name: $n partials, not 4" >&2; return 1; }
    say "$name: one process"
    (cd one && "$flscan" scan "$@" "${outs[@]}" -q 2>"$tmp/one-$name.log")
    for f in "$name-report.xlsx" "$name-flags.csv" "$name-flags.jsonl"; do
        $same_report "merged/$f" "one/$f"
    done
    say "$name: workbook, flags CSV and JSONL the same"
}

start_munge
start_slurm
say "cluster up ($(hostname -s), $(nproc) CPUs)"

# The shards, the merge and the one-process scan run in folders beside rules/ and datasets/,
# with the same relative paths, as in the source tree.
work=$tmp/work
mkdir -p "$work/merged" "$work/one"
for d in merged one; do
    ln -s "$src/rules" "$work/$d/rules"
    ln -s "$src/datasets" "$work/$d/datasets"
done
export FLSCAN=$flscan
cd "$work"

compare sample --shipments datasets/sample_shipments.csv --suppliers datasets/sample_suppliers.csv

"$gen" 200000 1 --mix realistic -o "$work/generated.csv" -q
ln -s ../generated.csv merged/generated.csv
ln -s ../generated.csv one/generated.csv
compare generated generated.csv

# A shard that fails (an input that does not exist): the merge never runs.
say "failing shards"
status=0
(cd merged && FLSCAN_SUBMIT_POLL=1 "$submit" -n 2 --parts ../parts-failing --wait \
    no-such-input.csv --merge --out failing.xlsx -q) || status=$?
if [ "$status" != 9 ] || [ -e merged/failing.xlsx ]; then
    echo "slurm_array: failing shards: submit.sh --wait exit $status (expected 9), merge output: $(ls merged/failing.xlsx 2>&1)" >&2
    exit 1
fi
say "ok"
