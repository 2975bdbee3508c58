//! **API Boundary:** the engine for JavaScript front ends (`--features js`, built with
//! wasm-pack for `--target web` and `--target nodejs`). Thin: every call is one geo-core call
//! plus conversion; errors become JS `Error`s whose message is the user-facing text.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;

use crate::crs::{self, Crs};
use crate::export::write_geojson;
use crate::import::{read, Format, ImportOptions};
use crate::layer::Layer;

/// Loaded layers, addressed by the id `addLayer` returned.
#[wasm_bindgen]
#[derive(Default)]
pub struct Engine {
    layers: Vec<Layer>,
}

fn opt_string(options: &JsValue, key: &str) -> Option<String> {
    if options.is_undefined() || options.is_null() {
        return None;
    }
    Reflect::get(options, &JsValue::from_str(key))
        .ok()
        .and_then(|v| v.as_string())
}

fn set(obj: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(obj, &JsValue::from_str(key), value);
}

#[wasm_bindgen]
impl Engine {
    #[wasm_bindgen(constructor)]
    pub fn new() -> Engine {
        Engine::default()
    }

    /// Reads a file. `options`: `{ format?, crs?, lonColumn?, latColumn?, repair? }`. Returns
    /// `{ id, featureCount, bbox: [minLon, minLat, maxLon, maxLat] | null, warnings: string[] }`.
    #[wasm_bindgen(js_name = addLayer)]
    pub fn add_layer(
        &mut self,
        name: &str,
        bytes: &[u8],
        options: JsValue,
    ) -> Result<JsValue, JsError> {
        let format = match opt_string(&options, "format") {
            Some(f) => Some(Format::parse(&f).ok_or_else(|| {
                JsError::new(&format!("{name}: 未知格式 / unknown format \"{f}\""))
            })?),
            None => None,
        };
        let crs = match opt_string(&options, "crs") {
            Some(c) => Some(Crs::parse(&c).map_err(|e| JsError::new(&format!("{name}: {e}")))?),
            None => None,
        };
        let opts = ImportOptions {
            format,
            crs,
            lon_column: opt_string(&options, "lonColumn"),
            lat_column: opt_string(&options, "latColumn"),
            repair: !options.is_undefined()
                && !options.is_null()
                && Reflect::get(&options, &JsValue::from_str("repair"))
                    .is_ok_and(|v| v.is_truthy()),
        };
        let imp = read(name, bytes, &opts).map_err(|e| JsError::new(&e.to_string()))?;
        let out = Object::new();
        set(&out, "id", &JsValue::from(self.layers.len() as u32));
        set(
            &out,
            "featureCount",
            &JsValue::from(imp.layer.features.len() as u32),
        );
        let bbox = imp.layer.bbox().map_or(JsValue::NULL, |r| {
            Array::of4(
                &r.min().x.into(),
                &r.min().y.into(),
                &r.max().x.into(),
                &r.max().y.into(),
            )
            .into()
        });
        set(&out, "bbox", &bbox);
        let warnings: Array = imp
            .warnings
            .iter()
            .map(|w| JsValue::from_str(&w.to_string()))
            .collect();
        set(&out, "warnings", &warnings);
        self.layers.push(imp.layer);
        Ok(out.into())
    }

    /// The layer as a WGS84 GeoJSON string.
    #[wasm_bindgen(js_name = layerGeoJson)]
    pub fn layer_geojson(&self, id: u32) -> Result<String, JsError> {
        let layer = self
            .layers
            .get(id as usize)
            .ok_or_else(|| JsError::new(&format!("没有图层 {id} / no layer {id}")))?;
        Ok(write_geojson(layer, &Crs::WGS84))
    }
}

/// Converts interleaved coordinates `x0, y0, x1, y1, …` between CRSs named `"EPSG:<code>"`,
/// `"GCJ-02"` or `"BD-09"`; returns a new `Float64Array`.
#[wasm_bindgen]
pub fn transform(coords: &[f64], from: &str, to: &str) -> Result<Vec<f64>, JsError> {
    let from = Crs::parse(from).map_err(|e| JsError::new(&e.to_string()))?;
    let to = Crs::parse(to).map_err(|e| JsError::new(&e.to_string()))?;
    let mut out = coords.to_vec();
    crs::transform(&mut out, &from, &to);
    Ok(out)
}
