//! KML (Google Earth, 奥维互动地图) and KMZ (zipped KML). Placemarks with Point,
//! LineString, Polygon and MultiGeometry; name, description, ExtendedData `<Data>` and
//! `<SchemaData>` become properties.
//!
//! Written on quick-xml rather than the `kml` crate because that crate leaves ExtendedData
//! as untyped child elements and keeps no line numbers; this reader reports the line of a
//! bad coordinate and bounds nesting depth.

use geo::{
    Coord, Geometry, GeometryCollection, LineString, MultiLineString, MultiPoint, MultiPolygon,
    Point, Polygon,
};
use quick_xml::events::Event;
use quick_xml::Reader;
use serde_json::{Map, Value};

use super::{archive, text, ImportError, ImportWarning};
use crate::layer::Feature;

/// Deeper nesting than this is hostile, not a map.
const MAX_DEPTH: usize = 256;

pub(super) struct KmlRead {
    pub features: Vec<Feature>,
    pub warnings: Vec<ImportWarning>,
    /// The Document's `<name>`, for the layer name.
    pub name: Option<String>,
}

/// Reads a KMZ: the first `.kml` entry (normally `doc.kml`).
pub(super) fn read_kmz(file: &str, bytes: &[u8]) -> Result<KmlRead, ImportError> {
    archive::check(file, bytes, "KMZ")?;
    let mut zip = archive::open(file, bytes, "KMZ")?;
    let names = archive::names(&zip);
    let kml = names
        .iter()
        .find(|n| n.eq_ignore_ascii_case("doc.kml"))
        .or_else(|| {
            names
                .iter()
                .find(|n| n.to_ascii_lowercase().ends_with(".kml"))
        })
        .cloned()
        .ok_or_else(|| ImportError::Malformed {
            file: file.to_string(),
            format: "KMZ",
            msg: "没有 .kml 文件 / no .kml inside".into(),
        })?;
    let doc = archive::read_entry(file, &mut zip, &kml, "KMZ")?;
    read_kml(&format!("{file}/{kml}"), &doc)
}

#[derive(Default)]
struct Placemark {
    index: usize,
    line: usize,
    props: Map<String, Value>,
    /// Finished geometries of this placemark (MultiGeometry children accumulate here).
    geoms: Vec<Geometry<f64>>,
    /// Rings of the polygon being read: outer first.
    rings: Vec<LineString<f64>>,
    error: Option<String>,
}

pub(super) fn read_kml(file: &str, bytes: &[u8]) -> Result<KmlRead, ImportError> {
    let (src, _) = text::decode(bytes);
    let mut reader = Reader::from_str(&src);
    // No trimming here: it would eat the spaces around entity references ("a &amp; b").
    reader.config_mut().trim_text(false);
    let mut stack: Vec<String> = Vec::new();
    let mut text_buf = String::new();
    let mut current: Option<Placemark> = None;
    let mut data_name: Option<String> = None;
    let mut doc_name = None;
    let mut count = 0usize;
    let mut features = Vec::new();
    let mut warnings = Vec::new();
    let line_at = |pos: u64| {
        src.as_bytes()[..(pos as usize).min(src.len())]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1
    };

    loop {
        let event = reader.read_event().map_err(|e| {
            let line = line_at(reader.error_position());
            ImportError::Malformed {
                file: file.to_string(),
                format: "KML",
                msg: format!("第 {line} 行 / line {line}: {e}"),
            }
        })?;
        match event {
            Event::Start(e) => {
                let name = e.local_name().as_ref().to_string();
                if stack.len() >= MAX_DEPTH {
                    return Err(ImportError::TooLarge {
                        file: file.to_string(),
                        msg: format!(
                            "XML 嵌套超过 {MAX_DEPTH} 层 / nesting deeper than {MAX_DEPTH}"
                        ),
                    });
                }
                match name.as_str() {
                    "Placemark" => {
                        current = Some(Placemark {
                            index: count,
                            line: line_at(reader.buffer_position()),
                            ..Default::default()
                        });
                        count += 1;
                    }
                    "Data" | "SimpleData" => {
                        data_name = e.try_get_attribute("name").ok().flatten().and_then(|a| {
                            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                .ok()
                                .map(|v| v.into_owned())
                        });
                    }
                    _ => {}
                }
                text_buf.clear();
                stack.push(name);
            }
            Event::Empty(e) if e.local_name().as_ref() == "Placemark" => count += 1,
            Event::Text(t) => text_buf.push_str(&t.xml10_content()),
            Event::CData(t) => text_buf.push_str(t.as_ref()),
            Event::GeneralRef(r) => match r.resolve_char_ref() {
                Ok(Some(c)) => text_buf.push(c),
                _ => {
                    let name = r.xml10_content();
                    text_buf.push_str(
                        quick_xml::escape::resolve_predefined_entity(&name).unwrap_or(""),
                    );
                }
            },
            Event::End(_) => {
                let Some(name) = stack.pop() else { continue };
                let parent = stack.last().map(String::as_str).unwrap_or("");
                let value = std::mem::take(&mut text_buf);
                let line = line_at(reader.buffer_position());
                if name == "name" && parent == "Document" && doc_name.is_none() {
                    doc_name = Some(value.trim().to_string());
                }
                let Some(pm) = current.as_mut() else { continue };
                match (name.as_str(), parent) {
                    ("name", "Placemark") | ("description", "Placemark") => {
                        pm.props.insert(name.clone(), Value::String(value.trim().to_string()));
                    }
                    ("value", "Data") => {
                        if let Some(k) = data_name.take() {
                            pm.props.insert(k, Value::String(value.trim().to_string()));
                        }
                    }
                    ("SimpleData", _) => {
                        if let Some(k) = data_name.take() {
                            pm.props.insert(k, Value::String(value.trim().to_string()));
                        }
                    }
                    ("coordinates", p) => match parse_coordinates(&value) {
                        Err(msg) => pm.error = Some(format!("第 {line} 行 / line {line}: {msg}")),
                        Ok(coords) => match p {
                            "Point" => match coords.first() {
                                Some(c) => pm.geoms.push(Geometry::Point(Point(*c))),
                                None => pm.error = Some(format!("第 {line} 行 / line {line}: 点没有坐标 / point without coordinates")),
                            },
                            "LineString" => pm.geoms.push(Geometry::LineString(LineString(coords))),
                            "LinearRing" => pm.rings.push(LineString(coords)),
                            _ => {}
                        },
                    },
                    ("Polygon", _) => {
                        let mut rings = std::mem::take(&mut pm.rings).into_iter();
                        match rings.next() {
                            Some(outer) => pm.geoms.push(Geometry::Polygon(Polygon::new(outer, rings.collect()))),
                            None => pm.error = Some(format!("第 {line} 行 / line {line}: 多边形没有外环 / polygon without outer ring")),
                        }
                    }
                    ("Placemark", _) => {
                        let pm = current.take().expect("inside a Placemark");
                        let warn = |msg: String| ImportWarning { file: file.to_string(), feature: pm.index, row: None, msg };
                        if let Some(e) = pm.error {
                            warnings.push(warn(e));
                        } else if let Some(geometry) = combine(pm.geoms) {
                            features.push(Feature { geometry, properties: pm.props });
                        } else {
                            warnings.push(warn(format!("第 {} 行起的地标没有几何，已跳过 / placemark at line {} has no geometry, skipped", pm.line, pm.line)));
                        }
                    }
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(KmlRead {
        features,
        warnings,
        name: doc_name.filter(|n| !n.is_empty()),
    })
}

/// "lon,lat[,alt] lon,lat[,alt] …"
fn parse_coordinates(s: &str) -> Result<Vec<Coord<f64>>, String> {
    s.split_whitespace()
        .map(|tuple| {
            let mut it = tuple.split(',').map(|v| v.trim().parse::<f64>());
            match (it.next(), it.next()) {
                (Some(Ok(x)), Some(Ok(y))) if x.is_finite() && y.is_finite() => Ok(Coord { x, y }),
                _ => Err(format!(
                    "坐标 \"{tuple}\" 无效 / invalid coordinate \"{tuple}\""
                )),
            }
        })
        .collect()
}

/// One geometry for a placemark: a single one as it is, several of one kind as a Multi*,
/// mixed kinds as a collection.
fn combine(mut geoms: Vec<Geometry<f64>>) -> Option<Geometry<f64>> {
    match geoms.len() {
        0 => None,
        1 => geoms.pop(),
        _ if geoms.iter().all(|g| matches!(g, Geometry::Point(_))) => {
            Some(Geometry::MultiPoint(MultiPoint(
                geoms
                    .into_iter()
                    .filter_map(|g| {
                        if let Geometry::Point(p) = g {
                            Some(p)
                        } else {
                            None
                        }
                    })
                    .collect(),
            )))
        }
        _ if geoms.iter().all(|g| matches!(g, Geometry::LineString(_))) => {
            Some(Geometry::MultiLineString(MultiLineString(
                geoms
                    .into_iter()
                    .filter_map(|g| {
                        if let Geometry::LineString(l) = g {
                            Some(l)
                        } else {
                            None
                        }
                    })
                    .collect(),
            )))
        }
        _ if geoms.iter().all(|g| matches!(g, Geometry::Polygon(_))) => {
            Some(Geometry::MultiPolygon(MultiPolygon(
                geoms
                    .into_iter()
                    .filter_map(|g| {
                        if let Geometry::Polygon(p) = g {
                            Some(p)
                        } else {
                            None
                        }
                    })
                    .collect(),
            )))
        }
        _ => Some(Geometry::GeometryCollection(GeometryCollection(geoms))),
    }
}
