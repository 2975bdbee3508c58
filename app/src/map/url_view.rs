//! The view in the URL fragment, `#map=zoom/lat/lon` (the OpenStreetMap form) and the
//! hidden layers, `&hide=id,id`, so a link reopens the same view with the same layers.

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

/// The ids listed in `hide=`; `None` when the fragment has no such part (then layer
/// visibility is left as it is).
pub fn parse_hidden(fragment: &str) -> Option<Vec<String>> {
    let value = fragment
        .trim_start_matches('#')
        .split('&')
        .find_map(|kv| kv.strip_prefix("hide="))?;
    Some(
        value
            .split(',')
            .filter(|s| !s.is_empty())
            .map(decode)
            .collect(),
    )
}

pub fn format(view: &Viewport, hidden: &[String]) -> String {
    let (lon, lat) = view.center_lon_lat();
    let mut out = format!("#map={:.2}/{lat:.6}/{lon:.6}", view.zoom);
    if !hidden.is_empty() {
        let ids: Vec<String> = hidden.iter().map(|id| encode(id)).collect();
        out.push_str(&format!("&hide={}", ids.join(",")));
    }
    out
}

/// Percent-encodes what would break the fragment's `&`, `,` and `=` structure.
fn encode(id: &str) -> String {
    id.chars()
        .map(|c| match c {
            '&' | ',' | '=' | '%' | '#' | ' ' => format!("%{:02X}", c as u32),
            c => c.to_string(),
        })
        .collect()
}

/// Undoes `%XX` escapes (UTF-8); a malformed escape is kept as written.
fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = (b[i] == b'%' && i + 2 < b.len())
            .then(|| std::str::from_utf8(&b[i + 1..i + 3]).ok())
            .flatten()
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match hex {
            Some(v) => {
                out.push(v);
                i += 3;
            }
            None => {
                out.push(b[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub fn fragment() -> Option<String> {
    web_sys::window()?.location().hash().ok()
}

pub fn read(width: f64, height: f64) -> Option<Viewport> {
    parse(&fragment()?, width, height)
}

/// Replaces the fragment without adding a history entry.
pub fn write(view: &Viewport, hidden: &[String]) {
    let Some(w) = web_sys::window() else { return };
    if let Ok(h) = w.history() {
        let _ = h.replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&format(view, hidden)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_view_round_trip() {
        let v = Viewport::from_lon_lat(118.045, 24.47, 15.5, 800.0, 600.0);
        let s = format(&v, &[]);
        assert_eq!(s, "#map=15.50/24.470000/118.045000");
        assert_eq!(
            format(&v, &["storm_surge".into(), "a,b".into()]),
            "#map=15.50/24.470000/118.045000&hide=storm_surge,a%2Cb"
        );
        assert_eq!(parse_hidden("#map=1/2/3"), None);
        assert_eq!(parse_hidden("#map=1/2/3&hide="), Some(vec![]));
        assert_eq!(
            parse_hidden("#map=1/2/3&hide=storm_surge,a%2Cb,%E9%A3%8E,50%"),
            Some(vec![
                "storm_surge".into(),
                "a,b".into(),
                "风".into(),
                "50%".into()
            ])
        );
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
