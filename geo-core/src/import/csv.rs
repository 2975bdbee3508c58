//! CSV (and TSV) enterprise lists, in UTF-8 or GBK/GB18030.

use super::table::{read_rows, Cell, ColumnChoice};
use super::text::{decode, TextEncoding};
use super::{ImportError, ImportWarning};
use crate::crs::Crs;
use crate::layer::Feature;

pub(super) struct TableRead {
    pub features: Vec<Feature>,
    pub warnings: Vec<ImportWarning>,
    pub columns: ColumnChoice,
    pub encoding: Option<TextEncoding>,
}

/// The delimiter that splits the header line into the most fields.
fn delimiter(header: &str) -> u8 {
    [b',', b'\t', b';', b'|']
        .into_iter()
        .max_by_key(|d| header.matches(*d as char).count())
        .unwrap_or(b',')
}

pub(super) fn read(
    file: &str,
    bytes: &[u8],
    lon: Option<&str>,
    lat: Option<&str>,
    crs: &Crs,
) -> Result<TableRead, ImportError> {
    let (text, encoding) = decode(bytes);
    let header_line = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default();
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(delimiter(header_line))
        .has_headers(false)
        .flexible(true)
        .trim(::csv::Trim::Headers)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let headers: Vec<String> = loop {
        match records.next() {
            None => {
                return Err(ImportError::NoUsableFeatures {
                    file: file.to_string(),
                    first: None,
                })
            }
            Some(Err(e)) => return Err(csv_error(file, e)),
            Some(Ok(r)) if r.iter().all(|f| f.trim().is_empty()) => continue,
            Some(Ok(r)) => break r.iter().map(|h| h.trim().to_string()).collect(),
        }
    };
    let mut rows = Vec::new();
    for rec in records {
        let rec = rec.map_err(|e| csv_error(file, e))?;
        let line = rec.position().map_or(0, |p| p.line() as usize);
        let cells = rec
            .iter()
            .map(|c| {
                if c.is_empty() {
                    Cell::Empty
                } else {
                    Cell::Text(c.to_string())
                }
            })
            .collect();
        rows.push((line, cells));
    }
    let (features, warnings, columns) = read_rows(file, &headers, rows.into_iter(), lon, lat, crs)?;
    Ok(TableRead {
        features,
        warnings,
        columns,
        encoding: Some(encoding),
    })
}

fn csv_error(file: &str, e: ::csv::Error) -> ImportError {
    let line = e.position().map_or(0, |p| p.line() as usize);
    ImportError::Malformed {
        file: file.to_string(),
        format: "CSV",
        msg: format!("第 {line} 行 / line {line}: {e}"),
    }
}
