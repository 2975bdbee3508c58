//! 在地图上点选位置: the sheets step aside, the next tap on the map gives a record its
//! position (through `AppState::point_request`, which the map answers with the WGS84
//! point under the finger), and they come back. 取消 or Escape gives up.

use leptos::ev::keydown;
use leptos::prelude::*;

use super::InspectionUi;
use crate::state::AppState;

/// Hides the sheets and hands the next map tap's position (lon, lat) to `picked`.
pub fn start(state: AppState, ui: InspectionUi, picked: impl Fn(f64, f64) + Send + Sync + 'static) {
    ui.picking.set(true);
    state
        .point_request
        .set(Some(Callback::new(move |(lon, lat)| {
            ui.picking.set(false);
            picked(lon, lat);
        })));
}

/// Gives up picking; the sheets come back as they were.
pub fn cancel(state: AppState, ui: InspectionUi) {
    state.point_request.set(None);
    ui.picking.set(false);
}

/// The bar over the map while picking: what to do, and 取消.
#[component]
pub fn PickBar() -> impl IntoView {
    let ui = expect_context::<InspectionUi>();
    let state = expect_context::<AppState>();
    // For the page's life, as the sheets' host is.
    let _ = window_event_listener(keydown, move |ev| {
        if ev.key() == "Escape" && ui.picking.get_untracked() {
            cancel(state, ui);
        }
    });
    view! {
        <Show when=move || ui.picking.get()>
            <div class="pick-bar" data-testid="pick-bar" role="status">
                <span>"点击地图设定隐患位置 / tap the map where the danger is"</span>
                <button data-testid="pick-cancel" on:click=move |_| cancel(state, ui)>"取消"</button>
            </div>
        </Show>
    }
}
