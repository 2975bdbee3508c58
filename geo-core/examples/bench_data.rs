//! Writes the ingest benchmark's GeoJSON (the same bytes criterion measures natively) for
//! the in-browser benchmark: `cargo run -p geo-core --example bench_data -- OUT.geojson [MB]`.

#[path = "../benches/support/sample.rs"]
mod sample;

fn main() {
    let mut args = std::env::args().skip(1);
    let out = args.next().expect("usage: bench_data OUT.geojson [MB]");
    let mb: usize = args
        .next()
        .map_or(20, |m| m.parse().expect("MB is a number"));
    let text = sample::sample_geojson(mb);
    std::fs::write(&out, &text).expect("write the sample");
    println!("{out}: {} bytes", text.len());
}
