// A demo file that fails to load shows a visible error naming the file, and the rest of
// the map still draws.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useApp, openApp, DESKTOP } from '../fixtures/app.mjs';

const app = useApp();

test('a broken and a missing demo file are reported, the other layers load', async () => {
  const context = await app.browser.newContext(DESKTOP);
  await context.route('**/demo/storm_surge.geojson', (r) =>
    r.fulfill({ status: 200, contentType: 'application/geo+json', body: '{"type": "FeatureCollection",\n "features": [oops' }));
  await context.route('**/demo/hazard_sources.geojson', (r) => r.fulfill({ status: 404, body: 'gone' }));
  const { page } = await openApp(app, { context });

  assert.equal(await page.getByTestId('app-status').getAttribute('data-status'), 'error');
  const banner = page.getByTestId('load-error');
  assert.ok(await banner.isVisible(), 'the error is visible');
  const items = await banner.locator('li').allTextContents();
  assert.equal(items.length, 2, items.join('\n'));
  assert.match(items[0], /^demo\/storm_surge\.geojson: 第 2 行第 \d+ 列 JSON 语法错误/);
  assert.match(items[1], /^demo\/hazard_sources\.geojson: 无法加载.*HTTP 404/);

  const layers = await page.getByTestId('layer-list').locator('.layer-name').allTextContents();
  assert.ok(layers.includes('企业') && layers.includes('行政区'), `other layers listed: ${layers}`);
  assert.ok(!layers.includes('风暴潮淹没区'));
  const drawn = Number(await page.getByTestId('map-canvas').getAttribute('data-features'));
  assert.ok(drawn > 1000, `the map still draws (${drawn} features)`);
  await context.close();
});
