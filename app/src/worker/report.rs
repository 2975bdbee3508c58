//! The worker's report job: fetches the CJK font once (from the service worker's cache when
//! offline), calls `geo_core::report::make_report` and posts the file back, transferred.
//!
//! Protocol (**API Boundary**, the page side is `app/src/report.rs`): the page posts
//! `{ kind: "report", id, request: JSON (geo_core::report::ReportRequest),
//! images: Uint8Array[] }`; the worker answers `{ id, stage: "font" | "layout" | "pages",
//! progress? }` while it works and `{ id, file: Uint8Array, pages, unreadable }` or
//! `{ id, error }` at the end.

use std::cell::RefCell;
use std::rc::Rc;

use geo_core::report::{make_report, ReportRequest};
use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{DedicatedWorkerGlobalScope, Response};

/// Noto Sans SC (OFL), copied from npm into `fonts/` by Trunk; relative to the worker.
const FONT_URL: &str = "fonts/NotoSansSC_400Regular.ttf";

thread_local! {
    static FONT: RefCell<Option<Rc<Vec<u8>>>> = const { RefCell::new(None) };
}

fn get(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn js_text(e: &JsValue) -> String {
    e.as_string()
        .or_else(|| {
            e.dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
        })
        .unwrap_or_else(|| format!("{e:?}"))
}

async fn font(scope: &DedicatedWorkerGlobalScope) -> Result<Rc<Vec<u8>>, String> {
    if let Some(f) = FONT.with(|f| f.borrow().clone()) {
        return Ok(f);
    }
    let resp = JsFuture::from(scope.fetch_with_str(FONT_URL))
        .await
        .map_err(|e| format!("{FONT_URL}: {}", js_text(&e)))?;
    let resp: Response = resp.dyn_into().map_err(|e| js_text(&e))?;
    if !resp.ok() {
        return Err(format!("{FONT_URL}: HTTP {}", resp.status()));
    }
    let buf = JsFuture::from(resp.array_buffer().map_err(|e| js_text(&e))?)
        .await
        .map_err(|e| js_text(&e))?;
    let bytes = Rc::new(Uint8Array::new(&buf).to_vec());
    FONT.with(|f| *f.borrow_mut() = Some(bytes.clone()));
    Ok(bytes)
}

fn post(scope: &DedicatedWorkerGlobalScope, id: &JsValue, fields: &[(&str, JsValue)]) {
    let msg = Object::new();
    let _ = Reflect::set(&msg, &"id".into(), id);
    for (k, v) in fields {
        let _ = Reflect::set(&msg, &(*k).into(), v);
    }
    let _ = scope.post_message(&msg);
}

/// Runs one report request and answers it.
pub async fn run(scope: DedicatedWorkerGlobalScope, data: JsValue) {
    let id = get(&data, "id");
    match make(&scope, &id, &data).await {
        Ok((file, pages, unreadable)) => {
            let out = Uint8Array::from(file.as_slice());
            drop(file);
            let msg = Object::new();
            let _ = Reflect::set(&msg, &"id".into(), &id);
            let _ = Reflect::set(&msg, &"file".into(), &out);
            let _ = Reflect::set(&msg, &"pages".into(), &(pages as f64).into());
            let _ = Reflect::set(&msg, &"unreadable".into(), &(unreadable as f64).into());
            let _ = scope.post_message_with_transfer(&msg, &Array::of1(&out.buffer()));
        }
        Err(e) => post(&scope, &id, &[("error", e.into())]),
    }
}

async fn make(
    scope: &DedicatedWorkerGlobalScope,
    id: &JsValue,
    data: &JsValue,
) -> Result<(Vec<u8>, usize, usize), String> {
    let request: ReportRequest = serde_json::from_str(
        &get(data, "request")
            .as_string()
            .ok_or("报告请求缺失 / no report request")?,
    )
    .map_err(|e| format!("报告请求无法读取 / unreadable report request: {e}"))?;
    let images: Vec<Vec<u8>> = Array::from(&get(data, "images"))
        .iter()
        .map(|a| Uint8Array::new(&a).to_vec())
        .collect();
    post(scope, id, &[("stage", "font".into())]);
    let font = font(scope).await?;
    post(scope, id, &[("stage", "layout".into())]);
    let file = make_report(
        request,
        images,
        font.as_ref().clone(),
        &mut |done, total| {
            post(
                scope,
                id,
                &[
                    ("stage", "pages".into()),
                    ("progress", (done as f64 / total.max(1) as f64).into()),
                ],
            )
        },
    )
    .map_err(|e| e.to_string())?;
    Ok((file.bytes, file.pages, file.unreadable_images))
}
