//! [`Overlay`]: the geometry half of scoring, computed once per set of layers.

use super::source_index::{Nearest, SourceIndex};
use crate::index::ZoneIndex;
use crate::layer::Layer;

/// What one site is exposed to.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SiteExposure {
    /// Per hazard layer, in [`Overlay::hazard_layers`] order: the sorted indices of the
    /// zones containing or touching the site.
    pub zones: Vec<Vec<usize>>,
    /// Per source layer, in [`Overlay::source_layers`] order: the nearest feature and its
    /// geodesic distance in metres; `None` when the site or the layer has no geometry.
    pub nearest: Vec<Option<Nearest>>,
}

/// The overlay of one site layer on hazard-zone and source layers.
///
/// Scoring reads zones and distances many times (a user moves a threshold, switches the
/// model, edits a weight) while the geometry does not change, so the expensive half is
/// kept here and a scoring step re-runs on it without touching geometry. Layers are
/// identified by their `meta.id`; rebuild the overlay when a layer's features change.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Overlay {
    /// `meta.id` of the site layer.
    pub site_layer: String,
    /// `meta.id` of each hazard layer, in the order given to [`Overlay::new`].
    pub hazard_layers: Vec<String>,
    /// `meta.id` of each source layer, in the order given to [`Overlay::new`].
    pub source_layers: Vec<String>,
    /// One entry per site feature, in layer order.
    pub sites: Vec<SiteExposure>,
}

impl Overlay {
    /// Overlays every site of `sites` on the `hazards` (containment, boundary inclusive)
    /// and the `sources` (nearest feature, geodesic metres).
    ///
    /// All hazard layers share one R-tree; each source layer gets its own
    /// [`SourceIndex`].
    pub fn new(sites: &Layer, hazards: &[&Layer], sources: &[&Layer]) -> Self {
        let zones = ZoneIndex::new(hazards);
        let source_indexes: Vec<SourceIndex> =
            sources.iter().map(|l| SourceIndex::new(l)).collect();
        let mut nearest: Vec<std::vec::IntoIter<Option<Nearest>>> = source_indexes
            .iter()
            .map(|ix| ix.nearest_all(sites).into_iter())
            .collect();
        let exposures = sites
            .features
            .iter()
            .map(|f| {
                let mut per_layer = vec![Vec::new(); hazards.len()];
                for hit in zones.intersecting(&f.geometry) {
                    per_layer[hit.layer].push(hit.feature);
                }
                SiteExposure {
                    zones: per_layer,
                    nearest: nearest.iter_mut().map(|n| n.next().flatten()).collect(),
                }
            })
            .collect();
        Overlay {
            site_layer: sites.meta.id.clone(),
            hazard_layers: hazards.iter().map(|l| l.meta.id.clone()).collect(),
            source_layers: sources.iter().map(|l| l.meta.id.clone()).collect(),
            sites: exposures,
        }
    }

    /// The zones of hazard layer `hazard` containing site `site`; empty when either index
    /// is out of range.
    pub fn zones(&self, hazard: usize, site: usize) -> &[usize] {
        self.sites
            .get(site)
            .and_then(|s| s.zones.get(hazard))
            .map_or(&[], Vec::as_slice)
    }

    /// Metres from site `site` to the nearest feature of source layer `source`;
    /// `f64::INFINITY` when there is none or an index is out of range.
    pub fn distance(&self, source: usize, site: usize) -> f64 {
        self.sites
            .get(site)
            .and_then(|s| s.nearest.get(source).copied().flatten())
            .map_or(f64::INFINITY, |n| n.metres)
    }

    /// Position of the hazard layer with this id in [`Overlay::hazard_layers`].
    pub fn hazard_position(&self, id: &str) -> Option<usize> {
        self.hazard_layers.iter().position(|l| l == id)
    }

    /// Position of the source layer with this id in [`Overlay::source_layers`].
    pub fn source_position(&self, id: &str) -> Option<usize> {
        self.source_layers.iter().position(|l| l == id)
    }
}
