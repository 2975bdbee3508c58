//! A heavy frame drawn by two cores: the worker (`band_worker`) rasterises the lower band
//! from its own list while the page lists and rasterises the upper one; the frame goes on
//! the canvas when both are done.
//!
//! Why: the benchmark's slowest frames (zoom 9–10.5 over 100,000 sites and 2,000 zones)
//! spend 25–45 ms in the raster and 5–11 ms in the list on one core. The page sends the
//! worker its band's list first, so the worker starts while the page is still listing its
//! own; the cut is moved frame by frame so that both finish together. Measured on this
//! project's 2-core machine (the benchmark with `--bands=1` and without, same build, side
//! by side): p95 44–45 ms alone, 40 ms split. The second core is not idle here: Chromium
//! composites and rasterises on it, and the page's answer from the worker waits behind
//! the browser's work after the animation frame (2–15 ms); tablets have more cores.
//!
//! While a frame is in flight no other starts (`in_flight`); the map asks again when it
//! lands. A worker that errs, or has not answered after [`TIMEOUT_MS`], is dropped and its
//! band drawn here, so a frame always lands.

use std::cell::{Cell, RefCell};

use geo_core::scene::{wire, DrawCmd, FrameRaster};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::CanvasRenderingContext2d;

use super::band_worker::{self, BandReply};
use super::painter::{self, FrameParts, Painted, BACKGROUND};

/// A whole frame whose raster took at least this long (both bands) is split next time.
/// Below it the message round trip and the second list are not worth it.
const SPLIT_MIN_MS: f64 = 10.0;
/// A band the worker has not answered by then is drawn here, and the worker dropped.
const TIMEOUT_MS: i32 = 3000;
/// Messages both ways and decoding, ms: the worker's band starts that much late.
const WORKER_OVERHEAD_MS: f64 = 1.0;

/// The frame waiting for the worker's band.
struct InFlight {
    id: u32,
    ctx: CanvasRenderingContext2d,
    /// The worker's rows: from here to the frame's foot.
    y0: usize,
    dpr: f64,
    /// The worker's list, drawn here if the worker fails.
    theirs: Vec<DrawCmd>,
    labels: Vec<DrawCmd>,
    /// The page's raster of its band, and when it ended, ms.
    page_ms: f64,
    page_done: f64,
    /// The page's list of its band, ms (for the next cut).
    page_list_ms: f64,
    then: Option<Box<dyn FnOnce(Painted)>>,
}

/// A band [`send`] sent (or failed to send: `sent` false) and the list it was drawn from,
/// for [`paint`].
pub struct Sent {
    id: u32,
    y0: usize,
    theirs: Vec<DrawCmd>,
    sent: bool,
}

thread_local! {
    static IN_FLIGHT: RefCell<Option<InFlight>> = const { RefCell::new(None) };
    static NEXT_ID: Cell<u32> = const { Cell::new(0) };
    /// The last whole frame's raster, both bands, ms: whether the next is split.
    static LAST_WHOLE_MS: Cell<f64> = const { Cell::new(0.0) };
    /// The page's share of the rows, moved after each split frame.
    static SHARE: Cell<f64> = const { Cell::new(0.45) };
}

/// Whether a split frame is waiting for its band: no other frame may start.
pub fn in_flight() -> bool {
    IN_FLIGHT.with(|f| f.borrow().is_some())
}

/// Records what a frame drawn on the page alone cost: a whole raster's time decides
/// whether the next whole frame is split; a shift's strips say nothing of it.
pub fn note_frame(painted: Painted, raster_ms: f64) {
    match painted {
        Painted::Whole => LAST_WHOLE_MS.with(|m| m.set(raster_ms)),
        Painted::Calls => LAST_WHOLE_MS.with(|m| m.set(0.0)),
        _ => {}
    }
}

/// The first row of the worker's band if the next whole frame of `height` device rows
/// should be split, else `None` (and the worker is started if frames are heavy and it
/// never was).
///
/// `?bands=1` in the page's address never splits, `?bands=2` splits every whole frame
/// once the worker is up: for comparing the two (the end-to-end tests) and for anyone
/// asking whether the worker is to blame.
pub fn cut(height: usize) -> Option<usize> {
    let forced = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .and_then(|q| {
            q.trim_start_matches('?')
                .split('&')
                .find_map(|kv| kv.strip_prefix("bands="))
                .map(str::to_owned)
        });
    let heavy = LAST_WHOLE_MS.with(|m| m.get()) >= SPLIT_MIN_MS;
    let split = match forced.as_deref() {
        Some("1") => false,
        Some("2") => true,
        _ => heavy,
    };
    if !split || height < 64 {
        return None;
    }
    if !band_worker::ready(on_reply) {
        return None;
    }
    let rows = (SHARE.with(|s| s.get()) * height as f64) as usize;
    Some((rows / 4 * 4).clamp(16, height - 16))
}

/// Sends the worker rows `y0..` of a `width` × `height` frame at `dpr` to draw from
/// `theirs` (CSS pixels; only what reaches the band is sent).
pub fn send(theirs: Vec<DrawCmd>, y0: usize, (width, height): (usize, usize), dpr: f64) -> Sent {
    let id = NEXT_ID.with(|n| {
        let id = n.get().wrapping_add(1) % u32::MAX;
        n.set(id);
        id
    });
    let bytes = wire::encode_band(&theirs, (y0 as f64 / dpr) as f32, f32::INFINITY);
    let sent = band_worker::post(
        id,
        (width, height),
        y0..height,
        dpr,
        Some(BACKGROUND),
        &bytes,
    )
    .is_ok();
    Sent {
        id,
        y0,
        theirs,
        sent,
    }
}

/// Rasterises the page's band (rows above the one [`send`] sent) from `mine`, then waits
/// for the worker's: `then` runs when the whole frame and the labels are on the canvas
/// (at once if the band could not be sent).
pub fn paint(
    sent: Sent,
    ctx: &CanvasRenderingContext2d,
    mine: &[DrawCmd],
    labels: Vec<DrawCmd>,
    dpr: f64,
    page_list_ms: f64,
    then: Box<dyn FnOnce(Painted)>,
) {
    let Sent {
        id,
        y0,
        theirs,
        sent,
    } = sent;
    let (w, h) = ctx
        .canvas()
        .map_or((0, 0), |c| (c.width() as usize, c.height() as usize));
    let t0 = painter::now_ms();
    painter::with_screen(|f| {
        f.begin_band(w, h, 0..y0, Some(BACKGROUND));
        f.draw(mine, dpr as f32);
        f.finish();
    });
    let page_done = painter::now_ms();
    // For tests waiting for a settled map (`waitForPaint`).
    flag(ctx, true);
    IN_FLIGHT.with(|f| {
        *f.borrow_mut() = Some(InFlight {
            id,
            ctx: ctx.clone(),
            y0,
            dpr,
            theirs,
            labels,
            page_ms: page_done - t0,
            page_done,
            page_list_ms,
            then: Some(then),
        })
    });
    if !sent {
        land(BandReply {
            id,
            pixels: Err("not sent".into()),
        });
        return;
    }
    let timeout = Closure::once_into_js(move || {
        if IN_FLIGHT.with(|f| f.borrow().as_ref().is_some_and(|f| f.id == id)) {
            band_worker::fail("绘制线程无响应 / map worker timed out");
        }
    });
    if let Some(w) = web_sys::window() {
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(
            timeout.unchecked_ref(),
            TIMEOUT_MS,
        );
    }
}

fn on_reply(reply: BandReply) {
    land(reply);
}

/// Completes the frame in flight with the worker's band (or, failing that, one drawn
/// here): on the canvas, labels over it, then the map's `then`.
fn land(reply: BandReply) {
    let arrived = painter::now_ms();
    let matches = IN_FLIGHT.with(|f| {
        f.borrow()
            .as_ref()
            .is_some_and(|f| reply.id == f.id || reply.id == u32::MAX)
    });
    if !matches {
        return;
    }
    let Some(mut f) = IN_FLIGHT.with(|f| f.borrow_mut().take()) else {
        return;
    };
    let (w, h) = painter::with_screen(|s| s.size());
    let rows = f.y0..h;
    let mut worker_ms = 0.0;
    let laid = match reply.pixels {
        Ok((pixels, ms)) => {
            worker_ms = ms;
            painter::with_screen(|s| s.put_band(f.y0, &pixels))
        }
        Err(_) => false,
    };
    if !laid {
        // Drawn here instead: the same pixels, later.
        let mut band = FrameRaster::default();
        band.begin_band(w, h, rows.clone(), Some(BACKGROUND));
        band.draw(&f.theirs, f.dpr as f32);
        painter::with_screen(|s| s.put_band(f.y0, band.band_pixels(rows.clone())));
    }
    let t = painter::now_ms();
    let put = painter::put_screen(&f.ctx);
    if !put {
        painter::with_screen(FrameRaster::forget);
    }
    let t2 = painter::now_ms();
    let labels = painter::draw_labels(&f.ctx, &f.labels, f.dpr);
    painter::set_parts(FrameParts {
        raster: f.page_ms,
        put: t2 - t,
        labels,
        worker: worker_ms,
        wait: arrived - f.page_done,
        bands: 2,
    });
    LAST_WHOLE_MS.with(|m| m.set(f.page_ms + worker_ms));
    if laid && h > 0 {
        // Move the cut so both sides end together next time: the page lists and draws
        // its rows, the worker draws its own after the messages.
        let page_rows = f.y0 as f64;
        let worker_rows = (h - f.y0) as f64;
        let rp = f.page_ms / page_rows.max(1.0);
        let rw = worker_ms / worker_rows.max(1.0);
        if rp + rw > 0.0 {
            let s = (WORKER_OVERHEAD_MS + rw * h as f64 - f.page_list_ms) / (rp + rw);
            let share = (s / h as f64).clamp(0.2, 0.8);
            SHARE.with(|c| c.set(0.5 * c.get() + 0.5 * share));
        }
    }
    if let Some(then) = f.then.take() {
        then(if put {
            Painted::Split
        } else {
            Painted::Refused
        });
    }
    flag(&f.ctx, false);
}

/// Marks the canvas while a split frame waits for its band (`data-in-flight`).
fn flag(ctx: &CanvasRenderingContext2d, on: bool) {
    if let Some(c) = ctx.canvas() {
        let _ = c.set_attribute("data-in-flight", if on { "1" } else { "0" });
    }
}
