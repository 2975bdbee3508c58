//! A uniform grid over the zone parts' boxes, for "which parts may contain this point".
//!
//! Why beside the R-tree: the overlay asks this once per site, 100,000 times, and a point
//! query walks several R-tree levels through a generic iterator (half the overlay's time
//! when it was rstar alone). Here a query is two multiplications and one slice. The grid is
//! built once from a bulk load; the R-tree stays for envelope queries and for indexes
//! extended feature by feature.

/// Part numbers per grid cell, as one flat list: cell `c` holds
/// `items[cell_starts[c]..cell_starts[c + 1]]`, in increasing part order.
#[derive(Debug, Clone)]
pub(crate) struct PointGrid {
    min: [f64; 2],
    max: [f64; 2],
    scale: [f64; 2],
    nx: usize,
    ny: usize,
    cell_starts: Vec<u32>,
    items: Vec<u32>,
}

/// A grid never lists a part more than this many times over on average (plus a floor for
/// tiny inputs): a few huge zones would otherwise fill every cell of a fine grid.
const MAX_ENTRIES_PER_PART: usize = 16;

/// Cells per part: finer cells mean fewer boxes to test per point, more entries to keep.
const CELLS_PER_PART: usize = 4;

impl PointGrid {
    /// A grid over `boxes` (`[min_x, min_y, max_x, max_y]` per part), about one cell per
    /// part, coarsened until the cell lists stay small. `None` without a finite box.
    pub fn new(boxes: &[[f64; 4]]) -> Option<Self> {
        let mut min = [f64::INFINITY; 2];
        let mut max = [f64::NEG_INFINITY; 2];
        for b in boxes.iter().filter(|b| b.iter().all(|v| v.is_finite())) {
            min = [min[0].min(b[0]), min[1].min(b[1])];
            max = [max[0].max(b[2]), max[1].max(b[3])];
        }
        if !(min[0] <= max[0] && min[1] <= max[1]) {
            return None;
        }
        let (w, h) = (max[0] - min[0], max[1] - min[1]);
        let n = (CELLS_PER_PART * boxes.len()).max(1) as f64;
        // About n square cells over the extent, each side at least 1 and at most 4,096.
        let aspect = if w > 0.0 && h > 0.0 { w / h } else { 1.0 };
        let mut nx = ((n * aspect).sqrt().ceil() as usize).clamp(1, 4096);
        let mut ny = ((n / nx as f64).ceil() as usize).clamp(1, 4096);
        if w <= 0.0 {
            nx = 1;
        }
        if h <= 0.0 {
            ny = 1;
        }
        loop {
            let grid = PointGrid {
                min,
                max,
                scale: [
                    if w > 0.0 { nx as f64 / w } else { 0.0 },
                    if h > 0.0 { ny as f64 / h } else { 0.0 },
                ],
                nx,
                ny,
                cell_starts: Vec::new(),
                items: Vec::new(),
            };
            let entries: usize = boxes
                .iter()
                .filter_map(|b| grid.cells_of(b))
                .map(|(x0, y0, x1, y1)| (x1 - x0 + 1) * (y1 - y0 + 1))
                .sum();
            if entries <= MAX_ENTRIES_PER_PART * boxes.len() + 1024 || (nx == 1 && ny == 1) {
                return Some(grid.filled(boxes));
            }
            nx = nx.div_ceil(2);
            ny = ny.div_ceil(2);
        }
    }

    /// The cell lists, by counting then placing.
    fn filled(mut self, boxes: &[[f64; 4]]) -> Self {
        let cells = self.nx * self.ny;
        let mut counts = vec![0u32; cells + 1];
        for b in boxes {
            self.for_each_cell(b, |c| counts[c + 1] += 1);
        }
        for c in 0..cells {
            counts[c + 1] += counts[c];
        }
        let mut next = counts.clone();
        let mut items = vec![0u32; counts[cells] as usize];
        for (i, b) in boxes.iter().enumerate() {
            self.for_each_cell(b, |c| {
                items[next[c] as usize] = i as u32;
                next[c] += 1;
            });
        }
        self.cell_starts = counts;
        self.items = items;
        self
    }

    fn for_each_cell(&self, b: &[f64; 4], mut f: impl FnMut(usize)) {
        if let Some((x0, y0, x1, y1)) = self.cells_of(b) {
            for y in y0..=y1 {
                for x in x0..=x1 {
                    f(y * self.nx + x);
                }
            }
        }
    }

    /// The cell range a box covers; `None` for a box with a NaN or infinite side.
    fn cells_of(&self, b: &[f64; 4]) -> Option<(usize, usize, usize, usize)> {
        if !b.iter().all(|v| v.is_finite()) {
            return None;
        }
        Some((
            self.col(b[0]),
            self.row(b[1]),
            self.col(b[2]),
            self.row(b[3]),
        ))
    }

    // The same monotone map for boxes and points, so a point inside a box always falls in
    // a cell the box is listed in.
    fn col(&self, x: f64) -> usize {
        (((x - self.min[0]) * self.scale[0]) as usize).min(self.nx - 1)
    }

    fn row(&self, y: f64) -> usize {
        (((y - self.min[1]) * self.scale[1]) as usize).min(self.ny - 1)
    }

    /// The parts whose boxes may hold `(x, y)`, in increasing order; empty outside the
    /// grid's extent (and for NaN).
    pub fn candidates(&self, x: f64, y: f64) -> &[u32] {
        if !(x >= self.min[0] && x <= self.max[0] && y >= self.min[1] && y <= self.max[1]) {
            return &[];
        }
        let c = self.row(y) * self.nx + self.col(x);
        &self.items[self.cell_starts[c] as usize..self.cell_starts[c + 1] as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn covering(boxes: &[[f64; 4]], x: f64, y: f64) -> Vec<u32> {
        (0..boxes.len() as u32)
            .filter(|&i| {
                let b = boxes[i as usize];
                b[0] <= x && x <= b[2] && b[1] <= y && y <= b[3]
            })
            .collect()
    }

    #[test]
    fn point_grid_lists_every_box_that_holds_a_point() {
        let boxes: Vec<[f64; 4]> = (0..300)
            .map(|i| {
                let x = (i * 37 % 101) as f64 * 0.1;
                let y = (i * 53 % 97) as f64 * 0.1;
                let s = 0.05 + (i % 7) as f64 * 0.3;
                [x, y, x + s, y + s * 0.5]
            })
            .chain([[-5.0, -5.0, 20.0, 20.0], [3.0, 3.0, 3.0, 3.0]])
            .collect();
        let grid = PointGrid::new(&boxes).unwrap();
        for ix in -60..=210 {
            for iy in -60..=210 {
                let (x, y) = (ix as f64 * 0.1, iy as f64 * 0.1);
                let got: Vec<u32> = grid
                    .candidates(x, y)
                    .iter()
                    .copied()
                    .filter(|&i| covering(&boxes, x, y).contains(&i))
                    .collect();
                assert_eq!(got, covering(&boxes, x, y), "at ({x}, {y})");
            }
        }
        assert!(grid.candidates(f64::NAN, 1.0).is_empty());
        assert!(grid.candidates(30.0, 1.0).is_empty());
    }

    #[test]
    fn point_grid_stays_small_when_one_box_covers_everything() {
        let mut boxes = vec![[0.0, 0.0, 1000.0, 1000.0]; 50];
        boxes.extend((0..5000).map(|i| {
            let x = (i % 100) as f64 * 10.0;
            let y = (i / 100) as f64 * 20.0;
            [x, y, x + 1.0, y + 1.0]
        }));
        let grid = PointGrid::new(&boxes).unwrap();
        assert!(grid.items.len() <= MAX_ENTRIES_PER_PART * boxes.len() + 1024);
        assert!(grid.candidates(500.0, 500.0).len() >= 50);
    }

    #[test]
    fn point_grid_handles_degenerate_and_empty_input() {
        assert!(PointGrid::new(&[]).is_none());
        assert!(PointGrid::new(&[[f64::NAN, 0.0, 1.0, 1.0]]).is_none());
        let line = PointGrid::new(&[[0.0, 1.0, 4.0, 1.0], [2.0, 1.0, 2.0, 1.0]]).unwrap();
        assert_eq!(line.candidates(2.0, 1.0), &[0, 1]);
        assert!(line.candidates(2.0, 1.5).is_empty());
    }
}
