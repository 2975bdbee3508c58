//! Label placement on screen: the most important labels win, none overlaps another.
//!
//! On a tablet a dense district map has thousands of candidate labels; drawing them all
//! makes none readable. Placement is greedy (highest priority first), with the boxes
//! estimated from character counts, since the engine has no font metrics (no browser);
//! the estimate errs wide so real text stays inside its box.

/// A label the map would like to show.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelCandidate {
    /// Centre, CSS pixels from the canvas's top-left.
    pub x: f32,
    pub y: f32,
    pub text: String,
    /// Higher is placed first.
    pub priority: f32,
    pub font_px: f32,
}

/// A label that got a place.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedLabel {
    pub x: f32,
    pub y: f32,
    pub text: String,
    pub font_px: f32,
    /// The box it reserves, halo included: min x, min y, max x, max y.
    pub bbox: [f32; 4],
}

/// Room around the text for the halo that keeps it legible over fills.
const HALO_PX: f32 = 4.0;
/// Side of a collision-grid cell: a few labels per cell at usual font sizes.
const CELL_PX: f32 = 64.0;
/// Upper bound on grid cells, so an absurd canvas size cannot allocate without bound.
const MAX_CELLS: f32 = 16_384.0;

/// Places labels greedily: highest priority first (input order among equals), each kept
/// only if its estimated box lies within the `width` × `height` viewport and overlaps no
/// label placed before it (touching edges is allowed). Empty text and non-finite
/// positions or sizes are dropped; a NaN priority counts as the lowest.
///
/// Lookups go through a uniform grid, so the cost is about linear in the candidates
/// (plus the sort), not quadratic: a frame with 10,000 candidates stays cheap.
pub fn place_labels(candidates: Vec<LabelCandidate>, width: f32, height: f32) -> Vec<PlacedLabel> {
    if !(width.is_finite() && height.is_finite() && width > 0.0 && height > 0.0) {
        return Vec::new();
    }
    let mut candidates = candidates;
    // (priority, box, position): small and flat, so the sort moves 28 bytes, not labels.
    let mut order: Vec<(f32, [f32; 4], u32)> = candidates
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let b = label_box(c, width)?;
            let inside = b[0] >= 0.0 && b[1] >= 0.0 && b[2] <= width && b[3] <= height;
            let priority = if c.priority.is_nan() {
                f32::NEG_INFINITY
            } else {
                c.priority
            };
            // A Vec longer than u32::MAX labels cannot be drawn anyway.
            inside.then_some((priority, b, u32::try_from(i).ok()?))
        })
        .collect();
    // Stable: equal priorities keep their input order.
    order.sort_by(|a, b| b.0.total_cmp(&a.0));

    let mut grid = Grid::new(width, height);
    // Boxes of the placed labels, apart from their text so the overlap scan stays in cache.
    let mut boxes: Vec<[f32; 4]> = Vec::new();
    let mut placed: Vec<PlacedLabel> = Vec::new();
    for (_, b, i) in order {
        let (cols, rows) = grid.span(&b);
        let hit = rows.clone().any(|r| {
            cols.clone().any(|col| {
                grid.cells[r * grid.cols + col]
                    .iter()
                    .any(|&j| overlaps(&boxes[j as usize], &b))
            })
        });
        if hit {
            continue;
        }
        let id = boxes.len() as u32;
        for r in rows {
            for col in cols.clone() {
                grid.cells[r * grid.cols + col].push(id);
            }
        }
        boxes.push(b);
        let c = &mut candidates[i as usize];
        placed.push(PlacedLabel {
            x: c.x,
            y: c.y,
            text: std::mem::take(&mut c.text),
            font_px: c.font_px,
            bbox: b,
        });
    }
    placed
}

/// The estimated box of a candidate; `None` when it cannot be shown at all.
fn label_box(c: &LabelCandidate, max_width: f32) -> Option<[f32; 4]> {
    if !(c.x.is_finite() && c.y.is_finite() && c.font_px.is_finite() && c.font_px > 0.0) {
        return None;
    }
    if c.text.trim().is_empty() {
        return None;
    }
    let mut w = HALO_PX;
    for ch in c.text.chars() {
        w += if is_wide(ch) {
            c.font_px
        } else {
            0.6 * c.font_px
        };
        if w > max_width {
            // Wider than the viewport: it can never fit, and a huge text stops here.
            return None;
        }
    }
    let h = 1.2 * c.font_px + HALO_PX;
    Some([c.x - w / 2.0, c.y - h / 2.0, c.x + w / 2.0, c.y + h / 2.0])
}

/// Characters drawn about a full em wide: CJK, kana, hangul, full-width forms, emoji.
fn is_wide(ch: char) -> bool {
    matches!(ch as u32,
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x1F300..=0x1F64F
        | 0x1F900..=0x1F9FF
        | 0x20000..=0x3FFFD)
}

/// Strict overlap: boxes that only share an edge do not collide.
fn overlaps(a: &[f32; 4], b: &[f32; 4]) -> bool {
    a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]
}

/// Placed labels by the cells their boxes cover.
struct Grid {
    cell: f32,
    cols: usize,
    rows: usize,
    cells: Vec<Vec<u32>>,
}

impl Grid {
    fn new(width: f32, height: f32) -> Self {
        let cell = CELL_PX.max((width * height / MAX_CELLS).sqrt());
        let cols = ((width / cell).ceil() as usize).max(1);
        let rows = ((height / cell).ceil() as usize).max(1);
        Grid {
            cell,
            cols,
            rows,
            cells: vec![Vec::new(); cols * rows],
        }
    }

    /// Column and row ranges covered by a box inside the viewport.
    fn span(&self, b: &[f32; 4]) -> (std::ops::Range<usize>, std::ops::Range<usize>) {
        let at = |v: f32, n: usize| ((v / self.cell).floor().max(0.0) as usize).min(n - 1);
        (
            at(b[0], self.cols)..at(b[2], self.cols) + 1,
            at(b[1], self.rows)..at(b[3], self.rows) + 1,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cand(x: f32, y: f32, text: &str, priority: f32) -> LabelCandidate {
        LabelCandidate {
            x,
            y,
            text: text.to_string(),
            priority,
            font_px: 12.0,
        }
    }

    /// SplitMix64: a fixed-seed generator without a new dependency.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^ (z >> 31)
        }

        /// Uniform in [lo, hi).
        fn range(&mut self, lo: f32, hi: f32) -> f32 {
            lo + (self.next() >> 40) as f32 / (1u64 << 24) as f32 * (hi - lo)
        }
    }

    fn random_candidates(rng: &mut Rng, n: usize, w: f32, h: f32) -> Vec<LabelCandidate> {
        const WORDS: [&str; 8] = [
            "思明区",
            "湖里",
            "Haicang",
            "集美区管委会",
            "A1",
            "",
            "翔安 Xiang'an",
            " ",
        ];
        (0..n)
            .map(|_| LabelCandidate {
                x: rng.range(-50.0, w + 50.0),
                y: rng.range(-50.0, h + 50.0),
                text: WORDS[(rng.next() % WORDS.len() as u64) as usize].to_string(),
                // Few distinct priorities, so ties are common.
                priority: (rng.next() % 5) as f32,
                font_px: rng.range(9.0, 20.0),
            })
            .collect()
    }

    /// The same greedy rule without the grid: quadratic, obviously right.
    fn brute_force(c: Vec<LabelCandidate>, w: f32, h: f32) -> Vec<PlacedLabel> {
        let mut order: Vec<usize> = (0..c.len()).collect();
        order.sort_by(|&a, &b| c[b].priority.total_cmp(&c[a].priority));
        let mut placed: Vec<PlacedLabel> = Vec::new();
        for i in order {
            let Some(b) = label_box(&c[i], w) else {
                continue;
            };
            if b[0] < 0.0 || b[1] < 0.0 || b[2] > w || b[3] > h {
                continue;
            }
            if placed.iter().all(|p| !overlaps(&p.bbox, &b)) {
                placed.push(PlacedLabel {
                    x: c[i].x,
                    y: c[i].y,
                    text: c[i].text.clone(),
                    font_px: c[i].font_px,
                    bbox: b,
                });
            }
        }
        placed
    }

    #[test]
    fn placed_labels_never_overlap_and_match_brute_force() {
        let mut rng = Rng(20240611);
        for round in 0..40 {
            let (w, h) = (rng.range(100.0, 1500.0), rng.range(100.0, 1000.0));
            let n = 50 + round * 40;
            let c = random_candidates(&mut rng, n, w, h);
            let placed = place_labels(c.clone(), w, h);
            for (i, a) in placed.iter().enumerate() {
                assert!(a.bbox[0] >= 0.0 && a.bbox[1] >= 0.0 && a.bbox[2] <= w && a.bbox[3] <= h);
                assert!(!a.text.trim().is_empty());
                for b in &placed[i + 1..] {
                    assert!(!overlaps(&a.bbox, &b.bbox), "{a:?} overlaps {b:?}");
                }
            }
            assert_eq!(placed, brute_force(c, w, h), "round {round}");
        }
    }

    #[test]
    fn higher_priority_wins_a_collision() {
        let placed = place_labels(
            vec![
                cand(100.0, 100.0, "低优先", 1.0),
                cand(105.0, 102.0, "高优先", 5.0),
            ],
            400.0,
            300.0,
        );
        assert_eq!(placed.len(), 1);
        assert_eq!(placed[0].text, "高优先");
    }

    #[test]
    fn ties_keep_input_order() {
        let placed = place_labels(
            vec![cand(100.0, 100.0, "先", 2.0), cand(101.0, 100.0, "后", 2.0)],
            400.0,
            300.0,
        );
        assert_eq!(placed.len(), 1);
        assert_eq!(placed[0].text, "先");
    }

    #[test]
    fn labels_leaving_the_viewport_are_dropped() {
        let placed = place_labels(
            vec![
                cand(-100.0, 50.0, "外", 9.0),
                cand(3.0, 50.0, "半在外", 9.0),
                cand(200.0, 299.0, "底边", 9.0),
                cand(200.0, 150.0, "中", 1.0),
            ],
            400.0,
            300.0,
        );
        let texts: Vec<&str> = placed.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, ["中"]);
    }

    #[test]
    fn empty_and_non_finite_candidates_are_dropped() {
        let mut bad = vec![cand(100.0, 100.0, "", 9.0), cand(150.0, 100.0, "  ", 9.0)];
        bad.push(cand(f32::NAN, 100.0, "甲", 9.0));
        bad.push(cand(100.0, f32::INFINITY, "乙", 9.0));
        let mut zero_font = cand(200.0, 200.0, "丙", 9.0);
        zero_font.font_px = 0.0;
        bad.push(zero_font);
        let mut nan_font = cand(250.0, 200.0, "丁", 9.0);
        nan_font.font_px = f32::NAN;
        bad.push(nan_font);
        assert!(place_labels(bad, 400.0, 300.0).is_empty());
        // A NaN priority still places, after everything else.
        let placed = place_labels(
            vec![
                cand(100.0, 100.0, "无", f32::NAN),
                cand(100.0, 100.0, "有", -1e30),
            ],
            400.0,
            300.0,
        );
        assert_eq!(placed.len(), 1);
        assert_eq!(placed[0].text, "有");
    }

    #[test]
    fn degenerate_viewports_place_nothing() {
        for (w, h) in [
            (0.0, 300.0),
            (400.0, -1.0),
            (f32::NAN, 300.0),
            (f32::INFINITY, 300.0),
        ] {
            assert!(place_labels(vec![cand(10.0, 10.0, "甲", 1.0)], w, h).is_empty());
        }
        // A huge canvas keeps the grid bounded.
        let placed = place_labels(vec![cand(1e6, 1e6, "甲", 1.0)], 1e9, 1e9);
        assert_eq!(placed.len(), 1);
    }

    #[test]
    fn box_estimate_counts_wide_and_narrow_characters() {
        let p = place_labels(vec![cand(100.0, 100.0, "风险ab", 1.0)], 400.0, 300.0);
        let b = p[0].bbox;
        // 2 × 12 + 2 × 7.2 + 4 wide, 1.2 × 12 + 4 high.
        assert!((b[2] - b[0] - 42.4).abs() < 1e-3, "{b:?}");
        assert!((b[3] - b[1] - 18.4).abs() < 1e-3, "{b:?}");
        assert!(((b[0] + b[2]) / 2.0 - 100.0).abs() < 1e-3);
        // Longer than the viewport: dropped, without measuring all of it.
        let long = "险".repeat(1_000_000);
        assert!(place_labels(vec![cand(200.0, 150.0, &long, 1.0)], 400.0, 300.0).is_empty());
    }

    // `Instant` panics on wasm32-unknown-unknown.
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn ten_thousand_candidates_place() {
        let mut rng = Rng(7);
        let c = random_candidates(&mut rng, 10_000, 1920.0, 1080.0);
        let start = std::time::Instant::now();
        let placed = place_labels(c, 1920.0, 1080.0);
        let took = start.elapsed();
        assert!(!placed.is_empty() && placed.len() < 10_000);
        // Generous: debug builds and shared CI machines; the point is "not quadratic".
        assert!(took.as_millis() < 500, "{took:?}");
    }
}
