//! [`containing`]: which hazard zones each site lies in or touches.

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
    let index = ZoneIndex::new(&[hazard]);
    sites
        .features
        .iter()
        .map(|f| {
            index
                .intersecting(&f.geometry)
                .into_iter()
                .map(|hit| hit.feature)
                .collect()
        })
        .collect()
}
