#!/bin/sh
# Unpack Debian's source of libqrencode into the local file source the
# Flatpak manifest builds it from (../_build-flatpak-qrencode, git-ignored),
# with the package client: apt-get source (needs a deb-src line in the APT
# sources).  The manifest names no download location of its own.
#
# usage: flatpak/prepare-qrencode.sh
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
dst="$top/_build-flatpak-qrencode"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if ! (cd "$work" && apt-get source --download-only libqrencode >/dev/null && dpkg-source -x ./*.dsc src >/dev/null); then
  echo "prepare-qrencode: apt-get source libqrencode failed; enable a deb-src line in the APT sources" >&2
  exit 1
fi
rm -rf "$dst"
mv "$work/src" "$dst"
echo "$dst"
