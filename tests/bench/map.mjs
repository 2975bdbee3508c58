// Map-rendering benchmark (not a test; never timed by the test suite): the app's canvas map
// against Leaflet 1.9.4 (`preferCanvas: true`) drawing the same GeoJSON, in one headless
// Chromium run.
//   trunk build --release && node tests/bench/map.mjs [--leaflet-every=K] [--flush] [--data] [--bands=1|2]
// Data: 100,000 sites (geo_core::overlay::synthetic::sites(100_000, 1)) and 2,000 hazard
// zones with 500,000 vertices in all (synthetic::detailed_zones(2_000, 500_000, 4)), written
// by `cargo run --release -p geo-core --example map_data` to target/bench-data/map/ (run
// when the files are missing, or always with --data). DIST=dir benchmarks another build of
// the app than dist/. Prints Markdown tables; raw figures go to
// target/bench-data/map/result.json, the summary to BENCHMARKS.md.
//
// (1) The app (dist/, 1280×800 CSS px, deviceScaleFactor 1): the demo layers are switched
//     off in the layer list so both engines draw the same two layers; zones.geojson is
//     imported as hazard zones (class field `class`) and sites.geojson as sites through the
//     real import dialog, each waited for until it has fully joined the map.
// (2) The views of tests/bench/map_steps.mjs (151: fitted at zoom 8.75, pans of 96 px, 40
//     at zoom 8.75, zoom by 0.25 to 12 and 14 and back out) are applied one at a time.
//     Frame work, measured the same way for both engines:
//       work = sync + raf
//       sync = time the synchronous view-change call took:
//              ours: dispatching a `hashchange` event synchronously after history.replaceState
//                    has set the step's `#map=z/lat/lon`, so the app's listener runs inside
//                    the timed call (a plain `location.hash =` would queue the event as a
//                    task, and its handler could land after the next frame's callbacks). The
//                    replaceState itself is the harness handing over the view, as the
//                    arguments of setView are for Leaflet: timed apart (`setHash`), not counted;
//              Leaflet: map.setView([lat, lon], zoom, { animate: false }).
//       raf  = from the start of the next animation frame (its rAF timestamp, or the end of
//              the sync call if that is later) to the end of a rAF callback registered right
//              after the change. Work the engine scheduled for that frame (our paint; any
//              Leaflet redraw request) was registered earlier, so it runs before that
//              callback and is included.
//     For ours the step also waits until the canvas's `data-frames` changes and records the
//     app's own `data-paint-ms` (draw list + paint); a step whose paint was not in that
//     frame is counted as "late". A heavy frame is split (`data-bands` 2): the page draws
//     one band and the map's worker the other, and the frame's pixels reach the canvas when
//     the worker's band is back, after that rAF callback. For such a step `raf` ends when
//     `data-frames` changed (a MutationObserver's time, the page's whole wait for the
//     worker included), and with --flush the read-back is made right then. Also recorded, for information only: the time from the
//     change to the callbacks of the animation frame after that one (`toNextFrame`), which
//     includes the browser's own rendering of the painted frame (canvas rasterisation and
//     compositing, not in `work`: Chromium records 2D-canvas drawing and rasterises it when
//     the frame is presented) and is quantised to the 16.7 ms frame interval.
//     With --flush, the measuring callback then reads one pixel of the engine's canvas
//     (getImageData), which makes Chromium rasterise the pending drawing right there; that
//     time is `flush`, and `work + flush` is the frame including rasterisation. Off by
//     default: reading back may change how Chromium handles the canvas afterwards.
// (3) In the same browser, tests/bench/leaflet.html (a second static server: Leaflet from
//     tests/node_modules/leaflet/dist, the same two files) draws them with L.geoJSON (zones
//     filled, sites as L.circleMarker radius 5) in a map the size of the app's canvas, and
//     runs the same steps (every K-th with --leaflet-every=K).
// (4) Prints per engine the steps, median / p95 / max frame work, ours' data-paint-ms, the
//     Leaflet/ours ratio of medians (over the steps both ran) and the goals: median ≤ 16 ms,
//     p95 ≤ 33 ms, ≥ 20× Leaflet. Load times (import for ours, fetch + parse + L.geoJSON
//     for Leaflet) are printed too, but are not frame figures.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from '../server.mjs';
import { mapSteps } from './map_steps.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const DIST = path.resolve(ROOT, process.env.DIST ?? 'dist');
const DATA = path.join(ROOT, 'target/bench-data/map');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
const DEVICE = { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 };
const LONG = 15 * 60_000;

const arg = (name) => process.argv.slice(2).find((a) => a === `--${name}` || a.startsWith(`--${name}=`));
const leafletEvery = Math.max(1, Number(arg('leaflet-every')?.split('=')[1] ?? 1));
const flush = Boolean(arg('flush'));
// --bands=1: every frame on the page alone; --bands=2: every whole frame split (the app's `?bands=`).
const bands = arg('bands')?.split('=')[1];
const started = Date.now();
const log = (...a) => console.error(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s]`, ...a);

// Data ------------------------------------------------------------------------------------
const files = { zones: path.join(DATA, 'zones.geojson'), sites: path.join(DATA, 'sites.geojson') };
if (arg('data') || !Object.values(files).every((f) => fs.existsSync(f))) {
  execFileSync('cargo', ['run', '--quiet', '--release', '-p', 'geo-core', '--example', 'map_data', '--', DATA], { cwd: ROOT, stdio: ['ignore', 2, 2] });
}
if (!fs.existsSync(path.join(DIST, 'index.html'))) throw new Error(`${DIST}/index.html missing: build first with "trunk build --release"`);
const steps = mapSteps();

// Statistics ------------------------------------------------------------------------------
const sorted = (xs) => [...xs].sort((a, b) => a - b);
const median = (xs) => { const s = sorted(xs); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
/** Nearest-rank percentile. */
const pct = (xs, p) => sorted(xs)[Math.max(0, Math.ceil((p / 100) * xs.length) - 1)];
const max = (xs) => Math.max(...xs);
const f1 = (ms) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));

const appSrv = await serve(DIST);
// Leaflet's page: a directory of links to the page, Leaflet's dist and the data.
const www = fs.mkdtempSync(path.join(os.tmpdir(), 'xiantu-map-bench-'));
fs.symlinkSync(path.join(HERE, 'leaflet.html'), path.join(www, 'index.html'));
fs.symlinkSync(path.join(ROOT, 'tests/node_modules/leaflet/dist'), path.join(www, 'leaflet'));
for (const f of Object.values(files)) fs.symlinkSync(f, path.join(www, path.basename(f)));
const leafletSrv = await serve(www);
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
const version = browser.version();
const leafletVersion = JSON.parse(fs.readFileSync(path.join(ROOT, 'tests/node_modules/leaflet/package.json'), 'utf8')).version;
const result = { date: new Date().toISOString(), chromium: version, leaflet: leafletVersion, device: DEVICE, leafletEvery, flush, bands: bands ?? null, steps };

try {
  // (1) The app: demo layers off, both files through the import dialog --------------------
  const context = await browser.newContext(DEVICE);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`${m.text()} ${m.location().url ?? ''}`); });
  await page.goto(`${appSrv.url}/${bands ? `?bands=${bands}` : ''}`);
  await page.waitForSelector('[data-testid=app-status][data-status=ready]', { timeout: 60_000 });
  const canvas = page.getByTestId('map-canvas');
  await canvas.and(page.locator('[data-frames]')).waitFor({ timeout: 60_000 }).catch(() => {
    throw new Error('the map canvas has no data-frames attribute: rebuild dist/ ("trunk build --release")');
  });
  const demoToggles = page.locator('[data-testid^=layer-toggle-]');
  const demoLayers = await demoToggles.count();
  for (let i = 0; i < demoLayers; i++) await demoToggles.nth(i).uncheck();

  const importFile = async (file, role) => {
    const name = path.basename(file, '.geojson');
    const t0 = Date.now();
    await page.getByTestId('import-file').setInputFiles(file);
    const dialog = page.getByTestId('import-dialog');
    await dialog.waitFor({ timeout: LONG });
    const t1 = Date.now();
    const count = Number(await page.getByTestId('import-count').textContent());
    const warnings = await page.getByTestId('import-warnings').count() ? await page.getByTestId('import-warnings').textContent() : '';
    await page.getByTestId('import-role').selectOption(role);
    if (role === 'hazard_zones') await page.getByTestId('import-class-field').selectOption('class');
    await page.getByTestId('import-confirm').click();
    await dialog.waitFor({ state: 'detached' });
    // The layer joins in slices after the dialog closes; its name shows when it is in.
    await page.getByTestId('layer-list').locator('.layer-name', { hasText: name }).waitFor({ timeout: LONG });
    await page.getByTestId('import-adding').waitFor({ state: 'detached', timeout: LONG });
    const t2 = Date.now();
    log(`imported ${name}: ${count} features, parse ${((t1 - t0) / 1000).toFixed(1)} s, add ${((t2 - t1) / 1000).toFixed(1)} s${warnings ? `; warnings: ${warnings}` : ''}`);
    return { name, count, parseMs: t1 - t0, addMs: t2 - t1, warnings };
  };
  const imports = [await importFile(files.zones, 'hazard_zones'), await importFile(files.sites, 'sites')];
  const layers = await page.getByTestId('layer-list').locator('.layer-row').evaluateAll((rows) =>
    rows.map((r) => ({ name: r.querySelector('.layer-name').textContent, count: r.querySelector('.layer-count').textContent, on: r.querySelector('input[type=checkbox]').checked })));
  const canvasSize = await canvas.evaluate((c) => ({ width: c.clientWidth, height: c.clientHeight, pixels: [c.width, c.height] }));
  // Let whatever the import left queued settle.
  await page.waitForTimeout(1000);
  result.ours = { imports, layers, demoLayersHidden: demoLayers, canvas: canvasSize, steps: [] };
  log(`layers ${JSON.stringify(layers)}; canvas ${JSON.stringify(canvasSize)}`);

  // (2) Our steps ---------------------------------------------------------------------------
  const ourStep = (step) => page.evaluate(async ({ hash, flush }) => {
    const c = document.querySelector('[data-testid=map-canvas]');
    const before = c.getAttribute('data-frames');
    // A split frame lands after the animation frame (when the worker's band is back): the
    // moment its pixels reach the canvas is when `data-frames` changes.
    let rafDone = false;
    let landed = null;
    let landFlush = null;
    let onLand;
    const landing = new Promise((r) => { onLand = r; });
    const observer = new MutationObserver(() => {
      if (landed !== null) return;
      landed = performance.now();
      if (rafDone && flush) {
        c.getContext('2d').getImageData(0, 0, 1, 1);
        landFlush = performance.now() - landed;
      }
      onLand();
    });
    observer.observe(c, { attributes: true, attributeFilter: ['data-frames'] });
    const oldURL = location.href;
    const t = performance.now();
    history.replaceState(null, '', hash);
    const t0 = performance.now();
    window.dispatchEvent(new HashChangeEvent('hashchange', { oldURL, newURL: location.href }));
    const t1 = performance.now();
    const f = await new Promise((resolve) => requestAnimationFrame((ts) => {
      const end = performance.now();
      const painted = c.getAttribute('data-frames') !== before;
      if (flush && painted) c.getContext('2d').getImageData(0, 0, 1, 1);
      const flushed = performance.now();
      rafDone = true;
      requestAnimationFrame(() => resolve({ ts, end, flush: flushed - end, next: performance.now(), painted }));
    }));
    let extraFrames = 0;
    if (!f.painted) {
      await Promise.race([landing, new Promise((r) => setTimeout(r, 10_000))]);
    }
    while (c.getAttribute('data-frames') === before && extraFrames < 600) {
      await new Promise((r) => requestAnimationFrame(r));
      extraFrames++;
    }
    observer.disconnect();
    const bands = Number(c.getAttribute('data-bands'));
    // Painted in the animation frame: its end. Split: when it landed (and the read-back
    // then). Neither: late.
    const split = !f.painted && bands === 2 && landed !== null;
    const end = split ? landed : f.end;
    const [lon, lat] = (c.getAttribute('data-center') ?? ',').split(',').map(Number);
    return {
      setHash: t0 - t, sync: t1 - t0, raf: end - Math.max(f.ts, t1), flush: flush ? (split ? landFlush : f.flush) : null, toNextFrame: f.next - t0,
      late: !f.painted && !split, split, bands, extraFrames, paintMs: Number(c.getAttribute('data-paint-ms')), listMs: Number(c.getAttribute('data-list-ms')), rasterMs: Number(c.getAttribute('data-raster-ms')), workerMs: Number(c.getAttribute('data-worker-ms')), waitMs: Number(c.getAttribute('data-wait-ms')), putMs: Number(c.getAttribute('data-put-ms')), labelsMs: Number(c.getAttribute('data-labels-ms')),
      listParts: c.getAttribute("data-list-parts"),
      commands: Number(c.getAttribute("data-commands")),
      view: { zoom: Number(c.getAttribute('data-zoom')), lat, lon },
    };
  }, { hash: step.hash, flush });
  // The engine's view after a step against the step, in CSS px at the step's zoom (Leaflet
  // rounds its pixel origin to whole pixels).
  const checkView = (who, step, v, tolPx) => {
    const pxPerDeg = 256 * 2 ** step.zoom / 360;
    const dx = Math.abs(v.lon - step.lon) * pxPerDeg;
    const dy = Math.abs(v.lat - step.lat) * pxPerDeg / Math.cos(step.lat * Math.PI / 180);
    if (Math.abs(v.zoom - step.zoom) > 0.01 || dx > tolPx || dy > tolPx) {
      throw new Error(`${who} step ${step.i}: view ${JSON.stringify(v)} is not ${step.hash}`);
    }
  };
  for (const step of steps) {
    const r = await ourStep(step);
    checkView('ours', step, r.view, 0.05);
    result.ours.steps.push({ i: step.i, ...r, work: r.sync + r.raf });
    if (step.i % 25 === 0) log(`ours step ${step.i}/${steps.length}: ${step.hash} work ${f1(r.sync + r.raf)} ms, paint ${r.paintMs} ms, ${r.commands} commands`);
  }
  result.ours.errors = errors;
  await context.close();

  // (3) Leaflet, same browser ---------------------------------------------------------------
  const lctx = await browser.newContext(DEVICE);
  const lpage = await lctx.newPage();
  const lerrors = [];
  lpage.on('pageerror', (e) => lerrors.push(e.message));
  lpage.on('console', (m) => { if (m.type() === 'error' && !/favicon/.test(m.location().url ?? '')) lerrors.push(`${m.text()} ${m.location().url ?? ''}`); });
  await lpage.goto(`${leafletSrv.url}/index.html`);
  const load = await lpage.evaluate(([w, h, s]) => window.benchLoad(w, h, s), [canvasSize.width, canvasSize.height, steps[0]]);
  log(`Leaflet load: ${JSON.stringify(load)}`);
  await lpage.waitForTimeout(1000);
  result.leaflet = { load, steps: [] };
  const leafletSteps = steps.filter((s) => s.i % leafletEvery === 0);
  for (const step of leafletSteps) {
    const r = await lpage.evaluate(([s, fl]) => window.benchStep(s, fl), [step, flush]);
    checkView('Leaflet', step, r.view, 1);
    result.leaflet.steps.push({ i: step.i, ...r, work: r.sync + r.raf });
    if (result.leaflet.steps.length % 10 === 1) log(`Leaflet step ${step.i}/${steps.length}: ${step.hash} work ${f1(r.sync + r.raf)} ms`);
  }
  result.leaflet.errors = lerrors;
  await lctx.close();
} finally {
  await browser.close();
  await appSrv.close();
  await leafletSrv.close();
  fs.rmSync(www, { recursive: true, force: true });
}

// (4) Report --------------------------------------------------------------------------------
const ours = result.ours.steps;
const leaf = result.leaflet.steps;
const work = (xs) => xs.map((s) => s.work);
const oursSame = ours.filter((s) => leaf.some((l) => l.i === s.i));
const ratio = median(work(leaf)) / median(work(oursSame));
const goals = {
  median: median(work(ours)) <= 16, p95: pct(work(ours), 95) <= 33, ratio: ratio >= 20,
};
const stats = (xs) => ({ median: median(xs), p95: pct(xs, 95), max: max(xs) });
const engineSummary = (st) => ({
  steps: st.length, ...stats(work(st)),
  sync: stats(st.map((s) => s.sync)), raf: stats(st.map((s) => s.raf)),
  toNextFrame: stats(st.map((s) => s.toNextFrame)),
  ...(flush ? { withFlush: stats(st.map((s) => s.work + s.flush)) } : {}),
});
result.summary = {
  ours: { ...engineSummary(ours), paint: stats(ours.map((s) => s.paintMs)), setHash: stats(ours.map((s) => s.setHash)), late: ours.filter((s) => s.late).length, split: ours.filter((s) => s.split).length },
  leaflet: engineSummary(leaf),
  ratio, goals, seconds: (Date.now() - started) / 1000,
};
if (flush) result.summary.ratioWithFlush = median(leaf.map((s) => s.work + s.flush)) / median(oursSame.map((s) => s.work + s.flush));
fs.writeFileSync(path.join(DATA, 'result.json'), JSON.stringify(result, null, 1));

const S = result.summary;
const yes = (b) => (b ? 'yes' : '**no**');
const build = fs.readdirSync(DIST).find((f) => /^xiantu-app-.*_bg\.wasm$/.test(f));
console.log(`command: node tests/bench/map.mjs ${process.argv.slice(2).join(' ')}`.trim() + `; app build ${path.relative(ROOT, DIST)}/${build}`);
console.log(`Chromium ${version} headless, ${DEVICE.viewport.width}×${DEVICE.viewport.height} CSS px, DPR 1; map ${result.ours.canvas.width}×${result.ours.canvas.height} CSS px; Leaflet ${leafletVersion}`);
console.log(`data: ${result.ours.imports.map((i) => `${i.name} ${i.count}`).join(', ')} (zones: 500,000 vertices); ${steps.length} view steps` +
  (leafletEvery > 1 ? `; Leaflet ran every ${leafletEvery}th step only (${leaf.length} steps), and the ratio compares the same steps` : ''));
console.log(`load: ours import ${result.ours.imports.map((i) => `${i.name} parse ${f1(i.parseMs / 1000)} s + add ${f1(i.addMs / 1000)} s`).join(', ')}; ` +
  `Leaflet fetch ${f1(result.leaflet.load.fetchMs)} ms + JSON.parse ${f1(result.leaflet.load.parseMs)} ms + L.geoJSON/addTo ${f1(result.leaflet.load.geoJsonMs)} ms + first draw ${f1(result.leaflet.load.firstDrawMs)} ms\n`);
console.log('frame work = synchronous view change + animation frame to the end of a later rAF callback (ms)');
const fl = flush ? ' work + raster flush median | work + raster flush p95 |' : '';
console.log(`| engine | steps | median | p95 | max | sync median | rAF part median | data-paint-ms median | data-paint-ms p95 |${fl} change → next frame median (info) |`);
console.log(`| --- | --- | --- | --- | --- | --- | --- | --- | --- |${flush ? ' --- | --- |' : ''} --- |`);
const row = (name, e, paint) => console.log(`| ${name} | ${e.steps} | ${f1(e.median)} | ${f1(e.p95)} | ${f1(e.max)} | ${f1(e.sync.median)} | ${f1(e.raf.median)} | ${paint ? f1(paint.median) : ''} | ${paint ? f1(paint.p95) : ''} |` +
  `${flush ? ` ${f1(e.withFlush.median)} | ${f1(e.withFlush.p95)} |` : ''} ${f1(e.toNextFrame.median)} |`);
row('Xiantu canvas (wasm)', S.ours, S.ours.paint);
row(`Leaflet ${leafletVersion}, preferCanvas`, S.leaflet);
console.log('');
console.log('| goal | figure | met |');
console.log('| --- | --- | --- |');
console.log(`| median frame ≤ 16 ms | ${f1(S.ours.median)} ms | ${yes(goals.median)} |`);
console.log(`| p95 frame ≤ 33 ms | ${f1(S.ours.p95)} ms | ${yes(goals.p95)} |`);
console.log(`| ≥ 20× faster than Leaflet (ratio of medians${leafletEvery > 1 ? ', same steps' : ''}) | ${ratio.toFixed(1)}× | ${yes(goals.ratio)} |`);
if (flush) {
  console.log(`| median frame ≤ 16 ms, rasterisation included (--flush) | ${f1(S.ours.withFlush.median)} ms | ${yes(S.ours.withFlush.median <= 16)} |`);
  console.log(`| p95 frame ≤ 33 ms, rasterisation included (--flush) | ${f1(S.ours.withFlush.p95)} ms | ${yes(S.ours.withFlush.p95 <= 33)} |`);
  console.log(`| ≥ 20× faster than Leaflet, rasterisation included (--flush) | ${S.ratioWithFlush.toFixed(1)}× | ${yes(S.ratioWithFlush >= 20)} |`);
} else if (S.ours.toNextFrame.median > 2 * S.ours.median + 17) {
  console.log(`\nnote: our next frame comes ${f1(S.ours.toNextFrame.median)} ms after the change (median) against ${f1(S.ours.median)} ms of measured work: ` +
    'the browser\'s rendering after the callbacks (canvas rasterisation) is not in the figure; --flush measures it');
}
if (S.ours.split) console.log(`\n${S.ours.split} of our steps were split frames (two bands, one drawn by the map's worker), timed to when their pixels reached the canvas`);
if (S.ours.late) console.log(`\n${S.ours.late} of our steps painted later than the frame after the change (their work excludes the paint)`);
const errs = [...result.ours.errors, ...result.leaflet.errors];
if (errs.length) { console.log(`\npage errors: ${errs.join(' | ')}`); process.exitCode = 1; }
console.log(`\nraw figures: ${path.relative(ROOT, path.join(DATA, 'result.json'))}; run took ${S.seconds.toFixed(0)} s`);
