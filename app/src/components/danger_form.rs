use geo_core::inspection::{next_number, DangerLevel, Date, HiddenDanger};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::browser::today;
use crate::storage;

/// Records a hidden danger for a site. The typed input stays on screen until the record is
/// committed to IndexedDB; a failed save says so and keeps it.
#[component]
pub fn DangerForm(
    /// The site's stable id.
    site_id: String,
    /// The site's name, stored with the record.
    site_name: String,
    /// The panel's list, extended on a successful save.
    dangers: RwSignal<Vec<HiddenDanger>>,
    /// The panel's status line: (ok, text).
    message: RwSignal<Option<(bool, String)>>,
) -> impl IntoView {
    let description = RwSignal::new(String::new());
    let level = RwSignal::new("一般".to_string());
    // The configured levels (设置 → 隐患等级), 一般 and 重大 at least.
    let levels = crate::inspection::level_config();
    let deadline = RwSignal::new(String::new());
    let saving = RwSignal::new(false);
    let state = expect_context::<crate::state::AppState>();

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        let found_on = today();
        // No user names yet: the history records an empty author until sign-in exists.
        let mut record = HiddenDanger::new(
            &site_id,
            &site_name,
            &found_on,
            "",
            js_sys::Date::now() as i64,
        );
        record.description = description.get_untracked().trim().to_string();
        record.level = levels
            .with_untracked(|c| c.get(&level.get_untracked()).cloned())
            .unwrap_or_else(DangerLevel::general);
        record.deadline = deadline.get_untracked();
        let errors = record.validation_errors();
        if !errors.is_empty() {
            let text = errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("；");
            message.set(Some((false, text)));
            return;
        }
        saving.set(true);
        message.set(Some((true, "正在保存… / saving…".into())));
        spawn_local(async move {
            let result = async {
                let numbers = storage::all_numbers().await?;
                let date = Date::parse(&found_on).expect("today() is a valid date");
                record.number = next_number(numbers.iter().map(String::as_str), date);
                storage::put_danger(&record).await?;
                Ok::<_, storage::StorageError>(record)
            }
            .await;
            saving.set(false);
            match result {
                Ok(saved) => {
                    message.set(Some((true, format!("已保存 {} / saved", saved.number))));
                    dangers.update(|d| d.push(saved));
                    // The site's score counts open dangers: re-score with all records.
                    if let Ok(all) = storage::all_dangers().await {
                        state.set_dangers(&all);
                    }
                    description.set(String::new());
                    deadline.set(String::new());
                }
                // Keep the typed input: nothing is lost when a write fails.
                Err(e) => message.set(Some((false, e.to_string()))),
            }
        });
    };

    view! {
        <form class="danger-form" data-testid="danger-form" on:submit=save>
            <label>
                "隐患描述"
                <textarea
                    data-testid="danger-description"
                    rows="3"
                    prop:value=move || description.get()
                    on:input=move |ev| description.set(event_target_value(&ev))
                ></textarea>
            </label>
            <div class="row">
                <label>
                    "等级"
                    <select
                        data-testid="danger-level"
                        prop:value=move || level.get()
                        on:change=move |ev| level.set(event_target_value(&ev))
                    >
                        {move || levels.get().levels().iter().map(|l| {
                            let name = l.name().to_string();
                            let sel = name.clone();
                            view! { <option value=name selected=move || level.get() == sel>{l.zh()}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <label>
                    "整改期限"
                    <input
                        type="date"
                        data-testid="danger-deadline"
                        prop:value=move || deadline.get()
                        on:input=move |ev| deadline.set(event_target_value(&ev))
                    />
                </label>
            </div>
            <button type="submit" data-testid="danger-save" disabled=move || saving.get()>
                "记录隐患"
            </button>
        </form>
    }
}
