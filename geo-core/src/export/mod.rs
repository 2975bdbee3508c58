//! Writers: a layer out as GeoJSON, CSV (lon/lat columns) or KML, in WGS84 or converted to
//! another CRS on the way out, and the scored sites with their results. Each returns the
//! file's text; the app offers it as a download.

mod csv;
mod geojson;
mod kml;
mod scored_sites;

pub use self::csv::write_csv;
pub use self::geojson::write_geojson;
pub use self::kml::write_kml;
pub use self::scored_sites::{
    scored_sites_csv, scored_sites_geojson, scored_sites_layer, SCORE_PROPERTIES,
};

use geo::MapCoords;

use crate::crs::Crs;
use crate::layer::Feature;

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    GeoJson,
    Csv,
    Kml,
}

impl ExportFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::GeoJson => "geojson",
            ExportFormat::Csv => "csv",
            ExportFormat::Kml => "kml",
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            ExportFormat::GeoJson => "application/geo+json",
            ExportFormat::Csv => "text/csv;charset=utf-8",
            ExportFormat::Kml => "application/vnd.google-earth.kml+xml",
        }
    }
}

/// The feature's geometry in `crs` (features are stored in WGS84).
fn geometry_in(f: &Feature, crs: &Crs) -> geo::Geometry<f64> {
    if *crs == Crs::WGS84 {
        return f.geometry.clone();
    }
    f.geometry.map_coords(|c| {
        let (x, y) = crs.from_wgs84(c.x, c.y);
        geo::Coord { x, y }
    })
}
