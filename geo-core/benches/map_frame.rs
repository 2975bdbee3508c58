//! One map frame natively: the map benchmark's scene (100,000 sites, 2,000 zones with
//! 500,000 vertices: `examples/map_data.rs`) seen zoomed out, where every marker is on
//! screen and they pile up, and zoomed in. Times the draw list (culling, projection,
//! simplification), the whole frame rasterised in memory, and the markers alone; `tests/bench/map.mjs` measures the
//! whole frame in the browser.
//!
//! Run: `cargo bench -p geo-core --bench map_frame`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use geo_core::overlay::synthetic;
use geo_core::risk::Rgba;
use geo_core::scene::{DrawCmd, FrameRaster, MarkerRaster, Viewport};

fn map_frame(c: &mut Criterion) {
    let scene = synthetic::map_scene(100_000, 2_000, 500_000);
    let mut g = c.benchmark_group("map_frame");
    g.sample_size(20);
    g.measurement_time(Duration::from_secs(4));
    for (name, zoom) in [
        ("zoomed_out_8.75", 8.75),
        ("zoom_10", 10.0),
        ("zoomed_in_12", 12.0),
    ] {
        let view = Viewport::from_lon_lat(118.5, 25.3, zoom, 1280.0, 748.0);
        g.bench_function(format!("draw_list_{name}"), |b| {
            b.iter(|| black_box(scene.draw_list(&view)))
        });
        let list = scene.draw_list(&view);
        let markers: Vec<DrawCmd> = list
            .cmds
            .iter()
            .filter(|c| matches!(c, DrawCmd::Markers { .. }))
            .cloned()
            .collect();
        let mut frame = FrameRaster::default();
        g.bench_function(format!("frame_raster_{name}"), |b| {
            b.iter(|| {
                frame.begin(1280, 748, Some(Rgba(0xdf, 0xe9, 0xef, 255)));
                frame.draw(&list.cmds, 1.0);
                frame.finish();
                black_box(frame.bytes().len())
            })
        });
        let mut raster = MarkerRaster::default();
        g.bench_function(format!("marker_raster_{name}"), |b| {
            b.iter(|| {
                raster.begin(1280, 748);
                raster.draw_run(&markers, 1.0);
                raster.finish();
                black_box(raster.dirty())
            })
        });
    }
    g.finish();
}

criterion_group!(benches, map_frame);
criterion_main!(benches);
