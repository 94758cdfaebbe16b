#!/bin/sh
# Run a test binary in its own D-Bus session with an unlocked
# gnome-keyring (a real Secret Service) and Xvfb.
# usage: test-app-keyring.sh TEST_BINARY [ARGS...]
set -eu
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/home" "$tmp/run"
chmod 700 "$tmp/run"
# the face models stay where .ci/fetch-weights put them (portdeskd needs them)
export PORTDESK_MODEL_DIR="${PORTDESK_MODEL_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/portdesk/models}"
export HOME="$tmp/home" XDG_DATA_HOME="$tmp/home/.local/share" XDG_RUNTIME_DIR="$tmp/run"
unset DBUS_SESSION_BUS_ADDRESS
exec dbus-run-session -- sh -c '
  echo portdesk-test-keyring | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  exec xvfb-run -a -s "-screen 0 1280x1024x24" "$@"
' keyring "$@"
