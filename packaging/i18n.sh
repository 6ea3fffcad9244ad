#!/usr/bin/env bash
# Keeps the one translation catalogue current:
#   packaging/i18n.sh extract   # scan the code, update resources/locale/*/LC_MESSAGES/homesupport.po
#   packaging/i18n.sh compile   # build the .mo files the app loads (commit both)
# tests/test_translations.py fails on untranslated or fuzzy entries and on stale .mo files.
set -euo pipefail
cd "$(dirname "$0")/.."
BABEL="${BABEL:-.venv/bin/pybabel}"
LOCALE=resources/locale
case "${1:-}" in
  extract)
    mkdir -p "$LOCALE"
    "$BABEL" extract -F packaging/babel.cfg -k N_ -k ngettext:1,2 --no-location --sort-output \
      --project=HomeSupport --omit-header -o "$LOCALE/homesupport.pot" homesupport
    for lang in fi sv en; do
      po="$LOCALE/$lang/LC_MESSAGES/homesupport.po"
      if [ -f "$po" ]; then
        "$BABEL" update --no-fuzzy-matching --ignore-obsolete -i "$LOCALE/homesupport.pot" -o "$po" -l "$lang"
      else
        mkdir -p "$(dirname "$po")"
        "$BABEL" init -i "$LOCALE/homesupport.pot" -o "$po" -l "$lang"
      fi
    done
    ;;
  compile)
    for lang in fi sv en; do
      "$BABEL" compile --use-fuzzy=false -d "$LOCALE" -D homesupport -l "$lang" 2>/dev/null || \
        "$BABEL" compile -d "$LOCALE" -D homesupport -l "$lang"
    done
    ;;
  *) echo "usage: $0 extract|compile" >&2; exit 2 ;;
esac
