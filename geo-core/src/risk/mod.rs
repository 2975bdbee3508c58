//! Risk grading: the four-colour grades and the rules that assign them.
//!
//! [`models`] holds the standard models (LEC, LS, GB 18218) and the composite
//! multi-hazard index that [`crate::project::Project`] scores sites with. The walking
//! skeleton's single-site rule, [`HighestZoneClass`] behind [`GradingRule`], stays as the
//! reference the composite defaults are checked against ("highest class wins").

mod grade;
mod highest_zone;
pub mod models;

pub use grade::{hex_colour, Grade, Palette, Rgba};
pub use highest_zone::HighestZoneClass;

use crate::index::ZoneIndex;
use crate::layer::Layer;

/// Why a site got its grade: one zone that contains it.
#[derive(Debug, Clone, PartialEq)]
pub struct Reason {
    /// Layer name, e.g. 风暴潮淹没区.
    pub layer_name: String,
    /// Feature index within that layer.
    pub feature: usize,
    /// The zone's display name.
    pub zone_name: String,
    /// The class label as written in the data (高, 中易发 …).
    pub class: String,
    /// The level the layer metadata gives that class, 3 the most severe.
    pub level: u8,
}

impl Reason {
    /// One line for panels and reports: "风暴潮淹没区：高（海沧湾高风险区）".
    pub fn describe(&self) -> String {
        format!("{}：{}（{}）", self.layer_name, self.class, self.zone_name)
    }
}

/// A site's grade and the reasons behind it, most severe first, as panels and reports
/// show it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Assessment {
    pub grade: Grade,
    /// The zones the site lies in (the zone factors of the score, or the whole reason
    /// under the skeleton's [`HighestZoneClass`]).
    pub reasons: Vec<Reason>,
    /// The composite index (0–100), when the grade came from it.
    pub score: Option<f64>,
    /// Every factor of the score in words, largest first.
    pub factors: Vec<Explained>,
    /// The version of the model document that produced it.
    pub model_version: Option<String>,
}

/// One factor of a score as printed: "风暴潮淹没区（高，海沧湾沿岸高）+70".
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Explained {
    pub zh: String,
    pub en: String,
    pub points: f64,
}

/// The hazard zones a rule grades against, with their index built once.
pub struct ZoneSet<'a> {
    pub layers: Vec<&'a Layer>,
    pub index: ZoneIndex,
}

impl<'a> ZoneSet<'a> {
    /// Indexes the given hazard-zone layers.
    pub fn new(layers: Vec<&'a Layer>) -> Self {
        let index = ZoneIndex::new(&layers);
        ZoneSet { layers, index }
    }
}

/// A way of grading one site against the hazard zones.
pub trait GradingRule {
    /// Grades the site at WGS84 `(lon, lat)`.
    fn assess(&self, zones: &ZoneSet<'_>, lon: f64, lat: f64) -> Assessment;
}
