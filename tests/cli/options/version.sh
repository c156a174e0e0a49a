# -V and --version, before or after a command.
. "$FLSCAN_SRC/tests/cli/common.sh"
flscan -V
flscan --version
flscan scan -V
flscan rules list --version
flscan version
