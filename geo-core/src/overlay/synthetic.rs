//! Fixed-seed synthetic layers for the overlay benchmarks (`benches/overlay.rs`), written
//! so a JavaScript benchmark can rebuild the very same features.
//!
//! The generator is mulberry32 (one `u32` of state; a draw is `next_u32() / 2³²`), chosen
//! because it is five lines with `Math.imul` in JavaScript. Each function below documents
//! its draws in order; every layer takes its own seed.
//!
//! All features lie in `BOUNDS`, about 200 × 220 km of southern Fujian, so distances
//! and zone sizes are city to province scale.

use std::collections::BTreeMap;

use geo::{Coord, Geometry, LineString, MultiPolygon, Point, Polygon};
use serde_json::{Map, Value};

use crate::layer::{Feature, Layer, LayerMeta, LayerRole};

/// min lon, min lat, max lon, max lat of every generated feature's anchor point.
pub const BOUNDS: [f64; 4] = [117.5, 24.3, 119.5, 26.3];

/// Degrees of latitude per metre, near enough for sizing shapes.
const DEG_PER_M: f64 = 1.0 / 111_320.0;

/// The mulberry32 generator. JavaScript equivalent:
///
/// ```js
/// function mulberry32(a) { return () => {
///   a = (a + 0x6D2B79F5) | 0; let t = Math.imul(a ^ (a >>> 15), 1 | a);
///   t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
///   return ((t ^ (t >>> 14)) >>> 0) / 4294967296; }; }
/// ```
#[derive(Debug, Clone)]
pub struct Mulberry32(u32);

impl Mulberry32 {
    pub fn new(seed: u32) -> Self {
        Mulberry32(seed)
    }

    pub fn next_u32(&mut self) -> u32 {
        self.0 = self.0.wrapping_add(0x6D2B_79F5);
        let a = self.0;
        let mut t = (a ^ (a >> 15)).wrapping_mul(1 | a);
        t = t.wrapping_add((t ^ (t >> 7)).wrapping_mul(61 | t)) ^ t;
        t ^ (t >> 14)
    }

    /// A draw in [0, 1).
    pub fn next_f64(&mut self) -> f64 {
        f64::from(self.next_u32()) / 4_294_967_296.0
    }

    /// A draw in [lo, hi).
    pub fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.next_f64()
    }

    /// A point in [`BOUNDS`]: lon then lat.
    fn anchor(&mut self) -> Coord<f64> {
        let x = self.range(BOUNDS[0], BOUNDS[2]);
        let y = self.range(BOUNDS[1], BOUNDS[3]);
        Coord { x, y }
    }
}

fn props(pairs: &[(&str, &str)]) -> Map<String, Value> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), Value::String(v.to_string())))
        .collect()
}

fn layer(id: &str, role: LayerRole, features: Vec<Feature>) -> Layer {
    let mut meta = LayerMeta::new(id, id, role);
    meta.fictional = true;
    meta.source = "geo_core::overlay::synthetic".to_string();
    Layer { meta, features }
}

/// `n` point sites, `id` "S{i}". Draws per site: lon, lat.
pub fn sites(n: usize, seed: u32) -> Layer {
    let mut rng = Mulberry32::new(seed);
    let features = (0..n)
        .map(|i| Feature {
            geometry: Geometry::Point(Point(rng.anchor())),
            properties: props(&[("id", &format!("S{i}"))]),
        })
        .collect();
    layer("synthetic_sites", LayerRole::Sites, features)
}

/// `n` plant footprints: rectangles 50–300 m a side, rotated, `id` "F{i}". Draws per
/// site: lon, lat, width (m), height (m), rotation (radians, 0–π).
pub fn footprints(n: usize, seed: u32) -> Layer {
    let mut rng = Mulberry32::new(seed);
    let features = (0..n)
        .map(|i| {
            let c = rng.anchor();
            let (w, h) = (rng.range(50.0, 300.0), rng.range(50.0, 300.0));
            let (sin, cos) = rng.range(0.0, std::f64::consts::PI).sin_cos();
            let kx = DEG_PER_M / c.y.to_radians().cos();
            let ring: Vec<Coord<f64>> = [(-1.0, -1.0), (1.0, -1.0), (1.0, 1.0), (-1.0, 1.0)]
                .iter()
                .map(|&(u, v)| {
                    let (dx, dy) = (u * w / 2.0, v * h / 2.0);
                    Coord {
                        x: c.x + (dx * cos - dy * sin) * kx,
                        y: c.y + (dx * sin + dy * cos) * DEG_PER_M,
                    }
                })
                .collect();
            Feature {
                geometry: Geometry::Polygon(Polygon::new(LineString::new(ring), vec![])),
                properties: props(&[("id", &format!("F{i}"))]),
            }
        })
        .collect();
    layer("synthetic_footprints", LayerRole::Sites, features)
}

/// A star-shaped ring: `k` vertices at evenly spaced angles, radius `r` metres times a
/// factor in [lo, hi) drawn per vertex.
fn star(
    rng: &mut Mulberry32,
    c: Coord<f64>,
    r: f64,
    k: usize,
    lo: f64,
    hi: f64,
) -> LineString<f64> {
    let kx = DEG_PER_M / c.y.to_radians().cos();
    let ring = (0..k)
        .map(|j| {
            let angle = std::f64::consts::TAU * j as f64 / k as f64;
            let rj = r * rng.range(lo, hi);
            Coord {
                x: c.x + rj * angle.cos() * kx,
                y: c.y + rj * angle.sin() * DEG_PER_M,
            }
        })
        .collect();
    LineString::new(ring)
}

/// `n` hazard zones, star-shaped polygons 300 m–3 km across with 6–20 vertices; every
/// 4th (i % 4 == 3) has a hole, every 5th (i % 5 == 4) is a MultiPolygon with a second
/// star 2.5 radii east. Class `c` is 高/中/低 (levels 3/2/1).
///
/// Draws per zone: lon, lat, radius (300–3000 m), vertex count (6 + ⌊15·u⌋), class
/// (⌊3·u⌋ → 高, 中, 低), then one radius factor per exterior
/// vertex (0.6–1.0); for a hole, one factor per hole vertex (0.1–0.3, same vertex count);
/// for a second part, one factor per vertex (0.6–1.0).
pub fn hazard_zones(n: usize, seed: u32) -> Layer {
    const CLASSES: [&str; 3] = ["高", "中", "低"];
    let mut rng = Mulberry32::new(seed);
    let features = (0..n)
        .map(|i| {
            let c = rng.anchor();
            let r = rng.range(300.0, 3000.0);
            let k = (6 + (rng.next_f64() * 15.0) as usize).min(20);
            let class = CLASSES[((rng.next_f64() * 3.0) as usize).min(2)];
            let exterior = star(&mut rng, c, r, k, 0.6, 1.0);
            let holes = if i % 4 == 3 {
                vec![star(&mut rng, c, r, k, 0.1, 0.3)]
            } else {
                vec![]
            };
            let first = Polygon::new(exterior, holes);
            let geometry = if i % 5 == 4 {
                let kx = DEG_PER_M / c.y.to_radians().cos();
                let c2 = Coord {
                    x: c.x + 2.5 * r * kx,
                    y: c.y,
                };
                let second = Polygon::new(star(&mut rng, c2, r, k, 0.6, 1.0), vec![]);
                Geometry::MultiPolygon(MultiPolygon(vec![first, second]))
            } else {
                Geometry::Polygon(first)
            };
            Feature {
                geometry,
                properties: props(&[("name", &format!("Z{i}")), ("c", class)]),
            }
        })
        .collect();
    let mut zones = layer("synthetic_zones", LayerRole::HazardZones, features);
    zones.meta.class_field = Some("c".to_string());
    zones.meta.class_levels =
        BTreeMap::from([("高".into(), 3), ("中".into(), 2), ("低".into(), 1)]);
    zones
}

/// `n` detailed hazard zones with `total_vertices` distinct vertices in all (closing
/// repeats not counted), for the map-rendering benchmark (`examples/map_data.rs`):
/// star-shaped polygons 1–8 km across, each with ⌊total/n⌋ vertices (the first
/// `total % n` zones one more); every 4th (i % 4 == 3) gives a fifth of its vertices to a
/// hole. Class `class` is 高/中/低 (levels 3/2/1), the name the import dialog picks by
/// itself.
///
/// Draws per zone: lon, lat, radius (500–4000 m), class (⌊3·u⌋ → 高, 中, 低), then one
/// radius factor per exterior vertex (0.6–1.0) and, for a hole, one per hole vertex
/// (0.1–0.3).
pub fn detailed_zones(n: usize, total_vertices: usize, seed: u32) -> Layer {
    const CLASSES: [&str; 3] = ["高", "中", "低"];
    assert!(
        n > 0 && total_vertices >= 6 * n,
        "at least 6 vertices per zone"
    );
    let mut rng = Mulberry32::new(seed);
    let features = (0..n)
        .map(|i| {
            let c = rng.anchor();
            let r = rng.range(500.0, 4000.0);
            let class = CLASSES[((rng.next_f64() * 3.0) as usize).min(2)];
            let k = total_vertices / n + usize::from(i < total_vertices % n);
            let hole = if i % 4 == 3 { k / 5 } else { 0 };
            let exterior = star(&mut rng, c, r, k - hole, 0.6, 1.0);
            let holes = if hole > 0 {
                vec![star(&mut rng, c, r, hole, 0.1, 0.3)]
            } else {
                vec![]
            };
            Feature {
                geometry: Geometry::Polygon(Polygon::new(exterior, holes)),
                properties: props(&[("name", &format!("Z{i}")), ("class", class)]),
            }
        })
        .collect();
    let mut zones = layer("synthetic_detailed_zones", LayerRole::HazardZones, features);
    zones.meta.class_field = Some("class".to_string());
    zones.meta.class_levels =
        BTreeMap::from([("高".into(), 3), ("中".into(), 2), ("低".into(), 1)]);
    zones
}

/// The map benchmark's scene: `detailed_zones(zones, vertices, 4)` under `sites(sites, 1)`,
/// default styles, the sites in four grade colours (3 : 2 : 1 : 1). What
/// `benches/map_frame.rs` and `examples/frame_parts.rs` draw, and what `tests/bench/map.mjs`
/// imports (`examples/map_data.rs` writes the same layers).
pub fn map_scene(sites: usize, zones: usize, vertices: usize) -> crate::scene::Scene {
    use crate::risk::Rgba;
    use crate::scene::{default_style, Scene};
    let sites = self::sites(sites, 1);
    let zones = detailed_zones(zones, vertices, 4);
    let mut scene = Scene::default();
    scene.push_layer(&zones, default_style(&zones.meta, 0), None);
    let palette = [
        Rgba(0x1f, 0x78, 0xb4, 255),
        Rgba(0xff, 0xd7, 0x00, 255),
        Rgba(0xff, 0x8c, 0x00, 255),
        Rgba(0xe6, 0x30, 0x31, 255),
    ];
    let fills: Vec<Rgba> = (0..sites.features.len())
        .map(|i| palette[[0, 0, 0, 1, 1, 2, 3][i % 7]])
        .collect();
    scene.push_layer(&sites, default_style(&sites.meta, 0), Some(&fills));
    scene
}

/// `n` point sources (major hazard installations), `name` "H{i}". Draws per source: lon,
/// lat.
pub fn point_sources(n: usize, seed: u32) -> Layer {
    let mut rng = Mulberry32::new(seed);
    let features = (0..n)
        .map(|i| Feature {
            geometry: Geometry::Point(Point(rng.anchor())),
            properties: props(&[("name", &format!("H{i}"))]),
        })
        .collect();
    layer("synthetic_sources", LayerRole::Sources, features)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synthetic_mulberry32_matches_javascript() {
        // node: mulberry32(42) three times, times 2^32.
        let mut rng = Mulberry32::new(42);
        assert_eq!(
            [rng.next_u32(), rng.next_u32(), rng.next_u32()],
            [2_581_720_956, 1_925_393_290, 3_661_312_704]
        );
    }

    #[test]
    fn synthetic_points_match_the_javascript_port() {
        // The first site (seed 1) and source (seed 3) as a JavaScript port of `sites` and
        // `point_sources` computes them in Node.
        let first = |l: Layer| match l.features[0].geometry {
            Geometry::Point(p) => (p.x(), p.y()),
            _ => unreachable!("points"),
        };
        assert_eq!(first(sites(1, 1)), (118.75414788117632, 24.30547144236043));
        assert_eq!(
            first(point_sources(1, 3)),
            (118.94045356754214, 24.377324321027846)
        );
    }

    #[test]
    fn synthetic_layers_are_deterministic_and_in_bounds() {
        assert_eq!(hazard_zones(50, 7), hazard_zones(50, 7));
        let zones = hazard_zones(50, 7);
        assert!(matches!(
            zones.features[4].geometry,
            Geometry::MultiPolygon(_)
        ));
        let Geometry::Polygon(p) = &zones.features[3].geometry else {
            panic!("zone 3 is a polygon with a hole");
        };
        assert_eq!(p.interiors().len(), 1);
        for f in sites(100, 1).features {
            let Geometry::Point(p) = f.geometry else {
                panic!("sites are points")
            };
            assert!((BOUNDS[0]..BOUNDS[2]).contains(&p.x()));
            assert!((BOUNDS[1]..BOUNDS[3]).contains(&p.y()));
        }
        assert_eq!(footprints(3, 2).features.len(), 3);
        assert_eq!(point_sources(3, 2).meta.role, LayerRole::Sources);
    }

    #[test]
    fn synthetic_detailed_zones_have_the_vertex_total() {
        let zones = detailed_zones(10, 2_503, 5);
        assert_eq!(zones, detailed_zones(10, 2_503, 5));
        // Distinct vertices: each closed ring repeats its first vertex at the end.
        let distinct = |p: &Polygon<f64>| {
            std::iter::once(p.exterior())
                .chain(p.interiors())
                .map(|r| r.0.len() - 1)
                .sum::<usize>()
        };
        let mut total = 0;
        for (i, f) in zones.features.iter().enumerate() {
            let Geometry::Polygon(p) = &f.geometry else {
                panic!("detailed zones are polygons")
            };
            assert_eq!(p.interiors().len(), usize::from(i % 4 == 3));
            assert_eq!(distinct(p), if i < 3 { 251 } else { 250 });
            assert!(p.exterior().0.iter().all(|c| (117.4..119.6).contains(&c.x)));
            total += distinct(p);
        }
        assert_eq!(total, 2_503);
        assert_eq!(zones.meta.class_field.as_deref(), Some("class"));
    }
}
