//! 开始排查: the type, date, inspectors and checklists (built-in and the user's, which
//! 检查表模板 edits, imports and exports) of a new inspection at a site, and the site's
//! earlier inspections to resume.

use geo_core::inspection::{
    builtin_templates, next_inspection_id, ChecklistTemplate, Date, Inspection, InspectionHeader,
    InspectionType,
};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::device::device_id;
use super::{now_ms, InspectionUi, Screen, SiteRef};
use crate::browser::today;
use crate::storage;

/// Splits "张工、李工, 王工" into names.
pub fn split_names(s: &str) -> Vec<String> {
    s.split(['、', ',', '，', ';', '；', '\n'])
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(String::from)
        .collect()
}

/// Stores a new inspection under the next id of this device and day. `add` refuses an id
/// that exists, so a second tab that took the same number at the same moment makes this
/// one try the next.
async fn add_numbered(inspection: &mut Inspection, day: Date) -> Result<(), String> {
    let device = device_id();
    for _ in 0..3 {
        let ids = storage::all_inspection_ids()
            .await
            .map_err(|e| e.to_string())?;
        inspection.id = next_inspection_id(ids.iter().map(String::as_str), day, &device);
        match storage::add_inspection(inspection).await {
            Ok(true) => return Ok(()),
            Ok(false) => continue,
            Err(e) => return Err(e.to_string()),
        }
    }
    Err("排查记录编号冲突，请重试 / inspection id taken, try again".into())
}

/// The new-inspection form for `site`.
#[component]
pub fn StartInspection(site: SiteRef) -> impl IntoView {
    let ui = expect_context::<InspectionUi>();
    let kind = RwSignal::new(InspectionType::Routine);
    let date = RwSignal::new(today());
    let inspectors = RwSignal::new(String::new());
    let chosen = RwSignal::new(Vec::<String>::new());
    let templates = RwSignal::new(builtin_templates());
    let previous = RwSignal::new(Vec::<Inspection>::new());
    let message = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);

    let site_id = site.id.clone();
    spawn_local(async move {
        match storage::all_templates().await {
            // A user template replaces a built-in one of the same id.
            Ok(user) => templates.update(|t| {
                t.retain(|b| !user.iter().any(|u| u.id == b.id));
                t.extend(user);
            }),
            Err(e) => message.set(Some(e.to_string())),
        }
        match storage::inspections_for_site(&site_id).await {
            Ok(list) => previous.set(list),
            Err(e) => message.set(Some(e.to_string())),
        }
    });

    let site_for_begin = site.clone();
    let begin = move |_| {
        if busy.get_untracked() {
            return;
        }
        let names = split_names(&inspectors.get_untracked());
        let ids = chosen.get_untracked();
        let all = templates.get_untracked();
        let picked: Vec<&ChecklistTemplate> = all.iter().filter(|t| ids.contains(&t.id)).collect();
        let d = date.get_untracked();
        let day = Date::parse(&d);
        let header = InspectionHeader {
            // Numbered once the day's ids are read, below; validation needs one now.
            id: "INS".into(),
            site_id: site_for_begin.id.clone(),
            site_name: site_for_begin.name.clone(),
            date: d,
            kind: kind.get_untracked(),
            inspectors: names.clone(),
        };
        let by = names.first().cloned().unwrap_or_default();
        let inspection = Inspection::new(header, &picked, &by, now_ms());
        let mut errs: Vec<String> = inspection
            .validation_errors()
            .iter()
            .map(ToString::to_string)
            .collect();
        if picked.is_empty() {
            errs.push("请至少选择一个检查表 / choose at least one checklist".into());
        }
        if !errs.is_empty() {
            message.set(Some(errs.join("；")));
            return;
        }
        let Some(day) = day else {
            message.set(Some("排查日期无效 / invalid date".into()));
            return;
        };
        busy.set(true);
        message.set(Some("保存中… / saving".into()));
        let mut inspection = inspection;
        spawn_local(async move {
            let result = add_numbered(&mut inspection, day).await;
            busy.set(false);
            match result {
                Ok(()) => ui.screen.set(Some(Screen::Checklist(inspection.id))),
                Err(e) => message.set(Some(e.to_string())),
            }
        });
    };

    let toggle = move |id: String, on: bool| {
        chosen.update(|c| {
            c.retain(|x| *x != id);
            if on {
                c.push(id);
            }
        })
    };

    view! {
        <section class="sheet" role="dialog" aria-label="开始排查" data-testid="start-inspection-sheet">
            <header class="sheet-head">
                <h2>"开始排查 · "{site.name.clone()}</h2>
                <button class="close" aria-label="关闭" on:click=move |_| ui.screen.set(None)>"×"</button>
            </header>
            <div class="form-grid">
                <label>
                    "检查类型"
                    <select data-testid="insp-type" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        if let Some(t) = InspectionType::ALL.into_iter().find(|t| t.zh() == v) {
                            kind.set(t);
                        }
                    }>
                        {InspectionType::ALL.into_iter().map(|t| view! {
                            <option value=t.zh() selected=move || kind.get() == t>{t.zh()}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label>
                    "排查日期"
                    <input type="date" data-testid="insp-date" prop:value=move || date.get()
                        on:input=move |ev| date.set(event_target_value(&ev)) />
                </label>
                <label class="wide">
                    "检查人（多人用“、”分隔）"
                    <input type="text" data-testid="insp-inspectors" prop:value=move || inspectors.get()
                        on:input=move |ev| inspectors.set(event_target_value(&ev)) />
                </label>
            </div>
            <h3>"检查表"</h3>
            <div class="template-list">
                {move || templates.get().into_iter().map(|t| {
                    let id = t.id.clone();
                    let checked_id = t.id.clone();
                    view! {
                        <label class="check big" data-testid="insp-template">
                            <input type="checkbox" data-testid=format!("tpl-{}", t.id)
                                prop:checked=move || chosen.with(|c| c.contains(&checked_id))
                                on:change=move |ev| toggle(id.clone(), event_target_checked(&ev)) />
                            <span>{t.name.clone()}" （"{t.items.len()}" 项）"</span>
                        </label>
                    }
                }).collect_view()}
            </div>
            <button data-testid="open-templates"
                on:click={
                    let site = site.clone();
                    move |_| ui.screen.set(Some(Screen::Templates(Some(site.clone()))))
                }>
                "管理检查表模板（新建、编辑、导入导出）"
            </button>
            {move || message.get().map(|m| view! { <p class="message" data-testid="insp-message" role="status">{m}</p> })}
            <button class="primary" data-testid="insp-begin" disabled=move || busy.get() on:click=begin>"开始检查"</button>
            <Show when=move || !previous.get().is_empty()>
                <h3>"本场所的排查记录"</h3>
                <ul class="plain-list">
                    {move || previous.get().into_iter().map(|i| {
                        let (done, total) = i.progress();
                        let id = i.id.clone();
                        view! {
                            <li>
                                <button class="link" data-testid="insp-resume"
                                    on:click=move |_| ui.screen.set(Some(Screen::Checklist(id.clone())))>
                                    {format!("{} {} · {}/{} 项 · {}", i.date, i.kind.zh(), done, total, i.inspectors.join("、"))}
                                </button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </Show>
        </section>
    }
}
