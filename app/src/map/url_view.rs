//! The view in the URL fragment, `#map=zoom/lat/lon` (the OpenStreetMap form), so a link
//! reopens the same view.

use geo_core::scene::Viewport;

/// Parses `map=z/lat/lon` out of a fragment; `None` for anything malformed or out of range.
pub fn parse(fragment: &str, width: f64, height: f64) -> Option<Viewport> {
    let value = fragment
        .trim_start_matches('#')
        .split('&')
        .find_map(|kv| kv.strip_prefix("map="))?;
    let mut it = value
        .split('/')
        .map(|s| s.parse::<f64>().ok().filter(|v| v.is_finite()));
    let (z, lat, lon) = (it.next()??, it.next()??, it.next()??);
    ((-85.0..=85.0).contains(&lat) && (-180.0..=180.0).contains(&lon))
        .then(|| Viewport::from_lon_lat(lon, lat, z, width, height))
}

pub fn format(view: &Viewport) -> String {
    let (lon, lat) = view.center_lon_lat();
    format!("#map={:.2}/{lat:.6}/{lon:.6}", view.zoom)
}

pub fn read(width: f64, height: f64) -> Option<Viewport> {
    let hash = web_sys::window()?.location().hash().ok()?;
    parse(&hash, width, height)
}

/// Replaces the fragment without adding a history entry.
pub fn write(view: &Viewport) {
    let Some(w) = web_sys::window() else { return };
    if let Ok(h) = w.history() {
        let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&format(view)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_view_round_trip() {
        let v = Viewport::from_lon_lat(118.045, 24.47, 15.5, 800.0, 600.0);
        let s = format(&v);
        assert_eq!(s, "#map=15.50/24.470000/118.045000");
        let back = parse(&s, 800.0, 600.0).unwrap();
        assert!(
            (back.center.0 - v.center.0).abs() < 0.1 && (back.center.1 - v.center.1).abs() < 0.1
        );
    }

    #[test]
    fn url_view_rejects_garbage() {
        assert!(parse("#map=abc", 1.0, 1.0).is_none());
        assert!(parse("#map=12/95/118", 1.0, 1.0).is_none());
        assert!(parse("#other=1", 1.0, 1.0).is_none());
    }
}
