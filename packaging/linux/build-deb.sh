#!/usr/bin/env bash
# The .deb from the app folder PyInstaller made (packaging/povdesk.spec), with dpkg-deb
# only: /opt/povdesk/, the /usr/bin/povdesk link, the desktop entry (精准扶贫驻村工作台),
# the icon, and the .pvb type whose double-click opens the import preview.
# Debian's triggers (shared-mime-info, desktop-file-utils, hicolor-icon-theme) refresh
# their caches on install and removal, so the package needs no maintainer scripts, and
# `dpkg -r` removes exactly the files listed here; the user's data folder is never in it.
#
#   packaging/linux/build-deb.sh dist/povdesk dist     # writes dist/povdesk_VERSION_ARCH.deb
set -euo pipefail
app=$(realpath "$1")
out=$(realpath "$2")
here=$(dirname "$(realpath "$0")")
root=$(dirname "$(dirname "$here")")
info="$app/_internal/povdesk/build-info.json"
field() { sed -n "s/.*\"$1\": \"\([^\"]*\)\".*/\1/p" "$info"; }
version=$(field version)
commit=$(field commit)
date=$(field date)
arch=$(dpkg --print-architecture)
[ -n "$version" ] || { echo "build-deb: no version in $info" >&2; exit 1; }

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/DEBIAN" "$stage/opt" "$stage/usr/bin" "$stage/usr/share/applications" \
    "$stage/usr/share/mime/packages" "$stage/usr/share/icons/hicolor/scalable/apps" \
    "$stage/usr/share/doc/povdesk"
cp -a "$app" "$stage/opt/povdesk"
ln -s /opt/povdesk/povdesk "$stage/usr/bin/povdesk"
install -m 644 "$here/povdesk.desktop" "$stage/usr/share/applications/povdesk.desktop"
install -m 644 "$here/povdesk-mime.xml" "$stage/usr/share/mime/packages/povdesk.xml"
for size in 48 128 256; do
    dir="$stage/usr/share/icons/hicolor/${size}x${size}/apps"
    mkdir -p "$dir"
    install -m 644 "$root/resources/icons/povdesk-$size.png" "$dir/povdesk.png"
done
install -m 644 "$root/resources/icons/povdesk.svg" "$stage/usr/share/icons/hicolor/scalable/apps/povdesk.svg"
install -m 644 "$root/resources/README.md" "$stage/usr/share/doc/povdesk/resources.md"
install -m 644 "$root/resources/fonts/NOTICE.md" "$stage/usr/share/doc/povdesk/fonts-NOTICE.md"
install -m 644 "$root/resources/fonts/DejaVuSans-NOTICE.md" "$stage/usr/share/doc/povdesk/DejaVuSans-NOTICE.md"

size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
depends=$(paste -sd, "$here/depends" | sed 's/,/, /g')
# The C library the bundled binaries were linked against (the build machine's): on an
# older system apt then refuses with a clear message instead of the app failing to start.
# objdump comes with binutils, which PyInstaller itself needs on Linux.
glibc=$(find "$app" -type f \( -name '*.so*' -o -name povdesk \) -exec objdump -T {} + 2>/dev/null \
    | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -Vu | tail -1)
[ -n "$glibc" ] || { echo "build-deb: could not read the glibc version the app needs" >&2; exit 1; }
depends="libc6 (>= $glibc), $depends"
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$size/" \
    -e "s/@DEPENDS@/$depends/" -e "s/@COMMIT@/$commit/" -e "s/@DATE@/$date/" \
    "$here/control.in" > "$stage/DEBIAN/control"
# Everything readable by all; directories and programs executable.
chmod -R u+rwX,go+rX,go-w "$stage"

# xz -6 (dpkg's default): 66 MB; POVDESK_DEB_LEVEL=3 makes 71 MB in about 60% of the
# time, for a quicker trial build. Every dpkg reads xz (zstd needs a newer one than some
# domestic distributions have).
deb="$out/povdesk_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Zxz -z"${POVDESK_DEB_LEVEL:-6}" --build "$stage" "$deb" >/dev/null
echo "$deb"
