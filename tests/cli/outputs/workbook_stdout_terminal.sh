# -o - when standard output is a terminal (script(1) gives the run one): refused, exit 2,
# nothing written.
. "$FLSCAN_SRC/tests/cli/common.sh"
rc=0
script -qec "flscan scan -q -o - shipments.csv" /dev/null > tty.txt || rc=$?
tr -d '\r' < tty.txt
echo "exit $rc"
test ! -e reports && test ! -e ./- && echo "nothing written"
