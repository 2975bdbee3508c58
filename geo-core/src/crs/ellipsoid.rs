/// A reference ellipsoid by semi-major axis (metres) and flattening.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ellipsoid {
    pub a: f64,
    pub f: f64,
}

impl Ellipsoid {
    pub const WGS84: Ellipsoid = Ellipsoid {
        a: 6_378_137.0,
        f: 1.0 / 298.257_223_563,
    };
    /// CGCS2000 differs from WGS84 only in the ninth significant digit of 1/f.
    pub const CGCS2000: Ellipsoid = Ellipsoid {
        a: 6_378_137.0,
        f: 1.0 / 298.257_222_101,
    };

    /// First eccentricity squared.
    pub fn e2(self) -> f64 {
        self.f * (2.0 - self.f)
    }
}
