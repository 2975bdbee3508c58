use super::*;

const RED: Rgba = Rgba(230, 48, 49, 255);
const WHITE: Rgba = Rgba(255, 255, 255, 255);

fn path(rings: &[&[[f32; 2]]]) -> Path {
    let mut p = Path::default();
    for r in rings {
        p.points.extend_from_slice(r);
        p.end_subpath();
    }
    p
}

fn polygons(p: Path, fill: Rgba) -> DrawCmd {
    DrawCmd::Polygons {
        path: p,
        fill,
        stroke: None,
        stroke_width: 1.0,
    }
}

fn square(x0: f32, y0: f32, x1: f32, y1: f32) -> Vec<[f32; 2]> {
    vec![[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]
}

#[test]
fn frame_raster_fills_a_square_exactly_and_blends_its_half_covered_edge() {
    let mut r = FrameRaster::default();
    r.begin(60, 40, Some(WHITE));
    r.draw(
        &[polygons(path(&[&square(10.0, 10.0, 30.5, 20.0)]), RED)],
        1.0,
    );
    assert_eq!(r.pixel(10, 10), [230, 48, 49, 255], "first covered pixel");
    assert_eq!(r.pixel(29, 19), [230, 48, 49, 255], "last covered pixel");
    assert_eq!(r.pixel(9, 15), [255, 255, 255, 255], "left of it");
    assert_eq!(r.pixel(15, 20), [255, 255, 255, 255], "below it");
    // Column 30 is half covered: half red, half white.
    let half = r.pixel(30, 15);
    assert!(
        (half[0] as i32 - 242).abs() <= 1 && (half[1] as i32 - 151).abs() <= 2,
        "{half:?}"
    );
    assert_eq!(r.pixel(31, 15), [255, 255, 255, 255]);
}

/// Winding number of `p` around the rings (crossing rule, non-zero).
fn winding(rings: &[Vec<[f32; 2]>], p: [f32; 2]) -> i32 {
    let mut w = 0;
    for ring in rings {
        for k in 0..ring.len() {
            let (a, b) = (ring[k], ring[(k + 1) % ring.len()]);
            let cross = (b[0] - a[0]) * (p[1] - a[1]) - (p[0] - a[0]) * (b[1] - a[1]);
            if a[1] <= p[1] && b[1] > p[1] && cross > 0.0 {
                w += 1;
            } else if a[1] > p[1] && b[1] <= p[1] && cross < 0.0 {
                w -= 1;
            }
        }
    }
    w
}

#[test]
fn frame_raster_coverage_matches_supersampling_for_random_polygons_with_holes_and_clipping() {
    let mut seed = 11u32;
    let mut next = || {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        (seed >> 8) as f32 / (1u32 << 24) as f32
    };
    let (w, h) = (48usize, 36usize);
    for case in 0..30 {
        // A star around a centre that may sit off the frame, and a hole wound the other way.
        let (cx, cy) = (next() * 64.0 - 8.0, next() * 52.0 - 8.0);
        let n = 5 + (next() * 20.0) as usize;
        let star: Vec<[f32; 2]> = (0..n)
            .map(|k| {
                let a = k as f32 / n as f32 * std::f32::consts::TAU;
                let rad = 6.0 + next() * 20.0;
                [cx + rad * a.cos(), cy + rad * a.sin()]
            })
            .collect();
        let hole: Vec<[f32; 2]> = (0..6)
            .rev()
            .map(|k| {
                let a = k as f32 / 6.0 * std::f32::consts::TAU;
                [cx + 3.0 * a.cos(), cy + 3.0 * a.sin()]
            })
            .collect();
        let rings = [star, hole];
        let dpr = if case % 3 == 0 { 1.5 } else { 1.0 };
        let mut r = FrameRaster::default();
        r.begin(w, h, None);
        let p = path(&[&rings[0], &rings[1]]);
        r.draw(&[polygons(p, Rgba(0, 0, 0, 255))], dpr);
        let scaled: Vec<Vec<[f32; 2]>> = rings
            .iter()
            .map(|ring| ring.iter().map(|q| [q[0] * dpr, q[1] * dpr]).collect())
            .collect();
        let ss = 16;
        for y in 0..h {
            for x in 0..w {
                let mut inside = 0;
                for sy in 0..ss {
                    for sx in 0..ss {
                        let q = [
                            x as f32 + (sx as f32 + 0.5) / ss as f32,
                            y as f32 + (sy as f32 + 0.5) / ss as f32,
                        ];
                        inside += (winding(&scaled, q) != 0) as u32;
                    }
                }
                let want = inside as f32 / (ss * ss) as f32 * 255.0;
                let got = r.pixel(x, y)[3] as f32;
                assert!(
                    (got - want).abs() <= 8.0,
                    "case {case} pixel ({x},{y}): alpha {got} vs {want:.0}"
                );
            }
        }
    }
}

#[test]
fn frame_raster_keeps_holes_open_and_one_command_does_not_darken_its_overlaps() {
    let half = Rgba(0, 0, 255, 128);
    let mut r = FrameRaster::default();
    r.begin(60, 40, None);
    let mut hole = square(15.0, 15.0, 25.0, 25.0);
    hole.reverse();
    r.draw(
        &[polygons(
            path(&[
                &square(10.0, 10.0, 30.0, 30.0),
                &hole,
                &square(20.0, 5.0, 50.0, 12.0),
            ]),
            half,
        )],
        1.0,
    );
    assert_eq!(r.pixel(20, 20)[3], 0, "the hole");
    assert_eq!(r.pixel(12, 20), [0, 0, 255, 128]);
    assert_eq!(
        r.pixel(25, 11),
        [0, 0, 255, 128],
        "overlap of two rings, same alpha"
    );
    assert_eq!(r.pixel(45, 8), [0, 0, 255, 128]);
}

#[test]
fn frame_raster_strokes_lines_and_outlines_at_their_width() {
    let mut r = FrameRaster::default();
    r.begin(60, 40, Some(WHITE));
    let mut line = Path::default();
    line.points.extend_from_slice(&[[5.0, 20.0], [50.0, 20.0]]);
    line.end_subpath();
    r.draw(
        &[
            DrawCmd::Lines {
                path: line,
                stroke: Rgba(0, 0, 0, 255),
                width: 2.0,
            },
            DrawCmd::Polygons {
                path: path(&[&square(10.5, 4.5, 30.5, 14.5)]),
                fill: Rgba(0, 0, 0, 0),
                stroke: Some(RED),
                stroke_width: 1.0,
            },
        ],
        1.0,
    );
    assert_eq!(r.pixel(20, 19), [0, 0, 0, 255], "row above the centre line");
    assert_eq!(r.pixel(20, 20), [0, 0, 0, 255], "row below it");
    assert_eq!(r.pixel(20, 18), [255, 255, 255, 255]);
    assert_eq!(r.pixel(20, 21), [255, 255, 255, 255]);
    // The outline: on the pixel centres of its edges, nothing inside.
    assert_eq!(r.pixel(20, 4), [230, 48, 49, 255]);
    assert_eq!(r.pixel(10, 9), [230, 48, 49, 255]);
    assert_eq!(r.pixel(30, 9), [230, 48, 49, 255]);
    assert_eq!(r.pixel(20, 9), [255, 255, 255, 255]);
}

#[test]
fn frame_raster_draws_in_command_order_with_markers_between_areas() {
    let blue = Rgba(0, 0, 255, 255);
    let mut r = FrameRaster::default();
    r.begin(60, 40, Some(WHITE));
    r.draw(
        &[
            polygons(path(&[&square(0.0, 0.0, 30.0, 40.0)]), RED),
            DrawCmd::Markers {
                points: vec![[20.0, 20.0], [40.0, 20.0]],
                radius: 5.0,
                fill: blue,
                stroke: None,
                stroke_width: 1.0,
                diamond: false,
            },
            polygons(path(&[&square(35.0, 0.0, 60.0, 40.0)]), RED),
        ],
        1.0,
    );
    assert_eq!(
        r.pixel(20, 20),
        [0, 0, 255, 255],
        "marker over the first area"
    );
    assert_eq!(
        r.pixel(40, 20),
        [230, 48, 49, 255],
        "the second area over the marker"
    );
    assert_eq!(r.pixel(5, 5), [230, 48, 49, 255]);
    assert_eq!(r.pixel(32, 5), [255, 255, 255, 255]);
    r.finish();
    assert_eq!(&r.bytes()[(20 * 60 + 20) * 4..][..4], &[0, 0, 255, 255]);
}

#[test]
fn frame_raster_ignores_non_finite_points_and_empty_paths() {
    let mut r = FrameRaster::default();
    r.begin(20, 20, None);
    r.draw(
        &[
            polygons(
                path(&[&[
                    [f32::NAN, 1.0],
                    [5.0, f32::INFINITY],
                    [3.0, 3.0],
                    [9.0, 3.0],
                ]]),
                RED,
            ),
            polygons(Path::default(), RED),
        ],
        1.0,
    );
    r.finish();
    assert!(r.bytes().chunks(4).all(|p| p[3] == 0 || p[0] == 230));
}

/// A scene of everything the raster draws: filled and outlined stars, a hole, a wide
/// line, hairlines, markers of two colours piled up; moved by `(ox, oy)` CSS pixels.
fn busy_scene(ox: f32, oy: f32) -> Vec<DrawCmd> {
    let mut seed = 5u32;
    let mut next = || {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        (seed >> 8) as f32 / (1u32 << 24) as f32
    };
    let mut cmds = Vec::new();
    for k in 0..12 {
        let (cx, cy, r) = (
            next() * 120.0 - 10.0,
            next() * 90.0 - 10.0,
            4.0 + next() * 30.0,
        );
        let n = 7 + k;
        let star: Vec<[f32; 2]> = (0..n)
            .map(|i| {
                let a = i as f32 / n as f32 * std::f32::consts::TAU;
                let rr = if i % 2 == 0 { r } else { r * 0.45 };
                [cx + ox + rr * a.cos(), cy + oy + rr * a.sin()]
            })
            .collect();
        let hole: Vec<[f32; 2]> = square(cx - 2.0, cy - 2.0, cx + 2.0, cy + 2.0)
            .into_iter()
            .rev()
            .map(|p| [p[0] + ox, p[1] + oy])
            .collect();
        cmds.push(DrawCmd::Polygons {
            path: path(&[&star, &hole]),
            fill: Rgba(30 + 15 * k as u8, 90, 200 - 10 * k as u8, 140 + 9 * k as u8),
            stroke: Some(Rgba(20, 20, 20, 220)),
            stroke_width: if k % 3 == 0 { 2.5 } else { 1.0 },
        });
    }
    let line: Vec<[f32; 2]> = (0..30)
        .map(|i| {
            [
                i as f32 * 4.3 - 5.0 + ox,
                40.0 + 25.0 * (i as f32 * 0.4).sin() + oy,
            ]
        })
        .collect();
    cmds.push(DrawCmd::Lines {
        path: path(&[&line]),
        stroke: Rgba(200, 40, 40, 200),
        width: 3.0,
    });
    for colour in [RED, Rgba(0, 0, 255, 255)] {
        let points = (0..80)
            .map(|_| [next() * 130.0 - 10.0 + ox, next() * 100.0 - 10.0 + oy])
            .collect();
        cmds.push(DrawCmd::Markers {
            points,
            radius: 4.0,
            fill: colour,
            stroke: Some(Rgba(0x33, 0x33, 0x33, 255)),
            stroke_width: 1.0,
            diamond: false,
        });
    }
    cmds
}

#[test]
fn frame_raster_shifted_frame_is_the_whole_frame_drawn_at_the_new_place() {
    for dpr in [1.0f32, 2.0] {
        let (w, h) = ((110.0 * dpr) as usize, (80.0 * dpr) as usize);
        for background in [Some(WHITE), None] {
            let mut moved = FrameRaster::default();
            moved.begin(w, h, background);
            moved.draw(&busy_scene(0.0, 0.0), dpr);
            moved.finish();
            // One raster moved again and again (each move reuses the last one's pixels):
            // sideways, up, diagonal both ways, not at all, and back.
            let (mut x, mut y) = (0.0f32, 0.0f32);
            for (mx, my) in [
                (13.0f32, 0.0f32),
                (0.0, -9.0),
                (-21.0, 17.0),
                (30.0, 25.0),
                (0.0, 0.0),
                (-22.0, -33.0),
            ] {
                let (dx, dy) = ((mx * dpr) as i64, (my * dpr) as i64);
                assert!(moved.begin_shifted(w, h, dx, dy, background));
                x += mx;
                y += my;
                moved.draw(&busy_scene(x, y), dpr);
                moved.finish();
                let whole = whole_frame((w, h), background, &busy_scene(x, y), dpr);
                let worst = worst_difference(&moved, &whole);
                // Rounding only: the kept pixels were drawn from coordinates `(x, y)` off
                // these, and straight alpha magnifies a level of the translucent piles.
                assert!(
                    worst <= 3,
                    "dpr {dpr}, {background:?}, at ({x}, {y}): a channel differs by {worst}"
                );
                // The pixels kept for the next move too (premultiplied, apart from `bytes`).
                let kept = (0..w * h)
                    .flat_map(|i| {
                        let (a, b) = (moved.pixel(i % w, i / w), whole.pixel(i % w, i / w));
                        (0..4).map(move |c| (a[c] as i32 - b[c] as i32).abs())
                    })
                    .max()
                    .unwrap();
                assert!(
                    kept <= 3,
                    "dpr {dpr}, at ({x}, {y}): a kept pixel differs by {kept}"
                );
                assert!(whole.bytes().chunks(4).any(|p| p[0] == 230 && p[3] == 255));
            }
        }
    }
}

/// `busy_scene` under a pile of opaque markers over its left half, which hides some of
/// its shapes wholly and some in part.
fn buried_scene() -> Vec<DrawCmd> {
    let mut cmds = busy_scene(0.0, 0.0);
    let points = (0..400)
        .map(|i| [(i % 20) as f32 * 3.0 - 2.0, (i / 20) as f32 * 4.5 - 2.0])
        .collect();
    cmds.push(DrawCmd::Markers {
        points,
        radius: 3.0,
        fill: Rgba(40, 160, 60, 255),
        stroke: None,
        stroke_width: 1.0,
        diamond: false,
    });
    cmds
}

#[test]
fn frame_raster_front_to_back_gives_the_pixels_of_painting_back_to_front() {
    for dpr in [1.0f32, 2.0] {
        let (w, h) = ((110.0 * dpr) as usize, (80.0 * dpr) as usize);
        let cmds = buried_scene();
        let whole = whole_frame((w, h), Some(WHITE), &cmds, dpr);
        // The painter's way: each command on its own, laid over the ones before it.
        let mut painted = vec![premultiply_rgba(WHITE); w * h];
        for cmd in &cmds {
            let layer = whole_frame((w, h), None, std::slice::from_ref(cmd), dpr);
            for (p, l) in painted.iter_mut().zip(&layer.pixels) {
                *p = over(*l, *p);
            }
        }
        let worst = whole
            .pixels
            .iter()
            .zip(&painted)
            .flat_map(|(a, b)| (0..4).map(move |k| ((a >> (8 * k)) & 255, (b >> (8 * k)) & 255)))
            .map(|(a, b)| (a as i32 - b as i32).abs())
            .max()
            .unwrap();
        // Rounding only, where translucent shapes pile up.
        assert!(worst <= 2, "dpr {dpr}: a channel differs by {worst}");
        // The pile is drawn, and what it hides is gone.
        let green = premultiply_rgba(Rgba(40, 160, 60, 255));
        let buried = (0..w * h)
            .filter(|i| i % w < (50.0 * dpr) as usize && i / w < (70.0 * dpr) as usize)
            .filter(|&i| whole.pixels[i] == green)
            .count();
        assert!(
            buried > w * h * 3 / 10,
            "{buried} of {} pixels green",
            w * h
        );
    }
}

#[test]
fn frame_raster_refuses_a_shift_it_cannot_make() {
    let mut r = FrameRaster::default();
    assert!(!r.begin_shifted(40, 30, 1, 0, None), "nothing drawn yet");
    r.begin(40, 30, Some(WHITE));
    r.finish();
    assert!(!r.begin_shifted(41, 30, 1, 0, None), "another size");
    assert!(
        !r.begin_shifted(40, 30, 40, 0, None),
        "nothing left on screen"
    );
    assert!(!r.begin_shifted(40, 30, 0, -30, None));
    assert!(r.begin_shifted(40, 30, 39, -29, None));
    r.forget();
    assert!(!r.begin_shifted(40, 30, 1, 1, None), "forgotten");
}

#[test]
fn frame_raster_bands_drawn_apart_from_their_own_lists_are_the_whole_frame() {
    for (dpr, background) in [(1.0f32, Some(WHITE)), (2.0, Some(WHITE)), (1.5, None)] {
        let (w, h) = ((110.0 * dpr) as usize, (80.0 * dpr) as usize);
        let cmds = buried_scene();
        let whole = whole_frame((w, h), background, &cmds, dpr);
        // Cut at a cell boundary and off one, the worker's band below or above.
        for (split, lower) in [(h / 2 / CELL * CELL, true), (37, true), (h / 3, false)] {
            let (mine, theirs) = if lower {
                (0..split, split..h)
            } else {
                (split..h, 0..split)
            };
            let mut page = FrameRaster::default();
            page.begin_band(w, h, mine.clone(), background);
            page.draw(&cmds, dpr);
            page.finish();
            assert!(!page.can_shift(w, h, 1, 0), "half a frame is not kept");
            // The worker's list carries only what can reach its rows.
            let (top, bottom) = (theirs.start as f32 / dpr, theirs.end as f32 / dpr);
            let bytes = super::super::wire::encode_band(&cmds, top, bottom);
            assert!(bytes.len() < super::super::wire::encode(&cmds).len());
            let mut worker = FrameRaster::default();
            worker.begin_band(w, h, theirs.clone(), background);
            worker.draw(&super::super::wire::decode(&bytes).unwrap(), dpr);
            assert!(page.put_band(theirs.start, worker.band_pixels(theirs.clone())));
            // Up to rounding: a ring's box clipped at the band's edge changes which rings
            // are summed together, so the order of the float sums.
            let differ = (0..w * h)
                .filter(|&i| page.bytes()[4 * i..4 * i + 4] != whole.bytes()[4 * i..4 * i + 4])
                .count();
            let worst = worst_difference(&page, &whole);
            assert!(
                worst <= 2 && differ <= w * h / 200,
                "dpr {dpr}, split {split}: {differ} of {} pixels differ from the whole frame, by up to {worst}",
                w * h
            );
            assert!(page.can_shift(w, h, 1, 0), "the whole frame is kept");
        }
    }
    let mut r = FrameRaster::default();
    r.begin_band(40, 30, 0..10, None);
    assert!(!r.put_band(25, &[0; 40 * 6]), "past the last row");
    assert!(!r.put_band(10, &[0; 39]), "not whole rows");
    assert!(r.put_band(12, &[0; 40 * 18]));
    assert!(!r.can_shift(40, 30, 1, 0), "rows 10 and 11 are missing");
}
