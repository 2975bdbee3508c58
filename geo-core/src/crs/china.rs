//! GCJ-02 ("Mars coordinates", used by Chinese web maps) and BD-09 (Baidu). Neither is a
//! projection: each is WGS84 plus a deliberate, smooth offset of a few hundred metres.
//! The forward formulas are the published ones; the inverses are iterated until the
//! forward of the result reproduces the input to better than 1e-9° (about 0.1 mm).

use std::f64::consts::PI;

/// Krasovsky 1940 semi-major axis and eccentricity², as the GCJ-02 formulas use them.
const A: f64 = 6_378_245.0;
const EE: f64 = 0.006_693_421_622_965_943;
const X_PI: f64 = PI * 3000.0 / 180.0;
const TOLERANCE_DEG: f64 = 1e-10;

/// True outside the rough box where GCJ-02 applies; there the offset is zero, as in the
/// reference implementations.
pub fn out_of_china(lon: f64, lat: f64) -> bool {
    !(72.004..=137.8347).contains(&lon) || !(0.8293..=55.8271).contains(&lat)
}

fn transform_lat(x: f64, y: f64) -> f64 {
    let mut r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * x.abs().sqrt();
    r += (20.0 * (6.0 * x * PI).sin() + 20.0 * (2.0 * x * PI).sin()) * 2.0 / 3.0;
    r += (20.0 * (y * PI).sin() + 40.0 * (y / 3.0 * PI).sin()) * 2.0 / 3.0;
    r += (160.0 * (y / 12.0 * PI).sin() + 320.0 * (y * PI / 30.0).sin()) * 2.0 / 3.0;
    r
}

fn transform_lon(x: f64, y: f64) -> f64 {
    let mut r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * x.abs().sqrt();
    r += (20.0 * (6.0 * x * PI).sin() + 20.0 * (2.0 * x * PI).sin()) * 2.0 / 3.0;
    r += (20.0 * (x * PI).sin() + 40.0 * (x / 3.0 * PI).sin()) * 2.0 / 3.0;
    r += (150.0 * (x / 12.0 * PI).sin() + 300.0 * (x / 30.0 * PI).sin()) * 2.0 / 3.0;
    r
}

/// WGS84 → GCJ-02.
pub fn wgs84_to_gcj02(lon: f64, lat: f64) -> (f64, f64) {
    if out_of_china(lon, lat) {
        return (lon, lat);
    }
    let mut d_lat = transform_lat(lon - 105.0, lat - 35.0);
    let mut d_lon = transform_lon(lon - 105.0, lat - 35.0);
    let rad = lat / 180.0 * PI;
    let magic = 1.0 - EE * rad.sin() * rad.sin();
    let sqrt_magic = magic.sqrt();
    d_lat = (d_lat * 180.0) / ((A * (1.0 - EE)) / (magic * sqrt_magic) * PI);
    d_lon = (d_lon * 180.0) / (A / sqrt_magic * rad.cos() * PI);
    (lon + d_lon, lat + d_lat)
}

/// Inverts a forward transform `f` near the identity by fixed-point iteration.
fn invert(f: impl Fn(f64, f64) -> (f64, f64), x: f64, y: f64, start: (f64, f64)) -> (f64, f64) {
    let (mut lon, mut lat) = start;
    for _ in 0..30 {
        let (fx, fy) = f(lon, lat);
        let (dx, dy) = (fx - x, fy - y);
        lon -= dx;
        lat -= dy;
        if dx.abs() < TOLERANCE_DEG && dy.abs() < TOLERANCE_DEG {
            break;
        }
    }
    (lon, lat)
}

/// GCJ-02 → WGS84 (iterative; converges to < 1e-10°).
pub fn gcj02_to_wgs84(lon: f64, lat: f64) -> (f64, f64) {
    if out_of_china(lon, lat) {
        return (lon, lat);
    }
    invert(wgs84_to_gcj02, lon, lat, (lon, lat))
}

/// GCJ-02 → BD-09.
pub fn gcj02_to_bd09(lon: f64, lat: f64) -> (f64, f64) {
    let z = (lon * lon + lat * lat).sqrt() + 0.000_02 * (lat * X_PI).sin();
    let theta = lat.atan2(lon) + 0.000_003 * (lon * X_PI).cos();
    (z * theta.cos() + 0.0065, z * theta.sin() + 0.006)
}

/// BD-09 → GCJ-02: the published approximation, refined by iteration.
pub fn bd09_to_gcj02(lon: f64, lat: f64) -> (f64, f64) {
    let (x, y) = (lon - 0.0065, lat - 0.006);
    let z = (x * x + y * y).sqrt() - 0.000_02 * (y * X_PI).sin();
    let theta = y.atan2(x) - 0.000_003 * (x * X_PI).cos();
    invert(gcj02_to_bd09, lon, lat, (z * theta.cos(), z * theta.sin()))
}

pub fn wgs84_to_bd09(lon: f64, lat: f64) -> (f64, f64) {
    let (x, y) = wgs84_to_gcj02(lon, lat);
    gcj02_to_bd09(x, y)
}

pub fn bd09_to_wgs84(lon: f64, lat: f64) -> (f64, f64) {
    let (x, y) = bd09_to_gcj02(lon, lat);
    gcj02_to_wgs84(x, y)
}
