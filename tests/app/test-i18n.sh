#!/bin/sh
# The Spanish translation reaches the app and the desktop file.
# usage: test-i18n.sh PORTDESK LOCALEDIR DESKTOP_FILE
set -eu
app=$1 localedir=$2 desktop=$3
fail() { echo "not ok: $*"; exit 1; }

out=$(LC_ALL=C.UTF-8 LANGUAGE=es PORTDESK_LOCALEDIR="$localedir" "$app" --help 2>&1)
echo "$out" | grep -q "Mostrar la versión" || fail "portdesk --help is not in Spanish: $out"
echo "$out" | grep -q "Dibujar la ventana en un archivo PNG" || fail "option descriptions not translated"
out=$(LC_ALL=C.UTF-8 LANGUAGE=en PORTDESK_LOCALEDIR="$localedir" "$app" --help 2>&1)
echo "$out" | grep -q "Show the version" || fail "English is gone: $out"
grep -q '^Comment\[es\]=Inspecciones' "$desktop" || fail "desktop file has no Spanish comment"
echo "ok"
