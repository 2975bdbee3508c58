// Trunk post-build hook: stamps the build into the service worker (BUILD in sw.js), so
// each build is a new worker the browser installs as an update, and the app can say
// 新版本已就绪. The id is a hash of the build's file names (Trunk puts a content hash in
// the name of every wasm, JS and CSS file) and of the worker itself. Names, not
// index.html: Trunk runs the hooks of a stage at once, and csp.mjs rewrites the page.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error('stamp-sw.mjs runs as a Trunk hook (TRUNK_STAGING_DIR is not set)');
const sw = path.join(dir, 'sw.js');
const text = fs.readFileSync(sw, 'utf8');
const marker = "const BUILD = 'dev';";
if (!text.includes(marker)) throw new Error(`${sw}: missing ${marker}`);
const names = fs.readdirSync(dir, { recursive: true }).map(String).sort();
const build = crypto.createHash('sha256').update(names.join('\n')).update(text).digest('hex').slice(0, 16);
fs.writeFileSync(sw, text.replace(marker, `const BUILD = '${build}';`));
console.log(`stamp-sw.mjs: sw.js build ${build}`);
