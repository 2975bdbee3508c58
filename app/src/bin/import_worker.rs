//! The engine worker: parses imported files and writes reports off the UI thread. Built
//! by Trunk as a classic worker (`data-type="worker"`); it is the only code that runs
//! there. The page starts one instance for imports, one for reports, so a long import
//! never holds a report up, and one for the map's heavy frames. Report messages carry
//! `kind: "report"` (see `app/src/worker/report.rs`), a band of a map frame `kind: "band"`
//! (`app/src/worker/raster.rs`); the rest are imports.
//!
//! Protocol (**API Boundary**, see `app/src/import/worker.rs`): the page posts
//! `{ id, file, blob: File, options: JSON }`; the worker answers
//! `{ ready: true }` once loaded, `{ id, stage, progress? }` while it works and
//! `{ id, outcome: Uint8Array, chunks: Uint8Array[] }` when done: `outcome` is the bincode
//! `geo_core::dto::ImportOutcome`, `chunks` the layer's features in pieces (transferred, not
//! copied), so the page can add a huge layer a piece at a time.

use geo_core::dto::{encode_outcome, run_import_with_progress, ImportOutcome, OptionsDto};
use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

#[path = "../worker/raster.rs"]
mod raster;
#[path = "../worker/report.rs"]
mod report;

fn get(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn post_stage(
    scope: &DedicatedWorkerGlobalScope,
    id: &JsValue,
    stage: &str,
    progress: Option<f64>,
) {
    let msg = Object::new();
    let _ = Reflect::set(&msg, &"id".into(), id);
    let _ = Reflect::set(&msg, &"stage".into(), &stage.into());
    if let Some(p) = progress {
        let _ = Reflect::set(&msg, &"progress".into(), &p.into());
    }
    let _ = scope.post_message(&msg);
}

fn main() {
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let scope2 = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
        let data = ev.data();
        match get(&data, "kind").as_string().as_deref() {
            Some("report") => {
                wasm_bindgen_futures::spawn_local(report::run(scope2.clone(), data));
                return;
            }
            Some("band") => return raster::run(&scope2, data),
            _ => {}
        }
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
        post_stage(&scope2, &id, "parse", Some(0.0));
        let mut outcome = run_import_with_progress(&file, &bytes, &options, &mut |p| {
            post_stage(&scope2, &id, "parse", Some(p))
        });
        drop(bytes);
        let chunks = match &mut outcome {
            ImportOutcome::Ok { chunks, .. } => std::mem::take(chunks),
            ImportOutcome::Failed { .. } => Vec::new(),
        };
        let out = Uint8Array::from(encode_outcome(&outcome).as_slice());
        let transfer = Array::of1(&out.buffer());
        let list = Array::new();
        for c in chunks {
            let c = Uint8Array::from(c.as_slice());
            transfer.push(&c.buffer());
            list.push(&c);
        }
        let msg = Object::new();
        let _ = Reflect::set(&msg, &"id".into(), &id);
        let _ = Reflect::set(&msg, &"outcome".into(), &out);
        let _ = Reflect::set(&msg, &"chunks".into(), &list);
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
