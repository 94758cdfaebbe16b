#!/bin/sh
# Unpack Debian 12's sources of the libraries the GNOME runtime lacks
# (libsodium, libqrencode, OpenBLAS) into the local file sources the
# Flatpak manifest builds them from (../_build-flatpak-PACKAGE, git-ignored),
# with the package client: apt-get source (needs a deb-src line in the APT
# sources), which checks each file against the signed source index.  The
# manifest names no download location of its own.
#
# usage: flatpak/prepare-sources.sh [PACKAGE...]   (default: all three)
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
[ $# -gt 0 ] || set -- libsodium libqrencode openblas

for pkg in "$@"; do
  case "$pkg" in
    libsodium|libqrencode|openblas) ;;
    *) echo "prepare-sources: $pkg is not a module of the manifest" >&2; exit 2 ;;
  esac
  work=$(mktemp -d)
  if ! (cd "$work" && apt-get source --download-only "$pkg" >/dev/null && dpkg-source -x ./*.dsc src >/dev/null); then
    rm -rf "$work"
    echo "prepare-sources: apt-get source $pkg failed; enable a deb-src line in the APT sources" >&2
    exit 1
  fi
  rm -rf "$top/_build-flatpak-$pkg"
  mv "$work/src" "$top/_build-flatpak-$pkg"
  rm -rf "$work"
  echo "$top/_build-flatpak-$pkg"
done
