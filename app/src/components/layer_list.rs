use geo_core::layer::LayerRole;
use leptos::prelude::*;

use super::legend::Legend;
use super::style_editor::StyleEditor;
use super::ImportButton;
use crate::state::AppState;

/// The layer list, top of the drawing order first (as map layer lists read): per layer
/// visibility, 样式 (the style editor, one open at a time), ↑/↓ and drag to reorder, export;
/// then the legend.
#[component]
pub fn LayerList() -> impl IntoView {
    let state = expect_context::<AppState>();
    let rows = move || {
        let mut ls = state.layers.get();
        ls.reverse();
        ls
    };
    let count = move || state.layers.with(|l| l.len());
    // The layer (by id) whose style editor is open.
    let editing = RwSignal::new(None::<String>);
    // Draw position of the row being dragged, and of the row it is over.
    let dragging = RwSignal::new(None::<usize>);
    let over = RwSignal::new(None::<usize>);
    let busy = state.busy;
    view! {
        <aside class="layer-list" data-testid="layer-list">
            <div class="layer-head">
                <h2>"图层"</h2>
                <ImportButton/>
            </div>
            <For each=rows key=|e| (e.index, e.id.clone(), e.visible, e.count) let:entry>
                {
                    let index = entry.index;
                    let id = entry.id.clone();
                    let id_edit = id.clone();
                    let id_open = id.clone();
                    let id_drag = id.clone();
                    let name = entry.name.clone();
                    let role = entry.role;
                    let is_open = Memo::new(move |_| editing.with(|e| e.as_deref() == Some(id_open.as_str())));
                    view! {
                        <div
                            class="layer-item"
                            class:drop-target=move || over.get() == Some(index) && dragging.get().is_some_and(|d| d != index)
                            class:dragging=move || dragging.get() == Some(index)
                            data-testid=format!("layer-item-{}", entry.id)
                            on:dragover=move |ev: leptos::ev::DragEvent| {
                                if dragging.get_untracked().is_some() {
                                    ev.prevent_default();
                                    if let Some(dt) = ev.data_transfer() {
                                        dt.set_drop_effect("move");
                                    }
                                    if over.get_untracked() != Some(index) {
                                        over.set(Some(index));
                                    }
                                }
                            }
                            on:drop=move |ev: leptos::ev::DragEvent| {
                                // A row dropped here is a reorder, not a file import.
                                if let Some(from) = dragging.get_untracked() {
                                    ev.prevent_default();
                                    ev.stop_propagation();
                                    dragging.set(None);
                                    over.set(None);
                                    state.move_layer(from, index);
                                }
                            }
                        >
                            <div
                                class="layer-row"
                                draggable=move || if busy.get() { "false" } else { "true" }
                                title="拖动以调整绘制顺序"
                                on:dragstart=move |ev: leptos::ev::DragEvent| {
                                    if let Some(dt) = ev.data_transfer() {
                                        let _ = dt.set_data("text/plain", &id_drag);
                                        dt.set_effect_allowed("move");
                                    }
                                    dragging.set(Some(index));
                                }
                                on:dragend=move |_| {
                                    dragging.set(None);
                                    over.set(None);
                                }
                            >
                                <span class="drag-handle" aria-hidden="true">"⠿"</span>
                                <label class="layer-label">
                                    <input
                                        type="checkbox"
                                        data-testid=format!("layer-toggle-{}", entry.id)
                                        prop:checked=entry.visible
                                        on:change=move |ev| state.set_visible(index, event_target_checked(&ev))
                                    />
                                    <span class="layer-name">{entry.name.clone()}</span>
                                </label>
                                <span class="layer-count">{format!("{} {}", entry.count, unit(entry.role))}</span>
                            </div>
                            <div class="layer-tools">
                                <button
                                    class="layer-style"
                                    data-testid=format!("layer-style-{}", entry.id)
                                    aria-expanded=move || if is_open.get() { "true" } else { "false" }
                                    on:click=move |_| editing.update(|e| {
                                        *e = if e.as_deref() == Some(id_edit.as_str()) { None } else { Some(id_edit.clone()) };
                                    })
                                >"样式"</button>
                                <button
                                    class="layer-fit"
                                    data-testid=format!("layer-fit-{}", entry.id)
                                    aria-label=format!("缩放至 {}", entry.name)
                                    title="缩放至图层 / zoom to layer"
                                    on:click=move |_| state.fit_layer(index)
                                >"⤢"</button>
                                <button
                                    class="layer-move"
                                    data-testid=format!("layer-up-{}", entry.id)
                                    aria-label=format!("上移 {}", entry.name)
                                    title="上移（画在更上层）"
                                    disabled=move || { busy.get() || index + 1 >= count() }
                                    on:click=move |_| { state.move_layer(index, index + 1); }
                                >"↑"</button>
                                <button
                                    class="layer-move"
                                    data-testid=format!("layer-down-{}", entry.id)
                                    aria-label=format!("下移 {}", entry.name)
                                    title="下移（画在更下层）"
                                    disabled=move || { busy.get() || index == 0 }
                                    on:click=move |_| { state.move_layer(index, index.saturating_sub(1)); }
                                >"↓"</button>
                                <select
                                    class="layer-export"
                                    aria-label="导出"
                                    data-testid=format!("layer-export-{}", entry.id)
                                    on:change=move |ev| {
                                        let v = event_target_value(&ev);
                                        export_layer(state, index, &v);
                                        if let Some(t) = ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlSelectElement>(t).ok()) {
                                            t.set_value("");
                                        }
                                    }
                                >
                                    <option value="">"导出"</option>
                                    <option value="geojson">"GeoJSON"</option>
                                    <option value="csv">"CSV"</option>
                                    <option value="kml">"KML"</option>
                                </select>
                            </div>
                            {move || is_open.get().then(|| view! { <StyleEditor index=index role=role name=name.clone()/> })}
                        </div>
                    }
                }
            </For>
            <Legend/>
        </aside>
    }
}

/// Writes the layer (WGS84) in the chosen format and downloads it.
fn export_layer(state: AppState, index: usize, format: &str) {
    use geo_core::crs::Crs;
    use geo_core::export::{write_csv, write_geojson, write_kml, ExportFormat};
    let fmt = match format {
        "geojson" => ExportFormat::GeoJson,
        "csv" => ExportFormat::Csv,
        "kml" => ExportFormat::Kml,
        _ => return,
    };
    let out = state.project.with_value(|p| {
        let layer = p.as_ref()?.layers.get(index)?;
        let text = match fmt {
            ExportFormat::GeoJson => write_geojson(layer, &Crs::WGS84),
            ExportFormat::Csv => write_csv(layer, &Crs::WGS84),
            ExportFormat::Kml => write_kml(layer),
        };
        Some((format!("{}.{}", layer.meta.name, fmt.extension()), text))
    });
    if let Some((name, text)) = out {
        let _ = crate::browser::download(text.as_bytes(), &name, fmt.mime());
    }
}

fn unit(role: LayerRole) -> &'static str {
    match role {
        LayerRole::Sites | LayerRole::Sources => "个",
        _ => "区",
    }
}
