//! The worker's band job: rasterises the rows of a heavy map frame that the page hands
//! over, while the page rasterises the others (see `app/src/map/band_worker.rs`).
//!
//! Protocol (**API Boundary**, the page side is `app/src/map/band_worker.rs`): the page
//! posts `{ kind: "band", id, width, height, y0, y1, dpr, background: [r, g, b, a] | null,
//! cmds: Uint8Array }` (`cmds`: `geo_core::scene::wire`, transferred); the worker answers
//! `{ kind: "band", id, pixels: Uint32Array, ms }` (rows `y0..y1` premultiplied, as
//! `FrameRaster::band_pixels`, transferred; `ms`: decoding and drawing) or
//! `{ kind: "band", id, error }`.

use std::cell::RefCell;

use geo_core::risk::Rgba;
use geo_core::scene::{wire, FrameRaster};
use js_sys::{Array, Object, Reflect, Uint32Array, Uint8Array};
use wasm_bindgen::prelude::*;
use web_sys::DedicatedWorkerGlobalScope;

thread_local! {
    /// Kept between frames: its buffers are the frame's size.
    static FRAME: RefCell<FrameRaster> = RefCell::new(FrameRaster::default());
}

fn get(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn num(obj: &JsValue, key: &str) -> Option<f64> {
    get(obj, key)
        .as_f64()
        .filter(|v| v.is_finite() && *v >= 0.0)
}

/// Largest frame side accepted, device pixels: a bad message must not allocate gigabytes.
const MAX_SIDE: f64 = 16_384.0;

pub fn run(scope: &DedicatedWorkerGlobalScope, data: JsValue) {
    let id = get(&data, "id");
    let msg = Object::new();
    let _ = Reflect::set(&msg, &"kind".into(), &"band".into());
    let _ = Reflect::set(&msg, &"id".into(), &id);
    let perf = js_sys::global()
        .dyn_into::<web_sys::WorkerGlobalScope>()
        .ok()
        .and_then(|g| g.performance());
    let now = || perf.as_ref().map_or(0.0, |p| p.now());
    let t0 = now();
    match draw(&data) {
        Ok(pixels) => {
            let _ = Reflect::set(&msg, &"ms".into(), &(now() - t0).into());
            let _ = Reflect::set(&msg, &"pixels".into(), &pixels);
            let _ = scope.post_message_with_transfer(&msg, &Array::of1(&pixels.buffer()));
        }
        Err(e) => {
            let _ = Reflect::set(&msg, &"error".into(), &e.into());
            let _ = scope.post_message(&msg);
        }
    }
}

fn draw(data: &JsValue) -> Result<Uint32Array, String> {
    let side = |k: &str| {
        num(data, k)
            .filter(|v| *v <= MAX_SIDE)
            .map(|v| v as usize)
            .ok_or_else(|| format!("band message: bad {k}"))
    };
    let (width, height, y0, y1) = (side("width")?, side("height")?, side("y0")?, side("y1")?);
    if y0 > y1 || y1 > height {
        return Err(format!("band message: rows {y0}..{y1} outside 0..{height}"));
    }
    let dpr = num(data, "dpr").filter(|d| *d > 0.0).unwrap_or(1.0) as f32;
    let background = {
        let b = get(data, "background");
        (!b.is_null() && !b.is_undefined()).then(|| {
            let c = Uint8Array::new(&b).to_vec();
            Rgba(
                c.first().copied().unwrap_or(0),
                c.get(1).copied().unwrap_or(0),
                c.get(2).copied().unwrap_or(0),
                c.get(3).copied().unwrap_or(255),
            )
        })
    };
    let bytes = Uint8Array::new(&get(data, "cmds")).to_vec();
    let cmds = wire::decode(&bytes).map_err(|e| e.to_string())?;
    drop(bytes);
    Ok(FRAME.with(|f| {
        let mut f = f.borrow_mut();
        f.begin_band(width, height, y0..y1, background);
        f.draw(&cmds, dpr);
        Uint32Array::from(f.band_pixels(y0..y1))
    }))
}
