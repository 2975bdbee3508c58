//! Zipped Shapefiles (.shp, .shx, .dbf, optional .prj and .cpg). DBF text is decoded by the
//! .cpg code page, else as UTF-8 when valid, else as GBK/GB18030.

use std::io::Cursor;

use dbase::encoding::EncodingRs;
use dbase::FieldValue;
use geo::Geometry;
use serde_json::{Map, Number, Value};
use shapefile::dbase;

use super::archive;
use super::text::{is_gbk_label, TextEncoding};
use super::{ImportError, ImportWarning};
use crate::crs::Crs;
use crate::layer::Feature;

pub(super) struct ShapefileRead {
    pub features: Vec<Feature>,
    pub warnings: Vec<ImportWarning>,
    pub prj: Option<Crs>,
    pub encoding: TextEncoding,
}

const FORMAT: &str = "Shapefile";

fn malformed(file: &str, msg: impl std::fmt::Display) -> ImportError {
    ImportError::Malformed {
        file: file.to_string(),
        format: FORMAT,
        msg: msg.to_string(),
    }
}

pub(super) fn read(file: &str, bytes: &[u8]) -> Result<ShapefileRead, ImportError> {
    archive::check(file, bytes, FORMAT)?;
    let mut zip = archive::open(file, bytes, FORMAT)?;
    let names = archive::names(&zip);
    let find = |ext: &str| {
        names
            .iter()
            .find(|n| n.to_ascii_lowercase().ends_with(ext) && !n.contains("__MACOSX"))
            .cloned()
    };
    let shp_name = find(".shp")
        .ok_or_else(|| malformed(file, "压缩包里没有 .shp 文件 / no .shp file in the zip"))?;
    let stem = &shp_name[..shp_name.len() - 4];
    let sibling = |ext: &str| {
        names
            .iter()
            .find(|n| n.eq_ignore_ascii_case(&format!("{stem}{ext}")))
            .cloned()
    };
    let mut warnings = Vec::new();
    if names
        .iter()
        .filter(|n| n.to_ascii_lowercase().ends_with(".shp"))
        .count()
        > 1
    {
        warnings.push(ImportWarning::layer(
            file,
            format!(
                "压缩包里有多个 .shp，只读取 {shp_name} / several .shp files, only {shp_name} read"
            ),
        ));
    }
    let shp = archive::read_entry(file, &mut zip, &shp_name, FORMAT)?;
    let shx = sibling(".shx")
        .map(|n| archive::read_entry(file, &mut zip, &n, FORMAT))
        .transpose()?;
    let dbf = sibling(".dbf")
        .map(|n| archive::read_entry(file, &mut zip, &n, FORMAT))
        .transpose()?;
    let prj_text = sibling(".prj")
        .map(|n| archive::read_entry(file, &mut zip, &n, FORMAT))
        .transpose()?;
    let cpg = sibling(".cpg")
        .map(|n| archive::read_entry(file, &mut zip, &n, FORMAT))
        .transpose()?;

    let prj = match prj_text {
        Some(t) => {
            Some(
                Crs::from_prj(&String::from_utf8_lossy(&t)).map_err(|e| ImportError::Crs {
                    file: file.to_string(),
                    msg: format!(
                        "{e}；请在导入对话框中选择坐标系 / choose the CRS in the import dialog"
                    ),
                })?,
            )
        }
        None => None,
    };

    let shape_reader = match shx {
        Some(shx) => shapefile::ShapeReader::with_shx(Cursor::new(shp), Cursor::new(shx)),
        None => shapefile::ShapeReader::new(Cursor::new(shp)),
    }
    .map_err(|e| malformed(file, e))?;

    let Some(dbf) = dbf else {
        warnings.push(ImportWarning::layer(
            file,
            "缺少 .dbf，要素没有属性 / no .dbf: features have no attributes".into(),
        ));
        let mut features = Vec::new();
        let mut reader = shape_reader;
        for (i, shape) in reader.iter_shapes().enumerate() {
            // After a read error the stream position is lost: stop rather than spin.
            let failed = shape.is_err();
            push_shape(
                file,
                i,
                shape.map_err(|e| malformed(file, e)),
                Map::new(),
                &mut features,
                &mut warnings,
            );
            if failed {
                break;
            }
        }
        return Ok(ShapefileRead {
            features,
            warnings,
            prj,
            encoding: TextEncoding::Utf8,
        });
    };

    let label = cpg.map(|c| String::from_utf8_lossy(&c).into_owned());
    let gbk_label = label.as_deref().is_some_and(is_gbk_label);
    let encoding = if gbk_label || (label.is_none() && !dbf_text_is_utf8(&dbf)) {
        TextEncoding::Gb18030
    } else {
        TextEncoding::Utf8
    };
    let dbf_reader = match encoding {
        TextEncoding::Gb18030 => dbase::ReaderBuilder::new()
            .with_encoding(EncodingRs::from(encoding_rs::GB18030))
            .build(Cursor::new(dbf)),
        _ => dbase::ReaderBuilder::new()
            .with_encoding(dbase::encoding::UnicodeLossy)
            .build(Cursor::new(dbf)),
    }
    .map_err(|e| malformed(file, format!(".dbf: {e}")))?;
    let fields: Vec<String> = dbf_reader
        .fields()
        .iter()
        .map(|f| f.name().to_string())
        .collect();
    let mut reader = shapefile::Reader::new(shape_reader, dbf_reader);
    let mut features = Vec::new();
    for (i, item) in reader.iter_shapes_and_records().enumerate() {
        let (shape, record) = match item {
            Ok(x) => x,
            Err(e) => {
                warnings.push(ImportWarning {
                    file: file.to_string(),
                    feature: i,
                    row: None,
                    msg: format!("无法读取 / unreadable: {e}"),
                });
                break;
            }
        };
        let mut properties = Map::new();
        for name in &fields {
            properties.insert(
                name.clone(),
                record.get(name).map_or(Value::Null, field_value),
            );
        }
        push_shape(file, i, Ok(shape), properties, &mut features, &mut warnings);
    }
    Ok(ShapefileRead {
        features,
        warnings,
        prj,
        encoding,
    })
}

fn push_shape(
    file: &str,
    i: usize,
    shape: Result<shapefile::Shape, ImportError>,
    properties: Map<String, Value>,
    features: &mut Vec<Feature>,
    warnings: &mut Vec<ImportWarning>,
) {
    let warn = |msg: String| ImportWarning {
        file: file.to_string(),
        feature: i,
        row: None,
        msg,
    };
    match shape.map(Geometry::<f64>::try_from) {
        Ok(Ok(geometry)) => features.push(Feature {
            geometry,
            properties,
        }),
        Ok(Err(_)) => warnings.push(warn(
            "空几何（Null shape），已跳过 / null shape, skipped".into(),
        )),
        Err(e) => warnings.push(warn(e.to_string())),
    }
}

/// True when every character field in the DBF's records is valid UTF-8 (a cheap scan of the
/// record area, which is where GBK text would break UTF-8).
fn dbf_text_is_utf8(dbf: &[u8]) -> bool {
    if dbf.len() < 12 {
        return true;
    }
    let header_len = u16::from_le_bytes([dbf[8], dbf[9]]) as usize;
    dbf.get(header_len..)
        .is_none_or(|records| std::str::from_utf8(records).is_ok())
}

fn field_value(v: &FieldValue) -> Value {
    let num = |f: f64| Number::from_f64(f).map_or(Value::Null, Value::Number);
    match v {
        FieldValue::Character(None) => Value::Null,
        FieldValue::Character(Some(s)) => Value::String(s.trim_end().to_string()),
        FieldValue::Memo(s) => Value::String(s.clone()),
        FieldValue::Numeric(n) => n.map_or(Value::Null, |f| {
            if f.fract() == 0.0 && f.abs() < 9e15 {
                Value::from(f as i64)
            } else {
                num(f)
            }
        }),
        FieldValue::Float(f) => f.map_or(Value::Null, |f| num(f as f64)),
        FieldValue::Logical(b) => b.map_or(Value::Null, Value::Bool),
        FieldValue::Integer(i) => Value::from(*i),
        FieldValue::Double(d) | FieldValue::Currency(d) => num(*d),
        FieldValue::Date(d) => d.map_or(Value::Null, |d| {
            Value::String(format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()))
        }),
        FieldValue::DateTime(dt) => {
            let d = dt.date();
            let t = dt.time();
            Value::String(format!(
                "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
                d.year(),
                d.month(),
                d.day(),
                t.hours(),
                t.minutes(),
                t.seconds()
            ))
        }
    }
}
