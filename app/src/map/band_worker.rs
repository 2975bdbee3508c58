//! The map's second core: a worker that rasterises one band of a heavy frame while the
//! page rasterises the other (`split_frame`).
//!
//! Why: zoomed out over the benchmark's 100,000 sites and 2,000 zones, a frame's raster
//! is 25–45 ms of one core; tablets and these machines have two or more. Started on the
//! first heavy frame, not with the app: until it says it is ready, frames are drawn on
//! the page alone. A worker that fails is not used again (the page draws its band).
//!
//! Protocol: see `app/src/worker/raster.rs` (the same engine worker binary as imports).

use std::cell::{Cell, RefCell};

use geo_core::risk::Rgba;
use js_sys::{Array, Object, Reflect, Uint32Array, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};

use crate::engine_worker::{field, EngineWorker};

/// What the worker sent back for a band.
pub struct BandReply {
    pub id: u32,
    /// The band's premultiplied pixels and the worker's time for it, ms; or why not.
    pub pixels: Result<(Vec<u32>, f64), String>,
}

enum State {
    Off,
    On(EngineWorker),
    Failed,
}

thread_local! {
    static STATE: RefCell<State> = const { RefCell::new(State::Off) };
    static ON_REPLY: Cell<Option<fn(BandReply)>> = const { Cell::new(None) };
}

/// Whether a band can be sent now; starts the worker (replies go to `on_reply`) if it
/// never was.
pub fn ready(on_reply: fn(BandReply)) -> bool {
    ON_REPLY.with(|r| r.set(Some(on_reply)));
    STATE.with(|s| {
        let mut s = s.borrow_mut();
        match &*s {
            State::On(w) => w.is_ready(),
            State::Failed => false,
            State::Off => {
                *s = start().map_or(State::Failed, State::On);
                false
            }
        }
    })
}

fn reply(r: BandReply) {
    if let Some(f) = ON_REPLY.with(|f| f.get()) {
        f(r);
    }
}

fn start() -> Option<EngineWorker> {
    let on_message = |data: JsValue| {
        let id = field(&data, "id").as_f64().unwrap_or(-1.0) as u32;
        let pixels = if let Some(e) = field(&data, "error").as_string() {
            Err(e)
        } else {
            match field(&data, "pixels").dyn_into::<Uint32Array>() {
                Ok(px) => Ok((px.to_vec(), field(&data, "ms").as_f64().unwrap_or(0.0))),
                Err(_) => Err("band reply without pixels".into()),
            }
        };
        reply(BandReply { id, pixels });
    };
    let on_error = |message: String| fail(&format!("绘制线程出错 / map worker error: {message}"));
    EngineWorker::spawn(
        "绘制线程 / cannot start the map worker",
        on_message,
        on_error,
    )
    .ok()
}

/// Stops using the worker: the band in flight (any id) is answered with `why`, so the
/// page draws it itself.
pub fn fail(why: &str) {
    let old = STATE.with(|s| std::mem::replace(&mut *s.borrow_mut(), State::Failed));
    if let State::On(w) = old {
        w.terminate();
        // Not dropped: `fail` may run inside the worker's own error handler, which would
        // free the closure it runs in. Once a page, a few bytes.
        std::mem::forget(w);
    }
    reply(BandReply {
        id: u32::MAX,
        pixels: Err(why.to_string()),
    });
}

/// Sends rows `rows` of a `width` × `height` frame to draw from `cmds` (wire bytes).
pub fn post(
    id: u32,
    (width, height): (usize, usize),
    rows: std::ops::Range<usize>,
    dpr: f64,
    background: Option<Rgba>,
    cmds: &[u8],
) -> Result<(), String> {
    let msg = Object::new();
    let bytes = Uint8Array::from(cmds);
    let bg: JsValue = match background {
        Some(c) => Uint8Array::from(&[c.0, c.1, c.2, c.3][..]).into(),
        None => JsValue::NULL,
    };
    for (k, v) in [
        ("kind", JsValue::from_str("band")),
        ("id", id.into()),
        ("width", (width as f64).into()),
        ("height", (height as f64).into()),
        ("y0", (rows.start as f64).into()),
        ("y1", (rows.end as f64).into()),
        ("dpr", dpr.into()),
        ("background", bg),
        ("cmds", bytes.clone().into()),
    ] {
        let _ = Reflect::set(&msg, &JsValue::from_str(k), &v);
    }
    STATE.with(|s| match &*s.borrow() {
        State::On(w) if w.is_ready() => w.post(&msg, &Array::of1(&bytes.buffer())),
        _ => Err("map worker not ready".into()),
    })
}
