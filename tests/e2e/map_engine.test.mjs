// The map engine's interaction: keys, double tap, tap on any feature, hover outline, the
// scale bar, the URL fragment (view and hidden layers) and the PNG snapshot.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import zlib from 'node:zlib';
import {
  useApp, openApp, canvasBox, site, viewHash, waitForPaint, DESKTOP, TABLET,
} from '../fixtures/app.mjs';

const app = useApp();
/** Web Mercator metres per CSS pixel at zoom z (256 px tiles). */
const resolution = (z) => (2 * Math.PI * 6378137) / 256 / 2 ** z;

async function view(page) {
  const c = page.getByTestId('map-canvas');
  const [lon, lat] = (await c.getAttribute('data-center')).split(',').map(Number);
  return { zoom: Number(await c.getAttribute('data-zoom')), lon, lat };
}

/** Waits until the map has painted a new frame after `action`. */
async function afterPaint(page, action) {
  const c = page.getByTestId('map-canvas');
  const before = await c.getAttribute('data-frames');
  await action();
  await page.waitForFunction((b) => document.querySelector('[data-testid=map-canvas]').dataset.frames !== b, before);
  await waitForPaint(page);
}

test('keys + − and arrows change the view, and the scale bar is metres at the map latitude', async () => {
  const { page, context, errors } = await openApp(app, { hash: viewHash(118.1, 24.5, 12) });
  await page.getByTestId('map-canvas').focus();
  await afterPaint(page, () => page.keyboard.press('+'));
  assert.ok(Math.abs((await view(page)).zoom - 13) < 1e-3);
  const before = await view(page);
  await afterPaint(page, () => page.keyboard.press('ArrowLeft'));
  const after = await view(page);
  // 100 px west at zoom 13: the centre moves 100 × resolution metres west.
  const dLonM = (after.lon - before.lon) * (Math.PI / 180) * 6378137;
  assert.ok(Math.abs(dLonM + 100 * resolution(13)) < 2, `moved ${dLonM} m`);
  await afterPaint(page, () => page.keyboard.press('-'));
  assert.ok(Math.abs((await view(page)).zoom - 12) < 1e-3);

  const bar = page.getByTestId('scale-bar');
  const metres = Number(await bar.getAttribute('data-metres'));
  const px = Number(await bar.getAttribute('data-px'));
  const v = await view(page);
  const expected = metres / (resolution(v.zoom) * Math.cos((v.lat * Math.PI) / 180));
  assert.ok([1, 2, 5].some((k) => metres / k === 10 ** Math.round(Math.log10(metres / k))), `round length ${metres}`);
  assert.ok(Math.abs(px - expected) < 0.05 && px <= 120, `${px} px for ${metres} m, expected ${expected}`);
  assert.match(await bar.textContent(), /^(\d+ m|[\d.]+ km)$/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a double tap zooms in one level about the finger on a touch screen', async () => {
  const { page, context, errors } = await openApp(app, { hash: viewHash(118.1, 24.5, 12), device: TABLET });
  const box = await canvasBox(page);
  const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
  await afterPaint(page, async () => {
    await page.touchscreen.tap(x, y);
    await page.touchscreen.tap(x, y);
  });
  const v = await view(page);
  assert.ok(Math.abs(v.zoom - 13) < 1e-3, `zoom ${v.zoom}`);
  assert.ok(Math.abs(v.lon - 118.1) < 1e-4 && Math.abs(v.lat - 24.5) < 1e-4, 'about the tapped centre');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a tap on a hazard zone opens its properties as text; a tap on a site still opens the site', async () => {
  const s = site('E0001');
  const { page, context, errors } = await openApp(app, { hash: viewHash(s.lon, s.lat, 17), device: TABLET });
  const box = await canvasBox(page);
  // Inside the 海沧 高 storm-surge band, away from every site.
  await page.touchscreen.tap(box.x + box.width / 2 - 250, box.y + box.height / 2 + 150);
  const info = page.getByTestId('feature-info');
  await info.waitFor();
  assert.match(await info.textContent(), /风暴潮淹没区/);
  const cells = await info.locator('td').allTextContents();
  assert.ok(cells.includes('高'), `class 高 among ${cells}`);
  assert.equal(await page.getByTestId('site-panel').count(), 0);
  await page.touchscreen.tap(box.x + box.width / 2 + 3, box.y + box.height / 2 - 2);
  await page.getByTestId('site-panel').waitFor();
  assert.equal(await info.count(), 0, 'the feature panel gives way to the site panel');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the mouse outlines the feature under it', async () => {
  const s = site('E0001');
  const { page, context, errors } = await openApp(app, { hash: viewHash(s.lon, s.lat, 17) });
  const box = await canvasBox(page);
  const [cx, cy] = [box.width / 2, box.height / 2];
  const cyanAround = () => page.evaluate(([cx, cy]) => {
    const c = document.querySelector('[data-testid=map-canvas]');
    const d = c.getContext('2d').getImageData(cx - 14, cy - 14, 28, 28).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] < 60 && d[i + 1] > 150 && d[i + 2] > 170) n++;
    return n;
  }, [cx, cy]);
  assert.equal(await cyanAround(), 0);
  await afterPaint(page, () => page.mouse.move(box.x + cx + 2, box.y + cy + 1));
  assert.ok((await cyanAround()) > 10, 'a cyan ring around the hovered site');
  await afterPaint(page, () => page.mouse.move(box.x + cx + 300, box.y + cy - 250));
  assert.equal(await cyanAround(), 0, 'gone when the mouse leaves');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the URL fragment round-trips the view and the hidden layers', async () => {
  const hash = `${viewHash(118.2, 24.6, 13.5)}&hide=storm_surge`;
  const { page, context, errors } = await openApp(app, { hash });
  assert.equal(await page.getByTestId('layer-toggle-storm_surge').isChecked(), false, 'hidden by the link');
  assert.equal(await page.getByTestId('layer-toggle-enterprises').isChecked(), true);
  await page.getByTestId('layer-toggle-enterprises').uncheck();
  await page.getByTestId('map-canvas').focus();
  await afterPaint(page, () => page.keyboard.press('ArrowUp'));
  // URL writes are throttled: wait for the one that carries both the hidden layer and the
  // panned view (the canvas reports its centre with the same six decimals).
  await page.waitForFunction(() => {
    const c = document.querySelector('[data-testid=map-canvas]');
    const [lon, lat] = c.dataset.center.split(',');
    return location.hash.includes('enterprises') && location.hash.includes(`/${lat}/${lon}`);
  }, null, { timeout: 5000 });
  const link = await page.evaluate(() => location.hash);
  const v1 = await view(page);
  assert.match(link, /&hide=.*storm_surge/);

  const again = await openApp(app, { hash: link, context });
  const v2 = await view(again.page);
  assert.ok(Math.abs(v2.zoom - v1.zoom) < 0.01, `${v2.zoom} vs ${v1.zoom}`);
  assert.ok(Math.abs(v2.lon - v1.lon) < 1e-5 && Math.abs(v2.lat - v1.lat) < 1e-5);
  assert.equal(await again.page.getByTestId('layer-toggle-storm_surge').isChecked(), false);
  assert.equal(await again.page.getByTestId('layer-toggle-enterprises').isChecked(), false);
  assert.deepEqual([...errors, ...again.errors], []);
  await context.close();
});

test('⤢ in the layer list fits the map to that layer', async () => {
  // Zoomed far in on the island's south-west corner, away from most of the layer.
  const { page, context, errors } = await openApp(app, { hash: viewHash(118.05, 24.45, 16) });
  // The geohazard layer's box (public/demo/geohazard.geojson).
  const box = [117.971475, 24.452753, 118.323562, 24.794286];
  await afterPaint(page, () => page.getByTestId('layer-fit-geohazard').click());
  const v = await view(page);
  const c = await canvasBox(page);
  const merc = (lon, lat) => [6378137 * lon * Math.PI / 180, 6378137 * Math.log(Math.tan(Math.PI / 4 + lat * Math.PI / 360))];
  const [x0, y0] = merc(box[0], box[1]);
  const [x1, y1] = merc(box[2], box[3]);
  const [cx, cy] = merc(v.lon, v.lat);
  const res = resolution(v.zoom);
  // Centred on the box, all of it on screen, and filling most of one side.
  assert.ok(Math.abs(cx - (x0 + x1) / 2) < 2 * res && Math.abs(cy - (y0 + y1) / 2) < 2 * res, `centre ${v.lon},${v.lat}`);
  const [wpx, hpx] = [(x1 - x0) / res, (y1 - y0) / res];
  assert.ok(wpx <= c.width && hpx <= c.height, `box ${wpx}×${hpx} px in ${c.width}×${c.height}`);
  assert.ok(wpx > 0.5 * c.width || hpx > 0.5 * c.height, `box ${wpx}×${hpx} px fills the map`);
  assert.ok(v.zoom < 16);
  assert.deepEqual(errors, []);
  await context.close();
});

/** Width, height and the inflated scanlines of a PNG file. */
function readPng(buf) {
  assert.equal(buf.subarray(1, 4).toString('latin1'), 'PNG');
  let at = 8;
  let width = 0;
  let height = 0;
  const idat = [];
  while (at < buf.length) {
    const len = buf.readUInt32BE(at);
    const type = buf.subarray(at + 4, at + 8).toString('latin1');
    const data = buf.subarray(at + 8, at + 8 + len);
    if (type === 'IHDR') [width, height] = [data.readUInt32BE(0), data.readUInt32BE(4)];
    if (type === 'IDAT') idat.push(data);
    at += 12 + len;
  }
  return { width, height, raw: zlib.inflateSync(Buffer.concat(idat)) };
}

for (const [name, device] of [['desktop', DESKTOP], ['tablet', TABLET]]) {
  test(`the snapshot PNG has the map's size and is not blank (${name})`, async () => {
    const { page, context, errors } = await openApp(app, { hash: viewHash(118.1, 24.55, 11), device });
    const size = await page.evaluate(() => {
      const c = document.querySelector('[data-testid=map-canvas]');
      return [c.width, c.height];
    });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      device.hasTouch ? page.getByTestId('snapshot').tap() : page.getByTestId('snapshot').click(),
    ]);
    assert.match(download.suggestedFilename(), /\.png$/);
    const png = readPng(fs.readFileSync(await download.path()));
    assert.deepEqual([png.width, png.height], size);
    const distinct = new Set();
    for (let i = 0; i < png.raw.length; i += 97) distinct.add(png.raw[i]);
    assert.ok(distinct.size > 40, `varied pixels (${distinct.size} distinct sampled bytes)`);
    assert.deepEqual(errors, []);
    await context.close();
  });
}
