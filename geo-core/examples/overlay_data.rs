//! Writes the overlay benchmark's layers (the very features `benches/overlay.rs` measures
//! natively) as GeoJSON, for the JavaScript benchmark `tests/bench/overlay.mjs`:
//! `cargo run -p geo-core --example overlay_data -- OUT_DIR`.
//!
//! Writes `sites.geojson` (100,000 points, seed 1), `zones.geojson` (2,000 hazard zones,
//! seed 2, class in property `c`) and `sources.geojson` (10,000 points, seed 3). GeoJSON
//! numbers are written in their shortest round-trip form, so JavaScript and the wasm
//! engine read back exactly these coordinates.
//!
//! With `--time` (use `--release`) it also times natively what the JS API's `assess` does
//! with the default model: the composite overlay, the scoring and the explanations.

use std::time::Instant;

use geo_core::crs::Crs;
use geo_core::export::write_geojson;
use geo_core::layer::Layer;
use geo_core::overlay::synthetic;
use geo_core::risk::models::composite::{resolve_rings, score_sites, Exposure, ScoreContext};
use geo_core::risk::models::ModelDocument;

fn main() {
    let mut args = std::env::args().skip(1);
    let out = std::path::PathBuf::from(args.next().expect("usage: overlay_data OUT_DIR [--time]"));
    let timing = args.next().as_deref() == Some("--time");
    let sites = synthetic::sites(100_000, 1);
    let zones = synthetic::hazard_zones(2_000, 2);
    let sources = synthetic::point_sources(10_000, 3);
    std::fs::create_dir_all(&out).expect("create the output directory");
    for (file, layer) in [
        ("sites.geojson", &sites),
        ("zones.geojson", &zones),
        ("sources.geojson", &sources),
    ] {
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
    if timing {
        time_assess(&sites, &zones, &sources);
    }
}

fn time_assess(sites: &Layer, zones: &Layer, sources: &Layer) {
    let doc = ModelDocument::default();
    let cfg = &doc.composite;
    let (hazards, sources) = ([zones], [sources]);
    let t = Instant::now();
    let exposure = Exposure::new(sites, &hazards, &sources, cfg.reach_m);
    let overlay = t.elapsed();
    let rings: Vec<_> = sources
        .iter()
        .map(|l| resolve_rings(&cfg.rings, l))
        .collect();
    let ctx = ScoreContext {
        sites,
        hazards: &hazards,
        sources: &sources,
        rings: &rings,
    };
    let t = Instant::now();
    let scores = score_sites(cfg, &ctx, &exposure, &[]);
    let scoring = t.elapsed();
    let t = Instant::now();
    let chars: usize = scores
        .iter()
        .enumerate()
        .flat_map(|(i, s)| s.factors.iter().map(move |f| (i, f)))
        .map(|(i, f)| {
            let (zh, en) = f.describe(cfg, &ctx, i);
            zh.len() + en.len()
        })
        .sum();
    let describing = t.elapsed();
    println!(
        "native: Exposure::new {overlay:.1?}, score_sites {scoring:.1?}, describe {describing:.1?} ({chars} bytes of text)"
    );
}
