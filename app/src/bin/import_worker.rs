//! The import worker: parses files off the UI thread. Built by Trunk as a classic worker
//! (`data-type="worker"`); it is the only code that runs there.
//!
//! Protocol (**API Boundary**, see `app/src/import/worker.rs`): the page posts
//! `{ id, file, blob: File, options: JSON }`; the worker answers
//! `{ ready: true }` once loaded, `{ id, stage }` while it works and `{ id, outcome: Uint8Array }` (bincode
//! `geo_core::dto::ImportOutcome`) when done.

use geo_core::dto::{encode_outcome, run_import, OptionsDto};
use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

fn get(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn post_stage(scope: &DedicatedWorkerGlobalScope, id: &JsValue, stage: &str) {
    let msg = Object::new();
    let _ = Reflect::set(&msg, &"id".into(), id);
    let _ = Reflect::set(&msg, &"stage".into(), &stage.into());
    let _ = scope.post_message(&msg);
}

fn main() {
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let scope2 = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
        let data = ev.data();
        let id = get(&data, "id");
        let file = get(&data, "file")
            .as_string()
            .unwrap_or_else(|| "file".into());
        // The page sends the File itself (a cheap handle); reading it here keeps even a
        // 200 MB file's bytes off the UI thread.
        let bytes = match get(&data, "blob")
            .dyn_into::<web_sys::Blob>()
            .map(|b| web_sys::FileReaderSync::new().and_then(|r| r.read_as_array_buffer(&b)))
        {
            Ok(Ok(buf)) => Uint8Array::new(&buf).to_vec(),
            _ => Uint8Array::new(&get(&data, "bytes")).to_vec(),
        };
        let options: OptionsDto = get(&data, "options")
            .as_string()
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or_default();
        post_stage(&scope2, &id, "parse");
        let outcome = encode_outcome(&run_import(&file, &bytes, &options));
        let out = Uint8Array::from(outcome.as_slice());
        let msg = Object::new();
        let _ = Reflect::set(&msg, &"id".into(), &id);
        let _ = Reflect::set(&msg, &"outcome".into(), &out);
        let transfer = Array::of1(&out.buffer());
        let _ = scope2.post_message_with_transfer(&msg, &transfer);
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    // Messages that arrived while the wasm was loading had no handler and are gone: say
    // we are ready so the page sends its request now.
    let ready = Object::new();
    let _ = Reflect::set(&ready, &"ready".into(), &JsValue::TRUE);
    let _ = scope.post_message(&ready);
}
