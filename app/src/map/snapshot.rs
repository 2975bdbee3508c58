//! The current view as a PNG: the map's own pixels (same size, same devicePixelRatio), with
//! the legend and the scale bar drawn onto it, for reports and messages.

use geo_core::risk::Rgba;
use geo_core::scene::{scale_bar, LegendEntry, LegendSymbol, Viewport};
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use crate::browser::{download_blob, js_error_text};
use crate::components::legend::visible_groups;
use crate::inspection::photos::canvas_blob;
use crate::state::AppState;

/// Draws the legend box (top left) and scale bar (bottom left) in CSS pixels.
fn decorate(ctx: &CanvasRenderingContext2d, state: AppState, view: &Viewport) {
    // The on-screen legend's groups: the snapshot lists exactly what the map draws.
    let groups = untrack(|| visible_groups(state));
    let line = 18.0;
    let rows: usize = groups.iter().map(|g| g.entries.len() + 1).sum();
    let (x0, y0, w) = (10.0, 10.0, 220.0);
    let h = rows as f64 * line + 12.0;
    ctx.set_fill_style_str("rgba(255,255,255,0.92)");
    ctx.fill_rect(x0, y0, w, h);
    ctx.set_text_baseline("middle");
    ctx.set_text_align("left");
    let mut y = y0 + 6.0 + line / 2.0;
    for g in groups {
        ctx.set_font("600 13px system-ui, sans-serif");
        ctx.set_fill_style_str("#222");
        let _ = ctx.fill_text(&g.title, x0 + 8.0, y);
        y += line;
        ctx.set_font("12px system-ui, sans-serif");
        for e in g.entries {
            swatch(ctx, &e, x0 + 21.0, y);
            ctx.set_fill_style_str("#333");
            let _ = ctx.fill_text(&e.label, x0 + 36.0, y);
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

/// An entry's symbol centred at (cx, cy), as the legend panel draws it.
fn swatch(ctx: &CanvasRenderingContext2d, e: &LegendEntry, cx: f64, cy: f64) {
    ctx.begin_path();
    match e.symbol {
        LegendSymbol::Area => ctx.rect(cx - 9.0, cy - 6.0, 18.0, 12.0),
        LegendSymbol::Circle => {
            let _ = ctx.arc(cx, cy, 5.5, 0.0, std::f64::consts::TAU);
        }
        LegendSymbol::Diamond => {
            ctx.move_to(cx, cy - 6.5);
            ctx.line_to(cx + 6.5, cy);
            ctx.line_to(cx, cy + 6.5);
            ctx.line_to(cx - 6.5, cy);
            ctx.close_path();
        }
        LegendSymbol::Line => {
            ctx.move_to(cx - 9.0, cy);
            ctx.line_to(cx + 9.0, cy);
            ctx.set_stroke_style_str(&e.fill.css());
            ctx.set_line_width(3.0);
            ctx.stroke();
            return;
        }
    }
    ctx.set_fill_style_str(&e.fill.css());
    ctx.fill();
    if let Some(s) = e.stroke {
        ctx.set_stroke_style_str(&s.css());
        ctx.set_line_width(1.0);
        ctx.stroke();
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

/// Size of the site map in reports, CSS px at DPR 2 (sharp when printed ~16 cm wide).
const SITE_MAP_W: f64 = 900.0;
const SITE_MAP_H: f64 = 640.0;
const SITE_MAP_DPR: f64 = 2.0;

/// A map of `bounds` (lon/lat box) drawn off screen, with the legend and scale bar and the
/// site `outline`d, as a PNG for reports. The map on screen is left as it is.
pub async fn site_png(
    state: AppState,
    bounds: [f64; 4],
    outline: Option<(usize, usize, Rgba)>,
) -> Result<(web_sys::Blob, u32, u32), String> {
    report_png(state, bounds, outline, None).await
}

/// As [`site_png`], drawing only the layers whose role is in `only` (the choropleth of
/// the risk report shows the areas alone). Visibility is switched for the drawing and
/// back in the same task, so the map on screen never shows it.
pub async fn report_png(
    state: AppState,
    bounds: [f64; 4],
    outline: Option<(usize, usize, Rgba)>,
    only: Option<&[geo_core::layer::LayerRole]>,
) -> Result<(web_sys::Blob, u32, u32), String> {
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let canvas: HtmlCanvasElement = doc
        .create_element("canvas")
        .map_err(|e| js_error_text(&e))?
        .unchecked_into();
    let (pw, ph) = (
        (SITE_MAP_W * SITE_MAP_DPR) as u32,
        (SITE_MAP_H * SITE_MAP_DPR) as u32,
    );
    canvas.set_width(pw);
    canvas.set_height(ph);
    let ctx: CanvasRenderingContext2d = canvas
        .get_context("2d")
        .map_err(|e| js_error_text(&e))?
        .ok_or("no 2d context")?
        .unchecked_into();
    let view = Viewport::fit(bounds, SITE_MAP_W, SITE_MAP_H, 30.0);
    let list = match only {
        None => state.scene.with_value(|s| s.draw_list(&view)),
        Some(roles) => state
            .scene
            .try_update_value(|s| {
                let saved: Vec<bool> = s.layers.iter().map(|l| l.visible).collect();
                for l in s.layers.iter_mut() {
                    l.visible = l.visible && roles.contains(&l.role);
                }
                let list = s.draw_list(&view);
                for (l, v) in s.layers.iter_mut().zip(saved) {
                    l.visible = v;
                }
                list
            })
            .ok_or("地图不可用 / the map is gone")?,
    };
    super::painter::paint_apart(&ctx, &list, (SITE_MAP_W, SITE_MAP_H, SITE_MAP_DPR));
    if let Some((li, fi, colour)) = outline {
        let cmds = state
            .scene
            .with_value(|s| s.highlight(&view, li, fi, colour));
        let _ = ctx.set_transform(SITE_MAP_DPR, 0.0, 0.0, SITE_MAP_DPR, 0.0, 0.0);
        super::painter::draw_cmds(&ctx, &cmds);
    }
    let _ = ctx.set_transform(SITE_MAP_DPR, 0.0, 0.0, SITE_MAP_DPR, 0.0, 0.0);
    decorate(&ctx, state, &view);
    let blob = canvas_blob(&canvas, "image/png", 1.0).await?;
    Ok((blob, pw, ph))
}
