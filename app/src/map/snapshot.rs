//! The current view as a PNG: the map's own pixels (same size, same devicePixelRatio), with
//! the legend and the scale bar drawn onto it, for reports and messages.

use geo_core::layer::LayerRole;
use geo_core::risk::{Grade, Palette, Rgba};
use geo_core::scene::{scale_bar, Viewport};
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use crate::browser::{download_blob, js_error_text};
use crate::state::AppState;

/// Legend lines: (layer title, [(swatch colour, label)]), top layer first, visible only.
fn legend(state: AppState) -> Vec<(String, Vec<(Rgba, String)>)> {
    let palette = Palette::default();
    state.scene.with_value(|s| {
        s.layers
            .iter()
            .rev()
            .filter(|l| l.visible)
            .map(|l| {
                let entries = match l.role {
                    LayerRole::Sites => Grade::ALL
                        .iter()
                        .map(|g| (palette.colour(*g), g.zh().to_string()))
                        .collect(),
                    _ => vec![(l.style.fill, l.name.clone())],
                };
                (l.name.clone(), entries)
            })
            .collect()
    })
}

/// Draws the legend box (top left) and scale bar (bottom left) in CSS pixels.
fn decorate(ctx: &CanvasRenderingContext2d, state: AppState, view: &Viewport) {
    let groups = legend(state);
    let line = 18.0;
    let rows: usize = groups.iter().map(|(_, e)| e.len() + 1).sum();
    let (x0, y0, w) = (10.0, 10.0, 220.0);
    let h = rows as f64 * line + 12.0;
    ctx.set_fill_style_str("rgba(255,255,255,0.92)");
    ctx.fill_rect(x0, y0, w, h);
    ctx.set_text_baseline("middle");
    ctx.set_text_align("left");
    let mut y = y0 + 6.0 + line / 2.0;
    for (title, entries) in groups {
        ctx.set_font("600 13px system-ui, sans-serif");
        ctx.set_fill_style_str("#222");
        let _ = ctx.fill_text(&title, x0 + 8.0, y);
        y += line;
        ctx.set_font("12px system-ui, sans-serif");
        for (colour, label) in entries {
            ctx.set_fill_style_str(&colour.css());
            ctx.fill_rect(x0 + 12.0, y - 6.0, 18.0, 12.0);
            ctx.set_fill_style_str("#333");
            let _ = ctx.fill_text(&label, x0 + 36.0, y);
            y += line;
        }
    }
    if let Some(bar) = scale_bar(view, 120.0) {
        let (bx, by) = (12.0, view.height - 18.0);
        ctx.set_fill_style_str("rgba(255,255,255,0.92)");
        ctx.fill_rect(bx - 4.0, by - 16.0, bar.px + 60.0, 24.0);
        ctx.set_stroke_style_str("#222");
        ctx.set_line_width(2.0);
        ctx.begin_path();
        ctx.move_to(bx, by - 5.0);
        ctx.line_to(bx, by);
        ctx.line_to(bx + bar.px, by);
        ctx.line_to(bx + bar.px, by - 5.0);
        ctx.stroke();
        ctx.set_fill_style_str("#222");
        ctx.set_font("12px system-ui, sans-serif");
        let _ = ctx.fill_text(&bar.label, bx + bar.px + 6.0, by - 3.0);
    }
}

/// Renders the snapshot and offers it as `险图地图截图.png`.
pub fn download(map: &HtmlCanvasElement, state: AppState, view: Viewport) -> Result<(), String> {
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let out: HtmlCanvasElement = doc
        .create_element("canvas")
        .map_err(|e| js_error_text(&e))?
        .unchecked_into();
    out.set_width(map.width());
    out.set_height(map.height());
    let ctx: CanvasRenderingContext2d = out
        .get_context("2d")
        .map_err(|e| js_error_text(&e))?
        .ok_or("no 2d context")?
        .unchecked_into();
    ctx.draw_image_with_html_canvas_element(map, 0.0, 0.0)
        .map_err(|e| js_error_text(&e))?;
    let scale = map.width() as f64 / view.width.max(1.0);
    let _ = ctx.set_transform(scale, 0.0, 0.0, scale, 0.0, 0.0);
    decorate(&ctx, state, &view);
    let done = Closure::once_into_js(move |blob: Option<web_sys::Blob>| {
        if let Some(blob) = blob {
            if let Err(e) = download_blob(&blob, "险图地图截图.png") {
                web_sys::console::error_1(&e.into());
            }
        }
    });
    out.to_blob(done.unchecked_ref())
        .map_err(|e| js_error_text(&e))
}
