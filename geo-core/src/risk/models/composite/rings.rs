//! Impact-ring radii per source, and the ring polygons the map draws.

use geo::{Geometry, LineString, Polygon};
use serde_json::Map;

use super::config::RingConfig;
use crate::layer::{Feature, Layer, LayerMeta, LayerRole};

/// A source's ring radii in metres, innermost first, and where they came from.
#[derive(Debug, Clone, PartialEq)]
pub struct RingRadii {
    pub radii: Vec<f64>,
    /// "fields", "type" or "derived": shown in the explanation so the assessor knows
    /// whether a radius was entered or screened.
    pub origin: &'static str,
}

/// A positive, finite number from a property.
fn number(f: &Feature, key: &str) -> Option<f64> {
    f.number(key).filter(|x| x.is_finite() && *x > 0.0)
}

/// Radii for every feature of a source layer: its own radius fields, else its type's
/// radii, else the derivation from q/Q, else none (the source then scores by distance
/// decay). Radii are sorted so the innermost ring is first whatever the input order.
pub fn resolve_rings(cfg: &RingConfig, layer: &Layer) -> Vec<Option<RingRadii>> {
    let n = cfg.names.len();
    layer
        .features
        .iter()
        .map(|f| {
            let own: Vec<f64> = cfg
                .radius_fields
                .iter()
                .take(n)
                .filter_map(|k| number(f, k))
                .collect();
            let (mut radii, origin) =
                if !own.is_empty() && own.len() == n.min(cfg.radius_fields.len()) {
                    (own, "fields")
                } else if let Some(r) = f
                    .text(&cfg.type_field)
                    .and_then(|t| cfg.by_type.get(t.trim()))
                    .filter(|r| !r.is_empty())
                {
                    (r.clone(), "type")
                } else if let Some(d) = &cfg.derive {
                    let (Some(q), Some(cap_q)) =
                        (number(f, &d.quantity_field), number(f, &d.critical_field))
                    else {
                        return None;
                    };
                    let inner = d.base_m * (q / cap_q).cbrt();
                    let radii = d
                        .multiples
                        .iter()
                        .take(n)
                        .enumerate()
                        .map(|(i, m)| (inner * m).max(d.min_m.get(i).copied().unwrap_or(0.0)))
                        .collect();
                    (radii, "derived")
                } else {
                    return None;
                };
            radii.retain(|r| r.is_finite() && *r > 0.0);
            radii.sort_by(f64::total_cmp);
            radii.truncate(n);
            (!radii.is_empty()).then_some(RingRadii { radii, origin })
        })
        .collect()
}

/// Ring polygons for drawing: per source with rings and a point (or the centre of its
/// bbox), one 72-gon a ring, outermost first so inner rings draw on top. Each carries
/// `ring` (its index, 0 innermost), `source` (the source's name) and `radius_m`.
pub fn ring_polygons(source: &Layer, rings: &[Option<RingRadii>], cfg: &RingConfig) -> Layer {
    let mut meta = LayerMeta::new(
        &format!("{}-rings", source.meta.id),
        &format!("{}影响圈", source.meta.name),
        LayerRole::Areas,
    );
    // No labels: the source layer already names each source.
    meta.name_field = String::new();
    let mut features = Vec::new();
    for (fi, (f, r)) in source.features.iter().zip(rings).enumerate() {
        let Some(r) = r else { continue };
        let Some(c) = geo::BoundingRect::bounding_rect(&f.geometry).map(|b| b.center()) else {
            continue;
        };
        for (ri, radius) in r.radii.iter().enumerate().rev() {
            let ring: Vec<(f64, f64)> = (0..=72)
                .map(|k| {
                    let a = (k % 72) as f64 * std::f64::consts::TAU / 72.0;
                    let (lon, lat) = destination(c.x, c.y, a, *radius);
                    (lon, lat)
                })
                .collect();
            let mut properties = Map::new();
            properties.insert("ring".into(), ri.into());
            properties.insert(
                "ring_name".into(),
                cfg.names
                    .get(ri)
                    .map_or(String::new(), |n| n.zh.clone())
                    .into(),
            );
            properties.insert("source".into(), source.feature_name(fi).into());
            properties.insert("radius_m".into(), (radius.round() as i64).into());
            features.push(Feature {
                geometry: Geometry::Polygon(Polygon::new(LineString::from(ring), vec![])),
                properties,
            });
        }
    }
    Layer { meta, features }
}

/// The point `metres` from (lon, lat) on bearing `a` (radians), on a sphere of the WGS84
/// mean radius: ring outlines are drawings, and at ≤ 10 km this is within a metre or two.
fn destination(lon: f64, lat: f64, a: f64, metres: f64) -> (f64, f64) {
    const R: f64 = 6_371_008.8;
    let (phi, lam, d) = (lat.to_radians(), lon.to_radians(), metres / R);
    let phi2 = (phi.sin() * d.cos() + phi.cos() * d.sin() * a.cos()).asin();
    let lam2 = lam + (a.sin() * d.sin() * phi.cos()).atan2(d.cos() - phi.sin() * phi2.sin());
    (lam2.to_degrees(), phi2.to_degrees())
}
