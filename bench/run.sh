#!/usr/bin/env bash
# bench/run.sh - time flscan on generated shipment files.
#
#   bench/run.sh [BUILD_DIR] [ROW_COUNTS]
#
#   BUILD_DIR   CMake build directory holding flscan and bench/gen_shipments (default: ./build)
#   ROW_COUNTS  space-separated row counts (default: "1000000"), e.g. "100000 1000000 5000000"
#
# Builds nothing. For each N it generates bench/data/shipments-N.csv if missing (seed 1, with
# the generator from BUILD_DIR), then runs
#   flscan scan --shipments FILE --out bench/out/report-N.xlsx --flags-csv bench/out/flags-N.csv --quiet
# RUNS times (default 3, override with RUNS=5) under GNU time and prints a markdown table with
# the median wall time, rows/s and MB/s at that median, and the highest peak RSS of the runs.
# Run it from the repository root.
set -euo pipefail

BUILD=${1:-./build}
COUNTS=${2:-1000000}
RUNS=${RUNS:-3}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
DATA="$HERE/data"
OUT="$HERE/out"
GNU_TIME=/usr/bin/time

die() { echo "run.sh: $*" >&2; exit 1; }

[[ -x "$GNU_TIME" ]] && "$GNU_TIME" -f '%e' true >/dev/null 2>&1 ||
    die "GNU time not found at $GNU_TIME; install it (Debian/Ubuntu: sudo apt-get install time)"

FLSCAN="$BUILD/flscan"
[[ -x "$FLSCAN" ]] || die "$FLSCAN not found: build first (cmake -S . -B $BUILD && cmake --build $BUILD)"
GEN=""
for g in "$BUILD/bench/gen_shipments" "$BUILD/gen_shipments"; do
    if [[ -x "$g" ]]; then GEN=$g; break; fi
done

mkdir -p "$DATA" "$OUT"

# median of the numbers on stdin
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

rows=()
for N in $COUNTS; do
    [[ "$N" =~ ^[0-9]+$ && "$N" -gt 0 ]] || die "bad row count '$N'"
    FILE="$DATA/shipments-$N.csv"
    if [[ ! -s "$FILE" ]]; then
        [[ -n "$GEN" ]] || die "$FILE missing and no gen_shipments in $BUILD/bench (build the gen_shipments target)"
        echo "generating $FILE ..." >&2
        "$GEN" "$N" 1 -o "$FILE.tmp"
        mv "$FILE.tmp" "$FILE"
    fi
    BYTES=$(stat -c %s "$FILE")

    walls=()
    peak=0
    for ((i = 1; i <= RUNS; i++)); do
        TLOG=$(mktemp)
        set +e
        "$GNU_TIME" -o "$TLOG" -f '%e %M' "$FLSCAN" scan --shipments "$FILE" \
            --out "$OUT/report-$N.xlsx" --flags-csv "$OUT/flags-$N.csv" --quiet
        rc=$?
        set -e
        # flscan exits 1 only with --fail-on; anything above that is a failed run
        if ((rc > 1)); then
            cat "$TLOG" >&2
            rm -f "$TLOG"
            die "flscan failed (exit $rc) on $FILE"
        fi
        read -r wall rss < <(tail -n 1 "$TLOG")
        rm -f "$TLOG"
        echo "  N=$N run $i: ${wall}s, peak RSS ${rss} KiB" >&2
        walls+=("$wall")
        ((rss > peak)) && peak=$rss
    done
    med=$(printf '%s\n' "${walls[@]}" | median)
    rows+=("$(awk -v n="$N" -v b="$BYTES" -v t="$med" -v r="$peak" 'BEGIN {
        if (t <= 0) t = 0.005   # GNU time has 10 ms resolution
        printf "| %d | %.1f | %.2f | %.0f | %.1f | %.1f |", n, b / 1e6, t, n / t, b / 1e6 / t, r / 1024
    }')")
done

echo
echo "$("$FLSCAN" --version 2>/dev/null | head -n 1 || true)"
echo "$(uname -srm), $(nproc) CPUs; median of $RUNS runs"
echo
echo "| rows | file MB | median wall s | rows/s | MB/s | peak RSS MiB |"
echo "|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${rows[@]}"

# Peers (PEERS=1): the same screening job (bench/peers/*: a fixed subset of the rules) in DuckDB
# (npm package @duckdb/node-api, installed with `npm install` in bench/peers) and pandas
# (Debian python3-pandas), when installed; the ratio is the peer's wall time over flscan's.
if [[ "${PEERS:-0}" == 1 ]]; then
    echo
    echo "| rows | tool | median wall s | peak RSS MiB | peer / flscan |"
    echo "|---:|---|---:|---:|---:|"
    for N in $COUNTS; do
        FILE="$DATA/shipments-$N.csv"
        mine=$(printf '%s\n' "${rows[@]}" | awk -F'|' -v n="$N" '$2 + 0 == n { print $4 + 0 }')
        for peer in duckdb pandas; do
            case $peer in
            duckdb)
                [[ -d "$HERE/peers/node_modules/@duckdb" ]] && command -v node >/dev/null || continue
                cmd=(node "$HERE/peers/duckdb_screen.mjs" "$FILE" "$OUT/duckdb-$N.csv" "$(nproc)") ;;
            pandas)
                /usr/bin/python3 -c 'import pandas' 2>/dev/null || continue
                cmd=(/usr/bin/python3 "$HERE/peers/pandas_screen.py" "$FILE" "$OUT/pandas-$N.csv") ;;
            esac
            walls=(); peak=0
            for ((i = 1; i <= RUNS; i++)); do
                TLOG=$(mktemp)
                "$GNU_TIME" -o "$TLOG" -f '%e %M' "${cmd[@]}" >/dev/null
                read -r wall rss < <(tail -n 1 "$TLOG"); rm -f "$TLOG"
                walls+=("$wall"); ((rss > peak)) && peak=$rss
            done
            med=$(printf '%s\n' "${walls[@]}" | median)
            awk -v n="$N" -v p="$peer" -v t="$med" -v r="$peak" -v m="$mine" 'BEGIN {
                printf "| %d | %s | %.2f | %.1f | %.2f |\n", n, p, t, r / 1024, (m > 0 ? t / m : 0) }'
        done
    done
fi
