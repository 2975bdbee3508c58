use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::import::{start_import, ImportCtx};
use crate::state::AppState;

/// Formats the file picker offers (drag-and-drop takes anything and detects).
const ACCEPT: &str = ".geojson,.json,.topojson,.csv,.txt,.tsv,.xlsx,.kml,.kmz,.zip,.fgb";

/// "导入数据": a real file input behind a large label, so it works with fingers and on
/// tablets (where drag-and-drop does not exist).
#[component]
pub fn ImportButton() -> impl IntoView {
    let imp = expect_context::<ImportCtx>();
    let state = expect_context::<AppState>();
    let on_change = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        if let Some(file) = input.files().and_then(|f| f.get(0)) {
            start_import(imp, file, state.loaded_bounds());
        }
        // Picking the same file again must fire change again.
        input.set_value("");
    };
    view! {
        <label class="import-button">
            "导入数据"
            <input type="file" accept=ACCEPT data-testid="import-file" on:change=on_change />
        </label>
    }
}
