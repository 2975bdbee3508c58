//! The page's side of report making: one engine-worker instance kept for reports (a long
//! import in the other instance never holds a report up), one job at a time, each a
//! promise resolved by the worker's answer. Protocol: `app/src/worker/report.rs`.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use geo_core::report::ReportRequest;
use js_sys::{Array, Function, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

use crate::browser::js_error_text;
use crate::engine_worker::{field, EngineWorker};

/// What the worker is doing, for the progress bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Stage {
    pub text: &'static str,
    /// 0–1 when known.
    pub fraction: Option<f64>,
}

/// A finished file.
pub struct Done {
    pub file: Uint8Array,
    pub pages: u32,
    pub unreadable: u32,
}

struct Job {
    id: u32,
    on_stage: Rc<dyn Fn(Stage)>,
    resolve: Function,
    reject: Function,
}

struct ReportWorker {
    worker: EngineWorker,
    job: Rc<RefCell<Option<Job>>>,
}

thread_local! {
    static WORKER: RefCell<Option<Rc<ReportWorker>>> = const { RefCell::new(None) };
    static NEXT_ID: Cell<u32> = const { Cell::new(1) };
}

fn stage_text(stage: &str) -> &'static str {
    match stage {
        "font" => "载入字体",
        "layout" => "排版",
        "pages" => "写入页面",
        _ => "处理中",
    }
}

impl ReportWorker {
    fn spawn() -> Result<Rc<Self>, String> {
        let job: Rc<RefCell<Option<Job>>> = Rc::new(RefCell::new(None));
        let job2 = job.clone();
        let on_message = move |data: JsValue| {
            let id = field(&data, "id").as_f64().unwrap_or(-1.0) as u32;
            let mut slot = job2.borrow_mut();
            let Some(j) = slot.as_ref().filter(|j| j.id == id) else {
                return;
            };
            let file = field(&data, "file");
            let error = field(&data, "error");
            if let Some(stage) = field(&data, "stage").as_string() {
                let on_stage = j.on_stage.clone();
                drop(slot);
                on_stage(Stage {
                    text: stage_text(&stage),
                    fraction: field(&data, "progress").as_f64(),
                });
            } else if !file.is_undefined() {
                let j = slot.take().expect("checked above");
                let _ = j.resolve.call1(&JsValue::NULL, &data);
            } else {
                let j = slot.take().expect("checked above");
                let text = error
                    .as_string()
                    .unwrap_or_else(|| "报告线程无应答 / no answer from the worker".into());
                let _ = j.reject.call1(&JsValue::NULL, &JsValue::from_str(&text));
            }
        };
        let job3 = job.clone();
        // A crash (out of memory, a bug) ends the job with a message, never a progress
        // bar that stops forever.
        let on_error = move |message: String| {
            if let Some(j) = job3.borrow_mut().take() {
                let text = format!("报告线程出错 / worker error: {message}");
                let _ = j.reject.call1(&JsValue::NULL, &JsValue::from_str(&text));
            }
        };
        let worker = EngineWorker::spawn(
            "报告线程 / cannot start the report worker",
            on_message,
            on_error,
        )?;
        Ok(Rc::new(ReportWorker { worker, job }))
    }

    fn shared() -> Result<Rc<Self>, String> {
        if let Some(w) = WORKER.with(|w| w.borrow().clone()) {
            return Ok(w);
        }
        let w = Self::spawn()?;
        WORKER.with(|slot| *slot.borrow_mut() = Some(w.clone()));
        Ok(w)
    }
}

/// Has the worker write the report; `images` are transferred (the page's copies are
/// emptied). `on_stage` follows the work.
pub async fn make(
    request: &ReportRequest,
    images: Vec<Uint8Array>,
    on_stage: impl Fn(Stage) + 'static,
) -> Result<Done, String> {
    let w = ReportWorker::shared()?;
    if w.job.borrow().is_some() {
        return Err("上一份报告还在生成 / a report is already being made".into());
    }
    let id = NEXT_ID.with(|n| {
        let id = n.get();
        n.set(id + 1);
        id
    });
    let json = serde_json::to_string(request).map_err(|e| e.to_string())?;
    let msg = Object::new();
    let list = Array::new();
    let transfer = Array::new();
    for img in &images {
        transfer.push(&img.buffer());
        list.push(img);
    }
    for (k, v) in [
        ("kind", JsValue::from_str("report")),
        ("id", JsValue::from(id)),
        ("request", JsValue::from_str(&json)),
        ("images", list.into()),
    ] {
        Reflect::set(&msg, &JsValue::from_str(k), &v).map_err(|e| js_error_text(&e))?;
    }
    let on_stage: Rc<dyn Fn(Stage)> = Rc::new(on_stage);
    let mut post_error = None;
    let promise = Promise::new(&mut |resolve, reject| {
        *w.job.borrow_mut() = Some(Job {
            id,
            on_stage: on_stage.clone(),
            resolve,
            reject,
        });
        if let Err(e) = w.worker.post(&msg, &transfer) {
            post_error = Some(e);
        }
    });
    if let Some(e) = post_error {
        w.job.borrow_mut().take();
        return Err(e);
    }
    let data = JsFuture::from(promise)
        .await
        .map_err(|e| e.as_string().unwrap_or_else(|| js_error_text(&e)))?;
    Ok(Done {
        file: Uint8Array::new(&field(&data, "file")),
        pages: field(&data, "pages").as_f64().unwrap_or(0.0) as u32,
        unreadable: field(&data, "unreadable").as_f64().unwrap_or(0.0) as u32,
    })
}
