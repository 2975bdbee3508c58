//! One instance of the engine worker (`app/src/bin/import_worker.rs`), as imports, reports
//! and the map's bands each start one: the `Worker`, its "ready" and the message posted
//! before it.
//!
//! Why here once: messages posted while the worker's wasm is still loading have no
//! handler and are lost, so every user has to wait for `{ ready: true }`. Each user keeps
//! its own protocol; this only starts, posts and forwards.
//!
//! The worker is a plain `Worker`, not gloo-worker: gloo-worker serialises every message
//! through its codec, so it could neither pass a `File` handle nor transfer buffers.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{Array, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{MessageEvent, Worker};

use crate::browser::js_error_text;

/// The loader Trunk writes for the `import_worker` binary (workers keep unhashed names).
const WORKER_URL: &str = "./import_worker_loader.js";

pub struct EngineWorker {
    worker: Worker,
    ready: Rc<Cell<bool>>,
    /// The message posted before "ready", sent when it comes (one job at a time).
    queued: Rc<RefCell<Option<(JsValue, Array)>>>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::ErrorEvent)>,
}

/// A field of a message.
pub fn field(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

impl EngineWorker {
    /// Starts an instance: `on_message` gets every message after "ready", `on_error` the
    /// text of an error event (a crash). `what` names the thread in the error of a failed
    /// start, Chinese and English.
    pub fn spawn(
        what: &str,
        mut on_message: impl FnMut(JsValue) + 'static,
        mut on_error: impl FnMut(String) + 'static,
    ) -> Result<Self, String> {
        let worker = Worker::new(WORKER_URL)
            .map_err(|e| format!("无法启动{what}: {}", js_error_text(&e)))?;
        let ready = Rc::new(Cell::new(false));
        let queued: Rc<RefCell<Option<(JsValue, Array)>>> = Rc::new(RefCell::new(None));
        let (ready2, queued2, worker2) = (ready.clone(), queued.clone(), worker.clone());
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
            let data = ev.data();
            if field(&data, "ready").is_truthy() {
                ready2.set(true);
                if let Some((msg, transfer)) = queued2.borrow_mut().take() {
                    let _ = worker2.post_message_with_transfer(&msg, &transfer);
                }
                return;
            }
            on_message(data);
        });
        let on_error =
            Closure::<dyn FnMut(web_sys::ErrorEvent)>::new(move |ev: web_sys::ErrorEvent| {
                on_error(ev.message());
            });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(EngineWorker {
            worker,
            ready,
            queued,
            _on_message: on_message,
            _on_error: on_error,
        })
    }

    /// Whether the worker said it is ready.
    pub fn is_ready(&self) -> bool {
        self.ready.get()
    }

    /// Posts `msg`, moving the buffers in `transfer`; before "ready" it is kept (replacing
    /// one kept earlier) and sent then.
    pub fn post(&self, msg: &JsValue, transfer: &Array) -> Result<(), String> {
        if self.ready.get() {
            self.worker
                .post_message_with_transfer(msg, transfer)
                .map_err(|e| js_error_text(&e))
        } else {
            *self.queued.borrow_mut() = Some((msg.clone(), transfer.clone()));
            Ok(())
        }
    }

    pub fn terminate(&self) {
        self.worker.terminate();
    }
}
