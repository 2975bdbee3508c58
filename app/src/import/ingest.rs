//! Adds a confirmed import to the project and the map in slices, yielding to the browser
//! between them, so even a 200 MB layer never holds the UI thread for long: decode one
//! chunk, then grade and project a few thousand features, then let a frame through.
//!
//! The slicing lives here (it needs the event loop); what each slice does is geo-core's
//! ([`geo_core::dto::decode_chunk`], [`geo_core::project::Project::grade_range`],
//! [`geo_core::scene::Scene::extend_layer`]) and is tested natively.

use std::collections::BTreeSet;

use geo_core::dto::decode_chunk;
use geo_core::layer::{Layer, LayerMeta, LayerRole, LayerTally};
use geo_core::risk::Palette;
use leptos::prelude::*;

use crate::slices::{yield_now, Redraws, Slicer};
use crate::state::AppState;

/// What the dialog decided about the layer.
pub struct LayerChoice {
    pub meta: LayerMeta,
    /// Features the worker found, to size the buffers once.
    pub feature_count: usize,
    /// For hazard zones: the field holding the class; levels are guessed from its values.
    pub class_field: Option<String>,
}

/// Decodes the worker's chunks and adds the layer, in slices. `progress` gets 0–1.
pub async fn ingest_layer(
    state: AppState,
    choice: LayerChoice,
    chunks: std::rc::Rc<Vec<js_sys::Uint8Array>>,
    progress: impl Fn(f64) + Clone + 'static,
) -> Result<(), String> {
    let LayerChoice {
        mut meta,
        feature_count,
        class_field,
    } = choice;
    // Growing by doubling would copy hundreds of MB in single steps.
    let mut features = Vec::with_capacity(feature_count);
    let mut labels: BTreeSet<String> = BTreeSet::new();
    // Box and polygon sizes, added up per chunk: walking 660,000 features for them after
    // the last chunk was a 45 ms task.
    let mut tally = LayerTally::default();
    let n_chunks = chunks.len().max(1);
    // Let the click that confirmed finish (and the dialog close) before any decoding.
    yield_now().await;
    // Stage 1 (0–40 %): decode, one chunk a task.
    for (i, chunk) in chunks.iter().enumerate() {
        let part = decode_chunk(&chunk.to_vec())
            .map_err(|e| format!("图层数据损坏 / corrupt layer data: {e}"))?;
        if let Some(field) = &class_field {
            labels.extend(part.iter().filter_map(|f| f.text(field)));
        }
        tally.add(&part);
        features.extend(part);
        progress(0.4 * (i + 1) as f64 / n_chunks as f64);
        yield_now().await;
    }
    if let Some(field) = class_field {
        meta.use_class_field(&field, labels.iter().map(String::as_str));
    }
    let has = |k: &str| {
        features
            .first()
            .is_some_and(|f| f.properties.contains_key(k))
    };
    if !has(&meta.name_field) {
        if let Some(f) = ["name", "名称", "企业名称", "单位名称"]
            .into_iter()
            .find(|k| has(k))
        {
            meta.name_field = f.to_string();
        }
    }
    let role = meta.role;
    let total = features.len();
    let layer = Layer { meta, features };
    let bounds = tally
        .bbox
        .map(|r| [r.min().x, r.min().y, r.max().x, r.max().y]);

    // Stage 2: the layer joins the project (empty on the map), then slices of it are
    // graded and projected.
    state.selected.set(None);
    let at = state.insert_layer(layer, Some(&tally));
    // The insert and the first slice together came to 50 ms on a loaded machine.
    yield_now().await;
    let palette = Palette::default();
    let mut slicer = Slicer::new();
    let mut redraws = Redraws::new(total);
    let mut redraw_now_and_then = move || {
        if redraws.due() {
            state.redraw();
        }
    };
    let p = progress.clone();
    slicer
        .run(
            total,
            |range| {
                state.extend_layer(at, range, &palette);
                redraw_now_and_then();
                true
            },
            move |f| p(0.4 + 0.5 * f),
        )
        .await;
    // A new hazard-zone or source layer changes every site's score: re-score them too.
    if matches!(role, LayerRole::HazardZones | LayerRole::Sources) {
        for li in state.site_layers() {
            let n = state.feature_count(li);
            let p = progress.clone();
            slicer
                .run(
                    n,
                    |range| {
                        state.regrade(li, range, &palette);
                        redraw_now_and_then();
                        true
                    },
                    move |f| p(0.9 + 0.1 * f),
                )
                .await;
        }
    }
    state.finish_insert();
    state.fit_request.set(bounds);
    progress(1.0);
    Ok(())
}
