//! Overlay distances against an independent implementation: GeographicLib (Karney's Python
//! package) on WGS84, at points and edges across Fujian. The fixture is written by
//! `tests/reference/geodesic_reference.py`, which re-runs with `--check` to confirm it.
//!
//! Point to point must agree to a millimetre. Point to edge is an approximation (the foot
//! of the perpendicular is found in a local plane, then measured exactly), so the tolerance
//! is relative to the distance d: d · 2e-6 + 1 µm, i.e. at most 2 mm per kilometre;
//! the measured error is far smaller and is printed with `--nocapture`.

use geo::{Geometry, LineString, Point};
use geo_core::layer::{Layer, LayerMeta, LayerRole};
use geo_core::overlay::{geodesic_distance, nearest_distances};
use serde_json::Value;

fn fixture() -> Value {
    let path = format!(
        "{}/tests/fixtures/geodesic_reference.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn coord(v: &Value) -> (f64, f64) {
    (v[0].as_f64().unwrap(), v[1].as_f64().unwrap())
}

fn point(v: &Value) -> Geometry<f64> {
    let (x, y) = coord(v);
    Point::new(x, y).into()
}

fn layer(role: LayerRole, geometries: Vec<Geometry<f64>>) -> Layer {
    Layer::from_geometries(LayerMeta::new("l", "l", role), geometries)
}

#[test]
fn geodesic_point_to_point_matches_geographiclib_to_a_millimetre() {
    let v = fixture();
    let cases = v["point_point"].as_array().unwrap();
    assert!(cases.len() >= 100);
    let mut worst: f64 = 0.0;
    for (i, case) in cases.iter().enumerate() {
        let expected = case["metres"].as_f64().unwrap();
        let (a, b) = (point(&case["a"]), point(&case["b"]));
        let pair = geodesic_distance(&a, &b);
        // The same pair through the layer API, which goes through the R-tree.
        let indexed = nearest_distances(
            &layer(LayerRole::Sources, vec![b]),
            &layer(LayerRole::Sites, vec![a]),
        )[0];
        for got in [pair, indexed] {
            assert!(
                (got - expected).abs() <= 1e-3,
                "pair {i}: {got} m vs GeographicLib {expected} m"
            );
            worst = worst.max((got - expected).abs());
        }
    }
    println!(
        "point to point: {} pairs, worst error {worst:.3e} m",
        cases.len()
    );
}

#[test]
fn geodesic_point_to_edge_within_documented_tolerance() {
    let v = fixture();
    let cases = v["point_segment"].as_array().unwrap();
    assert!(cases.len() >= 300);
    let interior = cases
        .iter()
        .filter(|c| (1e-9..1.0 - 1e-9).contains(&c["t"].as_f64().unwrap()))
        .count();
    assert!(
        interior >= 200,
        "most cases have their nearest point inside the edge"
    );
    let (mut worst, mut worst_relative): (f64, f64) = (0.0, 0.0);
    // Worst error for sites up to 100 m, 1 km, 10 km and beyond.
    let mut by_distance = [0.0f64; 4];
    let mut sites = Vec::new();
    let mut edges = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let expected = case["metres"].as_f64().unwrap();
        let site = point(&case["site"]);
        let edge: Geometry<f64> =
            LineString::from(vec![coord(&case["a"]), coord(&case["b"])]).into();
        let got = geodesic_distance(&site, &edge);
        let error = got - expected;
        // The method measures the exact distance to a point of the edge, so it can only
        // overshoot (less GeographicLib's nanometres).
        assert!(
            error > -1e-6,
            "case {i}: {got} m is below the minimum {expected} m"
        );
        assert!(
            error <= expected * 2e-6 + 1e-6,
            "case {i}: {got} m vs {expected} m (error {error:.3e} m)"
        );
        worst = worst.max(error);
        let bucket = [100.0, 1e3, 1e4]
            .iter()
            .take_while(|&&m| expected > m)
            .count();
        by_distance[bucket] = by_distance[bucket].max(error);
        worst_relative = worst_relative.max(error / expected);
        sites.push(site);
        edges.push(edge);
    }
    println!(
        "point to edge: {} cases ({interior} interior), worst error {worst:.3e} m, worst relative {worst_relative:.3e}",
        cases.len()
    );
    let [a, b, c, d] = by_distance;
    println!("worst error up to 100 m, 1 km, 10 km, beyond: {a:.1e}, {b:.1e}, {c:.1e}, {d:.1e} m");
    // Through the index: each site against its own edge only (sites far apart would
    // otherwise find another case's edge).
    for (i, (site, edge)) in sites.into_iter().zip(edges).enumerate() {
        let direct = geodesic_distance(&site, &edge);
        let indexed = nearest_distances(
            &layer(LayerRole::Sources, vec![edge]),
            &layer(LayerRole::Sites, vec![site]),
        )[0];
        assert_eq!(indexed, direct, "case {i}");
    }
}
