//! A frame's draw commands as bytes, for the worker that rasterises part of the frame.
//!
//! Why its own format and not bincode over serde: the page encodes the list inside the
//! frame it is drawing (100,000 markers and 120,000 vertices at the benchmark's slowest
//! zoom), so points go as packed little-endian `f32`s in one pass, and only what can touch
//! the worker's band goes at all ([`encode_band`]): the bytes halve, and so does the
//! worker's reading. Labels never go: the page draws them with canvas text.
//!
//! Layout: `u32` command count, then per command a tag byte and its fields; a path is
//! `u32` point count, `u32` subpath count, the points, the subpath ends; colours are 4
//! bytes; an absent stroke is a zero byte before them.

use std::fmt;

use super::draw_list::{DrawCmd, Path};
use crate::risk::Rgba;

const POLYGONS: u8 = 1;
const LINES: u8 = 2;
const MARKERS: u8 = 3;

/// Bytes that are not an encoded list (cut short, or a tag this build does not know).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WireError {
    /// Byte offset where reading failed.
    pub at: usize,
    pub what: &'static str,
}

impl fmt::Display for WireError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "绘制指令数据损坏 / bad draw-command bytes at {}: {}",
            self.at, self.what
        )
    }
}

impl std::error::Error for WireError {}

/// The commands of `cmds` (CSS pixels) that can touch the rows from `top` to `bottom`
/// (CSS pixels), encoded; within a command, the markers and subpaths that can. A
/// command left with nothing is left out, which keeps the order of the rest.
pub fn encode_band(cmds: &[DrawCmd], top: f32, bottom: f32) -> Vec<u8> {
    let mut out = Vec::with_capacity(4096);
    out.extend_from_slice(&0u32.to_le_bytes());
    let mut count = 0u32;
    // Generous for antialiasing and joins: a pixel of reach is all a shape has outside
    // its points besides its stroke or radius.
    let near = |pad: f32, lo: f32, hi: f32| hi >= top - pad && lo <= bottom + pad;
    for cmd in cmds {
        let start = out.len();
        let kept = match cmd {
            DrawCmd::Polygons {
                path,
                fill,
                stroke,
                stroke_width,
            } => {
                out.push(POLYGONS);
                colour(&mut out, *fill);
                stroke_colour(&mut out, *stroke);
                out.extend_from_slice(&stroke_width.to_le_bytes());
                path_within(&mut out, path, |lo, hi| near(stroke_width + 2.0, lo, hi))
            }
            DrawCmd::Lines {
                path,
                stroke,
                width,
            } => {
                out.push(LINES);
                colour(&mut out, *stroke);
                out.extend_from_slice(&width.to_le_bytes());
                path_within(&mut out, path, |lo, hi| near(width + 2.0, lo, hi))
            }
            DrawCmd::Markers {
                points,
                radius,
                fill,
                stroke,
                stroke_width,
                diamond,
            } => {
                out.push(MARKERS);
                out.extend_from_slice(&radius.to_le_bytes());
                colour(&mut out, *fill);
                stroke_colour(&mut out, *stroke);
                out.extend_from_slice(&stroke_width.to_le_bytes());
                out.push(u8::from(*diamond));
                let pad = radius + stroke_width + 2.0;
                out.reserve(4 + points.len() * 8);
                let n_at = out.len();
                out.extend_from_slice(&0u32.to_le_bytes());
                let mut n = 0u32;
                for p in points {
                    // A NaN fails both: the raster would have drawn nothing for it.
                    if p[1] >= top - pad && p[1] <= bottom + pad {
                        point(&mut out, *p);
                        n += 1;
                    }
                }
                out[n_at..n_at + 4].copy_from_slice(&n.to_le_bytes());
                n > 0
            }
            DrawCmd::Label { .. } => false,
        };
        if kept {
            count += 1;
        } else {
            out.truncate(start);
        }
    }
    out[..4].copy_from_slice(&count.to_le_bytes());
    out
}

/// Every shape command of `cmds`, encoded (labels left out).
pub fn encode(cmds: &[DrawCmd]) -> Vec<u8> {
    encode_band(cmds, f32::NEG_INFINITY, f32::INFINITY)
}

/// The commands [`encode_band`] wrote.
pub fn decode(bytes: &[u8]) -> Result<Vec<DrawCmd>, WireError> {
    let mut r = Reader { bytes, at: 0 };
    let count = r.u32()? as usize;
    // Each command takes at least 10 bytes: no allocation larger than the input allows.
    let mut cmds = Vec::with_capacity(count.min(bytes.len() / 10));
    for _ in 0..count {
        let at = r.at;
        cmds.push(match r.u8()? {
            POLYGONS => DrawCmd::Polygons {
                fill: r.colour()?,
                stroke: r.stroke()?,
                stroke_width: r.f32()?,
                path: r.path()?,
            },
            LINES => DrawCmd::Lines {
                stroke: r.colour()?,
                width: r.f32()?,
                path: r.path()?,
            },
            MARKERS => DrawCmd::Markers {
                radius: r.f32()?,
                fill: r.colour()?,
                stroke: r.stroke()?,
                stroke_width: r.f32()?,
                diamond: r.u8()? != 0,
                points: r.points()?,
            },
            _ => {
                return Err(WireError {
                    at,
                    what: "unknown command tag",
                })
            }
        });
    }
    if r.at != bytes.len() {
        return Err(WireError {
            at: r.at,
            what: "bytes after the last command",
        });
    }
    Ok(cmds)
}

fn colour(out: &mut Vec<u8>, c: Rgba) {
    out.extend_from_slice(&[c.0, c.1, c.2, c.3]);
}

fn stroke_colour(out: &mut Vec<u8>, c: Option<Rgba>) {
    match c {
        Some(c) => {
            out.push(1);
            colour(out, c);
        }
        None => out.push(0),
    }
}

fn point(out: &mut Vec<u8>, p: [f32; 2]) {
    out.extend_from_slice(&p[0].to_le_bytes());
    out.extend_from_slice(&p[1].to_le_bytes());
}

/// Writes the subpaths of `path` whose vertical extent `keep(min y, max y)` accepts;
/// `false`, writing nothing, when none is.
fn path_within(out: &mut Vec<u8>, path: &Path, keep: impl Fn(f32, f32) -> bool) -> bool {
    let head = out.len();
    out.reserve(8 + path.points.len() * 8 + path.ends.len() * 4);
    out.extend_from_slice(&[0; 8]);
    let mut ends = Vec::new();
    let mut n = 0u32;
    for sub in path.subpaths() {
        let (lo, hi) = sub
            .iter()
            .fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), p| {
                (lo.min(p[1]), hi.max(p[1]))
            });
        if sub.is_empty() || !keep(lo, hi) {
            continue;
        }
        for p in sub {
            point(out, *p);
        }
        n += sub.len() as u32;
        ends.push(n);
    }
    if ends.is_empty() {
        out.truncate(head);
        return false;
    }
    out[head..head + 4].copy_from_slice(&n.to_le_bytes());
    out[head + 4..head + 8].copy_from_slice(&(ends.len() as u32).to_le_bytes());
    for e in ends {
        out.extend_from_slice(&e.to_le_bytes());
    }
    true
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize, what: &'static str) -> Result<&[u8], WireError> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&e| e <= self.bytes.len())
            .ok_or(WireError { at: self.at, what })?;
        let s = &self.bytes[self.at..end];
        self.at = end;
        Ok(s)
    }

    fn u8(&mut self) -> Result<u8, WireError> {
        Ok(self.take(1, "cut short")?[0])
    }

    fn u32(&mut self) -> Result<u32, WireError> {
        let b = self.take(4, "cut short")?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn f32(&mut self) -> Result<f32, WireError> {
        Ok(f32::from_bits(self.u32()?))
    }

    fn colour(&mut self) -> Result<Rgba, WireError> {
        let b = self.take(4, "cut short")?;
        Ok(Rgba(b[0], b[1], b[2], b[3]))
    }

    fn stroke(&mut self) -> Result<Option<Rgba>, WireError> {
        Ok(match self.u8()? {
            0 => None,
            _ => Some(self.colour()?),
        })
    }

    /// `n` points.
    fn pairs(&mut self, n: usize, what: &'static str) -> Result<Vec<[f32; 2]>, WireError> {
        let b = self.take(n.saturating_mul(8), what)?;
        Ok(b.chunks_exact(8)
            .map(|c| {
                [
                    f32::from_le_bytes([c[0], c[1], c[2], c[3]]),
                    f32::from_le_bytes([c[4], c[5], c[6], c[7]]),
                ]
            })
            .collect())
    }

    fn points(&mut self) -> Result<Vec<[f32; 2]>, WireError> {
        let n = self.u32()? as usize;
        self.pairs(n, "points cut short")
    }

    fn path(&mut self) -> Result<Path, WireError> {
        let n = self.u32()? as usize;
        let subs = self.u32()? as usize;
        let points = self.pairs(n, "path points cut short")?;
        let at = self.at;
        let e = self.take(subs.saturating_mul(4), "subpath ends cut short")?;
        let ends: Vec<u32> = e
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        // Ends rise and stay within the points, or `Path::subpaths` would slice out of
        // bounds.
        let mut last = 0;
        for &end in &ends {
            if end < last || end as usize > n {
                return Err(WireError {
                    at,
                    what: "subpath ends out of order",
                });
            }
            last = end;
        }
        Ok(Path { points, ends })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ring(x: f32, y: f32) -> Vec<[f32; 2]> {
        vec![[x, y], [x + 10.0, y], [x + 10.0, y + 10.0], [x, y]]
    }

    fn sample() -> Vec<DrawCmd> {
        let mut path = Path::default();
        for y in [0.0, 100.0, 300.0] {
            path.points.extend(ring(5.0, y));
            path.end_subpath();
        }
        vec![
            DrawCmd::Polygons {
                path: path.clone(),
                fill: Rgba(1, 2, 3, 110),
                stroke: Some(Rgba(9, 8, 7, 255)),
                stroke_width: 1.5,
            },
            DrawCmd::Label {
                x: 1.0,
                y: 2.0,
                text: "海沧".into(),
                font_px: 12.0,
            },
            DrawCmd::Lines {
                path,
                stroke: Rgba(4, 5, 6, 255),
                width: 2.0,
            },
            DrawCmd::Markers {
                points: vec![[1.0, 1.0], [2.0, 150.0], [3.0, f32::NAN], [4.0, 400.0]],
                radius: 5.0,
                fill: Rgba(230, 48, 49, 255),
                stroke: None,
                stroke_width: 1.0,
                diamond: true,
            },
        ]
    }

    #[test]
    fn wire_round_trips_every_shape_command_and_leaves_labels_out() {
        let cmds = sample();
        let back = decode(&encode(&cmds)).unwrap();
        // The marker with no y goes nowhere: the raster draws nothing for it.
        let shapes: Vec<DrawCmd> = cmds
            .into_iter()
            .filter(|c| !matches!(c, DrawCmd::Label { .. }))
            .map(|mut c| {
                if let DrawCmd::Markers { points, .. } = &mut c {
                    points.retain(|p| !p[1].is_nan());
                }
                c
            })
            .collect();
        assert_eq!(back.len(), 3);
        for (a, b) in shapes.iter().zip(&back) {
            match (a, b) {
                // NaN != NaN: compare the markers' bits.
                (DrawCmd::Markers { points: pa, .. }, DrawCmd::Markers { points: pb, .. }) => {
                    let bits = |p: &Vec<[f32; 2]>| {
                        p.iter().map(|q| q.map(f32::to_bits)).collect::<Vec<_>>()
                    };
                    assert_eq!(bits(pa), bits(pb));
                }
                _ => assert_eq!(a, b),
            }
        }
    }

    #[test]
    fn wire_band_keeps_only_what_can_reach_its_rows() {
        // Rows 90–160: the ring at y 100–110 and the marker at y 150, not the ring at
        // 0–10 (10 + stroke 1.5 + 2 < 90) or at 300, nor the marker with no y.
        let back = decode(&encode_band(&sample(), 90.0, 160.0)).unwrap();
        assert_eq!(back.len(), 3);
        match &back[0] {
            DrawCmd::Polygons { path, .. } => {
                assert_eq!(path.ends, vec![4]);
                assert_eq!(path.points, ring(5.0, 100.0));
            }
            c => panic!("{c:?}"),
        }
        match &back[2] {
            DrawCmd::Markers { points, .. } => {
                assert_eq!(points, &vec![[2.0, 150.0]]);
            }
            c => panic!("{c:?}"),
        }
        // A band nothing reaches: no commands at all.
        assert_eq!(
            decode(&encode_band(&sample(), 1000.0, 2000.0)).unwrap(),
            vec![]
        );
    }

    #[test]
    fn wire_rejects_cut_or_altered_bytes_without_panicking() {
        let bytes = encode(&sample());
        for cut in 0..bytes.len() {
            assert!(decode(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(
            decode(&longer).unwrap_err().what,
            "bytes after the last command"
        );
        let mut bad = bytes.clone();
        bad[4] = 77;
        assert_eq!(
            decode(&bad).unwrap_err(),
            WireError {
                at: 4,
                what: "unknown command tag"
            }
        );
        // Every single-byte change decodes or errs, never panics.
        for i in 0..bytes.len() {
            let mut b = bytes.clone();
            b[i] ^= 0xff;
            let _ = decode(&b);
        }
    }
}
