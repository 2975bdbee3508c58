// Overlay benchmark (not a test): geo-core's wasm engine (target/pkg-node) against Turf and
// Turf + flatbush, in one Node process, on the very layers `cargo bench -p geo-core --bench
// overlay` measures natively (written as GeoJSON by the `overlay_data` example, read back
// bit for bit by both sides).
//   ./scripts/build-js.sh && node tests/bench/overlay.mjs [PLAIN_TURF_SITES] [TURF_NEAREST_SITES]
// PKG_DIR=dir picks another build of the nodejs package than target/pkg-node, and
// CRITERION_DIR=dir other criterion results than target/criterion for the wasm/native ratios.
// Plain Turf is timed on the first PLAIN_TURF_SITES (default 10,000) sites and Turf's nearest
// point on the first TURF_NEAREST_SITES (default 2,000); both are extrapolated linearly to
// 100,000 sites (each site costs the same: every polygon or every source is visited).
// Prints Markdown tables; figures go to BENCHMARKS.md.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import * as turf from '@turf/turf';
import Flatbush from 'flatbush';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);
// PKG_DIR: another build of the nodejs package (e.g. one built at opt-level 3).
const PKG = path.resolve(ROOT, process.env.PKG_DIR ?? 'target/pkg-node');
const { Engine, defaultModel } = require(path.join(PKG, 'geo_core.js'));
const plainSubset = Number(process.argv[2] ?? 10000);
const nearestSubset = Number(process.argv[3] ?? 2000);
const RUNS = 5;

const dataDir = path.join(ROOT, 'target/bench-data/overlay');
execFileSync('cargo', ['run', '--quiet', '--release', '-p', 'geo-core', '--example', 'overlay_data', '--', dataDir, '--time'], { cwd: ROOT, stdio: 'inherit' });
const bytes = (f) => fs.readFileSync(path.join(dataDir, f));
const [siteBytes, zoneBytes, sourceBytes] = ['sites.geojson', 'zones.geojson', 'sources.geojson'].map(bytes);

const time = (f) => {
  const t0 = performance.now();
  const out = f();
  return [performance.now() - t0, out];
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
/** Runs `f` once untimed (wasm tier-up, JIT), then RUNS times; the median ms and a result. */
function bench(f, runs = RUNS) {
  const [first, out] = time(f);
  const ms = [];
  for (let i = 0; i < runs; i++) ms.push(time(f)[0]);
  return { first, ms: median(ms), out };
}
const fmt = (ms) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));
const ratio = (a, b) => (a / b >= 100 ? (a / b).toFixed(0) : (a / b).toFixed(1));

// Engine: layers in, roles from the options (the GeoJSON carries no metadata).
const engine = new Engine();
const zonesInfo = engine.addLayer('zones.geojson', zoneBytes, { role: 'hazard_zones', classField: 'c' });
const sourcesInfo = engine.addLayer('sources.geojson', sourceBytes, { role: 'sources' });
const sitesInfo = engine.addLayer('sites.geojson', siteBytes, { role: 'sites' });
// Turf: the same files, parsed.
const sites = JSON.parse(siteBytes.toString('utf8')).features;
const zones = JSON.parse(zoneBytes.toString('utf8')).features;
const sources = JSON.parse(sourceBytes.toString('utf8'));
console.log(`sites ${sites.length}, hazard zones ${zones.length} (${zonesInfo.featureCount} in the engine), point sources ${sources.features.length}`);
const version = (pkg) => JSON.parse(fs.readFileSync(path.join(ROOT, 'tests/node_modules', pkg, 'package.json'), 'utf8')).version;
console.log(`engine: ${path.relative(ROOT, PKG)}; node ${process.version}, @turf/turf ${version('@turf/turf')}, flatbush ${version('flatbush')}\n`);

// (a) Point in polygon -------------------------------------------------------------------
const eng = bench(() => engine.containing(zonesInfo.id, sitesInfo.id));
const engineHits = eng.out;
// The same answer as two Uint32Arrays: the engine's work without 100,000 JS arrays.
const engTable = bench(() => engine.containingTable(zonesInfo.id, sitesInfo.id));
{
  const { offsets, zones: flat } = engTable.out;
  const same = engineHits.every((h, i) => h.length === offsets[i + 1] - offsets[i] && h.every((z, k) => z === flat[offsets[i] + k]));
  if (!same) throw new Error('containingTable disagrees with containing');
}

const plainTurf = (n) => {
  const out = [];
  for (let i = 0; i < n; i++) {
    const hits = [];
    for (let z = 0; z < zones.length; z++) if (turf.booleanPointInPolygon(sites[i], zones[z])) hits.push(z);
    out.push(hits);
  }
  return out;
};
const plain = bench(() => plainTurf(plainSubset), 1);
const plainFull = plain.ms * (sites.length / plainSubset);

const flatbushTurf = () => {
  const index = new Flatbush(zones.length);
  for (const z of zones) {
    const [x0, y0, x1, y1] = turf.bbox(z);
    index.add(x0, y0, x1, y1);
  }
  index.finish();
  return sites.map((s) => {
    const [x, y] = s.geometry.coordinates;
    return index
      .search(x, y, x, y)
      .filter((z) => turf.booleanPointInPolygon(s, zones[z]))
      .sort((a, b) => a - b);
  });
};
const fb = bench(flatbushTurf, 3);

const total = (hits) => hits.reduce((n, h) => n + h.length, 0);
const differing = (a, b) => a.filter((h, i) => h.join() !== b[i].join()).length;
console.log('(a) containing: 100,000 sites × 2,000 hazard zones (boundary inclusive)');
console.log(`hits: engine ${total(engineHits)}, Turf+flatbush ${total(fb.out)} (sites differing: ${differing(engineHits, fb.out)}); ` +
  `first ${plainSubset} sites: engine ${total(engineHits.slice(0, plainSubset))}, plain Turf ${total(plain.out)} (sites differing: ${differing(engineHits.slice(0, plainSubset), plain.out)})`);
console.log('| what | ms | engine is … × faster |');
console.log('| --- | --- | --- |');
console.log(`| plain Turf: booleanPointInPolygon over every zone per site (${plainSubset} sites timed, ×${sites.length / plainSubset}) | ${fmt(plainFull)} | ${ratio(plainFull, eng.ms)} |`);
console.log(`| Turf + flatbush index of zone bboxes (build included; median of 3) | ${fmt(fb.ms)} | ${ratio(fb.ms, eng.ms)} |`);
console.log(`| engine.containing (wasm; median of ${RUNS}, first call ${fmt(eng.first)}) | ${fmt(eng.ms)} | 1 |`);
console.log(`| engine.containingTable, the same as two Uint32Arrays (median of ${RUNS}) | ${fmt(engTable.ms)} | |\n`);

// (b) Nearest source ---------------------------------------------------------------------
const near = bench(() => engine.nearestDistances(sourcesInfo.id, sitesInfo.id));
const turfNearest = (n) => {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const nearest = turf.nearestPoint(sites[i], sources);
    out[i] = turf.distance(sites[i], nearest, { units: 'meters' });
  }
  return out;
};
const tn = bench(() => turfNearest(nearestSubset), 1);
const tnFull = tn.ms * (sites.length / nearestSubset);
// For scale, not a goal: flatbush's k-nearest in degrees (8 candidates, lon not scaled by
// cos(lat), so the true nearest is among them in practice) + Turf's haversine.
const flatbushNearest = () => {
  const pts = sources.features;
  const index = new Flatbush(pts.length);
  for (const p of pts) {
    const [x, y] = p.geometry.coordinates;
    index.add(x, y, x, y);
  }
  index.finish();
  const out = new Float64Array(sites.length);
  sites.forEach((s, i) => {
    const [x, y] = s.geometry.coordinates;
    let best = Infinity;
    for (const k of index.neighbors(x, y, 8)) best = Math.min(best, turf.distance(s, pts[k], { units: 'meters' }));
    out[i] = best;
  });
  return out;
};
const fbn = bench(flatbushNearest, 3);

const relDiff = (a, b, n) => {
  let worst = 0;
  for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / b[i]);
  return worst;
};
console.log('(b) nearest distance: 100,000 sites × 10,000 point sources');
console.log(`largest relative difference from Turf's haversine: first ${nearestSubset} sites ${(100 * relDiff(near.out, tn.out, nearestSubset)).toFixed(3)} %, ` +
  `all sites vs flatbush+haversine ${(100 * relDiff(near.out, fbn.out, sites.length)).toFixed(3)} % (WGS84 ellipsoid vs sphere of radius 6,371,008.8 m)`);
console.log('| what | ms | engine is … × faster |');
console.log('| --- | --- | --- |');
console.log(`| Turf nearestPoint + distance (${nearestSubset} sites timed, ×${sites.length / nearestSubset}) | ${fmt(tnFull)} | ${ratio(tnFull, near.ms)} |`);
console.log(`| for scale: flatbush 8-nearest in degrees + Turf distance (build included; median of 3) | ${fmt(fbn.ms)} | ${ratio(fbn.ms, near.ms)} |`);
console.log(`| engine.nearestDistances (wasm; median of ${RUNS}, first call ${fmt(near.first)}) | ${fmt(near.ms)} | 1 |\n`);

// (c) Composite assessment ---------------------------------------------------------------
const [first, firstJson] = time(() => engine.assess(''));
const doc = JSON.parse(defaultModel());
doc.version = 'bench-halved-hazards';
doc.composite.default_hazard_weight = 35;
const halved = JSON.stringify(doc);
const [rescore, rescoreJson] = time(() => engine.assess(halved));
const rescoreRuns = [];
for (let i = 0; i < RUNS; i++) rescoreRuns.push(time(() => engine.assess(i % 2 ? '' : halved))[0]);
const [parseMs, parsed] = time(() => JSON.parse(rescoreJson));
// What the model editor does on every edit: re-score from the kept overlay, no text.
const countRuns = [];
let counts;
for (let i = 0; i < RUNS + 1; i++) {
  const [ms, c] = time(() => engine.gradeCounts(i % 2 ? '' : halved));
  if (i > 0) countRuns.push(ms);
  counts = c;
}
// A reach of 5,001 m is a new overlay key: the overlay again, with the code now warm.
doc.composite.reach_m = 5001;
const [recompute] = time(() => engine.assess(JSON.stringify(doc)));
const grades = (json) => {
  const count = {};
  for (const s of JSON.parse(json).layers[0].sites) count[s.grade] = (count[s.grade] ?? 0) + 1;
  return JSON.stringify(count);
};
console.log('(c) engine.assess: composite index for 100,000 sites against the 2,000 zones and 10,000 sources');
console.log(`gradeCounts [低, 一般, 较大, 重大]: ${Array.from(counts)};`);
console.log(`grades, defaults: ${grades(firstJson)}; hazard weight 70 → 35: ${grades(rescoreJson)}; output ${(rescoreJson.length / 2 ** 20).toFixed(1)} MiB of JSON (${parsed.layers[0].sites.length} sites)`);
console.log('| what | ms |');
console.log('| --- | --- |');
console.log(`| first assess (overlay: zones + sources within 5 km, then scoring, explanations, JSON) | ${fmt(first)} |`);
console.log(`| assess after a weight change (overlay kept: scoring, explanations, JSON) | ${fmt(rescore)} |`);
console.log(`| the same, median of ${RUNS} more (alternating weights) | ${fmt(median(rescoreRuns))} |`);
console.log(`| gradeCounts after a weight change: re-scoring alone, 100,000 sites (median of ${RUNS}; goal ≤ 100 ms) | ${fmt(median(countRuns))} |`);
console.log(`| assess with reach_m 5,001 (overlay recomputed, code warm) | ${fmt(recompute)} |`);
console.log(`| JSON.parse of assess's output (not included above) | ${fmt(parseMs)} |\n`);

// wasm against native (criterion's figures, when `cargo bench -p geo-core --bench overlay` ran)
const criterion = (name) => {
  try {
    const dir = path.resolve(ROOT, process.env.CRITERION_DIR ?? 'target/criterion');
    const e = JSON.parse(fs.readFileSync(path.join(dir, 'overlay', name, 'new/estimates.json'), 'utf8'));
    return (e.slope ?? e.mean).point_estimate / 1e6; // the figure criterion prints
  } catch {
    return null;
  }
};
const nativeContaining = criterion('containing_100k_sites_2k_zones');
const nativeNearest = criterion('nearest_100k_sites_10k_points');
if (nativeContaining && nativeNearest) {
  console.log('wasm (JS API, including building the JS result) against native (criterion\'s estimate in target/criterion)');
  console.log('| what | native ms | wasm ms | wasm / native |');
  console.log('| --- | --- | --- | --- |');
  console.log(`| containing, flat result (containingTable / containing_table) | ${fmt(nativeContaining)} | ${fmt(engTable.ms)} | ${(engTable.ms / nativeContaining).toFixed(2)} |`);
  console.log(`| containing, an array per site (containing / containing_table) | ${fmt(nativeContaining)} | ${fmt(eng.ms)} | ${(eng.ms / nativeContaining).toFixed(2)} |`);
  console.log(`| nearest distances | ${fmt(nativeNearest)} | ${fmt(near.ms)} | ${(near.ms / nativeNearest).toFixed(2)} |`);
} else {
  console.log('no criterion figures in target/criterion/overlay: run `cargo bench -p geo-core --bench overlay` for the wasm/native ratios');
}
