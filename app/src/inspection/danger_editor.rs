//! The hidden-danger record editor: every field of the schema-2 record, photos, location,
//! the status buttons of the closed loop, acceptance and the two signatures.
//!
//! The form edits a draft (a clone of the record); a pause in typing or leaving a field
//! commits it through `HiddenDanger::edit` (validation and history in geo-core, which
//! keeps one history entry per field and sitting) and saves at once, so a tab killed
//! mid-sentence keeps what was typed. A refused edit or transition shows geo-core's typed
//! error and keeps the input on screen.

use std::time::Duration;

use geo_core::inspection::{
    money, Acceptance, Category, HiddenDanger, Location, LocationSource, PhotoRef, PlanItem,
    Status, Transition, MAX_PHOTOS,
};
use js_sys::Reflect;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use super::fields::Field;
use super::photos::{store_photo, PhotoThumb};
use super::signature::SignaturePad;
use super::start::split_names;
use super::{
    map_pick, now_ms, pending, save_danger, site_position, InspectionUi, SaveBadge, SaveState,
    Saver,
};
use crate::browser::today;
use crate::state::AppState;
use crate::storage;

/// Pause after the last keystroke before typed text is saved: not a write per character,
/// and a tab killed mid-sentence loses at most this much of it.
const TYPING_SAVE_MS: u64 = 400;

/// The editor of record `number`, over every other screen.
#[component]
pub fn DangerEditor(number: String) -> impl IntoView {
    let ui = expect_context::<InspectionUi>();
    let state = expect_context::<AppState>();
    let record = RwSignal::new(None::<HiddenDanger>);
    let draft = RwSignal::new(None::<HiddenDanger>);
    let actor = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let saver = Saver::new(move |d: HiddenDanger| save_danger(state, ui, d));

    let n = number.clone();
    spawn_local(async move {
        match storage::get_danger(&n).await {
            Ok(Some(d)) => {
                actor.set(d.found_by.first().cloned().unwrap_or_default());
                draft.set(Some(d.clone()));
                record.set(Some(d));
            }
            Ok(None) => error.set(Some(format!("找不到隐患 {n}"))),
            Err(e) => error.set(Some(e.to_string())),
        }
    });

    let discard_armed = StoredValue::new(false);
    // The save waiting for a pause in typing.
    let typing_timer = StoredValue::new(None::<TimeoutHandle>);
    let cancel_typing = move || {
        if let Some(h) = typing_timer.try_update_value(Option::take).flatten() {
            h.clear();
        }
    };
    // Commits the draft: true when the record now holds it (nothing to do counts).
    let commit = move || -> bool {
        cancel_typing();
        let (Some(mut rec), Some(d)) = (record.get_untracked(), draft.get_untracked()) else {
            return false;
        };
        if rec == d {
            saver.nothing_to_save();
            return true;
        }
        match rec.edit(d, &actor.get_untracked(), now_ms()) {
            Ok(changes) => {
                error.set(None);
                discard_armed.set_value(false);
                if changes.is_empty() {
                    saver.nothing_to_save();
                } else {
                    draft.set(Some(rec.clone()));
                    record.set(Some(rec.clone()));
                    saver.save(rec);
                }
                true
            }
            Err(e) => {
                saver.state.set(SaveState::Invalid(e.to_string()));
                error.set(Some(e.to_string()));
                false
            }
        }
    };
    let on_commit = Callback::new(move |()| {
        commit();
    });
    // A keystroke: 保存中… now, the commit once typing pauses.
    let on_typing = Callback::new(move |()| {
        cancel_typing();
        saver.expect_change();
        let later = move || {
            typing_timer.set_value(None);
            commit();
        };
        if let Ok(h) = set_timeout_with_handle(later, Duration::from_millis(TYPING_SAVE_MS)) {
            typing_timer.set_value(Some(h));
        }
    });
    // Leaving the page (update reload, tab hidden) commits what is typed first.
    let flush_id = pending::register(move || commit() && saver.is_clean());
    on_cleanup(move || {
        pending::unregister(flush_id);
        cancel_typing();
        if ui.picking.get_untracked() {
            map_pick::cancel(state, ui);
        }
    });
    // Applies a change to the draft and commits it (selects, photos, location, signatures).
    let change = move |f: Box<dyn FnOnce(&mut HiddenDanger)>| {
        draft.update(|d| {
            if let Some(d) = d {
                f(d)
            }
        });
        commit();
    };
    let transition = move |t: Transition| {
        if !commit() {
            return;
        }
        let Some(mut rec) = record.get_untracked() else {
            return;
        };
        match rec.transition(t) {
            Ok(()) => {
                error.set(None);
                draft.set(Some(rec.clone()));
                record.set(Some(rec.clone()));
                saver.save(rec);
            }
            Err(e) => error.set(Some(e.to_string())),
        }
    };

    // Closing commits the form; a refused draft keeps the editor open with the reason, and
    // only a second × discards it.
    let close = move |_| {
        if commit() || discard_armed.get_value() {
            ui.danger.set(None);
        } else {
            discard_armed.set_value(true);
            error.update(|e| {
                if let Some(e) = e {
                    e.push_str("。再次点击 × 放弃未保存的修改 / tap × again to discard");
                }
            });
        }
    };
    let status = move || record.with(|r| r.as_ref().map(HiddenDanger::status));
    let closed = Signal::derive(move || status() == Some(Status::Closed));
    let is_major = move || draft.with(|d| d.as_ref().is_some_and(|d| d.level.is_major()));
    // The configured levels, plus the record's own when it is not among them (a template,
    // an import or another device gave it one).
    let configured = super::level_config();
    let levels = move || {
        let own = record.with(|r| r.as_ref().map(|r| r.level.clone()));
        configured.with(|c| c.choices(own.as_ref()))
    };
    let title = move || {
        record.with(|r| {
            r.as_ref()
                .map(|r| format!("{} · {}", r.number, r.site_name))
                .unwrap_or_else(|| number.clone())
        })
    };

    view! {
        <section class="sheet top" role="dialog" aria-label="隐患记录" data-testid="danger-editor">
            <header class="sheet-head">
                <h2 data-testid="editor-title">{title}</h2>
                <SaveBadge saver/>
                <button class="close" aria-label="关闭" data-testid="editor-close"
                    on:click=close>"×"</button>
            </header>
            <p class="status-line">
                "状态 "<strong data-testid="editor-status">{move || status().map(Status::zh)}</strong>
                {move || record.with(|r| r.as_ref().filter(|r| r.is_overdue(today_date())).map(|_| view! {
                    <span class="overdue" data-testid="editor-overdue">"逾期"</span>
                }))}
            </p>
            {move || error.get().map(|e| view! { <p class="message error" data-testid="editor-error" role="alert">{e}</p> })}
            <Show when=move || record.with(|r| r.is_some())>
                <fieldset disabled=move || closed.get()>
                    <legend>"发现"</legend>
                    <div class="form-grid">
                        <Field draft label="隐患部位/地点" testid="d-place" get=|d| d.place.clone() set=|d, v| d.place = v commit=on_commit typing=on_typing wide=true/>
                        <Field draft label="隐患描述" testid="d-description" kind="area" get=|d| d.description.clone() set=|d, v| d.description = v commit=on_commit typing=on_typing wide=true/>
                        <Field draft label="排查日期" testid="d-found-on" kind="date" get=|d| d.found_on.clone() set=|d, v| d.found_on = v commit=on_commit/>
                        <Field draft label="排查人（、分隔）" testid="d-found-by" get=|d| d.found_by.join("、") set=|d, v| d.found_by = split_names(&v) commit=on_commit typing=on_typing/>
                    </div>
                    <LocationRow draft change/>
                    <PhotoRow draft change/>
                </fieldset>
                <fieldset disabled=move || closed.get()>
                    <legend>"分类"</legend>
                    <div class="form-grid">
                        <label>
                            "隐患类别"
                            <select data-testid="d-category" on:change=move |ev| {
                                let v = event_target_value(&ev);
                                change(Box::new(move |d| d.category = (!v.is_empty()).then(|| Category::from_name(&v))));
                            }>
                                <option value="" selected=move || draft.with(|d| d.as_ref().is_some_and(|d| d.category.is_none()))>"未分类"</option>
                                {Category::BUILT_IN.into_iter().map(|c| {
                                    let name = c.name().to_string();
                                    let sel = c.clone();
                                    view! { <option value=name.clone() selected=move || draft.with(|d| d.as_ref().is_some_and(|d| d.category.as_ref() == Some(&sel)))>{name.clone()}</option> }
                                }).collect_view()}
                            </select>
                        </label>
                        <label>
                            "隐患等级"
                            <select data-testid="d-level" on:change=move |ev| {
                                let v = event_target_value(&ev);
                                if let Some(l) = levels().into_iter().find(|l| l.name() == v) {
                                    change(Box::new(move |d| d.level = l));
                                }
                            }>
                                {move || levels().into_iter().map(|l| {
                                    let name = l.name().to_string();
                                    let zh = l.zh();
                                    view! { <option value=name.clone() selected=move || draft.with(|d| d.as_ref().is_some_and(|d| d.level.name() == name))>{zh}</option> }
                                }).collect_view()}
                            </select>
                        </label>
                        <Field draft label="判定依据" testid="d-basis" get=|d| d.basis.clone() set=|d, v| d.basis = v commit=on_commit typing=on_typing wide=true/>
                    </div>
                </fieldset>
                <fieldset disabled=move || closed.get()>
                    <legend>"整改（五落实）"</legend>
                    <div class="form-grid">
                        <Field draft label="整改措施" testid="d-measures" kind="area" get=|d| d.measures.clone() set=|d, v| d.measures = v commit=on_commit typing=on_typing wide=true/>
                        <Field draft label="整改责任部门" testid="d-department" get=|d| d.department.clone() set=|d, v| d.department = v commit=on_commit typing=on_typing/>
                        <Field draft label="整改责任人" testid="d-responsible" get=|d| d.responsible.clone() set=|d, v| d.responsible = v commit=on_commit typing=on_typing/>
                        <Field draft label="整改期限" testid="d-deadline" kind="date" get=|d| d.deadline.clone() set=|d, v| d.deadline = v commit=on_commit/>
                        <FundsField draft commit=on_commit typing=on_typing error/>
                    </div>
                    <Show when=is_major>
                        <div class="form-grid major-plan" data-testid="major-plan">
                            <Field draft label="临时措施/应急预案（重大隐患必填）" testid="d-interim" kind="area" get=|d| d.interim_measures.clone() set=|d, v| d.interim_measures = v commit=on_commit typing=on_typing wide=true/>
                            {PlanItem::ALL.into_iter().enumerate().map(|(i, item)| view! {
                                <PlanField draft item index=i commit=on_commit typing=on_typing/>
                            }).collect_view()}
                        </div>
                    </Show>
                </fieldset>
                <TransitionPanel record actor transition/>
                <fieldset>
                    <legend>"签字"</legend>
                    <SignaturePad label="检查人签字" key="inspector"
                        current=Signal::derive(move || draft.with(|d| d.as_ref().and_then(|d| d.signatures.inspector.clone())))
                        on_saved=Callback::new(move |p| change(Box::new(move |d| d.signatures.inspector = Some(p))))
                        disabled=closed/>
                    <SignaturePad label="企业代表签字" key="enterprise"
                        current=Signal::derive(move || draft.with(|d| d.as_ref().and_then(|d| d.signatures.enterprise.clone())))
                        on_saved=Callback::new(move |p| change(Box::new(move |d| d.signatures.enterprise = Some(p))))
                        disabled=closed/>
                </fieldset>
                <HistoryList record/>
            </Show>
        </section>
    }
}

type Change = Box<dyn FnOnce(&mut HiddenDanger)>;

fn today_date() -> geo_core::inspection::Date {
    geo_core::inspection::Date::parse(&today()).unwrap_or(geo_core::inspection::Date {
        year: 1970,
        month: 1,
        day: 1,
    })
}

/// 整改资金 in 元, parsed by geo-core (fen inside).
#[component]
fn FundsField(
    draft: RwSignal<Option<HiddenDanger>>,
    commit: Callback<()>,
    typing: Callback<()>,
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let text = RwSignal::new(String::new());
    Effect::new(move |_| {
        let fen = draft.with(|d| d.as_ref().map(|d| d.funds_fen));
        if let Some(fen) = fen {
            let shown = text.get_untracked();
            if money::parse_yuan(&shown) != Some(fen) {
                text.set(if fen == 0 {
                    String::new()
                } else {
                    money::format_yuan(fen)
                });
            }
        }
    });
    let on_change = move |_| {
        let t = text.get_untracked();
        let fen = if t.trim().is_empty() {
            Some(0)
        } else {
            money::parse_yuan(&t)
        };
        match fen {
            Some(fen) => {
                draft.update(|d| {
                    if let Some(d) = d {
                        d.funds_fen = fen
                    }
                });
                commit.run(());
            }
            None => error.set(Some(format!(
                "整改资金“{t}”无效，请填写元，如 1500.00 / invalid amount"
            ))),
        }
    };
    // An amount half typed ("15.") is not saved, nor refused: typing goes on.
    let on_input = move |ev: leptos::ev::Event| {
        let t = event_target_value(&ev);
        let fen = if t.trim().is_empty() {
            Some(0)
        } else {
            money::parse_yuan(&t)
        };
        text.set(t);
        if let Some(fen) = fen {
            draft.update(|d| {
                if let Some(d) = d {
                    d.funds_fen = fen
                }
            });
            typing.run(());
        }
    };
    view! {
        <label>
            "整改资金（元）"
            <input type="text" inputmode="decimal" data-testid="d-funds" prop:value=move || text.get()
                on:input=on_input on:change=on_change />
        </label>
    }
}

/// One of the six plan items.
#[component]
fn PlanField(
    draft: RwSignal<Option<HiddenDanger>>,
    item: PlanItem,
    index: usize,
    commit: Callback<()>,
    typing: Callback<()>,
) -> impl IntoView {
    let value = move || {
        draft.with(|d| {
            d.as_ref()
                .map(|d| d.plan.get(item).to_string())
                .unwrap_or_default()
        })
    };
    let input = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        draft.update(|d| {
            if let Some(d) = d {
                let slot = match item {
                    PlanItem::Goals => &mut d.plan.goals,
                    PlanItem::Methods => &mut d.plan.methods,
                    PlanItem::FundsAndMaterials => &mut d.plan.funds_and_materials,
                    PlanItem::Organisation => &mut d.plan.organisation,
                    PlanItem::TimeLimit => &mut d.plan.time_limit,
                    PlanItem::SafetyAndEmergency => &mut d.plan.safety_and_emergency,
                };
                *slot = v;
            }
        });
        typing.run(());
    };
    view! {
        <label class="wide">
            {format!("治理方案 {}. {}", index + 1, item.zh())}
            <textarea rows="2" data-testid=format!("plan-{index}") prop:value=value on:input=input
                on:change=move |_| commit.run(())></textarea>
        </label>
    }
}

/// 位置: the device's geolocation with its accuracy, a tap on the map, or the site's
/// position.
#[component]
fn LocationRow(
    draft: RwSignal<Option<HiddenDanger>>,
    change: impl Fn(Change) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let ui = expect_context::<InspectionUi>();
    let message = RwSignal::new(None::<String>);
    let pick_on_map = move |_| {
        message.set(None);
        map_pick::start(state, ui, move |lon, lat| {
            change(Box::new(move |d| {
                d.location = Some(Location {
                    lon,
                    lat,
                    accuracy_m: None,
                    source: LocationSource::MapTap,
                })
            }))
        });
    };
    let locate = move |_| {
        let Some(geo) = web_sys::window().and_then(|w| w.navigator().geolocation().ok()) else {
            message.set(Some("此浏览器不支持定位 / no geolocation".into()));
            return;
        };
        message.set(Some("正在定位… / locating".into()));
        let ok = Closure::once_into_js(move |pos: JsValue| {
            let coords = Reflect::get(&pos, &"coords".into()).unwrap_or_default();
            let num = |k: &str| {
                Reflect::get(&coords, &k.into())
                    .ok()
                    .and_then(|v| v.as_f64())
                    .unwrap_or(f64::NAN)
            };
            let loc = Location {
                lon: num("longitude"),
                lat: num("latitude"),
                accuracy_m: Some(num("accuracy")).filter(|a| a.is_finite()),
                source: LocationSource::Device,
            };
            message.set(None);
            change(Box::new(move |d| d.location = Some(loc)));
        });
        let fail = Closure::once_into_js(move |e: JsValue| {
            let text = Reflect::get(&e, &"message".into())
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_default();
            message.set(Some(format!("定位失败 / location failed: {text}")));
        });
        let opts = web_sys::PositionOptions::new();
        opts.set_enable_high_accuracy(true);
        opts.set_timeout(20_000);
        let _ = geo.get_current_position_with_error_callback_and_options(
            ok.unchecked_ref(),
            Some(fail.unchecked_ref()),
            &opts,
        );
    };
    let use_site = move |_| {
        let Some(site) = draft.with_untracked(|d| d.as_ref().map(|d| d.site_id.clone())) else {
            return;
        };
        match site_position(state, &site) {
            Some((lon, lat)) => change(Box::new(move |d| {
                d.location = Some(Location {
                    lon,
                    lat,
                    accuracy_m: None,
                    source: LocationSource::Site,
                })
            })),
            None => message.set(Some("地图上没有此场所 / the site is not on the map".into())),
        }
    };
    view! {
        <div class="location-row">
            <span data-testid="d-location">
                {move || draft.with(|d| d.as_ref().and_then(|d| d.location).map(|l| l.describe()).unwrap_or_else(|| "未定位".into()))}
            </span>
            <button data-testid="loc-device" on:click=locate>"设备定位"</button>
            <button data-testid="loc-map" on:click=pick_on_map>"在地图上点选位置"</button>
            <button data-testid="loc-site" on:click=use_site>"用场所位置"</button>
            {move || message.get().map(|m| view! { <span class="message" role="status">{m}</span> })}
        </div>
    }
}

/// 隐患照片: up to six, from the camera or files.
#[component]
fn PhotoRow(
    draft: RwSignal<Option<HiddenDanger>>,
    change: impl Fn(Change) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let message = RwSignal::new(None::<String>);
    let photos = move || draft.with(|d| d.as_ref().map(|d| d.photos.clone()).unwrap_or_default());
    let picked = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(files) = input.files() else { return };
        let room = MAX_PHOTOS.saturating_sub(photos().len());
        let list: Vec<web_sys::File> = (0..files.length()).filter_map(|i| files.get(i)).collect();
        input.set_value("");
        if list.len() > room {
            message.set(Some(format!(
                "最多 {MAX_PHOTOS} 张照片，多出的未添加 / at most {MAX_PHOTOS} photos"
            )));
        } else {
            message.set(Some("正在处理照片… / processing".into()));
        }
        spawn_local(async move {
            for f in list.into_iter().take(room) {
                match store_photo(&f).await {
                    Ok(p) => change(Box::new(move |d| d.photos.push(p))),
                    Err(e) => {
                        message.set(Some(format!("照片未保存 / photo not saved: {e}")));
                        return;
                    }
                }
            }
            message.set(None);
        });
    };
    view! {
        <div class="photos">
            <div class="thumbs" data-testid="d-photos">
                {move || photos().into_iter().map(|p| {
                    let id = p.id.clone();
                    view! {
                        <figure>
                            <PhotoThumb photo=p/>
                            <button class="small" aria-label="删除照片"
                                on:click=move |_| { let id = id.clone(); change(Box::new(move |d| d.photos.retain(|x| x.id != id))) }>"删除"</button>
                        </figure>
                    }
                }).collect_view()}
            </div>
            <label class="file-button" class:disabled=move || { photos().len() >= MAX_PHOTOS }>
                {move || format!("拍照/添加照片（{}/{MAX_PHOTOS}）", photos().len())}
                <input type="file" accept="image/*" capture="environment" multiple data-testid="d-photo-input"
                    disabled=move || { photos().len() >= MAX_PHOTOS } on:change=picked />
            </label>
            {move || message.get().map(|m| view! { <p class="message" data-testid="photo-message" role="status">{m}</p> })}
        </div>
    }
}

/// The steps allowed from the record's status, with what each needs.
#[component]
fn TransitionPanel(
    record: RwSignal<Option<HiddenDanger>>,
    actor: RwSignal<String>,
    transition: impl Fn(Transition) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let completed_on = RwSignal::new(today());
    let acc_by = RwSignal::new(String::new());
    let acc_dept = RwSignal::new(String::new());
    let acc_date = RwSignal::new(today());
    let acc_opinion = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let acc_photo = RwSignal::new(None::<PhotoRef>);
    let acc_message = RwSignal::new(None::<String>);
    let pick_acc_photo = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        input.set_value("");
        acc_message.set(Some("正在处理照片… / processing".into()));
        spawn_local(async move {
            match store_photo(&file).await {
                Ok(p) => {
                    acc_photo.set(Some(p));
                    acc_message.set(None);
                }
                Err(e) => acc_message.set(Some(format!("照片未保存 / photo not saved: {e}"))),
            }
        });
    };
    let status = move || record.with(|r| r.as_ref().map(HiddenDanger::status));
    let text = |s: RwSignal<String>,
                testid: &'static str,
                label: &'static str,
                kind: &'static str| {
        view! {
            <label>{label}<input type=kind data-testid=testid prop:value=move || s.get() on:input=move |ev| s.set(event_target_value(&ev)) /></label>
        }
    };
    view! {
        <fieldset class="transitions">
            <legend>"整改流程"</legend>
            <Show when=move || status() != Some(Status::Closed)>
                {text(actor, "t-actor", "操作人", "text")}
            </Show>
            {move || match status() {
                Some(Status::Pending) => view! {
                    <button class="primary" data-testid="t-start"
                        on:click=move |_| transition(Transition::StartRectification { by: actor.get_untracked(), at: now_ms() })>
                        "开始整改"
                    </button>
                }.into_any(),
                Some(Status::InProgress) => view! {
                    {text(completed_on, "t-completed-on", "实际完成日期", "date")}
                    <button class="primary" data-testid="t-submit"
                        on:click=move |_| transition(Transition::SubmitForAcceptance { by: actor.get_untracked(), at: now_ms(), completed_on: completed_on.get_untracked() })>
                        "提交验收"
                    </button>
                }.into_any(),
                Some(Status::AwaitingAcceptance) => view! {
                    <div class="form-grid">
                        {text(acc_by, "t-acc-by", "验收人", "text")}
                        {text(acc_dept, "t-acc-dept", "验收部门", "text")}
                        {text(acc_date, "t-acc-date", "验收日期", "date")}
                        {text(acc_opinion, "t-acc-opinion", "验收意见", "text")}
                    </div>
                    {move || acc_photo.get().map(|p| view! { <PhotoThumb photo=p/> })}
                    <label class="file-button">
                        "验收照片"
                        <input type="file" accept="image/*" capture="environment" data-testid="t-acc-photo" on:change=pick_acc_photo />
                    </label>
                    {move || acc_message.get().map(|m| view! { <p class="message" role="status">{m}</p> })}
                    <button class="primary" data-testid="t-accept"
                        on:click=move |_| transition(Transition::Accept { at: now_ms(), acceptance: Acceptance {
                            by: acc_by.get_untracked(), department: acc_dept.get_untracked(), date: acc_date.get_untracked(),
                            opinion: acc_opinion.get_untracked(), photo: acc_photo.get_untracked() } })>
                        "验收闭环"
                    </button>
                    {text(reason, "t-reason", "退回原因", "text")}
                    <button data-testid="t-return"
                        on:click=move |_| transition(Transition::Return { by: actor.get_untracked(), at: now_ms(), reason: reason.get_untracked() })>
                        "退回整改"
                    </button>
                }.into_any(),
                Some(Status::Closed) => view! {
                    {move || record.with(|r| r.as_ref().and_then(|r| r.acceptance()?.photo.clone())).map(|p| view! { <PhotoThumb photo=p/> })}
                    <p data-testid="t-closed">
                        {move || record.with(|r| r.as_ref().and_then(|r| r.acceptance().map(|a| format!(
                            "已闭环：{} 验收（{}），{}；实际完成 {}", a.by, a.date, a.opinion, r.completed_on().unwrap_or("—")))))}
                    </p>
                }.into_any(),
                None => ().into_any(),
            }}
        </fieldset>
    }
}

/// 修改记录: the record's history, newest first.
#[component]
fn HistoryList(record: RwSignal<Option<HiddenDanger>>) -> impl IntoView {
    view! {
        <details class="history">
            <summary>"修改记录"</summary>
            <ol reversed>
                {move || record.with(|r| r.as_ref().map(|r| r.trail().history().iter().rev().map(|h| {
                    let when = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(h.at as f64));
                    let text = format!("{} {} {}", String::from(when.to_locale_string("zh-CN", &wasm_bindgen::JsValue::UNDEFINED)), h.by, h.change.describe());
                    view! { <li>{text}</li> }
                }).collect_view()))}
            </ol>
        </details>
    }
}
