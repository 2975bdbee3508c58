//! CRS conversions against an independent implementation: PROJ (via pyproj) for the EPSG
//! grids and coordtransform for GCJ-02 and BD-09, at points across Fujian. The fixture is written by
//! `tests/reference/crs_reference.py`; `scripts/test.sh` re-runs it and checks it matches.

use geo_core::crs::{bd09_to_wgs84, gcj02_to_wgs84, wgs84_to_bd09, wgs84_to_gcj02, Crs};
use serde_json::Value;

fn fixture() -> Value {
    let path = format!(
        "{}/tests/fixtures/crs_reference.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn points(v: &Value) -> Vec<(f64, f64)> {
    v["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p[0].as_f64().unwrap(), p[1].as_f64().unwrap()))
        .collect()
}

/// Metres between two WGS84 points, locally flat (fine for sub-metre differences).
fn metres(a: (f64, f64), b: (f64, f64)) -> f64 {
    let k = 111_320.0;
    ((a.0 - b.0) * k * a.1.to_radians().cos()).hypot((a.1 - b.1) * k)
}

#[test]
fn crs_grids_match_proj_to_a_millimetre() {
    let v = fixture();
    let pts = points(&v);
    let grids = v["epsg"].as_object().unwrap();
    assert!(grids.len() >= 14);
    for (code, grid) in grids {
        let crs = Crs::from_epsg(code.parse().unwrap()).unwrap();
        for (i, xy) in grid["xy"].as_array().unwrap().iter().enumerate() {
            let (ex, ey) = (xy[0].as_f64().unwrap(), xy[1].as_f64().unwrap());
            let (x, y) = crs.from_wgs84(pts[i].0, pts[i].1);
            assert!(
                (x - ex).abs() < 1e-3 && (y - ey).abs() < 1e-3,
                "EPSG:{code} point {i}: ({x}, {y}) vs PROJ ({ex}, {ey})"
            );
            let back = crs.to_wgs84(ex, ey);
            assert!(
                metres(back, pts[i]) < 1e-3,
                "EPSG:{code} inverse point {i}: {back:?} vs {:?}",
                pts[i]
            );
        }
    }
}

#[test]
fn crs_gcj02_and_bd09_match_coordtransform() {
    let v = fixture();
    let pts = points(&v);
    for (key, f) in [
        ("gcj02", wgs84_to_gcj02 as fn(f64, f64) -> (f64, f64)),
        ("bd09", wgs84_to_bd09),
    ] {
        for (i, g) in v[key].as_array().unwrap().iter().enumerate() {
            let expected = (g[0].as_f64().unwrap(), g[1].as_f64().unwrap());
            let got = f(pts[i].0, pts[i].1);
            assert!(
                metres(got, expected) < 1e-4,
                "{key} point {i}: {got:?} vs {expected:?}"
            );
        }
    }
}

#[test]
fn crs_gcj02_and_bd09_round_trip_under_a_centimetre() {
    for (lon, lat) in points(&fixture()) {
        let g = wgs84_to_gcj02(lon, lat);
        assert!(
            metres(g, (lon, lat)) > 100.0,
            "GCJ-02 shifts by hundreds of metres in China"
        );
        assert!(metres(gcj02_to_wgs84(g.0, g.1), (lon, lat)) < 0.01);
        let b = wgs84_to_bd09(lon, lat);
        assert!(metres(bd09_to_wgs84(b.0, b.1), (lon, lat)) < 0.01);
    }
}
