// Checklist templates and configured levels on a tablet with touch: a template made in
// the 检查表模板 editor is offered when starting an inspection; an edited item survives a
// reload; a level added in 设置 is kept by a record and offered by the ledger's filter, and
// cannot be deleted while a record uses it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useApp, openApp, canvasBox, site, viewHash, TABLET } from '../fixtures/app.mjs';

const app = useApp();

async function openSite(page) {
  const box = await canvasBox(page);
  await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
  await page.getByTestId('site-panel').waitFor();
}

async function openE0002() {
  const s = site('E0002');
  const opened = await openApp(app, { hash: viewHash(s.lon, s.lat, 17), device: TABLET });
  await openSite(opened.page);
  return opened;
}

/** The templates screen's save state once it is `state`. */
async function waitState(page, state) {
  await page.locator(`[data-testid=templates-sheet] [data-testid=save-state][data-state=${state}]`).waitFor();
}

/** Types into a field and leaves it, which commits the template; waits until it is stored. */
async function setField(locator, value) {
  await locator.fill(value);
  await locator.blur();
}

async function itemTexts(page) {
  return page.getByTestId('tpl-item-text').evaluateAll((es) => es.map((e) => e.value));
}

test('a template made in the editor is offered when starting an inspection, with its items', async () => {
  const { page, context, errors } = await openE0002();
  await page.getByTestId('start-inspection').tap();
  await page.getByTestId('start-inspection-sheet').waitFor();
  await page.getByTestId('open-templates').tap();
  await page.getByTestId('templates-sheet').waitFor();

  await page.getByTestId('tpl-new').tap();
  await page.getByTestId('tpl-editor').waitFor();
  // A new template opens with one empty item: not saved, and the reason sits by the item.
  await waitState(page, 'invalid');
  const items = page.getByTestId('tpl-item');
  assert.equal(await items.count(), 1);
  assert.match(await items.nth(0).getByTestId('tpl-field-error').textContent(), /检查内容为空/);
  assert.match(await page.getByTestId('save-state').textContent(), /未保存.*第 1 项：检查内容为空/);

  await setField(page.getByTestId('tpl-name'), '食堂燃气检查表');
  await page.getByTestId('tpl-category').selectOption('消防');
  await setField(items.nth(0).getByTestId('tpl-item-text'), '燃气管道无泄漏，连接软管不超过2米');
  await waitState(page, 'saved');
  assert.equal(await items.nth(0).getByTestId('tpl-field-error').count(), 0);
  await setField(items.nth(0).getByTestId('tpl-item-basis'), 'GB 50028-2006 第10.2条');
  await waitState(page, 'saved');

  await page.getByTestId('tpl-add-item').tap();
  assert.equal(await items.count(), 2);
  await waitState(page, 'invalid');
  assert.match(await page.getByTestId('save-state').textContent(), /第 2 项：检查内容为空/);
  await setField(items.nth(1).getByTestId('tpl-item-text'), '可燃气体报警器完好，与紧急切断阀联动');
  await waitState(page, 'saved');

  // Touch targets, and moving the second item up.
  for (const id of ['tpl-item-up', 'tpl-item-down', 'tpl-item-delete', 'tpl-add-item']) {
    const b = await page.getByTestId(id).first().boundingBox();
    assert.ok(b.height >= 44 && b.width >= 44, `${id} ${b.width}×${b.height}`);
  }
  assert.equal(await items.nth(0).getByTestId('tpl-item-up').isDisabled(), true);
  assert.equal(await items.nth(1).getByTestId('tpl-item-down').isDisabled(), true);
  await items.nth(1).getByTestId('tpl-item-up').tap();
  await waitState(page, 'saved');
  assert.deepEqual(await itemTexts(page), ['可燃气体报警器完好，与紧急切断阀联动', '燃气管道无泄漏，连接软管不超过2米']);
  assert.equal(await items.nth(1).getByTestId('tpl-item-basis').inputValue(), 'GB 50028-2006 第10.2条', 'the basis moved with its item');

  // An empty name is refused beside the name field and not saved.
  await setField(page.getByTestId('tpl-name'), ' ');
  await waitState(page, 'invalid');
  assert.match(await page.locator('label:has([data-testid=tpl-name]) [data-testid=tpl-field-error]').textContent(), /检查表名称为空/);
  await setField(page.getByTestId('tpl-name'), '食堂燃气检查表');
  await waitState(page, 'saved');

  await page.getByTestId('tpl-editor-back').tap();
  const row = page.getByTestId('tpl-user-row').filter({ hasText: '食堂燃气检查表' });
  await row.waitFor();
  assert.match(await row.textContent(), /消防 · 2 项/);
  // Closing goes back to 开始排查, which offers the new template.
  await page.getByTestId('templates-close').tap();
  await page.getByTestId('start-inspection-sheet').waitFor();
  await page.getByTestId('insp-inspectors').fill('张工');
  const offered = page.getByTestId('insp-template').filter({ hasText: '食堂燃气检查表' });
  assert.match(await offered.textContent(), /（2 项）/);
  await offered.locator('input').check();
  await page.getByTestId('insp-begin').tap();
  await page.getByTestId('checklist-sheet').waitFor();
  const checks = page.getByTestId('check-item');
  assert.equal(await checks.count(), 2);
  assert.match(await checks.nth(0).textContent(), /可燃气体报警器完好，与紧急切断阀联动/);
  assert.match(await checks.nth(1).textContent(), /燃气管道无泄漏/);
  assert.match(await checks.nth(1).textContent(), /GB 50028-2006 第10\.2条/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a copied built-in template keeps an edited item after a reload, and can be deleted', async () => {
  const { page, context, errors } = await openApp(app, { device: TABLET });
  await page.getByTestId('open-checklists').tap();
  await page.getByTestId('templates-sheet').waitFor();
  const builtin = page.locator('[data-testid=tpl-builtin-row][data-id=fire]');
  // Built-ins are read only: copy, no edit or delete.
  assert.equal(await builtin.getByTestId('tpl-edit').count(), 0);
  assert.equal(await builtin.getByTestId('tpl-delete').count(), 0);
  await builtin.getByTestId('tpl-copy').tap();
  await page.getByTestId('tpl-editor').waitFor();
  // The copy is stored at once.
  await waitState(page, 'saved');
  assert.equal(await page.getByTestId('tpl-name').inputValue(), '消防安全检查表（副本）');
  const count = await page.getByTestId('tpl-item').count();
  assert.ok(count >= 8, `${count} items`);
  const first = page.getByTestId('tpl-item-text').first();
  await setField(first, '疏散通道、安全出口畅通，每班巡查并记录');
  await waitState(page, 'saved');

  await page.reload();
  await page.waitForSelector('[data-testid=app-status][data-status=ready]');
  await page.getByTestId('open-checklists').tap();
  const row = page.getByTestId('tpl-user-row').filter({ hasText: '消防安全检查表（副本）' });
  await row.waitFor();
  await row.getByTestId('tpl-edit').tap();
  await page.getByTestId('tpl-editor').waitFor();
  assert.equal(await page.getByTestId('tpl-item-text').first().inputValue(), '疏散通道、安全出口畅通，每班巡查并记录');
  assert.equal(await page.getByTestId('tpl-item').count(), count);
  await page.getByTestId('tpl-editor-back').tap();

  // Deleting asks to confirm first; 取消 keeps it.
  await row.getByTestId('tpl-delete').tap();
  await row.getByTestId('tpl-delete-cancel').tap();
  assert.equal(await row.count(), 1);
  await row.getByTestId('tpl-delete').tap();
  await row.getByTestId('tpl-delete-confirm').tap();
  await page.getByTestId('tpl-message').filter({ hasText: '已删除' }).waitFor();
  assert.equal(await row.count(), 0);
  await page.reload();
  await page.waitForSelector('[data-testid=app-status][data-status=ready]');
  await page.getByTestId('open-checklists').tap();
  await page.locator('[data-testid=tpl-builtin-row][data-id=fire]').waitFor();
  assert.equal(await page.getByTestId('tpl-user-row').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a level added in 设置 is kept by a record, offered by the ledger filter, and not deleted while used', async () => {
  const { page, context, errors } = await openE0002();
  await page.getByTestId('open-settings').tap();
  await page.getByTestId('level-list').waitFor();
  const levelRows = page.getByTestId('level-row');
  assert.deepEqual(await levelRows.evaluateAll((es) => es.map((e) => e.dataset.level)), ['一般', '重大']);
  // The built-in levels cannot be changed or deleted.
  assert.equal(await page.locator('[data-testid=level-row] [data-testid=level-delete]').count(), 0);
  await page.getByTestId('level-new-name').fill('重点');
  await page.getByTestId('level-add').tap();
  await page.getByTestId('level-message').filter({ hasText: '已添加' }).waitFor();
  assert.deepEqual(await levelRows.evaluateAll((es) => es.map((e) => e.dataset.level)), ['一般', '重大', '重点']);
  // A second 重点 (or 重点隐患) is refused.
  await page.getByTestId('level-new-name').fill('重点隐患');
  await page.getByTestId('level-add').tap();
  await page.getByTestId('level-message').filter({ hasText: '重复' }).waitFor();
  await page.getByTestId('close-settings').tap();

  await page.getByTestId('start-inspection').tap();
  await page.getByTestId('insp-inspectors').fill('张工');
  await page.getByTestId('tpl-fire').check();
  await page.getByTestId('insp-begin').tap();
  await page.getByTestId('checklist-sheet').waitFor();
  await page.getByTestId('check-item').nth(0).getByTestId('answer-no').tap();
  await page.getByTestId('editor-status').filter({ hasText: '待整改' }).waitFor();
  await page.getByTestId('d-level').selectOption('重点');
  await page.locator('[data-testid=danger-editor] [data-testid=save-state][data-state=saved]').waitFor();
  // 重点 is not a 重大 level: no plan is asked for.
  assert.equal(await page.getByTestId('major-plan').count(), 0);
  const number = (await page.getByTestId('editor-title').textContent()).split(' ')[0];

  await page.reload();
  await page.waitForSelector('[data-testid=app-status][data-status=ready]');
  await page.getByTestId('open-ledger').tap();
  const row = page.getByTestId('ledger-row');
  await row.waitFor();
  assert.match(await row.textContent(), /重点隐患/);
  const options = await page.getByTestId('f-level').locator('option').evaluateAll((os) => os.map((o) => o.value));
  assert.deepEqual(options, ['', '一般', '重大', '重点']);
  await page.getByTestId('f-level').selectOption('重点');
  assert.equal(await row.count(), 1);
  await page.getByTestId('f-level').selectOption('重大');
  assert.equal(await row.count(), 0);
  await page.getByTestId('f-level').selectOption('重点');
  await row.getByTestId('ledger-open').tap();
  await page.getByTestId('editor-status').filter({ hasText: '待整改' }).waitFor();
  assert.equal(await page.getByTestId('d-level').inputValue(), '重点');
  await page.getByTestId('editor-close').tap();
  await page.getByTestId('ledger-close').tap();

  // Still configured after the reload; deleting it is refused, naming the record.
  await page.getByTestId('open-settings').tap();
  const key = page.locator('[data-testid=level-row][data-level=重点]');
  await key.waitFor();
  await key.getByTestId('level-delete').tap();
  await key.getByTestId('level-delete-confirm').tap();
  const message = page.getByTestId('level-message');
  await message.filter({ hasText: '不能删除' }).waitFor();
  assert.match(await message.textContent(), new RegExp(`已用于 1 条隐患（${number}）`));
  assert.equal(await key.count(), 1);
  // An unused level is renamed and deleted.
  await page.getByTestId('level-new-name').fill('一级重大');
  await page.getByTestId('level-new-major').check();
  await page.getByTestId('level-add').tap();
  const grade1 = page.locator('[data-testid=level-row][data-level=一级重大]');
  await grade1.waitFor();
  assert.match(await grade1.textContent(), /按重大隐患管理/);
  await grade1.getByTestId('level-rename').tap();
  await page.getByTestId('level-edit-name').fill('特级');
  await page.getByTestId('level-edit-save').tap();
  const special = page.locator('[data-testid=level-row][data-level=特级]');
  await special.waitFor();
  await special.getByTestId('level-delete').tap();
  await special.getByTestId('level-delete-confirm').tap();
  await message.filter({ hasText: '已删除' }).waitFor();
  assert.deepEqual(await levelRows.evaluateAll((es) => es.map((e) => e.dataset.level)), ['一般', '重大', '重点']);
  assert.deepEqual(errors, []);
  await context.close();
});
