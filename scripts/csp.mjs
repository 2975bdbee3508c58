// Trunk post-build hook: pins the Content-Security-Policy to the inline loader script
// Trunk generates (its content changes with every build's file hashes), so the page runs
// no script but its own files and that one loader.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error('csp.mjs runs as a Trunk hook (TRUNK_STAGING_DIR is not set)');
const file = path.join(dir, 'index.html');
let html = fs.readFileSync(file, 'utf8');

const hashes = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)]
  .map((m) => `'sha256-${crypto.createHash('sha256').update(m[1], 'utf8').digest('base64')}'`);

const policy = [
  "default-src 'self'",
  `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(' ')}`.trim(),
  "style-src 'self'",
  // Basemap tiles (app/src/map/basemap.rs) are drawn from blob: URLs of bytes the app
  // fetched itself, so img-src needs no remote host.
  "img-src 'self' data: blob:",
  "font-src 'self'",
  // The one loosening: `https:` lets the app fetch tiles from the host the user typed
  // into 设置 → 底图. The host is only known at run time and a page cannot widen its own
  // CSP then, so any https origin is allowed for fetch (not for script, style, frames or
  // images); the app itself requests nothing there unless a source is configured. Plain
  // http: stays refused (except this origin): an https page could not use it anyway.
  "connect-src 'self' https:",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const marker = '<meta name="csp-placeholder" />';
if (!html.includes(marker)) throw new Error(`${file}: missing ${marker}`);
html = html.replace(marker, `<meta http-equiv="Content-Security-Policy" content="${policy}" />`);
fs.writeFileSync(file, html);
console.log(`csp.mjs: ${hashes.length} inline script hash(es) pinned`);
