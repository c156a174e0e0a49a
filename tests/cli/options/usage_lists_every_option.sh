# The usage line of 'scan --help' is made from the option table: every option listed under
# "Options:" is in it (the issue: --data, --threads and --entity-* were left out).
. "$FLSCAN_SRC/tests/cli/common.sh"
flscan scan --help > help.txt
sed -n '1,/^$/p' help.txt > usage.txt
sed -n '/^Options:/,/^$/p' help.txt | grep -o '^  \(-., \|    \)--[a-z-]*' |
    grep -o -- '--[a-z-]*' | grep -v -e '^--help$' -e '^--version$' > options.txt
test "$(wc -l < options.txt)" -ge 20
while read -r o; do
    grep -q -e "\[$o[] ]" usage.txt || { echo "the usage lacks $o"; exit 1; }
done < options.txt
for o in --data --threads --entity-match --entity-review; do grep -c -e "\[$o " usage.txt; done
