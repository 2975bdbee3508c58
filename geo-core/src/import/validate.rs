//! Checks every reader's output goes through: non-finite coordinates and empty geometries
//! are dropped per feature with a warning, ring orientation is normalised (exterior
//! counter-clockwise, holes clockwise), self-intersecting polygons are reported, and a
//! layer whose coordinates look like swapped lat/lon gets a warning.

use geo::{
    CoordsIter, Geometry, HasDimensions, LineString, MultiPolygon, Orient, Polygon, Validation,
};

use super::ImportWarning;
use crate::crs::Crs;
use crate::layer::Layer;

/// Rebuilds a polygon from its rings under the even-odd rule, resolving self-intersections
/// (a bow-tie becomes two triangles, each lobe kept). `None` if the result is not valid.
fn rebuild_even_odd(g: &Geometry<f64>) -> Option<Geometry<f64>> {
    use i_overlay::core::fill_rule::FillRule;
    use i_overlay::float::simplify::SimplifyShape;
    let polys: Vec<&Polygon<f64>> = match g {
        Geometry::Polygon(p) => vec![p],
        Geometry::MultiPolygon(mp) => mp.0.iter().collect(),
        _ => return None,
    };
    let contours: Vec<Vec<[f64; 2]>> = polys
        .iter()
        .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
        .map(|r| r.0.iter().map(|c| [c.x, c.y]).collect())
        .collect();
    let shapes: Vec<Vec<Vec<[f64; 2]>>> = contours.simplify_shape(FillRule::EvenOdd);
    let ring =
        |c: &Vec<[f64; 2]>| LineString::from(c.iter().map(|p| (p[0], p[1])).collect::<Vec<_>>());
    let out: Vec<Polygon<f64>> = shapes
        .iter()
        .filter_map(|s| {
            let (outer, holes) = s.split_first()?;
            Some(
                Polygon::new(ring(outer), holes.iter().map(ring).collect())
                    .orient(geo::orient::Direction::Default),
            )
        })
        .collect();
    let result = match out.len() {
        0 => return None,
        1 => Geometry::Polygon(out.into_iter().next()?),
        _ => Geometry::MultiPolygon(MultiPolygon(out)),
    };
    result.is_valid().then_some(result)
}

/// A feature with more vertices than this is dropped with a warning, whatever the format:
/// one such feature would make every later step (index, overlay, drawing) slow for the
/// whole layer. A detailed city boundary has tens of thousands.
pub(crate) const MAX_FEATURE_VERTICES: usize = 4_000_000;

/// `repair`: rebuild invalid polygons (see [`rebuild_even_odd`]) when the user asked.
pub(super) fn clean(
    file: &str,
    layer: &mut Layer,
    warnings: &mut Vec<ImportWarning>,
    repair: bool,
) {
    let mut kept = Vec::with_capacity(layer.features.len());
    for (i, mut f) in std::mem::take(&mut layer.features).into_iter().enumerate() {
        let warn = |msg: &str| ImportWarning {
            file: file.to_string(),
            feature: i,
            row: None,
            msg: msg.to_string(),
        };
        let vertices = f.geometry.coords_count();
        if vertices > MAX_FEATURE_VERTICES {
            warnings.push(warn(&format!(
                "要素顶点过多（{vertices} > {MAX_FEATURE_VERTICES}），已跳过 / too many vertices ({vertices} > {MAX_FEATURE_VERTICES}), skipped"
            )));
            continue;
        }
        if f.geometry
            .coords_iter()
            .any(|c| !c.x.is_finite() || !c.y.is_finite())
        {
            warnings.push(warn(
                "坐标含 NaN 或无穷大，已跳过 / NaN or infinite coordinate, skipped",
            ));
            continue;
        }
        if f.geometry.is_empty() {
            warnings.push(warn("几何为空，已跳过 / empty geometry, skipped"));
            continue;
        }
        f.geometry = match f.geometry {
            Geometry::Polygon(p) => Geometry::Polygon(p.orient(geo::orient::Direction::Default)),
            Geometry::MultiPolygon(p) => {
                Geometry::MultiPolygon(p.orient(geo::orient::Direction::Default))
            }
            g => g,
        };
        if matches!(f.geometry, Geometry::Polygon(_) | Geometry::MultiPolygon(_))
            && !f.geometry.is_valid()
        {
            let why = f
                .geometry
                .validation_errors()
                .first()
                .map(|e| e.to_string())
                .unwrap_or_default();
            match repair.then(|| rebuild_even_odd(&f.geometry)).flatten() {
                Some(g) => {
                    f.geometry = g;
                    warnings.push(warn(&format!(
                        "多边形无效，已修复 / invalid polygon repaired: {why}"
                    )));
                }
                None => warnings.push(warn(&format!(
                    "多边形无效（如自相交）/ invalid polygon (e.g. self-intersection): {why}"
                ))),
            }
        }
        kept.push(f);
    }
    layer.features = kept;
}

/// Warns when a geographic layer's values only make sense with x and y swapped.
pub(super) fn check_axes(file: &str, layer: &Layer, crs: &Crs, warnings: &mut Vec<ImportWarning>) {
    if !crs.is_geographic() {
        return;
    }
    let Some(b) = layer.bbox() else { return };
    let lat_out = b.min().y < -90.0 || b.max().y > 90.0;
    let lon_out = b.min().x < -180.0 || b.max().x > 180.0;
    // China: lon 73–136, lat 3–54. Values the other way round are the usual mistake.
    let looks_swapped = (3.0..=54.0).contains(&b.min().x)
        && (3.0..=54.0).contains(&b.max().x)
        && (73.0..=136.0).contains(&b.min().y)
        && (73.0..=136.0).contains(&b.max().y);
    if lat_out || lon_out || looks_swapped {
        warnings.push(ImportWarning::layer(
            file,
            format!(
                "坐标范围 x {:.4}–{:.4}、y {:.4}–{:.4} 像是经纬度颠倒或坐标系选错 / coordinates look swapped (lat/lon) or in another CRS",
                b.min().x,
                b.max().x,
                b.min().y,
                b.max().y
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layer::{Feature, LayerMeta, LayerRole};

    #[test]
    fn validate_drops_a_feature_with_too_many_vertices() {
        let line = LineString::from(
            (0..=MAX_FEATURE_VERTICES)
                .map(|i| (i as f64 * 1e-6, 24.0))
                .collect::<Vec<_>>(),
        );
        let mut layer = Layer {
            meta: LayerMeta::new("l", "l", LayerRole::Sites),
            features: vec![
                Feature {
                    geometry: Geometry::Point(geo::Point::new(118.0, 24.0)),
                    properties: Default::default(),
                },
                Feature {
                    geometry: Geometry::LineString(line),
                    properties: Default::default(),
                },
            ],
        };
        let mut warnings = Vec::new();
        clean("big.kml", &mut layer, &mut warnings, false);
        assert_eq!(layer.features.len(), 1);
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].feature, 1);
        assert!(warnings[0]
            .msg
            .contains("too many vertices (4000001 > 4000000)"));
    }
}
