#!/usr/bin/env bash
# The sync tests check bundles with the independent `age` and `minisign` tools (Debian
# packages of the same names); they fail, never skip, without them. `make test` and
# .ci/run call this, so a fresh machine needs nothing else.
set -euo pipefail
missing=()
for tool in age minisign; do
    command -v "$tool" >/dev/null || missing+=("$tool")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ]; then
    sudo=()
elif command -v sudo >/dev/null; then
    sudo=(sudo)
else
    echo "povdesk: 请先安装 ${missing[*]}(Debian/Ubuntu: apt-get install ${missing[*]})" >&2
    echo "povdesk: please install ${missing[*]} first (Debian/Ubuntu: apt-get install ${missing[*]})" >&2
    exit 1
fi
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}"
