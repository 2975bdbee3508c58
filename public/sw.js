// Service worker: after one visit the app (page, wasm, JS, CSS, import worker, demo data,
// report font, icons) loads with no network. Registered by sw-register.js; served from
// the site root so its scope is the whole app.
//
// - Install: cache the shell. The fixed public paths are listed below; the files Trunk
//   names with a content hash (wasm, JS, CSS, the import worker) change with every build,
//   so they are read from the page (index.html) and the import worker's loader just
//   fetched, and cached too. The first visit's page loaded them before this worker
//   existed; this is what makes them available offline. (The import worker's files keep
//   their names; they are fetched again with each page and kept as a pair.)
// - Fetch, same-origin GET only (basemap tiles from other origins are left alone; they
//   have their own Cache API cache, xiantu-tiles): navigations network-first, falling back
//   to the cached index.html, and each page fetched refreshes the shell; hashed files and
//   the import worker's cache-first (the former never change, the latter are refreshed with
//   the page); other files stale-while-revalidate (served from the cache, refreshed from the
//   network for next time).
// - Activate: delete older versions of this worker's cache (never xiantu-tiles).
// - Updates: each build stamps BUILD below (scripts/stamp-sw.mjs), so a new build is a
//   new worker. The first worker takes over at once; a later one installs its build into
//   a cache of its own and waits, while the page keeps running on the old one, until the
//   page (app/src/components/update_banner.rs, through sw-register.js) has saved what is
//   typed and posts 'skip-waiting'. Nothing reloads the page behind the user's back.
'use strict';

const VERSION = 'v2';
/** This build's id, written by scripts/stamp-sw.mjs after Trunk's build ('dev' unstamped). */
const BUILD = 'dev';
const PREFIX = 'xiantu-shell-';
const CACHE = `${PREFIX}${VERSION}-${BUILD}`;

/** Fixed paths, relative to this file (the dist root). */
const SHELL = [
  './',
  'index.html',
  'manifest.webmanifest',
  'icons/icon.svg',
  'icons/icon-192.png',
  'icons/icon-512.png',
  'demo/districts.geojson',
  'demo/enterprises.geojson',
  'demo/geohazard.geojson',
  'demo/hazard_sources.geojson',
  'demo/storm_surge.geojson',
  'demo/waterlogging.geojson',
  'fonts/NotoSansSC_400Regular.ttf',
];

/** Trunk's content-hashed file names: `name-0123456789abcdef.ext` or `…_bg.wasm`. */
const HASHED = /-[0-9a-f]{16}(_bg)?\.[a-z0-9]+$/;
/** Files served cache-first: hashed ones, and the import worker's (kept by cacheAssets). */
const CACHE_FIRST = /(-[0-9a-f]{16}(_bg)?\.[a-z0-9]+|\/import_worker(_bg\.wasm|\.js))$/;

const scope = new URL(self.registration.scope);

function sameOrigin(url) {
  return url.origin === scope.origin && url.pathname.startsWith(scope.pathname);
}

/** Same-origin URLs named by `src`/`href` attributes or JS string imports in `text`. */
function referenced(text, base) {
  const urls = new Set();
  for (const m of text.matchAll(/(?:href|src)\s*=\s*["']([^"']+)["']|["']([^"'\s]+\.(?:js|wasm|css))["']/g)) {
    const raw = m[1] ?? m[2];
    try {
      const u = new URL(raw, base);
      u.hash = '';
      if (sameOrigin(u) && u.pathname !== scope.pathname) urls.add(u.href);
    } catch { /* not a URL */ }
  }
  return urls;
}

/** Stores `response` for `url` unless it failed. */
async function put(cache, url, response) {
  if (response.ok && response.type === 'basic') await cache.put(url, response);
}

/**
 * Caches the page `html` refers to (and what the import worker's loader imports),
 * fetching only what is not cached yet, then drops hashed files of older builds. With
 * `newBuild`, the import worker's files, whose names stay the same, are fetched again.
 */
async function cacheAssets(cache, html, newBuild) {
  const base = new URL('./', scope).href;
  const wanted = referenced(html, base);
  const loader = new URL('import_worker_loader.js', scope).href;
  wanted.add(loader);
  let loaderResponse = newBuild ? undefined : await cache.match(loader);
  if (!loaderResponse) {
    try {
      const r = await fetch(loader, { cache: 'no-cache' });
      if (r.ok) {
        await put(cache, loader, r.clone());
        loaderResponse = r;
      }
    } catch { /* offline: keep what is cached */ }
  }
  const loaderText = loaderResponse ? await loaderResponse.text() : '';
  // Fetched as a pair and kept only together, so the worker's glue matches its wasm.
  const worker = [...referenced(loaderText, loader)];
  const missing = await Promise.all(worker.map(async (u) => !(await cache.match(u))));
  if (newBuild || missing.some(Boolean)) {
    try {
      const responses = await Promise.all(worker.map((u) => fetch(u, { cache: 'no-cache' })));
      if (responses.every((r) => r.ok)) await Promise.all(worker.map((u, i) => put(cache, u, responses[i])));
    } catch { /* offline: keep the cached pair */ }
  }
  for (const u of worker) wanted.add(u);
  await Promise.all([...wanted].map(async (u) => {
    if (await cache.match(u)) return;
    try { await put(cache, u, await fetch(u)); } catch { /* retried on the next page load */ }
  }));
  // Hashed files that this build no longer names belong to an older build.
  for (const req of await cache.keys()) {
    const p = new URL(req.url).pathname;
    if (HASHED.test(p) && !wanted.has(req.url)) await cache.delete(req);
  }
}

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // The page first, bypassing the HTTP cache: its hashed names say which build to keep.
    const page = await fetch(new URL('./', scope).href, { cache: 'no-cache' });
    if (!page.ok) throw new Error(`sw: index.html ${page.status}`);
    const html = await page.clone().text();
    await cache.put(new URL('./', scope).href, page.clone());
    await cache.put(new URL('index.html', scope).href, page);
    // The rest one by one: a file that fails now (the app shows which demo file is
    // missing) is fetched again when the page asks for it.
    await Promise.all(SHELL.filter((p) => p !== './' && p !== 'index.html').map(async (p) => {
      const url = new URL(p, scope).href;
      try { await put(cache, url, await fetch(url, { cache: 'no-cache' })); } catch { /* later */ }
    }));
    await cacheAssets(cache, html, true);
    // An update waits for the page's word ('skip-waiting'): switching now could reload a
    // page in the middle of typing. With no worker yet, there is nothing to wait for.
    if (!self.registration.active) await self.skipWaiting();
  })());
});

self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

async function navigate(event) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(event.request);
    const url = new URL(event.request.url);
    const isApp = url.pathname === scope.pathname || url.pathname === `${scope.pathname}index.html`;
    if (response.ok && isApp) {
      // Keep the page offline users get in step with the build just loaded.
      const copy = response.clone();
      event.waitUntil((async () => {
        const html = await copy.clone().text();
        const before = await cache.match(new URL('index.html', scope).href);
        const newBuild = !before || (await before.text()) !== html;
        await cache.put(new URL('./', scope).href, copy.clone());
        await cache.put(new URL('index.html', scope).href, copy);
        await cacheAssets(cache, html, newBuild);
      })());
    }
    return response;
  } catch (err) {
    const cached = await cache.match(new URL('index.html', scope).href);
    if (cached) return cached;
    throw err;
  }
}

async function asset(event, url) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(event.request);
  if (CACHE_FIRST.test(url.pathname)) {
    if (cached) return cached;
    const response = await fetch(event.request);
    event.waitUntil(put(cache, event.request, response.clone()));
    return response;
  }
  const fresh = fetch(event.request).then(async (response) => {
    await put(cache, event.request, response.clone());
    return response;
  });
  if (cached) {
    event.waitUntil(fresh.catch(() => {}));
    return cached;
  }
  return fresh;
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (!sameOrigin(url)) return; // e.g. basemap tiles: the app caches those itself
  if (url.pathname === `${scope.pathname}sw.js`) return;
  if (request.mode === 'navigate') {
    event.respondWith(navigate(event));
  } else {
    event.respondWith(asset(event, url));
  }
});
