//! 隐患等级 in 设置: 一般 and 重大 (fixed) and the user's own levels, which can be added,
//! renamed, made major or not, and deleted. geo-core's `LevelConfig` decides; a level
//! that records use is refused a change with the numbers of those records.

use geo_core::inspection::{DangerLevel, HiddenDanger, LevelConfig};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::inspection::{current_levels, level_config, level_load_error, save_levels};
use crate::storage;

/// Applies `change` to the saved list with every stored record at hand, saves the result
/// and reports it in `message` (`ok` text, or the refusal).
fn apply(
    message: RwSignal<Option<(bool, String)>>,
    ok: String,
    change: impl FnOnce(&mut LevelConfig, &[HiddenDanger]) -> Result<(), String> + 'static,
    done: impl FnOnce() + 'static,
) {
    spawn_local(async move {
        let result = async {
            let records = storage::all_dangers().await.map_err(|e| e.to_string())?;
            let mut config = current_levels();
            change(&mut config, &records)?;
            save_levels(config)
        }
        .await;
        match result {
            Ok(()) => {
                message.set(Some((true, ok)));
                done();
            }
            Err(e) => message.set(Some((false, e))),
        }
    });
}

/// The 隐患等级 section of the settings dialog.
#[component]
pub fn LevelSettings() -> impl IntoView {
    let config = level_config();
    let message = RwSignal::new(level_load_error().map(|e| (false, e)));
    let new_name = RwSignal::new(String::new());
    let new_major = RwSignal::new(false);
    // The level being renamed (its old name) and the form's values.
    let editing = RwSignal::new(None::<String>);
    let edit_name = RwSignal::new(String::new());
    let edit_major = RwSignal::new(false);
    // The level whose 删除 was tapped once, waiting for 确认删除.
    let deleting = RwSignal::new(None::<String>);

    let add = move |_| {
        let name = new_name.get_untracked().trim().to_string();
        let major = new_major.get_untracked();
        apply(
            message,
            format!("已添加隐患等级“{name}”"),
            move |c, _| c.add(&name, major).map(|_| ()).map_err(|e| e.to_string()),
            move || {
                new_name.set(String::new());
                new_major.set(false);
            },
        );
    };
    let save_edit = move |()| {
        let Some(old) = editing.get_untracked() else {
            return;
        };
        let name = edit_name.get_untracked().trim().to_string();
        let major = edit_major.get_untracked();
        apply(
            message,
            format!("已保存隐患等级“{name}”"),
            move |c, records| {
                c.update(&old, &name, major, records)
                    .map_err(|e| e.to_string())
            },
            move || editing.set(None),
        );
    };
    let delete = Callback::new(move |name: String| {
        // The confirmation ends either way: a refusal says why in the message.
        deleting.set(None);
        apply(
            message,
            format!("已删除隐患等级“{name}”"),
            move |c, records| c.remove(&name, records).map_err(|e| e.to_string()),
            || {},
        );
    });
    let rows = RowState {
        editing,
        edit_name,
        edit_major,
        deleting,
        save_edit: Callback::new(save_edit),
        delete,
    };

    view! {
        <h3>"隐患等级"</h3>
        <p class="hint">
            "一般、重大为国家规定的两级，不能修改。可添加地方或行业使用的等级（如重点隐患、一级重大）；"
            "按重大隐患管理的等级须有治理方案和临时措施，计入重大隐患数。已有隐患使用的等级不能修改或删除。等级的修改即时保存。"
        </p>
        <ul class="level-list" data-testid="level-list">
            {move || config.get().levels().iter().cloned().map(|level| view! { <LevelRow level rows/> }).collect_view()}
        </ul>
        <div class="level-add">
            <label>
                "新等级名称"
                <input type="text" data-testid="level-new-name" placeholder="如：重点"
                    prop:value=move || new_name.get()
                    on:input=move |ev| new_name.set(event_target_value(&ev)) />
            </label>
            <label class="check">
                <input type="checkbox" data-testid="level-new-major"
                    prop:checked=move || new_major.get()
                    on:change=move |ev| new_major.set(event_target_checked(&ev)) />
                "按重大隐患管理（需治理方案、临时措施）"
            </label>
            <button data-testid="level-add" on:click=add>"添加等级"</button>
        </div>
        {move || message.get().map(|(ok, text)| view! {
            <p class=if ok { "message ok" } else { "message error" } role="status"
                data-testid="level-message">{text}</p>
        })}
    }
}

/// What the rows share: which one is being changed or deleted, and the actions.
#[derive(Clone, Copy)]
struct RowState {
    /// The level being changed (its old name); the form's values.
    editing: RwSignal<Option<String>>,
    edit_name: RwSignal<String>,
    edit_major: RwSignal<bool>,
    /// The level whose 删除 was tapped once, waiting for 确认删除.
    deleting: RwSignal<Option<String>>,
    save_edit: Callback<()>,
    delete: Callback<String>,
}

/// One level: name and kind; for a user level 修改 (name, major) and 删除 with a confirm.
#[component]
fn LevelRow(level: DangerLevel, rows: RowState) -> impl IntoView {
    let name = level.name().to_string();
    let built_in = matches!(name.as_str(), "一般" | "重大");
    let kind = match (level.is_major(), built_in) {
        (true, true) => "按重大隐患管理（内置）",
        (false, true) => "按一般隐患管理（内置）",
        (true, false) => "按重大隐患管理",
        (false, false) => "按一般隐患管理",
    };
    let is = |slot: RwSignal<Option<String>>, name: &str| {
        let name = name.to_string();
        Signal::derive(move || slot.with(|s| s.as_deref() == Some(name.as_str())))
    };
    let editing = is(rows.editing, &name);
    let deleting = is(rows.deleting, &name);
    let stored = StoredValue::new(level.clone());
    let start_edit = move |_| {
        let (name, major) = stored.with_value(|l| (l.name().to_string(), l.is_major()));
        rows.edit_name.set(name.clone());
        rows.edit_major.set(major);
        rows.deleting.set(None);
        rows.editing.set(Some(name));
    };
    let arm_delete = move |_| {
        rows.editing.set(None);
        rows.deleting
            .set(Some(stored.with_value(|l| l.name().to_string())));
    };
    let confirm_delete = move |_| rows.delete.run(stored.with_value(|l| l.name().to_string()));
    view! {
        <li class="level-row" data-testid="level-row" data-level=name.clone()>
            <Show when=move || editing.get() fallback=move || view! {
                <span class="level-name">{stored.with_value(|l| l.name().to_string())}</span>
                <span class="level-kind">{kind}</span>
            }>
                <div class="level-edit">
                    <input type="text" data-testid="level-edit-name" aria-label="等级名称"
                        prop:value=move || rows.edit_name.get()
                        on:input=move |ev| rows.edit_name.set(event_target_value(&ev)) />
                    <label class="check">
                        <input type="checkbox" data-testid="level-edit-major"
                            prop:checked=move || rows.edit_major.get()
                            on:change=move |ev| rows.edit_major.set(event_target_checked(&ev)) />
                        "按重大隐患管理"
                    </label>
                    <span class="level-actions">
                        <button data-testid="level-edit-save" on:click=move |_| rows.save_edit.run(())>"保存"</button>
                        <button data-testid="level-edit-cancel" on:click=move |_| rows.editing.set(None)>"取消"</button>
                    </span>
                </div>
            </Show>
            <Show when=move || !built_in && !editing.get()>
                <Show when=move || deleting.get() fallback=move || view! {
                    <span class="level-actions">
                        <button data-testid="level-rename" on:click=start_edit>"修改"</button>
                        <button data-testid="level-delete" on:click=arm_delete>"删除"</button>
                    </span>
                }>
                    <span class="level-actions">
                        <button class="danger" data-testid="level-delete-confirm" on:click=confirm_delete>"确认删除"</button>
                        <button data-testid="level-delete-cancel" on:click=move |_| rows.deleting.set(None)>"取消"</button>
                    </span>
                </Show>
            </Show>
        </li>
    }
}
