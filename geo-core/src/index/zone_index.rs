use geo::{BoundingRect, Geometry, Intersects, Point, Polygon};
use rstar::{primitives::GeomWithData, RTree, AABB};

use crate::layer::Layer;

/// One zone that contains a query point: which layer (by position in the slice the index
/// was built from) and which feature of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct ZoneHit {
    pub layer: usize,
    pub feature: usize,
}

type Entry = GeomWithData<rstar::primitives::Rectangle<[f64; 2]>, (usize, usize, usize)>;

/// An R-tree over every polygon part of the zone layers, bulk-loaded once.
///
/// MultiPolygons are split into parts so a large multipart feature does not make every
/// query test all of its parts. Lookups are exact: a point on a zone's boundary (edge or
/// vertex) counts as inside, as in Turf's `booleanPointInPolygon` default.
pub struct ZoneIndex {
    tree: RTree<Entry>,
    parts: Vec<Polygon<f64>>,
}

impl ZoneIndex {
    /// Indexes the polygonal features of `layers`; points and lines are not zones and are
    /// left out.
    pub fn new(layers: &[&Layer]) -> Self {
        let mut parts = Vec::new();
        let mut entries = Vec::new();
        for (li, layer) in layers.iter().enumerate() {
            for (fi, feature) in layer.features.iter().enumerate() {
                let mut push = |poly: &Polygon<f64>| {
                    if let Some(r) = poly.bounding_rect() {
                        let rect = rstar::primitives::Rectangle::from_corners(
                            [r.min().x, r.min().y],
                            [r.max().x, r.max().y],
                        );
                        entries.push(Entry::new(rect, (li, fi, parts.len())));
                        parts.push(poly.clone());
                    }
                };
                for_each_polygon(&feature.geometry, &mut push);
            }
        }
        ZoneIndex {
            tree: RTree::bulk_load(entries),
            parts,
        }
    }

    /// The zones containing `(lon, lat)`, sorted by layer then feature, without duplicates
    /// (a point in two parts of one MultiPolygon is one hit).
    pub fn containing(&self, lon: f64, lat: f64) -> Vec<ZoneHit> {
        let p = Point::new(lon, lat);
        let mut hits: Vec<ZoneHit> = self
            .tree
            .locate_in_envelope_intersecting(AABB::from_point([lon, lat]))
            .filter(|e| self.parts[e.data.2].intersects(&p))
            .map(|e| ZoneHit {
                layer: e.data.0,
                feature: e.data.1,
            })
            .collect();
        hits.sort_unstable();
        hits.dedup();
        hits
    }

    /// Number of indexed polygon parts.
    pub fn len(&self) -> usize {
        self.parts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }
}

fn for_each_polygon(g: &Geometry<f64>, f: &mut impl FnMut(&Polygon<f64>)) {
    match g {
        Geometry::Polygon(p) => f(p),
        Geometry::MultiPolygon(mp) => mp.0.iter().for_each(f),
        Geometry::Rect(r) => f(&r.to_polygon()),
        Geometry::Triangle(t) => f(&t.to_polygon()),
        Geometry::GeometryCollection(gc) => gc.0.iter().for_each(|g| for_each_polygon(g, f)),
        _ => {}
    }
}
