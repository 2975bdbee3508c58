//! The overlay the composite index scores from, computed once per set of layers.

use geo::{BoundingRect, Geometry};
use rstar::{primitives::GeomWithData, RTree, AABB};

use crate::index::ZoneIndex;
use crate::layer::Layer;
use crate::overlay::geodesic_distance;

/// The most severe zone of one hazard layer that a site lies in (or, for a footprint,
/// touches).
#[derive(Debug, Clone, PartialEq)]
pub struct ZoneHitLevel {
    /// Position in the hazard layers the exposure was built from.
    pub layer: usize,
    pub feature: usize,
    /// The class level the layer's metadata gives that zone (0–3).
    pub level: u8,
}

/// A hazard source within reach of a site.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SourceHit {
    /// Position in the source layers the exposure was built from.
    pub layer: usize,
    pub feature: usize,
    /// Geodesic metres on WGS84; 0 inside or touching.
    pub metres: f64,
}

/// Per site (in site-layer order): the zones and the sources within reach.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Exposure {
    pub zones: Vec<Vec<ZoneHitLevel>>,
    /// Sorted nearest first.
    pub sources: Vec<Vec<SourceHit>>,
    /// The reach (m) the sources were searched within.
    pub reach_m: f64,
}

type SourceBox = GeomWithData<rstar::primitives::Rectangle<[f64; 2]>, (usize, usize)>;

/// An R-tree over the bounding boxes of every feature of the source layers, for "which
/// sources lie within the reach of this site".
pub struct SourceReach {
    tree: RTree<SourceBox>,
}

impl SourceReach {
    pub fn new(sources: &[&Layer]) -> Self {
        let boxes: Vec<SourceBox> = sources
            .iter()
            .enumerate()
            .flat_map(|(li, l)| {
                l.features.iter().enumerate().filter_map(move |(fi, f)| {
                    let r = f.geometry.bounding_rect()?;
                    Some(SourceBox::new(
                        rstar::primitives::Rectangle::from_corners(
                            [r.min().x, r.min().y],
                            [r.max().x, r.max().y],
                        ),
                        (li, fi),
                    ))
                })
            })
            .collect();
        SourceReach {
            tree: RTree::bulk_load(boxes),
        }
    }

    /// Sources (of the layers this was built from) within `reach_m` of `site`, nearest
    /// first. The box search is in degrees, widened by the reach at the site's latitude
    /// (plus 1 %); the exact geodesic distance then decides.
    pub fn within(&self, site: &Geometry<f64>, sources: &[&Layer], reach_m: f64) -> Vec<SourceHit> {
        let Some(r) = site.bounding_rect() else {
            return Vec::new();
        };
        let lat = r.center().y.clamp(-89.0, 89.0).to_radians();
        let dlat = reach_m * 1.01 / 110_574.0;
        let dlon = reach_m * 1.01 / (111_320.0 * lat.cos().max(0.01));
        let env = AABB::from_corners(
            [r.min().x - dlon, r.min().y - dlat],
            [r.max().x + dlon, r.max().y + dlat],
        );
        let mut hits: Vec<SourceHit> = self
            .tree
            .locate_in_envelope_intersecting(env)
            .filter_map(|b| {
                let (layer, feature) = b.data;
                let g = &sources.get(layer)?.features.get(feature)?.geometry;
                let metres = geodesic_distance(site, g);
                (metres <= reach_m).then_some(SourceHit {
                    layer,
                    feature,
                    metres,
                })
            })
            .collect();
        hits.sort_by(|a, b| a.metres.total_cmp(&b.metres));
        hits
    }
}

/// Per hazard layer, the most severe zone that `site` lies in or (a footprint) touches.
pub fn zone_levels(
    index: &ZoneIndex,
    hazards: &[&Layer],
    site: &Geometry<f64>,
) -> Vec<ZoneHitLevel> {
    let mut best: Vec<ZoneHitLevel> = Vec::new();
    for h in index.intersecting(site) {
        let Some(layer) = hazards.get(h.layer) else {
            continue;
        };
        let class = layer
            .meta
            .class_field
            .as_deref()
            .and_then(|k| layer.features[h.feature].text(k))
            .unwrap_or_default();
        let level = layer.meta.level_of(&class);
        match best.iter_mut().find(|b| b.layer == h.layer) {
            Some(b) if b.level >= level => {}
            Some(b) => {
                b.feature = h.feature;
                b.level = level;
            }
            None => best.push(ZoneHitLevel {
                layer: h.layer,
                feature: h.feature,
                level,
            }),
        }
    }
    best
}

impl Exposure {
    /// Overlays `sites` on the hazard-zone layers and finds every feature of the source
    /// layers within `reach_m`. Point sites are tested as points, footprints (polygons)
    /// and lines by intersection.
    pub fn new(sites: &Layer, hazards: &[&Layer], sources: &[&Layer], reach_m: f64) -> Self {
        let zones = ZoneIndex::new(hazards);
        let reach = SourceReach::new(sources);
        let mut out = Exposure {
            reach_m,
            ..Default::default()
        };
        out.update(
            sites,
            0..sites.features.len(),
            &zones,
            hazards,
            &reach,
            sources,
        );
        out
    }

    /// Recomputes sites `range` (growing the exposure to fit), against a zone index and
    /// source reach built from `hazards` and `sources`: how a project adds a large layer
    /// in slices, or refreshes its sites after a hazard layer joins.
    pub fn update(
        &mut self,
        sites: &Layer,
        range: std::ops::Range<usize>,
        zones: &ZoneIndex,
        hazards: &[&Layer],
        reach: &SourceReach,
        sources: &[&Layer],
    ) {
        let end = range.end.min(sites.features.len());
        if self.zones.len() < end {
            self.zones.resize(end, Vec::new());
            self.sources.resize(end, Vec::new());
        }
        for i in range.start.min(end)..end {
            let g = &sites.features[i].geometry;
            self.zones[i] = zone_levels(zones, hazards, g);
            self.sources[i] = reach.within(g, sources, self.reach_m);
        }
    }
}
