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

/// One feature's text above this is skipped unparsed with a warning: a `Value` tree takes
/// several times its text in memory, so a hostile or broken 500 MB "feature" would
/// otherwise exhaust the worker's wasm memory. Real features (a coastline, a district)
/// stay far below it.
pub(crate) const MAX_FEATURE_BYTES: usize = 64 << 20;

/// Parses a GeoJSON or TopoJSON document. `progress` gets the fraction of the text read
/// (a FeatureCollection reports as its features stream past).
pub(super) fn parse(
    file: &str,
    bytes: &[u8],
    progress: &mut dyn FnMut(f64),
) -> Result<Parsed, ImportError> {
    let text = std::str::from_utf8(bytes).map_err(|e| ImportError::NotText {
        file: file.to_string(),
        offset: e.valid_up_to(),
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let not_geojson = |msg: &str| ImportError::NotGeoJson {
        file: file.to_string(),
        msg: msg.to_string(),
    };
    if text.trim_start().chars().next().is_some_and(|c| c != '{') {
        return Err(not_geojson("顶层不是对象 / top level is not an object"));
    }
    let syntax = |e: serde_json::Error| ImportError::Syntax {
        file: file.to_string(),
        line: e.line(),
        column: e.column(),
        msg: e.to_string(),
    };
    let mut de = serde_json::Deserializer::from_str(text);
    let streamed = serde::de::DeserializeSeed::deserialize(
        stream::Root {
            base: text.as_ptr() as usize,
            total: text.len().max(1),
            progress,
        },
        &mut de,
    )
    .map_err(syntax)?;
    de.end().map_err(syntax)?;
    let stream::Streamed {
        members,
        features: streamed_features,
    } = streamed;
    let root = Value::Object(members);
    let obj = root.as_object().expect("built as an object");
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
        .ok_or_else(|| not_geojson("缺少 \"type\" / missing \"type\""))?
        .to_string();
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
    let mut warnings = Vec::new();
    let mut warn = |feature: usize, msg: String| {
        warnings.push(ImportWarning {
            file: file.to_string(),
            feature,
            row: None,
            msg,
        })
    };
    let features = match kind.as_str() {
        "FeatureCollection" => {
            let stream::Features { features, skipped } = match streamed_features {
                Some(Ok(f)) => f,
                _ => {
                    return Err(not_geojson(
                        "FeatureCollection 缺少 \"features\" 数组 / missing \"features\" array",
                    ))
                }
            };
            for (i, msg) in skipped {
                warn(i, msg);
            }
            features
        }
        "Feature" => match to_feature(root) {
            Ok(Some(f)) => vec![f],
            Ok(None) => {
                warn(0, "没有几何，已跳过 / no geometry, skipped".to_string());
                vec![]
            }
            Err(msg) => {
                warn(0, msg);
                vec![]
            }
        },
        // A bare geometry is a one-feature layer.
        _ => match to_geometry(&root) {
            Ok(geometry) => vec![Feature {
                geometry,
                properties: Map::new(),
            }],
            Err(msg) => {
                return Err(not_geojson(&format!(
                    "未知类型 / unknown type \"{kind}\": {msg}"
                )))
            }
        },
    };
    if features.is_empty() && !warnings.is_empty() {
        return Err(ImportError::NoUsableFeatures {
            file: file.to_string(),
            first: warnings.into_iter().next(),
        });
    }
    progress(1.0);
    Ok(Parsed {
        layer: Layer { meta, features },
        warnings,
        declared_crs,
        topology: false,
    })
}

/// Streaming over the top-level object so a 200 MB FeatureCollection never exists as one
/// `Value` tree: each feature is parsed, converted and dropped as the parser passes it.
mod stream {
    use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
    use serde::Deserialize;
    use serde_json::value::RawValue;
    use serde_json::{Map, Value};
    use std::fmt;

    use crate::layer::Feature;

    pub struct Streamed {
        /// Every top-level member except a "features" array.
        pub members: Map<String, Value>,
        /// The "features" member: converted features, or its value when it is not an array.
        pub features: Option<Result<Features, Value>>,
    }

    pub struct Features {
        pub features: Vec<Feature>,
        /// (feature index, reason) of each feature left out.
        pub skipped: Vec<(usize, String)>,
    }

    pub struct Root<'p> {
        pub base: usize,
        pub total: usize,
        pub progress: &'p mut dyn FnMut(f64),
    }

    impl<'de> DeserializeSeed<'de> for Root<'_> {
        type Value = Streamed;
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Streamed, D::Error> {
            d.deserialize_map(self)
        }
    }

    impl<'de> Visitor<'de> for Root<'_> {
        type Value = Streamed;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a GeoJSON object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Streamed, A::Error> {
            let mut out = Streamed {
                members: Map::new(),
                features: None,
            };
            while let Some(key) = map.next_key::<String>()? {
                if key == "features" {
                    out.features = Some(map.next_value_seed(FeatureList {
                        base: self.base,
                        total: self.total,
                        progress: &mut *self.progress,
                    })?);
                } else {
                    let v: Value = map.next_value()?;
                    out.members.insert(key, v);
                }
            }
            Ok(out)
        }
    }

    struct FeatureList<'p> {
        base: usize,
        total: usize,
        progress: &'p mut dyn FnMut(f64),
    }

    impl<'de> DeserializeSeed<'de> for FeatureList<'_> {
        type Value = Result<Features, Value>;
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(self)
        }
    }

    /// Any JSON value that is not an array is kept whole, for the error message.
    macro_rules! keep {
        ($name:ident, $t:ty, $wrap:expr) => {
            fn $name<E: serde::de::Error>(self, v: $t) -> Result<Self::Value, E> {
                Ok(Err($wrap(v)))
            }
        };
    }

    impl<'de> Visitor<'de> for FeatureList<'_> {
        type Value = Result<Features, Value>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a \"features\" array")
        }
        keep!(visit_bool, bool, Value::Bool);
        keep!(visit_i64, i64, Value::from);
        keep!(visit_u64, u64, Value::from);
        keep!(visit_f64, f64, Value::from);
        keep!(visit_str, &str, Value::from);
        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(Err(Value::Null))
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
            Value::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(Err)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut out = Features {
                features: Vec::new(),
                skipped: Vec::new(),
            };
            let mut reported = 0.0;
            let mut i = 0;
            // The raw text is checked for syntax here (errors keep the file's line and
            // column); only then is the one feature parsed into a `Value`.
            while let Some(raw) = seq.next_element::<&'de RawValue>()? {
                let text = raw.get();
                if text.len() > super::MAX_FEATURE_BYTES {
                    out.skipped.push((
                        i,
                        format!(
                            "要素过大（{} MB，上限 {} MB），已跳过 / feature too large ({} MB, limit {} MB), skipped",
                            text.len() >> 20,
                            super::MAX_FEATURE_BYTES >> 20,
                            text.len() >> 20,
                            super::MAX_FEATURE_BYTES >> 20
                        ),
                    ));
                } else {
                    match serde_json::from_str::<Value>(text)
                        .map_err(|e| format!("要素无效 / invalid feature: {e}"))
                        .and_then(super::to_feature)
                    {
                        Ok(Some(f)) => out.features.push(f),
                        Ok(None) => out
                            .skipped
                            .push((i, "没有几何，已跳过 / no geometry, skipped".to_string())),
                        Err(msg) => out.skipped.push((i, msg)),
                    }
                }
                i += 1;
                let done = (text.as_ptr() as usize + text.len()).saturating_sub(self.base) as f64
                    / self.total as f64;
                if done - reported >= 0.01 {
                    reported = done;
                    (self.progress)(done);
                }
            }
            Ok(Ok(out))
        }
    }
}

fn to_feature(raw: Value) -> Result<Option<Feature>, String> {
    let Value::Object(mut obj) = raw else {
        return Err("要素不是对象 / feature is not an object".into());
    };
    if obj.get("type").and_then(Value::as_str) != Some("Feature") {
        return Err("\"type\" 不是 \"Feature\" / \"type\" is not \"Feature\"".to_string());
    }
    let properties = match obj.remove("properties") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(m)) => m,
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

    #[test]
    fn geojson_progress_rises_per_feature_and_ends_at_one() {
        let feature = r#"{"type":"Feature","properties":{"n":1},"geometry":{"type":"Point","coordinates":[118.1,24.5]}}"#;
        let src = format!(
            r#"{{"type":"FeatureCollection","features":[{}]}}"#,
            vec![feature; 1000].join(",")
        );
        let mut seen = Vec::new();
        let imp = super::super::read_with_progress(
            "p.geojson",
            src.as_bytes(),
            &Default::default(),
            &mut |f| seen.push(f),
        )
        .unwrap();
        assert_eq!(imp.layer.features.len(), 1000);
        assert!(seen.len() >= 50, "{} reports", seen.len());
        assert!(seen.windows(2).all(|w| w[0] <= w[1]), "{seen:?}");
        assert_eq!(*seen.last().unwrap(), 1.0);
    }

    #[test]
    fn geojson_gigantic_feature_is_skipped_unparsed() {
        let big = format!(
            r#"{{"type":"Feature","properties":{{"pad":"{}"}},"geometry":{{"type":"Point","coordinates":[1,2]}}}}"#,
            "x".repeat(MAX_FEATURE_BYTES)
        );
        let small = r#"{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[118,24]}}"#;
        let src = format!(r#"{{"type":"FeatureCollection","features":[{small},{big},{small}]}}"#);
        let imp = read_geojson("huge.geojson", src.as_bytes()).unwrap();
        assert_eq!(imp.layer.features.len(), 2);
        assert_eq!(imp.warnings.len(), 1);
        assert_eq!(imp.warnings[0].feature, 1);
        assert!(
            imp.warnings[0]
                .to_string()
                .contains("feature too large (64 MB, limit 64 MB)"),
            "{}",
            imp.warnings[0]
        );
    }

    #[test]
    fn geojson_features_before_type_and_foreign_members_still_read() {
        let src = br#"{"features":[{"type":"Feature","properties":{"a":[1,{"b":null}]},"geometry":{"type":"Point","coordinates":[1,2]}}],
            "foreign":{"features":"not ours"},"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:4326"}}}"#;
        let imp = read_geojson("order.geojson", src).unwrap();
        assert_eq!(imp.layer.features.len(), 1);
        assert_eq!(imp.layer.features[0].properties["a"][1]["b"], Value::Null);
        let not_array = br#"{"type":"FeatureCollection","features":{"x":1}}"#;
        let err = read_geojson("na.geojson", not_array)
            .unwrap_err()
            .to_string();
        assert!(err.contains("missing \"features\" array"), "{err}");
        let err = read_geojson("arr.geojson", b" [1,2]")
            .unwrap_err()
            .to_string();
        assert!(err.contains("top level is not an object"), "{err}");
        let err = read_geojson(
            "late.geojson",
            b"{\"type\":\"FeatureCollection\",\"features\":[\n{\"type\":\"Feature\",]}",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("line 2"), "{err}");
    }
}
