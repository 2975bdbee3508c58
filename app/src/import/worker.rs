//! The only `postMessage` code: spawns the import worker and decodes its replies.

use geo_core::dto::{decode_outcome, ImportOutcome, OptionsDto};
use js_sys::{Object, Reflect, Uint8Array};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{MessageEvent, Worker};

use crate::browser::js_error_text;

/// The loader Trunk writes for the `import_worker` binary (workers keep unhashed names).
const WORKER_URL: &str = "./import_worker_loader.js";

pub enum ReplyBody {
    /// A stage name from the worker ("parse") and the fraction done, when known.
    Stage(&'static str, Option<f64>),
    /// The decoded outcome and the layer's feature chunks, still as JS buffers.
    Outcome(Result<ImportOutcome, String>, Vec<Uint8Array>),
}

pub struct Reply {
    pub id: u32,
    pub body: ReplyBody,
}

pub struct ImportWorker {
    worker: Worker,
    /// False until the worker has loaded its wasm and said so.
    ready: Rc<Cell<bool>>,
    /// A request made before then, sent on "ready".
    queued: Rc<RefCell<Option<JsValue>>>,
    // Kept alive as long as the worker.
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::ErrorEvent)>,
}

fn field(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

impl ImportWorker {
    pub fn spawn(on_reply: impl Fn(Reply) + 'static) -> Result<Self, String> {
        let worker = Worker::new(WORKER_URL).map_err(|e| {
            format!(
                "无法启动解析线程 / cannot start the worker: {}",
                js_error_text(&e)
            )
        })?;
        let on_reply = Rc::new(on_reply);
        let reply = on_reply.clone();
        let ready = Rc::new(Cell::new(false));
        let queued: Rc<RefCell<Option<JsValue>>> = Rc::new(RefCell::new(None));
        let (ready2, queued2, worker2) = (ready.clone(), queued.clone(), worker.clone());
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
            let data = ev.data();
            if field(&data, "ready").is_truthy() {
                ready2.set(true);
                if let Some(msg) = queued2.borrow_mut().take() {
                    let _ = worker2.post_message(&msg);
                }
                return;
            }
            let id = field(&data, "id").as_f64().unwrap_or(-1.0) as u32;
            let outcome = field(&data, "outcome");
            let body = if outcome.is_undefined() {
                ReplyBody::Stage(
                    match field(&data, "stage").as_string().as_deref() {
                        Some("parse") => "解析数据",
                        _ => "处理中",
                    },
                    field(&data, "progress").as_f64(),
                )
            } else {
                let chunks = js_sys::Array::from(&field(&data, "chunks"))
                    .iter()
                    .map(Uint8Array::from)
                    .collect();
                ReplyBody::Outcome(decode_outcome(&Uint8Array::new(&outcome).to_vec()), chunks)
            };
            reply(Reply { id, body });
        });
        let on_error =
            Closure::<dyn FnMut(web_sys::ErrorEvent)>::new(move |ev: web_sys::ErrorEvent| {
                // A crash in the worker (should not happen: readers return errors) still ends
                // the job with a message instead of an endless spinner.
                on_reply(Reply {
                    id: u32::MAX,
                    body: ReplyBody::Outcome(
                        Err(format!("解析线程出错 / worker error: {}", ev.message())),
                        Vec::new(),
                    ),
                });
            });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(ImportWorker {
            worker,
            ready,
            queued,
            _on_message: on_message,
            _on_error: on_error,
        })
    }

    /// Sends the file handle (structured clone of a File copies no bytes) and the options.
    pub fn post(
        &self,
        id: u32,
        file: &str,
        blob: &web_sys::Blob,
        options: &OptionsDto,
    ) -> Result<(), String> {
        let msg = Object::new();
        let set = |k: &str, v: &JsValue| Reflect::set(&msg, &JsValue::from_str(k), v).map(|_| ());
        let options = serde_json::to_string(options).map_err(|e| e.to_string())?;
        set("id", &JsValue::from(id))
            .and_then(|_| set("file", &JsValue::from_str(file)))
            .and_then(|_| set("blob", blob))
            .and_then(|_| set("options", &JsValue::from_str(&options)))
            .map_err(|e| js_error_text(&e))?;
        if self.ready.get() {
            self.worker
                .post_message(&msg)
                .map_err(|e| js_error_text(&e))
        } else {
            *self.queued.borrow_mut() = Some(msg.into());
            Ok(())
        }
    }

    pub fn terminate(&self) {
        self.worker.terminate();
    }
}
