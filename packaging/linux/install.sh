#!/usr/bin/env bash
# Installs the built bundle (dist/HomeSupport) with its menu entry, icons, AppStream data and the
# homesupport:// link handler.
#   sudo packaging/linux/install.sh            # for everyone: /opt/HomeSupport, /usr/local
#   packaging/linux/install.sh --user          # for yourself: ~/.local
set -euo pipefail
cd "$(dirname "$0")/../.."
APP_ID=fi.homesupport.HomeSupport
if [ "${1:-}" = "--user" ]; then
  PREFIX="$HOME/.local"; APP_DIR="$PREFIX/lib/HomeSupport"
else
  PREFIX=/usr/local; APP_DIR=/opt/HomeSupport
fi
[ -x dist/HomeSupport/homesupport ] || { echo "build first: packaging/build_linux.sh" >&2; exit 2; }

rm -rf "$APP_DIR" && mkdir -p "$APP_DIR" && cp -a dist/HomeSupport/. "$APP_DIR/"
install -d "$PREFIX/bin" && ln -sf "$APP_DIR/homesupport" "$PREFIX/bin/homesupport"
install -Dm644 "packaging/linux/$APP_ID.desktop" "$PREFIX/share/applications/$APP_ID.desktop"
install -Dm644 "packaging/linux/$APP_ID.metainfo.xml" "$PREFIX/share/metainfo/$APP_ID.metainfo.xml"
for png in resources/icons/app/png/homesupport-*.png; do
  size="${png##*-}"; size="${size%.png}"
  install -Dm644 "$png" "$PREFIX/share/icons/hicolor/${size}x${size}/apps/$APP_ID.png"
done
install -Dm644 resources/icons/app/homesupport.svg "$PREFIX/share/icons/hicolor/scalable/apps/$APP_ID.svg"

# Menus, icons and the link handler pick up the new files (each tool is optional).
command -v update-desktop-database >/dev/null && update-desktop-database -q "$PREFIX/share/applications" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q "$PREFIX/share/icons/hicolor" 2>/dev/null || true
if [ "${1:-}" = "--user" ] && command -v xdg-mime >/dev/null; then
  xdg-mime default "$APP_ID.desktop" x-scheme-handler/homesupport || true
fi
echo "installed HomeSupport into $APP_DIR ($PREFIX/bin/homesupport)"
