#!/bin/sh
# Copy the verified face-api.js model files into the local file source the
# Flatpak manifest builds from (../_build-flatpak-weights, git-ignored).
# The files come from a models directory that .ci/fetch-weights filled;
# nothing is downloaded here.
#
# usage: flatpak/prepare-weights.sh [MODEL_DIR]
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
src=${1:-${PORTDESK_MODEL_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/portdesk/models}}
dst="$top/_build-flatpak-weights"
sums="$top/data/face-models.sha256"

if [ ! -d "$src" ]; then
  echo "prepare-weights: no models in $src; run .ci/fetch-weights first (or pass MODEL_DIR)" >&2
  exit 1
fi

mkdir -p "$dst"
cut -d' ' -f3- "$sums" | while read -r f; do
  if [ ! -f "$src/$f" ]; then
    echo "prepare-weights: $src/$f is missing" >&2
    exit 1
  fi
  cp "$src/$f" "$dst/$f"
done
cp "$sums" "$dst/face-models.sha256"
(cd "$dst" && sha256sum --quiet -c face-models.sha256)
echo "$dst"
