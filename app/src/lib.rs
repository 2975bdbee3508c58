//! The Xiantu browser app: glue between the DOM, IndexedDB and `geo_core`.
//!
//! **Architecture invariant:** no business rule lives here. Grading, drawing decisions,
//! record validation and report layout are geo-core calls; this crate wires them to
//! signals, the canvas, storage and downloads.

mod browser;
mod components;
mod demo;
mod engine_worker;
mod import;
mod inspection;
mod map;
mod report;
mod slices;
mod state;
mod storage;

use leptos::prelude::*;
use leptos::task::spawn_local;

use components::{
    Attribution, ErrorBanner, ImportDialog, LayerList, ModelPanel, SettingsPanel, SitePanel,
    UpdateBanner,
};
use import::{start_import, ImportCtx};
use inspection::{InspectionSheets, InspectionUi, Screen};
use map::MapCanvas;
use state::{AppState, LoadState};

/// The whole app: a full-screen map with the layer list, the site panel and error banner.
#[component]
pub fn App() -> impl IntoView {
    let state = AppState::new();
    provide_context(state);
    let imp = ImportCtx::new();
    provide_context(imp);
    let ui = InspectionUi::new();
    provide_context(ui);
    // Ask once that the records survive storage pressure; the browser decides.
    spawn_local(async {
        if let Err(e) = storage::request_persistence().await {
            leptos::logging::warn!("storage.persist(): {e}");
        }
    });
    // Drag-and-drop anywhere on the workspace imports the first file.
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        if let Some(file) = ev
            .data_transfer()
            .and_then(|d| d.files())
            .and_then(|f| f.get(0))
        {
            start_import(imp, file, state.loaded_bounds());
        }
    };
    spawn_local(async move {
        let (layers, errors) = demo::load_demo().await;
        state.set_layers(layers);
        // Recorded hidden dangers count in the scores; a storage failure leaves them out
        // and says so rather than blocking the map.
        match storage::all_dangers().await {
            Ok(list) if !list.is_empty() => state.set_dangers(&list),
            Ok(_) => {}
            Err(e) => leptos::logging::warn!("{e}"),
        }
        state.load.set(if errors.is_empty() {
            LoadState::Ready
        } else {
            LoadState::Failed(errors)
        });
    });
    let model_open = RwSignal::new(false);
    let settings_open = RwSignal::new(false);
    let status = move || match state.load.get() {
        LoadState::Loading => "loading",
        LoadState::Ready => "ready",
        LoadState::Failed(_) => "error",
    };
    view! {
        <header class="topbar">
            <h1>"险图 Xiantu"</h1>
            <span class="subtitle">"风险四色图与隐患排查 · 演示数据为虚构"</span>
            <button class="model-toggle" data-testid="open-model" on:click=move |_| model_open.update(|o| *o = !*o)>"风险模型"</button>
            <button class="model-toggle" data-testid="open-ledger" on:click=move |_| ui.screen.set(Some(Screen::Ledger))>"隐患台账"</button>
            <button class="model-toggle" data-testid="open-checklists" on:click=move |_| ui.screen.set(Some(Screen::Templates(None)))>"检查表"</button>
            <button class="model-toggle" data-testid="open-settings" on:click=move |_| settings_open.update(|o| *o = !*o)>"设置"</button>
            <span class="status" data-testid="app-status" data-status=status>
                {move || match state.load.get() {
                    LoadState::Loading => "正在加载演示数据…".to_string(),
                    LoadState::Ready => format!("已加载 {} 个场所", state.site_count.get()),
                    LoadState::Failed(_) => "部分数据加载失败".to_string(),
                }}
            </span>
        </header>
        <ErrorBanner/>
        <UpdateBanner/>
        <main class="workspace" on:dragover=|ev: leptos::ev::DragEvent| ev.prevent_default() on:drop=on_drop>
            <MapCanvas/>
            <LayerList/>
            <SitePanel/>
            <ImportDialog/>
            <ModelPanel open=model_open/>
            <Attribution/>
            <SettingsPanel open=settings_open/>
            <InspectionSheets/>
        </main>
    }
}
