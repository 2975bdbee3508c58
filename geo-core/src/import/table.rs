//! Enterprise lists as tables (CSV, XLSX): find the coordinate columns, read each row's
//! point, keep every other column as a property. A row with a bad coordinate is skipped
//! and reported by row, column and value; the rest loads.

use geo::{Geometry, Point};
use serde_json::{Map, Number, Value};

use super::coordinate::{parse_coordinate, Axis};
use super::{ImportError, ImportWarning};
use crate::crs::Crs;
use crate::layer::Feature;

/// One cell as the file gives it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
}

impl Cell {
    fn as_text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Number(n) => n.to_string(),
            Cell::Bool(b) => b.to_string(),
        }
    }
}

const LON_NAMES: [&str; 8] = [
    "lon",
    "lng",
    "long",
    "longitude",
    "x",
    "经度",
    "东经",
    "point_x",
];
const LAT_NAMES: [&str; 6] = ["lat", "latitude", "y", "纬度", "北纬", "point_y"];

/// Lower-cased header without spaces or a bracketed unit: "经度（°）" → "经度".
fn normalise(h: &str) -> String {
    let h: String = h
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase();
    let cut = h.find(['(', '（', '[']).unwrap_or(h.len());
    let h = &h[..cut];
    h.trim_start_matches('\u{feff}').to_string()
}

/// Indices of the longitude and latitude columns, by header name.
pub fn detect_columns(headers: &[String]) -> (Option<usize>, Option<usize>) {
    let find = |names: &[&str]| {
        headers
            .iter()
            .position(|h| names.contains(&normalise(h).as_str()))
    };
    (find(&LON_NAMES), find(&LAT_NAMES))
}

/// The coordinate columns the table is read with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnChoice {
    pub lon: String,
    pub lat: String,
}

/// Converts table rows to point features.
///
/// `rows` yields (1-based row number as the user sees it, cells). Coordinates are in
/// `crs` and come out in WGS84.
pub fn read_rows(
    file: &str,
    headers: &[String],
    rows: impl Iterator<Item = (usize, Vec<Cell>)>,
    lon_column: Option<&str>,
    lat_column: Option<&str>,
    crs: &Crs,
) -> Result<(Vec<Feature>, Vec<ImportWarning>, ColumnChoice), ImportError> {
    let pick = |wanted: Option<&str>, detected: Option<usize>| match wanted {
        Some(w) => headers
            .iter()
            .position(|h| h.trim() == w.trim())
            .ok_or_else(|| ImportError::NoSuchColumn {
                file: file.to_string(),
                column: w.to_string(),
                headers: headers.to_vec(),
            }),
        None => detected.ok_or_else(|| ImportError::NoCoordinateColumns {
            file: file.to_string(),
            headers: headers.to_vec(),
        }),
    };
    let (dlon, dlat) = detect_columns(headers);
    let lon_i = pick(lon_column, dlon)?;
    let lat_i = pick(lat_column, dlat)?;
    let choice = ColumnChoice {
        lon: headers[lon_i].clone(),
        lat: headers[lat_i].clone(),
    };

    let mut features = Vec::new();
    let mut warnings = Vec::new();
    for (row, cells) in rows {
        if cells
            .iter()
            .all(|c| matches!(c, Cell::Empty) || matches!(c, Cell::Text(t) if t.trim().is_empty()))
        {
            continue;
        }
        let coord = |i: usize, axis: Axis| -> Result<f64, String> {
            match cells.get(i).unwrap_or(&Cell::Empty) {
                Cell::Number(n) if n.is_finite() => Ok(*n),
                other => parse_coordinate(&other.as_text(), axis)
                    .map_err(|e| format!("第 {row} 行“{}”列的值 \"{}\"：{e} / row {row}, column \"{}\", value \"{}\"", headers[i], other.as_text(), headers[i], other.as_text())),
            }
        };
        let (x, y) = match (coord(lon_i, Axis::Lon), coord(lat_i, Axis::Lat)) {
            (Ok(x), Ok(y)) => (x, y),
            (Err(e), _) | (_, Err(e)) => {
                warnings.push(ImportWarning {
                    file: file.to_string(),
                    feature: features.len() + warnings.len(),
                    msg: e,
                    row: Some(row),
                });
                continue;
            }
        };
        let (lon, lat) = crs.to_wgs84(x, y);
        let mut properties = Map::new();
        for (i, h) in headers.iter().enumerate() {
            if i == lon_i || i == lat_i || h.trim().is_empty() {
                continue;
            }
            properties.insert(
                h.trim().to_string(),
                cell_value(cells.get(i).unwrap_or(&Cell::Empty)),
            );
        }
        features.push(Feature {
            geometry: Geometry::Point(Point::new(lon, lat)),
            properties,
        });
    }
    Ok((features, warnings, choice))
}

/// A property value: numbers stay numbers (but "0012" stays text: it is an id, not 12).
fn cell_value(c: &Cell) -> Value {
    match c {
        Cell::Empty => Value::Null,
        Cell::Bool(b) => Value::Bool(*b),
        Cell::Number(n) => Number::from_f64(*n).map_or(Value::Null, Value::Number),
        Cell::Text(s) => {
            let t = s.trim();
            let id_like = t.len() > 1 && t.starts_with('0') && !t.starts_with("0.");
            let numeric = !t.is_empty()
                && !id_like
                && t.chars().all(|c| c.is_ascii_digit() || ".-+eE".contains(c));
            match t
                .parse::<f64>()
                .ok()
                .filter(|v| numeric && v.is_finite())
                .and_then(Number::from_f64)
            {
                Some(n) if !t.contains(['e', 'E']) => {
                    if let Ok(i) = t.parse::<i64>() {
                        Value::Number(i.into())
                    } else {
                        Value::Number(n)
                    }
                }
                _ => Value::String(s.clone()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_detects_columns_by_header() {
        let h = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            detect_columns(&h(&["名称", "经度", "纬度"])),
            (Some(1), Some(2))
        );
        assert_eq!(
            detect_columns(&h(&[" Longitude ", "LAT", "x"])),
            (Some(0), Some(1))
        );
        assert_eq!(
            detect_columns(&h(&["东经（度）", "北纬（度）"])),
            (Some(0), Some(1))
        );
        assert_eq!(
            detect_columns(&h(&["\u{feff}LNG", "Lat"])),
            (Some(0), Some(1))
        );
        assert_eq!(detect_columns(&h(&["name", "addr"])), (None, None));
    }

    #[test]
    fn table_cell_values_keep_types() {
        assert_eq!(cell_value(&Cell::Text("120".into())), Value::from(120));
        assert_eq!(cell_value(&Cell::Text("3.5".into())), Value::from(3.5));
        assert_eq!(cell_value(&Cell::Text("0012".into())), Value::from("0012"));
        assert_eq!(cell_value(&Cell::Text("厦门".into())), Value::from("厦门"));
        assert_eq!(cell_value(&Cell::Text("1e5".into())), Value::from("1e5"));
        assert_eq!(cell_value(&Cell::Empty), Value::Null);
    }
}
