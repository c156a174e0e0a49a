# No place holds the rule set, then the data: exit 3 before any work, every place tried
# named with why it did not count, what to give instead; nothing created.
. "$FLSCAN_SRC/tests/cli/common.sh"
unset FLSCAN_RULES FLSCAN_DATA
mkdir -p p/bin && cp "$FLSCAN_BIN" p/bin/flscan
rc=0
p/bin/flscan scan shipments.csv 2>&1 || rc=$?
echo "exit $rc"
rc=0
p/bin/flscan scan --rules "$FLSCAN_SRC/tests/e2e/rules" shipments.csv 2>&1 || rc=$?
echo "exit $rc"
test ! -e reports && echo "nothing created"
