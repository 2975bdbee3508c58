//! Long work on the UI thread cut into slices with a yield between them, so no task holds
//! the page for long: adding an imported layer, restyling a large one.

use wasm_bindgen::JsCast;

/// Work per slice before yielding: well under the 50 ms a task may take, leaving room for
/// the frame the browser draws in between.
const BUDGET_MS: f64 = 8.0;

/// The map redraws a layer being changed in slices at most this often: each redraw walks
/// the layer, and doing it after every slice would double the work.
const REDRAW_EVERY_MS: f64 = 400.0;

/// Layers larger than this are not redrawn until their slices are done: a frame of such a
/// layer took 27–34 ms on a loaded machine, and with the rest of its task it passed the
/// 50 ms a task may take (the 200 MB import's e2e saw one such task in a CI run). The
/// progress bar shows the work meanwhile.
const REDRAW_LIMIT_FEATURES: usize = 200_000;

/// Redraws the map now and then while a layer of `features` is changed in slices: at most
/// every [`REDRAW_EVERY_MS`], and not at all for a layer over [`REDRAW_LIMIT_FEATURES`].
/// The caller redraws once more when the work is done.
pub struct Redraws {
    every_ms: Option<f64>,
    last: f64,
}

impl Redraws {
    pub fn new(features: usize) -> Self {
        Redraws {
            every_ms: (features <= REDRAW_LIMIT_FEATURES).then_some(REDRAW_EVERY_MS),
            last: now(),
        }
    }

    /// Whether a redraw is due; if so, it counts as done.
    pub fn due(&mut self) -> bool {
        match self.every_ms {
            Some(every) if now() - self.last > every => {
                self.last = now();
                true
            }
            _ => false,
        }
    }
}

fn now() -> f64 {
    js_sys::Date::now()
}

/// Lets the browser run its queue (input, a frame) before the next slice.
pub async fn yield_now() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback(resolve.unchecked_ref());
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Feature slices sized so each takes about [`BUDGET_MS`]: starts small, then scales by the
/// time the last slice took.
pub struct Slicer {
    size: usize,
}

impl Slicer {
    pub fn new() -> Self {
        Slicer { size: 500 }
    }

    /// Runs `step` over `0..total` in slices, yielding between them, until it is done or
    /// `step` returns false (the work was overtaken); `progress` gets the fraction done.
    pub async fn run(
        &mut self,
        total: usize,
        mut step: impl FnMut(std::ops::Range<usize>) -> bool,
        mut progress: impl FnMut(f64),
    ) {
        let mut at = 0;
        while at < total {
            let end = (at + self.size).min(total);
            let t0 = now();
            if !step(at..end) {
                return;
            }
            let took = (now() - t0).max(0.1);
            let scaled = (self.size as f64 * BUDGET_MS / took) as usize;
            self.size = scaled.clamp(50, self.size.saturating_mul(2).max(50));
            at = end;
            progress(at as f64 / total as f64);
            yield_now().await;
        }
    }
}
