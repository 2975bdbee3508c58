//! The embedded demo: which files `examples/gen_demo.rs` writes into `public/demo/`, in the
//! order the map draws them (bottom first). Fictional data; each layer's metadata says so.

/// Demo layer files, bottom of the drawing order first.
pub const DEMO_LAYERS: [&str; 6] = [
    "districts.geojson",
    "geohazard.geojson",
    "waterlogging.geojson",
    "storm_surge.geojson",
    "hazard_sources.geojson",
    "enterprises.geojson",
];
