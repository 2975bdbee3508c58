// Runnable example of geo-core's JS API in Node.
//   scripts/build-js.sh            # builds target/pkg-node and target/pkg-web with wasm-pack
//   node geo-core/js-example/node_example.mjs
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const { Engine, transform } = require('../../target/pkg-node/geo_core.js');

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
