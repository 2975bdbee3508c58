//! Point markers stamped into a pixel buffer in wasm memory, for frames with many of them.
//!
//! Why not canvas paths: a 2D canvas without a GPU rasterises 100,000 arcs in one path in
//! about 1.3 s and as separate paths in about 0.25 s (headless Chromium on the project's
//! machines, measured before this module was written), while copying a finished buffer in
//! with `putImageData` and compositing it with `drawImage` costs a few milliseconds. Each
//! marker style is rendered once into a small anti-aliased stamp (4 × 4 samples a pixel);
//! a frame then copies stamps, which is a few hundred nanoseconds a marker.

use super::draw_list::DrawCmd;
use crate::risk::Rgba;

/// Samples per pixel side when a stamp is made.
const SUPERSAMPLE: usize = 4;
/// Width of a marker's outline in CSS pixels, as the canvas painter strokes it.
const STROKE_PX: f32 = 1.0;

#[derive(Debug, Clone, PartialEq)]
struct StampKey {
    radius: f32,
    fill: Rgba,
    stroke: Option<Rgba>,
    diamond: bool,
    dpr: f32,
}

/// A marker's pixels, premultiplied RGBA packed little-endian (`[r, g, b, a]` in memory),
/// and per row the span that is not transparent and, inside it, the opaque run (markers
/// are convex): the opaque run is copied, only the anti-aliased rim is blended.
#[derive(Debug, Clone)]
struct Stamp {
    size: usize,
    pixels: Vec<u32>,
    /// Per row: visible from `.0` to `.3` (exclusive), opaque from `.1` to `.2`.
    rows: Vec<(usize, usize, usize, usize)>,
}

/// A reusable RGBA buffer of one frame's markers, premultiplied while stamping (cheap
/// integer blending) and turned to straight alpha, the layout `ImageData` wants, by
/// [`MarkerRaster::finish`]; and the stamps made so far.
#[derive(Debug, Default)]
pub struct MarkerRaster {
    width: usize,
    height: usize,
    pixels: Vec<u32>,
    stamps: Vec<(StampKey, Stamp)>,
    /// Pixel box touched since the last clear: min x, min y, max x, max y (exclusive).
    dirty: Option<[usize; 4]>,
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
fn over(src: u32, dst: u32) -> u32 {
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

/// Back to straight alpha, as `ImageData` wants.
fn unpremultiply(p: u32) -> u32 {
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
            STROKE_PX * key.dpr / 2.0
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
                let c = (a..b).find(|&i| row[i] >> 24 == 255).unwrap_or(b);
                let d = (c..b)
                    .take_while(|&i| row[i] >> 24 == 255)
                    .last()
                    .map_or(c, |i| i + 1);
                (a, c, d, b)
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
            return;
        }
        if let Some([x0, y0, x1, y1]) = self.dirty.take() {
            for row in y0..y1 {
                self.pixels[row * width + x0..row * width + x1].fill(0);
            }
        }
    }

    /// Stamps the markers of a [`DrawCmd::Markers`] (CSS pixels) at `dpr` device pixels
    /// a CSS pixel; other commands are ignored. Markers partly off the buffer are clipped.
    pub fn draw(&mut self, cmd: &DrawCmd, dpr: f32) {
        let DrawCmd::Markers {
            points,
            radius,
            fill,
            stroke,
            diamond,
        } = cmd
        else {
            return;
        };
        let key = StampKey {
            radius: *radius,
            fill: *fill,
            stroke: *stroke,
            diamond: *diamond,
            dpr,
        };
        let at = match self.stamps.iter().position(|(k, _)| *k == key) {
            Some(i) => i,
            None => {
                // A handful of styles a session; a long-lived tab that restyles often
                // drops the oldest.
                if self.stamps.len() >= 64 {
                    self.stamps.remove(0);
                }
                let stamp = Stamp::new(&key);
                self.stamps.push((key, stamp));
                self.stamps.len() - 1
            }
        };
        let stamp = &self.stamps[at].1;
        let (w, h, s) = (self.width as i64, self.height as i64, stamp.size as i64);
        let mut dirty = self.dirty.unwrap_or([usize::MAX, usize::MAX, 0, 0]);
        for p in points {
            if !(p[0].is_finite() && p[1].is_finite()) {
                continue;
            }
            let x0 = (p[0] * dpr - s as f32 / 2.0).round() as i64;
            let y0 = (p[1] * dpr - s as f32 / 2.0).round() as i64;
            let (cx0, cy0) = (x0.max(0), y0.max(0));
            let (cx1, cy1) = ((x0 + s).min(w), (y0 + s).min(h));
            if cx0 >= cx1 || cy0 >= cy1 {
                continue;
            }
            for y in cy0..cy1 {
                let sy = (y - y0) as usize;
                let (a, c, d, b) = stamp.rows[sy];
                // Stamp columns, clipped to the buffer.
                let lo = ((cx0 - x0) as usize).max(a);
                let hi = ((cx1 - x0) as usize).min(b);
                if lo >= hi {
                    continue;
                }
                let src = &stamp.pixels[sy * stamp.size..(sy + 1) * stamp.size];
                let row = (y * w + x0) as isize;
                let dst_at = |i: usize| (row + i as isize) as usize;
                let (c, d) = (c.clamp(lo, hi), d.clamp(lo, hi));
                for i in (lo..c).chain(d..hi) {
                    let at = dst_at(i);
                    self.pixels[at] = over(src[i], self.pixels[at]);
                }
                if c < d {
                    self.pixels[dst_at(c)..dst_at(d)].copy_from_slice(&src[c..d]);
                }
            }
            dirty = [
                dirty[0].min(cx0 as usize),
                dirty[1].min(cy0 as usize),
                dirty[2].max(cx1 as usize),
                dirty[3].max(cy1 as usize),
            ];
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
            diamond,
        }
    }

    const RED: Rgba = Rgba(230, 48, 49, 255);
    const DARK: Rgba = Rgba(0x33, 0x33, 0x33, 255);

    #[test]
    fn marker_raster_draws_fill_outline_and_nothing_else() {
        let mut r = MarkerRaster::default();
        r.begin(100, 60);
        r.draw(&markers(vec![[20.0, 20.0]], RED, Some(DARK), false), 1.0);
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
        r.draw(
            &markers(
                vec![[20.0, 20.0], [-1.0, 59.0], [99.5, 0.0]],
                RED,
                None,
                false,
            ),
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
        r.draw(&markers(vec![[25.0, 25.0]], RED, None, false), 1.0);
        r.draw(&markers(vec![[25.0, 25.0]], blue, None, true), 1.0);
        assert_eq!(r.pixel(25, 25), [0, 0, 255, 255]);
        // A diamond leaves the circle's red in its corners' gaps.
        assert!(
            (r.pixel(28, 28)[0] as i32 - 230).abs() <= 2,
            "{:?}",
            r.pixel(28, 28)
        );
        r.draw(&markers(vec![[10.0, 10.0]], half, None, false), 1.0);
        assert_eq!(r.pixel(10, 10), [0, 0, 255, 128]);
        r.draw(
            &markers(vec![[25.0, 25.0]], Rgba(255, 0, 0, 128), None, false),
            1.0,
        );
        let p = r.pixel(25, 25);
        assert_eq!(p[3], 255);
        assert!(
            (p[0] as i32 - 128).abs() <= 1 && (p[2] as i32 - 127).abs() <= 1,
            "{p:?}"
        );
    }

    #[test]
    fn marker_raster_ignores_non_finite_points_and_other_commands() {
        let mut r = MarkerRaster::default();
        r.begin(10, 10);
        r.draw(
            &markers(
                vec![[f32::NAN, 1.0], [f32::INFINITY, 2.0]],
                RED,
                None,
                false,
            ),
            1.0,
        );
        r.draw(
            &DrawCmd::Label {
                x: 5.0,
                y: 5.0,
                text: "x".into(),
                font_px: 12.0,
            },
            1.0,
        );
        assert!(r.dirty().is_none());
        assert_eq!(r.bytes().len(), 400);
    }

    #[test]
    fn marker_raster_spans_give_the_same_pixels_as_blending_every_stamp_pixel() {
        let mut seed = 3u32;
        let mut next = || {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (seed >> 8) as f32 / (1u32 << 24) as f32
        };
        let points: Vec<[f32; 2]> = (0..400)
            .map(|_| [next() * 140.0 - 10.0, next() * 90.0 - 10.0])
            .collect();
        for (dpr, diamond, stroke) in [
            (1.0, false, Some(DARK)),
            (2.0, true, None),
            (1.5, false, None),
        ] {
            let cmd = DrawCmd::Markers {
                points: points.clone(),
                radius: 5.0,
                fill: Rgba(20, 120, 200, 200),
                stroke,
                diamond,
            };
            let mut fast = MarkerRaster::default();
            let (w, h) = ((120.0 * dpr) as usize, (70.0 * dpr) as usize);
            fast.begin(w, h);
            fast.draw(&cmd, dpr);
            // Naive: every stamp pixel through `over`, clipped.
            let stamp = &fast.stamps[0].1;
            let s = stamp.size as i64;
            let mut naive = vec![0u32; w * h];
            for p in &points {
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
            let diff = fast.pixels.iter().zip(&naive).position(|(a, b)| a != b);
            assert!(
                diff.is_none(),
                "dpr {dpr} diamond {diamond}: at {diff:?} {:?}",
                diff.map(|i| (i % w, i / w, unpack(fast.pixels[i]), unpack(naive[i])))
            );
        }
    }
}
