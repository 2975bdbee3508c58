// Untrusted data is shown as text, and the Content-Security-Policy blocks injected script.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useApp, openApp, canvasBox, demo, site, viewHash, DESKTOP } from '../fixtures/app.mjs';

const app = useApp();

test('HTML in a site name is shown as text, not markup', async () => {
  const hostile = '<img src=x onerror="window.__pwned=1">危险<b>名称</b>';
  const data = demo('enterprises.geojson');
  data.features.find((f) => f.properties.id === 'E0001').properties.name = hostile;
  const context = await app.browser.newContext(DESKTOP);
  await context.route('**/demo/enterprises.geojson', (r) =>
    r.fulfill({ status: 200, contentType: 'application/geo+json', body: JSON.stringify(data) }));
  const s = site('E0001');
  const { page } = await openApp(app, { context, hash: viewHash(s.lon, s.lat, 17) });
  const box = await canvasBox(page);
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  const name = page.getByTestId('site-name');
  await name.waitFor();
  assert.equal(await name.textContent(), hostile);
  assert.equal(await name.locator('img, b').count(), 0, 'no elements were created from the name');
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  await context.close();
});

test('the page carries a strict CSP that refuses inline script', async () => {
  const { page, context } = await openApp(app);
  const csp = await page.locator('meta[http-equiv=Content-Security-Policy]').getAttribute('content');
  assert.match(csp, /default-src 'self'/);
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval' 'sha256-[A-Za-z0-9+/=]+'(;|$)/);
  assert.doesNotMatch(csp, /'unsafe-inline'|'unsafe-eval'/);
  const violations = [];
  page.on('console', (m) => { if (/Content Security Policy/.test(m.text())) violations.push(m.text()); });
  await page.evaluate(() => {
    const d = document.createElement('div');
    d.innerHTML = '<img src="data:," onload="window.__inline=1">';
    document.body.append(d);
  });
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => window.__inline), undefined, 'inline handler did not run');
  assert.ok(violations.length >= 1, 'the browser reported the refused handler');
  await context.close();
});
