// Importing user files: a GBK CSV with GCJ-02 coordinates lands in the right place, a broken
// file shows its error, and a large file shows progress while the page keeps responding.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useApp, openApp, waitForPaint, canvasBox, DESKTOP, TABLET } from '../fixtures/app.mjs';
import { gbkCsv, gcj02ToWgs84 } from '../fixtures/files.mjs';

const app = useApp();

async function view(page) {
  const c = page.getByTestId('map-canvas');
  const [lon, lat] = (await c.getAttribute('data-center')).split(',').map(Number);
  return { lon, lat, zoom: Number(await c.getAttribute('data-zoom')) };
}

test('a GBK CSV with GCJ-02 coordinates is imported to the right place', async () => {
  const { page, context, errors } = await openApp(app, { device: DESKTOP });
  // One enterprise, typed in GCJ-02 as copied from a Chinese web map.
  const gcj = [118.1234, 24.5123];
  await page.getByTestId('import-file').setInputFiles({ name: '企业名录.csv', mimeType: 'text/csv', buffer: gbkCsv('企业名称,行业,东经,北纬', [['厦门导入测试有限公司', '化工', ...gcj]]) });
  const dialog = page.getByTestId('import-dialog');
  await dialog.waitFor();
  assert.equal(await page.getByTestId('import-format').textContent(), 'CSV');
  assert.match(await dialog.textContent(), /GBK\/GB18030/);
  assert.equal(await page.getByTestId('import-count').textContent(), '1');
  assert.match(await page.getByTestId('import-preview').textContent(), /厦门导入测试有限公司/);
  assert.equal(await page.getByTestId('import-lon').inputValue(), '东经');

  await page.getByTestId('import-crs').fill('GCJ-02');
  await page.getByTestId('import-crs').dispatchEvent('change');
  await page.getByTestId('import-rerun').click();
  await dialog.waitFor();
  await page.waitForFunction(() => document.querySelector('[data-testid=import-extent]')?.textContent.startsWith('118.118'));
  await page.getByTestId('import-confirm').click();
  await dialog.waitFor({ state: 'detached' });

  const layers = await page.getByTestId('layer-list').locator('.layer-name').allTextContents();
  assert.equal(layers[0], '企业名录', `new layer on top: ${layers}`);
  await waitForPaint(page);
  const v = await view(page);
  const [elon, elat] = gcj02ToWgs84(...gcj);
  assert.ok(Math.abs(v.lon - elon) < 2e-6 && Math.abs(v.lat - elat) < 2e-6, `map fits the WGS84 point ${elon},${elat}: ${v.lon},${v.lat}`);
  assert.ok(Math.abs(v.lon - gcj[0]) > 0.003, 'the GCJ-02 offset was removed');

  const box = await canvasBox(page);
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  assert.equal(await page.getByTestId('site-name').textContent(), '厦门导入测试有限公司');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a broken file shows an error naming it, and the app goes on', async () => {
  const { page, context } = await openApp(app, { device: TABLET });
  await page.getByTestId('import-file').setInputFiles({ name: 'zones.geojson', mimeType: 'application/json', buffer: Buffer.from('{"type": "FeatureCollection",\n"features": [ {') });
  const err = page.getByTestId('import-error');
  await err.waitFor();
  assert.match(await page.getByTestId('import-error-message').textContent(), /^zones\.geojson: 第 2 行第 \d+ 列 JSON 语法错误/);
  await page.getByTestId('import-close').tap();
  await err.waitFor({ state: 'detached' });
  assert.equal(await page.getByTestId('app-status').getAttribute('data-status'), 'ready');
  await context.close();
});

test('a table without recognisable coordinate columns asks for them', async () => {
  const { page, context } = await openApp(app, { device: DESKTOP });
  const csv = 'name,X坐标,Y坐标\n甲,118.05,24.6\n';
  await page.getByTestId('import-file').setInputFiles({ name: 'xy.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByTestId('import-error').waitFor();
  assert.match(await page.getByTestId('import-error-message').textContent(), /找不到经纬度列/);
  await page.getByTestId('import-lon').selectOption('X坐标');
  await page.getByTestId('import-lat').selectOption('Y坐标');
  await page.getByTestId('import-rerun').click();
  await page.getByTestId('import-dialog').waitFor();
  assert.equal(await page.getByTestId('import-count').textContent(), '1');
  await context.close();
});

test('a large file parses in the worker: progress shows and the page keeps responding', async () => {
  const { page, context } = await openApp(app, { device: DESKTOP });
  // About 40 MB of GeoJSON polygons.
  const features = [];
  for (let i = 0; i < 60000; i++) {
    const x = 118 + (i % 300) * 0.001, y = 24.4 + Math.floor(i / 300) * 0.001;
    features.push(`{"type":"Feature","properties":{"id":${i},"name":"区域${i}","class":"高","note":"${'x'.repeat(300)}"},"geometry":{"type":"Polygon","coordinates":[[[${x},${y}],[${x + 0.0008},${y}],[${x + 0.0008},${y + 0.0008}],[${x},${y + 0.0008}],[${x},${y}]]]}}`);
  }
  const buffer = Buffer.from(`{"type":"FeatureCollection","features":[${features.join(',')}]}`);
  assert.ok(buffer.length > 25e6, `${buffer.length} bytes`);
  await page.getByTestId('import-file').setInputFiles({ name: 'big.geojson', mimeType: 'application/json', buffer });
  await page.getByTestId('import-progress').waitFor();
  assert.ok(await page.getByTestId('import-progress-bar').isVisible());
  // While the worker parses, the UI thread keeps producing frames: measure the longest gap.
  const longest = await page.evaluate(() => new Promise((resolve) => {
    let last = performance.now();
    let worst = 0;
    const tick = (t) => {
      worst = Math.max(worst, t - last);
      last = t;
      if (document.querySelector('[data-testid=import-dialog]')) resolve(worst);
      else requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  }));
  console.log(`longest frame gap while parsing: ${longest.toFixed(1)} ms`);
  assert.ok(longest < 200, `UI thread kept running (longest frame gap ${longest} ms)`);
  assert.equal(await page.getByTestId('import-count').textContent(), '60000');
  await context.close();
});

test('cancel stops an import', async () => {
  const { page, context } = await openApp(app, { device: DESKTOP });
  const big = Buffer.from(`{"type":"FeatureCollection","features":[${Array.from({ length: 40000 }, (_, i) => `{"type":"Feature","properties":{"n":"${'y'.repeat(400)}"},"geometry":{"type":"Point","coordinates":[118.${i},24.5]}}`).join(',')}]}`);
  await page.getByTestId('import-file').setInputFiles({ name: 'big.geojson', mimeType: 'application/json', buffer: big });
  await page.getByTestId('import-progress').waitFor();
  await page.getByTestId('import-cancel').click();
  await page.getByTestId('import-progress').waitFor({ state: 'detached' });
  await page.waitForTimeout(500);
  assert.equal(await page.getByTestId('import-dialog').count(), 0, 'no dialog after cancel');
  await context.close();
});

test('a self-intersecting polygon is reported, and repaired when asked', async () => {
  const { page, context } = await openApp(app, { device: TABLET });
  const bowtie = '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"class":"高"},"geometry":{"type":"Polygon","coordinates":[[[118.1,24.5],[118.2,24.6],[118.2,24.5],[118.1,24.6],[118.1,24.5]]]}}]}';
  await page.getByTestId('import-file').setInputFiles({ name: 'bowtie.geojson', mimeType: 'application/json', buffer: Buffer.from(bowtie) });
  await page.getByTestId('import-dialog').waitFor();
  assert.match(await page.getByTestId('import-warnings').textContent(), /invalid polygon \(e\.g\. self-intersection\)/);
  await page.getByTestId('import-repair').check();
  await page.getByTestId('import-rerun').tap();
  await page.getByTestId('import-warnings').filter({ hasText: 'invalid polygon repaired' }).waitFor();
  assert.match(await page.getByTestId('import-preview').textContent(), /MultiPolygon/);
  await context.close();
});
