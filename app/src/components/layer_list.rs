use geo_core::layer::LayerRole;
use leptos::prelude::*;

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
            <h2>"图层"</h2>
            <For each=rows key=|e| (e.index, e.visible) let:entry>
                <label class="layer-row">
                    <input
                        type="checkbox"
                        data-testid=format!("layer-toggle-{}", entry.id)
                        prop:checked=entry.visible
                        on:change=move |ev| state.set_visible(entry.index, event_target_checked(&ev))
                    />
                    <span class="layer-name">{entry.name.clone()}</span>
                    <span class="layer-count">{format!("{} {}", entry.count, unit(entry.role))}</span>
                </label>
            </For>
            <Legend/>
        </aside>
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
