//! [`ChordTree`]: a static, packed R-tree over source edges in Earth-centred coordinates,
//! with a best-first nearest search.
//!
//! Why not rstar here (rstar still holds the zones and the touching test): a nearest
//! query is the inner loop of `nearest_distances`, and rstar's generic nearest-neighbour
//! iterator spent three quarters of the query time in heap upkeep and per-axis trait
//! calls under the release profile's `opt-level = "z"` (perf, 100k sites × 10k sources).
//! A packed tree (items sorted along a Hilbert curve, nodes of 8 filled bottom-up, boxes
//! in one flat array, as flatbush does) is small, fast to build and fast to search.

use super::ellipsoid::{dot, segment_distance_3d, sub};
use super::geodesic::Vertex;

/// Children per node.
const NODE: usize = 8;

/// A source edge (a point is a zero-length edge) and what the search needs about it.
pub(crate) struct Edge {
    pub(crate) ends: [Vertex; 2],
    /// Metres the true (lon/lat) edge may lie from its chord, plus rounding.
    pub(crate) slack: f64,
    pub(crate) feature: usize,
}

impl Edge {
    /// A lower bound of the geodesic distance from `p` to the edge: no geodesic is shorter
    /// than its chord, and every point of the edge is within `slack` of the edge's chord.
    pub(crate) fn lower_bound(&self, p: &[f64; 3]) -> f64 {
        let [a, b] = [&self.ends[0].xyz, &self.ends[1].xyz];
        let chord = if a == b {
            let d = sub(p, a);
            dot(&d, &d).sqrt()
        } else {
            segment_distance_3d(p, a, b)
        };
        let d = chord - self.slack;
        if d > 0.0 {
            d
        } else {
            0.0
        }
    }

    fn bbox(&self) -> [f64; 6] {
        let [a, b] = [&self.ends[0].xyz, &self.ends[1].xyz];
        let s = self.slack;
        [
            a[0].min(b[0]) - s,
            a[1].min(b[1]) - s,
            a[2].min(b[2]) - s,
            a[0].max(b[0]) + s,
            a[1].max(b[1]) + s,
            a[2].max(b[2]) + s,
        ]
    }
}

/// Edges in Morton order, and the boxes of every level bottom-up: `boxes[..n]` are the
/// edges' own boxes, then each level's nodes, the root last.
pub(crate) struct ChordTree {
    edges: Vec<Edge>,
    boxes: Vec<[f64; 6]>,
    /// Start of each level in `boxes`, plus the end.
    levels: Vec<usize>,
}

impl ChordTree {
    pub(crate) fn new(mut edges: Vec<Edge>) -> Self {
        if edges.is_empty() {
            return ChordTree {
                edges,
                boxes: Vec::new(),
                levels: vec![0],
            };
        }
        let item_boxes: Vec<[f64; 6]> = edges.iter().map(Edge::bbox).collect();
        let mid = |e: &Edge| {
            let [a, b] = [e.ends[0].lonlat, e.ends[1].lonlat];
            ((a.x + b.x) / 2.0, (a.y + b.y) / 2.0)
        };
        let extent = edges.iter().map(mid).fold(
            [
                f64::INFINITY,
                f64::INFINITY,
                f64::NEG_INFINITY,
                f64::NEG_INFINITY,
            ],
            |r, (x, y)| [r[0].min(x), r[1].min(y), r[2].max(x), r[3].max(y)],
        );
        let mut keyed: Vec<(u64, usize)> = edges
            .iter()
            .enumerate()
            .map(|(i, e)| (hilbert_key(mid(e), &extent), i))
            .collect();
        keyed.sort_unstable();
        let mut order: Vec<Option<Edge>> = edges.drain(..).map(Some).collect();
        let edges: Vec<Edge> = keyed.iter().filter_map(|&(_, i)| order[i].take()).collect();
        let mut boxes: Vec<[f64; 6]> = keyed.iter().map(|&(_, i)| item_boxes[i]).collect();
        let mut levels = vec![0, boxes.len()];
        while levels[levels.len() - 1] - levels[levels.len() - 2] > 1 {
            let (start, end) = (levels[levels.len() - 2], levels[levels.len() - 1]);
            let mut i = start;
            while i < end {
                let j = (i + NODE).min(end);
                let b = boxes[i..j]
                    .iter()
                    .copied()
                    .reduce(union)
                    .unwrap_or_default();
                boxes.push(b);
                i = j;
            }
            levels.push(boxes.len());
        }
        ChordTree {
            edges,
            boxes,
            levels,
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.edges.len()
    }

    /// Offers `visit` every edge that could be nearer to `p` than `best` (a distance
    /// already known, or infinity), with its position in [`ChordTree::edge`]; `visit`
    /// returns the best distance so far, and the walk ends when no edge left can beat it.
    ///
    /// Depth first, children nearest first, a node skipped when its box is farther than
    /// the best distance: with a good first guess (the nearest box first, or a neighbour's
    /// answer as `best`) this prunes as well as a best-first search without a heap's
    /// upkeep.
    pub(crate) fn nearest(
        &self,
        p: &[f64; 3],
        mut best: f64,
        mut visit: impl FnMut(usize, &Edge) -> f64,
    ) {
        let Some(root) = self.boxes.len().checked_sub(1) else {
            return;
        };
        let top = self.levels.len() - 2;
        if top == 0 {
            visit(root, &self.edges[root]);
            return;
        }
        self.descend(root, top, p, &mut best, &mut visit);
    }

    /// The edge at `position` (as passed to `nearest`'s `visit`).
    pub(crate) fn edge(&self, position: usize) -> &Edge {
        &self.edges[position]
    }

    fn descend(
        &self,
        position: usize,
        level: usize,
        p: &[f64; 3],
        best: &mut f64,
        visit: &mut impl FnMut(usize, &Edge) -> f64,
    ) {
        let first = self.levels[level - 1] + (position - self.levels[level]) * NODE;
        let last = (first + NODE).min(self.levels[level]);
        // The children's squared bounds, kept sorted by insertion (at most NODE of them).
        let mut kids = [(0.0f64, 0usize); NODE];
        let mut k = 0;
        let best_2 = *best * *best;
        for child in first..last {
            let mut bound_2 = box_distance_2(&self.boxes[child], p);
            if bound_2 > best_2 {
                continue;
            }
            if level == 1 {
                // An edge's own bound is tighter than its box for a long diagonal edge.
                let d = self.edges[child].lower_bound(p);
                bound_2 = d * d;
                if bound_2 > best_2 {
                    continue;
                }
            }
            let mut j = k;
            while j > 0 && kids[j - 1].0 > bound_2 {
                kids[j] = kids[j - 1];
                j -= 1;
            }
            kids[j] = (bound_2, child);
            k += 1;
        }
        for &(bound_2, child) in &kids[..k] {
            if bound_2 > *best * *best {
                break;
            }
            if level == 1 {
                *best = visit(child, &self.edges[child]);
            } else {
                self.descend(child, level - 1, p, best, visit);
            }
        }
    }

    /// Calls `f` with every edge whose box meets the box `lo`–`hi`.
    pub(crate) fn for_each_in_box(&self, lo: [f64; 3], hi: [f64; 3], mut f: impl FnMut(&Edge)) {
        let Some(root) = self.boxes.len().checked_sub(1) else {
            return;
        };
        let query = [lo[0], lo[1], lo[2], hi[0], hi[1], hi[2]];
        let mut stack = vec![(root, self.levels.len() - 2)];
        while let Some((position, level)) = stack.pop() {
            if !overlaps(&self.boxes[position], &query) {
                continue;
            }
            if level == 0 {
                f(&self.edges[position]);
                continue;
            }
            let first = self.levels[level - 1] + (position - self.levels[level]) * NODE;
            let last = (first + NODE).min(self.levels[level]);
            stack.extend((first..last).map(|child| (child, level - 1)));
        }
    }
}

fn union(a: [f64; 6], b: [f64; 6]) -> [f64; 6] {
    [
        a[0].min(b[0]),
        a[1].min(b[1]),
        a[2].min(b[2]),
        a[3].max(b[3]),
        a[4].max(b[4]),
        a[5].max(b[5]),
    ]
}

fn overlaps(a: &[f64; 6], b: &[f64; 6]) -> bool {
    a[0] <= b[3] && b[0] <= a[3] && a[1] <= b[4] && b[1] <= a[4] && a[2] <= b[5] && b[2] <= a[5]
}

/// Squared distance from `p` to the box, 0 inside. Selects rather than `f64::max`, which
/// the size-optimised release profile leaves as calls to `fmax`, and rather than
/// branches, which mispredict on every other box.
fn box_distance_2(b: &[f64; 6], p: &[f64; 3]) -> f64 {
    let axis = |i: usize| {
        let below = b[i] - p[i];
        let above = p[i] - b[i + 3];
        let d = if below > above { below } else { above };
        let d = if d > 0.0 { d } else { 0.0 };
        d * d
    };
    axis(0) + axis(1) + axis(2)
}

/// Position along a Hilbert curve (16 bits per axis) of a lon/lat within `extent`.
///
/// The curve runs over the surface rather than through space: sources lie on a thin,
/// tilted shell, and a 3D curve cut into runs of eight made leaves half again as wide as
/// a 2D one does.
pub(crate) fn hilbert_key((x, y): (f64, f64), extent: &[f64; 4]) -> u64 {
    const N: u32 = 1 << 16;
    let scale = |v: f64, lo: f64, hi: f64| {
        if hi > lo {
            (((v - lo) / (hi - lo)).clamp(0.0, 1.0) * f64::from(N - 1)) as u32
        } else {
            0
        }
    };
    let (mut x, mut y) = (
        scale(x, extent[0], extent[2]),
        scale(y, extent[1], extent[3]),
    );
    let mut d = 0u64;
    let mut s = N / 2;
    while s > 0 {
        let rx = u32::from(x & s > 0);
        let ry = u32::from(y & s > 0);
        d += u64::from(s) * u64::from(s) * u64::from((3 * rx) ^ ry);
        if ry == 0 {
            if rx == 1 {
                x = N - 1 - x;
                y = N - 1 - y;
            }
            std::mem::swap(&mut x, &mut y);
        }
        s /= 2;
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::Coord;

    fn edges(n: usize) -> Vec<Edge> {
        let mut rng = crate::overlay::synthetic::Mulberry32::new(5);
        (0..n)
            .map(|i| {
                let a = Vertex::new(Coord {
                    x: rng.range(118.0, 119.0),
                    y: rng.range(24.0, 25.0),
                });
                Edge {
                    ends: [a, a],
                    slack: 0.0,
                    feature: i,
                }
            })
            .collect()
    }

    #[test]
    fn chord_tree_hilbert_key_visits_each_cell_once() {
        // On a 4 × 4 grid the keys (scaled to the top two bits) are a permutation.
        let extent = [0.0, 0.0, 3.0, 3.0];
        let mut keys: Vec<u64> = (0..16)
            .map(|i| hilbert_key((f64::from(i % 4), f64::from(i / 4)), &extent) >> 28)
            .collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), 16);
    }

    #[test]
    fn chord_tree_nearest_finds_the_brute_force_minimum() {
        let all = edges(1000);
        let tree = ChordTree::new(edges(1000));
        assert_eq!(tree.len(), 1000);
        for (x, y) in [(118.5, 24.5), (118.01, 24.99), (117.0, 23.0)] {
            let p = Vertex::new(Coord { x, y }).xyz;
            let (mut best, mut visits) = (f64::INFINITY, 0);
            tree.nearest(&p, f64::INFINITY, |_, e| {
                visits += 1;
                best = best.min(e.lower_bound(&p));
                best
            });
            let brute = all
                .iter()
                .map(|e| e.lower_bound(&p))
                .fold(f64::INFINITY, f64::min);
            assert_eq!(best, brute);
            assert!(visits < 100, "{visits} visits: the walk prunes");
        }
    }

    #[test]
    fn chord_tree_box_query_matches_brute_force() {
        let tree = ChordTree::new(edges(500));
        let c = Vertex::new(Coord { x: 118.3, y: 24.6 }).xyz;
        let r = 20_000.0;
        let (lo, hi) = (c.map(|v| v - r), c.map(|v| v + r));
        let mut got = Vec::new();
        tree.for_each_in_box(lo, hi, |e| got.push(e.feature));
        got.sort_unstable();
        let expected: Vec<usize> = edges(500)
            .iter()
            .filter(|e| overlaps(&e.bbox(), &[lo[0], lo[1], lo[2], hi[0], hi[1], hi[2]]))
            .map(|e| e.feature)
            .collect();
        assert!(!expected.is_empty());
        assert_eq!(got, expected);
    }

    #[test]
    fn chord_tree_empty_and_single() {
        let empty = ChordTree::new(Vec::new());
        let p = [0.0; 3];
        empty.nearest(&p, f64::INFINITY, |_, _| panic!("no edges"));
        empty.for_each_in_box(p, p, |_| panic!("no edges"));
        let one = ChordTree::new(edges(1));
        let mut n = 0;
        one.nearest(&p, f64::INFINITY, |_, _| {
            n += 1;
            f64::INFINITY
        });
        assert_eq!(n, 1);
    }
}
