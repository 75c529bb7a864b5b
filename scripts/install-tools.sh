#!/usr/bin/env bash
# The sync tests check bundles with the independent `age` and `minisign` tools (Debian
# packages of the same names); they fail, never skip, without them. `make test` and
# .ci/run call this, so a fresh machine needs nothing else.
set -euo pipefail
missing=()
for tool in age minisign; do
    command -v "$tool" >/dev/null || missing+=("$tool")
done
exec "$(dirname "$0")/apt-install.sh" "${missing[@]}"
