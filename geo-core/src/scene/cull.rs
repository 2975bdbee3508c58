//! Which features of a layer a view can show: culling and sub-pixel skipping in one index.
//!
//! Features are filed by size class (the larger side of their box, in powers of two) and,
//! within a class, by the grid cell of their box centre, the cells [`CELLS_PER_CLASS`]
//! times the class's largest extent. A view then visits only the classes whose features
//! can cover a pixel, and only the cells its box (widened by the class's extent) meets, so
//! the cost of a frame follows what is on screen rather than what is loaded: zoomed out,
//! 600,000 building footprints are skipped class by class; zoomed in, a few cells answer.
//! Insertion is O(1), so a large layer joins the map a slice at a time without rebuilds.

use std::collections::HashMap;

/// Cell side as a multiple of the class's largest feature extent.
const CELLS_PER_CLASS: f64 = 16.0;
/// Cell side (Web Mercator metres) for points, which have no size.
const POINT_CELL_M: f64 = 2_000.0;

/// Size class of a box in Web Mercator metres. Class 0: points (no extent), drawn as
/// markers at any zoom; class c ≥ 1: the larger side in [2^(c-11), 2^(c-10)).
pub(crate) fn size_class(bbox: &[f64; 4]) -> usize {
    let extent = (bbox[2] - bbox[0]).max(bbox[3] - bbox[1]);
    if !extent.is_finite() || extent <= 0.0 {
        return 0;
    }
    (extent.max(1e-6).log2().floor() as i64 + 11).clamp(1, 80) as usize
}

/// The largest extent class `c` can hold (exclusive); 0 for class 0.
fn class_extent(c: usize) -> f64 {
    if c == 0 {
        0.0
    } else {
        2f64.powi(c as i32 - 10)
    }
}

#[derive(Debug, Clone, Default)]
struct ClassCells {
    cells: HashMap<(i64, i64), Vec<u32>>,
}

/// The index of one layer's features (positions in file order).
#[derive(Debug, Clone, Default)]
pub(crate) struct CullIndex {
    classes: Vec<ClassCells>,
    len: usize,
}

fn cell_side(c: usize) -> f64 {
    if c == 0 {
        POINT_CELL_M
    } else {
        class_extent(c) * CELLS_PER_CLASS
    }
}

impl CullIndex {
    /// Files feature `i` with box `bbox`.
    pub fn insert(&mut self, i: u32, bbox: &[f64; 4]) {
        self.len = self.len.max(i as usize + 1);
        if !bbox.iter().all(|v| v.is_finite()) {
            return; // an empty geometry: nothing to draw
        }
        let c = size_class(bbox);
        if self.classes.len() <= c {
            self.classes.resize_with(c + 1, ClassCells::default);
        }
        let side = cell_side(c);
        let key = (
            ((bbox[0] + bbox[2]) * 0.5 / side).floor() as i64,
            ((bbox[1] + bbox[3]) * 0.5 / side).floor() as i64,
        );
        self.classes[c].cells.entry(key).or_default().push(i);
    }

    /// Positions, in file order, of the features whose boxes may meet `world` and are at
    /// least `res` metres across (class 0 always). A superset of the visible ones: callers
    /// still test each box.
    pub fn visible(&self, world: &[f64; 4], res: f64) -> Vec<u32> {
        self.visible_any(std::slice::from_ref(world), res)
    }

    /// [`CullIndex::visible`] for several boxes: each feature once, in file order.
    pub fn visible_any(&self, worlds: &[[f64; 4]], res: f64) -> Vec<u32> {
        let mut seen = vec![0u64; self.len.div_ceil(64)];
        let mut count = 0usize;
        for world in worlds {
            for (c, class) in self.classes.iter().enumerate() {
                if c > 0 && class_extent(c) < res {
                    continue; // every feature of the class is under a pixel
                }
                let side = cell_side(c);
                // A centre up to half the class extent outside the view can still reach in.
                let pad = class_extent(c) * 0.5;
                let lo = (
                    ((world[0] - pad) / side).floor() as i64,
                    ((world[1] - pad) / side).floor() as i64,
                );
                let hi = (
                    ((world[2] + pad) / side).floor() as i64,
                    ((world[3] + pad) / side).floor() as i64,
                );
                let span = (hi.0 - lo.0 + 1).max(0) as u128 * (hi.1 - lo.1 + 1).max(0) as u128;
                let mut mark = |members: &Vec<u32>| {
                    for &i in members {
                        let (w, b) = (i as usize / 64, i % 64);
                        if seen[w] & (1 << b) == 0 {
                            seen[w] |= 1 << b;
                            count += 1;
                        }
                    }
                };
                if span > class.cells.len() as u128 {
                    // Zoomed far out: fewer occupied cells than cells in view.
                    for (k, members) in &class.cells {
                        if (lo.0..=hi.0).contains(&k.0) && (lo.1..=hi.1).contains(&k.1) {
                            mark(members);
                        }
                    }
                } else {
                    for x in lo.0..=hi.0 {
                        for y in lo.1..=hi.1 {
                            if let Some(members) = class.cells.get(&(x, y)) {
                                mark(members);
                            }
                        }
                    }
                }
            }
        }
        let mut out = Vec::with_capacity(count);
        for (w, &bits) in seen.iter().enumerate() {
            let mut bits = bits;
            while bits != 0 {
                let b = bits.trailing_zeros();
                out.push((w * 64) as u32 + b);
                bits &= bits - 1;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn overlaps(a: &[f64; 4], b: &[f64; 4]) -> bool {
        a[0] <= b[2] && a[2] >= b[0] && a[1] <= b[3] && a[3] >= b[1]
    }

    #[test]
    fn cull_index_returns_every_visible_feature_of_a_pixel_or_more_in_file_order() {
        let mut boxes = Vec::new();
        let mut seed = 7u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 11) as f64 / (1u64 << 53) as f64
        };
        for i in 0..3000 {
            let (x, y) = (next() * 200_000.0, next() * 200_000.0);
            let s = if i % 3 == 0 {
                0.0
            } else {
                next().powi(3) * 20_000.0
            };
            boxes.push([x, y, x + s, y + s * next()]);
        }
        let mut index = CullIndex::default();
        for (i, b) in boxes.iter().enumerate() {
            index.insert(i as u32, b);
        }
        for (world, res) in [
            ([0.0, 0.0, 200_000.0, 200_000.0], 150.0),
            ([50_000.0, 60_000.0, 58_000.0, 65_000.0], 5.0),
            ([-1e7, -1e7, 1e7, 1e7], 20_000.0),
            ([190_000.0, 0.0, 260_000.0, 10_000.0], 1.0),
        ] {
            let got = index.visible(&world, res);
            assert!(got.windows(2).all(|w| w[0] < w[1]), "file order");
            for (i, b) in boxes.iter().enumerate() {
                let extent = (b[2] - b[0]).max(b[3] - b[1]);
                let wanted = overlaps(b, &world) && (extent == 0.0 || extent >= res);
                if wanted {
                    assert!(
                        got.contains(&(i as u32)),
                        "feature {i} {b:?} in {world:?} at {res}"
                    );
                }
            }
        }
    }

    #[test]
    fn cull_index_skips_empty_geometries_and_keeps_points_at_any_zoom() {
        let mut index = CullIndex::default();
        index.insert(0, &[f64::INFINITY, 0.0, f64::NEG_INFINITY, 0.0]);
        index.insert(1, &[10.0, 10.0, 10.0, 10.0]);
        index.insert(2, &[10.0, 10.0, 10.5, 10.5]);
        assert_eq!(index.visible(&[0.0, 0.0, 100.0, 100.0], 50.0), vec![1]);
        assert_eq!(index.visible(&[0.0, 0.0, 100.0, 100.0], 0.1), vec![1, 2]);
    }

    #[test]
    fn cull_index_finds_a_large_feature_from_a_small_view_far_from_its_centre() {
        let mut index = CullIndex::default();
        index.insert(0, &[0.0, 0.0, 30_000.0, 20_000.0]);
        assert_eq!(index.visible(&[100.0, 100.0, 400.0, 300.0], 0.3), vec![0]);
        assert_eq!(
            index.visible(&[29_000.0, 19_000.0, 29_500.0, 19_400.0], 0.3),
            vec![0]
        );
    }
}
