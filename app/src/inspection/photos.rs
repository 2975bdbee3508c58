//! Photos: taken or picked through a file input, downscaled in the browser to at most
//! [`MAX_SIDE`] px as JPEG through a canvas, stored as `Blob`s in IndexedDB; shown from
//! object URLs (the CSP allows `blob:` images).

use geo_core::inspection::PhotoRef;
use js_sys::Promise;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, CanvasRenderingContext2d, HtmlCanvasElement, ImageBitmap};

use super::fresh_image_id;
use crate::browser::js_error_text;
use crate::storage;

/// Longest side of a stored photo, pixels.
pub const MAX_SIDE: u32 = 1600;
const JPEG_QUALITY: f64 = 0.85;

fn js(e: JsValue) -> String {
    js_error_text(&e)
}

/// The canvas's pixels as a `Blob` of `mime` (PNG or JPEG at `quality`).
pub async fn canvas_blob(
    canvas: &HtmlCanvasElement,
    mime: &str,
    quality: f64,
) -> Result<Blob, String> {
    let mime = mime.to_string();
    let mut call = Ok(());
    let promise = Promise::new(&mut |resolve, _reject| {
        let done = Closure::once_into_js(move |b: JsValue| {
            let _ = resolve.call1(&JsValue::NULL, &b);
        });
        call = canvas.to_blob_with_type_and_encoder_options(
            done.unchecked_ref(),
            &mime,
            &JsValue::from_f64(quality),
        );
    });
    call.map_err(js)?;
    JsFuture::from(promise)
        .await
        .map_err(js)?
        .dyn_into::<Blob>()
        .map_err(|_| "图片编码失败 / the browser could not encode the image".to_string())
}

/// Decodes an image file and re-encodes it as a JPEG of at most [`MAX_SIDE`] px.
pub async fn downscale(file: &Blob) -> Result<(Blob, u32, u32), String> {
    reencode(file, MAX_SIDE, JPEG_QUALITY).await
}

/// Decodes an image and re-encodes it as a JPEG of at most `max_side` px at `quality`.
pub async fn reencode(
    file: &Blob,
    max_side: u32,
    quality: f64,
) -> Result<(Blob, u32, u32), String> {
    let window = web_sys::window().ok_or("no window")?;
    let bitmap: ImageBitmap =
        JsFuture::from(window.create_image_bitmap_with_blob(file).map_err(js)?)
            .await
            .map_err(|e| format!("无法读取图片 / not a readable image: {}", js(e)))?
            .unchecked_into();
    let (w, h) = (bitmap.width().max(1), bitmap.height().max(1));
    let k = (f64::from(max_side) / f64::from(w.max(h))).min(1.0);
    let (tw, th) = (
        ((f64::from(w) * k).round() as u32).max(1),
        ((f64::from(h) * k).round() as u32).max(1),
    );
    let canvas: HtmlCanvasElement = window
        .document()
        .ok_or("no document")?
        .create_element("canvas")
        .map_err(js)?
        .unchecked_into();
    canvas.set_width(tw);
    canvas.set_height(th);
    let ctx: CanvasRenderingContext2d = canvas
        .get_context("2d")
        .map_err(js)?
        .ok_or("no 2d context")?
        .unchecked_into();
    // JPEG has no alpha: transparent parts of a PNG become white, not black.
    ctx.set_fill_style_str("#fff");
    ctx.fill_rect(0.0, 0.0, f64::from(tw), f64::from(th));
    ctx.draw_image_with_image_bitmap_and_dw_and_dh(&bitmap, 0.0, 0.0, f64::from(tw), f64::from(th))
        .map_err(js)?;
    bitmap.close();
    let blob = canvas_blob(&canvas, "image/jpeg", quality).await?;
    Ok((blob, tw, th))
}

/// Downscales and stores one picked file; returns its reference once committed.
pub async fn store_photo(file: &Blob) -> Result<PhotoRef, String> {
    let (blob, width, height) = downscale(file).await?;
    let id = fresh_image_id("P");
    storage::put_photo(&id, &blob)
        .await
        .map_err(|e| e.to_string())?;
    Ok(PhotoRef {
        id,
        mime: "image/jpeg".into(),
        width,
        height,
    })
}

/// A stored image, loaded from IndexedDB into an object URL revoked when it goes.
#[component]
pub fn PhotoThumb(
    photo: PhotoRef,
    #[prop(default = "photo")] class: &'static str,
) -> impl IntoView {
    let src = RwSignal::new(None::<String>);
    let id = photo.id.clone();
    spawn_local(async move {
        if let Ok(Some(blob)) = storage::get_photo(&id).await {
            if let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) {
                src.set(Some(url));
            }
        }
    });
    on_cleanup(move || {
        if let Some(url) = src.get_untracked() {
            let _ = web_sys::Url::revoke_object_url(&url);
        }
    });
    view! {
        <img class=class data-testid="photo-thumb" data-photo=photo.id.clone()
            data-loaded=move || src.get().is_some().to_string()
            width=photo.width.to_string() height=photo.height.to_string()
            src=move || src.get().unwrap_or_default() alt="隐患照片" />
    }
}
