#!/usr/bin/env bash
# What the installed-app check (scripts/check-dist.sh) needs besides the .deb's own
# dependencies: a real X server (xvfb), keystrokes (xdotool), and the Debian tools whose
# triggers register the .pvb type and the desktop entry (shared-mime-info,
# desktop-file-utils). It fails, never skips, without them.
set -euo pipefail
missing=()
for p in xvfb xdotool shared-mime-info desktop-file-utils; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
exec "$(dirname "$0")/apt-install.sh" "${missing[@]}"
