//! 设置 (settings): storage use, the hidden-danger levels (`level_settings`), the basemap
//! (底图) — none by default, or an XYZ tile source the user types in — and the
//! attribution line shown on the map while one is active.
//!
//! Nothing is requested from a tile host until the user saves a source here; the choice
//! is kept in `localStorage` (see `map::basemap`) and survives a reload.

use geo_core::scene::{TileSource, MAX_TILE_ZOOM};
use leptos::prelude::*;

use super::level_settings::LevelSettings;
use crate::map::basemap;

/// The settings dialog; `open` shows it.
#[component]
pub fn SettingsPanel(open: RwSignal<bool>) -> impl IntoView {
    let source = basemap::source_signal();
    let enabled = RwSignal::new(false);
    let template = RwSignal::new(String::new());
    let subdomains = RwSignal::new(String::new());
    let attribution = RwSignal::new(String::new());
    let gcj02 = RwSignal::new(false);
    let min_zoom = RwSignal::new(String::new());
    let max_zoom = RwSignal::new(String::new());
    let message = RwSignal::new(None::<(bool, String)>);
    let usage = RwSignal::new(None::<String>);

    // Each opening starts from the saved setting.
    Effect::new(move |_| {
        if !open.get() {
            return;
        }
        leptos::task::spawn_local(async move {
            usage.set(Some(match crate::storage::estimate().await {
                Ok((used, quota, persisted)) => format!(
                    "已用 {:.1} MB / 可用配额 {:.0} MB · {}",
                    used / 1e6,
                    quota / 1e6,
                    if persisted {
                        "持久存储（不会被浏览器自动清除）"
                    } else {
                        "非持久存储（空间不足时浏览器可能清除）"
                    }
                ),
                Err(e) => format!("无法读取存储用量 / storage estimate failed: {e}"),
            }));
        });
        let s = source.get_untracked();
        enabled.set(s.is_some());
        let s = s.unwrap_or_default();
        template.set(s.template);
        subdomains.set(s.subdomains);
        attribution.set(s.attribution);
        gcj02.set(s.gcj02);
        min_zoom.set(s.min_zoom.to_string());
        max_zoom.set(s.max_zoom.to_string());
        message.set(None);
    });

    let save = move |_| {
        let zoom = |v: &str, what: &str| {
            v.trim().parse::<u8>().map_err(|_| {
                format!("{what}须为 0–{MAX_TILE_ZOOM} 的整数 / {what}: a whole number 0–{MAX_TILE_ZOOM}")
            })
        };
        let chosen = if enabled.get_untracked() {
            let parsed = zoom(&min_zoom.get_untracked(), "最小级别")
                .and_then(|lo| Ok((lo, zoom(&max_zoom.get_untracked(), "最大级别")?)));
            match parsed {
                Ok((lo, hi)) => Some(TileSource {
                    template: template.get_untracked().trim().to_string(),
                    attribution: attribution.get_untracked().trim().to_string(),
                    min_zoom: lo,
                    max_zoom: hi,
                    gcj02: gcj02.get_untracked(),
                    subdomains: subdomains.get_untracked().trim().to_string(),
                }),
                Err(e) => {
                    message.set(Some((false, e)));
                    return;
                }
            }
        } else {
            None
        };
        let off = chosen.is_none();
        match basemap::set_source(chosen) {
            Ok(()) => message.set(Some((
                true,
                if off {
                    "已保存：无底图".to_string()
                } else {
                    "已保存：底图已启用".to_string()
                },
            ))),
            Err(e) => message.set(Some((false, e))),
        }
    };

    view! {
        <Show when=move || open.get()>
            <div class="dialog settings" role="dialog" aria-label="设置" data-testid="settings-panel">
                <h2>"设置"</h2>
                <h3>"本地存储"</h3>
                <p class="hint" data-testid="storage-usage">{move || usage.get().unwrap_or_else(|| "读取中…".into())}</p>
                <LevelSettings/>
                <h3>"底图"</h3>
                <label>
                    "底图来源"
                    <select data-testid="basemap-mode"
                        on:change=move |ev| enabled.set(event_target_value(&ev) == "xyz")
                        prop:value=move || if enabled.get() { "xyz" } else { "none" }>
                        <option value="none">"无底图（离线，纯色背景）"</option>
                        <option value="xyz">"自定义 XYZ 瓦片"</option>
                    </select>
                </label>
                <Show when=move || enabled.get()>
                    <label>
                        "瓦片地址模板"
                        <input type="url" inputmode="url" spellcheck="false" autocomplete="off"
                            data-testid="basemap-template"
                            placeholder="https://{s}.example.com/{z}/{x}/{y}.png"
                            prop:value=move || template.get()
                            on:input=move |ev| template.set(event_target_value(&ev)) />
                    </label>
                    <p class="hint">
                        "占位符：{z} 级别、{x} 列、{y} 行（{-y} 为 TMS 行号）、{s} 子域名。"
                        "仅请求此处填写的地址；瓦片服务器须允许跨域（CORS），并使用 https。"
                    </p>
                    <div class="row">
                        <label>
                            "子域名（{s}）"
                            <input type="text" spellcheck="false" data-testid="basemap-subdomains"
                                placeholder="abc 或 1,2,3,4"
                                prop:value=move || subdomains.get()
                                on:input=move |ev| subdomains.set(event_target_value(&ev)) />
                        </label>
                        <label>
                            "坐标系"
                            <select data-testid="basemap-crs"
                                on:change=move |ev| gcj02.set(event_target_value(&ev) == "gcj02")
                                prop:value=move || if gcj02.get() { "gcj02" } else { "wgs84" }>
                                <option value="wgs84">"WGS84（国际通用）"</option>
                                <option value="gcj02">"GCJ-02（国内网络地图）"</option>
                            </select>
                        </label>
                    </div>
                    <label>
                        "注记（版权说明，显示在地图上）"
                        <input type="text" data-testid="basemap-attribution"
                            placeholder="© 底图提供方"
                            prop:value=move || attribution.get()
                            on:input=move |ev| attribution.set(event_target_value(&ev)) />
                    </label>
                    <div class="row">
                        <label>
                            "最小级别"
                            <input type="number" inputmode="numeric" min="0" max=MAX_TILE_ZOOM.to_string()
                                data-testid="basemap-min-zoom"
                                prop:value=move || min_zoom.get()
                                on:input=move |ev| min_zoom.set(event_target_value(&ev)) />
                        </label>
                        <label>
                            "最大级别"
                            <input type="number" inputmode="numeric" min="0" max=MAX_TILE_ZOOM.to_string()
                                data-testid="basemap-max-zoom"
                                prop:value=move || max_zoom.get()
                                on:input=move |ev| max_zoom.set(event_target_value(&ev)) />
                        </label>
                    </div>
                </Show>
                {move || message.get().map(|(ok, text)| view! {
                    <p class=if ok { "message ok" } else { "message error" } role="status"
                        data-testid="settings-message">{text}</p>
                })}
                <div class="actions row">
                    <button data-testid="basemap-save" on:click=save>"保存"</button>
                    <button data-testid="close-settings" on:click=move |_| open.set(false)>"关闭"</button>
                </div>
            </div>
        </Show>
    }
}

/// The attribution of the active basemap, over the map's corner (text only), and why its
/// tiles fail if none loaded.
#[component]
pub fn Attribution() -> impl IntoView {
    let source = basemap::source_signal();
    let error = basemap::error_signal();
    let text = move || {
        source.get().map(|s| {
            if s.attribution.trim().is_empty() {
                // Every source is named: without the user's text, its host.
                let host = s
                    .template
                    .split("://")
                    .nth(1)
                    .and_then(|r| r.split(['/', '?']).next())
                    .unwrap_or_default()
                    .to_string();
                format!("底图 © {host}")
            } else {
                s.attribution
            }
        })
    };
    view! {
        {move || text().map(|t| view! {
            <div class="attribution" data-testid="attribution">
                {t}
                {
                    let error = error.clone();
                    move || error.get().map(|e| view! {
                        <span class="basemap-error" data-testid="basemap-error">{e}</span>
                    })
                }
            </div>
        })}
    }
}
