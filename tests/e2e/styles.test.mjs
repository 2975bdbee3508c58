// Layer styles: the legend lists what each visible layer draws, a style change redraws the
// map in the new colours, and the layer order (↑/↓ or drag) is the draw order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useApp, openApp, waitForPaint, pixel, canvasBox, colourDistance, hex, blend, site, demo, viewHash, offsetPx,
  TABLET,
} from '../fixtures/app.mjs';

const app = useApp();

const BACKGROUND = hex('#dfe9ef');
const GRADES = { 重大风险: '#e63031ff', 较大风险: '#f48400ff', 一般风险: '#f1dd00ff', 低风险: '#00b0f0ff' };

/** [r, g, b] and alpha (0–255) of a legend colour `#rrggbbaa`. */
function rgba(h) {
  return { rgb: hex(h), a: parseInt(h.slice(7, 9), 16) };
}

/** The legend as shown: groups top first, each with its entries' labels and colours. */
async function legend(page) {
  return page.getByTestId('legend').evaluate((el) => [...el.querySelectorAll('[data-testid^=legend-group-]')].map((g) => ({
    id: g.dataset.layer,
    testid: g.dataset.testid,
    title: g.querySelector('.legend-group-title').textContent,
    entries: [...g.querySelectorAll('[data-testid=legend-entry]')].map((e) => ({
      label: e.querySelector('.legend-label').textContent,
      fill: e.dataset.fill,
      symbol: e.dataset.symbol,
      // The swatch is painted in the same colour.
      swatch: e.querySelector('svg [fill]:not([fill=none])')?.getAttribute('fill')
        ?? e.querySelector('svg line')?.getAttribute('stroke'),
    })),
  })));
}

function group(groups, id) {
  const g = groups.find((g) => g.id === id);
  assert.ok(g, `legend group ${id} in ${groups.map((g) => g.id)}`);
  return g;
}

function entry(g, label) {
  const e = g.entries.find((e) => e.label === label);
  assert.ok(e, `${label} in ${g.id}: ${g.entries.map((e) => e.label)}`);
  return e;
}

/** Layer ids in the list, top first, and which are checked. */
async function listed(page) {
  return page.getByTestId('layer-list').evaluate((el) => [...el.querySelectorAll('[data-testid^=layer-item-]')].map((r) => ({
    id: r.dataset.testid.slice('layer-item-'.length),
    visible: r.querySelector('input[type=checkbox]').checked,
  })));
}

/** Sets a range input as a dragged slider does (playwright cannot `fill` a range). */
async function slide(page, testid, value) {
  await page.getByTestId(testid).evaluate((el, v) => {
    el.value = String(v);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, value);
}

/** E0001 (重大) at the centre of a zoom-17 view, and an empty spot in the 海沧 高 surge band. */
async function openAtE0001(device) {
  const e1 = site('E0001');
  const zoom = 17;
  const opened = await openApp(app, { hash: viewHash(e1.lon, e1.lat, zoom), device });
  const box = await canvasBox(opened.page);
  const centre = [box.width / 2, box.height / 2];
  const spot = [centre[0] - 200, centre[1] + 120];
  const pts = [...demo('enterprises.geojson').features, ...demo('hazard_sources.geojson').features];
  for (const f of pts) {
    const [dx, dy] = offsetPx(f.geometry.coordinates[0], f.geometry.coordinates[1], e1.lon, e1.lat, zoom);
    assert.ok(Math.hypot(centre[0] + dx - spot[0], centre[1] + dy - spot[1]) > 30, 'no point symbol near the spot');
  }
  return { ...opened, centre, spot };
}

/** The colour the district (海沧区, 重大) and the surge band (高) make at the spot, from the legend. */
function stack(layers) {
  return layers.reduce((under, { rgb, a }) => blend(rgb, a, under), BACKGROUND);
}

test('the legend lists every visible layer, top first, in the colours the map draws', async () => {
  const { page, context, errors, centre, spot } = await openAtE0001();
  const rows = await listed(page);
  const groups = await legend(page);
  assert.deepEqual(groups.map((g) => g.id), rows.filter((r) => r.visible).map((r) => r.id), 'one group per visible layer, in list order');
  assert.equal(rows[0].id, 'enterprises', 'sites are on top');
  for (const g of groups) {
    assert.equal(g.testid, `legend-group-${g.id}`);
    assert.ok(g.entries.length > 0, `${g.id} has entries`);
    for (const e of g.entries) {
      assert.match(e.fill, /^#[0-9a-f]{8}$/);
      assert.equal(e.swatch, e.fill.slice(0, 7), `${g.id} ${e.label}: swatch painted in its colour`);
    }
  }
  const sites = group(groups, 'enterprises');
  assert.equal(sites.title, '企业');
  assert.deepEqual(Object.fromEntries(sites.entries.map((e) => [e.label, e.fill])), GRADES);
  assert.ok(sites.entries.every((e) => e.symbol === 'circle'));
  const surge = group(groups, 'storm_surge');
  assert.deepEqual(surge.entries.map((e) => e.label), ['高', '中', '低']);
  assert.deepEqual(surge.entries.map((e) => e.fill), ['#8d6e63a0', '#8d6e636e', '#8d6e6346']);
  assert.equal(group(groups, 'hazard_sources').entries[0].symbol, 'diamond');

  // Pixels in the legend's colours: E0001 in 重大风险, the spot as 高 surge over 海沧区 (重大).
  const red = rgba(entry(sites, '重大风险').fill);
  assert.ok(colourDistance(await pixel(page, ...centre), red.rgb) <= 3, 'E0001 in the legend red');
  const district = rgba(entry(group(groups, 'districts'), '重大风险').fill);
  assert.equal(district.a, 90);
  const want = stack([district, rgba(entry(surge, '高').fill)]);
  const got = await pixel(page, ...spot);
  assert.ok(colourDistance(got, want) <= 4, `spot ${got} ≈ ${want}`);

  // A hidden layer leaves the legend, and comes back with it.
  await page.getByTestId('layer-toggle-storm_surge').uncheck();
  await waitForPaint(page);
  assert.ok(!(await legend(page)).some((g) => g.id === 'storm_surge'), 'hidden layer has no legend group');
  await page.getByTestId('legend-group-storm_surge').waitFor({ state: 'detached' });
  await page.getByTestId('layer-toggle-storm_surge').check();
  await page.getByTestId('legend-group-storm_surge').waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('a single fill colour with opacity on the surge zones redraws the zone in the blend', async () => {
  const { page, context, errors, spot } = await openAtE0001();
  const district = rgba(entry(group(await legend(page), 'districts'), '重大风险').fill);

  await page.getByTestId('layer-style-storm_surge').click();
  await page.getByTestId('style-editor').waitFor();
  await page.getByTestId('style-colour-by').selectOption('single');
  await page.getByTestId('style-fill').fill('#123456');
  await slide(page, 'style-opacity', 50);
  await waitForPaint(page);

  const surge = group(await legend(page), 'storm_surge');
  // The zone hue's alpha (110) at 50 %: 55.
  assert.deepEqual(surge.entries.map((e) => [e.label, e.fill]), [['风暴潮淹没区', '#12345637']]);
  const want = stack([district, rgba(surge.entries[0].fill)]);
  const got = await pixel(page, ...spot);
  assert.ok(colourDistance(got, want) <= 4, `spot ${got} ≈ ${want}`);

  // Opacity 0: the zone vanishes from the pixel, the legend keeps a transparent swatch.
  await slide(page, 'style-opacity', 0);
  await waitForPaint(page);
  assert.equal(entry(group(await legend(page), 'storm_surge'), '风暴潮淹没区').fill, '#12345600');
  assert.ok(colourDistance(await pixel(page, ...spot), stack([district])) <= 3, 'only the district at the spot');
  assert.deepEqual(errors, []);
  await context.close();
});

test('sites coloured by 行业 show the industries in the legend and on their markers', async () => {
  const { page, context, errors, centre } = await openAtE0001();
  await page.getByTestId('layer-style-enterprises').click();
  await page.getByTestId('style-colour-by').selectOption('categorical');
  await page.getByTestId('style-field').selectOption('行业');
  await waitForPaint(page);

  const sites = group(await legend(page), 'enterprises');
  const industries = new Set(demo('enterprises.geojson').features.map((f) => f.properties['行业']));
  assert.deepEqual(new Set(sites.entries.map((e) => e.label)), industries);
  assert.ok(!sites.entries.some((e) => e.label in GRADES), 'no grade colours any more');
  const fills = sites.entries.map((e) => e.fill);
  assert.equal(new Set(fills).size, fills.length, 'one colour per industry');
  const chem = rgba(entry(sites, '化工').fill);
  const got = await pixel(page, ...centre);
  assert.ok(colourDistance(got, chem.rgb) <= 3, `E0001 (化工) ${got} ≈ ${chem.rgb}`);

  // Graduated by headcount: classes in the legend, the marker in its class colour.
  await page.getByTestId('style-colour-by').selectOption('graduated');
  // Classes of sites start from their composite score.
  assert.equal(await page.getByTestId('style-field').inputValue(), '@score');
  assert.match(await page.getByTestId('style-field').locator('option:checked').textContent(), /综合得分/);
  await waitForPaint(page);
  assert.ok(group(await legend(page), 'enterprises').entries.length >= 2, 'score classes in the legend');
  await page.getByTestId('style-field').selectOption('从业人数');
  await page.getByTestId('style-classes').selectOption('4');
  await page.getByTestId('style-method').selectOption('equal');
  await waitForPaint(page);
  const graded = group(await legend(page), 'enterprises');
  assert.ok(graded.entries.length >= 2 && graded.entries.length <= 4, graded.entries.map((e) => e.label).join());
  assert.match(graded.entries[0].label, /^< /);
  const people = 320; // E0001's 从业人数
  const cls = graded.entries.find((e) => {
    const m = e.label.match(/^(?:< ([\d.]+)|([\d.]+) – ([\d.]+)|≥ ([\d.]+))$/);
    if (!m) return false;
    if (m[1]) return people < +m[1];
    if (m[4]) return people >= +m[4];
    return people >= +m[2] && people < +m[3];
  });
  assert.ok(cls, `a class holds ${people}`);
  assert.ok(colourDistance(await pixel(page, ...centre), rgba(cls.fill).rgb) <= 3, `E0001 in class ${cls.label}`);

  // Back to the risk grades.
  await page.getByTestId('style-colour-by').selectOption('assessment');
  await waitForPaint(page);
  assert.deepEqual(Object.fromEntries(group(await legend(page), 'enterprises').entries.map((e) => [e.label, e.fill])), GRADES);
  assert.ok(colourDistance(await pixel(page, ...centre), hex('#e63031')) <= 3);
  assert.deepEqual(errors, []);
  await context.close();
});

test('↑/↓ and dragging a row change the draw order', async () => {
  const { page, context, errors, spot } = await openAtE0001();
  const groups = await legend(page);
  const district = rgba(entry(group(groups, 'districts'), '重大风险').fill);
  const surge = rgba(entry(group(groups, 'storm_surge'), '高').fill);
  const surgeOnTop = stack([district, surge]);
  const districtOnTop = stack([surge, district]);
  assert.ok(colourDistance(surgeOnTop, districtOnTop) > 10, 'the two orders look different');
  assert.ok(colourDistance(await pixel(page, ...spot), surgeOnTop) <= 4);

  const order = async () => (await listed(page)).map((r) => r.id);
  const before = await order();
  assert.deepEqual(before.slice(-4), ['storm_surge', 'waterlogging', 'geohazard', 'districts']);
  assert.ok(await page.getByTestId('layer-down-districts').isDisabled(), 'the bottom layer cannot go lower');
  assert.ok(await page.getByTestId('layer-up-enterprises').isDisabled(), 'the top layer cannot go higher');
  for (let i = 0; i < 3; i++) await page.getByTestId('layer-up-districts').click();
  await waitForPaint(page);
  assert.deepEqual((await order()).slice(-4), ['districts', 'storm_surge', 'waterlogging', 'geohazard']);
  assert.deepEqual((await legend(page)).map((g) => g.id), await order(), 'legend follows the order');
  let got = await pixel(page, ...spot);
  assert.ok(colourDistance(got, districtOnTop) <= 4, `district over the surge band: ${got} ≈ ${districtOnTop}`);

  for (let i = 0; i < 3; i++) await page.getByTestId('layer-down-districts').click();
  await waitForPaint(page);
  assert.deepEqual(await order(), before);
  assert.ok(colourDistance(await pixel(page, ...spot), surgeOnTop) <= 4, 'back under the surge band');

  // Drag the districts row onto the surge row: it lands just above it.
  await page.getByTestId('layer-item-districts').locator('.layer-row')
    .dragTo(page.getByTestId('layer-item-storm_surge'));
  await waitForPaint(page);
  assert.deepEqual((await order()).slice(-4), ['districts', 'storm_surge', 'waterlogging', 'geohazard']);
  got = await pixel(page, ...spot);
  assert.ok(colourDistance(got, districtOnTop) <= 4, `after the drag: ${got} ≈ ${districtOnTop}`);
  // Sites keep their grades whatever the order (the surge layer moved among the zones too).
  await page.getByTestId('layer-item-storm_surge').locator('.layer-row')
    .dragTo(page.getByTestId('layer-item-geohazard'));
  await waitForPaint(page);
  assert.deepEqual((await order()).slice(-3), ['waterlogging', 'geohazard', 'storm_surge']);
  assert.deepEqual(Object.fromEntries(group(await legend(page), 'enterprises').entries.map((e) => [e.label, e.fill])), GRADES);
  assert.deepEqual(errors, []);
  await context.close();
});

test('on a tablet, taps restyle a layer and reorder the list', async () => {
  const { page, context, errors, centre, spot } = await openAtE0001(TABLET);
  const groups = await legend(page);
  const district = rgba(entry(group(groups, 'districts'), '重大风险').fill);
  const surge = rgba(entry(group(groups, 'storm_surge'), '高').fill);
  assert.ok(colourDistance(await pixel(page, ...spot), stack([district, surge])) <= 4);

  // Targets are finger-sized.
  for (const id of ['layer-style-enterprises', 'layer-up-districts', 'layer-down-enterprises']) {
    const b = await page.getByTestId(id).boundingBox();
    assert.ok(b.width >= 44 && b.height >= 44, `${id} is ${b.width}×${b.height}`);
  }

  await page.getByTestId('layer-style-enterprises').tap();
  await page.getByTestId('style-colour-by').selectOption('categorical');
  await page.getByTestId('style-field').selectOption('行业');
  await waitForPaint(page);
  const chem = rgba(entry(group(await legend(page), 'enterprises'), '化工').fill);
  assert.ok(colourDistance(await pixel(page, ...centre), chem.rgb) <= 3, 'E0001 in the 化工 colour');
  await page.getByTestId('layer-style-enterprises').tap();
  await page.getByTestId('style-editor').waitFor({ state: 'detached' });

  for (let i = 0; i < 3; i++) await page.getByTestId('layer-up-districts').tap();
  await waitForPaint(page);
  const got = await pixel(page, ...spot);
  assert.ok(colourDistance(got, stack([surge, district])) <= 4, `district on top: ${got}`);
  assert.deepEqual(errors, []);
  await context.close();
});
