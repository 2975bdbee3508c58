//! XYZ raster basemaps: which tiles cover a [`Viewport`], where each goes on screen, and
//! the URL to fetch it from a user's template. Pure: the app fetches, caches and draws.
//!
//! Also the display datum: a source marked GCJ-02 (Chinese web maps) has its imagery
//! offset by a few hundred metres, so vector data must be drawn in GCJ-02 to line up
//! with it ([`display_lon_lat`], [`TileSource::vectors_gcj02`]).
//!
//! # Units
//! Tiles are 256 CSS pixels at their own zoom; screen rectangles are CSS pixels from the
//! canvas's top-left, y down, possibly fractional (the app snaps edges to device pixels).

use std::fmt;

use serde::{Deserialize, Serialize};

use super::Viewport;
use crate::crs::{wgs84_to_gcj02, WebMercator, EARTH_RADIUS_M};

/// Half the Web Mercator world's width in metres (x runs from −this to +this).
const HALF_WORLD_M: f64 = std::f64::consts::PI * EARTH_RADIUS_M;
/// Edge of a tile in CSS pixels at its own zoom.
pub const TILE_PX: f64 = 256.0;
/// Highest tile zoom a source may declare.
pub const MAX_TILE_ZOOM: u8 = 24;
/// Tiles this many levels finer than the view would be drawn at a quarter size or less;
/// beyond that a source with a high `min_zoom` shows nothing rather than thousands of tiles.
const MAX_UNDERZOOM: u8 = 2;

/// A user-configured XYZ tile source (the 底图 setting). Serialised as the app stores it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TileSource {
    /// URL with `{z}`, `{x}`, `{y}` (or `{-y}` for TMS rows counted from the south) and
    /// optionally `{s}` (a subdomain) and `{r}` (retina suffix, always empty here).
    pub template: String,
    /// Shown on the map while the source is active (providers' terms require it).
    pub attribution: String,
    pub min_zoom: u8,
    pub max_zoom: u8,
    /// The imagery is in GCJ-02 (Chinese web maps): vectors must be shifted to match.
    pub gcj02: bool,
    /// What `{s}` takes, by tile: comma-separated names, or one character each ("abc").
    pub subdomains: String,
}

impl Default for TileSource {
    fn default() -> Self {
        TileSource {
            template: String::new(),
            attribution: String::new(),
            min_zoom: 0,
            max_zoom: 18,
            gcj02: false,
            subdomains: "abc".to_string(),
        }
    }
}

/// One tile of the XYZ pyramid; `x` is already wrapped into `0..2^z`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TileId {
    pub z: u8,
    pub x: u32,
    pub y: u32,
}

/// A tile to draw and where: `rect` is x, y, width, height in CSS pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CoveringTile {
    pub id: TileId,
    pub rect: [f64; 4],
}

/// Why a tile source cannot be used. Shown to the user as is (Chinese / English).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TileSourceError {
    Empty,
    /// Not an http(s) URL (`javascript:`, `file:`, `data:` …), or no host.
    NotHttp(String),
    MissingPlaceholder(&'static str),
    UnknownPlaceholder(String),
    /// `{s}` in the template but no subdomains given.
    NoSubdomains,
    /// Whitespace, quotes or angle brackets: never part of a tile URL.
    BadCharacter(char),
    ZoomRange {
        min: u8,
        max: u8,
    },
}

impl fmt::Display for TileSourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TileSourceError::Empty => {
                write!(f, "底图地址为空 / the tile URL template is empty")
            }
            TileSourceError::NotHttp(t) => write!(
                f,
                "底图地址必须以 http:// 或 https:// 开头并含主机名 / the tile URL template must \
                 start with http:// or https:// and name a host: {t}"
            ),
            TileSourceError::MissingPlaceholder(p) => write!(
                f,
                "底图地址缺少 {p} 占位符 / the tile URL template lacks the {p} placeholder"
            ),
            TileSourceError::UnknownPlaceholder(p) => write!(
                f,
                "底图地址含未知占位符 {p}（可用 {{z}} {{x}} {{y}} {{-y}} {{s}}）/ unknown \
                 placeholder {p} in the tile URL template (use {{z}} {{x}} {{y}} {{-y}} {{s}})"
            ),
            TileSourceError::NoSubdomains => write!(
                f,
                "底图地址含 {{s}} 但未填写子域名 / the template uses {{s}} but no subdomains are set"
            ),
            TileSourceError::BadCharacter(c) => write!(
                f,
                "底图地址含非法字符 {c:?} / the tile URL template contains {c:?}"
            ),
            TileSourceError::ZoomRange { min, max } => write!(
                f,
                "缩放级别范围无效：{min}–{max}（须 0 ≤ 最小 ≤ 最大 ≤ {MAX_TILE_ZOOM}）/ invalid \
                 zoom range {min}–{max} (need 0 ≤ min ≤ max ≤ {MAX_TILE_ZOOM})"
            ),
        }
    }
}

impl std::error::Error for TileSourceError {}

const PLACEHOLDERS: [&str; 6] = ["{z}", "{x}", "{y}", "{-y}", "{s}", "{r}"];

impl TileSource {
    /// Checks the template and zoom range; `Ok` means [`TileSource::url`] yields an
    /// http(s) URL for every tile.
    pub fn validate(&self) -> Result<(), TileSourceError> {
        let t = self.template.trim();
        if t.is_empty() {
            return Err(TileSourceError::Empty);
        }
        if let Some(c) = t.chars().find(|c| {
            c.is_whitespace() || c.is_control() || matches!(c, '"' | '\'' | '<' | '>' | '\\' | '`')
        }) {
            return Err(TileSourceError::BadCharacter(c));
        }
        let lower = t.to_ascii_lowercase();
        let rest = lower
            .strip_prefix("https://")
            .or_else(|| lower.strip_prefix("http://"));
        let host_ok = rest.is_some_and(|r| {
            let host = r.split(['/', '?', '#']).next().unwrap_or("");
            !host.is_empty() && !host.contains('@')
        });
        if !host_ok {
            return Err(TileSourceError::NotHttp(t.to_string()));
        }
        // Every `{…}` must be one we fill in.
        let mut rest = t;
        while let Some(open) = rest.find('{') {
            let tail = &rest[open..];
            let Some(close) = tail.find('}') else {
                return Err(TileSourceError::UnknownPlaceholder(tail.to_string()));
            };
            let p = &tail[..=close];
            if !PLACEHOLDERS.contains(&p) {
                return Err(TileSourceError::UnknownPlaceholder(p.to_string()));
            }
            rest = &tail[close + 1..];
        }
        for p in ["{z}", "{x}"] {
            if !t.contains(p) {
                return Err(TileSourceError::MissingPlaceholder(p));
            }
        }
        if !t.contains("{y}") && !t.contains("{-y}") {
            return Err(TileSourceError::MissingPlaceholder("{y}"));
        }
        if t.contains("{s}") && self.subdomain_list().is_empty() {
            return Err(TileSourceError::NoSubdomains);
        }
        if self.min_zoom > self.max_zoom || self.max_zoom > MAX_TILE_ZOOM {
            return Err(TileSourceError::ZoomRange {
                min: self.min_zoom,
                max: self.max_zoom,
            });
        }
        Ok(())
    }

    fn subdomain_list(&self) -> Vec<&str> {
        let s = self.subdomains.trim();
        if s.contains(',') {
            s.split(',')
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .collect()
        } else {
            s.char_indices()
                .map(|(i, c)| &s[i..i + c.len_utf8()])
                .collect()
        }
    }

    /// The URL of `tile` (assumes [`TileSource::validate`] passed). `{s}` cycles through
    /// the subdomains by `x + y`, so a tile always has the same URL (one cache entry).
    pub fn url(&self, tile: TileId) -> String {
        let t = self.template.trim();
        let n = 1u64 << tile.z;
        let subs = self.subdomain_list();
        let s = if subs.is_empty() {
            ""
        } else {
            subs[((tile.x as u64 + tile.y as u64) % subs.len() as u64) as usize]
        };
        t.replace("{z}", &tile.z.to_string())
            .replace("{x}", &tile.x.to_string())
            .replace("{-y}", &(n - 1 - tile.y as u64).to_string())
            .replace("{y}", &tile.y.to_string())
            .replace("{s}", s)
            .replace("{r}", "")
    }

    /// The tile zoom for a view: the nearest integer level, clamped to the source's range.
    /// `None` when even `min_zoom` tiles would be drawn at a quarter size or less (far
    /// zoomed out of a detailed source): then no tiles are drawn.
    pub fn tile_zoom(&self, view: &Viewport) -> Option<u8> {
        let z = view.zoom.round().clamp(0.0, MAX_TILE_ZOOM as f64) as u8;
        if z + MAX_UNDERZOOM < self.min_zoom {
            return None;
        }
        Some(z.clamp(self.min_zoom, self.max_zoom.max(self.min_zoom)))
    }

    /// The tiles covering the view at [`TileSource::tile_zoom`], centre-out.
    pub fn covering(&self, view: &Viewport) -> Vec<CoveringTile> {
        self.tile_zoom(view)
            .map_or_else(Vec::new, |z| covering_tiles(view, z))
    }

    /// Whether vectors must be drawn in GCJ-02 to line up with this source's imagery.
    pub fn vectors_gcj02(&self) -> bool {
        self.gcj02
    }
}

/// Whether vectors are drawn in GCJ-02: only under an active GCJ-02 basemap.
pub fn vectors_gcj02(source: Option<&TileSource>) -> bool {
    source.is_some_and(TileSource::vectors_gcj02)
}

/// The tiles at zoom `z` that cover `view`, with their screen rectangles, nearest the
/// view's centre first. Columns wrap around the antimeridian (`x` is taken modulo
/// `2^z`, so a wide view can show one tile twice); rows stop at the poles of Web
/// Mercator's square world.
pub fn covering_tiles(view: &Viewport, z: u8) -> Vec<CoveringTile> {
    let n = 1i64 << z;
    let tile_m = 2.0 * HALF_WORLD_M / n as f64;
    let [x0, y0, x1, y1] = view.world_bounds();
    if !(x1 > x0 && y1 > y0) {
        return Vec::new();
    }
    // Column/row ranges; a tile merely touching the view (to rounding) is left out.
    const EPS: f64 = 1e-9;
    let col = |x: f64| (x + HALF_WORLD_M) / tile_m;
    let row = |y: f64| (HALF_WORLD_M - y) / tile_m;
    let (c0, c1) = (
        (col(x0) + EPS).floor() as i64,
        (col(x1) - EPS).ceil() as i64 - 1,
    );
    let (r0, r1) = (
        ((row(y1) + EPS).floor() as i64).max(0),
        ((row(y0) - EPS).ceil() as i64 - 1).min(n - 1),
    );
    let size = tile_m / view.resolution();
    let (cx, cy) = (view.width / 2.0, view.height / 2.0);
    let mut out = Vec::new();
    for r in r0..=r1 {
        for c in c0..=c1 {
            let (sx, sy) = view.to_screen(
                -HALF_WORLD_M + c as f64 * tile_m,
                HALF_WORLD_M - r as f64 * tile_m,
            );
            out.push(CoveringTile {
                id: TileId {
                    z,
                    x: c.rem_euclid(n) as u32,
                    y: r as u32,
                },
                rect: [sx, sy, size, size],
            });
        }
    }
    let dist = |t: &CoveringTile| {
        let dx = t.rect[0] + t.rect[2] / 2.0 - cx;
        let dy = t.rect[1] + t.rect[3] / 2.0 - cy;
        dx * dx + dy * dy
    };
    out.sort_by(|a, b| {
        dist(a).total_cmp(&dist(b)).then(
            (a.rect[1], a.rect[0])
                .partial_cmp(&(b.rect[1], b.rect[0]))
                .unwrap_or(std::cmp::Ordering::Equal),
        )
    });
    out
}

impl TileId {
    /// The ancestor `levels` up and the part of its 256-pixel image this tile covers
    /// (x, y, width, height in the ancestor's pixels): a stand-in drawn while this tile
    /// loads. `None` above zoom 0.
    pub fn ancestor(self, levels: u8) -> Option<(TileId, [f64; 4])> {
        if levels == 0 || levels > self.z {
            return None;
        }
        let k = 1u32 << levels;
        let side = TILE_PX / k as f64;
        Some((
            TileId {
                z: self.z - levels,
                x: self.x / k,
                y: self.y / k,
            },
            [
                (self.x % k) as f64 * side,
                (self.y % k) as f64 * side,
                side,
                side,
            ],
        ))
    }
}

/// The lon/lat at which a WGS84 point is drawn: itself, or its GCJ-02 position when the
/// basemap is GCJ-02 (outside China the two coincide).
pub fn display_lon_lat(lon: f64, lat: f64, gcj02: bool) -> (f64, f64) {
    if gcj02 {
        wgs84_to_gcj02(lon, lat)
    } else {
        (lon, lat)
    }
}

/// Web Mercator metres at which a WGS84 point is drawn: [`display_lon_lat`] projected.
/// The drop-in replacement for `WebMercator.project(lon, lat)` when projecting layers.
pub fn display_mercator(lon: f64, lat: f64, gcj02: bool) -> (f64, f64) {
    let (lon, lat) = display_lon_lat(lon, lat, gcj02);
    WebMercator.project(lon, lat)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crs::gcj02_to_wgs84;

    fn source(template: &str) -> TileSource {
        TileSource {
            template: template.into(),
            ..TileSource::default()
        }
    }

    fn close(a: [f64; 4], b: [f64; 4]) -> bool {
        a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-6)
    }

    /// (118.1°E, 24.5°N) at zoom 10 is tile column 847.928889, row 440.084830
    /// (x = (lon + 180)/360·2^z, y = (1 − ln(tan φ + sec φ)/π)/2·2^z, evaluated in Python).
    /// A 256 × 256 view centred there has the point at (128, 128); tile 847's left edge is
    /// 0.928889·256 = 237.795556 px left of it, row 440's top 0.084830·256 = 21.716428 px up.
    #[test]
    fn covering_tiles_of_a_small_view() {
        let view = Viewport::from_lon_lat(118.1, 24.5, 10.0, 256.0, 256.0);
        let tiles = covering_tiles(&view, 10);
        let left = 128.0 - 0.928_888_888_888_889 * 256.0;
        let top = 128.0 - 0.084_829_795_658_44 * 256.0;
        let ids: Vec<(u32, u32)> = tiles.iter().map(|t| (t.id.x, t.id.y)).collect();
        // Centre-out: (847,440) is 152.8 px from the centre, (848,440) 180.8, (847,439)
        // 185.6, (848,439) 209.0.
        assert_eq!(ids, [(847, 440), (848, 440), (847, 439), (848, 439)]);
        assert!(tiles.iter().all(|t| t.id.z == 10));
        assert!(
            close(tiles[0].rect, [left, top, 256.0, 256.0]),
            "{:?}",
            tiles[0].rect
        );
        assert!(close(
            tiles[3].rect,
            [left + 256.0, top - 256.0, 256.0, 256.0]
        ));
    }

    #[test]
    fn a_fractional_view_zoom_scales_tiles() {
        // Zoom 10.4 rounds to tiles of zoom 10 drawn 2^0.4 = 1.319508 times larger.
        let view = Viewport::from_lon_lat(118.1, 24.5, 10.4, 800.0, 600.0);
        let s = source("https://t.example/{z}/{x}/{y}.png");
        assert_eq!(s.tile_zoom(&view), Some(10));
        let tiles = s.covering(&view);
        let size = 256.0 * 0.4f64.exp2();
        assert!(tiles.iter().all(|t| (t.rect[2] - size).abs() < 1e-6));
        // The centre tile holds the centre.
        let c = tiles[0];
        assert_eq!((c.id.x, c.id.y), (847, 440));
        assert!(c.rect[0] <= 400.0 && 400.0 < c.rect[0] + size);
        assert!(c.rect[1] <= 300.0 && 300.0 < c.rect[1] + size);
        // Every tile overlaps the view, and together they cover it: 800/337.8 → 3–4
        // columns, 600/337.8 → 2–3 rows.
        for t in &tiles {
            assert!(t.rect[0] < 800.0 && t.rect[0] + size > 0.0);
            assert!(t.rect[1] < 600.0 && t.rect[1] + size > 0.0);
        }
        assert!((6..=12).contains(&tiles.len()), "{}", tiles.len());
    }

    #[test]
    fn zoom_is_clamped_to_the_source() {
        let mut s = source("https://t.example/{z}/{x}/{y}.png");
        s.min_zoom = 5;
        s.max_zoom = 16;
        let at = |s: &TileSource, z: f64| {
            s.tile_zoom(&Viewport::from_lon_lat(118.0, 24.0, z, 100.0, 100.0))
        };
        assert_eq!(at(&s, 18.6), Some(16)); // over-zoomed: the finest tiles, enlarged
        assert_eq!(at(&s, 12.5), Some(13)); // rounds half away from zero
        assert_eq!(at(&s, 12.49), Some(12));
        assert_eq!(at(&s, 3.2), Some(5)); // two levels under: drawn at a quarter size
        s.min_zoom = 8;
        assert_eq!(at(&s, 3.2), None); // too far under: nothing rather than 1000s of tiles
    }

    #[test]
    fn columns_wrap_around_the_antimeridian() {
        // Centred on 180° at zoom 2 (4 × 4 tiles of 90°, 256 px each): a 512 px wide view
        // spans 90°E–90°W, i.e. columns 3 and 4, and 4 wraps to 0.
        // (A literal: `from_lon_lat` clamps to the app's minimum zoom 3.)
        let view = Viewport {
            center: (HALF_WORLD_M, 0.0),
            zoom: 2.0,
            width: 512.0,
            height: 256.0,
        };
        let tiles = covering_tiles(&view, 2);
        let mut cols: Vec<u32> = tiles.iter().map(|t| t.id.x).collect();
        cols.sort();
        cols.dedup();
        assert_eq!(cols, [0, 3]);
        let east = tiles.iter().find(|t| t.id.x == 0 && t.id.y == 1).unwrap();
        assert!(
            close(east.rect, [256.0, -128.0, 256.0, 256.0]),
            "{:?}",
            east.rect
        );
        let west = tiles.iter().find(|t| t.id.x == 3 && t.id.y == 1).unwrap();
        assert!(
            close(west.rect, [0.0, -128.0, 256.0, 256.0]),
            "{:?}",
            west.rect
        );
    }

    #[test]
    fn the_world_at_zoom_one_and_rows_stop_at_the_poles() {
        // 1024 px tall at zoom 1: the 512 px world plus 256 px above and below it.
        let view = Viewport {
            center: (0.0, 0.0),
            zoom: 1.0,
            width: 512.0,
            height: 1024.0,
        };
        let tiles = covering_tiles(&view, 1);
        let mut got: Vec<(u32, u32, [f64; 4])> =
            tiles.iter().map(|t| (t.id.x, t.id.y, t.rect)).collect();
        got.sort_by_key(|t| (t.1, t.0));
        assert_eq!(got.len(), 4);
        assert!(close(got[0].2, [0.0, 256.0, 256.0, 256.0]));
        assert!(close(got[3].2, [256.0, 512.0, 256.0, 256.0]));
    }

    #[test]
    fn urls_from_templates() {
        let id = TileId {
            z: 10,
            x: 847,
            y: 440,
        };
        assert_eq!(
            source("https://tile.example.org/{z}/{x}/{y}.png").url(id),
            "https://tile.example.org/10/847/440.png"
        );
        // TMS: rows from the south, 2^10 − 1 − 440 = 583.
        assert_eq!(
            source("https://tms.example.org/{z}/{x}/{-y}.png").url(id),
            "https://tms.example.org/10/847/583.png"
        );
        // (847 + 440) mod 3 = 0 → "a"; mod 4 = 3 → "4".
        assert_eq!(
            source("https://{s}.tile.example.org/{z}/{x}/{y}{r}.png").url(id),
            "https://a.tile.example.org/10/847/440.png"
        );
        let mut amap =
            source("https://webrd0{s}.is.autonavi.com/appmaptile?style=8&x={x}&y={y}&z={z}");
        amap.subdomains = "1,2,3,4".into();
        assert_eq!(
            amap.url(id),
            "https://webrd04.is.autonavi.com/appmaptile?style=8&x=847&y=440&z=10"
        );
        assert_eq!(amap.validate(), Ok(()));
    }

    #[test]
    fn templates_that_are_not_http_are_refused() {
        let bad = |t: &str| source(t).validate().unwrap_err();
        assert_eq!(bad("  "), TileSourceError::Empty);
        for t in [
            "javascript:alert(1)//{z}{x}{y}",
            "file:///tiles/{z}/{x}/{y}.png",
            "data:image/png;base64,{z}{x}{y}",
            "//tiles.example/{z}/{x}/{y}.png",
            "ftp://tiles.example/{z}/{x}/{y}.png",
            "https:///{z}/{x}/{y}.png",
            "https://user@evil.example/{z}/{x}/{y}.png",
        ] {
            assert!(matches!(bad(t), TileSourceError::NotHttp(_)), "{t}");
        }
        let e = bad("ftp://x/{z}/{x}/{y}");
        assert!(e.to_string().contains("http://") && e.to_string().contains("底图"));
        assert_eq!(
            bad("https://t.example/{z}/{x}.png"),
            TileSourceError::MissingPlaceholder("{y}")
        );
        assert_eq!(
            bad("https://t.example/{x}/{y}.png"),
            TileSourceError::MissingPlaceholder("{z}")
        );
        assert_eq!(
            bad("https://t.example/{z}/{x}/{y}.png?k={key}"),
            TileSourceError::UnknownPlaceholder("{key}".into())
        );
        assert_eq!(
            bad("https://t.example/{z}/{x}/{y}.png\"><img"),
            TileSourceError::BadCharacter('"')
        );
        let mut s = source("https://{s}.t.example/{z}/{x}/{y}.png");
        s.subdomains = " ".into();
        assert_eq!(s.validate(), Err(TileSourceError::NoSubdomains));
        let mut s = source("http://localhost:8080/{z}/{x}/{y}.png");
        assert_eq!(s.validate(), Ok(()));
        s.min_zoom = 12;
        s.max_zoom = 4;
        assert_eq!(
            s.validate(),
            Err(TileSourceError::ZoomRange { min: 12, max: 4 })
        );
    }

    #[test]
    fn ancestors_cover_the_right_quarter() {
        let id = TileId {
            z: 10,
            x: 847,
            y: 440,
        };
        // 847 = 2·423 + 1, 440 = 2·220: the top-right quarter of (9, 423, 220).
        assert_eq!(
            id.ancestor(1),
            Some((
                TileId {
                    z: 9,
                    x: 423,
                    y: 220
                },
                [128.0, 0.0, 128.0, 128.0]
            ))
        );
        // 847 mod 4 = 3, 440 mod 4 = 0.
        assert_eq!(
            id.ancestor(2),
            Some((
                TileId {
                    z: 8,
                    x: 211,
                    y: 110
                },
                [192.0, 0.0, 64.0, 64.0]
            ))
        );
        assert_eq!(id.ancestor(0), None);
        assert_eq!(TileId { z: 1, x: 1, y: 0 }.ancestor(2), None);
    }

    #[test]
    fn gcj02_display_shifts_only_when_asked() {
        // Xiamen: GCJ-02 lies ~0.0052° east and ~0.0027° south of WGS84 there (a few
        // hundred metres, as the formula gives); the inverse takes it back.
        let (lon, lat) = (118.1, 24.5);
        assert_eq!(display_lon_lat(lon, lat, false), (lon, lat));
        let (glon, glat) = display_lon_lat(lon, lat, true);
        assert!((0.004..0.007).contains(&(glon - lon)), "{glon}");
        assert!((-0.004..-0.001).contains(&(glat - lat)), "{glat}");
        let (blon, blat) = gcj02_to_wgs84(glon, glat);
        assert!((blon - lon).abs() < 1e-9 && (blat - lat).abs() < 1e-9);
        let (x, y) = display_mercator(lon, lat, true);
        let (ex, ey) = WebMercator.project(glon, glat);
        assert_eq!((x, y), (ex, ey));
        // Outside China nothing moves.
        assert_eq!(display_lon_lat(2.35, 48.85, true), (2.35, 48.85));
        let mut s = source("https://t.example/{z}/{x}/{y}.png");
        assert!(!vectors_gcj02(None) && !vectors_gcj02(Some(&s)));
        s.gcj02 = true;
        assert!(vectors_gcj02(Some(&s)));
    }

    #[test]
    fn settings_round_trip_through_json() {
        let s = TileSource {
            template: "https://{s}.t.example/{z}/{x}/{y}.png".into(),
            attribution: "© 示例".into(),
            min_zoom: 3,
            max_zoom: 17,
            gcj02: true,
            subdomains: "1234".into(),
        };
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(serde_json::from_str::<TileSource>(&json).unwrap(), s);
        // Missing fields take their defaults, so older saved settings still load.
        let old: TileSource =
            serde_json::from_str(r#"{"template":"https://a/{z}/{x}/{y}"}"#).unwrap();
        assert_eq!(old.max_zoom, 18);
        assert_eq!(old.subdomains, "abc");
    }
}
