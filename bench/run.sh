#!/usr/bin/env bash
# bench/run.sh - time flscan, its peers where installed and the physical limits of reading the
# input, on generated shipment files.
#
#   bench/run.sh [BUILD_DIR] [ROW_COUNTS]
#
#   BUILD_DIR   CMake build directory holding flscan, bench/gen_shipments, bench/memchr_pass,
#               bench/csv_pass and bench/sheet_pass
#               (default: ./build)
#   ROW_COUNTS  space-separated row counts, each N or N:RUNS to run that size RUNS times
#               (default: "1000000 5000000 20000000:1"), e.g. "100000 1000000 10000000:1"
#
# Builds nothing. For each N and each mix of MIXES (default "bench realistic"; gen_shipments
# --mix) it generates bench/data/shipments-N.csv (bench mix) or bench/data/realistic-N.csv
# (realistic mix) if missing (seed 1, with the generator from BUILD_DIR), reads it once so that
# it is in the page cache, then runs
#   flscan scan --shipments FILE --out bench/out/[realistic-]report-N.xlsx
#               --flags-csv bench/out/[realistic-]flags-N.csv
#               --summary-json bench/out/[realistic-]summary-N.json --quiet
# each peer that is installed (bench/peers: DuckDB through the npm package @duckdb/node-api,
# `npm install` in bench/peers; pandas, Debian python3-pandas), the two physical limits:
# `cat FILE > /dev/null` (after one more warm-up read, so from the page cache) and
# `memchr_pass FILE` (bench/memchr_pass.c: 1 MiB reads, line ends counted with memchr), and
# the floor of the fixed stack (bench/README.md, "The floor"): `csv_pass FILE` (libcsv
# parsing every byte, one thread) and `sheet_pass` on the cells of flscan's Cases sheet
# (libxlsxwriter alone; bench/sheet_cells.py extracts them from flscan's workbook first,
# untimed), each
# RUNS times (default 3, override with RUNS=5; PEERS=0 skips the peers) under GNU time.
# Prints one markdown table: per N, mix and tool the median wall time and CPU time (user +
# system), rows/s and MB/s at the median wall time, the highest peak RSS of the runs, the share
# of records flscan flagged and the tool's wall time over flscan's; then a note for each peer or
# limit skipped or failed, and per mix flscan's cost per row at the largest N against the
# smallest, in wall and in CPU time.
#
# THREADS="1 2 4" (default empty: off) adds a thread-scaling run: for each N and mix, flscan
# --threads T for each T, pinned with `taskset -c` to the first T CPUs this process may use
# when taskset is installed and T is at most their number (unpinned otherwise), RUNS times
# each; a second table gives per T the median wall and CPU time, rows/s, MB/s, peak RSS, the
# speed-up over the smallest T (1 when listed) and the efficiency (speed-up per thread).
# Run it from the repository root.
set -euo pipefail

BUILD=${1:-./build}
COUNTS=${2:-"1000000 5000000 20000000:1"}
RUNS=${RUNS:-3}
PEERS=${PEERS:-1}
MIXES=${MIXES:-"bench realistic"}
THREADS=${THREADS:-}
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
read -ra tlist <<<"$THREADS"
for t in "${tlist[@]}"; do
    if ! [[ "$t" =~ ^[1-9][0-9]*$ ]] || ((t > 256)); then
        die "bad thread count '$t' in THREADS (1 to 256)"
    fi
done
THREADS=""
((${#tlist[@]} == 0)) || THREADS=$(printf '%s\n' "${tlist[@]}" | sort -n -u | tr '\n' ' ')

FLSCAN="$BUILD/flscan"
[[ -x "$FLSCAN" ]] || die "$FLSCAN not found: build first (cmake -S . -B $BUILD && cmake --build $BUILD)"
GEN=""
for g in "$BUILD/bench/gen_shipments" "$BUILD/gen_shipments"; do
    if [[ -x "$g" ]]; then GEN=$g; break; fi
done
MEMCHR=""
for g in "$BUILD/bench/memchr_pass" "$BUILD/memchr_pass"; do
    if [[ -x "$g" ]]; then MEMCHR=$g; break; fi
done
CSVPASS=""
for g in "$BUILD/bench/csv_pass" "$BUILD/csv_pass"; do
    if [[ -x "$g" ]]; then CSVPASS=$g; break; fi
done
SHEETPASS=""
for g in "$BUILD/bench/sheet_pass" "$BUILD/sheet_pass"; do
    if [[ -x "$g" ]]; then SHEETPASS=$g; break; fi
done

# Which peers can run; the others get a note under the table.
peers=()
notes=()
[[ -n "$MEMCHR" ]] ||
    notes+=("memchr pass skipped: no memchr_pass in $BUILD/bench (build the memchr_pass target)")
[[ -n "$CSVPASS" ]] ||
    notes+=("libcsv pass skipped: no csv_pass in $BUILD/bench (build the csv_pass target)")
if [[ -z "$SHEETPASS" ]]; then
    notes+=("Cases sheet pass skipped: no sheet_pass in $BUILD/bench (build the sheet_pass target)")
elif [[ ! -x /usr/bin/python3 ]]; then
    notes+=("Cases sheet pass skipped: bench/sheet_cells.py needs /usr/bin/python3")
    SHEETPASS=""
fi
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

# The CPUs this process may run on, in order (the thread-scaling runs are pinned to the first
# T of them): the kernel's list, or 0 .. nproc-1 when it cannot be read.
allowed_cpus() {
    local list
    list=$(awk '/^Cpus_allowed_list:/ { print $2 }' /proc/self/status 2>/dev/null || true)
    if [[ -z "$list" ]]; then
        seq 0 $(($(nproc) - 1))
        return
    fi
    tr ',' '\n' <<<"$list" | awk -F- '{ if (NF == 2) for (i = $1; i <= $2; i++) print i; else print $1 }'
}
CPUS=()
TASKSET=""
if [[ -n "$THREADS" ]]; then
    mapfile -t CPUS < <(allowed_cpus)
    if command -v taskset >/dev/null; then
        TASKSET=taskset
    else
        notes+=("thread-scaling runs not pinned: taskset not found (Debian/Ubuntu: util-linux)")
    fi
fi

# cpu_list T: the first T allowed CPUs as a taskset list, consecutive ones as ranges ("0-3,8")
cpu_list() {
    printf '%s\n' "${CPUS[@]:0:$1}" | awk '
        function flush() { out = out (out == "" ? "" : ",") (lo == hi ? lo : lo "-" hi) }
        NR == 1 { lo = hi = $1; next }
        $1 == hi + 1 { hi = $1; next }
        { flush(); lo = hi = $1 }
        END { if (NR) flush(); print out }'
}

mkdir -p "$DATA" "$OUT"

# median of the numbers on stdin
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# children_cpu: sets KIDS_MS to the user + system CPU time (ms) of every child this shell has
# waited for, from the `times` builtin (1 ms resolution; GNU time prints 10 ms). It runs in this
# shell and forks nothing, so that the difference of two calls is the CPU of what ran between.
TIMES_TMP=$(mktemp)
trap 'rm -f "$TIMES_TMP"' EXIT
children_cpu() {
    local line=""
    times >"$TIMES_TMP"
    { read -r _ && read -r line; } <"$TIMES_TMP" || true
    if [[ "$line" =~ ^([0-9]+)m([0-9]+)[.,]([0-9]{3})s\ ([0-9]+)m([0-9]+)[.,]([0-9]{3})s$ ]]; then
        KIDS_MS=$(((10#${BASH_REMATCH[1]} + 10#${BASH_REMATCH[4]}) * 60000 +
            (10#${BASH_REMATCH[2]} + 10#${BASH_REMATCH[5]}) * 1000 +
            10#${BASH_REMATCH[3]} + 10#${BASH_REMATCH[6]}))
    else
        KIDS_MS=-1
    fi
}

# measure LABEL RUNS CMD...: run CMD RUNS times under GNU time; sets MED (median wall s),
# CPU (median user + system s) and PEAK (highest peak RSS, KiB). Wall time is bash's
# EPOCHREALTIME around GNU time (microseconds) and CPU time the children's from `times`
# (milliseconds), both including GNU time's own start and wait (under a millisecond); without
# them (bash before 5) GNU time's %e and %U + %S (10 ms). Exit codes above MAX_RC (default 0)
# fail the measurement; RC then holds the exit code (128 + N: killed by signal N).
measure() {
    local label=$1 n=$2
    shift 2
    local walls=() cpus=() wall cpu rss usr sys rc i tlog t0 t1 c0 c1
    PEAK=0
    for ((i = 1; i <= n; i++)); do
        tlog=$(mktemp)
        children_cpu
        c0=$KIDS_MS
        t0=${EPOCHREALTIME:-}
        set +e
        "$GNU_TIME" -o "$tlog" -f '%e %M %U %S' "$@" >/dev/null
        rc=$?
        set -e
        t1=${EPOCHREALTIME:-}
        children_cpu
        c1=$KIDS_MS
        if ((rc > ${MAX_RC:-0})); then
            RC=$rc
            cat "$tlog" >&2
            rm -f "$tlog"
            echo "run.sh: $label failed (exit $rc)" >&2
            return 1
        fi
        read -r wall rss usr sys < <(tail -n 1 "$tlog")
        rm -f "$tlog"
        cpu=$(awk -v u="$usr" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
        if [[ -n "$t0" && -n "$t1" ]]; then
            t0=$((10#${t0//[^0-9]/}))
            t1=$((10#${t1//[^0-9]/}))
            printf -v wall '%d.%06d' $(((t1 - t0) / 1000000)) $(((t1 - t0) % 1000000))
        fi
        if ((c0 >= 0 && c1 >= c0)); then
            printf -v cpu '%d.%03d' $(((c1 - c0) / 1000)) $(((c1 - c0) % 1000))
        fi
        echo "  $label run $i: ${wall}s wall, ${cpu}s CPU (${usr}s user, ${sys}s system), peak RSS ${rss} KiB" >&2
        walls+=("$wall")
        cpus+=("$cpu")
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

# why RC: the reason for a failed measurement's exit code, for the notes
why() {
    if ((RC == 137)); then
        echo "killed by SIGKILL, most likely out of memory"
    elif ((RC > 128)); then
        echo "killed by signal $((RC - 128))"
    else
        echo "exit $RC"
    fi
}

# row N MIX RUNS TOOL BYTES WALL CPU PEAK_KIB FLAGGED FLSCAN_WALL: one line of the main table
row() {
    awk -v n="$1" -v mix="$2" -v runs="$3" -v tool="$4" -v b="$5" -v t="$6" -v c="$7" -v r="$8" \
        -v f="$9" -v m="${10}" 'BEGIN {
        if (t <= 0) t = 0.0005   # below the resolution
        if (m <= 0) m = 0.0005
        printf "| %d | %s | %s | %d | %.1f | %.3f | %.3f | %.0f | %.1f | %.1f | %s | %.3f |", n, mix,
            tool, runs, b / 1e6, t, c, n / t, b / 1e6 / t, r / 1024, f, t / m
    }'
}

# warm FILE: read FILE once so that the next reads come from the page cache (as far as it fits)
warm() { cat "$1" >/dev/null; }

rows=()    # table rows
scale=()   # "mix N wall cpu" of flscan per row count (medians)
trows=()   # "N mix runs bytes threads cpus wall cpu peak" of the thread-scaling runs

# bench_one N RUNS MIX: generate the file if missing, time flscan, the peers and the limits on
# it, add their rows to the table; with THREADS, time flscan at each thread count too.
bench_one() {
    local N=$1 R=$2 mix=$3 FILE TAG BYTES SUMMARY mine share peer cmd t cpus
    local scan
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
    BYTES=$(stat -L -c %s "$FILE")
    SUMMARY="$OUT/${TAG}summary-$N.json"
    scan=("$FLSCAN" scan --shipments "$FILE" --out "$OUT/${TAG}report-$N.xlsx"
        --flags-csv "$OUT/${TAG}flags-$N.csv" --summary-json "$SUMMARY" --quiet)

    # flscan exits 1 only with --fail-on; anything above that is a failed run
    warm "$FILE"
    MAX_RC=1 measure "flscan $mix N=$N" "$R" "${scan[@]}" || die "flscan failed on $FILE"
    mine=$MED
    share=$(flagged_share "$SUMMARY")
    scale+=("$mix $N $MED $CPU")
    rows+=("$(row "$N" "$mix" "$R" flscan "$BYTES" "$MED" "$CPU" "$PEAK" "$share" "$mine")")
    for peer in "${peers[@]}"; do
        case $peer in
        duckdb) cmd=(node "$HERE/peers/duckdb_screen.mjs" "$FILE" "$OUT/${TAG}duckdb-$N.csv" "$(nproc)") ;;
        pandas) cmd=(/usr/bin/python3 "$HERE/peers/pandas_screen.py" "$FILE" "$OUT/${TAG}pandas-$N.csv") ;;
        esac
        if measure "$peer $mix N=$N" "$R" "${cmd[@]}"; then
            rows+=("$(row "$N" "$mix" "$R" "$peer" "$BYTES" "$MED" "$CPU" "$PEAK" - "$mine")")
        else
            notes+=("$peer failed on $N rows of the $mix mix ($(why); see above); not in the table")
        fi
    done

    # The physical limits: the bytes copied out of the page cache, and one memchr pass over them.
    # A peer may have pushed the file out of the cache: read it again first.
    warm "$FILE"
    if measure "cat $mix N=$N" "$R" cat "$FILE"; then
        rows+=("$(row "$N" "$mix" "$R" "cat (page cache)" "$BYTES" "$MED" "$CPU" "$PEAK" - "$mine")")
    else
        notes+=("cat failed on $N rows of the $mix mix ($(why)); not in the table")
    fi
    if [[ -n "$MEMCHR" ]]; then
        if measure "memchr_pass $mix N=$N" "$R" "$MEMCHR" "$FILE"; then
            rows+=("$(row "$N" "$mix" "$R" "memchr pass" "$BYTES" "$MED" "$CPU" "$PEAK" - "$mine")")
        else
            notes+=("memchr_pass failed on $N rows of the $mix mix ($(why)); not in the table")
        fi
    fi
    # The floor of the fixed stack (bench/README.md, "The floor"): libcsv parsing every byte on
    # one thread, and libxlsxwriter alone writing the cells of flscan's Cases sheet (extracted
    # from flscan's last workbook, not timed), which can only start once every record is judged.
    if [[ -n "$CSVPASS" ]]; then
        if measure "csv_pass $mix N=$N" "$R" "$CSVPASS" "$FILE"; then
            rows+=("$(row "$N" "$mix" "$R" "libcsv pass" "$BYTES" "$MED" "$CPU" "$PEAK" - "$mine")")
        else
            notes+=("csv_pass failed on $N rows of the $mix mix ($(why)); not in the table")
        fi
    fi
    if [[ -n "$SHEETPASS" ]]; then
        local cells="$OUT/${TAG}cases-$N.csv"
        if /usr/bin/python3 "$HERE/sheet_cells.py" "$OUT/${TAG}report-$N.xlsx" Cases "$cells" \
            >/dev/null &&
            measure "sheet_pass $mix N=$N" "$R" "$SHEETPASS" "$cells" "$OUT/${TAG}plain-$N.xlsx"; then
            rows+=("$(row "$N" "$mix" "$R" "Cases sheet pass" "$BYTES" "$MED" "$CPU" "$PEAK" - "$mine")")
        else
            notes+=("the Cases sheet pass failed on $N rows of the $mix mix; not in the table")
        fi
        rm -f "$cells" "$OUT/${TAG}plain-$N.xlsx"
    fi

    # Thread scaling: the same scan at each of THREADS, pinned to that many CPUs where it can be.
    for t in $THREADS; do
        if [[ -n "$TASKSET" ]] && ((t <= ${#CPUS[@]})); then
            cpus=$(cpu_list "$t")
            cmd=(taskset -c "$cpus" "${scan[@]}" --threads "$t")
        else
            cpus="all ${#CPUS[@]} (not pinned)"
            cmd=("${scan[@]}" --threads "$t")
        fi
        MAX_RC=1 measure "flscan $mix N=$N --threads $t, CPUs $cpus" "$R" "${cmd[@]}" ||
            die "flscan --threads $t failed on $FILE"
        trows+=("$N $mix $R $BYTES $t ${cpus// /_} $MED $CPU $PEAK")
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

# Thread scaling (THREADS): per N and mix, flscan at each thread count; speed-up is the wall
# time at the smallest count over the wall time at this one, efficiency the speed-up over the
# threads added (speed-up x smallest count / count). Under the table, per N and mix, the last
# count that still cut the wall time by 10% or more against the count before it.
if ((${#trows[@]})); then
    echo
    if [[ -n "$TASKSET" ]]; then
        echo "thread scaling: flscan --threads T, pinned with taskset -c to the first T of the ${#CPUS[@]} CPUs it may use (unpinned above that)"
    else
        echo "thread scaling: flscan --threads T, not pinned (no taskset), ${#CPUS[@]} CPUs"
    fi
    echo "speed-up: median wall time at the smallest T over that at T; efficiency: speed-up x smallest T / T"
    echo
    echo "| rows | mix | threads | CPUs | runs | median wall s | median CPU s | rows/s | MB/s | peak RSS MiB | speed-up | efficiency |"
    echo "|---:|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    printf '%s\n' "${trows[@]}" | awk '
        {
            k = $1 " " $2
            if (!(k in base_t) || $5 < base_t[k]) { base_t[k] = $5; base_w[k] = ($7 > 0 ? $7 : 0.0005) }
            line[NR] = $0
        }
        END {
            for (i = 1; i <= NR; i++) {
                split(line[i], f, " ")
                k = f[1] " " f[2]
                w = f[7] > 0 ? f[7] : 0.0005   # below the resolution
                cpus = f[6]
                gsub(/_/, " ", cpus)
                s = base_w[k] / w
                printf "| %d | %s | %d | %s | %d | %.3f | %.3f | %.0f | %.1f | %.1f | %.2fx | %.0f%% |\n",
                    f[1], f[2], f[5], cpus, f[3], f[7], f[8], f[1] / w, f[4] / 1e6 / w, f[9] / 1024,
                    s, 100 * s * base_t[k] / f[5]
            }
        }'
    echo
    printf '%s\n' "${trows[@]}" | sort -k1,1n -k2,2 -k5,5n | awk '
        function done_group() {
            if (n < 2) return
            if (last == "")
                printf "- %d rows, %s mix: no step from %d to %d threads cut the wall time by 10%% or more\n", g_n, g_mix, first, prev_t
            else if (last == prev_t)
                printf "- %d rows, %s mix: still gaining at %d threads (%.2fx over %d)\n", g_n, g_mix, last, w0 / prev_w, first
            else
                printf "- %d rows, %s mix: gains stop at %d threads (%.2fx over %d); no step beyond cuts the wall time by 10%%\n", g_n, g_mix, last, w0 / last_w, first
        }
        {
            w = $7 > 0 ? $7 : 0.0005
            if ($1 " " $2 != g) {
                done_group()
                g = $1 " " $2; g_n = $1; g_mix = $2; n = 0; last = ""; first = $5; w0 = w
            } else if (prev_w / w >= 1.10) {
                last = $5; last_w = w
            }
            n++; prev_t = $5; prev_w = w
        }
        END { done_group() }'
fi
