// The scripted view sequence of the map benchmark (tests/bench/map.mjs), shared by both
// engines: 151 views in Web Mercator with 256-pixel tiles (the app's `Viewport` and
// Leaflet's EPSG:3857 agree on what a zoom means). Plain ES module, no Node APIs.
//
// Start fitted over the data (synthetic::BOUNDS, 117.5–119.5 E, 24.3–26.3 N, at zoom 8.75),
// pan a square loop, zoom in by 0.25 to 12, pan, zoom in to 14, pan, zoom out to 10, pan,
// zoom out to 8.75 and pan again. A pan step moves the view 96 CSS px, 40 at zoom 8.75 (there
// the data is about 600 × 670 px, and the loop keeps it in the 1280 × 748 px map).

const R = 6378137;
const merc = (lon, lat) => [R * lon * Math.PI / 180, R * Math.log(Math.tan(Math.PI / 4 + lat * Math.PI / 360))];
const unmerc = (x, y) => [x / R * 180 / Math.PI, (2 * Math.atan(Math.exp(y / R)) - Math.PI / 2) * 180 / Math.PI];
/** Metres per CSS pixel at `zoom`. */
const res = (zoom) => 2 * Math.PI * R / 256 / 2 ** zoom;

export const START = { lon: 118.5, lat: 25.3, zoom: 8.75 };

/** [{ i, kind: 'start'|'pan'|'zoom-in'|'zoom-out', zoom, lat, lon, hash }] */
export function mapSteps() {
  const steps = [];
  let [x, y] = merc(START.lon, START.lat);
  let zoom = START.zoom;
  const push = (kind) => {
    const [lon, lat] = unmerc(x, y);
    const s = { i: steps.length, kind, zoom: Number(zoom.toFixed(2)), lat: Number(lat.toFixed(6)), lon: Number(lon.toFixed(6)) };
    // The app's own form of the fragment (app/src/map/url_view.rs).
    s.hash = `#map=${s.zoom.toFixed(2)}/${s.lat.toFixed(6)}/${s.lon.toFixed(6)}`;
    steps.push(s);
  };
  // A square loop of n steps of px CSS px (east, south, west, north; n/4 each): ends
  // where it began.
  const loop = (n, px = 96) => {
    const dirs = [[1, 0], [0, 1], [-1, 0], [0, -1]];
    for (let k = 0; k < n; k++) {
      const [dx, dy] = dirs[Math.floor(k / (n / 4))];
      x += dx * px * res(zoom);
      y -= dy * px * res(zoom); // screen y grows southwards
      push('pan');
    }
  };
  const zoomTo = (target) => {
    const kind = target > zoom ? 'zoom-in' : 'zoom-out';
    while (Math.abs(target - zoom) > 1e-9) {
      zoom += Math.sign(target - zoom) * 0.25;
      push(kind);
    }
  };
  push('start');
  loop(32, 40);
  zoomTo(12);
  loop(20);
  zoomTo(14);
  loop(32);
  zoomTo(10);
  loop(16);
  zoomTo(8.75);
  loop(8, 40);
  return steps;
}
