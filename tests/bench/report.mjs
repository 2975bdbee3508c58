// Report benchmark (not a test; never timed by the test suite): the inspection report of a
// site with 50 hidden dangers and 50 photos of 1600 × 1200 px, plus the site map, made by
// the app in headless Chromium. Goal (issue 7): at most 3 s, PDF at most 15 MB.
//   trunk build --release && node tests/bench/report.mjs [--runs=3]
// (1) Records: `cargo run --release -p geo-core --example report_bench_data` writes 50
//     records of the demo site E0001 and their inspection; the page stores them in the
//     app's IndexedDB (the stores the app reads: hidden_dangers, inspections, photos).
// (2) Photos: drawn in the page (gradients, 400 translucent shapes and fine noise, so they
//     compress like camera photos rather than flat colour) and encoded by the browser as
//     JPEG at the quality the app stores photos with (0.85), 1600 × 1200.
// (3) The app is reloaded, the site opened, and 生成排查报告（PDF） clicked. Timed: from the
//     click to the download (gathering records and photos from IndexedDB, drawing the site
//     map, the worker's layout and PDF writing, the download). The first run includes
//     fetching the font (10.6 MB) into the worker; later runs reuse it, as a second report
//     on the tablet does. Prints the times and the file size.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from '../server.mjs';
import { ARGS, CHROMIUM, DESKTOP, ROOT, viewHash, site } from '../fixtures/app.mjs';

const runs = Number(process.argv.find((a) => a.startsWith('--runs='))?.split('=')[1] ?? 3);
const DIST = process.env.DIST ?? path.join(ROOT, 'dist');
const data = path.join(ROOT, 'target/bench-data/report/records.json');
execFileSync('cargo', ['run', '--quiet', '--release', '-p', 'geo-core', '--example', 'report_bench_data', '--', data], { cwd: ROOT, stdio: 'inherit' });
const records = JSON.parse(fs.readFileSync(data, 'utf8'));

const srv = await serve(DIST);
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
const context = await browser.newContext({ ...DESKTOP, acceptDownloads: true });
const page = await context.newPage();
const errors = [];
page.on('pageerror', (e) => errors.push(e.message));
const s = site('E0001');
await page.goto(`${srv.url}/${viewHash(s.lon, s.lat, 17)}`);
await page.waitForSelector('[data-testid=app-status][data-status=ready]', { timeout: 60_000 });

const photoBytes = await page.evaluate(async ({ records }) => {
  const db = await new Promise((res, rej) => {
    const r = indexedDB.open('xiantu');
    r.onsuccess = () => res(r.result);
    r.onerror = () => rej(r.error);
  });
  let total = 0;
  const photos = [];
  for (let i = 0; i < records.dangers.length; i++) {
    const c = new OffscreenCanvas(1600, 1200);
    const ctx = c.getContext('2d');
    const g = ctx.createLinearGradient(0, 0, 1600, 1200);
    g.addColorStop(0, `hsl(${(i * 37) % 360} 40% 60%)`);
    g.addColorStop(1, `hsl(${(i * 37 + 120) % 360} 30% 35%)`);
    ctx.fillStyle = g; ctx.fillRect(0, 0, 1600, 1200);
    let seed = i + 1;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let k = 0; k < 400; k++) {
      ctx.fillStyle = `hsla(${rnd() * 360} ${30 + rnd() * 40}% ${30 + rnd() * 40}% / 0.35)`;
      ctx.beginPath();
      ctx.ellipse(rnd() * 1600, rnd() * 1200, 10 + rnd() * 200, 10 + rnd() * 120, rnd() * 3, 0, 6.3);
      ctx.fill();
    }
    const img = ctx.getImageData(0, 0, 1600, 1200);
    for (let p = 0; p < img.data.length; p += 4) {
      const n = (rnd() - 0.5) * 18;
      img.data[p] += n; img.data[p + 1] += n; img.data[p + 2] += n;
    }
    ctx.putImageData(img, 0, 0);
    const blob = await c.convertToBlob({ type: 'image/jpeg', quality: 0.85 });
    total += blob.size;
    photos.push([`bench-p${i}`, blob]);
  }
  await new Promise((res, rej) => {
    const tx = db.transaction(['hidden_dangers', 'inspections', 'photos'], 'readwrite');
    for (const d of records.dangers) tx.objectStore('hidden_dangers').put(d);
    tx.objectStore('inspections').put(records.inspection);
    for (const [id, blob] of photos) tx.objectStore('photos').put(blob, id);
    tx.oncomplete = res;
    tx.onerror = () => rej(tx.error);
  });
  db.close();
  return total;
}, { records });

const times = [];
let size = 0;
let pages = '';
for (let run = 0; run < runs; run++) {
  if (run === 0) {
    await page.reload();
    await page.waitForSelector('[data-testid=app-status][data-status=ready]', { timeout: 60_000 });
    const box = await page.getByTestId('map-canvas').boundingBox();
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.getByTestId('site-panel').waitFor();
    await page.getByTestId('inspection-report-form').locator('summary').click();
  }
  const t0 = Date.now();
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 120_000 }),
    page.getByTestId('inspection-report-form').getByTestId('make-report-pdf').click(),
  ]);
  const ms = Date.now() - t0;
  const file = path.join(ROOT, 'target/bench-data/report/report.pdf');
  await download.saveAs(file);
  size = fs.statSync(file).size;
  pages = execFileSync('pdfinfo', [file], { encoding: 'utf8' }).match(/Pages:\s+(\d+)/)?.[1] ?? '?';
  times.push(ms);
  await page.getByTestId('report-message').filter({ hasText: '报告已生成' }).waitFor();
}
await browser.close();
await srv.close();

const mb = (b) => (b / 1e6).toFixed(1);
console.log(`\n## Inspection report: 50 dangers, 50 photos 1600×1200 (${mb(photoBytes)} MB of JPEG), site map\n`);
console.log('| run | click → download | note |');
console.log('|---|---|---|');
times.forEach((t, i) => console.log(`| ${i + 1} | ${(t / 1000).toFixed(2)} s | ${i === 0 ? 'includes fetching the font into the worker' : 'font cached in the worker'} |`));
console.log(`\nPDF: ${mb(size)} MB, ${pages} pages. Goals: ≤ 3 s, ≤ 15 MB.`);
if (errors.length) console.log('page errors:', errors);
