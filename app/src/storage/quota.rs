//! Persistent storage and the quota: `navigator.storage.persist()` once, so the browser
//! does not evict the records under storage pressure, and `estimate()` for the settings.

use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

use crate::browser::js_error_text;

fn manager() -> Option<web_sys::StorageManager> {
    Some(web_sys::window()?.navigator().storage())
}

/// Asks the browser to keep this origin's data (IndexedDB) under storage pressure.
/// Returns whether it granted it; browsers decide by their own heuristics.
pub async fn request_persistence() -> Result<bool, String> {
    let m = manager().ok_or("no navigator")?;
    let granted = JsFuture::from(m.persist().map_err(|e| js_error_text(&e))?)
        .await
        .map_err(|e| js_error_text(&e))?;
    Ok(granted.as_bool().unwrap_or(false))
}

/// (usage, quota) in bytes, as the browser estimates them, and whether storage is
/// persistent.
pub async fn estimate() -> Result<(f64, f64, bool), String> {
    let m = manager().ok_or("no navigator")?;
    let est = JsFuture::from(m.estimate().map_err(|e| js_error_text(&e))?)
        .await
        .map_err(|e| js_error_text(&e))?;
    let num = |k: &str| {
        js_sys::Reflect::get(&est, &JsValue::from_str(k))
            .ok()
            .and_then(|v| v.as_f64())
            .unwrap_or(0.0)
    };
    let persisted = match m.persisted() {
        Ok(p) => JsFuture::from(p)
            .await
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false),
        Err(_) => false,
    };
    Ok((num("usage"), num("quota"), persisted))
}
