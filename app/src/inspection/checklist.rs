//! The checklist of an inspection: 符合 / 不符合 / 不适用 per item with big touch targets.
//! 不符合 opens the item's hidden-danger record, prefilled by geo-core (made on the first
//! 不符合, reopened after).

use geo_core::inspection::{next_number, Answer, Date, HiddenDanger, Inspection, InspectionItem};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{now_ms, save_danger, InspectionUi, SaveBadge, SaveState, Saver};
use crate::state::AppState;
use crate::storage;

/// Days a finding gets by default before its deadline (the form can change it).
const DEFAULT_DAYS: i64 = 7;

/// The checklist screen of inspection `id`.
#[component]
pub fn ChecklistScreen(id: String) -> impl IntoView {
    let ui = expect_context::<InspectionUi>();
    let state = expect_context::<AppState>();
    let inspection = RwSignal::new(None::<Inspection>);
    // The records this inspection produced, to reopen an item's record.
    let findings = RwSignal::new(Vec::<HiddenDanger>::new());
    let message = RwSignal::new(None::<String>);
    let creating = StoredValue::new(Vec::<String>::new());
    let saver = Saver::new(|i: Inspection| async move {
        storage::put_inspection(&i).await.map_err(|e| e.to_string())
    });

    let load_id = id.clone();
    spawn_local(async move {
        match storage::get_inspection(&load_id).await {
            Ok(Some(i)) => inspection.set(Some(i)),
            Ok(None) => message.set(Some(format!("找不到排查记录 {load_id}"))),
            Err(e) => message.set(Some(e.to_string())),
        }
    });
    // Reload the findings whenever a record is saved.
    Effect::new(move |_| {
        ui.dangers_version.track();
        let Some(site) = inspection.with(|i| i.as_ref().map(|i| (i.site_id.clone(), i.id.clone())))
        else {
            return;
        };
        spawn_local(async move {
            if let Ok(list) = storage::dangers_for_site(&site.0).await {
                findings.set(
                    list.into_iter()
                        .filter(|d| d.inspection_id.as_deref() == Some(site.1.as_str()))
                        .collect(),
                );
            }
        });
    });

    let open_finding = move |template_id: String, item_id: String| {
        let key = format!("{template_id}/{item_id}");
        if let Some(n) = findings.with_untracked(|f| {
            f.iter()
                .find(|d| d.checklist_item.as_deref() == Some(key.as_str()))
                .map(|d| d.number.clone())
        }) {
            ui.danger.set(Some(n));
            return;
        }
        let Some(insp) = inspection.get_untracked() else {
            return;
        };
        // A second tap while the record is being made must not make another.
        if creating.with_value(|c| c.contains(&key)) {
            return;
        }
        creating.update_value(|c| c.push(key.clone()));
        spawn_local(async move {
            let result = async {
                let numbers = storage::all_numbers().await.map_err(|e| e.to_string())?;
                let date = Date::parse(&insp.date).ok_or("排查日期无效")?;
                let number = next_number(numbers.iter().map(String::as_str), date);
                let by = insp.inspectors.first().cloned().unwrap_or_default();
                let mut d = insp
                    .danger_from_item(&template_id, &item_id, &number, &by, now_ms())
                    .map_err(|e| e.to_string())?;
                d.deadline = date.add_days(DEFAULT_DAYS).to_string();
                save_danger(state, ui, d.clone()).await?;
                let number = d.number.clone();
                findings.update(|f| f.push(d));
                Ok::<_, String>(number)
            }
            .await;
            creating.update_value(|c| c.retain(|k| *k != key));
            match result {
                Ok(n) => ui.danger.set(Some(n)),
                Err(e) => message.set(Some(e)),
            }
        });
    };

    // Sets an item's answer and/or note (keeping the other) and saves the inspection.
    let set_item =
        move |template_id: &str, item_id: &str, a: Option<Answer>, note: Option<String>| {
            let mut changed = None;
            inspection.update(|i| {
                let Some(i) = i else { return };
                let by = i.inspectors.first().cloned().unwrap_or_default();
                let Some(it) = i.item(template_id, item_id) else {
                    return;
                };
                let a = a.or(it.answer);
                let note = note.unwrap_or_else(|| it.note.clone());
                match i.answer(template_id, item_id, a, &note, &by, now_ms()) {
                    Ok(()) => changed = Some(i.clone()),
                    Err(e) => saver.state.set(SaveState::Invalid(e.to_string())),
                }
            });
            if let Some(i) = changed {
                saver.save(i);
            }
        };
    let answer = move |template_id: String, item_id: String, a: Answer| {
        set_item(&template_id, &item_id, Some(a), None);
        if a == Answer::NonConforming {
            open_finding(template_id, item_id);
        }
    };
    let note = move |template_id: String, item_id: String, text: String| {
        set_item(&template_id, &item_id, None, Some(text));
    };

    let header = move || {
        inspection.with(|i| {
            i.as_ref().map(|i| {
                let (done, total) = i.progress();
                (
                    format!("{} · {} · {}", i.site_name, i.kind.zh(), i.date),
                    format!(
                        "检查人 {} · 已答 {done}/{total} 项",
                        i.inspectors.join("、")
                    ),
                )
            })
        })
    };

    view! {
        <section class="sheet" role="dialog" aria-label="检查表" data-testid="checklist-sheet">
            <header class="sheet-head">
                <h2>{move || header().map(|h| h.0)}</h2>
                <SaveBadge saver/>
                <button class="close" aria-label="关闭" data-testid="checklist-close" on:click=move |_| ui.screen.set(None)>"×"</button>
            </header>
            <p class="hint" data-testid="checklist-progress">{move || header().map(|h| h.1)}</p>
            {move || message.get().map(|m| view! { <p class="message error" role="status">{m}</p> })}
            <ol class="checklist">
                {move || inspection.with(|i| i.as_ref().map(|i| i.items.clone()).unwrap_or_default())
                    .into_iter()
                    .map(|it| view! { <ItemRow it answer note findings/> })
                    .collect_view()}
            </ol>
        </section>
    }
}

/// One item: its text and basis, the three answers, and its record once there is one.
#[component]
fn ItemRow(
    it: InspectionItem,
    answer: impl Fn(String, String, Answer) + Copy + Send + Sync + 'static,
    /// Saves the inspector's note on the item (the start of a finding's description).
    note: impl Fn(String, String, String) + Copy + Send + Sync + 'static,
    findings: RwSignal<Vec<HiddenDanger>>,
) -> impl IntoView {
    let ui = expect_context::<InspectionUi>();
    let key = format!("{}/{}", it.template_id, it.item.id);
    let finding_key = key.clone();
    let finding = move || {
        findings.with(|f| {
            f.iter()
                .find(|d| d.checklist_item.as_deref() == Some(finding_key.as_str()))
                .map(|d| (d.number.clone(), d.status().zh()))
        })
    };
    let buttons = [
        (Answer::Conforming, "yes"),
        (Answer::NonConforming, "no"),
        (Answer::NotApplicable, "na"),
    ]
    .into_iter()
    .map(|(a, k)| {
        let (t, i) = (it.template_id.clone(), it.item.id.clone());
        let pressed = it.answer == Some(a);
        view! {
            <button class=format!("answer {k}") class:on=pressed aria-pressed=pressed.to_string()
                data-testid=format!("answer-{k}") on:click=move |_| answer(t.clone(), i.clone(), a)>
                {a.zh()}
            </button>
        }
    })
    .collect_view();
    view! {
        <li class="check-item" data-testid="check-item" data-item=key
            data-answer=it.answer.map(|a| a.zh()).unwrap_or("")>
            <p class="item-text">{it.item.text.clone()}</p>
            {(!it.item.basis.is_empty()).then(|| view! { <p class="item-basis">"依据："{it.item.basis.clone()}</p> })}
            <div class="answers">{buttons}</div>
            <input type="text" class="item-note" data-testid="item-note" placeholder="现场情况（可选，不符合时写入隐患描述）"
                value=it.note.clone()
                on:change={
                    let (t, i) = (it.template_id.clone(), it.item.id.clone());
                    move |ev| note(t.clone(), i.clone(), event_target_value(&ev))
                } />
            {move || finding().map(|(n, status)| {
                let open = n.clone();
                view! {
                    <button class="link" data-testid="item-finding" on:click=move |_| ui.danger.set(Some(open.clone()))>
                        "隐患 "{n}" · "{status}
                    </button>
                }
            })}
        </li>
    }
}
