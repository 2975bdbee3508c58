//! **API Boundary:** the engine for JavaScript front ends (`--features js`, built with
//! wasm-pack for `--target web` and `--target nodejs`). Thin: every call is one geo-core call
//! plus conversion; errors become JS `Error`s whose message is the user-facing text.

use std::collections::{BTreeMap, BTreeSet};

use js_sys::{Array, Object, Reflect};
use serde::Serialize;
use serde_json::Value;
use wasm_bindgen::prelude::*;

use crate::crs::{self, Crs};
use crate::export::write_geojson;
use crate::import::{read, Format, ImportOptions};
use crate::layer::{Layer, LayerRole};
use crate::overlay::{containing_table, nearest_distances};
use crate::risk::models::composite::{
    resolve_rings, score_sites, Exposure, OpenDangers, ScoreContext, SiteScore,
};
use crate::risk::models::ModelDocument;

// The per-site arrays `containing` returns are built on the JavaScript side from two views
// of wasm memory: one call across the boundary instead of one per array element (building
// them through js-sys took half the call's time).
#[wasm_bindgen(inline_js = "export function nest_site_zones(offsets, zones) {
  const n = offsets.length - 1;
  const out = new Array(n);
  for (let i = 0; i < n; i++) {
    const a = offsets[i], b = offsets[i + 1];
    const z = new Array(b - a);
    for (let k = a; k < b; k++) z[k - a] = zones[k];
    out[i] = z;
  }
  return out;
}")]
extern "C" {
    fn nest_site_zones(offsets: &[u32], zones: &[u32]) -> Array;
}

/// Loaded layers, addressed by the id `addLayer` returned, and the overlay `assess` last
/// computed for each site layer.
#[wasm_bindgen]
#[derive(Default)]
pub struct Engine {
    layers: Vec<Layer>,
    exposures: Vec<CachedExposure>,
    /// Open hidden dangers per site, by site layer id (`setOpenDangers`).
    dangers: BTreeMap<usize, Vec<OpenDangers>>,
}

/// An [`Exposure`] and what it was computed from. Layers never change once added, so
/// their ids and the reach are the whole key: a weight change re-scores without
/// re-running the overlay.
struct CachedExposure {
    sites: usize,
    hazards: Vec<usize>,
    sources: Vec<usize>,
    reach_m: f64,
    exposure: Exposure,
}

fn opt_string(options: &JsValue, key: &str) -> Option<String> {
    if options.is_undefined() || options.is_null() {
        return None;
    }
    Reflect::get(options, &JsValue::from_str(key))
        .ok()
        .and_then(|v| v.as_string())
}

fn set(obj: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(obj, &JsValue::from_str(key), value);
}

/// Applies `options.role` and `options.classField` to a freshly read layer. A hazard-zone
/// layer needs a class field (the option, else the file's metadata); its levels are the
/// file's when it gave them for that field, else guessed from the labels. Returns extra
/// warnings.
fn apply_role(
    layer: &mut Layer,
    role: Option<LayerRole>,
    class_field: Option<String>,
) -> Result<Vec<String>, String> {
    if let Some(role) = role {
        layer.meta.role = role;
    }
    if layer.meta.role != LayerRole::HazardZones {
        return match class_field {
            Some(_) => {
                Err("classField 只用于危险区图层 / classField needs role \"hazard_zones\"".into())
            }
            None => Ok(Vec::new()),
        };
    }
    let Some(field) = class_field.or_else(|| layer.meta.class_field.clone()) else {
        return Err("危险区图层须有 classField / a hazard_zones layer needs classField".into());
    };
    let labels: BTreeSet<String> = layer
        .features
        .iter()
        .filter_map(|f| f.text(&field))
        .map(|t| t.trim().to_string())
        .collect();
    layer
        .meta
        .use_class_field(&field, labels.iter().map(String::as_str));
    let mut warnings = Vec::new();
    if labels.is_empty() && !layer.features.is_empty() {
        warnings.push(format!(
            "没有要素有字段 \"{field}\"，所有区域等级为 0 / no feature has field \"{field}\", every zone is level 0"
        ));
    }
    Ok(warnings)
}

fn js_err(e: impl std::fmt::Display) -> JsError {
    JsError::new(&e.to_string())
}

#[wasm_bindgen]
impl Engine {
    #[wasm_bindgen(constructor)]
    pub fn new() -> Engine {
        Engine::default()
    }

    /// Reads a file. `options`: `{ format?, crs?, lonColumn?, latColumn?, repair?, role?,
    /// classField? }`; `role` is `"sites"`, `"hazard_zones"`, `"sources"` or `"areas"`
    /// (default: the file's metadata, else sites); `classField` names a hazard-zone layer's
    /// class property. Returns `{ id, featureCount, bbox: [minLon, minLat, maxLon, maxLat] |
    /// null, warnings: string[], role, classLevels? }` (`classLevels` for hazard zones:
    /// label → level 0–3).
    #[wasm_bindgen(js_name = addLayer)]
    pub fn add_layer(
        &mut self,
        name: &str,
        bytes: &[u8],
        options: JsValue,
    ) -> Result<JsValue, JsError> {
        let format = match opt_string(&options, "format") {
            Some(f) => Some(Format::parse(&f).ok_or_else(|| {
                JsError::new(&format!("{name}: 未知格式 / unknown format \"{f}\""))
            })?),
            None => None,
        };
        let crs = match opt_string(&options, "crs") {
            Some(c) => Some(Crs::parse(&c).map_err(|e| JsError::new(&format!("{name}: {e}")))?),
            None => None,
        };
        let role = match opt_string(&options, "role") {
            Some(r) => Some(LayerRole::from_key(&r).ok_or_else(|| {
                JsError::new(&format!(
                    "{name}: 未知角色 / unknown role \"{r}\" (sites, hazard_zones, sources, areas)"
                ))
            })?),
            None => None,
        };
        let opts = ImportOptions {
            format,
            crs,
            lon_column: opt_string(&options, "lonColumn"),
            lat_column: opt_string(&options, "latColumn"),
            repair: !options.is_undefined()
                && !options.is_null()
                && Reflect::get(&options, &JsValue::from_str("repair"))
                    .is_ok_and(|v| v.is_truthy()),
        };
        let mut imp = read(name, bytes, &opts).map_err(js_err)?;
        let extra = apply_role(&mut imp.layer, role, opt_string(&options, "classField"))
            .map_err(|m| JsError::new(&format!("{name}: {m}")))?;
        let out = Object::new();
        set(&out, "id", &JsValue::from(self.layers.len() as u32));
        set(
            &out,
            "featureCount",
            &JsValue::from(imp.layer.features.len() as u32),
        );
        let bbox = imp.layer.bbox().map_or(JsValue::NULL, |r| {
            Array::of4(
                &r.min().x.into(),
                &r.min().y.into(),
                &r.max().x.into(),
                &r.max().y.into(),
            )
            .into()
        });
        set(&out, "bbox", &bbox);
        let warnings: Array = imp
            .warnings
            .iter()
            .map(|w| w.to_string())
            .chain(extra)
            .map(|w| JsValue::from_str(&w))
            .collect();
        set(&out, "warnings", &warnings);
        set(&out, "role", &JsValue::from_str(imp.layer.meta.role.key()));
        if imp.layer.meta.role == LayerRole::HazardZones {
            let levels = Object::new();
            for (label, level) in &imp.layer.meta.class_levels {
                set(&levels, label, &JsValue::from(*level));
            }
            set(&out, "classLevels", &levels);
        }
        self.layers.push(imp.layer);
        Ok(out.into())
    }

    /// The layer as a WGS84 GeoJSON string.
    #[wasm_bindgen(js_name = layerGeoJson)]
    pub fn layer_geojson(&self, id: u32) -> Result<String, JsError> {
        Ok(write_geojson(self.layer(id)?, &Crs::WGS84))
    }

    /// Per site of layer `siteLayerId`, in layer order, an array of the 0-based indices
    /// (ascending) of the polygon features of layer `hazardLayerId` that contain or touch
    /// it; a point on an edge or a vertex is inside, a point in a hole is not.
    pub fn containing(&self, hazard_layer_id: u32, site_layer_id: u32) -> Result<Array, JsError> {
        let table = containing_table(self.layer(hazard_layer_id)?, self.layer(site_layer_id)?);
        Ok(nest_site_zones(&table.offsets, &table.zones))
    }

    /// [`Engine::containing`] as two flat arrays, for callers that take 100,000 sites
    /// through a loop rather than keep an array per site: `{offsets, zones}`, both
    /// `Uint32Array`, site `i`'s zone indices being `zones.subarray(offsets[i],
    /// offsets[i + 1])`.
    #[wasm_bindgen(js_name = containingTable)]
    pub fn containing_table(
        &self,
        hazard_layer_id: u32,
        site_layer_id: u32,
    ) -> Result<Object, JsError> {
        let table = containing_table(self.layer(hazard_layer_id)?, self.layer(site_layer_id)?);
        let out = Object::new();
        let set = |k: &str, v: &[u32]| {
            Reflect::set(&out, &k.into(), &js_sys::Uint32Array::from(v).into()).map(|_| ())
        };
        set("offsets", &table.offsets)
            .and_then(|_| set("zones", &table.zones))
            .map_err(|_| JsError::new("could not build the result object"))?;
        Ok(out)
    }

    /// Per site of layer `siteLayerId`, the geodesic distance in metres on WGS84 to the
    /// nearest feature of layer `sourceLayerId` (0 inside or touching; `Infinity` when
    /// either geometry is empty), as a `Float64Array`.
    #[wasm_bindgen(js_name = nearestDistances)]
    pub fn nearest_distances(
        &self,
        source_layer_id: u32,
        site_layer_id: u32,
    ) -> Result<Vec<f64>, JsError> {
        Ok(nearest_distances(
            self.layer(source_layer_id)?,
            self.layer(site_layer_id)?,
        ))
    }

    /// Sets the open hidden dangers of every site of layer `siteLayerId`, in layer order:
    /// `general[i]` 一般隐患 and `major[i]` 重大隐患 not yet closed at site `i`. Both arrays
    /// have one entry per site; empty arrays clear them. `assess` and `gradeCounts` score
    /// them with the model's `dangers` rule (points per open danger, and an open 重大隐患
    /// forcing at least 较大 when the rule says so).
    #[wasm_bindgen(js_name = setOpenDangers)]
    pub fn set_open_dangers(
        &mut self,
        site_layer_id: u32,
        general: Vec<u32>,
        major: Vec<u32>,
    ) -> Result<(), JsError> {
        let layer = self.layer(site_layer_id)?;
        if layer.meta.role != LayerRole::Sites {
            return Err(JsError::new(&format!(
                "图层 {site_layer_id} 不是场所图层 / layer {site_layer_id} is not a sites layer"
            )));
        }
        if general.is_empty() && major.is_empty() {
            self.dangers.remove(&(site_layer_id as usize));
            return Ok(());
        }
        let n = layer.features.len();
        if general.len() != n || major.len() != n {
            return Err(JsError::new(&format!(
                "隐患数组长度应为 {n}（每个场所一项），实为 {} 和 {} / expected {n} entries (one per site), got {} and {}",
                general.len(),
                major.len(),
                general.len(),
                major.len()
            )));
        }
        let per_site = general
            .into_iter()
            .zip(major)
            .map(|(general, major)| OpenDangers { general, major })
            .collect();
        self.dangers.insert(site_layer_id as usize, per_site);
        Ok(())
    }

    /// Re-scores every site under `modelJson` and counts them per grade: `[低, 一般, 较大,
    /// 重大]`. The what-if call: the overlay is kept from earlier calls, and no text is
    /// made, so this is the cost of re-scoring alone.
    #[wasm_bindgen(js_name = gradeCounts)]
    pub fn grade_counts(&mut self, model_json: &str) -> Result<Vec<u32>, JsError> {
        let doc = parse_model(model_json)?;
        let mut counts = vec![0u32; 4];
        self.each_scored(&doc, |_, _, scores| {
            for s in scores {
                counts[s.grade.level() as usize] += 1;
            }
        });
        Ok(counts)
    }

    /// Scores every site of every `sites` layer with the composite index of the model
    /// document `modelJson` (an empty string or `"{}"` for the defaults) against all
    /// `hazard_zones` and `sources` layers. Returns a JSON string:
    /// `{ modelName, modelVersion, hazardLayers: [id], sourceLayers: [id], layers: [{ layer,
    /// name, sites: [{ id?, score, grade, gradeEn, factors: [{ zh, en, points }] }] }] }`.
    /// The overlay is kept per site layer, so calling again with other weights only
    /// re-scores (a new layer or a larger `reach_m` recomputes it).
    /// Open hidden dangers (未闭环隐患) count per site with the model's `dangers` rule.
    pub fn assess(&mut self, model_json: &str) -> Result<String, JsError> {
        let doc = parse_model(model_json)?;
        let cfg = &doc.composite;
        let mut layers_out = Vec::new();
        let (hazard_ids, source_ids) = self.each_scored(&doc, |site_id, ctx, scores| {
            let sites = ctx.sites;
            let sites_out = scores
                .iter()
                .enumerate()
                .map(|(i, s)| SiteOut {
                    id: sites.features[i].text("id"),
                    score: s.score,
                    grade: s.grade.zh(),
                    grade_en: s.grade.en(),
                    factors: s
                        .factors
                        .iter()
                        .map(|f| {
                            let (zh, en) = f.describe(cfg, ctx, i);
                            FactorOut {
                                zh,
                                en,
                                points: f.points,
                            }
                        })
                        .collect(),
                })
                .collect();
            layers_out.push(LayerOut {
                layer: site_id,
                name: sites.meta.name.clone(),
                sites: sites_out,
            });
        });
        let out = AssessOut {
            model_name: &doc.name,
            model_version: &doc.version,
            hazard_layers: &hazard_ids,
            source_layers: &source_ids,
            layers: layers_out,
        };
        serde_json::to_string(&out).map_err(js_err)
    }
}

impl Engine {
    /// Scores every site layer under `doc` and hands each to `f` with its context; the
    /// overlay comes from the cache when the same hazard and source layers and reach were
    /// used before, so a changed weight only re-scores. Returns the hazard and source layer
    /// ids used.
    fn each_scored(
        &mut self,
        doc: &ModelDocument,
        mut f: impl FnMut(usize, &ScoreContext<'_>, &[SiteScore]),
    ) -> (Vec<usize>, Vec<usize>) {
        let cfg = &doc.composite;
        let of_role = |role| -> Vec<usize> {
            (0..self.layers.len())
                .filter(|&i| self.layers[i].meta.role == role)
                .collect()
        };
        let (hazard_ids, source_ids) =
            (of_role(LayerRole::HazardZones), of_role(LayerRole::Sources));
        for site_id in of_role(LayerRole::Sites) {
            let fresh = |c: &CachedExposure| {
                c.sites == site_id
                    && c.hazards == hazard_ids
                    && c.sources == source_ids
                    && c.reach_m == cfg.reach_m
            };
            if !self.exposures.iter().any(fresh) {
                let hazards: Vec<&Layer> = hazard_ids.iter().map(|&i| &self.layers[i]).collect();
                let sources: Vec<&Layer> = source_ids.iter().map(|&i| &self.layers[i]).collect();
                let exposure =
                    Exposure::new(&self.layers[site_id], &hazards, &sources, cfg.reach_m);
                self.exposures.retain(|c| c.sites != site_id);
                self.exposures.push(CachedExposure {
                    sites: site_id,
                    hazards: hazard_ids.clone(),
                    sources: source_ids.clone(),
                    reach_m: cfg.reach_m,
                    exposure,
                });
            }
        }
        let hazards: Vec<&Layer> = hazard_ids.iter().map(|&i| &self.layers[i]).collect();
        let sources: Vec<&Layer> = source_ids.iter().map(|&i| &self.layers[i]).collect();
        let rings: Vec<_> = sources
            .iter()
            .map(|l| resolve_rings(&cfg.rings, l))
            .collect();
        for site_id in of_role(LayerRole::Sites) {
            let Some(cached) = self.exposures.iter().find(|c| c.sites == site_id) else {
                continue;
            };
            let ctx = ScoreContext {
                sites: &self.layers[cached.sites],
                hazards: &hazards,
                sources: &sources,
                rings: &rings,
            };
            let dangers = self.dangers.get(&site_id).map_or(&[][..], Vec::as_slice);
            let scores = score_sites(cfg, &ctx, &cached.exposure, dangers);
            f(cached.sites, &ctx, &scores);
        }
        (hazard_ids, source_ids)
    }

    fn layer(&self, id: u32) -> Result<&Layer, JsError> {
        self.layers
            .get(id as usize)
            .ok_or_else(|| JsError::new(&format!("没有图层 {id} / no layer {id}")))
    }
}

/// `assess`'s answer, serialised straight to JSON.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AssessOut<'a> {
    model_name: &'a str,
    model_version: &'a str,
    hazard_layers: &'a [usize],
    source_layers: &'a [usize],
    layers: Vec<LayerOut>,
}

#[derive(Serialize)]
struct LayerOut {
    layer: usize,
    name: String,
    sites: Vec<SiteOut>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SiteOut {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<String>,
    score: f64,
    grade: &'static str,
    grade_en: &'static str,
    factors: Vec<FactorOut>,
}

#[derive(Serialize)]
struct FactorOut {
    zh: String,
    en: String,
    points: f64,
}

/// The model document: the defaults for `""` or `"{}"`, else the document as written.
fn parse_model(text: &str) -> Result<ModelDocument, JsError> {
    let t = text.trim();
    let empty_object = t.starts_with('{')
        && serde_json::from_str::<Value>(t)
            .is_ok_and(|v| v.as_object().is_some_and(|o| o.is_empty()));
    if t.is_empty() || empty_object {
        return Ok(ModelDocument::default());
    }
    ModelDocument::from_json(t).map_err(js_err)
}

/// The built-in model document (every cut-off, table and weight, with its `name` and
/// `version`) as pretty JSON: the starting point for a document passed to `assess`.
#[wasm_bindgen(js_name = defaultModel)]
pub fn default_model() -> String {
    ModelDocument::default().to_json()
}

/// Converts interleaved coordinates `x0, y0, x1, y1, …` between CRSs named `"EPSG:<code>"`,
/// `"GCJ-02"` or `"BD-09"`; returns a new `Float64Array`.
#[wasm_bindgen]
pub fn transform(coords: &[f64], from: &str, to: &str) -> Result<Vec<f64>, JsError> {
    let from = Crs::parse(from).map_err(js_err)?;
    let to = Crs::parse(to).map_err(js_err)?;
    let mut out = coords.to_vec();
    crs::transform(&mut out, &from, &to);
    Ok(out)
}
