# Sourced first by every CLI test: stop at the first command that fails; the fixture rule set
# and the project's reference data; a small shipments file in the test's folder (6 records,
# 3 flagged by tests/e2e/rules).
set -eu
export FLSCAN_RULES="$FLSCAN_SRC/tests/e2e/rules" FLSCAN_DATA="$FLSCAN_SRC/datasets"
cp "$FLSCAN_SRC/tests/cli/data/shipments.csv" .
