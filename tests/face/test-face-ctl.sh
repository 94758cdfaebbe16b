#!/usr/bin/env bash
# test-face-ctl.sh: `portdeskctl face` end to end (through the stand-alone driver face-ctl)
# Skips (exit 77) without models/demo photos, unless $CI is set.
set -u
ctl="$1"
demo="${PORTDESK_FACE_DEMO_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/portdesk/npm/node_modules/@vladmandic/face-api/demo}"
fail() { echo "FAIL: $*" >&2; exit 1; }
if [ ! -f "$demo/sample1.jpg" ] || ! "$ctl" detect "$demo/sample1.jpg" >/dev/null 2>&1; then
  [ -n "${CI:-}" ] && fail "models or demo photos missing (run .ci/fetch-weights)"
  echo "skipping: models or demo photos missing"; exit 77
fi
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT

"$ctl" detect --detector tiny "$demo/sample1.jpg" > "$tmp/d.json" || fail "detect"
[ "$(grep -c '"score"' "$tmp/d.json")" -eq 3 ] || fail "detect: expected 3 faces in sample1"

"$ctl" embed --chip faceapi "$demo/sample2.jpg" > "$tmp/e.json" || fail "embed"
grep -q '"descriptor"' "$tmp/e.json" || fail "embed: no descriptor"
grep -q '"chip" : "faceapi"' "$tmp/e.json" || fail "embed: chip mode not reported"

"$ctl" quality "$demo/sample2.jpg" | grep -q '"chip" : "aligned"' || fail "aligned is not the default chip"

"$ctl" compare "$demo/sample2.jpg" "$demo/sample2.jpg" > "$tmp/c.json" || fail "compare"
grep -q '"match" : true' "$tmp/c.json" || fail "compare: an image must match itself"
grep -q '"thresholds_version"' "$tmp/c.json" || fail "compare: no thresholds version"

# the table in use: the same version as compare's, the default row marked,
# the calibrated threshold in compare's answer
"$ctl" thresholds --json > "$tmp/t.json" || fail "thresholds --json"
version=$(sed -n 's/.*"thresholds_version" : "\(.*\)".*/\1/p' "$tmp/c.json")
grep -q "\"version\" : \"$version\"" "$tmp/t.json" || fail "thresholds: not the version compare used"
[ "$(grep -c '"default" : true' "$tmp/t.json")" = 1 ] || fail "thresholds: not exactly one default row"
grep -q '"heldout_fmr"' "$tmp/t.json" || fail "thresholds: no held-out FMR"
"$ctl" thresholds | grep -E '^ssd +aligned +0.001 .*\(default\)$' > "$tmp/t.txt" || fail "thresholds: no default row"
used=$(sed -n 's/.*"threshold" : \([0-9.]*\).*/\1/p' "$tmp/c.json")
[ "$(printf %.4f "$used")" = "$(awk '{print $4}' "$tmp/t.txt")" ] || fail "compare did not use the default row ($used)"

"$ctl" quality "$demo/sample1.jpg" > "$tmp/q.json" || fail "quality"
grep -q '"several-faces"' "$tmp/q.json" || fail "quality: sample1 has several faces"

# bad input: clear error, non-zero exit, still JSON for the readable files
echo "not an image" > "$tmp/bad.jpg"
if "$ctl" detect "$tmp/bad.jpg" > "$tmp/b.json" 2>/dev/null; then fail "bad image accepted"; fi
grep -q '"error"' "$tmp/b.json" || fail "bad image: no error member"
if "$ctl" detect --detector nope "$demo/sample1.jpg" >/dev/null 2>&1; then fail "bad detector accepted"; fi
if "$ctl" frobnicate "$demo/sample1.jpg" >/dev/null 2>&1; then fail "bad command accepted"; fi
if PORTDESK_MODEL_DIR="$tmp" "$ctl" detect "$demo/sample1.jpg" >/dev/null 2>"$tmp/err"; then fail "missing models accepted"; fi
grep -q 'fetch-weights' "$tmp/err" || fail "missing models: unclear message"

# the BLAS kernel: an explicit OPENBLAS_CORETYPE is kept; else at least the
# instruction set this CPU has (whatever OpenBLAS thinks of its model)
OPENBLAS_CORETYPE=Haswell "$ctl" kernel | grep -q '"blas" : "OpenBLAS Haswell (set by OPENBLAS_CORETYPE)"' \
  || fail "kernel: explicit OPENBLAS_CORETYPE not kept"
env -u OPENBLAS_CORETYPE "$ctl" kernel > "$tmp/k.json" || fail "kernel"
flags="$(grep -m1 '^flags' /proc/cpuinfo)"
has() { [[ " $flags " == *" $1 "* ]]; }
if has avx512f && has avx512bw && has avx512vl && has avx512dq; then
  grep -Eq '"blas" : "OpenBLAS (SkylakeX|Cooperlake|SapphireRapids) ' "$tmp/k.json" || fail "kernel: not AVX-512 on an AVX-512 CPU: $(cat "$tmp/k.json")"
elif has avx2 && has fma; then
  grep -Eqv '"blas" : "OpenBLAS (Prescott|Core2|Penryn|Nehalem|Sandybridge) ' "$tmp/k.json" || fail "kernel: not AVX2 on an AVX2 CPU"
fi
echo "ok"
