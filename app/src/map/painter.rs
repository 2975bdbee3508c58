//! Walks a geo-core `DrawList` onto a 2D canvas. No decisions here: what to draw and where
//! was settled by `geo_core::scene`.

use geo_core::scene::{DrawCmd, DrawList};
use web_sys::CanvasRenderingContext2d;

/// Background where no layer draws (sea and beyond the data).
const BACKGROUND: &str = "#dfe9ef";

pub fn paint(ctx: &CanvasRenderingContext2d, list: &DrawList, w: f64, h: f64, dpr: f64) {
    let _ = ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0);
    ctx.set_fill_style_str(BACKGROUND);
    ctx.fill_rect(0.0, 0.0, w, h);
    ctx.set_line_join("round");
    for cmd in list.cmds.iter().chain(&list.labels) {
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
            DrawCmd::Label { x, y, text } => {
                ctx.set_font("600 14px system-ui, sans-serif");
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
