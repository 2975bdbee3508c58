//! What-if re-scoring, natively: 100,000 sites against 2,000 hazard zones and 10,000
//! sources, overlay computed once (not timed), then the composite index re-run after a
//! weight change — what the model editor does on every edit. The goal is at most
//! 100 ms in wasm; `tests/bench/overlay.mjs` measures the wasm side.
//!
//! Run: `cargo bench -p geo-core --bench rescore`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use geo_core::overlay::synthetic;
use geo_core::risk::models::composite::{resolve_rings, score_sites, Exposure, ScoreContext};
use geo_core::risk::models::ModelDocument;

fn rescore(c: &mut Criterion) {
    let sites = synthetic::sites(100_000, 1);
    let zones = synthetic::hazard_zones(2_000, 2);
    let sources = synthetic::point_sources(10_000, 3);
    let mut doc = ModelDocument::default();
    let hazards = [&zones];
    let srcs = [&sources];
    let exposure = Exposure::new(&sites, &hazards, &srcs, doc.composite.reach_m);
    let rings: Vec<_> = srcs
        .iter()
        .map(|s| resolve_rings(&doc.composite.rings, s))
        .collect();
    let ctx = ScoreContext {
        sites: &sites,
        hazards: &hazards,
        sources: &srcs,
        rings: &rings,
    };
    let mut g = c.benchmark_group("rescore");
    g.sample_size(20);
    g.measurement_time(Duration::from_secs(5));
    let mut w = 50.0;
    g.bench_function("rescore_100k_sites_after_weight_change", |b| {
        b.iter(|| {
            w = if w == 50.0 { 60.0 } else { 50.0 };
            doc.composite.default_hazard_weight = w;
            score_sites(black_box(&doc.composite), &ctx, &exposure, &[])
        })
    });
    g.finish();
}

criterion_group!(benches, rescore);
criterion_main!(benches);
