// A hidden danger recorded on the site panel is stored in IndexedDB and survives a reload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useApp, openApp, canvasBox, site, viewHash, TABLET } from '../fixtures/app.mjs';

const app = useApp();

async function openE0002(page) {
  const box = await canvasBox(page);
  await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
  await page.getByTestId('site-panel').waitFor();
}

test('a recorded hidden danger survives a page reload', async () => {
  const s = site('E0002');
  const hash = viewHash(s.lon, s.lat, 17);
  const { page, context, errors } = await openApp(app, { hash, device: TABLET });
  await openE0002(page);
  assert.equal(await page.getByTestId('danger-item').count(), 0, 'a fresh profile has no records');

  const description = `仓库东侧消防通道堆放货物，堵塞宽度约2米（测试${Date.now()}）`;
  await page.getByTestId('danger-description').fill(description);
  await page.getByTestId('danger-level').selectOption('重大');
  await page.getByTestId('danger-deadline').fill('2030-06-30');
  await page.getByTestId('danger-save').tap();
  await page.getByTestId('panel-message').filter({ hasText: '已保存' }).waitFor();
  const item = page.getByTestId('danger-item');
  assert.equal(await item.count(), 1);
  const text = await item.textContent();
  assert.match(text, /^YH-\d{8}-0001/);
  assert.match(text, /重大隐患/);
  assert.ok(text.includes(description));
  assert.equal(await page.getByTestId('danger-description').inputValue(), '', 'form cleared after save');

  await page.reload();
  await page.waitForSelector('[data-testid=app-status][data-status=ready]');
  await openE0002(page);
  await page.getByTestId('danger-item').first().waitFor();
  const after = await page.getByTestId('danger-item').allTextContents();
  assert.equal(after.length, 1);
  assert.ok(after[0].includes(description), 'the record is still there after reload');
  assert.match(after[0], /期限 2030-06-30/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('an invalid record is refused with a reason and the input is kept', async () => {
  const s = site('E0002');
  const { page, context } = await openApp(app, { hash: viewHash(s.lon, s.lat, 17), device: TABLET });
  await openE0002(page);
  await page.getByTestId('danger-description').fill('配电箱门未关闭');
  await page.getByTestId('danger-deadline').fill('2001-01-01');
  await page.getByTestId('danger-save').tap();
  const msg = page.getByTestId('panel-message');
  await msg.waitFor();
  assert.match(await msg.textContent(), /整改期限早于排查日期/);
  assert.equal(await page.getByTestId('danger-item').count(), 0);
  assert.equal(await page.getByTestId('danger-description').inputValue(), '配电箱门未关闭');
  await context.close();
});
