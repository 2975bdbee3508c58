use geo_core::inspection::HiddenDanger;
use geo_core::report::SiteReport;
use geo_core::risk::Palette;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::danger_form::DangerForm;
use super::report_form::InspectionReportForm;
use super::risk_point::RiskPointForm;
use crate::browser::today;
use crate::inspection::{InspectionUi, Screen, SiteRef};
use crate::state::{AppState, Selected};
use crate::{report, storage};

/// What the panel shows about the selected site, copied out of the project.
#[derive(Debug, Clone, PartialEq)]
struct SiteInfo {
    id: String,
    name: String,
    grade_text: String,
    grade_key: &'static str,
    colour: String,
    reasons: Vec<String>,
    /// The composite score and its factors, largest first.
    score: Option<f64>,
    factors: Vec<String>,
    details: Vec<(String, String)>,
}

fn site_info(state: AppState, sel: Selected) -> Option<SiteInfo> {
    state.project.with_value(|p| {
        let p = p.as_ref()?;
        let layer = p.layers.get(sel.layer)?;
        let feature = layer.features.get(sel.feature)?;
        let a = p.assessment(sel.layer, sel.feature)?;
        Some(SiteInfo {
            id: p.site_id(sel.layer, sel.feature),
            name: layer.feature_name(sel.feature),
            grade_text: a.grade.to_string(),
            grade_key: a.grade.en(),
            colour: Palette::default().colour(a.grade).css(),
            reasons: a.reasons.iter().map(|r| r.describe()).collect(),
            score: a.score,
            factors: a.factors.iter().map(|f| f.zh.clone()).collect(),
            details: feature
                .properties
                .iter()
                .filter(|(k, _)| k.as_str() != layer.meta.name_field && k.as_str() != "id")
                .map(|(k, v)| (k.clone(), feature.text(k).unwrap_or_else(|| v.to_string())))
                .collect(),
        })
    })
}

/// The selected site: name, grade with reasons, its hidden dangers, the record form and
/// the report button.
#[component]
pub fn SitePanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let info = Memo::new(move |_| {
        // Re-read when scores change (model edited, a danger recorded).
        state.score_version.track();
        state.selected.get().and_then(|s| site_info(state, s))
    });
    let dangers = RwSignal::new(Vec::<HiddenDanger>::new());
    let message = RwSignal::new(None::<(bool, String)>);

    // Load the site's records whenever another site is selected (not when its score
    // changes: a save re-scores the site and must keep its "saved" message).
    let ui = expect_context::<InspectionUi>();
    let site_id = Memo::new(move |_| info.get().map(|i| i.id));
    Effect::new(move |prev: Option<Option<String>>| {
        // Records saved in the inspection screens reload the list (keeping the message).
        ui.dangers_version.track();
        let id = site_id.get();
        let Some(id) = id.clone() else { return id };
        if prev.as_ref() != Some(&Some(id.clone())) {
            dangers.set(Vec::new());
            message.set(None);
        }
        let site = id.clone();
        spawn_local(async move {
            match storage::dangers_for_site(&site).await {
                Ok(list) => dangers.set(list),
                Err(e) => message.set(Some((false, e.to_string()))),
            }
        });
        Some(id)
    });
    let start_inspection = move |_| {
        if let Some(i) = info.get_untracked() {
            ui.screen.set(Some(Screen::Start(SiteRef {
                id: i.id,
                name: i.name,
            })));
        }
    };

    let export = move |_| {
        let (Some(i), Some(sel)) = (info.get_untracked(), state.selected.get_untracked()) else {
            return;
        };
        let Some(assessment) = state.project.with_value(|p| {
            p.as_ref()
                .and_then(|p| p.assessment(sel.layer, sel.feature))
        }) else {
            return;
        };
        let fictional = state
            .project
            .with_value(|p| p.as_ref().is_some_and(|p| p.fictional()));
        let rep = SiteReport {
            site_id: i.id.clone(),
            site_name: i.name.clone(),
            assessment,
            dangers: dangers.get_untracked(),
            report_date: today(),
            fictional_data: fictional,
        };
        message.set(Some((true, "正在生成报告… / making the report…".into())));
        spawn_local(async move {
            match report::export_site_report(rep).await {
                Ok(()) => message.set(Some((true, "报告已生成 / report downloaded".into()))),
                Err(e) => message.set(Some((false, format!("报告生成失败 / report failed: {e}")))),
            }
        });
    };

    view! {
        <Show when=move || info.get().is_some()>
            <section class="site-panel" data-testid="site-panel">
                {move || {
                    info.get()
                        .map(|i| {
                            view! {
                                <button class="close" aria-label="关闭" on:click=move |_| state.selected.set(None)>
                                    "×"
                                </button>
                                <h2 data-testid="site-name">{i.name.clone()}</h2>
                                <p class="site-id">
                                    {i.id.clone()}
                                    <button class="small locate" data-testid="site-locate" title="在地图上定位到此场所"
                                        on:click=move |_| locate(state)>"定位"</button>
                                </p>
                                <p class="grade" data-testid="site-grade" data-grade=i.grade_key>
                                    <span class="swatch" style:background=i.colour.clone()></span>
                                    {i.grade_text.clone()}
                                </p>
                                <h3>"判定依据"</h3>
                                <ul class="reasons" data-testid="site-reasons">
                                    {if i.reasons.is_empty() {
                                        view! { <li>"不在任何已加载的危险区内"</li> }.into_any()
                                    } else {
                                        i.reasons.iter().map(|r| view! { <li>{r.clone()}</li> }).collect_view().into_any()
                                    }}
                                </ul>
                                {i.score.map(|score| view! {
                                    <h3>"综合风险指数 "<span data-testid="site-score">{format!("{score:.1}")}</span></h3>
                                    <ol class="factors" data-testid="site-factors">
                                        {i.factors.iter().map(|f| view! { <li>{f.clone()}</li> }).collect_view()}
                                    </ol>
                                })}
                                <dl class="details">
                                    {i.details
                                        .iter()
                                        .map(|(k, v)| view! { <dt>{k.clone()}</dt><dd>{v.clone()}</dd> })
                                        .collect_view()}
                                </dl>
                            }
                        })
                }}
                <RiskPointForm/>
                <button class="primary" data-testid="start-inspection" on:click=start_inspection>"开始排查（检查表）"</button>
                <h3>"隐患"</h3>
                <ul class="danger-list" data-testid="danger-list">
                    <For each=move || dangers.get() key=|d| (d.number.clone(), d.trail().updated_at()) let:d>
                        <li data-testid="danger-item">
                            <button class="link danger-number" data-testid="danger-open"
                                on:click={
                                    let n = d.number.clone();
                                    move |_| ui.danger.set(Some(n.clone()))
                                }>{d.number.clone()}</button>
                            <span class="status-tag" data-testid="danger-status">{d.status().zh()}</span>
                            <span class=if d.level.is_major() { "level major" } else { "level" }>
                                {d.level.zh()}
                            </span>
                            <span class="deadline">"期限 "{d.deadline.clone()}</span>
                            <p class="danger-description">{d.description.clone()}</p>
                        </li>
                    </For>
                </ul>
                {move || info.get().map(|i| view! { <DangerForm site_id=i.id site_name=i.name dangers message/> })}
                {move || info.get().map(|i| view! { <InspectionReportForm site_id=i.id site_name=i.name/> })}
                <button class="primary" data-testid="export-report" on:click=export>"导出场所风险报告"</button>
                {move || {
                    message
                        .get()
                        .map(|(ok, m)| {
                            view! {
                                <p class=if ok { "message ok" } else { "message error" } data-testid="panel-message" role="status">
                                    {m}
                                </p>
                            }
                        })
                }}
            </section>
        </Show>
    }
}

/// Zooms the map to the selected site: a box of about 300 m around it (zoom 17 or so).
fn locate(state: AppState) {
    use geo::BoundingRect;
    let Some(sel) = state.selected.get_untracked() else {
        return;
    };
    let bounds = state.project.with_value(|p| {
        let f = p
            .as_ref()?
            .layers
            .get(sel.layer)?
            .features
            .get(sel.feature)?;
        let r = f.geometry.bounding_rect()?;
        let c = r.center();
        let pad = 0.0015;
        Some([
            r.min().x.min(c.x - pad),
            r.min().y.min(c.y - pad),
            r.max().x.max(c.x + pad),
            r.max().y.max(c.y + pad),
        ])
    });
    if let Some(b) = bounds {
        state.fit_request.set(Some(b));
    }
}
