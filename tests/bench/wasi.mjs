// Runs a wasm32-wasip1 program in this Node's V8 (the engine of the app's Chromium), for
// benchmarks of geo-core as wasm without a browser: see geo-core/examples/frame_parts.rs.
//   node tests/bench/wasi.mjs program.wasm
import fs from 'node:fs';
import { WASI } from 'node:wasi';

const file = process.argv[2];
if (!file) {
  console.error('usage: node tests/bench/wasi.mjs program.wasm');
  process.exit(2);
}
const wasi = new WASI({ version: 'preview1', args: [file], env: {}, returnOnExit: true });
const module = await WebAssembly.compile(fs.readFileSync(file));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
process.exitCode = wasi.start(instance);
