//! **API Boundary:** what crosses `postMessage` between the app and its import worker.
//! Core types stay free of wire concerns; these mirrors are converted by hand and encoded
//! with bincode (compact, and far cheaper to decode on the UI thread than JSON).

use serde::{Deserialize, Serialize};

use crate::crs::Crs;
use crate::import::{read_with_progress, Format, ImportError, ImportOptions, Imported};
use crate::layer::{Feature, Layer, LayerMeta, LayerRole};

/// Options as the import dialog sends them: names, not types.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OptionsDto {
    pub format: Option<String>,
    pub crs: Option<String>,
    pub lon_column: Option<String>,
    pub lat_column: Option<String>,
    /// WGS84 extent of the layers already loaded: an import far from it gets a warning.
    #[serde(default)]
    pub near: Option<[f64; 4]>,
    /// Rebuild self-intersecting polygons.
    #[serde(default)]
    pub repair: bool,
}

/// Beyond this gap (km) from the loaded layers an import is probably in the wrong CRS.
const FAR_KM: f64 = 100.0;

/// Gap in km between two WGS84 boxes (0 when they overlap), on a local flat approximation.
fn gap_km(a: [f64; 4], b: [f64; 4]) -> f64 {
    let dx = (b[0] - a[2]).max(a[0] - b[2]).max(0.0);
    let dy = (b[1] - a[3]).max(a[1] - b[3]).max(0.0);
    let lat = ((a[1] + a[3]) / 2.0).to_radians();
    (dx * 111.32 * lat.cos()).hypot(dy * 110.57)
}

impl OptionsDto {
    /// Resolves names; an unknown CRS name is an error with the reason.
    pub fn to_options(&self) -> Result<ImportOptions, String> {
        Ok(ImportOptions {
            format: self.format.as_deref().and_then(Format::parse),
            crs: self
                .crs
                .as_deref()
                .filter(|c| !c.trim().is_empty())
                .map(Crs::parse)
                .transpose()
                .map_err(|e| e.to_string())?,
            lon_column: self.lon_column.clone().filter(|c| !c.is_empty()),
            lat_column: self.lat_column.clone().filter(|c| !c.is_empty()),
            repair: self.repair,
        })
    }
}

/// What the import dialog shows before the user confirms.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ImportSummary {
    pub file: String,
    pub format: String,
    pub crs: String,
    pub encoding: Option<String>,
    /// Coordinate columns used (tables).
    pub lon_column: Option<String>,
    pub lat_column: Option<String>,
    /// Every column a user could pick as a coordinate (tables).
    pub columns: Vec<String>,
    pub feature_count: usize,
    /// WGS84 extent: min lon, min lat, max lon, max lat.
    pub bbox: Option<[f64; 4]>,
    pub warnings: Vec<String>,
    /// The first features: geometry type and properties as text.
    pub preview: Vec<Vec<(String, String)>>,
}

/// The worker's answer: a summary plus the encoded layer, or an error with the columns a
/// table offers (so the dialog can ask for the coordinate columns).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ImportOutcome {
    Ok {
        summary: Box<ImportSummary>,
        /// The layer's metadata ([`decode_head`]).
        head: Vec<u8>,
        /// The features in pieces of about [`CHUNK_BYTES`] ([`decode_chunk`]). Not part of
        /// the encoded outcome: the worker transfers each as its own buffer, so the page
        /// never copies or decodes a 200 MB layer in one go.
        #[serde(skip)]
        chunks: Vec<Vec<u8>>,
    },
    Failed {
        message: String,
        columns: Vec<String>,
    },
}

#[derive(Serialize, Deserialize)]
struct FeatureDto {
    geometry: geo::Geometry<f64>,
    /// JSON object text: bincode cannot carry `serde_json::Value` (it needs self-describing
    /// input), and text keeps property types exactly.
    properties: String,
}

#[derive(Serialize, Deserialize)]
struct LayerHeadDto {
    id: String,
    name: String,
    role: String,
    name_field: String,
    class_field: Option<String>,
    class_levels: Vec<(String, u8)>,
    fictional: bool,
    source: String,
}

/// Target size of one encoded feature chunk: decoding one takes a few milliseconds in
/// wasm, so the page can add a chunk per task and stay responsive.
pub const CHUNK_BYTES: usize = 1 << 20;

/// A layer encoded for `postMessage`: metadata, then features in chunks.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EncodedLayer {
    pub head: Vec<u8>,
    pub chunks: Vec<Vec<u8>>,
}

/// Encodes a layer in chunks of about `chunk_bytes` (at least one feature each).
pub fn encode_layer_chunked(layer: &Layer, chunk_bytes: usize) -> EncodedLayer {
    let m = &layer.meta;
    let head = LayerHeadDto {
        id: m.id.clone(),
        name: m.name.clone(),
        role: m.role.key().to_string(),
        name_field: m.name_field.clone(),
        class_field: m.class_field.clone(),
        class_levels: m
            .class_levels
            .iter()
            .map(|(k, v)| (k.clone(), *v))
            .collect(),
        fictional: m.fictional,
        source: m.source.clone(),
    };
    let head = bincode::serialize(&head).expect("in-memory bincode encoding does not fail");
    let mut chunks = Vec::new();
    let mut batch: Vec<FeatureDto> = Vec::new();
    let mut size = 0;
    let flush = |batch: &mut Vec<FeatureDto>, chunks: &mut Vec<Vec<u8>>| {
        if !batch.is_empty() {
            chunks.push(
                bincode::serialize(&*batch).expect("in-memory bincode encoding does not fail"),
            );
            batch.clear();
        }
    };
    for f in &layer.features {
        let dto = FeatureDto {
            geometry: f.geometry.clone(),
            properties: serde_json::to_string(&f.properties).unwrap_or_default(),
        };
        // 16 bytes a coordinate plus the property text: close to bincode's size.
        size += geo::CoordsIter::coords_count(&f.geometry) * 16 + dto.properties.len() + 16;
        batch.push(dto);
        if size >= chunk_bytes {
            flush(&mut batch, &mut chunks);
            size = 0;
        }
    }
    flush(&mut batch, &mut chunks);
    EncodedLayer { head, chunks }
}

/// Encodes a layer with the default chunk size.
pub fn encode_layer(layer: &Layer) -> EncodedLayer {
    encode_layer_chunked(layer, CHUNK_BYTES)
}

/// Decodes a layer's metadata; the layer has no features yet.
pub fn decode_head(bytes: &[u8]) -> Result<Layer, String> {
    let dto: LayerHeadDto = bincode::deserialize(bytes).map_err(|e| e.to_string())?;
    let mut meta = LayerMeta::new(
        &dto.id,
        &dto.name,
        LayerRole::from_key(&dto.role).unwrap_or(LayerRole::Sites),
    );
    meta.name_field = dto.name_field;
    meta.class_field = dto.class_field;
    meta.class_levels = dto.class_levels.into_iter().collect();
    meta.fictional = dto.fictional;
    meta.source = dto.source;
    Ok(Layer {
        meta,
        features: Vec::new(),
    })
}

/// Decodes one chunk of features.
pub fn decode_chunk(bytes: &[u8]) -> Result<Vec<Feature>, String> {
    let dtos: Vec<FeatureDto> = bincode::deserialize(bytes).map_err(|e| e.to_string())?;
    Ok(dtos
        .into_iter()
        .map(|f| Feature {
            geometry: f.geometry,
            properties: serde_json::from_str(&f.properties).unwrap_or_default(),
        })
        .collect())
}

/// Decodes a whole [`EncodedLayer`] at once (small layers and tests).
pub fn decode_layer(enc: &EncodedLayer) -> Result<Layer, String> {
    let mut layer = decode_head(&enc.head)?;
    for c in &enc.chunks {
        layer.features.extend(decode_chunk(c)?);
    }
    Ok(layer)
}

fn geometry_type(g: &geo::Geometry<f64>) -> &'static str {
    match g {
        geo::Geometry::Point(_) => "Point",
        geo::Geometry::Line(_) | geo::Geometry::LineString(_) => "LineString",
        geo::Geometry::Polygon(_) | geo::Geometry::Rect(_) | geo::Geometry::Triangle(_) => {
            "Polygon"
        }
        geo::Geometry::MultiPoint(_) => "MultiPoint",
        geo::Geometry::MultiLineString(_) => "MultiLineString",
        geo::Geometry::MultiPolygon(_) => "MultiPolygon",
        geo::Geometry::GeometryCollection(_) => "GeometryCollection",
    }
}

/// Summarises an import for the dialog.
pub fn summarise(file: &str, imp: &Imported) -> ImportSummary {
    let mut columns: Vec<String> = Vec::new();
    if let Some(c) = &imp.columns {
        columns.push(c.lon.clone());
        columns.push(c.lat.clone());
    }
    if let Some(f) = imp.layer.features.first() {
        columns.extend(f.properties.keys().cloned());
    }
    ImportSummary {
        file: file.to_string(),
        format: imp.format.name().to_string(),
        crs: imp.crs.name(),
        encoding: imp.encoding.map(|e| e.name().to_string()),
        lon_column: imp.columns.as_ref().map(|c| c.lon.clone()),
        lat_column: imp.columns.as_ref().map(|c| c.lat.clone()),
        columns,
        feature_count: imp.layer.features.len(),
        bbox: imp
            .layer
            .bbox()
            .map(|r| [r.min().x, r.min().y, r.max().x, r.max().y]),
        warnings: imp
            .warnings
            .iter()
            .take(200)
            .map(ToString::to_string)
            .collect(),
        preview: imp
            .layer
            .features
            .iter()
            .take(5)
            .map(|f| {
                std::iter::once(("几何".to_string(), geometry_type(&f.geometry).to_string()))
                    .chain(
                        f.properties
                            .keys()
                            .map(|k| (k.clone(), f.text(k).unwrap_or_default())),
                    )
                    .collect()
            })
            .collect(),
    }
}

/// The worker's whole job: read, summarise, encode. Never panics on user data.
pub fn run_import(file: &str, bytes: &[u8], options: &OptionsDto) -> ImportOutcome {
    run_import_with_progress(file, bytes, options, &mut |_| {})
}

/// [`run_import`], reporting the parsed fraction (see [`crate::import::read_with_progress`]).
pub fn run_import_with_progress(
    file: &str,
    bytes: &[u8],
    options: &OptionsDto,
    progress: &mut dyn FnMut(f64),
) -> ImportOutcome {
    let opts = match options.to_options() {
        Ok(o) => o,
        Err(message) => {
            return ImportOutcome::Failed {
                message,
                columns: vec![],
            }
        }
    };
    match read_with_progress(file, bytes, &opts, progress) {
        Ok(imp) => {
            let mut summary = summarise(file, &imp);
            if let (Some(near), Some(b)) = (options.near, summary.bbox) {
                let km = gap_km(b, near);
                if km > FAR_KM {
                    summary.warnings.insert(
                        0,
                        format!("{file}: 数据距已加载图层约 {km:.0} km，请检查坐标系 / about {km:.0} km from the other layers: check the CRS"),
                    );
                }
            }
            let EncodedLayer { head, chunks } = encode_layer(&imp.layer);
            ImportOutcome::Ok {
                summary: Box::new(summary),
                head,
                chunks,
            }
        }
        Err(e) => {
            let columns = match &e {
                ImportError::NoCoordinateColumns { headers, .. }
                | ImportError::NoSuchColumn { headers, .. } => headers.clone(),
                _ => vec![],
            };
            ImportOutcome::Failed {
                message: e.to_string(),
                columns,
            }
        }
    }
}

/// Encodes the worker's answer.
pub fn encode_outcome(o: &ImportOutcome) -> Vec<u8> {
    bincode::serialize(o).expect("in-memory bincode encoding does not fail")
}

pub fn decode_outcome(bytes: &[u8]) -> Result<ImportOutcome, String> {
    bincode::deserialize(bytes).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dto_layer_round_trip() {
        let src = r#"{"type":"FeatureCollection","xiantu":{"name":"区","role":"hazard_zones","class_field":"c","class_levels":{"高":3}},
            "features":[{"type":"Feature","properties":{"c":"高","n":1.5,"list":[1,"a"]},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}]}"#;
        let layer = crate::import::read_geojson("z.geojson", src.as_bytes())
            .unwrap()
            .layer;
        let back = decode_layer(&encode_layer(&layer)).unwrap();
        assert_eq!(back, layer);
    }

    #[test]
    fn dto_large_layer_travels_in_chunks_that_decode_in_order() {
        let mut layer = Layer {
            meta: LayerMeta::new("big", "大图层", LayerRole::HazardZones),
            features: Vec::new(),
        };
        layer.meta.class_field = Some("c".into());
        for i in 0..5000 {
            let mut properties = serde_json::Map::new();
            properties.insert("i".into(), i.into());
            properties.insert("pad".into(), "填充".repeat(20).into());
            layer.features.push(Feature {
                geometry: geo::Geometry::Point(geo::Point::new(118.0 + i as f64 * 1e-4, 24.5)),
                properties,
            });
        }
        let enc = encode_layer_chunked(&layer, 64 << 10);
        assert!(enc.chunks.len() >= 5, "{} chunks", enc.chunks.len());
        assert!(enc.chunks.iter().all(|c| c.len() < 80 << 10));
        let mut back = decode_head(&enc.head).unwrap();
        assert!(back.features.is_empty());
        assert_eq!(back.meta, layer.meta);
        for c in &enc.chunks {
            back.features.extend(decode_chunk(c).unwrap());
        }
        assert_eq!(back, layer);
        assert!(decode_chunk(b"\xff\xff\xff\xff\xff\xff\xff\xff").is_err());
    }

    #[test]
    fn dto_run_import_reports_columns_when_missing() {
        let out = run_import(
            "t.csv",
            "编号,X坐标,Y坐标\n1,2,3\n".as_bytes(),
            &OptionsDto::default(),
        );
        match decode_outcome(&encode_outcome(&out)).unwrap() {
            ImportOutcome::Failed { message, columns } => {
                assert!(message.contains("找不到经纬度列"));
                assert_eq!(columns, ["编号", "X坐标", "Y坐标"]);
            }
            other => panic!("{other:?}"),
        }
        let opts = OptionsDto {
            lon_column: Some("X坐标".into()),
            lat_column: Some("Y坐标".into()),
            ..Default::default()
        };
        match run_import("t.csv", "编号,X坐标,Y坐标\n1,118,24\n".as_bytes(), &opts) {
            ImportOutcome::Ok {
                summary,
                head,
                chunks,
            } => {
                assert_eq!(summary.feature_count, 1);
                assert_eq!(summary.format, "CSV");
                assert_eq!(
                    summary.preview[0][0],
                    ("几何".to_string(), "Point".to_string())
                );
                let enc = EncodedLayer { head, chunks };
                assert_eq!(decode_layer(&enc).unwrap().features.len(), 1);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn dto_far_from_loaded_layers_warns() {
        let xiamen = Some([117.9, 24.4, 118.45, 24.8]);
        let near = OptionsDto {
            near: xiamen,
            ..Default::default()
        };
        // Beijing: about 1,700 km away, as when lat/lon or the CRS is wrong.
        match run_import("bj.csv", b"lon,lat\n116.4,39.9\n", &near) {
            ImportOutcome::Ok { summary, .. } => assert!(
                summary.warnings[0].contains("check the CRS"),
                "{:?}",
                summary.warnings
            ),
            other => panic!("{other:?}"),
        }
        match run_import("xm.csv", b"lon,lat\n118.1,24.5\n", &near) {
            ImportOutcome::Ok { summary, .. } => assert!(summary.warnings.is_empty()),
            other => panic!("{other:?}"),
        }
        assert_eq!(gap_km([0.0, 0.0, 1.0, 1.0], [0.5, 0.5, 2.0, 2.0]), 0.0);
    }

    #[test]
    fn dto_unknown_crs_name_fails_cleanly() {
        let opts = OptionsDto {
            crs: Some("Beijing54".into()),
            ..Default::default()
        };
        assert!(matches!(
            run_import("a.csv", b"lon,lat\n1,2\n", &opts),
            ImportOutcome::Failed { .. }
        ));
    }
}
