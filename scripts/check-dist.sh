#!/usr/bin/env bash
# CI, after `make check`: build the app and its .deb once (`make dist`), then install the
# .deb and run the installed program with the project's venv out of reach (env -i, a
# PATH of system folders only, the system Python running the checker, which uses only
# its standard library). The output ends with "N passed, M failed"; any failure fails.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-dist-tools.sh
make dist
debs=(dist/povdesk_*.deb)
[ ${#debs[@]} -eq 1 ] || { echo "check-dist: expected one .deb in dist/, found ${debs[*]}" >&2; exit 1; }
exec env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 HOME="$HOME" \
    /usr/bin/python3 scripts/check_dist.py "${debs[0]}"
