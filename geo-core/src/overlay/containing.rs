//! [`containing`]: which hazard zones each site lies in or touches.

use geo::Geometry;

use crate::index::ZoneIndex;
use crate::layer::Layer;

/// Per site in layer order, the sorted indices of the `hazard` features that contain or
/// touch it.
///
/// The boundary counts as inside (Turf's `booleanPointInPolygon` default), and a point in
/// a hole is outside while a point on the hole's ring is inside. A point site is tested
/// as its point; a footprint or a line is exposed when it shares any point with a zone, so
/// a plant straddling a zone edge counts. Only polygonal hazard features are zones; a site
/// with an empty geometry is in none.
///
/// The zones are indexed once ([`ZoneIndex`]: an R-tree over every polygon part, each
/// with its bounding box), so the cost grows with sites × log(zones), not sites × zones.
///
/// # Examples
///
/// ```
/// use geo::{point, polygon, Geometry};
/// use geo_core::layer::{Feature, Layer, LayerMeta, LayerRole};
/// use geo_core::overlay::containing;
///
/// let layer = |role, geometries: Vec<Geometry<f64>>| Layer {
///     meta: LayerMeta::new("l", "l", role),
///     features: geometries
///         .into_iter()
///         .map(|geometry| Feature { geometry, properties: Default::default() })
///         .collect(),
/// };
/// let zones = layer(
///     LayerRole::HazardZones,
///     vec![polygon![(x: 0., y: 0.), (x: 2., y: 0.), (x: 2., y: 2.), (x: 0., y: 2.)].into()],
/// );
/// let sites = layer(
///     LayerRole::Sites,
///     vec![point!(x: 1., y: 1.).into(), point!(x: 2., y: 1.).into(), point!(x: 3., y: 1.).into()],
/// );
/// assert_eq!(containing(&zones, &sites), vec![vec![0], vec![0], vec![]]);
/// ```
pub fn containing(hazard: &Layer, sites: &Layer) -> Vec<Vec<usize>> {
    let table = containing_table(hazard, sites);
    (0..table.len())
        .map(|i| table.zones(i).iter().map(|&z| z as usize).collect())
        .collect()
}

/// The answer of [`containing`] as two flat arrays, the shape the JS API hands over in
/// one copy: site `i`'s zones are `zones[offsets[i]..offsets[i + 1]]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteZones {
    pub offsets: Vec<u32>,
    pub zones: Vec<u32>,
}

impl SiteZones {
    /// Number of sites.
    pub fn len(&self) -> usize {
        self.offsets.len() - 1
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The sorted zone indices of site `i`.
    pub fn zones(&self, i: usize) -> &[u32] {
        &self.zones[self.offsets[i] as usize..self.offsets[i + 1] as usize]
    }
}

/// [`containing`] without a `Vec` per site: the overlay's fast path.
pub fn containing_table(hazard: &Layer, sites: &Layer) -> SiteZones {
    let index = ZoneIndex::new(&[hazard]);
    let mut offsets = Vec::with_capacity(sites.features.len() + 1);
    let mut zones = Vec::new();
    let mut hits = Vec::new();
    offsets.push(0);
    for f in &sites.features {
        match &f.geometry {
            Geometry::Point(p) => index.containing_into(p.x(), p.y(), &mut hits),
            g => hits = index.intersecting(g),
        }
        zones.extend(hits.iter().map(|h| h.feature as u32));
        offsets.push(zones.len() as u32);
    }
    SiteZones { offsets, zones }
}
