#!/usr/bin/env bash
# `make dist`: the self-contained app folder (dist/povdesk/, PyInstaller from
# packaging/povdesk.spec) and the .deb made from it (packaging/linux/build-deb.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-.venv/bin/python}
rm -rf dist/povdesk
"$python" -m PyInstaller --noconfirm --log-level WARN --distpath dist \
    --workpath build/pyinstaller packaging/povdesk.spec
rm -f dist/povdesk_*.deb
deb=$(packaging/linux/build-deb.sh dist/povdesk dist)
echo "app folder: dist/povdesk/ ($(du -sh dist/povdesk | cut -f1))"
echo "package:    $deb ($(du -h "$deb" | cut -f1))"
