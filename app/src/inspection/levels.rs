//! The configured hidden-danger levels (一般, 重大 and the user's own), shared by the
//! settings, the record editor and the ledger.
//!
//! Kept in `localStorage` like the basemap setting: it is a small preference read
//! synchronously at start, so the first form already offers the user's levels. Records do
//! not depend on it: each carries its own level, so a missing or unreadable list only
//! narrows what a picker offers.

use geo_core::inspection::LevelConfig;
use leptos::prelude::*;

use crate::browser::js_error_text;

/// `localStorage` key of the list (`LevelConfig` JSON; absent = 一般 and 重大 only).
const STORAGE_KEY: &str = "xiantu.levels";

thread_local! {
    static LEVELS: ArcRwSignal<LevelConfig> = ArcRwSignal::new(load().unwrap_or_default());
    static LOAD_ERROR: Option<String> = load().err();
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The saved list; an unreadable one is an error (shown in 设置) and the default is used.
fn load() -> Result<LevelConfig, String> {
    let Some(text) = local_storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten()) else {
        return Ok(LevelConfig::default());
    };
    LevelConfig::from_json(&text).map_err(|e| {
        format!("已保存的隐患等级无法读取，暂用一般/重大 / saved levels unreadable: {e}")
    })
}

/// The configured levels, as a signal of the calling component: pickers follow changes
/// made in 设置.
pub fn level_config() -> RwSignal<LevelConfig> {
    RwSignal::from(LEVELS.with(Clone::clone))
}

/// The configured levels now (outside components, e.g. in a task).
pub fn current_levels() -> LevelConfig {
    LEVELS.with(|l| l.get_untracked())
}

/// Why the saved list could not be read at start, if it could not.
pub fn load_error() -> Option<String> {
    LOAD_ERROR.with(Clone::clone)
}

/// Stores `config` and makes it the one pickers offer; on failure nothing changes.
pub fn save_levels(config: LevelConfig) -> Result<(), String> {
    let store = local_storage().ok_or("本地存储不可用 / localStorage is not available")?;
    store
        .set_item(STORAGE_KEY, &config.to_json())
        .map_err(|e| format!("隐患等级未保存 / levels not saved: {}", js_error_text(&e)))?;
    LEVELS.with(|l| l.set(config));
    Ok(())
}
