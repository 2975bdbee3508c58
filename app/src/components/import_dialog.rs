use geo_core::dto::decode_head;
use geo_core::layer::{LayerMeta, LayerRole};
use leptos::prelude::*;

use crate::import::{ingest_layer, ImportCtx, ImportState, LayerChoice};
use crate::state::AppState;

/// CRSs offered in the dialog; any `EPSG:<code>` can also be typed.
const CRS_CHOICES: [(&str, &str); 9] = [
    ("EPSG:4326", "WGS84 经纬度 (EPSG:4326)"),
    ("EPSG:4490", "CGCS2000 经纬度 (EPSG:4490)"),
    ("GCJ-02", "GCJ-02 火星坐标（高德/腾讯）"),
    ("BD-09", "BD-09 百度坐标"),
    ("EPSG:3857", "Web Mercator (EPSG:3857)"),
    ("EPSG:4527", "CGCS2000 3° 带 39（带号）(EPSG:4527)"),
    ("EPSG:4548", "CGCS2000 3° 中央经线 117E (EPSG:4548)"),
    ("EPSG:4549", "CGCS2000 3° 中央经线 120E (EPSG:4549)"),
    ("EPSG:32650", "WGS84 UTM 50N (EPSG:32650)"),
];

const ROLES: [(&str, &str); 4] = [
    ("sites", "场所（企业）"),
    ("hazard_zones", "危险区"),
    ("sources", "危险源"),
    ("areas", "区域（行政区等）"),
];

/// The progress panel while the worker parses, and the review dialog afterwards: detected
/// format, CRS, columns, count, extent, a preview and the warnings, with the choices to
/// change before confirming.
#[component]
pub fn ImportDialog() -> impl IntoView {
    let imp = expect_context::<ImportCtx>();
    let state = expect_context::<AppState>();
    let crs = RwSignal::new(String::new());
    let lon = RwSignal::new(String::new());
    let lat = RwSignal::new(String::new());
    let role = RwSignal::new("sites".to_string());
    let class_field = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let repair = RwSignal::new(false);

    // Seed the choices from what the worker detected.
    Effect::new(move |_| match imp.state.get() {
        ImportState::Review { summary, .. } => {
            crs.set(summary.crs.clone());
            lon.set(summary.lon_column.clone().unwrap_or_default());
            lat.set(summary.lat_column.clone().unwrap_or_default());
            let stem = summary.file.rsplit('/').next().unwrap_or(&summary.file);
            name.set(stem.rsplit_once('.').map_or(stem, |(s, _)| s).to_string());
            let geom = summary
                .preview
                .first()
                .and_then(|r| r.first())
                .map(|(_, g)| g.clone())
                .unwrap_or_default();
            role.set(if geom.contains("Polygon") {
                "hazard_zones".into()
            } else {
                "sites".into()
            });
            class_field.set(
                summary
                    .columns
                    .iter()
                    .find(|c| ["class", "等级", "级别", "风险等级", "类别"].contains(&c.as_str()))
                    .cloned()
                    .unwrap_or_default(),
            );
        }
        ImportState::Failed { columns, .. } if !columns.is_empty() => {
            lon.set(String::new());
            lat.set(String::new());
        }
        _ => {}
    });

    let rerun = move || {
        imp.pending.update_value(|p| {
            if let Some(p) = p {
                p.options.crs = Some(crs.get_untracked()).filter(|c| !c.is_empty());
                p.options.lon_column = Some(lon.get_untracked()).filter(|c| !c.is_empty());
                p.options.lat_column = Some(lat.get_untracked()).filter(|c| !c.is_empty());
                p.options.repair = repair.get_untracked();
            }
        });
        imp.run();
    };

    let confirm = move |_| {
        if state.busy.get_untracked() {
            return;
        }
        let ImportState::Review {
            summary,
            head,
            chunks,
        } = imp.state.get_untracked()
        else {
            return;
        };
        let role_v = LayerRole::from_key(&role.get_untracked()).unwrap_or(LayerRole::Sites);
        let title = name.get_untracked();
        // The file's own metadata (a Xiantu GeoJSON carries name field and class levels)
        // is the starting point; the dialog's choices win.
        let mut meta = decode_head(&head)
            .map(|l| l.meta)
            .unwrap_or_else(|_| LayerMeta::new("", "", role_v));
        meta.id = state.unique_layer_id(&title);
        meta.name = title;
        meta.role = role_v;
        meta.source = format!("{}（{}，{}）", summary.file, summary.format, summary.crs);
        meta.warnings = summary.warnings.clone();
        let choice = LayerChoice {
            meta,
            feature_count: summary.feature_count,
            class_field: (role_v == LayerRole::HazardZones).then(|| class_field.get_untracked()),
        };
        imp.progress.set(Some(0.0));
        imp.state.set(ImportState::Adding {
            file: summary.file.clone(),
        });
        let progress = imp.progress;
        leptos::task::spawn_local(async move {
            let result = ingest_layer(state, choice, chunks, move |f| progress.set(Some(f))).await;
            // Another import may have started meanwhile: leave its state alone.
            let adding = imp
                .state
                .with_untracked(|s| matches!(s, ImportState::Adding { .. }));
            match result {
                Ok(()) if adding => imp.state.set(ImportState::Idle),
                Ok(()) => {}
                Err(message) => {
                    state.busy.set(false);
                    imp.state.set(ImportState::Failed {
                        file: summary.file,
                        message,
                        columns: vec![],
                    })
                }
            }
        });
    };

    let column_select = move |label: &'static str,
                              testid: &'static str,
                              sig: RwSignal<String>,
                              columns: Vec<String>| {
        view! {
            <label>
                {label}
                <select data-testid=testid prop:value=move || sig.get() on:change=move |ev| sig.set(event_target_value(&ev))>
                    <option value="">"（自动识别）"</option>
                    {columns.into_iter().map(|c| view! { <option value=c.clone()>{c.clone()}</option> }).collect_view()}
                </select>
            </label>
        }
    };

    // Determinate once the worker reports a fraction; only this element re-renders per tick.
    let progress_bar = move || match imp.progress.get() {
        Some(f) => view! {
            <progress data-testid="import-progress-bar" max="1" prop:value=f></progress>
            <span class="percent" data-testid="import-percent">{format!("{:.0}%", f * 100.0)}</span>
        }
        .into_any(),
        None => view! { <progress data-testid="import-progress-bar"></progress> }.into_any(),
    };

    view! {
        {move || match imp.state.get() {
            ImportState::Idle => ().into_any(),
            ImportState::Running { file, stage, .. } => view! {
                <div class="import-progress" role="status" data-testid="import-progress">
                    <strong>{format!("正在导入 {file}")}</strong>
                    <span class="stage">{stage}</span>
                    {progress_bar}
                    <button data-testid="import-cancel" on:click=move |_| imp.cancel()>"取消"</button>
                </div>
            }.into_any(),
            ImportState::Adding { file } => view! {
                <div class="import-progress" role="status" data-testid="import-adding">
                    <strong>{format!("正在添加 {file}")}</strong>
                    <span class="stage">"添加到地图"</span>
                    {progress_bar}
                </div>
            }.into_any(),
            ImportState::Failed { file, message, columns } => {
                let has_columns = !columns.is_empty();
                view! {
                    <div class="dialog" role="alertdialog" data-testid="import-error">
                        <h2>{format!("无法导入 {file}")}</h2>
                        <p class="message error" data-testid="import-error-message">{message}</p>
                        <Show when=move || has_columns>
                            {column_select("经度/X 列", "import-lon", lon, columns.clone())}
                            {column_select("纬度/Y 列", "import-lat", lat, columns.clone())}
                            <button class="primary" data-testid="import-rerun" on:click=move |_| rerun()>"重新解析"</button>
                        </Show>
                        <button on:click=move |_| imp.state.set(ImportState::Idle) data-testid="import-close">"关闭"</button>
                    </div>
                }.into_any()
            }
            ImportState::Review { summary, .. } => {
                let s = (*summary).clone();
                let bbox = s.bbox.map(|b| format!("{:.5}, {:.5} — {:.5}, {:.5}", b[0], b[1], b[2], b[3])).unwrap_or_else(|| "—".into());
                let is_table = s.lon_column.is_some();
                let columns = s.columns.clone();
                let header: Vec<String> = s.preview.first().map(|r| r.iter().map(|(k, _)| k.clone()).collect()).unwrap_or_default();
                view! {
                    <div class="dialog" role="dialog" data-testid="import-dialog">
                        <h2>{format!("导入 {}", s.file)}</h2>
                        <dl class="details">
                            <dt>"格式"</dt><dd data-testid="import-format">{s.format.clone()}</dd>
                            <dt>"编码"</dt><dd>{s.encoding.clone().unwrap_or_else(|| "—".into())}</dd>
                            <dt>"要素数"</dt><dd data-testid="import-count">{s.feature_count}</dd>
                            <dt>"范围"</dt><dd data-testid="import-extent">{bbox}</dd>
                        </dl>
                        <label>
                            "坐标系"
                            <input list="crs-choices" data-testid="import-crs" prop:value=move || crs.get()
                                on:change=move |ev| crs.set(event_target_value(&ev)) />
                            <datalist id="crs-choices">
                                {CRS_CHOICES.iter().map(|(v, l)| view! { <option value=*v>{*l}</option> }).collect_view()}
                            </datalist>
                        </label>
                        <Show when=move || is_table>
                            {column_select("经度/X 列", "import-lon", lon, columns.clone())}
                            {column_select("纬度/Y 列", "import-lat", lat, columns.clone())}
                        </Show>
                        <label class="check">
                            <input type="checkbox" data-testid="import-repair" prop:checked=move || repair.get()
                                on:change=move |ev| repair.set(event_target_checked(&ev)) />
                            "修复自相交多边形"
                        </label>
                        <button data-testid="import-rerun" on:click=move |_| rerun()>"按所选坐标系/列重新解析"</button>
                        <div class="row">
                            <label>
                                "图层名称"
                                <input data-testid="import-name" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
                            </label>
                            <label>
                                "用途"
                                <select data-testid="import-role" prop:value=move || role.get() on:change=move |ev| role.set(event_target_value(&ev))>
                                    {ROLES.iter().map(|(v, l)| view! { <option value=*v>{*l}</option> }).collect_view()}
                                </select>
                            </label>
                        </div>
                        <Show when=move || role.get() == "hazard_zones">
                            <label>
                                "等级字段"
                                <select data-testid="import-class-field" prop:value=move || class_field.get() on:change=move |ev| class_field.set(event_target_value(&ev))>
                                    <option value="">"（请选择）"</option>
                                    {s.columns.iter().map(|c| view! { <option value=c.clone()>{c.clone()}</option> }).collect_view()}
                                </select>
                            </label>
                        </Show>
                        <table class="preview" data-testid="import-preview">
                            <thead><tr>{header.iter().map(|h| view! { <th>{h.clone()}</th> }).collect_view()}</tr></thead>
                            <tbody>
                                {s.preview.iter().map(|row| view! {
                                    <tr>{row.iter().map(|(_, v)| view! { <td>{v.clone()}</td> }).collect_view()}</tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                        <Show when={let n = s.warnings.len(); move || n > 0}>
                            <details class="warnings" open data-testid="import-warnings">
                                <summary>{format!("{} 条警告", s.warnings.len())}</summary>
                                <ul>{s.warnings.iter().map(|w| view! { <li>{w.clone()}</li> }).collect_view()}</ul>
                            </details>
                        </Show>
                        <div class="row actions">
                            <button on:click=move |_| imp.state.set(ImportState::Idle) data-testid="import-cancel-dialog">"取消"</button>
                            <button class="primary" data-testid="import-confirm" on:click=confirm
                                prop:disabled=move || state.busy.get()
                                title=move || if state.busy.get() { "正在添加上一个图层" } else { "" }>"确认导入"</button>
                        </div>
                    </div>
                }.into_any()
            }
        }}
    }
}
