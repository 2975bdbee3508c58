use geo::{Geometry, InteriorPoint};
use serde_json::Value;

use super::geometry_in;
use crate::crs::Crs;
use crate::layer::Layer;

/// The layer as CSV: `lon` and `lat` (or `x`/`y` in a projected CRS) first, then every
/// property that occurs, in first-seen order. Lines and polygons are written at an interior
/// point. A UTF-8 BOM is included so Excel opens Chinese text correctly.
pub fn write_csv(layer: &Layer, crs: &Crs) -> String {
    let mut keys: Vec<&str> = Vec::new();
    for f in &layer.features {
        for k in f.properties.keys() {
            if !keys.contains(&k.as_str()) {
                keys.push(k);
            }
        }
    }
    let (xh, yh) = if crs.is_geographic() {
        ("lon", "lat")
    } else {
        ("x", "y")
    };
    let mut w = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let header: Vec<&str> = [xh, yh].into_iter().chain(keys.iter().copied()).collect();
    let _ = w.write_record(&header);
    for f in &layer.features {
        let g = geometry_in(f, crs);
        let p = match &g {
            Geometry::Point(p) => Some(*p),
            other => other.interior_point(),
        };
        let (x, y) = p.map_or((String::new(), String::new()), |p| {
            (p.x().to_string(), p.y().to_string())
        });
        let mut row = vec![x, y];
        for k in &keys {
            row.push(match f.properties.get(*k) {
                None | Some(Value::Null) => String::new(),
                Some(Value::String(s)) => s.clone(),
                Some(v) => v.to_string(),
            });
        }
        let _ = w.write_record(&row);
    }
    let body = String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default();
    format!("\u{feff}{body}")
}
