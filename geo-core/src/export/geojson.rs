use serde_json::{json, Map, Value};

use super::geometry_in;
use crate::crs::Crs;
use crate::layer::Layer;

/// The layer as a GeoJSON FeatureCollection. In a CRS other than WGS84 the file names it in
/// a `crs` member (the 2008 form GIS tools still read).
pub fn write_geojson(layer: &Layer, crs: &Crs) -> String {
    let features: Vec<Value> = layer
        .features
        .iter()
        .map(|f| {
            let g = geojson::Geometry::from(&geometry_in(f, crs));
            json!({"type": "Feature", "properties": Value::Object(f.properties.clone()), "geometry": g})
        })
        .collect();
    let mut fc = Map::new();
    fc.insert("type".into(), "FeatureCollection".into());
    if *crs != Crs::WGS84 {
        fc.insert(
            "crs".into(),
            json!({"type": "name", "properties": {"name": crs.name()}}),
        );
    }
    fc.insert("features".into(), Value::Array(features));
    serde_json::to_string(&Value::Object(fc)).expect("a JSON value always serialises")
}
