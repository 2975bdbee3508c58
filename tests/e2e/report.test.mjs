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
