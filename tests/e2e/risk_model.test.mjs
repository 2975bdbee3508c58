// The composite risk index in the app: the site panel explains a score factor by factor,
// the model editor re-scores every site at once (what-if) and saves models by name, and an
// open 重大隐患 lifts a site to at least 较大.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useApp, openApp, canvasBox, pixel, colourDistance, hex, site, demo, viewHash, waitForPaint, DESKTOP, TABLET,
} from '../fixtures/app.mjs';

const app = useApp();
const RED = hex('#e63031');
const ORANGE = hex('#f48400');
const YELLOW = hex('#f1dd00');

async function openSite(id, device = DESKTOP) {
  const s = site(id);
  const opened = await openApp(app, { hash: viewHash(s.lon, s.lat, 17), device });
  const box = await canvasBox(opened.page);
  const at = [box.width / 2, box.height / 2];
  const [x, y] = [box.x + at[0] + 3, box.y + at[1] - 2];
  if (device.hasTouch) await opened.page.touchscreen.tap(x, y);
  else await opened.page.mouse.click(x, y);
  await opened.page.getByTestId('site-panel').waitFor();
  return { ...opened, at };
}

test('the site panel shows the composite score and its factors, largest first', async () => {
  const { page, context, errors } = await openSite('E0001');
  const factors = await page.getByTestId('site-factors').locator('li').allTextContents();
  assert.equal(factors[0], '风暴潮淹没区（高，海沧湾沿岸高）+70');
  assert.ok(factors.includes('从业人数 320 +10'), `${factors}`);
  const score = Number(await page.getByTestId('site-score').textContent());
  const sum = factors.map((f) => Number(f.match(/\+([\d.]+)/)[1])).reduce((a, b) => a + b, 0);
  assert.equal(score, Math.min(100, Math.round(sum * 10) / 10));
  assert.deepEqual(errors, []);
  await context.close();
});

test('changing a weight in the model editor re-scores every site at once, and models are saved by name', async () => {
  const { page, context, errors, at } = await openSite('E0001');
  assert.ok(colourDistance(await pixel(page, ...at), RED) <= 3, 'E0001 starts red');
  await page.getByTestId('open-model').click();
  await page.getByTestId('model-panel').waitFor();
  // Every demo source is identified and graded by GB 18218 (people counted within 500 m).
  const rows = await page.getByTestId('major-hazards').locator('tbody tr').allTextContents();
  assert.equal(rows.length, 24);
  assert.ok(rows.every((r) => /[一二三四]级|非重大危险源/.test(r)), rows.join('\n'));
  // Storm surge counts 20 instead of 70: E0001 (高 surge, 320 employees) falls to 一般.
  await page.getByTestId('weight-storm_surge').fill('20');
  await page.getByTestId('weight-storm_surge').dispatchEvent('change');
  await page.getByTestId('rescore-status').filter({ hasText: '已重新评分 2104 个场所' }).waitFor();
  console.log(`model editor: ${await page.getByTestId('rescore-status').textContent()}`);
  await page.getByTestId('site-grade').and(page.locator('[data-grade=general]')).waitFor();
  assert.match(await page.getByTestId('site-factors').textContent(), /风暴潮淹没区（高，海沧湾沿岸高）\+20/);
  await waitForPaint(page);
  assert.ok(colourDistance(await pixel(page, ...at), YELLOW) <= 3, `E0001 redrawn yellow: ${await pixel(page, ...at)}`);

  await page.getByTestId('model-name').fill('低风暴潮权重');
  await page.getByTestId('model-save').click();
  await page.getByTestId('model-load-低风暴潮权重').waitFor();
  // Back to defaults, then load the saved model after a reload: it survives in IndexedDB.
  await page.getByTestId('model-reset').click();
  await page.getByTestId('site-grade').and(page.locator('[data-grade=major]')).waitFor();
  await page.reload();
  await page.waitForSelector('[data-testid=app-status][data-status=ready]');
  await page.getByTestId('open-model').click();
  await page.getByTestId('model-load-低风暴潮权重').click();
  assert.equal(await page.getByTestId('weight-storm_surge').inputValue(), '20');
  await waitForPaint(page);
  assert.ok(colourDistance(await pixel(page, ...at), YELLOW) <= 3, 'the loaded model re-scored E0001');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a vulnerability factor mapped to a label field in the editor scores every site by its value', async () => {
  const { page, context, errors } = await openSite('E0004');
  assert.equal(await page.getByTestId('site-grade').getAttribute('data-grade'), 'low');
  const before = Number(await page.getByTestId('site-score').textContent());
  await page.getByTestId('open-model').click();
  await page.getByTestId('model-panel').waitFor();
  // The default model maps 从业人数 by steps; add a second factor and map 行业 by value.
  await page.getByTestId('vuln-factor-0').waitFor();
  assert.equal(await page.getByTestId('vuln-field-0').inputValue(), '从业人数');
  await page.getByTestId('vuln-add').click();
  await page.getByTestId('vuln-field-1').selectOption('行业');
  await page.getByTestId('vuln-kind-1').selectOption('categories');
  const chem = page.getByTestId('vuln-factor-1').locator('label[data-value=电子] input');
  await chem.fill('25');
  await chem.dispatchEvent('change');
  await page.getByTestId('site-factors').filter({ hasText: '行业 电子 +25' }).waitFor();
  assert.equal(Number(await page.getByTestId('site-score').textContent()), Math.min(100, before + 25));
  // Steps of the first factor are edited in place: 600 people reach the ≥300 step.
  await page.getByTestId('vuln-0-2').fill('4');
  await page.getByTestId('vuln-0-2').dispatchEvent('change');
  await page.getByTestId('site-factors').filter({ hasText: '从业人数 600 +4' }).waitFor();
  // Removing the factor takes its points away again.
  await page.getByTestId('vuln-remove-1').click();
  await page.getByTestId('site-factors').filter({ hasText: '从业人数 600 +4' }).waitFor();
  assert.doesNotMatch(await page.getByTestId('site-factors').textContent(), /行业/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('an open 重大隐患 lifts a 低风险 site to 较大, as the model says', async () => {
  const { page, context, errors, at } = await openSite('E0004', TABLET);
  assert.equal(await page.getByTestId('site-grade').getAttribute('data-grade'), 'low');
  await page.getByTestId('danger-description').fill('配电室无防小动物措施，电缆沟进水');
  await page.getByTestId('danger-level').selectOption('重大');
  await page.getByTestId('danger-deadline').fill('2030-02-01');
  await page.getByTestId('danger-save').tap();
  await page.getByTestId('panel-message').filter({ hasText: '已保存' }).waitFor();
  await page.getByTestId('site-grade').and(page.locator('[data-grade=larger]')).waitFor();
  assert.match(await page.getByTestId('site-factors').textContent(), /未闭环隐患：重大 1 项、一般 0 项 \+10 → 至少较大/);
  await waitForPaint(page);
  assert.ok(colourDistance(await pixel(page, ...at), ORANGE) <= 3, `E0004 redrawn orange: ${await pixel(page, ...at)}`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('impact-ring radii entered per source type re-score the sites near those sources; a grid summary joins the map', async () => {
  // The demo site nearest to an LNG tank farm, 1–3 km away.
  const lng = demo('hazard_sources.geojson').features.filter((f) => f.properties['类型'] === 'LNG储罐区');
  const km = (a, b) => Math.hypot((a[0] - b[0]) * 101.3, (a[1] - b[1]) * 110.8);
  const candidates = demo('enterprises.geojson').features
    .map((f) => ({ id: f.properties.id, d: Math.min(...lng.map((s) => km(f.geometry.coordinates, s.geometry.coordinates))) }))
    .filter((c) => c.d > 1 && c.d < 2.5)
    .sort((a, b) => a.d - b.d);
  assert.ok(candidates.length > 0, 'a site 1–2.5 km from an LNG tank');
  const { page, context, errors } = await openSite(candidates[0].id);
  const before = Number(await page.getByTestId('site-score').textContent());
  await page.getByTestId('open-model').click();
  await page.getByTestId('ring-LNG储罐区-0').fill('3000');
  await page.getByTestId('ring-LNG储罐区-0').dispatchEvent('change');
  await page.getByTestId('site-factors').filter({ hasText: /（重度影响圈）\+30/ }).waitFor();
  const after = Number(await page.getByTestId('site-score').textContent());
  assert.ok(after > before, `score rose from ${before} to ${after}`);
  console.log(`site ${candidates[0].id} ${candidates[0].d.toFixed(2)} km from LNG: ${before} → ${after}`);

  await page.getByTestId('grid-add').click();
  const names = page.getByTestId('layer-list').locator('.layer-name');
  await names.filter({ hasText: '网格汇总（1000 m）' }).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('the model editor shows the LEC, risk-matrix and GB 18218 tables, and their cut-offs are editable', async () => {
  const { page, context, errors } = await openApp(app, { device: DESKTOP });
  await page.getByTestId('open-model').click();
  await page.getByTestId('standard-models').locator('summary').click();
  const text = await page.getByTestId('standard-models').textContent();
  for (const needle of ['D = L × E × C', '完全可以预料', 'R = L × S', 'R = α · Σβq/Q']) {
    assert.ok(text.includes(needle), `${needle} in the editor`);
  }
  const grid = page.getByTestId('ls-grid');
  assert.equal(await grid.locator('tr').count(), 5);
  assert.equal(await grid.locator('td').count(), 25);
  // R = 16 is 较大 (orange) under 20/15/9; with 重大 from 16 it turns red.
  const cell16 = grid.locator('td', { hasText: /^16$/ }).first();
  const before = await cell16.evaluate((e) => getComputedStyle(e).backgroundColor);
  await page.getByTestId('ls-band-0').fill('16');
  await page.getByTestId('ls-band-0').dispatchEvent('change');
  await page.waitForFunction((b) => {
    const td = [...document.querySelectorAll('[data-testid=ls-grid] td')].find((e) => e.textContent === '16');
    return td && getComputedStyle(td).backgroundColor !== b;
  }, before);
  const after = await grid.locator('td', { hasText: /^16$/ }).first().evaluate((e) => getComputedStyle(e).backgroundColor);
  assert.match(after, /rgba?\(230, 48, 49/, `R=16 now red: ${after}`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a risk point at a site is graded by LEC and by the risk matrix from the model tables', async () => {
  const { page, context, errors } = await openSite('E0002', TABLET);
  await page.getByTestId('risk-point').locator('summary').tap();
  await page.getByTestId('lec-l').selectOption('6');
  await page.getByTestId('lec-e').selectOption('3');
  await page.getByTestId('lec-c').selectOption('15');
  const lec = await page.getByTestId('risk-point-result').textContent();
  assert.match(lec, /^\s*L=6（相当可能）\s*×\s*E=3（.+）\s*×\s*C=15（.+）\s*=\s*270 → 较大风险$/, lec);
  await page.getByTestId('risk-method').selectOption('ls');
  await page.getByTestId('ls-l').selectOption('4');
  await page.locator('[data-testid^=ls-s-]').first().selectOption('5');
  const ls = await page.getByTestId('risk-point-result').textContent();
  assert.match(ls, /L=4（.+）\s*×\s*S=5（.+）\s*=\s*20 → 重大风险/, ls);
  assert.deepEqual(errors, []);
  await context.close();
});
