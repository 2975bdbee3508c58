//! The report forms: the inspection report of the selected site and the risk-assessment
//! report of the project. Cover fields (issuer and sign-off names remembered on this
//! device), PDF and DOCX buttons, and a progress bar while the worker writes the file.

use geo_core::report::ReportFormat;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::browser::today;
use crate::report::gather::CoverInfo;
use crate::report::{export_inspection_report, export_risk_report, worker::Stage};
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

/// The inspection report of one site.
#[component]
pub fn InspectionReportForm(site_id: String, site_name: String) -> impl IntoView {
    let number = default_number(&site_id, &today());
    view! { <ReportForm site=Some((site_id, site_name)) number/> }
}

/// The risk-assessment report of every site in the project.
#[component]
pub fn RiskReportForm() -> impl IntoView {
    let number = format!("XT-FX-{}", today().replace('-', ""));
    view! { <ReportForm site=None number/> }
}

/// `site`: the inspection report of that site; `None`: the risk report.
#[component]
fn ReportForm(site: Option<(String, String)>, number: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let stored = stored_cover();
    let is_risk = site.is_none();
    let title = RwSignal::new(String::from("企业安全风险评估"));
    let number = RwSignal::new(number);
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
        let site = site.clone();
        message.set(None);
        stage.set(Some(Stage {
            text: if site.is_some() {
                "收集记录和照片"
            } else {
                "绘制地图"
            },
            fraction: None,
        }));
        spawn_local(async move {
            let on_stage = move |s| stage.set(Some(s));
            let result = match site {
                Some((id, name)) => {
                    export_inspection_report(state, &id, &name, cover, format, on_stage).await
                }
                None => {
                    export_risk_report(state, cover, title.get_untracked(), format, on_stage).await
                }
            };
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

    let (form_id, summary, pdf_label) = if is_risk {
        (
            "risk-report-form",
            "风险评估报告",
            "生成风险评估报告（PDF）",
        )
    } else {
        (
            "inspection-report-form",
            "隐患排查报告",
            "生成排查报告（PDF）",
        )
    };
    view! {
        <details class="report-form" data-testid=form_id>
            <summary>{summary}</summary>
            {is_risk.then(|| field("项目名称", title, "report-title"))}
            {field("报告编号", number, "report-number")}
            {field("编制单位", issuer, "report-issuer")}
            {field("编制", compiled, "report-compiled")}
            {field("审核", reviewed, "report-reviewed")}
            {field("批准", approved, "report-approved")}
            <div class="buttons">
                <button class="primary" data-testid="make-report-pdf"
                    prop:disabled=move || stage.get().is_some() on:click={
                        let make = make.clone();
                        move |_| make(ReportFormat::Pdf)
                    }>
                    {pdf_label}
                </button>
                <button data-testid="make-report-docx"
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
