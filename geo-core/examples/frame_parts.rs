//! The map benchmark's whole frame in parts (draw list, markers, zone fills, zone outlines,
//! the empty frame), best of 12, at the zooms where the browser benchmark's p95 lies. Runs
//! natively and, what matters for the app, in V8 as wasm through WASI:
//!
//! ```text
//! cargo run --release -p geo-core --example frame_parts
//! rustup target add wasm32-wasip1   # once
//! cargo build --release -p geo-core --example frame_parts --target wasm32-wasip1
//! node tests/bench/wasi.mjs target/wasm32-wasip1/release/examples/frame_parts.wasm
//! ```
//!
//! Why: a browser run of `tests/bench/map.mjs` takes a release build of the app (5 min)
//! and varies by 10 % between runs; this compares two builds of the raster in a minute.
//! The checksum of the frames' bytes must not change when only the speed should.

use std::time::Instant;

use geo_core::overlay::synthetic;
use geo_core::risk::Rgba;
use geo_core::scene::{DrawCmd, FrameRaster, MarkerRaster, Viewport};

const BACKGROUND: Option<Rgba> = Some(Rgba(0xdf, 0xe9, 0xef, 255));
const RUNS: usize = 12;

/// Best time of `RUNS` calls of `f`, ms.
fn best(mut f: impl FnMut()) -> f64 {
    (0..RUNS)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64() * 1e3
        })
        .fold(f64::MAX, f64::min)
}

/// Best time of a whole frame of `cmds`, ms.
fn raster(frame: &mut FrameRaster, cmds: &[DrawCmd]) -> f64 {
    best(|| {
        frame.begin(1280, 748, BACKGROUND);
        frame.draw(cmds, 1.0);
        frame.finish();
    })
}

fn main() {
    let scene = synthetic::map_scene(100_000, 2_000, 500_000);
    let mut frame = FrameRaster::default();
    let mut markers = MarkerRaster::default();
    println!("| zoom | draw list | whole raster | markers | zones | zone fills only | empty frame | checksum |");
    println!("| --- | --- | --- | --- | --- | --- | --- | --- |");
    for zoom in [8.75, 9.25, 10.0, 11.0] {
        let view = Viewport::from_lon_lat(118.5, 25.3, zoom, 1280.0, 748.0);
        let list_ms = best(|| drop(scene.draw_list(&view)));
        let list = scene.draw_list(&view);
        let is_marker = |c: &&DrawCmd| matches!(c, DrawCmd::Markers { .. });
        let marker_cmds: Vec<DrawCmd> = list.cmds.iter().filter(is_marker).cloned().collect();
        let zone_cmds: Vec<DrawCmd> = list
            .cmds
            .iter()
            .filter(|c| !is_marker(c))
            .cloned()
            .collect();
        let fill_cmds: Vec<DrawCmd> = zone_cmds
            .iter()
            .cloned()
            .map(|mut c| {
                if let DrawCmd::Polygons { stroke, .. } = &mut c {
                    *stroke = None;
                }
                c
            })
            .collect();
        let whole_ms = raster(&mut frame, &list.cmds);
        let checksum: u64 = frame.bytes().iter().map(|&b| b as u64).sum();
        let zones_ms = raster(&mut frame, &zone_cmds);
        let fills_ms = raster(&mut frame, &fill_cmds);
        let empty_ms = raster(&mut frame, &[]);
        let markers_ms = best(|| {
            markers.begin(1280, 748);
            markers.draw_run(&marker_cmds, 1.0);
        });
        println!(
            "| {zoom} | {list_ms:.1} | {whole_ms:.1} | {markers_ms:.1} | {zones_ms:.1} | {fills_ms:.1} | {empty_ms:.1} | {checksum} |"
        );
    }
}
