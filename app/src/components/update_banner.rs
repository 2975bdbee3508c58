//! 新版本已就绪: the service worker has installed a newer build and waits. Nothing reloads
//! by itself, since a reload in the middle of typing would lose the text; 重新加载 first
//! saves what the open screens hold, waits for the writes to commit, and only then asks
//! `sw-register.js` to switch to the new worker and reload.
//!
//! `sw-register.js` (plain JS, it runs before the app) marks a waiting build with
//! `data-update-ready` on `<html>` and the `xiantu-update-ready` event, and switches when
//! it sees `xiantu-apply-update`.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::inspection::pending;

/// Longest wait for the last writes before giving up the reload.
const SETTLE_MS: f64 = 5_000.0;

fn update_waiting() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .is_some_and(|e| e.has_attribute("data-update-ready"))
}

#[component]
pub fn UpdateBanner() -> impl IntoView {
    let ready = RwSignal::new(update_waiting());
    let message = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    // For the page's life.
    let _ = window_event_listener_untyped("xiantu-update-ready", move |_| ready.set(true));
    let reload = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        message.set(Some("正在保存… / saving".into()));
        spawn_local(async move {
            let clean = pending::flush_all();
            let settled = pending::settled(SETTLE_MS).await;
            // A write that failed meanwhile shows on its screen; look again.
            let clean = clean && settled && pending::flush_all();
            busy.set(false);
            if !clean {
                message.set(Some(
                    "有未保存的修改，请先处理（见隐患记录）再重新加载 / unsaved changes: resolve them first"
                        .into(),
                ));
                return;
            }
            message.set(None);
            if let Some(w) = web_sys::window() {
                if let Ok(ev) = web_sys::Event::new("xiantu-apply-update") {
                    let _ = w.dispatch_event(&ev);
                }
            }
        });
    };
    view! {
        <Show when=move || ready.get()>
            <div class="update-banner" role="status" data-testid="update-banner">
                <span>"新版本已就绪 / a new version is ready"</span>
                <button data-testid="update-reload" disabled=move || busy.get() on:click=reload>"重新加载"</button>
                {move || message.get().map(|m| view! { <span class="message" data-testid="update-message">{m}</span> })}
            </div>
        </Show>
    }
}
