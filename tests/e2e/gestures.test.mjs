// Drag pans, the wheel zooms around the cursor, and a two-finger pinch zooms on touch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useApp, openApp, waitForPaint, canvasBox, DESKTOP, TABLET } from '../fixtures/app.mjs';

const app = useApp();

async function view(page) {
  const c = page.getByTestId('map-canvas');
  const [lon, lat] = (await c.getAttribute('data-center')).split(',').map(Number);
  return { lon, lat, zoom: Number(await c.getAttribute('data-zoom')) };
}

test('mouse drag pans and the wheel zooms in and out', async () => {
  const { page, context } = await openApp(app, { hash: '#map=12/24.55/118.15', device: DESKTOP });
  const box = await canvasBox(page);
  const v0 = await view(page);
  assert.equal(v0.zoom, 12);
  await page.mouse.move(box.x + 600, box.y + 400);
  await page.mouse.down();
  await page.mouse.move(box.x + 400, box.y + 400, { steps: 5 });
  await page.mouse.up();
  await waitForPaint(page);
  const v1 = await view(page);
  assert.ok(v1.lon > v0.lon + 0.01, `dragging left moves the view east: ${v0.lon} → ${v1.lon}`);
  assert.ok(Math.abs(v1.lat - v0.lat) < 1e-6);

  await page.mouse.wheel(0, -300);
  await waitForPaint(page);
  const v2 = await view(page);
  assert.ok(v2.zoom > v1.zoom, `wheel up zooms in: ${v1.zoom} → ${v2.zoom}`);
  await page.mouse.wheel(0, 600);
  await waitForPaint(page);
  assert.ok((await view(page)).zoom < v2.zoom, 'wheel down zooms out');
  assert.match(page.url(), /#map=\d+\.\d{2}\/24\.\d+\/118\.\d+$/, 'the view is kept in the URL');
  await context.close();
});

test('a two-finger pinch zooms in on a touch screen', async () => {
  const { page, context } = await openApp(app, { hash: '#map=12/24.55/118.15', device: TABLET });
  const box = await canvasBox(page);
  const cdp = await context.newCDPSession(page);
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  const touch = (type, d) => cdp.send('Input.dispatchTouchEvent', {
    type,
    touchPoints: type === 'touchEnd' ? [] : [{ x: cx - d, y: cy, id: 1 }, { x: cx + d, y: cy, id: 2 }],
  });
  await touch('touchStart', 50);
  for (const d of [70, 90, 110, 130, 150, 170, 200]) await touch('touchMove', d);
  await touch('touchEnd', 0);
  await waitForPaint(page);
  const v = await view(page);
  // Fingers 100 px → 400 px apart: two levels.
  assert.ok(Math.abs(v.zoom - 14) < 0.05, `pinch zoom: 12 → ${v.zoom}`);
  assert.ok(Math.abs(v.lon - 118.15) < 4e-4 && Math.abs(v.lat - 24.55) < 4e-4, `pinch around the centre keeps it (within a pixel at zoom 12): ${v.lon},${v.lat}`);
  assert.equal(await page.getByTestId('site-panel').count(), 0, 'a pinch is not a tap');
  await context.close();
});
