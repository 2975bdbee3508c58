//! WGS84 ellipsoid arithmetic for the distance search: Earth-centred Cartesian coordinates
//! and the bounds that make a chord a safe lower bound of a geodesic.
//!
//! Why 3D chords: the straight line between two points of the ellipsoid is never longer
//! than the geodesic between them, whatever the latitude or direction, so an R-tree on
//! Earth-centred coordinates can prune without any lon/lat anisotropy to correct for, and
//! near the poles or across the antimeridian as well as in Fujian. At city scale the two
//! differ by under 3 ppm (chord c, geodesic s ≈ c + c³/24R²: 0.13 m at 50 km), so the
//! first candidate is almost always the answer.

use geo::Coord;

/// WGS84 semi-major axis, metres.
const A: f64 = 6_378_137.0;
/// WGS84 flattening.
const F: f64 = 1.0 / 298.257_223_563;
/// First eccentricity squared.
const E2: f64 = F * (2.0 - F);

/// Largest radius of curvature of the ellipsoid (meridional and prime-vertical at the
/// poles, a/√(1−e²)); it bounds how fast a lon/lat-straight edge bends in space.
const R_MAX: f64 = 6_399_593.625_758_493;

/// Absolute slack added to every lower bound, metres: covers rounding in the chord (ECEF
/// coordinates near 6.4e6 m carry ~1e-9 m of error) and GeographicLib's ~15 nm accuracy.
pub(crate) const ROUNDING_SLACK: f64 = 1e-6;

/// Earth-centred, Earth-fixed coordinates in metres of a WGS84 lon/lat at height 0.
pub(crate) fn ecef(c: Coord<f64>) -> [f64; 3] {
    let (sin_lat, cos_lat) = c.y.to_radians().sin_cos();
    let (sin_lon, cos_lon) = c.x.to_radians().sin_cos();
    let n = A / (1.0 - E2 * sin_lat * sin_lat).sqrt();
    [
        n * cos_lat * cos_lon,
        n * cos_lat * sin_lon,
        n * (1.0 - E2) * sin_lat,
    ]
}

/// How far, in metres, the edge from `a` to `b` (straight in lon/lat) can stray from the
/// 3D chord between its end points.
///
/// With λ and φ linear in t, |P''(t)| ≤ R_MAX·(|Δφ| + |Δλ|)² (the cylindrical components
/// of the second derivative, each bounded by the largest radius of curvature), and a curve
/// whose end points sit on a chord departs from it by at most max|P''|/8. A factor 1.01
/// covers dM/dφ (under 1 % of M) and rounding. A 1 km edge gets about 2 cm.
pub(crate) fn edge_sag(a: Coord<f64>, b: Coord<f64>) -> f64 {
    let span = (b.x - a.x).to_radians().abs() + (b.y - a.y).to_radians().abs();
    1.01 * R_MAX * span * span / 8.0
}

/// Meridional (M) and prime-vertical (N) radii of curvature at latitude `lat` degrees:
/// metres per radian of latitude, and per radian of longitude divided by cos(lat).
pub(crate) fn radii(lat: f64) -> (f64, f64) {
    let s = lat.to_radians().sin();
    let w2 = 1.0 - E2 * s * s;
    let n = A / w2.sqrt();
    (n * (1.0 - E2) / w2, n)
}

/// Chords up to this length, metres, are turned into geodesic lengths by
/// [`short_geodesic`]; longer ones go to GeographicLib.
const SHORT_CHORD: f64 = 100_000.0;

/// The geodesic distance between two points of the ellipsoid from their Earth-centred
/// coordinates, when they are at most 100 km apart; `None` beyond.
///
/// Why not GeographicLib every time: its inverse solution costs about a microsecond, which
/// is most of a nearest-source query, while over 100 km the ellipsoid bends like a circle
/// of radius ρ, the radius of curvature of the normal section in the chord's direction
/// (Euler: 1/ρ = cos²α/M + sin²α/N at the midpoint), so s = 2ρ·asin(c/2ρ) from the chord c.
/// Against GeographicLib on random pairs anywhere on Earth this is within 0.3 µm up to
/// 100 km (and 10 µm at 200 km); see the tests below and `tests/geodesic_reference.rs`.
pub(crate) fn short_geodesic(p: &[f64; 3], q: &[f64; 3]) -> Option<f64> {
    let d = sub(q, p);
    let c2 = dot(&d, &d);
    if c2 > SHORT_CHORD * SHORT_CHORD {
        return None;
    }
    if c2 == 0.0 {
        return Some(0.0);
    }
    // The ellipsoid normal near the midpoint is along (x, y, z/(1−e²)); its z component is
    // the sine of the geodetic latitude there.
    let m = [p[0] + q[0], p[1] + q[1], (p[2] + q[2]) / (1.0 - E2)];
    let up = {
        let len = dot(&m, &m).sqrt();
        [m[0] / len, m[1] / len, m[2] / len]
    };
    let vertical = dot(&d, &up);
    let horizontal2 = c2 - vertical * vertical;
    // East is z × up; the chord's east component squared over its horizontal length
    // squared is sin²α.
    let east_len2 = up[0] * up[0] + up[1] * up[1];
    let d_east = up[0] * d[1] - up[1] * d[0];
    let sin2 = if horizontal2 > 0.0 && east_len2 > 0.0 {
        (d_east * d_east / (east_len2 * horizontal2)).min(1.0)
    } else {
        0.0
    };
    let w2 = 1.0 - E2 * up[2] * up[2];
    let n = A / w2.sqrt();
    let m_radius = n * (1.0 - E2) / w2;
    let rho = 1.0 / ((1.0 - sin2) / m_radius + sin2 / n);
    let c = c2.sqrt();
    Some(2.0 * rho * (c / (2.0 * rho)).min(1.0).asin())
}

/// Euclidean distance from `p` to the segment `a`–`b` in 3D.
pub(crate) fn segment_distance_3d(p: &[f64; 3], a: &[f64; 3], b: &[f64; 3]) -> f64 {
    let d = sub(b, a);
    let ap = sub(p, a);
    let len2 = dot(&d, &d);
    let t = if len2 > 0.0 {
        (dot(&ap, &d) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let q = [a[0] + t * d[0], a[1] + t * d[1], a[2] + t * d[2]];
    let r = sub(p, &q);
    dot(&r, &r).sqrt()
}

pub(crate) fn sub(a: &[f64; 3], b: &[f64; 3]) -> [f64; 3] {
    [a[0] - b[0], a[1] - b[1], a[2] - b[2]]
}

pub(crate) fn dot(a: &[f64; 3], b: &[f64; 3]) -> f64 {
    a[0] * b[0] + a[1] * b[1] + a[2] * b[2]
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Distance, Geodesic, Point};

    #[test]
    fn ellipsoid_r_max_is_a_over_sqrt_one_minus_e2() {
        assert!((R_MAX - A / (1.0 - E2).sqrt()).abs() < 1e-6);
    }

    #[test]
    fn ellipsoid_chord_never_exceeds_geodesic() {
        let pairs = [
            ((118.0894, 24.4798), (118.0895, 24.4798)),
            ((118.0894, 24.4798), (119.2965, 26.0745)),
            ((0.0, 89.9), (180.0, 89.9)),
            ((179.9, 0.0), (-179.9, 0.0)),
        ];
        for (a, b) in pairs {
            let (pa, pb) = (Point::new(a.0, a.1), Point::new(b.0, b.1));
            let s = Geodesic.distance(pa, pb);
            let c = segment_distance_3d(&ecef(pa.0), &ecef(pb.0), &ecef(pb.0));
            assert!(
                c <= s + ROUNDING_SLACK,
                "{a:?} {b:?}: chord {c} > geodesic {s}"
            );
            assert!(s - c < 1e-3 * s.max(1.0), "{a:?} {b:?}: {s} vs {c}");
        }
    }

    #[test]
    fn ellipsoid_short_geodesic_matches_geographiclib_within_a_micrometre() {
        // A fixed-seed spread of pairs anywhere on Earth, 1 m to 100 km apart.
        let mut rng = crate::overlay::synthetic::Mulberry32::new(9);
        let mut worst: f64 = 0.0;
        for _ in 0..2000 {
            let lat = rng.range(-89.9, 89.9);
            let lon = rng.range(-180.0, 180.0);
            let bearing = rng.range(0.0, 360.0);
            let metres = 10f64.powf(rng.range(0.0, 5.0));
            let a = Point::new(lon, lat);
            let b = geo::Destination::destination(&Geodesic, a, bearing, metres);
            let s = Geodesic.distance(a, b);
            let fast = short_geodesic(&ecef(a.0), &ecef(b.0)).unwrap();
            assert!((fast - s).abs() < 1e-6, "{a:?} {b:?}: {fast} vs {s}");
            worst = worst.max((fast - s).abs());
        }
        assert!(worst > 0.0);
        let far = (Coord { x: 118.0, y: 24.0 }, Coord { x: 119.0, y: 24.0 });
        assert_eq!(short_geodesic(&ecef(far.0), &ecef(far.1)), None);
    }

    #[test]
    fn ellipsoid_edge_sag_bounds_the_midpoint() {
        // A 0.5° diagonal edge at Fujian's latitude: the lon/lat midpoint must sit within the
        // bound of the chord.
        let (a, b) = (Coord { x: 118.0, y: 24.0 }, Coord { x: 118.5, y: 24.5 });
        let mid = ecef(Coord {
            x: 118.25,
            y: 24.25,
        });
        let off = segment_distance_3d(&mid, &ecef(a), &ecef(b));
        let sag = edge_sag(a, b);
        assert!(off <= sag, "{off} > {sag}");
        assert!(off > sag / 10.0, "bound {sag} far too loose for {off}");
    }
}
