/// Radius of the sphere EPSG:3857 uses, in metres.
pub const EARTH_RADIUS_M: f64 = 6_378_137.0;
/// Latitude where Web Mercator's square world ends; beyond it y goes to infinity.
pub const MAX_LATITUDE: f64 = 85.051_128_779_806_59;

/// Spherical Web Mercator, EPSG:3857.
///
/// # Units
/// Input degrees (lon, lat); output metres (x east, y north).
#[derive(Debug, Clone, Copy, Default)]
pub struct WebMercator;

impl WebMercator {
    /// Projects lon/lat degrees; latitude is clamped to ±[`MAX_LATITUDE`].
    pub fn project(self, lon: f64, lat: f64) -> (f64, f64) {
        let lat = lat.clamp(-MAX_LATITUDE, MAX_LATITUDE).to_radians();
        let x = EARTH_RADIUS_M * lon.to_radians();
        let y = EARTH_RADIUS_M * (std::f64::consts::FRAC_PI_4 + lat / 2.0).tan().ln();
        (x, y)
    }

    /// The inverse of [`WebMercator::project`].
    pub fn unproject(self, x: f64, y: f64) -> (f64, f64) {
        let lon = (x / EARTH_RADIUS_M).to_degrees();
        let lat =
            (2.0 * (y / EARTH_RADIUS_M).exp().atan() - std::f64::consts::FRAC_PI_2).to_degrees();
        (lon, lat)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_mercator_known_point() {
        // Reference: x = R·λ, y = R·ln tan(π/4 + φ/2) with R = 6378137, evaluated in Python.
        let (x, y) = WebMercator.project(118.1, 24.5);
        assert!((x - 13_146_831.863).abs() < 0.01, "{x}");
        assert!((y - 2_814_454.732).abs() < 0.01, "{y}");
    }

    #[test]
    fn web_mercator_round_trip() {
        for &(lon, lat) in &[(117.9, 24.4), (118.45, 24.8), (0.0, 0.0), (-70.0, -45.0)] {
            let (x, y) = WebMercator.project(lon, lat);
            let (lo, la) = WebMercator.unproject(x, y);
            assert!((lo - lon).abs() < 1e-9 && (la - lat).abs() < 1e-9);
        }
    }
}
