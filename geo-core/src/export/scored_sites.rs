//! The scored sites as a layer of their own: each site's properties plus its composite
//! index, grade, factors and model version, in the register's order (highest index
//! first), for GIS (GeoJSON) and spreadsheets (CSV).

use serde_json::Value;

use super::{write_csv, write_geojson};
use crate::crs::Crs;
use crate::layer::{Layer, LayerMeta, LayerRole};
use crate::project::Project;
use crate::report::RiskRegister;

/// The properties added to every site; a site's own property of the same name is
/// replaced, since the file states the current result.
pub const SCORE_PROPERTIES: [&str; 4] = ["综合风险指数", "风险等级", "主要因素", "模型版本"];

/// Every site of `register` with its original geometry and properties and the
/// [`SCORE_PROPERTIES`].
pub fn scored_sites_layer(project: &Project, register: &RiskRegister) -> Layer {
    let mut meta = LayerMeta::new("scored-sites", "风险清单", LayerRole::Sites);
    meta.fictional = register.fictional;
    let features = register
        .rows
        .iter()
        .map(|r| {
            let mut f = project.layers[r.layer].features[r.feature].clone();
            let score = serde_json::Number::from_f64((r.score * 10.0).round() / 10.0)
                .map_or(Value::Null, Value::Number);
            let [score_key, grade_key, factors_key, model_key] = SCORE_PROPERTIES;
            f.properties.insert(score_key.into(), score);
            f.properties
                .insert(grade_key.into(), r.grade.zh().to_string().into());
            f.properties
                .insert(factors_key.into(), r.factors_text().into());
            f.properties
                .insert(model_key.into(), register.model_version.clone().into());
            f
        })
        .collect();
    Layer { meta, features }
}

/// The scored sites as CSV: `lon`, `lat` (WGS84; a footprint at its interior point), the
/// site's fields, then the scores; UTF-8 with a BOM so Excel and WPS read the Chinese.
pub fn scored_sites_csv(project: &Project) -> String {
    let register = RiskRegister::from_project(project);
    write_csv(&scored_sites_layer(project, &register), &Crs::WGS84)
}

/// The scored sites as a WGS84 GeoJSON FeatureCollection with their own geometries.
pub fn scored_sites_geojson(project: &Project) -> String {
    let register = RiskRegister::from_project(project);
    write_geojson(&scored_sites_layer(project, &register), &Crs::WGS84)
}
