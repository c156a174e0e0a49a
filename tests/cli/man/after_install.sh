# After cmake --install, 'man flscan' finds and shows the page (MANPATH points at the prefix
# as /usr/local/share/man would be found after a system install).
. "$FLSCAN_SRC/tests/cli/common.sh"
cmake --install "$FLSCAN_BUILD" --prefix "$PWD/p" > /dev/null
export MANPATH="$PWD/p/share/man"
man -w flscan | sed "s|^$PWD/||"
MANWIDTH=80 man -P cat flscan 2>/dev/null | grep -m1 -o 'flscan - screen supply-chain trade data'
