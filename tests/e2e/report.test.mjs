// 导出报告 downloads a PDF whose text (read by poppler's pdftotext) has the site and the
// hidden danger typed in, in Chinese.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { useApp, openApp, canvasBox, site, viewHash, DESKTOP, ensureOutput } from '../fixtures/app.mjs';

const app = useApp();

test('the site report PDF contains the site name and the recorded description', async () => {
  const s = site('E0001');
  const { page, context, errors } = await openApp(app, { hash: viewHash(s.lon, s.lat, 17), device: DESKTOP });
  const box = await canvasBox(page);
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await page.getByTestId('site-panel').waitFor();

  const description = '液氯仓库泄漏报警器失效，未按期检定';
  await page.getByTestId('danger-description').fill(description);
  await page.getByTestId('danger-deadline').fill('2030-01-15');
  await page.getByTestId('danger-save').click();
  await page.getByTestId('panel-message').filter({ hasText: '已保存' }).waitFor();

  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 60_000 }),
    page.getByTestId('export-report').click(),
  ]);
  assert.match(download.suggestedFilename(), /^E0001-\d{4}-\d{2}-\d{2}-风险与隐患报告\.pdf$/);
  const file = path.join(ensureOutput(), 'site-report-E0001.pdf');
  await download.saveAs(file);

  const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
  assert.ok(text.includes(s.name), `site name in:\n${text}`);
  assert.ok(text.includes(description), `description in:\n${text}`);
  assert.ok(text.includes('重大风险'), 'grade printed');
  assert.ok(text.includes('风暴潮淹没区（高，海沧湾沿岸高）+70'), `the score's largest factor printed:\n${text}`);
  // The recorded (一般) danger is open: it counts in the score and is named.
  assert.match(text, /综合风险指数：\d+\.\d（满分 100；模型 xiantu-standard-1）/);
  assert.match(text, /未闭环隐患：重大 0 项、一般 1 项 \+3/);

  const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
  const row = fonts.split('\n')[2] ?? '';
  assert.match(row, /^[A-Z]{6}\+/, `subset font name in:\n${fonts}`);
  assert.match(row, /yes yes/, `embedded subset in:\n${fonts}`);
  await page.getByTestId('panel-message').filter({ hasText: '报告已生成' }).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

/** A 1600 × 1200 JPEG-able picture drawn in the page, as a file for the file input. */
async function photo(page, hue) {
  const b64 = await page.evaluate(async (hue) => {
    const c = new OffscreenCanvas(1600, 1200);
    const ctx = c.getContext('2d');
    ctx.fillStyle = `hsl(${hue} 60% 50%)`; ctx.fillRect(0, 0, 1600, 1200);
    ctx.fillStyle = '#222'; ctx.fillRect(400, 300, 800, 600);
    const blob = await c.convertToBlob({ type: 'image/jpeg', quality: 0.85 });
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let s = '';
    for (const b of bytes) s += String.fromCharCode(b);
    return btoa(s);
  }, hue);
  return { name: '现场.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(b64, 'base64') };
}

test('the inspection report is made in the worker with a progress bar, with photos, map and records', async () => {
  const s = site('E0001');
  const { page, context, errors } = await openApp(app, { hash: viewHash(s.lon, s.lat, 17), device: DESKTOP });
  const box = await canvasBox(page);
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await page.getByTestId('site-panel').waitFor();

  const descriptions = ['储罐区防火堤伸缩缝破损<甲>', '配电室门口堆放杂物，灭火器过期'];
  for (const d of descriptions) {
    await page.getByTestId('danger-description').fill(d);
    await page.getByTestId('danger-deadline').fill('2030-01-15');
    await page.getByTestId('danger-save').click();
    await page.getByTestId('panel-message').filter({ hasText: '已保存' }).waitFor();
  }
  // A photo on the first record, through the record editor.
  await page.getByTestId('danger-open').first().click();
  await page.getByTestId('d-photo-input').setInputFiles(await photo(page, 20));
  await page.locator('[data-testid=d-photos] [data-testid=photo-thumb][data-loaded=true]').waitFor();
  await page.locator('[data-testid=danger-editor] [data-testid=save-state][data-state=saved]').waitFor();
  await page.getByTestId('editor-close').click();

  await page.getByTestId('inspection-report-form').locator('summary').click();
  await page.getByTestId('report-number').fill('XT-YH-测试-001');
  await page.getByTestId('report-issuer').fill('厦门示范安全咨询有限公司');
  await page.getByTestId('report-compiled').fill('张工');
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 60_000 }),
    (async () => {
      await page.getByTestId('inspection-report-form').getByTestId('make-report-pdf').click();
      // The bar shows while the worker works (collecting, font, layout, pages).
      await page.getByTestId('report-progress').waitFor({ timeout: 10_000 });
    })(),
  ]);
  assert.match(download.suggestedFilename(), /^E0001-\d{4}-\d{2}-\d{2}-隐患排查报告\.pdf$/);
  const file = path.join(ensureOutput(), 'inspection-report-E0001.pdf');
  await download.saveAs(file);
  await page.getByTestId('report-message').filter({ hasText: '报告已生成' }).waitFor();
  assert.equal(await page.getByTestId('report-progress').count(), 0, 'the bar goes when done');

  // Table cells wrap, so a description may be split over lines: compare without spaces.
  const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
  for (const needle of ['生产安全事故隐患排查报告', s.name, 'XT-YH-测试-001', '厦门示范安全咨询有限公司', '五、隐患清单', ...descriptions]) {
    assert.ok(text.includes(needle), `${needle} in:\n${text}`);
  }
  const images = execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
  assert.ok(images.some((l) => /\s1600\s+1200\s.*jpeg/.test(l)), `the photo as JPEG:\n${images.join('\n')}`);
  assert.ok(images.some((l) => /\s1800\s+1280\s/.test(l)), `the site map at 1800 × 1280:\n${images.join('\n')}`);
  const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
  assert.match(fonts.split('\n')[2] ?? '', /^[A-Z]{6}\+.*yes yes/, fonts);
  // The same report as DOCX, read back with python-docx (installed by scripts/test.sh).
  const [docx] = await Promise.all([
    page.waitForEvent('download', { timeout: 60_000 }),
    page.getByTestId('inspection-report-form').getByTestId('make-report-docx').click(),
  ]);
  assert.match(docx.suggestedFilename(), /^E0001-\d{4}-\d{2}-\d{2}-隐患排查报告\.docx$/);
  const docxFile = path.join(ensureOutput(), 'inspection-report-E0001.docx');
  await docx.saveAs(docxFile);
  const python = path.join(import.meta.dirname, '..', '..', 'target', 'pyenv', 'bin', 'python');
  const dump = execFileSync(python, ['-c', `
import sys, docx
d = docx.Document(sys.argv[1])
print(chr(10).join(p.text for p in d.paragraphs))
for t in d.tables:
    for r in t.rows:
        print(' | '.join(c.text for c in r.cells))
print('INLINE', len(d.inline_shapes))
`, docxFile], { encoding: 'utf8' });
  for (const needle of ['五、隐患清单', 'XT-YH-测试-001', ...descriptions]) {
    assert.ok(dump.includes(needle), `${needle} in the DOCX:\n${dump}`);
  }
  assert.ok(Number(dump.match(/INLINE (\d+)/)[1]) >= 2, 'photo and map are pictures in the DOCX');

  // The cover fields are remembered for the next report (the number is per report).
  await page.reload();
  await page.waitForSelector('[data-testid=app-status][data-status=ready]');
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await page.getByTestId('inspection-report-form').locator('summary').click();
  assert.equal(await page.getByTestId('report-issuer').inputValue(), '厦门示范安全咨询有限公司');
  assert.match(await page.getByTestId('report-number').inputValue(), /^XT-YH-E0001-\d{8}$/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the risk-assessment report lists every site by score with the model and the districts', async () => {
  const { page, context, errors } = await openApp(app, { device: DESKTOP });
  await page.getByTestId('open-model').click();
  await page.getByTestId('risk-report-form').locator('summary').click();
  await page.getByTestId('report-title').fill('厦门市企业多灾种风险评估（演示）');
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 120_000 }),
    page.getByTestId('risk-report-form').getByTestId('make-report-pdf').click(),
  ]);
  assert.match(download.suggestedFilename(), /^\d{4}-\d{2}-\d{2}-风险评估报告\.pdf$/);
  const file = path.join(ensureOutput(), 'risk-report.pdf');
  await download.saveAs(file);
  await page.getByTestId('risk-report-form').getByTestId('report-message').filter({ hasText: '报告已生成' }).waitFor();
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  for (const needle of ['安全风险评估报告', '厦门市企业多灾种风险评估（演示）', '二、评估方法与模型参数', '风暴潮', '四、风险清单', '五、区域汇总', '海沧区', '数据来源', '虚构演示数据']) {
    assert.ok(text.includes(needle), `${needle} in the risk report`);
  }
  // Both maps are in: the four-colour map and the choropleth, 1800 × 1280 PNGs.
  const images = execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
  assert.equal(images.filter((l) => /\s1800\s+1280\s/.test(l)).length, 2, images.join('\n'));
  assert.deepEqual(errors, []);
  await context.close();
});
