//! Loads the embedded demo layers shipped in `public/demo/`.

use geo_core::demo::DEMO_LAYERS;
use geo_core::import::read_geojson;
use geo_core::layer::Layer;

use crate::browser::fetch_bytes;

/// Fetches and parses every demo layer. A file that fails is reported (file name and
/// reason) and the others still load, so the map is never blank because of one file.
pub async fn load_demo() -> (Vec<Layer>, Vec<String>) {
    let mut layers = Vec::new();
    let mut errors = Vec::new();
    for name in DEMO_LAYERS {
        let path = format!("demo/{name}");
        match fetch_bytes(&path).await {
            Err(e) => errors.push(format!("{path}: 无法加载 / failed to load: {e}")),
            Ok(bytes) => match read_geojson(&path, &bytes) {
                Ok(imp) => {
                    errors.extend(imp.warnings.iter().map(|w| w.to_string()));
                    layers.push(imp.layer);
                }
                Err(e) => errors.push(e.to_string()),
            },
        }
    }
    (layers, errors)
}
