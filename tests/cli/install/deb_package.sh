# cpack -G DEB: the package's name, its dependencies by Debian package names, and the files it
# installs under /usr (binary, rules, data, man page, bash completion).
. "$FLSCAN_SRC/tests/cli/common.sh"
cpack -G DEB --config "$FLSCAN_BUILD/CPackConfig.cmake" -B "$PWD/pkg" > cpack.log
deb=$(ls pkg/*.deb)
basename "$deb"
dpkg-deb -f "$deb" Package Section
dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed 's/^ *//; s/ .*//' | sort
dpkg-deb -c "$deb" | awk '{ print $6 }' | grep -x -e ./usr/bin/flscan \
    -e ./usr/share/flscan/rules/ruleset.csv -e ./usr/share/flscan/datasets/country_aliases.csv \
    -e ./usr/share/flscan/datasets/sample_shipments.csv -e ./usr/share/man/man1/flscan.1.gz \
    -e ./usr/share/bash-completion/completions/flscan
