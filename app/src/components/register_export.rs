//! 导出风险清单: every scored site as XLSX, CSV or GeoJSON, with the scores the map shows
//! now (current model, open hidden dangers).

use geo_core::report::RiskRegister;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::report::{export_register_text, export_register_xlsx, RegisterFormat};
use crate::state::AppState;

#[component]
pub fn RegisterExport() -> impl IntoView {
    let state = expect_context::<AppState>();
    let message = RwSignal::new(None::<(bool, String)>);
    let show = move |result: Result<String, String>| {
        message.set(Some(match result {
            Ok(s) => (true, s),
            Err(e) => (false, format!("导出失败 / export failed: {e}")),
        }))
    };
    let export = move |format: RegisterFormat| {
        if format == RegisterFormat::Xlsx {
            // The register is read here (the project lives on the page); the workbook is
            // written in the worker.
            let Some(register) = state
                .project
                .with_value(|p| p.as_ref().map(RiskRegister::from_project))
            else {
                show(Err("尚未载入数据 / nothing is loaded".to_string()));
                return;
            };
            message.set(Some((true, "正在生成… / writing…".to_string())));
            spawn_local(async move { show(export_register_xlsx(register).await) });
            return;
        }
        show(state.project.with_value(|p| match p {
            Some(p) => export_register_text(p, format),
            None => Err("尚未载入数据 / nothing is loaded".to_string()),
        }));
    };
    view! {
        <h3>"导出风险清单"</h3>
        <div class="row">
            <button data-testid="register-xlsx" on:click=move |_| export(RegisterFormat::Xlsx)>"XLSX"</button>
            <button data-testid="register-csv" on:click=move |_| export(RegisterFormat::Csv)>"CSV"</button>
            <button data-testid="register-geojson" on:click=move |_| export(RegisterFormat::GeoJson)>"GeoJSON"</button>
        </div>
        {move || message.get().map(|(ok, m)| view! {
            <p class=if ok { "message ok" } else { "message error" } data-testid="register-message" role="status">{m}</p>
        })}
    }
}
