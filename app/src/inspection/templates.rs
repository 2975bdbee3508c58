//! 检查表模板: the user's checklist templates (edit, delete with a confirm, new), the
//! built-in ones (read only, 复制为新模板), and the JSON file import and export.
//!
//! The screen owns the editor's [`Saver`], so a write started in the editor finishes and
//! reports even after the editor went back to the list.

use geo_core::inspection::{
    builtin_templates, export_templates, import_templates, Category, ChecklistTemplate,
};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::template_editor::TemplateEditor;
use super::{fresh_image_id, InspectionUi, SaveBadge, SaveState, Saver, Screen, SiteRef};
use crate::browser::{download, today};
use crate::storage;

/// The templates screen; closing returns to `back`'s 开始排查 when it came from there.
#[component]
pub fn TemplatesScreen(back: Option<SiteRef>) -> impl IntoView {
    let ui = expect_context::<InspectionUi>();
    let user = RwSignal::new(Vec::<ChecklistTemplate>::new());
    let builtins = StoredValue::new(builtin_templates());
    let message = RwSignal::new(None::<(bool, String)>);
    // The template open in the editor (its id); `None` shows the list.
    let editing = RwSignal::new(None::<ChecklistTemplate>);
    // The user template whose 删除 was tapped once, waiting for 确认删除.
    let deleting = RwSignal::new(None::<String>);
    let saver = Saver::new(move |t: ChecklistTemplate| async move {
        storage::put_template(&t).await.map_err(|e| e.to_string())?;
        user.update(|list| match list.iter_mut().find(|u| u.id == t.id) {
            Some(slot) => *slot = t,
            None => list.push(t),
        });
        Ok(())
    });

    spawn_local(async move {
        match storage::all_templates().await {
            Ok(list) => user.set(list),
            Err(e) => message.set(Some((false, e.to_string()))),
        }
    });

    let open = move |t: ChecklistTemplate| {
        deleting.set(None);
        message.set(None);
        saver.state.set(SaveState::Idle);
        editing.set(Some(t));
    };
    let new_template = move |_| {
        open(ChecklistTemplate::blank(
            &fresh_image_id("tpl"),
            Category::Fire,
        ))
    };
    let copy = move |t: &ChecklistTemplate| open(t.copy_as(&fresh_image_id("tpl")));
    let delete = move |id: String| {
        deleting.set(None);
        spawn_local(async move {
            match storage::delete_template(&id).await {
                Ok(()) => {
                    let name = user.with_untracked(|l| {
                        l.iter()
                            .find(|t| t.id == id)
                            .map(|t| t.name.clone())
                            .unwrap_or_default()
                    });
                    user.update(|l| l.retain(|t| t.id != id));
                    message.set(Some((true, format!("已删除检查表“{name}”"))));
                }
                Err(e) => message.set(Some((false, e.to_string()))),
            }
        });
    };

    // 导入检查表: a template file (JSON) checked by geo-core, each template stored.
    let import = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        input.set_value("");
        spawn_local(async move {
            let result = async {
                let text = wasm_bindgen_futures::JsFuture::from(file.text())
                    .await
                    .map_err(|e| crate::browser::js_error_text(&e))?
                    .as_string()
                    .unwrap_or_default();
                let list = import_templates(&text).map_err(|e| e.to_string())?;
                for t in &list {
                    storage::put_template(t).await.map_err(|e| e.to_string())?;
                }
                Ok::<_, String>(list)
            }
            .await;
            match result {
                Ok(list) => {
                    message.set(Some((
                        true,
                        format!("已导入 {} 个检查表 / imported", list.len()),
                    )));
                    user.update(|u| {
                        u.retain(|x| !list.iter().any(|n| n.id == x.id));
                        u.extend(list);
                        u.sort_by(|a, b| a.id.cmp(&b.id));
                    });
                }
                Err(e) => message.set(Some((false, e))),
            }
        });
    };
    let export = move |_| {
        let list = user.get_untracked();
        if list.is_empty() {
            message.set(Some((
                false,
                "没有自定义检查表可导出 / nothing to export".into(),
            )));
            return;
        }
        let name = format!("xiantu-检查表-{}.json", today().replace('-', ""));
        message.set(Some(
            match download(
                export_templates(&list).as_bytes(),
                &name,
                "application/json",
            ) {
                Ok(()) => (true, format!("已导出 {} 个检查表 / exported", list.len())),
                Err(e) => (false, format!("导出失败 / export failed: {e}")),
            },
        ));
    };
    let close = move |_| ui.screen.set(back.clone().map(Screen::Start));

    let user_row = move |t: ChecklistTemplate| {
        let id = t.id.clone();
        let (del_id, confirm_id) = (id.clone(), id.clone());
        let armed = Signal::derive(move || deleting.with(|d| d.as_deref() == Some(id.as_str())));
        let summary = format!("{} · {} 项", t.category.name(), t.items.len());
        view! {
            <li class="template-row" data-testid="tpl-user-row" data-id=t.id.clone()>
                <span class="template-name">{t.name.clone()}</span>
                <span class="template-summary">{summary}</span>
                <span class="template-actions">
                    <Show when=move || armed.get() fallback={
                        let t = t.clone();
                        let del_id = del_id.clone();
                        move || {
                            let (t, del_id) = (t.clone(), del_id.clone());
                            view! {
                                <button data-testid="tpl-edit" on:click=move |_| open(t.clone())>"编辑"</button>
                                <button data-testid="tpl-delete" on:click=move |_| deleting.set(Some(del_id.clone()))>"删除"</button>
                            }
                        }
                    }>
                        {
                            let confirm_id = confirm_id.clone();
                            view! {
                                <button class="danger" data-testid="tpl-delete-confirm"
                                    on:click=move |_| delete(confirm_id.clone())>"确认删除"</button>
                                <button data-testid="tpl-delete-cancel" on:click=move |_| deleting.set(None)>"取消"</button>
                            }
                        }
                    </Show>
                </span>
            </li>
        }
    };

    view! {
        <section class="sheet" role="dialog" aria-label="检查表模板" data-testid="templates-sheet">
            <header class="sheet-head">
                <h2>"检查表模板"</h2>
                <SaveBadge saver/>
                <button class="close" aria-label="关闭" data-testid="templates-close" on:click=close>"×"</button>
            </header>
            {move || message.get().map(|(ok, m)| view! {
                <p class=if ok { "message" } else { "message error" } data-testid="tpl-message" role="status">{m}</p>
            })}
            {move || match editing.get() {
                Some(t) => view! {
                    <TemplateEditor template=t user saver on_close=Callback::new(move |()| editing.set(None))/>
                }.into_any(),
                None => view! {
                    <div class="io-row">
                        <button class="primary-inline" data-testid="tpl-new" on:click=new_template>"新建检查表"</button>
                        <label class="file-button">
                            "导入检查表（JSON）"
                            <input type="file" accept=".json,application/json" data-testid="tpl-import" on:change=import />
                        </label>
                        <button data-testid="tpl-export" on:click=export>"导出自定义检查表（JSON）"</button>
                    </div>
                    <h3>"自定义检查表"</h3>
                    <Show when=move || user.with(Vec::is_empty)>
                        <p class="hint">"还没有自定义检查表。可新建，或把内置检查表复制为新模板后修改。"</p>
                    </Show>
                    <ul class="template-rows">
                        {move || user.get().into_iter().map(user_row).collect_view()}
                    </ul>
                    <h3>"内置检查表（只读）"</h3>
                    <ul class="template-rows">
                        {builtins.get_value().into_iter().map(|t| {
                            let summary = format!("{} · {} 项", t.category.name(), t.items.len());
                            let source = t.clone();
                            view! {
                                <li class="template-row" data-testid="tpl-builtin-row" data-id=t.id.clone()>
                                    <details class="template-items">
                                        <summary><span class="template-name">{t.name.clone()}</span>
                                            <span class="template-summary">{summary}</span></summary>
                                        <ol>
                                            {t.items.iter().map(|i| view! {
                                                <li>{i.text.clone()}<span class="item-basis">{i.basis.clone()}</span></li>
                                            }).collect_view()}
                                        </ol>
                                    </details>
                                    <span class="template-actions">
                                        <button data-testid="tpl-copy" on:click=move |_| copy(&source)>"复制为新模板"</button>
                                    </span>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </section>
    }
}
