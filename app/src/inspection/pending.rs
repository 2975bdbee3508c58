//! Work not yet in IndexedDB, across the open screens: text typed within the last moments
//! (saved after a short pause) and writes under way. Whatever would end the page first
//! saves it: the tab going to the background or being hidden (a tablet's browser may be
//! killed there without another event) and the update banner's 重新加载, which also waits
//! for the writes to commit.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Commits what a screen holds; true when nothing is left unsaved there.
type Flush = Rc<dyn Fn() -> bool>;

thread_local! {
    static FLUSHERS: RefCell<Vec<(u64, Flush)>> = const { RefCell::new(Vec::new()) };
    static NEXT_ID: Cell<u64> = const { Cell::new(0) };
    static WRITES: Cell<u32> = const { Cell::new(0) };
    static HOOKED: Cell<bool> = const { Cell::new(false) };
}

/// Registers a screen's flush; [`unregister`] it when the screen goes.
pub fn register(flush: impl Fn() -> bool + 'static) -> u64 {
    install_page_hooks();
    let id = NEXT_ID.with(|n| {
        n.set(n.get() + 1);
        n.get()
    });
    FLUSHERS.with(|f| f.borrow_mut().push((id, Rc::new(flush))));
    id
}

pub fn unregister(id: u64) {
    FLUSHERS.with(|f| f.borrow_mut().retain(|(i, _)| *i != id));
}

/// Commits every open screen's pending input; true when all of it was accepted (a refused
/// or failed one stays on its screen with its reason).
pub fn flush_all() -> bool {
    // Cloned out first: a flush may open or close screens.
    let all: Vec<Flush> = FLUSHERS.with(|f| f.borrow().iter().map(|(_, f)| f.clone()).collect());
    // Every one runs, even after one that is not clean.
    let mut clean = true;
    for f in &all {
        clean &= f();
    }
    clean
}

/// Counts a write from start to end (drop), for [`settled`].
pub struct Writing(());

impl Writing {
    pub fn start() -> Self {
        WRITES.with(|w| w.set(w.get() + 1));
        Writing(())
    }
}

impl Drop for Writing {
    fn drop(&mut self) {
        WRITES.with(|w| w.set(w.get().saturating_sub(1)));
    }
}

/// Resolves once no write is under way (true), or after `timeout_ms` (false).
pub async fn settled(timeout_ms: f64) -> bool {
    let start = js_sys::Date::now();
    loop {
        if WRITES.with(Cell::get) == 0 {
            return true;
        }
        if js_sys::Date::now() - start > timeout_ms {
            return false;
        }
        crate::browser::sleep_ms(30).await;
    }
}

/// Flushes when the page is hidden or left: the last events a killed background tab sees.
fn install_page_hooks() {
    if HOOKED.with(|h| h.replace(true)) {
        return;
    }
    let Some(window) = web_sys::window() else {
        return;
    };
    let on_hide = Closure::<dyn FnMut()>::new(move || {
        let hidden = web_sys::window()
            .and_then(|w| w.document())
            .is_none_or(|d| d.visibility_state() == web_sys::VisibilityState::Hidden);
        if hidden {
            flush_all();
        }
    });
    if let Some(doc) = window.document() {
        let _ = doc
            .add_event_listener_with_callback("visibilitychange", on_hide.as_ref().unchecked_ref());
    }
    let _ = window.add_event_listener_with_callback("pagehide", on_hide.as_ref().unchecked_ref());
    on_hide.forget(); // lives as long as the page
}
