//! Where a buffer drawn front to back is already opaque, by cells of a few pixels: what
//! lies wholly behind opaque cells need not be drawn. Shared by the frame raster (fills,
//! hairlines) and the marker stamps.

/// Side of the coverage cells, device pixels: small, so a shape's box is soon covered
/// (zoomed out, 3 in 4 markers of the map benchmark are skipped), and at most 15, so a
/// cell's count fits a byte.
pub(crate) const CELL: usize = 4;

/// Per [`CELL`]-pixel square cell of a buffer drawn front to back, row by row: its pixels
/// not yet opaque. A shape lying in cells at 0 is hidden by what is in front of it and
/// need not be drawn at all.
#[derive(Debug, Default)]
pub(crate) struct Cover {
    remaining: Vec<u8>,
    cells_w: usize,
}

impl Cover {
    /// Every pixel of a `width` × `height` buffer still to cover.
    pub(crate) fn reset(&mut self, width: usize, height: usize) {
        // Every cell starts with all its pixels to cover (fewer in the last column and row).
        self.cells_w = width.div_ceil(CELL);
        let cells_h = height.div_ceil(CELL);
        self.remaining.clear();
        self.remaining
            .resize(self.cells_w * cells_h, (CELL * CELL) as u8);
        let (rx, ry) = (width % CELL, height % CELL);
        for ky in 0..cells_h {
            for kx in 0..self.cells_w {
                let cw = if rx != 0 && kx == self.cells_w - 1 {
                    rx
                } else {
                    CELL
                };
                let ch = if ry != 0 && ky == cells_h - 1 {
                    ry
                } else {
                    CELL
                };
                if cw * ch != CELL * CELL {
                    self.remaining[ky * self.cells_w + kx] = (cw * ch) as u8;
                }
            }
        }
    }

    /// Counts afresh, in the cells that meet `boxes`, the pixels of `pixels` (`width`
    /// wide, the size of the last `reset`) that are not opaque; other cells keep stale
    /// counts and must not be asked.
    pub(crate) fn recount(&mut self, pixels: &[u32], width: usize, boxes: &[[usize; 4]]) {
        let height = pixels.len() / width.max(1);
        for &[x0, y0, x1, y1] in boxes {
            if x0 >= x1 || y0 >= y1 {
                continue;
            }
            for ky in y0 / CELL..=(y1 - 1) / CELL {
                for kx in x0 / CELL..=(x1 - 1) / CELL {
                    let (px0, px1) = (kx * CELL, ((kx + 1) * CELL).min(width));
                    let rows = ky * CELL..((ky + 1) * CELL).min(height);
                    let open = rows
                        .map(|y| {
                            pixels[y * width + px0..y * width + px1]
                                .iter()
                                .filter(|&&p| p >> 24 != 255)
                                .count()
                        })
                        .sum::<usize>();
                    self.remaining[ky * self.cells_w + kx] = open as u8;
                }
            }
        }
    }

    /// Whether every pixel of the non-empty box `[x0, y0, x1, y1]` (exclusive) is opaque.
    #[inline]
    pub(crate) fn hidden(&self, [x0, y0, x1, y1]: [usize; 4]) -> bool {
        let cw = self.cells_w;
        let (kx0, kx1) = (x0 / CELL, (x1 - 1) / CELL);
        (y0 / CELL..=(y1 - 1) / CELL).all(|ky| {
            self.remaining[ky * cw + kx0..=ky * cw + kx1]
                .iter()
                .all(|&r| r == 0)
        })
    }

    /// The cells of pixel row `y`, indexed by column / [`CELL`].
    #[inline]
    pub(crate) fn row(&mut self, y: usize) -> &mut [u8] {
        let cw = self.cells_w;
        &mut self.remaining[(y / CELL) * cw..(y / CELL + 1) * cw]
    }

    /// Pixel (x, y) has just become opaque.
    #[inline]
    pub(crate) fn covered(&mut self, x: usize, y: usize) {
        self.remaining[(y / CELL) * self.cells_w + x / CELL] -= 1;
    }
}
