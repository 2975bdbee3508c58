//! Overlay throughput, natively: 100,000 sites against 2,000 hazard zones (containment)
//! and against 10,000 point sources (nearest geodesic distance), on the fixed-seed layers
//! of `geo_core::overlay::synthetic`, which a JavaScript benchmark can rebuild exactly.
//!
//! `nearest_brute_force_haversine_1k` is the Turf-style baseline (every site against every
//! source with the haversine formula, as `nearestPoint` + `distance` do) on 1,000 sites;
//! multiply by 100 for the 100,000-site figure.
//!
//! Run: `cargo bench -p geo-core --bench overlay` (`-- --quick` for a short run).

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use geo::Geometry;
use geo_core::overlay::{containing, containing_table, nearest_distances, synthetic, SourceIndex};

const SITES: usize = 100_000;
const ZONES: usize = 2_000;
const SOURCES: usize = 10_000;

fn overlay(c: &mut Criterion) {
    let sites = synthetic::sites(SITES, 1);
    let zones = synthetic::hazard_zones(ZONES, 2);
    let sources = synthetic::point_sources(SOURCES, 3);
    let footprints = synthetic::footprints(SITES / 10, 4);

    let mut g = c.benchmark_group("overlay");
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(10));
    g.bench_function("containing_100k_sites_2k_zones", |b| {
        b.iter(|| containing_table(black_box(&zones), black_box(&sites)))
    });
    g.bench_function("containing_10k_footprints_2k_zones", |b| {
        b.iter(|| containing(black_box(&zones), black_box(&footprints)))
    });
    g.bench_function("nearest_100k_sites_10k_points", |b| {
        b.iter(|| nearest_distances(black_box(&sources), black_box(&sites)))
    });
    g.bench_function("nearest_10k_footprints_10k_points", |b| {
        b.iter(|| nearest_distances(black_box(&sources), black_box(&footprints)))
    });
    g.bench_function("nearest_100k_sites_2k_zone_polygons", |b| {
        b.iter(|| nearest_distances(black_box(&zones), black_box(&sites)))
    });
    g.bench_function("source_index_build_10k_points", |b| {
        b.iter(|| SourceIndex::new(black_box(&sources)))
    });
    g.bench_function("nearest_brute_force_haversine_1k", |b| {
        let coords = |l: &geo_core::layer::Layer| -> Vec<(f64, f64)> {
            l.features
                .iter()
                .filter_map(|f| match f.geometry {
                    Geometry::Point(p) => Some((p.x(), p.y())),
                    _ => None,
                })
                .collect()
        };
        let (s, p) = (coords(&sites), coords(&sources));
        b.iter(|| {
            s[..1000]
                .iter()
                .map(|&a| {
                    p.iter()
                        .map(|&q| haversine(a, q))
                        .fold(f64::INFINITY, f64::min)
                })
                .collect::<Vec<f64>>()
        })
    });
    g.finish();
}

/// Turf's `distance`: haversine on a sphere of radius 6,371,008.8 m.
fn haversine(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, la2) = (a.1.to_radians(), b.1.to_radians());
    let dlat = la2 - la1;
    let dlon = (b.0 - a.0).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * 6_371_008.8 * h.sqrt().atan2((1.0 - h).sqrt())
}

criterion_group!(benches, overlay);
criterion_main!(benches);
