//! The map's draw list: layers and a viewport in, a backend-agnostic [`DrawList`] out.
//!
//! [`Scene`] projects each layer to Web Mercator once; [`Scene::draw_list`] culls, drops
//! sub-pixel detail and emits screen-space commands. The app's painter only walks the list,
//! so what the map shows is decided (and tested) here.

mod draw_list;
mod style;
mod viewport;

pub use draw_list::{DrawCmd, DrawList};
pub use style::{default_style, zone_fill, LayerStyle};
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
    pub id: String,
    pub name: String,
    pub role: LayerRole,
    pub visible: bool,
    pub style: LayerStyle,
    features: Vec<SceneFeature>,
}

impl SceneLayer {
    pub fn len(&self) -> usize {
        self.features.len()
    }

    pub fn is_empty(&self) -> bool {
        self.features.is_empty()
    }
}

type SitePoint = GeomWithData<[f64; 2], (usize, usize)>;

/// Everything on the map, in draw order (first drawn first, so last is on top).
#[derive(Default)]
pub struct Scene {
    pub layers: Vec<SceneLayer>,
    sites: RTree<SitePoint>,
}

impl Scene {
    /// Adds a layer on top. `fills` gives each feature's fill colour (for sites, the grade
    /// colour); `None` uses the style's fill for all.
    pub fn push_layer(&mut self, layer: &Layer, style: LayerStyle, fills: Option<&[Rgba]>) {
        let li = self.layers.len();
        let label_field = (layer.meta.role == LayerRole::Areas).then_some(&layer.meta.name_field);
        let features = layer
            .features
            .iter()
            .enumerate()
            .map(|(fi, f)| {
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
                    fill: fills.and_then(|c| c.get(fi).copied()).unwrap_or(style.fill),
                    label,
                }
            })
            .collect::<Vec<_>>();
        if layer.meta.role == LayerRole::Sites {
            let mut points: Vec<SitePoint> = self.sites.iter().cloned().collect();
            for (fi, f) in features.iter().enumerate() {
                for s in &f.shapes {
                    if let Shape::Point(p) = s {
                        points.push(SitePoint::new(*p, (li, fi)));
                    }
                }
            }
            self.sites = RTree::bulk_load(points);
        }
        self.layers.push(SceneLayer {
            id: layer.meta.id.clone(),
            name: layer.meta.name.clone(),
            role: layer.meta.role,
            visible: true,
            style,
            features,
        });
    }

    /// Index of the layer with this id.
    pub fn layer_index(&self, id: &str) -> Option<usize> {
        self.layers.iter().position(|l| l.id == id)
    }

    /// Recolours a layer's features (after a re-grade) without re-projecting.
    pub fn set_fills(&mut self, layer: usize, fills: &[Rgba]) {
        if let Some(l) = self.layers.get_mut(layer) {
            for (f, c) in l.features.iter_mut().zip(fills) {
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
            for f in &layer.features {
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
            .map(|(p, _)| p.data)
            .find(|(li, _)| self.layers[*li].visible)
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
