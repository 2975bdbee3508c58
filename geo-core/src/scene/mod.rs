//! The map's draw list: layers and a viewport in, a backend-agnostic [`DrawList`] out.
//!
//! [`Scene`] projects each layer to Web Mercator once; [`Scene::draw_list`] culls, drops
//! sub-pixel detail and emits screen-space commands. The app's painter only walks the list,
//! so what the map shows is decided (and tested) here.

mod draw_list;
/// Collision-free label placement in screen space.
mod labels;
/// Scale bar in ground metres at the view's latitude.
mod scale_bar;
mod style;
/// Fill colours from attributes, and the legend that matches them.
mod symbology;
mod viewport;

pub use draw_list::{DrawCmd, DrawList};
pub use labels::{place_labels, LabelCandidate, PlacedLabel};
pub use scale_bar::{scale_bar, ScaleBar};
pub use style::{default_style, zone_fill, LayerStyle};
pub use symbology::{
    categorical, graduated, legend_group, Breaks, CategoryClass, LegendEntry, LegendGroup,
    LegendSymbol, Palette, Symbology,
};
pub use viewport::Viewport;

use geo::{Geometry, InteriorPoint};
use rstar::{primitives::GeomWithData, RTree};

use crate::crs::WebMercator;
use crate::layer::{Layer, LayerRole};
use crate::risk::Rgba;

/// A ring in Web Mercator metres.
type Ring = Vec<[f64; 2]>;

#[derive(Debug, Clone)]
enum Shape {
    /// Exterior ring first, then holes.
    Polygon(Vec<Ring>),
    Line(Ring),
    Point([f64; 2]),
}

#[derive(Debug, Clone)]
struct SceneFeature {
    shapes: Vec<Shape>,
    /// Mercator bbox: min x, min y, max x, max y.
    bbox: [f64; 4],
    fill: Rgba,
    label: Option<(String, [f64; 2])>,
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
    /// Feature positions by size class ([`size_class`]), each in file order: zoomed out,
    /// whole classes of sub-pixel polygons are skipped without visiting them, which keeps
    /// a frame short for a layer of 600,000 building footprints.
    size_classes: Vec<Vec<u32>>,
    /// Drawn under the layer's own features and shown with it: a source layer's impact
    /// rings.
    underlay: Vec<SceneFeature>,
}

impl SceneLayer {
    /// Positions of the features that may be drawn at `res` metres a pixel, in file order
    /// (every class that can hold a feature of a pixel or more); `None` when that is all.
    fn candidates(&self, res: f64) -> Option<Vec<u32>> {
        let keep = |c: usize| c == 0 || class_upper_bound(c) >= res;
        let kept: usize = (0..self.size_classes.len())
            .filter(|&c| keep(c))
            .map(|c| self.size_classes[c].len())
            .sum();
        if kept == self.features.len() {
            return None;
        }
        let mut out: Vec<u32> = Vec::with_capacity(kept);
        for (c, members) in self.size_classes.iter().enumerate() {
            if keep(c) {
                out.extend_from_slice(members);
            }
        }
        out.sort_unstable();
        Some(out)
    }

    pub fn len(&self) -> usize {
        self.features.len()
    }

    pub fn is_empty(&self) -> bool {
        self.features.is_empty()
    }
}

/// A site marker in the pick index: (layer key, feature).
type SitePoint = GeomWithData<[f64; 2], (u32, usize)>;

/// Everything on the map, in draw order (first drawn first, so last is on top).
#[derive(Default)]
pub struct Scene {
    pub layers: Vec<SceneLayer>,
    sites: RTree<SitePoint>,
    next_key: u32,
}

impl Scene {
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
                size_classes: Vec::new(),
                underlay: Vec::new(),
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
        let Some(target) = self.layers.get_mut(index) else {
            return;
        };
        let label_field = (layer.meta.role == LayerRole::Areas).then_some(&layer.meta.name_field);
        let first = target.features.len();
        let fallback = target.style.fill;
        let added = layer.features
            [range.start.min(layer.features.len())..range.end.min(layer.features.len())]
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let mut shapes = Vec::new();
                project_geometry(&f.geometry, &mut shapes);
                let label = label_field.and_then(|k| {
                    let text = f.text(k)?;
                    let p = f.geometry.interior_point()?;
                    let (x, y) = WebMercator.project(p.x(), p.y());
                    Some((text, [x, y]))
                });
                SceneFeature {
                    bbox: shapes_bbox(&shapes),
                    shapes,
                    fill: fills.and_then(|c| c.get(i).copied()).unwrap_or(fallback),
                    label,
                }
            });
        target.features.extend(added);
        for (i, f) in target.features.iter().enumerate().skip(first) {
            let c = size_class(f);
            if target.size_classes.len() <= c {
                target.size_classes.resize(c + 1, Vec::new());
            }
            target.size_classes[c].push(i as u32);
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

    /// Index of the layer with this id.
    pub fn layer_index(&self, id: &str) -> Option<usize> {
        self.layers.iter().position(|l| l.id == id)
    }

    /// Replaces the polygons drawn under scene layer `index` (its impact rings), each with
    /// its fill; `None` clears them.
    pub fn set_underlay(&mut self, index: usize, under: Option<&Layer>, fills: &[Rgba]) {
        let Some(target) = self.layers.get_mut(index) else {
            return;
        };
        target.underlay = under
            .into_iter()
            .flat_map(|l| &l.features)
            .enumerate()
            .map(|(i, f)| {
                let mut shapes = Vec::new();
                project_geometry(&f.geometry, &mut shapes);
                SceneFeature {
                    bbox: shapes_bbox(&shapes),
                    shapes,
                    fill: fills.get(i).copied().unwrap_or(target.style.fill),
                    label: None,
                }
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
            for (f, c) in l.features.iter_mut().skip(start).zip(fills) {
                f.fill = *c;
            }
        }
    }

    /// The draw commands for `view`, bottom layer first.
    pub fn draw_list(&self, view: &Viewport) -> DrawList {
        let mut list = DrawList::default();
        let world = view.world_bounds();
        let res = view.resolution();
        for layer in self.layers.iter().filter(|l| l.visible) {
            let st = &layer.style;
            let subset = layer.candidates(res);
            let own: Box<dyn Iterator<Item = &SceneFeature>> = match &subset {
                Some(idx) => Box::new(idx.iter().map(|&i| &layer.features[i as usize])),
                None => Box::new(layer.features.iter()),
            };
            let features = layer.underlay.iter().chain(own);
            for f in features {
                if !intersects(&f.bbox, &world) {
                    continue;
                }
                let sub_pixel = (f.bbox[2] - f.bbox[0]).max(f.bbox[3] - f.bbox[1]) < res;
                for shape in &f.shapes {
                    match shape {
                        Shape::Polygon(rings) if !sub_pixel => {
                            let rings: Vec<Vec<[f32; 2]>> = rings
                                .iter()
                                .filter_map(|r| screen_ring(view, r, 3))
                                .collect();
                            if !rings.is_empty() {
                                list.cmds.push(DrawCmd::Polygon {
                                    rings,
                                    fill: f.fill,
                                    stroke: st.stroke,
                                    stroke_width: st.stroke_width,
                                });
                            }
                        }
                        Shape::Line(pts) if !sub_pixel => {
                            if let (Some(points), Some(stroke)) =
                                (screen_ring(view, pts, 2), st.stroke)
                            {
                                list.cmds.push(DrawCmd::Line {
                                    points,
                                    stroke,
                                    width: st.stroke_width,
                                });
                            }
                        }
                        Shape::Point(p) => {
                            let (x, y) = view.to_screen(p[0], p[1]);
                            list.cmds.push(DrawCmd::Marker {
                                x: x as f32,
                                y: y as f32,
                                radius: st.point_radius,
                                fill: f.fill,
                                stroke: st.stroke,
                                diamond: layer.role == LayerRole::Sources,
                            });
                        }
                        _ => {}
                    }
                }
                if let Some((text, at)) = &f.label {
                    let (x, y) = view.to_screen(at[0], at[1]);
                    list.labels.push(DrawCmd::Label {
                        x: x as f32,
                        y: y as f32,
                        text: text.clone(),
                    });
                }
            }
        }
        list
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
}

fn project_geometry(g: &Geometry<f64>, out: &mut Vec<Shape>) {
    let ring = |ls: &geo::LineString<f64>| -> Ring {
        ls.0.iter()
            .map(|c| {
                let (x, y) = WebMercator.project(c.x, c.y);
                [x, y]
            })
            .collect()
    };
    match g {
        Geometry::Point(p) => {
            let (x, y) = WebMercator.project(p.x(), p.y());
            out.push(Shape::Point([x, y]));
        }
        Geometry::MultiPoint(mp) => {
            mp.0.iter()
                .for_each(|p| project_geometry(&Geometry::Point(*p), out))
        }
        Geometry::LineString(ls) => out.push(Shape::Line(ring(ls))),
        Geometry::MultiLineString(m) => m.0.iter().for_each(|ls| out.push(Shape::Line(ring(ls)))),
        Geometry::Polygon(p) => out.push(Shape::Polygon(
            std::iter::once(p.exterior())
                .chain(p.interiors())
                .map(ring)
                .collect(),
        )),
        Geometry::MultiPolygon(mp) => {
            for p in &mp.0 {
                project_geometry(&Geometry::Polygon(p.clone()), out)
            }
        }
        Geometry::Line(l) => project_geometry(&Geometry::LineString(l.into()), out),
        Geometry::Rect(r) => project_geometry(&Geometry::Polygon(r.to_polygon()), out),
        Geometry::Triangle(t) => project_geometry(&Geometry::Polygon(t.to_polygon()), out),
        Geometry::GeometryCollection(gc) => gc.0.iter().for_each(|g| project_geometry(g, out)),
    }
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
            Shape::Polygon(rings) => rings.iter().flatten().for_each(&mut add),
            Shape::Line(pts) => pts.iter().for_each(&mut add),
            Shape::Point(p) => add(p),
        }
    }
    b
}

/// Class 0: always considered (points draw as markers at any size, labels show). Class
/// c ≥ 1: polygons and lines whose larger bbox side is in [2^(c-11), 2^(c-10)) metres.
fn size_class(f: &SceneFeature) -> usize {
    let point = f.shapes.iter().any(|s| matches!(s, Shape::Point(_)));
    let extent = (f.bbox[2] - f.bbox[0]).max(f.bbox[3] - f.bbox[1]);
    if point || f.label.is_some() || !extent.is_finite() {
        return 0;
    }
    (extent.max(1e-6).log2().floor() as i64 + 11).clamp(1, 80) as usize
}

/// The largest extent class `c` can hold (exclusive).
fn class_upper_bound(c: usize) -> f64 {
    2f64.powi(c as i32 - 10)
}

fn intersects(a: &[f64; 4], b: &[f64; 4]) -> bool {
    a[0] <= b[2] && a[2] >= b[0] && a[1] <= b[3] && a[3] >= b[1]
}

/// Projects a ring to screen pixels, dropping vertices that land within half a pixel of
/// the previous one; `None` when fewer than `min` vertices remain.
fn screen_ring(view: &Viewport, ring: &[[f64; 2]], min: usize) -> Option<Vec<[f32; 2]>> {
    let mut out: Vec<[f32; 2]> = Vec::with_capacity(ring.len());
    for p in ring {
        let (x, y) = view.to_screen(p[0], p[1]);
        let q = [x as f32, y as f32];
        if out
            .last()
            .is_none_or(|l| (l[0] - q[0]).abs() >= 0.5 || (l[1] - q[1]).abs() >= 0.5)
        {
            out.push(q);
        }
    }
    (out.len() >= min).then_some(out)
}

#[cfg(test)]
mod tests;
