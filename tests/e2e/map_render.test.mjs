// The canvas map draws the demo layers in the right colours, and layer toggles change it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useApp, openApp, waitForPaint, pixel, canvasBox, colourDistance, hex, blend, site, demo, viewHash, offsetPx, DESKTOP, TABLET,
} from '../fixtures/app.mjs';

const app = useApp();

const RED = hex('#e63031');
const BACKGROUND = hex('#dfe9ef');
// Districts are a choropleth: each in its highest site grade's colour (alpha 90). 海沧区
// holds E0001 (重大), so it is light red.
const DISTRICT = blend(RED, 90, BACKGROUND);
const SURGE = hex('#8d6e63'); // third hazard-zone layer's hue
const SURGE_HIGH_ALPHA = 160; // class level 3

/** Positions of every point feature (sites and sources) relative to the view centre. */
function pointOffsets(clon, clat, zoom) {
  const pts = [...demo('enterprises.geojson').features, ...demo('hazard_sources.geojson').features];
  return pts.map((f) => offsetPx(f.geometry.coordinates[0], f.geometry.coordinates[1], clon, clat, zoom));
}

test('a site is drawn in its grade colour over its hazard zone, and toggles change the drawing', async () => {
  const e1 = site('E0001');
  const zoom = 17;
  const { page, context, errors } = await openApp(app, { hash: viewHash(e1.lon, e1.lat, zoom) });
  const box = await canvasBox(page);
  const [cx, cy] = [box.width / 2, box.height / 2];

  assert.ok(colourDistance(await pixel(page, cx, cy), RED) <= 3, 'E0001 (重大) is red at the centre');

  // An empty spot 200 px left of the site: still inside the 海沧 高 storm-surge band.
  const spot = [cx - 200, cy + 120];
  for (const [dx, dy] of pointOffsets(e1.lon, e1.lat, zoom)) {
    assert.ok(Math.hypot(cx + dx - spot[0], cy + dy - spot[1]) > 30, 'no point symbol near the sampled spot');
  }
  const zoneColour = blend(SURGE, SURGE_HIGH_ALPHA, DISTRICT);
  const before = await pixel(page, ...spot);
  assert.ok(colourDistance(before, zoneColour) <= 4, `zone fill ${before} ≈ ${zoneColour}`);

  await page.getByTestId('layer-toggle-storm_surge').uncheck();
  await waitForPaint(page);
  const after = await pixel(page, ...spot);
  assert.ok(colourDistance(after, DISTRICT) <= 3, `without the surge layer the district shows: ${after}`);
  assert.ok(colourDistance(await pixel(page, cx, cy), RED) <= 3, 'the site keeps its grade colour');

  await page.getByTestId('layer-toggle-enterprises').uncheck();
  await waitForPaint(page);
  assert.ok(colourDistance(await pixel(page, cx, cy), DISTRICT) <= 3, 'hiding sites removes the marker');

  await page.getByTestId('layer-toggle-storm_surge').check();
  await waitForPaint(page);
  assert.ok(colourDistance(await pixel(page, ...spot), zoneColour) <= 4, 'turning the layer back on restores it');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the overview shows all four risk colours and is not blank', async () => {
  const { page, context, errors } = await openApp(app);
  const counts = await page.evaluate((colours) => {
    const c = document.querySelector('[data-testid=map-canvas]');
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const out = colours.map(() => 0);
    let distinct = new Set();
    for (let i = 0; i < d.length; i += 4) {
      colours.forEach((col, k) => {
        if (Math.abs(d[i] - col[0]) <= 2 && Math.abs(d[i + 1] - col[1]) <= 2 && Math.abs(d[i + 2] - col[2]) <= 2) out[k]++;
      });
      if (i % 64 === 0) distinct.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
    }
    return { out, distinct: distinct.size };
  }, [hex('#e63031'), hex('#f48400'), hex('#f1dd00'), hex('#00b0f0')]);
  const [red, orange, yellow, blue] = counts.out;
  for (const [name, n] of Object.entries({ red, orange, yellow, blue })) {
    assert.ok(n > 20, `${name} pixels on the overview: ${n}`);
  }
  assert.ok(counts.distinct > 50, `a drawn map has many colours, got ${counts.distinct}`);
  assert.deepEqual(errors, []);
  await context.close();
});

/** Two frames grabbed into `window[a]`, `window[b]`: the pixels where a channel differs by
 *  more than `over`, the largest difference, and the colours of a sample of the first. */
function frameDiff(page, a, b, over) {
  return page.evaluate(([ka, kb, over]) => {
    const [a, b] = [window[ka], window[kb]];
    let pixels = 0, worst = 0;
    for (let i = 0; i < a.length; i += 4) {
      let d = 0;
      for (let k = 0; k < 4; k++) d = Math.max(d, Math.abs(a[i + k] - b[i + k]));
      if (d > over) pixels++;
      worst = Math.max(worst, d);
    }
    const s = new Set();
    for (let i = 0; i < a.length; i += 4 * 97) s.add(a.slice(i, i + 3).join());
    return { pixels, worst, colours: s.size };
  }, [a, b, over]);
}

// A pan moves the last frame's pixels and draws only the strips it uncovers; the picture
// must be the one a whole redraw of the same view gives.
for (const [name, device] of [['desktop', DESKTOP], ['tablet, DPR 2', TABLET]]) {
  test(`a pan that moves the last frame's pixels draws what a whole redraw draws (${name})`, async () => {
    const { page, context, errors } = await openApp(app, { device });
    const canvas = page.getByTestId('map-canvas');
    // The overview: every site on screen, so the frame is rasterised in wasm memory (a
    // later frame of the same view, as the fragment's delayed write makes, is a shift by 0).
    assert.ok(['whole', 'shifted'].includes(await canvas.getAttribute('data-raster')));
    const frames = async () => canvas.getAttribute('data-frames');
    const paintAfter = async (action) => {
      const before = await frames();
      await action();
      await page.waitForFunction((b) => document.querySelector('[data-testid=map-canvas]').dataset.frames !== b, before);
      await waitForPaint(page);
    };
    const grab = () => page.evaluate(() => {
      const c = document.querySelector('[data-testid=map-canvas]');
      window.__grab = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      return [c.width, c.height];
    });
    await canvas.focus();
    // Two pans, the second moving what the first moved (100 CSS px each).
    await paintAfter(() => page.keyboard.press('ArrowLeft'));
    assert.equal(await canvas.getAttribute('data-raster'), 'shifted');
    await paintAfter(() => page.keyboard.press('ArrowDown'));
    assert.equal(await canvas.getAttribute('data-raster'), 'shifted');
    const view = await canvas.getAttribute('data-center');
    const [w, h] = await grab();
    await page.evaluate(() => { window.__panned = window.__grab; });
    // The same view drawn whole: the scene changes (a layer off and on again). Every frame's
    // kind is recorded, since a later frame of the same view is a shift by 0.
    await page.evaluate(() => {
      const c = document.querySelector('[data-testid=map-canvas]');
      window.__kinds = [];
      new MutationObserver(() => window.__kinds.push(c.dataset.raster))
        .observe(c, { attributes: true, attributeFilter: ['data-frames'] });
    });
    const toggle = page.getByTestId('layer-toggle-enterprises');
    await paintAfter(() => toggle.uncheck());
    await page.evaluate(() => { window.__kinds = []; });
    await paintAfter(() => toggle.check());
    const kinds = await page.evaluate(() => window.__kinds);
    assert.equal(kinds[0], 'whole', `frames after the layer came back: ${kinds}`);
    assert.equal(await canvas.getAttribute('data-center'), view);
    await grab();
    const diff = await frameDiff(page, '__panned', '__grab', 2);
    // Rounding only: the kept pixels were drawn from coordinates 100 px off these, and
    // front-to-back blending of translucent piles (zone fill, outline, district under a
    // marker's rim) can round a few levels apart in a pixel in 100,000.
    assert.ok(diff.pixels <= (w * h) / 10000 && diff.worst <= 8,
      `${diff.pixels} of ${w * h} pixels differ by more than 2 (by up to ${diff.worst})`);
    // Not a blank or uniform frame that would match anything.
    const colours = diff.colours;
    assert.ok(colours > 20, `${colours} colours`);
    assert.deepEqual(errors, []);
    await context.close();
  });
}

// A heavy whole frame is drawn in two bands, the lower one by the map's worker while the
// page draws the upper. `?bands=2` in the address splits every whole frame and `?bands=1`
// none, so the same view can be drawn both ways and compared.
for (const [name, device] of [['desktop', DESKTOP], ['tablet, DPR 2', TABLET]]) {
  test(`a frame drawn in two bands, one by the map's worker, is the frame the page draws alone (${name})`, async () => {
    const { page, context, errors } = await openApp(app, { device });
    const canvas = page.getByTestId('map-canvas');
    const toggle = page.getByTestId('layer-toggle-enterprises');
    // Each frame's kind, since a later frame of the same view (the fragment's delayed
    // write) is a shift by 0 that keeps the pixels.
    await page.evaluate(() => {
      const c = document.querySelector('[data-testid=map-canvas]');
      window.__kinds = [];
      new MutationObserver(() => window.__kinds.push(`${c.dataset.raster}/${c.dataset.bands}`))
        .observe(c, { attributes: true, attributeFilter: ['data-frames'] });
    });
    // A whole redraw of the same view: the scene changes (a layer off and on again). The
    // kind of the first frame with the layer back.
    const redraw = async () => {
      for (const on of [false, true]) {
        const before = await canvas.getAttribute('data-frames');
        await page.evaluate(() => { window.__kinds = []; });
        await (on ? toggle.check() : toggle.uncheck());
        await page.waitForFunction((b) => document.querySelector('[data-testid=map-canvas]').dataset.frames !== b, before);
        await waitForPaint(page);
      }
      return page.evaluate(() => window.__kinds[0]);
    };
    const grab = (key) => page.evaluate((k) => {
      const c = document.querySelector('[data-testid=map-canvas]');
      window[k] = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      return [c.width, c.height];
    }, key);
    await page.evaluate(() => history.replaceState(null, '', `?bands=2${location.hash}`));
    // The first whole frame starts the worker; one after it is up is split.
    let kind = null;
    for (let i = 0; i < 20 && kind !== 'whole/2'; i++) kind = await redraw();
    assert.equal(kind, 'whole/2', 'a whole frame was drawn in two bands');
    const view = await canvas.getAttribute('data-center');
    const [w, h] = await grab('__split');
    await page.evaluate(() => history.replaceState(null, '', `?bands=1${location.hash}`));
    assert.equal(await redraw(), 'whole/1', 'the page alone rasterised it whole');
    assert.equal(await canvas.getAttribute('data-center'), view);
    await grab('__alone');
    const diff = await frameDiff(page, '__split', '__alone', 0);
    // Rounding only: a zone's box cut at the band's edge changes which rings are summed
    // together, so a pixel of a translucent pile in such a zone can round a few levels
    // apart (measured: none on the desktop, 207 of 2,932,736 by up to 3 on the tablet).
    assert.ok(diff.worst <= 3 && diff.pixels <= (w * h) / 1000,
      `${diff.pixels} of ${w * h} pixels differ (by up to ${diff.worst})`);
    assert.ok(diff.colours > 20, `${diff.colours} colours`);
    assert.deepEqual(errors, []);
    await context.close();
  });
}
