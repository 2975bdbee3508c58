//! The panel of a tapped feature that is not a site (a hazard zone, a source, a district):
//! its layer, its name and every property, as plain text. Properties come from files the
//! user (or anyone) supplied, so nothing here is ever interpreted as HTML.

use leptos::prelude::*;

use crate::state::AppState;

#[component]
pub fn FeatureInfo(inspect: RwSignal<Option<(usize, usize)>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let body = move || {
        let (li, fi) = inspect.get()?;
        state.project.with_value(|p| {
            let layer = p.as_ref()?.layers.get(li)?;
            let feature = layer.features.get(fi)?;
            let rows: Vec<(String, String)> = feature
                .properties
                .iter()
                .map(|(k, v)| {
                    let text = match v {
                        serde_json::Value::String(s) => s.clone(),
                        serde_json::Value::Null => String::new(),
                        other => other.to_string(),
                    };
                    (k.clone(), text)
                })
                .collect();
            Some((layer.meta.name.clone(), layer.feature_name(fi), rows))
        })
    };
    view! {
        {move || body().map(|(layer, name, rows)| view! {
            <section class="site-panel feature-info" data-testid="feature-info" aria-label="要素信息">
                <button class="close" aria-label="关闭" on:click=move |_| inspect.set(None)>"×"</button>
                <p class="layer-of">{layer}</p>
                <h2 data-testid="feature-name">{name}</h2>
                <table class="props">
                    <tbody>
                        {rows.into_iter().map(|(k, v)| view! {
                            <tr><th>{k}</th><td>{v}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </section>
        })}
    }
}
