//! Coordinate systems. Internal coordinates are WGS84 lon/lat in degrees (CGCS2000 is
//! taken as equal: the frames differ by centimetres). Data is converted on import and on
//! export; the map draws in spherical Web Mercator metres.
//!
//! [`Crs`] names every system users bring — EPSG:4326/4490/3857, CGCS2000 Gauss–Krüger
//! 3° and 6° zones with and without the zone prefix, UTM 49N–51N, GCJ-02 and BD-09 — and
//! converts to and from WGS84. [`Crs::from_prj`] reads a Shapefile `.prj` (WKT).

mod china;
mod ellipsoid;
mod prj;
mod transverse_mercator;
mod web_mercator;

pub use china::{
    bd09_to_gcj02, bd09_to_wgs84, gcj02_to_bd09, gcj02_to_wgs84, out_of_china, wgs84_to_bd09,
    wgs84_to_gcj02,
};
pub use ellipsoid::Ellipsoid;
pub use transverse_mercator::TransverseMercator;
pub use web_mercator::{WebMercator, EARTH_RADIUS_M, MAX_LATITUDE};

use std::fmt;

/// A coordinate reference system the engine converts to and from WGS84.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Crs {
    /// Geographic lon/lat degrees: EPSG:4326 (WGS84) or EPSG:4490 (CGCS2000).
    Geographic {
        epsg: u32,
    },
    /// EPSG:3857.
    WebMercator,
    /// A transverse Mercator grid: CGCS2000 Gauss–Krüger or WGS84 UTM.
    Projected {
        epsg: Option<u32>,
        tm: TransverseMercator,
    },
    /// Chinese web-map offsets (not EPSG codes).
    Gcj02,
    Bd09,
}

/// Why a CRS could not be used.
#[derive(Debug, Clone, PartialEq)]
pub enum CrsError {
    UnknownName(String),
    UnsupportedEpsg(u32),
    /// A `.prj` whose projection we do not handle; the text is quoted, shortened.
    UnsupportedPrj(String),
}

impl fmt::Display for CrsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CrsError::UnknownName(n) => write!(
                f,
                "无法识别的坐标系 \"{n}\" / unknown CRS \"{n}\": use EPSG:<code>, GCJ-02 or BD-09"
            ),
            CrsError::UnsupportedEpsg(c) => {
                write!(f, "不支持的坐标系 EPSG:{c} / unsupported CRS EPSG:{c}")
            }
            CrsError::UnsupportedPrj(t) => {
                write!(f, "不支持的 .prj 投影 / unsupported .prj projection: {t}")
            }
        }
    }
}

impl std::error::Error for CrsError {}

impl Crs {
    pub const WGS84: Crs = Crs::Geographic { epsg: 4326 };

    /// A CGCS2000 Gauss–Krüger grid with central meridian `lon0`; `zone_prefix` puts the
    /// zone number in front of the easting (e.g. 39 500 000 m for zone 39).
    pub fn gauss_kruger(lon0: f64, zone: Option<u32>, epsg: Option<u32>) -> Crs {
        let false_easting = 500_000.0 + zone.map_or(0.0, |z| z as f64 * 1_000_000.0);
        Crs::Projected {
            epsg,
            tm: TransverseMercator {
                ellipsoid: Ellipsoid::CGCS2000,
                lon0,
                k0: 1.0,
                false_easting,
                false_northing: 0.0,
            },
        }
    }

    /// WGS84 UTM zone `zone` north.
    pub fn utm_north(zone: u32) -> Crs {
        Crs::Projected {
            epsg: Some(32600 + zone),
            tm: TransverseMercator {
                ellipsoid: Ellipsoid::WGS84,
                lon0: zone as f64 * 6.0 - 183.0,
                k0: 0.9996,
                false_easting: 500_000.0,
                false_northing: 0.0,
            },
        }
    }

    /// The systems Chinese data comes in, by EPSG code.
    ///
    /// # Errors
    /// [`CrsError::UnsupportedEpsg`] for any other code.
    pub fn from_epsg(code: u32) -> Result<Crs, CrsError> {
        Ok(match code {
            4326 | 4490 => Crs::Geographic { epsg: code },
            3857 | 900913 => Crs::WebMercator,
            // CGCS2000 6° zones 13–23 with the zone prefix, then the same by central meridian.
            4491..=4501 => {
                let zone = code - 4491 + 13;
                Crs::gauss_kruger(zone as f64 * 6.0 - 3.0, Some(zone), Some(code))
            }
            4502..=4512 => Crs::gauss_kruger(75.0 + (code - 4502) as f64 * 6.0, None, Some(code)),
            // CGCS2000 3° zones 25–45 with the zone prefix, then the same by central meridian.
            4513..=4533 => {
                let zone = code - 4513 + 25;
                Crs::gauss_kruger(zone as f64 * 3.0, Some(zone), Some(code))
            }
            4534..=4554 => Crs::gauss_kruger(75.0 + (code - 4534) as f64 * 3.0, None, Some(code)),
            32601..=32660 => Crs::utm_north(code - 32600),
            _ => return Err(CrsError::UnsupportedEpsg(code)),
        })
    }

    /// Parses `EPSG:<code>` (also `epsg:`, `urn:ogc:def:crs:EPSG::<code>`, `CRS84`),
    /// `GCJ-02`/`GCJ02` and `BD-09`/`BD09`, case-insensitive.
    ///
    /// # Errors
    /// [`CrsError::UnknownName`] or [`CrsError::UnsupportedEpsg`].
    pub fn parse(name: &str) -> Result<Crs, CrsError> {
        let n = name.trim().to_ascii_uppercase().replace(['_', ' '], "-");
        match n.as_str() {
            "GCJ-02" | "GCJ02" | "GCJ" => return Ok(Crs::Gcj02),
            "BD-09" | "BD09" | "BD" => return Ok(Crs::Bd09),
            "CRS84" | "URN:OGC:DEF:CRS:OGC:1.3:CRS84" | "WGS84" | "WGS-84" => {
                return Ok(Crs::WGS84)
            }
            "CGCS2000" => return Ok(Crs::Geographic { epsg: 4490 }),
            _ => {}
        }
        let code = n
            .strip_prefix("EPSG:")
            .or_else(|| n.strip_prefix("URN:OGC:DEF:CRS:EPSG::"))
            .or_else(|| n.rsplit_once("EPSG::").map(|(_, c)| c))
            .and_then(|c| c.parse::<u32>().ok())
            .ok_or_else(|| CrsError::UnknownName(name.to_string()))?;
        Crs::from_epsg(code)
    }

    /// Reads a `.prj` (ESRI or OGC WKT).
    ///
    /// # Errors
    /// [`CrsError::UnsupportedPrj`] when the projection is not one we convert.
    pub fn from_prj(wkt: &str) -> Result<Crs, CrsError> {
        prj::parse(wkt)
    }

    /// The name used in messages and in the JS API: `EPSG:4547`, `GCJ-02`, ….
    pub fn name(&self) -> String {
        match self {
            Crs::Geographic { epsg } => format!("EPSG:{epsg}"),
            Crs::WebMercator => "EPSG:3857".into(),
            Crs::Projected { epsg: Some(c), .. } => format!("EPSG:{c}"),
            Crs::Projected { tm, .. } => format!("TM(lon0={}, FE={})", tm.lon0, tm.false_easting),
            Crs::Gcj02 => "GCJ-02".into(),
            Crs::Bd09 => "BD-09".into(),
        }
    }

    /// True for lon/lat systems (degrees), false for projected ones (metres).
    pub fn is_geographic(&self) -> bool {
        matches!(self, Crs::Geographic { .. } | Crs::Gcj02 | Crs::Bd09)
    }

    /// This system's (x, y) → WGS84 (lon, lat).
    pub fn to_wgs84(&self, x: f64, y: f64) -> (f64, f64) {
        match self {
            Crs::Geographic { .. } => (x, y),
            Crs::WebMercator => WebMercator.unproject(x, y),
            Crs::Projected { tm, .. } => tm.inverse(x, y),
            Crs::Gcj02 => gcj02_to_wgs84(x, y),
            Crs::Bd09 => bd09_to_wgs84(x, y),
        }
    }

    /// WGS84 (lon, lat) → this system's (x, y).
    pub fn from_wgs84(&self, lon: f64, lat: f64) -> (f64, f64) {
        match self {
            Crs::Geographic { .. } => (lon, lat),
            Crs::WebMercator => WebMercator.project(lon, lat),
            Crs::Projected { tm, .. } => tm.forward(lon, lat),
            Crs::Gcj02 => wgs84_to_gcj02(lon, lat),
            Crs::Bd09 => wgs84_to_bd09(lon, lat),
        }
    }
}

/// Converts interleaved coordinates `x0, y0, x1, y1, …` from one system to another
/// (through WGS84). A trailing odd value is left as it is.
pub fn transform(coords: &mut [f64], from: &Crs, to: &Crs) {
    if from == to {
        return;
    }
    for pair in coords.chunks_exact_mut(2) {
        let (lon, lat) = from.to_wgs84(pair[0], pair[1]);
        let (x, y) = to.from_wgs84(lon, lat);
        pair[0] = x;
        pair[1] = y;
    }
}

#[cfg(test)]
mod tests;
