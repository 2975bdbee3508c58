//! GeoJSON reader (RFC 7946), with Xiantu's optional `"xiantu"` layer metadata.
//!
//! Parsing goes through `serde_json::Value` first so a syntax error reports its line and
//! column, and each feature is converted on its own so one bad feature is a warning, not a
//! lost file.

use std::collections::BTreeMap;

use geo::Geometry;
use serde_json::{Map, Value};

use super::{ImportError, ImportWarning, Imported};
use crate::crs::Crs;
use crate::layer::{Feature, Layer, LayerMeta, LayerRole};

/// Reads a GeoJSON FeatureCollection, Feature or bare Geometry in WGS84 (or the CRS its
/// `crs` member names); see [`super::read`] for other formats and options.
///
/// `file` is the name used in messages and, without its extension, the default layer id.
///
/// # Errors
/// [`ImportError::NotText`], [`ImportError::Syntax`], [`ImportError::NotGeoJson`],
/// [`ImportError::BadMeta`], or [`ImportError::NoUsableFeatures`] when every feature failed.
pub fn read_geojson(file: &str, bytes: &[u8]) -> Result<Imported, ImportError> {
    super::read(
        file,
        bytes,
        &super::ImportOptions {
            format: Some(super::Format::GeoJson),
            ..Default::default()
        },
    )
}

/// What the GeoJSON parser found, coordinates as in the file.
pub(super) struct Parsed {
    pub layer: Layer,
    pub warnings: Vec<ImportWarning>,
    /// The CRS named by a (2008-style) `crs` member.
    pub declared_crs: Option<Crs>,
    /// The file was TopoJSON.
    pub topology: bool,
}

pub(super) fn parse(file: &str, bytes: &[u8]) -> Result<Parsed, ImportError> {
    let text = std::str::from_utf8(bytes).map_err(|e| ImportError::NotText {
        file: file.to_string(),
        offset: e.valid_up_to(),
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let root: Value = serde_json::from_str(text).map_err(|e| ImportError::Syntax {
        file: file.to_string(),
        line: e.line(),
        column: e.column(),
        msg: e.to_string(),
    })?;
    let not_geojson = |msg: &str| ImportError::NotGeoJson {
        file: file.to_string(),
        msg: msg.to_string(),
    };
    let obj = root
        .as_object()
        .ok_or_else(|| not_geojson("顶层不是对象 / top level is not an object"))?;
    // Layer metadata reads the same for GeoJSON and TopoJSON.
    let stem = file.rsplit('/').next().unwrap_or(file);
    let stem = stem.split('.').next().unwrap_or(stem);
    let meta = match obj.get("xiantu") {
        Some(m) => parse_meta(file, stem, m)?,
        None => LayerMeta::new(stem, stem, LayerRole::Sites),
    };
    if super::topojson::is_topology(&root) {
        let t = super::topojson::read(file, &root)?;
        let layer = Layer {
            meta,
            features: t.features,
        };
        return Ok(Parsed {
            layer,
            warnings: t.warnings,
            declared_crs: None,
            topology: true,
        });
    }
    let kind = obj
        .get("type")
        .and_then(Value::as_str)
        .ok_or_else(|| not_geojson("缺少 \"type\" / missing \"type\""))?;

    let raw_features: Vec<&Value> = match kind {
        "FeatureCollection" => obj
            .get("features")
            .and_then(Value::as_array)
            .ok_or_else(|| {
                not_geojson("FeatureCollection 缺少 \"features\" 数组 / missing \"features\" array")
            })?
            .iter()
            .collect(),
        "Feature" => vec![&root],
        _ => vec![],
    };
    let mut features = Vec::new();
    let mut warnings = Vec::new();
    let mut warn = |feature: usize, msg: String| {
        warnings.push(ImportWarning {
            file: file.to_string(),
            feature,
            row: None,
            msg,
        })
    };
    if raw_features.is_empty() && kind != "FeatureCollection" {
        // A bare geometry is a one-feature layer.
        match to_geometry(&root) {
            Ok(geometry) => features.push(Feature {
                geometry,
                properties: Map::new(),
            }),
            Err(msg) => {
                return Err(not_geojson(&format!(
                    "未知类型 / unknown type \"{kind}\": {msg}"
                )))
            }
        }
    }
    for (i, raw) in raw_features.into_iter().enumerate() {
        match to_feature(raw) {
            Ok(Some(f)) => features.push(f),
            Ok(None) => warn(i, "没有几何，已跳过 / no geometry, skipped".to_string()),
            Err(msg) => warn(i, msg),
        }
    }
    if features.is_empty() && !warnings.is_empty() {
        return Err(ImportError::NoUsableFeatures {
            file: file.to_string(),
            first: warnings.into_iter().next(),
        });
    }
    let declared_crs = match obj.get("crs") {
        None | Some(Value::Null) => None,
        Some(c) => {
            let name = c
                .pointer("/properties/name")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let crs = Crs::parse(name).map_err(|e| ImportError::Crs {
                file: file.to_string(),
                msg: format!("\"crs\": {e}"),
            })?;
            Some(crs)
        }
    };
    Ok(Parsed {
        layer: Layer { meta, features },
        warnings,
        declared_crs,
        topology: false,
    })
}

fn to_feature(raw: &Value) -> Result<Option<Feature>, String> {
    let obj = raw
        .as_object()
        .ok_or("要素不是对象 / feature is not an object")?;
    if obj.get("type").and_then(Value::as_str) != Some("Feature") {
        return Err("\"type\" 不是 \"Feature\" / \"type\" is not \"Feature\"".to_string());
    }
    let properties = match obj.get("properties") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(m)) => m.clone(),
        Some(_) => return Err("\"properties\" 不是对象 / \"properties\" is not an object".into()),
    };
    match obj.get("geometry") {
        None | Some(Value::Null) => Ok(None),
        Some(g) => Ok(Some(Feature {
            geometry: to_geometry(g)?,
            properties,
        })),
    }
}

/// True when `v` nests arrays `depth` levels deep down to positions of at least two
/// numbers. The geojson crate accepts `[5]` or `[]` as a position but its geo-types
/// conversion then indexes past the end, so shapes are checked first (found by fuzzing).
/// Empty arrays above position level are empty geometries, dropped later with a warning.
fn positions_ok(v: &Value, depth: usize) -> bool {
    match (v, depth) {
        (Value::Array(p), 0) => p.len() >= 2 && p.iter().all(Value::is_number),
        (Value::Array(items), d) => items.iter().all(|i| positions_ok(i, d - 1)),
        _ => false,
    }
}

fn geometry_positions_ok(g: &Value) -> bool {
    if let Some(gs) = g.get("geometries").and_then(Value::as_array) {
        return gs.iter().all(geometry_positions_ok);
    }
    let depth = match g.get("type").and_then(Value::as_str) {
        Some("Point") => 0,
        Some("MultiPoint" | "LineString") => 1,
        Some("MultiLineString" | "Polygon") => 2,
        Some("MultiPolygon") => 3,
        // Unknown types are refused by the geojson crate with its own message.
        _ => return true,
    };
    g.get("coordinates").is_none_or(|c| positions_ok(c, depth))
}

fn to_geometry(raw: &Value) -> Result<Geometry<f64>, String> {
    if !geometry_positions_ok(raw) {
        return Err("坐标位置少于两个数值 / a position has fewer than two numbers".into());
    }
    let g = <geojson::Geometry as serde::Deserialize>::deserialize(raw)
        .map_err(|e| format!("几何无效 / invalid geometry: {e}"))?;
    let geometry = Geometry::<f64>::try_from(&g.value)
        .map_err(|e| format!("几何无效 / invalid geometry: {e}"))?;
    if has_non_finite(&geometry) {
        return Err("坐标含 NaN 或无穷大 / coordinate is NaN or infinite".into());
    }
    Ok(geometry)
}

fn has_non_finite(g: &Geometry<f64>) -> bool {
    use geo::CoordsIter;
    g.coords_iter()
        .any(|c| !c.x.is_finite() || !c.y.is_finite())
}

fn parse_meta(file: &str, stem: &str, raw: &Value) -> Result<LayerMeta, ImportError> {
    let bad = |msg: String| ImportError::BadMeta {
        file: file.to_string(),
        msg,
    };
    let obj = raw
        .as_object()
        .ok_or_else(|| bad("不是对象 / not an object".into()))?;
    let s = |key: &str| obj.get(key).and_then(Value::as_str).map(str::to_string);
    let role = match s("role") {
        None => LayerRole::Sites,
        Some(r) => LayerRole::from_key(&r)
            .ok_or_else(|| bad(format!("未知角色 / unknown role \"{r}\"")))?,
    };
    let mut meta = LayerMeta::new(
        &s("id").unwrap_or_else(|| stem.to_string()),
        &s("name").unwrap_or_else(|| stem.to_string()),
        role,
    );
    if let Some(n) = s("name_field") {
        meta.name_field = n;
    }
    meta.class_field = s("class_field");
    meta.fictional = obj
        .get("fictional")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    meta.source = s("source").unwrap_or_default();
    if let Some(levels) = obj.get("class_levels") {
        let levels = levels
            .as_object()
            .ok_or_else(|| bad("class_levels 不是对象 / class_levels is not an object".into()))?;
        let mut map = BTreeMap::new();
        for (label, level) in levels {
            let level = level.as_u64().filter(|l| *l <= 3).ok_or_else(|| {
                bad(format!(
                    "等级 \"{label}\" 须为 0–3 / level of \"{label}\" must be 0–3"
                ))
            })?;
            map.insert(label.clone(), level as u8);
        }
        meta.class_levels = map;
    }
    if role == LayerRole::HazardZones && meta.class_field.is_none() {
        return Err(bad(
            "危险区图层须有 class_field / hazard-zone layer needs class_field".into(),
        ));
    }
    Ok(meta)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn geojson_reads_collection_with_meta() {
        let src = br#"{"type":"FeatureCollection","xiantu":{"name":"Surge","role":"hazard_zones",
            "class_field":"cls","class_levels":{"high":3,"low":1}},
            "features":[{"type":"Feature","properties":{"cls":"high"},
            "geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}]}"#;
        let imp = read_geojson("surge.geojson", src).unwrap();
        assert_eq!(imp.layer.meta.id, "surge");
        assert_eq!(imp.layer.meta.role, LayerRole::HazardZones);
        assert_eq!(imp.layer.meta.level_of("high"), 3);
        assert_eq!(imp.layer.meta.level_of("unknown"), 0);
        assert_eq!(imp.layer.features.len(), 1);
        assert!(imp.warnings.is_empty());
    }

    #[test]
    fn geojson_syntax_error_names_file_and_line() {
        let err = read_geojson(
            "bad.geojson",
            b"{\n \"type\": \"FeatureCollection\",\n oops }",
        )
        .unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("bad.geojson: 第 3 行"), "{msg}");
        assert!(msg.contains("line 3"), "{msg}");
    }

    #[test]
    fn geojson_bad_feature_is_skipped_with_warning() {
        let src = br#"{"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1,2]}},
            {"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":"x"}}]}"#;
        let imp = read_geojson("pts.geojson", src).unwrap();
        assert_eq!(imp.layer.features.len(), 1);
        assert_eq!(imp.warnings.len(), 1);
        assert_eq!(imp.warnings[0].feature, 1);
        assert!(imp.warnings[0]
            .to_string()
            .starts_with("pts.geojson: 第 2 个要素"));
    }

    #[test]
    fn geojson_all_features_bad_is_an_error() {
        let src = br#"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point"}}]}"#;
        let err = read_geojson("x.geojson", src).unwrap_err();
        assert!(matches!(err, ImportError::NoUsableFeatures { .. }), "{err}");
    }

    #[test]
    fn geojson_not_utf8_reports_offset() {
        let err = read_geojson("gbk.geojson", &[b'{', 0xc4, 0xe3]).unwrap_err();
        assert_eq!(
            err,
            ImportError::NotText {
                file: "gbk.geojson".into(),
                offset: 1
            }
        );
    }

    #[test]
    fn geojson_short_position_is_a_warning_not_a_panic() {
        // Found by fuzzing: the geojson crate's conversion indexed past a 1-number position.
        let src = br#"{"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{},"geometry":{"type":"MultiPoint","coordinates":[[5]]}},
            {"type":"Feature","properties":{},"geometry":{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[1]}]}},
            {"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[]}},
            {"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[],[0,0]]]}},
            {"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1,2]}}]}"#;
        let imp = read_geojson("short.geojson", src).unwrap();
        assert_eq!(imp.layer.features.len(), 1);
        assert_eq!(imp.warnings.len(), 4);
        assert!(imp.warnings[0].msg.contains("fewer than two numbers"));
    }

    #[test]
    fn geojson_bare_geometry_is_one_feature() {
        let imp =
            read_geojson("p.json", br#"{"type":"Point","coordinates":[118.1,24.5]}"#).unwrap();
        assert_eq!(imp.layer.features.len(), 1);
    }

    #[test]
    fn geojson_unknown_role_is_bad_meta() {
        let src = br#"{"type":"FeatureCollection","xiantu":{"role":"rivers"},"features":[]}"#;
        assert!(matches!(
            read_geojson("r.geojson", src),
            Err(ImportError::BadMeta { .. })
        ));
    }
}
