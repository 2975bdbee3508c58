//! Readers: file bytes in, a [`Layer`] in WGS84 out.
//!
//! [`read`] detects the format (from the name, then the content), reads the features in
//! the file's own coordinates, converts them to WGS84 from the CRS the user chose, the file
//! declared (`.prj`, GeoJSON `crs`) or WGS84, and checks the result (swapped axes, empty
//! or non-finite coordinates). It returns [`Imported`]: the layer plus soft
//! [`ImportWarning`]s; `Err` only when nothing usable came out. Every message names the
//! file and, where there is one, the line, row or feature.

mod archive;
mod coordinate;
mod csv;
mod error;
mod fgb;
mod geojson;
mod kml;
mod shapefile;
mod table;
mod text;
mod topojson;
mod validate;
mod xlsx;

pub use coordinate::{parse_coordinate, Axis};
pub use error::{ImportError, ImportWarning};
pub use geojson::read_geojson;
pub use table::{detect_columns, ColumnChoice};
pub use text::TextEncoding;

use geo::MapCoordsInPlace;

use crate::crs::Crs;
use crate::layer::{Layer, LayerMeta, LayerRole};

/// Input formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    GeoJson,
    TopoJson,
    Csv,
    Xlsx,
    /// A zipped Shapefile.
    Shapefile,
    Kml,
    Kmz,
    FlatGeobuf,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::GeoJson => "GeoJSON",
            Format::TopoJson => "TopoJSON",
            Format::Csv => "CSV",
            Format::Xlsx => "XLSX",
            Format::Shapefile => "Shapefile",
            Format::Kml => "KML",
            Format::Kmz => "KMZ",
            Format::FlatGeobuf => "FlatGeobuf",
        }
    }

    /// Parses a format name as the JS API and the import dialog give it.
    pub fn parse(s: &str) -> Option<Format> {
        match s.trim().to_ascii_lowercase().as_str() {
            "geojson" | "json" => Some(Format::GeoJson),
            "topojson" => Some(Format::TopoJson),
            "csv" | "txt" => Some(Format::Csv),
            "xlsx" | "excel" => Some(Format::Xlsx),
            "shapefile" | "shp" | "zip" => Some(Format::Shapefile),
            "kml" => Some(Format::Kml),
            "kmz" => Some(Format::Kmz),
            "fgb" | "flatgeobuf" => Some(Format::FlatGeobuf),
            _ => None,
        }
    }

    /// Guesses from the file name, then from the first bytes.
    pub fn detect(file: &str, bytes: &[u8]) -> Option<Format> {
        let ext = file
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "geojson" | "json" | "topojson" => return Some(Format::GeoJson),
            "csv" | "txt" | "tsv" => return Some(Format::Csv),
            "xlsx" | "xlsm" => return Some(Format::Xlsx),
            "zip" | "shz" => return Some(Format::Shapefile),
            "kml" => return Some(Format::Kml),
            "kmz" => return Some(Format::Kmz),
            "fgb" => return Some(Format::FlatGeobuf),
            _ => {}
        }
        let head = &bytes[..bytes.len().min(512)];
        let text = String::from_utf8_lossy(head);
        let t = text.trim_start_matches('\u{feff}').trim_start();
        if head.starts_with(b"fgb\x03") {
            Some(Format::FlatGeobuf)
        } else if t.starts_with("<?xml") || t.starts_with("<kml") {
            Some(Format::Kml)
        } else if t.starts_with('{') {
            Some(Format::GeoJson)
        } else if head.starts_with(b"PK\x03\x04") {
            // Office files name their parts; a zipped Shapefile has a .shp entry.
            let lower = String::from_utf8_lossy(bytes).to_ascii_lowercase();
            if lower.contains("[content_types].xml") {
                Some(Format::Xlsx)
            } else if lower.contains(".kml") && !lower.contains(".shp") {
                Some(Format::Kmz)
            } else {
                Some(Format::Shapefile)
            }
        } else if t
            .lines()
            .next()
            .is_some_and(|l| l.contains(',') || l.contains('\t'))
        {
            Some(Format::Csv)
        } else {
            None
        }
    }
}

/// What the user chose in the import dialog (or the JS API's `options`); all optional.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportOptions {
    pub format: Option<Format>,
    /// Overrides what the file declares.
    pub crs: Option<Crs>,
    pub lon_column: Option<String>,
    pub lat_column: Option<String>,
    /// Rebuild self-intersecting polygons instead of only reporting them.
    pub repair: bool,
}

/// A layer plus what was detected and the problems that did not stop it from loading.
#[derive(Debug, Clone)]
pub struct Imported {
    pub layer: Layer,
    pub warnings: Vec<ImportWarning>,
    pub format: Format,
    /// The CRS the coordinates were converted from.
    pub crs: Crs,
    /// Text encoding, for text formats.
    pub encoding: Option<TextEncoding>,
    /// The coordinate columns, for tables.
    pub columns: Option<ColumnChoice>,
}

/// Reads any supported format; see the module docs.
///
/// # Errors
/// Any [`ImportError`]; each names the file and what is wrong.
pub fn read(file: &str, bytes: &[u8], options: &ImportOptions) -> Result<Imported, ImportError> {
    read_with_progress(file, bytes, options, &mut |_| {})
}

/// [`read`], telling `progress` the fraction of the file parsed (0–1) as it goes, so the
/// import worker can drive a progress bar. GeoJSON reports per feature; the other readers
/// report when they finish.
pub fn read_with_progress(
    file: &str,
    bytes: &[u8],
    options: &ImportOptions,
    progress: &mut dyn FnMut(f64),
) -> Result<Imported, ImportError> {
    let format = options
        .format
        .or_else(|| Format::detect(file, bytes))
        .ok_or_else(|| ImportError::UnknownFormat {
            file: file.to_string(),
        })?;
    let stem = file.rsplit('/').next().unwrap_or(file);
    let stem = stem.rsplit_once('.').map_or(stem, |(s, _)| s);
    let layer = |features, name: &str| Layer {
        meta: LayerMeta::new(stem, name, LayerRole::Sites),
        features,
    };
    // Each reader gives features in the file's coordinates plus what it found out.
    let r: Raw = match format {
        // One JSON parser reads both; the content says which it was.
        Format::GeoJson | Format::TopoJson => {
            let p = geojson::parse(file, bytes, progress)?;
            let format = if p.topology {
                Format::TopoJson
            } else {
                Format::GeoJson
            };
            Raw {
                layer: p.layer,
                warnings: p.warnings,
                format,
                declared: p.declared_crs,
                encoding: None,
            }
        }
        Format::Shapefile => {
            let s = shapefile::read(file, bytes)?;
            Raw {
                layer: layer(s.features, stem),
                warnings: s.warnings,
                format,
                declared: s.prj,
                encoding: Some(s.encoding),
            }
        }
        Format::FlatGeobuf => {
            let r = fgb::read(file, bytes)?;
            Raw {
                layer: layer(r.features, stem),
                warnings: r.warnings,
                format,
                declared: r.crs,
                encoding: None,
            }
        }
        Format::Kml | Format::Kmz => {
            let k = if format == Format::Kml {
                kml::read_kml(file, bytes)?
            } else {
                kml::read_kmz(file, bytes)?
            };
            let name = k.name.unwrap_or_else(|| stem.to_string());
            Raw {
                layer: layer(k.features, &name),
                warnings: k.warnings,
                format,
                declared: None,
                encoding: None,
            }
        }
        Format::Csv | Format::Xlsx => {
            // Table readers convert each row as they read it.
            let crs = options.crs.unwrap_or(Crs::WGS84);
            let (lon, lat) = (options.lon_column.as_deref(), options.lat_column.as_deref());
            let t = match format {
                Format::Csv => csv::read(file, bytes, lon, lat, &crs)?,
                _ => xlsx::read(file, bytes, lon, lat, &crs)?,
            };
            let layer = layer(t.features, stem);
            return finish(
                file,
                layer,
                t.warnings,
                format,
                crs,
                t.encoding,
                Some(t.columns),
                options.repair,
            );
        }
    };
    let crs = options.crs.or(r.declared).unwrap_or(Crs::WGS84);
    let mut layer = r.layer;
    to_wgs84(&mut layer, &crs);
    finish(
        file,
        layer,
        r.warnings,
        r.format,
        crs,
        r.encoding,
        None,
        options.repair,
    )
}

/// A reader's output before conversion to WGS84.
struct Raw {
    layer: Layer,
    warnings: Vec<ImportWarning>,
    format: Format,
    /// The CRS the file declares (.prj, GeoJSON `crs`, FlatGeobuf header).
    declared: Option<Crs>,
    encoding: Option<TextEncoding>,
}

/// Converts a layer read in `crs` to WGS84 in place (CGCS2000 geographic is taken as WGS84).
fn to_wgs84(layer: &mut Layer, crs: &Crs) {
    if crs.is_geographic() && !matches!(crs, Crs::Gcj02 | Crs::Bd09) {
        return;
    }
    for f in &mut layer.features {
        f.geometry.map_coords_in_place(|c| {
            let (x, y) = crs.to_wgs84(c.x, c.y);
            geo::Coord { x, y }
        });
    }
}

#[allow(clippy::too_many_arguments)]
fn finish(
    file: &str,
    mut layer: Layer,
    mut warnings: Vec<ImportWarning>,
    format: Format,
    crs: Crs,
    encoding: Option<TextEncoding>,
    columns: Option<ColumnChoice>,
    repair: bool,
) -> Result<Imported, ImportError> {
    validate::clean(file, &mut layer, &mut warnings, repair);
    if layer.features.is_empty() && !warnings.is_empty() {
        return Err(ImportError::NoUsableFeatures {
            file: file.to_string(),
            first: warnings.into_iter().next(),
        });
    }
    validate::check_axes(file, &layer, &crs, &mut warnings);
    Ok(Imported {
        layer,
        warnings,
        format,
        crs,
        encoding,
        columns,
    })
}
