//! 签字: a finger/pointer drawing pad on a canvas, saved as a PNG `Blob`.

use geo_core::inspection::PhotoRef;
use leptos::html::Canvas;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, PointerEvent};

use super::fresh_image_id;
use super::photos::{canvas_blob, PhotoThumb};
use crate::storage;

const W: u32 = 600;
const H: u32 = 200;

fn context(c: &web_sys::HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    c.get_context("2d")
        .ok()
        .flatten()
        .map(JsCast::unchecked_into)
}

/// A signature pad; `on_saved` gets the stored image's reference.
#[component]
pub fn SignaturePad(
    label: &'static str,
    /// Suffix of the test ids (`sig-pad-<key>`, `sig-save-<key>`).
    key: &'static str,
    /// The signature saved so far.
    current: Signal<Option<PhotoRef>>,
    on_saved: Callback<PhotoRef>,
    #[prop(into)] disabled: Signal<bool>,
) -> impl IntoView {
    let canvas = NodeRef::<Canvas>::new();
    let drawing = StoredValue::new(false);
    let inked = RwSignal::new(false);
    let message = RwSignal::new(None::<String>);

    let point = move |ev: &PointerEvent| {
        let c = canvas.get_untracked()?;
        let k = f64::from(c.width()) / f64::from(c.client_width().max(1));
        Some((f64::from(ev.offset_x()) * k, f64::from(ev.offset_y()) * k))
    };
    let down = move |ev: PointerEvent| {
        ev.prevent_default();
        let (Some(c), Some((x, y))) = (canvas.get_untracked(), point(&ev)) else {
            return;
        };
        let _ = c.set_pointer_capture(ev.pointer_id());
        if let Some(ctx) = context(&c) {
            ctx.set_line_width(3.0);
            ctx.set_line_cap("round");
            ctx.set_line_join("round");
            ctx.set_stroke_style_str("#111");
            ctx.begin_path();
            ctx.move_to(x, y);
            ctx.line_to(x + 0.1, y + 0.1);
            ctx.stroke();
        }
        drawing.set_value(true);
        inked.set(true);
    };
    let moved = move |ev: PointerEvent| {
        if !drawing.get_value() {
            return;
        }
        let (Some(c), Some((x, y))) = (canvas.get_untracked(), point(&ev)) else {
            return;
        };
        if let Some(ctx) = context(&c) {
            ctx.line_to(x, y);
            ctx.stroke();
        }
    };
    let up = move |_: PointerEvent| drawing.set_value(false);
    let clear = move |_| {
        if let Some(c) = canvas.get_untracked() {
            if let Some(ctx) = context(&c) {
                ctx.clear_rect(0.0, 0.0, f64::from(W), f64::from(H));
            }
        }
        inked.set(false);
    };
    let save = move |_| {
        if !inked.get_untracked() {
            message.set(Some("请先签字 / sign first".into()));
            return;
        }
        let Some(c) = canvas.get_untracked() else {
            return;
        };
        message.set(Some("保存中… / saving".into()));
        spawn_local(async move {
            let result = async {
                let blob = canvas_blob(&c, "image/png", 1.0).await?;
                let id = fresh_image_id("S");
                storage::put_photo(&id, &blob)
                    .await
                    .map_err(|e| e.to_string())?;
                Ok::<_, String>(PhotoRef {
                    id,
                    mime: "image/png".into(),
                    width: W,
                    height: H,
                })
            }
            .await;
            match result {
                Ok(p) => {
                    message.set(None);
                    on_saved.run(p);
                }
                Err(e) => message.set(Some(format!("保存失败 / not saved: {e}"))),
            }
        });
    };

    view! {
        <div class="signature">
            <h4>{label}</h4>
            {move || current.get().map(|p| view! { <PhotoThumb photo=p class="signature-image"/> })}
            <Show when=move || !disabled.get()>
                <canvas node_ref=canvas class="signature-pad" width=W.to_string() height=H.to_string()
                    data-testid=format!("sig-pad-{key}")
                    on:pointerdown=down on:pointermove=moved on:pointerup=up on:pointercancel=up></canvas>
                <div class="row">
                    <button on:click=clear>"清除"</button>
                    <button data-testid=format!("sig-save-{key}") on:click=save>"保存签字"</button>
                </div>
            </Show>
            {move || message.get().map(|m| view! { <p class="message" role="status">{m}</p> })}
        </div>
    }
}
