//! The risk-model editor: the composite index's weights, shares and cut-offs. Every edit
//! re-scores all sites at once from the kept overlay (what-if), and models can be saved
//! by name in IndexedDB and loaded again.

use geo_core::layer::LayerRole;
use geo_core::risk::models::composite::CompositeConfig;
use geo_core::risk::models::ModelDocument;
use leptos::prelude::*;

use super::report_form::RiskReportForm;
use leptos::task::spawn_local;

use super::register_export::RegisterExport;
use super::vulnerability_editor::VulnerabilityEditor;
use crate::state::AppState;
use crate::storage;

/// A labelled number input that calls `on_set` with a valid number.
#[component]
fn NumberField(
    label: String,
    testid: String,
    value: f64,
    on_set: Callback<f64>,
    #[prop(optional)] step: Option<f64>,
) -> impl IntoView {
    view! {
        <label class="num">
            <span>{label}</span>
            <input type="number" inputmode="decimal" data-testid=testid prop:value=value.to_string()
                step=step.unwrap_or(1.0).to_string()
                on:change=move |ev| {
                    if let Ok(v) = event_target_value(&ev).trim().parse::<f64>() {
                        if v.is_finite() {
                            on_set.run(v);
                        }
                    }
                } />
        </label>
    }
}

#[component]
pub fn ModelPanel(open: RwSignal<bool>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let saved = RwSignal::new(Vec::<(String, String)>::new());
    let save_name = RwSignal::new(String::new());
    let message = RwSignal::new(None::<(bool, String)>);
    let grid_m = RwSignal::new(1000.0);

    let refresh_saved = move || {
        spawn_local(async move {
            match storage::all_models().await {
                Ok(list) => saved.set(list),
                Err(e) => message.set(Some((false, e.to_string()))),
            }
        })
    };
    Effect::new(move |_| {
        if open.get() {
            refresh_saved();
        }
    });

    // Applies an edit to the model document and re-scores every site.
    let edit_doc = move |f: Box<dyn Fn(&mut ModelDocument)>| {
        let mut doc = state.model();
        f(&mut doc);
        state.set_model(doc);
    };
    // The same for the composite section, which most fields edit.
    let edit = move |f: Box<dyn Fn(&mut CompositeConfig)>| {
        edit_doc(Box::new(move |d| f(&mut d.composite)))
    };
    let field = move |label: &str, testid: &str, value: f64, set: fn(&mut CompositeConfig, f64)| {
        view! {
            <NumberField label=label.to_string() testid=testid.to_string() value
                on_set=Callback::new(move |v: f64| edit(Box::new(move |c| set(c, v)))) />
        }
    };

    let body = move || {
        state.score_version.track();
        let doc = state.model();
        let c = doc.composite.clone();
        let zones: Vec<(String, String)> = state.project.with_value(|p| {
            p.as_ref()
                .map(|p| {
                    p.layers
                        .iter()
                        .filter(|l| l.meta.role == LayerRole::HazardZones)
                        .map(|l| (l.meta.id.clone(), l.meta.name.clone()))
                        .collect()
                })
                .unwrap_or_default()
        });
        let hazard_weight = |id: &str, name: &str| {
            c.hazards
                .iter()
                .find(|h| h.layer == id || h.layer == name)
                .map_or(c.default_hazard_weight, |h| h.weight)
        };
        let (types, fields) = state.project.with_value(|p| {
            p.as_ref()
                .map(|p| (p.source_types(), p.site_fields()))
                .unwrap_or_default()
        });
        let ring_names: Vec<String> = c.rings.names.iter().map(|n| n.zh.clone()).collect();
        // GB 18218 per source: name, S, people within the radius, α, R, grade (or the error).
        let hazards: Vec<[String; 6]> = state.project.with_value(|p| {
            let Some(p) = p.as_ref() else {
                return Vec::new();
            };
            (0..p.layers.len())
                .filter(|&li| p.layers[li].meta.role == LayerRole::Sources)
                .flat_map(|li| {
                    p.major_hazard_grades(li)
                        .into_iter()
                        .enumerate()
                        .map(move |(fi, (people, r))| (p.layers[li].feature_name(fi), people, r))
                        .collect::<Vec<_>>()
                })
                .map(|(name, people, r)| match r {
                    Ok(r) => [
                        name,
                        format!("{:.2}", r.s),
                        people.to_string(),
                        format!("{}", r.alpha),
                        format!("{:.1}", r.r),
                        r.grade
                            .map_or("非重大危险源".to_string(), |g| g.zh().to_string()),
                    ],
                    Err(e) => [
                        name,
                        "—".into(),
                        people.to_string(),
                        "—".into(),
                        "—".into(),
                        e.to_string(),
                    ],
                })
                .collect()
        });
        view! {
            <p class="model-name">{format!("{}（版本 {}）", doc.name, doc.version)}</p>
            <h3>"危险区权重（最高等级的分值）"</h3>
            {zones.into_iter().map(|(id, name)| {
                let w = hazard_weight(&id, &name);
                let key = id.clone();
                view! {
                    <NumberField label=name.clone() testid=format!("weight-{id}") value=w
                        on_set=Callback::new(move |v: f64| {
                            let key = key.clone();
                            edit(Box::new(move |c| {
                                match c.hazards.iter_mut().find(|h| h.layer == key) {
                                    Some(h) => h.weight = v,
                                    None => c.hazards.push(geo_core::risk::models::composite::HazardWeight {
                                        layer: key.clone(),
                                        weight: v,
                                        class_shares: Default::default(),
                                    }),
                                }
                            }))
                        }) />
                }
            }).collect_view()}
            {field("其他危险区", "weight-default", c.default_hazard_weight, |c, v| c.default_hazard_weight = v)}
            <h3>"等级系数"</h3>
            <div class="row">
                {field("高", "share-3", c.level_shares[3], |c, v| c.level_shares[3] = v)}
                {field("中", "share-2", c.level_shares[2], |c, v| c.level_shares[2] = v)}
                {field("低", "share-1", c.level_shares[1], |c, v| c.level_shares[1] = v)}
            </div>
            <h3>"危险源与影响圈"</h3>
            <div class="row">
                {field("危险源权重", "source-weight", c.default_source_weight, |c, v| c.default_source_weight = v)}
                {field("满分距离 m", "decay-full", c.decay_full_m, |c, v| c.decay_full_m = v)}
                {field("零分距离 m", "decay-zero", c.decay_zero_m, |c, v| c.decay_zero_m = v)}
            </div>
            {c.rings.derive.as_ref().map(|d| field("影响圈基准半径 m（×(q/Q)^⅓）", "ring-base", d.base_m, |c, v| {
                if let Some(d) = c.rings.derive.as_mut() { d.base_m = v; }
            }))}
            <h3>"按危险源类型设定影响圈半径（m，空为按存量推算）"</h3>
            {types.into_iter().map(|t| {
                let radii = c.rings.by_type.get(&t).cloned().unwrap_or_default();
                view! {
                    <div class="row ring-type">
                        <span class="type-name">{t.clone()}</span>
                        {ring_names.iter().enumerate().map(|(i, name)| {
                            let t = t.clone();
                            let value = radii.get(i).copied().filter(|r| *r > 0.0);
                            view! {
                                <label class="num">
                                    <span>{name.clone()}</span>
                                    <input type="number" inputmode="decimal" data-testid=format!("ring-{t}-{i}")
                                        prop:value=value.map(|v| v.to_string()).unwrap_or_default() placeholder="推算"
                                        on:change=move |ev| {
                                            let v = event_target_value(&ev).trim().parse::<f64>().ok().filter(|v| v.is_finite() && *v >= 0.0);
                                            let t = t.clone();
                                            edit(Box::new(move |c| {
                                                let n = c.rings.names.len();
                                                let r = c.rings.by_type.entry(t.clone()).or_insert_with(|| vec![0.0; n]);
                                                r.resize(n, 0.0);
                                                r[i] = v.unwrap_or(0.0);
                                                if r.iter().all(|x| *x <= 0.0) {
                                                    c.rings.by_type.remove(&t);
                                                }
                                            }))
                                        } />
                                </label>
                            }
                        }).collect_view()}
                    </div>
                }
            }).collect_view()}
            <h3>"场所脆弱性"</h3>
            <VulnerabilityEditor factors=c.vulnerability.clone() fields=fields
                edit=Callback::new(move |f: Box<dyn Fn(&mut CompositeConfig) + Send + Sync>| edit(Box::new(move |c| f(c)))) />
            <h3>"未闭环隐患"</h3>
            <div class="row">
                {field("一般隐患每项", "danger-general", c.dangers.points_per_open_general, |c, v| c.dangers.points_per_open_general = v)}
                {field("重大隐患每项", "danger-major", c.dangers.points_per_open_major, |c, v| c.dangers.points_per_open_major = v)}
            </div>
            <label class="check">
                <input type="checkbox" data-testid="danger-floor" prop:checked=c.dangers.major_floor_enabled
                    on:change=move |ev| { let on = event_target_checked(&ev); edit(Box::new(move |c| c.dangers.major_floor_enabled = on)) } />
                "有重大隐患时至少为较大风险"
            </label>
            <h3>"分级线（综合指数 ≥）"</h3>
            <div class="row">
                {c.bands.iter().enumerate().filter(|(_, b)| b.min > 0.0).map(|(i, b)| {
                    view! {
                        <NumberField label=b.grade.zh().to_string() testid=format!("band-{}", b.grade.en()) value=b.min
                            on_set=Callback::new(move |v: f64| edit(Box::new(move |c| {
                                if let Some(b) = c.bands.get_mut(i) { b.min = v; }
                            }))) />
                    }
                }).collect_view()}
            </div>
            <div class="row">
                <NumberField label="网格边长 m".to_string() testid="grid-size".to_string() value=grid_m.get_untracked()
                    on_set=Callback::new(move |v: f64| grid_m.set(v)) />
                <button data-testid="grid-add" on:click=move |_| {
                    if let Err(e) = state.add_grid(grid_m.get_untracked()) {
                        message.set(Some((false, e)));
                    }
                }>"按网格汇总"</button>
            </div>
            <details class="standard-models" data-testid="standard-models">
                <summary>"标准模型：LEC、风险矩阵、GB 18218 的取值表与分级线"</summary>
                {standard_tables(&doc, edit_doc)}
            </details>
            <h3>"重大危险源辨识与分级（GB 18218-2018）"</h3>
            <table class="preview" data-testid="major-hazards">
                <thead><tr><th>"名称"</th><th>"S=Σq/Q"</th><th>"500 m 内人数"</th><th>"α"</th><th>"R"</th><th>"级别"</th></tr></thead>
                <tbody>
                    {hazards.into_iter().map(|row| view! {
                        <tr>{row.into_iter().map(|c| view! { <td>{c}</td> }).collect_view()}</tr>
                    }).collect_view()}
                </tbody>
            </table>
            <label class="check">
                <input type="checkbox" data-testid="area-highest" prop:checked=c.area_highest_wins
                    on:change=move |ev| { let on = event_target_checked(&ev); edit(Box::new(move |c| c.area_highest_wins = on)) } />
                "区域取其场所的最高等级（否则按平均指数）"
            </label>
        }
    };

    let save = move |_| {
        let name = save_name.get_untracked().trim().to_string();
        if name.is_empty() {
            message.set(Some((false, "请输入模型名称 / enter a name".into())));
            return;
        }
        let mut doc = state.model();
        doc.name = name.clone();
        let json = doc.to_json();
        spawn_local(async move {
            match storage::put_model(&name, &json).await {
                Ok(()) => {
                    message.set(Some((true, format!("已保存模型 {name} / saved"))));
                    state.set_model(doc);
                    refresh_saved();
                }
                Err(e) => message.set(Some((false, e.to_string()))),
            }
        });
    };
    let load = move |json: String| match ModelDocument::from_json(&json) {
        Ok(doc) => {
            message.set(Some((true, format!("已载入 {}", doc.name))));
            state.set_model(doc);
        }
        Err(e) => message.set(Some((false, e.to_string()))),
    };

    view! {
        <Show when=move || open.get()>
            <section class="model-panel" data-testid="model-panel" aria-label="风险模型">
                <button class="close" aria-label="关闭" on:click=move |_| open.set(false)>"×"</button>
                <h2>"风险模型"</h2>
                <RiskReportForm/>
                <RegisterExport/>
                {body}
                <p class="rescore" data-testid="rescore-status">
                    {move || {
                        let n = state.site_count.get();
                        state.last_rescore_ms.get().map(|ms| format!("已重新评分 {n} 个场所，用时 {ms:.0} ms"))
                    }}
                </p>
                <div class="row">
                    <input data-testid="model-name" placeholder="模型名称" prop:value=move || save_name.get()
                        on:input=move |ev| save_name.set(event_target_value(&ev)) />
                    <button class="primary" data-testid="model-save" on:click=save>"保存模型"</button>
                    <button data-testid="model-reset" on:click=move |_| state.set_model(ModelDocument::default())>"恢复默认"</button>
                </div>
                <ul class="saved-models" data-testid="saved-models">
                    <For each=move || saved.get() key=|(n, j)| (n.clone(), j.len()) let:m>
                        <li>
                            <span>{m.0.clone()}</span>
                            <button data-testid=format!("model-load-{}", m.0) on:click={
                                let json = m.1.clone();
                                move |_| load(json.clone())
                            }>"载入"</button>
                        </li>
                    </For>
                </ul>
                {move || message.get().map(|(ok, m)| view! {
                    <p class=if ok { "message ok" } else { "message error" } role="status">{m}</p>
                })}
            </section>
        </Show>
    }
}

/// A value table as a compact list: "10 完全可以预料".
fn value_list(t: &geo_core::risk::models::ScoreTable) -> impl IntoView {
    view! {
        <p class="table-name">{format!("{}（{}）", t.zh, t.key)}</p>
        <ul class="value-table">
            {t.values.iter().map(|v| view! {
                <li><b>{geo_core::risk::models::format_number(v.value)}</b>" "{v.zh.clone()}</li>
            }).collect_view()}
        </ul>
    }
}

/// The LEC, LS and GB 18218 tables of the document: value tables shown, grade cut-offs
/// editable (each edit re-scores, like the composite weights), the LS 5 × 5 grid drawn in
/// the four colours.
fn standard_tables(
    doc: &ModelDocument,
    edit_doc: impl Fn(Box<dyn Fn(&mut ModelDocument)>) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let palette = geo_core::risk::Palette::default();
    let grid = geo_core::risk::models::matrix::grid(doc).unwrap_or_default();
    let band_inputs = |prefix: &'static str,
                       bands: Vec<(usize, String, f64)>,
                       set: fn(&mut ModelDocument, usize, f64)| {
        bands
            .into_iter()
            .map(|(i, label, min)| {
                view! {
                    <NumberField label=label testid=format!("{prefix}-{i}") value=min
                        on_set=Callback::new(move |v: f64| edit_doc(Box::new(move |d| set(d, i, v)))) />
                }
            })
            .collect_view()
    };
    let grade_bands = |bands: &[geo_core::risk::models::GradeBand]| -> Vec<(usize, String, f64)> {
        bands
            .iter()
            .enumerate()
            .filter(|(_, b)| b.min > 0.0)
            .map(|(i, b)| (i, format!("{} ≥", b.zh), b.min))
            .collect()
    };
    view! {
        <h4>"LEC：D = L × E × C"</h4>
        {value_list(&doc.lec.likelihood)}
        {value_list(&doc.lec.exposure)}
        {value_list(&doc.lec.consequence)}
        <div class="row">
            {band_inputs("lec-band", grade_bands(&doc.lec.bands), |d, i, v| {
                if let Some(b) = d.lec.bands.get_mut(i) { b.min = v; }
            })}
        </div>
        <h4>"风险矩阵：R = L × S"</h4>
        {value_list(&doc.ls.likelihood)}
        <table class="ls-grid" data-testid="ls-grid">
            <tbody>
                {grid.iter().map(|row| view! {
                    <tr>
                        <th>{format!("L={}", geo_core::risk::models::format_number(row.likelihood))}</th>
                        {row.cells.iter().map(|c| view! {
                            <td style:background=palette.colour(c.grade).with_alpha(150).css()>
                                {geo_core::risk::models::format_number(c.r)}
                            </td>
                        }).collect_view()}
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        <div class="row">
            {band_inputs("ls-band", grade_bands(&doc.ls.bands), |d, i, v| {
                if let Some(b) = d.ls.bands.get_mut(i) { b.min = v; }
            })}
        </div>
        <h4>"GB 18218：R = α · Σβq/Q"</h4>
        <ul class="value-table">
            {doc.gb18218.alpha.iter().map(|a| view! {
                <li>{format!("≥ {} 人：α = {}", a.min_people, geo_core::risk::models::format_number(a.alpha))}</li>
            }).collect_view()}
        </ul>
        <div class="row">
            {band_inputs("gb-band", doc.gb18218.grades.iter().enumerate().filter(|(_, b)| b.min > 0.0)
                .map(|(i, b)| (i, format!("{} R ≥", b.grade.zh()), b.min)).collect(), |d, i, v| {
                if let Some(b) = d.gb18218.grades.get_mut(i) { b.min = v; }
            })}
        </div>
    }
}
