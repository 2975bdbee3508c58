use leptos::prelude::*;

use crate::state::{AppState, LoadState};

/// Lists every load error above the map, so a broken file is never a blank page.
#[component]
pub fn ErrorBanner() -> impl IntoView {
    let state = expect_context::<AppState>();
    let errors = move || match state.load.get() {
        LoadState::Failed(e) => e,
        _ => Vec::new(),
    };
    view! {
        <Show when=move || !errors().is_empty()>
            <div class="error-banner" role="alert" data-testid="load-error">
                <strong>"数据加载出错 / Data failed to load"</strong>
                <ul>{move || errors().into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}</ul>
            </div>
        </Show>
    }
}
