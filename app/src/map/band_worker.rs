//! The map's second core: a worker that rasterises one band of a heavy frame while the
//! page rasterises the other (`painter::paint_split`).
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
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{MessageEvent, Worker};

const WORKER_URL: &str = "./import_worker_loader.js";

/// What the worker sent back for a band.
pub struct BandReply {
    pub id: u32,
    /// The band's premultiplied pixels and the worker's time for it, ms; or why not.
    pub pixels: Result<(Vec<u32>, f64), String>,
}

enum State {
    Off,
    Starting(Worker),
    Ready(Worker),
    Failed,
}

thread_local! {
    static STATE: RefCell<State> = const { RefCell::new(State::Off) };
    static ON_REPLY: Cell<Option<fn(BandReply)>> = const { Cell::new(None) };
}

fn field(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// Whether a band can be sent now; starts the worker (replies go to `on_reply`) if it
/// never was.
pub fn ready(on_reply: fn(BandReply)) -> bool {
    ON_REPLY.with(|r| r.set(Some(on_reply)));
    STATE.with(|s| {
        let mut s = s.borrow_mut();
        match &*s {
            State::Ready(_) => true,
            State::Starting(_) | State::Failed => false,
            State::Off => {
                *s = start().map_or(State::Failed, State::Starting);
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

fn start() -> Option<Worker> {
    let worker = Worker::new(WORKER_URL).ok()?;
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
        let data = ev.data();
        if field(&data, "ready").is_truthy() {
            STATE.with(|s| {
                let mut s = s.borrow_mut();
                if let State::Starting(w) = &*s {
                    *s = State::Ready(w.clone());
                }
            });
            return;
        }
        let id = field(&data, "id").as_f64().unwrap_or(-1.0) as u32;
        let error = field(&data, "error");
        let pixels = if let Some(e) = error.as_string() {
            Err(e)
        } else {
            let px = field(&data, "pixels");
            match px.dyn_into::<Uint32Array>() {
                Ok(px) => Ok((px.to_vec(), field(&data, "ms").as_f64().unwrap_or(0.0))),
                Err(_) => Err("band reply without pixels".into()),
            }
        };
        reply(BandReply { id, pixels });
    });
    let on_error =
        Closure::<dyn FnMut(web_sys::ErrorEvent)>::new(move |ev: web_sys::ErrorEvent| {
            fail(&format!(
                "绘制线程出错 / map worker error: {}",
                ev.message()
            ));
        });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    // The worker lives as long as the page.
    on_message.forget();
    on_error.forget();
    Some(worker)
}

/// Stops using the worker: the band in flight (any id) is answered with `why`, so the
/// page draws it itself.
pub fn fail(why: &str) {
    STATE.with(|s| {
        if let State::Starting(w) | State::Ready(w) = &*s.borrow() {
            w.terminate();
        }
        *s.borrow_mut() = State::Failed;
    });
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
    let worker = STATE.with(|s| match &*s.borrow() {
        State::Ready(w) => Some(w.clone()),
        _ => None,
    });
    let worker = worker.ok_or("map worker not ready")?;
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
    worker
        .post_message_with_transfer(&msg, &Array::of1(&bytes.buffer()))
        .map_err(|e| crate::browser::js_error_text(&e))
}
