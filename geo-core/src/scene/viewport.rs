use crate::crs::{WebMercator, EARTH_RADIUS_M};

/// Metres per CSS pixel at zoom 0: the whole world in one 256-pixel tile, as XYZ tiles use.
const RES_Z0: f64 = 2.0 * std::f64::consts::PI * EARTH_RADIUS_M / 256.0;

/// What the map shows: a centre in Web Mercator metres, a zoom in XYZ-tile levels and the
/// canvas size in CSS pixels.
///
/// # Units
/// Screen coordinates are CSS pixels from the top-left, y down; world coordinates are
/// Web Mercator metres, y up.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Viewport {
    pub center: (f64, f64),
    pub zoom: f64,
    pub width: f64,
    pub height: f64,
}

/// World to screen for one view; the same arithmetic as [`Viewport::to_screen`], so both
/// give the same pixels.
#[derive(Debug, Clone, Copy)]
pub struct ScreenTransform {
    res: f64,
    center: (f64, f64),
    half: (f64, f64),
}

impl ScreenTransform {
    #[inline]
    pub fn apply(&self, x: f64, y: f64) -> (f64, f64) {
        (
            (x - self.center.0) / self.res + self.half.0,
            (self.center.1 - y) / self.res + self.half.1,
        )
    }
}

impl Viewport {
    /// Zoom limits: the whole of China down to a single building.
    pub const MIN_ZOOM: f64 = 3.0;
    pub const MAX_ZOOM: f64 = 20.0;

    pub fn from_lon_lat(lon: f64, lat: f64, zoom: f64, width: f64, height: f64) -> Self {
        Viewport {
            center: WebMercator.project(lon, lat),
            zoom: zoom.clamp(Self::MIN_ZOOM, Self::MAX_ZOOM),
            width,
            height,
        }
    }

    /// Mercator metres per CSS pixel.
    pub fn resolution(&self) -> f64 {
        RES_Z0 / self.zoom.exp2()
    }

    pub fn to_screen(&self, x: f64, y: f64) -> (f64, f64) {
        self.screen_transform().apply(x, y)
    }

    /// [`Viewport::to_screen`] with the resolution worked out once per view, not once per
    /// point: it takes an `exp2`, a library call in wasm, and a zoomed-out draw list
    /// places 100,000 markers one call each.
    pub fn screen_transform(&self) -> ScreenTransform {
        ScreenTransform {
            res: self.resolution(),
            center: self.center,
            half: (self.width / 2.0, self.height / 2.0),
        }
    }

    pub fn to_world(&self, sx: f64, sy: f64) -> (f64, f64) {
        let r = self.resolution();
        (
            self.center.0 + (sx - self.width / 2.0) * r,
            self.center.1 - (sy - self.height / 2.0) * r,
        )
    }

    /// The centre as WGS84 lon/lat.
    pub fn center_lon_lat(&self) -> (f64, f64) {
        WebMercator.unproject(self.center.0, self.center.1)
    }

    /// World bounds of the canvas: min x, min y, max x, max y.
    pub fn world_bounds(&self) -> [f64; 4] {
        let (x0, y1) = self.to_world(0.0, 0.0);
        let (x1, y0) = self.to_world(self.width, self.height);
        [x0, y0, x1, y1]
    }

    /// Moves the map with the finger: content follows a drag of (dx, dy) pixels.
    pub fn pan_by(&mut self, dx: f64, dy: f64) {
        let r = self.resolution();
        self.center.0 -= dx * r;
        self.center.1 += dy * r;
    }

    /// How far `earlier`'s picture moves to become this view's, in whole device pixels
    /// (positive: right and down), with this view nudged by under half a device pixel so
    /// that the move is exact; `None` when the zoom or the size differ. A pan by a whole
    /// number of pixels lets the map keep the last frame's pixels and draw only the strips
    /// uncovered ([`super::FrameRaster::begin_shifted`]); the nudge is too small to see.
    pub fn snap_to_pixels(&self, earlier: &Viewport, dpr: f64) -> Option<(Viewport, i64, i64)> {
        if self.zoom != earlier.zoom || self.width != earlier.width || self.height != earlier.height
        {
            return None;
        }
        let r = self.resolution() / dpr;
        let dx = (earlier.center.0 - self.center.0) / r;
        let dy = (self.center.1 - earlier.center.1) / r;
        if !(dx.is_finite() && dy.is_finite()) || dx.abs() > 1e9 || dy.abs() > 1e9 {
            return None;
        }
        let (sx, sy) = (dx.round(), dy.round());
        let snapped = Viewport {
            center: (earlier.center.0 - sx * r, earlier.center.1 + sy * r),
            ..*self
        };
        Some((snapped, sx as i64, sy as i64))
    }

    /// Zooms by `delta` levels keeping the world point under screen (sx, sy) fixed, as
    /// wheel and pinch zoom should.
    pub fn zoom_around(&mut self, delta: f64, sx: f64, sy: f64) {
        let before = self.to_world(sx, sy);
        self.zoom = (self.zoom + delta).clamp(Self::MIN_ZOOM, Self::MAX_ZOOM);
        let after = self.to_world(sx, sy);
        self.center.0 += before.0 - after.0;
        self.center.1 += before.1 - after.1;
    }

    /// The view that fits WGS84 bounds (min lon, min lat, max lon, max lat) with `pad`
    /// pixels of margin.
    pub fn fit(bounds: [f64; 4], width: f64, height: f64, pad: f64) -> Self {
        let (x0, y0) = WebMercator.project(bounds[0], bounds[1]);
        let (x1, y1) = WebMercator.project(bounds[2], bounds[3]);
        let w = (width - 2.0 * pad).max(1.0);
        let h = (height - 2.0 * pad).max(1.0);
        let res = ((x1 - x0) / w).max((y1 - y0) / h).max(1e-9);
        Viewport {
            center: ((x0 + x1) / 2.0, (y0 + y1) / 2.0),
            zoom: (RES_Z0 / res).log2().clamp(Self::MIN_ZOOM, Self::MAX_ZOOM),
            width,
            height,
        }
    }
}
