//! 项目文件: every record, inspection, user template and photo as one zip
//! (`geo_core::inspection::project_file`), to move work between devices; importing
//! merges by history (`merge_dangers`, `merge_inspections`).

use std::collections::{BTreeSet, HashMap};

use geo_core::inspection::{
    keep_both_unrelated, merge_dangers, merge_inspections, orphaned_images, read_project_file,
    write_project_file_with, HiddenDanger, ProjectContents,
};
use js_sys::Uint8Array;
use wasm_bindgen_futures::JsFuture;

use crate::browser::{download, js_error_text, today};
use crate::state::AppState;
use crate::storage;

use super::InspectionUi;
use leptos::prelude::Update;

fn text(e: impl std::fmt::Display) -> String {
    e.to_string()
}

async fn blob_bytes(blob: &web_sys::Blob) -> Result<Vec<u8>, String> {
    let buf = JsFuture::from(blob.array_buffer())
        .await
        .map_err(|e| js_error_text(&e))?;
    Ok(Uint8Array::new(&buf).to_vec())
}

/// Writes the project file and offers it as a download; returns a summary line.
pub async fn export() -> Result<String, String> {
    let dangers = storage::all_dangers().await.map_err(text)?;
    let inspections = storage::all_inspections().await.map_err(text)?;
    let templates = storage::all_templates().await.map_err(text)?;
    let mut photos = HashMap::new();
    for p in dangers.iter().flat_map(HiddenDanger::photo_refs) {
        if let Some(blob) = storage::get_photo(&p.id).await.map_err(text)? {
            photos.insert(p.id.clone(), blob_bytes(&blob).await?);
        }
    }
    let contents = ProjectContents {
        dangers,
        inspections,
        templates,
        photos: Default::default(),
    };
    let day = today();
    let bytes = write_project_file_with(&contents, &photos, &day).map_err(text)?;
    download(
        &bytes,
        &format!("xiantu-隐患台账-{}.zip", day.replace('-', "")),
        "application/zip",
    )?;
    Ok(format!(
        "已导出 {} 条隐患、{} 次排查、{} 张图片 / exported",
        contents.dangers.len(),
        contents.inspections.len(),
        photos.len()
    ))
}

/// Reads a project file and merges it into storage; returns a summary line.
pub async fn import(
    state: AppState,
    ui: InspectionUi,
    file: web_sys::File,
) -> Result<String, String> {
    let bytes = blob_bytes(&file).await?;
    let imported = read_project_file(&bytes).map_err(text)?;
    let theirs = imported.contents;
    // Photos first: a record never points at bytes that are not stored yet.
    let mimes: HashMap<&str, &str> = theirs
        .dangers
        .iter()
        .flat_map(HiddenDanger::photo_refs)
        .map(|p| (p.id.as_str(), p.mime.as_str()))
        .collect();
    for (id, data) in &theirs.photos {
        let opts = web_sys::BlobPropertyBag::new();
        opts.set_type(mimes.get(id.as_str()).copied().unwrap_or("image/jpeg"));
        let parts = js_sys::Array::of1(&Uint8Array::from(data.as_slice()));
        let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &opts)
            .map_err(|e| js_error_text(&e))?;
        storage::put_photo(id, &blob).await.map_err(text)?;
    }
    for t in &theirs.templates {
        storage::put_template(t).await.map_err(text)?;
    }
    let ours = storage::all_dangers().await.map_err(text)?;
    // Images that may lose their last record here: ours (a copy of theirs won) and the
    // file's (their copy lost).
    let mut candidates: BTreeSet<String> = ours
        .iter()
        .flat_map(HiddenDanger::photo_refs)
        .map(|p| p.id.clone())
        .collect();
    candidates.extend(theirs.photos.keys().cloned());
    let mut dangers = merge_dangers(ours, theirs.dangers);
    let renumbered = keep_both_unrelated(&mut dangers);
    for d in &dangers.records {
        storage::put_danger(d).await.map_err(text)?;
    }
    let orphans = orphaned_images(candidates, &dangers.records);
    if !orphans.is_empty() {
        // The records are merged either way; an image left behind only takes room.
        if let Err(e) = storage::delete_photos(&orphans).await {
            leptos::logging::warn!("{e}");
        }
    }
    let inspections = merge_inspections(
        storage::all_inspections().await.map_err(text)?,
        theirs.inspections,
    );
    for i in &inspections.records {
        storage::put_inspection(i).await.map_err(text)?;
    }
    state.set_dangers(&dangers.records);
    ui.dangers_version.update(|v| *v += 1);
    // Unrelated pairs were both kept (renumbered below), not decided by age.
    let decided: Vec<&str> = dangers
        .conflicts
        .iter()
        .filter(|c| !c.unrelated)
        .map(|c| c.key.as_str())
        .chain(inspections.conflicts.iter().map(|c| c.key.as_str()))
        .collect();
    let conflicts = decided.len();
    let mut summary = format!(
        "已导入：{} 条隐患、{} 次排查、{} 个检查表、{} 张图片",
        imported.manifest.dangers,
        imported.manifest.inspections,
        imported.manifest.templates,
        theirs.photos.len()
    );
    if conflicts > 0 {
        summary.push_str(&format!(
            "；{conflicts} 条两边都改过，保留较新的一方（{}）",
            decided.join("、")
        ));
    }
    if !renumbered.is_empty() {
        summary.push_str(&format!(
            "；{} 条编号与本机不同隐患相同，已改编号保存：{}",
            renumbered.len(),
            renumbered
                .iter()
                .map(|(old, new)| format!("{old} → {new}"))
                .collect::<Vec<_>>()
                .join("、")
        ));
    }
    if !imported.missing_photos.is_empty() {
        summary.push_str(&format!(
            "；{} 张图片不在文件中",
            imported.missing_photos.len()
        ));
    }
    Ok(summary)
}
