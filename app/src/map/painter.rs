//! Walks a geo-core `DrawList` onto a 2D canvas. No decisions here: what to draw and where
//! was settled by `geo_core::scene`.

use std::cell::RefCell;

use geo_core::scene::{DrawCmd, DrawList, MarkerRaster};
use wasm_bindgen::{Clamped, JsCast};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};

/// Background where no layer draws (sea and beyond the data).
const BACKGROUND: &str = "#dfe9ef";
/// A run of at least this many markers is stamped in wasm memory and composited as one
/// image; fewer are drawn as canvas paths (no buffer to copy).
const RASTER_MIN_MARKERS: usize = 1500;

thread_local! {
    /// The marker buffer and the canvas it is put into, kept between frames.
    static RASTER: RefCell<(MarkerRaster, Option<HtmlCanvasElement>, Vec<u8>)> =
        RefCell::new((MarkerRaster::default(), None, Vec::new()));
}

/// Paints a frame: the background (unless a basemap is already under it), then the list.
pub fn paint(
    ctx: &CanvasRenderingContext2d,
    list: &DrawList,
    w: f64,
    h: f64,
    dpr: f64,
    basemap_drawn: bool,
) {
    let _ = ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0);
    if !basemap_drawn {
        ctx.set_fill_style_str(BACKGROUND);
        ctx.fill_rect(0.0, 0.0, w, h);
    }
    ctx.set_line_join("round");
    draw_cmds(ctx, &list.cmds, dpr);
    draw_cmds(ctx, &list.labels, dpr);
}

/// Stamps a run of marker commands into the wasm buffer and draws the touched part of it
/// onto the canvas in one `drawImage`.
fn composite_markers(ctx: &CanvasRenderingContext2d, run: &[DrawCmd], dpr: f64) -> Option<()> {
    let canvas = ctx.canvas()?;
    let (pw, ph) = (canvas.width() as usize, canvas.height() as usize);
    RASTER.with(|cell| {
        let (raster, off, scratch) = &mut *cell.borrow_mut();
        raster.begin(pw, ph);
        raster.draw_run(run, dpr as f32);
        raster.finish();
        let [x0, y0, x1, y1] = raster.dirty()?;
        let (bw, bh) = (x1 - x0, y1 - y0);
        // The touched rows, cut to the touched columns (one slice when they span the width).
        let bytes: &[u8] = if bw == pw {
            &raster.bytes()[y0 * pw * 4..y1 * pw * 4]
        } else {
            scratch.clear();
            for row in y0..y1 {
                scratch
                    .extend_from_slice(&raster.bytes()[(row * pw + x0) * 4..(row * pw + x1) * 4]);
            }
            scratch
        };
        let image =
            ImageData::new_with_u8_clamped_array_and_sh(Clamped(bytes), bw as u32, bh as u32)
                .ok()?;
        if off.is_none() {
            let doc = web_sys::window()?.document()?;
            *off = Some(doc.create_element("canvas").ok()?.unchecked_into());
        }
        let off = off.as_ref()?;
        if off.width() < bw as u32 || off.height() < bh as u32 {
            off.set_width(pw as u32);
            off.set_height(ph as u32);
        }
        let octx: CanvasRenderingContext2d = off.get_context("2d").ok()??.unchecked_into();
        octx.put_image_data(&image, 0.0, 0.0).ok()?;
        ctx.save();
        let _ = ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0);
        let (x, y, w, h) = (x0 as f64, y0 as f64, bw as f64, bh as f64);
        let _ = ctx.draw_image_with_html_canvas_element_and_sw_and_sh_and_dx_and_dy_and_dw_and_dh(
            off, 0.0, 0.0, w, h, x, y, w, h,
        );
        ctx.restore();
        Some(())
    })
}

/// Draws commands over what is on the canvas (the transform already set by [`paint`]).
pub fn draw_cmds(ctx: &CanvasRenderingContext2d, cmds: &[DrawCmd], dpr: f64) {
    let mut i = 0;
    while i < cmds.len() {
        // A run of marker commands with many markers goes through the buffer.
        let run = cmds[i..]
            .iter()
            .take_while(|c| matches!(c, DrawCmd::Markers { .. }))
            .count();
        if run > 0 {
            let markers: usize = cmds[i..i + run]
                .iter()
                .map(|c| match c {
                    DrawCmd::Markers { points, .. } => points.len(),
                    _ => 0,
                })
                .sum();
            if markers >= RASTER_MIN_MARKERS
                && composite_markers(ctx, &cmds[i..i + run], dpr).is_some()
            {
                i += run;
                continue;
            }
        }
        draw_one(ctx, &cmds[i]);
        i += 1;
    }
}

fn draw_one(ctx: &CanvasRenderingContext2d, cmd: &DrawCmd) {
    {
        match cmd {
            DrawCmd::Polygons {
                path,
                fill,
                stroke,
                stroke_width,
            } => {
                ctx.begin_path();
                for ring in path.subpaths() {
                    trace(ctx, ring);
                    ctx.close_path();
                }
                ctx.set_fill_style_str(&fill.css());
                // Non-zero: the scene winds holes against their exterior.
                ctx.fill();
                if let Some(s) = stroke {
                    ctx.set_stroke_style_str(&s.css());
                    ctx.set_line_width(*stroke_width as f64);
                    ctx.stroke();
                }
            }
            DrawCmd::Lines {
                path,
                stroke,
                width,
            } => {
                ctx.begin_path();
                for line in path.subpaths() {
                    trace(ctx, line);
                }
                ctx.set_stroke_style_str(&stroke.css());
                ctx.set_line_width(*width as f64);
                ctx.stroke();
            }
            DrawCmd::Markers {
                points,
                radius,
                fill,
                stroke,
                diamond,
            } => {
                let r = *radius as f64;
                ctx.begin_path();
                for p in points {
                    let (x, y) = (p[0] as f64, p[1] as f64);
                    if *diamond {
                        ctx.move_to(x, y - r);
                        ctx.line_to(x + r, y);
                        ctx.line_to(x, y + r);
                        ctx.line_to(x - r, y);
                        ctx.close_path();
                    } else {
                        ctx.move_to(x + r, y);
                        let _ = ctx.arc(x, y, r, 0.0, std::f64::consts::TAU);
                    }
                }
                ctx.set_fill_style_str(&fill.css());
                ctx.fill();
                if let Some(s) = stroke {
                    ctx.set_stroke_style_str(&s.css());
                    ctx.set_line_width(1.0);
                    ctx.stroke();
                }
            }
            DrawCmd::Label {
                x,
                y,
                text,
                font_px,
            } => {
                ctx.set_font(&format!("600 {font_px}px system-ui, sans-serif"));
                ctx.set_text_align("center");
                ctx.set_text_baseline("middle");
                ctx.set_line_width(3.0);
                ctx.set_stroke_style_str("rgba(255,255,255,0.9)");
                let _ = ctx.stroke_text(text, *x as f64, *y as f64);
                ctx.set_fill_style_str("#333");
                let _ = ctx.fill_text(text, *x as f64, *y as f64);
            }
        }
    }
}

fn trace(ctx: &CanvasRenderingContext2d, pts: &[[f32; 2]]) {
    let mut it = pts.iter();
    if let Some(p) = it.next() {
        ctx.move_to(p[0] as f64, p[1] as f64);
    }
    for p in it {
        ctx.line_to(p[0] as f64, p[1] as f64);
    }
}
