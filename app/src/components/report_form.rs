//! The inspection report of the selected site: cover fields (remembered on this device),
//! a button, and a progress bar while the worker writes the file.

use geo_core::report::ReportFormat;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::browser::today;
use crate::report::gather::CoverInfo;
use crate::report::{export_inspection_report, worker::Stage};
use crate::state::AppState;

/// localStorage key of the issuer and sign-off names (the report number is per report).
const COVER_KEY: &str = "xiantu.report.cover";

fn stored_cover() -> CoverInfo {
    let text = web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(COVER_KEY).ok().flatten())
        .unwrap_or_default();
    let v: Vec<String> = serde_json::from_str(&text).unwrap_or_default();
    let at = |i: usize| v.get(i).cloned().unwrap_or_default();
    CoverInfo {
        number: String::new(),
        issuer: at(0),
        sign_off: [at(1), at(2), at(3)],
    }
}

fn store_cover(c: &CoverInfo) {
    let v = [&c.issuer, &c.sign_off[0], &c.sign_off[1], &c.sign_off[2]];
    if let (Some(s), Ok(text)) = (
        web_sys::window().and_then(|w| w.local_storage().ok().flatten()),
        serde_json::to_string(&v),
    ) {
        let _ = s.set_item(COVER_KEY, &text);
    }
}

/// `XT-YH-<site>-<yyyymmdd>`: unique per site and day, which is how reports are filed.
fn default_number(site_id: &str, date: &str) -> String {
    format!("XT-YH-{}-{}", site_id, date.replace('-', ""))
}

#[component]
pub fn InspectionReportForm(site_id: String, site_name: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let stored = stored_cover();
    let number = RwSignal::new(default_number(&site_id, &today()));
    let issuer = RwSignal::new(stored.issuer);
    let compiled = RwSignal::new(stored.sign_off[0].clone());
    let reviewed = RwSignal::new(stored.sign_off[1].clone());
    let approved = RwSignal::new(stored.sign_off[2].clone());
    let stage = RwSignal::new(None::<Stage>);
    let message = RwSignal::new(None::<(bool, String)>);

    let make = move |format: ReportFormat| {
        if stage.get_untracked().is_some() {
            return;
        }
        let cover = CoverInfo {
            number: number.get_untracked(),
            issuer: issuer.get_untracked(),
            sign_off: [
                compiled.get_untracked(),
                reviewed.get_untracked(),
                approved.get_untracked(),
            ],
        };
        store_cover(&cover);
        let (site_id, site_name) = (site_id.clone(), site_name.clone());
        message.set(None);
        stage.set(Some(Stage {
            text: "收集记录和照片",
            fraction: None,
        }));
        spawn_local(async move {
            let result =
                export_inspection_report(state, &site_id, &site_name, cover, format, move |s| {
                    stage.set(Some(s))
                })
                .await;
            stage.set(None);
            message.set(Some(match result {
                Ok(summary) => (true, summary),
                Err(e) => (false, format!("报告生成失败 / report failed: {e}")),
            }));
        });
    };

    let field = |label: &'static str, value: RwSignal<String>, testid: &'static str| {
        view! {
            <label class="field">
                <span>{label}</span>
                <input type="text" data-testid=testid prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev))/>
            </label>
        }
    };

    view! {
        <details class="report-form" data-testid="inspection-report-form">
            <summary>"隐患排查报告"</summary>
            {field("报告编号", number, "report-number")}
            {field("编制单位", issuer, "report-issuer")}
            {field("编制", compiled, "report-compiled")}
            {field("审核", reviewed, "report-reviewed")}
            {field("批准", approved, "report-approved")}
            <div class="buttons">
                <button class="primary" data-testid="make-inspection-report"
                    prop:disabled=move || stage.get().is_some() on:click={
                        let make = make.clone();
                        move |_| make(ReportFormat::Pdf)
                    }>
                    "生成排查报告（PDF）"
                </button>
                <button data-testid="make-inspection-report-docx"
                    prop:disabled=move || stage.get().is_some() on:click=move |_| make(ReportFormat::Docx)>
                    "Word（DOCX）"
                </button>
            </div>
            {move || stage.get().map(|s| view! {
                <div class="report-progress" role="status">
                    <progress data-testid="report-progress" max="1"
                        prop:value=move || s.fraction.unwrap_or(0.0)></progress>
                    <span>{s.text}"…"</span>
                </div>
            })}
            {move || message.get().map(|(ok, m)| view! {
                <p class=if ok { "message ok" } else { "message error" } data-testid="report-message" role="status">{m}</p>
            })}
        </details>
    }
}
