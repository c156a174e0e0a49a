#!/bin/bash
# Submit a sharded flscan scan to Slurm: a job array of N shards (flscan-shard.sbatch), then the
# merge (flscan-merge.sbatch), which starts only when every shard succeeded.
#
#   submit.sh [-n N] [-c CPUS] [--parts DIR] [--wait] SCAN-ARGS... [--merge MERGE-ARGS...]
#
#   -n, --shards N      number of shards (default 4): tasks 0..N-1 of the array
#   -c, --cpus CPUS     CPUs for each shard (sbatch --cpus-per-task); give the scan the same
#                       --threads
#   --parts DIR         folder of the partials and the jobs' logs (default: parts); it must
#                       hold no partial yet
#   --wait              wait for the merge to end and exit with its status (see below)
#   SCAN-ARGS           the scan's options and inputs, as for 'flscan scan', without outputs
#   --merge MERGE-ARGS  the outputs and merge options (--out, --flags-csv, --flags-jsonl,
#                       --summary-json, --ledger, --reviews, --reviewer, --review-expiry,
#                       -q, -v, -j), as for 'flscan merge'
#
# Run it from the folder the scan's relative paths start from, on a file system that every
# node sees: both jobs run there. FLSCAN names the program (default: flscan on PATH); it and
# the rest of the environment reach the jobs (--export=ALL). sbatch's own variables choose the
# partition, time limit or account of both jobs (SBATCH_PARTITION, SBATCH_TIMELIMIT,
# SBATCH_ACCOUNT).
#
# Prints the two job ids. Exit status: 0 submitted (with --wait: the merge completed); 2 usage;
# 8 sbatch or scontrol failed; with --wait, the merge's own exit status when it ran and failed
# (1 flags at or above --fail-on, 3 a bad partial, ...), or 9 when it has none: it never ran
# because a shard failed (each shard's state is printed; the logs are in the parts folder), or
# it was cancelled or killed.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
shards=4
cpus=
parts=${FLSCAN_PARTS:-parts}
wait=0
poll=${FLSCAN_SUBMIT_POLL:-5}

usage() {
    echo "usage: submit.sh [-n N] [-c CPUS] [--parts DIR] [--wait] SCAN-ARGS... [--merge MERGE-ARGS...]" >&2
    exit 2
}

while [ $# -gt 0 ]; do
    case $1 in
        -n|--shards) [ $# -ge 2 ] || usage; shards=$2; shift 2 ;;
        -c|--cpus) [ $# -ge 2 ] || usage; cpus=$2; shift 2 ;;
        --parts) [ $# -ge 2 ] || usage; parts=$2; shift 2 ;;
        --wait) wait=1; shift ;;
        -h|--help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        --) shift; break ;;
        *) break ;;
    esac
done
scan_args=()
while [ $# -gt 0 ] && [ "$1" != --merge ]; do
    scan_args+=("$1")
    shift
done
[ $# -gt 0 ] && shift # --merge
merge_args=("$@")

case $shards in ''|*[!0-9]*|0) echo "submit.sh: -n wants a number of shards of 1 or more" >&2; usage ;; esac
[ ${#scan_args[@]} -gt 0 ] || { echo "submit.sh: no input to scan" >&2; usage; }
shopt -s nullglob
old=("$parts"/part-*.flp)
if [ ${#old[@]} -gt 0 ]; then
    echo "submit.sh: '$parts' already holds partials (${old[0]}, ...): move them away or give --parts another folder" >&2
    exit 2
fi
mkdir -p "$parts"

# sbatch --parsable prints "ID" or "ID;CLUSTER".
submit() {
    local out
    out=$(sbatch --parsable --export=ALL "$@") || {
        echo "submit.sh: sbatch failed" >&2
        exit 8
    }
    echo "${out%%;*}"
}

shard_opts=(--array="0-$((shards - 1))" --output="$parts/shard-%A_%a.log")
[ -n "$cpus" ] && shard_opts+=(--cpus-per-task="$cpus")
export FLSCAN_PARTS=$parts
array=$(submit "${shard_opts[@]}" "$here/flscan-shard.sbatch" "${scan_args[@]}")
merge=$(submit --dependency="afterok:$array" --kill-on-invalid-dep=yes \
    --output="$parts/merge-%j.log" "$here/flscan-merge.sbatch" "${merge_args[@]}")
echo "shards: job $array (array 0-$((shards - 1)))"
echo "merge: job $merge (after every shard succeeded)"
[ "$wait" = 1 ] || exit 0

# The value of KEY in a line of 'scontrol show job -o'.
field() {
    sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<" $1"
}

# Wait for the merge job to end: scontrol, every $poll seconds.
while :; do
    line=$(scontrol show job -o "$merge") || {
        echo "submit.sh: scontrol does not know job $merge any more" >&2
        exit 8
    }
    case $(field "$line" JobState) in
        PENDING|CONFIGURING|RUNNING|COMPLETING|SUSPENDED|REQUEUED|REQUEUE_HOLD|REQUEUE_FED|RESIZING|SIGNALING|STAGE_OUT)
            sleep "$poll" ;;
        *) break ;;
    esac
done
state=$(field "$line" JobState)
code=$(field "$line" ExitCode)
if [ "$state" = COMPLETED ]; then
    echo "merge: job $merge completed"
    exit 0
fi
if [ -z "$(field "$line" BatchHost)" ]; then
    # Never started: a shard failed (Reason=DependencyNeverSatisfied) or a job was cancelled.
    echo "merge: job $merge never ran ($state, $(field "$line" Reason)); the shards:" >&2
    scontrol show job -o "$array" | while read -r task; do
        echo "  task $(field "$task" ArrayTaskId): $(field "$task" JobState), exit $(field "$task" ExitCode)" >&2
    done
    echo "  (logs: $parts/shard-${array}_*.log)" >&2
    exit 9
fi
echo "merge: job $merge ended $state, exit $code (log: $parts/merge-$merge.log)" >&2
status=${code%%:*}
[ "$status" != 0 ] || status=9 # ended by a signal or cancelled: no exit status of its own
exit "$status"
