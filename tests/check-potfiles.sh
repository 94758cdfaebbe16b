#!/bin/sh
# Every file that marks strings for translation is listed in po/POTFILES.in
# (otherwise its strings are never offered to translators, and nothing else notices).
# usage: check-potfiles.sh SOURCE_ROOT
set -eu
cd "$1"
missing=0
for f in $(grep -rlE '(^|[^A-Za-z0-9_])(N_|C_|NC_|_)\(|translatable="yes"' src ui data 2>/dev/null | sort); do
  if ! grep -qxF "$f" po/POTFILES.in; then
    echo "not in po/POTFILES.in: $f"
    missing=1
  fi
done
for f in $(grep -v '^#' po/POTFILES.in | grep -v '^$'); do
  [ -f "$f" ] || { echo "listed in po/POTFILES.in but missing: $f"; missing=1; }
done
[ $missing -eq 0 ] && echo "ok: po/POTFILES.in lists every file with translatable strings"
exit $missing
