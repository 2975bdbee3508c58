// 导出台账（XLSX） downloads the ledger as it is filtered, and 导出风险清单 the register as
// XLSX, CSV and GeoJSON; openpyxl (target/pyenv, installed by scripts/test.sh) reads the
// workbooks back: the record numbers, the Chinese descriptions, dates as dates, grade fills.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { useApp, openApp, canvasBox, site, viewHash, DESKTOP, ensureOutput, ROOT } from '../fixtures/app.mjs';

const app = useApp();
const PYTHON = path.join(ROOT, 'target/pyenv/bin/python');

/** The workbook as openpyxl reads it (tests/reports/read_xlsx.py). */
function readXlsx(file) {
  assert.ok(fs.existsSync(PYTHON), `${PYTHON} missing: run scripts/test.sh once (it installs openpyxl)`);
  const json = execFileSync(PYTHON, [path.join(ROOT, 'tests/reports/read_xlsx.py'), file], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return JSON.parse(json);
}

/** Rows of a sheet as objects keyed by the header's titles. */
function table(book, sheet) {
  const [head, ...rows] = book.rows[sheet];
  return rows.map((r) => Object.fromEntries(head.map((h, i) => [h.v, r[i]])));
}

async function download(page, testid, name) {
  const [d] = await Promise.all([
    page.waitForEvent('download', { timeout: 60_000 }),
    page.getByTestId(testid).click(),
  ]);
  const file = path.join(ensureOutput(), name);
  await d.saveAs(file);
  return { file, suggested: d.suggestedFilename() };
}

async function openE0001() {
  const s = site('E0001');
  const opened = await openApp(app, { hash: viewHash(s.lon, s.lat, 17), device: DESKTOP });
  const box = await canvasBox(opened.page);
  await opened.page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await opened.page.getByTestId('site-panel').waitFor();
  return opened;
}

async function record(page, description, level, deadline) {
  const before = await page.getByTestId('danger-item').count();
  await page.getByTestId('danger-description').fill(description);
  await page.getByTestId('danger-level').selectOption(level);
  await page.getByTestId('danger-deadline').fill(deadline);
  await page.getByTestId('danger-save').click();
  await page.getByTestId('danger-item').nth(before).waitFor();
}

test('the ledger XLSX holds the filtered records with their Chinese text and real dates', async () => {
  const { page, context, errors } = await openE0001();
  const general = '消防通道堆放纸箱，宽度不足4米';
  const major = '液氯储罐区泄漏报警器失效，未按期检定';
  await record(page, general, '一般', '2030-01-15');
  await record(page, major, '重大', '2030-02-20');
  const numbers = (await page.getByTestId('danger-open').allTextContents()).map((t) => t.trim()).sort();
  assert.equal(numbers.length, 2);
  numbers.forEach((n) => assert.match(n, /^YH-\d{8}-\d{4}$/));

  await page.getByTestId('open-ledger').click();
  await page.getByTestId('ledger-row').nth(1).waitFor();
  const all = await download(page, 'ledger-xlsx', 'ledger-all.xlsx');
  assert.match(all.suggested, /^隐患台账-\d{4}-\d{2}-\d{2}\.xlsx$/);
  await page.getByTestId('project-message').filter({ hasText: '已导出 2 条隐患（XLSX）' }).waitFor();

  const book = readXlsx(all.file);
  assert.deepEqual(book.sheets, ['隐患台账', '统计']);
  const rows = table(book, '隐患台账');
  assert.deepEqual(rows.map((r) => r['隐患编号'].v).sort(), numbers);
  const byText = Object.fromEntries(rows.map((r) => [r['隐患描述'].v, r]));
  assert.ok(byText[general] && byText[major], `descriptions in ${JSON.stringify(rows.map((r) => r['隐患描述']))}`);
  assert.equal(byText[major]['隐患等级'].v, '重大隐患');
  assert.equal(byText[major]['被检查单位'].v, site('E0001').name);
  assert.deepEqual(byText[major]['整改期限'], { v: '2030-02-20', t: 'date', fill: null });
  assert.equal(byText[general]['排查日期'].t, 'date');
  assert.equal(byText[general]['照片数'].t, 'number');
  assert.equal(byText[general]['是否逾期'].v, '否');
  const kpi = Object.fromEntries(book.rows['统计'].map((r) => [r[0].v, r[1]]));
  assert.deepEqual(kpi['查出隐患数'], { v: 2, t: 'number', fill: null });
  assert.equal(kpi['重大隐患数'].v, 1);

  // The file is what the table lists: filtered to 重大, one record.
  await page.getByTestId('f-level').selectOption('重大');
  await page.getByTestId('ledger-row').nth(1).waitFor({ state: 'detached' });
  const filtered = readXlsx((await download(page, 'ledger-xlsx', 'ledger-major.xlsx')).file);
  const only = table(filtered, '隐患台账');
  assert.equal(only.length, 1);
  assert.equal(only[0]['隐患描述'].v, major);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the risk register downloads as XLSX with grade fills, CSV with a BOM and GeoJSON', async () => {
  const { page, context, errors } = await openApp(app, { device: DESKTOP });
  await page.getByTestId('open-model').click();
  await page.getByTestId('model-panel').waitFor();

  const xlsx = await download(page, 'register-xlsx', 'register.xlsx');
  assert.match(xlsx.suggested, /^风险清单-\d{4}-\d{2}-\d{2}\.xlsx$/);
  await page.getByTestId('register-message').filter({ hasText: '已导出风险清单（XLSX）' }).waitFor();
  const book = readXlsx(xlsx.file);
  assert.deepEqual(book.sheets, ['风险清单', '按等级统计', '按区域统计', '说明']);
  const rows = table(book, '风险清单');
  const sites = JSON.parse(fs.readFileSync(path.join(ROOT, 'public/demo/enterprises.geojson'), 'utf8')).features.length;
  assert.equal(rows.length, sites);
  const scores = rows.map((r) => r['综合风险指数'].v);
  assert.ok(scores.every((s, i) => typeof s === 'number' && (i === 0 || scores[i - 1] >= s)), 'highest index first');
  const e1 = rows.find((r) => r['场所编号'].v === 'E0001');
  assert.equal(e1['名称'].v, site('E0001').name);
  assert.equal(e1['区/街道'].v, '海沧区');
  assert.deepEqual(e1['风险等级'], { v: '重大风险', t: 'text', fill: 'E63031' });
  assert.match(e1['主要因素'].v, /风暴潮淹没区（高，海沧湾沿岸高）\+70/);

  const csv = await download(page, 'register-csv', 'register.csv');
  assert.match(csv.suggested, /^风险清单-\d{4}-\d{2}-\d{2}\.csv$/);
  const bytes = fs.readFileSync(csv.file);
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
  const lines = bytes.subarray(3).toString('utf8').trim().split('\r\n');
  assert.match(lines[0], /^lon,lat,id,name,.*综合风险指数,风险等级,主要因素,模型版本$/);
  assert.equal(lines.length, sites + 1);
  assert.ok(lines[1].includes(`,${rows[0]['场所编号'].v},`), 'same order as the XLSX');

  const geo = await download(page, 'register-geojson', 'register.geojson');
  assert.match(geo.suggested, /^风险清单-\d{4}-\d{2}-\d{2}\.geojson$/);
  const fc = JSON.parse(fs.readFileSync(geo.file, 'utf8'));
  assert.equal(fc.features.length, sites);
  const g1 = fc.features.find((f) => f.properties.id === 'E0001');
  assert.equal(g1.properties['风险等级'], '重大风险');
  assert.deepEqual(g1.geometry.coordinates, [site('E0001').lon, site('E0001').lat]);
  assert.deepEqual(errors, []);
  await context.close();
});
