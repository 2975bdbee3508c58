//! Aggregation of site results by district polygons or a regular grid, for the
//! choropleth: counts per grade, the highest grade (highest wins, as the four-colour map
//! and ThinkHazard aggregate), the mean score.

use geo::{Geometry, InteriorPoint, LineString, Polygon};
use serde_json::Map;

use super::score::SiteScore;
use crate::index::ZoneIndex;
use crate::layer::{Feature, Layer, LayerMeta, LayerRole};
use crate::risk::Grade;

/// One area's summary.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct AreaSummary {
    /// Sites per grade, indexed by [`Grade::level`] (低 0 … 重大 3).
    pub counts: [usize; 4],
    /// The most severe grade among its sites; `None` with no sites.
    pub highest: Option<Grade>,
    pub mean_score: Option<f64>,
}

impl AreaSummary {
    fn add(&mut self, s: &SiteScore) {
        let n = self.counts.iter().sum::<usize>() as f64;
        self.counts[s.grade.level() as usize] += 1;
        self.highest = Some(self.highest.map_or(s.grade, |h| h.max(s.grade)));
        self.mean_score = Some((self.mean_score.unwrap_or(0.0) * n + s.score) / (n + 1.0));
    }

    /// Adds another summary of the same area (sites of another layer).
    pub fn merge(&mut self, other: &AreaSummary) {
        let (n, m) = (self.total() as f64, other.total() as f64);
        if m == 0.0 {
            return;
        }
        for (a, b) in self.counts.iter_mut().zip(other.counts) {
            *a += b;
        }
        self.highest = self.highest.max(other.highest);
        self.mean_score = Some(
            (self.mean_score.unwrap_or(0.0) * n + other.mean_score.unwrap_or(0.0) * m) / (n + m),
        );
    }

    pub fn total(&self) -> usize {
        self.counts.iter().sum()
    }
}

/// The point a site is counted at: itself, or a footprint's interior point.
fn site_point(g: &Geometry<f64>) -> Option<geo::Point<f64>> {
    match g {
        Geometry::Point(p) => Some(*p),
        g => g.interior_point(),
    }
}

/// Per feature of `areas`, the summary of the sites inside it (boundary inclusive: a site
/// on a shared border counts in both areas, as it would on either district's map).
pub fn aggregate_areas(areas: &Layer, sites: &Layer, scores: &[SiteScore]) -> Vec<AreaSummary> {
    let index = ZoneIndex::new(&[areas]);
    let mut out = vec![AreaSummary::default(); areas.features.len()];
    for (f, s) in sites.features.iter().zip(scores) {
        let Some(p) = site_point(&f.geometry) else {
            continue;
        };
        for hit in index.containing(p.x(), p.y()) {
            out[hit.feature].add(s);
        }
    }
    out
}

/// A regular grid of `cell_m`-metre cells over the sites' extent, keeping only cells with
/// sites: the grid layer (polygons with `counts`, `highest`, `mean_score` properties) and
/// its summaries in the same order.
pub fn grid_areas(sites: &Layer, scores: &[SiteScore], cell_m: f64) -> (Layer, Vec<AreaSummary>) {
    let mut meta = LayerMeta::new("grid", "网格汇总", LayerRole::Areas);
    meta.name_field = String::new();
    let empty = (
        Layer {
            meta: meta.clone(),
            features: Vec::new(),
        },
        Vec::new(),
    );
    let Some(bbox) = sites.bbox() else {
        return empty;
    };
    if cell_m.is_nan() || cell_m <= 0.0 {
        return empty;
    }
    let lat = bbox.center().y.to_radians();
    let (dy, dx) = (
        cell_m / 110_574.0,
        cell_m / (111_320.0 * lat.cos().max(0.01)),
    );
    let (x0, y0) = (bbox.min().x, bbox.min().y);
    let mut cells: std::collections::BTreeMap<(i64, i64), AreaSummary> = Default::default();
    for (f, s) in sites.features.iter().zip(scores) {
        let Some(p) = site_point(&f.geometry) else {
            continue;
        };
        let key = (
            ((p.x() - x0) / dx).floor() as i64,
            ((p.y() - y0) / dy).floor() as i64,
        );
        cells.entry(key).or_default().add(s);
    }
    let mut features = Vec::with_capacity(cells.len());
    let mut summaries = Vec::with_capacity(cells.len());
    for ((i, j), summary) in cells {
        let (x, y) = (x0 + i as f64 * dx, y0 + j as f64 * dy);
        let ring = LineString::from(vec![
            (x, y),
            (x + dx, y),
            (x + dx, y + dy),
            (x, y + dy),
            (x, y),
        ]);
        let mut properties = Map::new();
        properties.insert("sites".into(), summary.total().into());
        properties.insert(
            "highest".into(),
            summary
                .highest
                .map_or(String::new(), |g| g.zh().to_string())
                .into(),
        );
        properties.insert(
            "mean_score".into(),
            summary
                .mean_score
                .map_or(0.0, |m| (m * 10.0).round() / 10.0)
                .into(),
        );
        features.push(Feature {
            geometry: Geometry::Polygon(Polygon::new(ring, vec![])),
            properties,
        });
        summaries.push(summary);
    }
    (Layer { meta, features }, summaries)
}
