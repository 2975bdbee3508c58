//! [`SourceIndex`]: nearest feature and geodesic distance from sites to a source layer.

use std::sync::OnceLock;

use geo::{BoundingRect, Coord, Geometry, Intersects, Point};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{RTree, AABB};

use super::chord_tree::{hilbert_key, ChordTree, Edge};
use super::ellipsoid::{edge_sag, segment_distance_3d, ROUNDING_SLACK};
use super::geodesic::{for_each_edge, point_edge, Vertex};
use crate::layer::Layer;

/// The nearest source feature to a site and how far it is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Nearest {
    /// Index of the feature in the source layer.
    pub feature: usize,
    /// Geodesic distance on WGS84, metres; 0 when the site is inside or touches it.
    pub metres: f64,
}

type Part = GeomWithData<Rectangle<[f64; 2]>, usize>;

/// The features of one source layer (points, lines or polygons), indexed for "how far is
/// the nearest one" from many sites.
///
/// Two trees. Every edge (a point is a zero-length edge) goes into a packed R-tree in
/// Earth-centred coordinates, where a chord is a lower bound of the geodesic in every
/// direction: the nearest-edge walk stops as soon as no box can beat the best exact
/// distance found, and the true nearest feature is never skipped for lon/lat anisotropy.
/// Every part (MultiPolygons split) goes into an rstar tree of lon/lat boxes for the
/// exact "inside or touching" test that makes the distance 0, with the same
/// boundary-inclusive rule as [`super::containing`].
///
/// Candidates are measured with the edge method of [`super::geodesic_distance`], so the
/// index and the brute force return the same numbers.
///
/// # Examples
///
/// ```
/// use geo::{line_string, point, Geometry};
/// use geo_core::layer::{Feature, Layer, LayerMeta, LayerRole};
/// use geo_core::overlay::SourceIndex;
///
/// // A pipeline along the meridian 118° E, and a site 0.01° of longitude east of it.
/// let pipeline: Geometry<f64> = line_string![(x: 118.0, y: 24.4), (x: 118.0, y: 24.6)].into();
/// let layer = Layer {
///     meta: LayerMeta::new("pipes", "管线", LayerRole::Sources),
///     features: vec![Feature { geometry: pipeline, properties: Default::default() }],
/// };
/// let index = SourceIndex::new(&layer);
/// let nearest = index.nearest(&point!(x: 118.01, y: 24.5).into()).unwrap();
/// assert_eq!(nearest.feature, 0);
/// assert!((nearest.metres - 1013.6).abs() < 1.0); // N·cos φ · 0.01° at 24.5° N
/// ```
pub struct SourceIndex {
    edges: ChordTree,
    /// Built on the first touching test: a layer of points queried by point sites never
    /// needs it.
    parts: OnceLock<RTree<Part>>,
    part_boxes: Vec<Part>,
    part_geometry: Vec<Geometry<f64>>,
    part_feature: Vec<usize>,
    /// Whether any part is a line or a polygon: a point site can only touch a point source
    /// by coinciding with it, which the distance already measures as 0, so without lines
    /// or polygons a point site skips the touching test.
    has_extent: bool,
}

impl SourceIndex {
    /// Indexes every feature of `layer`; empty geometries are left out.
    pub fn new(layer: &Layer) -> Self {
        let mut edges = Vec::new();
        let mut parts = Vec::new();
        let mut part_geometry = Vec::new();
        let mut part_feature = Vec::new();
        for (fi, feature) in layer.features.iter().enumerate() {
            for_each_edge(&feature.geometry, &mut |p, q| {
                let slack = if p == q { 0.0 } else { edge_sag(p, q) } + ROUNDING_SLACK;
                let a = Vertex::new(p);
                let b = if p == q { a } else { Vertex::new(q) };
                edges.push(Edge {
                    ends: [a, b],
                    slack,
                    feature: fi,
                });
            });
            for_each_part(&feature.geometry, &mut |g| {
                if let Some(r) = g.bounding_rect() {
                    let rect =
                        Rectangle::from_corners([r.min().x, r.min().y], [r.max().x, r.max().y]);
                    parts.push(Part::new(rect, part_geometry.len()));
                    part_geometry.push(g);
                    part_feature.push(fi);
                }
            });
        }
        let has_extent = part_geometry
            .iter()
            .any(|g| !matches!(g, Geometry::Point(_)));
        SourceIndex {
            edges: ChordTree::new(edges),
            parts: OnceLock::new(),
            part_boxes: parts,
            part_geometry,
            part_feature,
            has_extent,
        }
    }

    /// The nearest feature to `site` and its geodesic distance; `None` when the site or the
    /// layer has no geometry. Ties go to the lower feature index.
    ///
    /// # Units
    ///
    /// Metres on the WGS84 ellipsoid.
    pub fn nearest(&self, site: &Geometry<f64>) -> Option<Nearest> {
        self.nearest_hinted(site, &mut None)
    }

    /// [`SourceIndex::nearest`] for every feature of `sites`, in layer order.
    ///
    /// Faster than one call per site: sites are visited along a Hilbert curve and each
    /// search starts from the distance to its predecessor's nearest edge, which is usually
    /// close, so the tree walk prunes almost everything at once. Same results.
    pub fn nearest_all(&self, sites: &Layer) -> Vec<Option<Nearest>> {
        // Where each site sits on the curve, and whether it is a plain point (read from
        // here in the walk, rather than from features scattered across memory).
        let anchors: Vec<Option<((f64, f64), bool)>> = sites
            .features
            .iter()
            .map(|f| match &f.geometry {
                Geometry::Point(p) => Some(((p.x(), p.y()), true)),
                g => g
                    .bounding_rect()
                    .map(|r| ((r.center().x, r.center().y), false)),
            })
            .collect();
        let extent = anchors.iter().flatten().fold(
            [
                f64::INFINITY,
                f64::INFINITY,
                f64::NEG_INFINITY,
                f64::NEG_INFINITY,
            ],
            |r, &((x, y), _)| [r[0].min(x), r[1].min(y), r[2].max(x), r[3].max(y)],
        );
        let mut order: Vec<(u64, usize)> = anchors
            .iter()
            .enumerate()
            .filter_map(|(i, a)| a.map(|(xy, _)| (hilbert_key(xy, &extent), i)))
            .collect();
        order.sort_unstable();
        let mut out = vec![None; sites.features.len()];
        let mut hint = None;
        for (_, i) in order {
            out[i] = match anchors[i] {
                Some(((x, y), true)) => self.nearest_to_point(Coord { x, y }, &mut hint),
                _ => self.nearest_hinted(&sites.features[i].geometry, &mut hint),
            };
        }
        out
    }

    /// [`SourceIndex::nearest`] for a point site.
    fn nearest_to_point(&self, p: Coord<f64>, hint: &mut Option<usize>) -> Option<Nearest> {
        if self.edges.len() == 0 {
            return None;
        }
        if self.has_extent {
            if let Some(feature) = self.touching(&Geometry::Point(Point(p))) {
                return Some(Nearest {
                    feature,
                    metres: 0.0,
                });
            }
        }
        let mut best = Best::default();
        self.nearest_to_vertex(&Vertex::new(p), &mut best, hint);
        best.nearest()
    }

    /// `hint`: the position of an edge that was nearest to a site close by, measured
    /// first to set a good starting bound; updated to this site's nearest edge.
    fn nearest_hinted(&self, site: &Geometry<f64>, hint: &mut Option<usize>) -> Option<Nearest> {
        if self.edges.len() == 0 {
            return None;
        }
        if let Geometry::Point(p) = site {
            return self.nearest_to_point(p.0, hint);
        }
        let mut site_edges = Vec::new();
        for_each_edge(site, &mut |p, q| {
            site_edges.push((Vertex::new(p), Vertex::new(q)))
        });
        if site_edges.is_empty() {
            return None;
        }
        if let Some(feature) = self.touching(site) {
            return Some(Nearest {
                feature,
                metres: 0.0,
            });
        }
        let mut best = Best::default();
        // Between a site and an edge that do not cross, the closest pair has a vertex at
        // one end: first the site's vertices against the source edges (each once: edges
        // share ends, and a ring ends where it starts)…
        let mut last = None;
        let first = site_edges[0].0.lonlat;
        for (i, (p, q)) in site_edges.iter().enumerate() {
            for v in [p, q] {
                let closing = i > 0 && v.lonlat == first;
                if last != Some(v.lonlat) && !closing {
                    self.nearest_to_vertex(v, &mut best, hint);
                }
                last = Some(v.lonlat);
            }
        }
        // …then the source vertices near each site edge against that edge.
        for (p, q) in site_edges.iter().filter(|(p, q)| p.lonlat != q.lonlat) {
            self.vertices_to_site_edge(p, q, &mut best);
        }
        best.nearest()
    }

    /// Geodesic distance in metres from `site` to the nearest feature, 0 inside or touching,
    /// `f64::INFINITY` when the site or the layer has no geometry.
    pub fn distance(&self, site: &Geometry<f64>) -> f64 {
        self.nearest(site).map_or(f64::INFINITY, |n| n.metres)
    }

    /// Number of indexed edges (points count as one each).
    pub fn len(&self) -> usize {
        self.edges.len()
    }

    pub fn is_empty(&self) -> bool {
        self.edges.len() == 0
    }

    /// The lowest feature the site is inside of or touches.
    fn touching(&self, site: &Geometry<f64>) -> Option<usize> {
        let r = site.bounding_rect()?;
        self.parts
            .get_or_init(|| RTree::bulk_load(self.part_boxes.clone()))
            .locate_in_envelope_intersecting(AABB::from_corners(
                [r.min().x, r.min().y],
                [r.max().x, r.max().y],
            ))
            .filter(|e| self.part_geometry[e.data].intersects(site))
            .map(|e| self.part_feature[e.data])
            .min()
    }

    fn nearest_to_vertex(&self, v: &Vertex, best: &mut Best, hint: &mut Option<usize>) {
        let seeded = *hint;
        if let Some(h) = seeded {
            let edge = self.edges.edge(h);
            best.offer(
                point_edge(v, &edge.ends[0], &edge.ends[1]),
                edge.feature,
                Some(h),
            );
        }
        self.edges.nearest(&v.xyz, best.metres, |position, edge| {
            if seeded == Some(position) {
                // Measured above already.
                return best.metres;
            }
            best.offer(
                point_edge(v, &edge.ends[0], &edge.ends[1]),
                edge.feature,
                Some(position),
            );
            best.metres
        });
        if best.edge.is_some() {
            *hint = best.edge;
        }
    }

    fn vertices_to_site_edge(&self, p: &Vertex, q: &Vertex, best: &mut Best) {
        let sag = edge_sag(p.lonlat, q.lonlat) + ROUNDING_SLACK;
        // A source vertex closer than `best` to the site edge lies within best + sag of its
        // chord, so within this box.
        let reach = best.metres + sag;
        let lo = std::array::from_fn(|i| p.xyz[i].min(q.xyz[i]) - reach);
        let hi = std::array::from_fn(|i| p.xyz[i].max(q.xyz[i]) + reach);
        self.edges.for_each_in_box(lo, hi, |edge| {
            let ends = if edge.ends[0].lonlat == edge.ends[1].lonlat {
                &edge.ends[..1]
            } else {
                &edge.ends[..]
            };
            for w in ends {
                if segment_distance_3d(&w.xyz, &p.xyz, &q.xyz) - sag > best.metres {
                    continue;
                }
                best.offer(point_edge(w, p, q), edge.feature, None);
            }
        });
    }
}

/// The best distance so far; starts at infinity so every first candidate is taken.
struct Best {
    metres: f64,
    feature: Option<usize>,
    /// The chord-tree position of the edge that gave it, when known.
    edge: Option<usize>,
}

impl Default for Best {
    fn default() -> Self {
        Best {
            metres: f64::INFINITY,
            feature: None,
            edge: None,
        }
    }
}

impl Best {
    fn nearest(&self) -> Option<Nearest> {
        self.feature.map(|feature| Nearest {
            feature,
            metres: self.metres,
        })
    }

    fn offer(&mut self, metres: f64, feature: usize, edge: Option<usize>) {
        let better = match self.feature {
            None => true,
            Some(f) => metres < self.metres || (metres == self.metres && feature < f),
        };
        if better {
            self.metres = metres;
            self.feature = Some(feature);
            self.edge = edge;
        }
    }
}

/// Splits a geometry into the parts the touching test indexes one by one.
fn for_each_part(g: &Geometry<f64>, f: &mut impl FnMut(Geometry<f64>)) {
    match g {
        Geometry::MultiPoint(mp) => mp.0.iter().for_each(|p| f(Geometry::Point(*p))),
        Geometry::MultiLineString(mls) => mls
            .0
            .iter()
            .for_each(|l| f(Geometry::LineString(l.clone()))),
        Geometry::MultiPolygon(mp) => mp.0.iter().for_each(|p| f(Geometry::Polygon(p.clone()))),
        Geometry::GeometryCollection(gc) => gc.0.iter().for_each(|g| for_each_part(g, f)),
        g => f(g.clone()),
    }
}

/// Per site in layer order, the geodesic distance in metres to the nearest feature of
/// `source` (points, lines or polygons): 0 when the site is inside or touches one,
/// `f64::INFINITY` when the site or the layer has no geometry.
///
/// Point sites are measured from the point; footprints and lines from their nearest part.
///
/// # Units
///
/// Metres on the WGS84 ellipsoid (GeographicLib); see [`super::geodesic_distance`] for
/// the method and its error.
pub fn nearest_distances(source: &Layer, sites: &Layer) -> Vec<f64> {
    SourceIndex::new(source)
        .nearest_all(sites)
        .into_iter()
        .map(|n| n.map_or(f64::INFINITY, |n| n.metres))
        .collect()
}
