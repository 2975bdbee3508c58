//! Property tests: the indexed overlay equals brute force.
//!
//! Coordinates sit on a dyadic grid near Xiamen (118 + i/256 °E, 24 + j/256 °N) so points
//! on vertices and at a quarter, half or three quarters of an edge are exactly on it, and
//! an exact even-odd test written here (boundary inclusive) can act as an independent
//! oracle for points, next to geo's `Intersects` for every kind of site.
#![cfg(not(target_arch = "wasm32"))]

use geo::{
    ConvexHull, Coord, Geometry, Intersects, LineString, MultiPoint, MultiPolygon, Point, Polygon,
    Validation,
};
use geo_core::layer::{Layer, LayerMeta, LayerRole};
use geo_core::overlay::{containing, geodesic_distance, nearest_distances};
use proptest::prelude::*;
use proptest::test_runner::Config;

const STEP: f64 = 1.0 / 256.0;

fn at(i: i32, j: i32) -> Coord<f64> {
    Coord {
        x: 118.0 + f64::from(i) * STEP,
        y: 24.0 + f64::from(j) * STEP,
    }
}

fn layer(role: LayerRole, geometries: Vec<Geometry<f64>>) -> Layer {
    Layer::from_geometries(LayerMeta::new("l", "l", role), geometries)
}

/// A ring around `centre`: one vertex per sector, radii in grid steps, sorted by angle so
/// it is star-shaped; when rounding to the grid breaks it, its convex hull.
fn star(centre: (i32, i32), spokes: &[(u8, u8)], r_lo: u8, r_hi: u8) -> LineString<f64> {
    let k = spokes.len() as f64;
    let mut offsets: Vec<(i32, i32)> = spokes
        .iter()
        .enumerate()
        .map(|(j, &(r, a))| {
            let r = f64::from(r_lo) + f64::from(r % (r_hi - r_lo + 1));
            let angle = std::f64::consts::TAU * (j as f64 + f64::from(a) / 256.0) / k;
            (
                (r * angle.cos()).round() as i32,
                (r * angle.sin()).round() as i32,
            )
        })
        .filter(|&o| o != (0, 0))
        .collect();
    offsets.sort_by(|a, b| {
        f64::from(a.1)
            .atan2(f64::from(a.0))
            .total_cmp(&f64::from(b.1).atan2(f64::from(b.0)))
    });
    offsets.dedup();
    let ring: LineString<f64> = offsets
        .iter()
        .map(|&(dx, dy)| at(centre.0 + dx, centre.1 + dy))
        .collect();
    let polygon = Polygon::new(ring, vec![]);
    if polygon.is_valid() {
        polygon.exterior().clone()
    } else {
        polygon.convex_hull().exterior().clone()
    }
}

/// One polygon: an exterior of radius 5–14 steps with up to two holes of radius 1–2 steps
/// around grid points near the centre, kept only when strictly inside the exterior and
/// apart from each other (so the polygon is valid and even-odd is the right oracle).
fn polygon() -> impl Strategy<Value = Polygon<f64>> {
    (
        (0i32..48, 0i32..48),
        prop::collection::vec(any::<(u8, u8)>(), 3..10),
        prop::collection::vec(
            (
                (-3i32..=3, -3i32..=3),
                prop::collection::vec(any::<(u8, u8)>(), 3..6),
            ),
            0..3,
        ),
    )
        .prop_map(|(c, spokes, holes)| {
            let exterior = Polygon::new(star(c, &spokes, 5, 14), vec![]);
            let mut kept: Vec<Polygon<f64>> = Vec::new();
            for ((dx, dy), s) in holes {
                let hole = Polygon::new(star((c.0 + dx, c.1 + dy), &s, 1, 2), vec![]);
                if hole.exterior().0.len() >= 4
                    && geo::Contains::contains(&exterior, &hole)
                    && !hole.exterior().intersects(exterior.exterior())
                    && kept.iter().all(|k| !k.intersects(&hole))
                {
                    kept.push(hole);
                }
            }
            Polygon::new(
                exterior.exterior().clone(),
                kept.into_iter().map(|h| h.exterior().clone()).collect(),
            )
        })
}

/// A zone: a polygon or a MultiPolygon of up to three (possibly overlapping) polygons.
fn zone() -> impl Strategy<Value = Geometry<f64>> {
    prop::collection::vec(polygon(), 1..4).prop_map(|mut ps| {
        if ps.len() == 1 {
            Geometry::Polygon(ps.remove(0))
        } else {
            Geometry::MultiPolygon(MultiPolygon(ps))
        }
    })
}

fn polygons(g: &Geometry<f64>) -> Vec<&Polygon<f64>> {
    match g {
        Geometry::Polygon(p) => vec![p],
        Geometry::MultiPolygon(mp) => mp.0.iter().collect(),
        _ => vec![],
    }
}

/// Points exactly on the zones' vertices and on their edges at t = 1/4, 1/2 and 3/4.
fn points_on(zones: &[Geometry<f64>]) -> Vec<Coord<f64>> {
    let mut out = Vec::new();
    for p in zones.iter().flat_map(polygons) {
        for ring in std::iter::once(p.exterior()).chain(p.interiors()) {
            for w in ring.0.windows(2) {
                let (a, b) = (w[0], w[1]);
                out.push(a);
                for t in [0.25, 0.5, 0.75] {
                    out.push(Coord {
                        x: a.x + t * (b.x - a.x),
                        y: a.y + t * (b.y - a.y),
                    });
                }
            }
        }
    }
    out
}

/// Each ring's vertices nudged a sixteenth of a grid step along both axes, either way:
/// just inside or just outside.
fn points_near(zones: &[Geometry<f64>]) -> Vec<Coord<f64>> {
    let d = STEP / 16.0;
    let mut out = Vec::new();
    for p in zones.iter().flat_map(polygons) {
        for ring in std::iter::once(p.exterior()).chain(p.interiors()) {
            for &c in &ring.0 {
                out.extend(
                    [(d, 0.0), (-d, 0.0), (0.0, d), (0.0, -d)].map(|(x, y)| c + Coord { x, y }),
                );
            }
        }
    }
    out
}

/// Exact boundary-inclusive even-odd test; exact because every coordinate is dyadic with
/// few bits, so the differences and cross products below are computed without rounding.
fn oracle_contains(p: &Polygon<f64>, q: Coord<f64>) -> bool {
    let mut inside = false;
    for ring in std::iter::once(p.exterior()).chain(p.interiors()) {
        for w in ring.0.windows(2) {
            let (a, b) = (w[0], w[1]);
            let cross = (b.x - a.x) * (q.y - a.y) - (b.y - a.y) * (q.x - a.x);
            if cross == 0.0
                && q.x >= a.x.min(b.x)
                && q.x <= a.x.max(b.x)
                && q.y >= a.y.min(b.y)
                && q.y <= a.y.max(b.y)
            {
                return true;
            }
            if (a.y > q.y) != (b.y > q.y) && ((b.y > a.y) == (cross > 0.0)) {
                inside = !inside;
            }
        }
    }
    inside
}

fn brute_force(zones: &[Geometry<f64>], site: &Geometry<f64>) -> Vec<usize> {
    (0..zones.len())
        .filter(|&i| zones[i].intersects(site))
        .collect()
}

fn config() -> Config {
    Config {
        cases: 128,
        failure_persistence: None,
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn overlay_containing_points_matches_brute_force_and_oracle(
        zones in prop::collection::vec(zone(), 1..6),
        extra in prop::collection::vec((0i32..128, 0i32..128), 0..40),
    ) {
        let on = points_on(&zones);
        let mut points = on.clone();
        points.extend(points_near(&zones));
        // Random points on the half-step grid, inside and outside.
        points.extend(extra.iter().map(|&(i, j)| Coord {
            x: 118.0 + f64::from(i) * STEP / 2.0,
            y: 24.0 + f64::from(j) * STEP / 2.0,
        }));
        let sites: Vec<Geometry<f64>> = points.iter().map(|&c| Point(c).into()).collect();
        let got = containing(
            &layer(LayerRole::HazardZones, zones.clone()),
            &layer(LayerRole::Sites, sites.clone()),
        );
        for (k, (site, hits)) in sites.iter().zip(&got).enumerate() {
            prop_assert_eq!(hits, &brute_force(&zones, site), "site {} {:?}", k, site);
            let oracle: Vec<usize> = (0..zones.len())
                .filter(|&i| polygons(&zones[i]).iter().any(|p| oracle_contains(p, points[k])))
                .collect();
            prop_assert_eq!(hits, &oracle, "oracle, site {} {:?}", k, site);
        }
        // A point on a vertex or an edge is on a zone's boundary, so it is contained.
        for (k, hits) in got.iter().enumerate().take(on.len()) {
            prop_assert!(!hits.is_empty(), "on-boundary site {} {:?}", k, points[k]);
        }
    }

    #[test]
    fn overlay_containing_footprints_and_lines_matches_brute_force(
        zones in prop::collection::vec(zone(), 1..6),
        footprints in prop::collection::vec(polygon(), 1..8),
        lines in prop::collection::vec(((0i32..64, 0i32..64), (0i32..64, 0i32..64)), 1..8),
    ) {
        let mut sites: Vec<Geometry<f64>> = footprints.into_iter().map(Geometry::Polygon).collect();
        sites.extend(lines.iter().map(|&(a, b)| {
            Geometry::LineString(LineString::new(vec![at(a.0, a.1), at(b.0, b.1)]))
        }));
        // Footprints that are exactly a zone part, sharing every edge.
        sites.extend(zones.iter().flat_map(polygons).map(|p| Geometry::Polygon(p.clone())));
        let got = containing(
            &layer(LayerRole::HazardZones, zones.clone()),
            &layer(LayerRole::Sites, sites.clone()),
        );
        for (site, hits) in sites.iter().zip(&got) {
            prop_assert_eq!(hits, &brute_force(&zones, site), "{:?}", site);
        }
    }

    #[test]
    fn overlay_nearest_distances_match_brute_force(
        zones in prop::collection::vec(zone(), 1..5),
        extra in prop::collection::vec((-64i32..192, -64i32..192), 1..20),
        footprints in prop::collection::vec(polygon(), 0..4),
    ) {
        let mut sites: Vec<Geometry<f64>> = extra.iter().map(|&(i, j)| Point(at(i, j)).into()).collect();
        sites.extend(points_on(&zones).into_iter().step_by(7).map(|c| Geometry::Point(Point(c))));
        sites.extend(footprints.into_iter().map(Geometry::Polygon));
        let site_layer = layer(LayerRole::Sites, sites.clone());
        // The zones as polygons, as their exterior lines, and as their vertices.
        let as_lines: Vec<Geometry<f64>> = zones
            .iter()
            .flat_map(polygons)
            .map(|p| Geometry::LineString(p.exterior().clone()))
            .collect();
        let as_points: Vec<Geometry<f64>> = zones
            .iter()
            .map(|z| {
                let pts = polygons(z).iter().flat_map(|p| p.exterior().points()).collect::<Vec<_>>();
                Geometry::MultiPoint(MultiPoint(pts))
            })
            .collect();
        for sources in [zones.clone(), as_lines, as_points] {
            let got = nearest_distances(&layer(LayerRole::Sources, sources.clone()), &site_layer);
            for (site, d) in sites.iter().zip(&got) {
                let expected = sources
                    .iter()
                    .map(|s| geodesic_distance(site, s))
                    .fold(f64::INFINITY, f64::min);
                prop_assert_eq!(*d, expected, "{:?}", site);
                let touching = sources.iter().any(|s| s.intersects(site));
                prop_assert_eq!(*d == 0.0, touching, "{:?}", site);
            }
        }
    }
}

/// The generators must really produce what the properties claim to cover.
#[test]
fn overlay_props_generators_make_holes_and_multipolygons() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let zones: Vec<Geometry<f64>> = (0..300)
        .map(|_| zone().new_tree(&mut runner).unwrap().current())
        .collect();
    let multi = zones
        .iter()
        .filter(|z| matches!(z, Geometry::MultiPolygon(_)))
        .count();
    let parts: Vec<&Polygon<f64>> = zones.iter().flat_map(polygons).collect();
    let holed = parts.iter().filter(|p| !p.interiors().is_empty()).count();
    assert!(multi > 100, "{multi} of 300 zones are MultiPolygons");
    assert!(
        holed * 5 > parts.len(),
        "{holed} of {} parts have holes",
        parts.len()
    );
    for p in &parts {
        assert!(p.is_valid(), "{:?}: {:?}", p.validation_errors(), p);
    }
}
