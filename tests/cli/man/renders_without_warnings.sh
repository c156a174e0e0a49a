# man -l renders the generated page without a groff warning, and it lists every option of
# every command (made from the same table as --help).
. "$FLSCAN_SRC/tests/cli/common.sh"
page="$FLSCAN_BUILD/doc/flscan.1"
MANWIDTH=80 man --warnings --nh --nj -l "$page" > page.txt
grep -c '^COMMANDS$' page.txt
for c in scan "rules check" "rules list" "ledger check" "ledger backup"; do
    flscan $c --help | sed -n '/^Options/,/^$/p' | grep -o -- '--[a-z][a-z-]*' | sort -u |
        while read -r o; do
            grep -q -e "$o" page.txt || { echo "the man page lacks $o ($c)"; exit 1; }
        done
    grep -c "^   flscan $c\$" page.txt
done
