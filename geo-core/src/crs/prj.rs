//! Just enough WKT reading for Shapefile `.prj` files: geographic CRSs, Web Mercator, and
//! transverse Mercator grids (CGCS2000 Gauss–Krüger, UTM) described by their parameters.

use super::{Crs, CrsError, Ellipsoid, TransverseMercator};

/// The numeric value of `PARAMETER["name", value]`, matching the name case-insensitively.
fn parameter(wkt: &str, name: &str) -> Option<f64> {
    let lower = wkt.to_ascii_lowercase();
    let key = format!("parameter[\"{}\"", name.to_ascii_lowercase());
    let start = lower.find(&key)? + key.len();
    let rest = &wkt[start..];
    let rest = rest.trim_start().strip_prefix(',')?;
    let end = rest.find(']')?;
    rest[..end].trim().parse().ok()
}

/// The last `AUTHORITY["EPSG","code"]` / `ID["EPSG",code]`, which belongs to the whole CRS.
fn epsg(wkt: &str) -> Option<u32> {
    let lower = wkt.to_ascii_lowercase();
    let mut best = None;
    for key in ["authority[\"epsg\",", "id[\"epsg\","] {
        if let Some(pos) = lower.rfind(key) {
            let rest = &wkt[pos + key.len()..];
            let digits: String = rest
                .chars()
                .skip_while(|c| !c.is_ascii_digit())
                .take_while(char::is_ascii_digit)
                .collect();
            if let Ok(code) = digits.parse::<u32>() {
                best = Some(best.map_or(
                    (pos, code),
                    |b: (usize, u32)| if pos > b.0 { (pos, code) } else { b },
                ));
            }
        }
    }
    best.map(|b| b.1)
}

pub fn parse(wkt: &str) -> Result<Crs, CrsError> {
    let text = wkt.trim();
    let lower = text.to_ascii_lowercase();
    let short = || text.chars().take(120).collect::<String>();
    // An EPSG code for the whole CRS settles it when we know the code.
    let projected = lower.starts_with("projcs") || lower.starts_with("projcrs");
    if let Some(code) = epsg(text) {
        if let Ok(crs) = Crs::from_epsg(code) {
            if crs.is_geographic() != projected {
                return Ok(crs);
            }
        }
    }
    if !projected {
        if lower.starts_with("geogcs")
            || lower.starts_with("geogcrs")
            || lower.starts_with("geodcrs")
        {
            let epsg = if lower.contains("2000") { 4490 } else { 4326 };
            return Ok(Crs::Geographic { epsg });
        }
        return Err(CrsError::UnsupportedPrj(short()));
    }
    if lower.contains("mercator_auxiliary_sphere")
        || lower.contains("pseudo-mercator")
        || lower.contains("popular visualisation")
    {
        return Ok(Crs::WebMercator);
    }
    if !(lower.contains("transverse_mercator")
        || lower.contains("gauss_kruger")
        || lower.contains("transverse mercator"))
    {
        return Err(CrsError::UnsupportedPrj(short()));
    }
    let lon0 = parameter(text, "central_meridian")
        .or_else(|| parameter(text, "longitude of natural origin"))
        .ok_or_else(|| CrsError::UnsupportedPrj(short()))?;
    let k0 = parameter(text, "scale_factor")
        .or_else(|| parameter(text, "scale factor at natural origin"))
        .unwrap_or(1.0);
    let false_easting = parameter(text, "false_easting")
        .or_else(|| parameter(text, "false easting"))
        .unwrap_or(0.0);
    let false_northing = parameter(text, "false_northing")
        .or_else(|| parameter(text, "false northing"))
        .unwrap_or(0.0);
    let ellipsoid = if lower.contains("2000") {
        Ellipsoid::CGCS2000
    } else {
        Ellipsoid::WGS84
    };
    Ok(Crs::Projected {
        epsg: None,
        tm: TransverseMercator {
            ellipsoid,
            lon0,
            k0,
            false_easting,
            false_northing,
        },
    })
}
