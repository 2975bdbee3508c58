// Runnable example of geo-core's JS API in Node.
//   scripts/build-js.sh            # builds target/pkg-node and target/pkg-web with wasm-pack
//   node geo-core/js-example/node_example.mjs
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const { Engine, defaultModel, transform } = require('../../target/pkg-node/geo_core.js');

const engine = new Engine();
// An enterprise list with GCJ-02 coordinates, as copied from a Chinese web map.
const csv = '企业名称,经度,纬度\n厦门示例有限公司,118.0940,24.4772\n';
const info = engine.addLayer('企业.csv', new TextEncoder().encode(csv), { crs: 'GCJ-02' });
console.log(info); // { id: 0, featureCount: 1, bbox: [...], warnings: [] }
console.log(engine.layerGeoJson(info.id)); // WGS84 GeoJSON

// CGCS2000 3° Gauss–Krüger zone 39 metres → WGS84.
console.log(transform(new Float64Array([39610438.0, 2708867.0]), 'EPSG:4527', 'EPSG:4326'));

try {
  engine.addLayer('broken.geojson', new TextEncoder().encode('{"type":'), {});
} catch (e) {
  console.log(e.message); // broken.geojson: 第 1 行第 8 列 JSON 语法错误 / JSON syntax error at line 1, column 8: …
}

// Risk engine: hazard zones, a hazard source and sites, then the composite index.
const fc = (features) => new TextEncoder().encode(JSON.stringify({ type: 'FeatureCollection', features }));
const zones = engine.addLayer('洪涝风险区.geojson', fc([{
  type: 'Feature',
  properties: { name: '低洼区', 等级: '高' },
  geometry: { type: 'Polygon', coordinates: [[[118.08, 24.47], [118.10, 24.47], [118.10, 24.49], [118.08, 24.49], [118.08, 24.47]]] },
}]), { role: 'hazard_zones', classField: '等级' });
console.log(zones.classLevels); // { '高': 3 } (guessed from the labels)
const sources = engine.addLayer('重大危险源.csv', new TextEncoder().encode('name,lon,lat,数量_吨,临界量_吨\n某LNG储罐,118.095,24.478,400,50\n'), { role: 'sources' });
const sites = engine.addLayer('园区企业.csv', new TextEncoder().encode('id,name,lon,lat,从业人数\nE1,甲厂,118.0950,24.4800,120\nE2,乙厂,118.1200,24.4800,10\n'), { role: 'sites' });
console.log(engine.containing(zones.id, sites.id)); // [ [ 0 ], [] ]
console.log(engine.nearestDistances(sources.id, sites.id)); // Float64Array [ 221.53…, 2543.95… ] metres
// Every site layer is scored ('企业.csv' above too); '' or '{}' means the built-in document.
const result = JSON.parse(engine.assess(''));
console.log(result.modelVersion, result.hazardLayers, result.sourceLayers);
const ours = (r) => r.layers.find((l) => l.layer === sites.id).sites;
for (const site of ours(result)) {
  console.log(site.id, site.score, site.grade, site.factors.map((f) => f.zh).join('；'));
}
// Edit a copy of the document, with a name and version of its own, and score again:
// the overlay is kept, so this only re-scores.
const model = JSON.parse(defaultModel());
model.name = '示例咨询公司模型';
model.version = 'example-1';
model.composite.default_hazard_weight = 50;
console.log(ours(JSON.parse(engine.assess(JSON.stringify(model))))[0]);
try {
  engine.assess('{"name": 1}');
} catch (e) {
  console.log(e.message); // 风险模型文件有误 / bad risk model document: invalid type: integer `1`, expected a string …
}
