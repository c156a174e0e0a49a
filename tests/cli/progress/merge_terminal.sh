# On a terminal the merge says its steps as the scan does, its records coming from the
# partials instead of the input ("merging the records of ..."); a shard says its own.
. "$FLSCAN_SRC/tests/cli/common.sh"
script -qec "flscan scan -j 1 shipments.csv --shard 1/2 --partial p1.flp" /dev/null > s1.txt
flscan scan -q shipments.csv --shard 2/2 --partial p2.flp
script -qec "flscan merge -j 1 -o r.xlsx p1.flp p2.flp" /dev/null > tty.txt
# each "\r<erase line>" starts a new state of the line
tr '\r' '\n' < s1.txt | sed 's/\x1b\[K//' | grep -v '^$'
tr '\r' '\n' < tty.txt | sed 's/\x1b\[K//' | grep -v '^$'
