//! The map's draw list: layers and a viewport in, a backend-agnostic [`DrawList`] out.
//!
//! [`Scene`] projects each layer to Web Mercator once (rings oriented, long paths given
//! levels of detail) and files its features in a `cull::CullIndex`; [`Scene::draw_list`]
//! asks the index what the view can show, picks each path's level for the zoom and emits
//! batched screen-space commands; [`Scene::pick`] answers a tap through the same index.
//! The app's painter only walks the list, so what the map shows is decided (and tested)
//! here.

/// Where a buffer drawn front to back is already opaque, by 4 × 4 pixel cells.
mod cover;
/// Which features a view can show: size classes × grid cells.
mod cull;
mod draw_list;
/// `f32` minimum, maximum and rounding from wasm instructions, for the raster's loops.
mod fmath;
/// A whole frame rasterised in wasm memory, for one `putImageData`.
mod frame_raster;
/// Collision-free label placement in screen space.
mod labels;
/// Douglas–Peucker levels of detail for long rings and lines.
mod lod;
/// Point markers stamped into a pixel buffer, for frames with many of them.
mod marker_raster;
/// Scale bar in ground metres at the view's latitude.
mod scale_bar;
mod style;
/// Fill colours from attributes, and the legend that matches them.
mod symbology;
/// XYZ basemap tiles for a view, tile URLs, and the GCJ-02 display datum.
mod tiles;
mod viewport;
pub mod wire;

pub use draw_list::{DrawCmd, DrawList, Path};
pub use frame_raster::FrameRaster;
pub use labels::{place_labels, LabelCandidate, PlacedLabel};
pub use marker_raster::MarkerRaster;
pub use scale_bar::{scale_bar, ScaleBar};
pub use style::{default_style, zone_fill, LayerStyle};
pub use symbology::{
    categorical, graduated, legend_group, Breaks, CategoryClass, CategoryCount, LegendEntry,
    LegendGroup, LegendSymbol, Palette, Symbology,
};
pub use tiles::{
    covering_tiles, display_lon_lat, display_mercator, vectors_gcj02, CoveringTile, TileId,
    TileSource, TileSourceError, MAX_TILE_ZOOM, TILE_PX,
};
pub use viewport::{ScreenTransform, Viewport};

use geo::{Geometry, InteriorPoint};
use rstar::{primitives::GeomWithData, RTree};
use smallvec::SmallVec;

use crate::layer::{Layer, LayerRole};
use crate::risk::Rgba;
use cull::CullIndex;
use lod::LodPath;

#[derive(Debug, Clone)]
enum Shape {
    /// Exterior ring first (counter-clockwise in Mercator), then holes (clockwise).
    Polygon(Vec<LodPath>),
    Line(LodPath),
    Point([f64; 2]),
}

#[derive(Debug, Clone)]
struct SceneFeature {
    /// Nearly always one shape (multi-geometries have more), kept inline.
    shapes: SmallVec<[Shape; 1]>,
    /// Mercator bbox: min x, min y, max x, max y.
    bbox: [f64; 4],
    fill: Rgba,
    label: Option<(String, [f64; 2])>,
    /// Its polygon or line batch in the layer: the batch's first feature
    /// ([`SceneLayer::rebatch`]).
    batch: u32,
}

impl SceneFeature {
    /// Its markers.
    fn point_count(&self) -> i64 {
        self.shapes
            .iter()
            .filter(|s| matches!(s, Shape::Point(_)))
            .count() as i64
    }
}

/// One layer as the map holds it: projected, styled, with a visibility flag.
#[derive(Debug, Clone)]
pub struct SceneLayer {
    /// Stable while layers are inserted below it: the site index refers to layers by key.
    key: u32,
    pub id: String,
    pub name: String,
    pub role: LayerRole,
    pub visible: bool,
    pub style: LayerStyle,
    features: Vec<SceneFeature>,
    /// Features by size class and cell: culling and sub-pixel skipping for a frame, and
    /// the candidates of a tap.
    index: CullIndex,
    /// Drawn under the layer's own features and shown with it: a source layer's impact
    /// rings.
    underlay: Vec<SceneFeature>,
    /// Markers per colour, in the order the layer first holds the colours: the stacking
    /// order of its marker commands.
    fill_counts: Vec<(Rgba, u32)>,
    /// Whether it holds polygons or lines, which are batched.
    paths: bool,
    /// Per feature, its position and colour if it is one point (a site, a source), else
    /// a NaN position; empty for a layer without lone points. The draw list reads these
    /// 24 bytes, not the feature. Why: zoomed
    /// out, the list visits 40,000–100,000 sites, and the first read of each feature was
    /// a cache miss, a fifth of the list's time.
    marks: Vec<Mark>,
}

/// A lone point feature as the draw list wants it (see [`SceneLayer::marks`]).
#[derive(Debug, Clone, Copy)]
struct Mark {
    x: f64,
    y: f64,
    fill: Rgba,
}

impl Mark {
    fn of(f: &SceneFeature) -> Mark {
        match f.shapes.as_slice() {
            [Shape::Point(p)] => Mark {
                x: p[0],
                y: p[1],
                fill: f.fill,
            },
            _ => Mark {
                x: f64::NAN,
                y: f64::NAN,
                fill: f.fill,
            },
        }
    }
}

/// Features in one polygon or line batch at most.
const BATCH: u32 = 16;

impl SceneLayer {
    /// Numbers the batches of features from `start` after their colours changed up to
    /// `end`: a batch is a run of consecutive features of one colour, cut at every
    /// [`BATCH`]th feature, named by its first feature. Overlapping polygons of one command merge (no
    /// darker overlap); fixed by the layer, the batches merge the same polygons in every
    /// view, and in the strips a pan draws. Past `end` it stops where the batches agree
    /// with the old ones again, so recolouring a slice costs the slice.
    fn rebatch(&mut self, start: usize, end: usize) {
        let f = &mut self.features;
        for i in start..f.len() {
            // Cut at fixed multiples of BATCH, not BATCH after a run's start: then past a
            // recoloured slice the batches agree with the old ones within BATCH features.
            let b = match i.checked_sub(1).map(|p| &f[p]) {
                Some(prev) if prev.fill == f[i].fill && !(i as u32).is_multiple_of(BATCH) => {
                    prev.batch
                }
                _ => i as u32,
            };
            if i >= end && f[i].batch == b {
                break;
            }
            f[i].batch = b;
        }
    }

    /// Counts `n` more (or, negative, fewer) markers of `fill`.
    fn count_fill(&mut self, fill: Rgba, n: i64) {
        match self.fill_counts.iter_mut().find(|(c, _)| *c == fill) {
            Some((_, k)) => *k = (*k as i64 + n).max(0) as u32,
            None if n > 0 => self.fill_counts.push((fill, n as u32)),
            None => {}
        }
    }

    pub fn len(&self) -> usize {
        self.features.len()
    }

    pub fn is_empty(&self) -> bool {
        self.features.is_empty()
    }
}

/// Metres a pixel at which site names start to show (about zoom 16).
const SITE_LABEL_RES: f64 = 2.5;

/// A site marker in the pick index: (layer key, feature).
type SitePoint = GeomWithData<[f64; 2], (u32, usize)>;

/// Everything on the map, in draw order (first drawn first, so last is on top).
#[derive(Default)]
pub struct Scene {
    pub layers: Vec<SceneLayer>,
    sites: RTree<SitePoint>,
    next_key: u32,
    /// Project WGS84 data through GCJ-02 so it lies on a GCJ-02 basemap's imagery (set
    /// before layers are added: the scene keeps only projected coordinates).
    gcj02: bool,
    /// Hidden-danger pins, drawn over every layer: WGS84 position, projected position,
    /// colour. Not a project layer: records live in IndexedDB, not in the project.
    pins: Vec<([f64; 2], [f64; 2], Rgba)>,
}

use crate::inspection::pin::{PIN_RADIUS, PIN_STROKE};
/// How far a pin sits from its point, along each axis, CSS px.
const PIN_OFFSET: f64 = 8.0;

/// Feature positions of one marker style within a layer, kept apart so that all markers of
/// a style go out as one command.
struct MarkerBucket {
    fill: Rgba,
    points: Vec<[f32; 2]>,
}

/// The points of `fill`'s bucket, a new one for a new colour (a layer has a few colours,
/// the last one used is nearly always the one wanted).
fn bucket(buckets: &mut Vec<MarkerBucket>, fill: Rgba) -> &mut Vec<[f32; 2]> {
    let k = match buckets.iter().rposition(|b| b.fill == fill) {
        Some(k) => k,
        None => {
            buckets.push(MarkerBucket {
                fill,
                points: Vec::new(),
            });
            buckets.len() - 1
        }
    };
    &mut buckets[k].points
}

impl Scene {
    /// A scene whose layers will be drawn in GCJ-02 (`true`, for a GCJ-02 basemap) or in
    /// WGS84 as they are.
    pub fn with_gcj02(gcj02: bool) -> Scene {
        Scene {
            gcj02,
            ..Scene::default()
        }
    }

    /// Whether layers are projected through GCJ-02.
    pub fn gcj02(&self) -> bool {
        self.gcj02
    }

    /// Adds a layer on top. `fills` gives each feature's fill colour (for sites, the grade
    /// colour); `None` uses the style's fill for all.
    pub fn push_layer(&mut self, layer: &Layer, style: LayerStyle, fills: Option<&[Rgba]>) {
        let at = self.layers.len();
        self.insert_layer(at, layer, style);
        self.extend_layer(at, layer, 0..layer.features.len(), fills);
    }

    /// Inserts an empty layer at draw position `at` (clamped); [`Scene::extend_layer`]
    /// fills it. Two steps so a large layer joins the map a chunk at a time.
    pub fn insert_layer(&mut self, at: usize, layer: &Layer, style: LayerStyle) {
        let key = self.next_key;
        self.next_key += 1;
        self.layers.insert(
            at.min(self.layers.len()),
            SceneLayer {
                key,
                id: layer.meta.id.clone(),
                name: layer.meta.name.clone(),
                role: layer.meta.role,
                visible: true,
                style,
                // Reserved up front: growing a 600,000-feature Vec by doubling copies it
                // while the user waits for a frame.
                features: Vec::with_capacity(layer.features.len()),
                index: CullIndex::default(),
                underlay: Vec::new(),
                fill_counts: Vec::new(),
                paths: false,
                marks: Vec::new(),
            },
        );
    }

    /// Projects `layer.features[range]` and appends them to scene layer `index`, which must
    /// already hold the features before `range.start`. `fills` is aligned with `range`.
    pub fn extend_layer(
        &mut self,
        index: usize,
        layer: &Layer,
        range: std::ops::Range<usize>,
        fills: Option<&[Rgba]>,
    ) {
        let gcj02 = self.gcj02;
        let Some(target) = self.layers.get_mut(index) else {
            return;
        };
        // District names always; site names too, shown only when zoomed in.
        let label_field = matches!(layer.meta.role, LayerRole::Areas | LayerRole::Sites)
            .then_some(&layer.meta.name_field);
        let first = target.features.len();
        let fallback = target.style.fill;
        let added = layer.features
            [range.start.min(layer.features.len())..range.end.min(layer.features.len())]
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let label = label_field.and_then(|k| {
                    let text = f.text(k)?;
                    let p = f.geometry.interior_point()?;
                    let (x, y) = display_mercator(p.x(), p.y(), gcj02);
                    Some((text, [x, y]))
                });
                scene_feature(
                    gcj02,
                    &f.geometry,
                    fills.and_then(|c| c.get(i).copied()).unwrap_or(fallback),
                    label,
                )
            });
        target.features.extend(added);
        // Kept only by layers that hold lone points, from their first feature on.
        let marks: Vec<Mark> = target.features[first..].iter().map(Mark::of).collect();
        if !target.marks.is_empty() || marks.iter().any(|m| !m.x.is_nan()) {
            let from = target.marks.len();
            let before: Vec<Mark> = target.features[from..first].iter().map(Mark::of).collect();
            target.marks.extend(before);
            target.marks.extend(marks);
        }
        target.paths |= target.features[first..]
            .iter()
            .any(|f| f.shapes.iter().any(|s| !matches!(s, Shape::Point(_))));
        let len = target.features.len();
        target.rebatch(first, len);
        for i in first..target.features.len() {
            let f = &target.features[i];
            target.index.insert(i as u32, &f.bbox);
            let (fill, points) = (f.fill, f.point_count());
            if points > 0 {
                target.count_fill(fill, points);
            }
        }
        if target.role == LayerRole::Sites {
            let key = target.key;
            let points = target.features[first..]
                .iter()
                .enumerate()
                .flat_map(|(i, f)| {
                    f.shapes.iter().filter_map(move |s| match s {
                        Shape::Point(p) => Some(SitePoint::new(*p, (key, first + i))),
                        _ => None,
                    })
                })
                .collect::<Vec<_>>();
            if self.sites.size() == 0 {
                self.sites = RTree::bulk_load(points);
            } else {
                for p in points {
                    self.sites.insert(p);
                }
            }
        }
    }

    /// Replaces the hidden-danger pins: `(lon, lat, colour)` in WGS84.
    pub fn set_pins(&mut self, pins: impl IntoIterator<Item = (f64, f64, Rgba)>) {
        let gcj02 = self.gcj02;
        self.pins = pins
            .into_iter()
            .filter(|(lon, lat, _)| lon.is_finite() && lat.is_finite())
            .map(|(lon, lat, c)| {
                let (x, y) = display_mercator(lon, lat, gcj02);
                ([lon, lat], [x, y], c)
            })
            .collect();
    }

    /// The WGS84 position under screen point (`sx`, `sy`) of `view`: what a tap on the map
    /// means. Undoes the GCJ-02 shift of a GCJ-02 scene, so the position lies where the
    /// scene draws it (a pin set there appears under the finger).
    pub fn lon_lat_at(&self, view: &Viewport, sx: f64, sy: f64) -> (f64, f64) {
        let (x, y) = view.to_world(sx, sy);
        let (lon, lat) = crate::crs::WebMercator.unproject(x, y);
        if self.gcj02 {
            crate::crs::gcj02_to_wgs84(lon, lat)
        } else {
            (lon, lat)
        }
    }

    /// The pins as given to [`Scene::set_pins`], to carry them into a rebuilt scene.
    pub fn pins(&self) -> Vec<(f64, f64, Rgba)> {
        self.pins.iter().map(|(p, _, c)| (p[0], p[1], *c)).collect()
    }

    /// Index of the layer with this id.
    pub fn layer_index(&self, id: &str) -> Option<usize> {
        self.layers.iter().position(|l| l.id == id)
    }

    /// Replaces the polygons drawn under scene layer `index` (its impact rings), each with
    /// its fill; `None` clears them.
    pub fn set_underlay(&mut self, index: usize, under: Option<&Layer>, fills: &[Rgba]) {
        let gcj02 = self.gcj02;
        let Some(target) = self.layers.get_mut(index) else {
            return;
        };
        let fallback = target.style.fill;
        target.underlay = under
            .into_iter()
            .flat_map(|l| &l.features)
            .enumerate()
            .map(|(i, f)| {
                scene_feature(
                    gcj02,
                    &f.geometry,
                    fills.get(i).copied().unwrap_or(fallback),
                    None,
                )
            })
            .collect();
    }

    /// Recolours a layer's features (after a re-grade) without re-projecting.
    pub fn set_fills(&mut self, layer: usize, fills: &[Rgba]) {
        self.set_fills_from(layer, 0, fills);
    }

    /// Recolours features `start..start + fills.len()` of a layer.
    pub fn set_fills_from(&mut self, layer: usize, start: usize, fills: &[Rgba]) {
        if let Some(l) = self.layers.get_mut(layer) {
            let end = (start + fills.len()).min(l.features.len());
            for i in start.min(end)..end {
                let (old, new, points) = (
                    l.features[i].fill,
                    fills[i - start],
                    l.features[i].point_count(),
                );
                l.features[i].fill = new;
                if let Some(m) = l.marks.get_mut(i) {
                    m.fill = new;
                }
                if points > 0 && old != new {
                    l.count_fill(old, -points);
                    l.count_fill(new, points);
                }
            }
            if l.paths {
                l.rebatch(start, end);
            }
        }
    }

    /// The draw commands for `view`, bottom layer first.
    ///
    /// Polygons and lines keep file order (consecutive features of one colour share a
    /// command). A layer's markers go out one command per colour, the colour the layer
    /// holds most of first: rarer colours (a few 重大 sites among many 低) are drawn on top,
    /// where they stay visible. The order is the layer's, not the view's, so a strip of a
    /// view stacks its markers as the whole view does.
    pub fn draw_list(&self, view: &Viewport) -> DrawList {
        self.draw_list_within(view, &[[0.0, 0.0, view.width, view.height]])
    }

    /// [`Scene::draw_list`] for the parts of `view` inside `rects` (CSS pixels: min x, min
    /// y, max x, max y): shapes and markers culled to the rects, labels placed for the
    /// whole view. A pan that moves the last frame's pixels draws only the strips it
    /// uncovered; culling the rest of the view is most of what the list then saves.
    /// `features` counts the features in the rects.
    pub fn draw_list_within(&self, view: &Viewport, rects: &[[f64; 4]]) -> DrawList {
        self.list_within(view, rects, true)
    }

    /// [`Scene::draw_list_within`] without labels: the shapes of a band of the view that
    /// another thread rasterises, while the page places the view's labels with its own
    /// band's list.
    pub fn shapes_within(&self, view: &Viewport, rects: &[[f64; 4]]) -> DrawList {
        self.list_within(view, rects, false)
    }

    fn list_within(&self, view: &Viewport, rects: &[[f64; 4]], with_labels: bool) -> DrawList {
        let mut list = DrawList::default();
        let res = view.resolution();
        let whole = [[0.0, 0.0, view.width, view.height]];
        let is_whole = rects
            .iter()
            .any(|r| r[0] <= 0.0 && r[1] <= 0.0 && r[2] >= view.width && r[3] >= view.height);
        let rects: &[[f64; 4]] = if is_whole { &whole } else { rects };
        let mut labels = Vec::new();
        let mut scratch = DrawList::default();
        for layer in self.layers.iter().filter(|l| l.visible) {
            self.layer_cmds(
                layer,
                view,
                rects,
                &mut list,
                Some(&mut labels).filter(|_| is_whole && with_labels),
            );
            // Labels belong to the whole view: placed among all of its candidates.
            let labelled = layer.role == LayerRole::Areas
                || (layer.role == LayerRole::Sites && res <= SITE_LABEL_RES);
            if !is_whole && labelled && with_labels {
                self.layer_cmds(layer, view, &whole, &mut scratch, Some(&mut labels));
                scratch.cmds.clear();
            }
        }
        // Pins on top of every layer, one command per colour, the colours of open records
        // last (on top).
        let mut pin_cmds: Vec<(Rgba, Vec<[f32; 2]>)> = Vec::new();
        for (_, p, c) in &self.pins {
            // Up and to the right of its point, like a badge: a record at its site leaves
            // the site's marker, and so its grade colour, in view.
            let (x, y) = view.to_screen(p[0], p[1]);
            let (x, y) = (x + PIN_OFFSET, y - PIN_OFFSET);
            let pad = PIN_RADIUS as f64 + 1.0;
            if x < -pad || y < -pad || x > view.width + pad || y > view.height + pad {
                continue;
            }
            match pin_cmds.iter_mut().find(|(k, _)| k == c) {
                Some((_, pts)) => pts.push([x as f32, y as f32]),
                None => pin_cmds.push((*c, vec![[x as f32, y as f32]])),
            }
        }
        pin_cmds.sort_by_key(|(c, _)| pin_rank(*c));
        for (fill, points) in pin_cmds {
            list.features += points.len();
            list.cmds.push(DrawCmd::Markers {
                points,
                radius: PIN_RADIUS,
                fill,
                stroke: Some(PIN_STROKE),
                stroke_width: 1.0,
                diamond: false,
            });
        }
        list.labels = place_labels(labels, view.width as f32, view.height as f32)
            .into_iter()
            .map(|l| DrawCmd::Label {
                x: l.x,
                y: l.y,
                text: l.text,
                font_px: l.font_px,
            })
            .collect();
        list
    }

    /// Appends the commands of `layer` inside `rects` (CSS pixels) to `list`, and its
    /// label candidates to `labels` if given.
    fn layer_cmds(
        &self,
        layer: &SceneLayer,
        view: &Viewport,
        rects: &[[f64; 4]],
        list: &mut DrawList,
        mut labels: Option<&mut Vec<LabelCandidate>>,
    ) {
        let res = view.resolution();
        let tf = view.screen_transform();
        let st = &layer.style;
        let mut buckets: Vec<MarkerBucket> = Vec::new();
        // Widened by a marker and its outline: a marker centred just off the edge still
        // shows its part, and a pan that moves the last frame's pixels keeps it (the two
        // must agree).
        let pad = (st.point_radius as f64 + st.stroke_width as f64 + 2.0) * res;
        let worlds: Vec<[f64; 4]> = rects
            .iter()
            .map(|r| {
                let (x0, y1) = view.to_world(r[0], r[1]);
                let (x1, y0) = view.to_world(r[2], r[3]);
                [x0 - pad, y0 - pad, x1 + pad, y1 + pad]
            })
            .collect();
        let visible = layer.index.visible_any(&worlds, res);
        // A lone point whose label is not wanted needs only its mark.
        let labelled = labels.is_some()
            && match layer.role {
                LayerRole::Areas => true,
                LayerRole::Sites => res <= SITE_LABEL_RES,
                _ => false,
            };
        let own = visible.iter().map(|&i| match layer.marks.get(i as usize) {
            Some(m) if !labelled && !m.x.is_nan() => Ok(m),
            _ => Err(&layer.features[i as usize]),
        });
        for item in layer.underlay.iter().map(Err).chain(own) {
            let f = match item {
                Ok(m) => {
                    let at = [m.x, m.y, m.x, m.y];
                    if worlds.iter().any(|w| intersects(&at, w)) {
                        let (x, y) = tf.apply(m.x, m.y);
                        bucket(&mut buckets, m.fill).push([x as f32, y as f32]);
                        list.features += 1;
                    }
                    continue;
                }
                Err(f) => f,
            };
            if !worlds.iter().any(|w| intersects(&f.bbox, w)) {
                continue;
            }
            let sub_pixel = (f.bbox[2] - f.bbox[0]).max(f.bbox[3] - f.bbox[1]) < res;
            let batch = (layer.key as u64) << 32 | f.batch as u64;
            let mut drawn = false;
            for shape in &f.shapes {
                match shape {
                    Shape::Polygon(rings) if !sub_pixel => {
                        let path = list.polygon_path(f.fill, st.stroke, st.stroke_width, batch);
                        for (k, ring) in rings.iter().enumerate() {
                            if screen_path(&tf, ring.at(res), 3, path) {
                                drawn = true;
                            } else if k == 0 {
                                break; // no exterior on screen: its holes would fill
                            }
                        }
                        list.drop_empty_tail();
                    }
                    Shape::Line(pts) if !sub_pixel => {
                        // A line's fill is its line colour (`Project::fills`).
                        let path = list.line_path(f.fill, st.stroke_width, batch);
                        drawn |= screen_path(&tf, pts.at(res), 2, path);
                        list.drop_empty_tail();
                    }
                    Shape::Point(p) => {
                        let (x, y) = tf.apply(p[0], p[1]);
                        bucket(&mut buckets, f.fill).push([x as f32, y as f32]);
                        drawn = true;
                    }
                    _ => {}
                }
            }
            list.features += drawn as usize;
            if let (Some(labels), Some((text, at))) = (labels.as_deref_mut(), &f.label) {
                let site = layer.role == LayerRole::Sites;
                if drawn && (!site || res <= SITE_LABEL_RES) {
                    let (x, y) = tf.apply(at[0], at[1]);
                    let extent = (f.bbox[2] - f.bbox[0]).max(f.bbox[3] - f.bbox[1]) / res;
                    labels.push(LabelCandidate {
                        // A site's name sits under its marker.
                        x: x as f32,
                        y: if site {
                            y as f32 + st.point_radius + 9.0
                        } else {
                            y as f32
                        },
                        text: text.clone(),
                        // Areas by size on screen (the big district's name wins), sites
                        // after every area.
                        priority: if site { 0.0 } else { 1.0 + extent as f32 },
                        font_px: if site { 12.0 } else { 14.0 },
                    });
                }
            }
        }
        // The colour the layer holds most of first (ties: the first the layer holds).
        let rank = |fill: Rgba| {
            layer
                .fill_counts
                .iter()
                .position(|(c, _)| *c == fill)
                .map_or((0, usize::MAX), |k| (layer.fill_counts[k].1, k))
        };
        buckets.sort_by_key(|b| {
            let (count, first) = rank(b.fill);
            (std::cmp::Reverse(count), first)
        });
        for b in buckets {
            list.cmds.push(DrawCmd::Markers {
                points: b.points,
                radius: st.point_radius,
                fill: b.fill,
                stroke: st.stroke,
                stroke_width: st.stroke_width,
                diamond: layer.role == LayerRole::Sources,
            });
        }
    }

    /// Commands that outline feature `fi` of layer `li` on top of the map (hover and
    /// selection): its rings and lines in `colour`, a ring around its markers.
    pub fn highlight(&self, view: &Viewport, li: usize, fi: usize, colour: Rgba) -> Vec<DrawCmd> {
        let Some(f) = self.layers.get(li).and_then(|l| l.features.get(fi)) else {
            return Vec::new();
        };
        let res = view.resolution();
        let tf = view.screen_transform();
        let radius = self.layers[li].style.point_radius + 4.0;
        let mut list = DrawList::default();
        for shape in &f.shapes {
            match shape {
                Shape::Polygon(rings) => {
                    let path = list.line_path(colour, 3.0, u64::MAX);
                    for ring in rings {
                        screen_path(&tf, ring.at(res), 2, path);
                    }
                }
                Shape::Line(pts) => {
                    screen_path(&tf, pts.at(res), 2, list.line_path(colour, 4.0, u64::MAX));
                }
                Shape::Point(p) => {
                    let (x, y) = tf.apply(p[0], p[1]);
                    list.cmds.push(DrawCmd::Markers {
                        points: vec![[x as f32, y as f32]],
                        radius,
                        fill: Rgba(0, 0, 0, 0),
                        stroke: Some(colour),
                        stroke_width: 1.0,
                        diamond: false,
                    });
                }
            }
            list.drop_empty_tail();
        }
        list.cmds
    }

    /// The topmost visible site within `radius_px` CSS pixels of the screen point, as
    /// (scene layer, feature). Uses the site index, never a scan of all features.
    pub fn pick_site(
        &self,
        view: &Viewport,
        sx: f64,
        sy: f64,
        radius_px: f64,
    ) -> Option<(usize, usize)> {
        let (wx, wy) = view.to_world(sx, sy);
        let max = radius_px * view.resolution();
        self.sites
            .nearest_neighbor_iter_with_distance_2([wx, wy])
            .take_while(|(_, d2)| *d2 <= max * max)
            .find_map(|(p, _)| {
                let (key, fi) = p.data;
                let li = self.layers.iter().position(|l| l.key == key)?;
                self.layers[li].visible.then_some((li, fi))
            })
    }

    /// The topmost visible feature at screen point `(sx, sy)`, as (scene layer, feature):
    /// layers from the top, within a layer the last drawn first; a point or line within
    /// `radius_px` CSS pixels, a polygon containing the point (or within 3 px of its edge).
    /// Candidates come from each layer's index, never a scan of all features.
    pub fn pick(
        &self,
        view: &Viewport,
        sx: f64,
        sy: f64,
        radius_px: f64,
    ) -> Option<(usize, usize)> {
        let res = view.resolution();
        let (wx, wy) = view.to_world(sx, sy);
        let r = radius_px.max(3.0) * res;
        let around = [wx - r, wy - r, wx + r, wy + r];
        for (li, layer) in self.layers.iter().enumerate().rev() {
            if !layer.visible {
                continue;
            }
            let candidates = layer.index.visible(&around, res);
            let mut best: Option<(usize, f64)> = None;
            for &i in candidates.iter().rev() {
                let f = &layer.features[i as usize];
                if !intersects(&f.bbox, &around) {
                    continue;
                }
                if let Some(d) = hit_distance(f, [wx, wy], res) {
                    let limit = match f.shapes.first() {
                        Some(Shape::Point(_)) => radius_px * res,
                        Some(Shape::Line(_)) => radius_px.min(8.0) * res,
                        _ => 3.0 * res,
                    };
                    // A polygon under the finger (distance 0) wins at once; points and
                    // lines go to the nearest within their radius.
                    if d == 0.0 {
                        return Some((li, i as usize));
                    }
                    if d <= limit && best.is_none_or(|(_, b)| d < b) {
                        best = Some((i as usize, d));
                    }
                }
            }
            if let Some((i, _)) = best {
                return Some((li, i));
            }
        }
        None
    }
}

/// Distance in Mercator metres from `p` to the feature as drawn at `res` (0 inside a
/// polygon); `None` for a feature with nothing to measure.
fn hit_distance(f: &SceneFeature, p: [f64; 2], res: f64) -> Option<f64> {
    let mut best: Option<f64> = None;
    let mut take = |d: f64| best = Some(best.map_or(d, |b: f64| b.min(d)));
    for shape in &f.shapes {
        match shape {
            Shape::Point(q) => take(((q[0] - p[0]).powi(2) + (q[1] - p[1]).powi(2)).sqrt()),
            Shape::Line(l) => take(path_distance(l.at(res), p)),
            Shape::Polygon(rings) => {
                let inside = rings.iter().filter(|r| ring_contains(r.at(res), p)).count() % 2 == 1;
                if inside {
                    take(0.0);
                } else {
                    rings.iter().for_each(|r| take(path_distance(r.at(res), p)));
                }
            }
        }
    }
    best
}

fn path_distance(pts: &[[f64; 2]], p: [f64; 2]) -> f64 {
    if pts.len() == 1 {
        return ((pts[0][0] - p[0]).powi(2) + (pts[0][1] - p[1]).powi(2)).sqrt();
    }
    pts.windows(2)
        .map(|w| lod::dist2_to_segment(p, w[0], w[1]).sqrt())
        .fold(f64::INFINITY, f64::min)
}

/// Even-odd crossing test (the ring as drawn; exactness is not needed for a tap).
fn ring_contains(ring: &[[f64; 2]], p: [f64; 2]) -> bool {
    let mut inside = false;
    for w in ring.windows(2) {
        let (a, b) = (w[0], w[1]);
        if (a[1] > p[1]) != (b[1] > p[1]) {
            let x = a[0] + (p[1] - a[1]) / (b[1] - a[1]) * (b[0] - a[0]);
            if p[0] < x {
                inside = !inside;
            }
        }
    }
    inside
}

/// A feature projected, its rings oriented for non-zero filling (exterior counter-clockwise,
/// holes clockwise, in Mercator), with levels of detail for long paths.
fn scene_feature(
    gcj02: bool,
    g: &Geometry<f64>,
    fill: Rgba,
    label: Option<(String, [f64; 2])>,
) -> SceneFeature {
    let mut shapes = Vec::new();
    project_geometry(gcj02, g, &mut shapes);
    let bbox = shapes_bbox(&shapes);
    SceneFeature {
        shapes: SmallVec::from_vec(shapes),
        bbox,
        fill,
        label,
        batch: 0,
    }
}

fn project_geometry(gcj02: bool, g: &Geometry<f64>, out: &mut Vec<Shape>) {
    let project = |ls: &geo::LineString<f64>| -> Vec<[f64; 2]> {
        ls.0.iter()
            .map(|c| {
                let (x, y) = display_mercator(c.x, c.y, gcj02);
                [x, y]
            })
            .collect()
    };
    let oriented = |ls: &geo::LineString<f64>, ccw: bool| -> LodPath {
        let mut pts = project(ls);
        if (signed_area(&pts) > 0.0) != ccw {
            pts.reverse();
        }
        LodPath::new(pts, true)
    };
    match g {
        Geometry::Point(p) => {
            let (x, y) = display_mercator(p.x(), p.y(), gcj02);
            out.push(Shape::Point([x, y]));
        }
        Geometry::MultiPoint(mp) => {
            mp.0.iter()
                .for_each(|p| project_geometry(gcj02, &Geometry::Point(*p), out))
        }
        Geometry::LineString(ls) => out.push(Shape::Line(LodPath::new(project(ls), false))),
        Geometry::MultiLineString(m) => {
            m.0.iter()
                .for_each(|ls| out.push(Shape::Line(LodPath::new(project(ls), false))))
        }
        Geometry::Polygon(p) => out.push(Shape::Polygon(
            std::iter::once(oriented(p.exterior(), true))
                .chain(p.interiors().iter().map(|h| oriented(h, false)))
                .collect(),
        )),
        Geometry::MultiPolygon(mp) => {
            for p in &mp.0 {
                project_geometry(gcj02, &Geometry::Polygon(p.clone()), out)
            }
        }
        Geometry::Line(l) => project_geometry(gcj02, &Geometry::LineString(l.into()), out),
        Geometry::Rect(r) => project_geometry(gcj02, &Geometry::Polygon(r.to_polygon()), out),
        Geometry::Triangle(t) => project_geometry(gcj02, &Geometry::Polygon(t.to_polygon()), out),
        Geometry::GeometryCollection(gc) => {
            gc.0.iter().for_each(|g| project_geometry(gcj02, g, out))
        }
    }
}

/// Twice the signed area (shoelace): positive for a counter-clockwise ring.
fn signed_area(pts: &[[f64; 2]]) -> f64 {
    pts.windows(2)
        .map(|w| w[0][0] * w[1][1] - w[1][0] * w[0][1])
        .sum()
}

fn shapes_bbox(shapes: &[Shape]) -> [f64; 4] {
    let mut b = [
        f64::INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NEG_INFINITY,
    ];
    let mut add = |p: &[f64; 2]| {
        b[0] = b[0].min(p[0]);
        b[1] = b[1].min(p[1]);
        b[2] = b[2].max(p[0]);
        b[3] = b[3].max(p[1]);
    };
    for s in shapes {
        match s {
            Shape::Polygon(rings) => rings.iter().flat_map(|r| &r.full).for_each(&mut add),
            Shape::Line(pts) => pts.full.iter().for_each(&mut add),
            Shape::Point(p) => add(p),
        }
    }
    b
}

fn intersects(a: &[f64; 4], b: &[f64; 4]) -> bool {
    a[0] <= b[2] && a[2] >= b[0] && a[1] <= b[3] && a[3] >= b[1]
}

/// Appends a ring or line to `path` in screen pixels, dropping vertices within half a
/// pixel of the previous one; nothing when fewer than `min` vertices remain. Returns
/// whether it was added.
/// A projected vertex closer than this (CSS px, along both axes) to the previous one kept
/// is dropped: a zoomed-out zone of 250 vertices is a blob a few pixels wide, and its
/// sub-pixel zigzags cost edges without changing a pixel by more than a shade.
const MIN_STEP_PX: f32 = 1.0;

/// Draw order of pin colours: closed at the bottom, open 重大 on top.
fn pin_rank(c: Rgba) -> u8 {
    use crate::inspection::pin::{AWAITING, CLOSED, GENERAL_OPEN, MAJOR_OPEN};
    match c {
        CLOSED => 0,
        AWAITING => 1,
        GENERAL_OPEN => 2,
        MAJOR_OPEN => 4,
        _ => 3,
    }
}

fn screen_path(tf: &ScreenTransform, pts: &[[f64; 2]], min: usize, path: &mut Path) -> bool {
    let start = path.points.len();
    for p in pts {
        let (x, y) = tf.apply(p[0], p[1]);
        let q = [x as f32, y as f32];
        let far = path.points[start..].last().is_none_or(|l| {
            (l[0] - q[0]).abs() >= MIN_STEP_PX || (l[1] - q[1]).abs() >= MIN_STEP_PX
        });
        if far {
            path.points.push(q);
        }
    }
    if path.points.len() - start >= min {
        path.end_subpath();
        true
    } else {
        path.discard_open();
        false
    }
}

#[cfg(test)]
mod tests;
