//! Collects what the inspection report of one site needs from the device: its
//! inspections and records (IndexedDB), their photos and signatures (Blobs), the site's
//! profile (the enterprise's properties) and a map of the site drawn off screen.

use std::collections::HashSet;

use geo_core::inspection::PhotoRef;
use geo_core::report::doc::ImageFormat;
use geo_core::report::{
    ImageMeta, InspectionReportInput, ReportFormat, ReportKind, ReportRequest, UnitProfile,
    MAP_IMAGE,
};
use js_sys::Uint8Array;
use leptos::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::browser::js_error_text;
use crate::map::{snapshot, HIGHLIGHT};
use crate::state::AppState;
use crate::storage;

/// What the user typed for the cover.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CoverInfo {
    pub number: String,
    pub issuer: String,
    /// 编制, 审核, 批准.
    pub sign_off: [String; 3],
}

/// Photo bytes a report may carry: the PDF limit is 15 MB, and the font subset,
/// the map and the pages take about 1 MB. Above it the photos are re-encoded smaller for
/// the report only (the stored ones stay as they are).
const PHOTO_BUDGET: f64 = 13.5e6;
/// Never shrink a photo below this long side: it must still show the danger.
const MIN_REPORT_SIDE: f64 = 960.0;

/// Half the side of the map around a site, degrees (about 600 m × 550 m at Xiamen).
const MAP_HALF_LON: f64 = 0.006;
const MAP_HALF_LAT: f64 = 0.005;

async fn blob_bytes(blob: &web_sys::Blob) -> Result<Uint8Array, String> {
    let buf = JsFuture::from(blob.array_buffer())
        .await
        .map_err(|e| js_error_text(&e))?;
    Ok(Uint8Array::new(&buf))
}

/// The request and its images for the inspection report of `site_id`.
pub async fn inspection_request(
    state: AppState,
    site_id: &str,
    site_name: &str,
    cover: CoverInfo,
    date: String,
    format: ReportFormat,
) -> Result<(ReportRequest, Vec<Uint8Array>), String> {
    let inspections = storage::inspections_for_site(site_id)
        .await
        .map_err(|e| e.to_string())?;
    let dangers = storage::dangers_for_site(site_id)
        .await
        .map_err(|e| e.to_string())?;

    let mut metas = Vec::new();
    let mut images = Vec::new();
    let mut seen = HashSet::new();
    let refs: Vec<PhotoRef> = dangers
        .iter()
        .flat_map(|d| d.photo_refs().cloned())
        .collect();
    for r in refs {
        if !seen.insert(r.id.clone()) {
            continue;
        }
        // A photo that is not on this device, or of a type reports cannot embed, is left
        // out; the report says how many are missing.
        let Some(format) = ImageFormat::from_mime(&r.mime) else {
            continue;
        };
        if let Ok(Some(blob)) = storage::get_photo(&r.id).await {
            images.push(blob_bytes(&blob).await?);
            metas.push(ImageMeta {
                id: r.id.clone(),
                format,
                width: r.width,
                height: r.height,
            });
        }
    }

    let recompressed = fit_photo_budget(&mut images, &mut metas).await?;

    // The site's feature: its profile and its place on the map.
    let site = state.project.with_value(|p| {
        use geo::BoundingRect;
        let p = p.as_ref()?;
        p.site_layers().into_iter().find_map(|li| {
            let layer = &p.layers[li];
            (0..layer.features.len())
                .find(|&fi| p.site_id(li, fi) == site_id)
                .map(|fi| {
                    let f = &layer.features[fi];
                    let c = f.geometry.bounding_rect().map(|r| r.center());
                    (li, fi, UnitProfile::from_feature(site_name, f), c)
                })
        })
    });
    let fictional = state
        .project
        .with_value(|p| p.as_ref().is_some_and(|p| p.fictional()));
    let (unit, map) = match site {
        Some((li, fi, unit, Some(c))) => {
            let mut b = [
                c.x - MAP_HALF_LON,
                c.y - MAP_HALF_LAT,
                c.x + MAP_HALF_LON,
                c.y + MAP_HALF_LAT,
            ];
            // Widen the box to every record pinned near the site.
            for l in dangers.iter().filter_map(|d| d.location.as_ref()) {
                if (l.lon - c.x).abs() < 0.05 && (l.lat - c.y).abs() < 0.05 {
                    b = [
                        b[0].min(l.lon),
                        b[1].min(l.lat),
                        b[2].max(l.lon),
                        b[3].max(l.lat),
                    ];
                }
            }
            let map = snapshot::site_png(state, b, Some((li, fi, HIGHLIGHT)))
                .await
                .ok();
            (unit, map)
        }
        Some((_, _, unit, None)) => (unit, None),
        None => (
            UnitProfile {
                name: site_name.to_string(),
                ..UnitProfile::default()
            },
            None,
        ),
    };
    if let Some((blob, w, h)) = map {
        images.push(blob_bytes(&blob).await?);
        metas.push(ImageMeta {
            id: MAP_IMAGE.into(),
            format: ImageFormat::Png,
            width: w,
            height: h,
        });
    }

    let input = InspectionReportInput {
        photos_recompressed: recompressed,
        number: cover.number,
        date,
        unit,
        inspections,
        dangers,
        issuer: cover.issuer,
        sign_off: cover.sign_off,
        fictional,
        ..InspectionReportInput::default()
    };
    Ok((
        ReportRequest {
            report: ReportKind::Inspection(Box::new(input)),
            format,
            images: metas,
        },
        images,
    ))
}

/// Re-encodes the JPEG photos smaller when together they exceed [`PHOTO_BUDGET`]: JPEG
/// size goes with the pixel count, so each side is scaled by √(budget / total), at quality
/// 0.8. Returns how many were re-encoded.
async fn fit_photo_budget(
    images: &mut [Uint8Array],
    metas: &mut [ImageMeta],
) -> Result<usize, String> {
    let total: f64 = images.iter().map(|i| f64::from(i.length())).sum();
    if total <= PHOTO_BUDGET {
        return Ok(0);
    }
    let k = (PHOTO_BUDGET / total).sqrt() * 0.95;
    let mut n = 0;
    for (img, meta) in images.iter_mut().zip(metas.iter_mut()) {
        if meta.format != ImageFormat::Jpeg {
            continue;
        }
        let long = f64::from(meta.width.max(meta.height));
        let side = (long * k).max(MIN_REPORT_SIDE).min(long) as u32;
        let parts = js_sys::Array::of1(img);
        let blob =
            web_sys::Blob::new_with_u8_array_sequence(&parts).map_err(|e| js_error_text(&e))?;
        let (small, w, h) = crate::inspection::photos::reencode(&blob, side, 0.8).await?;
        *img = blob_bytes(&small).await?;
        meta.width = w;
        meta.height = h;
        n += 1;
    }
    Ok(n)
}

/// The request and its maps for the risk-assessment report of the whole project.
pub async fn risk_request(
    state: AppState,
    cover: CoverInfo,
    title: String,
    date: String,
    format: ReportFormat,
) -> Result<(ReportRequest, Vec<Uint8Array>), String> {
    use geo_core::layer::LayerRole;
    use geo_core::report::{RiskReportInput, CHOROPLETH_IMAGE};
    let (input, bounds) = state
        .project
        .with_value(|p| {
            p.as_ref()
                .map(|p| (RiskReportInput::from_project(p), p.bounds()))
        })
        .ok_or("没有加载项目 / no project loaded")?;
    let mut input = RiskReportInput {
        number: cover.number,
        date,
        title,
        issuer: cover.issuer,
        sign_off: cover.sign_off,
        ..input
    };
    let mut metas = Vec::new();
    let mut images = Vec::new();
    if let Some(b) = bounds {
        let maps: [(&str, Option<&[LayerRole]>); 2] = [
            (MAP_IMAGE, None),
            (CHOROPLETH_IMAGE, Some(&[LayerRole::Areas])),
        ];
        for (id, only) in maps {
            let (blob, w, h) = snapshot::report_png(state, b, None, only).await?;
            images.push(blob_bytes(&blob).await?);
            metas.push(ImageMeta {
                id: id.into(),
                format: ImageFormat::Png,
                width: w,
                height: h,
            });
        }
    }
    if input.areas.is_empty() {
        metas.retain(|m| m.id != CHOROPLETH_IMAGE);
        images.truncate(metas.len());
    }
    input.register_rows = 0;
    Ok((
        ReportRequest {
            report: ReportKind::Risk(Box::new(input)),
            format,
            images: metas,
        },
        images,
    ))
}
