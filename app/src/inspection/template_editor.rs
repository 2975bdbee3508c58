//! The editor of one user checklist template: name, category and items (text, 判定依据,
//! suggested level; add, delete, move up and down).
//!
//! As in the record editor, the form edits a draft; leaving a field (or any button)
//! commits it: geo-core's `field_problems` checks it, a valid draft is written at once,
//! an invalid one is not written and each message shows next to its field.

use geo_core::inspection::{Category, ChecklistTemplate, Direction, FieldProblem, TemplateField};
use leptos::prelude::*;

use super::{level_config, SaveState, Saver};

/// Value of the category select for a category outside the built-in twelve.
const OTHER: &str = "__other";

/// Edits `template`; `user` is every stored user template (kept current by `saver`).
#[component]
pub fn TemplateEditor(
    template: ChecklistTemplate,
    user: RwSignal<Vec<ChecklistTemplate>>,
    saver: Saver<ChecklistTemplate>,
    on_close: Callback<()>,
) -> impl IntoView {
    let stored = user.with_untracked(|u| u.iter().any(|t| t.id == template.id));
    let draft = RwSignal::new(template);
    let problems = Memo::new(move |_| {
        draft.with(|d| {
            let others: Vec<ChecklistTemplate> =
                user.with(|u| u.iter().filter(|t| t.id != d.id).cloned().collect());
            d.field_problems(&others)
        })
    });
    let discard_armed = RwSignal::new(false);

    // Writes the draft if it is valid; otherwise says why it is not saved.
    let commit = move || {
        discard_armed.set(false);
        match problems.with_untracked(|p| p.first().map(ToString::to_string)) {
            None => {
                let t = draft.get_untracked();
                if !user.with_untracked(|u| u.contains(&t)) {
                    saver.save(t);
                } else if matches!(saver.state.get_untracked(), SaveState::Invalid(_)) {
                    // Back to what is stored: nothing is unsaved any more.
                    saver.state.set(SaveState::Saved);
                }
            }
            Some(first) => saver.state.set(SaveState::Invalid(first)),
        }
    };
    // A copy is stored at once; a new blank one says what it still needs.
    if !stored {
        commit();
    }
    let edit = move |f: Box<dyn FnOnce(&mut ChecklistTemplate)>| {
        draft.update(|d| f(d));
        commit();
    };

    let close = move |_| {
        let unsaved = matches!(saver.state.get_untracked(), SaveState::Invalid(_));
        if unsaved && !discard_armed.get_untracked() {
            discard_armed.set(true);
        } else {
            on_close.run(());
        }
    };

    let category_value = move || {
        draft.with(|d| {
            if Category::BUILT_IN.contains(&d.category) {
                d.category.name().to_string()
            } else {
                OTHER.to_string()
            }
        })
    };
    let item_ids = move || draft.with(|d| d.items.iter().map(|i| i.id.clone()).collect::<Vec<_>>());

    view! {
        <div class="template-editor" data-testid="tpl-editor">
            <div class="editor-nav">
                <button data-testid="tpl-editor-back" on:click=close>"← 返回列表"</button>
                <Show when=move || discard_armed.get()>
                    <p class="message error" role="alert" data-testid="tpl-discard-warning">
                        "此检查表有未保存的修改（见下方提示）。再次点击“返回列表”放弃修改 / tap again to discard"
                    </p>
                </Show>
            </div>
            <div class="form-grid">
                <label class="wide">
                    "检查表名称"
                    <input type="text" data-testid="tpl-name" prop:value=move || draft.with(|d| d.name.clone())
                        on:input=move |ev| { let v = event_target_value(&ev); draft.update(|d| d.name = v); }
                        on:change=move |_| commit() />
                    <FieldErrors problems field=TemplateField::Name/>
                </label>
                <label>
                    "类别"
                    <select data-testid="tpl-category" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        let c = if v == OTHER { Category::Other(String::new()) } else { Category::from_name(&v) };
                        edit(Box::new(move |d| d.set_category(c)));
                    }>
                        {Category::BUILT_IN.into_iter().map(|c| {
                            let name = c.name().to_string();
                            let sel = name.clone();
                            view! { <option value=name.clone() selected=move || category_value() == sel>{name.clone()}</option> }
                        }).collect_view()}
                        <option value=OTHER selected=move || category_value() == OTHER>"其他…"</option>
                    </select>
                </label>
                <Show when=move || category_value() == OTHER>
                    <label>
                        "其他类别名称"
                        <input type="text" data-testid="tpl-category-other"
                            prop:value=move || draft.with(|d| d.category.name().to_string())
                            on:change=move |ev| {
                                let v = event_target_value(&ev).trim().to_string();
                                edit(Box::new(move |d| d.set_category(Category::from_name(&v))));
                            } />
                    </label>
                </Show>
                <div class="wide"><FieldErrors problems field=TemplateField::Category/></div>
            </div>
            <FieldErrors problems field=TemplateField::Id/>
            <h3>"检查项"</h3>
            <FieldErrors problems field=TemplateField::Items/>
            <ol class="template-edit-items">
                <For each=item_ids key=|id| id.clone() let:id>
                    <ItemRow id draft problems edit commit/>
                </For>
            </ol>
            <button data-testid="tpl-add-item" on:click=move |_| edit(Box::new(|d| { d.add_item(); }))>"＋ 添加检查项"</button>
        </div>
    }
}

/// The messages of `problems` that belong to `field`, under it.
#[component]
fn FieldErrors(problems: Memo<Vec<FieldProblem>>, field: TemplateField) -> impl IntoView {
    let texts = move || {
        problems.with(|p| {
            p.iter()
                .filter(|p| p.field == field)
                .map(|p| p.problem.to_string())
                .collect::<Vec<_>>()
        })
    };
    view! {
        {move || texts().into_iter().map(|t| view! {
            <span class="field-error" data-testid="tpl-field-error">{t}</span>
        }).collect_view()}
    }
}

type Edit = Box<dyn FnOnce(&mut ChecklistTemplate)>;

/// One item: its text, 判定依据 and suggested level, with ↑ ↓ 删除.
#[component]
fn ItemRow(
    id: String,
    draft: RwSignal<ChecklistTemplate>,
    problems: Memo<Vec<FieldProblem>>,
    edit: impl Fn(Edit) + Copy + Send + Sync + 'static,
    commit: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let id = StoredValue::new(id);
    // The item's place now (it moves); `usize::MAX` once it is gone.
    let index = Memo::new(move |_| {
        draft.with(|d| {
            id.with_value(|id| d.items.iter().position(|i| i.id == *id))
                .unwrap_or(usize::MAX)
        })
    });
    let count = move || draft.with(|d| d.items.len());
    let read = move |f: fn(&geo_core::inspection::ChecklistItem) -> String| {
        move || draft.with(|d| d.items.get(index.get()).map(f).unwrap_or_default())
    };
    let write = move |f: fn(&mut geo_core::inspection::ChecklistItem, String)| {
        move |ev: leptos::ev::Event| {
            let v = event_target_value(&ev);
            let i = index.get_untracked();
            draft.update(|d| {
                if let Some(item) = d.items.get_mut(i) {
                    f(item, v)
                }
            });
        }
    };
    let configured = level_config();
    let levels = move || {
        let own = draft.with(|d| d.items.get(index.get()).map(|i| i.level.clone()));
        configured.with(|c| c.choices(own.as_ref()))
    };
    let field = move |make: fn(usize) -> TemplateField| Signal::derive(move || make(index.get()));
    let text_field = field(TemplateField::ItemText);
    let basis_field = field(TemplateField::ItemBasis);
    let id_field = field(TemplateField::ItemId);
    let errors = move |f: Signal<TemplateField>| {
        move || {
            problems.with(|p| {
                p.iter()
                    .filter(|p| p.field == f.get())
                    .map(|p| view! { <span class="field-error" data-testid="tpl-field-error">{p.problem.to_string()}</span> })
                    .collect_view()
            })
        }
    };
    let move_by = move |dir: Direction| {
        let i = index.get_untracked();
        edit(Box::new(move |d| {
            d.move_item(i, dir);
        }));
    };
    view! {
        <li class="template-edit-item" data-testid="tpl-item">
            <div class="item-head">
                <strong>{move || format!("第 {} 项", index.get().saturating_add(1))}</strong>
                <span class="item-tools">
                    <button aria-label="上移" data-testid="tpl-item-up" disabled=move || index.get() == 0
                        on:click=move |_| move_by(Direction::Up)>"↑"</button>
                    <button aria-label="下移" data-testid="tpl-item-down" disabled=move || { index.get().saturating_add(1) >= count() }
                        on:click=move |_| move_by(Direction::Down)>"↓"</button>
                    <button aria-label="删除检查项" data-testid="tpl-item-delete"
                        on:click=move |_| { let i = index.get_untracked(); edit(Box::new(move |d| { d.remove_item(i); })); }>"删除"</button>
                </span>
            </div>
            <label>
                "检查内容"
                <textarea rows="2" data-testid="tpl-item-text" prop:value=read(|i| i.text.clone())
                    on:input=write(|i, v| i.text = v) on:change=move |_| commit()></textarea>
                {errors(text_field)}
            </label>
            <div class="form-grid">
                <label>
                    "判定依据"
                    <input type="text" data-testid="tpl-item-basis" prop:value=read(|i| i.basis.clone())
                        on:input=write(|i, v| i.basis = v) on:change=move |_| commit() />
                    {errors(basis_field)}
                </label>
                <label>
                    "发现问题时的建议等级"
                    <select data-testid="tpl-item-level" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        let i = index.get_untracked();
                        if let Some(l) = levels().into_iter().find(|l| l.name() == v) {
                            edit(Box::new(move |d| if let Some(item) = d.items.get_mut(i) { item.level = l }));
                        }
                    }>
                        {move || levels().into_iter().map(|l| {
                            let name = l.name().to_string();
                            let zh = l.zh();
                            view! {
                                <option value=name.clone()
                                    selected=move || draft.with(|d| d.items.get(index.get()).is_some_and(|i| i.level.name() == name))>
                                    {zh}
                                </option>
                            }
                        }).collect_view()}
                    </select>
                </label>
            </div>
            {errors(id_field)}
        </li>
    }
}
