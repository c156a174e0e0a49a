#!/usr/bin/env bash
# bench/run.sh - time flscan, and its peers where installed, on generated shipment files.
#
#   bench/run.sh [BUILD_DIR] [ROW_COUNTS]
#
#   BUILD_DIR   CMake build directory holding flscan and bench/gen_shipments (default: ./build)
#   ROW_COUNTS  space-separated row counts, each N or N:RUNS to run that size RUNS times
#               (default: "1000000 10000000"), e.g. "100000 1000000 10000000:1"
#
# Builds nothing. For each N and each mix of MIXES (default "bench realistic"; gen_shipments
# --mix) it generates bench/data/shipments-N.csv (bench mix) or bench/data/realistic-N.csv
# (realistic mix) if missing (seed 1, with the generator from BUILD_DIR), then runs
#   flscan scan --shipments FILE --out bench/out/[realistic-]report-N.xlsx
#               --flags-csv bench/out/[realistic-]flags-N.csv
#               --summary-json bench/out/[realistic-]summary-N.json --quiet
# and each peer that is installed (bench/peers: DuckDB through the npm package
# @duckdb/node-api, `npm install` in bench/peers; pandas, Debian python3-pandas) RUNS times
# (default 3, override with RUNS=5; PEERS=0 skips the peers) under GNU time. Prints one
# markdown table: per N, mix and tool the median wall time and CPU time (user + system),
# rows/s and MB/s at the median wall time, the highest peak RSS of the runs, the share of
# records flscan flagged and the tool's wall time over flscan's; then a note for each peer
# skipped, and per mix flscan's cost per row at the largest N against the smallest, in wall
# and in CPU time.
# Run it from the repository root.
set -euo pipefail

BUILD=${1:-./build}
COUNTS=${2:-"1000000 10000000"}
RUNS=${RUNS:-3}
PEERS=${PEERS:-1}
MIXES=${MIXES:-"bench realistic"}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
DATA="$HERE/data"
OUT="$HERE/out"
GNU_TIME=/usr/bin/time

die() { echo "run.sh: $*" >&2; exit 1; }

if ! { [[ -x "$GNU_TIME" ]] && "$GNU_TIME" -f '%e' true >/dev/null 2>&1; }; then
    die "GNU time not found at $GNU_TIME; install it (Debian/Ubuntu: sudo apt-get install time)"
fi
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "bad RUNS '$RUNS'"
for mix in $MIXES; do
    [[ "$mix" == bench || "$mix" == realistic ]] || die "bad mix '$mix' in MIXES (bench, realistic)"
done

FLSCAN="$BUILD/flscan"
[[ -x "$FLSCAN" ]] || die "$FLSCAN not found: build first (cmake -S . -B $BUILD && cmake --build $BUILD)"
GEN=""
for g in "$BUILD/bench/gen_shipments" "$BUILD/gen_shipments"; do
    if [[ -x "$g" ]]; then GEN=$g; break; fi
done

# Which peers can run; the others get a note under the table.
peers=()
notes=()
if [[ "$PEERS" == 1 ]]; then
    if [[ -d "$HERE/peers/node_modules/@duckdb/node-api" ]] && command -v node >/dev/null; then
        peers+=(duckdb)
    else
        notes+=("duckdb skipped: not installed (needs node and \`npm install\` in bench/peers)")
    fi
    if [[ -x /usr/bin/python3 ]] && /usr/bin/python3 -c 'import pandas' 2>/dev/null; then
        peers+=(pandas)
    else
        notes+=("pandas skipped: not installed (Debian/Ubuntu: sudo apt-get install python3-pandas)")
    fi
else
    notes+=("peers skipped (PEERS=0)")
fi

mkdir -p "$DATA" "$OUT"

# median of the numbers on stdin
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# measure LABEL RUNS CMD...: run CMD RUNS times under GNU time; sets MED (median wall s),
# CPU (median user + system s) and PEAK (highest peak RSS, KiB). Exit codes above MAX_RC
# (default 0) fail the measurement.
measure() {
    local label=$1 n=$2
    shift 2
    local walls=() cpus=() wall rss usr sys rc i tlog
    PEAK=0
    for ((i = 1; i <= n; i++)); do
        tlog=$(mktemp)
        set +e
        "$GNU_TIME" -o "$tlog" -f '%e %M %U %S' "$@" >/dev/null
        rc=$?
        set -e
        if ((rc > ${MAX_RC:-0})); then
            cat "$tlog" >&2
            rm -f "$tlog"
            echo "run.sh: $label failed (exit $rc)" >&2
            return 1
        fi
        read -r wall rss usr sys < <(tail -n 1 "$tlog")
        rm -f "$tlog"
        echo "  $label run $i: ${wall}s wall, ${usr}s user, ${sys}s system, peak RSS ${rss} KiB" >&2
        walls+=("$wall")
        cpus+=("$(awk -v u="$usr" -v s="$sys" 'BEGIN { print u + s }')")
        ((rss > PEAK)) && PEAK=$rss
    done
    MED=$(printf '%s\n' "${walls[@]}" | median)
    CPU=$(printf '%s\n' "${cpus[@]}" | median)
}

# share of records flscan flagged, from its --summary-json FILE ("-" when unreadable)
flagged_share() {
    awk '{
        if (match($0, /"records":\{[^}]*\}/)) {
            r = substr($0, RSTART, RLENGTH)
            if (match(r, /"read":[0-9]+/)) read = substr(r, RSTART + 7, RLENGTH - 7)
            if (match(r, /"flagged":[0-9]+/)) fl = substr(r, RSTART + 10, RLENGTH - 10)
        }
    } END { if (read > 0) printf "%.1f", 100 * fl / read; else print "-" }' "$1" 2>/dev/null || echo -
}

rows=()   # table rows
scale=()  # "mix N wall cpu" of flscan per row count (medians)

# bench_one N RUNS MIX: generate the file if missing, time flscan and the peers on it, add
# their rows to the table.
bench_one() {
    local N=$1 R=$2 mix=$3 FILE TAG BYTES SUMMARY mine share peer cmd i
    local tools meds cpus peaks shares
    if [[ "$mix" == bench ]]; then
        FILE="$DATA/shipments-$N.csv"
        TAG=""
    else
        FILE="$DATA/realistic-$N.csv"
        TAG="realistic-"
    fi
    if [[ ! -s "$FILE" ]]; then
        [[ -n "$GEN" ]] || die "$FILE missing and no gen_shipments in $BUILD/bench (build the gen_shipments target)"
        echo "generating $FILE ..." >&2
        "$GEN" "$N" 1 --mix "$mix" -o "$FILE.tmp"
        mv "$FILE.tmp" "$FILE"
    fi
    BYTES=$(stat -c %s "$FILE")
    SUMMARY="$OUT/${TAG}summary-$N.json"

    # flscan exits 1 only with --fail-on; anything above that is a failed run
    MAX_RC=1 measure "flscan $mix N=$N" "$R" "$FLSCAN" scan --shipments "$FILE" \
        --out "$OUT/${TAG}report-$N.xlsx" --flags-csv "$OUT/${TAG}flags-$N.csv" \
        --summary-json "$SUMMARY" --quiet ||
        die "flscan failed on $FILE"
    mine=$MED
    share=$(flagged_share "$SUMMARY")
    scale+=("$mix $N $MED $CPU")
    tools=(flscan)
    meds=("$mine")
    cpus=("$CPU")
    peaks=("$PEAK")
    shares=("$share")
    for peer in "${peers[@]}"; do
        case $peer in
        duckdb) cmd=(node "$HERE/peers/duckdb_screen.mjs" "$FILE" "$OUT/${TAG}duckdb-$N.csv" "$(nproc)") ;;
        pandas) cmd=(/usr/bin/python3 "$HERE/peers/pandas_screen.py" "$FILE" "$OUT/${TAG}pandas-$N.csv") ;;
        esac
        if measure "$peer $mix N=$N" "$R" "${cmd[@]}"; then
            tools+=("$peer")
            meds+=("$MED")
            cpus+=("$CPU")
            peaks+=("$PEAK")
            shares+=("-")
        else
            notes+=("$peer failed on $N rows of the $mix mix (see above); not in the table")
        fi
    done
    for i in "${!tools[@]}"; do
        rows+=("$(awk -v n="$N" -v mix="$mix" -v runs="$R" -v tool="${tools[$i]}" -v b="$BYTES" \
            -v t="${meds[$i]}" -v c="${cpus[$i]}" -v r="${peaks[$i]}" -v m="$mine" \
            -v f="${shares[$i]}" 'BEGIN {
            if (t <= 0) t = 0.005   # GNU time has 10 ms resolution
            if (m <= 0) m = 0.005
            printf "| %d | %s | %s | %d | %.1f | %.2f | %.2f | %.0f | %.1f | %.1f | %s | %.2f |", n, mix,
                tool, runs, b / 1e6, t, c, n / t, b / 1e6 / t, r / 1024, f, t / m
        }')")
    done
}

for spec in $COUNTS; do
    [[ "$spec" =~ ^([0-9]+)(:([1-9][0-9]*))?$ && "${BASH_REMATCH[1]}" -gt 0 ]] ||
        die "bad row count '$spec' (N or N:RUNS)"
    n=${BASH_REMATCH[1]}
    r=${BASH_REMATCH[3]:-$RUNS}
    for mix in $MIXES; do
        bench_one "$n" "$r" "$mix"
    done
done

echo
{ "$FLSCAN" --version 2>/dev/null || true; } | head -n 1
echo "$(uname -srm), $(nproc) CPUs; median wall time of the runs"
echo
echo "| rows | mix | tool | runs | file MB | median wall s | median CPU s | rows/s | MB/s | peak RSS MiB | flagged % | wall / flscan |"
echo "|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${rows[@]}"
if ((${#notes[@]})); then
    echo
    printf -- '- %s\n' "${notes[@]}"
fi
# The peers run a fixed subset of the rules (bench/peers/); "wall / flscan" above 1 means
# flscan was faster.

# Scaling: per mix, flscan's cost per row at the largest N against the smallest (goal: within
# 10%), in wall time and in CPU time (user + system: less disturbed by other work on the machine).
for mix in $MIXES; do
    picked=()
    for line in "${scale[@]}"; do
        if [[ "${line%% *}" == "$mix" ]]; then
            picked+=("${line#* }")
        fi
    done
    ((${#picked[@]} > 1)) || continue
    echo
    printf '%s\n' "${picked[@]}" | sort -n -k1,1 | awk -v mix="$mix" '
        function line(what, a, b) {
            d = (b - a) / a * 100
            printf "scaling (%s, %s mix): flscan %.3f us/row at %d rows, %.3f us/row at %d rows: %+.1f%% (%s 10%%)\n",
                what, mix, a, n0, b, n1, d, (d <= 10 && d >= -10) ? "within" : "NOT within"
        }
        NR == 1 { n0 = $1; w0 = $2 / $1 * 1e6; c0 = $3 / $1 * 1e6 }
        { n1 = $1; w1 = $2 / $1 * 1e6; c1 = $3 / $1 * 1e6 }
        END {
            if (n1 == n0 || w0 <= 0 || c0 <= 0) exit
            line("wall", w0, w1)
            line("CPU", c0, c1)
        }'
done
