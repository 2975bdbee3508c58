//! 样式: one layer's look (fill, stroke, point size, opacity, and how features are coloured),
//! applied on every change so the map and the legend follow at once. The choices are
//! geo-core's (`geo_core::look`); this is the form around them.

use geo_core::layer::LayerRole;
use geo_core::look::{field_label, ColourBy, LayerLook, Ramp};
use geo_core::risk::Rgba;
use geo_core::scene::{Breaks, Palette};
use leptos::prelude::*;

use crate::state::AppState;

/// `#rrggbb` for `<input type=color>`.
fn rgb_hex(c: Rgba) -> String {
    c.to_hex()[..7].to_string()
}

/// The colour picked, keeping `alpha`.
fn picked(value: &str, alpha: u8) -> Option<Rgba> {
    geo_core::risk::Rgba::from_hex(value).map(|c| c.with_alpha(alpha))
}

fn breaks_zh(b: Breaks) -> &'static str {
    match b {
        Breaks::Quantile => "分位数",
        Breaks::EqualInterval => "等间距",
    }
}

fn breaks_key(b: Breaks) -> &'static str {
    match b {
        Breaks::Quantile => "quantile",
        Breaks::EqualInterval => "equal",
    }
}

const ALL_BREAKS: [Breaks; 2] = [Breaks::Quantile, Breaks::EqualInterval];

/// The editor of layer `index` (draw position), shown under its row in the layer list.
#[component]
pub fn StyleEditor(index: usize, role: LayerRole, name: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let Some(initial) = state.look(index) else {
        return ().into_any();
    };
    let look = RwSignal::new(initial);
    // The fields each colouring offers (a site layer's score only for classes).
    let fields_for = move |by: ColourBy| {
        state.project.with_value(|p| {
            p.as_ref()
                .map(|p| p.colour_fields(index, by))
                .unwrap_or_default()
        })
    };

    // Applies an edit to the look and redraws.
    let edit = move |f: Box<dyn FnOnce(&mut LayerLook)>| {
        let mut l = look.get_untracked();
        f(&mut l);
        look.set(l.clone());
        state.set_look(index, l);
    };
    // Rebuilds the colouring from the data of the layer; a large layer's categories are
    // counted in slices first.
    let recolour = move |by: ColourBy, field: Option<String>, ramp: Ramp| {
        if by == ColourBy::Categories && state.counts_in_slices(index) {
            state.count_categories(index, field, move |count| {
                edit(Box::new(move |l| l.categories_counted(count, ramp)))
            });
            return;
        }
        edit(Box::new(move |l| {
            state.project.with_value(|p| {
                if let Some(p) = p {
                    p.recolour_look(index, l, by, field.as_deref(), ramp);
                }
            });
        }))
    };

    // A memo: a slider's every step must not rebuild the field options.
    let by = Memo::new(move |_| look.with(|l| l.colour_by()));
    let by_attribute = move || matches!(by.get(), ColourBy::Categories | ColourBy::Graduated);
    let points = matches!(role, LayerRole::Sites | LayerRole::Sources);

    let on_by = move |ev: leptos::ev::Event| {
        let Some(new) = ColourBy::from_key(&event_target_value(&ev)) else {
            return;
        };
        let mut ramp = look.get_untracked().ramp;
        match new {
            ColourBy::Categories if ramp.palette.is_sequential() => {
                ramp.palette = Palette::Category
            }
            ColourBy::Graduated if !ramp.palette.is_sequential() => ramp.palette = Palette::YlOrRd,
            _ => {}
        }
        recolour(new, None, ramp);
    };
    let on_field = move |ev: leptos::ev::Event| {
        let l = look.get_untracked();
        recolour(l.colour_by(), Some(event_target_value(&ev)), l.ramp);
    };
    let on_palette = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        let Some(palette) = Palette::ALL.into_iter().find(|p| format!("{p:?}") == v) else {
            return;
        };
        let l = look.get_untracked();
        let ramp = Ramp { palette, ..l.ramp };
        recolour(l.colour_by(), l.field().map(String::from), ramp);
    };
    let on_classes = move |ev: leptos::ev::Event| {
        let Ok(classes) = event_target_value(&ev).parse::<usize>() else {
            return;
        };
        let l = look.get_untracked();
        let ramp = Ramp { classes, ..l.ramp };
        recolour(l.colour_by(), l.field().map(String::from), ramp);
    };
    let on_method = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        let Some(method) = ALL_BREAKS.into_iter().find(|b| breaks_key(*b) == v) else {
            return;
        };
        let l = look.get_untracked();
        let ramp = Ramp { method, ..l.ramp };
        recolour(l.colour_by(), l.field().map(String::from), ramp);
    };

    view! {
        <div class="style-editor" data-testid="style-editor" role="group" aria-label=format!("{name} 样式")>
            <Show when=move || { state.restyling.get() > 0 }>
                <p class="style-restyling" role="status" data-testid="style-restyling">
                    "正在重新着色… / Recolouring…"
                </p>
            </Show>
            <label>
                "填充颜色"
                <input type="color" data-testid="style-fill"
                    prop:value=move || look.with(|l| rgb_hex(l.style.fill))
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        edit(Box::new(move |l| {
                            if let Some(c) = picked(&v, l.style.fill.3) {
                                l.style.fill = c;
                            }
                        }))
                    }/>
            </label>
            <label class="check">
                <input type="checkbox" data-testid="style-stroke-on"
                    prop:checked=move || look.with(|l| l.style.stroke.is_some())
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        edit(Box::new(move |l| {
                            l.style.stroke = on.then_some(l.style.stroke.unwrap_or(Rgba(0x33, 0x33, 0x33, 255)));
                        }))
                    }/>
                "边线"
            </label>
            <div class="row">
                <label>
                    "边线颜色"
                    <input type="color" data-testid="style-stroke"
                        prop:value=move || look.with(|l| rgb_hex(l.style.stroke.unwrap_or(Rgba(0x33, 0x33, 0x33, 255))))
                        on:input=move |ev| {
                            let v = event_target_value(&ev);
                            edit(Box::new(move |l| {
                                let alpha = l.style.stroke.map_or(255, |s| s.3);
                                if let Some(c) = picked(&v, alpha) {
                                    l.style.stroke = Some(c);
                                }
                            }))
                        }/>
                </label>
                <label>
                    "边线宽度"
                    <input type="number" inputmode="decimal" min="0" max="10" step="0.5" data-testid="style-stroke-width"
                        prop:value=move || look.with(|l| l.style.stroke_width.to_string())
                        on:change=move |ev| {
                            if let Ok(w) = event_target_value(&ev).trim().parse::<f32>() {
                                if w.is_finite() {
                                    edit(Box::new(move |l| l.style.stroke_width = w.clamp(0.0, 10.0)));
                                }
                            }
                        }/>
                </label>
            </div>
            {points.then(|| view! {
                <label>
                    {move || format!("点大小 {}", look.with(|l| l.style.point_radius))}
                    <input type="range" min="2" max="20" step="1" data-testid="style-point-size"
                        prop:value=move || look.with(|l| l.style.point_radius.to_string())
                        on:input=move |ev| {
                            if let Ok(r) = event_target_value(&ev).parse::<f32>() {
                                edit(Box::new(move |l| l.style.point_radius = r.clamp(1.0, 40.0)));
                            }
                        }/>
                </label>
            })}
            <label>
                {move || format!("不透明度 {}%", look.with(|l| (l.opacity() * 100.0).round()))}
                <input type="range" min="0" max="100" step="1" data-testid="style-opacity"
                    prop:value=move || look.with(|l| ((l.opacity() * 100.0).round() as i32).to_string())
                    on:input=move |ev| {
                        if let Ok(v) = event_target_value(&ev).parse::<f32>() {
                            edit(Box::new(move |l| l.opacity = (v / 100.0).clamp(0.0, 1.0)));
                        }
                    }/>
            </label>
            <label>
                "着色方式"
                <select data-testid="style-colour-by" on:change=on_by>
                    {ColourBy::choices(role)
                        .into_iter()
                        .map(|c| view! {
                            <option value=c.key() prop:selected=move || by.get() == c>{c.zh(role)}</option>
                        })
                        .collect_view()}
                </select>
            </label>
            <Show when=by_attribute>
                <label>
                    "字段"
                    <select data-testid="style-field" on:change=on_field>
                        {move || fields_for(by.get())
                            .into_iter()
                            .map(|f| {
                                let key = f.clone();
                                view! {
                                    <option value=f.clone() prop:selected=move || look.with(|l| l.field() == Some(key.as_str()))>{field_label(&f)}</option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <label>
                    "色带"
                    <select data-testid="style-palette" on:change=on_palette>
                        {Palette::ALL
                            .into_iter()
                            .map(|p| view! {
                                <option value=format!("{p:?}") prop:selected=move || look.with(|l| l.ramp.palette == p)>{p.zh()}</option>
                            })
                            .collect_view()}
                    </select>
                </label>
            </Show>
            <Show when=move || by.get() == ColourBy::Graduated>
                <div class="row">
                    <label>
                        "分级数"
                        <select data-testid="style-classes" on:change=on_classes>
                            {(2..=9usize)
                                .map(|n| view! {
                                    <option value=n.to_string() prop:selected=move || look.with(|l| l.ramp.classes == n)>{n.to_string()}</option>
                                })
                                .collect_view()}
                        </select>
                    </label>
                    <label>
                        "方法"
                        <select data-testid="style-method" on:change=on_method>
                            {ALL_BREAKS
                                .into_iter()
                                .map(|b| view! {
                                    <option value=breaks_key(b) prop:selected=move || look.with(|l| l.ramp.method == b)>{breaks_zh(b)}</option>
                                })
                                .collect_view()}
                        </select>
                    </label>
                </div>
            </Show>
        </div>
    }
    .into_any()
}
