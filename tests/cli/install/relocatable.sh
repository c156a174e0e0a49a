# cmake --install to a prefix, moved afterwards: the program finds its rules and data beside
# itself (PREFIX/share/flscan), from any folder, with nothing but the input named.
. "$FLSCAN_SRC/tests/cli/common.sh"
unset FLSCAN_RULES FLSCAN_DATA
cmake --install "$FLSCAN_BUILD" --prefix "$PWD/p" > /dev/null
mv p moved
for f in bin/flscan share/flscan/rules/ruleset.csv share/flscan/datasets/country_aliases.csv \
    share/man/man1/flscan.1.gz share/bash-completion/completions/flscan; do
    test -f "moved/$f" && echo "installed $f"
done
mkdir elsewhere && cd elsewhere
../moved/bin/flscan scan -v ../shipments.csv
test -f reports/shipments-report.xlsx && echo "wrote reports/shipments-report.xlsx"
