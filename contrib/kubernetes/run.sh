#!/bin/sh
# Run a sharded flscan scan on Kubernetes: the Indexed Job of shards, then, when every shard
# succeeded, the merge Job. Kubernetes has no dependency between Jobs, so this script waits:
#
#   contrib/kubernetes/run.sh [NAMESPACE]
#
# Needs kubectl, the claim flscan-work (flscan-pvc.yaml) holding the inputs under inputs/, and
# the image of flscan-shards.yaml. Exit 0 when the merge completed, 1 when a shard or the merge
# failed (kubectl logs job/flscan-shards or job/flscan-merge says why). Not run by flscan's
# tests (contrib/kubernetes/README.md).
set -eu
cd "$(dirname "$0")"
ns=${1:-default}
k() { kubectl --namespace "$ns" "$@"; }

# Wait for Job $1 to be Complete (return 0) or Failed (return 1).
wait_job() {
    while :; do
        state=$(k get job "$1" -o 'jsonpath={.status.conditions[?(@.status=="True")].type}')
        case " $state " in
            *" Complete "*) return 0 ;;
            *" Failed "*) echo "run.sh: job $1 failed: kubectl -n $ns logs job/$1" >&2; return 1 ;;
        esac
        sleep 10
    done
}

k delete job flscan-shards flscan-merge --ignore-not-found
k apply -f flscan-shards.yaml
wait_job flscan-shards
k apply -f flscan-merge.yaml
wait_job flscan-merge
echo "run.sh: the reports are in reports/ on the claim flscan-work"
