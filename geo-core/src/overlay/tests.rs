use geo::{line_string, point, polygon, Coord, Geometry, LineString, MultiPolygon, Polygon};

use super::*;
use crate::layer::{Layer, LayerMeta, LayerRole};

fn layer(id: &str, role: LayerRole, geometries: Vec<Geometry<f64>>) -> Layer {
    Layer::from_geometries(LayerMeta::new(id, id, role), geometries)
}

/// Zone 0: the square [0,4]² with the hole [1,2]²; zone 1: a MultiPolygon of [10,11]² and
/// [10.5,12]×[10.5,12] (overlapping parts); zone 2: the triangle (5,0) (7,0) (5,2).
fn zones() -> Layer {
    let square_with_hole = polygon!(
        exterior: [(x: 0., y: 0.), (x: 4., y: 0.), (x: 4., y: 4.), (x: 0., y: 4.)],
        interiors: [[(x: 1., y: 1.), (x: 2., y: 1.), (x: 2., y: 2.), (x: 1., y: 2.)]],
    );
    let multi = MultiPolygon(vec![
        polygon![(x: 10., y: 10.), (x: 11., y: 10.), (x: 11., y: 11.), (x: 10., y: 11.)],
        polygon![(x: 10.5, y: 10.5), (x: 12., y: 10.5), (x: 12., y: 12.), (x: 10.5, y: 12.)],
    ]);
    let triangle = polygon![(x: 5., y: 0.), (x: 7., y: 0.), (x: 5., y: 2.)];
    layer(
        "zones",
        LayerRole::HazardZones,
        vec![square_with_hole.into(), multi.into(), triangle.into()],
    )
}

fn zones_at(site: Geometry<f64>) -> Vec<usize> {
    let sites = layer("sites", LayerRole::Sites, vec![site]);
    containing(&zones(), &sites).remove(0)
}

#[test]
fn overlay_point_on_vertex_is_contained() {
    assert_eq!(zones_at(point!(x: 4., y: 4.).into()), [0]);
    assert_eq!(zones_at(point!(x: 5., y: 2.).into()), [2]);
}

#[test]
fn overlay_point_on_edge_is_contained() {
    assert_eq!(zones_at(point!(x: 4., y: 2.5).into()), [0]);
    // On the triangle's hypotenuse, exactly representable: (6, 1).
    assert_eq!(zones_at(point!(x: 6., y: 1.).into()), [2]);
}

#[test]
fn overlay_point_just_outside_is_not_contained() {
    assert!(zones_at(point!(x: 4.000_000_001, y: 2.5).into()).is_empty());
    assert!(zones_at(point!(x: 6.000_000_001, y: 1.).into()).is_empty());
}

#[test]
fn overlay_point_in_hole_is_not_contained() {
    assert!(zones_at(point!(x: 1.5, y: 1.5).into()).is_empty());
}

#[test]
fn overlay_point_on_hole_boundary_is_contained() {
    assert_eq!(zones_at(point!(x: 1.5, y: 1.).into()), [0]);
    assert_eq!(zones_at(point!(x: 2., y: 2.).into()), [0]);
}

#[test]
fn overlay_multipolygon_parts_count_once() {
    assert_eq!(zones_at(point!(x: 10.75, y: 10.75).into()), [1]);
}

#[test]
fn overlay_polygon_site_overlapping_a_zone_is_exposed() {
    // A footprint straddling the square's east edge: its centre is outside.
    let straddling = polygon![(x: 3.5, y: 3.), (x: 4.5, y: 3.), (x: 4.5, y: 3.5), (x: 3.5, y: 3.5)];
    assert_eq!(zones_at(straddling.into()), [0]);
    // One that only touches the triangle's vertex (7, 0) from the east.
    let touching = polygon![(x: 7., y: 0.), (x: 8., y: 0.), (x: 8., y: -1.)];
    assert_eq!(zones_at(touching.into()), [2]);
    // One inside the hole, clear of its ring, is not exposed; one covering everything is.
    let in_hole = polygon![(x: 1.2, y: 1.2), (x: 1.8, y: 1.2), (x: 1.8, y: 1.8)];
    assert!(zones_at(in_hole.into()).is_empty());
    let huge = polygon![(x: -1., y: -1.), (x: 13., y: -1.), (x: 13., y: 13.), (x: -1., y: 13.)];
    assert_eq!(zones_at(huge.into()), [0, 1, 2]);
}

#[test]
fn overlay_line_site_crossing_zones() {
    let line = line_string![(x: -1., y: 0.5), (x: 8., y: 0.5)];
    assert_eq!(zones_at(line.into()), [0, 2]);
}

#[test]
fn overlay_degenerate_geometry_never_panics() {
    let collapsed = Polygon::new(LineString::new(vec![Coord { x: 1., y: 1. }; 4]), vec![]);
    let two_points = Polygon::new(line_string![(x: 0., y: 0.), (x: 1., y: 1.)], vec![]);
    let empty = Polygon::new(LineString::new(vec![]), vec![]);
    let zones = layer(
        "z",
        LayerRole::HazardZones,
        vec![
            collapsed.clone().into(),
            two_points.clone().into(),
            empty.clone().into(),
            Geometry::GeometryCollection(Default::default()),
        ],
    );
    let sites = layer(
        "s",
        LayerRole::Sites,
        vec![
            point!(x: 1., y: 1.).into(),
            point!(x: 0.5, y: 0.5).into(),
            collapsed.into(),
            two_points.into(),
            empty.into(),
            LineString::new(vec![]).into(),
        ],
    );
    let hits = containing(&zones, &sites);
    assert_eq!(hits.len(), 6);
    assert!(
        hits[4].is_empty() && hits[5].is_empty(),
        "empty sites are in no zone"
    );
    let d = nearest_distances(&zones, &sites);
    assert_eq!(d.len(), 6);
    assert_eq!(d[0], 0.0, "on the collapsed polygon's only point");
    assert_eq!(d[4], f64::INFINITY);
    assert_eq!(d[5], f64::INFINITY);
    assert!(d.iter().all(|x| !x.is_nan()));
    let nothing = layer("n", LayerRole::Sources, vec![]);
    assert_eq!(nearest_distances(&nothing, &sites), vec![f64::INFINITY; 6]);
}

/// Metres per degree of latitude near 25° N, for rough expectations.
const M_PER_DEG: f64 = 110_800.0;

fn fujian_sources() -> Layer {
    // A 0.01° square plant with a 0.002° hole, near Xiamen; a river line; a point.
    let plant = polygon!(
        exterior: [(x: 118.0, y: 24.5), (x: 118.01, y: 24.5), (x: 118.01, y: 24.51), (x: 118.0, y: 24.51)],
        interiors: [[(x: 118.004, y: 24.504), (x: 118.006, y: 24.504), (x: 118.006, y: 24.506), (x: 118.004, y: 24.506)]],
    );
    let river = line_string![(x: 118.1, y: 24.4), (x: 118.1, y: 24.6)];
    layer(
        "sources",
        LayerRole::Sources,
        vec![plant.into(), river.into(), point!(x: 118.2, y: 24.5).into()],
    )
}

fn distance_at(site: Geometry<f64>) -> Option<Nearest> {
    SourceIndex::new(&fujian_sources()).nearest(&site)
}

#[test]
fn overlay_distance_zero_inside_source_polygon() {
    let n = distance_at(point!(x: 118.002, y: 24.502).into()).unwrap();
    assert_eq!(
        n,
        Nearest {
            feature: 0,
            metres: 0.0
        }
    );
    // On the edge and on a vertex: touching.
    assert_eq!(
        distance_at(point!(x: 118.01, y: 24.505).into())
            .unwrap()
            .metres,
        0.0
    );
    assert_eq!(
        distance_at(point!(x: 118.0, y: 24.5).into())
            .unwrap()
            .metres,
        0.0
    );
    // On the river line.
    assert_eq!(
        distance_at(point!(x: 118.1, y: 24.55).into()).unwrap(),
        Nearest {
            feature: 1,
            metres: 0.0
        }
    );
}

#[test]
fn overlay_distance_in_source_hole_is_to_the_hole_ring() {
    // Centre of the hole: 0.001° from each side of it.
    let n = distance_at(point!(x: 118.005, y: 24.505).into()).unwrap();
    assert_eq!(n.feature, 0);
    assert!((n.metres - 0.001 * M_PER_DEG).abs() < 15.0, "{n:?}");
}

#[test]
fn overlay_distance_to_line_interior() {
    // Halfway between the plant's east edge (118.01) and the river (118.1) would be
    // 118.055; at 118.09 the river, 0.01° of longitude east, is nearest, measured to its
    // interior (the ends are 0.1° away).
    let n = distance_at(point!(x: 118.09, y: 24.5).into()).unwrap();
    assert_eq!(n.feature, 1);
    let expected = 0.01 * M_PER_DEG * 24.5f64.to_radians().cos();
    assert!((n.metres - expected).abs() < 15.0, "{n:?} vs ~{expected}");
}

#[test]
fn overlay_footprint_distance_uses_its_nearest_part() {
    // A footprint east of the point source: its west edge is 0.001° (about 100 m) away,
    // its nearest vertex farther.
    let footprint = polygon![
        (x: 118.201, y: 24.49), (x: 118.21, y: 24.49), (x: 118.21, y: 24.51), (x: 118.201, y: 24.51)
    ];
    let n = distance_at(footprint.clone().into()).unwrap();
    assert_eq!(n.feature, 2);
    let expected = 0.001 * M_PER_DEG * 24.5f64.to_radians().cos();
    assert!((n.metres - expected).abs() < 2.0, "{n:?} vs ~{expected}");
    assert_eq!(
        n.metres,
        geodesic_distance(&footprint.into(), &point!(x: 118.2, y: 24.5).into())
    );
}

#[test]
fn overlay_distance_across_the_antimeridian_goes_the_short_way() {
    let sources = layer(
        "s",
        LayerRole::Sources,
        vec![line_string![(x: 179.999, y: -1.), (x: 179.999, y: 1.)].into()],
    );
    let sites = layer(
        "p",
        LayerRole::Sites,
        vec![point!(x: -179.999, y: 0.).into()],
    );
    let d = nearest_distances(&sources, &sites)[0];
    assert!((d - 222.6).abs() < 1.0, "{d}");
}

#[test]
fn overlay_nearest_matches_brute_force_on_synthetic_layers() {
    let sites = synthetic::sites(200, 11);
    let footprints = synthetic::footprints(50, 12);
    let zones = synthetic::hazard_zones(100, 13);
    let points = synthetic::point_sources(300, 14);
    for source in [&zones, &points] {
        let index = SourceIndex::new(source);
        // The layer walk (Hilbert order, each site seeded with its neighbour's answer)
        // agrees with one query per site, feature included.
        for layer in [&sites, &footprints] {
            let one_by_one: Vec<_> = layer
                .features
                .iter()
                .map(|f| index.nearest(&f.geometry))
                .collect();
            assert_eq!(index.nearest_all(layer), one_by_one);
        }
        for site in sites.features.iter().chain(&footprints.features) {
            let got = index.nearest(&site.geometry).unwrap();
            let (feature, metres) = source
                .features
                .iter()
                .enumerate()
                .map(|(i, f)| (i, geodesic_distance(&site.geometry, &f.geometry)))
                .fold(
                    (usize::MAX, f64::INFINITY),
                    |b, c| if c.1 < b.1 { c } else { b },
                );
            assert_eq!(got.metres, metres, "{:?}", site.geometry);
            assert_eq!(got.feature, feature);
        }
    }
}

#[test]
fn overlay_containing_matches_brute_force_on_synthetic_layers() {
    use geo::Intersects;
    let zones = synthetic::hazard_zones(300, 3);
    for sites in [synthetic::sites(2000, 4), synthetic::footprints(500, 5)] {
        let got = containing(&zones, &sites);
        for (site, hits) in sites.features.iter().zip(&got) {
            let expected: Vec<usize> = (0..zones.features.len())
                .filter(|&i| zones.features[i].geometry.intersects(&site.geometry))
                .collect();
            assert_eq!(hits, &expected);
        }
        assert!(got.iter().any(|h| !h.is_empty()), "some sites hit a zone");
    }
}
