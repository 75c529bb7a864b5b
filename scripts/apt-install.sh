#!/usr/bin/env bash
# apt-install.sh PACKAGE...: installs the Debian packages given (the callers pass only
# the missing ones), as root or through sudo; without either it says what to install and
# fails, so a test that needs a tool fails rather than skips.
set -euo pipefail
[ $# -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ]; then
    sudo=()
elif command -v sudo >/dev/null; then
    sudo=(sudo)
else
    echo "povdesk: 请先安装 $*（Debian/Ubuntu：apt-get install $*）" >&2
    echo "povdesk: please install $* first (Debian/Ubuntu: apt-get install $*)" >&2
    exit 1
fi
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "$@"
