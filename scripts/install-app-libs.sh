#!/usr/bin/env bash
# What `make bench` needs to run the built app on a real X server: the system libraries
# the .deb depends on (packaging/linux/depends; installing the .deb brings them, the bare
# dist folder does not) and the X server itself (scripts/install-dist-tools.sh). A fresh
# machine's `make bench` ran every module, then stopped at the start-up one without them.
set -euo pipefail
here="$(dirname "$0")"
missing=()
while read -r p; do
    [ -n "$p" ] || continue
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done < "$here/../packaging/linux/depends"
[ ${#missing[@]} -eq 0 ] || "$here/apt-install.sh" "${missing[@]}"
exec "$here/install-dist-tools.sh"
