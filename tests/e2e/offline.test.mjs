// Offline: after one visit the service worker serves the whole app (page, wasm, JS, CSS,
// import worker, demo data, report font) with no network, records are still there, and
// the web app manifest makes the app installable.
import { test } from 'node:test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { useApp, openApp, waitForPaint, canvasBox, site, viewHash, ensureOutput, DIST, TABLET, DESKTOP } from '../fixtures/app.mjs';
import { serve } from '../server.mjs';

const app = useApp();

/** Resolves once a service worker controls the page. */
async function waitControlled(page) {
  const controlled = await page.evaluate(() => Promise.race([
    (async () => {
      await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller) {
        await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
      }
      return true;
    })(),
    new Promise((r) => setTimeout(() => r(false), 20_000)),
  ]));
  assert.ok(controlled, 'a service worker controls the page within 20 s');
}

/** Cuts every way to the server: the browser is offline, requests are refused, and the
 * server is gone. Only the service worker's cache is left. */
async function goOffline(context, server) {
  await context.setOffline(true);
  await context.route('**/*', (r) => r.abort('internetdisconnected'));
  await Promise.race([server.close(), new Promise((r) => setTimeout(r, 2000))]);
}

/** How many distinct colours a 16 × 16 grid of canvas pixels shows. */
async function distinctColours(page) {
  return page.evaluate(() => {
    const c = document.querySelector('[data-testid=map-canvas]');
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const seen = new Set();
    for (let i = 0; i < 16; i++) for (let j = 0; j < 16; j++) {
      const x = Math.floor((i + 0.5) * c.width / 16), y = Math.floor((j + 0.5) * c.height / 16);
      const k = (y * c.width + x) * 4;
      seen.add(`${d[k]},${d[k + 1]},${d[k + 2]}`);
    }
    return seen.size;
  });
}

async function openE0002(page) {
  const box = await canvasBox(page);
  await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
  await page.getByTestId('site-panel').waitFor();
}

test('after one visit the app loads offline, paints the demo and keeps its records', async () => {
  // A server of this test's own, so it can be shut down.
  const server = await serve(DIST);
  const s = site('E0002');
  const { page, context, errors } = await openApp({ browser: app.browser, url: server.url },
    { hash: viewHash(s.lon, s.lat, 17), device: TABLET });
  await openE0002(page);
  const description = `离线测试：配电房门锁损坏（${Date.now()}）`;
  await page.getByTestId('danger-description').fill(description);
  await page.getByTestId('danger-deadline').fill('2030-06-30');
  await page.getByTestId('danger-save').tap();
  await page.getByTestId('panel-message').filter({ hasText: '已保存' }).waitFor();

  await waitControlled(page);
  await goOffline(context, server);

  const frames = await page.getByTestId('map-canvas').getAttribute('data-frames');
  await page.reload();
  await page.waitForSelector('[data-testid=app-status][data-status=ready], [data-testid=app-status][data-status=error]', { timeout: 30_000 });
  assert.equal(await page.getByTestId('app-status').getAttribute('data-status'), 'ready',
    await page.getByTestId('app-status').textContent());
  await waitForPaint(page);
  assert.ok(Number(await page.getByTestId('map-canvas').getAttribute('data-frames')) >= 1, `painted (before: ${frames})`);
  assert.ok(await distinctColours(page) >= 3, 'the demo layers are drawn, not a blank canvas');

  await openE0002(page);
  await page.getByTestId('danger-item').first().waitFor();
  const items = await page.getByTestId('danger-item').allTextContents();
  assert.ok(items.some((t) => t.includes(description)), 'the record saved online is there offline');

  // What the page has not asked for yet is cached too: the import worker and the report font.
  const files = await page.evaluate(async () => {
    const get = async (u) => { const r = await fetch(u); return { url: r.url, ok: r.ok, size: (await r.arrayBuffer()).byteLength }; };
    const loader = await (await fetch('import_worker_loader.js')).text();
    const worker = [...loader.matchAll(/['"]([^'"]*import_worker(?:-[0-9a-f]+)?(?:_bg\.wasm|\.js))['"]/g)].map((m) => m[1]);
    return Promise.all(['fonts/NotoSansSC_400Regular.ttf', 'import_worker_loader.js', ...worker].map(get));
  });
  assert.ok(files.length >= 4, JSON.stringify(files));
  for (const f of files) assert.ok(f.ok && f.size > 0, `offline: ${f.url}`);
  assert.ok(files.find((f) => f.url.endsWith('.ttf')).size > 1_000_000, 'the whole font');
  assert.ok(files.find((f) => f.url.endsWith('_bg.wasm')), 'the import worker wasm');

  // The inspection report is made offline: the worker loads the font from the cache.
  await page.getByTestId('inspection-report-form').locator('summary').tap();
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 60_000 }),
    page.getByTestId('inspection-report-form').getByTestId('make-report-pdf').tap(),
  ]);
  const pdf = path.join(ensureOutput(), 'offline-inspection-report.pdf');
  await download.saveAs(pdf);
  const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
  assert.ok(text.includes(description.replace(/\s+/g, '')), 'the record is in the report made offline');

  await page.getByTestId('open-ledger').tap();
  await page.getByTestId('ledger-row').first().waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('a page fetched online replaces the cached one, so offline shows the latest build', async () => {
  // A copy of dist/ whose index.html this test changes, as a new build would.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xiantu-offline-'));
  fs.cpSync(DIST, dir, { recursive: true });
  const server = await serve(dir);
  try {
    const { page, context, errors } = await openApp({ browser: app.browser, url: server.url });
    await waitControlled(page);
    const index = path.join(dir, 'index.html');
    fs.writeFileSync(index, fs.readFileSync(index, 'utf8').replace('<title>', '<meta name="build" content="2" />\n    <title>'));
    await page.reload();
    await page.waitForSelector('[data-testid=app-status][data-status=ready]');
    assert.equal(await page.locator('meta[name=build]').count(), 1, 'online: the new page');
    // The worker stores the new page once the response has been read.
    await page.waitForFunction(async () => {
      const names = await caches.keys();
      for (const n of names.filter((n) => n.startsWith('xiantu-shell-'))) {
        const r = await (await caches.open(n)).match('index.html');
        if (r && (await r.text()).includes('name="build"')) return true;
      }
      return false;
    }, null, { timeout: 10_000 });
    await goOffline(context, server);
    await page.reload();
    await page.waitForSelector('[data-testid=app-status][data-status=ready]');
    assert.equal(await page.locator('meta[name=build]').count(), 1, 'offline: the cached new page');
    assert.deepEqual(errors, []);
    await context.close();
  } finally {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a new build waits behind 新版本已就绪, and 重新加载 saves what is typed before switching', async () => {
  // A copy of dist/ that this test turns into a new build: page and service worker.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xiantu-update-'));
  fs.cpSync(DIST, dir, { recursive: true });
  const server = await serve(dir);
  try {
    const s = site('E0002');
    const { page, context, errors } = await openApp({ browser: app.browser, url: server.url },
      { hash: viewHash(s.lon, s.lat, 17), device: TABLET });
    await waitControlled(page);
    // The first worker took over without a banner.
    assert.equal(await page.getByTestId('update-banner').count(), 0);
    await openE0002(page);
    await page.getByTestId('danger-description').fill('更新测试：配电房门锁损坏');
    await page.getByTestId('danger-deadline').fill('2030-06-30');
    await page.getByTestId('danger-save').tap();
    await page.getByTestId('panel-message').filter({ hasText: '已保存' }).waitFor();
    await page.getByTestId('danger-open').first().tap();
    await page.getByTestId('editor-status').waitFor();

    const index = path.join(dir, 'index.html');
    fs.writeFileSync(index, fs.readFileSync(index, 'utf8').replace('<title>', '<meta name="build" content="2" />\n    <title>'));
    const sw = path.join(dir, 'sw.js');
    const worker = fs.readFileSync(sw, 'utf8');
    assert.match(worker, /const BUILD = '[0-9a-f]{16}';/, 'the build stamps its worker');
    fs.writeFileSync(sw, worker.replace(/const BUILD = '[^']*';/, "const BUILD = 'next-build';"));
    const number = (await page.getByTestId('editor-title').textContent()).split(' ')[0];
    // When the page tells the new worker to take over (kept across the reload).
    await page.evaluate(() => {
      window.__oldPage = true;
      const post = ServiceWorker.prototype.postMessage;
      ServiceWorker.prototype.postMessage = function (m, ...rest) {
        if (m === 'skip-waiting') localStorage.setItem('test.skipAt', String(Date.now()));
        return post.call(this, m, ...rest);
      };
    });
    // What the app does every 30 minutes and when it comes to the foreground.
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
    await page.getByTestId('update-banner').waitFor({ timeout: 30_000 });
    assert.match(await page.getByTestId('update-banner').textContent(), /新版本已就绪/);
    // Nothing reloads by itself.
    await page.waitForTimeout(1000);
    assert.equal(await page.evaluate(() => window.__oldPage), true);

    // Typed, then 重新加载 at once: sooner than the pause after which typing is saved.
    await page.getByTestId('d-place').fill('配电房东门');
    await Promise.all([page.waitForEvent('load', { timeout: 30_000 }), page.getByTestId('update-reload').tap()]);
    await page.waitForSelector('[data-testid=app-status][data-status=ready]');
    assert.equal(await page.evaluate(() => window.__oldPage), undefined, 'reloaded');
    assert.equal(await page.locator('meta[name=build]').count(), 1, 'the new build');
    assert.equal(await page.getByTestId('update-banner').count(), 0);
    const names = await page.evaluate(() => caches.keys());
    assert.deepEqual(names.filter((n) => n.startsWith('xiantu-shell-')), ['xiantu-shell-v2-next-build'],
      'the new worker took over and dropped the old build\'s cache');

    await openE0002(page);
    await page.getByTestId('danger-open').first().tap();
    await page.waitForFunction(() => document.querySelector('[data-testid=d-place]')?.value === '配电房东门', null, { timeout: 10_000 });
    // Saved by 重新加载 before the switch, not by the pause in typing after it.
    const [skipAt, updatedAt] = await page.evaluate((n) => new Promise((resolve, reject) => {
      const open = indexedDB.open('xiantu');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const req = open.result.transaction('hidden_dangers').objectStore('hidden_dangers').get(n);
        req.onsuccess = () => resolve([Number(localStorage.getItem('test.skipAt')), req.result.updated_at]);
        req.onerror = () => reject(req.error);
      };
    }), number);
    assert.ok(skipAt > 0 && updatedAt <= skipAt, `saved at ${updatedAt}, switched at ${skipAt}`);
    assert.deepEqual(errors, []);
    await context.close();
  } finally {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('without the service worker the same offline reload fails (the check above is real)', async () => {
  const server = await serve(DIST);
  const context = await app.browser.newContext({ ...DESKTOP, serviceWorkers: 'block' });
  const { page } = await openApp({ browser: app.browser, url: server.url }, { context });
  await goOffline(context, server);
  await assert.rejects(page.reload(), /ERR_INTERNET_DISCONNECTED|ERR_FAILED|ERR_CONNECTION_REFUSED/);
  await context.close();
});

test('the web app manifest is linked, parses and makes the app installable', async () => {
  const { page, context, errors } = await openApp(app);
  const href = await page.locator('link[rel=manifest]').getAttribute('href');
  assert.equal(href, 'manifest.webmanifest');
  const cdp = await context.newCDPSession(page);
  const { url, errors: manifestErrors } = await cdp.send('Page.getAppManifest', {});
  assert.ok(url.endsWith('/manifest.webmanifest'), url);
  assert.deepEqual(manifestErrors, []);
  const m = JSON.parse(
    await page.evaluate(async (u) => (await fetch(u)).text(), url));
  assert.equal(m.name, '险图 Xiantu');
  assert.equal(m.short_name, '险图');
  assert.equal(m.start_url, './');
  assert.equal(m.display, 'standalone');
  assert.equal(m.theme_color, '#1f3a4d');
  assert.equal(m.background_color, '#f6f7f9');
  for (const size of [192, 512]) {
    const icon = m.icons.find((i) => i.sizes === `${size}x${size}`);
    assert.ok(icon, `icon ${size}`);
    assert.equal(icon.type, 'image/png');
    const natural = await page.evaluate((src) => new Promise((resolve, reject) => {
      const img = new Image();
      img.onload = () => resolve([img.naturalWidth, img.naturalHeight]);
      img.onerror = () => reject(new Error(`icon ${src} did not load`));
      img.src = src;
    }), new URL(icon.src, url).href);
    assert.deepEqual(natural, [size, size]);
  }
  assert.ok(m.icons.some((i) => i.type === 'image/svg+xml'));
  // Chromium's own installability check (manifest, icons, service worker).
  await waitControlled(page);
  // Test browsers run in an incognito-like context, which Chromium never installs from.
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  assert.deepEqual(installabilityErrors.filter((e) => e.errorId !== 'in-incognito'), []);
  assert.deepEqual(errors, []);
  await context.close();
});
