# The generated bash completion: commands, subcommands, each command's options, files and
# folders where wanted, severities and field names, --option=value.
. "$FLSCAN_SRC/tests/cli/common.sh"
mkdir somedir
touch notes.txt
bash -c '
. "$FLSCAN_BUILD/doc/flscan.bash"
c() { COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=(); _flscan
      printf "%s -> %s\n" "$*" "$(printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " ")"; }
c flscan sc
c flscan ""
c flscan rules ""
c flscan ledger b
c flscan scan --fa
c flscan scan --ver
c flscan scan --fail-on ""
c flscan scan --fail-on h
c flscan scan --map imp
c flscan scan -o sh
c flscan scan --out = sh
c flscan scan --rules ""
c flscan scan --as-of ""
c flscan scan sh
c flscan rules check ""
c flscan rules list --c
c flscan rules import --d
c flscan ledger backup --l
'
