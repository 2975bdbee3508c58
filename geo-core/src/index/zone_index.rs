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
                    if let Some(e) = part_entry(poly, (li, fi, parts.len())) {
                        entries.push(e);
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
        self.hits(AABB::from_point([lon, lat]), |part| part.intersects(&p))
    }

    /// The zones a site geometry intersects (shares at least one point with), sorted by
    /// layer then feature, without duplicates.
    ///
    /// This is the exposure test for footprints and lines, where "contains" would miss a
    /// plant that straddles a zone's edge; for a point it is [`ZoneIndex::containing`].
    pub fn intersecting(&self, site: &Geometry<f64>) -> Vec<ZoneHit> {
        if let Geometry::Point(p) = site {
            return self.containing(p.x(), p.y());
        }
        let Some(r) = site.bounding_rect() else {
            return Vec::new();
        };
        let env = AABB::from_corners([r.min().x, r.min().y], [r.max().x, r.max().y]);
        self.hits(env, |part| part.intersects(site))
    }

    /// Features whose part boxes meet `env` and whose part passes `test`, sorted, once each.
    fn hits(&self, env: AABB<[f64; 2]>, test: impl Fn(&Polygon<f64>) -> bool) -> Vec<ZoneHit> {
        let mut hits: Vec<ZoneHit> = self
            .tree
            .locate_in_envelope_intersecting(env)
            .filter(|e| test(&self.parts[e.data.2]))
            .map(|e| ZoneHit {
                layer: e.data.0,
                feature: e.data.1,
            })
            .collect();
        hits.sort_unstable();
        hits.dedup();
        hits
    }

    /// Adds features `range` of `layer` as zone layer number `layer_pos` (its position in
    /// the slice the index stands for). Inserting one by one is slower overall than a bulk
    /// load but lets a large zone layer be indexed in slices between frames.
    pub fn extend(&mut self, layer_pos: usize, layer: &Layer, range: std::ops::Range<usize>) {
        let end = range.end.min(layer.features.len());
        for fi in range.start.min(end)..end {
            let mut push = |poly: &Polygon<f64>| {
                if let Some(e) = part_entry(poly, (layer_pos, fi, self.parts.len())) {
                    self.tree.insert(e);
                    self.parts.push(poly.clone());
                }
            };
            for_each_polygon(&layer.features[fi].geometry, &mut push);
        }
    }

    /// Makes room for `additional` more parts, so indexing a large layer in slices does
    /// not copy the part list as it grows.
    pub fn reserve(&mut self, additional: usize) {
        self.parts.reserve(additional);
    }

    /// Number of indexed polygon parts.
    pub fn len(&self) -> usize {
        self.parts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }
}

/// The index entry of one polygon part: its bounding box and (layer, feature, part).
fn part_entry(poly: &Polygon<f64>, data: (usize, usize, usize)) -> Option<Entry> {
    let r = poly.bounding_rect()?;
    let rect =
        rstar::primitives::Rectangle::from_corners([r.min().x, r.min().y], [r.max().x, r.max().y]);
    Some(Entry::new(rect, data))
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
