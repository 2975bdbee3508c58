use geo_core::layer::LayerRole;
use leptos::prelude::*;

use super::ImportButton;
use crate::state::AppState;

/// The layer list, top of the drawing order first (as map layer lists read).
#[component]
pub fn LayerList() -> impl IntoView {
    let state = expect_context::<AppState>();
    let rows = move || {
        let mut ls = state.layers.get();
        ls.reverse();
        ls
    };
    view! {
        <aside class="layer-list" data-testid="layer-list">
            <div class="layer-head">
                <h2>"图层"</h2>
                <ImportButton/>
            </div>
            <For each=rows key=|e| (e.index, e.id.clone(), e.visible, e.count) let:entry>
                <label class="layer-row">
                    <input
                        type="checkbox"
                        data-testid=format!("layer-toggle-{}", entry.id)
                        prop:checked=entry.visible
                        on:change=move |ev| state.set_visible(entry.index, event_target_checked(&ev))
                    />
                    <span class="layer-name">{entry.name.clone()}</span>
                    <span class="layer-count">{format!("{} {}", entry.count, unit(entry.role))}</span>
                    <select
                        class="layer-export"
                        aria-label="导出"
                        data-testid=format!("layer-export-{}", entry.id)
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            export_layer(state, entry.index, &v);
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
                </label>
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

/// The four risk colours, as drawn on site markers.
#[component]
fn Legend() -> impl IntoView {
    let palette = geo_core::risk::Palette::default();
    view! {
        <div class="legend" data-testid="legend">
            {geo_core::risk::Grade::ALL
                .into_iter()
                .map(|g| {
                    let c = palette.colour(g).css();
                    view! {
                        <span class="legend-item">
                            <span class="swatch" style:background=c></span>
                            {g.zh()}
                        </span>
                    }
                })
                .collect_view()}
        </div>
    }
}
