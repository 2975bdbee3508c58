// Runs the in-browser GeoJSON ingest bench page (tests/bench/ingest.html; not a test): the
// wasm engine (geo-core's JS package, --target web) against JSON.parse of the same file, in
// the same headless Chromium.
//   ./scripts/build-js.sh && node tests/bench/ingest.mjs [MB]
// Prints MB/s (median of 5) and the ratio; figures go to BENCHMARKS.md.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from '../server.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const mb = Number(process.argv[2] ?? 20);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xiantu-bench-'));
execFileSync('cargo', ['run', '--quiet', '--release', '-p', 'geo-core', '--example', 'bench_data', '--', path.join(dir, 'sample.geojson'), String(mb)], { cwd: ROOT, stdio: 'inherit' });
fs.cpSync(path.join(ROOT, 'target/pkg-web'), path.join(dir, 'pkg'), { recursive: true });
fs.copyFileSync(path.join(ROOT, 'tests/bench/ingest.html'), path.join(dir, 'index.html'));

const srv = await serve(dir);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
const page = await browser.newPage();
page.on('pageerror', (e) => { console.error(e); process.exitCode = 1; });
await page.goto(`${srv.url}/index.html`);
await page.waitForFunction(() => window.benchResult, null, { timeout: 600000 });
const result = await page.evaluate(() => window.benchResult);
console.log(await page.locator('#status').textContent());
await browser.close();
await srv.close();
const mbs = (ms) => (result.bytes / 2 ** 20) / (ms / 1000);
console.log(`file: ${(result.bytes / 2 ** 20).toFixed(1)} MiB`);
console.log(`| what | median ms | MiB/s |`);
console.log(`| --- | --- | --- |`);
console.log(`| JSON.parse (text already decoded) | ${result.parse.toFixed(0)} | ${mbs(result.parse).toFixed(1)} |`);
console.log(`| TextDecoder + JSON.parse | ${result.decodeParse.toFixed(0)} | ${mbs(result.decodeParse).toFixed(1)} |`);
console.log(`| geo-core wasm addLayer (parse, validate, build layer) | ${result.wasm.toFixed(0)} | ${mbs(result.wasm).toFixed(1)} |`);
console.log(`ratio wasm / JSON.parse time: ${(result.wasm / result.parse).toFixed(2)}`);
fs.rmSync(dir, { recursive: true, force: true });
