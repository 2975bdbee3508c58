//! 隐患台账: every record in a table, filtered by site, status, level (the configured ones
//! and any other the records have), category and overdue, with the KPIs of the filtered set (`geo_core::inspection::ledger`).

use geo_core::inspection::{kpis, money, Category, HiddenDanger, LedgerFilter, Status};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{project_io, InspectionUi};
use crate::browser::today;
use crate::state::AppState;
use crate::storage;

fn percent(rate: Option<f64>) -> String {
    rate.map(|r| format!("{:.1}%", r * 100.0))
        .unwrap_or_else(|| "—".into())
}

/// The ledger screen.
#[component]
pub fn LedgerScreen() -> impl IntoView {
    let ui = expect_context::<InspectionUi>();
    let state = expect_context::<AppState>();
    let io_message = RwSignal::new(None::<(bool, String)>);
    let export = move |_| {
        io_message.set(Some((true, "正在导出… / exporting".into())));
        spawn_local(async move {
            io_message.set(Some(match project_io::export().await {
                Ok(s) => (true, s),
                Err(e) => (false, format!("导出失败 / export failed: {e}")),
            }));
        });
    };
    let import = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        input.set_value("");
        io_message.set(Some((true, "正在导入… / importing".into())));
        spawn_local(async move {
            io_message.set(Some(match project_io::import(state, ui, file).await {
                Ok(s) => (true, s),
                Err(e) => (false, format!("导入失败 / import failed: {e}")),
            }));
        });
    };
    let records = RwSignal::new(Vec::<HiddenDanger>::new());
    let message = RwSignal::new(None::<String>);
    let site = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    let level = RwSignal::new(String::new());
    let category = RwSignal::new(String::new());
    let overdue = RwSignal::new(false);

    Effect::new(move |_| {
        ui.dangers_version.track();
        spawn_local(async move {
            match storage::all_dangers().await {
                Ok(mut list) => {
                    list.sort_by(|a, b| a.number.cmp(&b.number));
                    records.set(list);
                }
                Err(e) => message.set(Some(e.to_string())),
            }
        });
    });

    let today_date = geo_core::inspection::Date::parse(&today());
    let filter = move || LedgerFilter {
        site_id: Some(site.get()).filter(|s| !s.is_empty()),
        status: Status::ALL.into_iter().find(|s| s.zh() == status.get()),
        level: Some(level.get()).filter(|s| !s.is_empty()),
        major_only: false,
        category: Some(category.get())
            .filter(|s| !s.is_empty())
            .map(|c| Category::from_name(&c)),
        overdue_on: if overdue.get() { today_date } else { None },
    };
    let shown = Memo::new(move |_| {
        let f = filter();
        records.with(|r| f.apply(r).into_iter().cloned().collect::<Vec<_>>())
    });
    let figures = move || today_date.map(|t| shown.with(|s| kpis(s, t)));
    // The records shown, as filtered: the file is what the table lists.
    let export_xlsx = move |_| {
        let list = shown.get_untracked();
        io_message.set(Some((true, "正在导出… / exporting".into())));
        spawn_local(async move {
            io_message.set(Some(match crate::report::export_ledger_xlsx(list).await {
                Ok(s) => (true, s),
                Err(e) => (false, format!("导出失败 / export failed: {e}")),
            }));
        });
    };
    let sites = move || {
        let mut v: Vec<(String, String)> = records.with(|r| {
            r.iter()
                .map(|d| (d.site_id.clone(), d.site_name.clone()))
                .collect()
        });
        v.sort();
        v.dedup_by(|a, b| a.0 == b.0);
        v
    };
    // The configured levels, then any other the records have.
    let configured = super::level_config();
    let levels = move || {
        configured.with(|c| {
            records.with(|r| {
                c.choices(r.iter().map(|d| &d.level))
                    .into_iter()
                    .map(|l| l.name().to_string())
                    .collect::<Vec<_>>()
            })
        })
    };
    // The built-in categories, then any other the records use.
    let categories = move || {
        let mut v: Vec<String> = Category::BUILT_IN
            .iter()
            .map(|c| c.name().to_string())
            .collect();
        records.with(|r| {
            for c in r.iter().filter_map(|d| d.category.as_ref()) {
                if !v.iter().any(|x| x == c.name()) {
                    v.push(c.name().to_string());
                }
            }
        });
        v
    };
    let select = |sig: RwSignal<String>,
                  testid: &'static str,
                  label: &'static str,
                  opts: Vec<(String, String)>| {
        view! {
            <label>
                {label}
                <select data-testid=testid on:change=move |ev| sig.set(event_target_value(&ev))>
                    <option value="" selected=move || sig.get().is_empty()>"全部"</option>
                    {opts.into_iter().map(|(v, t)| {
                        let v2 = v.clone();
                        view! { <option value=v selected=move || sig.get() == v2>{t}</option> }
                    }).collect_view()}
                </select>
            </label>
        }
    };
    let kpi = |testid: &'static str, label: &'static str, value: String| {
        view! {
            <div class="kpi"><span class="kpi-label">{label}</span><strong data-testid=testid>{value}</strong></div>
        }
    };

    view! {
        <section class="sheet" role="dialog" aria-label="隐患台账" data-testid="ledger-sheet">
            <header class="sheet-head">
                <h2>"隐患排查治理台账"</h2>
                <button class="close" aria-label="关闭" data-testid="ledger-close" on:click=move |_| ui.screen.set(None)>"×"</button>
            </header>
            {move || message.get().map(|m| view! { <p class="message error" role="status">{m}</p> })}
            <div class="io-row">
                <button data-testid="ledger-xlsx" on:click=export_xlsx>"导出台账（XLSX）"</button>
                <button data-testid="project-export" on:click=export>"导出项目文件（zip）"</button>
                <label class="file-button">
                    "导入项目文件（合并）"
                    <input type="file" accept=".zip,application/zip" data-testid="project-import" on:change=import />
                </label>
            </div>
            {move || io_message.get().map(|(ok, m)| view! {
                <p class=if ok { "message" } else { "message error" } data-testid="project-message" role="status">{m}</p>
            })}
            <div class="filters">
                {move || select(site, "f-site", "场所", sites().into_iter().map(|(id, name)| (id.clone(), format!("{name}（{id}）"))).collect())}
                {select(status, "f-status", "状态", Status::ALL.iter().map(|s| (s.zh().to_string(), s.zh().to_string())).collect())}
                {move || select(level, "f-level", "等级", levels().into_iter().map(|l| (l.clone(), l)).collect())}
                {move || select(category, "f-category", "类别", categories().into_iter().map(|c| (c.clone(), c)).collect())}
                <label class="check big">
                    <input type="checkbox" data-testid="f-overdue" prop:checked=move || overdue.get()
                        on:change=move |ev| overdue.set(event_target_checked(&ev)) />
                    "仅逾期"
                </label>
            </div>
            {move || figures().map(|k| view! {
                <div class="kpis" data-testid="kpis">
                    {kpi("kpi-found", "查出隐患数", k.found.to_string())}
                    {kpi("kpi-major", "重大隐患数", k.major.to_string())}
                    {kpi("kpi-rectified", "已整改数", k.rectified.to_string())}
                    {kpi("kpi-rate", "隐患整改率", percent(k.rectification_rate))}
                    {kpi("kpi-major-rate", "重大隐患整改率", percent(k.major_rectification_rate))}
                    {kpi("kpi-overdue", "逾期未整改", k.overdue.to_string())}
                    {kpi("kpi-funds", "整改资金（元）", money::format_yuan(k.funds_fen))}
                </div>
            })}
            <div class="table-wrap">
                <table class="ledger">
                    <thead><tr>
                        <th>"编号"</th><th>"场所"</th><th>"隐患描述"</th><th>"类别"</th><th>"等级"</th>
                        <th>"状态"</th><th>"整改期限"</th><th>"责任人"</th>
                    </tr></thead>
                    <tbody>
                        {move || shown.get().into_iter().map(|d| {
                            let n = d.number.clone();
                            let late = today_date.is_some_and(|t| d.is_overdue(t));
                            view! {
                                <tr data-testid="ledger-row" class:overdue=late class:major=d.level.is_major()
                                    on:click=move |_| ui.danger.set(Some(n.clone()))>
                                    <td><button class="link" data-testid="ledger-open">{d.number.clone()}</button></td>
                                    <td>{d.site_name.clone()}</td>
                                    <td class="desc">{d.description.clone()}</td>
                                    <td>{d.category.as_ref().map(|c| c.name().to_string()).unwrap_or_default()}</td>
                                    <td>{d.level.zh()}</td>
                                    <td data-testid="ledger-status">{d.status().zh()}{late.then_some("（逾期）")}</td>
                                    <td>{d.deadline.clone()}</td>
                                    <td>{d.responsible.clone()}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}
