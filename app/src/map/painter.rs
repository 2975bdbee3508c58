//! Walks a geo-core `DrawList` onto a 2D canvas. No decisions here: what to draw and where
//! was settled by `geo_core::scene`.

use std::cell::RefCell;

use geo_core::risk::Rgba;
use geo_core::scene::{DrawCmd, DrawList, FrameRaster};
use wasm_bindgen::{Clamped, JsCast};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};

/// Background where no layer draws (sea and beyond the data): `#dfe9ef`.
pub(super) const BACKGROUND: Rgba = Rgba(0xdf, 0xe9, 0xef, 255);

/// A frame with at least this many markers, or this many path vertices, is rasterised in
/// wasm memory; a lighter one is drawn with canvas calls, which then cost less than
/// putting a whole frame of pixels (about 10 ms at 1280 × 748).
const RASTER_MIN_MARKERS: usize = 1500;
const RASTER_MIN_POINTS: usize = 20_000;

/// A frame buffer and the canvas it goes through over a basemap.
#[derive(Default)]
pub struct Raster {
    frame: FrameRaster,
    off: Option<HtmlCanvasElement>,
}

thread_local! {
    /// The map's own, kept between frames: a pan moves its pixels.
    static SCREEN: RefCell<Raster> = RefCell::new(Raster::default());
    /// The last frame's parts, ms: rasterising, putting the pixels on the canvas, labels.
    static PARTS: std::cell::Cell<FrameParts> = std::cell::Cell::new(FrameParts::default());
}

/// Where a frame's time went, ms (the map writes them on the canvas for the benchmark).
#[derive(Clone, Copy, Default, Debug)]
pub struct FrameParts {
    /// The page's raster (its band of a split frame).
    pub raster: f64,
    pub put: f64,
    pub labels: f64,
    /// A split frame's worker band: the worker's own time, and how long the page waited
    /// for it after drawing its band.
    pub worker: f64,
    pub wait: f64,
    /// 2 for a split frame, else 1.
    pub bands: u8,
}

pub(super) fn set_parts(parts: FrameParts) {
    PARTS.with(|p| p.set(parts));
}

/// `f` on the map's kept frame buffer.
pub(super) fn with_screen<R>(f: impl FnOnce(&mut FrameRaster) -> R) -> R {
    SCREEN.with(|r| f(&mut r.borrow_mut().frame))
}

/// Puts the kept frame on the canvas whole (no basemap under it).
pub(super) fn put_screen(ctx: &CanvasRenderingContext2d) -> bool {
    SCREEN.with(|r| {
        let r = r.borrow();
        let (w, h) = r.frame.size();
        ImageData::new_with_u8_clamped_array_and_sh(Clamped(r.frame.bytes()), w as u32, h as u32)
            .and_then(|image| ctx.put_image_data(&image, 0.0, 0.0))
            .is_ok()
    })
}

/// Draws the labels over the frame; returns the time it took, ms.
pub(super) fn draw_labels(ctx: &CanvasRenderingContext2d, labels: &[DrawCmd], dpr: f64) -> f64 {
    let t = now_ms();
    let _ = ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0);
    ctx.set_line_join("round");
    draw_cmds(ctx, labels);
    now_ms() - t
}

/// The parts of the last frame [`paint`] painted.
pub fn last_parts() -> FrameParts {
    PARTS.with(|p| p.get())
}

pub(super) fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Paints a frame of the map on screen: areas, lines and markers rasterised in wasm memory
/// (over the basemap if one is drawn, else over the background) and put on the canvas in
/// one go, then the labels as canvas text. `shift`: the frame is the last one moved by
/// these whole device pixels, nothing else changed, so only the uncovered strips are
/// drawn.
pub fn paint(
    ctx: &CanvasRenderingContext2d,
    list: &DrawList,
    (w, h, dpr): (f64, f64, f64),
    basemap_drawn: bool,
    shift: Option<(i64, i64)>,
) -> Painted {
    SCREEN.with(|r| {
        paint_with(
            &mut r.borrow_mut(),
            ctx,
            list,
            (w, h, dpr),
            basemap_drawn,
            shift,
        )
    })
}

/// Whether the kept frame can be moved by `dx`, `dy` device pixels for a canvas of
/// `w` × `h` (then [`paint`] with that shift draws only the uncovered strips).
pub fn can_shift(w: u32, h: u32, dx: i64, dy: i64) -> bool {
    SCREEN.with(|r| r.borrow().frame.can_shift(w as usize, h as usize, dx, dy))
}

/// [`paint`] into a raster of its own: for maps drawn off screen, which must not disturb
/// the kept frame of the map on screen.
pub fn paint_apart(ctx: &CanvasRenderingContext2d, list: &DrawList, (w, h, dpr): (f64, f64, f64)) {
    paint_with(&mut Raster::default(), ctx, list, (w, h, dpr), false, None);
}

/// How a frame was painted.
#[derive(Clone, Copy, PartialEq, Debug)]
pub enum Painted {
    /// With canvas calls (a light frame); nothing kept for the next one.
    Calls,
    /// Rasterised whole in wasm memory.
    Whole,
    /// The last frame's pixels moved, and only the uncovered strips rasterised.
    Shifted,
    /// Rasterised whole in two bands, one by the map's worker (`split_frame`).
    Split,
    /// Nothing painted: the shift asked for could not be made, and the list (of the
    /// strips only) cannot paint a whole frame. Paint again with the whole list. Also a
    /// split frame whose pixels could not be put (nothing is kept).
    Refused,
}

impl Painted {
    /// Whether a later frame can be a shift of this one.
    pub fn kept(self) -> bool {
        matches!(self, Painted::Whole | Painted::Shifted | Painted::Split)
    }

    /// For the canvas's `data-raster` attribute (tests and the map benchmark).
    pub fn as_str(self) -> &'static str {
        match self {
            Painted::Calls => "calls",
            // A whole frame all the same: `data-bands` tells the two apart.
            Painted::Whole | Painted::Split => "whole",
            Painted::Shifted => "shifted",
            Painted::Refused => "refused",
        }
    }
}

fn paint_with(
    raster: &mut Raster,
    ctx: &CanvasRenderingContext2d,
    list: &DrawList,
    (w, h, dpr): (f64, f64, f64),
    basemap_drawn: bool,
    shift: Option<(i64, i64)>,
) -> Painted {
    PARTS.with(|p| p.set(FrameParts::default()));
    // A shifted frame is rasterised whatever its weight: the strips' list is no measure.
    let painted = if shift.is_some() || heavy(list) {
        put_frame(raster, ctx, list, dpr, basemap_drawn, shift)
    } else {
        None
    };
    if shift.is_some() && painted != Some(Painted::Shifted) {
        raster.frame.forget();
        return Painted::Refused;
    }
    if painted.is_none() {
        raster.frame.forget();
        let _ = ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0);
        if !basemap_drawn {
            ctx.set_fill_style_str(&BACKGROUND.css());
            ctx.fill_rect(0.0, 0.0, w, h);
        }
        draw_cmds(ctx, &list.cmds);
    }
    let labels = draw_labels(ctx, &list.labels, dpr);
    PARTS.with(|p| p.set(FrameParts { labels, ..p.get() }));
    painted.unwrap_or(Painted::Calls)
}

/// Whether the frame is worth rasterising in wasm memory (see [`RASTER_MIN_MARKERS`]).
fn heavy(list: &DrawList) -> bool {
    let (mut points, mut markers) = (0, 0);
    for c in &list.cmds {
        match c {
            DrawCmd::Polygons { path, .. } | DrawCmd::Lines { path, .. } => {
                points += path.points.len()
            }
            DrawCmd::Markers { points: p, .. } => markers += p.len(),
            DrawCmd::Label { .. } => {}
        }
    }
    markers >= RASTER_MIN_MARKERS || points >= RASTER_MIN_POINTS
}

/// Rasterises `list.cmds` (only the strips uncovered by `shift`, if the raster can make
/// it) and puts the pixels on the canvas: straight in without a basemap (`putImageData`
/// replaces pixels), through an offscreen canvas and `drawImage` over one (to blend).
fn put_frame(
    raster: &mut Raster,
    ctx: &CanvasRenderingContext2d,
    list: &DrawList,
    dpr: f64,
    basemap_drawn: bool,
    shift: Option<(i64, i64)>,
) -> Option<Painted> {
    let canvas = ctx.canvas()?;
    let (pw, ph) = (canvas.width(), canvas.height());
    let Raster { frame, off } = raster;
    let background = (!basemap_drawn).then_some(BACKGROUND);
    let (w, h) = (pw as usize, ph as usize);
    let shifted = match shift {
        // The list holds the strips only: no whole frame can be made from it.
        Some((dx, dy)) if !frame.begin_shifted(w, h, dx, dy, background) => return None,
        Some(_) => true,
        None => {
            frame.begin(w, h, background);
            false
        }
    };
    let t0 = now_ms();
    frame.draw(&list.cmds, dpr as f32);
    frame.finish();
    let t1 = now_ms();
    let parts = |t2: f64| {
        PARTS.with(|p| {
            p.set(FrameParts {
                raster: t1 - t0,
                put: t2 - t1,
                bands: 1,
                ..FrameParts::default()
            })
        })
    };
    let image = ImageData::new_with_u8_clamped_array_and_sh(Clamped(frame.bytes()), pw, ph).ok();
    let Some(image) = image else {
        frame.forget();
        return None;
    };
    let painted = if shifted {
        Painted::Shifted
    } else {
        Painted::Whole
    };
    if !basemap_drawn {
        let put = ctx.put_image_data(&image, 0.0, 0.0).ok().map(|_| painted);
        parts(now_ms());
        return put;
    }
    if off.is_none() {
        let doc = web_sys::window()?.document()?;
        *off = Some(doc.create_element("canvas").ok()?.unchecked_into());
    }
    let off = off.as_ref()?;
    if (off.width(), off.height()) != (pw, ph) {
        off.set_width(pw);
        off.set_height(ph);
    }
    let octx: CanvasRenderingContext2d = off.get_context("2d").ok()??.unchecked_into();
    octx.put_image_data(&image, 0.0, 0.0).ok()?;
    ctx.save();
    let _ = ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0);
    let _ = ctx.draw_image_with_html_canvas_element(off, 0.0, 0.0);
    ctx.restore();
    parts(now_ms());
    Some(painted)
}

/// Draws commands with canvas calls over what is on the canvas (the transform already
/// set): labels, the hover and selection outlines, and frames that could not be put.
pub fn draw_cmds(ctx: &CanvasRenderingContext2d, cmds: &[DrawCmd]) {
    for cmd in cmds {
        draw_one(ctx, cmd);
    }
}

fn draw_one(ctx: &CanvasRenderingContext2d, cmd: &DrawCmd) {
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
            stroke_width,
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
                ctx.set_line_width(*stroke_width as f64);
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

fn trace(ctx: &CanvasRenderingContext2d, pts: &[[f32; 2]]) {
    let mut it = pts.iter();
    if let Some(p) = it.next() {
        ctx.move_to(p[0] as f64, p[1] as f64);
    }
    for p in it {
        ctx.line_to(p[0] as f64, p[1] as f64);
    }
}
