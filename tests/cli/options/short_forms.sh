# -o, -q, -j, clustered (-qj1) and attached (-or2.xlsx) as getopt allows; -v says more.
. "$FLSCAN_SRC/tests/cli/common.sh"
flscan scan -q -j 1 -o r1.xlsx shipments.csv
flscan scan -qj2 -or2.xlsx shipments.csv
flscan scan --quiet --threads=1 --out=r3.xlsx shipments.csv
flscan scan --qui --thr 1 --ou r4.xlsx shipments.csv # unique abbreviations
for r in r1 r2 r3 r4; do test -s $r.xlsx && echo "$r.xlsx written"; done
flscan scan -v -o r5.xlsx shipments.csv 2>&1 >/dev/null | grep -c '^flscan: reading '
