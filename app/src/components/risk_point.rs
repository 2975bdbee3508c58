//! Grading one risk point (风险点) at a site with LEC or the 5 × 5 risk matrix, from the
//! value tables of the model in use: the assessor picks the scores, geo-core does the
//! arithmetic and the band, the panel shows the line as a report would print it.

use geo_core::risk::models::matrix::{self, LsInput};
use geo_core::risk::models::{lec, DimensionScore, ModelDocument, ScoreTable};
use geo_core::risk::Palette;
use leptos::prelude::*;

use crate::state::AppState;

/// A select over a value table; `sig` holds the chosen value as text ("" for none).
fn table_select(
    t: &ScoreTable,
    testid: String,
    sig: RwSignal<String>,
    optional: bool,
) -> impl IntoView {
    let label = format!("{}（{}）", t.zh, t.key);
    let values: Vec<(String, String)> = t
        .values
        .iter()
        .map(|v| {
            let n = geo_core::risk::models::format_number(v.value);
            (n.clone(), format!("{n} {}", v.zh))
        })
        .collect();
    view! {
        <label>
            {label}
            <select data-testid=testid prop:value=move || sig.get() on:change=move |ev| sig.set(event_target_value(&ev))>
                {optional.then(|| view! { <option value="">"（不评）"</option> })}
                {values.into_iter().map(|(v, text)| view! { <option value=v.clone()>{text}</option> }).collect_view()}
            </select>
        </label>
    }
}

fn number(sig: RwSignal<String>) -> Option<f64> {
    sig.get().trim().parse().ok()
}

/// (line, grade colour) or the model's error.
fn evaluate(
    doc: &ModelDocument,
    method: &str,
    l: Option<f64>,
    e: Option<f64>,
    c: Option<f64>,
    dims: &[(String, Option<f64>)],
) -> Result<(String, String), String> {
    let palette = Palette::default();
    match method {
        "lec" => {
            let input = lec::LecInput {
                likelihood: l.ok_or("请选择 L")?,
                exposure: e.ok_or("请选择 E")?,
                consequence: lec::Consequence::Classic(c.ok_or("请选择 C")?),
            };
            let r = lec::evaluate(doc, &input).map_err(|e| e.to_string())?;
            Ok((r.describe_zh(), palette.colour(r.grade).css()))
        }
        _ => {
            let severity: Vec<DimensionScore> = dims
                .iter()
                .filter_map(|(k, v)| {
                    v.map(|value| DimensionScore {
                        dimension: k.clone(),
                        value,
                    })
                })
                .collect();
            let input = LsInput {
                likelihood: l.ok_or("请选择 L")?,
                severity,
            };
            let r = matrix::evaluate(doc, &input).map_err(|e| e.to_string())?;
            Ok((r.describe_zh(), palette.colour(r.grade).css()))
        }
    }
}

#[component]
pub fn RiskPointForm() -> impl IntoView {
    let state = expect_context::<AppState>();
    let doc = state.model();
    let method = RwSignal::new("lec".to_string());
    let (l, e, c) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let ls_l = RwSignal::new(String::new());
    let dims: Vec<(String, RwSignal<String>)> = doc
        .ls
        .severity_dimensions
        .iter()
        .map(|t| (t.key.clone(), RwSignal::new(String::new())))
        .collect();
    let dims_for_result = dims.clone();
    let result = move || {
        let doc = state.model();
        let m = method.get();
        let (l, e, c) = if m == "lec" {
            (number(l), number(e), number(c))
        } else {
            (number(ls_l), None, None)
        };
        let d: Vec<(String, Option<f64>)> = dims_for_result
            .iter()
            .map(|(k, s)| (k.clone(), number(*s)))
            .collect();
        evaluate(&doc, &m, l, e, c, &d)
    };
    view! {
        <details class="risk-point" data-testid="risk-point">
            <summary>"风险点评价（LEC / 风险矩阵）"</summary>
            <label>
                "方法"
                <select data-testid="risk-method" prop:value=move || method.get() on:change=move |ev| method.set(event_target_value(&ev))>
                    <option value="lec">"作业条件危险性评价法 LEC"</option>
                    <option value="ls">"风险矩阵法 LS"</option>
                </select>
            </label>
            <Show when=move || method.get() == "lec">
                {table_select(&doc.lec.likelihood, "lec-l".into(), l, false)}
                {table_select(&doc.lec.exposure, "lec-e".into(), e, false)}
                {table_select(&doc.lec.consequence, "lec-c".into(), c, false)}
            </Show>
            <Show when=move || method.get() == "ls">
                {table_select(&doc.ls.likelihood, "ls-l".into(), ls_l, false)}
                {doc.ls.severity_dimensions.iter().zip(dims.iter()).map(|(t, (k, s))| {
                    table_select(t, format!("ls-s-{k}"), *s, true)
                }).collect_view()}
            </Show>
            <p class="risk-point-result" data-testid="risk-point-result">
                {move || match result() {
                    Ok((line, colour)) => view! { <span class="swatch" style:background=colour></span>" "{line} }.into_any(),
                    Err(e) => view! { <span class="hint">{e}</span> }.into_any(),
                }}
            </p>
        </details>
    }
}
