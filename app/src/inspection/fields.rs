//! Form fields bound to a field of the record draft: typing changes the draft and tells
//! the editor (`typing`), which saves after a short pause; leaving the field (`change`)
//! commits it at once. Dates commit only on `change`: half a typed date is not a date.

use geo_core::inspection::HiddenDanger;
use leptos::prelude::*;

/// Reads one field of a record as text.
pub type Get = fn(&HiddenDanger) -> String;
/// Writes one field of a record from text.
pub type Set = fn(&mut HiddenDanger, String);

/// A labelled text input or textarea over the draft.
#[component]
pub fn Field(
    /// The form's copy of the record.
    draft: RwSignal<Option<HiddenDanger>>,
    label: &'static str,
    testid: &'static str,
    get: Get,
    set: Set,
    /// Called when the field is left after a change.
    commit: Callback<()>,
    /// Called after each keystroke in a text field (not a date).
    #[prop(optional)]
    typing: Option<Callback<()>>,
    /// `text`, `date` or `area` (a textarea).
    #[prop(default = "text")]
    kind: &'static str,
    #[prop(default = false)] wide: bool,
) -> impl IntoView {
    let value = move || draft.with(|d| d.as_ref().map(get).unwrap_or_default());
    let input = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        draft.update(|d| {
            if let Some(d) = d {
                set(d, v)
            }
        });
        if kind != "date" {
            if let Some(t) = typing {
                t.run(());
            }
        }
    };
    let control = if kind == "area" {
        view! {
            <textarea rows="3" data-testid=testid prop:value=value on:input=input
                on:change=move |_| commit.run(())></textarea>
        }
        .into_any()
    } else {
        view! {
            <input type=kind data-testid=testid prop:value=value on:input=input
                on:change=move |_| commit.run(()) />
        }
        .into_any()
    };
    view! { <label class:wide=wide>{label}{control}</label> }
}
