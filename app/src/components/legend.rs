//! The legend: one group per visible layer, top of the drawing order first, each entry
//! the swatch and label geo-core's `Project::legend` gives, so it lists exactly the colours
//! the map draws. Labels come from user data and are text nodes only.

use geo_core::inspection::pin::{pin_legend, PIN_STROKE};
use geo_core::risk::{Palette, Rgba};
use geo_core::scene::{LegendEntry, LegendGroup, LegendSymbol};
use leptos::prelude::*;

use crate::state::AppState;

/// The legend's groups, top of the drawing order first, visible layers only. Tracks the
/// signals it reads, so a view or effect calling it follows restyles and re-scoring. The
/// map snapshot draws the same groups.
pub fn visible_groups(state: AppState) -> Vec<LegendGroup> {
    state.look_version.track();
    state.score_version.track();
    let rows = state.layers.get();
    let palette = Palette::default();
    // Hidden-danger pins are drawn over every layer: their group comes first, with the
    // colours some pin has.
    let pins: Vec<Rgba> = state
        .scene
        .with_value(|s| s.pins().into_iter().map(|p| p.2).collect());
    let pin_group = LegendGroup {
        layer_id: "hidden_dangers".into(),
        title: "隐患".into(),
        entries: pin_legend()
            .into_iter()
            .filter(|(c, _)| pins.contains(c))
            .map(|(fill, label)| LegendEntry {
                label: label.into(),
                fill,
                stroke: Some(PIN_STROKE),
                symbol: LegendSymbol::Circle,
            })
            .collect(),
    };
    state.project.with_value(|p| {
        let Some(p) = p else {
            return Vec::new();
        };
        std::iter::once(pin_group)
            .chain(
                rows.iter()
                    .rev()
                    .filter(|e| e.visible)
                    .filter_map(|e| p.legend(e.index, &palette)),
            )
            .filter(|g| !g.entries.is_empty())
            .collect::<Vec<_>>()
    })
}

#[component]
pub fn Legend() -> impl IntoView {
    let state = expect_context::<AppState>();
    let groups = move || visible_groups(state);
    view! {
        <div class="legend" data-testid="legend">
            <h2 class="legend-title">"图例"</h2>
            {move || groups().into_iter().map(group_view).collect_view()}
        </div>
    }
}

fn group_view(g: LegendGroup) -> impl IntoView {
    view! {
        <section class="legend-group" data-testid=format!("legend-group-{}", g.layer_id) data-layer=g.layer_id.clone()>
            <h3 class="legend-group-title">{g.title.clone()}</h3>
            <ul class="legend-entries">
                {g.entries.into_iter().map(entry_view).collect_view()}
            </ul>
        </section>
    }
}

fn entry_view(e: LegendEntry) -> impl IntoView {
    let symbol = match e.symbol {
        LegendSymbol::Area => "area",
        LegendSymbol::Line => "line",
        LegendSymbol::Circle => "circle",
        LegendSymbol::Diamond => "diamond",
    };
    view! {
        <li class="legend-entry" data-testid="legend-entry" data-fill=e.fill.to_hex() data-symbol=symbol>
            {swatch(e.symbol, e.fill, e.stroke)}
            <span class="legend-label">{e.label}</span>
        </li>
    }
}

/// `#rrggbb` and the alpha as an SVG opacity: presentation attributes, not inline styles,
/// so the CSP's `style-src 'self'` allows them.
fn paint(c: Rgba) -> (String, String) {
    (
        format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2),
        format!("{:.3}", c.3 as f64 / 255.0),
    )
}

fn swatch(symbol: LegendSymbol, fill: Rgba, stroke: Option<Rgba>) -> impl IntoView {
    let (f, fo) = paint(fill);
    let (s, so) = stroke.map(paint).unwrap_or(("none".into(), "0".into()));
    let shape = match symbol {
        LegendSymbol::Area => view! {
            <rect x="1" y="3" width="20" height="14" rx="2" fill=f fill-opacity=fo stroke=s stroke-opacity=so stroke-width="1.5"/>
        }
        .into_any(),
        LegendSymbol::Line => view! {
            <line x1="1" y1="10" x2="21" y2="10" stroke=f stroke-opacity=fo stroke-width="4" stroke-linecap="round"/>
        }
        .into_any(),
        LegendSymbol::Circle => view! {
            <circle cx="11" cy="10" r="7" fill=f fill-opacity=fo stroke=s stroke-opacity=so stroke-width="1.5"/>
        }
        .into_any(),
        LegendSymbol::Diamond => view! {
            <polygon points="11,2 19,10 11,18 3,10" fill=f fill-opacity=fo stroke=s stroke-opacity=so stroke-width="1.5"/>
        }
        .into_any(),
    };
    view! {
        <svg class="legend-swatch" width="22" height="20" viewBox="0 0 22 20" aria-hidden="true">
            {shape}
        </svg>
    }
}
