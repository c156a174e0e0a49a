#!/bin/sh
# Submit a sharded flscan scan to AWS Batch: an array job of N shards, then the merge, which
# AWS Batch starts only when every child of the array succeeded (and fails at once when one
# failed).
#
#   submit.sh -n N -q QUEUE -s s3://BUCKET/PREFIX [-r RUN] SCAN-ARGS... [--merge MERGE-ARGS...]
#
#   -n N        number of shards, 2 to 10000 (an array job has at least 2 children)
#   -q QUEUE    the job queue
#   -s S3       where the inputs are (S3/inputs/, copied into each job's working folder) and
#               where the run's partials and reports go (S3/runs/RUN/parts/, .../reports/)
#   -r RUN      the run's name (default: the UTC time and this process id)
#   SCAN-ARGS   the scan's options and inputs, relative to S3/inputs/, without outputs
#   --merge     the merge's outputs, under reports/ (e.g. --out reports/shipments.xlsx), and
#               options
#
# Needs the AWS CLI and the job definitions flscan-shard and flscan-merge (register them with
# aws batch register-job-definition --cli-input-json file://flscan-shard.json, and the same for
# flscan-merge.json). Prints both job ids. Not run by flscan's tests
# (contrib/aws-batch/README.md).
set -eu
n= queue= s3= run=$(date -u +%Y%m%dT%H%M%SZ)-$$
usage() {
    echo "usage: submit.sh -n N -q QUEUE -s s3://BUCKET/PREFIX [-r RUN] SCAN-ARGS... [--merge MERGE-ARGS...]" >&2
    exit 2
}
while [ $# -gt 0 ]; do
    case $1 in
        -n|-q|-s|-r) [ $# -ge 2 ] || usage ;;
    esac
    case $1 in
        -n) n=$2 ;;
        -q) queue=$2 ;;
        -s) s3=${2%/} ;;
        -r) run=$2 ;;
        --) shift; break ;;
        *) break ;;
    esac
    shift 2
done
[ -n "$n" ] && [ -n "$queue" ] && [ -n "$s3" ] && [ $# -gt 0 ] || usage
case $n in *[!0-9]*) usage ;; esac
[ "$n" -ge 2 ] && [ "$n" -le 10000 ] || { echo "submit.sh: -n must be 2 to 10000" >&2; exit 2; }

# Each argument quoted for sh, for the job script's eval: 'it'\''s'.
quote() {
    printf "'%s' " "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"
}
scan_args= merge_args= side=scan
for a in "$@"; do
    if [ "$side" = scan ] && [ "$a" = --merge ]; then side=merge; continue; fi
    if [ "$side" = scan ]; then scan_args=$scan_args$(quote "$a"); else merge_args=$merge_args$(quote "$a"); fi
done

# A JSON string: backslashes and double quotes escaped.
json() {
    printf '"%s"' "$(printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g')"
}
overrides=$(printf '{"environment": [%s, %s, %s, %s, %s]}' \
    "{\"name\": \"FLSCAN_S3\", \"value\": $(json "$s3")}" \
    "{\"name\": \"FLSCAN_RUN\", \"value\": $(json "$run")}" \
    "{\"name\": \"FLSCAN_SHARDS\", \"value\": $(json "$n")}" \
    "{\"name\": \"FLSCAN_SCAN_ARGS\", \"value\": $(json "$scan_args")}" \
    "{\"name\": \"FLSCAN_MERGE_ARGS\", \"value\": $(json "$merge_args")}")

array=$(aws batch submit-job --job-name "flscan-shards-$run" --job-queue "$queue" \
    --job-definition flscan-shard --array-properties "size=$n" \
    --container-overrides "$overrides" --query jobId --output text)
merge=$(aws batch submit-job --job-name "flscan-merge-$run" --job-queue "$queue" \
    --job-definition flscan-merge --depends-on "jobId=$array" \
    --container-overrides "$overrides" --query jobId --output text)
echo "shards: job $array (array of $n)"
echo "merge: job $merge (after every shard succeeded)"
echo "reports: $s3/runs/$run/reports/"
