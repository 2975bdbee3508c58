//! 导出风险清单: every scored site as XLSX, CSV or GeoJSON, with the scores the map shows
//! now (current model, open hidden dangers).

use leptos::prelude::*;

use crate::report::{export_register, RegisterFormat};
use crate::state::AppState;

#[component]
pub fn RegisterExport() -> impl IntoView {
    let state = expect_context::<AppState>();
    let message = RwSignal::new(None::<(bool, String)>);
    let export = move |format: RegisterFormat| {
        let result = state.project.with_value(|p| match p {
            Some(p) => export_register(p, format),
            None => Err("尚未载入数据 / nothing is loaded".to_string()),
        });
        message.set(Some(match result {
            Ok(s) => (true, s),
            Err(e) => (false, format!("导出失败 / export failed: {e}")),
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
