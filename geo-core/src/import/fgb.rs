//! FlatGeobuf, for large layers: a binary format read feature by feature. The header's CRS
//! (an EPSG code) is honoured.

use std::io::Cursor;

use flatgeobuf::{
    ColumnType, FallibleStreamingIterator, FeatureProperties, FgbReader, GeometryType,
};
use geo::{
    Coord, Geometry, GeometryCollection, LineString, MultiLineString, MultiPoint, MultiPolygon,
    Point, Polygon,
};
use geozero::{ColumnValue, PropertyProcessor};
use serde_json::{Map, Number, Value};

use super::{ImportError, ImportWarning};
use crate::crs::Crs;
use crate::layer::Feature;

pub(super) struct FgbRead {
    pub features: Vec<Feature>,
    pub warnings: Vec<ImportWarning>,
    pub crs: Option<Crs>,
}

/// Collects one feature's properties with their types.
struct Props(Map<String, Value>);

impl PropertyProcessor for Props {
    fn property(&mut self, _i: usize, name: &str, v: &ColumnValue) -> geozero::error::Result<bool> {
        let num = |f: f64| Number::from_f64(f).map_or(Value::Null, Value::Number);
        let value = match v {
            ColumnValue::Byte(x) => Value::from(*x),
            ColumnValue::UByte(x) => Value::from(*x),
            ColumnValue::Bool(x) => Value::from(*x),
            ColumnValue::Short(x) => Value::from(*x),
            ColumnValue::UShort(x) => Value::from(*x),
            ColumnValue::Int(x) => Value::from(*x),
            ColumnValue::UInt(x) => Value::from(*x),
            ColumnValue::Long(x) => Value::from(*x),
            ColumnValue::ULong(x) => Value::from(*x),
            ColumnValue::Float(x) => num(*x as f64),
            ColumnValue::Double(x) => num(*x),
            ColumnValue::String(s) | ColumnValue::DateTime(s) => Value::from(*s),
            ColumnValue::Json(s) => serde_json::from_str(s).unwrap_or_else(|_| Value::from(*s)),
            ColumnValue::Binary(b) => Value::from(format!("<{} bytes>", b.len())),
        };
        self.0.insert(name.to_string(), value);
        Ok(false)
    }
}

/// Walks the size prefixes of the index and every feature before the crate reads them: it
/// allocates each feature's declared size up front, so a lying size (found by fuzzing: a
/// 3.4 GB allocation from a 456-byte file) must be refused here.
fn check_sizes(bytes: &[u8], count: u64, node_size: u16) -> Result<(), String> {
    let len = bytes.len();
    let header = u32::from_le_bytes(
        bytes
            .get(8..12)
            .ok_or("文件过短 / file too short")?
            .try_into()
            .map_err(|_| "文件过短 / file too short")?,
    ) as usize;
    let mut pos = 12usize.saturating_add(header);
    if node_size > 0 && count > 0 {
        if node_size < 2 || count > len as u64 {
            return Err(format!(
                "索引参数不合理 / implausible index ({count} features, node size {node_size})"
            ));
        }
        pos = pos.saturating_add(flatgeobuf::packed_r_tree::PackedRTree::index_size(
            count as usize,
            node_size,
        ));
    }
    let mut n = 0u64;
    while pos < len {
        let size = bytes
            .get(pos..pos + 4)
            .ok_or("要素长度被截断 / truncated feature size")?;
        let size = u32::from_le_bytes([size[0], size[1], size[2], size[3]]) as usize;
        if pos.saturating_add(4).saturating_add(size) > len {
            return Err(format!("第 {} 个要素声明 {size} 字节，超出文件 / feature {n} declares {size} bytes, past the end of the file", n + 1));
        }
        pos += 4 + size;
        n += 1;
    }
    if pos > len {
        return Err("索引超出文件 / the index runs past the end of the file".into());
    }
    Ok(())
}

/// Splits coordinates at ring/part ends, checking each end lies within the coordinates.
fn split(coords: Vec<Coord<f64>>, ends: &[u32]) -> Result<Vec<LineString<f64>>, String> {
    if ends.is_empty() {
        return Ok(vec![LineString(coords)]);
    }
    let mut out = Vec::with_capacity(ends.len());
    let mut start = 0usize;
    for &e in ends {
        let e = e as usize;
        if e < start || e > coords.len() {
            return Err("环的终点索引越界 / ring end index out of range".into());
        }
        out.push(LineString(coords[start..e].to_vec()));
        start = e;
    }
    Ok(out)
}

/// Decodes one FlatGeobuf geometry with every index checked. The crate's own geometry
/// reader trusts `ends` and `xy` lengths and panics on malformed data (found by fuzzing),
/// so the common types are read here; curve types are reported as unsupported.
fn decode_geometry(
    g: &flatgeobuf::Geometry<'_>,
    header_type: GeometryType,
    depth: usize,
) -> Result<Geometry<f64>, String> {
    if depth > 32 {
        return Err("几何嵌套过深 / geometry nested too deeply".into());
    }
    let t = if header_type == GeometryType::Unknown {
        g.type_()
    } else {
        header_type
    };
    let xy: Vec<f64> = g.xy().map(|v| v.iter().collect()).unwrap_or_default();
    if !xy.len().is_multiple_of(2) {
        return Err("坐标数组长度为奇数 / odd number of coordinate values".into());
    }
    let coords: Vec<Coord<f64>> = xy
        .chunks_exact(2)
        .map(|c| Coord { x: c[0], y: c[1] })
        .collect();
    let ends: Vec<u32> = g.ends().map(|v| v.iter().collect()).unwrap_or_default();
    let parts = || -> Result<Vec<Geometry<f64>>, String> {
        g.parts().map_or(Ok(Vec::new()), |ps| {
            ps.iter()
                .map(|p| decode_geometry(&p, GeometryType::Unknown, depth + 1))
                .collect()
        })
    };
    let polygon = |rings: Vec<LineString<f64>>| -> Result<Polygon<f64>, String> {
        let mut it = rings.into_iter();
        let outer = it.next().ok_or("多边形没有环 / polygon without rings")?;
        Ok(Polygon::new(outer, it.collect()))
    };
    Ok(match t {
        GeometryType::Point => Geometry::Point(Point(
            *coords
                .first()
                .ok_or("点没有坐标 / point without coordinates")?,
        )),
        GeometryType::MultiPoint => {
            Geometry::MultiPoint(MultiPoint(coords.into_iter().map(Point).collect()))
        }
        GeometryType::LineString => Geometry::LineString(LineString(coords)),
        GeometryType::MultiLineString => {
            Geometry::MultiLineString(MultiLineString(split(coords, &ends)?))
        }
        GeometryType::Polygon => Geometry::Polygon(polygon(split(coords, &ends)?)?),
        GeometryType::MultiPolygon => {
            let ps = parts()?;
            if ps.is_empty() {
                Geometry::MultiPolygon(MultiPolygon(vec![polygon(split(coords, &ends)?)?]))
            } else {
                let polys = ps
                    .into_iter()
                    .map(|p| match p {
                        Geometry::Polygon(p) => Ok(p),
                        _ => Err(
                            "MultiPolygon 的部件不是多边形 / MultiPolygon part is not a polygon"
                                .to_string(),
                        ),
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                Geometry::MultiPolygon(MultiPolygon(polys))
            }
        }
        GeometryType::GeometryCollection => {
            Geometry::GeometryCollection(GeometryCollection(parts()?))
        }
        other => {
            return Err(format!(
                "不支持的几何类型 / unsupported geometry type {other:?}"
            ))
        }
    })
}

/// Walks a feature's property buffer with bounds checks before the crate reads it: the
/// crate slices without checking, so a malformed buffer would panic (found by fuzzing).
fn check_properties(bytes: &[u8], columns: &[ColumnType]) -> Result<(), String> {
    let bad = || "属性数据损坏 / corrupt property data".to_string();
    let mut at = 0usize;
    while at + 1 < bytes.len() {
        let idx = u16::from_le_bytes([bytes[at], bytes[at + 1]]) as usize;
        at += 2;
        let size = match *columns.get(idx).ok_or_else(bad)? {
            ColumnType::Byte | ColumnType::UByte | ColumnType::Bool => 1,
            ColumnType::Short | ColumnType::UShort => 2,
            ColumnType::Int | ColumnType::UInt | ColumnType::Float => 4,
            ColumnType::Long | ColumnType::ULong | ColumnType::Double => 8,
            ColumnType::String | ColumnType::Json | ColumnType::DateTime | ColumnType::Binary => {
                let len = bytes.get(at..at + 4).ok_or_else(bad)?;
                at += 4;
                u32::from_le_bytes([len[0], len[1], len[2], len[3]]) as usize
            }
            _ => return Err(bad()),
        };
        at = at
            .checked_add(size)
            .filter(|end| *end <= bytes.len())
            .ok_or_else(bad)?;
    }
    Ok(())
}

pub(super) fn read(file: &str, bytes: &[u8]) -> Result<FgbRead, ImportError> {
    let bad = |e: &dyn std::fmt::Display| ImportError::Malformed {
        file: file.to_string(),
        format: "FlatGeobuf",
        msg: e.to_string(),
    };
    let mut cursor = Cursor::new(bytes);
    let reader = FgbReader::open(&mut cursor).map_err(|e| bad(&e))?;
    let crs = match reader.header().crs().map(|c| c.code()) {
        None | Some(0) => None,
        Some(code) => Some(Crs::from_epsg(code as u32).map_err(|e| ImportError::Crs {
            file: file.to_string(),
            msg: e.to_string(),
        })?),
    };
    let header = reader.header();
    let header_type = header.geometry_type();
    check_sizes(bytes, header.features_count(), header.index_node_size()).map_err(|m| bad(&m))?;
    let columns: Vec<ColumnType> = header
        .columns()
        .map(|cs| cs.iter().map(|c| c.type_()).collect())
        .unwrap_or_default();
    let mut iter = reader.select_all().map_err(|e| bad(&e))?;
    let mut features = Vec::new();
    let mut warnings = Vec::new();
    let mut index = 0;
    loop {
        let f = match iter.next() {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => {
                warnings.push(ImportWarning {
                    file: file.to_string(),
                    feature: index,
                    row: None,
                    msg: format!("无法读取，其后的要素已忽略 / unreadable, the rest ignored: {e}"),
                });
                break;
            }
        };
        let mut props = Props(Map::new());
        let geometry = match f.fbs_feature().geometry() {
            Some(g) => decode_geometry(&g, header_type, 0),
            None => Err("没有几何 / no geometry".to_string()),
        };
        let raw = f
            .fbs_feature()
            .properties()
            .map(|p| p.bytes().to_vec())
            .unwrap_or_default();
        let props_ok = match check_properties(&raw, &columns) {
            Ok(()) => f.process_properties(&mut props).map_err(|e| e.to_string()),
            Err(e) => Err(e),
        };
        match (geometry, props_ok) {
            (Ok(geometry), Ok(_)) => features.push(Feature {
                geometry,
                properties: props.0,
            }),
            (Err(e), _) => warnings.push(ImportWarning {
                file: file.to_string(),
                feature: index,
                row: None,
                msg: format!("要素无效 / invalid feature: {e}"),
            }),
            (_, Err(e)) => warnings.push(ImportWarning {
                file: file.to_string(),
                feature: index,
                row: None,
                msg: format!("要素无效 / invalid feature: {e}"),
            }),
        }
        index += 1;
    }
    Ok(FgbRead {
        features,
        warnings,
        crs,
    })
}
