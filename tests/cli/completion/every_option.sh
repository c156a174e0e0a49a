# Every option that a command's --help lists is completed after '--' (one table for both).
. "$FLSCAN_SRC/tests/cli/common.sh"
for c in scan merge "rules check" "rules list" "rules import" "ledger check" "ledger backup"; do
    flscan $c --help | sed -n '/^Options/,$p' | grep -o -- '^ *\(-., \)\?--[a-z][a-z-]*' |
        grep -o -- '--[a-z-]*' | sort > want.txt
    bash -c '. "$FLSCAN_BUILD/doc/flscan.bash"; COMP_WORDS=(flscan $1 --); COMP_CWORD=${#COMP_WORDS[@]}
             COMP_CWORD=$((COMP_CWORD - 1)); _flscan; printf "%s\n" "${COMPREPLY[@]}"' _ "$c" |
        sort > got.txt
    diff want.txt got.txt
    echo "$c: $(wc -l < got.txt | tr -d ' ') options"
done
