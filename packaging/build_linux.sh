#!/usr/bin/env bash
# Builds the Linux one-folder bundle dist/HomeSupport/ (run from anywhere):
#   packaging/build_linux.sh            # then: dist/HomeSupport/homesupport self-check
# Needs the project's venv with the dev extra: .venv/bin/pip install -e ".[dev]"
# Set PYTHON to use another interpreter. The same spec builds on Windows (build_windows.ps1)
# and macOS (pyinstaller packaging/homesupport.spec): PyInstaller cannot cross-compile.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-.venv/bin/python}"

# The compiled catalogues the app loads; compiling is deterministic, so fresh .mo files are
# the ones the translators would commit.
BABEL="$(dirname "$PYTHON")/pybabel" packaging/i18n.sh compile >/dev/null

"$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/homesupport.spec

echo "built dist/HomeSupport ($("$PYTHON" packaging/buildinfo.py version)," \
  "$(du -sh dist/HomeSupport | cut -f1))"
