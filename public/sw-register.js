// Registers the service worker (sw.js) that keeps the app usable offline, and passes on
// its updates. A file of its own because the Content-Security-Policy runs no inline script
// but Trunk's loader.
//
// A newer build's worker installs and waits (see sw.js). This marks it with
// `data-update-ready` on <html> and the `xiantu-update-ready` event, which the app's
// 新版本已就绪 banner shows; the app answers with `xiantu-apply-update` once what was typed
// is saved, and only then does the waiting worker take over and the page reload.
'use strict';
if ('serviceWorker' in navigator) {
  window.addEventListener('load', async () => {
    let registration;
    try {
      registration = await navigator.serviceWorker.register('sw.js');
    } catch (e) {
      console.warn('service worker not registered:', e);
      return;
    }
    const ready = () => {
      document.documentElement.setAttribute('data-update-ready', '');
      window.dispatchEvent(new Event('xiantu-update-ready'));
    };
    // Installed while another worker controls the page: an update, not the first install.
    const watch = (worker) => {
      if (!worker) return;
      worker.addEventListener('statechange', () => {
        if (worker.state === 'installed' && navigator.serviceWorker.controller) ready();
      });
    };
    if (registration.waiting && navigator.serviceWorker.controller) ready();
    watch(registration.installing);
    registration.addEventListener('updatefound', () => watch(registration.installing));

    // A tablet may keep the app open for days: look for a new build now and then.
    const check = () => { if (navigator.onLine) registration.update().catch(() => {}); };
    setInterval(check, 30 * 60 * 1000);
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') check();
    });

    let applying = false;
    window.addEventListener('xiantu-apply-update', () => {
      if (applying) return;
      applying = true;
      const waiting = registration.waiting;
      if (!waiting) { location.reload(); return; }
      navigator.serviceWorker.addEventListener('controllerchange', () => location.reload(), { once: true });
      waiting.postMessage('skip-waiting');
    });
  });
}
