//! The map's scale bar, in true ground metres at the map's latitude.
//!
//! Web Mercator stretches distances by 1 / cos(latitude): at Xiamen (24.5° N) a Mercator
//! metre is 0.91 ground metres, at Harbin (45.8° N) 0.70. A bar computed from the
//! projection's own units would overstate distances by 10–43 % across China, which is
//! the wrong way round for a hazard map (a buffer would look bigger than it is).

use super::Viewport;
use crate::crs::MAX_LATITUDE;

/// A bar `px` CSS pixels long standing for `metres` on the ground.
#[derive(Debug, Clone, PartialEq)]
pub struct ScaleBar {
    pub metres: f64,
    pub px: f64,
    /// `500 m`, `2 km`: metres below a kilometre, kilometres from there.
    pub label: String,
}

/// The longest round bar (1, 2 or 5 × 10^k metres) no longer than `max_px` (nor than the
/// canvas), measured at the latitude of the view's centre: the ground resolution there
/// is the Mercator resolution × cos(latitude). `None` when the view or `max_px` is
/// degenerate (zero or NaN sizes, a non-finite centre or zoom).
pub fn scale_bar(view: &Viewport, max_px: f64) -> Option<ScaleBar> {
    let sized = |v: f64| v.is_finite() && v > 0.0;
    if !(sized(view.width) && sized(view.height) && sized(max_px)) {
        return None;
    }
    if !(view.center.0.is_finite() && view.center.1.is_finite()) {
        return None;
    }
    let max_px = max_px.min(view.width);
    // A centre panned past the world's edge is measured at the edge, not at the pole
    // (where the ground resolution, and so the bar, would go to zero).
    let lat = view.center_lon_lat().1.clamp(-MAX_LATITUDE, MAX_LATITUDE);
    let ground = view.resolution() * lat.to_radians().cos();
    if !sized(ground) {
        return None;
    }
    let max_metres = max_px * ground;
    if !sized(max_metres) {
        return None;
    }
    let k = max_metres.log10().floor() as i32;
    // One decade either side of k: the floor of a rounded log can be off by one.
    (k - 1..=k + 1)
        .rev()
        .flat_map(|e| [5.0, 2.0, 1.0].map(|m| nice(m, e)))
        .find_map(|metres| {
            let px = metres / ground;
            (px > 0.0 && px <= max_px).then(|| ScaleBar {
                metres,
                px,
                label: label(metres),
            })
        })
}

/// `m` × 10^`e`, dividing for negative exponents so 0.2 and 0.05 come out as the
/// nearest doubles (10^n is exact up to 10^22, 0.1 never is).
fn nice(m: f64, e: i32) -> f64 {
    if e >= 0 {
        m * 10f64.powi(e)
    } else {
        m / 10f64.powi(-e)
    }
}

/// Metres below 1000 (`500 m`, `0.5 m`), kilometres above (`2 km`, `1.5 km`); `{}`
/// formatting prints no trailing zeros.
fn label(metres: f64) -> String {
    if metres < 1000.0 {
        format!("{metres} m")
    } else {
        format!("{} km", metres / 1000.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_xiamen_latitude_matches_a_hand_computation() {
        // Zoom 12: 2π × 6378137 / 256 / 2^12 = 38.218514 Mercator m/px;
        // × cos 24.5° (0.909961) = 34.777368 ground m/px; 120 px hold 4173.3 m,
        // so the bar is 2 km, 2000 / 34.777368 = 57.5087 px long.
        let view = Viewport::from_lon_lat(118.1, 24.5, 12.0, 800.0, 600.0);
        let bar = scale_bar(&view, 120.0).unwrap();
        assert_eq!(bar.metres, 2000.0);
        assert_eq!(bar.label, "2 km");
        assert!((bar.px - 57.5087).abs() < 1e-3, "{bar:?}");
        // 250 px hold 8694 m: 5 km, 143.77 px.
        let bar = scale_bar(&view, 250.0).unwrap();
        assert_eq!((bar.metres, bar.label.as_str()), (5000.0, "5 km"));
        assert!((bar.px - 143.7717).abs() < 1e-3, "{bar:?}");
    }

    #[test]
    fn at_sixty_degrees_a_metre_is_twice_as_many_pixels() {
        let equator = Viewport::from_lon_lat(118.0, 0.0, 12.0, 800.0, 600.0);
        let north = Viewport::from_lon_lat(118.0, 60.0, 12.0, 800.0, 600.0);
        let a = scale_bar(&equator, 200.0).unwrap();
        let b = scale_bar(&north, 200.0).unwrap();
        let ratio = (b.px / b.metres) / (a.px / a.metres);
        assert!((ratio - 2.0).abs() < 1e-6, "{a:?} {b:?}");
        // Equator: 38.2185 m/px, 200 px hold 7643.7 m → 5 km; at 60° 3821.9 m → 2 km.
        assert_eq!((a.label.as_str(), b.label.as_str()), ("5 km", "2 km"));
    }

    #[test]
    fn bar_is_the_longest_round_length_that_fits() {
        for zoom in [3.0, 7.5, 12.0, 16.3, 20.0] {
            for lat in [-80.0, -30.0, 0.0, 24.5, 45.8, 84.0] {
                for max_px in [1.0, 37.0, 100.0, 150.0, 333.3, 5000.0] {
                    let view = Viewport::from_lon_lat(118.0, lat, zoom, 800.0, 600.0);
                    let bar = scale_bar(&view, max_px).unwrap();
                    let limit = max_px.min(view.width);
                    assert!(bar.px <= limit && bar.px > 0.0, "{bar:?} > {limit}");
                    // The next round length up would not fit.
                    let e = bar.metres.log10().floor();
                    let mantissa = (bar.metres / 10f64.powf(e)).round();
                    assert!([1.0, 2.0, 5.0].contains(&mantissa), "{bar:?}");
                    let next = if mantissa == 2.0 { 2.5 } else { 2.0 };
                    assert!(bar.px * next > limit * (1.0 - 1e-9), "{bar:?} max {limit}");
                }
            }
        }
    }

    #[test]
    fn labels_use_metres_then_kilometres() {
        assert_eq!(label(500.0), "500 m");
        assert_eq!(label(1.0), "1 m");
        assert_eq!(label(nice(5.0, -1)), "0.5 m");
        assert_eq!(label(nice(5.0, -2)), "0.05 m");
        assert_eq!(label(1000.0), "1 km");
        assert_eq!(label(1500.0), "1.5 km");
        assert_eq!(label(2_000_000.0), "2000 km");
        // At zoom 20 a 100 px bar is metres, not kilometres.
        let view = Viewport::from_lon_lat(118.1, 24.5, 20.0, 800.0, 600.0);
        assert!(scale_bar(&view, 100.0).unwrap().label.ends_with(" m"));
    }

    #[test]
    fn degenerate_views_have_no_bar() {
        let good = Viewport::from_lon_lat(118.1, 24.5, 12.0, 800.0, 600.0);
        let mut views = Vec::new();
        for f in [
            |v: &mut Viewport| v.width = 0.0,
            |v: &mut Viewport| v.height = 0.0,
            |v: &mut Viewport| v.width = f64::NAN,
            |v: &mut Viewport| v.zoom = f64::NAN,
            |v: &mut Viewport| v.zoom = f64::INFINITY,
            |v: &mut Viewport| v.center.1 = f64::NAN,
            |v: &mut Viewport| v.center.1 = f64::INFINITY,
        ] {
            let mut v = good;
            f(&mut v);
            views.push(v);
        }
        for v in &views {
            assert_eq!(scale_bar(v, 100.0), None, "{v:?}");
        }
        for max_px in [0.0, -5.0, f64::NAN, f64::INFINITY] {
            assert_eq!(scale_bar(&good, max_px), None);
        }
        // Past the top of the world: measured at the edge, still a bar.
        let mut off = good;
        off.center.1 = 1e9;
        let edge = Viewport::from_lon_lat(118.1, 89.0, 12.0, 800.0, 600.0);
        assert_eq!(scale_bar(&off, 100.0), scale_bar(&edge, 100.0));
        assert!(scale_bar(&off, 100.0).is_some());
        // Very far zoomed in (zoom is a public field) still gives a finite bar or none.
        let mut deep = good;
        deep.zoom = 1000.0;
        assert!(scale_bar(&deep, 100.0).is_none_or(|b| b.px <= 100.0));
    }
}
