//! Levels of detail for long rings and lines, so a zoomed-out frame does not project and
//! paint vertices that land on the same pixel.
//!
//! Each path of [`MIN_POINTS`] or more vertices keeps Douglas–Peucker versions at
//! tolerances 1, 4, 16 … metres (Web Mercator), each simplified from the one before (cheap,
//! and error adds up to under 4/3 of the last tolerance). A frame takes the coarsest level
//! whose tolerance is under [`PIXEL_SHARE`] of a pixel, so the simplification never shows.
//! Built once when a layer joins the scene; 600,000 small footprints keep none.

/// Paths shorter than this are drawn as they are at every zoom.
const MIN_POINTS: usize = 32;
/// A level is kept only when it drops at least a quarter of the previous level's vertices.
const KEEP_RATIO: f64 = 0.75;
/// Largest tolerance built, metres.
const MAX_TOLERANCE_M: f64 = 65_536.0;
/// Share of a pixel a level's tolerance may reach and still be used.
const PIXEL_SHARE: f64 = 0.75;

type Pts = Vec<[f64; 2]>;

/// A path and its simplified levels, coarser with each.
#[derive(Debug, Clone)]
pub(crate) struct LodPath {
    pub full: Pts,
    /// `(tolerance m, points)`, tolerance ascending; `None` for short paths.
    levels: Option<Box<[(f64, Pts)]>>,
}

impl LodPath {
    /// `closed`: a ring (first = last), which keeps at least 4 points at every level.
    pub fn new(full: Pts, closed: bool) -> Self {
        let levels = (full.len() >= MIN_POINTS).then(|| {
            let min = if closed { 4 } else { 2 };
            let mut levels: Vec<(f64, Pts)> = Vec::new();
            let mut tolerance = 1.0;
            while tolerance <= MAX_TOLERANCE_M {
                let prev = levels.last().map_or(&full, |l| &l.1);
                let next = simplify(prev, tolerance);
                if next.len() < min {
                    break;
                }
                if (next.len() as f64) <= prev.len() as f64 * KEEP_RATIO {
                    let done = next.len() <= min;
                    levels.push((tolerance, next));
                    if done {
                        break;
                    }
                }
                tolerance *= 4.0;
            }
            levels.into_boxed_slice()
        });
        LodPath {
            full,
            levels: levels.filter(|l| !l.is_empty()),
        }
    }

    /// The points to draw at `res` metres a pixel.
    pub fn at(&self, res: f64) -> &[[f64; 2]] {
        let limit = res * PIXEL_SHARE;
        self.levels
            .as_ref()
            .and_then(|l| l.iter().rev().find(|(t, _)| *t <= limit))
            .map_or(&self.full, |(_, p)| p)
    }
}

/// Douglas–Peucker with an explicit stack (no recursion depth limit on 1M-vertex rings).
/// For a ring the chord from first to last is a point, so the first split is at the vertex
/// farthest from it, as a ring needs.
fn simplify(points: &[[f64; 2]], tolerance: f64) -> Pts {
    let n = points.len();
    if n < 3 {
        return points.to_vec();
    }
    let mut keep = vec![false; n];
    keep[0] = true;
    keep[n - 1] = true;
    let mut stack = vec![(0usize, n - 1)];
    let t2 = tolerance * tolerance;
    while let Some((a, b)) = stack.pop() {
        if b <= a + 1 {
            continue;
        }
        let (mut worst, mut at) = (-1.0, a);
        for (i, p) in points.iter().enumerate().take(b).skip(a + 1) {
            let d = dist2_to_segment(*p, points[a], points[b]);
            if d > worst {
                worst = d;
                at = i;
            }
        }
        if worst > t2 {
            keep[at] = true;
            stack.push((a, at));
            stack.push((at, b));
        }
    }
    points
        .iter()
        .zip(keep)
        .filter_map(|(p, k)| k.then_some(*p))
        .collect()
}

/// Squared distance from `p` to segment `a`–`b`.
pub(crate) fn dist2_to_segment(p: [f64; 2], a: [f64; 2], b: [f64; 2]) -> f64 {
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 {
        (((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (x, y) = (a[0] + t * dx - p[0], a[1] + t * dy - p[1]);
    x * x + y * y
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A closed ring of `n` vertices on a circle of radius `r` metres.
    fn circle(n: usize, r: f64) -> Pts {
        let mut pts: Pts = (0..n)
            .map(|i| {
                let a = i as f64 / n as f64 * std::f64::consts::TAU;
                [r * a.cos(), r * a.sin()]
            })
            .collect();
        pts.push(pts[0]);
        pts
    }

    #[test]
    fn lod_levels_shrink_and_stay_within_their_tolerance() {
        let ring = circle(4000, 5000.0);
        let lod = LodPath::new(ring.clone(), true);
        let levels = lod.levels.as_ref().expect("a long ring has levels");
        let mut last = ring.len();
        for (t, pts) in levels.iter() {
            assert!(pts.len() < last, "level {t} keeps {} of {last}", pts.len());
            assert!(pts.len() >= 4 && pts.first() == pts.last());
            // Every original vertex is within 4/3 of the tolerance of the simplified ring.
            for p in &ring {
                let d = pts
                    .windows(2)
                    .map(|w| dist2_to_segment(*p, w[0], w[1]))
                    .fold(f64::INFINITY, f64::min)
                    .sqrt();
                assert!(d <= t * 4.0 / 3.0 + 1e-6, "{d} > {t}");
            }
            last = pts.len();
        }
        // Zoomed in, the full ring; zoomed out, far fewer points.
        assert_eq!(lod.at(0.5).len(), ring.len());
        assert!(lod.at(500.0).len() < 40, "{}", lod.at(500.0).len());
    }

    #[test]
    fn lod_short_paths_and_degenerate_input_are_kept_as_they_are() {
        let small = circle(10, 100.0);
        assert_eq!(LodPath::new(small.clone(), true).at(1e6), &small[..]);
        let line: Pts = (0..100).map(|i| [i as f64, 0.0]).collect();
        let lod = LodPath::new(line, false);
        assert_eq!(lod.at(10.0), &[[0.0, 0.0], [99.0, 0.0]][..]);
        let same = vec![[1.0, 1.0]; 50];
        assert!(LodPath::new(same.clone(), true).at(100.0).len() <= same.len());
        let nan = vec![[f64::NAN, 0.0]; 40];
        let _ = LodPath::new(nan, true).at(10.0);
    }
}
