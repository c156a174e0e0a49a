# cpack -G DEB (which first makes sure the build is complete: the test runs alone, RUN_SERIAL):
# the package's name, its dependencies by Debian package names, and the files it
# installs under /usr (binary, rules, data, man page, bash completion).
. "$FLSCAN_SRC/tests/cli/common.sh"
cpack -G DEB --config "$FLSCAN_BUILD/CPackConfig.cmake" -B "$PWD/pkg" > cpack.log
deb=$(ls pkg/*.deb)
basename "$deb"
dpkg-deb -f "$deb" Package Section
# the runtime libraries by their Debian names (a sanitizer build adds its own), and iso-codes
dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed 's/^ *//; s/ .*//' | sort |
    grep -x -e iso-codes -e 'libc6' -e libcsv3 -e 'libinih[0-9]*' -e 'libjansson[0-9]*' \
        -e 'libnettle[0-9]*' -e 'libpcre2-8-[0-9]*' -e 'libsqlite3-[0-9]*' -e 'libutf8proc[0-9]*' \
        -e 'libxlsxwriter[0-9]*' -e 'libxml2' -e 'libzip[0-9]*'
dpkg-deb -c "$deb" | awk '{ print $6 }' | grep -x -e ./usr/bin/flscan \
    -e ./usr/share/flscan/rules/ruleset.csv -e ./usr/share/flscan/datasets/country_aliases.csv \
    -e ./usr/share/flscan/datasets/sample_shipments.csv -e ./usr/share/man/man1/flscan.1.gz \
    -e ./usr/share/bash-completion/completions/flscan
