//! A whole map frame (areas, lines, markers) rasterised in wasm memory, for one
//! `putImageData` instead of thousands of canvas calls.
//!
//! Why: without a GPU, Chromium's canvas records every `lineTo` through a JS call and fills
//! the paths with Skia afterwards. For the map benchmark's 2,000 zones that was about 30 ms
//! of calls and 30–50 ms of filling per zoomed-out frame, against the 16 ms. Here a
//! polygon costs its edges plus the pixels of its box: edges add signed area to an
//! accumulation row (the method of font-rs and most font rasterisers), a running sum of
//! that row gives each pixel's exact coverage, and the colour is blended in by coverage.
//! Rings wound oppositely cancel, so holes stay open and overlapping rings of one command
//! merge, as with the canvas's non-zero rule.
//!
//! Lines and outlines are filled as one quadrilateral per segment; joins are where the
//! quadrilaterals overlap (invisible at the 1–3 px widths the map uses).
//!
//! A frame that only moves the last one by whole pixels ([`FrameRaster::begin_shifted`])
//! keeps its pixels, moved, and draws only the strips the move uncovered: a pan costs the
//! strips, not the frame. Drawing is clipped exactly (coverage is computed per pixel), so
//! a strip comes out as the same pixels a whole frame would have there.

use super::cover::{Cover, CELL};
use super::draw_list::{DrawCmd, Path};
use super::fmath::{max, min, round};
use super::marker_raster::{over, premultiply_rgba, stamp_under, unpremultiply, Stamps};
use crate::risk::Rgba;

/// A frame's pixels, premultiplied RGBA packed little-endian, and the same frame in
/// straight alpha for `ImageData` ([`FrameRaster::bytes`]), written by
/// [`FrameRaster::finish`]. The premultiplied pixels are kept for the next frame's shift.
#[derive(Debug, Default)]
pub struct FrameRaster {
    width: usize,
    height: usize,
    pixels: Vec<u32>,
    /// Straight alpha, up to date where `finish` last converted (the whole frame, or the
    /// strips of a shifted one).
    out: Vec<u32>,
    /// Where this frame draws: the whole frame, or the strips a shift uncovered.
    clips: Vec<PixelBox>,
    /// The clip being drawn into; every pixel written lies in it.
    clip: PixelBox,
    /// Signed area per pixel of the path being filled, zero between paths; one spare
    /// column on the right for edges on the last pixel boundary.
    acc: Vec<f32>,
    /// Per frame row, the first and last column of the box's accumulation row written
    /// since the last blend
    /// (first > last: none). Right of the last the running sum is back to zero, since a
    /// closed path crosses a row as often down as up; so a blend walks only these spans,
    /// not the whole box of a batch of far-apart rings.
    spans: Vec<(u32, u32)>,
    /// Where the pixels are already opaque: the frame is drawn front to back.
    cover: Cover,
    stamps: Stamps,
    /// Per row of cells of the subpath being traced, from row `rows_from`, whether it is
    /// opaque across the subpath's box.
    hidden_rows: Vec<bool>,
    rows_from: usize,
    /// Premultiplied, laid under the drawing once it is done.
    background: u32,
    /// Whether `draw` ran since `begin`: it draws a whole frame, topmost command first.
    drawn: bool,
    finished: bool,
    /// Whether `pixels` hold a drawn frame that a shift may reuse.
    kept: bool,
}

/// Strokes at most this wide (device pixels) are drawn as hairlines.
const THIN_PX: f32 = 1.5;

/// A box in device pixels: min x, min y, max x, max y (exclusive), inside the frame.
type PixelBox = [usize; 4];
/// The same on or off the frame.
type WholeBox = [i64; 4];

impl FrameRaster {
    /// Starts a frame of `width` × `height` device pixels over `background` (transparent
    /// for `None`, to go over a basemap), which [`FrameRaster::draw`] lays under what it
    /// draws.
    pub fn begin(&mut self, width: usize, height: usize, background: Option<Rgba>) {
        self.width = width;
        self.height = height;
        self.background = background.map_or(0, premultiply_rgba);
        // Transparent until drawn: the background goes under the drawing at the end.
        self.pixels.clear();
        self.pixels.resize(width * height, 0);
        self.cover.reset(width, height);
        self.out.resize(width * height, 0);
        // Kept zeroed by `blend`: only a new size needs a new one.
        let acc = (width + 2) * height.max(1);
        if self.acc.len() != acc {
            self.acc = vec![0.0; acc];
            self.spans = vec![(u32::MAX, 0); height.max(1)];
        }
        self.clips = vec![[0, 0, width, height]];
        self.drawn = false;
        self.finished = false;
        self.kept = true;
    }

    /// Starts a frame that is the last one moved by `dx`, `dy` device pixels (positive:
    /// the picture moves right and down, as when the view pans left and up): the kept
    /// pixels move, and the uncovered strips are all that [`FrameRaster::draw`] then
    /// draws (over `background`). The caller vouches that nothing else changed (the
    /// scene, the zoom, the background). `false`, with nothing done, when there is no
    /// frame of `width` × `height` to move or the move leaves nothing of it on screen.
    pub fn begin_shifted(
        &mut self,
        width: usize,
        height: usize,
        dx: i64,
        dy: i64,
        background: Option<Rgba>,
    ) -> bool {
        if !self.can_shift(width, height, dx, dy) {
            return false;
        }
        self.background = background.map_or(0, premultiply_rgba);
        shift(&mut self.pixels, width, height, dx, dy, 0);
        shift(&mut self.out, width, height, dx, dy, 0);
        self.clips = Self::uncovered(width, height, dx, dy);
        self.cover.recount(&self.pixels, width, &self.clips);
        self.drawn = false;
        self.finished = false;
        true
    }

    /// Starts a whole frame of `width` × `height` of which this raster draws only the rows
    /// `rows`; the rest comes from another raster that drew the same commands over the
    /// same background (a worker's), through [`FrameRaster::put_band`]. Two cores then
    /// share a frame: the pixels are those of one raster drawing it all, since drawing is
    /// clipped exactly and front-to-back skips only what an opaque pixel hides.
    pub fn begin_band(
        &mut self,
        width: usize,
        height: usize,
        rows: std::ops::Range<usize>,
        background: Option<Rgba>,
    ) {
        self.begin(width, height, background);
        let (y0, y1) = (rows.start.min(height), rows.end.min(height));
        self.clips = vec![[0, y0, width, y1.max(y0)]];
        // Not a whole frame until the other rows are put.
        self.kept = (y0, y1) == (0, height);
    }

    /// The premultiplied pixels of `rows` after `draw` (empty outside the frame), for
    /// another raster's [`FrameRaster::put_band`].
    pub fn band_pixels(&self, rows: std::ops::Range<usize>) -> &[u32] {
        let (y0, y1) = (rows.start.min(self.height), rows.end.min(self.height));
        &self.pixels[y0 * self.width..y1.max(y0) * self.width]
    }

    /// Lays `pixels` ([`FrameRaster::band_pixels`] of another raster) in as the rows from
    /// `y0`, written out as [`FrameRaster::finish`] does. When they are exactly the rows
    /// this raster's band left out, the frame is whole and a later one may shift it.
    /// `false`, with nothing changed, if they are not whole rows inside the frame.
    pub fn put_band(&mut self, y0: usize, pixels: &[u32]) -> bool {
        let w = self.width;
        if w == 0 || !pixels.len().is_multiple_of(w) || y0 + pixels.len() / w > self.height {
            return false;
        }
        let y1 = y0 + pixels.len() / w;
        self.pixels[y0 * w..y1 * w].copy_from_slice(pixels);
        for (o, p) in self.out[y0 * w..y1 * w].iter_mut().zip(pixels) {
            *o = unpremultiply(*p);
        }
        if let [[0, a, x1, b]] = self.clips[..] {
            let h = self.height;
            self.kept |=
                x1 == w && ((a == 0 && (y0, y1) == (b, h)) || (b == h && (y0, y1) == (0, a)));
        }
        true
    }

    /// Whether [`FrameRaster::begin_shifted`] would take these arguments.
    pub fn can_shift(&self, width: usize, height: usize, dx: i64, dy: i64) -> bool {
        self.kept
            && (width, height) == (self.width, self.height)
            && dx.unsigned_abs() < width as u64
            && dy.unsigned_abs() < height as u64
    }

    /// The strips a move by `dx`, `dy` uncovers in a `width` × `height` frame (device
    /// pixels: min x, min y, max x, max y): a band of columns and a band of rows, their
    /// common corner in the first only. Empty for no move.
    pub fn uncovered(width: usize, height: usize, dx: i64, dy: i64) -> Vec<[usize; 4]> {
        let (ax, ay) = (
            (dx.unsigned_abs() as usize).min(width),
            (dy.unsigned_abs() as usize).min(height),
        );
        let cols = if dx > 0 { [0, ax] } else { [width - ax, width] };
        let rows = if dy > 0 {
            [0, ay]
        } else {
            [height - ay, height]
        };
        let mut strips = Vec::new();
        if ax > 0 {
            strips.push([cols[0], 0, cols[1], height]);
        }
        if ay > 0 {
            let (x0, x1) = if dx > 0 { (ax, width) } else { (0, width - ax) };
            if x0 < x1 {
                strips.push([x0, rows[0], x1, rows[1]]);
            }
        }
        strips
    }

    /// Where this frame draws, device pixels (min x, min y, max x, max y): the whole frame,
    /// or the strips a shift uncovered.
    pub fn clips(&self) -> &[[usize; 4]] {
        &self.clips
    }

    /// Forgets the frame, so the next one cannot be a shift of it (something was drawn
    /// on the canvas that this raster did not make).
    pub fn forget(&mut self) {
        self.kept = false;
    }

    /// Draws the frame's `cmds` (CSS pixels), the later ones on top, at `dpr` device
    /// pixels a CSS pixel, over the background. One call a frame. Labels are left to the
    /// canvas (text needs its fonts).
    ///
    /// Why front to back: zoomed out, the map benchmark's 100,000 sites cover 45–95 % of
    /// the frame with opaque markers, over 130,000–190,000 zone vertices. Drawn topmost
    /// first, each pixel stops at the first opaque shape, and a zone or marker whose box
    /// lies in cells already opaque (`Cover`) costs a look at those cells, not its edges
    /// and pixels. The pixels are those of drawing back to front, up to rounding in
    /// translucent ones.
    pub fn draw(&mut self, cmds: &[DrawCmd], dpr: f32) {
        debug_assert!(
            !self.drawn,
            "one draw a frame: a second would go under the first"
        );
        self.drawn = true;
        for k in 0..self.clips.len() {
            self.clip = self.clips[k];
            self.draw_clipped(cmds, dpr);
        }
        let bg = self.background;
        if bg == 0 {
            return;
        }
        let w = self.width;
        for &[x0, y0, x1, y1] in &self.clips {
            for y in y0..y1 {
                for p in &mut self.pixels[y * w + x0..y * w + x1] {
                    *p = over(*p, bg);
                }
            }
        }
    }

    /// [`FrameRaster::draw`] within `self.clip`, topmost first.
    fn draw_clipped(&mut self, cmds: &[DrawCmd], dpr: f32) {
        let mut dirty = [usize::MAX, usize::MAX, 0, 0];
        for cmd in cmds.iter().rev() {
            match cmd {
                DrawCmd::Polygons {
                    path,
                    fill,
                    stroke,
                    stroke_width,
                } => {
                    // The outline is over the fill.
                    if let Some(s) = stroke {
                        self.stroke_path(path, *s, stroke_width * dpr, true, dpr);
                    }
                    self.fill_path(path, *fill, dpr);
                }
                DrawCmd::Lines {
                    path,
                    stroke,
                    width,
                } => self.stroke_path(path, *stroke, width * dpr, false, dpr),
                DrawCmd::Markers { .. } => {
                    let to = (&mut self.pixels[..], self.width, &mut self.cover);
                    stamp_under(to, &mut self.stamps, cmd, dpr, self.clip, &mut dirty);
                }
                DrawCmd::Label { .. } => {}
            }
        }
    }

    /// Writes what this frame drew in straight alpha, as `ImageData` wants, for
    /// [`FrameRaster::bytes`]. Drawing after this is wrong until the next `begin`.
    pub fn finish(&mut self) {
        if self.finished {
            return;
        }
        let w = self.width;
        for &[x0, y0, x1, y1] in &self.clips {
            for y in y0..y1 {
                let row = y * w;
                for (o, p) in self.out[row + x0..row + x1]
                    .iter_mut()
                    .zip(&self.pixels[row + x0..row + x1])
                {
                    *o = unpremultiply(*p);
                }
            }
        }
        self.finished = true;
    }

    /// The frame as RGBA bytes, row by row (after `finish`).
    pub fn bytes(&self) -> &[u8] {
        // SAFETY: u32 has no padding and any byte is a valid u8; the slice covers exactly
        // the vector's initialised elements. Little-endian packing puts r first.
        unsafe { std::slice::from_raw_parts(self.out.as_ptr().cast::<u8>(), self.out.len() * 4) }
    }

    /// Width and height in device pixels.
    pub fn size(&self) -> (usize, usize) {
        (self.width, self.height)
    }

    /// The pixel at (x, y) as straight-alpha `[r, g, b, a]` (after `draw`).
    pub fn pixel(&self, x: usize, y: usize) -> [u8; 4] {
        let p = self.pixels.get(y * self.width + x).copied().unwrap_or(0);
        unpremultiply(p).to_le_bytes()
    }

    /// Fills the subpaths of `path` (CSS pixels) with the non-zero rule.
    ///
    /// A command batches rings of several features, often far apart: the rings are taken
    /// in runs whose boxes meet (a feature's holes lie in its exterior), and each run is
    /// summed and blended over its own box, not over the box of the whole command.
    fn fill_path(&mut self, path: &Path, fill: Rgba, dpr: f32) {
        if fill.3 == 0 {
            return;
        }
        let colour = premultiply_rgba(fill);
        self.in_runs(
            path,
            dpr,
            0.0,
            |r, ring, bbox| {
                for k in 0..ring.len() {
                    // Closed: the last point joins the first.
                    let (a, b) = (ring[k], ring[(k + 1) % ring.len()]);
                    r.edge([a[0] * dpr, a[1] * dpr], [b[0] * dpr, b[1] * dpr], bbox);
                }
            },
            colour,
        );
    }

    /// Strokes the subpaths of `path` `width` device pixels wide (rings closed when
    /// `closed`), in runs as [`FrameRaster::fill_path`] fills them.
    fn stroke_path(&mut self, path: &Path, colour: Rgba, width: f32, closed: bool, dpr: f32) {
        if colour.3 == 0 || width <= 0.0 {
            return;
        }
        if width <= THIN_PX {
            self.thin_lines(path, premultiply_rgba(colour), width, closed, dpr);
            return;
        }
        let half = width / 2.0;
        self.in_runs(
            path,
            dpr,
            half + 1.0,
            |r, line, bbox| {
                let n = line.len();
                let segments = if closed { n } else { n.saturating_sub(1) };
                for k in 0..segments {
                    let (a, b) = (line[k], line[(k + 1) % n]);
                    let (a, b) = ([a[0] * dpr, a[1] * dpr], [b[0] * dpr, b[1] * dpr]);
                    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
                    let len = (dx * dx + dy * dy).sqrt();
                    if len.is_nan() || len <= 0.0 {
                        continue;
                    }
                    // Extended by half the width at both ends, so consecutive segments overlap
                    // at the join instead of leaving a notch.
                    let (ux, uy) = (dx / len * half, dy / len * half);
                    let (nx, ny) = (-uy, ux);
                    let (a, b) = ([a[0] - ux, a[1] - uy], [b[0] + ux, b[1] + uy]);
                    // Every quadrilateral wound the same way, so overlaps add, not cancel.
                    let q = [
                        [a[0] + nx, a[1] + ny],
                        [b[0] + nx, b[1] + ny],
                        [b[0] - nx, b[1] - ny],
                        [a[0] - nx, a[1] - ny],
                    ];
                    for k in 0..4 {
                        r.edge(q[k], q[(k + 1) % 4], bbox);
                    }
                }
            },
            premultiply_rgba(colour),
        );
    }

    /// Hairlines (outlines of 1 px or so) with Xiaolin Wu's method: per step along the
    /// major axis, the two pixels the line passes between, by distance. Four times fewer
    /// edges than quadrilaterals and no accumulation; where segments meet, the joint pixel
    /// is blended twice (a shade darker with a translucent stroke).
    fn thin_lines(&mut self, path: &Path, colour: u32, width: f32, closed: bool, dpr: f32) {
        let w = self.width;
        let [cx0, cy0, cx1, cy1] = self.clip;
        let weight = width.min(1.0);
        let Self { pixels, cover, .. } = self;
        let pixels = &mut pixels[..];
        // One pixel of coverage `c` at `at`, under what is there: below 1/256 it would not
        // change a level.
        let plot = |pixels: &mut [u32], cover: &mut Cover, at: usize, c: f32| {
            let d = pixels[at];
            if c > 1.0 / 256.0 && d >> 24 != 255 {
                let n = over(d, scale(colour, min(c * weight, 1.0)));
                pixels[at] = n;
                if n >> 24 == 255 {
                    cover.covered(at % w, at / w);
                }
            }
        };
        for line in path.subpaths() {
            // Hidden whole behind what is in front: nothing to plot.
            let hidden = whole_box(line, dpr, 1.0).is_some_and(|b| {
                let [x0, y0, x1, y1] = b;
                let b = [
                    x0.max(cx0 as i64),
                    y0.max(cy0 as i64),
                    x1.min(cx1 as i64),
                    y1.min(cy1 as i64),
                ];
                b[0] >= b[2] || b[1] >= b[3] || cover.hidden(b.map(|v| v as usize))
            });
            if hidden {
                continue;
            }
            let n = line.len();
            let segments = if closed { n } else { n.saturating_sub(1) };
            for k in 0..segments {
                // Closed: the last point joins the first.
                let (a, b) = (line[k], if k + 1 < n { line[k + 1] } else { line[0] });
                let (mut x0, mut y0, mut x1, mut y1) =
                    (a[0] * dpr, a[1] * dpr, b[0] * dpr, b[1] * dpr);
                if !(x0.is_finite() && y0.is_finite() && x1.is_finite() && y1.is_finite()) {
                    continue;
                }
                // Off the clip entirely, or behind what is in front: nothing to plot.
                let (bx0, by0) = (min(x0, x1) - 1.0, min(y0, y1) - 1.0);
                let (bx1, by1) = (max(x0, x1) + 2.0, max(y0, y1) + 2.0);
                if bx1 < cx0 as f32 || by1 < cy0 as f32 || bx0 > cx1 as f32 || by0 > cy1 as f32 {
                    continue;
                }
                let seg = [
                    max(bx0, cx0 as f32) as usize,
                    max(by0, cy0 as f32) as usize,
                    min(bx1, cx1 as f32) as usize,
                    min(by1, cy1 as f32) as usize,
                ];
                if seg[0] >= seg[2] || seg[1] >= seg[3] || cover.hidden(seg) {
                    continue;
                }
                // Pixel centres at .5: shift so the line's own coordinates address them.
                x0 -= 0.5;
                y0 -= 0.5;
                x1 -= 0.5;
                y1 -= 0.5;
                let steep = (y1 - y0).abs() > (x1 - x0).abs();
                if steep {
                    std::mem::swap(&mut x0, &mut y0);
                    std::mem::swap(&mut x1, &mut y1);
                }
                if x0 > x1 {
                    std::mem::swap(&mut x0, &mut x1);
                    std::mem::swap(&mut y0, &mut y1);
                }
                let dx = x1 - x0;
                let gradient = if dx > 0.0 { (y1 - y0) / dx } else { 0.0 };
                // The clip along the major and the minor axis, and the step from one
                // minor pixel to the next in `pixels`.
                let ((lo, hi), (mlo, mhi), minor_step) = if steep {
                    ((cy0, cy1), (cx0, cx1), 1)
                } else {
                    ((cx0, cx1), (cy0, cy1), w)
                };
                // Steps clipped to the clip along the major axis (plots outside it would
                // be dropped).
                let start = max(round(x0), lo as f32);
                let end = min(round(x1), hi as f32 - 1.0);
                let mut xi = start as i64;
                while (xi as f32) <= end {
                    let xf = xi as f32;
                    // Coverage along the major axis at the ends: the part of the pixel the
                    // segment spans.
                    let span = (min(xf + 0.5, x1 + 0.5) - max(xf - 0.5, x0 - 0.5)).clamp(0.0, 1.0);
                    if span > 0.0 {
                        let y = y0 + gradient * (xf - x0);
                        let yf = y.floor();
                        let f = y - yf;
                        let yi = yf as i64;
                        let major = xi as usize;
                        let at = if steep { major * w } else { major };
                        if yi >= mlo as i64 && yi < mhi as i64 {
                            plot(
                                pixels,
                                cover,
                                at + yi as usize * minor_step,
                                (1.0 - f) * span,
                            );
                        }
                        if yi + 1 >= mlo as i64 && yi + 1 < mhi as i64 {
                            plot(pixels, cover, at + (yi + 1) as usize * minor_step, f * span);
                        }
                    }
                    xi += 1;
                }
            }
        }
    }

    /// Calls `trace` for each subpath of `path` with the box of its run, and blends
    /// `colour` over a run's box once its subpaths are traced. A run is a set of subpaths
    /// whose boxes, widened by `pad` device pixels, meet one another (directly or through
    /// others): a feature's holes lie in its exterior, and overlapping rings of one
    /// command merge under the non-zero rule instead of darkening each other. Runs are
    /// found from the whole boxes, not the parts inside the clip, so a strip of a frame
    /// merges the same rings as the whole frame does.
    fn in_runs(
        &mut self,
        path: &Path,
        dpr: f32,
        pad: f32,
        mut trace: impl FnMut(&mut Self, &[[f32; 2]], &PixelBox),
        colour: u32,
    ) {
        let subpaths: Vec<(&[[f32; 2]], Option<WholeBox>)> = path
            .subpaths()
            .map(|sp| (sp, whole_box(sp, dpr, pad)))
            .collect();
        let n = subpaths.len();
        let mut parent: Vec<usize> = (0..n).collect();
        fn root(parent: &mut [usize], mut i: usize) -> usize {
            while parent[i] != i {
                parent[i] = parent[parent[i]];
                i = parent[i];
            }
            i
        }
        // A sweep in x: each box against the boxes still open at its left side.
        let mut order: Vec<(usize, WholeBox)> = subpaths
            .iter()
            .enumerate()
            .filter_map(|(i, (_, b))| b.map(|b| (i, b)))
            .collect();
        order.sort_by_key(|(_, b)| b[0]);
        let mut open: Vec<(usize, WholeBox)> = Vec::new();
        for &(i, b) in &order {
            open.retain(|(_, o)| o[2] > b[0]);
            for &(j, o) in &open {
                if o[1] < b[3] && b[1] < o[3] {
                    let (ri, rj) = (root(&mut parent, i), root(&mut parent, j));
                    // The earlier subpath stays the root: runs go out in path order.
                    parent[ri.max(rj)] = ri.min(rj);
                }
            }
            open.push((i, b));
        }
        // Members of each run, runs in the order of their first subpath.
        let mut members: Vec<Vec<usize>> = vec![Vec::new(); n];
        for &(i, _) in &order {
            let r = root(&mut parent, i);
            members[r].push(i);
        }
        for run in members.iter_mut().filter(|m| !m.is_empty()) {
            run.sort_unstable();
            let clipped: Vec<Option<PixelBox>> = run
                .iter()
                .map(|&i| subpaths[i].1.and_then(|b| self.clip_box(b)))
                .collect();
            let Some(bbox) = clipped.iter().flatten().copied().reduce(|a, b| {
                [
                    a[0].min(b[0]),
                    a[1].min(b[1]),
                    a[2].max(b[2]),
                    a[3].max(b[3]),
                ]
            }) else {
                continue;
            };
            // Behind shapes drawn before it (in front of it): nothing would show.
            if self.cover.hidden(bbox) {
                continue;
            }
            for (&i, c) in run.iter().zip(&clipped) {
                // A subpath adds nothing to the running sum right of its box (it crosses
                // each row as often down as up), so one whose box is opaque is left out,
                // and so are its edges in rows of cells opaque across its box.
                if let Some(b) = c {
                    if self.cover.hidden(*b) {
                        continue;
                    }
                    self.hidden_rows.clear();
                    self.rows_from = b[1] / CELL;
                    for ky in b[1] / CELL..=(b[3] - 1) / CELL {
                        let y = (ky * CELL).max(b[1]);
                        let row = [b[0], y, b[2], y + 1];
                        self.hidden_rows.push(self.cover.hidden(row));
                    }
                    trace(self, subpaths[i].0, &bbox);
                }
            }
            self.blend(&bbox, colour);
        }
    }

    /// The part of a whole-pixel box inside the clip, if any.
    fn clip_box(&self, b: WholeBox) -> Option<PixelBox> {
        let [cx0, cy0, cx1, cy1] = self.clip.map(|v| v as i64);
        let (x0, y0, x1, y1) = (b[0].max(cx0), b[1].max(cy0), b[2].min(cx1), b[3].min(cy1));
        (x0 < x1 && y0 < y1).then_some([x0 as usize, y0 as usize, x1 as usize, y1 as usize])
    }

    /// Adds the signed area of edge `p0`–`p1` (device pixels) to the accumulation rows of
    /// `bbox`. The parts of the edge left of the box are moved onto its left side, which
    /// leaves the coverage inside unchanged (what is left of a pixel only reaches it through
    /// the running sum); the parts right of it go onto the spare column, which is never
    /// summed into a pixel. The edge is split where it crosses those sides first, so each
    /// part is moved whole.
    fn edge(&mut self, p0: [f32; 2], p1: [f32; 2], bbox: &PixelBox) {
        if !(p0[0].is_finite() && p0[1].is_finite() && p1[0].is_finite() && p1[1].is_finite()) {
            return;
        }
        let (left, right) = (bbox[0] as f32, bbox[2] as f32 + 1.0);
        // Most edges lie within the box's columns: nothing to cut.
        if p0[0] >= left && p0[0] <= right && p1[0] >= left && p1[0] <= right {
            self.edge_part(p0, p1, bbox, left, right);
            return;
        }
        let mut cuts = [0.0f32, 1.0, 1.0, 1.0];
        let mut n = 1;
        let dx = p1[0] - p0[0];
        for side in [left, right] {
            let t = (side - p0[0]) / dx;
            if t > 0.0 && t < 1.0 {
                cuts[n] = t;
                n += 1;
            }
        }
        cuts[..n].sort_by(f32::total_cmp);
        cuts[n] = 1.0;
        let at = |t: f32| [p0[0] + dx * t, p0[1] + (p1[1] - p0[1]) * t];
        for k in 0..n {
            let (a, b) = (at(cuts[k]), at(cuts[k + 1]));
            self.edge_part(a, b, bbox, left, right);
        }
    }

    /// [`FrameRaster::edge`] for a part wholly left of, inside or right of the box.
    fn edge_part(&mut self, p0: [f32; 2], p1: [f32; 2], bbox: &PixelBox, left: f32, right: f32) {
        // The accumulation rows are the box's own (its width plus the spare columns), so
        // a small polygon's rows share a few cache lines.
        let stride = bbox[2] - bbox[0] + 2;
        let (top, bottom) = (bbox[1] as f32, bbox[3] as f32);
        let (dir, a, b) = if p0[1] < p1[1] {
            (1.0f32, p0, p1)
        } else if p0[1] > p1[1] {
            (-1.0, p1, p0)
        } else {
            return; // horizontal: no area
        };
        if b[1] <= top || a[1] >= bottom {
            return;
        }
        let dxdy = (b[0] - a[0]) / (b[1] - a[1]);
        let mut x = a[0];
        let y_start = max(a[1], top);
        if a[1] < top {
            x += (top - a[1]) * dxdy;
        }
        let y_end = min(b[1], bottom);
        let mut y = y_start.floor() as usize;
        let last = (y_end.ceil() as usize).min(bbox[3]);
        while y < last {
            let row_top = max(y as f32, y_start);
            let row_bottom = min((y + 1) as f32, y_end);
            let dy = row_bottom - row_top;
            if dy <= 0.0 {
                y += 1;
                continue;
            }
            let x_next = x + dxdy * dy;
            if self.hidden_rows[y / CELL - self.rows_from] {
                x = x_next;
                y += 1;
                continue;
            }
            let d = dy * dir;
            // Clamped into the box (see above), relative to the frame's left edge.
            let (xa, xb) = (x.clamp(left, right), x_next.clamp(left, right));
            let (x0, x1) = if xa < xb { (xa, xb) } else { (xb, xa) };
            let local = (y - bbox[1]) * stride;
            let row = &mut self.acc[local..local + stride];
            let x0f = x0.floor();
            let x0i = x0f as usize - bbox[0];
            let x1c = x1.ceil();
            let x1i = x1c as usize - bbox[0];
            let span = &mut self.spans[y];
            *span = (span.0.min(x0i as u32), span.1.max(x1i.max(x0i + 1) as u32));
            if x1i <= x0i + 1 {
                // Within one pixel column: split by the edge's mean position.
                let xm = 0.5 * (x0 + x1) - x0f;
                row[x0i] += d - d * xm;
                row[(x0i + 1).min(stride - 1)] += d * xm;
            } else {
                let s = 1.0 / (x1 - x0);
                let fx0 = x0 - x0f;
                let a0 = 0.5 * s * (1.0 - fx0) * (1.0 - fx0);
                let fx1 = x1 - x1c + 1.0;
                let am = 0.5 * s * fx1 * fx1;
                row[x0i] += d * a0;
                if x1i == x0i + 2 {
                    row[x0i + 1] += d * (1.0 - a0 - am);
                } else {
                    let a1 = s * (1.5 - fx0);
                    row[x0i + 1] += d * (a1 - a0);
                    for v in &mut row[x0i + 2..x1i - 1] {
                        *v += d * s;
                    }
                    let a2 = a1 + (x1i - x0i - 3) as f32 * s;
                    row[x1i - 1] += d * (1.0 - a2 - am);
                }
                row[x1i.min(stride - 1)] += d * am;
            }
            x = x_next;
            y += 1;
        }
    }

    /// Sums the accumulation rows of `bbox` into coverage, blends `colour` (premultiplied)
    /// by it and clears the rows for the next path.
    fn blend(&mut self, bbox: &PixelBox, colour: u32) {
        let [x0, y0, x1, y1] = *bbox;
        let stride = x1 - x0 + 2;
        let opaque = colour >> 24 == 255;
        for y in y0..y1 {
            let (lo, hi) = std::mem::replace(&mut self.spans[y], (u32::MAX, 0));
            if lo > hi {
                continue;
            }
            let (lo, hi) = (lo as usize, hi as usize);
            // Spans are in the box's columns.
            let local = (y - y0) * stride;
            let row = &mut self.acc[local..local + stride];
            let px = &mut self.pixels[y * self.width + x0..y * self.width + x1];
            let cells = self.cover.row(y);
            let mut sum = 0.0f32;
            // Edges on the spare columns leave nothing to blend there.
            let end = (hi + 1).min(x1 - x0);
            let lo = lo.min(end);
            for (j, (a, p)) in row[lo..end].iter().zip(&mut px[lo..end]).enumerate() {
                sum += *a;
                // Opaque already: what is in front hides this.
                if *p >> 24 == 255 {
                    continue;
                }
                let cover = min(sum.abs(), 1.0);
                if cover < 1.0 / 512.0 {
                    continue;
                }
                // Under what is there.
                let n = if cover >= 1.0 - 1.0 / 512.0 && opaque {
                    over(*p, colour)
                } else {
                    over(*p, scale(colour, cover))
                };
                *p = n;
                if n >> 24 == 255 {
                    cells[(x0 + lo + j) / CELL] -= 1;
                }
            }
            // Clears what the edges wrote, the spare columns included.
            row[lo..(hi + 1).min(stride)].fill(0.0);
        }
    }
}

/// The whole pixels `points` (scaled by `scale`, widened by `pad`) may touch, on or off
/// the frame; `None` without a finite point.
fn whole_box(points: &[[f32; 2]], scale: f32, pad: f32) -> Option<WholeBox> {
    let mut b = [
        f32::INFINITY,
        f32::INFINITY,
        f32::NEG_INFINITY,
        f32::NEG_INFINITY,
    ];
    for p in points {
        let (x, y) = (p[0] * scale, p[1] * scale);
        if x.is_finite() && y.is_finite() {
            b = [min(b[0], x), min(b[1], y), max(b[2], x), max(b[3], y)];
        }
    }
    // Far off the frame stays far off (and clear of i64 overflow).
    let lim = |v: f32| v.clamp(-1e9, 1e9) as i64;
    (b[0] <= b[2]).then(|| {
        [
            lim((b[0] - pad).floor()),
            lim((b[1] - pad).floor()),
            lim((b[2] + pad).ceil()),
            lim((b[3] + pad).ceil()),
        ]
    })
}

/// Moves a `width` × `height` image by `dx`, `dy` (each less than the size), filling what
/// is uncovered with `fill`.
fn shift(px: &mut [u32], width: usize, height: usize, dx: i64, dy: i64, fill: u32) {
    let (ax, ay) = (dx.unsigned_abs() as usize, dy.unsigned_abs() as usize);
    let keep = width - ax;
    // Rows in the order that never overwrites a row before it is moved.
    let rows: Box<dyn Iterator<Item = usize>> = if dy > 0 {
        Box::new((ay..height).rev())
    } else {
        Box::new(0..height - ay)
    };
    for y in rows {
        let src_row = (y as i64 - dy) as usize * width;
        let dst_row = y * width;
        let (src, dst) = if dx >= 0 {
            (src_row..src_row + keep, dst_row + ax)
        } else {
            (src_row + ax..src_row + width, dst_row)
        };
        px.copy_within(src, dst);
        let uncovered = if dx >= 0 {
            dst_row..dst_row + ax
        } else {
            dst_row + keep..dst_row + width
        };
        px[uncovered].fill(fill);
    }
    let fresh = if dy > 0 { 0..ay } else { height - ay..height };
    px[fresh.start * width..fresh.end * width].fill(fill);
}

/// A premultiplied colour times `k` in [0, 1].
fn scale(c: u32, k: f32) -> u32 {
    let m = (k * 256.0) as u32;
    let rb = (((c & 0x00ff_00ff) * m) >> 8) & 0x00ff_00ff;
    let ag = (((c >> 8) & 0x00ff_00ff) * m) & 0xff00_ff00;
    rb | ag
}

/// A whole frame of `cmds` at `dpr` over `background`, finished: what a shifted frame
/// must equal.
#[cfg(test)]
pub(crate) fn whole_frame(
    (w, h): (usize, usize),
    background: Option<Rgba>,
    cmds: &[DrawCmd],
    dpr: f32,
) -> FrameRaster {
    let mut r = FrameRaster::default();
    r.begin(w, h, background);
    r.draw(cmds, dpr);
    r.finish();
    r
}

/// The largest difference of one channel between two finished frames' bytes.
#[cfg(test)]
pub(crate) fn worst_difference(a: &FrameRaster, b: &FrameRaster) -> i32 {
    a.bytes()
        .iter()
        .zip(b.bytes())
        .map(|(x, y)| (*x as i32 - *y as i32).abs())
        .max()
        .unwrap_or(0)
}

#[cfg(test)]
mod tests;
