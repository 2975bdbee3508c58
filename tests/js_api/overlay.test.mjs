// geo-core's JS API for the risk engine: layer roles, containing, nearestDistances, assess.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);
const { Engine, defaultModel } = require(path.join(ROOT, 'target/pkg-node/geo_core.js'));
const enc = (s) => new TextEncoder().encode(s);
const fc = (features, extra = {}) => enc(JSON.stringify({ type: 'FeatureCollection', ...extra, features }));
const feature = (properties, geometry) => ({ type: 'Feature', properties, geometry });
const point = (lon, lat, properties = {}) => feature(properties, { type: 'Point', coordinates: [lon, lat] });
const polygon = (rings, properties = {}) => feature(properties, { type: 'Polygon', coordinates: rings });
const box = (x0, y0, x1, y1) => [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]];

test('addLayer: role and classField make a hazard-zone layer with guessed class levels', () => {
  const engine = new Engine();
  const zones = [['高', 0], ['中', 1], ['低', 2], ['其他', 3]].map(([c, i]) => polygon([box(118 + i, 24, 118.5 + i, 24.5)], { 等级: c }));
  const info = engine.addLayer('zones.geojson', fc(zones), { role: 'hazard_zones', classField: '等级' });
  assert.equal(info.role, 'hazard_zones');
  assert.deepEqual({ ...info.classLevels }, { 高: 3, 中: 2, 低: 1, 其他: 0 });
  assert.deepEqual(info.warnings, []);
  // Without options the behaviour is unchanged: a plain file is a site layer.
  assert.equal(engine.addLayer('s.geojson', fc([point(118, 24)]), {}).role, 'sites');
  assert.equal(engine.addLayer('h.geojson', fc([point(118, 24)]), { role: 'sources' }).role, 'sources');
});

test("addLayer: a file's own class levels are kept, unless classField names another field", () => {
  const engine = new Engine();
  const meta = { xiantu: { role: 'hazard_zones', class_field: 'c', class_levels: { 高: 2 } } };
  const zones = [polygon([box(118, 24, 118.5, 24.5)], { c: '高', d: '高' })];
  assert.deepEqual({ ...engine.addLayer('z.geojson', fc(zones, meta), {}).classLevels }, { 高: 2 });
  assert.deepEqual({ ...engine.addLayer('z.geojson', fc(zones, meta), { classField: 'c' }).classLevels }, { 高: 2 });
  assert.deepEqual({ ...engine.addLayer('z.geojson', fc(zones, meta), { classField: 'd' }).classLevels }, { 高: 3 });
  const missing = engine.addLayer('z.geojson', fc(zones), { role: 'hazard_zones', classField: '类别' });
  assert.match(missing.warnings[0], /no feature has field "类别"/);
});

test('addLayer: bad role options throw', () => {
  const engine = new Engine();
  const bytes = fc([polygon([box(118, 24, 118.5, 24.5)], { c: '高' })]);
  assert.throws(() => engine.addLayer('z.geojson', bytes, { role: 'rivers' }), (e) => e instanceof Error && /z\.geojson: .*unknown role "rivers"/.test(e.message));
  assert.throws(() => engine.addLayer('z.geojson', bytes, { role: 'hazard_zones' }), /hazard_zones layer needs classField/);
  assert.throws(() => engine.addLayer('z.geojson', bytes, { classField: 'c' }), /classField needs role "hazard_zones"/);
});

test('containing: inside, on an edge, on a vertex, outside, in a hole and on the hole ring', () => {
  const engine = new Engine();
  const square = polygon([box(118, 24, 118.5, 24.5), box(118.125, 24.125, 118.375, 24.375).reverse()], { c: '高' });
  const east = polygon([box(118.5, 24.25, 119, 24.5)], { c: '中' }); // shares part of the square's east edge
  const zones = engine.addLayer('zones.geojson', fc([square, east]), { role: 'hazard_zones', classField: 'c' });
  const sites = engine.addLayer('sites.geojson', fc([
    point(118.0625, 24.0625), // inside
    point(118.25, 24), // on the south edge
    point(118, 24.5), // on the north-west vertex
    point(117.9, 24.25), // outside
    point(118.25, 24.25), // in the hole
    point(118.125, 24.25), // on the hole's ring
    point(118.5, 24.375), // on the shared edge: both
    point(118.75, 24.3), // inside the second zone only
  ]), {});
  const hits = engine.containing(zones.id, sites.id);
  assert.ok(Array.isArray(hits) && hits.every(Array.isArray));
  assert.deepEqual(hits, [[0], [0], [0], [], [], [0], [0, 1], [1]]);
  // Any polygon layer can serve as the hazard layer; points contain nothing.
  assert.deepEqual(engine.containing(sites.id, zones.id), [[], []]);
});

test('nearestDistances: geodesic metres on WGS84, 0 inside', () => {
  const engine = new Engine();
  // Reference values from GeographicLib (target/pyenv/bin/python, geographiclib 2.1):
  // Geodesic.WGS84.Inverse(24, 118, 25, 118)['s12'] = 110765.51524332675
  // Geodesic.WGS84.Inverse(24.5, 118, 24.5, 119)['s12'] = 101354.56250883591
  const sources = engine.addLayer('sources.geojson', fc([point(118, 24), polygon([box(120, 24, 120.5, 24.5)])]), { role: 'sources' });
  const sites = engine.addLayer('sites.geojson', fc([point(118, 25), point(120.25, 24.25), point(120, 24.5)]), {});
  const d = engine.nearestDistances(sources.id, sites.id);
  assert.ok(d instanceof Float64Array);
  assert.equal(d.length, 3);
  assert.ok(Math.abs(d[0] - 110765.51524332675) < 1e-3, `${d[0]}`);
  assert.equal(d[1], 0);
  assert.equal(d[2], 0);
  const east = engine.addLayer('east.geojson', fc([point(118, 24.5)]), { role: 'sources' });
  const west = engine.addLayer('west.geojson', fc([point(119, 24.5)]), {});
  const e = engine.nearestDistances(east.id, west.id)[0];
  assert.ok(Math.abs(e - 101354.56250883591) < 1e-3, `${e}`);
});

// A 高 zone "低洼区" and a source "某储罐" with no impact-ring data (so it scores by
// distance decay: 30 points within 100 m, linear to 0 at 1000 m).
function assessCase() {
  const engine = new Engine();
  engine.addLayer('洪涝风险区.geojson', fc([polygon([box(118, 24.5, 118.01, 24.51)], { name: '低洼区', 等级: '高' })]), { role: 'hazard_zones', classField: '等级' });
  engine.addLayer('重大危险源.csv', enc('name,lon,lat\n某储罐,118.005,24.5098\n'), { role: 'sources' });
  const north = (m) => 24.5098 + m / 110775; // metres → degrees of latitude near 24.5° N
  engine.addLayer('企业.geojson', fc([
    point(118.005, north(-50), { id: 'A' }), // in the zone, 50 m from the source
    point(118.005, north(-5000)), // far outside everything, no id
    point(118.005, north(50), { id: 'C' }), // outside the zone, 50 m from the source
  ]), {});
  return engine;
}

test('assess: composite score, grade and explanation per site', () => {
  const out = JSON.parse(assessCase().assess(''));
  assert.equal(out.modelVersion, 'xiantu-standard-1');
  assert.deepEqual(out.hazardLayers, [0]);
  assert.deepEqual(out.sourceLayers, [1]);
  assert.equal(out.layers.length, 1);
  const [a, b, c] = out.layers[0].sites;
  assert.equal(out.layers[0].layer, 2);
  assert.equal(a.id, 'A');
  assert.equal(a.score, 100); // 70 (高 zone) + 30 (source within 100 m)
  assert.equal(a.grade, '重大风险');
  assert.equal(a.gradeEn, 'major');
  assert.equal(a.factors[0].zh, '洪涝风险区（高，低洼区）+70');
  assert.equal(a.factors[0].en, '洪涝风险区 (高, 低洼区) +70');
  assert.equal(a.factors[0].points, 70);
  assert.equal(a.factors[1].zh, '距某储罐 50 m +30');
  assert.deepEqual(b, { score: 0, grade: '低风险', gradeEn: 'low', factors: [] });
  assert.equal(c.score, 30);
  assert.equal(c.grade, '一般风险');
  // "{}" means the defaults too.
  assert.deepEqual(JSON.parse(assessCase().assess(' {} ')), out);
});

test('assess: a changed weight re-scores with the document it came in', () => {
  const engine = assessCase();
  const before = JSON.parse(engine.assess(defaultModel()));
  assert.equal(before.layers[0].sites[0].grade, '重大风险');
  const doc = JSON.parse(defaultModel());
  doc.version = 'test-2';
  doc.composite.default_hazard_weight = 35;
  const after = JSON.parse(engine.assess(JSON.stringify(doc)));
  assert.equal(after.modelVersion, 'test-2');
  assert.equal(after.layers[0].sites[0].score, 65);
  assert.equal(after.layers[0].sites[0].grade, '较大风险');
  assert.equal(after.layers[0].sites[0].factors[0].zh, '洪涝风险区（高，低洼区）+35');
  // A layer added later joins the next assessment.
  engine.addLayer('地质灾害.geojson', fc([polygon([box(118.004, 24.5, 118.006, 24.51)], { name: '滑坡', c: '中' })]), { role: 'hazard_zones', classField: 'c' });
  const more = JSON.parse(engine.assess(''));
  assert.deepEqual(more.hazardLayers, [0, 3]);
  assert.equal(more.layers[0].sites[0].factors.length, 3);
});

test('setOpenDangers: open hidden dangers add points and an open 重大隐患 lifts a site to 较大', () => {
  const engine = assessCase();
  engine.setOpenDangers(2, new Uint32Array([0, 0, 2]), new Uint32Array([0, 1, 0]));
  const [a, b, c] = JSON.parse(engine.assess('')).layers[0].sites;
  assert.equal(a.score, 100);
  assert.equal(b.score, 10);
  assert.equal(b.grade, '较大风险');
  assert.equal(b.factors[0].zh, '未闭环隐患：重大 1 项、一般 0 项 +10 → 至少较大');
  assert.equal(c.score, 36); // 30 from the source, 3 per open 一般隐患
  assert.deepEqual([...engine.gradeCounts('')], [0, 1, 1, 1]);
  // The floor is the model's to switch off.
  const doc = JSON.parse(defaultModel());
  doc.composite.dangers.major_floor_enabled = false;
  assert.equal(JSON.parse(engine.assess(JSON.stringify(doc))).layers[0].sites[1].grade, '低风险');
  // Empty arrays clear them; wrong lengths and non-site layers are refused.
  engine.setOpenDangers(2, new Uint32Array(), new Uint32Array());
  assert.equal(JSON.parse(engine.assess('')).layers[0].sites[1].score, 0);
  assert.throws(() => engine.setOpenDangers(2, new Uint32Array([1]), new Uint32Array([0])), /expected 3 entries \(one per site\), got 1 and 1/);
  assert.throws(() => engine.setOpenDangers(0, new Uint32Array([1]), new Uint32Array([0])), /layer 0 is not a sites layer/);
});

test('gradeCounts: sites per grade after a weight change, as assess grades them', () => {
  const engine = assessCase();
  const doc = JSON.parse(defaultModel());
  for (const weight of [70, 35, 10]) {
    doc.composite.default_hazard_weight = weight;
    const json = JSON.stringify(doc);
    const counts = engine.gradeCounts(json);
    assert.ok(counts instanceof Uint32Array);
    const expect = [0, 0, 0, 0];
    const order = ['低风险', '一般风险', '较大风险', '重大风险'];
    for (const l of JSON.parse(engine.assess(json)).layers) for (const s of l.sites) expect[order.indexOf(s.grade)] += 1;
    assert.deepEqual(Array.from(counts), expect, `weight ${weight}`);
  }
  assert.throws(() => engine.gradeCounts('not json'), /bad risk model document/);
});

test('errors: unknown layer ids and bad model documents throw Error', () => {
  const engine = assessCase();
  assert.throws(() => engine.containing(7, 2), (e) => e instanceof Error && e.message === '没有图层 7 / no layer 7');
  assert.throws(() => engine.containing(0, 9), /no layer 9/);
  assert.throws(() => engine.nearestDistances(1, 42), /no layer 42/);
  assert.throws(() => engine.assess('{"name": 1}'), (e) => e instanceof Error && /^风险模型文件有误 \/ bad risk model document: invalid type: integer `1`, expected a string/.test(e.message));
  assert.throws(() => engine.assess('not json'), /bad risk model document/);
  assert.throws(() => engine.assess('{"name": "x"}'), /missing field `version`/);
});

test('the README shows the complete default model document', () => {
  const readme = readFileSync(path.join(ROOT, 'geo-core/README.md'), 'utf8');
  const block = readme.match(/<!-- default-model -->\n```json\n([\s\S]*?)\n```/);
  assert.ok(block, 'README has a ```json block after <!-- default-model -->');
  assert.deepEqual(JSON.parse(block[1]), JSON.parse(defaultModel()));
});
