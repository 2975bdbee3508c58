use geo::{coord, BoundingRect, Geometry, Intersects, Polygon};
use rstar::{primitives::GeomWithData, RTree, AABB};

use super::flat_rings::FlatRings;
use super::point_grid::PointGrid;
use crate::layer::{for_each_polygon, Layer, LayerTally};

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
/// vertex) counts as inside, as in Turf's `booleanPointInPolygon` default. The parts are
/// kept as flat rings (`FlatRings`): the point test is the overlay's hot loop.
pub struct ZoneIndex {
    tree: RTree<Entry>,
    parts: FlatRings,
    /// Per part, its box and owner, for the grid's candidates.
    boxes: Vec<[f64; 4]>,
    owners: Vec<ZoneHit>,
    /// Point lookups after a bulk load; `None` once [`ZoneIndex::extend`] has added parts
    /// (the R-tree then answers).
    grid: Option<PointGrid>,
}

impl ZoneIndex {
    /// Indexes the polygonal features of `layers`; points and lines are not zones and are
    /// left out.
    pub fn new(layers: &[&Layer]) -> Self {
        let mut index = ZoneIndex {
            tree: RTree::new(),
            parts: FlatRings::default(),
            boxes: Vec::new(),
            owners: Vec::new(),
            grid: None,
        };
        let mut entries = Vec::new();
        for (li, layer) in layers.iter().enumerate() {
            for (fi, feature) in layer.features.iter().enumerate() {
                let mut push = |poly: &Polygon<f64>| {
                    if let Some(e) = index.push_part(poly, li, fi) {
                        entries.push(e);
                    }
                };
                for_each_polygon(&feature.geometry, &mut push);
            }
        }
        index.tree = RTree::bulk_load(entries);
        index.grid = PointGrid::new(&index.boxes);
        index
    }

    /// Stores one part's rings, box and owner; its R-tree entry is the caller's to place.
    fn push_part(&mut self, poly: &Polygon<f64>, layer: usize, feature: usize) -> Option<Entry> {
        let r = poly.bounding_rect()?;
        let (lo, hi) = ([r.min().x, r.min().y], [r.max().x, r.max().y]);
        let part = self.parts.push(poly);
        self.boxes.push([lo[0], lo[1], hi[0], hi[1]]);
        self.owners.push(ZoneHit { layer, feature });
        Some(Entry::new(
            rstar::primitives::Rectangle::from_corners(lo, hi),
            (layer, feature, part),
        ))
    }

    /// The zones containing `(lon, lat)`, sorted by layer then feature, without duplicates
    /// (a point in two parts of one MultiPolygon is one hit).
    pub fn containing(&self, lon: f64, lat: f64) -> Vec<ZoneHit> {
        let mut hits = Vec::new();
        self.containing_into(lon, lat, &mut hits);
        hits
    }

    /// [`ZoneIndex::containing`] into a buffer the caller reuses (cleared first), so a
    /// loop over 100,000 sites allocates nothing per site.
    pub fn containing_into(&self, lon: f64, lat: f64, hits: &mut Vec<ZoneHit>) {
        let p = coord! { x: lon, y: lat };
        hits.clear();
        if let Some(grid) = &self.grid {
            for &part in grid.candidates(lon, lat) {
                let (part, b) = (part as usize, &self.boxes[part as usize]);
                let in_box = b[0] <= lon && lon <= b[2] && b[1] <= lat && lat <= b[3];
                // Candidates come in part order, so hits are sorted and a feature's parts
                // adjacent: dedup is enough.
                if in_box && self.parts.covers(part, p) && hits.last() != Some(&self.owners[part]) {
                    hits.push(self.owners[part]);
                }
            }
            return;
        }
        hits.extend(
            self.tree
                .locate_in_envelope_intersecting(AABB::from_point([lon, lat]))
                .filter(|e| self.parts.covers(e.data.2, p))
                .map(|e| ZoneHit {
                    layer: e.data.0,
                    feature: e.data.1,
                }),
        );
        if hits.len() > 1 {
            hits.sort_unstable();
            hits.dedup();
        }
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
        let mut hits: Vec<ZoneHit> = self
            .tree
            .locate_in_envelope_intersecting(env)
            .filter(|e| self.parts.polygon(e.data.2).intersects(site))
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
        self.grid = None;
        for fi in range.start.min(end)..end {
            let mut push = |poly: &Polygon<f64>| {
                if let Some(e) = self.push_part(poly, layer_pos, fi) {
                    self.tree.insert(e);
                }
            };
            for_each_polygon(&layer.features[fi].geometry, &mut push);
        }
    }

    /// Makes room for every part, ring and vertex of a layer, so indexing a large layer in
    /// slices never copies the flat lists as they grow: doubling the 50 MB vertex list of
    /// 660,000 footprints was one 50 ms step on the UI thread.
    pub fn reserve_for(&mut self, tally: &LayerTally) {
        self.parts.reserve(tally.parts, tally.rings, tally.coords);
        self.boxes.reserve(tally.parts);
        self.owners.reserve(tally.parts);
    }

    /// Number of indexed polygon parts.
    pub fn len(&self) -> usize {
        self.parts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }
}
