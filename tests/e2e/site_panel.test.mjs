// Tapping or clicking a known site opens its panel with the right grade and reasons.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useApp, openApp, canvasBox, site, viewHash, TABLET, DESKTOP } from '../fixtures/app.mjs';

const app = useApp();

async function openSiteAtCentre(id, device, how) {
  const s = site(id);
  const opened = await openApp(app, { hash: viewHash(s.lon, s.lat, 17), device });
  const box = await canvasBox(opened.page);
  const [x, y] = [box.x + box.width / 2 + 3, box.y + box.height / 2 - 2];
  if (how === 'tap') await opened.page.touchscreen.tap(x, y);
  else await opened.page.mouse.click(x, y);
  await opened.page.getByTestId('site-panel').waitFor();
  return { ...opened, site: s };
}

test('clicking E0001 on a desktop opens it as 重大风险 with its zone', async () => {
  const { page, context, site: s } = await openSiteAtCentre('E0001', DESKTOP, 'click');
  assert.equal(await page.getByTestId('site-name').textContent(), s.name);
  assert.equal(await page.getByTestId('site-grade').getAttribute('data-grade'), 'major');
  assert.match(await page.getByTestId('site-grade').textContent(), /重大风险（红）/);
  assert.match(await page.getByTestId('site-reasons').textContent(), /风暴潮淹没区：高（海沧湾沿岸高）/);
  await context.close();
});

test('tapping E0003 on a tablet lists both overlapping zones', async () => {
  const { page, context, site: s } = await openSiteAtCentre('E0003', TABLET, 'tap');
  assert.equal(await page.getByTestId('site-name').textContent(), s.name);
  assert.equal(await page.getByTestId('site-grade').getAttribute('data-grade'), 'major');
  const reasons = await page.getByTestId('site-reasons').locator('li').allTextContents();
  assert.equal(reasons.length, 2);
  assert.match(reasons[0], /^风暴潮淹没区：高/);
  assert.match(reasons[1], /^内涝易发区：中/);
  await context.close();
});

test('tapping E0004, outside every zone, shows 低风险', async () => {
  const { page, context } = await openSiteAtCentre('E0004', TABLET, 'tap');
  assert.equal(await page.getByTestId('site-grade').getAttribute('data-grade'), 'low');
  assert.match(await page.getByTestId('site-reasons').textContent(), /不在任何已加载的危险区内/);
  await context.close();
});

test('tapping empty map closes nothing open and opens no panel', async () => {
  const s = site('E0001');
  const { page, context } = await openApp(app, { hash: viewHash(s.lon, s.lat, 17), device: TABLET });
  const box = await canvasBox(page);
  await page.touchscreen.tap(box.x + box.width / 2 - 250, box.y + box.height / 2 + 150);
  await page.waitForTimeout(300);
  assert.equal(await page.getByTestId('site-panel').count(), 0);
  await context.close();
});

test('定位 zooms the map to the open site', async () => {
  const s = site('E0001');
  const { page, context, errors } = await openApp(app, { hash: viewHash(s.lon, s.lat, 17) });
  const box = await canvasBox(page);
  await page.mouse.click(box.x + box.width / 2 + 3, box.y + box.height / 2 - 2);
  await page.getByTestId('site-panel').waitFor();
  // Zoom far out and away, then ask for the site again.
  await page.evaluate(() => { location.hash = '#map=9.00/24.800000/118.400000'; });
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=map-canvas]').dataset.zoom) < 10);
  await page.getByTestId('site-locate').click();
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=map-canvas]').dataset.zoom) > 15);
  const [lon, lat] = (await page.getByTestId('map-canvas').getAttribute('data-center')).split(',').map(Number);
  assert.ok(Math.abs(lon - s.lon) < 1e-4 && Math.abs(lat - s.lat) < 1e-4, `centred on E0001: ${lon},${lat}`);
  assert.deepEqual(errors, []);
  await context.close();
});
