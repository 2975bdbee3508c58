//! Point markers stamped into a pixel buffer in wasm memory, for frames with many of them;
//! [`super::FrameRaster`] lays the result over the frame's areas.
//!
//! Why not canvas paths: a 2D canvas without a GPU rasterises 100,000 arcs in one path in
//! about 1.3 s and as separate paths in about 0.25 s (headless Chromium on the project's
//! machines, measured before this module was written), while copying a finished buffer in
//! with `putImageData` and compositing it with `drawImage` costs a few milliseconds. Each
//! marker style is rendered once into a small anti-aliased stamp (4 × 4 samples a pixel);
//! a frame then copies stamps, which is a few hundred nanoseconds a marker.

use super::cover::{Cover, CELL};
use super::draw_list::DrawCmd;
use super::fmath::round;
use crate::risk::Rgba;

/// Samples per pixel side when a stamp is made.
const SUPERSAMPLE: usize = 4;

#[derive(Debug, Clone, PartialEq)]
struct StampKey {
    radius: f32,
    fill: Rgba,
    stroke: Option<Rgba>,
    /// Outline width, CSS pixels.
    stroke_width: f32,
    diamond: bool,
    dpr: f32,
}

/// A marker's pixels, premultiplied RGBA packed little-endian (`[r, g, b, a]` in memory),
/// and per row the span that is not transparent (markers are convex).
#[derive(Debug, Clone)]
pub(crate) struct Stamp {
    size: usize,
    pixels: Vec<u32>,
    /// Per row: visible from `.0` to `.1` (exclusive).
    rows: Vec<(usize, usize)>,
}

/// A reusable RGBA buffer of one frame's markers, premultiplied while stamping (cheap
/// integer blending) and turned to straight alpha, the layout `ImageData` wants, by
/// [`MarkerRaster::finish`]; and the stamps made so far.
#[derive(Debug, Default)]
pub struct MarkerRaster {
    width: usize,
    height: usize,
    pixels: Vec<u32>,
    stamps: Stamps,
    /// Pixel box touched since the last clear: min x, min y, max x, max y (exclusive).
    dirty: Option<[usize; 4]>,
    cover: Cover,
}

/// The marker stamps made so far, one per style.
#[derive(Debug, Default)]
pub(crate) struct Stamps(Vec<(StampKey, Stamp)>);

impl Stamps {
    /// The stamp of a marker command at `dpr`, made on first use; `None` for other commands.
    fn for_cmd(&mut self, cmd: &DrawCmd, dpr: f32) -> Option<&Stamp> {
        let DrawCmd::Markers {
            radius,
            fill,
            stroke,
            stroke_width,
            diamond,
            ..
        } = cmd
        else {
            return None;
        };
        let key = StampKey {
            radius: *radius,
            fill: *fill,
            stroke: *stroke,
            stroke_width: *stroke_width,
            diamond: *diamond,
            dpr,
        };
        let at = match self.0.iter().position(|(k, _)| *k == key) {
            Some(i) => i,
            None => {
                // A handful of styles a session; a long-lived tab that restyles often
                // drops the oldest.
                if self.0.len() >= 64 {
                    self.0.remove(0);
                }
                let stamp = Stamp::new(&key);
                self.0.push((key, stamp));
                self.0.len() - 1
            }
        };
        Some(&self.0[at].1)
    }
}

/// Stamps the points of marker command `cmd` (nothing for other commands), the later
/// points on top, *under* what `pixels` (`width` wide, premultiplied, opacity kept in
/// `cover`) already hold: the buffer is drawn front to back. Every pixel written lies in
/// `clip`; `dirty` grows by the box written.
///
/// Why front to back: zoomed out, 100,000 markers pile twenty deep on the same pixels.
/// Drawing the topmost first ("under" instead of "over") lets every pixel stop at the
/// first opaque marker, and a marker whose box lies in cells that are already opaque is
/// skipped whole, so a frame costs about what is visible, not what is loaded. Same pixels
/// as drawing back to front, up to rounding in the anti-aliased rims.
pub(crate) fn stamp_under(
    (pixels, width, cover): (&mut [u32], usize, &mut Cover),
    stamps: &mut Stamps,
    cmd: &DrawCmd,
    dpr: f32,
    clip: [usize; 4],
    dirty: &mut [usize; 4],
) {
    let (DrawCmd::Markers { points, .. }, Some(stamp)) = (cmd, stamps.for_cmd(cmd, dpr)) else {
        return;
    };
    let clip = clip.map(|v| v as i64);
    let s = stamp.size as i64;
    for p in points.iter().rev() {
        if !(p[0].is_finite() && p[1].is_finite()) {
            continue;
        }
        let x0 = round(p[0] * dpr - s as f32 / 2.0) as i64;
        let y0 = round(p[1] * dpr - s as f32 / 2.0) as i64;
        let (cx0, cy0) = (x0.max(clip[0]), y0.max(clip[1]));
        let (cx1, cy1) = ((x0 + s).min(clip[2]), (y0 + s).min(clip[3]));
        if cx0 >= cx1 || cy0 >= cy1 {
            continue;
        }
        let (cx0, cy0, cx1, cy1) = (cx0 as usize, cy0 as usize, cx1 as usize, cy1 as usize);
        // Per row of cells, whether it is opaque across the marker: those rows are not
        // read at all (the frame is megabytes; the cells fit a cache). Rows 32 apart (a
        // marker over 128 px) share a bit, which only ever draws a row that could be skipped.
        let mut open_rows = 0u32;
        let ky0 = cy0 / CELL;
        for ky in ky0..=(cy1 - 1) / CELL {
            let y = (ky * CELL).max(cy0);
            if !cover.hidden([cx0, y, cx1, y + 1]) {
                open_rows |= 1 << ((ky - ky0) & 31);
            }
        }
        if open_rows == 0 {
            continue;
        }
        for y in cy0..cy1 {
            if open_rows & (1 << ((y / CELL - ky0) & 31)) == 0 {
                continue;
            }
            let sy = (y as i64 - y0) as usize;
            let (a, b) = stamp.rows[sy];
            // Stamp columns, clipped to the buffer.
            let lo = (cx0 as i64 - x0) as usize;
            let hi = (cx1 as i64 - x0) as usize;
            let (lo, hi) = (lo.max(a), hi.min(b));
            if lo >= hi {
                continue;
            }
            let src = &stamp.pixels[sy * stamp.size + lo..sy * stamp.size + hi];
            // Frame columns of the stamp's first and last.
            let first = (x0 + lo as i64) as usize;
            let row = y * width;
            let dst = &mut pixels[row + first..row + first + src.len()];
            let cells = cover.row(y);
            for (j, (d, &sp)) in dst.iter_mut().zip(src).enumerate() {
                if *d >> 24 == 255 {
                    continue;
                }
                // "Under": what is already there is in front.
                let n = over(*d, sp);
                *d = n;
                if n >> 24 == 255 {
                    cells[(first + j) / CELL] -= 1;
                }
            }
        }
        *dirty = [
            dirty[0].min(cx0),
            dirty[1].min(cy0),
            dirty[2].max(cx1),
            dirty[3].max(cy1),
        ];
    }
}

fn pack(r: f32, g: f32, b: f32, a: f32) -> u32 {
    let q = |v: f32| (v.clamp(0.0, 1.0) * 255.0).round() as u32;
    q(r) | (q(g) << 8) | (q(b) << 16) | (q(a) << 24)
}

fn unpack(p: u32) -> [u32; 4] {
    [p & 0xff, (p >> 8) & 0xff, (p >> 16) & 0xff, p >> 24]
}

/// "Source over" of premultiplied `src` onto premultiplied `dst`, two channels at a time
/// in integer arithmetic (the rim of every overlapping marker goes through here).
pub(crate) fn over(src: u32, dst: u32) -> u32 {
    let sa = src >> 24;
    if sa == 255 {
        return src;
    }
    if sa == 0 {
        return dst;
    }
    let inv = 255 - sa;
    let rb = (dst & 0x00ff_00ff) * inv;
    let ag = ((dst >> 8) & 0x00ff_00ff) * inv;
    // x / 255, rounded, for each 16-bit lane.
    let rb = ((rb + 0x0080_0080 + ((rb >> 8) & 0x00ff_00ff)) >> 8) & 0x00ff_00ff;
    let ag = (ag + 0x0080_0080 + ((ag >> 8) & 0x00ff_00ff)) & 0xff00_ff00;
    src + (rb | ag)
}

/// Premultiplies a straight-alpha pixel.
fn premultiply(p: u32) -> u32 {
    let [r, g, b, a] = unpack(p);
    let m = |c: u32| (c * a + 127) / 255;
    m(r) | (m(g) << 8) | (m(b) << 16) | (a << 24)
}

/// A colour as a premultiplied packed pixel.
pub(crate) fn premultiply_rgba(c: Rgba) -> u32 {
    premultiply(c.0 as u32 | (c.1 as u32) << 8 | (c.2 as u32) << 16 | (c.3 as u32) << 24)
}

/// Back to straight alpha, as `ImageData` wants.
pub(crate) fn unpremultiply(p: u32) -> u32 {
    let a = p >> 24;
    if a == 0 || a == 255 {
        return if a == 0 { 0 } else { p };
    }
    let [r, g, b, _] = unpack(p);
    let u = |c: u32| ((c * 255 + a / 2) / a).min(255);
    u(r) | (u(g) << 8) | (u(b) << 16) | (a << 24)
}

impl Stamp {
    fn new(key: &StampKey) -> Stamp {
        let r = key.radius * key.dpr;
        let half_stroke = if key.stroke.is_some() {
            key.stroke_width * key.dpr / 2.0
        } else {
            0.0
        };
        let size = (2.0 * (r + half_stroke)).ceil() as usize + 2;
        let c = size as f32 / 2.0;
        let colour = |v: Rgba| [v.0, v.1, v.2, v.3].map(|x| x as f32 / 255.0);
        let fill = colour(key.fill);
        let stroke = key.stroke.map(colour);
        let n = (SUPERSAMPLE * SUPERSAMPLE) as f32;
        let mut pixels = vec![0u32; size * size];
        for py in 0..size {
            for px in 0..size {
                let (mut in_fill, mut in_stroke) = (0.0f32, 0.0f32);
                for sy in 0..SUPERSAMPLE {
                    for sx in 0..SUPERSAMPLE {
                        let x = px as f32 + (sx as f32 + 0.5) / SUPERSAMPLE as f32 - c;
                        let y = py as f32 + (sy as f32 + 0.5) / SUPERSAMPLE as f32 - c;
                        // Distance from the outline: a circle's radius, or the diamond's
                        // edge measured along the axes as the canvas path draws it.
                        let d = if key.diamond {
                            (x.abs() + y.abs()) / std::f32::consts::SQRT_2
                                - r / std::f32::consts::SQRT_2
                        } else {
                            (x * x + y * y).sqrt() - r
                        };
                        if d <= 0.0 {
                            in_fill += 1.0;
                        }
                        if d.abs() <= half_stroke {
                            in_stroke += 1.0;
                        }
                    }
                }
                let fa = fill[3] * in_fill / n;
                let (mut out_c, mut out_a) = ([fill[0], fill[1], fill[2]], fa);
                if let Some(s) = stroke {
                    let sa = s[3] * in_stroke / n;
                    let oa = sa + fa * (1.0 - sa);
                    if oa > 0.0 {
                        for k in 0..3 {
                            out_c[k] = (s[k] * sa + fill[k] * fa * (1.0 - sa)) / oa;
                        }
                    }
                    out_a = oa;
                }
                pixels[py * size + px] = premultiply(pack(out_c[0], out_c[1], out_c[2], out_a));
            }
        }
        let rows = pixels
            .chunks(size)
            .map(|row| {
                let a = row.iter().position(|p| p >> 24 != 0).unwrap_or(size);
                let b = row.iter().rposition(|p| p >> 24 != 0).map_or(a, |i| i + 1);
                (a, b)
            })
            .collect();
        Stamp { size, pixels, rows }
    }
}

impl MarkerRaster {
    /// Starts a frame of `width` × `height` device pixels with nothing drawn.
    pub fn begin(&mut self, width: usize, height: usize) {
        if (width, height) != (self.width, self.height) {
            self.width = width;
            self.height = height;
            self.pixels = vec![0; width * height];
            self.dirty = None;
        } else if let Some([x0, y0, x1, y1]) = self.dirty.take() {
            for row in y0..y1 {
                self.pixels[row * width + x0..row * width + x1].fill(0);
            }
        }
        self.cover.reset(width, height);
    }

    /// Stamps a frame's marker commands (CSS pixels) at `dpr` device pixels a CSS pixel,
    /// the later commands and points on top, front to back (`stamp_under`); other
    /// commands are ignored, markers partly off the buffer are clipped. Give a frame's
    /// markers in one call: a second call draws under the first.
    pub fn draw_run(&mut self, cmds: &[DrawCmd], dpr: f32) {
        let all = [0, 0, self.width, self.height];
        self.draw_run_in(cmds, dpr, all);
    }

    /// [`MarkerRaster::draw_run`] with every pixel written inside `clip` (min x, min y,
    /// max x, max y, exclusive; within the buffer).
    pub fn draw_run_in(&mut self, cmds: &[DrawCmd], dpr: f32, clip: [usize; 4]) {
        let mut dirty = self.dirty.unwrap_or([usize::MAX, usize::MAX, 0, 0]);
        for cmd in cmds.iter().rev() {
            let to = (&mut self.pixels[..], self.width, &mut self.cover);
            stamp_under(to, &mut self.stamps, cmd, dpr, clip, &mut dirty);
        }
        if dirty[0] < dirty[2] {
            self.dirty = Some(dirty);
        }
    }

    /// Ends the frame's stamping: the touched box back to straight alpha for
    /// [`MarkerRaster::bytes`]. Stamping after this and before the next `begin` is wrong.
    pub fn finish(&mut self) {
        if let Some([x0, y0, x1, y1]) = self.dirty {
            for row in y0..y1 {
                for p in &mut self.pixels[row * self.width + x0..row * self.width + x1] {
                    *p = unpremultiply(*p);
                }
            }
        }
    }

    /// The buffer as RGBA bytes, row by row, for `ImageData` (after `finish`).
    pub fn bytes(&self) -> &[u8] {
        // SAFETY: u32 has no padding and any byte is a valid u8; the slice covers exactly
        // the vector's initialised elements. Little-endian packing puts r first.
        unsafe {
            std::slice::from_raw_parts(self.pixels.as_ptr().cast::<u8>(), self.pixels.len() * 4)
        }
    }

    /// Width and height in device pixels.
    pub fn size(&self) -> (usize, usize) {
        (self.width, self.height)
    }

    /// The touched box (min x, min y, max x, max y, exclusive) since `begin`, if any.
    pub fn dirty(&self) -> Option<[usize; 4]> {
        self.dirty
    }

    /// The pixel at (x, y) as straight-alpha `[r, g, b, a]` (before `finish`).
    pub fn pixel(&self, x: usize, y: usize) -> [u8; 4] {
        self.pixels
            .get(y * self.width + x)
            .map_or([0; 4], |p| unpack(unpremultiply(*p)).map(|v| v as u8))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn markers(points: Vec<[f32; 2]>, fill: Rgba, stroke: Option<Rgba>, diamond: bool) -> DrawCmd {
        DrawCmd::Markers {
            points,
            radius: 5.0,
            fill,
            stroke,
            stroke_width: 1.0,
            diamond,
        }
    }

    const RED: Rgba = Rgba(230, 48, 49, 255);
    const DARK: Rgba = Rgba(0x33, 0x33, 0x33, 255);

    #[test]
    fn marker_raster_outline_is_as_wide_as_the_style_says() {
        // Pixels of the outline's colour along a radius, for a 1 px and a 3 px outline.
        let dark_run = |width: f32| {
            let mut r = MarkerRaster::default();
            r.begin(60, 40);
            let mut cmd = markers(vec![[20.0, 20.0]], RED, Some(DARK), false);
            if let DrawCmd::Markers { stroke_width, .. } = &mut cmd {
                *stroke_width = width;
            }
            r.draw_run(&[cmd], 1.0);
            (20..30)
                .filter(|&x| {
                    let p = r.pixel(x, 20);
                    p[3] > 200 && p[0] < 100
                })
                .count()
        };
        let (thin, wide) = (dark_run(1.0), dark_run(3.0));
        assert!((1..=2).contains(&thin), "{thin}");
        assert!(wide >= thin + 2, "{thin} → {wide}");
    }

    #[test]
    fn marker_raster_draws_fill_outline_and_nothing_else() {
        let mut r = MarkerRaster::default();
        r.begin(100, 60);
        r.draw_run(&[markers(vec![[20.0, 20.0]], RED, Some(DARK), false)], 1.0);
        assert_eq!(r.pixel(20, 20), [230, 48, 49, 255], "centre");
        // On the outline (radius 5): mostly the stroke colour.
        let edge = r.pixel(25, 20);
        assert!(edge[0] < 120 && edge[3] > 100, "{edge:?}");
        assert_eq!(r.pixel(28, 20), [0; 4], "outside");
        assert_eq!(r.pixel(60, 40), [0; 4]);
        assert!(r.dirty().is_some());
        // A new frame starts clear.
        r.begin(100, 60);
        assert_eq!(r.pixel(20, 20), [0; 4]);
        assert!(r.dirty().is_none());
    }

    #[test]
    fn marker_raster_scales_with_the_device_pixel_ratio_and_clips_at_the_edges() {
        let mut r = MarkerRaster::default();
        r.begin(200, 120);
        r.draw_run(
            &[markers(
                vec![[20.0, 20.0], [-1.0, 59.0], [99.5, 0.0]],
                RED,
                None,
                false,
            )],
            2.0,
        );
        assert_eq!(r.pixel(40, 40), [230, 48, 49, 255]);
        assert_eq!(r.pixel(48, 40), [230, 48, 49, 255], "radius 10 device px");
        assert_eq!(r.pixel(52, 40)[3], 0);
        assert_eq!(
            r.pixel(2, 118),
            [230, 48, 49, 255],
            "clipped marker drawn where on screen"
        );
        assert_eq!(r.pixel(199, 1), [230, 48, 49, 255]);
    }

    #[test]
    fn marker_raster_later_markers_cover_earlier_ones_and_alpha_blends() {
        let blue = Rgba(0, 0, 255, 255);
        let half = Rgba(0, 0, 255, 128);
        let mut r = MarkerRaster::default();
        r.begin(50, 50);
        r.draw_run(
            &[
                markers(vec![[25.0, 25.0]], RED, None, false),
                markers(vec![[25.0, 25.0]], blue, None, true),
                markers(vec![[10.0, 10.0]], half, None, false),
                markers(vec![[25.0, 25.0]], Rgba(255, 0, 0, 128), None, false),
            ],
            1.0,
        );
        assert_eq!(r.pixel(10, 10), [0, 0, 255, 128]);
        let p = r.pixel(25, 25);
        assert_eq!(p[3], 255);
        assert!(
            (p[0] as i32 - 128).abs() <= 1 && (p[2] as i32 - 127).abs() <= 1,
            "{p:?}"
        );
    }

    #[test]
    fn marker_raster_diamond_on_a_circle_leaves_the_circle_in_its_corners() {
        let mut r = MarkerRaster::default();
        r.begin(50, 50);
        r.draw_run(
            &[
                markers(vec![[25.0, 25.0]], RED, None, false),
                markers(vec![[25.0, 25.0]], Rgba(0, 0, 255, 255), None, true),
            ],
            1.0,
        );
        assert_eq!(r.pixel(25, 25), [0, 0, 255, 255]);
        assert!(
            (r.pixel(28, 28)[0] as i32 - 230).abs() <= 2,
            "{:?}",
            r.pixel(28, 28)
        );
    }

    #[test]
    fn marker_raster_ignores_non_finite_points_and_other_commands() {
        let mut r = MarkerRaster::default();
        r.begin(10, 10);
        r.draw_run(
            &[
                markers(
                    vec![[f32::NAN, 1.0], [f32::INFINITY, 2.0]],
                    RED,
                    None,
                    false,
                ),
                DrawCmd::Label {
                    x: 5.0,
                    y: 5.0,
                    text: "x".into(),
                    font_px: 12.0,
                },
            ],
            1.0,
        );
        assert!(r.dirty().is_none());
        assert_eq!(r.bytes().len(), 400);
    }

    #[test]
    fn marker_raster_front_to_back_gives_the_pixels_of_blending_every_stamp_back_to_front() {
        let mut seed = 3u32;
        let mut next = || {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (seed >> 8) as f32 / (1u32 << 24) as f32
        };
        // Dense enough that whole cells go opaque and markers behind them are skipped.
        let mut points = || -> Vec<[f32; 2]> {
            (0..1500)
                .map(|_| [next() * 140.0 - 10.0, next() * 90.0 - 10.0])
                .collect()
        };
        for (dpr, diamond, stroke, alpha) in [
            (1.0, false, Some(DARK), 255),
            (2.0, true, None, 255),
            (1.5, false, None, 200),
            (1.0, false, Some(DARK), 120),
        ] {
            let cmds: Vec<DrawCmd> = [Rgba(20, 120, 200, alpha), Rgba(230, 48, 49, alpha)]
                .into_iter()
                .map(|fill| DrawCmd::Markers {
                    points: points(),
                    radius: 5.0,
                    fill,
                    stroke,
                    stroke_width: 1.0,
                    diamond,
                })
                .collect();
            let mut fast = MarkerRaster::default();
            let (w, h) = ((120.0 * dpr) as usize, (70.0 * dpr) as usize);
            fast.begin(w, h);
            fast.draw_run(&cmds, dpr);
            // Naive: every stamp pixel of every marker through `over`, in order, clipped.
            let mut naive = vec![0u32; w * h];
            for cmd in &cmds {
                let DrawCmd::Markers { points, fill, .. } = cmd else {
                    unreachable!()
                };
                let stamp = &fast
                    .stamps
                    .0
                    .iter()
                    .find(|(k, _)| k.fill == *fill)
                    .unwrap()
                    .1;
                let s = stamp.size as i64;
                for p in points {
                    let x0 = (p[0] * dpr - s as f32 / 2.0).round() as i64;
                    let y0 = (p[1] * dpr - s as f32 / 2.0).round() as i64;
                    for y in 0..s {
                        for x in 0..s {
                            let (bx, by) = (x0 + x, y0 + y);
                            if bx >= 0 && by >= 0 && bx < w as i64 && by < h as i64 {
                                let at = by as usize * w + bx as usize;
                                naive[at] = over(stamp.pixels[(y * s + x) as usize], naive[at]);
                            }
                        }
                    }
                }
            }
            // Blending in the other order rounds differently: a few levels at most, where
            // many translucent rims pile up.
            let worst = fast
                .pixels
                .iter()
                .zip(&naive)
                .enumerate()
                .map(|(i, (a, b))| {
                    let d = (0..4)
                        .map(|k| (unpack(*a)[k] as i32 - unpack(*b)[k] as i32).abs())
                        .max()
                        .unwrap();
                    (d, i)
                })
                .max()
                .unwrap();
            assert!(
                worst.0 <= if alpha == 255 { 2 } else { 6 },
                "dpr {dpr} diamond {diamond} alpha {alpha}: {} levels at {:?}: {:?} vs {:?}",
                worst.0,
                (worst.1 % w, worst.1 / w),
                unpack(fast.pixels[worst.1]),
                unpack(naive[worst.1])
            );
        }
    }
}
