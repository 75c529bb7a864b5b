#!/usr/bin/env bash
# What the installed-app check (scripts/check-dist.sh) needs besides the .deb's own
# dependencies: a real X server (xvfb), keystrokes (xdotool), and the Debian tools whose
# triggers register the .pvb type and the desktop entry (shared-mime-info,
# desktop-file-utils). It fails, never skips, without them.
set -euo pipefail
packages=(xvfb xdotool shared-mime-info desktop-file-utils)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ]; then
    sudo=()
elif command -v sudo >/dev/null; then
    sudo=(sudo)
else
    echo "povdesk: 请先安装 ${missing[*]}(apt-get install ${missing[*]})" >&2
    echo "povdesk: please install ${missing[*]} first (apt-get install ${missing[*]})" >&2
    exit 1
fi
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}"
