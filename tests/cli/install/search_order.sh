# The documented order: --rules, $FLSCAN_RULES, ./rules, beside the program (an install
# without its share/ here, so that the places before it decide).
. "$FLSCAN_SRC/tests/cli/common.sh"
fixture="$FLSCAN_SRC/tests/e2e/rules"
unset FLSCAN_RULES
mkdir -p p/bin && cp "$FLSCAN_BIN" p/bin/flscan
cp -r "$fixture" rules
where() { p/bin/flscan scan -v -o r.xlsx "$@" shipments.csv 2>&1 >/dev/null | grep '^flscan: rules:'; }
FLSCAN_RULES="$fixture" where --rules rules
FLSCAN_RULES="$fixture" where
where
