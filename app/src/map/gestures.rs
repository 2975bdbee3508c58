//! Turns raw pointer events into pans, pinches and taps. Pure state machine: no DOM, so
//! the rules (what counts as a tap, how a pinch zooms) are in one place.

use std::collections::BTreeMap;

/// A tap moves less than this many pixels…
const TAP_SLOP_PX: f64 = 8.0;
/// …and lasts less than this many milliseconds.
const TAP_MS: f64 = 500.0;
/// Two taps this close in time and place are a double tap (zoom in), as on phone maps.
const DOUBLE_TAP_MS: f64 = 350.0;
const DOUBLE_TAP_PX: f64 = 30.0;

/// A finished tap, at its screen position.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Tap {
    Single(f64, f64),
    /// The second tap of a double tap (the first was reported as `Single`).
    Double(f64, f64),
}

/// A change of view asked for by the fingers or the mouse.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Gesture {
    Pan {
        dx: f64,
        dy: f64,
    },
    /// Two fingers: pan by the centroid's motion, zoom by the change of their distance
    /// (in levels), around the new centroid.
    Pinch {
        dx: f64,
        dy: f64,
        zoom_delta: f64,
        cx: f64,
        cy: f64,
    },
}

#[derive(Debug, Default)]
pub struct Gestures {
    pointers: BTreeMap<i32, (f64, f64)>,
    /// Start position and time of a possible tap; cleared once it cannot be one.
    tap: Option<(f64, f64, f64)>,
    /// The last single tap (x, y, time), for double-tap detection.
    last_tap: Option<(f64, f64, f64)>,
}

impl Gestures {
    pub fn down(&mut self, id: i32, x: f64, y: f64, t: f64) {
        self.pointers.insert(id, (x, y));
        self.tap = (self.pointers.len() == 1).then_some((x, y, t));
    }

    pub fn moved(&mut self, id: i32, x: f64, y: f64) -> Option<Gesture> {
        let before: Vec<(f64, f64)> = self.pointers.values().copied().collect();
        let prev = *self.pointers.get(&id)?;
        self.pointers.insert(id, (x, y));
        if let Some((sx, sy, _)) = self.tap {
            if (x - sx).hypot(y - sy) > TAP_SLOP_PX {
                self.tap = None;
            }
        }
        match before.len() {
            1 => Some(Gesture::Pan {
                dx: x - prev.0,
                dy: y - prev.1,
            }),
            2 => {
                let after: Vec<(f64, f64)> = self.pointers.values().copied().collect();
                let (c0, d0) = centroid_and_distance(&before);
                let (c1, d1) = centroid_and_distance(&after);
                let zoom_delta = if d0 > 1.0 && d1 > 1.0 {
                    (d1 / d0).log2()
                } else {
                    0.0
                };
                Some(Gesture::Pinch {
                    dx: c1.0 - c0.0,
                    dy: c1.1 - c0.1,
                    zoom_delta,
                    cx: c1.0,
                    cy: c1.1,
                })
            }
            _ => None,
        }
    }

    /// Ends a pointer; returns the tap position when the gesture was a tap.
    pub fn up(&mut self, id: i32, x: f64, y: f64, t: f64) -> Option<Tap> {
        self.pointers.remove(&id)?;
        let tap = self.tap.take()?;
        let is_tap = self.pointers.is_empty()
            && (x - tap.0).hypot(y - tap.1) <= TAP_SLOP_PX
            && t - tap.2 <= TAP_MS;
        if !is_tap {
            return None;
        }
        let double = self.last_tap.take().is_some_and(|(lx, ly, lt)| {
            t - lt <= DOUBLE_TAP_MS && (x - lx).hypot(y - ly) <= DOUBLE_TAP_PX
        });
        if double {
            Some(Tap::Double(x, y))
        } else {
            self.last_tap = Some((x, y, t));
            Some(Tap::Single(x, y))
        }
    }

    pub fn cancel(&mut self, id: i32) {
        self.pointers.remove(&id);
        self.tap = None;
    }
}

fn centroid_and_distance(p: &[(f64, f64)]) -> ((f64, f64), f64) {
    let c = ((p[0].0 + p[1].0) / 2.0, (p[0].1 + p[1].1) / 2.0);
    (c, (p[0].0 - p[1].0).hypot(p[0].1 - p[1].1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gestures_tap_is_short_and_still() {
        let mut g = Gestures::default();
        g.down(1, 10.0, 10.0, 0.0);
        assert_eq!(
            g.moved(1, 12.0, 11.0),
            Some(Gesture::Pan { dx: 2.0, dy: 1.0 })
        );
        assert_eq!(g.up(1, 12.0, 11.0, 120.0), Some(Tap::Single(12.0, 11.0)));
    }

    #[test]
    fn gestures_two_quick_taps_are_a_double_tap_and_a_slow_pair_is_not() {
        let mut g = Gestures::default();
        g.down(1, 10.0, 10.0, 0.0);
        assert_eq!(g.up(1, 10.0, 10.0, 80.0), Some(Tap::Single(10.0, 10.0)));
        g.down(1, 14.0, 12.0, 200.0);
        assert_eq!(g.up(1, 14.0, 12.0, 260.0), Some(Tap::Double(14.0, 12.0)));
        // A third tap starts afresh; one after a pause is single again.
        g.down(1, 14.0, 12.0, 300.0);
        assert_eq!(g.up(1, 14.0, 12.0, 340.0), Some(Tap::Single(14.0, 12.0)));
        g.down(1, 14.0, 12.0, 1000.0);
        assert_eq!(g.up(1, 14.0, 12.0, 1040.0), Some(Tap::Single(14.0, 12.0)));
    }

    #[test]
    fn gestures_drag_is_not_a_tap() {
        let mut g = Gestures::default();
        g.down(1, 10.0, 10.0, 0.0);
        g.moved(1, 40.0, 10.0);
        assert_eq!(g.up(1, 10.0, 10.0, 100.0), None);
    }

    #[test]
    fn gestures_pinch_out_zooms_in() {
        let mut g = Gestures::default();
        g.down(1, 100.0, 100.0, 0.0);
        g.down(2, 200.0, 100.0, 0.0);
        let Some(Gesture::Pinch { zoom_delta, cx, .. }) = g.moved(2, 300.0, 100.0) else {
            panic!()
        };
        assert!(
            (zoom_delta - 1.0).abs() < 1e-9,
            "distance doubled: one level"
        );
        assert_eq!(cx, 200.0);
        assert_eq!(g.up(2, 300.0, 100.0, 50.0), None, "a pinch is not a tap");
    }
}
