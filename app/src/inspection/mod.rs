//! The inspection loop's screens (domain.md §5): start an inspection at a site, answer its
//! checklist, edit the hidden-danger records it produces, the ledger (台账), and the
//! checklist templates (检查表模板).
//!
//! Every screen is glue: answers, edits, transitions, filters and KPIs are calls into
//! `geo_core::inspection`. Each change is written to IndexedDB at once through a
//! [`Saver`], whose state ("保存中…" / "已保存" / "保存失败") the open screen shows.

mod checklist;
mod danger_editor;
mod device;
mod fields;
mod ledger;
mod levels;
/// Picking a record's position on the map.
mod map_pick;
pub mod pending;
pub mod photos;
mod project_io;
mod save;
mod signature;
mod start;
mod template_editor;
mod templates;

use geo_core::inspection::pin::same_on_map;
use geo_core::inspection::{dropped_images, image_id, orphaned_images, HiddenDanger};
use leptos::prelude::*;

pub use levels::{current_levels, level_config, load_error as level_load_error, save_levels};
pub use save::{SaveBadge, SaveState, Saver};

use crate::state::AppState;
use crate::storage;

/// A site as the inspection screens need it.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteRef {
    pub id: String,
    pub name: String,
}

/// The main inspection screen shown over the map.
#[derive(Debug, Clone, PartialEq)]
pub enum Screen {
    /// The new-inspection form for a site.
    Start(SiteRef),
    /// The checklist of an inspection, by id.
    Checklist(String),
    /// 隐患台账.
    Ledger,
    /// 检查表模板; closing returns to the 开始排查 of the site it was opened from, if any.
    Templates(Option<SiteRef>),
}

/// Context: which inspection screen is open, and the record editor above it.
#[derive(Clone, Copy)]
pub struct InspectionUi {
    pub screen: RwSignal<Option<Screen>>,
    /// The number of the record open in the editor (above any screen).
    pub danger: RwSignal<Option<String>>,
    /// Bumped after every saved record, so lists reload.
    pub dangers_version: RwSignal<u64>,
    /// A position is being picked on the map: the sheets step aside until the tap.
    pub picking: RwSignal<bool>,
}

impl InspectionUi {
    pub fn new() -> Self {
        InspectionUi {
            screen: RwSignal::new(None),
            danger: RwSignal::new(None),
            dangers_version: RwSignal::new(0),
            picking: RwSignal::new(false),
        }
    }
}

/// Writes a record and, once committed, re-scores the sites with every record (open
/// dangers count in the composite index) when the change shows on the map, deletes the
/// images the record dropped that no record refers to any more, and tells lists to reload.
pub async fn save_danger(state: AppState, ui: InspectionUi, d: HiddenDanger) -> Result<(), String> {
    // What is stored now, to see what this write drops; unreadable counts as new.
    let before = storage::get_danger(&d.number).await.ok().flatten();
    storage::put_danger(&d).await.map_err(|e| e.to_string())?;
    let rescore = before.as_ref().is_none_or(|b| !same_on_map(b, &d));
    let dropped = before.map(|b| dropped_images(&b, &d)).unwrap_or_default();
    if rescore || !dropped.is_empty() {
        if let Ok(all) = storage::all_dangers().await {
            if rescore {
                state.set_dangers(&all);
            }
            // Only after the record without them is committed: a tab killed in between
            // leaves an unused image, never a record without its image.
            let orphans = orphaned_images(dropped, &all);
            if !orphans.is_empty() {
                if let Err(e) = storage::delete_photos(&orphans).await {
                    leptos::logging::warn!("{e}");
                }
            }
        }
    }
    ui.dangers_version.update(|v| *v += 1);
    Ok(())
}

/// The site's marker position, looked up by site id in the project.
pub fn site_position(state: AppState, site_id: &str) -> Option<(f64, f64)> {
    use geo::BoundingRect;
    state.project.with_value(|p| {
        let p = p.as_ref()?;
        for li in p.site_layers() {
            let layer = &p.layers[li];
            for fi in 0..layer.features.len() {
                if p.site_id(li, fi) == site_id {
                    let c = layer.features[fi].geometry.bounding_rect()?.center();
                    return Some((c.x, c.y));
                }
            }
        }
        None
    })
}

/// Milliseconds since the epoch, for history entries.
pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// A fresh photo, signature or template id: this device's part, the time and 40 random
/// bits, so ids made on two tablets never collide when their files are merged.
pub fn fresh_image_id(prefix: &str) -> String {
    image_id(prefix, &device::device_id(), now_ms(), device::random_u64())
}

/// The screens over the map: the open screen, and the record editor above it. While a
/// position is picked on the map they are hidden, not closed, so nothing typed is lost.
#[component]
pub fn InspectionSheets() -> impl IntoView {
    let ui = expect_context::<InspectionUi>();
    view! {
        <div class="inspection-sheets" class:picking=move || ui.picking.get()>
            {move || ui.screen.get().map(|s| match s {
                Screen::Start(site) => view! { <start::StartInspection site/> }.into_any(),
                Screen::Checklist(id) => view! { <checklist::ChecklistScreen id/> }.into_any(),
                Screen::Ledger => view! { <ledger::LedgerScreen/> }.into_any(),
                Screen::Templates(back) => view! { <templates::TemplatesScreen back/> }.into_any(),
            })}
            {move || ui.danger.get().map(|number| view! { <danger_editor::DangerEditor number/> })}
        </div>
        <map_pick::PickBar/>
    }
}
