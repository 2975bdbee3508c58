// geo-core's JS API as other front ends use it: the wasm-pack nodejs build, in Node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gcj02ToWgs84 } from '../fixtures/files.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);
const { Engine, transform } = require(path.join(ROOT, 'target/pkg-node/geo_core.js'));
const enc = (s) => new TextEncoder().encode(s);

test('addLayer reads a GCJ-02 CSV and layerGeoJson returns WGS84', () => {
  const engine = new Engine();
  const info = engine.addLayer('企业.csv', enc('企业名称,经度,纬度\n甲,118.0940,24.4772\n乙,abc,24.5\n'), { crs: 'GCJ-02' });
  assert.equal(info.id, 0);
  assert.equal(info.featureCount, 1);
  assert.equal(info.warnings.length, 1);
  assert.match(info.warnings[0], /row 3, column "经度", value "abc"/);
  const [lon, lat] = gcj02ToWgs84(118.0940, 24.4772);
  assert.ok(Math.abs(info.bbox[0] - lon) < 1e-9 && Math.abs(info.bbox[1] - lat) < 1e-9);
  const fc = JSON.parse(engine.layerGeoJson(info.id));
  assert.equal(fc.type, 'FeatureCollection');
  assert.equal(fc.features[0].properties['企业名称'], '甲');
  const second = engine.addLayer('z.geojson', enc('{"type":"Point","coordinates":[118,24]}'), undefined);
  assert.equal(second.id, 1);
});

test('column and format options are honoured', () => {
  const engine = new Engine();
  const info = engine.addLayer('data.txt', enc('n;X坐标;Y坐标\nA;118.1;24.5\n'), { format: 'csv', lonColumn: 'X坐标', latColumn: 'Y坐标' });
  assert.equal(info.featureCount, 1);
});

test('errors are thrown as Error with the clear message', () => {
  const engine = new Engine();
  assert.throws(() => engine.addLayer('broken.geojson', enc('{"type":'), {}), (e) => e instanceof Error && /^broken\.geojson: 第 1 行/.test(e.message));
  assert.throws(() => engine.addLayer('a.csv', enc('lon,lat\n1,2\n'), { crs: 'Beijing54' }), /unknown CRS "Beijing54"/);
  assert.throws(() => engine.layerGeoJson(9), /no layer 9/);
});

test('transform converts between named CRSs', () => {
  const out = transform(new Float64Array([118.0894, 24.4798, 119.2965, 26.0745]), 'EPSG:4326', 'EPSG:4527');
  assert.ok(out instanceof Float64Array);
  assert.equal(out.length, 4);
  // Matches PROJ (pyproj) to a millimetre: see geo-core/tests/fixtures/crs_reference.json.
  assert.ok(Math.abs(out[0] - 39610437.9) < 1 && Math.abs(out[1] - 2708867) < 1, `${out}`);
  const back = transform(out, 'EPSG:4527', 'GCJ-02');
  const [lon, lat] = gcj02ToWgs84(back[0], back[1]);
  assert.ok(Math.abs(lon - 118.0894) < 1e-8 && Math.abs(lat - 24.4798) < 1e-8);
  assert.throws(() => transform(new Float64Array([1, 2]), 'EPSG:1', 'EPSG:4326'), /EPSG:1/);
});

test('the runnable example runs', () => {
  const out = execFileSync('node', [path.join(ROOT, 'geo-core/js-example/node_example.mjs')], { encoding: 'utf8' });
  assert.match(out, /featureCount: 1/);
  assert.match(out, /broken\.geojson: 第 1 行/);
});
