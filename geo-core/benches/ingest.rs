//! GeoJSON ingest throughput (MB/s), natively. The same generated file is measured in the
//! browser by `tests/bench/ingest.mjs` (wasm and `JSON.parse`); figures in BENCHMARKS.md.
//! Run: `cargo bench -p geo-core --bench ingest`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use geo_core::import::{read, ImportOptions};

#[path = "support/sample.rs"]
mod sample;
use sample::sample_geojson;

fn ingest(c: &mut Criterion) {
    let text = sample_geojson(20);
    let mut g = c.benchmark_group("geojson_ingest");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("read_20MB", |b| {
        b.iter(|| read("bench.geojson", text.as_bytes(), &ImportOptions::default()).unwrap())
    });
    g.bench_function("serde_json_value_20MB", |b| {
        b.iter(|| serde_json::from_str::<serde_json::Value>(&text).unwrap())
    });
    g.finish();
}

criterion_group!(benches, ingest);
criterion_main!(benches);
