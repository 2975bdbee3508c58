//! Writes the map-rendering benchmark's layers as GeoJSON, for `tests/bench/map.mjs` (which
//! imports them into the app and draws them with Leaflet too):
//! `cargo run --release -p geo-core --example map_data [-- OUT_DIR]`
//! (OUT_DIR defaults to `target/bench-data/map` in the workspace).
//!
//! Writes `sites.geojson` (100,000 points, `synthetic::sites(100_000, 1)`, the overlay
//! benchmark's sites) and `zones.geojson` (2,000 star-shaped hazard zones with 500,000
//! vertices in all, every 4th with a hole, class in property `class`:
//! `synthetic::detailed_zones(2_000, 500_000, 4)`), and prints the vertex total.

use geo::Geometry;
use geo_core::crs::Crs;
use geo_core::export::write_geojson;
use geo_core::overlay::synthetic;

const SITES: usize = 100_000;
const ZONES: usize = 2_000;
const VERTICES: usize = 500_000;

fn main() {
    let out = std::env::args().nth(1).map_or_else(
        || std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/bench-data/map"),
        std::path::PathBuf::from,
    );
    let sites = synthetic::sites(SITES, 1);
    let zones = synthetic::detailed_zones(ZONES, VERTICES, 4);
    // Distinct vertices, and positions as written (each closed ring repeats its first).
    let (mut distinct, mut positions, mut holes) = (0, 0, 0);
    for f in &zones.features {
        if let Geometry::Polygon(p) = &f.geometry {
            holes += p.interiors().len();
            for ring in std::iter::once(p.exterior()).chain(p.interiors()) {
                distinct += ring.0.len() - 1;
                positions += ring.0.len();
            }
        }
    }
    assert_eq!(distinct, VERTICES);
    std::fs::create_dir_all(&out).expect("create the output directory");
    let out = out.canonicalize().expect("the output directory");
    for (file, layer) in [("sites.geojson", &sites), ("zones.geojson", &zones)] {
        let text = write_geojson(layer, &Crs::WGS84);
        let path = out.join(file);
        std::fs::write(&path, &text).expect("write the layer");
        println!(
            "{}: {} features, {} bytes",
            path.display(),
            layer.features.len(),
            text.len()
        );
    }
    println!(
        "zones: {distinct} vertices in all ({positions} positions with the closing ones), {holes} holes"
    );
}
