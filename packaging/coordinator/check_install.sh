#!/usr/bin/env bash
# Installs the coordinator service the way a server does (this folder's distribution, into a
# fresh venv on a bare Python) and runs the coordinator's own tests against that install.
# Fails if any of the desktop's heavy dependencies came along.
#   packaging/coordinator/check_install.sh            (PostgreSQL tests need HOMESUPPORT_TEST_POSTGRES_URL)
set -euo pipefail
cd "$(dirname "$0")/../.."
venv="$(mktemp -d)/venv"
trap 'rm -rf "$(dirname "$venv")"' EXIT

python3 -m venv "$venv"
"$venv/bin/pip" install -q ./packaging/coordinator
"$venv/bin/pip" install -q pytest pytest-timeout hypothesis httpx schemathesis

for unwanted in PySide6 PySide6_Essentials sqlcipher3 reportlab keyring; do
  if "$venv/bin/python" -c "import importlib.util, sys; sys.exit(importlib.util.find_spec('$unwanted') is None)"; then
    echo "check_install: $unwanted was installed with the coordinator" >&2
    exit 1
  fi
done
size=$(du -sm "$venv" | cut -f1)
echo "check_install: the coordinator's venv holds ${size} MB, without Qt, SQLCipher, reportlab or keyring"

# The tests must import the installed package, not the checkout: they run from outside it, and
# only the coordinator's conftest is read (the desktop's needs keyring and Qt).
repo="$PWD"
cd "$(dirname "$venv")"
"$venv/bin/python" -c 'import homesupport, sys; sys.exit("site-packages" not in homesupport.__file__)'
"$venv/bin/pytest" -c "$repo/pyproject.toml" --rootdir "$repo" --confcutdir="$repo/tests/coordinator" \
  -p no:cacheprovider -q "$repo/tests/coordinator"
