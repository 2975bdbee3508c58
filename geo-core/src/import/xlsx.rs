//! XLSX enterprise lists: the first worksheet, first non-empty row as the header.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

use super::csv::TableRead;
use super::table::{read_rows, Cell};
use super::ImportError;
use crate::crs::Crs;

pub(super) fn read(
    file: &str,
    bytes: &[u8],
    lon: Option<&str>,
    lat: Option<&str>,
    crs: &Crs,
) -> Result<TableRead, ImportError> {
    let bad = |msg: String| ImportError::Malformed {
        file: file.to_string(),
        format: "XLSX",
        msg,
    };
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| bad(e.to_string()))?;
    let sheet = book
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| bad("没有工作表 / no worksheet".into()))?;
    let range = book
        .worksheet_range(&sheet)
        .map_err(|e| bad(e.to_string()))?;
    let first_row = range.start().map_or(0, |(r, _)| r as usize);
    let mut rows = range
        .rows()
        .enumerate()
        .map(|(i, r)| (first_row + i + 1, r.iter().map(cell).collect::<Vec<_>>()));
    let headers: Vec<String> = loop {
        match rows.next() {
            None => {
                return Err(ImportError::NoUsableFeatures {
                    file: file.to_string(),
                    first: None,
                })
            }
            Some((_, cells)) if cells.iter().all(|c| *c == Cell::Empty) => continue,
            Some((_, cells)) => {
                break cells
                    .iter()
                    .map(|c| match c {
                        Cell::Text(s) => s.trim().to_string(),
                        Cell::Number(n) => n.to_string(),
                        Cell::Bool(b) => b.to_string(),
                        Cell::Empty => String::new(),
                    })
                    .collect()
            }
        }
    };
    let (features, warnings, columns) = read_rows(file, &headers, rows, lon, lat, crs)?;
    Ok(TableRead {
        features,
        warnings,
        columns,
        encoding: None,
    })
}

fn cell(d: &Data) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Float(f) => Cell::Number(*f),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) => Cell::Text(dt.to_string()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Text(format!("#{e:?}")),
        #[allow(unreachable_patterns)]
        _ => Cell::Empty,
    }
}
