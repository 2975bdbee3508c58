//! The page's side of imports: an engine-worker instance (`crate::engine_worker`) for
//! them, their requests and their decoded replies.

use geo_core::dto::{decode_outcome, ImportOutcome, OptionsDto};
use js_sys::{Object, Reflect, Uint8Array};
use std::rc::Rc;
use wasm_bindgen::JsValue;

use crate::browser::js_error_text;
use crate::engine_worker::{field, EngineWorker};

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

pub struct ImportWorker(EngineWorker);

impl ImportWorker {
    pub fn spawn(on_reply: impl Fn(Reply) + 'static) -> Result<Self, String> {
        let on_reply = Rc::new(on_reply);
        let reply = on_reply.clone();
        let on_message = move |data: JsValue| {
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
        };
        let on_error = move |message: String| {
            on_reply(Reply {
                id: u32::MAX,
                body: ReplyBody::Outcome(
                    Err(format!("解析线程出错 / worker error: {message}")),
                    Vec::new(),
                ),
            });
        };
        EngineWorker::spawn("解析线程 / cannot start the worker", on_message, on_error)
            .map(ImportWorker)
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
        self.0.post(&msg, &js_sys::Array::new())
    }

    pub fn terminate(&self) {
        self.0.terminate();
    }
}
