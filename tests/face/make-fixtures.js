#!/usr/bin/env node
// make-fixtures.js: regenerate tests/data/face/oracle.json from the reference tool (face-api.js, tfjs wasm).
//
//   node tests/face/make-fixtures.js PREP_BINARY DEMO_DIR REFERENCE_DIR OUT.json
//
// PREP_BINARY is <build>/tests/face/face-fixture-prep.  For each demo photo it writes the
// photo as decoded by gdk-pixbuf to PNG (so both sides see the same pixels), runs the
// reference pipeline with both detectors, and, for every face the tiny pipeline found,
// runs the landmark net alone on the detection crop and the recognition net alone on a
// 150x150 chip, so that a failure points at one network.  Only this JSON is committed.
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

if (process.argv.length !== 6) { console.error('usage: make-fixtures.js PREP DEMO_DIR REFERENCE_DIR OUT.json'); process.exit(2); }
const [prep, demo, refdir, out] = process.argv.slice(2).map((p) => path.resolve(p));
const IMAGES = ['sample1.jpg', 'sample2.jpg', 'sample3.jpg'];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-face-fixtures-'));
const r5 = (v) => Math.round(v * 1e5) / 1e5;
const r7 = (v) => Math.round(v * 1e7) / 1e7;

function ref(mode, args) {
  const txt = execFileSync('node', [path.join(refdir, 'reference.js'), mode, ...args],
    { cwd: refdir, maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'ignore'] });
  return JSON.parse(txt);
}

const pngs = IMAGES.map((f) => {
  const p = path.join(tmp, f.replace(/\.jpg$/, '.png'));
  execFileSync(prep, ['png', path.join(demo, f), p]);
  return p;
});
const dims = {};
const fixture = {
  generator: 'faceapi-reference (tfjs wasm) with @vladmandic/face-api 1.7.15; inputs: demo photos decoded by gdk-pixbuf',
  images: IMAGES, pipeline: {}, landmarks: [], descriptor: [],
};
for (const det of ['tiny', 'ssd']) {
  const res = ref('pipeline', ['--detector', det, ...pngs]);
  fixture.pipeline[det] = res.results.map((r, i) => {
    dims[IMAGES[i]] = [r.width, r.height];
    return {
      file: IMAGES[i], width: r.width, height: r.height,
      faces: r.faces.map((f) => ({
        score: r5(f.score),
        box: [r5(f.box.x), r5(f.box.y), r5(f.box.width), r5(f.box.height)],
        landmarks: f.landmarks.map(([x, y]) => [r5(x), r5(y)]),
        descriptor: f.descriptor.map(r7),
      })),
    };
  });
}
// per-network inputs, from the tiny pipeline's faces
const crops = [];
const chips = [];
for (const img of fixture.pipeline.tiny) {
  const [W, H] = [img.width, img.height];
  for (const f of img.faces) {
    const [bx, by, bw, bh] = f.box;
    const cx = Math.max(bx, 0), cy = Math.max(by, 0);
    const rect = [Math.floor(cx), Math.floor(cy), Math.floor(Math.min(bx + bw - cx, W - cx)), Math.floor(Math.min(by + bh - cy, H - cy))];
    crops.push({ file: img.file, rect });
    const mx = f.landmarks.reduce((s, p) => s + p[0], 0) / 68, my = f.landmarks.reduce((s, p) => s + p[1], 0) / 68;
    const x = Math.min(Math.max(Math.round(mx - 75), 0), W - 150), y = Math.min(Math.max(Math.round(my - 75), 0), H - 150);
    chips.push({ file: img.file, rect: [x, y, 150, 150] });
  }
}
const cut = (list, kind) => list.map((c, i) => {
  const p = path.join(tmp, `${kind}${i}.png`);
  execFileSync(prep, ['crop', pngs[IMAGES.indexOf(c.file)], p, ...c.rect.map(String)]);
  return p;
});
const lmres = ref('landmarks', cut(crops, 'crop')).results;
fixture.landmarks = crops.map((c, i) => ({ ...c, landmarks: lmres[i].landmarks.map(([x, y]) => [r5(x), r5(y)]) }));
const dres = ref('descriptor', cut(chips, 'chip')).results;
fixture.descriptor = chips.map((c, i) => ({ ...c, descriptor: dres[i].descriptor.map(r7) }));
fs.rmSync(tmp, { recursive: true, force: true });
fs.writeFileSync(out, JSON.stringify(fixture) + '\n');
console.error(`wrote ${out}`);
