// Registers the service worker (sw.js) that keeps the app usable offline. A file of its
// own because the Content-Security-Policy runs no inline script but Trunk's loader.
if ('serviceWorker' in navigator) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('sw.js').catch((e) => console.warn('service worker not registered:', e));
  });
}
