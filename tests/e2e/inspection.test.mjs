// The inspection loop on a tablet with touch: a checklist answered 不符合 opens a prefilled
// record that goes through 待整改 → 整改中 → 待验收 → 已闭环 with a photo and signatures;
// records survive a reload and a second page; a 重大 record needs its plan; the ledger's
// filters and KPIs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { useApp, openApp, canvasBox, pixel, waitForPaint, site, viewHash, TABLET, CHROMIUM, ARGS } from '../fixtures/app.mjs';

const app = useApp();

async function openSite(page) {
  const box = await canvasBox(page);
  await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
  await page.getByTestId('site-panel').waitFor();
}

async function openE0002(options = {}) {
  const s = site('E0002');
  const opened = await openApp(app, { hash: viewHash(s.lon, s.lat, 17), device: TABLET, ...options });
  await openSite(opened.page);
  return opened;
}

/** Starts an inspection of the open site with one checklist; returns at the checklist. */
async function startInspection(page, template, { kind = '专项', inspectors = '张工、李工' } = {}) {
  await page.getByTestId('start-inspection').tap();
  await page.getByTestId('start-inspection-sheet').waitFor();
  await page.getByTestId('insp-type').selectOption(kind);
  await page.getByTestId('insp-inspectors').fill(inspectors);
  await page.getByTestId(`tpl-${template}`).check();
  await page.getByTestId('insp-begin').tap();
  await page.getByTestId('checklist-sheet').waitFor();
}

/** Types into a field and leaves it, which commits the edit; waits until it is stored. */
async function setField(page, testid, value) {
  const field = page.getByTestId(testid);
  await field.fill(value);
  await field.blur();
  await waitSaved(page);
}

async function waitSaved(page) {
  await page.locator('[data-testid=danger-editor] [data-testid=save-state][data-state=saved]').waitFor();
}

/** Runs `request(db)` on the app's database and resolves with the request's result. */
async function fromDb(page, store, op, arg) {
  return page.evaluate(([store, op, arg]) => new Promise((resolve, reject) => {
    const open = indexedDB.open('xiantu');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const os = db.transaction(store).objectStore(store);
      const req = arg === undefined ? os[op]() : os[op](arg);
      req.onsuccess = () => { db.close(); resolve(req.result); };
      req.onerror = () => { db.close(); reject(req.error); };
    };
  }), [store, op, arg]);
}

/** Waits until `read()` returns `want` (polling), or fails with what it last returned. */
async function eventually(read, want, what, timeout = 5000) {
  const end = Date.now() + timeout;
  let got;
  while (Date.now() < end) {
    got = await read();
    if (JSON.stringify(got) === JSON.stringify(want)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.deepEqual(got, want, what);
}

/** The record number in the open editor's title. */
async function editorNumber(page) {
  return (await page.getByTestId('editor-title').textContent()).split(' ')[0];
}

/** Kills the browser that runs profile `dir` at once, as a tablet's OS kills it: no
 * unload, no pagehide, no blur. */
function killBrowser(dir) {
  const main = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => l.includes(`--user-data-dir=${dir}`) && !l.includes('--type='))
    .map((l) => Number(l.trim().split(/\s+/)[0]));
  assert.equal(main.length, 1, `one browser process for ${dir}`);
  process.kill(main[0], 'SIGKILL');
}

/** A 2400 × 1200 PNG drawn in the page, as a file for the file input. */
async function bigPng(page) {
  const b64 = await page.evaluate(async () => {
    const c = new OffscreenCanvas(2400, 1200);
    const ctx = c.getContext('2d');
    ctx.fillStyle = '#c33'; ctx.fillRect(0, 0, 2400, 1200);
    ctx.fillStyle = '#3c3'; ctx.fillRect(600, 300, 1200, 600);
    const blob = await c.convertToBlob({ type: 'image/png' });
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let s = '';
    for (const b of bytes) s += String.fromCharCode(b);
    return btoa(s);
  });
  return { name: '现场.png', mimeType: 'image/png', buffer: Buffer.from(b64, 'base64') };
}

async function sign(page, key) {
  const pad = page.getByTestId(`sig-pad-${key}`);
  await pad.scrollIntoViewIfNeeded();
  const box = await pad.boundingBox();
  await page.mouse.move(box.x + 20, box.y + box.height / 2);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) await page.mouse.move(box.x + 20 + i * 20, box.y + box.height / 2 + (i % 2 ? 15 : -15));
  await page.mouse.up();
  await page.getByTestId(`sig-save-${key}`).tap();
}

test('an inspection finding goes from 不符合 to 已闭环 with a photo and signatures', async () => {
  const { page, context, errors } = await openE0002();
  await startInspection(page, 'fire');
  const items = page.getByTestId('check-item');
  assert.equal(await items.count(), 13);
  const first = items.nth(0);
  await first.getByTestId('answer-yes').tap();
  await page.locator('[data-testid=check-item][data-answer=符合]').first().waitFor();
  const btn = await first.getByTestId('answer-yes').boundingBox();
  assert.ok(btn.height >= 44 && btn.width >= 44, `touch target ${btn.width}×${btn.height}`);

  // The inspector's note on the item starts the finding's description.
  await items.nth(1).getByTestId('item-note').fill('2号仓库东侧疏散通道堆放纸箱');
  await items.nth(1).getByTestId('answer-no').tap();
  await page.getByTestId('editor-status').filter({ hasText: '待整改' }).waitFor();
  assert.match(await page.getByTestId('editor-title').textContent(), /^YH-\d{8}-0001/);
  assert.equal(await page.getByTestId('editor-status').textContent(), '待整改');
  assert.match(await page.getByTestId('d-description').inputValue(), /^2号仓库东侧疏散通道堆放纸箱（检查要求：/);
  assert.notEqual(await page.getByTestId('d-basis').inputValue(), '', 'basis prefilled from the item');
  assert.equal(await page.getByTestId('d-category').inputValue(), '消防');
  assert.equal(await page.getByTestId('d-found-by').inputValue(), '张工、李工');

  await setField(page, 'd-place', '2号仓库东侧');
  await setField(page, 'd-measures', '清理通道内堆放的货物，设置禁止占用标识');
  await setField(page, 'd-department', '仓储部');
  await setField(page, 'd-responsible', '陈经理');
  await setField(page, 'd-funds', '1500');
  await page.getByTestId('loc-site').tap();
  await waitSaved(page);
  assert.match(await page.getByTestId('d-location').textContent(), /场所位置/);

  await page.getByTestId('d-photo-input').setInputFiles(await bigPng(page));
  const thumb = page.locator('[data-testid=photo-thumb][data-loaded=true]');
  await thumb.waitFor();
  const size = await thumb.evaluate((img) => new Promise((r) => {
    const done = () => r([img.naturalWidth, img.naturalHeight]);
    if (img.complete && img.naturalWidth) done(); else img.addEventListener('load', done);
  }));
  assert.deepEqual(size, [1600, 800], 'downscaled to at most 1600 px');
  await waitSaved(page);

  await page.getByTestId('t-start').tap();
  await page.getByTestId('editor-status').filter({ hasText: '整改中' }).waitFor();
  await waitSaved(page);
  await page.getByTestId('t-submit').tap();
  await page.getByTestId('editor-status').filter({ hasText: '待验收' }).waitFor();
  await waitSaved(page);

  await sign(page, 'inspector');
  await page.locator('.signature img[data-loaded=true]').first().waitFor();
  await waitSaved(page);
  await sign(page, 'enterprise');
  await page.locator('.signature img[data-loaded=true]').nth(1).waitFor();
  await waitSaved(page);

  // Acceptance without an opinion is refused with geo-core's message.
  await page.getByTestId('t-acc-by').fill('王工');
  await page.getByTestId('t-accept').tap();
  assert.match(await page.getByTestId('editor-error').textContent(), /验收意见/);
  assert.equal(await page.getByTestId('editor-status').textContent(), '待验收');
  await page.getByTestId('t-acc-opinion').fill('通道已清理，标识已设置，验收合格');
  await page.getByTestId('t-acc-photo').setInputFiles(await bigPng(page));
  await page.locator('.transitions [data-testid=photo-thumb][data-loaded=true]').waitFor();
  await page.getByTestId('t-accept').tap();
  await page.getByTestId('editor-status').filter({ hasText: '已闭环' }).waitFor();
  await waitSaved(page);
  assert.match(await page.getByTestId('t-closed').textContent(), /王工/);

  // After a reload the closed record is in the ledger with its photo and signatures.
  await page.reload();
  await page.waitForSelector('[data-testid=app-status][data-status=ready]');
  await page.getByTestId('open-ledger').tap();
  const row = page.getByTestId('ledger-row');
  await row.first().waitFor();
  assert.equal(await row.count(), 1);
  assert.match(await row.textContent(), /已闭环/);
  await row.getByTestId('ledger-open').tap();
  await page.getByTestId('editor-status').filter({ hasText: '已闭环' }).waitFor();
  await page.locator('[data-testid=d-photos] [data-testid=photo-thumb][data-loaded=true]').waitFor();
  assert.equal(await page.locator('.signature img[data-loaded=true]').count(), 2);
  await page.locator('.transitions [data-testid=photo-thumb][data-loaded=true]').waitFor();
  assert.equal(await page.getByTestId('d-place').inputValue(), '2号仓库东侧');
  assert.equal(await page.getByTestId('d-funds').inputValue(), '1500.00');
  assert.deepEqual(errors, []);
  await context.close();
});

test('records and answers survive a reload and a new page in the same context', async () => {
  const { page, context, errors } = await openE0002();
  await startInspection(page, 'electrical', { kind: '日常', inspectors: '周工' });
  await page.getByTestId('check-item').nth(0).getByTestId('answer-na').tap();
  await page.getByTestId('check-item').nth(2).getByTestId('answer-no').tap();
  await page.getByTestId('editor-status').filter({ hasText: '待整改' }).waitFor();
  await setField(page, 'd-description', '配电箱门未关闭，箱内积尘');
  await setField(page, 'd-deadline', '2030-05-01');
  const number = (await page.getByTestId('editor-title').textContent()).split(' ')[0];

  await page.reload();
  await page.waitForSelector('[data-testid=app-status][data-status=ready]');
  await openSite(page);
  const item = page.getByTestId('danger-item').filter({ hasText: number });
  await item.waitFor();
  assert.match(await item.textContent(), /配电箱门未关闭/);
  assert.match(await item.textContent(), /期限 2030-05-01/);

  // A second page in the same context sees the record and the inspection's answers.
  const s = site('E0002');
  const second = await openApp(app, { hash: viewHash(s.lon, s.lat, 17), context });
  await openSite(second.page);
  await second.page.getByTestId('danger-open').filter({ hasText: number }).tap();
  await second.page.getByTestId('editor-status').filter({ hasText: '待整改' }).waitFor();
  assert.equal(await second.page.getByTestId('d-description').inputValue(), '配电箱门未关闭，箱内积尘');
  await second.page.getByTestId('editor-close').tap();
  await second.page.getByTestId('start-inspection').tap();
  await second.page.getByTestId('insp-resume').first().tap();
  await second.page.getByTestId('checklist-sheet').waitFor();
  await second.page.locator('[data-testid=check-item][data-answer=不适用]').waitFor();
  assert.equal(await second.page.locator('[data-testid=check-item][data-answer=不符合]').count(), 1);
  assert.match(await second.page.getByTestId('item-finding').textContent(), new RegExp(number));
  assert.deepEqual(errors, []);
  assert.deepEqual(second.errors, []);
  await context.close();
});

test('a record is a pin on the map in the colour of its level and status, listed in the legend', async () => {
  const { page, context, errors } = await openE0002();
  const box = await canvasBox(page);
  // Pins sit up and to the right of their point (8 px each way), like a badge.
  const centre = async () => (await pixel(page, box.width / 2 + 8, box.height / 2 - 8)).slice(0, 3);
  assert.notDeepEqual(await centre(), [0xf5, 0x8a, 0x07], 'no pin before the record');
  await startInspection(page, 'fire');
  await page.getByTestId('check-item').nth(1).getByTestId('answer-no').tap();
  await page.getByTestId('editor-status').filter({ hasText: '待整改' }).waitFor();
  await setField(page, 'd-description', '疏散通道堆放纸箱');
  await page.getByTestId('editor-close').tap();
  await page.getByTestId('checklist-close').tap();
  // The site is at the centre of the view: a 一般 record, open, is an orange pin on it.
  const legend = page.getByTestId('legend-group-hidden_dangers');
  await legend.waitFor();
  assert.deepEqual(await legend.getByTestId('legend-entry').evaluateAll((es) => es.map((e) => e.dataset.fill)), ['#f58a07ff']);
  await waitForPaint(page);
  assert.deepEqual(await centre(), [0xf5, 0x8a, 0x07]);

  // Raised to 重大: red.
  await openSite(page);
  await page.getByTestId('danger-open').first().tap();
  await page.getByTestId('d-level').selectOption('重大');
  await waitSaved(page);
  await page.getByTestId('editor-close').tap();
  await legend.locator('[data-fill="#d7191cff"]').waitFor();
  await waitForPaint(page);
  assert.deepEqual(await centre(), [0xd7, 0x19, 0x1c]);
  assert.deepEqual(errors, []);
  await context.close();
});

test('records survive closing the browser and opening the same profile again', async () => {
  // A real profile directory, as a tablet's browser keeps one between launches.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xiantu-profile-'));
  const launch = () => chromium.launchPersistentContext(dir, { executablePath: CHROMIUM, args: ARGS, ...TABLET });
  let context = await launch();
  const first = await openE0002({ context });
  await startInspection(first.page, 'electrical', { kind: '日常', inspectors: '周工' });
  await first.page.getByTestId('check-item').nth(1).getByTestId('answer-no').tap();
  await first.page.getByTestId('editor-status').filter({ hasText: '待整改' }).waitFor();
  await setField(first.page, 'd-description', '应急照明不亮');
  const number = (await first.page.getByTestId('editor-title').textContent()).split(' ')[0];
  assert.deepEqual(first.errors, []);
  await context.close();

  context = await launch();
  const again = await openE0002({ context });
  const item = again.page.getByTestId('danger-item').filter({ hasText: number });
  await item.waitFor();
  assert.match(await item.textContent(), /应急照明不亮/);
  assert.deepEqual(again.errors, []);
  await context.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('text typed and never left is saved while typing and survives a killed browser', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xiantu-profile-'));
  const launch = () => chromium.launchPersistentContext(dir, { executablePath: CHROMIUM, args: ARGS, ...TABLET });
  let context = await launch();
  const first = await openE0002({ context });
  await startInspection(first.page, 'fire', { inspectors: '周工' });
  await first.page.getByTestId('check-item').nth(2).getByTestId('answer-no').tap();
  await first.page.getByTestId('editor-status').filter({ hasText: '待整改' }).waitFor();
  const number = await editorNumber(first.page);
  const field = first.page.getByTestId('d-description');
  await field.fill('');
  // Typed in two goes with a pause between (each saved), never leaving the field.
  await field.pressSequentially('东侧疏散通道', { delay: 40 });
  await first.page.waitForTimeout(900);
  await field.pressSequentially('堆放纸箱', { delay: 40 });
  await first.page.waitForTimeout(1000);
  assert.equal(await first.page.evaluate(() => document.activeElement?.dataset.testid), 'd-description');
  assert.equal(await first.page.locator('[data-testid=danger-editor] [data-testid=save-state]').getAttribute('data-state'), 'saved');
  assert.deepEqual(first.errors, []);
  const closed = context.waitForEvent('close');
  killBrowser(dir);
  await closed;

  context = await launch();
  const again = await openE0002({ context });
  await again.page.getByTestId('danger-open').filter({ hasText: number }).tap();
  await again.page.getByTestId('editor-status').waitFor();
  await again.page.waitForFunction(() => document.querySelector('[data-testid=d-description]')?.value !== '');
  assert.equal(await again.page.getByTestId('d-description').inputValue(), '东侧疏散通道堆放纸箱');
  // Both saves are one history entry: one field, one person, one sitting.
  const history = await again.page.locator('.history li').allTextContents();
  assert.equal(history.filter((h) => h.includes('修改 隐患描述')).length, 1, history.join('\n'));
  assert.match(history.find((h) => h.includes('修改 隐患描述')), /→ 东侧疏散通道堆放纸箱$/);
  assert.deepEqual(again.errors, []);
  await context.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('在地图上点选位置: the next tap on the map is the record\'s position and pin; Escape cancels', async () => {
  const { page, context, errors } = await openE0002();
  await startInspection(page, 'fire');
  await page.getByTestId('check-item').nth(4).getByTestId('answer-no').tap();
  await page.getByTestId('editor-status').filter({ hasText: '待整改' }).waitFor();
  const number = await editorNumber(page);
  const editor = page.getByTestId('danger-editor');

  // Escape gives up: the editor comes back as it was.
  await page.getByTestId('loc-map').tap();
  await page.getByTestId('pick-bar').waitFor();
  assert.equal(await editor.isVisible(), false, 'the editor steps aside');
  assert.equal(await page.getByTestId('checklist-sheet').isVisible(), false, 'and the checklist');
  await page.keyboard.press('Escape');
  await page.getByTestId('pick-bar').waitFor({ state: 'detached' });
  assert.ok(await editor.isVisible());
  assert.equal(await page.getByTestId('d-location').textContent(), '未定位');

  await page.getByTestId('loc-map').tap();
  await page.getByTestId('pick-bar').waitFor();
  const box = await canvasBox(page);
  const [dx, dy] = [-180, 110];
  const view = await page.getByTestId('map-canvas').evaluate((c) => ({ center: c.dataset.center, zoom: Number(c.dataset.zoom) }));
  await page.touchscreen.tap(box.x + box.width / 2 + dx, box.y + box.height / 2 + dy);
  await page.getByTestId('pick-bar').waitFor({ state: 'detached' });
  await waitSaved(page);
  assert.ok(await editor.isVisible());
  assert.match(await page.getByTestId('d-location').textContent(), /（地图选点）$/);

  // Stored at the map's unprojection of the tapped point (Web Mercator, WGS84).
  const R = 6378137;
  const [clon, clat] = view.center.split(',').map(Number);
  const res = 2 * Math.PI * R / 256 / 2 ** view.zoom;
  const x = R * clon * Math.PI / 180 + dx * res;
  const y = R * Math.log(Math.tan(Math.PI / 4 + clat * Math.PI / 360)) - dy * res;
  const lon = x / R * 180 / Math.PI;
  const lat = (2 * Math.atan(Math.exp(y / R)) - Math.PI / 2) * 180 / Math.PI;
  const stored = await fromDb(page, 'hidden_dangers', 'get', number);
  assert.equal(stored.location.source, '地图选点');
  assert.equal(stored.location.accuracy_m, null);
  assert.ok(Math.abs(stored.location.lon - lon) < 1e-5 && Math.abs(stored.location.lat - lat) < 1e-5,
    `stored ${stored.location.lon}, ${stored.location.lat}; tapped ${lon}, ${lat}`);

  // Its pin is drawn there (up and to the right of the point), no longer at the site.
  await page.getByTestId('editor-close').tap();
  await page.getByTestId('checklist-close').tap();
  await waitForPaint(page);
  const at = async (px, py) => (await pixel(page, px, py)).slice(0, 3);
  assert.deepEqual(await at(box.width / 2 + dx + 8, box.height / 2 + dy - 8), [0xf5, 0x8a, 0x07]);
  assert.notDeepEqual(await at(box.width / 2 + 8, box.height / 2 - 8), [0xf5, 0x8a, 0x07]);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a photo removed from a record leaves the photo store; ids carry the device part', async () => {
  const { page, context, errors } = await openE0002();
  await startInspection(page, 'fire');
  await page.getByTestId('check-item').nth(5).getByTestId('answer-no').tap();
  await page.getByTestId('editor-status').filter({ hasText: '待整改' }).waitFor();
  const number = await editorNumber(page);
  await page.getByTestId('d-photo-input').setInputFiles(await bigPng(page));
  const thumb = page.locator('[data-testid=d-photos] [data-testid=photo-thumb][data-loaded=true]');
  await thumb.waitFor();
  await waitSaved(page);
  assert.equal(await fromDb(page, 'photos', 'count'), 1);

  // Inspection and photo ids name this device, the inspection with its day's sequence.
  const [inspection] = await fromDb(page, 'inspections', 'getAllKeys');
  const m = inspection.match(/^INS-(\d{8})-([0-9A-HJKMNP-TV-Z]{6})-0001$/);
  assert.ok(m, inspection);
  const photo = await thumb.getAttribute('data-photo');
  assert.match(photo, new RegExp(`^P-${m[2]}-[0-9a-f]+-[0-9a-f]{10}$`));

  await page.locator('[data-testid=d-photos] figure button').tap();
  await thumb.waitFor({ state: 'detached' });
  await eventually(() => fromDb(page, 'photos', 'count'), 0, 'the removed photo is deleted');
  await waitSaved(page);
  assert.deepEqual((await fromDb(page, 'hidden_dangers', 'get', number)).photos, []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a 重大 record cannot leave 待整改 without interim measures and the six-item plan', async () => {
  const { page, context, errors } = await openE0002();
  await startInspection(page, 'confined-space');
  await page.getByTestId('check-item').nth(0).getByTestId('answer-no').tap();
  await page.getByTestId('editor-status').filter({ hasText: '待整改' }).waitFor();
  assert.equal(await page.getByTestId('d-level').inputValue(), '重大');
  await setField(page, 'd-measures', '作业前检测氧含量，配备通风设备');
  await setField(page, 'd-responsible', '林主任');
  await page.getByTestId('t-actor').fill('张工');
  await page.getByTestId('t-start').tap();
  const err = page.getByTestId('editor-error');
  await err.waitFor();
  const text = await err.textContent();
  for (const need of ['临时措施', '治理的目标和任务', '安全措施和应急预案']) assert.ok(text.includes(need), text);
  assert.equal(await page.getByTestId('editor-status').textContent(), '待整改');

  await setField(page, 'd-interim', '暂停有限空间作业，设置警示标志');
  for (let i = 0; i < 6; i++) await setField(page, `plan-${i}`, `治理方案第${i + 1}项内容`);
  await page.getByTestId('t-start').tap();
  await page.getByTestId('editor-status').filter({ hasText: '整改中' }).waitFor();
  await waitSaved(page);
  assert.equal(await err.count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

function record(n, site, level, category, status, deadline, extra = {}) {
  const closed = status === '已闭环';
  return {
    schema: 2, number: `YH-20260105-000${n}`, site_id: site[0], site_name: site[1], inspection_id: null,
    place: '', location: null, description: `测试隐患 ${n}`, photos: [], category, level, basis: '',
    found_on: '2026-01-05', found_by: ['张工'], measures: '整改', department: '', responsible: '李工',
    deadline, funds_fen: 10000 * n, interim_measures: level === '重大' ? '临时措施' : '',
    plan: { goals: '', methods: '', funds_and_materials: '', organisation: '', time_limit: '', safety_and_emergency: '' },
    status, completed_on: closed ? '2026-01-08' : null,
    acceptance: closed ? { by: '王工', department: '', date: '2026-01-09', opinion: '合格', photo: null } : null,
    signatures: { inspector: null, enterprise: null },
    updated_at: 1, updated_by: '张工', history: [{ at: 1, by: '张工', change: { kind: 'created' } }],
    ...extra,
  };
}

test('the ledger filters records and shows the KPIs of what it lists', async () => {
  const { page, context, errors } = await openApp(app, { device: TABLET });
  const A = ['E0001', '甲公司'], B = ['E0002', '乙公司'], C = ['E0003', '丙公司'];
  const records = [
    record(1, A, '一般', '消防', '已闭环', '2026-01-10'),
    record(2, A, '重大', '电气安全', '待整改', '2026-02-01'),
    record(3, B, '重大', '消防', '已闭环', '2026-01-20'),
    // Schema 1, as the skeleton stored it: read through geo-core's migration.
    { schema: 1, number: 'YH-20260105-0004', site_id: B[0], site_name: B[1], description: '旧记录', level: '一般', found_on: '2026-01-05', deadline: '2099-01-01' },
    record(5, C, '一般', '电气安全', '整改中', '2026-03-01'),
  ];
  await page.evaluate((records) => new Promise((resolve, reject) => {
    const open = indexedDB.open('xiantu');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction('hidden_dangers', 'readwrite');
      for (const r of records) tx.objectStore('hidden_dangers').put(r);
      tx.oncomplete = () => { db.close(); resolve(); };
      tx.onerror = () => reject(tx.error);
    };
  }), records);

  await page.getByTestId('open-ledger').tap();
  const rows = page.getByTestId('ledger-row');
  await rows.nth(4).waitFor();
  const kpis = async () => Object.fromEntries(await Promise.all(
    ['found', 'major', 'rectified', 'rate', 'major-rate', 'overdue'].map(async (k) => [k, await page.getByTestId(`kpi-${k}`).textContent()])));
  // Today is after every deadline but the schema-1 record's: 2 and 5 are overdue.
  assert.deepEqual(await kpis(), { found: '5', major: '2', rectified: '2', rate: '40.0%', 'major-rate': '50.0%', overdue: '2' });

  await page.getByTestId('f-site').selectOption('E0001');
  assert.equal(await rows.count(), 2);
  assert.deepEqual(await kpis(), { found: '2', major: '1', rectified: '1', rate: '50.0%', 'major-rate': '0.0%', overdue: '1' });
  await page.getByTestId('f-site').selectOption('');

  await page.getByTestId('f-status').selectOption('已闭环');
  assert.equal(await rows.count(), 2);
  assert.deepEqual(await kpis(), { found: '2', major: '1', rectified: '2', rate: '100.0%', 'major-rate': '100.0%', overdue: '0' });
  await page.getByTestId('f-status').selectOption('');

  await page.getByTestId('f-level').selectOption('重大');
  assert.deepEqual((await rows.allTextContents()).map((t) => t.slice(0, 16)), ['YH-20260105-0002', 'YH-20260105-0003']);
  await page.getByTestId('f-level').selectOption('');

  await page.getByTestId('f-category').selectOption('消防');
  assert.equal(await rows.count(), 2);
  await page.getByTestId('f-category').selectOption('');

  await page.getByTestId('f-overdue').check();
  assert.deepEqual((await rows.allTextContents()).map((t) => t.slice(0, 16)), ['YH-20260105-0002', 'YH-20260105-0005']);
  await page.getByTestId('f-site').selectOption('E0002');
  assert.equal(await rows.count(), 0);
  assert.deepEqual(await kpis(), { found: '0', major: '0', rectified: '0', rate: '—', 'major-rate': '—', overdue: '0' });
  assert.deepEqual(errors, []);
  await context.close();
});

test('settings show the storage usage and quota', async () => {
  const { page, context } = await openApp(app, { device: TABLET });
  await page.getByTestId('open-settings').tap();
  await page.getByTestId('storage-usage').filter({ hasText: '已用' }).waitFor();
  assert.match(await page.getByTestId('storage-usage').textContent(), /已用 [\d.]+ MB \/ 可用配额 \d+ MB/);
  await context.close();
});

test('a version-2 database upgrades to version 3 keeping its records and models', async () => {
  const context = await app.browser.newContext({ ...TABLET });
  const setup = await context.newPage();
  // Any same-origin document will do to create the old database before the app runs.
  await setup.goto(`${app.url}/demo/enterprises.geojson`);
  await setup.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open('xiantu', 2);
    open.onupgradeneeded = () => {
      const db = open.result;
      db.createObjectStore('hidden_dangers', { keyPath: 'number' }).createIndex('site_id', 'site_id');
      db.createObjectStore('models', { keyPath: 'name' });
    };
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction(['hidden_dangers', 'models'], 'readwrite');
      tx.objectStore('hidden_dangers').put({ schema: 1, number: 'YH-20250301-0001', site_id: 'E0002', site_name: '旧场所',
        description: '旧版本记录的隐患', level: '重大', found_on: '2025-03-01', deadline: '2025-03-31' });
      tx.objectStore('models').put({ name: '旧模型', json: '{}' });
      tx.oncomplete = () => { db.close(); resolve(); };
      tx.onerror = () => reject(tx.error);
    };
  }));
  await setup.close();
  const { page, errors } = await openApp(app, { context });
  const stores = await page.evaluate(() => new Promise((resolve) => {
    const open = indexedDB.open('xiantu');
    open.onsuccess = () => { const db = open.result; resolve([db.version, [...db.objectStoreNames].sort()]); db.close(); };
  }));
  assert.deepEqual(stores, [3, ['hidden_dangers', 'inspections', 'models', 'photos', 'templates']]);
  await page.getByTestId('open-ledger').tap();
  const row = page.getByTestId('ledger-row');
  await row.waitFor();
  assert.match(await row.textContent(), /旧版本记录的隐患/);
  assert.match(await row.textContent(), /重大隐患/);
  assert.match(await row.textContent(), /待整改（逾期）/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a failed write says 保存失败, keeps the input on screen, and 重试 saves it', async () => {
  const { page, context } = await openE0002();
  await startInspection(page, 'signs');
  await page.getByTestId('check-item').nth(0).getByTestId('answer-no').tap();
  await page.getByTestId('editor-status').filter({ hasText: '待整改' }).waitFor();
  await page.evaluate(() => {
    window.__put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function () { throw new DOMException('模拟磁盘已满', 'QuotaExceededError'); };
  });
  const place = page.getByTestId('d-place');
  await place.fill('危化品库房门口');
  await place.blur();
  const state = page.locator('[data-testid=danger-editor] [data-testid=save-state]');
  await page.locator('[data-testid=danger-editor] [data-testid=save-state][data-state=failed]').waitFor();
  assert.match(await state.textContent(), /保存失败.*模拟磁盘已满/);
  assert.equal(await place.inputValue(), '危化品库房门口', 'the input stays on screen');
  await page.evaluate(() => { IDBObjectStore.prototype.put = window.__put; });
  await page.getByTestId('save-retry').tap();
  await waitSaved(page);
  const number = (await page.getByTestId('editor-title').textContent()).split(' ')[0];

  await page.reload();
  await page.waitForSelector('[data-testid=app-status][data-status=ready]');
  await openSite(page);
  await page.getByTestId('danger-open').filter({ hasText: number }).tap();
  await page.getByTestId('editor-status').filter({ hasText: '待整改' }).waitFor();
  assert.equal(await page.getByTestId('d-place').inputValue(), '危化品库房门口');

  // A refused edit keeps the editor open with the reason; a second × discards it.
  await page.getByTestId('d-description').fill('');
  await page.getByTestId('d-description').blur();
  await page.locator('[data-testid=danger-editor] [data-testid=save-state][data-state=invalid]').waitFor();
  assert.match(await page.getByTestId('editor-error').textContent(), /请填写隐患描述/);
  await page.getByTestId('editor-close').tap();
  assert.equal(await page.getByTestId('danger-editor').count(), 1, 'still open');
  assert.match(await page.getByTestId('editor-error').textContent(), /再次点击 × 放弃/);
  await page.getByTestId('editor-close').tap();
  await page.getByTestId('danger-editor').waitFor({ state: 'detached' });
  await context.close();
});

test('a project file exported on one device imports on another with its photos', async () => {
  const { page, context, errors } = await openE0002();
  await startInspection(page, 'fire', { inspectors: '郑工' });
  await page.getByTestId('check-item').nth(3).getByTestId('answer-no').tap();
  await page.getByTestId('editor-status').filter({ hasText: '待整改' }).waitFor();
  await page.getByTestId('d-photo-input').setInputFiles(await bigPng(page));
  await page.locator('[data-testid=photo-thumb][data-loaded=true]').waitFor();
  await waitSaved(page);
  const number = (await page.getByTestId('editor-title').textContent()).split(' ')[0];
  await page.getByTestId('editor-close').tap();
  await page.getByTestId('checklist-close').tap();
  await page.getByTestId('open-ledger').tap();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('project-export').tap()]);
  assert.match(download.suggestedFilename(), /^xiantu-隐患台账-\d{8}\.zip$/);
  const file = await download.path();
  assert.match(await page.getByTestId('project-message').textContent(), /已导出 1 条隐患、1 次排查、1 张图片/);

  const other = await openApp(app, { device: TABLET });
  await other.page.getByTestId('open-ledger').tap();
  await other.page.getByTestId('project-import').setInputFiles(file);
  await other.page.getByTestId('project-message').filter({ hasText: '已导入' }).waitFor();
  assert.match(await other.page.getByTestId('project-message').textContent(), /1 条隐患、1 次排查、0 个检查表、1 张图片/);
  const row = other.page.getByTestId('ledger-row');
  await row.waitFor();
  assert.ok((await row.textContent()).startsWith(number));
  await row.getByTestId('ledger-open').tap();
  await other.page.locator('[data-testid=d-photos] [data-testid=photo-thumb][data-loaded=true]').waitFor();
  // Importing the same file again changes nothing and reports no conflict.
  await other.page.getByTestId('editor-close').tap();
  await other.page.getByTestId('project-import').setInputFiles(file);
  await other.page.getByTestId('project-message').filter({ hasText: '已导入' }).waitFor();
  assert.doesNotMatch(await other.page.getByTestId('project-message').textContent(), /两边都改过/);
  assert.equal(await row.count(), 1);
  assert.deepEqual(errors, []);
  assert.deepEqual(other.errors, []);
  await other.context.close();
  await context.close();
});

test('设备定位 stores the device position with its accuracy', async () => {
  const s = site('E0002');
  const context = await app.browser.newContext({
    ...TABLET, geolocation: { latitude: 24.4801, longitude: 118.0902, accuracy: 12 }, permissions: ['geolocation'],
  });
  const { page, errors } = await openApp(app, { hash: viewHash(s.lon, s.lat, 17), context });
  await openSite(page);
  await startInspection(page, 'emergency');
  await page.getByTestId('check-item').nth(0).getByTestId('answer-no').tap();
  await page.getByTestId('editor-status').filter({ hasText: '待整改' }).waitFor();
  await page.getByTestId('loc-device').tap();
  await waitSaved(page);
  assert.equal(await page.getByTestId('d-location').textContent(), '118.090200, 24.480100（±12 m，设备定位）');
  assert.deepEqual(errors, []);
  await context.close();
});
