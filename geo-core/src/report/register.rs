//! 风险清单: every scored site of a project, highest composite index first, with what the
//! register files (XLSX, CSV, GeoJSON) print about it. Built once from the [`Project`] the
//! app already holds, so the three formats list the same sites in the same order.

use geo::{Geometry, InteriorPoint};

use crate::index::ZoneIndex;
use crate::layer::{Feature, Layer, LayerRole};
use crate::project::Project;
use crate::risk::models::composite::AreaSummary;
use crate::risk::Grade;

/// Site fields that name the district when no district polygon contains the site.
const DISTRICT_FIELDS: [&str; 5] = ["区", "区县", "街道", "district", "District"];

/// One site of the register.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RegisterRow {
    /// The site layer and feature in the project.
    pub layer: usize,
    pub feature: usize,
    pub site_id: String,
    pub name: String,
    /// The district polygon containing the site, else the site's own 区/街道 field.
    pub district: Option<String>,
    /// WGS84 lon/lat: the point, or a footprint's interior point; `None` for an empty
    /// geometry.
    pub position: Option<(f64, f64)>,
    /// The composite index, 0–100.
    pub score: f64,
    pub grade: Grade,
    /// The score's factors in words, largest first.
    pub factors: Vec<String>,
}

impl RegisterRow {
    /// The factors on one line, as the 主要因素 column prints them.
    pub fn factors_text(&self) -> String {
        self.factors.join("；")
    }
}

/// One district (a feature of an area layer) and the grades of the sites in it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DistrictRow {
    /// The area layer's name (行政区 …).
    pub layer: String,
    pub name: String,
    pub summary: AreaSummary,
}

/// The register of a project's scored sites.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RiskRegister {
    /// Highest composite index first; equal scores keep the project's order.
    pub rows: Vec<RegisterRow>,
    /// Per district of every named area layer, in layer and feature order.
    pub districts: Vec<DistrictRow>,
    pub model_name: String,
    pub model_version: String,
    /// Some layer is the fictional demo: the files say so.
    pub fictional: bool,
}

/// Area layers that are districts: the generated summary grid has no name field, and a
/// cell of it is no place anyone would look a site up by.
fn district_layers(p: &Project) -> Vec<usize> {
    (0..p.layers.len())
        .filter(|&li| {
            let m = &p.layers[li].meta;
            m.role == LayerRole::Areas && !m.name_field.is_empty()
        })
        .collect()
}

fn point_of(f: &Feature) -> Option<(f64, f64)> {
    let p = match &f.geometry {
        Geometry::Point(p) => Some(*p),
        g => g.interior_point(),
    }?;
    (p.x().is_finite() && p.y().is_finite()).then_some((p.x(), p.y()))
}

impl RiskRegister {
    /// Every site of every site layer with its score, grade and factors under the
    /// project's current model and open dangers.
    pub fn from_project(p: &Project) -> RiskRegister {
        let districts = district_layers(p);
        let district_refs: Vec<&Layer> = districts.iter().map(|&li| &p.layers[li]).collect();
        let index = ZoneIndex::new(&district_refs);
        let mut hits = Vec::new();
        let mut rows = Vec::new();
        for li in p.site_layers() {
            let layer = &p.layers[li];
            for (fi, f) in layer.features.iter().enumerate() {
                let Some(a) = p.assessment(li, fi) else {
                    continue;
                };
                let position = point_of(f);
                let in_polygon = position.and_then(|(x, y)| {
                    index.containing_into(x, y, &mut hits);
                    hits.first()
                        .map(|h| district_refs[h.layer].feature_name(h.feature))
                });
                let district = in_polygon.or_else(|| {
                    DISTRICT_FIELDS
                        .iter()
                        .find_map(|k| f.text(k).filter(|t| !t.trim().is_empty()))
                });
                rows.push(RegisterRow {
                    layer: li,
                    feature: fi,
                    site_id: p.site_id(li, fi),
                    name: layer.feature_name(fi),
                    district,
                    position,
                    score: a.score.unwrap_or(0.0),
                    grade: a.grade,
                    factors: a.factors.into_iter().map(|e| e.zh).collect(),
                });
            }
        }
        rows.sort_by(|a, b| b.score.total_cmp(&a.score));
        let districts = districts
            .into_iter()
            .flat_map(|li| {
                let layer = &p.layers[li];
                p.area_summaries(li)
                    .into_iter()
                    .enumerate()
                    .map(|(fi, summary)| DistrictRow {
                        layer: layer.meta.name.clone(),
                        name: layer.feature_name(fi),
                        summary,
                    })
            })
            .collect();
        RiskRegister {
            rows,
            districts,
            model_name: p.model.name.clone(),
            model_version: p.model.version.clone(),
            fictional: p.fictional(),
        }
    }

    /// Sites per grade, indexed by [`Grade::level`] (低 0 … 重大 3).
    pub fn grade_counts(&self) -> [usize; 4] {
        let mut counts = [0; 4];
        for r in &self.rows {
            counts[r.grade.level() as usize] += 1;
        }
        counts
    }
}
