//! Polygon parts kept as one flat run of coordinates, for the point-in-zone test.
//!
//! Why not `geo::Polygon` + `Intersects`: a site test on the hot path of the overlay
//! (100,000 sites × candidate zones) spends most of its time chasing the per-ring `Vec`s
//! and the generic coordinate-position machinery. Here every ring of every part sits in one
//! `Vec<Coord>`, and the test is a crossing count whose only arithmetic decision, "which
//! side of this edge", is made by the adaptive exact predicate `robust::orient2d`; so a
//! point exactly on an edge or a vertex is found on the boundary, as `geo` finds it, and
//! the boundary counts as inside (Turf's `booleanPointInPolygon` default).

use geo::{Coord, LineString, Polygon};

/// The rings of many polygon parts. Part `i` owns rings `part_rings[i]..part_rings[i + 1]`,
/// the first its exterior; ring `r` owns coordinates `ring_starts[r]..ring_starts[r + 1]`,
/// closed (first = last) as `geo` keeps them.
#[derive(Debug, Clone)]
pub(crate) struct FlatRings {
    coords: Vec<Coord<f64>>,
    ring_starts: Vec<u32>,
    part_rings: Vec<u32>,
}

impl Default for FlatRings {
    fn default() -> Self {
        FlatRings {
            coords: Vec::new(),
            ring_starts: vec![0],
            part_rings: vec![0],
        }
    }
}

/// Where a point lies against one ring.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RingPos {
    Inside,
    Outside,
    Boundary,
}

impl FlatRings {
    /// Appends `poly` as the next part and returns its number.
    pub fn push(&mut self, poly: &Polygon<f64>) -> usize {
        for ring in std::iter::once(poly.exterior()).chain(poly.interiors()) {
            self.coords.extend_from_slice(&ring.0);
            self.ring_starts.push(self.coords.len() as u32);
        }
        self.part_rings.push((self.ring_starts.len() - 1) as u32);
        self.part_rings.len() - 2
    }

    pub fn reserve(&mut self, parts: usize, rings: usize, coords: usize) {
        self.part_rings.reserve(parts);
        self.ring_starts.reserve(rings);
        self.coords.reserve(coords);
    }

    pub fn len(&self) -> usize {
        self.part_rings.len() - 1
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn ring(&self, r: usize) -> &[Coord<f64>] {
        &self.coords[self.ring_starts[r] as usize..self.ring_starts[r + 1] as usize]
    }

    /// Part `part` rebuilt as a `geo` polygon, for the rarer footprint and line tests.
    pub fn polygon(&self, part: usize) -> Polygon<f64> {
        let rings = self.part_rings[part] as usize..self.part_rings[part + 1] as usize;
        let mut rings = rings.map(|r| LineString(self.ring(r).to_vec()));
        let exterior = rings.next().unwrap_or_else(|| LineString(Vec::new()));
        Polygon::new(exterior, rings.collect())
    }

    /// Whether `p` lies in part `part` or on its boundary: inside the exterior or on it,
    /// and not strictly inside a hole (a point on a hole's ring is on the boundary).
    pub fn covers(&self, part: usize, p: Coord<f64>) -> bool {
        let rings = self.part_rings[part] as usize..self.part_rings[part + 1] as usize;
        let mut exterior = true;
        for r in rings {
            match ring_pos(self.ring(r), p) {
                RingPos::Boundary => return true,
                RingPos::Outside if exterior => return false,
                RingPos::Inside if !exterior => return false,
                _ => {}
            }
            exterior = false;
        }
        // An empty part (no exterior ring) covers nothing.
        !exterior
    }
}

/// Crossing count of the ray from `p` towards +x, with exact boundary detection.
///
/// An edge counts when it straddles the horizontal through `p` half-open (one end above,
/// the other at or below), which counts a vertex on the ray once. Each edge whose box holds
/// `p` is tested for collinearity exactly, so `p` on an edge or vertex is `Boundary`
/// whatever the rounding.
fn ring_pos(ring: &[Coord<f64>], p: Coord<f64>) -> RingPos {
    if ring.len() < 2 {
        return RingPos::Outside;
    }
    let mut inside = false;
    // Comparisons only, no `f64::min`/`max`: in wasm those are calls (NaN rules), and this
    // loop is the overlay's innermost.
    for w in ring.windows(2) {
        let (a, b) = (w[0], w[1]);
        let a_above = a.y > p.y;
        let b_above = b.y > p.y;
        if a_above && b_above {
            continue; // wholly above the horizontal through p
        }
        let west = a.x < p.x && b.x < p.x;
        let east = a.x > p.x && b.x > p.x;
        if a_above == b_above {
            // Both ends at or below p: p can only be on the edge if an end is level with
            // it and the edge spans p's x.
            if (a.y == p.y || b.y == p.y) && !west && !east && orient(a, b, p) == 0.0 {
                return RingPos::Boundary;
            }
            continue;
        }
        if west {
            continue; // the eastward ray misses an edge wholly west of p
        }
        if east {
            inside = !inside; // wholly east, and it straddles: a crossing
            continue;
        }
        let o = orient(a, b, p);
        if o == 0.0 {
            return RingPos::Boundary;
        }
        // p left of an upward edge, or right of a downward one, is west of it.
        if (o > 0.0) == b_above {
            inside = !inside;
        }
    }
    if inside {
        RingPos::Inside
    } else {
        RingPos::Outside
    }
}

fn orient(a: Coord<f64>, b: Coord<f64>, p: Coord<f64>) -> f64 {
    robust::orient2d(
        robust::Coord { x: a.x, y: a.y },
        robust::Coord { x: b.x, y: b.y },
        robust::Coord { x: p.x, y: p.y },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{coord, polygon, Intersects, Point};

    fn square_with_hole() -> Polygon<f64> {
        polygon!(
            exterior: [(x: 0., y: 0.), (x: 4., y: 0.), (x: 4., y: 4.), (x: 0., y: 4.)],
            interiors: [[(x: 1., y: 1.), (x: 3., y: 1.), (x: 3., y: 3.), (x: 1., y: 3.)]],
        )
    }

    #[test]
    fn flat_rings_agree_with_geo_on_a_grid_through_vertices_and_edges() {
        let polys = [
            square_with_hole(),
            polygon![(x: 0., y: 0.), (x: 2., y: 2.), (x: 4., y: 0.), (x: 4., y: 4.), (x: 0., y: 4.)],
            polygon![(x: 0.5, y: 0.), (x: 3.5, y: 1.5), (x: 0.5, y: 3.)],
        ];
        let mut flat = FlatRings::default();
        for p in &polys {
            flat.push(p);
        }
        for (i, poly) in polys.iter().enumerate() {
            for ix in -2..=18 {
                for iy in -2..=18 {
                    let c = coord! { x: ix as f64 * 0.25, y: iy as f64 * 0.25 };
                    assert_eq!(
                        flat.covers(i, c),
                        poly.intersects(&Point::from(c)),
                        "part {i} at {c:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn flat_rings_rebuild_the_polygon() {
        let mut flat = FlatRings::default();
        flat.push(&square_with_hole());
        assert_eq!(flat.polygon(0), square_with_hole());
        assert_eq!(flat.len(), 1);
    }

    #[test]
    fn flat_rings_boundary_of_a_hole_is_inside_and_the_hole_is_not() {
        let mut flat = FlatRings::default();
        flat.push(&square_with_hole());
        assert!(flat.covers(0, coord! { x: 1., y: 2. }));
        assert!(!flat.covers(0, coord! { x: 2., y: 2. }));
        assert!(flat.covers(0, coord! { x: 0.5, y: 2. }));
        assert!(!flat.covers(0, coord! { x: 5., y: 2. }));
    }
}
